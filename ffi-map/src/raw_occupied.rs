//! [`RawOccupiedEntryMut`]: an occupied entry of the raw-entry API, with hashbrown's
//! methods, the key's among them (it may be changed in place, keeping its hash and equality).

use core::fmt;
use core::hash::Hash;
use core::mem;

use crate::entry::{Entry, OccupiedEntry};
use crate::raw_entry::{RawEntryMut, RawVacantEntryMut};

/// A raw entry that is in the map. See [`FfiMap::raw_entry_mut`](crate::FfiMap::raw_entry_mut).
pub struct RawOccupiedEntryMut<'a, K, V>(pub(crate) OccupiedEntry<'a, K, V>);

impl<'a, K: Hash + Eq, V> RawOccupiedEntryMut<'a, K, V> {
    /// The stored key.
    ///
    /// ```
    /// use ffi_map::{FfiMap, RawEntryMut};
    /// let mut map: FfiMap<&str, u32> = [("a", 1)].into();
    /// if let RawEntryMut::Occupied(entry) = map.raw_entry_mut().from_key("a") {
    ///     assert_eq!(entry.key(), &"a");
    /// }
    /// ```
    #[must_use]
    pub fn key(&self) -> &K {
        self.0.key()
    }

    /// The stored key, to change in ways that keep its hash and equality (else the entry is
    /// lost to look-ups, never unsound).
    ///
    /// ```
    /// use ffi_map::{FfiMap, RawEntryMut};
    /// let mut map: FfiMap<String, u32> = [("a".to_owned(), 1)].into();
    /// if let RawEntryMut::Occupied(mut entry) = map.raw_entry_mut().from_key("a") {
    ///     entry.key_mut().shrink_to_fit();
    /// }
    /// assert_eq!(map["a"], 1);
    /// ```
    pub fn key_mut(&mut self) -> &mut K {
        self.0.key_value_mut().0
    }

    /// The stored key, borrowed mutably for as long as the map was.
    ///
    /// ```
    /// use ffi_map::{FfiMap, RawEntryMut};
    /// let mut map: FfiMap<String, u32> = [("a".to_owned(), 1)].into();
    /// if let RawEntryMut::Occupied(entry) = map.raw_entry_mut().from_key("a") {
    ///     assert_eq!(entry.into_key(), "a");
    /// }
    /// ```
    #[must_use]
    pub fn into_key(self) -> &'a mut K {
        self.0.into_key_value_mut().0
    }

    /// The value.
    ///
    /// ```
    /// use ffi_map::{FfiMap, RawEntryMut};
    /// let mut map: FfiMap<&str, u32> = [("a", 1)].into();
    /// if let RawEntryMut::Occupied(entry) = map.raw_entry_mut().from_key("a") {
    ///     assert_eq!(entry.get(), &1);
    /// }
    /// ```
    #[must_use]
    pub fn get(&self) -> &V {
        self.0.get()
    }

    /// The value, borrowed mutably for as long as the map was.
    ///
    /// ```
    /// use ffi_map::{FfiMap, RawEntryMut};
    /// let mut map: FfiMap<&str, u32> = [("a", 1)].into();
    /// if let RawEntryMut::Occupied(entry) = map.raw_entry_mut().from_key("a") {
    ///     *entry.into_mut() += 1;
    /// }
    /// assert_eq!(map["a"], 2);
    /// ```
    #[must_use]
    pub fn into_mut(self) -> &'a mut V {
        self.0.into_mut()
    }

    /// The value, to change.
    ///
    /// ```
    /// use ffi_map::{FfiMap, RawEntryMut};
    /// let mut map: FfiMap<&str, u32> = [("a", 1)].into();
    /// if let RawEntryMut::Occupied(mut entry) = map.raw_entry_mut().from_key("a") {
    ///     *entry.get_mut() += 1;
    /// }
    /// assert_eq!(map["a"], 2);
    /// ```
    pub fn get_mut(&mut self) -> &mut V {
        self.0.get_mut()
    }

    /// The stored key and the value.
    ///
    /// ```
    /// use ffi_map::{FfiMap, RawEntryMut};
    /// let mut map: FfiMap<&str, u32> = [("a", 1)].into();
    /// if let RawEntryMut::Occupied(entry) = map.raw_entry_mut().from_key("a") {
    ///     assert_eq!(entry.get_key_value(), (&"a", &1));
    /// }
    /// ```
    #[must_use]
    pub fn get_key_value(&self) -> (&K, &V) {
        (self.0.key(), self.0.get())
    }

    /// The stored key and the value, both to change (the key keeping its hash and equality).
    ///
    /// ```
    /// use ffi_map::{FfiMap, RawEntryMut};
    /// let mut map: FfiMap<&str, u32> = [("a", 1)].into();
    /// if let RawEntryMut::Occupied(mut entry) = map.raw_entry_mut().from_key("a") {
    ///     let (_, value) = entry.get_key_value_mut();
    ///     *value += 1;
    /// }
    /// assert_eq!(map["a"], 2);
    /// ```
    pub fn get_key_value_mut(&mut self) -> (&mut K, &mut V) {
        self.0.key_value_mut()
    }

    /// The stored key and the value, borrowed mutably for as long as the map was.
    ///
    /// ```
    /// use ffi_map::{FfiMap, RawEntryMut};
    /// let mut map: FfiMap<&str, u32> = [("a", 1)].into();
    /// if let RawEntryMut::Occupied(entry) = map.raw_entry_mut().from_key("a") {
    ///     assert_eq!(entry.into_key_value(), (&mut "a", &mut 1));
    /// }
    /// ```
    #[must_use]
    pub fn into_key_value(self) -> (&'a mut K, &'a mut V) {
        self.0.into_key_value_mut()
    }

    /// Replaces the value, returning the old one.
    ///
    /// ```
    /// use ffi_map::{FfiMap, RawEntryMut};
    /// let mut map: FfiMap<&str, u32> = [("a", 1)].into();
    /// if let RawEntryMut::Occupied(mut entry) = map.raw_entry_mut().from_key("a") {
    ///     assert_eq!(entry.insert(2), 1);
    /// }
    /// assert_eq!(map["a"], 2);
    /// ```
    pub fn insert(&mut self, value: V) -> V {
        self.0.insert(value)
    }

    /// Replaces the stored key with `key` (which must have the same hash and equality),
    /// returning the old one.
    ///
    /// ```
    /// use ffi_map::{FfiMap, RawEntryMut};
    /// let mut map: FfiMap<String, u32> = [("a".to_owned(), 1)].into();
    /// if let RawEntryMut::Occupied(mut entry) = map.raw_entry_mut().from_key("a") {
    ///     assert_eq!(entry.insert_key("a".to_owned()), "a");
    /// }
    /// ```
    pub fn insert_key(&mut self, key: K) -> K {
        mem::replace(self.key_mut(), key)
    }

    /// Removes the entry, returning its value.
    ///
    /// ```
    /// use ffi_map::{FfiMap, RawEntryMut};
    /// let mut map: FfiMap<&str, u32> = [("a", 1)].into();
    /// if let RawEntryMut::Occupied(entry) = map.raw_entry_mut().from_key("a") {
    ///     assert_eq!(entry.remove(), 1);
    /// }
    /// assert!(map.is_empty());
    /// ```
    #[must_use = "use `FfiMap::remove` to drop the value"]
    pub fn remove(self) -> V {
        self.0.remove()
    }

    /// Removes the entry, returning the stored key and the value.
    ///
    /// ```
    /// use ffi_map::{FfiMap, RawEntryMut};
    /// let mut map: FfiMap<&str, u32> = [("a", 1)].into();
    /// if let RawEntryMut::Occupied(entry) = map.raw_entry_mut().from_key("a") {
    ///     assert_eq!(entry.remove_entry(), ("a", 1));
    /// }
    /// ```
    #[must_use = "use `FfiMap::remove` to drop the entry"]
    pub fn remove_entry(self) -> (K, V) {
        self.0.remove_entry()
    }

    /// Gives the value to `f`, which returns the new value (the entry stays) or `None` (the
    /// entry is removed, its key dropped). See [`OccupiedEntry::replace_entry_with`] for the
    /// cost.
    ///
    /// ```
    /// use ffi_map::{FfiMap, RawEntryMut};
    /// let mut map: FfiMap<&str, u32> = [("a", 1)].into();
    /// if let RawEntryMut::Occupied(entry) = map.raw_entry_mut().from_key("a") {
    ///     let entry = entry.replace_entry_with(|_, v| Some(v + 1));
    ///     assert!(matches!(entry, RawEntryMut::Occupied(_)));
    /// }
    /// assert_eq!(map["a"], 2);
    /// ```
    pub fn replace_entry_with<F: FnOnce(&K, V) -> Option<V>>(self, f: F) -> RawEntryMut<'a, K, V> {
        match self.0.replace_entry_with(f) {
            Entry::Occupied(entry) => RawEntryMut::Occupied(Self(entry)),
            Entry::Vacant(entry) => RawEntryMut::Vacant(RawVacantEntryMut { map: entry.map }),
        }
    }
}

impl<K: Hash + Eq + fmt::Debug, V: fmt::Debug> fmt::Debug for RawOccupiedEntryMut<'_, K, V> {
    /// As hashbrown's.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawOccupiedEntryMut")
            .field("key", self.key())
            .field("value", self.get())
            .finish()
    }
}
