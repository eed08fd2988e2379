//! Shared by the rules tests: running the rules on each event type, as `OwnedValue`s.

#![allow(dead_code)] // Each test binary uses a part.

use ffi_value::Value;
use ffi_workloads::rules::{Bucket, BucketOptions, Classify, Event, KeyMode, RuleError};
use ffi_workloads::rvalue::RValue;
use simd_json::OwnedValue;

/// An event type with the conversions the tests need.
pub trait Testable: Event {
    /// The event of a JSON text.
    fn parse(json: &[u8]) -> Self;
    /// The event as simd-json's value, to compare.
    fn to_owned_value(&self) -> OwnedValue;
}

impl Testable for OwnedValue {
    fn parse(json: &[u8]) -> Self {
        simd_json::to_owned_value(&mut json.to_vec()).expect("JSON")
    }

    fn to_owned_value(&self) -> OwnedValue {
        self.clone()
    }
}

impl Testable for Value<'static> {
    fn parse(json: &[u8]) -> Self {
        ffi_value::parse_json_owned(json).expect("JSON")
    }

    fn to_owned_value(&self) -> OwnedValue {
        OwnedValue::from(self.clone())
    }
}

impl Testable for RValue {
    fn parse(json: &[u8]) -> Self {
        RValue::from_json(&mut json.to_vec()).expect("JSON")
    }

    fn to_owned_value(&self) -> OwnedValue {
        let mut json = Vec::new();
        self.write_json(&mut json);
        simd_json::to_owned_value(&mut json).expect("JSON")
    }
}

/// What classify and then bucket make of each of `lines`: the classified event (or the error)
/// and whether it was admitted.
pub fn run<E: Testable>(
    lines: &[Vec<u8>],
    mode: KeyMode,
    options: BucketOptions,
) -> Vec<Result<(OwnedValue, bool), RuleError>> {
    let classify = Classify::<E>::new(250, mode);
    let mut bucket = Bucket::<E>::new(options, mode);
    lines
        .iter()
        .map(|line| {
            let mut event = E::parse(line);
            classify.apply(&mut event)?;
            let admitted = bucket.admit(&event)?;
            Ok((event.to_owned_value(), admitted))
        })
        .collect()
}
