//! Which files may be read, and how much of them: regular files, and standard input when it is
//! named (`/dev/stdin`); never a device such as `/dev/zero`, which never ends, nor a named
//! pipe, which blocks forever when nothing writes to it. Lines and pipes are read with a cap,
//! so that no input can take all the memory. A large regular file is mapped rather than read
//! ([`Mapped`]), so that the parts already read can leave memory ([`release`]).

use std::fs::File;
use std::io::{self, BufRead, Read};
use std::path::Path;
use std::sync::{Arc, Mutex};

use memmap2::{Mmap, UncheckedAdvice};

/// The longest line read from a data file, a script or a history file: 256 MiB.
pub const LINE_LIMIT: u64 = 256 << 20;

/// The most read from a pipe as one document: 4 GiB (a file on disk has no cap).
pub const PIPE_LIMIT: u64 = 4 << 30;

/// A regular file this large or larger is mapped into memory rather than read: 64 MiB.
pub const MAP_FROM: u64 = 64 << 20;

/// The files mapped now, for [`release`].
static MAPPED: Mutex<Vec<Arc<Mmap>>> = Mutex::new(Vec::new());

/// A regular file mapped into memory, to be read as text. The text read from a file stays in
/// memory only while it is read: the parts already read are let go with [`release`], and read
/// from the file again if they are needed again (a located problem, say).
pub struct Mapped {
    map: Arc<Mmap>,
}

impl Mapped {
    /// Maps a regular file.
    pub fn open(file: &File) -> io::Result<Mapped> {
        // SAFETY: the map is only read. Only a program that cut the file short while it is
        // read could make reading the map fail, as for a snapshot (`load::snapshot`).
        let map = Arc::new(unsafe { Mmap::map(file) }?);
        lock_mapped().push(Arc::clone(&map));
        Ok(Mapped { map })
    }

    /// The file's bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.map
    }
}

impl Drop for Mapped {
    fn drop(&mut self) {
        lock_mapped().retain(|map| !Arc::ptr_eq(map, &self.map));
    }
}

fn lock_mapped() -> std::sync::MutexGuard<'static, Vec<Arc<Mmap>>> {
    // The list is whole even if a thread panicked while it held it.
    MAPPED
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Lets the memory that holds `part` go when it is text of a [`Mapped`] file, which is read
/// from the file again if it is touched again; does nothing for any other text.
pub fn release(part: &[u8]) {
    let start = part.as_ptr() as usize;
    for map in lock_mapped().iter() {
        let base = map.as_ptr() as usize;
        if start >= base && start + part.len() <= base + map.len() {
            // SAFETY: the map is a private, read-only map of a file: its pages let go are read
            // from the file again when touched, so its bytes stay what they were.
            let _ = unsafe {
                map.unchecked_advise_range(UncheckedAdvice::DontNeed, start - base, part.len())
            };
        }
    }
}

/// What kind of file a path is, for reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A regular file: its size is known, and it ends.
    Regular,
    /// This process's standard input, named as a file (`/dev/stdin`): a pipe the user chose.
    StandardInput,
}

/// Whether `path` may be read, and what it is; the error says why not and what to do.
pub fn readable(path: &Path) -> Result<Kind, String> {
    let shown = path.display();
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        // Opening it will tell (no such file, permission denied).
        Err(_) => return Ok(Kind::Regular),
    };
    if meta.is_file() || meta.is_dir() {
        return Ok(Kind::Regular);
    }
    if is_standard_input(&meta) {
        return Ok(Kind::StandardInput);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let kind = meta.file_type();
        if kind.is_fifo() {
            return Err(format!(
                "{shown} is a named pipe, which would wait for a writer forever; give its data on \
                 standard input (`< {shown}`, read as /dev/stdin) or save it to a file"
            ));
        }
        if kind.is_socket() {
            return Err(format!(
                "{shown} is a socket, not a file; save its data to a file"
            ));
        }
    }
    Err(format!(
        "{shown} is a device, not a file: it may never end; give a file"
    ))
}

/// Whether the file `meta` describes is this process's standard input, which the user chose.
fn is_standard_input(meta: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        use std::os::unix::fs::MetadataExt;
        let Ok(fd) = io::stdin().as_fd().try_clone_to_owned() else {
            return false;
        };
        let Ok(stdin) = File::from(fd).metadata() else {
            return false;
        };
        // A terminal or a device on standard input is no more finite than any other.
        let finite = stdin.is_file() || {
            use std::os::unix::fs::FileTypeExt;
            stdin.file_type().is_fifo()
        };
        finite && stdin.dev() == meta.dev() && stdin.ino() == meta.ino()
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        false
    }
}

/// Reads one line (up to and with its `\n`) into `line`, at most `limit` bytes. Returns how
/// many bytes were read and whether the line was cut at the limit.
pub fn read_line_capped(
    input: &mut impl BufRead,
    line: &mut Vec<u8>,
    limit: u64,
) -> io::Result<(usize, bool)> {
    let n = input.by_ref().take(limit).read_until(b'\n', line)?;
    let cut = n as u64 == limit && !line.ends_with(b"\n");
    Ok((n, cut))
}

/// Reads the rest of `input` into `bytes`, at most `limit` bytes; `true` when there was more.
pub fn read_capped(input: &mut impl Read, bytes: &mut Vec<u8>, limit: u64) -> io::Result<bool> {
    let n = input.by_ref().take(limit).read_to_end(bytes)?;
    if n as u64 == limit {
        let mut one = [0u8; 1];
        return Ok(input.read(&mut one)? > 0);
    }
    Ok(false)
}

/// "256 MiB", for messages about the caps.
pub fn size(bytes: u64) -> String {
    if bytes >= 1 << 30 {
        format!("{} GiB", bytes >> 30)
    } else {
        format!("{} MiB", bytes >> 20)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mapped_file_reads_the_same_after_its_parts_are_let_go() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("text.json");
        let text: String = (0..200_000).map(|i| format!("line {i} é\n")).collect();
        std::fs::write(&path, &text).unwrap();
        let mapped = Mapped::open(&File::open(&path).unwrap()).unwrap();
        assert_eq!(mapped.bytes(), text.as_bytes());
        release(&mapped.bytes()[10_001..1_500_000]);
        release(mapped.bytes());
        assert_eq!(mapped.bytes(), text.as_bytes());
        // Text that is not of a mapped file is left as it is.
        let held = text.clone().into_bytes();
        release(&held);
        assert_eq!(held, text.as_bytes());
        drop(mapped);
        assert!(lock_mapped().iter().all(|map| map.len() != text.len()));
    }

    #[test]
    fn a_device_is_refused_and_a_file_is_read() {
        assert!(
            readable(Path::new("/dev/zero"))
                .unwrap_err()
                .contains("a device")
        );
        assert_eq!(readable(Path::new("Cargo.toml")), Ok(Kind::Regular));
    }

    #[test]
    fn a_line_longer_than_the_cap_is_cut_and_said_so() {
        let mut input: &[u8] = b"abcdef\nxy\n";
        let mut line = Vec::new();
        assert_eq!(
            read_line_capped(&mut input, &mut line, 4).unwrap(),
            (4, true)
        );
        let mut input: &[u8] = b"ab\ncd";
        line.clear();
        assert_eq!(
            read_line_capped(&mut input, &mut line, 4).unwrap(),
            (3, false)
        );
    }

    #[test]
    fn reading_past_the_cap_is_said_so() {
        let mut bytes = Vec::new();
        assert!(read_capped(&mut &b"abcdef"[..], &mut bytes, 4).unwrap());
        bytes.clear();
        assert!(!read_capped(&mut &b"abcd"[..], &mut bytes, 4).unwrap());
    }
}
