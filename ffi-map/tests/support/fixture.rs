//! Builds a fixture library of `tests/fixtures` with cargo (its own workspace and target
//! directory) and loads it with `dlopen`.

use std::path::PathBuf;
use std::process::Command;

use libloading::Library;

/// Builds `tests/fixtures/<dir>` and loads its `lib<crate_name>.so`.
///
/// # Panics
/// When it does not build or load.
pub fn load(dir: &str, crate_name: &str) -> Library {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(dir)
        .join("Cargo.toml");
    let target = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(dir);
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .args(["build", "--quiet", "--manifest-path"])
        .arg(&manifest)
        .arg("--target-dir")
        .arg(&target)
        .status()
        .expect("run cargo to build the fixture");
    assert!(
        status.success(),
        "building the fixture library {dir} failed"
    );
    let path = target
        .join("debug")
        .join(libloading::library_filename(crate_name));
    // SAFETY: the fixture is our own library; its initialisers only set up std.
    unsafe { Library::new(&path) }.unwrap_or_else(|e| panic!("load {}: {e}", path.display()))
}

/// Looks up a symbol of `$library` as the function type the place it goes to says.
macro_rules! symbol {
    ($library:expr, $name:literal) => {
        // SAFETY: the fixture defines this symbol with exactly the signature expected here.
        *unsafe { $library.get(concat!($name, "\0").as_bytes()) }
            .unwrap_or_else(|e| panic!("symbol {}: {e}", $name))
    };
}
