//! What `export FORMAT` asks for, checked and carried out: the selection its flags name (the
//! whole graph, a focus, or the answer of a path, overlap or exposure query), drawn or written
//! in the format, into bytes for a file or standard output.

use std::path::PathBuf;

use super::cap::{self, LeftOut};
use super::dot::{self, Cluster, Drawing, Size};
use super::selection::{self, Selection};
use super::{Format, cypher, ftm, graphml, graphviz, json};
use crate::algo;
use crate::error::Error;
use crate::filter::{Filter, FilterChange};
use crate::graph::Graph;
use crate::query::path::{PathQuery, Search};
use crate::query::two_or_more;
use crate::text;

/// An export: what to write, of which part of the graph, and where.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportRequest {
    /// What to write.
    pub format: Format,
    /// The file to write (atomically); standard output when `None`.
    pub output: Option<PathBuf>,
    /// Only this entity and what lies within `depth` hops of it.
    pub focus: Option<String>,
    /// How many hops from the focus.
    pub depth: usize,
    /// The paths between two entities, as `path` finds them (its constraints included).
    pub path: Option<PathQuery>,
    /// Two or more companies, the investors they share and the stakes that join them.
    pub overlap: Option<Vec<String>>,
    /// An investor's chains to the government bodies and state-owned companies it reaches.
    pub exposure: Option<String>,
    /// With `overlap` or `exposure`, count a fund under its owner.
    pub rollup: bool,
    /// Mark the shortest path between two entities of the selection.
    pub highlight: Option<(String, String)>,
    /// Draw a box around the entities of each country.
    pub cluster: Option<Cluster>,
    /// The drawing's title, instead of one naming the selection and the filters.
    pub title: Option<String>,
    /// Leave the drawing's legend out.
    pub no_legend: bool,
    /// The resolution of a PNG, in dots per inch.
    pub dpi: Option<u32>,
    /// The largest size of the drawing, in pixels.
    pub size: Option<Size>,
    /// The most entities a drawing holds (0: no limit); [`cap::DEFAULT_MAX_ENTITIES`] when
    /// not given.
    pub max_entities: Option<usize>,
}

impl ExportRequest {
    /// The whole graph in `format`, to standard output.
    pub fn new(format: Format) -> Self {
        ExportRequest {
            format,
            output: None,
            focus: None,
            depth: 1,
            path: None,
            overlap: None,
            exposure: None,
            rollup: false,
            highlight: None,
            cluster: None,
            title: None,
            no_legend: false,
            dpi: None,
            size: None,
            max_entities: None,
        }
    }
}

/// What an export made, before it is written anywhere.
#[derive(Debug)]
pub struct Made {
    /// The bytes of the file.
    pub bytes: Vec<u8>,
    /// How many entities and relations it holds.
    pub entities: usize,
    /// How many relations it holds.
    pub relations: usize,
    /// What Graphviz warned of while rendering, if anything.
    pub warnings: String,
    /// What a drawing of a large selection left out, if anything.
    pub left_out: Option<LeftOut>,
}

/// Makes the export `request` asks for, with `change` on top of the session's `base` filter.
pub fn make(
    graph: &Graph,
    base: &Filter,
    change: &FilterChange,
    request: &ExportRequest,
) -> Result<Made, Error> {
    let format = request.format;
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
        request.highlight.is_some(),
        format.is_drawing() || format == Format::Graphml,
        "dot, svg, png and graphml",
    )?;
    only(
        "--cluster",
        request.cluster.is_some(),
        format.is_drawing(),
        "dot, svg and png",
    )?;
    only(
        "--title",
        request.title.is_some(),
        format.is_drawing(),
        "dot, svg and png",
    )?;
    only(
        "--no-legend",
        request.no_legend,
        format.is_drawing(),
        "dot, svg and png",
    )?;

    only(
        "--dpi",
        request.dpi.is_some(),
        matches!(format, Format::Dot | Format::Png),
        "png (and dot, which carries it)",
    )?;
    only(
        "--size",
        request.size.is_some(),
        format.is_drawing(),
        "dot, svg and png",
    )?;
    only(
        "--max-entities",
        request.max_entities.is_some(),
        format.is_drawing(),
        "dot, svg and png (the other formats write the whole selection)",
    )?;

    let chosen = choose(graph, base, change, request)?;
    let selected = chosen.selection.select(graph, &chosen.filter);
    if selected.subgraph.is_empty() {
        let described = chosen.filter.describe();
        return Err(Error::Usage(if described.is_empty() {
            "nothing to export: the graph is empty; give data with --data".to_string()
        } else {
            format!("nothing to export: no relation passes the filter ({described}); loosen it")
        }));
    }
    let highlight = match &request.highlight {
        Some((from, to)) => Some((
            selection::highlight(graph, &selected.subgraph, from, to)?,
            (from.as_str(), to.as_str()),
        )),
        None => None,
    };
    // Only a drawing is cut down: the other formats are data, written whole.
    let cut = if format.is_drawing() {
        let mut focus = chosen.selection.focus();
        if let Some((path, _)) = &highlight {
            focus.extend(path.entities.iter().copied());
        }
        let max = request.max_entities.unwrap_or(cap::DEFAULT_MAX_ENTITIES);
        cap::cap(graph, &selected.subgraph, &focus, max)
    } else {
        None
    };
    let subgraph = cut
        .as_ref()
        .map_or(&selected.subgraph, |(capped, _)| capped);
    let left_out = cut.as_ref().map(|(_, left_out)| *left_out);

    let mut warnings = String::new();
    let mut bytes = Vec::new();
    match format {
        Format::Dot | Format::Svg | Format::Png => {
            let mut title = vec![
                request
                    .title
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
            title.extend(left_out.map(|l| l.title_line()));
            let drawing = Drawing {
                title,
                cluster: request.cluster,
                highlight: highlight.as_ref().map(|(path, _)| path),
                no_legend: request.no_legend,
                dpi: request.dpi,
                size: request.size,
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
    Ok(Made {
        bytes,
        entities: subgraph.entities.len(),
        relations: subgraph.relations.len(),
        warnings,
        left_out,
    })
}

/// A selection to export, with the filter it was made under and that filter in words for the
/// title.
struct Chosen {
    selection: Selection,
    filter: Filter,
    filters: String,
}

/// The selection the request names. The queries read their constraints as their own commands
/// do (`path`, `overlap`, `exposure`), and an answer with nothing in it is an error that says
/// why.
fn choose(
    graph: &Graph,
    base: &Filter,
    change: &FilterChange,
    request: &ExportRequest,
) -> Result<Chosen, Error> {
    let rolled = request.overlap.is_some() || request.exposure.is_some();
    if request.rollup && !rolled {
        return Err(Error::Usage(
            "--rollup applies to --overlap and --exposure".into(),
        ));
    }
    if rolled && change.changes_shape() {
        let flag = if change.types.is_some() {
            "--rel"
        } else if change.direction.is_some() {
            "--dir"
        } else {
            "--kind"
        };
        let (query, follows) = if request.overlap.is_some() {
            ("--overlap", "investments")
        } else {
            ("--exposure", "investments and contracts")
        };
        return Err(Error::Usage(format!(
            "{flag} does not apply to {query}, which follows {follows} (and ownership with \
             --rollup) whatever the filter; --status and --as-of do apply"
        )));
    }
    let full = base.with(change);
    let chosen = |selection, filter: &Filter| Chosen {
        selection,
        filter: filter.clone(),
        filters: filter.describe(),
    };
    if let Some(query) = &request.path {
        let search = Search::new(graph, &full, query)?;
        let paths = search.paths(graph);
        if paths.is_empty() {
            return Err(Error::Usage(format!(
                "nothing to export: {}",
                search.why_none(graph).message
            )));
        }
        return Ok(Chosen {
            selection: Selection::Paths {
                from: search.from,
                to: search.to,
                paths,
                asked: search.k,
            },
            filter: search.filter().clone(),
            filters: search.describe(graph),
        });
    }
    // Overlap and exposure take only the statuses and the date (checked above).
    let filter = &full;
    if let Some(names) = &request.overlap {
        let how = "(export dot --overlap SenseTime Megvii)";
        let companies = two_or_more(graph, names, how)?;
        let found = algo::overlap(graph, &companies, filter, request.rollup);
        if found.shared.is_empty() {
            let names: Vec<&str> = companies
                .iter()
                .map(|&c| graph.entity(c).name.as_str())
                .collect();
            return Err(Error::Usage(format!(
                "nothing to export: {} share no investor{}",
                text::and_list(&names),
                filter.with_words()
            )));
        }
        let selection = Selection::Overlap {
            overlap: found,
            rollup: request.rollup,
        };
        return Ok(chosen(selection, filter));
    }
    if let Some(name) = &request.exposure {
        let investor = graph.lookup(name)?;
        let found = algo::exposure(graph, investor, filter, request.rollup);
        if found.reached.is_empty() {
            let mut message = format!(
                "nothing to export: {} reaches no government body or state-owned company by its \
                 own contracts or through its portfolio{}",
                graph.entity(investor).name,
                filter.with_words()
            );
            if !request.rollup
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
            rollup: request.rollup,
        };
        return Ok(chosen(selection, filter));
    }
    let selection = match &request.focus {
        Some(entity) => Selection::Focus {
            centre: graph.lookup(entity)?,
            depth: request.depth,
        },
        None => Selection::Whole,
    };
    Ok(chosen(selection, filter))
}
