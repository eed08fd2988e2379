//! Hasher identities: when a memoized hash may be reused, and that it finds the same entries.

use ffi_map::{Backend, FfiMap, HasherId, MapHasher, DEFAULT_SEED, HASH_ALGORITHM};

/// Hash values are part of the cross-library contract: if this fails, the hash function
/// changed (a foldhash upgrade?), and `HASH_ALGORITHM` must change with it so that maps of
/// old and new builds never trust each other's hashes. Then update the expected value here.
#[test]
fn hash_values_are_stable() {
    let hasher = MapHasher::fixed();
    // Recorded on x86_64; other targets have other algorithm ids (pointer width, byte order).
    if cfg!(target_pointer_width = "64") && cfg!(target_endian = "little") {
        assert_eq!(hasher.hash_key("application"), 244_496_988_757_660_283);
    }
    assert_eq!(hasher.id(), HasherId::DEFAULT);
    assert_eq!(HasherId::DEFAULT.seed, DEFAULT_SEED);
    assert_eq!(HasherId::DEFAULT.algorithm, HASH_ALGORITHM);
}

#[test]
fn a_memoized_hash_finds_entries_in_every_map_with_the_same_id() {
    let hash = MapHasher::fixed().hash_key("application");
    for seed_maps in 0..3 {
        let mut map: FfiMap<String, u32> = FfiMap::new();
        map.insert("application".into(), seed_maps);
        for k in 0..40 {
            map.insert(format!("key_{k}"), k);
        }
        assert_eq!(map.hasher_id(), HasherId::DEFAULT);
        assert_eq!(map.hash_key("application"), hash);
        assert_eq!(
            map.raw_entry()
                .from_key_hashed_nocheck(hash, "application")
                .map(|(_, v)| *v),
            Some(seed_maps)
        );
    }
}

#[test]
fn random_seeds_give_other_ids_and_the_map_hashes_with_its_own() {
    let a: FfiMap<String, u32> = FfiMap::with_random_seed();
    let b: FfiMap<String, u32> = FfiMap::with_random_seed();
    assert_ne!(a.hasher_id(), HasherId::DEFAULT);
    assert_ne!(a.hasher_id(), b.hasher_id());
    assert!(a.hasher_id().is_known());
    let mut a = a;
    for k in 0..100 {
        a.insert(format!("key_{k}"), k);
    }
    let hash = a.hash_key("key_7");
    assert_eq!(
        hash,
        MapHasher::for_id(a.hasher_id()).unwrap().hash_key("key_7")
    );
    assert_eq!(
        a.raw_entry().from_key_hashed_nocheck(hash, "key_7"),
        Some((&"key_7".to_string(), &7))
    );
    // A clone keeps its hasher, and so its hashes.
    let copy = a.clone();
    assert_eq!(copy.hasher_id(), a.hasher_id());
    assert_eq!(copy.get("key_99"), Some(&99));
}

#[test]
fn a_seed_survives_growth_clearing_and_cloning_on_every_backend() {
    for backend in [Backend::Halfbrown, Backend::Hashbrown] {
        if !backend.is_available() {
            continue;
        }
        let hasher = MapHasher::random();
        for vtable_only in [false, true] {
            let map = FfiMap::with_options(0, backend, &hasher).unwrap();
            let mut map = if vtable_only {
                map.into_vtable_dispatch()
            } else {
                map
            };
            assert_eq!(map.hasher_id(), hasher.id());
            // Past halfbrown's 32-entry vector, where it rebuilds its table.
            for k in 0..100u32 {
                map.insert(k, k);
                assert_eq!(
                    map.hasher_id(),
                    hasher.id(),
                    "{backend}: seed lost at {k} entries"
                );
            }
            map.clear();
            map.extend((0..40).map(|k| (k, k)));
            assert_eq!(
                map.hasher_id(),
                hasher.id(),
                "{backend}: seed lost after clear"
            );
            assert_eq!(
                map.clone().hasher_id(),
                hasher.id(),
                "{backend}: seed lost by clone"
            );
            assert_eq!(map.get(&39), Some(&39));
        }
    }
}

#[test]
fn an_unknown_algorithm_is_not_trusted() {
    let foreign = HasherId {
        algorithm: HASH_ALGORITHM ^ 1,
        seed: DEFAULT_SEED,
    };
    assert!(!foreign.is_known());
    assert!(MapHasher::for_id(foreign).is_none());
}

/// `get_key_value_memoized` and `get_mut_memoized` give the plain look-ups' answers on every
/// kind of map: each backend, used natively or only through its vtable (as another library
/// does), with or without `&str` look-ups, of 10 entries (halfbrown's scanned vector) or 40,
/// and whether or not the map's hasher is the one the hash was memoized under (a random seed:
/// the hash must then be ignored, not trusted).
#[test]
fn memoized_look_ups_answer_as_plain_ones_on_every_kind_of_map() {
    let fixed = MapHasher::fixed();
    for backend in [Backend::Halfbrown, Backend::Hashbrown] {
        if !backend.is_available() {
            continue;
        }
        for (seeded, str_lookups, vtable_only, len) in (0..16).map(|i| {
            let len = if i & 8 == 0 { 40 } else { 10 };
            (i & 1 != 0, i & 2 != 0, i & 4 != 0, len)
        }) {
            let hasher = if seeded {
                MapHasher::random()
            } else {
                MapHasher::fixed()
            };
            let mut map: FfiMap<String, u32> = FfiMap::with_options(0, backend, &hasher).unwrap();
            if str_lookups {
                map = map.with_str_lookups();
            }
            // 40: past 32 entries, so that halfbrown hashes too.
            for k in 0..len {
                map.insert(format!("key_{k}"), k);
            }
            if vtable_only {
                map = map.into_vtable_dispatch();
            }
            let case =
                format!("{backend:?}, seeded {seeded}, str {str_lookups}, vtable {vtable_only}, {len} entries");
            for key in ["key_0", "key_9", "key_10", "key_39", "key_40", "missing"] {
                let hash = fixed.hash_key(key);
                let expected = map.get(key).copied();
                let found = map.get_key_value_memoized(fixed.id(), hash, key);
                assert_eq!(found.map(|(_, v)| *v), expected, "{case}: get {key}");
                if let Some((k, _)) = found {
                    assert_eq!(k, key, "{case}");
                }
                // A hash memoized under another hasher must not be trusted either.
                let wrong = MapHasher::with_seed(99);
                let found = map.get_key_value_memoized(wrong.id(), hash, key);
                assert_eq!(
                    found.map(|(_, v)| *v),
                    expected,
                    "{case}: foreign hash, {key}"
                );
                match map.get_mut_memoized(fixed.id(), hash, key) {
                    Some(v) => *v += 1000,
                    None => assert_eq!(expected, None, "{case}: get_mut {key}"),
                }
                assert_eq!(map.get(key).copied(), expected.map(|v| v + 1000), "{case}");
            }
        }
    }
}
