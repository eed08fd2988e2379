//! The command line of `ffi-host bench`, checked and completed with its defaults.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::config::{Config, Library};
use super::workload::Workload;

/// The options of `ffi-host bench`. Everything is checked before anything is loaded or run.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct BenchArgs {
    /// A workload to run; repeat for several [default: all].
    #[arg(long = "workload", value_enum, value_name = "NAME")]
    pub workloads: Vec<Workload>,
    /// A configuration to run; repeat for several [default: all]. `native` is the reference
    /// of the percentages: without it, they are left out.
    #[arg(long = "config", value_enum, value_name = "NAME")]
    pub configs: Vec<Config>,
    /// Events per round per cell, and of its latency pass [default: 200000; 20000 with
    /// --quick].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub events: Option<u64>,
    /// Timed rounds per cell [default: 5; 3 with --quick].
    #[arg(long, value_name = "R", value_parser = clap::value_parser!(u32).range(1..))]
    pub rounds: Option<u32>,
    /// Untimed events per cell before the rounds, and before the counted events with
    /// --instructions [default: 20000; 2000 with --quick; for the counts 1000, 200 with
    /// --quick].
    #[arg(long, value_name = "N")]
    pub warmup: Option<u64>,
    /// Smaller defaults, to finish in seconds.
    #[arg(long)]
    pub quick: bool,
    /// Where the plugin libraries are [default: the directory of this executable].
    #[arg(long, value_name = "DIR")]
    pub plugin_dir: Option<PathBuf>,
    /// Where the result files go [default: `ffi-bench` next to the executable's directory,
    /// i.e. `target/ffi-bench`].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Also count each cell's instructions per event with callgrind (valgrind's; each cell
    /// runs alone in a child process, its warm-up uncounted): figures that the machine's load
    /// does not move, unlike time.
    #[arg(long)]
    pub instructions: bool,
    /// Events counted per cell with --instructions [default: 10000; 2000 with --quick].
    #[arg(long, value_name = "N", requires = "instructions",
          value_parser = clap::value_parser!(u64).range(1..))]
    pub instruction_events: Option<u64>,
    /// With --instructions: fail unless every cell the FILE lists has at least its share of
    /// native's instructions per event (lines `WORKLOAD CONFIG MIN_PERCENT`, `#` comments).
    #[arg(long, value_name = "FILE", requires = "instructions")]
    pub budget: Option<PathBuf>,
    /// Internal, for --instructions: run the one cell given, uncounted warm-up then the
    /// counted events, and print what it produced.
    #[arg(long, hide = true)]
    pub counted_cell: bool,
}

/// How instructions are counted (`--instructions`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counting {
    /// Events counted per cell.
    pub events: u64,
    /// Events run before counting, per cell.
    pub warmup: u64,
    /// The budget file to check the counts against.
    pub budget: Option<PathBuf>,
}

/// The checked options, defaults filled in.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The workloads, in table order.
    pub workloads: Vec<Workload>,
    /// The configurations, in table order.
    pub configs: Vec<Config>,
    /// Events per timed round, per cell.
    pub events: u64,
    /// Timed rounds.
    pub rounds: u32,
    /// Untimed events per cell first.
    pub warmup: u64,
    /// Events of the latency pass, per cell.
    pub latency_events: u64,
    /// Where the plugin libraries are.
    pub plugin_dir: PathBuf,
    /// Where the result files go (created).
    pub out_dir: PathBuf,
    /// Whether, and how, instructions are counted.
    pub counting: Option<Counting>,
    /// This process is the child that runs one cell for a count (`--counted-cell`).
    pub counted_cell: bool,
}

/// The command that builds the plugin libraries next to the host.
const BUILD_COMMAND: &str = "cargo build --release --workspace";

impl Settings {
    /// Checks `args`, fills in the defaults, checks that every plugin library needed is there
    /// and creates the output directory.
    ///
    /// # Errors
    /// What is wrong, naming the option, the missing files (and how to build them) or the
    /// directory that cannot be made.
    pub fn from_args(args: &BenchArgs) -> Result<Self, String> {
        let (events, rounds, warmup) = if args.quick {
            (20_000, 3, 2_000)
        } else {
            (200_000, 5, 20_000)
        };
        let events = args.events.unwrap_or(events);
        let exe_dir = || -> Result<PathBuf, String> {
            let exe = std::env::current_exe()
                .map_err(|e| format!("cannot find this executable's path: {e}"))?;
            Ok(exe.parent().unwrap_or(Path::new(".")).to_owned())
        };
        let plugin_dir = match &args.plugin_dir {
            Some(dir) => dir.clone(),
            None => exe_dir()?,
        };
        let out_dir = if let Some(dir) = &args.out {
            dir.clone()
        } else {
            let exe_dir = exe_dir()?;
            exe_dir.parent().unwrap_or(&exe_dir).join("ffi-bench")
        };
        let settings = Self {
            workloads: chosen(&args.workloads, &Workload::ALL),
            configs: chosen(&args.configs, &Config::ALL),
            events,
            rounds: args.rounds.unwrap_or(rounds),
            warmup: args.warmup.unwrap_or(warmup),
            latency_events: events,
            plugin_dir,
            out_dir,
            counting: args.instructions.then(|| Counting {
                events: args
                    .instruction_events
                    .unwrap_or(if args.quick { 2_000 } else { 10_000 }),
                warmup: args.warmup.unwrap_or(if args.quick { 200 } else { 1_000 }),
                budget: args.budget.clone(),
            }),
            counted_cell: args.counted_cell,
        };
        if settings.counted_cell && (settings.workloads.len() != 1 || settings.configs.len() != 1) {
            return Err("--counted-cell runs exactly one --workload and one --config".to_owned());
        }
        settings.check_libraries()?;
        std::fs::create_dir_all(&settings.out_dir).map_err(|e| {
            format!(
                "--out: cannot create directory {}: {e}",
                settings.out_dir.display()
            )
        })?;
        Ok(settings)
    }

    /// Every plugin library the chosen cells load.
    fn libraries(&self) -> Vec<Library> {
        let mut libraries: Vec<Library> = self
            .workloads
            .iter()
            .flat_map(|&w| self.configs.iter().flat_map(move |&c| c.libraries(w)))
            .collect();
        libraries.sort_unstable();
        libraries.dedup();
        libraries
    }

    /// Fails, naming every missing file and how to build it, unless all are there.
    fn check_libraries(&self) -> Result<(), String> {
        let missing: Vec<(Library, PathBuf)> = self
            .libraries()
            .into_iter()
            .map(|library| (library, library.path(&self.plugin_dir)))
            .filter(|(_, path)| !path.is_file())
            .collect();
        if missing.is_empty() {
            return Ok(());
        }
        let mut message = String::from("missing plugin libraries:");
        for (library, path) in &missing {
            let _ = write!(
                message,
                "\n  {} (package `{}`)",
                path.display(),
                library.package()
            );
        }
        let _ = write!(
            message,
            "\nbuild them with `{BUILD_COMMAND}` (the host looks next to its executable), \
             or point --plugin-dir at the directory that holds them"
        );
        Err(message)
    }
}

/// The items `given` (deduplicated, in the order of `all`), or all when none are.
fn chosen<T: Copy + PartialEq>(given: &[T], all: &[T]) -> Vec<T> {
    all.iter()
        .copied()
        .filter(|item| given.is_empty() || given.contains(item))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn none_given_means_all_and_order_is_the_table_order() {
        assert_eq!(chosen(&[], &Config::ALL), Config::ALL);
        let given = [Config::FfiHashbrown, Config::Native, Config::FfiHashbrown];
        assert_eq!(
            chosen(&given, &Config::ALL),
            [Config::Native, Config::FfiHashbrown]
        );
    }

    #[test]
    fn a_missing_library_is_named_with_the_build_command() {
        let dir = std::env::temp_dir().join("ffi-host-bench-no-plugins-here");
        let args = BenchArgs {
            workloads: vec![Workload::ThroughputLoggingJson],
            configs: vec![Config::FfiHalfbrown],
            plugin_dir: Some(dir.clone()),
            out: Some(dir.join("out")),
            ..BenchArgs::default()
        };
        let error = Settings::from_args(&args).expect_err("no plugins there");
        assert!(error.contains("plugin_classify"), "{error}");
        assert!(error.contains("plugin-bucket"), "{error}");
        assert!(error.contains(BUILD_COMMAND), "{error}");
        assert!(!error.contains("passthrough"), "{error}");
    }
}
