//! `FfiVec`'s part of the panic matrix: every operation that runs user code (an element's
//! `Clone` or `Drop`, a closure) × where it panics, against `std`'s `Vec` doing the same. The
//! elements are the bombs of `ffi-map`'s panic matrix. An `FfiVec` runs its elements' code in
//! the library that holds it (only its block goes through the allocator table), so a panic
//! unwinds as in a `Vec`: each case asserts the same message, the same elements left in the
//! same order, the same leaks (none), and that no element is dropped twice.

use std::panic::{catch_unwind, AssertUnwindSafe};

use ffi_value::FfiVec;

#[allow(dead_code)]
#[path = "../ffi-map/tests/support/bomb.rs"]
mod bomb;

use bomb::{message, silence_bombs, Bomb, Control, Outcome, Site};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Truncate,
    Clear,
    Drop,
    Pop,
    Remove,
    SwapRemove,
    /// `retain` keeping the even keys, with a filter that ticks the closure site.
    Retain,
    ExtendFromSlice,
    Clone,
    /// `extend` from an iterator whose closure ticks the closure site.
    Extend,
    /// Takes one element from `into_iter`, then drops it with the rest.
    IntoIter,
    /// Takes one element from each end of `drain(1..len - 1)`, then drops the rest with it.
    Drain,
}

const OPS: [Op; 12] = [
    Op::Truncate,
    Op::Clear,
    Op::Drop,
    Op::Pop,
    Op::Remove,
    Op::SwapRemove,
    Op::Retain,
    Op::ExtendFromSlice,
    Op::Clone,
    Op::Extend,
    Op::IntoIter,
    Op::Drain,
];

/// Defines `run` for a vector type with `Vec`'s API.
macro_rules! vec_ops {
    ($vec:ty) => {
        /// Runs `op` on `vec` (holding keys `0..n`), `site` armed after the set-up.
        pub fn run(op: Op, vec: &mut $vec, control: &Control, n: u32, site: Site, after: i64) {
            let arm = || control.arm(site, after);
            match op {
                Op::Truncate => {
                    arm();
                    vec.truncate(2);
                }
                Op::Clear => {
                    arm();
                    vec.clear();
                }
                Op::Drop => {
                    let taken = std::mem::take(vec);
                    arm();
                    drop(taken);
                }
                Op::Pop => {
                    arm();
                    drop(vec.pop());
                }
                Op::Remove => {
                    arm();
                    drop(vec.remove(1));
                }
                Op::SwapRemove => {
                    arm();
                    drop(vec.swap_remove(1));
                }
                Op::Retain => {
                    arm();
                    vec.retain(|b| {
                        control.tick(Site::Closure, b.key);
                        b.key % 2 == 0
                    });
                }
                Op::ExtendFromSlice => {
                    let more: Vec<Bomb> = (n..n + 3).map(|k| control.bomb(k)).collect();
                    arm();
                    vec.extend_from_slice(&more);
                    drop(more);
                }
                Op::Clone => {
                    arm();
                    drop(vec.clone());
                }
                Op::Extend => {
                    arm();
                    vec.extend((n..n + 3).map(|k| {
                        control.tick(Site::Closure, k);
                        control.bomb(k)
                    }));
                }
                Op::IntoIter => {
                    let taken = std::mem::take(vec);
                    arm();
                    let mut items = taken.into_iter();
                    drop(items.next());
                    drop(items);
                }
                Op::Drain => {
                    let end = vec.len() - 1;
                    arm();
                    let mut items = vec.drain(1..end);
                    drop(items.next());
                    drop(items.next_back());
                    drop(items);
                }
            }
        }
    };
}

mod on_ffi {
    use super::{Bomb, Control, FfiVec, Op, Site};
    vec_ops!(FfiVec<Bomb>);
}
mod on_std {
    use super::{Bomb, Control, Op, Site};
    vec_ops!(Vec<Bomb>);
}

macro_rules! case {
    ($module:ident, $vec:ty, $op:expr, $site:expr, $after:expr, $n:expr) => {{
        let control = Control::new();
        let mut vec: $vec = (0..$n).map(|k| control.bomb(k)).collect();
        let panic = catch_unwind(AssertUnwindSafe(|| {
            $module::run($op, &mut vec, &control, $n, $site, $after);
        }))
        .err()
        .map(|payload| message(&*payload));
        control.disarm();
        let keys: Vec<u32> = vec.iter().map(|b| b.key).collect();
        drop(vec);
        Outcome::new(&control, panic, keys, $site)
    }};
}

#[test]
fn ffi_vec_unwinds_as_vec_does() {
    silence_bombs();
    let (mut cases, mut panicked) = (0, 0);
    for n in [2, 6] {
        for op in OPS {
            for site in Site::ALL {
                for after in [0, 1, 3] {
                    let ours = case!(on_ffi, FfiVec<Bomb>, op, site, after, n);
                    let std = case!(on_std, Vec<Bomb>, op, site, after, n);
                    assert_eq!(ours, std, "n={n} {op:?} {site:?} after={after}");
                    assert_eq!(ours.leaked, 0, "n={n} {op:?} {site:?} after={after}");
                    cases += 1;
                    panicked += usize::from(ours.panic.is_some());
                }
            }
        }
    }
    println!("{cases} cases, {panicked} of them panicked");
    assert_eq!(cases, 360);
    assert!(panicked >= 50, "only {panicked} cases panicked");
}
