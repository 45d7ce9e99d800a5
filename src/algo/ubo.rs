//! Effective ownership: the share of an entity that each entity above it holds, multiplied
//! along every chain of `owns` relations and summed over parallel chains, with ranges kept as
//! ranges, unknown stakes kept as unknown and cycles cut where they close.

use std::collections::HashMap;

use petgraph::Direction::Incoming;

use super::{by_name, in_scope, relation};
use crate::filter::Filter;
use crate::graph::{EntityIx, Graph, RelationIx};
use crate::model::{Relation, RelationType};

const OWNS: &[RelationType] = &[RelationType::Owns];
const CONTROLS: &[RelationType] = &[RelationType::Controls];

/// A share of an entity, as a fraction from 0 to 1: the part the stakes give, from `low` to
/// `high` (equal when every stake on the way is exact), and whether some chain adds a part of
/// unknown size (a stake the source does not quantify).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Share {
    /// The least the known stakes give.
    pub low: f64,
    /// The most the known stakes give.
    pub high: f64,
    /// Whether a chain with a stake of unknown size adds to it.
    pub unknown: bool,
}

impl Share {
    /// Nothing.
    pub const NONE: Share = Share {
        low: 0.0,
        high: 0.0,
        unknown: false,
    };

    /// The whole.
    pub const WHOLE: Share = Share {
        low: 1.0,
        high: 1.0,
        unknown: false,
    };

    /// A share of unknown size.
    pub const UNKNOWN: Share = Share {
        low: 0.0,
        high: 0.0,
        unknown: true,
    };

    /// The stake a relation states: exact, a range, or unknown.
    pub fn of(r: &Relation) -> Share {
        let d = r.details();
        match (d.stake_pct, d.stake_range) {
            (Some(pct), _) => Share {
                low: pct / 100.0,
                high: pct / 100.0,
                unknown: false,
            },
            (None, Some((low, high))) => Share {
                low: low / 100.0,
                high: high / 100.0,
                unknown: false,
            },
            (None, None) => Share::UNKNOWN,
        }
    }

    /// Whether it is nothing at all.
    pub fn is_none(&self) -> bool {
        self.high == 0.0 && !self.unknown
    }

    /// Whether the known part is one number.
    pub fn is_exact(&self) -> bool {
        self.low == self.high
    }

    /// This share of `of`: a stake times the share its holder has of the entity below.
    pub fn times(self, of: Share) -> Share {
        if of.is_none() || self.is_none() {
            return Share::NONE;
        }
        Share {
            low: self.low * of.low,
            high: self.high * of.high,
            unknown: self.unknown || of.unknown,
        }
    }

    /// Two shares held through different chains, added (at most the whole).
    pub fn plus(self, other: Share) -> Share {
        Share {
            low: (self.low + other.low).min(1.0),
            high: (self.high + other.high).min(1.0),
            unknown: self.unknown || other.unknown,
        }
    }
}

/// An entity above the one asked about and the share of it that it holds.
#[derive(Debug, Clone, PartialEq)]
pub struct EffectiveOwner {
    /// The owner.
    pub owner: EntityIx,
    /// Its share, through every chain.
    pub share: Share,
    /// How many chains of `owns` lead from it down to the entity (at most `u64::MAX`).
    pub chains: u64,
    /// Whether nothing owns it in turn: an ultimate owner.
    pub ultimate: bool,
    /// Its fewest hops down to the entity.
    pub distance: usize,
    /// For an ultimate owner, the `controls` relations into it (control that is not a
    /// shareholding, such as a state's over its ministry), strongest first.
    pub controlled_by: Vec<RelationIx>,
}

/// The effective ownership of an entity.
#[derive(Debug, Clone, PartialEq)]
pub struct Ubo {
    /// Every entity above, ultimate owners first, then by share (largest first) and name.
    pub owners: Vec<EffectiveOwner>,
    /// Relations that state an indirect holding (a register's summary of a chain, such as BODS
    /// `directOrIndirect: indirect`): they are not a step of any chain, so that no share is
    /// counted twice; each is listed with the share it states.
    pub stated: Vec<(EntityIx, RelationIx, Share)>,
    /// The `owns` relations that close a cycle (an entity that owns, through others, one of its
    /// owners); they are left out of the sums, which would not end otherwise.
    pub cycles: Vec<RelationIx>,
}

/// Whether a relation states an indirect holding rather than a step of a chain.
fn is_indirect(r: &Relation) -> bool {
    r.details()
        .role
        .as_deref()
        .is_some_and(|role| role.contains("(indirect)"))
}

/// The effective owners of `entity` by the `owns` relations that pass the filter's statuses and
/// date. Each hop counts with one relation: where several join the same two entities, the one
/// with a known stake, then the strongest status, then the largest stake. A chain's share is
/// the product of its stakes; an owner's is the sum over its chains. A stake of unknown size
/// makes a chain's share unknown; a cycle is cut at the relation that closes it.
///
/// # Complexity
/// O(V + E) for the V entities above and the E `owns` relations between them: a depth-first
/// walk up, then one pass down in topological order that adds each relation's part once.
///
/// # Example
/// ```
/// use dealgraph::{algo::ubo, filter::Filter, load::{self, Input}};
///
/// let (graph, _) = load::load(&[Input::Bundled]).unwrap();
/// let fund = graph.lookup("SoftBank Vision Fund").unwrap();
/// let found = ubo::ubo(&graph, fund, &Filter::all());
/// assert_eq!(graph.entity(found.owners[0].owner).name, "SoftBank");
/// assert!(found.owners[0].ultimate);
/// assert!(found.cycles.is_empty());
/// ```
pub fn ubo(graph: &Graph, entity: EntityIx, filter: &Filter) -> Ubo {
    let mut stated = Vec::new();
    // The hops up from each entity reached: (owner, the relation that counts).
    let mut up: HashMap<EntityIx, Vec<(EntityIx, RelationIx)>> = HashMap::new();
    let hops_of = |ix: EntityIx, stated: &mut Vec<(EntityIx, RelationIx, Share)>| {
        let mut best: HashMap<EntityIx, RelationIx> = HashMap::new();
        for e in graph.relations_of(ix, Incoming) {
            let r = e.relation;
            if e.from == ix || !in_scope(filter, r, OWNS) {
                continue;
            }
            if is_indirect(r) {
                if ix == entity {
                    stated.push((e.from, e.index, Share::of(r)));
                }
                continue;
            }
            best.entry(e.from)
                .and_modify(|kept| {
                    if better(graph, e.index, *kept) {
                        *kept = e.index;
                    }
                })
                .or_insert(e.index);
        }
        let mut hops: Vec<(EntityIx, RelationIx)> = best.into_iter().collect();
        hops.sort_by(|a, b| by_name(graph, a.0, b.0));
        hops
    };
    // Depth-first up from the entity: the post-order puts every owner before what it owns; a
    // hop to an entity still on the walk's stack closes a cycle.
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    let mut mark: HashMap<EntityIx, Mark> = HashMap::from([(entity, Mark::Open)]);
    let mut post: Vec<EntityIx> = Vec::new();
    let mut cycles: Vec<RelationIx> = Vec::new();
    let first = hops_of(entity, &mut stated);
    up.insert(entity, first);
    let mut stack: Vec<(EntityIx, usize)> = vec![(entity, 0)];
    while let Some(&mut (ix, ref mut next)) = stack.last_mut() {
        let hops = &up[&ix];
        if *next == hops.len() {
            mark.insert(ix, Mark::Done);
            post.push(ix);
            stack.pop();
            continue;
        }
        let (owner, r) = hops[*next];
        *next += 1;
        match mark.get(&owner) {
            Some(Mark::Open) => cycles.push(r),
            Some(Mark::Done) => {}
            None => {
                mark.insert(owner, Mark::Open);
                let hops = hops_of(owner, &mut stated);
                up.insert(owner, hops);
                stack.push((owner, 0));
            }
        }
    }
    let cut: std::collections::HashSet<RelationIx> = cycles.iter().copied().collect();
    // Down from the top: the reverse post-order puts every entity before its owners, so its
    // share and chains are whole when its owners read them.
    let mut share: HashMap<EntityIx, Share> = HashMap::from([(entity, Share::WHOLE)]);
    let mut chains: HashMap<EntityIx, u64> = HashMap::from([(entity, 1)]);
    let mut distance: HashMap<EntityIx, usize> = HashMap::from([(entity, 0)]);
    for &ix in post.iter().rev() {
        let (below, paths, depth) = (share[&ix], chains[&ix], distance[&ix]);
        for &(owner, r) in &up[&ix] {
            if cut.contains(&r) {
                continue;
            }
            let part = Share::of(relation(graph, r)).times(below);
            let total = share.entry(owner).or_insert(Share::NONE);
            *total = total.plus(part);
            let n = chains.entry(owner).or_insert(0);
            *n = n.saturating_add(paths);
            let d = distance.entry(owner).or_insert(usize::MAX);
            *d = (*d).min(depth + 1);
        }
    }
    let mut owners: Vec<EffectiveOwner> = post
        .iter()
        .filter(|&&ix| ix != entity)
        .map(|&ix| EffectiveOwner {
            owner: ix,
            share: share[&ix],
            chains: chains[&ix],
            ultimate: up[&ix].iter().all(|&(_, r)| cut.contains(&r)),
            distance: distance[&ix],
            controlled_by: Vec::new(),
        })
        .collect();
    for o in owners.iter_mut().filter(|o| o.ultimate) {
        o.controlled_by = super::grouped(graph, o.owner, Incoming, filter, CONTROLS)
            .into_iter()
            .flat_map(|(_, relations)| relations)
            .collect();
        super::sort_by_strength(graph, &mut o.controlled_by);
    }
    owners.sort_by(|a, b| {
        b.ultimate
            .cmp(&a.ultimate)
            .then(b.share.high.total_cmp(&a.share.high))
            .then(b.share.low.total_cmp(&a.share.low))
            .then_with(|| by_name(graph, a.owner, b.owner))
    });
    stated.sort_by(|a, b| by_name(graph, a.0, b.0));
    Ubo {
        owners,
        stated,
        cycles,
    }
}

/// Whether relation `a` counts for a hop before `b`: a known stake, then the strongest status,
/// then the largest stake.
fn better(graph: &Graph, a: RelationIx, b: RelationIx) -> bool {
    let (x, y) = (relation(graph, a), relation(graph, b));
    let (sx, sy) = (Share::of(x), Share::of(y));
    (!sx.unknown, std::cmp::Reverse(x.status.weakness()), sx.high)
        .partial_cmp(&(!sy.unknown, std::cmp::Reverse(y.status.weakness()), sy.high))
        .is_some_and(|o| o.is_gt())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Entity, EntityKind, Status};

    /// A stake as the tests write it: `(p, p)` exact, `(low, high)` a range, `None` not stated.
    type Stake = Option<(f64, f64)>;

    /// A graph of companies and confirmed `owns` relations `(owner, stake, owned)`.
    fn owned(names: &[&str], stakes: &[(&str, Stake, &str)]) -> (Graph, Vec<EntityIx>) {
        let mut g = Graph::new();
        for name in names {
            g.add_entity(Entity::new(*name, *name, EntityKind::Company));
        }
        for &(from, stake, to) in stakes {
            let mut r = Relation::new(RelationType::Owns, Status::Confirmed);
            match stake {
                Some((low, high)) if low == high => r.details_mut().stake_pct = Some(low),
                Some(range) => r.details_mut().stake_range = Some(range),
                None => {}
            }
            let (a, b) = (g.by_id(from).unwrap(), g.by_id(to).unwrap());
            g.add_relation(a, b, r);
        }
        let ids = names.iter().map(|n| g.by_id(n).unwrap()).collect();
        (g, ids)
    }

    /// An exact stake.
    fn pct(p: f64) -> Stake {
        Some((p, p))
    }

    /// The owners' shares in percent, rounded to a thousandth, by name.
    fn shares(g: &Graph, found: &Ubo) -> Vec<(String, f64, f64, bool)> {
        let round = |x: f64| (x * 100_000.0).round() / 1000.0;
        let mut all: Vec<_> = found
            .owners
            .iter()
            .map(|o| {
                let name = g.entity(o.owner).id.clone();
                (
                    name,
                    round(o.share.low),
                    round(o.share.high),
                    o.share.unknown,
                )
            })
            .collect();
        all.sort_by(|a, b| a.0.cmp(&b.0));
        all
    }

    #[test]
    fn a_chain_of_sixty_and_fifty_percent_is_thirty_percent() {
        let (g, e) = owned(
            &["top", "mid", "co"],
            &[("top", pct(60.0), "mid"), ("mid", pct(50.0), "co")],
        );
        let found = ubo(&g, e[2], &Filter::all());
        assert_eq!(
            shares(&g, &found),
            [
                ("mid".into(), 50.0, 50.0, false),
                ("top".into(), 30.0, 30.0, false)
            ]
        );
        assert!(found.owners[0].ultimate && found.owners[0].owner == e[0]);
        assert_eq!(found.owners[0].distance, 2);
    }

    #[test]
    fn two_parallel_chains_are_summed() {
        // top holds 76.5% of co through sub (100% of sub) and 23.5% directly: all of it.
        let (g, e) = owned(
            &["top", "sub", "co"],
            &[
                ("sub", pct(76.5), "co"),
                ("top", pct(100.0), "sub"),
                ("top", pct(23.5), "co"),
            ],
        );
        let found = ubo(&g, e[2], &Filter::all());
        let top = &found.owners[0];
        assert_eq!((top.owner, top.chains), (e[0], 2));
        assert_eq!(shares(&g, &found)[1], ("top".into(), 100.0, 100.0, false));
    }

    #[test]
    fn joint_owners_of_a_holding_each_hold_their_part_of_its_stake() {
        // a and b own a holding 50/50 that owns 40% of co; a also owns 10% directly.
        let (g, e) = owned(
            &["a", "b", "holding", "co"],
            &[
                ("a", pct(50.0), "holding"),
                ("b", pct(50.0), "holding"),
                ("holding", pct(40.0), "co"),
                ("a", pct(10.0), "co"),
            ],
        );
        let found = ubo(&g, e[3], &Filter::all());
        assert_eq!(
            shares(&g, &found),
            [
                ("a".into(), 30.0, 30.0, false),
                ("b".into(), 20.0, 20.0, false),
                ("holding".into(), 40.0, 40.0, false)
            ]
        );
        let ultimate: Vec<bool> = found.owners.iter().map(|o| o.ultimate).collect();
        assert_eq!(ultimate, [true, true, false]);
    }

    #[test]
    fn a_cycle_is_cut_where_it_closes_and_said() {
        // x owns 50% of y, y owns 20% of x (cross-holding), y owns 80% of co.
        let (g, e) = owned(
            &["x", "y", "co"],
            &[
                ("x", pct(50.0), "y"),
                ("y", pct(20.0), "x"),
                ("y", pct(80.0), "co"),
            ],
        );
        let found = ubo(&g, e[2], &Filter::all());
        assert_eq!(found.cycles.len(), 1);
        assert_eq!(
            shares(&g, &found),
            [
                ("x".into(), 40.0, 40.0, false),
                ("y".into(), 80.0, 80.0, false)
            ]
        );
    }

    #[test]
    fn a_range_stays_a_range_and_an_unknown_stake_stays_unknown() {
        // 25–50% × 60% = 15–30%; a stake of unknown size above makes the top's share unknown:
        // no known part, and a part of unknown size.
        let (g, e) = owned(
            &["top", "parent", "mid", "co"],
            &[
                ("parent", pct(60.0), "mid"),
                ("mid", Some((25.0, 50.0)), "co"),
                ("top", None, "parent"),
            ],
        );
        let found = ubo(&g, e[3], &Filter::all());
        assert_eq!(
            shares(&g, &found),
            [
                ("mid".into(), 25.0, 50.0, false),
                ("parent".into(), 15.0, 30.0, false),
                ("top".into(), 0.0, 0.0, true)
            ]
        );
    }

    #[test]
    fn the_sums_follow_each_relation_once_on_a_long_ladder() {
        // 2,000 entities, each owning all of the next and half of the one after: the chains
        // number in the Fibonacci range (saturated), yet each relation is read once.
        let names: Vec<String> = (0..2000).map(|i| format!("e{i}")).collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let mut stakes = Vec::new();
        for i in 0..1999 {
            stakes.push((refs[i], pct(100.0), refs[i + 1]));
            if i + 2 < 2000 {
                stakes.push((refs[i], pct(0.0), refs[i + 2]));
            }
        }
        let (g, e) = owned(&refs, &stakes);
        let found = ubo(&g, e[1999], &Filter::all());
        assert_eq!(found.owners.len(), 1999);
        let top = &found.owners[0];
        assert_eq!(top.owner, e[0]);
        assert_eq!((top.share.low, top.share.high), (1.0, 1.0));
        assert_eq!(top.chains, u64::MAX);
    }
}
