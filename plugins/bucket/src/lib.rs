//! `plugin-bucket`: the rate limiter of Tremor's logging workload, as a plugin. It runs after
//! `plugin-classify`: each event's class (`$class`), rate (`$rate`) and optional dimension
//! (`$dimension`) pick a bucket, which admits `$rate` events per window; admitted events go
//! out unchanged, the others (the overflow) are dropped. The rules are those of
//! [`ffi_workloads::rules::Bucket`], which the host's native pipeline and `plugin-rvalue` run
//! too; its clock counts events, so the results are deterministic.
//!
//! The configuration is `null` (none) or an object with optional keys `window_events` (a
//! positive integer, 10 000: events per window), `capacity` (a positive integer, 1 000:
//! dimensions remembered per class) and `known_keys` (a boolean, `true`: fields are read with
//! [`KnownKey`](ffi_value::KnownKey)s; `false`: with plain `&str` look-ups). An event that is
//! not an object or lacks the fields is an
//! [`ErrorKind::InvalidEvent`](ffi_pdk::ErrorKind::InvalidEvent) error naming the field.

use ffi_pdk::{Outputs, Plugin, PluginError, Value};
use ffi_workloads::rules::{self, BucketConfig};

/// The rate limiter: see the crate documentation.
#[derive(Debug)]
pub struct Bucket {
    rules: rules::Bucket<Value<'static>>,
}

impl Plugin for Bucket {
    const NAME: &'static str = "bucket";
    const VERSION: &'static str = env!("CARGO_PKG_VERSION");

    fn init(config: &Value<'_>) -> Result<Self, PluginError> {
        let config =
            BucketConfig::parse(config).map_err(|e| PluginError::config(format!("bucket: {e}")))?;
        Ok(Self {
            rules: config.build(),
        })
    }

    fn on_event(&mut self, event: Value<'static>, out: &mut Outputs) -> Result<(), PluginError> {
        let admitted = self
            .rules
            .admit(&event)
            .map_err(|e| PluginError::invalid_event(format!("bucket: {e}")))?;
        if admitted {
            out.push(event);
        }
        Ok(())
    }
}

// The exported root module the host loads, and `ffi_plugin_root_module`, the same module for
// in-process use such as the tests below.
ffi_pdk::export_plugin!(Bucket);

#[cfg(test)]
mod tests {
    use super::*;
    use ffi_pdk::{ErrorKind, FfiVec};
    use ffi_value::literal;
    use ffi_workloads::rules::{BucketOptions, KeyMode};

    /// How many of `events` `plugin` lets through.
    fn admitted(plugin: &mut Bucket, events: &[Value<'static>]) -> usize {
        let mut out = FfiVec::new();
        for event in events {
            plugin.on_event(event.clone(), &mut out).expect("valid");
        }
        out.len()
    }

    #[test]
    fn the_configuration_sets_the_options_and_key_mode() {
        let plugin =
            Bucket::init(&literal!({"window_events": 5, "capacity": 2, "known_keys": false}))
                .expect("valid");
        assert_eq!(
            plugin.rules.options(),
            BucketOptions {
                window_events: 5,
                capacity: 2
            }
        );
        assert_eq!(plugin.rules.mode(), KeyMode::Plain);
        let plugin = Bucket::init(&Value::NULL).expect("valid");
        assert_eq!(plugin.rules.options(), BucketOptions::default());
        assert_eq!(plugin.rules.mode(), KeyMode::Known);
    }

    #[test]
    fn bad_configurations_are_config_errors_naming_the_key() {
        for (config, message) in [
            (literal!([]), "bucket: the configuration must be an object (or null for none), found an array"),
            (literal!({"capacity": 0}), "bucket: `capacity` must be a positive integer, found 0"),
            (literal!({"window_events": "1s"}), "bucket: `window_events` must be a non-negative integer, found a string"),
            (literal!({"window": 1}), "bucket: unknown configuration key \"window\" (the keys are \"window_events\", \"capacity\", \"known_keys\")"),
        ] {
            let err = Bucket::init(&config).expect_err("invalid");
            assert_eq!(err.kind(), ErrorKind::Config);
            assert_eq!(err.message(), message);
        }
    }

    #[test]
    fn admitted_events_pass_unchanged_and_overflow_is_dropped() {
        let mut plugin = Bucket::init(&literal!({"window_events": 4})).expect("valid");
        let event = literal!({"$class": "c", "$rate": 3, "$dimension": "app1", "n": 1});
        let mut out = FfiVec::new();
        for _ in 0..4 {
            plugin.on_event(event.clone(), &mut out).expect("valid");
        }
        assert_eq!(out.as_slice(), [event.clone(), event.clone(), event]);
        let other = literal!({"$class": "c", "$rate": 1});
        assert_eq!(
            admitted(&mut plugin, &[other.clone(), other.clone(), other]),
            1
        );
    }

    #[test]
    fn unclassified_events_are_invalid_events_naming_the_field() {
        let mut plugin = Bucket::init(&Value::NULL).expect("valid");
        let mut out = FfiVec::new();
        let err = plugin
            .on_event(literal!({"$class": "c"}), &mut out)
            .expect_err("no rate");
        assert_eq!(err.kind(), ErrorKind::InvalidEvent);
        assert_eq!(
            err.message(),
            "bucket: the event has no `$rate` field (classify it first)"
        );
        assert!(out.is_empty());
    }

    #[test]
    fn the_exported_module_limits_a_batch() {
        let module = ffi_plugin_root_module();
        assert_eq!(module.metadata()().name.as_str(), "bucket");
        let mut instance = module.init()(&literal!({"window_events": 10}))
            .into_result()
            .expect("init");
        let events: FfiVec<Value<'static>> =
            std::iter::repeat_n(literal!({"$class": "tag1", "$rate": 2}), 5).collect();
        let mut out = FfiVec::new();
        module.on_batch()(&mut instance, events, &mut out)
            .into_result()
            .expect("batch");
        assert_eq!(out.len(), 2);
        module.drop_instance()(instance);
    }
}
