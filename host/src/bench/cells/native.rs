//! `native`: no plugin system. The pipeline compiled into the host on simd-json values (with
//! halfbrown maps), as Tremor ran before plugins. `convert` shares its codecs.

use ffi_workloads::rules::{Bucket, BucketOptions, Classify, Event, KeyMode};
use simd_json::OwnedValue;
use value_trait::prelude::Writable as _;

use super::{Cell, Codec, Emit, Pipeline, Stage};
use crate::bench::workload::{self, Input, Workload};

/// The cell of `workload`.
pub fn cell(workload: Workload) -> Result<Box<dyn Cell>, String> {
    match workload.input() {
        Input::Raw => {
            let stages = super::stages(workload, |stage| match stage {
                workload::Stage::Passthrough => Ok(Box::new(Passthrough)),
                other => Err(format!("stage {other:?} needs decoded events")),
            })?;
            Ok(Pipeline::boxed(Input::Raw, Bytes, stages))
        }
        input => {
            // simd-json values have no known keys: plain look-ups.
            let stages = super::stages(workload, |stage| Ok(rule_stage(stage, KeyMode::Plain)))?;
            Ok(Pipeline::boxed(input, Simd::new(input), stages))
        }
    }
}

/// A stage compiled into the host, on any event type the rules run on, reading fields in
/// `mode`.
pub fn rule_stage<E: Event + 'static>(stage: workload::Stage, mode: KeyMode) -> Box<dyn Stage<E>> {
    match stage {
        workload::Stage::Passthrough => Box::new(Passthrough),
        workload::Stage::Classify => Box::new(Classify::new(workload::DEFAULT_RATE, mode)),
        workload::Stage::Bucket => Box::new(Bucket::new(
            BucketOptions {
                window_events: workload::WINDOW_EVENTS,
                capacity: usize::try_from(workload::CAPACITY).unwrap_or(usize::MAX),
            },
            mode,
        )),
    }
}

/// Every event goes out unchanged.
struct Passthrough;

impl<E> Stage<E> for Passthrough {
    fn process(&mut self, event: E, emit: Emit<'_, E>) -> Result<(), String> {
        emit(event)
    }
}

impl<E: Event> Stage<E> for Classify<E> {
    fn process(&mut self, mut event: E, emit: Emit<'_, E>) -> Result<(), String> {
        self.apply(&mut event)
            .map_err(|e| format!("classify: {e}"))?;
        emit(event)
    }
}

impl<E: Event> Stage<E> for Bucket<E> {
    fn process(&mut self, event: E, emit: Emit<'_, E>) -> Result<(), String> {
        if self.admit(&event).map_err(|e| format!("bucket: {e}"))? {
            emit(event)
        } else {
            Ok(())
        }
    }
}

/// Lines as they are: events of bytes.
pub struct Bytes;

impl Codec for Bytes {
    type Event = Vec<u8>;

    fn decode(&mut self, input: &[u8]) -> Result<Vec<u8>, String> {
        Ok(input.to_vec())
    }

    fn encode(&mut self, event: &Vec<u8>, out: &mut Vec<u8>) -> Result<(), String> {
        out.extend_from_slice(event);
        Ok(())
    }
}

/// simd-json values, from JSON or msgpack, written as JSON.
pub struct Simd {
    msgpack: bool,
}

impl Simd {
    /// The codec of `input` (JSON or msgpack).
    pub fn new(input: Input) -> Self {
        Self {
            msgpack: input == Input::MsgpackBase64,
        }
    }
}

impl Codec for Simd {
    type Event = OwnedValue;

    fn decode(&mut self, input: &[u8]) -> Result<OwnedValue, String> {
        if self.msgpack {
            rmp_serde::from_slice(input).map_err(|e| format!("invalid msgpack: {e}"))
        } else {
            // simd-json parses in place: the line is copied first.
            simd_json::to_owned_value(&mut input.to_vec()).map_err(|e| format!("invalid JSON: {e}"))
        }
    }

    fn encode(&mut self, event: &OwnedValue, out: &mut Vec<u8>) -> Result<(), String> {
        event.write(out).map_err(|e| e.to_string())
    }
}
