//! The operations of the panic matrix, written once for every map type with hashbrown's API
//! (`FfiMap`, and hashbrown's and halfbrown's own maps as the reference). Shared by `#[path]`
//! with the `dlopen`ed fixture, which runs them on the test's maps. Needs `bomb` as a sibling
//! module.

/// An operation that runs user code: the site it can panic at is armed just before the
/// operation's own call, after its set-up.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    /// `retain` with a filter that ticks the closure site and keeps the even keys.
    RetainFilter,
    /// `retain` dropping the keys divisible by 3.
    RetainRemove,
    Clear,
    /// Drops the whole map.
    DropMap,
    /// `clone_from` a map of one other key (its backend is the default, which may differ
    /// between the libraries: one entry clones in the same order in any map).
    CloneFrom,
    /// Clones the map and drops the copy.
    Clone,
    /// Reserves room for 200 more: a rehash, or halfbrown's move from vector to table.
    Reserve,
    InsertNew,
    /// Inserts a key that is there: the new key is dropped, the old value returned.
    InsertExisting,
    /// Inserts 40 new entries one by one: growing, or halfbrown's move to a table, on the way.
    InsertMany,
    Get,
    Remove,
    /// `entry(new key).or_insert(..)`.
    EntryNew,
    /// `entry(key that is there).or_insert(..)`: the key and the value given are dropped.
    EntryExisting,
    /// Takes one entry from a drain, then drops it with the rest.
    Drain,
    /// Takes one entry from `into_iter`, then drops it with the rest.
    IntoIter,
    /// Keeps 3 entries, then `shrink_to_fit`: a table rehashes what is left.
    ShrinkToFit,
    /// `try_insert` of a key that is there: the key and the value given come back or are
    /// dropped.
    TryInsertExisting,
    /// Takes one key from `into_keys` (its value is dropped), then drops the rest.
    IntoKeys,
    /// `get_disjoint_mut` of two keys that are there and one that is not.
    GetDisjoint,
    /// `entry(key that is there).and_replace_entry_with(..)` with a closure that ticks the
    /// closure site, drops the value and removes the entry (the vacant entry keeps the key).
    ReplaceEntryRemove,
    /// `entry_ref(new key).or_insert(..)`: the owned key is cloned from the one given.
    EntryRefNew,
    /// `extract_if` with a filter that ticks the closure site and picks the even keys: takes
    /// two entries, then drops the walk (the rest stays).
    ExtractIf,
}

impl Op {
    pub const ALL: [Self; 23] = [
        Self::RetainFilter,
        Self::RetainRemove,
        Self::Clear,
        Self::DropMap,
        Self::CloneFrom,
        Self::Clone,
        Self::Reserve,
        Self::InsertNew,
        Self::InsertExisting,
        Self::InsertMany,
        Self::Get,
        Self::Remove,
        Self::EntryNew,
        Self::EntryExisting,
        Self::Drain,
        Self::IntoIter,
        Self::ShrinkToFit,
        Self::TryInsertExisting,
        Self::IntoKeys,
        Self::GetDisjoint,
        Self::ReplaceEntryRemove,
        Self::EntryRefNew,
        Self::ExtractIf,
    ];
}

/// Defines, for the map type `$map`, `fill` (keys `0..n`) and `run` (one operation, with
/// `site` armed to panic after `after` calls once its set-up is done).
macro_rules! map_ops {
    ($map:ty) => {
        /// Inserts a bomb for each key in `keys`, with a bomb value of the same key.
        pub fn fill(map: &mut $map, control: &Control, keys: core::ops::Range<u32>) {
            for key in keys {
                map.insert(control.bomb(key), control.bomb(key));
            }
        }

        /// Runs `op` on `map`, which holds the keys `0..n`.
        pub fn run(op: Op, map: &mut $map, control: &Control, n: u32, site: Site, after: i64) {
            let arm = || control.arm(site, after);
            match op {
                Op::RetainFilter => {
                    arm();
                    map.retain(|k, _| {
                        control.tick(Site::Closure, k.key);
                        k.key % 2 == 0
                    });
                }
                Op::RetainRemove => {
                    arm();
                    map.retain(|k, _| k.key % 3 != 0);
                }
                Op::Clear => {
                    arm();
                    map.clear();
                }
                Op::DropMap => {
                    let taken = core::mem::take(map);
                    arm();
                    drop(taken);
                }
                Op::CloneFrom => {
                    let mut source = <$map>::default();
                    fill(&mut source, control, n..n + 1);
                    arm();
                    map.clone_from(&source);
                    drop(source);
                }
                Op::Clone => {
                    arm();
                    drop(map.clone());
                }
                Op::Reserve => {
                    arm();
                    map.reserve(200);
                }
                Op::InsertNew => {
                    let (key, value) = (control.bomb(n), control.bomb(n));
                    arm();
                    drop(map.insert(key, value));
                }
                Op::InsertExisting => {
                    let (key, value) = (control.bomb(1), control.bomb(1));
                    arm();
                    drop(map.insert(key, value));
                }
                Op::InsertMany => {
                    let new: Vec<_> = (n..n + 40)
                        .map(|k| (control.bomb(k), control.bomb(k)))
                        .collect();
                    arm();
                    for (key, value) in new {
                        drop(map.insert(key, value));
                    }
                }
                Op::Get => {
                    let probe = control.bomb(n / 2);
                    arm();
                    let found = map.get(&probe).map(|v| v.key);
                    assert!(found.is_none_or(|k| k == n / 2), "get found another key");
                    drop(probe);
                }
                Op::Remove => {
                    let probe = control.bomb(n / 2);
                    arm();
                    drop(map.remove(&probe));
                    drop(probe);
                }
                Op::EntryNew | Op::EntryExisting => {
                    let key = if op == Op::EntryNew { n } else { 1 };
                    let (key, value) = (control.bomb(key), control.bomb(key));
                    arm();
                    map.entry(key).or_insert(value);
                }
                Op::Drain => {
                    arm();
                    let mut drain = map.drain();
                    drop(drain.next());
                    drop(drain);
                }
                Op::IntoIter => {
                    let taken = core::mem::take(map);
                    arm();
                    let mut entries = taken.into_iter();
                    drop(entries.next());
                    drop(entries);
                }
                Op::ShrinkToFit
                | Op::TryInsertExisting
                | Op::IntoKeys
                | Op::GetDisjoint
                | Op::ReplaceEntryRemove
                | Op::EntryRefNew
                | Op::ExtractIf => {
                    run_more(op, map, control, n, arm);
                }
            }
        }

        /// The operations added with hashbrown's API beyond `std`'s (`run`'s others).
        fn run_more(op: Op, map: &mut $map, control: &Control, n: u32, arm: impl Fn()) {
            match op {
                Op::ShrinkToFit => {
                    map.retain(|k, _| k.key < 3);
                    arm();
                    map.shrink_to_fit();
                }
                Op::TryInsertExisting => {
                    let (key, value) = (control.bomb(1), control.bomb(1));
                    arm();
                    match map.try_insert(key, value) {
                        Ok(_) => panic!("try_insert replaced a key that was there"),
                        Err(occupied) => drop(occupied.value),
                    }
                }
                Op::IntoKeys => {
                    let taken = core::mem::take(map);
                    arm();
                    let mut keys = taken.into_keys();
                    drop(keys.next());
                    drop(keys);
                }
                Op::GetDisjoint => {
                    let probes = [control.bomb(1), control.bomb(n / 2), control.bomb(n)];
                    arm();
                    let [a, b, c] = map.get_disjoint_mut([&probes[0], &probes[1], &probes[2]]);
                    let found = [a, b, c].map(|v| v.map(|v| v.key));
                    assert_eq!(found, [Some(1), Some(n / 2), None], "get_disjoint_mut");
                    drop(probes);
                }
                Op::ReplaceEntryRemove => {
                    let key = control.bomb(1);
                    arm();
                    let vacant = map.entry(key).and_replace_entry_with(|k, v| {
                        control.tick(Site::Closure, k.key);
                        drop(v);
                        None
                    });
                    drop(vacant);
                }
                Op::EntryRefNew => {
                    let (probe, value) = (control.bomb(n), control.bomb(n));
                    arm();
                    map.entry_ref(&probe).or_insert(value);
                    drop(probe);
                }
                Op::ExtractIf => {
                    arm();
                    let mut walk = map.extract_if(|k, _| {
                        control.tick(Site::Closure, k.key);
                        k.key % 2 == 0
                    });
                    drop(walk.next());
                    drop(walk.next());
                    drop(walk);
                }
                _ => unreachable!("{op:?} is one of `run`'s"),
            }
        }
    };
}
