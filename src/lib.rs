//! `ffi-value`: a `#[repr(C)]` JSON-like value for plugin systems.
//!
//! Objects are [`ffi_map::FfiMap`]s, so a value can be handed to a library compiled separately.

pub mod ffi;

pub use ffi::{FfiCowBytes, FfiCowStr, FfiVec};
pub use ffi_map::{Backend, FfiMap};
