//! Loading data into a [`Graph`]: the bundled dataset, files and folders in the native format
//! or in open-data formats (FollowTheMoney, BODS, OCDS, GLEIF), each checked, with every
//! problem reported at its place and nothing loaded from a set of files with a problem.
//!
//! Files are parsed one by one into [`native::Dataset`]s (open data through a [`import::Reader`]
//! of its [`Format`], detected from the content); [`GraphBuilder`] then joins imported entities
//! to those already known (by identifier and name), checks what only the whole set can tell (duplicate ids,
//! relations naming unknown entities, unknown sources), and the [`Staged`] result joins the
//! graph only when no problem was found.

pub mod bods;
pub mod format;
pub mod ftm;
pub mod gleif;
pub mod import;
pub mod json;
pub(crate) mod merge;
pub mod native;
pub mod ocds;

use std::collections::{BTreeMap, HashSet};

use foldhash::{HashMap, HashMapExt};
use std::fmt;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use serde_json::value::RawValue;

pub use format::Format;

use crate::diagnostic::{Diagnostic, Location};
use crate::error::Error;
use crate::graph::{EntityIx, Graph};
use crate::names::closest;
use crate::text::count;
use import::{Imported, Placeholder, Reader, Tally};

/// The bundled dataset, embedded so that the program works from any folder.
pub const BUNDLED: &[(&str, &str)] = &[(
    "graph-data/facial-recognition.json",
    include_str!("../../graph-data/facial-recognition.json"),
)];

/// Where data comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// The dataset embedded in the binary.
    Bundled,
    /// A file, or a folder read recursively.
    Path(PathBuf),
}

/// How to read inputs: a format forced on every file, and whether imported entities merge
/// with the ones already known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoadOptions {
    /// Read every file in this format instead of detecting it.
    pub format: Option<Format>,
    /// Match imported entities to known ones by identifier and name (`--no-merge` clears it).
    pub merge: bool,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            format: None,
            merge: true,
        }
    }
}

/// What one load added, file by file.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct LoadReport {
    pub files: Vec<FileReport>,
}

/// What one file added, and for open data what it merged and left out.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FileReport {
    pub file: String,
    pub format: Format,
    pub sources: usize,
    /// Entities added (those that merged with a known entity are not counted here).
    pub entities: usize,
    pub relations: usize,
    /// Entities that merged with one already known, by what matched (`lei`, `name`, ...).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub merged: BTreeMap<String, usize>,
    /// Records and relations left out, by reason.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub skipped: BTreeMap<String, usize>,
    /// What was kept in another shape or only in part, by what it was.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub notes: BTreeMap<String, usize>,
}

impl FileReport {
    /// How many entities merged with known ones.
    pub fn merged_count(&self) -> usize {
        self.merged.values().sum()
    }

    /// How many records or relations were left out.
    pub fn skipped_count(&self) -> usize {
        self.skipped.values().sum()
    }
}

impl fmt::Display for LoadReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for file in &self.files {
            write!(f, "{}", file.file)?;
            if file.format != Format::Native {
                write!(f, " ({})", file.format)?;
            }
            write!(
                f,
                ": {}, {}, {}",
                count(file.entities, "entity", "entities"),
                count(file.relations, "relation", "relations"),
                count(file.sources, "source", "sources")
            )?;
            let merged = file.merged_count();
            if merged > 0 {
                let how: Vec<String> = file
                    .merged
                    .iter()
                    .map(|(how, n)| format!("by {how}: {n}"))
                    .collect();
                write!(
                    f,
                    "; {merged} merged with loaded entities ({})",
                    how.join(", ")
                )?;
            }
            writeln!(f)?;
            for (reason, n) in &file.skipped {
                writeln!(f, "  skipped {n}: {reason}")?;
            }
            for (what, n) in &file.notes {
                writeln!(f, "  {n} {what}")?;
            }
        }
        Ok(())
    }
}

/// Loads the inputs into a new graph, all or nothing.
pub fn load(inputs: &[Input]) -> Result<(Graph, LoadReport), Error> {
    load_with(inputs, &LoadOptions::default())
}

/// Loads the inputs into a new graph with these options, all or nothing.
pub fn load_with(inputs: &[Input], options: &LoadOptions) -> Result<(Graph, LoadReport), Error> {
    let mut graph = Graph::new();
    let report = extend_with(&mut graph, inputs, options)?;
    Ok((graph, report))
}

/// Adds the inputs to a graph, all or nothing: on any problem the graph is left as it was and
/// the error lists every problem.
pub fn extend(graph: &mut Graph, inputs: &[Input]) -> Result<LoadReport, Error> {
    extend_with(graph, inputs, &LoadOptions::default())
}

/// Adds the inputs to a graph with these options, all or nothing.
pub fn extend_with(
    graph: &mut Graph,
    inputs: &[Input],
    options: &LoadOptions,
) -> Result<LoadReport, Error> {
    let staged = check_with(graph, inputs, options)?;
    Ok(staged.apply(graph))
}

/// Reads and checks the inputs against a graph without changing it.
pub fn check(graph: &Graph, inputs: &[Input]) -> Result<Staged, Error> {
    check_with(graph, inputs, &LoadOptions::default())
}

/// Reads and checks the inputs against a graph with these options, without changing it.
pub fn check_with(graph: &Graph, inputs: &[Input], options: &LoadOptions) -> Result<Staged, Error> {
    let mut builder = GraphBuilder::with_options(graph, *options);
    for input in inputs {
        match input {
            Input::Bundled => {
                for (name, text) in BUNDLED {
                    builder.add_text_as(name, text, Some(Format::Native));
                }
            }
            Input::Path(path) => builder.add_path(path),
        }
    }
    builder.finish()
}

/// One file read: its dataset, and for open data what the merge needs and the report says.
#[derive(Debug)]
pub(crate) struct Loaded {
    name: String,
    format: Format,
    pub(crate) dataset: native::Dataset,
    pub(crate) import: Option<ImportState>,
}

/// What an imported file carries beside its dataset.
#[derive(Debug)]
pub(crate) struct ImportState {
    /// Entities known only by an identifier, by key.
    pub(crate) placeholders: std::collections::HashMap<String, Placeholder>,
    pub(crate) tally: Tally,
    /// Entities merged with known ones, by what matched.
    pub(crate) merged: BTreeMap<String, usize>,
}

/// Datasets that passed every check, ready to join the graph they were checked against.
#[derive(Debug)]
pub struct Staged {
    loaded: Vec<Loaded>,
    enrich: Vec<merge::Enrichment>,
    /// The ends of every relation, in the order of the files and their relations.
    ends: Vec<(End, End)>,
}

/// One end of a staged relation: an entity already in the graph, or the n-th staged entity
/// (counted across the files in order), so that applying needs no look-up by id.
#[derive(Debug, Clone, Copy)]
enum End {
    Graph(EntityIx),
    Staged(u32),
}

impl Staged {
    /// What applying would add, file by file.
    pub fn report(&self) -> LoadReport {
        LoadReport {
            files: self
                .loaded
                .iter()
                .map(|file| {
                    let (merged, skipped, notes) = match &file.import {
                        Some(import) => (
                            import.merged.clone(),
                            import.tally.skipped.clone(),
                            import.tally.notes.clone(),
                        ),
                        None => Default::default(),
                    };
                    FileReport {
                        file: file.name.clone(),
                        format: file.format,
                        sources: file.dataset.sources.len(),
                        entities: file.dataset.entities.len(),
                        relations: file.dataset.relations.len(),
                        merged,
                        skipped,
                        notes,
                    }
                })
                .collect(),
        }
    }

    /// Adds the datasets to the graph they were checked against.
    pub fn apply(self, graph: &mut Graph) -> LoadReport {
        let report = self.report();
        let mut seen: HashMap<EntityIx, crate::model::Absorbed> = HashMap::new();
        for (ix, entity, placeholder) in &self.enrich {
            graph.enrich(*ix, entity, *placeholder, seen.entry(*ix).or_default());
        }
        // Every entity first: a relation of one file may name an entity of a later one. The
        // staged entities are new (checked), so the n-th becomes node `first + n`.
        let first = graph.entity_count();
        let count =
            |f: fn(&native::Dataset) -> usize| self.loaded.iter().map(|l| f(&l.dataset)).sum();
        graph.reserve(count(|d| d.entities.len()), count(|d| d.relations.len()));
        let mut relations = Vec::new();
        for file in self.loaded {
            let dataset = file.dataset;
            for (source, _) in dataset.sources {
                graph.add_source(source);
            }
            for (entity, _) in dataset.entities {
                graph.add_entity(entity);
            }
            relations.push(dataset.relations);
        }
        let node = |end: End| match end {
            End::Graph(ix) => ix,
            End::Staged(n) => EntityIx::new(first + n as usize),
        };
        for (record, (from, to)) in relations.into_iter().flatten().zip(self.ends) {
            graph.add_relation(node(from), node(to), record.relation);
        }
        report
    }
}

/// How many problems one file may report before reading it stops.
const PROBLEM_LIMIT: usize = 100;

/// Files above this size show a progress bar while they are read (on a terminal only).
const PROGRESS_FROM_BYTES: u64 = 4 << 20;

/// Collects datasets and checks them against a graph and one another.
pub struct GraphBuilder<'g> {
    graph: &'g Graph,
    options: LoadOptions,
    loaded: Vec<Loaded>,
    problems: Vec<Diagnostic>,
}

impl<'g> GraphBuilder<'g> {
    /// Starts checking against an existing graph (empty for a fresh load).
    pub fn new(graph: &'g Graph) -> Self {
        Self::with_options(graph, LoadOptions::default())
    }

    /// Starts checking against an existing graph, reading with these options.
    pub fn with_options(graph: &'g Graph, options: LoadOptions) -> Self {
        GraphBuilder {
            graph,
            options,
            loaded: Vec::new(),
            problems: Vec::new(),
        }
    }

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
        if is_device(&file) {
            // /dev/zero and its kind never end: reading one would never finish.
            self.problems.push(Diagnostic {
                location: None,
                message: format!("{shown}: a device, not a data file; give a file or a folder"),
            });
            return;
        }
        let size = file.metadata().map(|m| m.len()).unwrap_or(0);
        let progress = progress_bar(size, &shown);
        let mut reader = BufReader::with_capacity(1 << 16, progress.wrap_read(file));
        let mut bytes = Vec::new();
        if let Err(err) = reader.read_until(b'\n', &mut bytes) {
            self.unreadable(&shown, err);
            return;
        }
        let Some(first) = self.utf8(&shown, 1, &bytes) else {
            return;
        };
        let first = first.strip_prefix('\u{feff}').unwrap_or(first).to_string();
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
        let mut rest = Vec::new();
        if let Err(err) = reader.read_to_end(&mut rest) {
            self.unreadable(&shown, err);
            return;
        }
        progress.finish_and_clear();
        bytes.extend(rest);
        if let Some(text) = self.utf8(&shown, 1, &bytes) {
            let text = text.to_string();
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
            match input.read_until(b'\n', &mut bytes) {
                Ok(0) => break,
                Ok(_) => {}
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
            }),
        });
    }

    /// Checks what spans files, or returns every problem found.
    pub fn finish(mut self) -> Result<Staged, Error> {
        let imports = self.loaded.iter().any(|file| file.import.is_some());
        let enrich = if self.problems.is_empty() && imports {
            merge::resolve(self.graph, &mut self.loaded, self.options.merge)
        } else {
            Vec::new()
        };
        let mut source_at: HashMap<String, Location> = HashMap::new();
        // Each new entity's id, to its place among the staged entities and its location.
        let mut entity_at: HashMap<&str, (u32, &Location)> = HashMap::new();
        for file in &self.loaded {
            let dataset = &file.dataset;
            for (source, at) in &dataset.sources {
                let taken = source_at
                    .get(&source.id)
                    .map(|first| first.to_string())
                    .or_else(|| {
                        self.graph
                            .sources()
                            .contains_key(&source.id)
                            .then(|| "an earlier load".to_string())
                    });
                if file.import.is_some()
                    && let Some(first) = taken
                {
                    // An imported file's source id is its file name.
                    self.problems.push(Diagnostic::at(
                        at.clone(),
                        format!(
                            "a file named like this one is already loaded (source \"{}\", from {first}); a file loads once, and a different file needs a different name",
                            source.id
                        ),
                    ));
                } else if let Some(first) = source_at.get(&source.id) {
                    self.problems.push(Diagnostic::at(
                        at.clone(),
                        format!(
                            "duplicate source id \"{}\" (first defined at {first})",
                            source.id
                        ),
                    ));
                } else if self.graph.sources().contains_key(&source.id) {
                    self.problems.push(Diagnostic::at(
                        at.clone(),
                        format!(
                            "source id \"{}\" is already loaded; give this source another id",
                            source.id
                        ),
                    ));
                } else {
                    source_at.insert(source.id.clone(), at.clone());
                }
            }
            for (entity, at) in &dataset.entities {
                if let Some((_, first)) = entity_at.get(entity.id.as_str()) {
                    self.problems.push(Diagnostic::at(
                        at.clone(),
                        format!(
                            "duplicate entity id \"{}\" (first defined at {first})",
                            entity.id
                        ),
                    ));
                } else if self.graph.by_id(&entity.id).is_some() {
                    self.problems.push(Diagnostic::at(
                        at.clone(),
                        format!(
                            "entity id \"{}\" is already loaded; give this entity another id",
                            entity.id
                        ),
                    ));
                } else {
                    // The index of the staged entity; a load beyond u32 entities is refused by
                    // petgraph's u32 indices anyway.
                    let n = entity_at.len() as u32;
                    entity_at.insert(entity.id.as_str(), (n, at));
                }
            }
        }
        let graph = self.graph;
        let find = |id: &str| match entity_at.get(id) {
            Some(&(n, _)) => Some(End::Staged(n)),
            None => graph.by_id(id).map(End::Graph),
        };
        let mut ends = Vec::new();
        let mut hints = Hints::new(self.graph, &self.loaded, &entity_at, &source_at);
        for dataset in self.loaded.iter().map(|l| &l.dataset) {
            for record in &dataset.relations {
                let mut end = |id: &str, at: &Location, which: &str| {
                    find(id).unwrap_or_else(|| {
                        let hint = hints.entity(id);
                        self.problems.push(Diagnostic::at(
                            at.clone(),
                            format!("\"{which}\" names no entity: \"{id}\"{hint}"),
                        ));
                        End::Staged(0)
                    })
                };
                let from = end(&record.from, &record.from_at, "from");
                let to = end(&record.to, &record.to_at, "to");
                ends.push((from, to));
            }
            for used in &dataset.source_uses {
                if !source_at.contains_key(&used.id) && !self.graph.sources().contains_key(&used.id)
                {
                    let hint = hints.source(&used.id);
                    self.problems.push(Diagnostic::at(
                        used.at.clone(),
                        format!("unknown source \"{}\"{hint}", used.id),
                    ));
                }
            }
        }
        if !self.problems.is_empty() {
            self.problems.sort();
            self.problems.dedup();
            return Err(Error::Data(self.problems));
        }
        Ok(Staged {
            loaded: self.loaded,
            enrich,
            ends,
        })
    }
}

/// Did-you-mean hints for the ids that name nothing. Each id is looked up once, and only the
/// first [`PROBLEM_LIMIT`] ids are compared with every known id, so that a file whose relations
/// all name missing entities is checked in time in proportion to its size, not to its square.
struct Hints<'h> {
    graph: &'h Graph,
    loaded: &'h [Loaded],
    entity_at: &'h HashMap<&'h str, (u32, &'h Location)>,
    source_at: &'h HashMap<String, Location>,
    /// The folded names and aliases of the entities read, to their ids; made when first needed.
    names: Option<HashMap<String, &'h str>>,
    entities: HashMap<String, String>,
    sources: HashMap<String, String>,
    searches: usize,
}

impl<'h> Hints<'h> {
    fn new(
        graph: &'h Graph,
        loaded: &'h [Loaded],
        entity_at: &'h HashMap<&'h str, (u32, &'h Location)>,
        source_at: &'h HashMap<String, Location>,
    ) -> Self {
        Hints {
            graph,
            loaded,
            entity_at,
            source_at,
            names: None,
            entities: HashMap::new(),
            sources: HashMap::new(),
            searches: 0,
        }
    }

    /// The nearest of the candidates, while searches are left.
    fn nearest<'c>(
        &mut self,
        id: &str,
        candidates: impl Iterator<Item = &'c str>,
    ) -> Option<&'c str> {
        if self.searches >= PROBLEM_LIMIT {
            return None;
        }
        self.searches += 1;
        closest(id, candidates)
    }

    /// A hint for an id that names no entity: the entity whose name it is, or the nearest id.
    fn entity(&mut self, id: &str) -> String {
        if let Some(hint) = self.entities.get(id) {
            return hint.clone();
        }
        let loaded = self.loaded;
        let names = self.names.get_or_insert_with(|| {
            let mut names = HashMap::new();
            for (entity, _) in loaded.iter().flat_map(|l| &l.dataset.entities) {
                for name in std::iter::once(&entity.name).chain(&entity.aliases) {
                    names
                        .entry(crate::names::fold(name))
                        .or_insert(entity.id.as_str());
                }
            }
            names
        });
        let by_name = names
            .get(&crate::names::fold(id))
            .map(|found| found.to_string())
            .or_else(|| {
                self.graph
                    .lookup_exact(id)
                    .map(|ix| self.graph.entity(ix).id.clone())
            });
        let hint = if let Some(found) = by_name {
            format!(" — relations name entities by id; did you mean \"{found}\"?")
        } else {
            let (graph, entity_at) = (self.graph, self.entity_at);
            let ids = entity_at
                .keys()
                .copied()
                .chain(graph.entities().map(|(_, e)| e.id.as_str()));
            match self.nearest(id, ids) {
                Some(near) => format!(" — did you mean \"{near}\"?"),
                None => "; define it under \"entities\" or fix the id".to_string(),
            }
        };
        self.entities.insert(id.to_string(), hint.clone());
        hint
    }

    /// A hint for a source id that names no source: the nearest id.
    fn source(&mut self, id: &str) -> String {
        if let Some(hint) = self.sources.get(id) {
            return hint.clone();
        }
        let (graph, source_at) = (self.graph, self.source_at);
        let ids = source_at
            .keys()
            .map(String::as_str)
            .chain(graph.sources().keys().map(String::as_str));
        let hint = match self.nearest(id, ids) {
            Some(near) => format!(" — did you mean \"{near}\"?"),
            None => "; list it under \"sources\" with an id and a title".to_string(),
        };
        self.sources.insert(id.to_string(), hint.clone());
        hint
    }
}

/// The data files under a folder, recursively, sorted by path; JSON Schema files are skipped.
/// A folder or file reached again through a symbolic link is read once, so a link to a parent
/// folder makes no loop.
fn data_files(dir: &Path, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
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

/// Whether a file is a character or block device (a pipe is not: it ends).
fn is_device(file: &File) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        file.metadata()
            .is_ok_and(|m| m.file_type().is_char_device() || m.file_type().is_block_device())
    }
    #[cfg(not(unix))]
    {
        let _ = file;
        false
    }
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
        Format::Native => None,
        Format::Ftm => Some(Box::new(ftm::FtmReader::new(file))),
        Format::Bods => Some(Box::new(bods::BodsReader::new(file))),
        Format::Ocds => Some(Box::new(ocds::OcdsReader::new(file))),
        Format::Gleif => Some(Box::new(gleif::GleifReader::new(file))),
    }
}

/// A progress bar for reading a large file, drawn on standard error only when it is a
/// terminal (hidden otherwise, and for small files).
fn progress_bar(size: u64, shown: &str) -> indicatif::ProgressBar {
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
