//! The checks that only a whole set of files can make: duplicate and already loaded ids,
//! relations naming unknown entities and uses of unknown sources, each with a did-you-mean hint.

use foldhash::{HashMap, HashMapExt};

use super::native::Ends;
use super::{End, GraphBuilder, Loaded, PROBLEM_LIMIT, Staged, merge};
use crate::diagnostic::{Diagnostic, Location};
use crate::error::Error;
use crate::graph::Graph;
use crate::names::closest;

impl GraphBuilder<'_> {
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
        // Where each file's entities start among the staged ones (when none is refused, which
        // is the only case the ends are used in).
        let mut base = 0u32;
        for dataset in self.loaded.iter().map(|l| &l.dataset) {
            let first = base;
            base += dataset.entities.len() as u32;
            for record in &dataset.relations {
                let named = match &record.ends {
                    Ends::Local(from, to) => {
                        ends.push((End::Staged(first + from), End::Staged(first + to)));
                        continue;
                    }
                    Ends::Named(named) => named,
                };
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
                let from = end(&named.from, &named.from_at, "from");
                let to = end(&named.to, &named.to_at, "to");
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
