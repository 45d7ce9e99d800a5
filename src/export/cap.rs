//! Keeping a large drawing readable: above a number of entities a drawing keeps only the
//! best-connected ones, nearest the selection's focus first, and says how many it left out.
//!
//! An entity's connection is its number of distinct neighbours in the selection (several
//! relations with one neighbour, a donor's forty donations to one party, count once), then its
//! number of relations, then its id, so the choice is the same every time. With a focus (the
//! entity of `--focus`, the ends of a path, the companies of an overlap, the investor of an
//! exposure, the ends of a highlight) entities are kept by their distance from it, best
//! connected first within each distance. Without one, the drawing grows from the best-connected
//! entity, always adding the best-connected entity next to what it holds, and starts again
//! from the best remaining one when a part of the graph is used up; either way what is kept
//! hangs together as it did, with no entity left alone by the cut.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap, VecDeque};

use serde::Serialize;

use crate::graph::{EntityIx, Graph};
use crate::subgraph::Subgraph;

/// How many entities a drawing holds unless `--max-entities` says otherwise.
pub const DEFAULT_MAX_ENTITIES: usize = 40;

/// What a capped drawing left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LeftOut {
    /// The most entities drawn (`--max-entities`).
    pub max_entities: usize,
    /// How many entities the selection had.
    pub of_entities: usize,
    /// How many of them were left out.
    pub entities: usize,
    /// How many relations the selection had.
    pub of_relations: usize,
    /// How many of them were left out (those with an end left out).
    pub relations: usize,
    /// Whether the entities kept are the ones nearest a focus (rather than the best
    /// connected of the whole selection).
    pub focused: bool,
}

impl LeftOut {
    /// The line the drawing's title ends with.
    pub fn title_line(&self) -> String {
        format!(
            "Drawn: {} of {} entities, the {}; {} left out, with {} relations \
             (--focus ENTITY or --max-entities N draws more)",
            self.of_entities - self.entities,
            self.of_entities,
            self.which(),
            self.entities,
            self.relations
        )
    }

    /// The note printed on standard error.
    pub fn note(&self) -> String {
        format!(
            "note: the drawing holds {} of the selection's {} entities, the {} \
             (--max-entities {}); it leaves out {} entities and {} of {} relations. Draw one \
             part with --focus ENTITY, or more with --max-entities N (0 draws everything).",
            self.of_entities - self.entities,
            self.of_entities,
            self.which(),
            self.max_entities,
            self.entities,
            self.relations,
            self.of_relations
        )
    }

    fn which(&self) -> &'static str {
        if self.focused {
            "nearest the focus and best connected"
        } else {
            "best connected"
        }
    }
}

/// The part of `selection` a drawing of at most `max` entities holds, with what it left out;
/// `None` when the selection fits (or `max` is 0, no limit). `focus` are the entities to keep
/// first and measure distances from; those not in the selection are ignored.
pub fn cap(
    graph: &Graph,
    selection: &Subgraph,
    focus: &[EntityIx],
    max: usize,
) -> Option<(Subgraph, LeftOut)> {
    if max == 0 || selection.entities.len() <= max {
        return None;
    }
    let inner = graph.inner();
    let mut neighbours: BTreeMap<EntityIx, BTreeSet<EntityIx>> = BTreeMap::new();
    let mut relations: BTreeMap<EntityIx, usize> = BTreeMap::new();
    for &r in &selection.relations {
        if let Some((from, to)) = inner.edge_endpoints(r) {
            neighbours.entry(from).or_default().insert(to);
            neighbours.entry(to).or_default().insert(from);
            *relations.entry(from).or_insert(0) += 1;
            *relations.entry(to).or_insert(0) += 1;
        }
    }
    let none = BTreeSet::new();
    let near = |ix: EntityIx| neighbours.get(&ix).unwrap_or(&none);
    // Larger is better: more neighbours, more relations, then the smaller id.
    let connection = |ix: EntityIx| {
        (
            near(ix).len(),
            relations.get(&ix).copied().unwrap_or(0),
            Reverse(graph.entity(ix).id.as_str()),
        )
    };
    let focus: Vec<EntityIx> = focus
        .iter()
        .copied()
        .filter(|ix| selection.entities.contains(ix))
        .collect();

    let kept: BTreeSet<EntityIx> = if focus.is_empty() {
        let mut by_connection: Vec<EntityIx> = selection.entities.iter().copied().collect();
        by_connection.sort_by_key(|&ix| Reverse(connection(ix)));
        let mut starts = by_connection.into_iter();
        let mut kept = BTreeSet::new();
        let mut next = BinaryHeap::new();
        while kept.len() < max {
            let ix = match next.pop() {
                Some((_, ix)) => ix,
                None => match starts.find(|ix| !kept.contains(ix)) {
                    Some(ix) => ix,
                    None => break,
                },
            };
            if !kept.insert(ix) {
                continue;
            }
            for &n in near(ix) {
                if !kept.contains(&n) {
                    next.push((connection(n), n));
                }
            }
        }
        kept
    } else {
        let mut distance: BTreeMap<EntityIx, usize> = focus.iter().map(|&ix| (ix, 0)).collect();
        let mut queue: VecDeque<EntityIx> = focus.iter().copied().collect();
        while let Some(ix) = queue.pop_front() {
            let d = distance[&ix] + 1;
            for &n in near(ix) {
                if let std::collections::btree_map::Entry::Vacant(slot) = distance.entry(n) {
                    slot.insert(d);
                    queue.push_back(n);
                }
            }
        }
        let mut order: Vec<EntityIx> = selection.entities.iter().copied().collect();
        order.sort_by_key(|&ix| {
            (
                distance.get(&ix).copied().unwrap_or(usize::MAX),
                Reverse(connection(ix)),
            )
        });
        order.into_iter().take(max).collect()
    };

    let mut capped = Subgraph {
        entities: kept,
        relations: BTreeSet::new(),
    };
    for &r in &selection.relations {
        if let Some((from, to)) = inner.edge_endpoints(r)
            && capped.entities.contains(&from)
            && capped.entities.contains(&to)
        {
            capped.relations.insert(r);
        }
    }
    let left_out = LeftOut {
        max_entities: max,
        of_entities: selection.entities.len(),
        entities: selection.entities.len() - capped.entities.len(),
        of_relations: selection.relations.len(),
        relations: selection.relations.len() - capped.relations.len(),
        focused: !focus.is_empty(),
    };
    Some((capped, left_out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Entity, EntityKind, Relation, RelationType, Status};

    /// Test data only: two parties, a donor who gives to both, two who give to the second, and
    /// `n` donors who give to the first, the first of them three times.
    fn donations(n: usize) -> Graph {
        let mut graph = Graph::new();
        let entity = |graph: &mut Graph, id: &str| {
            graph.add_entity(Entity::new(id, id, EntityKind::Organization))
        };
        let a = entity(&mut graph, "party-a");
        let b = entity(&mut graph, "party-b");
        let both = entity(&mut graph, "donor-both");
        for to in [a, b] {
            graph.add_relation(
                both,
                to,
                Relation::new(RelationType::Pays, Status::Confirmed),
            );
        }
        for id in ["donor-b1", "donor-b2"] {
            let donor = entity(&mut graph, id);
            graph.add_relation(
                donor,
                b,
                Relation::new(RelationType::Pays, Status::Confirmed),
            );
        }
        for i in 0..n {
            let donor = entity(&mut graph, &format!("donor-{i:03}"));
            let times = if i == 0 { 3 } else { 1 };
            for _ in 0..times {
                graph.add_relation(
                    donor,
                    a,
                    Relation::new(RelationType::Pays, Status::Confirmed),
                );
            }
        }
        graph
    }

    fn ids(graph: &Graph, subgraph: &Subgraph) -> Vec<String> {
        let mut ids: Vec<String> = subgraph
            .entities
            .iter()
            .map(|&ix| graph.entity(ix).id.clone())
            .collect();
        ids.sort();
        ids
    }

    #[test]
    fn a_selection_within_the_cap_is_drawn_whole() {
        let graph = donations(5);
        let whole = Subgraph::whole(&graph);
        assert_eq!(cap(&graph, &whole, &[], 10), None);
        assert_eq!(cap(&graph, &whole, &[], 0), None);
    }

    #[test]
    fn without_a_focus_the_hubs_and_what_joins_them_come_first() {
        let graph = donations(20);
        let whole = Subgraph::whole(&graph);
        let (capped, left_out) = cap(&graph, &whole, &[], 4).unwrap();
        assert_eq!(
            ids(&graph, &capped),
            ["donor-000", "donor-both", "party-a", "party-b"]
        );
        // donor-both's two donations and donor-000's three.
        assert_eq!(capped.relations.len(), 5);
        assert_eq!((left_out.entities, left_out.of_entities), (21, 25));
        assert_eq!((left_out.relations, left_out.of_relations), (21, 26));
        assert!(!left_out.focused);
        assert!(
            left_out
                .note()
                .contains("leaves out 21 entities and 21 of 26 relations")
        );
    }

    #[test]
    fn with_a_focus_the_nearest_come_first() {
        let graph = donations(20);
        let whole = Subgraph::whole(&graph);
        let b = graph.by_id("party-b").unwrap();
        let (capped, left_out) = cap(&graph, &whole, &[b], 3).unwrap();
        assert_eq!(ids(&graph, &capped), ["donor-b1", "donor-both", "party-b"]);
        assert!(left_out.focused);
    }

    #[test]
    fn every_entity_kept_keeps_a_neighbour() {
        let graph = donations(30);
        let whole = Subgraph::whole(&graph);
        for max in 2..30 {
            let (capped, _) = cap(&graph, &whole, &[], max).unwrap();
            assert_eq!(capped.entities.len(), max);
            for &ix in &capped.entities {
                assert!(
                    capped.relations.iter().any(|&r| {
                        let (from, to) = graph.inner().edge_endpoints(r).unwrap();
                        from == ix || to == ix
                    }),
                    "{} is alone with {max} kept",
                    graph.entity(ix).id
                );
            }
        }
    }
}
