//! Counts by kind, relation type and status, the lists entities are on, the most connected
//! entities, and the connected components, over the relations the filter allows (and only
//! the listed entities and their relations, when it asks for them).

use std::collections::BTreeMap;

use petgraph::graph::{EdgeIndex, NodeIndex};
use petgraph::unionfind::UnionFind;
use serde::Serialize;

use super::EntityBrief;
use crate::filter::Filter;
use crate::graph::Graph;
use crate::model::{Entity, EntityKind, RelationType, Status};

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

/// The graph in numbers under `filter`, with the `top` most connected entities. Only the
/// entities that have more than an id, a name and a kind are read whole (a graph read from a
/// store is not built), and a relation only when the filter asks for its dates.
pub fn stats<'g>(graph: &'g Graph, filter: &Filter, top: usize) -> Stats<'g> {
    let n = graph.entity_count();
    let mut kinds = BTreeMap::new();
    let mut listed_by: BTreeMap<String, usize> = BTreeMap::new();
    let mut entities = 0;
    // Whether each entity passes the listing filter (all do without one); an entity with
    // nothing but its id, name and kind is on no list.
    let bare_passes = filter.allows_listing(&Entity::new("", "", EntityKind::Company));
    let mut kept = vec![bare_passes; n];
    for (i, keep) in kept.iter_mut().enumerate() {
        let ix = NodeIndex::new(i);
        let listings = if graph.is_bare(ix) {
            None
        } else {
            let e = graph.entity(ix);
            *keep = filter.allows_listing(e);
            Some(e)
        };
        if !*keep {
            continue;
        }
        entities += 1;
        *kinds.entry(graph.kind(ix)).or_insert(0) += 1;
        let Some(e) = listings else {
            continue;
        };
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
    // Counters and sets of 32-bit numbers: a million entities' fit the processor's caches better.
    let mut degree = vec![0u32; n];
    let mut sets = UnionFind::<u32>::new(n);
    let mut relations = 0;
    for r in 0..graph.relation_count() {
        let ix = EdgeIndex::new(r);
        let Some((kind, status, from, to)) = graph.relation_brief(ix) else {
            continue;
        };
        let (from, to) = (from.index(), to.index());
        let allowed = (filter.types.is_empty() || filter.types.contains(&kind))
            && (filter.statuses.is_empty() || filter.statuses.contains(&status))
            && (kept[from] || kept[to])
            && (filter.as_of.is_none() || filter.in_force(graph.relation_weight(ix)));
        if !allowed {
            continue;
        }
        relations += 1;
        *types.entry(kind).or_insert(0) += 1;
        *statuses.entry(status).or_insert(0) += 1;
        degree[from] += 1;
        degree[to] += 1;
        sets.union(from as u32, to as u32);
    }
    let mut sizes: BTreeMap<u32, usize> = BTreeMap::new();
    for i in 0..n {
        if kept[i] || degree[i] > 0 {
            *sizes.entry(sets.find_mut(i as u32)).or_insert(0) += 1;
        }
    }
    let mut largest: Vec<usize> = sizes.values().copied().collect();
    largest.sort_unstable_by(|a, b| b.cmp(a));
    let components = Components {
        count: largest.len(),
        isolated: largest.iter().filter(|&&s| s == 1).count(),
        largest: largest.into_iter().take(5).collect(),
    };
    // The `top` most connected, by relations, then by name, then in the order loaded: chosen,
    // then only they sorted.
    let mut ranked: Vec<(u32, NodeIndex)> = (0..n)
        .filter(|&i| degree[i] > 0 && kept[i])
        .map(|i| (degree[i], NodeIndex::new(i)))
        .collect();
    let order = |a: &(u32, NodeIndex), b: &(u32, NodeIndex)| {
        b.0.cmp(&a.0)
            .then_with(|| graph.name(a.1).cmp(graph.name(b.1)))
            .then(a.1.cmp(&b.1))
    };
    if top < ranked.len() {
        ranked.select_nth_unstable_by(top, order);
        ranked.truncate(top);
    }
    ranked.sort_by(order);
    let most_connected = ranked
        .iter()
        .map(|&(relations, ix)| Connected {
            entity: EntityBrief::new(graph, ix),
            relations: relations as usize,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Relation;

    #[test]
    fn the_most_connected_are_ranked_by_relations_then_name_then_order_loaded() {
        // Forty entities, many of one name and of as many relations, each linked to a hub.
        let mut graph = Graph::new();
        let hub = graph.add_entity(Entity::new("hub", "Hub", EntityKind::Fund));
        let mut expected = Vec::new();
        for i in 0..40 {
            let name = if i % 3 == 0 { "Same" } else { "Other" };
            let id = format!("e{i:02}");
            let ix = graph.add_entity(Entity::new(id.clone(), name, EntityKind::Company));
            for _ in 0..(1 + i % 4) {
                let relation = Relation::new(RelationType::InvestsIn, Status::Confirmed);
                graph.add_relation(hub, ix, relation);
            }
            expected.push((1 + i % 4, name, id));
        }
        expected.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
        for top in [0, 1, 5, 12, 39, 40, 100] {
            let stats = stats(&graph, &Filter::default(), top + 1);
            let ranked: Vec<(usize, &str, &str)> = stats
                .most_connected
                .iter()
                .map(|c| (c.relations, c.entity.name, c.entity.id))
                .collect();
            let mut want = vec![(100, "Hub", "hub")];
            want.extend(
                expected
                    .iter()
                    .take(top)
                    .map(|(n, name, id)| (*n, *name, id.as_str())),
            );
            assert_eq!(ranked, want, "top {}", top + 1);
        }
    }
}
