//! `ffi-host run` on hostile input lines: each bad line is skipped with the file, the line
//! number and the parser's error (what, at which byte of the line), and the good lines around
//! it still go through; so is a line over `--max-line-bytes`. (A line that is not JSON at all,
//! and one that is not base64, read from stdin: `cli.rs`.)

mod common;

use std::process::Command;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;

/// Runs `ffi-host run --format <format> <options>` with the passthrough plugin on a file of
/// `lines`.
/// Checks that it succeeds, that stdout is `expected_out`, that each of `skipped` (a line
/// number and its error) is reported, and the summary line; returns stderr.
fn run(
    test: &str,
    format: &str,
    options: &[&str],
    lines: &[Vec<u8>],
    expected_out: &str,
    skipped: &[(usize, &str)],
) -> String {
    let file = common::temp_dir(test).join("events");
    std::fs::write(&file, lines.join(&b'\n')).expect("write the input");
    let plugin = common::plugin("passthrough");
    let out = Command::new(env!("CARGO_BIN_EXE_ffi-host"))
        .args(["run", "--format", format])
        .args(options)
        .arg("--plugin")
        .args([&plugin, &file])
        .output()
        .expect("ffi-host runs");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        expected_out,
        "{stderr}"
    );
    for (line, error) in skipped {
        let report = format!("{}:{line}: skipped: {error}\n", file.display());
        assert!(stderr.contains(&report), "no `{report}` in:\n{stderr}");
    }
    let good = expected_out.lines().count();
    let summary = format!(
        "summary: {good} events in, {good} out, {} bad input lines",
        skipped.len()
    );
    assert!(stderr.contains(&summary), "{stderr}");
    stderr
}

#[test]
fn bad_json_lines_are_reported_with_line_and_byte() {
    let lines = [
        b"{\"ok\":1}".to_vec(),
        vec![b'['; 1_000_000],
        b"{\"k\":\"\xff\"}".to_vec(),
        b"{\"a\":1,\"b\":".to_vec(),
        b"[1e400]".to_vec(),
        b"{\"ok\":2}\r".to_vec(),
        b" \t ".to_vec(),
        b"{\"ok\":3}".to_vec(),
    ];
    let skipped = [
        (2, "invalid JSON: JSON error at byte 1024: arrays and objects nest deeper than the limit of 1024"),
        (3, "invalid JSON: JSON error at byte 6: invalid UTF-8, found byte 0xff"),
        (4, "invalid JSON: JSON error at byte 11: expected more after the last `,`, `:`, `[` or `{`, or a closing `]` or `}`, found the end of the input"),
        (5, "invalid JSON: JSON error at byte 1: number `1e400` is outside the range of f64"),
    ];
    let out = "{\"ok\":1}\n{\"ok\":2}\n{\"ok\":3}\n";
    run("hostile-json", "json", &[], &lines, out, &skipped);
}

#[test]
fn bad_msgpack_lines_are_reported_with_line_and_byte() {
    let base64 = |bytes: &[u8]| BASE64.encode(bytes).into_bytes();
    let ok = |n: u8| base64(&[0x81, 0xa2, b'o', b'k', n]);
    let lines = [
        ok(1),
        base64(&[0xdd, 0xff, 0xff, 0xff, 0xff]),
        base64(&[0xdb, 0xff, 0xff, 0xff, 0xff, b'a']),
        base64(&[0x91; 2000]),
        base64(&[0x81, 0xa1, 0xff, 0xc0]),
        base64(&[0x81, 0xa2, b'o', b'k']),
        base64(&[0x92, 0xc1]),
        b"gqJva\x01".to_vec(),
        ok(2),
    ];
    let skipped = [
        (2, "invalid MessagePack: MessagePack error at byte 5: the input ends where a value was expected"),
        (3, "invalid MessagePack: MessagePack error at byte 6: the string at byte 0 claims 4294967295 bytes, but only 1 are left"),
        (4, "invalid MessagePack: MessagePack error at byte 1024: arrays and maps nest more than 1024 levels deep"),
        (5, "invalid MessagePack: MessagePack error at byte 2: the string at byte 1 is not valid UTF-8: invalid utf-8 sequence of 1 bytes from index 0"),
        (6, "invalid MessagePack: MessagePack error at byte 4: the input ends where a value was expected"),
        (7, "invalid MessagePack: MessagePack error at byte 1: 0xc1 is not a MessagePack marker"),
        (8, "invalid base64: Invalid symbol 1, offset 5."),
    ];
    let out = "{\"ok\":1}\n{\"ok\":2}\n";
    run("hostile-msgpack", "msgpack", &[], &lines, out, &skipped);
}

/// A line over the limit is skipped without being kept in memory, whatever it holds; the
/// default limit is 16 MiB, and a 20 MiB line of whitespace (valid JSON around a value, but
/// not kept) is over it.
#[test]
fn lines_over_the_limit_are_skipped() {
    let long = format!("{{\"a\":\"{}\"}}", "x".repeat(100)).into_bytes();
    let lines = [b"{\"a\":1}".to_vec(), long, b"[2]".to_vec()];
    let skipped = [(
        2,
        "the line is 108 bytes long, over the limit of 64 (--max-line-bytes)",
    )];
    let out = "{\"a\":1}\n[2]\n";
    run(
        "long-lines",
        "json",
        &["--max-line-bytes", "64"],
        &lines,
        out,
        &skipped,
    );

    let mut huge = vec![b' '; 20 << 20];
    huge.push(b'1');
    let lines = [huge, b"[2]".to_vec()];
    let skipped = [(
        1,
        "the line is 20971521 bytes long, over the limit of 16777216 (--max-line-bytes)",
    )];
    run("huge-line", "json", &[], &lines, "[2]\n", &skipped);
}
