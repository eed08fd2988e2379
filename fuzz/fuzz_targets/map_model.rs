#![no_main]
//! Fuzz target: [`ffi_fuzz::map_model`].
libfuzzer_sys::fuzz_target!(|data: &[u8]| ffi_fuzz::map_model(data));
