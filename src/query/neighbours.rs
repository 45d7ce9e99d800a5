//! The entities within some hops of one, nearest first, each with the relations that reach it.

use serde::Serialize;

use super::{EntityBrief, RelationOut};
use crate::algo;
use crate::error::Error;
use crate::filter::Filter;
use crate::graph::Graph;
use crate::model::Entity;

/// The neighbourhood of an entity.
#[derive(Debug, Serialize)]
pub struct Neighbours<'g> {
    /// The entity at the centre.
    pub centre: EntityBrief<'g>,
    /// How many hops away it looked.
    pub depth: usize,
    /// The filter in words, "" when it filters nothing.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub filter: String,
    /// The entities reached, nearest first, at most the limit.
    pub reached: Vec<Reached<'g>>,
    /// Entities within reach that the limit left out.
    pub cut: usize,
    /// Whether the text lists every relation rather than add up parallel ones of one type.
    #[serde(skip)]
    pub all_relations: bool,
    /// The graph the answer is about.
    #[serde(skip)]
    pub graph: &'g Graph,
}

/// An entity reached, how far, and the relations that reach it.
#[derive(Debug, Serialize)]
pub struct Reached<'g> {
    /// The entity.
    #[serde(flatten)]
    pub entity: EntityBrief<'g>,
    /// How many hops from the centre.
    pub distance: usize,
    /// The relations from the nearer entities that reach it.
    pub via: Vec<RelationOut<'g>>,
    /// The entity, whole.
    #[serde(skip)]
    pub whole: &'g Entity,
}

/// The entities within `depth` hops of the one `name` names, at most `limit` of them (only
/// the listed ones, when the filter asks for them); `all_relations` is kept for the text.
pub fn neighbours<'g>(
    graph: &'g Graph,
    filter: &Filter,
    name: &str,
    depth: usize,
    limit: usize,
    all_relations: bool,
) -> Result<Neighbours<'g>, Error> {
    let centre = graph.lookup(name)?;
    let near = if filter.listed.is_some() {
        // The walk goes through any entity; only the listed ones it reaches are kept.
        let mut near = algo::neighbourhood(graph, centre, filter, depth, usize::MAX);
        near.reached
            .retain(|r| filter.allows_listing(graph.entity(r.entity)));
        near.cut = near.reached.len().saturating_sub(limit);
        near.reached.truncate(limit);
        near
    } else {
        algo::neighbourhood(graph, centre, filter, depth, limit)
    };
    Ok(Neighbours {
        centre: EntityBrief::new(graph, centre),
        depth,
        filter: filter.describe(),
        reached: near
            .reached
            .iter()
            .map(|r| Reached {
                entity: EntityBrief::new(graph, r.entity),
                distance: r.distance,
                via: RelationOut::all(graph, filter, &r.via),
                whole: graph.entity(r.entity),
            })
            .collect(),
        cut: near.cut,
        all_relations,
        graph,
    })
}
