//! Shared by the host's integration tests: builds plugin libraries with cargo, once per test
//! binary, into one target directory under `CARGO_TARGET_TMPDIR`, and returns their paths.
//! Plugins are only ever loaded with `dlopen`, never linked.

#![allow(dead_code)] // Each test binary uses a part.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Mutex, OnceLock, PoisonError};

/// The workspace's root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("host/ is inside the workspace")
        .to_owned()
}

/// The one target directory of every library built here.
fn target_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("plugins")
}

/// `lib<name>.so` (or the platform's equivalent) in the `profile` directory (`debug` or
/// `release`).
fn library_file(profile: &str, crate_name: &str) -> PathBuf {
    target_dir().join(profile).join(format!(
        "{}{}{}",
        std::env::consts::DLL_PREFIX,
        crate_name.replace('-', "_"),
        std::env::consts::DLL_SUFFIX
    ))
}

/// Runs `cargo build` with `args`, once per distinct `args` per test binary; returns whether
/// it succeeded.
fn cargo_build(args: &[&str]) -> bool {
    static BUILT: OnceLock<Mutex<HashMap<Vec<String>, bool>>> = OnceLock::new();
    let key: Vec<String> = args.iter().map(|&a| a.to_owned()).collect();
    let built = BUILT.get_or_init(Mutex::default);
    let mut built = built.lock().unwrap_or_else(PoisonError::into_inner);
    *built.entry(key).or_insert_with(|| {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        Command::new(cargo)
            .arg("build")
            .args(args)
            .arg("--target-dir")
            .arg(target_dir())
            .status()
            .is_ok_and(|status| status.success())
    })
}

/// The cdylib of the workspace's plugin package `package` (built on first use).
///
/// # Panics
/// When it does not build.
pub fn plugin(package: &str) -> PathBuf {
    let manifest = workspace().join("Cargo.toml");
    let manifest = manifest.to_str().expect("a UTF-8 path");
    assert!(
        cargo_build(&["--quiet", "--manifest-path", manifest, "-p", package]),
        "building plugin package `{package}` failed"
    );
    library_file("debug", package)
}

/// The cdylib of the workspace's plugin package `package` built with the release profile, for
/// benchmarks (built on first use).
///
/// # Panics
/// When it does not build.
pub fn plugin_release(package: &str) -> PathBuf {
    release_library("Cargo.toml", package)
}

/// The library of fixture crate `crate_name` of `plugins/fixtures/` (a workspace of its own,
/// built whole on first use: see its `Cargo.toml` for what each fixture does).
///
/// # Panics
/// When the fixtures do not build.
pub fn fixture(crate_name: &str) -> PathBuf {
    let manifest = workspace().join("plugins/fixtures/Cargo.toml");
    let manifest = manifest.to_str().expect("a UTF-8 path");
    assert!(
        cargo_build(&["--quiet", "--manifest-path", manifest, "--workspace"]),
        "building the fixtures in plugins/fixtures failed"
    );
    library_file("debug", crate_name)
}

/// The library of the fixture package `package` of `plugins/fixtures/` built alone with the
/// release profile, for benchmarks (built on first use; every fixture has the same features,
/// so one built alone is the same as one built with the others).
///
/// # Panics
/// When it does not build.
pub fn fixture_release(package: &str) -> PathBuf {
    release_library("plugins/fixtures/Cargo.toml", package)
}

/// The library of package `package` of the workspace whose manifest is `manifest` (relative
/// to the root) built with the release profile (on first use).
///
/// # Panics
/// When it does not build.
fn release_library(manifest: &str, package: &str) -> PathBuf {
    let manifest = workspace().join(manifest);
    let manifest = manifest.to_str().expect("a UTF-8 path");
    assert!(
        cargo_build(&[
            "--quiet",
            "--release",
            "--manifest-path",
            manifest,
            "-p",
            package
        ]),
        "building package `{package}` of {manifest} (release) failed"
    );
    library_file("release", package)
}

/// A fresh, empty directory for `test` under `CARGO_TARGET_TMPDIR`.
pub fn temp_dir(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("host-tests")
        .join(test);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create a temporary directory");
    dir
}

/// Where fixture-panic panics with a message containing `text`, as the panic hook reports it:
/// `panic/lib.rs:<line>:<column>` of the `assert!` before the message in its source.
///
/// # Panics
/// When the source has no such message.
pub fn fixture_panic_location(text: &str) -> String {
    let source = std::fs::read_to_string(workspace().join("plugins/fixtures/panic/lib.rs"))
        .expect("read fixture-panic's source");
    let lines: Vec<&str> = source.lines().collect();
    let message = lines
        .iter()
        .position(|line| line.contains(text))
        .unwrap_or_else(|| panic!("`{text}` is not in fixture-panic's source"));
    let line = lines[..message]
        .iter()
        .rposition(|line| line.contains("assert!("))
        .expect("an `assert!` before the message");
    let column = lines[line].find("assert!(").expect("found above") + 1;
    format!("panic/lib.rs:{}:{column}", line + 1)
}
