//! The two ends of `invests_in`: who invested in a company, and what an investor invested in,
//! with rounds, amounts, dates, statuses and sources; with rollup, funds fold into their owners.

use petgraph::Direction;
use serde::Serialize;

use super::{EntityBrief, RelationOut};
use crate::algo::{self, Investment};
use crate::error::Error;
use crate::filter::Filter;
use crate::graph::{EntityIx, Graph};
use crate::model::RelationType;

/// The investments of one entity, from one end: its investors, or its portfolio.
#[derive(Debug, Serialize)]
pub struct Investments<'g> {
    /// The company (for investors) or the investor (for a portfolio).
    pub entity: EntityBrief<'g>,
    /// Whether funds count under their owners.
    pub rollup: bool,
    /// The filter in words, "" when it filters nothing.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub filter: String,
    /// The stakes.
    pub investments: Vec<InvestmentOut<'g>>,
    /// How many `invests_in` relations of the entity the filter hid.
    pub hidden_by_filter: usize,
    /// When there is no stake, what the entity is instead and the command that fits it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// The stakes as the algorithm found them.
    #[serde(skip)]
    pub found: Vec<Investment>,
    /// How many entities the entity owns (for a portfolio without rollup: what rollup would
    /// add).
    #[serde(skip)]
    pub owned: usize,
    /// The filter the stakes were found under.
    #[serde(skip)]
    pub used: Filter,
    /// The graph the answer is about.
    #[serde(skip)]
    pub graph: &'g Graph,
}

/// A stake: who holds it, who it counts under, in what, and the evidence.
#[derive(Debug, Serialize)]
pub struct InvestmentOut<'g> {
    /// The investor, or with rollup the owner it counts under.
    pub holder: EntityBrief<'g>,
    /// The investor that holds the stake.
    pub investor: EntityBrief<'g>,
    /// The company invested in.
    pub company: EntityBrief<'g>,
    /// The `invests_in` relations.
    pub relations: Vec<RelationOut<'g>>,
    /// The `owns` relations from the holder down to the investor (but those of the middle of
    /// a long chain, left out).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ownership: Vec<RelationOut<'g>>,
    /// The owners left out of the middle of a long chain.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub elided: Option<super::ElidedOut<'g>>,
}

impl<'g> InvestmentOut<'g> {
    /// A stake an algorithm found on `graph`, seen under `filter`.
    pub fn new(graph: &'g Graph, filter: &Filter, i: &Investment) -> Self {
        let ownership: Vec<_> = i.ownership.iter().flatten().copied().collect();
        InvestmentOut {
            holder: EntityBrief::new(graph, i.holder()),
            investor: EntityBrief::new(graph, i.investor()),
            company: EntityBrief::new(graph, i.company),
            relations: RelationOut::all(graph, filter, &i.relations),
            ownership: RelationOut::all(graph, filter, &ownership),
            elided: i.elided.map(|e| super::ElidedOut {
                after: &graph.entity(i.owners[e.after]).id,
                before: &graph.entity(i.owners[e.after + 1]).id,
                count: e.count,
            }),
        }
    }
}

/// Who invested in the company `name` names.
pub fn investors<'g>(
    graph: &'g Graph,
    filter: &Filter,
    name: &str,
    rollup: bool,
) -> Result<Investments<'g>, Error> {
    let company = graph.lookup(name)?;
    let found = algo::investors(graph, company, filter, rollup);
    let hidden = hidden(graph, filter, company, Direction::Incoming);
    let mut answer = answer(graph, filter, company, rollup, found, hidden, 0);
    if answer.found.is_empty() {
        answer.hint = other_role(graph, company, Direction::Outgoing).or_else(|| {
            super::other_roles(graph, company, &[super::Role::Funded, super::Role::Invests])
        });
    }
    Ok(answer)
}

/// What the investor `name` names invested in (only the listed companies, when the filter
/// asks for them).
pub fn portfolio<'g>(
    graph: &'g Graph,
    filter: &Filter,
    name: &str,
    rollup: bool,
) -> Result<Investments<'g>, Error> {
    let investor = graph.lookup(name)?;
    let mut found = algo::portfolio(graph, investor, filter, rollup);
    found.retain(|i| filter.allows_listing(graph.entity(i.company)));
    let hidden = hidden(graph, filter, investor, Direction::Outgoing);
    let owned = owned(graph, filter, investor);
    let mut answer = answer(graph, filter, investor, rollup, found, hidden, owned);
    if answer.found.is_empty() && owned == 0 {
        answer.hint = other_role(graph, investor, Direction::Incoming).or_else(|| {
            super::other_roles(
                graph,
                investor,
                &[super::Role::Funded, super::Role::Invests],
            )
        });
    }
    Ok(answer)
}

/// What an entity with no stake the other way is, when its `invests_in` relations go
/// `direction`: "SenseTime is funded by 7 investors: `investors SenseTime`".
pub fn other_role(graph: &Graph, ix: EntityIx, direction: Direction) -> Option<String> {
    let n = graph
        .relations_of(ix, direction)
        .filter(|r| r.relation.kind == RelationType::InvestsIn)
        .count();
    if n == 0 {
        return None;
    }
    let name = &graph.entity(ix).name;
    let quoted = if name.contains(' ') {
        format!("\"{name}\"")
    } else {
        name.clone()
    };
    Some(match direction {
        Direction::Incoming => format!(
            "{name} is funded by {}: `investors {quoted}` lists {}",
            crate::text::count(n, "investor", "investors"),
            if n == 1 { "it" } else { "them" }
        ),
        Direction::Outgoing => format!(
            "{name} invests in {}: `portfolio {quoted}` lists {}",
            crate::text::count(n, "company", "companies"),
            if n == 1 { "it" } else { "them" }
        ),
    })
}

/// How many entities an investor owns (`owns`, directly or not) under the filter.
pub fn owned(graph: &Graph, filter: &Filter, investor: EntityIx) -> usize {
    algo::investments::owned(graph, investor, filter).len() - 1
}

fn answer<'g>(
    graph: &'g Graph,
    filter: &Filter,
    entity: EntityIx,
    rollup: bool,
    found: Vec<Investment>,
    hidden: usize,
    owned: usize,
) -> Investments<'g> {
    Investments {
        entity: EntityBrief::new(graph, entity),
        rollup,
        filter: filter.describe(),
        investments: found
            .iter()
            .map(|i| InvestmentOut::new(graph, filter, i))
            .collect(),
        hidden_by_filter: hidden,
        hint: None,
        found,
        owned,
        used: filter.clone(),
        graph,
    }
}

/// The `invests_in` relations of an entity, one way, that the filter hides.
fn hidden(graph: &Graph, filter: &Filter, ix: EntityIx, direction: Direction) -> usize {
    graph
        .relations_of(ix, direction)
        .filter(|r| {
            r.relation.kind == RelationType::InvestsIn
                && !algo::in_scope(filter, r.relation, &[RelationType::InvestsIn])
        })
        .count()
}
