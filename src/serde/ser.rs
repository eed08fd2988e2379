//! `Serialize` for values and the FFI containers.

use ::serde::ser::{Serialize, Serializer};

use crate::{FfiCowBytes, FfiCowStr, FfiVec, StaticNode, Value};

/// Numbers as themselves, `null` as a unit, strings as strings, bytes as serde bytes (a format
/// without bytes, like JSON through `serde_json`, writes them as it writes `&[u8]`), arrays as
/// sequences and objects as maps with string keys.
///
/// ```
/// use ffi_value::{FfiCowBytes, StaticNode, Value};
///
/// let items = [Value::Static(StaticNode::I64(-1)), Value::NULL];
/// let value = Value::Array(items.into_iter().collect());
/// assert_eq!(serde_json::to_string(&value).unwrap(), "[-1,null]");
/// let bytes = Value::Bytes(FfiCowBytes::from(&[1, 2][..]));
/// assert_eq!(rmp_serde::to_vec(&bytes).unwrap(), [0xc4, 2, 1, 2]); // MessagePack bin
/// ```
impl Serialize for Value<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Static(node) => match *node {
                StaticNode::Null => serializer.serialize_unit(),
                StaticNode::Bool(b) => serializer.serialize_bool(b),
                StaticNode::I64(n) => serializer.serialize_i64(n),
                StaticNode::U64(n) => serializer.serialize_u64(n),
                StaticNode::F64(f) => serializer.serialize_f64(f),
            },
            Value::String(s) => s.serialize(serializer),
            Value::Bytes(b) => b.serialize(serializer),
            Value::Array(items) => items.serialize(serializer),
            Value::Object(object) => serializer.collect_map(object.iter()),
        }
    }
}

/// As a string.
impl Serialize for FfiCowStr<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self)
    }
}

/// As serde bytes (not a sequence of numbers).
impl Serialize for FfiCowBytes<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(self)
    }
}

/// As a sequence, like a `Vec<T>`.
impl<T: Serialize> Serialize for FfiVec<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}
