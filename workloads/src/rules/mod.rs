//! The workloads' rules, written once for every event type: [`Classify`] (class, rate and
//! dimension of an event) and [`Bucket`] (a per-class, per-dimension rate limiter).
//!
//! A rule names the fields it reads and writes once, when it is made, as [`Field`]s of the
//! event type: [`Plain`] names (`&str` look-ups) or the type's [`Event::Known`] keys (memoized
//! hashes, [`ffi_value::KnownKey`] on [`ffi_value::Value`]), as its [`KeyMode`] says. Each event
//! then costs look-ups only, and the mode is matched once per event, not per field.

mod bucket;
mod classify;
mod config;
mod error;
mod events;

pub use bucket::{Bucket, BucketOptions};
pub use classify::{Classify, APPLICATIONS, DEFAULT_RATE, INDEX_TYPES, TAG};
pub use config::{BucketConfig, ClassifyConfig};
pub use error::RuleError;
pub(crate) use events::kind_name;

/// The field `Classify` writes the class to and `Bucket` reads it from.
const CLASS: &str = "$class";
/// The field of the class's rate (events per window).
const RATE: &str = "$rate";
/// The field of the dimension (the application, for events classified by it).
const DIMENSION: &str = "$dimension";

/// How the rules name fields: plain `&str` look-ups, or memoized-hash known keys where the value
/// type has them ([`ffi_value::KnownKey`] on [`ffi_value::Value`]; `simd_json::OwnedValue` and
/// [`RValue`](crate::rvalue::RValue) have none, so `Known` behaves as `Plain` there).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyMode {
    /// `&str` look-ups, hashing the name for every event.
    Plain,
    /// The value type's known keys ([`Event::Known`]), hashed once.
    Known,
}

/// A value the rules can run on: an event, which is an object for the rules to do anything.
pub trait Event: Sized {
    /// The field names of [`KeyMode::Known`].
    type Known: Field<Self>;

    /// The value of `key` in an object; `None` if it is missing or `self` is not an object.
    fn get(&self, key: &str) -> Option<&Self>;
    /// Sets `key` to `value` in an object.
    ///
    /// # Errors
    /// [`RuleError`] (not an object) if `self` is not an object.
    fn insert(&mut self, key: &'static str, value: Self) -> Result<(), RuleError>;
    /// The string, if this is one.
    fn as_str(&self) -> Option<&str>;
    /// The non-negative integer, if this is one.
    fn as_u64(&self) -> Option<u64>;
    /// The boolean, if this is one.
    fn as_bool(&self) -> Option<bool>;
    /// The keys, if this is an object (for configurations: it allocates).
    fn keys(&self) -> Option<Vec<&str>>;
    /// The elements, if this is an array.
    fn as_slice(&self) -> Option<&[Self]>;
    /// Whether this is `null`.
    fn is_null(&self) -> bool;
    /// Whether this is an object.
    fn is_object(&self) -> bool;
    /// The kind of value, with its article, for messages ("a string", "an array", ...).
    fn kind(&self) -> &'static str;
    /// A string value.
    fn from_static_str(s: &'static str) -> Self;
    /// An integer value.
    fn from_u64(n: u64) -> Self;
}

/// A field name, prepared once for the look-ups of event type `E`.
pub trait Field<E>: Sized {
    /// Prepares `name`.
    fn new(name: &'static str) -> Self;
    /// The field's value in an object; `None` if it is missing or `event` is not an object.
    fn get<'e>(&self, event: &'e E) -> Option<&'e E>;
    /// Sets the field to `value` in an object.
    ///
    /// # Errors
    /// [`RuleError`] (not an object) if `event` is not an object.
    fn insert(&self, event: &mut E, value: E) -> Result<(), RuleError>;
}

/// A field named by a plain `&str`, looked up with [`Event::get`] and [`Event::insert`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Plain(&'static str);

impl<E: Event> Field<E> for Plain {
    fn new(name: &'static str) -> Self {
        Self(name)
    }

    #[inline]
    fn get<'e>(&self, event: &'e E) -> Option<&'e E> {
        event.get(self.0)
    }

    #[inline]
    fn insert(&self, event: &mut E, value: E) -> Result<(), RuleError> {
        event.insert(self.0, value)
    }
}

/// A rule's fields, prepared as its [`KeyMode`] says.
#[derive(Debug)]
enum ByMode<P, K> {
    Plain(P),
    Known(K),
}

impl<P, K> ByMode<P, K> {
    fn mode(&self) -> KeyMode {
        match self {
            Self::Plain(_) => KeyMode::Plain,
            Self::Known(_) => KeyMode::Known,
        }
    }
}

/// The field of `event` named `name` (prepared as `key`), which the rule needs.
fn required<'e, E: Event, K: Field<E>>(
    event: &'e E,
    key: &K,
    name: &'static str,
) -> Result<&'e E, RuleError> {
    key.get(event).ok_or_else(|| {
        if event.is_object() {
            RuleError::missing(name)
        } else {
            RuleError::not_an_object(event.kind())
        }
    })
}
