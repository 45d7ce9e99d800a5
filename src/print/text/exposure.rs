//! The text of `exposure`: each body reached, with its chains.

use std::io::{self, Write};

use crate::print::{Paint, trail};
use crate::query::exposure::Exposure;
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
        " by its own contracts and through its portfolio companies, and those of the entities \
         it owns"
    } else {
        " by its own contracts and through its portfolio companies"
    });
    writeln!(out, "{title}")?;
    for reach in &a.reached {
        let tags = render::entity_tags(reach.entity);
        writeln!(out)?;
        writeln!(
            out,
            "  {}  {}  {}",
            paint.name(reach.target.name),
            paint.dim(&tags),
            text::count(reach.chains.len(), "chain", "chains")
        )?;
        for chain in &reach.chains {
            writeln!(out, "    {}", trail::headline(paint, chain))?;
            trail::write_hops(out, graph, paint, chain, "      ")?;
        }
    }
    if !a.rollup {
        super::investments::rollup_hint(out, a.investor.name, a.owned)?;
    }
    trail::filter_note(out, &a.filter)
}
