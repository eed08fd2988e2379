//! What the tests share: the ways a map can be built and used.

#![allow(dead_code)] // each test file uses a part

use core::hash::Hash;

use ffi_map::{Backend, FfiMap};

/// One way to build and use a map: its backend, and whether this process uses it natively or
/// only through its vtable, as a library other than the one that built it does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scenario {
    pub backend: Backend,
    pub vtable_only: bool,
    /// For string-keyed maps: made with `with_str_lookups`, so that `&str` look-ups through
    /// the vtable compare keys in the map's own code.
    pub str_lookups: bool,
}

impl Scenario {
    /// Every scenario this build can run: each compiled-in backend, native and through the
    /// vtable.
    pub fn all() -> Vec<Self> {
        [Backend::Halfbrown, Backend::Hashbrown]
            .into_iter()
            .filter(|b| b.is_available())
            .flat_map(|backend| {
                [false, true].map(|vtable_only| Self {
                    backend,
                    vtable_only,
                    str_lookups: false,
                })
            })
            .collect()
    }

    /// [`Scenario::all`], and each again with `str_lookups`, for string-keyed maps.
    pub fn all_with_str_lookups() -> Vec<Self> {
        Self::all()
            .into_iter()
            .flat_map(|s| {
                [
                    s,
                    Self {
                        str_lookups: true,
                        ..s
                    },
                ]
            })
            .collect()
    }

    /// An empty string-keyed map of this scenario.
    pub fn string_map<V>(self) -> FfiMap<String, V> {
        let map = FfiMap::with_backend(self.backend).expect("scenarios use available backends");
        self.prepare(if self.str_lookups {
            map.with_str_lookups()
        } else {
            map
        })
    }

    /// An empty map of this scenario.
    pub fn map<K: Hash + Eq, V>(self) -> FfiMap<K, V> {
        self.prepare(FfiMap::with_backend(self.backend).expect("scenarios use available backends"))
    }

    /// `map`, used as this scenario says.
    pub fn prepare<K: Hash + Eq, V>(self, map: FfiMap<K, V>) -> FfiMap<K, V> {
        assert_eq!(map.backend(), self.backend);
        let map = if self.vtable_only {
            map.into_vtable_dispatch()
        } else {
            map
        };
        assert_eq!(map.is_native(), !self.vtable_only);
        map
    }
}
