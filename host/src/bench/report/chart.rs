//! `chart.svg`: throughput as % of `native` (bars grouped by workload, one colour per
//! configuration) above latency (a box from p50 to p99.9, a line at p99, log scale).

use std::error::Error;
use std::path::Path;

use plotters::prelude::*;

use super::Results;

/// Draws the chart of `results` into the SVG file `path`.
///
/// # Errors
/// The drawing backend's error (such as a file that cannot be written).
pub fn draw(results: &Results, path: &Path) -> Result<(), Box<dyn Error>> {
    let configs = &results.configs;
    // Each workload is a group of one bar per configuration, then a gap.
    let group = i32::try_from(configs.len() + 1)?;
    let bars = group * i32::try_from(results.workloads.len())?;
    let x = |w: usize, c: usize| -> Result<i32, Box<dyn Error>> {
        Ok(i32::try_from(w)? * group + i32::try_from(c)?)
    };
    let label = |k: &i32| {
        usize::try_from(k / group)
            .ok()
            .filter(|_| k % group == (group - 1) / 2)
            .and_then(|w| results.workloads.get(w))
            .map_or_else(String::new, |w| (*w).to_owned())
    };
    let root = SVGBackend::new(path, (1200, 900)).into_drawing_area();
    root.fill(&WHITE)?;
    let (top, bottom) = root.split_vertically(450);

    let percents = results.cells.iter().filter_map(|c| c.percent_of_native);
    // Room above the bars for the legend.
    let y_max = percents.fold(100.0_f64, f64::max) * 1.45;
    let mut chart = ChartBuilder::on(&top)
        .caption("Throughput, % of native", ("sans-serif", 20))
        .margin(10)
        .x_label_area_size(30)
        .y_label_area_size(50)
        .build_cartesian_2d(0..bars, 0.0..y_max)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(usize::try_from(bars)?)
        .x_label_formatter(&label)
        .y_desc("% of native")
        .draw()?;
    for (c, config) in configs.iter().enumerate() {
        let colour = Palette99::pick(c).to_rgba();
        let mut boxes = Vec::new();
        for (w, workload) in results.workloads.iter().enumerate() {
            if let Some(p) = results
                .cell(workload, config)
                .and_then(|r| r.percent_of_native)
            {
                let k = x(w, c)?;
                let mut bar = Rectangle::new([(k, 0.0), (k + 1, p)], colour.filled());
                bar.set_margin(0, 0, 1, 1);
                boxes.push(bar);
            }
        }
        chart
            .draw_series(boxes)?
            .label(*config)
            .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 10, y + 5)], colour.filled()));
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .border_style(BLACK)
        .background_style(WHITE.mix(0.8))
        .draw()?;

    let latencies = results.cells.iter().map(|c| c.latency_us);
    let (lo, hi) = latencies.fold((f64::INFINITY, 0.0_f64), |(lo, hi), l| {
        (lo.min(l.p50), hi.max(l.p999))
    });
    let (lo, hi) = (lo.min(hi).max(0.01) / 1.5, hi.max(0.02) * 1.5);
    let mut chart = ChartBuilder::on(&bottom)
        .caption(
            "Latency: box p50 to p99.9, line at p99 (µs, log scale)",
            ("sans-serif", 20),
        )
        .margin(10)
        .x_label_area_size(30)
        .y_label_area_size(50)
        .build_cartesian_2d(0..bars, (lo..hi).log_scale())?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(usize::try_from(bars)?)
        .x_label_formatter(&label)
        .y_desc("µs")
        .draw()?;
    for (w, workload) in results.workloads.iter().enumerate() {
        for (c, config) in configs.iter().enumerate() {
            let Some(cell) = results.cell(workload, config) else {
                continue;
            };
            let (k, l) = (x(w, c)?, cell.latency_us);
            let colour = Palette99::pick(c).to_rgba();
            chart.draw_series([Rectangle::new(
                [(k, l.p50), (k + 1, l.p999)],
                colour.filled(),
            )])?;
            chart.draw_series([PathElement::new([(k, l.p99), (k + 1, l.p99)], BLACK)])?;
        }
    }
    root.present()?;
    Ok(())
}
