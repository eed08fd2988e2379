//! Runs the cells: a warm-up, timed rounds (the cells interleaved within each round, so that
//! drift hits all of them alike; no per-event timers), then a latency pass timing each event.

use std::time::{Duration, Instant};

use hdrhistogram::Histogram;

use super::cells::{self, Cell, Sink};
use super::config::Config;
use super::options::{Counting, Settings};
use super::workload::{Workload, POOL_LINES};

/// The longest latency recorded as it is (longer ones count as this): one minute, in ns.
const MAX_LATENCY_NS: u64 = 60_000_000_000;

/// What was measured of one cell.
pub struct Measured {
    /// The cell's workload.
    pub workload: Workload,
    /// The cell's configuration.
    pub config: Config,
    /// The wall time of each timed round.
    pub rounds: Vec<Duration>,
    /// The latency of each event of the latency pass, in nanoseconds.
    pub latency: Histogram<u64>,
    /// What the cell produced over the whole run (warm-up included).
    pub sink: Sink,
}

/// A cell being run over its workload's lines, replayed in a loop.
struct Running<'a> {
    cell: Box<dyn Cell>,
    lines: &'a [Vec<u8>],
    next: usize,
    measured: Measured,
}

impl<'a> Running<'a> {
    /// Sets up the cell of `workload` × `config`, to run over `lines`.
    fn new(
        workload: Workload,
        config: Config,
        lines: &'a [Vec<u8>],
        settings: &Settings,
    ) -> Result<Self, String> {
        Ok(Running {
            cell: cells::build(workload, config, &settings.plugin_dir)?,
            lines,
            next: 0,
            measured: Measured {
                workload,
                config,
                rounds: Vec::new(),
                latency: Histogram::new_with_bounds(1, MAX_LATENCY_NS, 3)
                    .map_err(|e| format!("latency histogram: {e}"))?,
                sink: Sink::default(),
            },
        })
    }

    /// Runs the next `events` lines through the cell, timing each when `timed`.
    fn feed(&mut self, events: u64, timed: bool) -> Result<(), String> {
        let measured = &mut self.measured;
        for _ in 0..events {
            let line = &self.lines[self.next];
            self.next = (self.next + 1) % self.lines.len();
            let result = if timed {
                let start = Instant::now();
                let result = self.cell.process(line, &mut measured.sink);
                let nanos = u64::try_from(start.elapsed().as_nanos()).unwrap_or(u64::MAX);
                measured.latency.saturating_record(nanos.max(1));
                result
            } else {
                self.cell.process(line, &mut measured.sink)
            };
            result.map_err(|e| {
                format!(
                    "{} × {}: {e}",
                    measured.workload.name(),
                    measured.config.name()
                )
            })?;
        }
        Ok(())
    }
}

/// Sets up every cell of `settings`, then warms them up, times them and measures latencies,
/// reporting progress on stderr.
///
/// # Errors
/// A cell that cannot be set up, or an event it fails on, named with its workload and
/// configuration.
pub fn run(settings: &Settings) -> Result<Vec<Measured>, String> {
    let pool = usize::try_from(settings.events).map_or(POOL_LINES, |n| n.min(POOL_LINES));
    let inputs: Vec<(Workload, Vec<Vec<u8>>)> = settings
        .workloads
        .iter()
        .map(|&workload| (workload, workload.lines(pool)))
        .collect();
    let mut cells = Vec::new();
    for (workload, lines) in &inputs {
        for &config in &settings.configs {
            cells.push(Running::new(*workload, config, lines, settings)?);
        }
    }
    eprintln!(
        "{} cells ready ({} workloads × {} configurations); warm-up: {} events per cell",
        cells.len(),
        settings.workloads.len(),
        settings.configs.len(),
        settings.warmup
    );
    for cell in &mut cells {
        cell.feed(settings.warmup, false)?;
    }
    for round in 1..=settings.rounds {
        for cell in &mut cells {
            let start = Instant::now();
            cell.feed(settings.events, false)?;
            let elapsed = start.elapsed();
            cell.measured.rounds.push(elapsed);
            eprintln!(
                "round {round}/{}: {:<27} {:<19} {:>12}",
                settings.rounds,
                cell.measured.workload.name(),
                cell.measured.config.name(),
                rate(settings.events, elapsed)
            );
        }
    }
    eprintln!(
        "latency pass: {} events per cell, each timed",
        settings.latency_events
    );
    for cell in &mut cells {
        cell.feed(settings.latency_events, true)?;
    }
    Ok(cells.into_iter().map(|cell| cell.measured).collect())
}

/// The one cell of `settings`, run for a parent process that counts its instructions with
/// callgrind: the warm-up of `counting`, then its events inside [`callgrind_counted_events`],
/// the only function whose instructions are counted.
///
/// # Errors
/// As [`run`].
pub fn run_counted(settings: &Settings, counting: &Counting) -> Result<Sink, String> {
    let (Some(&workload), Some(&config)) = (settings.workloads.first(), settings.configs.first())
    else {
        return Err("no cell to count".to_owned());
    };
    let lines = workload.lines(POOL_LINES);
    let mut cell = Running::new(workload, config, &lines, settings)?;
    cell.feed(counting.warmup, false)?;
    callgrind_counted_events(&mut cell, counting.events)?;
    Ok(cell.measured.sink)
}

/// The name of the function [`run_counted`] counts in, for callgrind's `--toggle-collect`.
pub const COUNTED_FUNCTION: &str = "callgrind_counted_events";

/// Runs `events` through `cell`: the instructions callgrind counts (see [`COUNTED_FUNCTION`]).
#[inline(never)]
fn callgrind_counted_events(cell: &mut Running<'_>, events: u64) -> Result<(), String> {
    cell.feed(events, false)
}

/// `events` in `elapsed`, as text.
fn rate(events: u64, elapsed: Duration) -> String {
    #[allow(clippy::cast_precision_loss)] // Event counts far below 2^52.
    let per_second = events as f64 / elapsed.as_secs_f64().max(f64::MIN_POSITIVE);
    format!("{} ev/s", super::report::si(per_second))
}
