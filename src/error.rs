//! Errors of parsing and encoding, each saying what went wrong and where.

use std::fmt;

/// The format an [`Error`] comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// JSON text.
    Json,
    /// `MessagePack`.
    MsgPack,
    /// Any other serde format.
    Serde,
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Json => "JSON",
            Self::MsgPack => "MessagePack",
            Self::Serde => "serde",
        })
    }
}

/// What kind of problem an [`Error`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input is not well-formed in its format.
    Syntax,
    /// The input ends before the value does.
    Eof,
    /// A string is not valid UTF-8.
    Utf8,
    /// Arrays and objects nest deeper than the configured limit.
    TooDeep {
        /// The limit that was exceeded.
        limit: usize,
    },
    /// A number does not fit the value's number types.
    Number,
    /// The value cannot be written in the format (for example a map key that is not a
    /// string, or a non-finite float in JSON).
    Unsupported,
    /// Writing to the output failed.
    Io,
}

/// An error of parsing or encoding: the format, the kind, the byte offset in the input where
/// it was found (when known), and a message.
///
/// ```
/// use ffi_value::{Error, ErrorKind, Format};
/// let e = Error::new(Format::Json, ErrorKind::Syntax, Some(7), "expected `:`");
/// assert_eq!(e.to_string(), "JSON error at byte 7: expected `:`");
/// assert_eq!(e.offset(), Some(7));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    format: Format,
    kind: ErrorKind,
    offset: Option<usize>,
    message: String,
}

impl Error {
    /// An error of `format`, of `kind`, found at byte `offset` of the input if known.
    pub fn new(
        format: Format,
        kind: ErrorKind,
        offset: Option<usize>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            format,
            kind,
            offset,
            message: message.into(),
        }
    }

    /// The format the error comes from.
    #[must_use]
    pub fn format(&self) -> Format {
        self.format
    }

    /// What kind of problem it is.
    #[must_use]
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The byte offset in the input where it was found, if known.
    #[must_use]
    pub fn offset(&self) -> Option<usize> {
        self.offset
    }

    /// What went wrong.
    #[must_use]
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.offset {
            Some(offset) => write!(
                f,
                "{} error at byte {offset}: {}",
                self.format, self.message
            ),
            None => write!(f, "{} error: {}", self.format, self.message),
        }
    }
}

impl std::error::Error for Error {}
