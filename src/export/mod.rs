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
pub mod selection;

use std::io::{self, BufWriter, ErrorKind, Write};
use std::path::Path;

use crate::error::Error;

/// The formats `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
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

#[cfg(test)]
mod tests {
    use super::number;

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
