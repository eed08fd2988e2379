//! value-trait 0.12: every trait simd-json's own values implement.
//!
//! With these, code written against value-trait's traits (`ValueAsScalar`, `ValueAsObject`,
//! `MutableObject`, `ValueBuilder`, ...) works on [`Value`] as on `simd_json::BorrowedValue`,
//! with the same answers, `TryTypeError`s and `AccessError`s (`tests/simd_json_parity/`).
//! Objects are [`FfiMap`](ffi_map::FfiMap)s, whose `Object`/`ObjectMut` impls live in `ffi-map`
//! (feature `value-trait`); arrays are [`FfiVec`]s, whose impls are here. [`Value::Bytes`] has
//! no JSON type: its [`TypedValue::value_type`] is [`Value::BYTES_TYPE`] and it is neither a string nor
//! an array.
//!
//! ```
//! use ffi_value::{FfiCowStr, StaticNode, Value};
//! use value_trait::prelude::*;
//!
//! let mut event = Value::object();
//! event.insert("n", Value::Static(StaticNode::U64(3))).unwrap();
//! event.insert("tags", Value::array()).unwrap();
//! event.get_mut("tags").unwrap().push(Value::String(FfiCowStr::from("a"))).unwrap();
//! assert_eq!(event.get_u8("n"), Some(3));
//! assert_eq!(event.get("tags").and_then(|t| t.get_idx(0)).and_then(|t| t.as_str()), Some("a"));
//! assert_eq!(event.value_type(), ValueType::Object);
//! ```

use std::slice::SliceIndex;

use value_trait::prelude::{
    ArrayMut, ArrayTrait, Indexed, IndexedMut, TypedValue, ValueAsArray, ValueAsMutArray,
    ValueAsMutObject, ValueAsObject, ValueAsScalar, ValueBuilder, ValueIntoArray, ValueIntoObject,
    ValueIntoString, ValueType,
};

use super::{Array, Object, StaticNode, Value};
use crate::ffi::{FfiCowStr, FfiVec};

impl Value<'_> {
    /// The [`ValueType`] of [`Value::Bytes`]: a custom type, as JSON has no bytes.
    ///
    /// ```
    /// use ffi_value::{FfiCowBytes, Value};
    /// use value_trait::prelude::*;
    ///
    /// let bytes = Value::Bytes(FfiCowBytes::from(&b"\x00\xff"[..]));
    /// assert_eq!(bytes.value_type(), Value::BYTES_TYPE);
    /// assert_eq!(bytes.value_type().to_string(), "bytes");
    /// ```
    pub const BYTES_TYPE: ValueType = ValueType::Custom("bytes");

    /// The node of `null`, a boolean or a number.
    #[inline]
    fn as_static(&self) -> Option<StaticNode> {
        match self {
            Self::Static(node) => Some(*node),
            _ => None,
        }
    }
}

impl<T, I: SliceIndex<[T]>> Indexed<I> for FfiVec<T> {
    type Element = I::Output;

    #[inline]
    fn get(&self, i: I) -> Option<&I::Output> {
        self.as_slice().get(i)
    }
}

impl<T, I: SliceIndex<[T]>> IndexedMut<I> for FfiVec<T> {
    type Element = I::Output;

    #[inline]
    fn get_mut(&mut self, i: I) -> Option<&mut I::Output> {
        self.as_mut_slice().get_mut(i)
    }
}

impl<T> ArrayTrait for FfiVec<T> {
    type Element = T;

    #[inline]
    fn iter(&self) -> Box<dyn Iterator<Item = &T> + '_> {
        Box::new(self.as_slice().iter())
    }

    #[inline]
    fn len(&self) -> usize {
        FfiVec::len(self)
    }
}

impl<T> ArrayMut for FfiVec<T> {
    type Element = T;

    #[inline]
    fn pop(&mut self) -> Option<T> {
        FfiVec::pop(self)
    }

    #[inline]
    fn push(&mut self, e: T) {
        FfiVec::push(self, e);
    }
}

impl<'v> ValueBuilder<'v> for Value<'v> {
    #[inline]
    fn null() -> Self {
        Self::NULL
    }

    #[inline]
    fn array_with_capacity(capacity: usize) -> Self {
        Self::Array(FfiVec::with_capacity(capacity))
    }

    #[inline]
    fn object_with_capacity(capacity: usize) -> Self {
        Self::Object(crate::value::new_object(capacity))
    }
}

impl TypedValue for Value<'_> {
    #[inline]
    fn value_type(&self) -> ValueType {
        match self {
            Self::Static(node) => node.value_type(),
            Self::String(_) => ValueType::String,
            Self::Array(_) => ValueType::Array,
            Self::Object(_) => ValueType::Object,
            Self::Bytes(_) => Self::BYTES_TYPE,
        }
    }
}

impl ValueAsScalar for Value<'_> {
    #[inline]
    fn as_null(&self) -> Option<()> {
        self.as_static()?.as_null()
    }

    #[inline]
    fn as_bool(&self) -> Option<bool> {
        self.as_static()?.as_bool()
    }

    #[inline]
    fn as_i64(&self) -> Option<i64> {
        self.as_static()?.as_i64()
    }

    #[inline]
    fn as_i128(&self) -> Option<i128> {
        self.as_static()?.as_i128()
    }

    #[inline]
    fn as_u64(&self) -> Option<u64> {
        self.as_static()?.as_u64()
    }

    #[inline]
    fn as_u128(&self) -> Option<u128> {
        self.as_static()?.as_u128()
    }

    #[inline]
    fn as_f64(&self) -> Option<f64> {
        self.as_static()?.as_f64()
    }

    #[inline]
    fn cast_f64(&self) -> Option<f64> {
        self.as_static()?.cast_f64()
    }

    #[inline]
    fn as_str(&self) -> Option<&str> {
        match self {
            Self::String(s) => Some(s.as_str()),
            _ => None,
        }
    }
}

impl<'v> ValueAsArray for Value<'v> {
    type Array = Array<'v>;

    #[inline]
    fn as_array(&self) -> Option<&Array<'v>> {
        match self {
            Self::Array(a) => Some(a),
            _ => None,
        }
    }
}

impl<'v> ValueAsObject for Value<'v> {
    type Object = Object<'v>;

    #[inline]
    fn as_object(&self) -> Option<&Object<'v>> {
        match self {
            Self::Object(o) => Some(o),
            _ => None,
        }
    }
}

impl<'v> ValueAsMutArray for Value<'v> {
    type Array = Array<'v>;

    #[inline]
    fn as_array_mut(&mut self) -> Option<&mut Array<'v>> {
        match self {
            Self::Array(a) => Some(a),
            _ => None,
        }
    }
}

impl<'v> ValueAsMutObject for Value<'v> {
    type Object = Object<'v>;

    #[inline]
    fn as_object_mut(&mut self) -> Option<&mut Object<'v>> {
        match self {
            Self::Object(o) => Some(o),
            _ => None,
        }
    }
}

impl<'v> ValueIntoString for Value<'v> {
    type String = FfiCowStr<'v>;

    #[inline]
    fn into_string(self) -> Option<FfiCowStr<'v>> {
        match self {
            Self::String(s) => Some(s),
            _ => None,
        }
    }
}

impl<'v> ValueIntoArray for Value<'v> {
    type Array = Array<'v>;

    #[inline]
    fn into_array(self) -> Option<Array<'v>> {
        match self {
            Self::Array(a) => Some(a),
            _ => None,
        }
    }
}

impl<'v> ValueIntoObject for Value<'v> {
    type Object = Object<'v>;

    #[inline]
    fn into_object(self) -> Option<Object<'v>> {
        match self {
            Self::Object(o) => Some(o),
            _ => None,
        }
    }
}
