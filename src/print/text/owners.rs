//! The text of `owners` and `subsidiaries`: the entities by distance, each with the relations
//! by which one owns the other.

use std::io::{self, Write};

use crate::print::{Paint, trail};
use crate::query::owners::{Owner, Owners, Subsidiaries};
use crate::text;

/// Writes the owners, grouped by how far up they are.
pub fn write(out: &mut dyn Write, paint: &Paint, a: &Owners<'_>) -> io::Result<()> {
    let what = text::count(a.owners.len(), "owner", "owners");
    write_levels(out, paint, a.graph, a.entity.name, &what, &a.owners, "up")?;
    if let Some(hint) = &a.hint {
        writeln!(out, "{hint}")?;
    }
    trail::filter_note(out, &a.filter)
}

/// Writes the subsidiaries, grouped by how far down they are.
pub fn subsidiaries(out: &mut dyn Write, paint: &Paint, a: &Subsidiaries<'_>) -> io::Result<()> {
    let what = text::count(a.subsidiaries.len(), "subsidiary", "subsidiaries");
    write_levels(
        out,
        paint,
        a.graph,
        a.entity.name,
        &what,
        &a.subsidiaries,
        "down",
    )?;
    if let Some(hint) = &a.hint {
        writeln!(out, "{hint}")?;
    }
    trail::filter_note(out, &a.filter)
}

/// The title, then the entities by distance ("direct", "2 levels up"), each hop's relations.
fn write_levels(
    out: &mut dyn Write,
    paint: &Paint,
    graph: &crate::graph::Graph,
    name: &str,
    what: &str,
    found: &[Owner<'_>],
    way: &str,
) -> io::Result<()> {
    let direct = found.iter().filter(|o| o.distance == 1).count();
    writeln!(out, "{}: {what}, {direct} directly", paint.name(name))?;
    let mut distance = 0;
    for o in found {
        if o.distance != distance {
            distance = o.distance;
            writeln!(out)?;
            let heading = match distance {
                1 => "direct".to_string(),
                n => format!("{n} levels {way}"),
            };
            writeln!(out, "{}", paint.heading(&heading))?;
        }
        for r in &o.owns {
            trail::write_relation(out, graph, paint, r, "  ")?;
        }
    }
    Ok(())
}
