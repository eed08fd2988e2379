//! Replays the inputs kept for each fuzz target through the target's check, on the stable
//! compiler: `regressions/<target>/` (inputs the fuzzer once failed on) and `seeds/<target>/`
//! (hand-made inputs, also the fuzzer's starting corpus).

use std::fs;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

/// Runs `check` on every file of `regressions/<target>/` and `seeds/<target>/`, and panics
/// naming each file it fails on.
fn replay(target: &str, check: fn(&[u8])) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut failed = Vec::new();
    let mut count = 0;
    for dir in ["regressions", "seeds"] {
        let Ok(entries) = fs::read_dir(root.join(dir).join(target)) else {
            continue;
        };
        let mut paths: Vec<_> = entries
            .map(|e| e.expect("a directory entry").path())
            .collect();
        paths.sort();
        for path in paths {
            let data = fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            count += 1;
            if catch_unwind(AssertUnwindSafe(|| check(&data))).is_err() {
                failed.push(path.display().to_string());
            }
        }
    }
    assert!(count > 0, "no inputs kept for {target}");
    assert!(failed.is_empty(), "{target} fails on: {failed:#?}");
}

#[test]
fn json_roundtrip() {
    replay("json_roundtrip", ffi_fuzz::json_roundtrip);
}

#[test]
fn msgpack_decode() {
    replay("msgpack_decode", ffi_fuzz::msgpack_decode);
}

#[test]
fn map_model() {
    replay("map_model", ffi_fuzz::map_model);
}

#[test]
fn map_cross_backend() {
    replay("map_cross_backend", ffi_fuzz::map_cross_backend);
}

#[test]
fn value_roundtrip() {
    replay("value_roundtrip", ffi_fuzz::value_roundtrip);
}
