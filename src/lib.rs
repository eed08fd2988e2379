//! `ffi-value`: a `#[repr(C)]` JSON-like value for plugin systems.
//!
//! Objects are [`ffi_map::FfiMap`]s, so a value can be handed to a library compiled separately.

mod convert;
mod error;
pub mod ffi;
mod json;
mod known_key;
#[macro_use]
mod macros;
mod msgpack;
mod serde;
mod value;

pub use error::{Error, ErrorKind, Format};
pub use ffi::{FfiCowBytes, FfiCowStr, FfiVec};
pub use ffi_map::{Backend, FfiMap};
pub use value::{Array, Object, StaticNode, Value};
