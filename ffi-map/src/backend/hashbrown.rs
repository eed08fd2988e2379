//! The hashbrown backend: always a `SwissTable`.

use core::cell::Cell;

use crate::vtable::EntryFilter;
use crate::MapHasher;

/// The map in the box of a hashbrown-backed [`FfiMap`](crate::FfiMap).
pub(crate) type BrownMap<K, V> = hashbrown::HashMap<K, V, MapHasher>;

type Iter<'a, K, V> = hashbrown::hash_map::Iter<'a, K, V>;
type IterMut<'a, K, V> = hashbrown::hash_map::IterMut<'a, K, V>;
type Drain<'a, K, V> = hashbrown::hash_map::Drain<'a, K, V>;
type IntoIter<K, V> = hashbrown::hash_map::IntoIter<K, V>;
use hashbrown::hash_map::RawEntryMut;

std::thread_local! {
    /// The caller's filter of the `extract_if` step under way on this thread, through the
    /// vtable: hashbrown's `ExtractIf` keeps its filter, but the caller's lives in the caller's
    /// iterator, which moves between steps; so the stored filter is [`keep_current`], which
    /// calls the one set here for the step.
    static CURRENT_FILTER: Cell<Option<EntryFilter>> = const { Cell::new(None) };
}

/// The filter of hashbrown's `ExtractIf` through the vtable: the caller's, of the step under
/// way.
fn keep_current<K, V>(key: &K, value: &mut V) -> bool {
    let filter = CURRENT_FILTER
        .get()
        .unwrap_or_else(|| unreachable!("an extract_if step sets its filter"));
    // SAFETY: `extract_next` set it for this step from the caller's filter over `K` and `V`,
    // alive until the step returns.
    unsafe { filter.keeps(key, value) }
}

/// Puts back the filter of an enclosing step (a filter may itself extract from another map)
/// when a step ends, also by unwinding.
struct RestoreFilter(Option<EntryFilter>);

impl Drop for RestoreFilter {
    fn drop(&mut self) {
        CURRENT_FILTER.set(self.0);
    }
}

super::impl_backend!(BrownMap, crate::Backend::Hashbrown, 0, {
    type Extract<'a>
        = hashbrown::hash_map::ExtractIf<'a, K, V, fn(&K, &mut V) -> bool>
    where
        Self: 'a,
        K: 'a,
        V: 'a;
    #[inline]
    fn extract_start(&mut self) -> Self::Extract<'_> {
        BrownMap::extract_if(self, keep_current::<K, V> as fn(&K, &mut V) -> bool)
    }
    fn extract_next<'a>(extract: &mut Self::Extract<'a>, filter: EntryFilter) -> Option<(K, V)>
    where
        Self: 'a,
    {
        let _restore = RestoreFilter(CURRENT_FILTER.replace(Some(filter)));
        extract.next()
    }
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
