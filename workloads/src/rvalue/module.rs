//! The root module `plugin-rvalue` exports and the host loads: three stages (passthrough,
//! classify, bucket) on [`RValue`]s, and the host's side of it ([`RPluginLibrary`],
//! [`RStage`]).

// The prefix-type derive generates an accessor per field (which pedantic clippy would like
// `#[must_use]`) and a `Clone` impl for the `Copy` module reference.
#![allow(clippy::must_use_candidate, clippy::expl_impl_clone_on_copy)]

use std::fmt;
use std::mem::ManuallyDrop;
use std::path::{Path, PathBuf};

use abi_stable::library::{lib_header_from_path, LibHeader, RootModule};
use abi_stable::sabi_types::VersionStrings;
use abi_stable::std_types::{RResult, RStr, RString, RVec};
use abi_stable::{declare_root_module_statics, package_version_strings, StableAbi};
use ffi_pdk::PluginInstance;

use super::RValue;

/// The functions of `plugin-rvalue`. Every call catches the plugin's panics on its side and
/// returns them as errors; errors are messages.
#[repr(C)]
#[derive(StableAbi)]
#[sabi(kind(Prefix(prefix_ref = RPluginModuleRef)))]
#[sabi(missing_field(panic))]
pub struct RPluginModule {
    /// Makes an instance of stage `stage` ("passthrough", "classify" or "bucket") from its
    /// configuration (as the `ffi-pdk` plugins of the same names take it).
    pub instantiate:
        extern "C" fn(stage: RStr<'_>, config: &RValue) -> RResult<PluginInstance, RString>,
    /// Handles one event, pushing its outputs (0 or 1 event).
    pub process: extern "C" fn(
        instance: &mut PluginInstance,
        event: RValue,
        out: &mut RVec<RValue>,
    ) -> RResult<(), RString>,
    /// Frees an instance.
    #[sabi(last_prefix_field)]
    pub drop_instance: extern "C" fn(instance: PluginInstance),
}

impl RootModule for RPluginModuleRef {
    declare_root_module_statics! {RPluginModuleRef}
    const BASE_NAME: &'static str = "ffi_rvalue_plugin";
    const NAME: &'static str = "ffi_rvalue_plugin";
    const VERSION_STRINGS: VersionStrings = package_version_strings!();
}

/// A loaded `plugin-rvalue` library: `dlopen`ed, checked by `abi_stable` (the layouts of
/// [`RValue`] and of the module), and never unloaded (values it made point into it).
#[derive(Clone, Copy)]
pub struct RPluginLibrary {
    module: RPluginModuleRef,
}

impl RPluginLibrary {
    /// Loads the library at `path` (each file on its own: not `abi_stable`'s per-type cache).
    ///
    /// # Errors
    /// A message naming the path: no such file, not a loadable library, no `plugin-rvalue`
    /// root module, or a layout mismatch.
    pub fn load(path: &Path) -> Result<Self, String> {
        if !path.is_file() {
            return Err(format!("{}: no such file", path.display()));
        }
        // `dlopen` searches the library path for a name without a `/`: load the file itself.
        let file: PathBuf = if path.is_relative() {
            Path::new(".").join(path)
        } else {
            path.to_owned()
        };
        let module = lib_header_from_path(&file)
            .and_then(LibHeader::init_root_module::<RPluginModuleRef>)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(Self { module })
    }

    /// Makes an instance of `stage` ("passthrough", "classify" or "bucket") from `config`,
    /// the configuration the `ffi-pdk` plugin of the same name takes (`RValue::Null` for none).
    ///
    /// # Errors
    /// The plugin's message: an unknown stage or a bad configuration.
    pub fn instantiate(&self, stage: &str, config: &RValue) -> Result<RStage, String> {
        match self.module.instantiate()(RStr::from_str(stage), config) {
            RResult::ROk(instance) => Ok(RStage {
                module: self.module,
                state: ManuallyDrop::new(instance),
            }),
            RResult::RErr(e) => Err(e.into_string()),
        }
    }
}

impl fmt::Debug for RPluginLibrary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RPluginLibrary").finish_non_exhaustive()
    }
}

/// An instance of a stage of `plugin-rvalue`; dropping it frees it with its module.
pub struct RStage {
    module: RPluginModuleRef,
    /// Given back to the module in `drop`.
    state: ManuallyDrop<PluginInstance>,
}

impl RStage {
    /// Hands `event` to the stage, which appends its outputs (0 or 1 event) to `out`.
    ///
    /// # Errors
    /// The stage's message (an event it cannot handle, or a panic).
    pub fn process(&mut self, event: RValue, out: &mut RVec<RValue>) -> Result<(), String> {
        match self.module.process()(&mut self.state, event, out) {
            RResult::ROk(()) => Ok(()),
            RResult::RErr(e) => Err(e.into_string()),
        }
    }
}

impl Drop for RStage {
    fn drop(&mut self) {
        // SAFETY: `state` is taken once, here, and not used after.
        let state = unsafe { ManuallyDrop::take(&mut self.state) };
        self.module.drop_instance()(state);
    }
}

impl fmt::Debug for RStage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RStage").finish_non_exhaustive()
    }
}
