//! Costs at the plugin boundary, each group with a native (in-process, no `dlopen`) baseline
//! measured in the same run, so the figures to read are ratios:
//!
//! - `call`: handing the event to the release-built `passthrough` plugin loaded with `dlopen`,
//!   one `Instance::process` per event or one `process_batch` of [`BATCH`] events, against
//!   calling the same plugin's `Plugin` methods linked in. Throughput is per event.
//! - `drop` and `build_and_drop`: a copy of the event built by the `fixture-template` plugin
//!   (hashbrown maps, its allocator) and dropped by the host, every free going back through
//!   the plugin's functions, against a copy built and dropped in the host.
//! - `lookup_<backend>`: the five keys `classify` reads (three present, two missing) looked up
//!   with [`KnownKey::get`] (hash memoized) and with `Value::get(&str)` (hashed per look-up),
//!   on the host side (the map is this library's: direct calls) and on the plugin side (the
//!   map behaves as one another library made, through its vtable:
//!   [`FfiMap::into_vtable_dispatch`](ffi_value::FfiMap::into_vtable_dispatch)).
//!
//! Every event is a clone of one 13-key log event made outside the timed part.
//!
//! Run with `cargo bench -p ffi-host --bench boundary`.

#![allow(missing_docs)] // `criterion_group!` makes an undocumented `pub fn`.

#[path = "../tests/common/mod.rs"]
mod common;

use std::hint::black_box;
use std::time::Duration;

use criterion::measurement::WallTime;
use criterion::{
    criterion_group, criterion_main, BatchSize, BenchmarkGroup, Criterion, Throughput,
};
use ffi_host::{Instance, PluginLibrary};
use ffi_pdk::{Outputs, Plugin};
use ffi_value::prelude::*;
use ffi_value::{literal, parse_json_owned_with, Backend, FfiVec, KnownKey, ParseOptions, Value};
use passthrough::Passthrough;

/// A Tremor-like log event: 13 keys, 632 bytes (the root `json` bench's).
const EVENT: &str = include_str!("../../benches/event.json");

/// Events per `process_batch` call.
const BATCH: usize = 100;

/// The keys `classify` reads: three in [`EVENT`], two (the fields it adds) not.
const KEYS: [&str; 5] = ["application", "index_type", "tags", "$class", "$rate"];

/// [`EVENT`] parsed by this library into maps of `backend`.
fn parsed_event(backend: Backend) -> Value<'static> {
    let options = ParseOptions::default()
        .with_backend(backend)
        .expect("the bench is built with both backends");
    parse_json_owned_with(EVENT.as_bytes(), &options).expect("valid JSON")
}

/// An instance of the plugin library at `path`, made with `config`.
fn instance(path: &std::path::Path, config: &Value<'_>) -> Instance {
    PluginLibrary::load(path)
        .unwrap_or_else(|e| panic!("loading {}: {e}", path.display()))
        .instantiate(config)
        .unwrap_or_else(|e| panic!("instantiating {}: {e}", path.display()))
}

/// A group with the bench's settings, counting `events` per iteration.
fn group<'c>(c: &'c mut Criterion, name: &str, events: usize) -> BenchmarkGroup<'c, WallTime> {
    let mut group = c.benchmark_group(name);
    group.throughput(Throughput::Elements(events as u64));
    group
}

/// `BATCH` clones of `event`.
fn batch(event: &Value<'static>) -> FfiVec<Value<'static>> {
    (0..BATCH).map(|_| event.clone()).collect()
}

fn call(c: &mut Criterion) {
    let event = parsed_event(Backend::Halfbrown);
    let mut native = Passthrough::init(&Value::NULL).expect("passthrough accepts null");
    let mut loaded = instance(&common::plugin_release("passthrough"), &Value::NULL);
    let mut one = group(c, "call", 1);
    one.bench_function("native on_event", |b| {
        b.iter_batched(
            || event.clone(),
            |event| {
                let mut out = Outputs::new();
                native.on_event(event, &mut out).expect("passthrough");
                out.len()
            },
            BatchSize::SmallInput,
        );
    });
    one.bench_function("dlopen process", |b| {
        b.iter_batched(
            || event.clone(),
            // The outputs are dropped inside the timing here, so the native one's are too.
            |event| loaded.process(event).expect("passthrough").len(),
            BatchSize::SmallInput,
        );
    });
    one.finish();
    let mut many = group(c, "call", BATCH);
    many.bench_function(format!("native on_batch of {BATCH}"), |b| {
        b.iter_batched(
            || batch(&event),
            |events| {
                let mut out = Outputs::new();
                native.on_batch(events, &mut out).expect("passthrough");
                out
            },
            BatchSize::SmallInput,
        );
    });
    many.bench_function(format!("dlopen process_batch of {BATCH}"), |b| {
        b.iter_batched(
            || batch(&event),
            |events| loaded.process_batch(events).expect("passthrough"),
            BatchSize::SmallInput,
        );
    });
    many.finish();
}

/// Copies of [`EVENT`] made by the host (hashbrown maps, as the plugin's) and by the
/// `fixture-template` plugin, and the `passthrough` plugin for the cost of a call alone.
struct Crossing {
    host_template: Value<'static>,
    template_plugin: Instance,
    passthrough: Instance,
}

impl Crossing {
    fn new() -> Self {
        let host_template = parsed_event(Backend::Hashbrown);
        let template_plugin = instance(
            &common::fixture_release("fixture-template"),
            &literal!({ "template": EVENT }),
        );
        let mut crossing = Self {
            host_template,
            template_plugin,
            passthrough: instance(&common::plugin_release("passthrough"), &Value::NULL),
        };
        let made = crossing.plugin_copy();
        assert_eq!(made.len(), 1);
        assert_eq!(made[0], crossing.host_template);
        let Value::Object(object) = &made[0] else {
            unreachable!("the template is an object")
        };
        assert!(!object.is_native(), "the plugin's copy is the plugin's map");
        crossing
    }

    /// A copy of the event made by the plugin (in the outputs of one call).
    fn plugin_copy(&mut self) -> Outputs {
        let mut out = Outputs::new();
        self.template_plugin
            .process_into(Value::NULL, &mut out)
            .expect("template");
        out
    }
}

fn crossing(c: &mut Criterion) {
    let mut crossing = Crossing::new();
    let mut drop_only = group(c, "drop", 1);
    drop_only.bench_function("host-built, by the host", |b| {
        let template = &crossing.host_template;
        let copy = || {
            let mut out = Outputs::new();
            out.push(template.clone());
            out
        };
        b.iter_batched(copy, drop, BatchSize::SmallInput);
    });
    drop_only.bench_function("plugin-built, by the host", |b| {
        b.iter_batched(|| crossing.plugin_copy(), drop, BatchSize::SmallInput);
    });
    drop_only.finish();

    let mut build_and_drop = group(c, "build_and_drop", 1);
    build_and_drop.bench_function("in the host", |b| {
        let template = &crossing.host_template;
        b.iter(|| drop(black_box(template.clone())));
    });
    build_and_drop.bench_function("by the plugin, dropped by the host", |b| {
        b.iter(|| drop(black_box(crossing.plugin_copy())));
    });
    build_and_drop.bench_function("call alone (passthrough of null)", |b| {
        b.iter(|| drop(black_box(crossing.passthrough.process(Value::NULL))));
    });
    build_and_drop.finish();
}

/// How many of `known` are in `event`.
fn found_known(known: &[KnownKey], event: &Value<'_>) -> usize {
    known.iter().filter(|key| key.get(event).is_some()).count()
}

/// How many of [`KEYS`] are in `event`, looked up by `&str`.
fn found_plain(event: &Value<'_>) -> usize {
    black_box(KEYS)
        .iter()
        .filter(|&&key| event.get(key).is_some())
        .count()
}

fn lookup(c: &mut Criterion) {
    // A slice is iterated, never a `Vec`: `.iter()` on a `Vec` would be value-trait's boxed
    // `Array::iter` (the prelude is in scope), an allocation per iteration.
    let known: [KnownKey; KEYS.len()] = KEYS.map(KnownKey::from);
    for backend in [Backend::Halfbrown, Backend::Hashbrown] {
        let host = parsed_event(backend);
        let mut plugin = host.clone();
        if let Value::Object(object) = &mut plugin {
            *object = std::mem::take(object).into_vtable_dispatch();
            assert!(!object.is_native() && object.backend() == backend);
        }
        let mut group = group(c, &format!("lookup_{backend:?}").to_lowercase(), 1);
        for (side, event) in [("host", &host), ("plugin", &plugin)] {
            assert_eq!((found_known(&known, event), found_plain(event)), (3, 3));
            group.bench_function(format!("{side} KnownKey::get"), |b| {
                b.iter(|| found_known(black_box(&known), black_box(event)));
            });
            group.bench_function(format!("{side} Value::get(&str)"), |b| {
                b.iter(|| found_plain(black_box(event)));
            });
        }
        group.finish();
    }
}

criterion_group! {
    name = boundary;
    config = Criterion::default()
        .sample_size(30)
        .measurement_time(Duration::from_secs(2))
        .warm_up_time(Duration::from_millis(500));
    targets = call, crossing, lookup
}
criterion_main!(boundary);
