//! The neighbourhood of an entity: the entities within some hops over the filtered graph, with
//! their distance and the relations that reach them.

use std::collections::HashMap;

use super::{by_name, relation, steps, union};
use crate::filter::Filter;
use crate::graph::{EntityIx, Graph, RelationIx};
use crate::subgraph::Subgraph;

/// The entities around a centre, nearest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Neighbourhood {
    /// The entity the search started from.
    pub centre: EntityIx,
    /// Ordered by distance, then name; at most the limit asked for.
    pub reached: Vec<Reached>,
    /// How many more entities were within reach but cut by the limit.
    pub cut: usize,
}

/// An entity within reach of the centre.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reached {
    /// The entity reached.
    pub entity: EntityIx,
    /// Hops from the centre, at least 1.
    pub distance: usize,
    /// Every relation that joins it to an entity one hop nearer the centre.
    pub via: Vec<RelationIx>,
}

/// The entities within `depth` hops of `centre` over the relations the filter allows (in its
/// direction, walked outward from the centre), through and to entities of the filter's kinds
/// only; at most `limit` of them, nearest first, then by name.
///
/// # Complexity
/// A breadth-first search that stops at `depth`: O(V' + E') time and memory for the V'
/// entities within reach and the E' relations they have, plus O(V' log V' + E' log E') to
/// order them and the relations that reach them. Each entity's relations are read once to
/// find its distance and once to find what reaches it, so a hub of many relations costs
/// their number, not its square.
///
/// # Example
/// ```
/// use dealgraph::{algo, filter::Filter, load::{self, Input}};
///
/// let (graph, _) = load::load(&[Input::Bundled]).unwrap();
/// let fund = graph.lookup("Vision Fund").unwrap();
/// let near = algo::neighbourhood(&graph, fund, &Filter::all(), 2, 100);
/// let names: Vec<&str> = near.reached.iter().take(2).map(|r| graph.entity(r.entity).name.as_str()).collect();
/// assert_eq!(names, ["SenseTime", "SoftBank"]);
/// assert!(near.reached.iter().any(|r| r.distance == 2 && graph.entity(r.entity).name == "Alibaba"));
/// ```
pub fn neighbourhood(
    graph: &Graph,
    centre: EntityIx,
    filter: &Filter,
    depth: usize,
    limit: usize,
) -> Neighbourhood {
    let mut distance: HashMap<EntityIx, usize> = HashMap::from([(centre, 0)]);
    let mut frontier = vec![centre];
    let mut within = Vec::new();
    for d in 1..=depth {
        if crate::cancel::requested() {
            break;
        }
        let mut next = Vec::new();
        for &ix in &frontier {
            for (n, _) in steps(graph, ix, filter, false) {
                if !distance.contains_key(&n) && filter.allows_entity(graph.entity(n)) {
                    distance.insert(n, d);
                    next.push(n);
                }
            }
        }
        if next.is_empty() {
            break;
        }
        within.extend(next.iter().map(|&n| (d, n)));
        frontier = next;
    }
    let total = within.len();
    let order = |a: &(usize, EntityIx), b: &(usize, EntityIx)| {
        a.0.cmp(&b.0).then_with(|| by_name(graph, a.1, b.1))
    };
    if limit < total {
        within.select_nth_unstable_by(limit, order);
        within.truncate(limit);
    }
    within.sort_by(order);
    let reached = within
        .into_iter()
        .map(|(d, entity)| {
            // The steps into the entity from one hop nearer, read from the entity's own
            // relations: grouped by the nearer entity, each group strongest first.
            let mut nearer: Vec<(EntityIx, u8, RelationIx)> = steps(graph, entity, filter, true)
                .filter(|(n, _)| distance.get(n) == Some(&(d - 1)))
                .map(|(n, r)| (n, relation(graph, r).status.weakness(), r))
                .collect();
            nearer.sort_unstable();
            let via = nearer.into_iter().map(|(_, _, r)| r).collect();
            Reached {
                entity,
                distance: d,
                via,
            }
        })
        .collect::<Vec<_>>();
    Neighbourhood {
        centre,
        cut: total - reached.len(),
        reached,
    }
}

impl From<&Neighbourhood> for Subgraph {
    /// The centre, the entities kept, and the relations that reach them.
    fn from(n: &Neighbourhood) -> Self {
        let mut sub = Subgraph::default();
        sub.entities.insert(n.centre);
        for r in &n.reached {
            let mut one = Subgraph::default();
            one.entities.insert(r.entity);
            one.relations.extend(r.via.iter().copied());
            union(&mut sub, one);
        }
        // The far end of every relation kept is kept too: the limit cuts the farthest first,
        // so whatever is one hop nearer than a kept entity is kept.
        sub
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::algo::tests::graph;
    use crate::filter::Direction;
    use crate::model::{RelationType::*, Status::*};

    #[test]
    fn lists_each_entity_once_at_its_distance_with_what_reaches_it() {
        let (g, id) = graph(
            &["hub", "a", "b", "c", "far"],
            &[
                ("hub", InvestsIn, "a", Confirmed),
                ("hub", InvestsIn, "b", Confirmed),
                ("a", InvestsIn, "c", Confirmed),
                ("b", InvestsIn, "c", Reported),
                ("c", InvestsIn, "far", Confirmed),
            ],
        );
        let n = neighbourhood(&g, id("hub"), &Filter::all(), 2, 10);
        let got: Vec<(EntityIx, usize, usize)> = n
            .reached
            .iter()
            .map(|r| (r.entity, r.distance, r.via.len()))
            .collect();
        assert_eq!(got, vec![(id("a"), 1, 1), (id("b"), 1, 1), (id("c"), 2, 2)]);
        assert_eq!(n.cut, 0);

        let cut = neighbourhood(&g, id("hub"), &Filter::all(), 3, 2);
        assert_eq!(cut.reached.len(), 2);
        assert_eq!(cut.cut, 2);

        let inward = Filter {
            direction: Direction::In,
            ..Filter::all()
        };
        assert!(
            neighbourhood(&g, id("hub"), &inward, 3, 10)
                .reached
                .is_empty()
        );
    }
}
