//! Times `FfiMap` against the native maps it wraps, `std`'s map and `abi_stable`'s `RHashMap`
//! (the contenders and their work: `contenders/`), with criterion. Run with
//! `cargo bench -p ffi-map --features hashbrown --bench map`; `instructions.rs` counts the
//! same work's instructions.

mod contenders;

use std::hint::black_box;
use std::time::Duration;

use contenders::{filled, for_each_contender, keys, memoized, BenchMap, Visit, Work, LOOKUPS};
use criterion::measurement::WallTime;
use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkGroup, Criterion};

/// One criterion group, run over every contender (that supports its work).
struct Contenders<'c> {
    group: BenchmarkGroup<'c, WallTime>,
    work: Work,
    keys: Vec<String>,
}

impl Visit for Contenders<'_> {
    fn visit<M: BenchMap>(&mut self, name: &str, new: fn() -> M) {
        let map = filled(new, &self.keys);
        assert!(LOOKUPS.iter().all(|k| map.get(k).is_some()));
        match self.work {
            Work::Get5(_) => {
                self.group.bench_function(name, |b| {
                    b.iter(|| {
                        for key in LOOKUPS {
                            black_box(map.get(black_box(key)));
                        }
                    });
                });
            }
            Work::Get5Memoized(_) => {
                let Some(hashed) = memoized(&map) else {
                    return; // no raw-entry API
                };
                self.group.bench_function(name, |b| {
                    b.iter(|| {
                        for (memo, key) in &hashed {
                            black_box(map.get_hashed(black_box(memo), black_box(*key)));
                        }
                    });
                });
            }
            Work::Insert13 => {
                self.group.bench_function(name, |b| {
                    b.iter_batched(
                        || self.keys.iter().cloned().map(M::key).collect::<Vec<_>>(),
                        |keys| {
                            let mut map = new();
                            for (key, value) in keys.into_iter().zip(0..) {
                                map.put(key, value);
                            }
                            map // dropped outside the timing
                        },
                        BatchSize::SmallInput,
                    );
                });
            }
            Work::Iter100 => {
                let expected = map.sum();
                assert_eq!(expected, (0..self.keys.len() as u64).sum::<u64>());
                self.group
                    .bench_function(name, |b| b.iter(|| black_box(&map).sum()));
            }
        }
    }
}

/// Runs `work` over every contender, in its group.
fn group(c: &mut Criterion, work: Work) {
    let mut g = Contenders {
        group: c.benchmark_group(work.name()),
        work,
        keys: keys(work.keys()),
    };
    for_each_contender(&mut g);
    g.group.finish();
}

fn benches(c: &mut Criterion) {
    for work in Work::ALL {
        group(c, work);
    }
}

/// The harness; a private module, as `criterion_group!` makes an undocumented `pub fn`.
mod harness {
    use super::{benches, criterion_group, Criterion, Duration};

    criterion_group! {
        name = map;
        config = Criterion::default()
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(2));
        targets = benches
    }
}
criterion_main!(harness::map);
