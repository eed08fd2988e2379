//! [proptest](https://docs.rs/proptest) strategies for [`Value`]s (cargo feature `proptest`),
//! so that you can property-test your own code against this crate's types without writing
//! generators.
//!
//! - [`value`]: any value, bytes included, floats finite; [`json_value`]: values that a JSON
//!   text holds exactly (no bytes). `Value<'static>` implements proptest's
//!   [`Arbitrary`] with these, so `any::<Value<'static>>()` works too.
//! - [`ValueConfig`]: the same strategy with every choice open: nesting depth, size and
//!   breadth, key and string alphabets (a regex or any strategy), which kinds of values and
//!   the strategy of each number kind (NaN and infinities on request), and the [`Flavors`]
//!   of the objects' maps (backend, hasher, native or through the vtable as another library's).
//! - [`borrowing`]: a copy of a value whose strings and bytes borrow from it, for code that
//!   must handle borrowed strings (as [`parse_json`](crate::parse_json) makes them).
//! - [`key`] and [`string`]: the default keys and strings, for values you build yourself.
//! - Maps of any key and value type: [`map`] and [`map_with`] (from `ffi_map::proptest`).
//!
//! A round trip through your own type, checked on every value of its shape:
//!
//! ```
//! use ffi_value::prelude::*;
//! use ffi_value::proptest::{json_value, ValueConfig};
//! use ffi_value::Value;
//! use proptest::prelude::*;
//!
//! /// The user's type and its conversions.
//! #[derive(Debug, Clone, PartialEq)]
//! struct Event { host: String, severity: u8 }
//!
//! impl TryFrom<&Value<'_>> for Event {
//!     type Error = &'static str;
//!     fn try_from(v: &Value<'_>) -> Result<Self, Self::Error> {
//!         let host = v.get_str("host").ok_or("no host")?.to_string();
//!         let severity = v.get_u64("severity").ok_or("no severity")?;
//!         Ok(Event { host, severity: severity.try_into().map_err(|_| "severity > 255")? })
//!     }
//! }
//!
//! impl From<&Event> for Value<'static> {
//!     fn from(e: &Event) -> Self {
//!         ffi_value::literal!({"host": e.host.clone(), "severity": e.severity})
//!     }
//! }
//!
//! proptest! {
//!     // In a test file, each of these has `#[test]`.
//!     fn events_round_trip(host in "\\PC*", severity in any::<u8>()) {
//!         let event = Event { host, severity };
//!         prop_assert_eq!(Event::try_from(&Value::from(&event)), Ok(event));
//!     }
//!
//!     /// Any value is read without panicking; what is read writes back to the same fields.
//!     fn any_value_is_read_or_refused(v in json_value()) {
//!         if let Ok(event) = Event::try_from(&v) {
//!             let back = Value::from(&event);
//!             prop_assert_eq!(back.get("host"), v.get("host"));
//!             prop_assert_eq!(back.get("severity"), v.get("severity"));
//!         }
//!     }
//!
//!     /// Objects with the fields (and more) read as events.
//!     fn objects_with_the_fields_are_events(
//!         mut v in ValueConfig::new().object_strategy(),
//!         host in "[a-z]{1,8}",
//!         severity in any::<u8>(),
//!     ) {
//!         v.insert("host".into(), Value::from(host.clone()));
//!         v.insert("severity".into(), Value::from(severity));
//!         prop_assert_eq!(Event::try_from(&Value::Object(v)), Ok(Event { host, severity }));
//!     }
//! }
//! # events_round_trip();
//! # any_value_is_read_or_refused();
//! # objects_with_the_fields_are_events();
//! ```
//!
//! The runnable version, with more properties: `cargo run --example proptest_conversion
//! --features proptest` (`examples/proptest_conversion.rs`), and the guide:
//! `docs/property-testing.md`.

use ::proptest::arbitrary::{any, Arbitrary};
use ::proptest::collection::vec;
use ::proptest::sample::select;
use ::proptest::strategy::{BoxedStrategy, Just, Strategy, Union};
use std::fmt;

pub use ffi_map::proptest::{map, map_with, Dispatch, Flavors, ANOTHER_SEED};
pub use ffi_map::Flavor;

use crate::{FfiCowBytes, FfiCowStr, Object, StaticNode, Value};

/// What a [`Value`] is: one kind per scalar type of `StaticNode`, then the other variants.
/// [`ValueConfig::without`] and [`ValueConfig::with`] take kinds.
///
/// ```
/// use ffi_value::proptest::Kind;
/// use ffi_value::Value;
/// assert_eq!(Kind::of(&Value::from(-1)), Kind::I64);
/// assert_eq!(Kind::of(&Value::from(1_u8)), Kind::U64);
/// assert_eq!(Kind::of(&Value::object()), Kind::Object);
/// assert!(Kind::Object.is_container() && !Kind::Bytes.is_container());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool,
    /// A signed integer, `StaticNode::I64`.
    I64,
    /// An unsigned integer, `StaticNode::U64`.
    U64,
    /// A float, `StaticNode::F64`.
    F64,
    /// A string.
    String,
    /// Binary data (no JSON type).
    Bytes,
    /// An array.
    Array,
    /// An object.
    Object,
}

impl Kind {
    /// Every kind, in declaration order.
    ///
    /// ```
    /// use ffi_value::proptest::Kind;
    /// assert_eq!(Kind::ALL.len(), 9);
    /// assert_eq!(Kind::ALL.iter().filter(|k| k.is_container()).count(), 2);
    /// ```
    pub const ALL: [Self; 9] = [
        Self::Null,
        Self::Bool,
        Self::I64,
        Self::U64,
        Self::F64,
        Self::String,
        Self::Bytes,
        Self::Array,
        Self::Object,
    ];

    /// The kind of `value`.
    ///
    /// ```
    /// use ffi_value::proptest::Kind;
    /// use ffi_value::Value;
    /// assert_eq!(Kind::of(&Value::from(vec![1_u8, 2])), Kind::Array);
    /// assert_eq!(Kind::of(&Value::NULL), Kind::Null);
    /// ```
    #[must_use]
    pub fn of(value: &Value<'_>) -> Self {
        match value {
            Value::Static(StaticNode::Null) => Self::Null,
            Value::Static(StaticNode::Bool(_)) => Self::Bool,
            Value::Static(StaticNode::I64(_)) => Self::I64,
            Value::Static(StaticNode::U64(_)) => Self::U64,
            Value::Static(StaticNode::F64(_)) => Self::F64,
            Value::String(_) => Self::String,
            Value::Bytes(_) => Self::Bytes,
            Value::Array(_) => Self::Array,
            Value::Object(_) => Self::Object,
        }
    }

    /// Whether values of this kind hold other values (arrays and objects).
    ///
    /// ```
    /// use ffi_value::proptest::Kind;
    /// assert!(Kind::Array.is_container());
    /// assert!(!Kind::String.is_container());
    /// ```
    #[must_use]
    pub const fn is_container(self) -> bool {
        matches!(self, Self::Array | Self::Object)
    }
}

/// Integers at the edges of each integer type, which conversions to narrower types get wrong.
const I64_EDGES: [i64; 14] = [
    0,
    1,
    -1,
    i8::MIN as i64,
    i8::MAX as i64,
    u8::MAX as i64,
    i16::MIN as i64,
    u16::MAX as i64,
    i32::MIN as i64,
    i32::MAX as i64,
    u32::MAX as i64,
    1 << 53,
    i64::MIN,
    i64::MAX,
];

/// Unsigned integers at the edges: of the narrower types, of `i64`, of `f64`'s exact range.
const U64_EDGES: [u64; 9] = [
    0,
    1,
    u8::MAX as u64,
    u16::MAX as u64,
    u32::MAX as u64,
    1 << 53,
    i64::MAX as u64,
    i64::MAX as u64 + 1,
    u64::MAX,
];

/// Finite floats that writers, parsers and conversions treat specially: zeros, the ends of the
/// range, the smallest normal and subnormal, and the integers where `f64` stops being exact
/// and where `i64` and `u64` end.
const F64_EDGES: [f64; 15] = [
    0.0,
    -0.0,
    1.0,
    -1.5,
    0.1,
    1e300,
    f64::MAX,
    f64::MIN,
    f64::MIN_POSITIVE,
    5e-324,
    f64::EPSILON,
    9_007_199_254_740_992.0,
    9_223_372_036_854_775_808.0,
    -9_223_372_036_854_775_808.0,
    18_446_744_073_709_551_616.0,
];

/// Strings that JSON writers must escape, and other edge cases.
const EDGE_STRINGS: [&str; 8] = [
    "",
    " ",
    "ü",
    "✓x",
    "😀",
    "with \"quotes\" and \\ backslash\n",
    "\u{0}\u{1f}\u{7f}",
    "</script>",
];

/// The default keys: short identifiers mostly (so that keys repeat), some Unicode text, some
/// characters JSON escapes, some edge cases.
fn default_keys() -> BoxedStrategy<String> {
    Union::new_weighted(vec![
        (6, "[a-z_]{1,12}".boxed()),
        (2, "\\PC{0,8}".boxed()),
        (1, "[\\x00-\\x1f\"\\\\/ a]{0,6}".boxed()),
        (1, select(&EDGE_STRINGS[..]).prop_map(String::from).boxed()),
    ])
    .boxed()
}

/// The default strings: Unicode text, characters JSON escapes, edge cases.
fn default_strings() -> BoxedStrategy<String> {
    Union::new_weighted(vec![
        (6, "\\PC{0,24}".boxed()),
        (1, "[\\x00-\\x1f\"\\\\/ a]{0,6}".boxed()),
        (1, select(&EDGE_STRINGS[..]).prop_map(String::from).boxed()),
    ])
    .boxed()
}

fn default_i64s() -> BoxedStrategy<i64> {
    Union::new_weighted(vec![
        (4, any::<i64>().boxed()),
        (1, (-1000..1000_i64).boxed()),
        (1, select(&I64_EDGES[..]).boxed()),
    ])
    .boxed()
}

fn default_u64s() -> BoxedStrategy<u64> {
    Union::new_weighted(vec![
        (4, any::<u64>().boxed()),
        (1, (0..1000_u64).boxed()),
        (1, select(&U64_EDGES[..]).boxed()),
    ])
    .boxed()
}

/// Finite floats: every class (normal, subnormal, zero, both signs) and the edges.
fn finite_f64s() -> BoxedStrategy<f64> {
    use ::proptest::num::f64::{NEGATIVE, NORMAL, POSITIVE, SUBNORMAL, ZERO};
    Union::new_weighted(vec![
        (4, (POSITIVE | NEGATIVE | NORMAL | SUBNORMAL | ZERO).boxed()),
        (
            1,
            (-1000..1000_i32).prop_map(|n| f64::from(n) / 8.0).boxed(),
        ),
        (1, select(&F64_EDGES[..]).boxed()),
    ])
    .boxed()
}

/// Every float: finite ones as [`finite_f64s`], and NaN and the infinities.
fn any_f64s() -> BoxedStrategy<f64> {
    Union::new_weighted(vec![
        (6, finite_f64s()),
        (
            1,
            select(&[f64::NAN, f64::INFINITY, f64::NEG_INFINITY][..]).boxed(),
        ),
        (1, any::<f64>().boxed()),
    ])
    .boxed()
}

/// The configurable strategy of [`Value`]s behind [`value`] and [`json_value`]: a builder
/// whose [`ValueConfig::strategy`] makes the strategy.
///
/// | choice | default | method |
/// | --- | --- | --- |
/// | nesting depth (containers within containers) | 4 | [`depth`](ValueConfig::depth) |
/// | size aimed at (values in all, a target, not a bound) | 64 | [`size`](ValueConfig::size) |
/// | items per array, entries per object | at most 8 | [`breadth`](ValueConfig::breadth) |
/// | object keys | identifiers, Unicode, escapes | [`keys`](ValueConfig::keys) |
/// | strings | Unicode, escapes, edge cases | [`strings`](ValueConfig::strings) |
/// | bytes | 0 to 23 random bytes | [`bytes`](ValueConfig::bytes) |
/// | `I64`, `U64` | any, small ones and the edges of each integer type | [`i64s`](ValueConfig::i64s), [`u64s`](ValueConfig::u64s) |
/// | `F64` | finite: every class and edge cases | [`f64s`](ValueConfig::f64s), [`non_finite_floats`](ValueConfig::non_finite_floats) |
/// | kinds of value | all ([`Kind::ALL`]) | [`without`](ValueConfig::without), [`with`](ValueConfig::with), [`only`](ValueConfig::only) |
/// | objects' maps | [`Flavor::DEFAULT`], as this crate makes them | [`objects`](ValueConfig::objects) |
///
/// Every kind of leaf has the same chance; arrays and objects too. Strings are owned (see
/// [`borrowing`] for borrowed ones). Floats are finite by default because JSON has no NaN or
/// infinity: the writers print `null` for them, which would fail round-trip properties.
///
/// ```
/// use ffi_value::prelude::*;
/// use ffi_value::proptest::{Flavors, Kind, ValueConfig};
/// use proptest::prelude::*;
///
/// let config = ValueConfig::new()
///     .depth(2)
///     .breadth(3)
///     .keys("[a-c]")
///     .strings(prop::sample::select(vec!["x".to_string(), "y".to_string()]))
///     .without(Kind::Bytes)
///     .i64s(-5..5_i64)
///     .objects(Flavors::all());
/// proptest!(|(v in config.strategy())| {
///     // Reads (and the Value API) are the same for every object flavor.
///     if let Some(object) = v.as_object() {
///         prop_assert!(object.len() <= 3);
///         prop_assert!(object.keys().all(|k| ["a", "b", "c"].contains(&k.as_str())));
///     }
/// });
/// ```
#[derive(Clone)]
pub struct ValueConfig {
    depth: u32,
    size: u32,
    breadth: usize,
    kinds: [bool; 9],
    keys: BoxedStrategy<String>,
    strings: BoxedStrategy<String>,
    bytes: BoxedStrategy<Vec<u8>>,
    i64s: BoxedStrategy<i64>,
    u64s: BoxedStrategy<u64>,
    f64s: BoxedStrategy<f64>,
    non_finite_floats: bool,
    objects: Flavors,
}

impl Default for ValueConfig {
    /// [`ValueConfig::new`].
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for ValueConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kinds: Vec<Kind> = Kind::ALL
            .into_iter()
            .filter(|&k| self.kinds[k as usize])
            .collect();
        f.debug_struct("ValueConfig")
            .field("depth", &self.depth)
            .field("size", &self.size)
            .field("breadth", &self.breadth)
            .field("kinds", &kinds)
            .field("non_finite_floats", &self.non_finite_floats)
            .field("objects", &self.objects)
            .finish_non_exhaustive()
    }
}

impl ValueConfig {
    /// The strategy of [`value`]: every kind of value, defaults as in the table above.
    ///
    /// ```
    /// use ffi_value::proptest::{Kind, ValueConfig};
    /// use proptest::prelude::*;
    /// proptest!(|(v in ValueConfig::new().strategy())| {
    ///     prop_assert!(Kind::ALL.contains(&Kind::of(&v)));
    /// });
    /// ```
    #[must_use]
    pub fn new() -> Self {
        Self {
            depth: 4,
            size: 64,
            breadth: 8,
            kinds: [true; 9],
            keys: default_keys(),
            strings: default_strings(),
            bytes: vec(any::<u8>(), 0..24).boxed(),
            i64s: default_i64s(),
            u64s: default_u64s(),
            f64s: finite_f64s(),
            non_finite_floats: false,
            objects: Flavors::new(),
        }
    }

    /// The strategy of [`json_value`]: values that a JSON text holds exactly, so that they
    /// survive a round trip through JSON (no bytes; finite floats, as by default).
    ///
    /// A round trip keeps each value's `==` but not always its number kind: a parser makes
    /// `U64` of every non-negative integer, so `I64(5)` comes back as `U64(5)` (equal).
    ///
    /// ```
    /// use ffi_value::prelude::*;
    /// use ffi_value::proptest::ValueConfig;
    /// use proptest::prelude::*;
    /// proptest!(|(v in ValueConfig::json().strategy())| {
    ///     prop_assert_eq!(ffi_value::parse_json_owned(v.encode().as_bytes()).unwrap(), v);
    /// });
    /// ```
    #[must_use]
    pub fn json() -> Self {
        Self::new().without(Kind::Bytes)
    }

    /// Containers nest at most `depth` deep: `0` makes scalars only, `1` arrays and objects of
    /// scalars, and so on. Default: 4.
    ///
    /// ```
    /// use ffi_value::proptest::ValueConfig;
    /// use ffi_value::prelude::*;
    /// use proptest::prelude::*;
    /// proptest!(|(v in ValueConfig::new().depth(0).strategy())| {
    ///     prop_assert!(v.as_array().is_none() && v.as_object().is_none());
    /// });
    /// ```
    #[must_use]
    pub fn depth(mut self, depth: u32) -> Self {
        self.depth = depth;
        self
    }

    /// The number of values (leaves and containers) a generated value aims at: proptest's
    /// `desired_size` of `prop_recursive`, which makes containers less likely as a value
    /// grows. A target, not a bound: [`depth`](Self::depth) and [`breadth`](Self::breadth) are
    /// the bounds. Default: 64.
    ///
    /// ```
    /// use ffi_value::proptest::ValueConfig;
    /// let small = ValueConfig::new().size(8);
    /// # let _ = small;
    /// ```
    #[must_use]
    pub fn size(mut self, size: u32) -> Self {
        self.size = size;
        self
    }

    /// Each array holds at most `breadth` items, each object at most `breadth` entries (an
    /// object holds fewer when keys repeat). Default: 8.
    ///
    /// ```
    /// use ffi_value::proptest::ValueConfig;
    /// use ffi_value::prelude::*;
    /// use proptest::prelude::*;
    /// proptest!(|(v in ValueConfig::new().breadth(2).strategy())| {
    ///     prop_assert!(v.as_array().map_or(0, |a| a.len()) <= 2);
    /// });
    /// ```
    #[must_use]
    pub fn breadth(mut self, breadth: usize) -> Self {
        self.breadth = breadth;
        self
    }

    /// Object keys from `keys`: a regex (`"[a-z]{1,8}"`, as proptest takes `&str`s; an
    /// invalid one panics when a value is generated) or any strategy of `String`s
    /// (`prop::sample::select(...)` for a fixed set, so that keys repeat).
    ///
    /// ```
    /// use ffi_value::proptest::ValueConfig;
    /// use ffi_value::prelude::*;
    /// use proptest::prelude::*;
    /// let config = ValueConfig::new().keys("[xy]");
    /// proptest!(|(v in config.strategy())| {
    ///     if let Some(o) = v.as_object() {
    ///         prop_assert!(o.keys().all(|k| k == "x" || k == "y"));
    ///     }
    /// });
    /// ```
    #[must_use]
    pub fn keys(mut self, keys: impl Strategy<Value = String> + 'static) -> Self {
        self.keys = keys.boxed();
        self
    }

    /// Strings from `strings` (a regex or a strategy, as [`keys`](Self::keys)); enables
    /// [`Kind::String`].
    ///
    /// ```
    /// use ffi_value::prelude::*;
    /// use ffi_value::proptest::ValueConfig;
    /// use proptest::prelude::*;
    /// proptest!(|(v in ValueConfig::new().depth(0).strings("[0-9]{3}").strategy())| {
    ///     if let Some(s) = v.as_str() {
    ///         prop_assert!(s.len() == 3 && s.bytes().all(|b| b.is_ascii_digit()));
    ///     }
    /// });
    /// ```
    #[must_use]
    pub fn strings(mut self, strings: impl Strategy<Value = String> + 'static) -> Self {
        self.strings = strings.boxed();
        self.with(Kind::String)
    }

    /// Bytes from `bytes`; enables [`Kind::Bytes`].
    ///
    /// ```
    /// use ffi_value::proptest::ValueConfig;
    /// use ffi_value::Value;
    /// use proptest::prelude::*;
    /// let config = ValueConfig::new().depth(0).bytes(prop::collection::vec(0..=1_u8, 1..4));
    /// proptest!(|(v in config.strategy())| {
    ///     if let Value::Bytes(b) = &v {
    ///         prop_assert!(!b.is_empty() && b.as_slice().iter().all(|&x| x <= 1));
    ///     }
    /// });
    /// ```
    #[must_use]
    pub fn bytes(mut self, bytes: impl Strategy<Value = Vec<u8>> + 'static) -> Self {
        self.bytes = bytes.boxed();
        self.with(Kind::Bytes)
    }

    /// `I64`s from `i64s` (a range, `any::<i64>()`, ...); enables [`Kind::I64`].
    ///
    /// ```
    /// use ffi_value::proptest::ValueConfig;
    /// use ffi_value::{StaticNode, Value};
    /// use proptest::prelude::*;
    /// proptest!(|(v in ValueConfig::new().i64s(-3..0_i64).strategy())| {
    ///     if let Value::Static(StaticNode::I64(n)) = v {
    ///         prop_assert!((-3..0).contains(&n));
    ///     }
    /// });
    /// ```
    #[must_use]
    pub fn i64s(mut self, i64s: impl Strategy<Value = i64> + 'static) -> Self {
        self.i64s = i64s.boxed();
        self.with(Kind::I64)
    }

    /// `U64`s from `u64s`; enables [`Kind::U64`]. (`ValueConfig::new().u64s(1 << 63..=u64::MAX)`
    /// makes only those an `I64` cannot hold.)
    ///
    /// ```
    /// use ffi_value::proptest::ValueConfig;
    /// use ffi_value::{StaticNode, Value};
    /// use proptest::prelude::*;
    /// proptest!(|(v in ValueConfig::new().u64s(1 << 63..=u64::MAX).strategy())| {
    ///     if let Value::Static(StaticNode::U64(n)) = v {
    ///         prop_assert!(i64::try_from(n).is_err());
    ///     }
    /// });
    /// ```
    #[must_use]
    pub fn u64s(mut self, u64s: impl Strategy<Value = u64> + 'static) -> Self {
        self.u64s = u64s.boxed();
        self.with(Kind::U64)
    }

    /// `F64`s from `f64s`; enables [`Kind::F64`]. For JSON, keep them finite.
    ///
    /// ```
    /// use ffi_value::proptest::ValueConfig;
    /// use ffi_value::{StaticNode, Value};
    /// use proptest::prelude::*;
    /// let config = ValueConfig::new().f64s((0..100_u8).prop_map(f64::from));
    /// proptest!(|(v in config.strategy())| {
    ///     if let Value::Static(StaticNode::F64(f)) = v {
    ///         prop_assert!(f.fract() == 0.0);
    ///     }
    /// });
    /// ```
    #[must_use]
    pub fn f64s(mut self, f64s: impl Strategy<Value = f64> + 'static) -> Self {
        self.f64s = f64s.boxed();
        self.non_finite_floats = false;
        self.with(Kind::F64)
    }

    /// With `true`, floats include NaN and the infinities (which JSON cannot hold: the writers
    /// print `null`); with `false`, the default finite floats. Replaces a strategy set with
    /// [`f64s`](Self::f64s); enables [`Kind::F64`].
    ///
    /// ```
    /// use ffi_value::proptest::{Kind, ValueConfig};
    /// use ffi_value::prelude::*;
    /// use proptest::prelude::*;
    /// use proptest::strategy::ValueTree;
    /// use proptest::test_runner::TestRunner;
    ///
    /// let floats = ValueConfig::new().only([Kind::F64]).non_finite_floats(true).strategy();
    /// let mut runner = TestRunner::deterministic();
    /// let nans = (0..1000)
    ///     .map(|_| floats.new_tree(&mut runner).unwrap().current())
    ///     .filter(|v| v.as_f64().unwrap().is_nan())
    ///     .count();
    /// assert!(nans > 0);
    /// ```
    #[must_use]
    pub fn non_finite_floats(mut self, non_finite: bool) -> Self {
        self.f64s = if non_finite {
            any_f64s()
        } else {
            finite_f64s()
        };
        self.non_finite_floats = non_finite;
        self.with(Kind::F64)
    }

    /// No values of `kind`. Without [`Kind::Array`] and [`Kind::Object`], values are
    /// scalars; without every scalar kind, the leaves are empty arrays and objects.
    ///
    /// ```
    /// use ffi_value::proptest::{Kind, ValueConfig};
    /// use proptest::prelude::*;
    /// let no_bytes = ValueConfig::new().without(Kind::Bytes).depth(0);
    /// proptest!(|(v in no_bytes.strategy())| prop_assert_ne!(Kind::of(&v), Kind::Bytes));
    /// ```
    #[must_use]
    pub fn without(mut self, kind: Kind) -> Self {
        self.kinds[kind as usize] = false;
        self
    }

    /// Values of `kind` again, after [`without`](Self::without) or [`only`](Self::only), with
    /// the strategy set for it (or the default).
    ///
    /// ```
    /// use ffi_value::proptest::{Kind, ValueConfig};
    /// let config = ValueConfig::new().only([Kind::Null]).with(Kind::Bool);
    /// # let _ = config;
    /// ```
    #[must_use]
    pub fn with(mut self, kind: Kind) -> Self {
        self.kinds[kind as usize] = true;
        self
    }

    /// Only values of `kinds` (containers among them hold values of these kinds).
    ///
    /// ```
    /// use ffi_value::proptest::{Kind, ValueConfig};
    /// use proptest::prelude::*;
    /// let flat = ValueConfig::new().only([Kind::String, Kind::U64]);
    /// proptest!(|(v in flat.strategy())| {
    ///     prop_assert!(matches!(Kind::of(&v), Kind::String | Kind::U64));
    /// });
    /// ```
    #[must_use]
    pub fn only(mut self, kinds: impl IntoIterator<Item = Kind>) -> Self {
        self.kinds = [false; 9];
        for kind in kinds {
            self.kinds[kind as usize] = true;
        }
        self
    }

    /// The [`Flavors`] of objects' maps: by default only [`Flavor::DEFAULT`], as this crate's
    /// parsers and constructors make them; [`Flavors::all`] for every compiled-in backend,
    /// another hasher seed, and maps used through their vtable as another library's.
    ///
    /// ```
    /// use ffi_value::proptest::{Dispatch, Flavors, ValueConfig};
    /// use ffi_value::Value;
    /// use proptest::prelude::*;
    /// let foreign = ValueConfig::new().objects(Flavors::new().dispatch(Dispatch::Vtable));
    /// proptest!(|(v in foreign.strategy())| {
    ///     if let Value::Object(o) = &v {
    ///         prop_assert!(!o.is_native());
    ///     }
    /// });
    /// ```
    #[must_use]
    pub fn objects(mut self, flavors: Flavors) -> Self {
        self.objects = flavors;
        self
    }

    /// The strategy.
    ///
    /// # Panics
    /// If no kind of value is left.
    ///
    /// ```
    /// use ffi_value::proptest::ValueConfig;
    /// use proptest::prelude::*;
    /// let values = ValueConfig::json().depth(2).strategy();
    /// proptest!(|(v in values)| prop_assert_eq!(v.clone(), v));
    /// ```
    pub fn strategy(&self) -> BoxedStrategy<Value<'static>> {
        let has = |kind: Kind| self.kinds[kind as usize];
        let mut leaves = self.scalars();
        let containers = Kind::ALL.iter().any(|&k| k.is_container() && has(k));
        if leaves.is_empty() {
            assert!(containers, "ValueConfig: no kind of value left");
            if has(Kind::Array) {
                leaves.push(Just(Value::array()).boxed());
            }
            if has(Kind::Object) {
                leaves.push(Just(Value::object()).boxed());
            }
        }
        let leaf = Union::new(leaves).boxed();
        if !containers || self.depth == 0 {
            return leaf;
        }
        let config = self.clone();
        let branch = u32::try_from(self.breadth.max(1)).unwrap_or(u32::MAX);
        leaf.prop_recursive(self.depth, self.size, branch, move |inner| {
            Union::new(config.containers(&inner)).boxed()
        })
        .boxed()
    }

    /// The strategy of objects (an event's shape): an object at the top (even with depth 0 or
    /// without [`Kind::Object`]), of the configured flavors, keys and breadth, whose values
    /// are [`strategy`](Self::strategy)'s one level less deep.
    ///
    /// ```
    /// use ffi_value::proptest::ValueConfig;
    /// use proptest::prelude::*;
    /// proptest!(|(event in ValueConfig::new().breadth(4).object_strategy())| {
    ///     prop_assert!(event.len() <= 4);
    /// });
    /// ```
    pub fn object_strategy(&self) -> BoxedStrategy<Object<'static>> {
        let values = self.clone().depth(self.depth.saturating_sub(1)).strategy();
        self.objects_of(values)
    }

    /// A strategy per enabled scalar kind.
    fn scalars(&self) -> Vec<BoxedStrategy<Value<'static>>> {
        let node = |n: StaticNode| Value::Static(n);
        let mut scalars = Vec::new();
        for kind in Kind::ALL.into_iter().filter(|&k| self.kinds[k as usize]) {
            scalars.push(match kind {
                Kind::Null => Just(Value::NULL).boxed(),
                Kind::Bool => any::<bool>()
                    .prop_map(move |b| node(StaticNode::Bool(b)))
                    .boxed(),
                Kind::I64 => self
                    .i64s
                    .clone()
                    .prop_map(move |n| node(StaticNode::I64(n)))
                    .boxed(),
                Kind::U64 => self
                    .u64s
                    .clone()
                    .prop_map(move |n| node(StaticNode::U64(n)))
                    .boxed(),
                Kind::F64 => self
                    .f64s
                    .clone()
                    .prop_map(move |f| node(StaticNode::F64(f)))
                    .boxed(),
                Kind::String => self
                    .strings
                    .clone()
                    .prop_map(|s| Value::String(FfiCowStr::from(s)))
                    .boxed(),
                Kind::Bytes => self
                    .bytes
                    .clone()
                    .prop_map(|b| Value::Bytes(FfiCowBytes::from(b)))
                    .boxed(),
                Kind::Array | Kind::Object => continue,
            });
        }
        scalars
    }

    /// A strategy per enabled container kind, holding values of `inner`.
    fn containers(
        &self,
        inner: &BoxedStrategy<Value<'static>>,
    ) -> Vec<BoxedStrategy<Value<'static>>> {
        let mut containers = Vec::new();
        if self.kinds[Kind::Array as usize] {
            containers.push(
                vec(inner.clone(), 0..=self.breadth)
                    .prop_map(|items| Value::Array(items.into_iter().collect()))
                    .boxed(),
            );
        }
        if self.kinds[Kind::Object as usize] {
            containers.push(
                self.objects_of(inner.clone())
                    .prop_map(Value::Object)
                    .boxed(),
            );
        }
        containers
    }

    /// Objects of the configured flavors, keys and breadth, with values of `values`.
    fn objects_of(&self, values: BoxedStrategy<Value<'static>>) -> BoxedStrategy<Object<'static>> {
        (
            self.objects.strategy(),
            vec((self.keys.clone(), values), 0..=self.breadth),
        )
            .prop_map(|(flavor, entries)| {
                let mut object = flavor.empty_map(entries.len()).with_str_lookups();
                for (k, v) in entries {
                    object.insert(FfiCowStr::from(k), v);
                }
                flavor.finish(object)
            })
            .boxed()
    }
}

/// Any value ([`ValueConfig::new`]): every kind, bytes included, finite floats, nesting at
/// most 4 deep, containers of at most 8 items.
///
/// ```
/// use ffi_value::proptest::value;
/// use proptest::prelude::*;
///
/// proptest!(|(v in value())| {
///     // MessagePack holds every value, bytes included (floats compare exactly).
///     let packed = ffi_value::to_msgpack(&v).unwrap();
///     prop_assert_eq!(ffi_value::parse_msgpack(&packed).unwrap(), v);
/// });
/// ```
pub fn value() -> BoxedStrategy<Value<'static>> {
    ValueConfig::new().strategy()
}

/// Values that a JSON text holds exactly ([`ValueConfig::json`]): no bytes, finite floats.
///
/// ```
/// use ffi_value::proptest::json_value;
/// use ffi_value::Value;
/// use proptest::prelude::*;
///
/// proptest!(|(v in json_value())| {
///     let serde: serde_json::Value = serde_json::Value::from(v.clone());
///     prop_assert_eq!(Value::from(serde), v);
/// });
/// ```
pub fn json_value() -> BoxedStrategy<Value<'static>> {
    ValueConfig::json().strategy()
}

/// The default object keys of [`ValueConfig`]: short identifiers mostly (so that keys repeat
/// across objects), some Unicode text, characters JSON escapes, and edge cases (`""`,
/// quotes, backslashes, control characters).
///
/// ```
/// use ffi_value::proptest::key;
/// use proptest::prelude::*;
/// proptest!(|(k in key())| prop_assert!(k.chars().count() <= 30));
/// ```
pub fn key() -> BoxedStrategy<String> {
    default_keys()
}

/// The default strings of [`ValueConfig`]: Unicode text (no control characters), text of the
/// characters JSON escapes, and edge cases.
///
/// ```
/// use ffi_value::proptest::string;
/// use proptest::prelude::*;
/// proptest!(|(s in string())| prop_assert!(s.chars().count() <= 30));
/// ```
pub fn string() -> BoxedStrategy<String> {
    default_strings()
}

/// `any::<Value<'static>>()` is [`value`]; `any_with::<Value<'static>>(config)` is
/// `config.strategy()`.
///
/// ```
/// use ffi_value::proptest::{Kind, ValueConfig};
/// use ffi_value::Value;
/// use proptest::prelude::*;
///
/// proptest!(|(v in any::<Value<'static>>())| prop_assert_eq!(v.clone(), v));
/// let scalars = ValueConfig::new().depth(0);
/// proptest!(|(v in any_with::<Value<'static>>(scalars))| prop_assert!(!Kind::of(&v).is_container()));
/// ```
impl Arbitrary for Value<'static> {
    type Parameters = ValueConfig;
    type Strategy = BoxedStrategy<Self>;

    fn arbitrary_with(config: ValueConfig) -> Self::Strategy {
        config.strategy()
    }
}

/// A copy of `value` whose strings, keys and bytes borrow from `value` (its arrays and objects
/// are new), for code that must handle borrowed data as the parsers make it. Each object keeps
/// its [`Flavor`] when this build has its backend and knows its hasher, else gets the
/// default one.
///
/// ```
/// use ffi_value::proptest::{borrowing, value};
/// use ffi_value::Value;
/// use proptest::prelude::*;
///
/// fn all_borrowed(v: &Value<'_>) -> bool {
///     match v {
///         Value::String(s) => s.is_borrowed(),
///         Value::Bytes(b) => b.is_borrowed(),
///         Value::Array(a) => a.iter().all(all_borrowed),
///         Value::Object(o) => o.iter().all(|(k, v)| k.is_borrowed() && all_borrowed(v)),
///         Value::Static(_) => true,
///     }
/// }
///
/// proptest!(|(owned in value())| {
///     let borrowed = borrowing(&owned);
///     prop_assert!(all_borrowed(&borrowed));
///     prop_assert_eq!(&borrowed, &owned);
///     prop_assert_eq!(borrowed.into_static(), owned); // copies what it borrowed
/// });
/// ```
#[must_use]
pub fn borrowing<'v>(value: &'v Value<'_>) -> Value<'v> {
    match value {
        Value::Static(node) => Value::Static(*node),
        Value::String(s) => Value::String(FfiCowStr::borrowed(s.as_str())),
        Value::Bytes(b) => Value::Bytes(FfiCowBytes::borrowed(b.as_slice())),
        Value::Array(items) => Value::Array(items.iter().map(borrowing).collect()),
        Value::Object(object) => {
            let flavor = Flavor::of(object)
                .filter(|f| f.backend.is_available())
                .unwrap_or_default();
            let mut copy = flavor.empty_map(object.len()).with_str_lookups();
            for (k, v) in object {
                copy.insert(FfiCowStr::borrowed(k.as_str()), borrowing(v));
            }
            Value::Object(flavor.finish(copy))
        }
    }
}
