//! `FfiMap` operation sequences against a `std` `HashMap` model.

mod harness;
mod known_key;
mod ops;
mod types;

use arbitrary::{Arbitrary, Unstructured};
use ffi_value::{Backend, FfiCowStr, MapHasher, Value};

use harness::{Flavor, Harness, OTHER_SEED};
use known_key::{check_known_keys, KnownOp};
use ops::Op;
use types::{Key, Val};

/// The input of [`map_model`].
#[derive(Arbitrary, Debug)]
struct ModelInput {
    /// `String` keys, else `u8` keys.
    string_keys: bool,
    flavor: Flavor,
    ops: Vec<Op>,
}

/// Checks one [`FfiMap`](ffi_value::FfiMap) (`u8` or `String` keys, `u16` values; its
/// backend, hasher seed, capacity and whether it is used through its vtable chosen by the
/// input) against a `std` `HashMap` fed the same operations: every operation answers as the
/// model's does, and the map holds the model's entries after each one.
///
/// # Panics
/// When the map and the model differ.
pub fn map_model(data: &[u8]) {
    let Ok(input) = ModelInput::arbitrary_take_rest(Unstructured::new(data)) else {
        return;
    };
    if input.string_keys {
        run::<String, u16>(Harness::new(&[input.flavor]), &input.ops);
    } else {
        run::<u8, u16>(Harness::new(&[input.flavor]), &input.ops);
    }
}

/// Feeds `ops` to the harness' maps and model.
fn run<K: Key, V: Val>(mut harness: Harness<K, V>, ops: &[Op]) -> Harness<K, V> {
    for op in ops {
        harness.run(op);
    }
    harness
}

/// The input of [`map_cross_backend`].
#[derive(Arbitrary, Debug)]
struct CrossInput {
    capacity: u8,
    ops: Vec<Op>,
    known: Vec<KnownOp>,
}

/// Checks maps of both backends, each native and through its vtable, with the fixed hasher
/// and one of another seed, one with the `&str` look-up fast path (keys are `FfiCowStr`,
/// values `Value`s, as in objects), fed the same operations: each answers as the `std`
/// `HashMap` model does and all stay equal to each other. Then wraps them in [`Value`]s and
/// does the same with [`KnownKey`](ffi_value::KnownKey) operations (whose memoized hash is
/// rehashed for the maps of another seed), also on a value that is not an object.
///
/// # Panics
/// When the maps, the values or the model differ.
pub fn map_cross_backend(data: &[u8]) {
    let Ok(input) = CrossInput::arbitrary_take_rest(Unstructured::new(data)) else {
        return;
    };
    let flavor = |hashbrown, other_seed, vtable_dispatch| Flavor {
        flavor: ffi_map::Flavor {
            backend: if hashbrown {
                Backend::Hashbrown
            } else {
                Backend::Halfbrown
            },
            hasher: if other_seed {
                MapHasher::with_seed(OTHER_SEED)
            } else {
                MapHasher::fixed()
            },
            vtable_dispatch,
        },
        capacity: input.capacity,
    };
    let mut maps: Vec<(String, ffi_value::Object<'static>)> = [
        flavor(false, false, false),
        flavor(false, false, true),
        flavor(true, false, false),
        flavor(true, false, true),
        flavor(false, true, false),
        flavor(true, true, true),
    ]
    .iter()
    .map(|f| (format!("{f:?}"), f.build()))
    .collect();
    for hashbrown in [false, true] {
        let map = flavor(hashbrown, false, false).build::<FfiCowStr<'static>, Value<'static>>();
        maps.push((
            format!("str look-ups, hashbrown: {hashbrown}"),
            map.with_str_lookups().into_vtable_dispatch(),
        ));
    }
    let harness = run(Harness::with_maps(maps), &input.ops);
    check_known_keys(harness.maps, harness.model, &input.known);
}
