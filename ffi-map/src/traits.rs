//! Standard traits: comparison, formatting, defaults, collecting and indexing.

use core::borrow::Borrow;
use core::fmt;
use core::hash::Hash;
use core::ops::Index;

use crate::FfiMap;

impl<K: Hash + Eq, V: PartialEq> PartialEq for FfiMap<K, V> {
    /// Equal when both have the same keys with equal values, whatever their backends, hashers
    /// or libraries.
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len()
            && self
                .iter()
                .all(|(key, value)| other.get(key).is_some_and(|v| v == value))
    }
}

impl<K: Hash + Eq, V: Eq> Eq for FfiMap<K, V> {}

impl<K: fmt::Debug, V: fmt::Debug> fmt::Debug for FfiMap<K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<K: Hash + Eq, V> Default for FfiMap<K, V> {
    fn default() -> Self {
        Self::new()
    }
}

impl<K: Hash + Eq, V> Extend<(K, V)> for FfiMap<K, V> {
    /// Inserts every pair, reserving room first as hashbrown does.
    fn extend<T: IntoIterator<Item = (K, V)>>(&mut self, iter: T) {
        let iter = iter.into_iter();
        let hint = iter.size_hint().0;
        self.reserve(if self.is_empty() {
            hint
        } else {
            hint.div_ceil(2)
        });
        for (key, value) in iter {
            self.insert(key, value);
        }
    }
}

impl<'a, K: Hash + Eq + Copy + 'a, V: Copy + 'a> Extend<(&'a K, &'a V)> for FfiMap<K, V> {
    fn extend<T: IntoIterator<Item = (&'a K, &'a V)>>(&mut self, iter: T) {
        self.extend(iter.into_iter().map(|(k, v)| (*k, *v)));
    }
}

impl<'a, K: Hash + Eq + Copy + 'a, V: Copy + 'a> Extend<&'a (K, V)> for FfiMap<K, V> {
    /// Inserts a copy of every pair.
    ///
    /// ```
    /// let mut map: ffi_map::FfiMap<u32, u32> = ffi_map::FfiMap::new();
    /// map.extend(&[(1, 10), (2, 20)]);
    /// assert_eq!(map[&2], 20);
    /// ```
    fn extend<T: IntoIterator<Item = &'a (K, V)>>(&mut self, iter: T) {
        self.extend(iter.into_iter().map(|&(k, v)| (k, v)));
    }
}

impl<K: Hash + Eq, V> FromIterator<(K, V)> for FfiMap<K, V> {
    fn from_iter<T: IntoIterator<Item = (K, V)>>(iter: T) -> Self {
        let mut map = Self::new();
        map.extend(iter);
        map
    }
}

impl<K: Hash + Eq, V, const N: usize> From<[(K, V); N]> for FfiMap<K, V> {
    fn from(entries: [(K, V); N]) -> Self {
        entries.into_iter().collect()
    }
}

impl<K, Q, V> Index<&Q> for FfiMap<K, V>
where
    K: Hash + Eq + Borrow<Q>,
    Q: Hash + Eq + ?Sized,
{
    type Output = V;

    /// The value for `key`.
    ///
    /// # Panics
    /// If the map has no entry for `key`, as `std`'s maps do; use [`FfiMap::get`] to ask.
    fn index(&self, key: &Q) -> &V {
        self.get(key).expect("no entry in the FfiMap for this key")
    }
}
