//! Parity with simd-json: the same random value is built as a `simd_json::OwnedValue` (the
//! oracle) and as a `Value` (natively and with maps dispatched through their vtable, as another
//! library's), and every value-trait method that generic code can call must answer the same on
//! both, down to the `I64`/`U64` kind of every number: accessors, `try_*` accessors and their
//! `TryTypeError`s, type checks, look-ups by key and index, the builders and `From`, the
//! mutations of `Mutable*` with their `AccessError`s, the JSON text, and `==` with primitives,
//! maps and simd-json's values. The differences kept on purpose (docs/value.md, "Differences from
//! simd-json's values") are tested in `differences.rs`, each against simd-json.

mod differences;
mod observe;
mod ops;
mod values;

use std::borrow::Borrow;
use std::collections::HashMap;
use std::fmt::{Debug, Display};
use std::hash::Hash;

use ffi_value::{parse_json, Backend, FfiCowStr, FfiMap, Value};
use proptest::prelude::*;
use simd_json::{BorrowedValue, OwnedValue};
use value_trait::prelude::*;

use observe::{any_float_differs, built, observe, Seen};
use ops::{apply, arb_op, Op};
use values::{arb_simd, canon, ours};

/// What the generic code of these tests needs: value-trait's traits, the JSON writer and `==` with
/// primitives, the set both value types offer.
trait Json:
    'static
    + Clone
    + Debug
    + Display
    + ValueBuilder<'static>
    + TypedValue
    + ValueAsScalar
    + ValueAsArray<Array = Self::Arr>
    + ValueAsMutArray<Array = Self::Arr>
    + ValueAsObject<Object = Self::Obj>
    + ValueAsMutObject<Object = Self::Obj>
    + ValueIntoString<String = Self::Str>
    + ValueIntoArray<Array = Self::Arr>
    + ValueIntoObject<Object = Self::Obj>
    + Writable
    + PartialEq<bool>
    + PartialEq<()>
    + PartialEq<i8>
    + PartialEq<i16>
    + PartialEq<i32>
    + PartialEq<i64>
    + PartialEq<u8>
    + PartialEq<u16>
    + PartialEq<u32>
    + PartialEq<u64>
    + PartialEq<usize>
    + PartialEq<f32>
    + PartialEq<f64>
    + PartialEq<str>
    + for<'a> PartialEq<&'a str>
    + PartialEq<String>
    + for<'a> PartialEq<&'a u64>
    + for<'a> PartialEq<&'a i64>
    + for<'a> PartialEq<&'a bool>
    + PartialEq<HashMap<String, OwnedValue>>
{
    type Arr: ArrayTrait<Element = Self>
        + ArrayMut<Element = Self>
        + Indexed<usize, Element = Self>
        + IndexedMut<usize, Element = Self>;
    type Obj: ObjectTrait<Key = Self::Key, Element = Self>
        + ObjectMut<Key = Self::Key, Element = Self>;
    type Key: Borrow<str> + Hash + Eq + From<String> + From<&'static str>;
    type Str: AsRef<str> + Debug;
}

impl Json for OwnedValue {
    type Arr = <OwnedValue as ValueAsArray>::Array;
    type Obj = <OwnedValue as ValueAsObject>::Object;
    type Key = String;
    type Str = String;
}

impl Json for Value<'static> {
    type Arr = ffi_value::Array<'static>;
    type Obj = ffi_value::Object<'static>;
    type Key = FfiCowStr<'static>;
    type Str = FfiCowStr<'static>;
}

/// Do our objects iterate in simd-json's order? With the halfbrown backend, yes: both are
/// halfbrown maps; hashbrown's iterate in another.
fn halfbrown_order() -> bool {
    FfiMap::<FfiCowStr, Value>::new().backend() == Backend::Halfbrown
}

/// Everything the traits show of `v`, then of what `ops` return and leave.
fn run<V: Json>(mut v: V, ops: &[Op], ordered: bool) -> Seen {
    let mut out = vec![("built".to_owned(), built::<V>())];
    observe(&v, "$", ordered, &mut out);
    for (i, op) in ops.iter().enumerate() {
        out.push((format!("op {i} {op:?}"), apply(&mut v, op)));
        out.push((format!("after op {i}"), canon(&v)));
    }
    observe(&v, "after", ordered, &mut out);
    out
}

/// Both sides saw the same, pair by pair.
fn assert_same(ours: &Seen, theirs: &Seen, what: &str) -> Result<(), TestCaseError> {
    for (o, t) in ours.iter().zip(theirs) {
        prop_assert_eq!(o, t, "{}", what);
    }
    prop_assert_eq!(ours.len(), theirs.len(), "{}", what);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(384))]

    /// Every trait method answers the same on our value as on simd-json's, before, during and
    /// after the same mutations, with native and vtable-dispatched maps.
    #[test]
    fn traits_answer_like_simd_json(
        simd in arb_simd(),
        ops in prop::collection::vec(arb_op(), 0..12),
    ) {
        let ordered = halfbrown_order();
        let theirs = run(simd.clone(), &ops, ordered);
        for vtable in [false, true] {
            let what = if vtable { "vtable dispatch" } else { "native" };
            assert_same(&run(ours(&simd, vtable), &ops, ordered), &theirs, what)?;
        }
    }

    /// `Value == OwnedValue`/`BorrowedValue` in both directions: true for the same content
    /// (whatever the floats, compared by this crate's rules), false after any change.
    #[test]
    fn equal_to_simd_json_values_both_ways(simd in arb_simd(), other in arb_simd()) {
        let mine = ours(&simd, false);
        let borrowed = BorrowedValue::from(simd.clone());
        prop_assert_eq!(&mine, &simd);
        prop_assert_eq!(&simd, &mine);
        prop_assert_eq!(&mine, &borrowed);
        prop_assert_eq!(&borrowed, &mine);
        prop_assert!(mine.eq(&&simd));
        // The library's conversion builds the same value, number kinds included.
        prop_assert_eq!(canon(&Value::from(simd.clone())), canon(&simd));
        // Against another value: as our own equality says.
        let expected = mine == ours(&other, true);
        prop_assert_eq!(mine == other, expected);
        prop_assert_eq!(other == mine, expected);
        let other_borrowed = BorrowedValue::from(other.clone());
        prop_assert_eq!(mine == other_borrowed, expected);
        // And as simd-json's own equality says, where its floats compare alike.
        if !any_float_differs(&simd) && !any_float_differs(&other) {
            prop_assert_eq!(expected, simd == other);
        }
        // Objects also equal their entries as a halfbrown map.
        if let OwnedValue::Object(entries) = &simd {
            prop_assert!(mine == **entries);
        }
    }

    /// JSON text parses into the same nodes as simd-json's parser makes: non-negative integers
    /// `U64`, negative ones `I64`, the rest `F64`.
    #[test]
    fn numbers_parse_like_simd_json(
        n in prop_oneof![
            any::<i64>().prop_map(|n| n.to_string()),
            any::<u64>().prop_map(|n| n.to_string()),
            (0..1000_u32).prop_map(|n| n.to_string()),
            any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(|f| format!("{f:e}")),
            "-?(0|[1-9][0-9]{0,19})(\\.[0-9]{1,5})?([eE][-+]?[0-9]{1,3})?",
        ]
    ) {
        let text = format!("[{n}]");
        let simd = simd_json::to_owned_value(&mut text.clone().into_bytes());
        let mut bytes = text.clone().into_bytes();
        match (simd, parse_json(&mut bytes).map(Value::into_static)) {
            (Ok(simd), Ok(mine)) => prop_assert_eq!(canon(&mine), canon(&simd), "{}", text),
            (simd, mine) => prop_assert_eq!(simd.is_ok(), mine.is_ok(), "{}", text),
        }
    }

    /// A document written by simd-json parses into the same value, number kinds included.
    #[test]
    fn documents_parse_like_simd_json(simd in arb_simd()) {
        let mut text = simd.encode().into_bytes();
        let theirs = simd_json::to_owned_value(&mut text.clone()).unwrap();
        let mine = parse_json(&mut text).unwrap().into_static();
        prop_assert_eq!(canon(&mine), canon(&theirs));
        // Small objects keep the input's order in both (halfbrown's vector maps).
        if halfbrown_order() {
            prop_assert_eq!(mine.encode(), theirs.encode());
        }
    }
}

/// `literal!` builds what simd-json's `json!` builds, number kinds included (both convert
/// with `From`).
#[test]
fn literal_builds_what_json_builds() {
    let (n, x) = (7_u8, -2_i32);
    let mine =
        ffi_value::literal!({"a": 1, "n": n, "x": x, "l": [n, 2.5, null, true, "s"], "o": {}});
    let theirs =
        simd_json::json!({"a": 1, "n": n, "x": x, "l": [n, 2.5, null, true, "s"], "o": {}});
    assert_eq!(canon(&mine), canon(&theirs));
    assert!(canon(&mine).contains("\"n\":u64:7"));
}
