//! Conversions to and from other value types.
//!
//! simd-json's `OwnedValue` and `BorrowedValue` and `serde_json::Value` have the shape of a
//! [`Value`] without bytes, so one pair of functions converts with all three through
//! [`Foreign`]. Going out, bytes become standard padded base64 strings, as the JSON writer
//! writes them (they come back as strings); everything else converts exactly, except that
//! `serde_json` has no non-finite floats (they become `null`).

use std::borrow::Cow;

use base64::Engine;

use crate::value::new_object;
use crate::{FfiCowStr, StaticNode, Value};

mod serde_json;
mod simd_json;

/// A value type of another library with the shape of a [`Value`] without bytes.
trait Foreign<'v>: Sized {
    /// The keys of its objects.
    type Key: Into<FfiCowStr<'v>>;
    /// The elements of an array, by value.
    type Items: IntoIterator<Item = Self>;
    /// The entries of an object, by value.
    type Entries: IntoIterator<Item = (Self::Key, Self)>;

    /// What the value is, taken apart.
    fn into_node(self) -> Node<'v, Self::Items, Self::Entries>;

    /// `null`, a boolean or a number.
    fn from_static(node: StaticNode) -> Self;
    /// A string.
    fn from_string(s: Cow<'v, str>) -> Self;
    /// An array of the converted elements.
    fn from_items(items: impl ExactSizeIterator<Item = Self>) -> Self;
    /// An object of the converted entries.
    fn from_entries(entries: impl ExactSizeIterator<Item = (Cow<'v, str>, Self)>) -> Self;
}

/// A foreign value taken apart by [`Foreign::into_node`].
enum Node<'v, I, E> {
    Static(StaticNode),
    String(FfiCowStr<'v>),
    Array(I),
    Object(E),
}

/// The [`Value`] of a foreign value; strings stay borrowed if they were.
fn import<'v, T: Foreign<'v>>(foreign: T) -> Value<'v> {
    match foreign.into_node() {
        Node::Static(node) => Value::Static(node),
        Node::String(s) => Value::String(s),
        Node::Array(items) => Value::Array(items.into_iter().map(import).collect()),
        Node::Object(entries) => {
            let mut object = new_object(0);
            object.extend(
                entries
                    .into_iter()
                    .map(|(key, value)| (key.into(), import(value))),
            );
            Value::Object(object)
        }
    }
}

/// The foreign value of a [`Value`]; bytes become base64 strings.
fn export<'v, T: Foreign<'v>>(value: Value<'v>) -> T {
    match value {
        Value::Static(node) => T::from_static(node),
        Value::String(s) => T::from_string(cow(s)),
        Value::Bytes(bytes) => T::from_string(Cow::Owned(
            base64::engine::general_purpose::STANDARD.encode(&*bytes),
        )),
        Value::Array(items) => T::from_items(items.into_iter().map(export)),
        Value::Object(object) => T::from_entries(
            object
                .into_iter()
                .map(|(key, value)| (cow(key), export(value))),
        ),
    }
}

/// A string as a `Cow`, still borrowed if it was.
fn cow(s: FfiCowStr<'_>) -> Cow<'_, str> {
    match s.as_borrowed() {
        Some(borrowed) => Cow::Borrowed(borrowed),
        None => Cow::Owned(s.into_string()),
    }
}
