//! [`RValue`]: the single value of Tremor's plugin study, whose objects are `abi_stable`
//! `RBox<RHashMap<RString, RValue>>` (every map operation goes through the map's vtable), with
//! the plugin interface of `plugin-rvalue` ([`RPluginLibrary`], [`RStage`]).
//!
//! ```
//! use ffi_workloads::rvalue::RValue;
//!
//! let mut input = br#"{"application":"app1","tags":["tag1"],"aint":-3}"#.to_vec();
//! let event = RValue::from_json(&mut input)?;
//! let mut json = Vec::new();
//! event.write_json(&mut json);
//! let mut json2 = json.clone();
//! assert_eq!(RValue::from_json(&mut json2)?, event);
//! # Ok::<(), String>(())
//! ```

mod module;
mod serde;

use abi_stable::std_types::{RBox, RHashMap, RString, RVec};
use abi_stable::StableAbi;
use value_trait::prelude::ValueType;

use crate::rules::{kind_name, Event, Plain, RuleError};

pub use module::{RPluginLibrary, RPluginModule, RPluginModuleRef, RStage};

/// An object of [`RValue`].
pub type RObject = RHashMap<RString, RValue>;

/// A JSON-like value made only of `abi_stable` types: the study's single-value approach.
#[repr(C, u8)]
#[derive(StableAbi, Clone, Debug, PartialEq)]
pub enum RValue {
    /// `null`.
    Null,
    /// A boolean.
    Bool(bool),
    /// A signed integer.
    I64(i64),
    /// An unsigned integer.
    U64(u64),
    /// A floating-point number.
    F64(f64),
    /// A string.
    String(RString),
    /// Binary data (from `MessagePack`).
    Bytes(RVec<u8>),
    /// An array.
    Array(RVec<RValue>),
    /// An object.
    Object(RBox<RObject>),
}

impl RValue {
    /// Parses a JSON text (simd-json's serde deserializer into [`RValue`], no intermediate
    /// value). `input` is used as scratch space.
    ///
    /// # Errors
    /// A message saying what is wrong and at which byte, or that arrays and objects nest
    /// deeper than 128 levels.
    pub fn from_json(input: &mut [u8]) -> Result<Self, String> {
        simd_json::serde::from_slice(input).map_err(|e| format!("invalid JSON: {e}"))
    }

    /// Parses one `MessagePack` value (rmp-serde's deserializer into [`RValue`]); map keys
    /// must be strings.
    ///
    /// # Errors
    /// A message saying what is wrong and at which byte (bytes after the value, nesting deeper
    /// than 128 levels, included).
    pub fn from_msgpack(input: &[u8]) -> Result<Self, String> {
        serde::from_msgpack(input)
    }

    /// Appends the value as JSON to `out` (simd-json's serde serializer; bytes are written as
    /// an array of numbers, non-finite floats as `null`).
    pub fn write_json(&self, out: &mut Vec<u8>) {
        serde::write_json(self, out);
    }

    /// The value's type, as value-trait names it.
    fn value_type(&self) -> ValueType {
        match self {
            Self::Null => ValueType::Null,
            Self::Bool(_) => ValueType::Bool,
            Self::I64(_) => ValueType::I64,
            Self::U64(_) => ValueType::U64,
            Self::F64(_) => ValueType::F64,
            Self::String(_) => ValueType::String,
            Self::Bytes(_) => ValueType::Custom("bytes"),
            Self::Array(_) => ValueType::Array,
            Self::Object(_) => ValueType::Object,
        }
    }
}

/// No memoized keys: `Known` is `Plain`. Look-ups and inserts go through the map's vtable.
impl Event for RValue {
    type Known = Plain;

    #[inline]
    fn get(&self, key: &str) -> Option<&Self> {
        match self {
            Self::Object(object) => object.get(key),
            _ => None,
        }
    }

    #[inline]
    fn insert(&mut self, key: &'static str, value: Self) -> Result<(), RuleError> {
        match self {
            Self::Object(object) => {
                object.insert(RString::from(key), value);
                Ok(())
            }
            other => Err(RuleError::not_an_object(other.kind())),
        }
    }

    #[inline]
    fn as_str(&self) -> Option<&str> {
        match self {
            Self::String(s) => Some(s.as_str()),
            _ => None,
        }
    }

    #[inline]
    fn as_u64(&self) -> Option<u64> {
        match *self {
            Self::U64(n) => Some(n),
            Self::I64(n) => u64::try_from(n).ok(),
            _ => None,
        }
    }

    fn as_bool(&self) -> Option<bool> {
        match *self {
            Self::Bool(b) => Some(b),
            _ => None,
        }
    }

    fn keys(&self) -> Option<Vec<&str>> {
        match self {
            Self::Object(object) => Some(object.keys().map(RString::as_str).collect()),
            _ => None,
        }
    }

    #[inline]
    fn as_slice(&self) -> Option<&[Self]> {
        match self {
            Self::Array(items) => Some(items.as_slice()),
            _ => None,
        }
    }

    fn is_null(&self) -> bool {
        matches!(self, Self::Null)
    }

    #[inline]
    fn is_object(&self) -> bool {
        matches!(self, Self::Object(_))
    }

    fn kind(&self) -> &'static str {
        kind_name(self.value_type())
    }

    #[inline]
    fn from_static_str(s: &'static str) -> Self {
        Self::String(RString::from(s))
    }

    #[inline]
    fn from_u64(n: u64) -> Self {
        Self::U64(n)
    }
}
