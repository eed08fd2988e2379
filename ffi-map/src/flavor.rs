//! [`Flavor`]: how a map is made (backend, hasher, dispatch), for the test-data generators of
//! the `proptest` and `arbitrary` features.

use core::hash::Hash;

use crate::{Backend, FfiMap, MapHasher};

/// One way to make an [`FfiMap`]: its backend, its hasher and whether this library uses it
/// natively or only through its vtable, as a library other than the one that built it does.
///
/// Maps of every flavor hold and answer the same, which is what tests of code that takes maps
/// made elsewhere (by a plugin, by another backend) want to check. The generators of the
/// `proptest` feature (`ffi_map::proptest::Flavors`) and of the `arbitrary` feature pick
/// flavors; [`Flavor::collect`] makes a map of one.
///
/// ```
/// use ffi_map::{Backend, Flavor, FfiMap, MapHasher};
///
/// let flavor = Flavor {
///     backend: Backend::DEFAULT,
///     hasher: MapHasher::with_seed(7),
///     vtable_dispatch: true,
/// };
/// let map: FfiMap<u8, &str> = flavor.collect([(1, "one"), (2, "two")]);
/// assert_eq!(map.get(&2), Some(&"two"));
/// assert_eq!(map.hasher_id(), MapHasher::with_seed(7).id());
/// assert!(!map.is_native()); // used through its vtable, as another library's map
/// assert_eq!(Flavor::of(&map), Some(flavor));
/// assert_eq!(Flavor::of(&FfiMap::<u8, u8>::new()), Some(Flavor::DEFAULT));
/// ```
#[derive(Clone, Debug)]
pub struct Flavor {
    /// The backend; it must be compiled in ([`Backend::is_available`]).
    pub backend: Backend,
    /// The hasher (a seed other than the default makes other iteration orders and collisions).
    pub hasher: MapHasher,
    /// Whether the map is used only through its vtable ([`FfiMap::into_vtable_dispatch`]).
    pub vtable_dispatch: bool,
}

impl Flavor {
    /// The flavor of [`FfiMap::new`]: the default backend and hasher, used natively.
    ///
    /// ```
    /// use ffi_map::{Backend, Flavor, HasherId};
    /// assert_eq!(Flavor::DEFAULT.backend, Backend::DEFAULT);
    /// assert_eq!(Flavor::DEFAULT.hasher.id(), HasherId::DEFAULT);
    /// assert!(!Flavor::DEFAULT.vtable_dispatch);
    /// ```
    pub const DEFAULT: Self = Self {
        backend: Backend::DEFAULT,
        hasher: MapHasher::fixed(),
        vtable_dispatch: false,
    };

    /// An empty map of this flavor's backend and hasher with room for `capacity` entries,
    /// still used natively: fill it, then pass it to [`Flavor::finish`]. (Between the two is
    /// the place for [`FfiMap::with_str_lookups`], which only applies to native maps.)
    ///
    /// # Panics
    /// If this build lacks the backend ([`Backend::is_available`]) or the capacity overflows.
    ///
    /// ```
    /// use ffi_map::{Flavor, FfiMap};
    /// let mut map: FfiMap<String, u8> = Flavor::DEFAULT.empty_map(4).with_str_lookups();
    /// map.insert("a".into(), 1);
    /// let map = Flavor::DEFAULT.finish(map);
    /// assert_eq!(map["a"], 1);
    /// ```
    #[must_use]
    pub fn empty_map<K: Hash + Eq, V>(&self, capacity: usize) -> FfiMap<K, V> {
        FfiMap::with_options(capacity, self.backend, &self.hasher)
            .unwrap_or_else(|error| panic!("Flavor::empty_map: {error}"))
    }

    /// `map`, used as this flavor says: through its vtable if [`Flavor::vtable_dispatch`].
    ///
    /// ```
    /// use ffi_map::{Flavor, FfiMap};
    /// let flavor = Flavor { vtable_dispatch: true, ..Flavor::DEFAULT };
    /// let map: FfiMap<u8, u8> = flavor.finish(flavor.empty_map(0));
    /// assert!(!map.is_native());
    /// ```
    #[must_use]
    pub fn finish<K: Hash + Eq, V>(&self, map: FfiMap<K, V>) -> FfiMap<K, V> {
        if self.vtable_dispatch {
            map.into_vtable_dispatch()
        } else {
            map
        }
    }

    /// A map of this flavor holding `entries` (of equal keys, the last one's value).
    ///
    /// # Panics
    /// As [`Flavor::empty_map`].
    ///
    /// ```
    /// use ffi_map::{Backend, Flavor, FfiMap};
    /// let map: FfiMap<u8, u8> = Flavor::DEFAULT.collect([(1, 1), (1, 2)]);
    /// assert_eq!(map.len(), 1);
    /// assert_eq!(map[&1], 2);
    /// ```
    #[must_use]
    pub fn collect<K: Hash + Eq, V>(
        &self,
        entries: impl IntoIterator<Item = (K, V)>,
    ) -> FfiMap<K, V> {
        let entries = entries.into_iter();
        let mut map = self.empty_map(entries.size_hint().0);
        map.extend(entries);
        self.finish(map)
    }

    /// The flavor of `map`, if this build knows its hash algorithm ([`HasherId::is_known`](crate::HasherId::is_known)).
    /// A map made by another library reports `vtable_dispatch: true`, as one made with
    /// [`FfiMap::into_vtable_dispatch`] does.
    ///
    /// ```
    /// use ffi_map::{Flavor, FfiMap};
    /// let map: FfiMap<u8, u8> = FfiMap::with_random_seed();
    /// let flavor = Flavor::of(&map).unwrap();
    /// assert_eq!(flavor.hasher.id(), map.hasher_id());
    /// ```
    #[must_use]
    pub fn of<K, V>(map: &FfiMap<K, V>) -> Option<Self> {
        Some(Self {
            backend: map.backend(),
            hasher: MapHasher::for_id(map.hasher_id())?,
            vtable_dispatch: !map.is_native(),
        })
    }
}

impl Default for Flavor {
    /// [`Flavor::DEFAULT`].
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// Equal when the backend, the hasher's identity and the dispatch are.
impl PartialEq for Flavor {
    fn eq(&self, other: &Self) -> bool {
        self.backend == other.backend
            && self.hasher.id() == other.hasher.id()
            && self.vtable_dispatch == other.vtable_dispatch
    }
}

impl Eq for Flavor {}
