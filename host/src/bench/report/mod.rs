//! The results of a run: figures per cell, the correctness check, and their presentations
//! ([`table`] on stdout, [`files`]: JSON, CSV and an SVG [`chart`]).

mod chart;
pub mod files;
pub mod table;

use serde::Serialize;

use super::config::Config;
use super::instructions::{self, Count};
use super::options::Settings;
use super::runner::Measured;

/// The spread between rounds above which the figures are flagged as untrustworthy.
pub const MAX_SPREAD: f64 = 0.10;

/// Everything a run measured.
#[derive(Debug, Serialize)]
pub struct Results {
    /// Events per timed round, per cell.
    pub events: u64,
    /// Timed rounds.
    pub rounds: u32,
    /// Untimed events per cell first.
    pub warmup: u64,
    /// Events per cell of the latency pass.
    pub latency_events: u64,
    /// The workloads (rows), in order.
    pub workloads: Vec<&'static str>,
    /// The configurations (columns), in order.
    pub configs: Vec<&'static str>,
    /// One per workload × configuration, row by row.
    pub cells: Vec<CellResult>,
    /// One per workload: whether its configurations agree on what it produced.
    pub checks: Vec<Check>,
}

/// The figures of one workload × configuration.
#[derive(Debug, Clone, Serialize)]
pub struct CellResult {
    /// The workload's name.
    pub workload: &'static str,
    /// The configuration's name.
    pub config: &'static str,
    /// Events per second of the median round.
    pub events_per_second: f64,
    /// `events_per_second` as a percentage of `native`'s, when `native` ran.
    pub percent_of_native: Option<f64>,
    /// Events per second of each round, in order.
    pub round_events_per_second: Vec<f64>,
    /// (fastest - slowest round) / median, as a fraction.
    pub spread: f64,
    /// Latency percentiles, in microseconds.
    pub latency_us: Latency,
    /// Events decoded over the whole run.
    pub events_in: u64,
    /// Events out of the last stage.
    pub events_out: u64,
    /// Events dropped by the stages (in - out).
    pub overflow: u64,
    /// Bytes of the encoded outputs.
    pub bytes_out: u64,
    /// Instructions per event, counted by callgrind (with `--instructions`).
    pub instructions_per_event: Option<f64>,
    /// Native's instructions per event over this cell's, in percent.
    pub instructions_percent_of_native: Option<f64>,
    /// Events out of the counted run (warm-up included), to compare between configurations.
    pub counted_events_out: Option<u64>,
}

/// Latency percentiles, in microseconds.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Latency {
    /// The median.
    pub p50: f64,
    /// The 99th percentile.
    pub p99: f64,
    /// The 99.9th percentile.
    pub p999: f64,
    /// The slowest event.
    pub max: f64,
}

/// Whether the configurations of a workload agree on what it produced.
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    /// The workload's name.
    pub workload: &'static str,
    /// Same events out and overflow everywhere (if not, a configuration is wrong).
    pub counts_agree: bool,
    /// Same bytes out everywhere (JSON writers may differ, e.g. on floats: a warning).
    pub bytes_agree: bool,
    /// What was found, for the reader.
    pub summary: String,
}

impl Results {
    /// The results of `cells`, run with `settings`, with their instruction `counts` (if any).
    #[must_use]
    pub fn new(settings: &Settings, cells: &[Measured], counts: &[Count]) -> Self {
        let mut results: Vec<CellResult> = cells.iter().map(|m| cell_result(settings, m)).collect();
        for count in counts {
            let cell = results
                .iter_mut()
                .find(|c| c.workload == count.workload.name() && c.config == count.config.name());
            if let Some(cell) = cell {
                cell.instructions_per_event = Some(count.per_event);
                cell.instructions_percent_of_native =
                    instructions::percent_of_native(counts, count);
                cell.counted_events_out = Some(count.sink.events_out);
            }
        }
        let native: Vec<(&'static str, f64)> = results
            .iter()
            .filter(|c| c.config == Config::Native.name())
            .map(|c| (c.workload, c.events_per_second))
            .collect();
        for cell in &mut results {
            cell.percent_of_native = native
                .iter()
                .find(|(workload, _)| *workload == cell.workload)
                .map(|&(_, reference)| percent_of(cell.events_per_second, reference));
        }
        let checks = settings
            .workloads
            .iter()
            .map(|w| check(w.name(), &results))
            .collect();
        Self {
            events: settings.events,
            rounds: settings.rounds,
            warmup: settings.warmup,
            latency_events: settings.latency_events,
            workloads: settings.workloads.iter().map(|w| w.name()).collect(),
            configs: settings.configs.iter().map(|c| c.name()).collect(),
            cells: results,
            checks,
        }
    }

    /// The cell of `workload` × `config`.
    #[must_use]
    pub fn cell(&self, workload: &str, config: &str) -> Option<&CellResult> {
        self.cells
            .iter()
            .find(|c| c.workload == workload && c.config == config)
    }

    /// Fails when, for some workload, configurations disagree on events out or overflow.
    ///
    /// # Errors
    /// Names the workloads and what each configuration produced.
    pub fn check(&self) -> Result<(), String> {
        let wrong: Vec<&str> = self
            .checks
            .iter()
            .filter(|c| !c.counts_agree)
            .map(|c| c.summary.as_str())
            .collect();
        if wrong.is_empty() {
            Ok(())
        } else {
            Err(format!(
                "configurations disagree on what a workload produced:\n  {}",
                wrong.join("\n  ")
            ))
        }
    }
}

/// The figures of one measured cell (`percent_of_native` left for later).
fn cell_result(settings: &Settings, measured: &Measured) -> CellResult {
    #[allow(clippy::cast_precision_loss)] // Event counts far below 2^52.
    let events = settings.events as f64;
    let rates: Vec<f64> = measured
        .rounds
        .iter()
        .map(|round| events / round.as_secs_f64().max(f64::MIN_POSITIVE))
        .collect();
    let median = median(&rates);
    let (min, max) = rates.iter().fold((f64::INFINITY, 0.0_f64), |(lo, hi), &r| {
        (lo.min(r), hi.max(r))
    });
    #[allow(clippy::cast_precision_loss)] // Nanoseconds far below 2^52.
    let micros = |quantile: f64| measured.latency.value_at_quantile(quantile) as f64 / 1000.0;
    CellResult {
        workload: measured.workload.name(),
        config: measured.config.name(),
        events_per_second: median,
        percent_of_native: None,
        spread: if median > 0.0 {
            (max - min) / median
        } else {
            0.0
        },
        round_events_per_second: rates,
        latency_us: Latency {
            p50: micros(0.5),
            p99: micros(0.99),
            p999: micros(0.999),
            max: micros(1.0),
        },
        events_in: measured.sink.events_in,
        events_out: measured.sink.events_out,
        overflow: measured.sink.overflow(),
        bytes_out: measured.sink.bytes_out,
        instructions_per_event: None,
        instructions_percent_of_native: None,
        counted_events_out: None,
    }
}

/// The median of `values` (the mean of the middle two for an even count; 0 for none).
fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    match sorted.len() {
        0 => 0.0,
        n if n % 2 == 1 => sorted[n / 2],
        n => f64::midpoint(sorted[n / 2 - 1], sorted[n / 2]),
    }
}

/// Whether the configurations of `workload` agree.
fn check(workload: &'static str, cells: &[CellResult]) -> Check {
    let cells: Vec<&CellResult> = cells.iter().filter(|c| c.workload == workload).collect();
    let same = |key: fn(&CellResult) -> u64| cells.windows(2).all(|w| key(w[0]) == key(w[1]));
    let counts_agree = same(|c| c.events_out)
        && same(|c| c.overflow)
        && cells
            .windows(2)
            .all(|w| w[0].counted_events_out == w[1].counted_events_out);
    let bytes_agree = same(|c| c.bytes_out);
    let summary = match cells.first() {
        Some(first) if counts_agree && bytes_agree => format!(
            "{workload}: all {} configurations: {} in, {} out, {} overflow, {} bytes out",
            cells.len(),
            first.events_in,
            first.events_out,
            first.overflow,
            first.bytes_out
        ),
        _ => {
            let each: Vec<String> = cells
                .iter()
                .map(|c| {
                    let counted = c
                        .counted_events_out
                        .map_or_else(String::new, |out| format!("/{out} counted out"));
                    format!(
                        "{} {} out/{} overflow/{} bytes{counted}",
                        c.config, c.events_out, c.overflow, c.bytes_out
                    )
                })
                .collect();
            format!("{workload}: {}", each.join(", "))
        }
    };
    Check {
        workload,
        counts_agree,
        bytes_agree,
        summary,
    }
}

/// `value` as a percentage of `reference`: the ratio first, so that a value of its own
/// reference is exactly 100 (`100 * x / x` is not, for some `x`: 3837725.3139358493 gives
/// 99.99999999999999, which failed a CI run).
fn percent_of(value: f64, reference: f64) -> f64 {
    value / reference * 100.0
}

/// `value` with an SI suffix, about 3 significant digits: `1.23M`, `45.6k`, `789`.
#[must_use]
pub fn si(value: f64) -> String {
    match value {
        v if v >= 1e9 => format!("{:.2}G", v / 1e9),
        v if v >= 1e6 => format!("{:.2}M", v / 1e6),
        v if v >= 1e3 => format!("{:.1}k", v / 1e3),
        v => format!("{v:.0}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_exactly_100_percent_of_itself() {
        for x in [3_837_725.313_935_849_3, 1.0, 0.1, 1e-300, 7.0e15, f64::MAX] {
            assert_eq!(percent_of(x, x).to_bits(), 100.0_f64.to_bits(), "{x}");
        }
        assert!((percent_of(95.0, 100.0) - 95.0).abs() < 1e-12);
    }

    #[test]
    fn the_median_of_an_even_count_is_the_mean_of_the_middle_two() {
        assert!((median(&[4.0, 1.0, 3.0, 2.0]) - 2.5).abs() < 1e-12);
        assert!((median(&[5.0, 1.0, 3.0]) - 3.0).abs() < 1e-12);
        assert!(median(&[]).abs() < 1e-12);
    }

    /// A cell of workload `w` whose outputs are `out` events of `bytes` bytes, of 10 in.
    fn cell(config: &'static str, out: u64, bytes: u64) -> CellResult {
        CellResult {
            workload: "w",
            config,
            events_per_second: 1.0,
            percent_of_native: None,
            round_events_per_second: vec![1.0],
            spread: 0.0,
            latency_us: Latency {
                p50: 1.0,
                p99: 1.0,
                p999: 1.0,
                max: 1.0,
            },
            events_in: 10,
            events_out: out,
            overflow: 10 - out,
            bytes_out: bytes,
            instructions_per_event: None,
            instructions_percent_of_native: None,
            counted_events_out: None,
        }
    }

    #[test]
    fn configurations_must_agree_on_counts_and_should_on_bytes() {
        let agree = check("w", &[cell("a", 7, 70), cell("b", 7, 70)]);
        assert!(agree.counts_agree && agree.bytes_agree);
        assert!(agree
            .summary
            .contains("all 2 configurations: 10 in, 7 out, 3 overflow"));
        let counted = |out| CellResult {
            counted_events_out: Some(out),
            ..cell("a", 7, 70)
        };
        let disagree = check("w", &[counted(5), counted(6)]);
        assert!(!disagree.counts_agree, "counted runs differ");
        assert!(
            disagree.summary.contains("5 counted out"),
            "{}",
            disagree.summary
        );
        let bytes = check("w", &[cell("a", 7, 70), cell("b", 7, 71)]);
        assert!(bytes.counts_agree && !bytes.bytes_agree);
        let counts = check("w", &[cell("a", 7, 70), cell("b", 6, 70)]);
        assert!(!counts.counts_agree);
        assert!(
            counts.summary.contains("b 6 out/4 overflow"),
            "{}",
            counts.summary
        );
        let results = Results {
            events: 1,
            rounds: 1,
            warmup: 0,
            latency_events: 1,
            workloads: vec!["w"],
            configs: vec!["a", "b"],
            cells: vec![cell("a", 7, 70), cell("b", 6, 70)],
            checks: vec![bytes, counts],
        };
        let error = results.check().expect_err("counts differ");
        assert!(error.contains("b 6 out"), "{error}");
        let table = table::render(&results);
        assert!(table.contains("warning, bytes out differ"), "{table}");
        assert!(table.contains("ERROR, counts differ"), "{table}");
    }

    #[test]
    fn si_keeps_three_significant_digits() {
        assert_eq!(si(1_234_567.0), "1.23M");
        assert_eq!(si(45_600.0), "45.6k");
        assert_eq!(si(789.2), "789");
    }
}
