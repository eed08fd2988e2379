//! value-trait 0.12: every trait simd-json's own values implement.
