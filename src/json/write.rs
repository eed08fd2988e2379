//! JSON out: compact, pretty and sorted-keys writers; bytes as base64 strings.
//!
//! [`Value`] implements value-trait's [`Writable`] (`encode`, `encode_pp`, `write`, `write_pp`)
//! and [`Display`](fmt::Display) (compact; `{:#}` is pretty), all on value-trait's generators,
//! which do the escaping. What JSON cannot hold is written as follows:
//! - [`Value::Bytes`]: a string of their base64 encoding (standard alphabet, padded);
//! - non-finite floats (`NaN`, `±inf`): `null`, as JSON has no such numbers (like `serde_json`
//!   and simd-json).
//!
//! Objects are written in their map's iteration order, which depends on the backend and the
//! insertion history; [`to_json_sorted`] and [`write_sorted`] sort keys (by bytes) for output
//! that is the same for equal values.
//!
//! Nesting depth is not limited: the writers keep their own stack instead of recursing, and
//! pretty output stops indenting deeper than 128 levels.

use std::fmt;
use std::io::{self, Write};

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use smallvec::SmallVec;
use value_trait::base::Writable;
use value_trait::generator::{
    BaseGenerator, DumpGenerator, PrettyGenerator, PrettyWriterGenerator, WriterGenerator,
};

use crate::ffi::FfiCowStr;
use crate::{Error, ErrorKind, Format, StaticNode, Value};

/// Spaces per level of pretty output.
const INDENT: u16 = 2;

/// Pretty output indents at most this many levels; deeper ones stay at that indentation (so
/// the output stays linear in the value's size and the generators' counters cannot overflow).
const MAX_INDENT_LEVELS: usize = 128;

/// The order in which objects' entries are written.
#[derive(Clone, Copy)]
enum Order {
    /// The map's iteration order.
    Map,
    /// By key, comparing bytes.
    Sorted,
}

/// The entries of an array or object still to write.
enum Items<'a, 'v> {
    Array(std::slice::Iter<'a, Value<'v>>),
    Object(ffi_map::Iter<'a, FfiCowStr<'v>, Value<'v>>),
    Sorted(std::vec::IntoIter<(&'a FfiCowStr<'v>, &'a Value<'v>)>),
}

impl<'a, 'v> Items<'a, 'v> {
    fn object(object: &'a crate::Object<'v>, order: Order) -> Self {
        match order {
            Order::Map => Self::Object(object.iter()),
            Order::Sorted => {
                let mut entries: Vec<_> = object.iter().collect();
                entries.sort_unstable_by_key(|&(key, _)| key);
                Self::Sorted(entries.into_iter())
            }
        }
    }

    /// The next element, with its key in an object.
    #[inline]
    fn next(&mut self) -> Option<(Option<&'a str>, &'a Value<'v>)> {
        match self {
            Self::Array(items) => items.next().map(|v| (None, v)),
            Self::Object(entries) => entries.next().map(|(k, v)| (Some(k.as_str()), v)),
            Self::Sorted(entries) => entries.next().map(|(k, v)| (Some(k.as_str()), v)),
        }
    }

    fn closing(&self) -> &'static [u8] {
        match self {
            Self::Array(_) => b"]",
            Self::Object(_) | Self::Sorted(_) => b"}",
        }
    }
}

/// An array or object being written.
struct Frame<'a, 'v> {
    items: Items<'a, 'v>,
    /// Whether no element has been written yet (so none needs a comma before it).
    first: bool,
}

/// Writes `value` as JSON with `g` (compact or pretty, depending on the generator), with an
/// explicit stack so that any depth is fine.
fn write_json<G: BaseGenerator>(g: &mut G, value: &Value<'_>, order: Order) -> io::Result<()> {
    // Events rarely nest deeper than a few levels: those frames live on the call stack.
    let mut stack: SmallVec<[Frame<'_, '_>; 8]> = SmallVec::new();
    let mut value = value;
    loop {
        let items = match value {
            Value::Static(node) => {
                write_static(g, *node)?;
                None
            }
            Value::String(s) => {
                g.write_string(s.as_str())?;
                None
            }
            Value::Bytes(bytes) => {
                write_base64(g, bytes.as_slice())?;
                None
            }
            Value::Array(a) if a.is_empty() => {
                g.write(b"[]")?;
                None
            }
            Value::Object(o) if o.is_empty() => {
                g.write(b"{}")?;
                None
            }
            Value::Array(a) => {
                g.write(b"[")?;
                Some(Items::Array(a.iter()))
            }
            Value::Object(o) => {
                g.write(b"{")?;
                Some(Items::object(o, order))
            }
        };
        if let Some(items) = items {
            if stack.len() < MAX_INDENT_LEVELS {
                g.indent();
            }
            stack.push(Frame { items, first: true });
        }
        // The next element of the innermost open container, closing those that are done.
        value = loop {
            let Some(frame) = stack.last_mut() else {
                return Ok(());
            };
            if let Some((key, next)) = frame.items.next() {
                if !std::mem::replace(&mut frame.first, false) {
                    g.write(b",")?;
                }
                g.new_line()?;
                if let Some(key) = key {
                    g.write_simple_string(key)?;
                    g.write_min(b": ", b':')?;
                }
                break next;
            }
            let closing = frame.items.closing();
            stack.pop();
            if stack.len() < MAX_INDENT_LEVELS {
                g.dedent();
            }
            g.new_line()?;
            g.write(closing)?;
        };
    }
}

/// Writes `null`, a boolean or a number; non-finite floats as `null`.
fn write_static<G: BaseGenerator>(g: &mut G, node: StaticNode) -> io::Result<()> {
    match node {
        StaticNode::Null => g.write(b"null"),
        StaticNode::Bool(true) => g.write(b"true"),
        StaticNode::Bool(false) => g.write(b"false"),
        StaticNode::I64(n) => g.write_int(n),
        StaticNode::U64(n) => g.write_int(n),
        // value-trait's generators write non-finite floats as `null`.
        StaticNode::F64(f) => g.write_float(f),
    }
}

/// Input bytes base64-encoded per write: a multiple of 3, so only the last chunk is padded.
const BASE64_CHUNK: usize = 768;

/// Writes `bytes` as a string of their base64 encoding (which needs no escaping).
fn write_base64<G: BaseGenerator>(g: &mut G, bytes: &[u8]) -> io::Result<()> {
    g.write_char(b'"')?;
    let mut encoded = [0; BASE64_CHUNK / 3 * 4];
    for chunk in bytes.chunks(BASE64_CHUNK) {
        // Cannot fail: `encoded` holds the encoding of a whole chunk.
        let len = STANDARD
            .encode_slice(chunk, &mut encoded)
            .map_err(io::Error::other)?;
        g.write(&encoded[..len])?;
    }
    g.write_char(b'"')
}

/// `value` as compact JSON text.
fn dump(value: &Value<'_>, order: Order) -> String {
    let mut g = DumpGenerator::new();
    // Cannot fail: the generator writes into a `Vec`.
    let _infallible = write_json(&mut g, value, order);
    g.consume()
}

/// `value` as pretty JSON text.
fn pretty(value: &Value<'_>, order: Order) -> String {
    let mut g = PrettyGenerator::new(INDENT);
    // Cannot fail: the generator writes into a `Vec`.
    let _infallible = write_json(&mut g, value, order);
    g.consume()
}

/// JSON text, written with value-trait's generators (which do the escaping): bytes as base64
/// strings (standard alphabet, padded), non-finite floats as `null` (JSON has no `NaN` or
/// infinity), objects in their map's iteration order ([`to_json_sorted`] sorts keys). Pretty
/// output indents two spaces per level, for at most 128 levels.
///
/// ```
/// use ffi_value::{FfiCowBytes, FfiCowStr, FfiVec, StaticNode, Value};
/// use value_trait::prelude::Writable;
///
/// let value = Value::Array(FfiVec::from(vec![
///     Value::String(FfiCowStr::from("a\"\n")),
///     Value::Static(StaticNode::F64(f64::NAN)),
///     Value::Bytes(FfiCowBytes::from(&b"hi"[..])),
/// ]));
/// assert_eq!(value.encode(), r#"["a\"\n",null,"aGk="]"#);
/// assert_eq!(value.encode_pp(), "[\n  \"a\\\"\\n\",\n  null,\n  \"aGk=\"\n]");
/// let mut out = Vec::new();
/// value.write(&mut out).unwrap();
/// assert_eq!(out, value.encode().as_bytes());
/// ```
impl Writable for Value<'_> {
    fn encode(&self) -> String {
        dump(self, Order::Map)
    }

    fn encode_pp(&self) -> String {
        pretty(self, Order::Map)
    }

    fn write<'writer, W>(&self, w: &mut W) -> io::Result<()>
    where
        W: 'writer + Write,
    {
        write_json(&mut WriterGenerator::new(w), self, Order::Map)
    }

    fn write_pp<'writer, W>(&self, w: &mut W) -> io::Result<()>
    where
        W: 'writer + Write,
    {
        write_json(&mut PrettyWriterGenerator::new(w, INDENT), self, Order::Map)
    }
}

/// Compact JSON, like [`Writable::encode`]; with `{:#}`, pretty, like [`Writable::encode_pp`].
///
/// A difference from simd-json's values kept on purpose: their `Display` writes a string's
/// text without quotes, floats with Rust's `{}` and containers in Rust's debug form; for a
/// string's text, use `as_str`.
///
/// ```
/// use ffi_value::{FfiCowStr, FfiMap, Value};
/// use value_trait::prelude::*;
///
/// let mut object = FfiMap::new();
/// object.insert(FfiCowStr::from("k"), Value::NULL);
/// let value = Value::Object(object);
/// assert_eq!(value.to_string(), r#"{"k":null}"#);
/// assert_eq!(format!("{value:#}"), "{\n  \"k\": null\n}");
/// assert_eq!(Value::from("text").to_string(), r#""text""#); // simd-json: text
/// assert_eq!(Value::from("text").as_str(), Some("text"));
/// ```
impl fmt::Display for Value<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&if f.alternate() {
            self.encode_pp()
        } else {
            self.encode()
        })
    }
}

/// Compact JSON with every object's keys in sorted order (by bytes), so equal values give
/// equal text whatever their maps' backends and insertion orders. Otherwise like
/// [`Writable::encode`]: bytes as base64 strings, non-finite floats as `null`.
///
/// ```
/// use ffi_value::{FfiCowStr, FfiMap, StaticNode, Value};
///
/// let mut object = FfiMap::new();
/// for (i, key) in ["b", "a", "c"].into_iter().enumerate() {
///     object.insert(FfiCowStr::from(key), Value::Static(StaticNode::U64(i as u64)));
/// }
/// assert_eq!(ffi_value::to_json_sorted(&Value::Object(object)), r#"{"a":1,"b":0,"c":2}"#);
/// ```
#[must_use]
pub fn to_json_sorted(value: &Value<'_>) -> String {
    dump(value, Order::Sorted)
}

/// Pretty JSON (two spaces per level) with every object's keys in sorted order.
///
/// ```
/// use ffi_value::{FfiCowStr, FfiMap, Value};
///
/// let mut object = FfiMap::new();
/// object.insert(FfiCowStr::from("b"), Value::array());
/// object.insert(FfiCowStr::from("a"), Value::object());
/// assert_eq!(
///     ffi_value::to_json_sorted_pretty(&Value::Object(object)),
///     "{\n  \"a\": {},\n  \"b\": []\n}"
/// );
/// ```
#[must_use]
pub fn to_json_sorted_pretty(value: &Value<'_>) -> String {
    pretty(value, Order::Sorted)
}

/// Writes [`to_json_sorted`]'s text to `writer`, without building it in memory first.
///
/// # Errors
///
/// An [`Error`] of kind [`ErrorKind::Io`] if `writer` fails; its offset is the number of bytes
/// written before the failure, and its message includes the I/O error.
///
/// ```
/// use ffi_value::{StaticNode, Value};
///
/// let mut out = Vec::new();
/// ffi_value::write_sorted(&Value::Static(StaticNode::I64(-1)), &mut out).unwrap();
/// assert_eq!(out, b"-1");
/// ```
pub fn write_sorted<W: Write>(value: &Value<'_>, writer: &mut W) -> Result<(), Error> {
    let mut counting = Counting { writer, written: 0 };
    let result = write_json(
        &mut WriterGenerator::new(&mut counting),
        value,
        Order::Sorted,
    );
    result.map_err(|e| {
        Error::new(
            Format::Json,
            ErrorKind::Io,
            Some(counting.written),
            format!("writing JSON failed after {} bytes: {e}", counting.written),
        )
    })
}

/// A writer that counts the bytes written through it.
struct Counting<'w, W> {
    writer: &'w mut W,
    written: usize,
}

impl<W: Write> Write for Counting<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.writer.write(buf)?;
        self.written += n;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.writer.flush()
    }
}
