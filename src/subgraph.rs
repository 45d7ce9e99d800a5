//! A selection of the graph: some entities and some relations between them, the unit that
//! exports write and that queries can hand to an export.

use std::collections::BTreeSet;

use crate::graph::{EntityIx, Graph, RelationIx};
use crate::model::{Entity, Relation};

/// A selected relation with its two ends, as the exports write it.
pub type RelationRow<'g> = (RelationIx, &'g Entity, &'g Entity, &'g Relation);

/// Entities and relations chosen from a graph. Every relation's ends are among the entities.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Subgraph {
    /// The selected entities.
    pub entities: BTreeSet<EntityIx>,
    /// The selected relations.
    pub relations: BTreeSet<RelationIx>,
}

impl Subgraph {
    /// The whole graph.
    pub fn whole(graph: &Graph) -> Self {
        Subgraph {
            entities: graph.entities().map(|(ix, _)| ix).collect(),
            relations: graph.relations().map(|r| r.index).collect(),
        }
    }

    /// Adds a relation and both its ends.
    pub fn add_relation(&mut self, graph: &Graph, ix: RelationIx) {
        if let Some((from, to)) = graph.inner().edge_endpoints(ix) {
            self.entities.insert(from);
            self.entities.insert(to);
            self.relations.insert(ix);
        }
    }

    /// The selected entities sorted by id: the order every export writes them in.
    pub fn entities_by_id<'g>(&self, graph: &'g Graph) -> Vec<(EntityIx, &'g Entity)> {
        let mut entities: Vec<(EntityIx, &Entity)> = self
            .entities
            .iter()
            .map(|&ix| (ix, graph.entity(ix)))
            .collect();
        entities.sort_by(|a, b| a.1.id.cmp(&b.1.id));
        entities
    }

    /// The selected relations sorted by their ends' ids, type, status and index: the order
    /// every export writes them in.
    pub fn relations_in_order<'g>(&self, graph: &'g Graph) -> Vec<RelationRow<'g>> {
        let inner = graph.inner();
        let mut relations: Vec<RelationRow<'g>> = self
            .relations
            .iter()
            .filter_map(|&ix| {
                let (from, to) = inner.edge_endpoints(ix)?;
                Some((ix, graph.entity(from), graph.entity(to), &inner[ix]))
            })
            .collect();
        relations.sort_by(|a, b| {
            (&a.1.id, &a.2.id, a.3.kind, a.3.status, a.0)
                .cmp(&(&b.1.id, &b.2.id, b.3.kind, b.3.status, b.0))
        });
        relations
    }

    /// Whether nothing is selected.
    pub fn is_empty(&self) -> bool {
        self.entities.is_empty()
    }
}
