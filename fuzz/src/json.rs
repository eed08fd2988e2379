//! JSON: parse, write, re-parse; and the same decisions as simd-json and `serde_json`.

use ffi_value::prelude::*;
use ffi_value::{
    parse_json, parse_json_owned, parse_json_with, parse_msgpack, to_json_sorted, to_msgpack,
    Backend, ErrorKind, ParseOptions, StaticNode,
};

use crate::error_check::check_error;

/// Checks [`parse_json`] on `data`:
///
/// - it never panics, and an error names an offset within the input;
/// - it accepts exactly what simd-json accepts (it walks simd-json's tape, with the same
///   depth limit);
/// - it agrees with `serde_json`, an independent parser: the same value when both accept
///   (duplicate keys: the last one wins in both), and where only one accepts, it is for one
///   of the documented differences: integers beyond 64 bits (an error here, a float there)
///   and nesting deeper than `serde_json`'s limit of 128;
///   (and `-0`, an `I64` zero here, is a float `-0.0` there);
/// - an accepted value written by `Writable::encode`, by [`to_json_sorted`] and as
///   `MessagePack` reads back equal (with `Value`'s equality: floats compared exactly, since
///   the writers print the shortest text that reads back to the same `f64`), and the sorted
///   text is the same when written again;
/// - [`parse_json_owned`] and a parse into hashbrown-backed objects give an equal value.
///
/// # Panics
/// When one of these fails.
pub fn json_roundtrip(data: &[u8]) {
    let simd_accepts = simd_json::to_tape(&mut data.to_vec()).is_ok();
    let mut input = data.to_vec();
    let value = match parse_json(&mut input) {
        Ok(value) => value,
        Err(error) => {
            check_error(&error, data.len());
            assert!(
                !simd_accepts,
                "simd-json accepts what parse_json rejects: {error}"
            );
            if serde_json::from_slice::<serde_json::Value>(data).is_ok() {
                assert_eq!(
                    error.kind(),
                    ErrorKind::Number,
                    "serde_json accepts what parse_json rejects: {error}"
                );
            }
            return;
        }
    };
    assert!(simd_accepts, "parse_json accepts what simd-json rejects");
    match serde_json::from_slice::<serde_json::Value>(data) {
        Ok(theirs) => assert_eq!(
            Value::from(theirs),
            negative_zero_as_float(value.clone()),
            "serde_json reads another value"
        ),
        Err(error) => assert!(
            error.to_string().contains("recursion limit"),
            "serde_json rejects what parse_json accepts: {error}"
        ),
    }

    assert_eq!(reparse(value.encode().as_bytes()), value, "encode");
    let sorted = to_json_sorted(&value);
    let sorted_again = reparse(sorted.as_bytes());
    assert_eq!(sorted_again, value, "to_json_sorted");
    assert_eq!(
        to_json_sorted(&sorted_again),
        sorted,
        "to_json_sorted is not stable"
    );
    let packed = to_msgpack(&value).expect("to_msgpack of a parsed JSON value");
    assert_eq!(
        parse_msgpack(&packed).expect("parse_msgpack of to_msgpack's output"),
        value,
        "MessagePack"
    );

    assert_eq!(
        parse_json_owned(data).expect("parse_json_owned"),
        value,
        "owned"
    );
    let hashbrown = ParseOptions::default()
        .with_backend(Backend::Hashbrown)
        .expect("the fuzz crate enables hashbrown");
    assert_eq!(
        parse_json_with(&mut data.to_vec(), &hashbrown).expect("parse into hashbrown objects"),
        value,
        "hashbrown objects"
    );
}

/// `value` with its `I64` zeros (which only `-0` parses to) as the `F64` `-0.0` that
/// `serde_json` makes of `-0`. Recursive: only for values `serde_json` accepts, which nest at
/// most 128 deep.
fn negative_zero_as_float(mut value: Value<'_>) -> Value<'_> {
    match &mut value {
        Value::Static(StaticNode::I64(0)) => return Value::from(-0.0),
        Value::Array(items) => {
            for item in items.iter_mut() {
                *item = negative_zero_as_float(std::mem::take(item));
            }
        }
        Value::Object(object) => {
            for item in object.values_mut() {
                *item = negative_zero_as_float(std::mem::take(item));
            }
        }
        _ => {}
    }
    value
}

/// Parses text that this crate wrote.
fn reparse(text: &[u8]) -> Value<'static> {
    parse_json_owned(text).unwrap_or_else(|error| {
        panic!(
            "cannot re-parse {:?}: {error}",
            String::from_utf8_lossy(text)
        )
    })
}
