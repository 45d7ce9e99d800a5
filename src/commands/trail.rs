//! Relations as evidence, as every command shows them: a relation in its true direction (a
//! sentence) or read from one end (a row of a list), with its status, facts and sources, and
//! paths and chains of them, as text and as JSON.

use std::io::{self, Write};

use serde::Serialize;

use super::EntityBrief;
use crate::algo::Path;
use crate::filter::Filter;
use crate::graph::{Graph, RelationIx, RelationRef};
use crate::model::{Relation, Status};
use crate::render;
use crate::session::Options;

/// A relation of the graph with its ends.
pub fn relation_ref(graph: &Graph, ix: RelationIx) -> RelationRef<'_> {
    // Every index the commands print comes from an algorithm run on this very graph, and
    // relations are never removed, so the edge exists.
    graph.relation(ix).expect("a relation of this graph")
}

/// Whether a relation counts as in force only because it has no date (with `--as-of`).
pub fn undated(filter: &Filter, r: &RelationRef<'_>) -> bool {
    filter.as_of.is_some() && !r.relation.is_dated()
}

/// A relation as every command writes it in JSON: its ends by id and name, its own fields
/// (`type`, `status`, `sources`, ...), and `undated` when `--as-of` counts it as in force for
/// want of a date.
#[derive(Debug, Serialize)]
pub struct RelationOut<'g> {
    pub from: &'g str,
    pub from_name: &'g str,
    pub to: &'g str,
    pub to_name: &'g str,
    #[serde(flatten)]
    pub relation: &'g Relation,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub undated: bool,
}

impl<'g> RelationOut<'g> {
    pub fn new(graph: &'g Graph, filter: &Filter, ix: RelationIx) -> Self {
        let r = relation_ref(graph, ix);
        let (from, to) = (graph.entity(r.from), graph.entity(r.to));
        RelationOut {
            from: &from.id,
            from_name: &from.name,
            to: &to.id,
            to_name: &to.name,
            relation: r.relation,
            undated: undated(filter, &r),
        }
    }

    pub fn all(graph: &'g Graph, filter: &Filter, list: &[RelationIx]) -> Vec<Self> {
        list.iter()
            .map(|&r| RelationOut::new(graph, filter, r))
            .collect()
    }
}

/// A path as JSON: its entities, length, weakest status and hops.
#[derive(Debug, Serialize)]
pub struct PathOut<'g> {
    pub length: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weakest_status: Option<Status>,
    pub entities: Vec<EntityBrief<'g>>,
    pub hops: Vec<HopOut<'g>>,
}

/// One hop of a path: the two entities in the order walked, and the relations between them.
#[derive(Debug, Serialize)]
pub struct HopOut<'g> {
    pub from: &'g str,
    pub to: &'g str,
    pub relations: Vec<RelationOut<'g>>,
}

impl<'g> PathOut<'g> {
    pub fn new(graph: &'g Graph, filter: &Filter, path: &Path) -> Self {
        PathOut {
            length: path.len(),
            weakest_status: path.weakest(graph),
            entities: path
                .entities
                .iter()
                .map(|&e| EntityBrief::new(graph, e))
                .collect(),
            hops: path
                .entities
                .windows(2)
                .zip(&path.hops)
                .map(|(pair, hop)| HopOut {
                    from: &graph.entity(pair[0]).id,
                    to: &graph.entity(pair[1]).id,
                    relations: RelationOut::all(graph, filter, hop),
                })
                .collect(),
        }
    }
}

/// A relation as a sentence in its true direction: `SoftBank Vision Fund  invests in
/// SenseTime  reported  USD 1 billion`.
pub fn sentence(graph: &Graph, options: &Options, ix: RelationIx) -> String {
    let paint = &options.paint;
    let r = relation_ref(graph, ix);
    format!(
        "{}  {}  {}  {}",
        paint.name(&graph.entity(r.from).name),
        r.relation.kind.phrase(true),
        paint.name(&graph.entity(r.to).name),
        status_and_details(options, &r),
    )
}

/// A relation's status, then its facts: `reported  USD 1 billion`.
fn status_and_details(options: &Options, r: &RelationRef<'_>) -> String {
    let mut text = options.paint.status(r.relation.status);
    for detail in details(&options.filter, r) {
        text.push_str("  ");
        text.push_str(&detail);
    }
    text
}

/// The facts of a relation after its status, with "undated" when `--as-of` counts it as in
/// force for want of a date.
pub fn details(filter: &Filter, r: &RelationRef<'_>) -> Vec<String> {
    let mut parts = render::relation_details(r.relation);
    if undated(filter, r) {
        parts.push("undated".into());
    }
    parts
}

/// Writes a relation as a sentence, then its note and sources indented under it.
pub fn write_relation(
    out: &mut dyn Write,
    graph: &Graph,
    options: &Options,
    ix: RelationIx,
    indent: &str,
) -> io::Result<()> {
    writeln!(out, "{indent}{}", sentence(graph, options, ix))?;
    let deeper = format!("{indent}    ");
    render::evidence(out, graph, &options.paint, &graph.inner()[ix], &deeper)
}

/// Writes a relation read from one of its ends as a row of a list: `label` (the entity at the
/// other end, or nothing under it for its next relation) padded to `width`, the status and
/// facts, then its note and sources under it: `  Alibaba        confirmed  USD 10 million`.
pub fn write_row(
    out: &mut dyn Write,
    graph: &Graph,
    options: &Options,
    label: &str,
    width: usize,
    r: &RelationRef<'_>,
) -> io::Result<()> {
    writeln!(
        out,
        "  {}  {}",
        options.paint.name(&render::pad(label, width)),
        status_and_details(options, r)
    )?;
    render::evidence(out, graph, &options.paint, r.relation, "      ")
}

/// Writes every relation of every hop of a path, with its evidence.
pub fn write_hops(
    out: &mut dyn Write,
    graph: &Graph,
    options: &Options,
    path: &Path,
    indent: &str,
) -> io::Result<()> {
    for &r in path.hops.iter().flatten() {
        write_relation(out, graph, options, r, indent)?;
    }
    Ok(())
}

/// The entities of a path joined by arrows, and its length and weakest status:
/// `A → B → C  (2 hops, weakest status reported)`.
pub fn headline(graph: &Graph, options: &Options, path: &Path) -> String {
    let names: Vec<String> = path
        .entities
        .iter()
        .map(|&e| options.paint.name(&graph.entity(e).name))
        .collect();
    let mut facts = render::count(path.len(), "hop", "hops");
    if let Some(weakest) = path.weakest(graph) {
        facts.push_str(&format!(
            ", weakest status {}",
            options.paint.status(weakest)
        ));
    }
    format!("{}  ({facts})", names.join(" → "))
}

/// " with FILTER" for a sentence (`no path ... with status confirmed, as of 2018`), or ""
/// when it filters nothing.
pub fn with_filter(filter: &Filter) -> String {
    let described = filter.describe();
    if described.is_empty() {
        String::new()
    } else {
        format!(" with {}", described.replace("; ", ", "))
    }
}

/// The note under a list cut short: `6 more entities; --limit 11 lists them all`, counting
/// `cut` of `what` (one, many) left out by `flag`, which lists all `total` when raised to it.
pub fn cut_note(
    out: &mut dyn Write,
    cut: usize,
    (one, many): (&str, &str),
    flag: &str,
    total: usize,
) -> io::Result<()> {
    writeln!(
        out,
        "{}; {flag} {total} lists them all",
        render::more(cut, one, many)
    )
}

/// The closing note of an answer that leaves out what the filter hides: `1 more investment
/// hidden by the filter (status confirmed)`, counting `hidden` of `what` (one, many); when the
/// filter hid none, the [`filter_note`].
pub fn hidden_note(
    out: &mut dyn Write,
    hidden: usize,
    (one, many): (&str, &str),
    described: &str,
) -> io::Result<()> {
    if hidden == 0 {
        return filter_note(out, described);
    }
    writeln!(
        out,
        "{} hidden by the filter ({described})",
        render::more(hidden, one, many)
    )
}

/// The closing note of an answer that was filtered, with the filter in words (`described`),
/// or nothing when it filters nothing.
pub fn filter_note(out: &mut dyn Write, described: &str) -> io::Result<()> {
    if described.is_empty() {
        Ok(())
    } else {
        writeln!(out, "filter: {described}")
    }
}
