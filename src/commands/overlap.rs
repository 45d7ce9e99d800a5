//! `overlap A B [C...]`: the investors the companies share, with their stakes on each side;
//! `overlap --all`: every pair of companies ranked by shared investors.

use std::io::Write;

use serde::Serialize;

use super::investments::InvestmentOut;
use super::trail;
use super::{EntityBrief, emit};
use crate::algo::{self, PairOverlap};
use crate::cli::OverlapArgs;
use crate::error::Error;
use crate::graph::{EntityIx, Graph};
use crate::render;
use crate::session::Options;

#[derive(Serialize)]
struct Answer<'g> {
    companies: Vec<EntityBrief<'g>>,
    rollup: bool,
    #[serde(skip_serializing_if = "String::is_empty")]
    filter: String,
    shared: Vec<SharedOut<'g>>,
    pairs: Vec<PairOut<'g>>,
}

#[derive(Serialize)]
struct SharedOut<'g> {
    investor: EntityBrief<'g>,
    /// The stakes in each company, in the order named.
    stakes: Vec<InvestmentOut<'g>>,
}

#[derive(Serialize)]
struct PairOut<'g> {
    a: EntityBrief<'g>,
    b: EntityBrief<'g>,
    shared: Vec<EntityBrief<'g>>,
    count: usize,
    investors_a: usize,
    investors_b: usize,
    jaccard: f64,
}

impl<'g> PairOut<'g> {
    fn new(graph: &'g Graph, p: &PairOverlap) -> Self {
        PairOut {
            a: EntityBrief::new(graph, p.a),
            b: EntityBrief::new(graph, p.b),
            shared: p
                .shared
                .iter()
                .map(|&e| EntityBrief::new(graph, e))
                .collect(),
            count: p.shared.len(),
            investors_a: p.investors_a,
            investors_b: p.investors_b,
            jaccard: (p.jaccard() * 1000.0).round() / 1000.0,
        }
    }
}

#[derive(Serialize)]
struct Ranking<'g> {
    rollup: bool,
    #[serde(skip_serializing_if = "String::is_empty")]
    filter: String,
    /// Pairs of companies that share at least one investor.
    pairs_sharing: usize,
    /// The best of them, at most --top, shaped as the pairs of `overlap A B`.
    pairs: Vec<PairOut<'g>>,
}

/// The most pairs `overlap --all` lists. The ranking keeps twice `--top` pairs while it
/// counts, so the cap bounds its memory: on a million entities (44 million pairs sharing an
/// investor) the top 10 take 0.7 s, the top 100,000 3.4 s, and every pair 105 s and 5 GB.
pub const MAX_TOP: usize = 10_000;

pub fn run(
    graph: &Graph,
    options: &Options,
    args: &OverlapArgs,
    out: &mut dyn Write,
) -> Result<(), Error> {
    if args.all {
        return all(graph, options, args, out);
    }
    if args.top.is_some() {
        return Err(Error::Usage(
            "--top ranks the pairs of `overlap --all`; with named companies, leave it out".into(),
        ));
    }
    let companies = companies(
        graph,
        &args.companies,
        "(overlap SenseTime Megvii), or use --all to rank every pair",
    )?;
    let overlap = algo::overlap(graph, &companies, &options.filter, args.rollup);
    let answer = Answer {
        companies: companies
            .iter()
            .map(|&c| EntityBrief::new(graph, c))
            .collect(),
        rollup: args.rollup,
        filter: options.filter.describe(),
        shared: overlap
            .shared
            .iter()
            .map(|s| SharedOut {
                investor: EntityBrief::new(graph, s.investor),
                stakes: s
                    .stakes
                    .iter()
                    .flatten()
                    .map(|i| InvestmentOut::new(graph, options, i))
                    .collect(),
            })
            .collect(),
        pairs: overlap
            .pairs
            .iter()
            .map(|p| PairOut::new(graph, p))
            .collect(),
    };
    let paint = &options.paint;
    emit(out, options, &answer, |out| {
        let names: Vec<&str> = companies
            .iter()
            .map(|&c| graph.entity(c).name.as_str())
            .collect();
        let mut title = format!(
            "{} share {}",
            render::and_list(&names),
            render::count(overlap.shared.len(), "investor", "investors")
        );
        if let [pair] = overlap.pairs.as_slice() {
            title.push_str(&format!(
                " ({} and {} in all; Jaccard {:.3})",
                pair.investors_a,
                pair.investors_b,
                pair.jaccard()
            ));
        }
        if args.rollup {
            title.push_str(", funds counted under their owners");
        }
        writeln!(out, "{title}")?;
        for s in &overlap.shared {
            writeln!(out, "  {}", paint.name(&graph.entity(s.investor).name))?;
            for stake in s.stakes.iter().flatten() {
                trail::write_hops(out, graph, options, &stake.path(), "    ")?;
            }
        }
        if overlap.pairs.len() > 1 {
            writeln!(out)?;
            writeln!(out, "{}", paint.heading("by pair"))?;
            write_pairs(out, graph, options, &overlap.pairs)?;
        }
        trail::filter_note(out, &answer.filter)
    })
}

/// The companies named, each once, in the order named: two or more, or an error that ends
/// with `how` to ask. `overlap` and `export --overlap` both read them so.
pub(crate) fn companies(
    graph: &Graph,
    names: &[String],
    how: &str,
) -> Result<Vec<EntityIx>, Error> {
    let mut companies: Vec<EntityIx> = Vec::new();
    for text in names {
        let ix = graph.lookup(text)?;
        if !companies.contains(&ix) {
            companies.push(ix);
        }
    }
    if companies.len() < 2 {
        return Err(Error::Usage(format!(
            "name two or more different companies {how}"
        )));
    }
    Ok(companies)
}

fn all(
    graph: &Graph,
    options: &Options,
    args: &OverlapArgs,
    out: &mut dyn Write,
) -> Result<(), Error> {
    let top = args.top.unwrap_or(10);
    if top > MAX_TOP {
        return Err(Error::Usage(format!(
            "--top {top} is more than overlap --all lists: at most {MAX_TOP} pairs; the answer's \
             first line counts every pair that shares an investor"
        )));
    }
    let ranking = algo::overlap_all(graph, &options.filter, args.rollup, top);
    let answer = Ranking {
        rollup: args.rollup,
        filter: options.filter.describe(),
        pairs_sharing: ranking.sharing,
        pairs: ranking.top.iter().map(|p| PairOut::new(graph, p)).collect(),
    };
    emit(out, options, &answer, |out| {
        let mut title = format!(
            "{} of companies {} an investor",
            render::count(ranking.sharing, "pair", "pairs"),
            if ranking.sharing == 1 {
                "shares"
            } else {
                "share"
            }
        );
        if ranking.top.len() < ranking.sharing {
            title.push_str(&format!("; the top {}", ranking.top.len()));
        }
        if args.rollup {
            title.push_str(", funds counted under their owners");
        }
        writeln!(out, "{title}")?;
        write_pairs(out, graph, options, &ranking.top)?;
        trail::filter_note(out, &answer.filter)
    })
}

/// One line a pair: the two companies, how many investors they share, the Jaccard index, and
/// the first few shared investors.
fn write_pairs(
    out: &mut dyn Write,
    graph: &Graph,
    options: &Options,
    pairs: &[PairOverlap],
) -> std::io::Result<()> {
    const NAMED: usize = 5;
    let label =
        |p: &PairOverlap| format!("{} & {}", graph.entity(p.a).name, graph.entity(p.b).name);
    let width = pairs
        .iter()
        .map(|p| label(p).chars().count())
        .max()
        .unwrap_or(0);
    for p in pairs {
        let mut names: Vec<String> = p
            .shared
            .iter()
            .take(NAMED)
            .map(|&e| graph.entity(e).name.clone())
            .collect();
        if p.shared.len() > NAMED {
            names.push(format!("{} more", p.shared.len() - NAMED));
        }
        let mut line = format!(
            "  {}  {:>3} shared  Jaccard {:.3}",
            options.paint.name(&render::pad(&label(p), width)),
            p.shared.len(),
            p.jaccard(),
        );
        if !names.is_empty() {
            line.push_str(&format!("  {}", names.join(", ")));
        }
        writeln!(out, "{line}")?;
    }
    Ok(())
}
