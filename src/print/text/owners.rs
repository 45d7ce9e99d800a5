//! The text of `owners`: the owners by distance, each with the relations by which it owns.

use std::io::{self, Write};

use crate::print::{Paint, trail};
use crate::query::owners::Owners;
use crate::text;

/// Writes the owners, grouped by how far up they are.
pub fn write(out: &mut dyn Write, paint: &Paint, a: &Owners<'_>) -> io::Result<()> {
    let direct = a.owners.iter().filter(|o| o.distance == 1).count();
    writeln!(
        out,
        "{}: {}, {} directly",
        paint.name(a.entity.name),
        text::count(a.owners.len(), "owner", "owners"),
        direct
    )?;
    let mut distance = 0;
    for o in &a.owners {
        if o.distance != distance {
            distance = o.distance;
            writeln!(out)?;
            let heading = match distance {
                1 => "direct".to_string(),
                n => format!("{n} levels up"),
            };
            writeln!(out, "{}", paint.heading(&heading))?;
        }
        for r in &o.owns {
            trail::write_relation(out, a.graph, paint, r, "  ")?;
        }
    }
    trail::filter_note(out, &a.filter)
}
