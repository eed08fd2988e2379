//! Values crossing between libraries that share neither compiler nor allocator: this test
//! binary (built by the toolchain running the tests, with the system allocator) loads
//! `plugins/fixtures/mimalloc-passthrough`, built by the `nightly` toolchain with mimalloc as its
//! global allocator. The host's events go in and are changed by the plugin; the plugin's own
//! values come out and are changed, cloned and dropped here.
//!
//! Without a `nightly` toolchain the tests print a WARNING and pass without checking anything.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use ffi_host::PluginLibrary;
use ffi_pdk::ErrorKind;
use ffi_value::{literal, FfiCowStr, Value};

/// The toolchain that builds the plugin: not the one that builds the tests (CI runs them with
/// stable).
const TOOLCHAIN: &str = "nightly";

/// The plugin library, or `None` (after a warning) without the toolchain.
fn plugin() -> Option<PathBuf> {
    let path = common::fixture_by_toolchain(TOOLCHAIN, "fixture-mimalloc-passthrough");
    if path.is_none() {
        common::warn(&format!(
            "the `{TOOLCHAIN}` toolchain is not installed (rustup toolchain install {TOOLCHAIN}): \
             values crossing between compilers and allocators are NOT tested"
        ));
    }
    path
}

#[test]
#[cfg_attr(
    not(target_os = "linux"),
    ignore = "reads the compiler versions in ELF files"
)]
fn the_plugin_was_built_by_another_compiler() {
    let Some(plugin) = plugin() else { return };
    let host = rustc_versions(&std::env::current_exe().expect("the test binary's path"));
    let plugin = rustc_versions(&plugin);
    assert!(
        !host.is_empty() && !plugin.is_empty(),
        "{host:?} {plugin:?}"
    );
    assert!(
        host.is_disjoint(&plugin),
        "the same compiler built both: {host:?}"
    );
}

#[test]
fn host_events_and_plugin_values_cross_both_ways() {
    let Some(plugin) = plugin() else { return };
    let library = PluginLibrary::load(&plugin).unwrap_or_else(|e| panic!("{e}"));
    let mut instance = library.instantiate(&Value::NULL).expect("init");
    // Enough events for blocks of both allocators to be reused across events.
    for n in 1..=20_u64 {
        let name = format!("user{n}");
        let event = literal!({
            "user": {"name": name.clone(), "roles": ["admin", format!("dev{n}")], "tmp": [n]},
            "message": format!("disk {n} full"),
            "tags": [format!("first{n}"), "second"],
            "count": n,
            "drop_me": {"x": [format!("gone {n}"), {"y": null}]},
        });
        let out = instance.process(event).expect("process");
        let [changed, own]: [Value<'static>; 2] = out
            .into_iter()
            .collect::<Vec<_>>()
            .try_into()
            .expect("two outputs");
        assert_eq!(
            changed,
            literal!({
                "user": {"name": name.clone(), "roles": ["admin", format!("dev{n}"), "plugin"]},
                "message": format!("disk {n} full (seen)"),
                "tags": ["second"],
                "count": n + 1,
                "mimalloc_passthrough": {
                    "greeting": format!("hello, {name}"),
                    "list": [name.clone(), {"deep": format!("{name} again")}],
                    // The host's string is not in mimalloc's heap, the plugin's is.
                    "in_mimalloc_heap": {"host_message": false, "greeting": true},
                },
            })
        );
        let items = |from: u64| -> Vec<Value<'static>> {
            (from..3)
                .map(|i| literal!({"i": i, "s": format!("{name} #{i}")}))
                .collect()
        };
        assert_eq!(
            own,
            literal!({
                "made_by": "fixture-mimalloc-passthrough",
                "event": n,
                "items": items(0),
                "text": name.repeat(100),
            })
        );
        host_changes_plugin_values(changed, own, n);
    }
}

/// Changes, clones and drops the values of one event's outputs: the plugin's strings, arrays
/// and maps grow and shrink here (with the plugin's allocator), and host-made values go into
/// them.
fn host_changes_plugin_values(mut changed: Value<'static>, mut own: Value<'static>, n: u64) {
    let name = format!("user{n}");
    let added_key = format!("added {name}");
    let Value::Object(object) = &mut own else {
        panic!("expected an object, found {own:?}")
    };
    assert!(!object.is_native(), "made by the plugin");
    let Some(Value::String(text)) = object.get_mut("text") else {
        panic!("no text: {own:?}")
    };
    text.push_str(&"!".repeat(1000));
    let Some(Value::Array(items)) = object.get_mut("items") else {
        panic!("no items: {own:?}")
    };
    let first = items.remove(0);
    items.push(Value::from(format!("host {name}")));
    object.remove("made_by").expect("made_by");
    // The plugin's value that was added to the host's event moves into the plugin's map, the
    // host's first item into the host's event.
    let Value::Object(event) = &mut changed else {
        panic!("expected an object, found {changed:?}")
    };
    let added = event.remove("mimalloc_passthrough").expect("added");
    object.insert(FfiCowStr::from(added_key.clone()), added);
    event.insert(FfiCowStr::from("first"), first);
    let copy = own.clone();
    drop(own);
    let items = (1..3).map(|i| literal!({"i": i, "s": format!("{name} #{i}")}));
    assert_eq!(
        copy,
        literal!({
            "event": n,
            "items": items.chain([Value::from(format!("host {name}"))]).collect::<Vec<_>>(),
            "text": name.repeat(100) + &"!".repeat(1000),
            (added_key.as_str()): {
                "greeting": format!("hello, {name}"),
                "list": [name.clone(), {"deep": format!("{name} again")}],
                "in_mimalloc_heap": {"host_message": false, "greeting": true},
            },
        })
    );
    assert_eq!(
        changed["first"],
        literal!({"i": 0, "s": format!("{name} #0")})
    );
}

#[test]
fn events_of_another_shape_are_errors() {
    let Some(plugin) = plugin() else { return };
    let library = PluginLibrary::load(&plugin).unwrap_or_else(|e| panic!("{e}"));
    let mut instance = library.instantiate(&Value::NULL).expect("init");
    for event in [
        Value::from(1),
        literal!({"message": "no user"}),
        literal!({"user": {"name": "a", "roles": [], "tmp": 1}, "message": "m", "tags": [], "count": 1, "drop_me": 1}),
    ] {
        let error = instance.process(event).expect_err("a bad event");
        assert_eq!(error.kind(), ErrorKind::InvalidEvent, "{error:?}");
        assert!(
            error
                .message()
                .starts_with("fixture-mimalloc-passthrough: unexpected event shape"),
            "{error:?}"
        );
    }
}

/// The `rustc version ...` lines of the `.comment` section of the ELF file at `path`: which
/// compilers built the code linked into it.
fn rustc_versions(path: &Path) -> BTreeSet<String> {
    let file = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let comment = elf_section(&file, b".comment")
        .unwrap_or_else(|| panic!("{}: no ELF .comment section", path.display()));
    comment
        .split(|&b| b == 0)
        .filter_map(|line| std::str::from_utf8(line).ok())
        .filter(|line| line.starts_with("rustc version "))
        .map(str::to_owned)
        .collect()
}

/// The contents of the section named `name` of a 64-bit little-endian ELF file, if it has one.
fn elf_section<'f>(file: &'f [u8], name: &[u8]) -> Option<&'f [u8]> {
    let bytes = |at: usize, len: usize| file.get(at..at.checked_add(len)?);
    let u16_at = |at| Some(u16::from_le_bytes(bytes(at, 2)?.try_into().ok()?));
    let u32_at = |at| Some(u32::from_le_bytes(bytes(at, 4)?.try_into().ok()?));
    let usize_at = |at| usize::try_from(u64::from_le_bytes(bytes(at, 8)?.try_into().ok()?)).ok();
    // Magic, 64-bit, little-endian.
    if bytes(0, 6)? != b"\x7fELF\x02\x01" {
        return None;
    }
    let (headers, header_size) = (usize_at(0x28)?, usize::from(u16_at(0x3a)?));
    // A section's name (offset in the names section) and contents, from its header.
    let section = |index: usize| {
        let header = headers.checked_add(index.checked_mul(header_size)?)?;
        let contents = bytes(usize_at(header + 0x18)?, usize_at(header + 0x20)?)?;
        Some((u32_at(header)?, contents))
    };
    let (_, names) = section(usize::from(u16_at(0x3e)?))?;
    (0..usize::from(u16_at(0x3c)?)).find_map(|index| {
        let (name_at, contents) = section(index)?;
        let section_name = names
            .get(usize::try_from(name_at).ok()?..)?
            .split(|&b| b == 0)
            .next()?;
        (section_name == name).then_some(contents)
    })
}
