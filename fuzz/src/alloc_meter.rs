//! A global allocator that measures the peak heap use of a closure, per thread.
//!
//! It wraps the system allocator and counts the bytes live on the current thread, so that
//! checks running on several test threads at once measure only their own allocations.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

/// The system allocator, counting.
struct Meter;

thread_local! {
    /// Bytes allocated and not yet freed by this thread since the measurement began (freeing
    /// memory allocated before makes it negative).
    static LIVE: Cell<isize> = const { Cell::new(0) };
    /// The highest value `LIVE` has had since the measurement began.
    static PEAK: Cell<isize> = const { Cell::new(0) };
}

/// Adds `delta` bytes to this thread's count.
fn count(delta: isize) {
    // `try_with`: a thread being torn down has no counters any more, and is not measured.
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

// SAFETY: every call is forwarded to `System` unchanged; the counters only observe.
unsafe impl GlobalAlloc for Meter {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(signed(layout.size()));
        // SAFETY: the caller's contract, forwarded.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count(signed(layout.size()));
        // SAFETY: the caller's contract, forwarded.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        count(-signed(layout.size()));
        // SAFETY: the caller's contract, forwarded.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count(signed(new_size) - signed(layout.size()));
        // SAFETY: the caller's contract, forwarded.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static METER: Meter = Meter;

/// Runs `f` and returns its result with the most heap memory it held at once on this thread,
/// in bytes (what it allocated and freed again counts while it was held).
///
/// ```
/// let (v, peak) = ffi_fuzz::peak_heap_during(|| vec![0_u8; 1000]);
/// assert!(peak >= 1000);
/// assert_eq!(v.len(), 1000);
/// ```
pub fn peak_heap_during<R>(f: impl FnOnce() -> R) -> (R, usize) {
    LIVE.with(|live| live.set(0));
    PEAK.with(|peak| peak.set(0));
    let result = f();
    let peak = PEAK.with(Cell::get);
    (result, usize::try_from(peak).unwrap_or(0))
}
