//! The four workloads of Tremor's plugin study: what they read and which stages they run.

use clap::ValueEnum;
use ffi_workloads::data;

/// Lines generated per workload and replayed in a loop: the data set has
/// [`data::DISTINCT`] distinct events per seed, so more lines would add memory, not variety.
pub const POOL_LINES: usize = 10_000;

/// The seeds of the generated data (workload 2 interleaves two sources).
const SEEDS: [u64; 2] = [6, 7];

/// A workload: a source format and a chain of stages.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Workload {
    /// Undecoded lines (bytes) through `passthrough` to a counting sink.
    Passthrough,
    /// Two JSON sources interleaved, decoded, through `passthrough`, JSON-encoded.
    PassthroughTwoInputs,
    /// JSON decoded, `classify`, a per-class `bucket` rate limiter, JSON-encoded.
    ThroughputLoggingJson,
    /// The same from msgpack (base64 lines) input.
    ThroughputLoggingMsgpack,
}

/// How a workload's input lines are decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Input {
    /// Not at all: each line is an event of bytes.
    Raw,
    /// One JSON document a line.
    Json,
    /// One msgpack document a line, base64-encoded.
    MsgpackBase64,
}

/// A stage of a workload's chain, each a plugin in the plugin configurations.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    /// Every event goes out unchanged.
    Passthrough,
    /// Sets `$class`, `$rate` and `$dimension`.
    Classify,
    /// Drops the events over their class's (and dimension's) rate.
    Bucket,
}

/// The classifier's rate of events that match no rule: the same in every configuration.
pub const DEFAULT_RATE: u64 = 250;
/// The bucket's window, in events: the same in every configuration.
pub const WINDOW_EVENTS: u64 = 10_000;
/// The bucket's number of dimensions kept per class: the same in every configuration.
pub const CAPACITY: u64 = 1_000;

impl Workload {
    /// Every workload, in table order.
    pub const ALL: [Self; 4] = [
        Self::Passthrough,
        Self::PassthroughTwoInputs,
        Self::ThroughputLoggingJson,
        Self::ThroughputLoggingMsgpack,
    ];

    /// The name on the command line and in the results.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Passthrough => "passthrough",
            Self::PassthroughTwoInputs => "passthrough-two-inputs",
            Self::ThroughputLoggingJson => "throughput-logging-json",
            Self::ThroughputLoggingMsgpack => "throughput-logging-msgpack",
        }
    }

    /// How its lines are decoded.
    #[must_use]
    pub fn input(self) -> Input {
        match self {
            Self::Passthrough => Input::Raw,
            Self::PassthroughTwoInputs | Self::ThroughputLoggingJson => Input::Json,
            Self::ThroughputLoggingMsgpack => Input::MsgpackBase64,
        }
    }

    /// Its chain of stages.
    #[must_use]
    pub fn stages(self) -> &'static [Stage] {
        match self {
            Self::Passthrough | Self::PassthroughTwoInputs => &[Stage::Passthrough],
            Self::ThroughputLoggingJson | Self::ThroughputLoggingMsgpack => {
                &[Stage::Classify, Stage::Bucket]
            }
        }
    }

    /// `count` input lines (replayed in a loop by the runner).
    #[must_use]
    pub fn lines(self, count: usize) -> Vec<Vec<u8>> {
        match self {
            Self::Passthrough | Self::ThroughputLoggingJson => data::json_lines(SEEDS[0], count),
            Self::ThroughputLoggingMsgpack => data::msgpack_base64_lines(SEEDS[0], count),
            Self::PassthroughTwoInputs => {
                let first = data::json_lines(SEEDS[0], count.div_ceil(2));
                let second = data::json_lines(SEEDS[1], count / 2);
                let mut second = second.into_iter();
                first
                    .into_iter()
                    .flat_map(|line| std::iter::once(line).chain(second.next()))
                    .collect()
            }
        }
    }
}

impl Stage {
    /// The stage's configuration, as JSON: the same object for every plugin implementation.
    /// `known_keys` switches memoized-hash keys on or off where the value type has them.
    #[must_use]
    pub fn config_json(self, known_keys: bool) -> String {
        match self {
            Self::Passthrough => "null".to_owned(),
            Self::Classify => {
                format!(r#"{{"default_rate":{DEFAULT_RATE},"known_keys":{known_keys}}}"#)
            }
            Self::Bucket => format!(
                r#"{{"window_events":{WINDOW_EVENTS},"capacity":{CAPACITY},"known_keys":{known_keys}}}"#
            ),
        }
    }

    /// The stage's name in the `plugin-rvalue` library.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Passthrough => "passthrough",
            Self::Classify => "classify",
            Self::Bucket => "bucket",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_inputs_interleave_line_by_line() {
        let lines = Workload::PassthroughTwoInputs.lines(5);
        let (first, second) = (data::json_lines(SEEDS[0], 3), data::json_lines(SEEDS[1], 2));
        let expected = [&first[0], &second[0], &first[1], &second[1], &first[2]];
        assert!(lines.iter().eq(expected), "{lines:?}");
    }

    #[test]
    fn every_workload_makes_the_lines_asked_for() {
        for workload in Workload::ALL {
            assert_eq!(workload.lines(7).len(), 7, "{}", workload.name());
        }
    }
}
