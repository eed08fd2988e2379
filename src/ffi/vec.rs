//! [`FfiVec`]: a 24-byte `Vec` whose block is always grown and freed by the library that made it.

use std::marker::PhantomData;
use std::ops::{Bound, RangeBounds};
use std::ptr::{self, NonNull};

use abi_stable::StableAbi;

use super::alloc::{self, AllocVTable, FreeOnDrop, TryReserveError};
use super::vec_drain::Drain;
use super::vec_iter::IntoIter;

/// A growable array with a stable layout: `(pointer, length, capacity)`, 24 bytes on 64-bit.
///
/// Unlike `Vec`, the block behind the pointer starts with a header naming the allocator that
/// made it (see [`AllocVTable`]), so a vector created in one library can be pushed to, grown and
/// dropped in another library that has a different global allocator.
///
/// An empty vector (and any vector of a zero-sized type) has no block and allocates nothing.
///
/// ```
/// use ffi_value::FfiVec;
///
/// let mut v: FfiVec<i32> = (1..=3).collect();
/// v.push(4);
/// v.retain(|x| x % 2 == 0);
/// assert_eq!(v, [2, 4]);
/// assert_eq!(Vec::from(v), vec![2, 4]);
/// assert_eq!(std::mem::size_of::<FfiVec<u8>>(), 3 * std::mem::size_of::<usize>());
/// ```
#[repr(C)]
#[derive(StableAbi)]
pub struct FfiVec<T> {
    /// The first element: in a block made by `alloc::allocate` when `cap != 0` and `T` is not
    /// zero-sized, dangling otherwise.
    ptr: NonNull<T>,
    /// How many elements, at the start of the block, are initialised.
    len: usize,
    /// How many elements the block holds (always 0 for zero-sized `T`). For `FfiVec<u8>` inside
    /// [`FfiCowBytes`](super::FfiCowBytes) the value `usize::MAX`, never a real capacity, marks
    /// borrowed bytes.
    cap: usize,
    _owns: PhantomData<T>,
}

const _: () = assert!(
    size_of::<FfiVec<u8>>() == 3 * size_of::<usize>(),
    "FfiVec must be pointer, length and capacity: 24 bytes on 64-bit targets"
);
const _: () = assert!(
    size_of::<Option<FfiVec<u8>>>() == size_of::<FfiVec<u8>>(),
    "Option<FfiVec> must use the non-null pointer as its niche"
);

// SAFETY: an `FfiVec<T>` owns its elements like a `Vec<T>`; the block header only refers to a
// `&'static AllocVTable`, whose functions must be callable from any thread (`AllocVTable::new`).
unsafe impl<T: Send> Send for FfiVec<T> {}
// SAFETY: `&FfiVec<T>` only gives out `&T`.
unsafe impl<T: Sync> Sync for FfiVec<T> {}

impl<T> FfiVec<T> {
    /// An empty vector. Does not allocate.
    #[must_use]
    pub const fn new() -> Self {
        // SAFETY: an empty vector without a block.
        unsafe { Self::from_raw_parts(NonNull::dangling(), 0, 0) }
    }

    /// An empty vector with room for `capacity` elements, from this library's allocator.
    ///
    /// # Panics
    ///
    /// Panics if the block would exceed `isize::MAX` bytes; aborts if out of memory.
    #[must_use]
    pub fn with_capacity(capacity: usize) -> Self {
        Self::with_capacity_in(capacity, AllocVTable::global())
    }

    /// An empty vector with room for `capacity` elements, from the allocator `vtable`.
    ///
    /// The vector keeps using `vtable` to grow and free this block; a vector that had no block
    /// (zero capacity or zero-sized `T`) gets its first block from the current library.
    ///
    /// # Panics
    ///
    /// Panics if the block would exceed `isize::MAX` bytes; aborts if out of memory.
    #[must_use]
    pub fn with_capacity_in(capacity: usize, vtable: &'static AllocVTable) -> Self {
        if size_of::<T>() == 0 || capacity == 0 {
            return Self::new();
        }
        match alloc::allocate(capacity, vtable) {
            // SAFETY: a fresh block of `capacity` elements, none initialised.
            Ok(ptr) => unsafe { Self::from_raw_parts(ptr, 0, capacity) },
            Err(error) => error.raise(),
        }
    }

    /// Assembles a vector from its fields.
    ///
    /// # Safety
    ///
    /// `ptr`, `len` and `cap` must satisfy the invariants documented on the fields, except that
    /// [`FfiCowBytes`](super::FfiCowBytes) may use its borrowed marker as `cap` (and then never
    /// drops, grows or mutates the vector).
    pub(crate) const unsafe fn from_raw_parts(ptr: NonNull<T>, len: usize, cap: usize) -> Self {
        FfiVec {
            ptr,
            len,
            cap,
            _owns: PhantomData,
        }
    }

    /// Takes the fields out without dropping anything: the caller now owns elements and block.
    pub(crate) fn into_raw_parts(self) -> (NonNull<T>, usize, usize) {
        let this = std::mem::ManuallyDrop::new(self);
        (this.ptr, this.len, this.cap)
    }

    /// Whether the vector has a block (so a header and an allocator).
    fn has_block(&self) -> bool {
        size_of::<T>() != 0 && self.cap != 0
    }

    /// The number of elements.
    #[must_use]
    pub const fn len(&self) -> usize {
        self.len
    }

    /// Whether there are no elements.
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// How many elements fit without growing (`usize::MAX` for zero-sized `T`).
    #[must_use]
    pub const fn capacity(&self) -> usize {
        if size_of::<T>() == 0 {
            usize::MAX
        } else {
            self.cap
        }
    }

    /// The allocator that owns the block, or `None` if there is no block yet.
    #[must_use]
    pub fn allocator(&self) -> Option<&'static AllocVTable> {
        // SAFETY: with a block, `ptr` points at its elements.
        self.has_block()
            .then(|| unsafe { alloc::vtable_of(self.ptr) })
    }

    /// The elements as a slice.
    #[must_use]
    pub const fn as_slice(&self) -> &[T] {
        // SAFETY: `ptr` is non-null, aligned, and its first `len` elements are initialised (or
        // are borrowed bytes, for `FfiCowBytes`).
        unsafe { std::slice::from_raw_parts(self.ptr.as_ptr(), self.len) }
    }

    /// The elements as a mutable slice.
    #[must_use]
    pub fn as_mut_slice(&mut self) -> &mut [T] {
        // SAFETY: as for `as_slice`, and `&mut self` makes the access unique. (A borrowed
        // `FfiCowBytes` never hands out `&mut` to its vector.)
        unsafe { std::slice::from_raw_parts_mut(self.ptr.as_ptr(), self.len) }
    }

    /// A pointer to the first element (dangling when there is no block), valid for reads of
    /// `len` elements while the vector is not moved or changed.
    #[must_use]
    pub const fn as_ptr(&self) -> *const T {
        self.ptr.as_ptr()
    }

    /// A mutable pointer to the first element (dangling when there is no block).
    #[must_use]
    pub const fn as_mut_ptr(&mut self) -> *mut T {
        self.ptr.as_ptr()
    }

    /// Sets the length without dropping or initialising anything, like [`Vec::set_len`].
    ///
    /// # Safety
    ///
    /// `len` must not exceed [`FfiVec::capacity`], and the elements `..len` must be initialised.
    /// Elements past a shortened length are forgotten, not dropped.
    pub unsafe fn set_len(&mut self, len: usize) {
        debug_assert!(len <= self.capacity(), "set_len past the capacity");
        self.len = len;
    }

    /// Removes the elements of `range` and returns them as an iterator, like [`Vec::drain`]:
    /// the elements after the range move down when the iterator is dropped, and those it did
    /// not yield are dropped then. The block is kept, so draining a whole vector leaves it empty
    /// with its capacity.
    ///
    /// Forgetting the iterator (`mem::forget`) leaks the drained elements and the tail, and
    /// leaves the vector holding the elements before the range: never unsound.
    ///
    /// ```
    /// use ffi_value::FfiVec;
    ///
    /// let mut v: FfiVec<i32> = (1..=5).collect();
    /// let middle: Vec<i32> = v.drain(1..3).collect();
    /// assert_eq!(middle, [2, 3]);
    /// assert_eq!(v, [1, 4, 5]);
    /// let capacity = v.capacity();
    /// assert_eq!(v.drain(..).rev().collect::<Vec<_>>(), [5, 4, 1]);
    /// assert!(v.is_empty());
    /// assert_eq!(v.capacity(), capacity);
    /// ```
    ///
    /// # Panics
    ///
    /// Panics, as `Vec::drain` does, if the range starts after it ends or ends past the length.
    pub fn drain<R: RangeBounds<usize>>(&mut self, range: R) -> Drain<'_, T> {
        let len = self.len;
        let start = match range.start_bound() {
            Bound::Included(&start) => start,
            Bound::Excluded(&start) => start
                .checked_add(1)
                .unwrap_or_else(|| panic!("attempted to drain from after usize::MAX")),
            Bound::Unbounded => 0,
        };
        let end = match range.end_bound() {
            Bound::Included(&end) => end
                .checked_add(1)
                .unwrap_or_else(|| panic!("attempted to drain up to usize::MAX inclusive")),
            Bound::Excluded(&end) => end,
            Bound::Unbounded => len,
        };
        assert!(
            start <= end,
            "drain range starts at {start} but ends at {end}"
        );
        assert!(
            end <= len,
            "drain range end {end} out of range for a vector of length {len}"
        );
        // Shortened first: from here on the vector holds only `..start`, so a leaked iterator
        // leaks the rest instead of exposing moved-out elements.
        self.len = start;
        // SAFETY: `start <= end <= len`: elements `start..end` are initialised and now outside
        // the vector's length, and `end..len` is its tail.
        unsafe { Drain::new(self, start, end, len - end) }
    }

    /// Makes room for at least `additional` more elements, growing the block through the
    /// allocator that owns it (amortised doubling, like `Vec`).
    ///
    /// # Panics
    ///
    /// Panics if the block would exceed `isize::MAX` bytes; aborts if out of memory.
    pub fn reserve(&mut self, additional: usize) {
        if let Err(error) = self.try_reserve(additional) {
            error.raise();
        }
    }

    /// Like [`reserve`](Self::reserve), but returns an error instead of panicking or aborting.
    ///
    /// # Errors
    ///
    /// [`TryReserveError::CapacityOverflow`] if the block would exceed `isize::MAX` bytes,
    /// [`TryReserveError::AllocError`] if the allocator fails. The vector is then unchanged.
    pub fn try_reserve(&mut self, additional: usize) -> Result<(), TryReserveError> {
        self.try_grow_for(additional, |required, cap| {
            let minimum = match size_of::<T>() {
                1 => 8,
                2..=1024 => 4,
                _ => 1,
            };
            required.max(cap.saturating_mul(2)).max(minimum)
        })
    }

    /// Makes room for exactly `additional` more elements if there is not room for them already
    /// (no amortised doubling): for when the final length is known.
    ///
    /// # Panics
    ///
    /// Panics if the block would exceed `isize::MAX` bytes; aborts if out of memory.
    ///
    /// ```
    /// use ffi_value::FfiVec;
    ///
    /// let mut v: FfiVec<u64> = FfiVec::new();
    /// v.reserve_exact(3);
    /// assert_eq!(v.capacity(), 3);
    /// v.extend([1, 2]);
    /// v.reserve_exact(1);
    /// assert_eq!(v.capacity(), 3);
    /// ```
    pub fn reserve_exact(&mut self, additional: usize) {
        if let Err(error) = self.try_reserve_exact(additional) {
            error.raise();
        }
    }

    /// Like [`reserve_exact`](Self::reserve_exact), but returns an error instead of panicking
    /// or aborting.
    ///
    /// # Errors
    ///
    /// As [`try_reserve`](Self::try_reserve).
    pub fn try_reserve_exact(&mut self, additional: usize) -> Result<(), TryReserveError> {
        self.try_grow_for(additional, |required, _| required)
    }

    /// Grows the block, if it has no room for `additional` more elements, to the capacity
    /// `new_cap(required, capacity)` returns (at least `required`).
    fn try_grow_for(
        &mut self,
        additional: usize,
        new_cap: impl FnOnce(usize, usize) -> usize,
    ) -> Result<(), TryReserveError> {
        let required = self
            .len
            .checked_add(additional)
            .ok_or(TryReserveError::CapacityOverflow)?;
        if required <= self.capacity() {
            return Ok(());
        }
        self.grow_to(new_cap(required, self.cap))
    }

    /// Moves the elements to a block of `new_cap > capacity()` elements.
    fn grow_to(&mut self, new_cap: usize) -> Result<(), TryReserveError> {
        self.ptr = if self.cap == 0 {
            alloc::allocate(new_cap, AllocVTable::global())?
        } else {
            // SAFETY: `ptr` is in this vector's block of `cap` elements, and `new_cap > cap`
            // (the callers' contract). On success the old pointer is replaced right here.
            unsafe { alloc::grow(self.ptr, self.cap, new_cap)? }
        };
        self.cap = new_cap;
        Ok(())
    }

    /// Appends an element.
    ///
    /// # Panics
    ///
    /// Panics on capacity overflow; aborts if out of memory.
    #[inline]
    pub fn push(&mut self, value: T) {
        if self.len == self.capacity() {
            self.reserve(1);
        }
        // SAFETY: `len < capacity`, so the slot is inside the block and uninitialised.
        unsafe { self.ptr.add(self.len).write(value) };
        self.len += 1;
    }

    /// Removes and returns the last element.
    pub fn pop(&mut self) -> Option<T> {
        self.len = self.len.checked_sub(1)?;
        // SAFETY: the slot at the old last index is initialised, and no longer counted by `len`.
        Some(unsafe { self.ptr.add(self.len).read() })
    }

    /// Drops the elements from `len` on; does nothing if there are not more than `len`.
    pub fn truncate(&mut self, len: usize) {
        if len >= self.len {
            return;
        }
        let tail = ptr::slice_from_raw_parts_mut(
            // SAFETY: `len < self.len`, so the offset is inside the initialised elements.
            unsafe { self.ptr.add(len).as_ptr() },
            self.len - len,
        );
        // Shorten first, so that a panicking drop cannot make the tail be dropped again.
        self.len = len;
        // SAFETY: the tail was initialised and is no longer part of the vector.
        unsafe { ptr::drop_in_place(tail) };
    }

    /// Drops all elements, keeping the block.
    pub fn clear(&mut self) {
        self.truncate(0);
    }

    /// Inserts `value` at `index`, shifting the later elements right.
    ///
    /// # Panics
    ///
    /// Panics if `index > len` (like `Vec::insert`), or on capacity overflow.
    pub fn insert(&mut self, index: usize, value: T) {
        assert!(
            index <= self.len,
            "insertion index (is {index}) should be <= len (is {})",
            self.len
        );
        if self.len == self.capacity() {
            self.reserve(1);
        }
        // SAFETY: `index <= len < capacity`: the shifted range and the new slot are in the block.
        unsafe {
            let at = self.ptr.add(index).as_ptr();
            ptr::copy(at, at.add(1), self.len - index);
            at.write(value);
        }
        self.len += 1;
    }

    /// Removes and returns the element at `index`, shifting the later elements left.
    ///
    /// # Panics
    ///
    /// Panics if `index >= len` (like `Vec::remove`).
    pub fn remove(&mut self, index: usize) -> T {
        assert!(
            index < self.len,
            "removal index (is {index}) should be < len (is {})",
            self.len
        );
        // SAFETY: `index < len`: the element is initialised, and the later ones move down over it.
        unsafe {
            let at = self.ptr.add(index).as_ptr();
            let value = at.read();
            ptr::copy(at.add(1), at, self.len - index - 1);
            self.len -= 1;
            value
        }
    }

    /// Removes and returns the element at `index`, moving the last element into its place.
    ///
    /// # Panics
    ///
    /// Panics if `index >= len` (like `Vec::swap_remove`).
    pub fn swap_remove(&mut self, index: usize) -> T {
        assert!(
            index < self.len,
            "swap_remove index (is {index}) should be < len (is {})",
            self.len
        );
        let last = self.len - 1;
        self.as_mut_slice().swap(index, last);
        // Cannot be `None`: `index < len`.
        self.pop().unwrap_or_else(|| unreachable!())
    }

    /// Keeps only the elements for which `keep` returns `true`, in order.
    ///
    /// If `keep` or an element's `drop` panics, the vector keeps the elements not yet removed.
    pub fn retain<F: FnMut(&T) -> bool>(&mut self, mut keep: F) {
        let mut pass = Retain {
            len: std::mem::replace(&mut self.len, 0),
            vec: self,
            read: 0,
            write: 0,
        };
        while pass.read < pass.len {
            // SAFETY: `read < len`: an element not yet visited, still initialised.
            let current = unsafe { pass.vec.ptr.add(pass.read) };
            // SAFETY: as above.
            let kept = keep(unsafe { current.as_ref() });
            pass.read += 1;
            if kept {
                // SAFETY: `write < read`, so the destination is a slot already moved from or
                // dropped; `copy` allows them to be the same.
                unsafe { ptr::copy(current.as_ptr(), pass.vec.ptr.add(pass.write).as_ptr(), 1) };
                pass.write += 1;
            } else {
                // SAFETY: the element is initialised and, with `read` advanced, never seen again.
                unsafe { ptr::drop_in_place(current.as_ptr()) };
            }
        }
    }

    /// Appends clones of all elements of `other`.
    ///
    /// # Panics
    ///
    /// Panics on capacity overflow; aborts if out of memory.
    pub fn extend_from_slice(&mut self, other: &[T])
    where
        T: Clone,
    {
        self.reserve(other.len());
        // SAFETY: `reserve` made room for `other.len()` more elements.
        unsafe { self.extend_within_capacity(other) };
    }

    /// Appends clones of all elements of `other`, without checking for room.
    ///
    /// # Safety
    ///
    /// The block must have room for `other.len()` elements past the length.
    unsafe fn extend_within_capacity(&mut self, other: &[T])
    where
        T: Clone,
    {
        let base = self.ptr;
        // The length lives in a local while writing (so the optimiser can turn the loop into a
        // `memcpy` for `Copy` types) and is stored back on drop, even if a `clone` panics.
        let mut len = SetLenOnDrop {
            len: self.len,
            vec_len: &mut self.len,
        };
        for item in other {
            // SAFETY: the caller guarantees room for `other.len()` elements past the old
            // length, and `len.len` counts those written so far, so the slot is inside the
            // block and uninitialised.
            unsafe { base.add(len.len).write(item.clone()) };
            len.len += 1;
        }
    }

    /// A vector holding clones of the elements of `slice`, in a block of exactly its length.
    pub(crate) fn from_slice(slice: &[T]) -> Self
    where
        T: Clone,
    {
        let mut vec = Self::with_capacity(slice.len());
        // SAFETY: the block has room for `slice.len()` elements (or `T` is zero-sized, or the
        // slice empty, and nothing is written to a block).
        unsafe { vec.extend_within_capacity(slice) };
        vec
    }
}

/// The length of a vector being extended, written back to the vector when dropped.
struct SetLenOnDrop<'v> {
    len: usize,
    vec_len: &'v mut usize,
}

impl Drop for SetLenOnDrop<'_> {
    fn drop(&mut self) {
        *self.vec_len = self.len;
    }
}

/// The state of [`FfiVec::retain`]; on drop (also when unwinding) it closes the gap.
struct Retain<'v, T> {
    vec: &'v mut FfiVec<T>,
    /// The length before `retain`.
    len: usize,
    /// Elements `..read` have been visited.
    read: usize,
    /// Elements `..write` are the kept ones, packed.
    write: usize,
}

impl<T> Drop for Retain<'_, T> {
    fn drop(&mut self) {
        let unvisited = self.len - self.read;
        // SAFETY: elements `read..len` are initialised and move down to `write..`, inside the
        // block (`write <= read`).
        unsafe {
            let from = self.vec.ptr.add(self.read).as_ptr();
            ptr::copy(from, self.vec.ptr.add(self.write).as_ptr(), unvisited);
        }
        self.vec.len = self.write + unvisited;
    }
}

impl<T> Drop for FfiVec<T> {
    fn drop(&mut self) {
        // SAFETY: `ptr` and `cap` describe this vector's block (or there is none); it is freed
        // after the elements, even if one of their drops panics.
        let _free = unsafe { FreeOnDrop::new(self.ptr, self.cap) };
        // SAFETY: the first `len` elements are initialised and dropped exactly once, here.
        unsafe { ptr::drop_in_place(ptr::slice_from_raw_parts_mut(self.ptr.as_ptr(), self.len)) };
    }
}

/// Copies the elements into a new block (a `Vec`'s buffer has no room for the header) and
/// frees the `Vec`'s buffer.
impl<T> From<Vec<T>> for FfiVec<T> {
    fn from(mut source: Vec<T>) -> Self {
        let mut vec = Self::with_capacity(source.len());
        // SAFETY: the new block has room for `source.len()` elements; they are moved bitwise and
        // `source` forgets them before its buffer is freed.
        unsafe {
            ptr::copy_nonoverlapping(source.as_ptr(), vec.ptr.as_ptr(), source.len());
            vec.len = source.len();
            source.set_len(0);
        }
        vec
    }
}

/// Copies the elements into a `Vec` of the current library and frees the block through its
/// own allocator.
impl<T> From<FfiVec<T>> for Vec<T> {
    fn from(source: FfiVec<T>) -> Self {
        let (ptr, len, cap) = source.into_raw_parts();
        // SAFETY: the block (if any) is freed once, when this function returns.
        let _free = unsafe { FreeOnDrop::new(ptr, cap) };
        let mut vec = Vec::with_capacity(len);
        // SAFETY: the `len` initialised elements move bitwise into the `Vec`'s fresh buffer; the
        // block then only gets freed, without dropping them.
        unsafe {
            ptr::copy_nonoverlapping(ptr.as_ptr(), vec.as_mut_ptr(), len);
            vec.set_len(len);
        }
        vec
    }
}

impl<T> IntoIterator for FfiVec<T> {
    type Item = T;
    type IntoIter = IntoIter<T>;
    fn into_iter(self) -> IntoIter<T> {
        let (ptr, len, cap) = self.into_raw_parts();
        // SAFETY: the fields of a vector, whose ownership moves into the iterator.
        unsafe { IntoIter::new(ptr, len, cap) }
    }
}
