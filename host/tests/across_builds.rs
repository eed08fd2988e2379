//! Values crossing between separately built libraries: a plugin built with only the hashbrown
//! backend changes the host's (default backend) maps and hands back maps of its own; known
//! keys made on one side work on the other side's maps; two plugins run in one pipeline.

mod common;

use ffi_host::{Pipeline, PluginLibrary};
use ffi_value::prelude::*;
use ffi_value::{parse_json_owned, Backend, KnownKey};

fn load(path: &std::path::Path) -> PluginLibrary {
    PluginLibrary::load(path).unwrap_or_else(|e| panic!("{e}"))
}

fn event(json: &str) -> Value<'static> {
    parse_json_owned(json.as_bytes()).expect("test JSON")
}

/// The backend of an object value.
fn backend(value: &Value<'_>) -> Backend {
    match value {
        Value::Object(object) => object.backend(),
        other => panic!("expected an object, found {other:?}"),
    }
}

#[test]
fn a_hashbrown_built_plugin_changes_host_maps_and_returns_its_own() {
    let library = load(&common::fixture("fixture_hashbrown_passthrough"));
    let mut instance = library.instantiate(&Value::NULL).expect("init");
    let host_event = event(r#"{"application":"app1","n":1}"#);
    assert_eq!(backend(&host_event), Backend::DEFAULT, "made by the host");

    let out = instance.process(host_event).expect("process");
    assert_eq!(out.len(), 1);
    let returned = &out[0];
    // The host's map came back (changed by hashbrown-built code, with the host's functions).
    assert_eq!(backend(returned), Backend::DEFAULT);
    assert!(matches!(returned, Value::Object(o) if o.is_native()));
    assert_eq!(returned["application"], "app1");
    // The plugin's own map: made by the other library, with its backend, read here.
    let added = &returned["hashbrown_passthrough"];
    assert_eq!(backend(added), Backend::Hashbrown);
    assert!(matches!(added, Value::Object(o) if !o.is_native()));
    assert_eq!(
        added["seen_backend"],
        format!("{:?}", Backend::DEFAULT).as_str()
    );
    assert_eq!(added["made_by"], "fixture-hashbrown-passthrough");
    // Host-side work on the foreign map, then everything is dropped here.
    let mut copy = added.clone();
    let made_by = KnownKey::from("made_by");
    assert_eq!(
        made_by.get(&copy),
        Some(&Value::from("fixture-hashbrown-passthrough"))
    );
    made_by.insert(&mut copy, "host").expect("an object");
    assert_eq!(copy["made_by"], "host");
    assert_eq!(
        ffi_value::to_json_sorted(added),
        r#"{"made_by":"fixture-hashbrown-passthrough","seen_backend":"#.to_owned()
            + &format!("\"{:?}\"}}", Backend::DEFAULT)
    );
}

#[test]
fn classify_reads_host_events_with_its_known_keys_and_enrich_follows_in_one_pipeline() {
    let mut pipeline = Pipeline::new(0);
    pipeline
        .push(load(&common::plugin("plugin-classify")), Value::NULL)
        .expect("classify init");
    pipeline
        .push(load(&common::plugin("plugin-enrich")), Value::NULL)
        .expect("enrich init");
    let cases = [
        (
            r#"{"application":"app1","abool":false,"guid":"g"}"#,
            "applog_app1",
            1250,
            1,
        ),
        (
            r#"{"index_type":"syslog_app1","abool":true}"#,
            "syslog_app1",
            2500,
            2,
        ),
        (
            r#"{"tags":["tag9","tag1"],"short_message":"hi"}"#,
            "tag1",
            125,
            1,
        ),
        (r#"{"application":"app9"}"#, "default", 250, 1),
    ];
    for (input, class, rate, outputs) in cases {
        let processed = pipeline.process(event(input));
        assert!(
            processed.errors.is_empty(),
            "{input}: {:?}",
            processed.errors
        );
        assert_eq!(processed.outputs.len(), outputs, "{input}");
        let first = &processed.outputs[0];
        // Fields set by classify (a KnownKey of that library on the host's map) and by enrich.
        assert_eq!(first["$class"], class, "{input}");
        assert_eq!(first["$rate"], rate, "{input}");
        assert_eq!(first["enriched"], true, "{input}");
        assert!(first.get("guid").is_none(), "{input}: enrich removes guid");
        // A known key made here works on maps made there.
        let class_key = KnownKey::from("$class");
        assert_eq!(class_key.get(first), Some(&Value::from(class)));
        if outputs == 2 {
            let split = &processed.outputs[1];
            assert!(
                matches!(split, Value::Object(o) if !o.is_native()),
                "made by enrich"
            );
            assert_eq!(
                KnownKey::from("$split").get(split),
                Some(&Value::from(true))
            );
        }
    }
    let stats: Vec<_> = pipeline
        .stats()
        .map(|(name, s)| (name.to_owned(), s.events_in, s.events_out))
        .collect();
    assert_eq!(
        stats,
        [("classify".to_owned(), 4, 4), ("enrich".to_owned(), 4, 5)]
    );
}
