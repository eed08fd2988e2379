//! The allocation header shared by [`FfiVec`](super::FfiVec) and the owned side of
//! [`FfiCowBytes`](super::FfiCowBytes).
//!
//! A block holds a [`Header`] followed by the elements:
//!
//! ```text
//! base ─► ┌──────────────────────────────┐
//!         │ Header { vtable: &'static AllocVTable }  (one pointer)
//!         │ padding up to align_of::<T>()           (only if T is over-aligned)
//! data ─► │ cap × T                                 (the container points here)
//!         └──────────────────────────────┘
//! ```
//!
//! The container keeps only `data`; the header sits at `data - data_offset::<T>()`. Growing and
//! freeing always go through the header's vtable, so a block is only ever handled by the
//! allocator (the library) that made it, whichever library holds the container at the time.

use std::alloc::{self, Layout};
use std::fmt;
use std::ptr::NonNull;

use abi_stable::StableAbi;

/// The allocator of one library, as a `&'static` table of `extern "C"` functions.
///
/// Each block stores a reference to the table it was allocated with, so another library that
/// holds the container grows and frees it with the allocating library's functions. The table of
/// the current library is [`AllocVTable::global`]; a different one can be given to
/// [`FfiVec::with_capacity_in`](super::FfiVec::with_capacity_in).
///
/// ```
/// use ffi_value::ffi::AllocVTable;
/// use ffi_value::FfiVec;
///
/// let v: FfiVec<u32> = FfiVec::with_capacity_in(4, AllocVTable::global());
/// assert!(std::ptr::eq(v.allocator().unwrap(), AllocVTable::global()));
/// ```
#[repr(C)]
#[derive(StableAbi)]
pub struct AllocVTable {
    alloc: unsafe extern "C" fn(size: usize, align: usize) -> *mut u8,
    grow: unsafe extern "C" fn(
        ptr: *mut u8,
        old_size: usize,
        align: usize,
        new_size: usize,
    ) -> *mut u8,
    dealloc: unsafe extern "C" fn(ptr: *mut u8, size: usize, align: usize),
}

// The fields above spell their types out (`abi_stable`'s derive only recognizes function
// pointers written in place); `AllocVTable::new` names them, and building the table from its
// parameters checks that both agree.
/// `alloc(size, align)` of an [`AllocVTable`].
pub type AllocFn = unsafe extern "C" fn(size: usize, align: usize) -> *mut u8;
/// `grow(ptr, old_size, align, new_size)` of an [`AllocVTable`].
pub type GrowFn =
    unsafe extern "C" fn(ptr: *mut u8, old_size: usize, align: usize, new_size: usize) -> *mut u8;
/// `dealloc(ptr, size, align)` of an [`AllocVTable`].
pub type DeallocFn = unsafe extern "C" fn(ptr: *mut u8, size: usize, align: usize);

/// The table of this library: its `#[global_allocator]` (or the system allocator).
static GLOBAL: AllocVTable = AllocVTable {
    alloc: global_alloc,
    grow: global_grow,
    dealloc: global_dealloc,
};

impl AllocVTable {
    /// The table that uses this library's global allocator (`std::alloc`).
    #[must_use]
    pub fn global() -> &'static AllocVTable {
        &GLOBAL
    }

    /// Builds a table from three functions.
    ///
    /// # Safety
    ///
    /// The functions are called only with a `size` greater than zero and a power-of-two `align`
    /// that together form a valid [`Layout`]. They must behave like [`std::alloc::GlobalAlloc`]:
    ///
    /// - `alloc(size, align)` returns null or a block of that layout;
    /// - `grow(ptr, old_size, align, new_size)` gets a block of this table with layout
    ///   `(old_size, align)` and a `new_size > old_size`; it returns null (leaving the block
    ///   untouched) or a block of layout `(new_size, align)` holding the first `old_size` bytes,
    ///   after which the old block is gone;
    /// - `dealloc(ptr, size, align)` frees a block of this table with exactly that layout.
    ///
    /// They must be callable from any thread and must not unwind.
    #[must_use]
    pub const unsafe fn new(alloc: AllocFn, grow: GrowFn, dealloc: DeallocFn) -> Self {
        AllocVTable {
            alloc,
            grow,
            dealloc,
        }
    }
}

impl fmt::Debug for AllocVTable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AllocVTable")
            .field("at", &std::ptr::from_ref(self))
            .field("global", &std::ptr::eq(self, Self::global()))
            .finish()
    }
}

/// `alloc` of [`GLOBAL`]: null for an invalid or empty layout, never a panic.
unsafe extern "C" fn global_alloc(size: usize, align: usize) -> *mut u8 {
    match Layout::from_size_align(size, align) {
        // SAFETY: the layout is valid and not zero-sized.
        Ok(layout) if size != 0 => unsafe { alloc::alloc(layout) },
        _ => std::ptr::null_mut(),
    }
}

/// `grow` of [`GLOBAL`]: null (block untouched) if the new size is not a valid layout.
unsafe extern "C" fn global_grow(
    ptr: *mut u8,
    old_size: usize,
    align: usize,
    new_size: usize,
) -> *mut u8 {
    if Layout::from_size_align(new_size, align).is_err() {
        return std::ptr::null_mut();
    }
    // SAFETY: by `AllocVTable::new`'s contract, `ptr` came from `global_alloc`/`global_grow`
    // (so from `std::alloc`) with the layout `(old_size, align)`, which is therefore valid; the
    // new size was checked just above and is non-zero because it exceeds `old_size`.
    unsafe {
        let old = Layout::from_size_align_unchecked(old_size, align);
        alloc::realloc(ptr, old, new_size)
    }
}

/// `dealloc` of [`GLOBAL`].
unsafe extern "C" fn global_dealloc(ptr: *mut u8, size: usize, align: usize) {
    // SAFETY: by `AllocVTable::new`'s contract, `ptr` is a live block from `std::alloc` with
    // exactly the layout `(size, align)`.
    unsafe { alloc::dealloc(ptr, Layout::from_size_align_unchecked(size, align)) }
}

/// What sits at the start of every block, before the elements.
#[repr(C)]
#[derive(StableAbi)]
pub(crate) struct Header {
    /// The allocator the block came from: the only one allowed to grow or free it.
    vtable: &'static AllocVTable,
}

/// Why a container could not get the capacity it asked for.
///
/// ```
/// use ffi_value::ffi::TryReserveError;
/// use ffi_value::FfiVec;
///
/// let mut v: FfiVec<u64> = FfiVec::new();
/// assert_eq!(v.try_reserve(usize::MAX / 2), Err(TryReserveError::CapacityOverflow));
/// assert!(v.try_reserve(16).is_ok());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TryReserveError {
    /// The capacity, in bytes with the header, would exceed `isize::MAX`.
    CapacityOverflow,
    /// The allocator returned null for this block layout (out of memory).
    AllocError {
        /// The whole block that was asked for, header included.
        layout: Layout,
    },
}

impl TryReserveError {
    /// Reports the failure the way `Vec` does: a panic for capacity overflow,
    /// [`alloc::handle_alloc_error`] (an abort by default) when out of memory.
    pub(crate) fn raise(self) -> ! {
        match self {
            TryReserveError::CapacityOverflow => panic!("capacity overflow"),
            TryReserveError::AllocError { layout } => alloc::handle_alloc_error(layout),
        }
    }
}

impl fmt::Display for TryReserveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TryReserveError::CapacityOverflow => f.write_str("capacity overflow"),
            TryReserveError::AllocError { layout } => write!(
                f,
                "memory allocation of {} bytes (align {}) failed",
                layout.size(),
                layout.align()
            ),
        }
    }
}

impl std::error::Error for TryReserveError {}

/// The layout of a block for `cap` elements of `T`, and the offset of the first element.
fn block_layout<T>(cap: usize) -> Result<(Layout, usize), TryReserveError> {
    let elements = Layout::array::<T>(cap).map_err(|_| TryReserveError::CapacityOverflow)?;
    Layout::new::<Header>()
        .extend(elements)
        .map_err(|_| TryReserveError::CapacityOverflow)
}

/// The layout of a block that already exists, so its size was checked when it was made.
fn existing_layout<T>(cap: usize) -> (Layout, usize) {
    match block_layout::<T>(cap) {
        Ok(found) => found,
        Err(error) => unreachable!("a live block has a valid layout: {error}"),
    }
}

/// Allocates a block for `cap` elements of `T` through `vtable` and writes its header.
///
/// Returns a pointer to the (uninitialised) first element. `T` must not be zero-sized and `cap`
/// must be non-zero: zero-sized or empty containers have no block.
pub(crate) fn allocate<T>(
    cap: usize,
    vtable: &'static AllocVTable,
) -> Result<NonNull<T>, TryReserveError> {
    debug_assert!(size_of::<T>() != 0 && cap != 0);
    let (layout, offset) = block_layout::<T>(cap)?;
    let base = if is_global(vtable) {
        // SAFETY: the layout is valid and non-zero-sized (it contains the header). This is
        // what `global_alloc` does, without its call through the table and its layout check.
        unsafe { alloc::alloc(layout) }
    } else {
        // SAFETY: the layout is valid and non-zero-sized (it contains the header), as the
        // table's contract requires.
        unsafe { (vtable.alloc)(layout.size(), layout.align()) }
    };
    let base = NonNull::new(base).ok_or(TryReserveError::AllocError { layout })?;
    // SAFETY: the block is `layout.size()` bytes aligned for `Header` (its first field), and the
    // elements start `offset` bytes in, inside the block.
    unsafe {
        base.cast::<Header>().write(Header { vtable });
        Ok(base.add(offset).cast())
    }
}

/// The header in front of `data`, and the block's base address.
///
/// # Safety
///
/// `data` must point at the elements of a live block made by [`allocate`]/[`grow`] for `T`.
unsafe fn header_of<T>(data: NonNull<T>) -> (NonNull<u8>, &'static AllocVTable) {
    let offset = existing_layout::<T>(1).1;
    // SAFETY: the caller guarantees `data` is `offset` bytes past the start of a live block whose
    // first bytes are the `Header` written by `allocate`.
    unsafe {
        let base = data.cast::<u8>().sub(offset);
        (base, base.cast::<Header>().as_ref().vtable)
    }
}

/// The allocator that owns the block of `data`.
///
/// # Safety
///
/// As for [`header_of`].
pub(crate) unsafe fn vtable_of<T>(data: NonNull<T>) -> &'static AllocVTable {
    // SAFETY: forwarded from the caller.
    unsafe { header_of(data).1 }
}

/// Grows the block of `data` from `old_cap` to `new_cap` elements through its own vtable.
///
/// On error the block is unchanged.
///
/// # Safety
///
/// `data` must point at the elements of a live block made by [`allocate`]/[`grow`] for `T` with
/// capacity `old_cap`, and `new_cap > old_cap`. On success the old pointer is dangling.
pub(crate) unsafe fn grow<T>(
    data: NonNull<T>,
    old_cap: usize,
    new_cap: usize,
) -> Result<NonNull<T>, TryReserveError> {
    debug_assert!(new_cap > old_cap);
    let (old, offset) = existing_layout::<T>(old_cap);
    let (new, _) = block_layout::<T>(new_cap)?;
    // SAFETY: forwarded from the caller: `data` is in a live block.
    let (base, vtable) = unsafe { header_of(data) };
    // SAFETY: `base` is a block of `vtable` with layout `old`; the new size is a valid layout
    // with the same alignment, larger than the old one.
    let grown = if is_global(vtable) {
        // SAFETY: as above, and the block came from `std::alloc` (this library's table, whose
        // functions use it): `global_grow` without its call through the table.
        unsafe { alloc::realloc(base.as_ptr(), old, new.size()) }
    } else {
        // SAFETY: as above.
        unsafe { (vtable.grow)(base.as_ptr(), old.size(), old.align(), new.size()) }
    };
    let grown = NonNull::new(grown).ok_or(TryReserveError::AllocError { layout: new })?;
    // SAFETY: the grown block keeps the header and elements at the same offsets.
    Ok(unsafe { grown.add(offset).cast() })
}

/// Frees the block of `data` (capacity `cap`) through its own vtable. Drops no element.
///
/// # Safety
///
/// `data` must point at the elements of a live block made by [`allocate`]/[`grow`] for `T` with
/// capacity `cap`; the block must not be used afterwards.
pub(crate) unsafe fn free<T>(data: NonNull<T>, cap: usize) {
    let (layout, _) = existing_layout::<T>(cap);
    // SAFETY: forwarded from the caller: `data` is in a live block of layout `layout`.
    let (base, vtable) = unsafe { header_of(data) };
    if is_global(vtable) {
        // SAFETY: forwarded from the caller, and the block came from `std::alloc` (this
        // library's table): `global_dealloc` without its call through the table.
        unsafe { alloc::dealloc(base.as_ptr(), layout) }
    } else {
        // SAFETY: forwarded from the caller: a live block of `vtable` with layout `layout`.
        unsafe { (vtable.dealloc)(base.as_ptr(), layout.size(), layout.align()) }
    }
}

/// Whether `vtable` is this library's own table ([`GLOBAL`]), whose blocks are `std::alloc`'s:
/// then they are made, grown and freed with direct calls. (Each library has its own `GLOBAL`,
/// at its own address.)
#[inline]
fn is_global(vtable: &'static AllocVTable) -> bool {
    std::ptr::eq(vtable, &raw const GLOBAL)
}

/// Frees a block when dropped, so elements whose `drop` panics do not leak the block.
pub(crate) struct FreeOnDrop<T> {
    data: NonNull<T>,
    cap: usize,
}

impl<T> FreeOnDrop<T> {
    /// A guard that frees the block of `data` unless it has none.
    ///
    /// # Safety
    ///
    /// Either `T` is zero-sized or `cap` is zero (there is no block), or the conditions of
    /// [`free`] hold when the guard drops.
    pub(crate) unsafe fn new(data: NonNull<T>, cap: usize) -> Self {
        FreeOnDrop { data, cap }
    }
}

impl<T> Drop for FreeOnDrop<T> {
    fn drop(&mut self) {
        if size_of::<T>() != 0 && self.cap != 0 {
            // SAFETY: `FreeOnDrop::new`'s contract: there is a block, and nothing uses it now.
            unsafe { free(self.data, self.cap) }
        }
    }
}
