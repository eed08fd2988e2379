//! Maps fed the same operations as the model, checked after every one.

use std::collections::HashMap;

use arbitrary::Arbitrary;
use ffi_value::FfiMap;

use super::ops::{apply_map, apply_model, sorted, Op};
use super::types::{Key, Val};

/// The seed of the maps of [`map_cross_backend`](super::map_cross_backend) with another hasher
/// than the default: fixed, so that an input always makes the same maps (the same iteration
/// order and collisions) and a failure replays.
pub(crate) const OTHER_SEED: u64 = 0x2545_f491_4f6c_dd1d;

/// How a map is made: its flavor (backend, hasher, native or vtable use; `ffi-map`'s
/// `Arbitrary`, which reads a seed from the input for a hasher other than the default) and
/// its initial capacity.
#[derive(Arbitrary, Debug, Clone)]
pub(crate) struct Flavor {
    pub flavor: ffi_map::Flavor,
    pub capacity: u8,
}

impl Flavor {
    /// An empty map of this flavor.
    pub fn build<K: Key, V>(&self) -> FfiMap<K, V> {
        let map = self.flavor.empty_map(usize::from(self.capacity));
        self.flavor.finish(map)
    }
}

/// The model and the maps under test, each with a name for messages.
pub(crate) struct Harness<K, V> {
    pub model: HashMap<K, V>,
    pub maps: Vec<(String, FfiMap<K, V>)>,
}

impl<K: Key, V: Val> Harness<K, V> {
    /// Empty maps of the given flavors.
    pub fn new(flavors: &[Flavor]) -> Self {
        Self::with_maps(
            flavors
                .iter()
                .map(|f| (format!("{f:?}"), f.build()))
                .collect(),
        )
    }

    /// The given empty maps.
    pub fn with_maps(maps: Vec<(String, FfiMap<K, V>)>) -> Self {
        Self {
            model: HashMap::new(),
            maps,
        }
    }

    /// Applies `op` to every map and the model; panics if a map answers otherwise than the
    /// model, or ends up with other entries, or unequal to another map.
    pub fn run(&mut self, op: &Op) {
        let outcomes: Vec<_> = self
            .maps
            .iter_mut()
            .map(|(_, map)| apply_map(map, op, &self.model))
            .collect();
        let expected = apply_model(&mut self.model, op);
        for ((name, map), got) in self.maps.iter().zip(outcomes) {
            assert_eq!(got, expected, "{op:?} on the map {name}");
            check_same(map, &self.model, name);
        }
        if let Some(((first_name, first), rest)) = self.maps.split_first() {
            for (name, map) in rest {
                // Both ways: each side's `eq` runs through its own vtable.
                for (a, b) in [(first, map), (map, first)] {
                    assert!(a == b, "{first_name} != {name} after {op:?}");
                }
            }
        }
    }
}

/// Panics unless `map` holds exactly `model`'s entries.
pub(crate) fn check_same<K: Key, V: Val>(map: &FfiMap<K, V>, model: &HashMap<K, V>, name: &str) {
    assert_eq!(map.len(), model.len(), "len of the map {name}");
    assert_eq!(
        map.is_empty(),
        model.is_empty(),
        "is_empty of the map {name}"
    );
    assert_eq!(
        sorted(map.iter()),
        sorted(model.iter()),
        "entries of the map {name}"
    );
    for (k, v) in model {
        assert_eq!(map.get(k), Some(v), "get({k:?}) on the map {name}");
    }
}
