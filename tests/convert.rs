//! Conversions with simd-json's `OwnedValue`/`BorrowedValue` and `serde_json::Value`, checked
//! against the values those crates build through `Serialize` and against the JSON writer.

mod common;

use std::borrow::Cow;

use base64::Engine;
use common::{arb_json_value, arb_value};
use ffi_value::{
    parse_msgpack, to_json_sorted, to_msgpack, FfiCowBytes, FfiCowStr, FfiMap, StaticNode, Value,
};
use proptest::prelude::*;
use simd_json::{BorrowedValue, OwnedValue};

/// What a value becomes outside: bytes as standard padded base64 strings.
fn bytes_as_base64(value: Value<'static>) -> Value<'static> {
    match value {
        Value::Bytes(bytes) => Value::String(FfiCowStr::from(
            base64::engine::general_purpose::STANDARD.encode(&*bytes),
        )),
        Value::Array(items) => Value::Array(items.into_iter().map(bytes_as_base64).collect()),
        Value::Object(object) => Value::Object(
            object
                .into_iter()
                .map(|(k, v)| (k, bytes_as_base64(v)))
                .collect(),
        ),
        other => other,
    }
}

/// Whether every string and key of a simd-json borrowed value is `Cow::Borrowed`.
fn simd_all_borrowed(value: &BorrowedValue<'_>) -> bool {
    match value {
        BorrowedValue::Static(_) => true,
        BorrowedValue::String(s) => matches!(s, Cow::Borrowed(_)),
        BorrowedValue::Array(items) => items.iter().all(simd_all_borrowed),
        BorrowedValue::Object(object) => object
            .iter()
            .all(|(k, v)| matches!(k, Cow::Borrowed(_)) && simd_all_borrowed(v)),
    }
}

/// Whether every string and key of `value` is borrowed.
fn all_borrowed(value: &Value<'_>) -> bool {
    match value {
        Value::Static(_) | Value::Bytes(_) => true,
        Value::String(s) => s.is_borrowed(),
        Value::Array(items) => items.iter().all(all_borrowed),
        Value::Object(object) => object
            .iter()
            .all(|(k, v)| k.is_borrowed() && all_borrowed(v)),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Out and back in is the identity, and out is what the other crate builds from the
    /// value's `Serialize` (the model).
    #[test]
    fn json_values_convert_exactly(value in arb_json_value()) {
        let json = serde_json::Value::from(value.clone());
        prop_assert_eq!(&json, &serde_json::to_value(&value).unwrap());
        prop_assert_eq!(Value::from(json), value.clone());

        let owned = OwnedValue::from(value.clone());
        prop_assert_eq!(&owned, &simd_json::serde::to_owned_value(&value).unwrap());
        prop_assert_eq!(Value::from(owned), value.clone());

        let borrowed = BorrowedValue::from(value.clone());
        prop_assert_eq!(&borrowed, &simd_json::serde::to_borrowed_value(&value).unwrap());
        prop_assert_eq!(Value::from(borrowed), value);
    }

    /// With bytes: they come back as base64 strings, from all three.
    #[test]
    fn bytes_come_back_as_base64_strings(value in arb_value()) {
        let expected = bytes_as_base64(value.clone());
        prop_assert_eq!(Value::from(serde_json::Value::from(value.clone())), expected.clone());
        prop_assert_eq!(Value::from(OwnedValue::from(value.clone())), expected.clone());
        prop_assert_eq!(Value::from(BorrowedValue::from(value)), expected);
    }

    /// The base64 strings are those of the JSON writer: its text, parsed by simd-json, is
    /// what the conversion makes.
    #[test]
    fn bytes_match_the_json_writer(value in arb_value()) {
        let mut text = to_json_sorted(&value).into_bytes();
        let parsed = simd_json::to_owned_value(&mut text).unwrap();
        prop_assert_eq!(Value::from(parsed), Value::from(OwnedValue::from(value)));
    }

    /// Borrowed strings stay borrowed both ways.
    #[test]
    fn borrowed_strings_stay_borrowed(value in arb_json_value()) {
        let encoded = to_msgpack(&value).unwrap();
        let parsed = parse_msgpack(&encoded).unwrap();
        let simd = BorrowedValue::from(parsed);
        prop_assert!(simd_all_borrowed(&simd));
        let back = Value::from(simd);
        prop_assert!(all_borrowed(&back));
        prop_assert_eq!(back, value);
    }

    /// From simd-json's own parse: a string is borrowed exactly when simd-json borrowed it.
    #[test]
    fn simd_json_parse_borrows(value in arb_json_value()) {
        let mut text = serde_json::to_vec(&value).unwrap();
        let simd = simd_json::to_borrowed_value(&mut text).unwrap();
        let mut simd_flags = Vec::new();
        collect_simd_flags(&simd, &mut simd_flags);
        let converted = Value::from(simd);
        let mut flags = Vec::new();
        collect_flags(&converted, &mut flags);
        prop_assert_eq!(flags, simd_flags);
    }
}

/// Whether each string and key is borrowed, in order: keys sorted so both sides agree.
fn collect_simd_flags(value: &BorrowedValue<'_>, out: &mut Vec<(String, bool)>) {
    match value {
        BorrowedValue::Static(_) => {}
        BorrowedValue::String(s) => out.push((s.to_string(), matches!(s, Cow::Borrowed(_)))),
        BorrowedValue::Array(items) => items.iter().for_each(|v| collect_simd_flags(v, out)),
        BorrowedValue::Object(object) => {
            let mut entries: Vec<_> = object.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            for (k, v) in entries {
                out.push((k.to_string(), matches!(k, Cow::Borrowed(_))));
                collect_simd_flags(v, out);
            }
        }
    }
}

/// As [`collect_simd_flags`], for a value.
fn collect_flags(value: &Value<'_>, out: &mut Vec<(String, bool)>) {
    match value {
        Value::Static(_) | Value::Bytes(_) => {}
        Value::String(s) => out.push((s.to_string(), s.is_borrowed())),
        Value::Array(items) => items.iter().for_each(|v| collect_flags(v, out)),
        Value::Object(object) => {
            let mut entries: Vec<_> = object.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            for (k, v) in entries {
                out.push((k.to_string(), k.is_borrowed()));
                collect_flags(v, out);
            }
        }
    }
}

#[test]
fn non_finite_floats() {
    for float in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        let value = Value::Static(StaticNode::F64(float));
        assert_eq!(
            serde_json::Value::from(value.clone()),
            serde_json::Value::Null
        );
        // simd-json holds any float: bits unchanged both ways.
        let back = Value::from(OwnedValue::from(value));
        assert!(
            matches!(back, Value::Static(StaticNode::F64(f)) if f.to_bits() == float.to_bits())
        );
    }
    let negative_zero = Value::from(serde_json::Value::from(Value::Static(StaticNode::F64(
        -0.0,
    ))));
    assert!(
        matches!(negative_zero, Value::Static(StaticNode::F64(f)) if f.to_bits() == (-0.0_f64).to_bits())
    );
}

#[test]
fn numbers_from_serde_json() {
    let value = Value::from(serde_json::json!([
        1,
        -1,
        18_446_744_073_709_551_615_u64,
        0.5
    ]));
    let Value::Array(items) = value else { panic!() };
    let nodes: Vec<_> = items
        .iter()
        .map(|v| match v {
            Value::Static(node) => *node,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        nodes,
        [
            StaticNode::U64(1),
            StaticNode::I64(-1),
            StaticNode::U64(u64::MAX),
            StaticNode::F64(0.5)
        ]
    );
}

#[test]
fn objects_of_another_library_convert() {
    let object: FfiMap<_, _> = [
        (
            FfiCowStr::from("bytes"),
            Value::Bytes(FfiCowBytes::from(&b"\x00\xff"[..])),
        ),
        (FfiCowStr::from("n"), Value::Static(StaticNode::I64(3))),
    ]
    .into_iter()
    .collect();
    let value = Value::Object(object.into_vtable_dispatch());
    assert_eq!(
        serde_json::Value::from(value.clone()),
        serde_json::json!({"bytes": "AP8=", "n": 3})
    );
    let owned = OwnedValue::from(value);
    assert_eq!(owned, simd_json::json!({"bytes": "AP8=", "n": 3}));
}
