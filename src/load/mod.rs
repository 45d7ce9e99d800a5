//! Loading data into a [`Graph`]: the bundled dataset, files and folders, each checked, with
//! every problem reported at its place and nothing loaded from a set of files with a problem.
//!
//! Files are parsed one by one into [`native::Dataset`]s; [`GraphBuilder`] then checks what only
//! the whole set can tell (duplicate ids, relations naming unknown entities, unknown sources),
//! and the [`Staged`] result joins the graph only when no problem was found.

pub mod json;
pub mod native;

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Location};
use crate::error::Error;
use crate::graph::Graph;
use crate::names::closest;

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

/// What one load added, file by file.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct LoadReport {
    pub files: Vec<FileReport>,
}

/// What one file added.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FileReport {
    pub file: String,
    pub sources: usize,
    pub entities: usize,
    pub relations: usize,
}

impl fmt::Display for LoadReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for file in &self.files {
            writeln!(
                f,
                "{}: {} entities, {} relations, {} sources",
                file.file, file.entities, file.relations, file.sources
            )?;
        }
        Ok(())
    }
}

/// Loads the inputs into a new graph, all or nothing.
pub fn load(inputs: &[Input]) -> Result<(Graph, LoadReport), Error> {
    let mut graph = Graph::new();
    let report = extend(&mut graph, inputs)?;
    Ok((graph, report))
}

/// Adds the inputs to a graph, all or nothing: on any problem the graph is left as it was and
/// the error lists every problem.
pub fn extend(graph: &mut Graph, inputs: &[Input]) -> Result<LoadReport, Error> {
    let staged = check(graph, inputs)?;
    Ok(staged.apply(graph))
}

/// Reads and checks the inputs against a graph without changing it.
pub fn check(graph: &Graph, inputs: &[Input]) -> Result<Staged, Error> {
    let mut builder = GraphBuilder::new(graph);
    for input in inputs {
        match input {
            Input::Bundled => {
                for (name, text) in BUNDLED {
                    builder.add_text(name, text);
                }
            }
            Input::Path(path) => builder.add_path(path),
        }
    }
    builder.finish()
}

/// Datasets that passed every check, ready to join the graph they were checked against.
#[derive(Debug)]
pub struct Staged {
    datasets: Vec<(String, native::Dataset)>,
}

impl Staged {
    /// What applying would add, file by file.
    pub fn report(&self) -> LoadReport {
        LoadReport {
            files: self
                .datasets
                .iter()
                .map(|(name, dataset)| FileReport {
                    file: name.clone(),
                    sources: dataset.sources.len(),
                    entities: dataset.entities.len(),
                    relations: dataset.relations.len(),
                })
                .collect(),
        }
    }

    /// Adds the datasets to the graph they were checked against.
    pub fn apply(self, graph: &mut Graph) -> LoadReport {
        let report = self.report();
        for (_, dataset) in self.datasets {
            for (source, _) in dataset.sources {
                graph.add_source(source);
            }
            for (entity, _) in dataset.entities {
                graph.add_entity(entity);
            }
            for record in dataset.relations {
                // Both ends were checked to exist before staging.
                if let (Some(from), Some(to)) = (graph.by_id(&record.from), graph.by_id(&record.to))
                {
                    graph.add_relation(from, to, record.relation);
                }
            }
        }
        report
    }
}

/// Collects datasets and checks them against a graph and one another.
pub struct GraphBuilder<'g> {
    graph: &'g Graph,
    datasets: Vec<(String, native::Dataset)>,
    problems: Vec<Diagnostic>,
}

impl<'g> GraphBuilder<'g> {
    /// Starts checking against an existing graph (empty for a fresh load).
    pub fn new(graph: &'g Graph) -> Self {
        GraphBuilder {
            graph,
            datasets: Vec::new(),
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

    fn add_file(&mut self, path: &Path) {
        let shown = path.display().to_string();
        match std::fs::read(path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => self.add_text(&shown, &text),
                Err(err) => {
                    let offset = err.utf8_error().valid_up_to();
                    let text = String::from_utf8_lossy(&err.as_bytes()[..offset]).into_owned();
                    let at =
                        crate::diagnostic::SourceText::new(shown.as_str(), &text).location(offset);
                    self.problems.push(Diagnostic::at(
                        at,
                        "the file is not UTF-8 text; save it as UTF-8",
                    ));
                }
            },
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                self.problems.push(Diagnostic {
                    location: None,
                    message: format!("{shown}: no such file or folder"),
                })
            }
            Err(err) => self.problems.push(Diagnostic {
                location: None,
                message: format!("{shown}: cannot read it: {err}"),
            }),
        }
    }

    /// Reads the text of one file, named `name` in messages.
    pub fn add_text(&mut self, name: &str, text: &str) {
        let doc = json::Doc::new(name, text);
        if !native::looks_native(text) {
            doc.error_at(
                0,
                "not a dealgraph dataset: expected a JSON object with \"sources\", \"entities\" and \"relations\"",
            );
            self.problems.extend(doc.into_problems());
            return;
        }
        let dataset = native::parse(&doc);
        self.problems.extend(doc.into_problems());
        self.datasets.push((name.to_string(), dataset));
    }

    /// Checks what spans files, or returns every problem found.
    pub fn finish(mut self) -> Result<Staged, Error> {
        let mut source_at: HashMap<String, Location> = HashMap::new();
        let mut entity_at: HashMap<String, Location> = HashMap::new();
        for (_, dataset) in &self.datasets {
            for (source, at) in &dataset.sources {
                if let Some(first) = source_at.get(&source.id) {
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
                if let Some(first) = entity_at.get(&entity.id) {
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
                    entity_at.insert(entity.id.clone(), at.clone());
                }
            }
        }
        let known_entity =
            |id: &str, graph: &Graph| entity_at.contains_key(id) || graph.by_id(id).is_some();
        for (_, dataset) in &self.datasets {
            for record in &dataset.relations {
                for (id, at, end) in [
                    (&record.from, &record.from_at, "from"),
                    (&record.to, &record.to_at, "to"),
                ] {
                    if !known_entity(id, self.graph) {
                        let hint = self.entity_hint(id, &entity_at);
                        self.problems.push(Diagnostic::at(
                            at.clone(),
                            format!("\"{end}\" names no entity: \"{id}\"{hint}"),
                        ));
                    }
                }
            }
            for used in &dataset.source_uses {
                if !source_at.contains_key(&used.id) && !self.graph.sources().contains_key(&used.id)
                {
                    let ids = source_at
                        .keys()
                        .map(String::as_str)
                        .chain(self.graph.sources().keys().map(String::as_str));
                    let hint = match closest(&used.id, ids) {
                        Some(near) => format!(" — did you mean \"{near}\"?"),
                        None => "; list it under \"sources\" with an id and a title".to_string(),
                    };
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
            datasets: self.datasets,
        })
    }

    /// A hint for an id that names no entity: the entity whose name it is, or the nearest id.
    fn entity_hint(&self, id: &str, new_ids: &HashMap<String, Location>) -> String {
        let by_name = self
            .datasets
            .iter()
            .flat_map(|(_, d)| &d.entities)
            .map(|(e, _)| e)
            .find(|e| {
                crate::names::fold(&e.name) == crate::names::fold(id)
                    || e.aliases
                        .iter()
                        .any(|a| crate::names::fold(a) == crate::names::fold(id))
            })
            .map(|e| e.id.clone())
            .or_else(|| {
                self.graph
                    .lookup_exact(id)
                    .map(|ix| self.graph.entity(ix).id.clone())
            });
        if let Some(found) = by_name {
            return format!(" — relations name entities by id; did you mean \"{found}\"?");
        }
        let ids = new_ids
            .keys()
            .map(String::as_str)
            .chain(self.graph.entities().map(|(_, e)| e.id.as_str()));
        match closest(id, ids) {
            Some(near) => format!(" — did you mean \"{near}\"?"),
            None => "; define it under \"entities\" or fix the id".to_string(),
        }
    }
}

/// The data files under a folder, recursively, sorted by path; JSON Schema files are skipped.
fn data_files(dir: &Path, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
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
            data_files(&path, files)?;
        } else if is_data_file(&name) {
            files.push(path);
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
