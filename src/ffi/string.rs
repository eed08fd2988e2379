//! [`FfiCowStr`]: a 24-byte copy-on-write string, an [`FfiCowBytes`] that holds UTF-8.

use std::borrow::{Borrow, Cow};
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;

use abi_stable::StableAbi;

use super::FfiCowBytes;

/// A string that is either borrowed for `'a` or owned: [`FfiCowBytes`] that are always UTF-8.
///
/// 24 bytes on 64-bit: `(pointer, length, capacity)`, where the capacity `usize::MAX` marks a
/// borrowed string (no block) and any other value an owned one whose block is grown and freed
/// by the allocator that made it.
///
/// It compares, orders and hashes exactly like `str`, and implements `Borrow<str>`, so maps
/// keyed by `FfiCowStr` can be looked up with a `&str`.
///
/// ```
/// use ffi_value::FfiCowStr;
/// use std::collections::HashSet;
///
/// let input = String::from("key");
/// let mut s = FfiCowStr::from(input.as_str());
/// assert!(s.is_borrowed());
/// let set: HashSet<FfiCowStr> = [s.clone()].into_iter().collect();
/// assert!(set.contains("key"));
///
/// s.push_str("s"); // copies, then appends
/// assert!(!s.is_borrowed());
/// assert_eq!(s, "keys");
/// assert_eq!(s.into_string(), "keys");
/// ```
#[repr(C)]
#[derive(StableAbi, Clone, Default)]
pub struct FfiCowStr<'a> {
    /// Always valid UTF-8.
    bytes: FfiCowBytes<'a>,
}

const _: () = assert!(
    size_of::<FfiCowStr<'_>>() == 3 * size_of::<usize>(),
    "FfiCowStr must be pointer, length and capacity: 24 bytes on 64-bit targets"
);
const _: () = assert!(
    size_of::<Option<FfiCowStr<'_>>>() == size_of::<FfiCowStr<'_>>(),
    "Option<FfiCowStr> must use the non-null pointer as its niche"
);

impl<'a> FfiCowStr<'a> {
    /// Borrows `s`. Does not allocate.
    #[must_use]
    pub const fn borrowed(s: &'a str) -> Self {
        FfiCowStr {
            bytes: FfiCowBytes::borrowed(s.as_bytes()),
        }
    }

    /// Whether the string is borrowed (not owned).
    #[must_use]
    pub fn is_borrowed(&self) -> bool {
        self.bytes.is_borrowed()
    }

    /// The string.
    #[must_use]
    pub fn as_str(&self) -> &str {
        // SAFETY: the bytes are always UTF-8.
        unsafe { std::str::from_utf8_unchecked(self.bytes.as_slice()) }
    }

    /// The UTF-8 bytes.
    #[must_use]
    pub fn as_bytes(&self) -> &[u8] {
        self.bytes.as_slice()
    }

    /// The borrowed string with its full lifetime `'a`, or `None` if owned.
    #[must_use]
    pub fn as_borrowed(&self) -> Option<&'a str> {
        // SAFETY: the bytes are always UTF-8.
        (self.bytes.as_borrowed()).map(|bytes| unsafe { std::str::from_utf8_unchecked(bytes) })
    }

    /// The UTF-8 bytes, still borrowed or owned as they were.
    #[must_use]
    pub fn into_bytes(self) -> FfiCowBytes<'a> {
        self.bytes
    }

    /// An owned string, no longer tied to `'a`: copies only if borrowed.
    #[must_use]
    #[inline]
    pub fn into_owned(self) -> FfiCowStr<'static> {
        FfiCowStr {
            bytes: self.bytes.into_owned(),
        }
    }

    /// A `String` of the current library (always a copy: a `String` has no room for the header).
    #[must_use]
    pub fn into_string(self) -> String {
        self.as_str().to_owned()
    }

    /// Mutable access to the string, copying it first if borrowed.
    ///
    /// # Panics
    ///
    /// The copy aborts if out of memory.
    pub fn to_mut(&mut self) -> &mut str {
        // SAFETY: the bytes are UTF-8, and `&mut str` only allows changes that keep them so.
        unsafe { std::str::from_utf8_unchecked_mut(self.bytes.to_mut()) }
    }

    /// Appends `s`, copying the string first if borrowed.
    ///
    /// # Panics
    ///
    /// Panics on capacity overflow; aborts if out of memory.
    pub fn push_str(&mut self, s: &str) {
        self.bytes.to_mut().extend_from_slice(s.as_bytes());
    }

    /// Appends `c`, copying the string first if borrowed.
    ///
    /// # Panics
    ///
    /// Panics on capacity overflow; aborts if out of memory.
    pub fn push(&mut self, c: char) {
        self.push_str(c.encode_utf8(&mut [0; 4]));
    }
}

impl Deref for FfiCowStr<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for FfiCowStr<'_> {
    fn as_ref(&self) -> &str {
        self
    }
}

impl AsRef<[u8]> for FfiCowStr<'_> {
    fn as_ref(&self) -> &[u8] {
        self.as_bytes()
    }
}

impl Borrow<str> for FfiCowStr<'_> {
    fn borrow(&self) -> &str {
        self
    }
}

impl<'a> From<&'a str> for FfiCowStr<'a> {
    fn from(s: &'a str) -> Self {
        FfiCowStr::borrowed(s)
    }
}

impl<'a> From<&'a String> for FfiCowStr<'a> {
    fn from(s: &'a String) -> Self {
        FfiCowStr::borrowed(s)
    }
}

/// Owns: copies the bytes into a new block (a `String` has no room for the header).
impl From<String> for FfiCowStr<'_> {
    fn from(s: String) -> Self {
        FfiCowStr {
            bytes: FfiCowBytes::from(s.into_bytes()),
        }
    }
}

impl<'a> From<Cow<'a, str>> for FfiCowStr<'a> {
    fn from(cow: Cow<'a, str>) -> Self {
        match cow {
            Cow::Borrowed(s) => FfiCowStr::borrowed(s),
            Cow::Owned(s) => FfiCowStr::from(s),
        }
    }
}

impl From<FfiCowStr<'_>> for String {
    fn from(s: FfiCowStr<'_>) -> Self {
        s.into_string()
    }
}

impl fmt::Display for FfiCowStr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl fmt::Debug for FfiCowStr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

/// The same as `str`'s hash, as `Borrow<str>` requires.
impl Hash for FfiCowStr<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl PartialEq for FfiCowStr<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for FfiCowStr<'_> {}

impl PartialOrd for FfiCowStr<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for FfiCowStr<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.as_str().cmp(other.as_str())
    }
}

/// `FfiCowStr == other` and `other == FfiCowStr`, both compared as `str`.
macro_rules! eq_str {
    ($($other:ty),*) => {$(
        impl PartialEq<$other> for FfiCowStr<'_> {
            fn eq(&self, other: &$other) -> bool {
                self.as_str() == AsRef::<str>::as_ref(other)
            }
        }

        impl PartialEq<FfiCowStr<'_>> for $other {
            fn eq(&self, other: &FfiCowStr<'_>) -> bool {
                AsRef::<str>::as_ref(self) == other.as_str()
            }
        }
    )*};
}

eq_str!(str, &str, String);
