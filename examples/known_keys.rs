//! Known keys: a key hashed once (`KnownKey`) and used on every event, as a plugin does with
//! the fields it reads and writes on each event.
//!
//! Run with `cargo run --example known_keys`. It prints each event after the known keys
//! changed it, and checks the results with `assert!`s:
//!
//! ```text
//! {"application":"app1","class":"applog","count":1}
//! {"application":"app2","count":1}
//! {"application":"app1","class":"applog","count":2}
//! ```

use ffi_value::prelude::*;
use ffi_value::{literal, to_json_sorted, KnownKey, ParseOptions, Value};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Made once (the hash is computed here), used on every event.
    let application = KnownKey::from("application");
    let class = KnownKey::from("class");
    let count = KnownKey::from("count");

    let mut events = [
        literal!({"application": "app1"}),
        literal!({"application": "app2"}),
        literal!({"application": "app1", "count": 1}),
    ];
    for event in &mut events {
        // `get`: `None` for a missing key (or a value that is not an object).
        if application.get(event).is_some_and(|name| name == "app1") {
            class.insert(event, "applog")?;
        }
        // `get_or_insert_with`: the value, inserted first if it is missing.
        let n = count.get_or_insert_with(event, || Value::from(0))?;
        *n = Value::from(n.as_u64().unwrap_or(0) + 1);
        println!("{}", to_json_sorted(event));
    }
    assert_eq!(
        events[0],
        literal!({"application": "app1", "class": "applog", "count": 1})
    );
    assert_eq!(events[2]["count"], 2);

    // An object made with another hasher (a random seed, for untrusted input) gets the key
    // rehashed for it: the answers are always those of a plain `&str` look-up.
    let options = ParseOptions::default().with_hasher(ffi_value::MapHasher::random());
    let mut input = br#"{"application":"app3"}"#.to_vec();
    let seeded = ffi_value::parse_json_with(&mut input, &options)?;
    assert_eq!(
        application.get(&seeded).and_then(Value::as_str),
        Some("app3")
    );

    // On a value that is not an object, look-ups answer `None` and changes an error.
    let mut text = Value::from("not an object");
    assert!(application.get(&text).is_none());
    let error = class.insert(&mut text, "applog").unwrap_err();
    assert_eq!(error.found(), "a string");
    Ok(())
}
