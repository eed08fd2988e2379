//! A loaded plugin library and the instances made from it.

use std::fmt;
use std::mem::ManuallyDrop;
use std::ops::{Deref, DerefMut};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use abi_stable::library::lib_header_from_path;
use abi_stable::std_types::RResult;
use ffi_pdk::ffi_value::ffi::Drain;
use ffi_pdk::{
    FfiVec, Metadata, Outputs, PluginError, PluginInstance, PluginModuleRef, Value,
    INTERFACE_VERSION,
};

use crate::error::{LoadError, LoadErrorKind};
use crate::{kit_version, preflight};

/// A plugin library, loaded with `dlopen` and checked by `abi_stable` (the layouts of every type
/// that crosses the boundary, `Value` included) and against [`INTERFACE_VERSION`].
///
/// Libraries are **never unloaded**: values, strings and maps made by a plugin carry pointers
/// to its code and static data (their allocator and map vtables), and may outlive anything the
/// host could track. Loading the same file twice returns the same module.
#[derive(Clone, Copy)]
pub struct PluginLibrary {
    module: PluginModuleRef,
    metadata: Metadata,
    path: &'static Path,
}

impl PluginLibrary {
    /// Loads the plugin library at `path`.
    ///
    /// Each file is loaded on its own (`abi_stable`'s `RootModule::load_from_file` would cache
    /// the first module of the type and return it for every later file).
    ///
    /// The file is first checked as by [`PluginLibrary::check_file`]: a library cut short
    /// would kill the process inside `dlopen`.
    ///
    /// # Errors
    /// A [`LoadError`] naming the path: no such file, not a regular file, a file still being
    /// written, not a shared library (or one cut short), a library without the plugin symbol,
    /// a plugin built against an incompatible `ffi-pdk` version, an ABI (layout) mismatch, or
    /// an interface version mismatch.
    pub fn load(path: &Path) -> Result<Self, LoadError> {
        Self::check_file(path)?;
        // `dlopen` searches the library path for a name without a `/`: load the file itself.
        let file: PathBuf = if path.is_relative() {
            Path::new(".").join(path)
        } else {
            path.to_owned()
        };
        let header =
            lib_header_from_path(&file).map_err(|e| LoadError::from_library_error(path, &e))?;
        kit_version::check(header.version_strings()).map_err(|kind| LoadError::new(path, kind))?;
        let module = header
            .init_root_module::<PluginModuleRef>()
            .map_err(|e| LoadError::from_library_error(path, &e))?;
        let metadata = module.metadata()();
        if metadata.interface_version != INTERFACE_VERSION {
            return Err(LoadError::new(
                path,
                LoadErrorKind::InterfaceVersion {
                    name: metadata.name.to_string(),
                    version: metadata.version.to_string(),
                    expected: INTERFACE_VERSION,
                    found: metadata.interface_version,
                },
            ));
        }
        Ok(Self {
            module,
            metadata,
            path: keep_path(path),
        })
    }

    /// Checks the file at `path` as [`PluginLibrary::load`] does before handing it to
    /// `dlopen`, without loading it: a regular file that does not change while it is checked
    /// and, on Linux, an ELF shared object for this host's class, byte order and machine whose
    /// header, program header table and mapped segments (`PT_LOAD`, `PT_DYNAMIC`) all lie
    /// within the file. Only the headers are read. On other systems the format is left to the
    /// system's loader.
    ///
    /// A file that passes can still fail to load (a missing dependency, no plugin symbol, a
    /// layout mismatch), and nothing stops it from changing between this check and `dlopen`.
    ///
    /// # Errors
    /// A [`LoadError`] naming the path, of kind `NotFound`, `NotAFile`, `Unreadable`,
    /// `Changing` (still being written?), `NotALibrary` or `Truncated`.
    ///
    /// # Examples
    /// ```
    /// use ffi_host::{LoadErrorKind, PluginLibrary};
    ///
    /// let dir = std::env::temp_dir();
    /// let error = PluginLibrary::check_file(&dir).unwrap_err();
    /// assert!(matches!(error.kind(), LoadErrorKind::NotAFile { .. }));
    /// assert_eq!(
    ///     error.to_string(),
    ///     format!("{}: is a directory, not a plugin library", dir.display())
    /// );
    /// ```
    pub fn check_file(path: &Path) -> Result<(), LoadError> {
        preflight::check(path).map_err(|kind| LoadError::new(path, kind))
    }

    /// The path the library was loaded from.
    #[must_use]
    pub fn path(&self) -> &Path {
        self.path
    }

    /// The plugin's name.
    #[must_use]
    pub fn name(&self) -> &str {
        self.metadata.name.as_str()
    }

    /// The plugin's version.
    #[must_use]
    pub fn version(&self) -> &str {
        self.metadata.version.as_str()
    }

    /// The interface version the plugin was built against (equal to [`INTERFACE_VERSION`]).
    #[must_use]
    pub fn interface_version(&self) -> u32 {
        self.metadata.interface_version
    }

    /// The plugin's root module.
    #[must_use]
    pub fn module(&self) -> PluginModuleRef {
        self.module
    }

    /// Asks the library to capture a backtrace of each of its panics from now on (in the
    /// [`PluginError::backtrace`] of its `Panicked` errors), or to stop (the default: no cost).
    /// It applies to the whole library, every instance. Returns `false` when the library cannot
    /// (built with an `ffi-pdk` older than the option).
    #[must_use = "a library built with an older ffi-pdk cannot capture backtraces"]
    pub fn capture_panic_backtraces(&self, capture: bool) -> bool {
        self.module
            .capture_panic_backtraces()
            .map(|set| set(capture))
            .is_some()
    }

    /// Makes an instance of the plugin from `config` (`null` when there is none).
    ///
    /// # Errors
    /// The plugin's error (a panic in its `init` is one, of kind `Panicked`).
    pub fn instantiate(&self, config: &Value<'_>) -> Result<Instance, PluginError> {
        match self.module.init()(config) {
            RResult::ROk(state) => Ok(Instance {
                module: self.module,
                state: ManuallyDrop::new(state),
                spare: Outputs::new(),
            }),
            RResult::RErr(e) => Err(e),
        }
    }
}

impl fmt::Debug for PluginLibrary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PluginLibrary")
            .field("name", &self.name())
            .field("version", &self.version())
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

/// `path`, kept for the life of the process, as the libraries are: one copy per distinct path,
/// held by a static table (so it stays reachable, and loading a file again allocates nothing).
fn keep_path(path: &Path) -> &'static Path {
    static PATHS: Mutex<Vec<&'static Path>> = Mutex::new(Vec::new());
    let mut paths = PATHS.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(kept) = paths.iter().find(|kept| **kept == path) {
        return kept;
    }
    let kept: &'static Path = Box::leak(path.into());
    paths.push(kept);
    kept
}

/// An instance of a plugin; dropping it frees it with its module's `drop_instance`.
pub struct Instance {
    module: PluginModuleRef,
    /// Given back to the module in `drop`.
    state: ManuallyDrop<PluginInstance>,
    /// The buffer [`Instance::process`] collects outputs in: empty between calls, its block
    /// kept.
    spare: Outputs,
}

impl Instance {
    /// Hands `event` to the plugin (moved: the plugin owns it now) and returns its outputs,
    /// in order, in the instance's own buffer ([`Emitted`]: a slice, and an iterator that
    /// moves them out when consumed).
    ///
    /// The buffer is kept from call to call, so `process` allocates nothing once it has grown
    /// to the most outputs a call makes. Outputs not moved out are dropped with the
    /// [`Emitted`]. (To collect outputs in a buffer of your own, use
    /// [`Instance::process_into`].)
    ///
    /// ```no_run
    /// # fn run(instance: &mut ffi_host::Instance, events: Vec<ffi_pdk::Value<'static>>) {
    /// let mut results = Vec::new();
    /// for event in events {
    ///     let outputs = instance.process(event).expect("handled");
    ///     println!("{} outputs", outputs.len());
    ///     results.extend(outputs);
    /// }
    /// # }
    /// ```
    ///
    /// # Errors
    /// The plugin's error; outputs it pushed before failing are dropped.
    #[inline]
    pub fn process(&mut self, mut event: Value<'static>) -> Result<Emitted<'_>, PluginError> {
        // SAFETY: `event` is forgotten right after.
        let result =
            unsafe { hand_over(self.module, &mut self.state, &mut event, &mut self.spare) };
        std::mem::forget(event);
        match result {
            None => Ok(Emitted(self.spare.drain(..))),
            Some(error) => Err(self.failed(error)),
        }
    }

    /// `error`, after dropping what the failed call pushed to the buffer (the failed call's
    /// path of [`Instance::process`], out of its way).
    #[cold]
    #[inline(never)]
    fn failed(&mut self, error: PluginError) -> PluginError {
        self.spare.clear();
        error
    }

    /// As [`Instance::process`], but appends the outputs to `out`, so that a caller can reuse
    /// one buffer for every call.
    ///
    /// # Errors
    /// The plugin's error; outputs it pushed before failing stay in `out`.
    pub fn process_into(
        &mut self,
        mut event: Value<'static>,
        out: &mut Outputs,
    ) -> Result<(), PluginError> {
        // SAFETY: `event` is forgotten right after.
        let result = unsafe { hand_over(self.module, &mut self.state, &mut event, out) };
        std::mem::forget(event);
        result.map_or(Ok(()), Err)
    }

    /// Hands a batch of events to the plugin in one call and returns all their outputs.
    ///
    /// # Errors
    /// As [`Instance::process`]: the first error stops the batch.
    pub fn process_batch(
        &mut self,
        events: FfiVec<Value<'static>>,
    ) -> Result<Outputs, PluginError> {
        let mut out = Outputs::new();
        match self.module.on_batch()(&mut self.state, events, &mut out) {
            RResult::ROk(()) => Ok(out),
            RResult::RErr(e) => Err(e),
        }
    }
}

/// The outputs of one [`Instance::process`], in the instance's buffer: read them as a slice
/// (`Deref`), or move them out by iterating (`IntoIterator`); those not moved out are dropped
/// with it, and the buffer's block stays with the instance for its next call.
///
/// ```no_run
/// # fn run(instance: &mut ffi_host::Instance, event: ffi_pdk::Value<'static>) {
/// let outputs = instance.process(event).expect("handled");
/// if outputs.len() == 1 && outputs[0] == ffi_pdk::Value::NULL {
///     return; // dropped here
/// }
/// let owned: Vec<ffi_pdk::Value<'static>> = outputs.into_iter().collect();
/// # }
/// ```
pub struct Emitted<'a>(Drain<'a, Value<'static>>);

impl Deref for Emitted<'_> {
    type Target = [Value<'static>];

    fn deref(&self) -> &[Value<'static>] {
        self.0.as_slice()
    }
}

impl DerefMut for Emitted<'_> {
    fn deref_mut(&mut self) -> &mut [Value<'static>] {
        self.0.as_mut_slice()
    }
}

impl<'a> IntoIterator for Emitted<'a> {
    type Item = Value<'static>;
    type IntoIter = Drain<'a, Value<'static>>;

    /// The outputs, moved out in order.
    fn into_iter(self) -> Drain<'a, Value<'static>> {
        self.0
    }
}

impl fmt::Debug for Emitted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// Calls `module`'s `on_event` for `state` with the event at `event`, handed over where it lies
/// (no copy: `PluginModuleRef::call_on_event`, given the event by value, copies it when
/// inlined into a function that has it by value too).
///
/// # Safety
/// The plugin takes (moves out of) `*event`: the caller must forget it after the call, neither
/// use nor drop it.
#[inline]
unsafe fn hand_over(
    module: PluginModuleRef,
    state: &mut PluginInstance,
    event: &mut Value<'static>,
    out: &mut Outputs,
) -> Option<PluginError> {
    let given = std::ptr::from_mut(event).cast::<ManuallyDrop<Value<'static>>>();
    // SAFETY: `given` points to `*event` (`ManuallyDrop` is `repr(transparent)`), which the
    // caller gives up (this function's contract); an `extern "C"` call cannot unwind, so the
    // caller forgets it before anything else runs.
    unsafe { module.on_event()(state, &mut *given, out) }
}

impl Drop for Instance {
    fn drop(&mut self) {
        // SAFETY: `state` is taken once, here, and not used after.
        let state = unsafe { ManuallyDrop::take(&mut self.state) };
        self.module.drop_instance()(state);
    }
}

impl fmt::Debug for Instance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Instance").finish_non_exhaustive()
    }
}

// An instance can move to another thread (its spare output buffer with it).
const _: fn() = || {
    fn send<T: Send>() {}
    send::<Instance>();
};
