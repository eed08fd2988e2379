//! `plugin-enrich`: an example plugin that changes events the ways plugins usually do. For each
//! event (an object) it adds `enriched: true` and `len` (the number of keys the event arrived
//! with), upper-cases `short_message` when it is a string, and removes `guid`; when `abool` is
//! `true` it emits a second, small event after the enriched one:
//! `{"$split": true, "of": <the event's application, or null>}`. It takes no configuration
//! (`null`); an event that is not an object is an
//! [`ErrorKind::InvalidEvent`](ffi_pdk::ErrorKind::InvalidEvent) error naming what was found.
//!
//! ```
//! use ffi_pdk::{FfiVec, Plugin, Value};
//! use ffi_value::literal;
//! use plugin_enrich::Enrich;
//!
//! let mut plugin = Enrich::init(&Value::NULL)?;
//! let mut out = FfiVec::new();
//! let event = literal!({"application": "app1", "guid": "x", "short_message": "hi", "abool": true});
//! plugin.on_event(event, &mut out)?;
//! assert_eq!(out.as_slice(), [
//!     literal!({"application": "app1", "short_message": "HI", "abool": true, "enriched": true, "len": 4}),
//!     literal!({"$split": true, "of": "app1"}),
//! ]);
//! # Ok::<(), ffi_pdk::PluginError>(())
//! ```

use std::sync::LazyLock;

use ffi_pdk::{Outputs, Plugin, PluginError, Value};
use ffi_value::prelude::*;
use ffi_value::{FfiCowStr, KnownKey, NotAnObject, StaticNode};

/// Every key the plugin reads or writes, hashed once.
struct Keys {
    enriched: KnownKey,
    len: KnownKey,
    short_message: KnownKey,
    guid: KnownKey,
    abool: KnownKey,
    application: KnownKey,
    split: KnownKey,
    of: KnownKey,
}

static KEYS: LazyLock<Keys> = LazyLock::new(|| Keys {
    enriched: KnownKey::from("enriched"),
    len: KnownKey::from("len"),
    short_message: KnownKey::from("short_message"),
    guid: KnownKey::from("guid"),
    abool: KnownKey::from("abool"),
    application: KnownKey::from("application"),
    split: KnownKey::from("$split"),
    of: KnownKey::from("of"),
});

/// The enricher: see the crate documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Enrich;

impl Plugin for Enrich {
    const NAME: &'static str = "enrich";
    const VERSION: &'static str = env!("CARGO_PKG_VERSION");

    fn init(config: &Value<'_>) -> Result<Self, PluginError> {
        match config {
            Value::Static(StaticNode::Null) => Ok(Self),
            other => Err(PluginError::config(format!(
                "enrich: takes no configuration (null), found {other}"
            ))),
        }
    }

    fn on_event(
        &mut self,
        mut event: Value<'static>,
        out: &mut Outputs,
    ) -> Result<(), PluginError> {
        let keys = &*KEYS;
        let Value::Object(object) = &mut event else {
            // `KnownKey` names the kind of value found; the event is not changed.
            let found = keys
                .enriched
                .insert(&mut event, true)
                .err()
                .as_ref()
                .map_or("an object", NotAnObject::found);
            return Err(PluginError::invalid_event(format!(
                "enrich: an event must be an object, found {found}"
            )));
        };
        let len = object.len();
        if let Some(Value::String(message)) = keys.short_message.object_get_mut(object) {
            *message = FfiCowStr::from(message.as_str().to_uppercase());
        }
        keys.guid.object_remove(object);
        keys.enriched.object_insert(object, true);
        keys.len.object_insert(object, len as u64);
        let split = keys
            .abool
            .object_get(object)
            .and_then(ValueAsScalar::as_bool)
            .unwrap_or(false)
            .then(|| {
                let application = keys
                    .application
                    .object_get(object)
                    .cloned()
                    .unwrap_or_default();
                let mut split = Value::object_with_capacity(2);
                // `split` is an object: these inserts cannot fail.
                let _ = keys.split.insert(&mut split, true);
                let _ = keys.of.insert(&mut split, application);
                split
            });
        out.push(event);
        if let Some(split) = split {
            out.push(split);
        }
        Ok(())
    }
}

// The exported root module the host loads, and `ffi_plugin_root_module`, the same module for
// in-process use such as the tests below.
ffi_pdk::export_plugin!(Enrich);

#[cfg(test)]
mod tests {
    use super::*;
    use ffi_pdk::{ErrorKind, FfiVec};
    use ffi_value::literal;

    /// The events `plugin` makes of `event`.
    fn outputs(event: Value<'static>) -> Vec<Value<'static>> {
        let mut out = FfiVec::new();
        Enrich.on_event(event, &mut out).expect("an object event");
        out.into_iter().collect()
    }

    #[test]
    fn adds_rewrites_and_removes_fields() {
        assert_eq!(
            outputs(literal!({"guid": "0f3", "short_message": "Disk fülL", "aint": 1})),
            [literal!({"short_message": "DISK FÜLL", "aint": 1, "enriched": true, "len": 3})]
        );
        // Nothing to rewrite or remove; a `short_message` that is not a string stays as it is.
        assert_eq!(
            outputs(literal!({"short_message": 5, "abool": false})),
            [literal!({"short_message": 5, "abool": false, "enriched": true, "len": 2})]
        );
        assert_eq!(
            outputs(literal!({})),
            [literal!({"enriched": true, "len": 0})]
        );
    }

    #[test]
    fn abool_true_splits_the_event_in_two() {
        assert_eq!(
            outputs(literal!({"application": "app3", "abool": true})),
            [
                literal!({"application": "app3", "abool": true, "enriched": true, "len": 2}),
                literal!({"$split": true, "of": "app3"}),
            ]
        );
        assert_eq!(
            outputs(literal!({"abool": true})),
            [
                literal!({"abool": true, "enriched": true, "len": 1}),
                literal!({"$split": true, "of": null}),
            ]
        );
        // Only the boolean `true` splits.
        assert_eq!(outputs(literal!({"abool": "true"})).len(), 1);
    }

    #[test]
    fn non_object_events_are_invalid_events_naming_what_was_found() {
        for (event, found) in [
            (Value::from(1), "a number"),
            (Value::NULL, "null"),
            (literal!(["a"]), "an array"),
        ] {
            let mut out = FfiVec::new();
            let err = Enrich.on_event(event, &mut out).expect_err("not an object");
            assert_eq!(err.kind(), ErrorKind::InvalidEvent);
            assert_eq!(
                err.message(),
                format!("enrich: an event must be an object, found {found}")
            );
            assert!(out.is_empty());
        }
    }

    #[test]
    fn a_configuration_is_refused() {
        assert_eq!(Enrich::init(&Value::NULL), Ok(Enrich));
        let err = Enrich::init(&literal!({"x": 1})).expect_err("a configuration");
        assert_eq!(err.kind(), ErrorKind::Config);
        assert_eq!(
            err.message(),
            r#"enrich: takes no configuration (null), found {"x":1}"#
        );
    }

    #[test]
    fn the_exported_module_enriches_through_its_functions() {
        let module = ffi_plugin_root_module();
        assert_eq!(module.metadata()().name.as_str(), "enrich");
        let mut instance = module.init()(&Value::NULL).into_result().expect("init");
        let mut out = FfiVec::new();
        module
            .call_on_event(
                &mut instance,
                literal!({"guid": 1, "abool": true, "application": "app1"}),
                &mut out,
            )
            .expect("an object");
        assert_eq!(
            out.as_slice(),
            [
                literal!({"abool": true, "application": "app1", "enriched": true, "len": 3}),
                literal!({"$split": true, "of": "app1"}),
            ]
        );
        module.drop_instance()(instance);
    }
}
