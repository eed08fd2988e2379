//! `ffi-pdk`: the plugin kit. A plugin implements the ordinary Rust trait [`Plugin`] and
//! exports it with [`export_plugin!`]; the host loads it with `dlopen` and exchanges
//! [`Value`]s with it, by value, with no conversion at the boundary.
//!
//! ```
//! use ffi_pdk::{export_plugin, Outputs, Plugin, PluginError};
//! use ffi_value::Value;
//!
//! struct Passthrough;
//!
//! impl Plugin for Passthrough {
//!     const NAME: &'static str = "passthrough";
//!     const VERSION: &'static str = env!("CARGO_PKG_VERSION");
//!
//!     fn init(_config: &Value<'_>) -> Result<Self, PluginError> {
//!         Ok(Passthrough)
//!     }
//!
//!     fn on_event(&mut self, event: Value<'static>, out: &mut Outputs) -> Result<(), PluginError> {
//!         out.push(event);
//!         Ok(())
//!     }
//! }
//!
//! export_plugin!(Passthrough);
//! # // In this example the module is used in-process; a host loads it from the cdylib.
//! # let module = ffi_plugin_root_module();
//! # assert_eq!(module.metadata()().name.as_str(), "passthrough");
//! ```
//!
//! A plugin crate is a `cdylib` with `ffi-pdk` as its one dependency (`ffi-value` comes with
//! it, as [`ffi_value`]; a direct dependency on it works too): [`export_plugin!`] names all it
//! uses through this crate, so the plugin needs no `abi_stable` and no `unsafe`, and the macro
//! works at the crate's root under `#![deny(missing_docs)]` and clippy's pedantic lints. It
//! exports the library header `abi_stable`'s loader looks up, with the module's layout, which
//! the loader checks against the host's before running any of the plugin's code; and
//! `ffi_plugin_root_module()`, the same module for in-process use (the plugin's tests).
//! `templates/plugin/` in the repository is a plugin crate that builds on its own, and
//! `docs/writing-a-plugin.md` walks through it.
//!
//! The code [`export_plugin!`] generates catches every panic on the plugin's side of each call
//! (unwinding through `extern "C"` would abort) and returns it as a [`PluginError`] of kind
//! [`ErrorKind::Panicked`] with the panic's message. In a library a host loaded, it also
//! installs a panic hook that records where the panic happened ([`PluginError::location`],
//! and a backtrace when the host asks) and prints nothing: the host decides what to show.
//! Events and outputs are `Value<'static>`: a plugin cannot hand back anything that borrows
//! memory it frees, by construction.
//!
//! [`Outputs`] holds `Value<'static>`, so pushing a value that borrows a buffer of the plugin's
//! is refused by the borrow checker (`text` does not live long enough: it is freed at the end
//! of `on_event`, but the value pushed must be valid for `'static`):
//!
//! ```compile_fail,E0597
//! use ffi_pdk::{Outputs, Plugin, PluginError};
//! use ffi_value::{parse_json, Value};
//!
//! struct Echo;
//!
//! impl Plugin for Echo {
//!     const NAME: &'static str = "echo";
//!     const VERSION: &'static str = "0.1.0";
//!
//!     fn init(_config: &Value<'_>) -> Result<Self, PluginError> {
//!         Ok(Echo)
//!     }
//!
//!     fn on_event(&mut self, _event: Value<'static>, out: &mut Outputs) -> Result<(), PluginError> {
//!         let mut text = br#"{"from":"a local buffer"}"#.to_vec();
//!         // The value's strings borrow `text`...
//!         let value = parse_json(&mut text).map_err(|e| PluginError::internal(e.to_string()))?;
//!         // ...so it cannot outlive it: error[E0597]: `text` does not live long enough.
//!         out.push(value);
//!         Ok(())
//!     }
//! }
//! ```
//!
//! The right way: [`Value::into_static`] copies what the value borrows, and the copy is the
//! plugin's to hand over (or parse with `ffi_value::parse_json_owned` in the first place).
//!
//! ```
//! use ffi_pdk::{Outputs, Plugin, PluginError};
//! use ffi_value::{parse_json, Value};
//!
//! struct Echo;
//!
//! impl Plugin for Echo {
//!     const NAME: &'static str = "echo";
//!     const VERSION: &'static str = "0.1.0";
//!
//!     fn init(_config: &Value<'_>) -> Result<Self, PluginError> {
//!         Ok(Echo)
//!     }
//!
//!     fn on_event(&mut self, _event: Value<'static>, out: &mut Outputs) -> Result<(), PluginError> {
//!         let mut text = br#"{"from":"a local buffer"}"#.to_vec();
//!         let value = parse_json(&mut text).map_err(|e| PluginError::internal(e.to_string()))?;
//!         out.push(value.into_static());
//!         Ok(())
//!     }
//! }
//!
//! let mut out = Outputs::new();
//! Echo.on_event(Value::NULL, &mut out).unwrap();
//! assert_eq!(out[0], ffi_value::literal!({"from": "a local buffer"}));
//! ```

#[cfg(not(any(
    target_os = "linux",
    target_os = "macos",
    target_os = "windows",
    target_os = "freebsd"
)))]
compile_error!(
    "ffi-pdk supports only Linux, macOS, Windows and FreeBSD, where loading plugins with \
     dlopen is known to be sound; there is no supported way to build plugins for this target"
);

/// The README's example, compiled and run as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

mod error;
#[doc(hidden)]
pub mod export;
mod module;
mod panics;

pub use error::{ErrorKind, PluginError};
pub use module::{Metadata, PluginInstance, PluginModule, PluginModuleRef, INTERFACE_VERSION};

pub use ffi_value::{FfiVec, Value};

/// The value crate this kit is built on (`ffi-value`), for plugins that depend on `ffi-pdk`
/// alone: `use ffi_pdk::ffi_value::{literal, KnownKey};`. It is by construction the version of
/// `ffi-value` the kit's interface uses (a plugin may also depend on `ffi-value` directly, at
/// the same version).
pub use ffi_value;

/// The events a plugin call produces: zero, one or many, in order.
pub type Outputs = FfiVec<Value<'static>>;

/// What a plugin implements: ordinary Rust, with `?` and `Result`s.
pub trait Plugin: Sized + Send + 'static {
    /// The plugin's name, as the host reports it.
    const NAME: &'static str;
    /// The plugin's version.
    const VERSION: &'static str;

    /// Makes an instance from its configuration (any value; `null` when none was given).
    ///
    /// # Errors
    /// A [`PluginError`] (usually [`ErrorKind::Config`]) when the configuration is unusable.
    fn init(config: &Value<'_>) -> Result<Self, PluginError>;

    /// Handles one event, pushing what it produces (zero, one or many events) to `out`.
    ///
    /// # Errors
    /// A [`PluginError`] when the event cannot be handled; the host reports it and goes on.
    fn on_event(&mut self, event: Value<'static>, out: &mut Outputs) -> Result<(), PluginError>;

    /// Handles a batch, amortizing the per-call cost. By default, each event in turn; the
    /// first error stops the batch (events already pushed to `out` stay there).
    ///
    /// # Errors
    /// As [`Plugin::on_event`].
    fn on_batch(
        &mut self,
        events: FfiVec<Value<'static>>,
        out: &mut Outputs,
    ) -> Result<(), PluginError> {
        events
            .into_iter()
            .try_for_each(|event| self.on_event(event, out))
    }
}
