//! `KnownKey` against a model (a `BTreeMap`) and against the plain map functions, on random
//! objects of every available backend, through the vtable as another library would, and on
//! maps with another hasher seed (where the memoized hash must not be used; the seed is drawn
//! by proptest, so that a failing case replays with its map).

mod common;

use std::collections::BTreeMap;

use common::{arb_key, arb_value};
use ffi_map::{HasherId, MapHasher, DEFAULT_SEED};
use ffi_value::{Backend, FfiCowStr, FfiMap, KnownKey, Object, Value};
use proptest::prelude::*;

/// How the object under test is made.
#[derive(Clone, Copy, Debug)]
enum Setup {
    Backend(Backend),
    /// The default backend (as `FfiMap::with_random_seed()` makes it) with another seed:
    /// halfbrown, which scans its vector without hashes up to 32 entries.
    OtherSeed,
    /// Another seed and room for 64 entries, so that even halfbrown uses its hash table and a
    /// wrong hash would miss.
    OtherSeedTable(Backend),
}

const SETUPS: [Setup; 5] = [
    Setup::Backend(Backend::Halfbrown),
    Setup::Backend(Backend::Hashbrown),
    Setup::OtherSeed,
    Setup::OtherSeedTable(Backend::Halfbrown),
    Setup::OtherSeedTable(Backend::Hashbrown),
];

/// An object with `entries`, made by `setup` (with hasher seed `seed` when it is not the
/// default one), used through its vtable if `dispatch`; `None` when the backend is not
/// compiled in.
fn make(
    setup: Setup,
    seed: u64,
    dispatch: bool,
    entries: &[(String, Value<'static>)],
) -> Option<Object<'static>> {
    let mut object = match setup {
        Setup::Backend(backend) | Setup::OtherSeedTable(backend) if !backend.is_available() => {
            return None
        }
        Setup::Backend(backend) => FfiMap::with_backend(backend).unwrap(),
        Setup::OtherSeed => {
            FfiMap::with_options(0, Backend::DEFAULT, &MapHasher::with_seed(seed)).unwrap()
        }
        Setup::OtherSeedTable(backend) => {
            FfiMap::with_options(64, backend, &MapHasher::with_seed(seed)).unwrap()
        }
    };
    for (k, v) in entries {
        object.insert(FfiCowStr::from(k.clone()), v.clone());
    }
    Some(if dispatch {
        object.into_vtable_dispatch()
    } else {
        object
    })
}

#[derive(Clone, Debug)]
enum Op {
    Get,
    GetMut(Value<'static>),
    Insert(Value<'static>),
    Remove,
    GetOrInsertWith(Value<'static>),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        Just(Op::Get),
        arb_value().prop_map(Op::GetMut),
        arb_value().prop_map(Op::Insert),
        Just(Op::Remove),
        arb_value().prop_map(Op::GetOrInsertWith),
    ]
}

/// Applies `op` for `key` with the `Value` methods (`via_value`) or the `object_` ones, and to
/// the model, checking that both answer the same.
fn apply(
    op: &Op,
    key: &KnownKey,
    via_value: bool,
    value: &mut Value<'static>,
    model: &mut BTreeMap<String, Value<'static>>,
) {
    let name = key.key().to_string();
    match op {
        Op::Get => {
            let got = if via_value {
                key.get(value)
            } else {
                key.object_get(object(value))
            };
            assert_eq!(got, model.get(&name));
        }
        Op::GetMut(new) => {
            let got = if via_value {
                key.get_mut(value)
            } else {
                key.object_get_mut(object(value))
            };
            assert_eq!(got.is_some(), model.contains_key(&name));
            if let Some(slot) = got {
                *slot = new.clone();
                model.insert(name, new.clone());
            }
        }
        Op::Insert(new) => {
            let old = if via_value {
                key.insert(value, new.clone()).unwrap()
            } else {
                key.object_insert(object(value), new.clone())
            };
            assert_eq!(old, model.insert(name, new.clone()));
        }
        Op::Remove => {
            let old = if via_value {
                key.remove(value).unwrap()
            } else {
                key.object_remove(object(value))
            };
            assert_eq!(old, model.remove(&name));
        }
        Op::GetOrInsertWith(new) => {
            let was_there = model.contains_key(&name);
            let mut called = false;
            let default = || {
                called = true;
                new.clone()
            };
            let got = if via_value {
                key.get_or_insert_with(value, default).unwrap().clone()
            } else {
                key.object_get_or_insert_with(object(value), default)
                    .clone()
            };
            assert_eq!(called, !was_there);
            assert_eq!(&got, model.entry(name).or_insert_with(|| new.clone()));
        }
    }
}

fn object<'a>(value: &'a mut Value<'static>) -> &'a mut Object<'static> {
    match value {
        Value::Object(o) => o,
        other => panic!("not an object: {other:?}"),
    }
}

/// Asserts that the object holds what the model does, and that every key of the pool is found
/// by the known key exactly as by the plain `get`.
fn check(value: &Value<'static>, model: &BTreeMap<String, Value<'static>>, keys: &[KnownKey]) {
    let Value::Object(o) = value else {
        panic!("not an object: {value:?}")
    };
    assert_eq!(o.len(), model.len());
    for (k, v) in model {
        assert_eq!(o.get(k.as_str()), Some(v));
    }
    for key in keys {
        assert_eq!(key.object_get(o), o.get(key.key()));
        assert_eq!(key.get(value), o.get(key.key()));
    }
}

/// A pool of keys, initial entries (pool index, value) and operations (pool index, whether
/// through the `Value` methods, operation).
type Case = (
    Vec<String>,
    Vec<(usize, Value<'static>)>,
    Vec<(usize, bool, Op)>,
);

fn arb_case() -> impl Strategy<Value = Case> {
    prop::collection::vec(arb_key(), 1..8).prop_flat_map(|pool| {
        let n = pool.len();
        (
            Just(pool),
            prop::collection::vec((0..n, arb_value()), 0..8),
            prop::collection::vec((0..n, any::<bool>(), op()), 0..24),
        )
    })
}

/// Any value but an object: an object becomes the array of its values (generated values are
/// mapped rather than rejected, so that any number of cases can run).
fn arb_non_object() -> impl Strategy<Value = Value<'static>> {
    arb_value().prop_map(|value| match value {
        Value::Object(object) => Value::Array(object.into_iter().map(|(_, v)| v).collect()),
        other => other,
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    // `seed` last: the inputs before it are drawn as before it was added, so the regression
    // file's seeds still give the cases they were saved for.
    fn known_keys_behave_like_plain_look_ups(
        (pool, initial, ops) in arb_case(),
        seed in any::<u64>().prop_filter("another seed", |&seed| seed != DEFAULT_SEED),
    ) {
        // made once, reused on every map
        let keys: Vec<KnownKey> = pool.iter().map(|k| KnownKey::new(k.clone())).collect();
        let entries: Vec<(String, Value<'static>)> =
            initial.into_iter().map(|(n, v)| (pool[n].clone(), v)).collect();
        for setup in SETUPS {
            for dispatch in [false, true] {
                let Some(object) = make(setup, seed, dispatch, &entries) else { continue };
                let mut model: BTreeMap<String, Value<'static>> = entries.iter().cloned().collect();
                let mut value = Value::Object(object);
                check(&value, &model, &keys);
                for (n, via_value, op) in &ops {
                    apply(op, &keys[*n], *via_value, &mut value, &mut model);
                    check(&value, &model, &keys);
                }
                if let Value::Object(o) = &value {
                    prop_assert_eq!(o.is_native(), !dispatch);
                }
            }
        }
    }

    #[test]
    fn non_objects_are_refused_without_change(value in arb_non_object(), key in arb_key()) {
        let known = KnownKey::new(key.clone());
        let mut target = value.clone();
        prop_assert_eq!(known.get(&target), None);
        prop_assert_eq!(known.get_mut(&mut target), None);
        let err = known.insert(&mut target, 1).unwrap_err();
        prop_assert_eq!(err.key(), key.as_str());
        prop_assert_eq!(err.found(), match &value {
            Value::Static(ffi_value::StaticNode::Null) => "null",
            Value::Static(ffi_value::StaticNode::Bool(_)) => "a boolean",
            Value::Static(_) => "a number",
            Value::String(_) => "a string",
            Value::Bytes(_) => "binary data",
            Value::Array(_) => "an array",
            Value::Object(_) => unreachable!(),
        });
        prop_assert_eq!(known.remove(&mut target), Err(err.clone()));
        prop_assert_eq!(known.get_or_insert_with(&mut target, || Value::NULL).unwrap_err(), err);
        prop_assert_eq!(target, value);
    }
}

#[test]
fn made_from_any_key_type() {
    let keys = [
        KnownKey::from("application"),
        KnownKey::from(String::from("application")),
        KnownKey::from(FfiCowStr::from("application")),
        KnownKey::from(std::borrow::Cow::Borrowed("application")),
        KnownKey::new("application"),
    ];
    let mut event = Value::object();
    keys[0].insert(&mut event, "app1").unwrap();
    for key in &keys {
        assert_eq!(key.key(), "application");
        assert_eq!(key.get(&event).unwrap(), "app1");
        assert_eq!(key.clone().get(&event).unwrap(), "app1");
    }
    // a key made from a `&'static str` is inserted without a copy
    let Value::Object(o) = &event else {
        unreachable!()
    };
    let (stored, _) = o.get_key_value("application").unwrap();
    assert!(stored.is_borrowed());
    assert!(format!("{:?}", keys[0]).contains("application"));
    let err = keys[0].insert(&mut Value::from(1), 2).unwrap_err();
    assert_eq!(
        err.to_string(),
        "expected an object to change the key \"application\" in, found a number"
    );
}

#[test]
fn works_on_maps_with_another_seed() {
    // hash tables whose hasher differs from the one the hash was memoized with: a look-up with
    // the memoized hash would miss
    let key = KnownKey::from("aint");
    for backend in [Backend::Halfbrown, Backend::Hashbrown] {
        if !backend.is_available() {
            continue;
        }
        let mut object: Object =
            FfiMap::with_options(64, backend, &MapHasher::with_seed(1)).unwrap();
        assert_ne!(object.hasher_id(), HasherId::DEFAULT);
        assert_ne!(object.hash_key("aint"), MapHasher::fixed().hash_key("aint"));
        for n in 0..40 {
            object.insert(FfiCowStr::from(format!("k{n}")), Value::from(n));
        }
        assert_eq!(key.object_insert(&mut object, 42), None);
        assert_eq!(object.get("aint"), Some(&Value::from(42)));
        let mut object = object.into_vtable_dispatch();
        assert_eq!(key.object_get(&object), Some(&Value::from(42)));
        assert_eq!(key.object_remove(&mut object), Some(Value::from(42)));
        assert_eq!(object.get("aint"), None);
        assert_eq!(object.len(), 40);
    }
}
