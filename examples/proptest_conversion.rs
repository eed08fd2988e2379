//! Property-testing your own conversion to and from `Value` with the strategies of the
//! `proptest` feature: `cargo run --example proptest_conversion --features proptest`.
//!
//! The user's type is a log `Event`; its conversions are checked on random events, on any
//! value (bad input must be refused, not panic), on event-shaped objects with extra fields and
//! maps of every flavor (another backend, another library's map), on borrowed strings, and
//! through JSON. Last, a buggy conversion is run through the same property, to show the
//! shrunk counterexample proptest reports. In a crate, each check is a `#[test]` inside
//! `proptest! { .. }` (see `docs/property-testing.md`); here they run from `main`.

use std::fmt::Debug;
use std::process::ExitCode;

use ffi_value::prelude::*;
use ffi_value::proptest::{borrowing, string, value, Flavors, ValueConfig};
use ffi_value::{parse_json, StaticNode, Value};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestError, TestRunner};

/// The user's type: what a plugin reads from an event.
#[derive(Debug, Clone, PartialEq)]
struct Event {
    host: String,
    severity: u8,
    tags: Vec<String>,
    /// Seconds, when known.
    latency: Option<f64>,
}

/// Why a value is not an [`Event`].
#[derive(Debug, Clone, PartialEq)]
enum NotAnEvent {
    Missing(&'static str),
    Invalid(&'static str),
}

impl From<&Event> for Value<'static> {
    fn from(event: &Event) -> Self {
        let mut value = ffi_value::literal!({
            "host": event.host.clone(),
            "severity": event.severity,
            "tags": event.tags.iter().map(|t| Value::from(t.clone())).collect::<Vec<_>>(),
        });
        if let Some(latency) = event.latency {
            value.insert("latency", latency).expect("an object");
        }
        value
    }
}

impl TryFrom<&Value<'_>> for Event {
    type Error = NotAnEvent;

    fn try_from(value: &Value<'_>) -> Result<Self, NotAnEvent> {
        read_event(value, |s| s.as_u64().and_then(|s| u8::try_from(s).ok()))
    }
}

/// The same conversion with a bug: severities above 255 wrap around instead of being refused.
fn buggy_try_from(value: &Value<'_>) -> Result<Event, NotAnEvent> {
    #[allow(clippy::cast_possible_truncation)]
    read_event(value, |s| s.as_u64().map(|s| s as u8))
}

/// An event from `value`, its severity read by `severity`.
fn read_event(
    value: &Value<'_>,
    severity: impl Fn(&Value<'_>) -> Option<u8>,
) -> Result<Event, NotAnEvent> {
    let field = |name| value.get(name).ok_or(NotAnEvent::Missing(name));
    Ok(Event {
        host: field("host")?
            .as_str()
            .ok_or(NotAnEvent::Invalid("host"))?
            .to_owned(),
        severity: severity(field("severity")?).ok_or(NotAnEvent::Invalid("severity"))?,
        tags: field("tags")?
            .as_array()
            .ok_or(NotAnEvent::Invalid("tags"))?
            .iter()
            .map(|t| t.as_str().map(str::to_owned))
            .collect::<Option<_>>()
            .ok_or(NotAnEvent::Invalid("tags"))?,
        latency: match value.get("latency") {
            None => None,
            Some(Value::Static(StaticNode::F64(l))) => Some(*l),
            Some(_) => return Err(NotAnEvent::Invalid("latency")),
        },
    })
}

/// The user's strategy of events; strings from the feature's default alphabet, which has the
/// characters JSON escapes and other edge cases.
fn event() -> impl Strategy<Value = Event> {
    (
        string(),
        any::<u8>(),
        prop::collection::vec(string(), 0..4),
        prop::option::of(prop::num::f64::NORMAL | prop::num::f64::ZERO | prop::num::f64::POSITIVE),
    )
        .prop_map(|(host, severity, tags, latency)| Event {
            host,
            severity,
            tags,
            latency,
        })
}

/// An event, and an object with its fields among others: of any map flavor (every backend
/// and hasher, used natively or through the vtable as a plugin's maps are).
fn event_object() -> impl Strategy<Value = (Event, Value<'static>)> {
    let others = ValueConfig::new()
        .breadth(4)
        .objects(Flavors::all())
        .object_strategy();
    (event(), others).prop_map(|(e, others)| {
        let mut v = Value::Object(others);
        v.remove("latency").expect("an object");
        let Value::Object(fields) = Value::from(&e) else {
            unreachable!("an event is an object")
        };
        for (k, field) in fields {
            v.insert(k, field).expect("an object");
        }
        (e, v)
    })
}

/// Runs `test` on 256 values of `strategy`; prints the outcome; returns whether it held.
fn check<S: Strategy>(
    name: &str,
    strategy: S,
    test: impl Fn(S::Value) -> Result<(), TestCaseError>,
) -> bool
where
    S::Value: Debug,
{
    // Failures are saved for replay by proptest in tests; not from an example.
    let config = Config {
        failure_persistence: None,
        ..Config::with_cases(256)
    };
    match TestRunner::new(config).run(&strategy, test) {
        Ok(()) => {
            println!("ok      {name}");
            true
        }
        Err(TestError::Fail(why, input)) => {
            println!("FAILED  {name}: {why}\n        minimal input: {input:?}");
            false
        }
        Err(TestError::Abort(why)) => {
            println!("ABORTED {name}: {why}");
            false
        }
    }
}

fn main() -> ExitCode {
    let mut ok = true;

    ok &= check("an event converts to a value and back", event(), |e| {
        prop_assert_eq!(Event::try_from(&Value::from(&e)), Ok(e));
        Ok(())
    });

    ok &= check(
        "any value converts or is refused, and what converts writes back its fields",
        value(),
        |v| {
            if let Ok(e) = Event::try_from(&v) {
                let back = Value::from(&e);
                for field in ["host", "severity", "tags", "latency"] {
                    prop_assert_eq!(back.get(field), v.get(field), "{}", field);
                }
            }
            Ok(())
        },
    );

    ok &= check(
        "objects with an event's fields and more are events, whatever their map",
        event_object(),
        |(e, v)| {
            prop_assert_eq!(Event::try_from(&v), Ok(e));
            Ok(())
        },
    );

    // Strings borrowed from the input, as `parse_json` makes them.
    ok &= check("borrowed strings read alike", event_object(), |(e, v)| {
        prop_assert_eq!(Event::try_from(&borrowing(&v)), Ok(e));
        Ok(())
    });

    ok &= check("events survive JSON", event(), |e| {
        let mut text = Value::from(&e).encode().into_bytes();
        let parsed = parse_json(&mut text).expect("JSON we wrote");
        prop_assert_eq!(Event::try_from(&parsed), Ok(e));
        Ok(())
    });

    // The bug is found, and shrunk to a small case: `severity: 256` (or the next failing
    // number) in an otherwise minimal event.
    println!("\nA buggy conversion, which must fail:");
    let found = !check(
        "buggy: values that are not events are refused",
        (event(), 256..=u64::from(u32::MAX)),
        |(e, severity)| {
            let mut v = Value::from(&e);
            v.insert("severity", severity).expect("an object");
            prop_assert!(
                buggy_try_from(&v).is_err(),
                "accepted severity {}",
                severity
            );
            Ok(())
        },
    );

    if ok && found {
        println!("\nevery property holds, and the bug was found");
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
