//! The investors that companies share, with their stakes on each side, and every pair of
//! companies ranked by the investors they share.

use std::collections::{BTreeMap, BTreeSet};

use petgraph::Direction;
use serde::Serialize;

use super::investments::InvestmentOut;
use super::{Briefs, EntityBrief, two_or_more};
use crate::algo::{self, Overlap, PairOverlap};
use crate::error::Error;
use crate::filter::Filter;
use crate::graph::{EntityIx, Graph};
use crate::model::{RelationType, Status};

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
    /// The pairs of the companies that share the most investors, best first, at most `top`.
    pub pairs: Vec<PairOut<'g>>,
    /// How many pairs the companies make.
    pub pairs_total: usize,
    /// How many of them share at least one investor.
    pub pairs_sharing: usize,
    /// When they share none: why, for each company that has none at all (it invests rather
    /// than is invested in, or holds its links by another relation), and the command that fits.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub hints: Vec<String>,
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
    pub shared: Briefs<'g>,
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
            shared: Briefs::new(graph, p.shared.clone()),
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

/// The investors that the companies `names` names all share, and the `top` pairs of them
/// that share the most.
pub fn shared<'g>(
    graph: &'g Graph,
    filter: &Filter,
    names: &[String],
    rollup: bool,
    top: usize,
) -> Result<Shared<'g>, Error> {
    let companies = two_or_more(
        graph,
        names,
        "(overlap SenseTime Megvii), or use --all to rank every pair",
    )?;
    let found = algo::overlap_best(graph, &companies, filter, rollup, top);
    let c = companies.len();
    Ok(Shared {
        pairs_total: c * (c - 1) / 2,
        pairs_sharing: found.pairs_sharing,
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
                            .map(|&r| graph.relation_weight(r).status)
                            .min_by_key(|s| s.weakness())
                            .unwrap_or(Status::Confirmed)
                    })
                    .collect(),
            })
            .collect(),
        pairs: found.pairs.iter().map(|p| PairOut::new(graph, p)).collect(),
        hints: if found.shared.is_empty() {
            hints(graph, filter, &companies, &found)
        } else {
            Vec::new()
        },
        found,
        used: filter.clone(),
        graph,
    })
}

/// Why companies that share nothing have nothing to share: each one with no holder at all is
/// an investor (`portfolio` fits) or is reached by other relations (`--rel` fits).
fn hints(graph: &Graph, filter: &Filter, companies: &[EntityIx], found: &Overlap) -> Vec<String> {
    let holders = |c: EntityIx| -> usize {
        let named = companies.iter().position(|&n| n == c);
        named.map_or(0, |i| found.investors[i])
    };
    let asked = if filter.types.is_empty() {
        "investors".to_string()
    } else {
        let names: Vec<&str> = filter.types.iter().map(|t| t.as_str()).collect();
        format!("holders by {}", names.join(", "))
    };
    let mut hints = Vec::new();
    // The relation types that reach every company without a holder, by how many senders.
    let mut common: Option<BTreeSet<RelationType>> = None;
    for &c in companies {
        if holders(c) > 0 {
            continue;
        }
        let name = &graph.entity(c).name;
        let mut senders: BTreeMap<RelationType, BTreeSet<EntityIx>> = BTreeMap::new();
        for r in graph.relations_of(c, Direction::Incoming) {
            if !filter.types.contains(&r.relation.kind)
                && r.relation.kind != RelationType::InvestsIn
            {
                senders.entry(r.relation.kind).or_default().insert(r.from);
            }
        }
        let kinds: BTreeSet<RelationType> = senders.keys().copied().collect();
        common = Some(match common {
            None => kinds,
            Some(before) => before.intersection(&kinds).copied().collect(),
        });
        if filter.types.is_empty()
            && let Some(role) = super::investments::other_role(graph, c, Direction::Outgoing)
        {
            let rest = role.strip_prefix(name.as_str()).unwrap_or(&role);
            hints.push(format!("{name} has no investors and{rest}"));
            continue;
        }
        let owned = super::investments::owned(graph, filter, c);
        if filter.types.is_empty() && owned > 0 {
            hints.push(format!(
                "{name} has no investors; it owns {}: `portfolio {} --rollup` lists what they \
                 invest in",
                crate::text::count(owned, "entity", "entities"),
                quote_word(name)
            ));
            continue;
        }
        let mut by_count: Vec<(RelationType, usize)> =
            senders.iter().map(|(&t, s)| (t, s.len())).collect();
        by_count.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        if let Some(&(kind, n)) = by_count.first() {
            hints.push(format!(
                "{name} has no {asked}; it is {} {}",
                kind.phrase(false),
                crate::text::count(n, "entity", "entities")
            ));
        } else {
            hints.push(format!("{name} has no {asked}"));
        }
    }
    if hints.is_empty() {
        return hints;
    }
    // The relation that reaches every one of them, by the most senders: the one to compare
    // them by.
    let fits = common.unwrap_or_default().into_iter().filter(|kind| {
        companies.iter().all(|&c| {
            graph
                .relations_of(c, Direction::Incoming)
                .any(|r| r.relation.kind == *kind)
        })
    });
    let senders = |kind: RelationType| -> usize {
        companies
            .iter()
            .flat_map(|&c| graph.relations_of(c, Direction::Incoming))
            .filter(|r| r.relation.kind == kind)
            .map(|r| r.from)
            .collect::<BTreeSet<_>>()
            .len()
    };
    if let Some(kind) = fits.max_by_key(|&k| (senders(k), std::cmp::Reverse(k))) {
        let quoted: Vec<String> = companies
            .iter()
            .map(|&c| quote_word(&graph.entity(c).name))
            .collect();
        hints.push(format!(
            "`overlap {} --rel {}` gives those they share",
            quoted.join(" "),
            kind.as_str()
        ));
    }
    hints
}

/// A name as a user would type it: in double quotes when it has a space.
fn quote_word(name: &str) -> String {
    if name.contains(' ') {
        format!("\"{name}\"")
    } else {
        name.to_string()
    }
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
    let ranking = algo::overlap_all(graph, filter, rollup, top)?;
    Ok(Ranking {
        relation_types: filter.types.iter().copied().collect(),
        rollup,
        filter: filter.describe(),
        pairs_sharing: ranking.sharing,
        pairs: ranking.top.iter().map(|p| PairOut::new(graph, p)).collect(),
    })
}
