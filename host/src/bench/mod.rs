//! `ffi-host bench`: Tremor's plugin study on this code. Four workloads (the table's rows)
//! run in eight configurations (its columns): the pipeline compiled into the host (`native`),
//! plugins loaded with `dlopen` exchanging converted values, `abi_stable` hash maps, or
//! [`Value`](ffi_value::Value)s with each map backend, and the `Value` pipelines with their
//! stages compiled into the host (`ffi-*-inhost`, no `dlopen`).
//!
//! Each workload × configuration is a cell (`cells::Cell`), set up before anything is timed.
//! The runner warms every cell up, then times rounds of a fixed number of events, cells
//! interleaved within each round, and finally records each event's latency in a separate
//! pass. The report prints the tables and writes JSON, CSV and an SVG chart. With
//! `--instructions`, each cell's instructions per event are also counted under callgrind
//! (`instructions`), and `--budget` checks them against a file of limits.

mod cells;
mod config;
mod instructions;
mod options;
mod report;
mod runner;
mod workload;

use std::process::ExitCode;

pub use config::Config;
pub use options::BenchArgs;
pub use workload::Workload;

/// `ffi-host bench`: validates `args`, runs every cell, prints the tables to stdout (progress
/// to stderr) and writes the result files.
///
/// # Errors
/// A message saying what is wrong: an option, a missing plugin library (with the command that
/// builds it), a plugin that fails, an output file that cannot be written, or configurations
/// that disagree on what a workload produced.
pub fn run(args: &BenchArgs) -> Result<(), String> {
    let settings = options::Settings::from_args(args)?;
    if let (true, Some(counting)) = (settings.counted_cell, &settings.counting) {
        let sink = runner::run_counted(&settings, counting)?;
        println!("{}", instructions::sink_line(&sink));
        return Ok(());
    }
    let cells = runner::run(&settings)?;
    let counts = match &settings.counting {
        Some(counting) => instructions::count_all(&settings, counting)?,
        None => Vec::new(),
    };
    let results = report::Results::new(&settings, &cells, &counts);
    print!("{}", report::table::render(&results));
    let written = report::files::write(&results, &settings.out_dir)?;
    for path in written {
        println!("wrote {}", path.display());
    }
    results.check()?;
    if let Some(budget) = settings.counting.as_ref().and_then(|c| c.budget.as_ref()) {
        let report = instructions::check_budget(&counts, budget)?;
        print!(
            "\nBudget ({}): every cell within it\n{report}",
            budget.display()
        );
    }
    Ok(())
}

/// [`run`], its error on stderr and as the exit status.
#[must_use]
pub fn main(args: &BenchArgs) -> ExitCode {
    match run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("ffi-host bench: error: {message}");
            ExitCode::FAILURE
        }
    }
}
