//! The hashbrown backend: always a `SwissTable`.

use crate::MapHasher;

/// The map in the box of a hashbrown-backed [`FfiMap`](crate::FfiMap).
pub(crate) type BrownMap<K, V> = hashbrown::HashMap<K, V, MapHasher>;

type Iter<'a, K, V> = hashbrown::hash_map::Iter<'a, K, V>;
type IterMut<'a, K, V> = hashbrown::hash_map::IterMut<'a, K, V>;
type Drain<'a, K, V> = hashbrown::hash_map::Drain<'a, K, V>;
type IntoIter<K, V> = hashbrown::hash_map::IntoIter<K, V>;
use hashbrown::hash_map::RawEntryMut;

/// A table finds the key's slot anyway; inserting as usual costs nothing more.
///
/// # Safety
/// None needed; `unsafe` only to share the signature of the backends' `insert_unique`.
#[inline]
unsafe fn insert_unique<K: core::hash::Hash + Eq, V>(map: &mut BrownMap<K, V>, key: K, value: V) {
    map.insert(key, value);
}

super::impl_backend!(BrownMap, crate::Backend::Hashbrown, 0, insert_unique);
crate::vtable::assert_iterators_fit!(BrownMap);
