//! 24-byte FFI-safe containers for [`Value`](crate): [`FfiVec`], [`FfiCowBytes`], [`FfiCowStr`].
//!
//! Each is `(pointer, length, capacity)`. An owned container's pointer goes into a block that
//! starts with a header naming the allocator that made it ([`AllocVTable`]); growing and freeing
//! always go through that header, so a container can move between a host and plugins built with
//! different global allocators. A borrowed [`FfiCowBytes`]/[`FfiCowStr`] has the capacity
//! `usize::MAX` and no block.

mod alloc;
mod bytes;
mod string;
mod vec;
mod vec_drain;
mod vec_iter;
mod vec_traits;

pub use alloc::{AllocFn, AllocVTable, DeallocFn, GrowFn, TryReserveError};
pub use bytes::FfiCowBytes;
pub use string::FfiCowStr;
pub use vec::FfiVec;
pub use vec_drain::Drain;
pub use vec_iter::IntoIter;
