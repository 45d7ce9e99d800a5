//! An entity's card: the entity with every relation in and out that the filter allows, grouped
//! by type and read from the entity, and the sources they cite.

use std::collections::{BTreeMap, BTreeSet};

use petgraph::Direction;
use serde::Serialize;

use super::RelationOut;
use crate::error::Error;
use crate::filter::Filter;
use crate::graph::{Graph, RelationRef};
use crate::model::{Entity, RelationType, Source};

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
    /// The sources that the entity and its relations cite.
    pub sources: Vec<&'g Source>,
    /// The relations in groups of one type read from one end (`backward`: from the other end
    /// to the entity), as the card lists them.
    #[serde(skip)]
    pub groups: Vec<Group<'g>>,
    /// The filter in words, "" when it filters nothing.
    #[serde(skip)]
    pub filter: String,
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
        sources,
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
