//! Equality with simd-json's `OwnedValue` and `BorrowedValue`, both ways, without converting.
//!
//! `value == simd` means `value == Value::from(simd.clone())`: structural, with this crate's
//! rules for numbers (integers by value across `I64`/`U64`, floats by [`f64::total_cmp`]);
//! [`Value::Bytes`] equals no simd-json value (converted, bytes become base64 strings).

use std::borrow::Borrow;

use simd_json::{BorrowedValue, OwnedValue};
use value_trait::prelude::ObjectTrait;

use super::cmp::cmp_nodes;
use super::{StaticNode, Value};

/// A simd-json value, seen through a shared reference.
enum View<'a, P: Peer> {
    Static(&'a StaticNode),
    String(&'a str),
    Array(&'a [P]),
    Object(&'a P::Object),
}

/// simd-json's value types: what [`eq_peer`] needs to read them.
trait Peer: Sized {
    /// The object type, a halfbrown map with string-like keys.
    type Object: ObjectTrait<Element = Self, Key: Borrow<str>>;

    fn view(&self) -> View<'_, Self>;
}

impl Peer for OwnedValue {
    type Object = simd_json::owned::Object;

    fn view(&self) -> View<'_, Self> {
        match self {
            Self::Static(node) => View::Static(node),
            Self::String(s) => View::String(s),
            Self::Array(items) => View::Array(items),
            Self::Object(entries) => View::Object(&**entries),
        }
    }
}

impl<'b> Peer for BorrowedValue<'b> {
    type Object = simd_json::borrowed::Object<'b>;

    fn view(&self) -> View<'_, Self> {
        match self {
            Self::Static(node) => View::Static(node),
            Self::String(s) => View::String(s),
            Self::Array(items) => View::Array(items),
            Self::Object(entries) => View::Object(&**entries),
        }
    }
}

/// `ours == Value::from(theirs)`, without converting.
fn eq_peer<P: Peer>(ours: &Value<'_>, theirs: &P) -> bool {
    match (ours, theirs.view()) {
        (Value::Static(a), View::Static(b)) => cmp_nodes(a, b).is_eq(),
        (Value::String(a), View::String(b)) => a.as_str() == b,
        (Value::Array(a), View::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| eq_peer(x, y))
        }
        (Value::Object(a), View::Object(b)) => {
            a.len() == b.len()
                && a.iter()
                    .all(|(key, x)| b.get(key.as_str()).is_some_and(|y| eq_peer(x, y)))
        }
        _ => false,
    }
}

/// `Value == simd-json value`, documented by the caller, and the reverse.
macro_rules! eq_simd {
    ($($(#[$doc:meta])* $t:ty),*) => {$(
        $(#[$doc])*
        impl PartialEq<$t> for Value<'_> {
            fn eq(&self, other: &$t) -> bool {
                eq_peer(self, other)
            }
        }

        /// As `Value == self`.
        impl PartialEq<Value<'_>> for $t {
            fn eq(&self, other: &Value<'_>) -> bool {
                eq_peer(other, self)
            }
        }
    )*};
}

eq_simd!(
    /// Equality with simd-json's values, in both directions, as with the [`Value`] converted
    /// from them: numbers by this crate's rules (`I64(1) == U64(1)`, `NaN == NaN`,
    /// `-0.0 != 0.0`), objects as maps; [`Value::Bytes`] equals no simd-json value.
    ///
    /// ```
    /// use ffi_value::{literal, FfiCowBytes, Value};
    ///
    /// let mut text = br#"{"a": [1, -2.5, "s"], "b": null}"#.to_vec();
    /// let owned = simd_json::to_owned_value(&mut text).unwrap();
    /// let ours = literal!({"b": null, "a": [1_i64, -2.5, "s"]});
    /// assert_eq!(ours, owned);
    /// assert_eq!(owned, ours);
    /// let bytes = Value::Bytes(FfiCowBytes::from(&b"s"[..]));
    /// assert_ne!(bytes, simd_json::OwnedValue::from("cw=="));
    /// ```
    OwnedValue,
    /// As with `OwnedValue`.
    ///
    /// ```
    /// use ffi_value::literal;
    ///
    /// let mut text = br#"{"a": [1, -2.5, "s"], "b": null}"#.to_vec();
    /// let borrowed = simd_json::to_borrowed_value(&mut text).unwrap();
    /// let ours = literal!({"b": null, "a": [1_u8, -2.5, "s"]});
    /// assert_eq!(ours, borrowed);
    /// assert_eq!(borrowed, ours);
    /// ```
    BorrowedValue<'_>
);
