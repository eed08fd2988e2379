//! Structured values from the fuzzer's bytes (`ffi-value`'s `Arbitrary`): the writers and
//! readers, copies, order and hash on every kind of value and object map.

use std::hash::BuildHasher;

use arbitrary::Unstructured;
use ffi_value::arbitrary::ValueOptions;
use ffi_value::prelude::*;
use ffi_value::{parse_json_owned, parse_msgpack, to_json_sorted, to_msgpack};

/// Checks, on values read from `data` with `ffi-value`'s `Arbitrary` (objects of every map
/// flavor: both backends, other hasher seeds, used through their vtable):
///
/// - any value, bytes, NaN and infinities included, reads back equal from [`to_msgpack`]'s
///   output (floats compared bit for bit);
/// - a copy ([`Value::clone_static`], whose objects are of the default flavor) is equal, and
///   orders and hashes alike;
/// - a JSON value (no bytes, finite floats) read from the same bytes reads back equal from
///   `Writable::encode` and [`to_json_sorted`], and the sorted text is the same when written
///   again.
///
/// # Panics
/// When one of these fails.
pub fn value_roundtrip(data: &[u8]) {
    let any = ValueOptions::new().non_finite_floats(true).any_flavor(true);
    let Ok(value) = any.value(&mut Unstructured::new(data)) else {
        return;
    };
    let packed = to_msgpack(&value).expect("to_msgpack of any value");
    assert_eq!(
        parse_msgpack(&packed).expect("parse_msgpack of to_msgpack's output"),
        value,
        "MessagePack {packed:02x?}"
    );

    let copy = value.clone_static();
    assert_eq!(copy, value, "clone_static");
    assert_eq!(copy.cmp(&value), std::cmp::Ordering::Equal, "Ord of a copy");
    let state = std::hash::RandomState::new();
    assert_eq!(
        state.hash_one(&copy),
        state.hash_one(&value),
        "Hash of a copy"
    );

    let json = ValueOptions::json().any_flavor(true);
    let Ok(value) = json.value(&mut Unstructured::new(data)) else {
        return;
    };
    let encoded = value.encode();
    assert_eq!(reparse(&encoded), value, "encode");
    let sorted = to_json_sorted(&value);
    let again = reparse(&sorted);
    assert_eq!(again, value, "to_json_sorted");
    assert_eq!(
        to_json_sorted(&again),
        sorted,
        "to_json_sorted is not stable"
    );
}

/// Parses text that this crate wrote.
fn reparse(text: &str) -> Value<'static> {
    parse_json_owned(text.as_bytes())
        .unwrap_or_else(|error| panic!("cannot re-parse {text:?}: {error}"))
}
