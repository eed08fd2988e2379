//! Replacing an entry through a closure that takes its value: hashbrown's
//! `replace_entry_with` family, on the entry and raw-entry APIs.
//!
//! The entry is removed, the closure gets its value, and what it gives back is inserted again
//! under the same hash: natively and through the vtable alike, that is one removal and one
//! insertion (hashbrown replaces in place). If the closure panics, the entry is gone, as in
//! hashbrown.

use core::hash::Hash;

use crate::entry::{Entry, OccupiedEntry};
use crate::raw_entry::RawEntryMut;

impl<'a, K: Hash + Eq, V> OccupiedEntry<'a, K, V> {
    /// Gives the value to `f`, which returns the new value (the entry stays) or `None` (the
    /// entry is removed; its key is kept in the vacant entry returned).
    ///
    /// ```
    /// use ffi_map::{Entry, FfiMap};
    /// let mut map: FfiMap<&str, u32> = [("a", 1), ("b", 2)].into();
    /// if let Entry::Occupied(entry) = map.entry("a") {
    ///     let entry = entry.replace_entry_with(|_, v| Some(v + 10));
    ///     assert!(matches!(entry, Entry::Occupied(_)));
    /// }
    /// if let Entry::Occupied(entry) = map.entry("b") {
    ///     let entry = entry.replace_entry_with(|_, _| None);
    ///     assert_eq!(entry.key(), &"b");
    /// }
    /// assert_eq!(map, [("a", 11)].into());
    /// ```
    pub fn replace_entry_with<F: FnOnce(&K, V) -> Option<V>>(self, f: F) -> Entry<'a, K, V> {
        let (vacant, value) = self.vacate();
        let replacement = f(vacant.key(), value);
        match replacement {
            Some(value) => Entry::Occupied(vacant.insert_entry(value)),
            None => Entry::Vacant(vacant),
        }
    }
}

impl<K: Hash + Eq, V> Entry<'_, K, V> {
    /// [`OccupiedEntry::replace_entry_with`] if the entry is occupied.
    ///
    /// ```
    /// let mut map: ffi_map::FfiMap<&str, u32> = [("a", 1)].into();
    /// let entry = map.entry("a").and_replace_entry_with(|_, v| Some(v * 5));
    /// assert_eq!(entry.key(), &"a");
    /// assert_eq!(map["a"], 5);
    /// ```
    #[must_use]
    pub fn and_replace_entry_with<F: FnOnce(&K, V) -> Option<V>>(self, f: F) -> Self {
        match self {
            Entry::Occupied(entry) => entry.replace_entry_with(f),
            vacant @ Entry::Vacant(_) => vacant,
        }
    }
}

impl<K: Hash + Eq, V> RawEntryMut<'_, K, V> {
    /// [`RawOccupiedEntryMut::replace_entry_with`](crate::RawOccupiedEntryMut::replace_entry_with)
    /// if the entry is occupied: gives its value to `f`, which returns the new value or `None`
    /// to remove the entry (its key is then dropped).
    ///
    /// ```
    /// use ffi_map::{FfiMap, RawEntryMut};
    /// let mut map: FfiMap<&str, u32> = [("a", 1)].into();
    /// let entry = map.raw_entry_mut().from_key("a").and_replace_entry_with(|_, _| None);
    /// assert!(matches!(entry, RawEntryMut::Vacant(_)));
    /// assert!(map.is_empty());
    /// ```
    #[must_use]
    pub fn and_replace_entry_with<F: FnOnce(&K, V) -> Option<V>>(self, f: F) -> Self {
        match self {
            RawEntryMut::Occupied(entry) => entry.replace_entry_with(f),
            vacant @ RawEntryMut::Vacant(_) => vacant,
        }
    }
}
