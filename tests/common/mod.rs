//! What the integration tests share: proptest strategies for values.

#![allow(dead_code)] // each test file uses a part

use ffi_value::{FfiCowBytes, FfiCowStr, FfiMap, FfiVec, StaticNode, Value};
use proptest::prelude::*;

/// Keys: short, with some repeats, escapes and non-ASCII text.
pub fn arb_key() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-z_]{1,12}",
        1 => "\\PC{0,8}",
        1 => Just("with \"quotes\" and \\ backslash\n".to_string()),
    ]
}

/// Scalars that JSON can hold exactly: null, booleans, integers, finite floats.
pub fn arb_json_scalar() -> impl Strategy<Value = Value<'static>> {
    prop_oneof![
        Just(Value::Static(StaticNode::Null)),
        any::<bool>().prop_map(|b| Value::Static(StaticNode::Bool(b))),
        any::<i64>().prop_map(|n| Value::Static(StaticNode::I64(n))),
        (i64::MAX.unsigned_abs()..=u64::MAX).prop_map(|n| Value::Static(StaticNode::U64(n))),
        any::<f64>()
            .prop_filter("JSON has no NaN or infinity", |f| f.is_finite())
            .prop_map(|f| Value::Static(StaticNode::F64(f))),
        "\\PC{0,24}".prop_map(|s| Value::String(FfiCowStr::from(s))),
    ]
}

/// Values that a JSON text represents exactly (no bytes).
pub fn arb_json_value() -> impl Strategy<Value = Value<'static>> {
    arb_json_scalar().prop_recursive(4, 64, 8, containers)
}

/// Any value, bytes included.
pub fn arb_value() -> impl Strategy<Value = Value<'static>> {
    let leaf = prop_oneof![
        5 => arb_json_scalar(),
        1 => prop::collection::vec(any::<u8>(), 0..24).prop_map(|b| Value::Bytes(FfiCowBytes::from(b))),
    ];
    leaf.prop_recursive(4, 64, 8, containers)
}

/// Arrays and objects of `inner`.
fn containers(inner: BoxedStrategy<Value<'static>>) -> impl Strategy<Value = Value<'static>> {
    prop_oneof![
        prop::collection::vec(inner.clone(), 0..8)
            .prop_map(|items| Value::Array(items.into_iter().collect::<FfiVec<_>>())),
        prop::collection::vec((arb_key(), inner), 0..8).prop_map(|entries| {
            Value::Object(
                entries
                    .into_iter()
                    .map(|(k, v)| (FfiCowStr::from(k), v))
                    .collect::<FfiMap<_, _>>(),
            )
        }),
    ]
}

/// `serde_json`'s model of a value, built independently of our writer and conversions:
/// bytes as standard padded base64 strings (as we write them), non-finite floats as `null`.
pub fn to_serde(value: &Value<'_>) -> serde_json::Value {
    use base64::Engine;
    match value {
        Value::Static(StaticNode::Null) => serde_json::Value::Null,
        Value::Static(StaticNode::Bool(b)) => serde_json::Value::Bool(*b),
        Value::Static(StaticNode::I64(n)) => serde_json::Value::from(*n),
        Value::Static(StaticNode::U64(n)) => serde_json::Value::from(*n),
        // `from(f64)` is `null` for non-finite floats, as we write them.
        Value::Static(StaticNode::F64(f)) => serde_json::Value::from(*f),
        Value::String(s) => serde_json::Value::from(s.as_str()),
        Value::Bytes(b) => {
            serde_json::Value::from(base64::engine::general_purpose::STANDARD.encode(b.as_slice()))
        }
        Value::Array(items) => items.iter().map(to_serde).collect(),
        Value::Object(object) => serde_json::Value::Object(
            object
                .iter()
                .map(|(k, v)| (k.as_str().to_owned(), to_serde(v)))
                .collect(),
        ),
    }
}
