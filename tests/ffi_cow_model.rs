//! `FfiCowStr` and `FfiCowBytes` against a `Cow` model: random operation sequences, checking
//! contents, borrowed-or-owned state, that clones of borrowed values stay borrowed, that
//! `into_owned` copies only borrowed data, and that hashing and ordering match `str`/`[u8]`.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};

use ffi_value::{FfiCowBytes, FfiCowStr};
use proptest::prelude::*;

#[derive(Clone, Debug)]
enum Op {
    PushStr(String),
    Push(char),
    Clone,
    IntoOwned,
    AsciiUppercase,
    RoundTripString,
    RoundTripBytes,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        any::<String>().prop_map(Op::PushStr),
        any::<char>().prop_map(Op::Push),
        Just(Op::Clone),
        Just(Op::IntoOwned),
        Just(Op::AsciiUppercase),
        Just(Op::RoundTripString),
        Just(Op::RoundTripBytes),
    ]
}

/// Applies `op` to the string and to the model.
fn apply<'a>(op: Op, s: &mut FfiCowStr<'a>, model: &mut Cow<'a, str>) {
    match op {
        Op::PushStr(more) => {
            s.push_str(&more);
            model.to_mut().push_str(&more);
        }
        Op::Push(c) => {
            s.push(c);
            model.to_mut().push(c);
        }
        Op::Clone => {
            let copy = s.clone();
            assert_eq!(copy, *s);
            assert_eq!(copy.is_borrowed(), s.is_borrowed());
            if !s.is_empty() {
                assert_eq!(copy.as_ptr() == s.as_ptr(), s.is_borrowed());
            }
        }
        Op::IntoOwned => {
            let (was_borrowed, ptr) = (s.is_borrowed(), s.as_ptr());
            let owned = std::mem::take(s).into_owned();
            assert!(!owned.is_borrowed());
            if !owned.is_empty() {
                assert_eq!(
                    owned.as_ptr() == ptr,
                    !was_borrowed,
                    "copied only if borrowed"
                );
            }
            *s = owned;
            *model = Cow::Owned(std::mem::take(model).into_owned());
        }
        Op::AsciiUppercase => {
            s.to_mut().make_ascii_uppercase();
            model.to_mut().make_ascii_uppercase();
        }
        Op::RoundTripString => {
            *s = FfiCowStr::from(std::mem::take(s).into_string());
            *model = Cow::Owned(std::mem::take(model).into_owned());
        }
        Op::RoundTripBytes => {
            let bytes: FfiCowBytes<'a> = std::mem::take(s).into_bytes();
            let text = bytes.as_borrowed().map(|b| std::str::from_utf8(b).unwrap());
            *s = match text {
                Some(borrowed) => FfiCowStr::from(borrowed),
                None => FfiCowStr::from(String::from_utf8(bytes.into()).unwrap()),
            };
        }
    }
}

proptest! {
    #[test]
    fn str_behaves_like_cow(source in any::<String>(), borrowed in any::<bool>(),
                            other in any::<String>(), ops in prop::collection::vec(op(), 0..30)) {
        let (mut s, mut model) = if borrowed {
            (FfiCowStr::from(source.as_str()), Cow::Borrowed(source.as_str()))
        } else {
            (FfiCowStr::from(source.clone()), Cow::Owned(source.clone()))
        };
        let hasher = RandomState::new();
        for op in ops {
            apply(op, &mut s, &mut model);
            prop_assert_eq!(s.as_str(), &*model);
            prop_assert_eq!(s.is_borrowed(), matches!(model, Cow::Borrowed(_)));
            prop_assert_eq!(hasher.hash_one(&s), hasher.hash_one(&*model));
            prop_assert_eq!(s.cmp(&FfiCowStr::from(&other)), (*model).cmp(other.as_str()));
            prop_assert_eq!(format!("{s:?}|{s}"), format!("{model:?}|{model}"));
        }
    }

    #[test]
    fn bytes_behave_like_cow(source in any::<Vec<u8>>(), borrowed in any::<bool>(),
                             pushes in prop::collection::vec(any::<Vec<u8>>(), 0..8)) {
        let (mut b, mut model) = if borrowed {
            (FfiCowBytes::from(&source[..]), Cow::Borrowed(&source[..]))
        } else {
            (FfiCowBytes::from(source.clone()), Cow::Owned(source.clone()))
        };
        let hasher = RandomState::new();
        for more in pushes {
            let copy = b.clone();
            prop_assert_eq!(copy.is_borrowed(), b.is_borrowed());
            prop_assert_eq!(hasher.hash_one(&copy), hasher.hash_one(&*model));
            b.to_mut().extend_from_slice(&more);
            model.to_mut().extend_from_slice(&more);
            prop_assert_eq!(&*b, &*model);
            prop_assert!(!b.is_borrowed());
            prop_assert_eq!(copy.into_owned(), FfiCowBytes::from(&source[..]).into_owned());
            model = Cow::Borrowed(&source[..]);
            b = FfiCowBytes::from(&source[..]);
        }
        prop_assert_eq!(Vec::from(b), model.into_owned());
    }
}

#[test]
fn str_keys_are_looked_up_with_str() {
    let owned = String::from("owned");
    let mut map = HashMap::new();
    map.insert(FfiCowStr::from("borrowed"), 1);
    map.insert(FfiCowStr::from(owned.clone()), 2);
    map.insert(FfiCowStr::from(Cow::Borrowed("cow")), 3);
    assert_eq!(map.get("borrowed"), Some(&1));
    assert_eq!(map.get(owned.as_str()), Some(&2));
    assert_eq!(map.get("cow"), Some(&3));
    assert_eq!(map.get("missing"), None);
}

#[test]
fn default_is_empty_and_borrowed() {
    let s = FfiCowStr::default();
    assert!(s.is_borrowed() && s.is_empty());
    assert_eq!(s, "");
    let b = FfiCowBytes::default();
    assert!(b.is_borrowed() && b.is_empty());
}

#[test]
fn borrowed_data_keeps_its_lifetime() {
    let input = String::from("input");
    let s = FfiCowStr::from(&input);
    let clone = s.clone();
    drop(s);
    let view: &str = clone.as_borrowed().unwrap();
    assert!(std::ptr::eq(view, input.as_str()));
    assert_eq!(FfiCowStr::from(String::from("x")).as_borrowed(), None);
    assert!("input" == clone && clone == *"input" && clone == input);
}
