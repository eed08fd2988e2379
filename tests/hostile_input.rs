//! Hostile input, in one place. Each item of the list, and the tests that cover it (in this
//! file unless another is named):
//!
//! - **1,000,000 nested `[`**: a depth error at the first bracket past the limit, no stack
//!   overflow, in JSON, `MessagePack` and through serde (`serde_json`, `rmp-serde`):
//!   `a_million_open_brackets_are_too_deep`. Nesting within a raised limit parses without
//!   recursion: `json_parse.rs::deep_input_within_a_large_limit_parses_without_recursion`;
//!   `JSONTestSuite`'s `n_structure_100000_opening_arrays`: `json_test_suite.rs`.
//! - **100 MB of whitespace**: `a_hundred_megabytes_of_whitespace`, with its peak allocation.
//! - **Input truncated at every byte of a valid event**: `every_truncation_of_an_event_is_an_error`
//!   (JSON and `MessagePack`). Of random values: `msgpack.rs::every_truncation_is_an_eof_error`;
//!   random cuts and byte edits: `json_parse.rs::agrees_with_simd_json_owned_value`.
//! - **Invalid UTF-8 in strings and keys**: `invalid_utf8_in_strings_and_keys` (JSON and
//!   `MessagePack`); more JSON cases in `json_parse.rs::errors_say_what_and_where`.
//! - **Numbers past the i64/u64/f64 range**: `numbers_past_their_range` (JSON). A `MessagePack`
//!   number has a fixed width and always fits: `msgpack.rs::numbers_keep_their_value_and_bits`.
//! - **Duplicate keys**: `a_hundred_thousand_copies_of_one_key` (JSON and `MessagePack`); the
//!   last one wins, nested too: `json_parse.rs::duplicate_keys_last_one_wins`,
//!   `json_parse.rs::duplicate_keys_in_nested_objects_and_long_keys_alike_at_both_ends`,
//!   `msgpack.rs::repeated_keys_keep_the_last_value`.
//! - **`MessagePack` headers that claim 4 GB lengths**: an error, no huge allocation:
//!   `huge_length_headers_fail_fast_without_allocating`, `nested_huge_claims_reserve_little`.
//! - **A plugin returning a value that borrows freed memory**: impossible by construction:
//!   `Plugin::on_event` takes a `Value<'static>` and pushes to `Outputs`, a
//!   `FfiVec<Value<'static>>`. The `compile_fail` example in `pdk/src/lib.rs` shows the borrow
//!   checker refusing a value that borrows a local buffer.
//! - **Every error says what and where**: every error here goes through `rejected`, which checks
//!   its format, that its byte offset is within the input and shown by `Display`, and that it
//!   has a message; each test then checks the kind, the exact offset and the message's words.
//!   Bad input lines of `ffi-host run` are reported with their line number:
//!   `host/tests/hostile_lines.rs`, `host/tests/cli.rs`.

use std::fmt::Debug;
use std::time::{Duration, Instant};

use ffi_value::{
    parse_json, parse_json_owned, parse_msgpack, to_msgpack, Error, ErrorKind, Format,
    ParseOptions, StaticNode, Value,
};

#[global_allocator]
static METER: alloc_meter::Meter = alloc_meter::Meter;

/// Runs `f`, returning its result, the most bytes it had allocated at once on this thread, and
/// how long it took.
fn measure<R>(f: impl FnOnce() -> R) -> (R, usize, Duration) {
    let start = Instant::now();
    let (result, peak) = alloc_meter::peak_heap_during(f);
    (result, peak, start.elapsed())
}

/// The error of `result`, checked to be of `format`, at a byte offset within the `len` bytes
/// of input that its `Display` shows, with a message.
fn rejected<T: Debug>(format: Format, len: usize, result: Result<T, Error>) -> Error {
    let error = result.expect_err("hostile input must not parse");
    assert_eq!(error.format(), format, "{error}");
    let offset = error.offset().expect("every parse error has an offset");
    assert!(offset <= len, "{error}: beyond the {len} bytes of input");
    assert!(
        error.to_string().contains(&format!(" at byte {offset}: ")),
        "{error}"
    );
    assert!(!error.message().is_empty(), "{error:?}");
    error
}

/// The error of parsing (a copy of) `input` as JSON, checked by [`rejected`].
fn json_error(input: &[u8]) -> Error {
    rejected(Format::Json, input.len(), parse_json(&mut input.to_vec()))
}

/// The error of parsing `input` as `MessagePack`, checked by [`rejected`].
fn msgpack_error(input: &[u8]) -> Error {
    rejected(Format::MsgPack, input.len(), parse_msgpack(input))
}

/// Asserts that `error` is of `kind`, at byte `offset`, and that its message contains `words`.
fn assert_error(error: &Error, kind: ErrorKind, offset: usize, words: &str) {
    assert_eq!(
        (error.kind(), error.offset()),
        (kind, Some(offset)),
        "{error}"
    );
    assert!(error.message().contains(words), "{error} lacks `{words}`");
}

#[test]
fn a_million_open_brackets_are_too_deep() {
    let limit = ParseOptions::DEFAULT_MAX_DEPTH;
    let too_deep = ErrorKind::TooDeep { limit };
    let start = Instant::now();
    let brackets = vec![b'['; 1_000_000];
    let words = "arrays and objects nest deeper than the limit of 1024";
    assert_error(&json_error(&brackets), too_deep, limit, words);
    let objects = [b"{\"a\":".repeat(500_000), b"1".to_vec()].concat();
    assert_error(&json_error(&objects), too_deep, limit * 5, words);

    let arrays = vec![0x91; 1_000_000]; // fixarray of one element
    let words = "arrays and maps nest more than 1024 levels deep";
    assert_error(&msgpack_error(&arrays), too_deep, limit, words);
    let maps = [0x81, 0xa1, b'k'].repeat(400_000); // fixmap {"k": ...}
    assert_error(&msgpack_error(&maps), too_deep, limit * 3, words);
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );

    // Through serde: serde_json's depth limit, and `Value`'s `Deserialize` has one of its own,
    // whatever the format.
    let error = serde_json::from_slice::<Value<'_>>(&brackets).unwrap_err();
    assert_eq!(
        error.to_string(),
        "recursion limit exceeded at line 1 column 128"
    );
    let error = rmp_serde::from_slice::<Value<'_>>(&arrays).unwrap_err();
    assert_eq!(error.to_string(), "values nest more than 128 levels deep");
}

/// 100 MiB parsed once (about 10 s in a debug build): the whitespace-only error path, which
/// scans all of it; the same whitespace around a value is checked on 1 MiB.
#[test]
fn a_hundred_megabytes_of_whitespace() {
    const SIZE: usize = 100 << 20;
    // Every kind of JSON whitespace.
    let whitespace = |size: usize| b" \t\n\r".repeat(size / 4);
    let mut input = whitespace(SIZE);
    let (result, peak, time) = measure(|| parse_json(&mut input).map(|_| ()));
    println!("parse_json, {SIZE} bytes of whitespace: peak {peak} bytes, {time:?}");
    let error = rejected(Format::Json, SIZE, result);
    let words = "expected a JSON value, found the end of the input";
    assert_error(&error, ErrorKind::Eof, SIZE, words);
    // simd-json's buffers, each sized for the input: a padded copy of it, one for unescaped
    // strings, and the structural indexes.
    assert!(peak < 3 * SIZE, "peak {peak} bytes");
    drop(input);

    let padding = whitespace(1 << 20);
    let mut input = [&padding[..], br#"{"a" : [ 1 , "b" ] }"#, &padding[..]].concat();
    let parsed = parse_json(&mut input).unwrap();
    assert_eq!(parsed, ffi_value::literal!({"a": [1, "b"]}));

    // In `MessagePack`, a space is the integer 32: what follows is trailing.
    let error = msgpack_error(&vec![b' '; SIZE]);
    assert_error(&error, ErrorKind::Syntax, 1, "trailing");
}

/// An event with every kind of token: cut inside each.
const EVENT: &str = r#"{"id":-12,"ratio":3.25e-2,"max":18446744073709551615,"ok":true,"no":false,"none":null,"text":"tab\tquote\" \u00e9 \ud83d\ude00 é","empty":[],"obj":{},"nested":[[1],{"k":"v"}]}"#;

#[test]
fn every_truncation_of_an_event_is_an_error() {
    let event = EVENT.as_bytes();
    let value = parse_json_owned(event).unwrap();
    for len in 0..event.len() {
        let error = json_error(&event[..len]);
        match error.kind() {
            ErrorKind::Eof => assert_error(&error, ErrorKind::Eof, len, "the end of the input"),
            other => panic!("{len}: {other:?}: {error}"),
        }
    }
    // A cut inside a string, an atom, a number or after a `:` names what was expected.
    let cuts = [
        ("{\"ab", "the closing `\"` of the string starting at byte 1"),
        ("{\"a\":tr", "expected `true`"),
        (
            "{\"a\":",
            "expected more after the last `,`, `:`, `[` or `{`",
        ),
        ("[1,", "found the end of the input"),
        ("{\"a\":-", "the rest of the number `-`"),
        ("[1.", "the rest of the number `1.`"),
        ("[\"\\", "the closing `\"` of the string starting at byte 1"),
    ];
    for (cut, words) in cuts {
        assert_error(
            &json_error(cut.as_bytes()),
            ErrorKind::Eof,
            cut.len(),
            words,
        );
    }

    let encoded = to_msgpack(&value).unwrap();
    for len in 0..encoded.len() {
        let error = msgpack_error(&encoded[..len]);
        assert_eq!(
            (error.kind(), error.offset()),
            (ErrorKind::Eof, Some(len)),
            "{error}"
        );
        let message = error.message();
        assert!(
            message.starts_with("the input ends") || message.contains(" are left"),
            "{error}"
        );
    }
}

/// Malformed UTF-8: a bad byte, a bad continuation, an overlong encoding, a surrogate, a code
/// point past U+10FFFF, a sequence cut short.
const BAD_UTF8: [&[u8]; 6] = [
    b"\xff",
    b"\xc3\x28",
    b"\xc0\x80",
    b"\xed\xa0\x80",
    b"\xf4\x90\x80\x80",
    b"\xe2\x82",
];

#[test]
fn invalid_utf8_in_strings_and_keys() {
    // Past the first SIMD blocks, and after an escape in JSON.
    let ascii = "a".repeat(100);
    let escaped = format!("{ascii}\\n");
    for bad in BAD_UTF8 {
        let words = format!("invalid UTF-8, found byte {:#04x}", bad[0]);
        let in_value = [b"{\"k\":\"", escaped.as_bytes(), bad, b"\"}"].concat();
        let error = json_error(&in_value);
        assert_error(&error, ErrorKind::Utf8, 6 + escaped.len(), &words);
        assert_eq!(parse_json_owned(&in_value).unwrap_err(), error);
        let in_key = [b"{\"", escaped.as_bytes(), bad, b"\":1}"].concat();
        assert_error(
            &json_error(&in_key),
            ErrorKind::Utf8,
            2 + escaped.len(),
            &words,
        );

        let string = [ascii.as_bytes(), bad].concat();
        let str8 = [&[0xd9, u8::try_from(string.len()).unwrap()], &string[..]].concat();
        let in_value = [&[0x81, 0xa1, b'k'], &str8[..]].concat();
        assert_error(
            &msgpack_error(&in_value),
            ErrorKind::Utf8,
            5 + ascii.len(),
            "the string at byte 3 is not valid UTF-8",
        );
        let in_key = [&[0x81], &str8[..], &[0xc0]].concat();
        assert_error(
            &msgpack_error(&in_key),
            ErrorKind::Utf8,
            3 + ascii.len(),
            "the string at byte 1 is not valid UTF-8",
        );
    }
}

#[test]
fn numbers_past_their_range() {
    let parse = |text: &str| parse_json_owned(text.as_bytes()).unwrap();
    let node = Value::Static;
    assert_eq!(
        parse("18446744073709551615"),
        node(StaticNode::U64(u64::MAX))
    );
    assert_eq!(
        parse("-9223372036854775808"),
        node(StaticNode::I64(i64::MIN))
    );
    assert_eq!(
        parse("1.7976931348623157e308"),
        node(StaticNode::F64(f64::MAX))
    );
    assert_eq!(parse("1e-400"), node(StaticNode::F64(0.0)));
    assert!(matches!(parse("-0"), Value::Static(StaticNode::I64(0))));
    assert!(
        matches!(parse("-0.0"), Value::Static(StaticNode::F64(f)) if f == 0.0 && f.is_sign_negative())
    );
    let integer = "an integer outside the range of i64 and u64";
    let float = "outside the range of f64";
    let many_digits = "9".repeat(1000);
    let cases = [
        ("18446744073709551616", 0, integer),
        ("[-9223372036854775809]", 1, integer),
        ("[1, 18446744073709551616]", 4, integer),
        ("123456789012345678901234567890", 0, integer),
        (&many_digits, 0, integer),
        ("[1e309]", 1, float),
        ("-1e400", 0, float),
        ("{\"x\": 1e99999999999999999999}", 6, float),
    ];
    for (text, offset, what) in cases {
        let error = json_error(text.as_bytes());
        assert_error(&error, ErrorKind::Number, offset, what);
        assert!(error.message().starts_with("number `"), "{error}");
    }
    // A huge token is quoted in part, with its length.
    let error = json_error(many_digits.as_bytes());
    assert!(error.message().len() < 120, "{error}");
    assert!(error.message().contains("… (1000 bytes)"), "{error}");
}

#[test]
fn a_hundred_thousand_copies_of_one_key() {
    const COPIES: u32 = 100_000;
    let entries: Vec<String> = (0..COPIES).map(|i| format!("\"k\":{i}")).collect();
    let mut json = format!("{{{}}}", entries.join(",")).into_bytes();
    let mut msgpack = vec![0xdf];
    msgpack.extend(COPIES.to_be_bytes());
    for i in 0..COPIES {
        msgpack.extend([0xa1, b'k', 0xce]);
        msgpack.extend(i.to_be_bytes());
    }
    let last = ffi_value::literal!({ "k": (COPIES - 1) });
    assert_eq!(parse_json(&mut json).unwrap(), last);
    assert_eq!(parse_msgpack(&msgpack).unwrap(), last);

    // Forty keys, each repeated: past halfbrown's 32 entries, its hashed representation.
    let entries: Vec<String> = (0..COPIES)
        .map(|i| format!("\"k{}\":{i}", i % 40))
        .collect();
    let mut json = format!("{{{}}}", entries.join(",")).into_bytes();
    let Value::Object(object) = parse_json(&mut json).unwrap() else {
        panic!("an object")
    };
    assert_eq!(object.len(), 40);
    assert_eq!(
        object.get("k7"),
        Some(&Value::Static(StaticNode::U64(u64::from(COPIES - 40 + 7))))
    );
}

#[test]
fn huge_length_headers_fail_fast_without_allocating() {
    let headers: [(&[u8], &str); 8] = [
        (
            &[0xdd, 0xff, 0xff, 0xff, 0xff],
            "the input ends where a value was expected",
        ),
        (
            &[0xdf, 0xff, 0xff, 0xff, 0xff],
            "the input ends where a map key was expected",
        ),
        (
            &[0xdb, 0xff, 0xff, 0xff, 0xff],
            "claims 4294967295 bytes, but only 0 are left",
        ),
        (
            &[0xc6, 0xff, 0xff, 0xff, 0xff],
            "claims 4294967295 bytes, but only 0 are left",
        ),
        (
            &[0xdc, 0xff, 0xff],
            "the input ends where a value was expected",
        ),
        (
            &[0xde, 0xff, 0xff],
            "the input ends where a map key was expected",
        ),
        (
            &[0xda, 0xff, 0xff, b'a'],
            "claims 65535 bytes, but only 1 are left",
        ),
        (
            &[0xc5, 0xff, 0xff, 0x00],
            "claims 65535 bytes, but only 1 are left",
        ),
    ];
    for (header, words) in headers {
        let (error, peak, time) = measure(|| msgpack_error(header));
        assert_error(&error, ErrorKind::Eof, header.len(), words);
        assert!(peak < 1024, "{header:x?}: peak {peak} bytes");
        assert!(time < Duration::from_secs(1));
    }
}

/// Arrays and maps nested 2000 deep that each claim 4 Gi elements: together the open
/// containers reserve room for no more elements than the input has bytes, instead of 4096 each
/// (about 300 MB up to the depth limit); through rmp-serde's size hints, for at most 16 Ki
/// elements. An element reserved costs at most 128 bytes: a map entry of 56 bytes in a hash
/// table whose buckets are rounded up to a power of two.
#[test]
fn nested_huge_claims_reserve_little() {
    let mut input = Vec::new();
    for _ in 0..1000 {
        input.extend([0xdd, 0xff, 0xff, 0xff, 0xff]);
        input.extend([0xdf, 0xff, 0xff, 0xff, 0xff, 0xa1, b'k']);
    }
    input.extend([0xc0; 4096]);
    let (error, peak, time) = measure(|| msgpack_error(&input));
    let limit = ParseOptions::DEFAULT_MAX_DEPTH;
    // The 1025th container is the 513th array, after 512 arrays and maps.
    assert_error(
        &error,
        ErrorKind::TooDeep { limit },
        512 * 12,
        "nest more than 1024 levels deep",
    );
    assert!(time < Duration::from_secs(1));
    println!(
        "parse_msgpack: {} input bytes, peak {peak} bytes",
        input.len()
    );
    assert!(peak < 128 * input.len(), "peak {peak} bytes");

    let (result, peak, time) = measure(|| rmp_serde::from_slice::<Value<'_>>(&input));
    assert!(result.is_err());
    assert!(time < Duration::from_secs(1));
    println!("rmp_serde::from_slice: peak {peak} bytes");
    assert!(peak < 2 << 20, "peak {peak} bytes");
}
