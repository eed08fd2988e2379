//! [`arbitrary`](https://docs.rs/arbitrary)'s `Arbitrary` for [`Value`] (cargo feature
//! `arbitrary`), for fuzz targets (cargo-fuzz, `libfuzzer-sys`) that test code taking values.
//!
//! `Value<'static>::arbitrary` builds any value from the fuzzer's bytes: every kind, bytes
//! included, floats finite, containers nested at most 16 deep, whatever the input: it never
//! panics, reads each byte at most once and recurses once per level, so no input overflows the
//! stack (of the generator, or of code that recurses through the value). [`ValueOptions`]
//! changes those choices. `FfiMap` implements `Arbitrary` too (from `ffi-map`'s feature of the
//! same name, which this one enables), and so does its [`Flavor`].
//!
//! ```
//! use arbitrary::{Arbitrary, Unstructured};
//! use ffi_value::Value;
//!
//! // In a fuzz target: `fuzz_target!(|value: Value<'static>| { ... })`.
//! let data = [7, 1, 2, 1, 3, 42, 0, 0, 0, 0, 0, 0, 0, 0];
//! let value = Value::arbitrary(&mut Unstructured::new(&data))?;
//! let packed = ffi_value::to_msgpack(&value).expect("any value is MessagePack");
//! assert_eq!(ffi_value::parse_msgpack(&packed).unwrap(), value);
//! # Ok::<(), arbitrary::Error>(())
//! ```

use ::arbitrary::{Arbitrary, Result, Unstructured};

pub use ffi_map::Flavor;

use crate::{FfiCowBytes, FfiCowStr, ParseOptions, StaticNode, Value};

/// The choices of [`ValueOptions::value`], which `Value<'static>::arbitrary` makes with
/// [`ValueOptions::DEFAULT`].
///
/// ```
/// use arbitrary::Unstructured;
/// use ffi_value::arbitrary::ValueOptions;
///
/// let options = ValueOptions::json().max_depth(3).any_flavor(true);
/// let value = options.value(&mut Unstructured::new(b"any bytes at all"))?;
/// assert!(ffi_value::parse_json_owned(ffi_value::to_json_sorted(&value).as_bytes()).is_ok());
/// # Ok::<(), arbitrary::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ValueOptions {
    max_depth: usize,
    bytes: bool,
    non_finite_floats: bool,
    any_flavor: bool,
}

impl Default for ValueOptions {
    /// [`ValueOptions::DEFAULT`].
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// The kinds of value, in the order of the input's tag byte: `0` (also what an exhausted
/// input reads) is `null`; the containers come last, so that at the depth limit the tag
/// chooses among the others.
#[derive(Clone, Copy)]
enum Tag {
    Null,
    Bool,
    I64,
    U64,
    F64,
    String,
    Bytes,
    Array,
    Object,
}

/// The tags to choose from, by (bytes allowed, containers allowed).
const TAGS: [&[Tag]; 4] = {
    use Tag::{Array, Bool, Bytes, Null, Object, String, F64, I64, U64};
    [
        &[Null, Bool, I64, U64, F64, String],
        &[Null, Bool, I64, U64, F64, String, Array, Object],
        &[Null, Bool, I64, U64, F64, String, Bytes],
        &[Null, Bool, I64, U64, F64, String, Bytes, Array, Object],
    ]
};

impl ValueOptions {
    /// Every kind of value, bytes included; finite floats; containers nested at most 16
    /// deep; objects of [`Flavor::DEFAULT`], as this crate's parsers make them.
    ///
    /// ```
    /// use ffi_value::arbitrary::ValueOptions;
    /// assert_eq!(ValueOptions::DEFAULT, ValueOptions::new());
    /// assert_eq!(ValueOptions::DEFAULT.depth_limit(), 16);
    /// ```
    pub const DEFAULT: Self = Self {
        max_depth: 16,
        bytes: true,
        non_finite_floats: false,
        any_flavor: false,
    };

    /// [`ValueOptions::DEFAULT`].
    ///
    /// ```
    /// use ffi_value::arbitrary::ValueOptions;
    /// let options = ValueOptions::new().bytes(false);
    /// assert_eq!(options, ValueOptions::json());
    /// ```
    #[must_use]
    pub const fn new() -> Self {
        Self::DEFAULT
    }

    /// Values that a JSON text holds exactly: no bytes (floats are finite by default).
    ///
    /// ```
    /// use arbitrary::Unstructured;
    /// use ffi_value::arbitrary::ValueOptions;
    /// let value = ValueOptions::json().value(&mut Unstructured::new(&[6, 3, 1, 2, 3]))?;
    /// assert!(!matches!(value, ffi_value::Value::Bytes(_)));
    /// # Ok::<(), arbitrary::Error>(())
    /// ```
    #[must_use]
    pub const fn json() -> Self {
        Self::DEFAULT.bytes(false)
    }

    /// Containers nest at most `max_depth` deep (`0`: scalars only). At most
    /// [`ParseOptions::DEFAULT_MAX_DEPTH`] (1024), the parsers' default limit: larger values
    /// are taken as that.
    ///
    /// ```
    /// use arbitrary::Unstructured;
    /// use ffi_value::arbitrary::ValueOptions;
    /// use ffi_value::Value;
    ///
    /// fn depth(v: &Value<'_>) -> usize {
    ///     match v {
    ///         Value::Array(a) => 1 + a.iter().map(depth).max().unwrap_or(0),
    ///         Value::Object(o) => 1 + o.values().map(depth).max().unwrap_or(0),
    ///         _ => 0,
    ///     }
    /// }
    /// // Tag 7 is an array, 1 "one more item": an input asking for 100 levels.
    /// let deep: Vec<u8> = [7, 1].repeat(100);
    /// let value = ValueOptions::new().max_depth(3).value(&mut Unstructured::new(&deep))?;
    /// assert_eq!(depth(&value), 3);
    /// assert_eq!(ValueOptions::new().max_depth(usize::MAX).depth_limit(), 1024);
    /// # Ok::<(), arbitrary::Error>(())
    /// ```
    #[must_use]
    pub const fn max_depth(mut self, max_depth: usize) -> Self {
        self.max_depth = if max_depth < ParseOptions::DEFAULT_MAX_DEPTH {
            max_depth
        } else {
            ParseOptions::DEFAULT_MAX_DEPTH
        };
        self
    }

    /// The depth limit: containers nest at most this deep.
    ///
    /// ```
    /// use ffi_value::arbitrary::ValueOptions;
    /// assert_eq!(ValueOptions::new().max_depth(2).depth_limit(), 2);
    /// ```
    #[must_use]
    pub const fn depth_limit(&self) -> usize {
        self.max_depth
    }

    /// Whether values may be bytes (`Value::Bytes`, no JSON type). Default: yes.
    ///
    /// ```
    /// use ffi_value::arbitrary::ValueOptions;
    /// assert_eq!(ValueOptions::new().bytes(false), ValueOptions::json());
    /// ```
    #[must_use]
    pub const fn bytes(mut self, bytes: bool) -> Self {
        self.bytes = bytes;
        self
    }

    /// Whether floats may be NaN or infinite (JSON cannot hold them: the writers print
    /// `null`). Default: no; an input that reads as a non-finite float then makes a finite
    /// one (its exponent's top bit cleared).
    ///
    /// ```
    /// use arbitrary::Unstructured;
    /// use ffi_value::arbitrary::ValueOptions;
    /// use ffi_value::prelude::*;
    /// let nan = f64::NAN.to_le_bytes();
    /// let input = [&[4][..], &nan].concat(); // tag 4: a float
    /// let finite = ValueOptions::new().value(&mut Unstructured::new(&input))?;
    /// assert!(finite.as_f64().unwrap().is_finite());
    /// let any = ValueOptions::new().non_finite_floats(true).value(&mut Unstructured::new(&input))?;
    /// assert!(any.as_f64().unwrap().is_nan());
    /// # Ok::<(), arbitrary::Error>(())
    /// ```
    #[must_use]
    pub const fn non_finite_floats(mut self, non_finite: bool) -> Self {
        self.non_finite_floats = non_finite;
        self
    }

    /// Whether each object's map has an arbitrary [`Flavor`] (any compiled-in backend, the
    /// default hasher or one of another seed, used natively or through its vtable as another
    /// library's map), read from the input before its entries. Default: no, every object has
    /// [`Flavor::DEFAULT`].
    ///
    /// ```
    /// use arbitrary::{Arbitrary, Unstructured};
    /// use ffi_value::arbitrary::{Flavor, ValueOptions};
    /// use ffi_value::Value;
    /// // Tag 8: an object; its flavor's bytes; then its entries (none: the input ends).
    /// let input = [8, 0, 1, 1];
    /// let options = ValueOptions::new().any_flavor(true);
    /// let Value::Object(o) = options.value(&mut Unstructured::new(&input))? else {
    ///     panic!("an object")
    /// };
    /// let flavor = Flavor::arbitrary(&mut Unstructured::new(&input[1..]))?;
    /// assert_eq!(Flavor::of(&o), Some(flavor));
    /// # Ok::<(), arbitrary::Error>(())
    /// ```
    #[must_use]
    pub const fn any_flavor(mut self, any_flavor: bool) -> Self {
        self.any_flavor = any_flavor;
        self
    }

    /// A value read from `u`, with these options.
    ///
    /// # Errors
    /// Only those of [`Unstructured`]'s reads (which give defaults rather than errors on an
    /// exhausted input): in practice, none.
    ///
    /// ```
    /// use arbitrary::Unstructured;
    /// use ffi_value::arbitrary::ValueOptions;
    /// use ffi_value::Value;
    /// // An exhausted input reads as `null`.
    /// assert_eq!(ValueOptions::new().value(&mut Unstructured::new(&[]))?, Value::NULL);
    /// # Ok::<(), arbitrary::Error>(())
    /// ```
    pub fn value(&self, u: &mut Unstructured<'_>) -> Result<Value<'static>> {
        self.read(u, self.max_depth)
    }

    /// A value whose containers nest at most `depth` deep.
    fn read(&self, u: &mut Unstructured<'_>, depth: usize) -> Result<Value<'static>> {
        let tags = TAGS[usize::from(self.bytes) * 2 + usize::from(depth > 0)];
        Ok(match tags[u.choose_index(tags.len())?] {
            Tag::Null => Value::NULL,
            Tag::Bool => Value::Static(StaticNode::Bool(u.arbitrary()?)),
            Tag::I64 => Value::Static(StaticNode::I64(u.arbitrary()?)),
            Tag::U64 => Value::Static(StaticNode::U64(u.arbitrary()?)),
            Tag::F64 => Value::Static(StaticNode::F64(self.float(u.arbitrary()?))),
            Tag::String => Value::String(FfiCowStr::from(<&str>::arbitrary(u)?).into_owned()),
            Tag::Bytes => Value::Bytes(FfiCowBytes::from(<&[u8]>::arbitrary(u)?).into_owned()),
            Tag::Array => {
                let mut items = Vec::new();
                // One byte per item says whether another follows (`false` once exhausted).
                while u.arbitrary()? {
                    items.push(self.read(u, depth - 1)?);
                }
                Value::Array(items.into_iter().collect())
            }
            Tag::Object => {
                let flavor = if self.any_flavor {
                    Flavor::arbitrary(u)?
                } else {
                    Flavor::DEFAULT
                };
                let mut object = flavor.empty_map(0).with_str_lookups();
                while u.arbitrary()? {
                    let key = FfiCowStr::from(<&str>::arbitrary(u)?).into_owned();
                    object.insert(key, self.read(u, depth - 1)?);
                }
                Value::Object(flavor.finish(object))
            }
        })
    }

    /// `f`, made finite unless non-finite floats are allowed.
    fn float(&self, f: f64) -> f64 {
        if f.is_finite() || self.non_finite_floats {
            f
        } else {
            // NaN and the infinities have every exponent bit set; without the top one the
            // exponent is 1023: a finite float in [1, 2) with the same sign and mantissa.
            f64::from_bits(f.to_bits() & !(1 << 62))
        }
    }
}

/// Any value ([`ValueOptions::DEFAULT`]): every kind, bytes included, finite floats,
/// containers nested at most 16 deep.
///
/// ```
/// use arbitrary::{Arbitrary, Unstructured};
/// use ffi_value::Value;
/// // Tag 5: a string; its bytes; its length (read from the input's end).
/// let value = Value::arbitrary(&mut Unstructured::new(&[5, b'a', b'b', b'c', 3]))?;
/// assert_eq!(value, "abc");
/// assert_eq!(<Value<'static> as Arbitrary>::size_hint(0), (1, None));
/// # Ok::<(), arbitrary::Error>(())
/// ```
impl<'a> Arbitrary<'a> for Value<'static> {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        ValueOptions::DEFAULT.value(u)
    }

    /// One byte for the kind, then what the kind needs (nothing for `null`).
    fn size_hint(_depth: usize) -> (usize, Option<usize>) {
        (1, None)
    }
}
