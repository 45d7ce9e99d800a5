//! Who owns an entity and what it owns: the entities with `owns` relations to it, and to its
//! owners in turn, or from it and its subsidiaries in turn, nearest first, each with the
//! relations (and stakes) that join it to the nearer one.

use std::collections::BTreeSet;

use serde::Serialize;

use super::{EntityBrief, RelationOut};
use crate::algo;
use crate::error::Error;
use crate::filter::{Direction, Filter};
use crate::graph::{EntityIx, Graph};
use crate::model::RelationType;

/// The owners of an entity, direct and indirect.
#[derive(Debug, Serialize)]
pub struct Owners<'g> {
    /// The entity owned.
    pub entity: EntityBrief<'g>,
    /// The filter in words, "" when it filters nothing.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub filter: String,
    /// Its owners, nearest first, then by name.
    pub owners: Vec<Owner<'g>>,
    /// When it has none: what it is instead, and the command that fits.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// The graph the answer is about.
    #[serde(skip)]
    pub graph: &'g Graph,
}

/// An owner, how many `owns` relations up it is, and the relations by which it owns the
/// entities nearer the one asked about.
#[derive(Debug, Serialize)]
pub struct Owner<'g> {
    /// The owner.
    #[serde(flatten)]
    pub owner: EntityBrief<'g>,
    /// 1 for a direct owner, 2 for an owner's owner, ...
    pub distance: usize,
    /// Its `owns` relations to the nearer entities, with their stakes.
    pub owns: Vec<RelationOut<'g>>,
}

/// The owners of the entity `name` names, under the statuses and date of `filter`.
///
/// # Example
/// ```
/// use dealgraph::{filter::Filter, load::{self, Input}, query::owners::owners};
///
/// let (graph, _) = load::load(&[Input::Bundled]).unwrap();
/// let found = owners(&graph, &Filter::all(), "SoftBank Vision Fund").unwrap();
/// assert_eq!(found.owners[0].owner.name, "SoftBank");
/// ```
pub fn owners<'g>(graph: &'g Graph, filter: &Filter, name: &str) -> Result<Owners<'g>, Error> {
    let entity = graph.lookup(name)?;
    let (filter, owners) = ownership(graph, filter, entity, Direction::In);
    let hint = if owners.is_empty() {
        super::other_roles(graph, entity, &[super::Role::Owned])
    } else {
        None
    };
    Ok(Owners {
        entity: EntityBrief::new(graph, entity),
        filter,
        owners,
        hint,
        graph,
    })
}

/// What an entity owns, direct and indirect.
#[derive(Debug, Serialize)]
pub struct Subsidiaries<'g> {
    /// The owner.
    pub entity: EntityBrief<'g>,
    /// The filter in words, "" when it filters nothing.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub filter: String,
    /// What it owns, nearest first, then by name; each with the relations by which the nearer
    /// entity owns it (`owner` is then the subsidiary).
    pub subsidiaries: Vec<Owner<'g>>,
    /// When it has none: what it is instead, and the command that fits.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// The graph the answer is about.
    #[serde(skip)]
    pub graph: &'g Graph,
}

/// What the entity `name` names owns, directly or through its subsidiaries, under the statuses
/// and date of `filter`.
///
/// # Example
/// ```
/// use dealgraph::{filter::Filter, load::{self, Input}, query::owners::subsidiaries};
///
/// let (graph, _) = load::load(&[Input::Bundled]).unwrap();
/// let found = subsidiaries(&graph, &Filter::all(), "SoftBank").unwrap();
/// assert_eq!(found.subsidiaries[0].owner.name, "SoftBank Vision Fund");
/// ```
pub fn subsidiaries<'g>(
    graph: &'g Graph,
    filter: &Filter,
    name: &str,
) -> Result<Subsidiaries<'g>, Error> {
    let entity = graph.lookup(name)?;
    let (filter, subsidiaries) = ownership(graph, filter, entity, Direction::Out);
    let hint = if subsidiaries.is_empty() {
        super::other_roles(graph, entity, &[super::Role::Owns])
    } else {
        None
    };
    Ok(Subsidiaries {
        entity: EntityBrief::new(graph, entity),
        filter,
        subsidiaries,
        hint,
        graph,
    })
}

/// The filter in words and the entities `owns` reaches from `entity` in `direction`.
fn ownership<'g>(
    graph: &'g Graph,
    filter: &Filter,
    entity: EntityIx,
    direction: Direction,
) -> (String, Vec<Owner<'g>>) {
    let walk = Filter {
        types: BTreeSet::from([RelationType::Owns]),
        kinds: BTreeSet::new(),
        direction,
        ..filter.clone()
    };
    let near = algo::neighbourhood(graph, entity, &walk, usize::MAX, usize::MAX);
    let found = near
        .reached
        .iter()
        .map(|r| Owner {
            owner: EntityBrief::new(graph, r.entity),
            distance: r.distance,
            owns: RelationOut::all(graph, &walk, &r.via),
        })
        .collect();
    (filter.describe(), found)
}
