//! [`Drain`]: the iterator of [`FfiVec::drain`].

use std::fmt;
use std::iter::FusedIterator;
use std::ptr;

use super::FfiVec;

/// The elements of a range of an [`FfiVec`], moved out one by one ([`FfiVec::drain`]). When
/// dropped (also while unwinding from a panicking element `drop`), it drops the elements not
/// taken and moves the vector's tail down behind the elements before the range.
pub struct Drain<'a, T> {
    vec: &'a mut FfiVec<T>,
    /// Elements `next..end` of the block are initialised and not yet yielded.
    next: usize,
    end: usize,
    /// The tail: `tail_len` initialised elements from `tail_start` (the drained range's end).
    tail_start: usize,
    tail_len: usize,
}

impl<'a, T> Drain<'a, T> {
    /// The drain of elements `start..end` of `vec`, whose length is already `start`.
    ///
    /// # Safety
    ///
    /// `vec.len() == start`, `start <= end`, and elements `start..end + tail_len` of the block
    /// are initialised (within its capacity).
    pub(super) unsafe fn new(
        vec: &'a mut FfiVec<T>,
        start: usize,
        end: usize,
        tail_len: usize,
    ) -> Self {
        Drain {
            vec,
            next: start,
            end,
            tail_start: end,
            tail_len,
        }
    }

    /// The elements not yet yielded.
    #[must_use]
    pub fn as_slice(&self) -> &[T] {
        // SAFETY: elements `next..end` are initialised and owned by the drain; `next <= end`.
        unsafe {
            std::slice::from_raw_parts(self.vec.as_ptr().add(self.next), self.end - self.next)
        }
    }

    /// The elements not yet yielded, mutably.
    #[must_use]
    pub fn as_mut_slice(&mut self) -> &mut [T] {
        // SAFETY: elements `next..end` are initialised and owned by the drain, which is
        // borrowed uniquely; `next <= end`.
        unsafe {
            std::slice::from_raw_parts_mut(
                self.vec.as_mut_ptr().add(self.next),
                self.end - self.next,
            )
        }
    }
}

impl<T> Iterator for Drain<'_, T> {
    type Item = T;

    #[inline]
    fn next(&mut self) -> Option<T> {
        if self.next == self.end {
            return None;
        }
        self.next += 1;
        // SAFETY: the element at the old `next` is initialised and now outside `next..end`, so
        // read exactly once.
        Some(unsafe { self.vec.as_mut_ptr().add(self.next - 1).read() })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let len = self.end - self.next;
        (len, Some(len))
    }
}

impl<T> DoubleEndedIterator for Drain<'_, T> {
    fn next_back(&mut self) -> Option<T> {
        if self.next == self.end {
            return None;
        }
        self.end -= 1;
        // SAFETY: the element at the new `end` is initialised and now outside `next..end`.
        Some(unsafe { self.vec.as_mut_ptr().add(self.end).read() })
    }
}

impl<T> ExactSizeIterator for Drain<'_, T> {}

impl<T> FusedIterator for Drain<'_, T> {}

impl<T: fmt::Debug> fmt::Debug for Drain<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Drain").field(&self.as_slice()).finish()
    }
}

impl<T> Drop for Drain<'_, T> {
    #[inline]
    fn drop(&mut self) {
        // Inlined: a drain taken to its end with no tail (all of a vector, moved out) leaves
        // nothing to do.
        if self.next != self.end || self.tail_len != 0 {
            self.finish();
        }
    }
}

impl<T> Drain<'_, T> {
    /// Drops the elements not taken and moves the tail down: [`Drain`]'s drop when there is
    /// anything to do.
    fn finish(&mut self) {
        /// Moves the tail down behind the vector's elements, also when dropping the elements
        /// not taken panics.
        struct CloseGap<'d, 'a, T>(&'d mut Drain<'a, T>);

        impl<T> Drop for CloseGap<'_, '_, T> {
            fn drop(&mut self) {
                let drain = &mut *self.0;
                let start = drain.vec.len();
                if drain.tail_len == 0 {
                    return;
                }
                // SAFETY: 1. `start <= tail_start`, both inside the block, and the tail's
                // `tail_len` elements are initialised; 2. `copy` allows the ranges to overlap;
                // 3. the new length counts exactly the elements before the range and the tail,
                // all initialised, within the capacity.
                unsafe {
                    let base = drain.vec.as_mut_ptr();
                    ptr::copy(base.add(drain.tail_start), base.add(start), drain.tail_len);
                    drain.vec.set_len(start + drain.tail_len);
                }
            }
        }
        let rest = ptr::slice_from_raw_parts_mut(
            // SAFETY: `next <= end` lie within the block.
            unsafe { self.vec.as_mut_ptr().add(self.next) },
            self.end - self.next,
        );
        self.next = self.end;
        let guard = CloseGap(self);
        // SAFETY: the elements not yet yielded are initialised, owned by the drain, and dropped
        // only here (a panic in one still drops the others, then unwinds through `guard`).
        unsafe { ptr::drop_in_place(rest) };
        drop(guard);
    }
}
