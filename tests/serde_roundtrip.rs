//! serde: `Serialize` and `Deserialize` of values through `serde_json` and rmp-serde, borrowing,
//! `deserialize_owned`, numbers at the edges and the depth limit.

mod common;

use common::{arb_json_value, arb_value};
use ffi_value::{FfiCowBytes, FfiCowStr, FfiVec, StaticNode, Value};
use proptest::prelude::*;
use serde::de::value::{Error as PlainError, I128Deserializer, U128Deserializer};
use serde::Deserialize;

/// Applies `check` to every string and key in `value`.
fn strings(value: &Value<'_>, check: &mut impl FnMut(&FfiCowStr<'_>)) {
    match value {
        Value::String(s) => check(s),
        Value::Array(items) => items.iter().for_each(|item| strings(item, check)),
        Value::Object(object) => object.iter().for_each(|(key, value)| {
            check(key);
            strings(value, check);
        }),
        Value::Static(_) | Value::Bytes(_) => {}
    }
}

/// Whether `s` appears in JSON text without escapes.
fn plain(s: &str) -> bool {
    serde_json::to_string(s).unwrap().len() == s.len() + 2
}

fn nested_arrays(depth: usize) -> Value<'static> {
    (0..depth).fold(Value::NULL, |inner, _| {
        Value::Array(std::iter::once(inner).collect())
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Text from `serde_json` reads back as the value written (floats to the bit: the tests'
    /// `serde_json` has its `float_roundtrip` feature) and as `serde_json::Value` (the model)
    /// reads it, with exactly the strings written without escapes borrowed from the text.
    #[test]
    fn serde_json_round_trip_borrows_plain_strings(value in arb_json_value()) {
        let text = serde_json::to_string(&value).unwrap();
        let parsed: Value<'_> = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(&parsed, &value, "{}", text);
        let model: serde_json::Value = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(serde_json::to_value(&parsed).unwrap(), model.clone());
        prop_assert_eq!(&parsed, &Value::from(model));
        let mut checked = Ok(());
        strings(&parsed, &mut |s| {
            if s.is_borrowed() != plain(s) && checked.is_ok() {
                checked = Err(format!("{s:?}: borrowed {}", s.is_borrowed()));
            }
        });
        prop_assert!(checked.is_ok(), "{:?}", checked);
    }

    /// `deserialize_owned` reads what `Deserialize` reads, and borrows nothing.
    #[test]
    fn deserialize_owned_copies(value in arb_json_value()) {
        let text = serde_json::to_string(&value).unwrap();
        let borrowed: Value<'_> = serde_json::from_str(&text).unwrap();
        let owned = Value::deserialize_owned(&mut serde_json::Deserializer::from_str(&text)).unwrap();
        prop_assert_eq!(&owned, &borrowed);
        drop(borrowed);
        drop(text);
        let mut any_borrowed = false;
        strings(&owned, &mut |s| any_borrowed |= s.is_borrowed());
        prop_assert!(!any_borrowed);
    }

    /// Through rmp-serde, bytes stay bytes and everything is borrowed.
    #[test]
    fn rmp_serde_round_trip_keeps_bytes(value in arb_value()) {
        let encoded = rmp_serde::to_vec(&value).unwrap();
        let parsed: Value<'_> = rmp_serde::from_slice(&encoded).unwrap();
        prop_assert_eq!(&parsed, &value);
        let mut all_borrowed = true;
        strings(&parsed, &mut |s| all_borrowed &= s.is_borrowed());
        prop_assert!(all_borrowed);
    }
}

#[test]
fn bytes_are_serde_bytes() {
    let bytes = Value::Bytes(FfiCowBytes::from(&[0, 255][..]));
    // serde_json writes serde bytes as an array of numbers.
    assert_eq!(serde_json::to_string(&bytes).unwrap(), "[0,255]");
    let parsed: Value<'_> = rmp_serde::from_slice(&[0xc4, 2, 0, 255]).unwrap();
    assert!(matches!(&parsed, Value::Bytes(b) if b.is_borrowed() && *b == [0, 255][..]));
}

#[test]
fn containers_serialize_like_std() {
    let vec: FfiVec<i32> = [1, 2].into_iter().collect();
    assert_eq!(serde_json::to_string(&vec).unwrap(), "[1,2]");
    assert_eq!(
        serde_json::to_string(&FfiCowStr::from("a\"")).unwrap(),
        r#""a\"""#
    );
    let s: FfiCowStr<'_> = serde_json::from_str(r#""plain""#).unwrap();
    assert!(s.is_borrowed());
    let s: FfiCowStr<'_> = serde_json::from_str(r#""esc\naped""#).unwrap();
    assert!(!s.is_borrowed() && s == "esc\naped");
}

#[test]
fn floats_keep_their_bits() {
    for float in [-0.0, 0.1, f64::MAX, f64::MIN_POSITIVE / 2.0] {
        let text = serde_json::to_string(&Value::Static(StaticNode::F64(float))).unwrap();
        let parsed: Value<'_> = serde_json::from_str(&text).unwrap();
        assert!(
            matches!(parsed, Value::Static(StaticNode::F64(f)) if f.to_bits() == float.to_bits()),
            "{float} read back as {parsed:?}"
        );
    }
}

#[test]
fn integers_keep_their_sign_and_128_bits_must_fit() {
    let signed = |n: i128| Value::deserialize(I128Deserializer::<PlainError>::new(n));
    let unsigned = |n: u128| Value::deserialize(U128Deserializer::<PlainError>::new(n));
    assert!(matches!(signed(-5), Ok(Value::Static(StaticNode::I64(-5)))));
    assert!(matches!(
        signed(i128::from(u64::MAX)),
        Ok(Value::Static(StaticNode::U64(u64::MAX)))
    ));
    assert!(matches!(unsigned(7), Ok(Value::Static(StaticNode::U64(7)))));
    for error in [
        signed(i128::MIN).unwrap_err(),
        signed(i128::from(u64::MAX) + 1).unwrap_err(),
        unsigned(u128::MAX).unwrap_err(),
    ] {
        assert!(
            error.to_string().contains("does not fit in 64 bits"),
            "{error}"
        );
    }
    // Non-negative numbers are unsigned, as `parse_json` makes them.
    let parsed: Value<'_> = serde_json::from_str("[1, 18446744073709551615]").unwrap();
    let Value::Array(items) = parsed else {
        panic!()
    };
    assert!(matches!(items[0], Value::Static(StaticNode::U64(1))));
    assert!(matches!(items[1], Value::Static(StaticNode::U64(u64::MAX))));
}

/// Through serde, values nest at most 128 levels: deeper input is an error, not a stack
/// overflow, in this test's 2 MiB thread even unoptimised.
#[test]
fn depth_is_limited() {
    let at_limit = rmp_serde::to_vec(&nested_arrays(128)).unwrap();
    let parsed: Value<'_> = rmp_serde::from_slice(&at_limit).unwrap();
    assert_eq!(parsed, nested_arrays(128));

    let mut too_deep = vec![0x91; 1000];
    too_deep.push(0xc0);
    let error = rmp_serde::from_slice::<Value<'_>>(&too_deep).unwrap_err();
    assert!(
        error.to_string().contains("more than 128 levels"),
        "{error}"
    );
}

/// Values as deep as `parse_msgpack` and `parse_json` allow serialize without overflowing a
/// 2 MiB stack, even unoptimised.
#[test]
fn deep_values_serialize() {
    let deep = nested_arrays(1024);
    let text = serde_json::to_string(&deep).unwrap();
    assert_eq!(text.len(), 2 * 1024 + 4);
}
