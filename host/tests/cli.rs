//! The `ffi-host` binary end to end, on plugins built separately and loaded with `dlopen`.

mod common;

use std::io::{ErrorKind, Write};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::thread;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use ffi_value::{parse_json_owned, to_msgpack};

/// Runs `ffi-host` with `args`, `stdin` as its input.
fn ffi_host(args: &[&str], stdin: &str) -> Output {
    ffi_host_with_env(args, stdin, &[])
}

/// Runs `ffi-host` with `args`, `stdin` as its input, and the environment variables `env` set.
///
/// The input is written from another thread while the output is read, so that neither side
/// waits on a full pipe; `ffi-host` may exit before it reads its input (a plugin that does not
/// load), so a closed pipe is not an error.
fn ffi_host_with_env(args: &[&str], stdin: &str, env: &[(&str, &str)]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ffi-host"))
        .args(args)
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start ffi-host");
    let mut pipe = child.stdin.take().expect("stdin");
    let input = stdin.to_owned();
    let writer = thread::spawn(move || match pipe.write_all(input.as_bytes()) {
        Err(error) if error.kind() != ErrorKind::BrokenPipe => panic!("write stdin: {error}"),
        _ => {}
    });
    let output = child.wait_with_output().expect("ffi-host runs");
    writer.join().expect("the stdin writer does not panic");
    output
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn path_arg(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 path")
}

#[test]
fn run_passes_events_through_reports_bad_lines_and_summarizes() {
    let passthrough = common::plugin("passthrough");
    let input = "{\"a\":1}\n\n{not json}\n[1,2,\"three\"]\n{\"b\":{\"c\":null}}\n";
    let out = ffi_host(&["run", "--plugin", path_arg(&passthrough)], input);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(out.status.success(), "{stderr}");
    assert_eq!(stdout, "{\"a\":1}\n[1,2,\"three\"]\n{\"b\":{\"c\":null}}\n");
    assert!(
        stderr.contains("<stdin>:3: skipped: invalid JSON"),
        "{stderr}"
    );
    assert!(
        stderr.contains("summary: 3 events in, 3 out, 1 bad input lines"),
        "{stderr}"
    );
    assert!(
        stderr.contains("#1 passthrough: 3 in, 3 out, 0 errors"),
        "{stderr}"
    );
}

#[test]
fn plugin_errors_name_the_line_and_the_plugin_and_processing_goes_on() {
    let failing = common::fixture("fixture-failing");
    let panic = common::fixture("fixture-panic");
    let input = "{\"n\":1}\n{\"fail\":true}\n{\"panic\":true}\n{\"n\":4}\n";
    let dir = common::temp_dir("cli-errors");
    let file = dir.join("events.jsonl");
    std::fs::write(&file, input).expect("write the input");
    let out = ffi_host(
        &[
            "run",
            "--plugin",
            path_arg(&failing),
            "--plugin",
            path_arg(&panic),
            "--max-restarts",
            "0",
            path_arg(&file),
        ],
        "",
    );
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(out.status.success(), "{stderr}");
    assert_eq!(stdout, "{\"n\":1}\n", "{stderr}");
    let at = |line: usize| format!("{}:{line}: plugin `", file.display());
    assert!(
        stderr.contains(&format!("{}fixture-failing` (#1): internal error", at(2))),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("{}fixture-panic` (#2): panicked", at(3))),
        "{stderr}"
    );
    assert!(stderr.contains("(plugin disabled"), "{stderr}");
    assert!(
        stderr.contains("summary: 4 events in, 1 out, 0 bad input lines"),
        "{stderr}"
    );
    assert!(
        stderr.contains("#1 fixture-failing: 4 in, 3 out, 1 errors"),
        "{stderr}"
    );
    assert!(
        stderr.contains("#2 fixture-panic: 3 in, 1 out, 1 errors, 0 restarts, 1 dropped, disabled"),
        "{stderr}"
    );
}

#[test]
fn plugin_panics_are_reported_by_the_host_alone_with_their_location() {
    let panic = common::fixture("fixture-panic");
    let input = "{\"panic\":true}\n{\"n\":2}\n";
    // The plugin's own std would print a message and, with this, a backtrace.
    let env = [("RUST_BACKTRACE", "1")];
    let out = ffi_host_with_env(&["run", "--plugin", path_arg(&panic)], input, &env);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(out.status.success(), "{stderr}");
    assert_eq!(stdout, "{\"n\":2}\n");
    let location = common::fixture_panic_location("in on_event (the event");
    let report = format!(
        "<stdin>:1: plugin `fixture-panic` (#1): panicked at {location}: fixture-panic: \
         deliberate panic in on_event (the event has \"panic\": true) (plugin restarted)\n"
    );
    assert!(stderr.starts_with(&report), "{stderr}");
    for printed_by_std in [
        "thread '",
        "note: run with `RUST_BACKTRACE",
        "stack backtrace",
    ] {
        assert!(!stderr.contains(printed_by_std), "{stderr}");
    }
    assert!(!stderr.contains("plugin backtrace"), "{stderr}");
}

#[test]
fn plugin_backtraces_are_shown_when_asked() {
    let panic = common::fixture("fixture-panic");
    let args = ["run", "--plugin-backtraces", "--plugin", path_arg(&panic)];
    let out = ffi_host(&args, "{\"panic\":true}\n");
    let stderr = text(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let (report, rest) = stderr.split_once('\n').expect("lines");
    assert!(
        report.starts_with("<stdin>:1: plugin `fixture-panic` (#1): panicked at "),
        "{stderr}"
    );
    let trace: Vec<&str> = rest
        .lines()
        .take_while(|line| !line.starts_with("summary:"))
        .collect();
    assert_eq!(trace[0], "  plugin backtrace:", "{stderr}");
    assert!(
        trace[1..].iter().all(|line| line.starts_with("    ")),
        "{stderr}"
    );
    // It starts where the plugin panicked, past the panic machinery.
    assert!(
        trace[1].ends_with(": <fixture_panic::Panicky as ffi_pdk::Plugin>::on_event"),
        "{stderr}"
    );
    assert!(!stderr.contains("thread '"), "{stderr}");
}

#[test]
fn run_reads_base64_msgpack_lines() {
    let passthrough = common::plugin("passthrough");
    let event = parse_json_owned(br#"{"k":[true,-3,"s"]}"#).expect("valid JSON");
    let line = BASE64.encode(to_msgpack(&event).expect("encodable"));
    let input = format!("{line}\n!!!\n");
    let out = ffi_host(
        &[
            "run",
            "--format",
            "msgpack",
            "--plugin",
            path_arg(&passthrough),
            "-",
        ],
        &input,
    );
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(out.status.success(), "{stderr}");
    assert_eq!(stdout, "{\"k\":[true,-3,\"s\"]}\n");
    assert!(
        stderr.contains("<stdin>:2: skipped: invalid base64"),
        "{stderr}"
    );
}

#[test]
fn run_fails_when_a_plugin_cannot_load_or_init() {
    let passthrough = common::plugin("passthrough");
    let missing = common::temp_dir("cli-missing").join("libgone.so");
    let out = ffi_host(
        &[
            "run",
            "--plugin",
            path_arg(&passthrough),
            "--plugin",
            path_arg(&missing),
        ],
        "{}\n",
    );
    assert!(!out.status.success());
    assert!(out.stdout.is_empty());
    let stderr = text(&out.stderr);
    assert_eq!(
        stderr,
        format!("ffi-host: error: {}: no such file\n", missing.display())
    );

    let panic = common::fixture("fixture-panic");
    let out = ffi_host(
        &[
            "run",
            "--plugin",
            path_arg(&panic),
            "--config",
            r#"{"panic_in_init":true}"#,
        ],
        "{}\n",
    );
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("plugin `fixture-panic`")
            && stderr.contains("failed to initialise: panicked"),
        "{stderr}"
    );
}

#[test]
fn check_says_which_libraries_are_compatible() {
    let passthrough = common::plugin("passthrough");
    let out = ffi_host(&["check", path_arg(&passthrough)], "");
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert_eq!(
        stdout,
        format!(
            "{}: passthrough {} (interface version {}): compatible\n",
            passthrough.display(),
            env!("CARGO_PKG_VERSION"),
            ffi_host::INTERFACE_VERSION
        )
    );

    let bad = common::fixture("fixture-bad-layout");
    let not_a_plugin = common::fixture("fixture-not-a-plugin");
    let args = [
        "check",
        path_arg(&passthrough),
        path_arg(&bad),
        path_arg(&not_a_plugin),
    ];
    let out = ffi_host(&args, "");
    let stdout = text(&out.stdout);
    assert!(!out.status.success());
    assert!(
        stdout.contains(&format!(
            "{}: the plugin interface's type layouts differ",
            bad.display()
        )),
        "{stdout}"
    );
    assert!(stdout.contains("in: PluginModule.on_event"), "{stdout}");
    assert!(
        stdout.contains(&format!(
            "{}: a shared library but not a plugin",
            not_a_plugin.display()
        )),
        "{stdout}"
    );
    assert_eq!(stdout.matches("not compatible").count(), 2, "{stdout}");
    let short_lines = stdout.lines().count();

    let verbose = ffi_host(&["check", "--verbose", path_arg(&bad)], "");
    assert!(text(&verbose.stdout).lines().count() > short_lines + 50);
}
