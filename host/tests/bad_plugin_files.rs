//! Plugin files the system's loader does not survive, or that are not files at all: a library
//! cut short (a host started while the plugin is still being copied or written) is refused
//! with one line naming the file, never a `SIGBUS` inside `dlopen`; a directory is named as
//! one.
//!
//! Libraries loaded in-process are never unloaded, so the many cuts are only checked here
//! ([`PluginLibrary::check_file`]); `dlopen` runs in `ffi-host check` subprocesses.

mod common;

use std::path::Path;
use std::process::{Command, Output, Stdio};

use ffi_host::{LoadErrorKind, PluginLibrary};

fn path_arg(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 path")
}

fn ffi_host(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ffi-host"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("ffi-host runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn a_directory_is_named_as_one() {
    let dir = common::temp_dir("directory-plugin").join("libplugin.so");
    std::fs::create_dir(&dir).expect("create a directory");
    let error = PluginLibrary::load(&dir).expect_err("a directory");
    assert_eq!(
        error.kind(),
        &LoadErrorKind::NotAFile {
            what: "directory".into()
        }
    );
    let expected = format!("{}: is a directory, not a plugin library", dir.display());
    assert_eq!(error.to_string(), expected);
    let out = ffi_host(&["check", path_arg(&dir)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stdout).starts_with(&format!("{expected}\n")),
        "{}",
        text(&out.stdout)
    );
}

#[cfg(target_os = "linux")]
mod cuts {
    use std::fs::{self, File, OpenOptions};
    use std::os::unix::fs::FileExt;
    use std::os::unix::process::ExitStatusExt;
    use std::path::{Path, PathBuf};
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::thread;
    use std::time::{Duration, Instant};

    use ffi_host::{LoadError, LoadErrorKind, PluginLibrary};

    use super::{common, ffi_host, path_arg, text};

    /// A copy of the passthrough plugin, cut to any length (and made whole again) in place.
    struct Cut {
        path: PathBuf,
        file: File,
        /// The whole library.
        bytes: Vec<u8>,
    }

    impl Cut {
        fn new(test: &str) -> Self {
            let bytes = fs::read(common::plugin("passthrough")).expect("read the plugin");
            let path = common::temp_dir(test).join("libpassthrough.so");
            fs::write(&path, &bytes).expect("copy the plugin");
            let file = OpenOptions::new()
                .write(true)
                .open(&path)
                .expect("open the copy");
            Self { path, file, bytes }
        }

        fn full_len(&self) -> u64 {
            self.bytes.len() as u64
        }

        /// Makes the copy the library's first `len` bytes.
        fn cut(&self, len: u64) {
            let now = self.file.metadata().expect("metadata").len();
            if len < now {
                self.file.set_len(len).expect("cut the copy");
            } else {
                let (from, to) = (usize::try_from(now).unwrap(), usize::try_from(len).unwrap());
                self.file
                    .write_all_at(&self.bytes[from..to], now)
                    .expect("lengthen the copy");
            }
        }

        /// The copy cut to `len` bytes, checked.
        fn check(&self, len: u64) -> Result<(), LoadError> {
            self.cut(len);
            PluginLibrary::check_file(&self.path)
        }

        /// Checks every cut at a multiple of 1 KiB (and the whole file), then at every end of
        /// a part named by a refusal, ±1 byte. Returns each length checked, in order, with
        /// the result.
        fn check_all(&self) -> Vec<(u64, Result<(), LoadError>)> {
            let mut lens: Vec<u64> = (0..=self.full_len()).step_by(1024).collect();
            lens.push(self.full_len());
            let mut checked: Vec<_> = lens.into_iter().map(|n| (n, self.check(n))).collect();
            let mut ends: Vec<u64> = checked.iter().filter_map(|(_, r)| cut_end(r)).collect();
            ends.sort_unstable();
            ends.dedup();
            for end in ends {
                for n in [end - 1, end, end + 1] {
                    checked.push((n, self.check(n)));
                }
            }
            checked.sort_by_key(|(n, _)| *n);
            checked.dedup_by_key(|(n, _)| *n);
            checked
        }
    }

    /// Where the part that a `Truncated` refusal names ends.
    fn cut_end(result: &Result<(), LoadError>) -> Option<u64> {
        match result.as_ref().err()?.kind() {
            LoadErrorKind::Truncated { end, .. } => Some(*end),
            _ => None,
        }
    }

    /// Asserts that `error` is one line naming `path`, saying the library is cut at `len`.
    fn assert_truncated_at(error: &LoadError, path: &Path, len: u64) {
        let text = error.to_string();
        assert_eq!(text.lines().count(), 1, "{text}");
        assert!(
            text.starts_with(&format!("{}: truncated: ", path.display())),
            "{text}"
        );
        match error.kind() {
            LoadErrorKind::Truncated { end, file_len, .. } => {
                assert_eq!(*file_len, len, "{text}");
                assert!(*end > len, "{text}");
            }
            other => panic!("cut at {len}: not Truncated but {other:?}"),
        }
    }

    /// The shortest cut accepted; asserts that every shorter cut is refused as truncated and
    /// every longer one accepted.
    fn threshold(cut: &Cut, checked: &[(u64, Result<(), LoadError>)]) -> u64 {
        let first_ok = checked
            .iter()
            .position(|(_, r)| r.is_ok())
            .expect("the whole library is accepted");
        for (len, result) in &checked[..first_ok] {
            assert_truncated_at(result.as_ref().unwrap_err(), &cut.path, *len);
        }
        for (len, result) in &checked[first_ok..] {
            assert!(
                result.is_ok(),
                "cut at {len}, past an accepted cut: {result:?}"
            );
        }
        checked[first_ok].0
    }

    #[test]
    fn every_cut_is_accepted_or_refused_in_one_line_naming_the_file() {
        let cut = Cut::new("dense-cuts");
        let started = Instant::now();
        let checked = cut.check_all();
        let elapsed = started.elapsed();
        let shortest = threshold(&cut, &checked);
        // The shortest accepted cut is where the last mapped part ends, exactly: one byte
        // less is refused naming that end.
        let last_end = checked.iter().filter_map(|(_, r)| cut_end(r)).max();
        assert_eq!(Some(shortest), last_end);
        // At every end named, the part named changes: the boundaries are exact.
        for window in checked.windows(2) {
            let [(a, ra), (b, rb)] = window else {
                unreachable!()
            };
            if let (Some(end), true) = (cut_end(ra), *b == a + 1) {
                assert_eq!(cut_end(rb) == Some(end), *b < end, "cuts {a} and {b}");
            }
        }
        let errors = checked.iter().filter(|(_, r)| r.is_err()).count();
        eprintln!(
            "{} cuts of {} bytes checked in {elapsed:?}: {errors} refused, the shortest \
             accepted is {shortest} bytes",
            checked.len(),
            cut.full_len()
        );
    }

    #[test]
    fn the_host_binary_survives_cuts_and_names_the_file() {
        let cut = Cut::new("cli-cuts");
        let full = cut.full_len();
        let checked = cut.check_all();
        let shortest = threshold(&cut, &checked);
        let mut lens: Vec<u64> = vec![0, 1, 63, 64, 65, 1024, full];
        lens.extend((1..30).map(|i| full * i / 30));
        let mut ends: Vec<u64> = checked.iter().filter_map(|(_, r)| cut_end(r)).collect();
        ends.sort_unstable();
        ends.dedup();
        lens.extend(ends.iter().flat_map(|&end| [end - 1, end, end + 1]));
        lens.sort_unstable();
        lens.dedup();
        let started = Instant::now();
        let name = cut.path.display().to_string();
        for &len in &lens {
            cut.cut(len);
            let out = ffi_host(&["check", path_arg(&cut.path)]);
            let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
            assert_eq!(out.status.signal(), None, "cut at {len}: killed: {stderr}");
            if len >= shortest {
                assert!(out.status.success(), "cut at {len}: {stdout}{stderr}");
                assert!(
                    stdout.starts_with(&format!("{name}: passthrough ")),
                    "{stdout}"
                );
                assert!(stdout.ends_with(": compatible\n"), "{stdout}");
            } else {
                assert_eq!(out.status.code(), Some(1), "cut at {len}: {stdout}{stderr}");
                let lines: Vec<&str> = stdout.lines().collect();
                assert_eq!(lines.len(), 2, "one line and the verdict: {stdout}");
                assert!(
                    lines[0].starts_with(&format!("{name}: truncated: ")),
                    "{stdout}"
                );
                assert!(lines[1].contains("not compatible"), "{stdout}");
            }
        }
        // The shortest accepted cut works; one byte less stops `run` with one line.
        let input = common::temp_dir("cli-cuts-input").join("events.jsonl");
        fs::write(&input, "{\"a\":1}\n").expect("write the input");
        cut.cut(shortest);
        let out = ffi_host(&["run", "--plugin", path_arg(&cut.path), path_arg(&input)]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        assert_eq!(text(&out.stdout), "{\"a\":1}\n");
        cut.cut(shortest - 1);
        let out = ffi_host(&["run", "--plugin", path_arg(&cut.path), path_arg(&input)]);
        assert_eq!(out.status.code(), Some(1));
        let stderr = text(&out.stderr);
        assert!(
            stderr.starts_with(&format!("ffi-host: error: {name}: truncated: "))
                && stderr.lines().count() == 1,
            "{stderr}"
        );
        eprintln!(
            "{} cuts run through `ffi-host check` in {:?}",
            lens.len(),
            started.elapsed()
        );
    }

    #[test]
    fn a_library_being_written_is_refused_in_one_line_or_loads() {
        let cut = Cut::new("being-written");
        let shortest = threshold(&cut, &cut.check_all());
        cut.cut(0);
        let name = cut.path.display().to_string();
        let done = AtomicBool::new(false);
        let (mut in_process, mut subprocesses) = (Outcomes::default(), Outcomes::default());
        thread::scope(|scope| {
            // Written as a copy is: in order, 16 KiB at a time.
            scope.spawn(|| {
                for len in (0..cut.full_len())
                    .step_by(16 * 1024)
                    .chain([cut.full_len()])
                {
                    cut.cut(len);
                    thread::sleep(Duration::from_micros(100));
                }
                done.store(true, Ordering::Release);
            });
            scope.spawn(|| {
                while !done.load(Ordering::Acquire) {
                    in_process
                        .count(PluginLibrary::check_file(&cut.path).map_err(|e| e.to_string()));
                }
            });
            while !done.load(Ordering::Acquire) {
                let out = ffi_host(&["check", path_arg(&cut.path)]);
                assert_eq!(out.status.signal(), None, "killed: {}", text(&out.stderr));
                let stdout = text(&out.stdout);
                subprocesses.count(if out.status.success() {
                    assert!(stdout.ends_with(": compatible\n"), "{stdout}");
                    Ok(())
                } else {
                    Err(stdout.lines().next().unwrap_or_default().to_owned())
                });
            }
        });
        for outcomes in [&in_process, &subprocesses] {
            for error in &outcomes.errors {
                assert!(
                    error.starts_with(&format!("{name}: truncated: "))
                        || *error == format!("{name}: {CHANGING}"),
                    "{error}"
                );
            }
        }
        assert_eq!(PluginLibrary::check_file(&cut.path).ok(), Some(()));
        assert!(shortest < cut.full_len());
        eprintln!(
            "while the library was written: in-process {in_process}; ffi-host check {subprocesses}"
        );
    }

    const CHANGING: &str = "the file changed while it was being checked: still being written?";

    /// Checks of a file being written: how many passed, and the errors.
    #[derive(Default)]
    struct Outcomes {
        ok: usize,
        errors: Vec<String>,
    }

    impl Outcomes {
        fn count(&mut self, result: Result<(), String>) {
            match result {
                Ok(()) => self.ok += 1,
                Err(e) => self.errors.push(e),
            }
        }
    }

    impl std::fmt::Display for Outcomes {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            let changing = self.errors.iter().filter(|e| e.ends_with(CHANGING)).count();
            write!(
                f,
                "{} checks: {} accepted, {} truncated, {changing} changing",
                self.ok + self.errors.len(),
                self.ok,
                self.errors.len() - changing
            )
        }
    }
}
