//! Several values borrowed mutably at once: [`FfiMap::get_disjoint_mut`] and its key-value
//! form, and the one-key [`FfiMap::get_key_value_mut`] they are made of.

use core::borrow::Borrow;
use core::hash::Hash;
use core::ptr;

use crate::backend::BackendMap;
use crate::hasher::KeyHash;
use crate::map::native_or;
use crate::FfiMap;

impl<K: Hash + Eq, V> FfiMap<K, V> {
    /// The stored key and the value for `key`, to change.
    ///
    /// ```
    /// let mut map: ffi_map::FfiMap<String, u32> = [("a".to_owned(), 1)].into();
    /// if let Some((key, value)) = map.get_key_value_mut("a") {
    ///     *value += key.len() as u32;
    /// }
    /// assert_eq!(map["a"], 2);
    /// ```
    pub fn get_key_value_mut<Q>(&mut self, key: &Q) -> Option<(&K, &mut V)>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        if self.raw.is_null() {
            return None;
        }
        native_or!(
            self.native_mut,
            |m| m.find_key_mut(KeyHash::UNKNOWN, key),
            {
                let hash = self.key_hash(key);
                self.find_key_hashed_mut(hash, key)
            }
        )
        .map(|(k, v)| (&*k, v))
    }

    /// The values for `N` keys at once, each to change (`None` for a key not in the map), as
    /// hashbrown's `get_disjoint_mut` (formerly `get_many_mut`): `N` look-ups.
    ///
    /// # Panics
    /// If two of the keys find the same entry (hashbrown's "duplicate keys found").
    ///
    /// ```
    /// let mut map: ffi_map::FfiMap<&str, u32> = [("a", 1), ("b", 2)].into();
    /// let [a, b, c] = map.get_disjoint_mut(["a", "b", "c"]);
    /// std::mem::swap(a.unwrap(), b.unwrap());
    /// assert!(c.is_none());
    /// assert_eq!((map["a"], map["b"]), (2, 1));
    /// ```
    pub fn get_disjoint_mut<Q, const N: usize>(&mut self, keys: [&Q; N]) -> [Option<&mut V>; N]
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.get_disjoint_key_value_mut(keys)
            .map(|entry| entry.map(|(_, v)| v))
    }

    /// [`FfiMap::get_disjoint_mut`] with the stored keys.
    ///
    /// # Panics
    /// If two of the keys find the same entry.
    ///
    /// ```
    /// let mut map: ffi_map::FfiMap<&str, u32> = [("a", 1), ("b", 2)].into();
    /// let [a, b] = map.get_disjoint_key_value_mut(["a", "b"]);
    /// assert_eq!(a, Some((&"a", &mut 1)));
    /// assert_eq!(b.map(|(k, _)| *k), Some("b"));
    /// ```
    pub fn get_disjoint_key_value_mut<Q, const N: usize>(
        &mut self,
        keys: [&Q; N],
    ) -> [Option<(&K, &mut V)>; N]
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let found = keys.map(|key| {
            self.get_key_value_mut(key)
                .map(|(k, v)| (ptr::from_ref(k), ptr::from_mut(v)))
        });
        for (i, entry) in found.iter().enumerate() {
            if entry.is_some() && found[..i].contains(entry) {
                duplicate_keys();
            }
        }
        // SAFETY: every pointer is to an entry of the map, exclusively borrowed for the
        // result's lifetime and not changed since the look-ups (which only read); the entries
        // are distinct (checked above), so the `&mut V`s do not alias.
        found.map(|entry| entry.map(|(k, v)| unsafe { (&*k, &mut *v) }))
    }
}

#[cold]
#[track_caller]
fn duplicate_keys() -> ! {
    panic!("duplicate keys found")
}
