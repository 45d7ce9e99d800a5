//! The investors that companies share, with their stakes on each side, and every pair of
//! companies ranked by the investors they share.

use serde::Serialize;

use super::investments::InvestmentOut;
use super::{EntityBrief, two_or_more};
use crate::algo::{self, Overlap, PairOverlap};
use crate::error::Error;
use crate::filter::Filter;
use crate::graph::Graph;
use crate::model::Status;

/// The investors that two or more companies share.
#[derive(Debug, Serialize)]
pub struct Shared<'g> {
    /// The companies, in the order named.
    pub companies: Vec<EntityBrief<'g>>,
    /// The relation types that make a holder, when not investments (`--rel`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub relation_types: Vec<crate::model::RelationType>,
    /// Whether funds count under their owners.
    pub rollup: bool,
    /// The filter in words, "" when it filters nothing.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub filter: String,
    /// The investors in every one of them.
    pub shared: Vec<SharedOut<'g>>,
    /// Every pair of the companies, in the order named.
    pub pairs: Vec<PairOut<'g>>,
    /// The overlap as the algorithm found it.
    #[serde(skip)]
    pub found: Overlap,
    /// The filter the stakes were found under.
    #[serde(skip)]
    pub used: Filter,
    /// The graph the answer is about.
    #[serde(skip)]
    pub graph: &'g Graph,
}

/// A shared investor and its stakes.
#[derive(Debug, Serialize)]
pub struct SharedOut<'g> {
    /// The investor, or with rollup the owner its funds count under.
    pub investor: EntityBrief<'g>,
    /// The stakes in each company, in the order named.
    pub stakes: Vec<InvestmentOut<'g>>,
    /// For each company, in the order named, the best status of the investor's stakes in it
    /// (a side only reported or expected is not a confirmed one).
    pub statuses: Vec<Status>,
}

/// The investors two companies share.
#[derive(Debug, Serialize)]
pub struct PairOut<'g> {
    /// One company.
    pub a: EntityBrief<'g>,
    /// The other.
    pub b: EntityBrief<'g>,
    /// The investors both have.
    pub shared: Vec<EntityBrief<'g>>,
    /// How many.
    pub count: usize,
    /// How many investors the first has.
    pub investors_a: usize,
    /// How many investors the second has.
    pub investors_b: usize,
    /// Shared investors over all their investors, to three places.
    pub jaccard: f64,
    /// The exact Jaccard index.
    #[serde(skip)]
    pub exact_jaccard: f64,
}

impl<'g> PairOut<'g> {
    fn new(graph: &'g Graph, p: &PairOverlap) -> Self {
        PairOut {
            a: EntityBrief::new(graph, p.a),
            b: EntityBrief::new(graph, p.b),
            shared: p
                .shared
                .iter()
                .map(|&e| EntityBrief::new(graph, e))
                .collect(),
            count: p.shared.len(),
            investors_a: p.investors_a,
            investors_b: p.investors_b,
            jaccard: (p.jaccard() * 1000.0).round() / 1000.0,
            exact_jaccard: p.jaccard(),
        }
    }
}

/// Every pair of companies that share an investor, the best first.
#[derive(Debug, Serialize)]
pub struct Ranking<'g> {
    /// The relation types that make a holder, when not investments (`--rel`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub relation_types: Vec<crate::model::RelationType>,
    /// Whether funds count under their owners.
    pub rollup: bool,
    /// The filter in words, "" when it filters nothing.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub filter: String,
    /// Pairs of companies that share at least one investor.
    pub pairs_sharing: usize,
    /// The best of them, at most `top`, shaped as the pairs of [`Shared`].
    pub pairs: Vec<PairOut<'g>>,
}

/// The most pairs [`ranking`] lists. The ranking keeps twice `top` pairs while it counts, so
/// the cap bounds its memory: on a million entities (44 million pairs sharing an investor) the
/// top 10 take 0.7 s, the top 100,000 3.4 s, and every pair 105 s and 5 GB.
pub const MAX_TOP: usize = 10_000;

/// The investors that the companies `names` names all share, and each pair of them shares.
pub fn shared<'g>(
    graph: &'g Graph,
    filter: &Filter,
    names: &[String],
    rollup: bool,
) -> Result<Shared<'g>, Error> {
    let companies = two_or_more(
        graph,
        names,
        "(overlap SenseTime Megvii), or use --all to rank every pair",
    )?;
    let found = algo::overlap(graph, &companies, filter, rollup);
    Ok(Shared {
        companies: companies
            .iter()
            .map(|&c| EntityBrief::new(graph, c))
            .collect(),
        relation_types: filter.types.iter().copied().collect(),
        rollup,
        filter: filter.describe(),
        shared: found
            .shared
            .iter()
            .map(|s| SharedOut {
                investor: EntityBrief::new(graph, s.investor),
                stakes: s
                    .stakes
                    .iter()
                    .flatten()
                    .map(|i| InvestmentOut::new(graph, filter, i))
                    .collect(),
                statuses: s
                    .stakes
                    .iter()
                    .map(|side| {
                        side.iter()
                            .flat_map(|i| &i.relations)
                            .map(|&r| graph.inner()[r].status)
                            .min_by_key(|s| s.weakness())
                            .unwrap_or(Status::Confirmed)
                    })
                    .collect(),
            })
            .collect(),
        pairs: found.pairs.iter().map(|p| PairOut::new(graph, p)).collect(),
        found,
        used: filter.clone(),
        graph,
    })
}

/// The `top` pairs of companies that share the most investors (at most [`MAX_TOP`]).
pub fn ranking<'g>(
    graph: &'g Graph,
    filter: &Filter,
    top: usize,
    rollup: bool,
) -> Result<Ranking<'g>, Error> {
    if top > MAX_TOP {
        return Err(Error::Usage(format!(
            "--top {top} is more than overlap --all lists: at most {MAX_TOP} pairs; the answer's \
             first line counts every pair that shares an investor"
        )));
    }
    let ranking = algo::overlap_all(graph, filter, rollup, top);
    Ok(Ranking {
        relation_types: filter.types.iter().copied().collect(),
        rollup,
        filter: filter.describe(),
        pairs_sharing: ranking.sharing,
        pairs: ranking.top.iter().map(|p| PairOut::new(graph, p)).collect(),
    })
}
