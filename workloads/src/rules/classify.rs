//! [`Classify`]: the classifier of Tremor's logging workload.

use super::{ByMode, Event, Field, KeyMode, Plain, RuleError, CLASS, DIMENSION, RATE};

/// The applications with a class of their own: application, class, rate.
pub const APPLICATIONS: [(&str, &str, u64); 5] = [
    ("app1", "applog_app1", 1250),
    ("app2", "applog_app2", 2500),
    ("app3", "applog_app3", 18750),
    ("app4", "applog_app4", 750),
    ("app5", "applog_app5", 18750),
];

/// The index types with a class of their own: index type (also the class), rate.
pub const INDEX_TYPES: [(&str, u64); 2] = [("applog_app6", 4500), ("syslog_app1", 2500)];

/// The tag that classifies an event (in the `tags` array), and its rate.
pub const TAG: (&str, u64) = ("tag1", 125);

/// The rate of events that match no rule, unless configured otherwise.
pub const DEFAULT_RATE: u64 = 250;

/// The class of events that match no rule.
const DEFAULT_CLASS: &str = "default";

/// Every field the classifier reads or writes.
#[derive(Debug)]
struct Keys<K> {
    application: K,
    index_type: K,
    tags: K,
    class: K,
    rate: K,
    dimension: K,
}

impl<K> Keys<K> {
    fn new(key: impl Fn(&'static str) -> K) -> Self {
        Self {
            application: key("application"),
            index_type: key("index_type"),
            tags: key("tags"),
            class: key(CLASS),
            rate: key(RATE),
            dimension: key(DIMENSION),
        }
    }
}

/// The classifier of Tremor's logging workload. Each event (an object) gets a class `$class`,
/// a rate `$rate` and, when it was classified by its application, a dimension `$dimension`
/// (the application); the first matching rule wins:
///
/// | rule | `$class` | `$rate` | `$dimension` |
/// | --- | --- | --- | --- |
/// | `application` is `"app1"` | `"applog_app1"` | 1250 | the application |
/// | `application` is `"app2"` | `"applog_app2"` | 2500 | the application |
/// | `application` is `"app3"` | `"applog_app3"` | 18750 | the application |
/// | `application` is `"app4"` | `"applog_app4"` | 750 | the application |
/// | `application` is `"app5"` | `"applog_app5"` | 18750 | the application |
/// | `index_type` is `"applog_app6"` | `"applog_app6"` | 4500 | — |
/// | `index_type` is `"syslog_app1"` | `"syslog_app1"` | 2500 | — |
/// | `tags` is an array containing `"tag1"` | `"tag1"` | 125 | — |
/// | otherwise | `"default"` | the default rate | — |
///
/// ```
/// use ffi_workloads::rules::{Classify, KeyMode};
/// use simd_json::json;
///
/// let classify = Classify::new(250, KeyMode::Plain);
/// let mut event = json!({"application": "app2", "tags": ["tag1"]});
/// classify.apply(&mut event)?;
/// assert_eq!(event, json!({"application": "app2", "tags": ["tag1"],
///     "$class": "applog_app2", "$rate": 2500, "$dimension": "app2"}));
/// # Ok::<(), ffi_workloads::rules::RuleError>(())
/// ```
#[derive(Debug)]
pub struct Classify<E: Event> {
    default_rate: u64,
    keys: ByMode<Keys<Plain>, Keys<E::Known>>,
}

impl<E: Event> Classify<E> {
    /// The classifier giving `default_rate` to events no rule matches, naming fields as `mode`
    /// says.
    #[must_use]
    pub fn new(default_rate: u64, mode: KeyMode) -> Self {
        let keys = match mode {
            KeyMode::Plain => ByMode::Plain(Keys::new(<Plain as Field<E>>::new)),
            KeyMode::Known => ByMode::Known(Keys::new(E::Known::new)),
        };
        Self { default_rate, keys }
    }

    /// How the fields are named.
    #[must_use]
    pub fn mode(&self) -> KeyMode {
        self.keys.mode()
    }

    /// The rate of events no rule matches.
    #[must_use]
    pub fn default_rate(&self) -> u64 {
        self.default_rate
    }

    /// Sets `event`'s `$class`, `$rate` and (for application rules) `$dimension`.
    ///
    /// # Errors
    /// [`RuleError`] if `event` is not an object (it is left unchanged).
    #[inline]
    pub fn apply(&self, event: &mut E) -> Result<(), RuleError> {
        match &self.keys {
            ByMode::Plain(keys) => self.apply_with(keys, event),
            ByMode::Known(keys) => self.apply_with(keys, event),
        }
    }

    fn apply_with<K: Field<E>>(&self, keys: &Keys<K>, event: &mut E) -> Result<(), RuleError> {
        let (class, rate, dimension) = self.classify(keys, event);
        keys.class.insert(event, E::from_static_str(class))?;
        keys.rate.insert(event, E::from_u64(rate))?;
        if let Some(dimension) = dimension {
            keys.dimension
                .insert(event, E::from_static_str(dimension))?;
        }
        Ok(())
    }

    /// The class, rate and dimension of `event` (a value that is not an object matches no
    /// rule).
    fn classify<K: Field<E>>(
        &self,
        keys: &Keys<K>,
        event: &E,
    ) -> (&'static str, u64, Option<&'static str>) {
        let application = keys.application.get(event).and_then(E::as_str);
        if let Some(&(app, class, rate)) = APPLICATIONS
            .iter()
            .find(|(app, _, _)| Some(*app) == application)
        {
            return (class, rate, Some(app));
        }
        let index_type = keys.index_type.get(event).and_then(E::as_str);
        if let Some(&(class, rate)) = INDEX_TYPES.iter().find(|(t, _)| Some(*t) == index_type) {
            return (class, rate, None);
        }
        let tagged = keys
            .tags
            .get(event)
            .and_then(E::as_slice)
            .is_some_and(|tags| tags.iter().any(|tag| tag.as_str() == Some(TAG.0)));
        if tagged {
            (TAG.0, TAG.1, None)
        } else {
            (DEFAULT_CLASS, self.default_rate, None)
        }
    }
}
