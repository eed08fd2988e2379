//! `ffi-value`: the event value for plugin systems — one `#[repr(C)]` JSON-like [`Value`]
//! used inside an engine and handed as it is to plugins loaded with `dlopen`.
//!
//! A [`Value`] is at most 32 bytes and implements `abi_stable`'s `StableAbi`, so its layout is
//! checked when a plugin is loaded. Its objects are [`FfiMap`]s (halfbrown or hashbrown, chosen
//! by cargo features) held directly, its strings and bytes borrow the parsed input until
//! changed, and every allocation is freed by the library that made it, whichever library drops
//! the value.
//!
//! ```
//! use ffi_value::prelude::*;
//! use ffi_value::{literal, parse_json, KnownKey, Value};
//!
//! let mut input = br#"{"application":"app1","aint":42,"tags":["tag1","tag2"]}"#.to_vec();
//! let mut event = parse_json(&mut input)?;
//! assert_eq!(event["aint"], 42);
//! assert_eq!(event.get_str("application"), Some("app1"));
//!
//! // A key hashed once, then used on every event.
//! static CLASS: std::sync::LazyLock<KnownKey> = std::sync::LazyLock::new(|| KnownKey::from("class"));
//! CLASS.insert(&mut event, "applog")?;
//! assert_eq!(event, literal!({"application": "app1", "aint": 42, "tags": ["tag1", "tag2"], "class": "applog"}));
//! assert_eq!(ffi_value::to_json_sorted(&event), r#"{"aint":42,"application":"app1","class":"applog","tags":["tag1","tag2"]}"#);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! - Formats: JSON ([`parse_json`], `Writable::encode`, [`to_json_sorted`]), `MessagePack`
//!   ([`parse_msgpack`], [`to_msgpack`]), any serde format (`Serialize`/`Deserialize`), and
//!   conversions with `simd_json::OwnedValue`/`BorrowedValue` and `serde_json::Value`.
//! - value-trait 0.12: the traits simd-json's values implement, so code written against them
//!   works unchanged (import [`prelude`]), and answers as on simd-json's values: the same
//!   number kinds (`Value::from(7_u8)` is `U64`), errors, look-ups and JSON text. The
//!   differences kept on purpose (duplicate keys: the last wins; floats compared with
//!   `total_cmp`; `Display` is JSON; indexing reads `null` instead of panicking; bytes) are
//!   listed in `docs/value.md`, "Differences from simd-json's values".
//! - Bad input is an [`Error`] naming the format, the kind and the byte offset; nesting deeper
//!   than [`ParseOptions`]' limit (1024 by default) is an error, not a stack overflow.
//!
//! # Cargo features
//!
//! - `halfbrown` (default) and `hashbrown` pick the map backend of every object, forwarded to
//!   `ffi-map` (both may be enabled; at least one must be).
//! - `proptest` (off): strategies for property-testing your own code with this crate's types,
//!   in the module `ffi_value::proptest`: `value()`, `json_value()`, the configurable
//!   `ValueConfig` (depth, breadth, key and string alphabets, kinds, number strategies, object
//!   map flavors), proptest's `Arbitrary` for `Value<'static>`, and `FfiMap` strategies of
//!   every backend, hasher and dispatch (`ffi-map`'s `proptest` feature, which it enables).
//! - `arbitrary` (off): `arbitrary::Arbitrary` for `Value<'static>` (bounded depth, total on
//!   any input) and `FfiMap`, for cargo-fuzz targets; `ffi_value::arbitrary::ValueOptions`
//!   configures it.
//!
//! Neither test feature changes the types or their layout. The guide, with a worked example
//! (`examples/proptest_conversion.rs`), is `docs/property-testing.md`.

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

/// The examples of `docs/map.md`, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../docs/map.md")]
struct MapDocDoctests;

/// The examples of `docs/property-testing.md`, compiled and run as doctests.
#[cfg(all(doctest, feature = "proptest", feature = "arbitrary"))]
#[doc = include_str!("../docs/property-testing.md")]
struct PropertyTestingDoctests;

#[cfg(feature = "arbitrary")]
pub mod arbitrary;
mod convert;
mod error;
pub mod ffi;
mod json;
mod known_key;
#[macro_use]
mod macros;
mod msgpack;
#[cfg(feature = "proptest")]
pub mod proptest;
mod serde;
mod value;

pub use error::{Error, ErrorKind, Format};
pub use ffi::{FfiCowBytes, FfiCowStr, FfiVec};
pub use ffi_map::{Backend, BackendUnavailable, FfiMap, HasherId, MapHasher};
pub use json::{
    parse_json, parse_json_owned, parse_json_owned_with, parse_json_with, ParseOptions,
};
pub use json::{to_json_sorted, to_json_sorted_pretty, write_sorted};
pub use known_key::{KnownKey, NotAnObject};
pub use msgpack::{
    parse_msgpack, parse_msgpack_owned, parse_msgpack_owned_with, parse_msgpack_with, to_msgpack,
    write_msgpack,
};
pub use value::{Array, Object, StaticNode, Value};

/// The value-trait traits (and this crate's value type), for `use ffi_value::prelude::*;`.
pub mod prelude {
    pub use crate::Value;
    pub use value_trait::prelude::*;
}
