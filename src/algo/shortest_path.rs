//! The shortest path between two entities: a bidirectional breadth-first search over the
//! relations the filter allows (or those of a selection), around entities to avoid and within
//! an optional length.

use std::collections::HashSet;

use super::{Avoid, Path, Walk, at, eix, rix};
use crate::filter::Filter;
use crate::graph::adjacency::{Lent, Ways};
use crate::graph::{EntityIx, Graph};
use crate::subgraph::Subgraph;

/// The shortest path from `from` to `to` over the relations that `filter` allows (types,
/// statuses, as-of date, direction), through entities of the filter's kinds only and never
/// through an entity of `avoid`. The two ends may be of any kind and are never avoided.
/// Every hop lists all the relations that join its two entities. `None` when there is no path.
///
/// # Complexity
/// O(V + E) time and O(V) memory in the worst case, for V entities and E relations of the
/// graph. The search grows two frontiers, one from each end, always the smaller one, and stops
/// at the first entity they share, so on graphs with few short paths it visits about the
/// square root of what a one-sided search visits. It walks the graph's
/// [`Adjacency`](crate::graph::Adjacency) (built on first use) with the filter as bit tests,
/// and marks what it reached in arrays reused from search to search.
///
/// # Example
/// ```
/// use dealgraph::{algo, filter::Filter, load::{self, Input}};
///
/// let (graph, _) = load::load(&[Input::Bundled]).unwrap();
/// let fund = graph.lookup("SoftBank Vision Fund").unwrap();
/// let police = graph.lookup("Chongqing police").unwrap();
/// let path = algo::shortest_path(&graph, fund, police, &Filter::all(), &Default::default()).unwrap();
/// let names: Vec<&str> = path.entities.iter().map(|&e| graph.entity(e).name.as_str()).collect();
/// assert_eq!(names, ["SoftBank Vision Fund", "SenseTime", "Police Department in Chongqing"]);
/// ```
pub fn shortest_path(
    graph: &Graph,
    from: EntityIx,
    to: EntityIx,
    filter: &Filter,
    avoid: &Avoid,
) -> Option<Path> {
    let limits = Limits {
        avoid,
        banned: &HashSet::new(),
        max_len: None,
        within: None,
    };
    let entities = search(graph, from, to, filter, &limits)?;
    Path::along(graph, entities, filter)
}

/// The shortest path from `from` to `to` inside a selection: along its relations only, each
/// walked either way, by the same search as [`shortest_path()`]. Every hop lists the
/// selection's relations that join its two entities. `None` when the selection does not
/// join them (or does not hold them).
///
/// # Complexity
/// As [`shortest_path()`], for the entities and relations of the selection, plus a look-up in
/// the selection for each relation met.
///
/// # Example
/// ```
/// use dealgraph::{algo, filter::Filter, load::{self, Input}, subgraph::Subgraph};
///
/// let (graph, _) = load::load(&[Input::Bundled]).unwrap();
/// let (fund, police) = (graph.lookup("Vision Fund").unwrap(), graph.lookup("Chongqing police").unwrap());
/// let path = algo::shortest_path(&graph, fund, police, &Filter::all(), &Default::default()).unwrap();
/// let selection = Subgraph::from(&path);
/// let softbank = graph.lookup("SoftBank").unwrap();
/// assert!(algo::shortest_path_within(&graph, fund, police, &selection).is_some());
/// assert!(algo::shortest_path_within(&graph, softbank, police, &selection).is_none());
/// ```
pub fn shortest_path_within(
    graph: &Graph,
    from: EntityIx,
    to: EntityIx,
    selection: &Subgraph,
) -> Option<Path> {
    if !selection.entities.contains(&from) || !selection.entities.contains(&to) {
        return None;
    }
    let limits = Limits {
        avoid: &Avoid::new(),
        banned: &HashSet::new(),
        max_len: None,
        within: Some(selection),
    };
    let everything = Filter::all();
    let entities = search(graph, from, to, &everything, &limits)?;
    let mut path = Path::along(graph, entities, &everything)?;
    for hop in &mut path.hops {
        // Each step was taken along a relation of the selection, so no hop is left empty.
        hop.retain(|r| selection.relations.contains(r));
    }
    Some(path)
}

/// What a search may not use, on top of the filter.
pub(crate) struct Limits<'a> {
    /// Entities not to pass through.
    pub avoid: &'a Avoid,
    /// Steps (from, to), in the order walked, not to take.
    pub banned: &'a HashSet<(EntityIx, EntityIx)>,
    /// The most hops a path may have.
    pub max_len: Option<usize>,
    /// The selection a path must stay inside, when there is one: only its relations are walked.
    pub within: Option<&'a Subgraph>,
}

/// Marks an avoided entity on both sides, so that neither side ever steps on it.
const AVOIDED: u32 = u32::MAX;

/// One side of the search: each entity reached marked with the entity it was reached from,
/// and the level to grow next.
struct Side<'a> {
    parent: Lent<'a>,
    frontier: Vec<u32>,
    depth: usize,
    /// The rows a step of this side reads.
    ways: Ways,
}

impl<'a> Side<'a> {
    fn new(walk: &'a Walk<'_>, start: u32, reverse: bool) -> Self {
        let mut parent = walk.adjacency.marks();
        parent.set(start, start);
        Side {
            parent,
            frontier: vec![start],
            depth: 0,
            ways: walk.ways(reverse),
        }
    }

    /// The entities from `ix` back to this side's start.
    fn trail(&self, mut ix: u32) -> Vec<EntityIx> {
        let mut trail = vec![eix(ix)];
        while let Some(p) = self.parent.get(ix) {
            if p == ix {
                break;
            }
            trail.push(eix(p));
            ix = p;
        }
        trail
    }
}

/// The entities of a shortest path from `from` to `to`, by bidirectional breadth-first search.
///
/// Each round grows by one whole level the side whose frontier holds fewer entities (the
/// forward side on a tie), and the first entity a side reaches that the other side has
/// reached closes the path. Within a level, entities are expanded in the order they were
/// reached and each entity's relations in the order of the graph's edge lists (outgoing
/// first, each newest first), so the path chosen among equally short ones is fixed by the
/// graph.
pub(crate) fn search(
    graph: &Graph,
    from: EntityIx,
    to: EntityIx,
    filter: &Filter,
    limits: &Limits<'_>,
) -> Option<Vec<EntityIx>> {
    if from == to {
        return Some(vec![from]);
    }
    let walk = Walk::new(graph, filter);
    let adjacency = walk.adjacency;
    let (from, to) = (at(from), at(to));
    let all_kinds = walk.mask.all_kinds();
    let passable =
        |ix: u32| all_kinds || ix == from || ix == to || walk.mask.allows_kind(adjacency.kind(ix));
    let banned: Vec<(u32, u32)> = limits.banned.iter().map(|&(a, b)| (at(a), at(b))).collect();
    let max_len = limits.max_len.unwrap_or(usize::MAX);
    let mut forward = Side::new(&walk, from, false);
    let mut backward = Side::new(&walk, to, true);
    for &a in limits.avoid {
        let a = at(a);
        if a != from && a != to {
            forward.parent.set(a, AVOIDED);
            backward.parent.set(a, AVOIDED);
        }
    }
    while forward.depth + backward.depth < max_len
        && !crate::cancel::requested()
        && !forward.frontier.is_empty()
        && !backward.frontier.is_empty()
    {
        let reverse = backward.frontier.len() < forward.frontier.len();
        let (this, other) = if reverse {
            (&mut backward, &forward)
        } else {
            (&mut forward, &backward)
        };
        let mut next = Vec::new();
        let mut met = None;
        for &ix in &this.frontier {
            // Steps banned from (forward) or into (backward) this entity, if any.
            let bans = !banned.is_empty()
                && banned
                    .iter()
                    .any(|&(a, b)| if reverse { b == ix } else { a == ix });
            adjacency.each(ix, this.ways, |slot, code| {
                let n = slot.entity;
                if met.is_some()
                    || n == ix
                    || this.parent.has(n)
                    || !walk.passes(slot, code)
                    || !passable(n)
                    || (bans && banned.contains(&if reverse { (n, ix) } else { (ix, n) }))
                    || limits
                        .within
                        .is_some_and(|s| !s.relations.contains(&rix(slot.relation)))
                {
                    return;
                }
                this.parent.set(n, ix);
                if other.parent.has(n) {
                    // The first entity both sides reach closes a shortest path: every
                    // shorter one would have met at an earlier level.
                    met = Some(n);
                    return;
                }
                next.push(n);
            });
            if let Some(n) = met {
                let mut entities = forward.trail(n);
                entities.reverse();
                entities.extend(backward.trail(n).into_iter().skip(1));
                return Some(entities);
            }
        }
        this.frontier = next;
        this.depth += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::algo::tests::graph;
    use crate::filter::Direction;
    use crate::model::{EntityKind, RelationType::*, Status::*};

    #[test]
    fn finds_the_shortest_of_two_routes_either_way_round() {
        let (g, id) = graph(
            &["a", "b", "c", "d", "e"],
            &[
                ("a", InvestsIn, "b", Confirmed),
                ("b", InvestsIn, "c", Confirmed),
                ("c", InvestsIn, "d", Confirmed),
                ("e", Owns, "a", Confirmed),
                ("e", Owns, "d", Reported),
            ],
        );
        let all = Filter::all();
        let none = Avoid::new();
        let p = shortest_path(&g, id("a"), id("d"), &all, &none).unwrap();
        assert_eq!(p.entities, vec![id("a"), id("e"), id("d")]);
        assert_eq!(p.weakest(&g), Some(Reported));
        let back = shortest_path(&g, id("d"), id("a"), &all, &none).unwrap();
        assert_eq!(back.len(), 2);

        let directed = Filter {
            direction: Direction::Out,
            ..Filter::all()
        };
        let p = shortest_path(&g, id("a"), id("d"), &directed, &none).unwrap();
        assert_eq!(p.len(), 3);
        assert!(shortest_path(&g, id("d"), id("a"), &directed, &none).is_none());

        let avoid_e = Avoid::from([id("e")]);
        assert_eq!(
            shortest_path(&g, id("a"), id("d"), &all, &avoid_e)
                .unwrap()
                .len(),
            3
        );
        let confirmed = Filter {
            statuses: [Confirmed].into(),
            ..Filter::all()
        };
        assert_eq!(
            shortest_path(&g, id("a"), id("d"), &confirmed, &none)
                .unwrap()
                .len(),
            3
        );
    }

    #[test]
    fn kinds_limit_the_entities_passed_through_but_not_the_ends() {
        let (g, id) = graph(
            &["a:fund", "b:person", "c:government"],
            &[
                ("a", InvestsIn, "b", Confirmed),
                ("b", ContractsWith, "c", Confirmed),
            ],
        );
        let companies = Filter {
            kinds: [EntityKind::Company].into(),
            ..Filter::all()
        };
        let none = Avoid::new();
        assert!(shortest_path(&g, id("a"), id("c"), &companies, &none).is_none());
        assert!(shortest_path(&g, id("a"), id("b"), &companies, &none).is_some());
    }

    #[test]
    fn a_path_to_itself_has_no_hops_and_a_length_bound_is_kept() {
        let (g, id) = graph(
            &["a", "b", "c"],
            &[
                ("a", InvestsIn, "b", Confirmed),
                ("b", InvestsIn, "c", Confirmed),
            ],
        );
        let none = Avoid::new();
        let p = shortest_path(&g, id("a"), id("a"), &Filter::all(), &none).unwrap();
        assert!(p.is_empty());
        let banned = HashSet::new();
        let within = |max_len| {
            let limits = Limits {
                avoid: &none,
                banned: &banned,
                max_len: Some(max_len),
                within: None,
            };
            search(&g, id("a"), id("c"), &Filter::all(), &limits)
        };
        assert!(within(1).is_none());
        assert_eq!(within(2).unwrap().len(), 3);
    }
}
