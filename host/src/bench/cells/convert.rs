//! `convert`: the host on simd-json values, converted to [`Value`] before each plugin call
//! and back after it (the study's `PdkValue` approach).

use std::path::Path;

use ffi_value::{FfiCowBytes, Value};
use simd_json::OwnedValue;

use super::ffi::Plugin;
use super::native::{Bytes, Simd};
use super::{Cell, Emit, Pipeline, Stage};
use crate::bench::workload::{Input, Workload};

/// The cell of `workload` with plugins from `dir` (known keys on, as the plugins default).
pub fn cell(workload: Workload, dir: &Path) -> Result<Box<dyn Cell>, String> {
    Ok(match workload.input() {
        Input::Raw => Pipeline::boxed(Input::Raw, Bytes, stages(workload, dir)?),
        input => Pipeline::boxed(input, Simd::new(input), stages(workload, dir)?),
    })
}

/// The plugins of `workload`, each behind conversions of `E`.
fn stages<E: Convert + 'static>(
    workload: Workload,
    dir: &Path,
) -> Result<Vec<Box<dyn Stage<E>>>, String> {
    super::stages(workload, |stage| {
        Ok(Box::new(Converted(Plugin::load(dir, stage, true)?)))
    })
}

/// A host event type that crosses each plugin call as a [`Value`].
trait Convert: Sized {
    /// The event as a value, for the plugin.
    fn into_value(self) -> Value<'static>;
    /// A plugin's output back as a host event.
    fn from_value(value: Value<'static>) -> Result<Self, String>;
}

impl Convert for OwnedValue {
    fn into_value(self) -> Value<'static> {
        Value::from(self)
    }

    fn from_value(value: Value<'static>) -> Result<Self, String> {
        Ok(OwnedValue::from(value))
    }
}

impl Convert for Vec<u8> {
    fn into_value(self) -> Value<'static> {
        Value::Bytes(FfiCowBytes::borrowed(&self).into_owned())
    }

    fn from_value(value: Value<'static>) -> Result<Self, String> {
        match value {
            Value::Bytes(bytes) => Ok(bytes.to_vec()),
            other => Err(format!("expected a byte event, got {other}")),
        }
    }
}

/// A plugin whose events are converted on the way in and out.
struct Converted(Plugin);

impl<E: Convert> Stage<E> for Converted {
    fn process(&mut self, event: E, emit: Emit<'_, E>) -> Result<(), String> {
        self.0
            .process(event.into_value(), &mut |value| emit(E::from_value(value)?))
    }
}
