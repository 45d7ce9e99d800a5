//! `exposure INVESTOR`: the government bodies and state-owned companies an investor reaches
//! through its portfolio companies' contracts, each with every chain and its weakest status.

use std::io::Write;

use serde::Serialize;

use super::trail::{self, PathOut};
use super::{EntityBrief, emit};
use crate::algo;
use crate::cli::InvestmentArgs;
use crate::error::Error;
use crate::graph::Graph;
use crate::model::Status;
use crate::render;
use crate::session::Options;

#[derive(Serialize)]
struct Answer<'g> {
    investor: EntityBrief<'g>,
    rollup: bool,
    #[serde(skip_serializing_if = "String::is_empty")]
    filter: String,
    reached: Vec<ReachOut<'g>>,
}

#[derive(Serialize)]
struct ReachOut<'g> {
    #[serde(flatten)]
    target: EntityBrief<'g>,
    state_owned: bool,
    /// The strongest of the chains' weakest statuses.
    #[serde(skip_serializing_if = "Option::is_none")]
    best_status: Option<Status>,
    chains: Vec<PathOut<'g>>,
}

pub fn run(
    graph: &Graph,
    options: &Options,
    args: &InvestmentArgs,
    out: &mut dyn Write,
) -> Result<(), Error> {
    let investor = graph.lookup(&args.entity)?;
    let exposure = algo::exposure(graph, investor, &options.filter, args.rollup);
    let answer = Answer {
        investor: EntityBrief::new(graph, investor),
        rollup: args.rollup,
        filter: options.filter.describe(),
        reached: exposure
            .reached
            .iter()
            .map(|r| ReachOut {
                target: EntityBrief::new(graph, r.target),
                state_owned: graph.entity(r.target).state_owned,
                best_status: r.best(graph),
                chains: r
                    .chains
                    .iter()
                    .map(|c| PathOut::new(graph, &options.filter, c))
                    .collect(),
            })
            .collect(),
    };
    let paint = &options.paint;
    emit(out, options, &answer, |out| {
        let name = &graph.entity(investor).name;
        let what = match exposure.reached.len() {
            0 => "no government body or state-owned company".to_string(),
            1 => "1 government body or state-owned company".to_string(),
            n => format!("{n} government bodies and state-owned companies"),
        };
        let mut title = format!("{} reaches {what}", paint.name(name));
        title.push_str(if args.rollup {
            " through its portfolio companies and those of the entities it owns"
        } else {
            " through its portfolio companies"
        });
        writeln!(out, "{title}")?;
        for reach in &exposure.reached {
            let target = graph.entity(reach.target);
            writeln!(out)?;
            writeln!(
                out,
                "  {}  {}  {}",
                paint.name(&target.name),
                paint.dim(&render::entity_tags(target)),
                render::count(reach.chains.len(), "chain", "chains")
            )?;
            for chain in &reach.chains {
                writeln!(out, "    {}", trail::headline(graph, options, chain))?;
                trail::write_hops(out, graph, options, chain, "      ")?;
            }
        }
        if !args.rollup {
            super::investments::rollup_hint(out, graph, options, investor)?;
        }
        trail::filter_note(out, &answer.filter)
    })
}
