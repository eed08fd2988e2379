//! The hashbrown backend: always a `SwissTable`.

use crate::MapHasher;

/// The map in the box of a hashbrown-backed [`FfiMap`](crate::FfiMap).
pub(crate) type BrownMap<K, V> = hashbrown::HashMap<K, V, MapHasher>;

type Iter<'a, K, V> = hashbrown::hash_map::Iter<'a, K, V>;
type IterMut<'a, K, V> = hashbrown::hash_map::IterMut<'a, K, V>;
type Drain<'a, K, V> = hashbrown::hash_map::Drain<'a, K, V>;
type IntoIter<K, V> = hashbrown::hash_map::IntoIter<K, V>;
use hashbrown::hash_map::RawEntryMut;

super::impl_backend!(BrownMap, crate::Backend::Hashbrown, 0, {
    #[inline]
    fn try_reserve(&mut self, additional: usize) -> Result<(), crate::TryReserveError> {
        BrownMap::try_reserve(self, additional).map_err(crate::TryReserveError::from)
    }
    #[inline]
    fn shrink_to(&mut self, min_capacity: usize) {
        BrownMap::shrink_to(self, min_capacity);
    }
    #[inline]
    fn allocation_size(&self) -> usize {
        BrownMap::allocation_size(self)
    }
});
crate::vtable::assert_iterators_fit!(BrownMap);
