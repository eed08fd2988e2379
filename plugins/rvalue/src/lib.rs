//! `plugin-rvalue`: the stages of Tremor's logging workload on the plugin study's single value,
//! [`RValue`] (objects are `abi_stable` `RHashMap`s): `passthrough` (every event out),
//! `classify` and `bucket` (the rules of [`ffi_workloads::rules`], configured as the
//! `plugin-classify` and `plugin-bucket` plugins are). One library exports the three, as the
//! root module [`RPluginModule`]; hosts load it with
//! [`RPluginLibrary`](ffi_workloads::rvalue::RPluginLibrary).

use std::any::Any;
use std::panic::{catch_unwind, AssertUnwindSafe};

use abi_stable::prefix_type::PrefixTypeTrait;
use abi_stable::std_types::{RResult, RStr, RString, RVec};
use ffi_pdk::PluginInstance;
use ffi_workloads::rules::{Bucket, BucketConfig, Classify, ClassifyConfig, Event};
use ffi_workloads::rvalue::{RPluginModule, RPluginModuleRef, RValue};

/// A stage: what an instance of the module is.
#[derive(Debug)]
pub enum Stage {
    /// Every event goes out unchanged.
    Passthrough,
    /// Every event goes out classified.
    Classify(Classify<RValue>),
    /// The events their bucket admits go out, the others are dropped.
    Bucket(Bucket<RValue>),
}

impl Stage {
    /// The stage named `name`, configured by `config`.
    ///
    /// # Errors
    /// A message: an unknown stage, or a bad configuration (naming the key).
    pub fn new(name: &str, config: &RValue) -> Result<Self, String> {
        match name {
            "passthrough" if config.is_null() => Ok(Self::Passthrough),
            "passthrough" => Err(format!(
                "passthrough: takes no configuration (null), found {}",
                config.kind()
            )),
            "classify" => ClassifyConfig::parse(config)
                .map(|config| Self::Classify(config.build()))
                .map_err(|e| format!("classify: {e}")),
            "bucket" => BucketConfig::parse(config)
                .map(|config| Self::Bucket(config.build()))
                .map_err(|e| format!("bucket: {e}")),
            other => Err(format!(
                "unknown stage {other:?} (the stages are \"passthrough\", \"classify\", \"bucket\")"
            )),
        }
    }

    /// Handles `event`, pushing its output (if any) to `out`.
    ///
    /// # Errors
    /// The rule's message, prefixed with the stage's name.
    pub fn process(&mut self, mut event: RValue, out: &mut RVec<RValue>) -> Result<(), String> {
        match self {
            Self::Passthrough => {}
            Self::Classify(classify) => classify
                .apply(&mut event)
                .map_err(|e| format!("classify: {e}"))?,
            Self::Bucket(bucket) => {
                if !bucket.admit(&event).map_err(|e| format!("bucket: {e}"))? {
                    return Ok(());
                }
            }
        }
        out.push(event);
        Ok(())
    }
}

/// This library's root module.
#[must_use]
pub fn module() -> RPluginModuleRef {
    RPluginModule {
        instantiate,
        process,
        drop_instance,
    }
    .leak_into_prefix()
}

/// The exported root module the host looks up.
pub mod exported {
    // abi_stable's attribute adds an undocumented static next to the exported function.
    #![allow(missing_docs)]

    /// The root module of this library.
    #[must_use]
    #[abi_stable::export_root_module]
    pub fn ffi_rvalue_plugin_root_module() -> ffi_workloads::rvalue::RPluginModuleRef {
        super::module()
    }
}

/// Runs `call`, turning a panic into an error with the panic's message.
fn guarded<T>(call: impl FnOnce() -> Result<T, String>) -> RResult<T, RString> {
    match catch_unwind(AssertUnwindSafe(call)) {
        Ok(result) => result.map_err(RString::from).into(),
        Err(payload) => RResult::RErr(RString::from(format!(
            "plugin-rvalue panicked: {}",
            panic_message(&*payload)
        ))),
    }
}

/// The message a panic was raised with.
fn panic_message(payload: &(dyn Any + Send)) -> &str {
    payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("a panic with a payload that is not a string")
}

extern "C" fn instantiate(stage: RStr<'_>, config: &RValue) -> RResult<PluginInstance, RString> {
    guarded(|| {
        Stage::new(stage.as_str(), config).map(|stage| PluginInstance::from_box(Box::new(stage)))
    })
}

extern "C" fn process(
    instance: &mut PluginInstance,
    event: RValue,
    out: &mut RVec<RValue>,
) -> RResult<(), RString> {
    // SAFETY: the host only passes instances this module's `instantiate` made: `Stage`s.
    guarded(|| unsafe { instance.state_mut::<Stage>() }.process(event, out))
}

extern "C" fn drop_instance(instance: PluginInstance) {
    // A panic in a `Drop` is caught (the stage is then leaked) rather than unwound into the host.
    let _ = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: as in `process`; the host gives the instance up here.
        drop(unsafe { instance.into_box::<Stage>() });
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(text: &str) -> RValue {
        RValue::from_json(&mut text.as_bytes().to_vec()).expect("JSON")
    }

    #[test]
    fn stages_are_made_by_name_and_bad_ones_say_why() {
        assert!(matches!(
            Stage::new("passthrough", &RValue::Null),
            Ok(Stage::Passthrough)
        ));
        assert!(matches!(
            Stage::new("classify", &json(r#"{"known_keys":false}"#)),
            Ok(Stage::Classify(_))
        ));
        assert!(matches!(
            Stage::new("bucket", &json(r#"{"capacity":2}"#)),
            Ok(Stage::Bucket(_))
        ));
        for (name, config, message) in [
            (
                "enrich",
                "null",
                r#"unknown stage "enrich" (the stages are "passthrough", "classify", "bucket")"#,
            ),
            (
                "passthrough",
                "{}",
                "passthrough: takes no configuration (null), found an object",
            ),
            (
                "classify",
                r#"{"rate":1}"#,
                r#"classify: unknown configuration key "rate" (the keys are "default_rate", "known_keys")"#,
            ),
            (
                "bucket",
                r#"{"capacity":-1}"#,
                "bucket: `capacity` must be a non-negative integer, found a number",
            ),
        ] {
            assert_eq!(Stage::new(name, &json(config)).unwrap_err(), message);
        }
    }

    #[test]
    fn the_module_runs_a_stage_and_returns_errors_and_panics_as_messages() {
        let module = module();
        let mut instance = module.instantiate()(RStr::from_str("classify"), &RValue::Null)
            .into_result()
            .expect("classify");
        let mut out = RVec::new();
        module.process()(&mut instance, json(r#"{"application":"app4"}"#), &mut out)
            .into_result()
            .expect("an object");
        assert_eq!(
            out.as_slice(),
            [json(
                r#"{"application":"app4","$class":"applog_app4","$rate":750,"$dimension":"app4"}"#
            )]
        );
        let err = module.process()(&mut instance, RValue::Bool(true), &mut out)
            .into_result()
            .expect_err("not an object");
        assert_eq!(
            err.as_str(),
            "classify: an event must be an object, found a boolean"
        );
        module.drop_instance()(instance);
        let err = guarded::<()>(|| panic!("boom"))
            .into_result()
            .expect_err("a panic");
        assert_eq!(err.as_str(), "plugin-rvalue panicked: boom");
    }
}
