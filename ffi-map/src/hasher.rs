//! The map's hasher and the identity that says when a memoized hash may be reused.
//!
//! A hash is only meaningful together with the function that made it. Every map reports a
//! [`HasherId`]: the hash algorithm (which also names the foldhash version, pointer width and
//! byte order it was compiled for) and the seed. Two maps with equal ids hash every key the same
//! way, in any library, so a hash memoized for one id can be used on every map with that id.

use core::hash::{BuildHasher, Hash};

use abi_stable::StableAbi;

/// The algorithm of this build: foldhash 0.2 "fast" (pinned exactly in `Cargo.toml`), combined
/// with the pointer width and byte order, because foldhash's output depends on both.
///
/// Change the first constant whenever the hash function changes (a foldhash upgrade): the
/// `hash_values_are_stable` test fails until you do.
pub const HASH_ALGORITHM: u64 = 0x666f_6c64_0200_0000
    ^ (usize::BITS as u64) << 8
    ^ if cfg!(target_endian = "big") { 1 } else { 0 };

/// The seed of every map that does not ask for another: fixed, so host and plugins agree.
pub const DEFAULT_SEED: u64 = 0x7f3a_9e21_c4d5_b807;

/// Which hash function a map uses: its algorithm and seed.
///
/// ```
/// use ffi_map::{FfiMap, HasherId};
/// let map: FfiMap<u32, u32> = FfiMap::new();
/// assert_eq!(map.hasher_id(), HasherId::DEFAULT);
/// assert!(map.hasher_id().is_known());
/// ```
#[repr(C)]
#[derive(StableAbi, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct HasherId {
    /// The hash algorithm, [`HASH_ALGORITHM`] for maps of this build.
    pub algorithm: u64,
    /// The seed the algorithm was started with.
    pub seed: u64,
}

impl HasherId {
    /// The identity of maps built with the default, fixed seed.
    pub const DEFAULT: Self = Self {
        algorithm: HASH_ALGORITHM,
        seed: DEFAULT_SEED,
    };

    /// Whether this build can compute hashes for a map with this identity.
    #[must_use]
    pub const fn is_known(&self) -> bool {
        self.algorithm == HASH_ALGORITHM
    }
}

/// The [`BuildHasher`] inside every map: foldhash with a seed that the map can report.
///
/// [`MapHasher::fixed`] is deterministic, which makes hashes reusable across libraries but lets
/// whoever controls the keys choose colliding ones (`HashDoS`). [`MapHasher::random`] picks a seed
/// from the operating system's randomness: use it for maps filled from untrusted input; memoized
/// hashes then miss and are recomputed for that map, which stays correct.
#[derive(Clone, Debug)]
pub struct MapHasher {
    seed: u64,
    state: foldhash::fast::FixedState,
}

impl MapHasher {
    /// The default hasher, with [`DEFAULT_SEED`].
    #[must_use]
    pub const fn fixed() -> Self {
        Self::with_seed(DEFAULT_SEED)
    }

    /// A hasher with the given seed.
    #[must_use]
    pub const fn with_seed(seed: u64) -> Self {
        Self {
            seed,
            state: foldhash::fast::FixedState::with_seed(seed),
        }
    }

    /// A hasher with a seed drawn from the operating system's randomness (via std's
    /// `RandomState`), for maps filled from untrusted input.
    #[must_use]
    pub fn random() -> Self {
        use std::hash::{BuildHasher as _, RandomState};
        Self::with_seed(RandomState::new().hash_one(0x5eed_u64))
    }

    /// The hasher of a map with identity `id`, if this build knows its algorithm.
    #[must_use]
    pub const fn for_id(id: HasherId) -> Option<Self> {
        if id.is_known() {
            Some(Self::with_seed(id.seed))
        } else {
            None
        }
    }

    /// This hasher's identity.
    #[must_use]
    pub const fn id(&self) -> HasherId {
        HasherId {
            algorithm: HASH_ALGORITHM,
            seed: self.seed,
        }
    }

    /// Hashes one key, exactly as a map with this hasher does.
    #[inline]
    pub fn hash_key<Q: Hash + ?Sized>(&self, key: &Q) -> u64 {
        self.state.hash_one(key)
    }
}

impl Default for MapHasher {
    fn default() -> Self {
        Self::fixed()
    }
}

impl BuildHasher for MapHasher {
    type Hasher = foldhash::fast::FoldHasher<'static>;

    #[inline]
    fn build_hasher(&self) -> Self::Hasher {
        self.state.build_hasher()
    }
}

/// A key's hash for a look-up: `None` when the map's algorithm is unknown to the caller, so
/// the map must find the key by comparing it with every key.
#[repr(C)]
#[derive(StableAbi, Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct KeyHash {
    pub(crate) hash: u64,
    pub(crate) known: bool,
}

impl KeyHash {
    pub(crate) const UNKNOWN: Self = Self {
        hash: 0,
        known: false,
    };

    pub(crate) const fn known(hash: u64) -> Self {
        Self { hash, known: true }
    }

    /// The hash of `key` for a map with identity `id`.
    pub(crate) fn of<Q: Hash + ?Sized>(id: HasherId, key: &Q) -> Self {
        match MapHasher::for_id(id) {
            Some(hasher) => Self::known(hasher.hash_key(key)),
            None => Self::UNKNOWN,
        }
    }
}
