//! Equality of values: structural; objects are equal when they hold the same keys with equal
//! values, whatever their map backend or the library that made them.
//!
//! Values also compare with Rust primitives, strings, slices, vectors and options, in both
//! directions for primitives and strings. Such a comparison means the same as comparing with
//! `Value::from(other)`: integers by value across `I64`/`U64`, floats by
//! [`f64::total_cmp`], never a float with an integer (see `impl Ord for Value`).

use super::cmp::cmp_nodes;
use super::{StaticNode, Value};

/// Structural equality; also with primitives, strings, sequences and options:
///
/// ```
/// use ffi_value::Value;
///
/// assert_eq!(Value::from(1_i64), 1_u64);
/// assert_eq!(Value::from(u64::MAX), u64::MAX);
/// assert_eq!(Value::from("a"), "a");
/// assert_eq!("a", Value::from("a"));
/// assert_ne!(Value::from(1), 1.0);
/// assert_eq!(Value::from(vec![1, 2]), [1, 2]);
/// assert_eq!(Value::NULL, None::<i32>);
/// assert_eq!(Value::from(f64::NAN), f64::NAN);
/// ```
impl PartialEq for Value<'_> {
    /// The equality of the total order: integers by value across `I64`/`U64`
    /// (`1_i64 == 1_u64`); floats by [`f64::total_cmp`], so `NaN == NaN` and `-0.0 != 0.0`,
    /// unlike simd-json's approximate comparison; a float never equals an integer.
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

/// `Value == primitive` and `primitive == Value`, as `Value == Value::from(primitive)`.
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

        impl PartialEq<Value<'_>> for $t {
            fn eq(&self, other: &Value<'_>) -> bool {
                other == self
            }
        }
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

/// `Value == string` and `string == Value`: only a [`Value::String`] with the same text.
macro_rules! eq_string {
    ($($t:ty),*) => {$(
        impl PartialEq<$t> for Value<'_> {
            fn eq(&self, other: &$t) -> bool {
                matches!(self, Value::String(s) if s.as_str() == AsRef::<str>::as_ref(other))
            }
        }

        impl PartialEq<Value<'_>> for $t {
            fn eq(&self, other: &Value<'_>) -> bool {
                other == self
            }
        }
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
