//! An FFI-safe hash map for plugin systems.
//!
//! [`FfiMap<K, V>`] is `#[repr(C)]`, exactly two pointers wide (the box of a native map and a
//! `&'static` vtable of the functions of the library that built it), and implements
//! `abi_stable`'s [`StableAbi`](`abi_stable`::StableAbi), so its layout is checked when a plugin
//! is loaded. A map can be handed to a library compiled separately, which reads, changes,
//! clones and drops it by calling the map's own functions: memory is always freed by the
//! allocator that gave it. In the library that built it, a map skips its vtable and is as fast
//! as the native backend.
//!
//! ```
//! use ffi_map::{Backend, FfiMap};
//!
//! let mut event: FfiMap<String, i64> = FfiMap::new();
//! event.insert("aint".to_string(), 42);
//! assert_eq!(event.get("aint"), Some(&42));
//! assert_eq!(event.backend(), Backend::DEFAULT);
//! ```
//!
//! # Backends
//! Chosen by cargo features; both may be enabled, and maps of either backend, made by any
//! library, work everywhere.
//! - `halfbrown` (default): a vector scanned linearly up to 32 entries, then a `SwissTable` —
//!   fastest for event-sized objects.
//! - `hashbrown`: always a `SwissTable`.
//!
//! [`FfiMap::new`] uses halfbrown unless only `hashbrown` is enabled;
//! [`FfiMap::with_backend`] picks one, and [`FfiMap::backend`] tells.
//!
//! # Test-data generators
//! Two more features, off by default, help users test their own code with maps of every
//! backend, hasher and dispatch (a `Flavor`):
//! - `proptest`: strategies in `ffi_map::proptest` (`map`, `map_with`, `Flavors`) and
//!   proptest's `Arbitrary` for `FfiMap`;
//! - `arbitrary`: `arbitrary::Arbitrary` for `FfiMap` and `Flavor`, for fuzz targets.
//!
//! # Memoized hashes
//! [`FfiMap::hash_key`] hashes a key once; the raw-entry API
//! ([`FfiMap::raw_entry`], [`FfiMap::raw_entry_mut`]) then looks it up with that hash in any
//! map whose [`FfiMap::hasher_id`] is the same. The default hasher has a fixed seed, so host
//! and plugins agree and a memoized hash works across libraries. That determinism lets
//! whoever controls the keys pick colliding ones (`HashDoS`): for maps filled from untrusted
//! input use [`FfiMap::with_random_seed`]; memoized hashes do not match its id, so callers
//! that check the id (as `ffi-value`'s `KnownKey` does) rehash for it.
//!
//! # What crosses the boundary
//! Keys and values move into a foreign map as they are; their own types must be FFI-safe
//! (`abi_stable` checks `K` and `V`, which stay in the map's layout).
//!
//! # Panics
//! A panic in code a map operation runs (a key's `Hash` or `Eq`, a `Drop`, a `retain`
//! closure) unwinds out of the operation as it does out of the native backend's, and leaves
//! the map as the backend leaves it: valid, with no entry dropped twice. That holds for a map
//! of *another* library too, although a panic cannot unwind through the `extern "C"` functions
//! between the two: it is caught where it starts (in the map's library for `K`'s and `V`'s
//! code, in the caller's for its closures), the map's operation finishes, and the panic is
//! raised again in the calling library, with the original message.
//!
//! ```
//! use std::panic::{catch_unwind, AssertUnwindSafe};
//! use ffi_map::FfiMap;
//!
//! // A map used only through its vtable, as a map of another library is.
//! let mut map: FfiMap<u32, u32> = (0..8).map(|i| (i, i)).collect::<FfiMap<_, _>>()
//!     .into_vtable_dispatch();
//! let panicked = catch_unwind(AssertUnwindSafe(|| {
//!     map.retain(|k, _| if *k == 5 { panic!("no fives") } else { true });
//! }));
//! let message = panicked.unwrap_err();
//! assert_eq!(message.downcast_ref::<&str>(), Some(&"no fives"));
//! // The map is as its backend leaves it (hashbrown keeps the entries a panicking `retain`
//! // had not removed; halfbrown's vector drops them), and usable.
//! map.insert(9, 9);
//! assert_eq!(map.get(&9), Some(&9));
//! ```

// Without a backend only the error below matters: silence the follow-on warnings.
#![cfg_attr(not(any(feature = "halfbrown", feature = "hashbrown")), allow(unused))]

#[cfg(not(any(feature = "halfbrown", feature = "hashbrown")))]
compile_error!(
    "ffi-map needs a map backend: enable the `halfbrown` feature (the default) or `hashbrown` \
     of ffi-map, or of ffi-value / ffi-pdk if you depend on those (they forward it), e.g. \
     `ffi-value = { version = \"..\", default-features = false, features = [\"hashbrown\"] }`"
);

/// The README's example, compiled and run as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

#[cfg(feature = "arbitrary")]
mod arbitrary;
mod backend;
mod capacity;
mod disjoint;
mod entry;
mod entry_ref;
mod extract_if;
#[cfg(any(feature = "proptest", feature = "arbitrary"))]
mod flavor;
mod hasher;
mod iter;
mod map;
#[cfg(feature = "proptest")]
pub mod proptest;
mod raw_entry;
mod raw_occupied;
mod replace;
mod traits;
mod unwind;
#[cfg(feature = "value-trait")]
mod value_trait;
mod vtable;

pub use backend::Backend;
pub use capacity::TryReserveError;
pub use entry::{Entry, OccupiedEntry, OccupiedError, VacantEntry};
pub use entry_ref::{EntryRef, VacantEntryRef};
pub use extract_if::ExtractIf;
#[cfg(any(feature = "proptest", feature = "arbitrary"))]
pub use flavor::Flavor;
pub use hasher::{HasherId, MapHasher, DEFAULT_SEED, HASH_ALGORITHM};
pub use iter::{Drain, IntoIter, IntoKeys, IntoValues, Iter, IterMut, Keys, Values, ValuesMut};
pub use map::{BackendUnavailable, FfiMap};
pub use raw_entry::{RawEntryBuilder, RawEntryBuilderMut, RawEntryMut, RawVacantEntryMut};
pub use raw_occupied::RawOccupiedEntryMut;
#[doc(hidden)]
pub use vtable::{MapVTable, OwnerToken};
