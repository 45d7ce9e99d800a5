//! The native dataset format, written: what `load` reads back into the same graph.

use std::collections::BTreeSet;
use std::io::Write;

use serde::Serialize;

use crate::error::Error;
use crate::graph::Graph;
use crate::model::{Entity, Relation, Source};
use crate::subgraph::Subgraph;

/// A relation with its ends by id, as the native format writes it.
#[derive(Debug, Serialize)]
pub struct RelationRecord<'g> {
    /// The id of the entity the relation goes from.
    pub from: &'g str,
    /// The id of the entity it goes to.
    pub to: &'g str,
    /// The relation's own fields.
    #[serde(flatten)]
    pub relation: &'g Relation,
}

/// A dataset borrowed from a graph, ready to serialize.
#[derive(Debug, Serialize)]
pub struct DatasetOut<'g> {
    /// What the dataset holds, in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The sources its facts cite.
    pub sources: Vec<&'g Source>,
    /// Its entities.
    pub entities: Vec<&'g Entity>,
    /// Its relations.
    pub relations: Vec<RelationRecord<'g>>,
}

/// The selection as a native dataset: entities by id, relations by their ends and type, and
/// only the sources they cite, so the output is the same for the same selection.
pub fn dataset<'g>(graph: &'g Graph, selection: &Subgraph) -> DatasetOut<'g> {
    let entities: Vec<&Entity> = selection
        .entities_by_id(graph)
        .into_iter()
        .map(|(_, e)| e)
        .collect();
    let relations: Vec<RelationRecord<'g>> = selection
        .relations_in_order(graph)
        .into_iter()
        .map(|(_, from, to, relation)| RelationRecord {
            from: &from.id,
            to: &to.id,
            relation,
        })
        .collect();
    let cited: BTreeSet<&str> = entities
        .iter()
        .flat_map(|e| e.citations())
        .chain(relations.iter().flat_map(|r| &r.relation.sources))
        .map(|s| s.source.as_str())
        .collect();
    DatasetOut {
        description: None,
        sources: cited
            .iter()
            .filter_map(|id| graph.sources().get(*id))
            .collect(),
        entities,
        relations,
    }
}

/// Writes the selection as a native dataset.
pub fn write(graph: &Graph, selection: &Subgraph, out: &mut dyn Write) -> Result<(), Error> {
    write_pretty(out, &dataset(graph, selection))
}

/// Writes one pretty JSON document and a newline.
pub fn write_pretty<T: serde::Serialize + ?Sized>(
    out: &mut dyn Write,
    value: &T,
) -> Result<(), Error> {
    serde_json::to_writer_pretty(&mut *out, value)
        .map_err(|e| Error::from(std::io::Error::from(e)))?;
    writeln!(out)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{self, Input};

    #[test]
    fn the_bundled_graph_round_trips_through_the_native_format() {
        let (graph, _) = load::load(&[Input::Bundled]).unwrap();
        let mut text = Vec::new();
        write(&graph, &Subgraph::whole(&graph), &mut text).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.json");
        std::fs::write(&path, &text).unwrap();
        let (again, _) = load::load(&[Input::Path(path)]).unwrap();
        let mut text_again = Vec::new();
        write(&again, &Subgraph::whole(&again), &mut text_again).unwrap();
        assert_eq!(
            String::from_utf8(text).unwrap(),
            String::from_utf8(text_again).unwrap()
        );
        assert_eq!(again.entity_count(), graph.entity_count());
        assert_eq!(again.relation_count(), graph.relation_count());
    }
}
