//! Panics across the vtable: caught where they start, reported across the boundary, raised
//! again in the library that called.
//!
//! A panic cannot unwind through an `extern "C"` function (Rust aborts the process), and two
//! libraries each have their own copy of `std`, whose panic payloads the other cannot catch.
//! So a map's own functions run the code of `K` and `V` (`Hash`, `Eq`, `Drop`, `Borrow`) under
//! [`catching`], which hands the panic's message back in a [`PanicSlot`]; and a caller's
//! closure that the owner's code calls back (a `retain` filter, a key predicate) runs in a
//! [`Callback`], which keeps the payload on the caller's side and answers
//! [`Answer::Panicked`], on which the owner's code unwinds from the same point (to its own
//! [`catching`]). Either way the owner's operation ends as its backend's does after a panic,
//! and the caller raises the panic again once the call returned:
//! [`PanicSlot::resume`] with the message (as a `String` payload), [`Callback::resume`] with
//! the original payload.

use core::any::Any;
use core::panic::AssertUnwindSafe;
use std::panic::{catch_unwind, resume_unwind};

use abi_stable::std_types::{ROption, RString};
use abi_stable::StableAbi;

/// Where a map's function reports a panic it caught: its message, allocated by the map's
/// library (an `RString` frees itself with that library's allocator).
#[repr(C)]
#[derive(StableAbi)]
pub(crate) struct PanicSlot {
    message: ROption<RString>,
}

impl PanicSlot {
    /// An empty slot, to pass to a vtable function.
    #[inline]
    pub(crate) const fn new() -> Self {
        Self {
            message: ROption::RNone,
        }
    }

    /// Raises again, in this library, the panic the call reported, if any.
    #[inline]
    pub(crate) fn resume(self) {
        if let ROption::RSome(message) = self.message {
            resume_with(message);
        }
    }
}

#[cold]
#[inline(never)]
fn resume_with(message: RString) -> ! {
    resume_unwind(Box::new(message.into_string()))
}

/// Runs `body` (the map's own work, which may run `K`'s and `V`'s code); if it panics, records
/// the message in `slot` and returns `fallback`.
#[inline]
pub(crate) fn catching<R>(slot: &mut PanicSlot, fallback: R, body: impl FnOnce() -> R) -> R {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(result) => result,
        Err(payload) => {
            slot.message = ROption::RSome(RString::from(message(&*payload)));
            drop_payload(payload);
            fallback
        }
    }
}

/// The text a panic was raised with (`panic!`'s message, or the `String` of a panic raised
/// again by [`PanicSlot::resume`]).
pub(crate) fn message(payload: &(dyn Any + Send)) -> &str {
    if let Some(message) = payload.downcast_ref::<&str>() {
        message
    } else if let Some(message) = payload.downcast_ref::<String>() {
        message
    } else {
        "a panic whose payload is not a string"
    }
}

/// Drops a caught payload, whose own `Drop` could panic too (then it is forgotten: it must
/// not unwind out of an `extern "C"` function).
#[cold]
fn drop_payload(payload: Box<dyn Any + Send>) {
    if let Err(again) = catch_unwind(AssertUnwindSafe(move || drop(payload))) {
        core::mem::forget(again);
    }
}

/// A caller's closure, called back from the map's own code: a panic in it is caught here, on
/// the caller's side, and kept until [`Callback::resume`]; the map's code is told with
/// [`Answer::Panicked`], and unwinds as it would natively (see [`Answer::get`]).
pub(crate) struct Callback<F> {
    closure: F,
    panic: Option<Box<dyn Any + Send>>,
}

impl<F> Callback<F> {
    pub(crate) fn new(closure: F) -> Self {
        Self {
            closure,
            panic: None,
        }
    }

    /// The closure's answer, `call(closure)`; [`Answer::Panicked`] if it panicked (the map's
    /// code then unwinds, and does not call it again). Always inlined: it runs once per key
    /// compared (callgrind, a 10-key halfbrown map through the vtable: 244 -> 227
    /// instructions a `get` with `#[inline]` -> `#[inline(always)]`).
    #[allow(clippy::inline_always)]
    #[inline(always)]
    pub(crate) fn call(&mut self, call: impl FnOnce(&mut F) -> bool) -> Answer {
        let closure = &mut self.closure;
        match catch_unwind(AssertUnwindSafe(|| call(closure))) {
            Ok(answer) => Answer::from(answer),
            Err(payload) => {
                self.panic = Some(payload);
                Answer::Panicked
            }
        }
    }

    /// Raises again the closure's panic, if it raised one, with its original payload.
    #[inline]
    pub(crate) fn resume(&mut self) {
        if let Some(payload) = self.panic.take() {
            resume_unwind(payload);
        }
    }
}

/// A caller's closure's answer to the map's code.
#[repr(u8)]
#[derive(StableAbi, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Answer {
    No = 0,
    Yes = 1,
    /// The closure panicked; the caller holds the payload.
    Panicked = 2,
}

impl From<bool> for Answer {
    #[inline]
    fn from(answer: bool) -> Self {
        if answer {
            Self::Yes
        } else {
            Self::No
        }
    }
}

impl Answer {
    /// The answer, in the map's own code. A closure that panicked makes the map's code unwind
    /// from this very point, as it would natively (so the map ends in the state its backend
    /// leaves after a panic); the unwind stops at the function's [`catching`], and the caller
    /// raises the closure's own panic again.
    #[inline]
    pub(crate) fn get(self) -> bool {
        match self {
            Self::No => false,
            Self::Yes => true,
            Self::Panicked => closure_panicked(),
        }
    }
}

/// The message of the unwind that stands in, in the map's code, for a caller's closure's panic
/// (the caller raises the closure's own payload, not this).
pub(crate) const CLOSURE_PANICKED: &str = "a closure passed to a map of another library panicked";

#[cold]
#[inline(never)]
fn closure_panicked() -> ! {
    resume_unwind(Box::new(CLOSURE_PANICKED))
}
