//! `rhashmap`: the study's single-Value approach. Objects are `abi_stable`
//! `RBox<RHashMap<RString, RValue>>`; the stages are those of the `plugin-rvalue` library.

use std::path::Path;

use abi_stable::std_types::RVec;
use ffi_workloads::rvalue::{RPluginLibrary, RStage, RValue};

use super::{Cell, Codec, Emit, Pipeline, Stage};
use crate::bench::config::Library;
use crate::bench::workload::{Input, Workload};

/// The cell of `workload` with `plugin-rvalue` from `dir`.
pub fn cell(workload: Workload, dir: &Path) -> Result<Box<dyn Cell>, String> {
    let library = RPluginLibrary::load(&Library::Rvalue.path(dir))?;
    let stages = super::stages(workload, |stage| {
        let mut config = stage.config_json(true).into_bytes();
        let config = RValue::from_json(&mut config)?;
        let stage = library
            .instantiate(stage.name(), &config)
            .map_err(|e| format!("plugin-rvalue stage `{}`: {e}", stage.name()))?;
        Ok(Box::new(Plugin {
            stage,
            out: RVec::new(),
        }))
    })?;
    Ok(Pipeline::boxed(
        workload.input(),
        Values {
            input: workload.input(),
        },
        stages,
    ))
}

/// A stage of `plugin-rvalue`, with the buffer its outputs are collected in.
struct Plugin {
    stage: RStage,
    out: RVec<RValue>,
}

impl Stage<RValue> for Plugin {
    fn process(&mut self, event: RValue, emit: Emit<'_, RValue>) -> Result<(), String> {
        self.out.clear();
        self.stage.process(event, &mut self.out)?;
        self.out.drain(..).try_for_each(emit)
    }
}

/// `RValue`s: bytes for raw lines, else parsed from JSON or msgpack; written as JSON (bytes
/// as they are).
struct Values {
    input: Input,
}

impl Codec for Values {
    type Event = RValue;

    fn decode(&mut self, input: &[u8]) -> Result<RValue, String> {
        match self.input {
            Input::Raw => Ok(RValue::Bytes(RVec::from(input))),
            Input::Json => RValue::from_json(&mut input.to_vec()),
            Input::MsgpackBase64 => RValue::from_msgpack(input),
        }
    }

    fn encode(&mut self, event: &RValue, out: &mut Vec<u8>) -> Result<(), String> {
        match (self.input, event) {
            (Input::Raw, RValue::Bytes(bytes)) => out.extend_from_slice(bytes),
            (Input::Raw, _) => return Err("expected a byte event".to_owned()),
            _ => event.write_json(out),
        }
        Ok(())
    }
}
