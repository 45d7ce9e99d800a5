//! The text of `coinvestors`: a co-investor a line with the companies it shares.

use std::io::{self, Write};

use crate::model::Status;
use crate::print::{Paint, trail};
use crate::query::coinvestors::Coinvestors;
use crate::text;

/// Writes the co-investors in columns, what `--top` cut, and the rollup hint.
pub fn write(out: &mut dyn Write, paint: &Paint, a: &Coinvestors<'_>) -> io::Result<()> {
    let along = &a.coinvestors;
    let cut = a.cut;
    let (one, many) = super::overlap::holders(&a.relation_types);
    let mut title = if a.relation_types.is_empty() {
        format!(
            "{} invests alongside {}",
            paint.name(a.investor.name),
            text::count(along.len() + cut, one, many)
        )
    } else {
        format!(
            "{} shares its payees with {}",
            paint.name(a.investor.name),
            text::count(along.len() + cut, one, many)
        )
    };
    if a.rollup {
        title.push_str(", funds counted under their owners");
    }
    writeln!(out, "{title}")?;
    let width = along
        .iter()
        .map(|c| c.investor.name.chars().count())
        .max()
        .unwrap_or(0);
    let shared = |n: usize| match a.relation_types.is_empty() {
        true => text::count(n, "company", "companies"),
        false => text::count(n, "payee", "payees"),
    };
    let count_width = along
        .iter()
        .map(|c| shared(c.companies.len()).len())
        .max()
        .unwrap_or(0);
    for c in along {
        let names: Vec<String> = c
            .companies
            .iter()
            .zip(&c.statuses)
            .map(|(e, &status)| match status {
                Status::Confirmed => e.name.to_string(),
                weak => format!("{} ({})", e.name, paint.status(weak)),
            })
            .collect();
        writeln!(
            out,
            "  {}  {}  {}",
            paint.name(&text::pad(c.investor.name, width)),
            text::pad(&shared(names.len()), count_width),
            names.join(", ")
        )?;
    }
    if cut > 0 {
        let total = along.len() + cut;
        let what = match a.relation_types.is_empty() {
            true => ("co-investor", "co-investors"),
            false => (one, many),
        };
        trail::cut_note(out, cut, what, "--top", total)?;
    }
    if let Some(hint) = &a.hint {
        writeln!(out, "{hint}")?;
    }
    if !a.rollup {
        super::investments::rollup_hint(out, a.investor.name, a.owned)?;
    }
    trail::filter_note(out, &a.filter)
}
