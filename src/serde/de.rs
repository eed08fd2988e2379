//! `Deserialize` for values, borrowing strings where the format allows.

use std::fmt;
use std::marker::PhantomData;

use ::serde::de::{
    self, Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor,
};

use super::{Budget, MAX_DEPTH};
use crate::{FfiCowBytes, FfiCowStr, FfiVec, StaticNode, Value};

/// What becomes of the strings and bytes a format lends for `'de` in a `Value<'v>`.
trait Lend<'de, 'v> {
    fn str(s: &'de str) -> FfiCowStr<'v>;
    fn bytes(b: &'de [u8]) -> FfiCowBytes<'v>;
}

/// They are borrowed: the value lives no longer than the input.
enum Borrowing {}

impl<'de: 'v, 'v> Lend<'de, 'v> for Borrowing {
    fn str(s: &'de str) -> FfiCowStr<'v> {
        FfiCowStr::borrowed(s)
    }
    fn bytes(b: &'de [u8]) -> FfiCowBytes<'v> {
        FfiCowBytes::borrowed(b)
    }
}

/// They are copied: the value outlives the input. Also what happens to transient strings.
enum Copying {}

impl Lend<'_, 'static> for Copying {
    fn str(s: &str) -> FfiCowStr<'static> {
        FfiCowStr::borrowed(s).into_owned()
    }
    fn bytes(b: &[u8]) -> FfiCowBytes<'static> {
        FfiCowBytes::borrowed(b).into_owned()
    }
}

/// Reads a `Value<'v>` inside `depth` arrays, maps and options, lending strings as `L` says;
/// the containers it opens reserve room out of `budget`.
struct ValueSeed<'b, 'v, L> {
    budget: &'b Budget,
    depth: usize,
    _made: PhantomData<(fn() -> Value<'v>, L)>,
}

impl<L> Clone for ValueSeed<'_, '_, L> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<L> Copy for ValueSeed<'_, '_, L> {}

impl<'b, L> ValueSeed<'b, '_, L> {
    /// The seed of a whole value.
    fn root(budget: &'b Budget) -> Self {
        ValueSeed {
            budget,
            depth: 0,
            _made: PhantomData,
        }
    }

    /// The seed of the values inside this one, if that is within [`MAX_DEPTH`].
    fn nested<E: de::Error>(self) -> Result<Self, E> {
        if self.depth < MAX_DEPTH {
            Ok(ValueSeed {
                depth: self.depth + 1,
                ..self
            })
        } else {
            Err(E::custom(format_args!(
                "values nest more than {MAX_DEPTH} levels deep"
            )))
        }
    }
}

impl<'de, 'v, L: Lend<'de, 'v>> DeserializeSeed<'de> for ValueSeed<'_, 'v, L> {
    type Value = Value<'v>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value<'v>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

/// The error of a 128-bit integer beyond 64 bits.
fn too_wide<E: de::Error>(n: impl fmt::Display) -> E {
    E::custom(format_args!(
        "integer {n} does not fit in 64 bits (i64 or u64)"
    ))
}

impl<'de, 'v, L: Lend<'de, 'v>> Visitor<'de> for ValueSeed<'_, 'v, L> {
    type Value = Value<'v>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("null, a boolean, a number, a string, bytes, a sequence or a map")
    }

    fn visit_bool<E>(self, b: bool) -> Result<Value<'v>, E> {
        Ok(Value::Static(StaticNode::Bool(b)))
    }
    fn visit_i64<E>(self, n: i64) -> Result<Value<'v>, E> {
        Ok(Value::Static(StaticNode::I64(n)))
    }
    fn visit_u64<E>(self, n: u64) -> Result<Value<'v>, E> {
        Ok(Value::Static(StaticNode::U64(n)))
    }
    fn visit_i128<E: de::Error>(self, n: i128) -> Result<Value<'v>, E> {
        match (i64::try_from(n), u64::try_from(n)) {
            (Ok(n), _) => self.visit_i64(n),
            (_, Ok(n)) => self.visit_u64(n),
            _ => Err(too_wide(n)),
        }
    }
    fn visit_u128<E: de::Error>(self, n: u128) -> Result<Value<'v>, E> {
        u64::try_from(n).map_or_else(|_| Err(too_wide(n)), |n| self.visit_u64(n))
    }
    fn visit_f64<E>(self, f: f64) -> Result<Value<'v>, E> {
        Ok(Value::Static(StaticNode::F64(f)))
    }

    fn visit_str<E>(self, s: &str) -> Result<Value<'v>, E> {
        Ok(Value::String(Copying::str(s)))
    }
    fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Value<'v>, E> {
        Ok(Value::String(L::str(s)))
    }
    fn visit_bytes<E>(self, b: &[u8]) -> Result<Value<'v>, E> {
        Ok(Value::Bytes(Copying::bytes(b)))
    }
    fn visit_borrowed_bytes<E>(self, b: &'de [u8]) -> Result<Value<'v>, E> {
        Ok(Value::Bytes(L::bytes(b)))
    }

    fn visit_unit<E>(self) -> Result<Value<'v>, E> {
        Ok(Value::NULL)
    }
    fn visit_none<E>(self) -> Result<Value<'v>, E> {
        Ok(Value::NULL)
    }
    fn visit_some<D: Deserializer<'de>>(self, inner: D) -> Result<Value<'v>, D::Error> {
        inner.deserialize_any(self.nested()?)
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, inner: D) -> Result<Value<'v>, D::Error> {
        inner.deserialize_any(self.nested()?)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value<'v>, A::Error> {
        let inner = self.nested()?;
        let grant = self.budget.grant(seq.size_hint().unwrap_or(0));
        let mut items = FfiVec::with_capacity(grant.capacity());
        while let Some(item) = seq.next_element_seed(inner)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value<'v>, A::Error> {
        let inner = self.nested()?;
        let grant = self.budget.grant(map.size_hint().unwrap_or(0));
        let mut object = crate::value::new_object(grant.capacity());
        while let Some(key) = map.next_key_seed(StrSeed::<L>(PhantomData))? {
            let value = map.next_value_seed(inner)?;
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

/// Reads a string (an object key, an [`FfiCowStr`]), lending it as `L` says.
struct StrSeed<'v, L>(PhantomData<(fn() -> FfiCowStr<'v>, L)>);

impl<'de, 'v, L: Lend<'de, 'v>> DeserializeSeed<'de> for StrSeed<'v, L> {
    type Value = FfiCowStr<'v>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de, 'v, L: Lend<'de, 'v>> Visitor<'de> for StrSeed<'v, L> {
    type Value = FfiCowStr<'v>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_str<E>(self, s: &str) -> Result<FfiCowStr<'v>, E> {
        Ok(Copying::str(s))
    }
    fn visit_borrowed_str<E>(self, s: &'de str) -> Result<FfiCowStr<'v>, E> {
        Ok(L::str(s))
    }
}

/// Any serde format's value: strings and bytes are borrowed from the input when the format
/// lends them (`serde_json::from_str` does for strings without escapes; `rmp_serde::from_slice`
/// for all) and copied otherwise. Integers are what the format says: unsigned ones (all
/// non-negative numbers in JSON, as [`parse_json`](crate::parse_json) makes them)
/// [`StaticNode::U64`], signed ones [`StaticNode::I64`]; 128-bit integers beyond 64 bits are an
/// error. Sequences and maps
/// reserve room for what the format announces only up to a small limit, and may nest 128
/// levels deep (options and newtypes count as levels too).
///
/// ```
/// use ffi_value::Value;
///
/// let text = r#"{"name": "plain", "escaped": "a\"b"}"#;
/// let value: Value = serde_json::from_str(text).unwrap();
/// let Value::Object(object) = &value else { panic!() };
/// let Value::String(name) = &object["name"] else { panic!() };
/// assert!(name.is_borrowed()); // points into `text`
/// let Value::String(escaped) = &object["escaped"] else { panic!() };
/// assert!(!escaped.is_borrowed());
/// ```
impl<'de: 'v, 'v> Deserialize<'de> for Value<'v> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let budget = Budget::new(usize::MAX);
        deserializer.deserialize_any(ValueSeed::<Borrowing>::root(&budget))
    }
}

impl Value<'static> {
    /// Deserializes a value that borrows nothing, copying every string and byte string: for
    /// readers and `DeserializeOwned` contexts, such as a field with
    /// `#[serde(deserialize_with = "Value::deserialize_owned")]`.
    ///
    /// # Errors
    ///
    /// Those of the format, as for `Value`'s `Deserialize`.
    ///
    /// ```
    /// use ffi_value::Value;
    ///
    /// let text = String::from(r#"["kept"]"#);
    /// let mut reader = serde_json::Deserializer::from_str(&text);
    /// let value = Value::deserialize_owned(&mut reader).unwrap();
    /// drop(text);
    /// let Value::Array(items) = value else { panic!() };
    /// assert!(matches!(&items[0], Value::String(s) if s == "kept" && !s.is_borrowed()));
    /// ```
    pub fn deserialize_owned<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let budget = Budget::new(usize::MAX);
        deserializer.deserialize_any(ValueSeed::<Copying>::root(&budget))
    }
}

/// A string, borrowed from the input when the format lends it, like `&str`; copied otherwise.
///
/// ```
/// use ffi_value::FfiCowStr;
///
/// let s: FfiCowStr = serde_json::from_str(r#""plain""#).unwrap();
/// assert!(s.is_borrowed() && s == "plain");
/// ```
impl<'de: 'a, 'a> Deserialize<'de> for FfiCowStr<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(StrSeed::<Borrowing>(PhantomData))
    }
}
