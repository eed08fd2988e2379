//! The test-data generators of the `proptest` and `arbitrary` features: maps of the flavors
//! asked for, of the sizes asked for, and `Arbitrary` total on any input.

use std::collections::HashSet;

use arbitrary::{Arbitrary, Unstructured};
use ffi_map::proptest::{map, map_with, Dispatch, Flavors, ANOTHER_SEED};
use ffi_map::{Backend, FfiMap, Flavor, HasherId, MapHasher};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;

/// The backends of this build.
fn available() -> Vec<Backend> {
    [Backend::Halfbrown, Backend::Hashbrown]
        .into_iter()
        .filter(|b| b.is_available())
        .collect()
}

/// `n` values of `strategy`, from a deterministic runner.
fn sample<S: Strategy>(strategy: &S, n: usize) -> Vec<S::Value> {
    let mut runner = TestRunner::deterministic();
    (0..n)
        .map(|_| strategy.new_tree(&mut runner).unwrap().current())
        .collect()
}

#[test]
fn maps_have_the_backend_hasher_and_dispatch_asked_for() {
    for backend in available() {
        for dispatch in [Dispatch::Native, Dispatch::Vtable] {
            let flavors = Flavors::new()
                .backends([backend])
                .hashers([MapHasher::with_seed(9)])
                .dispatch(dispatch);
            let expected = Flavor {
                backend,
                hasher: MapHasher::with_seed(9),
                vtable_dispatch: dispatch == Dispatch::Vtable,
            };
            let maps = sample(&map_with(any::<u8>(), any::<u16>(), 0..40, &flavors), 64);
            for m in &maps {
                assert_eq!(Flavor::of(m), Some(expected.clone()), "{m:?}");
            }
            // The same through `Arbitrary`'s parameters.
            let params = (flavors, (0..40).into(), (), ());
            for m in sample(&any_with::<FfiMap<u8, u16>>(params), 64) {
                assert_eq!(Flavor::of(&m), Some(expected.clone()), "{m:?}");
            }
        }
    }
}

#[test]
fn the_default_is_the_flavor_of_new() {
    for m in sample(&map(any::<u8>(), any::<u8>(), 0..8), 32) {
        assert_eq!(Flavor::of(&m), Some(Flavor::DEFAULT));
    }
    for m in sample(&any::<FfiMap<String, u8>>(), 32) {
        assert_eq!(Flavor::of(&m), Some(Flavor::DEFAULT));
    }
}

#[test]
fn all_flavors_come_up() {
    let seen: HashSet<_> = sample(&Flavors::all().strategy(), 400)
        .into_iter()
        .map(|f| (f.backend, f.hasher.id(), f.vtable_dispatch))
        .collect();
    let hashers = [HasherId::DEFAULT, MapHasher::with_seed(ANOTHER_SEED).id()];
    let mut expected = HashSet::new();
    for backend in available() {
        for hasher in hashers {
            for vtable in [false, true] {
                expected.insert((backend, hasher, vtable));
            }
        }
    }
    assert_eq!(seen, expected);
}

/// Entries are inserted in the order drawn, so a case replays: the same seed makes maps that
/// iterate alike (not so with `proptest::collection::hash_map`'s randomly seeded `HashMap`).
#[test]
fn maps_replay_in_the_same_order() {
    let strategy = map_with(any::<u16>(), any::<u8>(), 0..60, &Flavors::all());
    let entries = |maps: Vec<FfiMap<u16, u8>>| -> Vec<Vec<(u16, u8)>> {
        maps.iter()
            .map(|m| m.iter().map(|(&k, &v)| (k, v)).collect())
            .collect()
    };
    assert_eq!(
        entries(sample(&strategy, 64)),
        entries(sample(&strategy, 64))
    );
}

#[test]
fn shrinking_goes_towards_the_default_flavor() {
    let mut runner = TestRunner::deterministic();
    let strategy = Flavors::all().strategy();
    for _ in 0..32 {
        let mut tree = strategy.new_tree(&mut runner).unwrap();
        while tree.simplify() {}
        assert_eq!(tree.current(), Flavor::DEFAULT);
    }
}

proptest! {
    #[test]
    fn maps_hold_the_sizes_and_keys_asked_for(
        m in map_with("[a-e]{1,2}", any::<i8>(), 3..=10, &Flavors::all()),
    ) {
        prop_assert!((3..=10).contains(&m.len()));
        for k in m.keys() {
            prop_assert!(matches!(k.len(), 1..=2) && k.bytes().all(|b| (b'a'..=b'e').contains(&b)));
        }
    }

    /// `Arbitrary` reads any input without panicking; its flavor is one this build has.
    #[test]
    fn arbitrary_maps_from_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let mut u = Unstructured::new(&bytes);
        if let Ok(m) = FfiMap::<u8, String>::arbitrary(&mut u) {
            let flavor = Flavor::of(&m).unwrap();
            prop_assert!(flavor.backend.is_available());
            prop_assert!(m.len() <= bytes.len());
        }
        if let Ok(m) = FfiMap::<String, Vec<u8>>::arbitrary_take_rest(Unstructured::new(&bytes)) {
            prop_assert!(Flavor::of(&m).unwrap().backend.is_available());
        }
    }
}

#[test]
fn arbitrary_reads_the_flavor_first() {
    assert_eq!(
        Flavor::arbitrary(&mut Unstructured::new(&[])).unwrap(),
        Flavor::DEFAULT
    );
    let m = FfiMap::<u8, u8>::arbitrary(&mut Unstructured::new(&[])).unwrap();
    assert!(m.is_empty());
    assert_eq!(Flavor::of(&m), Some(Flavor::DEFAULT));
    assert_eq!(<Flavor as Arbitrary>::size_hint(0), (0, Some(11)));

    // Every flavor this build has comes from some input: all inputs of 11 bytes 0 or 1.
    let mut seen = HashSet::new();
    for bits in 0..1_u32 << 11 {
        let bytes: Vec<u8> = (0..11).map(|i| u8::from(bits >> i & 1 == 1)).collect();
        let f = Flavor::arbitrary(&mut Unstructured::new(&bytes)).unwrap();
        seen.insert((
            f.backend,
            f.hasher.id() == HasherId::DEFAULT,
            f.vtable_dispatch,
        ));
    }
    assert_eq!(seen.len(), available().len() * 4, "{seen:?}");
}

#[test]
#[should_panic(expected = "no backend")]
fn no_backend_is_refused() {
    let _ = Flavors::new().backends([]);
}

#[cfg(not(all(feature = "halfbrown", feature = "hashbrown")))]
#[test]
#[should_panic(expected = "not compiled in")]
fn a_missing_backend_is_refused() {
    let missing = [Backend::Halfbrown, Backend::Hashbrown]
        .into_iter()
        .find(|b| !b.is_available())
        .unwrap();
    let _ = Flavors::new().backends([missing]);
}
