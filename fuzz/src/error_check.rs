//! What every parse error must tell.

use ffi_value::Error;

/// Panics unless `error` names a byte offset within the input of `len` bytes, and says what
/// went wrong.
pub(crate) fn check_error(error: &Error, len: usize) {
    let offset = error
        .offset()
        .unwrap_or_else(|| panic!("error without an offset: {error}"));
    assert!(
        offset <= len,
        "error offset {offset} past the end of the {len}-byte input: {error}"
    );
    assert!(
        !error.message().is_empty(),
        "error without a message: {error:?}"
    );
}
