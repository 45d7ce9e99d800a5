//! What an investor reaches in the state and on the lists: the government bodies and
//! state-owned companies its portfolio companies contract with or supply, and the listed
//! companies (sanctions, export controls) among its portfolio companies and their owners and
//! subsidiaries, each with the chain that connects them; and every investor ranked by how many
//! of them it reaches ([`exposure_all`]).

use std::collections::BTreeMap;

use petgraph::Direction::{Incoming, Outgoing};

use super::investments::{INVESTS, OWNS, holdings, stakes};
use super::{Path, by_name, grouped, union};
use crate::filter::{Filter, Listed};
use crate::graph::{EntityIx, Graph, RelationIx};
use crate::model::{Entity, EntityKind, RelationType};
use crate::subgraph::Subgraph;

/// The relation types by which a company sells to a buyer.
pub const SELLS: &[RelationType] = &[RelationType::ContractsWith, RelationType::Supplies];

/// What an investor reaches through its portfolio.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exposure {
    /// The investor asked about.
    pub investor: EntityIx,
    /// The bodies reached, strongest evidence first, then by name.
    pub reached: Vec<Reach>,
    /// The listed entities reached among the portfolio companies and their owners and
    /// subsidiaries, strongest evidence first, then by name.
    pub listed: Vec<Reach>,
}

/// Whether an entity counts as listed for exposure: on a list in force on the filter's day,
/// by the authority the filter names if it names one.
pub fn is_listed(filter: &Filter, entity: &Entity) -> bool {
    match &filter.listed {
        None => entity.is_listed(filter.as_of.as_ref(), None),
        Some(Listed::Any) => entity.is_listed(filter.as_of.as_ref(), None),
        Some(Listed::By(who)) => entity.is_listed(filter.as_of.as_ref(), Some(who)),
    }
}

/// Whether an entity is a buyer of the state: a government body or a state-owned company.
fn is_state(entity: &Entity) -> bool {
    entity.kind == EntityKind::Government || entity.state_owned
}

/// A company's listed neighbours by `owns`: its owners and its subsidiaries, each with the
/// relations that join them.
fn listed_owners_and_subsidiaries(
    graph: &Graph,
    company: EntityIx,
    filter: &Filter,
) -> Vec<(EntityIx, Vec<RelationIx>)> {
    let mut found = grouped(graph, company, Incoming, filter, OWNS);
    found.extend(grouped(graph, company, Outgoing, filter, OWNS));
    found.retain(|&(other, _)| is_listed(filter, graph.entity(other)));
    found
}

/// A government body or state-owned company reached, with every chain that reaches it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reach {
    /// The government body or state-owned company.
    pub target: EntityIx,
    /// investor → (entities it owns →) company → target; strongest first, then shortest.
    pub chains: Vec<Path>,
}

impl Reach {
    /// The strongest of the chains' weakest statuses: how sure the best evidence is.
    pub fn best(&self, graph: &Graph) -> Option<crate::model::Status> {
        self.chains
            .iter()
            .filter_map(|c| c.weakest(graph))
            .min_by_key(|s| s.weakness())
    }
}

/// The government bodies (kind `government`) and state-owned companies that `investor`
/// reaches by its own sales and through its portfolio: investor → body by `contracts_with` or
/// `supplies` (its own contracts), and investor → company by `invests_in`, company → body;
/// with `rollup`, also through the entities the investor owns (investor → `owns` →
/// subsidiary → body, and investor → `owns` → fund → company → body). Relations must pass the
/// filter's statuses and date. Each chain's weakest status says how far it can be trusted.
///
/// # Complexity
/// O(P + Σ s꜀) for the P relations walked to find the portfolio and the s꜀ relations of each
/// portfolio company, plus sorting what is reached and writing out the chains that reach it:
/// a stake that reaches no buyer of the state costs no chain.
///
/// # Example
/// ```
/// use dealgraph::{algo, filter::Filter, load::{self, Input}, model::Status};
///
/// let (graph, _) = load::load(&[Input::Bundled]).unwrap();
/// let fund = graph.lookup("SoftBank Vision Fund").unwrap();
/// let exposure = algo::exposure(&graph, fund, &Filter::all(), false);
/// let police = &exposure.reached[0];
/// assert_eq!(graph.entity(police.target).name, "Police Department in Chongqing");
/// assert_eq!(graph.entity(police.chains[0].entities[1]).name, "SenseTime");
/// assert_eq!(police.best(&graph), Some(Status::Reported));
/// ```
pub fn exposure(graph: &Graph, investor: EntityIx, filter: &Filter, rollup: bool) -> Exposure {
    let mut by_target: BTreeMap<EntityIx, Vec<Path>> = BTreeMap::new();
    let holders = holdings(graph, investor, filter, rollup);
    let sells_to_the_state = |seller: EntityIx| -> Vec<(EntityIx, Vec<RelationIx>)> {
        grouped(graph, seller, Outgoing, filter, SELLS)
            .into_iter()
            .filter(|&(buyer, _)| is_state(graph.entity(buyer)))
            .collect()
    };
    // Its own contracts, and with rollup those of what it owns.
    for member in 0..holders.len() {
        let buyers = sells_to_the_state(holders.entity(member));
        if buyers.is_empty() {
            continue;
        }
        let (entities, hops) = holders.chain(member);
        for (buyer, relations) in buyers {
            let mut chain = Path {
                entities: entities.clone(),
                hops: hops.clone(),
            };
            chain.entities.push(buyer);
            chain.hops.push(relations);
            by_target.entry(buyer).or_default().push(chain);
        }
    }
    let mut by_listed: BTreeMap<EntityIx, Vec<Path>> = BTreeMap::new();
    for stake in stakes(graph, &holders, filter) {
        let buyers = sells_to_the_state(stake.company);
        let company_listed = is_listed(filter, graph.entity(stake.company));
        let related = listed_owners_and_subsidiaries(graph, stake.company, filter);
        if buyers.is_empty() && !company_listed && related.is_empty() {
            // Only a stake that reaches a buyer of the state or a listing has its chain
            // written out.
            continue;
        }
        let company = stake.company;
        let path = stake.investment(&holders).path();
        for (buyer, relations) in buyers {
            let mut chain = path.clone();
            chain.entities.push(buyer);
            chain.hops.push(relations);
            by_target.entry(buyer).or_default().push(chain);
        }
        if company_listed {
            by_listed.entry(company).or_default().push(path.clone());
        }
        for (other, relations) in related {
            if path.entities.contains(&other) {
                continue;
            }
            let mut chain = path.clone();
            chain.entities.push(other);
            chain.hops.push(relations);
            by_listed.entry(other).or_default().push(chain);
        }
    }
    let reached = ranked(graph, by_target);
    let listed = ranked(graph, by_listed);
    Exposure {
        investor,
        reached,
        listed,
    }
}

/// What is reached with its chains, each's chains strongest first, then shortest, then by
/// name; the targets by their best chain, then by name.
fn ranked(graph: &Graph, by_target: BTreeMap<EntityIx, Vec<Path>>) -> Vec<Reach> {
    let strength = |p: &Path| p.weakest(graph).map_or(0, |s| s.weakness());
    let mut reached: Vec<Reach> = by_target
        .into_iter()
        .map(|(target, mut chains)| {
            chains.sort_by(|a, b| {
                strength(a)
                    .cmp(&strength(b))
                    .then(a.len().cmp(&b.len()))
                    .then_with(|| {
                        let names = |p: &Path| -> Vec<&str> {
                            p.entities
                                .iter()
                                .map(|&e| graph.entity(e).name.as_str())
                                .collect()
                        };
                        names(a).cmp(&names(b))
                    })
            });
            Reach { target, chains }
        })
        .collect();
    reached.sort_by(|a, b| {
        strength(&a.chains[0])
            .cmp(&strength(&b.chains[0]))
            .then_with(|| by_name(graph, a.target, b.target))
    });
    reached
}

/// An investor and how many listed entities and buyers of the state it reaches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ranked {
    /// The investor.
    pub investor: EntityIx,
    /// How many listed entities it reaches (see [`exposure`]).
    pub listed: usize,
    /// How many government bodies and state-owned companies it reaches.
    pub bodies: usize,
}

/// Every investor (an entity with an `invests_in` relation the filter allows) that reaches a
/// listed entity or a buyer of the state as [`exposure`] counts them, most reached first
/// (listed and bodies together, then listed), then by name; at most `top`.
///
/// # Complexity
/// What each company reaches (the buyers it sells to, itself when listed, its listed owners
/// and subsidiaries) is found once, by one look at its relations; each investor then adds up
/// those of its stakes. O(V + E + Σ tₛ) for the tₛ entities reached by each stake s, with
/// rollup plus the walk down each investor's `owns`; no investor's search is repeated per
/// target, and no chain is written out.
///
/// # Example
/// ```
/// use dealgraph::{algo, filter::Filter, load::{self, Input}};
///
/// let (graph, _) = load::load(&[Input::Bundled]).unwrap();
/// let ranking = algo::exposure::exposure_all(&graph, &Filter::all(), false, 10);
/// let fund = graph.lookup("SoftBank Vision Fund").unwrap();
/// assert!(ranking.iter().any(|r| r.investor == fund && r.bodies == 1));
/// ```
pub fn exposure_all(graph: &Graph, filter: &Filter, rollup: bool, top: usize) -> Vec<Ranked> {
    let count = graph.entity_count();
    // What each company reaches: the listed entities (`false`) and the buyers of the state
    // (`true`); found at first need, once.
    let mut reach: Vec<Option<Box<[(EntityIx, bool)]>>> = vec![None; count];
    let fill = |reach: &mut Vec<Option<Box<[(EntityIx, bool)]>>>, company: EntityIx| {
        if reach[company.index()].is_some() {
            return;
        }
        let mut found: Vec<(EntityIx, bool)> = Vec::new();
        if is_listed(filter, graph.entity(company)) {
            found.push((company, false));
        }
        for (other, _) in listed_owners_and_subsidiaries(graph, company, filter) {
            found.push((other, false));
        }
        for (buyer, _) in grouped(graph, company, Outgoing, filter, SELLS) {
            if is_state(graph.entity(buyer)) {
                found.push((buyer, true));
            }
        }
        reach[company.index()] = Some(found.into());
    };
    let mut seen: Vec<u32> = vec![u32::MAX; count];
    let mut ranking = Vec::new();
    for (n, (investor, _)) in graph.entities().enumerate() {
        let holders = holdings(graph, investor, filter, rollup);
        let mut listed = 0;
        let mut bodies = 0;
        let mut invests = false;
        let mut add = |target: EntityIx, state: bool, seen: &mut Vec<u32>| {
            // The investor's own holdings are not what it reaches.
            if seen[target.index()] != n as u32 && target != investor {
                seen[target.index()] = n as u32;
                if state {
                    bodies += 1;
                } else {
                    listed += 1;
                }
            }
        };
        for holder in holders.entities() {
            for (buyer, _) in grouped(graph, holder, Outgoing, filter, SELLS) {
                if is_state(graph.entity(buyer)) {
                    add(buyer, true, &mut seen);
                }
            }
            for (company, _) in grouped(graph, holder, Outgoing, filter, INVESTS) {
                invests = true;
                fill(&mut reach, company);
                for &(target, state) in reach[company.index()].as_deref().unwrap_or_default() {
                    add(target, state, &mut seen);
                }
            }
        }
        if invests && listed + bodies > 0 {
            ranking.push(Ranked {
                investor,
                listed,
                bodies,
            });
        }
    }
    ranking.sort_by(|a, b| {
        (b.listed + b.bodies)
            .cmp(&(a.listed + a.bodies))
            .then(b.listed.cmp(&a.listed))
            .then_with(|| by_name(graph, a.investor, b.investor))
    });
    ranking.truncate(top);
    ranking
}

impl From<&Exposure> for Subgraph {
    /// The investor and every chain to every body reached.
    fn from(x: &Exposure) -> Self {
        let mut sub = Subgraph::default();
        sub.entities.insert(x.investor);
        for reach in x.reached.iter().chain(&x.listed) {
            union(&mut sub, reach.chains.iter().collect());
        }
        sub
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::algo::tests::graph;
    use crate::model::{RelationType::*, Status::*};

    #[test]
    fn reaches_government_through_portfolio_contracts_with_the_weakest_link() {
        let (mut g, id) = graph(
            &[
                "owner",
                "fund:fund",
                "startup",
                "vendor",
                "police:government",
                "telecom",
                "shop",
            ],
            &[
                ("owner", Owns, "fund", Confirmed),
                ("fund", InvestsIn, "startup", Reported),
                ("owner", InvestsIn, "vendor", Confirmed),
                ("startup", ContractsWith, "police", Confirmed),
                ("vendor", Supplies, "police", Ended),
                ("vendor", Supplies, "telecom", Confirmed),
                ("vendor", Supplies, "shop", Confirmed),
            ],
        );
        let telecom = id("telecom");
        let entity = g.inner().node_weight(telecom).unwrap().clone();
        assert!(!entity.state_owned);
        // Mark the telecom state-owned, as a data file may.
        let state_owned = {
            let mut e = entity;
            e.id = "state-telecom".into();
            e.state_owned = true;
            g.add_entity(e)
        };
        let vendor = id("vendor");
        g.add_relation(
            vendor,
            state_owned,
            crate::model::Relation::new(Supplies, Confirmed),
        );

        let direct = exposure(&g, id("owner"), &Filter::all(), false);
        let targets: Vec<EntityIx> = direct.reached.iter().map(|r| r.target).collect();
        assert_eq!(targets, vec![state_owned, id("police")]);
        assert_eq!(direct.reached[1].best(&g), Some(Ended));

        let rolled = exposure(&g, id("owner"), &Filter::all(), true);
        let police = rolled
            .reached
            .iter()
            .find(|r| r.target == id("police"))
            .unwrap();
        assert_eq!(police.chains.len(), 2);
        assert_eq!(police.chains[0].len(), 2);
        assert_eq!(police.chains[1].len(), 3);
        assert_eq!(police.chains[1].weakest(&g), Some(Reported));
        assert_eq!(Subgraph::from(&rolled).entities.len(), 6);
    }
}
