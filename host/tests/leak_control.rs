//! The negative control of `.ci/memcheck`: events through `fixture-leaky`, a plugin that leaks
//! a value it makes on every event. Natively this passes (a leak is not a test failure); under
//! valgrind (`--errors-for-leak-kinds=definite --error-exitcode=1`) or the address sanitizer's
//! leak check it must fail, which `.ci/memcheck` verifies, proving the memory check can fail.
//!
//! `#[ignore]`d so `cargo test --workspace` neither runs it nor leaks; `.ci/memcheck` runs it
//! with `--ignored --exact`.

mod common;

use ffi_host::PluginLibrary;
use ffi_value::{parse_json_owned, Value};

#[test]
#[ignore = "negative control for .ci/memcheck: leaks on purpose"]
fn a_leaking_plugin_leaks() {
    let path = common::fixture("fixture_leaky");
    let library = PluginLibrary::load(&path).unwrap_or_else(|e| panic!("{e}"));
    let mut instance = library.instantiate(&Value::NULL).expect("init");
    for i in 0..3 {
        let event = parse_json_owned(format!(r#"{{"i":{i}}}"#).as_bytes()).expect("valid JSON");
        let out = instance.process(event.clone()).expect("process");
        assert_eq!(out.len(), 1);
        assert_eq!(
            out[0], event,
            "the leaky plugin still passes events through"
        );
    }
}
