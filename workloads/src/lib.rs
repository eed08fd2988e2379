//! `ffi-workloads`: the four workloads of Tremor's plugin study, shared by the plugins that run
//! them and by the host that benchmarks them.
//!
//! - [`data`]: a seeded, deterministic generator of Tremor-like log events, as JSON lines and as
//!   base64 `MessagePack` lines.
//! - [`rules`]: the `classify` and `bucket` (rate limiter) rules, written once, generic over the
//!   event type ([`rules::Event`]): `simd_json::OwnedValue`, [`ffi_value::Value`] and
//!   [`rvalue::RValue`].
//! - [`rvalue`]: the study's single-value approach, whose objects are `abi_stable`
//!   `RBox<RHashMap<RString, RValue>>`, with the plugin interface of `plugin-rvalue`.
//!
//! ```
//! use ffi_workloads::data;
//! use ffi_workloads::rules::{Bucket, BucketOptions, Classify, KeyMode};
//!
//! let classify = Classify::new(250, KeyMode::Known);
//! let mut bucket = Bucket::new(BucketOptions::default(), KeyMode::Known);
//! let mut admitted = 0;
//! for mut line in data::json_lines(7, 300) {
//!     let mut event = ffi_value::parse_json_owned(&mut line)?;
//!     classify.apply(&mut event)?;
//!     admitted += usize::from(bucket.admit(&event)?);
//! }
//! assert!(admitted > 0);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod data;
pub mod rules;
pub mod rvalue;
