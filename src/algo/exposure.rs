//! What an investor reaches in the state: the government bodies and state-owned companies its
//! portfolio companies contract with or supply, each with the chain that connects them.

use std::collections::BTreeMap;

use petgraph::Direction::Outgoing;

use super::investments::{holdings, stakes};
use super::{Path, by_name, grouped, union};
use crate::filter::Filter;
use crate::graph::{EntityIx, Graph, RelationIx};
use crate::model::{EntityKind, RelationType};
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
            .filter(|&(buyer, _)| {
                let entity = graph.entity(buyer);
                entity.kind == EntityKind::Government || entity.state_owned
            })
            .collect()
    };
    // Its own contracts, and with rollup those of what it owns.
    for member in 0..holders.len() {
        let buyers = sells_to_the_state(holders.entity(member));
        if buyers.is_empty() {
            continue;
        }
        let above = holders.chain(member);
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
    for stake in stakes(graph, &holders, filter) {
        let buyers = sells_to_the_state(stake.company);
        if buyers.is_empty() {
            // Only a stake that reaches a buyer of the state has its chain written out.
            continue;
        }
        let path = stake.investment(&holders).path();
        for (buyer, relations) in buyers {
            let mut chain = path.clone();
            chain.entities.push(buyer);
            chain.hops.push(relations);
            by_target.entry(buyer).or_default().push(chain);
        }
    }
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
    Exposure { investor, reached }
}

impl From<&Exposure> for Subgraph {
    /// The investor and every chain to every body reached.
    fn from(x: &Exposure) -> Self {
        let mut sub = Subgraph::default();
        sub.entities.insert(x.investor);
        for reach in &x.reached {
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
