//! Allocation counts: an `FfiMap` allocates no more often than its native backend doing the
//! same operations, plus its one box; `new` and iteration allocate nothing.

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use common::Scenario;
use ffi_map::{Backend, FfiMap, MapHasher};

/// Counts this thread's allocations (and reallocations), so parallel tests do not interfere.
struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: every call is forwarded unchanged to the system allocator; counting touches only a
// const-initialized thread-local `Cell`, which never allocates.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.with(|n| n.set(n.get() + 1));
        // SAFETY: forwarded from the caller.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded from the caller.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.with(|n| n.set(n.get() + 1));
        // SAFETY: forwarded from the caller.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// The allocations `f` makes on this thread.
fn allocations<R>(f: impl FnOnce() -> R) -> (usize, R) {
    let before = ALLOCATIONS.with(Cell::get);
    let result = f();
    (ALLOCATIONS.with(Cell::get) - before, result)
}

/// The operations of the workload, on each kind of map.
trait Workload {
    fn put(&mut self, key: u64);
    fn take(&mut self, key: u64);

    /// Keys are `u64`s, so only the maps allocate.
    fn run(&mut self, entries: u64) {
        for k in 0..entries {
            self.put(k);
        }
        for k in (0..entries).step_by(3) {
            self.take(k);
        }
        for k in entries..entries * 2 {
            self.put(k);
        }
    }
}

/// Implements [`Workload`] for maps whose `insert`/`remove` are spelled like std's.
macro_rules! workload {
    ($($map:ty),*) => {$(
        impl Workload for $map {
            fn put(&mut self, key: u64) {
                self.insert(key, key);
            }
            fn take(&mut self, key: u64) {
                self.remove(&key);
            }
        }
    )*};
}
workload!(
    FfiMap<u64, u64>,
    halfbrown::HashMap<u64, u64, MapHasher>,
    hashbrown::HashMap<u64, u64, MapHasher>
);

/// The allocations of the workload on `map`, dropping excluded.
fn workload_allocations(mut map: impl Workload, entries: u64) -> usize {
    allocations(|| map.run(entries)).0
}

fn native_allocations(backend: Backend, entries: u64) -> usize {
    match backend {
        Backend::Halfbrown => {
            workload_allocations(halfbrown::HashMap::with_hasher(MapHasher::fixed()), entries)
        }
        Backend::Hashbrown => {
            workload_allocations(hashbrown::HashMap::with_hasher(MapHasher::fixed()), entries)
        }
    }
}

#[test]
fn allocates_no_more_than_native_plus_one_box() {
    for scenario in Scenario::all() {
        for entries in [0, 1, 5, 13, 31, 33, 100, 1000] {
            let ours = workload_allocations(scenario.map::<u64, u64>(), entries);
            let native = native_allocations(scenario.backend, entries);
            let boxes = usize::from(entries > 0);
            assert!(
                ours <= native + boxes,
                "{scenario:?} with {entries} entries: {ours} allocations, native {native}"
            );
        }
    }
}

/// A map of this scenario with 100 entries.
fn filled(scenario: Scenario) -> FfiMap<u64, u64> {
    let mut map = scenario.map();
    map.extend((0..100).map(|k| (k, k)));
    map
}

#[test]
fn new_and_iteration_allocate_nothing() {
    let (n, map) = allocations(FfiMap::<u64, u64>::new);
    assert_eq!(n, 0, "FfiMap::new allocated");
    drop(map);
    for scenario in Scenario::all() {
        let map = filled(scenario);
        let (n, sum) = allocations(|| {
            map.iter().map(|(_, v)| v).sum::<u64>()
                + map.keys().sum::<u64>()
                + map.values().sum::<u64>()
        });
        assert_eq!(sum, 3 * 4950);
        assert_eq!(n, 0, "{scenario:?}: iteration allocated");
        let (n, found) = allocations(|| (0..100).filter(|k| map.contains_key(k)).count());
        assert_eq!(found, 100);
        assert_eq!(n, 0, "{scenario:?}: look-ups allocated");
    }
}

#[test]
fn a_clone_allocates_like_a_native_clone() {
    for scenario in Scenario::all() {
        let map = filled(scenario);
        let (n, copy) = allocations(|| map.clone());
        assert_eq!(copy, map);
        // One box and one table; through the vtable the copy is filled entry by entry into a
        // table sized for them, so it allocates no more.
        assert!(n <= 2, "{scenario:?}: clone made {n} allocations");
    }
}
