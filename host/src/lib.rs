//! `ffi-host`: loads plugins built with `ffi-pdk` (with `dlopen`, checked by `abi_stable`) and
//! runs events through them.
//!
//! ```no_run
//! use ffi_host::{Pipeline, PluginLibrary};
//! use ffi_value::{parse_json_owned, Value};
//!
//! let library = PluginLibrary::load("target/debug/libpassthrough.so".as_ref())?;
//! let mut pipeline = Pipeline::new(3);
//! pipeline.push(library, Value::NULL)?;
//! let processed = pipeline.process(parse_json_owned(br#"{"a":1}"#)?);
//! for event in &processed.outputs {
//!     println!("{event}");
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Libraries are never unloaded (see [`PluginLibrary`]).

pub mod bench;
#[cfg(target_os = "linux")]
mod elf;
mod error;
mod kit_version;
mod library;
pub mod lines;
mod pipeline;
mod preflight;

pub use error::{summarize_abi_report, LoadError, LoadErrorKind};
pub use library::{Emitted, Instance, PluginLibrary};
pub use pipeline::{Pipeline, Processed, Recovery, StageError, Stats};

pub use ffi_pdk::{ErrorKind, PluginError, INTERFACE_VERSION};
