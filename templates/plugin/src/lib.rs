//! `my-plugin`: a template for a plugin of your own (see `README.md` next to `Cargo.toml`).
//!
//! It sets one field on every event: `"seen": true` unless configured otherwise, with a
//! configuration such as `{"key": "seen_by", "value": "my-plugin"}`. An event that is not an
//! object is refused with an `InvalidEvent` error, which the host reports and goes on.

use ffi_pdk::ffi_value::prelude::*;
use ffi_pdk::ffi_value::KnownKey;
use ffi_pdk::{export_plugin, Outputs, Plugin, PluginError, Value};

/// The plugin's state: made once from its configuration by `init`, then given every event.
#[derive(Debug)]
pub struct MyPlugin {
    /// The key set on every event, hashed once for all of them.
    key: KnownKey,
    /// The value it is set to.
    value: Value<'static>,
}

impl Plugin for MyPlugin {
    const NAME: &'static str = env!("CARGO_PKG_NAME");
    const VERSION: &'static str = env!("CARGO_PKG_VERSION");

    /// `null` (no configuration) for the defaults, or an object with `key` (a string) and
    /// `value` (any value), both optional.
    fn init(config: &Value<'_>) -> Result<Self, PluginError> {
        if !(config.is_null() || config.is_object()) {
            return Err(PluginError::config(format!(
                "{}: the configuration must be an object or null, found {config}",
                Self::NAME
            )));
        }
        let key = match config.get("key") {
            None => "seen",
            Some(key) => key.as_str().ok_or_else(|| {
                PluginError::config(format!(
                    "{}: `key` must be a string, found {key}",
                    Self::NAME
                ))
            })?,
        };
        Ok(Self {
            key: KnownKey::new(key.to_owned()),
            value: config
                .get("value")
                .map_or(Value::from(true), |value| value.clone().into_static()),
        })
    }

    fn on_event(
        &mut self,
        mut event: Value<'static>,
        out: &mut Outputs,
    ) -> Result<(), PluginError> {
        self.key
            .insert(&mut event, self.value.clone())
            .map_err(|e| PluginError::invalid_event(format!("{}: {e}", Self::NAME)))?;
        out.push(event);
        Ok(())
    }
}

// Exports the plugin: the symbol a host's loader looks up, and `ffi_plugin_root_module()` for
// in-process use (the tests below).
export_plugin!(MyPlugin);

#[cfg(test)]
mod tests {
    use super::*;
    use ffi_pdk::ffi_value::literal;
    use ffi_pdk::ErrorKind;

    /// Runs `event` through a plugin configured with `config`, through the exported module's
    /// functions as a host calls them.
    fn run(config: &Value<'_>, event: Value<'static>) -> Result<Outputs, PluginError> {
        let module = ffi_plugin_root_module();
        let mut instance = module.init()(config).into_result()?;
        let mut out = Outputs::new();
        let result = module.call_on_event(&mut instance, event, &mut out);
        module.drop_instance()(instance);
        result.map(|()| out)
    }

    #[test]
    fn sets_the_configured_field() {
        let out = run(&Value::NULL, literal!({"a": 1})).expect("an object");
        assert_eq!(out.as_slice(), [literal!({"a": 1, "seen": true})]);
        let config = literal!({"key": "seen_by", "value": "my-plugin"});
        let out = run(&config, literal!({"a": 1})).expect("an object");
        assert_eq!(out.as_slice(), [literal!({"a": 1, "seen_by": "my-plugin"})]);
    }

    #[test]
    fn refuses_what_is_not_an_object() {
        let error = run(&Value::NULL, literal!([1, 2])).expect_err("not an object");
        assert_eq!(error.kind(), ErrorKind::InvalidEvent);
        let error = run(&literal!({"key": 7}), Value::NULL).expect_err("a bad configuration");
        assert_eq!(error.kind(), ErrorKind::Config);
    }
}
