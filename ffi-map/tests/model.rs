//! Random sequences of operations on an `FfiMap` and on `std::collections::HashMap` (the
//! model) must give the same answers, for every backend, natively and through the vtable.

mod common;

use std::collections::{hash_map, HashMap};

use common::Scenario;
use ffi_map::{Entry, FfiMap, RawEntryMut};
use proptest::prelude::*;

/// Keys from a small set, so that operations hit existing entries, and more than 32 of them,
/// so that halfbrown switches from its vector to its table and back.
fn key() -> impl Strategy<Value = String> {
    (0u8..48).prop_map(|n| format!("key_{n}"))
}

#[derive(Debug, Clone)]
enum Op {
    Insert(String, u32),
    /// `insert_unique_unchecked` when the key is new, else nothing.
    InsertUnique(String, u32),
    Remove(String),
    Get(String),
    GetMut(String, u32),
    EntryAdd(String, u32),
    EntryRemove(String),
    RawGet(String),
    RawUpsert(String, u32),
    Retain(u32),
    Clear,
    Iterate,
    IterMut(u32),
    Clone,
    Drain(usize),
    Reserve(u8),
    Extend(Vec<(String, u32)>),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => (key(), any::<u32>()).prop_map(|(k, v)| Op::Insert(k, v)),
        3 => (key(), any::<u32>()).prop_map(|(k, v)| Op::InsertUnique(k, v)),
        3 => key().prop_map(Op::Remove),
        3 => key().prop_map(Op::Get),
        2 => (key(), any::<u32>()).prop_map(|(k, v)| Op::GetMut(k, v)),
        3 => (key(), any::<u32>()).prop_map(|(k, v)| Op::EntryAdd(k, v)),
        2 => key().prop_map(Op::EntryRemove),
        2 => key().prop_map(Op::RawGet),
        3 => (key(), any::<u32>()).prop_map(|(k, v)| Op::RawUpsert(k, v)),
        1 => (2u32..5).prop_map(Op::Retain),
        1 => Just(Op::Clear),
        1 => Just(Op::Iterate),
        1 => any::<u32>().prop_map(Op::IterMut),
        1 => Just(Op::Clone),
        1 => (0usize..10).prop_map(Op::Drain),
        1 => any::<u8>().prop_map(Op::Reserve),
        1 => prop::collection::vec((key(), any::<u32>()), 0..40).prop_map(Op::Extend),
    ]
}

fn sorted<'a>(entries: impl Iterator<Item = (&'a String, &'a u32)>) -> Vec<(String, u32)> {
    let mut entries: Vec<_> = entries.map(|(k, v)| (k.clone(), *v)).collect();
    entries.sort();
    entries
}

#[allow(
    clippy::too_many_lines,
    reason = "one arm per operation, each checked against the model"
)]
fn run(scenario: Scenario, ops: &[Op]) {
    let mut map: FfiMap<String, u32> = scenario.string_map();
    let mut model: HashMap<String, u32> = HashMap::new();
    for op in ops {
        match op.clone() {
            Op::Insert(k, v) => assert_eq!(map.insert(k.clone(), v), model.insert(k, v)),
            Op::InsertUnique(k, v) => {
                if let hash_map::Entry::Vacant(slot) = model.entry(k.clone()) {
                    // SAFETY: the model (equal to the map) does not hold `k`.
                    unsafe { map.insert_unique_unchecked(k, v) };
                    slot.insert(v);
                }
            }
            Op::Remove(k) => assert_eq!(map.remove(&k), model.remove(&k)),
            Op::Get(k) => {
                assert_eq!(map.get(&k), model.get(&k));
                assert_eq!(map.contains_key(k.as_str()), model.contains_key(&k));
                assert_eq!(map.get_key_value(&k), model.get_key_value(&k));
            }
            Op::GetMut(k, v) => {
                if let Some(x) = map.get_mut(&k) {
                    *x = v;
                }
                if let Some(x) = model.get_mut(&k) {
                    *x = v;
                }
            }
            Op::EntryAdd(k, v) => {
                let ours = map
                    .entry(k.clone())
                    .and_modify(|x| *x = x.wrapping_add(v))
                    .or_insert(v);
                let theirs = model
                    .entry(k)
                    .and_modify(|x| *x = x.wrapping_add(v))
                    .or_insert(v);
                assert_eq!(ours, theirs);
            }
            Op::EntryRemove(k) => {
                let ours = match map.entry(k.clone()) {
                    Entry::Occupied(e) => Some(e.remove_entry()),
                    Entry::Vacant(e) => {
                        assert_eq!(e.into_key(), k);
                        None
                    }
                };
                assert_eq!(ours, model.remove_entry(&k));
            }
            Op::RawGet(k) => {
                let hash = map.hash_key(k.as_str());
                assert_eq!(
                    map.raw_entry().from_key_hashed_nocheck(hash, k.as_str()),
                    model.get_key_value(&k)
                );
            }
            Op::RawUpsert(k, v) => {
                let hash = map.hash_key(k.as_str());
                match map
                    .raw_entry_mut()
                    .from_key_hashed_nocheck(hash, k.as_str())
                {
                    RawEntryMut::Occupied(mut e) => {
                        e.insert(v);
                    }
                    RawEntryMut::Vacant(e) => {
                        let (key, value) = e.insert_hashed_nocheck(hash, k.clone(), v);
                        assert_eq!((&*key, *value), (&k, v));
                    }
                }
                model.insert(k, v);
            }
            Op::Retain(m) => {
                map.retain(|_, v| *v % m != 0);
                model.retain(|_, v| *v % m != 0);
            }
            Op::Clear => {
                map.clear();
                model.clear();
            }
            Op::Iterate => {
                assert_eq!(map.iter().len(), model.len());
                assert_eq!(sorted(map.iter()), sorted(model.iter()));
                let mut keys: Vec<_> = map.keys().cloned().collect();
                keys.sort();
                let mut model_keys: Vec<_> = model.keys().cloned().collect();
                model_keys.sort();
                assert_eq!(keys, model_keys);
                assert_eq!(
                    map.values().map(|v| u64::from(*v)).sum::<u64>(),
                    model.values().map(|v| u64::from(*v)).sum::<u64>()
                );
            }
            Op::IterMut(add) => {
                for (_, v) in &mut map {
                    *v = v.wrapping_add(add);
                }
                for v in map.values_mut() {
                    *v = v.wrapping_add(1);
                }
                for v in model.values_mut() {
                    *v = v.wrapping_add(add).wrapping_add(1);
                }
            }
            Op::Clone => {
                let copy = map.clone();
                assert_eq!(copy, map);
                assert_eq!(copy.backend(), map.backend());
                assert_eq!(copy.hasher_id(), map.hasher_id());
                drop(std::mem::replace(&mut map, copy));
            }
            Op::Drain(take) => {
                let mut drained: Vec<_> = map.drain().take(take).collect();
                drained.sort();
                assert!(map.is_empty());
                assert_eq!(drained.len(), take.min(model.len()));
                for (k, v) in &drained {
                    assert_eq!(model.get(k), Some(v));
                }
                model.clear();
            }
            Op::Reserve(n) => {
                map.reserve(usize::from(n));
                assert!(map.capacity() >= map.len() + usize::from(n));
            }
            Op::Extend(pairs) => {
                map.extend(pairs.clone());
                model.extend(pairs);
            }
        }
        assert_eq!(map.len(), model.len());
        assert_eq!(map.is_empty(), model.is_empty());
    }
    let mut owned: Vec<_> = map.into_iter().collect();
    owned.sort();
    let mut expected: Vec<_> = model.into_iter().collect();
    expected.sort();
    assert_eq!(owned, expected);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn behaves_like_std_hashmap(ops in prop::collection::vec(op(), 0..120)) {
        for scenario in Scenario::all_with_str_lookups() {
            run(scenario, &ops);
        }
    }
}

#[test]
fn every_compiled_backend_is_exercised() {
    let scenarios = Scenario::all();
    assert_eq!(
        scenarios.len(),
        2 * usize::from(cfg!(feature = "halfbrown")) + 2 * usize::from(cfg!(feature = "hashbrown"))
    );
}
