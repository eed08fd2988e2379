//! The plugin library's panic hook: it records a panic's message, location and (when the host
//! asked) backtrace for the [`PluginError`] the guarded call returns, and prints nothing; the
//! host decides what to show.
//!
//! Each plugin library (a `cdylib`) has its own copy of `std`, and so its own panic hook, used
//! for the panics raised in that library's code. The hook is installed once per library, by
//! [`install_hook`], which only the module the host's loader gets calls (the one the static
//! `export_plugin!` exports names): a plugin crate linked into another program
//! (its tests, a host's in-process baseline) shares that program's `std` and leaves the
//! program's own hook alone. Its panics still become `Panicked` errors, without a location.
//! A plugin that installs a hook of its own after loading replaces this one.
//!
//! The record lives in a thread-local until a guarded call catches a panic and takes it; it is
//! used only if its message is the caught payload's, since a panic can also arrive without the
//! hook having run: `std::panic::resume_unwind` (with which code re-raises a panic caught
//! elsewhere, such as in another library's map code) does not call it. A record left by a panic
//! the plugin caught itself is overwritten by the next panic, or taken and dropped by the next
//! caught one. (A left record can only be wrongly used by a `resume_unwind` with the very same
//! message, on the same thread, before any other panic.) A panic on a thread the plugin spawns
//! is recorded, not printed: joining the thread gives its payload.

use std::any::Any;
use std::backtrace::Backtrace;
use std::cell::Cell;
use std::panic::{self, PanicHookInfo};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Once;

use crate::PluginError;

/// Whether the hook captures backtraces (the host sets it with the module's
/// `capture_panic_backtraces`).
static CAPTURE_BACKTRACES: AtomicBool = AtomicBool::new(false);

thread_local! {
    /// The last panic the hook saw on this thread, until a guarded call takes it.
    static LAST_PANIC: Cell<Option<PanicRecord>> = const { Cell::new(None) };
}

/// What the hook knows of a panic.
struct PanicRecord {
    message: String,
    location: Option<String>,
    backtrace: Option<String>,
}

/// Installs this library's panic hook, once.
pub(crate) fn install_hook() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| panic::set_hook(Box::new(record)));
}

/// Tells the hook to capture a backtrace of each panic from now on, or not (the default).
pub(crate) extern "C" fn capture_backtraces(capture: bool) {
    CAPTURE_BACKTRACES.store(capture, Ordering::Relaxed);
}

/// The hook: records the panic for this thread, prints nothing.
fn record(info: &PanicHookInfo<'_>) {
    let record = PanicRecord {
        message: panic_message(info.payload()),
        location: info.location().map(ToString::to_string),
        backtrace: CAPTURE_BACKTRACES
            .load(Ordering::Relaxed)
            .then(|| from_panic_site(&Backtrace::force_capture().to_string()).to_owned()),
    };
    // Not recorded when the thread's locals are already gone (a panic in a thread-local's
    // destructor): a hook must not panic.
    let _ = LAST_PANIC.try_with(|slot| slot.set(Some(record)));
}

/// `trace` (as `Backtrace` prints it) from the first frame after the panic machinery (this
/// hook, `std`'s panic handler, `core::panicking`), where `std`'s own short backtraces start;
/// all of it when the machinery's frames are not named (no symbols).
fn from_panic_site(trace: &str) -> &str {
    let is_machinery = |name: &str| {
        [
            "__rust_end_short_backtrace",
            "panicking::",
            "rust_begin_unwind",
        ]
        .iter()
        .any(|part| name.contains(part))
    };
    let mut offset = 0;
    trace
        .split_inclusive('\n')
        .filter_map(|line| {
            let at = offset;
            offset += line.len();
            frame_name(line).map(|name| (at, name))
        })
        // `std` calls the hook (and the frames before) inside its end-of-backtrace marker.
        .skip_while(|(_, name)| !name.contains("__rust_end_short_backtrace"))
        .find(|(_, name)| !is_machinery(name))
        .map_or(trace, |(at, _)| &trace[at..])
}

/// The function's name if `line` is a frame's first line (`  12: name`).
fn frame_name(line: &str) -> Option<&str> {
    let (number, name) = line.trim_start().split_once(": ")?;
    (!number.is_empty() && number.bytes().all(|b| b.is_ascii_digit())).then_some(name)
}

/// Takes this thread's record, leaving none.
fn take_record() -> Option<PanicRecord> {
    LAST_PANIC.try_with(Cell::take).ok().flatten()
}

/// Forgets this thread's record (after a panic that is not reported).
pub(crate) fn forget_record() {
    drop(take_record());
}

/// The `Panicked` error for a panic caught with `payload`: with the location and backtrace the
/// hook recorded if the record is of this panic (same message), else the message alone. The
/// record is taken either way.
#[cold]
#[inline(never)]
pub(crate) fn panic_error(payload: &(dyn Any + Send)) -> PluginError {
    let message = panic_message(payload);
    match take_record() {
        Some(record) if record.message == message => {
            PluginError::panicked(message, record.location, record.backtrace)
        }
        _ => PluginError::panicked(message, None, None),
    }
}

/// The message a panic was raised with.
fn panic_message(payload: &(dyn Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic with a payload that is not a string".to_owned())
}

#[cfg(test)]
mod tests {
    //! The hook itself runs only in loaded libraries (see `host/tests/load.rs`); installing it
    //! here would silence the test harness's own panics. These tests fill the record as it
    //! would.

    use super::*;
    use crate::ErrorKind;

    fn recorded(message: &str, location: &str) {
        LAST_PANIC.with(|slot| {
            slot.set(Some(PanicRecord {
                message: message.to_owned(),
                location: Some(location.to_owned()),
                backtrace: None,
            }));
        });
    }

    #[test]
    fn a_recorded_panic_gives_its_location_once() {
        recorded("boom", "src/lib.rs:29:9");
        let error = panic_error(&"boom");
        assert_eq!(error.kind(), ErrorKind::Panicked);
        assert_eq!(error.location(), Some("src/lib.rs:29:9"));
        assert_eq!(error.to_string(), "panicked at src/lib.rs:29:9: boom");
        // The record was taken: the same message again (a re-raised panic) has no location.
        assert_eq!(panic_error(&"boom").location(), None);
    }

    #[test]
    fn a_resumed_panic_does_not_take_the_location_of_another() {
        // Left by a panic the plugin caught itself; then a `resume_unwind` with a `String`.
        recorded("caught by the plugin", "src/lib.rs:10:5");
        let payload: Box<dyn Any + Send> = Box::new(String::from("re-raised"));
        let error = panic_error(&*payload);
        assert_eq!(error.message(), "re-raised");
        assert_eq!((error.location(), error.backtrace()), (None, None));
        assert_eq!(error.to_string(), "panicked: re-raised");
        assert!(take_record().is_none(), "the stale record is dropped");
    }

    #[test]
    fn a_backtrace_starts_where_the_plugin_panicked() {
        let trace = "   0: ffi_pdk::panics::record\n             at ./pdk/src/panics.rs:65:22\n\
                     \x20  1: std::panicking::panic_with_hook\n\
                     \x20  2: std::sys::backtrace::__rust_end_short_backtrace::<F, !>\n\
                     \x20  3: __rustc::rust_begin_unwind\n\
                     \x20  4: core::panicking::panic_fmt\n\
                     \x20  5: <plugin::P as ffi_pdk::Plugin>::on_event\n\
                     \x20            at ./src/lib.rs:29:9\n\
                     \x20  6: std::panicking::catch_unwind::do_call\n";
        assert_eq!(
            from_panic_site(trace),
            "   5: <plugin::P as ffi_pdk::Plugin>::on_event\n             at ./src/lib.rs:29:9\n\
             \x20  6: std::panicking::catch_unwind::do_call\n"
        );
        let unnamed = "   0: <unknown>\n   1: <unknown>\n";
        assert_eq!(from_panic_site(unnamed), unnamed);
    }

    #[test]
    fn a_payload_that_is_not_a_string_is_named_so() {
        assert_eq!(
            panic_error(&42_u32).message(),
            "a panic with a payload that is not a string"
        );
    }
}
