//! The text of `exposure`: each body and listed entity reached, with its chains; and the
//! ranking of every investor by what it reaches.

use std::io::{self, Write};

use crate::graph::Graph;
use crate::model::{Designation, Entity};
use crate::print::{Paint, trail};
use crate::query::PathOut;
use crate::query::exposure::{Exposure, ExposureRanking};
use crate::render;
use crate::text;

/// Writes what an investor reaches, each with its chains and their evidence.
pub fn write(out: &mut dyn Write, paint: &Paint, a: &Exposure<'_>) -> io::Result<()> {
    let graph = a.graph;
    let what = match a.reached.len() {
        0 => "no government body or state-owned company".to_string(),
        1 => "1 government body or state-owned company".to_string(),
        n => format!("{n} government bodies and state-owned companies"),
    };
    let mut title = format!("{} reaches {what}", paint.name(a.investor.name));
    title.push_str(if a.rollup {
        " by its own and its subsidiaries' contracts and through its portfolio companies, and those of the entities \
         it owns"
    } else {
        " by its own and its subsidiaries' contracts and through its portfolio companies"
    });
    writeln!(out, "{title}")?;
    for reach in &a.reached {
        write_reached(out, paint, graph, reach.entity, &[], &reach.chains)?;
    }
    if !a.listed.is_empty() || a.lists_loaded {
        let what = match a.listed.len() {
            0 => "no listed entity".to_string(),
            1 => "1 listed entity".to_string(),
            n => format!("{n} listed entities"),
        };
        writeln!(out)?;
        writeln!(
            out,
            "{} reaches {what} among its portfolio companies and their owners and subsidiaries",
            paint.name(a.investor.name)
        )?;
    }
    for reach in &a.listed {
        write_reached(
            out,
            paint,
            graph,
            reach.entity,
            &reach.designations,
            &reach.chains,
        )?;
    }
    if !a.rollup {
        super::investments::rollup_hint(out, a.investor.name, a.owned)?;
    }
    trail::filter_note(out, &a.filter)
}

/// Writes one entity reached: its name, tags and number of chains, its listings, then each
/// chain with its hops.
fn write_reached(
    out: &mut dyn Write,
    paint: &Paint,
    graph: &Graph,
    entity: &Entity,
    listings: &[&Designation],
    chains: &[PathOut<'_>],
) -> io::Result<()> {
    writeln!(out)?;
    writeln!(
        out,
        "  {}  {}  {}",
        paint.name(&entity.name),
        paint.dim(&render::entity_tags(entity)),
        text::count(chains.len(), "chain", "chains")
    )?;
    for listing in listings {
        writeln!(out, "    listed: {}", listing.summary())?;
    }
    for chain in chains {
        writeln!(out, "    {}", trail::headline(paint, chain))?;
        trail::write_hops(out, graph, paint, chain, "      ")?;
    }
    Ok(())
}

/// Writes the investors ranked by the listed entities and buyers of the state they reach.
pub fn ranking(out: &mut dyn Write, paint: &Paint, a: &ExposureRanking<'_>) -> io::Result<()> {
    let through = if a.rollup {
        "through their portfolio companies and those of the entities they own"
    } else {
        "through their portfolio companies"
    };
    if a.investors.is_empty() {
        writeln!(
            out,
            "no investor reaches a listed entity or a government body {through}"
        )?;
        return trail::filter_note(out, &a.filter);
    }
    writeln!(
        out,
        "Investors by the listed entities and government bodies they reach {through}"
    )?;
    let width = a
        .investors
        .iter()
        .map(|r| r.investor.name.chars().count())
        .max()
        .unwrap_or(0);
    writeln!(
        out,
        "  {}  {:>6}  {:>10}",
        text::pad("investor", width),
        "listed",
        "government"
    )?;
    for r in &a.investors {
        writeln!(
            out,
            "  {}  {:>6}  {:>10}",
            paint.name(&text::pad(r.investor.name, width)),
            r.listed,
            r.government_bodies
        )?;
    }
    trail::filter_note(out, &a.filter)
}
