//! Errors that cross the boundary: structured (a kind and a message, and for a panic where it
//! happened), FFI-safe.

use std::fmt;
use std::ptr::NonNull;

use abi_stable::marker_type::ErasedObject;
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
/// One pointer wide (to an allocation of the library that made it, which that library's code
/// frees), so that a `Result<(), PluginError>` is returned in a register and a call that
/// succeeds moves no error-sized data, on either side of the boundary.
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
/// assert_eq!(size_of::<Result<(), PluginError>>(), size_of::<usize>());
/// ```
#[repr(transparent)]
#[derive(StableAbi)]
pub struct PluginError {
    /// A `Box<ErrorData>` of the library that made the error (freed by its `free`).
    data: NonNull<ErrorData>,
}

/// What a [`PluginError`] points to (`pub` for the layout `StableAbi` derives for
/// `PluginError`, but not reachable from outside this crate).
#[repr(C)]
#[derive(StableAbi)]
pub struct ErrorData {
    /// Frees this `ErrorData` (given as the pointer to it), with the allocator of the library
    /// whose code made it: that library's `free_error`.
    free: unsafe extern "C" fn(NonNull<ErasedObject>),
    kind: ErrorKind,
    message: RString,
    /// `file:line:column` of a panic, when the panic hook recorded it.
    location: ROption<RString>,
    /// A panic's backtrace, when the host asked for backtraces.
    backtrace: ROption<RString>,
}

/// The `free` of every `ErrorData` this library makes: drops the `Box<ErrorData>`.
///
/// # Safety
/// `data` is a `Box<ErrorData>` made by this library (`PluginError::from_data`), given up.
unsafe extern "C" fn free_error(data: NonNull<ErasedObject>) {
    // SAFETY: `data` came from `Box::leak` of a `Box<ErrorData>` in this library (the caller's
    // contract), so this library's allocator frees it, once.
    drop(unsafe { Box::from_raw(data.cast::<ErrorData>().as_ptr()) });
}

// SAFETY: a `PluginError` owns its `ErrorData` (which no one else points to) and only reads it;
// the data's `RString`s are `Send` and `Sync`, and `free` is a plain function that may run on
// any thread (it frees with the global allocator of its library).
unsafe impl Send for PluginError {}
// SAFETY: as for `Send`: `&PluginError` only reads.
unsafe impl Sync for PluginError {}

impl PluginError {
    /// An error of `kind` saying `message`.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self::from_data(
            kind,
            RString::from(message.into()),
            ROption::RNone,
            ROption::RNone,
        )
    }

    /// Boxes the fields, with this library's `free_error`.
    fn from_data(
        kind: ErrorKind,
        message: RString,
        location: ROption<RString>,
        backtrace: ROption<RString>,
    ) -> Self {
        let data = Box::new(ErrorData {
            free: free_error,
            kind,
            message,
            location,
            backtrace,
        });
        Self {
            data: NonNull::from(Box::leak(data)),
        }
    }

    /// The fields.
    fn data(&self) -> &ErrorData {
        // SAFETY: `data` is a live `ErrorData` this `PluginError` owns (freed only by `drop`).
        unsafe { self.data.as_ref() }
    }

    /// An [`ErrorKind::Panicked`] error (made by the code `export_plugin!` generates).
    pub(crate) fn panicked(
        message: String,
        location: Option<String>,
        backtrace: Option<String>,
    ) -> Self {
        Self::from_data(
            ErrorKind::Panicked,
            RString::from(message),
            location.map(RString::from).into(),
            backtrace.map(RString::from).into(),
        )
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
        self.data().kind
    }

    /// The message.
    #[must_use]
    pub fn message(&self) -> &str {
        &self.data().message
    }

    /// Where a panic happened, as `file:line:column` (the file as the plugin's compiler saw
    /// it, e.g. `src/lib.rs`). `None` for other errors, and for a panic the plugin library's
    /// hook did not record: one re-raised with `std::panic::resume_unwind` (which does not run
    /// the hook), or one of a plugin used in-process rather than loaded by a host.
    #[must_use]
    pub fn location(&self) -> Option<&str> {
        self.data().location.as_ref().map(RString::as_str).into()
    }

    /// A panic's backtrace, as `std::backtrace::Backtrace` prints it, taken in the plugin when
    /// the host asked the library for backtraces (off by default); `None` otherwise.
    #[must_use]
    pub fn backtrace(&self) -> Option<&str> {
        self.data().backtrace.as_ref().map(RString::as_str).into()
    }
}

impl fmt::Display for PluginError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.location() {
            Some(location) => write!(f, "{} at {location}: {}", self.kind(), self.message()),
            None => write!(f, "{}: {}", self.kind(), self.message()),
        }
    }
}

impl std::error::Error for PluginError {}

impl fmt::Debug for PluginError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let data = self.data();
        f.debug_struct("PluginError")
            .field("kind", &data.kind)
            .field("message", &data.message)
            .field("location", &data.location)
            .field("backtrace", &data.backtrace)
            .finish()
    }
}

/// A copy made by this library (freed by it).
impl Clone for PluginError {
    fn clone(&self) -> Self {
        let data = self.data();
        Self::from_data(
            data.kind,
            data.message.clone(),
            data.location.clone(),
            data.backtrace.clone(),
        )
    }
}

impl PartialEq for PluginError {
    fn eq(&self, other: &Self) -> bool {
        let (a, b) = (self.data(), other.data());
        a.kind == b.kind
            && a.message == b.message
            && a.location == b.location
            && a.backtrace == b.backtrace
    }
}

impl Eq for PluginError {}

impl Drop for PluginError {
    fn drop(&mut self) {
        // SAFETY: `data` is this error's `ErrorData`, made with `free` by the library that
        // made the error; it is given up here, once.
        unsafe { (self.data().free)(self.data.cast()) }
    }
}
