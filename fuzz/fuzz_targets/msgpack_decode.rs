#![no_main]
//! Fuzz target: [`ffi_fuzz::msgpack_decode`].
libfuzzer_sys::fuzz_target!(|data: &[u8]| ffi_fuzz::msgpack_decode(data));
