//! [`arbitrary`](https://docs.rs/arbitrary)'s `Arbitrary` for [`Flavor`] and [`FfiMap`]
//! (cargo feature `arbitrary`), for fuzz targets (cargo-fuzz, `libfuzzer-sys`) that build
//! maps from the fuzzer's bytes.
//!
//! A map's [`Flavor`] (backend, hasher, dispatch) comes first from the input, then its entries,
//! as the standard library's maps read theirs.
//!
//! ```
//! use arbitrary::{Arbitrary, Unstructured};
//! use ffi_map::{FfiMap, Flavor};
//!
//! let bytes = [0x01, 0x00, 0x01, 0x01, 7, 70, 0x01, 8, 80, 0x00];
//! let map = FfiMap::<u8, u8>::arbitrary(&mut Unstructured::new(&bytes))?;
//! assert!(map.len() <= 2);
//! assert!(Flavor::of(&map).is_some());
//! # Ok::<(), arbitrary::Error>(())
//! ```

use core::hash::Hash;

use ::arbitrary::{size_hint, Arbitrary, Result, Unstructured};

use crate::{Backend, FfiMap, Flavor, MapHasher};

/// Any compiled-in backend, the default hasher or one seeded from the input, native or
/// through the vtable. Reads at most 11 bytes; an exhausted input gives
/// [`Flavor::DEFAULT`].
impl<'a> Arbitrary<'a> for Flavor {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let available: &[Backend] =
            if Backend::Halfbrown.is_available() && Backend::Hashbrown.is_available() {
                &[Backend::DEFAULT, other_backend()]
            } else {
                &[Backend::DEFAULT]
            };
        let backend = *u.choose(available)?;
        let hasher = if u.arbitrary()? {
            MapHasher::with_seed(u.arbitrary()?)
        } else {
            MapHasher::fixed()
        };
        Ok(Self {
            backend,
            hasher,
            vtable_dispatch: u.arbitrary()?,
        })
    }

    fn size_hint(_depth: usize) -> (usize, Option<usize>) {
        (0, Some(1 + 1 + 8 + 1))
    }
}

/// The backend that is not the default.
const fn other_backend() -> Backend {
    match Backend::DEFAULT {
        Backend::Halfbrown => Backend::Hashbrown,
        Backend::Hashbrown => Backend::Halfbrown,
    }
}

/// A map of an arbitrary [`Flavor`] with arbitrary entries (of equal keys, the last one's
/// value).
impl<'a, K, V> Arbitrary<'a> for FfiMap<K, V>
where
    K: Arbitrary<'a> + Hash + Eq,
    V: Arbitrary<'a>,
{
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let flavor = Flavor::arbitrary(u)?;
        let entries = u.arbitrary_iter::<(K, V)>()?.collect::<Result<Vec<_>>>()?;
        Ok(flavor.collect(entries))
    }

    fn arbitrary_take_rest(mut u: Unstructured<'a>) -> Result<Self> {
        let flavor = Flavor::arbitrary(&mut u)?;
        let entries = u
            .arbitrary_take_rest_iter::<(K, V)>()?
            .collect::<Result<Vec<_>>>()?;
        Ok(flavor.collect(entries))
    }

    /// The flavor's bytes, then any number of entries.
    fn size_hint(depth: usize) -> (usize, Option<usize>) {
        size_hint::and(<Flavor as Arbitrary>::size_hint(depth), (0, None))
    }
}
