//! Parity with simd-json: the same random value is built as a `simd_json::OwnedValue` (the
//! oracle) and as a `Value` (natively and with maps dispatched through their vtable, as another
//! library's), and every value-trait method that generic code can call must answer the same on
//! both, down to the `I64`/`U64` kind of every number: accessors, `try_*` accessors and their
//! `TryTypeError`s, type checks, look-ups by key and index, the builders and `From`, the
//! mutations of `Mutable*` with their `AccessError`s, the JSON text, and `==` with primitives,
//! maps and simd-json's values. The differences kept on purpose (README, "Differences from
//! simd-json") are tested at the end, each on its own.

use std::borrow::{Borrow, Cow};
use std::collections::HashMap;
use std::fmt::{Debug, Display};
use std::hash::Hash;

use ffi_value::{parse_json, Backend, FfiCowBytes, FfiCowStr, FfiMap, Value};
use proptest::prelude::*;
use simd_json::{BorrowedValue, OwnedValue, StaticNode};
use value_trait::prelude::*;

/// What the generic code below needs: value-trait's traits, the JSON writer and `==` with
/// primitives, the set both value types offer.
trait Json:
    'static
    + Clone
    + Debug
    + Display
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
    + Writable
    + PartialEq<bool>
    + PartialEq<()>
    + PartialEq<i8>
    + PartialEq<i16>
    + PartialEq<i32>
    + PartialEq<i64>
    + PartialEq<u8>
    + PartialEq<u16>
    + PartialEq<u32>
    + PartialEq<u64>
    + PartialEq<usize>
    + PartialEq<f32>
    + PartialEq<f64>
    + PartialEq<str>
    + for<'a> PartialEq<&'a str>
    + PartialEq<String>
    + for<'a> PartialEq<&'a u64>
    + for<'a> PartialEq<&'a i64>
    + for<'a> PartialEq<&'a bool>
    + PartialEq<HashMap<String, OwnedValue>>
{
    type Arr: ArrayTrait<Element = Self>
        + ArrayMut<Element = Self>
        + Indexed<usize, Element = Self>
        + IndexedMut<usize, Element = Self>;
    type Obj: ObjectTrait<Key = Self::Key, Element = Self>
        + ObjectMut<Key = Self::Key, Element = Self>;
    type Key: Borrow<str> + Hash + Eq + From<String> + From<&'static str>;
    type Str: AsRef<str> + Debug;
}

impl Json for OwnedValue {
    type Arr = <OwnedValue as ValueAsArray>::Array;
    type Obj = <OwnedValue as ValueAsObject>::Object;
    type Key = String;
    type Str = String;
}

impl Json for Value<'static> {
    type Arr = ffi_value::Array<'static>;
    type Obj = ffi_value::Object<'static>;
    type Key = FfiCowStr<'static>;
    type Str = FfiCowStr<'static>;
}

// ---------------------------------------------------------------------------------------------
// The values

/// Keys: few, so that look-ups, inserts and removes hit existing keys.
const KEYS: [&str; 5] = ["a", "b", "", "ü", "a\"b"];

fn arb_key() -> impl Strategy<Value = &'static str> {
    prop::sample::select(&KEYS[..])
}

/// Integers at the edges of each integer type.
const EDGES: [i64; 14] = [
    0,
    1,
    -1,
    i8::MAX as i64,
    i8::MIN as i64,
    u8::MAX as i64,
    256,
    i16::MIN as i64,
    u16::MAX as i64,
    i32::MAX as i64,
    u32::MAX as i64,
    1 << 32,
    i64::MAX,
    i64::MIN,
];

/// Floats that accessors and writers treat specially.
const FLOATS: [f64; 11] = [
    0.0,
    -0.0,
    1.0,
    -1.5,
    1e300,
    f64::NAN,
    f64::INFINITY,
    f64::NEG_INFINITY,
    f32::MAX as f64 * 2.0,
    f64::MIN_POSITIVE,
    1e-320,
];

/// Every kind of node, with numbers at the edges of each integer type and special floats.
fn arb_node() -> impl Strategy<Value = StaticNode> {
    prop_oneof![
        Just(StaticNode::Null),
        any::<bool>().prop_map(StaticNode::Bool),
        any::<i64>().prop_map(StaticNode::I64),
        any::<u64>().prop_map(StaticNode::U64),
        prop::sample::select(&EDGES[..]).prop_map(StaticNode::I64),
        prop::sample::select(&EDGES[..]).prop_map(|n| StaticNode::U64(n.unsigned_abs())),
        Just(StaticNode::U64(u64::MAX)),
        any::<f64>().prop_map(StaticNode::F64),
        any::<f32>().prop_map(|f| StaticNode::F64(f.into())),
        prop::sample::select(&FLOATS[..]).prop_map(StaticNode::F64),
    ]
}

fn arb_string() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{0,6}",
        prop::sample::select(&["", "x", "ünï", "✓x", "\"\\\n", "a"][..]).prop_map(String::from),
    ]
}

/// The oracle: simd-json's owned value.
fn arb_simd() -> impl Strategy<Value = OwnedValue> {
    let leaf = prop_oneof![
        3 => arb_node().prop_map(OwnedValue::Static),
        1 => arb_string().prop_map(OwnedValue::String),
    ];
    leaf.prop_recursive(3, 40, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(OwnedValue::from),
            prop::collection::vec((arb_key(), inner), 0..6)
                .prop_map(|entries| entries.into_iter().collect::<OwnedValue>()),
        ]
    })
}

/// Our value with the content of `v`, built with explicit constructors (not the conversion
/// under test); with `vtable`, every map dispatches through its vtable, as another library's.
fn ours(v: &OwnedValue, vtable: bool) -> Value<'static> {
    match v {
        OwnedValue::Static(node) => Value::Static(*node),
        OwnedValue::String(s) => Value::String(FfiCowStr::from(s.clone())),
        OwnedValue::Array(items) => Value::Array(items.iter().map(|v| ours(v, vtable)).collect()),
        OwnedValue::Object(entries) => {
            let map: FfiMap<_, _> = entries
                .iter()
                .map(|(k, v)| (FfiCowStr::from(k.clone()), ours(v, vtable)))
                .collect();
            Value::Object(if vtable {
                map.into_vtable_dispatch()
            } else {
                map
            })
        }
    }
}

/// A value's content, read through the traits alone, with the exact kind of each number and
/// objects sorted by key.
fn canon<V: Json>(v: &V) -> String {
    match v.value_type() {
        ValueType::Null => "null".into(),
        ValueType::Bool => format!("{:?}", v.as_bool().unwrap()),
        ValueType::I64 => format!("i64:{}", v.as_i64().unwrap()),
        ValueType::U64 => format!("u64:{}", v.as_u64().unwrap()),
        ValueType::F64 => format!("f64:{:?}", v.as_f64().unwrap()),
        ValueType::String => format!("{:?}", v.as_str().unwrap()),
        ValueType::Array => {
            let items: Vec<String> = ArrayTrait::iter(v.as_array().unwrap()).map(canon).collect();
            format!("[{}]", items.join(","))
        }
        ValueType::Object => {
            let mut entries: Vec<String> = ObjectTrait::iter(v.as_object().unwrap())
                .map(|(k, v)| format!("{:?}:{}", k.borrow(), canon(v)))
                .collect();
            entries.sort();
            format!("{{{}}}", entries.join(","))
        }
        other => panic!("not a JSON type: {other}"),
    }
}

// ---------------------------------------------------------------------------------------------
// What the traits show

/// Observations as `(what, answer)` pairs, compared pair by pair so that a failure names the
/// method.
type Seen = Vec<(String, String)>;

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
fn observe<V: Json>(v: &V, path: &str, ordered: bool, out: &mut Seen) {
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

/// Is `node` a float that simd-json compares otherwise (IEEE or approximately): a NaN or a
/// zero, where this crate compares with `total_cmp`?
fn float_differs(node: StaticNode) -> bool {
    matches!(node, StaticNode::F64(f) if f.is_nan() || f == 0.0)
}

/// Does any number in `v` compare otherwise in simd-json (see [`float_differs`])?
fn any_float_differs<V: Json>(v: &V) -> bool {
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
fn built<V: Json>() -> String {
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

// ---------------------------------------------------------------------------------------------
// Mutations

/// A scalar, converted into each value type by its own `From`.
#[derive(Debug, Clone)]
enum Scalar {
    Node(StaticNode),
    U8(u8),
    U32(u32),
    U64(u64),
    I16(i16),
    I64(i64),
    F32(f32),
    Str(&'static str),
}

impl Scalar {
    fn make<V: Json>(&self) -> V {
        match *self {
            Self::Node(node) => V::from(node),
            Self::U8(n) => V::from(n),
            Self::U32(n) => V::from(n),
            Self::U64(n) => V::from(n),
            Self::I16(n) => V::from(n),
            Self::I64(n) => V::from(n),
            Self::F32(f) => V::from(f),
            Self::Str(s) => V::from(s),
        }
    }
}

fn arb_scalar() -> impl Strategy<Value = Scalar> {
    prop_oneof![
        arb_node().prop_map(Scalar::Node),
        any::<u8>().prop_map(Scalar::U8),
        any::<u32>().prop_map(Scalar::U32),
        any::<u64>().prop_map(Scalar::U64),
        any::<i16>().prop_map(Scalar::I16),
        any::<i64>().prop_map(Scalar::I64),
        any::<f32>().prop_map(Scalar::F32),
        arb_key().prop_map(Scalar::Str),
    ]
}

/// A mutation through value-trait's `MutableObject`, `MutableArray` and
/// `MutableValueArrayAccess`, on the value or on one inside it.
#[derive(Debug, Clone)]
enum Op {
    Insert(&'static str, Scalar),
    TryInsert(&'static str, Scalar),
    InsertContainer(&'static str, bool),
    Remove(&'static str),
    TryRemove(&'static str),
    Push(Scalar),
    TryPush(Scalar),
    PushContainer(bool),
    Pop,
    TryPop,
    AtKey(&'static str, Box<Op>),
    AtIndex(usize, Box<Op>),
}

fn arb_op() -> impl Strategy<Value = Op> {
    let leaf = prop_oneof![
        (arb_key(), arb_scalar()).prop_map(|(k, s)| Op::Insert(k, s)),
        (arb_key(), arb_scalar()).prop_map(|(k, s)| Op::TryInsert(k, s)),
        (arb_key(), any::<bool>()).prop_map(|(k, b)| Op::InsertContainer(k, b)),
        arb_key().prop_map(Op::Remove),
        arb_key().prop_map(Op::TryRemove),
        arb_scalar().prop_map(Op::Push),
        arb_scalar().prop_map(Op::TryPush),
        any::<bool>().prop_map(Op::PushContainer),
        Just(Op::Pop),
        Just(Op::TryPop),
    ];
    leaf.prop_recursive(2, 8, 1, |inner| {
        prop_oneof![
            (arb_key(), inner.clone()).prop_map(|(k, op)| Op::AtKey(k, Box::new(op))),
            (0..4_usize, inner).prop_map(|(i, op)| Op::AtIndex(i, Box::new(op))),
        ]
    })
}

/// An empty array (`true`) or object.
fn container<V: Json>(array: bool) -> V {
    if array {
        V::array()
    } else {
        V::object()
    }
}

/// Applies `op` to `v`; what it returned.
fn apply<V: Json>(v: &mut V, op: &Op) -> String {
    let old = |o: Option<V>| o.as_ref().map(canon);
    match op {
        Op::Insert(k, s) => format!("{:?}", v.insert(*k, s.make::<V>()).map(old)),
        Op::TryInsert(k, s) => format!("{:?}", old(v.try_insert(*k, s.make::<V>()))),
        Op::InsertContainer(k, array) => {
            format!("{:?}", v.insert(*k, container::<V>(*array)).map(old))
        }
        Op::Remove(k) => format!("{:?}", v.remove(*k).map(old)),
        Op::TryRemove(k) => format!("{:?}", old(v.try_remove(*k))),
        Op::Push(s) => format!("{:?}", v.push(s.make::<V>())),
        Op::TryPush(s) => {
            v.try_push(s.make::<V>());
            String::new()
        }
        Op::PushContainer(array) => format!("{:?}", v.push(container::<V>(*array))),
        Op::Pop => format!("{:?}", v.pop().map(old)),
        Op::TryPop => format!("{:?}", old(v.try_pop())),
        Op::AtKey(k, op) => format!("{:?}", v.get_mut(*k).map(|inner| apply(inner, op))),
        Op::AtIndex(i, op) => format!("{:?}", v.get_idx_mut(*i).map(|inner| apply(inner, op))),
    }
}

/// Everything the traits show of `v`, then of what `ops` return and leave.
fn run<V: Json>(mut v: V, ops: &[Op], ordered: bool) -> Seen {
    let mut out = vec![("built".to_owned(), built::<V>())];
    observe(&v, "$", ordered, &mut out);
    for (i, op) in ops.iter().enumerate() {
        out.push((format!("op {i} {op:?}"), apply(&mut v, op)));
        out.push((format!("after op {i}"), canon(&v)));
    }
    observe(&v, "after", ordered, &mut out);
    out
}

/// Both sides saw the same, pair by pair.
fn assert_same(ours: &Seen, theirs: &Seen, what: &str) -> Result<(), TestCaseError> {
    for (o, t) in ours.iter().zip(theirs) {
        prop_assert_eq!(o, t, "{}", what);
    }
    prop_assert_eq!(ours.len(), theirs.len(), "{}", what);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(384))]

    /// Every trait method answers the same on our value as on simd-json's, before, during and
    /// after the same mutations, with native and vtable-dispatched maps.
    #[test]
    fn traits_answer_like_simd_json(
        simd in arb_simd(),
        ops in prop::collection::vec(arb_op(), 0..12),
    ) {
        // Our halfbrown maps iterate in simd-json's order (both are halfbrown's); hashbrown's
        // in another.
        let ordered = FfiMap::<FfiCowStr, Value>::new().backend() == Backend::Halfbrown;
        let theirs = run(simd.clone(), &ops, ordered);
        for vtable in [false, true] {
            let what = if vtable { "vtable dispatch" } else { "native" };
            assert_same(&run(ours(&simd, vtable), &ops, ordered), &theirs, what)?;
        }
    }

    /// `Value == OwnedValue`/`BorrowedValue` in both directions: true for the same content
    /// (whatever the floats, compared by this crate's rules), false after any change.
    #[test]
    fn equal_to_simd_json_values_both_ways(simd in arb_simd(), other in arb_simd()) {
        let mine = ours(&simd, false);
        let borrowed = BorrowedValue::from(simd.clone());
        prop_assert_eq!(&mine, &simd);
        prop_assert_eq!(&simd, &mine);
        prop_assert_eq!(&mine, &borrowed);
        prop_assert_eq!(&borrowed, &mine);
        prop_assert!(mine.eq(&&simd));
        // The library's conversion builds the same value, number kinds included.
        prop_assert_eq!(canon(&Value::from(simd.clone())), canon(&simd));
        // Against another value: as our own equality says.
        let expected = mine == ours(&other, true);
        prop_assert_eq!(mine == other, expected);
        prop_assert_eq!(other == mine, expected);
        let other_borrowed = BorrowedValue::from(other.clone());
        prop_assert_eq!(mine == other_borrowed, expected);
        // And as simd-json's own equality says, where its floats compare alike.
        if !any_float_differs(&simd) && !any_float_differs(&other) {
            prop_assert_eq!(expected, simd == other);
        }
        // Objects also equal their entries as a halfbrown map.
        if let OwnedValue::Object(entries) = &simd {
            prop_assert!(mine == **entries);
        }
    }

    /// JSON text parses into the same nodes as simd-json's parser makes: non-negative integers
    /// `U64`, negative ones `I64`, the rest `F64`.
    #[test]
    fn numbers_parse_like_simd_json(
        n in prop_oneof![
            any::<i64>().prop_map(|n| n.to_string()),
            any::<u64>().prop_map(|n| n.to_string()),
            (0..1000_u32).prop_map(|n| n.to_string()),
            any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(|f| format!("{f:e}")),
            "-?(0|[1-9][0-9]{0,19})(\\.[0-9]{1,5})?([eE][-+]?[0-9]{1,3})?",
        ]
    ) {
        let text = format!("[{n}]");
        let simd = simd_json::to_owned_value(&mut text.clone().into_bytes());
        let mut bytes = text.clone().into_bytes();
        match (simd, parse_json(&mut bytes).map(Value::into_static)) {
            (Ok(simd), Ok(mine)) => prop_assert_eq!(canon(&mine), canon(&simd), "{}", text),
            (simd, mine) => prop_assert_eq!(simd.is_ok(), mine.is_ok(), "{}", text),
        }
    }

    /// A document written by simd-json parses into the same value, number kinds included.
    #[test]
    fn documents_parse_like_simd_json(simd in arb_simd()) {
        let mut text = simd.encode().into_bytes();
        let theirs = simd_json::to_owned_value(&mut text.clone()).unwrap();
        let mine = parse_json(&mut text).unwrap().into_static();
        prop_assert_eq!(canon(&mine), canon(&theirs));
    }
}

// ---------------------------------------------------------------------------------------------
// The differences kept on purpose, each shown against simd-json

#[test]
fn from_keeps_the_signedness_as_simd_json_does() {
    for (mine, theirs) in [
        (Value::from(7_u8), OwnedValue::from(7_u8)),
        (Value::from(7_usize), OwnedValue::from(7_usize)),
        (Value::from(7_i32), OwnedValue::from(7_i32)),
        (Value::from(u64::MAX), OwnedValue::from(u64::MAX)),
    ] {
        assert_eq!(mine.value_type(), theirs.value_type());
        assert_eq!(canon(&mine), canon(&theirs));
    }
    assert_eq!(Value::from(7_u8).value_type(), ValueType::U64);
    // `I64(7)` and `U64(7)` are equal, as in simd-json.
    assert_eq!(Value::from(7_u8), Value::from(7_i8));
    assert_eq!(OwnedValue::from(7_u8), OwnedValue::from(7_i8));
}

#[test]
fn equal_to_maps_and_references() {
    let mine: Value = [("a", 1_u8)].into_iter().collect();
    let std_map = HashMap::from([("a".to_string(), 1_i64)]);
    let mut halfbrown_map = halfbrown::HashMap::new();
    halfbrown_map.insert("a", 1_u64);
    assert_eq!(mine, std_map);
    assert_eq!(mine, halfbrown_map);
    assert_eq!(Value::from(halfbrown_map.clone()), mine);
    assert_ne!(mine, HashMap::from([("a", 2)]));
    assert_ne!(mine, HashMap::from([("a", 1), ("b", 1)]));
    assert_ne!(Value::from(1), HashMap::<String, i32>::new());
    assert_eq!(Value::from(1), &1_u8);
    assert_eq!(Value::from("s"), &"s");
    assert_eq!(Value::from(true), &true);
    assert_eq!(Value::from(()), &());
    assert_eq!(Value::from(-1), &-1_i128);
    assert_eq!(Value::from(u64::MAX), &u128::from(u64::MAX));
    assert_ne!(Value::from(-1), u128::MAX);
}

#[test]
fn display_is_json_where_simd_json_shows_text_and_debug() {
    // Null, booleans and integers read the same; strings, floats and containers do not.
    let cases: [(Value, OwnedValue, &str, &str); 5] = [
        (Value::from("s"), OwnedValue::from("s"), "\"s\"", "s"),
        (Value::from(1.0), OwnedValue::from(1.0), "1.0", "1"),
        (
            Value::from(f64::NAN),
            OwnedValue::from(f64::NAN),
            "null",
            "NaN",
        ),
        (
            Value::from(vec![1_u8]),
            OwnedValue::from(vec![1_u8]),
            "[1]",
            "[Static(U64(1))]",
        ),
        (Value::from(-3), OwnedValue::from(-3), "-3", "-3"),
    ];
    for (mine, theirs, mine_text, their_text) in cases {
        assert_eq!(mine.to_string(), mine_text);
        assert_eq!(theirs.to_string(), their_text);
        // `encode` is the same JSON for both.
        assert_eq!(mine.encode(), theirs.encode());
    }
}

#[test]
fn floats_compare_by_total_order_not_ieee_or_approximately() {
    let (nan, zero, neg_zero) = (f64::NAN, 0.0_f64, -0.0_f64);
    // A NaN equals a NaN with the same bits in both (simd-json: within 0 ulps), but a NaN
    // primitive only here (simd-json compares with a primitive by IEEE rules).
    assert_eq!(Value::from(nan), Value::from(nan));
    assert_eq!(OwnedValue::from(nan), OwnedValue::from(nan));
    assert_eq!(Value::from(nan), nan);
    assert_ne!(OwnedValue::from(nan), nan);
    assert_ne!(Value::from(neg_zero), Value::from(zero));
    assert_eq!(OwnedValue::from(neg_zero), OwnedValue::from(zero));
    // simd-json compares two floats approximately, within a few ulps.
    let next = f64::from_bits(1.0_f64.to_bits() + 1);
    assert_eq!(OwnedValue::from(1.0), OwnedValue::from(next));
    assert_ne!(Value::from(1.0), Value::from(next));
    // An f32 is widened here, and the value narrowed (rounded) in simd-json, which finds no
    // f32 in an infinity.
    assert_ne!(Value::from(0.1_f64), 0.1_f32);
    assert_eq!(OwnedValue::from(0.1_f64), 0.1_f32);
    assert_eq!(Value::from(0.1_f32), 0.1_f32);
    assert_eq!(Value::from(f32::INFINITY), f32::INFINITY);
    assert_ne!(OwnedValue::from(f32::INFINITY), f32::INFINITY);
    // simd-json reads as `i128` only integers that fit an `i64`.
    assert_eq!(Value::from(u64::MAX), i128::from(u64::MAX));
    assert_ne!(OwnedValue::from(u64::MAX), i128::from(u64::MAX));
}

#[test]
fn index_reads_null_and_inserts_where_simd_json_panics() {
    let mut mine: Value = [("a", 1)].into_iter().collect();
    let theirs: OwnedValue = [("a", 1)].into_iter().collect();
    assert_eq!(mine["missing"], Value::NULL);
    assert_eq!(mine["a"][3], Value::NULL);
    assert!(std::panic::catch_unwind(|| theirs["missing"].clone()).is_err());
    mine["new"] = Value::from(2);
    assert_eq!(mine.get_u8("new"), Some(2));
}

#[test]
fn duplicate_keys_the_last_wins_where_simd_json_keeps_both() {
    let text = br#"{"k": 1, "k": 2}"#;
    let mine = parse_json(&mut text.to_vec()).unwrap().into_static();
    let theirs = simd_json::to_owned_value(&mut text.to_vec()).unwrap();
    assert_eq!(mine.as_object().map(ObjectTrait::len), Some(1));
    assert_eq!(mine.get_u8("k"), Some(2));
    assert_eq!(theirs.as_object().map(ObjectTrait::len), Some(2));
    assert_eq!(theirs.get_u8("k"), Some(1));
}

#[test]
fn bytes_have_a_custom_type_and_equal_no_simd_json_value() {
    let bytes = Value::Bytes(FfiCowBytes::from(&b"s"[..]));
    assert_eq!(bytes.value_type(), ValueType::Custom("bytes"));
    assert_eq!(OwnedValue::from(bytes.clone()), OwnedValue::from("cw=="));
    assert_ne!(bytes, OwnedValue::from("cw=="));
}
