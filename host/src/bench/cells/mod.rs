//! A cell: one workload in one configuration, set up (plugins loaded, instances made) before
//! it is timed. Every cell is a [`Pipeline`]: a [`Codec`] that decodes each line into the
//! configuration's event type and encodes outputs, and a chain of [`Stage`]s between.

mod convert;
mod ffi;
mod native;
mod rvalue;

use std::path::Path;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;

use ffi_value::Backend;

use super::config::Config;
use super::workload::{self, Input, Workload};

/// A workload in a configuration, ready to run.
pub trait Cell {
    /// Runs one input line through the cell: copies what it needs from `line`, decodes it,
    /// runs the stages, encodes the outputs and counts them in `sink`.
    ///
    /// # Errors
    /// A message saying what failed: input decoding, a stage or a plugin.
    fn process(&mut self, line: &[u8], sink: &mut Sink) -> Result<(), String>;
}

/// What a cell produced: events in and out and the bytes of the encoded outputs.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Sink {
    /// Events decoded.
    pub events_in: u64,
    /// Events out of the last stage.
    pub events_out: u64,
    /// Bytes of the outputs, encoded.
    pub bytes_out: u64,
}

impl Sink {
    /// Events the stages dropped (the bucket's overflow).
    #[must_use]
    pub fn overflow(&self) -> u64 {
        self.events_in.saturating_sub(self.events_out)
    }
}

/// Where a stage sends each of its outputs.
pub type Emit<'a, E> = &'a mut dyn FnMut(E) -> Result<(), String>;

/// A stage of a chain, on events of type `E`.
pub trait Stage<E> {
    /// Handles `event`, handing each output (in order) to `emit`.
    ///
    /// # Errors
    /// The stage's error, or the first error of `emit`.
    fn process(&mut self, event: E, emit: Emit<'_, E>) -> Result<(), String>;
}

/// How a configuration decodes input into its events and encodes its outputs.
pub trait Codec {
    /// The configuration's event type in the host.
    type Event;

    /// Decodes one input (base64 already undone).
    ///
    /// # Errors
    /// What is wrong with the input.
    fn decode(&mut self, input: &[u8]) -> Result<Self::Event, String>;

    /// Appends `event`, encoded, to `out`: JSON, or the bytes themselves for byte events.
    ///
    /// # Errors
    /// An event the codec cannot encode.
    fn encode(&mut self, event: &Self::Event, out: &mut Vec<u8>) -> Result<(), String>;
}

/// The one implementation of [`Cell`]: decode, the stages, encode, count.
struct Pipeline<C: Codec> {
    /// The buffer base64 input is decoded into, for msgpack input.
    base64: Option<Vec<u8>>,
    codec: C,
    stages: Vec<Box<dyn Stage<C::Event>>>,
    /// The buffer each output is encoded into.
    out: Vec<u8>,
}

impl<C: Codec> Pipeline<C> {
    fn boxed(input: Input, codec: C, stages: Vec<Box<dyn Stage<C::Event>>>) -> Box<dyn Cell>
    where
        C: 'static,
    {
        Box::new(Self {
            base64: (input == Input::MsgpackBase64).then(Vec::new),
            codec,
            stages,
            out: Vec::new(),
        })
    }
}

impl<C: Codec> Cell for Pipeline<C> {
    fn process(&mut self, line: &[u8], sink: &mut Sink) -> Result<(), String> {
        let input = match &mut self.base64 {
            Some(buffer) => {
                buffer.clear();
                BASE64
                    .decode_vec(line, buffer)
                    .map_err(|e| format!("invalid base64: {e}"))?;
                &buffer[..]
            }
            None => line,
        };
        let event = self.codec.decode(input)?;
        sink.events_in += 1;
        let (codec, out) = (&mut self.codec, &mut self.out);
        chain(&mut self.stages, event, &mut |event| {
            out.clear();
            codec.encode(&event, out)?;
            sink.events_out += 1;
            sink.bytes_out += out.len() as u64;
            Ok(())
        })
    }
}

/// Runs `event` through `stages` in order, each output of the last to `sink`.
fn chain<E>(stages: &mut [Box<dyn Stage<E>>], event: E, sink: Emit<'_, E>) -> Result<(), String> {
    match stages.split_first_mut() {
        None => sink(event),
        Some((first, rest)) => first.process(event, &mut |event| chain(rest, event, sink)),
    }
}

/// The stages of `workload`, each made by `make`.
fn stages<E>(
    workload: Workload,
    make: impl FnMut(workload::Stage) -> Result<Box<dyn Stage<E>>, String>,
) -> Result<Vec<Box<dyn Stage<E>>>, String> {
    workload.stages().iter().copied().map(make).collect()
}

/// Sets up the cell of `workload` in `config`, loading plugins from `plugin_dir`.
///
/// # Errors
/// A plugin that does not load or refuses its configuration.
pub fn build(
    workload: Workload,
    config: Config,
    plugin_dir: &Path,
) -> Result<Box<dyn Cell>, String> {
    let cell = match config {
        Config::Native => native::cell(workload),
        Config::Convert => convert::cell(workload, plugin_dir),
        Config::Rhashmap => rvalue::cell(workload, plugin_dir),
        Config::FfiHalfbrownNokk => ffi::cell(workload, plugin_dir, ffi::Variant::HALFBROWN_NOKK),
        Config::FfiHalfbrown => ffi::cell(workload, plugin_dir, ffi::Variant::HALFBROWN),
        Config::FfiHashbrown => ffi::cell(workload, plugin_dir, ffi::Variant::HASHBROWN),
        Config::FfiHalfbrownInhost => ffi::in_host_cell(workload, Backend::Halfbrown),
        Config::FfiHashbrownInhost => ffi::in_host_cell(workload, Backend::Hashbrown),
    };
    cell.map_err(|e| format!("{} × {}: {e}", workload.name(), config.name()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Doubles each event, then fails on 7.
    struct Twice;

    impl Stage<u32> for Twice {
        fn process(&mut self, event: u32, emit: Emit<'_, u32>) -> Result<(), String> {
            if event == 7 {
                return Err("seven".into());
            }
            emit(event)?;
            emit(event + 100)
        }
    }

    #[test]
    fn a_chain_runs_stages_in_order_and_outputs_in_order() {
        let mut stages: Vec<Box<dyn Stage<u32>>> = vec![Box::new(Twice), Box::new(Twice)];
        let mut seen = Vec::new();
        chain(&mut stages, 1, &mut |e| {
            seen.push(e);
            Ok(())
        })
        .expect("no error");
        assert_eq!(seen, [1, 101, 101, 201]);
        let error = chain(&mut stages, 7, &mut |_| Ok(())).expect_err("seven fails");
        assert_eq!(error, "seven");
        assert!(chain(&mut [], 3, &mut |e| if e == 3 {
            Ok(())
        } else {
            Err(String::new())
        })
        .is_ok());
    }

    #[test]
    fn overflow_is_what_went_in_and_not_out() {
        let sink = Sink {
            events_in: 10,
            events_out: 7,
            bytes_out: 0,
        };
        assert_eq!(sink.overflow(), 3);
    }
}
