//! The map operations, applied to an [`FfiMap`] and to the `std` `HashMap` model.

use std::collections::hash_map;
use std::collections::{HashMap, HashSet};

use arbitrary::Arbitrary;
use ffi_map::{Entry, FfiMap, RawEntryMut};

use super::types::{Key, Val};

/// One map operation; keys are [`Key::make`]'s bytes and values [`Val::make`]'s numbers.
#[derive(Arbitrary, Debug, Clone)]
pub(crate) enum Op {
    Insert(u8, u16),
    Remove(u8),
    RemoveEntry(u8),
    Get(u8),
    GetKeyValue(u8),
    ContainsKey(u8),
    /// `get_mut`, then add the number to the value.
    GetMut(u8, u16),
    /// `map[&key]`, for keys the model has.
    Index(u8),
    EntryOrInsert(u8, u16),
    /// `entry(k).and_modify(bump).or_insert_with(make)`.
    EntryUpsert(u8, u16),
    /// `Occupied::insert` or `Vacant::insert`.
    EntryReplace(u8, u16),
    /// `Occupied::remove_entry` or `Vacant::into_key`.
    EntryRemove(u8),
    /// The three raw-entry look-ups: by key, by memoized hash and key, by hash and predicate.
    RawGet(u8),
    /// `raw_entry_mut` with a memoized hash: replace, or insert with the hash.
    RawInsert(u8, u16),
    Retain(u16),
    Clear,
    Iter,
    Keys,
    Values,
    /// `iter_mut`, adding the number to every value.
    IterMut(u16),
    /// `values_mut`, adding the number to every value.
    ValuesMut(u16),
    /// `drain`, taking this many entries and dropping the rest with the iterator.
    Drain(u8),
    Extend(Vec<(u8, u16)>),
    Reserve(u8),
    /// Replace the map with its clone.
    Clone,
    /// Use the map through its vtable from now on, as another library would.
    VtableDispatch,
}

/// What an operation returned, comparable between a map and the model.
#[derive(Debug, PartialEq)]
pub(crate) enum Outcome<K, V> {
    Nothing,
    Value(Option<V>),
    Entry(Option<(K, V)>),
    Bool(bool),
    /// Entries, sorted.
    Entries(Vec<(K, V)>),
    /// Keys, sorted.
    Keys(Vec<K>),
    /// Values, sorted by number.
    Values(Vec<V>),
    Count(usize),
}

/// Sorted copies of the entries.
pub(crate) fn sorted<'a, K: Key + 'a, V: Val + 'a>(
    entries: impl Iterator<Item = (&'a K, &'a V)>,
) -> Vec<(K, V)> {
    let mut entries: Vec<_> = entries.map(|(k, v)| (k.clone(), v.clone())).collect();
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    entries
}

/// Values sorted by number.
fn sorted_values<'a, V: Val + 'a>(values: impl Iterator<Item = &'a V>) -> Vec<V> {
    let mut values: Vec<_> = values.cloned().collect();
    values.sort_by_key(Val::number);
    values
}

/// Applies `op` to `map`, whose entries before are `model`'s (for the operations whose result
/// depends on the iteration order, which is checked against it here).
#[allow(clippy::too_many_lines)] // one arm per operation
pub(crate) fn apply_map<K: Key, V: Val>(
    map: &mut FfiMap<K, V>,
    op: &Op,
    model: &HashMap<K, V>,
) -> Outcome<K, V> {
    let key = |byte: &u8| K::make(*byte);
    match op {
        Op::Insert(k, v) => Outcome::Value(map.insert(key(k), V::make(*v))),
        Op::Remove(k) => Outcome::Value(map.remove(&key(k))),
        Op::RemoveEntry(k) => Outcome::Entry(map.remove_entry(&key(k))),
        Op::Get(k) => Outcome::Value(map.get(&key(k)).cloned()),
        Op::GetKeyValue(k) => Outcome::Entry(
            map.get_key_value(&key(k))
                .map(|(k, v)| (k.clone(), v.clone())),
        ),
        Op::ContainsKey(k) => Outcome::Bool(map.contains_key(&key(k))),
        Op::GetMut(k, n) => Outcome::Value(map.get_mut(&key(k)).map(|v| {
            v.bump(*n);
            v.clone()
        })),
        Op::Index(k) => Outcome::Value(model.contains_key(&key(k)).then(|| map[&key(k)].clone())),
        Op::EntryOrInsert(k, v) => {
            Outcome::Value(Some(map.entry(key(k)).or_insert(V::make(*v)).clone()))
        }
        Op::EntryUpsert(k, n) => Outcome::Value(Some(
            map.entry(key(k))
                .and_modify(|v| v.bump(*n))
                .or_insert_with(|| V::make(*n))
                .clone(),
        )),
        Op::EntryReplace(k, v) => Outcome::Value(match map.entry(key(k)) {
            Entry::Occupied(mut entry) => Some(entry.insert(V::make(*v))),
            Entry::Vacant(entry) => {
                assert_eq!(
                    entry.insert(V::make(*v)),
                    &V::make(*v),
                    "VacantEntry::insert"
                );
                None
            }
        }),
        Op::EntryRemove(k) => Outcome::Entry(match map.entry(key(k)) {
            Entry::Occupied(entry) => Some(entry.remove_entry()),
            Entry::Vacant(entry) => {
                assert_eq!(entry.into_key(), key(k), "VacantEntry::into_key");
                None
            }
        }),
        Op::RawGet(k) => {
            let k = key(k);
            let hash = map.hash_key(&k);
            let by_key = map.raw_entry().from_key(&k).map(|(_, v)| v.clone());
            let by_hash = map
                .raw_entry()
                .from_key_hashed_nocheck(hash, &k)
                .map(|(_, v)| v.clone());
            let by_match = map
                .raw_entry()
                .from_hash(hash, |c| *c == k)
                .map(|(_, v)| v.clone());
            assert_eq!(
                by_key, by_hash,
                "raw_entry: from_key and from_key_hashed_nocheck"
            );
            assert_eq!(by_key, by_match, "raw_entry: from_key and from_hash");
            Outcome::Value(by_key)
        }
        Op::RawInsert(k, v) => {
            let k = key(k);
            let hash = map.hash_key(&k);
            Outcome::Value(
                match map.raw_entry_mut().from_key_hashed_nocheck(hash, &k) {
                    RawEntryMut::Occupied(mut entry) => Some(entry.insert(V::make(*v))),
                    RawEntryMut::Vacant(entry) => {
                        entry.insert_hashed_nocheck(hash, k, V::make(*v));
                        None
                    }
                },
            )
        }
        Op::Retain(n) => {
            let mut seen = 0;
            map.retain(|_, v| {
                seen += 1;
                v.keep(*n)
            });
            assert_eq!(seen, model.len(), "retain visits every entry once");
            Outcome::Nothing
        }
        Op::Clear => {
            map.clear();
            Outcome::Nothing
        }
        Op::Iter => Outcome::Entries(sorted(map.iter())),
        Op::Keys => {
            let mut keys: Vec<_> = map.keys().cloned().collect();
            keys.sort();
            Outcome::Keys(keys)
        }
        Op::Values => Outcome::Values(sorted_values(map.values())),
        Op::IterMut(n) => {
            map.iter_mut().for_each(|(_, v)| v.bump(*n));
            Outcome::Nothing
        }
        Op::ValuesMut(n) => {
            map.values_mut().for_each(|v| v.bump(*n));
            Outcome::Nothing
        }
        Op::Drain(n) => {
            let taken: Vec<_> = map.drain().take(usize::from(*n)).collect();
            let distinct: HashSet<&K> = taken.iter().map(|(k, _)| k).collect();
            assert_eq!(distinct.len(), taken.len(), "drain yields a key twice");
            for (k, v) in &taken {
                assert_eq!(
                    model.get(k),
                    Some(v),
                    "drain yields an entry not in the map"
                );
            }
            Outcome::Count(taken.len())
        }
        Op::Extend(entries) => {
            map.extend(entries.iter().map(|(k, v)| (key(k), V::make(*v))));
            Outcome::Nothing
        }
        Op::Reserve(n) => {
            map.reserve(usize::from(*n));
            assert!(map.capacity() >= map.len() + usize::from(*n), "reserve");
            Outcome::Nothing
        }
        Op::Clone => {
            let copy = map.clone();
            assert_eq!(copy.backend(), map.backend(), "clone keeps the backend");
            assert_eq!(copy.hasher_id(), map.hasher_id(), "clone keeps the hasher");
            *map = copy;
            Outcome::Nothing
        }
        Op::VtableDispatch => {
            *map = std::mem::take(map).into_vtable_dispatch();
            Outcome::Nothing
        }
    }
}

/// Applies `op` to the model: what it means.
pub(crate) fn apply_model<K: Key, V: Val>(model: &mut HashMap<K, V>, op: &Op) -> Outcome<K, V> {
    let key = |byte: &u8| K::make(*byte);
    match op {
        Op::Insert(k, v) | Op::RawInsert(k, v) | Op::EntryReplace(k, v) => {
            Outcome::Value(model.insert(key(k), V::make(*v)))
        }
        Op::Remove(k) => Outcome::Value(model.remove(&key(k))),
        Op::RemoveEntry(k) | Op::EntryRemove(k) => Outcome::Entry(model.remove_entry(&key(k))),
        Op::Get(k) | Op::Index(k) | Op::RawGet(k) => Outcome::Value(model.get(&key(k)).cloned()),
        Op::GetKeyValue(k) => Outcome::Entry(
            model
                .get_key_value(&key(k))
                .map(|(k, v)| (k.clone(), v.clone())),
        ),
        Op::ContainsKey(k) => Outcome::Bool(model.contains_key(&key(k))),
        Op::GetMut(k, n) => Outcome::Value(model.get_mut(&key(k)).map(|v| {
            v.bump(*n);
            v.clone()
        })),
        Op::EntryOrInsert(k, v) => {
            Outcome::Value(Some(model.entry(key(k)).or_insert(V::make(*v)).clone()))
        }
        Op::EntryUpsert(k, n) => Outcome::Value(Some(match model.entry(key(k)) {
            hash_map::Entry::Occupied(mut entry) => {
                entry.get_mut().bump(*n);
                entry.get().clone()
            }
            hash_map::Entry::Vacant(entry) => entry.insert(V::make(*n)).clone(),
        })),
        Op::Retain(n) => {
            model.retain(|_, v| v.keep(*n));
            Outcome::Nothing
        }
        Op::Clear => {
            model.clear();
            Outcome::Nothing
        }
        Op::Iter => Outcome::Entries(sorted(model.iter())),
        Op::Keys => {
            let mut keys: Vec<_> = model.keys().cloned().collect();
            keys.sort();
            Outcome::Keys(keys)
        }
        Op::Values => Outcome::Values(sorted_values(model.values())),
        Op::IterMut(n) | Op::ValuesMut(n) => {
            for v in model.values_mut() {
                v.bump(*n);
            }
            Outcome::Nothing
        }
        Op::Drain(n) => {
            let count = model.len().min(usize::from(*n));
            model.clear();
            Outcome::Count(count)
        }
        Op::Extend(entries) => {
            model.extend(entries.iter().map(|(k, v)| (key(k), V::make(*v))));
            Outcome::Nothing
        }
        Op::Reserve(_) | Op::Clone | Op::VtableDispatch => Outcome::Nothing,
    }
}
