//! The checks behind `ffi-value`'s fuzz targets, one function per target.
//!
//! Each check takes the fuzzer's raw input and panics if `ffi-value` or `ffi-map` break a
//! promise on it. The targets in `fuzz_targets/` only call them, and `tests/regressions.rs`
//! replays the inputs kept under `regressions/` and `seeds/` through the same functions on
//! the stable compiler.
//!
//! - [`json_roundtrip`]: JSON parse, write, re-parse; agreement with simd-json and `serde_json`.
//! - [`msgpack_decode`]: `MessagePack` decoding within its memory budget, then re-encoding.
//! - [`map_model`]: an [`FfiMap`](ffi_value::FfiMap) against a `std` `HashMap` model.
//! - [`map_cross_backend`]: maps of both backends, native and through their vtables, against
//!   each other and the model; then [`KnownKey`](ffi_value::KnownKey) on values holding them.
//! - [`value_roundtrip`]: values of every kind and object flavor built from the input (the
//!   `arbitrary` feature of `ffi-value`) through `MessagePack`, JSON, copies, order and hash.

mod error_check;
mod json;
mod map_ops;
mod msgpack;
mod value;

/// Every target's allocations are counted, so that [`msgpack_decode`] can measure its peak.
#[global_allocator]
static METER: alloc_meter::Meter = alloc_meter::Meter;

pub use json::json_roundtrip;
pub use map_ops::{map_cross_backend, map_model};
pub use msgpack::{msgpack_decode, FRAME_BYTES, HEAP_BASE, HEAP_PER_INPUT_BYTE};
pub use value::value_roundtrip;
