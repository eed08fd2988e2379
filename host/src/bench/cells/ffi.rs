//! `ffi-*`: [`Value`] in the host and in the plugins, loaded with `dlopen`; each event crosses
//! every plugin call by value, with no conversion. `ffi-*-inhost`: the same pipeline with the
//! plugins' rules compiled into the host, the reference that tells the value's cost from the
//! boundary's.

use std::path::Path;

use ffi_value::prelude::*;
use ffi_value::{
    parse_json_owned, parse_json_owned_with, parse_msgpack_owned_with, Backend, FfiCowBytes,
    ParseOptions,
};

use ffi_workloads::rules::KeyMode;

use super::{native, Cell, Codec, Emit, Pipeline, Stage};
use crate::bench::config::Library;
use crate::bench::workload::{self, Input, Workload};
use crate::{Instance, PluginLibrary};

/// The map backend of the host's values and whether the plugins use known keys.
#[derive(Clone, Copy, Debug)]
pub struct Variant {
    backend: Backend,
    known_keys: bool,
}

impl Variant {
    /// `ffi-halfbrown-nokk`.
    pub const HALFBROWN_NOKK: Self = Self {
        backend: Backend::Halfbrown,
        known_keys: false,
    };
    /// `ffi-halfbrown`.
    pub const HALFBROWN: Self = Self {
        backend: Backend::Halfbrown,
        known_keys: true,
    };
    /// `ffi-hashbrown`.
    pub const HASHBROWN: Self = Self {
        backend: Backend::Hashbrown,
        known_keys: true,
    };
}

/// The cell of `workload` with plugins from `dir`.
pub fn cell(workload: Workload, dir: &Path, variant: Variant) -> Result<Box<dyn Cell>, String> {
    let stages = super::stages(workload, |stage| {
        Ok(Box::new(Plugin::load(dir, stage, variant.known_keys)?))
    })?;
    values_cell(workload, variant.backend, stages)
}

/// The cell of `workload` on values with `backend` maps, its stages compiled into the host:
/// what the plugins of `ffi-*` run (the same rules, with known keys), without `dlopen`.
pub fn in_host_cell(workload: Workload, backend: Backend) -> Result<Box<dyn Cell>, String> {
    let stages = super::stages(workload, |stage| {
        Ok(native::rule_stage(stage, KeyMode::Known))
    })?;
    values_cell(workload, backend, stages)
}

/// The pipeline of `workload` on [`Value`]s with `backend` maps, through `stages`.
fn values_cell(
    workload: Workload,
    backend: Backend,
    stages: Vec<Box<dyn Stage<Value<'static>>>>,
) -> Result<Box<dyn Cell>, String> {
    Ok(match workload.input() {
        Input::Raw => Pipeline::boxed(Input::Raw, Bytes, stages),
        input => {
            let options = ParseOptions::default()
                .with_backend(backend)
                .map_err(|e| e.to_string())?;
            Pipeline::boxed(
                input,
                Values {
                    options,
                    msgpack: input == Input::MsgpackBase64,
                },
                stages,
            )
        }
    })
}

/// A plugin instance as a stage.
pub struct Plugin {
    name: String,
    instance: Instance,
}

impl Plugin {
    /// Loads the plugin of `stage` from `dir` and makes an instance of it.
    ///
    /// # Errors
    /// The library does not load or the plugin refuses its configuration.
    pub fn load(dir: &Path, stage: workload::Stage, known_keys: bool) -> Result<Self, String> {
        let library =
            PluginLibrary::load(&Library::of(stage).path(dir)).map_err(|e| e.to_string())?;
        let config = parse_json_owned(stage.config_json(known_keys).as_bytes())
            .map_err(|e| format!("configuration of {stage:?}: {e}"))?;
        let instance = library.instantiate(&config).map_err(|e| {
            format!(
                "plugin `{}` refused its configuration {config}: {e}",
                library.name()
            )
        })?;
        Ok(Self {
            name: library.name().to_owned(),
            instance,
        })
    }
}

impl Stage<Value<'static>> for Plugin {
    fn process(
        &mut self,
        event: Value<'static>,
        emit: Emit<'_, Value<'static>>,
    ) -> Result<(), String> {
        let outputs = self
            .instance
            .process(event)
            .map_err(|e| format!("plugin `{}`: {e}", self.name))?;
        outputs.into_iter().try_for_each(emit)
    }
}

/// Lines as byte values.
struct Bytes;

impl Codec for Bytes {
    type Event = Value<'static>;

    fn decode(&mut self, input: &[u8]) -> Result<Value<'static>, String> {
        Ok(Value::Bytes(FfiCowBytes::borrowed(input).into_owned()))
    }

    fn encode(&mut self, event: &Value<'static>, out: &mut Vec<u8>) -> Result<(), String> {
        match event {
            Value::Bytes(bytes) => {
                out.extend_from_slice(bytes);
                Ok(())
            }
            other => Err(format!("expected a byte event, got {other}")),
        }
    }
}

/// Values parsed from JSON or msgpack with the variant's map backend, written as JSON.
struct Values {
    options: ParseOptions,
    msgpack: bool,
}

impl Codec for Values {
    type Event = Value<'static>;

    fn decode(&mut self, input: &[u8]) -> Result<Value<'static>, String> {
        if self.msgpack {
            parse_msgpack_owned_with(input, &self.options)
                .map_err(|e| format!("invalid msgpack: {e}"))
        } else {
            parse_json_owned_with(input, &self.options).map_err(|e| format!("invalid JSON: {e}"))
        }
    }

    fn encode(&mut self, event: &Value<'static>, out: &mut Vec<u8>) -> Result<(), String> {
        event.write(out).map_err(|e| e.to_string())
    }
}
