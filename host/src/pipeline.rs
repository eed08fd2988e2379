//! Plugins in order: each event goes through all of them, the outputs of one being the inputs
//! of the next.
//!
//! Restart policy: when a plugin's call returns an error of kind
//! [`ErrorKind::Panicked`], its instance is dropped and a new one is made from the same
//! configuration, at most `max_restarts` times over the pipeline's life. When that limit is
//! reached (or re-initialising fails), the plugin is *disabled*: the events that reach it from
//! then on are dropped and counted in [`Stats::dropped`]. Other errors (bad event, internal
//! error) drop only the event that caused them.

use ffi_pdk::{ErrorKind, PluginError, Value};

use crate::library::{Instance, PluginLibrary};

/// Counters of one plugin of a pipeline.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Events handed to the plugin (or dropped because it is disabled).
    pub events_in: u64,
    /// Events the plugin produced.
    pub events_out: u64,
    /// Calls that returned an error.
    pub errors: u64,
    /// Times the instance was re-initialised after a panic.
    pub restarts: u32,
    /// Events dropped because the plugin was disabled.
    pub dropped: u64,
    /// Whether the plugin is disabled.
    pub disabled: bool,
}

/// What the pipeline did about an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recovery {
    /// Nothing: the event was dropped, the instance goes on.
    None,
    /// The instance panicked and was re-initialised from its configuration.
    Restarted,
    /// The plugin was disabled (the restart limit was reached, or re-initialising failed).
    Disabled,
}

/// An error of one plugin while processing an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageError {
    /// The plugin's position in the pipeline.
    pub index: usize,
    /// The plugin's name.
    pub plugin: String,
    /// The plugin's error.
    pub error: PluginError,
    /// What the pipeline did about it.
    pub recovery: Recovery,
}

/// What one event became: the pipeline's outputs, and the errors met on the way.
#[derive(Debug, Default)]
pub struct Processed {
    /// The events out of the last plugin.
    pub outputs: Vec<Value<'static>>,
    /// The errors, in order.
    pub errors: Vec<StageError>,
}

/// One plugin of the pipeline.
#[derive(Debug)]
struct Stage {
    library: PluginLibrary,
    config: Value<'static>,
    /// `None` once disabled.
    instance: Option<Instance>,
    stats: Stats,
}

/// Plugins in order, with per-plugin counters and the restart policy described in the module
/// documentation.
#[derive(Debug)]
pub struct Pipeline {
    stages: Vec<Stage>,
    max_restarts: u32,
    /// The events into the stage being run, and its outputs: empty between calls, kept for
    /// their blocks.
    current: Vec<Value<'static>>,
    next: Vec<Value<'static>>,
}

impl Pipeline {
    /// An empty pipeline whose plugins are re-initialised at most `max_restarts` times each.
    #[must_use]
    pub fn new(max_restarts: u32) -> Self {
        Self {
            stages: Vec::new(),
            max_restarts,
            current: Vec::new(),
            next: Vec::new(),
        }
    }

    /// Appends `library`'s plugin, instantiated with `config`.
    ///
    /// # Errors
    /// The plugin's `init` error; the pipeline is unchanged then.
    pub fn push(
        &mut self,
        library: PluginLibrary,
        config: Value<'static>,
    ) -> Result<(), PluginError> {
        let instance = library.instantiate(&config)?;
        self.stages.push(Stage {
            library,
            config,
            instance: Some(instance),
            stats: Stats::default(),
        });
        Ok(())
    }

    /// The number of plugins.
    #[must_use]
    pub fn len(&self) -> usize {
        self.stages.len()
    }

    /// Whether there is no plugin.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.stages.is_empty()
    }

    /// Each plugin's name and counters, in order.
    pub fn stats(&self) -> impl Iterator<Item = (&str, &Stats)> {
        self.stages.iter().map(|s| (s.library.name(), &s.stats))
    }

    /// Runs `event` through every plugin in order.
    ///
    /// This returns new buffers each call; [`Pipeline::process_into`] reuses the caller's.
    pub fn process(&mut self, event: Value<'static>) -> Processed {
        let mut processed = Processed::default();
        self.process_into(event, &mut processed);
        processed
    }

    /// Runs `event` through every plugin in order, appending the outputs of the last one and
    /// the errors met on the way to `processed`.
    ///
    /// The events between plugins go through buffers the pipeline keeps, so a caller that
    /// clears one `processed` and reuses it allocates nothing per event once the buffers have
    /// grown (only what the plugins themselves allocate, and an error's name of its plugin).
    ///
    /// ```no_run
    /// # fn run(pipeline: &mut ffi_host::Pipeline, events: Vec<ffi_pdk::Value<'static>>) {
    /// let mut processed = ffi_host::Processed::default();
    /// for event in events {
    ///     processed.outputs.clear();
    ///     processed.errors.clear();
    ///     pipeline.process_into(event, &mut processed);
    ///     println!("{} out, {} errors", processed.outputs.len(), processed.errors.len());
    /// }
    /// # }
    /// ```
    pub fn process_into(&mut self, event: Value<'static>, processed: &mut Processed) {
        let (mut current, mut next) = (
            std::mem::take(&mut self.current),
            std::mem::take(&mut self.next),
        );
        current.push(event);
        for (index, stage) in self.stages.iter_mut().enumerate() {
            for event in current.drain(..) {
                stage.stats.events_in += 1;
                let Some(instance) = stage.instance.as_mut() else {
                    stage.stats.dropped += 1;
                    continue;
                };
                let result = instance.process(event).map(|outputs| {
                    let count = outputs.len();
                    next.extend(outputs);
                    count
                });
                match result {
                    Ok(count) => stage.stats.events_out += count as u64,
                    Err(error) => {
                        stage.stats.errors += 1;
                        let recovery = if error.kind() == ErrorKind::Panicked {
                            stage.restart(self.max_restarts)
                        } else {
                            Recovery::None
                        };
                        processed.errors.push(StageError {
                            index,
                            plugin: stage.library.name().to_owned(),
                            error,
                            recovery,
                        });
                    }
                }
            }
            std::mem::swap(&mut current, &mut next);
        }
        processed.outputs.append(&mut current);
        (self.current, self.next) = (current, next);
    }
}

impl Stage {
    /// Re-initialises the instance after a panic, or disables the plugin.
    fn restart(&mut self, max_restarts: u32) -> Recovery {
        // The old instance goes first: its state may be inconsistent after the panic, but
        // freeing it is safe (`drop_instance` catches a panic in its `Drop`).
        self.instance = None;
        if self.stats.restarts < max_restarts {
            self.stats.restarts += 1;
            if let Ok(instance) = self.library.instantiate(&self.config) {
                self.instance = Some(instance);
                return Recovery::Restarted;
            }
        }
        self.stats.disabled = true;
        Recovery::Disabled
    }
}
