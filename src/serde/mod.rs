//! serde support: any serde format reads and writes values.
//!
//! [`Value`](crate::Value) implements `Serialize` (bytes as serde bytes, objects as maps,
//! numbers as themselves) and `Deserialize`, borrowing strings and bytes from the input when
//! the format lends them (`visit_borrowed_str`/`visit_borrowed_bytes`) and copying them
//! otherwise. [`Value::deserialize_owned`](crate::Value::deserialize_owned) always copies, for
//! `DeserializeOwned` contexts. [`FfiCowStr`](crate::FfiCowStr),
//! [`FfiCowBytes`](crate::FfiCowBytes) and [`FfiVec`](crate::FfiVec) implement `Serialize` too,
//! and `FfiCowStr` implements `Deserialize`, borrowing like `&str` does.
//!
//! The lengths a format announces (serde's `size_hint`, `MessagePack` headers) are claims of the
//! input: containers reserve room for at most [`PREALLOC_PER_CONTAINER`] elements, and all the
//! containers open at one time for at most [`PREALLOC_TOTAL`] together (see [`Budget`]).
//!
//! serde formats call the visitor recursively, so values nest at most [`MAX_DEPTH`] levels
//! deep through `Deserialize`, a depth that a 2 MiB thread stack holds even in debug builds;
//! [`parse_json`](crate::parse_json) and [`parse_msgpack`](crate::parse_msgpack) use no call
//! stack for depth and allow 1024 levels by default.

use std::cell::Cell;

mod de;
mod ser;

/// How deep `Deserialize` lets arrays and objects nest (`serde_json`'s own default limit).
const MAX_DEPTH: usize = 128;

/// The most elements one container reserves room for before they arrive.
const PREALLOC_PER_CONTAINER: usize = 4096;
/// The most elements the containers open at one time reserve room for together, so nested
/// containers that each claim many elements cannot multiply the memory they reserve.
const PREALLOC_TOTAL: usize = 4 * PREALLOC_PER_CONTAINER;

/// How much room, in elements, the open containers of one parse may still reserve on the word
/// of the input; each container holds a [`Grant`] while it is open.
pub(crate) struct Budget(Cell<usize>);

impl Budget {
    /// The budget of a new parse: `limit` elements, and never more than [`PREALLOC_TOTAL`].
    /// A parser that knows its input passes the number of bytes in it, so that the open
    /// containers never claim more elements together than the input could hold.
    pub(crate) fn new(limit: usize) -> Self {
        Budget(Cell::new(limit.min(PREALLOC_TOTAL)))
    }

    /// Room for up to `claimed` elements, as much as the per-container limit and the budget
    /// left allow; it returns to the budget when the grant drops.
    pub(crate) fn grant(&self, claimed: usize) -> Grant<'_> {
        let left = self.0.get();
        let capacity = claimed.min(PREALLOC_PER_CONTAINER).min(left);
        self.0.set(left - capacity);
        Grant {
            budget: self,
            capacity,
        }
    }
}

/// Room reserved by one open container, given back to its [`Budget`] on drop.
pub(crate) struct Grant<'b> {
    budget: &'b Budget,
    capacity: usize,
}

impl Grant<'_> {
    /// How many elements the container may reserve room for.
    pub(crate) fn capacity(&self) -> usize {
        self.capacity
    }
}

impl Drop for Grant<'_> {
    fn drop(&mut self) {
        self.budget.0.set(self.budget.0.get() + self.capacity);
    }
}

#[cfg(test)]
mod tests {
    use super::{Budget, PREALLOC_PER_CONTAINER, PREALLOC_TOTAL};

    #[test]
    fn grants_are_capped_and_given_back() {
        let budget = Budget::new(usize::MAX);
        let small = budget.grant(3);
        assert_eq!(small.capacity(), 3);
        let nested: Vec<_> = (0..8).map(|_| budget.grant(usize::MAX)).collect();
        let granted: usize = nested.iter().map(super::Grant::capacity).sum();
        assert_eq!(granted, PREALLOC_TOTAL - 3);
        assert!(nested
            .iter()
            .all(|g| g.capacity() <= PREALLOC_PER_CONTAINER));
        drop(nested);
        drop(small);
        assert_eq!(budget.grant(usize::MAX).capacity(), PREALLOC_PER_CONTAINER);
    }
}
