//! The hashbrown backend: always a `SwissTable`.

use crate::MapHasher;

/// The map in the box of a hashbrown-backed [`FfiMap`](crate::FfiMap).
pub(crate) type BrownMap<K, V> = hashbrown::HashMap<K, V, MapHasher>;

type Iter<'a, K, V> = hashbrown::hash_map::Iter<'a, K, V>;
type IterMut<'a, K, V> = hashbrown::hash_map::IterMut<'a, K, V>;
type Drain<'a, K, V> = hashbrown::hash_map::Drain<'a, K, V>;
type IntoIter<K, V> = hashbrown::hash_map::IntoIter<K, V>;
use hashbrown::hash_map::RawEntryMut;

super::impl_backend!(BrownMap, crate::Backend::Hashbrown, 0);
crate::vtable::assert_iterators_fit!(BrownMap);
