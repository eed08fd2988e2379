//! The plugin kit (`ffi-pdk`) version a plugin was built against, checked before anything else
//! in its root module, so that every version mismatch gets one message naming both versions.
//!
//! `abi_stable` checks the root module's version itself, but with a looser rule (for 0.x, any
//! newer minor version passes) and then, for a newer 0.x minor, fails the layout check with a
//! report about "incompatible package versions". The rule here is the one that layout check
//! applies (`VersionNumber::is_loosely_compatible`, cargo's): the same major version, and for
//! 0.x the same minor version.

use abi_stable::library::RootModule;
use abi_stable::sabi_types::VersionStrings;
use ffi_pdk::PluginModuleRef;

use crate::error::LoadErrorKind;

/// Checks the kit version `found` in a plugin's library header against this host's.
///
/// # Errors
/// `KitVersion` naming both versions when they are incompatible, or when `found` is not a
/// version number at all (a root module built by hand).
pub(crate) fn check(found: VersionStrings) -> Result<(), LoadErrorKind> {
    let expected = PluginModuleRef::VERSION_STRINGS;
    match (expected.parsed(), found.parsed()) {
        (Ok(ours), Ok(theirs)) if ours.is_loosely_compatible(theirs) => Ok(()),
        _ => Err(LoadErrorKind::KitVersion {
            expected: expected.to_string(),
            found: found.to_string(),
        }),
    }
}

/// The versions compatible with `version` (`major.minor.patch`), as a cargo requirement:
/// `0.1.x` for 0.1.0, `1.x` for 1.2.0 (`version` itself when it is not one).
pub(crate) fn compatible_range(version: &str) -> String {
    let mut parts = version.splitn(3, '.');
    match (parts.next(), parts.next()) {
        (Some("0"), Some(minor)) => format!("0.{minor}.x"),
        (Some(major), Some(_)) => format!("{major}.x"),
        _ => version.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The host's version with its parts changed by `change`.
    fn host_with(change: impl FnOnce(&mut [u32; 3])) -> String {
        let ours = PluginModuleRef::VERSION_STRINGS
            .parsed()
            .expect("a version");
        let mut parts = [ours.major, ours.minor, ours.patch];
        change(&mut parts);
        format!("{}.{}.{}", parts[0], parts[1], parts[2])
    }

    fn accepts(version: &str) -> bool {
        let leaked: &'static str = Box::leak(version.into());
        check(VersionStrings::new(leaked)).is_ok()
    }

    #[test]
    fn the_same_major_and_for_0_x_minor_version_is_compatible() {
        let ours = PluginModuleRef::VERSION_STRINGS
            .parsed()
            .expect("a version");
        assert!(accepts(&host_with(|_| {})));
        assert!(accepts(&host_with(|v| v[2] += 7)));
        assert!(!accepts(&host_with(|v| v[0] += 1)));
        assert_eq!(accepts(&host_with(|v| v[1] += 1)), ours.major > 0);
        if ours.minor > 0 {
            assert_eq!(accepts(&host_with(|v| v[1] -= 1)), ours.major > 0);
        }
        assert!(!accepts("not a version"));
    }

    #[test]
    fn a_refusal_names_both_versions() {
        let expected = PluginModuleRef::VERSION_STRINGS.to_string();
        assert_eq!(
            check(VersionStrings::new("99.0.0")),
            Err(LoadErrorKind::KitVersion {
                expected,
                found: "99.0.0".into()
            })
        );
    }

    #[test]
    fn the_compatible_range_is_a_cargo_requirement() {
        assert_eq!(compatible_range("0.1.0"), "0.1.x");
        assert_eq!(compatible_range("0.12.3"), "0.12.x");
        assert_eq!(compatible_range("1.2.0"), "1.x");
        assert_eq!(compatible_range("odd"), "odd");
    }
}
