//! JSON out: compact, pretty and sorted-keys writers; bytes as base64 strings.
