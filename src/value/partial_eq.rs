//! Equality of values: structural; objects are equal when they hold the same keys with equal
//! values, whatever their map backend or the library that made them.

use super::Value;

impl PartialEq for Value<'_> {
    /// Numbers compare by value across `I64`/`U64` (`1_i64 == 1_u64`); floats with `==`, so
    /// `NaN != NaN`, as in simd-json.
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::Static(a), Self::Static(b)) => a == b,
            (Self::String(a), Self::String(b)) => a == b,
            (Self::Array(a), Self::Array(b)) => a == b,
            (Self::Object(a), Self::Object(b)) => a == b,
            (Self::Bytes(a), Self::Bytes(b)) => a == b,
            _ => false,
        }
    }
}
