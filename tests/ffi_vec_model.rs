//! `FfiVec` against a `Vec` model: random operation sequences over an element type that
//! records its drops, so every element is checked to be dropped exactly once.

use std::cell::RefCell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::rc::Rc;

use ffi_value::FfiVec;
use proptest::prelude::*;

/// How often each element (by id) has been dropped.
type DropLog = Rc<RefCell<Vec<u8>>>;

/// An element with a value, that logs its drop under a unique id.
#[derive(Debug)]
struct Tracked {
    value: u8,
    id: usize,
    log: DropLog,
}

impl Tracked {
    fn new(value: u8, log: &DropLog) -> Self {
        let mut drops = log.borrow_mut();
        drops.push(0);
        Tracked {
            value,
            id: drops.len() - 1,
            log: Rc::clone(log),
        }
    }
}

impl Clone for Tracked {
    fn clone(&self) -> Self {
        Tracked::new(self.value, &self.log)
    }
}

impl Drop for Tracked {
    fn drop(&mut self) {
        let mut drops = self.log.borrow_mut();
        drops[self.id] += 1;
        assert_eq!(drops[self.id], 1, "element {} dropped twice", self.id);
    }
}

#[derive(Clone, Debug)]
enum Op {
    Push(u8),
    Pop,
    Insert(usize, u8),
    Remove(usize),
    SwapRemove(usize),
    Truncate(usize),
    Clear,
    Retain(u8),
    Reserve(usize),
    ReserveExact(usize),
    Extend(Vec<u8>),
    Clone,
    IterMut,
    /// Take `n` from the front of the owned iterator, then collect or drop the rest.
    IntoIter(usize, bool),
    /// `drain(a..b)` (indices wrapped to the length): take `front` from the front and `back`
    /// from the back, then drop the iterator with the rest.
    Drain(usize, usize, usize, usize),
    RoundTripVec,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => any::<u8>().prop_map(Op::Push),
        1 => Just(Op::Pop),
        2 => (any::<usize>(), any::<u8>()).prop_map(|(i, v)| Op::Insert(i, v)),
        1 => any::<usize>().prop_map(Op::Remove),
        1 => any::<usize>().prop_map(Op::SwapRemove),
        1 => (0..40usize).prop_map(Op::Truncate),
        1 => Just(Op::Clear),
        1 => (1..5u8).prop_map(Op::Retain),
        1 => (0..100usize).prop_map(Op::Reserve),
        1 => (0..100usize).prop_map(Op::ReserveExact),
        1 => prop::collection::vec(any::<u8>(), 0..20).prop_map(Op::Extend),
        1 => Just(Op::Clone),
        1 => Just(Op::IterMut),
        1 => (0..10usize, any::<bool>()).prop_map(|(n, keep)| Op::IntoIter(n, keep)),
        2 => (any::<usize>(), any::<usize>(), 0..5usize, 0..5usize)
            .prop_map(|(a, b, front, back)| Op::Drain(a, b, front, back)),
        1 => Just(Op::RoundTripVec),
    ]
}

fn values(vec: &FfiVec<Tracked>) -> Vec<u8> {
    vec.iter().map(|t| t.value).collect()
}

/// Applies `op` to the vector and to the model.
fn apply(op: Op, vec: &mut FfiVec<Tracked>, model: &mut Vec<u8>, log: &DropLog) {
    match op {
        Op::Push(v) => {
            vec.push(Tracked::new(v, log));
            model.push(v);
        }
        Op::Pop => assert_eq!(vec.pop().map(|t| t.value), model.pop()),
        Op::Insert(i, v) => {
            let i = i % (model.len() + 1);
            vec.insert(i, Tracked::new(v, log));
            model.insert(i, v);
        }
        Op::Remove(_) | Op::SwapRemove(_) if model.is_empty() => {}
        Op::Remove(i) => {
            let i = i % model.len();
            assert_eq!(vec.remove(i).value, model.remove(i));
        }
        Op::SwapRemove(i) => {
            let i = i % model.len();
            assert_eq!(vec.swap_remove(i).value, model.swap_remove(i));
        }
        Op::Truncate(n) => {
            vec.truncate(n);
            model.truncate(n);
        }
        Op::Clear => {
            vec.clear();
            model.clear();
        }
        Op::Retain(m) => {
            vec.retain(|t| t.value % m == 0);
            model.retain(|v| v % m == 0);
        }
        Op::Reserve(n) => {
            vec.reserve(n);
            assert!(vec.capacity() >= vec.len() + n);
        }
        Op::ReserveExact(n) => {
            let before = vec.capacity();
            vec.reserve_exact(n);
            let wanted = vec.len() + n;
            assert_eq!(
                vec.capacity(),
                before.max(wanted),
                "exactly what was asked for"
            );
        }
        Op::Extend(vs) => {
            vec.extend(vs.iter().map(|&v| Tracked::new(v, log)));
            model.extend(vs);
        }
        Op::Clone => {
            let copy = vec.clone();
            assert_eq!(values(&copy), *model);
        }
        Op::IterMut => {
            for t in &mut *vec {
                t.value = t.value.wrapping_add(1);
            }
            for v in &mut *model {
                *v = v.wrapping_add(1);
            }
        }
        Op::IntoIter(n, keep_rest) => {
            let mut it = std::mem::take(vec).into_iter();
            let taken: Vec<u8> = it.by_ref().take(n).map(|t| t.value).collect();
            let n = taken.len();
            assert_eq!(taken, model[..n]);
            model.drain(..n);
            assert_eq!(it.len(), model.len());
            if keep_rest {
                *vec = it.collect();
            } else {
                drop(it);
                model.clear();
            }
        }
        Op::Drain(a, b, front, back) => {
            let (a, b) = (a % (model.len() + 1), b % (model.len() + 1));
            let range = a.min(b)..a.max(b);
            let mut ours = vec.drain(range.clone());
            let mut theirs = model.drain(range);
            for _ in 0..front {
                assert_eq!(ours.next().map(|t| t.value), theirs.next());
            }
            for _ in 0..back {
                assert_eq!(ours.next_back().map(|t| t.value), theirs.next_back());
            }
            assert_eq!(ours.len(), theirs.len());
            let rest: Vec<u8> = ours.as_slice().iter().map(|t| t.value).collect();
            assert_eq!(rest, theirs.as_slice());
        }
        Op::RoundTripVec => {
            let std_vec: Vec<Tracked> = std::mem::take(vec).into();
            *vec = FfiVec::from(std_vec);
        }
    }
}

proptest! {
    #[test]
    fn behaves_like_vec(ops in prop::collection::vec(op(), 0..80)) {
        let log = DropLog::default();
        let mut vec = FfiVec::new();
        let mut model = Vec::new();
        for op in ops {
            apply(op, &mut vec, &mut model, &log);
            prop_assert_eq!(values(&vec), model.clone());
            prop_assert!(vec.capacity() >= vec.len());
        }
        drop(vec);
        prop_assert!(log.borrow().iter().all(|&drops| drops == 1), "{:?}", log.borrow());
    }
}

#[test]
fn retain_keeps_every_element_owned_when_the_predicate_panics() {
    let log = DropLog::default();
    let mut vec: FfiVec<Tracked> = (0..10).map(|v| Tracked::new(v, &log)).collect();
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        vec.retain(|t| {
            assert!(t.value != 5, "predicate panics");
            t.value % 2 == 0
        });
    }));
    assert!(outcome.is_err());
    assert_eq!(values(&vec), [0, 2, 4, 5, 6, 7, 8, 9]);
    drop(vec);
    assert!(log.borrow().iter().all(|&drops| drops == 1));
}

/// Clones like `Tracked`, but panics when cloning the value 3.
#[derive(Debug)]
struct CloneBomb(Tracked);

impl Clone for CloneBomb {
    fn clone(&self) -> Self {
        assert!(self.0.value != 3, "clone panics");
        CloneBomb(self.0.clone())
    }
}

#[test]
fn extend_from_slice_keeps_the_clones_made_before_a_panicking_clone() {
    let log = DropLog::default();
    let source: Vec<CloneBomb> = (0..6).map(|v| CloneBomb(Tracked::new(v, &log))).collect();
    let mut vec: FfiVec<CloneBomb> = FfiVec::new();
    vec.push(CloneBomb(Tracked::new(9, &log)));
    let outcome = catch_unwind(AssertUnwindSafe(|| vec.extend_from_slice(&source)));
    assert!(outcome.is_err());
    let kept: Vec<u8> = vec.iter().map(|c| c.0.value).collect();
    assert_eq!(kept, [9, 0, 1, 2]);
    drop((vec, source));
    assert!(
        log.borrow().iter().all(|&drops| drops == 1),
        "{:?}",
        log.borrow()
    );
}

#[test]
fn zero_sized_elements_never_allocate() {
    let mut vec = FfiVec::new();
    for _ in 0..1000 {
        vec.push(());
    }
    assert_eq!((vec.len(), vec.capacity()), (1000, usize::MAX));
    assert!(vec.allocator().is_none());
    vec.retain(|()| false);
    assert!(vec.is_empty());
}

#[test]
fn capacity_overflow_is_an_error_not_an_allocation() {
    let mut vec: FfiVec<u64> = FfiVec::new();
    assert_eq!(
        vec.try_reserve(usize::MAX / 4),
        Err(ffi_value::ffi::TryReserveError::CapacityOverflow)
    );
    vec.push(1);
    assert_eq!(
        vec.try_reserve(usize::MAX),
        Err(ffi_value::ffi::TryReserveError::CapacityOverflow)
    );
    assert_eq!(vec, [1]);
}

#[test]
fn over_aligned_elements_sit_after_the_header() {
    #[derive(Clone, Debug, PartialEq)]
    #[repr(align(64))]
    struct Aligned(u32);

    let mut vec = FfiVec::with_capacity(1);
    for i in 0..100 {
        vec.push(Aligned(i));
        assert_eq!(vec.as_ptr().align_offset(64), 0);
    }
    vec.remove(0);
    assert_eq!(vec.clone(), vec);
    assert_eq!(Vec::from(vec).len(), 99);
}

#[test]
fn a_forgotten_drain_leaks_but_leaves_the_elements_before_its_range() {
    let log = DropLog::default();
    let mut vec: FfiVec<Tracked> = (0..6).map(|v| Tracked::new(v, &log)).collect();
    let mut drain = vec.drain(2..4);
    assert_eq!(drain.next().map(|t| t.value), Some(2));
    std::mem::forget(drain);
    assert_eq!(values(&vec), [0, 1]);
    vec.push(Tracked::new(9, &log));
    assert_eq!(values(&vec), [0, 1, 9]);
    drop(vec);
    // Dropped once: the kept, the yielded and the pushed; leaked (never dropped): 3, 4, 5.
    assert_eq!(*log.borrow(), [1, 1, 1, 0, 0, 0, 1]);
}

#[test]
fn drain_panics_on_a_bad_range_as_vec_does() {
    for (range, message) in [
        ((3, 2), "drain range starts at 3 but ends at 2"),
        (
            (1, 9),
            "drain range end 9 out of range for a vector of length 4",
        ),
    ] {
        let mut vec: FfiVec<u8> = (0..4).collect();
        let panic = catch_unwind(AssertUnwindSafe(|| drop(vec.drain(range.0..range.1))))
            .expect_err("a bad range panics");
        assert_eq!(
            panic.downcast_ref::<String>().map(String::as_str),
            Some(message)
        );
        assert!(catch_unwind(|| Vec::from([0u8; 4]).drain(range.0..range.1).count()).is_err());
        assert_eq!(vec, [0, 1, 2, 3], "the vector is unchanged");
    }
}
