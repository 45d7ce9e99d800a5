//! The text of `ubo`: each owner with its effective share, ultimate owners first, then the
//! holdings stated as indirect and the cycles met.

use std::io::{self, Write};

use crate::print::{Paint, trail};
use crate::query::ubo::{ShareOut, Ubo};
use crate::text;

/// A share in words: "30%", "15–30%", "30% and a part of unknown size", "unknown".
pub fn share(s: &ShareOut) -> String {
    let known = match (s.pct, s.low_pct, s.high_pct) {
        (Some(p), _, _) => Some(format!("{}%", text::decimal(p))),
        (None, Some(low), Some(high)) => {
            Some(format!("{}–{}%", text::decimal(low), text::decimal(high)))
        }
        _ => None,
    };
    match (known, s.unknown) {
        (Some(k), false) => k,
        (Some(k), true) => format!("{k} and a part of unknown size"),
        (None, _) => "unknown".to_string(),
    }
}

/// Writes the effective owners, then what is stated as indirect and the cycles met.
pub fn write(out: &mut dyn Write, paint: &Paint, a: &Ubo<'_>) -> io::Result<()> {
    let ultimate = a.owners.iter().filter(|o| o.ultimate).count();
    writeln!(
        out,
        "{}: {}, {ultimate} ultimate",
        paint.name(a.entity.name),
        text::count(a.owners.len(), "owner", "owners"),
    )?;
    let shares: Vec<String> = a.owners.iter().map(|o| share(&o.share)).collect();
    let name_width = a
        .owners
        .iter()
        .map(|o| o.owner.name.chars().count())
        .max()
        .unwrap_or(0);
    let share_width = shares.iter().map(|s| s.chars().count()).max().unwrap_or(0);
    for (o, s) in a.owners.iter().zip(&shares) {
        let name = format!("{:<name_width$}", o.owner.name);
        let role = if o.ultimate { "ultimate" } else { "        " };
        let mut line = format!(
            "  {}  {s:<share_width$}  {role}  {}",
            paint.name(&name),
            text::count(o.chains as usize, "chain", "chains"),
        );
        let mut controllers: Vec<&str> = o.controlled_by.iter().map(|r| r.from_name).collect();
        controllers.sort_unstable();
        controllers.dedup();
        if !controllers.is_empty() {
            line.push_str(&format!("  controlled by {}", text::and_list(&controllers)));
        }
        writeln!(out, "{line}")?;
    }
    if !a.stated_indirect.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "{}",
            paint.heading("stated as indirect (a summary of a chain, not added to the shares)")
        )?;
        for s in &a.stated_indirect {
            trail::write_relation(out, a.graph, paint, &s.relation, "  ")?;
        }
    }
    if !a.cycles.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "{}",
            paint.heading("cycles of ownership met (these stakes close them and are left out)")
        )?;
        for r in &a.cycles {
            trail::write_relation(out, a.graph, paint, r, "  ")?;
        }
    }
    if let Some(hint) = &a.hint {
        writeln!(out, "{hint}")?;
    }
    trail::filter_note(out, &a.filter)
}
