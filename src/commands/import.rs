//! `import PATH... [-o FILE]`: open data (or any loadable file) converted to a dealgraph
//! dataset. It is read and merged as `load` would, against the session's graph; the file holds
//! the entities the graph does not have yet and every new relation, which may name the
//! graph's own entities by id, so it loads on top of the same data (`validate FILE` checks it).

use std::io::Write;

use serde::Serialize;

use super::{emit, write_json};
use crate::cli::ImportArgs;
use crate::error::Error;
use crate::export;
use crate::graph::Graph;
use crate::load::{self, Input, LoadOptions, LoadReport};
use crate::render;
use crate::session::Options;
use crate::subgraph::Subgraph;

/// What was written, said as `export -o FILE` says it.
#[derive(Serialize)]
struct Written<'r> {
    format: export::Format,
    file: String,
    entities: usize,
    relations: usize,
    sources: usize,
    read: &'r LoadReport,
}

/// Reads the paths against the graph and writes what they add as a native dataset.
pub fn run(
    graph: &Graph,
    options: &Options,
    reading: &LoadOptions,
    args: &ImportArgs,
    out: &mut dyn Write,
) -> Result<(), Error> {
    let inputs: Vec<Input> = args.paths.iter().cloned().map(Input::Path).collect();
    let staged = load::check_with(graph, &inputs, reading)?;
    let mut combined = graph.clone();
    let (entities_before, relations_before) = (graph.entity_count(), graph.relation_count());
    let report = staged.apply(&mut combined);
    // New nodes and edges are appended, so what the files add is what lies past the old ends.
    let added = Subgraph {
        entities: combined
            .entities()
            .map(|(ix, _)| ix)
            .filter(|ix| ix.index() >= entities_before)
            .collect(),
        relations: combined
            .relations()
            .map(|r| r.index)
            .filter(|ix| ix.index() >= relations_before)
            .collect(),
    };
    let dataset = export::json::dataset(&combined, &added);
    let Some(path) = export::destination(&args.output) else {
        eprint!("{report}");
        return write_json(out, &dataset);
    };
    export::write_atomically(path, |w| write_json(w, &dataset))?;
    let written = Written {
        format: export::Format::Json,
        file: path.display().to_string(),
        entities: dataset.entities.len(),
        relations: dataset.relations.len(),
        sources: dataset.sources.len(),
        read: &report,
    };
    emit(out, options, &written, |out| {
        write!(out, "{report}")?;
        writeln!(
            out,
            "wrote {} ({}, {}, {}) to {}",
            written.format.as_str(),
            render::count(written.entities, "entity", "entities"),
            render::count(written.relations, "relation", "relations"),
            render::count(written.sources, "source", "sources"),
            written.file,
        )
    })
}
