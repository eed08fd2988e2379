//! [`FfiMap::entry_ref`]: the entry API with a borrowed key, which makes the owned key (with
//! `K: From<&Q>`) only when it inserts, as hashbrown's `entry_ref`.

use core::borrow::Borrow;
use core::fmt;
use core::hash::Hash;

use crate::entry::{OccupiedEntry, VacantEntry};
use crate::hasher::KeyHash;
use crate::FfiMap;

/// A view into one entry of a map, found by a borrowed key. See [`FfiMap::entry_ref`].
pub enum EntryRef<'a, 'b, K, Q: ?Sized, V> {
    /// The map has an entry for the key.
    Occupied(OccupiedEntry<'a, K, V>),
    /// The map has no entry for the key.
    Vacant(VacantEntryRef<'a, 'b, K, Q, V>),
}

/// An entry that is not in the map yet, holding the borrowed key; the owned key is made from
/// it on insertion.
pub struct VacantEntryRef<'map, 'key, K, Q: ?Sized, V> {
    map: &'map mut FfiMap<K, V>,
    key: &'key Q,
    hash: KeyHash,
}

impl<K: Hash + Eq, V> FfiMap<K, V> {
    /// The entry for a borrowed `key`: looking it up needs no owned key, which is made (with
    /// `K: From<&Q>`) only if a value is inserted.
    ///
    /// ```
    /// use ffi_map::FfiMap;
    /// let mut counts: FfiMap<String, u32> = FfiMap::new();
    /// for word in ["a", "b", "a"] {
    ///     *counts.entry_ref(word).or_insert(0) += 1; // a `String` only for new words
    /// }
    /// assert_eq!(counts["a"], 2);
    /// ```
    pub fn entry_ref<'a, 'b, Q>(&'a mut self, key: &'b Q) -> EntryRef<'a, 'b, K, Q, V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        // `K`'s hash is its borrowed form's (the contract of `Borrow`): the hash of `key` is
        // that of the owned key made from it.
        let hash = KeyHash::of(self.hasher_id(), key);
        match OccupiedEntry::find(self, hash, |map| map.find_key_hashed_mut(hash, key)) {
            Ok(occupied) => EntryRef::Occupied(occupied),
            Err(map) => EntryRef::Vacant(VacantEntryRef { map, key, hash }),
        }
    }
}

impl<'map, 'key, K: Hash + Eq, Q: ?Sized, V> VacantEntryRef<'map, 'key, K, Q, V> {
    /// The borrowed key.
    ///
    /// ```
    /// use ffi_map::{EntryRef, FfiMap};
    /// let mut map: FfiMap<String, u32> = FfiMap::new();
    /// if let EntryRef::Vacant(entry) = map.entry_ref("a") {
    ///     assert_eq!(entry.key(), "a");
    /// }
    /// ```
    #[must_use]
    pub fn key(&self) -> &'key Q {
        self.key
    }

    /// The vacant entry of the owned `key`.
    fn owned(self, key: K) -> VacantEntry<'map, K, V> {
        VacantEntry {
            map: self.map,
            key,
            hash: self.hash,
        }
    }

    /// Inserts `value` under the key made from the borrowed one, returning the value borrowed
    /// for as long as the map was.
    ///
    /// ```
    /// use ffi_map::{EntryRef, FfiMap};
    /// let mut map: FfiMap<String, u32> = FfiMap::new();
    /// if let EntryRef::Vacant(entry) = map.entry_ref("a") {
    ///     *entry.insert(1) += 1;
    /// }
    /// assert_eq!(map["a"], 2);
    /// ```
    pub fn insert(self, value: V) -> &'map mut V
    where
        &'key Q: Into<K>,
    {
        let key = self.key.into();
        self.owned(key).insert(value)
    }

    /// Inserts `value` under `key`, given owned (for keys without `From<&Q>`).
    ///
    /// # Panics
    /// If `key` is not equal to the borrowed key of the entry, as hashbrown's.
    ///
    /// ```
    /// use ffi_map::{EntryRef, FfiMap};
    /// let mut map: FfiMap<String, u32> = FfiMap::new();
    /// if let EntryRef::Vacant(entry) = map.entry_ref("a") {
    ///     entry.insert_with_key("a".to_owned(), 1);
    /// }
    /// assert_eq!(map["a"], 1);
    /// ```
    pub fn insert_with_key(self, key: K, value: V) -> &'map mut V
    where
        K: Borrow<Q>,
        Q: Eq,
    {
        assert!(
            key.borrow() == self.key,
            "key used for Entry creation is not equivalent to the one used for insertion"
        );
        self.owned(key).insert(value)
    }

    /// Inserts `value` under the key made from the borrowed one, returning the entry, now
    /// occupied.
    ///
    /// ```
    /// use ffi_map::{EntryRef, FfiMap};
    /// let mut map: FfiMap<String, u32> = FfiMap::new();
    /// if let EntryRef::Vacant(entry) = map.entry_ref("a") {
    ///     assert_eq!(entry.insert_entry(1).key(), "a");
    /// }
    /// ```
    pub fn insert_entry(self, value: V) -> OccupiedEntry<'map, K, V>
    where
        &'key Q: Into<K>,
    {
        let key = self.key.into();
        self.owned(key).insert_entry(value)
    }
}

impl<'a, 'b, K: Hash + Eq, Q: ?Sized, V> EntryRef<'a, 'b, K, Q, V> {
    /// Sets the value (inserting the entry, or replacing its value), and returns the entry,
    /// occupied.
    ///
    /// ```
    /// let mut map: ffi_map::FfiMap<String, u32> = ffi_map::FfiMap::new();
    /// assert_eq!(map.entry_ref("a").insert(1).get(), &1);
    /// assert_eq!(map.entry_ref("a").insert(2).get(), &2);
    /// ```
    pub fn insert(self, value: V) -> OccupiedEntry<'a, K, V>
    where
        &'b Q: Into<K>,
    {
        match self {
            EntryRef::Occupied(mut entry) => {
                entry.insert(value);
                entry
            }
            EntryRef::Vacant(entry) => entry.insert_entry(value),
        }
    }

    /// The value, inserting `default` first if the entry is vacant.
    ///
    /// ```
    /// let mut map: ffi_map::FfiMap<String, u32> = ffi_map::FfiMap::new();
    /// *map.entry_ref("a").or_insert(1) += 1;
    /// assert_eq!(map["a"], 2);
    /// ```
    pub fn or_insert(self, default: V) -> &'a mut V
    where
        &'b Q: Into<K>,
    {
        self.or_insert_with(|| default)
    }

    /// The value, inserting `default()` first if the entry is vacant.
    ///
    /// ```
    /// let mut map: ffi_map::FfiMap<String, u32> = ffi_map::FfiMap::new();
    /// assert_eq!(*map.entry_ref("a").or_insert_with(|| 3), 3);
    /// ```
    pub fn or_insert_with<F: FnOnce() -> V>(self, default: F) -> &'a mut V
    where
        &'b Q: Into<K>,
    {
        self.or_insert_with_key(|_| default())
    }

    /// The value, inserting `default(key)` first if the entry is vacant.
    ///
    /// ```
    /// let mut map: ffi_map::FfiMap<String, usize> = ffi_map::FfiMap::new();
    /// assert_eq!(*map.entry_ref("abc").or_insert_with_key(|k| k.len()), 3);
    /// ```
    pub fn or_insert_with_key<F: FnOnce(&Q) -> V>(self, default: F) -> &'a mut V
    where
        &'b Q: Into<K>,
    {
        match self {
            EntryRef::Occupied(entry) => entry.into_mut(),
            EntryRef::Vacant(entry) => {
                let value = default(entry.key);
                entry.insert(value)
            }
        }
    }

    /// The value, inserting `V::default()` first if the entry is vacant.
    ///
    /// ```
    /// let mut map: ffi_map::FfiMap<String, u32> = ffi_map::FfiMap::new();
    /// *map.entry_ref("a").or_default() += 1;
    /// assert_eq!(map["a"], 1);
    /// ```
    pub fn or_default(self) -> &'a mut V
    where
        &'b Q: Into<K>,
        V: Default,
    {
        self.or_insert_with(V::default)
    }

    /// The entry, occupied, inserting `V::default()` first if it is vacant.
    ///
    /// ```
    /// let mut map: ffi_map::FfiMap<String, u32> = ffi_map::FfiMap::new();
    /// assert_eq!(map.entry_ref("a").or_default_entry().get(), &0);
    /// ```
    #[must_use = "use `or_default` for the value"]
    pub fn or_default_entry(self) -> OccupiedEntry<'a, K, V>
    where
        &'b Q: Into<K>,
        V: Default,
    {
        match self {
            EntryRef::Occupied(entry) => entry,
            EntryRef::Vacant(entry) => entry.insert_entry(V::default()),
        }
    }

    /// Runs `f` on the value if the entry is occupied.
    ///
    /// ```
    /// let mut map: ffi_map::FfiMap<String, u32> = [("a".to_owned(), 1)].into();
    /// map.entry_ref("a").and_modify(|v| *v += 1);
    /// assert_eq!(map["a"], 2);
    /// ```
    #[must_use]
    pub fn and_modify<F: FnOnce(&mut V)>(mut self, f: F) -> Self {
        if let EntryRef::Occupied(entry) = &mut self {
            f(entry.get_mut());
        }
        self
    }

    /// The entry's key, borrowed as `Q`: the stored key, or the one given.
    ///
    /// ```
    /// let mut map: ffi_map::FfiMap<String, u32> = ffi_map::FfiMap::new();
    /// assert_eq!(map.entry_ref("a").key(), "a");
    /// ```
    #[must_use]
    pub fn key(&self) -> &Q
    where
        K: Borrow<Q>,
    {
        match self {
            EntryRef::Occupied(entry) => entry.key().borrow(),
            EntryRef::Vacant(entry) => entry.key,
        }
    }
}

impl<K, Q: fmt::Debug + ?Sized, V> fmt::Debug for VacantEntryRef<'_, '_, K, Q, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("VacantEntryRef").field(&self.key).finish()
    }
}

impl<K: Hash + Eq + fmt::Debug, Q: fmt::Debug + ?Sized, V: fmt::Debug> fmt::Debug
    for EntryRef<'_, '_, K, Q, V>
{
    /// As hashbrown's.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EntryRef::Occupied(entry) => f.debug_tuple("EntryRef").field(entry).finish(),
            EntryRef::Vacant(entry) => f.debug_tuple("EntryRef").field(entry).finish(),
        }
    }
}
