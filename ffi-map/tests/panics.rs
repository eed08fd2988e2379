//! The panic matrix: every operation that runs user code (a key's `Hash` or `Eq`, a `Clone`, a
//! `Drop`, a `retain` closure) × where it panics × how the map is reached (natively, through
//! its vtable, a map of a `dlopen`ed library used here, a map of this binary used by that
//! library) × both backends. Each case asserts that the panic unwinds out of the operation
//! with its message (never an abort: an abort would end this test binary), that the map is
//! valid afterwards, that no entry is dropped twice, and that what is dropped or kept matches
//! the same map used natively (and, where `FfiMap` only forwards, hashbrown's or halfbrown's own
//! map): leaks only where the backend leaks.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::OnceLock;

use ffi_map::{Backend, FfiMap, MapHasher};
use libloading::Library;

#[allow(dead_code)]
#[path = "support/bomb.rs"]
mod bomb;
#[macro_use]
#[path = "support/fixture.rs"]
mod fixture;
#[macro_use]
#[path = "support/ops.rs"]
mod ops;

use bomb::{message, silence_bombs, Bomb, Control, Outcome, Site};
use ops::Op;

mod on_ffi {
    use super::{Bomb, Control, FfiMap, Op, Site};
    map_ops!(FfiMap<Bomb, Bomb>);
}
mod on_hashbrown {
    use super::{Bomb, Control, MapHasher, Op, Site};
    map_ops!(hashbrown::HashMap<Bomb, Bomb, MapHasher>);
}
mod on_halfbrown {
    use super::{Bomb, Control, MapHasher, Op, Site};
    use hashbrown_api::{HashbrownApi as _, HashbrownEntryApi as _};
    map_ops!(halfbrown::HashMap<Bomb, Bomb, MapHasher>);

    /// The methods of the matrix that hashbrown has and halfbrown lacks, made of halfbrown's
    /// own, as hashbrown makes them.
    mod hashbrown_api {
        use super::{Bomb, MapHasher};

        type Map = halfbrown::HashMap<Bomb, Bomb, MapHasher>;

        /// What `try_insert` gives back when the key is there.
        pub struct Occupied {
            pub value: Bomb,
        }

        pub trait HashbrownApi {
            fn try_insert(&mut self, key: Bomb, value: Bomb) -> Result<&mut Bomb, Occupied>;
            fn into_keys(self) -> impl Iterator<Item = Bomb>;
            /// Never compared (see `same_as_backend`): eager.
            fn extract_if(
                &mut self,
                keep: impl FnMut(&Bomb, &mut Bomb) -> bool,
            ) -> impl Iterator<Item = (Bomb, Bomb)>;
            /// For new keys: the owned key is made (cloned) first, then looked up.
            fn entry_ref(&mut self, key: &Bomb) -> halfbrown::Entry<'_, Bomb, Bomb, 32, MapHasher>;
            fn get_disjoint_mut<const N: usize>(&mut self, keys: [&Bomb; N]) -> [Option<&Bomb>; N];
        }

        pub trait HashbrownEntryApi {
            /// For the closures of the matrix, which remove the entry: what is left is the key.
            fn and_replace_entry_with(self, f: impl FnOnce(&Bomb, Bomb) -> Option<Bomb>) -> Bomb;
        }

        impl HashbrownEntryApi for halfbrown::Entry<'_, Bomb, Bomb, 32, MapHasher> {
            fn and_replace_entry_with(self, f: impl FnOnce(&Bomb, Bomb) -> Option<Bomb>) -> Bomb {
                match self {
                    halfbrown::Entry::Occupied(entry) => {
                        let (key, value) = entry.remove_entry();
                        assert!(f(&key, value).is_none(), "the matrix's closures remove");
                        key
                    }
                    halfbrown::Entry::Vacant(entry) => entry.into_key(),
                }
            }
        }

        impl HashbrownApi for Map {
            fn try_insert(&mut self, key: Bomb, value: Bomb) -> Result<&mut Bomb, Occupied> {
                match self.entry(key) {
                    // The entry (and the key given) goes first, as `FfiMap`'s and hashbrown's
                    // entries drop the key given: a panic in its `Drop` then drops `value`.
                    halfbrown::Entry::Occupied(entry) => {
                        drop(entry);
                        Err(Occupied { value })
                    }
                    halfbrown::Entry::Vacant(entry) => Ok(entry.insert(value)),
                }
            }
            fn into_keys(self) -> impl Iterator<Item = Bomb> {
                self.into_iter().map(|(k, _)| k)
            }
            fn extract_if(
                &mut self,
                mut keep: impl FnMut(&Bomb, &mut Bomb) -> bool,
            ) -> impl Iterator<Item = (Bomb, Bomb)> {
                let picked: Vec<Bomb> = self
                    .iter_mut()
                    .filter_map(|(k, v)| keep(k, v).then(|| k.clone()))
                    .collect();
                picked
                    .into_iter()
                    .filter_map(|k| self.remove_entry(&k))
                    .collect::<Vec<_>>()
                    .into_iter()
            }
            fn entry_ref(&mut self, key: &Bomb) -> halfbrown::Entry<'_, Bomb, Bomb, 32, MapHasher> {
                self.entry(key.clone())
            }
            fn get_disjoint_mut<const N: usize>(&mut self, keys: [&Bomb; N]) -> [Option<&Bomb>; N] {
                keys.map(|key| self.get(key))
            }
        }
    }
}

/// The `dlopen`ed library's functions (see `tests/fixtures/panicky`).
struct Panicky {
    _library: Library,
    make: extern "C" fn(Backend, &Control, u32) -> FfiMap<Bomb, Bomb>,
    run:
        extern "C" fn(u32, &mut FfiMap<Bomb, Bomb>, &Control, u32, u32, i64, &mut [u8; 256]) -> u32,
}

fn panicky() -> &'static Panicky {
    static PANICKY: OnceLock<Panicky> = OnceLock::new();
    PANICKY.get_or_init(|| {
        let library = fixture::load("panicky", "ffi_map_fixture_panicky");
        let silence: extern "C" fn() = symbol!(library, "panicky_silence");
        silence();
        Panicky {
            make: symbol!(library, "panicky_make"),
            run: symbol!(library, "panicky_run"),
            _library: library,
        }
    })
}

/// How the map of a case is reached.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Reach {
    /// Made and used here: the native backend's code, inlined.
    Native,
    /// Made here, used only through its vtable.
    Vtable,
    /// Made by the `dlopen`ed library, used here: its code runs `Hash`/`Eq`/`Drop`, this
    /// binary's the closures.
    TheirMap,
    /// Made here, used by the `dlopen`ed library: the other way round.
    OurMapThere,
}

/// The sorted keys of a map, after checking it is consistent: its length is what iteration
/// gives, every key is found again with its own value, and a new key can be added and removed.
fn inspect(map: &mut FfiMap<Bomb, Bomb>, control: &Control) -> Vec<u32> {
    let mut keys: Vec<u32> = map
        .iter()
        .map(|(k, v)| {
            assert_eq!(k.key, v.key, "an entry's value belongs to another key");
            k.key
        })
        .collect();
    assert_eq!(keys.len(), map.len(), "len() disagrees with iteration");
    for &key in &keys {
        let probe = control.bomb(key);
        assert_eq!(
            map.get(&probe).map(|v| v.key),
            Some(key),
            "key {key} is not found"
        );
    }
    keys.sort_unstable();
    let before = keys.len();
    keys.dedup();
    assert_eq!(keys.len(), before, "a key is in the map twice");
    let fresh = control.bomb(10_000);
    assert!(map.insert(fresh, control.bomb(10_000)).is_none());
    assert_eq!(
        map.remove(&control.bomb(10_000)).map(|v| v.key),
        Some(10_000)
    );
    keys
}

/// The map of `reach` and `backend`, with keys `0..n`.
fn make(reach: Reach, backend: Backend, control: &Control, n: u32) -> FfiMap<Bomb, Bomb> {
    if reach == Reach::TheirMap {
        let map = (panicky().make)(backend, control, n);
        assert!(!map.is_native());
        return map;
    }
    let mut map = FfiMap::with_backend(backend).expect("both backends are compiled in");
    on_ffi::fill(&mut map, control, 0..n);
    if reach == Reach::Vtable {
        map.into_vtable_dispatch()
    } else {
        map
    }
}

/// Runs one case and checks what must hold whatever the reference says.
fn case(reach: Reach, backend: Backend, op: Op, site: Site, after: i64, n: u32) -> Outcome {
    let control = Control::new();
    let mut map = make(reach, backend, &control, n);
    let panic = if reach == Reach::OurMapThere {
        let mut text = [0; 256];
        let len = (panicky().run)(
            op as u32,
            &mut map,
            &control,
            n,
            site as u32,
            after,
            &mut text,
        );
        (len != u32::MAX).then(|| String::from_utf8_lossy(&text[..len as usize]).into_owned())
    } else {
        catch_unwind(AssertUnwindSafe(|| {
            on_ffi::run(op, &mut map, &control, n, site, after);
        }))
        .err()
        .map(|payload| message(&*payload))
    };
    control.disarm();
    let keys = inspect(&mut map, &control);
    drop(map);
    Outcome::new(&control, panic, keys, site)
}

/// The same case on hashbrown's or halfbrown's own map.
fn reference(backend: Backend, op: Op, site: Site, after: i64, n: u32) -> Outcome {
    macro_rules! on {
        ($module:ident, $map:ty) => {{
            let control = Control::new();
            let mut map = <$map>::default();
            $module::fill(&mut map, &control, 0..n);
            let panic = catch_unwind(AssertUnwindSafe(|| {
                $module::run(op, &mut map, &control, n, site, after);
            }))
            .err()
            .map(|payload| message(&*payload));
            control.disarm();
            let mut keys: Vec<u32> = map.keys().map(|k| k.key).collect();
            keys.sort_unstable();
            drop(map);
            Outcome::new(&control, panic, keys, site)
        }};
    }
    match backend {
        Backend::Halfbrown => on!(on_halfbrown, halfbrown::HashMap<Bomb, Bomb, MapHasher>),
        Backend::Hashbrown => on!(on_hashbrown, hashbrown::HashMap<Bomb, Bomb, MapHasher>),
    }
}

/// Where `FfiMap` runs user code in its own order rather than its backend's: `clone_from` is
/// `*self = source.clone()` (hashbrown reuses the allocation and drops first); `entry` (and
/// `try_insert`, made of it) hashes the key first, also for halfbrown's vector (which needs no
/// hash), and drops the key given at once when the map has it (as hashbrown does; halfbrown's
/// entry keeps it, and drops it while removing the entry, leaking the entry if that panics);
/// and through the vtable, look-ups hash the key on the caller's side before the map compares
/// keys.
fn same_as_backend(reach: Reach, backend: Backend, op: Op, site: Site) -> bool {
    let entry_hash = matches!(
        op,
        Op::EntryNew
            | Op::EntryExisting
            | Op::TryInsertExisting
            | Op::ReplaceEntryRemove
            | Op::EntryRefNew
    ) && site == Site::Hash;
    let entry_key_drop =
        backend == Backend::Halfbrown && op == Op::ReplaceEntryRemove && site == Site::Drop;
    // halfbrown has no `extract_if`: `FfiMap` walks its maps by position (its reference below
    // only stands in, to compile).
    let halfbrown_extract = backend == Backend::Halfbrown && op == Op::ExtractIf;
    op != Op::CloneFrom
        && !entry_hash
        && !entry_key_drop
        && !halfbrown_extract
        && (reach == Reach::Native || !matches!(site, Site::Hash | Site::Eq))
}

/// The sites to arm: all of them, or all but `Drop` when `PANIC_MATRIX_NO_LEAKS` is set (for
/// the leak checks of `.ci/memcheck`: a panicking `Drop` leaks where the backend leaks, e.g.
/// hashbrown's table when an entry's `Drop` panics while the map is dropped).
fn sites() -> Vec<Site> {
    let no_leaks = std::env::var_os("PANIC_MATRIX_NO_LEAKS").is_some();
    Site::ALL
        .into_iter()
        .filter(|&site| !(no_leaks && site == Site::Drop))
        .collect()
}

/// Runs the matrix for one way of reaching the map; returns the number of cases and of those
/// that panicked.
fn matrix(reach: Reach) -> (usize, usize) {
    silence_bombs();
    let (mut cases, mut panicked) = (0, 0);
    // The library on the other side has both backends; this build may have one.
    let backends = [Backend::Halfbrown, Backend::Hashbrown]
        .into_iter()
        .filter(|b| reach == Reach::TheirMap || b.is_available());
    for backend in backends {
        // 5 entries: halfbrown's vector; 40: its table.
        for n in [5, 40] {
            for op in Op::ALL {
                for site in sites() {
                    for after in [0, 1, 4] {
                        let what =
                            format!("{reach:?} {backend} n={n} {op:?} {site:?} after={after}");
                        let outcome = catch_unwind(|| case(reach, backend, op, site, after, n))
                            .unwrap_or_else(|e| panic!("{what}: {}", message(&*e)));
                        if same_as_backend(reach, backend, op, site) {
                            let expected = reference(backend, op, site, after, n);
                            assert_eq!(
                                outcome, expected,
                                "{what}: differs from {backend}'s own map"
                            );
                        }
                        if site != Site::Drop {
                            assert_eq!(outcome.leaked, 0, "{what}: leaked");
                        }
                        if reach != Reach::Native && backend.is_available() {
                            let native = case(Reach::Native, backend, op, site, after, n);
                            if !matches!(site, Site::Hash | Site::Eq) {
                                assert_eq!(outcome, native, "{what}: differs from the native map");
                            }
                        }
                        cases += 1;
                        panicked += usize::from(outcome.panic.is_some());
                    }
                }
            }
        }
    }
    println!("{reach:?}: {cases} cases, {panicked} of them panicked");
    (cases, panicked)
}

/// Checks the size of a run: every case ran, and enough of them panicked (the armed site
/// does not run in every operation: a `Clone` in `clear`), at least one in eight. Through the vtable the caller
/// hashes look-up keys too, so a few more `Hash` cases panic there.
fn assert_ran(reach: Reach, (cases, panicked): (usize, usize)) {
    let backends = [Backend::Halfbrown, Backend::Hashbrown]
        .into_iter()
        .filter(|b| reach == Reach::TheirMap || b.is_available())
        .count();
    // Per backend and site: every operation x 3 fuse positions x 2 map sizes.
    assert_eq!(cases, Op::ALL.len() * 6 * sites().len() * backends);
    assert!(
        panicked * 8 >= cases,
        "only {panicked} of {cases} cases panicked"
    );
}

#[test]
fn native_maps_unwind_as_their_backend_does() {
    assert_ran(Reach::Native, matrix(Reach::Native));
}

#[test]
fn vtable_dispatch_unwinds_without_aborting() {
    assert_ran(Reach::Vtable, matrix(Reach::Vtable));
}

#[test]
fn a_dlopened_librarys_maps_unwind_here() {
    assert_ran(Reach::TheirMap, matrix(Reach::TheirMap));
}

#[test]
fn our_maps_unwind_in_the_dlopened_library() {
    assert_ran(Reach::OurMapThere, matrix(Reach::OurMapThere));
}
