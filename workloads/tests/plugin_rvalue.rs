//! `plugin-rvalue` built with cargo and loaded with `dlopen`: its three stages give what the
//! rules give in-process.

use std::path::{Path, PathBuf};
use std::process::Command;

use abi_stable::std_types::RVec;
use ffi_workloads::data;
use ffi_workloads::rules::{Bucket, BucketOptions, Classify, KeyMode};
use ffi_workloads::rvalue::{RPluginLibrary, RValue};

/// The plugin's cdylib, built into a target directory of this test's own.
fn plugin_rvalue() -> PathBuf {
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("plugins");
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.toml");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .args(["build", "--quiet", "-p", "plugin-rvalue", "--manifest-path"])
        .arg(&manifest)
        .arg("--target-dir")
        .arg(&target)
        .status()
        .expect("run cargo");
    assert!(status.success(), "building plugin-rvalue failed");
    target.join("debug").join(format!(
        "{}plugin_rvalue{}",
        std::env::consts::DLL_PREFIX,
        std::env::consts::DLL_SUFFIX
    ))
}

fn json(text: &str) -> RValue {
    RValue::from_json(&mut text.as_bytes().to_vec()).expect("JSON")
}

#[test]
fn the_loaded_stages_give_what_the_rules_give() {
    let library = RPluginLibrary::load(&plugin_rvalue()).unwrap_or_else(|e| panic!("{e}"));
    let mut passthrough = library
        .instantiate("passthrough", &RValue::Null)
        .expect("passthrough");
    let mut classify = library
        .instantiate(
            "classify",
            &json(r#"{"known_keys":false,"default_rate":3}"#),
        )
        .expect("classify");
    let mut bucket = library
        .instantiate("bucket", &json(r#"{"window_events":500,"capacity":4}"#))
        .expect("bucket");
    let rules = Classify::<RValue>::new(3, KeyMode::Plain);
    let mut limiter = Bucket::<RValue>::new(
        BucketOptions {
            window_events: 500,
            capacity: 4,
        },
        KeyMode::Known,
    );
    let (mut admitted, mut out) = (0, RVec::new());
    for mut line in data::json_lines(2, 2_000) {
        let event = RValue::from_json(&mut line).expect("JSON");
        let mut expected = event.clone();
        rules.apply(&mut expected).expect("an object");
        let passes = limiter.admit(&expected).expect("classified");
        admitted += usize::from(passes);

        passthrough.process(event, &mut out).expect("passthrough");
        let unchanged = out.pop().expect("one output");
        classify.process(unchanged, &mut out).expect("classify");
        let classified = out.pop().expect("one output");
        assert_eq!(classified, expected);
        bucket.process(classified, &mut out).expect("bucket");
        assert_eq!(out.pop(), passes.then_some(expected));
        assert!(out.is_empty());
    }
    assert!(0 < admitted && admitted < 2_000, "{admitted}");

    let err = bucket
        .process(json("{}"), &mut out)
        .expect_err("unclassified");
    assert_eq!(
        err,
        "bucket: the event has no `$class` field (classify it first)"
    );
    let err = library
        .instantiate("split", &RValue::Null)
        .expect_err("no such stage");
    assert!(err.starts_with("unknown stage \"split\""), "{err}");
}

#[test]
fn loading_a_file_that_is_not_the_plugin_names_it() {
    let missing = Path::new("no/such/libplugin.so");
    assert_eq!(
        RPluginLibrary::load(missing).expect_err("missing"),
        "no/such/libplugin.so: no such file"
    );
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml");
    let err = RPluginLibrary::load(&manifest).expect_err("not a library");
    assert!(
        err.starts_with(&format!("{}: ", manifest.display())),
        "{err}"
    );
}
