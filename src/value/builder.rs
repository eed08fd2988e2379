//! [`ObjectBuilder`]: an object being filled by a parser, which skips the duplicate-key search
//! for keys it can tell are new.
//!
//! A parser must keep the last value of a duplicate key, so every insert would look for its key
//! among those already there: on halfbrown's small maps, a compare against each of them. The
//! builder keeps a 256-bit filter of the keys inserted so far (one bit per key, picked by a
//! cheap fingerprint of its length and a few of its bytes). A key whose bit is clear cannot be there, and is appended
//! without a search; only a key whose bit is set, a real duplicate or a fingerprint collision,
//! takes the checked [`insert`](ffi_map::FfiMap::insert). The filter has no false negatives, so
//! duplicates still replace, and the result is the map the checked inserts would build.

use super::{Object, Value};
use crate::ffi::FfiCowStr;

/// An object under construction; see the [module documentation](self).
pub(crate) struct ObjectBuilder<'v> {
    object: Object<'v>,
    /// Bit `f` is set when a key of fingerprint `f` has been inserted.
    seen: [u64; 4],
}

impl<'v> ObjectBuilder<'v> {
    /// A builder filling `object`, which must be empty.
    pub(crate) fn new(object: Object<'v>) -> Self {
        debug_assert!(object.is_empty());
        Self {
            object,
            seen: [0; 4],
        }
    }

    /// Inserts `value` for `key`, replacing the value of an earlier equal key.
    #[inline]
    pub(crate) fn insert(&mut self, key: FfiCowStr<'v>, value: Value<'v>) {
        let print = fingerprint(key.as_bytes());
        let (word, bit) = (usize::from(print >> 6), 1_u64 << (print & 63));
        if self.seen[word] & bit == 0 {
            self.seen[word] |= bit;
            // SAFETY: every key in the object was inserted through this builder (it started
            // empty) and set the bit of its fingerprint; this key's bit is clear, so no key
            // with its fingerprint, hence no equal key, is in the object.
            unsafe { self.object.insert_unique_unchecked(key, value) };
        } else {
            self.object.insert(key, value);
        }
    }

    /// The object built.
    pub(crate) fn finish(self) -> Object<'v> {
        self.object
    }
}

/// A byte that equal keys share and different keys rarely do: the length and the first,
/// middle and last bytes, mixed by a multiplication whose top byte depends on all of them.
/// (Reading whole words instead would cost more than the search it saves on short keys.)
fn fingerprint(key: &[u8]) -> u8 {
    let byte = |i: usize| u64::from(key.get(i).copied().unwrap_or(0));
    let len = key.len();
    let word = byte(0) | byte(len / 2) << 8 | byte(len.wrapping_sub(1)) << 16 | (len as u64) << 24;
    word.wrapping_mul(0x9e37_79b9_7f4a_7c15).to_be_bytes()[0]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::new_object;
    use proptest::prelude::*;

    /// Builds an object from `entries` with the builder, checked against inserting each entry
    /// with `insert` (which searches for the key every time).
    fn check(entries: &[(String, u32)]) -> Result<(), TestCaseError> {
        let mut builder = ObjectBuilder::new(new_object(entries.len()));
        let mut model = new_object(entries.len());
        for (key, value) in entries {
            builder.insert(FfiCowStr::from(key.as_str()), Value::from(*value));
            model.insert(FfiCowStr::from(key.as_str()), Value::from(*value));
        }
        let built = builder.finish();
        prop_assert_eq!(built.len(), model.len());
        prop_assert_eq!(built, model);
        Ok(())
    }

    #[test]
    fn keys_of_one_fingerprint_are_still_compared() {
        // Distinct keys that share a fingerprint with "a", and "a" again: each is compared.
        let print = fingerprint(b"a");
        let letters = || b'a'..=b'z';
        let mut keys: Vec<String> = letters()
            .flat_map(|a| letters().flat_map(move |b| letters().map(move |c| [a, b, c])))
            .filter(|key| fingerprint(key) == print)
            .map(|key| String::from_utf8_lossy(&key).into_owned())
            .take(5)
            .collect();
        assert_eq!(keys.len(), 5, "fingerprints spread over 256 values");
        keys.extend(["a".to_owned(), keys[2].clone(), "a".to_owned()]);
        let entries: Vec<(String, u32)> = keys.into_iter().zip(0..).collect();
        check(&entries).unwrap();
    }

    #[test]
    fn fingerprints_differ_in_length_head_and_tail() {
        let prints = |keys: &[&str]| {
            let mut prints: Vec<u8> = keys.iter().map(|k| fingerprint(k.as_bytes())).collect();
            prints.sort_unstable();
            prints.dedup();
            prints.len()
        };
        // The 13 keys of the benchmark's events: no two share a fingerprint.
        let event = [
            "about",
            "guid",
            "abool",
            "aint",
            "short_message",
            "tags",
            "array",
            "index_type",
            "logger_name",
            "syslog_hostname",
            "application",
            "type",
            "doc-type",
        ];
        assert_eq!(prints(&event), event.len());
        assert_eq!(prints(&["", "\0", "\0\0"]), 3, "the length counts");
        assert_eq!(
            prints(&["x_long_key_name", "y_long_key_name"]),
            2,
            "the head counts"
        );
        assert_eq!(
            prints(&["long_key_name_x", "long_key_name_y"]),
            2,
            "the tail counts"
        );
        assert_eq!(
            prints(&["long_x_name", "long_y_name"]),
            2,
            "the middle counts"
        );
    }

    proptest! {
        #[test]
        fn builds_what_checked_inserts_build(
            entries in prop::collection::vec(("[a-d]{0,3}|[a-z_]{6,20}", any::<u32>()), 0..80)
        ) {
            check(&entries)?;
        }
    }
}
