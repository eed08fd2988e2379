//! Conversions with simd-json's `OwnedValue` and `BorrowedValue`.
