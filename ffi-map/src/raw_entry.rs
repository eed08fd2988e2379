//! The raw-entry API: look-ups and insertions with a hash the caller computed once
//! ([`FfiMap::hash_key`]) and memoized, as hashbrown's `raw_entry` offers, on stable Rust and
//! through the vtable for both backends.

use core::borrow::Borrow;
use core::hash::Hash;

use crate::entry::{OccupiedEntry, VacantEntry};
use crate::hasher::KeyHash;
use crate::raw_occupied::RawOccupiedEntryMut;
use crate::FfiMap;

/// Look-ups by memoized hash. See [`FfiMap::raw_entry`].
pub struct RawEntryBuilder<'a, K, V> {
    map: &'a FfiMap<K, V>,
}

/// Look-ups by memoized hash, for insertion or change. See [`FfiMap::raw_entry_mut`].
pub struct RawEntryBuilderMut<'a, K, V> {
    map: &'a mut FfiMap<K, V>,
}

/// A raw entry, occupied or vacant.
pub enum RawEntryMut<'a, K, V> {
    /// The map has a matching entry.
    Occupied(RawOccupiedEntryMut<'a, K, V>),
    /// The map has no matching entry.
    Vacant(RawVacantEntryMut<'a, K, V>),
}

/// A raw entry that is not in the map; the key is given on insertion.
pub struct RawVacantEntryMut<'a, K, V> {
    pub(crate) map: &'a mut FfiMap<K, V>,
}

impl<K: Hash + Eq, V> FfiMap<K, V> {
    /// Look-ups with a memoized hash.
    ///
    /// ```
    /// use ffi_map::FfiMap;
    /// let map: FfiMap<String, u32> = [("aint".to_string(), 7)].into_iter().collect();
    /// let hash = map.hash_key("aint"); // once, then reused for every map with this hasher
    /// assert_eq!(map.raw_entry().from_key_hashed_nocheck(hash, "aint").map(|(_, v)| *v), Some(7));
    /// ```
    #[must_use]
    pub fn raw_entry(&self) -> RawEntryBuilder<'_, K, V> {
        RawEntryBuilder { map: self }
    }

    /// Look-ups with a memoized hash, for insertion or change.
    ///
    /// ```
    /// use ffi_map::{FfiMap, RawEntryMut};
    /// let mut map: FfiMap<String, u32> = FfiMap::new();
    /// let hash = map.hash_key("aint");
    /// match map.raw_entry_mut().from_key_hashed_nocheck(hash, "aint") {
    ///     RawEntryMut::Occupied(mut entry) => { entry.insert(1); }
    ///     RawEntryMut::Vacant(entry) => { entry.insert_hashed_nocheck(hash, "aint".into(), 0); }
    /// }
    /// assert_eq!(map["aint"], 0);
    /// ```
    pub fn raw_entry_mut(&mut self) -> RawEntryBuilderMut<'_, K, V> {
        RawEntryBuilderMut { map: self }
    }
}

impl<'a, K: Hash + Eq, V> RawEntryBuilder<'a, K, V> {
    /// The entry for `key`, hashed here.
    pub fn from_key<Q>(self, key: &Q) -> Option<(&'a K, &'a V)>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.map.get_key_value(key)
    }

    /// The entry for `key`, whose hash under this map's hasher is `hash`.
    #[inline]
    pub fn from_key_hashed_nocheck<Q>(self, hash: u64, key: &Q) -> Option<(&'a K, &'a V)>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.map.find_key_hashed(hash, key)
    }

    /// The entry with `hash` whose key satisfies `is_match`.
    pub fn from_hash<F: FnMut(&K) -> bool>(self, hash: u64, is_match: F) -> Option<(&'a K, &'a V)> {
        self.map.find(self.map.caller_hash(hash), is_match)
    }
}

impl<'a, K: Hash + Eq, V> RawEntryBuilderMut<'a, K, V> {
    /// The entry for `key`, hashed here.
    pub fn from_key<Q>(self, key: &Q) -> RawEntryMut<'a, K, V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let hash = self.map.hash_key(key);
        self.from_key_hashed_nocheck(hash, key)
    }

    /// The entry for `key`, whose hash under this map's hasher is `hash`.
    pub fn from_key_hashed_nocheck<Q>(self, hash: u64, key: &Q) -> RawEntryMut<'a, K, V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let hash = self.map.caller_hash(hash);
        Self::entry(self.map, hash, |map| map.find_key_hashed_mut(hash, key))
    }

    /// The entry with `hash` whose key satisfies `is_match`.
    pub fn from_hash<F: FnMut(&K) -> bool>(self, hash: u64, is_match: F) -> RawEntryMut<'a, K, V> {
        let hash = self.map.caller_hash(hash);
        Self::entry(self.map, hash, |map| map.find_mut(hash, is_match))
    }

    /// The raw entry that `find` finds in `map`.
    fn entry(
        map: &'a mut FfiMap<K, V>,
        hash: KeyHash,
        find: impl FnOnce(&mut FfiMap<K, V>) -> Option<(&mut K, &mut V)>,
    ) -> RawEntryMut<'a, K, V> {
        match OccupiedEntry::find(map, hash, find) {
            Ok(occupied) => RawEntryMut::Occupied(RawOccupiedEntryMut(occupied)),
            Err(map) => RawEntryMut::Vacant(RawVacantEntryMut { map }),
        }
    }
}

impl<'a, K: Hash + Eq, V> RawVacantEntryMut<'a, K, V> {
    /// Inserts `key` and `value`, hashing the key here; returns them borrowed for as long as
    /// the map was. The key may be changed only in ways that keep its hash and equality.
    ///
    /// ```
    /// use ffi_map::{FfiMap, RawEntryMut};
    /// let mut map: FfiMap<String, u32> = FfiMap::new();
    /// if let RawEntryMut::Vacant(entry) = map.raw_entry_mut().from_key("a") {
    ///     let (key, value) = entry.insert("a".to_owned(), 1);
    ///     key.shrink_to_fit();
    ///     *value += 1;
    /// }
    /// assert_eq!(map["a"], 2);
    /// ```
    pub fn insert(self, key: K, value: V) -> (&'a mut K, &'a mut V) {
        let hash = KeyHash::of(self.map.hasher_id(), &key);
        self.map.insert_hashed(hash, key, value)
    }

    /// Inserts `key` and `value` under `hash`, which must be the key's hash under this map's
    /// hasher (a wrong hash makes the entry unreachable by look-ups, never unsound).
    ///
    /// ```
    /// use ffi_map::{FfiMap, RawEntryMut};
    /// let mut map: FfiMap<&str, u32> = FfiMap::new();
    /// let hash = map.hash_key("a");
    /// if let RawEntryMut::Vacant(entry) = map.raw_entry_mut().from_key_hashed_nocheck(hash, "a") {
    ///     assert_eq!(entry.insert_hashed_nocheck(hash, "a", 1), (&mut "a", &mut 1));
    /// }
    /// ```
    pub fn insert_hashed_nocheck(self, hash: u64, key: K, value: V) -> (&'a mut K, &'a mut V) {
        let hash = self.map.caller_hash(hash);
        self.map.insert_hashed(hash, key, value)
    }

    /// hashbrown's `insert_with_hasher`: inserts `key` and `value` under `hash`, as
    /// [`insert_hashed_nocheck`](Self::insert_hashed_nocheck). The map always rehashes its keys
    /// with its own hasher ([`FfiMap::hasher`]), so `hasher` is never called: it is taken for
    /// hashbrown's signature, and `hash` must be the map's own hash of `key`.
    ///
    /// ```
    /// use ffi_map::{FfiMap, RawEntryMut};
    /// let mut map: FfiMap<&str, u32> = FfiMap::new();
    /// let hasher = map.hasher().unwrap();
    /// let hash = hasher.hash_key("a");
    /// if let RawEntryMut::Vacant(entry) = map.raw_entry_mut().from_hash(hash, |k| *k == "a") {
    ///     entry.insert_with_hasher(hash, "a", 1, |k| hasher.hash_key(k));
    /// }
    /// assert_eq!(map["a"], 1);
    /// ```
    pub fn insert_with_hasher<H: Fn(&K) -> u64>(
        self,
        hash: u64,
        key: K,
        value: V,
        hasher: H,
    ) -> (&'a mut K, &'a mut V) {
        drop(hasher);
        self.insert_hashed_nocheck(hash, key, value)
    }

    /// Inserts `key` and `value`, returning the entry, now occupied.
    ///
    /// ```
    /// use ffi_map::{FfiMap, RawEntryMut};
    /// let mut map: FfiMap<&str, u32> = FfiMap::new();
    /// if let RawEntryMut::Vacant(entry) = map.raw_entry_mut().from_key("a") {
    ///     assert_eq!(entry.insert_entry("a", 1).get(), &1);
    /// }
    /// ```
    pub fn insert_entry(self, key: K, value: V) -> RawOccupiedEntryMut<'a, K, V> {
        let hash = KeyHash::of(self.map.hasher_id(), &key);
        let vacant = VacantEntry {
            map: self.map,
            key,
            hash,
        };
        RawOccupiedEntryMut(vacant.insert_entry(value))
    }
}

impl<'a, K: Hash + Eq, V> RawEntryMut<'a, K, V> {
    /// Sets the value, inserting `key` if the entry is vacant (else `key` is dropped and the
    /// old value replaced), and returns the entry, occupied.
    ///
    /// ```
    /// let mut map: ffi_map::FfiMap<&str, u32> = ffi_map::FfiMap::new();
    /// assert_eq!(map.raw_entry_mut().from_key("a").insert("a", 1).get(), &1);
    /// assert_eq!(map.raw_entry_mut().from_key("a").insert("a", 2).get(), &2);
    /// ```
    pub fn insert(self, key: K, value: V) -> RawOccupiedEntryMut<'a, K, V> {
        match self {
            RawEntryMut::Occupied(mut entry) => {
                entry.insert(value);
                entry
            }
            RawEntryMut::Vacant(entry) => entry.insert_entry(key, value),
        }
    }

    /// The entry's key and value, inserting `key` and `value` first if it is vacant.
    ///
    /// ```
    /// let mut map: ffi_map::FfiMap<&str, u32> = ffi_map::FfiMap::new();
    /// *map.raw_entry_mut().from_key("a").or_insert("a", 0).1 += 1;
    /// assert_eq!(map["a"], 1);
    /// ```
    pub fn or_insert(self, key: K, value: V) -> (&'a mut K, &'a mut V) {
        self.or_insert_with(|| (key, value))
    }

    /// The entry's key and value, inserting `default()` first if it is vacant.
    ///
    /// ```
    /// let mut map: ffi_map::FfiMap<&str, u32> = ffi_map::FfiMap::new();
    /// let (key, value) = map.raw_entry_mut().from_key("a").or_insert_with(|| ("a", 7));
    /// assert_eq!((*key, *value), ("a", 7));
    /// ```
    pub fn or_insert_with<F: FnOnce() -> (K, V)>(self, default: F) -> (&'a mut K, &'a mut V) {
        match self {
            RawEntryMut::Occupied(entry) => entry.into_key_value(),
            RawEntryMut::Vacant(entry) => {
                let (key, value) = default();
                entry.insert(key, value)
            }
        }
    }

    /// Runs `f` on the key and value if the entry is occupied. A change of the key must keep
    /// its hash and equality (else the entry is lost to look-ups, never unsound).
    ///
    /// ```
    /// let mut map: ffi_map::FfiMap<&str, u32> = [("a", 1)].into();
    /// map.raw_entry_mut().from_key("a").and_modify(|_, v| *v += 1);
    /// assert_eq!(map["a"], 2);
    /// ```
    #[must_use]
    pub fn and_modify<F: FnOnce(&mut K, &mut V)>(mut self, f: F) -> Self {
        if let RawEntryMut::Occupied(entry) = &mut self {
            let (key, value) = entry.get_key_value_mut();
            f(key, value);
        }
        self
    }
}
