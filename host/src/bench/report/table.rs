//! The tables printed on stdout: throughput (% of `native`) with an average row, latency
//! percentiles, spread between rounds, and the correctness check.

use std::fmt::Write as _;

use super::{si, CellResult, Results, MAX_SPREAD};

/// Every table of `results`, as text.
#[must_use]
pub fn render(results: &Results) -> String {
    let mut text = format!(
        "\nffi-host bench: {} events x {} rounds per cell (warm-up {} events; latency pass {} events)\n",
        results.events, results.rounds, results.warmup, results.latency_events
    );
    let mut throughput = grid(results, |cell| match cell.percent_of_native {
        Some(percent) => format!("{} ev/s ({percent:.0}%)", si(cell.events_per_second)),
        None => format!("{} ev/s", si(cell.events_per_second)),
    });
    throughput.push(average_row(results));
    section(
        &mut text,
        "Throughput: events/s of the median round (% of native)",
        results,
        &throughput,
    );
    if results
        .cells
        .iter()
        .any(|c| c.instructions_per_event.is_some())
    {
        let instructions = grid(results, |cell| {
            match (
                cell.instructions_per_event,
                cell.instructions_percent_of_native,
            ) {
                (Some(count), Some(percent)) => format!("{count:.0} ({percent:.1}%)"),
                (Some(count), None) => format!("{count:.0}"),
                (None, _) => "-".to_owned(),
            }
        });
        section(
            &mut text,
            "Instructions per event, callgrind (% of native: native's count / the cell's)",
            results,
            &instructions,
        );
    }
    let latency = grid(results, |cell| {
        let l = cell.latency_us;
        format!("{:.1} / {:.1} / {:.1}", l.p50, l.p99, l.p999)
    });
    section(
        &mut text,
        "Latency p50 / p99 / p99.9 (µs)",
        results,
        &latency,
    );
    let spread = grid(results, |cell| {
        let flag = if cell.spread > MAX_SPREAD { " !" } else { "" };
        format!("{:.1}%{flag}", 100.0 * cell.spread)
    });
    section(
        &mut text,
        "Spread between rounds: (fastest - slowest) / median",
        results,
        &spread,
    );
    let noisy = results
        .cells
        .iter()
        .filter(|c| c.spread > MAX_SPREAD)
        .count();
    if noisy > 0 {
        let _ = writeln!(
            text,
            "warning: {noisy} cells (marked !) vary by more than {:.0}% between rounds: their \
             figures are not to be trusted; close other programs, or use more --events or --rounds",
            100.0 * MAX_SPREAD
        );
    }
    text.push_str("\nCheck: every configuration of a workload must produce the same events\n");
    for check in &results.checks {
        let verdict = match (check.counts_agree, check.bytes_agree) {
            (true, true) => "ok",
            (true, false) => "warning, bytes out differ",
            (false, _) => "ERROR, counts differ",
        };
        let _ = writeln!(text, "  {verdict}: {}", check.summary);
    }
    text
}

/// One row per workload, `show` per configuration.
fn grid(results: &Results, show: impl Fn(&CellResult) -> String) -> Vec<Vec<String>> {
    results
        .workloads
        .iter()
        .map(|&workload| {
            std::iter::once(workload.to_owned())
                .chain(results.configs.iter().map(|&config| {
                    results
                        .cell(workload, config)
                        .map_or_else(|| "-".to_owned(), &show)
                }))
                .collect()
        })
        .collect()
}

/// The mean over the workloads of each configuration's events/s and % of native.
fn average_row(results: &Results) -> Vec<String> {
    std::iter::once("average".to_owned())
        .chain(results.configs.iter().map(|&config| {
            let cells: Vec<&CellResult> = results
                .cells
                .iter()
                .filter(|c| c.config == config)
                .collect();
            #[allow(clippy::cast_precision_loss)] // A handful of workloads.
            let count = cells.len().max(1) as f64;
            let rate = cells.iter().map(|c| c.events_per_second).sum::<f64>() / count;
            let percents: Option<Vec<f64>> = cells.iter().map(|c| c.percent_of_native).collect();
            match percents {
                Some(p) => format!("{} ev/s ({:.0}%)", si(rate), p.iter().sum::<f64>() / count),
                None => format!("{} ev/s", si(rate)),
            }
        }))
        .collect()
}

/// Appends `title` and `rows` under a header of the configurations, columns aligned.
fn section(text: &mut String, title: &str, results: &Results, rows: &[Vec<String>]) {
    let header: Vec<String> = std::iter::once("workload".to_owned())
        .chain(results.configs.iter().map(|&c| c.to_owned()))
        .collect();
    let widths: Vec<usize> = (0..header.len())
        .map(|column| {
            std::iter::once(&header)
                .chain(rows)
                .map(|row| row[column].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let _ = writeln!(text, "\n{title}");
    for row in std::iter::once(&header).chain(rows) {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(i, (cell, &width))| {
                if i == 0 {
                    format!("{cell:<width$}")
                } else {
                    format!("{cell:>width$}")
                }
            })
            .collect();
        let _ = writeln!(text, "{}", cells.join("  ").trim_end());
    }
}
