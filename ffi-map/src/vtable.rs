//! The `extern "C"` functions every map carries, type-erased, and the one generic place that
//! instantiates them for a backend.
//!
//! Whoever builds a map puts a `&'static MapVTable` of *its own* functions beside the box, so
//! every operation on a map, from any library, runs the allocating library's code: memory is
//! freed by the allocator that gave it. Lifetimes are erased in these functions (`K`, `V` only
//! appear behind `*mut Erased`), which is what lets a `&'static` vtable serve maps whose keys
//! borrow a short-lived buffer; `FfiMap` keeps `K` and `V` in `PhantomData` so they remain part
//! of the layout `abi_stable` checks.

use core::borrow::Borrow;
use core::marker::PhantomData;
use core::mem::MaybeUninit;
use core::ptr;

use abi_stable::StableAbi;

use crate::backend::BackendMap;
use crate::capacity::ReserveOutcome;
use crate::hasher::{HasherId, KeyHash, MapHasher};
use crate::unwind::{catching, Answer, Callback, PanicSlot};
use crate::Backend;

/// An erased key, value, map or iterator state.
pub(crate) type Erased = abi_stable::marker_type::ErasedObject;

/// A marker with one address per library: a vtable pointing at this library's token was built
/// by this library, so its map may be used natively, without the vtable.
#[doc(hidden)]
#[repr(C)]
#[derive(StableAbi, Debug)]
pub struct OwnerToken(u8);

/// The token of this library.
pub(crate) static OWNER: OwnerToken = OwnerToken(0);
/// The token of vtables that must always be used through their functions (see
/// `FfiMap::into_vtable_dispatch`).
static NOBODY: OwnerToken = OwnerToken(1);

/// Where an entry is, or two nulls.
#[repr(C)]
#[derive(StableAbi, Clone, Copy)]
pub(crate) struct EntryPtrs {
    pub(crate) key: *const Erased,
    pub(crate) value: *mut Erased,
}

impl EntryPtrs {
    pub(crate) const NONE: Self = Self {
        key: ptr::null(),
        value: ptr::null_mut(),
    };

    fn of<K, V>((key, value): (&K, &V)) -> Self {
        Self {
            key: ptr::from_ref(key).cast(),
            value: ptr::from_ref(value).cast_mut().cast(),
        }
    }

    fn of_mut<K, V>((key, value): (&K, &mut V)) -> Self {
        Self {
            key: ptr::from_ref(key).cast(),
            value: ptr::from_mut(value).cast(),
        }
    }

    /// An entry whose key may be changed too (made from `&mut` borrows of both).
    fn of_key_mut<K, V>((key, value): (&mut K, &mut V)) -> Self {
        Self {
            key: ptr::from_mut(key).cast_const().cast(),
            value: ptr::from_mut(value).cast(),
        }
    }

    /// The entry, which is not two nulls, as references.
    ///
    /// # Safety
    /// The pointers must point at a live `K` and `V` that stay valid and unaliased by writes
    /// for `'a`.
    pub(crate) unsafe fn refs<'a, K, V>(self) -> (&'a K, &'a V) {
        // SAFETY: the caller guarantees the pointers are valid for 'a.
        unsafe { (&*self.key.cast::<K>(), &*self.value.cast::<V>()) }
    }

    /// The entry, which is not two nulls, as a shared key and an exclusive value.
    ///
    /// # Safety
    /// As [`EntryPtrs::refs`], and the value must be exclusively the caller's for `'a`.
    pub(crate) unsafe fn refs_mut<'a, K, V>(self) -> (&'a K, &'a mut V) {
        // SAFETY: the caller guarantees validity and exclusivity for 'a.
        unsafe { (&*self.key.cast::<K>(), &mut *self.value.cast::<V>()) }
    }

    /// The entry as references, `None` for two nulls.
    ///
    /// # Safety
    /// As [`EntryPtrs::refs`], for non-null pointers.
    pub(crate) unsafe fn as_refs<'a, K, V>(self) -> Option<(&'a K, &'a V)> {
        // SAFETY: the caller guarantees the pointers are valid for 'a when non-null.
        (!self.key.is_null()).then(|| unsafe { self.refs() })
    }

    /// The entry as a shared key and an exclusive value, `None` for two nulls.
    ///
    /// # Safety
    /// As [`EntryPtrs::refs_mut`], for non-null pointers.
    pub(crate) unsafe fn as_mut<'a, K, V>(self) -> Option<(&'a K, &'a mut V)> {
        // SAFETY: the caller guarantees validity and exclusivity for 'a when non-null.
        (!self.key.is_null()).then(|| unsafe { self.refs_mut() })
    }

    /// The entry, key and value exclusively borrowed, `None` for two nulls.
    ///
    /// # Safety
    /// As [`EntryPtrs::as_mut`], for the key too, whose pointer was made by
    /// [`EntryPtrs::of_key_mut`].
    pub(crate) unsafe fn as_key_mut<'a, K, V>(self) -> Option<(&'a mut K, &'a mut V)> {
        // SAFETY: the caller guarantees validity and exclusivity for 'a when non-null, and that
        // the key pointer may be written through.
        (!self.key.is_null()).then(|| unsafe {
            (
                &mut *self.key.cast_mut().cast::<K>(),
                &mut *self.value.cast::<V>(),
            )
        })
    }
}

/// A `&str` key, passed through the vtable.
#[repr(C)]
#[derive(StableAbi, Clone, Copy)]
pub(crate) struct StrRef {
    ptr: *const u8,
    len: usize,
}

impl StrRef {
    pub(crate) fn new(key: &str) -> Self {
        Self {
            ptr: key.as_ptr(),
            len: key.len(),
        }
    }

    /// # Safety
    /// Made by [`StrRef::new`] from a `&str` that is still borrowed for `'a`.
    unsafe fn as_str<'a>(self) -> &'a str {
        // SAFETY: the pointer and length are those of a live `&str` (the caller's contract).
        unsafe { core::str::from_utf8_unchecked(core::slice::from_raw_parts(self.ptr, self.len)) }
    }
}

/// Look-up of a `&str` key by the map's own code, comparing keys natively: no callback per
/// key. An unknown hash means "hash it yourself". (The vtable's fields spell these types out:
/// `abi_stable`'s derive only recognizes function pointers written in place.)
pub(crate) type FindStr = unsafe extern "C" fn(
    map: *const Erased,
    hash: KeyHash,
    key: StrRef,
    panic: &mut PanicSlot,
) -> EntryPtrs;
/// [`FindStr`] for mutation.
pub(crate) type FindStrMut = unsafe extern "C" fn(
    map: *mut Erased,
    hash: KeyHash,
    key: StrRef,
    panic: &mut PanicSlot,
) -> EntryPtrs;
/// [`FindStr`] with a hash memoized under `hasher`: the map uses it only if its own hasher has
/// that identity (checked in its own code), and hashes the key itself otherwise.
pub(crate) type FindStrMemoized = unsafe extern "C" fn(
    map: *const Erased,
    hasher: HasherId,
    hash: u64,
    key: StrRef,
    panic: &mut PanicSlot,
) -> EntryPtrs;
/// [`FindStrMemoized`] for mutation.
pub(crate) type FindStrMemoizedMut = unsafe extern "C" fn(
    map: *mut Erased,
    hasher: HasherId,
    hash: u64,
    key: StrRef,
    panic: &mut PanicSlot,
) -> EntryPtrs;

/// The `&str` look-ups of maps whose keys borrow as `str`.
#[derive(Clone, Copy)]
pub(crate) struct StrLookups {
    find: FindStr,
    find_mut: FindStrMut,
    find_memoized: FindStrMemoized,
    find_memoized_mut: FindStrMemoizedMut,
}

/// A caller's key predicate, passed through the vtable: `call(ctx, key)`.
#[repr(C)]
#[derive(StableAbi, Clone, Copy)]
pub(crate) struct KeyMatch {
    ctx: *mut Erased,
    call: unsafe extern "C" fn(ctx: *mut Erased, key: *const Erased) -> Answer,
}

impl KeyMatch {
    /// Erases `is_match`; the result must not outlive it. A panic in the predicate is kept in
    /// the callback, for the caller to raise again.
    pub(crate) fn new<K, F: FnMut(&K) -> bool>(is_match: &mut Callback<F>) -> Self {
        /// # Safety
        /// `ctx` is the callback given to `new`, alive and not otherwise borrowed; `key` a
        /// live `K`.
        unsafe extern "C" fn call<K, F: FnMut(&K) -> bool>(
            ctx: *mut Erased,
            key: *const Erased,
        ) -> Answer {
            // SAFETY: `KeyMatch::new` took `ctx` from a `&mut Callback<F>` that outlives this
            // call, and the map passes a pointer to one of its keys.
            let (callback, key) = unsafe { (&mut *ctx.cast::<Callback<F>>(), &*key.cast::<K>()) };
            callback.call(|is_match| is_match(key))
        }
        Self {
            ctx: ptr::from_mut(is_match).cast(),
            call: call::<K, F>,
        }
    }

    /// Whether `key` matches; unwinds if the caller's predicate panicked (see [`Answer::get`]).
    ///
    /// # Safety
    /// The closure this was made from is still alive, and `K` is its key type.
    unsafe fn matches<K>(&self, key: &K) -> bool {
        // SAFETY: forwarded from the caller.
        unsafe { (self.call)(self.ctx, ptr::from_ref(key).cast()) }.get()
    }
}

/// A caller's `retain` predicate, passed through the vtable: `call(ctx, key, value)`.
#[repr(C)]
#[derive(StableAbi, Clone, Copy)]
pub(crate) struct EntryFilter {
    ctx: *mut Erased,
    call: unsafe extern "C" fn(ctx: *mut Erased, key: *const Erased, value: *mut Erased) -> Answer,
}

impl EntryFilter {
    /// Erases `keep`; the result must not outlive it. A panic in the filter is kept in the
    /// callback, for the caller to raise again.
    pub(crate) fn new<K, V, F: FnMut(&K, &mut V) -> bool>(keep: &mut Callback<F>) -> Self {
        /// # Safety
        /// `ctx` is the callback given to `new`; `key` and `value` a live entry of the map.
        unsafe extern "C" fn call<K, V, F: FnMut(&K, &mut V) -> bool>(
            ctx: *mut Erased,
            key: *const Erased,
            value: *mut Erased,
        ) -> Answer {
            // SAFETY: `ctx` came from a `&mut Callback<F>` that outlives the call; the map
            // passes one of its entries, exclusively borrowed for the call.
            let (callback, key, value) = unsafe {
                (
                    &mut *ctx.cast::<Callback<F>>(),
                    &*key.cast::<K>(),
                    &mut *value.cast::<V>(),
                )
            };
            callback.call(|keep| keep(key, value))
        }
        Self {
            ctx: ptr::from_mut(keep).cast(),
            call: call::<K, V, F>,
        }
    }

    /// Whether the caller's filter keeps this entry; unwinds if the filter panicked (see
    /// [`Answer::get`]).
    ///
    /// # Safety
    /// The closure this was made from is still alive, over `K` and `V`.
    pub(crate) unsafe fn keeps<K, V>(&self, key: &K, value: &mut V) -> bool {
        // SAFETY: forwarded from the caller.
        unsafe {
            (self.call)(
                self.ctx,
                ptr::from_ref(key).cast(),
                ptr::from_mut(value).cast(),
            )
        }
        .get()
    }
}

/// Words of inline storage for a backend iterator held by the caller.
pub(crate) const ITER_STATE_WORDS: usize = 16;

/// Inline storage, in the caller's iterator, for the owning library's native iterator.
#[repr(C, align(8))]
pub(crate) struct IterState([MaybeUninit<u64>; ITER_STATE_WORDS]);

impl IterState {
    pub(crate) const fn new() -> Self {
        Self([MaybeUninit::uninit(); ITER_STATE_WORDS])
    }

    pub(crate) fn as_erased(&mut self) -> *mut Erased {
        ptr::from_mut(self).cast()
    }

    pub(crate) fn as_ptr(&self) -> *const Erased {
        ptr::from_ref(self).cast()
    }
}

/// Checks at compile time that a backend's iterators fit in [`IterState`]. Their layout holds
/// only pointers and counters, whatever `K` and `V` are, so `u64` stands in for both.
macro_rules! assert_iterators_fit {
    ($map:ident) => {
        const _: () = {
            use core::mem::{align_of, size_of};
            use $crate::backend::BackendMap;
            type M = $map<u64, u64>;
            const STATE: usize = size_of::<$crate::vtable::IterState>();
            assert!(
                size_of::<<M as BackendMap<u64, u64>>::Iter<'static>>() <= STATE
                    && size_of::<<M as BackendMap<u64, u64>>::IterMut<'static>>() <= STATE
                    && size_of::<<M as BackendMap<u64, u64>>::Drain<'static>>() <= STATE
                    && size_of::<<M as BackendMap<u64, u64>>::IntoIter>() <= STATE
                    && size_of::<<M as BackendMap<u64, u64>>::Extract<'static>>() <= STATE,
                "a backend iterator is larger than IterState: raise ITER_STATE_WORDS"
            );
            assert!(
                align_of::<<M as BackendMap<u64, u64>>::Drain<'static>>() <= 8
                    && align_of::<<M as BackendMap<u64, u64>>::IntoIter>() <= 8
                    && align_of::<<M as BackendMap<u64, u64>>::Extract<'static>>() <= 8,
                "a backend iterator needs more alignment than IterState has"
            );
        };
    };
}
pub(crate) use assert_iterators_fit;

/// The functions of one backend for one `K` and `V`, built by the library that allocates.
///
/// Hidden: its layout is part of `FfiMap`'s and checked by `abi_stable`, but only this crate
/// calls it.
#[doc(hidden)]
#[repr(C)]
#[derive(StableAbi)]
pub struct MapVTable {
    pub(crate) backend: Backend,
    pub(crate) owner: &'static OwnerToken,
    pub(crate) new_map: extern "C" fn(capacity: usize, hasher: HasherId) -> *mut Erased,
    pub(crate) drop_map: unsafe extern "C" fn(map: *mut Erased, panic: &mut PanicSlot),
    pub(crate) clone_empty: unsafe extern "C" fn(map: *const Erased) -> *mut Erased,
    pub(crate) hasher_id: unsafe extern "C" fn(map: *const Erased) -> HasherId,
    pub(crate) len: unsafe extern "C" fn(map: *const Erased) -> usize,
    pub(crate) capacity: unsafe extern "C" fn(map: *const Erased) -> usize,
    pub(crate) try_reserve: unsafe extern "C" fn(
        map: *mut Erased,
        additional: usize,
        panic: &mut PanicSlot,
    ) -> ReserveOutcome,
    pub(crate) shrink_to:
        unsafe extern "C" fn(map: *mut Erased, min_capacity: usize, panic: &mut PanicSlot),
    pub(crate) allocation_size: unsafe extern "C" fn(map: *const Erased) -> usize,
    pub(crate) clear: unsafe extern "C" fn(map: *mut Erased, panic: &mut PanicSlot),
    pub(crate) find: unsafe extern "C" fn(
        map: *const Erased,
        hash: KeyHash,
        is_match: KeyMatch,
        panic: &mut PanicSlot,
    ) -> EntryPtrs,
    pub(crate) find_mut: unsafe extern "C" fn(
        map: *mut Erased,
        hash: KeyHash,
        is_match: KeyMatch,
        panic: &mut PanicSlot,
    ) -> EntryPtrs,
    pub(crate) insert: unsafe extern "C" fn(
        map: *mut Erased,
        key: *mut Erased,
        value: *mut Erased,
        old_value: *mut Erased,
        panic: &mut PanicSlot,
    ) -> bool,
    pub(crate) insert_hashed_nocheck: unsafe extern "C" fn(
        map: *mut Erased,
        hash: KeyHash,
        key: *mut Erased,
        value: *mut Erased,
        panic: &mut PanicSlot,
    ) -> EntryPtrs,
    pub(crate) remove: unsafe extern "C" fn(
        map: *mut Erased,
        hash: KeyHash,
        is_match: KeyMatch,
        out_key: *mut Erased,
        out_value: *mut Erased,
        panic: &mut PanicSlot,
    ) -> bool,
    pub(crate) retain:
        unsafe extern "C" fn(map: *mut Erased, keep: EntryFilter, panic: &mut PanicSlot),
    pub(crate) extract_if: unsafe extern "C" fn(map: *mut Erased, state: *mut Erased),
    pub(crate) extract_if_next: unsafe extern "C" fn(
        state: *mut Erased,
        keep: EntryFilter,
        out_key: *mut Erased,
        out_value: *mut Erased,
        panic: &mut PanicSlot,
    ) -> bool,
    pub(crate) extract_if_drop: unsafe extern "C" fn(state: *mut Erased),
    pub(crate) iter: unsafe extern "C" fn(map: *const Erased, state: *mut Erased),
    pub(crate) iter_next: unsafe extern "C" fn(state: *mut Erased) -> EntryPtrs,
    /// Writes the next entries of the iterator in `state`, at most `capacity`, to `out`, in
    /// the iterator's order, and returns how many: fewer only when the iterator has ended.
    /// (One call per chunk of entries, for `fold`, where `iter_next` is one per entry.)
    pub(crate) iter_next_chunk:
        unsafe extern "C" fn(state: *mut Erased, out: *mut EntryPtrs, capacity: usize) -> usize,
    pub(crate) iter_clone: unsafe extern "C" fn(state: *const Erased, out: *mut Erased),
    pub(crate) iter_mut: unsafe extern "C" fn(map: *mut Erased, state: *mut Erased),
    pub(crate) iter_mut_next: unsafe extern "C" fn(state: *mut Erased) -> EntryPtrs,
    /// `iter_next_chunk` for the iterator of `iter_mut`: each entry once, its value writable.
    pub(crate) iter_mut_next_chunk:
        unsafe extern "C" fn(state: *mut Erased, out: *mut EntryPtrs, capacity: usize) -> usize,
    pub(crate) drain: unsafe extern "C" fn(map: *mut Erased, state: *mut Erased),
    pub(crate) drain_next: unsafe extern "C" fn(
        state: *mut Erased,
        out_key: *mut Erased,
        out_value: *mut Erased,
    ) -> bool,
    pub(crate) drain_drop: unsafe extern "C" fn(state: *mut Erased, panic: &mut PanicSlot),
    pub(crate) into_iter: unsafe extern "C" fn(map: *mut Erased, state: *mut Erased),
    pub(crate) into_iter_next: unsafe extern "C" fn(
        state: *mut Erased,
        out_key: *mut Erased,
        out_value: *mut Erased,
    ) -> bool,
    pub(crate) into_iter_drop: unsafe extern "C" fn(state: *mut Erased, panic: &mut PanicSlot),
    /// Present when the keys borrow as `str` and the map was made with
    /// `FfiMap::with_str_lookups`.
    pub(crate) find_str: Option<
        unsafe extern "C" fn(
            map: *const Erased,
            hash: KeyHash,
            key: StrRef,
            panic: &mut PanicSlot,
        ) -> EntryPtrs,
    >,
    pub(crate) find_str_mut: Option<
        unsafe extern "C" fn(
            map: *mut Erased,
            hash: KeyHash,
            key: StrRef,
            panic: &mut PanicSlot,
        ) -> EntryPtrs,
    >,
    /// Present with `find_str`: a look-up with a memoized hash, one call.
    pub(crate) find_str_memoized: Option<
        unsafe extern "C" fn(
            map: *const Erased,
            hasher: HasherId,
            hash: u64,
            key: StrRef,
            panic: &mut PanicSlot,
        ) -> EntryPtrs,
    >,
    pub(crate) find_str_memoized_mut: Option<
        unsafe extern "C" fn(
            map: *mut Erased,
            hasher: HasherId,
            hash: u64,
            key: StrRef,
            panic: &mut PanicSlot,
        ) -> EntryPtrs,
    >,
    /// The same functions with another owner token, so that even this library uses them
    /// only through the vtable (`None` on that vtable itself).
    pub(crate) dispatch_only: Option<&'static MapVTable>,
}

/// The vtables of backend `M` for `K` and `V`.
pub(crate) struct VTableFor<K, V, M>(PhantomData<(K, V, M)>);

impl<K: core::hash::Hash + Eq, V, M: BackendMap<K, V>> VTableFor<K, V, M> {
    /// Used natively when the map is this library's.
    pub(crate) const LOCAL: &'static MapVTable =
        &Self::build(&OWNER, None, Some(Self::VTABLE_ONLY));
    /// Always used through its functions, as a map of another library is.
    const VTABLE_ONLY: &'static MapVTable = &Self::build(&NOBODY, None, None);

    const fn build(
        owner: &'static OwnerToken,
        str_lookups: Option<StrLookups>,
        dispatch_only: Option<&'static MapVTable>,
    ) -> MapVTable {
        MapVTable {
            backend: M::BACKEND,
            owner,
            new_map: new_map::<K, V, M>,
            drop_map: drop_map::<K, V, M>,
            clone_empty: clone_empty::<K, V, M>,
            hasher_id: hasher_id::<K, V, M>,
            len: len::<K, V, M>,
            capacity: capacity::<K, V, M>,
            try_reserve: try_reserve::<K, V, M>,
            shrink_to: shrink_to::<K, V, M>,
            allocation_size: allocation_size::<K, V, M>,
            clear: clear::<K, V, M>,
            find: find::<K, V, M>,
            find_mut: find_mut::<K, V, M>,
            insert: insert::<K, V, M>,
            insert_hashed_nocheck: insert_hashed_nocheck::<K, V, M>,
            remove: remove::<K, V, M>,
            retain: retain::<K, V, M>,
            extract_if: extract_if::<K, V, M>,
            extract_if_next: extract_if_next::<K, V, M>,
            extract_if_drop: extract_if_drop::<K, V, M>,
            iter: iter::<K, V, M>,
            iter_next: iter_next::<K, V, M>,
            iter_next_chunk: iter_next_chunk::<K, V, M>,
            iter_clone: iter_clone::<K, V, M>,
            iter_mut: iter_mut::<K, V, M>,
            iter_mut_next: iter_mut_next::<K, V, M>,
            iter_mut_next_chunk: iter_mut_next_chunk::<K, V, M>,
            drain: drain::<K, V, M>,
            drain_next: drain_next::<K, V, M>,
            drain_drop: drain_drop::<K, V, M>,
            into_iter: into_iter::<K, V, M>,
            into_iter_next: into_iter_next::<K, V, M>,
            into_iter_drop: into_iter_drop::<K, V, M>,
            find_str: match str_lookups {
                Some(s) => Some(s.find),
                None => None,
            },
            find_str_mut: match str_lookups {
                Some(s) => Some(s.find_mut),
                None => None,
            },
            find_str_memoized: match str_lookups {
                Some(s) => Some(s.find_memoized),
                None => None,
            },
            find_str_memoized_mut: match str_lookups {
                Some(s) => Some(s.find_memoized_mut),
                None => None,
            },
            dispatch_only,
        }
    }
}

impl<K: core::hash::Hash + Eq + Borrow<str>, V, M: BackendMap<K, V>> VTableFor<K, V, M> {
    const STR_LOOKUPS: Option<StrLookups> = Some(StrLookups {
        find: find_str::<K, V, M>,
        find_mut: find_str_mut::<K, V, M>,
        find_memoized: find_str_memoized::<K, V, M>,
        find_memoized_mut: find_str_memoized_mut::<K, V, M>,
    });
    /// [`VTableFor::LOCAL`] with the `&str` look-ups.
    pub(crate) const LOCAL_STR: &'static MapVTable =
        &Self::build(&OWNER, Self::STR_LOOKUPS, Some(Self::VTABLE_ONLY_STR));
    const VTABLE_ONLY_STR: &'static MapVTable = &Self::build(&NOBODY, Self::STR_LOOKUPS, None);
}

// Every function below is only reachable through a vtable built by `VTableFor<K, V, M>`, and
// `FfiMap` only passes it (1) a `map` pointer it got from this same vtable's `new_map` or
// `clone_empty` (a `Box<M>`), never null, borrowed as the signature's constness says;
// (2) `key`/`value`/`out_*` pointers to live, properly aligned `K`/`V` (or space for one);
// (3) `state` pointers to an `IterState` that the matching init function filled; (4) `out`
// and `capacity` of a chunk function: room for `capacity` `EntryPtrs`, which need not be
// initialized.
// Whatever runs code of `K` or `V` (`Hash`, `Eq`, `Borrow`, `Drop`) does it under `catching`
// and reports a panic in its `PanicSlot`, which the caller raises again; callers' closures
// come as `Callback`s, which catch their own panics.

/// Reads the box as the map it is.
///
/// # Safety
/// `map` is a live `Box<M>` of this vtable, not mutably borrowed for `'a` (contract (1)).
unsafe fn map_ref<'a, M>(map: *const Erased) -> &'a M {
    // SAFETY: forwarded from the caller.
    unsafe { &*map.cast::<M>() }
}

/// # Safety
/// `map` is a live `Box<M>` of this vtable, exclusively the caller's for `'a` (contract (1)).
unsafe fn map_mut<'a, M>(map: *mut Erased) -> &'a mut M {
    // SAFETY: forwarded from the caller.
    unsafe { &mut *map.cast::<M>() }
}

fn boxed<K: core::hash::Hash + Eq, V, M: BackendMap<K, V>>(map: M) -> *mut Erased {
    Box::into_raw(Box::new(map)).cast()
}

extern "C" fn new_map<K: core::hash::Hash + Eq, V, M: BackendMap<K, V>>(
    capacity: usize,
    hasher: HasherId,
) -> *mut Erased {
    M::try_with_capacity_and_hasher(capacity, MapHasher::with_seed(hasher.seed))
        .map_or(ptr::null_mut(), boxed::<K, V, M>)
}

unsafe extern "C" fn drop_map<K: core::hash::Hash + Eq, V, M: BackendMap<K, V>>(
    map: *mut Erased,
    panic: &mut PanicSlot,
) {
    // SAFETY: contract (1); the caller gives up the box, freed here before the map's entries
    // are dropped (whose `Drop` may panic).
    let map = *unsafe { Box::from_raw(map.cast::<M>()) };
    catching(panic, (), move || drop(map));
}

unsafe extern "C" fn clone_empty<K: core::hash::Hash + Eq, V, M: BackendMap<K, V>>(
    map: *const Erased,
) -> *mut Erased {
    // SAFETY: contract (1).
    let map = unsafe { map_ref::<M>(map) };
    M::try_with_capacity_and_hasher(map.len(), map.hasher().clone())
        .map_or(ptr::null_mut(), boxed::<K, V, M>)
}

unsafe extern "C" fn hasher_id<K: core::hash::Hash + Eq, V, M: BackendMap<K, V>>(
    map: *const Erased,
) -> HasherId {
    // SAFETY: contract (1).
    unsafe { map_ref::<M>(map) }.hasher().id()
}

unsafe extern "C" fn len<K: core::hash::Hash + Eq, V, M: BackendMap<K, V>>(
    map: *const Erased,
) -> usize {
    // SAFETY: contract (1).
    unsafe { map_ref::<M>(map) }.len()
}

unsafe extern "C" fn capacity<K: core::hash::Hash + Eq, V, M: BackendMap<K, V>>(
    map: *const Erased,
) -> usize {
    // SAFETY: contract (1).
    unsafe { map_ref::<M>(map) }.capacity()
}

unsafe extern "C" fn try_reserve<K: core::hash::Hash + Eq, V, M: BackendMap<K, V>>(
    map: *mut Erased,
    additional: usize,
    panic: &mut PanicSlot,
) -> ReserveOutcome {
    // SAFETY: contract (1).
    let map = unsafe { map_mut::<M>(map) };
    // A panic (in `K`'s `Hash`, while rehashing) is not a capacity overflow: `Ok`.
    catching(panic, Ok(()), || map.try_reserve(additional)).into()
}

unsafe extern "C" fn shrink_to<K: core::hash::Hash + Eq, V, M: BackendMap<K, V>>(
    map: *mut Erased,
    min_capacity: usize,
    panic: &mut PanicSlot,
) {
    // SAFETY: contract (1).
    let map = unsafe { map_mut::<M>(map) };
    // Rehashing runs `K`'s `Hash`.
    catching(panic, (), || map.shrink_to(min_capacity));
}

unsafe extern "C" fn allocation_size<K: core::hash::Hash + Eq, V, M: BackendMap<K, V>>(
    map: *const Erased,
) -> usize {
    // SAFETY: contract (1).
    unsafe { map_ref::<M>(map) }.allocation_size()
}

unsafe extern "C" fn clear<K: core::hash::Hash + Eq, V, M: BackendMap<K, V>>(
    map: *mut Erased,
    panic: &mut PanicSlot,
) {
    // SAFETY: contract (1).
    let map = unsafe { map_mut::<M>(map) };
    catching(panic, (), || map.clear());
}

unsafe extern "C" fn find<K: core::hash::Hash + Eq, V, M: BackendMap<K, V>>(
    map: *const Erased,
    hash: KeyHash,
    is_match: KeyMatch,
    panic: &mut PanicSlot,
) -> EntryPtrs {
    // SAFETY: contract (1).
    let map = unsafe { map_ref::<M>(map) };
    catching(panic, EntryPtrs::NONE, || {
        // SAFETY: the predicate is the caller's, alive for this call, over `K`.
        let found = map.find_matching(hash, |k| unsafe { is_match.matches(k) });
        found.map_or(EntryPtrs::NONE, EntryPtrs::of)
    })
}

unsafe extern "C" fn find_mut<K: core::hash::Hash + Eq, V, M: BackendMap<K, V>>(
    map: *mut Erased,
    hash: KeyHash,
    is_match: KeyMatch,
    panic: &mut PanicSlot,
) -> EntryPtrs {
    // SAFETY: contract (1).
    let map = unsafe { map_mut::<M>(map) };
    catching(panic, EntryPtrs::NONE, || {
        // SAFETY: the predicate is the caller's, alive for this call, over `K`.
        let found = map.find_matching_mut(hash, |k| unsafe { is_match.matches(k) });
        found.map_or(EntryPtrs::NONE, EntryPtrs::of_key_mut)
    })
}

unsafe extern "C" fn insert<K: core::hash::Hash + Eq, V, M: BackendMap<K, V>>(
    map: *mut Erased,
    key: *mut Erased,
    value: *mut Erased,
    old_value: *mut Erased,
    panic: &mut PanicSlot,
) -> bool {
    // SAFETY: contracts (1) and (2): `key` and `value` are moved in (the caller forgets them),
    // `old_value` is space for a `V`.
    let (map, key, value) = unsafe {
        (
            map_mut::<M>(map),
            key.cast::<K>().read(),
            value.cast::<V>().read(),
        )
    };
    catching(panic, false, || match map.insert(key, value) {
        Some(old) => {
            // SAFETY: contract (2): room for a `V`.
            unsafe { old_value.cast::<V>().write(old) };
            true
        }
        None => false,
    })
}

unsafe extern "C" fn insert_hashed_nocheck<K: core::hash::Hash + Eq, V, M: BackendMap<K, V>>(
    map: *mut Erased,
    hash: KeyHash,
    key: *mut Erased,
    value: *mut Erased,
    panic: &mut PanicSlot,
) -> EntryPtrs {
    // SAFETY: contracts (1) and (2): `key` and `value` are moved in.
    let (map, key, value) = unsafe {
        (
            map_mut::<M>(map),
            key.cast::<K>().read(),
            value.cast::<V>().read(),
        )
    };
    catching(panic, EntryPtrs::NONE, || {
        let hash = if hash.known {
            hash.hash
        } else {
            map.hasher().hash_key(&key)
        };
        EntryPtrs::of_key_mut(map.insert_hashed_nocheck(hash, key, value))
    })
}

unsafe extern "C" fn remove<K: core::hash::Hash + Eq, V, M: BackendMap<K, V>>(
    map: *mut Erased,
    hash: KeyHash,
    is_match: KeyMatch,
    out_key: *mut Erased,
    out_value: *mut Erased,
    panic: &mut PanicSlot,
) -> bool {
    // SAFETY: contract (1).
    let map = unsafe { map_mut::<M>(map) };
    catching(panic, false, || {
        // SAFETY: the predicate is the caller's, alive for this call.
        match map.remove_matching(hash, |k| unsafe { is_match.matches(k) }) {
            Some((key, value)) => {
                // SAFETY: contract (2): room for a `K` and a `V`.
                unsafe {
                    out_key.cast::<K>().write(key);
                    out_value.cast::<V>().write(value);
                }
                true
            }
            None => false,
        }
    })
}

unsafe extern "C" fn retain<K: core::hash::Hash + Eq, V, M: BackendMap<K, V>>(
    map: *mut Erased,
    keep: EntryFilter,
    panic: &mut PanicSlot,
) {
    // SAFETY: contract (1).
    let map = unsafe { map_mut::<M>(map) };
    catching(panic, (), || {
        // SAFETY: the filter is the caller's, alive for this call, over `K` and `V`.
        map.retain(|k, v| unsafe { keep.keeps(k, v) });
    });
}

unsafe extern "C" fn extract_if<K: core::hash::Hash + Eq, V, M: BackendMap<K, V>>(
    map: *mut Erased,
    state: *mut Erased,
) {
    // SAFETY: contracts (1) and (3): the state has room and alignment for the walk
    // (`assert_iterators_fit!`), which borrows the map for as long as the caller's `ExtractIf`.
    unsafe {
        state
            .cast::<M::Extract<'_>>()
            .write(map_mut::<M>(map).extract_start());
    }
}

unsafe extern "C" fn extract_if_next<K: core::hash::Hash + Eq, V, M: BackendMap<K, V>>(
    state: *mut Erased,
    keep: EntryFilter,
    out_key: *mut Erased,
    out_value: *mut Erased,
    panic: &mut PanicSlot,
) -> bool {
    // SAFETY: contract (3): `extract_if` filled the state.
    let extract = unsafe { &mut *state.cast::<M::Extract<'_>>() };
    // The filter is the caller's (a panic in it unwinds to here), the rehash of halfbrown's
    // removal `K`'s code.
    catching(panic, false, || match M::extract_next(extract, keep) {
        Some((key, value)) => {
            // SAFETY: contract (2): room for a `K` and a `V`.
            unsafe {
                out_key.cast::<K>().write(key);
                out_value.cast::<V>().write(value);
            }
            true
        }
        None => false,
    })
}

unsafe extern "C" fn extract_if_drop<K: core::hash::Hash + Eq, V, M: BackendMap<K, V>>(
    state: *mut Erased,
) {
    // SAFETY: contract (3); the caller's iterator is being dropped and never reads it again.
    // Ending a walk runs no code of `K` or `V` (the entries not visited stay in the map).
    unsafe { state.cast::<M::Extract<'_>>().drop_in_place() };
}

unsafe extern "C" fn iter<K: core::hash::Hash + Eq, V, M: BackendMap<K, V>>(
    map: *const Erased,
    state: *mut Erased,
) {
    // SAFETY: contracts (1) and (3): the state has room and alignment for the iterator
    // (`assert_iterators_fit!`), which borrows the map for as long as the caller's `Iter`.
    unsafe { state.cast::<M::Iter<'_>>().write(map_ref::<M>(map).iter()) };
}

unsafe extern "C" fn iter_next<K: core::hash::Hash + Eq, V, M: BackendMap<K, V>>(
    state: *mut Erased,
) -> EntryPtrs {
    // SAFETY: contract (3): `iter` filled the state.
    let iter = unsafe { &mut *state.cast::<M::Iter<'_>>() };
    iter.next().map_or(EntryPtrs::NONE, EntryPtrs::of)
}

unsafe extern "C" fn iter_next_chunk<K: core::hash::Hash + Eq, V, M: BackendMap<K, V>>(
    state: *mut Erased,
    out: *mut EntryPtrs,
    capacity: usize,
) -> usize {
    // SAFETY: contracts (3), `iter` filled the state, and (4).
    unsafe { fill_chunk::<M::Iter<'_>>(state, EntryPtrs::of, out, capacity) }
}

unsafe extern "C" fn iter_clone<K: core::hash::Hash + Eq, V, M: BackendMap<K, V>>(
    state: *const Erased,
    out: *mut Erased,
) {
    // SAFETY: contract (3): `iter` filled `state`; `out` is another `IterState`, and the copy
    // borrows the map as the original does.
    unsafe {
        let iter = &*state.cast::<M::Iter<'_>>();
        out.cast::<M::Iter<'_>>().write(iter.clone());
    }
}

unsafe extern "C" fn iter_mut<K: core::hash::Hash + Eq, V, M: BackendMap<K, V>>(
    map: *mut Erased,
    state: *mut Erased,
) {
    // SAFETY: contracts (1) and (3), as in `iter`, with the map exclusively borrowed.
    unsafe {
        state
            .cast::<M::IterMut<'_>>()
            .write(map_mut::<M>(map).iter_mut());
    };
}

unsafe extern "C" fn iter_mut_next<K: core::hash::Hash + Eq, V, M: BackendMap<K, V>>(
    state: *mut Erased,
) -> EntryPtrs {
    // SAFETY: contract (3): `iter_mut` filled the state.
    let iter = unsafe { &mut *state.cast::<M::IterMut<'_>>() };
    iter.next().map_or(EntryPtrs::NONE, EntryPtrs::of_mut)
}

unsafe extern "C" fn iter_mut_next_chunk<K: core::hash::Hash + Eq, V, M: BackendMap<K, V>>(
    state: *mut Erased,
    out: *mut EntryPtrs,
    capacity: usize,
) -> usize {
    // SAFETY: contracts (3), `iter_mut` filled the state, and (4). The native iterator
    // yields each entry once, so the values pointed at, in this chunk and the others, are
    // distinct.
    unsafe { fill_chunk::<M::IterMut<'_>>(state, EntryPtrs::of_mut, out, capacity) }
}

/// Advances the borrowing iterator in `state` by up to `capacity` entries, written to `out`
/// through `entry`; returns how many (fewer only when the iterator has ended). Takes no more
/// from the iterator than it writes.
///
/// The iterator is moved to a local for the walk and back after it: left in `state`, its
/// fields would be stored at every entry, since `out` could alias them for all the compiler
/// knows.
///
/// # Safety
/// `state` holds a live `I`; `out` has room for `capacity` entries.
#[inline]
unsafe fn fill_chunk<I: Iterator>(
    state: *mut Erased,
    entry: impl Fn(I::Item) -> EntryPtrs,
    out: *mut EntryPtrs,
    capacity: usize,
) -> usize {
    let state = state.cast::<I>();
    // SAFETY: `state` holds a live `I` (the caller's contract); it is moved out here and back
    // below, and nothing reads `state` in between.
    let mut iter = unsafe { state.read() };
    let mut next = out;
    // SAFETY: one past the room the caller guarantees.
    let end = unsafe { out.add(capacity) };
    while next != end {
        let Some(item) = iter.next() else {
            break;
        };
        // SAFETY: `next < end`, within the room the caller guarantees.
        unsafe {
            next.write(entry(item));
            next = next.add(1);
        }
    }
    // `next` is `out` advanced by the entries written.
    let filled = (next.addr() - out.addr()) / size_of::<EntryPtrs>();
    // SAFETY: `state` is where the iterator was moved out of, and what is left there is
    // overwritten without being dropped. (Nothing above unwinds: a native borrowing
    // iterator's `next` runs no code of `K` or `V`; and the cursors never drop their state.)
    unsafe { state.write(iter) };
    filled
}

unsafe extern "C" fn drain<K: core::hash::Hash + Eq, V, M: BackendMap<K, V>>(
    map: *mut Erased,
    state: *mut Erased,
) {
    // SAFETY: contracts (1) and (3), as in `iter_mut`.
    unsafe {
        state
            .cast::<M::Drain<'_>>()
            .write(map_mut::<M>(map).drain());
    };
}

unsafe extern "C" fn drain_next<K: core::hash::Hash + Eq, V, M: BackendMap<K, V>>(
    state: *mut Erased,
    out_key: *mut Erased,
    out_value: *mut Erased,
) -> bool {
    // SAFETY: contracts (2) and (3): `drain` filled the state.
    unsafe { next_owned::<K, V, M::Drain<'_>>(state, out_key, out_value) }
}

unsafe extern "C" fn drain_drop<K: core::hash::Hash + Eq, V, M: BackendMap<K, V>>(
    state: *mut Erased,
    panic: &mut PanicSlot,
) {
    catching(panic, (), || {
        // SAFETY: contract (3); the caller's iterator is being dropped and never reads it
        // again.
        unsafe { state.cast::<M::Drain<'_>>().drop_in_place() };
    });
}

unsafe extern "C" fn into_iter<K: core::hash::Hash + Eq, V, M: BackendMap<K, V>>(
    map: *mut Erased,
    state: *mut Erased,
) {
    // SAFETY: contracts (1) and (3); the caller gives up the box, whose map moves into the
    // state and whose allocation is freed here, by its own allocator.
    unsafe {
        let map = *Box::from_raw(map.cast::<M>());
        state.cast::<M::IntoIter>().write(map.into_iter());
    }
}

unsafe extern "C" fn into_iter_next<K: core::hash::Hash + Eq, V, M: BackendMap<K, V>>(
    state: *mut Erased,
    out_key: *mut Erased,
    out_value: *mut Erased,
) -> bool {
    // SAFETY: contracts (2) and (3): `into_iter` filled the state.
    unsafe { next_owned::<K, V, M::IntoIter>(state, out_key, out_value) }
}

unsafe extern "C" fn into_iter_drop<K: core::hash::Hash + Eq, V, M: BackendMap<K, V>>(
    state: *mut Erased,
    panic: &mut PanicSlot,
) {
    catching(panic, (), || {
        // SAFETY: contract (3); the caller's iterator is being dropped and never reads it
        // again.
        unsafe { state.cast::<M::IntoIter>().drop_in_place() };
    });
}

unsafe extern "C" fn find_str<K: core::hash::Hash + Eq + Borrow<str>, V, M: BackendMap<K, V>>(
    map: *const Erased,
    hash: KeyHash,
    key: StrRef,
    panic: &mut PanicSlot,
) -> EntryPtrs {
    // SAFETY: contract (1); the caller made `key` from a `&str` it borrows for this call.
    let (map, key) = unsafe { (map_ref::<M>(map), key.as_str()) };
    // `K`'s `Borrow<str>` is the caller's code too.
    catching(panic, EntryPtrs::NONE, || {
        map.find_str(hash, key)
            .map_or(EntryPtrs::NONE, EntryPtrs::of)
    })
}

unsafe extern "C" fn find_str_mut<
    K: core::hash::Hash + Eq + Borrow<str>,
    V,
    M: BackendMap<K, V>,
>(
    map: *mut Erased,
    hash: KeyHash,
    key: StrRef,
    panic: &mut PanicSlot,
) -> EntryPtrs {
    // SAFETY: contract (1), the map exclusively borrowed; `key` as in `find_str`.
    let (map, key) = unsafe { (map_mut::<M>(map), key.as_str()) };
    catching(panic, EntryPtrs::NONE, || {
        map.find_str_mut(hash, key)
            .map_or(EntryPtrs::NONE, EntryPtrs::of_key_mut)
    })
}

unsafe extern "C" fn find_str_memoized<
    K: core::hash::Hash + Eq + Borrow<str>,
    V,
    M: BackendMap<K, V>,
>(
    map: *const Erased,
    hasher: HasherId,
    hash: u64,
    key: StrRef,
    panic: &mut PanicSlot,
) -> EntryPtrs {
    // SAFETY: contract (1); `key` as in `find_str`.
    let (map, key) = unsafe { (map_ref::<M>(map), key.as_str()) };
    // `K`'s `Borrow<str>` and `Eq` are the map's own code, run under `catching`.
    catching(panic, EntryPtrs::NONE, || {
        map.find_str_memoized(hasher, hash, key)
            .map_or(EntryPtrs::NONE, EntryPtrs::of)
    })
}

unsafe extern "C" fn find_str_memoized_mut<
    K: core::hash::Hash + Eq + Borrow<str>,
    V,
    M: BackendMap<K, V>,
>(
    map: *mut Erased,
    hasher: HasherId,
    hash: u64,
    key: StrRef,
    panic: &mut PanicSlot,
) -> EntryPtrs {
    // SAFETY: contract (1), the map exclusively borrowed; `key` as in `find_str`.
    let (map, key) = unsafe { (map_mut::<M>(map), key.as_str()) };
    catching(panic, EntryPtrs::NONE, || {
        map.find_str_memoized_mut(hasher, hash, key)
            .map_or(EntryPtrs::NONE, EntryPtrs::of_key_mut)
    })
}

/// Moves the next entry of the owning iterator in `state` out to `out_key`/`out_value`.
///
/// # Safety
/// `state` holds a live `I`; `out_key`/`out_value` have room for a `K` and a `V`.
unsafe fn next_owned<K, V, I: Iterator<Item = (K, V)>>(
    state: *mut Erased,
    out_key: *mut Erased,
    out_value: *mut Erased,
) -> bool {
    // SAFETY: forwarded from the caller.
    unsafe {
        match (*state.cast::<I>()).next() {
            Some((key, value)) => {
                out_key.cast::<K>().write(key);
                out_value.cast::<V>().write(value);
                true
            }
            None => false,
        }
    }
}
