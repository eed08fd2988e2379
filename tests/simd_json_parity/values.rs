//! The random values, built both ways, and their content read through the traits.
//!
//! The values are the `proptest` feature's ([`ValueConfig`]), configured for this test: no
//! bytes (simd-json has none), few keys, numbers at the edges and special floats; each is
//! then built as simd-json's value (the oracle) and as ours, both with explicit constructors.

use std::borrow::Borrow;

use ffi_value::proptest::ValueConfig;
use ffi_value::{FfiCowStr, FfiMap, Value};
use proptest::prelude::*;
use simd_json::{OwnedValue, StaticNode};
use value_trait::prelude::*;

use crate::Json;

/// Keys: few, so that look-ups, inserts and removes hit existing keys.
pub(crate) const KEYS: [&str; 5] = ["a", "b", "", "ü", "a\"b"];

pub(crate) fn arb_key() -> impl Strategy<Value = &'static str> {
    prop::sample::select(&KEYS[..])
}

/// Integers at the edges of each integer type.
const EDGES: [i64; 14] = [
    0,
    1,
    -1,
    i8::MAX as i64,
    i8::MIN as i64,
    u8::MAX as i64,
    256,
    i16::MIN as i64,
    u16::MAX as i64,
    i32::MAX as i64,
    u32::MAX as i64,
    1 << 32,
    i64::MAX,
    i64::MIN,
];

/// Floats that accessors and writers treat specially.
const FLOATS: [f64; 11] = [
    0.0,
    -0.0,
    1.0,
    -1.5,
    1e300,
    f64::NAN,
    f64::INFINITY,
    f64::NEG_INFINITY,
    f32::MAX as f64 * 2.0,
    f64::MIN_POSITIVE,
    1e-320,
];

/// Every kind of node, with numbers at the edges of each integer type and special floats.
pub(crate) fn arb_node() -> impl Strategy<Value = StaticNode> {
    prop_oneof![
        Just(StaticNode::Null),
        any::<bool>().prop_map(StaticNode::Bool),
        any::<i64>().prop_map(StaticNode::I64),
        any::<u64>().prop_map(StaticNode::U64),
        prop::sample::select(&EDGES[..]).prop_map(StaticNode::I64),
        prop::sample::select(&EDGES[..]).prop_map(|n| StaticNode::U64(n.unsigned_abs())),
        Just(StaticNode::U64(u64::MAX)),
        any::<f64>().prop_map(StaticNode::F64),
        any::<f32>().prop_map(|f| StaticNode::F64(f.into())),
        prop::sample::select(&FLOATS[..]).prop_map(StaticNode::F64),
    ]
}

fn arb_string() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{0,6}",
        prop::sample::select(&["", "x", "ünï", "✓x", "\"\\\n", "a"][..]).prop_map(String::from),
    ]
}

/// The oracle: simd-json's owned value, of a value of the `proptest` feature's strategy
/// (made from ours with simd-json's constructors; the tests build ours back from it with
/// [`ours`]).
pub(crate) fn arb_simd() -> impl Strategy<Value = OwnedValue> {
    ValueConfig::json()
        .depth(3)
        .size(40)
        .breadth(5)
        .keys(arb_key().prop_map(String::from))
        .strings(arb_string())
        .i64s(prop_oneof![any::<i64>(), prop::sample::select(&EDGES[..])])
        .u64s(prop_oneof![
            any::<u64>(),
            prop::sample::select(&EDGES[..]).prop_map(i64::unsigned_abs),
            Just(u64::MAX),
        ])
        .f64s(prop_oneof![
            any::<f64>(),
            any::<f32>().prop_map(f64::from),
            prop::sample::select(&FLOATS[..]),
        ])
        .strategy()
        .prop_map(|v| simd(&v))
}

/// simd-json's value with the content of `v` (which holds no bytes), built with simd-json's
/// constructors, in `v`'s order.
fn simd(v: &Value<'_>) -> OwnedValue {
    match v {
        Value::Static(node) => OwnedValue::Static(*node),
        Value::String(s) => OwnedValue::String(s.as_str().to_owned()),
        Value::Array(items) => OwnedValue::from(items.iter().map(simd).collect::<Vec<_>>()),
        Value::Object(entries) => entries
            .iter()
            .map(|(k, v)| (k.as_str().to_owned(), simd(v)))
            .collect(),
        Value::Bytes(_) => unreachable!("JSON values hold no bytes"),
    }
}

/// Our value with the content of `v`, built with explicit constructors (not the conversion
/// under test); with `vtable`, every map dispatches through its vtable, as another library's.
pub(crate) fn ours(v: &OwnedValue, vtable: bool) -> Value<'static> {
    match v {
        OwnedValue::Static(node) => Value::Static(*node),
        OwnedValue::String(s) => Value::String(FfiCowStr::from(s.clone())),
        OwnedValue::Array(items) => Value::Array(items.iter().map(|v| ours(v, vtable)).collect()),
        OwnedValue::Object(entries) => {
            let map: FfiMap<_, _> = entries
                .iter()
                .map(|(k, v)| (FfiCowStr::from(k.clone()), ours(v, vtable)))
                .collect();
            Value::Object(if vtable {
                map.into_vtable_dispatch()
            } else {
                map
            })
        }
    }
}

/// A value's content, read through the traits alone, with the exact kind of each number and
/// objects sorted by key.
pub(crate) fn canon<V: Json>(v: &V) -> String {
    match v.value_type() {
        ValueType::Null => "null".into(),
        ValueType::Bool => format!("{:?}", v.as_bool().unwrap()),
        ValueType::I64 => format!("i64:{}", v.as_i64().unwrap()),
        ValueType::U64 => format!("u64:{}", v.as_u64().unwrap()),
        ValueType::F64 => format!("f64:{:?}", v.as_f64().unwrap()),
        ValueType::String => format!("{:?}", v.as_str().unwrap()),
        ValueType::Array => {
            let items: Vec<String> = ArrayTrait::iter(v.as_array().unwrap()).map(canon).collect();
            format!("[{}]", items.join(","))
        }
        ValueType::Object => {
            let mut entries: Vec<String> = ObjectTrait::iter(v.as_object().unwrap())
                .map(|(k, v)| format!("{:?}:{}", k.borrow(), canon(v)))
                .collect();
            entries.sort();
            format!("{{{}}}", entries.join(","))
        }
        other => panic!("not a JSON type: {other}"),
    }
}
