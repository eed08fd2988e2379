//! The configurations compared (the table's columns) and the plugin libraries each loads.

use std::path::{Path, PathBuf};

use clap::ValueEnum;

use super::workload::{Stage, Workload};

/// How the pipeline is built: in the host, or with plugins of one value representation.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Config {
    /// No plugin system: the pipeline compiled into the host on simd-json values with
    /// halfbrown maps (what Tremor ran before plugins). The reference of the `%` columns.
    Native,
    /// Host on simd-json values, converted to `Value` and back at every plugin call (the
    /// study's `PdkValue` approach).
    Convert,
    /// A value whose objects are `abi_stable` `RBox<RHashMap<RString, _>>` (the study's
    /// single-Value approach).
    Rhashmap,
    /// `Value` with halfbrown maps, plugins looking fields up by `&str`.
    FfiHalfbrownNokk,
    /// `Value` with halfbrown maps, plugins using known keys.
    FfiHalfbrown,
    /// `Value` with hashbrown maps, plugins using known keys.
    FfiHashbrown,
    /// `ffi-halfbrown`'s pipeline with its stages compiled into the host (no `dlopen`): the
    /// value's own cost, apart from the boundary's.
    FfiHalfbrownInhost,
    /// `ffi-hashbrown`'s pipeline with its stages compiled into the host.
    FfiHashbrownInhost,
}

/// A plugin library the benchmark loads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Library {
    /// `passthrough`.
    Passthrough,
    /// `plugin-classify`.
    Classify,
    /// `plugin-bucket`.
    Bucket,
    /// `plugin-rvalue`: the three stages on `RValue`.
    Rvalue,
}

impl Config {
    /// Every configuration, in table order.
    pub const ALL: [Self; 8] = [
        Self::Native,
        Self::Convert,
        Self::Rhashmap,
        Self::FfiHalfbrownNokk,
        Self::FfiHalfbrown,
        Self::FfiHashbrown,
        Self::FfiHalfbrownInhost,
        Self::FfiHashbrownInhost,
    ];

    /// The name on the command line and in the results.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Native => "native",
            Self::Convert => "convert",
            Self::Rhashmap => "rhashmap",
            Self::FfiHalfbrownNokk => "ffi-halfbrown-nokk",
            Self::FfiHalfbrown => "ffi-halfbrown",
            Self::FfiHashbrown => "ffi-hashbrown",
            Self::FfiHalfbrownInhost => "ffi-halfbrown-inhost",
            Self::FfiHashbrownInhost => "ffi-hashbrown-inhost",
        }
    }

    /// The libraries `workload` loads in this configuration.
    #[must_use]
    pub fn libraries(self, workload: Workload) -> Vec<Library> {
        match self {
            Self::Native | Self::FfiHalfbrownInhost | Self::FfiHashbrownInhost => Vec::new(),
            Self::Rhashmap => vec![Library::Rvalue],
            _ => workload.stages().iter().map(|&s| Library::of(s)).collect(),
        }
    }
}

impl Library {
    /// The library of a stage's `Value` plugin.
    #[must_use]
    pub fn of(stage: Stage) -> Self {
        match stage {
            Stage::Passthrough => Self::Passthrough,
            Stage::Classify => Self::Classify,
            Stage::Bucket => Self::Bucket,
        }
    }

    /// The cargo package that builds it.
    #[must_use]
    pub fn package(self) -> &'static str {
        match self {
            Self::Passthrough => "passthrough",
            Self::Classify => "plugin-classify",
            Self::Bucket => "plugin-bucket",
            Self::Rvalue => "plugin-rvalue",
        }
    }

    /// Its file in `dir` (`lib<crate>.so` on Linux).
    #[must_use]
    pub fn path(self, dir: &Path) -> PathBuf {
        dir.join(format!(
            "{}{}{}",
            std::env::consts::DLL_PREFIX,
            self.package().replace('-', "_"),
            std::env::consts::DLL_SUFFIX
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_the_command_line_names() {
        for config in Config::ALL {
            let value = config.to_possible_value().expect("not skipped");
            assert_eq!(value.get_name(), config.name());
        }
        for workload in Workload::ALL {
            let value = workload.to_possible_value().expect("not skipped");
            assert_eq!(value.get_name(), workload.name());
        }
    }

    #[test]
    fn native_and_in_host_load_nothing_and_rhashmap_one_library() {
        for workload in Workload::ALL {
            assert!(Config::Native.libraries(workload).is_empty());
            assert!(Config::FfiHalfbrownInhost.libraries(workload).is_empty());
            assert!(Config::FfiHashbrownInhost.libraries(workload).is_empty());
            assert_eq!(Config::Rhashmap.libraries(workload), [Library::Rvalue]);
            assert_eq!(
                Config::FfiHalfbrown.libraries(workload).len(),
                workload.stages().len()
            );
        }
    }
}
