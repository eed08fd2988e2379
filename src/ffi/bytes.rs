//! [`FfiCowBytes`]: 24-byte copy-on-write bytes, borrowed or in an [`FfiVec<u8>`] block.

use std::borrow::{Borrow, Cow};
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use std::mem::ManuallyDrop;
use std::ops::Deref;
use std::ptr::NonNull;

use abi_stable::StableAbi;

use super::FfiVec;

/// The capacity that marks borrowed bytes. A real capacity never exceeds `isize::MAX`.
const BORROWED: usize = usize::MAX;

/// Bytes that are either borrowed for `'a` or owned, with the layout of an [`FfiVec<u8>`]:
/// `(pointer, length, capacity)`, 24 bytes on 64-bit.
///
/// Borrowed bytes have the capacity `usize::MAX` and no block; owned bytes are an `FfiVec<u8>`
/// and are grown and freed by the allocator that made them. Cloning borrowed bytes borrows
/// again; only [`to_mut`](Self::to_mut), [`into_owned`](Self::into_owned) and
/// [`into_vec`](Self::into_vec) copy them. Comparison and hashing are those of `[u8]`.
///
/// ```
/// use ffi_value::FfiCowBytes;
///
/// let input = b"abc".to_vec();
/// let mut bytes = FfiCowBytes::from(&input[..]);
/// assert!(bytes.is_borrowed());
/// assert!(bytes.clone().is_borrowed());
/// bytes.to_mut().push(b'd'); // copies, then appends
/// assert!(!bytes.is_borrowed());
/// assert_eq!(bytes, b"abcd"[..]);
/// ```
#[repr(C)]
#[derive(StableAbi)]
pub struct FfiCowBytes<'a> {
    /// Owned bytes, or (capacity [`BORROWED`]) a view of `'a` bytes that must never be dropped,
    /// grown or written.
    buf: ManuallyDrop<FfiVec<u8>>,
    _borrow: PhantomData<&'a u8>,
}

const _: () = assert!(
    size_of::<FfiCowBytes<'_>>() == 3 * size_of::<usize>(),
    "FfiCowBytes must be pointer, length and capacity: 24 bytes on 64-bit targets"
);
const _: () = assert!(
    size_of::<Option<FfiCowBytes<'_>>>() == size_of::<FfiCowBytes<'_>>(),
    "Option<FfiCowBytes> must use the non-null pointer as its niche"
);

impl<'a> FfiCowBytes<'a> {
    /// Borrows `bytes`. Does not allocate.
    #[must_use]
    pub const fn borrowed(bytes: &'a [u8]) -> Self {
        // SAFETY: a slice pointer is non-null. The vector is marked borrowed, so it is only ever
        // read, for at most `'a`.
        let buf = unsafe {
            FfiVec::from_raw_parts(
                NonNull::new_unchecked(bytes.as_ptr().cast_mut()),
                bytes.len(),
                BORROWED,
            )
        };
        FfiCowBytes {
            buf: ManuallyDrop::new(buf),
            _borrow: PhantomData,
        }
    }

    /// Whether the bytes are borrowed (not owned).
    #[must_use]
    pub fn is_borrowed(&self) -> bool {
        self.buf.capacity() == BORROWED
    }

    /// The bytes.
    #[must_use]
    pub fn as_slice(&self) -> &[u8] {
        self.buf.as_slice()
    }

    /// The borrowed bytes with their full lifetime `'a`, or `None` if owned.
    #[must_use]
    pub fn as_borrowed(&self) -> Option<&'a [u8]> {
        // SAFETY: borrowed bytes were a `&'a [u8]`, which the vector points at unchanged.
        self.is_borrowed()
            .then(|| unsafe { std::slice::from_raw_parts(self.buf.as_ptr(), self.buf.len()) })
    }

    /// The bytes as an owned vector, copied only if borrowed.
    #[must_use]
    #[inline]
    pub fn into_vec(self) -> FfiVec<u8> {
        let mut this = ManuallyDrop::new(self);
        if this.is_borrowed() {
            FfiVec::from(this.as_slice())
        } else {
            // SAFETY: owned, and `this` is never dropped, so the vector moves out exactly once.
            unsafe { ManuallyDrop::take(&mut this.buf) }
        }
    }

    /// Owned bytes, no longer tied to `'a`: copies only if borrowed.
    #[must_use]
    #[inline]
    pub fn into_owned(self) -> FfiCowBytes<'static> {
        FfiCowBytes::from(self.into_vec())
    }

    /// Mutable access to the owned vector, copying the bytes first if borrowed.
    ///
    /// # Panics
    ///
    /// The copy aborts if out of memory.
    pub fn to_mut(&mut self) -> &mut FfiVec<u8> {
        if self.is_borrowed() {
            // Overwriting a `ManuallyDrop` drops nothing: borrowed bytes have nothing to free.
            self.buf = ManuallyDrop::new(FfiVec::from(self.as_slice()));
        }
        &mut self.buf
    }
}

impl Drop for FfiCowBytes<'_> {
    fn drop(&mut self) {
        if !self.is_borrowed() {
            // SAFETY: owned, so the vector is a real `FfiVec`, dropped once, here.
            unsafe { ManuallyDrop::drop(&mut self.buf) }
        }
    }
}

impl Default for FfiCowBytes<'_> {
    /// Empty borrowed bytes: no allocation.
    fn default() -> Self {
        FfiCowBytes::borrowed(&[])
    }
}

impl Clone for FfiCowBytes<'_> {
    /// Borrowed bytes stay borrowed; owned bytes are copied into this library's allocator.
    fn clone(&self) -> Self {
        match self.as_borrowed() {
            Some(bytes) => FfiCowBytes::borrowed(bytes),
            None => FfiCowBytes::from(FfiVec::from(self.as_slice())),
        }
    }
}

impl Deref for FfiCowBytes<'_> {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        self.as_slice()
    }
}

impl AsRef<[u8]> for FfiCowBytes<'_> {
    fn as_ref(&self) -> &[u8] {
        self
    }
}

impl Borrow<[u8]> for FfiCowBytes<'_> {
    fn borrow(&self) -> &[u8] {
        self
    }
}

impl<'a> From<&'a [u8]> for FfiCowBytes<'a> {
    fn from(bytes: &'a [u8]) -> Self {
        FfiCowBytes::borrowed(bytes)
    }
}

impl<'a, const N: usize> From<&'a [u8; N]> for FfiCowBytes<'a> {
    fn from(bytes: &'a [u8; N]) -> Self {
        FfiCowBytes::borrowed(bytes)
    }
}

impl From<FfiVec<u8>> for FfiCowBytes<'_> {
    fn from(vec: FfiVec<u8>) -> Self {
        FfiCowBytes {
            buf: ManuallyDrop::new(vec),
            _borrow: PhantomData,
        }
    }
}

/// Owns: copies the bytes into a new block (see `From<Vec<T>> for FfiVec<T>`).
impl From<Vec<u8>> for FfiCowBytes<'_> {
    fn from(vec: Vec<u8>) -> Self {
        FfiCowBytes::from(FfiVec::from(vec))
    }
}

impl<'a> From<Cow<'a, [u8]>> for FfiCowBytes<'a> {
    fn from(cow: Cow<'a, [u8]>) -> Self {
        match cow {
            Cow::Borrowed(bytes) => FfiCowBytes::borrowed(bytes),
            Cow::Owned(vec) => FfiCowBytes::from(vec),
        }
    }
}

impl From<FfiCowBytes<'_>> for Vec<u8> {
    fn from(bytes: FfiCowBytes<'_>) -> Self {
        match bytes.as_borrowed() {
            Some(borrowed) => borrowed.to_vec(),
            None => Vec::from(bytes.into_vec()),
        }
    }
}

impl fmt::Debug for FfiCowBytes<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_slice(), f)
    }
}

impl Hash for FfiCowBytes<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_slice().hash(state);
    }
}

impl PartialEq for FfiCowBytes<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl Eq for FfiCowBytes<'_> {}

impl PartialEq<[u8]> for FfiCowBytes<'_> {
    fn eq(&self, other: &[u8]) -> bool {
        self.as_slice() == other
    }
}

impl PartialEq<&[u8]> for FfiCowBytes<'_> {
    fn eq(&self, other: &&[u8]) -> bool {
        self.as_slice() == *other
    }
}

impl PartialOrd for FfiCowBytes<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for FfiCowBytes<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.as_slice().cmp(other.as_slice())
    }
}
