//! The host library across a real `dlopen`: loading, instances, pipelines, load errors.

mod common;

use std::collections::HashMap;
use std::path::Path;

use abi_stable::library::RootModule;
use ffi_host::{
    ErrorKind, LoadErrorKind, Pipeline, PluginLibrary, Processed, Recovery, Stats,
    INTERFACE_VERSION,
};
use ffi_pdk::PluginModuleRef;
use ffi_value::{parse_json_owned, to_json_sorted, FfiVec, Value};

fn passthrough() -> PluginLibrary {
    let path = common::plugin("passthrough");
    PluginLibrary::load(&path).unwrap_or_else(|e| panic!("{e}"))
}

fn event(json: &str) -> Value<'static> {
    parse_json_owned(json.as_bytes()).expect("valid JSON")
}

#[test]
fn metadata_is_read_from_the_library() {
    let library = passthrough();
    assert_eq!(library.name(), "passthrough");
    assert_eq!(library.version(), env!("CARGO_PKG_VERSION"));
    assert_eq!(library.interface_version(), INTERFACE_VERSION);
    assert!(library.path().ends_with(Path::new("libpassthrough.so")) || !cfg!(target_os = "linux"));
}

#[test]
fn a_host_event_passes_through_and_comes_back_equal() {
    let library = passthrough();
    let mut instance = library.instantiate(&Value::NULL).expect("init");
    let original = event(
        r#"{"application":"app1","aint":42,"neg":-7,"f":1.5,"ok":true,"none":null,
            "tags":["a","b",{"deep":[1,2,3]}],"empty":{}}"#,
    );
    let outputs = instance.process(original.clone()).expect("process");
    assert_eq!(&*outputs, [original]);
}

#[test]
fn process_reuses_the_instance_buffer_and_drops_what_is_not_taken() {
    let library = passthrough();
    let mut instance = library.instantiate(&Value::NULL).expect("init");
    let first = instance.process(event(r#"{"n":1}"#)).expect("process");
    let block = first.as_ptr();
    // Not taken: dropped with `first` (memcheck runs this test).
    drop(first);
    let second = instance.process(event(r#"{"n":2}"#)).expect("process");
    assert_eq!(&*second, [event(r#"{"n":2}"#)]);
    assert_eq!(second.as_ptr(), block, "the same buffer, no allocation");
    // Moved out by iterating: the buffer stays, empty, for the next call.
    let taken: Vec<Value<'static>> = second.into_iter().collect();
    assert_eq!(taken, [event(r#"{"n":2}"#)]);
    let mut third = instance.process(event("[3]")).expect("process");
    assert_eq!(third.as_ptr(), block);
    third[0] = event("4");
    assert_eq!(format!("{third:?}"), format!("{:?}", [event("4")]));
}

#[test]
fn host_values_are_moved_in_and_outputs_are_read_serialized_and_dropped_here() {
    let library = passthrough();
    let mut instance = library
        .instantiate(&event(r#"{"any":"config"}"#))
        .expect("init");
    // Made by the host (its allocator, its maps), owned by the plugin once handed over.
    let mut batch = FfiVec::new();
    for i in 0..100_u64 {
        let mut map = HashMap::new();
        map.insert("seq".to_owned(), Value::from(i));
        map.insert("name".to_owned(), Value::from(format!("event-{i}")));
        map.insert("list".to_owned(), Value::from(vec![i, i + 1]));
        let value = Value::from(map);
        assert!(matches!(&value, Value::Object(o) if o.is_native()));
        batch.push(value);
    }
    let outputs = instance.process_batch(batch).expect("batch");
    assert_eq!(outputs.len(), 100);
    let json: Vec<String> = outputs.iter().map(to_json_sorted).collect();
    assert_eq!(json[7], r#"{"list":[7,8],"name":"event-7","seq":7}"#);
    drop(outputs);
    // And one at a time, the instance still usable after the batch.
    let out = instance.process(event(r#"[1,"x"]"#)).expect("process");
    assert_eq!(to_json_sorted(&out[0]), r#"[1,"x"]"#);
}

#[test]
fn a_pipeline_counts_events_per_plugin() {
    let mut pipeline = Pipeline::new(2);
    pipeline.push(passthrough(), Value::NULL).expect("init");
    pipeline.push(passthrough(), Value::NULL).expect("init");
    for i in 0..5 {
        let processed = pipeline.process(event(&format!(r#"{{"i":{i}}}"#)));
        assert!(processed.errors.is_empty());
        assert_eq!(processed.outputs, [event(&format!(r#"{{"i":{i}}}"#))]);
    }
    let stats: Vec<_> = pipeline
        .stats()
        .map(|(name, s)| (name.to_owned(), *s))
        .collect();
    assert_eq!(stats.len(), 2);
    for (name, s) in stats {
        assert_eq!(name, "passthrough");
        assert_eq!(
            (s.events_in, s.events_out, s.errors, s.dropped),
            (5, 5, 0, 0)
        );
    }
}

#[test]
fn process_into_appends_what_process_returns_and_reuses_the_callers_buffers() {
    let failing = || {
        PluginLibrary::load(&common::fixture("fixture-failing")).unwrap_or_else(|e| panic!("{e}"))
    };
    let mut fresh = Pipeline::new(0);
    let mut reused = Pipeline::new(0);
    for pipeline in [&mut fresh, &mut reused] {
        pipeline.push(passthrough(), Value::NULL).expect("init");
        pipeline.push(failing(), Value::NULL).expect("init");
        pipeline.push(passthrough(), Value::NULL).expect("init");
    }
    let mut processed = Processed::default();
    let mut blocks = None;
    for i in 0..6 {
        let input = format!(r#"{{"i":{i},"fail":{}}}"#, i % 3 == 0);
        let expected = fresh.process(event(&input));
        processed.outputs.clear();
        processed.errors.clear();
        reused.process_into(event(&input), &mut processed);
        assert_eq!(processed.outputs, expected.outputs, "{input}");
        assert_eq!(processed.errors, expected.errors, "{input}");
        assert_eq!(processed.errors.len(), usize::from(i % 3 == 0), "{input}");
        if i == 1 {
            blocks = Some(processed.outputs.as_ptr());
        } else if i > 1 {
            assert_eq!(
                Some(processed.outputs.as_ptr()),
                blocks,
                "the caller's buffer, kept"
            );
        }
    }
    // Without clearing, the next event's outputs are appended.
    reused.process_into(event(r#"{"i":9}"#), &mut processed);
    assert_eq!(
        processed.outputs,
        [event(r#"{"i":5,"fail":false}"#), event(r#"{"i":9}"#)]
    );
    let stats: Vec<Stats> = reused.stats().map(|(_, s)| *s).collect();
    let counts: Vec<_> = stats
        .iter()
        .map(|s| (s.events_in, s.events_out, s.errors))
        .collect();
    assert_eq!(counts, [(7, 7, 0), (7, 5, 2), (5, 5, 0)]);
}

#[test]
fn a_missing_file_is_named_in_one_line() {
    let path = common::temp_dir("missing").join("libnothing.so");
    let error = PluginLibrary::load(&path).expect_err("no such file");
    assert_eq!(error.kind(), &LoadErrorKind::NotFound);
    let text = error.to_string();
    assert_eq!(text, format!("{}: no such file", path.display()));
}

#[test]
fn a_text_file_is_not_a_library() {
    let path = common::temp_dir("text").join("notes.so");
    std::fs::write(&path, "just some text\n").expect("write");
    let error = PluginLibrary::load(&path).expect_err("not a library");
    assert!(
        matches!(error.kind(), LoadErrorKind::NotALibrary { .. }),
        "{error:?}"
    );
    let text = error.to_string();
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(
        text.starts_with(&format!(
            "{}: not a loadable shared library (",
            path.display()
        )),
        "{text}"
    );
}

#[test]
fn a_library_without_the_plugin_symbol_is_not_a_plugin() {
    let path = common::fixture("fixture-not-a-plugin");
    let error = PluginLibrary::load(&path).expect_err("not a plugin");
    assert!(
        matches!(error.kind(), LoadErrorKind::NotAPlugin { .. }),
        "{error:?}"
    );
    let text = error.to_string();
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(
        text.starts_with(&format!(
            "{}: a shared library but not a plugin",
            path.display()
        )),
        "{text}"
    );
    assert!(error.full_report().is_none());
}

#[test]
fn a_relative_path_loads_the_file_not_a_system_library() {
    // `libc.so.6` in the current directory does not exist: without the `./`, dlopen would
    // find the system's.
    let error = PluginLibrary::load(Path::new("libc.so.6")).expect_err("no such file here");
    assert_eq!(error.kind(), &LoadErrorKind::NotFound);
}

#[test]
fn two_different_plugins_give_two_different_modules() {
    let first = passthrough();
    let second =
        PluginLibrary::load(&common::plugin("plugin-classify")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(first.name(), "passthrough");
    assert_ne!(
        second.name(),
        "passthrough",
        "the second library's own module"
    );
    // Loading the same file again gives the same module.
    assert_eq!(passthrough().name(), "passthrough");
}

#[test]
fn a_layout_mismatch_is_summarized_with_its_first_difference() {
    let path = common::fixture("fixture-bad-layout");
    let error = PluginLibrary::load(&path).expect_err("a bad layout");
    assert!(
        matches!(error.kind(), LoadErrorKind::AbiMismatch { .. }),
        "{error:?}"
    );
    let text = error.to_string();
    eprintln!("{text}");
    assert!(text.lines().count() <= 5, "{text}");
    assert!(text.starts_with(&format!("{}: ", path.display())), "{text}");
    assert!(text.contains("u64"), "the found type is named: {text}");
    let report = error.full_report().expect("the full report");
    assert!(report.lines().count() > 20, "{report}");
    assert!(error.verbose().contains(report.trim()));
}

#[test]
fn a_plugin_built_against_another_kit_version_names_both_versions() {
    // Built against ffi-pdk's own source packaged as 0.2.0 and 1.0.0: before the host checked
    // the kit version itself, 0.2.0 was refused by abi_stable's layout check ("incompatible
    // package versions") and only 1.0.0 by its version check.
    let host = PluginModuleRef::VERSION_STRINGS.to_string();
    assert!(
        host.starts_with("0.1."),
        "the fixtures' versions must be incompatible: {host}"
    );
    for (fixture, version) in [
        ("fixture-kit-0-2-0", "0.2.0"),
        ("fixture-kit-1-0-0", "1.0.0"),
    ] {
        let path = common::fixture(fixture);
        let error = PluginLibrary::load(&path).expect_err("another kit version");
        assert_eq!(
            error.kind(),
            &LoadErrorKind::KitVersion {
                expected: host.clone(),
                found: version.to_owned()
            }
        );
        assert_eq!(
            error.to_string(),
            format!(
                "{}: built against ffi-pdk {version}, this host uses {host}: rebuild the plugin \
                 against ffi-pdk 0.1.x",
                path.display()
            )
        );
    }
}

#[test]
fn a_panicking_plugin_is_restarted_then_disabled() {
    let path = common::fixture("fixture-panic");
    let library = PluginLibrary::load(&path).unwrap_or_else(|e| panic!("{e}"));
    let mut pipeline = Pipeline::new(1);
    pipeline.push(library, Value::NULL).expect("init");
    pipeline.push(passthrough(), Value::NULL).expect("init");

    let ok = pipeline.process(event(r#"{"n":1}"#));
    assert_eq!((ok.outputs.len(), ok.errors.len()), (1, 0));

    let first = pipeline.process(event(r#"{"panic":true}"#));
    assert!(first.outputs.is_empty());
    assert_eq!(first.errors.len(), 1);
    let error = &first.errors[0];
    assert_eq!((error.index, error.plugin.as_str()), (0, "fixture-panic"));
    assert_eq!(error.error.kind(), ErrorKind::Panicked);
    assert!(
        error.error.message().contains("deliberate panic"),
        "{}",
        error.error
    );
    assert_eq!(error.recovery, Recovery::Restarted);

    // The new instance works.
    let ok = pipeline.process(event(r#"{"n":2}"#));
    assert_eq!((ok.outputs.len(), ok.errors.len()), (1, 0));

    // The second panic is past the limit of one restart: disabled, later events dropped.
    let second = pipeline.process(event(r#"{"panic":true}"#));
    assert_eq!(second.errors[0].recovery, Recovery::Disabled);
    let dropped = pipeline.process(event(r#"{"n":3}"#));
    assert!(dropped.outputs.is_empty() && dropped.errors.is_empty());

    let stats: Vec<Stats> = pipeline.stats().map(|(_, s)| *s).collect();
    assert_eq!(
        stats[0],
        Stats {
            events_in: 5,
            events_out: 2,
            errors: 2,
            restarts: 1,
            dropped: 1,
            disabled: true
        }
    );
    assert_eq!((stats[1].events_in, stats[1].events_out), (2, 2));
}

#[test]
fn a_plugin_panic_names_its_message_and_source_location() {
    let library =
        PluginLibrary::load(&common::fixture("fixture-panic")).unwrap_or_else(|e| panic!("{e}"));
    let mut instance = library.instantiate(&Value::NULL).expect("init");
    let error = instance
        .process(event(r#"{"panic":true}"#))
        .expect_err("a panic");
    assert_eq!(error.kind(), ErrorKind::Panicked);
    let message = "fixture-panic: deliberate panic in on_event (the event has \"panic\": true)";
    assert_eq!(error.message(), message);
    let location = error.location().expect("the hook recorded the location");
    let expected = common::fixture_panic_location("in on_event (the event");
    assert!(location.ends_with(&expected), "{location} vs {expected}");
    assert_eq!(
        error.to_string(),
        format!("panicked at {location}: {message}")
    );

    let error = library
        .instantiate(&event(r#"{"panic_in_init":true}"#))
        .expect_err("a panic in init");
    let expected = common::fixture_panic_location("in init (the configuration");
    assert!(
        error.location().is_some_and(|l| l.ends_with(&expected)),
        "{error}"
    );
}

#[test]
fn a_plugin_closure_panicking_in_the_host_map_code_is_a_panicked_error() {
    // The plugin calls `retain` on the host's map: the host's code runs it and calls the
    // plugin's closure back, which panics. Before panics crossed maps this aborted the host.
    let library =
        PluginLibrary::load(&common::fixture("fixture-panic")).unwrap_or_else(|e| panic!("{e}"));
    let mut instance = library.instantiate(&Value::NULL).expect("init");
    let error = instance
        .process(event(r#"{"panic_in_retain":true,"a":1,"boom":2,"z":3}"#))
        .expect_err("a panic");
    assert_eq!(error.kind(), ErrorKind::Panicked);
    assert_eq!(
        error.message(),
        "fixture-panic: deliberate panic in a retain closure on the host's map"
    );
    let expected = common::fixture_panic_location("in a retain closure");
    assert!(
        error.location().is_some_and(|l| l.ends_with(&expected)),
        "{error}"
    );
    // The instance, the host's allocator and its maps are fine: the next events go through.
    let outputs = instance
        .process(event(r#"{"panic_in_retain":true,"a":1}"#))
        .expect("no key `boom`: no panic");
    assert_eq!(outputs[0]["a"], 1);
}

#[test]
fn a_panic_without_the_hook_has_no_stale_location() {
    let library =
        PluginLibrary::load(&common::fixture("fixture-panic")).unwrap_or_else(|e| panic!("{e}"));
    let mut instance = library.instantiate(&Value::NULL).expect("init");
    // A panic the plugin catches itself is no error, and leaves its record in the plugin...
    let outputs = instance
        .process(event(r#"{"caught_panic":true}"#))
        .expect("the plugin caught its panic");
    assert_eq!(outputs.len(), 1);
    drop(outputs);
    // ...which a panic re-raised with `resume_unwind` (the hook does not run) does not take.
    let error = instance
        .process(event(r#"{"resume_unwind":"re-raised elsewhere"}"#))
        .expect_err("a panic");
    assert_eq!(error.kind(), ErrorKind::Panicked);
    assert_eq!(error.message(), "re-raised elsewhere");
    assert_eq!((error.location(), error.backtrace()), (None, None));
    assert_eq!(error.to_string(), "panicked: re-raised elsewhere");

    // A panic's record is used once: re-raising the same message gives no location.
    let first = instance
        .process(event(r#"{"panic":true}"#))
        .expect_err("a panic");
    let expected = common::fixture_panic_location("in on_event (the event");
    assert!(
        first.location().is_some_and(|l| l.ends_with(&expected)),
        "{first}"
    );
    let again = format!(r#"{{"resume_unwind":{:?}}}"#, first.message());
    let error = instance.process(event(&again)).expect_err("a panic");
    assert_eq!(error.message(), first.message());
    assert_eq!(error.location(), None);
}

#[test]
fn a_failed_process_keeps_the_instance_buffer() {
    let path = common::fixture("fixture-failing");
    let library = PluginLibrary::load(&path).unwrap_or_else(|e| panic!("{e}"));
    let mut instance = library.instantiate(&Value::NULL).expect("init");
    let block = instance.process(event("{}")).expect("process").as_ptr();
    let error = instance
        .process(event(r#"{"fail":true}"#))
        .expect_err("fails");
    assert_eq!(error.kind(), ErrorKind::Internal);
    let out = instance.process(event("{}")).expect("process");
    assert_eq!(&*out, [event("{}")]);
    assert_eq!(out.as_ptr(), block, "the buffer, kept through the failure");
}

#[test]
fn a_failing_plugin_drops_the_event_and_goes_on() {
    let path = common::fixture("fixture-failing");
    let library = PluginLibrary::load(&path).unwrap_or_else(|e| panic!("{e}"));
    let mut pipeline = Pipeline::new(0);
    pipeline.push(library, Value::NULL).expect("init");
    let failed = pipeline.process(event(r#"{"fail":true}"#));
    assert!(failed.outputs.is_empty());
    assert_eq!(failed.errors[0].error.kind(), ErrorKind::Internal);
    assert_eq!(failed.errors[0].recovery, Recovery::None);
    let ok = pipeline.process(event(r#"{"fail":false}"#));
    assert_eq!(ok.outputs, [event(r#"{"fail":false}"#)]);
    let (_, stats) = pipeline.stats().next().expect("one plugin");
    assert_eq!((stats.events_in, stats.events_out, stats.errors), (2, 1, 1));
    assert!(!stats.disabled);
}
