//! `coinvestors INVESTOR`: who invests in the same companies, most shared companies first.

use std::io::Write;

use serde::Serialize;

use super::trail;
use super::{EntityBrief, emit};
use crate::algo;
use crate::cli::CoinvestorsArgs;
use crate::error::Error;
use crate::graph::Graph;
use crate::render;
use crate::session::Options;

#[derive(Serialize)]
struct Answer<'g> {
    investor: EntityBrief<'g>,
    rollup: bool,
    #[serde(skip_serializing_if = "String::is_empty")]
    filter: String,
    coinvestors: Vec<CoinvestorOut<'g>>,
    /// Co-investors beyond --top.
    cut: usize,
}

#[derive(Serialize)]
struct CoinvestorOut<'g> {
    #[serde(flatten)]
    investor: EntityBrief<'g>,
    companies: Vec<EntityBrief<'g>>,
}

pub fn run(
    graph: &Graph,
    options: &Options,
    args: &CoinvestorsArgs,
    out: &mut dyn Write,
) -> Result<(), Error> {
    let investor = graph.lookup(&args.investor)?;
    let mut along = algo::coinvestors(graph, investor, &options.filter, args.rollup);
    let cut = along.len().saturating_sub(args.top);
    along.truncate(args.top);
    let answer = Answer {
        investor: EntityBrief::new(graph, investor),
        rollup: args.rollup,
        filter: options.filter.describe(),
        coinvestors: along
            .iter()
            .map(|c| CoinvestorOut {
                investor: EntityBrief::new(graph, c.investor),
                companies: c
                    .companies
                    .iter()
                    .map(|&e| EntityBrief::new(graph, e))
                    .collect(),
            })
            .collect(),
        cut,
    };
    let paint = &options.paint;
    emit(out, options, &answer, |out| {
        let mut title = format!(
            "{} invests alongside {}",
            paint.name(&graph.entity(investor).name),
            render::count(along.len() + cut, "investor", "investors")
        );
        if args.rollup {
            title.push_str(", funds counted under their owners");
        }
        writeln!(out, "{title}")?;
        let width = along
            .iter()
            .map(|c| graph.entity(c.investor).name.chars().count())
            .max()
            .unwrap_or(0);
        let shared = |n: usize| render::count(n, "company", "companies");
        let count_width = along
            .iter()
            .map(|c| shared(c.companies.len()).len())
            .max()
            .unwrap_or(0);
        for c in &along {
            let names: Vec<&str> = c
                .companies
                .iter()
                .map(|&e| graph.entity(e).name.as_str())
                .collect();
            writeln!(
                out,
                "  {}  {}  {}",
                paint.name(&render::pad(&graph.entity(c.investor).name, width)),
                render::pad(&shared(names.len()), count_width),
                names.join(", ")
            )?;
        }
        if cut > 0 {
            let total = along.len() + cut;
            trail::cut_note(out, cut, ("co-investor", "co-investors"), "--top", total)?;
        }
        if !args.rollup {
            super::investments::rollup_hint(out, graph, options, investor)?;
        }
        trail::filter_note(out, &answer.filter)
    })
}
