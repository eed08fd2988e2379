//! What [`export_plugin!`](crate::export_plugin) generates: the module of a [`Plugin`], with
//! every call guarded against panics on the plugin's side.

use std::panic::{catch_unwind, AssertUnwindSafe};

use abi_stable::prefix_type::PrefixTypeTrait;
use abi_stable::std_types::{RResult, RStr};

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
fn guarded<T>(call: impl FnOnce() -> Result<T, PluginError>) -> RResult<T, PluginError> {
    match catch_unwind(AssertUnwindSafe(call)) {
        Ok(result) => result.into(),
        Err(payload) => RResult::RErr(panics::panic_error(&*payload)),
    }
}

extern "C" fn metadata<P: Plugin>() -> Metadata {
    Metadata {
        name: RStr::from_str(P::NAME),
        version: RStr::from_str(P::VERSION),
        interface_version: INTERFACE_VERSION,
    }
}

extern "C" fn init<P: Plugin>(config: &Value<'_>) -> RResult<PluginInstance, PluginError> {
    guarded(|| P::init(config).map(|plugin| PluginInstance::from_box(Box::new(plugin))))
}

extern "C" fn on_event<P: Plugin>(
    instance: &mut PluginInstance,
    event: Value<'static>,
    out: &mut Outputs,
) -> RResult<(), PluginError> {
    // SAFETY: the host only passes instances this module's `init` made, so of type `P`.
    guarded(|| unsafe { instance.state_mut::<P>() }.on_event(event, out))
}

extern "C" fn on_batch<P: Plugin>(
    instance: &mut PluginInstance,
    events: FfiVec<Value<'static>>,
    out: &mut Outputs,
) -> RResult<(), PluginError> {
    // SAFETY: as in `on_event`.
    guarded(|| unsafe { instance.state_mut::<P>() }.on_batch(events, out))
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

/// Exports a [`Plugin`](crate::Plugin) as this library's root module. The plugin crate is a
/// `cdylib` and depends on `abi_stable` (whose attribute generates the exported symbol).
///
/// It generates two functions returning the module:
/// - `ffi_plugin_loaded_root_module`, exported (hidden from the docs): what a host's loader
///   calls. It first installs, once, the library's panic hook, which records a panic's location
///   (and backtrace, when the host asks) for its `Panicked` error and prints nothing.
/// - `ffi_plugin_root_module`: the same module for in-process use (the plugin's own tests), with
///   no hook installed, since the program's `std` and hook are then the plugin's too. Panics
///   are still caught and returned as errors, without a location.
#[macro_export]
macro_rules! export_plugin {
    ($plugin:ty) => {
        /// The root module of this plugin, for in-process use (the host's loader gets it from
        /// `ffi_plugin_loaded_root_module`, which installs the library's panic hook first).
        pub fn ffi_plugin_root_module() -> $crate::PluginModuleRef {
            $crate::export::module::<$plugin>()
        }

        /// The root module of this plugin library, as the host's loader gets it.
        #[doc(hidden)]
        #[::abi_stable::export_root_module]
        pub fn ffi_plugin_loaded_root_module() -> $crate::PluginModuleRef {
            $crate::export::loaded_module::<$plugin>()
        }
    };
}
