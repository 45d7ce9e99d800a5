//! `export FORMAT`: the whole graph or a selection, written as a Graphviz drawing (dot, svg,
//! png) or in a format another tool reads (json, graphml, ftm, cypher), to a file or to
//! standard output.

use std::io::{IsTerminal, Write};
use std::path::Path;

use serde::Serialize;

use super::emit;
use crate::cli::ExportArgs;
use crate::error::Error;
use crate::export::dot::{self, Drawing};
use crate::export::selection::{self, Selection};
use crate::export::{Format, cypher, ftm, graphml, graphviz, json, write_atomically};
use crate::graph::Graph;
use crate::render;
use crate::session::Options;
use crate::subgraph::Subgraph;

#[derive(Serialize)]
struct Written<'a> {
    format: Format,
    file: String,
    entities: usize,
    relations: usize,
    #[serde(skip_serializing_if = "str::is_empty")]
    warnings: &'a str,
}

pub fn run(
    graph: &Graph,
    options: &Options,
    args: &ExportArgs,
    out: &mut dyn Write,
) -> Result<(), Error> {
    let format = args.format;
    let only = |flag: &str, given: bool, allowed: bool, formats: &str| {
        if given && !allowed {
            Err(Error::Usage(format!(
                "{flag} applies to {formats}, not to {}",
                format.as_str()
            )))
        } else {
            Ok(())
        }
    };
    only(
        "--highlight",
        args.highlight.is_some(),
        format.is_drawing() || format == Format::Graphml,
        "dot, svg, png and graphml",
    )?;
    only(
        "--cluster",
        args.cluster.is_some(),
        format.is_drawing(),
        "dot, svg and png",
    )?;
    only(
        "--title",
        args.title.is_some(),
        format.is_drawing(),
        "dot, svg and png",
    )?;
    if args.output.is_none() {
        if format.is_image() && std::io::stdout().is_terminal() {
            return Err(Error::Usage(format!(
                "{} is a picture, not text for the terminal: write it to a file with -o FILE \
                 (e.g. `export {} -o graph.{}`), or redirect standard output",
                format.as_str(),
                format.as_str(),
                format.as_str()
            )));
        }
        if options.json && format != Format::Json {
            return Err(Error::Usage(format!(
                "--json prints one JSON document, and {} is not JSON: write it to a file with -o FILE",
                format.as_str()
            )));
        }
    }

    let filter = args.filter.apply(&options.filter);
    let source = match &args.focus {
        Some(entity) => Selection::Focus {
            entity: entity.clone(),
            depth: args.depth,
        },
        None => Selection::Whole,
    };
    let selected = source.select(graph, &filter)?;
    if selected.subgraph.is_empty() {
        return Err(Error::Usage(format!(
            "nothing to export: no relation passes the filter ({})",
            filter.describe()
        )));
    }
    let subgraph = &selected.subgraph;
    let highlight = match args.highlight.as_deref() {
        Some([from, to]) => Some((
            selection::highlight(graph, subgraph, from, to)?,
            (from.as_str(), to.as_str()),
        )),
        _ => None,
    };

    let mut warnings = String::new();
    let mut bytes = Vec::new();
    match format {
        Format::Dot | Format::Svg | Format::Png => {
            let mut title = vec![
                args.title
                    .clone()
                    .unwrap_or_else(|| selected.description.clone()),
            ];
            let described = filter.describe();
            if !described.is_empty() {
                title.push(format!("Filters: {described}"));
            }
            if let Some((_, (from, to))) = &highlight {
                let name = |text: &str| {
                    graph
                        .lookup(text)
                        .map(|ix| graph.entity(ix).name.clone())
                        .unwrap_or_else(|_| text.to_string())
                };
                title.push(format!(
                    "Marked: the shortest path from {} to {}",
                    name(from),
                    name(to)
                ));
            }
            title.extend(dot::sources_line(graph, subgraph));
            let drawing = Drawing {
                title,
                cluster: args.cluster,
                highlight: highlight.as_ref().map(|(path, _)| path),
            };
            let text = dot::to_string(graph, subgraph, &drawing);
            if format == Format::Dot {
                bytes = text.into_bytes();
            } else {
                let rendered = graphviz::render(&text, format.as_str())?;
                bytes = rendered.picture;
                warnings = rendered.warnings;
            }
        }
        Format::Json => json::write(graph, subgraph, &mut bytes)?,
        Format::Graphml => graphml::write(
            graph,
            subgraph,
            highlight.as_ref().map(|(path, _)| path),
            &mut bytes,
        )?,
        Format::Ftm => ftm::write(graph, subgraph, &mut bytes)?,
        Format::Cypher => cypher::write(graph, subgraph, &mut bytes)?,
    }

    match &args.output {
        None => {
            out.write_all(&bytes)?;
            if !warnings.is_empty() {
                eprintln!("Graphviz warned: {warnings}");
            }
            Ok(())
        }
        Some(path) => {
            write_atomically(path, |w| {
                w.write_all(&bytes)
                    .map_err(|e| Error::io(format!("cannot write {}", path.display()), e))
            })?;
            report(out, options, format, path, subgraph, &warnings)
        }
    }
}

/// Says what was written where.
fn report(
    out: &mut dyn Write,
    options: &Options,
    format: Format,
    path: &Path,
    subgraph: &Subgraph,
    warnings: &str,
) -> Result<(), Error> {
    let written = Written {
        format,
        file: path.display().to_string(),
        entities: subgraph.entities.len(),
        relations: subgraph.relations.len(),
        warnings,
    };
    emit(out, options, &written, |out| {
        writeln!(
            out,
            "wrote {} ({}, {}) to {}",
            format.as_str(),
            render::count(written.entities, "entity", "entities"),
            render::count(written.relations, "relation", "relations"),
            written.file
        )?;
        if !warnings.is_empty() {
            writeln!(out, "Graphviz warned: {warnings}")?;
        }
        Ok(())
    })
}
