//! `MessagePack` in and out, with rmp.
//!
//! [`parse_msgpack`] reads one value and borrows its strings and bins from the input;
//! [`to_msgpack`] and [`write_msgpack`] write one. Bytes are `MessagePack` `bin` and `bin` reads
//! back as [`Value::Bytes`]; objects are maps with `str` keys.

use std::io;
use std::marker::PhantomData;

use rmp::encode::ValueWriteError;
use rmp::{decode, encode, Marker};
use smallvec::SmallVec;

use crate::serde::{Budget, Grant};
use crate::value::{new_object_with, ObjectBuilder};
use crate::{
    Error, ErrorKind, FfiCowBytes, FfiCowStr, FfiVec, Format, Object, ParseOptions, StaticNode,
    Value,
};

/// Parses one `MessagePack` value that makes up all of `input`; strings and bins borrow from it.
/// Uses the default [`ParseOptions`]: see [`parse_msgpack_with`].
///
/// - Integers are what the format says: `uint` formats become `U64`, `int` formats `I64`, as
///   [`parse_json`](crate::parse_json) makes non-negative and negative numbers; `float 32`
///   and `float 64` become `F64`; `bin` becomes [`Value::Bytes`].
/// - Map keys must be `str`. A key that repeats replaces the earlier entry.
/// - Arrays and maps may nest [`ParseOptions::DEFAULT_MAX_DEPTH`] levels deep. Parsing uses
///   no call stack for depth.
/// - A length in a header is only a claim: all the containers open at once reserve room for
///   no more elements than the input has bytes left (and at most 4096 each), so a header
///   cannot make the parser reserve more memory than the input justifies.
/// - The value must end exactly at the end of `input`.
///
/// # Errors
///
/// An [`Error`] of [`Format::MsgPack`] with the byte offset where it was found:
/// [`ErrorKind::Eof`] if the input ends inside the value (or is empty), [`ErrorKind::Syntax`]
/// for bytes after the value or the unused marker `0xc1`, [`ErrorKind::Utf8`] for a `str`
/// that is not UTF-8 (at its first bad byte), [`ErrorKind::TooDeep`] beyond the depth limit,
/// and [`ErrorKind::Unsupported`] for extension types and keys that are not strings.
///
/// ```
/// use ffi_value::{parse_msgpack, ErrorKind, Value};
///
/// let input = [0x81, 0xa1, b'a', 0xc4, 0x02, 0xff, 0x00]; // {"a": bin [0xff, 0x00]}
/// let value = parse_msgpack(&input).unwrap();
/// let Value::Object(object) = &value else { panic!() };
/// assert!(matches!(&object["a"], Value::Bytes(b) if b.is_borrowed() && *b == [0xff, 0][..]));
///
/// let error = parse_msgpack(&[0xdb, 0xff, 0xff, 0xff, 0xff]).unwrap_err(); // a 4 GiB str
/// assert_eq!(error.kind(), ErrorKind::Eof);
/// assert_eq!(parse_msgpack(&[0xc0, 0xc0]).unwrap_err().offset(), Some(1)); // trailing nil
/// ```
pub fn parse_msgpack(input: &[u8]) -> Result<Value<'_>, Error> {
    parse_msgpack_with(input, &ParseOptions::default())
}

/// As [`parse_msgpack`], with the depth limit, the object hasher and backend of `options` (the same
/// options as [`parse_json_with`](crate::parse_json_with); use a random hasher for maps from
/// untrusted input).
///
/// # Errors
///
/// As [`parse_msgpack`], with the depth limit of `options`.
///
/// ```
/// use ffi_map::MapHasher;
/// use ffi_value::{parse_msgpack_with, ErrorKind, ParseOptions, Value};
///
/// let hasher = MapHasher::random();
/// let options = ParseOptions::default().with_hasher(hasher.clone()).with_max_depth(1);
/// let value = parse_msgpack_with(&[0x81, 0xa1, b'k', 0x01], &options).unwrap();
/// assert!(matches!(value, Value::Object(o) if o.hasher_id() == hasher.id()));
/// let error = parse_msgpack_with(&[0x91, 0x91, 0x01], &options).unwrap_err();
/// assert_eq!((error.kind(), error.offset()), (ErrorKind::TooDeep { limit: 1 }, Some(1)));
/// ```
pub fn parse_msgpack_with<'a>(input: &'a [u8], options: &ParseOptions) -> Result<Value<'a>, Error> {
    parse::<Borrowed>(input, options)
}

/// Parses one `MessagePack` value that makes up all of `input` into a [`Value`] that borrows
/// nothing (strings and bins are copied once, into the value), with the default
/// [`ParseOptions`]; otherwise as [`parse_msgpack`]. Cheaper than
/// `parse_msgpack(input)?.into_static()`, which builds every object twice.
///
/// # Errors
/// As [`parse_msgpack`].
///
/// ```
/// use ffi_value::{parse_msgpack_owned, Value};
///
/// let value: Value<'static> = parse_msgpack_owned(&[0x91, 0xa1, b'a']).unwrap();
/// let Value::Array(items) = &value else { panic!("an array") };
/// assert!(matches!(&items[0], Value::String(s) if s == "a" && !s.is_borrowed()));
/// ```
pub fn parse_msgpack_owned(input: &[u8]) -> Result<Value<'static>, Error> {
    parse_msgpack_owned_with(input, &ParseOptions::default())
}

/// [`parse_msgpack_owned`] with the given options (see [`parse_msgpack_with`]).
///
/// # Errors
/// As [`parse_msgpack_with`].
pub fn parse_msgpack_owned_with(
    input: &[u8],
    options: &ParseOptions,
) -> Result<Value<'static>, Error> {
    parse::<Copied>(input, options)
}

/// Parses `input`, making strings and bins with `S`.
fn parse<'a, 'v, S: Source<'a, 'v>>(
    input: &'a [u8],
    options: &ParseOptions,
) -> Result<Value<'v>, Error> {
    let budget = Budget::new(input.len());
    let mut parser = Parser::<S> {
        rest: input,
        len: input.len(),
        budget: &budget,
        options,
        source: PhantomData,
    };
    let value = parser.value()?;
    if parser.rest.is_empty() {
        Ok(value)
    } else {
        let at = parser.offset();
        Err(error(
            ErrorKind::Syntax,
            Some(at),
            format!(
                "{} trailing bytes after the value, which ends at byte {at}",
                parser.rest.len()
            ),
        ))
    }
}

/// The `MessagePack` encoding of `value`: integers in their shortest form, floats as `float 64`,
/// bytes as `bin`, objects as maps with `str` keys.
///
/// # Errors
///
/// [`ErrorKind::Unsupported`] for a string, bytes, array or object longer than `MessagePack`'s
/// limit of `u32::MAX`. The writer uses no call stack for depth, so any value can be written.
///
/// ```
/// use ffi_value::{parse_msgpack, to_msgpack, StaticNode, Value};
///
/// let items = [Value::Static(StaticNode::I64(1)), Value::NULL];
/// let value = Value::Array(items.into_iter().collect());
/// let encoded = to_msgpack(&value).unwrap();
/// assert_eq!(encoded, [0x92, 0x01, 0xc0]);
/// assert_eq!(parse_msgpack(&encoded).unwrap(), value);
/// ```
pub fn to_msgpack(value: &Value<'_>) -> Result<Vec<u8>, Error> {
    let mut out = Vec::new();
    write_msgpack(value, &mut out)?;
    Ok(out)
}

/// Writes the `MessagePack` encoding of `value` (as [`to_msgpack`]) to `out`, in many small
/// writes: give it a buffered writer.
///
/// # Errors
///
/// Those of [`to_msgpack`], and [`ErrorKind::Io`] if writing fails; part of the value may then
/// have been written.
pub fn write_msgpack(value: &Value<'_>, out: &mut impl io::Write) -> Result<(), Error> {
    encode_value(value, out)
}

/// An error of `MessagePack`.
fn error(kind: ErrorKind, offset: Option<usize>, message: impl Into<String>) -> Error {
    Error::new(Format::MsgPack, kind, offset, message)
}

/// What a marker starts, by what the parser does with it.
#[derive(Clone, Copy)]
enum Kind {
    Nil,
    Bool,
    Unsigned,
    Signed,
    F32,
    F64,
    Str,
    Bin,
    Array,
    Map,
    Ext,
    Unused,
}

/// The kind of every marker byte, worked out at compile time from rmp's [`Marker`].
const KINDS: [Kind; 256] = {
    let mut kinds = [Kind::Unused; 256];
    let mut byte = 0;
    while byte < 256 {
        #[allow(clippy::cast_possible_truncation)] // `byte < 256`
        let marker = Marker::from_u8(byte as u8);
        kinds[byte] = Kind::of(marker);
        byte += 1;
    }
    kinds
};

impl Kind {
    const fn of(marker: Marker) -> Self {
        match marker {
            Marker::Null => Kind::Nil,
            Marker::True | Marker::False => Kind::Bool,
            Marker::FixPos(_) | Marker::U8 | Marker::U16 | Marker::U32 | Marker::U64 => {
                Kind::Unsigned
            }
            Marker::FixNeg(_) | Marker::I8 | Marker::I16 | Marker::I32 | Marker::I64 => {
                Kind::Signed
            }
            Marker::F32 => Kind::F32,
            Marker::F64 => Kind::F64,
            Marker::FixStr(_) | Marker::Str8 | Marker::Str16 | Marker::Str32 => Kind::Str,
            Marker::Bin8 | Marker::Bin16 | Marker::Bin32 => Kind::Bin,
            Marker::FixArray(_) | Marker::Array16 | Marker::Array32 => Kind::Array,
            Marker::FixMap(_) | Marker::Map16 | Marker::Map32 => Kind::Map,
            Marker::FixExt1
            | Marker::FixExt2
            | Marker::FixExt4
            | Marker::FixExt8
            | Marker::FixExt16
            | Marker::Ext8
            | Marker::Ext16
            | Marker::Ext32 => Kind::Ext,
            Marker::Reserved => Kind::Unused,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Kind::Nil => "nil",
            Kind::Bool => "a boolean",
            Kind::Unsigned | Kind::Signed => "an integer",
            Kind::F32 | Kind::F64 => "a float",
            Kind::Str => "a string",
            Kind::Bin => "a bin",
            Kind::Array => "an array",
            Kind::Map => "a map",
            Kind::Ext => "an extension type",
            Kind::Unused => "the unused marker 0xc1",
        }
    }
}

/// The arrays and maps being read, innermost last. Events rarely nest deeper than a few
/// levels: those levels live on the call stack, and only deeper ones cost a heap block.
type Stack<'v, 'b> = SmallVec<[Open<'v, 'b>; 4]>;

/// An array or map being read.
enum Open<'v, 'b> {
    Array {
        items: FfiVec<Value<'v>>,
        /// How many elements are still to come (more than zero).
        left: u32,
        _grant: Grant<'b>,
    },
    Map {
        object: ObjectBuilder<'v>,
        /// The key of the value to come.
        key: FfiCowStr<'v>,
        /// How many entries are still to come (more than zero).
        left: u32,
        _grant: Grant<'b>,
    },
}

// The fuzz target `msgpack_decode` allows the parser 128 bytes per level of nesting for its
// stack of open containers (`FRAME_BYTES` in fuzz/src/msgpack.rs).
const _: () = assert!(
    size_of::<Open<'static, 'static>>() <= 128,
    "an open container's frame grew past the 128 bytes per level the fuzz budget allows"
);

impl<'v> Open<'v, '_> {
    /// How many elements or entries are still to come.
    fn left(&self) -> u32 {
        match self {
            Open::Array { left, .. } | Open::Map { left, .. } => *left,
        }
    }

    /// The finished array or object.
    fn close(self) -> Value<'v> {
        match self {
            Open::Array { items, .. } => Value::Array(items),
            Open::Map { object, .. } => Value::Object(object.finish()),
        }
    }
}

/// How the parser makes strings and bins out of the input's bytes.
trait Source<'a, 'v> {
    fn str(s: &'a str) -> FfiCowStr<'v>;
    fn bytes(b: &'a [u8]) -> FfiCowBytes<'v>;
}

/// Strings and bins borrow from the input.
struct Borrowed;

impl<'a> Source<'a, 'a> for Borrowed {
    fn str(s: &'a str) -> FfiCowStr<'a> {
        FfiCowStr::borrowed(s)
    }
    fn bytes(b: &'a [u8]) -> FfiCowBytes<'a> {
        FfiCowBytes::borrowed(b)
    }
}

/// Strings and bins are copied out of the input.
struct Copied;

impl<'a> Source<'a, 'static> for Copied {
    fn str(s: &'a str) -> FfiCowStr<'static> {
        FfiCowStr::borrowed(s).into_owned()
    }
    fn bytes(b: &'a [u8]) -> FfiCowBytes<'static> {
        FfiCowBytes::borrowed(b).into_owned()
    }
}

/// A reader of one value from a slice, with rmp's functions, making strings and bins with `S`.
struct Parser<'a, 'b, S> {
    /// The input not yet read.
    rest: &'a [u8],
    /// The length of the whole input.
    len: usize,
    /// What the open containers may still reserve.
    budget: &'b Budget,
    /// The depth limit and the hasher of objects.
    options: &'b ParseOptions,
    source: PhantomData<S>,
}

impl<'a, 'b, 'v, S: Source<'a, 'v>> Parser<'a, 'b, S> {
    /// The offset of the next byte in the input.
    fn offset(&self) -> usize {
        self.len - self.rest.len()
    }

    /// The error of an input that ends inside what starts at `start`.
    fn truncated(&self, start: usize, what: &str) -> Error {
        error(
            ErrorKind::Eof,
            Some(self.len),
            format!("the input ends inside {what} that starts at byte {start}"),
        )
    }

    /// Checks that one more array or map, at `start` inside `depth` open ones, stays within
    /// the depth limit.
    fn enter(&self, depth: usize, start: usize) -> Result<(), Error> {
        let limit = self.options.max_depth();
        if depth < limit {
            Ok(())
        } else {
            Err(error(
                ErrorKind::TooDeep { limit },
                Some(start),
                format!("arrays and maps nest more than {limit} levels deep"),
            ))
        }
    }

    /// An empty object with room for `capacity` entries and the hasher of the options.
    fn object(&self, capacity: usize) -> Object<'v> {
        new_object_with(capacity, self.options)
    }

    /// The kind of the next value, without reading it.
    fn peek(&self, what: &str) -> Result<Kind, Error> {
        match self.rest.first() {
            Some(&byte) => Ok(KINDS[usize::from(byte)]),
            None => Err(error(
                ErrorKind::Eof,
                Some(self.len),
                format!("the input ends where {what} was expected"),
            )),
        }
    }

    /// Runs one of rmp's readers; any failure on a slice means the input ended.
    fn read<T, E>(
        &mut self,
        start: usize,
        what: &str,
        reader: impl FnOnce(&mut &'a [u8]) -> Result<T, E>,
    ) -> Result<T, Error> {
        reader(&mut self.rest).map_err(|_| self.truncated(start, what))
    }

    /// The `len` bytes of the string or bin whose header starts at `start`.
    fn take(&mut self, start: usize, len: u32, what: &str) -> Result<&'a [u8], Error> {
        let len = usize::try_from(len).unwrap_or(usize::MAX);
        if len > self.rest.len() {
            return Err(error(
                ErrorKind::Eof,
                Some(self.len),
                format!(
                    "{what} at byte {start} claims {len} bytes, but only {} are left",
                    self.rest.len()
                ),
            ));
        }
        let (data, rest) = self.rest.split_at(len);
        self.rest = rest;
        Ok(data)
    }

    /// A `str`, which must be UTF-8.
    // Forced inline, as are `key` and `add`: on the msgpack workload of `ffi-host bench`
    // (callgrind), inlining `string` and `key` saved ~900 of ~32,400 instructions per event,
    // and `add` ~470 more; LLVM would not inline them on its own.
    #[allow(clippy::inline_always)]
    #[inline(always)]
    fn string(&mut self, start: usize) -> Result<FfiCowStr<'v>, Error> {
        // Most keys and many values are fixstrs (under 32 bytes): their length is in the
        // marker, read here rather than through rmp's general reader.
        let len = match self.rest.split_first() {
            Some((&marker @ 0xa0..=0xbf, rest)) => {
                self.rest = rest;
                u32::from(marker & 0x1f)
            }
            _ => self.read(start, "a string header", decode::read_str_len)?,
        };
        let data_start = self.offset();
        let data = self.take(start, len, "the string")?;
        match std::str::from_utf8(data) {
            Ok(s) => Ok(S::str(s)),
            Err(e) => Err(error(
                ErrorKind::Utf8,
                Some(data_start + e.valid_up_to()),
                format!("the string at byte {start} is not valid UTF-8: {e}"),
            )),
        }
    }

    /// How many elements of at least `min_size` bytes each the rest of the input can hold, of
    /// the `len` a header claims.
    fn room_for(&self, len: u32, min_size: usize) -> usize {
        usize::try_from(len)
            .unwrap_or(usize::MAX)
            .min(self.rest.len() / min_size)
    }

    /// The value at the current offset, read with an explicit stack of the open arrays and
    /// maps, so that depth costs heap (bounded by the depth limit), not call stack.
    fn value(&mut self) -> Result<Value<'v>, Error> {
        let mut open = Stack::new();
        'values: loop {
            let Some(mut value) = self.item(&mut open)? else {
                continue;
            };
            loop {
                match open.last_mut() {
                    Some(frame) if frame.left() > 1 => {
                        self.add(frame, value)?;
                        continue 'values;
                    }
                    _ => {}
                }
                // The last element of the innermost container, if there is one.
                let Some(mut frame) = open.pop() else {
                    return Ok(value);
                };
                self.add(&mut frame, value)?;
                value = frame.close();
            }
        }
    }

    /// The next scalar or empty container; or `None` when the next value is a non-empty array
    /// or map, which is pushed onto `open` (with the first key of a map read).
    fn item(&mut self, open: &mut Stack<'v, 'b>) -> Result<Option<Value<'v>>, Error> {
        let depth = open.len();
        let start = self.offset();
        let kind = self.peek("a value")?;
        let what = kind.name();
        let scalar = match kind {
            Kind::Nil => {
                self.read(start, what, decode::read_nil)?;
                Value::NULL
            }
            Kind::Bool => Value::Static(StaticNode::Bool(self.read(
                start,
                what,
                decode::read_bool,
            )?)),
            Kind::Unsigned => {
                Value::Static(StaticNode::U64(self.read(start, what, decode::read_int)?))
            }
            Kind::Signed => {
                Value::Static(StaticNode::I64(self.read(start, what, decode::read_int)?))
            }
            Kind::F32 => Value::Static(StaticNode::F64(f64::from(self.read(
                start,
                what,
                decode::read_f32,
            )?))),
            Kind::F64 => {
                Value::Static(StaticNode::F64(self.read(start, what, decode::read_f64)?))
            }
            Kind::Str => Value::String(self.string(start)?),
            Kind::Bin => {
                let len = self.read(start, what, decode::read_bin_len)?;
                Value::Bytes(S::bytes(self.take(start, len, "the bin")?))
            }
            Kind::Array => {
                let len = self.read(start, what, decode::read_array_len)?;
                self.enter(depth, start)?;
                if len == 0 {
                    return Ok(Some(Value::array()));
                }
                let grant = self.budget.grant(self.room_for(len, 1));
                open.push(Open::Array {
                    items: FfiVec::with_capacity(grant.capacity()),
                    left: len,
                    _grant: grant,
                });
                return Ok(None);
            }
            Kind::Map => {
                let len = self.read(start, what, decode::read_map_len)?;
                self.enter(depth, start)?;
                if len == 0 {
                    return Ok(Some(Value::Object(self.object(0))));
                }
                let grant = self.budget.grant(self.room_for(len, 2));
                open.push(Open::Map {
                    object: ObjectBuilder::new(self.object(grant.capacity())),
                    key: self.key()?,
                    left: len,
                    _grant: grant,
                });
                return Ok(None);
            }
            Kind::Ext => {
                return Err(error(
                    ErrorKind::Unsupported,
                    Some(start),
                    "MessagePack extension types are not supported",
                ))
            }
            Kind::Unused => {
                return Err(error(
                    ErrorKind::Syntax,
                    Some(start),
                    "0xc1 is not a MessagePack marker",
                ))
            }
        };
        Ok(Some(scalar))
    }

    /// Adds `value` to `frame`, then reads the key of the next entry of a map that wants more.
    #[allow(clippy::inline_always)] // see `string`
    #[inline(always)]
    fn add(&mut self, frame: &mut Open<'v, 'b>, value: Value<'v>) -> Result<(), Error> {
        match frame {
            Open::Array { items, left, .. } => {
                if items.len() == items.capacity() {
                    // Past what the budget granted: grow by doubling, as `push` would, but
                    // never past the elements still to come (a one-element array holds one).
                    let more = items.len().max(4).min(*left as usize);
                    items.reserve_exact(more);
                }
                items.push(value);
                *left -= 1;
            }
            Open::Map {
                object, key, left, ..
            } => {
                *left -= 1;
                let next = if *left > 0 {
                    self.key()?
                } else {
                    FfiCowStr::borrowed("")
                };
                object.insert(std::mem::replace(key, next), value);
            }
        }
        Ok(())
    }

    /// A map key, which must be a `str`.
    #[allow(clippy::inline_always)] // see `string`
    #[inline(always)]
    fn key(&mut self) -> Result<FfiCowStr<'v>, Error> {
        let start = self.offset();
        match self.peek("a map key")? {
            Kind::Str => self.string(start),
            other => Err(error(
                ErrorKind::Unsupported,
                Some(start),
                format!("map keys must be strings, found {}", other.name()),
            )),
        }
    }
}

/// The error of a failed write.
fn io_error(e: &io::Error) -> Error {
    error(
        ErrorKind::Io,
        None,
        format!("writing MessagePack failed: {e}"),
    )
}

/// The error of a failed write of a value of several bytes.
fn write_error(e: ValueWriteError<io::Error>) -> Error {
    match e {
        ValueWriteError::InvalidMarkerWrite(e) | ValueWriteError::InvalidDataWrite(e) => {
            io_error(&e)
        }
    }
}

/// `len` as a `MessagePack` length, if it is one.
fn length(len: usize, what: &str) -> Result<u32, Error> {
    u32::try_from(len).map_err(|_| {
        error(
            ErrorKind::Unsupported,
            None,
            format!("{what} of length {len} is longer than MessagePack allows (u32::MAX)"),
        )
    })
}

/// Where the writer is in an array or object.
enum Next<'x, 'v> {
    Items(std::slice::Iter<'x, Value<'v>>),
    Entries(ffi_map::Iter<'x, FfiCowStr<'v>, Value<'v>>),
}

/// Writes `value` with an explicit stack of the arrays and objects open, so that depth costs
/// heap, not call stack.
fn encode_value(value: &Value<'_>, out: &mut impl io::Write) -> Result<(), Error> {
    let mut open: Vec<Next<'_, '_>> = Vec::new();
    let mut current = value;
    loop {
        match current {
            Value::Static(node) => match *node {
                StaticNode::Null => encode::write_nil(out).map_err(|e| io_error(&e))?,
                StaticNode::Bool(b) => encode::write_bool(out, b).map_err(|e| io_error(&e))?,
                StaticNode::I64(n) => drop(encode::write_sint(out, n).map_err(write_error)?),
                StaticNode::U64(n) => drop(encode::write_uint(out, n).map_err(write_error)?),
                StaticNode::F64(f) => encode::write_f64(out, f).map_err(write_error)?,
            },
            Value::String(s) => encode_str(s, out)?,
            Value::Bytes(b) => {
                length(b.len(), "bytes")?;
                encode::write_bin(out, b).map_err(write_error)?;
            }
            Value::Array(items) => {
                encode::write_array_len(out, length(items.len(), "an array")?)
                    .map_err(write_error)?;
                open.push(Next::Items(items.iter()));
            }
            Value::Object(object) => {
                encode::write_map_len(out, length(object.len(), "an object")?)
                    .map_err(write_error)?;
                open.push(Next::Entries(object.iter()));
            }
        }
        current = loop {
            match open.last_mut() {
                None => return Ok(()),
                Some(Next::Items(items)) => {
                    if let Some(item) = items.next() {
                        break item;
                    }
                }
                Some(Next::Entries(entries)) => {
                    if let Some((key, value)) = entries.next() {
                        encode_str(key, out)?;
                        break value;
                    }
                }
            }
            open.pop();
        };
    }
}

/// Writes a `str` (rmp's `write_str` would cut the length of a longer one to 32 bits).
fn encode_str(s: &str, out: &mut impl io::Write) -> Result<(), Error> {
    length(s.len(), "a string")?;
    encode::write_str(out, s).map_err(write_error)
}
