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
super::impl_backend!(HalfMap, crate::Backend::Halfbrown, 33, {
    // halfbrown has no `extract_if`: see `Positioned`.
    type Extract<'a>
        = crate::extract_if::Positioned<'a, HalfMap<K, V>>
    where
        Self: 'a,
        K: 'a,
        V: 'a;
    #[inline]
    fn extract_start(&mut self) -> Self::Extract<'_> {
        crate::extract_if::Positioned::new(self)
    }
    fn extract_next<'a>(
        extract: &mut Self::Extract<'a>,
        filter: crate::vtable::EntryFilter,
    ) -> Option<(K, V)>
    where
        Self: 'a,
    {
        // SAFETY: the filter is the caller's, alive for this step, over `K` and `V`.
        extract.next_with(|k, v| unsafe { filter.keeps(k, v) })
    }
    #[inline]
    fn scans_keys(&self) -> bool {
        self.is_vec()
    }
    #[inline]
    fn try_reserve(&mut self, additional: usize) -> Result<(), crate::TryReserveError> {
        // halfbrown has no `try_reserve`; check the size first so that `reserve` cannot panic
        // (which would abort inside an `extern "C"` function). A failing allocator still ends
        // in `handle_alloc_error`, as halfbrown's `reserve` does.
        if super::table_fits::<(K, V)>(HalfMap::len(self), additional) {
            HalfMap::reserve(self, additional);
            Ok(())
        } else {
            Err(crate::TryReserveError::CapacityOverflow)
        }
    }
    #[inline]
    fn shrink_to(&mut self, min_capacity: usize) {
        // halfbrown has only `shrink_to_fit`: shrink fully, then grow back to the floor.
        let len = HalfMap::len(self);
        if HalfMap::capacity(self) > min_capacity.max(len) {
            HalfMap::shrink_to_fit(self);
            if min_capacity > len {
                HalfMap::reserve(self, min_capacity - len);
            }
        }
    }
    #[inline]
    fn allocation_size(&self) -> usize {
        // halfbrown does not report it: the vector's, or the size of a hashbrown table of this
        // capacity (computed as hashbrown lays it out, see `table_allocation_size`).
        let capacity = HalfMap::capacity(self);
        if capacity == 0 {
            0
        } else if self.is_vec() {
            capacity * size_of::<(K, V)>()
        } else {
            super::table_allocation_size::<(K, V)>(capacity)
        }
    }
});
crate::vtable::assert_iterators_fit!(HalfMap);
