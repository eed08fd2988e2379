//! The API `FfiMap` shares with hashbrown, checked against hashbrown's own map: the same script
//! of calls runs on `hashbrown::HashMap` and on an `FfiMap` of every scenario (each backend,
//! natively and through its vtable), and must give the same transcript.

use std::panic::{catch_unwind, AssertUnwindSafe};

use ffi_map::{FfiMap, MapHasher};

mod common;
use common::Scenario;

/// What both maps' `hasher()` give: a reference (hashbrown) or a copy (`FfiMap`).
trait Hasher {
    fn get(self) -> MapHasher;
}
impl Hasher for &MapHasher {
    fn get(self) -> MapHasher {
        self.clone()
    }
}
impl Hasher for Option<MapHasher> {
    fn get(self) -> MapHasher {
        self.expect("a map of this build has a known hasher")
    }
}

fn sorted<T: Ord>(items: impl IntoIterator<Item = T>) -> Vec<T> {
    let mut items: Vec<T> = items.into_iter().collect();
    items.sort_unstable();
    items
}

/// Defines `script`, which runs every checked method on `$map` and says what it saw.
macro_rules! script {
    ($map:ty) => {
        pub fn script(mut map: $map) -> Vec<String> {
            let mut log = Vec::new();
            let mut say = |line: String| log.push(line);
            capacity(&mut map, &mut say);
            iterators(&mut map, &mut say);
            entries(&mut map, &mut say);
            several(&mut map, &mut say);
            replace(&mut map, &mut say);
            raw(&mut map, &mut say);
            extract(&mut map, &mut say);
            log
        }

        /// Reserving, shrinking, `Extend` by reference, the hasher.
        fn capacity(map: &mut $map, say: &mut impl FnMut(String)) {
            // Capacity.
            say(format!("try_reserve(10): {:?}", map.try_reserve(10)));
            say(format!("capacity >= 10: {}", map.capacity() >= 10));
            say(format!(
                "try_reserve(MAX): {:?}",
                map.try_reserve(usize::MAX)
            ));
            say(format!(
                "try_reserve(MAX/2): {:?}",
                map.try_reserve(usize::MAX / 2)
            ));

            // `Extend` from references, for `Copy` types.
            map.extend(&[(1, 10), (2, 20), (3, 30)]);
            let more = [(4, 40), (5, 50)];
            map.extend(more.iter().map(|(k, v)| (k, v)));
            say(format!(
                "after extend: {:?}",
                sorted(map.iter().map(|(k, v)| (*k, *v)))
            ));
            map.extend((6..60).map(|k| (k, k * 10)));

            map.reserve(500);
            say(format!(
                "allocation grows: {}",
                map.allocation_size() >= 500 * 8
            ));
            map.retain(|k, _| *k < 10);
            map.shrink_to(100);
            say(format!(
                "shrink_to(100): {} {}",
                map.capacity() >= 100,
                map.capacity() < 500
            ));
            map.shrink_to_fit();
            say(format!(
                "shrink_to_fit: {} {}",
                map.capacity() >= map.len(),
                map.capacity() < 100
            ));
            say(format!(
                "allocation >= entries: {}",
                map.allocation_size() >= map.len() * 8
            ));
            say(format!("entries kept: {:?}", sorted(map.keys().copied())));

            // The hasher.
            let hasher = Hasher::get(map.hasher());
            say(format!(
                "hasher: {:?} {}",
                hasher.id(),
                hasher.hash_key(&7u32)
            ));
        }

        /// Owning projections and cloned iterators.
        fn iterators(map: &mut $map, say: &mut impl FnMut(String)) {
            // Owning projections.
            say(format!("into_keys: {:?}", sorted(map.clone().into_keys())));
            say(format!(
                "into_values: {:?}",
                sorted(map.clone().into_values())
            ));
            let mut keys = map.clone().into_keys();
            keys.next();
            say(format!("into_keys len: {}", keys.len()));

            // Cloned iterators continue from where they were.
            let mut iter = map.iter();
            iter.next();
            let copy = iter.clone();
            say(format!("iter clone: {}", sorted(copy) == sorted(iter)));
            let mut keys = map.keys();
            keys.next();
            say(format!(
                "keys clone: {}",
                sorted(keys.clone()) == sorted(keys)
            ));
            let mut values = map.values();
            values.next();
            let copy = values.clone();
            say(format!(
                "values clone: {} {}",
                copy.len(),
                sorted(copy) == sorted(values)
            ));
            say(format!(
                "empty iter clone: {}",
                map.iter().skip(100).count()
            ));
        }

        /// `Entry::insert`, `or_insert_entry`, `try_insert`.
        fn entries(map: &mut $map, say: &mut impl FnMut(String)) {
            // Entries.
            let entry = map.entry(100).insert(1000);
            say(format!(
                "Entry::insert new: {} {}",
                entry.key(),
                entry.get()
            ));
            let entry = map.entry(100).insert(1001);
            say(format!(
                "Entry::insert existing: {} {}",
                entry.key(),
                entry.get()
            ));
            say(format!(
                "or_insert_entry: {}",
                map.entry(100).or_insert_entry(7).get()
            ));
            say(format!(
                "or_insert_entry new: {}",
                map.entry(101).or_insert_entry(7).get()
            ));

            // `try_insert`.
            say(format!(
                "try_insert new: {:?}",
                map.try_insert(200, 2000).map(|v| *v).ok()
            ));
            match map.try_insert(200, 2001) {
                Ok(_) => say("try_insert existing: inserted".into()),
                Err(e) => say(format!(
                    "try_insert existing: {} {} {} / {}",
                    e.entry.key(),
                    e.entry.get(),
                    e.value,
                    e
                )),
            }
        }

        /// `get_key_value_mut` and the disjoint look-ups.
        fn several(map: &mut $map, say: &mut impl FnMut(String)) {
            // Several values at once.
            say(format!(
                "get_key_value_mut: {:?}",
                map.get_key_value_mut(&200)
            ));
            let [a, b, c] = map.get_disjoint_mut([&1, &2, &999]);
            say(format!("get_disjoint_mut: {a:?} {b:?} {c:?}"));
            core::mem::swap(a.unwrap(), b.unwrap());
            say(format!("swapped: {} {}", map[&1], map[&2]));
            let found = map.get_disjoint_key_value_mut([&3, &998, &997]);
            say(format!("get_disjoint_key_value_mut: {found:?}"));
            let absent_twice = map.get_disjoint_mut([&998, &998]);
            say(format!("absent twice: {absent_twice:?}"));
            let twice = catch_unwind(AssertUnwindSafe(|| {
                let _ = map.get_disjoint_mut([&3, &4, &3]);
            }));
            say(format!(
                "duplicates: {:?}",
                twice.err().and_then(|e| e.downcast_ref::<&str>().copied())
            ));
            say(format!(
                "final: {:?}",
                sorted(map.iter().map(|(k, v)| (*k, *v)))
            ));
        }
        /// The `replace_entry_with` family.
        fn replace(map: &mut $map, say: &mut impl FnMut(String)) {
            let entry = map.entry(1).and_replace_entry_with(|k, v| Some(k + v));
            say(format!("and_replace_entry_with Some: {entry:?}"));
            let entry = map.entry(2).and_replace_entry_with(|_, _| None);
            say(format!("and_replace_entry_with None: {entry:?}"));
            let entry = map.entry(2).and_replace_entry_with(|_, _| Some(0));
            say(format!("and_replace_entry_with vacant: {entry:?}"));
            if let Entry::Occupied(entry) = map.entry(3) {
                let entry = entry.replace_entry_with(|_, v| Some(v * 2));
                say(format!("replace_entry_with: {entry:?}"));
            }
            let entry = map
                .raw_entry_mut()
                .from_key(&4)
                .and_replace_entry_with(|_, _| None);
            say(format!(
                "raw and_replace_entry_with None: {}",
                matches!(entry, RawEntryMut::Vacant(_))
            ));
            let entry = map
                .raw_entry_mut()
                .from_key(&5)
                .and_replace_entry_with(|_, v| Some(v + 1));
            if let RawEntryMut::Occupied(entry) = entry {
                say(format!(
                    "raw and_replace_entry_with Some: {:?}",
                    entry.get_key_value()
                ));
            }
            say(format!(
                "after replacing: {:?}",
                sorted(map.iter().map(|(k, v)| (*k, *v)))
            ));
        }

        /// `extract_if`: all of it, part of it (the rest stays), changing values on the way.
        fn extract(map: &mut $map, say: &mut impl FnMut(String)) {
            map.extend((1000..1100).map(|k| (k, k)));
            let before = map.len();
            say(format!(
                "size_hint: {:?}",
                map.extract_if(|_, _| false)
                    .size_hint()
                    .1
                    .map(|n| n == before)
            ));
            let odd = sorted(map.extract_if(|k, _| k % 2 == 1));
            say(format!("extract_if odd: {} {:?}", odd.len(), &odd[..3]));
            say(format!("left: {}", map.len() + odd.len() == before));
            let mut shown = 0;
            let mut walk = map.extract_if(|k, v| {
                shown += 1;
                *v += 1;
                *k >= 1000
            });
            let taken: Vec<(u32, u32)> = walk.by_ref().take(3).collect();
            drop(walk);
            say(format!(
                "partial: {} {} {}",
                taken.len(),
                taken.iter().all(|(k, v)| *k >= 1000 && *v == k + 1),
                map.len() + odd.len() + 3 == before
            ));
            say(format!("shown: {}", shown >= 3 && shown <= before));
            let rest = sorted(map.extract_if(|k, _| *k >= 1000)).len();
            say(format!("rest: {rest} {}", map.keys().all(|k| *k < 1000)));
            say(format!("none: {}", map.extract_if(|_, _| false).count()));
            say(format!(
                "after extract_if: {:?}",
                sorted(map.iter().map(|(k, v)| (*k, *v)))
            ));
            let mut empty = <$map>::default();
            say(format!("empty: {}", empty.extract_if(|_, _| true).count()));
        }

        /// The raw occupied entry's methods, and `or_insert` with `&mut K`.
        fn raw_occupied(map: &mut $map, say: &mut impl FnMut(String)) {
            if let RawEntryMut::Occupied(mut entry) = map.raw_entry_mut().from_key(&300) {
                say(format!("RawOccupiedEntryMut: {entry:?}"));
                *entry.key_mut() += 0;
                say(format!("insert_key: {}", entry.insert_key(300)));
                let (key, value) = entry.get_key_value_mut();
                *value += *key;
                say(format!("into_key_value: {:?}", entry.into_key_value()));
            }
            let (key, value) = map.raw_entry_mut().from_key(&305).or_insert(305, 1);
            say(format!("or_insert: {key} {value}"));
            let (key, value) = map
                .raw_entry_mut()
                .from_key(&305)
                .or_insert_with(|| (305, 2));
            *value += 1;
            say(format!("or_insert_with: {key} {value}"));
            if let RawEntryMut::Occupied(entry) = map.raw_entry_mut().from_key(&305) {
                let entry = entry.replace_entry_with(|_, _| None);
                say(format!(
                    "raw replace_entry_with None: {}",
                    matches!(entry, RawEntryMut::Vacant(_))
                ));
            }
            if let RawEntryMut::Occupied(entry) = map.raw_entry_mut().from_key(&304) {
                match entry.replace_entry_with(|k, v| Some(k + v)) {
                    RawEntryMut::Occupied(entry) => {
                        say(format!("raw replace_entry_with: {entry:?}"))
                    }
                    RawEntryMut::Vacant(_) => say("raw replace_entry_with: removed".into()),
                }
            }
            if let RawEntryMut::Occupied(entry) = map.raw_entry_mut().from_key(&304) {
                say(format!("into_key: {}", entry.into_key()));
            }
            let entry = map.raw_entry_mut().from_key(&304).and_modify(|k, v| {
                *k += 0;
                *v += 1;
            });
            if let RawEntryMut::Occupied(entry) = entry {
                say(format!(
                    "and_modify with &mut K: {:?}",
                    entry.get_key_value()
                ));
            }
        }

        /// The raw-entry additions.
        fn raw(map: &mut $map, say: &mut impl FnMut(String)) {
            let entry = map.raw_entry_mut().from_key(&300).insert(300, 3);
            say(format!(
                "RawEntryMut::insert new: {:?}",
                entry.get_key_value()
            ));
            let entry = map.raw_entry_mut().from_key(&300).insert(300, 4);
            say(format!(
                "RawEntryMut::insert existing: {:?}",
                entry.get_key_value()
            ));
            let entry = map
                .raw_entry_mut()
                .from_key(&300)
                .and_modify(|_, v| *v += 1);
            if let RawEntryMut::Occupied(entry) = entry {
                say(format!("and_modify: {:?}", entry.get_key_value()));
            }
            let entry = map
                .raw_entry_mut()
                .from_key(&301)
                .and_modify(|_, v| *v += 1);
            say(format!(
                "and_modify vacant: {}",
                matches!(entry, RawEntryMut::Vacant(_))
            ));
            if let RawEntryMut::Vacant(entry) = map.raw_entry_mut().from_key(&301) {
                let (key, value) = entry.insert(301, 1);
                *value += 1;
                say(format!("RawVacantEntryMut::insert: {key} {value}"));
            }
            let hasher = Hasher::get(map.hasher());
            let hash = hasher.hash_key(&302u32);
            if let RawEntryMut::Vacant(entry) = map.raw_entry_mut().from_hash(hash, |k| *k == 302) {
                let (key, value) = entry.insert_with_hasher(hash, 302, 5, |k| hasher.hash_key(k));
                say(format!("insert_with_hasher: {key} {value}"));
            }
            say(format!("insert_with_hasher found: {:?}", map.get(&302)));
            if let RawEntryMut::Vacant(entry) = map.raw_entry_mut().from_key(&303) {
                let (key, value) = entry.insert_hashed_nocheck(hasher.hash_key(&303u32), 303, 6);
                say(format!("insert_hashed_nocheck: {key} {value}"));
            }
            if let Entry::Vacant(entry) = map.entry(304) {
                say(format!(
                    "VacantEntry::insert_entry: {:?}",
                    entry.insert_entry(7)
                ));
            }
            raw_occupied(map, say);
            say(format!(
                "after raw: {:?}",
                sorted(map.iter().map(|(k, v)| (*k, *v)))
            ));
        }
    };
}

/// Defines `entry_ref_script`, for maps of `String` keys looked up by `&str`.
macro_rules! entry_ref_script {
    ($map:ty) => {
        pub fn entry_ref_script(mut map: $map) -> Vec<String> {
            let mut log = Vec::new();
            *map.entry_ref("a").or_insert(1) += 10;
            *map.entry_ref("a").or_insert(1) += 10;
            log.push(format!("or_insert: {:?}", map.get("a")));
            log.push(format!(
                "or_insert_with: {}",
                map.entry_ref("b").or_insert_with(|| 2)
            ));
            let with_key = map
                .entry_ref("ccc")
                .or_insert_with_key(|k| u32::try_from(k.len()).unwrap());
            log.push(format!("or_insert_with_key: {with_key}"));
            log.push(format!("or_default: {}", map.entry_ref("d").or_default()));
            log.push(format!(
                "or_default_entry: {:?}",
                map.entry_ref("e").or_default_entry()
            ));
            log.push(format!("insert new: {:?}", map.entry_ref("f").insert(6)));
            log.push(format!(
                "insert existing: {:?}",
                map.entry_ref("f").insert(7)
            ));
            let entry = map.entry_ref("a").and_modify(|v| *v += 1);
            log.push(format!("and_modify: {entry:?} key {}", entry.key()));
            let entry = map.entry_ref("z").and_modify(|v| *v += 1);
            log.push(format!("and_modify vacant: {entry:?} key {}", entry.key()));
            if let EntryRef::Vacant(entry) = map.entry_ref("g") {
                log.push(format!("vacant key: {}", entry.key()));
                log.push(format!(
                    "insert_with_key: {}",
                    entry.insert_with_key("g".into(), 8)
                ));
            }
            if let EntryRef::Vacant(entry) = map.entry_ref("h") {
                log.push(format!("insert_entry: {:?}", entry.insert_entry(9)));
            }
            if let EntryRef::Vacant(entry) = map.entry_ref("i") {
                log.push(format!("VacantEntryRef::insert: {}", entry.insert(10)));
            }
            let wrong = catch_unwind(AssertUnwindSafe(|| {
                if let EntryRef::Vacant(entry) = map.entry_ref("j") {
                    entry.insert_with_key("not j".into(), 0);
                }
            }));
            log.push(format!(
                "insert_with_key of another key panics: {}",
                wrong.is_err()
            ));
            let mut entries: Vec<(String, u32)> =
                map.iter().map(|(k, v)| (k.clone(), *v)).collect();
            entries.sort_unstable();
            log.push(format!("final: {entries:?}"));
            log
        }
    };
}

mod on_ffi {
    use super::{catch_unwind, sorted, AssertUnwindSafe, FfiMap, Hasher};
    use ffi_map::{Entry, EntryRef, RawEntryMut};
    script!(FfiMap<u32, u32>);
    entry_ref_script!(FfiMap<String, u32>);
}
mod on_hashbrown {
    use super::{catch_unwind, sorted, AssertUnwindSafe, Hasher, MapHasher};
    use hashbrown::hash_map::{Entry, EntryRef, RawEntryMut};
    script!(hashbrown::HashMap<u32, u32, MapHasher>);
    entry_ref_script!(hashbrown::HashMap<String, u32, MapHasher>);
}

#[test]
fn ffi_map_does_what_hashbrown_does() {
    let expected = on_hashbrown::script(hashbrown::HashMap::default());
    for scenario in Scenario::all() {
        let seen = on_ffi::script(scenario.map());
        for (line, (seen, expected)) in seen.iter().zip(&expected).enumerate() {
            assert_eq!(seen, expected, "{scenario:?}, line {line}");
        }
        assert_eq!(seen.len(), expected.len(), "{scenario:?}");
    }
}

#[test]
fn entry_ref_does_what_hashbrowns_does() {
    let expected = on_hashbrown::entry_ref_script(hashbrown::HashMap::default());
    for scenario in Scenario::all_with_str_lookups() {
        assert_eq!(
            on_ffi::entry_ref_script(scenario.string_map()),
            expected,
            "{scenario:?}"
        );
    }
}
