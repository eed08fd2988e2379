//! `literal!`: values from JSON-like syntax.
