//! `passthrough`: the smallest plugin. Every event goes out unchanged.
//!
//! What a plugin is made of (for a crate of your own, out of this repository, start from
//! `templates/plugin/`, as `docs/writing-a-plugin.md` says):
//!
//! 1. a `cdylib` crate (plus `rlib`, for in-process tests) that depends on `ffi-pdk` and
//!    `ffi-value` (see `Cargo.toml`);
//! 2. a type implementing [`Plugin`]: its name and version, `init` from a configuration value,
//!    and `on_event` pushing zero, one or many outputs;
//! 3. `ffi_pdk::export_plugin!(YourType);` once, which exports the root module a host loads.
//!
//! Build it with `cargo build -p passthrough`, then run it with the host:
//! `ffi-host run --plugin target/debug/libpassthrough.so events.jsonl`.

use ffi_pdk::{Outputs, Plugin, PluginError};
use ffi_value::Value;

/// The plugin's state: none.
#[derive(Debug, Default)]
pub struct Passthrough;

impl Plugin for Passthrough {
    const NAME: &'static str = "passthrough";
    const VERSION: &'static str = env!("CARGO_PKG_VERSION");

    /// Any configuration is accepted (and ignored).
    fn init(_config: &Value<'_>) -> Result<Self, PluginError> {
        Ok(Passthrough)
    }

    /// The event is moved to the outputs as it is: no copy, no conversion.
    fn on_event(&mut self, event: Value<'static>, out: &mut Outputs) -> Result<(), PluginError> {
        out.push(event);
        Ok(())
    }
}

// The exported root module the host looks up (and `ffi_plugin_root_module`, the same module for
// in-process use). Panics in the calls above are caught by the generated code and returned as
// `ErrorKind::Panicked` errors.
ffi_pdk::export_plugin!(Passthrough);

#[cfg(test)]
mod tests {
    use super::*;
    use ffi_value::parse_json_owned;

    #[test]
    fn events_go_out_unchanged() {
        let module = ffi_plugin_root_module();
        assert_eq!(module.metadata()().name.as_str(), "passthrough");
        let mut instance = module.init()(&Value::default())
            .into_result()
            .expect("init");
        let event = parse_json_owned(br#"{"a":[1,"two",null]}"#).expect("valid JSON");
        let mut out = Outputs::new();
        assert!(module
            .call_on_event(&mut instance, event.clone(), &mut out)
            .is_ok());
        module.drop_instance()(instance);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0], event);
    }
}
