//! Relations as evidence, as every text answer shows them: a relation in its true direction (a
//! sentence) or read from one end (a row of a list), with its status, facts and sources, and
//! paths and chains of them; and the notes that close a filtered or cut answer.

use std::io::{self, Write};

use super::Paint;
use crate::graph::Graph;
use crate::model::Relation;
use crate::query::{PathOut, RelationOut};
use crate::render;
use crate::text;

/// A relation as a sentence in its true direction: `SoftBank Vision Fund  invests in
/// SenseTime  reported  USD 1 billion`.
pub fn sentence(paint: &Paint, r: &RelationOut<'_>) -> String {
    format!(
        "{}  {}  {}  {}",
        paint.name(r.from_name),
        r.relation.kind.phrase(true),
        paint.name(r.to_name),
        status_and_details(paint, r),
    )
}

/// A relation's status, then its facts: `reported  USD 1 billion`.
fn status_and_details(paint: &Paint, r: &RelationOut<'_>) -> String {
    let mut text = paint.status(r.relation.status);
    for detail in details(r) {
        text.push_str("  ");
        text.push_str(&detail);
    }
    text
}

/// The facts of a relation after its status, with "undated" when `--as-of` counts it as in
/// force for want of a date.
pub fn details(r: &RelationOut<'_>) -> Vec<String> {
    let mut parts = render::relation_details(r.relation);
    if r.undated {
        parts.push("undated".into());
    }
    parts
}

/// Writes the indented lines under a relation: its note, then one line per source.
pub fn evidence(
    out: &mut dyn Write,
    graph: &Graph,
    paint: &Paint,
    r: &Relation,
    indent: &str,
) -> io::Result<()> {
    if let Some(note) = &r.details().note {
        writeln!(out, "{indent}{note}")?;
    }
    for s in &r.sources {
        writeln!(out, "{indent}{}", paint.dim(&render::source_ref(graph, s)))?;
    }
    Ok(())
}

/// Writes a relation as a sentence, then its note and sources indented under it.
pub fn write_relation(
    out: &mut dyn Write,
    graph: &Graph,
    paint: &Paint,
    r: &RelationOut<'_>,
    indent: &str,
) -> io::Result<()> {
    writeln!(out, "{indent}{}", sentence(paint, r))?;
    let deeper = format!("{indent}    ");
    evidence(out, graph, paint, r.relation, &deeper)
}

/// Writes a relation read from one of its ends as a row of a list: `label` (the entity at the
/// other end, or nothing under it for its next relation) padded to `width`, the status and
/// facts, then its note and sources under it: `  Alibaba        confirmed  USD 10 million`.
pub fn write_row(
    out: &mut dyn Write,
    graph: &Graph,
    paint: &Paint,
    label: &str,
    width: usize,
    r: &RelationOut<'_>,
) -> io::Result<()> {
    writeln!(
        out,
        "  {}  {}",
        paint.name(&text::pad(label, width)),
        status_and_details(paint, r)
    )?;
    evidence(out, graph, paint, r.relation, "      ")
}

/// Writes every relation of every hop of a path, with its evidence.
pub fn write_hops(
    out: &mut dyn Write,
    graph: &Graph,
    paint: &Paint,
    path: &PathOut<'_>,
    indent: &str,
) -> io::Result<()> {
    for hop in &path.hops {
        for r in &hop.relations {
            write_relation(out, graph, paint, r, indent)?;
        }
        if let Some(e) = &path.elided
            && e.after == hop.to
        {
            write_elided(out, e.count, indent)?;
        }
    }
    Ok(())
}

/// Writes the line that stands for the middle of a long chain of owners.
pub fn write_elided(out: &mut dyn Write, count: usize, indent: &str) -> io::Result<()> {
    let owners = if count == 1 { "owner" } else { "owners" };
    writeln!(out, "{indent}… through {count} more {owners}, left out")
}

/// Writes the hops of a path, each hop's relations of one type in one line when there are
/// several (their count, amounts added up by currency, years and weakest status), with the
/// evidence of one relation alone; `all` writes every relation with its evidence.
pub fn write_hops_folded(
    out: &mut dyn Write,
    graph: &Graph,
    paint: &Paint,
    path: &PathOut<'_>,
    indent: &str,
    all: bool,
) -> io::Result<bool> {
    let mut folded_any = false;
    for hop in &path.hops {
        folded_any |= write_relations_folded(out, graph, paint, &hop.relations, indent, all)?;
    }
    Ok(folded_any)
}

/// Writes relations, those of one type from one entity to another in one line when there are
/// several (their count, amounts added up by currency, years and weakest status), each other
/// with its evidence; `all` writes every relation with its evidence. Says whether it folded any.
pub fn write_relations_folded(
    out: &mut dyn Write,
    graph: &Graph,
    paint: &Paint,
    relations: &[RelationOut<'_>],
    indent: &str,
    all: bool,
) -> io::Result<bool> {
    let mut folded_any = false;
    // The groups in the order of their first relation.
    let mut groups: Vec<Vec<&RelationOut<'_>>> = Vec::new();
    for r in relations {
        match groups.iter_mut().find(|g| {
            g[0].from == r.from && g[0].to == r.to && g[0].relation.kind == r.relation.kind
        }) {
            Some(group) => group.push(r),
            None => groups.push(vec![r]),
        }
    }
    for same in groups {
        if all || same.len() == 1 {
            for r in same {
                write_relation(out, graph, paint, r, indent)?;
            }
            continue;
        }
        folded_any = true;
        writeln!(out, "{indent}{}", folded_sentence(paint, &same))?;
    }
    Ok(folded_any)
}

/// The line under an answer whose parallel relations were added up.
pub const FOLDED_NOTE: &str =
    "parallel relations of one type are added up; --all-relations lists each with its sources";

/// Several relations of one type between two entities in one line: `Deutsche Bank AG  pays
/// GRÜNE  8 relations  EUR 1.2 million  2002 – 2011  weakest confirmed`.
fn folded_sentence(paint: &Paint, same: &[&RelationOut<'_>]) -> String {
    let first = same[0];
    let relations = || same.iter().map(|r| r.relation);
    let weakest = same
        .iter()
        .map(|r| r.relation.status)
        .max_by_key(|s| s.weakness())
        .unwrap_or(first.relation.status);
    let mut parts = vec![
        paint.name(first.from_name),
        first.relation.kind.phrase(true).to_string(),
        paint.name(first.to_name),
        text::count(same.len(), "relation", "relations"),
    ];
    let totals = render::totals(relations());
    if !totals.is_empty() {
        parts.push(render::totals_in_words(&totals));
    }
    parts.extend(render::years(relations()).map(render::span));
    parts.push(format!("weakest {}", paint.status(weakest)));
    parts.join("  ")
}

/// The entities of a path joined by arrows, and its length and weakest status:
/// `A → B → C  (2 hops, weakest status reported)`.
pub fn headline(paint: &Paint, path: &PathOut<'_>) -> String {
    let mut names: Vec<String> = path.entities.iter().map(|e| paint.name(e.name)).collect();
    if let Some(e) = &path.elided
        && let Some(at) = path.entities.iter().position(|x| x.id == e.after)
    {
        names.insert(at + 1, format!("… {} more …", e.count));
    }
    let mut facts = text::count(path.length, "hop", "hops");
    if let Some(weakest) = path.weakest_status {
        facts.push_str(&format!(", weakest status {}", paint.status(weakest)));
    }
    format!("{}  ({facts})", names.join(" → "))
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
        text::more(cut, one, many)
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
        text::more(hidden, one, many)
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

/// Writes every relation of every hop of a path an algorithm found, seen under `filter`, with
/// its evidence.
pub fn write_path(
    out: &mut dyn Write,
    graph: &Graph,
    paint: &Paint,
    filter: &crate::filter::Filter,
    path: &crate::algo::Path,
    indent: &str,
) -> io::Result<()> {
    write_hops(
        out,
        graph,
        paint,
        &PathOut::new(graph, filter, path),
        indent,
    )
}
