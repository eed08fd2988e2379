#![no_main]
//! Fuzz target: [`ffi_fuzz::json_roundtrip`].
libfuzzer_sys::fuzz_target!(|data: &[u8]| ffi_fuzz::json_roundtrip(data));
