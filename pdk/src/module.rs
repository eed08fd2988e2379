//! The root module a plugin exports and the host loads: the interface, checked by `abi_stable`
//! (layouts of every type that crosses, `Value` included) when the library is loaded.

// The prefix-type derive generates an accessor per field (which pedantic clippy would like
// `#[must_use]`), a `Clone` impl for the `Copy` module reference, and for a field after the
// prefix an accessor that casts a byte pointer to the field's (aligned by `abi_stable`'s layout
// of the module).
#![allow(
    clippy::must_use_candidate,
    clippy::expl_impl_clone_on_copy,
    clippy::cast_ptr_alignment
)]

use std::mem::ManuallyDrop;
use std::ptr::{self, NonNull};

use abi_stable::library::RootModule;
use abi_stable::marker_type::ErasedObject;
use abi_stable::sabi_types::VersionStrings;
use abi_stable::std_types::{RResult, RStr};
use abi_stable::{declare_root_module_statics, package_version_strings, StableAbi};

use crate::{FfiVec, Outputs, PluginError, Value};

/// The version of this interface. A host accepts plugins built against the same version.
pub const INTERFACE_VERSION: u32 = 1;

/// What a plugin says about itself.
#[repr(C)]
#[derive(StableAbi, Debug, Clone, Copy, PartialEq, Eq)]
pub struct Metadata {
    /// The plugin's name.
    pub name: RStr<'static>,
    /// The plugin's version.
    pub version: RStr<'static>,
    /// The [`INTERFACE_VERSION`] it was built against.
    pub interface_version: u32,
}

/// An instance of a plugin, made by its `init` and only usable with the functions of the
/// module that made it (which also frees it, with `drop_instance`).
#[repr(C)]
#[derive(StableAbi, Debug)]
pub struct PluginInstance {
    state: NonNull<ErasedObject>,
}

// SAFETY: the state is a `Box<P>` with `P: Plugin`, and `Plugin: Send`.
unsafe impl Send for PluginInstance {}

impl PluginInstance {
    /// Wraps a plugin's state (for the code `export_plugin!` generates).
    #[doc(hidden)]
    #[must_use]
    pub fn from_box<P>(state: Box<P>) -> Self {
        Self {
            state: NonNull::from(Box::leak(state)).cast(),
        }
    }

    /// The plugin's state.
    ///
    /// # Safety
    /// `P` is the type `from_box` was given: only the module that made the instance knows it.
    #[doc(hidden)]
    pub unsafe fn state_mut<P>(&mut self) -> &mut P {
        // SAFETY: the pointer is a live `Box<P>` (the caller's contract), borrowed via `&mut self`.
        unsafe { self.state.cast::<P>().as_mut() }
    }

    /// Takes the plugin's state back.
    ///
    /// # Safety
    /// As [`PluginInstance::state_mut`].
    #[doc(hidden)]
    #[must_use]
    pub unsafe fn into_box<P>(self) -> Box<P> {
        // SAFETY: the pointer came from `Box::leak` of a `Box<P>` (the caller's contract), and
        // `self` is consumed, so it is taken back once.
        unsafe { Box::from_raw(self.state.cast::<P>().as_ptr()) }
    }
}

/// The plugin's functions. Every call catches the plugin's panics on its side and returns
/// them as [`ErrorKind::Panicked`](crate::ErrorKind::Panicked) errors.
#[repr(C)]
#[derive(StableAbi)]
#[sabi(kind(Prefix(prefix_ref = PluginModuleRef)))]
#[sabi(missing_field(panic))]
pub struct PluginModule {
    /// The plugin's name, version and interface version.
    pub metadata: extern "C" fn() -> Metadata,
    /// Makes an instance from a configuration.
    pub init: extern "C" fn(config: &Value<'_>) -> RResult<PluginInstance, PluginError>,
    /// Handles one event, pushing its outputs; returns the plugin's error, `None` when it
    /// succeeded (one nullable pointer, in a register). The event is passed by pointer (no copy
    /// on the way) and the plugin takes it: the caller must neither use nor drop it after the
    /// call. [`PluginModuleRef::call_on_event`] calls it with a `Value` moved in, safely.
    pub on_event: unsafe extern "C" fn(
        instance: &mut PluginInstance,
        event: &mut ManuallyDrop<Value<'static>>,
        out: &mut Outputs,
    ) -> Option<PluginError>,
    /// Handles a batch of events, pushing their outputs.
    pub on_batch: extern "C" fn(
        instance: &mut PluginInstance,
        events: FfiVec<Value<'static>>,
        out: &mut Outputs,
    ) -> RResult<(), PluginError>,
    /// Frees an instance.
    #[sabi(last_prefix_field)]
    pub drop_instance: extern "C" fn(instance: PluginInstance),
    /// Tells the library's panic hook to capture a backtrace of each panic from now on (into
    /// [`PluginError::backtrace`]), or not (the default, which costs nothing). It applies to
    /// the whole library: every instance, every call. After the prefix, so optional: `None`
    /// for a library built before it existed.
    #[sabi(missing_field(option))]
    pub capture_panic_backtraces: extern "C" fn(capture: bool),
}

impl PluginModuleRef {
    /// Calls the module's `on_event` with `event`, moved in, as a host does (for in-process
    /// use, such as a plugin's tests); `instance` is one this module's `init` made.
    ///
    /// # Errors
    /// The plugin's error (a panic is one, of kind `Panicked`).
    #[inline]
    pub fn call_on_event(
        self,
        instance: &mut PluginInstance,
        mut event: Value<'static>,
        out: &mut Outputs,
    ) -> Result<(), PluginError> {
        let given = ptr::from_mut(&mut event).cast::<ManuallyDrop<Value<'static>>>();
        // SAFETY: `given` points to `event` (`ManuallyDrop` is `repr(transparent)`), which the
        // plugin takes (moves out of); it is forgotten right after, neither used nor dropped
        // here (an `extern "C"` call cannot unwind, so nothing runs in between).
        let error = unsafe { self.on_event()(instance, &mut *given, out) };
        std::mem::forget(event);
        error.map_or(Ok(()), Err)
    }
}

impl RootModule for PluginModuleRef {
    declare_root_module_statics! {PluginModuleRef}
    const BASE_NAME: &'static str = "ffi_plugin";
    const NAME: &'static str = "ffi_plugin";
    const VERSION_STRINGS: VersionStrings = package_version_strings!();
}
