//! Who invests in the same companies as an investor, most shared companies first.

use serde::Serialize;

use super::EntityBrief;
use crate::algo;
use crate::error::Error;
use crate::filter::Filter;
use crate::graph::Graph;
use crate::model::Status;

/// The investors alongside one.
#[derive(Debug, Serialize)]
pub struct Coinvestors<'g> {
    /// The investor asked about.
    pub investor: EntityBrief<'g>,
    /// The relation types that make a holder, when not investments (`--rel`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub relation_types: Vec<crate::model::RelationType>,
    /// Whether funds count under their owners.
    pub rollup: bool,
    /// The filter in words, "" when it filters nothing.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub filter: String,
    /// The co-investors, most shared companies first, at most `top`.
    pub coinvestors: Vec<Coinvestor<'g>>,
    /// Co-investors beyond `top`.
    pub cut: usize,
    /// When there is none, what the entity is instead and the command that fits it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// How many entities the investor owns (what rollup would add, without it).
    #[serde(skip)]
    pub owned: usize,
}

/// A co-investor and the companies it shares.
#[derive(Debug, Serialize)]
pub struct Coinvestor<'g> {
    /// The co-investor.
    #[serde(flatten)]
    pub investor: EntityBrief<'g>,
    /// The companies both invested in.
    pub companies: Vec<EntityBrief<'g>>,
    /// For each company, the weaker of the two investors' best statuses there.
    pub statuses: Vec<Status>,
}

/// At most `top` investors alongside the one `name` names.
pub fn coinvestors<'g>(
    graph: &'g Graph,
    filter: &Filter,
    name: &str,
    top: usize,
    rollup: bool,
) -> Result<Coinvestors<'g>, Error> {
    let investor = graph.lookup(name)?;
    let mut along = algo::coinvestors(graph, investor, filter, rollup);
    let cut = along.len().saturating_sub(top);
    along.truncate(top);
    Ok(Coinvestors {
        investor: EntityBrief::new(graph, investor),
        relation_types: filter.types.iter().copied().collect(),
        rollup,
        filter: filter.describe(),
        coinvestors: along
            .iter()
            .map(|c| Coinvestor {
                investor: EntityBrief::new(graph, c.investor),
                companies: c
                    .companies
                    .iter()
                    .map(|&e| EntityBrief::new(graph, e))
                    .collect(),
                statuses: c.statuses.clone(),
            })
            .collect(),
        cut,
        hint: if along.is_empty() {
            super::investments::other_role(graph, investor, petgraph::Direction::Incoming).or_else(
                || {
                    super::other_roles(
                        graph,
                        investor,
                        &[super::Role::Funded, super::Role::Invests],
                    )
                },
            )
        } else {
            None
        },
        owned: super::investments::owned(graph, filter, investor),
    })
}
