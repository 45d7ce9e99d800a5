//! The knowledge graph: a petgraph directed multigraph of entities and typed relations, with an
//! id index, a folded name/alias index for look-up, and the sources its facts cite.

use std::collections::{BTreeMap, HashMap};

use petgraph::Direction;
use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;

use crate::error::Error;
use crate::model::{Entity, Relation, Source};
use crate::names::{fold, score};

/// A node of the graph.
pub type EntityIx = NodeIndex<u32>;
/// An edge of the graph.
pub type RelationIx = EdgeIndex<u32>;

/// A relation with its two ends.
#[derive(Debug, Clone, Copy)]
pub struct RelationRef<'g> {
    pub index: RelationIx,
    pub from: EntityIx,
    pub to: EntityIx,
    pub relation: &'g Relation,
}

/// One name or alias of an entity, folded for matching.
#[derive(Debug, Clone)]
struct NameEntry {
    entity: EntityIx,
    folded: String,
}

/// An entity that matched a search, with how well.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    pub entity: EntityIx,
    pub score: f64,
    /// The alias that matched, when it was not the name.
    pub via_alias: Option<String>,
}

/// Entities, relations and sources, indexed for look-up by id, name and alias.
#[derive(Debug, Clone, Default)]
pub struct Graph {
    inner: DiGraph<Entity, Relation>,
    by_id: HashMap<String, EntityIx>,
    /// Folded id, name and aliases → entities, for exact look-up.
    by_name: HashMap<String, Vec<EntityIx>>,
    /// Folded names and aliases, for fuzzy search.
    names: Vec<NameEntry>,
    sources: BTreeMap<String, Source>,
}

impl Graph {
    /// An empty graph.
    pub fn new() -> Self {
        Self::default()
    }

    /// The petgraph graph, for algorithms.
    pub fn inner(&self) -> &DiGraph<Entity, Relation> {
        &self.inner
    }

    /// Adds a source; a source with the same id is replaced.
    pub fn add_source(&mut self, source: Source) {
        self.sources.insert(source.id.clone(), source);
    }

    /// The sources, by id.
    pub fn sources(&self) -> &BTreeMap<String, Source> {
        &self.sources
    }

    /// Adds an entity. Its id must be new (callers check and report duplicates with their
    /// location first); a duplicate returns the existing node unchanged.
    pub fn add_entity(&mut self, entity: Entity) -> EntityIx {
        if let Some(&existing) = self.by_id.get(&entity.id) {
            return existing;
        }
        let id = entity.id.clone();
        let mut names: Vec<String> = std::iter::once(&entity.name)
            .chain(&entity.aliases)
            .map(|n| fold(n))
            .filter(|n| !n.is_empty())
            .collect();
        names.sort();
        names.dedup();
        let id_key = fold(&entity.id);
        let ix = self.inner.add_node(entity);
        self.by_id.insert(id, ix);
        for key in names
            .iter()
            .chain(std::iter::once(&id_key).filter(|k| !k.is_empty()))
        {
            let list = self.by_name.entry(key.clone()).or_default();
            if !list.contains(&ix) {
                list.push(ix);
            }
        }
        self.names.extend(
            names
                .into_iter()
                .map(|folded| NameEntry { entity: ix, folded }),
        );
        ix
    }

    /// Adds what another record of the same entity knows (identifiers, sources, and unless
    /// the record knew it only by an identifier, names as aliases, attributes, missing fields),
    /// indexing the new aliases.
    pub fn enrich(&mut self, ix: EntityIx, other: &Entity, other_is_placeholder: bool) {
        let before = self.inner[ix].aliases.len();
        crate::load::merge::absorb(&mut self.inner[ix], other, other_is_placeholder);
        let added: Vec<String> = self.inner[ix].aliases[before..]
            .iter()
            .map(|a| fold(a))
            .filter(|a| !a.is_empty())
            .collect();
        for folded in added {
            let list = self.by_name.entry(folded.clone()).or_default();
            if !list.contains(&ix) {
                list.push(ix);
            }
            self.names.push(NameEntry { entity: ix, folded });
        }
    }

    /// Adds a relation from one entity to another.
    pub fn add_relation(&mut self, from: EntityIx, to: EntityIx, relation: Relation) -> RelationIx {
        self.inner.add_edge(from, to, relation)
    }

    /// The entity at a node.
    pub fn entity(&self, ix: EntityIx) -> &Entity {
        &self.inner[ix]
    }

    /// The node of an entity id.
    pub fn by_id(&self, id: &str) -> Option<EntityIx> {
        self.by_id.get(id).copied()
    }

    /// Every entity, in insertion order.
    pub fn entities(&self) -> impl Iterator<Item = (EntityIx, &Entity)> + '_ {
        self.inner
            .node_indices()
            .map(move |ix| (ix, &self.inner[ix]))
    }

    /// Every relation, in insertion order.
    pub fn relations(&self) -> impl Iterator<Item = RelationRef<'_>> + '_ {
        self.inner.edge_references().map(|e| RelationRef {
            index: e.id(),
            from: e.source(),
            to: e.target(),
            relation: e.weight(),
        })
    }

    /// The relations leaving (`Outgoing`) or reaching (`Incoming`) an entity.
    pub fn relations_of(
        &self,
        ix: EntityIx,
        direction: Direction,
    ) -> impl Iterator<Item = RelationRef<'_>> + '_ {
        self.inner
            .edges_directed(ix, direction)
            .map(|e| RelationRef {
                index: e.id(),
                from: e.source(),
                to: e.target(),
                relation: e.weight(),
            })
    }

    pub fn entity_count(&self) -> usize {
        self.inner.node_count()
    }

    pub fn relation_count(&self) -> usize {
        self.inner.edge_count()
    }

    /// Finds the one entity a user means by an id, a name or an alias (case, accents and
    /// punctuation folded). An unknown name is answered with suggestions, an ambiguous one with
    /// its candidates.
    pub fn lookup(&self, text: &str) -> Result<EntityIx, Error> {
        if let Some(ix) = self.by_id(text) {
            return Ok(ix);
        }
        let folded = fold(text);
        match self.by_name.get(&folded).map(Vec::as_slice) {
            Some([one]) => Ok(*one),
            Some(many) if !many.is_empty() => {
                let mut candidates: Vec<String> = many
                    .iter()
                    .map(|&ix| {
                        let e = self.entity(ix);
                        format!("{} (id {}, {})", e.name, e.id, e.kind)
                    })
                    .collect();
                candidates.sort();
                Err(Error::AmbiguousEntity {
                    text: text.to_string(),
                    candidates,
                })
            }
            _ => Err(Error::UnknownEntity {
                text: text.to_string(),
                suggestions: self
                    .find(text, 3)
                    .into_iter()
                    .map(|m| self.entity(m.entity).name.clone())
                    .collect(),
            }),
        }
    }

    /// The one entity whose id, or folded name or alias, is `text`, if exactly one is.
    pub fn lookup_exact(&self, text: &str) -> Option<EntityIx> {
        self.by_id(text)
            .or_else(|| match self.by_name.get(&fold(text)).map(Vec::as_slice) {
                Some([one]) => Some(*one),
                _ => None,
            })
    }

    /// Entities whose names or aliases match `text`, best first, at most `limit`.
    pub fn find(&self, text: &str, limit: usize) -> Vec<Match> {
        let query = fold(text);
        let mut best: HashMap<EntityIx, (f64, usize)> = HashMap::new();
        for (i, entry) in self.names.iter().enumerate() {
            let s = score(&query, &entry.folded);
            if s > 0.0 {
                let slot = best.entry(entry.entity).or_insert((s, i));
                if s > slot.0 {
                    *slot = (s, i);
                }
            }
        }
        let mut matches: Vec<Match> = best
            .into_iter()
            .map(|(entity, (score, i))| {
                let e = self.entity(entity);
                let via = &self.names[i].folded;
                let via_alias = if *via == fold(&e.name) {
                    None
                } else {
                    e.aliases.iter().find(|a| fold(a) == *via).cloned()
                };
                Match {
                    entity,
                    score,
                    via_alias,
                }
            })
            .collect();
        matches.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| self.entity(a.entity).name.cmp(&self.entity(b.entity).name))
                .then_with(|| self.entity(a.entity).id.cmp(&self.entity(b.entity).id))
        });
        matches.truncate(limit);
        matches
    }
}
