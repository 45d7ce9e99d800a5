//! The text of `flows`: what came in and went out, by counterparty and by year.

use std::io::{self, Write};

use crate::print::{Paint, trail};
use crate::query::flows::{Flows, Side};
use crate::render;
use crate::text;

/// Writes one direction: its headline, then a line per counterparty.
fn side(
    out: &mut dyn Write,
    paint: &Paint,
    heading: &str,
    (from, one, many): (&str, &str, &str),
    s: &Side<'_>,
) -> io::Result<()> {
    writeln!(out)?;
    if s.count == 0 {
        return writeln!(out, "{}: none", paint.heading(heading));
    }
    writeln!(
        out,
        "{}: {} {from} {}, {}",
        paint.heading(heading),
        text::count(s.count, "relation", "relations"),
        text::count(s.counterparties, one, many),
        render::totals_in_words(&s.totals)
    )?;
    let width = s
        .top
        .iter()
        .map(|c| c.entity.name.chars().count())
        .max()
        .unwrap_or(0);
    for c in &s.top {
        let mut line = format!(
            "  {}  {:>4}  {}",
            paint.name(&text::pad(c.entity.name, width)),
            c.count,
            render::totals_in_words(&c.totals)
        );
        if let Some(years) = c.years {
            line.push_str(&format!("  {}", render::span(years)));
        }
        line.push_str(&format!("  {}", paint.status(c.weakest_status)));
        let types: Vec<&str> = c.types.iter().map(|t| t.as_str()).collect();
        line.push_str(&format!("  {}", paint.dim(&types.join(", "))));
        writeln!(out, "{line}")?;
    }
    if s.counterparties > s.top.len() {
        let cut = s.counterparties - s.top.len();
        trail::cut_note(out, cut, (one, many), "--top", s.counterparties)?;
    }
    Ok(())
}

/// Writes the flows of an entity.
pub fn write(out: &mut dyn Write, paint: &Paint, a: &Flows<'_>) -> io::Result<()> {
    writeln!(
        out,
        "{}: {} in, {} out",
        paint.name(a.entity.name),
        render::totals_in_words(&a.incoming.totals),
        render::totals_in_words(&a.outgoing.totals)
    )?;
    side(
        out,
        paint,
        "in",
        ("from", "counterparty", "counterparties"),
        &a.incoming,
    )?;
    side(
        out,
        paint,
        "out",
        ("to", "counterparty", "counterparties"),
        &a.outgoing,
    )?;
    if !a.by_year.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", paint.heading("by year"))?;
        for y in &a.by_year {
            let mut line = format!("  {}", y.year);
            if !y.incoming.is_empty() {
                line.push_str(&format!("  in {}", render::totals_in_words(&y.incoming)));
            }
            if !y.outgoing.is_empty() {
                line.push_str(&format!("  out {}", render::totals_in_words(&y.outgoing)));
            }
            writeln!(out, "{line}")?;
        }
    }
    trail::filter_note(out, &a.filter)
}
