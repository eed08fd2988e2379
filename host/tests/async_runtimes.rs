//! A plugin with a tokio runtime of its own (`plugins/fixtures/tokio-runtime`) in a host with
//! another tokio (this test's) and runtimes of its own: called from plain threads, from inside
//! the host's current-thread and multi-thread runtimes (on a blocking thread and directly in an
//! async task), from several threads at once, and dropped inside the host's runtime.
//!
//! The plugin's tokio is a copy of its own, linked into its library: its "current runtime" and
//! its "already inside a runtime" check are thread-locals of that copy, so neither copy sees
//! the other's runtime. See docs/writing-a-plugin.md, "Async runtimes", for what follows.

mod common;

use std::thread;
use std::time::{Duration, Instant};

use ffi_host::{ErrorKind, Instance, PluginLibrary};
use ffi_value::prelude::*;
use ffi_value::{parse_json_owned, to_json_sorted, Value};

const CURRENT: &str = r#"{"flavor": "current_thread"}"#;
const MULTI: &str = r#"{"flavor": "multi_thread", "workers": 2}"#;

fn library() -> PluginLibrary {
    let path = common::fixture_alone("fixture-tokio-runtime");
    PluginLibrary::load(&path).unwrap_or_else(|e| panic!("{e}"))
}

fn value(json: &str) -> Value<'static> {
    parse_json_owned(json.as_bytes()).expect("valid JSON")
}

fn new_instance(config: &str) -> Instance {
    library()
        .instantiate(&value(config))
        .unwrap_or_else(|e| panic!("init with {config}: {e}"))
}

/// The one output of `event`.
fn call(instance: &mut Instance, event: &str) -> Value<'static> {
    let outputs = instance
        .process(value(event))
        .unwrap_or_else(|e| panic!("{event}: {e}"));
    assert_eq!(outputs.len(), 1, "{event}");
    outputs.into_iter().next().expect("one output")
}

/// The plugin's error on `event`.
fn call_err(instance: &mut Instance, event: &str) -> ffi_host::PluginError {
    match instance.process(value(event)) {
        Ok(outputs) => panic!("{event}: no error but {outputs:?}"),
        Err(e) => e,
    }
}

fn ticks(instance: &mut Instance) -> u64 {
    call(instance, r#"{"op": "ticks"}"#)
        .get_u64("ticks")
        .expect("a count")
}

/// Runs `"op": "run"` and checks what the plugin saw on its runtime of flavor `flavor`
/// (whose threads are named `thread_name`), wherever the calling thread is.
fn run_and_check(instance: &mut Instance, flavor: &str, thread_name: &str) {
    let out = call(instance, r#"{"op": "run"}"#);
    let json = to_json_sorted(&out);
    assert_eq!(out.get_str("flavor"), Some(flavor), "{json}");
    // The plugin's tokio finds its own runtime inside its `block_on` and none outside it,
    // even when the host's thread is inside a runtime of the host's tokio.
    assert_eq!(out.get_bool("handle_outside"), Some(false), "{json}");
    assert_eq!(out.get_bool("handle_inside"), Some(true), "{json}");
    assert_eq!(out.get_bool("handle_after"), Some(false), "{json}");
    assert_eq!(out.get_u64("task_sum"), Some(6), "{json}");
    // The plugin's `std` does not know the name of a thread that the host's `std` started:
    // it sees an unnamed thread.
    assert!(
        out.get("caller_thread_name").is_some_and(Value::is_null),
        "{json}"
    );
    if flavor == "current_thread" {
        // Spawned tasks run on the thread driving `block_on`: the host's.
        assert_eq!(out.get_u64("tasks_on_caller_thread"), Some(4), "{json}");
        assert_eq!(threads(&out), "[null]", "{json}");
    } else {
        // On the plugin's workers, never on the host's thread.
        assert_eq!(out.get_u64("tasks_on_caller_thread"), Some(0), "{json}");
        assert_eq!(threads(&out), format!("[\"{thread_name}\"]"), "{json}");
    }
}

/// The `"task_threads"` of a run's output, as JSON.
fn threads(out: &Value<'_>) -> String {
    to_json_sorted(out.get("task_threads").expect("a field"))
}

/// Both flavors, one instance each, called three times.
fn run_both_flavors() {
    for (config, flavor) in [(CURRENT, "current_thread"), (MULTI, "multi_thread")] {
        let mut instance = new_instance(config);
        for _ in 0..3 {
            run_and_check(&mut instance, flavor, "fixture-tokio");
        }
    }
}

#[test]
fn a_plain_host_thread_drives_the_plugins_runtime() {
    run_both_flavors();
    thread::Builder::new()
        .name("host-plain".into())
        .spawn(run_both_flavors)
        .expect("spawn")
        .join()
        .expect("no panic");
}

#[tokio::test]
async fn inside_the_hosts_current_thread_runtime() {
    // Directly in the host's async task: the plugin's `block_on` does not panic ("Cannot
    // start a runtime from within a runtime" is checked against the plugin's tokio, which sees
    // no runtime on this thread), it blocks the host's only thread until it returns.
    assert!(tokio::runtime::Handle::try_current().is_ok());
    run_both_flavors();
    // On the host's blocking pool, as a host should call a blocking plugin.
    tokio::task::spawn_blocking(run_both_flavors)
        .await
        .expect("no panic");
    assert!(tokio::runtime::Handle::try_current().is_ok());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inside_the_hosts_multi_thread_runtime() {
    // Directly in async tasks on the host's workers, and on its blocking pool.
    let direct = tokio::spawn(async { run_both_flavors() });
    let blocking = tokio::task::spawn_blocking(run_both_flavors);
    direct.await.expect("no panic");
    blocking.await.expect("no panic");
}

#[tokio::test]
async fn a_direct_call_stalls_the_hosts_thread_and_spawn_blocking_does_not() {
    const SLEEP: Duration = Duration::from_millis(100);
    let event = r#"{"op": "run", "sleep_ms": 100}"#;
    let mut instance = new_instance(MULTI);

    // Directly: the host's task spawned before the call cannot run until the call returns.
    let host_task = tokio::spawn(async { Instant::now() });
    let start = Instant::now();
    call(&mut instance, event);
    let returned = Instant::now();
    assert!(returned - start >= SLEEP);
    let host_task_ran = host_task.await.expect("no panic");
    assert!(
        host_task_ran >= returned,
        "the host's task ran during the call"
    );

    // With `spawn_blocking`: the host's thread runs its tasks while the plugin blocks.
    let host_task = tokio::spawn(async { Instant::now() });
    let (instance, returned) = tokio::task::spawn_blocking(move || {
        call(&mut instance, event);
        (instance, Instant::now())
    })
    .await
    .expect("no panic");
    let host_task_ran = host_task.await.expect("no panic");
    assert!(
        host_task_ran < returned,
        "the host's task waited for the call"
    );
    drop(instance);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_plugins_tokio_does_not_see_the_hosts_runtime() {
    for config in [CURRENT, MULTI] {
        let mut instance = new_instance(config);
        // `Handle::current()` in the plugin, outside its own runtime, panics although the
        // calling thread is a worker of the host's runtime.
        let error = call_err(&mut instance, r#"{"op": "handle_current"}"#);
        assert_eq!(error.kind(), ErrorKind::Panicked, "{error}");
        assert!(
            error
                .message()
                .contains("must be called from the context of a Tokio 1.x runtime"),
            "{error}"
        );
        // The plugin's tokio does see its own runtime: a nested `block_on` is refused.
        let error = call_err(&mut instance, r#"{"op": "nested"}"#);
        assert_eq!(error.kind(), ErrorKind::Panicked, "{error}");
        assert!(
            error
                .message()
                .contains("Cannot start a runtime from within a runtime"),
            "{error}"
        );
        // Both panics left the runtime usable.
        let flavor = value(config);
        run_and_check(
            &mut instance,
            flavor.get_str("flavor").expect("set"),
            "fixture-tokio",
        );
    }
}

#[test]
fn a_multi_thread_runtime_runs_tasks_between_calls_a_current_thread_one_does_not() {
    // The ticker spawned in `init` counts on the plugin's workers while nobody calls.
    let mut instance = new_instance(MULTI);
    let first = ticks(&mut instance);
    let deadline = Instant::now() + Duration::from_secs(5);
    while ticks(&mut instance) <= first {
        assert!(Instant::now() < deadline, "the ticker did not tick in 5 s");
        thread::sleep(Duration::from_millis(5));
    }

    // A current-thread runtime runs only inside `block_on`: its ticker waits between calls.
    let mut instance = new_instance(CURRENT);
    assert_eq!(ticks(&mut instance), 0, "ticked before any block_on");
    thread::sleep(Duration::from_millis(20));
    assert_eq!(ticks(&mut instance), 0, "ticked before any block_on");
    call(&mut instance, r#"{"op": "run", "sleep_ms": 5}"#);
    let after_run = ticks(&mut instance);
    assert!(after_run > 0, "did not tick during block_on");
    thread::sleep(Duration::from_millis(20));
    assert_eq!(ticks(&mut instance), after_run, "ticked between calls");
}

/// Makes instance `i` (current-thread runtimes for even `i`, multi-thread for odd) and runs 20
/// events through it, checking each.
fn twenty_calls_of_instance(i: usize) {
    let (config, flavor) = if i.is_multiple_of(2) {
        (CURRENT, "current_thread")
    } else {
        (MULTI, "multi_thread")
    };
    let mut instance = new_instance(config);
    for _ in 0..20 {
        run_and_check(&mut instance, flavor, "fixture-tokio");
    }
}

#[test]
fn instances_on_several_host_threads_at_once() {
    let threads: Vec<_> = (0..4)
        .map(|i| thread::spawn(move || twenty_calls_of_instance(i)))
        .collect();
    for thread in threads {
        thread.join().expect("no panic");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn instances_on_the_hosts_blocking_pool_at_once() {
    let tasks: Vec<_> = (0..4)
        .map(|i| tokio::task::spawn_blocking(move || twenty_calls_of_instance(i)))
        .collect();
    for task in tasks {
        task.await.expect("no panic");
    }
}

/// The names of this process's threads (Linux: `/proc/self/task/*/comm`), or `None`
/// elsewhere.
fn thread_names() -> Option<Vec<String>> {
    let tasks = std::fs::read_dir("/proc/self/task").ok()?;
    Some(
        tasks
            .filter_map(|task| std::fs::read_to_string(task.ok()?.path().join("comm")).ok())
            .map(|name| name.trim_end().to_owned())
            .collect(),
    )
}

/// Waits until no thread of this process is named `name` (where thread names can be read).
fn wait_until_no_thread_named(name: &str) {
    let deadline = Instant::now() + Duration::from_secs(5);
    while thread_names().is_some_and(|names| names.iter().any(|n| n == name)) {
        assert!(
            Instant::now() < deadline,
            "threads named {name} still run 5 s after the instance was dropped"
        );
        thread::sleep(Duration::from_millis(5));
    }
}

#[tokio::test]
async fn dropped_inside_the_hosts_runtime() {
    for flavor in ["current_thread", "multi_thread"] {
        let name = format!("ftr-drop-{}", &flavor[..1]);
        let mut instance = new_instance(&format!(
            r#"{{"flavor": "{flavor}", "thread_name": "{name}"}}"#
        ));
        run_and_check(&mut instance, flavor, &name);
        // In the host's async task: no panic, no wait, and the runtime's threads end.
        drop(instance);
        wait_until_no_thread_named(&name);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dropping_does_not_wait_for_a_blocking_task_unless_asked_to() {
    // The default, `shutdown_background`: the drop returns at once; the blocking task's
    // thread ends when the task returns, later.
    let blocking = Duration::from_millis(1500);
    let mut instance = new_instance(&format!(
        r#"{{"thread_name": "ftr-bg", "blocking_task_ms": {}}}"#,
        blocking.as_millis()
    ));
    run_and_check(&mut instance, "multi_thread", "ftr-bg");
    let start = Instant::now();
    drop(instance);
    assert!(
        start.elapsed() < blocking / 2,
        "the drop waited for the blocking task"
    );
    wait_until_no_thread_named("ftr-bg");

    // `"shutdown": "wait"`, the runtime's own `Drop`: in the host's async task, where tokio
    // panics when the runtime is one of the host's own tokio, it waits instead, stalling the
    // host's worker until the blocking task returns.
    let blocking = Duration::from_millis(300);
    let start = Instant::now();
    let instance = new_instance(&format!(
        r#"{{"thread_name": "ftr-wait", "blocking_task_ms": {}, "shutdown": "wait"}}"#,
        blocking.as_millis()
    ));
    drop(instance);
    assert!(start.elapsed() >= blocking, "the drop did not wait");
    // Every thread of the runtime has ended by the time the drop returns.
    assert!(thread_names().is_none_or(|names| !names.iter().any(|n| n == "ftr-wait")));
}

/// The panic message of `f`, which must panic with a `&str`.
fn panic_message(f: impl FnOnce()) -> &'static str {
    let panic = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).expect_err("a panic");
    panic
        .downcast_ref::<&'static str>()
        .copied()
        .unwrap_or_default()
}

/// The contrast with the plugin's runtime, driven and dropped in the same place by the plugin
/// without a panic: a runtime of the host's own tokio is refused both in the host's async task.
#[tokio::test]
async fn a_runtime_of_the_hosts_own_tokio_is_refused_in_its_async_task() {
    let own = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a runtime");
    let message = panic_message(|| own.block_on(async {}));
    assert!(
        message.starts_with("Cannot start a runtime from within a runtime"),
        "{message}"
    );
    let message = panic_message(|| drop(own));
    assert!(
        message.starts_with("Cannot drop a runtime in a context where blocking is not allowed"),
        "{message}"
    );
}
