//! Every key and value a map is given is dropped exactly once, whichever way it leaves the
//! map, for every backend, natively and through the vtable.

mod common;

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use common::Scenario;
use ffi_map::{Entry, FfiMap};
use proptest::prelude::*;

/// Counts drops per id, shared by all the tracked values of one run.
#[derive(Default, Clone)]
struct Ledger(Rc<RefCell<BTreeMap<u32, u32>>>);

impl Ledger {
    fn value(&self, id: u32) -> Tracked {
        Tracked {
            id,
            ledger: self.clone(),
        }
    }

    /// Asserts that ids `0..created` were each dropped exactly once.
    fn assert_all_dropped_once(&self, created: u32) {
        let drops = self.0.borrow();
        for id in 0..created {
            assert_eq!(
                drops.get(&id),
                Some(&1),
                "value {id} dropped {:?} times",
                drops.get(&id)
            );
        }
        assert_eq!(
            drops.len(),
            created as usize,
            "drops of values never created"
        );
    }
}

/// A value that records its drop.
struct Tracked {
    id: u32,
    ledger: Ledger,
}

impl Drop for Tracked {
    fn drop(&mut self) {
        *self.ledger.0.borrow_mut().entry(self.id).or_default() += 1;
    }
}

#[derive(Debug, Clone)]
enum Op {
    Insert(u8),
    Remove(u8),
    EntryInsertOrReplace(u8),
    EntryRemove(u8),
    Retain(u8),
    Clear,
    Drain(usize),
}

fn op() -> impl Strategy<Value = Op> {
    let key = 0u8..40;
    prop_oneof![
        5 => key.clone().prop_map(Op::Insert),
        2 => key.clone().prop_map(Op::Remove),
        2 => key.clone().prop_map(Op::EntryInsertOrReplace),
        1 => key.prop_map(Op::EntryRemove),
        1 => (2u8..5).prop_map(Op::Retain),
        1 => Just(Op::Clear),
        1 => (0usize..5).prop_map(Op::Drain),
    ]
}

/// How the map ends.
#[derive(Debug, Clone, Copy)]
enum End {
    Drop,
    IntoIterPartly(usize),
}

fn run(scenario: Scenario, ops: &[Op], end: End) {
    let ledger = Ledger::default();
    let mut created = 0;
    let mut fresh = || {
        created += 1;
        ledger.value(created - 1)
    };
    {
        let mut map: FfiMap<u8, Tracked> = scenario.map();
        for op in ops {
            match *op {
                Op::Insert(k) => drop(map.insert(k, fresh())),
                Op::Remove(k) => drop(map.remove(&k)),
                Op::EntryInsertOrReplace(k) => match map.entry(k) {
                    Entry::Occupied(mut e) => drop(e.insert(fresh())),
                    Entry::Vacant(e) => drop(e.insert(fresh())),
                },
                Op::EntryRemove(k) => {
                    if let Entry::Occupied(e) = map.entry(k) {
                        drop(e.remove());
                    }
                }
                Op::Retain(m) => map.retain(|k, _| k % m != 0),
                Op::Clear => map.clear(),
                Op::Drain(n) => drop(map.drain().take(n).collect::<Vec<_>>()),
            }
        }
        match end {
            End::Drop => drop(map),
            End::IntoIterPartly(n) => drop(map.into_iter().take(n).collect::<Vec<_>>()),
        }
    }
    ledger.assert_all_dropped_once(created);
}

proptest! {
    #[test]
    fn every_value_is_dropped_exactly_once(
        ops in prop::collection::vec(op(), 0..80),
        partly in prop::option::of(0usize..10),
    ) {
        let end = partly.map_or(End::Drop, End::IntoIterPartly);
        for scenario in Scenario::all() {
            run(scenario, &ops, end);
        }
    }
}

#[test]
fn a_forgotten_drain_leaks_but_stays_sound() {
    for scenario in Scenario::all() {
        let ledger = Ledger::default();
        let mut map: FfiMap<u8, Tracked> = scenario.map();
        for k in 0..40 {
            map.insert(k, ledger.value(u32::from(k)));
        }
        std::mem::forget(map.drain());
        // The map is still usable and droppable afterwards.
        map.insert(1, ledger.value(100));
        assert_eq!(map.get(&1).map(|t| t.id), Some(100));
        assert_eq!(map.remove(&1).map(|t| t.id), Some(100));
        drop(map);
    }
}
