//! The text of `stats`: counts, tables by kind, type and status, and the components.

use std::io::{self, Write};

use crate::print::Paint;
use crate::query::stats::Stats;
use crate::text;

/// Writes the counts and tables.
pub fn write(out: &mut dyn Write, paint: &Paint, stats: &Stats<'_>) -> io::Result<()> {
    writeln!(
        out,
        "{}, {}, {}",
        text::count(stats.entities, "entity", "entities"),
        text::count(stats.relations, "relation", "relations"),
        text::count(stats.sources, "source", "sources")
    )?;
    let described = &stats.filter;
    if stats.listed_only {
        writeln!(
            out,
            "counted: the listed entities and their relations ({described})"
        )?;
    } else if !described.is_empty() {
        writeln!(out, "relations counted: {described}")?;
    }
    let table =
        |out: &mut dyn Write, title: &str, rows: Vec<(&str, usize)>| -> std::io::Result<()> {
            writeln!(out)?;
            writeln!(out, "{}", paint.heading(title))?;
            let width = rows.iter().map(|r| r.0.chars().count()).max().unwrap_or(0);
            for (label, count) in rows {
                writeln!(out, "  {}  {count:>6}", text::pad(label, width))?;
            }
            Ok(())
        };
    table(
        out,
        "entities by kind",
        stats.kinds.iter().map(|(k, n)| (k.as_str(), *n)).collect(),
    )?;
    if !stats.listed_by.is_empty() {
        table(
            out,
            "listed entities by authority",
            stats
                .listed_by
                .iter()
                .map(|(a, n)| (a.as_str(), *n))
                .collect(),
        )?;
    }
    table(
        out,
        "relations by type",
        stats.types.iter().map(|(t, n)| (t.as_str(), *n)).collect(),
    )?;
    table(
        out,
        "relations by status",
        stats
            .statuses
            .iter()
            .map(|(s, n)| (s.as_str(), *n))
            .collect(),
    )?;
    table(
        out,
        "most connected",
        stats
            .most_connected
            .iter()
            .map(|c| (c.entity.name, c.relations))
            .collect(),
    )?;
    writeln!(out)?;
    let c = &stats.components;
    let sizes: Vec<String> = c.largest.iter().map(|s| s.to_string()).collect();
    writeln!(
        out,
        "{}; largest: {}; {} with no relation",
        text::count(c.count, "connected component", "connected components"),
        sizes.join(", "),
        text::count(c.isolated, "entity", "entities"),
    )
}
