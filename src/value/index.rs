//! Indexing: `value["key"]` and `value[3]`.
//!
//! Documented on the `Index`/`IndexMut` impls of [`Value`].

use std::ops::{Index, IndexMut};

use super::{StaticNode, Value};
use crate::ffi::FfiCowStr;
use crate::known_key::get_or_insert_hashed;

/// What reading a missing key or element gives.
static NULL: Value<'static> = Value::NULL;

impl Value<'_> {
    /// The kind of value, with its article, for messages: "null", "a boolean", "a number",
    /// "a string", "binary data", "an array" or "an object".
    pub(crate) fn kind_name(&self) -> &'static str {
        match self {
            Value::Static(StaticNode::Null) => "null",
            Value::Static(StaticNode::Bool(_)) => "a boolean",
            Value::Static(_) => "a number",
            Value::String(_) => "a string",
            Value::Bytes(_) => "binary data",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }
}

/// Reading never panics: a missing key or element, or a value of another kind, reads as
/// `null`, as in `serde_json`. Writing through `value["key"]` inserts missing keys (and turns
/// `null` into an object); writing through `value[3]` needs an existing element. (simd-json's
/// values panic on a missing key or index, reading or writing: a difference kept on purpose.)
///
/// ```
/// use ffi_value::{literal, Value};
///
/// let mut event = literal!({"tags": ["a", "b"], "aint": 42});
/// assert_eq!(event["tags"][1], "b");
/// assert_eq!(event["missing"]["deeper"][7], Value::NULL);
/// event["tags"][0] = Value::from("z");
/// event["new"]["nested"] = Value::from(true); // `null` becomes an object
/// assert_eq!(event, literal!({"tags": ["z", "b"], "aint": 42, "new": {"nested": true}}));
/// ```
impl<'v> Index<&str> for Value<'v> {
    type Output = Value<'v>;

    /// The value of `key` in an object; `null` if the key is missing or this is not an object.
    fn index(&self, key: &str) -> &Value<'v> {
        match self {
            Value::Object(object) => object.get(key).unwrap_or(&NULL),
            _ => &NULL,
        }
    }
}

impl<'v> Index<usize> for Value<'v> {
    type Output = Value<'v>;

    /// The element at `index` of an array; `null` if it is out of bounds or this is not an
    /// array.
    fn index(&self, index: usize) -> &Value<'v> {
        match self {
            Value::Array(array) => array.get(index).unwrap_or(&NULL),
            _ => &NULL,
        }
    }
}

impl<'v> IndexMut<&str> for Value<'v> {
    /// The value of `key` in an object, inserting `null` (with a copy of `key`) if it is
    /// missing. A `null` value first becomes an empty object.
    ///
    /// # Panics
    /// If the value is neither an object nor `null`, as `serde_json` does. Use
    /// [`KnownKey::get_or_insert_with`](crate::KnownKey::get_or_insert_with) for an error
    /// instead.
    fn index_mut(&mut self, key: &str) -> &mut Value<'v> {
        if matches!(self, Value::Static(StaticNode::Null)) {
            *self = Value::object();
        }
        match self {
            Value::Object(object) => {
                let hash = object.hash_key(key);
                get_or_insert_hashed(
                    object,
                    hash,
                    key,
                    || FfiCowStr::borrowed(key).into_owned(),
                    || Value::NULL,
                )
            }
            other => panic!(
                "cannot index into {} with the key {key:?}: only objects and null can be",
                other.kind_name()
            ),
        }
    }
}

impl<'v> IndexMut<usize> for Value<'v> {
    /// The element at `index` of an array.
    ///
    /// # Panics
    /// If this is not an array, or `index` is out of bounds (as slices do).
    fn index_mut(&mut self, index: usize) -> &mut Value<'v> {
        match self {
            Value::Array(array) => {
                let len = array.len();
                array.get_mut(index).unwrap_or_else(|| {
                    panic!("index {index} out of bounds for an array of length {len}")
                })
            }
            other => panic!(
                "cannot index into {} with the number {index}: only arrays can be",
                other.kind_name()
            ),
        }
    }
}
