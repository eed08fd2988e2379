//! The halfbrown backend: a vector up to 32 entries, a hashbrown table above.

use crate::MapHasher;

/// The map in the box of a halfbrown-backed [`FfiMap`](crate::FfiMap).
pub(crate) type HalfMap<K, V> = halfbrown::HashMap<K, V, MapHasher>;

type Iter<'a, K, V> = halfbrown::Iter<'a, K, V>;
type IterMut<'a, K, V> = halfbrown::IterMut<'a, K, V>;
type Drain<'a, K, V> = halfbrown::Drain<'a, K, V, 32>;
type IntoIter<K, V> = halfbrown::IntoIter<K, V, 32>;
use halfbrown::RawEntryMut;

// One more than halfbrown's vector limit (32): such a map starts as a table.
super::impl_backend!(HalfMap, crate::Backend::Halfbrown, 33);
crate::vtable::assert_iterators_fit!(HalfMap);
