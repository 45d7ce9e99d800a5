//! What an investor reaches in the state and on the lists: the government bodies and
//! state-owned companies its portfolio companies contract with or supply, and the listed
//! companies (sanctions, export controls) among its portfolio companies and their owners and
//! subsidiaries, each with the chain that connects them; and every investor ranked by how many
//! of them it reaches ([`exposure_all`]).

use std::collections::BTreeMap;

use petgraph::Direction::{Incoming, Outgoing};

use super::investments::{OWNS, Owned, holdings, owned, stakes, stakes_of};
use super::{Path, by_name, grouped, in_scope, union};
use crate::error::Error;
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
    entity.kind == EntityKind::Government || entity.details().state_owned
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

/// An entity and what it owns, directly or not; one look at its relations when it owns
/// nothing, as most companies do.
fn with_subsidiaries(graph: &Graph, ix: EntityIx, filter: &Filter) -> Owned {
    if grouped(graph, ix, Outgoing, filter, OWNS).is_empty() {
        Owned::just(ix)
    } else {
        owned(graph, ix, filter)
    }
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
/// `supplies` (its own contracts), investor → `owns` → subsidiary → body (its subsidiaries'
/// contracts, directly owned or not), and investor → company by `invests_in`, company → body
/// or company → `owns` → subsidiary → body; with `rollup`, also through the investments of
/// the entities the investor owns (investor → `owns` → fund → company → body). Relations must pass the
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
    // Its own contracts and those of its subsidiaries (what it owns, directly or not), with or
    // without rollup: rollup adds what its funds invest in, not what it sells.
    let own_tree = if rollup {
        None
    } else {
        Some(with_subsidiaries(graph, investor, filter))
    };
    let sellers = own_tree.as_ref().unwrap_or(&holders);
    for member in 0..sellers.len() {
        let buyers = sells_to_the_state(sellers.entity(member));
        if buyers.is_empty() {
            continue;
        }
        let above = sellers.chain(member);
        for (buyer, relations) in buyers {
            let mut chain = Path {
                entities: above.owners.clone(),
                hops: above.ownership.clone(),
                elided: above.elided,
            };
            chain.entities.push(buyer);
            chain.hops.push(relations);
            by_target.entry(buyer).or_default().push(chain);
        }
    }
    let mut by_listed: BTreeMap<EntityIx, Vec<Path>> = BTreeMap::new();
    let own: std::collections::HashSet<EntityIx> = sellers.entities().collect();
    for stake in stakes(graph, &holders, filter) {
        let buyers = sells_to_the_state(stake.company);
        // The contracts of the portfolio company's subsidiaries, each with its chain of owners
        // below the company.
        let below = with_subsidiaries(graph, stake.company, filter);
        let mut through_subsidiaries = Vec::new();
        for member in 1..below.len() {
            let subsidiary = below.entity(member);
            if own.contains(&subsidiary) {
                continue;
            }
            for (buyer, relations) in sells_to_the_state(subsidiary) {
                through_subsidiaries.push((below.chain(member), buyer, relations));
            }
        }
        let company_listed = is_listed(filter, graph.entity(stake.company));
        let related = listed_owners_and_subsidiaries(graph, stake.company, filter);
        if buyers.is_empty()
            && through_subsidiaries.is_empty()
            && !company_listed
            && related.is_empty()
        {
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
        for (below, buyer, relations) in through_subsidiaries {
            if path.entities.contains(&buyer)
                || below
                    .owners
                    .iter()
                    .any(|e| path.entities.contains(e) && *e != company)
            {
                continue;
            }
            let mut chain = path.clone();
            if chain.elided.is_none()
                && let Some(mut e) = below.elided
            {
                // The chain below starts at the company, the path's last entity.
                e.after += chain.entities.len() - 1;
                chain.elided = Some(e);
            }
            chain.entities.extend(below.owners.iter().skip(1));
            chain.hops.extend(below.ownership);
            chain.entities.push(buyer);
            chain.hops.push(relations);
            by_target.entry(buyer).or_default().push(chain);
        }
        // The investor and what it owns are its own, not what it reaches.
        if company_listed && !own.contains(&company) {
            by_listed.entry(company).or_default().push(path.clone());
        }
        for (other, relations) in related {
            if own.contains(&other) || path.entities.contains(&other) {
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

/// What one company reaches: the listed entities, and the sellers to the state among it and
/// its subsidiaries (whose buyers are read from their [`Held`]). The buyers themselves are not
/// copied here: 22,000 companies owning one subsidiary with 22,000 contracts once made 3.7 GB
/// of copies.
#[derive(Debug, Clone)]
struct Targets {
    listed: Box<[EntityIx]>,
    sellers: Box<[EntityIx]>,
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

/// How many owned entities `exposure --all` may visit in all on its walks down `owns` (an
/// investor's subsidiaries, whose contracts count, and with rollup whose stakes count too). A
/// chain of nested funds makes each fund walk every fund below it: 20,000 nested funds take
/// 200 million visits, which is where the ranking stops with an error that says what to ask
/// instead, rather than run for minutes.
pub const ROLLUP_VISITS: usize = 50_000_000;

/// Every investor (an entity with an `invests_in` relation the filter allows) that reaches a
/// listed entity or a buyer of the state as [`exposure`] counts them, most reached first
/// (listed and bodies together, then listed), then by name; at most `top`.
///
/// # Errors
/// [`Error::Usage`] when the walks down `owns` of all the investors together would visit more
/// than [`ROLLUP_VISITS`] owned entities (deeply nested or widely shared funds), saying what to
/// ask instead; [`Error::Interrupted`] when the command is asked to stop.
///
/// # Complexity
/// What each company reaches (the buyers it and its subsidiaries sell to, itself when listed,
/// its listed owners and subsidiaries) and each holder's stakes and sales are found once, by
/// one look at their relations; each investor then adds up those of its stakes. O(V + E + Σ
/// tₛ) for the tₛ entities reached by each stake s, plus the walks down `owns` (at most
/// [`ROLLUP_VISITS`] owned entities in all); no investor's search is repeated per target, and
/// no chain is written out.
///
/// # Example
/// ```
/// use dealgraph::{algo, filter::Filter, load::{self, Input}};
///
/// let (graph, _) = load::load(&[Input::Bundled]).unwrap();
/// let ranking = algo::exposure::exposure_all(&graph, &Filter::all(), false, 10).unwrap();
/// let fund = graph.lookup("SoftBank Vision Fund").unwrap();
/// assert!(ranking.iter().any(|r| r.investor == fund && r.bodies == 1));
/// ```
pub fn exposure_all(
    graph: &Graph,
    filter: &Filter,
    rollup: bool,
    top: usize,
) -> Result<Vec<Ranked>, Error> {
    ranking_within(graph, filter, rollup, top, ROLLUP_VISITS)
}

/// Walks down `owns` from an entity, counting the owned entities it visits against one budget
/// for the whole ranking.
struct Walk<'g> {
    graph: &'g Graph,
    filter: &'g Filter,
    rollup: bool,
    /// The walk (its number) that last reached each entity.
    mark: Vec<u32>,
    walks: u32,
    visits: usize,
    most_visits: usize,
}

impl Walk<'_> {
    /// `from` and everything it owns, directly or not, `from` first.
    fn down(&mut self, from: EntityIx, found: &mut Vec<EntityIx>) -> Result<(), Error> {
        self.walks += 1;
        found.clear();
        found.push(from);
        self.mark[from.index()] = self.walks;
        let mut next = 0;
        while next < found.len() {
            let owner = found[next];
            next += 1;
            for edge in self.graph.relations_of(owner, Outgoing) {
                let owned = edge.to;
                if self.mark[owned.index()] != self.walks
                    && in_scope(self.filter, edge.relation, OWNS)
                {
                    self.mark[owned.index()] = self.walks;
                    found.push(owned);
                    self.visits += 1;
                    if self.visits > self.most_visits {
                        return Err(self.too_many());
                    }
                }
            }
        }
        Ok(())
    }

    fn too_many(&self) -> Error {
        let (flag, instead) = if self.rollup {
            (" --rollup", ", or rank without --rollup")
        } else {
            ("", "")
        };
        Error::Usage(format!(
            "exposure --all{flag} stopped after visiting {} owned entities: the data nests \
             funds so deep or shares them so widely that every investor walks most of them; ask \
             about one investor with `exposure NAME{flag}`{instead}",
            self.most_visits
        ))
    }
}

/// [`exposure_all`], its walks down `owns` visiting at most `most_visits` owned entities in all.
fn ranking_within(
    graph: &Graph,
    filter: &Filter,
    rollup: bool,
    top: usize,
    most_visits: usize,
) -> Result<Vec<Ranked>, Error> {
    let count = graph.entity_count();
    let mut walk = Walk {
        graph,
        filter,
        rollup,
        mark: vec![0; count],
        walks: 0,
        visits: 0,
        most_visits,
    };
    // What each holder holds stakes in and sells to the state, found at first need, once.
    let mut held: Vec<Option<Held>> = vec![None; count];
    let hold = |held: &mut Vec<Option<Held>>, holder: EntityIx| {
        if held[holder.index()].is_some() {
            return;
        }
        let stakes = stakes_of(graph, holder, Outgoing, filter)
            .into_iter()
            .map(|(company, _)| company)
            .collect();
        let buyers = grouped(graph, holder, Outgoing, filter, SELLS)
            .into_iter()
            .map(|(buyer, _)| buyer)
            .filter(|&buyer| is_state(graph.entity(buyer)))
            .collect();
        held[holder.index()] = Some(Held { stakes, buyers });
    };
    // What each company reaches: the listed entities, and which of it and its subsidiaries
    // sell to the state; found at first need, once.
    let mut reach: Vec<Option<Targets>> = vec![None; count];
    let mut below: Vec<EntityIx> = Vec::new();
    let mut fill = |reach: &mut Vec<Option<Targets>>,
                    held: &mut Vec<Option<Held>>,
                    walk: &mut Walk<'_>,
                    company: EntityIx|
     -> Result<(), Error> {
        if reach[company.index()].is_some() {
            return Ok(());
        }
        let mut listed: Vec<EntityIx> = Vec::new();
        if is_listed(filter, graph.entity(company)) {
            listed.push(company);
        }
        for (other, _) in listed_owners_and_subsidiaries(graph, company, filter) {
            listed.push(other);
        }
        walk.down(company, &mut below)?;
        let mut sellers = Vec::new();
        for &seller in &below {
            hold(held, seller);
            if held[seller.index()]
                .as_ref()
                .is_some_and(|h| !h.buyers.is_empty())
            {
                sellers.push(seller);
            }
        }
        reach[company.index()] = Some(Targets {
            listed: listed.into(),
            sellers: sellers.into(),
        });
        Ok(())
    };
    // The last investor (by its place) that reached each entity as a listed entity, as a
    // buyer of the state, through its sales, and that holds each entity.
    let mut seen_listed: Vec<u32> = vec![u32::MAX; count];
    let mut seen_state: Vec<u32> = vec![u32::MAX; count];
    let mut seen_seller: Vec<u32> = vec![u32::MAX; count];
    let mut own: Vec<u32> = vec![u32::MAX; count];
    // The investor and everything it owns, the investor first.
    let mut owned_by: Vec<EntityIx> = Vec::new();
    let mut ranking = Vec::new();
    for (n, (investor, _)) in graph.entities().enumerate() {
        if n % 4096 == 0 && crate::cancel::requested() {
            return Err(Error::Interrupted);
        }
        let n = n as u32;
        let stakes_in = |held: &Vec<Option<Held>>, h: EntityIx| {
            held[h.index()]
                .as_ref()
                .is_some_and(|h| !h.stakes.is_empty())
        };
        // An investor holds a stake itself, or with rollup through what it owns.
        hold(&mut held, investor);
        if !rollup && !stakes_in(&held, investor) {
            continue;
        }
        walk.down(investor, &mut owned_by)?;
        for &h in &owned_by {
            hold(&mut held, h);
        }
        let holders = if rollup {
            &owned_by[..]
        } else {
            &owned_by[..1]
        };
        if !holders.iter().any(|&h| stakes_in(&held, h)) {
            // Not an investor.
            continue;
        }
        for &holder in holders {
            own[holder.index()] = n;
        }
        let mut listed = 0;
        let mut bodies = 0;
        let mut add = |target: EntityIx, state: bool| {
            if state {
                if seen_state[target.index()] != n {
                    seen_state[target.index()] = n;
                    bodies += 1;
                }
            } else if seen_listed[target.index()] != n && own[target.index()] != n {
                // The investor and what it owns are its own: no listing of theirs is reached.
                seen_listed[target.index()] = n;
                listed += 1;
            }
        };
        // The buyers of each seller, once per investor however many of its companies own
        // the seller.
        let mut sells =
            |held: &Vec<Option<Held>>, seller: EntityIx, add: &mut dyn FnMut(EntityIx, bool)| {
                if seen_seller[seller.index()] == n {
                    return;
                }
                seen_seller[seller.index()] = n;
                let buyers = held[seller.index()].as_ref().map(|h| &h.buyers[..]);
                for &buyer in buyers.unwrap_or_default() {
                    add(buyer, true);
                }
            };
        // Its own sales and those of what it owns, with or without rollup.
        for &seller in &owned_by {
            sells(&held, seller, &mut add);
        }
        for &holder in holders {
            let stakes = held[holder.index()].as_ref().map(|h| h.stakes.clone());
            for &company in stakes.as_deref().unwrap_or_default() {
                fill(&mut reach, &mut held, &mut walk, company)?;
                let Some(targets) = &reach[company.index()] else {
                    continue;
                };
                for &listed in &targets.listed {
                    add(listed, false);
                }
                for &seller in &targets.sellers {
                    sells(&held, seller, &mut add);
                }
            }
        }
        if listed + bodies > 0 {
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
    Ok(ranking)
}

/// What one holder holds stakes in and sells to the state, for [`exposure_all`].
#[derive(Debug, Clone)]
struct Held {
    /// The companies it holds stakes in.
    stakes: Box<[EntityIx]>,
    /// The government bodies and state-owned companies it sells to.
    buyers: Box<[EntityIx]>,
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

    /// A chain of `n` funds, each owning the next and holding a stake in a company of its own
    /// that contracts with a ministry.
    fn nested_funds(n: usize) -> Graph {
        let mut names: Vec<String> = (0..n).map(|i| format!("f{i}:fund")).collect();
        names.extend((0..n).map(|i| format!("c{i}")));
        names.push("ministry:government".into());
        let mut relations: Vec<(String, RelationType, String)> = Vec::new();
        for i in 0..n {
            if i > 0 {
                relations.push((format!("f{}", i - 1), Owns, format!("f{i}")));
            }
            relations.push((format!("f{i}"), InvestsIn, format!("c{i}")));
            relations.push((format!("c{i}"), ContractsWith, "ministry".into()));
        }
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let relations: Vec<(&str, RelationType, &str, crate::model::Status)> = relations
            .iter()
            .map(|(a, t, b)| (a.as_str(), *t, b.as_str(), Confirmed))
            .collect();
        graph(&names, &relations).0
    }

    #[test]
    fn rollup_ranking_of_nested_funds_stops_with_an_error_past_its_visits() {
        // 300 nested funds: each walks the funds below it, 299 + 298 + ... + 0 = 44,850
        // visits in all, with rollup (their stakes count) and without (their contracts do).
        let g = nested_funds(300);
        for rollup in [true, false] {
            let all = ranking_within(&g, &Filter::all(), rollup, usize::MAX, 44_850).unwrap();
            assert_eq!(all.len(), 300);
            assert!(all.iter().all(|r| r.bodies == 1 && r.listed == 0));
            let Err(Error::Usage(message)) =
                ranking_within(&g, &Filter::all(), rollup, usize::MAX, 44_849)
            else {
                panic!("no error past the visits");
            };
            let asked = if rollup {
                "`exposure NAME --rollup`, or rank without --rollup"
            } else {
                "`exposure NAME`"
            };
            assert!(message.contains(asked), "{message}");
        }
        // Entities that own nothing walk nothing, whatever the number of visits.
        let flat = nested_funds(1);
        assert_eq!(
            ranking_within(&flat, &Filter::all(), true, usize::MAX, 0)
                .unwrap()
                .len(),
            1
        );
    }

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
        assert!(!entity.details().state_owned);
        // Mark the telecom state-owned, as a data file may.
        let state_owned = {
            let mut e = entity;
            e.id = "state-telecom".into();
            e.details_mut().state_owned = true;
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

    /// Lists an entity of a test graph from `start` (a made-up designation).
    fn list(g: &mut Graph, ix: EntityIx, authority: &str, start: &str) {
        let designation = crate::model::Designation {
            authority: Some(authority.into()),
            start: Some(start.parse().unwrap()),
            ..Default::default()
        };
        g.enrich(ix, |e| {
            e.details_mut().designations = vec![designation].into()
        });
    }

    #[test]
    fn reaches_listed_portfolio_companies_their_owners_and_subsidiaries_from_their_start() {
        let (mut g, id) = graph(
            &[
                "investor:fund",
                "startup",
                "parent",
                "subsidiary",
                "unlisted",
                "own-sub",
            ],
            &[
                ("investor", InvestsIn, "startup", Confirmed),
                ("investor", InvestsIn, "unlisted", Reported),
                ("parent", Owns, "startup", Confirmed),
                ("startup", Owns, "subsidiary", Reported),
                ("investor", Owns, "own-sub", Confirmed),
                ("own-sub", InvestsIn, "startup", Confirmed),
            ],
        );
        list(&mut g, id("startup"), "Test Office A", "2019");
        list(&mut g, id("parent"), "Test Office B", "2020-06");
        list(&mut g, id("subsidiary"), "Test Office A", "2021");
        list(&mut g, id("own-sub"), "Test Office A", "2000");

        let x = exposure(&g, id("investor"), &Filter::all(), false);
        let names = |x: &Exposure| -> Vec<String> {
            x.listed
                .iter()
                .map(|r| g.entity(r.target).id.clone())
                .collect()
        };
        assert_eq!(names(&x), ["parent", "startup", "subsidiary"]);
        let subsidiary = x
            .listed
            .iter()
            .find(|r| r.target == id("subsidiary"))
            .unwrap();
        assert_eq!(
            subsidiary.chains[0].entities,
            [id("investor"), id("startup"), id("subsidiary")]
        );
        assert_eq!(subsidiary.best(&g), Some(Reported));

        let in_2020 = Filter {
            as_of: Some("2020".parse().unwrap()),
            ..Filter::all()
        };
        assert_eq!(
            names(&exposure(&g, id("investor"), &in_2020, false)),
            ["parent", "startup"]
        );
        let by_a = Filter {
            listed: Some(Listed::By("office a".into())),
            ..Filter::all()
        };
        assert_eq!(
            names(&exposure(&g, id("investor"), &by_a, false)),
            ["startup", "subsidiary"]
        );
        // What the investor owns is its own, even when it is listed.
        let rolled = exposure(&g, id("investor"), &Filter::all(), true);
        assert!(!names(&rolled).contains(&"own-sub".to_string()));
        assert!(!names(&x).contains(&"own-sub".to_string()));
    }

    #[test]
    fn the_ranking_counts_what_each_investors_exposure_reaches() {
        let (mut g, id) = graph(
            &[
                "a:fund",
                "b:fund",
                "c",
                "x",
                "y",
                "z",
                "police:government",
                "ministry:government",
            ],
            &[
                ("a", InvestsIn, "x", Confirmed),
                ("a", InvestsIn, "y", Confirmed),
                ("b", InvestsIn, "y", Reported),
                ("c", Owns, "b", Confirmed),
                ("c", InvestsIn, "z", Confirmed),
                ("x", ContractsWith, "police", Confirmed),
                ("y", ContractsWith, "police", Confirmed),
                ("y", Owns, "z", Confirmed),
                ("z", Supplies, "ministry", Ended),
                ("c", ContractsWith, "ministry", Confirmed),
            ],
        );
        list(&mut g, id("x"), "Test Office", "2019");
        list(&mut g, id("z"), "Test Office", "2021");
        list(&mut g, id("b"), "Test Office", "2018");
        for rollup in [false, true] {
            for filter in [
                Filter::all(),
                Filter {
                    as_of: Some("2020".parse().unwrap()),
                    ..Filter::all()
                },
            ] {
                let ranking = exposure_all(&g, &filter, rollup, usize::MAX).unwrap();
                for (ix, _) in g.entities() {
                    if crate::algo::portfolio(&g, ix, &filter, rollup).is_empty() {
                        // Not an investor: the ranking is of investors.
                        assert!(ranking.iter().all(|r| r.investor != ix));
                        continue;
                    }
                    let one = exposure(&g, ix, &filter, rollup);
                    let ranked = ranking.iter().find(|r| r.investor == ix);
                    let counts = ranked.map_or((0, 0), |r| (r.listed, r.bodies));
                    assert_eq!(
                        counts,
                        (one.listed.len(), one.reached.len()),
                        "{} (rollup {rollup}, {filter:?})",
                        g.entity(ix).id
                    );
                }
                let totals: Vec<usize> = ranking.iter().map(|r| r.listed + r.bodies).collect();
                assert!(totals.windows(2).all(|w| w[0] >= w[1]), "{totals:?}");
            }
        }
        let top = exposure_all(&g, &Filter::all(), false, 1).unwrap();
        assert_eq!(top.len(), 1);
        assert_eq!(g.entity(top[0].investor).id, "a");
    }
}
