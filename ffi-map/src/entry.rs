//! The entry API: [`FfiMap::entry`] and the occupied and vacant entries it gives (the
//! raw-entry and `entry_ref` APIs build on them).

use core::fmt;
use core::hash::Hash;
use core::mem;
use core::ptr;

use crate::hasher::KeyHash;
use crate::FfiMap;

/// A view into one entry of a map, occupied or vacant. See [`FfiMap::entry`].
pub enum Entry<'a, K, V> {
    /// The map has an entry for the key.
    Occupied(OccupiedEntry<'a, K, V>),
    /// The map has no entry for the key.
    Vacant(VacantEntry<'a, K, V>),
}

/// An entry that is in the map.
pub struct OccupiedEntry<'a, K, V> {
    map: &'a mut FfiMap<K, V>,
    /// Made from a `&mut K` (so the raw-entry API may change the key in place).
    key: *mut K,
    value: *mut V,
    hash: KeyHash,
}

/// An entry that is not in the map yet, holding the key to insert.
pub struct VacantEntry<'a, K, V> {
    pub(crate) map: &'a mut FfiMap<K, V>,
    pub(crate) key: K,
    pub(crate) hash: KeyHash,
}

impl<K: Hash + Eq, V> FfiMap<K, V> {
    /// The entry for `key`, to read, insert or update in place with one look-up.
    ///
    /// ```
    /// use ffi_map::FfiMap;
    /// let mut counts: FfiMap<&str, u32> = FfiMap::new();
    /// for word in ["a", "b", "a"] {
    ///     *counts.entry(word).or_insert(0) += 1;
    /// }
    /// assert_eq!(counts["a"], 2);
    /// ```
    pub fn entry(&mut self, key: K) -> Entry<'_, K, V> {
        let hash = KeyHash::of(self.hasher_id(), &key);
        match OccupiedEntry::find(self, hash, |map| map.find_key_hashed_mut(hash, &key)) {
            Ok(occupied) => Entry::Occupied(occupied),
            Err(map) => Entry::Vacant(VacantEntry { map, key, hash }),
        }
    }
}

impl<'a, K: Hash + Eq, V> OccupiedEntry<'a, K, V> {
    /// The occupied entry that `find` finds in `map`, whose key hashes to `hash`, or the map
    /// back.
    pub(crate) fn find(
        map: &'a mut FfiMap<K, V>,
        hash: KeyHash,
        find: impl FnOnce(&mut FfiMap<K, V>) -> Option<(&mut K, &mut V)>,
    ) -> Result<Self, &'a mut FfiMap<K, V>> {
        let found = find(&mut *map).map(|(key, value)| (ptr::from_mut(key), ptr::from_mut(value)));
        match found {
            Some((key, value)) => Ok(Self {
                map,
                key,
                value,
                hash,
            }),
            None => Err(map),
        }
    }

    /// The stored key.
    #[must_use]
    pub fn key(&self) -> &K {
        // SAFETY: the entry borrows the map exclusively, so the entry it found stays in place.
        unsafe { &*self.key }
    }

    /// The value.
    #[must_use]
    pub fn get(&self) -> &V {
        // SAFETY: as in `key`.
        unsafe { &*self.value }
    }

    /// The value, to change.
    pub fn get_mut(&mut self) -> &mut V {
        // SAFETY: as in `key`; `&mut self` makes the borrow exclusive.
        unsafe { &mut *self.value }
    }

    /// The stored key and the value, both to change (for the raw-entry API).
    pub(crate) fn key_value_mut(&mut self) -> (&mut K, &mut V) {
        // SAFETY: as in `get_mut`; the key is another object than the value, and its pointer
        // was made from a `&mut K` (see `OccupiedEntry::find`).
        unsafe { (&mut *self.key, &mut *self.value) }
    }

    /// [`OccupiedEntry::key_value_mut`], borrowed for as long as the map was.
    pub(crate) fn into_key_value_mut(self) -> (&'a mut K, &'a mut V) {
        // SAFETY: as in `key_value_mut`; the entry's exclusive borrow passes to the result.
        unsafe { (&mut *self.key, &mut *self.value) }
    }

    /// The value, borrowed for as long as the map was.
    #[must_use]
    pub fn into_mut(self) -> &'a mut V {
        // SAFETY: as in `key`; the entry's exclusive borrow of the map passes to the result.
        unsafe { &mut *self.value }
    }

    /// The stored key and the value, borrowed for as long as the map was.
    #[must_use]
    pub fn into_key_value(self) -> (&'a K, &'a mut V) {
        // SAFETY: as in `into_mut`.
        unsafe { (&*self.key, &mut *self.value) }
    }

    /// Replaces the value, returning the old one.
    pub fn insert(&mut self, value: V) -> V {
        mem::replace(self.get_mut(), value)
    }

    /// Removes the entry, returning its value.
    #[must_use = "use `FfiMap::remove` to drop the value"]
    pub fn remove(self) -> V {
        self.remove_entry().1
    }

    /// Removes the entry, returning the stored key and the value.
    ///
    /// # Panics
    /// Never: the entry holds the map exclusively, so the entry it found is still there.
    #[must_use = "use `FfiMap::remove` to drop the entry"]
    pub fn remove_entry(self) -> (K, V) {
        let (vacant, value) = self.vacate();
        (vacant.key, value)
    }

    /// Removes the entry: the vacant entry left, holding the key, and the value.
    ///
    /// # Panics
    /// Never: the entry holds the map exclusively, so the entry it found is still there.
    pub(crate) fn vacate(self) -> (VacantEntry<'a, K, V>, V) {
        let (map, hash, key) = (self.map, self.hash, self.key);
        let (key, value) = map
            .remove_found(hash, |k| ptr::eq(k, key))
            .expect("an occupied entry is in its map");
        (VacantEntry { map, key, hash }, value)
    }
}

impl<'a, K: Hash + Eq, V> VacantEntry<'a, K, V> {
    /// The key that would be inserted.
    #[must_use]
    pub fn key(&self) -> &K {
        &self.key
    }

    /// Gives the key back.
    #[must_use]
    pub fn into_key(self) -> K {
        self.key
    }

    /// Inserts `value`, returning it borrowed for as long as the map was.
    pub fn insert(self, value: V) -> &'a mut V {
        self.map.insert_hashed(self.hash, self.key, value).1
    }

    /// Inserts `value`, returning the entry, now occupied.
    ///
    /// ```
    /// use ffi_map::{Entry, FfiMap};
    /// let mut map: FfiMap<&str, u32> = FfiMap::new();
    /// if let Entry::Vacant(entry) = map.entry("a") {
    ///     let entry = entry.insert_entry(1);
    ///     assert_eq!((*entry.key(), *entry.get()), ("a", 1));
    /// }
    /// ```
    pub fn insert_entry(self, value: V) -> OccupiedEntry<'a, K, V> {
        let (key, value) = self.map.insert_hashed(self.hash, self.key, value);
        let (key, value) = (ptr::from_mut(key), ptr::from_mut(value));
        OccupiedEntry {
            map: self.map,
            key,
            value,
            hash: self.hash,
        }
    }
}

impl<'a, K: Hash + Eq, V> Entry<'a, K, V> {
    /// Sets the value (inserting the entry, or replacing its value, which is dropped), and
    /// returns the entry, occupied: hashbrown's `Entry::insert`.
    ///
    /// ```
    /// let mut map: ffi_map::FfiMap<&str, u32> = ffi_map::FfiMap::new();
    /// let entry = map.entry("a").insert(1);
    /// assert_eq!(*entry.get(), 1);
    /// assert_eq!(*map.entry("a").insert(2).get(), 2);
    /// ```
    pub fn insert(self, value: V) -> OccupiedEntry<'a, K, V> {
        match self {
            Entry::Occupied(mut entry) => {
                entry.insert(value);
                entry
            }
            Entry::Vacant(entry) => entry.insert_entry(value),
        }
    }

    /// The entry, occupied, inserting `default` first if it is vacant.
    ///
    /// ```
    /// let mut map: ffi_map::FfiMap<&str, u32> = ffi_map::FfiMap::new();
    /// assert_eq!(*map.entry("a").or_insert_entry(1).get(), 1);
    /// assert_eq!(*map.entry("a").or_insert_entry(2).get(), 1);
    /// ```
    pub fn or_insert_entry(self, default: V) -> OccupiedEntry<'a, K, V> {
        match self {
            Entry::Occupied(entry) => entry,
            Entry::Vacant(entry) => entry.insert_entry(default),
        }
    }

    /// The value, inserting `default` first if the entry is vacant.
    pub fn or_insert(self, default: V) -> &'a mut V {
        self.or_insert_with(|| default)
    }

    /// The value, inserting `default()` first if the entry is vacant.
    pub fn or_insert_with<F: FnOnce() -> V>(self, default: F) -> &'a mut V {
        self.or_insert_with_key(|_| default())
    }

    /// The value, inserting `default(&key)` first if the entry is vacant.
    pub fn or_insert_with_key<F: FnOnce(&K) -> V>(self, default: F) -> &'a mut V {
        match self {
            Entry::Occupied(entry) => entry.into_mut(),
            Entry::Vacant(entry) => {
                let value = default(entry.key());
                entry.insert(value)
            }
        }
    }

    /// The value, inserting `V::default()` first if the entry is vacant.
    pub fn or_default(self) -> &'a mut V
    where
        V: Default,
    {
        self.or_insert_with(V::default)
    }

    /// Runs `f` on the value if the entry is occupied.
    #[must_use]
    pub fn and_modify<F: FnOnce(&mut V)>(mut self, f: F) -> Self {
        if let Entry::Occupied(entry) = &mut self {
            f(entry.get_mut());
        }
        self
    }

    /// The entry's key.
    #[must_use]
    pub fn key(&self) -> &K {
        match self {
            Entry::Occupied(entry) => entry.key(),
            Entry::Vacant(entry) => entry.key(),
        }
    }
}

/// The error of [`FfiMap::try_insert`]: the key was there. Holds the entry and the value not
/// inserted.
///
/// ```
/// use ffi_map::{FfiMap, OccupiedError};
/// let mut map: FfiMap<&str, u32> = [("a", 1)].into();
/// let OccupiedError { entry, value } = map.try_insert("a", 2).unwrap_err();
/// assert_eq!((*entry.get(), value), (1, 2));
/// ```
pub struct OccupiedError<'a, K, V> {
    /// The entry in the map, which holds the key already.
    pub entry: OccupiedEntry<'a, K, V>,
    /// The value that was not inserted.
    pub value: V,
}

impl<K: Hash + Eq, V> FfiMap<K, V> {
    /// Inserts `value` for `key` if the key is not in the map, returning the value inserted;
    /// else changes nothing and returns the entry and `value` (hashbrown's `try_insert`, also
    /// `std`'s, unstable).
    ///
    /// # Errors
    /// [`OccupiedError`] if the map has `key`.
    ///
    /// ```
    /// let mut map: ffi_map::FfiMap<&str, u32> = ffi_map::FfiMap::new();
    /// assert_eq!(map.try_insert("a", 1).ok(), Some(&mut 1));
    /// assert!(map.try_insert("a", 2).is_err());
    /// assert_eq!(map["a"], 1);
    /// ```
    pub fn try_insert(&mut self, key: K, value: V) -> Result<&mut V, OccupiedError<'_, K, V>> {
        match self.entry(key) {
            Entry::Occupied(entry) => Err(OccupiedError { entry, value }),
            Entry::Vacant(entry) => Ok(entry.insert(value)),
        }
    }
}

impl<K: Hash + Eq + fmt::Debug, V: fmt::Debug> fmt::Debug for OccupiedError<'_, K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OccupiedError")
            .field("key", self.entry.key())
            .field("old_value", self.entry.get())
            .field("new_value", &self.value)
            .finish()
    }
}

impl<K: Hash + Eq + fmt::Debug, V: fmt::Debug> fmt::Display for OccupiedError<'_, K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "failed to insert {:?}, key {:?} already exists with value {:?}",
            self.value,
            self.entry.key(),
            self.entry.get(),
        )
    }
}

impl<K: Hash + Eq + fmt::Debug, V: fmt::Debug> std::error::Error for OccupiedError<'_, K, V> {}

impl<K: Hash + Eq + fmt::Debug, V: fmt::Debug> fmt::Debug for OccupiedEntry<'_, K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OccupiedEntry")
            .field("key", self.key())
            .field("value", self.get())
            .finish()
    }
}

impl<K: Hash + Eq + fmt::Debug, V> fmt::Debug for VacantEntry<'_, K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("VacantEntry").field(self.key()).finish()
    }
}

impl<K: Hash + Eq + fmt::Debug, V: fmt::Debug> fmt::Debug for Entry<'_, K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // As hashbrown's.
        match self {
            Entry::Occupied(entry) => f.debug_tuple("Entry").field(entry).finish(),
            Entry::Vacant(entry) => f.debug_tuple("Entry").field(entry).finish(),
        }
    }
}
