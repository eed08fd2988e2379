//! The core of `Value`: `From` conversions, equality with primitives, the total order and hash
//! (checked for consistency on random values and on objects rebuilt in another order, backend
//! or library), float edge cases, indexing, `literal!`, and `into_static`/`clone_static`.

// The point of these tests is comparing values with freshly converted ones, floats included.
#![allow(clippy::cmp_owned, clippy::float_cmp)]

mod common;

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher, Hash, RandomState};

use common::{arb_key, arb_value};
use ffi_value::proptest::{Kind, ValueConfig};
use ffi_value::{
    literal, Backend, FfiCowBytes, FfiCowStr, FfiMap, FfiVec, MapHasher, Object, StaticNode, Value,
};
use proptest::prelude::*;

/// A hasher that is the same in every run.
type Fixed = BuildHasherDefault<DefaultHasher>;

fn hash_of<T: Hash>(state: &RandomState, value: &T) -> u64 {
    state.hash_one(value)
}

fn obj<'v>(entries: impl IntoIterator<Item = (&'v str, Value<'v>)>) -> Value<'v> {
    Value::Object(
        entries
            .into_iter()
            .map(|(k, v)| (FfiCowStr::from(k), v))
            .collect(),
    )
}

fn arr<'v>(items: impl IntoIterator<Item = Value<'v>>) -> Value<'v> {
    Value::Array(items.into_iter().collect())
}

fn f(x: f64) -> Value<'static> {
    Value::Static(StaticNode::F64(x))
}

fn i(n: i64) -> Value<'static> {
    Value::Static(StaticNode::I64(n))
}

fn u(n: u64) -> Value<'static> {
    Value::Static(StaticNode::U64(n))
}

// ---------------------------------------------------------------------------------------------
// From

/// `value` is `I64(n)` (`signed`) or `U64(n)`, as simd-json makes them from Rust integers.
fn assert_int(value: &Value<'_>, n: i128, signed: bool) {
    match value {
        Value::Static(StaticNode::I64(a)) if signed => assert_eq!(i128::from(*a), n),
        Value::Static(StaticNode::U64(a)) if !signed => assert_eq!(i128::from(*a), n),
        other => panic!(
            "{other:?} is not the {} {n}",
            if signed { "I64" } else { "U64" }
        ),
    }
}

proptest! {
    #[test]
    fn integers_keep_their_signedness(
        a in any::<i8>(), b in any::<i16>(), c in any::<i32>(), d in any::<i64>(),
        e in any::<isize>(), g in any::<u8>(), h in any::<u16>(), j in any::<u32>(),
        k in any::<u64>(), l in any::<usize>(),
    ) {
        assert_int(&Value::from(a), a.into(), true);
        assert_int(&Value::from(b), b.into(), true);
        assert_int(&Value::from(c), c.into(), true);
        assert_int(&Value::from(d), d.into(), true);
        assert_int(&Value::from(e), e as i128, true);
        assert_int(&Value::from(g), g.into(), false);
        assert_int(&Value::from(h), h.into(), false);
        assert_int(&Value::from(j), j.into(), false);
        assert_int(&Value::from(k), k.into(), false);
        assert_int(&Value::from(l), l as i128, false);
        // and each equals its source, both ways
        prop_assert!(Value::from(a) == a && a == Value::from(a));
        prop_assert!(Value::from(d) == d && d == Value::from(d));
        prop_assert!(Value::from(k) == k && k == Value::from(k));
        prop_assert!(Value::from(l) == l && l == Value::from(l));
    }

    #[test]
    fn floats_bools_and_chars(x in any::<f64>(), y in any::<f32>(), b in any::<bool>(), c in any::<char>()) {
        prop_assert!(matches!(Value::from(x), Value::Static(StaticNode::F64(v)) if v.to_bits() == x.to_bits()));
        prop_assert!(matches!(Value::from(y), Value::Static(StaticNode::F64(v)) if v.to_bits() == f64::from(y).to_bits()));
        prop_assert!(Value::from(x) == x && x == Value::from(x));
        prop_assert!(Value::from(y) == y && y == Value::from(y));
        prop_assert!(matches!(Value::from(b), Value::Static(StaticNode::Bool(v)) if v == b));
        prop_assert!(Value::from(b) == b && b == Value::from(b));
        let s = Value::from(c);
        prop_assert!(matches!(&s, Value::String(s) if !s.is_borrowed() && s.as_str() == c.to_string()));
    }

    #[test]
    fn strings_are_borrowed_unless_owned(s in "\\PC{0,16}") {
        let borrowed = Value::from(s.as_str());
        prop_assert!(matches!(&borrowed, Value::String(x) if x.is_borrowed() && x.as_ptr() == s.as_ptr()));
        prop_assert!(matches!(Value::from(&s), Value::String(x) if x.is_borrowed()));
        prop_assert!(matches!(Value::from(Cow::Borrowed(s.as_str())), Value::String(x) if x.is_borrowed()));
        prop_assert!(matches!(Value::from(Cow::<str>::Owned(s.clone())), Value::String(x) if !x.is_borrowed()));
        prop_assert!(matches!(Value::from(s.clone()), Value::String(x) if !x.is_borrowed()));
        prop_assert!(matches!(Value::from(FfiCowStr::from(s.as_str())), Value::String(x) if x.is_borrowed()));
        for v in [Value::from(s.as_str()), Value::from(&s), Value::from(s.clone())] {
            prop_assert!(v == s.as_str() && v == s && v == *s.as_str());
            prop_assert!(s.as_str() == v && s == v && *s.as_str() == v);
        }
    }

    #[test]
    fn collections_convert_element_by_element(items in prop::collection::vec(any::<i64>(), 0..8),
                                               entries in prop::collection::btree_map(arb_key(), any::<i32>(), 0..8)) {
        // Hash maps with a fixed hasher: their order, and so the order of insertion into the
        // value, is the same whenever a case replays (std's `RandomState` differs each run).
        let entries: HashMap<String, i32, Fixed> = entries.into_iter().collect();
        let expected = arr(items.iter().map(|n| i(*n)));
        prop_assert_eq!(&Value::from(items.clone()), &expected);
        prop_assert_eq!(&items.iter().copied().collect::<Value>(), &expected);
        prop_assert_eq!(&Value::from(items.iter().map(|n| Value::from(*n)).collect::<FfiVec<_>>()), &expected);
        prop_assert!(Value::from(items.clone()) == items);
        prop_assert!(Value::from(items.clone()) == items.as_slice());
        prop_assert!(Value::from(items.clone()) == *items.as_slice());

        let expected = Value::Object(entries.iter().map(|(k, v)| (FfiCowStr::from(k.as_str()), Value::from(*v))).collect());
        prop_assert_eq!(&Value::from(entries.clone()), &expected);
        let borrowed: HashMap<&str, i32, Fixed> = entries.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        prop_assert_eq!(&Value::from(borrowed.clone()), &expected);
        prop_assert_eq!(&borrowed.into_iter().collect::<Value>(), &expected);
        let Value::Object(o) = expected.clone() else { unreachable!("made as an object") };
        prop_assert_eq!(&Value::from(o), &expected);
    }
}

#[test]
fn from_other_types() {
    assert!(matches!(Value::from(()), Value::Static(StaticNode::Null)));
    assert!(matches!(
        Value::from(None::<i32>),
        Value::Static(StaticNode::Null)
    ));
    assert!(matches!(
        Value::from(Some(3_u8)),
        Value::Static(StaticNode::U64(3))
    ));
    assert!(matches!(
        Value::from(StaticNode::U64(3)),
        Value::Static(StaticNode::U64(3))
    ));
    assert!(matches!(
        Value::from(i64::MIN),
        Value::Static(StaticNode::I64(i64::MIN))
    ));
    assert!(matches!(
        Value::from(i64::MAX.unsigned_abs() + 1),
        Value::Static(StaticNode::U64(0x8000_0000_0000_0000))
    ));
    assert!(
        matches!(Value::from(FfiCowBytes::from(&b"ab"[..])), Value::Bytes(b) if b.as_slice() == b"ab")
    );
    assert_eq!(
        Value::from(vec![Some("a"), None]),
        arr([Value::from("a"), Value::NULL])
    );
    // a repeated key keeps its last value
    assert_eq!(
        [("k", 1), ("k", 2)].into_iter().collect::<Value>(),
        obj([("k", i(2))])
    );
}

// ---------------------------------------------------------------------------------------------
// Equality with primitives

proptest! {
    #[test]
    fn integers_equal_by_value_across_kinds(a in any::<i64>(), b in any::<u64>(), small in 0..1000_u64) {
        let eq = i128::from(a) == i128::from(b);
        prop_assert_eq!(Value::from(a) == b, eq);
        prop_assert_eq!(b == Value::from(a), eq);
        prop_assert_eq!(Value::from(a) == Value::from(b), eq);
        prop_assert_eq!(Value::from(b) == a, eq);
        // the same value, once as each kind
        let signed = i(i64::try_from(small).unwrap());
        prop_assert_eq!(&signed, &u(small));
        prop_assert_eq!(signed.cmp(&u(small)), Ordering::Equal);
        let state = RandomState::new();
        prop_assert_eq!(hash_of(&state, &signed), hash_of(&state, &u(small)));
    }

    #[test]
    fn floats_equal_by_total_cmp(x in any::<f64>(), y in any::<f64>()) {
        let eq = x.total_cmp(&y) == Ordering::Equal;
        prop_assert_eq!(Value::from(x) == y, eq);
        prop_assert_eq!(y == Value::from(x), eq);
        prop_assert_eq!(Value::from(x) == Value::from(y), eq);
        prop_assert_eq!(Value::from(x).cmp(&Value::from(y)), x.total_cmp(&y));
    }

    #[test]
    fn a_float_never_equals_an_integer(x in any::<f64>(), n in any::<i64>()) {
        prop_assert!(Value::from(x) != n && Value::from(n) != x && n != Value::from(x));
    }
}

#[test]
fn equality_with_other_kinds() {
    assert_eq!(Value::NULL, ());
    assert_eq!((), Value::NULL);
    assert_eq!(Value::NULL, None::<i32>);
    assert_eq!(Value::from(1), Some(1));
    assert_ne!(Value::from(1), None::<i32>);
    assert_ne!(Value::from(0), false);
    assert_ne!(Value::from("1"), 1);
    assert_ne!(Value::from(1), "1");
    assert_ne!(Value::from(vec![1]), 1);
    assert_eq!(Value::from(vec![1, 2]), [1, 2]);
    assert_eq!(Value::from(vec!["a"]), vec!["a"]);
    assert_ne!(Value::from(vec![1, 2]), [1]);
    assert_ne!(Value::from("a"), ["a"]);
    assert_eq!(arr([Value::from(1.5), Value::NULL]), [Some(1.5), None]);
    assert_ne!(Value::from(FfiCowBytes::from(&b"a"[..])), "a");
}

// ---------------------------------------------------------------------------------------------
// Eq, Ord and Hash

/// Asserts that `==`, `cmp`, `partial_cmp` and the hash agree for `a` and `b`.
fn assert_consistent(state: &RandomState, a: &Value<'_>, b: &Value<'_>) {
    let ord = a.cmp(b);
    assert_eq!(a == b, ord == Ordering::Equal, "{a:?} vs {b:?}");
    assert_eq!(b.cmp(a), ord.reverse(), "{a:?} vs {b:?}");
    assert_eq!(a.partial_cmp(b), Some(ord));
    if a == b {
        assert_eq!(hash_of(state, a), hash_of(state, b), "{a:?} vs {b:?}");
    }
}

/// A copy of `value` built differently but equal: objects filled in reverse order into a map of
/// another backend, hasher seed (`seed`: drawn by proptest, not at random, so that a failure
/// replays) or dispatch; non-negative integers switched between `I64` and `U64`; strings and
/// bytes owned instead of borrowed.
fn rebuild(value: &Value<'_>, variant: u8, seed: u64) -> Value<'static> {
    match value {
        Value::Static(StaticNode::I64(n)) if *n >= 0 => u(n.unsigned_abs()),
        Value::Static(StaticNode::U64(n)) => i64::try_from(*n).map_or_else(|_| u(*n), i),
        Value::Static(node) => Value::Static(*node),
        Value::String(s) => Value::String(FfiCowStr::from(s.to_string())),
        Value::Bytes(b) => Value::Bytes(FfiCowBytes::from(b.to_vec())),
        Value::Array(a) => arr(a.iter().map(|v| rebuild(v, variant, seed))),
        Value::Object(o) => {
            let entries: Vec<_> = o.iter().collect();
            let mut copy: Object<'static> = match variant % 4 {
                0 => {
                    FfiMap::with_options(0, Backend::DEFAULT, &MapHasher::with_seed(seed)).unwrap()
                }
                1 if Backend::Hashbrown.is_available() => {
                    FfiMap::with_backend(Backend::Hashbrown).unwrap()
                }
                _ => FfiMap::with_backend(Backend::Halfbrown).unwrap_or_default(),
            };
            for (k, v) in entries.into_iter().rev() {
                copy.insert(
                    FfiCowStr::from(k.to_string()),
                    rebuild(v, variant.wrapping_add(1), seed),
                );
            }
            Value::Object(if variant.is_multiple_of(2) {
                copy.into_vtable_dispatch()
            } else {
                copy
            })
        }
    }
}

proptest! {
    #[test]
    // `seed` last: the inputs before it are drawn as before it was added, so the regression
    // file's seeds still give the cases they were saved for.
    fn eq_ord_and_hash_agree(
        a in arb_value(), b in arb_value(), variant in any::<u8>(), seed in any::<u64>()
    ) {
        let state = RandomState::new();
        assert_consistent(&state, &a, &b);
        assert_consistent(&state, &a, &a.clone());
        prop_assert_eq!(&a, &a.clone());
        let rebuilt = rebuild(&a, variant, seed);
        prop_assert_eq!(&a, &rebuilt);
        assert_consistent(&state, &a, &rebuilt);
        // the rebuilt copy orders against a third value exactly as the original does
        prop_assert_eq!(a.cmp(&b), rebuilt.cmp(&b));
        prop_assert_eq!(b.cmp(&a), b.cmp(&rebuilt));
    }

    #[test]
    fn sorting_is_a_total_order(values in prop::collection::vec(arb_value(), 0..12)) {
        let state = RandomState::new();
        let mut sorted = values.clone();
        sorted.sort();
        for (x, y) in sorted.iter().zip(sorted.iter().skip(1)) {
            prop_assert_ne!(x.cmp(y), Ordering::Greater);
        }
        // transitivity: every pair of the sorted list is in order, and all pairs are consistent
        for (n, x) in sorted.iter().enumerate() {
            for y in &sorted[n..] {
                prop_assert_ne!(x.cmp(y), Ordering::Greater);
                assert_consistent(&state, x, y);
            }
        }
        // sets of values agree with each other
        let tree: BTreeSet<_> = values.iter().cloned().collect();
        let hashed: HashSet<_> = values.iter().cloned().collect();
        prop_assert_eq!(tree.len(), hashed.len());
        prop_assert!(tree.iter().all(|v| hashed.contains(v)));
    }
}

/// A model of the order of numbers, independent of the implementation's exact comparison:
/// `int as f64` rounds monotonically, so it decides whenever it differs from the float.
fn model_cmp_int_float(int: i128, float: f64) -> Ordering {
    if float.is_nan() {
        return if float.is_sign_negative() {
            Ordering::Greater
        } else {
            Ordering::Less
        };
    }
    #[allow(clippy::cast_precision_loss)]
    let rounded = int as f64;
    match rounded.partial_cmp(&float).unwrap() {
        Ordering::Equal => {
            #[allow(clippy::cast_possible_truncation)]
            let exact = float as i128; // integral, since it equals a rounded integer
            int.cmp(&exact).then(Ordering::Less)
        }
        other => other,
    }
}

/// Numbers of each kind: floats at the edges of the integers' ranges, NaNs and infinities
/// among them; integers at the edges of `f64`'s exact range.
fn arb_number() -> impl Strategy<Value = Value<'static>> {
    let interesting = prop_oneof![
        Just(0.0),
        Just(-0.0),
        Just(f64::NAN),
        Just(-f64::NAN),
        Just(f64::INFINITY),
        Just(f64::NEG_INFINITY),
        Just(9_007_199_254_740_992.0),     // 2^53
        Just(9_223_372_036_854_775_808.0), // 2^63
        Just(-9_223_372_036_854_775_808.0),
        Just(18_446_744_073_709_551_616.0), // 2^64
        (-1000_i32..1000).prop_map(|n| f64::from(n) / 4.0),
        any::<f64>(),
    ];
    let i64s = prop_oneof![
        any::<i64>(),
        -1000_i64..1000,
        prop_oneof![
            Just(i64::MAX),
            Just(i64::MIN),
            Just(1 << 53),
            Just((1 << 53) + 1)
        ],
    ];
    let u64s = prop_oneof![any::<u64>(), prop_oneof![Just(u64::MAX), Just(1 << 63)]];
    ValueConfig::new()
        .only([Kind::I64, Kind::U64, Kind::F64])
        .f64s(interesting)
        .i64s(i64s)
        .u64s(u64s)
        .strategy()
}

fn number_of(value: &Value<'_>) -> Result<i128, f64> {
    match value {
        Value::Static(StaticNode::I64(n)) => Ok((*n).into()),
        Value::Static(StaticNode::U64(n)) => Ok((*n).into()),
        Value::Static(StaticNode::F64(x)) => Err(*x),
        other => panic!("not a number: {other:?}"),
    }
}

proptest! {
    #[test]
    fn numbers_order_by_value(a in arb_number(), b in arb_number()) {
        let expected = match (number_of(&a), number_of(&b)) {
            (Ok(x), Ok(y)) => x.cmp(&y),
            (Err(x), Err(y)) => x.total_cmp(&y),
            (Ok(x), Err(y)) => model_cmp_int_float(x, y),
            (Err(x), Ok(y)) => model_cmp_int_float(y, x).reverse(),
        };
        prop_assert_eq!(a.cmp(&b), expected, "{:?} vs {:?}", a, b);
        assert_consistent(&RandomState::new(), &a, &b);
    }
}

#[test]
fn float_edge_cases() {
    let state = RandomState::new();
    assert_eq!(f(f64::NAN), f(f64::NAN));
    assert_eq!(hash_of(&state, &f(f64::NAN)), hash_of(&state, &f(f64::NAN)));
    assert!(f(f64::INFINITY) < f(f64::NAN));
    assert!(f(-f64::NAN) < f(f64::NEG_INFINITY));
    assert!(f(f64::NAN) > u(u64::MAX) && f(-f64::NAN) < i(i64::MIN));
    assert_ne!(f(-0.0), f(0.0));
    assert!(f(-0.0) < f(0.0));
    assert!(i(0) < f(-0.0) && f(0.0) < i(1) && i(-1) < f(-0.0));
    assert!(i(1) < f(1.0) && f(1.0) < i(2) && f(0.5) < i(1) && f(-1.5) < i(-1));
    assert_ne!(i(1), f(1.0));
    // exact: 2^53 + 1 is above the float 2^53, which `as f64` would round it to
    assert!(i((1 << 53) + 1) > f(9_007_199_254_740_992.0));
    assert!(u(u64::MAX) < f(18_446_744_073_709_551_616.0));
    assert!(i(i64::MIN) > f(-18_446_744_073_709_551_616.0));
    assert!(i(i64::MIN) > f(f64::NEG_INFINITY) && u(u64::MAX) < f(f64::INFINITY));
    // I64 and U64 of the same value
    assert_eq!(i(5), u(5));
    assert_eq!(hash_of(&state, &i(5)), hash_of(&state, &u(5)));
    assert!(i(-1) < u(0) && i(i64::MAX) < u(u64::MAX));
    assert_ne!(i(-1), u(u64::MAX));
}

#[test]
fn order_across_kinds() {
    let ladder = [
        Value::NULL,
        Value::from(false),
        Value::from(true),
        f(f64::NEG_INFINITY),
        i(-3),
        f(2.5),
        u(u64::MAX),
        f(f64::NAN),
        Value::from(""),
        Value::from("a"),
        Value::from(FfiCowBytes::from(&b""[..])),
        Value::array(),
        arr([Value::NULL]),
        Value::object(),
        obj([("a", Value::NULL)]),
    ];
    for (n, x) in ladder.iter().enumerate() {
        for (m, y) in ladder.iter().enumerate() {
            assert_eq!(x.cmp(y), n.cmp(&m), "{x:?} vs {y:?}");
        }
    }
    // objects compare as sorted entry lists, whatever the insertion order
    let ab = obj([("a", i(1)), ("b", i(2))]);
    let ba = obj([("b", i(2)), ("a", i(1))]);
    assert_eq!(ab.cmp(&ba), Ordering::Equal);
    assert!(obj([("a", i(1))]) < ab);
    assert!(ab < obj([("a", i(2))]));
    assert!(ab < obj([("b", i(0))]));
}

// ---------------------------------------------------------------------------------------------
// Index and IndexMut

proptest! {
    #[test]
    fn index_reads_like_get(value in arb_value(), key in arb_key(), n in 0..10_usize) {
        let by_key = match &value {
            Value::Object(o) => o.get(key.as_str()).unwrap_or(&Value::NULL),
            _ => &Value::NULL,
        };
        prop_assert_eq!(&value[key.as_str()], by_key);
        let by_index = match &value {
            Value::Array(a) => a.get(n).unwrap_or(&Value::NULL),
            _ => &Value::NULL,
        };
        prop_assert_eq!(&value[n], by_index);
    }

    #[test]
    fn index_mut_inserts_into_objects(entries in prop::collection::vec((arb_key(), arb_value()), 0..6),
                                      key in arb_key(), new in arb_value(), dispatch in any::<bool>()) {
        let mut object: Object = entries.into_iter().map(|(k, v)| (FfiCowStr::from(k), v)).collect();
        if dispatch {
            object = object.into_vtable_dispatch();
        }
        let mut model = object.clone();
        let mut value = Value::Object(object);
        let was_there = model.contains_key(key.as_str());
        prop_assert_eq!(&value[key.as_str()], model.get(key.as_str()).unwrap_or(&Value::NULL));
        let _ = &mut value[key.as_str()]; // inserts null when missing
        if !was_there {
            model.insert(FfiCowStr::from(key.clone()), Value::NULL);
        }
        prop_assert_eq!(&value, &Value::Object(model.clone()));
        value[key.as_str()] = new.clone();
        model.insert(FfiCowStr::from(key), new);
        prop_assert_eq!(&value, &Value::Object(model));
    }
}

#[test]
fn index_mut_on_null_and_arrays() {
    let mut value = Value::NULL;
    value["a"]["b"] = Value::from(1);
    assert_eq!(value, obj([("a", obj([("b", i(1))]))]));
    let mut list = arr([i(1), i(2)]);
    list[1] = Value::from("x");
    assert_eq!(list, arr([i(1), Value::from("x")]));
    assert_eq!(list[5], Value::NULL);
    assert_eq!(list["key"], Value::NULL);
    assert_eq!(Value::from(3)["key"][0], Value::NULL);
}

#[test]
#[should_panic(expected = "cannot index into a string with the key \"k\"")]
fn index_mut_by_key_on_a_string_panics() {
    let mut value = Value::from("text");
    value["k"] = Value::NULL;
}

#[test]
#[should_panic(expected = "index 2 out of bounds for an array of length 2")]
fn index_mut_out_of_bounds_panics() {
    let mut list = arr([i(1), i(2)]);
    list[2] = Value::NULL;
}

#[test]
#[should_panic(expected = "cannot index into null with the number 0")]
fn index_mut_by_number_on_null_panics() {
    let mut value = Value::NULL;
    value[0] = Value::NULL;
}

// ---------------------------------------------------------------------------------------------
// literal!

#[test]
fn literal_builds_what_explicit_construction_does() {
    let x = String::from("interpolated");
    let n = 7_u64;
    let key = "computed";
    let built = literal!({
        "application": "app1",
        "aint": 42,
        "tags": ["tag1", x.as_str(), n * 2, [], {}, [null, true, false,],],
        "nested": {"a": null, "b": true, "c": false, "d": {"e": [-1]}},
        "neg": -1.5,
        (key): n,
        key: "by name",
    });
    let expected = obj([
        ("application", Value::from("app1")),
        ("aint", i(42)),
        (
            "tags",
            arr([
                Value::from("tag1"),
                Value::from("interpolated"),
                i(14),
                Value::array(),
                Value::object(),
                arr([Value::NULL, Value::from(true), Value::from(false)]),
            ]),
        ),
        (
            "nested",
            obj([
                ("a", Value::NULL),
                ("b", Value::from(true)),
                ("c", Value::from(false)),
                ("d", obj([("e", arr([i(-1)]))])),
            ]),
        ),
        ("neg", f(-1.5)),
        ("computed", Value::from("by name")),
    ]);
    assert_eq!(built, expected);
    // interpolated strings stay borrowed
    assert!(matches!(&built["tags"][1], Value::String(s) if s.is_borrowed()));
    assert_eq!(literal!(null), Value::NULL);
    assert_eq!(literal!(true), Value::from(true));
    assert_eq!(literal!([]), Value::array());
    assert_eq!(literal!({}), Value::object());
    assert_eq!(literal!(-3), i(-3));
    assert_eq!(literal!(x.len() + 1), i(13));
    assert_eq!(
        literal!([1, [2, [3]]]),
        arr([i(1), arr([i(2), arr([i(3)])])])
    );
    assert_eq!(literal!({"a": 1,}), obj([("a", i(1))]));
    assert_eq!(
        literal!({"a": {"b": {}}}),
        obj([("a", obj([("b", Value::object())]))])
    );
}

proptest! {
    #[test]
    fn literal_interpolates_values(a in arb_value(), b in arb_value(), k in arb_key()) {
        let built = literal!({"a": a.clone(), (k.as_str()): [b.clone(), null], "n": {"a": a.clone()}});
        let mut expected = Object::new();
        expected.insert(FfiCowStr::from("a"), a.clone());
        expected.insert(FfiCowStr::from(k.as_str()), arr([b, Value::NULL]));
        expected.insert(FfiCowStr::from("n"), obj([("a", a)]));
        prop_assert_eq!(built, Value::Object(expected));
    }
}

// ---------------------------------------------------------------------------------------------
// into_static and clone_static

/// `value` with every string and byte string borrowed from `arena` where possible.
fn borrow_from<'a>(value: &Value<'_>, arena: &'a [String]) -> Value<'a> {
    match value {
        Value::String(s) => arena.iter().find(|x| x.as_str() == s.as_str()).map_or_else(
            || Value::String(FfiCowStr::from(s.to_string())),
            Value::from,
        ),
        Value::Array(a) => arr(a.iter().map(|v| borrow_from(v, arena))),
        Value::Object(o) => Value::Object(
            o.iter()
                .map(|(k, v)| (FfiCowStr::from(k.to_string()), borrow_from(v, arena)))
                .collect(),
        ),
        other => other.clone_static(),
    }
}

/// Every string of `value`.
fn strings(value: &Value<'_>, out: &mut Vec<String>) {
    match value {
        Value::String(s) => out.push(s.to_string()),
        Value::Array(a) => a.iter().for_each(|v| strings(v, out)),
        Value::Object(o) => o.values().for_each(|v| strings(v, out)),
        _ => {}
    }
}

proptest! {
    #[test]
    fn detached_copies_are_equal(value in arb_value()) {
        let state = RandomState::new();
        let mut arena = Vec::new();
        strings(&value, &mut arena);
        let borrowing = borrow_from(&value, &arena);
        prop_assert_eq!(&borrowing, &value);
        let cloned = borrowing.clone_static();
        let detached = borrowing.clone().into_static();
        drop(borrowing);
        drop(arena); // the copies borrow nothing from it
        for copy in [&cloned, &detached] {
            prop_assert_eq!(copy, &value);
            prop_assert_eq!(copy.cmp(&value), Ordering::Equal);
            prop_assert_eq!(hash_of(&state, copy), hash_of(&state, &value));
        }
    }
}
