//! What [`export_plugin!`](crate::export_plugin) generates: the module of a [`Plugin`], with
//! every call guarded against panics on the plugin's side.

use std::mem::ManuallyDrop;
use std::panic::{catch_unwind, AssertUnwindSafe};

use abi_stable::library::{CheckTypeLayout, RootModuleResult, ROOT_MODULE_LOADER_NAME};
use abi_stable::prefix_type::PrefixTypeTrait;
use abi_stable::std_types::{RResult, RStr};

/// The type of the static [`export_plugin!`](crate::export_plugin) exports.
pub use abi_stable::library::LibHeader;

use crate::{
    panics, FfiVec, Metadata, Outputs, Plugin, PluginError, PluginInstance, PluginModule,
    PluginModuleRef, Value, INTERFACE_VERSION,
};

/// The root module of plugin `P`.
#[must_use]
pub fn module<P: Plugin>() -> PluginModuleRef {
    PluginModule {
        metadata: metadata::<P>,
        init: init::<P>,
        on_event: on_event::<P>,
        on_batch: on_batch::<P>,
        drop_instance: drop_instance::<P>,
        capture_panic_backtraces: panics::capture_backtraces,
    }
    .leak_into_prefix()
}

/// The root module of plugin `P` as the host's loader gets it (the function `export_plugin!`
/// exports): [`module`], after installing this library's panic hook (once; it records the
/// location of a panic for its `PluginError` and prints nothing).
#[must_use]
pub fn loaded_module<P: Plugin>() -> PluginModuleRef {
    panics::install_hook();
    module::<P>()
}

/// Runs `call`, turning a panic into a [`PluginError`] with the panic's message (and its
/// location, when this library's panic hook recorded it).
fn guarded<T>(call: impl FnOnce() -> Result<T, PluginError>) -> Result<T, PluginError> {
    catch_unwind(AssertUnwindSafe(call))
        .unwrap_or_else(|payload| Err(panics::panic_error(&*payload)))
}

extern "C" fn metadata<P: Plugin>() -> Metadata {
    Metadata {
        name: RStr::from_str(P::NAME),
        version: RStr::from_str(P::VERSION),
        interface_version: INTERFACE_VERSION,
    }
}

extern "C" fn init<P: Plugin>(config: &Value<'_>) -> RResult<PluginInstance, PluginError> {
    guarded(|| P::init(config).map(|plugin| PluginInstance::from_box(Box::new(plugin)))).into()
}

/// # Safety
/// The caller gives `event` up (neither uses nor drops it after).
unsafe extern "C" fn on_event<P: Plugin>(
    instance: &mut PluginInstance,
    event: &mut ManuallyDrop<Value<'static>>,
    out: &mut Outputs,
) -> Option<PluginError> {
    // SAFETY: the caller gives the event up (this function's contract): it is taken once.
    let event = unsafe { ManuallyDrop::take(event) };
    // SAFETY: the host only passes instances this module's `init` made, so of type `P`.
    guarded(|| unsafe { instance.state_mut::<P>() }.on_event(event, out)).err()
}

extern "C" fn on_batch<P: Plugin>(
    instance: &mut PluginInstance,
    events: FfiVec<Value<'static>>,
    out: &mut Outputs,
) -> RResult<(), PluginError> {
    // SAFETY: as in `on_event`.
    guarded(|| unsafe { instance.state_mut::<P>() }.on_batch(events, out)).into()
}

extern "C" fn drop_instance<P: Plugin>(instance: PluginInstance) {
    // A panic in the plugin's `Drop` is caught (the state is then leaked) rather than unwound
    // into the host; it is not reported, so its record is dropped.
    let dropped = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: as in `on_event`; the host gives the instance up here.
        let state = unsafe { instance.into_box::<P>() };
        drop(state);
    }));
    if dropped.is_err() {
        panics::forget_record();
    }
}

/// The function a host's loader calls, through the [`LibHeader`] [`lib_header`] makes: what
/// `abi_stable`'s `#[export_root_module]` attribute generates for a function returning
/// [`loaded_module::<P>`](loaded_module). `__call_root_module_loader` catches a panic (an
/// `Unwound` error), records the module as the library's root module (so that
/// `RootModule::get_module` finds it) and erases its type.
pub extern "C" fn root_module_loader<P: Plugin>() -> RootModuleResult {
    abi_stable::library::__call_root_module_loader(loaded_module::<P>)
}

/// The header of a plugin library, exported by [`export_plugin!`](crate::export_plugin) under
/// `abi_stable`'s [`ROOT_MODULE_LOADER_NAME`]: `abi_stable`'s version and the module's name,
/// version strings and layout ([`CheckTypeLayout::Yes`]: the loader compares the layout of
/// [`PluginModule`], and of every type it reaches, with the host's before calling anything), and
/// [`root_module_loader::<P>`](root_module_loader). Exactly what `#[export_root_module]` puts in
/// the static it generates.
#[must_use]
pub const fn lib_header<P: Plugin>() -> LibHeader {
    // SAFETY: `from_constructor` requires the constructor's `PrefixRef<ErasedPrefix>` to be a
    // `PrefixRef` of the module type given, `PluginModuleRef`: `root_module_loader::<P>` returns
    // what `__call_root_module_loader` erased from `loaded_module::<P>()`, a `PluginModuleRef`.
    unsafe {
        LibHeader::from_constructor::<PluginModuleRef>(
            root_module_loader::<P>,
            CheckTypeLayout::Yes,
        )
    }
}

/// The name of the static [`export_plugin!`](crate::export_plugin) exports, as a literal (an
/// attribute's value cannot be a constant): `abi_stable`'s [`ROOT_MODULE_LOADER_NAME`], which its
/// loader looks up (checked below when this crate is compiled).
#[doc(hidden)]
#[macro_export]
macro_rules! __root_module_loader_name {
    () => {
        "_1as_0lib_1header_0root_bmodule_bloader"
    };
}

const _: () = {
    /// `a == b`, at compile time.
    const fn str_eq(a: &str, b: &str) -> bool {
        let (a, b) = (a.as_bytes(), b.as_bytes());
        if a.len() != b.len() {
            return false;
        }
        let mut i = 0;
        while i < a.len() {
            if a[i] != b[i] {
                return false;
            }
            i += 1;
        }
        true
    }
    assert!(
        str_eq(ROOT_MODULE_LOADER_NAME, crate::__root_module_loader_name!()),
        "`abi_stable`'s ROOT_MODULE_LOADER_NAME changed: update __root_module_loader_name!"
    );
};

/// Exports a [`Plugin`](crate::Plugin) as this library's root module, the one a host loads.
/// The plugin crate is a `cdylib` depending on `ffi-pdk` and `ffi-value`, nothing else: the
/// macro names everything it uses through `ffi_pdk`, so it works at the crate's root (or in any
/// module), under `#![deny(missing_docs)]` and clippy's pedantic lints.
///
/// It generates:
/// - `pub fn ffi_plugin_root_module() -> PluginModuleRef`, documented: the plugin's module for
///   in-process use (the plugin's own tests). It installs no panic hook, since the program's
///   `std` and hook are then the plugin's too; panics are still caught and returned as errors,
///   without a location.
/// - a hidden static exported under `abi_stable`'s `ROOT_MODULE_LOADER_NAME`
///   (`_1as_0lib_1header_0root_bmodule_bloader`), the `LibHeader` `abi_stable`'s
///   `#[export_root_module]` attribute would generate (made by `ffi_pdk::export::lib_header`):
///   the host's loader reads it, checks `abi_stable`'s version, the module's version and the
///   layout of every type crossing the boundary, and only then calls its loader function.
///   That function first installs, once, the library's panic hook, which records a panic's
///   location (and a backtrace, when the host asks) for its `Panicked` error and prints
///   nothing.
///
/// Invoke it once per library: a second invocation exports the symbol twice, which does not
/// link.
#[macro_export]
macro_rules! export_plugin {
    ($plugin:ty) => {
        /// The root module of this plugin, for in-process use (a host's loader gets the same
        /// module through the library's exported header, which installs the library's panic
        /// hook first).
        #[must_use]
        pub fn ffi_plugin_root_module() -> $crate::PluginModuleRef {
            $crate::export::module::<$plugin>()
        }

        /// The header of this plugin library, which a host's loader looks up by name.
        #[doc(hidden)]
        #[unsafe(export_name = $crate::__root_module_loader_name!())]
        pub static FFI_PLUGIN_LIB_HEADER: $crate::export::LibHeader =
            $crate::export::lib_header::<$plugin>();
    };
}

#[cfg(test)]
mod tests {
    use abi_stable::abi_stability::abi_checking::check_layout_compatibility;
    use abi_stable::library::RootModule;
    use abi_stable::StableAbi;

    use super::lib_header;
    use crate::{Outputs, Plugin, PluginError, PluginModuleRef, Value};

    struct Nothing;

    impl Plugin for Nothing {
        const NAME: &'static str = "nothing";
        const VERSION: &'static str = "0.0.1";
        fn init(_config: &Value<'_>) -> Result<Self, PluginError> {
            Ok(Nothing)
        }
        fn on_event(&mut self, _: Value<'static>, _: &mut Outputs) -> Result<(), PluginError> {
            Ok(())
        }
    }

    /// The header carries what the loader checks before calling anything: the module's name,
    /// this kit's version strings and the module's layout (`abi_stable`'s layout check is kept).
    #[test]
    fn the_header_carries_the_module_layout_and_version() {
        let header = lib_header::<Nothing>();
        let consts = header.root_mod_consts();
        assert_eq!(consts.name().as_str(), PluginModuleRef::NAME);
        assert_eq!(header.version_strings(), PluginModuleRef::VERSION_STRINGS);
        let layout = header
            .layout()
            .expect("the layout is included (CheckTypeLayout::Yes)");
        assert!(check_layout_compatibility(PluginModuleRef::LAYOUT, layout).is_ok());
        assert!(check_layout_compatibility(<u64 as StableAbi>::LAYOUT, layout).is_err());
    }
}
