//! A total order and a hash for values (floats ordered with `f64::total_cmp`).
//!
//! The rules are documented on `impl Ord for Value`, where the API documentation shows them.

use std::cmp::Ordering;
use std::hash::{Hash, Hasher};

use ffi_map::MapHasher;

use super::{Object, StaticNode, Value};
use crate::ffi::FfiCowStr;

/// The rank of a value's kind in the order across kinds.
fn rank(value: &Value<'_>) -> u8 {
    match value {
        Value::Static(node) => node_rank(node),
        Value::String(_) => 3,
        Value::Bytes(_) => 4,
        Value::Array(_) => 5,
        Value::Object(_) => 6,
    }
}

/// The rank of a static node's kind: null, boolean, number.
fn node_rank(node: &StaticNode) -> u8 {
    match node {
        StaticNode::Null => 0,
        StaticNode::Bool(_) => 1,
        StaticNode::I64(_) | StaticNode::U64(_) | StaticNode::F64(_) => 2,
    }
}

/// A number of either kind, with integers widened so that `I64` and `U64` compare by value.
#[derive(Clone, Copy)]
enum Number {
    Int(i128),
    Float(f64),
}

impl Number {
    fn of(node: &StaticNode) -> Option<Self> {
        match *node {
            StaticNode::I64(n) => Some(Self::Int(n.into())),
            StaticNode::U64(n) => Some(Self::Int(n.into())),
            StaticNode::F64(f) => Some(Self::Float(f)),
            StaticNode::Null | StaticNode::Bool(_) => None,
        }
    }

    fn cmp(self, other: Self) -> Ordering {
        match (self, other) {
            (Self::Int(a), Self::Int(b)) => a.cmp(&b),
            (Self::Float(a), Self::Float(b)) => a.total_cmp(&b),
            (Self::Int(a), Self::Float(b)) => cmp_int_float(a, b),
            (Self::Float(a), Self::Int(b)) => cmp_int_float(b, a).reverse(),
        }
    }

    fn hash<H: Hasher>(self, state: &mut H) {
        match self {
            Self::Int(n) => {
                state.write_u8(0);
                state.write_i128(n);
            }
            Self::Float(f) => {
                state.write_u8(1);
                state.write_u64(f.to_bits());
            }
        }
    }
}

/// `int` against `float` by mathematical value, exactly; the integer first when equal. A NaN
/// is above every integer, or below if its sign bit is set (as `total_cmp` puts it).
fn cmp_int_float(int: i128, float: f64) -> Ordering {
    /// 2^64: every `i64` and `u64` lies strictly between `-2^64` and `2^64`.
    const BOUND: f64 = 18_446_744_073_709_551_616.0;
    if float.is_nan() {
        return if float.is_sign_negative() {
            Ordering::Greater
        } else {
            Ordering::Less
        };
    }
    if float >= BOUND {
        return Ordering::Less;
    }
    if float <= -BOUND {
        return Ordering::Greater;
    }
    let whole = float.trunc();
    // An integral float within ±2^64 converts to `i128` exactly.
    #[allow(clippy::cast_possible_truncation)]
    let whole_int = whole as i128;
    int.cmp(&whole_int).then(if float < whole {
        // `float` lies below `whole` (a negative fraction): `int == whole` is above it.
        Ordering::Greater
    } else {
        // Above `whole`, or equal to `int`, where the integer comes first.
        Ordering::Less
    })
}

/// The order of static nodes, as described on `impl Ord for Value`.
pub(super) fn cmp_nodes(a: &StaticNode, b: &StaticNode) -> Ordering {
    match (Number::of(a), Number::of(b)) {
        (Some(x), Some(y)) => x.cmp(y),
        _ => match (a, b) {
            (StaticNode::Bool(x), StaticNode::Bool(y)) => x.cmp(y),
            _ => node_rank(a).cmp(&node_rank(b)),
        },
    }
}

/// The entries of `object` sorted by key.
fn sorted_entries<'a, 'v>(object: &'a Object<'v>) -> Vec<(&'a FfiCowStr<'v>, &'a Value<'v>)> {
    let mut entries: Vec<_> = object.iter().collect();
    entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
    entries
}

fn cmp_objects(a: &Object<'_>, b: &Object<'_>) -> Ordering {
    if a.is_empty() || b.is_empty() {
        return a.len().cmp(&b.len());
    }
    sorted_entries(a).cmp(&sorted_entries(b))
}

/// See `impl Ord for Value` for what is equal.
impl Eq for Value<'_> {}

impl PartialOrd for Value<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// A total order, consistent with `==` and with the hash: `a == b` exactly when
/// `a.cmp(&b) == Ordering::Equal`, and equal values hash equally, so values can be sorted,
/// deduplicated and used as keys of `BTreeMap`s and `HashMap`s.
///
/// # The order
/// - Across kinds, by a fixed rank: null < booleans < numbers < strings < bytes < arrays <
///   objects.
/// - Booleans: `false < true`. Strings and bytes: bytewise (as `str` and `[u8]`). Arrays:
///   lexicographically, element by element.
/// - Objects: as their lists of `(key, value)` entries sorted by key, compared
///   lexicographically; so the insertion order, the map backend, the hasher and the library
///   that made a map never matter: objects equal as maps compare `Equal` and hash equally.
///
/// # Numbers
/// - Integers compare by value, whether stored as `I64` or `U64`: `I64(1) == U64(1)`.
/// - Floats compare with [`f64::total_cmp`]: a NaN equals a NaN with the same bits and sorts
///   after `+inf` (a NaN with its sign bit set sorts before `-inf`), and `-0.0 < 0.0`, so
///   `-0.0 != 0.0`.
/// - A float never equals an integer (`1.0 != 1`, as in `serde_json` and simd-json, whose
///   texts `1.0` and `1` stay distinct), but they are ordered together by mathematical value,
///   compared exactly (no rounding of large integers); when the values are the same the
///   integer comes first: `1 < 1.0 < 2`, `0 < -0.0 < 0.0`.
///
/// ```
/// use ffi_value::Value;
/// use std::cmp::Ordering;
///
/// assert_eq!(Value::from(1_i64), Value::from(1_u64));
/// assert_ne!(Value::from(1), Value::from(1.0));
/// assert!(Value::from(1) < Value::from(1.0) && Value::from(1.0) < Value::from(2));
/// assert_eq!(Value::from(f64::NAN), Value::from(f64::NAN));
/// assert!(Value::from(f64::INFINITY) < Value::from(f64::NAN));
/// assert!(Value::from(-0.0) < Value::from(0.0));
/// assert!(Value::from(true) < Value::from(0) && Value::from(0) < Value::from(""));
///
/// let a: Value = [("x", 1), ("y", 2)].into_iter().collect();
/// let b: Value = [("y", 2), ("x", 1)].into_iter().collect();
/// assert_eq!(a.cmp(&b), Ordering::Equal);
/// ```
impl Ord for Value<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            (Self::Static(a), Self::Static(b)) => cmp_nodes(a, b),
            (Self::String(a), Self::String(b)) => a.cmp(b),
            (Self::Bytes(a), Self::Bytes(b)) => a.cmp(b),
            (Self::Array(a), Self::Array(b)) => a.as_slice().cmp(b.as_slice()),
            (Self::Object(a), Self::Object(b)) => cmp_objects(a, b),
            _ => rank(self).cmp(&rank(other)),
        }
    }
}

impl Hash for Value<'_> {
    /// Consistent with `==`: integers hash by value whatever their kind, floats by their bits,
    /// and objects independently of entry order (each entry is hashed on its own with a fixed
    /// hasher and the entry hashes are summed).
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u8(rank(self));
        match self {
            Self::Static(node) => match (Number::of(node), node) {
                (Some(number), _) => number.hash(state),
                (None, StaticNode::Bool(b)) => b.hash(state),
                (None, _) => {}
            },
            Self::String(s) => s.hash(state),
            Self::Bytes(b) => b.hash(state),
            Self::Array(a) => a.as_slice().hash(state),
            Self::Object(o) => {
                let hasher = MapHasher::fixed();
                let sum = o.iter().fold(0_u64, |sum, entry| {
                    sum.wrapping_add(hasher.hash_key(&entry))
                });
                state.write_usize(o.len());
                state.write_u64(sum);
            }
        }
    }
}
