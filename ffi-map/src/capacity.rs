//! Capacity: reserving (fallibly or not), shrinking, and how much memory a map holds.

use core::alloc::Layout;
use core::fmt;
use core::hash::Hash;

use abi_stable::StableAbi;

use crate::backend::BackendMap;
use crate::map::{capacity_overflow, native_or};
use crate::unwind::PanicSlot;
use crate::{FfiMap, MapHasher};

/// Why [`FfiMap::try_reserve`] could not make room: the same cases as hashbrown's
/// `TryReserveError`.
///
/// ```
/// use ffi_map::{FfiMap, TryReserveError};
/// let mut map: FfiMap<u64, u64> = FfiMap::new();
/// assert_eq!(map.try_reserve(usize::MAX), Err(TryReserveError::CapacityOverflow));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TryReserveError {
    /// The capacity asked for exceeds the map's maximum (`isize::MAX` bytes).
    CapacityOverflow,
    /// The allocator failed (reported by the hashbrown backend; halfbrown's ends the process
    /// in `handle_alloc_error` instead, as its own `reserve` does).
    AllocError {
        /// The layout of the allocation that failed.
        layout: Layout,
    },
}

impl fmt::Display for TryReserveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::CapacityOverflow => f.write_str("FfiMap capacity overflow"),
            Self::AllocError { layout } => write!(
                f,
                "memory allocation of {} bytes (alignment {}) failed",
                layout.size(),
                layout.align()
            ),
        }
    }
}

impl std::error::Error for TryReserveError {}

impl From<hashbrown::TryReserveError> for TryReserveError {
    fn from(error: hashbrown::TryReserveError) -> Self {
        match error {
            hashbrown::TryReserveError::CapacityOverflow => Self::CapacityOverflow,
            hashbrown::TryReserveError::AllocError { layout } => Self::AllocError { layout },
        }
    }
}

/// A [`TryReserveError`] (or success) as it crosses the vtable.
#[repr(C)]
#[derive(StableAbi, Clone, Copy)]
pub(crate) struct ReserveOutcome {
    /// 0: reserved; 1: capacity overflow; 2: the allocator failed for `size` and `align`.
    status: u8,
    size: usize,
    align: usize,
}

impl From<Result<(), TryReserveError>> for ReserveOutcome {
    fn from(result: Result<(), TryReserveError>) -> Self {
        let (status, layout) = match result {
            Ok(()) => (0, Layout::new::<()>()),
            Err(TryReserveError::CapacityOverflow) => (1, Layout::new::<()>()),
            Err(TryReserveError::AllocError { layout }) => (2, layout),
        };
        Self {
            status,
            size: layout.size(),
            align: layout.align(),
        }
    }
}

impl From<ReserveOutcome> for Result<(), TryReserveError> {
    fn from(outcome: ReserveOutcome) -> Self {
        match outcome.status {
            0 => Ok(()),
            2 => Err(Layout::from_size_align(outcome.size, outcome.align)
                .map_or(TryReserveError::CapacityOverflow, |layout| {
                    TryReserveError::AllocError { layout }
                })),
            _ => Err(TryReserveError::CapacityOverflow),
        }
    }
}

impl<K, V> FfiMap<K, V> {
    /// The map's hasher, if this build knows its algorithm (see [`HasherId::is_known`]):
    /// always for a map of this library. Unlike hashbrown's `hasher`, this is a copy, made
    /// from the map's [`FfiMap::hasher_id`] (a map of another library keeps its hasher in its
    /// own code).
    ///
    /// [`HasherId::is_known`]: crate::HasherId::is_known
    ///
    /// ```
    /// use ffi_map::{FfiMap, MapHasher};
    /// let map: FfiMap<&str, u8> = FfiMap::with_random_seed();
    /// let hasher = map.hasher().unwrap();
    /// assert_eq!(hasher.id(), map.hasher_id());
    /// assert_eq!(hasher.hash_key("aint"), map.hash_key("aint"));
    /// ```
    #[must_use]
    pub fn hasher(&self) -> Option<MapHasher> {
        MapHasher::for_id(self.hasher_id())
    }
}

impl<K: Hash + Eq, V> FfiMap<K, V> {
    /// The bytes of memory the map has allocated for its entries (its table, or halfbrown's
    /// vector), like hashbrown's `allocation_size`: informational, for memory profiling. The
    /// map's own box (a few words) is not counted. For a halfbrown table, which does not
    /// report it, this is computed from its capacity as hashbrown lays tables out.
    ///
    /// ```
    /// let mut map: ffi_map::FfiMap<u64, u64> = ffi_map::FfiMap::new();
    /// assert_eq!(map.allocation_size(), 0);
    /// map.insert(1, 1);
    /// assert!(map.allocation_size() >= 16);
    /// ```
    #[must_use]
    pub fn allocation_size(&self) -> usize {
        if self.raw.is_null() {
            return 0;
        }
        native_or!(self.native, |m| BackendMap::allocation_size(m), {
            // SAFETY: the box is allocated and this vtable's.
            unsafe { (self.vtable.allocation_size)(self.raw) }
        })
    }

    /// Makes room for at least `additional` more entries.
    ///
    /// # Panics
    /// If the new capacity overflows, as `std`'s maps do; if the allocator fails, the process
    /// ends in [`handle_alloc_error`](std::alloc::handle_alloc_error).
    ///
    /// ```
    /// let mut map: ffi_map::FfiMap<u32, u32> = ffi_map::FfiMap::new();
    /// map.reserve(10);
    /// assert!(map.capacity() >= 10);
    /// ```
    pub fn reserve(&mut self, additional: usize) {
        match self.try_reserve(additional) {
            Ok(()) => {}
            Err(TryReserveError::CapacityOverflow) => capacity_overflow(),
            Err(TryReserveError::AllocError { layout }) => std::alloc::handle_alloc_error(layout),
        }
    }

    /// Makes room for at least `additional` more entries, or says why it cannot.
    ///
    /// # Errors
    /// [`TryReserveError::CapacityOverflow`] if the capacity would exceed `isize::MAX` bytes;
    /// [`TryReserveError::AllocError`] if the allocator fails (hashbrown backend only: halfbrown
    /// has no fallible allocation, and a failing allocator ends the process as its `reserve`
    /// does).
    ///
    /// ```
    /// use ffi_map::{FfiMap, TryReserveError};
    /// let mut map: FfiMap<u32, u32> = FfiMap::new();
    /// map.try_reserve(10).unwrap();
    /// assert!(map.capacity() >= 10);
    /// assert_eq!(map.try_reserve(usize::MAX / 2), Err(TryReserveError::CapacityOverflow));
    /// ```
    pub fn try_reserve(&mut self, additional: usize) -> Result<(), TryReserveError> {
        if additional == 0 {
            return Ok(());
        }
        self.allocate();
        native_or!(
            self.native_mut,
            |m| BackendMap::try_reserve(m, additional),
            {
                let mut panic = PanicSlot::new();
                // SAFETY: the box is allocated and this vtable's.
                let outcome =
                    unsafe { (self.vtable.try_reserve)(self.raw, additional, &mut panic) };
                panic.resume();
                outcome.into()
            }
        )
    }

    /// Shrinks the capacity as much as the backend allows while keeping every entry.
    ///
    /// ```
    /// let mut map: ffi_map::FfiMap<u32, u32> = ffi_map::FfiMap::with_capacity(100);
    /// map.insert(1, 2);
    /// map.shrink_to_fit();
    /// assert!(map.capacity() >= 1 && map.capacity() < 100);
    /// ```
    pub fn shrink_to_fit(&mut self) {
        self.shrink_to(0);
    }

    /// Shrinks the capacity to at least `min_capacity` (and the length); nothing happens if the
    /// capacity is already below. A table rehashes its keys (running their `Hash`). halfbrown
    /// has no `shrink_to`: its maps shrink fully, then reserve back up to `min_capacity`.
    ///
    /// ```
    /// let mut map: ffi_map::FfiMap<u32, u32> = ffi_map::FfiMap::with_capacity(100);
    /// map.insert(1, 2);
    /// map.shrink_to(10);
    /// assert!(map.capacity() >= 10 && map.capacity() < 100);
    /// ```
    pub fn shrink_to(&mut self, min_capacity: usize) {
        if self.raw.is_null() {
            return;
        }
        native_or!(
            self.native_mut,
            |m| BackendMap::shrink_to(m, min_capacity),
            {
                let mut panic = PanicSlot::new();
                // SAFETY: the box is allocated and this vtable's.
                unsafe { (self.vtable.shrink_to)(self.raw, min_capacity, &mut panic) };
                panic.resume();
            }
        );
    }
}
