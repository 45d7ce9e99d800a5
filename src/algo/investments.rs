//! Who invested in a company and what an investor invested in, optionally rolled up through
//! `owns`: a fund counts under its owner, and an owner's portfolio includes its funds'.

use std::collections::{HashMap, HashSet};

use petgraph::Direction::{Incoming, Outgoing};
use petgraph::visit::EdgeRef;

use super::{Path, by_name, grouped, in_scope, neighbourhood, typed_relations};
use crate::filter::{Direction, Filter};
use crate::graph::{EntityIx, Graph, RelationIx};
use crate::model::RelationType;

const INVESTS: &[RelationType] = &[RelationType::InvestsIn];
const OWNS: &[RelationType] = &[RelationType::Owns];

/// A stake of an investor in a company, with the chain of ownership above the investor when
/// the query rolls funds up into their owners.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Investment {
    /// From the owner that counts down to the investor that holds the stake: `[investor]` for a
    /// direct stake, `[SoftBank, SoftBank Vision Fund]` for the fund's.
    pub owners: Vec<EntityIx>,
    /// `ownership[i]` holds the `owns` relations from `owners[i]` to `owners[i + 1]`.
    pub ownership: Vec<Vec<RelationIx>>,
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

    /// The chain as a path: owner → ... → investor → company.
    pub fn path(&self) -> Path {
        let mut entities = self.owners.clone();
        entities.push(self.company);
        let mut hops = self.ownership.clone();
        hops.push(self.relations.clone());
        Path { entities, hops }
    }
}

/// The investors in `company` by their `invests_in` relations that pass the filter's statuses
/// and date (the filter's types, kinds and direction do not apply: the query chooses them).
/// With `rollup`, each investor comes with the chain of `owns` above it, so that it counts
/// under its top owner; an entity with several owners counts under the one with the largest
/// stake, then the strongest status, then by name. Ordered by holder, then investor, by name.
///
/// # Complexity
/// O(d + Σ h·o) for the d relations of the company and chains of h owners of o relations
/// each: a look at the company's relations, then a walk up each investor's owners.
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
    let mut found: Vec<Investment> = grouped(graph, company, Incoming, filter, INVESTS)
        .into_iter()
        .map(|(investor, relations)| {
            let owners = if rollup {
                owner_chain(graph, investor, filter)
            } else {
                vec![investor]
            };
            Investment {
                ownership: ownership(graph, &owners, filter),
                owners,
                company,
                relations,
            }
        })
        .collect();
    found.sort_by(|a, b| {
        by_name(graph, a.holder(), b.holder())
            .then(a.owners.len().cmp(&b.owners.len()))
            .then_with(|| by_name(graph, a.investor(), b.investor()))
    });
    found
}

/// The companies `investor` invested in, by `invests_in` relations that pass the filter's
/// statuses and date; with `rollup`, also those of every entity it owns, directly or through
/// other owned entities (by `owns` relations that pass the filter), each with its chain of
/// ownership. Ordered by company, then by the chain, by name.
///
/// # Complexity
/// A breadth-first walk down `owns` from the investor, then a look at each owned entity's
/// relations: O(O + I) for the O relations of the owned entities and their I investments.
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
    let holders = if rollup {
        owned(graph, investor, filter)
    } else {
        vec![vec![investor]]
    };
    let mut found = Vec::new();
    for owners in holders {
        let holder = owners[owners.len() - 1];
        let ownership = ownership(graph, &owners, filter);
        for (company, relations) in grouped(graph, holder, Outgoing, filter, INVESTS) {
            found.push(Investment {
                owners: owners.clone(),
                ownership: ownership.clone(),
                company,
                relations,
            });
        }
    }
    found.sort_by(|a, b| {
        by_name(graph, a.company, b.company)
            .then(a.owners.len().cmp(&b.owners.len()))
            .then_with(|| by_name(graph, a.investor(), b.investor()))
    });
    found
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
    let mut chain = vec![ix];
    let mut seen = HashSet::from([ix]);
    let mut current = ix;
    while let Some(owner) = owner_of(graph, current, filter)
        && seen.insert(owner)
    {
        chain.push(owner);
        current = owner;
    }
    chain.reverse();
    chain
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

fn owner_of(graph: &Graph, ix: EntityIx, filter: &Filter) -> Option<EntityIx> {
    graph
        .inner()
        .edges_directed(ix, Incoming)
        .filter(|e| in_scope(filter, e.weight(), OWNS) && e.source() != ix)
        .min_by(|a, b| {
            let (x, y) = (a.weight(), b.weight());
            let stake = |pct: Option<f64>| pct.unwrap_or(-1.0);
            stake(y.stake_pct)
                .total_cmp(&stake(x.stake_pct))
                .then(x.status.weakness().cmp(&y.status.weakness()))
                .then_with(|| by_name(graph, a.source(), b.source()))
        })
        .map(|e| e.source())
}

/// `ix` and every entity it owns, directly or not, each as its chain of owners from `ix`
/// (a shortest one; where two owners are as near, the first by name), `ix` first, then
/// nearest first. The walk down `owns` is the [`neighbourhood()`] search.
///
/// # Complexity
/// The [`neighbourhood()`] search down `owns`, O(V' + E') for the V' entities owned and the
/// E' relations they have, plus O(V' · h) to write out chains of up to h owners.
///
/// # Example
/// ```
/// use dealgraph::{algo::investments, filter::Filter, load::{self, Input}};
///
/// let (graph, _) = load::load(&[Input::Bundled]).unwrap();
/// let softbank = graph.lookup("SoftBank").unwrap();
/// let chains = investments::owned(&graph, softbank, &Filter::all());
/// assert_eq!(chains.len(), 2);
/// assert_eq!(graph.entity(chains[1][1]).name, "SoftBank Vision Fund");
/// ```
pub fn owned(graph: &Graph, ix: EntityIx, filter: &Filter) -> Vec<Vec<EntityIx>> {
    let down = Filter {
        types: OWNS.iter().copied().collect(),
        kinds: Default::default(),
        direction: Direction::Out,
        ..filter.clone()
    };
    let near = neighbourhood(graph, ix, &down, usize::MAX, usize::MAX);
    let mut chains = vec![vec![ix]];
    let mut chain_of: HashMap<EntityIx, usize> = HashMap::from([(ix, 0)]);
    for reached in &near.reached {
        // Entities come nearest first, so an owner one hop nearer already has its chain.
        let owner = reached
            .via
            .iter()
            .filter_map(|&r| graph.inner().edge_endpoints(r).map(|(from, _)| from))
            .filter(|owner| chain_of.contains_key(owner))
            .min_by(|&a, &b| by_name(graph, a, b));
        if let Some(owner) = owner {
            let mut chain = chains[chain_of[&owner]].clone();
            chain.push(reached.entity);
            chain_of.insert(reached.entity, chains.len());
            chains.push(chain);
        }
    }
    chains
}

/// The `owns` relations along a chain of owners.
fn ownership(graph: &Graph, owners: &[EntityIx], filter: &Filter) -> Vec<Vec<RelationIx>> {
    owners
        .windows(2)
        .map(|w| typed_relations(graph, w[0], w[1], filter, OWNS))
        .collect()
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
        let names = |chains: Vec<Vec<EntityIx>>| -> Vec<String> {
            chains
                .iter()
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
    fn an_ownership_cycle_ends_the_walk() {
        let (g, id) = graph(
            &["a", "b"],
            &[("a", Owns, "b", Confirmed), ("b", Owns, "a", Confirmed)],
        );
        assert_eq!(owner_chain(&g, id("a"), &Filter::all()).len(), 2);
        assert_eq!(owned(&g, id("a"), &Filter::all()).len(), 2);
    }
}
