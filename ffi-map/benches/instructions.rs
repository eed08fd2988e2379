//! Counts the instructions of the map benchmarks' work (`contenders/`) with callgrind: a count
//! per operation that the machine's load does not move, for every contender, with its ratio to
//! the native map it wraps (`halfbrown` for `ffi-halfbrown*`, `hashbrown` for the others).
//!
//! ```text
//! cargo bench -p ffi-map --features hashbrown --bench instructions [-- --budget FILE]
//! ```
//!
//! Each work × contender runs in a child process (this program with `--run WORK CONTENDER`)
//! under callgrind, counted only inside `callgrind::callgrind_counted_runs`: the map is filled and the
//! keys made before, uncounted. With `--budget`, every `WORK CONTENDER MAX_RATIO` line of the
//! file must hold (CI: `.ci/map-instruction-budget`). Needs valgrind.

mod contenders;

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::Path;
use std::process::ExitCode;

use contenders::{filled, for_each_contender, keys, memoized, BenchMap, Visit, Work, LOOKUPS};

/// Operations counted per work × contender.
const RUNS: u64 = 2_000;

/// Runs `run` [`RUNS`] times: everything callgrind counts.
fn counted(run: impl FnMut()) {
    callgrind::callgrind_counted_runs(RUNS, run);
}

/// The child's work: runs `work` on the contender named `name`, if it offers it.
struct RunOne {
    work: Work,
    name: String,
    ran: bool,
}

impl Visit for RunOne {
    fn visit<M: BenchMap>(&mut self, name: &str, new: fn() -> M) {
        if name != self.name {
            return;
        }
        let keys = keys(self.work.keys());
        let map = filled(new, &keys);
        assert!(LOOKUPS.iter().all(|k| map.get(k).is_some()));
        match self.work {
            Work::Get5(_) => counted(|| {
                for key in LOOKUPS {
                    black_box(map.get(black_box(key)));
                }
            }),
            Work::Get5Memoized(_) => {
                let Some(hashed) = memoized(&map) else {
                    return;
                };
                counted(|| {
                    for (memo, key) in &hashed {
                        black_box(map.get_hashed(black_box(memo), black_box(*key)));
                    }
                });
            }
            Work::Insert13 => {
                let mut sets = (0..RUNS)
                    .map(|_| keys.iter().cloned().map(M::key).collect::<Vec<_>>())
                    .collect::<Vec<_>>()
                    .into_iter();
                counted(|| {
                    let mut map = new();
                    for (key, value) in sets.next().into_iter().flatten().zip(0..) {
                        map.put(key, value);
                    }
                    drop(black_box(map));
                });
            }
            Work::Iter100 => counted(|| {
                black_box(black_box(&map).sum());
            }),
        }
        self.ran = true;
    }
}

/// The contenders' names, and whether each offers memoized look-ups.
struct Names(Vec<(String, bool)>);

impl Visit for Names {
    fn visit<M: BenchMap>(&mut self, name: &str, new: fn() -> M) {
        self.0
            .push((name.to_owned(), new().memo_hash("k").is_some()));
    }
}

/// The native map a contender is compared with.
fn baseline(contender: &str) -> &'static str {
    if contender.starts_with("ffi-halfbrown") {
        "halfbrown"
    } else {
        "hashbrown"
    }
}

/// Instructions per operation of every work × contender that offers it.
fn count_all(names: &[(String, bool)]) -> Result<Vec<(Work, String, f64)>, String> {
    let mut counts = Vec::new();
    for work in Work::ALL {
        for (name, memo) in names {
            if matches!(work, Work::Get5Memoized(_)) && !memo {
                continue;
            }
            let per_run = callgrind::count_runs(&["--run", work.name(), name], RUNS)
                .map_err(|e| format!("{} × {name}: {e}", work.name()))?;
            eprintln!("{:<22} {name:<21} {per_run:>8.1}", work.name());
            counts.push((work, name.clone(), per_run));
        }
    }
    Ok(counts)
}

/// A contender's count over its baseline's, for the same work.
fn ratio(counts: &[(Work, String, f64)], work: Work, name: &str) -> Option<f64> {
    let of = |n: &str| counts.iter().find(|c| c.0 == work && c.1 == n).map(|c| c.2);
    Some(of(name)? / of(baseline(name))?)
}

/// The table: a row per work, a column per contender, `count (ratio)`.
fn table(counts: &[(Work, String, f64)], names: &[(String, bool)]) -> String {
    let mut text = String::from(
        "Instructions per operation, callgrind (ratio: over halfbrown for ffi-halfbrown*, \
         over hashbrown for the others)\n",
    );
    let _ = write!(text, "{:<22}", "work");
    for (name, _) in names {
        let _ = write!(text, " {name:>21}");
    }
    for work in Work::ALL {
        let _ = write!(text, "\n{:<22}", work.name());
        for (name, _) in names {
            let cell = match (
                counts.iter().find(|c| c.0 == work && c.1 == *name),
                ratio(counts, work, name),
            ) {
                (Some(c), Some(r)) => format!("{:.0} ({r:.2}x)", c.2),
                _ => "-".to_owned(),
            };
            let _ = write!(text, " {cell:>21}");
        }
    }
    text.push('\n');
    text
}

/// Checks every limit of the budget file at `path`: a contender's ratio at most the limit.
fn check_budget(
    counts: &[(Work, String, f64)],
    names: &[(String, bool)],
    path: &Path,
) -> Result<String, String> {
    let works: Vec<&str> = Work::ALL.iter().map(|w| w.name()).collect();
    let contenders: Vec<&str> = names.iter().map(|(n, _)| n.as_str()).collect();
    callgrind::check_budget(
        path,
        (&works, &contenders),
        callgrind::Bound::AtMost,
        |limit| {
            let work = Work::ALL.into_iter().find(|w| w.name() == limit.row)?;
            ratio(counts, work, &limit.column)
        },
        |r, limit| format!("{r:.3}x its native map, budget {}x", limit.value),
    )
    .map_err(|e| format!("map operations {e}"))
}

/// The child (`--run WORK CONTENDER`) or the driver (`[--budget FILE]`).
fn run(args: &[String]) -> Result<(), String> {
    match args {
        [flag, work, name] if flag == "--run" => {
            let work = Work::ALL
                .into_iter()
                .find(|w| w.name() == work)
                .ok_or_else(|| format!("no work named {work}"))?;
            let mut one = RunOne {
                work,
                name: name.clone(),
                ran: false,
            };
            for_each_contender(&mut one);
            if one.ran {
                Ok(())
            } else {
                Err(format!("{name} does not do {}", work.name()))
            }
        }
        [] | [_, _] if args.first().is_none_or(|flag| flag == "--budget") => {
            let mut names = Names(Vec::new());
            for_each_contender(&mut names);
            let counts = count_all(&names.0)?;
            print!("{}", table(&counts, &names.0));
            if let [_, path] = args {
                let path = Path::new(path);
                let report = check_budget(&counts, &names.0, path)?;
                print!(
                    "\nBudget ({}): every operation within it\n{report}",
                    path.display()
                );
            }
            Ok(())
        }
        _ => Err("usage: instructions [--budget FILE]".to_owned()),
    }
}

fn main() -> ExitCode {
    // `cargo bench` passes `--bench`.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("instructions: error: {message}");
            ExitCode::FAILURE
        }
    }
}
