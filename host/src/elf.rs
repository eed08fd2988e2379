//! The parts of an ELF file that the dynamic loader maps, checked against the file's length and
//! this host before `dlopen`: the header (magic, class, byte order, type, machine), the program
//! header table, and the loadable (`PT_LOAD`) and dynamic (`PT_DYNAMIC`) segments.
//!
//! The loader maps segments with `mmap` and touches their pages: a segment that ends past the
//! end of the file (a library cut short, or still being written) kills the process with
//! `SIGBUS` inside `dlopen`. Checking the numbers first turns that into an error. Plain safe
//! code over bytes: only the header and the program header table are read.

use crate::error::LoadErrorKind;

/// The ELF magic number, the first four bytes of every ELF file.
const MAGIC: [u8; 4] = [0x7f, b'E', b'L', b'F'];
/// `e_type` of a shared object (`ET_DYN`).
const ET_DYN: u16 = 3;
/// `p_type` of a loadable segment.
const PT_LOAD: u32 = 1;
/// `p_type` of the dynamic section's segment.
const PT_DYNAMIC: u32 = 2;
/// `e_phnum` meaning "more than 65534, see section 0" (`PN_XNUM`), which loaders do not take.
const PN_XNUM: u16 = 0xffff;

/// `e_machine` codes and their names, for the messages.
const MACHINES: &[(u16, &str)] = &[
    (3, "x86"),
    (8, "MIPS"),
    (20, "PowerPC"),
    (21, "PowerPC64"),
    (22, "S/390"),
    (40, "ARM"),
    (62, "x86-64"),
    (183, "AArch64"),
    (243, "RISC-V"),
    (258, "LoongArch"),
];

/// This host's `e_machine`, where it is in [`MACHINES`] (elsewhere the loader checks it).
const HOST_MACHINE: Option<u16> = if cfg!(target_arch = "x86") {
    Some(3)
} else if cfg!(any(target_arch = "mips", target_arch = "mips64")) {
    Some(8)
} else if cfg!(target_arch = "powerpc") {
    Some(20)
} else if cfg!(target_arch = "powerpc64") {
    Some(21)
} else if cfg!(target_arch = "s390x") {
    Some(22)
} else if cfg!(target_arch = "arm") {
    Some(40)
} else if cfg!(target_arch = "x86_64") {
    Some(62)
} else if cfg!(target_arch = "aarch64") {
    Some(183)
} else if cfg!(any(target_arch = "riscv32", target_arch = "riscv64")) {
    Some(243)
} else if cfg!(target_arch = "loongarch64") {
    Some(258)
} else {
    None
};

/// The shape of an ELF file: its class (32- or 64-bit) and byte order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Shape {
    /// 64-bit (`ELFCLASS64`), else 32-bit.
    wide: bool,
    /// Little-endian (`ELFDATA2LSB`), else big-endian.
    little: bool,
}

impl Shape {
    /// This host's.
    pub(crate) const HOST: Self = Self {
        wide: cfg!(target_pointer_width = "64"),
        little: cfg!(target_endian = "little"),
    };

    /// Bytes in the ELF header.
    pub(crate) const fn header_len(self) -> usize {
        if self.wide {
            64
        } else {
            52
        }
    }

    /// Bytes in one program header.
    const fn program_header_len(self) -> usize {
        if self.wide {
            56
        } else {
            32
        }
    }

    fn bits(self) -> &'static str {
        if self.wide {
            "64-bit"
        } else {
            "32-bit"
        }
    }

    fn byte_order(self) -> &'static str {
        if self.little {
            "little-endian"
        } else {
            "big-endian"
        }
    }

    /// The `N`-byte unsigned number at `at` in `bytes`, in this byte order (0 where `bytes` is
    /// too short, which callers have ruled out).
    fn number<const N: usize>(self, bytes: &[u8], at: usize) -> u64 {
        let mut value = [0; 8];
        let field = bytes.get(at..at + N).unwrap_or_default();
        if self.little {
            value[..field.len()].copy_from_slice(field);
            u64::from_le_bytes(value)
        } else {
            value[8 - field.len()..].copy_from_slice(field);
            u64::from_be_bytes(value)
        }
    }

    fn u16(self, bytes: &[u8], at: usize) -> u16 {
        u16::try_from(self.number::<2>(bytes, at)).unwrap_or(u16::MAX)
    }

    fn u32(self, bytes: &[u8], at: usize) -> u32 {
        u32::try_from(self.number::<4>(bytes, at)).unwrap_or(u32::MAX)
    }

    /// An address-sized field (`Elf64_Off`/`Elf32_Off`, `Xword`/`Word`).
    fn word(self, bytes: &[u8], at: usize) -> u64 {
        if self.wide {
            self.number::<8>(bytes, at)
        } else {
            self.number::<4>(bytes, at)
        }
    }
}

/// Where the program header table is, from a valid header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ProgramHeaders {
    shape: Shape,
    /// Its offset in the file.
    pub(crate) offset: u64,
    /// Its size in bytes (entries × entry size).
    pub(crate) len: usize,
}

/// Checks the ELF header at the start of a file of `file_len` bytes (`start` is the file's
/// first bytes, up to [`Shape::header_len`] of this host: fewer only when the file is shorter):
/// an ELF shared object for this host's class, byte order and machine, whose program header
/// table lies within the file.
///
/// # Errors
/// `NotALibrary` with the reason, or `Truncated` when the header or the table is cut short.
pub(crate) fn check_header(start: &[u8], file_len: u64) -> Result<ProgramHeaders, LoadErrorKind> {
    let shape = check_shape(start, file_len)?;
    check_type_and_machine(shape, start)?;
    let (offset, entry_len, count) = if shape.wide {
        (
            shape.word(start, 32),
            shape.u16(start, 54),
            shape.u16(start, 56),
        )
    } else {
        (
            shape.word(start, 28),
            shape.u16(start, 42),
            shape.u16(start, 44),
        )
    };
    if count == 0 || count == PN_XNUM {
        return Err(not_a_library(&format!(
            "{count} program headers (a library has between 1 and 65534)"
        )));
    }
    if usize::from(entry_len) != shape.program_header_len() {
        return Err(not_a_library(&format!(
            "program headers of {entry_len} bytes, expected {}",
            shape.program_header_len()
        )));
    }
    let len = usize::from(count) * usize::from(entry_len);
    let end = offset
        .checked_add(len as u64)
        .ok_or_else(|| not_a_library("the program header table's offset is out of range"))?;
    if end > file_len {
        return Err(truncated("the program header table", end, file_len));
    }
    Ok(ProgramHeaders { shape, offset, len })
}

/// The class and byte order of the ELF file starting with `start`, checked against this host's,
/// and that `start` holds the whole header.
fn check_shape(start: &[u8], file_len: u64) -> Result<Shape, LoadErrorKind> {
    let host = Shape::HOST;
    let cut_header = |len: usize| truncated("the ELF header", len as u64, file_len);
    if !start.starts_with(&MAGIC) {
        return if MAGIC.starts_with(start) {
            Err(cut_header(host.header_len()))
        } else {
            Err(not_a_library("not an ELF file (no ELF magic number)"))
        };
    }
    let shape = match (start.get(4), start.get(5)) {
        (Some(&class @ 1..=2), Some(&data @ 1..=2)) => Shape {
            wide: class == 2,
            little: data == 1,
        },
        (Some(&class), Some(&data)) => {
            return Err(not_a_library(&format!(
                "an ELF file of unknown class {class} or byte order {data}"
            )))
        }
        _ => return Err(cut_header(host.header_len())),
    };
    let mismatch = if shape.wide == host.wide {
        (shape.little != host.little).then(|| (shape.byte_order(), host.byte_order()))
    } else {
        Some((shape.bits(), host.bits()))
    };
    if let Some((file, ours)) = mismatch {
        return Err(not_a_library(&format!(
            "a {file} ELF file, this host is {ours}"
        )));
    }
    if start.len() < shape.header_len() {
        return Err(cut_header(shape.header_len()));
    }
    Ok(shape)
}

/// Checks that the header `start` is of a shared object for this host's machine.
fn check_type_and_machine(shape: Shape, start: &[u8]) -> Result<(), LoadErrorKind> {
    let kind = shape.u16(start, 16);
    if kind != ET_DYN {
        let what = match kind {
            1 => "a relocatable object file",
            2 => "an executable",
            4 => "a core dump",
            _ => "an ELF file of another type",
        };
        return Err(not_a_library(&format!(
            "{what} (ELF type {kind}), not a shared library"
        )));
    }
    let machine = shape.u16(start, 18);
    if let Some(host_machine) = HOST_MACHINE.filter(|&m| m != machine) {
        return Err(not_a_library(&format!(
            "built for {}, this host is {}",
            machine_name(machine),
            machine_name(host_machine)
        )));
    }
    Ok(())
}

/// Checks the program header table `table` (read from where `headers` says) of a file of
/// `file_len` bytes: there is a loadable segment, and every loadable segment and the dynamic
/// segment lie within the file.
///
/// # Errors
/// `Truncated` naming the first segment (in table order) that ends past the end of the file;
/// `NotALibrary` for a segment whose end overflows, or a table without loadable segments.
pub(crate) fn check_segments(
    headers: ProgramHeaders,
    table: &[u8],
    file_len: u64,
) -> Result<(), LoadErrorKind> {
    let shape = headers.shape;
    let mut loadable = 0_usize;
    for (index, entry) in table.chunks_exact(shape.program_header_len()).enumerate() {
        let kind = shape.u32(entry, 0);
        let (offset, size) = if shape.wide {
            (shape.word(entry, 8), shape.word(entry, 32))
        } else {
            (shape.word(entry, 4), shape.word(entry, 16))
        };
        let name = match kind {
            PT_LOAD => "PT_LOAD",
            PT_DYNAMIC => "PT_DYNAMIC",
            _ => continue,
        };
        loadable += usize::from(kind == PT_LOAD);
        let end = offset.checked_add(size).ok_or_else(|| {
            not_a_library(&format!("segment {index} ({name})'s end is out of range"))
        })?;
        if end > file_len {
            return Err(truncated(
                &format!("segment {index} ({name})"),
                end,
                file_len,
            ));
        }
    }
    if loadable == 0 {
        return Err(not_a_library("no loadable segments"));
    }
    Ok(())
}

fn machine_name(machine: u16) -> String {
    MACHINES
        .iter()
        .find(|(code, _)| *code == machine)
        .map_or_else(
            || format!("ELF machine {machine}"),
            |(_, name)| format!("{name} (ELF machine {machine})"),
        )
}

fn not_a_library(reason: &str) -> LoadErrorKind {
    LoadErrorKind::NotALibrary {
        reason: reason.to_owned(),
    }
}

fn truncated(part: &str, end: u64, file_len: u64) -> LoadErrorKind {
    LoadErrorKind::Truncated {
        part: part.to_owned(),
        end,
        file_len,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOST: Shape = Shape::HOST;

    /// An ELF header for this host followed by program headers `(type, offset, size)`.
    fn library(segments: &[(u32, u64, u64)]) -> Vec<u8> {
        let mut bytes = vec![0; HOST.header_len()];
        let put = |bytes: &mut Vec<u8>, at: usize, len: usize, value: u64| {
            let all = if HOST.little {
                value.to_le_bytes()
            } else {
                value.to_be_bytes()
            };
            let field = if HOST.little {
                &all[..len]
            } else {
                &all[8 - len..]
            };
            bytes[at..at + len].copy_from_slice(field);
        };
        bytes[..4].copy_from_slice(&MAGIC);
        bytes[4] = if HOST.wide { 2 } else { 1 };
        bytes[5] = if HOST.little { 1 } else { 2 };
        bytes[6] = 1;
        put(&mut bytes, 16, 2, ET_DYN.into());
        put(&mut bytes, 18, 2, HOST_MACHINE.unwrap_or(0).into());
        let entry = HOST.program_header_len();
        let count = segments.len() as u64;
        if HOST.wide {
            put(&mut bytes, 32, 8, 64);
            put(&mut bytes, 54, 2, entry as u64);
            put(&mut bytes, 56, 2, count);
        } else {
            put(&mut bytes, 28, 4, 52);
            put(&mut bytes, 42, 2, entry as u64);
            put(&mut bytes, 44, 2, count);
        }
        for &(kind, offset, size) in segments {
            let at = bytes.len();
            bytes.resize(at + entry, 0);
            put(&mut bytes, at, 4, kind.into());
            if HOST.wide {
                put(&mut bytes, at + 8, 8, offset);
                put(&mut bytes, at + 32, 8, size);
            } else {
                put(&mut bytes, at + 4, 4, offset);
                put(&mut bytes, at + 16, 4, size);
            }
        }
        bytes
    }

    /// Checks `bytes` as the first bytes of a file of `file_len` bytes.
    fn check(bytes: &[u8], file_len: u64) -> Result<(), LoadErrorKind> {
        let start = &bytes[..bytes.len().min(HOST.header_len())];
        let headers = check_header(start, file_len)?;
        let at = usize::try_from(headers.offset).unwrap();
        check_segments(headers, &bytes[at..at + headers.len], file_len)
    }

    fn reason(result: Result<(), LoadErrorKind>) -> String {
        match result {
            Err(LoadErrorKind::NotALibrary { reason }) => reason,
            other => panic!("not NotALibrary: {other:?}"),
        }
    }

    const PT_NOTE: u32 = 4;
    /// Two loadable segments, ending at 0x1500, the dynamic one inside the second, and a note
    /// whose numbers are nonsense (it is not mapped, so not checked).
    const SEGMENTS: &[(u32, u64, u64)] = &[
        (PT_LOAD, 0, 0x1000),
        (PT_LOAD, 0x1000, 0x500),
        (PT_DYNAMIC, 0x1200, 0x100),
        (PT_NOTE, u64::MAX, 0x10),
    ];

    #[test]
    fn a_complete_library_is_accepted_and_one_byte_less_is_not() {
        let bytes = library(SEGMENTS);
        assert_eq!(check(&bytes, 0x1500), Ok(()));
        assert_eq!(check(&bytes, 0x1_0000), Ok(()));
        assert_eq!(
            check(&bytes, 0x14ff),
            Err(truncated("segment 1 (PT_LOAD)", 0x1500, 0x14ff))
        );
        // The first segment cut short is named.
        assert_eq!(
            check(&bytes, 0xfff),
            Err(truncated("segment 0 (PT_LOAD)", 0x1000, 0xfff))
        );
    }

    #[test]
    fn the_dynamic_segment_must_lie_within_the_file() {
        let bytes = library(&[(PT_LOAD, 0, 0x1000), (PT_DYNAMIC, 0x2000, 0x10)]);
        assert_eq!(
            check(&bytes, 0x1000),
            Err(truncated("segment 1 (PT_DYNAMIC)", 0x2010, 0x1000))
        );
    }

    #[test]
    fn a_cut_header_or_table_is_truncated() {
        let bytes = library(SEGMENTS);
        let header = HOST.header_len();
        for len in 0..bytes.len() {
            let (part, end) = if len < header {
                ("the ELF header", header)
            } else {
                ("the program header table", bytes.len())
            };
            assert_eq!(
                check(&bytes[..len], len as u64),
                Err(truncated(part, end as u64, len as u64)),
                "cut at {len}"
            );
        }
    }

    #[test]
    fn foreign_files_are_not_libraries_with_the_reason() {
        let good = library(SEGMENTS);
        let with = |at: usize, byte: u8| {
            let mut bytes = good.clone();
            bytes[at] = byte;
            reason(check(&bytes, 0x1500))
        };
        assert_eq!(
            reason(check(b"just some text\n", 15)),
            "not an ELF file (no ELF magic number)"
        );
        let other_class = if HOST.wide { 1 } else { 2 };
        assert!(with(4, other_class).contains(if HOST.wide { "a 32-bit" } else { "a 64-bit" }));
        let other_order = if HOST.little { 2 } else { 1 };
        assert!(with(5, other_order).ends_with(&format!("this host is {}", HOST.byte_order())));
        assert!(with(4, 7).contains("unknown class 7"));
        // The type's low byte, in either byte order: 2 is an executable.
        let type_at = if HOST.little { 16 } else { 17 };
        assert_eq!(
            with(type_at, 2),
            "an executable (ELF type 2), not a shared library"
        );
        if let Some(machine) = HOST_MACHINE {
            let mut bytes = good.clone();
            let other: u16 = if machine == 183 { 62 } else { 183 };
            let code = if HOST.little {
                other.to_le_bytes()
            } else {
                other.to_be_bytes()
            };
            bytes[18..20].copy_from_slice(&code);
            let reason = reason(check(&bytes, 0x1500));
            assert!(reason.starts_with("built for "), "{reason}");
            assert!(
                reason.contains(&format!("(ELF machine {other})")),
                "{reason}"
            );
            assert!(reason.contains("this host is "), "{reason}");
        }
    }

    #[test]
    fn impossible_numbers_are_not_libraries() {
        assert_eq!(
            reason(check(&library(&[(PT_NOTE, 0, 0x10)]), 0x1000)),
            "no loadable segments"
        );
        assert_eq!(
            reason(check(&library(&[]), 0x1000)),
            "0 program headers (a library has between 1 and 65534)"
        );
        if HOST.wide {
            let overflowing = library(&[(PT_LOAD, u64::MAX, 2)]);
            assert_eq!(
                reason(check(&overflowing, 0x1000)),
                "segment 0 (PT_LOAD)'s end is out of range"
            );
        }
    }
}
