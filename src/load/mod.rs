//! Loading data into a [`Graph`]: the public load API (the bundled dataset, files and folders
//! in the native format or in open-data formats), and the staging of what was read, which joins
//! the graph only when no file of the set has a problem.
//!
//! Files are read one by one (`read`, which detects each file's format from its content) into
//! [`native::Dataset`]s (open data through a [`import::Reader`] of its [`Format`]);
//! [`GraphBuilder::finish`] (`checks`) then joins imported entities to those already known (by
//! identifier and name) and makes the checks that only the whole set can tell (duplicate ids,
//! relations naming unknown entities, unknown sources); the [`Staged`] result joins the graph
//! only when no problem was found. A fresh load becomes a graph packed as a snapshot is
//! ([`Staged::into_graph`]); a load into a graph with data joins its petgraph graph.

pub mod bods;
mod checks;
pub mod format;
pub mod ftm;
mod give_back;
pub mod gleif;
pub mod import;
pub mod json;
pub mod mapping;
pub(crate) mod merge;
pub mod native;
pub mod ocds;
mod read;
pub mod snapshot;

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

use foldhash::{HashMap, HashMapExt};

pub use format::Format;

use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::graph::{EntityIx, Graph};
use crate::text::count;
use import::{Placeholder, Tally};

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

/// How to read inputs: a format forced on every file, the mapping CSV files are read
/// through, and whether imported entities merge with the ones already known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadOptions {
    /// Read every file in this format instead of detecting it.
    pub format: Option<Format>,
    /// Read every CSV file through this FollowTheMoney mapping (`--mapping`).
    pub mapping: Option<PathBuf>,
    /// Match imported entities to known ones by identifier and name (`--no-merge` clears it).
    pub merge: bool,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            format: None,
            mapping: None,
            merge: true,
        }
    }
}

/// What one load added, file by file.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct LoadReport {
    /// One report per file, in the order they were read.
    pub files: Vec<FileReport>,
    /// Groups of entities, at least one of them new, that are likely the same but were not
    /// merged (the same name without legal forms and bracketed parts, or the same identifier),
    /// each entity as `Name (id)`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub likely_duplicates: Vec<Vec<String>>,
}

/// What one file added, and for open data what it merged and left out.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FileReport {
    /// The file, as messages name it.
    pub file: String,
    /// The format it was read as.
    pub format: Format,
    /// Sources added.
    pub sources: usize,
    /// Entities added (those that merged with a known entity are not counted here).
    pub entities: usize,
    /// Relations added.
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
    /// Fields that a merged record states differently from the entity it merged into, with
    /// the sources of each (`SenseTime: country CN (article) against HK (file.ijson)`); the
    /// entity keeps its own value and its card lists the other.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<String>,
}

impl LoadReport {
    /// The report in one line: how many files, entities and relations, and what to ask for
    /// more (`-v`) when some were merged, left out or kept in part.
    pub fn summary(&self) -> String {
        let sum = |f: fn(&FileReport) -> usize| self.files.iter().map(f).sum::<usize>();
        let mut line = format!(
            "loaded {}: {}, {}",
            count(self.files.len(), "file", "files"),
            count(sum(|f| f.entities), "entity", "entities"),
            count(sum(|f| f.relations), "relation", "relations"),
        );
        let merged = sum(FileReport::merged_count);
        if merged > 0 {
            line.push_str(&format!(", {merged} merged with known entities"));
        }
        let conflicts = sum(|f| f.conflicts.len());
        if conflicts > 0 {
            line.push_str(&format!(
                ", {} between merged records",
                count(conflicts, "conflict", "conflicts")
            ));
        }
        let skipped = sum(FileReport::skipped_count);
        if skipped > 0 {
            line.push_str(&format!(
                ", {} left out",
                count(skipped, "record", "records")
            ));
        }
        if !self.likely_duplicates.is_empty() {
            line.push_str(&format!(
                ", {} of likely duplicates",
                count(self.likely_duplicates.len(), "group", "groups")
            ));
        }
        if merged > 0
            || skipped > 0
            || !self.likely_duplicates.is_empty()
            || self.files.iter().any(|f| !f.notes.is_empty())
        {
            line.push_str(" (-v reports each file)");
        }
        line
    }
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
            for conflict in file.conflicts.iter().take(LISTED) {
                writeln!(f, "  conflict: {conflict}")?;
            }
            more(f, file.conflicts.len(), "conflicts")?;
        }
        for group in self.likely_duplicates.iter().take(LISTED) {
            writeln!(f, "likely duplicates: {}", group.join(", "))?;
        }
        more(
            f,
            self.likely_duplicates.len(),
            "groups of likely duplicates",
        )
    }
}

/// How many conflicts, and groups of likely duplicates, the report's text lists; `--json`
/// lists them all.
const LISTED: usize = 20;

/// The line that says how many of `what` the text left out, if it left out any.
fn more(f: &mut fmt::Formatter<'_>, listed: usize, what: &str) -> fmt::Result {
    if listed > LISTED {
        writeln!(
            f,
            "  and {} more {what} (--json lists every one)",
            listed - LISTED
        )?;
    }
    Ok(())
}

/// Loads the inputs into a new graph, all or nothing.
pub fn load(inputs: &[Input]) -> Result<(Graph, LoadReport), Error> {
    load_with(inputs, &LoadOptions::default())
}

/// Loads the inputs into a new graph with these options, all or nothing.
///
/// A snapshot among them (`dealgraph index`) is a whole graph: it is read first, in place of
/// the bundled dataset (which it holds if it was made with it), and the other files join it.
pub fn load_with(inputs: &[Input], options: &LoadOptions) -> Result<(Graph, LoadReport), Error> {
    let (graph, report, _) = load_from(inputs, options)?;
    Ok((graph, report))
}

/// Loads the inputs into a new graph, as [`load_with`] does, and says what the graph was
/// loaded from (a snapshot's own data in its place).
pub fn load_from(
    inputs: &[Input],
    options: &LoadOptions,
) -> Result<(Graph, LoadReport, snapshot::Origin), Error> {
    let _give_back = give_back::AtOnce::start();
    let first_snapshot = inputs.iter().position(|input| match input {
        Input::Path(path) => snapshot::is_snapshot(path),
        Input::Bundled => false,
    });
    let Some(at) = first_snapshot else {
        let (graph, report) = check_with(&Graph::new(), inputs, options)?.into_graph()?;
        let origin = snapshot::Origin {
            bundled: inputs.contains(&Input::Bundled),
            paths: inputs
                .iter()
                .filter_map(|input| match input {
                    Input::Path(path) => Some(path.clone()),
                    Input::Bundled => None,
                })
                .collect(),
            mapping: options.mapping.clone(),
        };
        return Ok((graph, report, origin));
    };
    let Input::Path(path) = &inputs[at] else {
        unreachable!("found as a path just above")
    };
    let (mut graph, mut origin) = snapshot::restore(path)?;
    let mut report = LoadReport {
        files: vec![FileReport {
            file: path.display().to_string(),
            format: Format::Snapshot,
            sources: graph.sources().len(),
            entities: graph.entity_count(),
            relations: graph.relation_count(),
            merged: BTreeMap::new(),
            skipped: BTreeMap::new(),
            notes: BTreeMap::new(),
            conflicts: Vec::new(),
        }],
        likely_duplicates: Vec::new(),
    };
    let rest: Vec<Input> = inputs
        .iter()
        .enumerate()
        .filter(|&(i, input)| i != at && *input != Input::Bundled)
        .map(|(_, input)| input.clone())
        .collect();
    if !rest.is_empty() {
        let more = extend_with(&mut graph, &rest, options)?;
        report.files.extend(more.files);
        report.likely_duplicates = more.likely_duplicates;
        for input in rest {
            if let Input::Path(path) = input {
                origin.paths.push(path);
            }
        }
        if options.mapping.is_some() {
            origin.mapping.clone_from(&options.mapping);
        }
    }
    Ok((graph, report, origin))
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
    let _give_back = give_back::AtOnce::start();
    let staged = check_with(graph, inputs, options)?;
    Ok(staged.apply(graph))
}

/// Reads and checks the inputs against a graph without changing it.
pub fn check(graph: &Graph, inputs: &[Input]) -> Result<Staged, Error> {
    check_with(graph, inputs, &LoadOptions::default())
}

/// Reads and checks the inputs against a graph with these options, without changing it.
pub fn check_with(graph: &Graph, inputs: &[Input], options: &LoadOptions) -> Result<Staged, Error> {
    let _give_back = give_back::AtOnce::start();
    let mut builder = GraphBuilder::with_options(graph, options.clone());
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
    if let Some(mapping) = &options.mapping
        && !builder.mapped
    {
        builder.problems.push(Diagnostic::file(
            &mapping.display().to_string(),
            "--mapping reads the CSV files given with it, and none was given; add the table \
             (--data FILE.csv, or `load FILE.csv --mapping ...` at the prompt)",
        ));
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
    /// What merged records state differently from the entity they merged into.
    pub(crate) conflicts: Vec<String>,
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum End {
    Graph(EntityIx),
    Staged(u32),
}

impl Staged {
    /// What applying would add, file by file.
    pub fn report(&self) -> LoadReport {
        LoadReport {
            likely_duplicates: Vec::new(),
            files: self
                .loaded
                .iter()
                .map(|file| {
                    let (merged, skipped, notes, conflicts) = match &file.import {
                        Some(import) => (
                            import.merged.clone(),
                            import.tally.skipped.clone(),
                            import.tally.notes.clone(),
                            import.conflicts.clone(),
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
                        conflicts,
                    }
                })
                .collect(),
        }
    }

    /// What applying would add to `graph`, file by file, and the likely duplicates among the
    /// new entities and the graph's.
    pub fn report_on(&self, graph: &Graph) -> LoadReport {
        LoadReport {
            likely_duplicates: self.likely_duplicates(graph),
            ..self.report()
        }
    }

    /// The likely duplicates among the new entities and the graph's, by name and id.
    fn likely_duplicates(&self, graph: &Graph) -> Vec<Vec<String>> {
        let known = graph.entity_count();
        let staged = self
            .loaded
            .iter()
            .flat_map(|l| l.dataset.entities.iter().map(|(e, _)| e));
        let all: Vec<&crate::model::Entity> =
            graph.entities().map(|(_, e)| e).chain(staged).collect();
        crate::graph::duplicates::groups(all.iter().copied())
            .into_iter()
            .filter(|group| group.iter().any(|&i| i >= known))
            .map(|group| {
                group
                    .into_iter()
                    .map(|i| format!("{} ({})", all[i].name, all[i].id))
                    .collect()
            })
            .collect()
    }

    /// The graph of the datasets checked against an empty graph, packed in memory as a
    /// snapshot is, with what it holds, file by file. The records of the entities, then those
    /// of the relations, are let go as soon as they are packed.
    pub fn into_graph(mut self) -> Result<(Graph, LoadReport), Error> {
        let empty = Graph::new();
        let joins_the_graph = !self.enrich.is_empty()
            || self
                .ends
                .iter()
                .any(|&(from, to)| matches!(from, End::Graph(_)) || matches!(to, End::Graph(_)));
        if joins_the_graph {
            // Only a graph with data has entities to join (checked against an empty one, none).
            let mut graph = empty;
            let report = self.apply(&mut graph);
            return Ok((graph, report));
        }
        // What each file adds, counted before its records are let go.
        let mut report = self.report();
        let mut sources = BTreeMap::new();
        for file in &self.loaded {
            for (source, _) in &file.dataset.sources {
                sources.insert(source.id.clone(), source.clone());
            }
        }
        // The relations first, the largest part: their records are let go before the
        // entities are packed and their names indexed.
        let place = |end: End| match end {
            End::Staged(n) => n,
            End::Graph(ix) => ix.index() as u32,
        };
        let m = self.loaded.iter().map(|f| f.dataset.relations.len()).sum();
        let relations = self
            .loaded
            .iter()
            .flat_map(|file| &file.dataset.relations)
            .zip(&self.ends)
            .map(|(record, &(from, to))| (place(from), place(to), &record.relation));
        let relations = snapshot::PackedRelations::of(m, relations)?;
        for file in &mut self.loaded {
            file.dataset.relations = Vec::new();
        }
        self.ends = Vec::new();
        let count = self.loaded.iter().map(|f| f.dataset.entities.len()).sum();
        // The likely duplicates are found beside the packing of the entities, on another core
        // when they are many (again here, if their thread failed).
        let entities = self
            .loaded
            .iter()
            .flat_map(|file| file.dataset.entities.iter().map(|(entity, _)| entity));
        let (likely_duplicates, packing) = snapshot::side_by_side(
            count >= snapshot::PARALLEL_FROM,
            || self.likely_duplicates(&empty),
            || snapshot::Packing::entities(sources, count, entities, relations),
        );
        report.likely_duplicates =
            likely_duplicates.unwrap_or_else(|| self.likely_duplicates(&empty));
        let packing = packing?;
        drop(self);
        Ok((packing.graph()?, report))
    }

    /// Adds the datasets to the graph they were checked against.
    pub fn apply(self, graph: &mut Graph) -> LoadReport {
        let report = self.report_on(graph);
        let mut seen: HashMap<EntityIx, merge::Absorbed> = HashMap::new();
        for (ix, entity, placeholder) in &self.enrich {
            let seen = seen.entry(*ix).or_default();
            graph.enrich(*ix, |target| seen.absorb(target, entity, *placeholder));
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

/// Collects datasets and checks them against a graph and one another.
pub struct GraphBuilder<'g> {
    graph: &'g Graph,
    options: LoadOptions,
    loaded: Vec<Loaded>,
    problems: Vec<Diagnostic>,
    /// Whether a CSV file was read through `--mapping`.
    mapped: bool,
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
            mapped: false,
        }
    }
}

#[cfg(test)]
mod report_tests {
    use super::*;

    #[test]
    fn the_text_lists_twenty_conflicts_and_says_how_many_more_there_are() {
        let file = FileReport {
            file: "t.ijson".into(),
            format: Format::Ftm,
            sources: 1,
            entities: 0,
            relations: 0,
            merged: BTreeMap::from([("name".to_string(), 25)]),
            skipped: BTreeMap::new(),
            notes: BTreeMap::new(),
            conflicts: (0..25)
                .map(|i| format!("E{i}: country CN (a) against HK (b)"))
                .collect(),
        };
        let report = LoadReport {
            files: vec![file],
            likely_duplicates: Vec::new(),
        };
        let text = report.to_string();
        assert_eq!(text.matches("  conflict: ").count(), 20, "{text}");
        assert!(
            text.ends_with("  and 5 more conflicts (--json lists every one)\n"),
            "{text}"
        );
        assert!(
            report
                .summary()
                .contains("25 conflicts between merged records")
        );
    }
}
