//! The text of `investors` and `portfolio`: a stake a line (or a chain through owned
//! entities), with its evidence.

use std::io::{self, Write};

use crate::algo::Investment;
use crate::graph::{EntityIx, Graph};
use crate::print::{Paint, trail};
use crate::query::RelationOut;
use crate::query::investments::Investments;
use crate::text;

/// Writes a company's investors.
pub fn investors(out: &mut dyn Write, paint: &Paint, a: &Investments<'_>) -> io::Result<()> {
    let mut holders: Vec<EntityIx> = a.found.iter().map(Investment::holder).collect();
    holders.dedup();
    let mut title = format!(
        "{}: {}",
        paint.name(a.entity.name),
        text::count(holders.len(), "investor", "investors")
    );
    if a.rollup {
        title.push_str(", funds counted under their owners");
    }
    writeln!(out, "{title}")?;
    write_list(out, paint, a, Investment::holder)?;
    footer(out, a)
}

/// Writes an investor's portfolio.
pub fn portfolio(out: &mut dyn Write, paint: &Paint, a: &Investments<'_>) -> io::Result<()> {
    let mut companies: Vec<EntityIx> = a.found.iter().map(|i| i.company).collect();
    companies.dedup();
    let mut title = format!(
        "{}: {}",
        paint.name(a.entity.name),
        text::count(companies.len(), "company", "companies")
    );
    if a.rollup {
        title.push_str(", with those of the entities it owns");
    }
    writeln!(out, "{title}")?;
    write_list(out, paint, a, |i| i.company)?;
    if !a.rollup {
        rollup_hint(out, a.entity.name, a.owned)?;
    }
    footer(out, a)
}

/// Writes stakes under the name `label` picks (the investor or the company): a direct stake
/// as the name, status and facts; a stake through owned entities as the chain of relations.
fn write_list(
    out: &mut dyn Write,
    paint: &Paint,
    a: &Investments<'_>,
    label: impl Fn(&Investment) -> EntityIx,
) -> io::Result<()> {
    let graph: &Graph = a.graph;
    let width = a
        .found
        .iter()
        .map(|i| graph.entity(label(i)).name.chars().count())
        .max()
        .unwrap_or(0);
    for i in &a.found {
        let name = &graph.entity(label(i)).name;
        if i.owners.len() > 1 {
            let mut through: Vec<String> = i.owners[1..]
                .iter()
                .map(|&e| graph.entity(e).name.clone())
                .collect();
            if let Some(e) = i.elided {
                through.insert(e.after, format!("… {} more …", e.count));
            }
            writeln!(
                out,
                "  {}  through {}",
                paint.name(name),
                through.join(" → ")
            )?;
            trail::write_path(out, graph, paint, &a.used, &i.path(), "    ")?;
            continue;
        }
        for (n, &r) in i.relations.iter().enumerate() {
            let shown = if n == 0 { name.as_str() } else { "" };
            let r = RelationOut::new(graph, &a.used, r);
            trail::write_row(out, graph, paint, shown, width, &r)?;
        }
    }
    Ok(())
}

/// Tells that `--rollup` would add the investments of the `owned` entities an investor owns,
/// if any.
pub fn rollup_hint(out: &mut dyn Write, investor: &str, owned: usize) -> io::Result<()> {
    if owned > 0 {
        writeln!(
            out,
            "{investor} owns {}; --rollup includes their investments",
            text::count(owned, "entity", "entities")
        )?;
    }
    Ok(())
}

fn footer(out: &mut dyn Write, a: &Investments<'_>) -> io::Result<()> {
    if let Some(hint) = &a.hint {
        writeln!(out, "{hint}")?;
    }
    trail::hidden_note(
        out,
        a.hidden_by_filter,
        ("investment", "investments"),
        &a.filter,
    )
}
