//! What the integration tests share: the value strategies (the `proptest` feature's, which the
//! tests enable through the dev-dependency on this crate) and the `serde_json` model of a value.

#![allow(dead_code, unused_imports)] // each test file uses a part

use ffi_value::{StaticNode, Value};

pub use ffi_value::proptest::{json_value as arb_json_value, key as arb_key, value as arb_value};

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
