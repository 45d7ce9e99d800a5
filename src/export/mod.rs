//! Writing the graph, or a selection of it, to files other tools read. Every file is written
//! to a temporary file beside its destination and renamed into place, so a failed write never
//! leaves half a file.

pub mod json;

use std::io::{BufWriter, Write};
use std::path::Path;

use crate::error::Error;

/// Writes a file atomically: `write` fills a temporary file in the same folder, which then
/// replaces `path`. On any error the destination is untouched.
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> Result<(), Error>,
) -> Result<(), Error> {
    let shown = path.display().to_string();
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let temp = tempfile::Builder::new()
        .prefix(".dealgraph-")
        .suffix(".tmp")
        .tempfile_in(folder)
        .map_err(|e| Error::io(format!("cannot create a file in {}", folder.display()), e))?;
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
