//! `Serialize` for values.
