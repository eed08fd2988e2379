//! The map's layout: two pointers, `Send`/`Sync` like `HashMap`, and `abi_stable`'s layout
//! check tells maps of different key or value types apart.

use abi_stable::abi_stability::abi_checking::check_layout_compatibility;
use abi_stable::std_types::RString;
use abi_stable::StableAbi;
use ffi_map::{Backend, BackendUnavailable, FfiMap};

#[test]
fn is_two_pointers_wide() {
    assert_eq!(size_of::<FfiMap<RString, u64>>(), 2 * size_of::<usize>());
    assert_eq!(align_of::<FfiMap<RString, u64>>(), align_of::<usize>());
    assert_eq!(
        size_of::<Option<FfiMap<RString, u64>>>(),
        2 * size_of::<usize>()
    );
}

#[test]
fn is_send_and_sync_when_its_entries_are() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<FfiMap<RString, u64>>();
    let map: FfiMap<u64, u64> = (0..100).map(|k| (k, k)).collect();
    let sum = std::thread::spawn(move || map.values().sum::<u64>())
        .join()
        .unwrap();
    assert_eq!(sum, 4950);
}

#[test]
fn layout_check_accepts_the_same_types_and_rejects_others() {
    let same = check_layout_compatibility(
        <FfiMap<RString, u64> as StableAbi>::LAYOUT,
        <FfiMap<RString, u64> as StableAbi>::LAYOUT,
    );
    assert!(same.is_ok(), "{same:?}");
    let other_value = check_layout_compatibility(
        <FfiMap<RString, u64> as StableAbi>::LAYOUT,
        <FfiMap<RString, u32> as StableAbi>::LAYOUT,
    );
    assert!(
        other_value.is_err(),
        "a map of u32 values passed as a map of u64 values"
    );
    let other_key = check_layout_compatibility(
        <FfiMap<RString, u64> as StableAbi>::LAYOUT,
        <FfiMap<u64, u64> as StableAbi>::LAYOUT,
    );
    assert!(
        other_key.is_err(),
        "a map of u64 keys passed as a map of RString keys"
    );
}

#[test]
fn new_uses_the_default_backend() {
    let map: FfiMap<u8, u8> = FfiMap::new();
    assert_eq!(map.backend(), Backend::DEFAULT);
    let expected = if cfg!(feature = "halfbrown") {
        Backend::Halfbrown
    } else {
        Backend::Hashbrown
    };
    assert_eq!(Backend::DEFAULT, expected);
    assert!(map.is_native());
    assert_eq!(map.capacity(), 0);
}

#[test]
fn an_unavailable_backend_is_a_clear_error() {
    for backend in [Backend::Halfbrown, Backend::Hashbrown] {
        let made = FfiMap::<u8, u8>::with_capacity_and_backend(4, backend);
        if backend.is_available() {
            let map = made.expect("available backend");
            assert_eq!(map.backend(), backend);
            assert!(map.capacity() >= 4);
        } else {
            let err = made.expect_err("unavailable backend");
            assert_eq!(err, BackendUnavailable(backend));
            let message = err.to_string();
            assert!(
                message.contains(backend.name()) && message.contains("feature"),
                "{message}"
            );
        }
    }
}
