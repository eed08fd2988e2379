//! Maps crossing a real `dlopen` boundary: a library compiled separately (the fixture in
//! `tests/fixtures/foreign-map`, hashbrown only, with its own counting allocator) and this
//! test binary make, read, change, clone and drop each other's maps, and every block goes
//! back to the allocator that gave it.

use std::sync::OnceLock;

use abi_stable::abi_stability::abi_checking::check_layout_compatibility;
use abi_stable::type_layout::TypeLayout;
use abi_stable::StableAbi;
use ffi_map::{Backend, FfiMap, MapHasher};
use libloading::Library;

#[macro_use]
#[path = "support/fixture.rs"]
mod fixture;

/// The fixture's functions, with the library kept loaded for the whole test run.
struct Fixture {
    /// Kept (in a static, so never unloaded): maps it made may outlive any single test.
    _library: Library,
    live_blocks: extern "C" fn() -> i64,
    total_blocks: extern "C" fn() -> i64,
    map_layout: extern "C" fn() -> &'static TypeLayout,
    make_map: extern "C" fn(u64) -> FfiMap<u64, u64>,
    touch: extern "C" fn(&mut FfiMap<u64, u64>, u64) -> u64,
    hash: extern "C" fn(u64) -> u64,
    get_hashed: extern "C" fn(&FfiMap<u64, u64>, u64) -> u64,
}

/// Builds the fixture with cargo (its own workspace and target directory) and loads it.
fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let library = fixture::load("foreign-map", "ffi_map_fixture_foreign");
        Fixture {
            live_blocks: symbol!(library, "fixture_live_blocks"),
            total_blocks: symbol!(library, "fixture_total_blocks"),
            map_layout: symbol!(library, "fixture_map_layout"),
            make_map: symbol!(library, "fixture_make_map"),
            touch: symbol!(library, "fixture_touch"),
            hash: symbol!(library, "fixture_hash"),
            get_hashed: symbol!(library, "fixture_get_hashed"),
            _library: library,
        }
    })
}

/// Serializes the tests: some compare the fixture's block counts before and after, which
/// any other test allocating in the fixture at the same time would disturb.
static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn serial() -> std::sync::MutexGuard<'static, ()> {
    SERIAL
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[test]
fn the_layouts_of_both_builds_agree() {
    let _serial = serial();
    let theirs = (fixture().map_layout)();
    check_layout_compatibility(<FfiMap<u64, u64> as StableAbi>::LAYOUT, theirs)
        .expect("the fixture's FfiMap<u64, u64> has the host's layout");
    assert!(
        check_layout_compatibility(<FfiMap<u64, u32> as StableAbi>::LAYOUT, theirs).is_err(),
        "a map of other values must not pass the check"
    );
}

#[test]
fn a_foreign_map_is_read_changed_cloned_and_dropped_here_and_freed_there() {
    let _serial = serial();
    let f = fixture();
    let before = (f.live_blocks)();
    {
        let mut map = (f.make_map)(50);
        assert!(!map.is_native());
        assert_eq!(map.backend(), Backend::Hashbrown);
        assert!((f.live_blocks)() > before, "the fixture allocated the map");
        assert_eq!(map.len(), 50);
        assert_eq!(map.get(&7), Some(&70));
        assert_eq!(
            map.values().sum::<u64>(),
            (0..50).map(|k| k * 10).sum::<u64>()
        );

        // Growth of the foreign table happens in the fixture, with its allocator.
        let grown_from = (f.total_blocks)();
        for k in 50..5000 {
            map.insert(k, k * 10);
        }
        assert!(
            (f.total_blocks)() > grown_from,
            "the fixture's allocator grew its table"
        );
        assert_eq!(map.remove(&3), Some(30));
        *map.entry(3).or_insert(0) += 1;
        assert_eq!(map[&3], 1);

        let copy = map.clone();
        assert!(
            !copy.is_native(),
            "a clone is made by the map's own library"
        );
        assert_eq!(copy, map);
        let mut sorted: Vec<_> = copy.into_iter().collect();
        sorted.sort_unstable();
        assert_eq!(sorted.len(), 5000);
        assert_eq!(sorted[4999], (4999, 49990));
    }
    assert_eq!(
        (f.live_blocks)(),
        before,
        "every block went back to the fixture's allocator"
    );
}

#[test]
fn a_host_map_is_changed_there_without_their_allocator() {
    let _serial = serial();
    let f = fixture();
    let mut map: FfiMap<u64, u64> = (0..20).map(|k| (k, k)).collect();
    assert!(map.is_native());
    let before = (f.total_blocks)();
    let sum = (f.touch)(&mut map, 500);
    assert_eq!(
        (f.total_blocks)(),
        before,
        "the fixture grew the host's map with its own allocator"
    );
    let expected: FfiMap<u64, u64> = (0..20)
        .filter(|k| k % 2 == 1 || *k >= 10)
        .map(|k| (k, k + 1 + if k == 7 { 100 } else { 0 }))
        .chain((1000..1500).map(|k| (k, k + 1)))
        .collect();
    assert_eq!(map, expected);
    assert_eq!(sum, expected.values().sum::<u64>());
}

#[test]
fn a_memoized_hash_works_on_both_sides() {
    let _serial = serial();
    let f = fixture();
    for key in [0, 7, 4242, u64::MAX] {
        assert_eq!((f.hash)(key), MapHasher::fixed().hash_key(&key));
    }
    // Their hash, on our map; our hash, on theirs.
    let ours: FfiMap<u64, u64> = (0..100).map(|k| (k, k + 1)).collect();
    assert_eq!((f.get_hashed)(&ours, 42), 43);
    assert_eq!((f.get_hashed)(&ours, 4242), u64::MAX);
    let theirs = (f.make_map)(100);
    let hash = (f.hash)(42);
    assert_eq!(
        theirs.raw_entry().from_key_hashed_nocheck(hash, &42),
        Some((&42, &420))
    );
    assert_eq!(theirs.hasher_id(), ours.hasher_id());
}

#[test]
fn hashbrowns_newer_api_works_on_a_foreign_map_with_its_allocator() {
    let _serial = serial();
    let f = fixture();
    let before = (f.live_blocks)();
    {
        let mut map = (f.make_map)(100);
        // A cloned iterator (their native iterator, copied by their code) goes on alone.
        let mut iter = map.iter();
        iter.nth(9);
        let copy = iter.clone();
        assert_eq!(copy.len(), 90);
        let mut rest: Vec<_> = iter.collect();
        let mut copied: Vec<_> = copy.collect();
        rest.sort_unstable();
        copied.sort_unstable();
        assert_eq!(rest, copied);
        let keys = map.keys();
        assert_eq!(keys.clone().count(), 100);

        // Growth and shrinking happen there, with their allocator.
        let grown_from = (f.total_blocks)();
        map.try_reserve(10_000).expect("room for 10 000 more");
        assert!(
            (f.total_blocks)() > grown_from,
            "the fixture grew its table"
        );
        let big = map.allocation_size();
        map.shrink_to_fit();
        assert!(map.allocation_size() < big);
        assert_eq!(
            map.try_reserve(usize::MAX),
            Err(ffi_map::TryReserveError::CapacityOverflow)
        );

        let [a, b] = map.get_disjoint_mut([&1, &2]);
        core::mem::swap(a.expect("1 is there"), b.expect("2 is there"));
        assert_eq!((map[&1], map[&2]), (20, 10));
        let mut odd: Vec<u64> = map.extract_if(|k, _| k % 2 == 1).map(|(k, _)| k).collect();
        odd.sort_unstable();
        assert_eq!(odd, (1..100).step_by(2).collect::<Vec<_>>());
        assert_eq!(map.len(), 50);
        let mut keys: Vec<u64> = map.into_keys().collect();
        keys.sort_unstable();
        assert_eq!(keys, (0..100).step_by(2).collect::<Vec<_>>());
    }
    assert_eq!(
        (f.live_blocks)(),
        before,
        "every block went back to the fixture's allocator"
    );
}
