//! `show ENTITY`: the entity's card with every relation in and out, grouped by type, each with
//! its status, amount, dates and sources.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};

use petgraph::Direction;
use serde::Serialize;

use super::emit;
use super::trail::{self, RelationOut};
use crate::cli::ShowArgs;
use crate::error::Error;
use crate::graph::{Graph, RelationRef};
use crate::model::{Entity, RelationType, Source};
use crate::render;
use crate::session::Options;

#[derive(Serialize)]
struct Card<'g> {
    entity: &'g Entity,
    relations: Vec<RelationOut<'g>>,
    hidden_by_filter: usize,
    sources: Vec<&'g Source>,
}

/// A group of relations of one type read from one end.
type Groups<'g> = BTreeMap<(RelationType, bool), Vec<RelationRef<'g>>>;

pub fn run(
    graph: &Graph,
    options: &Options,
    args: &ShowArgs,
    out: &mut dyn Write,
) -> Result<(), Error> {
    let ix = graph.lookup(&args.entity)?;
    let entity = graph.entity(ix);
    let mut groups: Groups<'_> = BTreeMap::new();
    let mut hidden = 0;
    for (direction, outgoing) in [(Direction::Outgoing, true), (Direction::Incoming, false)] {
        for r in graph.relations_of(ix, direction) {
            if options.filter.allows_relation(r.relation) {
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
    let card = Card {
        entity,
        relations: groups
            .values()
            .flatten()
            .map(|r| RelationOut::new(graph, &options.filter, r.index))
            .collect(),
        hidden_by_filter: hidden,
        sources: sources.clone(),
    };
    emit(out, options, &card, |out| {
        human(out, graph, options, entity, &groups, hidden, &sources)
    })
}

fn human(
    out: &mut dyn Write,
    graph: &Graph,
    options: &Options,
    e: &Entity,
    groups: &Groups<'_>,
    hidden: usize,
    sources: &[&Source],
) -> io::Result<()> {
    let paint = &options.paint;
    let headline = format!("{} · id {}", render::entity_tags(e), e.id);
    writeln!(out, "{}  {}", paint.name(&e.name), paint.dim(&headline))?;
    if let Some(d) = &e.description {
        writeln!(out, "{d}")?;
    }
    let field = |out: &mut dyn Write, label: &str, value: &str| {
        writeln!(out, "  {} {value}", render::pad(label, 11))
    };
    if !e.aliases.is_empty() {
        field(out, "aliases", &e.aliases.join(", "))?;
    }
    if let Some(f) = &e.founded {
        field(out, "founded", &f.to_string())?;
    }
    for (scheme, id) in &e.identifiers {
        field(out, scheme, id)?;
    }
    for (name, values) in &e.attributes {
        field(out, name, &values.join("; "))?;
    }
    for s in &e.sources {
        field(out, "source", &paint.dim(&render::source_ref(graph, s)))?;
    }
    if !e.facts.is_empty() {
        writeln!(out)?;
        writeln!(out, "{} ({})", paint.heading("facts"), e.facts.len())?;
    }
    for fact in &e.facts {
        let mut line = format!("  {}", paint.name(&fact.label));
        if let Some(a) = &fact.amount {
            line.push_str(&format!("  {}", render::amount(a)));
        }
        if let Some(d) = &fact.date {
            line.push_str(&format!("  {d}"));
        }
        writeln!(out, "{line}")?;
        if let Some(note) = &fact.note {
            writeln!(out, "      {note}")?;
        }
        for s in &fact.sources {
            writeln!(out, "      {}", paint.dim(&render::source_ref(graph, s)))?;
        }
    }
    for ((kind, backward), list) in groups {
        writeln!(out)?;
        writeln!(
            out,
            "{} ({})",
            paint.heading(kind.phrase(!backward)),
            list.len()
        )?;
        let other = |r: &RelationRef<'_>| if *backward { r.from } else { r.to };
        let width = list
            .iter()
            .map(|r| graph.entity(other(r)).name.chars().count())
            .max()
            .unwrap_or(0);
        for r in list {
            trail::write_row(out, graph, options, &graph.entity(other(r)).name, width, r)?;
        }
    }
    if groups.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "no relations{}",
            if hidden > 0 { " pass the filter" } else { "" }
        )?;
    }
    let described = options.filter.describe();
    if hidden > 0 || !described.is_empty() {
        writeln!(out)?;
        trail::hidden_note(out, hidden, ("relation", "relations"), &described)?;
    }
    if !sources.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", paint.heading("sources"))?;
        for s in sources {
            let mut line = format!("  [{}] {}", s.id, s.title);
            for extra in [&s.publisher, &s.url].into_iter().flatten() {
                line.push_str(&format!(", {extra}"));
            }
            if let Some(d) = &s.date {
                line.push_str(&format!(", {d}"));
            }
            writeln!(out, "{line}")?;
        }
    }
    Ok(())
}
