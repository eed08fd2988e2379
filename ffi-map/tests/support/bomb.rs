//! Keys and values whose `Hash`, `Eq`, `Clone` and `Drop`, and the closures the operations
//! pass, panic on command, with a count of drops per value. Shared (by `#[path]`) by the panic
//! matrix test and the library it loads with `dlopen`: every bomb points at one [`Control`],
//! so both libraries arm, count and check through the same memory.

use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicI64, AtomicU32, Ordering};

/// How many bombs one case may make.
pub const MAX_BOMBS: usize = 1024;

/// Where a panic can be made to happen.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Site {
    /// A key's `Hash`.
    Hash = 0,
    /// A key's `Eq`.
    Eq = 1,
    /// A key's or value's `Clone`.
    Clone = 2,
    /// A key's or value's `Drop`.
    Drop = 3,
    /// A closure the caller passes (a `retain` filter).
    Closure = 4,
}

impl Site {
    pub const ALL: [Self; 5] = [Self::Hash, Self::Eq, Self::Clone, Self::Drop, Self::Closure];

    pub fn name(self) -> &'static str {
        match self {
            Self::Hash => "hash",
            Self::Eq => "eq",
            Self::Clone => "clone",
            Self::Drop => "drop",
            Self::Closure => "closure",
        }
    }
}

/// What one case shares: the fuse of each site and the drops of each bomb.
#[repr(C)]
pub struct Control {
    /// Per site: how many calls pass before the one that panics; negative: none panics.
    fuses: [AtomicI64; 5],
    /// The next bomb's id.
    made: AtomicU32,
    /// How many times each bomb was dropped.
    drops: [AtomicU32; MAX_BOMBS],
}

impl Control {
    pub fn new() -> Box<Self> {
        Box::new(Self {
            fuses: std::array::from_fn(|_| AtomicI64::new(-1)),
            made: AtomicU32::new(0),
            drops: std::array::from_fn(|_| AtomicU32::new(0)),
        })
    }

    /// The `after + 1`-th call at `site` from now panics (and only that one).
    pub fn arm(&self, site: Site, after: i64) {
        self.fuses[site as usize].store(after, Ordering::SeqCst);
    }

    pub fn disarm(&self) {
        for fuse in &self.fuses {
            fuse.store(-1, Ordering::SeqCst);
        }
    }

    /// Counts a call at `site`: whether it is the one that panics.
    fn fires(&self, site: Site) -> bool {
        let fuse = &self.fuses[site as usize];
        fuse.load(Ordering::SeqCst) >= 0 && fuse.fetch_sub(1, Ordering::SeqCst) == 0
    }

    /// Panics if the fuse of `site` says so; for the closures of the operations.
    pub fn tick(&self, site: Site, what: u32) {
        assert!(!self.fires(site), "bomb: {} at {what}", site.name());
    }

    /// A new bomb for `key`.
    pub fn bomb(&self, key: u32) -> Bomb {
        let id = self.made.fetch_add(1, Ordering::SeqCst);
        assert!((id as usize) < MAX_BOMBS, "a case made too many bombs");
        Bomb {
            key,
            id,
            control: self,
        }
    }

    /// How many bombs were made.
    pub fn made(&self) -> u32 {
        self.made.load(Ordering::SeqCst)
    }

    /// How many times the bomb `id` was dropped.
    pub fn drops(&self, id: u32) -> u32 {
        self.drops[id as usize].load(Ordering::SeqCst)
    }
}

/// A key or value: compared and hashed by `key`, counted by `id`.
#[repr(C)]
pub struct Bomb {
    pub key: u32,
    pub id: u32,
    control: *const Control,
}

// SAFETY: `control` points at a `Control` (all atomics) that outlives every bomb of its case.
unsafe impl Send for Bomb {}
// SAFETY: as above; a `&Bomb` only reads.
unsafe impl Sync for Bomb {}

impl Bomb {
    fn control(&self) -> &Control {
        // SAFETY: the control outlives its bombs (the tests keep it until the case ends).
        unsafe { &*self.control }
    }
}

impl Hash for Bomb {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.control().tick(Site::Hash, self.key);
        self.key.hash(state);
    }
}

impl PartialEq for Bomb {
    fn eq(&self, other: &Self) -> bool {
        // Named by the smaller key: which side is `self` is the map's choice.
        self.control().tick(Site::Eq, self.key.min(other.key));
        self.key == other.key
    }
}

impl Eq for Bomb {}

impl Clone for Bomb {
    fn clone(&self) -> Self {
        self.control().tick(Site::Clone, self.key);
        self.control().bomb(self.key)
    }
}

/// The owned key `entry_ref` makes from a borrowed one: a clone.
impl From<&Bomb> for Bomb {
    fn from(bomb: &Bomb) -> Self {
        bomb.clone()
    }
}

impl Drop for Bomb {
    fn drop(&mut self) {
        let control = self.control();
        control.drops[self.id as usize].fetch_add(1, Ordering::SeqCst);
        control.tick(Site::Drop, self.key);
    }
}

impl std::fmt::Debug for Bomb {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Bomb({}#{})", self.key, self.id)
    }
}

/// What a case of a panic matrix ended with.
#[derive(Debug, PartialEq, Eq)]
pub struct Outcome {
    /// The message the operation panicked with.
    pub panic: Option<String>,
    /// The keys left (sorted for a map, in order for a vector).
    pub keys: Vec<u32>,
    /// Bombs never dropped once everything is gone: leaked.
    pub leaked: u32,
}

impl Outcome {
    /// The outcome of a case whose container is gone, checking that no bomb was dropped
    /// twice and that a panic names `site`.
    pub fn new(control: &Control, panic: Option<String>, keys: Vec<u32>, site: Site) -> Self {
        let mut leaked = 0;
        for id in 0..control.made() {
            let drops = control.drops(id);
            assert!(drops <= 1, "bomb {id} was dropped {drops} times");
            leaked += u32::from(drops == 0);
        }
        if let Some(text) = &panic {
            let expected = format!("bomb: {} at ", site.name());
            assert!(
                text.starts_with(&expected),
                "unexpected panic message {text:?}"
            );
        }
        Self {
            panic,
            keys,
            leaked,
        }
    }
}

/// The message a panic was raised with.
pub fn message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "<not a string>".to_owned())
}

/// Installs, once, a panic hook that prints nothing for the bombs' own panics (thousands of
/// them are expected) and what the default hook prints for any other.
pub fn silence_bombs() {
    static SILENCED: std::sync::Once = std::sync::Once::new();
    SILENCED.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !message(info.payload()).starts_with("bomb: ") {
                default(info);
            }
        }));
    });
}
