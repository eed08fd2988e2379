//! The keys and values the maps are fuzzed with, made from the fuzzer's bytes.

use std::fmt::Debug;
use std::hash::Hash;

use ffi_value::prelude::*;
use ffi_value::FfiCowStr;

/// A map key made from one byte: at most 256 distinct keys, so that look-ups hit often and
/// maps grow past halfbrown's switch from a vector to a table (32 entries).
pub(crate) trait Key: Hash + Eq + Ord + Clone + Debug {
    /// The key for `byte`.
    fn make(byte: u8) -> Self;
}

impl Key for u8 {
    fn make(byte: u8) -> Self {
        byte
    }
}

impl Key for String {
    fn make(byte: u8) -> Self {
        format!("key{byte}")
    }
}

impl Key for FfiCowStr<'static> {
    fn make(byte: u8) -> Self {
        String::make(byte).into()
    }
}

/// A map value made from a `u16`.
pub(crate) trait Val: Clone + PartialEq + Debug {
    /// The value for `n`.
    fn make(n: u16) -> Self;
    /// The number this value was made from.
    fn number(&self) -> u16;

    /// Adds `n` (wrapping).
    fn bump(&mut self, n: u16) {
        *self = Self::make(self.number().wrapping_add(n));
    }

    /// Whether `retain` with parameter `n` keeps this value.
    fn keep(&self, n: u16) -> bool {
        !(self.number() ^ n).is_multiple_of(3)
    }
}

impl Val for u16 {
    fn make(n: u16) -> Self {
        n
    }

    fn number(&self) -> u16 {
        *self
    }
}

impl Val for Value<'static> {
    fn make(n: u16) -> Self {
        Value::from(n)
    }

    fn number(&self) -> u16 {
        self.as_u16()
            .unwrap_or_else(|| panic!("not a value of the fuzzer: {self:?}"))
    }
}
