//! Compares [`FfiMap`] with the native maps it wraps, and with `std`'s map and `abi_stable`'s
//! `RHashMap`, on operations shaped like a Tremor log event: five look-ups, building a map of
//! thirteen keys, iterating, and look-ups with a memoized hash.
//!
//! `ffi-halfbrown` and `ffi-hashbrown` are maps used by the library that built them (the native
//! path); the `-vtable` contenders go through the map's vtable, as a plugin in another shared
//! library would. Run with `cargo bench -p ffi-map --features hashbrown --bench map`.

use std::collections::HashMap as StdMap;
use std::hash::BuildHasher;
use std::hint::black_box;
use std::time::Duration;

use abi_stable::std_types::{RHashMap, RString};
use criterion::measurement::WallTime;
use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkGroup, Criterion};
use ffi_map::{Backend, FfiMap};
use foldhash::fast::FixedState;

type Brown = hashbrown::HashMap<String, u64, FixedState>;
type Half = halfbrown::HashMap<String, u64, FixedState>;
type Ffi = FfiMap<String, u64>;

/// The keys of a Tremor log event; 10-key maps use the first ten.
const EVENT_KEYS: [&str; 13] = [
    "about",
    "guid",
    "abool",
    "aint",
    "short_message",
    "tags",
    "array",
    "index_type",
    "logger_name",
    "syslog_hostname",
    "application",
    "type",
    "doc-type",
];

/// The keys looked up: present in maps of 10 and of 100 keys.
const LOOKUPS: [&str; 5] = [
    "short_message",
    "aint",
    "syslog_hostname",
    "tags",
    "logger_name",
];

/// `n` keys: the event's, then `key_13`, `key_14`...
fn keys(n: usize) -> Vec<String> {
    EVENT_KEYS
        .iter()
        .map(|k| (*k).to_string())
        .chain((EVENT_KEYS.len()..).map(|i| format!("key_{i}")))
        .take(n)
        .collect()
}

/// What every contender offers the benchmarks.
trait BenchMap {
    /// The key type stored; built from a `String` outside the timed code.
    type Key;
    fn key(s: String) -> Self::Key;
    fn put(&mut self, key: Self::Key, value: u64);
    fn get(&self, key: &str) -> Option<&u64>;
    fn sum(&self) -> u64;
    /// The hash of `key` to memoize, for maps with a raw-entry API.
    fn memo_hash(&self, _key: &str) -> Option<u64> {
        None
    }
    /// The look-up by a hash from [`BenchMap::memo_hash`].
    fn get_hashed(&self, _hash: u64, key: &str) -> Option<&u64> {
        self.get(key)
    }
}

impl BenchMap for StdMap<String, u64> {
    type Key = String;
    fn key(s: String) -> String {
        s
    }
    fn put(&mut self, key: String, value: u64) {
        self.insert(key, value);
    }
    fn get(&self, key: &str) -> Option<&u64> {
        StdMap::get(self, key)
    }
    fn sum(&self) -> u64 {
        self.values().sum()
    }
}

impl BenchMap for RHashMap<RString, u64> {
    type Key = RString;
    fn key(s: String) -> RString {
        s.into()
    }
    fn put(&mut self, key: RString, value: u64) {
        self.insert(key, value);
    }
    fn get(&self, key: &str) -> Option<&u64> {
        RHashMap::get(self, key)
    }
    fn sum(&self) -> u64 {
        self.values().sum()
    }
}

/// Implements [`BenchMap`] for a map with hashbrown's API and raw entries.
macro_rules! raw_entry_map {
    ($map:ty) => {
        impl BenchMap for $map {
            type Key = String;
            fn key(s: String) -> String {
                s
            }
            fn put(&mut self, key: String, value: u64) {
                self.insert(key, value);
            }
            fn get(&self, key: &str) -> Option<&u64> {
                <$map>::get(self, key)
            }
            fn sum(&self) -> u64 {
                self.values().sum()
            }
            fn memo_hash(&self, key: &str) -> Option<u64> {
                Some(self.hasher().hash_one(key))
            }
            fn get_hashed(&self, hash: u64, key: &str) -> Option<&u64> {
                self.raw_entry()
                    .from_key_hashed_nocheck(hash, key)
                    .map(|(_, v)| v)
            }
        }
    };
}
raw_entry_map!(Brown);
raw_entry_map!(Half);

impl BenchMap for Ffi {
    type Key = String;
    fn key(s: String) -> String {
        s
    }
    fn put(&mut self, key: String, value: u64) {
        self.insert(key, value);
    }
    fn get(&self, key: &str) -> Option<&u64> {
        FfiMap::get(self, key)
    }
    fn sum(&self) -> u64 {
        self.values().sum()
    }
    fn memo_hash(&self, key: &str) -> Option<u64> {
        Some(self.hash_key(key))
    }
    fn get_hashed(&self, hash: u64, key: &str) -> Option<&u64> {
        self.raw_entry()
            .from_key_hashed_nocheck(hash, key)
            .map(|(_, v)| v)
    }
}

/// An empty `FfiMap` of `backend` with `&str` look-ups (as `ffi-value` makes its objects),
/// used natively or only through its vtable.
fn ffi(backend: Backend, vtable: bool) -> Ffi {
    let map = Ffi::with_backend(backend)
        .expect("both backends are compiled in")
        .with_str_lookups();
    let map = if vtable {
        map.into_vtable_dispatch()
    } else {
        map
    };
    assert_eq!(map.is_native(), !vtable);
    map
}

/// Something run once per contender, with the contender's name and constructor.
trait Visit {
    fn visit<M: BenchMap>(&mut self, name: &str, new: fn() -> M);
}

/// Calls `v` with every contender.
fn for_each_contender(v: &mut impl Visit) {
    v.visit("std", StdMap::default);
    v.visit("hashbrown", Brown::default);
    v.visit("halfbrown", Half::default);
    v.visit("rhashmap", RHashMap::new);
    v.visit("ffi-halfbrown", || ffi(Backend::Halfbrown, false));
    v.visit("ffi-hashbrown", || ffi(Backend::Hashbrown, false));
    v.visit("ffi-halfbrown-vtable", || ffi(Backend::Halfbrown, true));
    v.visit("ffi-hashbrown-vtable", || ffi(Backend::Hashbrown, true));
}

/// The work measured in a group.
#[derive(Clone, Copy)]
enum Work {
    Get5,
    Insert13,
    Iter100,
    Get5Memoized,
}

/// One criterion group, run over every contender (that supports its work).
struct Contenders<'c> {
    group: BenchmarkGroup<'c, WallTime>,
    work: Work,
    keys: Vec<String>,
}

/// A map made by `new` with `keys`, the i-th key mapped to `i`.
fn filled<M: BenchMap>(new: fn() -> M, keys: &[String]) -> M {
    let mut map = new();
    for (key, value) in keys.iter().zip(0..) {
        map.put(M::key(key.clone()), value);
    }
    map
}

impl Visit for Contenders<'_> {
    fn visit<M: BenchMap>(&mut self, name: &str, new: fn() -> M) {
        let map = filled(new, &self.keys);
        assert!(LOOKUPS.iter().all(|k| map.get(k).is_some()));
        match self.work {
            Work::Get5 => {
                self.group.bench_function(name, |b| {
                    b.iter(|| {
                        for key in LOOKUPS {
                            black_box(map.get(black_box(key)));
                        }
                    });
                });
            }
            Work::Get5Memoized => {
                let Some(hashed) = LOOKUPS
                    .iter()
                    .map(|k| Some((map.memo_hash(k)?, *k)))
                    .collect::<Option<Vec<_>>>()
                else {
                    return; // no raw-entry API
                };
                assert!(hashed
                    .iter()
                    .all(|&(h, k)| map.get_hashed(h, k) == map.get(k)));
                self.group.bench_function(name, |b| {
                    b.iter(|| {
                        for &(hash, key) in &hashed {
                            black_box(map.get_hashed(black_box(hash), black_box(key)));
                        }
                    });
                });
            }
            Work::Insert13 => {
                self.group.bench_function(name, |b| {
                    b.iter_batched(
                        || self.keys.iter().cloned().map(M::key).collect::<Vec<_>>(),
                        |keys| {
                            let mut map = new();
                            for (key, value) in keys.into_iter().zip(0..) {
                                map.put(key, value);
                            }
                            map // dropped outside the timing
                        },
                        BatchSize::SmallInput,
                    );
                });
            }
            Work::Iter100 => {
                let expected = map.sum();
                assert_eq!(expected, (0..self.keys.len() as u64).sum::<u64>());
                self.group
                    .bench_function(name, |b| b.iter(|| black_box(&map).sum()));
            }
        }
    }
}

/// Runs `work` on maps of `n` keys in the group `name`.
fn group(c: &mut Criterion, name: &str, work: Work, n: usize) {
    let mut g = Contenders {
        group: c.benchmark_group(name),
        work,
        keys: keys(n),
    };
    for_each_contender(&mut g);
    g.group.finish();
}

fn benches(c: &mut Criterion) {
    group(c, "get5/10keys", Work::Get5, 10);
    group(c, "get5/100keys", Work::Get5, 100);
    group(c, "insert13", Work::Insert13, 13);
    group(c, "iter100", Work::Iter100, 100);
    group(c, "get5_memoized/10keys", Work::Get5Memoized, 10);
    group(c, "get5_memoized/100keys", Work::Get5Memoized, 100);
}

/// The harness; a private module, as `criterion_group!` makes an undocumented `pub fn`.
mod harness {
    use super::{benches, criterion_group, Criterion, Duration};

    criterion_group! {
        name = map;
        config = Criterion::default()
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(2));
        targets = benches
    }
}
criterion_main!(harness::map);
