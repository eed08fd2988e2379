//! A host of your own: load a plugin library with `dlopen` (checked by `abi_stable`), make an
//! instance and hand it events, with `ffi_host::PluginLibrary`.
//!
//! Run with `cargo build -p passthrough && cargo run -p ffi-host --example embed`, which loads
//! `target/debug/libpassthrough.so`, or give any plugin library's path (and optionally its
//! configuration as JSON): `cargo run -p ffi-host --example embed -- PATH ['{"key": "x"}']`.
//! It prints the plugin's name and version, then each event in and what came out:
//!
//! ```text
//! loaded passthrough 0.1.0 (interface version 1) from target/debug/libpassthrough.so
//! {"application":"app1","aint":42} -> [{"application":"app1","aint":42}]
//! ```

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use ffi_host::PluginLibrary;
use ffi_value::{literal, parse_json_owned, Value};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("embed: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let mut args = std::env::args_os().skip(1);
    let path = args.next().map_or_else(default_plugin, PathBuf::from);
    if !path.exists() {
        return Err(format!(
            "no plugin library at {}: build one with `cargo build -p passthrough`, or give a \
             plugin library's path: `cargo run -p ffi-host --example embed -- PATH`",
            path.display()
        ));
    }
    let config = match args.next() {
        Some(json) => parse_json_owned(json.as_encoded_bytes())
            .map_err(|e| format!("the configuration is not JSON: {e}"))?,
        None => Value::NULL,
    };

    // Checks the file, `dlopen`s it and checks its kit version and layouts; never unloaded.
    let library = PluginLibrary::load(&path).map_err(|e| e.to_string())?;
    println!(
        "loaded {} {} (interface version {}) from {}",
        library.name(),
        library.version(),
        library.interface_version(),
        path.display()
    );
    let mut instance = library
        .instantiate(&config)
        .map_err(|e| format!("{}: init failed: {e}", library.name()))?;

    for event in [
        literal!({"application": "app1", "aint": 42}),
        literal!({"application": "app2", "tags": ["tag1"]}),
    ] {
        let shown = event.to_string();
        // The event moves into the plugin; the outputs are the host's to keep or drop (each
        // part is freed by the library that allocated it).
        match instance.process(event) {
            Ok(outputs) => println!("{shown} -> {}", Value::Array(outputs.into_iter().collect())),
            Err(error) => println!("{shown} -> error: {error}"),
        }
    }
    Ok(())
}

/// The workspace's `target/debug/libpassthrough.so` (or the platform's name for it).
fn default_plugin() -> PathBuf {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("host/ is inside the workspace");
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| workspace.join("target"), PathBuf::from);
    target.join("debug").join(format!(
        "{}passthrough{}",
        std::env::consts::DLL_PREFIX,
        std::env::consts::DLL_SUFFIX
    ))
}
