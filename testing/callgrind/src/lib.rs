//! Instruction counts with valgrind's callgrind, for benchmarks that the machine's load cannot
//! move: a program runs under callgrind with collection off, switched on only while a given
//! function runs (`--toggle-collect`, the function's callees included), and the count is read
//! from callgrind's output file.
//!
//! The function must not be inlined and its name must be unique in the program:
//!
//! ```no_run
//! use std::process::Command;
//!
//! // In the measured program: `#[inline(never)] fn counted_lookups(...) { ... }`.
//! let mut program = Command::new("target/release/my-bench");
//! program.arg("--lookups").arg("1000");
//! let counted = callgrind::count(&mut program, "counted_lookups")?;
//! println!("{} instructions a look-up", counted.instructions as f64 / 1000.0);
//! # Ok::<(), String>(())
//! ```
//!
//! Counts are deterministic for a given binary and input (to a few instructions), whatever
//! else runs on the machine; they do not see cache misses or pipeline stalls, so time is still
//! measured to confirm them.

mod limits;

use std::path::PathBuf;
use std::process::Command;

pub use limits::{check_budget, parse_limits, Bound, Limit};

/// What callgrind counted while the function ran, and what the program printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counted {
    /// Instructions executed inside the function and its callees, over all its calls.
    pub instructions: u64,
    /// The program's standard output.
    pub stdout: String,
}

/// The valgrind executable: `$VALGRIND`, else `valgrind` on the `PATH`.
fn valgrind() -> PathBuf {
    std::env::var_os("VALGRIND").map_or_else(|| PathBuf::from("valgrind"), PathBuf::from)
}

/// Runs `program` under callgrind, counting the instructions executed while a function whose
/// name contains `function` runs (in any of the program's threads).
///
/// # Errors
/// Valgrind cannot be started (with how to install it), the program fails (with its standard
/// error), or callgrind's output has no count; or the function never ran (a count of zero:
/// an inlined or misnamed function).
pub fn count(program: &mut Command, function: &str) -> Result<Counted, String> {
    let out_file =
        std::env::temp_dir().join(format!("callgrind-{}-{function}.out", std::process::id()));
    let mut command = Command::new(valgrind());
    command
        .arg("--tool=callgrind")
        .arg("--collect-atstart=no")
        .arg(format!("--toggle-collect=*{function}*"))
        .arg(format!("--callgrind-out-file={}", out_file.display()))
        .arg(program.get_program())
        .args(program.get_args());
    if let Some(dir) = program.get_current_dir() {
        command.current_dir(dir);
    }
    for (key, value) in program.get_envs() {
        match value {
            Some(value) => command.env(key, value),
            None => command.env_remove(key),
        };
    }
    let output = command.output().map_err(|e| {
        format!(
            "cannot run {} ({e}): callgrind is part of valgrind (apt-get install valgrind; \
             or set VALGRIND to its path)",
            valgrind().display()
        )
    })?;
    let text = std::fs::read_to_string(&out_file);
    let _ = std::fs::remove_file(&out_file);
    if !output.status.success() {
        return Err(format!(
            "{} under callgrind failed ({}):\n{}",
            program.get_program().to_string_lossy(),
            output.status,
            String::from_utf8_lossy(&output.stderr).trim_end()
        ));
    }
    let text = text.map_err(|e| format!("callgrind's output {}: {e}", out_file.display()))?;
    let instructions = total(&text).ok_or_else(|| {
        format!(
            "callgrind's output {} has no `summary:` or `totals:` line",
            out_file.display()
        )
    })?;
    if instructions == 0 {
        return Err(format!(
            "no instructions counted in `{function}`: it never ran, or it was inlined \
             (mark it #[inline(never)])"
        ));
    }
    Ok(Counted {
        instructions,
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
    })
}

/// The name of [`callgrind_counted_runs`], for [`count`].
pub const RUNS_FUNCTION: &str = "callgrind_counted_runs";

/// Calls `run` `runs` times: what [`count_runs`] counts, in a benchmark program that runs
/// itself under callgrind. Everything `run` needs is to be made before.
#[inline(never)]
pub fn callgrind_counted_runs(runs: u64, mut run: impl FnMut()) {
    for _ in 0..runs {
        run();
    }
}

/// Runs this program again, with `args`, under callgrind, and returns the instructions per
/// run counted in [`callgrind_counted_runs`], which that run must call with `runs`: the way a
/// benchmark program counts each of its cells in a process of its own.
///
/// ```no_run
/// const RUNS: u64 = 1_000;
/// let args: Vec<String> = std::env::args().skip(1).collect();
/// if args.first().is_some_and(|a| a == "--child") {
///     let mut v = Vec::new();
///     callgrind::callgrind_counted_runs(RUNS, || v.push(std::hint::black_box(1_u8)));
/// } else {
///     let per_push = callgrind::count_runs(&["--child"], RUNS)?;
///     println!("{per_push:.1} instructions a push");
/// }
/// # Ok::<(), String>(())
/// ```
///
/// # Errors
/// As [`count`], and this program's path unknown.
pub fn count_runs(args: &[&str], runs: u64) -> Result<f64, String> {
    let exe = std::env::current_exe().map_err(|e| format!("cannot find this program: {e}"))?;
    let counted = count(Command::new(exe).args(args), RUNS_FUNCTION)?;
    #[allow(clippy::cast_precision_loss)] // Counts far below 2^52.
    Ok(counted.instructions as f64 / runs.max(1) as f64)
}

/// The total count (the first event, `Ir`) of a callgrind output file.
fn total(text: &str) -> Option<u64> {
    text.lines()
        .rev()
        .find_map(|line| {
            line.strip_prefix("totals:")
                .or_else(|| line.strip_prefix("summary:"))
        })
        .and_then(|counts| counts.split_whitespace().next())
        .and_then(|first| first.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::total;

    #[test]
    fn the_total_is_the_first_count_of_the_totals_or_summary_line() {
        assert_eq!(total("events: Ir\nfn=x\n3 4\nsummary: 1234\n"), Some(1234));
        assert_eq!(total("events: Ir Dr\ntotals: 77 5\n"), Some(77));
        assert_eq!(total("events: Ir\nfn=x\n"), None);
    }
}
