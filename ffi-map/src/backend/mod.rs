//! The backends: which native map lives in a map's box, and the one interface the vtable and
//! the same-library fast path use to drive either of them.

use core::borrow::Borrow;
use core::hash::Hash;

use abi_stable::StableAbi;

use crate::hasher::{HasherId, KeyHash, MapHasher};
use crate::vtable::EntryFilter;
use crate::TryReserveError;

#[cfg(feature = "halfbrown")]
mod halfbrown;
#[cfg(feature = "hashbrown")]
mod hashbrown;
mod str_eq;

use self::str_eq::str_eq;

#[cfg(feature = "halfbrown")]
pub(crate) use self::halfbrown::HalfMap;
#[cfg(feature = "hashbrown")]
pub(crate) use self::hashbrown::BrownMap;

/// The native hash map behind an [`FfiMap`](crate::FfiMap).
///
/// Both variants exist in every build, so a map made by a library with another set of features
/// still reports a valid value; [`Backend::is_available`] says whether this build has it.
#[repr(u8)]
#[derive(StableAbi, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Backend {
    /// [halfbrown](https://docs.rs/halfbrown): a vector scanned linearly up to 32 entries, a hashbrown table above.
    /// The default, and the best choice for event-sized objects.
    Halfbrown = 0,
    /// [`hashbrown`](https://docs.rs/hashbrown): always a `SwissTable`.
    Hashbrown = 1,
}

impl Backend {
    /// The backend of [`FfiMap::new`](crate::FfiMap::new): halfbrown, unless only the
    /// `hashbrown` feature is enabled.
    #[cfg(feature = "halfbrown")]
    pub const DEFAULT: Self = Self::Halfbrown;
    /// The backend of [`FfiMap::new`](crate::FfiMap::new): halfbrown, unless only the
    /// `hashbrown` feature is enabled.
    #[cfg(not(feature = "halfbrown"))]
    pub const DEFAULT: Self = Self::Hashbrown;

    /// Whether this build was compiled with this backend (its cargo feature is enabled).
    ///
    /// Maps of any backend made elsewhere can still be used: they carry their own code.
    #[must_use]
    pub const fn is_available(self) -> bool {
        match self {
            Self::Halfbrown => cfg!(feature = "halfbrown"),
            Self::Hashbrown => cfg!(feature = "hashbrown"),
        }
    }

    /// The backend's name, as its cargo feature spells it.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Halfbrown => "halfbrown",
            Self::Hashbrown => "hashbrown",
        }
    }
}

impl core::fmt::Display for Backend {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
    }
}

/// What a native map must offer. Implemented by `impl_backend!` for each backend, so both are
/// driven by the same generic code.
pub(crate) trait BackendMap<K: Hash + Eq, V>: Sized {
    /// Which backend this is.
    const BACKEND: Backend;
    /// The least capacity that keeps the map's own hasher for good. halfbrown rebuilds its
    /// table with `S::default()` (the fixed seed) when it outgrows its vector, so a map with
    /// any other seed must start as a table.
    const SEEDED_MIN_CAPACITY: usize;

    /// An empty map with room for `capacity` entries and `hasher`, which it keeps; `None`
    /// when the capacity overflows.
    fn try_with_capacity_and_hasher(capacity: usize, hasher: MapHasher) -> Option<Self> {
        let capacity = if hasher.id() == crate::HasherId::DEFAULT {
            capacity
        } else {
            capacity.max(Self::SEEDED_MIN_CAPACITY)
        };
        table_fits::<(K, V)>(0, capacity).then(|| Self::with_capacity_and_hasher(capacity, hasher))
    }

    type Iter<'a>: Iterator<Item = (&'a K, &'a V)> + Clone
    where
        Self: 'a,
        K: 'a,
        V: 'a;
    type IterMut<'a>: Iterator<Item = (&'a K, &'a mut V)>
    where
        Self: 'a,
        K: 'a,
        V: 'a;
    type Drain<'a>: Iterator<Item = (K, V)>
    where
        Self: 'a,
        K: 'a,
        V: 'a;
    type IntoIter: Iterator<Item = (K, V)>;
    /// A lazy `extract_if` walk whose filter is given at each step (through the vtable, the
    /// caller's filter lives in the caller's iterator, which moves).
    type Extract<'a>
    where
        Self: 'a,
        K: 'a,
        V: 'a;

    fn with_capacity_and_hasher(capacity: usize, hasher: MapHasher) -> Self;
    fn hasher(&self) -> &MapHasher;
    fn len(&self) -> usize;
    fn capacity(&self) -> usize;
    /// Makes room for `additional` more entries, without panicking on overflow.
    fn try_reserve(&mut self, additional: usize) -> Result<(), TryReserveError>;
    /// Shrinks the capacity to `min_capacity` or the length, whichever is larger (no change if
    /// the capacity is already smaller).
    fn shrink_to(&mut self, min_capacity: usize);
    /// The bytes of memory the map has allocated for its entries.
    fn allocation_size(&self) -> usize;
    fn clear(&mut self);
    fn iter(&self) -> Self::Iter<'_>;
    fn iter_mut(&mut self) -> Self::IterMut<'_>;
    fn drain(&mut self) -> Self::Drain<'_>;
    fn into_iter(self) -> Self::IntoIter;
    fn retain<F: FnMut(&K, &mut V) -> bool>(&mut self, keep: F);
    /// Starts an `extract_if` walk.
    fn extract_start(&mut self) -> Self::Extract<'_>;
    /// The next entry `extract` removes, asking the caller's `filter`.
    fn extract_next<'a>(extract: &mut Self::Extract<'a>, filter: EntryFilter) -> Option<(K, V)>
    where
        Self: 'a;

    /// The native look-up of `key`, hashed as the backend's own `get` hashes it (halfbrown's
    /// vector mode does not even need to).
    fn lookup<Q>(&self, key: &Q) -> Option<(&K, &V)>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized;
    /// The native look-up of `key`, whose hash under the map's own hasher is `hash`.
    fn lookup_hashed<Q>(&self, hash: u64, key: &Q) -> Option<(&K, &V)>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized;
    /// [`BackendMap::lookup`] for mutation (of the value, and of the key for the raw-entry
    /// API, which keeps its hash and equality).
    fn lookup_mut<Q>(&mut self, key: &Q) -> Option<(&mut K, &mut V)>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized;
    /// [`BackendMap::lookup_hashed`] for mutation.
    fn lookup_hashed_mut<Q>(&mut self, hash: u64, key: &Q) -> Option<(&mut K, &mut V)>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized;
    fn insert(&mut self, key: K, value: V) -> Option<V>;

    /// The entry whose key has `hash` and satisfies `is_match`.
    fn find_hashed<F: FnMut(&K) -> bool>(&self, hash: u64, is_match: F) -> Option<(&K, &V)>;
    fn find_hashed_mut<F: FnMut(&K) -> bool>(
        &mut self,
        hash: u64,
        is_match: F,
    ) -> Option<(&mut K, &mut V)>;
    fn remove_hashed<F: FnMut(&K) -> bool>(&mut self, hash: u64, is_match: F) -> Option<(K, V)>;
    /// Inserts a key the caller knows is absent, under the caller's hash of it.
    fn insert_hashed_nocheck(&mut self, hash: u64, key: K, value: V) -> (&mut K, &mut V);

    /// The native look-up of `key` for mutation, under `hash` if known, else hashing `key`
    /// itself.
    #[inline]
    fn find_key_mut<Q>(&mut self, hash: KeyHash, key: &Q) -> Option<(&mut K, &mut V)>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        if hash.known {
            self.lookup_hashed_mut(hash.hash, key)
        } else {
            self.lookup_mut(key)
        }
    }

    /// Whether the map finds keys by comparing them one by one, without hashing them
    /// (halfbrown's vector): then a memoized look-up goes straight to that scan, without
    /// checking the hash's hasher.
    #[inline]
    fn scans_keys(&self) -> bool {
        false
    }

    /// The native look-up of `key` with `hash`, memoized under `hasher`.
    #[inline]
    fn lookup_memoized<Q>(&self, hasher: HasherId, hash: u64, key: &Q) -> Option<(&K, &V)>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.find_memoized(hasher, hash, key, |k| k.borrow() == key)
    }

    /// [`BackendMap::lookup_memoized`] for mutation.
    #[inline]
    fn lookup_memoized_mut<Q>(
        &mut self,
        hasher: HasherId,
        hash: u64,
        key: &Q,
    ) -> Option<(&mut K, &mut V)>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.find_memoized_mut(hasher, hash, key, |k| k.borrow() == key)
    }

    /// The look-up of `key` with `hash`, memoized under `hasher`, comparing keys with
    /// `is_match` (`==`, or [`str_eq`] for the vtable's `&str` look-ups). Keys are unique, so an
    /// entry found under any hash is `key`'s: a hit needs no check of the hasher. Only a miss
    /// asks whether `hash` was the map's own; if not, the map hashes `key` and looks again (a
    /// rare, out-of-line case, with `==`). A foreign hash cannot do worse than miss: both
    /// backends' probes are memory-safe and end for any hash.
    #[inline]
    fn find_memoized<Q, F>(
        &self,
        hasher: HasherId,
        hash: u64,
        key: &Q,
        is_match: F,
    ) -> Option<(&K, &V)>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
        F: FnMut(&K) -> bool,
    {
        match self.find_hashed(hash, is_match) {
            // A scan ignores `hash` and sees every key: its miss is final.
            None if !self.scans_keys() && self.hasher().id() != hasher => {
                lookup_rehashed(self, key)
            }
            found => found,
        }
    }

    /// [`BackendMap::find_memoized`] for mutation. The hasher is checked first: looking again
    /// after a miss would need the map while the hit's borrow may be returned, which the
    /// borrow checker does not accept.
    #[inline]
    fn find_memoized_mut<Q, F>(
        &mut self,
        hasher: HasherId,
        hash: u64,
        key: &Q,
        is_match: F,
    ) -> Option<(&mut K, &mut V)>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
        F: FnMut(&K) -> bool,
    {
        if self.scans_keys() || self.hasher().id() == hasher {
            self.find_hashed_mut(hash, is_match)
        } else {
            lookup_rehashed_mut(self, key)
        }
    }

    /// The look-up of the `str` key `key` (what the vtable's `&str` look-ups run), under
    /// `hash` if known, else the map's own hash of it (none for a map that scans its keys),
    /// comparing keys with [`str_eq`] rather than `==`, so that no call is made per key
    /// compared for short keys.
    #[inline]
    fn find_str(&self, hash: KeyHash, key: &str) -> Option<(&K, &V)>
    where
        K: Borrow<str>,
    {
        let hash = self.str_hash(hash, key);
        self.find_hashed(hash, |k| str_eq(k.borrow(), key))
    }

    /// [`BackendMap::find_str`] for mutation.
    #[inline]
    fn find_str_mut(&mut self, hash: KeyHash, key: &str) -> Option<(&mut K, &mut V)>
    where
        K: Borrow<str>,
    {
        let hash = self.str_hash(hash, key);
        self.find_hashed_mut(hash, |k| str_eq(k.borrow(), key))
    }

    /// `hash` if known or if the map scans its keys (which ignores it), else the map's own
    /// hash of `key`.
    #[inline]
    fn str_hash(&self, hash: KeyHash, key: &str) -> u64
    where
        K: Borrow<str>,
    {
        if hash.known || self.scans_keys() {
            hash.hash
        } else {
            self.hasher().hash_key(key)
        }
    }

    /// [`BackendMap::lookup_memoized`] for a `str` key, comparing keys with [`str_eq`].
    #[inline]
    fn find_str_memoized(&self, hasher: HasherId, hash: u64, key: &str) -> Option<(&K, &V)>
    where
        K: Borrow<str>,
    {
        self.find_memoized(hasher, hash, key, |k| str_eq(k.borrow(), key))
    }

    /// [`BackendMap::lookup_memoized_mut`] for a `str` key, comparing keys with [`str_eq`].
    #[inline]
    fn find_str_memoized_mut(
        &mut self,
        hasher: HasherId,
        hash: u64,
        key: &str,
    ) -> Option<(&mut K, &mut V)>
    where
        K: Borrow<str>,
    {
        self.find_memoized_mut(hasher, hash, key, |k| str_eq(k.borrow(), key))
    }

    /// Finds an entry by `hash` if it is known, else by comparing every key.
    #[inline]
    fn find_matching<F: FnMut(&K) -> bool>(
        &self,
        hash: KeyHash,
        mut is_match: F,
    ) -> Option<(&K, &V)> {
        if hash.known {
            self.find_hashed(hash.hash, is_match)
        } else {
            self.iter().find(|(k, _)| is_match(k))
        }
    }

    /// [`BackendMap::find_matching`] for mutation (an unknown hash: of the key found, hashed
    /// with the map's own hasher, to reach it mutably).
    #[inline]
    fn find_matching_mut<F: FnMut(&K) -> bool>(
        &mut self,
        hash: KeyHash,
        mut is_match: F,
    ) -> Option<(&mut K, &mut V)> {
        if hash.known {
            self.find_hashed_mut(hash.hash, is_match)
        } else {
            let (key, _) = self.iter().find(|(k, _)| is_match(k))?;
            let (hash, key) = (self.hasher().hash_key(key), core::ptr::from_ref(key));
            self.find_hashed_mut(hash, |k| core::ptr::eq(k, key))
        }
    }

    /// Removes an entry found by `hash` if it is known, else by comparing every key (then
    /// hashing the key found with the map's own hasher).
    #[inline]
    fn remove_matching<F: FnMut(&K) -> bool>(
        &mut self,
        hash: KeyHash,
        mut is_match: F,
    ) -> Option<(K, V)> {
        let hash = if hash.known {
            hash.hash
        } else {
            let (key, _) = self.iter().find(|(k, _)| is_match(k))?;
            self.hasher().hash_key(key)
        };
        self.remove_hashed(hash, is_match)
    }
}

/// The look-up of `key` under the map's own hash of it: for a memoized hash of another
/// hasher, kept out of the look-ups.
#[cold]
#[inline(never)]
fn lookup_rehashed<'a, K, V, M, Q>(map: &'a M, key: &Q) -> Option<(&'a K, &'a V)>
where
    K: Hash + Eq + Borrow<Q>,
    M: BackendMap<K, V>,
    Q: Hash + Eq + ?Sized,
{
    map.lookup_hashed(map.hasher().hash_key(key), key)
}

/// [`lookup_rehashed`] for mutation.
#[cold]
#[inline(never)]
fn lookup_rehashed_mut<'a, K, V, M, Q>(map: &'a mut M, key: &Q) -> Option<(&'a mut K, &'a mut V)>
where
    K: Hash + Eq + Borrow<Q>,
    M: BackendMap<K, V>,
    Q: Hash + Eq + ?Sized,
{
    let hash = map.hasher().hash_key(key);
    map.lookup_hashed_mut(hash, key)
}

/// Whether a table for `len + additional` entries of `T` stays far enough below `isize::MAX`
/// bytes that reserving it cannot overflow: a `SwissTable` has up to 8/7 as many buckets, a
/// power of two, each an entry and a control byte; the margin of 2 covers rounding.
pub(crate) fn table_fits<T>(len: usize, additional: usize) -> bool {
    len.checked_add(additional)
        .and_then(|entries| entries.checked_mul(8))
        .and_then(|n| (n / 7).checked_next_power_of_two())
        .and_then(|buckets| buckets.checked_mul(size_of::<T>() + 1))
        .is_some_and(|bytes| bytes <= isize::MAX.unsigned_abs() / 2)
}

/// The bytes hashbrown allocates for a table of `capacity` (non-zero) entries of `T`: the
/// buckets (`capacity` is exactly that of a table of `buckets`: 7/8 of them, or all but one
/// below 8), then one control byte per bucket and one group more, the buckets' part rounded up
/// to the control bytes' alignment. The group width is that of hashbrown's SIMD choice for the
/// target (SSE2, NEON, or a machine word).
#[cfg(feature = "halfbrown")]
pub(crate) fn table_allocation_size<T>(capacity: usize) -> usize {
    const GROUP_WIDTH: usize =
        if cfg!(all(
            any(target_arch = "x86", target_arch = "x86_64"),
            target_feature = "sse2"
        )) || cfg!(all(target_arch = "loongarch64", target_feature = "lsx"))
        {
            16
        } else if cfg!(all(
            target_arch = "aarch64",
            target_feature = "neon",
            target_endian = "little"
        )) {
            8
        } else {
            size_of::<usize>()
        };
    let buckets = if capacity < 8 {
        capacity + 1
    } else {
        capacity / 7 * 8
    };
    let ctrl_align = align_of::<T>().max(GROUP_WIDTH);
    let ctrl_offset = (size_of::<T>() * buckets).next_multiple_of(ctrl_align);
    ctrl_offset + buckets + GROUP_WIDTH
}

/// Implements [`BackendMap`] for a backend whose API follows hashbrown's (both do). The
/// invoking module defines the aliases `Iter`, `IterMut`, `Drain`, `IntoIter` and `RawEntryMut`
/// for its backend's types, and passes the methods where the two backends differ (sizing) as
/// `$own`.
macro_rules! impl_backend {
    ($map:ident, $backend:expr, $seeded_min_capacity:expr, { $($own:tt)* }) => {
        impl<K: core::hash::Hash + Eq, V> $crate::backend::BackendMap<K, V> for $map<K, V> {
            const BACKEND: $crate::Backend = $backend;
            const SEEDED_MIN_CAPACITY: usize = $seeded_min_capacity;

            type Iter<'a>
                = Iter<'a, K, V>
            where
                Self: 'a,
                K: 'a,
                V: 'a;
            type IterMut<'a>
                = IterMut<'a, K, V>
            where
                Self: 'a,
                K: 'a,
                V: 'a;
            type Drain<'a>
                = Drain<'a, K, V>
            where
                Self: 'a,
                K: 'a,
                V: 'a;
            type IntoIter = IntoIter<K, V>;

            #[inline]
            fn with_capacity_and_hasher(capacity: usize, hasher: $crate::MapHasher) -> Self {
                <$map<K, V>>::with_capacity_and_hasher(capacity, hasher)
            }
            #[inline]
            fn hasher(&self) -> &$crate::MapHasher {
                <$map<K, V>>::hasher(self)
            }
            #[inline]
            fn len(&self) -> usize {
                <$map<K, V>>::len(self)
            }
            #[inline]
            fn capacity(&self) -> usize {
                <$map<K, V>>::capacity(self)
            }
            $($own)*
            #[inline]
            fn clear(&mut self) {
                <$map<K, V>>::clear(self);
            }
            #[inline]
            fn iter(&self) -> Self::Iter<'_> {
                <$map<K, V>>::iter(self)
            }
            #[inline]
            fn iter_mut(&mut self) -> Self::IterMut<'_> {
                <$map<K, V>>::iter_mut(self)
            }
            #[inline]
            fn drain(&mut self) -> Self::Drain<'_> {
                <$map<K, V>>::drain(self)
            }
            #[inline]
            fn into_iter(self) -> Self::IntoIter {
                IntoIterator::into_iter(self)
            }
            #[inline]
            fn retain<F: FnMut(&K, &mut V) -> bool>(&mut self, keep: F) {
                <$map<K, V>>::retain(self, keep);
            }
            #[inline]
            fn lookup<Q>(&self, key: &Q) -> Option<(&K, &V)>
            where
                K: core::borrow::Borrow<Q>,
                Q: core::hash::Hash + Eq + ?Sized,
            {
                self.raw_entry().from_key(key)
            }
            #[inline]
            fn lookup_hashed<Q>(&self, hash: u64, key: &Q) -> Option<(&K, &V)>
            where
                K: core::borrow::Borrow<Q>,
                Q: core::hash::Hash + Eq + ?Sized,
            {
                self.raw_entry().from_key_hashed_nocheck(hash, key)
            }
            #[inline]
            fn lookup_mut<Q>(&mut self, key: &Q) -> Option<(&mut K, &mut V)>
            where
                K: core::borrow::Borrow<Q>,
                Q: core::hash::Hash + Eq + ?Sized,
            {
                match self.raw_entry_mut().from_key(key) {
                    RawEntryMut::Occupied(entry) => Some(entry.into_key_value()),
                    RawEntryMut::Vacant(_) => None,
                }
            }
            #[inline]
            fn lookup_hashed_mut<Q>(&mut self, hash: u64, key: &Q) -> Option<(&mut K, &mut V)>
            where
                K: core::borrow::Borrow<Q>,
                Q: core::hash::Hash + Eq + ?Sized,
            {
                match self.raw_entry_mut().from_key_hashed_nocheck(hash, key) {
                    RawEntryMut::Occupied(entry) => Some(entry.into_key_value()),
                    RawEntryMut::Vacant(_) => None,
                }
            }
            #[inline]
            fn insert(&mut self, key: K, value: V) -> Option<V> {
                <$map<K, V>>::insert(self, key, value)
            }
            #[inline]
            fn find_hashed<F: FnMut(&K) -> bool>(
                &self,
                hash: u64,
                is_match: F,
            ) -> Option<(&K, &V)> {
                self.raw_entry().from_hash(hash, is_match)
            }
            #[inline]
            fn find_hashed_mut<F: FnMut(&K) -> bool>(
                &mut self,
                hash: u64,
                is_match: F,
            ) -> Option<(&mut K, &mut V)> {
                match self.raw_entry_mut().from_hash(hash, is_match) {
                    RawEntryMut::Occupied(entry) => Some(entry.into_key_value()),
                    RawEntryMut::Vacant(_) => None,
                }
            }
            #[inline]
            fn remove_hashed<F: FnMut(&K) -> bool>(
                &mut self,
                hash: u64,
                is_match: F,
            ) -> Option<(K, V)> {
                match self.raw_entry_mut().from_hash(hash, is_match) {
                    RawEntryMut::Occupied(entry) => Some(entry.remove_entry()),
                    RawEntryMut::Vacant(_) => None,
                }
            }
            #[inline]
            fn insert_hashed_nocheck(
                &mut self,
                hash: u64,
                key: K,
                value: V,
            ) -> (&mut K, &mut V) {
                // A predicate that never matches always ends on a vacancy.
                match self.raw_entry_mut().from_hash(hash, |_| false) {
                    RawEntryMut::Vacant(entry) => entry.insert_hashed_nocheck(hash, key, value),
                    RawEntryMut::Occupied(entry) => entry.into_key_value(),
                }
            }
        }
    };
}
pub(crate) use impl_backend;

#[cfg(all(test, feature = "halfbrown"))]
mod tests {
    use super::table_allocation_size;

    /// `table_allocation_size` gives what hashbrown itself reports, for tables of every
    /// size class and entries of several sizes and alignments.
    #[test]
    fn table_allocation_size_is_hashbrowns() {
        fn check<T: Default + core::hash::Hash + Eq>() {
            for capacity in [1, 3, 4, 7, 8, 14, 15, 28, 29, 56, 100, 1000, 5000] {
                let map = hashbrown::HashMap::<T, (), crate::MapHasher>::with_capacity_and_hasher(
                    capacity,
                    crate::MapHasher::fixed(),
                );
                assert_eq!(
                    table_allocation_size::<(T, ())>(map.capacity()),
                    map.allocation_size(),
                    "{} entries of {}",
                    map.capacity(),
                    core::any::type_name::<T>()
                );
            }
        }
        check::<u8>();
        check::<u64>();
        check::<u128>();
        check::<[u8; 3]>();
        check::<(u64, u64, u64)>();
    }
}
