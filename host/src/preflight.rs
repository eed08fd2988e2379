//! The checks on a plugin file before it is handed to `dlopen`, which does not survive every
//! bad file: a library cut short kills the process with `SIGBUS` while it is mapped.
//!
//! The path must name a regular file that does not change while it is checked (a file still
//! being written, by cargo for example, is refused) and, on Linux, an ELF shared object for
//! this host whose mapped segments all lie within the file (see the `elf` module). On other
//! systems the file's format is left to the system's loader.

use std::fs::{self, File, FileType, Metadata};
use std::io;
use std::path::Path;
use std::time::SystemTime;

use crate::error::LoadErrorKind;

/// Checks the file at `path` (see the module's documentation).
///
/// # Errors
/// `NotFound`, `NotAFile`, `Unreadable`, `Changing`, and on Linux `NotALibrary` or `Truncated`
/// for a file that is not a complete ELF shared object for this host.
pub(crate) fn check(path: &Path) -> Result<(), LoadErrorKind> {
    // Looked at before opening: opening a FIFO would wait for a writer.
    regular_file(&fs::metadata(path).map_err(|e| io_error(&e))?)?;
    let file = File::open(path).map_err(|e| io_error(&e))?;
    let metadata = file.metadata().map_err(|e| io_error(&e))?;
    regular_file(&metadata)?;
    let before = Snapshot::of(&metadata);
    #[cfg(target_os = "linux")]
    let format = check_format(&file, before.len);
    // The format is left to the system's loader.
    #[cfg(not(target_os = "linux"))]
    let format = Ok(());
    match fs::metadata(path) {
        Ok(now) if Snapshot::of(&now) == before => format,
        _ => Err(LoadErrorKind::Changing),
    }
}

/// What a file's metadata says of its contents and identity: any write to the file, or a
/// new file in its place, changes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Snapshot {
    len: u64,
    modified: Option<SystemTime>,
    /// Device, inode, and time of the last change (which a write sets even where the time of
    /// modification is set back).
    #[cfg(unix)]
    identity: (u64, u64, i64, i64),
}

impl Snapshot {
    fn of(metadata: &Metadata) -> Self {
        #[cfg(unix)]
        use std::os::unix::fs::MetadataExt;
        Self {
            len: metadata.len(),
            modified: metadata.modified().ok(),
            #[cfg(unix)]
            identity: (
                metadata.dev(),
                metadata.ino(),
                metadata.ctime(),
                metadata.ctime_nsec(),
            ),
        }
    }
}

/// `Ok` for a regular file, else `NotAFile` saying what it is.
fn regular_file(metadata: &Metadata) -> Result<(), LoadErrorKind> {
    let file_type = metadata.file_type();
    if file_type.is_file() {
        return Ok(());
    }
    let what = if file_type.is_dir() {
        "directory"
    } else {
        special_file(file_type)
    };
    Err(LoadErrorKind::NotAFile {
        what: what.to_owned(),
    })
}

/// What a file that is neither a regular file nor a directory is.
#[cfg(unix)]
fn special_file(file_type: FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if file_type.is_fifo() {
        "FIFO"
    } else if file_type.is_socket() {
        "socket"
    } else if file_type.is_block_device() || file_type.is_char_device() {
        "device"
    } else {
        "special file"
    }
}

/// What a file that is neither a regular file nor a directory is.
#[cfg(not(unix))]
fn special_file(_: FileType) -> &'static str {
    "special file"
}

fn io_error(error: &io::Error) -> LoadErrorKind {
    if error.kind() == io::ErrorKind::NotFound {
        LoadErrorKind::NotFound
    } else {
        LoadErrorKind::Unreadable {
            reason: error.to_string(),
        }
    }
}

/// Reads the ELF header and program header table of `file`, `len` bytes long, and checks them.
#[cfg(target_os = "linux")]
fn check_format(file: &File, len: u64) -> Result<(), LoadErrorKind> {
    use std::io::Read;
    use std::os::unix::fs::FileExt;

    use crate::elf;

    let mut start = Vec::new();
    file.take(elf::Shape::HOST.header_len() as u64)
        .read_to_end(&mut start)
        .map_err(|e| io_error(&e))?;
    let headers = elf::check_header(&start, len)?;
    let mut table = vec![0; headers.len];
    file.read_exact_at(&mut table, headers.offset)
        .map_err(|e| io_error(&e))?;
    elf::check_segments(headers, &table, len)
}

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::path::PathBuf;
    use std::time::Duration;

    use super::*;

    /// A new file of `bytes` in the system's temporary directory, named for `test`.
    fn temp_file(test: &str, bytes: &[u8]) -> PathBuf {
        let path =
            std::env::temp_dir().join(format!("ffi-host-preflight-{}-{test}", std::process::id()));
        fs::write(&path, bytes).expect("write a temporary file");
        path
    }

    fn snapshot(path: &Path) -> Snapshot {
        Snapshot::of(&fs::metadata(path).expect("metadata"))
    }

    #[test]
    fn a_file_left_alone_keeps_its_snapshot() {
        let path = temp_file("alone", b"0123456789");
        let before = Snapshot::of(&File::open(&path).unwrap().metadata().unwrap());
        let _ = fs::read(&path).expect("read");
        assert_eq!(snapshot(&path), before);
        fs::remove_file(path).unwrap();
    }

    #[test]
    fn a_file_written_to_gets_another_snapshot() {
        let path = temp_file("written", b"0123456789");
        let before = snapshot(&path);
        // Appended to: longer.
        let mut file = fs::OpenOptions::new().append(true).open(&path).unwrap();
        file.write_all(b"more").unwrap();
        assert_ne!(snapshot(&path), before);
        // Rewritten in place at the same length, its time of modification set back.
        let before = snapshot(&path);
        let modified = before.modified.expect("a time of modification");
        let file = fs::OpenOptions::new().write(true).open(&path).unwrap();
        file.set_len(0).unwrap();
        file.set_len(14).unwrap();
        file.set_modified(modified).unwrap();
        let after = snapshot(&path);
        assert_eq!((after.len, after.modified), (before.len, before.modified));
        #[cfg(unix)]
        assert_ne!(after, before, "the time of change moved");
        // Only its time of modification changed.
        file.set_modified(modified + Duration::from_secs(1))
            .unwrap();
        assert_ne!(snapshot(&path), after);
        fs::remove_file(path).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_file_replaced_by_another_gets_another_snapshot() {
        let path = temp_file("replaced", b"same bytes");
        let before = snapshot(&path);
        let other = temp_file("replacement", b"same bytes");
        fs::rename(&other, &path).unwrap();
        assert_ne!(snapshot(&path), before);
        fs::remove_file(path).unwrap();
    }

    #[test]
    fn non_files_are_refused_with_what_they_are() {
        let dir = std::env::temp_dir();
        assert_eq!(
            check(&dir),
            Err(LoadErrorKind::NotAFile {
                what: "directory".into()
            })
        );
        let missing = dir.join(format!("ffi-host-preflight-{}-none", std::process::id()));
        assert_eq!(check(&missing), Err(LoadErrorKind::NotFound));
        #[cfg(unix)]
        assert_eq!(
            check(Path::new("/dev/null")),
            Err(LoadErrorKind::NotAFile {
                what: "device".into()
            })
        );
    }
}
