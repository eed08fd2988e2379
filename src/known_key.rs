//! [`KnownKey`]: a key whose hash is computed once and reused for every look-up.

use std::fmt;

use ffi_map::{HasherId, MapHasher, RawEntryMut};

use crate::ffi::FfiCowStr;
use crate::value::{Object, Value};

/// An object key made once, with its hash memoized, for look-ups that skip hashing.
///
/// The hash is computed under the default, fixed-seed hasher ([`MapHasher::fixed`]), which
/// every object of any library uses unless made otherwise. An object whose
/// [`hasher_id`](crate::FfiMap::hasher_id) differs (for example one made with
/// [`FfiMap::with_random_seed`](crate::FfiMap::with_random_seed)) gets the key rehashed for
/// it, so the answers are always those of the plain map functions.
///
/// Look-ups (`get`, `get_mut`) use the memoized hash on objects of any library: on an object
/// made by another library (a host's event inside a plugin, say) they are one call into that
/// library, which checks the hasher identity in its own code. Changes (`insert`, `remove`,
/// `get_or_insert_with`) use it on objects made by this library; on another library's object
/// they are one call by `&str`, where that library hashes the key itself.
///
/// Each operation exists for a [`Value`] (answering `None` or [`NotAnObject`] when it is not an
/// object; none of them panics) and, prefixed with `object_`, for an [`Object`].
///
/// ```
/// use ffi_value::{literal, KnownKey, Value};
///
/// let application = KnownKey::from("application");
/// let mut event = literal!({"application": "app1", "aint": 42});
/// assert_eq!(application.get(&event).unwrap(), "app1");
/// assert_eq!(application.insert(&mut event, "app2").unwrap().unwrap(), "app1");
/// assert_eq!(application.remove(&mut event).unwrap().unwrap(), "app2");
/// *application.get_or_insert_with(&mut event, || Value::from(0)).unwrap() = Value::from(1);
/// assert_eq!(event, literal!({"application": 1, "aint": 42}));
///
/// let mut not_an_object = Value::from("text");
/// assert_eq!(application.get(&not_an_object), None);
/// assert!(application.insert(&mut not_an_object, 1).is_err());
/// ```
#[derive(Clone, Debug)]
pub struct KnownKey {
    key: FfiCowStr<'static>,
    hash: u64,
    hasher: HasherId,
}

/// A [`KnownKey`] operation that changes an object was applied to a value of another kind.
///
/// ```
/// use ffi_value::{KnownKey, Value};
/// let err = KnownKey::from("a").insert(&mut Value::from(1), 2).unwrap_err();
/// assert_eq!(err.found(), "a number");
/// assert_eq!(err.to_string(), "expected an object to change the key \"a\" in, found a number");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotAnObject {
    key: String,
    found: &'static str,
}

impl NotAnObject {
    fn new(key: &KnownKey, found: &Value<'_>) -> Self {
        Self {
            key: key.key().to_owned(),
            found: found.kind_name(),
        }
    }

    /// The key of the operation.
    #[must_use]
    #[inline]
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The kind of value found instead of an object, with its article: "null", "a boolean",
    /// "a number", "a string", "binary data" or "an array".
    #[must_use]
    pub fn found(&self) -> &'static str {
        self.found
    }
}

impl fmt::Display for NotAnObject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "expected an object to change the key {:?} in, found {}",
            self.key, self.found
        )
    }
}

impl std::error::Error for NotAnObject {}

/// The value of `key` in `object`, whose hash under the object's hasher is `hash`; inserts
/// `make_key()` with `default()` first if the key is missing.
pub(crate) fn get_or_insert_hashed<'o, 'v>(
    object: &'o mut Object<'v>,
    hash: u64,
    key: &str,
    make_key: impl FnOnce() -> FfiCowStr<'v>,
    default: impl FnOnce() -> Value<'v>,
) -> &'o mut Value<'v> {
    match object.raw_entry_mut().from_key_hashed_nocheck(hash, key) {
        RawEntryMut::Occupied(entry) => entry.into_mut(),
        RawEntryMut::Vacant(entry) => entry.insert_hashed_nocheck(hash, make_key(), default()).1,
    }
}

/// The object in `value`, or the error for `key`.
fn object_in<'a, 'v>(
    key: &KnownKey,
    value: &'a mut Value<'v>,
) -> Result<&'a mut Object<'v>, NotAnObject> {
    match value {
        Value::Object(object) => Ok(object),
        other => Err(NotAnObject::new(key, other)),
    }
}

impl KnownKey {
    /// The key, hashed once here.
    ///
    /// ```
    /// use ffi_value::KnownKey;
    /// assert_eq!(KnownKey::new(String::from("aint")).key(), "aint");
    /// ```
    #[must_use]
    pub fn new(key: impl Into<FfiCowStr<'static>>) -> Self {
        let key = key.into();
        let hasher = MapHasher::fixed();
        Self {
            hash: hasher.hash_key(key.as_str()),
            hasher: hasher.id(),
            key,
        }
    }

    /// The key.
    #[must_use]
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The key's hash for `object`: the memoized one if the object's hasher is the one it was
    /// computed with, else computed now.
    #[inline]
    fn hash_for(&self, object: &Object<'_>) -> u64 {
        if object.hasher_id() == self.hasher {
            self.hash
        } else {
            object.hash_key(self.key())
        }
    }

    /// The hash to change `object` with when the map is this library's (see
    /// [`KnownKey::hash_for`]). `None` for a map of another library: there an insert or remove
    /// by `&str` is one call into that library, which hashes the key itself, while using the
    /// memoized hash would first need the map's hasher identity, another call.
    #[inline]
    fn native_hash(&self, object: &Object<'_>) -> Option<u64> {
        object.is_native().then(|| self.hash_for(object))
    }

    /// The value of the key in an object; `None` if it is missing or `value` is not an object.
    #[must_use]
    #[inline]
    pub fn get<'a, 'v>(&self, value: &'a Value<'v>) -> Option<&'a Value<'v>> {
        match value {
            Value::Object(object) => self.object_get(object),
            _ => None,
        }
    }

    /// The value of the key in an object, to change; `None` if it is missing or `value` is not
    /// an object.
    #[inline]
    pub fn get_mut<'a, 'v>(&self, value: &'a mut Value<'v>) -> Option<&'a mut Value<'v>> {
        match value {
            Value::Object(object) => self.object_get_mut(object),
            _ => None,
        }
    }

    /// Sets the key to `new` in an object, returning the value it had.
    ///
    /// # Errors
    /// [`NotAnObject`] if `value` is not an object (it is left unchanged).
    #[inline]
    pub fn insert<'v>(
        &self,
        value: &mut Value<'v>,
        new: impl Into<Value<'v>>,
    ) -> Result<Option<Value<'v>>, NotAnObject> {
        Ok(self.object_insert(object_in(self, value)?, new))
    }

    /// Removes the key from an object, returning its value if it was there.
    ///
    /// # Errors
    /// [`NotAnObject`] if `value` is not an object (it is left unchanged).
    #[inline]
    pub fn remove<'v>(&self, value: &mut Value<'v>) -> Result<Option<Value<'v>>, NotAnObject> {
        Ok(self.object_remove(object_in(self, value)?))
    }

    /// The value of the key in an object, inserting `default()` first if it is missing.
    ///
    /// # Errors
    /// [`NotAnObject`] if `value` is not an object (it is left unchanged).
    #[inline]
    pub fn get_or_insert_with<'a, 'v>(
        &self,
        value: &'a mut Value<'v>,
        default: impl FnOnce() -> Value<'v>,
    ) -> Result<&'a mut Value<'v>, NotAnObject> {
        Ok(self.object_get_or_insert_with(object_in(self, value)?, default))
    }

    /// The value of the key in `object`.
    #[must_use]
    #[inline]
    pub fn object_get<'a, 'v>(&self, object: &'a Object<'v>) -> Option<&'a Value<'v>> {
        object
            .get_key_value_memoized(self.hasher, self.hash, self.key())
            .map(|(_, v)| v)
    }

    /// The value of the key in `object`, to change.
    #[inline]
    pub fn object_get_mut<'a, 'v>(&self, object: &'a mut Object<'v>) -> Option<&'a mut Value<'v>> {
        object.get_mut_memoized(self.hasher, self.hash, self.key())
    }

    /// Sets the key to `new` in `object`, returning the value it had. A new entry gets a clone
    /// of the key (no copy if it was made from a `&'static str`).
    #[inline]
    pub fn object_insert<'v>(
        &self,
        object: &mut Object<'v>,
        new: impl Into<Value<'v>>,
    ) -> Option<Value<'v>> {
        let Some(hash) = self.native_hash(object) else {
            return object.insert(self.key.clone(), new.into());
        };
        match object
            .raw_entry_mut()
            .from_key_hashed_nocheck(hash, self.key())
        {
            RawEntryMut::Occupied(mut entry) => Some(entry.insert(new.into())),
            RawEntryMut::Vacant(entry) => {
                entry.insert_hashed_nocheck(hash, self.key.clone(), new.into());
                None
            }
        }
    }

    /// Removes the key from `object`, returning its value if it was there.
    #[inline]
    pub fn object_remove<'v>(&self, object: &mut Object<'v>) -> Option<Value<'v>> {
        let Some(hash) = self.native_hash(object) else {
            return object.remove(self.key());
        };
        match object
            .raw_entry_mut()
            .from_key_hashed_nocheck(hash, self.key())
        {
            RawEntryMut::Occupied(entry) => Some(entry.remove()),
            RawEntryMut::Vacant(_) => None,
        }
    }

    /// The value of the key in `object`, inserting `default()` first if it is missing.
    #[inline]
    pub fn object_get_or_insert_with<'a, 'v>(
        &self,
        object: &'a mut Object<'v>,
        default: impl FnOnce() -> Value<'v>,
    ) -> &'a mut Value<'v> {
        let hash = self.hash_for(object);
        get_or_insert_hashed(object, hash, self.key(), || self.key.clone(), default)
    }
}

/// Key types a [`KnownKey`] is made from with `From`, as [`KnownKey::new`].
macro_rules! from_key {
    ($($t:ty),*) => {$(
        impl From<$t> for KnownKey {
            fn from(key: $t) -> Self {
                Self::new(key)
            }
        }
    )*};
}

from_key!(
    &'static str,
    String,
    FfiCowStr<'static>,
    std::borrow::Cow<'static, str>
);
