//! Parsing (and writing) one Tremor-like log event: our `Value` against simd-json's borrowed
//! and owned values and `serde_json`'s.
//!
//! Every parse iteration first copies the event into a reusable buffer (simd-json unescapes in
//! place), the same for every contender, and drops the parsed value inside the iteration.

#![allow(missing_docs)] // `criterion_group!` makes an undocumented `pub fn`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use value_trait::prelude::Writable;

/// A Tremor-like log event: 13 keys, 632 bytes.
const EVENT: &str = include_str!("event.json");

/// Benchmarks `parse` (which parses and drops the value) on a fresh copy of the event per
/// iteration.
fn bench_parse(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    name: &str,
    parse: impl Fn(&mut [u8]),
) {
    let mut buffer = EVENT.as_bytes().to_vec();
    group.bench_function(name, |b| {
        b.iter(|| {
            buffer.copy_from_slice(EVENT.as_bytes());
            parse(black_box(&mut buffer));
        });
    });
}

fn parse(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse");
    group.throughput(Throughput::Bytes(EVENT.len() as u64));
    bench_parse(&mut group, "ffi_value::parse_json", |input| {
        drop(black_box(ffi_value::parse_json(input).expect("valid JSON")));
    });
    bench_parse(&mut group, "simd_json::to_borrowed_value", |input| {
        drop(black_box(
            simd_json::to_borrowed_value(input).expect("valid JSON"),
        ));
    });
    bench_parse(&mut group, "simd_json::to_owned_value", |input| {
        drop(black_box(
            simd_json::to_owned_value(input).expect("valid JSON"),
        ));
    });
    bench_parse(&mut group, "serde_json::from_slice", |input| {
        drop(black_box(
            serde_json::from_slice::<serde_json::Value>(input).expect("valid JSON"),
        ));
    });
    group.finish();
}

fn serialize(c: &mut Criterion) {
    let mut ours_input = EVENT.as_bytes().to_vec();
    let ours = ffi_value::parse_json(&mut ours_input).expect("valid JSON");
    let mut simd_input = EVENT.as_bytes().to_vec();
    let simd = simd_json::to_borrowed_value(&mut simd_input).expect("valid JSON");
    assert_eq!(ours.encode().len(), simd.encode().len());

    let mut group = c.benchmark_group("serialize");
    group.throughput(Throughput::Bytes(EVENT.len() as u64));
    group.bench_function("ffi_value::Value::encode", |b| {
        b.iter(|| black_box(&ours).encode());
    });
    group.bench_function("simd_json::BorrowedValue::encode", |b| {
        b.iter(|| black_box(&simd).encode());
    });
    group.finish();
}

criterion_group! {
    name = json;
    config = Criterion::default()
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_secs(1));
    targets = parse, serialize
}
criterion_main!(json);
