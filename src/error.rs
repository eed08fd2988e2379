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
#[derive(Clone, PartialEq, Eq)]
pub struct Error {
    /// Boxed, so that a `Result` of the parsers' hot paths stays small: one pointer for the
    /// error, whatever it holds.
    inner: Box<Inner>,
}

/// What an [`Error`] says.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Inner {
    format: Format,
    kind: ErrorKind,
    offset: Option<usize>,
    message: String,
}

const _: () = assert!(
    size_of::<Error>() == size_of::<usize>(),
    "Error must stay one pointer wide, so that parse results stay small"
);

impl Error {
    /// An error of `format`, of `kind`, found at byte `offset` of the input if known.
    #[cold]
    pub fn new(
        format: Format,
        kind: ErrorKind,
        offset: Option<usize>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            inner: Box::new(Inner {
                format,
                kind,
                offset,
                message: message.into(),
            }),
        }
    }

    /// The format the error comes from.
    #[must_use]
    pub fn format(&self) -> Format {
        self.inner.format
    }

    /// What kind of problem it is.
    #[must_use]
    pub fn kind(&self) -> ErrorKind {
        self.inner.kind
    }

    /// The byte offset in the input where it was found, if known.
    #[must_use]
    pub fn offset(&self) -> Option<usize> {
        self.inner.offset
    }

    /// What went wrong.
    #[must_use]
    pub fn message(&self) -> &str {
        &self.inner.message
    }
}

/// As the fields of a struct `Error`, the box left out.
impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Inner {
            format,
            kind,
            offset,
            message,
        } = &*self.inner;
        f.debug_struct("Error")
            .field("format", format)
            .field("kind", kind)
            .field("offset", offset)
            .field("message", message)
            .finish()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Inner {
            format,
            offset,
            message,
            ..
        } = &*self.inner;
        match offset {
            Some(offset) => write!(f, "{format} error at byte {offset}: {message}"),
            None => write!(f, "{format} error: {message}"),
        }
    }
}

impl std::error::Error for Error {}
