//! Equality of values: structural; objects are equal when they hold the same keys with equal
//! values, whatever their map backend or the library that made them.
//!
//! Values also compare with Rust primitives (and references to them), strings, slices,
//! vectors, options, std's and halfbrown's `HashMap`s, and simd-json's values: the set of
//! simd-json's own values, plus `isize`, arrays, `Vec`s and options. Such a comparison means
//! the same as comparing with `Value::from(other)`: integers by value across `I64`/`U64`,
//! floats by [`f64::total_cmp`], never a float with an integer (see `impl Ord for Value`).

use std::collections::HashMap;
use std::hash::BuildHasher;

use super::cmp::cmp_nodes;
use super::{Object, StaticNode, Value};

/// Structural equality; also with primitives (and references to them), strings, sequences,
/// options, std's and halfbrown's `HashMap`s and simd-json's values (see their impls).
///
/// The same as simd-json's equality (`I64(1) == U64(1)`, a float never equals an integer,
/// objects as maps) except for floats, kept on purpose so that `==` agrees with `Eq`, `Ord` and
/// `Hash`: they compare with [`f64::total_cmp`] (`-0.0 != 0.0`, and floats a few ulps apart
/// differ, where simd-json compares approximately), also against a primitive `f64` (`NaN`
/// equals `NaN`, where simd-json follows IEEE); an `f32` is widened exactly (simd-json rounds
/// the value to an `f32`), and `i128`/`u128` compare by value (simd-json reads as `i128` only
/// what fits an `i64`). `docs/value.md` lists every difference from simd-json's values.
///
/// ```
/// use ffi_value::Value;
/// use std::collections::HashMap;
///
/// assert_eq!(Value::from(1_i64), 1_u64);
/// assert_eq!(Value::from(1_u8), &1_i64);
/// assert_eq!(Value::from(u64::MAX), u128::from(u64::MAX));
/// assert_eq!(Value::from(u64::MAX), u64::MAX);
/// assert_eq!(Value::from("a"), "a");
/// assert_eq!("a", Value::from("a"));
/// assert_ne!(Value::from(1), 1.0);
/// assert_eq!(Value::from(vec![1, 2]), [1, 2]);
/// assert_eq!(Value::NULL, None::<i32>);
/// assert_eq!(Value::from(f64::NAN), f64::NAN);
/// let map = HashMap::from([("a", 1)]);
/// assert_eq!(Value::from(map.clone()), map);
/// ```
impl PartialEq for Value<'_> {
    /// The equality of the total order: integers by value across `I64`/`U64`
    /// (`1_i64 == 1_u64`); floats by [`f64::total_cmp`], so `NaN == NaN` and `-0.0 != 0.0`,
    /// unlike simd-json's approximate comparison (`-0.0 == 0.0`); a float never equals an
    /// integer.
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::Static(a), Self::Static(b)) => cmp_nodes(a, b).is_eq(),
            (Self::String(a), Self::String(b)) => a == b,
            (Self::Array(a), Self::Array(b)) => a == b,
            (Self::Object(a), Self::Object(b)) => a == b,
            (Self::Bytes(a), Self::Bytes(b)) => a == b,
            _ => false,
        }
    }
}

/// `primitive == Value` and `string == Value`, as `Value == primitive`.
macro_rules! eq_reversed {
    ($($t:ty),*) => {$(
        impl PartialEq<Value<'_>> for $t {
            fn eq(&self, other: &Value<'_>) -> bool {
                other == self
            }
        }
    )*};
}

/// `Value == primitive`, as `Value == Value::from(primitive)`, and the reverse.
macro_rules! eq_primitive {
    ($($t:ty),*) => {$(
        impl PartialEq<$t> for Value<'_> {
            fn eq(&self, other: &$t) -> bool {
                match (self, Value::from(*other)) {
                    (Value::Static(a), Value::Static(b)) => cmp_nodes(a, &b).is_eq(),
                    _ => false,
                }
            }
        }

        eq_reversed!($t);
    )*};
}

eq_primitive!(
    i8,
    i16,
    i32,
    i64,
    isize,
    u8,
    u16,
    u32,
    u64,
    usize,
    f32,
    f64,
    bool,
    ()
);

impl PartialEq<i128> for Value<'_> {
    /// An integer (`I64` or `U64`) with the same value; so `u64::MAX` equals
    /// `i128::from(u64::MAX)` (simd-json reads only integers that fit an `i64` as `i128`).
    fn eq(&self, other: &i128) -> bool {
        match self {
            Value::Static(StaticNode::I64(n)) => i128::from(*n) == *other,
            Value::Static(StaticNode::U64(n)) => i128::from(*n) == *other,
            _ => false,
        }
    }
}

impl PartialEq<u128> for Value<'_> {
    /// An integer (`I64` or `U64`) with the same value.
    fn eq(&self, other: &u128) -> bool {
        i128::try_from(*other).is_ok_and(|other| *self == other)
    }
}

eq_reversed!(i128, u128);

/// `Value == &x` as `Value == x` (for sized `x`: `&str` and `&[T]` have their own impls).
impl<'v, T> PartialEq<&T> for Value<'v>
where
    Value<'v>: PartialEq<T>,
{
    fn eq(&self, other: &&T) -> bool {
        self == *other
    }
}

/// `Value == string` and `string == Value`: only a [`Value::String`] with the same text.
macro_rules! eq_string {
    ($($t:ty),*) => {$(
        impl PartialEq<$t> for Value<'_> {
            fn eq(&self, other: &$t) -> bool {
                matches!(self, Value::String(s) if s.as_str() == AsRef::<str>::as_ref(other))
            }
        }

        eq_reversed!($t);
    )*};
}

eq_string!(str, &str, String);

/// `Value == sequence`: an array whose elements equal the sequence's, in order.
macro_rules! eq_sequence {
    ($($t:ty),*) => {$(
        impl<'v, T> PartialEq<$t> for Value<'v>
        where
            Value<'v>: PartialEq<T>,
        {
            fn eq(&self, other: &$t) -> bool {
                matches!(self, Value::Array(a) if a.as_slice() == &other[..])
            }
        }
    )*};
}

eq_sequence!([T], &[T], Vec<T>);

impl<'v, T, const N: usize> PartialEq<[T; N]> for Value<'v>
where
    Value<'v>: PartialEq<T>,
{
    fn eq(&self, other: &[T; N]) -> bool {
        <Self as PartialEq<[T]>>::eq(self, other)
    }
}

impl<'v, T> PartialEq<Option<T>> for Value<'v>
where
    Value<'v>: PartialEq<T>,
{
    /// `None` equals `null`; `Some(x)` compares with `x`.
    fn eq(&self, other: &Option<T>) -> bool {
        match other {
            None => matches!(self, Value::Static(StaticNode::Null)),
            Some(x) => self == x,
        }
    }
}

/// `object` holds exactly the `len` entries of `entries` (whose keys are distinct), with equal
/// values.
fn eq_entries<'a, 'v, K, T>(
    object: &Object<'v>,
    len: usize,
    mut entries: impl Iterator<Item = (&'a K, &'a T)>,
) -> bool
where
    K: AsRef<str> + 'a,
    T: 'a,
    Value<'v>: PartialEq<T>,
{
    object.len() == len
        && entries.all(|(key, value)| object.get(key.as_ref()).is_some_and(|v| v == value))
}

/// `Value == map`: an object with the same keys and equal values, in any order.
macro_rules! eq_map {
    ($($map:ident)::+) => {
        impl<'v, K, T, S> PartialEq<$($map)::+<K, T, S>> for Value<'v>
        where
            K: AsRef<str>,
            Value<'v>: PartialEq<T>,
            S: BuildHasher,
        {
            fn eq(&self, other: &$($map)::+<K, T, S>) -> bool {
                matches!(self, Value::Object(o) if eq_entries(o, other.len(), other.iter()))
            }
        }
    };
}

eq_map!(HashMap);
eq_map!(halfbrown::HashMap);
