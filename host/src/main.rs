//! `ffi-host`: runs events through plugin libraries, or checks that libraries can be loaded.

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use clap::{Parser, Subcommand, ValueEnum};
use ffi_host::lines::{BoundedLines, Line};
use ffi_host::{Pipeline, PluginError, PluginLibrary, Processed, Recovery, INTERFACE_VERSION};
use ffi_value::{parse_json_owned, parse_msgpack_owned, Value};

/// Runs events through plugin libraries built with ffi-pdk.
#[derive(Parser, Debug)]
#[command(name = "ffi-host", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Reads events (one a line), runs each through the plugins in order and writes the
    /// outputs as JSON lines to stdout; errors and a summary go to stderr.
    Run(RunArgs),
    /// Runs Tremor's plugin-study workloads in every configuration (native, converted values,
    /// `abi_stable` maps, `Value` with each map backend) and prints the table; result files
    /// (JSON, CSV, SVG chart) go to `target/ffi-bench/`. Build the plugins first:
    /// `cargo build --release --workspace && target/release/ffi-host bench`.
    Bench(ffi_host::bench::BenchArgs),
    /// Loads each library and says whether this host can use it.
    Check {
        /// The plugin libraries.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Show the full ABI-check report on a layout mismatch.
        #[arg(long)]
        verbose: bool,
    },
}

#[derive(clap::Args, Debug)]
struct RunArgs {
    /// A plugin library; repeat for a pipeline (events go through them in order).
    #[arg(long = "plugin", required = true, value_name = "PATH")]
    plugins: Vec<PathBuf>,
    /// A plugin's configuration, as JSON: given once, it is every plugin's; given once per
    /// plugin, the n-th is the n-th plugin's. Without it, plugins get `null`.
    #[arg(long = "config", value_name = "JSON")]
    configs: Vec<String>,
    /// How input lines are encoded.
    #[arg(long, value_enum, default_value_t = Format::Json)]
    format: Format,
    /// How many times a plugin that panicked is re-initialised before it is disabled.
    #[arg(long, default_value_t = 3, value_name = "N")]
    max_restarts: u32,
    /// Show the full ABI-check report on a layout mismatch.
    #[arg(long)]
    verbose: bool,
    /// Have plugins capture a backtrace of each of their panics, and show it under the panic's
    /// report line (without it, a panic is reported with its location only).
    #[arg(long)]
    plugin_backtraces: bool,
    /// The longest input line read; a longer one is skipped (and never held in memory).
    #[arg(long, default_value_t = 16 << 20, value_name = "BYTES")]
    max_line_bytes: usize,
    /// The input file; `-` or none for stdin.
    input: Option<PathBuf>,
}

/// Encoding of the input lines.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    /// One JSON document a line.
    Json,
    /// One msgpack document a line, base64-encoded.
    Msgpack,
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Run(args) => run(&args),
        Command::Check { paths, verbose } => check(&paths, verbose),
        Command::Bench(args) => ffi_host::bench::main(&args),
    }
}

/// `ffi-host check`.
fn check(paths: &[PathBuf], verbose: bool) -> ExitCode {
    let mut all_ok = true;
    for path in paths {
        match PluginLibrary::load(path) {
            Ok(library) => println!(
                "{}: {} {} (interface version {}): compatible",
                path.display(),
                library.name(),
                library.version(),
                library.interface_version()
            ),
            Err(e) => {
                all_ok = false;
                let text = if verbose { e.verbose() } else { e.to_string() };
                println!(
                    "{text}\n  => not compatible (host interface version {INTERFACE_VERSION})"
                );
            }
        }
    }
    if all_ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// `ffi-host run`.
fn run(args: &RunArgs) -> ExitCode {
    match build_pipeline(args).and_then(|pipeline| process_input(args, pipeline)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("ffi-host: error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Loads and instantiates the plugins.
fn build_pipeline(args: &RunArgs) -> Result<Pipeline, String> {
    if args.configs.len() > 1 && args.configs.len() != args.plugins.len() {
        return Err(format!(
            "{} --config given for {} --plugin: give one for all, or one per plugin",
            args.configs.len(),
            args.plugins.len()
        ));
    }
    let configs = args
        .configs
        .iter()
        .enumerate()
        .map(|(i, text)| {
            parse_json_owned(text.as_bytes())
                .map_err(|e| format!("--config number {}: invalid JSON: {e}", i + 1))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut pipeline = Pipeline::new(args.max_restarts);
    for (i, path) in args.plugins.iter().enumerate() {
        let library = PluginLibrary::load(path).map_err(|e| {
            if args.verbose {
                e.verbose()
            } else {
                e.to_string()
            }
        })?;
        if args.plugin_backtraces && !library.capture_panic_backtraces(true) {
            eprintln!(
                "ffi-host: warning: {}: this plugin cannot capture backtraces (built with an \
                 older ffi-pdk)",
                path.display()
            );
        }
        let config = match configs.as_slice() {
            [] => Value::NULL,
            [one] => one.clone_static(),
            many => many[i].clone_static(),
        };
        pipeline.push(library, config).map_err(|e| {
            format!(
                "plugin `{}` ({}) failed to initialise: {e}{}",
                library.name(),
                path.display(),
                backtrace(&e, args.plugin_backtraces)
            )
        })?;
    }
    Ok(pipeline)
}

/// Reads the input line by line, runs each event through the pipeline and prints the summary.
fn process_input(args: &RunArgs, mut pipeline: Pipeline) -> Result<(), String> {
    let input: Box<dyn BufRead> = match &args.input {
        None => Box::new(io::stdin().lock()),
        Some(path) if path.as_os_str() == "-" => Box::new(io::stdin().lock()),
        Some(path) => Box::new(BufReader::new(
            File::open(path).map_err(|e| format!("{}: {e}", path.display()))?,
        )),
    };
    let source = args
        .input
        .as_ref()
        .filter(|p| p.as_os_str() != "-")
        .map_or_else(|| "<stdin>".to_owned(), |p| p.display().to_string());
    let mut out = BufWriter::new(io::stdout().lock());
    let (mut events_in, mut events_out, mut bad_lines) = (0_u64, 0_u64, 0_u64);
    let mut lines = BoundedLines::new(input, args.max_line_bytes);
    let mut processed = Processed::default();
    for number in 1_u64.. {
        let line = match lines.next_line() {
            Ok(Some(Line::Text(line))) => line,
            Ok(Some(Line::TooLong(len))) => {
                bad_lines += 1;
                eprintln!(
                    "{source}:{number}: skipped: the line is {len} bytes long, over the limit of {} (--max-line-bytes)",
                    args.max_line_bytes
                );
                continue;
            }
            Ok(None) => break,
            Err(e) => {
                eprintln!("{source}:{number}: read error, stopping: {e}");
                break;
            }
        };
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let event = match decode(line, args.format) {
            Ok(event) => event,
            Err(e) => {
                bad_lines += 1;
                eprintln!("{source}:{number}: skipped: {e}");
                continue;
            }
        };
        events_in += 1;
        processed.outputs.clear();
        processed.errors.clear();
        pipeline.process_into(event, &mut processed);
        for error in &processed.errors {
            let recovery = match error.recovery {
                Recovery::None => "",
                Recovery::Restarted => " (plugin restarted)",
                Recovery::Disabled => " (plugin disabled: its events are dropped from now on)",
            };
            eprintln!(
                "{source}:{number}: plugin `{}` (#{}): {}{recovery}{}",
                error.plugin,
                error.index + 1,
                error.error,
                backtrace(&error.error, args.plugin_backtraces)
            );
        }
        for event in &processed.outputs {
            events_out += 1;
            if let Err(e) = writeln!(out, "{event}") {
                // A closed stdout (e.g. `| head`) ends the run; it is not the plugins' fault.
                eprintln!("ffi-host: stdout: {e}; stopping");
                summary(&pipeline, events_in, events_out, bad_lines);
                return Ok(());
            }
        }
    }
    if let Err(e) = out.flush() {
        eprintln!("ffi-host: stdout: {e}");
    }
    summary(&pipeline, events_in, events_out, bad_lines);
    Ok(())
}

/// The backtrace of a plugin's panic as lines to follow its report line, when `show`
/// (`--plugin-backtraces`) and the plugin captured one; else nothing.
fn backtrace(error: &PluginError, show: bool) -> String {
    match error.backtrace() {
        Some(trace) if show => trace.trim_end().lines().fold(
            String::from("\n  plugin backtrace:"),
            |mut text, line| {
                text.push_str("\n    ");
                text.push_str(line);
                text
            },
        ),
        _ => String::new(),
    }
}

/// One input line as an event.
fn decode(line: &[u8], format: Format) -> Result<Value<'static>, String> {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    match format {
        Format::Json => parse_json_owned(line).map_err(|e| format!("invalid JSON: {e}")),
        Format::Msgpack => {
            let bytes = BASE64
                .decode(line.trim_ascii())
                .map_err(|e| format!("invalid base64: {e}"))?;
            parse_msgpack_owned(&bytes).map_err(|e| format!("invalid MessagePack: {e}"))
        }
    }
}

/// The summary, on stderr.
fn summary(pipeline: &Pipeline, events_in: u64, events_out: u64, bad_lines: u64) {
    eprintln!("summary: {events_in} events in, {events_out} out, {bad_lines} bad input lines");
    for (index, (name, stats)) in pipeline.stats().enumerate() {
        eprintln!(
            "  #{} {name}: {} in, {} out, {} errors, {} restarts, {} dropped{}",
            index + 1,
            stats.events_in,
            stats.events_out,
            stats.errors,
            stats.restarts,
            stats.dropped,
            if stats.disabled { ", disabled" } else { "" }
        );
    }
}
