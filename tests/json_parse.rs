//! `parse_json`: against `serde_json`'s text of random values, against simd-json's own
//! `OwnedValue`, and hand-picked cases for borrowing, duplicate keys, depth and error offsets.
//! Truncation, whitespace, numbers out of range and a million brackets are in
//! `hostile_input.rs`.

mod common;

use common::{arb_json_value, to_serde};
use ffi_map::MapHasher;
use ffi_value::{
    parse_json, parse_json_owned, parse_json_with, Error, ErrorKind, FfiCowStr, FfiMap, FfiVec,
    Format, ParseOptions, StaticNode, Value,
};
use proptest::prelude::*;

/// A Tremor-like log event (the benchmark's), with an escape and non-ASCII text.
const EVENT: &str = r#"{"about":"Esse ut \"cupidatat\" sunt sit ex élit.","guid":"3e5b2a4f-6b0d-4d3a-9f7e-2c1a8b9d0e4f","abool":true,"aint":-7,"short_message":"hello","tags":["tag1","tag2","tag3","tag4","tag5"],"array":[1,2.5,-3e2],"index_type":"doc","logger_name":null,"syslog_hostname":"h","application":"app3","type":"x","doc-type":"y"}"#;

/// Our model of simd-json's owned value.
fn from_simd(value: &simd_json::OwnedValue) -> Value<'static> {
    match value {
        simd_json::OwnedValue::Static(node) => Value::Static(*node),
        simd_json::OwnedValue::String(s) => Value::String(FfiCowStr::from(s.clone())),
        simd_json::OwnedValue::Array(items) => {
            Value::Array(items.iter().map(from_simd).collect::<FfiVec<_>>())
        }
        simd_json::OwnedValue::Object(object) => Value::Object(
            object
                .iter()
                .map(|(k, v)| (FfiCowStr::from(k.clone()), from_simd(v)))
                .collect::<FfiMap<_, _>>(),
        ),
    }
}

/// Every string of `value`, keys included.
fn strings<'a>(value: &'a Value<'_>, out: &mut Vec<&'a FfiCowStr<'a>>) {
    match value {
        Value::String(s) => out.push(s),
        Value::Array(items) => items.iter().for_each(|v| strings(v, out)),
        Value::Object(object) => {
            for (k, v) in object {
                out.push(k);
                strings(v, out);
            }
        }
        Value::Static(_) | Value::Bytes(_) => {}
    }
}

/// `text` as a JSON text: compact or pretty.
fn json_text(value: &Value<'_>, pretty: bool) -> Vec<u8> {
    let model = to_serde(value);
    if pretty {
        serde_json::to_vec_pretty(&model)
    } else {
        serde_json::to_vec(&model)
    }
    .expect("serde_json writes any serde_json::Value")
}

/// Parses a copy of `text` with simd-json's owned value, in our model.
fn simd_model(text: &[u8]) -> Option<Value<'static>> {
    simd_json::to_owned_value(&mut text.to_vec())
        .ok()
        .map(|v| from_simd(&v))
}

/// Parses `text` (copied), expecting an error; checks its format and that it has an offset
/// within the input.
fn parse_err(text: &[u8]) -> Error {
    let err = parse_json(&mut text.to_vec()).expect_err("invalid JSON");
    assert_eq!(err.format(), Format::Json);
    let offset = err.offset().expect("every JSON error has an offset");
    assert!(offset <= text.len(), "{err} beyond {} bytes", text.len());
    err
}

/// `depth` nested arrays around `1`.
fn nested(depth: usize) -> Vec<u8> {
    let mut text = b"[".repeat(depth);
    text.push(b'1');
    text.extend(b"]".repeat(depth));
    text
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// The text serde_json writes for a value parses back to an equal value, whose strings
    /// (keys included) all borrow the input: simd-json unescapes them in place.
    #[test]
    fn serde_json_text_round_trips(value in arb_json_value(), pretty in any::<bool>()) {
        let mut text = json_text(&value, pretty);
        let parsed = parse_json(&mut text).unwrap();
        prop_assert_eq!(&parsed, &value);
        let mut all = Vec::new();
        strings(&parsed, &mut all);
        prop_assert!(all.iter().all(|s| s.is_borrowed()));
    }

    /// `parse_json_owned` gives the same value, borrowing nothing, input untouched.
    #[test]
    fn owned_parse_agrees(value in arb_json_value()) {
        let text = json_text(&value, false);
        let owned = parse_json_owned(&text).unwrap();
        let mut copy = text.clone();
        prop_assert_eq!(&owned, &parse_json(&mut copy).unwrap());
        let mut all = Vec::new();
        strings(&owned, &mut all);
        prop_assert!(all.iter().all(|s| !s.is_borrowed()));
        prop_assert_eq!(text, json_text(&value, false));
    }

    /// On texts of random values and on their random corruptions (one byte replaced, or the
    /// text cut), `parse_json` accepts exactly what simd-json's `to_owned_value` accepts, with
    /// an equal value, and never panics.
    #[test]
    fn agrees_with_simd_json_owned_value(
        value in arb_json_value(),
        pretty in any::<bool>(),
        edit in prop::option::of((any::<prop::sample::Index>(), prop::sample::select(
            b"{}[]:,\"\\ \n0-.eE1tfnx\x01\xff".to_vec()))),
        cut in prop::option::of(any::<prop::sample::Index>()),
    ) {
        let mut text = json_text(&value, pretty);
        if let Some((at, byte)) = edit {
            let at = at.index(text.len());
            text[at] = byte;
        }
        if let Some(cut) = cut {
            text.truncate(cut.index(text.len() + 1));
        }
        let model = simd_model(&text);
        match parse_json(&mut text.clone()) {
            Ok(parsed) => prop_assert_eq!(Some(parsed), model),
            Err(err) => {
                prop_assert!(model.is_none(), "rejected {:?}: {}", String::from_utf8_lossy(&text), err);
                prop_assert!(err.offset().is_some_and(|o| o <= text.len()), "{}", err);
            }
        }
    }
}

#[test]
fn event_parses_with_borrowed_strings() {
    let mut text = EVENT.as_bytes().to_vec();
    let mut copy = text.clone();
    let value = parse_json(&mut copy).unwrap();
    assert_eq!(Some(value.clone_static()), simd_model(EVENT.as_bytes()));
    let Value::Object(object) = &value else {
        panic!("an object")
    };
    assert_eq!(object.len(), 13);
    assert!(
        matches!(&object["about"], Value::String(s) if s.contains("\"cupidatat\"") && s.is_borrowed())
    );
    assert!(matches!(&object["tags"], Value::Array(tags) if tags.len() == 5));
    // The parsed object works the same through the cross-library (vtable) path.
    let Value::Object(copy) = parse_json(&mut text).unwrap() else {
        panic!("an object")
    };
    let foreign = copy.into_vtable_dispatch();
    assert!(!foreign.is_native());
    assert_eq!(&foreign, object);
    assert_eq!(
        foreign.get("aint"),
        Some(&Value::Static(StaticNode::I64(-7)))
    );
}

#[test]
fn duplicate_keys_last_one_wins() {
    let mut text = br#"{"a":1,"b":2,"a":{"c":3},"b":[],"a":"last"}"#.to_vec();
    let value = parse_json(&mut text).unwrap();
    let Value::Object(object) = value else {
        panic!("an object")
    };
    assert_eq!(object.len(), 2);
    assert!(matches!(&object["a"], Value::String(s) if s == "last"));
    assert!(matches!(&object["b"], Value::Array(items) if items.is_empty()));

    // More than 32 keys: halfbrown's hashed representation dedupes too.
    let entries: Vec<String> = (0..40).map(|i| format!("\"k{i}\":{i}")).collect();
    let mut text = format!("{{{},\"k7\":\"again\"}}", entries.join(",")).into_bytes();
    let Value::Object(object) = parse_json(&mut text).unwrap() else {
        panic!("an object")
    };
    assert_eq!(object.len(), 40);
    assert!(matches!(&object["k7"], Value::String(s) if s == "again"));
    assert_eq!(object.get("k39"), Some(&Value::Static(StaticNode::U64(39))));
}

/// Keys are inserted without a full comparison when their prints prove them new: keys that
/// share a print without being equal (long keys alike at both ends), duplicates among them,
/// and duplicates in nested objects must all still come out right.
#[test]
fn duplicate_keys_in_nested_objects_and_long_keys_alike_at_both_ends() {
    let mut text = br#"{"a":1,"n":{"a":2,"b":{"a":3,"a":4},"a":5},"a":6,
        "same_start_1_same_end":1,"same_start_2_same_end":2,"same_start_1_same_end":3}"#
        .to_vec();
    let value = parse_json(&mut text).unwrap();
    let expected = ffi_value::literal!({
        "a": 6,
        "n": {"a": 5, "b": {"a": 4}},
        "same_start_1_same_end": 3,
        "same_start_2_same_end": 2
    });
    assert_eq!(value, expected);
    let Value::Object(object) = &value else {
        panic!("an object")
    };
    assert_eq!(object.len(), 4);
}

#[test]
fn depth_limit_is_configurable() {
    assert_eq!(ParseOptions::default().max_depth(), 1024);
    assert!(parse_json(&mut nested(1024)).is_ok());
    assert_eq!(
        parse_err(&nested(1025)).kind(),
        ErrorKind::TooDeep { limit: 1024 }
    );
    let three = ParseOptions::default().with_max_depth(3);
    assert!(parse_json_with(&mut nested(3), &three).is_ok());
    assert!(parse_json_with(&mut br#"[{"a":[]}]"#.to_vec(), &three).is_ok());
    let err = parse_json_with(&mut br#"[{"a":[{}]}]"#.to_vec(), &three).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::TooDeep { limit: 3 });
    assert_eq!(err.offset(), Some(7));
    let zero = ParseOptions::default().with_max_depth(0);
    assert!(parse_json_with(&mut b"\"flat\"".to_vec(), &zero).is_ok());
    let err = parse_json_with(&mut b" []".to_vec(), &zero).unwrap_err();
    assert_eq!(
        (err.kind(), err.offset()),
        (ErrorKind::TooDeep { limit: 0 }, Some(1))
    );
}

#[test]
fn deep_input_within_a_large_limit_parses_without_recursion() {
    const DEPTH: usize = 100_000;
    // 256 KiB of stack is far too little for one frame per level.
    let parsed = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(|| {
            let options = ParseOptions::default().with_max_depth(DEPTH);
            let mut text = nested(DEPTH);
            let mut value = parse_json_with(&mut text, &options).unwrap();
            // Take it apart level by level: dropping is recursive.
            let mut depth = 0;
            while let Value::Array(mut items) = value {
                assert_eq!(items.len(), 1);
                value = items.pop().unwrap();
                depth += 1;
            }
            (depth, value.clone_static())
        })
        .unwrap()
        .join()
        .unwrap();
    assert_eq!(parsed, (DEPTH, Value::Static(StaticNode::U64(1))));
}

#[test]
fn errors_say_what_and_where() {
    let cases: &[(&[u8], ErrorKind, usize, &str)] = &[
        (b"{\"a\" 1}", ErrorKind::Syntax, 5, "expected `:` after an object key, found `1`"),
        (b"[1 2]", ErrorKind::Syntax, 3, "expected `,` or `]` after an array item, found `2`"),
        (b"[1,]", ErrorKind::Syntax, 3, "expected a JSON value, found `]`"),
        (b"[}", ErrorKind::Syntax, 1, "expected a JSON value, found `}`"),
        (b"[,1]", ErrorKind::Syntax, 1, "expected a JSON value, found `,`"),
        (b"{1:2}", ErrorKind::Syntax, 1, "expected a string key or `}`, found `1`"),
        (b"{\"a\":1 \"b\":2}", ErrorKind::Syntax, 7, "expected `,` or `}` after an object value, found `\"`"),
        (b"{\"a\":1,}", ErrorKind::Syntax, 7, "expected a string key after `,`, found `}`"),
        (b"[1] x", ErrorKind::Syntax, 4, "trailing characters after the JSON value: found `x`"),
        (b"{} {}", ErrorKind::Syntax, 3, "trailing characters after the JSON value: found `{`"),
        (b"[[]]]", ErrorKind::Syntax, 4, "trailing characters after the JSON value: found `]`"),
        (b"1 2", ErrorKind::Syntax, 2, "trailing characters after the JSON value: found `2`"),
        (b"\"s\" \"t\"", ErrorKind::Syntax, 4, "trailing characters after the JSON value: found `\"`"),
        (b"[tru]", ErrorKind::Syntax, 1, "expected `true`, found `tru`"),
        (b"nulll", ErrorKind::Syntax, 0, "expected `null`, found `nulll`"),
        (b"[01]", ErrorKind::Syntax, 1, "invalid number `01`"),
        (b"[1.5x]", ErrorKind::Syntax, 1, "invalid number `1.5x`"),
        (b"\"a\nb\"", ErrorKind::Syntax, 2, "control character U+000A in a string; it must be escaped"),
        (b"[\"\\x\"]", ErrorKind::Syntax, 1, "the string starting here has the invalid escape `\\x`"),
        // The first string is unescaped in place before the second fails.
        (b"[\"\\\\q\", \"a\\x\"]", ErrorKind::Syntax, 8, "the invalid escape `\\x`"),
        (b"{\"\\u12\":0}", ErrorKind::Syntax, 1, "a `\\u` escape with bad hex digits"),
        (b"\"\xff\"", ErrorKind::Utf8, 1, "invalid UTF-8, found byte 0xff"),
        (b"{\"\xc3\x28\":1}", ErrorKind::Utf8, 2, "invalid UTF-8, found byte 0xc3"),
        (b"\"abc", ErrorKind::Eof, 4, "expected the closing `\"` of the string starting at byte 0, found the end of the input"),
        (b"[1,", ErrorKind::Eof, 3, "found the end of the input"),
        (b"{\"a\":1", ErrorKind::Eof, 6, "found the end of the input"),
        (b"nu", ErrorKind::Eof, 2, "expected `null`, found the end of the input"),
    ];
    for &(text, kind, offset, message) in cases {
        let err = parse_err(text);
        let shown = String::from_utf8_lossy(text);
        assert_eq!(
            (err.kind(), err.offset()),
            (kind, Some(offset)),
            "{shown}: {err}"
        );
        assert!(err.message().contains(message), "{shown}: {err}");
    }
    assert!(parse_err(b"[\"\\ud800\"]")
        .message()
        .contains("`\\u` escape"));
    // simd-json's stage 1 reports no position: it is found here, counting escapes as simd-json
    // does (the `\"` outside a string is not a quote).
    let err = parse_err(b"[\\\"a\", \"b\x01\"]");
    assert_eq!(
        (err.kind(), err.offset()),
        (ErrorKind::Eof, Some(12)),
        "{err}"
    );
    assert!(
        err.message().contains("string starting at byte 10"),
        "{err}"
    );
}

#[test]
fn objects_use_the_configured_hasher() {
    let hasher = MapHasher::with_seed(42);
    let options = ParseOptions::default().with_hasher(hasher.clone());
    let mut text = br#"{"a":[{"b":1}],"c":{}}"#.to_vec();
    let value = parse_json_with(&mut text, &options).unwrap();
    let Value::Object(outer) = &value else {
        panic!("an object")
    };
    assert_eq!(outer.hasher_id(), hasher.id());
    let Value::Array(items) = &outer["a"] else {
        panic!("an array")
    };
    assert!(matches!(&items[0], Value::Object(inner) if inner.hasher_id() == hasher.id()));
    assert_eq!(
        value,
        parse_json(&mut br#"{"c":{},"a":[{"b":1}]}"#.to_vec()).unwrap()
    );
}
