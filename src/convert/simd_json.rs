//! Conversions with simd-json's `OwnedValue` and `BorrowedValue`.
//!
//! Numbers, including non-finite floats, convert exactly: both sides hold a [`StaticNode`].

use std::borrow::Cow;

use simd_json::{BorrowedValue, OwnedValue};

use super::{export, import, Foreign, Node};
use crate::{StaticNode, Value};

impl<'v> Foreign<'v> for OwnedValue {
    type Key = String;
    type Items = Vec<OwnedValue>;
    type Entries = simd_json::owned::Object;

    fn into_node(self) -> Node<'v, Self::Items, Self::Entries> {
        match self {
            OwnedValue::Static(node) => Node::Static(node),
            OwnedValue::String(s) => Node::String(s.into()),
            OwnedValue::Array(items) => Node::Array(*items),
            OwnedValue::Object(entries) => Node::Object(*entries),
        }
    }
    fn from_static(node: StaticNode) -> Self {
        OwnedValue::Static(node)
    }
    fn from_string(s: Cow<'v, str>) -> Self {
        OwnedValue::String(s.into_owned())
    }
    fn from_items(items: impl ExactSizeIterator<Item = Self>) -> Self {
        OwnedValue::Array(Box::new(items.collect()))
    }
    fn from_entries(entries: impl ExactSizeIterator<Item = (Cow<'v, str>, Self)>) -> Self {
        OwnedValue::Object(Box::new(
            entries
                .map(|(key, value)| (key.into_owned(), value))
                .collect(),
        ))
    }
}

impl<'v> Foreign<'v> for BorrowedValue<'v> {
    type Key = Cow<'v, str>;
    type Items = Vec<BorrowedValue<'v>>;
    type Entries = simd_json::borrowed::Object<'v>;

    fn into_node(self) -> Node<'v, Self::Items, Self::Entries> {
        match self {
            BorrowedValue::Static(node) => Node::Static(node),
            BorrowedValue::String(s) => Node::String(s.into()),
            BorrowedValue::Array(items) => Node::Array(*items),
            BorrowedValue::Object(entries) => Node::Object(*entries),
        }
    }
    fn from_static(node: StaticNode) -> Self {
        BorrowedValue::Static(node)
    }
    fn from_string(s: Cow<'v, str>) -> Self {
        BorrowedValue::String(s)
    }
    fn from_items(items: impl ExactSizeIterator<Item = Self>) -> Self {
        BorrowedValue::Array(Box::new(items.collect()))
    }
    fn from_entries(entries: impl ExactSizeIterator<Item = (Cow<'v, str>, Self)>) -> Self {
        BorrowedValue::Object(Box::new(entries.collect()))
    }
}

/// Copies nothing it can move; strings are copied into FFI blocks.
///
/// ```
/// use ffi_value::Value;
///
/// let mut text = br#"{"a": [1, -2.5, null]}"#.to_vec();
/// let parsed = simd_json::to_owned_value(&mut text).unwrap();
/// let value = Value::from(parsed.clone());
/// assert_eq!(simd_json::OwnedValue::from(value), parsed);
/// ```
impl From<OwnedValue> for Value<'static> {
    fn from(value: OwnedValue) -> Self {
        import(value)
    }
}

/// Strings that simd-json borrowed from its input stay borrowed.
///
/// ```
/// use ffi_value::Value;
///
/// let mut text = br#"["plain"]"#.to_vec();
/// let value = Value::from(simd_json::to_borrowed_value(&mut text).unwrap());
/// let Value::Array(items) = &value else { panic!() };
/// assert!(matches!(&items[0], Value::String(s) if s.is_borrowed()));
/// ```
impl<'v> From<BorrowedValue<'v>> for Value<'v> {
    fn from(value: BorrowedValue<'v>) -> Self {
        import(value)
    }
}

/// Bytes become standard padded base64 strings, as the JSON writer writes them.
impl From<Value<'_>> for OwnedValue {
    fn from(value: Value<'_>) -> Self {
        export(value)
    }
}

/// Borrowed strings stay borrowed; bytes become standard padded base64 strings, as the JSON
/// writer writes them.
impl<'v> From<Value<'v>> for BorrowedValue<'v> {
    fn from(value: Value<'v>) -> Self {
        export(value)
    }
}
