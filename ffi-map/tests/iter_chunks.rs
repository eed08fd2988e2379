//! Iteration through the vtable, whose `fold` fetches a chunk of entries per call (and `next`
//! one): the same entries, in the same order, as the native iteration of the same map, whatever
//! the map's size against the chunk's, from every position, by `next`, `fold` or both, cloned
//! or not, with exact size hints, for every backend.

use std::fmt::Write as _;

use ffi_map::{Backend, FfiMap};

/// Sizes around the chunk's (64 entries) and its multiples, and around halfbrown's switch from
/// its vector to its table (past 32 entries).
const SIZES: [usize; 15] = [
    0, 1, 2, 31, 32, 33, 63, 64, 65, 100, 127, 128, 129, 192, 257,
];

/// A map of `n` entries built natively, and its entries in native iteration order.
fn native(backend: Backend, n: usize) -> (FfiMap<u64, String>, Vec<(u64, String)>) {
    let mut map = FfiMap::with_backend(backend).expect("an available backend");
    for k in 0..n as u64 {
        map.insert(k, k.to_string());
    }
    assert!(map.is_native());
    let order = map.iter().map(|(k, v)| (*k, v.clone())).collect();
    (map, order)
}

fn available() -> impl Iterator<Item = Backend> {
    [Backend::Halfbrown, Backend::Hashbrown]
        .into_iter()
        .filter(|b| b.is_available())
}

/// The entries, copied out by `fold` (which walks the buffered entries, then chunk by chunk).
fn owned<'a>(entries: impl Iterator<Item = (&'a u64, &'a String)>) -> Vec<(u64, String)> {
    entries.fold(Vec::new(), |mut owned, (k, v)| {
        owned.push((*k, v.clone()));
        owned
    })
}

#[test]
fn next_and_fold_yield_the_native_order() {
    for backend in available() {
        for n in SIZES {
            let (map, order) = native(backend, n);
            let map = map.into_vtable_dispatch();
            assert!(!map.is_native());
            let mut iter = map.iter();
            for (yielded, (k, v)) in order.iter().enumerate() {
                assert_eq!(iter.size_hint(), (n - yielded, Some(n - yielded)));
                assert_eq!(iter.next(), Some((k, v)), "{backend:?}, {n} entries");
            }
            assert_eq!(iter.len(), 0);
            assert_eq!(iter.next(), None);
            assert_eq!(iter.next(), None, "fused");
            assert_eq!(owned(map.iter()), order, "fold, {backend:?}, {n} entries");
            let keys: Vec<u64> = map.keys().copied().collect();
            assert_eq!(keys, order.iter().map(|(k, _)| *k).collect::<Vec<_>>());
            let lengths: usize = map.values().map(String::len).sum();
            assert_eq!(lengths, order.iter().map(|(_, v)| v.len()).sum::<usize>());
        }
    }
}

#[test]
fn a_partly_consumed_iterator_clones_with_its_position() {
    for backend in available() {
        for n in SIZES {
            let (map, order) = native(backend, n);
            let map = map.into_vtable_dispatch();
            for taken in 0..=n {
                let mut iter = map.iter();
                for _ in 0..taken {
                    iter.next();
                }
                let clone = iter.clone();
                assert_eq!(clone.len(), n - taken);
                let rest = &order[taken..];
                // Either one first: they share no position.
                if taken % 2 == 0 {
                    assert_eq!(
                        owned(clone),
                        rest,
                        "{backend:?}, {n} entries, {taken} taken"
                    );
                    assert_eq!(owned(iter), rest);
                } else {
                    // A `for` loop: entry by entry, `next` after `next`.
                    let mut by_next = Vec::new();
                    for (k, v) in iter {
                        by_next.push((*k, v.clone()));
                    }
                    assert_eq!(by_next, rest, "{backend:?}, {n} entries, {taken} taken");
                    assert_eq!(owned(clone), rest);
                }
            }
        }
    }
}

#[test]
fn iter_mut_reaches_every_value_once() {
    for backend in available() {
        for n in SIZES {
            let (map, order) = native(backend, n);
            let mut map = map.into_vtable_dispatch();
            // Some entries one by one, the rest by `fold`.
            let taken = n / 3;
            let mut iter = map.iter_mut();
            assert_eq!(iter.len(), n);
            for (k, v) in iter.by_ref().take(taken) {
                write!(v, "+{k}").unwrap();
            }
            assert_eq!(iter.len(), n - taken);
            iter.for_each(|(k, v)| write!(v, "+{k}").unwrap());
            for v in map.values_mut() {
                v.push('!');
            }
            let expected: Vec<(u64, String)> = order
                .iter()
                .map(|(k, v)| (*k, format!("{v}+{k}!")))
                .collect();
            assert_eq!(owned(map.iter()), expected, "{backend:?}, {n} entries");
        }
    }
}
