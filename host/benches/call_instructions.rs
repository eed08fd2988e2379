//! The instructions of one plugin call, counted by callgrind: the release-built `passthrough`
//! plugin loaded with `dlopen`, called with [`Instance::process_into`] (one reused output
//! buffer) and [`Instance::process`] (the instance's own buffer, the output moved out by
//! iterating), against the same plugin linked in and called behind a `Box<dyn FnMut>`. Each call moves the 13-key event in and takes it back
//! out of the outputs, so what is counted is the call, not the event's contents.
//!
//! ```text
//! cargo bench -p ffi-host --bench call_instructions [-- --budget FILE]
//! ```
//!
//! Each contender runs in a child process (this program with `--run call CONTENDER PLUGIN`)
//! under callgrind. With `--budget`, every `call CONTENDER MAX_EXTRA` line of the file must
//! hold: at most `MAX_EXTRA` instructions a call more than `linked` (CI:
//! `.ci/call-instruction-budget`). Needs valgrind.

#![allow(missing_docs)] // A bench's `main`.

#[path = "../tests/common/mod.rs"]
mod common;

use std::path::Path;
use std::process::ExitCode;

use ffi_host::{PluginError, PluginLibrary};
use ffi_pdk::{Outputs, Plugin};
use ffi_value::{parse_json_owned, Value};
use passthrough::Passthrough;

/// A Tremor-like log event: 13 keys, 632 bytes (the root `json` bench's).
const EVENT: &str = include_str!("../../benches/event.json");

/// A plugin's `on_event`, linked in.
type OnEvent = dyn FnMut(Value<'static>, &mut Outputs) -> Result<(), PluginError>;

/// Calls counted per contender.
const RUNS: u64 = 10_000;

/// The contenders, in report order; `linked` is the reference.
const CONTENDERS: [&str; 3] = ["linked", "process_into", "process"];

/// The one row of the table and of the budget file.
const ROW: &str = "call";

/// Takes the event passthrough handed back out of `out`, for the next call.
fn take_back(event: &mut Option<Value<'static>>, out: &mut Outputs) {
    *event = out.pop();
    assert!(event.is_some(), "passthrough hands the event back");
}

/// Runs `contender`'s calls, counted, with the plugin library at `plugin`.
fn run_one(contender: &str, plugin: &Path) -> Result<(), String> {
    let mut event = Some(parse_json_owned(EVENT.as_bytes()).map_err(|e| e.to_string())?);
    if contender == "linked" {
        let mut plugin = Passthrough::init(&Value::NULL).map_err(|e| e.to_string())?;
        let mut call: Box<OnEvent> = Box::new(move |event, out| plugin.on_event(event, out));
        let mut out = Outputs::new();
        callgrind::callgrind_counted_runs(RUNS, || {
            let result = call(event.take().unwrap_or_default(), &mut out);
            assert!(result.is_ok());
            take_back(&mut event, &mut out);
        });
        return Ok(());
    }
    let library = PluginLibrary::load(plugin).map_err(|e| e.to_string())?;
    let mut instance = library
        .instantiate(&Value::NULL)
        .map_err(|e| e.to_string())?;
    match contender {
        "process_into" => {
            let mut out = Outputs::new();
            callgrind::callgrind_counted_runs(RUNS, || {
                let result = instance.process_into(event.take().unwrap_or_default(), &mut out);
                assert!(result.is_ok());
                take_back(&mut event, &mut out);
            });
        }
        "process" => callgrind::callgrind_counted_runs(RUNS, || {
            let result = instance.process(event.take().unwrap_or_default());
            event = result
                .expect("passthrough does not fail")
                .into_iter()
                .next();
            assert!(event.is_some(), "passthrough hands the event back");
        }),
        _ => return Err(format!("no contender named {contender}")),
    }
    Ok(())
}

/// Counts every contender, prints the table and checks the budget at `budget`, if any.
fn drive(budget: Option<&Path>) -> Result<(), String> {
    let plugin = common::plugin_release("passthrough");
    let plugin_arg = plugin.to_string_lossy().into_owned();
    let mut counts = Vec::new();
    for contender in CONTENDERS {
        let per_call = callgrind::count_runs(&["--run", ROW, contender, &plugin_arg], RUNS)
            .map_err(|e| format!("{contender}: {e}"))?;
        eprintln!("{contender:<16} {per_call:>8.1}");
        counts.push((contender, per_call));
    }
    let linked = counts[0].1;
    println!("Instructions per plugin call, callgrind (extra: over `linked`)");
    for (contender, per_call) in &counts {
        println!(
            "{contender:<16} {per_call:>8.1}  ({:+.1})",
            per_call - linked
        );
    }
    let Some(path) = budget else {
        return Ok(());
    };
    let report = callgrind::check_budget(
        path,
        (&[ROW], &CONTENDERS),
        callgrind::Bound::AtMost,
        |limit| {
            let (_, count) = counts.iter().find(|(c, _)| *c == limit.column)?;
            Some(count - linked)
        },
        |extra, limit| {
            format!(
                "{extra:+.1} instructions a call over linked, budget {:+}",
                limit.value
            )
        },
    )
    .map_err(|e| format!("plugin calls {e}"))?;
    print!("\nBudget ({}):\n{report}", path.display());
    Ok(())
}

fn main() -> ExitCode {
    // `cargo bench` passes `--bench`.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let result = match args.as_slice() {
        [flag, row, contender, plugin] if flag == "--run" && row == ROW => {
            run_one(contender, Path::new(plugin))
        }
        [] => drive(None),
        [flag, path] if flag == "--budget" => drive(Some(Path::new(path))),
        _ => Err("usage: call_instructions [--budget FILE]".to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("call_instructions: error: {message}");
            ExitCode::FAILURE
        }
    }
}
