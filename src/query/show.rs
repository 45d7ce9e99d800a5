//! An entity's card: the entity with every relation in and out that the filter allows, grouped
//! by type and read from the entity, and the sources they cite.

use std::collections::{BTreeMap, BTreeSet};

use petgraph::Direction;
use serde::Serialize;

use super::{EntityBrief, RelationOut};
use crate::error::Error;
use crate::filter::Filter;
use crate::graph::{Graph, RelationRef};
use crate::model::{Entity, Relation, RelationType, Source};
use crate::render::{Total, totals};

/// An entity's card.
#[derive(Debug, Serialize)]
pub struct Card<'g> {
    /// The entity.
    pub entity: &'g Entity,
    /// Its relations that pass the filter, by group: type, then outgoing before incoming, each
    /// group by the name of the entity at the other end.
    pub relations: Vec<RelationOut<'g>>,
    /// How many of its relations the filter hid.
    pub hidden_by_filter: usize,
    /// The positions in the entity's `designations` of those not in force on the `--as-of`
    /// day (listed later, or ended before it); none without `--as-of`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub designations_not_in_force: Vec<usize>,
    /// The sources that the entity and its relations cite.
    pub sources: Vec<&'g Source>,
    /// For each group of relations of one type and one way that holds two amounts or more,
    /// their amounts added up, by counterparty and by year, by currency.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub totals: Vec<GroupTotals<'g>>,
    /// The relations in groups of one type read from one end (`backward`: from the other end
    /// to the entity), as the card lists them.
    #[serde(skip)]
    pub groups: Vec<Group<'g>>,
    /// The filter in words, "" when it filters nothing.
    #[serde(skip)]
    pub filter: String,
    /// The `--as-of` day the designations were judged on.
    #[serde(skip)]
    pub as_of: Option<crate::date::PartialDate>,
    /// The graph the answer is about.
    #[serde(skip)]
    pub graph: &'g Graph,
}

/// Relations of one type read from one end of them.
#[derive(Debug)]
pub struct Group<'g> {
    /// Their type.
    pub kind: RelationType,
    /// Whether they point at the entity (read backward, "funded by").
    pub backward: bool,
    /// The relations, by the name of the entity at the other end.
    pub relations: Vec<RelationRef<'g>>,
}

/// The amounts of a group of relations added up (two currencies never added).
#[derive(Debug, Serialize)]
pub struct GroupTotals<'g> {
    /// Their type.
    #[serde(rename = "type")]
    pub kind: RelationType,
    /// `out` for relations from the entity, `in` for relations to it.
    pub direction: &'static str,
    /// How many relations of the group have an amount.
    pub amounts: usize,
    /// All of them, by currency.
    pub totals: Vec<Total>,
    /// By the entity at the other end, largest first.
    pub by_counterparty: Vec<PartyTotal<'g>>,
    /// By year (of the date, else the start, else the end), for the dated ones.
    pub by_year: Vec<YearTotal>,
}

/// The amounts of one counterparty of a group.
#[derive(Debug, Serialize)]
pub struct PartyTotal<'g> {
    /// The counterparty.
    #[serde(flatten)]
    pub entity: EntityBrief<'g>,
    /// How many of its relations have an amount.
    pub amounts: usize,
    /// Their sum, by currency.
    pub totals: Vec<Total>,
}

/// The amounts of one year of a group.
#[derive(Debug, Serialize)]
pub struct YearTotal {
    /// The year.
    pub year: i32,
    /// How many relations of that year have an amount.
    pub amounts: usize,
    /// Their sum, by currency.
    pub totals: Vec<Total>,
}

/// The totals of a group, if it holds two amounts or more.
fn group_totals<'g>(
    graph: &'g Graph,
    kind: RelationType,
    backward: bool,
    list: &[RelationRef<'g>],
) -> Option<GroupTotals<'g>> {
    let with_amount: Vec<&RelationRef<'g>> = list
        .iter()
        .filter(|r| r.relation.details().amount.is_some())
        .collect();
    if with_amount.len() < 2 {
        return None;
    }
    let mut by_party: BTreeMap<crate::graph::EntityIx, Vec<&'g Relation>> = BTreeMap::new();
    let mut by_year: BTreeMap<i32, Vec<&'g Relation>> = BTreeMap::new();
    for r in &with_amount {
        let other = if backward { r.from } else { r.to };
        by_party.entry(other).or_default().push(r.relation);
        let year = r.relation.began().or(r.relation.end.as_ref());
        if let Some(year) = year.map(|d| d.year_part()) {
            by_year.entry(year).or_default().push(r.relation);
        }
    }
    let first = |t: &[Total]| t.first().map_or(0.0, |t| t.value);
    let mut parties: Vec<PartyTotal<'g>> = by_party
        .into_iter()
        .map(|(other, relations)| PartyTotal {
            entity: EntityBrief::new(graph, other),
            amounts: relations.len(),
            totals: totals(relations),
        })
        .collect();
    parties.sort_by(|a, b| {
        first(&b.totals)
            .total_cmp(&first(&a.totals))
            .then(a.entity.name.cmp(b.entity.name))
            .then(a.entity.id.cmp(b.entity.id))
    });
    Some(GroupTotals {
        kind,
        direction: if backward { "in" } else { "out" },
        amounts: with_amount.len(),
        totals: totals(with_amount.iter().map(|r| r.relation)),
        by_counterparty: parties,
        by_year: by_year
            .into_iter()
            .map(|(year, relations)| YearTotal {
                year,
                amounts: relations.len(),
                totals: totals(relations),
            })
            .collect(),
    })
}

/// The card of the entity `name` names.
pub fn show<'g>(graph: &'g Graph, filter: &Filter, name: &str) -> Result<Card<'g>, Error> {
    let ix = graph.lookup(name)?;
    let entity = graph.entity(ix);
    let mut groups: BTreeMap<(RelationType, bool), Vec<RelationRef<'g>>> = BTreeMap::new();
    let mut hidden = 0;
    for (direction, outgoing) in [(Direction::Outgoing, true), (Direction::Incoming, false)] {
        for r in graph.relations_of(ix, direction) {
            if filter.allows_relation(r.relation) {
                // Reading outgoing first puts "invests in" before "funded by".
                groups
                    .entry((r.relation.kind, !outgoing))
                    .or_default()
                    .push(r);
            } else {
                hidden += 1;
            }
        }
    }
    for ((_, backward), list) in groups.iter_mut() {
        list.sort_by(|a, b| {
            let (x, y) = if *backward {
                (a.from, b.from)
            } else {
                (a.to, b.to)
            };
            graph
                .entity(x)
                .name
                .cmp(&graph.entity(y).name)
                .then(a.relation.status.cmp(&b.relation.status))
                .then(a.index.cmp(&b.index))
        });
    }
    let cited: BTreeSet<&str> = entity
        .citations()
        .chain(groups.values().flatten().flat_map(|r| &r.relation.sources))
        .map(|s| s.source.as_str())
        .collect();
    let sources: Vec<&Source> = cited
        .iter()
        .filter_map(|id| graph.sources().get(*id))
        .collect();
    Ok(Card {
        entity,
        relations: groups
            .values()
            .flatten()
            .map(|r| RelationOut::new(graph, filter, r.index))
            .collect(),
        hidden_by_filter: hidden,
        designations_not_in_force: entity
            .details()
            .designations
            .iter()
            .enumerate()
            .filter(|(_, listing)| !listing.in_force(filter.as_of.as_ref()))
            .map(|(at, _)| at)
            .collect(),
        as_of: filter.as_of,
        sources,
        totals: groups
            .iter()
            .filter_map(|((kind, backward), list)| group_totals(graph, *kind, *backward, list))
            .collect(),
        groups: groups
            .into_iter()
            .map(|((kind, backward), relations)| Group {
                kind,
                backward,
                relations,
            })
            .collect(),
        filter: filter.describe(),
        graph,
    })
}
