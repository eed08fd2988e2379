//! Indexing: `value["key"]` and `value[3]`.
