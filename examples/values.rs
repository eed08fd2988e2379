//! `Value` basics: build an event, read it, change it, write it as JSON and parse it back.
//!
//! Run with `cargo run --example values`. It prints the event before and after the changes,
//! as JSON with sorted keys, and checks each step with `assert!`s (so a run that ends is a pass):
//!
//! ```text
//! built:   {"aint":42,"application":"app1","tags":["tag1","tag2"]}
//! changed: {"aint":43,"class":"applog","meta":{"source":"example"},"tags":["tag1","tag2","tag3"]}
//! ```

use ffi_value::prelude::*;
use ffi_value::{literal, parse_json, parse_json_owned, to_json_sorted, Value};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Build: `literal!` takes JSON syntax (with Rust expressions as values); `Value::from`
    // converts Rust values one at a time.
    let mut event = literal!({"application": "app1", "aint": 42, "tags": ["tag1", "tag2"]});
    println!("built:   {}", to_json_sorted(&event));

    // Read: value-trait's accessors, or indexing (reading a missing key or index gives `null`,
    // it never panics).
    assert_eq!(event.get_str("application"), Some("app1"));
    assert_eq!(event.get_i64("aint"), Some(42));
    assert_eq!(event["tags"][1], "tag2");
    assert!(event["missing"].is_null());

    // Change: assigning through an index inserts (`null` becomes an object), value-trait's
    // `insert`, `remove` and `_mut` accessors change the value in place.
    event["aint"] = Value::from(43);
    event["meta"]["source"] = Value::from("example");
    event.insert("class", "applog")?;
    event.remove("application")?;
    if let Some(tags) = event
        .get_mut("tags")
        .and_then(ValueAsMutArray::as_array_mut)
    {
        tags.push(Value::from("tag3"));
    }
    println!("changed: {}", to_json_sorted(&event));

    // Write JSON (`encode`, or `Display`) and parse it back: `parse_json` borrows the strings
    // of its (mutable) input, `parse_json_owned` copies them into a `Value<'static>`.
    let mut text = event.encode().into_bytes();
    let borrowed = parse_json(&mut text)?;
    assert_eq!(borrowed, event);
    let owned: Value<'static> = parse_json_owned(event.to_string().as_bytes())?;
    assert_eq!(owned, event);
    assert_eq!(
        event,
        literal!({"aint": 43, "class": "applog", "meta": {"source": "example"},
                  "tags": ["tag1", "tag2", "tag3"]})
    );
    Ok(())
}
