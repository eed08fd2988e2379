//! `MessagePack`: round trips against rmp-serde as a model, borrowing, truncation, bad UTF-8
//! and malformed input. Huge length claims and depth are in `hostile_input.rs`.

mod common;

use common::arb_value;
use ffi_value::{
    parse_msgpack, parse_msgpack_owned, parse_msgpack_with, to_msgpack, write_msgpack, ErrorKind,
    FfiCowStr, FfiMap, Format, ParseOptions, StaticNode, Value,
};
use proptest::prelude::*;

/// Whether every string, key and byte string in `value` borrows from the input.
fn all_borrowed(value: &Value<'_>) -> bool {
    all_strings_are(value, true)
}

/// Whether every string, key and bin of `value` is borrowed (`true`) or owned (`false`).
fn all_strings_are(value: &Value<'_>, borrowed: bool) -> bool {
    match value {
        Value::Static(_) => true,
        Value::String(s) => s.is_borrowed() == borrowed,
        Value::Bytes(b) => b.is_borrowed() == borrowed,
        Value::Array(items) => items.iter().all(|v| all_strings_are(v, borrowed)),
        Value::Object(object) => object
            .iter()
            .all(|(k, v)| k.is_borrowed() == borrowed && all_strings_are(v, borrowed)),
    }
}

/// `value` with every object made as if by another library.
fn cross_library(value: Value<'static>) -> Value<'static> {
    match value {
        Value::Array(items) => Value::Array(items.into_iter().map(cross_library).collect()),
        Value::Object(object) => Value::Object(
            object
                .into_iter()
                .map(|(k, v)| (k, cross_library(v)))
                .collect::<FfiMap<_, _>>()
                .into_vtable_dispatch(),
        ),
        other => other,
    }
}

fn nested_arrays(depth: usize) -> Value<'static> {
    (0..depth).fold(Value::NULL, |inner, _| {
        Value::Array(std::iter::once(inner).collect())
    })
}

/// The error of parsing `input`, checked to be of `MessagePack` with a message.
fn parse_error(input: &[u8]) -> ffi_value::Error {
    let error = parse_msgpack(input).expect_err("hostile input must not parse");
    assert_eq!(error.format(), Format::MsgPack);
    assert!(!error.message().is_empty());
    error
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Our writer encodes byte for byte as rmp-serde does through `Serialize`, and both our
    /// reader and rmp-serde through `Deserialize` read it back, borrowing everything.
    #[test]
    fn round_trip_matches_rmp_serde(value in arb_value()) {
        let encoded = to_msgpack(&value).unwrap();
        prop_assert_eq!(&encoded, &rmp_serde::to_vec(&value).unwrap());
        let parsed = parse_msgpack(&encoded).unwrap();
        prop_assert_eq!(&parsed, &value);
        prop_assert!(all_borrowed(&parsed));
        let owned = parse_msgpack_owned(&encoded).unwrap();
        prop_assert_eq!(&owned, &value);
        prop_assert!(all_strings_are(&owned, false));
        let via_serde: Value<'_> = rmp_serde::from_slice(&encoded).unwrap();
        prop_assert_eq!(&via_serde, &value);
        prop_assert!(all_borrowed(&via_serde));
    }

    /// Objects of another library encode the same.
    #[test]
    fn cross_library_objects_encode_the_same(value in arb_value()) {
        let encoded = to_msgpack(&value).unwrap();
        let foreign = cross_library(value);
        let parsed = parse_msgpack(&encoded).unwrap();
        prop_assert_eq!(&parsed, &foreign);
        let mut written = Vec::new();
        write_msgpack(&foreign, &mut written).unwrap();
        prop_assert_eq!(parse_msgpack(&written).unwrap(), parsed);
    }

    /// Every proper prefix of a valid encoding is an `Eof` error at its end.
    #[test]
    fn every_truncation_is_an_eof_error(value in arb_value()) {
        let encoded = to_msgpack(&value).unwrap();
        for end in 0..encoded.len() {
            let error = parse_error(&encoded[..end]);
            prop_assert_eq!(error.kind(), ErrorKind::Eof, "{}", error);
            prop_assert_eq!(error.offset(), Some(end));
        }
    }

    /// Any bytes at all: an error or a value, never a panic; a value re-encodes to itself.
    #[test]
    fn arbitrary_bytes_never_panic(input in prop::collection::vec(any::<u8>(), 0..64)) {
        if let Ok(value) = parse_msgpack(&input) {
            let encoded = to_msgpack(&value).unwrap();
            prop_assert_eq!(parse_msgpack(&encoded).unwrap(), value);
        }
    }
}

/// (A million nested arrays: `hostile_input.rs`.)
#[test]
fn depth_limit_is_exact_and_the_writer_does_not_recurse() {
    let mut limit = vec![0x91; 1024];
    limit.push(0xc0);
    assert_eq!(parse_msgpack(&limit).unwrap(), nested_arrays(1024));
    assert_eq!(to_msgpack(&nested_arrays(1024)).unwrap(), limit);
    // Deeper values are written, and read with a higher limit.
    let deeper = to_msgpack(&nested_arrays(1025)).unwrap();
    assert_eq!(
        parse_error(&deeper).kind(),
        ErrorKind::TooDeep { limit: 1024 }
    );
    let options = ParseOptions::default().with_max_depth(1025);
    assert_eq!(
        parse_msgpack_with(&deeper, &options).unwrap(),
        nested_arrays(1025)
    );
}

#[test]
fn invalid_utf8_is_located() {
    let error = parse_error(&[0x92, 0xc0, 0xa3, b'a', 0xff, b'b']);
    assert_eq!(error.kind(), ErrorKind::Utf8);
    assert_eq!(error.offset(), Some(4));
    assert!(error.message().contains("byte 2"), "{error}");
    // In a key too.
    let error = parse_error(&[0x81, 0xa1, 0xc3, 0xc0]);
    assert_eq!((error.kind(), error.offset()), (ErrorKind::Utf8, Some(2)));
}

#[test]
fn unsupported_and_malformed_input() {
    let cases: [(&[u8], ErrorKind, usize, &str); 5] = [
        (
            &[0x91, 0xd4, 0x01, 0x00],
            ErrorKind::Unsupported,
            1,
            "extension",
        ),
        (
            &[0xc7, 0x01, 0x05, 0x00],
            ErrorKind::Unsupported,
            0,
            "extension",
        ),
        (&[0x81, 0x01, 0x02], ErrorKind::Unsupported, 1, "an integer"),
        (&[0x91, 0xc1], ErrorKind::Syntax, 1, "0xc1"),
        (&[0x90, 0x90], ErrorKind::Syntax, 1, "trailing"),
    ];
    for (input, kind, offset, words) in cases {
        let error = parse_error(input);
        assert_eq!(error.kind(), kind, "{error}");
        assert_eq!(error.offset(), Some(offset), "{error}");
        assert!(error.message().contains(words), "{error}");
    }
}

#[test]
fn numbers_keep_their_value_and_bits() {
    let int = |input: &[u8]| match parse_msgpack(input).unwrap() {
        Value::Static(node) => node,
        other => panic!("{other:?}"),
    };
    assert_eq!(int(&[0x05]), StaticNode::U64(5));
    assert_eq!(int(&[0xcc, 0xff]), StaticNode::U64(255));
    assert_eq!(int(&[0xd0, 0x05]), StaticNode::I64(5));
    assert_eq!(
        int(&[0xcf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]),
        StaticNode::U64(u64::MAX)
    );
    assert_eq!(
        int(&[0xd3, 0x80, 0, 0, 0, 0, 0, 0, 0]),
        StaticNode::I64(i64::MIN)
    );
    assert_eq!(int(&[0xff]), StaticNode::I64(-1));
    assert!(
        matches!(int(&[0xca, 0x3f, 0xc0, 0, 0]), StaticNode::F64(f) if f.to_bits() == 1.5_f64.to_bits())
    );
    for float in [
        -0.0,
        f64::NAN,
        -f64::NAN,
        f64::INFINITY,
        f64::MIN_POSITIVE / 2.0,
    ] {
        let encoded = to_msgpack(&Value::Static(StaticNode::F64(float))).unwrap();
        assert!(
            matches!(int(&encoded), StaticNode::F64(f) if f.to_bits() == float.to_bits()),
            "{float}"
        );
    }
}

#[test]
fn repeated_keys_keep_the_last_value() {
    let value = parse_msgpack(&[0x82, 0xa1, b'a', 0x01, 0xa1, b'a', 0x02]).unwrap();
    let Value::Object(object) = value else {
        panic!()
    };
    assert_eq!(object.len(), 1);
    assert!(matches!(object["a"], Value::Static(StaticNode::U64(2))));
}

#[test]
fn writer_errors_are_io_errors() {
    struct Full;
    impl std::io::Write for Full {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::Error::other("disk full"))
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let value = Value::Object(FfiMap::from([(FfiCowStr::from("k"), Value::NULL)]));
    let error = write_msgpack(&value, &mut Full).unwrap_err();
    assert_eq!(
        (error.format(), error.kind()),
        (Format::MsgPack, ErrorKind::Io)
    );
    assert!(error.message().contains("disk full"), "{error}");
}
