//! The map backend of objects, chosen by cargo feature: `halfbrown` (the default; a vector
//! scanned up to 32 entries, a hash table above) and `hashbrown` (always a hash table). With
//! both, `Backend::DEFAULT` is halfbrown and either can be asked for.
//!
//! Run with `cargo run --example map_backend` (prints `default backend: halfbrown`, then which
//! backends this build has), and with `cargo run --example map_backend --no-default-features
//! --features hashbrown` (prints `default backend: hashbrown`); both features: `--features
//! hashbrown`. Whatever the build, maps of either backend made by another library (a plugin's
//! or the host's) can be used: each carries its own code.

use ffi_value::{literal, parse_json_with, Backend, ParseOptions, Value};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("default backend: {}", Backend::DEFAULT);
    for backend in [Backend::Halfbrown, Backend::Hashbrown] {
        println!("{backend}: available = {}", backend.is_available());
    }
    // This package's features are ffi-map's.
    assert_eq!(
        Backend::Halfbrown.is_available(),
        cfg!(feature = "halfbrown")
    );
    assert_eq!(
        Backend::Hashbrown.is_available(),
        cfg!(feature = "hashbrown")
    );

    // Objects are made with the default backend...
    let event = literal!({"application": "app1"});
    let Value::Object(object) = &event else {
        unreachable!("literal! makes an object")
    };
    assert_eq!(object.backend(), Backend::DEFAULT);

    // ...or with one asked for by name, where this build has it.
    for backend in [Backend::Halfbrown, Backend::Hashbrown] {
        match ParseOptions::default().with_backend(backend) {
            Ok(options) => {
                let mut input = br#"{"application":"app1"}"#.to_vec();
                let parsed = parse_json_with(&mut input, &options)?;
                let Value::Object(object) = &parsed else {
                    unreachable!("the input is an object")
                };
                assert_eq!(object.backend(), backend);
                // Equal whatever their backends: equality is by content.
                assert_eq!(parsed, event);
                println!("parsed with {backend}: {parsed}");
            }
            Err(unavailable) => println!("{unavailable}"),
        }
    }
    Ok(())
}
