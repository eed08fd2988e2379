//! Conversions into values: `From` every primitive, strings, vectors, maps (std's and
//! halfbrown's `HashMap`), pairs and `()`.
//!
//! Integers keep their signedness, as in simd-json's and tremor's values: signed ones become
//! `I64` and unsigned ones `U64`, so the [`value_type`](value_trait::prelude::TypedValue) of
//! `Value::from(7_u8)` is `U64`, as it is for simd-json (`I64(7)` and `U64(7)` are still equal,
//! see `impl PartialEq for Value`); `f32` widens to `F64`. Borrowed strings stay borrowed (no
//! copy); owned ones are copied once into a block of this library's allocator.
//!
//! ```
//! use ffi_value::{StaticNode, Value};
//!
//! assert!(matches!(Value::from(7_u8), Value::Static(StaticNode::U64(7))));
//! assert!(matches!(Value::from(7_i8), Value::Static(StaticNode::I64(7))));
//! assert_eq!(Value::from(7_u8), Value::from(7_i8));
//! assert!(matches!(Value::from(u64::MAX), Value::Static(StaticNode::U64(u64::MAX))));
//! assert!(matches!(Value::from(()), Value::Static(StaticNode::Null)));
//! let text = String::from("borrowed");
//! assert!(matches!(Value::from(&text), Value::String(ref s) if s.is_borrowed()));
//! let tags: Value = vec!["a", "b"].into();
//! assert_eq!(tags, vec!["a", "b"]);
//! let event: Value = [("aint", 42)].into_iter().collect();
//! assert_eq!(event["aint"], 42);
//! let mut tremor_style = halfbrown::HashMap::new();
//! tremor_style.insert("aint".to_string(), 42_u64);
//! assert_eq!(Value::from(tremor_style.clone()), tremor_style);
//! ```

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::BuildHasher;

use super::{Array, Object, StaticNode, Value};
use crate::ffi::{FfiCowBytes, FfiCowStr};

/// `I64` for a signed integer.
const fn signed(n: i64) -> Value<'static> {
    Value::Static(StaticNode::I64(n))
}

/// `U64` for an unsigned integer.
const fn unsigned(n: u64) -> Value<'static> {
    Value::Static(StaticNode::U64(n))
}

/// `From<$t>` for each listed type: converted losslessly to `$wide`, then by `$make`.
macro_rules! from_number {
    ($make:ident($wide:ty): $($t:ty),*) => {$(
        impl From<$t> for Value<'_> {
            #[doc = concat!("A number from a `", stringify!($t), "`.")]
            fn from(n: $t) -> Self {
                $make(<$wide>::from(n))
            }
        }
    )*};
}

from_number!(signed(i64): i8, i16, i32, i64);
from_number!(unsigned(u64): u8, u16, u32, u64);

impl From<isize> for Value<'_> {
    /// `I64` (an `isize` is at most 64 bits wide on every target Rust supports).
    fn from(n: isize) -> Self {
        signed(n as i64)
    }
}

impl From<usize> for Value<'_> {
    /// `U64` (a `usize` is at most 64 bits wide on every target Rust supports).
    fn from(n: usize) -> Self {
        unsigned(n as u64)
    }
}

impl From<f64> for Value<'_> {
    /// `F64`, NaN and infinities included (JSON writers may refuse those).
    fn from(f: f64) -> Self {
        Value::Static(StaticNode::F64(f))
    }
}

impl From<f32> for Value<'_> {
    /// `F64`, widened exactly.
    fn from(f: f32) -> Self {
        Value::from(f64::from(f))
    }
}

impl From<bool> for Value<'_> {
    fn from(b: bool) -> Self {
        Value::Static(StaticNode::Bool(b))
    }
}

impl From<()> for Value<'_> {
    /// `null`.
    fn from((): ()) -> Self {
        Value::NULL
    }
}

impl From<StaticNode> for Value<'_> {
    /// The node as it is (an integer keeps its `I64`/`U64` kind).
    fn from(node: StaticNode) -> Self {
        Value::Static(node)
    }
}

impl From<char> for Value<'_> {
    /// A one-character owned string.
    fn from(c: char) -> Self {
        Value::String(FfiCowStr::borrowed(c.encode_utf8(&mut [0; 4])).into_owned())
    }
}

impl<'v> From<FfiCowStr<'v>> for Value<'v> {
    fn from(s: FfiCowStr<'v>) -> Self {
        Value::String(s)
    }
}

/// String-like types that become a [`Value::String`] through [`FfiCowStr::from`].
macro_rules! from_string {
    ($($t:ty: $doc:literal),*) => {$(
        impl<'v> From<$t> for Value<'v> {
            #[doc = $doc]
            fn from(s: $t) -> Self {
                Value::String(FfiCowStr::from(s))
            }
        }
    )*};
}

from_string!(
    &'v str: "Borrows the string: no copy.",
    &'v String: "Borrows the string: no copy.",
    String: "Copies the string into a block of this library's allocator.",
    Cow<'v, str>: "Borrows a borrowed string, copies an owned one."
);

impl<'v> From<FfiCowBytes<'v>> for Value<'v> {
    /// [`Value::Bytes`].
    fn from(bytes: FfiCowBytes<'v>) -> Self {
        Value::Bytes(bytes)
    }
}

impl<'v, T: Into<Value<'v>>> From<Vec<T>> for Value<'v> {
    /// An array of the converted elements.
    fn from(items: Vec<T>) -> Self {
        items.into_iter().collect()
    }
}

impl<'v> From<Array<'v>> for Value<'v> {
    /// The array as it is.
    fn from(array: Array<'v>) -> Self {
        Value::Array(array)
    }
}

impl<'v, T: Into<Value<'v>>> From<Option<T>> for Value<'v> {
    /// `null` for `None`.
    fn from(option: Option<T>) -> Self {
        option.map_or(Value::NULL, Into::into)
    }
}

impl<'v> From<Object<'v>> for Value<'v> {
    /// The object as it is.
    fn from(object: Object<'v>) -> Self {
        Value::Object(object)
    }
}

/// `From` a map type: an object of its converted entries, with the default map backend.
macro_rules! from_map {
    ($($map:ident)::+) => {
        impl<'v, K, V, S> From<$($map)::+<K, V, S>> for Value<'v>
        where
            K: Into<FfiCowStr<'v>>,
            V: Into<Value<'v>>,
            S: BuildHasher,
        {
            /// An object with the converted entries, with the default map backend.
            fn from(map: $($map)::+<K, V, S>) -> Self {
                map.into_iter().collect()
            }
        }
    };
}

from_map!(HashMap);
from_map!(halfbrown::HashMap);

impl<'v, V: Into<Value<'v>>> FromIterator<V> for Value<'v> {
    /// An array.
    fn from_iter<I: IntoIterator<Item = V>>(iter: I) -> Self {
        Value::Array(iter.into_iter().map(Into::into).collect())
    }
}

impl<'v, K: Into<FfiCowStr<'v>>, V: Into<Value<'v>>> FromIterator<(K, V)> for Value<'v> {
    /// An object with the default map backend; a repeated key keeps its last value.
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut object = crate::value::new_object(0);
        object.extend(iter.into_iter().map(|(k, v)| (k.into(), v.into())));
        Value::Object(object)
    }
}
