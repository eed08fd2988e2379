//! [proptest](https://docs.rs/proptest) strategies for [`FfiMap`]s of every [`Flavor`]
//! (cargo feature `proptest`).
//!
//! [`map`] is `proptest::collection::hash_map` for [`FfiMap`]: maps of the default flavor
//! with entries from a key and a value strategy. [`map_with`] takes a set of [`Flavors`] to
//! pick from, so that one property runs on maps of each compiled-in backend, of another hasher
//! seed, and used through their vtable as another library's maps are. `FfiMap` implements
//! [`Arbitrary`] too.
//!
//! ```
//! use ffi_map::proptest::{map, map_with, Flavors};
//! use ffi_map::FfiMap;
//! use proptest::prelude::*;
//!
//! /// The code under test: sums a map's values.
//! fn total(map: &FfiMap<String, u32>) -> u64 {
//!     map.values().map(|&v| u64::from(v)).sum()
//! }
//!
//! proptest! {
//!     // In a test file, each of these has `#[test]`.
//!     fn total_is_the_sum_of_the_entries(m in map("[a-z]{1,4}", any::<u32>(), 0..16)) {
//!         prop_assert_eq!(total(&m), m.iter().map(|(_, &v)| u64::from(v)).sum::<u64>());
//!     }
//!
//!     fn every_flavor_answers_alike(m in map_with(any::<u8>(), any::<u8>(), 0..40, &Flavors::all())) {
//!         let copy: FfiMap<u8, u8> = m.iter().map(|(&k, &v)| (k, v)).collect();
//!         prop_assert_eq!(&m, &copy);
//!     }
//! }
//! # total_is_the_sum_of_the_entries();
//! # every_flavor_answers_alike();
//! ```
//!
//! Failing cases print a map's entries, not its flavor: to see it, print
//! [`Flavor::of`]`(&map)` in the test.

use core::fmt::Debug;
use core::hash::Hash;

use ::proptest::arbitrary::{any_with, Arbitrary};
use ::proptest::collection::{vec, SizeRange};
use ::proptest::sample::select;
use ::proptest::strategy::{BoxedStrategy, Strategy};

use crate::{Backend, FfiMap, Flavor, MapHasher};

/// The seed of the second hasher of [`Flavors::all`]: fixed, so that a failing case replays
/// with the same iteration order and collisions.
///
/// ```
/// use ffi_map::proptest::{map_with, Flavors, ANOTHER_SEED};
/// use ffi_map::{HasherId, MapHasher};
/// use proptest::prelude::*;
/// proptest!(|(m in map_with(any::<u8>(), any::<u8>(), 1..4, &Flavors::all()))| {
///     let id = m.hasher_id();
///     prop_assert!(id == HasherId::DEFAULT || id == MapHasher::with_seed(ANOTHER_SEED).id());
/// });
/// ```
pub const ANOTHER_SEED: u64 = 0x2545_f491_4f6c_dd1d;

/// How generated maps are used: natively, through their vtable, or either.
///
/// ```
/// use ffi_map::proptest::{Dispatch, Flavors};
/// let flavors = Flavors::new().dispatch(Dispatch::Vtable);
/// # let _ = flavors;
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Dispatch {
    /// Natively, as the library that built a map uses it.
    #[default]
    Native,
    /// Only through the vtable, as every other library uses a map.
    Vtable,
    /// Either (shrinking towards native).
    Either,
}

/// The set of [`Flavor`]s generated maps are drawn from: backends × hashers × dispatch.
///
/// [`Flavors::new`] (the default) is the flavor of [`FfiMap::new`] alone; [`Flavors::all`]
/// is every compiled-in backend, the default hasher and one of another seed, natively and
/// through the vtable. Shrinking goes towards the first backend and hasher and towards native
/// dispatch.
///
/// ```
/// use ffi_map::proptest::{Dispatch, Flavors};
/// use ffi_map::{Backend, MapHasher};
/// use proptest::prelude::*;
///
/// let flavors = Flavors::new()
///     .backends([Backend::DEFAULT])
///     .hashers([MapHasher::fixed(), MapHasher::with_seed(1)])
///     .dispatch(Dispatch::Either);
/// proptest!(|(flavor in flavors.strategy())| {
///     prop_assert_eq!(flavor.backend, Backend::DEFAULT);
///     let seed = flavor.hasher.id().seed;
///     prop_assert!(seed == 1 || seed == MapHasher::fixed().id().seed);
/// });
/// ```
#[derive(Clone, Debug)]
pub struct Flavors {
    backends: Vec<Backend>,
    hashers: Vec<MapHasher>,
    dispatch: Dispatch,
}

impl Default for Flavors {
    /// [`Flavors::new`].
    fn default() -> Self {
        Self::new()
    }
}

impl Flavors {
    /// Only [`Flavor::DEFAULT`], the flavor of [`FfiMap::new`].
    ///
    /// ```
    /// use ffi_map::proptest::Flavors;
    /// use ffi_map::Flavor;
    /// use proptest::prelude::*;
    /// proptest!(|(flavor in Flavors::new().strategy())| prop_assert_eq!(flavor, Flavor::DEFAULT));
    /// ```
    #[must_use]
    pub fn new() -> Self {
        Self {
            backends: vec![Backend::DEFAULT],
            hashers: vec![MapHasher::fixed()],
            dispatch: Dispatch::Native,
        }
    }

    /// Every compiled-in backend (the default first), the default hasher and one seeded with
    /// [`ANOTHER_SEED`], each natively and through the vtable.
    ///
    /// ```
    /// use ffi_map::proptest::Flavors;
    /// use proptest::prelude::*;
    /// proptest!(|(flavor in Flavors::all().strategy())| prop_assert!(flavor.backend.is_available()));
    /// ```
    #[must_use]
    pub fn all() -> Self {
        let mut backends = vec![Backend::DEFAULT];
        backends.extend(
            [Backend::Halfbrown, Backend::Hashbrown]
                .into_iter()
                .filter(|b| b.is_available() && *b != Backend::DEFAULT),
        );
        Self {
            backends,
            hashers: vec![MapHasher::fixed(), MapHasher::with_seed(ANOTHER_SEED)],
            dispatch: Dispatch::Either,
        }
    }

    /// Draws the backend from `backends` (shrinking towards the first).
    ///
    /// # Panics
    /// If `backends` is empty or names a backend this build lacks ([`Backend::is_available`]):
    /// enable its cargo feature.
    ///
    /// ```
    /// use ffi_map::proptest::{map_with, Flavors};
    /// use ffi_map::Backend;
    /// use proptest::prelude::*;
    /// let only_default = Flavors::new().backends([Backend::DEFAULT]);
    /// proptest!(|(m in map_with(any::<u8>(), any::<u8>(), 0..4, &only_default))| {
    ///     prop_assert_eq!(m.backend(), Backend::DEFAULT);
    /// });
    /// ```
    #[must_use]
    pub fn backends(mut self, backends: impl IntoIterator<Item = Backend>) -> Self {
        self.backends = backends.into_iter().collect();
        assert!(!self.backends.is_empty(), "Flavors::backends: no backend");
        if let Some(missing) = self.backends.iter().find(|b| !b.is_available()) {
            panic!(
                "Flavors::backends: the {missing} backend is not compiled in: enable ffi-map's \
                 `{missing}` cargo feature"
            );
        }
        self
    }

    /// Draws the hasher from `hashers` (shrinking towards the first). A
    /// [`MapHasher::random`] hasher is drawn once, here: its seed stays the same through a run
    /// but not from run to run, so a failing case may not replay; prefer fixed seeds.
    ///
    /// # Panics
    /// If `hashers` is empty.
    ///
    /// ```
    /// use ffi_map::proptest::{map_with, Flavors};
    /// use ffi_map::MapHasher;
    /// use proptest::prelude::*;
    /// let seeded = Flavors::new().hashers([MapHasher::with_seed(42)]);
    /// proptest!(|(m in map_with(any::<u8>(), any::<u8>(), 1..4, &seeded))| {
    ///     prop_assert_eq!(m.hasher_id().seed, 42);
    /// });
    /// ```
    #[must_use]
    pub fn hashers(mut self, hashers: impl IntoIterator<Item = MapHasher>) -> Self {
        self.hashers = hashers.into_iter().collect();
        assert!(!self.hashers.is_empty(), "Flavors::hashers: no hasher");
        self
    }

    /// How maps are used: natively, through their vtable, or either.
    ///
    /// ```
    /// use ffi_map::proptest::{map_with, Dispatch, Flavors};
    /// use proptest::prelude::*;
    /// let foreign = Flavors::new().dispatch(Dispatch::Vtable);
    /// proptest!(|(m in map_with(any::<u8>(), any::<u8>(), 0..4, &foreign))| {
    ///     prop_assert!(!m.is_native());
    /// });
    /// ```
    #[must_use]
    pub fn dispatch(mut self, dispatch: Dispatch) -> Self {
        self.dispatch = dispatch;
        self
    }

    /// The strategy of one [`Flavor`] of the set.
    ///
    /// ```
    /// use ffi_map::proptest::Flavors;
    /// use ffi_map::FfiMap;
    /// use proptest::prelude::*;
    /// proptest!(|(flavor in Flavors::all().strategy())| {
    ///     let map: FfiMap<u8, u8> = flavor.collect([(1, 2)]);
    ///     prop_assert_eq!(map[&1], 2);
    /// });
    /// ```
    pub fn strategy(&self) -> BoxedStrategy<Flavor> {
        let dispatch = match self.dispatch {
            Dispatch::Native => vec![false],
            Dispatch::Vtable => vec![true],
            Dispatch::Either => vec![false, true],
        };
        (
            select(self.backends.clone()),
            select(self.hashers.clone()),
            select(dispatch),
        )
            .prop_map(|(backend, hasher, vtable_dispatch)| Flavor {
                backend,
                hasher,
                vtable_dispatch,
            })
            .boxed()
    }
}

/// Maps of [`Flavor::DEFAULT`] with `size` entries drawn from `keys` and `values`, as
/// `proptest::collection::hash_map` makes `HashMap`s: entries with equal keys collapse, and
/// maps left with fewer entries than `size`'s minimum are rejected (a narrow key strategy
/// with a large minimum can make proptest give up). Entries are inserted in the order drawn,
/// so a failing case replays in the same order.
///
/// ```
/// use ffi_map::proptest::map;
/// use proptest::prelude::*;
/// proptest!(|(m in map("[a-c]", 0..10_u8, 1..=3))| {
///     prop_assert!((1..=3).contains(&m.len()));
///     prop_assert!(m.keys().all(|k| ["a", "b", "c"].contains(&k.as_str())));
/// });
/// ```
pub fn map<K, V>(
    keys: impl Strategy<Value = K> + 'static,
    values: impl Strategy<Value = V> + 'static,
    size: impl Into<SizeRange>,
) -> BoxedStrategy<FfiMap<K, V>>
where
    K: Hash + Eq + Debug + 'static,
    V: Debug + 'static,
{
    map_with(keys, values, size, &Flavors::new())
}

/// [`map`], with each map's [`Flavor`] drawn from `flavors`.
///
/// ```
/// use ffi_map::proptest::{map_with, Flavors};
/// use ffi_map::Backend;
/// use proptest::prelude::*;
/// proptest!(|(m in map_with(any::<u16>(), any::<bool>(), 0..50, &Flavors::all()))| {
///     prop_assert!(m.backend().is_available());
///     prop_assert!(m.len() < 50);
/// });
/// ```
pub fn map_with<K, V>(
    keys: impl Strategy<Value = K> + 'static,
    values: impl Strategy<Value = V> + 'static,
    size: impl Into<SizeRange>,
    flavors: &Flavors,
) -> BoxedStrategy<FfiMap<K, V>>
where
    K: Hash + Eq + Debug + 'static,
    V: Debug + 'static,
{
    let size = size.into();
    let least = size.start();
    (flavors.strategy(), vec((keys, values), size))
        .prop_map(|(flavor, entries)| flavor.collect(entries))
        .prop_filter("fewer distinct keys than the least size", move |m| {
            m.len() >= least
        })
        .boxed()
}

/// Maps of [`map_with`], with the [`Flavors`], the size range (proptest's default: `0..100`)
/// and the key and value parameters given to `any_with`.
///
/// ```
/// use ffi_map::proptest::Flavors;
/// use ffi_map::{Backend, FfiMap};
/// use proptest::prelude::*;
///
/// proptest!(|(m in any::<FfiMap<u8, String>>())| prop_assert_eq!(m.backend(), Backend::DEFAULT));
/// let all = (Flavors::all(), (0..8).into(), (), Default::default());
/// proptest!(|(m in any_with::<FfiMap<u8, String>>(all))| prop_assert!(m.len() < 8));
/// ```
impl<K, V> Arbitrary for FfiMap<K, V>
where
    K: Arbitrary + Hash + Eq + 'static,
    V: Arbitrary + 'static,
{
    type Parameters = (Flavors, SizeRange, K::Parameters, V::Parameters);
    type Strategy = BoxedStrategy<Self>;

    fn arbitrary_with((flavors, size, keys, values): Self::Parameters) -> Self::Strategy {
        map_with(any_with::<K>(keys), any_with::<V>(values), size, &flavors)
    }
}
