//! What [`export_plugin!`](crate::export_plugin) generates: the module of a [`Plugin`], with
//! every call guarded against panics on the plugin's side.

use std::any::Any;
use std::panic::{catch_unwind, AssertUnwindSafe};

use abi_stable::prefix_type::PrefixTypeTrait;
use abi_stable::std_types::{RResult, RStr};

use crate::{
    ErrorKind, FfiVec, Metadata, Outputs, Plugin, PluginError, PluginInstance, PluginModule,
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
    }
    .leak_into_prefix()
}

/// Runs `call`, turning a panic into a [`PluginError`] with the panic's message.
fn guarded<T>(call: impl FnOnce() -> Result<T, PluginError>) -> RResult<T, PluginError> {
    match catch_unwind(AssertUnwindSafe(call)) {
        Ok(result) => result.into(),
        Err(payload) => RResult::RErr(PluginError::new(
            ErrorKind::Panicked,
            panic_message(&*payload),
        )),
    }
}

/// The message a panic was raised with.
fn panic_message(payload: &(dyn Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic with a payload that is not a string".to_owned())
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
    // into the host.
    let _ = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: as in `on_event`; the host gives the instance up here.
        let state = unsafe { instance.into_box::<P>() };
        drop(state);
    }));
}

/// Exports a [`Plugin`](crate::Plugin) as this library's root module. The plugin crate is a
/// `cdylib` and depends on `abi_stable` (whose attribute generates the exported symbol).
#[macro_export]
macro_rules! export_plugin {
    ($plugin:ty) => {
        /// The root module of this plugin library.
        #[::abi_stable::export_root_module]
        pub fn ffi_plugin_root_module() -> $crate::PluginModuleRef {
            $crate::export::module::<$plugin>()
        }
    };
}
