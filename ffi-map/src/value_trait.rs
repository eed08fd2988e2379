//! value-trait 0.12's [`Object`] and [`ObjectMut`] for [`FfiMap`] (feature `value-trait`), so
//! a value type whose objects are `FfiMap`s can implement `ValueAsObject`/`ValueAsMutObject`.
//!
//! ```
//! use ffi_map::FfiMap;
//! use value_trait::prelude::{ObjectMut, ObjectTrait};
//!
//! let mut map: FfiMap<String, i64> = FfiMap::new();
//! assert_eq!(ObjectMut::insert(&mut map, "a", 1), None);
//! assert_eq!(ObjectTrait::get(&map, "a"), Some(&1));
//! assert_eq!(ObjectTrait::keys(&map).collect::<Vec<_>>(), ["a"]);
//! assert_eq!(ObjectMut::remove(&mut map, "a"), Some(1));
//! assert!(ObjectTrait::is_empty(&map));
//! ```

use std::borrow::Borrow;
use std::hash::Hash;

use value_trait::prelude::{ObjectMut, ObjectTrait as Object};

use crate::FfiMap;

impl<K: Hash + Eq, V> Object for FfiMap<K, V> {
    type Key = K;
    type Element = V;

    #[inline]
    fn get<Q>(&self, k: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: ?Sized + Hash + Eq + Ord,
    {
        FfiMap::get(self, k)
    }

    #[inline]
    fn iter(&self) -> Box<dyn Iterator<Item = (&K, &V)> + '_> {
        Box::new(FfiMap::iter(self))
    }

    #[inline]
    fn keys(&self) -> Box<dyn Iterator<Item = &K> + '_> {
        Box::new(FfiMap::keys(self))
    }

    #[inline]
    fn values(&self) -> Box<dyn Iterator<Item = &V> + '_> {
        Box::new(FfiMap::values(self))
    }

    #[inline]
    fn len(&self) -> usize {
        FfiMap::len(self)
    }
}

impl<K: Hash + Eq, V> ObjectMut for FfiMap<K, V> {
    type Key = K;
    type Element = V;

    #[inline]
    fn get_mut<Q>(&mut self, k: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
        Q: ?Sized + Hash + Eq + Ord,
    {
        FfiMap::get_mut(self, k)
    }

    #[inline]
    fn insert<Q, E>(&mut self, k: Q, v: E) -> Option<V>
    where
        K: From<Q> + Hash + Eq,
        E: Into<V>,
    {
        FfiMap::insert(self, K::from(k), v.into())
    }

    #[inline]
    fn remove<Q>(&mut self, k: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: ?Sized + Hash + Eq + Ord,
    {
        FfiMap::remove(self, k)
    }
}

#[cfg(test)]
mod tests {
    use value_trait::prelude::{ObjectMut, ObjectTrait};

    use crate::{Backend, FfiMap};

    /// The trait methods agree with the inherent ones, natively and through the vtable.
    #[test]
    fn trait_methods_match_the_map() {
        for backend in [Backend::Halfbrown, Backend::Hashbrown] {
            let Ok(map) = FfiMap::<String, u32>::with_backend(backend) else {
                continue;
            };
            for mut map in [map.clone(), map.into_vtable_dispatch()] {
                for i in 0..40_u32 {
                    assert_eq!(ObjectMut::insert(&mut map, i.to_string(), i), None);
                }
                assert_eq!(ObjectMut::insert(&mut map, "7", 70_u32), Some(7));
                *ObjectMut::get_mut(&mut map, "8").unwrap() += 1;
                assert_eq!(ObjectMut::remove(&mut map, "9"), Some(9));
                assert_eq!(ObjectMut::remove(&mut map, "9"), None);
                assert_eq!(ObjectTrait::len(&map), 39);
                assert!(!ObjectTrait::is_empty(&map));
                assert_eq!(ObjectTrait::get(&map, "7"), Some(&70));
                assert_eq!(ObjectTrait::get(&map, "8"), Some(&9));
                let mut pairs: Vec<_> = ObjectTrait::iter(&map)
                    .map(|(k, v)| (k.clone(), *v))
                    .collect();
                pairs.sort_unstable();
                let mut expected: Vec<_> = map.iter().map(|(k, v)| (k.clone(), *v)).collect();
                expected.sort_unstable();
                assert_eq!(pairs, expected);
                assert_eq!(ObjectTrait::keys(&map).count(), 39);
                assert_eq!(
                    ObjectTrait::values(&map)
                        .map(|v| u64::from(*v))
                        .sum::<u64>(),
                    { (0..40_u64).sum::<u64>() - 9 - 7 + 70 + 1 }
                );
            }
        }
    }
}
