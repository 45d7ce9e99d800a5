//! The government bodies and state-owned companies an investor reaches through its portfolio
//! companies' contracts, each with every chain and its weakest status.

use serde::Serialize;

use super::{EntityBrief, PathOut};
use crate::algo;
use crate::error::Error;
use crate::filter::Filter;
use crate::graph::Graph;
use crate::model::{Entity, Status};

/// What an investor reaches.
#[derive(Debug, Serialize)]
pub struct Exposure<'g> {
    /// The investor.
    pub investor: EntityBrief<'g>,
    /// Whether the investments of the entities it owns count.
    pub rollup: bool,
    /// The filter in words, "" when it filters nothing.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub filter: String,
    /// The bodies and companies reached.
    pub reached: Vec<Reach<'g>>,
    /// How many entities the investor owns (what rollup would add, without it).
    #[serde(skip)]
    pub owned: usize,
    /// The graph the answer is about.
    #[serde(skip)]
    pub graph: &'g Graph,
}

/// A government body or state-owned company reached, with the chains that reach it.
#[derive(Debug, Serialize)]
pub struct Reach<'g> {
    /// What is reached.
    #[serde(flatten)]
    pub target: EntityBrief<'g>,
    /// Whether it is a state-owned company.
    pub state_owned: bool,
    /// The strongest of the chains' weakest statuses.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub best_status: Option<Status>,
    /// The chains of relations from the investor.
    pub chains: Vec<PathOut<'g>>,
    /// The entity reached, whole.
    #[serde(skip)]
    pub entity: &'g Entity,
}

/// What the investor `name` names reaches.
pub fn exposure<'g>(
    graph: &'g Graph,
    filter: &Filter,
    name: &str,
    rollup: bool,
) -> Result<Exposure<'g>, Error> {
    let investor = graph.lookup(name)?;
    let found = algo::exposure(graph, investor, filter, rollup);
    Ok(Exposure {
        investor: EntityBrief::new(graph, investor),
        rollup,
        filter: filter.describe(),
        reached: found
            .reached
            .iter()
            .map(|r| Reach {
                target: EntityBrief::new(graph, r.target),
                state_owned: graph.entity(r.target).state_owned,
                best_status: r.best(graph),
                chains: r
                    .chains
                    .iter()
                    .map(|c| PathOut::new(graph, filter, c))
                    .collect(),
                entity: graph.entity(r.target),
            })
            .collect(),
        owned: super::investments::owned(graph, filter, investor),
        graph,
    })
}
