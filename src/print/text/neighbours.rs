//! The text of `neighbours`: the entities by distance, each with the relations that reach it.

use std::io::{self, Write};

use crate::print::{Paint, trail};
use crate::query::neighbours::Neighbours;
use crate::render;
use crate::text;

/// Writes the neighbourhood, grouped by distance, then what the limit cut.
pub fn write(out: &mut dyn Write, paint: &Paint, a: &Neighbours<'_>) -> io::Result<()> {
    let total = a.reached.len() + a.cut;
    writeln!(
        out,
        "{}: {} within {}",
        paint.name(a.centre.name),
        text::count(total, "entity", "entities"),
        text::count(a.depth, "hop", "hops"),
    )?;
    let mut distance = 0;
    let mut folded = false;
    for r in &a.reached {
        if r.distance != distance {
            distance = r.distance;
            writeln!(out)?;
            writeln!(
                out,
                "{}",
                paint.heading(&text::count(distance, "hop", "hops"))
            )?;
        }
        writeln!(
            out,
            "  {}  {}",
            paint.name(r.entity.name),
            paint.dim(&render::entity_tags(r.whole))
        )?;
        folded |=
            trail::write_relations_folded(out, a.graph, paint, &r.via, "    ", a.all_relations)?;
    }
    if a.cut > 0 {
        writeln!(out)?;
        trail::cut_note(out, a.cut, ("entity", "entities"), "--limit", total)?;
    }
    if folded {
        writeln!(out, "{}", trail::FOLDED_NOTE)?;
    }
    trail::filter_note(out, &a.filter)
}
