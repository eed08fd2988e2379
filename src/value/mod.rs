//! [`Value`]: the event type, one enum of at most 32 bytes shared by host and plugins.

use abi_stable::StableAbi;
pub use value_trait::StaticNode;

use crate::ffi::{FfiCowBytes, FfiCowStr, FfiVec};
use ffi_map::FfiMap;

pub(crate) use builder::ObjectBuilder;

mod builder;
mod cmp;
mod from;
mod index;
mod partial_eq;
mod simd_eq;
mod traits;

/// A JSON-like value that can cross a plugin boundary as it is: `#[repr(C, u8)]`, checked by
/// `abi_stable` when a plugin is loaded, and at most 32 bytes.
///
/// Strings and bytes borrow the input they were parsed from (`'v`) until they are changed or
/// detached with [`Value::into_static`]; owned ones, vectors and objects free their memory
/// with the allocator of the library that made them, whichever library drops them.
///
/// ```
/// use ffi_value::{StaticNode, Value};
///
/// let event = Value::object();
/// assert!(matches!(event, Value::Object(ref o) if o.is_empty()));
/// assert!(matches!(Value::default(), Value::Static(StaticNode::Null)));
/// ```
#[repr(C, u8)]
#[derive(StableAbi, Clone)]
pub enum Value<'v> {
    /// `null`, a boolean or a number.
    Static(StaticNode),
    /// A string, borrowed from the input or owned.
    String(FfiCowStr<'v>),
    /// An array.
    Array(Array<'v>),
    /// An object: the map itself, with no box around it.
    Object(Object<'v>),
    /// Binary data, borrowed from the input or owned (not JSON: written as base64 strings).
    Bytes(FfiCowBytes<'v>),
}

/// The array of a [`Value`].
pub type Array<'v> = FfiVec<Value<'v>>;
/// The object of a [`Value`]: an [`FfiMap`] from string keys to values.
pub type Object<'v> = FfiMap<FfiCowStr<'v>, Value<'v>>;

const _: () = assert!(
    size_of::<Value<'_>>() <= 32,
    "Value must stay within 32 bytes: a tag and a 24-byte container"
);
const _: () = assert!(
    size_of::<StaticNode>() <= 16,
    "value-trait's c-abi StaticNode is expected to be 16 bytes"
);

impl Default for Value<'_> {
    /// `null`.
    fn default() -> Self {
        Self::Static(StaticNode::Null)
    }
}

impl Value<'_> {
    /// `null`.
    pub const NULL: Self = Self::Static(StaticNode::Null);

    /// An empty object with the default map backend; allocates nothing until filled.
    #[must_use]
    pub fn object() -> Self {
        Self::Object(new_object(0))
    }

    /// An empty object with room for `capacity` entries.
    #[must_use]
    pub fn object_with_capacity(capacity: usize) -> Self {
        Self::Object(new_object(capacity))
    }

    /// An empty array.
    #[must_use]
    pub const fn array() -> Self {
        Self::Array(FfiVec::new())
    }

    /// A value that borrows nothing, made by copying what this one borrows.
    #[must_use]
    pub fn into_static(self) -> Value<'static> {
        match self {
            Self::Static(node) => Value::Static(node),
            Self::String(s) => Value::String(s.into_owned()),
            Self::Bytes(b) => Value::Bytes(b.into_owned()),
            Self::Array(a) => Value::Array(a.into_iter().map(Value::into_static).collect()),
            Self::Object(o) => Value::Object(detach_object(o)),
        }
    }

    /// A copy that borrows nothing.
    #[must_use]
    pub fn clone_static(&self) -> Value<'static> {
        match self {
            Self::Static(node) => Value::Static(*node),
            Self::String(s) => Value::String(FfiCowStr::from(s.as_str()).into_owned()),
            Self::Bytes(b) => Value::Bytes(FfiCowBytes::from(b.as_slice()).into_owned()),
            Self::Array(a) => Value::Array(a.iter().map(Value::clone_static).collect()),
            Self::Object(o) => {
                let mut copy = new_object(o.len());
                for (k, v) in o {
                    copy.insert(FfiCowStr::from(k.as_str()).into_owned(), v.clone_static());
                }
                Value::Object(copy)
            }
        }
    }
}

/// An empty object for `capacity` entries, with the default backend. Every object this crate
/// makes comes from here (or [`new_object_like`]): its map offers `&str` look-ups to other
/// libraries without a callback per key.
pub(crate) fn new_object<'v>(capacity: usize) -> Object<'v> {
    FfiMap::with_capacity(capacity).with_str_lookups()
}

/// [`new_object`] with `hasher` (for maps filled from untrusted input).
pub(crate) fn new_object_with<'v>(capacity: usize, options: &crate::ParseOptions) -> Object<'v> {
    // `ParseOptions` only holds backends that are compiled in, so `with_options` does not fail.
    FfiMap::with_options(capacity, options.backend(), options.hasher())
        .map_or_else(|_| new_object(capacity), FfiMap::with_str_lookups)
}

/// An empty object for `capacity` entries with the backend of `like` when it is compiled in
/// here, else the default.
pub(crate) fn new_object_like<'v>(like: &Object<'_>, capacity: usize) -> Object<'v> {
    FfiMap::with_capacity_and_backend(capacity, like.backend())
        .map_or_else(|_| new_object(capacity), FfiMap::with_str_lookups)
}

/// The entries of `object`, detached from the input, in a map of this library with the same
/// backend when it is compiled in here.
fn detach_object(object: Object<'_>) -> Object<'static> {
    let mut copy = new_object_like(&object, object.len());
    for (k, v) in object {
        copy.insert(k.into_owned(), v.into_static());
    }
    copy
}

impl std::fmt::Debug for Value<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Static(node) => node.fmt(f),
            Self::String(s) => s.fmt(f),
            Self::Array(a) => f.debug_list().entries(a.iter()).finish(),
            Self::Object(o) => o.fmt(f),
            Self::Bytes(b) => b.fmt(f),
        }
    }
}
