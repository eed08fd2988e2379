//! `MessagePack`: decoding arbitrary bytes within the memory the input justifies.

use alloc_meter::peak_heap_during;
use ffi_value::{parse_msgpack, parse_msgpack_with, to_msgpack, Backend, ParseOptions};

use crate::error_check::check_error;

/// Heap bytes a decode may hold at once per input byte, plus [`HEAP_BASE`]. One input byte
/// can be one whole value (`nil`, 32 bytes in an array) or half an object entry (a one-byte
/// key and a one-byte value), and tables grow by doubling; 256 leaves room for that and
/// catches any header that makes the parser reserve what its length claims.
pub const HEAP_PER_INPUT_BYTE: usize = 256;
/// Heap bytes any decode may hold, whatever the input's size: 64 KiB, plus the parser's stack
/// of open arrays and maps, which holds at most [`ParseOptions::DEFAULT_MAX_DEPTH`] frames of
/// at most [`FRAME_BYTES`] each. (One byte opens a container, so 1024 bytes can fill the
/// stack; charged per input byte, it would leave nothing for the containers themselves.)
pub const HEAP_BASE: usize = 64 * 1024 + ParseOptions::DEFAULT_MAX_DEPTH * FRAME_BYTES;
/// The most an open container's frame in [`parse_msgpack`] takes, as asserted at compile time
/// next to the frame's type in `src/msgpack.rs`.
pub const FRAME_BYTES: usize = 128;

/// Checks [`parse_msgpack`] on `data`:
///
/// - it never panics, and an error names an offset within the input;
/// - it never holds more than [`HEAP_PER_INPUT_BYTE`] heap bytes per input byte (plus
///   [`HEAP_BASE`]), whatever the lengths in the headers claim;
/// - an accepted value re-encodes with [`to_msgpack`] to bytes that decode to an equal value
///   (floats compared bit for bit, `NaN`s included), and decoding into hashbrown-backed
///   objects gives an equal value.
///
/// # Panics
/// When one of these fails.
pub fn msgpack_decode(data: &[u8]) {
    let (parsed, peak) = peak_heap_during(|| parse_msgpack(data));
    let budget = HEAP_BASE + HEAP_PER_INPUT_BYTE * data.len();
    assert!(
        peak <= budget,
        "decoding {} bytes held {peak} heap bytes, over the budget of {budget}",
        data.len()
    );
    let value = match parsed {
        Ok(value) => value,
        Err(error) => return check_error(&error, data.len()),
    };
    let packed = to_msgpack(&value).expect("to_msgpack of a decoded value");
    let again = parse_msgpack(&packed).unwrap_or_else(|error| {
        panic!("cannot decode to_msgpack's {packed:02x?}: {error}");
    });
    assert_eq!(again, value, "re-encoded as {packed:02x?}");
    let hashbrown = ParseOptions::default()
        .with_backend(Backend::Hashbrown)
        .expect("the fuzz crate enables hashbrown");
    assert_eq!(
        parse_msgpack_with(data, &hashbrown).expect("decode into hashbrown objects"),
        value,
        "hashbrown objects"
    );
}
