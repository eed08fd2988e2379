//! JSON in and out.

mod parse;
mod write;
