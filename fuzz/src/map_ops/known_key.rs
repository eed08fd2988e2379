//! [`KnownKey`] on values holding objects of every flavor, against the model.

use std::collections::HashMap;

use arbitrary::Arbitrary;
use ffi_value::{FfiCowStr, KnownKey, NotAnObject, Object, Value};

use super::types::{Key, Val};

/// One [`KnownKey`] operation: the key's byte, and a number for a value.
#[derive(Arbitrary, Debug, Clone)]
pub(crate) enum KnownOp {
    Get(u8),
    /// `get_mut`, then add the number.
    GetMut(u8, u16),
    Insert(u8, u16),
    Remove(u8),
    GetOrInsertWith(u8, u16),
}

impl KnownOp {
    /// The key's byte.
    fn key(&self) -> u8 {
        match *self {
            Self::Get(k)
            | Self::GetMut(k, _)
            | Self::Insert(k, _)
            | Self::Remove(k)
            | Self::GetOrInsertWith(k, _) => k,
        }
    }

    /// Whether the operation changes an object (so it fails on other values).
    fn changes(&self) -> bool {
        !matches!(self, Self::Get(_) | Self::GetMut(..))
    }
}

type Model = HashMap<FfiCowStr<'static>, Value<'static>>;

/// Applies `op` to `value` with `key`.
fn apply(
    key: &KnownKey,
    value: &mut Value<'static>,
    op: &KnownOp,
) -> Result<Option<Value<'static>>, NotAnObject> {
    match *op {
        KnownOp::Get(_) => Ok(key.get(value).cloned()),
        KnownOp::GetMut(_, n) => Ok(key.get_mut(value).map(|v| {
            v.bump(n);
            v.clone()
        })),
        KnownOp::Insert(_, n) => key.insert(value, Value::make(n)),
        KnownOp::Remove(_) => key.remove(value),
        KnownOp::GetOrInsertWith(_, n) => key
            .get_or_insert_with(value, || Value::make(n))
            .map(|v| Some(v.clone())),
    }
}

/// What `op` means, on the model.
fn apply_model(model: &mut Model, op: &KnownOp) -> Option<Value<'static>> {
    let key = FfiCowStr::make(op.key());
    match *op {
        KnownOp::Get(_) => model.get(&key).cloned(),
        KnownOp::GetMut(_, n) => model.get_mut(&key).map(|v| {
            v.bump(n);
            v.clone()
        }),
        KnownOp::Insert(_, n) => model.insert(key, Value::make(n)),
        KnownOp::Remove(_) => model.remove(&key),
        KnownOp::GetOrInsertWith(_, n) => {
            Some(model.entry(key).or_insert_with(|| Value::make(n)).clone())
        }
    }
}

/// Runs `ops` through [`KnownKey`] on each object (as a [`Value`]) and on the model, which
/// holds the objects' entries; and on a value that is not an object, which must answer `None`
/// or [`NotAnObject`] and stay unchanged.
///
/// # Panics
/// When an object answers otherwise than the model or ends up with other entries.
pub(crate) fn check_known_keys(
    objects: Vec<(String, Object<'static>)>,
    mut model: Model,
    ops: &[KnownOp],
) {
    let mut values: Vec<_> = objects
        .into_iter()
        .map(|(name, object)| (name, Value::Object(object)))
        .collect();
    let not_an_object = Value::from("not an object");
    for op in ops {
        let key = KnownKey::new(String::make(op.key()));
        let mut scalar = not_an_object.clone();
        match apply(&key, &mut scalar, op) {
            Ok(None) if !op.changes() => {}
            Err(_) if op.changes() => {}
            other => panic!("{op:?} on a string answers {other:?}"),
        }
        assert_eq!(scalar, not_an_object, "{op:?} changed a string");

        let expected = apply_model(&mut model, op);
        for (name, value) in &mut values {
            let got = apply(&key, value, op).unwrap_or_else(|e| panic!("{op:?} on {name}: {e}"));
            assert_eq!(got, expected, "{op:?} with a KnownKey on the object {name}");
            let Value::Object(object) = value else {
                unreachable!("an object stays one")
            };
            super::harness::check_same(object, &model, name);
            for (k, v) in &model {
                assert_eq!(
                    object.get(k.as_str()),
                    Some(v),
                    "get({k:?}) by &str on {name}"
                );
            }
        }
        if let Some(((first_name, first), rest)) = values.split_first() {
            for (name, value) in rest {
                assert_eq!(first, value, "{first_name} != {name} after {op:?}");
            }
        }
    }
}
