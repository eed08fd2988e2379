//! Errors that cross the boundary: structured (a kind and a message, and for a panic where it
//! happened), FFI-safe.

use std::fmt;

use abi_stable::std_types::{ROption, RString};
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
    /// The plugin panicked; the message is the panic's, and the error has the panic's location
    /// (and, when the host asked for them, a backtrace) when the plugin library's panic hook
    /// recorded it (see [`PluginError::location`]).
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

/// A plugin's error: a kind and a message, and for a panic its location and optional
/// backtrace, all FFI-safe.
///
/// `Display` is one line: the kind and the message, with the location of a panic in between
/// (`panicked at src/lib.rs:29:9: boom`); the backtrace is only in [`PluginError::backtrace`].
///
/// ```
/// use ffi_pdk::{ErrorKind, PluginError};
/// let e = PluginError::config("`rate` must be a positive integer");
/// assert_eq!(e.kind(), ErrorKind::Config);
/// assert_eq!(e.location(), None);
/// assert_eq!(e.to_string(), "configuration error: `rate` must be a positive integer");
/// ```
#[repr(C)]
#[derive(StableAbi, Debug, Clone, PartialEq, Eq)]
pub struct PluginError {
    kind: ErrorKind,
    message: RString,
    /// `file:line:column` of a panic, when the panic hook recorded it.
    location: ROption<RString>,
    /// A panic's backtrace, when the host asked for backtraces.
    backtrace: ROption<RString>,
}

impl PluginError {
    /// An error of `kind` saying `message`.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: RString::from(message.into()),
            location: ROption::RNone,
            backtrace: ROption::RNone,
        }
    }

    /// An [`ErrorKind::Panicked`] error (made by the code `export_plugin!` generates).
    pub(crate) fn panicked(
        message: String,
        location: Option<String>,
        backtrace: Option<String>,
    ) -> Self {
        Self {
            location: location.map(RString::from).into(),
            backtrace: backtrace.map(RString::from).into(),
            ..Self::new(ErrorKind::Panicked, message)
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

    /// Where a panic happened, as `file:line:column` (the file as the plugin's compiler saw
    /// it, e.g. `src/lib.rs`). `None` for other errors, and for a panic the plugin library's
    /// hook did not record: one re-raised with `std::panic::resume_unwind` (which does not run
    /// the hook), or one of a plugin used in-process rather than loaded by a host.
    #[must_use]
    pub fn location(&self) -> Option<&str> {
        self.location.as_ref().map(RString::as_str).into()
    }

    /// A panic's backtrace, as `std::backtrace::Backtrace` prints it, taken in the plugin when
    /// the host asked the library for backtraces (off by default); `None` otherwise.
    #[must_use]
    pub fn backtrace(&self) -> Option<&str> {
        self.backtrace.as_ref().map(RString::as_str).into()
    }
}

impl fmt::Display for PluginError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.location() {
            Some(location) => write!(f, "{} at {location}: {}", self.kind, self.message),
            None => write!(f, "{}: {}", self.kind, self.message),
        }
    }
}

impl std::error::Error for PluginError {}
