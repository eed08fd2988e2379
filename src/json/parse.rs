//! JSON in: simd-json's tape walked into a [`Value`](crate::Value).
