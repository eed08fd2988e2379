//! Random mutations through value-trait's `Mutable*` traits, applied alike to both values.

use proptest::prelude::*;
use simd_json::StaticNode;
use value_trait::prelude::*;

use crate::values::{arb_key, arb_node, canon};
use crate::Json;

/// A scalar, converted into each value type by its own `From`.
#[derive(Debug, Clone)]
pub(crate) enum Scalar {
    Node(StaticNode),
    U8(u8),
    U32(u32),
    U64(u64),
    I16(i16),
    I64(i64),
    F32(f32),
    Str(&'static str),
}

impl Scalar {
    fn make<V: Json>(&self) -> V {
        match *self {
            Self::Node(node) => V::from(node),
            Self::U8(n) => V::from(n),
            Self::U32(n) => V::from(n),
            Self::U64(n) => V::from(n),
            Self::I16(n) => V::from(n),
            Self::I64(n) => V::from(n),
            Self::F32(f) => V::from(f),
            Self::Str(s) => V::from(s),
        }
    }
}

fn arb_scalar() -> impl Strategy<Value = Scalar> {
    prop_oneof![
        arb_node().prop_map(Scalar::Node),
        any::<u8>().prop_map(Scalar::U8),
        any::<u32>().prop_map(Scalar::U32),
        any::<u64>().prop_map(Scalar::U64),
        any::<i16>().prop_map(Scalar::I16),
        any::<i64>().prop_map(Scalar::I64),
        any::<f32>().prop_map(Scalar::F32),
        arb_key().prop_map(Scalar::Str),
    ]
}

/// A mutation through value-trait's `MutableObject`, `MutableArray` and
/// `MutableValueArrayAccess`, on the value or on one inside it.
#[derive(Debug, Clone)]
pub(crate) enum Op {
    Insert(&'static str, Scalar),
    TryInsert(&'static str, Scalar),
    InsertContainer(&'static str, bool),
    Remove(&'static str),
    TryRemove(&'static str),
    Push(Scalar),
    TryPush(Scalar),
    PushContainer(bool),
    Pop,
    TryPop,
    AtKey(&'static str, Box<Op>),
    AtIndex(usize, Box<Op>),
}

pub(crate) fn arb_op() -> impl Strategy<Value = Op> {
    let leaf = prop_oneof![
        (arb_key(), arb_scalar()).prop_map(|(k, s)| Op::Insert(k, s)),
        (arb_key(), arb_scalar()).prop_map(|(k, s)| Op::TryInsert(k, s)),
        (arb_key(), any::<bool>()).prop_map(|(k, b)| Op::InsertContainer(k, b)),
        arb_key().prop_map(Op::Remove),
        arb_key().prop_map(Op::TryRemove),
        arb_scalar().prop_map(Op::Push),
        arb_scalar().prop_map(Op::TryPush),
        any::<bool>().prop_map(Op::PushContainer),
        Just(Op::Pop),
        Just(Op::TryPop),
    ]
    .boxed();
    // Mostly on the value itself; one level down through `get_mut`/`get_idx_mut` (deeper
    // values are reached after earlier ops insert containers).
    prop_oneof![
        4 => leaf.clone(),
        1 => (arb_key(), leaf.clone()).prop_map(|(k, op)| Op::AtKey(k, Box::new(op))),
        1 => (0..4_usize, leaf).prop_map(|(i, op)| Op::AtIndex(i, Box::new(op))),
    ]
}

/// An empty array (`true`) or object.
fn container<V: Json>(array: bool) -> V {
    if array {
        V::array()
    } else {
        V::object()
    }
}

/// Applies `op` to `v`; what it returned.
pub(crate) fn apply<V: Json>(v: &mut V, op: &Op) -> String {
    let old = |o: Option<V>| o.as_ref().map(canon);
    match op {
        Op::Insert(k, s) => format!("{:?}", v.insert(*k, s.make::<V>()).map(old)),
        Op::TryInsert(k, s) => format!("{:?}", old(v.try_insert(*k, s.make::<V>()))),
        Op::InsertContainer(k, array) => {
            format!("{:?}", v.insert(*k, container::<V>(*array)).map(old))
        }
        Op::Remove(k) => format!("{:?}", v.remove(*k).map(old)),
        Op::TryRemove(k) => format!("{:?}", old(v.try_remove(*k))),
        Op::Push(s) => format!("{:?}", v.push(s.make::<V>())),
        Op::TryPush(s) => {
            v.try_push(s.make::<V>());
            String::new()
        }
        Op::PushContainer(array) => format!("{:?}", v.push(container::<V>(*array))),
        Op::Pop => format!("{:?}", v.pop().map(old)),
        Op::TryPop => format!("{:?}", old(v.try_pop())),
        Op::AtKey(k, op) => format!("{:?}", v.get_mut(*k).map(|inner| apply(inner, op))),
        Op::AtIndex(i, op) => format!("{:?}", v.get_idx_mut(*i).map(|inner| apply(inner, op))),
    }
}
