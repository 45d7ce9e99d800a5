//! A selection of the graph: some entities and some relations between them, the unit that
//! exports write and that queries can hand to an export.

use std::collections::BTreeSet;

use crate::graph::{EntityIx, Graph, RelationIx};

/// Entities and relations chosen from a graph. Every relation's ends are among the entities.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Subgraph {
    pub entities: BTreeSet<EntityIx>,
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

    /// Whether nothing is selected.
    pub fn is_empty(&self) -> bool {
        self.entities.is_empty()
    }
}
