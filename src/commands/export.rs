//! `export FORMAT`: the whole graph or a selection (a focus, or the answer of `path`, `overlap`
//! or `exposure`), written as a Graphviz drawing (dot, svg, png) or in a format another tool
//! reads (json, graphml, ftm, cypher), to a file or to standard output.

use std::io::{IsTerminal, Write};
use std::path::Path;

use serde::Serialize;

use super::{emit, overlap, path, trail};
use crate::algo;
use crate::cli::ExportArgs;
use crate::error::Error;
use crate::export::dot::{self, Drawing};
use crate::export::selection::{self, Selection};
use crate::export::{Format, cypher, ftm, graphml, graphviz, json, write_atomically};
use crate::filter::Filter;
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
    let destination = crate::export::destination(&args.output);
    if destination.is_none() {
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

    let chosen = choose(graph, options, args)?;
    let selected = chosen.selection.select(graph, &chosen.filter);
    if selected.subgraph.is_empty() {
        let described = chosen.filter.describe();
        return Err(Error::Usage(if described.is_empty() {
            "nothing to export: the graph is empty; give data with --data".to_string()
        } else {
            format!("nothing to export: no relation passes the filter ({described}); loosen it")
        }));
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
            if !chosen.filters.is_empty() {
                title.push(format!("Filters: {}", chosen.filters));
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

    match destination {
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

/// A selection to export, with the filter it was made under and that filter in words for the
/// title.
struct Chosen {
    selection: Selection,
    filter: Filter,
    filters: String,
}

/// The selection the flags ask for. The queries read their flags as their own commands do
/// (`path`, `overlap`, `exposure`), and an answer with nothing in it is an error that says why.
fn choose(graph: &Graph, options: &Options, args: &ExportArgs) -> Result<Chosen, Error> {
    let search = &args.path_search;
    if args.path.is_none()
        && (search.directed
            || !search.avoid.is_empty()
            || search.k != 1
            || search.max_len.is_some())
    {
        return Err(Error::Usage(
            "--directed, --avoid, --k and --max-len apply to --path FROM TO".into(),
        ));
    }
    let rolled = args.overlap.is_some() || args.exposure.is_some();
    if args.rollup && !rolled {
        return Err(Error::Usage(
            "--rollup applies to --overlap and --exposure".into(),
        ));
    }
    let filter_flags = [
        ("--rel", !args.filter.rel.is_empty()),
        ("--dir", args.filter.dir.is_some()),
        ("--kind", !args.filter.kind.is_empty()),
    ];
    if rolled && let Some((flag, _)) = filter_flags.iter().find(|(_, given)| *given) {
        let (query, follows) = if args.overlap.is_some() {
            ("--overlap", "investments")
        } else {
            ("--exposure", "investments and contracts")
        };
        return Err(Error::Usage(format!(
            "{flag} does not apply to {query}, which follows {follows} (and ownership with \
             --rollup) whatever the filter; --status and --as-of do apply"
        )));
    }

    let chosen = |selection, filter: &Filter| Chosen {
        selection,
        filter: filter.clone(),
        filters: filter.describe(),
    };
    if let Some([from, to]) = args.path.as_deref() {
        let query = path::Query::new(graph, &options.filter, (from, to), &args.filter, search)?;
        let paths = query.paths(graph);
        if paths.is_empty() {
            return Err(Error::Usage(format!(
                "nothing to export: {}",
                query.why_none(graph)
            )));
        }
        return Ok(Chosen {
            selection: Selection::Paths {
                from: query.from,
                to: query.to,
                paths,
                asked: query.k,
            },
            filter: query.filter().clone(),
            filters: query.describe(graph),
        });
    }
    let filter = &options.filter;
    if let Some(names) = &args.overlap {
        let how = "(export dot --overlap SenseTime Megvii)";
        let companies = overlap::companies(graph, names, how)?;
        let found = algo::overlap(graph, &companies, filter, args.rollup);
        if found.shared.is_empty() {
            let names: Vec<&str> = companies
                .iter()
                .map(|&c| graph.entity(c).name.as_str())
                .collect();
            return Err(Error::Usage(format!(
                "nothing to export: {} share no investor{}",
                render::and_list(&names),
                trail::with_filter(filter)
            )));
        }
        let selection = Selection::Overlap {
            overlap: found,
            rollup: args.rollup,
        };
        return Ok(chosen(selection, filter));
    }
    if let Some(name) = &args.exposure {
        let investor = graph.lookup(name)?;
        let found = algo::exposure(graph, investor, filter, args.rollup);
        if found.reached.is_empty() {
            let mut message = format!(
                "nothing to export: {} reaches no government body or state-owned company \
                 through its portfolio{}",
                graph.entity(investor).name,
                trail::with_filter(filter)
            );
            if !args.rollup
                && !algo::exposure(graph, investor, filter, true)
                    .reached
                    .is_empty()
            {
                message.push_str("; with --rollup it does, through the entities it owns");
            }
            return Err(Error::Usage(message));
        }
        let selection = Selection::Exposure {
            exposure: found,
            rollup: args.rollup,
        };
        return Ok(chosen(selection, filter));
    }
    let filter = args.filter.apply(&options.filter);
    let selection = match &args.focus {
        Some(entity) => Selection::Focus {
            centre: graph.lookup(entity)?,
            depth: args.depth,
        },
        None => Selection::Whole,
    };
    Ok(chosen(selection, &filter))
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
