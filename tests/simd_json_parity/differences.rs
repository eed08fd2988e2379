//! The differences kept on purpose (docs/value.md, "Differences from simd-json's values"), each shown
//! against simd-json.

use std::collections::HashMap;

use ffi_value::{parse_json, FfiCowBytes, Value};
use simd_json::OwnedValue;
use value_trait::prelude::*;

use crate::values::canon;

#[test]
fn from_keeps_the_signedness_as_simd_json_does() {
    for (mine, theirs) in [
        (Value::from(7_u8), OwnedValue::from(7_u8)),
        (Value::from(7_usize), OwnedValue::from(7_usize)),
        (Value::from(7_i32), OwnedValue::from(7_i32)),
        (Value::from(u64::MAX), OwnedValue::from(u64::MAX)),
    ] {
        assert_eq!(mine.value_type(), theirs.value_type());
        assert_eq!(canon(&mine), canon(&theirs));
    }
    assert_eq!(Value::from(7_u8).value_type(), ValueType::U64);
    // `I64(7)` and `U64(7)` are equal, as in simd-json.
    assert_eq!(Value::from(7_u8), Value::from(7_i8));
    assert_eq!(OwnedValue::from(7_u8), OwnedValue::from(7_i8));
}

#[test]
fn equal_to_maps_and_references() {
    let mine: Value = [("a", 1_u8)].into_iter().collect();
    let std_map = HashMap::from([("a".to_string(), 1_i64)]);
    let mut halfbrown_map = halfbrown::HashMap::new();
    halfbrown_map.insert("a", 1_u64);
    assert_eq!(mine, std_map);
    assert_eq!(mine, halfbrown_map);
    assert_eq!(Value::from(halfbrown_map.clone()), mine);
    assert_ne!(mine, HashMap::from([("a", 2)]));
    assert_ne!(mine, HashMap::from([("a", 1), ("b", 1)]));
    assert_ne!(Value::from(1), HashMap::<String, i32>::new());
    assert_eq!(Value::from(1), &1_u8);
    assert_eq!(Value::from("s"), &"s");
    assert_eq!(Value::from(true), &true);
    assert_eq!(Value::from(()), &());
    assert_eq!(Value::from(-1), &-1_i128);
    assert_eq!(Value::from(u64::MAX), &u128::from(u64::MAX));
    assert_ne!(Value::from(-1), u128::MAX);
}

#[test]
fn display_is_json_where_simd_json_shows_text_and_debug() {
    // Null, booleans and integers read the same; strings, floats and containers do not.
    let cases: [(Value, OwnedValue, &str, &str); 5] = [
        (Value::from("s"), OwnedValue::from("s"), "\"s\"", "s"),
        (Value::from(1.0), OwnedValue::from(1.0), "1.0", "1"),
        (
            Value::from(f64::NAN),
            OwnedValue::from(f64::NAN),
            "null",
            "NaN",
        ),
        (
            Value::from(vec![1_u8]),
            OwnedValue::from(vec![1_u8]),
            "[1]",
            "[Static(U64(1))]",
        ),
        (Value::from(-3), OwnedValue::from(-3), "-3", "-3"),
    ];
    for (mine, theirs, mine_text, their_text) in cases {
        assert_eq!(mine.to_string(), mine_text);
        assert_eq!(theirs.to_string(), their_text);
        // `encode` is the same JSON for both.
        assert_eq!(mine.encode(), theirs.encode());
    }
}

#[test]
fn floats_compare_by_total_order_not_ieee_or_approximately() {
    let (nan, zero, neg_zero) = (f64::NAN, 0.0_f64, -0.0_f64);
    // A NaN equals a NaN with the same bits in both (simd-json: within 0 ulps), but a NaN
    // primitive only here (simd-json compares with a primitive by IEEE rules).
    assert_eq!(Value::from(nan), Value::from(nan));
    assert_eq!(OwnedValue::from(nan), OwnedValue::from(nan));
    assert_eq!(Value::from(nan), nan);
    assert_ne!(OwnedValue::from(nan), nan);
    assert_ne!(Value::from(neg_zero), Value::from(zero));
    assert_eq!(OwnedValue::from(neg_zero), OwnedValue::from(zero));
    // simd-json compares two floats approximately, within a few ulps.
    let next = f64::from_bits(1.0_f64.to_bits() + 1);
    assert_eq!(OwnedValue::from(1.0), OwnedValue::from(next));
    assert_ne!(Value::from(1.0), Value::from(next));
    // ...and within `f64::EPSILON` of each other: any two tiny floats, even of opposite signs
    // (the pair a CI run's property test drew).
    let (tiny, other_tiny) = (1.833_358_017_265_211_5e-308, -3.898_373_888_759_471e-24);
    assert_eq!(OwnedValue::from(tiny), OwnedValue::from(other_tiny));
    assert_ne!(Value::from(tiny), Value::from(other_tiny));
    // An f32 is widened here, and the value narrowed (rounded) in simd-json, which finds no
    // f32 in an infinity.
    assert_ne!(Value::from(0.1_f64), 0.1_f32);
    assert_eq!(OwnedValue::from(0.1_f64), 0.1_f32);
    assert_eq!(Value::from(0.1_f32), 0.1_f32);
    assert_eq!(Value::from(f32::INFINITY), f32::INFINITY);
    assert_ne!(OwnedValue::from(f32::INFINITY), f32::INFINITY);
    // simd-json reads as `i128` only integers that fit an `i64`.
    assert_eq!(Value::from(u64::MAX), i128::from(u64::MAX));
    assert_ne!(OwnedValue::from(u64::MAX), i128::from(u64::MAX));
}

#[test]
fn index_reads_null_and_inserts_where_simd_json_panics() {
    let mut mine: Value = [("a", 1)].into_iter().collect();
    let theirs: OwnedValue = [("a", 1)].into_iter().collect();
    assert_eq!(mine["missing"], Value::NULL);
    assert_eq!(mine["a"][3], Value::NULL);
    assert!(std::panic::catch_unwind(|| theirs["missing"].clone()).is_err());
    mine["new"] = Value::from(2);
    assert_eq!(mine.get_u8("new"), Some(2));
}

#[test]
fn duplicate_keys_the_last_wins_where_simd_json_keeps_both() {
    let text = br#"{"k": 1, "k": 2}"#;
    let mine = parse_json(&mut text.to_vec()).unwrap().into_static();
    let theirs = simd_json::to_owned_value(&mut text.to_vec()).unwrap();
    assert_eq!(mine.as_object().map(ObjectTrait::len), Some(1));
    assert_eq!(mine.get_u8("k"), Some(2));
    assert_eq!(theirs.as_object().map(ObjectTrait::len), Some(2));
    assert_eq!(theirs.get_u8("k"), Some(1));
}

#[test]
fn bytes_have_a_custom_type_and_equal_no_simd_json_value() {
    let bytes = Value::Bytes(FfiCowBytes::from(&b"s"[..]));
    assert_eq!(bytes.value_type(), ValueType::Custom("bytes"));
    assert_eq!(OwnedValue::from(bytes.clone()), OwnedValue::from("cw=="));
    assert_ne!(bytes, OwnedValue::from("cw=="));
}

#[test]
fn large_objects_are_equal_and_sort_alike_whatever_their_order() {
    let entries: Vec<String> = (0..40).map(|i| format!("\"k{i}\": {i}")).collect();
    let text = format!("{{{}}}", entries.join(", "));
    let mine = parse_json(&mut text.clone().into_bytes())
        .unwrap()
        .into_static();
    let theirs = simd_json::to_owned_value(&mut text.into_bytes()).unwrap();
    assert_eq!(mine, theirs);
    assert_eq!(canon(&mine), canon(&theirs));
    let sorted: serde_json::Value = serde_json::from_str(&theirs.encode()).unwrap();
    assert_eq!(
        ffi_value::to_json_sorted(&mine),
        serde_json::to_string(&sorted).unwrap()
    );
}
