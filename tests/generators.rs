//! The test-data generators of the `proptest` and `arbitrary` features: `ValueConfig`'s limits,
//! alphabets, kinds and object flavors hold in every generated value; `Arbitrary` is total on
//! any input and bounded in depth.

use std::collections::BTreeSet;

use arbitrary::{Arbitrary, Unstructured};
use ffi_value::arbitrary::ValueOptions;
use ffi_value::proptest::{
    borrowing, json_value, value, Dispatch, Flavor, Flavors, Kind, ValueConfig,
};
use ffi_value::{Backend, MapHasher, StaticNode, Value};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{TestCaseError, TestRunner};

/// How deep containers nest: 0 for a scalar, 1 for `[]` or `[1]`.
fn depth(v: &Value<'_>) -> usize {
    match v {
        Value::Array(items) => 1 + items.iter().map(depth).max().unwrap_or(0),
        Value::Object(o) => 1 + o.values().map(depth).max().unwrap_or(0),
        _ => 0,
    }
}

/// Every value in `v`, `v` first.
fn all_values<'a, 'v>(v: &'a Value<'v>) -> Vec<&'a Value<'v>> {
    let mut out = vec![v];
    match v {
        Value::Array(items) => out.extend(items.iter().flat_map(all_values)),
        Value::Object(o) => out.extend(o.values().flat_map(all_values)),
        _ => {}
    }
    out
}

/// Every object key in `v`.
fn all_keys(v: &Value<'_>) -> Vec<String> {
    all_values(v)
        .into_iter()
        .filter_map(|v| match v {
            Value::Object(o) => Some(o.keys().map(ToString::to_string).collect::<Vec<_>>()),
            _ => None,
        })
        .flatten()
        .collect()
}

/// The kinds found anywhere in `v`.
fn kinds(v: &Value<'_>) -> BTreeSet<Kind> {
    all_values(v).into_iter().map(Kind::of).collect()
}

/// Every string, key and bytes of `borrowed` is borrowed, and each object has the flavor of
/// `original`'s at the same place (found by key: maps of another capacity may iterate in
/// another order).
fn check_borrowed(borrowed: &Value<'_>, original: &Value<'_>) -> Result<(), TestCaseError> {
    match (borrowed, original) {
        (Value::String(s), _) => prop_assert!(s.is_borrowed()),
        (Value::Bytes(b), _) => prop_assert!(b.is_borrowed()),
        (Value::Array(a), Value::Array(b)) => {
            for (a, b) in a.iter().zip(b.iter()) {
                check_borrowed(a, b)?;
            }
        }
        (Value::Object(a), Value::Object(b)) => {
            prop_assert_eq!(Flavor::of(a), Flavor::of(b));
            for (k, v) in a {
                prop_assert!(k.is_borrowed());
                check_borrowed(v, &b[k.as_str()])?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// `n` values of `strategy`, from a deterministic runner.
fn sample<S: Strategy>(strategy: &S, n: usize) -> Vec<S::Value> {
    let mut runner = TestRunner::deterministic();
    (0..n)
        .map(|_| strategy.new_tree(&mut runner).unwrap().current())
        .collect()
}

/// A configuration with random limits, and a value of it.
fn limited() -> impl Strategy<Value = (u32, usize, Value<'static>)> {
    (0..5_u32, 0..6_usize).prop_flat_map(|(depth, breadth)| {
        let config = ValueConfig::new().depth(depth).breadth(breadth);
        (Just(depth), Just(breadth), config.strategy())
    })
}

proptest! {
    #[test]
    fn depth_and_breadth_are_bounds((max_depth, breadth, v) in limited()) {
        prop_assert!(depth(&v) <= max_depth as usize, "depth {} > {max_depth}: {v:?}", depth(&v));
        for v in all_values(&v) {
            match v {
                Value::Array(items) => prop_assert!(items.len() <= breadth),
                Value::Object(o) => prop_assert!(o.len() <= breadth),
                _ => {}
            }
        }
    }

    #[test]
    fn keys_and_strings_come_from_their_alphabets(
        v in ValueConfig::new().keys("[a-c]{1,2}").strings(prop::sample::select(vec!["x".to_string(), "yy".to_string()])).strategy(),
    ) {
        for k in all_keys(&v) {
            prop_assert!((1..=2).contains(&k.len()) && k.bytes().all(|b| (b'a'..=b'c').contains(&b)), "{k:?}");
        }
        for v in all_values(&v) {
            if let Value::String(s) = v {
                prop_assert!(s == "x" || s == "yy", "{s:?}");
            }
        }
    }

    #[test]
    fn excluded_kinds_never_come_up(
        (excluded, v) in prop::sample::subsequence(Kind::ALL.to_vec(), 0..=7).prop_flat_map(|excluded| {
            let config = excluded.iter().fold(ValueConfig::new(), |c, &k| c.without(k));
            (Just(excluded), config.strategy())
        }),
    ) {
        let found = kinds(&v);
        for kind in &excluded {
            prop_assert!(!found.contains(kind), "{kind:?} in {v:?}");
        }
    }

    #[test]
    fn only_keeps_the_kinds_given(v in ValueConfig::new().only([Kind::Array, Kind::Bool]).strategy()) {
        prop_assert!(kinds(&v).is_subset(&[Kind::Array, Kind::Bool].into()));
    }

    #[test]
    fn numbers_come_from_their_strategies(
        v in ValueConfig::new().i64s(-3..=-1_i64).u64s(10..=12_u64).f64s(Just(0.5)).strategy(),
    ) {
        for v in all_values(&v) {
            match v {
                Value::Static(StaticNode::I64(n)) => prop_assert!((-3..=-1).contains(n)),
                Value::Static(StaticNode::U64(n)) => prop_assert!((10..=12).contains(n)),
                Value::Static(StaticNode::F64(f)) => prop_assert_eq!(f.to_bits(), 0.5_f64.to_bits()),
                _ => {}
            }
        }
    }

    #[test]
    fn floats_are_finite_by_default(v in value()) {
        for v in all_values(&v) {
            if let Value::Static(StaticNode::F64(f)) = v {
                prop_assert!(f.is_finite());
            }
        }
    }

    /// JSON values survive JSON, the number kinds aside (`==` holds across them).
    #[test]
    fn json_values_round_trip_through_json(v in json_value()) {
        prop_assert!(!kinds(&v).contains(&Kind::Bytes));
        let text = ffi_value::to_json_sorted(&v);
        prop_assert_eq!(ffi_value::parse_json_owned(text.as_bytes()).unwrap(), v);
    }

    #[test]
    fn objects_have_the_default_flavor_by_default(v in value()) {
        for v in all_values(&v) {
            if let Value::Object(o) = v {
                prop_assert_eq!(Flavor::of(o), Some(Flavor::DEFAULT));
            }
        }
    }

    #[test]
    fn objects_have_the_flavors_asked_for(
        (flavor, v) in Flavors::all().strategy().prop_flat_map(|flavor| {
            let only = Flavors::new()
                .backends([flavor.backend])
                .hashers([flavor.hasher.clone()])
                .dispatch(if flavor.vtable_dispatch { Dispatch::Vtable } else { Dispatch::Native });
            (Just(flavor), ValueConfig::new().objects(only).strategy())
        }),
    ) {
        for v in all_values(&v) {
            if let Value::Object(o) = v {
                prop_assert_eq!(Flavor::of(o), Some(flavor.clone()));
            }
        }
    }

    #[test]
    fn any_with_takes_the_config(v in any_with::<Value<'static>>(ValueConfig::new().depth(1).only([Kind::Object, Kind::Null]))) {
        prop_assert!(depth(&v) <= 1);
        prop_assert!(kinds(&v).is_subset(&[Kind::Object, Kind::Null].into()));
    }

    #[test]
    fn object_strategy_makes_objects(o in ValueConfig::new().depth(2).breadth(3).object_strategy()) {
        prop_assert!(o.len() <= 3);
        let v = Value::Object(o);
        prop_assert!((1..=2).contains(&depth(&v)));
    }

    #[test]
    fn borrowing_borrows_every_string_and_keeps_flavors(
        v in ValueConfig::new().objects(Flavors::all()).strategy(),
    ) {
        let borrowed = borrowing(&v);
        prop_assert_eq!(&borrowed, &v);
        check_borrowed(&borrowed, &v)?;
    }

    /// `Arbitrary` reads any input without panicking, within its depth limit and options.
    #[test]
    fn arbitrary_values_from_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2000), max in 0..6_usize) {
        let v = Value::arbitrary(&mut Unstructured::new(&bytes)).unwrap();
        prop_assert!(depth(&v) <= 16);
        for v in all_values(&v) {
            if let Value::Object(o) = v {
                prop_assert_eq!(Flavor::of(o), Some(Flavor::DEFAULT));
            }
        }
        let options = ValueOptions::json().max_depth(max).any_flavor(true);
        let v = options.value(&mut Unstructured::new(&bytes)).unwrap();
        prop_assert!(depth(&v) <= max);
        for v in all_values(&v) {
            match v {
                Value::Bytes(_) => prop_assert!(false, "bytes in a JSON value"),
                Value::Static(StaticNode::F64(f)) => prop_assert!(f.is_finite()),
                Value::Object(o) => prop_assert!(Flavor::of(o).is_some_and(|f| f.backend.is_available())),
                _ => {}
            }
        }
        let _ = Value::arbitrary_take_rest(Unstructured::new(&bytes)).unwrap();
    }
}

#[test]
fn every_kind_comes_up_with_the_defaults() {
    let found: BTreeSet<Kind> = sample(&value(), 300).iter().flat_map(kinds).collect();
    assert_eq!(found, Kind::ALL.into());
    let found: BTreeSet<Kind> = sample(&json_value(), 300).iter().flat_map(kinds).collect();
    assert_eq!(
        found,
        Kind::ALL
            .into_iter()
            .filter(|&k| k != Kind::Bytes)
            .collect()
    );
}

/// The depth is a bound that values reach, when the size aimed at allows it (containers get
/// less likely as a value grows towards its size: with the defaults, depth 4 is rare).
#[test]
fn the_depth_limit_is_reached() {
    for max in 0..6 {
        let config = ValueConfig::new().depth(max).breadth(3).size(200);
        let values = sample(&config.strategy(), 300);
        assert_eq!(values.iter().map(depth).max(), Some(max as usize));
    }
}

#[test]
fn non_finite_floats_on_request() {
    let floats = ValueConfig::new().only([Kind::F64]).non_finite_floats(true);
    let values = sample(&floats.strategy(), 2000);
    let f = |v: &Value<'_>| match v {
        Value::Static(StaticNode::F64(f)) => *f,
        other => panic!("not a float: {other:?}"),
    };
    assert!(values.iter().any(|v| f(v).is_nan()));
    assert!(values.iter().any(|v| f(v) == f64::INFINITY));
    assert!(values.iter().any(|v| f(v) == f64::NEG_INFINITY));
    assert!(values.iter().any(|v| f(v).is_finite()));
}

#[test]
fn containers_without_leaves_are_empty_at_the_bottom() {
    for v in sample(&ValueConfig::new().only([Kind::Array]).strategy(), 100) {
        assert_eq!(kinds(&v), [Kind::Array].into());
        assert!(depth(&v) <= 4);
    }
}

#[test]
#[should_panic(expected = "no kind of value left")]
fn no_kind_is_refused() {
    let _ = ValueConfig::new().only([]).strategy();
}

#[test]
fn every_flavor_comes_up_in_objects() {
    let config = ValueConfig::new()
        .objects(Flavors::all())
        .only([Kind::Object, Kind::Null]);
    let seen: BTreeSet<(u8, u64, bool)> = sample(&config.strategy(), 300)
        .iter()
        .flat_map(|v| {
            all_values(v)
                .into_iter()
                .filter_map(|v| match v {
                    Value::Object(o) => Flavor::of(o)
                        .map(|f| (f.backend as u8, f.hasher.id().seed, f.vtable_dispatch)),
                    _ => None,
                })
                .collect::<Vec<_>>()
        })
        .collect();
    let backends = [Backend::Halfbrown, Backend::Hashbrown]
        .into_iter()
        .filter(|b| b.is_available())
        .count();
    assert_eq!(seen.len(), backends * 2 * 2, "{seen:?}");
    assert!(seen.contains(&(
        Backend::DEFAULT as u8,
        MapHasher::with_seed(ffi_value::proptest::ANOTHER_SEED)
            .id()
            .seed,
        true
    )));
}

/// The input that asks for the deepest value: "an array, holding another item" over and over.
/// The generator stops at its depth limit, so it (and dropping and writing the value) recurses
/// at most that deep: 16 levels by default, on a test thread's stack; the most the options
/// allow, 1024, on the main thread's usual 8 MiB.
#[test]
fn arbitrary_is_bounded_on_deep_input() {
    let deep_arrays: Vec<u8> = [7, 1].repeat(1_000_000);
    let v = Value::arbitrary(&mut Unstructured::new(&deep_arrays)).unwrap();
    assert_eq!(depth(&v), 16);
    // Objects: tag 8, "an entry follows", and a key whose length (read from the input's end,
    // one byte for inputs up to 256 bytes) is 0.
    let mut deep_objects: Vec<u8> = [8, 1].repeat(100);
    deep_objects.extend([0; 50]);
    let v = Value::arbitrary(&mut Unstructured::new(&deep_objects)).unwrap();
    assert_eq!(depth(&v), 16);
    assert!(matches!(&v, Value::Object(o) if o.contains_key("")));

    std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(move || {
            let options = ValueOptions::new().max_depth(usize::MAX);
            let v = options.value(&mut Unstructured::new(&deep_arrays)).unwrap();
            assert_eq!(depth(&v), 1024);
            assert!(ffi_value::to_json_sorted(&v).len() > 2048);
        })
        .unwrap()
        .join()
        .unwrap();
}

#[test]
fn arbitrary_reads_every_kind() {
    let mut found = BTreeSet::new();
    for tag in 0..=u8::MAX {
        let v =
            Value::arbitrary(&mut Unstructured::new(&[tag, 1, 2, 3, 4, 5, 6, 7, 8, 9])).unwrap();
        found.insert(Kind::of(&v));
    }
    assert_eq!(found, Kind::ALL.into());
    assert_eq!(
        Value::arbitrary(&mut Unstructured::new(&[])).unwrap(),
        Value::NULL
    );
    assert_eq!(<Value<'static> as Arbitrary>::size_hint(0), (1, None));
}
