//! Conversions to and from other value types.

mod serde_json;
mod simd_json;
