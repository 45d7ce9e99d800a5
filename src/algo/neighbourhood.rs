//! The neighbourhood of an entity: the entities within some hops over the filtered graph, with
//! their distance and the relations that reach them.

use super::{Walk, at, eix, fetch_ahead, rix, union};
use crate::filter::Filter;
use crate::graph::adjacency::weakness;
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
/// entities within reach and the E' relations they have, plus O(V'ₗ + limit · log limit)
/// to rank the V'ₗ entities of the level the limit falls in and order those kept, by their
/// places in name order ([`Adjacency::name_places`](crate::graph::Adjacency::name_places),
/// O(V log V) once for the graph). With no limit, the relations that reach each entity are
/// noted as the search meets them, so no entity's relations are read twice and a hub of many
/// relations costs their number, not its square; with a limit, they are read after, from the
/// relations of the entities kept or from the steps the search met, whichever are fewer.
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
    let walk = Walk::new(graph, filter);
    let adjacency = walk.adjacency;
    let all_kinds = walk.mask.all_kinds();
    let mut distance = adjacency.marks();
    distance.set(at(centre), 0);
    // The entities of each level, the centre's first.
    let mut levels: Vec<Vec<u32>> = vec![vec![at(centre)]];
    let places = graph.name_places();
    // (distance, place in name order, entity): ordered as the answer lists them.
    let mut within: Vec<(u32, u32, u32)> = Vec::new();
    // With no limit, every step from one level to the next is noted as the search meets it:
    // (entity reached, nearer entity, weakness, relation). With a limit, the steps into the
    // few entities kept are found after, from their own relations.
    let every_step = limit == usize::MAX;
    let mut steps: Vec<(u32, u32, u8, u32)> = Vec::new();
    let mut neighbours: Vec<u32> = Vec::new();
    // How many steps the search met.
    let mut met = 0;
    for d in 1..=depth {
        if crate::cancel::requested() {
            break;
        }
        let level = d as u32;
        let mut next = Vec::new();
        for &ix in levels.last().into_iter().flatten() {
            // The marks of the entity's neighbours are read ahead of the steps that test them.
            neighbours.clear();
            walk.steps(ix, false, |n, _, _| neighbours.push(n));
            met += neighbours.len();
            distance.warm(neighbours.iter().copied());
            walk.steps(ix, false, |n, r, code| match distance.get(n) {
                None if all_kinds || walk.mask.allows_kind(adjacency.kind(n)) => {
                    distance.set(n, level);
                    // Its place in name order is read when the level is done.
                    fetch_ahead(places, n as usize);
                    next.push(n);
                    if every_step {
                        steps.push((n, ix, weakness(code), r));
                    }
                }
                Some(seen) if every_step && seen == level => {
                    steps.push((n, ix, weakness(code), r));
                }
                _ => {}
            });
        }
        if next.is_empty() {
            break;
        }
        within.extend(next.iter().map(|&n| (level, places[n as usize], n)));
        levels.push(next);
    }
    let total = within.len();
    if limit < total {
        // The levels are in order already: only the level the limit falls in is ranked.
        let first = within.partition_point(|&(d, _, _)| d < within[limit].0);
        let last = within.partition_point(|&(d, _, _)| d <= within[limit].0);
        within.truncate(last);
        within[first..].select_nth_unstable(limit - first);
        within.truncate(limit);
    }
    within.sort_unstable();
    // The steps into each entity kept, from one hop nearer: grouped by the nearer entity,
    // each group strongest first. Each entity kept is marked with its place in `within` in
    // place of its distance, so that the marks the search just read say both.
    let mut via: Vec<Vec<(u32, u8, u32)>> = vec![Vec::new(); within.len()];
    for (i, &(_, _, e)) in within.iter().enumerate() {
        distance.set(e, KEPT | i as u32);
    }
    let kept = |mark: Option<u32>| mark.filter(|m| m & KEPT != 0).map(|m| (m & !KEPT) as usize);
    let distance_of = |mark: Option<u32>| match kept(mark) {
        Some(i) => Some(within[i].0),
        None => mark,
    };
    // With a limit: the kept entities' own relations, or the steps the search met again, as
    // the fewer are to read (a kept entity may have thousands of relations).
    let own = || -> usize {
        within
            .iter()
            .map(|&(_, _, e)| adjacency.degree(e, walk.ways(true)))
            .sum()
    };
    if every_step {
        for &(n, nearer, w, r) in &steps {
            if let Some(i) = kept(distance.get(n)) {
                via[i].push((nearer, w, r));
            }
        }
    } else if own() <= met {
        // The steps into an entity are its steps walked backwards from the entities one hop
        // nearer.
        for (&(d, _, e), via) in within.iter().zip(&mut via) {
            walk.steps(e, true, |m, r, code| {
                if distance_of(distance.get(m)) == Some(d - 1) {
                    via.push((m, weakness(code), r));
                }
            });
        }
    } else {
        // The search's steps again, level by level, each into a kept entity one level on noted.
        let farthest = within.last().map_or(0, |&(d, _, _)| d as usize);
        for (d, level) in levels.iter().enumerate().take(farthest) {
            for &ix in level {
                walk.steps(ix, false, |n, r, code| {
                    if let Some(i) = kept(distance.get(n))
                        && within[i].0 as usize == d + 1
                    {
                        via[i].push((ix, weakness(code), r));
                    }
                });
            }
        }
    }
    let reached = within
        .into_iter()
        .zip(via)
        .map(|((d, _, entity), mut nearer)| {
            nearer.sort_unstable();
            Reached {
                entity: eix(entity),
                distance: d as usize,
                via: nearer.into_iter().map(|(_, _, r)| rix(r)).collect(),
            }
        })
        .collect::<Vec<_>>();
    Neighbourhood {
        centre,
        cut: total - reached.len(),
        reached,
    }
}

/// The bit of a search's mark that says the entity is kept, the rest of the mark being its
/// place in the answer (a distance is never this large).
const KEPT: u32 = 1 << 31;

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
