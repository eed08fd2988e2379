//! [`FfiMap::extract_if`]: a lazy walk that removes and yields the entries a filter picks.
//!
//! hashbrown maps use hashbrown's own `ExtractIf`. halfbrown has none: its maps are walked by
//! [`Positioned`]. Through the vtable the walk lives in the caller's iterator and the filter
//! is passed at each step.

use core::fmt;
use core::hash::Hash;
use core::iter::FusedIterator;
use core::marker::PhantomData;
use core::mem::MaybeUninit;

#[cfg(feature = "halfbrown")]
use crate::backend::BackendMap;
use crate::unwind::{Callback, PanicSlot};
use crate::vtable::{EntryFilter, IterState, MapVTable};
use crate::{Backend, FfiMap};

/// The entries a filter picks, removed from the map as they are yielded. See
/// [`FfiMap::extract_if`].
pub struct ExtractIf<'a, K, V, F: FnMut(&K, &mut V) -> bool> {
    walk: Walk<'a, K, V, F>,
}

enum Walk<'a, K, V, F: FnMut(&K, &mut V) -> bool> {
    #[cfg(feature = "hashbrown")]
    Brown(hashbrown::hash_map::ExtractIf<'a, K, V, F>),
    #[cfg(feature = "halfbrown")]
    Half(Positioned<'a, crate::backend::HalfMap<K, V>>, F),
    Vtable(ThroughVtable<'a, K, V, F>),
}

/// A walk of a map used through its vtable: the owner's walk in `state`, the caller's filter.
struct ThroughVtable<'a, K, V, F> {
    state: IterState,
    vtable: &'static MapVTable,
    keep: Callback<F>,
    /// Whether `state` holds a walk (the map was allocated).
    started: bool,
    /// At most how many entries are left to yield: the map's length less those yielded.
    upper: usize,
    _map: PhantomData<&'a mut FfiMap<K, V>>,
}

impl<K: Hash + Eq, V> FfiMap<K, V> {
    /// Removes and yields, lazily, the entries for which `keep` returns `true` (hashbrown's
    /// `extract_if`): entries not reached when the iterator is dropped stay in the map, and
    /// `keep` may change the values it is shown.
    ///
    /// On a hashbrown map this is hashbrown's own walk. halfbrown has none: on its vector (up
    /// to 32 entries) the walk goes by position, at no extra cost; on its table, the first step
    /// lists every entry's hash and address (hashing every key once, and 16 bytes an entry).
    ///
    /// ```
    /// let mut map: ffi_map::FfiMap<u32, u32> = (0..8).map(|i| (i, i)).collect();
    /// let mut odd: Vec<u32> = map.extract_if(|k, _| k % 2 == 1).map(|(k, _)| k).collect();
    /// odd.sort_unstable();
    /// assert_eq!(odd, [1, 3, 5, 7]);
    /// assert_eq!(map.len(), 4);
    /// ```
    pub fn extract_if<F: FnMut(&K, &mut V) -> bool>(&mut self, keep: F) -> ExtractIf<'_, K, V, F> {
        let walk = match self.local_backend() {
            #[cfg(feature = "hashbrown")]
            Some(Backend::Hashbrown) => {
                // SAFETY: `local_backend` checked the map is allocated, ours, and hashbrown.
                let map = unsafe { self.native_mut::<crate::backend::BrownMap<K, V>>() };
                Walk::Brown(map.extract_if(keep))
            }
            #[cfg(feature = "halfbrown")]
            Some(Backend::Halfbrown) => {
                // SAFETY: as above, for halfbrown.
                let map = unsafe { self.native_mut::<crate::backend::HalfMap<K, V>>() };
                Walk::Half(Positioned::new(map), keep)
            }
            _ => {
                let upper = self.len();
                let (vtable, raw) = self.parts();
                let mut state = IterState::new();
                let started = !raw.is_null();
                if started {
                    // SAFETY: the box is allocated and this vtable's, and stays exclusively
                    // borrowed by the walk for `'_`.
                    unsafe { (vtable.extract_if)(raw, state.as_erased()) };
                }
                Walk::Vtable(ThroughVtable {
                    state,
                    vtable,
                    keep: Callback::new(keep),
                    started,
                    upper,
                    _map: PhantomData,
                })
            }
        };
        ExtractIf { walk }
    }
}

impl<K, V, F: FnMut(&K, &mut V) -> bool> ThroughVtable<'_, K, V, F> {
    fn next(&mut self) -> Option<(K, V)> {
        if !self.started {
            return None;
        }
        let mut key = MaybeUninit::<K>::uninit();
        let mut value = MaybeUninit::<V>::uninit();
        let mut panic = PanicSlot::new();
        // SAFETY: the state holds the walk `extract_if` started, of a map of `K` and `V`; the
        // filter lives through the call; on `true` an entry was moved into `key` and `value`.
        let found = unsafe {
            (self.vtable.extract_if_next)(
                self.state.as_erased(),
                EntryFilter::new(&mut self.keep),
                key.as_mut_ptr().cast(),
                value.as_mut_ptr().cast(),
                &mut panic,
            )
        };
        self.keep.resume();
        panic.resume();
        self.upper = if found { self.upper - 1 } else { 0 };
        // SAFETY: as above.
        found.then(|| unsafe { (key.assume_init(), value.assume_init()) })
    }
}

impl<K, V, F> Drop for ThroughVtable<'_, K, V, F> {
    /// Ends the owner's walk; the entries not reached stay in the map.
    fn drop(&mut self) {
        if self.started {
            // SAFETY: the state holds the walk, ended once, here.
            unsafe { (self.vtable.extract_if_drop)(self.state.as_erased()) };
        }
    }
}

impl<K: Hash + Eq, V, F: FnMut(&K, &mut V) -> bool> Iterator for ExtractIf<'_, K, V, F> {
    type Item = (K, V);

    #[inline]
    fn next(&mut self) -> Option<(K, V)> {
        match &mut self.walk {
            #[cfg(feature = "hashbrown")]
            Walk::Brown(walk) => walk.next(),
            #[cfg(feature = "halfbrown")]
            Walk::Half(walk, keep) => walk.next_with(keep),
            Walk::Vtable(walk) => walk.next(),
        }
    }

    /// At most the entries not shown to the filter yet (through the vtable, not yielded yet).
    fn size_hint(&self) -> (usize, Option<usize>) {
        match &self.walk {
            #[cfg(feature = "hashbrown")]
            Walk::Brown(walk) => walk.size_hint(),
            #[cfg(feature = "halfbrown")]
            Walk::Half(walk, _) => (0, Some(walk.unseen())),
            Walk::Vtable(walk) => (0, Some(walk.upper)),
        }
    }
}

impl<K: Hash + Eq, V, F: FnMut(&K, &mut V) -> bool> FusedIterator for ExtractIf<'_, K, V, F> {}

impl<K, V, F: FnMut(&K, &mut V) -> bool> fmt::Debug for ExtractIf<'_, K, V, F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ExtractIf").finish_non_exhaustive()
    }
}

/// halfbrown's `extract_if` walk (it has none). On its vector, by position: the entry at
/// `position` in iteration order is the next one to show the filter; removing an entry swaps
/// the last one into its position, so every entry is shown once. On its table, whose entries
/// never move when others are removed, by a list of every entry's hash and address, made at
/// the first step (hashing each key once): each step finds the next entry with one probe.
#[cfg(feature = "halfbrown")]
pub(crate) struct Positioned<'a, M> {
    map: &'a mut M,
    position: usize,
    /// The table's entries, as their hash and their key's address (compared, never read).
    table: Option<Vec<(u64, usize)>>,
}

#[cfg(feature = "halfbrown")]
impl<'a, K: Hash + Eq, V> Positioned<'a, crate::backend::HalfMap<K, V>> {
    pub(crate) fn new(map: &'a mut crate::backend::HalfMap<K, V>) -> Self {
        Self {
            map,
            position: 0,
            table: None,
        }
    }

    /// The next entry `keep` picks, removed. A panic in `keep` leaves the entry it was shown
    /// in the map, and the walk after it (as hashbrown's).
    pub(crate) fn next_with(&mut self, mut keep: impl FnMut(&K, &mut V) -> bool) -> Option<(K, V)> {
        if self.map.is_vec() {
            return self.next_in_vector(keep);
        }
        let map = &mut *self.map;
        let table = self.table.get_or_insert_with(|| {
            let hasher = map.hasher();
            map.iter()
                .map(|(k, _)| (hasher.hash_key(k), address(k)))
                .collect()
        });
        while let Some(&(hash, at)) = table.get(self.position) {
            self.position += 1;
            let is_it = |k: &K| address(k) == at;
            let (key, value) = map.find_hashed_mut(hash, is_it)?;
            if keep(key, value) {
                return map.remove_hashed(hash, is_it);
            }
        }
        None
    }

    /// How many entries the walk has not shown to the filter yet: on the vector, those past
    /// the position (the entries before it were kept); on the table, the listed ones past it
    /// (all of the map's before the list is made, at position 0).
    fn unseen(&self) -> usize {
        let ahead = self.table.as_ref().map_or(self.map.len(), Vec::len);
        ahead.saturating_sub(self.position)
    }

    /// [`Positioned::next_with`] on halfbrown's vector.
    fn next_in_vector(&mut self, mut keep: impl FnMut(&K, &mut V) -> bool) -> Option<(K, V)> {
        loop {
            let (key, value) = self.map.iter_mut().nth(self.position)?;
            self.position += 1;
            if keep(key, value) {
                self.position -= 1;
                let at = address(key);
                // The vector compares keys, whatever the hash.
                return self.map.remove_hashed(0, |k| address(k) == at);
            }
        }
    }
}

/// Where a key is, to find it again.
#[cfg(feature = "halfbrown")]
fn address<K>(key: &K) -> usize {
    core::ptr::from_ref(key).addr()
}
