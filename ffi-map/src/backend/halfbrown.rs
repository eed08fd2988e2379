//! The halfbrown backend: a vector up to 32 entries, a hashbrown table above.

use crate::MapHasher;

/// The map in the box of a halfbrown-backed [`FfiMap`](crate::FfiMap).
pub(crate) type HalfMap<K, V> = halfbrown::HashMap<K, V, MapHasher>;

type Iter<'a, K, V> = halfbrown::Iter<'a, K, V>;
type IterMut<'a, K, V> = halfbrown::IterMut<'a, K, V>;
type Drain<'a, K, V> = halfbrown::Drain<'a, K, V, 32>;
type IntoIter<K, V> = halfbrown::IntoIter<K, V, 32>;
use halfbrown::RawEntryMut;

/// Pushes onto the vector without comparing with every key; a table inserts as usual.
///
/// # Safety
/// `key` is not in the map.
#[inline]
unsafe fn insert_unique<K: core::hash::Hash + Eq, V>(map: &mut HalfMap<K, V>, key: K, value: V) {
    if map.is_vec() {
        // SAFETY: halfbrown's contract for `insert_nocheck` is that the key is new: ours too.
        unsafe { map.insert_nocheck(key, value) }
    } else {
        map.insert(key, value);
    }
}

// One more than halfbrown's vector limit (32): such a map starts as a table.
super::impl_backend!(HalfMap, crate::Backend::Halfbrown, 33, insert_unique);
crate::vtable::assert_iterators_fit!(HalfMap);
