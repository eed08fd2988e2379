//! What the traits show of a value, as `(what, answer)` pairs.

use std::borrow::{Borrow, Cow};
use std::collections::HashMap;

use simd_json::{OwnedValue, StaticNode};
use value_trait::prelude::*;

use crate::values::{canon, KEYS};
use crate::Json;

/// Observations as `(what, answer)` pairs, compared pair by pair so that a failure names the
/// method.
pub(crate) type Seen = Vec<(String, String)>;

/// `what: answer` for each listed method called on `$v` with no argument.
macro_rules! seen {
    ($out:ident, $path:expr, $v:expr; $($method:ident),* $(,)?) => {$(
        $out.push((format!("{} {}", $path, stringify!($method)), format!("{:?}", $v.$method())));
    )*};
}

/// The same for each listed method called with `$arg`.
macro_rules! seen_with {
    ($out:ident, $path:expr, $v:expr, $arg:expr; $($method:ident),* $(,)?) => {$(
        $out.push((
            format!("{} {}({:?})", $path, stringify!($method), $arg),
            format!("{:?}", $v.$method($arg)),
        ));
    )*};
}

/// Everything the traits show of `v` and of every value inside it; `path` names where.
pub(crate) fn observe<V: Json>(v: &V, path: &str, ordered: bool, out: &mut Seen) {
    seen!(out, path, v; value_type, as_null, as_bool, as_i8, as_i16, as_i32, as_i64, as_i128,
        as_u8, as_u16, as_u32, as_u64, as_u128, as_usize, as_f64, as_f32, cast_f64, as_str,
        as_char);
    seen!(out, path, v; try_as_bool, try_as_i8, try_as_i16, try_as_i32, try_as_i64,
        try_as_i128, try_as_u8, try_as_u16, try_as_u32, try_as_u64, try_as_u128, try_as_usize,
        try_as_f64, try_as_f32, try_cast_f64, try_as_str, try_as_char);
    seen!(out, path, v; is_null, is_bool, is_number, is_integer, is_float, is_i8, is_i16,
        is_i32, is_i64, is_i128, is_u8, is_u16, is_u32, is_u64, is_u128, is_usize, is_f32,
        is_f64, is_f64_castable, is_str, is_char, is_array, is_object);
    let sizes = [
        v.as_array().map(ArrayTrait::len),
        v.as_object().map(ObjectTrait::len),
        v.try_as_array().ok().map(ArrayTrait::len),
        v.try_as_object().ok().map(ObjectTrait::len),
    ];
    out.push((format!("{path} sizes"), format!("{sizes:?}")));
    if let Some(object) = v.as_object().filter(|_| ordered) {
        let keys: Vec<&str> = ObjectTrait::keys(object).map(Borrow::borrow).collect();
        out.push((format!("{path} keys in order"), format!("{keys:?}")));
    }
    out.push((
        format!("{path} try_as_array/object errors"),
        format!("{:?}", (v.try_as_array().err(), v.try_as_object().err())),
    ));
    observe_into(v, path, out);
    observe_text(v, path, ordered, out);
    observe_eq(v, path, out);
    for key in KEYS {
        observe_key(v, path, key, out);
    }
    let len = v.as_array().map_or(0, ArrayTrait::len);
    for i in 0..=len + 1 {
        out.push((
            format!("{path} get_idx({i})"),
            format!("{:?}", v.get_idx(i).map(canon)),
        ));
        out.push((
            format!("{path} try_get_idx({i})"),
            format!("{:?}", v.try_get_idx(i).map(|o| o.map(canon))),
        ));
    }
    if let Some(items) = v.as_array() {
        for (i, item) in ArrayTrait::iter(items).enumerate() {
            observe(item, &format!("{path}[{i}]"), ordered, out);
        }
    }
    if let Some(object) = v.as_object() {
        let mut keys: Vec<&str> = ObjectTrait::keys(object).map(Borrow::borrow).collect();
        keys.sort_unstable();
        for key in keys {
            observe(
                v.get(key).unwrap(),
                &format!("{path}[{key:?}]"),
                ordered,
                out,
            );
        }
    }
}

/// What taking `v` apart gives: `into_*`, `try_into_*` and `try_as_*_mut`, with their errors.
fn observe_into<V: Json>(v: &V, path: &str, out: &mut Seen) {
    let len = |a: &V::Arr| ArrayTrait::len(a);
    let size = |o: &V::Obj| ObjectTrait::len(o);
    let text = |s: V::Str| s.as_ref().to_owned();
    let parts = (
        v.clone().into_string().map(text),
        v.clone().into_array().map(|a| len(&a)),
        v.clone().into_object().map(|o| size(&o)),
    );
    out.push((format!("{path} into_*"), format!("{parts:?}")));
    let tried = (
        v.clone().try_into_string().map(text),
        v.clone().try_into_array().map(|a| len(&a)),
        v.clone().try_into_object().map(|o| size(&o)),
    );
    out.push((format!("{path} try_into_*"), format!("{tried:?}")));
    let (mut a, mut o) = (v.clone(), v.clone());
    let borrowed = (
        a.try_as_array_mut().map(|a| len(a)),
        o.try_as_object_mut().map(|o| size(o)),
    );
    out.push((format!("{path} try_as_*_mut"), format!("{borrowed:?}")));
}

/// The look-ups of `key`, plain and typed, with and without `try_`.
fn observe_key<V: Json>(v: &V, path: &str, key: &str, out: &mut Seen) {
    out.push((
        format!("{path} get({key:?})"),
        format!("{:?}", v.get(key).map(canon)),
    ));
    out.push((
        format!("{path} try_get({key:?})"),
        format!("{:?}", v.try_get(key).map(|o| o.map(canon))),
    ));
    seen_with!(out, path, v, key; contains_key, get_bool, get_i8, get_i16, get_i32, get_i64,
        get_i128, get_u8, get_u16, get_u32, get_u64, get_u128, get_usize, get_f32, get_f64,
        get_str);
    seen_with!(out, path, v, key; try_get_bool, try_get_i8, try_get_i16, try_get_i32,
        try_get_i64, try_get_i128, try_get_u8, try_get_u16, try_get_u32, try_get_u64,
        try_get_u128, try_get_usize, try_get_f32, try_get_f64, try_get_str);
    let containers = (
        v.get_array(key).map(ArrayTrait::len),
        v.get_object(key).map(ObjectTrait::len),
        v.try_get_array(key).map(|a| a.map(ArrayTrait::len)),
        v.try_get_object(key).map(|o| o.map(ObjectTrait::len)),
    );
    out.push((
        format!("{path} get/try_get array/object({key:?})"),
        format!("{containers:?}"),
    ));
}

/// Does `v` hold an object of two keys or more (whose JSON text depends on the map's order)?
fn has_unordered<V: Json>(v: &V) -> bool {
    v.as_object().is_some_and(|o| ObjectTrait::len(o) > 1)
        || v.as_array()
            .is_some_and(|a| ArrayTrait::iter(a).any(has_unordered))
        || v.as_object()
            .is_some_and(|o| ObjectTrait::values(o).any(has_unordered))
}

/// The JSON text, compact and pretty: exact if `ordered` or no object's order shows, else as
/// parsed by `serde_json`. `Display` only for null, booleans and integers (the rest is a difference kept on
/// purpose: simd-json's `Display` is not JSON).
fn observe_text<V: Json>(v: &V, path: &str, ordered: bool, out: &mut Seen) {
    let texts = [v.encode(), v.encode_pp()];
    for (name, text) in ["encode", "encode_pp"].into_iter().zip(texts) {
        let shown = if !ordered && has_unordered(v) {
            format!(
                "{:?}",
                serde_json::from_str::<serde_json::Value>(&text).unwrap()
            )
        } else {
            text
        };
        out.push((format!("{path} {name}"), shown));
    }
    if v.is_null() || v.is_bool() || v.is_integer() {
        out.push((format!("{path} to_string"), v.to_string()));
    }
}

/// Is `node` a float that simd-json compares otherwise (IEEE or approximately): a NaN, a
/// zero, or a float within `f64::EPSILON` of zero, where this crate compares with
/// `total_cmp`? simd-json's `approx_eq!` takes any two floats less than `f64::EPSILON` apart
/// as equal, so any two of those tiny floats (1.8e-308 and -3.9e-24 failed a CI run); floats
/// 4 ULPs apart away from zero are equal there too, which two independently drawn floats are
/// not (about one chance in 2^60).
fn float_differs(node: StaticNode) -> bool {
    matches!(node, StaticNode::F64(f) if f.is_nan() || f.abs() <= 2.0 * f64::EPSILON)
}

/// Does any number in `v` compare otherwise in simd-json (see [`float_differs`])?
pub(crate) fn any_float_differs<V: Json>(v: &V) -> bool {
    v.as_f64()
        .is_some_and(|f| float_differs(StaticNode::F64(f)))
        || v.as_array()
            .is_some_and(|a| ArrayTrait::iter(a).any(any_float_differs))
        || v.as_object()
            .is_some_and(|o| ObjectTrait::values(o).any(any_float_differs))
}

/// `==` with primitives (by value and by reference), strings and a std `HashMap`.
fn observe_eq<V: Json>(v: &V, path: &str, out: &mut Seen) {
    let mut eq = Vec::new();
    let ints = [0, 1, -1, 255, 256, i64::MAX, i64::MIN]
        .into_iter()
        .chain(v.as_i64())
        .chain(v.as_u64().and_then(|u| i64::try_from(u).ok()));
    for n in ints {
        eq.push(i8::try_from(n).is_ok_and(|x| *v == x));
        eq.push(i16::try_from(n).is_ok_and(|x| *v == x));
        eq.push(i32::try_from(n).is_ok_and(|x| *v == x));
        eq.push(*v == n && v.eq(&&n));
        eq.push(u8::try_from(n).is_ok_and(|x| *v == x));
        eq.push(u16::try_from(n).is_ok_and(|x| *v == x));
        eq.push(u32::try_from(n).is_ok_and(|x| *v == x));
        eq.push(u64::try_from(n).is_ok_and(|x| *v == x && v.eq(&&x)));
        eq.push(usize::try_from(n).is_ok_and(|x| *v == x));
    }
    eq.extend(v.as_u64().map(|u| *v == u && v.eq(&&u)));
    for b in [false, true] {
        eq.push(*v == b && v.eq(&&b));
    }
    eq.push(*v == ());
    if let Some(f) = v.as_f64().filter(|&f| !float_differs(StaticNode::F64(f))) {
        eq.push(*v == f);
        // The f32 that widens to `f`, if there is one and `f` is finite (else simd-json rounds
        // `f` to an f32, or finds no f32 in an infinity: a difference kept on purpose).
        #[allow(clippy::cast_possible_truncation)]
        let narrow = f as f32;
        if f64::from(narrow) == f && f.is_finite() {
            eq.push(*v == narrow);
        }
    }
    for s in ["", "x", "a"].into_iter().chain(v.as_str()) {
        eq.push(*v == *s && *v == s && v.eq(&String::from(s)));
    }
    if !any_float_differs(v) {
        if let Some(object) = v.as_object() {
            // The entries, through JSON text: equal unless a float is not finite.
            let mut map: HashMap<String, OwnedValue> = ObjectTrait::iter(object)
                .map(|(k, v)| {
                    let text = &mut v.encode().into_bytes();
                    (
                        k.borrow().to_owned(),
                        simd_json::to_owned_value(text).unwrap(),
                    )
                })
                .collect();
            eq.push(*v == map);
            map.clear();
            eq.push(*v == map);
        }
    }
    out.push((format!("{path} =="), format!("{eq:?}")));
}

/// Everything built by `ValueBuilder` and `From` (`Value::from(7_u8)` is `U64`, as simd-json
/// makes it).
pub(crate) fn built<V: Json>() -> String {
    let values = [
        V::null(),
        V::default(),
        V::array(),
        V::object(),
        V::array_with_capacity(4),
        V::object_with_capacity(4),
        V::from(-7_i8),
        V::from(300_i16),
        V::from(-70_000_i32),
        V::from(i64::MIN),
        V::from(7_u8),
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
        V::from(StaticNode::U64(5)),
    ];
    values.iter().map(canon).collect::<Vec<_>>().join(" ")
}
