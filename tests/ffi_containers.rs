//! Containers made by "another library": a block allocated through a different [`AllocVTable`]
//! is grown and freed through that vtable only, never through this binary's global allocator,
//! and the layouts `abi_stable` records are checked.
//!
//! The other library is a test vtable that delegates to `System` and records its live blocks;
//! this binary's `#[global_allocator]` (what `AllocVTable::global()` reaches) counts every
//! realloc/dealloc of such a block as misrouted, and the test vtable counts the reverse.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
use std::sync::{Mutex, MutexGuard};

use abi_stable::abi_stability::abi_checking::check_layout_compatibility;
use abi_stable::StableAbi;
use ffi_value::ffi::AllocVTable;
use ffi_value::{FfiCowBytes, FfiCowStr, FfiVec};

/// Blocks of the foreign vtable that are live (0 = free slot).
static FOREIGN_LIVE: [AtomicUsize; 64] = [const { AtomicUsize::new(0) }; 64];
/// Calls to the foreign vtable: alloc, grow, dealloc.
static FOREIGN_CALLS: [AtomicUsize; 3] = [const { AtomicUsize::new(0) }; 3];
/// Foreign blocks handed to the global allocator, and global blocks handed to the foreign one.
static MISROUTED: AtomicUsize = AtomicUsize::new(0);
/// The tests read the shared counters one at a time.
static SERIAL: Mutex<()> = Mutex::new(());

fn register(ptr: *mut u8) {
    let free = FOREIGN_LIVE.iter().find(|slot| {
        slot.compare_exchange(0, ptr as usize, SeqCst, SeqCst)
            .is_ok()
    });
    assert!(free.is_some(), "test vtable: more than 64 live blocks");
}

/// Forgets a foreign block; false if it was not one.
fn unregister(ptr: *mut u8) -> bool {
    FOREIGN_LIVE.iter().any(|slot| {
        slot.compare_exchange(ptr as usize, 0, SeqCst, SeqCst)
            .is_ok()
    })
}

fn is_foreign(ptr: *mut u8) -> bool {
    FOREIGN_LIVE
        .iter()
        .any(|slot| slot.load(SeqCst) == ptr as usize)
}

unsafe extern "C" fn foreign_alloc(size: usize, align: usize) -> *mut u8 {
    FOREIGN_CALLS[0].fetch_add(1, SeqCst);
    // SAFETY: `AllocVTable::new`'s contract: a valid, non-zero-sized layout.
    let ptr = unsafe { System.alloc(Layout::from_size_align_unchecked(size, align)) };
    if !ptr.is_null() {
        register(ptr);
    }
    ptr
}

unsafe extern "C" fn foreign_grow(
    ptr: *mut u8,
    old_size: usize,
    align: usize,
    new_size: usize,
) -> *mut u8 {
    FOREIGN_CALLS[1].fetch_add(1, SeqCst);
    if !unregister(ptr) {
        MISROUTED.fetch_add(1, SeqCst);
    }
    // SAFETY: `ptr` is a block of this vtable (checked above) with layout `(old_size, align)`.
    let grown = unsafe {
        System.realloc(
            ptr,
            Layout::from_size_align_unchecked(old_size, align),
            new_size,
        )
    };
    register(if grown.is_null() { ptr } else { grown });
    grown
}

unsafe extern "C" fn foreign_dealloc(ptr: *mut u8, size: usize, align: usize) {
    FOREIGN_CALLS[2].fetch_add(1, SeqCst);
    if !unregister(ptr) {
        MISROUTED.fetch_add(1, SeqCst);
    }
    // SAFETY: `ptr` is a live block of this vtable with exactly this layout.
    unsafe { System.dealloc(ptr, Layout::from_size_align_unchecked(size, align)) }
}

// SAFETY: the three functions delegate to `System` with the layouts they are given, are
// thread-safe (atomics only) and do not unwind (the `register` assert aborts in `extern "C"`).
static FOREIGN: AllocVTable =
    unsafe { AllocVTable::new(foreign_alloc, foreign_grow, foreign_dealloc) };

/// This binary's global allocator, i.e. what `AllocVTable::global()` uses.
struct RejectForeign;

// SAFETY: delegates to `System`; the extra check only reads atomics.
unsafe impl GlobalAlloc for RejectForeign {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded from the caller.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if is_foreign(ptr) {
            MISROUTED.fetch_add(1, SeqCst);
        }
        // SAFETY: forwarded from the caller.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if is_foreign(ptr) {
            MISROUTED.fetch_add(1, SeqCst);
        }
        // SAFETY: forwarded from the caller.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: RejectForeign = RejectForeign;

/// Runs `body` alone and returns how many alloc/grow/dealloc calls the foreign vtable got.
fn foreign_calls(body: impl FnOnce()) -> [usize; 3] {
    let _serial: MutexGuard<'_, ()> = SERIAL
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let before = FOREIGN_CALLS.each_ref().map(|count| count.load(SeqCst));
    body();
    let after = FOREIGN_CALLS.each_ref().map(|count| count.load(SeqCst));
    assert_eq!(
        MISROUTED.load(SeqCst),
        0,
        "a block went to the wrong allocator"
    );
    assert!(
        FOREIGN_LIVE.iter().all(|slot| slot.load(SeqCst) == 0),
        "a foreign block leaked"
    );
    [0, 1, 2].map(|i| after[i] - before[i])
}

#[test]
fn foreign_vec_grows_and_frees_through_its_vtable() {
    let [allocs, grows, deallocs] = foreign_calls(|| {
        let mut v: FfiVec<u64> = FfiVec::with_capacity_in(2, &FOREIGN);
        for i in 0..1000 {
            v.push(i);
        }
        v.insert(0, 7);
        v.reserve(5000);
        assert!(std::ptr::eq(v.allocator().unwrap(), &raw const FOREIGN));
        let copy = v.clone();
        assert!(std::ptr::eq(
            copy.allocator().unwrap(),
            AllocVTable::global()
        ));
        assert_eq!(copy, v);
        drop(v);
    });
    assert_eq!((allocs, deallocs), (1, 1));
    assert!(grows >= 2, "pushes and reserve grew the block: {grows}");
}

#[test]
fn foreign_vec_consumed_frees_through_its_vtable() {
    let calls = foreign_calls(|| {
        let mut v: FfiVec<String> = FfiVec::with_capacity_in(4, &FOREIGN);
        v.extend(["a", "b", "c"].map(String::from));
        let mut it = v.into_iter();
        assert_eq!(it.next().as_deref(), Some("a"));
        drop(it);

        let mut w: FfiVec<u8> = FfiVec::with_capacity_in(4, &FOREIGN);
        w.extend_from_slice(b"xyz");
        assert_eq!(Vec::from(w), b"xyz");
    });
    assert_eq!(calls, [2, 0, 2]);
}

#[test]
fn foreign_owned_bytes_grow_and_free_through_its_vtable() {
    let [allocs, grows, deallocs] = foreign_calls(|| {
        let mut vec = FfiVec::with_capacity_in(1, &FOREIGN);
        vec.push(b'a');
        let mut bytes = FfiCowBytes::from(vec);
        assert!(!bytes.is_borrowed());
        bytes.to_mut().extend_from_slice(&[b'b'; 100]);
        assert!(std::ptr::eq(
            bytes.to_mut().allocator().unwrap(),
            &raw const FOREIGN
        ));
        let text = FfiCowStr::from(std::str::from_utf8(&bytes).unwrap().to_owned());
        assert_eq!(text.len(), 101);
        drop(bytes.clone());
        drop(bytes);
    });
    assert_eq!((allocs, deallocs), (1, 1));
    assert!(grows >= 1);
}

#[test]
fn local_containers_never_touch_the_foreign_vtable() {
    let calls = foreign_calls(|| {
        let mut v: FfiVec<u32> = (0..100).collect();
        v.reserve(1000);
        let mut s = FfiCowStr::from("borrowed");
        s.push_str(" then owned");
        let _owned = s.clone().into_owned();
        assert!(std::ptr::eq(v.allocator().unwrap(), AllocVTable::global()));
    });
    assert_eq!(calls, [0, 0, 0]);
}

#[test]
fn abi_stable_layouts_are_checked() {
    let compatible = |a, b| check_layout_compatibility(a, b).is_ok();
    assert!(compatible(FfiVec::<u32>::LAYOUT, FfiVec::<u32>::LAYOUT));
    assert!(!compatible(FfiVec::<u32>::LAYOUT, FfiVec::<u64>::LAYOUT));
    assert!(compatible(FfiCowStr::LAYOUT, FfiCowStr::LAYOUT));
    assert!(!compatible(FfiCowStr::LAYOUT, FfiCowBytes::LAYOUT));
    assert!(compatible(AllocVTable::LAYOUT, AllocVTable::LAYOUT));
}

#[test]
fn containers_are_three_words_with_a_niche() {
    let word = std::mem::size_of::<usize>();
    assert_eq!(std::mem::size_of::<FfiVec<String>>(), 3 * word);
    assert_eq!(std::mem::size_of::<Option<FfiCowBytes<'_>>>(), 3 * word);
    assert_eq!(std::mem::size_of::<Option<FfiCowStr<'_>>>(), 3 * word);
}

#[test]
fn containers_cross_threads() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<FfiVec<String>>();
    send_sync::<ffi_value::ffi::IntoIter<String>>();
    send_sync::<FfiCowBytes<'static>>();
    send_sync::<FfiCowStr<'static>>();
    let s = FfiCowStr::from(String::from("moved"));
    assert_eq!(
        std::thread::spawn(move || s.into_string()).join().unwrap(),
        "moved"
    );
}
