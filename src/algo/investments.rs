//! Who invested in a company and what an investor invested in, optionally rolled up through
//! `owns`: a fund counts under its owner, and an owner's portfolio includes its funds'.

use std::collections::{HashMap, HashSet};

use petgraph::Direction::{Incoming, Outgoing};

use super::{Elided, Path, by_name, grouped, in_scope, neighbourhood, sort_by_strength};
use crate::filter::{Direction, Filter};
use crate::graph::{EntityIx, Graph, RelationIx};
use crate::model::{RelationType, Status};

/// The relations that can be a stake: an investment, or an `owns` that is a shareholding.
const STAKES: &[RelationType] = &[RelationType::InvestsIn, RelationType::Owns];
pub(crate) const OWNS: &[RelationType] = &[RelationType::Owns];

/// A stake of an investor in a company, with the chain of ownership above the investor when
/// the query rolls funds up into their owners.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Investment {
    /// From the owner that counts down to the investor that holds the stake: `[investor]` for a
    /// direct stake, `[SoftBank, SoftBank Vision Fund]` for the fund's.
    pub owners: Vec<EntityIx>,
    /// `ownership[i]` holds the `owns` relations from `owners[i]` to `owners[i + 1]` (none
    /// across the entities [`Investment::elided`] leaves out).
    pub ownership: Vec<Vec<RelationIx>>,
    /// The middle of a long chain of owners, left out (see [`Owned::chain`]).
    pub elided: Option<Elided>,
    /// The company invested in.
    pub company: EntityIx,
    /// The `invests_in` relations from the investor to the company, strongest status first.
    pub relations: Vec<RelationIx>,
}

impl Investment {
    /// The entity that holds the stake.
    pub fn investor(&self) -> EntityIx {
        self.owners[self.owners.len() - 1]
    }

    /// The entity the stake counts under: the investor, or its top owner when rolled up.
    pub fn holder(&self) -> EntityIx {
        self.owners[0]
    }

    /// How many owners the chain has above the investor, those left out included.
    pub fn depth(&self) -> usize {
        self.owners.len() - 1 + self.elided.map_or(0, |e| e.count)
    }

    /// The chain as a path: owner → ... → investor → company.
    pub fn path(&self) -> Path {
        let mut entities = self.owners.clone();
        entities.push(self.company);
        let mut hops = self.ownership.clone();
        hops.push(self.relations.clone());
        Path {
            entities,
            hops,
            elided: self.elided,
        }
    }
}

/// The investors in `company` by their `invests_in` relations that pass the filter's statuses
/// and date (the filter's types, kinds and direction do not apply: the query chooses them).
/// With `rollup`, each investor comes with the chain of `owns` above it, so that it counts
/// under its top owner; an entity with several owners counts under the one with the largest
/// stake, then the strongest status, then by name. Ordered by holder, then investor, by name.
///
/// # Complexity
/// O(d + Σ dₑ) for the d relations of the company and the dₑ incoming relations of each
/// entity e above its investors: a look at the company's relations, then one walk up the
/// owners, each entity's owner found once however many chains pass through it; a chain of more
/// than [`KEPT`] entities is written out as its ends (see [`Owned::chain`]).
///
/// # Example
/// ```
/// use dealgraph::{algo, filter::Filter, load::{self, Input}};
///
/// let (graph, _) = load::load(&[Input::Bundled]).unwrap();
/// let sensetime = graph.lookup("SenseTime").unwrap();
/// let rolled = algo::investors(&graph, sensetime, &Filter::all(), true);
/// let softbank = rolled.iter().find(|i| graph.entity(i.holder()).name == "SoftBank").unwrap();
/// assert_eq!(graph.entity(softbank.investor()).name, "SoftBank Vision Fund");
/// ```
pub fn investors(
    graph: &Graph,
    company: EntityIx,
    filter: &Filter,
    rollup: bool,
) -> Vec<Investment> {
    let mut found = unordered_investors(graph, company, filter, rollup);
    found.sort_by(|a, b| {
        by_name(graph, a.holder(), b.holder())
            .then(a.depth().cmp(&b.depth()))
            .then_with(|| by_name(graph, a.investor(), b.investor()))
    });
    found
}

/// [`investors`] in no particular order, for a caller that orders many lists at once.
pub(crate) fn unordered_investors(
    graph: &Graph,
    company: EntityIx,
    filter: &Filter,
    rollup: bool,
) -> Vec<Investment> {
    let mut up = Up::default();
    stakes_of(graph, company, Incoming, filter)
        .into_iter()
        .map(|(investor, relations)| {
            let chain = if rollup {
                up.chain(graph, investor, filter)
            } else {
                Chain {
                    owners: vec![investor],
                    ownership: Vec::new(),
                    elided: None,
                }
            };
            Investment {
                owners: chain.owners,
                ownership: chain.ownership,
                elided: chain.elided,
                company,
                relations,
            }
        })
        .collect()
}

/// The chains of owners above the entities asked about, each entity's owner found once
/// however many chains pass through it, so that the investors of a company at the bottom of
/// one long chain of funds cost in proportion to the chain, not to its square.
#[derive(Debug, Default)]
pub(crate) struct Up {
    known: HashMap<EntityIx, Above>,
}

/// What [`Up`] knows of an entity: its owner on the way to its top owner, and the chain's
/// shape.
#[derive(Debug, Clone)]
struct Above {
    /// Its owner, with the `owns` relations from it; `None` for a top owner.
    owner: Option<(EntityIx, Vec<RelationIx>)>,
    /// The top owner of its chain.
    top: EntityIx,
    /// The entity one hop below the top on its chain (itself at one hop, the top at none).
    branch: EntityIx,
    /// How many hops below the top.
    depth: usize,
    /// The weakest status of the hops from the top down to it.
    weakest: Option<Status>,
}

impl Up {
    /// The chain of owners above `ix`, as [`owner_chain`] climbs it, written out as
    /// [`Owned::chain`] writes one (its middle left out when long); an ownership cycle ends the
    /// chain where the walk meets it.
    ///
    /// # Complexity
    /// O(Σ dₑ) over the entities e not asked about before, of dₑ incoming relations each.
    fn chain(&mut self, graph: &Graph, ix: EntityIx, filter: &Filter) -> Chain {
        if self.climb(graph, ix, filter) {
            return self.write(ix);
        }
        // Above a cycle the chain depends on where the walk starts: not remembered.
        let (owners, ownership) = chain_up(graph, ix, filter);
        if owners.len() <= KEPT {
            return Chain {
                owners,
                ownership,
                elided: None,
            };
        }
        let n = owners.len();
        let weakest = ownership
            .iter()
            .filter_map(|hop| strongest(graph, hop))
            .max_by_key(|s| s.weakness());
        Chain {
            owners: vec![owners[0], owners[1], owners[n - 2], owners[n - 1]],
            ownership: vec![ownership[0].clone(), Vec::new(), ownership[n - 2].clone()],
            elided: Some(Elided {
                after: 1,
                count: n - 4,
                weakest,
            }),
        }
    }

    /// Learns the chain above `ix`, from `ix` up to its top owner or to an entity known; false,
    /// learning nothing, when the walk meets an ownership cycle.
    fn climb(&mut self, graph: &Graph, ix: EntityIx, filter: &Filter) -> bool {
        let mut path = vec![ix];
        let mut on_path = HashSet::from([ix]);
        let mut hops: Vec<Vec<RelationIx>> = Vec::new();
        let mut current = ix;
        while !self.known.contains_key(&current) {
            match owner_of(graph, current, filter) {
                Some((owner, relations)) if on_path.insert(owner) => {
                    path.push(owner);
                    hops.push(relations);
                    current = owner;
                }
                Some(_) => return false,
                None => {
                    self.known.insert(
                        current,
                        Above {
                            owner: None,
                            top: current,
                            branch: current,
                            depth: 0,
                            weakest: None,
                        },
                    );
                }
            }
        }
        // Down the path, each entity from the owner above it.
        for i in (0..path.len() - 1).rev() {
            let above = &self.known[&path[i + 1]];
            let relations = std::mem::take(&mut hops[i]);
            let weakest = [above.weakest, strongest(graph, &relations)]
                .into_iter()
                .flatten()
                .max_by_key(|s| s.weakness());
            let info = Above {
                top: above.top,
                branch: if above.depth == 0 {
                    path[i]
                } else {
                    above.branch
                },
                depth: above.depth + 1,
                weakest,
                owner: Some((path[i + 1], relations)),
            };
            self.known.insert(path[i], info);
        }
        true
    }

    /// The top owner of `ix`, as [`top_owner`] finds it, each entity's owner found once over
    /// all the calls.
    pub(crate) fn top(&mut self, graph: &Graph, ix: EntityIx, filter: &Filter) -> EntityIx {
        if self.known.contains_key(&ix) || self.climb(graph, ix, filter) {
            self.known[&ix].top
        } else {
            top_owner(graph, ix, filter)
        }
    }

    /// The chain above `ix`, known already.
    fn write(&self, ix: EntityIx) -> Chain {
        let info = &self.known[&ix];
        let hop = |e: EntityIx| -> Vec<RelationIx> {
            self.known[&e]
                .owner
                .as_ref()
                .map(|(_, r)| r.clone())
                .unwrap_or_default()
        };
        if info.depth + 1 > KEPT
            && let Some((owner, _)) = &info.owner
        {
            return Chain {
                owners: vec![info.top, info.branch, *owner, ix],
                ownership: vec![hop(info.branch), Vec::new(), hop(ix)],
                elided: Some(Elided {
                    after: 1,
                    count: info.depth - 3,
                    weakest: info.weakest,
                }),
            };
        }
        let mut owners = vec![ix];
        let mut ownership = Vec::new();
        let mut at = ix;
        while let Some((owner, relations)) = &self.known[&at].owner {
            owners.push(*owner);
            ownership.push(relations.clone());
            at = *owner;
        }
        owners.reverse();
        ownership.reverse();
        Chain {
            owners,
            ownership,
            elided: None,
        }
    }
}

/// The companies `investor` invested in, by `invests_in` relations that pass the filter's
/// statuses and date; with `rollup`, also those of every entity it owns, directly or through
/// other owned entities (by `owns` relations that pass the filter), each with its chain of
/// ownership. Ordered by company, then by the chain, by name.
///
/// # Complexity
/// A breadth-first walk down `owns` from the investor, then a look at each owned entity's
/// relations: O(O + I) for the O relations of the owned entities and their I investments,
/// plus writing out the chain of each investment found (a chain of 10,000 nested funds that
/// holds one stake costs 10,000 steps, not the 50 million of every fund's whole chain).
///
/// # Example
/// ```
/// use dealgraph::{algo, filter::Filter, load::{self, Input}};
///
/// let (graph, _) = load::load(&[Input::Bundled]).unwrap();
/// let softbank = graph.lookup("SoftBank").unwrap();
/// assert!(algo::portfolio(&graph, softbank, &Filter::all(), false).is_empty());
/// let rolled = algo::portfolio(&graph, softbank, &Filter::all(), true);
/// assert_eq!(graph.entity(rolled[0].company).name, "SenseTime");
/// assert_eq!(graph.entity(rolled[0].investor()).name, "SoftBank Vision Fund");
/// ```
pub fn portfolio(
    graph: &Graph,
    investor: EntityIx,
    filter: &Filter,
    rollup: bool,
) -> Vec<Investment> {
    let holders = holdings(graph, investor, filter, rollup);
    stakes(graph, &holders, filter)
        .into_iter()
        .map(|stake| stake.investment(&holders))
        .collect()
}

/// What `investor` holds stakes through: itself, and with `rollup` everything it owns.
pub(crate) fn holdings(graph: &Graph, investor: EntityIx, filter: &Filter, rollup: bool) -> Owned {
    if rollup {
        owned(graph, investor, filter)
    } else {
        Owned::just(investor)
    }
}

/// A stake found in an [`Owned`] tree, before its chain of owners is written out.
pub(crate) struct Stake {
    /// The holder's place in the tree.
    pub member: usize,
    pub company: EntityIx,
    pub relations: Vec<RelationIx>,
}

impl Stake {
    /// The stake with its chain of owners written out, its middle left out when long: O(1).
    pub fn investment(self, holders: &Owned) -> Investment {
        let Chain {
            owners,
            ownership,
            elided,
        } = holders.chain(self.member);
        Investment {
            owners,
            ownership,
            elided,
            company: self.company,
            relations: self.relations,
        }
    }
}

/// The stakes of every entity of the tree, by `invests_in` relations that pass the filter's
/// statuses and date, ordered by company, then by the length of the chain, then by investor,
/// by name; no chain is written out.
pub(crate) fn stakes(graph: &Graph, holders: &Owned, filter: &Filter) -> Vec<Stake> {
    let mut found = Vec::new();
    for (member, holder) in holders.entities().enumerate() {
        for (company, relations) in stakes_of(graph, holder, Outgoing, filter) {
            found.push(Stake {
                member,
                company,
                relations,
            });
        }
    }
    found.sort_by(|a, b| {
        by_name(graph, a.company, b.company)
            .then(holders.depth(a.member).cmp(&holders.depth(b.member)))
            .then_with(|| by_name(graph, holders.entity(a.member), holders.entity(b.member)))
    });
    found
}

/// Whether a relation is a stake: an `invests_in`, or an `owns` whose data says it is a
/// shareholding (it states a share, or its role says so). An `owns` that states neither (a
/// group's fund, a parent by accounts consolidation) is ownership only, which `--rollup`
/// follows.
pub fn is_stake(r: &crate::model::Relation) -> bool {
    match r.kind {
        RelationType::InvestsIn => true,
        RelationType::Owns => {
            let d = r.details();
            d.stake_pct.is_some()
                || d.stake_range.is_some()
                || d.role
                    .as_deref()
                    .is_some_and(|role| role.contains("shareholding"))
        }
        _ => false,
    }
}

/// The relation types that make a stake under `filter`: its types when it names some (`--rel`
/// of `overlap` and `coinvestors`: `pays` makes payers and payees), else `None`: investments
/// and shareholdings ([`is_stake`]).
pub fn stake_types(filter: &Filter) -> Option<Vec<RelationType>> {
    (!filter.types.is_empty()).then(|| filter.types.iter().copied().collect())
}

/// The stakes of `ix` one way ([`is_stake`], or the filter's types when it names some) that
/// pass the filter's statuses and date, grouped by the entity at the other end, each group
/// strongest status first.
pub(crate) fn stakes_of(
    graph: &Graph,
    ix: EntityIx,
    direction: petgraph::Direction,
    filter: &Filter,
) -> Vec<(EntityIx, Vec<RelationIx>)> {
    if let Some(types) = stake_types(filter) {
        return grouped(graph, ix, direction, filter, &types);
    }
    let mut groups = grouped(graph, ix, direction, filter, STAKES);
    for (_, relations) in &mut groups {
        relations.retain(|&r| is_stake(super::relation(graph, r)));
    }
    groups.retain(|(_, relations)| !relations.is_empty());
    groups
}

/// The chain of owners above `ix`, top owner first and `ix` last, by `owns` relations that
/// pass the filter's statuses and date. Where several own an entity, the largest stake wins,
/// then the strongest status, then the name; an ownership cycle ends the chain.
///
/// # Complexity
/// O(Σ dₑ) for the dₑ incoming relations of each entity e on the chain: one look at each
/// entity's relations on the way up.
///
/// # Example
/// ```
/// use dealgraph::{algo::investments, filter::Filter, load::{self, Input}};
///
/// let (graph, _) = load::load(&[Input::Bundled]).unwrap();
/// let fund = graph.lookup("SoftBank Vision Fund").unwrap();
/// let chain = investments::owner_chain(&graph, fund, &Filter::all());
/// let names: Vec<&str> = chain.iter().map(|&e| graph.entity(e).name.as_str()).collect();
/// assert_eq!(names, ["SoftBank", "SoftBank Vision Fund"]);
/// ```
pub fn owner_chain(graph: &Graph, ix: EntityIx, filter: &Filter) -> Vec<EntityIx> {
    chain_up(graph, ix, filter).0
}

/// [`owner_chain`] with the `owns` relations of each of its hops, strongest status first: one
/// look at each entity's incoming relations finds both its owner and what joins them.
fn chain_up(graph: &Graph, ix: EntityIx, filter: &Filter) -> (Vec<EntityIx>, Vec<Vec<RelationIx>>) {
    let mut chain = vec![ix];
    let mut ownership = Vec::new();
    let mut seen = HashSet::from([ix]);
    let mut current = ix;
    while let Some((owner, relations)) = owner_of(graph, current, filter)
        && seen.insert(owner)
    {
        chain.push(owner);
        ownership.push(relations);
        current = owner;
    }
    chain.reverse();
    ownership.reverse();
    (chain, ownership)
}

/// The top owner of `ix` (itself when nothing owns it): [`owner_chain`]'s first entity.
///
/// # Complexity
/// As [`owner_chain`].
///
/// # Example
/// ```
/// use dealgraph::{algo::investments, filter::Filter, load::{self, Input}};
///
/// let (graph, _) = load::load(&[Input::Bundled]).unwrap();
/// let fund = graph.lookup("SoftBank Vision Fund").unwrap();
/// let softbank = graph.lookup("SoftBank").unwrap();
/// assert_eq!(investments::top_owner(&graph, fund, &Filter::all()), softbank);
/// assert_eq!(investments::top_owner(&graph, softbank, &Filter::all()), softbank);
/// ```
pub fn top_owner(graph: &Graph, ix: EntityIx, filter: &Filter) -> EntityIx {
    owner_chain(graph, ix, filter)[0]
}

/// The owner of `ix` that [`owner_chain`] climbs to, with every `owns` relation from it to
/// `ix` that passes the filter, strongest status first.
fn owner_of(graph: &Graph, ix: EntityIx, filter: &Filter) -> Option<(EntityIx, Vec<RelationIx>)> {
    let owns = || {
        graph
            .relations_of(ix, Incoming)
            .filter(|e| in_scope(filter, e.relation, OWNS) && e.from != ix)
    };
    let owner = owns()
        .min_by(|a, b| {
            let (x, y) = (a.relation, b.relation);
            let stake = |pct: Option<f64>| pct.unwrap_or(-1.0);
            stake(y.details().stake_pct)
                .total_cmp(&stake(x.details().stake_pct))
                .then(x.status.weakness().cmp(&y.status.weakness()))
                .then_with(|| by_name(graph, a.from, b.from))
        })?
        .from;
    let mut relations: Vec<RelationIx> = owns()
        .filter(|e| e.from == owner)
        .map(|e| e.index)
        .collect();
    sort_by_strength(graph, &mut relations);
    Some((owner, relations))
}

/// What an entity owns, directly or not, as a tree: each owned entity points to the owner one
/// hop nearer through which it is reached, so that a chain of owners is written out only when
/// it is asked for ([`Owned::chain`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owned {
    /// The entity asked about first, then what it owns, nearest first.
    members: Vec<Member>,
}

/// One entity of an [`Owned`] tree.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Member {
    entity: EntityIx,
    /// The place in the tree of its owner on the way from the top; `None` for the top.
    owner: Option<usize>,
    /// The `owns` relations from that owner to the entity, strongest status first.
    ownership: Vec<RelationIx>,
    /// How many hops below the top.
    depth: usize,
    /// Its owner one hop below the top on the way to it (itself at one hop, the top at none).
    branch: usize,
    /// The weakest status of the hops from the top down to it.
    weakest: Option<Status>,
}

/// A chain of owners from the top of an [`Owned`] tree down to one of its entities, as
/// [`Owned::chain`] writes it out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chain {
    /// The owners, top first; the entity asked about last.
    pub owners: Vec<EntityIx>,
    /// `ownership[j]` joins `owners[j]` to `owners[j + 1]` (empty across the entities left
    /// out).
    pub ownership: Vec<Vec<RelationIx>>,
    /// The middle of a chain longer than [`KEPT`] entities, left out.
    pub elided: Option<Elided>,
}

/// The longest chain of owners written out in full: a longer one keeps its first two and last
/// two entities, so that many stakes down a long chain make an answer in proportion to their
/// number, not to its square.
pub const KEPT: usize = 5;

impl Owned {
    /// An entity that owns nothing (or whose holdings are not asked about).
    pub fn just(ix: EntityIx) -> Self {
        Owned {
            members: vec![Member {
                entity: ix,
                owner: None,
                ownership: Vec::new(),
                depth: 0,
                branch: 0,
                weakest: None,
            }],
        }
    }

    /// How many entities: the owner and everything it owns.
    pub fn len(&self) -> usize {
        self.members.len()
    }

    /// Never true: the owner itself is always there.
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// The entities, the owner first, then what it owns, nearest first.
    pub fn entities(&self) -> impl Iterator<Item = EntityIx> + '_ {
        self.members.iter().map(|m| m.entity)
    }

    /// The `i`th entity.
    pub fn entity(&self, i: usize) -> EntityIx {
        self.members[i].entity
    }

    /// How many hops the `i`th entity is below the owner: its chain has one entity more.
    pub fn depth(&self, i: usize) -> usize {
        self.members[i].depth
    }

    /// The chain of owners from the top down to the `i`th entity, and the `owns` relations of
    /// each hop, as in an [`Investment`]; a chain of more than [`KEPT`] entities keeps the top,
    /// the entity below it, the `i`th entity and its owner, and says how many are left out.
    ///
    /// # Complexity
    /// O(1): at most [`KEPT`] steps up the tree.
    pub fn chain(&self, i: usize) -> Chain {
        let member = &self.members[i];
        if member.depth + 1 > KEPT
            && let Some(owner) = member.owner
        {
            let branch = &self.members[member.branch];
            return Chain {
                owners: vec![
                    self.members[0].entity,
                    branch.entity,
                    self.members[owner].entity,
                    member.entity,
                ],
                ownership: vec![
                    branch.ownership.clone(),
                    Vec::new(),
                    member.ownership.clone(),
                ],
                elided: Some(Elided {
                    after: 1,
                    count: member.depth - 3,
                    weakest: member.weakest,
                }),
            };
        }
        let mut owners = Vec::new();
        let mut ownership = Vec::new();
        let mut at = Some(i);
        while let Some(j) = at {
            let member = &self.members[j];
            owners.push(member.entity);
            if member.owner.is_some() {
                ownership.push(member.ownership.clone());
            }
            at = member.owner;
        }
        owners.reverse();
        ownership.reverse();
        Chain {
            owners,
            ownership,
            elided: None,
        }
    }
}

/// `ix` and every entity it owns, directly or not, each reached by a shortest chain of owners
/// from `ix` (where two owners are as near, the first by name), `ix` first, then nearest first.
/// The walk down `owns` is the [`neighbourhood()`] search.
///
/// # Complexity
/// The [`neighbourhood()`] search down `owns`, O(V' + E') for the V' entities owned and the
/// E' relations they have: each entity keeps only its owner and the relations from it, and
/// [`Owned::chain`] writes out the chain of the one asked for.
///
/// # Example
/// ```
/// use dealgraph::{algo::investments, filter::Filter, load::{self, Input}};
///
/// let (graph, _) = load::load(&[Input::Bundled]).unwrap();
/// let softbank = graph.lookup("SoftBank").unwrap();
/// let owned = investments::owned(&graph, softbank, &Filter::all());
/// assert_eq!(owned.len(), 2);
/// let chain = owned.chain(1);
/// assert_eq!(graph.entity(chain.owners[1]).name, "SoftBank Vision Fund");
/// assert_eq!(chain.ownership.len(), 1);
/// ```
pub fn owned(graph: &Graph, ix: EntityIx, filter: &Filter) -> Owned {
    let down = Filter {
        types: OWNS.iter().copied().collect(),
        kinds: Default::default(),
        direction: Direction::Out,
        ..filter.clone()
    };
    let near = neighbourhood(graph, ix, &down, usize::MAX, usize::MAX);
    let mut tree = Owned::just(ix);
    let mut place: HashMap<EntityIx, usize> = HashMap::from([(ix, 0)]);
    for reached in near.reached {
        // Entities come nearest first, so an owner one hop nearer is already in the tree.
        let from = |r: &RelationIx| graph.relation(*r).map(|r| r.from);
        let owner = reached
            .via
            .iter()
            .filter_map(from)
            .filter(|owner| place.contains_key(owner))
            .min_by(|&a, &b| by_name(graph, a, b));
        if let Some(owner) = owner {
            // `via` is grouped by owner, each group strongest first.
            let ownership: Vec<RelationIx> = reached
                .via
                .iter()
                .filter(|r| from(r) == Some(owner))
                .copied()
                .collect();
            let owner = place[&owner];
            let here = tree.members.len();
            let above = &tree.members[owner];
            let hop = strongest(graph, &ownership);
            let weakest = [above.weakest, hop]
                .into_iter()
                .flatten()
                .max_by_key(|s| s.weakness());
            let branch = if owner == 0 { here } else { above.branch };
            let depth = above.depth + 1;
            place.insert(reached.entity, here);
            tree.members.push(Member {
                entity: reached.entity,
                owner: Some(owner),
                ownership,
                depth,
                branch,
                weakest,
            });
        }
    }
    tree
}

/// The strongest status of a hop's relations.
fn strongest(graph: &Graph, hop: &[RelationIx]) -> Option<Status> {
    hop.iter()
        .map(|&r| super::relation(graph, r).status)
        .min_by_key(|s| s.weakness())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::algo::tests::graph;
    use crate::model::{RelationType::*, Status::*};

    #[test]
    fn rollup_folds_funds_into_their_owners_and_back() {
        let (g, id) = graph(
            &["group", "fund", "sub-fund", "startup", "other"],
            &[
                ("group", Owns, "fund", Confirmed),
                ("fund", Owns, "sub-fund", Confirmed),
                ("sub-fund", InvestsIn, "startup", Reported),
                ("other", InvestsIn, "startup", Confirmed),
                ("group", InvestsIn, "other", Expected),
            ],
        );
        let all = Filter::all();
        let plain = investors(&g, id("startup"), &all, false);
        assert_eq!(plain.len(), 2);
        let rolled = investors(&g, id("startup"), &all, true);
        let holders: Vec<EntityIx> = rolled.iter().map(Investment::holder).collect();
        assert_eq!(holders, vec![id("group"), id("other")]);
        assert_eq!(rolled[0].owners.len(), 3);
        assert_eq!(rolled[0].path().len(), 3);

        assert_eq!(portfolio(&g, id("group"), &all, false).len(), 1);
        let mine = portfolio(&g, id("group"), &all, true);
        let companies: Vec<EntityIx> = mine.iter().map(|i| i.company).collect();
        assert_eq!(companies, vec![id("other"), id("startup")]);

        let confirmed = Filter {
            statuses: [Confirmed].into(),
            ..Filter::all()
        };
        assert!(portfolio(&g, id("group"), &confirmed, true).is_empty());
    }

    #[test]
    fn each_owned_entity_comes_with_a_shortest_chain_of_owners() {
        let (g, id) = graph(
            &["a", "b", "c", "d", "e"],
            &[
                ("a", Owns, "c", Confirmed),
                ("a", Owns, "b", Confirmed),
                ("c", Owns, "d", Confirmed),
                ("b", Owns, "d", Confirmed),
                ("d", Owns, "e", Confirmed),
                ("a", Owns, "e", Ended),
            ],
        );
        let names = |owned: Owned| -> Vec<String> {
            (0..owned.len())
                .map(|i| owned.chain(i).owners)
                .map(|c| c.iter().map(|&e| g.entity(e).id.as_str()).collect())
                .collect()
        };
        let all = names(owned(&g, id("a"), &Filter::all()));
        assert_eq!(all, ["a", "ab", "ac", "ae", "abd"]);
        let confirmed = Filter {
            statuses: [Confirmed].into(),
            ..Filter::all()
        };
        assert_eq!(
            names(owned(&g, id("a"), &confirmed)),
            ["a", "ab", "ac", "abd", "abde"]
        );
    }

    #[test]
    fn the_remembered_walk_up_finds_the_chains_the_plain_walk_finds() {
        let (g, id) = graph(
            &["a", "b", "c", "d", "e", "f"],
            &[
                ("a", Owns, "c", Confirmed),
                ("a", Owns, "b", Confirmed),
                ("c", Owns, "d", Reported),
                ("b", Owns, "d", Confirmed),
                ("d", Owns, "e", Confirmed),
                ("f", Owns, "e", Expected),
            ],
        );
        let all = Filter::all();
        let mut up = Up::default();
        // Asked in an order that meets remembered entities half-way up.
        for name in ["d", "e", "a", "b", "c", "f"] {
            let (owners, ownership) = chain_up(&g, id(name), &all);
            let chain = up.chain(&g, id(name), &all);
            assert_eq!(
                (chain.owners, chain.ownership),
                (owners, ownership),
                "{name}"
            );
            assert_eq!(up.top(&g, id(name), &all), top_owner(&g, id(name), &all));
        }
        // Above a cycle the chain depends on where the walk starts, and is not remembered.
        let (g, id) = graph(
            &["x", "y", "z", "w"],
            &[
                ("x", Owns, "y", Confirmed),
                ("y", Owns, "x", Confirmed),
                ("y", Owns, "z", Confirmed),
                ("z", Owns, "w", Confirmed),
            ],
        );
        let mut up = Up::default();
        for name in ["w", "x", "y", "z"] {
            let (owners, _) = chain_up(&g, id(name), &all);
            assert_eq!(up.chain(&g, id(name), &all).owners, owners, "{name}");
        }
    }

    #[test]
    fn an_ownership_cycle_ends_the_walk() {
        let (g, id) = graph(
            &["a", "b"],
            &[("a", Owns, "b", Confirmed), ("b", Owns, "a", Confirmed)],
        );
        assert_eq!(owner_chain(&g, id("a"), &Filter::all()).len(), 2);
        assert_eq!(owned(&g, id("a"), &Filter::all()).len(), 2);
    }

    #[test]
    fn a_long_chain_of_owned_funds_keeps_one_hop_for_each_fund() {
        let ids: Vec<String> = (0..1000).map(|i| format!("f{i}")).collect();
        let names: Vec<&str> = ids.iter().map(String::as_str).collect();
        let owns: Vec<_> = names
            .windows(2)
            .map(|w| (w[0], Owns, w[1], Confirmed))
            .collect();
        let (g, id) = graph(&names, &owns);
        let tree = owned(&g, id("f0"), &Filter::all());
        assert_eq!(tree.len(), 1000);
        let hops: usize = tree.members.iter().map(|m| m.ownership.len()).sum();
        assert_eq!(
            hops, 999,
            "each fund holds the hop from its owner, not its chain"
        );
        let chain = tree.chain(999);
        let kept: Vec<&str> = chain
            .owners
            .iter()
            .map(|&e| g.entity(e).id.as_str())
            .collect();
        assert_eq!(kept, ["f0", "f1", "f998", "f999"]);
        assert_eq!(chain.ownership.len(), 3);
        assert!(chain.ownership[1].is_empty(), "nothing joins f1 to f998");
        let elided = chain.elided.expect("the middle is left out");
        assert_eq!((elided.after, elided.count), (1, 996));
        assert_eq!(tree.depth(999), 999);
        let short = tree.chain(4);
        assert_eq!((short.owners.len(), short.elided), (5, None));
        assert_eq!(tree.chain(5).owners.len(), 4);
    }
}
