//! value-trait 0.12 on `Value`: code written only against value-trait's traits gives the same
//! results on `simd_json::OwnedValue` and on our `Value` (with native and cross-library maps).

mod common;

use common::to_serde;

use std::borrow::{Borrow, Cow};
use std::collections::BTreeMap;
use std::fmt::Debug;
use std::hash::Hash;

use ffi_value::{FfiCowBytes, FfiCowStr, FfiMap, FfiVec, StaticNode, Value};
use proptest::prelude::*;
use simd_json::OwnedValue;
use value_trait::prelude::*;

/// Everything the generic code below needs, only value-trait traits (and `Clone`/`Debug`).
trait JsonValue:
    'static
    + Clone
    + Debug
    + PartialEq
    + ValueBuilder<'static>
    + TypedValue
    + ValueAsScalar
    + ValueAsArray<Array = Self::Arr>
    + ValueAsMutArray<Array = Self::Arr>
    + ValueAsObject<Object = Self::Obj>
    + ValueAsMutObject<Object = Self::Obj>
    + ValueIntoString<String = Self::Str>
    + ValueIntoArray<Array = Self::Arr>
    + ValueIntoObject<Object = Self::Obj>
{
    type Arr: ArrayTrait<Element = Self>
        + ArrayMut<Element = Self>
        + Indexed<usize, Element = Self>
        + IndexedMut<usize, Element = Self>;
    type Obj: ObjectTrait<Key = Self::Key, Element = Self>
        + ObjectMut<Key = Self::Key, Element = Self>;
    type Key: Borrow<str> + Hash + Eq + From<String>;
    type Str: AsRef<str>;
}

impl JsonValue for OwnedValue {
    type Arr = <OwnedValue as ValueAsArray>::Array;
    type Obj = <OwnedValue as ValueAsObject>::Object;
    type Key = String;
    type Str = String;
}

impl JsonValue for Value<'static> {
    type Arr = ffi_value::Array<'static>;
    type Obj = ffi_value::Object<'static>;
    type Key = FfiCowStr<'static>;
    type Str = FfiCowStr<'static>;
}

/// What a value holds, read through the traits; numbers by value, whatever their variant.
#[derive(Debug, Clone, PartialEq)]
enum Model {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    Array(Vec<Model>),
    Object(BTreeMap<String, Model>),
}

fn model<V: JsonValue>(v: &V) -> Model {
    match v.value_type() {
        ValueType::Null => {
            assert_eq!(v.as_null(), Some(()));
            Model::Null
        }
        ValueType::Bool => Model::Bool(v.as_bool().unwrap()),
        ValueType::I64 | ValueType::U64 => Model::Int(
            v.as_i128()
                .or_else(|| v.as_u128().and_then(|u| i128::try_from(u).ok()))
                .unwrap(),
        ),
        ValueType::F64 => Model::Float(v.as_f64().unwrap()),
        ValueType::String => Model::Str(v.as_str().unwrap().to_owned()),
        ValueType::Array => model_array::<V>(v.as_array().unwrap()),
        ValueType::Object => model_object::<V>(v.as_object().unwrap()),
        other => panic!("not a JSON type: {other}"),
    }
}

fn model_array<V: JsonValue>(array: &V::Arr) -> Model {
    let items: Vec<_> = ArrayTrait::iter(array).map(model).collect();
    assert_eq!(items.len(), ArrayTrait::len(array));
    assert_eq!(items.is_empty(), ArrayTrait::is_empty(array));
    Model::Array(items)
}

fn model_object<V: JsonValue>(object: &V::Obj) -> Model {
    let entries: BTreeMap<_, _> = ObjectTrait::iter(object)
        .map(|(k, v)| (k.borrow().to_owned(), model(v)))
        .collect();
    assert_eq!(entries.len(), ObjectTrait::len(object));
    assert_eq!(ObjectTrait::keys(object).count(), entries.len());
    assert_eq!(ObjectTrait::values(object).count(), entries.len());
    for (key, value) in &entries {
        assert_eq!(
            ObjectTrait::get(object, key.as_str()).map(model).as_ref(),
            Some(value)
        );
    }
    Model::Object(entries)
}

/// Every scalar accessor of value-trait (base and derived) on one value.
#[derive(Debug, PartialEq)]
struct Scalars {
    value_type: ValueType,
    null: Option<()>,
    bool: Option<bool>,
    signed: [Option<i128>; 5],
    unsigned: [Option<u128>; 6],
    floats: (Option<f64>, Option<f32>, Option<f64>),
    str: Option<String>,
    char: Option<char>,
    try_i64: Result<i64, TryTypeError>,
    try_str: Result<String, TryTypeError>,
    kinds: [bool; 5],
}

/// `I64` for `U64`: which of the two a non-negative number is depends on how it was made
/// (simd-json's parser makes `U64`, `common::arb_json_value` either), not on its value.
fn norm(t: ValueType) -> ValueType {
    if t == ValueType::U64 {
        ValueType::I64
    } else {
        t
    }
}

fn norm_err(e: &TryTypeError) -> TryTypeError {
    TryTypeError {
        expected: e.expected,
        got: norm(e.got),
    }
}

/// The scalar accessors of `v` and all values inside it, depth first (object entries by key).
fn scalars<V: JsonValue>(v: &V, out: &mut Vec<Scalars>) {
    out.push(Scalars {
        value_type: norm(v.value_type()),
        null: v.as_null(),
        bool: v.as_bool(),
        signed: [
            v.as_i8().map(i128::from),
            v.as_i16().map(i128::from),
            v.as_i32().map(i128::from),
            v.as_i64().map(i128::from),
            v.as_i128(),
        ],
        unsigned: [
            v.as_u8().map(u128::from),
            v.as_u16().map(u128::from),
            v.as_u32().map(u128::from),
            v.as_u64().map(u128::from),
            v.as_u128(),
            v.as_usize().map(|u| u as u128),
        ],
        floats: (v.as_f64(), v.as_f32(), v.cast_f64()),
        str: v.as_str().map(str::to_owned),
        char: v.as_char(),
        try_i64: v.try_as_i64().map_err(|e| norm_err(&e)),
        try_str: v.try_as_str().map(str::to_owned).map_err(|e| norm_err(&e)),
        kinds: [
            v.is_null(),
            v.is_i64(),
            v.is_str(),
            v.is_array(),
            v.is_object(),
        ],
    });
    if let Some(array) = v.as_array() {
        for i in 0..ArrayTrait::len(array) {
            scalars(v.get_idx(i).unwrap(), out);
        }
        assert!(v.get_idx(ArrayTrait::len(array)).is_none());
    }
    if let Some(object) = v.as_object() {
        let mut keys: Vec<&str> = ObjectTrait::keys(object).map(Borrow::borrow).collect();
        keys.sort_unstable();
        for key in keys {
            assert!(v.contains_key(key));
            assert_eq!(v.get_str(key), v.get(key).and_then(ValueAsScalar::as_str));
            scalars(v.get(key).unwrap(), out);
        }
    }
}

/// Builds a value with `ValueBuilder` and `From`.
fn build<V: JsonValue>() -> V {
    let mut list = V::array_with_capacity(3);
    for item in [
        V::null(),
        V::from(-7_i8),
        V::from(300_i16),
        V::from(-70_000_i32),
        V::from(i64::MIN),
        V::from(200_u8),
        V::from(60_000_u16),
        V::from(4_000_000_000_u32),
        V::from(u64::MAX),
        V::from(1.5_f32),
        V::from(-0.25_f64),
        V::from(true),
        V::from(()),
        V::from("text"),
        V::from(String::from("owned")),
        V::from(Cow::Borrowed("cow")),
        V::from(StaticNode::I64(5)),
        V::default(),
        V::array(),
    ] {
        list.push(item).unwrap();
    }
    let mut built = V::object_with_capacity(2);
    assert_eq!(built.insert(String::from("list"), list), Ok(None));
    assert_eq!(built.insert(String::from("empty"), V::object()), Ok(None));
    built
}

/// Reads, builds and mutates `v` through the traits; what it saw, in order.
fn exercise<V: JsonValue>(mut v: V) -> (Vec<Model>, Vec<Scalars>) {
    let mut seen = vec![model(&v)];
    let mut read = Vec::new();
    scalars(&v, &mut read);
    let built: V = build();
    seen.push(model(&built));
    scalars(&built, &mut read);

    match v.value_type() {
        ValueType::Object => {
            let object = v.as_object_mut().unwrap();
            let mut keys: Vec<String> = ObjectTrait::keys(&*object)
                .map(|k| k.borrow().to_owned())
                .collect();
            keys.sort_unstable();
            if let Some(last) = keys.last() {
                *ObjectMut::get_mut(object, last.as_str()).unwrap() = V::from(last.clone());
            }
            if let Some(first) = keys.first() {
                let removed = ObjectMut::remove(object, first.as_str()).unwrap();
                seen.push(model(&removed));
                assert!(ObjectMut::remove(object, first.as_str()).is_none());
            }
            let old = ObjectMut::insert(object, String::from("added"), built.clone());
            seen.push(old.as_ref().map_or(Model::Null, model));
            // Through `MutableObject`, on the value.
            assert_eq!(
                v.insert(String::from("n"), V::from(2_u8))
                    .map(|o| o.is_some()),
                // The first key was removed above.
                Ok(keys.iter().skip(1).any(|k| k == "n"))
            );
            *v.get_mut("n").unwrap() = V::from(3_u8);
            v.get_mut("added")
                .unwrap()
                .insert(String::from("x"), V::null())
                .unwrap();
            let popped = v.get_mut("added").unwrap().get_mut("list").unwrap().pop();
            seen.push(model(&popped.unwrap().unwrap()));
            assert_eq!(v.push(V::null()), Err(AccessError::NotAnArray));
        }
        ValueType::Array => {
            let array = v.as_array_mut().unwrap();
            ArrayMut::push(array, built.clone());
            if let Some(first) = IndexedMut::get_mut(array, 0) {
                *first = V::from("replaced");
            }
            // Through `MutableArray`, on the value.
            v.push(V::from(1_u8)).unwrap();
            seen.push(model(&v.pop().unwrap().unwrap()));
            if let Some(last) = v.get_idx_mut(0) {
                *last = V::from(false);
            }
            assert_eq!(
                v.insert(String::from("k"), V::null()),
                Err(AccessError::NotAnObject)
            );
            assert_eq!(v.remove("k"), Err(AccessError::NotAnObject));
        }
        _ => {
            assert_eq!(v.push(V::null()), Err(AccessError::NotAnArray));
            assert_eq!(v.pop(), Err(AccessError::NotAnArray));
            assert_eq!(
                v.insert(String::from("k"), V::null()),
                Err(AccessError::NotAnObject)
            );
            assert!(v.get_mut("k").is_none() && v.get_idx_mut(0).is_none());
        }
    }
    seen.push(model(&v));
    scalars(&v, &mut read);

    // Into the parts.
    seen.push(match v.value_type() {
        ValueType::Object => model_object::<V>(&v.clone().into_object().unwrap()),
        ValueType::Array => model_array::<V>(&v.clone().into_array().unwrap()),
        ValueType::String => Model::Str(v.clone().into_string().unwrap().as_ref().to_owned()),
        _ => Model::Null,
    });
    assert_eq!(v.clone().try_into_object().is_ok(), v.is_object());
    assert_eq!(v.clone().try_into_array().is_ok(), v.is_array());
    assert_eq!(v.clone().try_into_string().is_ok(), v.is_str());
    (seen, read)
}

/// Our value with the same content as `v`, built with explicit constructors.
fn from_simd(v: &OwnedValue) -> Value<'static> {
    match v {
        OwnedValue::Static(node) => Value::Static(*node),
        OwnedValue::String(s) => Value::String(FfiCowStr::from(s.clone())),
        OwnedValue::Array(a) => Value::Array(a.iter().map(from_simd).collect::<FfiVec<_>>()),
        OwnedValue::Object(o) => Value::Object(
            o.iter()
                .map(|(k, v)| (FfiCowStr::from(k.clone()), from_simd(v)))
                .collect::<FfiMap<_, _>>(),
        ),
    }
}

/// The same value with every object moved into a map that dispatches through its vtable, as
/// if another library had made it.
fn foreign(v: Value<'static>) -> Value<'static> {
    match v {
        Value::Array(a) => Value::Array(a.into_iter().map(foreign).collect()),
        Value::Object(o) => Value::Object(
            o.into_iter()
                .map(|(k, v)| (k, foreign(v)))
                .collect::<FfiMap<_, _>>()
                .into_vtable_dispatch(),
        ),
        other => other,
    }
}

/// Both models of the same JSON text agree, natively and across libraries.
fn check_same(text: &str) {
    let simd = simd_json::to_owned_value(&mut text.as_bytes().to_vec()).unwrap();
    let ours = from_simd(&simd);
    let expected = exercise(simd);
    assert_eq!(exercise(ours.clone()), expected, "{text}");
    assert_eq!(
        exercise(foreign(ours)),
        expected,
        "{text} (vtable dispatch)"
    );
}

#[test]
fn hand_picked_documents_agree_with_simd_json() {
    for text in [
        "null",
        "true",
        "-0",
        "0.5",
        "-1e300",
        "18446744073709551615",
        "-9223372036854775808",
        "4294967296",
        "\"x\"",
        "\"\"",
        "\"ünïcødé ✓\"",
        "[]",
        "{}",
        "[1, -2, 3.5, \"s\", null, [true], {\"a\": 1}]",
        r#"{"a": 1, "n": 300, "s": "t", "z": [1, 2], "o": {"deep": {"er": [null]}}}"#,
        r#"{"added": 5, "x": 255, "y": 65536, "f": 3.4028235e38, "g": 1e39}"#,
    ] {
        check_same(text);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Our value and simd-json's parse of the same JSON text agree on everything the traits
    /// show, before and after the same mutations.
    #[test]
    fn traits_agree_with_simd_json(ours in common::arb_json_value()) {
        let text = serde_json::to_string(&to_serde(&ours)).unwrap();
        let simd = simd_json::to_owned_value(&mut text.clone().into_bytes()).unwrap();
        let expected = exercise(simd);
        prop_assert_eq!(&exercise(ours.clone()), &expected, "{}", text);
        prop_assert_eq!(&exercise(foreign(ours)), &expected, "{} (vtable dispatch)", text);
    }
}

#[test]
fn bytes_are_neither_strings_nor_arrays() {
    let mut bytes = Value::Bytes(FfiCowBytes::from(&b"\x00\x01"[..]));
    assert_eq!(bytes.value_type(), Value::BYTES_TYPE);
    assert_eq!(bytes.value_type(), ValueType::Custom("bytes"));
    assert_eq!(bytes.as_str(), None);
    assert!(bytes.as_array().is_none() && bytes.as_object().is_none());
    assert!(bytes.as_array_mut().is_none() && bytes.as_object_mut().is_none());
    assert_eq!(
        bytes.try_as_str(),
        Err(TryTypeError {
            expected: ValueType::String,
            got: Value::BYTES_TYPE
        })
    );
    assert!(bytes.clone().into_string().is_none());
    assert!(bytes.clone().into_array().is_none());
    assert!(bytes.into_object().is_none());
}

#[test]
fn into_parts_keep_borrowed_strings() {
    let text = String::from("borrowed");
    let value = Value::String(FfiCowStr::from(text.as_str()));
    let s = value.into_string().unwrap();
    assert!(s.is_borrowed());
    assert_eq!(s, "borrowed");
}

#[test]
fn ffi_vec_indexes_like_a_slice() {
    let mut v: FfiVec<i32> = (0..5).collect();
    assert_eq!(Indexed::get(&v, 1..3), Some(&[1, 2][..]));
    assert_eq!(Indexed::get(&v, 4), Some(&4));
    assert_eq!(Indexed::get(&v, 5), None);
    assert_eq!(Indexed::get(&v, 3..9), None);
    IndexedMut::get_mut(&mut v, 2..).unwrap().fill(9);
    assert_eq!(v, [0, 1, 9, 9, 9]);
    assert_eq!(
        ArrayTrait::iter(&v).copied().collect::<Vec<_>>(),
        [0, 1, 9, 9, 9]
    );
    assert_eq!(ArrayMut::pop(&mut v), Some(9));
    ArrayMut::push(&mut v, 7);
    assert_eq!(ArrayTrait::len(&v), 5);
    assert_eq!(v, [0, 1, 9, 9, 7]);
}

#[test]
fn builder_makes_empty_containers() {
    let array = <Value<'_> as ValueBuilder<'_>>::array_with_capacity(10);
    assert!(array
        .as_array()
        .is_some_and(|a| a.is_empty() && a.capacity() >= 10));
    let object = <Value<'_> as ValueBuilder<'_>>::object_with_capacity(10);
    assert!(object
        .as_object()
        .is_some_and(|o| o.is_empty() && o.capacity() >= 10));
    assert!(<Value<'_> as ValueBuilder<'_>>::null().is_null());
}
