//! [`Event`] for `simd_json::OwnedValue` (the native pipeline's value) and
//! [`ffi_value::Value`] (the plugins' value). [`RValue`](crate::rvalue::RValue)'s is with it.

use ffi_value::{FfiCowStr, KnownKey, NotAnObject, Value};
use simd_json::OwnedValue;
use value_trait::prelude::{
    TypedValue, ValueAsArray, ValueAsMutObject, ValueAsObject, ValueAsScalar, ValueType,
};

use super::{Event, Field, Plain, RuleError};

/// The kind of a value of type `value_type`, with its article, for messages.
pub(crate) fn kind_name(value_type: ValueType) -> &'static str {
    match value_type {
        ValueType::Null => "null",
        ValueType::Bool => "a boolean",
        ValueType::String => "a string",
        ValueType::Array => "an array",
        ValueType::Object => "an object",
        ValueType::Custom("bytes") => "binary data",
        ValueType::I64 | ValueType::I128 | ValueType::U64 | ValueType::U128 | ValueType::F64 => {
            "a number"
        }
        _ => "a value of another kind",
    }
}

/// The [`Event`] methods that value-trait's traits answer alike for both value types; `$key`
/// makes an object key of the value type from the `&'static str` named `key`.
macro_rules! value_trait_event {
    (|$name:ident| $key:expr) => {
        #[inline]
        fn get(&self, key: &str) -> Option<&Self> {
            self.as_object()?.get(key)
        }

        #[inline]
        fn insert(&mut self, $name: &'static str, value: Self) -> Result<(), RuleError> {
            let found = self.kind();
            let object = self
                .as_object_mut()
                .ok_or(RuleError::not_an_object(found))?;
            object.insert($key, value);
            Ok(())
        }

        #[inline]
        fn as_slice(&self) -> Option<&[Self]> {
            self.as_array().map(|items| &items[..])
        }

        #[inline]
        fn as_str(&self) -> Option<&str> {
            ValueAsScalar::as_str(self)
        }

        #[inline]
        fn as_u64(&self) -> Option<u64> {
            ValueAsScalar::as_u64(self)
        }

        fn as_bool(&self) -> Option<bool> {
            ValueAsScalar::as_bool(self)
        }

        fn keys(&self) -> Option<Vec<&str>> {
            Some(self.as_object()?.keys().map(|key| &**key).collect())
        }

        fn is_null(&self) -> bool {
            self.value_type() == ValueType::Null
        }

        #[inline]
        fn is_object(&self) -> bool {
            self.value_type() == ValueType::Object
        }

        fn kind(&self) -> &'static str {
            kind_name(self.value_type())
        }

        #[inline]
        fn from_u64(n: u64) -> Self {
            Self::from(n)
        }
    };
}

/// simd-json's value has no memoized keys: `Known` is `Plain`.
impl Event for OwnedValue {
    type Known = Plain;

    #[inline]
    fn from_static_str(s: &'static str) -> Self {
        Self::from(s)
    }

    value_trait_event!(|key| key.to_owned());
}

/// `Plain` keys are `&str` look-ups of the map; `Known` keys are [`KnownKey`]s.
impl Event for Value<'_> {
    type Known = KnownKey;

    #[inline]
    fn from_static_str(s: &'static str) -> Self {
        Value::String(FfiCowStr::from(s))
    }

    // A `&'static str` key is borrowed, not copied.
    value_trait_event!(|key| FfiCowStr::from(key));
}

impl<'v> Field<Value<'v>> for KnownKey {
    fn new(name: &'static str) -> Self {
        KnownKey::from(name)
    }

    #[inline]
    fn get<'e>(&self, event: &'e Value<'v>) -> Option<&'e Value<'v>> {
        KnownKey::get(self, event)
    }

    #[inline]
    fn insert(&self, event: &mut Value<'v>, value: Value<'v>) -> Result<(), RuleError> {
        KnownKey::insert(self, event, value)
            .map(drop)
            .map_err(|e: NotAnObject| RuleError::not_an_object(e.found()))
    }
}
