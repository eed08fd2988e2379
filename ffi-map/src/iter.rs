//! Iteration. The allocating library's native iterator lives inline in ours (no allocation)
//! and is advanced through the map's vtable.

use core::fmt;
use core::iter::FusedIterator;
use core::marker::PhantomData;
use core::mem::MaybeUninit;
use core::slice;

use crate::map::native_or;
use crate::unwind::PanicSlot;
use crate::vtable::{EntryPtrs, Erased, IterState};
use crate::FfiMap;

/// A vtable's function that advances a borrowing iterator by one entry (two nulls at the end).
type Next = unsafe extern "C" fn(state: *mut Erased) -> EntryPtrs;

/// A vtable's function that writes the next entries of a borrowing iterator (see
/// `MapVTable::iter_next_chunk`).
type NextChunk =
    unsafe extern "C" fn(state: *mut Erased, out: *mut EntryPtrs, capacity: usize) -> usize;

/// Entries fetched per vtable call by `fold` (and what is built on it: `sum`, `for_each`,
/// `count`...), into a buffer on its stack (1 KiB). (Summing 100 values of a hashbrown map
/// through the vtable, `benches/instructions.rs`: 32 cost 5% more instructions than 64, 128
/// saved 2.5%.)
const FOLD_CHUNK: usize = 64;

/// A borrowing cursor: the state, and the functions that advance it, by an entry for `next`
/// and by a chunk of entries for `fold`.
///
/// (`next` does not serve entries from a chunk buffered in the iterator: with 16 entries
/// buffered, the iterator grew from 168 to 432 bytes, which every iterator, native ones too,
/// pays for in copies, and a `for` loop over 100 entries through the vtable cost 10-18% *more*
/// instructions than with a call per entry, the buffer's bookkeeping in the iterator's memory
/// costing more than the calls it saved.)
struct Cursor {
    state: IterState,
    next: Next,
    next_chunk: NextChunk,
    /// The entries not yet yielded.
    remaining: usize,
}

impl Cursor {
    /// A cursor over `len` entries, whose state `start` fills unless `len` is zero (it must
    /// then start the map's native iterator in the state it is given); `next` and
    /// `next_chunk` are the same vtable's.
    fn new(len: usize, start: impl FnOnce(*mut Erased), next: Next, next_chunk: NextChunk) -> Self {
        let mut state = IterState::new();
        if len > 0 {
            start(state.as_erased());
        }
        Self {
            state,
            next,
            next_chunk,
            remaining: len,
        }
    }

    /// The next entry.
    #[inline]
    fn next(&mut self) -> Option<EntryPtrs> {
        if self.remaining == 0 {
            return None;
        }
        // SAFETY: `remaining > 0` only after `start` filled the state (see `new`).
        let entry = unsafe { (self.next)(self.state.as_erased()) };
        if entry.key.is_null() {
            self.remaining = 0;
            return None;
        }
        self.remaining -= 1;
        Some(entry)
    }

    /// Calls `fold` with each entry left, fetched [`FOLD_CHUNK`] at a time into a buffer on
    /// the stack.
    #[inline]
    fn fold<Acc>(&mut self, init: Acc, mut fold: impl FnMut(Acc, EntryPtrs) -> Acc) -> Acc {
        let mut acc = init;
        let mut room = [MaybeUninit::<EntryPtrs>::uninit(); FOLD_CHUNK];
        loop {
            // SAFETY: `room` has room for `FOLD_CHUNK` entries.
            let fetched = unsafe { self.fetch(room.as_mut_ptr().cast(), FOLD_CHUNK) };
            if fetched == 0 {
                return acc;
            }
            self.remaining -= fetched;
            // SAFETY: `fetch` initialized `room[..fetched]`, and `MaybeUninit<EntryPtrs>` has
            // the layout of `EntryPtrs`.
            let entries = unsafe { slice::from_raw_parts(room.as_ptr().cast(), fetched) };
            for &entry in entries {
                acc = fold(acc, entry);
            }
        }
    }

    /// Writes the next entries, at most `room_len` and `remaining`, to `room`; returns how
    /// many (zero when none are left). Does not count them off `remaining`, unless the native
    /// iterator ended early: `remaining` is then cut to the entries returned.
    ///
    /// # Safety
    /// `room` has room for `room_len` entries, and is not in the state.
    #[inline]
    unsafe fn fetch(&mut self, room: *mut EntryPtrs, room_len: usize) -> usize {
        let capacity = self.remaining.min(room_len);
        if capacity == 0 {
            return 0;
        }
        // SAFETY: `remaining > 0` only after `start` filled the state (see `new`); the room is
        // the caller's.
        let fetched = unsafe { (self.next_chunk)(self.state.as_erased(), room, capacity) };
        debug_assert!(fetched <= capacity, "a chunk larger than asked for");
        if fetched < capacity {
            // The native iterator ended early: these are the last entries.
            self.remaining = fetched;
        }
        fetched
    }
}

const _: () = assert!(
    size_of::<Iter<'static, u8, u8>>() <= 168 && size_of::<IterMut<'static, u8, u8>>() <= 168,
    "Iter or IterMut grew past 168 bytes: iterators are copied whole, natively too (see Cursor)"
);

/// A shared-borrow cursor, which can be cloned: with the function that copies its state.
struct SharedCursor {
    cursor: Cursor,
    clone: unsafe extern "C" fn(state: *const Erased, out: *mut Erased),
}

impl Clone for SharedCursor {
    fn clone(&self) -> Self {
        let mut state = IterState::new();
        if self.cursor.remaining > 0 {
            // SAFETY: `remaining > 0` only after the state was filled (see `Cursor::new`); the
            // function is the same vtable's, and copies the native iterator (its pointers into
            // the shared-borrowed map) into `state`.
            unsafe { (self.clone)(self.cursor.state.as_ptr(), state.as_erased()) };
        }
        Self {
            cursor: Cursor {
                state,
                next: self.cursor.next,
                next_chunk: self.cursor.next_chunk,
                remaining: self.cursor.remaining,
            },
            clone: self.clone,
        }
    }
}

/// What a walk advances through the vtable.
trait Advance {
    fn advance(&mut self) -> Option<EntryPtrs>;
    fn fold_entries<Acc>(&mut self, init: Acc, fold: impl FnMut(Acc, EntryPtrs) -> Acc) -> Acc;
    fn remaining(&self) -> usize;
}

impl Advance for Cursor {
    #[inline]
    fn advance(&mut self) -> Option<EntryPtrs> {
        self.next()
    }
    #[inline]
    fn fold_entries<Acc>(&mut self, init: Acc, fold: impl FnMut(Acc, EntryPtrs) -> Acc) -> Acc {
        self.fold(init, fold)
    }
    fn remaining(&self) -> usize {
        self.remaining
    }
}

impl Advance for SharedCursor {
    #[inline]
    fn advance(&mut self) -> Option<EntryPtrs> {
        self.cursor.next()
    }
    #[inline]
    fn fold_entries<Acc>(&mut self, init: Acc, fold: impl FnMut(Acc, EntryPtrs) -> Acc) -> Acc {
        self.cursor.fold(init, fold)
    }
    fn remaining(&self) -> usize {
        self.cursor.remaining
    }
}

/// A walk over a map's entries: the native iterator when this library built the map, else
/// the vtable cursor. The native variants are empty iterators when their backend is not
/// compiled in (and are then never made).
#[derive(Clone)]
enum Walk<H, B, C = Cursor> {
    Vtable(C),
    #[cfg_attr(not(feature = "halfbrown"), allow(dead_code))]
    Half(H),
    #[cfg_attr(not(feature = "hashbrown"), allow(dead_code))]
    Brown(B),
}

impl<H: ExactSizeIterator, B: ExactSizeIterator<Item = H::Item>, C: Advance> Walk<H, B, C> {
    /// The next entry: native, or from the cursor through `read` (which turns its pointers
    /// into the item).
    #[inline]
    fn next_with(&mut self, read: impl FnOnce(EntryPtrs) -> H::Item) -> Option<H::Item> {
        match self {
            Self::Vtable(cursor) => cursor.advance().map(read),
            Self::Half(iter) => iter.next(),
            Self::Brown(iter) => iter.next(),
        }
    }

    /// Folds the remaining entries: natively with the backend's own `fold` (which walks a
    /// table group by group), or through the cursor, chunk by chunk, with `read`.
    #[inline]
    fn fold_with<Acc>(
        self,
        init: Acc,
        mut fold: impl FnMut(Acc, H::Item) -> Acc,
        read: impl Fn(EntryPtrs) -> H::Item,
    ) -> Acc {
        match self {
            Self::Vtable(mut cursor) => {
                cursor.fold_entries(init, |acc, entry| fold(acc, read(entry)))
            }
            Self::Half(iter) => iter.fold(init, fold),
            Self::Brown(iter) => iter.fold(init, fold),
        }
    }

    fn remaining(&self) -> usize {
        match self {
            Self::Vtable(cursor) => cursor.remaining(),
            Self::Half(iter) => iter.len(),
            Self::Brown(iter) => iter.len(),
        }
    }
}

#[cfg(feature = "halfbrown")]
type HalfIter<'a, K, V> = halfbrown::Iter<'a, K, V>;
#[cfg(not(feature = "halfbrown"))]
type HalfIter<'a, K, V> = core::iter::Empty<(&'a K, &'a V)>;
#[cfg(feature = "halfbrown")]
type HalfIterMut<'a, K, V> = halfbrown::IterMut<'a, K, V>;
#[cfg(not(feature = "halfbrown"))]
type HalfIterMut<'a, K, V> = core::iter::Empty<(&'a K, &'a mut V)>;
#[cfg(feature = "hashbrown")]
type BrownIter<'a, K, V> = hashbrown::hash_map::Iter<'a, K, V>;
#[cfg(not(feature = "hashbrown"))]
type BrownIter<'a, K, V> = core::iter::Empty<(&'a K, &'a V)>;
#[cfg(feature = "hashbrown")]
type BrownIterMut<'a, K, V> = hashbrown::hash_map::IterMut<'a, K, V>;
#[cfg(not(feature = "hashbrown"))]
type BrownIterMut<'a, K, V> = core::iter::Empty<(&'a K, &'a mut V)>;

/// An iterator over `(&K, &V)`. See [`FfiMap::iter`].
pub struct Iter<'a, K, V> {
    walk: Walk<HalfIter<'a, K, V>, BrownIter<'a, K, V>, SharedCursor>,
}

impl<K, V> Clone for Iter<'_, K, V> {
    /// A copy at the same position. Through the vtable, the map's library copies its native
    /// iterator (one call; no allocation).
    ///
    /// ```
    /// let map: ffi_map::FfiMap<u32, u32> = (0..4).map(|i| (i, i)).collect();
    /// let mut iter = map.iter();
    /// iter.next();
    /// assert_eq!(iter.clone().count(), 3);
    /// assert_eq!(iter.count(), 3);
    /// ```
    fn clone(&self) -> Self {
        Self {
            walk: self.walk.clone(),
        }
    }
}

/// An iterator over `(&K, &mut V)`. See [`FfiMap::iter_mut`].
pub struct IterMut<'a, K, V> {
    walk: Walk<HalfIterMut<'a, K, V>, BrownIterMut<'a, K, V>>,
}

impl<K, V> FfiMap<K, V> {
    /// The entries, in no particular order. Allocates nothing.
    #[must_use]
    pub fn iter(&self) -> Iter<'_, K, V> {
        let walk = native_or!(
            self.native,
            |half| Walk::Half(half.iter()),
            |brown| Walk::Brown(brown.iter()),
            {
                let (vtable, raw) = self.parts();
                // SAFETY: (`start`) called only for a non-empty, so allocated, map; its box is
                // this vtable's and stays borrowed for the iterator's lifetime.
                let start = |state| unsafe { (vtable.iter)(raw, state) };
                Walk::Vtable(SharedCursor {
                    cursor: Cursor::new(
                        self.len(),
                        start,
                        vtable.iter_next,
                        vtable.iter_next_chunk,
                    ),
                    clone: vtable.iter_clone,
                })
            }
        );
        Iter { walk }
    }

    /// The entries, with values to change, in no particular order. Allocates nothing.
    pub fn iter_mut(&mut self) -> IterMut<'_, K, V> {
        let walk = native_or!(
            self.native_mut,
            |half| Walk::Half(half.iter_mut()),
            |brown| Walk::Brown(brown.iter_mut()),
            {
                let len = self.len();
                let (vtable, raw) = self.parts();
                // SAFETY: (`start`) as in `iter`, with the map exclusively borrowed.
                let start = |state| unsafe { (vtable.iter_mut)(raw, state) };
                Walk::Vtable(Cursor::new(
                    len,
                    start,
                    vtable.iter_mut_next,
                    vtable.iter_mut_next_chunk,
                ))
            }
        );
        IterMut { walk }
    }

    /// The keys.
    #[must_use]
    pub fn keys(&self) -> Keys<'_, K, V> {
        Keys(self.iter())
    }

    /// The values.
    #[must_use]
    pub fn values(&self) -> Values<'_, K, V> {
        Values(self.iter())
    }

    /// The values, to change.
    pub fn values_mut(&mut self) -> ValuesMut<'_, K, V> {
        ValuesMut(self.iter_mut())
    }

    /// Removes every entry and yields it; the map keeps its memory. Entries not taken are
    /// dropped with the iterator.
    pub fn drain(&mut self) -> Drain<'_, K, V> {
        let walk = native_or!(
            self.native_mut,
            |half| Walk::Half(half.drain()),
            |brown| Walk::Brown(brown.drain()),
            {
                let len = self.len();
                let (vtable, raw) = self.parts();
                // SAFETY: (`start`) as in `iter_mut`.
                let start = |state| unsafe { (vtable.drain)(raw, state) };
                Walk::Vtable(Owned::new(
                    len,
                    !raw.is_null(),
                    start,
                    vtable.drain_next,
                    vtable.drain_drop,
                ))
            }
        );
        Drain {
            walk,
            _map: PhantomData,
        }
    }
}

impl<'a, K, V> Iterator for Iter<'a, K, V> {
    type Item = (&'a K, &'a V);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        // SAFETY: the entry is the map's, which `'a` keeps borrowed and unchanged.
        self.walk.next_with(|entry| unsafe { entry.refs() })
    }

    #[inline]
    fn fold<Acc, F: FnMut(Acc, Self::Item) -> Acc>(self, init: Acc, fold: F) -> Acc {
        // SAFETY: as in `next`.
        self.walk
            .fold_with(init, fold, |entry| unsafe { entry.refs() })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.walk.remaining(), Some(self.walk.remaining()))
    }
}

impl<'a, K, V> Iterator for IterMut<'a, K, V> {
    type Item = (&'a K, &'a mut V);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        // SAFETY: the entry is the map's, exclusively borrowed for `'a`; each entry is yielded
        // once, so the `&mut V`s do not alias.
        self.walk.next_with(|entry| unsafe { entry.refs_mut() })
    }

    #[inline]
    fn fold<Acc, F: FnMut(Acc, Self::Item) -> Acc>(self, init: Acc, fold: F) -> Acc {
        // SAFETY: as in `next`.
        self.walk
            .fold_with(init, fold, |entry| unsafe { entry.refs_mut() })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.walk.remaining(), Some(self.walk.remaining()))
    }
}

/// An owning cursor: the state, the function that moves the next entry out, and the one
/// that drops what is left.
struct Owned {
    state: IterState,
    next: unsafe extern "C" fn(state: *mut Erased, key: *mut Erased, value: *mut Erased) -> bool,
    drop: unsafe extern "C" fn(state: *mut Erased, panic: &mut PanicSlot),
    remaining: usize,
    started: bool,
}

impl Owned {
    /// A cursor whose state `start` fills when `started` (it must then start the map's
    /// native owning iterator in the state it is given); `next` and `drop` are the same
    /// vtable's.
    fn new(
        len: usize,
        started: bool,
        start: impl FnOnce(*mut Erased),
        next: unsafe extern "C" fn(*mut Erased, *mut Erased, *mut Erased) -> bool,
        drop: unsafe extern "C" fn(state: *mut Erased, panic: &mut PanicSlot),
    ) -> Self {
        let mut state = IterState::new();
        if started {
            start(state.as_erased());
        }
        Self {
            state,
            next,
            drop,
            remaining: len,
            started,
        }
    }

    /// # Safety
    /// `K` and `V` are the types of the map the cursor was started on.
    unsafe fn next<K, V>(&mut self) -> Option<(K, V)> {
        if self.remaining == 0 {
            return None;
        }
        let mut key = MaybeUninit::<K>::uninit();
        let mut value = MaybeUninit::<V>::uninit();
        // SAFETY: the state was filled by `init` (`remaining > 0`); on `true` an entry was
        // moved into `key` and `value`.
        unsafe {
            let more = (self.next)(
                self.state.as_erased(),
                key.as_mut_ptr().cast(),
                value.as_mut_ptr().cast(),
            );
            self.remaining = if more { self.remaining - 1 } else { 0 };
            more.then(|| (key.assume_init(), value.assume_init()))
        }
    }
}

impl Drop for Owned {
    /// Drops the entries not taken, in the map's library; a panic in one of their `Drop`s
    /// is raised again here.
    fn drop(&mut self) {
        if self.started {
            self.started = false;
            let mut panic = PanicSlot::new();
            // SAFETY: the state was filled by `init` and is dropped once, here.
            unsafe { (self.drop)(self.state.as_erased(), &mut panic) };
            panic.resume();
        }
    }
}

impl<K, V, H: Iterator<Item = (K, V)>, B: Iterator<Item = (K, V)>> Walk<H, B, Owned> {
    /// The next entry, moved out.
    ///
    /// # Safety
    /// A `Vtable` cursor was started on a map of `K` and `V`.
    #[inline]
    unsafe fn next_owned(&mut self) -> Option<(K, V)> {
        match self {
            // SAFETY: forwarded from the caller.
            Self::Vtable(owned) => unsafe { owned.next() },
            Self::Half(iter) => iter.next(),
            Self::Brown(iter) => iter.next(),
        }
    }

    /// The entries not taken yet (the native iterators' hints are exact).
    fn remaining_owned(&self) -> usize {
        match self {
            Self::Vtable(owned) => owned.remaining,
            Self::Half(iter) => iter.size_hint().0,
            Self::Brown(iter) => iter.size_hint().0,
        }
    }
}

#[cfg(feature = "halfbrown")]
type HalfDrain<'a, K, V> = halfbrown::Drain<'a, K, V, 32>;
#[cfg(not(feature = "halfbrown"))]
type HalfDrain<'a, K, V> = core::iter::Empty<(K, V)>;
#[cfg(feature = "hashbrown")]
type BrownDrain<'a, K, V> = hashbrown::hash_map::Drain<'a, K, V>;
#[cfg(not(feature = "hashbrown"))]
type BrownDrain<'a, K, V> = core::iter::Empty<(K, V)>;
#[cfg(feature = "halfbrown")]
type HalfIntoIter<K, V> = halfbrown::IntoIter<K, V, 32>;
#[cfg(not(feature = "halfbrown"))]
type HalfIntoIter<K, V> = core::iter::Empty<(K, V)>;
#[cfg(feature = "hashbrown")]
type BrownIntoIter<K, V> = hashbrown::hash_map::IntoIter<K, V>;
#[cfg(not(feature = "hashbrown"))]
type BrownIntoIter<K, V> = core::iter::Empty<(K, V)>;

/// An iterator that owns the map's entries. See [`FfiMap::into_iter`](IntoIterator).
pub struct IntoIter<K, V> {
    walk: Walk<HalfIntoIter<K, V>, BrownIntoIter<K, V>, Owned>,
}

/// An iterator that takes the entries out of a map. See [`FfiMap::drain`].
pub struct Drain<'a, K, V> {
    walk: Walk<HalfDrain<'a, K, V>, BrownDrain<'a, K, V>, Owned>,
    _map: PhantomData<&'a mut FfiMap<K, V>>,
}

impl<K, V> IntoIterator for FfiMap<K, V> {
    type Item = (K, V);
    type IntoIter = IntoIter<K, V>;

    /// Consumes the map; its box is freed by the library that allocated it.
    fn into_iter(mut self) -> IntoIter<K, V> {
        let walk = native_or!(
            self.take_native,
            |half| Walk::Half(half.into_iter()),
            |brown| Walk::Brown(brown.into_iter()),
            {
                let len = self.len();
                let (vtable, raw) = self.into_parts();
                // SAFETY: (`start`) called only when allocated; the box is this vtable's and
                // given up to the iterator (`into_parts` forgot the map).
                let start = |state| unsafe { (vtable.into_iter)(raw, state) };
                Walk::Vtable(Owned::new(
                    len,
                    !raw.is_null(),
                    start,
                    vtable.into_iter_next,
                    vtable.into_iter_drop,
                ))
            }
        );
        IntoIter { walk }
    }
}

impl<K, V> Iterator for IntoIter<K, V> {
    type Item = (K, V);

    fn next(&mut self) -> Option<(K, V)> {
        // SAFETY: the cursor was started on a map of `K` and `V`.
        unsafe { self.walk.next_owned() }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let remaining = self.walk.remaining_owned();
        (remaining, Some(remaining))
    }
}

impl<K, V> Iterator for Drain<'_, K, V> {
    type Item = (K, V);

    fn next(&mut self) -> Option<(K, V)> {
        // SAFETY: the cursor was started on a map of `K` and `V`.
        unsafe { self.walk.next_owned() }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let remaining = self.walk.remaining_owned();
        (remaining, Some(remaining))
    }
}

/// An iterator over the keys. See [`FfiMap::keys`].
pub struct Keys<'a, K, V>(Iter<'a, K, V>);
/// An iterator over the values. See [`FfiMap::values`].
pub struct Values<'a, K, V>(Iter<'a, K, V>);
/// An iterator over the values, to change. See [`FfiMap::values_mut`].
pub struct ValuesMut<'a, K, V>(IterMut<'a, K, V>);
/// An iterator that owns the keys. See [`FfiMap::into_keys`].
pub struct IntoKeys<K, V>(IntoIter<K, V>);
/// An iterator that owns the values. See [`FfiMap::into_values`].
pub struct IntoValues<K, V>(IntoIter<K, V>);

impl<K, V> Clone for Keys<'_, K, V> {
    /// A copy at the same position (see [`Iter`'s](Iter#impl-Clone-for-Iter<'_,+K,+V>)).
    ///
    /// ```
    /// let map: ffi_map::FfiMap<u32, u32> = (0..4).map(|i| (i, i)).collect();
    /// let keys = map.keys();
    /// assert_eq!(keys.clone().sum::<u32>(), keys.sum::<u32>());
    /// ```
    fn clone(&self) -> Self {
        Self(self.0.clone())
    }
}

impl<K, V> Clone for Values<'_, K, V> {
    /// A copy at the same position (see [`Iter`'s](Iter#impl-Clone-for-Iter<'_,+K,+V>)).
    ///
    /// ```
    /// let map: ffi_map::FfiMap<u32, u32> = (0..4).map(|i| (i, i)).collect();
    /// let values = map.values();
    /// assert_eq!(values.clone().sum::<u32>(), values.sum::<u32>());
    /// ```
    fn clone(&self) -> Self {
        Self(self.0.clone())
    }
}

impl<K, V> FfiMap<K, V> {
    /// Consumes the map, yielding its keys; the values are dropped as they are passed.
    ///
    /// ```
    /// let map: ffi_map::FfiMap<u32, &str> = [(1, "a"), (2, "b")].into();
    /// let mut keys: Vec<u32> = map.into_keys().collect();
    /// keys.sort_unstable();
    /// assert_eq!(keys, [1, 2]);
    /// ```
    #[must_use]
    pub fn into_keys(self) -> IntoKeys<K, V> {
        IntoKeys(self.into_iter())
    }

    /// Consumes the map, yielding its values; the keys are dropped as they are passed.
    ///
    /// ```
    /// let map: ffi_map::FfiMap<u32, &str> = [(1, "a"), (2, "b")].into();
    /// let mut values: Vec<&str> = map.into_values().collect();
    /// values.sort_unstable();
    /// assert_eq!(values, ["a", "b"]);
    /// ```
    #[must_use]
    pub fn into_values(self) -> IntoValues<K, V> {
        IntoValues(self.into_iter())
    }
}

impl<K, V> Iterator for IntoKeys<K, V> {
    type Item = K;
    fn next(&mut self) -> Option<K> {
        self.0.next().map(|(k, _)| k)
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl<K, V> Iterator for IntoValues<K, V> {
    type Item = V;
    fn next(&mut self) -> Option<V> {
        self.0.next().map(|(_, v)| v)
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl<'a, K, V> Iterator for Keys<'a, K, V> {
    type Item = &'a K;
    fn next(&mut self) -> Option<&'a K> {
        self.0.next().map(|(k, _)| k)
    }
    fn fold<Acc, F: FnMut(Acc, &'a K) -> Acc>(self, init: Acc, mut fold: F) -> Acc {
        self.0.fold(init, |acc, (k, _)| fold(acc, k))
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl<'a, K, V> Iterator for Values<'a, K, V> {
    type Item = &'a V;
    fn next(&mut self) -> Option<&'a V> {
        self.0.next().map(|(_, v)| v)
    }
    fn fold<Acc, F: FnMut(Acc, &'a V) -> Acc>(self, init: Acc, mut fold: F) -> Acc {
        self.0.fold(init, |acc, (_, v)| fold(acc, v))
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl<'a, K, V> Iterator for ValuesMut<'a, K, V> {
    type Item = &'a mut V;
    fn next(&mut self) -> Option<&'a mut V> {
        self.0.next().map(|(_, v)| v)
    }
    fn fold<Acc, F: FnMut(Acc, &'a mut V) -> Acc>(self, init: Acc, mut fold: F) -> Acc {
        self.0.fold(init, |acc, (_, v)| fold(acc, v))
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

/// Exact size and fusing, for every iterator here: each counts down its remaining entries
/// and yields nothing once they are gone.
macro_rules! exact_and_fused {
    ($($iter:ty),*) => {$(
        impl<K, V> ExactSizeIterator for $iter {}
        impl<K, V> FusedIterator for $iter {}
    )*};
}
exact_and_fused!(
    Iter<'_, K, V>,
    IterMut<'_, K, V>,
    IntoIter<K, V>,
    Drain<'_, K, V>,
    Keys<'_, K, V>,
    Values<'_, K, V>,
    ValuesMut<'_, K, V>,
    IntoKeys<K, V>,
    IntoValues<K, V>
);

impl<'a, K, V> IntoIterator for &'a FfiMap<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = Iter<'a, K, V>;
    fn into_iter(self) -> Iter<'a, K, V> {
        self.iter()
    }
}

impl<'a, K, V> IntoIterator for &'a mut FfiMap<K, V> {
    type Item = (&'a K, &'a mut V);
    type IntoIter = IterMut<'a, K, V>;
    fn into_iter(self) -> IterMut<'a, K, V> {
        self.iter_mut()
    }
}

impl<K: fmt::Debug, V: fmt::Debug> fmt::Debug for Iter<'_, K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Iter")
            .field("remaining", &self.walk.remaining())
            .finish()
    }
}
