#![no_main]
//! Fuzz target: [`ffi_fuzz::map_cross_backend`].
libfuzzer_sys::fuzz_target!(|data: &[u8]| ffi_fuzz::map_cross_backend(data));
