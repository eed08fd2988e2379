//! `plugin-classify`: the classifier of Tremor's logging workload, as a plugin. Each event (an
//! object) gets a class `$class`, a rate `$rate` and, when it was classified by its
//! application, a dimension `$dimension`, by the rules of
//! [`ffi_workloads::rules::Classify`] (whose documentation has the table), which the host's
//! native pipeline and `plugin-rvalue` run too.
//!
//! The configuration is `null` (none) or an object with optional keys `default_rate` (a
//! non-negative integer, 250 when absent) and `known_keys` (a boolean, `true` when absent:
//! fields are read and written with [`KnownKey`](ffi_value::KnownKey)s, hashed once for all
//! events; `false`: with plain `&str` look-ups). An event that is not an object is an
//! [`ErrorKind::InvalidEvent`](ffi_pdk::ErrorKind::InvalidEvent) error.

use ffi_pdk::{Outputs, Plugin, PluginError, Value};
use ffi_workloads::rules::{self, ClassifyConfig};

pub use ffi_workloads::rules::DEFAULT_RATE;

/// The classifier: see the crate documentation.
#[derive(Debug)]
pub struct Classify {
    rules: rules::Classify<Value<'static>>,
}

/// Two classifiers are equal when they are configured alike.
impl PartialEq for Classify {
    fn eq(&self, other: &Self) -> bool {
        (self.rules.default_rate(), self.rules.mode())
            == (other.rules.default_rate(), other.rules.mode())
    }
}

impl Plugin for Classify {
    const NAME: &'static str = "classify";
    const VERSION: &'static str = env!("CARGO_PKG_VERSION");

    fn init(config: &Value<'_>) -> Result<Self, PluginError> {
        let config = ClassifyConfig::parse(config)
            .map_err(|e| PluginError::config(format!("classify: {e}")))?;
        Ok(Self {
            rules: config.build(),
        })
    }

    fn on_event(
        &mut self,
        mut event: Value<'static>,
        out: &mut Outputs,
    ) -> Result<(), PluginError> {
        self.rules
            .apply(&mut event)
            .map_err(|e| PluginError::invalid_event(format!("classify: {e}")))?;
        out.push(event);
        Ok(())
    }
}

impl Default for Classify {
    /// The classifier with the default configuration, as for a `null` configuration.
    fn default() -> Self {
        Self {
            rules: ClassifyConfig::default().build(),
        }
    }
}

// The exported root module the host loads, and `ffi_plugin_root_module`, the same module for
// in-process use such as the tests below.
ffi_pdk::export_plugin!(Classify);

#[cfg(test)]
mod tests {
    use super::*;
    use ffi_pdk::{ErrorKind, FfiVec};
    use ffi_value::literal;
    use ffi_workloads::rules::{KeyMode, APPLICATIONS, INDEX_TYPES};

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
        assert_eq!(plugin.rules.default_rate(), 7);
        assert_eq!(plugin.rules.mode(), KeyMode::Known);
        let event = literal!({"a": 1});
        assert_eq!(
            classified(&mut plugin, event.clone()),
            with_class(event, "default", 7, None)
        );
        assert_eq!(Classify::init(&Value::NULL), Ok(Classify::default()));
        assert_eq!(Classify::init(&literal!({})), Ok(Classify::default()));
        let plain = Classify::init(&literal!({"known_keys": false})).expect("valid");
        assert_eq!(plain.rules.mode(), KeyMode::Plain);
    }

    #[test]
    fn bad_configurations_are_config_errors_saying_what_is_wrong() {
        for (config, message) in [
            (
                literal!(42),
                "classify: the configuration must be an object (or null for none), found a number",
            ),
            (
                literal!({"default_rate": "fast"}),
                "classify: `default_rate` must be a non-negative integer, found a string",
            ),
            (
                literal!({"default_rate": -1}),
                "classify: `default_rate` must be a non-negative integer, found a number",
            ),
            (
                literal!({"rate": 1}),
                "classify: unknown configuration key \"rate\" (the keys are \"default_rate\", \"known_keys\")",
            ),
            (
                literal!({"known_keys": 1}),
                "classify: `known_keys` must be a boolean, found a number",
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
        let err = module
            .call_on_event(&mut instance, Value::array(), &mut out)
            .expect_err("an array");
        assert_eq!(
            err.message(),
            "classify: an event must be an object, found an array"
        );
        module.drop_instance()(instance);
    }

    /// The root module the host loads (without the panic hook only a loaded library installs).
    fn module() -> ffi_pdk::PluginModuleRef {
        ffi_plugin_root_module()
    }
}
