//! The text of `overlap`: the shared investors with their stakes, and pairs a line.

use std::io::{self, Write};

use crate::model::{RelationType, Status};
use crate::print::{Paint, trail};
use crate::query::overlap::{PairOut, Ranking, Shared};
use crate::text;

/// What the holders are called: investors, or with `--rel` payers (`pays`) or counterparties.
pub fn holders(types: &[RelationType]) -> (&'static str, &'static str) {
    match types {
        [] => ("investor", "investors"),
        [RelationType::Pays] => ("payer", "payers"),
        _ => ("counterparty", "counterparties"),
    }
}

/// Writes the investors the companies share, each with its stakes, then each pair.
pub fn shared(out: &mut dyn Write, paint: &Paint, a: &Shared<'_>) -> io::Result<()> {
    let names: Vec<&str> = a.companies.iter().map(|c| c.name).collect();
    let (one, many) = holders(&a.relation_types);
    let mut title = format!(
        "{} share {}",
        text::and_list(&names),
        text::count(a.shared.len(), one, many)
    );
    if let ([_, _], [pair]) = (a.companies.as_slice(), a.pairs.as_slice()) {
        title.push_str(&format!(
            " ({} and {} in all; Jaccard {:.3})",
            pair.investors_a, pair.investors_b, pair.exact_jaccard
        ));
    }
    if a.rollup {
        title.push_str(", funds counted under their owners");
    }
    let weak = a
        .shared
        .iter()
        .filter(|s| s.statuses.iter().any(|&st| st != Status::Confirmed))
        .count();
    if weak > 0 {
        title.push_str(&format!(
            "; {} not confirmed on every side",
            if weak == 1 && a.shared.len() == 1 {
                "it is".to_string()
            } else {
                format!("{weak} of them are")
            }
        ));
    }
    writeln!(out, "{title}")?;
    for (s, out_side) in a.found.shared.iter().zip(&a.shared) {
        let mut line = format!("  {}", paint.name(&a.graph.entity(s.investor).name));
        if out_side.statuses.iter().any(|&st| st != Status::Confirmed) {
            let sides: Vec<String> = a
                .companies
                .iter()
                .zip(&out_side.statuses)
                .map(|(c, &st)| format!("{} {}", c.name, paint.status(st)))
                .collect();
            line.push_str(&format!("  ({})", sides.join("; ")));
        }
        writeln!(out, "{line}")?;
        for stake in s.stakes.iter().flatten() {
            if a.relation_types.is_empty() {
                trail::write_path(out, a.graph, paint, &a.used, &stake.path(), "    ")?;
            } else {
                // Payments come by the dozen: one line for each side, with count and totals.
                let path = crate::query::PathOut::new(a.graph, &a.used, &stake.path());
                trail::write_hops_folded(out, a.graph, paint, &path, "    ", false)?;
            }
        }
    }
    for hint in &a.hints {
        writeln!(out, "{hint}")?;
    }
    if a.pairs_total > 1 {
        writeln!(out)?;
        writeln!(out, "{}", paint.heading("by pair"))?;
        write_pairs(out, paint, &a.pairs)?;
        let left = a.pairs_total - a.pairs.len();
        if left > 0 {
            writeln!(
                out,
                "{} ({} of the {} {} {}); --top {} lists them all",
                text::more(left, "pair", "pairs"),
                a.pairs_sharing,
                a.pairs_total,
                if a.pairs_sharing == 1 {
                    "shares"
                } else {
                    "share"
                },
                match one {
                    "investor" => "an investor",
                    "payer" => "a payer",
                    _ => "a counterparty",
                },
                a.pairs_total
            )?;
        }
    }
    trail::filter_note(out, &a.filter)
}

/// Writes how many pairs share an investor, then the best of them.
pub fn ranking(out: &mut dyn Write, paint: &Paint, a: &Ranking<'_>) -> io::Result<()> {
    let mut title = format!(
        "{} of companies {} {}",
        text::count(a.pairs_sharing, "pair", "pairs"),
        if a.pairs_sharing == 1 {
            "shares"
        } else {
            "share"
        },
        match holders(&a.relation_types).0 {
            "investor" => "an investor",
            "payer" => "a payer",
            _ => "a counterparty",
        }
    );
    if a.pairs.len() < a.pairs_sharing {
        title.push_str(&format!("; the top {}", a.pairs.len()));
    }
    if a.rollup {
        title.push_str(", funds counted under their owners");
    }
    writeln!(out, "{title}")?;
    write_pairs(out, paint, &a.pairs)?;
    trail::filter_note(out, &a.filter)
}

/// One line a pair: the two companies, how many investors they share, the Jaccard index, and
/// the first few shared investors.
fn write_pairs(out: &mut dyn Write, paint: &Paint, pairs: &[PairOut<'_>]) -> io::Result<()> {
    const NAMED: usize = 5;
    // The label is `A & B`: its width is counted without writing it out for every pair.
    let width = pairs
        .iter()
        .map(|p| p.a.name.chars().count() + 3 + p.b.name.chars().count())
        .max()
        .unwrap_or(0);
    // One line at a time into a reused buffer: a thousand companies make half a million pairs.
    let mut line = String::new();
    for p in pairs {
        line.clear();
        let label = format!("{} & {}", p.a.name, p.b.name);
        line.push_str(&format!(
            "  {}  {:>3} shared  Jaccard {:.3}",
            paint.name(&text::pad(&label, width)),
            p.shared.len(),
            p.exact_jaccard,
        ));
        for (i, investor) in p.shared.iter().take(NAMED).enumerate() {
            line.push_str(if i == 0 { "  " } else { ", " });
            line.push_str(investor.name);
        }
        if p.shared.len() > NAMED {
            line.push_str(&format!(", {} more", p.shared.len() - NAMED));
        }
        line.push('\n');
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}
