//! [`IntoIter`]: the owning iterator of [`FfiVec`](super::FfiVec).

use std::fmt;
use std::iter::FusedIterator;
use std::ptr::{self, NonNull};

use super::alloc::FreeOnDrop;

/// Moves the elements out of an [`FfiVec`](super::FfiVec); frees the block through its own
/// allocator when dropped, dropping the elements not taken.
///
/// ```
/// use ffi_value::FfiVec;
///
/// let v: FfiVec<String> = ["a", "b", "c"].map(String::from).into_iter().collect();
/// let mut it = v.into_iter();
/// assert_eq!(it.next().as_deref(), Some("a"));
/// assert_eq!(it.next_back().as_deref(), Some("c"));
/// assert_eq!(it.as_slice(), ["b"]);
/// ```
pub struct IntoIter<T> {
    /// The block of the vector (or a dangling pointer if it had none).
    ptr: NonNull<T>,
    /// The capacity of the block.
    cap: usize,
    /// Elements `start..end` are initialised and not yet yielded.
    start: usize,
    end: usize,
}

// SAFETY: the iterator owns its elements like `FfiVec<T>`, which is `Send` for `T: Send`.
unsafe impl<T: Send> Send for IntoIter<T> {}
// SAFETY: `&IntoIter<T>` only gives out `&T`.
unsafe impl<T: Sync> Sync for IntoIter<T> {}

impl<T> IntoIter<T> {
    /// Takes over a vector's elements and block.
    ///
    /// # Safety
    ///
    /// `ptr`, `len`, `cap` must be the fields of an owned `FfiVec<T>` that is no longer used.
    pub(crate) unsafe fn new(ptr: NonNull<T>, len: usize, cap: usize) -> Self {
        IntoIter {
            ptr,
            cap,
            start: 0,
            end: len,
        }
    }

    /// The elements not yet yielded.
    #[must_use]
    pub fn as_slice(&self) -> &[T] {
        // SAFETY: elements `start..end` are initialised; `start <= end`.
        unsafe { std::slice::from_raw_parts(self.ptr.add(self.start).as_ptr(), self.len()) }
    }
}

impl<T> Iterator for IntoIter<T> {
    type Item = T;

    fn next(&mut self) -> Option<T> {
        if self.start == self.end {
            return None;
        }
        self.start += 1;
        // SAFETY: the element at the old `start` is initialised and now outside `start..end`.
        Some(unsafe { self.ptr.add(self.start - 1).read() })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let len = self.end - self.start;
        (len, Some(len))
    }
}

impl<T> DoubleEndedIterator for IntoIter<T> {
    fn next_back(&mut self) -> Option<T> {
        if self.start == self.end {
            return None;
        }
        self.end -= 1;
        // SAFETY: the element at the new `end` is initialised and now outside `start..end`.
        Some(unsafe { self.ptr.add(self.end).read() })
    }
}

impl<T> ExactSizeIterator for IntoIter<T> {}

impl<T> FusedIterator for IntoIter<T> {}

impl<T: fmt::Debug> fmt::Debug for IntoIter<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("IntoIter").field(&self.as_slice()).finish()
    }
}

impl<T> Drop for IntoIter<T> {
    fn drop(&mut self) {
        // SAFETY: `ptr` and `cap` are the vector's block (or none), freed once, after the
        // remaining elements even if one of their drops panics.
        let _free = unsafe { FreeOnDrop::new(self.ptr, self.cap) };
        // SAFETY: the remaining elements `start..end` are initialised, owned, and dropped only
        // here.
        unsafe {
            let rest = self.ptr.add(self.start).as_ptr();
            ptr::drop_in_place(ptr::slice_from_raw_parts_mut(rest, self.end - self.start));
        }
    }
}
