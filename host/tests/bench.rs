//! `ffi-host bench` end to end: its options are checked before anything runs, and a tiny run
//! on plugins built separately produces the tables and files, with every configuration of a
//! workload agreeing on what it produced.

mod common;

use std::path::Path;
use std::process::{Command, Output};

/// Runs `ffi-host bench` with `args`.
fn bench(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ffi-host"))
        .arg("bench")
        .args(args)
        .output()
        .expect("ffi-host runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn path_arg(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 path")
}

/// Every workload and configuration name, as the issue spells them.
const WORKLOADS: [&str; 4] = [
    "passthrough",
    "passthrough-two-inputs",
    "throughput-logging-json",
    "throughput-logging-msgpack",
];
const CONFIGS: [&str; 8] = [
    "native",
    "convert",
    "rhashmap",
    "ffi-halfbrown-nokk",
    "ffi-halfbrown",
    "ffi-hashbrown",
    "ffi-halfbrown-inhost",
    "ffi-hashbrown-inhost",
];

/// Fails without output files and without touching the (empty) plugin directory: the error
/// must be about `expected`, not about missing plugins.
fn assert_rejected(test: &str, args: &[&str], expected: &[&str]) {
    let dir = common::temp_dir(test);
    let out = dir.join("out");
    let mut all = vec!["--plugin-dir", path_arg(&dir), "--out", path_arg(&out)];
    all.extend_from_slice(args);
    let output = bench(&all);
    let stderr = text(&output.stderr);
    assert!(!output.status.success(), "{args:?} was accepted");
    for needle in expected {
        assert!(stderr.contains(needle), "{args:?}: {stderr}");
    }
    assert!(!stderr.contains("missing plugin"), "{stderr}");
    assert!(output.stdout.is_empty(), "{}", text(&output.stdout));
    assert!(!out.exists(), "{args:?} created the output directory");
}

#[test]
fn unknown_names_are_rejected_listing_the_valid_ones() {
    let mut expected = vec!["--workload", "'nope'"];
    expected.extend(WORKLOADS);
    assert_rejected("bench-bad-workload", &["--workload", "nope"], &expected);
    let mut expected = vec!["--config", "'ffi-btree'"];
    expected.extend(CONFIGS);
    assert_rejected(
        "bench-bad-config",
        &["--workload", "passthrough", "--config", "ffi-btree"],
        &expected,
    );
}

#[test]
fn zero_events_or_rounds_are_rejected() {
    assert_rejected(
        "bench-zero-events",
        &["--events", "0"],
        &["--events", "'0'"],
    );
    assert_rejected(
        "bench-zero-rounds",
        &["--rounds", "0"],
        &["--rounds", "'0'"],
    );
    assert_rejected(
        "bench-bad-warmup",
        &["--warmup", "lots"],
        &["--warmup", "'lots'"],
    );
}

#[test]
fn instruction_options_need_instructions() {
    for option in ["--budget", "--instruction-events"] {
        assert_rejected(
            "bench-budget-alone",
            &[option, "1"],
            &[option, "--instructions"],
        );
    }
    assert_rejected(
        "bench-zero-instruction-events",
        &["--instructions", "--instruction-events", "0"],
        &["--instruction-events", "'0'"],
    );
}

/// Whether valgrind runs here; if not, says so loudly (the test then checks nothing).
fn valgrind_runs(test: &str) -> bool {
    let runs = std::process::Command::new("valgrind")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !runs {
        eprintln!(
            "WARNING: {test}: valgrind is not installed, so instruction counts are NOT tested"
        );
    }
    runs
}

#[test]
fn instructions_are_counted_per_event_and_checked_against_a_budget() {
    if !valgrind_runs("instructions_are_counted_per_event_and_checked_against_a_budget") {
        return;
    }
    let plugin_dir = common::plugin("passthrough")
        .parent()
        .expect("a directory")
        .to_owned();
    let dir = common::temp_dir("bench-instructions");
    let out = dir.join("out");
    let run = |budget: &str| {
        let path = dir.join("budget");
        std::fs::write(&path, budget).expect("budget file");
        let args = [
            "--workload",
            "passthrough",
            "--config",
            "native",
            "--config",
            "ffi-halfbrown",
            "--config",
            "ffi-halfbrown-inhost",
            "--events",
            "50",
            "--rounds",
            "1",
            "--instructions",
            "--instruction-events",
            "100",
            "--warmup",
            "10",
            "--plugin-dir",
            path_arg(&plugin_dir),
            "--out",
            path_arg(&out),
            "--budget",
            path_arg(&path),
        ];
        let output = bench(&args);
        (
            output.status.success(),
            text(&output.stdout),
            text(&output.stderr),
        )
    };
    let (ok, stdout, stderr) = run("passthrough ffi-halfbrown 1\n");
    assert!(ok, "{stdout}\n{stderr}");
    assert!(
        stdout.contains("Instructions per event, callgrind"),
        "{stdout}"
    );
    let row = stdout
        .lines()
        .filter(|l| l.starts_with("passthrough"))
        .nth(1)
        .expect("the instructions table's row");
    assert!(
        row.contains("(100.0%)"),
        "native is its own reference: {row}"
    );
    assert!(
        stdout.contains("ok: passthrough × ffi-halfbrown:"),
        "{stdout}"
    );
    let csv = std::fs::read_to_string(out.join("results.csv")).expect("results.csv");
    let counted: Vec<f64> = csv
        .lines()
        .skip(1)
        .map(|l| {
            l.split(',')
                .nth(13)
                .and_then(|n| n.parse().ok())
                .expect("a count")
        })
        .collect();
    assert_eq!(counted.len(), 3, "{csv}");
    assert!(
        counted.iter().all(|&n| n > 100.0 && n < 100_000.0),
        "{counted:?}"
    );
    // The dlopen boundary costs something: the plugin cell counts more than in-host.
    assert!(counted[1] > counted[2], "{counted:?}");

    let (ok, stdout, stderr) = run("passthrough ffi-halfbrown 100\n");
    assert!(
        !ok,
        "a budget of native's own count cannot be met: {stdout}"
    );
    assert!(stderr.contains("instructions over the budget"), "{stderr}");
    assert!(
        stderr.contains("OVER BUDGET: passthrough × ffi-halfbrown"),
        "{stderr}"
    );

    let (ok, _, stderr) = run("passthrough ffi-hashbrown 50\n");
    assert!(!ok);
    assert!(
        stderr.contains("passthrough × ffi-hashbrown was not counted"),
        "{stderr}"
    );
}

#[test]
fn missing_plugins_are_named_with_the_build_command() {
    let dir = common::temp_dir("bench-no-plugins");
    let out = dir.join("out");
    let output = bench(&[
        "--workload",
        "throughput-logging-json",
        "--plugin-dir",
        path_arg(&dir),
        "--out",
        path_arg(&out),
    ]);
    let stderr = text(&output.stderr);
    assert!(!output.status.success());
    for needle in [
        "missing plugin libraries",
        "plugin_classify",
        "plugin_bucket",
        "cargo build --release --workspace",
    ] {
        assert!(stderr.contains(needle), "{stderr}");
    }
    // Nothing ran.
    assert!(!stderr.contains("round"), "{stderr}");
    assert!(!out.exists());
}

#[test]
fn a_tiny_run_writes_the_tables_and_files_and_configurations_agree() {
    let libraries: Vec<_> = [
        "passthrough",
        "plugin-classify",
        "plugin-bucket",
        "plugin-rvalue",
    ]
    .iter()
    .map(|package| common::plugin(package))
    .collect();
    let plugin_dir = libraries[0].parent().expect("a directory").to_owned();
    let out = common::temp_dir("bench-tiny-run").join("results");
    let output = bench(&[
        "--events",
        "300",
        "--rounds",
        "2",
        "--warmup",
        "0",
        "--plugin-dir",
        path_arg(&plugin_dir),
        "--out",
        path_arg(&out),
    ]);
    let (stdout, stderr) = (text(&output.stdout), text(&output.stderr));
    assert!(output.status.success(), "{stdout}\n{stderr}");
    assert!(stderr.contains("round 2/2"), "{stderr}");
    for heading in ["Throughput", "Latency p50 / p99 / p99.9", "Spread", "Check"] {
        assert!(stdout.contains(heading), "{stdout}");
    }
    let average = stdout
        .lines()
        .find(|l| l.starts_with("average"))
        .expect("an average row");
    assert!(average.contains("(100%)"), "{average}");
    for file in ["results.json", "results.csv", "chart.svg"] {
        assert!(stdout.contains(&format!("wrote {}", out.join(file).display())));
    }

    let json = std::fs::read(out.join("results.json")).expect("results.json");
    let results: serde_json::Value = serde_json::from_slice(&json).expect("valid JSON");
    let cells = results["cells"].as_array().expect("cells");
    assert_eq!(cells.len(), WORKLOADS.len() * CONFIGS.len());
    for workload in WORKLOADS {
        let of = |key: &str| -> Vec<u64> {
            cells
                .iter()
                .filter(|c| c["workload"] == workload)
                .map(|c| c[key].as_u64().expect("a count"))
                .collect()
        };
        let (events_in, events_out, overflow) = (of("events_in"), of("events_out"), of("overflow"));
        assert_eq!(events_in.len(), CONFIGS.len(), "{workload}");
        // Two rounds and the latency pass: three times 300 events.
        assert!(
            events_in.iter().all(|&n| n == 900),
            "{workload}: {events_in:?}"
        );
        assert!(
            events_out.windows(2).all(|w| w[0] == w[1]),
            "{workload}: {events_out:?}"
        );
        assert!(
            overflow.windows(2).all(|w| w[0] == w[1]),
            "{workload}: {overflow:?}"
        );
        assert_eq!(events_in[0], events_out[0] + overflow[0]);
    }
    for cell in cells.iter().filter(|c| c["config"] == "native") {
        assert_eq!(cell["percent_of_native"].as_f64(), Some(100.0), "{cell}");
    }

    let csv = std::fs::read_to_string(out.join("results.csv")).expect("results.csv");
    assert_eq!(csv.lines().count(), 1 + cells.len(), "{csv}");
    assert!(
        csv.starts_with("workload,config,events_per_second,"),
        "{csv}"
    );
    let svg = std::fs::read_to_string(out.join("chart.svg")).expect("chart.svg");
    assert!(
        svg.starts_with("<svg") && svg.contains("ffi-hashbrown"),
        "{svg:.200}"
    );
}
