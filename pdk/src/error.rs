//! Errors that cross the boundary: structured (a kind and a message), FFI-safe.

use std::fmt;

use abi_stable::std_types::RString;
use abi_stable::StableAbi;

/// What kind of failure a [`PluginError`] is.
#[repr(u8)]
#[derive(StableAbi, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// The configuration given to `init` is unusable.
    Config,
    /// The event is not what the plugin handles.
    InvalidEvent,
    /// The plugin failed for a reason of its own.
    Internal,
    /// The plugin panicked; the message is the panic's.
    Panicked,
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Config => "configuration error",
            Self::InvalidEvent => "invalid event",
            Self::Internal => "internal error",
            Self::Panicked => "panicked",
        })
    }
}

/// A plugin's error: a kind and a message, both FFI-safe.
///
/// ```
/// use ffi_pdk::{ErrorKind, PluginError};
/// let e = PluginError::config("`rate` must be a positive integer");
/// assert_eq!(e.kind(), ErrorKind::Config);
/// assert_eq!(e.to_string(), "configuration error: `rate` must be a positive integer");
/// ```
#[repr(C)]
#[derive(StableAbi, Debug, Clone, PartialEq, Eq)]
pub struct PluginError {
    kind: ErrorKind,
    message: RString,
}

impl PluginError {
    /// An error of `kind` saying `message`.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: RString::from(message.into()),
        }
    }

    /// An [`ErrorKind::Config`] error.
    pub fn config(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Config, message)
    }

    /// An [`ErrorKind::InvalidEvent`] error.
    pub fn invalid_event(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::InvalidEvent, message)
    }

    /// An [`ErrorKind::Internal`] error.
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Internal, message)
    }

    /// What kind of failure it is.
    #[must_use]
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The message.
    #[must_use]
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for PluginError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind, self.message)
    }
}

impl std::error::Error for PluginError {}
