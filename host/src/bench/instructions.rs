//! `ffi-host bench --instructions`: each cell's instructions per event, counted by callgrind.
//!
//! Every cell runs alone in a child process (this executable with the hidden
//! `--counted-cell`) under callgrind, with collection switched on only inside the function
//! that runs the counted events ([`runner::COUNTED_FUNCTION`]): set-up, input generation and
//! warm-up are not counted, and no subtraction of two runs is needed. The children's outputs
//! must agree as the timed cells' do. A budget file then sets, per cell, the least share of
//! native's instructions per event that CI accepts.

use std::path::Path;
use std::process::Command;

use super::cells::Sink;
use super::config::Config;
use super::options::{Counting, Settings};
use super::runner;
use super::workload::Workload;

/// One cell's count.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Count {
    /// The cell's workload.
    pub workload: Workload,
    /// The cell's configuration.
    pub config: Config,
    /// Instructions per counted event.
    pub per_event: f64,
    /// What the counted run produced, warm-up included.
    pub sink: Sink,
}

/// Counts every cell of `settings`, reporting progress on stderr.
///
/// # Errors
/// Valgrind missing or failing (with its message), or a child whose output cannot be read.
pub fn count_all(settings: &Settings, counting: &Counting) -> Result<Vec<Count>, String> {
    let exe = std::env::current_exe().map_err(|e| format!("cannot find this executable: {e}"))?;
    let mut counts = Vec::new();
    for &workload in &settings.workloads {
        for &config in &settings.configs {
            let mut child = Command::new(&exe);
            child
                .args(["bench", "--counted-cell", "--instructions"])
                .args(["--workload", workload.name(), "--config", config.name()])
                .arg(format!("--instruction-events={}", counting.events))
                .arg(format!("--warmup={}", counting.warmup))
                .arg("--plugin-dir")
                .arg(&settings.plugin_dir)
                .arg("--out")
                .arg(&settings.out_dir);
            let counted = callgrind::count(&mut child, runner::COUNTED_FUNCTION)
                .map_err(|e| format!("{} × {}: {e}", workload.name(), config.name()))?;
            let sink = parse_sink(&counted.stdout).ok_or_else(|| {
                format!(
                    "{} × {}: the counted run printed no `sink` line: {:?}",
                    workload.name(),
                    config.name(),
                    counted.stdout
                )
            })?;
            #[allow(clippy::cast_precision_loss)] // Counts far below 2^52.
            let per_event = counted.instructions as f64 / counting.events as f64;
            eprintln!(
                "instructions: {:<27} {:<19} {per_event:>10.1} an event",
                workload.name(),
                config.name()
            );
            counts.push(Count {
                workload,
                config,
                per_event,
                sink,
            });
        }
    }
    Ok(counts)
}

/// The line a counted child prints: what its cell produced.
#[must_use]
pub fn sink_line(sink: &Sink) -> String {
    format!(
        "sink {} {} {}",
        sink.events_in, sink.events_out, sink.bytes_out
    )
}

/// The [`Sink`] of a child's [`sink_line`].
fn parse_sink(stdout: &str) -> Option<Sink> {
    let line = stdout.lines().find_map(|l| l.strip_prefix("sink "))?;
    let mut numbers = line.split(' ').map(str::parse::<u64>);
    let mut next = || numbers.next()?.ok();
    Some(Sink {
        events_in: next()?,
        events_out: next()?,
        bytes_out: next()?,
    })
}

/// Native's instructions per event over the cell's, in percent (like throughput's share).
#[must_use]
pub fn percent_of_native(counts: &[Count], count: &Count) -> Option<f64> {
    counts
        .iter()
        .find(|c| c.workload == count.workload && c.config == Config::Native)
        .map(|native| native.per_event / count.per_event * 100.0)
}

/// Checks `counts` against the budget file at `path` (lines `WORKLOAD CONFIG MIN_PERCENT`: the
/// least share of native's instructions per event), returning a report line per limit.
///
/// # Errors
/// The file cannot be read or parsed (naming the line), a limit names a cell that was not
/// counted (or counted without `native`), or some cells are under their limit (all named).
pub fn check_budget(counts: &[Count], path: &Path) -> Result<String, String> {
    let workloads: Vec<&str> = Workload::ALL.iter().map(|w| w.name()).collect();
    let configs: Vec<&str> = Config::ALL.iter().map(|c| c.name()).collect();
    callgrind::check_budget(
        path,
        (&workloads, &configs),
        callgrind::Bound::AtLeast,
        |limit| {
            let cell = counts
                .iter()
                .find(|c| c.workload.name() == limit.row && c.config.name() == limit.column)?;
            percent_of_native(counts, cell)
        },
        |percent, limit| {
            format!(
                "{percent:.1}% of native's instructions, budget {}%",
                limit.value
            )
        },
    )
    .map_err(|e| format!("instructions {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(workload: Workload, config: Config, per_event: f64) -> Count {
        Count {
            workload,
            config,
            per_event,
            sink: Sink::default(),
        }
    }

    #[test]
    fn a_sink_line_reads_back() {
        let sink = Sink {
            events_in: 10,
            events_out: 7,
            bytes_out: 4096,
        };
        assert_eq!(
            parse_sink(&format!("x\n{}\n", sink_line(&sink))),
            Some(sink)
        );
        assert_eq!(parse_sink("sink 1 2\n"), None);
    }

    #[test]
    fn cells_under_their_budget_fail_and_are_all_named() {
        let dir = std::env::temp_dir().join(format!("ffi-budget-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join("budget");
        let counts = [
            count(Workload::Passthrough, Config::Native, 600.0),
            count(Workload::Passthrough, Config::FfiHalfbrown, 750.0), // 80%
            count(Workload::Passthrough, Config::FfiHashbrown, 800.0), // 75%
        ];
        std::fs::write(&path, "passthrough ffi-halfbrown 80\n").expect("write");
        let report = check_budget(&counts, &path).expect("80% meets 80%");
        assert!(
            report.contains("ok: passthrough × ffi-halfbrown: 80.0%"),
            "{report}"
        );
        std::fs::write(
            &path,
            "passthrough ffi-halfbrown 81\npassthrough ffi-hashbrown 76\n",
        )
        .expect("write");
        let error = check_budget(&counts, &path).expect_err("both under");
        assert!(error.contains("ffi-halfbrown: 80.0%"), "{error}");
        assert!(error.contains("ffi-hashbrown: 75.0%"), "{error}");
        std::fs::write(&path, "throughput-logging-json native 100\n").expect("write");
        let error = check_budget(&counts, &path).expect_err("not counted");
        assert!(
            error.contains("budget:1: throughput-logging-json × native was not counted"),
            "{error}"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
