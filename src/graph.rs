//! The knowledge graph: a petgraph directed multigraph of entities and typed relations, with an
//! id index, a folded name/alias index for look-up ([`NameIndex`]), and the sources its facts
//! cite.

pub mod adjacency;
pub mod duplicates;
mod names;
pub mod stored;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use foldhash::HashMap;

use petgraph::Direction;
use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;

use crate::error::Error;
use crate::model::{Entity, EntityKind, Relation, RelationType, Source, Status};
use crate::names::fold;

pub use adjacency::Adjacency;
pub use names::{KeyTable, NameHit, NameIndex, SearchIndex};
pub use stored::Store;

use stored::Cache;

/// A node of the graph.
pub type EntityIx = NodeIndex<u32>;
/// An edge of the graph.
pub type RelationIx = EdgeIndex<u32>;

/// A relation with its two ends.
#[derive(Debug, Clone, Copy)]
pub struct RelationRef<'g> {
    /// The relation's edge in the graph.
    pub index: RelationIx,
    /// The entity it starts from.
    pub from: EntityIx,
    /// The entity it points to.
    pub to: EntityIx,
    /// The relation itself.
    pub relation: &'g Relation,
}

impl<'g> From<petgraph::graph::EdgeReference<'g, Relation, u32>> for RelationRef<'g> {
    fn from(e: petgraph::graph::EdgeReference<'g, Relation, u32>) -> Self {
        RelationRef {
            index: e.id(),
            from: e.source(),
            to: e.target(),
            relation: e.weight(),
        }
    }
}

/// An entity that matched a search, with how well.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    /// The entity that matched.
    pub entity: EntityIx,
    /// How well it matched, from 0 (not at all) to 1 (the same); see [`crate::names::score`].
    pub score: f64,
    /// The alias that matched, when it was not the name.
    pub via_alias: Option<String>,
    /// The identifier that matched (`lei 6354003LMZZAKOPXLX69`), when one did.
    pub via_identifier: Option<String>,
}

/// The index of entity ids.
#[derive(Debug, Clone)]
enum Ids {
    /// Id → entity, kept as entities are added.
    Map(HashMap<String, EntityIx>),
    /// Every entity in the order of their ids, found by bisection (a snapshot's, which costs
    /// nothing to build); becomes a map when entities are added.
    Sorted(std::sync::Arc<[u32]>),
}

impl Default for Ids {
    fn default() -> Self {
        Ids::Map(HashMap::default())
    }
}

/// A graph's entities and relations while they are still in a [`Store`]: read one at a time,
/// each kept once read.
#[derive(Debug, Clone)]
struct Unbuilt {
    store: std::sync::Arc<dyn Store>,
    entities: std::sync::Arc<Cache<Entity>>,
    relations: std::sync::Arc<Cache<Relation>>,
}

/// Entities, relations and sources, indexed for look-up by id, name and alias.
#[derive(Debug, Clone, Default)]
pub struct Graph {
    /// The petgraph graph; a graph read from a [`Store`] is built from it when something first
    /// needs the whole graph (or changes it).
    built: OnceLock<DiGraph<Entity, Relation>>,
    /// The store of a graph read from one, which answers single entities and relations until
    /// the graph is built.
    unbuilt: Option<Unbuilt>,
    by_id: Ids,
    names: NameIndex,
    /// The index of `find`, made on the first search after the entities last changed.
    search: std::sync::OnceLock<SearchIndex>,
    sources: BTreeMap<String, Source>,
    /// The searches' index of the relations, built on first use; adding to the graph drops it.
    adjacency: OnceLock<Adjacency>,
    /// Each entity's likely duplicates ([`duplicates`]), found on first use; adding or
    /// changing entities drops them.
    likely: OnceLock<HashMap<EntityIx, Vec<EntityIx>>>,
}

impl Graph {
    /// An empty graph.
    pub fn new() -> Self {
        Self::default()
    }

    /// A graph whose entities and relations stay in `store` until a command needs them all,
    /// with its sources, its entities in the order of their ids ([`Graph::id_order`]), its
    /// name index and its adjacency (from a snapshot). `None` unless `id_order` orders every
    /// entity once by id and the adjacency is of as many entities and relations.
    pub fn from_store(
        store: std::sync::Arc<dyn Store>,
        sources: BTreeMap<String, Source>,
        id_order: Vec<u32>,
        names: NameIndex,
        adjacency: Adjacency,
    ) -> Option<Self> {
        let (n, m) = (store.entity_count(), store.relation_count());
        if id_order.len() != n || adjacency.entity_count() != n || adjacency.relation_count() != m {
            return None;
        }
        let mut seen = vec![false; n];
        for &e in &id_order {
            if std::mem::replace(seen.get_mut(e as usize)?, true) {
                return None;
            }
        }
        let id = |e: u32| store.id(e as usize);
        if !id_order.windows(2).all(|pair| id(pair[0]) < id(pair[1])) {
            return None;
        }
        Some(Graph {
            unbuilt: Some(Unbuilt {
                entities: Cache::new(n).into(),
                relations: Cache::new(m).into(),
                store,
            }),
            by_id: Ids::Sorted(id_order.into()),
            names,
            sources,
            adjacency: adjacency.into(),
            ..Graph::default()
        })
    }

    /// The store the graph is read from while it is not built.
    fn unbuilt(&self) -> Option<&Unbuilt> {
        match self.built.get() {
            Some(_) => None,
            None => self.unbuilt.as_ref(),
        }
    }

    /// The entities and relations in a snapshot's layout, while the graph is those of a load
    /// packed in memory, unchanged.
    pub fn packed_records(&self) -> Option<&[u8]> {
        self.unbuilt().and_then(|u| u.store.packed_records())
    }

    /// Why the graph cannot be trusted, once a record it was read from could not be decoded
    /// (a snapshot written by a faulty program): the answers given since may be incomplete,
    /// so the command that met it fails.
    pub fn damage(&self) -> Option<Error> {
        self.unbuilt.as_ref().and_then(|u| u.store.damage())
    }

    /// Every entity's index in the order of their ids.
    pub fn id_order(&self) -> Vec<u32> {
        match &self.by_id {
            Ids::Sorted(order) => order.to_vec(),
            Ids::Map(_) => {
                let mut order: Vec<u32> = (0..self.entity_count() as u32).collect();
                order.sort_unstable_by(|&a, &b| {
                    let id = |e: u32| self.id(EntityIx::new(e as usize));
                    id(a).cmp(id(b))
                });
                order
            }
        }
    }

    /// The id of an entity, read without decoding the rest of it.
    fn id(&self, ix: EntityIx) -> &str {
        match self.unbuilt() {
            Some(u) => u.store.id(ix.index()),
            None => &self.inner()[ix].id,
        }
    }

    /// Whether an entity has nothing but its id, name and kind, told without decoding it.
    pub fn is_bare(&self, ix: EntityIx) -> bool {
        match self.unbuilt() {
            Some(u) => u.store.is_bare(ix.index()),
            None => self.inner()[ix].is_bare(),
        }
    }

    /// The kind of an entity, read without decoding the rest of it.
    pub fn kind(&self, ix: EntityIx) -> EntityKind {
        match self.unbuilt() {
            Some(_) => EntityKind::ALL[self.adjacency().kind(ix.index() as u32) as usize],
            None => self.inner()[ix].kind,
        }
    }

    /// The type and status of a relation, and its ends, read without decoding the rest of it;
    /// `None` for an index not of this graph.
    pub fn relation_brief(
        &self,
        ix: RelationIx,
    ) -> Option<(RelationType, Status, EntityIx, EntityIx)> {
        match self.unbuilt() {
            Some(u) => {
                let i = ix.index();
                if i >= u.store.relation_count() {
                    return None;
                }
                let (kind, status) = u.store.type_and_status(i);
                let (from, to) = u.store.ends(i);
                Some((
                    RelationType::ALL[kind as usize],
                    Status::ALL[status as usize],
                    from.into(),
                    to.into(),
                ))
            }
            None => {
                let inner = self.inner();
                let (from, to) = inner.edge_endpoints(ix)?;
                let r = &inner[ix];
                Some((r.kind, r.status, from, to))
            }
        }
    }

    /// The name of an entity, read without decoding the rest of it.
    pub fn name(&self, ix: EntityIx) -> &str {
        match self.unbuilt() {
            Some(u) => u.store.name(ix.index()),
            None => &self.inner()[ix].name,
        }
    }

    /// Makes the id index a map, to add to it.
    fn thaw_ids(&mut self) -> &mut HashMap<String, EntityIx> {
        if let Ids::Sorted(_) = self.by_id {
            let inner = self.inner();
            let map = inner
                .node_indices()
                .map(|ix| (inner[ix].id.clone(), ix))
                .collect();
            self.by_id = Ids::Map(map);
        }
        match &mut self.by_id {
            Ids::Map(map) => map,
            Ids::Sorted(_) => unreachable!("made a map just above"),
        }
    }

    /// The petgraph graph, for algorithms; a graph read from a store is built whole now, if
    /// it was not yet.
    pub fn inner(&self) -> &DiGraph<Entity, Relation> {
        self.built.get_or_init(|| match &self.unbuilt {
            Some(u) => u.store.build(),
            None => DiGraph::default(),
        })
    }

    /// The petgraph graph, to change.
    fn inner_mut(&mut self) -> &mut DiGraph<Entity, Relation> {
        self.inner();
        match self.built.get_mut() {
            Some(inner) => inner,
            None => unreachable!("built just above"),
        }
    }

    /// Makes room for more entities and relations, so that a large load grows the graph once.
    pub fn reserve(&mut self, entities: usize, relations: usize) {
        let inner = self.inner_mut();
        inner.reserve_nodes(entities);
        inner.reserve_edges(relations);
        self.thaw_ids().reserve(entities);
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
        if let Some(existing) = self.by_id(&entity.id) {
            return existing;
        }
        let id = entity.id.clone();
        self.adjacency.take();
        self.thaw_ids();
        let ix = self.inner_mut().add_node(entity);
        self.thaw_ids().insert(id, ix);
        let inner = self
            .built
            .get()
            .unwrap_or_else(|| unreachable!("changed just above"));
        self.names.add_entity(ix, &inner[ix]);
        self.search = Default::default();
        self.likely = Default::default();
        ix
    }

    /// Changes an entity through `update`, which may add aliases (they are indexed for look-up)
    /// and fill other fields, but must leave its id, name and aliases already there as they are.
    pub(crate) fn enrich(&mut self, ix: EntityIx, update: impl FnOnce(&mut Entity)) {
        let entity = &mut self.inner_mut()[ix];
        let before = entity.details().aliases.len();
        update(entity);
        let added: Vec<String> = entity
            .details()
            .aliases
            .iter()
            .skip(before)
            .map(|a| fold(a))
            .filter(|a| !a.is_empty())
            .collect();
        for folded in added {
            self.names.add_alias(ix, folded);
        }
        let inner = self
            .built
            .get()
            .unwrap_or_else(|| unreachable!("changed just above"));
        self.names.add_identifiers(ix, &inner[ix]);
        self.search = Default::default();
        self.likely = Default::default();
    }

    /// The entities that are likely the same as this one but were not merged with it (the same
    /// name without legal forms and bracketed parts, or the same identifier), in graph order.
    pub fn likely_duplicates(&self, ix: EntityIx) -> &[EntityIx] {
        let likely = self.likely.get_or_init(|| {
            let mut of: HashMap<EntityIx, Vec<EntityIx>> = HashMap::default();
            for group in duplicates::groups(self.inner().node_weights()) {
                for &a in &group {
                    let others = of.entry(EntityIx::new(a)).or_default();
                    others.extend(group.iter().filter(|&&b| b != a).map(|&b| EntityIx::new(b)));
                }
            }
            for others in of.values_mut() {
                others.sort_unstable();
                others.dedup();
            }
            of
        });
        likely.get(&ix).map(Vec::as_slice).unwrap_or_default()
    }

    /// The index of the entities' folded names and aliases for `find`, made now if the
    /// entities changed since the last search.
    pub fn search_index(&self) -> &SearchIndex {
        self.search.get_or_init(|| SearchIndex::of(self.entities()))
    }

    /// Adds a relation from one entity to another.
    pub fn add_relation(&mut self, from: EntityIx, to: EntityIx, relation: Relation) -> RelationIx {
        self.adjacency.take();
        self.inner_mut().add_edge(from, to, relation)
    }

    /// The relations of every entity packed for searching, built on first use after the graph
    /// last changed (O(V + E)).
    pub fn adjacency(&self) -> &Adjacency {
        self.adjacency.get_or_init(|| Adjacency::new(self.inner()))
    }

    /// Every entity's place among all the entities ordered by name, then id
    /// ([`Adjacency::name_places`]).
    pub fn name_places(&self) -> &[u32] {
        self.adjacency().name_places(|e| {
            let ix = EntityIx::new(e as usize);
            (self.name(ix), self.id(ix))
        })
    }

    /// The index of the entities' folded ids, names and aliases.
    pub fn names(&self) -> &NameIndex {
        &self.names
    }

    /// The entity at a node.
    pub fn entity(&self, ix: EntityIx) -> &Entity {
        match self.unbuilt() {
            Some(u) => u
                .entities
                .get_or_read(ix.index(), || u.store.entity(ix.index())),
            None => &self.inner()[ix],
        }
    }

    /// The node of an entity id.
    pub fn by_id(&self, id: &str) -> Option<EntityIx> {
        match &self.by_id {
            Ids::Map(map) => map.get(id).copied(),
            Ids::Sorted(order) => order
                .binary_search_by(|&e| self.id(EntityIx::new(e as usize)).cmp(id))
                .ok()
                .map(|at| EntityIx::new(order[at] as usize)),
        }
    }

    /// Every entity, in insertion order.
    pub fn entities(&self) -> impl Iterator<Item = (EntityIx, &Entity)> + '_ {
        let inner = self.inner();
        inner.node_indices().map(move |ix| (ix, &inner[ix]))
    }

    /// Every relation, in insertion order.
    pub fn relations(&self) -> impl Iterator<Item = RelationRef<'_>> + '_ {
        self.inner().edge_references().map(RelationRef::from)
    }

    /// The relation at an index, with its ends; `None` for an index not of this graph.
    pub fn relation(&self, ix: RelationIx) -> Option<RelationRef<'_>> {
        let Some(u) = self.unbuilt() else {
            let inner = self.inner();
            let (from, to) = inner.edge_endpoints(ix)?;
            return Some(RelationRef {
                index: ix,
                from,
                to,
                relation: &inner[ix],
            });
        };
        if ix.index() >= u.store.relation_count() {
            return None;
        }
        let (from, to) = u.store.ends(ix.index());
        Some(RelationRef {
            index: ix,
            from: from.into(),
            to: to.into(),
            relation: self.relation_weight(ix),
        })
    }

    /// The relation at an index of this graph.
    pub fn relation_weight(&self, ix: RelationIx) -> &Relation {
        match self.unbuilt() {
            Some(u) => u
                .relations
                .get_or_read(ix.index(), || u.store.relation(ix.index())),
            None => &self.inner()[ix],
        }
    }

    /// The relations leaving (`Outgoing`) or reaching (`Incoming`) an entity, newest first.
    pub fn relations_of(
        &self,
        ix: EntityIx,
        direction: Direction,
    ) -> impl Iterator<Item = RelationRef<'_>> + '_ {
        match self.unbuilt() {
            None => either::Left(
                self.inner()
                    .edges_directed(ix, direction)
                    .map(RelationRef::from),
            ),
            Some(_) => {
                let e = ix.index() as u32;
                let row = match direction {
                    Direction::Outgoing => self.adjacency().outgoing(e),
                    Direction::Incoming => self.adjacency().incoming(e),
                };
                either::Right(row.slots.iter().map(move |slot| {
                    let other = EntityIx::new(slot.entity as usize);
                    let (from, to) = match direction {
                        Direction::Outgoing => (ix, other),
                        Direction::Incoming => (other, ix),
                    };
                    let index = RelationIx::new(slot.relation as usize);
                    RelationRef {
                        index,
                        from,
                        to,
                        relation: self.relation_weight(index),
                    }
                }))
            }
        }
    }

    /// How many entities the graph holds.
    pub fn entity_count(&self) -> usize {
        match self.unbuilt() {
            Some(u) => u.store.entity_count(),
            None => self.inner().node_count(),
        }
    }

    /// How many relations the graph holds.
    pub fn relation_count(&self) -> usize {
        match self.unbuilt() {
            Some(u) => u.store.relation_count(),
            None => self.inner().edge_count(),
        }
    }

    /// Finds the one entity a user means by an id, a name or an alias (case, accents and
    /// punctuation folded). An unknown name is answered with suggestions, an ambiguous one with
    /// its candidates.
    pub fn lookup(&self, text: &str) -> Result<EntityIx, Error> {
        if let Some(ix) = self.lookup_exact(text) {
            return Ok(ix);
        }
        let key = fold(text);
        let named = self.names.get(&key);
        let list = if named.is_empty() {
            self.names.by_identifier(&key)
        } else {
            named
        };
        match list {
            [] => Err(Error::UnknownEntity {
                text: text.to_string(),
                suggestions: self
                    .find(text, 3)
                    .into_iter()
                    .map(|m| self.entity(m.entity).name.clone())
                    .collect(),
            }),
            many => {
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
        }
    }

    /// The one entity whose id, or folded name or alias, is `text`, if exactly one is; among
    /// several, the one whose own name it is, when only one has it as its name rather than as
    /// an alias; with no name or alias, the one entity with `text` as an identifier (a LEI, an
    /// FtM id, a register number).
    pub fn lookup_exact(&self, text: &str) -> Option<EntityIx> {
        if let Some(ix) = self.by_id(text) {
            return Some(ix);
        }
        let key = fold(text);
        match self.names.get(&key) {
            [one] => Some(*one),
            [] => match self.names.by_identifier(&key) {
                [one] => Some(*one),
                _ => None,
            },
            many => {
                let mut named = many
                    .iter()
                    .filter(|&&ix| fold(&self.entity(ix).name) == key);
                match (named.next(), named.next()) {
                    (Some(&one), None) => Some(one),
                    _ => None,
                }
            }
        }
    }

    /// Entities whose names or aliases match `text`, best first, at most `limit`.
    ///
    /// Exact, prefix and substring matches are always found. Spelling-tolerant matches are
    /// looked for among the names that share with the query at least a third of the runs of
    /// three characters (trigrams) of the shorter of the two, which an index gives without
    /// reading every name. A query shorter than three characters matches only the names
    /// that contain it, found through the trigrams that contain it.
    pub fn find(&self, text: &str, limit: usize) -> Vec<Match> {
        self.find_where(text, limit, |_| true)
    }

    /// As [`Graph::find`], among the entities `keep` accepts (the limit counts only them).
    pub fn find_where(
        &self,
        text: &str,
        limit: usize,
        keep: impl Fn(&Entity) -> bool,
    ) -> Vec<Match> {
        let query = fold(text);
        if query.is_empty() || limit == 0 {
            return Vec::new();
        }
        let mut ranked = self.search_index().search(&query);
        ranked.retain(|hit| keep(self.entity(hit.entity)));
        let order = |a: &NameHit<'_>, b: &NameHit<'_>| {
            let (x, y) = (self.entity(a.entity), self.entity(b.entity));
            b.score
                .total_cmp(&a.score)
                .then_with(|| x.name.cmp(&y.name))
                .then_with(|| x.id.cmp(&y.id))
        };
        if ranked.len() > limit {
            ranked.select_nth_unstable_by(limit, order);
            ranked.truncate(limit);
        }
        ranked.sort_by(order);
        // An identifier given whole matches first, as a name given whole would.
        let identified: Vec<Match> = self
            .names
            .by_identifier(&query)
            .iter()
            .filter(|&&ix| keep(self.entity(ix)))
            .map(|&ix| Match {
                entity: ix,
                score: 1.0,
                via_alias: None,
                via_identifier: self
                    .entity(ix)
                    .details()
                    .identifiers
                    .iter()
                    .find(|(_, value)| fold(value) == query)
                    .map(|(scheme, value)| format!("{scheme} {value}")),
            })
            .collect();
        ranked.retain(|hit| !identified.iter().any(|m| m.entity == hit.entity));
        let room = limit.saturating_sub(identified.len());
        identified
            .into_iter()
            .take(limit)
            .chain(ranked.into_iter().take(room).map(|hit| {
                let e = self.entity(hit.entity);
                let via_alias = if hit.folded == fold(&e.name) {
                    None
                } else {
                    e.details()
                        .aliases
                        .iter()
                        .find(|a| fold(a) == hit.folded)
                        .cloned()
                };
                Match {
                    entity: hit.entity,
                    score: hit.score,
                    via_alias,
                    via_identifier: None,
                }
            }))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{self, Input};

    /// `find` without the index: every name scored.
    fn scan(graph: &Graph, text: &str) -> Vec<(EntityIx, f64)> {
        let query = fold(text);
        let mut best: HashMap<EntityIx, f64> = HashMap::default();
        for (entity, folded) in graph.search_index().iter() {
            let s = crate::names::score(&query, folded);
            if s > 0.0 {
                let slot = best.entry(entity).or_insert(s);
                *slot = slot.max(s);
            }
        }
        let mut all: Vec<(EntityIx, f64)> = best.into_iter().collect();
        all.sort_by(|a, b| {
            b.1.total_cmp(&a.1)
                .then_with(|| graph.entity(a.0).name.cmp(&graph.entity(b.0).name))
                .then_with(|| graph.entity(a.0).id.cmp(&graph.entity(b.0).id))
        });
        all
    }

    #[test]
    fn the_index_finds_what_reading_every_name_finds() {
        let (graph, _) = load::load(&[Input::Bundled]).unwrap();
        let mut queries: Vec<String> = graph
            .entities()
            .flat_map(|(_, e)| std::iter::once(e.name.clone()).chain(e.details().aliases.clone()))
            .collect();
        queries.extend(
            [
                "sensetme",
                "vison",
                "alibab",
                "chongqin",
                "polise",
                "soft bank",
                "fund",
                "ice",
                "tiger",
                "globl",
                "face",
                "a",
                "",
                "qqqqqq",
                "mega",
                "Megvi",
                "rekognitoin",
            ]
            .map(String::from),
        );
        for query in queries {
            let found: Vec<(EntityIx, f64)> = graph
                .find(&query, 10)
                .into_iter()
                .map(|m| (m.entity, m.score))
                .collect();
            let mut scanned = scan(&graph, &query);
            scanned.truncate(10);
            assert_eq!(found, scanned, "find {query:?}");
        }
    }
}
