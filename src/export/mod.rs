//! Writing the graph, or a selection of it, to files other tools read. Every file is written
//! to a temporary file beside its destination and renamed into place, so a failed write never
//! leaves half a file.
//!
//! One module per format: [`dot`] (Graphviz, the drawing), [`graphviz`] (running `dot` for svg
//! and png), [`json`] (the native format), [`graphml`], [`ftm`] (FollowTheMoney) and [`cypher`];
//! [`selection`] turns what a user asks for into the [`crate::subgraph::Subgraph`] they write.

pub mod cypher;
pub mod dot;
pub mod ftm;
pub mod graphml;
pub mod graphviz;
pub mod json;
pub mod request;
pub mod selection;

use std::io::{self, BufWriter, ErrorKind, Write};
use std::path::Path;

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

/// The file an `-o FILE` flag names; `None` for standard output (no flag, or `-o -`).
pub fn destination(output: &Option<std::path::PathBuf>) -> Option<&Path> {
    output.as_deref().filter(|path| *path != Path::new("-"))
}

/// Writes a file atomically: `write` fills a temporary file in the same folder, which then
/// replaces `path`. On any error the destination is untouched. A destination that is neither
/// a file nor a folder (`/dev/stdout`, `/dev/null`, a named pipe) is written to in place: it
/// cannot be half written, and replacing it would destroy it.
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> Result<(), Error>,
) -> Result<(), Error> {
    let shown = path.display().to_string();
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
        let file = std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .map_err(|e| Error::io(format!("cannot write {shown}"), e))?;
        let mut writer = BufWriter::new(file);
        write(&mut writer)?;
        return writer
            .flush()
            .map_err(|e| Error::io(format!("cannot write {shown}"), e));
    }
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".dealgraph-").suffix(".tmp");
    // A temporary file is private; the export gets the permissions of any new file (the umask
    // still applies), as if it had been created in place.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    if path.is_dir() {
        return Err(Error::Usage(format!(
            "{shown} is a folder; name a file to write instead"
        )));
    }
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
        Error::io(
            format!("cannot write {shown}"),
            io::Error::new(e.kind(), why),
        )
    })?;
    let mut writer = BufWriter::new(temp);
    write(&mut writer)?;
    let temp = writer
        .into_inner()
        .map_err(|e| Error::io(format!("cannot write {shown}"), e.into_error()))?;
    temp.as_file()
        .sync_all()
        .map_err(|e| Error::io(format!("cannot write {shown}"), e))?;
    temp.persist(path)
        .map_err(|e| Error::io(format!("cannot write {shown}"), e.error))?;
    Ok(())
}
