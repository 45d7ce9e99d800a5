//! The text of an entity's card.

use std::io::{self, Write};

use crate::print::{Paint, trail};
use crate::query::RelationOut;
use crate::query::show::{Card, GroupTotals};
use crate::render;
use crate::text;

/// Writes a group's amounts added up: in all, then by counterparty when one has several, then
/// by year when there are several.
fn write_totals(out: &mut dyn Write, paint: &Paint, t: &GroupTotals<'_>) -> io::Result<()> {
    writeln!(
        out,
        "  {}  {} ({} amounts)",
        paint.heading("in all"),
        render::totals_in_words(&t.totals),
        t.amounts
    )?;
    if t.by_counterparty.iter().any(|p| p.amounts > 1) {
        writeln!(out, "  {}", paint.heading("by counterparty"))?;
        let width = t
            .by_counterparty
            .iter()
            .map(|p| p.entity.name.chars().count())
            .max()
            .unwrap_or(0);
        for p in &t.by_counterparty {
            writeln!(
                out,
                "    {}  {:>3}  {}",
                paint.name(&text::pad(p.entity.name, width)),
                p.amounts,
                render::totals_in_words(&p.totals)
            )?;
        }
    }
    if t.by_year.len() > 1 {
        writeln!(out, "  {}", paint.heading("by year"))?;
        for y in &t.by_year {
            writeln!(
                out,
                "    {}  {:>3}  {}",
                y.year,
                y.amounts,
                render::totals_in_words(&y.totals)
            )?;
        }
    }
    Ok(())
}

/// Writes the card: the entity's headline and fields, its facts, the lists it is on, its
/// relations by group, what the filter hid, and the sources cited.
pub fn write<'g>(out: &mut dyn Write, paint: &Paint, card: &Card<'g>) -> io::Result<()> {
    let graph = card.graph;
    let e = card.entity;
    let details = e.details();
    let headline = format!("{} · id {}", render::entity_tags(e), e.id);
    writeln!(out, "{}  {}", paint.name(&e.name), paint.dim(&headline))?;
    if let Some(d) = &details.description {
        writeln!(out, "{d}")?;
    }
    let field = |out: &mut dyn Write, label: &str, value: &str| {
        writeln!(out, "  {} {value}", text::pad(label, 11))
    };
    if !details.aliases.is_empty() {
        field(out, "aliases", &details.aliases.join(", "))?;
    }
    if let Some(f) = &details.founded {
        field(out, "founded", &f.to_string())?;
    }
    for (scheme, id) in &details.identifiers {
        field(out, scheme, id)?;
    }
    for (name, values) in &details.attributes {
        field(out, name, &values.join("; "))?;
    }
    for s in &details.sources {
        field(out, "source", &paint.dim(&render::source_ref(graph, s)))?;
    }
    if !details.facts.is_empty() {
        writeln!(out)?;
        writeln!(out, "{} ({})", paint.heading("facts"), details.facts.len())?;
    }
    for fact in &details.facts {
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
    if !details.designations.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "{} ({})",
            paint.heading("designations"),
            details.designations.len()
        )?;
    }
    for (at, listing) in details.designations.iter().enumerate() {
        let mut line = format!("  {}", paint.name(&listing.summary()));
        if let Some(day) = &card.as_of
            && card.designations_not_in_force.contains(&at)
        {
            line.push_str(&format!(
                "  {}",
                paint.dim(&format!("(not in force as of {day})"))
            ));
        }
        writeln!(out, "{line}")?;
        if let Some(list) = &listing.list {
            writeln!(out, "      list {list}")?;
        }
        if let Some(reason) = &listing.reason {
            writeln!(out, "      {reason}")?;
        }
        if let Some(url) = &listing.source_url {
            writeln!(out, "      {}", paint.dim(url))?;
        }
        for s in &listing.sources {
            writeln!(out, "      {}", paint.dim(&render::source_ref(graph, s)))?;
        }
    }
    let mut listed = card.relations.iter();
    for group in &card.groups {
        let backward = group.backward;
        writeln!(out)?;
        writeln!(
            out,
            "{} ({})",
            paint.heading(group.kind.phrase(!backward)),
            group.relations.len()
        )?;
        let other =
            |r: &RelationOut<'g>| -> &'g str { if backward { r.from_name } else { r.to_name } };
        let rows: Vec<&RelationOut<'g>> = listed.by_ref().take(group.relations.len()).collect();
        let width = rows
            .iter()
            .map(|r| other(r).chars().count())
            .max()
            .unwrap_or(0);
        for r in rows {
            trail::write_row(out, graph, paint, other(r), width, r)?;
        }
        let direction = if backward { "in" } else { "out" };
        if let Some(t) = card
            .totals
            .iter()
            .find(|t| t.kind == group.kind && t.direction == direction)
        {
            write_totals(out, paint, t)?;
        }
    }
    let hidden = card.hidden_by_filter;
    if card.groups.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "no relations{}",
            if hidden > 0 { " pass the filter" } else { "" }
        )?;
    }
    if hidden > 0 || !card.filter.is_empty() {
        writeln!(out)?;
        trail::hidden_note(out, hidden, ("relation", "relations"), &card.filter)?;
    }
    if !card.sources.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", paint.heading("sources"))?;
        for s in &card.sources {
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
