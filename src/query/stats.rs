//! Counts by kind, relation type and status, the most connected entities, and the connected
//! components, over the relations the filter allows.

use std::collections::BTreeMap;

use petgraph::unionfind::UnionFind;
use serde::Serialize;

use super::EntityBrief;
use crate::filter::Filter;
use crate::graph::Graph;
use crate::model::{EntityKind, RelationType, Status};

/// The graph in numbers.
#[derive(Debug, Serialize)]
pub struct Stats<'g> {
    /// How many entities.
    pub entities: usize,
    /// How many relations pass the filter.
    pub relations: usize,
    /// How many sources.
    pub sources: usize,
    /// Entities by kind.
    pub kinds: BTreeMap<EntityKind, usize>,
    /// Relations by type.
    pub types: BTreeMap<RelationType, usize>,
    /// Relations by status.
    pub statuses: BTreeMap<Status, usize>,
    /// The entities with the most relations, most first.
    pub most_connected: Vec<Connected<'g>>,
    /// The connected components.
    pub components: Components,
    /// The filter in words, "" when it filters nothing.
    #[serde(skip)]
    pub filter: String,
}

/// An entity and how many relations it has.
#[derive(Debug, Serialize)]
pub struct Connected<'g> {
    /// The entity.
    #[serde(flatten)]
    pub entity: EntityBrief<'g>,
    /// Its relations that pass the filter.
    pub relations: usize,
}

/// The connected components of the relations that pass the filter.
#[derive(Debug, Serialize)]
pub struct Components {
    /// How many.
    pub count: usize,
    /// The sizes of the five largest.
    pub largest: Vec<usize>,
    /// How many entities have no relation.
    pub isolated: usize,
}

/// The graph in numbers under `filter`, with the `top` most connected entities.
pub fn stats<'g>(graph: &'g Graph, filter: &Filter, top: usize) -> Stats<'g> {
    let inner = graph.inner();
    let mut kinds = BTreeMap::new();
    for (_, e) in graph.entities() {
        *kinds.entry(e.kind).or_insert(0) += 1;
    }
    let mut types = BTreeMap::new();
    let mut statuses = BTreeMap::new();
    let mut degree = vec![0usize; graph.entity_count()];
    let mut sets = UnionFind::<usize>::new(graph.entity_count());
    let mut relations = 0;
    for r in graph
        .relations()
        .filter(|r| filter.allows_relation(r.relation))
    {
        relations += 1;
        *types.entry(r.relation.kind).or_insert(0) += 1;
        *statuses.entry(r.relation.status).or_insert(0) += 1;
        degree[r.from.index()] += 1;
        degree[r.to.index()] += 1;
        sets.union(r.from.index(), r.to.index());
    }
    let mut sizes: BTreeMap<usize, usize> = BTreeMap::new();
    for ix in inner.node_indices() {
        *sizes.entry(sets.find_mut(ix.index())).or_insert(0) += 1;
    }
    let mut largest: Vec<usize> = sizes.values().copied().collect();
    largest.sort_unstable_by(|a, b| b.cmp(a));
    let components = Components {
        count: largest.len(),
        isolated: largest.iter().filter(|&&s| s == 1).count(),
        largest: largest.into_iter().take(5).collect(),
    };
    let mut ranked: Vec<(usize, &str, petgraph::graph::NodeIndex)> = inner
        .node_indices()
        .filter(|ix| degree[ix.index()] > 0)
        .map(|ix| (degree[ix.index()], graph.entity(ix).name.as_str(), ix))
        .collect();
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    let most_connected = ranked
        .iter()
        .take(top)
        .map(|&(relations, _, ix)| Connected {
            entity: EntityBrief::new(graph, ix),
            relations,
        })
        .collect();
    Stats {
        entities: graph.entity_count(),
        relations,
        sources: graph.sources().len(),
        kinds,
        types,
        statuses,
        most_connected,
        components,
        filter: filter.describe(),
    }
}
