//! `Deserialize` for values, borrowing strings where the format allows.
