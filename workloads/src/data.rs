//! A seeded, deterministic generator of Tremor-like log events.
//!
//! Each event is a JSON object of 13 keys, in this order: `about` (a long text), `guid`,
//! `abool`, `aint`, `short_message`, `tags` (5 strings `"tag1"`..`"tag9"`), `array` (0 to 9
//! small integers), `index_type`, `logger_name`, `syslog_hostname`, `application`
//! (`"app1"`..`"app9"`), `type` and `doc-type`; about 630 bytes of JSON on average.
//!
//! A seed makes [`DISTINCT`] events, replayed round-robin. Event `i` is made to match rule
//! `i % 9` of [`Classify`](crate::rules::Classify) (the five applications, the two index types,
//! the tag, the default), so the distinct events hit every rule. The events depend only on the
//! seed: `ChaCha8` (pinned `rand_chacha`) drawn through `next_u64` only, with this module's own
//! range mapping, serialized field by field.
//!
//! ```
//! use ffi_workloads::data;
//! let lines = data::json_lines(1, 250);
//! assert_eq!(lines.len(), 250);
//! assert_eq!(lines[3], lines[3 + data::DISTINCT]);
//! assert!(lines[0].starts_with(b"{\"about\":\""));
//! ```

use base64::Engine;
use rand_chacha::rand_core::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

use crate::rules::{APPLICATIONS, INDEX_TYPES, TAG};

/// Distinct events per seed, replayed round-robin.
pub const DISTINCT: usize = 100;

/// Words of the texts.
const WORDS: [&str; 24] = [
    "lorem",
    "ipsum",
    "dolor",
    "sit",
    "amet",
    "consectetur",
    "adipiscing",
    "elit",
    "sed",
    "do",
    "eiusmod",
    "tempor",
    "incididunt",
    "ut",
    "labore",
    "et",
    "dolore",
    "magna",
    "aliqua",
    "request",
    "latency",
    "upstream",
    "timeout",
    "retry",
];

/// Index types that match no rule.
const OTHER_INDEX_TYPES: [&str; 4] = ["applog_app1", "applog_app7", "syslog_app2", "syslog_app3"];

/// Applications without a rule of their own.
const OTHER_APPLICATIONS: [&str; 4] = ["app6", "app7", "app8", "app9"];

/// Tags, `tag1` (which has a rule) first.
const TAGS: [&str; 9] = [
    "tag1", "tag2", "tag3", "tag4", "tag5", "tag6", "tag7", "tag8", "tag9",
];

/// Rules of `Classify`, in order: the 5 applications, the 2 index types, the tag, the default.
const RULES: usize = APPLICATIONS.len() + INDEX_TYPES.len() + 2;

/// One log event, serialized with its fields in this order.
#[derive(Serialize)]
struct LogEvent {
    about: String,
    guid: String,
    abool: bool,
    aint: i64,
    short_message: String,
    tags: [&'static str; 5],
    array: Vec<u8>,
    index_type: &'static str,
    logger_name: String,
    syslog_hostname: String,
    application: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(rename = "doc-type")]
    doc_type: &'static str,
}

/// The random draws of one seed.
struct Draws(ChaCha8Rng);

impl Draws {
    /// A number in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        // `n` is a small table length: the modulo bias is negligible and portable.
        usize::try_from(self.0.next_u64() % n as u64).unwrap_or_default()
    }

    /// An element of `items`.
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// Words up to at least `len` bytes.
    fn text(&mut self, len: usize) -> String {
        let mut text = String::with_capacity(len + 12);
        while text.len() < len {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(self.pick(&WORDS));
        }
        text
    }

    /// `n` tags, containing `tag1` when `tagged`, none when `!tagged`, either when `None`.
    fn tags(&mut self, tagged: Option<bool>) -> [&'static str; 5] {
        let first = usize::from(tagged == Some(false));
        let mut tags = [""; 5];
        for tag in &mut tags {
            *tag = TAGS[first + self.below(TAGS.len() - first)];
        }
        if tagged == Some(true) && !tags.contains(&TAG.0) {
            tags[self.below(tags.len())] = TAG.0;
        }
        tags
    }

    /// The event matching `rule` (an index into the rules of `Classify`).
    fn event(&mut self, rule: usize) -> LogEvent {
        let (application, index_type, tagged) = match rule {
            r if r < APPLICATIONS.len() => (APPLICATIONS[r].0, self.pick(&INDEX_TYPES).0, None),
            r if r < APPLICATIONS.len() + INDEX_TYPES.len() => (
                self.pick(&OTHER_APPLICATIONS),
                INDEX_TYPES[r - APPLICATIONS.len()].0,
                None,
            ),
            r => (
                self.pick(&OTHER_APPLICATIONS),
                self.pick(&OTHER_INDEX_TYPES),
                Some(r == RULES - 2),
            ),
        };
        let about_len = 180 + self.below(100);
        LogEvent {
            about: self.text(about_len),
            guid: self.guid(),
            abool: self.below(2) == 1,
            aint: i64::try_from(self.below(2_000_000)).unwrap_or_default() - 1_000_000,
            short_message: {
                let len = 30 + self.below(30);
                self.text(len)
            },
            tags: self.tags(tagged),
            array: (0..self.below(10))
                .map(|_| u8::try_from(self.below(100)).unwrap_or_default())
                .collect(),
            index_type,
            logger_name: format!("com.example.service.Component{}", self.below(20)),
            syslog_hostname: format!(
                "host-{:03}.dc{}.example.net",
                self.below(1000),
                self.below(4)
            ),
            application,
            kind: self.pick(&["applog", "syslog", "access"]),
            doc_type: self.pick(&["json", "logline", "event"]),
        }
    }

    /// A version-4-shaped GUID.
    fn guid(&mut self) -> String {
        let a = self.0.next_u64();
        let b = self.0.next_u64();
        format!(
            "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xffff,
            a & 0xfff,
            ((b >> 48) & 0x3fff) | 0x8000,
            b & 0xffff_ffff_ffff
        )
    }
}

/// The distinct events of `seed`.
fn distinct(seed: u64) -> Vec<LogEvent> {
    let mut draws = Draws(ChaCha8Rng::seed_from_u64(seed));
    (0..DISTINCT).map(|i| draws.event(i % RULES)).collect()
}

/// `count` events of `seed`, each distinct one encoded once by `encode`, replayed round-robin.
fn lines(seed: u64, count: usize, encode: impl Fn(&LogEvent) -> Vec<u8>) -> Vec<Vec<u8>> {
    let distinct: Vec<Vec<u8>> = distinct(seed).iter().map(encode).collect();
    distinct.iter().cycle().take(count).cloned().collect()
}

/// `count` Tremor-like log events as JSON lines (no trailing newline): 13 keys, ~630 bytes on
/// average. Deterministic for a seed on every platform. The [`DISTINCT`] distinct events hit
/// every classify rule.
///
/// # Panics
/// Never: the events are plain strings and numbers, which always serialize.
#[must_use]
pub fn json_lines(seed: u64, count: usize) -> Vec<Vec<u8>> {
    lines(seed, count, |event| {
        serde_json::to_vec(event).expect("a LogEvent is plain strings and numbers")
    })
}

/// The events of [`json_lines`] as base64 (standard, padded) `MessagePack` lines (maps with
/// string keys).
///
/// # Panics
/// Never, as [`json_lines`].
#[must_use]
pub fn msgpack_base64_lines(seed: u64, count: usize) -> Vec<Vec<u8>> {
    lines(seed, count, |event| {
        let msgpack =
            rmp_serde::to_vec_named(event).expect("a LogEvent is plain strings and numbers");
        base64::engine::general_purpose::STANDARD
            .encode(msgpack)
            .into_bytes()
    })
}
