//! Shared by the host's integration tests: builds plugin libraries with cargo, once per test
//! binary, into one target directory under `CARGO_TARGET_TMPDIR`, and returns their paths.
//! Plugins are only ever loaded with `dlopen`, never linked.

#![allow(dead_code)] // Each test binary uses a part.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Mutex, OnceLock, PoisonError};

/// The workspace's root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("host/ is inside the workspace")
        .to_owned()
}

/// The target directory of every library built here by the rustup toolchain `toolchain`, or
/// else by the cargo running the tests.
fn target_dir(toolchain: Option<&str>) -> PathBuf {
    let name = toolchain.map_or_else(|| "plugins".to_owned(), |t| format!("plugins-{t}"));
    Path::new(env!("CARGO_TARGET_TMPDIR")).join(name)
}

/// `lib<name>.so` (or the platform's equivalent) in the `profile` directory (`debug` or
/// `release`) of `toolchain`'s target directory.
fn library_file(toolchain: Option<&str>, profile: &str, crate_name: &str) -> PathBuf {
    target_dir(toolchain).join(profile).join(format!(
        "{}{}{}",
        std::env::consts::DLL_PREFIX,
        crate_name.replace('-', "_"),
        std::env::consts::DLL_SUFFIX
    ))
}

/// Runs `cargo build` with `args` (with the rustup toolchain `toolchain`, or else the cargo
/// running the tests), once per distinct toolchain and `args` per test binary; returns whether
/// it succeeded.
fn cargo_build(toolchain: Option<&str>, args: &[&str]) -> bool {
    static BUILT: OnceLock<Mutex<HashMap<Vec<String>, bool>>> = OnceLock::new();
    let key: Vec<String> = toolchain
        .iter()
        .chain(args)
        .map(|&a| a.to_owned())
        .collect();
    let built = BUILT.get_or_init(Mutex::default);
    let mut built = built.lock().unwrap_or_else(PoisonError::into_inner);
    *built.entry(key).or_insert_with(|| {
        cargo(toolchain)
            .arg("build")
            .args(args)
            .arg("--target-dir")
            .arg(target_dir(toolchain))
            .status()
            .is_ok_and(|status| status.success())
    })
}

/// `cargo` of the rustup toolchain `toolchain` (`rustup run <toolchain> cargo`), or else the
/// cargo running the tests.
fn cargo(toolchain: Option<&str>) -> Command {
    let Some(toolchain) = toolchain else {
        return Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    };
    let mut command = Command::new("rustup");
    command.args(["run", toolchain, "cargo"]);
    // Under `cargo test` these name the toolchain running the tests and its tools: with `RUSTC`
    // set, say, the other toolchain's cargo would build with this one's rustc. Other variables
    // (RUSTFLAGS, ...) are passed on, as to every build.
    for var in ["RUSTUP_TOOLCHAIN", "CARGO", "RUSTC", "RUSTDOC"] {
        command.env_remove(var);
    }
    // A missing toolchain is reported, never downloaded.
    command.env("RUSTUP_AUTO_INSTALL", "0");
    command
}

/// Whether the rustup toolchain `toolchain` is installed (rustup runs its `cargo`).
fn toolchain_installed(toolchain: &str) -> bool {
    cargo(Some(toolchain))
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

/// Writes `message` to the test's standard error, where the test harness does not capture it
/// (it does capture `eprintln!`): for what must show even when the test passes.
pub fn warn(message: &str) {
    let _ = writeln!(std::io::stderr(), "WARNING: {message}");
}

/// The cdylib of the workspace's plugin package `package` (built on first use).
///
/// # Panics
/// When it does not build.
pub fn plugin(package: &str) -> PathBuf {
    library("Cargo.toml", package, "debug")
}

/// The cdylib of the workspace's plugin package `package` built with the release profile, for
/// benchmarks (built on first use).
///
/// # Panics
/// When it does not build.
pub fn plugin_release(package: &str) -> PathBuf {
    library("Cargo.toml", package, "release")
}

/// The library of fixture crate `crate_name` of `plugins/fixtures/` (a workspace of its own,
/// built whole on first use but for `fixture-mimalloc-passthrough`, which is only built by
/// another toolchain with [`fixture_by_toolchain`], and `fixture-tokio-runtime`, built alone
/// with [`fixture_alone`] so that only its test compiles tokio: see its `Cargo.toml` for what
/// each fixture does).
///
/// # Panics
/// When the fixtures do not build.
pub fn fixture(crate_name: &str) -> PathBuf {
    let manifest = workspace().join("plugins/fixtures/Cargo.toml");
    let manifest = manifest.to_str().expect("a UTF-8 path");
    assert!(
        cargo_build(
            None,
            &[
                "--quiet",
                "--manifest-path",
                manifest,
                "--workspace",
                "--exclude",
                "fixture-mimalloc-passthrough",
                "--exclude",
                "fixture-tokio-runtime"
            ]
        ),
        "building the fixtures in plugins/fixtures failed"
    );
    library_file(None, "debug", crate_name)
}

/// The library of the fixture package `package` of `plugins/fixtures/` built alone (on first
/// use), into the target directory of [`fixture`]'s (every fixture has the same features, so
/// one built alone is the same as one built with the others).
///
/// # Panics
/// When it does not build.
pub fn fixture_alone(package: &str) -> PathBuf {
    library("plugins/fixtures/Cargo.toml", package, "debug")
}

/// The library of the fixture package `package` of `plugins/fixtures/` built alone with the
/// release profile, for benchmarks (built on first use; every fixture has the same features,
/// so one built alone is the same as one built with the others).
///
/// # Panics
/// When it does not build.
pub fn fixture_release(package: &str) -> PathBuf {
    library("plugins/fixtures/Cargo.toml", package, "release")
}

/// The library of the fixture package `package` of `plugins/fixtures/` built alone by the
/// rustup toolchain `toolchain` (say `nightly`), into a target directory of its own (built on
/// first use); `None` when that toolchain is not installed.
///
/// # Panics
/// When it does not build.
pub fn fixture_by_toolchain(toolchain: &str, package: &str) -> Option<PathBuf> {
    if !toolchain_installed(toolchain) {
        return None;
    }
    let manifest = workspace().join("plugins/fixtures/Cargo.toml");
    let manifest = manifest.to_str().expect("a UTF-8 path");
    assert!(
        cargo_build(
            Some(toolchain),
            &["--quiet", "--manifest-path", manifest, "-p", package]
        ),
        "building fixture `{package}` with toolchain `{toolchain}` failed"
    );
    Some(library_file(Some(toolchain), "debug", package))
}

/// The library of package `package` of the workspace at `manifest` (relative to the
/// repository's root) built alone with `profile` (`debug` or `release`), on first use.
///
/// # Panics
/// When it does not build.
fn library(manifest: &str, package: &str, profile: &str) -> PathBuf {
    let manifest = workspace().join(manifest);
    let manifest = manifest.to_str().expect("a UTF-8 path");
    let mut args = vec!["--quiet", "--manifest-path", manifest, "-p", package];
    if profile == "release" {
        args.push("--release");
    }
    assert!(
        cargo_build(None, &args),
        "building package `{package}` of {manifest} ({profile}) failed"
    );
    library_file(None, profile, package)
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
