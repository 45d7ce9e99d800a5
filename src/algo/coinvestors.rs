//! Who invests alongside an investor: the other investors of its portfolio companies, ranked by
//! how many companies they share.

use std::collections::{BTreeMap, HashSet};

use super::by_name;
use super::investments::{investors, owned, portfolio};
use crate::filter::Filter;
use crate::graph::{EntityIx, Graph};
use crate::model::Status;

/// Another investor in some of the companies an investor invested in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coinvestor {
    /// The investor, or with rollup the owner its funds count under.
    pub investor: EntityIx,
    /// The companies both invested in, by name.
    pub companies: Vec<EntityIx>,
    /// For each company, the weaker of the two investors' best statuses there: a shared
    /// company where one side is only reported or expected is not a confirmed one.
    pub statuses: Vec<Status>,
}

/// The investors that share portfolio companies with `investor`, most companies first, then by
/// name. Investments are `invests_in` relations that pass the filter's statuses and date; with
/// `rollup`, the investor's portfolio includes what the entities it owns invested in, and every
/// other investor counts under its top owner (see [`investors`]). The investor and what it owns
/// are never their own co-investors.
///
/// # Complexity
/// O(Σ d꜀) over the investor's portfolio companies c of d꜀ investors each (times the length of
/// an ownership chain with rollup), plus sorting the result.
///
/// # Example
/// ```
/// use dealgraph::{algo, filter::Filter, load::{self, Input}};
///
/// let (graph, _) = load::load(&[Input::Bundled]).unwrap();
/// let alibaba = graph.lookup("Alibaba").unwrap();
/// let along = algo::coinvestors(&graph, alibaba, &Filter::all(), false);
/// // Alibaba invested in both SenseTime and Megvii: 6 co-investors in one, 5 in the other.
/// assert_eq!(along.len(), 11);
/// assert!(along.iter().all(|c| c.companies.len() == 1));
/// ```
pub fn coinvestors(
    graph: &Graph,
    investor: EntityIx,
    filter: &Filter,
    rollup: bool,
) -> Vec<Coinvestor> {
    let own: HashSet<EntityIx> = if rollup {
        owned(graph, investor, filter).entities().collect()
    } else {
        HashSet::from([investor])
    };
    // The strongest status of a stake's relations.
    let best = |i: &super::Investment| {
        i.relations
            .iter()
            .map(|&r| graph.relation_weight(r).status)
            .min_by_key(|s| s.weakness())
            .unwrap_or(Status::Confirmed)
    };
    let stronger = |a: Status, b: Status| std::cmp::min_by_key(a, b, |s| s.weakness());
    let weaker = |a: Status, b: Status| std::cmp::max_by_key(a, b, |s| s.weakness());
    let mut companies: BTreeMap<EntityIx, Status> = BTreeMap::new();
    for stake in portfolio(graph, investor, filter, rollup) {
        let status = best(&stake);
        companies
            .entry(stake.company)
            .and_modify(|s| *s = stronger(*s, status))
            .or_insert(status);
    }
    let mut along: BTreeMap<EntityIx, BTreeMap<EntityIx, Status>> = BTreeMap::new();
    for (&company, &ours) in &companies {
        for other in investors(graph, company, filter, rollup) {
            if !own.contains(&other.investor()) && !own.contains(&other.holder()) {
                let theirs = weaker(ours, best(&other));
                along
                    .entry(other.holder())
                    .or_default()
                    .entry(company)
                    .and_modify(|s| *s = stronger(*s, theirs))
                    .or_insert(theirs);
            }
        }
    }
    let mut found: Vec<Coinvestor> = along
        .into_iter()
        .map(|(investor, shared)| {
            let mut pairs: Vec<(EntityIx, Status)> = shared.into_iter().collect();
            pairs.sort_by(|a, b| by_name(graph, a.0, b.0));
            Coinvestor {
                investor,
                companies: pairs.iter().map(|p| p.0).collect(),
                statuses: pairs.iter().map(|p| p.1).collect(),
            }
        })
        .collect();
    found.sort_by(|a, b| {
        b.companies
            .len()
            .cmp(&a.companies.len())
            .then_with(|| by_name(graph, a.investor, b.investor))
    });
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::algo::tests::graph;
    use crate::model::{RelationType::*, Status::*};

    #[test]
    fn ranks_by_companies_shared_and_leaves_out_the_investor_and_its_funds() {
        let (g, id) = graph(
            &["me", "my-fund", "x", "y", "often", "once"],
            &[
                ("me", Owns, "my-fund", Confirmed),
                ("me", InvestsIn, "x", Confirmed),
                ("my-fund", InvestsIn, "y", Confirmed),
                ("my-fund", InvestsIn, "x", Confirmed),
                ("often", InvestsIn, "x", Confirmed),
                ("often", InvestsIn, "y", Confirmed),
                ("once", InvestsIn, "y", Reported),
            ],
        );
        let rolled = coinvestors(&g, id("me"), &Filter::all(), true);
        let got: Vec<(EntityIx, usize)> = rolled
            .iter()
            .map(|c| (c.investor, c.companies.len()))
            .collect();
        assert_eq!(got, vec![(id("often"), 2), (id("once"), 1)]);
        let plain = coinvestors(&g, id("me"), &Filter::all(), false);
        assert_eq!(plain.len(), 2);
        assert!(plain.iter().any(|c| c.investor == id("my-fund")));
    }
}
