//! The checks that only a whole set of files can make: duplicate and already loaded ids,
//! relations naming unknown entities and uses of unknown sources, each with a did-you-mean hint.

use foldhash::{HashMap, HashMapExt};

use super::native::Ends;
use super::{End, GraphBuilder, Loaded, PROBLEM_LIMIT, Staged, merge};
use crate::diagnostic::{Diagnostic, Location};
use crate::error::Error;
use crate::graph::Graph;
use crate::names::closest;

/// Staged relations by their ends, each as its file and its place there.
type Between = HashMap<(End, End), Vec<(usize, usize)>>;

impl GraphBuilder<'_> {
    /// Checks what spans files, or returns every problem found.
    pub fn finish(mut self) -> Result<Staged, Error> {
        let restates = already_loaded(self.graph, &mut self.loaded);
        let imports = self.loaded.iter().any(|file| file.import.is_some());
        let enrich = if self.problems.is_empty() && imports {
            merge::resolve(self.graph, &mut self.loaded, self.options.merge)
        } else {
            Vec::new()
        };
        let mut source_at: HashMap<String, Location> = HashMap::new();
        // Each new entity's id, to its place among the staged entities and its location.
        let mut entity_at: HashMap<&str, (u32, &Location)> =
            HashMap::with_capacity(self.loaded.iter().map(|l| l.dataset.entities.len()).sum());
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
                } else if let Some(known) = self.graph.sources().get(&source.id) {
                    self.problems.push(Diagnostic::at(
                        at.clone(),
                        format!(
                            "source id \"{}\" is already loaded with other values ({}); make the two agree, or give this source another id",
                            source.id,
                            differences(known, source)
                        ),
                    ));
                } else {
                    source_at.insert(source.id.clone(), at.clone());
                }
            }
            for (entity, at) in &dataset.entities {
                if let Some(&(n, first)) = entity_at.get(entity.id.as_str()) {
                    let other = self
                        .loaded
                        .iter()
                        .flat_map(|l| l.dataset.entities.iter().map(|(e, _)| e))
                        .nth(n as usize);
                    let differ = match other {
                        Some(other) if other != entity => {
                            format!(" with other values ({})", differences(other, entity))
                        }
                        _ => String::new(),
                    };
                    self.problems.push(Diagnostic::at(
                        at.clone(),
                        format!(
                            "duplicate entity id \"{}\" (first defined at {first}){differ}",
                            entity.id
                        ),
                    ));
                } else if let Some(ix) = self.graph.by_id(&entity.id) {
                    self.problems.push(Diagnostic::at(
                        at.clone(),
                        format!(
                            "entity id \"{}\" is already loaded with other values ({}); make the two agree, or give this entity another id",
                            entity.id,
                            differences(self.graph.entity(ix), entity)
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
        let mut ends =
            Vec::with_capacity(self.loaded.iter().map(|l| l.dataset.relations.len()).sum());
        let mut hints = Hints::new(self.graph, &self.loaded, &entity_at, &source_at);
        // Where each file's entities start among the staged ones (when none is refused, which
        // is the only case the ends are used in).
        let mut base = 0u32;
        // The relations of native files that are already loaded, by file and place.
        let mut known: Vec<(usize, usize)> = Vec::new();
        // When a file restates loaded records: the staged relations so far by their ends, each
        // as its file and place.
        let mut staged_between: Option<Between> = restates.iter().any(|&r| r).then(HashMap::new);
        for (d, file) in self.loaded.iter().enumerate() {
            let dataset = &file.dataset;
            let first = base;
            base += dataset.entities.len() as u32;
            for (r, record) in dataset.relations.iter().enumerate() {
                let named = match &record.ends {
                    Ends::Local(from, to) => {
                        let pair = (End::Staged(first + from), End::Staged(first + to));
                        if let Some(between) = staged_between.as_mut() {
                            between.entry(pair).or_default().push((d, r));
                        }
                        ends.push(pair);
                        continue;
                    }
                    Ends::Named(named) => named,
                };
                let mut end = |id: &str, at: &Location, which: &str| {
                    find(id).unwrap_or_else(|| {
                        if self
                            .loaded
                            .iter()
                            .any(|l| l.dataset.refused_ids.contains(id))
                        {
                            // The entity is there with a problem of its own, already reported.
                            return End::Staged(0);
                        }
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
                // A native file written from this graph (an exported selection) restates
                // relations it has: the same relation between the same entities loads once.
                let in_graph = |a: End, b: End| match (a, b) {
                    (End::Graph(a), End::Graph(b)) => graph
                        .inner()
                        .edges_connecting(a, b)
                        .any(|edge| *edge.weight() == record.relation),
                    _ => false,
                };
                let loaded = &self.loaded;
                let in_staged = |between: &Between| {
                    between.get(&(from, to)).is_some_and(|list| {
                        list.iter().any(|&(f, i)| {
                            loaded[f].dataset.relations[i].relation == record.relation
                        })
                    })
                };
                if restates[d]
                    && (in_graph(from, to) || staged_between.as_ref().is_some_and(in_staged))
                {
                    known.push((d, r));
                    continue;
                }
                if let Some(between) = staged_between.as_mut() {
                    between.entry((from, to)).or_default().push((d, r));
                }
                ends.push((from, to));
            }
            // The ends of relations refused for another problem: a wrong id is a problem too.
            for (which, id, at) in &dataset.refused_ends {
                if find(id).is_none()
                    && !self
                        .loaded
                        .iter()
                        .any(|l| l.dataset.refused_ids.contains(id))
                {
                    let hint = hints.entity(id);
                    self.problems.push(Diagnostic::at(
                        at.clone(),
                        format!("\"{which}\" names no entity: \"{id}\"{hint}"),
                    ));
                }
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
        for (d, r) in known.into_iter().rev() {
            self.loaded[d].dataset.relations.remove(r);
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

/// Leaves out of native files the sources and entities that the graph or an earlier native file
/// of the load already has with the very same values (an exported selection loaded beside the
/// data it came from), and points the relations that named them by place at them by id. A
/// record with the same id but other values stays, for the checks to report with both values.
/// Returns, for each file, whether it restated such records (its relations are then checked
/// for ones already loaded too).
fn already_loaded(graph: &Graph, loaded: &mut [Loaded]) -> Vec<bool> {
    let mut restates = vec![false; loaded.len()];
    let natives = loaded.iter().filter(|f| f.import.is_none()).count();
    if natives == 0 || (natives == 1 && graph.entity_count() == 0) {
        return restates;
    }
    // The entities of earlier native files, by a hash of their ids: (file, place).
    let hash = |id: &str| {
        use std::hash::BuildHasher;
        foldhash::fast::FixedState::with_seed(0).hash_one(id)
    };
    let mut earlier: HashMap<u64, Vec<(usize, usize)>> = HashMap::new();
    for d in 0..loaded.len() {
        if loaded[d].import.is_some() {
            continue;
        }
        let (before, rest) = loaded.split_at_mut(d);
        let dataset = &mut rest[0].dataset;
        let known_source = |source: &crate::model::Source| {
            graph.sources().get(&source.id) == Some(source)
                || before
                    .iter()
                    .filter(|f| f.import.is_none())
                    .any(|f| f.dataset.sources.iter().any(|(s, _)| s == source))
        };
        dataset.sources.retain(|(source, _)| !known_source(source));
        let same = |entity: &crate::model::Entity| {
            graph
                .by_id(&entity.id)
                .is_some_and(|ix| graph.entity(ix) == entity)
                || earlier.get(&hash(&entity.id)).is_some_and(|places| {
                    places
                        .iter()
                        .any(|&(f, i)| before[f].dataset.entities[i].0 == *entity)
                })
        };
        if dataset.entities.iter().any(|(e, _)| same(e)) {
            restates[d] = true;
            // Each entity's new place, or (when it is left out) its id and where it was.
            let mut places: Vec<Result<u32, (String, Location)>> = Vec::new();
            let mut kept = Vec::with_capacity(dataset.entities.len());
            for (entity, at) in std::mem::take(&mut dataset.entities) {
                if same(&entity) {
                    places.push(Err((entity.id, at)));
                } else {
                    places.push(Ok(kept.len() as u32));
                    kept.push((entity, at));
                }
            }
            dataset.entities = kept;
            for record in &mut dataset.relations {
                let Ends::Local(from, to) = record.ends else {
                    continue;
                };
                let (Some(from), Some(to)) = (places.get(from as usize), places.get(to as usize))
                else {
                    continue;
                };
                record.ends = match (from, to) {
                    (Ok(from), Ok(to)) => Ends::Local(*from, *to),
                    _ => {
                        let named = |place: &Result<u32, (String, Location)>| match place {
                            Ok(n) => {
                                let (entity, at) = &dataset.entities[*n as usize];
                                (entity.id.clone(), at.clone())
                            }
                            Err((id, at)) => (id.clone(), at.clone()),
                        };
                        super::native::RelationRecord::named(
                            named(from),
                            named(to),
                            record.relation.clone(),
                        )
                        .ends
                    }
                };
            }
        }
        for (i, (entity, _)) in dataset.entities.iter().enumerate() {
            earlier.entry(hash(&entity.id)).or_default().push((d, i));
        }
    }
    restates
}

/// The top-level fields in which two records differ, each with its value in the loaded record
/// and in the new one: `"country": "CN" loaded, "HK" here`.
fn differences<T: serde::Serialize>(loaded: &T, new: &T) -> String {
    let (Ok(serde_json::Value::Object(a)), Ok(serde_json::Value::Object(b))) =
        (serde_json::to_value(loaded), serde_json::to_value(new))
    else {
        return "their values differ".to_string();
    };
    let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
    keys.sort();
    keys.dedup();
    let shown = |v: Option<&serde_json::Value>| match v {
        Some(v) => {
            let text = v.to_string();
            if text.chars().count() > 60 {
                format!("{}…", text.chars().take(59).collect::<String>())
            } else {
                text
            }
        }
        None => "none".to_string(),
    };
    let said: Vec<String> = keys
        .into_iter()
        .filter(|k| a.get(*k) != b.get(*k))
        .map(|k| {
            format!(
                "\"{k}\": {} loaded, {} here",
                shown(a.get(k)),
                shown(b.get(k))
            )
        })
        .collect();
    if said.is_empty() {
        "their values differ".to_string()
    } else {
        said.join("; ")
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
                for name in std::iter::once(&entity.name).chain(&entity.details().aliases) {
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
