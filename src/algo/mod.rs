//! The algorithms behind the queries, one per file, each over the filtered graph and each
//! bounded by what it is asked: none walks all simple paths.
//!
//! - [`shortest_path()`]: a bidirectional breadth-first search, undirected unless the filter's
//!   direction says otherwise, around an avoid set and within a length bound;
//!   [`shortest_path_within()`] runs the same search inside a selection (an export's
//!   highlight).
//! - [`k_shortest_paths()`]: Yen's algorithm for the k shortest loopless paths on top of it.
//! - [`neighbourhood()`]: a breadth-first search bounded by depth, with a limit and a count of
//!   what the limit cut.
//! - [`investors()`] and [`portfolio()`]: `invests_in` relations into and out of one entity,
//!   optionally rolled up through `owns` so that a fund counts under its owner, by the walks
//!   up and down `owns` of [`investments::owner_chain()`] and [`investments::owned()`].
//! - [`overlap()`] and [`overlap_all()`]: investors shared by companies, by merging sorted investor
//!   lists; for every pair at once, by walking each investor's portfolio.
//! - [`coinvestors()`]: who invests in the same companies as an investor.
//! - [`exposure()`]: the government bodies and state-owned companies an investor reaches through
//!   its portfolio companies' contracts, and the listed entities among its portfolio companies
//!   and their owners and subsidiaries, each with the chain that connects them;
//!   [`exposure::exposure_all()`] ranks every investor by how many it reaches, in one pass.
//! - [`ubo::ubo()`]: effective ownership, stakes multiplied along every chain of `owns` and
//!   summed over parallel chains, by one pass down a topological order (cycles cut).
//!
//! Every result names entities and relations by their graph indices, so it can be printed,
//! serialized or turned into a [`Subgraph`] for an export.

pub mod coinvestors;
pub mod exposure;
pub mod investments;
pub mod k_shortest;
pub mod neighbourhood;
pub mod overlap;
pub mod shortest_path;
pub mod ubo;

use std::collections::HashSet;

pub use coinvestors::{Coinvestor, coinvestors};
pub use exposure::{Exposure, Reach, exposure};
pub use investments::{Investment, investors, portfolio};
pub use k_shortest::k_shortest_paths;
pub use neighbourhood::{Neighbourhood, Reached, neighbourhood};
pub use overlap::{Overlap, PairOverlap, SharedInvestor, overlap, overlap_all, overlap_best};
pub use shortest_path::{shortest_path, shortest_path_within};

use crate::filter::Filter;
use crate::graph::adjacency::{Mask, Slot, Ways, weakness};
use crate::graph::{Adjacency, EntityIx, Graph, RelationIx};
use crate::model::{Relation, RelationType, Status};
use crate::subgraph::Subgraph;

/// Entities that a search must not pass through.
pub type Avoid = HashSet<EntityIx>;

/// A walk through the graph: entities in the order walked, and for each step the relations
/// that join the two entities, each in its own true direction (a step may go against a
/// relation's direction, from the company to its investor).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Path {
    /// The entities in the order walked, from one end to the other.
    pub entities: Vec<EntityIx>,
    /// `hops[i]` joins `entities[i]` and `entities[i + 1]`, strongest status first; never empty
    /// but where [`Path::elided`] leaves entities out.
    pub hops: Vec<Vec<RelationIx>>,
    /// The entities a long chain of owners leaves out, if any.
    pub elided: Option<Elided>,
}

/// The middle of a long chain of owners, left out so that an answer of many chains stays in
/// proportion to their number: `count` entities between `entities[after]` and
/// `entities[after + 1]`, whose hop `hops[after]` is empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Elided {
    /// The place of the entity after which entities are left out.
    pub after: usize,
    /// How many entities are left out.
    pub count: usize,
    /// The weakest status of the whole chain the entities were left out of, so that the
    /// path's weakest status stays what it would be with them.
    pub weakest: Option<Status>,
}

impl Path {
    /// The number of hops, those left out included.
    pub fn len(&self) -> usize {
        self.hops.len() + self.elided.map_or(0, |e| e.count)
    }

    /// Whether the path is a single entity.
    pub fn is_empty(&self) -> bool {
        self.hops.is_empty()
    }

    /// The first entity.
    pub fn start(&self) -> EntityIx {
        self.entities[0]
    }

    /// The last entity.
    pub fn end(&self) -> EntityIx {
        self.entities[self.entities.len() - 1]
    }

    /// The weakest status on the path (see [`Status::weakness`]): each hop counts with its
    /// strongest relation, and the path is as strong as its weakest hop. `None` for a path of
    /// no hops.
    pub fn weakest(&self, graph: &Graph) -> Option<Status> {
        self.hops
            .iter()
            .filter_map(|hop| {
                hop.iter()
                    .map(|&r| relation(graph, r).status)
                    .min_by_key(|s| s.weakness())
            })
            .chain(self.elided.and_then(|e| e.weakest))
            .max_by_key(|s| s.weakness())
    }

    /// A path along `entities` whose hops are every relation between consecutive entities that
    /// the filter allows in its direction; `None` if some pair has none.
    pub fn along(graph: &Graph, entities: Vec<EntityIx>, filter: &Filter) -> Option<Path> {
        let hops = entities
            .windows(2)
            .map(|pair| {
                let hop = hop_relations(graph, pair[0], pair[1], filter);
                (!hop.is_empty()).then_some(hop)
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Path {
            entities,
            hops,
            elided: None,
        })
    }
}

impl From<&Path> for Subgraph {
    fn from(path: &Path) -> Self {
        let mut sub = Subgraph::default();
        sub.entities.extend(path.entities.iter().copied());
        sub.relations.extend(path.hops.iter().flatten().copied());
        sub
    }
}

impl<'p> FromIterator<&'p Path> for Subgraph {
    /// The union of several paths.
    fn from_iter<I: IntoIterator<Item = &'p Path>>(paths: I) -> Self {
        let mut sub = Subgraph::default();
        for path in paths {
            union(&mut sub, Subgraph::from(path));
        }
        sub
    }
}

/// Adds every entity and relation of `other` to `sub`.
pub(crate) fn union(sub: &mut Subgraph, other: Subgraph) {
    sub.entities.extend(other.entities);
    sub.relations.extend(other.relations);
}

/// The relation at an index of the graph.
pub(crate) fn relation(graph: &Graph, ix: RelationIx) -> &Relation {
    graph.relation_weight(ix)
}

/// Whether a relation passes the filter's statuses and date, for queries that choose their own
/// relation types and direction.
pub(crate) fn in_scope(filter: &Filter, r: &Relation, types: &[RelationType]) -> bool {
    types.contains(&r.kind)
        && (filter.statuses.is_empty() || filter.statuses.contains(&r.status))
        && filter.in_force(r)
}

/// A filter made ready for walking the graph's [`Adjacency`]: its types, statuses and kinds as
/// bits, its direction as the rows a step reads.
pub(crate) struct Walk<'g> {
    pub graph: &'g Graph,
    pub adjacency: &'g Adjacency,
    pub filter: &'g Filter,
    pub mask: Mask,
}

impl<'g> Walk<'g> {
    pub fn new(graph: &'g Graph, filter: &'g Filter) -> Self {
        Walk {
            graph,
            adjacency: graph.adjacency(),
            filter,
            mask: Mask::new(filter),
        }
    }

    /// The rows a step from an entity reads; with `reverse`, a step into it.
    pub fn ways(&self, reverse: bool) -> Ways {
        Ways::of(self.filter.direction, reverse)
    }

    /// Whether a relation of this slot and code passes the filter (the date read from the
    /// relation only when the filter has one).
    #[inline]
    pub fn passes(&self, slot: Slot, code: u8) -> bool {
        self.mask.allows(code)
            && (!self.mask.dated()
                || self
                    .filter
                    .in_force(relation(self.graph, rix(slot.relation))))
    }

    /// Calls `f(neighbour, relation, code)` for each step from `ix` that the filter allows;
    /// with `reverse`, each step that leads *to* `ix` (for a search that walks back from a
    /// target). Self-loops are left out; a neighbour comes once per relation, in the order of
    /// the graph's edge lists.
    #[inline]
    pub fn steps(&self, ix: u32, reverse: bool, mut f: impl FnMut(u32, u32, u8)) {
        self.adjacency.each(ix, self.ways(reverse), |slot, code| {
            if slot.entity != ix && self.passes(slot, code) {
                f(slot.entity, slot.relation, code);
            }
        });
    }
}

/// The entity of an index of the [`Adjacency`].
pub(crate) fn eix(i: u32) -> EntityIx {
    EntityIx::new(i as usize)
}

/// The relation of an index of the [`Adjacency`].
pub(crate) fn rix(i: u32) -> RelationIx {
    RelationIx::new(i as usize)
}

/// Asks the processor to bring `values[i]` into its cache without waiting for it, so that a
/// search that reads it later, after other work, finds it there (a read of memory far away
/// costs about a hundred nanoseconds; many asked ahead arrive together). Does nothing when `i`
/// is out of range or the processor is not x86-64.
#[inline]
pub(crate) fn fetch_ahead<T>(values: &[T], i: usize) {
    #[cfg(target_arch = "x86_64")]
    if let Some(value) = values.get(i) {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        // SAFETY: SSE, which the instruction needs, is part of every x86-64 processor, and a
        // prefetch reads nothing into the program nor faults, whatever the address.
        unsafe { _mm_prefetch::<_MM_HINT_T0>((value as *const T).cast()) };
    }
}

/// An entity's index in the [`Adjacency`].
pub(crate) fn at(ix: EntityIx) -> u32 {
    ix.index() as u32
}

/// The relations that join `a` to `b` as a step from `a` under the filter (types, statuses,
/// date and direction), strongest status first.
///
/// The steps out of `a` and the steps into `b` hold the same relations between the two, so
/// the shorter of the two rows answers: O(min(dₐ, d_b)) for their dₐ and d_b relations, and
/// a hub's list is never read for each of its neighbours.
pub(crate) fn hop_relations(
    graph: &Graph,
    a: EntityIx,
    b: EntityIx,
    filter: &Filter,
) -> Vec<RelationIx> {
    let walk = Walk::new(graph, filter);
    let (a, b) = (at(a), at(b));
    let mut hop: Vec<(u8, u32)> = Vec::new();
    if walk.adjacency.degree(a, walk.ways(false)) <= walk.adjacency.degree(b, walk.ways(true)) {
        walk.steps(a, false, |n, r, code| {
            if n == b {
                hop.push((weakness(code), r));
            }
        });
    } else {
        walk.steps(b, true, |n, r, code| {
            if n == a {
                hop.push((weakness(code), r));
            }
        });
    }
    hop.sort_unstable();
    hop.into_iter().map(|(_, r)| rix(r)).collect()
}

/// The relations between `ix` and its neighbours one way (`Outgoing`: `ix` → other) that are
/// of these types and pass the filter's statuses and date, grouped by the entity at the other
/// end (in index order), each group strongest status first. One pass over `ix`'s relations.
pub(crate) fn grouped(
    graph: &Graph,
    ix: EntityIx,
    direction: petgraph::Direction,
    filter: &Filter,
    types: &[RelationType],
) -> Vec<(EntityIx, Vec<RelationIx>)> {
    let adjacency = graph.adjacency();
    let mask = Mask::of_types(filter, types);
    let row = match direction {
        petgraph::Direction::Outgoing => adjacency.outgoing(at(ix)),
        petgraph::Direction::Incoming => adjacency.incoming(at(ix)),
    };
    let mut ends: Vec<(u32, u8, u32)> = row
        .slots
        .iter()
        .zip(row.codes)
        .filter(|&(s, &code)| {
            s.entity != at(ix)
                && mask.allows(code)
                && (!mask.dated() || filter.in_force(relation(graph, rix(s.relation))))
        })
        .map(|(s, &code)| (s.entity, weakness(code), s.relation))
        .collect();
    ends.sort_unstable();
    let mut groups: Vec<(EntityIx, Vec<RelationIx>)> = Vec::new();
    for (other, _, r) in ends {
        match groups.last_mut() {
            Some((last, list)) if *last == eix(other) => list.push(rix(r)),
            _ => groups.push((eix(other), vec![rix(r)])),
        }
    }
    groups
}

/// Sorts relations strongest status first, then in the order they were loaded.
pub(crate) fn sort_by_strength(graph: &Graph, relations: &mut [RelationIx]) {
    relations.sort_by_key(|&r| (relation(graph, r).status.weakness(), r));
}

/// Compares two entities by name, then id, for deterministic output.
pub(crate) fn by_name(graph: &Graph, a: EntityIx, b: EntityIx) -> std::cmp::Ordering {
    let (x, y) = (graph.entity(a), graph.entity(b));
    x.name.cmp(&y.name).then_with(|| x.id.cmp(&y.id))
}

#[cfg(test)]
pub(crate) mod tests {
    use crate::graph::{EntityIx, Graph};
    use crate::model::{Entity, EntityKind, Relation, RelationType, Status};

    /// A graph of named entities (`"name:kind"`, kind defaulting to company) and relations
    /// `(from, type, to, status)`, for the algorithms' unit tests.
    pub fn graph(
        entities: &[&str],
        relations: &[(&str, RelationType, &str, Status)],
    ) -> (Graph, impl Fn(&str) -> EntityIx) {
        let mut g = Graph::new();
        for spec in entities {
            let (name, kind) = spec.split_once(':').unwrap_or((spec, "company"));
            let kind: EntityKind = kind.parse().unwrap();
            g.add_entity(Entity::new(name, name, kind));
        }
        for (from, kind, to, status) in relations {
            let (a, b) = (g.by_id(from).unwrap(), g.by_id(to).unwrap());
            g.add_relation(a, b, Relation::new(*kind, *status));
        }
        let ids: Vec<(String, EntityIx)> = g.entities().map(|(ix, e)| (e.id.clone(), ix)).collect();
        let find = move |id: &str| ids.iter().find(|(i, _)| i == id).unwrap().1;
        (g, find)
    }

    #[test]
    fn a_hop_holds_the_same_relations_read_from_the_hub_or_from_the_leaf() {
        use super::hop_relations;
        use crate::filter::{Direction, Filter};
        use RelationType::*;
        use Status::*;
        let (g, id) = graph(
            &["hub", "leaf", "a", "b", "c"],
            &[
                ("hub", InvestsIn, "a", Confirmed),
                ("hub", InvestsIn, "leaf", Reported),
                ("hub", InvestsIn, "b", Confirmed),
                ("leaf", Owns, "hub", Confirmed),
                ("hub", Owns, "leaf", Ended),
                ("hub", InvestsIn, "c", Confirmed),
            ],
        );
        let (hub, leaf) = (id("hub"), id("leaf"));
        let kinds = |hop: Vec<crate::graph::RelationIx>| -> Vec<(RelationType, Status)> {
            hop.iter()
                .map(|&r| (g.inner()[r].kind, g.inner()[r].status))
                .collect()
        };
        let both = Filter::all();
        let want = vec![(Owns, Confirmed), (Owns, Ended), (InvestsIn, Reported)];
        assert_eq!(kinds(hop_relations(&g, hub, leaf, &both)), want);
        assert_eq!(kinds(hop_relations(&g, leaf, hub, &both)), want);
        let out = Filter {
            direction: Direction::Out,
            ..Filter::all()
        };
        let down = vec![(Owns, Ended), (InvestsIn, Reported)];
        assert_eq!(kinds(hop_relations(&g, hub, leaf, &out)), down);
        assert_eq!(
            kinds(hop_relations(&g, leaf, hub, &out)),
            [(Owns, Confirmed)]
        );
        let inward = Filter {
            direction: Direction::In,
            ..Filter::all()
        };
        assert_eq!(kinds(hop_relations(&g, leaf, hub, &inward)), down);
    }

    #[test]
    fn fetching_ahead_changes_nothing_in_or_out_of_range() {
        let values = [7u32, 8];
        super::fetch_ahead(&values, 1);
        super::fetch_ahead(&values, 2);
        super::fetch_ahead::<u64>(&[], 0);
        assert_eq!(values, [7, 8]);
    }
}
