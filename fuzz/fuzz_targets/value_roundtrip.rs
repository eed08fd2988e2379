#![no_main]
//! Fuzz target: [`ffi_fuzz::value_roundtrip`].
libfuzzer_sys::fuzz_target!(|data: &[u8]| ffi_fuzz::value_roundtrip(data));
