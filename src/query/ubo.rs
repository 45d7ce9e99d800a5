//! Effective ownership of an entity: every entity above it with the share it holds through
//! every chain of `owns`, the ultimate owners first; stated indirect holdings and cycles
//! beside them.

use serde::Serialize;

use super::{EntityBrief, RelationOut};
use crate::algo::ubo::{self, Share};
use crate::error::Error;
use crate::filter::Filter;
use crate::graph::Graph;

/// The effective owners of an entity.
#[derive(Debug, Serialize)]
pub struct Ubo<'g> {
    /// The entity owned.
    pub entity: EntityBrief<'g>,
    /// The filter in words, "" when it filters nothing.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub filter: String,
    /// Every entity above it, ultimate owners first, then by share.
    pub owners: Vec<EffectiveOwner<'g>>,
    /// Holdings a source states as indirect (a summary of a chain), not added to the shares.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub stated_indirect: Vec<Stated<'g>>,
    /// The `owns` relations that close a cycle of ownership, left out of the shares.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cycles: Vec<RelationOut<'g>>,
    /// When it has no owner: what it is instead, and the command that fits.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// The graph the answer is about.
    #[serde(skip)]
    pub graph: &'g Graph,
}

/// An owner and its effective share.
#[derive(Debug, Serialize)]
pub struct EffectiveOwner<'g> {
    /// The owner.
    #[serde(flatten)]
    pub owner: EntityBrief<'g>,
    /// Its share of the entity, through every chain.
    pub share: ShareOut,
    /// Whether nothing owns it in turn.
    pub ultimate: bool,
    /// How many chains of `owns` lead from it to the entity.
    pub chains: u64,
    /// Its fewest hops to the entity.
    pub distance: usize,
    /// For an ultimate owner, who controls it otherwise than by shares.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub controlled_by: Vec<RelationOut<'g>>,
}

/// A holding a source states as indirect.
#[derive(Debug, Serialize)]
pub struct Stated<'g> {
    /// The share stated.
    pub share: ShareOut,
    /// The relation that states it.
    pub relation: RelationOut<'g>,
}

/// A share in percent: `pct` when exact, `low_pct` and `high_pct` for a range, `unknown` when
/// a chain adds a part of unknown size (a stake not stated).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ShareOut {
    /// The share, when the known stakes give one number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pct: Option<f64>,
    /// The least the known stakes give, for a range.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub low_pct: Option<f64>,
    /// The most the known stakes give, for a range.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub high_pct: Option<f64>,
    /// Whether a chain with a stake of unknown size adds to it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub unknown: bool,
}

impl From<Share> for ShareOut {
    fn from(s: Share) -> Self {
        // Products of decimal stakes carry float noise (0.6 × 0.5 = 0.30000000000000004).
        let pct = |x: f64| (x * 100.0 * 1e9).round() / 1e9;
        let known = s.high > 0.0 || !s.unknown;
        let (low, high) = (pct(s.low), pct(s.high));
        ShareOut {
            pct: (known && low == high).then_some(low),
            low_pct: (known && low != high).then_some(low),
            high_pct: (known && low != high).then_some(high),
            unknown: s.unknown,
        }
    }
}

/// The effective owners of the entity `name` names, under the statuses and date of `filter`.
///
/// # Example
/// ```
/// use dealgraph::{filter::Filter, load::{self, Input}, query::ubo::ubo};
///
/// let (graph, _) = load::load(&[Input::Bundled]).unwrap();
/// let found = ubo(&graph, &Filter::all(), "SoftBank Vision Fund").unwrap();
/// assert_eq!(found.owners[0].owner.name, "SoftBank");
/// assert!(found.owners[0].share.unknown, "the article states no stake");
/// ```
pub fn ubo<'g>(graph: &'g Graph, filter: &Filter, name: &str) -> Result<Ubo<'g>, Error> {
    let entity = graph.lookup(name)?;
    let found = ubo::ubo(graph, entity, filter);
    Ok(Ubo {
        entity: EntityBrief::new(graph, entity),
        filter: filter.describe(),
        owners: found
            .owners
            .iter()
            .map(|o| EffectiveOwner {
                owner: EntityBrief::new(graph, o.owner),
                share: o.share.into(),
                ultimate: o.ultimate,
                chains: o.chains,
                distance: o.distance,
                controlled_by: RelationOut::all(graph, filter, &o.controlled_by),
            })
            .collect(),
        stated_indirect: found
            .stated
            .iter()
            .map(|&(_, r, share)| Stated {
                share: share.into(),
                relation: RelationOut::new(graph, filter, r),
            })
            .collect(),
        cycles: RelationOut::all(graph, filter, &found.cycles),
        hint: if found.owners.is_empty() {
            super::other_roles(graph, entity, &[super::Role::Owned])
        } else {
            None
        },
        graph,
    })
}
