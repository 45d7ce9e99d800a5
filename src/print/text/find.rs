//! The text of `find`: one line a match.

use std::io::{self, Write};

use crate::print::Paint;
use crate::query::find::Found;
use crate::text;

/// Writes the matches, names in a column, or that nothing matches.
pub fn write(out: &mut dyn Write, paint: &Paint, found: &Found<'_>) -> io::Result<()> {
    if found.matches.is_empty() {
        return if found.text.trim().is_empty() {
            writeln!(out, "no entity passes the filter ({})", found.filter)
        } else if found.filter.is_empty() {
            writeln!(out, "nothing matches \"{}\"", found.text)
        } else {
            writeln!(
                out,
                "nothing matches \"{}\" with {}",
                found.text,
                found.filter.replace("; ", ", ")
            )
        };
    }
    let width = found
        .matches
        .iter()
        .map(|f| f.name.chars().count())
        .max()
        .unwrap_or(0);
    for f in &found.matches {
        let mut line = format!(
            "{}  {}  {}",
            paint.name(&text::pad(f.name, width)),
            text::pad(f.kind.as_str(), 12),
            paint.dim(f.id)
        );
        if let Some(alias) = &f.alias {
            line.push_str(&format!("  (alias \"{alias}\")"));
        }
        if let Some(identifier) = &f.identifier {
            line.push_str(&format!("  ({identifier})"));
        }
        writeln!(out, "{line}")?;
        if !f.likely_same_as.is_empty() {
            let others: Vec<String> = f
                .likely_same_as
                .iter()
                .map(|o| format!("{} ({})", o.name, o.id))
                .collect();
            writeln!(out, "    likely the same as {}", others.join(", "))?;
        }
    }
    Ok(())
}
