//! Why a plugin library could not be loaded: one line naming the file and the problem.

use std::fmt;
use std::path::{Path, PathBuf};

use abi_stable::library::LibraryError;

use crate::kit_version::compatible_range;

/// At most this many lines in the summary of an ABI mismatch.
const MAX_SUMMARY_LINES: usize = 5;
/// Longest text kept from one line of `abi_stable`'s report.
const MAX_DETAIL_CHARS: usize = 160;

/// A plugin library that could not be loaded.
///
/// `Display` is one line naming the path and what is wrong (at most 5 lines for an ABI
/// mismatch); [`LoadError::full_report`] has `abi_stable`'s complete report where there is one.
#[derive(Debug)]
pub struct LoadError {
    path: PathBuf,
    kind: LoadErrorKind,
}

/// What is wrong with the library.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum LoadErrorKind {
    /// There is no file at the path.
    NotFound,
    /// The path is not a regular file.
    NotAFile {
        /// What it is: `directory`, `FIFO`, `socket`, `device` or `special file`.
        what: String,
    },
    /// The file could not be opened or read.
    Unreadable {
        /// The system's reason.
        reason: String,
    },
    /// The library is cut short (a file still being written, or an interrupted copy): a part
    /// the loader maps ends past the end of the file. Loading it would kill the process with
    /// `SIGBUS`.
    Truncated {
        /// The part: `the ELF header`, `the program header table`, `segment N (PT_LOAD)`...
        part: String,
        /// The byte offset where the part ends.
        end: u64,
        /// The file's length in bytes.
        file_len: u64,
    },
    /// The file changed (length, time of change or identity) while it was being checked:
    /// probably still being written.
    Changing,
    /// The file is not a shared library the system can load.
    NotALibrary {
        /// The loader's reason.
        reason: String,
    },
    /// A shared library without the plugin's root-module symbol.
    NotAPlugin {
        /// The symbol that was looked for.
        symbol: String,
    },
    /// A plugin built against another `INTERFACE_VERSION`.
    InterfaceVersion {
        /// The plugin's name.
        name: String,
        /// The plugin's version.
        version: String,
        /// The host's interface version.
        expected: u32,
        /// The plugin's interface version.
        found: u32,
    },
    /// A plugin built against an incompatible version of the plugin kit (`ffi-pdk`).
    KitVersion {
        /// The host's kit version.
        expected: String,
        /// The plugin's kit version.
        found: String,
    },
    /// The layouts of the types crossing the boundary differ.
    AbiMismatch {
        /// The first concrete difference (a few lines).
        summary: Vec<String>,
        /// `abi_stable`'s full report.
        report: String,
    },
    /// Any other failure reported by `abi_stable` (initialisation of the module, C ABI checks).
    Other {
        /// What `abi_stable` said, condensed to its first lines.
        message: String,
        /// `abi_stable`'s full report.
        report: String,
    },
}

impl LoadError {
    /// An error of `kind` for the library at `path`.
    #[must_use]
    pub fn new(path: &Path, kind: LoadErrorKind) -> Self {
        Self {
            path: path.to_owned(),
            kind,
        }
    }

    /// Turns `abi_stable`'s error for the library at `path` into a `LoadError`.
    #[must_use]
    pub fn from_library_error(path: &Path, error: &LibraryError) -> Self {
        let kind = match error {
            LibraryError::OpenError { err, .. } => LoadErrorKind::NotALibrary {
                reason: loader_reason(path, &err.to_string()),
            },
            LibraryError::GetSymbolError { symbol, .. } => LoadErrorKind::NotAPlugin {
                symbol: String::from_utf8_lossy(symbol)
                    .trim_end_matches('\0')
                    .to_owned(),
            },
            LibraryError::IncompatibleVersionNumber {
                expected_version,
                actual_version,
                ..
            } => LoadErrorKind::KitVersion {
                expected: expected_version.to_string(),
                found: actual_version.to_string(),
            },
            LibraryError::AbiInstability(report) => {
                let report = report.to_string();
                LoadErrorKind::AbiMismatch {
                    summary: summarize_abi_report(&report),
                    report,
                }
            }
            other => {
                let report = other.to_string();
                LoadErrorKind::Other {
                    message: first_lines(&report, 2).join(" "),
                    report,
                }
            }
        };
        Self::new(path, kind)
    }

    /// The library's path, as given.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// What is wrong.
    #[must_use]
    pub fn kind(&self) -> &LoadErrorKind {
        &self.kind
    }

    /// `abi_stable`'s complete report, for the cases that have one.
    #[must_use]
    pub fn full_report(&self) -> Option<&str> {
        match &self.kind {
            LoadErrorKind::AbiMismatch { report, .. } | LoadErrorKind::Other { report, .. } => {
                Some(report)
            }
            _ => None,
        }
    }

    /// The error followed by `abi_stable`'s complete report, where there is one.
    #[must_use]
    pub fn verbose(&self) -> String {
        match self.full_report() {
            Some(report) => format!("{self}\n--- full report ---\n{}", report.trim()),
            None => self.to_string(),
        }
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path.display();
        match &self.kind {
            LoadErrorKind::NotFound => write!(f, "{path}: no such file"),
            LoadErrorKind::NotAFile { what } => {
                write!(f, "{path}: is a {what}, not a plugin library")
            }
            LoadErrorKind::Unreadable { reason } => write!(f, "{path}: cannot be read: {reason}"),
            LoadErrorKind::Truncated {
                part,
                end,
                file_len,
            } => write!(
                f,
                "{path}: truncated: {part} ends at byte {end} but the file has {file_len} bytes"
            ),
            LoadErrorKind::Changing => write!(
                f,
                "{path}: the file changed while it was being checked: still being written?"
            ),
            LoadErrorKind::NotALibrary { reason } => {
                write!(f, "{path}: not a loadable shared library ({reason})")
            }
            LoadErrorKind::NotAPlugin { symbol } => write!(
                f,
                "{path}: a shared library but not a plugin (it exports no plugin root module, \
                 symbol `{symbol}`: was it built with `export_plugin!`?)"
            ),
            LoadErrorKind::InterfaceVersion {
                name,
                version,
                expected,
                found,
            } => write!(
                f,
                "{path}: plugin `{name}` {version} uses plugin interface version {found}, \
                 this host needs version {expected}"
            ),
            LoadErrorKind::KitVersion { expected, found } => write!(
                f,
                "{path}: built against ffi-pdk {found}, this host uses {expected}: rebuild the \
                 plugin against ffi-pdk {}",
                compatible_range(expected)
            ),
            LoadErrorKind::AbiMismatch { summary, .. } => {
                write!(
                    f,
                    "{path}: the plugin interface's type layouts differ from this host's \
                     (rebuild the plugin against this ffi-pdk)"
                )?;
                for line in summary.iter().take(MAX_SUMMARY_LINES - 1) {
                    write!(f, "\n  {line}")?;
                }
                Ok(())
            }
            LoadErrorKind::Other { message, .. } => write!(f, "{path}: {message}"),
        }
    }
}

impl std::error::Error for LoadError {}

/// The loader's message without the path it repeats (dlerror says `PATH: reason`).
fn loader_reason(path: &Path, message: &str) -> String {
    let message = message.trim();
    let path = path.display().to_string();
    let reason = message
        .find(&format!("{path}: "))
        .map_or(message, |at| &message[at + path.len() + 2..]);
    shorten(reason)
}

/// The first `n` non-empty lines of `text`, trimmed and shortened.
fn first_lines(text: &str, n: usize) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(n)
        .map(shorten)
        .collect()
}

/// `text` cut to [`MAX_DETAIL_CHARS`] characters.
fn shorten(text: &str) -> String {
    match text.char_indices().nth(MAX_DETAIL_CHARS) {
        Some((at, _)) => format!("{}...", &text[..at]),
        None => text.to_owned(),
    }
}

/// The first concrete difference in `abi_stable`'s layout report, in at most 4 lines: where
/// (the innermost field or type of the first error), what (the kind of difference), and the
/// expected and found values.
///
/// The report lists, per error, `inside:` and a stack of the fields that lead to the type that
/// differs, then the layouts, then `Error:<what>`, `Expected:` and `Found:` blocks.
#[must_use]
pub fn summarize_abi_report(report: &str) -> Vec<String> {
    let lines: Vec<&str> = report.lines().collect();
    let Some(error_at) = lines
        .iter()
        .position(|l| l.trim_start().starts_with("Error:"))
    else {
        return first_lines(report, MAX_SUMMARY_LINES - 1);
    };
    let mut summary = Vec::new();
    // Where: the stack of the error's section (after its `inside:`, up to its layouts), blocks
    // of `field_name:` and `type:` lines from the root module down to what differs.
    if let Some(inside) = lines[..error_at]
        .iter()
        .rposition(|l| l.contains("inside:"))
    {
        let end = lines[inside..error_at]
            .iter()
            .position(|l| l.starts_with("Layout of expected type"))
            .map_or(error_at, |p| inside + p);
        let stack: Vec<&str> = lines[inside + 1..end]
            .iter()
            .map(|l| l.trim())
            .filter(|l| !l.is_empty() && *l != "<other>")
            .collect();
        let value_of =
            |key: &str| -> Vec<&str> { stack.iter().filter_map(|l| l.strip_prefix(key)).collect() };
        // A function's parameters are fields named by a list `abi_stable` fails to split (it
        // joins the names with `,` and splits them at `;`): the first parameter is named
        // `config,` or `instance,event,out,`, where its name is the list's first item.
        let fields: Vec<&str> = value_of("field_name:")
            .into_iter()
            .map(|name| name.split(',').next().unwrap_or(name))
            .collect();
        let types = value_of("type:");
        let place = match (types.first(), fields.get(1..)) {
            (Some(root), Some(path)) if !path.is_empty() => format!("{root}.{}", path.join(".")),
            (Some(root), _) => (*root).to_owned(),
            _ => stack.last().copied().unwrap_or_default().to_owned(),
        };
        if !place.is_empty() {
            summary.push(shorten(&format!("in: {place}")));
        }
    }
    let what = lines[error_at]
        .trim_start()
        .trim_start_matches("Error:")
        .trim();
    summary.push(shorten(&format!("difference: {what}")));
    let block = |label: &str| -> Option<String> {
        let at = lines[error_at..]
            .iter()
            .position(|l| l.trim() == label)
            .map(|p| error_at + p)?;
        // The first line: later ones are details (such as lifetime indices).
        lines[at + 1..]
            .iter()
            .map(|l| l.trim())
            .take_while(|l| *l != "Found:" && !l.starts_with("Error:"))
            .find(|l| !l.is_empty())
            .map(shorten)
    };
    if let Some(expected) = block("Expected:") {
        summary.push(format!("expected: {expected}"));
    }
    if let Some(found) = block("Found:") {
        summary.push(format!("found: {found}"));
    }
    summary.truncate(MAX_SUMMARY_LINES - 1);
    summary
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_report_becomes_its_first_difference() {
        let mut report = String::from("\nCompared <this>:\n    --- Type Layout ---\n");
        report.push_str(&"    filler line\n".repeat(300));
        report.push_str(
            "0 error(s)inside:\n    <other>\n\n    field_name:0\n    type:Wrong\n\n\
             1 error(s)inside:\n    <other>\n\n    field_name:0\n    type:PluginModule\n    \
             size:40 align:8\n\n    field_name:metadata\n    type:Metadata\n\n    \
             field_name:interface_version\n    type:u64\n\n\
             Layout of expected type:\n    u32\n\nLayout of found type:\n    u64\n\n\n\
             Error:incompatible type size\nExpected:\n    4\n    detail\nFound:\n    8\n\n\
             Error:mismatched type\nExpected:\n    u32\nFound:\n    u64\n",
        );
        let summary = summarize_abi_report(&report);
        assert_eq!(
            summary,
            [
                "in: PluginModule.metadata.interface_version",
                "difference: incompatible type size",
                "expected: 4",
                "found: 8"
            ]
        );
        let error = LoadError::new(
            Path::new("/x/libp.so"),
            LoadErrorKind::AbiMismatch { summary, report },
        );
        let text = error.to_string();
        assert!(text.starts_with("/x/libp.so: "), "{text}");
        assert!(text.lines().count() <= MAX_SUMMARY_LINES, "{text}");
        assert!(error.verbose().lines().count() > 300);
    }

    #[test]
    fn a_function_parameter_is_named_without_the_other_names() {
        // The stack of a difference in `init`'s parameter, as `abi_stable` 0.11 writes it.
        let report = "1 error(s)inside:\n    <other>\n\n    field_name:0\n    \
                      type:PluginModule\n\n    field_name:init\n    type:AFunctionPointer\n\n    \
                      field_name:config,\n    type:&'a Value<'v>\n\n    field_name:0\n    \
                      type:u8\n\nLayout of expected type:\n    u8\n\n\
                      Error:incompatible type size\nExpected:\n    1\nFound:\n    2\n";
        let summary = summarize_abi_report(report);
        assert_eq!(summary[0], "in: PluginModule.init.config.0");
        let report = report.replace("field_name:config,", "field_name:instance,event,out,");
        let summary = summarize_abi_report(&report);
        assert_eq!(summary[0], "in: PluginModule.init.instance.0");
    }

    #[test]
    fn a_report_without_errors_is_cut_to_its_first_lines() {
        let report = "a\n\nb\nc\nd\ne\nf\n";
        assert_eq!(summarize_abi_report(report), ["a", "b", "c", "d"]);
    }

    #[test]
    fn the_loader_reason_does_not_repeat_the_path() {
        let reason = loader_reason(Path::new("/t/x.txt"), "/t/x.txt: invalid ELF header");
        assert_eq!(reason, "invalid ELF header");
    }
}
