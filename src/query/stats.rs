//! Counts by kind, relation type and status, the lists entities are on, the most connected
//! entities, and the connected components, over the relations the filter allows (and only
//! the listed entities and their relations, when it asks for them).

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
    /// Listed entities by the authority (else the list) that lists them, in force on the
    /// as-of day; an entity on several lists counts under each.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub listed_by: BTreeMap<String, usize>,
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
    /// Whether only listed entities (and their relations) are counted.
    #[serde(skip)]
    pub listed_only: bool,
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
    let mut listed_by: BTreeMap<String, usize> = BTreeMap::new();
    let mut entities = 0;
    // Whether each entity passes the listing filter (all do without one).
    let kept: Vec<bool> = inner
        .node_indices()
        .map(|ix| filter.allows_listing(graph.entity(ix)))
        .collect();
    for (ix, e) in graph.entities() {
        if !kept[ix.index()] {
            continue;
        }
        entities += 1;
        *kinds.entry(e.kind).or_insert(0) += 1;
        let mut names: Vec<&str> = e
            .listings(filter.as_of.as_ref(), None)
            .filter_map(|d| {
                d.authority
                    .as_deref()
                    .or(d.list.as_deref())
                    .or(d.program.as_deref())
            })
            .collect();
        names.sort_unstable();
        names.dedup();
        for name in names {
            *listed_by.entry(name.to_string()).or_insert(0) += 1;
        }
    }
    let mut types = BTreeMap::new();
    let mut statuses = BTreeMap::new();
    let mut degree = vec![0usize; graph.entity_count()];
    let mut sets = UnionFind::<usize>::new(graph.entity_count());
    let mut relations = 0;
    for r in graph.relations().filter(|r| {
        filter.allows_relation(r.relation) && (kept[r.from.index()] || kept[r.to.index()])
    }) {
        relations += 1;
        *types.entry(r.relation.kind).or_insert(0) += 1;
        *statuses.entry(r.relation.status).or_insert(0) += 1;
        degree[r.from.index()] += 1;
        degree[r.to.index()] += 1;
        sets.union(r.from.index(), r.to.index());
    }
    let mut sizes: BTreeMap<usize, usize> = BTreeMap::new();
    for ix in inner.node_indices() {
        if kept[ix.index()] || degree[ix.index()] > 0 {
            *sizes.entry(sets.find_mut(ix.index())).or_insert(0) += 1;
        }
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
        .filter(|ix| degree[ix.index()] > 0 && kept[ix.index()])
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
        entities,
        relations,
        sources: graph.sources().len(),
        kinds,
        listed_by,
        types,
        statuses,
        most_connected,
        components,
        filter: filter.describe(),
        listed_only: filter.listed.is_some(),
    }
}
