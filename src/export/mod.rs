//! Writing the graph, or a selection of it, to files other tools read. Every file is written
//! to a temporary file beside its destination and renamed into place, so a failed write never
//! leaves half a file.
//!
//! One module per format: [`dot`] (Graphviz, the drawing), [`graphviz`] (running `dot` for svg
//! and png), [`json`] (the native format), [`graphml`], [`ftm`] (FollowTheMoney) and [`cypher`];
//! [`selection`] turns what a user asks for into the [`crate::subgraph::Subgraph`] they write,
//! and [`cap`] keeps a drawing of a large one readable.

pub mod cap;
pub mod cypher;
pub mod dot;
pub mod ftm;
pub mod graphml;
pub mod graphviz;
pub mod json;
pub mod request;
pub mod selection;

use std::io::{self, BufWriter, ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::error::Error;

/// The formats `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Graphviz DOT, to render or edit
    Dot,
    /// A drawing, rendered by Graphviz
    Svg,
    /// A picture, rendered by Graphviz
    Png,
    /// The native dataset format, which loads back into the same graph
    Json,
    /// GraphML with typed attributes, for Gephi, Cytoscape and yEd
    Graphml,
    /// FollowTheMoney JSON lines, for Aleph and the OpenSanctions tools
    Ftm,
    /// A Cypher script that loads the graph into Neo4j or Memgraph
    Cypher,
}

impl Format {
    /// Every format, in the order the grammar lists them.
    pub const ALL: [Format; 7] = [
        Format::Dot,
        Format::Svg,
        Format::Png,
        Format::Json,
        Format::Graphml,
        Format::Ftm,
        Format::Cypher,
    ];

    /// What the format is, for help.
    pub fn help(self) -> &'static str {
        match self {
            Format::Dot => "Graphviz DOT, to render or edit",
            Format::Svg => "A drawing, rendered by Graphviz",
            Format::Png => "A picture, rendered by Graphviz",
            Format::Json => "The native dataset format, which loads back into the same graph",
            Format::Graphml => "GraphML with typed attributes, for Gephi, Cytoscape and yEd",
            Format::Ftm => "FollowTheMoney JSON lines, for Aleph and the OpenSanctions tools",
            Format::Cypher => "A Cypher script that loads the graph into Neo4j or Memgraph",
        }
    }

    /// Whether the format is a Graphviz drawing (dot, svg, png).
    pub fn is_drawing(self) -> bool {
        matches!(self, Format::Dot | Format::Svg | Format::Png)
    }

    /// Whether the output is binary or meant for an image viewer rather than a terminal.
    pub fn is_image(self) -> bool {
        matches!(self, Format::Svg | Format::Png)
    }

    /// The format's name on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Dot => "dot",
            Format::Svg => "svg",
            Format::Png => "png",
            Format::Json => "json",
            Format::Graphml => "graphml",
            Format::Ftm => "ftm",
            Format::Cypher => "cypher",
        }
    }
}

/// A number (an amount, a stake) as the file formats write it, so that every reader takes it
/// back: an integer when it is a whole number a 64-bit float holds exactly (at most 2⁵³, well
/// inside a 64-bit integer, which Neo4j's integers are), otherwise the shortest decimal that
/// reads back the same, with an exponent when it is very large or small (`1e19`, `2.5e-7`),
/// never a 300-digit integer.
pub fn number(value: f64) -> String {
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2⁵³
    if value.fract() == 0.0 && value.abs() <= EXACT {
        // Whole and within ±2⁵³: the conversion is exact.
        format!("{}", value as i64)
    } else {
        format!("{value:?}")
    }
}

/// The file an `-o FILE` flag names; `None` for standard output (no flag, or `-o -`).
pub fn destination(output: &Option<std::path::PathBuf>) -> Option<&Path> {
    output.as_deref().filter(|path| *path != Path::new("-"))
}

/// Writes a file atomically: `write` fills a temporary file in the same folder, which then
/// replaces `path`. On any error the destination is untouched, the temporary file is removed
/// and the error names the destination. A destination that is neither a file nor a folder
/// (`/dev/stdout`, `/dev/null`, a named pipe) is written to in place: it cannot be half
/// written, and replacing it would destroy it.
///
/// The file replaced keeps what it was: a symbolic link stays a link and the file it leads to
/// is written (beside that file), and the new file gets the old one's permissions (and, where
/// the user may give them, its owner and group). A hard link is split: the name written leads
/// to the new file, the file's other names keep the old one, as with any atomic replacement.
///
/// An export killed before it could finish (Ctrl-C, `kill`, `kill -9`) leaves its temporary
/// file (`.dealgraph-XXXXXX.tmp`) behind; the next export to the same folder removes those that
/// no running export holds (each holds a lock on its own) and that are older than it.
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> Result<(), Error>,
) -> Result<(), Error> {
    let started = SystemTime::now();
    let shown = path.display().to_string();
    let cannot = |e: io::Error| Error::io(format!("cannot write {shown}"), e);
    let path = &final_target(path).map_err(cannot)?;
    let existing = std::fs::metadata(path).ok();
    if existing
        .as_ref()
        .is_some_and(|m| !m.is_file() && !m.is_dir())
    {
        let file = std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .map_err(cannot)?;
        let mut writer = BufWriter::new(file);
        write(&mut writer)?;
        return writer.flush().map_err(cannot);
    }
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX).suffix(TEMP_SUFFIX);
    // A temporary file is private; the export gets the permissions of any new file (the umask
    // still applies), as if it had been created in place.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    if path.is_dir() {
        return Err(Error::Usage(format!(
            "{shown} is a folder; name a file to write instead"
        )));
    }
    remove_stale(folder, started);
    let temp = builder.tempfile_in(folder).map_err(|e| {
        // Said of the destination's folder: the temporary file's name would only confuse.
        let why = match e.kind() {
            _ if !folder.is_dir() => format!(
                "the folder {} does not exist; create it, or write somewhere else",
                folder.display()
            ),
            ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem => format!(
                "the folder {} is not writable; write somewhere else",
                folder.display()
            ),
            kind => format!("cannot create a file in {}: {kind}", folder.display()),
        };
        cannot(io::Error::new(e.kind(), why))
    })?;
    // Held until the file is renamed into place or removed: an export of another process finds
    // it taken and leaves the file alone. Where locks are not supported, only the age counts.
    let _ = temp.as_file().try_lock();
    if let Some(old) = &existing {
        keep_metadata(temp.as_file(), old).map_err(cannot)?;
    }
    // Written through the `File`, whose errors (a full disk) do not name the temporary file;
    // on any error `temp` is dropped, which removes it.
    let mut writer = BufWriter::new(temp.as_file());
    write(&mut writer)?;
    writer.flush().map_err(cannot)?;
    drop(writer);
    temp.as_file().sync_all().map_err(cannot)?;
    temp.persist(path).map_err(|e| cannot(e.error))?;
    Ok(())
}

/// How the temporary files of [`write_atomically`] are named: `.dealgraph-XXXXXX.tmp`.
const TEMP_PREFIX: &str = ".dealgraph-";
const TEMP_SUFFIX: &str = ".tmp";

/// The file `path` leads to: itself, or through symbolic links (relative ones from the folder
/// of the link) the file at the end of them, which need not exist yet.
fn final_target(path: &Path) -> io::Result<PathBuf> {
    let mut at = path.to_path_buf();
    // As many links as Linux follows before it gives up (ELOOP).
    for _ in 0..40 {
        match std::fs::symlink_metadata(&at) {
            Ok(m) if m.file_type().is_symlink() => {
                let to = std::fs::read_link(&at)?;
                at = match at.parent() {
                    Some(folder) if to.is_relative() => folder.join(to),
                    _ => to,
                };
            }
            _ => return Ok(at),
        }
    }
    Err(io::Error::other(
        "too many symbolic links, or links that lead to each other; write to the file itself",
    ))
}

/// Gives the new file the permissions of the one it replaces, and its owner and group as far
/// as the user may (a user who may not give a file away keeps it, as with any file written).
fn keep_metadata(file: &std::fs::File, old: &std::fs::Metadata) -> io::Result<()> {
    file.set_permissions(old.permissions())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let new = file.metadata()?;
        if (new.uid(), new.gid()) != (old.uid(), old.gid()) {
            let _ = std::os::unix::fs::fchown(file, Some(old.uid()), Some(old.gid()))
                .or_else(|_| std::os::unix::fs::fchown(file, None, Some(old.gid())));
        }
    }
    Ok(())
}

/// Removes the temporary files that exports killed before they finished left in `folder`:
/// files named as [`write_atomically`] names them, last written before `started`, that no
/// process holds a lock on. What cannot be read or removed is left as it is.
fn remove_stale(folder: &Path, started: SystemTime) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        if !name.to_str().is_some_and(is_temp_name) {
            continue;
        }
        let Ok(meta) = entry.metadata() else { continue };
        let old = meta.modified().is_ok_and(|t| t < started);
        if !meta.is_file() || !old {
            continue;
        }
        let Ok(file) = std::fs::File::open(entry.path()) else {
            continue;
        };
        if file.try_lock().is_ok() {
            // Closed first: some systems remove no open file.
            drop(file);
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Whether a file name is one [`write_atomically`] gives its temporary files: the prefix, six
/// letters or digits, the suffix.
fn is_temp_name(name: &str) -> bool {
    name.strip_prefix(TEMP_PREFIX)
        .and_then(|rest| rest.strip_suffix(TEMP_SUFFIX))
        .is_some_and(|middle| {
            middle.len() == 6 && middle.chars().all(|c| c.is_ascii_alphanumeric())
        })
}

#[cfg(test)]
mod tests {
    use super::{is_temp_name, number};

    #[test]
    fn only_names_of_our_temporary_files_are_taken_for_stale_ones() {
        assert!(is_temp_name(".dealgraph-a1B2c3.tmp"));
        for name in [
            ".dealgraph-a1B2c3.tmp.bak",
            "dealgraph-a1B2c3.tmp",
            ".dealgraph-.tmp",
            ".dealgraph-a1B2c3d.tmp",
            ".dealgraph-a1/2c3.tmp",
            "notes.tmp",
        ] {
            assert!(!is_temp_name(name), "{name}");
        }
    }

    #[test]
    fn numbers_are_integers_only_within_what_a_float_holds_exactly() {
        assert_eq!(number(1e9), "1000000000");
        assert_eq!(number(-12.0), "-12");
        assert_eq!(number(12.5), "12.5");
        assert_eq!(number(9_007_199_254_740_992.0), "9007199254740992");
        assert_eq!(number(1e19), "1e19");
        assert_eq!(number(1.7976931348623157e308), "1.7976931348623157e308");
        assert_eq!(number(2.5e-7), "2.5e-7");
        for text in [number(1e19), number(f64::MAX), number(5e-324)] {
            assert!(text.len() < 30, "{text}");
        }
    }
}
