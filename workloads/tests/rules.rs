//! The rules on hand-picked events, the bucket against a model, and the same results on every
//! event type and key mode.

mod common;

use std::collections::VecDeque;

use common::{run, Testable};
use ffi_value::Value;
use ffi_workloads::data;
use ffi_workloads::rules::{Bucket, BucketOptions, Classify, KeyMode};
use ffi_workloads::rvalue::RValue;
use proptest::prelude::*;
use simd_json::{json, OwnedValue};

const MODES: [KeyMode; 2] = [KeyMode::Plain, KeyMode::Known];

/// Classifies `input` (JSON) as `E` and returns the result as JSON.
fn classified<E: Testable>(input: &OwnedValue, mode: KeyMode) -> Result<OwnedValue, String> {
    let mut event = E::parse(&simd_json::to_vec(input).expect("JSON"));
    Classify::<E>::new(7, mode)
        .apply(&mut event)
        .map_err(|e| e.to_string())?;
    Ok(event.to_owned_value())
}

fn check_classify<E: Testable>() {
    let cases = [
        (
            json!({"application": "app3", "index_type": "syslog_app1", "tags": ["tag1"]}),
            json!({"application": "app3", "index_type": "syslog_app1", "tags": ["tag1"],
                "$class": "applog_app3", "$rate": 18750, "$dimension": "app3"}),
        ),
        (
            json!({"application": "app9", "index_type": "syslog_app1", "tags": ["tag1"]}),
            json!({"application": "app9", "index_type": "syslog_app1", "tags": ["tag1"],
                "$class": "syslog_app1", "$rate": 2500}),
        ),
        (
            json!({"index_type": "applog_app6"}),
            json!({"index_type": "applog_app6", "$class": "applog_app6", "$rate": 4500}),
        ),
        (
            json!({"tags": ["tag3", "tag1"], "$class": "old"}),
            json!({"tags": ["tag3", "tag1"], "$class": "tag1", "$rate": 125}),
        ),
        (
            json!({"tags": "tag1", "application": 1}),
            json!({"tags": "tag1", "application": 1, "$class": "default", "$rate": 7}),
        ),
        (json!({}), json!({"$class": "default", "$rate": 7})),
    ];
    for mode in MODES {
        for (input, expected) in &cases {
            assert_eq!(
                classified::<E>(input, mode).as_ref(),
                Ok(expected),
                "{mode:?}"
            );
        }
        assert_eq!(
            classified::<E>(&json!(["app1"]), mode),
            Err("an event must be an object, found an array".to_owned())
        );
    }
}

#[test]
fn classify_follows_its_table_on_owned_values() {
    check_classify::<OwnedValue>();
}

#[test]
fn classify_follows_its_table_on_ffi_values() {
    check_classify::<Value<'static>>();
}

#[test]
fn classify_follows_its_table_on_rvalues() {
    check_classify::<RValue>();
}

fn check_bucket_errors<E: Testable>() {
    for mode in MODES {
        let mut bucket = Bucket::<E>::new(BucketOptions::default(), mode);
        for (event, message) in [
            (
                json!({"$rate": 1}),
                "the event has no `$class` field (classify it first)",
            ),
            (
                json!({"$class": "c"}),
                "the event has no `$rate` field (classify it first)",
            ),
            (
                json!({"$class": 1, "$rate": 1}),
                "the event's `$class` must be a string, found a number",
            ),
            (
                json!({"$class": "c", "$rate": -1}),
                "the event's `$rate` must be a non-negative integer, found a number",
            ),
            (
                json!({"$class": "c", "$rate": 1, "$dimension": [1]}),
                "the event's `$dimension` must be a string, found an array",
            ),
            (json!("text"), "an event must be an object, found a string"),
        ] {
            let event = E::parse(&simd_json::to_vec(&event).expect("JSON"));
            let err = bucket.admit(&event).expect_err(message);
            assert_eq!(err.to_string(), message);
        }
    }
}

#[test]
fn bucket_errors_say_which_field() {
    check_bucket_errors::<OwnedValue>();
    check_bucket_errors::<Value<'static>>();
    check_bucket_errors::<RValue>();
}

#[test]
fn bucket_admits_rate_events_per_window_and_dimension() {
    let mut bucket = Bucket::<OwnedValue>::new(
        BucketOptions {
            window_events: 6,
            capacity: 10,
        },
        KeyMode::Plain,
    );
    let a = json!({"$class": "c", "$rate": 2, "$dimension": "a"});
    let b = json!({"$class": "c", "$rate": 2, "$dimension": "b"});
    let other_class = json!({"$class": "d", "$rate": 1, "$dimension": "a"});
    let shared = json!({"$class": "c", "$rate": 1});
    let sequence = [
        &a,
        &a,
        &a,
        &b,
        &other_class,
        &other_class,
        /* window 2 */ &a,
        &shared,
        &shared,
        &b,
        &b,
        &b,
    ];
    let admitted: Vec<bool> = sequence
        .iter()
        .map(|e| bucket.admit(e).expect("valid"))
        .collect();
    assert_eq!(
        admitted,
        [true, true, false, true, true, false, true, true, false, true, true, false]
    );
}

#[test]
fn bucket_forgets_the_least_recently_seen_dimension() {
    let mut bucket = Bucket::<OwnedValue>::new(
        BucketOptions {
            window_events: 100,
            capacity: 2,
        },
        KeyMode::Plain,
    );
    let event = |dimension: &str| json!({"$class": "c", "$rate": 1, "$dimension": dimension});
    let sequence = ["a", "b", "a", "c", "a", "b", "c"];
    let admitted: Vec<bool> = sequence
        .iter()
        .map(|d| bucket.admit(&event(d)).expect("valid"))
        .collect();
    // "c" evicts "b" (least recently seen), which starts afresh; "b" then evicts "c".
    assert_eq!(admitted, [true, true, false, true, false, true, true]);
}

#[test]
fn zero_options_count_as_one() {
    let bucket = Bucket::<OwnedValue>::new(
        BucketOptions {
            window_events: 0,
            capacity: 0,
        },
        KeyMode::Plain,
    );
    assert_eq!(
        bucket.options(),
        BucketOptions {
            window_events: 1,
            capacity: 1
        }
    );
    assert_eq!(
        BucketOptions::default(),
        BucketOptions {
            window_events: 10_000,
            capacity: 1_000
        }
    );
}

/// A class and a dimension.
type BucketKey = (u8, Option<u8>);
/// A window and the events admitted in it.
type Counts = (u64, u64);

/// The bucket as specified, naively: every (class, dimension) bucket with its last use.
#[derive(Default)]
struct Model {
    seen: u64,
    /// (class, dimension) -> (window, admitted), most recently seen last per class.
    buckets: VecDeque<(BucketKey, Counts)>,
}

impl Model {
    fn admit(
        &mut self,
        options: BucketOptions,
        class: u8,
        dimension: Option<u8>,
        rate: u64,
    ) -> bool {
        let window = self.seen / options.window_events;
        self.seen += 1;
        let key = (class, dimension);
        let position = self.buckets.iter().position(|(k, _)| *k == key);
        let mut counts = if let Some(i) = position {
            self.buckets.remove(i).expect("present").1
        } else {
            let dimensions = self
                .buckets
                .iter()
                .filter(|((c, d), _)| *c == class && d.is_some());
            if dimension.is_some() && dimensions.count() == options.capacity {
                let oldest = self
                    .buckets
                    .iter()
                    .position(|((c, d), _)| *c == class && d.is_some())
                    .expect("full");
                self.buckets.remove(oldest);
            }
            (window, 0)
        };
        if counts.0 != window {
            counts = (window, 0);
        }
        let fits = counts.1 < rate;
        counts.1 += u64::from(fits);
        self.buckets.push_back((key, counts));
        fits
    }
}

proptest! {
    #[test]
    fn bucket_matches_its_model(
        window_events in 1..6u64,
        capacity in 1..4usize,
        events in prop::collection::vec((0..3u8, prop::option::of(0..5u8), 0..4u64), 0..200),
    ) {
        let options = BucketOptions { window_events, capacity };
        for mode in MODES {
            let mut bucket = Bucket::<Value<'static>>::new(options, mode);
            let mut model = Model::default();
            for &(class, dimension, rate) in &events {
                let mut event = Value::object();
                event["$class"] = Value::from(format!("class{class}"));
                event["$rate"] = Value::from(rate);
                if let Some(dimension) = dimension {
                    event["$dimension"] = Value::from(format!("dim{dimension}"));
                }
                prop_assert_eq!(
                    bucket.admit(&event).expect("valid"),
                    model.admit(options, class, dimension, rate)
                );
            }
        }
    }
}

#[test]
fn every_event_type_and_key_mode_gives_the_same_results() {
    let lines = data::json_lines(11, 3_000);
    let options = BucketOptions {
        window_events: 3_000,
        capacity: 3,
    };
    let expected = run::<OwnedValue>(&lines, KeyMode::Plain, options);
    let admitted = expected
        .iter()
        .filter(|r| r.as_ref().is_ok_and(|(_, a)| *a))
        .count();
    assert!(
        0 < admitted && admitted < lines.len(),
        "{admitted} admitted"
    );
    assert_eq!(run::<OwnedValue>(&lines, KeyMode::Known, options), expected);
    for mode in MODES {
        assert_eq!(
            run::<Value<'static>>(&lines, mode, options),
            expected,
            "{mode:?}"
        );
        assert_eq!(run::<RValue>(&lines, mode, options), expected, "{mode:?}");
    }
}
