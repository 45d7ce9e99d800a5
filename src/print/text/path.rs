//! The text of `path`: each path's headline and hops, or why there is none.

use std::io::{self, Write};

use crate::print::{Paint, trail};
use crate::query::path::PathAnswer;
use crate::text;

/// Writes the paths found (numbered when more than one was asked for), or why there is none.
pub fn write(out: &mut dyn Write, paint: &Paint, answer: &PathAnswer<'_>) -> io::Result<()> {
    if let Some(none) = &answer.no_path {
        return writeln!(out, "{}", none.message);
    }
    let (a, b) = (answer.from.name, answer.to.name);
    let (k, paths) = (answer.asked, &answer.paths);
    if k > 1 {
        let found = text::count(paths.len(), "path", "paths");
        let more = if paths.len() < k {
            format!(" (asked for {k}; there are no more)")
        } else {
            String::new()
        };
        writeln!(out, "{found} from {a} to {b}, shortest first{more}")?;
    }
    let mut folded = false;
    for (i, path) in paths.iter().enumerate() {
        if k > 1 {
            writeln!(out)?;
            write!(out, "{}. ", i + 1)?;
        }
        writeln!(out, "{}", trail::headline(paint, path))?;
        folded |=
            trail::write_hops_folded(out, answer.graph, paint, path, "  ", answer.all_relations)?;
    }
    if folded {
        writeln!(out, "{}", trail::FOLDED_NOTE)?;
    }
    trail::filter_note(out, &answer.filter)
}
