//! [`RuleError`]: what a rule could not do with an event.

use std::fmt;

/// An error of a rule: the event is not an object, lacks a field the rule needs, or has one of
/// the wrong kind. `Display` says which.
///
/// ```
/// use ffi_workloads::rules::{Bucket, BucketOptions, KeyMode};
/// let mut bucket = Bucket::new(BucketOptions::default(), KeyMode::Plain);
/// let err = bucket.admit(&simd_json::json!({"$rate": 1})).unwrap_err();
/// assert_eq!(err.to_string(), "the event has no `$class` field (classify it first)");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleError(Kind);

#[derive(Clone, Debug, PartialEq, Eq)]
enum Kind {
    NotAnObject {
        found: &'static str,
    },
    Missing {
        field: &'static str,
    },
    Invalid {
        field: &'static str,
        expected: &'static str,
        found: &'static str,
    },
}

impl RuleError {
    /// The event is not an object but `found` (a kind name, "a string").
    pub(crate) fn not_an_object(found: &'static str) -> Self {
        Self(Kind::NotAnObject { found })
    }

    /// The event has no `field`.
    pub(crate) fn missing(field: &'static str) -> Self {
        Self(Kind::Missing { field })
    }

    /// The event's `field` is `found`, not `expected`.
    pub(crate) fn invalid(
        field: &'static str,
        expected: &'static str,
        found: &'static str,
    ) -> Self {
        Self(Kind::Invalid {
            field,
            expected,
            found,
        })
    }

    /// The field the error is about, if it is about one.
    #[must_use]
    pub fn field(&self) -> Option<&'static str> {
        match self.0 {
            Kind::NotAnObject { .. } => None,
            Kind::Missing { field } | Kind::Invalid { field, .. } => Some(field),
        }
    }
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Kind::NotAnObject { found } => write!(f, "an event must be an object, found {found}"),
            Kind::Missing { field } => {
                write!(f, "the event has no `{field}` field (classify it first)")
            }
            Kind::Invalid {
                field,
                expected,
                found,
            } => {
                write!(f, "the event's `{field}` must be {expected}, found {found}")
            }
        }
    }
}

impl std::error::Error for RuleError {}
