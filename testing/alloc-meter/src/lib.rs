//! Test support: a global allocator that measures the peak heap use of a closure, per thread.
//!
//! [`Meter`] wraps the system allocator and counts the bytes live on each thread, so that tests
//! running on several threads at once measure only their own allocations. A test binary (or
//! fuzz target library) installs it and measures with [`peak_heap_during`]:
//!
//! ```
//! #[global_allocator]
//! static METER: alloc_meter::Meter = alloc_meter::Meter;
//!
//! let (v, peak) = alloc_meter::peak_heap_during(|| vec![0_u8; 1000]);
//! assert_eq!(v.len(), 1000);
//! assert!(peak >= 1000);
//! ```
//!
//! Without `Meter` installed as the global allocator, every peak is 0.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

/// The system allocator, counting the bytes live on each thread and their peak.
#[derive(Debug, Clone, Copy, Default)]
pub struct Meter;

thread_local! {
    /// Bytes allocated and not yet freed by this thread (freeing memory another thread
    /// allocated makes it go down too, even below zero).
    static LIVE: Cell<isize> = const { Cell::new(0) };
    /// The highest value `LIVE` has had since the measurement began.
    static PEAK: Cell<isize> = const { Cell::new(0) };
}

/// Adds `delta` bytes to this thread's count (nothing while the thread is torn down and its
/// counters are gone).
fn count(delta: isize) {
    let _ = LIVE.try_with(|live| {
        let now = live.get() + delta;
        live.set(now);
        let _ = PEAK.try_with(|peak| peak.set(peak.get().max(now)));
    });
}

/// A size as a count (sizes never exceed `isize::MAX`).
fn signed(size: usize) -> isize {
    isize::try_from(size).unwrap_or(isize::MAX)
}

// SAFETY: every call is forwarded to `System` with the same arguments; the counters only
// observe sizes, and they neither allocate nor unwind.
unsafe impl GlobalAlloc for Meter {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract for `alloc`, forwarded.
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            count(signed(layout.size()));
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract for `alloc_zeroed`, forwarded.
        let ptr = unsafe { System.alloc_zeroed(layout) };
        if !ptr.is_null() {
            count(signed(layout.size()));
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller's contract for `dealloc`, forwarded.
        unsafe { System.dealloc(ptr, layout) };
        count(-signed(layout.size()));
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller's contract for `realloc`, forwarded.
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            count(signed(new_size) - signed(layout.size()));
        }
        new
    }
}

/// Runs `f` and returns its result with the most heap memory it held at once on this thread,
/// in bytes, over what the thread held before (what `f` allocated and freed again counts while
/// it was held).
pub fn peak_heap_during<R>(f: impl FnOnce() -> R) -> (R, usize) {
    let base = LIVE.with(Cell::get);
    PEAK.with(|peak| peak.set(base));
    let result = f();
    let peak = PEAK.with(Cell::get) - base;
    (result, usize::try_from(peak).unwrap_or(0))
}
