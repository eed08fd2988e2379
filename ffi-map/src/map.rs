//! [`FfiMap`]: the handle, its constructors and the look-up and update operations.
//!
//! Every operation first asks whether this library built the map (its vtable points at this
//! library's owner token). If so, it calls the native backend directly, inlined as in a plain
//! halfbrown or hashbrown map; otherwise it goes through the map's vtable, so the code of the
//! library that allocated the map does the work.

use core::borrow::Borrow;
use core::fmt;
use core::hash::Hash;
use core::marker::PhantomData;
use core::mem::{ManuallyDrop, MaybeUninit};
use core::ptr;

use abi_stable::StableAbi;

use crate::backend::BackendMap;
use crate::hasher::{HasherId, KeyHash, MapHasher};
use crate::unwind::{Callback, PanicSlot};
use crate::vtable::{
    EntryFilter, EntryPtrs, Erased, KeyMatch, MapVTable, StrRef, VTableFor, OWNER,
};
use crate::Backend;

/// An FFI-safe hash map: a pointer to one heap box holding the native backend map, and a
/// `&'static` vtable of the functions of the library that allocated it.
///
/// The map can be moved to, read, changed, cloned and dropped by a library compiled
/// separately: whatever it does runs the allocating library's code, so memory is always freed
/// by the allocator that gave it. Within the library that built it, operations skip the
/// vtable and run as fast as the native backend.
///
/// ```
/// use ffi_map::FfiMap;
///
/// let mut map = FfiMap::new();
/// map.insert("application", 1);
/// map.insert("syslog_hostname", 2);
/// assert_eq!(map.get("application"), Some(&1));
/// *map.entry("application").or_insert(0) += 10;
/// assert_eq!(map["application"], 11);
/// assert_eq!(map.remove("syslog_hostname"), Some(2));
/// assert_eq!(map.len(), 1);
/// ```
#[repr(C)]
#[derive(StableAbi)]
pub struct FfiMap<K, V> {
    /// The `Box` of the backend map, or null until the first insertion.
    pub(crate) raw: *mut Erased,
    pub(crate) vtable: &'static MapVTable,
    _key: PhantomData<K>,
    _value: PhantomData<V>,
}

const _: () = assert!(
    size_of::<FfiMap<u8, u8>>() == 2 * size_of::<usize>(),
    "FfiMap must be exactly two pointers: the box and the vtable"
);
const _: () = assert!(
    size_of::<Option<FfiMap<u8, u8>>>() == size_of::<FfiMap<u8, u8>>(),
    "Option<FfiMap> should use the vtable reference's niche"
);

// SAFETY: the map owns its keys and values like a `HashMap<K, V>` does; the box and vtable are
// only reached through `&self`/`&mut self`, and the vtable's functions are plain code.
unsafe impl<K: Send, V: Send> Send for FfiMap<K, V> {}
// SAFETY: `&FfiMap` only runs functions that read (`find`, `len`, `iter`...), as `&HashMap` does.
unsafe impl<K: Sync, V: Sync> Sync for FfiMap<K, V> {}

/// A backend was asked for that this build was compiled without.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BackendUnavailable(pub Backend);

impl fmt::Display for BackendUnavailable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the {0} backend is not compiled in: enable ffi-map's `{0}` cargo feature",
            self.0
        )
    }
}

impl std::error::Error for BackendUnavailable {}

/// Runs `$local` with `$m` bound to the native map when this library built `$map` (which must
/// be allocated), else `$foreign`. The second form takes one expression per backend, for the
/// methods whose names differ between halfbrown and hashbrown.
macro_rules! native_or {
    // The foreign arm used as it is, not wrapped in `outlined`: a call of a function kept out
    // of line (`#[inline(never)]`), whose arguments stay in registers, or a vtable call that
    // needs no stack frame.
    ($map:ident . $access:ident, |$m:ident| $local:expr, as_is $foreign:expr) => {
        native_or!(@match $map.$access, |$m| $local, |$m| $local, $foreign)
    };
    ($map:ident . $access:ident, |$h:ident| $half:expr, |$b:ident| $brown:expr,
        as_is $foreign:expr) => {
        native_or!(@match $map.$access, |$h| $half, |$b| $brown, $foreign)
    };
    ($map:ident . $access:ident, |$m:ident| $local:expr, $foreign:expr) => {
        native_or!($map.$access, |$m| $local, |$m| $local, $foreign)
    };
    ($map:ident . $access:ident, |$h:ident| $half:expr, |$b:ident| $brown:expr, $foreign:expr) => {
        // Out of line: the native arms stay a few instructions, without the registers and
        // stack frame that the vtable calls (panic slots, callbacks, hashing) need.
        native_or!(@match $map.$access, |$h| $half, |$b| $brown,
            $crate::map::outlined(move || $foreign))
    };
    (@match $map:ident . $access:ident, |$h:ident| $half:expr, |$b:ident| $brown:expr,
        $foreign:expr) => {
        match $map.local_backend() {
            #[cfg(feature = "halfbrown")]
            Some($crate::Backend::Halfbrown) => {
                // SAFETY: `local_backend` checked that the map is allocated, built by this
                // library, and with this backend: its box holds a `HalfMap<K, V>`.
                let $h = unsafe { $map.$access::<$crate::backend::HalfMap<K, V>>() };
                $half
            }
            #[cfg(feature = "hashbrown")]
            Some($crate::Backend::Hashbrown) => {
                // SAFETY: as above, for a `BrownMap<K, V>`.
                let $b = unsafe { $map.$access::<$crate::backend::BrownMap<K, V>>() };
                $brown
            }
            _ => $foreign,
        }
    };
}
pub(crate) use native_or;

/// `f(map, key)` in a function of its own, whose arguments stay in registers: a native
/// look-up, so that the function dispatching to it needs no stack frame.
#[inline(never)]
pub(crate) fn out_of_line<'a, M, Q: ?Sized, R>(
    map: &'a M,
    key: &Q,
    f: impl FnOnce(&'a M, &Q) -> R,
) -> R {
    f(map, key)
}

/// [`out_of_line`] for an insertion (halfbrown's, whose vector insertion is inlined).
#[cfg(feature = "halfbrown")]
#[inline(never)]
pub(crate) fn out_of_line_insert<K: Hash + Eq, V, M: BackendMap<K, V>>(
    map: &mut M,
    key: K,
    value: V,
) -> Option<V> {
    map.insert(key, value)
}

/// [`out_of_line`] for a look-up with the key's hash.
#[inline(never)]
pub(crate) fn out_of_line_hashed<'a, M, Q: ?Sized, R>(
    map: &'a M,
    hash: u64,
    key: &Q,
    f: impl FnOnce(&'a M, u64, &Q) -> R,
) -> R {
    f(map, hash, key)
}

/// Runs `f` in a function of its own (one per closure type), never inlined into its caller:
/// the foreign arm of [`native_or!`].
#[inline(never)]
pub(crate) fn outlined<R>(f: impl FnOnce() -> R) -> R {
    f()
}

#[cold]
#[track_caller]
pub(crate) fn capacity_overflow() -> ! {
    panic!("FfiMap capacity overflow")
}

impl<K, V> FfiMap<K, V> {
    /// The backend of this map (of the library that built it).
    #[must_use]
    pub fn backend(&self) -> Backend {
        self.vtable.backend
    }

    /// Whether this library built the map, so that operations on it skip the vtable.
    #[must_use]
    pub fn is_native(&self) -> bool {
        ptr::eq(self.vtable.owner, &raw const OWNER)
    }

    /// The backend, when the map is allocated and was built by this library.
    #[inline]
    pub(crate) fn local_backend(&self) -> Option<Backend> {
        (!self.raw.is_null() && self.is_native()).then_some(self.vtable.backend)
    }

    /// # Safety
    /// The map is allocated, built by this library, and its box holds an `M`.
    #[inline]
    pub(crate) unsafe fn native<M>(&self) -> &M {
        // SAFETY: forwarded from the caller.
        unsafe { &*self.raw.cast::<M>() }
    }

    /// # Safety
    /// As [`FfiMap::native`].
    #[inline]
    pub(crate) unsafe fn native_mut<M>(&mut self) -> &mut M {
        // SAFETY: forwarded from the caller.
        unsafe { &mut *self.raw.cast::<M>() }
    }

    /// Takes the native map out and frees its box, leaving this map empty (unallocated).
    ///
    /// # Safety
    /// As [`FfiMap::native`].
    #[inline]
    pub(crate) unsafe fn take_native<M>(&mut self) -> M {
        let raw = core::mem::replace(&mut self.raw, ptr::null_mut());
        // SAFETY: the box is allocated, this library's and holds an `M` (the caller's
        // contract); `raw` is cleared, so it is taken once.
        *unsafe { Box::from_raw(raw.cast::<M>()) }
    }

    pub(crate) const fn empty(vtable: &'static MapVTable) -> Self {
        Self {
            raw: ptr::null_mut(),
            vtable,
            _key: PhantomData,
            _value: PhantomData,
        }
    }

    /// The vtable and, if allocated, the box: what the iterators start from.
    pub(crate) fn parts(&self) -> (&'static MapVTable, *mut Erased) {
        (self.vtable, self.raw)
    }

    /// Gives up the box without dropping it (for the owning iterator).
    pub(crate) fn into_parts(self) -> (&'static MapVTable, *mut Erased) {
        let this = ManuallyDrop::new(self);
        (this.vtable, this.raw)
    }

    /// The number of entries.
    #[must_use]
    pub fn len(&self) -> usize {
        if self.raw.is_null() {
            return 0;
        }
        native_or!(self.native, |m| m.len(), {
            // SAFETY: the box is allocated and this vtable's.
            unsafe { (self.vtable.len)(self.raw) }
        })
    }

    /// Whether the map has no entries.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many entries the map holds without allocating again.
    #[must_use]
    pub fn capacity(&self) -> usize {
        if self.raw.is_null() {
            return 0;
        }
        native_or!(self.native, |m| m.capacity(), {
            // SAFETY: the box is allocated and this vtable's.
            unsafe { (self.vtable.capacity)(self.raw) }
        })
    }

    /// The identity of the map's hash function: a hash memoized for an equal id can be used
    /// with this map's raw-entry API.
    #[must_use]
    pub fn hasher_id(&self) -> HasherId {
        if self.raw.is_null() {
            return HasherId::DEFAULT;
        }
        native_or!(self.native, |m| m.hasher().id(), as_is {
            // SAFETY: the box is allocated and this vtable's.
            unsafe { (self.vtable.hasher_id)(self.raw) }
        })
    }

    /// Removes every entry, keeping the allocated memory.
    pub fn clear(&mut self) {
        if self.raw.is_null() {
            return;
        }
        native_or!(self.native_mut, |m| m.clear(), {
            let mut panic = PanicSlot::new();
            // SAFETY: the box is allocated and this vtable's.
            unsafe { (self.vtable.clear)(self.raw, &mut panic) };
            panic.resume();
        });
    }

    /// Finds an entry through the vtable. The map must be allocated.
    fn find_in_vtable<F: FnMut(&K) -> bool>(&self, hash: KeyHash, is_match: F) -> Option<(&K, &V)> {
        let mut is_match = Callback::new(is_match);
        let mut panic = PanicSlot::new();
        // SAFETY: the box is allocated and this vtable's; the predicate lives through the call.
        let found =
            unsafe { (self.vtable.find)(self.raw, hash, KeyMatch::new(&mut is_match), &mut panic) };
        is_match.resume();
        panic.resume();
        // SAFETY: the pointers are to an entry that lives as long as `&self`.
        unsafe { found.as_refs() }
    }

    /// [`FfiMap::find_in_vtable`] for mutation.
    fn find_mut_in_vtable<F: FnMut(&K) -> bool>(
        &mut self,
        hash: KeyHash,
        is_match: F,
    ) -> Option<(&mut K, &mut V)> {
        let mut is_match = Callback::new(is_match);
        let mut panic = PanicSlot::new();
        // SAFETY: as in `find_in_vtable`, with the map exclusively borrowed.
        let found = unsafe {
            (self.vtable.find_mut)(self.raw, hash, KeyMatch::new(&mut is_match), &mut panic)
        };
        is_match.resume();
        panic.resume();
        // SAFETY: as in `find_in_vtable`, with the map exclusively borrowed; the function
        // made the pointers from `&mut` borrows of the entry (`EntryPtrs::of_key_mut`).
        unsafe { found.as_key_mut() }
    }

    /// Looks `key` up through the vtable (the map must be allocated): by the map's own
    /// comparison when it offers `&str` look-ups and `key` is a `str`, under `str_hash`
    /// (unknown: the map hashes it), else with a callback per key compared, under `hash()`.
    /// The `&str` path is inlined into the caller; the callback path is out of line.
    #[inline]
    fn find_key_in_vtable<Q>(
        &self,
        str_hash: KeyHash,
        hash: impl FnOnce() -> KeyHash,
        key: &Q,
    ) -> Option<(&K, &V)>
    where
        K: Borrow<Q>,
        Q: Eq + ?Sized,
    {
        match (self.vtable.find_str, str_key(key)) {
            (Some(find), Some(key)) => {
                let mut panic = PanicSlot::new();
                // SAFETY: the box is allocated and this vtable's; `key` lives through the call.
                let found = unsafe { find(self.raw, str_hash, StrRef::new(key), &mut panic) };
                panic.resume();
                // SAFETY: the entry found lives as long as `&self`.
                unsafe { found.as_refs() }
            }
            _ => outlined(move || self.find_in_vtable(hash(), |k| k.borrow() == key)),
        }
    }

    /// [`FfiMap::find_key_in_vtable`] for mutation (`hash` is computed first: it needs `&self`).
    fn find_key_mut_in_vtable<Q>(
        &mut self,
        str_hash: KeyHash,
        hash: KeyHash,
        key: &Q,
    ) -> Option<(&mut K, &mut V)>
    where
        K: Borrow<Q>,
        Q: Eq + ?Sized,
    {
        match (self.vtable.find_str_mut, str_key(key)) {
            (Some(find), Some(key)) => {
                let mut panic = PanicSlot::new();
                // SAFETY: as in `find_key_in_vtable`, with the map exclusively borrowed.
                let found = unsafe { find(self.raw, str_hash, StrRef::new(key), &mut panic) };
                panic.resume();
                // SAFETY: as in `find_mut_in_vtable`.
                unsafe { found.as_key_mut() }
            }
            _ => self.find_mut_in_vtable(hash, |k| k.borrow() == key),
        }
    }

    /// Removes an entry through the vtable. The map must be allocated.
    fn remove_in_vtable<F: FnMut(&K) -> bool>(
        &mut self,
        hash: KeyHash,
        is_match: F,
    ) -> Option<(K, V)> {
        let mut is_match = Callback::new(is_match);
        let mut panic = PanicSlot::new();
        let mut key = MaybeUninit::<K>::uninit();
        let mut value = MaybeUninit::<V>::uninit();
        // SAFETY: the box is allocated and this vtable's; the predicate lives through the call.
        let removed = unsafe {
            (self.vtable.remove)(
                self.raw,
                hash,
                KeyMatch::new(&mut is_match),
                key.as_mut_ptr().cast(),
                value.as_mut_ptr().cast(),
                &mut panic,
            )
        };
        // A panic happened before anything was moved out: nothing is lost.
        is_match.resume();
        panic.resume();
        // SAFETY: on `true` the function moved the entry into `key` and `value`.
        removed.then(|| unsafe { (key.assume_init(), value.assume_init()) })
    }
}

impl<K: Hash + Eq, V> FfiMap<K, V> {
    /// An empty map with the default backend ([`Backend::DEFAULT`]) and hasher. Allocates
    /// nothing until the first insertion.
    #[must_use]
    pub const fn new() -> Self {
        Self::empty(Self::local_vtable(Backend::DEFAULT))
    }

    /// An empty map with room for `capacity` entries.
    ///
    /// # Panics
    /// If the capacity overflows `isize::MAX` bytes, as `std`'s maps do.
    #[must_use]
    pub fn with_capacity(capacity: usize) -> Self {
        Self::build(
            Self::local_vtable(Backend::DEFAULT),
            capacity,
            HasherId::DEFAULT,
        )
    }

    /// An empty map with the given backend.
    ///
    /// # Errors
    /// [`BackendUnavailable`] if this build lacks the backend's cargo feature.
    ///
    /// ```
    /// use ffi_map::{Backend, FfiMap};
    /// let map: FfiMap<String, u8> = FfiMap::with_backend(Backend::DEFAULT).unwrap();
    /// assert_eq!(map.backend(), Backend::DEFAULT);
    /// ```
    pub fn with_backend(backend: Backend) -> Result<Self, BackendUnavailable> {
        Self::with_capacity_and_backend(0, backend)
    }

    /// An empty map with the given backend and room for `capacity` entries.
    ///
    /// # Errors
    /// [`BackendUnavailable`] if this build lacks the backend's cargo feature.
    ///
    /// # Panics
    /// If the capacity overflows, as [`FfiMap::with_capacity`].
    pub fn with_capacity_and_backend(
        capacity: usize,
        backend: Backend,
    ) -> Result<Self, BackendUnavailable> {
        Self::with_options(capacity, backend, &MapHasher::fixed())
    }

    /// An empty map whose hasher has a random seed: use it for maps filled from untrusted keys
    /// (see [`MapHasher`] for the trade-off).
    #[must_use]
    pub fn with_random_seed() -> Self {
        Self::build(
            Self::local_vtable(Backend::DEFAULT),
            0,
            MapHasher::random().id(),
        )
    }

    /// An empty map with every choice explicit.
    ///
    /// # Errors
    /// [`BackendUnavailable`] if this build lacks the backend's cargo feature.
    ///
    /// # Panics
    /// If the capacity overflows, as [`FfiMap::with_capacity`].
    pub fn with_options(
        capacity: usize,
        backend: Backend,
        hasher: &MapHasher,
    ) -> Result<Self, BackendUnavailable> {
        if !backend.is_available() {
            return Err(BackendUnavailable(backend));
        }
        Ok(Self::build(
            Self::local_vtable(backend),
            capacity,
            hasher.id(),
        ))
    }

    /// This library's vtable for `backend`, which must be compiled in (else the default's).
    const fn local_vtable(backend: Backend) -> &'static MapVTable {
        match backend {
            #[cfg(feature = "halfbrown")]
            Backend::Halfbrown => VTableFor::<K, V, crate::backend::HalfMap<K, V>>::LOCAL,
            #[cfg(feature = "hashbrown")]
            Backend::Hashbrown => VTableFor::<K, V, crate::backend::BrownMap<K, V>>::LOCAL,
            #[allow(unreachable_patterns)]
            _ => Self::local_vtable(Backend::DEFAULT),
        }
    }

    fn build(vtable: &'static MapVTable, capacity: usize, hasher: HasherId) -> Self {
        let mut map = Self::empty(vtable);
        if capacity > 0 || hasher != HasherId::DEFAULT {
            map.raw = (vtable.new_map)(capacity, hasher);
            if map.raw.is_null() {
                capacity_overflow();
            }
        }
        map
    }

    /// Keeps only the entries for which `keep` returns `true`.
    ///
    /// ```
    /// let mut map: ffi_map::FfiMap<u32, u32> = (0..8).map(|i| (i, i * 10)).collect();
    /// map.retain(|k, v| { *v += 1; k % 2 == 0 });
    /// assert_eq!(map.len(), 4);
    /// assert_eq!(map[&2], 21);
    /// ```
    pub fn retain<F: FnMut(&K, &mut V) -> bool>(&mut self, keep: F) {
        if self.raw.is_null() {
            return;
        }
        native_or!(self.native_mut, |m| m.retain(keep), {
            let mut keep = Callback::new(keep);
            let mut panic = PanicSlot::new();
            // SAFETY: the box is allocated and this vtable's; the filter lives through the call.
            unsafe { (self.vtable.retain)(self.raw, EntryFilter::new(&mut keep), &mut panic) };
            keep.resume();
            panic.resume();
        });
    }

    /// Makes this library use the map only through its vtable, as if another library had
    /// built it. For tests and benchmarks of the cross-library path in one process; the map
    /// behaves the same either way.
    #[must_use]
    pub fn into_vtable_dispatch(self) -> Self {
        match self.vtable.dispatch_only {
            Some(vtable) if self.is_native() => self.with_vtable(vtable),
            _ => self,
        }
    }

    fn local_backend_or_empty(&self) -> Option<Backend> {
        self.is_native().then_some(self.vtable.backend)
    }

    /// The same box with another vtable of this library for the same backend, `K` and `V`.
    fn with_vtable(self, vtable: &'static MapVTable) -> Self {
        let (_, raw) = self.into_parts();
        Self {
            raw,
            vtable,
            _key: PhantomData,
            _value: PhantomData,
        }
    }

    /// Allocates the box if the map has none yet.
    pub(crate) fn allocate(&mut self) {
        if self.raw.is_null() {
            self.raw = (self.vtable.new_map)(0, HasherId::DEFAULT);
            if self.raw.is_null() {
                capacity_overflow();
            }
        }
    }

    /// The hash of `key` under this map's hasher, to memoize and pass to the raw-entry
    /// `_nocheck` functions of maps with the same [`FfiMap::hasher_id`].
    ///
    /// A map from a library whose hash algorithm this build does not know (see
    /// [`HasherId::is_known`]) cannot be hashed for here; its raw-entry functions then ignore
    /// caller hashes and compare keys instead, so results stay right.
    ///
    /// ```
    /// use ffi_map::FfiMap;
    /// let mut map = FfiMap::new();
    /// map.insert("application".to_string(), 1);
    /// let hash = map.hash_key("application");
    /// assert_eq!(map.raw_entry().from_key_hashed_nocheck(hash, "application"), Some((&"application".to_string(), &1)));
    /// ```
    pub fn hash_key<Q: Hash + ?Sized>(&self, key: &Q) -> u64 {
        MapHasher::for_id(self.hasher_id())
            .unwrap_or_else(MapHasher::fixed)
            .hash_key(key)
    }

    /// The [`KeyHash`] of `key` for this map.
    pub(crate) fn key_hash<Q: Hash + ?Sized>(&self, key: &Q) -> KeyHash {
        KeyHash::of(self.hasher_id(), key)
    }

    /// A caller's hash for this map, unless the map's algorithm is unknown here.
    #[inline]
    pub(crate) fn caller_hash(&self, hash: u64) -> KeyHash {
        if self.is_native() || self.hasher_id().is_known() {
            KeyHash::known(hash)
        } else {
            KeyHash::UNKNOWN
        }
    }

    /// The value for `key`.
    #[inline]
    pub fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        if self.raw.is_null() {
            return None;
        }
        native_or!(
            self.native,
            |m| out_of_line(m, key, |m, key| m.lookup(key).map(|(_, v)| v)),
            as_is self.get_in_vtable(key)
        )
    }

    /// [`FfiMap::get`] through the vtable.
    #[inline(never)]
    fn get_in_vtable<Q>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.find_key_in_vtable(KeyHash::UNKNOWN, || self.key_hash(key), key)
            .map(|(_, v)| v)
    }

    /// The stored key and the value for `key`.
    #[inline]
    pub fn get_key_value<Q>(&self, key: &Q) -> Option<(&K, &V)>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        if self.raw.is_null() {
            return None;
        }
        native_or!(
            self.native,
            |m| m.lookup(key),
            as_is self.get_key_value_in_vtable(key)
        )
    }

    /// [`FfiMap::get_key_value`] through the vtable. The map must be allocated.
    #[inline(never)]
    fn get_key_value_in_vtable<Q>(&self, key: &Q) -> Option<(&K, &V)>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.find_key_in_vtable(KeyHash::UNKNOWN, || self.key_hash(key), key)
    }

    /// The stored key and the value for `key`, found with `hash` when this map's hasher is
    /// `hasher` (so `hash` is the key's hash memoized under it), else with the map's own hash
    /// of `key`: a memoized look-up that is never wrong. In the map's own library this is one
    /// dispatch and no hashing. `hash` is tried first whatever `hasher` is (an entry found is
    /// `key`'s under any hash, keys being unique), so the hasher is compared only on a miss.
    ///
    /// ```
    /// use ffi_map::{FfiMap, MapHasher};
    ///
    /// let map: FfiMap<String, u32> = [("aint".to_owned(), 1)].into_iter().collect();
    /// let hasher = MapHasher::fixed();
    /// let hash = hasher.hash_key("aint");
    /// assert_eq!(map.get_key_value_memoized(hasher.id(), hash, "aint").map(|(_, v)| *v), Some(1));
    /// // A hash memoized under another hasher is not used: the answer stays right.
    /// let other = MapHasher::with_seed(7);
    /// let found = map.get_key_value_memoized(other.id(), other.hash_key("aint"), "aint");
    /// assert_eq!(found.map(|(_, v)| *v), Some(1));
    /// ```
    #[inline]
    pub fn get_key_value_memoized<Q>(
        &self,
        hasher: HasherId,
        hash: u64,
        key: &Q,
    ) -> Option<(&K, &V)>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        if self.raw.is_null() {
            return None;
        }
        native_or!(
            self.native,
            |m| m.lookup_memoized(hasher, hash, key),
            as_is self.get_key_value_memoized_in_vtable(hasher, hash, key)
        )
    }

    /// [`FfiMap::get_key_value_memoized`] through the vtable. The map must be allocated.
    #[inline(never)]
    fn get_key_value_memoized_in_vtable<Q>(
        &self,
        hasher: HasherId,
        hash: u64,
        key: &Q,
    ) -> Option<(&K, &V)>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        if let (Some(find), Some(key)) = (self.vtable.find_str_memoized, str_key(key)) {
            let mut panic = PanicSlot::new();
            // SAFETY: the box is allocated and this vtable's; `key` lives through the call.
            let found = unsafe { find(self.raw, hasher, hash, StrRef::new(key), &mut panic) };
            panic.resume();
            // SAFETY: the entry found lives as long as `&self`.
            unsafe { found.as_refs() }
        } else {
            // Out of line: the `&str` path above then needs no stack frame of its own.
            outlined(move || {
                let hash = self.memoized_in_vtable(hasher, hash, key);
                self.find_in_vtable(hash, |k| k.borrow() == key)
            })
        }
    }

    /// [`FfiMap::get_key_value_memoized`] for mutation: the value for `key`, found with `hash`
    /// when this map's hasher is `hasher`, else with the map's own hash of `key`. In the map's
    /// own library, and through the vtable of a map made by `ffi-value` (or with
    /// [`FfiMap::with_str_lookups`]) for `str` keys, this is one dispatch and no hashing.
    ///
    /// ```
    /// use ffi_map::{FfiMap, MapHasher};
    ///
    /// let mut map: FfiMap<String, u32> = [("aint".to_owned(), 1)].into_iter().collect();
    /// let hasher = MapHasher::fixed();
    /// if let Some(v) = map.get_mut_memoized(hasher.id(), hasher.hash_key("aint"), "aint") {
    ///     *v += 1;
    /// }
    /// assert_eq!(map.get("aint"), Some(&2));
    /// ```
    #[inline]
    pub fn get_mut_memoized<Q>(&mut self, hasher: HasherId, hash: u64, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        if self.raw.is_null() {
            return None;
        }
        native_or!(
            self.native_mut,
            |m| m.lookup_memoized_mut(hasher, hash, key).map(|(_, v)| v),
            as_is self.get_mut_memoized_in_vtable(hasher, hash, key)
        )
    }

    /// [`FfiMap::get_mut_memoized`] through the vtable. The map must be allocated.
    #[inline(never)]
    fn get_mut_memoized_in_vtable<Q>(
        &mut self,
        hasher: HasherId,
        hash: u64,
        key: &Q,
    ) -> Option<&mut V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        if let (Some(find), Some(key)) = (self.vtable.find_str_memoized_mut, str_key(key)) {
            let mut panic = PanicSlot::new();
            // SAFETY: as in `get_key_value_memoized_in_vtable`, with the map exclusively
            // borrowed.
            let found = unsafe { find(self.raw, hasher, hash, StrRef::new(key), &mut panic) };
            panic.resume();
            // SAFETY: as in `get_key_value_memoized_in_vtable`, with the map exclusively
            // borrowed.
            unsafe { found.as_mut::<K, V>() }.map(|(_, v)| v)
        } else {
            // Out of line, as in `get_key_value_memoized_in_vtable`.
            outlined(move || {
                let hash = self.memoized_in_vtable(hasher, hash, key);
                self.find_mut_in_vtable(hash, |k| k.borrow() == key)
                    .map(|(_, v)| v)
            })
        }
    }

    /// `hash`, memoized under `hasher`, if this map (used through its vtable) has that hasher;
    /// else the map's own hash of `key` (unknown if its algorithm is unknown here).
    fn memoized_in_vtable<Q: Hash + ?Sized>(
        &self,
        hasher: HasherId,
        hash: u64,
        key: &Q,
    ) -> KeyHash {
        if self.hasher_id() == hasher {
            KeyHash::known(hash)
        } else {
            self.key_hash(key)
        }
    }

    /// Whether the map has an entry for `key`.
    pub fn contains_key<Q>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.get_key_value(key).is_some()
    }

    /// The value for `key`, to change.
    pub fn get_mut<Q>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        if self.raw.is_null() {
            return None;
        }
        native_or!(self.native_mut, |m| m.get_mut(key), {
            let hash = self.key_hash(key);
            self.find_key_mut_in_vtable(KeyHash::UNKNOWN, hash, key)
                .map(|(_, v)| v)
        })
    }

    /// Inserts `value` for `key`, returning the value it replaces. The stored key is kept, as
    /// in `std`.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        // Every path a tail call: no stack frame here (the first insertion allocates out of
        // line; halfbrown's vector insertion is out of line, hashbrown's already is).
        if self.raw.is_null() {
            return self.insert_allocating(key, value);
        }
        native_or!(
            self.native_mut,
            |h| out_of_line_insert(h, key, value),
            |b| b.insert(key, value),
            as_is self.insert_in_vtable(key, value)
        )
    }

    /// [`FfiMap::insert`] into a map without a box yet.
    #[inline(never)]
    fn insert_allocating(&mut self, key: K, value: V) -> Option<V> {
        self.allocate();
        native_or!(
            self.native_mut,
            |m| m.insert(key, value),
            as_is self.insert_in_vtable(key, value)
        )
    }

    /// [`FfiMap::insert`] through the vtable. The map must be allocated.
    #[inline(never)]
    fn insert_in_vtable(&mut self, key: K, value: V) -> Option<V> {
        let mut key = ManuallyDrop::new(key);
        let mut value = ManuallyDrop::new(value);
        let mut old = MaybeUninit::<V>::uninit();
        let mut panic = PanicSlot::new();
        // SAFETY: the box is allocated and this vtable's; `key` and `value` are moved into
        // the map (and not dropped here, even if the map's code panics).
        let replaced = unsafe {
            (self.vtable.insert)(
                self.raw,
                ptr::from_mut(&mut *key).cast(),
                ptr::from_mut(&mut *value).cast(),
                old.as_mut_ptr().cast(),
                &mut panic,
            )
        };
        panic.resume();
        // SAFETY: on `true` the replaced value was written to `old`.
        replaced.then(|| unsafe { old.assume_init() })
    }

    /// Inserts `value` for `key` without looking for `key` first: for a caller that knows the
    /// key is new, such as a parser that has checked an object's keys. On a map of this library
    /// it skips the search (`insert_nocheck` on halfbrown, `insert_unique_unchecked` on
    /// hashbrown); on a map another library built it is an [`insert`](Self::insert).
    ///
    /// ```
    /// use ffi_map::FfiMap;
    ///
    /// let mut map = FfiMap::new();
    /// for (i, key) in ["a", "b", "c"].into_iter().enumerate() {
    ///     // SAFETY: the keys are distinct, and the map starts empty.
    ///     unsafe { map.insert_unique_unchecked(key, i) };
    /// }
    /// assert_eq!((map.len(), map["b"]), (3, 1));
    /// ```
    ///
    /// # Safety
    ///
    /// `key` must not be in the map. If it is, the map holds it twice; memory stays safe (both
    /// backends promise that much), but which entry look-ups, removals and iteration see, and
    /// the length, are then unspecified, and code relying on the map's invariants may misbehave.
    #[inline]
    pub unsafe fn insert_unique_unchecked(&mut self, key: K, value: V) {
        self.allocate();
        native_or!(
            self.native_mut,
            // SAFETY: the caller guarantees `key` is not in the map (halfbrown's contract).
            |m| unsafe { m.insert_nocheck(key, value) },
            |m| {
                // SAFETY: as above (hashbrown's contract).
                let _entry = unsafe { m.insert_unique_unchecked(key, value) };
            },
            drop(self.insert(key, value))
        );
    }

    /// Removes the entry for `key`, returning its value.
    pub fn remove<Q>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.remove_entry(key).map(|(_, v)| v)
    }

    /// Removes the entry for `key`, returning the stored key and the value.
    pub fn remove_entry<Q>(&mut self, key: &Q) -> Option<(K, V)>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        if self.raw.is_null() {
            return None;
        }
        native_or!(self.native_mut, |m| m.remove_entry(key), {
            let hash = self.key_hash(key);
            self.remove_in_vtable(hash, |k| k.borrow() == key)
        })
    }

    /// The entry with `hash` whose key satisfies `is_match`.
    pub(crate) fn find<F: FnMut(&K) -> bool>(
        &self,
        hash: KeyHash,
        is_match: F,
    ) -> Option<(&K, &V)> {
        if self.raw.is_null() {
            return None;
        }
        native_or!(
            self.native,
            |m| m.find_matching(hash, is_match),
            self.find_in_vtable(hash, is_match)
        )
    }

    /// The entry for `key`, whose hash under this map's hasher the caller says is `hash` (see
    /// [`FfiMap::caller_hash`]).
    #[inline]
    pub(crate) fn find_key_hashed<Q>(&self, hash: u64, key: &Q) -> Option<(&K, &V)>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        if self.raw.is_null() {
            return None;
        }
        native_or!(
            self.native,
            |m| out_of_line_hashed(m, hash, key, |m, hash, key| m.lookup_hashed(hash, key)),
            as_is self.find_key_hashed_in_vtable(hash, key)
        )
    }

    /// [`FfiMap::find_key_hashed`] through the vtable. The map must be allocated.
    #[inline(never)]
    fn find_key_hashed_in_vtable<Q>(&self, hash: u64, key: &Q) -> Option<(&K, &V)>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        // As `caller_hash`, for a map known to be another library's.
        // SAFETY: the box is allocated and this vtable's.
        let hash = if unsafe { (self.vtable.hasher_id)(self.raw) }.is_known() {
            KeyHash::known(hash)
        } else {
            KeyHash::UNKNOWN
        };
        self.find_key_in_vtable(hash, move || hash, key)
    }

    /// [`FfiMap::find_key_hashed`] for mutation.
    pub(crate) fn find_key_hashed_mut<Q>(
        &mut self,
        hash: KeyHash,
        key: &Q,
    ) -> Option<(&mut K, &mut V)>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        if self.raw.is_null() {
            return None;
        }
        native_or!(self.native_mut, |m| m.find_key_mut(hash, key), {
            self.find_key_mut_in_vtable(hash, hash, key)
        })
    }

    /// [`FfiMap::find`] for mutation.
    pub(crate) fn find_mut<F: FnMut(&K) -> bool>(
        &mut self,
        hash: KeyHash,
        is_match: F,
    ) -> Option<(&mut K, &mut V)> {
        if self.raw.is_null() {
            return None;
        }
        native_or!(self.native_mut, |m| m.find_matching_mut(hash, is_match), {
            self.find_mut_in_vtable(hash, is_match)
        })
    }

    /// Removes the entry with `hash` whose key satisfies `is_match`.
    pub(crate) fn remove_found<F: FnMut(&K) -> bool>(
        &mut self,
        hash: KeyHash,
        is_match: F,
    ) -> Option<(K, V)> {
        if self.raw.is_null() {
            return None;
        }
        native_or!(self.native_mut, |m| m.remove_matching(hash, is_match), {
            self.remove_in_vtable(hash, is_match)
        })
    }

    /// Inserts a key known to be absent, under `hash` (the map's own hash of it when unknown).
    pub(crate) fn insert_hashed(&mut self, hash: KeyHash, key: K, value: V) -> (&mut K, &mut V) {
        self.allocate();
        native_or!(
            self.native_mut,
            |m| {
                let hash = if hash.known {
                    hash.hash
                } else {
                    m.hasher().hash_key(&key)
                };
                m.insert_hashed_nocheck(hash, key, value)
            },
            {
                let mut key = ManuallyDrop::new(key);
                let mut value = ManuallyDrop::new(value);
                let mut panic = PanicSlot::new();
                // SAFETY: the box is allocated and this vtable's; `key` and `value` are moved into
                // the map; the pointers returned are to the new entry, borrowed with `&mut self`.
                let entry: EntryPtrs = unsafe {
                    (self.vtable.insert_hashed_nocheck)(
                        self.raw,
                        hash,
                        ptr::from_mut(&mut *key).cast(),
                        ptr::from_mut(&mut *value).cast(),
                        &mut panic,
                    )
                };
                panic.resume();
                // SAFETY: the function never returns nulls for an insertion (see
                // `EntryPtrs::of_key_mut`), and its pointers come from `&mut` borrows of the new
                // entry, ours with `&mut self`.
                unsafe { entry.as_key_mut() }
                    .unwrap_or_else(|| unreachable!("insertion returned no entry"))
            }
        )
    }
}

impl<K: Hash + Eq + Borrow<str>, V> FfiMap<K, V> {
    /// Lets other libraries look up `&str` keys in this map by a native comparison inside the
    /// map's own code, instead of calling back into theirs for every key compared (about 2x
    /// faster on small halfbrown maps). For maps whose keys are strings; a map made by
    /// another library is returned as it is.
    ///
    /// ```
    /// use ffi_map::FfiMap;
    /// let mut map: FfiMap<String, u32> = FfiMap::new().with_str_lookups();
    /// map.insert("application".into(), 1);
    /// assert_eq!(map.into_vtable_dispatch().get("application"), Some(&1));
    /// ```
    #[must_use]
    pub fn with_str_lookups(self) -> Self {
        let vtable = match self.local_backend_or_empty() {
            #[cfg(feature = "halfbrown")]
            Some(Backend::Halfbrown) => VTableFor::<K, V, crate::backend::HalfMap<K, V>>::LOCAL_STR,
            #[cfg(feature = "hashbrown")]
            Some(Backend::Hashbrown) => {
                VTableFor::<K, V, crate::backend::BrownMap<K, V>>::LOCAL_STR
            }
            _ => return self,
        };
        self.with_vtable(vtable)
    }
}

/// `key` as a `&str`, when `Q` is `str`.
#[inline]
fn str_key<Q: ?Sized>(key: &Q) -> Option<&str> {
    if typeid::of::<Q>() == typeid::of::<str>() {
        // SAFETY: `Q` is `str` (equal type ids, lifetimes aside, and `str` has none), so
        // `&Q` is a `&str`.
        Some(unsafe { core::mem::transmute_copy::<&Q, &str>(&key) })
    } else {
        None
    }
}

impl<K, V> Drop for FfiMap<K, V> {
    /// Drops the entries and frees the box, with the code of the library that built the map.
    /// A panic in a `Drop` of an entry unwinds out of here (also from a map of another
    /// library); the box is given up first, so nothing is freed twice.
    fn drop(&mut self) {
        if self.raw.is_null() {
            return;
        }
        native_or!(self.take_native, |m| drop(m), {
            let raw = core::mem::replace(&mut self.raw, ptr::null_mut());
            let mut panic = PanicSlot::new();
            // SAFETY: the box is allocated and this vtable's, and is given up here.
            unsafe { (self.vtable.drop_map)(raw, &mut panic) };
            panic.resume();
        });
    }
}

impl<K: Hash + Eq + Clone, V: Clone> Clone for FfiMap<K, V> {
    /// A copy made by the library that built this map (its box is that library's, so it is
    /// freed by the allocator that gave it), with the same backend and hasher.
    fn clone(&self) -> Self {
        let mut copy = Self::empty(self.vtable);
        if self.raw.is_null() {
            return copy;
        }
        native_or!(
            self.native,
            |m| {
                copy.raw = Box::into_raw(Box::new(m.clone())).cast();
                copy
            },
            {
                // SAFETY: the box is allocated and this vtable's; the new box is too.
                copy.raw = unsafe { (self.vtable.clone_empty)(self.raw) };
                if copy.raw.is_null() {
                    capacity_overflow();
                }
                for (k, v) in self {
                    copy.insert_hashed(KeyHash::UNKNOWN, k.clone(), v.clone());
                }
                copy
            }
        )
    }
}
