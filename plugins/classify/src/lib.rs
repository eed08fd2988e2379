//! `plugin-classify`: the classifier of Tremor's logging workload, as a plugin. Each event (an
//! object) gets a class `$class`, a rate `$rate` and, when it was classified by its
//! application, a dimension `$dimension`; the first matching rule wins:
//!
//! | rule | `$class` | `$rate` | `$dimension` |
//! | --- | --- | --- | --- |
//! | `application` is `"app1"` | `"applog_app1"` | 1250 | the application |
//! | `application` is `"app2"` | `"applog_app2"` | 2500 | the application |
//! | `application` is `"app3"` | `"applog_app3"` | 18750 | the application |
//! | `application` is `"app4"` | `"applog_app4"` | 750 | the application |
//! | `application` is `"app5"` | `"applog_app5"` | 18750 | the application |
//! | `index_type` is `"applog_app6"` | `"applog_app6"` | 4500 | — |
//! | `index_type` is `"syslog_app1"` | `"syslog_app1"` | 2500 | — |
//! | `tags` is an array containing `"tag1"` | `"tag1"` | 125 | — |
//! | otherwise | `"default"` | `default_rate` (250) | — |
//!
//! The configuration is `null` (none) or an object with one optional key, `default_rate` (a
//! non-negative integer, 250 when absent). Fields are read and written with [`KnownKey`]s,
//! hashed once for all events. An event that is not an object is an
//! [`ErrorKind::InvalidEvent`](ffi_pdk::ErrorKind::InvalidEvent) error.

use std::sync::LazyLock;

use ffi_pdk::{Outputs, Plugin, PluginError, Value};
use ffi_value::prelude::*;
use ffi_value::{KnownKey, NotAnObject, StaticNode};

/// The rate of events that match no rule, unless configured otherwise.
pub const DEFAULT_RATE: u64 = 250;

/// The applications with a class of their own: application, class, rate.
const APPLICATIONS: [(&str, &str, u64); 5] = [
    ("app1", "applog_app1", 1250),
    ("app2", "applog_app2", 2500),
    ("app3", "applog_app3", 18750),
    ("app4", "applog_app4", 750),
    ("app5", "applog_app5", 18750),
];

/// The index types with a class of their own: index type (also the class), rate.
const INDEX_TYPES: [(&str, u64); 2] = [("applog_app6", 4500), ("syslog_app1", 2500)];

/// The tag that classifies an event, and its rate.
const TAG: (&str, u64) = ("tag1", 125);

/// Every key the plugin reads or writes, hashed once.
struct Keys {
    application: KnownKey,
    index_type: KnownKey,
    tags: KnownKey,
    class: KnownKey,
    rate: KnownKey,
    dimension: KnownKey,
}

static KEYS: LazyLock<Keys> = LazyLock::new(|| Keys {
    application: KnownKey::from("application"),
    index_type: KnownKey::from("index_type"),
    tags: KnownKey::from("tags"),
    class: KnownKey::from("$class"),
    rate: KnownKey::from("$rate"),
    dimension: KnownKey::from("$dimension"),
});

/// The classifier: see the crate documentation for its rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Classify {
    default_rate: u64,
}

/// What an event is classified as.
struct Classified {
    class: &'static str,
    rate: u64,
    /// The application, for events classified by it.
    dimension: Option<Value<'static>>,
}

impl Classify {
    /// The class of `event` (any value: one that is not an object matches no rule).
    fn classify(&self, event: &Value<'static>) -> Classified {
        let keys = &*KEYS;
        if let Some(application) = keys.application.get(event) {
            if let Some(&(_, class, rate)) = application
                .as_str()
                .and_then(|name| APPLICATIONS.iter().find(|(app, _, _)| *app == name))
            {
                return Classified {
                    class,
                    rate,
                    dimension: Some(application.clone()),
                };
            }
        }
        let index_type = keys.index_type.get(event).and_then(ValueAsScalar::as_str);
        if let Some(&(class, rate)) = INDEX_TYPES.iter().find(|(t, _)| Some(*t) == index_type) {
            return Classified {
                class,
                rate,
                dimension: None,
            };
        }
        let tagged = keys
            .tags
            .get(event)
            .and_then(ValueAsArray::as_array)
            .is_some_and(|tags| tags.iter().any(|tag| tag.as_str() == Some(TAG.0)));
        let (class, rate) = if tagged {
            TAG
        } else {
            ("default", self.default_rate)
        };
        Classified {
            class,
            rate,
            dimension: None,
        }
    }
}

impl Plugin for Classify {
    const NAME: &'static str = "classify";
    const VERSION: &'static str = env!("CARGO_PKG_VERSION");

    fn init(config: &Value<'_>) -> Result<Self, PluginError> {
        let options = match config {
            Value::Static(StaticNode::Null) => return Ok(Self::default()),
            Value::Object(options) => options,
            other => {
                return Err(PluginError::config(format!(
                "classify: the configuration must be an object (or null for none), found {other}"
            )))
            }
        };
        let mut plugin = Self::default();
        for (key, value) in options {
            match key.as_str() {
                "default_rate" => {
                    plugin.default_rate = value.as_u64().ok_or_else(|| {
                        PluginError::config(format!(
                            "classify: `default_rate` must be a non-negative integer, found {value}"
                        ))
                    })?;
                }
                other => {
                    return Err(PluginError::config(format!(
                        "classify: unknown configuration key {other:?} (the only one is \"default_rate\")"
                    )))
                }
            }
        }
        Ok(plugin)
    }

    fn on_event(
        &mut self,
        mut event: Value<'static>,
        out: &mut Outputs,
    ) -> Result<(), PluginError> {
        let keys = &*KEYS;
        let Classified {
            class,
            rate,
            dimension,
        } = self.classify(&event);
        let not_an_object = |e: NotAnObject| {
            PluginError::invalid_event(format!(
                "classify: an event must be an object, found {}",
                e.found()
            ))
        };
        keys.class
            .insert(&mut event, class)
            .map_err(not_an_object)?;
        keys.rate.insert(&mut event, rate).map_err(not_an_object)?;
        if let Some(dimension) = dimension {
            keys.dimension
                .insert(&mut event, dimension)
                .map_err(not_an_object)?;
        }
        out.push(event);
        Ok(())
    }
}

impl Default for Classify {
    /// The classifier with the default rate, as for a `null` configuration.
    fn default() -> Self {
        Self {
            default_rate: DEFAULT_RATE,
        }
    }
}

/// The exported root module the host looks up (`ffi_plugin_root_module`).
pub mod exported {
    // abi_stable's attribute adds an undocumented static next to the exported function.
    #![allow(missing_docs)]
    ffi_pdk::export_plugin!(super::Classify);
}

#[cfg(test)]
mod tests {
    use super::*;
    use ffi_pdk::{ErrorKind, FfiVec};
    use ffi_value::literal;

    /// The one event `plugin` makes of `event`.
    fn classified(plugin: &mut Classify, event: Value<'static>) -> Value<'static> {
        let mut out = FfiVec::new();
        plugin.on_event(event, &mut out).expect("an object event");
        assert_eq!(out.len(), 1, "one output per event");
        out.pop().expect("one output")
    }

    /// `event` with the class, rate and (when given) dimension fields added.
    fn with_class(
        mut event: Value<'static>,
        class: &'static str,
        rate: u64,
        dimension: Option<&'static str>,
    ) -> Value<'static> {
        event["$class"] = Value::from(class);
        event["$rate"] = Value::from(rate);
        if let Some(dimension) = dimension {
            event["$dimension"] = Value::from(dimension);
        }
        event
    }

    #[test]
    fn each_application_has_its_class_rate_and_dimension() {
        let mut plugin = Classify::default();
        for (app, class, rate) in APPLICATIONS {
            // `index_type` and `tags` would match later rules: the application comes first.
            let event =
                literal!({"application": app, "index_type": "syslog_app1", "tags": ["tag1"]});
            assert_eq!(
                classified(&mut plugin, event.clone()),
                with_class(event, class, rate, Some(app)),
                "{app}"
            );
        }
    }

    #[test]
    fn index_types_are_classified_when_no_application_matches() {
        let mut plugin = Classify::default();
        for (index_type, rate) in INDEX_TYPES {
            let event =
                literal!({"application": "app9", "index_type": index_type, "tags": ["tag1"]});
            assert_eq!(
                classified(&mut plugin, event.clone()),
                with_class(event, index_type, rate, None)
            );
        }
        let event = literal!({"index_type": "applog_app6"});
        assert_eq!(
            classified(&mut plugin, event.clone()),
            with_class(event, "applog_app6", 4500, None)
        );
    }

    #[test]
    fn tag1_in_the_tags_array_is_classified() {
        let mut plugin = Classify::default();
        let event = literal!({"index_type": "other", "tags": ["tag2", "tag1"]});
        assert_eq!(
            classified(&mut plugin, event.clone()),
            with_class(event, "tag1", 125, None)
        );
        // Only an array of tags counts, not a string that says "tag1".
        let event = literal!({"tags": "tag1"});
        assert_eq!(
            classified(&mut plugin, event.clone()),
            with_class(event, "default", DEFAULT_RATE, None)
        );
    }

    #[test]
    fn anything_else_is_default() {
        let mut plugin = Classify::default();
        for event in [
            literal!({}),
            literal!({"application": 1, "index_type": null, "tags": ["tag2"]}),
            literal!({"application": "APP1", "index_type": "applog_app7"}),
        ] {
            assert_eq!(
                classified(&mut plugin, event.clone()),
                with_class(event, "default", DEFAULT_RATE, None)
            );
        }
    }

    #[test]
    fn the_configuration_sets_the_default_rate() {
        let mut plugin = Classify::init(&literal!({"default_rate": 7})).expect("valid");
        assert_eq!(plugin, Classify { default_rate: 7 });
        let event = literal!({"a": 1});
        assert_eq!(
            classified(&mut plugin, event.clone()),
            with_class(event, "default", 7, None)
        );
        assert_eq!(Classify::init(&Value::NULL), Ok(Classify::default()));
        assert_eq!(Classify::init(&literal!({})), Ok(Classify::default()));
    }

    #[test]
    fn bad_configurations_are_config_errors_saying_what_is_wrong() {
        for (config, message) in [
            (
                literal!(42),
                "classify: the configuration must be an object (or null for none), found 42",
            ),
            (
                literal!({"default_rate": "fast"}),
                "classify: `default_rate` must be a non-negative integer, found \"fast\"",
            ),
            (
                literal!({"default_rate": -1}),
                "classify: `default_rate` must be a non-negative integer, found -1",
            ),
            (
                literal!({"rate": 1}),
                "classify: unknown configuration key \"rate\" (the only one is \"default_rate\")",
            ),
        ] {
            let err = Classify::init(&config).expect_err("invalid");
            assert_eq!(err.kind(), ErrorKind::Config);
            assert_eq!(err.message(), message);
        }
    }

    #[test]
    fn non_object_events_are_invalid_events() {
        let mut plugin = Classify::default();
        let mut out = FfiVec::new();
        let err = plugin
            .on_event(Value::from("app1"), &mut out)
            .expect_err("not an object");
        assert_eq!(err.kind(), ErrorKind::InvalidEvent);
        assert_eq!(
            err.message(),
            "classify: an event must be an object, found a string"
        );
        assert!(out.is_empty());
    }

    #[test]
    fn the_exported_module_classifies_a_batch() {
        let module = module();
        assert_eq!(module.metadata()().name.as_str(), "classify");
        let mut instance = module.init()(&Value::NULL).into_result().expect("init");
        let events: FfiVec<Value<'static>> = [
            literal!({"application": "app2"}),
            literal!({"tags": ["tag1"]}),
        ]
        .into_iter()
        .collect();
        let mut out = FfiVec::new();
        module.on_batch()(&mut instance, events, &mut out)
            .into_result()
            .expect("batch");
        assert_eq!(
            out.as_slice(),
            [
                literal!({"application": "app2", "$class": "applog_app2", "$rate": 2500, "$dimension": "app2"}),
                literal!({"tags": ["tag1"], "$class": "tag1", "$rate": 125}),
            ]
        );
        let err = module.on_event()(&mut instance, Value::array(), &mut out)
            .into_result()
            .expect_err("an array");
        assert_eq!(
            err.message(),
            "classify: an event must be an object, found an array"
        );
        module.drop_instance()(instance);
    }

    /// The root module, as the host gets it.
    fn module() -> ffi_pdk::PluginModuleRef {
        exported::ffi_plugin_root_module()
    }
}
