//! Nicolas Seriot's `JSONTestSuite` (`test_parsing/`): every `y_` case parses, every `n_` case
//! is rejected with an error, no case panics; `i_` cases may go either way.
//!
//! Skipped, with a message, when the suite is not checked out next to the workspace.

use std::fs;
use std::panic;
use std::path::Path;

use ffi_value::{parse_json, ErrorKind, Format};

const SUITE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/data/JSONTestSuite/test_parsing"
);

/// `y_` cases we reject, each with the reason (none known: the list keeps disagreements
/// explicit if simd-json ever has some).
const Y_REJECTED: &[(&str, &str)] = &[];

/// `n_` cases we accept, each with the reason.
const N_ACCEPTED: &[(&str, &str)] = &[];

#[derive(Default, Debug)]
struct Counts {
    accepted: usize,
    rejected: usize,
}

#[test]
fn json_test_suite() {
    let dir = Path::new(SUITE);
    let Ok(entries) = fs::read_dir(dir) else {
        println!("JSONTestSuite not found at {SUITE}: skipped");
        return;
    };
    let mut files: Vec<_> = entries
        .map(|entry| entry.expect("readable directory").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no .json files in {SUITE}");

    let (mut y, mut n, mut i) = (Counts::default(), Counts::default(), Counts::default());
    let mut wrong = Vec::new();
    for path in &files {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .expect("UTF-8 file name");
        let text = fs::read(path).expect("readable file");
        let result = panic::catch_unwind(|| parse_json(&mut text.clone()).map(|_| ()))
            .unwrap_or_else(|_| panic!("{name} panicked"));
        if let Err(err) = &result {
            assert_eq!(err.format(), Format::Json, "{name}");
            assert!(
                err.offset().is_some_and(|o| o <= text.len()),
                "{name}: {err} has no offset within {} bytes",
                text.len()
            );
            if name == "n_structure_100000_opening_arrays.json" {
                assert_eq!(err.kind(), ErrorKind::TooDeep { limit: 1024 }, "{name}");
            }
        }
        let counts = match &name[..2] {
            "y_" => &mut y,
            "n_" => &mut n,
            _ => &mut i,
        };
        if result.is_ok() {
            counts.accepted += 1;
        } else {
            counts.rejected += 1;
        }
        let listed = |list: &[(&str, &str)]| list.iter().any(|(case, _)| *case == name);
        match (&name[..2], &result) {
            ("y_", Err(err)) if !listed(Y_REJECTED) => wrong.push(format!("{name}: {err}")),
            ("n_", Ok(())) if !listed(N_ACCEPTED) => wrong.push(format!("{name}: accepted")),
            ("y_", Ok(())) if listed(Y_REJECTED) => {
                wrong.push(format!("{name}: listed as rejected, but parses"));
            }
            ("n_", Err(_)) if listed(N_ACCEPTED) => {
                wrong.push(format!("{name}: listed as accepted, but rejected"));
            }
            _ => {}
        }
        if name.starts_with("i_") {
            println!(
                "{name}: {}",
                result.map_or_else(|e| format!("rejected ({e})"), |()| "accepted".into())
            );
        }
    }
    println!(
        "JSONTestSuite: {} files; y_ {y:?}, n_ {n:?}, i_ {i:?}",
        files.len()
    );
    assert!(wrong.is_empty(), "disagreements:\n{}", wrong.join("\n"));
}
