//! JSON output: `Writable`, `Display`, sorted keys, escaping, bytes, errors of the writer.

mod common;

use common::to_serde;

use std::collections::BTreeMap;
use std::io;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use ffi_value::proptest::{Kind, ValueConfig};
use ffi_value::{
    to_json_sorted, to_json_sorted_pretty, write_sorted, Backend, ErrorKind, FfiCowBytes,
    FfiCowStr, FfiMap, FfiVec, Format, StaticNode, Value,
};
use proptest::prelude::*;
use value_trait::prelude::Writable;

/// Equal, floats to the bit (`serde_json::Value`'s own `==` has `-0.0 == 0.0`).
fn same(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value as J;
    match (a, b) {
        (J::Number(x), J::Number(y)) if x.is_f64() || y.is_f64() => {
            x.is_f64() == y.is_f64() && x.as_f64().map(f64::to_bits) == y.as_f64().map(f64::to_bits)
        }
        (J::Array(x), J::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y))
        }
        (J::Object(x), J::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, x)| y.get(k).is_some_and(|y| same(x, y)))
        }
        _ => a == b,
    }
}

/// `text` is JSON for `v`, floats to the bit, by `serde_json`'s parser (with its
/// `float_roundtrip` feature, a dev-dependency: see `serde_json_reads_floats_exactly`) and
/// simd-json's.
fn check_text(text: &str, v: &Value<'_>) -> Result<(), TestCaseError> {
    let expected = to_serde(v);
    let parsed: serde_json::Value =
        serde_json::from_str(text).map_err(|e| TestCaseError::fail(format!("{e} in {text}")))?;
    prop_assert!(same(&parsed, &expected), "{} parses as {:?}", text, parsed);
    let simd = simd_json::to_owned_value(&mut text.as_bytes().to_vec())
        .map_err(|e| TestCaseError::fail(format!("{e} in {text}")))?;
    let simd = serde_json::to_value(&simd).unwrap();
    prop_assert!(
        same(&simd, &expected),
        "{} parses with simd-json as {:?}",
        text,
        simd
    );
    Ok(())
}

/// Every way of writing `v` gives JSON for it, and the string and writer forms agree.
fn check_all_outputs(v: &Value<'_>) -> Result<(), TestCaseError> {
    let compact = v.encode();
    let pretty = v.encode_pp();
    let sorted = to_json_sorted(v);
    let sorted_pretty = to_json_sorted_pretty(v);
    for text in [&compact, &pretty, &sorted, &sorted_pretty] {
        check_text(text, v)?;
    }
    prop_assert_eq!(&v.to_string(), &compact);
    prop_assert_eq!(&format!("{v:#}"), &pretty);
    let mut out = Vec::new();
    v.write(&mut out).unwrap();
    prop_assert_eq!(&out, compact.as_bytes());
    out.clear();
    v.write_pp(&mut out).unwrap();
    prop_assert_eq!(&out, pretty.as_bytes());
    out.clear();
    write_sorted(v, &mut out).unwrap();
    prop_assert_eq!(&out, sorted.as_bytes());
    Ok(())
}

/// An object of `entries`, inserted in order (or in reverse), in a map of `backend` (or the
/// default when it is not compiled in), optionally dispatching through its vtable.
fn object(
    entries: &BTreeMap<String, Value<'static>>,
    reverse: bool,
    backend: Backend,
    foreign: bool,
) -> Value<'static> {
    let mut map = FfiMap::with_backend(backend).unwrap_or_default();
    let mut insert = |(k, v): (&String, &Value<'static>)| {
        map.insert(FfiCowStr::from(k.clone()), v.clone());
    };
    if reverse {
        entries.iter().rev().for_each(&mut insert);
    } else {
        entries.iter().for_each(&mut insert);
    }
    Value::Object(if foreign {
        map.into_vtable_dispatch()
    } else {
        map
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn json_values_are_written_as_json(v in common::arb_json_value()) {
        check_all_outputs(&v)?;
    }

    /// The oracle: `serde_json` reads the shortest text of any float (std's `{:?}`, and what
    /// we write) as that float, to the bit, subnormals included. Without its
    /// `float_roundtrip` feature it does not (CI once saw `2.3455305353968e-310` read 4 ULP
    /// off), and `check_text` would fail at random.
    #[test]
    fn serde_json_reads_floats_exactly(
        f in prop_oneof![
            any::<f64>(),
            (1..(1_u64 << 52)).prop_map(f64::from_bits),
        ].prop_filter("JSON has no NaN or infinity", |f| f.is_finite()),
    ) {
        for text in [format!("{f:?}"), Value::Static(StaticNode::F64(f)).encode()] {
            let read: f64 = serde_json::from_str(&text).unwrap();
            prop_assert_eq!(read.to_bits(), f.to_bits(), "{} read as {:?}", text, read);
            prop_assert_eq!(text.parse::<f64>().unwrap().to_bits(), f.to_bits(), "{}", text);
        }
    }

    /// With bytes: written as base64 strings.
    #[test]
    fn any_values_are_written_as_json(v in common::arb_value()) {
        check_all_outputs(&v)?;
    }

    /// Sorted output is `serde_json`'s output (whose maps are sorted by key, and which escapes
    /// the same way), compact and pretty. Floats are left out: `serde_json` writes exponents
    /// as `e+145` where value-trait writes `e145`.
    #[test]
    fn sorted_output_is_serde_jsons(v in ValueConfig::new().without(Kind::F64).strategy()) {
        let expected = to_serde(&v);
        prop_assert_eq!(to_json_sorted(&v), serde_json::to_string(&expected).unwrap());
        prop_assert_eq!(
            to_json_sorted_pretty(&v),
            serde_json::to_string_pretty(&expected).unwrap()
        );
    }

    /// Objects with the same entries, inserted in different orders into maps of different
    /// backends and libraries, give the same sorted text.
    #[test]
    fn sorted_output_ignores_insertion_order_and_backend(
        entries in prop::collection::btree_map(common::arb_key(), common::arb_value(), 0..40),
        inner in prop::collection::btree_map(common::arb_key(), common::arb_value(), 0..8),
    ) {
        let build = |reverse: bool, backend: Backend, foreign: bool| {
            let mut entries = entries.clone();
            entries.insert("inner".to_string(), object(&inner, !reverse, backend, !foreign));
            object(&entries, reverse, backend, foreign)
        };
        let a = build(false, Backend::Halfbrown, false);
        let b = build(true, Backend::Hashbrown, true);
        let c = build(true, Backend::Halfbrown, true);
        prop_assert!(a == b && b == c);
        let sorted = to_json_sorted(&a);
        prop_assert_eq!(&to_json_sorted(&b), &sorted);
        prop_assert_eq!(&to_json_sorted(&c), &sorted);
        prop_assert_eq!(to_json_sorted_pretty(&b), to_json_sorted_pretty(&c));
        check_text(&sorted, &a)?;
    }
}

/// `v` with every float replaced by an integer.
fn string(s: &str) -> Value<'_> {
    Value::String(FfiCowStr::from(s))
}

#[test]
fn escapes_control_characters_quotes_and_backslashes() {
    let text = "\"\\/\u{8}\u{c}\n\r\t\u{0}\u{1f}\u{7f}";
    let expected = "\"\\\"\\\\/\\b\\f\\n\\r\\t\\u0000\\u001f\u{7f}\"";
    assert_eq!(string(text).encode(), expected);
    // Keys are escaped the same way.
    let mut map = FfiMap::new();
    map.insert(FfiCowStr::from(text), Value::NULL);
    assert_eq!(Value::Object(map).encode(), format!("{{{expected}:null}}"));
}

/// Every character below 0x80, alone and inside long strings (where the writer switches to
/// SIMD), is escaped as `serde_json` escapes it; other text is written as it is.
#[test]
fn escapes_like_serde_json() {
    let ascii: String = (0..0x80_u8).map(char::from).collect();
    let mut samples: Vec<String> = ascii.chars().map(String::from).collect();
    samples.push(ascii.clone());
    samples.push(ascii.repeat(3));
    samples.push(format!(
        "{}\"{}\\{}",
        "a".repeat(31),
        "é".repeat(20),
        "\u{1}".repeat(40)
    ));
    samples.push("ünïcødé ✓ 😀 \u{2028}\u{2029} \u{fffd}".repeat(5));
    for sample in &samples {
        let expected = serde_json::to_string(sample).unwrap();
        assert_eq!(string(sample).encode(), expected);
        assert_eq!(string(sample).encode_pp(), expected);
        let mut map = FfiMap::new();
        map.insert(FfiCowStr::from(sample.as_str()), Value::NULL);
        assert_eq!(Value::Object(map).encode(), format!("{{{expected}:null}}"));
    }
}

#[test]
fn non_finite_floats_are_null() {
    for f in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        let v = Value::Array(FfiVec::from(vec![Value::Static(StaticNode::F64(f))]));
        assert_eq!(v.encode(), "[null]");
        assert_eq!(to_json_sorted(&v), "[null]");
        assert_eq!(v.encode_pp(), "[\n  null\n]");
    }
    assert_eq!(Value::Static(StaticNode::F64(-0.0)).encode(), "-0.0");
    assert_eq!(Value::Static(StaticNode::F64(1e300)).encode(), "1e300");
}

#[test]
fn bytes_are_padded_standard_base64() {
    for (bytes, expected) in [
        (&b""[..], "\"\""),
        (b"f", "\"Zg==\""),
        (b"fo", "\"Zm8=\""),
        (b"foo", "\"Zm9v\""),
        (b"\xfb\xff\xbf", "\"+/+/\""),
    ] {
        let v = Value::Bytes(FfiCowBytes::from(bytes));
        assert_eq!(v.encode(), expected);
        assert_eq!(v.to_string(), expected);
    }
    // Long enough for the encoder to write in several chunks.
    let long: Vec<u8> = (0..10_000_u32).map(|i| (i % 251) as u8).collect();
    let v = Value::Bytes(FfiCowBytes::from(long.as_slice()));
    assert_eq!(v.encode(), format!("\"{}\"", STANDARD.encode(&long)));
}

/// A writer that accepts `limit` bytes, then fails.
struct FailAfter {
    limit: usize,
    written: Vec<u8>,
}

impl io::Write for FailAfter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let room = self.limit - self.written.len();
        if room == 0 {
            return Err(io::Error::other("disk full"));
        }
        let n = room.min(buf.len());
        self.written.extend_from_slice(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// A failing writer gives an error (with the offset it failed at), never a panic; up to
/// there, the output is what was to be written.
#[test]
fn failing_writers_give_errors() {
    let long = "long \n text ".repeat(20);
    let mut map = FfiMap::new();
    map.insert(
        FfiCowStr::from("k\"ey"),
        Value::Bytes(FfiCowBytes::from(&[7_u8; 3000][..])),
    );
    map.insert(FfiCowStr::from("s"), string(&long));
    let v = Value::Array(FfiVec::from(vec![
        Value::Object(map),
        Value::Static(StaticNode::F64(0.1)),
    ]));
    let compact = v.encode();
    let pretty = v.encode_pp();
    let sorted = to_json_sorted(&v);
    for limit in (0..compact.len()).step_by(7).chain([compact.len() - 1]) {
        let mut w = FailAfter {
            limit,
            written: Vec::new(),
        };
        let error = v.write(&mut w).unwrap_err();
        assert_eq!(error.to_string(), "disk full");
        assert_eq!(w.written, compact.as_bytes()[..limit]);

        let mut w = FailAfter {
            limit,
            written: Vec::new(),
        };
        assert!(v.write_pp(&mut w).is_err());
        assert_eq!(w.written, pretty.as_bytes()[..limit]);

        let mut w = FailAfter {
            limit,
            written: Vec::new(),
        };
        let error = write_sorted(&v, &mut w).unwrap_err();
        assert_eq!(error.format(), Format::Json);
        assert_eq!(error.kind(), ErrorKind::Io);
        assert_eq!(error.offset(), Some(limit));
        assert!(error.message().contains("disk full"), "{error}");
        assert_eq!(w.written, sorted.as_bytes()[..limit]);
    }
}

/// `depth` arrays, each inside the previous one.
fn nested(depth: usize) -> Value<'static> {
    let mut v = Value::array();
    for _ in 1..depth {
        v = Value::Array(FfiVec::from(vec![v]));
    }
    v
}

/// Drops `v` one level at a time (dropping a deep value at once would recurse as deep).
fn dismantle(mut v: Value<'static>) {
    while let Value::Array(mut items) = v {
        match items.pop() {
            Some(inner) => v = inner,
            None => break,
        }
    }
}

/// Deep values are written without recursion; pretty output stops indenting after 128 levels.
#[test]
fn deep_values_are_written_without_recursion() {
    let depth = 100_000;
    let v = nested(depth);
    let compact = v.encode();
    assert_eq!(
        compact,
        format!("{}{}", "[".repeat(depth), "]".repeat(depth))
    );
    assert_eq!(to_json_sorted(&v), compact);
    let pretty = v.encode_pp();
    let widest = pretty.lines().map(|l| l.len() - l.trim_start().len()).max();
    assert_eq!(widest, Some(2 * 128));
    let squeezed: String = pretty.chars().filter(|c| !c.is_whitespace()).collect();
    assert_eq!(squeezed, compact);
    let mut out = Vec::new();
    v.write_pp(&mut out).unwrap();
    assert_eq!(out, pretty.as_bytes());
    dismantle(v);
}

/// A float CI's random run found (issue 15): the subnormal `2.3455305353968e-310`, written
/// shortest, must read back as itself, in an object in an array as the run had it.
#[test]
fn subnormal_float_in_object_is_written_as_json() {
    let f: f64 = "2.3455305353968e-310".parse().unwrap();
    assert!(f.is_subnormal());
    let mut map = FfiMap::new();
    map.insert(FfiCowStr::from("_"), Value::Static(StaticNode::F64(f)));
    let v = Value::Array(FfiVec::from(vec![Value::Object(map)]));
    assert_eq!(v.encode(), r#"[{"_":2.3455305353968e-310}]"#);
    check_all_outputs(&v).unwrap();
}
