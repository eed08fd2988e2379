//! JSON in and out.

mod parse;
mod write;

pub use parse::{
    parse_json, parse_json_owned, parse_json_owned_with, parse_json_with, ParseOptions,
};

pub use write::{to_json_sorted, to_json_sorted_pretty, write_sorted};
