//! The generated events: deterministic, of the documented shape and size, hitting every rule.

use std::collections::BTreeMap;

use base64::Engine;
use ffi_workloads::data::{self, DISTINCT};
use ffi_workloads::rules::{Classify, KeyMode};
use simd_json::prelude::*;
use simd_json::OwnedValue;

const KEYS: [&str; 13] = [
    "about",
    "guid",
    "abool",
    "aint",
    "short_message",
    "tags",
    "array",
    "index_type",
    "logger_name",
    "syslog_hostname",
    "application",
    "type",
    "doc-type",
];

fn parse(line: &[u8]) -> OwnedValue {
    simd_json::to_owned_value(&mut line.to_vec()).expect("a JSON line")
}

#[test]
fn the_events_of_a_seed_never_change() {
    let lines = data::json_lines(0, 2);
    assert_eq!(
        String::from_utf8_lossy(&lines[0]),
        GOLDEN_FIRST_EVENT_OF_SEED_0,
        "the generator changed: every figure measured with it changes too"
    );
    assert_eq!(data::json_lines(0, 300), data::json_lines(0, 300));
    assert_ne!(data::json_lines(0, DISTINCT), data::json_lines(1, DISTINCT));
}

/// The first event of seed 0, as generated when this test was written.
const GOLDEN_FIRST_EVENT_OF_SEED_0: &str = r#"{"about":"timeout incididunt magna upstream latency dolor lorem lorem amet ipsum tempor dolore eiusmod et lorem adipiscing dolor magna tempor tempor adipiscing eiusmod upstream labore adipiscing request tempor latency","guid":"502ad7dc-68ed-4564-97a1-550c68ac854e","abool":false,"aint":197374,"short_message":"adipiscing dolor dolor retry aliqua","tags":["tag2","tag8","tag7","tag2","tag4"],"array":[83,88,87,69,10,10,8,38,74],"index_type":"applog_app6","logger_name":"com.example.service.Component11","syslog_hostname":"host-855.dc0.example.net","application":"app1","type":"syslog","doc-type":"json"}"#;

#[test]
fn events_are_replayed_round_robin() {
    let lines = data::json_lines(3, 2 * DISTINCT + 7);
    assert_eq!(lines.len(), 2 * DISTINCT + 7);
    for (i, line) in lines.iter().enumerate() {
        assert_eq!(line, &lines[i % DISTINCT], "event {i}");
    }
    let distinct: std::collections::HashSet<_> = lines.iter().collect();
    assert_eq!(distinct.len(), DISTINCT);
    assert!(data::json_lines(3, 0).is_empty());
}

#[test]
fn events_have_the_13_keys_in_order_with_their_kinds_of_values() {
    for seed in [0, 1, 42] {
        for line in data::json_lines(seed, DISTINCT) {
            let event = parse(&line);
            let object = event.as_object().expect("an object");
            // The keys in the order of the text (the parsed map need not keep it).
            let text = String::from_utf8(line.clone()).expect("UTF-8");
            let mut positions: Vec<usize> = KEYS
                .iter()
                .map(|key| text.find(&format!("\"{key}\":")).expect(key))
                .collect();
            assert!(positions.is_sorted(), "{text}");
            positions.dedup();
            assert_eq!(object.len(), KEYS.len(), "{text}");
            assert!(event["about"].as_str().expect("about").len() >= 180);
            assert_eq!(event["guid"].as_str().expect("guid").len(), 36);
            assert!(event["abool"].is_bool());
            assert!(event["aint"].is_i64());
            let tags = event["tags"].as_array().expect("tags");
            assert_eq!(tags.len(), 5);
            for tag in tags {
                let tag = tag.as_str().expect("a tag");
                assert!(("tag1"..="tag9").contains(&tag) && tag.len() == 4, "{tag}");
            }
            let array = event["array"].as_array().expect("array");
            assert!(array.len() <= 9);
            assert!(array.iter().all(|n| n.as_u64().is_some_and(|n| n < 100)));
            let application = event["application"].as_str().expect("application");
            assert!(("app1"..="app9").contains(&application) && application.len() == 4);
            for key in [
                "short_message",
                "index_type",
                "logger_name",
                "syslog_hostname",
                "type",
                "doc-type",
            ] {
                assert!(event[key].is_str(), "{key}");
            }
        }
    }
}

#[test]
fn events_average_about_630_bytes() {
    for seed in [0, 1, 2, 99, u64::MAX] {
        let lines = data::json_lines(seed, DISTINCT);
        let average = lines.iter().map(Vec::len).sum::<usize>() / DISTINCT;
        println!("seed {seed}: {average} bytes on average");
        assert!(
            (600..=660).contains(&average),
            "seed {seed}: {average} bytes"
        );
    }
}

#[test]
fn the_msgpack_lines_are_the_same_events() {
    let json = data::json_lines(8, DISTINCT + 3);
    let msgpack = data::msgpack_base64_lines(8, DISTINCT + 3);
    assert_eq!(json.len(), msgpack.len());
    for (json, line) in json.iter().zip(&msgpack) {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(line)
            .expect("standard padded base64");
        let event: OwnedValue = rmp_serde::from_slice(&bytes).expect("msgpack");
        assert_eq!(event, parse(json));
    }
}

#[test]
fn the_distinct_events_hit_every_classify_rule() {
    let classify = Classify::<OwnedValue>::new(250, KeyMode::Plain);
    for seed in [0, 5, 1234] {
        let mut classes = BTreeMap::new();
        for line in data::json_lines(seed, DISTINCT) {
            let mut event = parse(&line);
            classify.apply(&mut event).expect("an object");
            let class = event["$class"].as_str().expect("a class").to_owned();
            *classes.entry(class).or_insert(0) += 1;
        }
        let expected: BTreeMap<String, usize> = [
            ("applog_app1", 12),
            ("applog_app2", 11),
            ("applog_app3", 11),
            ("applog_app4", 11),
            ("applog_app5", 11),
            ("applog_app6", 11),
            ("syslog_app1", 11),
            ("tag1", 11),
            ("default", 11),
        ]
        .into_iter()
        .map(|(class, n)| (class.to_owned(), n))
        .collect();
        assert_eq!(classes, expected, "seed {seed}");
    }
}
