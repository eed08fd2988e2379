//! The configurations of the rules' stages, read from any [`Event`] type (the plugins'
//! `Value`, `plugin-rvalue`'s `RValue`): `null` for the defaults, or an object whose keys are
//! all optional. Errors name the offending key.

use super::{Bucket, BucketOptions, Classify, Event, KeyMode, DEFAULT_RATE};

/// The configuration of the classify stage: keys `default_rate` (a non-negative integer,
/// [`DEFAULT_RATE`]) and `known_keys` (a boolean, `true`: [`KeyMode::Known`]).
///
/// ```
/// use ffi_workloads::rules::ClassifyConfig;
/// use simd_json::json;
///
/// let config = ClassifyConfig::parse(&json!({"default_rate": 7}))?;
/// assert_eq!(config, ClassifyConfig { default_rate: 7, known_keys: true });
/// assert_eq!(ClassifyConfig::parse(&json!(null))?, ClassifyConfig::default());
/// assert_eq!(
///     ClassifyConfig::parse(&json!({"rate": 7})).unwrap_err(),
///     r#"unknown configuration key "rate" (the keys are "default_rate", "known_keys")"#
/// );
/// # Ok::<(), String>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClassifyConfig {
    /// The rate of events no rule matches.
    pub default_rate: u64,
    /// Whether fields are named with known keys ([`KeyMode::Known`]) or plain ones.
    pub known_keys: bool,
}

impl Default for ClassifyConfig {
    fn default() -> Self {
        Self {
            default_rate: DEFAULT_RATE,
            known_keys: true,
        }
    }
}

impl ClassifyConfig {
    /// Reads a configuration.
    ///
    /// # Errors
    /// A message saying what is wrong: not an object or `null`, an unknown key, or a key
    /// whose value is of the wrong kind.
    pub fn parse<E: Event>(config: &E) -> Result<Self, String> {
        let defaults = Self::default();
        let config = object(config, &["default_rate", "known_keys"])?;
        Ok(Self {
            default_rate: u64_key(config, "default_rate", defaults.default_rate)?,
            known_keys: bool_key(config, "known_keys", defaults.known_keys)?,
        })
    }

    /// The classifier configured.
    #[must_use]
    pub fn build<E: Event>(&self) -> Classify<E> {
        Classify::new(self.default_rate, mode(self.known_keys))
    }
}

/// The configuration of the bucket stage: keys `window_events` and `capacity` (positive
/// integers, as [`BucketOptions::default`]) and `known_keys` (a boolean, `true`).
///
/// ```
/// use ffi_workloads::rules::BucketConfig;
/// use simd_json::json;
///
/// let config = BucketConfig::parse(&json!({"capacity": 3, "known_keys": false}))?;
/// assert_eq!(config.options.capacity, 3);
/// assert!(!config.known_keys);
/// assert_eq!(
///     BucketConfig::parse(&json!({"window_events": 0})).unwrap_err(),
///     "`window_events` must be a positive integer, found 0"
/// );
/// # Ok::<(), String>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BucketConfig {
    /// The limiter's options.
    pub options: BucketOptions,
    /// Whether fields are named with known keys ([`KeyMode::Known`]) or plain ones.
    pub known_keys: bool,
}

impl Default for BucketConfig {
    fn default() -> Self {
        Self {
            options: BucketOptions::default(),
            known_keys: true,
        }
    }
}

impl BucketConfig {
    /// Reads a configuration.
    ///
    /// # Errors
    /// As [`ClassifyConfig::parse`]; also a `window_events` or `capacity` of 0.
    pub fn parse<E: Event>(config: &E) -> Result<Self, String> {
        let defaults = Self::default();
        let config = object(config, &["window_events", "capacity", "known_keys"])?;
        let window_events = positive(
            "window_events",
            u64_key(config, "window_events", defaults.options.window_events)?,
        )?;
        let capacity = positive(
            "capacity",
            u64_key(config, "capacity", defaults.options.capacity as u64)?,
        )?;
        Ok(Self {
            options: BucketOptions {
                window_events,
                capacity: usize::try_from(capacity)
                    .map_err(|_| format!("`capacity` must fit in memory, found {capacity}"))?,
            },
            known_keys: bool_key(config, "known_keys", defaults.known_keys)?,
        })
    }

    /// The limiter configured.
    #[must_use]
    pub fn build<E: Event>(&self) -> Bucket<E> {
        Bucket::new(self.options, mode(self.known_keys))
    }
}

fn mode(known_keys: bool) -> KeyMode {
    if known_keys {
        KeyMode::Known
    } else {
        KeyMode::Plain
    }
}

/// The configuration object (`None` for `null`), checked to have only keys of `known`.
fn object<'c, E: Event>(config: &'c E, known: &[&str]) -> Result<Option<&'c E>, String> {
    if config.is_null() {
        return Ok(None);
    }
    let keys = config.keys().ok_or_else(|| {
        format!(
            "the configuration must be an object (or null for none), found {}",
            config.kind()
        )
    })?;
    match keys.into_iter().find(|key| !known.contains(key)) {
        Some(key) => Err(format!(
            "unknown configuration key {key:?} (the keys are {})",
            known
                .iter()
                .map(|key| format!("{key:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
        None => Ok(Some(config)),
    }
}

/// The value of `key`, read by `read` (which says what it expects), or `default`.
fn key<'c, E: Event, T>(
    config: Option<&'c E>,
    key: &str,
    default: T,
    expected: &str,
    read: impl FnOnce(&'c E) -> Option<T>,
) -> Result<T, String> {
    match config.and_then(|config| config.get(key)) {
        None => Ok(default),
        Some(value) => {
            read(value).ok_or_else(|| format!("`{key}` must be {expected}, found {}", value.kind()))
        }
    }
}

fn u64_key<E: Event>(config: Option<&E>, name: &str, default: u64) -> Result<u64, String> {
    key(config, name, default, "a non-negative integer", E::as_u64)
}

fn bool_key<E: Event>(config: Option<&E>, name: &str, default: bool) -> Result<bool, String> {
    key(config, name, default, "a boolean", E::as_bool)
}

fn positive(key: &str, value: u64) -> Result<u64, String> {
    if value == 0 {
        Err(format!("`{key}` must be a positive integer, found 0"))
    } else {
        Ok(value)
    }
}
