//! `literal!`: values from JSON-like syntax.

/// Builds a [`Value`](crate::Value) from JSON-like syntax, with Rust expressions in place of
/// any value or key.
///
/// - `null`, `true`, `false`, `[...]` and `{...}` mean what they mean in JSON (trailing commas
///   are accepted);
/// - any other value is a Rust expression, converted with `Value::from` (so a `&str` stays
///   borrowed, a signed integer becomes `I64` and an unsigned one `U64`);
/// - a key is a string literal or any expression that converts with
///   [`FfiCowStr::from`](crate::FfiCowStr) (wrap it in parentheses if it contains a `:`).
///
/// Objects get the default map backend. Like `serde_json::json!`, the macro munches tokens
/// recursively, so a very large literal may need a higher `#![recursion_limit]`.
///
/// ```
/// use ffi_value::{literal, FfiCowStr, Object, StaticNode, Value};
///
/// let x = 7_u8;
/// let key = String::from("computed");
/// let event = literal!({
///     "application": "app1",
///     "aint": 42,
///     "tags": ["tag1", x, x * 2],
///     "nested": {"a": null, "b": true},
///     "neg": -1.5,
///     (key.as_str()): [],
/// });
///
/// let mut nested = Object::new();
/// nested.insert(FfiCowStr::from("a"), Value::NULL);
/// nested.insert(FfiCowStr::from("b"), Value::from(true));
/// let mut expected = Object::new();
/// expected.insert("application".into(), Value::from("app1"));
/// expected.insert("aint".into(), Value::from(42));
/// expected.insert("tags".into(), Value::from(vec![Value::from("tag1"), Value::from(7), Value::from(14)]));
/// expected.insert("nested".into(), Value::Object(nested));
/// expected.insert("neg".into(), Value::Static(StaticNode::F64(-1.5)));
/// expected.insert("computed".into(), Value::array());
/// assert_eq!(event, Value::Object(expected));
/// ```
#[macro_export]
macro_rules! literal {
    ($($value:tt)+) => {
        $crate::__literal!($($value)+)
    };
}

/// The token muncher behind [`literal!`], in the style of `serde_json::json!`.
///
/// Arrays: `@array [elements,] tokens`, elements parsed so far and the tokens left.
/// Objects: `@object object (key tokens) (tokens) (copy of tokens)` while a key is read, then
/// `@object object [key] (value) tokens` once its value is; the copy lets an error point at the
/// offending token.
#[macro_export]
#[doc(hidden)]
macro_rules! __literal {
    // Arrays: the end, after an element with or without a trailing comma.
    (@array [$($elems:expr,)*]) => {
        $crate::Value::Array(
            ::core::iter::IntoIterator::into_iter([$($elems,)*]).collect::<$crate::FfiVec<_>>()
        )
    };
    (@array [$($elems:expr),*]) => {
        $crate::__literal!(@array [$($elems,)*])
    };
    // Arrays: the next element is a keyword, an array or an object.
    (@array [$($elems:expr,)*] null $($rest:tt)*) => {
        $crate::__literal!(@array [$($elems,)* $crate::__literal!(null)] $($rest)*)
    };
    (@array [$($elems:expr,)*] true $($rest:tt)*) => {
        $crate::__literal!(@array [$($elems,)* $crate::__literal!(true)] $($rest)*)
    };
    (@array [$($elems:expr,)*] false $($rest:tt)*) => {
        $crate::__literal!(@array [$($elems,)* $crate::__literal!(false)] $($rest)*)
    };
    (@array [$($elems:expr,)*] [$($array:tt)*] $($rest:tt)*) => {
        $crate::__literal!(@array [$($elems,)* $crate::__literal!([$($array)*])] $($rest)*)
    };
    (@array [$($elems:expr,)*] {$($object:tt)*} $($rest:tt)*) => {
        $crate::__literal!(@array [$($elems,)* $crate::__literal!({$($object)*})] $($rest)*)
    };
    // Arrays: the next element is an expression, followed by a comma or the end.
    (@array [$($elems:expr,)*] $next:expr, $($rest:tt)*) => {
        $crate::__literal!(@array [$($elems,)* $crate::__literal!($next),] $($rest)*)
    };
    (@array [$($elems:expr,)*] $last:expr) => {
        $crate::__literal!(@array [$($elems,)* $crate::__literal!($last)])
    };
    // Arrays: the comma after an element.
    (@array [$($elems:expr),*] , $($rest:tt)*) => {
        $crate::__literal!(@array [$($elems,)*] $($rest)*)
    };
    // Arrays: anything else is misplaced.
    (@array [$($elems:expr),*] $unexpected:tt $($rest:tt)*) => {
        $crate::__literal_unexpected!($unexpected)
    };

    // Objects: the end.
    (@object $object:ident () () ()) => {};
    // Objects: insert an entry, then go on after its comma or stop.
    (@object $object:ident [$($key:tt)+] ($value:expr) , $($rest:tt)*) => {
        let _ = $object.insert($crate::FfiCowStr::from($($key)+), $value);
        $crate::__literal!(@object $object () ($($rest)*) ($($rest)*));
    };
    (@object $object:ident [$($key:tt)+] ($value:expr) $unexpected:tt $($rest:tt)*) => {
        $crate::__literal_unexpected!($unexpected);
    };
    (@object $object:ident [$($key:tt)+] ($value:expr)) => {
        let _ = $object.insert($crate::FfiCowStr::from($($key)+), $value);
    };
    // Objects: the value after `:` is a keyword, an array or an object.
    (@object $object:ident ($($key:tt)+) (: null $($rest:tt)*) $copy:tt) => {
        $crate::__literal!(@object $object [$($key)+] ($crate::__literal!(null)) $($rest)*);
    };
    (@object $object:ident ($($key:tt)+) (: true $($rest:tt)*) $copy:tt) => {
        $crate::__literal!(@object $object [$($key)+] ($crate::__literal!(true)) $($rest)*);
    };
    (@object $object:ident ($($key:tt)+) (: false $($rest:tt)*) $copy:tt) => {
        $crate::__literal!(@object $object [$($key)+] ($crate::__literal!(false)) $($rest)*);
    };
    (@object $object:ident ($($key:tt)+) (: [$($array:tt)*] $($rest:tt)*) $copy:tt) => {
        $crate::__literal!(@object $object [$($key)+] ($crate::__literal!([$($array)*])) $($rest)*);
    };
    (@object $object:ident ($($key:tt)+) (: {$($map:tt)*} $($rest:tt)*) $copy:tt) => {
        $crate::__literal!(@object $object [$($key)+] ($crate::__literal!({$($map)*})) $($rest)*);
    };
    // Objects: the value is an expression, followed by a comma or the end.
    (@object $object:ident ($($key:tt)+) (: $value:expr , $($rest:tt)*) $copy:tt) => {
        $crate::__literal!(@object $object [$($key)+] ($crate::__literal!($value)) , $($rest)*);
    };
    (@object $object:ident ($($key:tt)+) (: $value:expr) $copy:tt) => {
        $crate::__literal!(@object $object [$($key)+] ($crate::__literal!($value)));
    };
    // Objects: a key without a value, or without `:`.
    (@object $object:ident ($($key:tt)+) (:) $copy:tt) => {
        ::core::compile_error!("literal!: a value must follow the last `:`");
    };
    (@object $object:ident ($($key:tt)+) () $copy:tt) => {
        ::core::compile_error!("literal!: the last key needs `:` and a value");
    };
    // Objects: a `:` with no key, or a `,` inside a key.
    (@object $object:ident () (: $($rest:tt)*) ($colon:tt $($copy:tt)*)) => {
        $crate::__literal_unexpected!($colon);
    };
    (@object $object:ident ($($key:tt)*) (, $($rest:tt)*) ($comma:tt $($copy:tt)*)) => {
        $crate::__literal_unexpected!($comma);
    };
    // Objects: a parenthesized key expression.
    (@object $object:ident () (($key:expr) : $($rest:tt)*) $copy:tt) => {
        $crate::__literal!(@object $object ($key) (: $($rest)*) (: $($rest)*));
    };
    // Objects: a value expression not followed by a comma (points at what follows it).
    (@object $object:ident ($($key:tt)*) (: $($unexpected:tt)+) $copy:tt) => {
        $crate::__literal_expect_expr_comma!($($unexpected)+);
    };
    // Objects: one more token of the key.
    (@object $object:ident ($($key:tt)*) ($tt:tt $($rest:tt)*) $copy:tt) => {
        $crate::__literal!(@object $object ($($key)* $tt) ($($rest)*) ($($rest)*));
    };

    // Values.
    (null) => {
        $crate::Value::NULL
    };
    (true) => {
        $crate::Value::Static($crate::StaticNode::Bool(true))
    };
    (false) => {
        $crate::Value::Static($crate::StaticNode::Bool(false))
    };
    ([]) => {
        $crate::Value::array()
    };
    ([ $($tt:tt)+ ]) => {
        $crate::__literal!(@array [] $($tt)+)
    };
    ({}) => {
        $crate::Value::object()
    };
    ({ $($tt:tt)+ }) => {{
        let mut object = $crate::Object::new().with_str_lookups();
        $crate::__literal!(@object object () ($($tt)+) ($($tt)+));
        $crate::Value::Object(object)
    }};
    ($other:expr) => {
        $crate::Value::from($other)
    };
}

/// Reports a misplaced token of [`literal!`] ("no rules expected the token").
#[macro_export]
#[doc(hidden)]
macro_rules! __literal_unexpected {
    () => {};
}

/// Reports the token after a value expression of [`literal!`] that should have been a comma.
#[macro_export]
#[doc(hidden)]
macro_rules! __literal_expect_expr_comma {
    ($e:expr , $($tt:tt)*) => {};
}
