//! Hand-written serde impls of [`RValue`]: each format's deserializer builds it directly,
//! recursively, so nesting is limited to [`MAX_DEPTH`] levels (hostile input is an error, not a
//! stack overflow: the formats' own limits, 1024 levels, are too deep for a 2 MiB thread stack
//! in a debug build).

use std::fmt;
use std::io::Cursor;

use abi_stable::std_types::{RBox, RString, RVec};
use serde::de::{DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{RObject, RValue};

impl Serialize for RValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Null => serializer.serialize_unit(),
            Self::Bool(b) => serializer.serialize_bool(*b),
            Self::I64(n) => serializer.serialize_i64(*n),
            Self::U64(n) => serializer.serialize_u64(*n),
            Self::F64(n) => serializer.serialize_f64(*n),
            Self::String(s) => serializer.serialize_str(s),
            Self::Bytes(bytes) => serializer.serialize_bytes(bytes),
            Self::Array(items) => serializer.collect_seq(items.iter()),
            Self::Object(object) => {
                serializer.collect_map(object.iter().map(|entry| (entry.0.as_str(), entry.1)))
            }
        }
    }
}

/// The deepest nesting of arrays and objects read, as `serde_json`'s default.
pub(super) const MAX_DEPTH: usize = 128;

impl<'de> Deserialize<'de> for RValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Nested { depth: 0 }.deserialize(deserializer)
    }
}

/// Builds an [`RValue`] nested `depth` arrays and objects deep.
#[derive(Clone, Copy)]
struct Nested {
    depth: usize,
}

impl Nested {
    /// The seed of the elements of an array or object at this depth.
    fn inner<E: serde::de::Error>(self) -> Result<Self, E> {
        if self.depth >= MAX_DEPTH {
            return Err(E::custom(format!(
                "arrays and objects nest deeper than {MAX_DEPTH} levels"
            )));
        }
        Ok(Self {
            depth: self.depth + 1,
        })
    }
}

impl<'de> DeserializeSeed<'de> for Nested {
    type Value = RValue;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<RValue, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Nested {
    type Value = RValue;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON-like value")
    }

    fn visit_unit<E>(self) -> Result<RValue, E> {
        Ok(RValue::Null)
    }

    fn visit_none<E>(self) -> Result<RValue, E> {
        Ok(RValue::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<RValue, D::Error> {
        self.deserialize(deserializer)
    }

    fn visit_bool<E>(self, b: bool) -> Result<RValue, E> {
        Ok(RValue::Bool(b))
    }

    fn visit_i64<E>(self, n: i64) -> Result<RValue, E> {
        Ok(RValue::I64(n))
    }

    fn visit_u64<E>(self, n: u64) -> Result<RValue, E> {
        Ok(RValue::U64(n))
    }

    fn visit_f64<E>(self, n: f64) -> Result<RValue, E> {
        Ok(RValue::F64(n))
    }

    fn visit_str<E>(self, s: &str) -> Result<RValue, E> {
        Ok(RValue::String(RString::from(s)))
    }

    fn visit_string<E>(self, s: String) -> Result<RValue, E> {
        Ok(RValue::String(RString::from(s)))
    }

    fn visit_bytes<E>(self, bytes: &[u8]) -> Result<RValue, E> {
        Ok(RValue::Bytes(RVec::from(bytes)))
    }

    fn visit_byte_buf<E>(self, bytes: Vec<u8>) -> Result<RValue, E> {
        Ok(RValue::Bytes(RVec::from(bytes)))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RValue, A::Error> {
        let inner = self.inner()?;
        // The hint is the input's claim: bounded, so a short input cannot reserve much.
        let mut items = RVec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element_seed(inner)? {
            items.push(item);
        }
        Ok(RValue::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RValue, A::Error> {
        let inner = self.inner()?;
        let mut object = RObject::with_capacity(map.size_hint().unwrap_or(0).min(4096));
        while let Some(key) = map.next_key_seed(Key)? {
            let value = map.next_value_seed(inner)?;
            object.insert(key, value);
        }
        Ok(RValue::Object(RBox::new(object)))
    }
}

/// An object key: a string, made into an `RString` directly.
struct Key;

impl<'de> DeserializeSeed<'de> for Key {
    type Value = RString;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<RString, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for Key {
    type Value = RString;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string key")
    }

    fn visit_str<E>(self, s: &str) -> Result<RString, E> {
        Ok(RString::from(s))
    }

    fn visit_string<E>(self, s: String) -> Result<RString, E> {
        Ok(RString::from(s))
    }
}

/// [`RValue::from_msgpack`].
pub(super) fn from_msgpack(input: &[u8]) -> Result<RValue, String> {
    let mut deserializer = rmp_serde::Deserializer::new(Cursor::new(input));
    let value = RValue::deserialize(&mut deserializer).map_err(|e| {
        format!(
            "invalid MessagePack at byte {}: {e}",
            deserializer.position()
        )
    })?;
    let end = deserializer.position();
    if end != input.len() as u64 {
        return Err(format!(
            "invalid MessagePack: {} bytes after the value, from byte {end}",
            input.len() as u64 - end
        ));
    }
    Ok(value)
}

/// [`RValue::write_json`].
pub(super) fn write_json(value: &RValue, out: &mut Vec<u8>) {
    // Writing to a `Vec` cannot fail, and every key is a string: nothing else can.
    if let Err(e) = simd_json::serde::to_writer(&mut *out, value) {
        unreachable!("serializing an RValue to a Vec failed: {e}");
    }
}
