//! JSON in: simd-json's tape walked into a [`Value`](crate::Value).
//!
//! simd-json parses the text into a flat tape (unescaping strings in place in the input), and
//! one iterative pass turns the tape into a [`Value`]: strings borrow the input, arrays and
//! objects are created once with their final capacity, and no intermediate simd-json value is
//! built. Errors are mapped to [`Error`]s with [`Format::Json`], the best [`ErrorKind`] and
//! the byte offset of the problem.

use std::mem;

use ffi_map::{Backend, BackendUnavailable, MapHasher};
use simd_json::{Buffers, ErrorType, Node, Tape};

use crate::error::{Error, ErrorKind, Format};
use crate::ffi::{FfiCowStr, FfiVec};
use crate::value::{new_object_with, Array, ObjectBuilder, Value};

/// Options of [`parse_json_with`] and [`parse_json_owned_with`], built from
/// [`ParseOptions::default`] with builder-style setters.
///
/// ```
/// use ffi_value::{parse_json_with, ErrorKind, ParseOptions};
///
/// let options = ParseOptions::default().with_max_depth(2);
/// assert_eq!(options.max_depth(), 2);
/// assert!(parse_json_with(&mut b"[[1]]".to_vec(), &options).is_ok());
/// let err = parse_json_with(&mut b"[[[1]]]".to_vec(), &options).unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::TooDeep { limit: 2 });
/// assert_eq!(err.offset(), Some(2));
/// ```
#[derive(Debug, Clone)]
pub struct ParseOptions {
    max_depth: usize,
    hasher: MapHasher,
    backend: Backend,
}

impl Default for ParseOptions {
    /// Depth limit [`ParseOptions::DEFAULT_MAX_DEPTH`], objects with the default fixed-seed hasher.
    fn default() -> Self {
        Self {
            max_depth: Self::DEFAULT_MAX_DEPTH,
            hasher: MapHasher::fixed(),
            backend: Backend::DEFAULT,
        }
    }
}

impl ParseOptions {
    /// The default depth limit, simd-json's: deep enough for any event, shallow enough for the
    /// recursive operations on a parsed value (drop, clone, compare) to stay well within a
    /// thread's stack.
    pub const DEFAULT_MAX_DEPTH: usize = 1024;

    /// How many arrays and objects may be open at once: `[[1]]` needs 2. Deeper input is an
    /// [`ErrorKind::TooDeep`] error at the offset of the first bracket past the limit.
    ///
    /// Parsing itself never recurses, whatever the limit; but a parsed [`Value`] is dropped,
    /// cloned and compared recursively, so limits far above the default risk overflowing the
    /// stack in those operations.
    #[must_use]
    pub fn with_max_depth(mut self, max_depth: usize) -> Self {
        self.max_depth = max_depth;
        self
    }

    /// The hasher of every object the parser creates. The default is the fixed-seed hasher
    /// whose hashes every library shares; for input from untrusted sources use
    /// [`MapHasher::random`], so that objects of many keys cannot be filled with colliding
    /// keys (`HashDoS`).
    ///
    /// ```
    /// use ffi_map::{Backend, BackendUnavailable, MapHasher};
    /// use ffi_value::{parse_json_with, ParseOptions, Value};
    ///
    /// let hasher = MapHasher::random();
    /// let options = ParseOptions::default().with_hasher(hasher.clone());
    /// let mut input = br#"{"a":1}"#.to_vec();
    /// let value = parse_json_with(&mut input, &options).unwrap();
    /// let Value::Object(object) = value else { panic!("an object") };
    /// assert_eq!(object.hasher_id(), hasher.id());
    /// ```
    #[must_use]
    pub fn with_hasher(mut self, hasher: MapHasher) -> Self {
        self.hasher = hasher;
        self
    }

    /// The map backend of every object the parser creates ([`Backend::DEFAULT`] unless set).
    ///
    /// ```
    /// use ffi_value::{parse_json_with, Backend, ParseOptions, Value};
    ///
    /// # #[cfg(feature = "hashbrown")] {
    /// let options = ParseOptions::default().with_backend(Backend::Hashbrown).unwrap();
    /// let mut input = br#"{"a":1}"#.to_vec();
    /// let value = parse_json_with(&mut input, &options).unwrap();
    /// let Value::Object(object) = value else { panic!("an object") };
    /// assert_eq!(object.backend(), Backend::Hashbrown);
    /// # }
    /// ```
    ///
    /// # Errors
    /// [`BackendUnavailable`] when `backend`'s cargo feature is not enabled.
    pub fn with_backend(mut self, backend: Backend) -> Result<Self, BackendUnavailable> {
        if !backend.is_available() {
            return Err(BackendUnavailable(backend));
        }
        self.backend = backend;
        Ok(self)
    }

    /// The map backend of the objects.
    #[must_use]
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The depth limit.
    #[must_use]
    pub fn max_depth(&self) -> usize {
        self.max_depth
    }

    /// The hasher of the objects.
    #[must_use]
    pub fn hasher(&self) -> &MapHasher {
        &self.hasher
    }
}

/// Parses JSON text into a [`Value`] that borrows its strings from `input`, with the default
/// [`ParseOptions`].
///
/// simd-json unescapes strings in place, so `input` is changed (whether parsing succeeds or
/// not) and every string of the value, keys included, borrows it: no string is copied.
///
/// - Duplicate keys: the last one wins (its value replaces the earlier one).
/// - Numbers: integers become `I64` if negative, else `U64`; numbers with a fraction or an
///   exponent become `F64`. Integers outside the `i64`/`u64` range and floats outside the
///   `f64` range are rejected with [`ErrorKind::Number`] (they are not rounded to a float);
///   floats too small for `f64` become `0.0`.
/// - Exactly one value, surrounded by any whitespace, is accepted: empty or whitespace-only
///   input is an [`ErrorKind::Eof`] error, anything after the value an
///   [`ErrorKind::Syntax`] error.
///
/// # Errors
/// An [`Error`] of [`Format::Json`] with the byte offset of the problem and one of the kinds
/// [`ErrorKind::Syntax`], [`ErrorKind::Eof`] (the text ends too early),
/// [`ErrorKind::Utf8`], [`ErrorKind::Number`] or [`ErrorKind::TooDeep`] (nesting deeper than
/// [`ParseOptions::DEFAULT_MAX_DEPTH`]).
///
/// ```
/// use ffi_value::{parse_json, ErrorKind, StaticNode, Value};
///
/// let mut input = br#"{"name": "ev\"ent", "n": 3, "n": 4}"#.to_vec();
/// let value = parse_json(&mut input).unwrap();
/// let Value::Object(object) = &value else { panic!("an object") };
/// assert_eq!(object.len(), 2);
/// assert!(matches!(&object["name"], Value::String(s) if s == "ev\"ent" && s.is_borrowed()));
/// assert!(matches!(object["n"], Value::Static(StaticNode::U64(4)))); // the last one wins
///
/// let err = parse_json(&mut br#"{"a" 1}"#.to_vec()).unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::Syntax);
/// assert_eq!(err.offset(), Some(5));
/// assert_eq!(err.to_string(), "JSON error at byte 5: expected `:` after an object key, found `1`");
/// ```
pub fn parse_json(input: &mut [u8]) -> Result<Value<'_>, Error> {
    parse_json_with(input, &ParseOptions::default())
}

/// [`parse_json`] with the given options.
///
/// # Errors
/// As [`parse_json`], with the depth limit of `options`.
pub fn parse_json_with<'v>(
    input: &'v mut [u8],
    options: &ParseOptions,
) -> Result<Value<'v>, Error> {
    parse_with(input, options, FfiCowStr::borrowed)
}

/// Parses JSON text into a [`Value`] that borrows nothing, leaving `input` unchanged (it is
/// copied into a scratch buffer first; the strings are then copied once, into the value).
/// Otherwise as [`parse_json`].
///
/// # Errors
/// As [`parse_json`].
///
/// ```
/// use ffi_value::{parse_json_owned, Value};
///
/// let value: Value<'static> = parse_json_owned(br#"["a\nb"]"#).unwrap();
/// let Value::Array(items) = &value else { panic!("an array") };
/// assert!(matches!(&items[0], Value::String(s) if s == "a\nb" && !s.is_borrowed()));
/// ```
pub fn parse_json_owned(input: &[u8]) -> Result<Value<'static>, Error> {
    parse_json_owned_with(input, &ParseOptions::default())
}

/// [`parse_json_owned`] with the given options.
///
/// # Errors
/// As [`parse_json`], with the depth limit of `options`.
pub fn parse_json_owned_with(
    input: &[u8],
    options: &ParseOptions,
) -> Result<Value<'static>, Error> {
    let mut scratch = input.to_vec();
    parse_with(&mut scratch, options, |s| {
        FfiCowStr::borrowed(s).into_owned()
    })
}

/// Parses `input`, making every string (keys included) with `string`.
fn parse_with<'i, 'v>(
    input: &'i mut [u8],
    options: &ParseOptions,
    string: impl Fn(&'i str) -> FfiCowStr<'v>,
) -> Result<Value<'v>, Error> {
    let mut buffers = Buffers::with_max_depth(input.len(), options.max_depth);
    // On error simd-json leaves the nodes it made on the tape, and `explain` needs the input;
    // but the tape borrows `input` for all of `'i` (the returned value's strings do), which
    // the borrow checker extends to the error path too. So both the tape's borrow and the
    // error path's are taken from one raw pointer, and the error path's only once the tape is
    // dropped.
    let input_ptr: *mut [u8] = input;
    // SAFETY: `input_ptr` is the caller's exclusive borrow for `'i`, not used otherwise.
    let tape_input: &'i mut [u8] = unsafe { &mut *input_ptr };
    let mut tape = Tape(Vec::new());
    match simd_json::fill_tape(tape_input, &mut buffers, &mut tape) {
        Ok(()) => build(&tape.0, &string, options),
        Err(err) => {
            let strings_done = tape
                .0
                .iter()
                .filter(|node| matches!(node, Node::String(_)))
                .count();
            drop(tape);
            // SAFETY: `fill_tape` returned and the tape, which held the only references made
            // from `tape_input`, is dropped; `tape_input` is not used again. So nothing else
            // refers into the caller's exclusive borrow, alive for `'i`.
            let input: &[u8] = unsafe { &*input_ptr };
            Err(explain(
                &err,
                &Failure {
                    input,
                    structurals: buffers.structural_indexes(),
                    strings_done,
                    limit: options.max_depth,
                },
            ))
        }
    }
}

/// An array or object being filled by [`build`].
enum Frame<'v> {
    /// The items so far, and how many the array has.
    Array(Array<'v>, usize),
    /// The entries so far, how many entries are left (the current one included), and the
    /// current entry's key.
    Object(ObjectBuilder<'v>, usize, FfiCowStr<'v>),
}

/// Walks the tape of one value into a [`Value`], iteratively: nesting costs heap (a frame per
/// open array or object, bounded by the depth limit simd-json enforced), never stack.
fn build<'i, 'v>(
    tape: &[Node<'i>],
    string: &impl Fn(&'i str) -> FfiCowStr<'v>,
    options: &ParseOptions,
) -> Result<Value<'v>, Error> {
    let mut nodes = tape.iter();
    // Room for a few levels of nesting without growing (which would reallocate per parse).
    let mut open: Vec<Frame<'v>> = Vec::with_capacity(8);
    loop {
        let mut value = match *next_node(&mut nodes)? {
            Node::Static(node) => Value::Static(node),
            Node::String(s) => Value::String(string(s)),
            Node::Array { len: 0, .. } => Value::Array(FfiVec::new()),
            Node::Object { len: 0, .. } => Value::Object(new_object_with(0, options)),
            Node::Array { len, .. } => {
                open.push(Frame::Array(FfiVec::with_capacity(len), len));
                continue;
            }
            Node::Object { len, .. } => {
                let key = next_key(&mut nodes, string)?;
                let object = ObjectBuilder::new(new_object_with(len, options));
                open.push(Frame::Object(object, len, key));
                continue;
            }
        };
        // Hand the finished value to its container; close each container it completes.
        loop {
            let Some(frame) = open.last_mut() else {
                return Ok(value);
            };
            match frame {
                Frame::Array(items, len) => {
                    items.push(value);
                    if items.len() < *len {
                        break;
                    }
                }
                Frame::Object(object, left, key) => {
                    // `insert` replaces the value of a duplicate key: the last one wins.
                    object.insert(mem::take(key), value);
                    *left -= 1;
                    if *left > 0 {
                        *key = next_key(&mut nodes, string)?;
                        break;
                    }
                }
            }
            value = match open.pop() {
                Some(Frame::Array(items, _)) => Value::Array(items),
                Some(Frame::Object(object, ..)) => Value::Object(object.finish()),
                None => Value::NULL, // not reached: `last_mut` found a frame
            };
        }
    }
}

/// The next node of the tape.
fn next_node<'t, 'i>(nodes: &mut std::slice::Iter<'t, Node<'i>>) -> Result<&'t Node<'i>, Error> {
    nodes.next().ok_or_else(|| bad_tape("ends inside a value"))
}

/// The next node of the tape, an object key.
fn next_key<'i, 'v>(
    nodes: &mut std::slice::Iter<'_, Node<'i>>,
    string: &impl Fn(&'i str) -> FfiCowStr<'v>,
) -> Result<FfiCowStr<'v>, Error> {
    match *next_node(nodes)? {
        Node::String(key) => Ok(string(key)),
        _ => Err(bad_tape("has an object key that is not a string")),
    }
}

/// simd-json broke the tape's invariants (never seen; reported rather than panicking).
#[cold]
fn bad_tape(what: &str) -> Error {
    Error::new(
        Format::Json,
        ErrorKind::Syntax,
        None,
        format!("internal error: simd-json's tape {what}"),
    )
}

/// What is known when simd-json fails.
struct Failure<'a> {
    /// The input. simd-json's stage 1 (structure and UTF-8) fails before anything is written,
    /// so it is intact then; stage 2 unescapes strings in place up to the error, but never
    /// writes at a structural index or after the error, which is all that is read here (but
    /// for stage 1 errors).
    input: &'a [u8],
    /// The structural indexes simd-json found (the first byte of each token).
    structurals: &'a [u32],
    /// How many strings stage 2 made before failing.
    strings_done: usize,
    /// The depth limit.
    limit: usize,
}

/// Our [`Error`] for simd-json's `err`.
#[cold]
#[inline(never)]
fn explain(err: &simd_json::Error, failure: &Failure<'_>) -> Error {
    let &Failure {
        input,
        structurals,
        strings_done,
        limit,
    } = failure;
    let at = err.index();
    let found = found(input, at);
    let syntax = |offset: usize, message: String| {
        Error::new(Format::Json, ErrorKind::Syntax, Some(offset), message)
    };
    match err.error() {
        ErrorType::Eof => end_of_input(input, "expected a JSON value"),
        ErrorType::InvalidUtf8 => {
            let offset = std::str::from_utf8(input)
                .err()
                .map_or(at, |e| e.valid_up_to());
            Error::new(
                Format::Json,
                ErrorKind::Utf8,
                Some(offset),
                format!("invalid UTF-8, found byte {}", hex_byte(input, offset)),
            )
        }
        // Stage 1 reports no position: find the string at fault ourselves.
        ErrorType::Syntax if err.character().is_none() => explain_strings(input),
        // Stage 2 ran out of structural characters: the text ends inside an array or object.
        ErrorType::Syntax if is_last(structurals, at) => end_of_input(
            input,
            "expected more after the last `,`, `:`, `[` or `{`, or a closing `]` or `}`",
        ),
        ErrorType::DepthLimitExceeded => Error::new(
            Format::Json,
            ErrorKind::TooDeep { limit },
            Some(at),
            format!("arrays and objects nest deeper than the limit of {limit}"),
        ),
        ErrorType::InvalidNumber | ErrorType::InvalidExponent => {
            explain_number(input, structurals, at)
        }
        ErrorType::ExpectedTrue => explain_atom(input, at, "true"),
        ErrorType::ExpectedFalse => explain_atom(input, at, "false"),
        ErrorType::ExpectedNull => explain_atom(input, at, "null"),
        ErrorType::ExpectedObjectColon => syntax(
            at,
            format!("expected `:` after an object key, found {found}"),
        ),
        ErrorType::ExpectedArrayContent => syntax(
            at,
            format!("expected `,` or `]` after an array item, found {found}"),
        ),
        ErrorType::ExpectedObjectContent if previous_byte(input, structurals, at) == Some(b'{') => {
            syntax(at, format!("expected a string key or `}}`, found {found}"))
        }
        ErrorType::ExpectedObjectContent => syntax(
            at,
            format!("expected `,` or `}}` after an object value, found {found}"),
        ),
        ErrorType::ExpectedObjectKey => syntax(
            at,
            format!("expected a string key after `,`, found {found}"),
        ),
        ErrorType::InvalidEscape
        | ErrorType::InvalidUnicodeCodepoint
        | ErrorType::InvalidUnicodeEscape => {
            // simd-json's index of a bad escape is not reliable (relative to the string or to
            // the input, depending on the SIMD implementation): name the string instead, the
            // one after those it made.
            let start = structurals
                .iter()
                .map(|&s| s as usize)
                .filter(|&s| input.get(s) == Some(&b'"'))
                .nth(strings_done)
                .unwrap_or(at);
            let escape = match err.character() {
                Some('u') | None => {
                    "a `\\u` escape with bad hex digits or a lone surrogate".to_string()
                }
                Some(c) => format!("the invalid escape `\\{c}`"),
            };
            syntax(start, format!("the string starting here has {escape}"))
        }
        // After the root value: stage 2 reports the value's last structural character.
        ErrorType::TrailingData => trailing(input, structurals, at),
        ErrorType::InternalError if closes_value(input, structurals, at) => {
            trailing(input, structurals, at)
        }
        ErrorType::InternalError => syntax(at, format!("expected a JSON value, found {found}")),
        ErrorType::InputTooLarge => syntax(0, "input larger than 4 GiB, simd-json's limit".into()),
        other => syntax(at, format!("malformed JSON ({other:?}) at {found}")),
    }
}

/// An [`ErrorKind::Eof`] error at the end of `input`.
fn end_of_input(input: &[u8], expected: &str) -> Error {
    Error::new(
        Format::Json,
        ErrorKind::Eof,
        Some(input.len()),
        format!("{expected}, found the end of the input"),
    )
}

/// What is at `offset` of `input`, for messages: a character in backquotes, a byte in hex, or
/// the end of the input.
fn found(input: &[u8], offset: usize) -> String {
    match input
        .get(offset..)
        .and_then(|rest| rest.utf8_chunks().next())
    {
        None => "the end of the input".to_string(),
        Some(chunk) => match chunk.valid().chars().next() {
            Some(c) if !c.is_control() => format!("`{c}`"),
            Some(c) => format!("{:?}", c.to_string()),
            None => format!("byte {}", hex_byte(input, offset)),
        },
    }
}

/// The byte at `offset` in hex.
fn hex_byte(input: &[u8], offset: usize) -> String {
    input
        .get(offset)
        .map_or_else(|| "none".to_string(), |b| format!("0x{b:02x}"))
}

/// Whether `at` is the last structural index.
fn is_last(structurals: &[u32], at: usize) -> bool {
    structurals.last().is_some_and(|&last| last as usize == at)
}

/// The position of structural index `at` among `structurals`.
fn structural_position(structurals: &[u32], at: usize) -> Option<usize> {
    u32::try_from(at)
        .ok()
        .and_then(|at| structurals.binary_search(&at).ok())
}

/// The byte of the structural character before the one at `at`.
fn previous_byte(input: &[u8], structurals: &[u32], at: usize) -> Option<u8> {
    let position = structural_position(structurals, at)?;
    let previous = *structurals.get(position.checked_sub(1)?)?;
    input.get(previous as usize).copied()
}

/// Whether the `]` or `}` at `at` rightly closes a value (so the error is what follows it).
fn closes_value(input: &[u8], structurals: &[u32], at: usize) -> bool {
    match (previous_byte(input, structurals, at), input.get(at)) {
        (Some(b'['), Some(b']')) | (Some(b'{'), Some(b'}')) => true,
        (Some(b',' | b':' | b'[' | b'{') | None, _) => false,
        (Some(_), close) => matches!(close, Some(b']' | b'}')),
    }
}

/// A [`ErrorKind::Syntax`] error for what follows the root value, whose last structural
/// character is at `at`.
fn trailing(input: &[u8], structurals: &[u32], at: usize) -> Error {
    let next = structural_position(structurals, at)
        .and_then(|position| structurals.get(position + 1))
        .map_or(at, |&next| next as usize);
    Error::new(
        Format::Json,
        ErrorKind::Syntax,
        Some(next),
        format!(
            "trailing characters after the JSON value: found {}",
            found(input, next)
        ),
    )
}

/// The error of a literal expected at `at`: [`ErrorKind::Eof`] when the input ends inside it.
fn explain_atom(input: &[u8], at: usize, literal: &str) -> Error {
    let rest = input.get(at..).unwrap_or_default();
    if rest.len() < literal.len() && literal.as_bytes().starts_with(rest) {
        return end_of_input(input, &format!("expected `{literal}`"));
    }
    let end = rest
        .iter()
        .position(|b| !b.is_ascii_alphanumeric())
        .unwrap_or(rest.len());
    Error::new(
        Format::Json,
        ErrorKind::Syntax,
        Some(at),
        format!(
            "expected `{literal}`, found `{}`",
            excerpt(&rest[..end.max(1).min(rest.len())])
        ),
    )
}

/// The error of the number around `at` (simd-json points inside or just after it):
/// [`ErrorKind::Number`] if it is well-formed JSON but out of range, else
/// [`ErrorKind::Syntax`].
fn explain_number(input: &[u8], structurals: &[u32], at: usize) -> Error {
    // The number's first byte is a structural index; simd-json points at it, inside the
    // number, or just after it (maybe at the next structural character).
    let upto = structurals.partition_point(|&s| s as usize <= at);
    let start = structurals[..upto]
        .iter()
        .rev()
        .take(2)
        .map(|&s| s as usize)
        .find(|&s| matches!(input.get(s), Some(b'-' | b'0'..=b'9')))
        .unwrap_or(at);
    let rest = input.get(start..).unwrap_or_default();
    let len = rest
        .iter()
        .position(|&b| !matches!(b, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E'))
        .unwrap_or(rest.len());
    let (token, after) = rest.split_at(len);
    let text = excerpt(token);
    let delimited = after
        .first()
        .is_none_or(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b',' | b']' | b'}'));
    if delimited && is_json_number(token) {
        let what = if token.iter().any(|b| matches!(b, b'.' | b'e' | b'E')) {
            "outside the range of f64"
        } else {
            "an integer outside the range of i64 and u64"
        };
        Error::new(
            Format::Json,
            ErrorKind::Number,
            Some(start),
            format!("number `{text}` is {what}"),
        )
    } else if after.is_empty() && is_json_number_prefix(token) {
        end_of_input(input, &format!("expected the rest of the number `{text}`"))
    } else {
        Error::new(
            Format::Json,
            ErrorKind::Syntax,
            Some(start),
            format!("invalid number `{text}{}`", found_suffix(after)),
        )
    }
}

/// The most bytes of a token an error message quotes.
const EXCERPT: usize = 40;

/// `token` as an error message quotes it: whole up to [`EXCERPT`] bytes, else cut there, with
/// its length (so that a huge token does not make a huge message).
fn excerpt(token: &[u8]) -> String {
    match token.get(..EXCERPT) {
        Some(start) if token.len() > EXCERPT => format!(
            "{}… ({} bytes)",
            String::from_utf8_lossy(start),
            token.len()
        ),
        _ => String::from_utf8_lossy(token).into_owned(),
    }
}

/// The character after a number token, if it is part of the bad number (not a delimiter).
fn found_suffix(after: &[u8]) -> String {
    after
        .utf8_chunks()
        .next()
        .and_then(|chunk| chunk.valid().chars().next())
        .filter(|c| !c.is_whitespace() && !matches!(c, ',' | ']' | '}'))
        .map(String::from)
        .unwrap_or_default()
}

/// Where a JSON number's grammar got to: the state after reading a token.
#[derive(Clone, Copy, PartialEq, Eq)]
enum NumberState {
    /// Nothing, or only `-`.
    Sign,
    /// `0` (nothing may follow but `.` or an exponent).
    Zero,
    /// Integer digits.
    Int,
    /// `.` without digits yet.
    Dot,
    /// Fraction digits.
    Frac,
    /// `e` or `E`, maybe with a sign, without digits yet.
    Exp,
    /// Exponent digits.
    ExpDigits,
    /// Not a number.
    Invalid,
}

/// Runs JSON's number grammar over `token`.
fn number_state(token: &[u8]) -> NumberState {
    use NumberState::{Dot, Exp, ExpDigits, Frac, Int, Invalid, Sign, Zero};
    let mut state = Sign;
    for (i, &b) in token.iter().enumerate() {
        state = match (state, b) {
            (Sign, b'-') if i == 0 => Sign,
            (Sign, b'0') => Zero,
            (Sign, b'1'..=b'9') | (Int, b'0'..=b'9') => Int,
            (Zero | Int, b'.') => Dot,
            (Dot | Frac, b'0'..=b'9') => Frac,
            (Zero | Int | Frac, b'e' | b'E') => Exp,
            (Exp, b'+' | b'-') if matches!(token[i - 1], b'e' | b'E') => Exp,
            (Exp | ExpDigits, b'0'..=b'9') => ExpDigits,
            _ => Invalid,
        };
        if state == Invalid {
            break;
        }
    }
    state
}

/// Whether `token` is a complete JSON number.
fn is_json_number(token: &[u8]) -> bool {
    matches!(
        number_state(token),
        NumberState::Zero | NumberState::Int | NumberState::Frac | NumberState::ExpDigits
    )
}

/// Whether `token` is the start of a JSON number that needs more characters.
fn is_json_number_prefix(token: &[u8]) -> bool {
    matches!(
        number_state(token),
        NumberState::Sign | NumberState::Dot | NumberState::Exp
    )
}

/// The error of a string that stage 1 rejected without a position: an unescaped control
/// character in it, or no closing quote.
fn explain_strings(input: &[u8]) -> Error {
    // As simd-json: a `"` after an odd number of backslashes is escaped, inside strings or
    // not, and a control character inside a string is an error, escaped or not.
    let mut open = None;
    let mut escaped = false;
    for (offset, &b) in input.iter().enumerate() {
        if open.is_some() && b < 0x20 {
            return Error::new(
                Format::Json,
                ErrorKind::Syntax,
                Some(offset),
                format!("control character U+{b:04X} in a string; it must be escaped"),
            );
        }
        match b {
            _ if escaped => escaped = false,
            b'\\' => escaped = true,
            b'"' if open.is_some() => open = None,
            b'"' => open = Some(offset),
            _ => {}
        }
    }
    match open {
        Some(start) => end_of_input(
            input,
            &format!("expected the closing `\"` of the string starting at byte {start}"),
        ),
        None => Error::new(Format::Json, ErrorKind::Syntax, None, "malformed JSON"),
    }
}
