//! `RValue`'s JSON and `MessagePack` readers and JSON writer, against simd-json's `OwnedValue`.

use base64::Engine;
use ffi_value::proptest::ValueConfig;
use ffi_workloads::data::{self, DISTINCT};
use ffi_workloads::rvalue::RValue;
use proptest::prelude::*;
use simd_json::{json, OwnedValue};

/// `value` as simd-json's value, through `write_json`.
fn written(value: &RValue) -> OwnedValue {
    let mut out = b"prefix ".to_vec();
    value.write_json(&mut out);
    assert!(out.starts_with(b"prefix "), "write_json appends");
    simd_json::to_owned_value(&mut out[7..]).expect("write_json writes JSON")
}

fn owned(json: &[u8]) -> OwnedValue {
    simd_json::to_owned_value(&mut json.to_vec()).expect("JSON")
}

#[test]
fn the_generated_events_round_trip_through_json_and_msgpack() {
    let lines = data::json_lines(4, DISTINCT);
    let packed = data::msgpack_base64_lines(4, DISTINCT);
    for (line, packed) in lines.iter().zip(&packed) {
        let expected = owned(line);
        let from_json = RValue::from_json(&mut line.clone()).expect("JSON");
        assert_eq!(written(&from_json), expected);
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(packed)
            .expect("base64");
        let from_msgpack = RValue::from_msgpack(&bytes).expect("msgpack");
        assert_eq!(written(&from_msgpack), expected);
    }
}

#[test]
fn bad_input_is_an_error_saying_where() {
    let err = RValue::from_json(&mut br#"{"a": tru}"#.to_vec()).expect_err("bad JSON");
    assert!(
        err.starts_with("invalid JSON: ") && err.contains("at character"),
        "{err}"
    );
    for (depth, accepted) in [(128, true), (129, false), (1_000, false), (5_000, false)] {
        let mut nested = vec![b'['; depth];
        nested.extend(vec![b']'; depth]);
        let from_json = RValue::from_json(&mut nested);
        assert_eq!(from_json.is_ok(), accepted, "{depth} levels: {from_json:?}");
        let mut packed = vec![0x91; depth - 1];
        packed.push(0x90);
        let from_msgpack = RValue::from_msgpack(&packed);
        assert_eq!(
            from_msgpack.is_ok(),
            accepted,
            "{depth} levels: {from_msgpack:?}"
        );
        if depth < 1_024 && !accepted {
            let (json, msgpack) = (from_json.unwrap_err(), from_msgpack.unwrap_err());
            assert!(
                json.contains("arrays and objects nest deeper than 128 levels"),
                "{json}"
            );
            assert!(
                msgpack.contains("arrays and objects nest deeper than 128 levels"),
                "{msgpack}"
            );
        }
    }

    let mut packed = rmp_serde::to_vec(&json!([1, 2])).expect("msgpack");
    packed.push(0xc0);
    assert_eq!(
        RValue::from_msgpack(&packed).expect_err("trailing"),
        "invalid MessagePack: 1 bytes after the value, from byte 3"
    );
    let err = RValue::from_msgpack(&[0x92, 0x01]).expect_err("truncated");
    assert!(err.starts_with("invalid MessagePack at byte 2: "), "{err}");
    // A map with an integer key.
    let err = RValue::from_msgpack(&[0x81, 0x01, 0x02]).expect_err("integer key");
    assert!(err.starts_with("invalid MessagePack at byte 2: "), "{err}");
}

#[test]
fn bytes_come_from_msgpack_and_are_written_as_arrays() {
    let packed = [0xc4, 0x02, 0x00, 0xff];
    let value = RValue::from_msgpack(&packed).expect("bin 8");
    assert_eq!(value, RValue::Bytes(vec![0, 255].into()));
    assert_eq!(written(&value), json!([0, 255]));
    assert_eq!(written(&RValue::F64(f64::NAN)), json!(null));
}

/// JSON values (the `proptest` feature's strategy) whose floats print and parse back exactly
/// (eighths), as simd-json's values.
fn json_value() -> impl Strategy<Value = OwnedValue> {
    ValueConfig::json()
        .keys(".*")
        .strings(".*")
        .f64s((-1000i32..1000).prop_map(|n| f64::from(n) / 8.0 + 0.125))
        .strategy()
        // Entries in the order proptest draws them, as the value's objects (of the default
        // flavor: insertion order up to 32 entries, a fixed-seed table above), so that a
        // failing case replays in its order.
        .prop_map(OwnedValue::from)
}

proptest! {
    #[test]
    fn json_and_msgpack_round_trip(value in json_value()) {
        let mut text = simd_json::to_vec(&value).expect("JSON");
        let expected = owned(&text);
        let from_json = RValue::from_json(&mut text).expect("JSON");
        prop_assert_eq!(written(&from_json), expected.clone());
        let packed = rmp_serde::to_vec_named(&value).expect("msgpack");
        let from_msgpack = RValue::from_msgpack(&packed).expect("msgpack");
        prop_assert_eq!(written(&from_msgpack), expected);
        prop_assert_eq!(from_msgpack, from_json);
    }
}
