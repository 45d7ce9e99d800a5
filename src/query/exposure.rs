//! The government bodies and state-owned companies an investor reaches through its portfolio
//! companies' contracts, and the listed companies among its portfolio companies and their
//! owners and subsidiaries, each with every chain and its weakest status; and every investor
//! ranked by how many it reaches.

use serde::Serialize;

use super::{EntityBrief, PathOut};
use crate::algo;
use crate::error::Error;
use crate::filter::Filter;
use crate::graph::Graph;
use crate::model::{Designation, Entity, Status};

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
    /// The listed entities reached, each with its listings in force.
    pub listed: Vec<ListedReach<'g>>,
    /// How many entities the investor owns (what rollup would add, without it).
    #[serde(skip)]
    pub owned: usize,
    /// Whether any entity of the graph is on a list (so that reaching none is news).
    #[serde(skip)]
    pub lists_loaded: bool,
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

/// A listed entity reached, with its listings and the chains that reach it.
#[derive(Debug, Serialize)]
pub struct ListedReach<'g> {
    /// What is reached.
    #[serde(flatten)]
    pub target: EntityBrief<'g>,
    /// Its listings in force on the filter's day (by the authority asked for, if any).
    pub designations: Vec<&'g Designation>,
    /// The strongest of the chains' weakest statuses.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub best_status: Option<Status>,
    /// The chains of relations from the investor.
    pub chains: Vec<PathOut<'g>>,
    /// The entity reached, whole.
    #[serde(skip)]
    pub entity: &'g Entity,
}

/// Investors ranked by how many listed entities and buyers of the state they reach.
#[derive(Debug, Serialize)]
pub struct ExposureRanking<'g> {
    /// Whether the investments of the entities each investor owns count.
    pub rollup: bool,
    /// The filter in words, "" when it filters nothing.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub filter: String,
    /// The investors, most reached first.
    pub investors: Vec<RankedInvestor<'g>>,
}

/// An investor and how much it reaches.
#[derive(Debug, Serialize)]
pub struct RankedInvestor<'g> {
    /// The investor.
    #[serde(flatten)]
    pub investor: EntityBrief<'g>,
    /// How many listed entities it reaches.
    pub listed: usize,
    /// How many government bodies and state-owned companies it reaches.
    pub government_bodies: usize,
}

/// Every investor that reaches a listed entity or a buyer of the state, most first; at most
/// `top`.
///
/// # Errors
/// As [`algo::exposure::exposure_all`]: with `rollup`, when nested funds would make the
/// ranking walk too far, or when the command is asked to stop.
pub fn ranking<'g>(
    graph: &'g Graph,
    filter: &Filter,
    top: usize,
    rollup: bool,
) -> Result<ExposureRanking<'g>, Error> {
    Ok(ExposureRanking {
        rollup,
        filter: filter.describe(),
        investors: algo::exposure::exposure_all(graph, filter, rollup, top)?
            .into_iter()
            .map(|r| RankedInvestor {
                investor: EntityBrief::new(graph, r.investor),
                listed: r.listed,
                government_bodies: r.bodies,
            })
            .collect(),
    })
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
                state_owned: graph.entity(r.target).details().state_owned,
                best_status: r.best(graph),
                chains: r
                    .chains
                    .iter()
                    .map(|c| PathOut::new(graph, filter, c))
                    .collect(),
                entity: graph.entity(r.target),
            })
            .collect(),
        listed: found
            .listed
            .iter()
            .map(|r| {
                let entity = graph.entity(r.target);
                let who = match &filter.listed {
                    Some(crate::filter::Listed::By(who)) => Some(who.as_str()),
                    _ => None,
                };
                ListedReach {
                    target: EntityBrief::new(graph, r.target),
                    designations: entity
                        .details()
                        .designations
                        .iter()
                        .filter(|d| {
                            d.in_force(filter.as_of.as_ref()) && who.is_none_or(|w| d.is_by(w))
                        })
                        .collect(),
                    best_status: r.best(graph),
                    chains: r
                        .chains
                        .iter()
                        .map(|c| PathOut::new(graph, filter, c))
                        .collect(),
                    entity,
                }
            })
            .collect(),
        owned: super::investments::owned(graph, filter, investor),
        lists_loaded: graph
            .entities()
            .any(|(_, e)| !e.details().designations.is_empty()),
        graph,
    })
}
