//! Reading files and folders: a folder's data files in name order, each file's format
//! detected from its content (or forced), JSON lines read record by record, and a progress bar
//! for large files.

use std::collections::{BTreeMap, HashSet};
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use serde_json::value::RawValue;

use super::import::{Imported, Reader};
use super::{
    Format, GraphBuilder, ImportState, Loaded, PROBLEM_LIMIT, bods, format, ftm, gleif, json,
    mapping, native, ocds,
};
use crate::diagnostic::{Diagnostic, Location};
use crate::files::LINE_LIMIT;

/// Files above this size show a progress bar while they are read (on a terminal only).
const PROGRESS_FROM_BYTES: u64 = 4 << 20;

impl GraphBuilder<'_> {
    /// Reads a file, or every data file under a folder in name order.
    pub fn add_path(&mut self, path: &Path) {
        let shown = path.display().to_string();
        if path.is_dir() {
            let mut files = Vec::new();
            if let Err(err) = data_files(path, &mut files) {
                self.problems.push(Diagnostic::file(
                    &shown,
                    format!("cannot read the folder: {err}"),
                ));
            }
            if files.is_empty() {
                self.problems.push(Diagnostic::file(
                    &shown,
                    "the folder holds no data files (*.json, *.jsonl, *.ijson, *.ndjson)",
                ));
            }
            for file in files {
                self.add_file(&file);
            }
        } else {
            self.add_file(path);
        }
    }

    /// Reads a file: line by line when its first line is a whole JSON object of an open-data
    /// format (JSON lines), else as one JSON document.
    fn add_file(&mut self, path: &Path) {
        let shown = path.display().to_string();
        let forced = self.options.format;
        match (forced, format::by_extension(path)) {
            (Some(Format::Mapping), _) | (None, Some(format::Extension::Mapping)) => {
                self.add_mapping(path, None);
                return;
            }
            (_, Some(format::Extension::Csv)) => {
                match self.options.mapping.clone() {
                    Some(mapping) => {
                        self.mapped = true;
                        self.add_mapping(&mapping, Some(path));
                    }
                    None => self.problems.push(Diagnostic::file(
                        &shown,
                        "a CSV table is read through a FollowTheMoney mapping that says which \
                         columns make which entities; give one with --mapping MAPPING.yml (see \
                         examples/*.yml)",
                    )),
                }
                return;
            }
            _ => {}
        }
        let kind = match crate::files::readable(path) {
            Ok(kind) => kind,
            Err(message) => {
                self.problems.push(Diagnostic {
                    location: None,
                    message,
                });
                return;
            }
        };
        let file = match File::open(path) {
            Ok(file) => file,
            Err(err) => {
                let message = if err.kind() == std::io::ErrorKind::NotFound {
                    format!("{shown}: no such file or folder")
                } else {
                    format!("{shown}: cannot read it: {err}")
                };
                self.problems.push(Diagnostic {
                    location: None,
                    message,
                });
                return;
            }
        };
        let size = file.metadata().map(|m| m.len()).unwrap_or(0);
        let progress = progress_bar(size, &shown);
        let mut reader = BufReader::with_capacity(1 << 16, progress.wrap_read(file));
        if reader
            .fill_buf()
            .is_ok_and(|head| head.starts_with(super::snapshot::MAGIC))
        {
            let mut bytes = Vec::new();
            if let Err(err) = std::io::Read::read_to_end(&mut reader, &mut bytes) {
                self.unreadable(&shown, err);
                return;
            }
            progress.finish_and_clear();
            match super::snapshot::dataset(&shown, &bytes) {
                Ok(dataset) => self.loaded.push(Loaded {
                    name: shown,
                    format: Format::Snapshot,
                    dataset,
                    import: None,
                }),
                Err(crate::error::Error::Data(problems)) => self.problems.extend(problems),
                Err(err) => self.problems.push(Diagnostic {
                    location: None,
                    message: format!("{err:#}"),
                }),
            }
            return;
        }
        if reader.fill_buf().is_ok_and(|head| head.first() == Some(&0)) {
            self.problems.push(Diagnostic::file(
                &shown,
                "starts with a zero byte: a binary file, not JSON; give a data file",
            ));
            return;
        }
        let mut bytes = Vec::new();
        let first_cut = match crate::files::read_line_capped(&mut reader, &mut bytes, LINE_LIMIT) {
            Ok((_, cut)) => cut,
            Err(err) => {
                self.unreadable(&shown, err);
                return;
            }
        };
        // A first line longer than the cap is no JSON lines record: the file is one document.
        let first_text = if first_cut {
            Some(String::new())
        } else {
            self.utf8(&shown, 1, &bytes).map(str::to_string)
        };
        let Some(first) = first_text else {
            return;
        };
        let first = first.strip_prefix('\u{feff}').unwrap_or(&first).to_string();
        let trimmed = first.trim();
        let record = trimmed
            .starts_with('{')
            .then(|| serde_json::from_str::<&RawValue>(trimmed).ok())
            .flatten();
        if let Some(record) = record {
            let format = self.options.format.or_else(|| format::detect(record));
            if let Some(format) = format.filter(|f| *f != Format::Native) {
                self.read_lines(&shown, format, first, reader);
                progress.finish_and_clear();
                return;
            }
        }
        if kind == crate::files::Kind::Regular && size >= crate::files::MAP_FROM {
            progress.finish_and_clear();
            self.add_mapped(path, &shown);
            return;
        }
        let limit = match kind {
            crate::files::Kind::Regular => u64::MAX,
            crate::files::Kind::StandardInput => crate::files::PIPE_LIMIT,
        };
        // The rest of the file follows the first line in the same buffer: no copy, and no
        // growing by doubling when its size is known (a failed reservation only means growing).
        if kind == crate::files::Kind::Regular {
            let rest = usize::try_from(size)
                .unwrap_or(0)
                .saturating_sub(bytes.len());
            let _ = bytes.try_reserve_exact(rest.saturating_add(1));
        }
        match crate::files::read_capped(&mut reader, &mut bytes, limit) {
            Ok(false) => {}
            Ok(true) => {
                self.problems.push(Diagnostic::file(
                    &shown,
                    format!(
                        "more than {} from standard input; save the data to a file and give \
                         the file",
                        crate::files::size(limit)
                    ),
                ));
                return;
            }
            Err(err) => {
                self.unreadable(&shown, err);
                return;
            }
        }
        progress.finish_and_clear();
        if self.utf8(&shown, 1, &bytes).is_some() {
            // Checked just above: the bytes become the text without a copy.
            let text = String::from_utf8(bytes).unwrap_or_default();
            self.add_text(&shown, &text);
        }
    }

    fn unreadable(&mut self, shown: &str, err: std::io::Error) {
        self.problems.push(Diagnostic {
            location: None,
            message: format!("{shown}: cannot read it: {err}"),
        });
    }

    /// The bytes as text, or `None` with a located problem; `line` is where they start.
    /// Reads a large regular file through a map of it ([`crate::files::Mapped`]), so that the
    /// text of each part read leaves memory once read.
    fn add_mapped(&mut self, path: &Path, shown: &str) {
        let mapped = match File::open(path).and_then(|file| crate::files::Mapped::open(&file)) {
            Ok(mapped) => mapped,
            Err(err) => return self.unreadable(shown, err),
        };
        let bytes = mapped.bytes();
        // Checked a part at a time, each let go once checked, so that the check does not hold
        // the whole file in memory. Each part ends where a character starts, so the parts are
        // UTF-8 exactly when the whole is.
        let mut start = 0;
        while start < bytes.len() {
            let mut end = (start + crate::diagnostic::RELEASED_PART).min(bytes.len());
            while end < bytes.len() && end > start && (bytes[end] & 0xC0) == 0x80 {
                end -= 1;
            }
            if end == start {
                // Only continuation bytes: not UTF-8, which the check below says where.
                end = (start + crate::diagnostic::RELEASED_PART).min(bytes.len());
            }
            if std::str::from_utf8(&bytes[start..end]).is_err() {
                let _ = self.utf8(shown, 1, bytes);
                crate::files::release(bytes);
                return;
            }
            crate::files::release(&bytes[start..end]);
            start = end;
        }
        // SAFETY: every part was checked to be UTF-8 above, each starting where a character
        // starts, so the whole is.
        let text = unsafe { std::str::from_utf8_unchecked(bytes) };
        self.add_text(shown, text);
    }

    fn utf8<'b>(&mut self, shown: &str, line: usize, bytes: &'b [u8]) -> Option<&'b str> {
        match std::str::from_utf8(bytes) {
            Ok(text) => Some(text),
            Err(err) => {
                let valid = String::from_utf8_lossy(&bytes[..err.valid_up_to()]).into_owned();
                let at = crate::diagnostic::SourceText::line(shown, &valid, line)
                    .location(err.valid_up_to());
                self.problems.push(Diagnostic::at(
                    at,
                    "the file is not UTF-8 text; save it as UTF-8",
                ));
                None
            }
        }
    }

    /// Reads a JSON lines file of an open-data format, one record a line.
    fn read_lines(&mut self, shown: &str, format: Format, first: String, mut input: impl BufRead) {
        let Some(mut reader) = reader_for(format, shown) else {
            return;
        };
        let before = self.problems.len();
        let mut line = first;
        let mut number = 1;
        loop {
            let text = line.trim_end_matches(['\n', '\r']);
            if !text.trim().is_empty() {
                let doc = json::Doc::line(shown, text, number);
                if let Some(raw) = doc.root() {
                    reader.record(&doc, raw);
                }
                self.problems.extend(doc.into_problems());
            }
            if crate::cancel::requested() {
                // The session answers that the load was interrupted and keeps its graph.
                return;
            }
            if self.problems.len() - before >= PROBLEM_LIMIT {
                self.problems.push(Diagnostic::at(
                    Location {
                        file: shown.into(),
                        line: number,
                        column: 1,
                    },
                    format!(
                        "stopped reading after {PROBLEM_LIMIT} problems; is this a {format} file?"
                    ),
                ));
                return;
            }
            let mut bytes = Vec::new();
            match crate::files::read_line_capped(&mut input, &mut bytes, LINE_LIMIT) {
                Ok((0, _)) => break,
                Ok((_, false)) => {}
                Ok((_, true)) => {
                    self.problems.push(Diagnostic::at(
                        Location {
                            file: shown.into(),
                            line: number + 1,
                            column: 1,
                        },
                        format!(
                            "the line is longer than {}: a JSON lines record is one line; is \
                             this a {format} file?",
                            crate::files::size(LINE_LIMIT)
                        ),
                    ));
                    return;
                }
                Err(err) => {
                    self.unreadable(shown, err);
                    return;
                }
            }
            number += 1;
            line = match self.utf8(shown, number, &bytes) {
                Some(text) => text.to_string(),
                None => String::new(),
            };
        }
        if self.problems.len() == before {
            self.push_import(shown, format, reader.finish());
        }
    }

    /// Reads the text of one file, named `name` in messages, in its detected (or the forced)
    /// format.
    pub fn add_text(&mut self, name: &str, text: &str) {
        self.add_text_as(name, text, self.options.format);
    }

    /// Reads the text of one file in `format`, or in the format its content shows.
    pub fn add_text_as(&mut self, name: &str, text: &str, format: Option<Format>) {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let (problems, loaded) = (self.problems.len(), self.loaded.len());
        self.read_text(name, text, format);
        // A trailing or missing comma is reported and mended, and the mended text read again,
        // so that every other problem of the document is found in the same run (it still loads
        // nothing, as the problems stay). Only a document that is not JSON is read twice.
        let not_json = self.problems[problems..]
            .iter()
            .any(|p| p.message.starts_with("JSON syntax"));
        if not_json && let (Some(mended), syntax) = json::repair(name, text) {
            self.problems.truncate(problems);
            self.loaded.truncate(loaded);
            self.problems.extend(syntax);
            self.read_text(name, &mended, format);
        }
    }

    /// Reads the text of one file in `format`, or in the format its content shows.
    fn read_text(&mut self, name: &str, text: &str, format: Option<Format>) {
        let doc = json::Doc::new(name, text);
        let format = format
            .or_else(|| format::starts_native(text).then_some(Format::Native))
            .or_else(|| {
                serde_json::from_str::<&RawValue>(text)
                    .ok()
                    .and_then(format::detect)
            })
            .or_else(|| format::guess(&text.chars().take(4096).collect::<String>()));
        let Some(format) = format else {
            if doc.root().is_some() {
                doc.error_at(
                    0,
                    "cannot tell the format: expected a dealgraph dataset (\"sources\", \"entities\", \"relations\"), FollowTheMoney entities, BODS statements, an OCDS package, or GLEIF API records; name it with --format",
                );
            }
            self.problems.extend(doc.into_problems());
            return;
        };
        let Some(mut reader) = reader_for(format, name) else {
            let dataset = native::parse(&doc);
            self.problems.extend(doc.into_problems());
            self.loaded.push(Loaded {
                name: name.to_string(),
                format,
                dataset,
                import: None,
            });
            return;
        };
        if let Some(root) = doc.root() {
            if root.get().starts_with('[') {
                for item in doc.array(root, "the file").unwrap_or_default() {
                    reader.record(&doc, item);
                    if doc.problem_count() >= PROBLEM_LIMIT {
                        break;
                    }
                }
            } else {
                reader.record(&doc, root);
            }
        }
        let problems = doc.into_problems();
        if problems.is_empty() {
            self.push_import(name, format, reader.finish());
        } else {
            self.problems.extend(problems);
        }
    }

    /// Reads a FollowTheMoney mapping and runs it over its tables (its `csv_url`s, read
    /// relative to the mapping) or over `table`, the CSV file given with `--mapping`.
    fn add_mapping(&mut self, path: &Path, table: Option<&Path>) {
        let shown = path.display().to_string();
        let text = match std::fs::read(path) {
            Ok(bytes) => match self.utf8(&shown, 1, &bytes) {
                Some(text) => text.to_string(),
                None => return,
            },
            Err(err) => {
                self.unreadable_or_missing(&shown, err);
                return;
            }
        };
        let given = match table {
            Some(table) => match std::fs::read(table) {
                Ok(bytes) => Some((table.display().to_string(), bytes)),
                Err(err) => {
                    self.unreadable_or_missing(&table.display().to_string(), err);
                    return;
                }
            },
            None => None,
        };
        let folder = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let mut open = |url: &str| -> Result<(String, Vec<u8>), String> {
            let local = url.strip_prefix("file://").unwrap_or(url);
            if local.contains("://") {
                return Err(format!(
                    "dealgraph reads local files only, not \"{url}\": download the table and \
                     give its path, or give it with --data FILE.csv --mapping MAPPING.yml"
                ));
            }
            let file = folder.join(local);
            let name = file.display().to_string();
            std::fs::read(&file)
                .map(|bytes| (name.clone(), bytes))
                .map_err(|err| {
                    if err.kind() == std::io::ErrorKind::NotFound {
                        format!("no file {name} (csv_url is read relative to the mapping's folder)")
                    } else {
                        format!("cannot read {name}: {err}")
                    }
                })
        };
        let name = match table {
            Some(table) => table.display().to_string(),
            None => shown.clone(),
        };
        let source = mapping::source(&shown, table.map(|_| name.as_str()));
        let mut tables = mapping::Tables {
            given,
            open: &mut open,
        };
        match mapping::run(&shown, &text, source, &mut tables) {
            Ok(imported) => self.push_import(&name, Format::Mapping, imported),
            Err(problems) => self.problems.extend(problems),
        }
    }

    fn unreadable_or_missing(&mut self, shown: &str, err: std::io::Error) {
        let message = if err.kind() == std::io::ErrorKind::NotFound {
            format!("{shown}: no such file or folder")
        } else {
            format!("{shown}: cannot read it: {err}")
        };
        self.problems.push(Diagnostic {
            location: None,
            message,
        });
    }

    fn push_import(&mut self, name: &str, format: Format, imported: Imported) {
        let (dataset, placeholders, tally) = imported.into_parts(name);
        self.loaded.push(Loaded {
            name: name.to_string(),
            format,
            dataset,
            import: Some(ImportState {
                placeholders,
                tally,
                merged: BTreeMap::new(),
                conflicts: Vec::new(),
            }),
        });
    }
}

/// The data files under a folder, recursively, sorted by path; JSON Schema files are skipped.
/// A folder or file reached again through a symbolic link is read once, so a link to a parent
/// folder makes no loop.
pub(crate) fn data_files(dir: &Path, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    walk(dir, &mut HashSet::new(), files)
}

fn walk(dir: &Path, seen: &mut HashSet<PathBuf>, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    if !seen.insert(dir.canonicalize()?) {
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for path in entries {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        if name.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            walk(&path, seen, files)?;
        } else if is_data_file(&name) {
            // A broken link is kept, to be reported when it is read.
            let first = match path.canonicalize() {
                Ok(real) => seen.insert(real),
                Err(_) => true,
            };
            if first {
                files.push(path);
            }
        }
    }
    Ok(())
}

fn is_data_file(name: &str) -> bool {
    let lower = name.to_lowercase();
    !lower.ends_with(".schema.json")
        && [".json", ".jsonl", ".ijson", ".ndjson"]
            .iter()
            .any(|ext| lower.ends_with(ext))
}

/// The reader of an open-data format; `None` for the native format.
fn reader_for(format: Format, file: &str) -> Option<Box<dyn Reader>> {
    match format {
        Format::Native | Format::Snapshot => None,
        Format::Ftm => Some(Box::new(ftm::FtmReader::new(file))),
        Format::Bods => Some(Box::new(bods::BodsReader::new(file))),
        Format::Ocds => Some(Box::new(ocds::OcdsReader::new(file))),
        Format::Gleif => Some(Box::new(gleif::GleifReader::new(file))),
        // Mappings are told by their extension and read by `add_mapping`.
        Format::Mapping => None,
    }
}

/// A progress bar for reading a large file, drawn on standard error only when it is a
/// terminal (hidden otherwise, and for small files).
pub(crate) fn progress_bar(size: u64, shown: &str) -> indicatif::ProgressBar {
    if size < PROGRESS_FROM_BYTES {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(size),
        indicatif::ProgressDrawTarget::stderr(),
    );
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{msg} {wide_bar} {bytes}/{total_bytes} {eta}")
    {
        bar.set_style(style);
    }
    bar.set_message(shown.to_string());
    bar
}
