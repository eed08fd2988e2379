//! [`Bucket`]: the per-class, per-dimension rate limiter of Tremor's logging workload.

use std::collections::HashMap;
use std::num::NonZeroUsize;

use lru::LruCache;

use super::{required, ByMode, Event, Field, KeyMode, Plain, RuleError, CLASS, DIMENSION, RATE};

/// The options of a [`Bucket`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BucketOptions {
    /// Events per window of the logical clock (0 counts as 1).
    pub window_events: u64,
    /// Dimensions remembered per class, least recently used first out (0 counts as 1).
    pub capacity: usize,
}

impl Default for BucketOptions {
    /// 10 000 events per window, 1 000 dimensions per class.
    fn default() -> Self {
        Self {
            window_events: 10_000,
            capacity: 1_000,
        }
    }
}

/// Every field the limiter reads.
#[derive(Debug)]
struct Keys<K> {
    class: K,
    rate: K,
    dimension: K,
}

impl<K> Keys<K> {
    fn new(key: impl Fn(&'static str) -> K) -> Self {
        Self {
            class: key(CLASS),
            rate: key(RATE),
            dimension: key(DIMENSION),
        }
    }
}

/// The events one bucket admitted in its window.
#[derive(Clone, Copy, Debug)]
struct Window {
    /// The window of the logical clock these counts are for.
    index: u64,
    admitted: u64,
}

impl Window {
    /// A bucket that admitted nothing yet.
    const EMPTY: Self = Self {
        index: 0,
        admitted: 0,
    };

    /// Whether one more event fits in window `index` at `rate` events per window (counting it
    /// if so).
    fn admit(&mut self, index: u64, rate: u64) -> bool {
        if self.index != index {
            *self = Self { index, admitted: 0 };
        }
        let fits = self.admitted < rate;
        self.admitted += u64::from(fits);
        fits
    }
}

/// The buckets of one class.
#[derive(Debug)]
struct ClassBuckets {
    /// The bucket of the events without a dimension.
    shared: Window,
    /// The buckets of the most recently seen dimensions.
    dimensions: LruCache<String, Window>,
}

impl ClassBuckets {
    fn new(capacity: NonZeroUsize) -> Self {
        Self {
            shared: Window::EMPTY,
            dimensions: LruCache::new(capacity),
        }
    }

    /// Whether one more event of `dimension` fits in window `index` at `rate`.
    fn admit(&mut self, index: u64, rate: u64, dimension: Option<&str>) -> bool {
        let Some(dimension) = dimension else {
            return self.shared.admit(index, rate);
        };
        if let Some(bucket) = self.dimensions.get_mut(dimension) {
            return bucket.admit(index, rate);
        }
        let mut bucket = Window::EMPTY;
        let fits = bucket.admit(index, rate);
        self.dimensions.push(dimension.to_owned(), bucket);
        fits
    }
}

/// The counters of a [`Bucket`].
#[derive(Debug)]
struct State {
    window_events: u64,
    capacity: NonZeroUsize,
    /// Events seen: the logical clock.
    seen: u64,
    classes: HashMap<String, ClassBuckets>,
}

/// A rate limiter over a logical clock: the events handed to [`Bucket::admit`] (every one,
/// admitted or not, erroneous or not), in windows of `window_events`. Each class (`$class`, a
/// string) has one bucket per dimension (`$dimension`, a string; the events without one share a
/// bucket), for at most `capacity` dimensions, the least recently seen forgotten first (a
/// dimension seen again after that starts afresh). A bucket admits the first `$rate` (a
/// non-negative integer) events of each window.
///
/// The clock makes the results deterministic, identical for every event type and run.
///
/// ```
/// use ffi_workloads::rules::{Bucket, BucketOptions, KeyMode};
/// use simd_json::json;
///
/// let mut bucket = Bucket::new(BucketOptions { window_events: 4, capacity: 10 }, KeyMode::Plain);
/// let event = json!({"$class": "c", "$rate": 2});
/// let admitted: Vec<bool> = (0..6).map(|_| bucket.admit(&event).unwrap()).collect();
/// assert_eq!(admitted, [true, true, false, false, true, true]);
/// ```
#[derive(Debug)]
pub struct Bucket<E: Event> {
    keys: ByMode<Keys<Plain>, Keys<E::Known>>,
    state: State,
}

impl<E: Event> Bucket<E> {
    /// An empty limiter, naming fields as `mode` says.
    #[must_use]
    pub fn new(options: BucketOptions, mode: KeyMode) -> Self {
        let keys = match mode {
            KeyMode::Plain => ByMode::Plain(Keys::new(<Plain as Field<E>>::new)),
            KeyMode::Known => ByMode::Known(Keys::new(E::Known::new)),
        };
        Self {
            keys,
            state: State {
                window_events: options.window_events.max(1),
                capacity: NonZeroUsize::new(options.capacity).unwrap_or(NonZeroUsize::MIN),
                seen: 0,
                classes: HashMap::new(),
            },
        }
    }

    /// How the fields are named.
    #[must_use]
    pub fn mode(&self) -> KeyMode {
        self.keys.mode()
    }

    /// The options in effect (0s counted as 1).
    #[must_use]
    pub fn options(&self) -> BucketOptions {
        BucketOptions {
            window_events: self.state.window_events,
            capacity: self.state.capacity.get(),
        }
    }

    /// Whether `event` passes (`true`) or overflows its bucket (`false`).
    ///
    /// # Errors
    /// [`RuleError`] if `event` is not an object, has no `$class` or `$rate`, or has a `$class`
    /// or `$dimension` that is not a string or a `$rate` that is not a non-negative integer.
    #[inline]
    pub fn admit(&mut self, event: &E) -> Result<bool, RuleError> {
        match &self.keys {
            ByMode::Plain(keys) => self.state.admit(keys, event),
            ByMode::Known(keys) => self.state.admit(keys, event),
        }
    }
}

impl State {
    fn admit<E: Event, K: Field<E>>(
        &mut self,
        keys: &Keys<K>,
        event: &E,
    ) -> Result<bool, RuleError> {
        let window = self.seen / self.window_events;
        self.seen += 1;
        let class = required(event, &keys.class, CLASS)?;
        let class = class
            .as_str()
            .ok_or_else(|| RuleError::invalid(CLASS, "a string", class.kind()))?;
        let rate = required(event, &keys.rate, RATE)?;
        let rate = rate
            .as_u64()
            .ok_or_else(|| RuleError::invalid(RATE, "a non-negative integer", rate.kind()))?;
        let dimension = match keys.dimension.get(event) {
            Some(dimension) => Some(
                dimension
                    .as_str()
                    .ok_or_else(|| RuleError::invalid(DIMENSION, "a string", dimension.kind()))?,
            ),
            None => None,
        };
        if let Some(buckets) = self.classes.get_mut(class) {
            return Ok(buckets.admit(window, rate, dimension));
        }
        let mut buckets = ClassBuckets::new(self.capacity);
        let fits = buckets.admit(window, rate, dimension);
        self.classes.insert(class.to_owned(), buckets);
        Ok(fits)
    }
}
