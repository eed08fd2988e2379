//! Conversions with `serde_json::Value`.
