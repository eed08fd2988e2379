//! The contenders of the map benchmarks (`map.rs` by time, `instructions.rs` by instruction
//! count) and the work they do: operations shaped like a Tremor log event on [`FfiMap`], the
//! native maps it wraps, `std`'s map and `abi_stable`'s `RHashMap`.
//!
//! `ffi-halfbrown` and `ffi-hashbrown` are maps used by the library that built them (the native
//! path); the `-vtable` contenders go through the map's vtable, as a plugin in another shared
//! library would.

use std::collections::HashMap as StdMap;
use std::hash::BuildHasher;

use abi_stable::std_types::{RHashMap, RString};
use ffi_map::{Backend, FfiMap, HasherId};
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
pub const LOOKUPS: [&str; 5] = [
    "short_message",
    "aint",
    "syslog_hostname",
    "tags",
    "logger_name",
];

/// `n` keys: the event's, then `key_13`, `key_14`...
pub fn keys(n: usize) -> Vec<String> {
    EVENT_KEYS
        .iter()
        .map(|k| (*k).to_string())
        .chain((EVENT_KEYS.len()..).map(|i| format!("key_{i}")))
        .take(n)
        .collect()
}

/// A key's memoized hash and the identity of the hasher that made it, as a known key keeps
/// them (`ffi-value`'s `KnownKey`): only [`FfiMap`] checks the identity.
#[derive(Clone, Copy)]
pub struct Memo {
    /// The hasher's identity ([`HasherId::DEFAULT`] for the native maps, which ignore it).
    pub hasher: HasherId,
    /// The key's hash under that hasher.
    pub hash: u64,
}

/// What every contender offers the benchmarks. Every implementation of `put`, `get`, `sum` and
/// `get_hashed` is `#[inline]`, so that each contender's operation is inlined into the counted
/// loop as far as its own code lets it be: the native maps are compared as a caller's code
/// gets them (not inlined, halfbrown's 10-key `get` cost 545 instructions for 5 instead of 440).
pub trait BenchMap {
    /// The key type stored; built from a `String` outside the timed code.
    type Key;
    fn key(s: String) -> Self::Key;
    fn put(&mut self, key: Self::Key, value: u64);
    fn get(&self, key: &str) -> Option<&u64>;
    fn sum(&self) -> u64;
    /// The hash of `key` to memoize, for maps with a raw-entry API.
    fn memo_hash(&self, _key: &str) -> Option<Memo> {
        None
    }
    /// The look-up by a hash from [`BenchMap::memo_hash`]: the raw-entry look-up with a
    /// precomputed hash of a native map, `get_key_value_memoized` (what known keys use) of an
    /// [`FfiMap`].
    #[inline]
    fn get_hashed(&self, _memo: &Memo, key: &str) -> Option<&u64> {
        self.get(key)
    }
}

impl BenchMap for StdMap<String, u64> {
    type Key = String;
    fn key(s: String) -> String {
        s
    }
    #[inline]
    fn put(&mut self, key: String, value: u64) {
        self.insert(key, value);
    }
    #[inline]
    fn get(&self, key: &str) -> Option<&u64> {
        StdMap::get(self, key)
    }
    #[inline]
    fn sum(&self) -> u64 {
        self.values().sum()
    }
}

impl BenchMap for RHashMap<RString, u64> {
    type Key = RString;
    fn key(s: String) -> RString {
        s.into()
    }
    #[inline]
    fn put(&mut self, key: RString, value: u64) {
        self.insert(key, value);
    }
    #[inline]
    fn get(&self, key: &str) -> Option<&u64> {
        RHashMap::get(self, key)
    }
    #[inline]
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
            #[inline]
            fn put(&mut self, key: String, value: u64) {
                self.insert(key, value);
            }
            #[inline]
            fn get(&self, key: &str) -> Option<&u64> {
                <$map>::get(self, key)
            }
            #[inline]
            fn sum(&self) -> u64 {
                self.values().sum()
            }
            fn memo_hash(&self, key: &str) -> Option<Memo> {
                Some(Memo {
                    hasher: HasherId::DEFAULT,
                    hash: self.hasher().hash_one(key),
                })
            }
            #[inline]
            fn get_hashed(&self, memo: &Memo, key: &str) -> Option<&u64> {
                self.raw_entry()
                    .from_key_hashed_nocheck(memo.hash, key)
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
    #[inline]
    fn put(&mut self, key: String, value: u64) {
        self.insert(key, value);
    }
    #[inline]
    fn get(&self, key: &str) -> Option<&u64> {
        FfiMap::get(self, key)
    }
    #[inline]
    fn sum(&self) -> u64 {
        self.values().sum()
    }
    fn memo_hash(&self, key: &str) -> Option<Memo> {
        Some(Memo {
            hasher: self.hasher_id(),
            hash: self.hash_key(key),
        })
    }
    #[inline]
    fn get_hashed(&self, memo: &Memo, key: &str) -> Option<&u64> {
        self.get_key_value_memoized(memo.hasher, memo.hash, key)
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
pub trait Visit {
    fn visit<M: BenchMap>(&mut self, name: &str, new: fn() -> M);
}

/// Calls `v` with every contender.
pub fn for_each_contender(v: &mut impl Visit) {
    v.visit("std", StdMap::default);
    v.visit("hashbrown", Brown::default);
    v.visit("halfbrown", Half::default);
    v.visit("rhashmap", RHashMap::new);
    v.visit("ffi-halfbrown", || ffi(Backend::Halfbrown, false));
    v.visit("ffi-hashbrown", || ffi(Backend::Hashbrown, false));
    v.visit("ffi-halfbrown-vtable", || ffi(Backend::Halfbrown, true));
    v.visit("ffi-hashbrown-vtable", || ffi(Backend::Hashbrown, true));
}

/// The work measured, each a group of the benchmarks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Work {
    /// Five look-ups of present keys, in a map of `n` keys.
    Get5(usize),
    /// Five look-ups with memoized hashes (maps with a raw-entry API only).
    Get5Memoized(usize),
    /// A new map, thirteen inserts, and its drop (instructions) or not (time).
    Insert13,
    /// The sum of the values of a 100-entry map.
    Iter100,
}

impl Work {
    /// Every work, in report order.
    pub const ALL: [Self; 6] = [
        Self::Get5(10),
        Self::Get5(100),
        Self::Get5Memoized(10),
        Self::Get5Memoized(100),
        Self::Insert13,
        Self::Iter100,
    ];

    /// The group's name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Get5(10) => "get5/10keys",
            Self::Get5(_) => "get5/100keys",
            Self::Get5Memoized(10) => "get5_memoized/10keys",
            Self::Get5Memoized(_) => "get5_memoized/100keys",
            Self::Insert13 => "insert13",
            Self::Iter100 => "iter100",
        }
    }

    /// How many keys the work's map holds.
    pub fn keys(self) -> usize {
        match self {
            Self::Get5(n) | Self::Get5Memoized(n) => n,
            Self::Insert13 => 13,
            Self::Iter100 => 100,
        }
    }
}

/// A map made by `new` with `keys`, the i-th key mapped to `i`.
pub fn filled<M: BenchMap>(new: fn() -> M, keys: &[String]) -> M {
    let mut map = new();
    for (key, value) in keys.iter().zip(0..) {
        map.put(M::key(key.clone()), value);
    }
    map
}

/// The memoized hashes of [`LOOKUPS`] in `map`, checked to find what plain look-ups find;
/// `None` for a map without a raw-entry API.
pub fn memoized<M: BenchMap>(map: &M) -> Option<Vec<(Memo, &'static str)>> {
    let hashed = LOOKUPS
        .iter()
        .map(|k| Some((map.memo_hash(k)?, *k)))
        .collect::<Option<Vec<_>>>()?;
    assert!(hashed
        .iter()
        .all(|(h, k)| map.get_hashed(h, k) == map.get(k)));
    Some(hashed)
}
