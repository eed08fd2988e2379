//! A total order and a hash for values (floats ordered with `f64::total_cmp`).
