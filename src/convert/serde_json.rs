//! Conversions with `serde_json::Value`.
//!
//! Non-negative integers become `U64`, negative ones `I64` (as `parse_json` makes them), and
//! other numbers `F64`.
//! Going out, non-finite floats become `null` (`serde_json` has no other representation) and
//! bytes become standard padded base64 strings, as the JSON writer writes them.

use std::borrow::Cow;

use serde_json::{Map, Number, Value as JsonValue};

use super::{export, import, Foreign, Node};
use crate::{StaticNode, Value};

/// The node of a `serde_json` number.
fn number(n: &Number) -> StaticNode {
    if let Some(n) = n.as_u64() {
        StaticNode::U64(n)
    } else if let Some(n) = n.as_i64() {
        StaticNode::I64(n)
    } else {
        n.as_f64().map_or(StaticNode::Null, StaticNode::F64)
    }
}

impl<'v> Foreign<'v> for JsonValue {
    type Key = String;
    type Items = Vec<JsonValue>;
    type Entries = Map<String, JsonValue>;

    fn into_node(self) -> Node<'v, Self::Items, Self::Entries> {
        match self {
            JsonValue::Null => Node::Static(StaticNode::Null),
            JsonValue::Bool(b) => Node::Static(StaticNode::Bool(b)),
            JsonValue::Number(n) => Node::Static(number(&n)),
            JsonValue::String(s) => Node::String(s.into()),
            JsonValue::Array(items) => Node::Array(items),
            JsonValue::Object(entries) => Node::Object(entries),
        }
    }
    fn from_static(node: StaticNode) -> Self {
        match node {
            StaticNode::Null => JsonValue::Null,
            StaticNode::Bool(b) => JsonValue::Bool(b),
            StaticNode::I64(n) => JsonValue::Number(n.into()),
            StaticNode::U64(n) => JsonValue::Number(n.into()),
            StaticNode::F64(f) => Number::from_f64(f).map_or(JsonValue::Null, JsonValue::Number),
        }
    }
    fn from_string(s: Cow<'v, str>) -> Self {
        JsonValue::String(s.into_owned())
    }
    fn from_items(items: impl ExactSizeIterator<Item = Self>) -> Self {
        JsonValue::Array(items.collect())
    }
    fn from_entries(entries: impl ExactSizeIterator<Item = (Cow<'v, str>, Self)>) -> Self {
        JsonValue::Object(
            entries
                .map(|(key, value)| (key.into_owned(), value))
                .collect(),
        )
    }
}

/// ```
/// use ffi_value::{StaticNode, Value};
///
/// let value = Value::from(serde_json::json!({"n": 18446744073709551615_u64}));
/// let Value::Object(object) = &value else { panic!() };
/// assert!(matches!(object["n"], Value::Static(StaticNode::U64(u64::MAX))));
/// ```
impl From<JsonValue> for Value<'static> {
    fn from(value: JsonValue) -> Self {
        import(value)
    }
}

/// Non-finite floats become `null`; bytes become standard padded base64 strings.
///
/// ```
/// use ffi_value::{FfiCowBytes, StaticNode, Value};
///
/// let value = Value::Array(
///     [Value::Bytes(FfiCowBytes::from(&b"hi"[..])), Value::Static(StaticNode::F64(f64::NAN))]
///         .into_iter()
///         .collect(),
/// );
/// assert_eq!(serde_json::Value::from(value), serde_json::json!(["aGk=", null]));
/// ```
impl From<Value<'_>> for JsonValue {
    fn from(value: Value<'_>) -> Self {
        export(value)
    }
}
