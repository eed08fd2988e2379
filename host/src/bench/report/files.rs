//! The result files: `results.json`, `results.csv` and `chart.svg`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::{chart, Results};

/// Writes the result files into `dir` (which exists) and returns their paths.
///
/// # Errors
/// A file that cannot be written, named.
pub fn write(results: &Results, dir: &Path) -> Result<Vec<PathBuf>, String> {
    let json = serde_json::to_string_pretty(results).map_err(|e| format!("results.json: {e}"))?;
    let files = [
        (dir.join("results.json"), json + "\n"),
        (dir.join("results.csv"), csv(results)),
    ];
    for (path, text) in &files {
        std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    let svg = dir.join("chart.svg");
    chart::draw(results, &svg).map_err(|e| format!("{}: {e}", svg.display()))?;
    Ok(files
        .into_iter()
        .map(|(path, _)| path)
        .chain([svg])
        .collect())
}

/// One line per cell, with a header.
fn csv(results: &Results) -> String {
    let mut text = String::from(
        "workload,config,events_per_second,percent_of_native,spread_percent,p50_us,p99_us,\
         p999_us,max_us,events_in,events_out,overflow,bytes_out,instructions_per_event,\
         instructions_percent_of_native\n",
    );
    for c in &results.cells {
        let optional = |value: Option<f64>, digits: usize| {
            value.map_or_else(String::new, |v| format!("{v:.digits$}"))
        };
        let percent = optional(c.percent_of_native, 2);
        let l = c.latency_us;
        let _ = writeln!(
            text,
            "{},{},{:.0},{percent},{:.2},{:.3},{:.3},{:.3},{:.3},{},{},{},{},{},{}",
            c.workload,
            c.config,
            c.events_per_second,
            100.0 * c.spread,
            l.p50,
            l.p99,
            l.p999,
            l.max,
            c.events_in,
            c.events_out,
            c.overflow,
            c.bytes_out,
            optional(c.instructions_per_event, 1),
            optional(c.instructions_percent_of_native, 2)
        );
    }
    text
}
