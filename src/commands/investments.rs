//! `investors COMPANY` and `portfolio INVESTOR`: the two ends of `invests_in`, with rounds,
//! amounts, dates, statuses and sources; `--rollup` folds funds into their owners.

use std::io::{self, Write};

use petgraph::Direction;
use serde::Serialize;

use super::trail::{self, RelationOut};
use super::{EntityBrief, emit};
use crate::algo::{self, Investment};
use crate::cli::InvestmentArgs;
use crate::error::Error;
use crate::graph::{EntityIx, Graph};
use crate::model::RelationType;
use crate::render;
use crate::session::Options;

#[derive(Serialize)]
struct Answer<'g> {
    entity: EntityBrief<'g>,
    rollup: bool,
    #[serde(skip_serializing_if = "String::is_empty")]
    filter: String,
    investments: Vec<InvestmentOut<'g>>,
    hidden_by_filter: usize,
}

/// A stake as JSON: who holds it, who it counts under, in what, and the evidence.
#[derive(Serialize)]
pub struct InvestmentOut<'g> {
    /// The investor, or with rollup the owner it counts under.
    pub holder: EntityBrief<'g>,
    pub investor: EntityBrief<'g>,
    pub company: EntityBrief<'g>,
    pub relations: Vec<RelationOut<'g>>,
    /// The `owns` relations from the holder down to the investor.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ownership: Vec<RelationOut<'g>>,
}

impl<'g> InvestmentOut<'g> {
    pub fn new(graph: &'g Graph, options: &Options, i: &Investment) -> Self {
        let ownership: Vec<_> = i.ownership.iter().flatten().copied().collect();
        InvestmentOut {
            holder: EntityBrief::new(graph, i.holder()),
            investor: EntityBrief::new(graph, i.investor()),
            company: EntityBrief::new(graph, i.company),
            relations: RelationOut::all(graph, &options.filter, &i.relations),
            ownership: RelationOut::all(graph, &options.filter, &ownership),
        }
    }
}

/// `investors COMPANY`.
pub fn investors(
    graph: &Graph,
    options: &Options,
    args: &InvestmentArgs,
    out: &mut dyn Write,
) -> Result<(), Error> {
    let company = graph.lookup(&args.entity)?;
    let found = algo::investors(graph, company, &options.filter, args.rollup);
    let hidden = hidden(graph, options, company, Direction::Incoming);
    let answer = answer(graph, options, company, args.rollup, &found, hidden);
    emit(out, options, &answer, |out| {
        let mut holders: Vec<EntityIx> = found.iter().map(Investment::holder).collect();
        holders.dedup();
        let mut title = format!(
            "{}: {}",
            options.paint.name(&graph.entity(company).name),
            render::count(holders.len(), "investor", "investors")
        );
        if args.rollup {
            title.push_str(", funds counted under their owners");
        }
        writeln!(out, "{title}")?;
        write_list(out, graph, options, &found, Investment::holder)?;
        footer(out, options, hidden)
    })
}

/// `portfolio INVESTOR`.
pub fn portfolio(
    graph: &Graph,
    options: &Options,
    args: &InvestmentArgs,
    out: &mut dyn Write,
) -> Result<(), Error> {
    let investor = graph.lookup(&args.entity)?;
    let found = algo::portfolio(graph, investor, &options.filter, args.rollup);
    let hidden = hidden(graph, options, investor, Direction::Outgoing);
    let answer = answer(graph, options, investor, args.rollup, &found, hidden);
    emit(out, options, &answer, |out| {
        let mut companies: Vec<EntityIx> = found.iter().map(|i| i.company).collect();
        companies.dedup();
        let mut title = format!(
            "{}: {}",
            options.paint.name(&graph.entity(investor).name),
            render::count(companies.len(), "company", "companies")
        );
        if args.rollup {
            title.push_str(", with those of the entities it owns");
        }
        writeln!(out, "{title}")?;
        write_list(out, graph, options, &found, |i| i.company)?;
        if !args.rollup {
            rollup_hint(out, graph, options, investor)?;
        }
        footer(out, options, hidden)
    })
}

fn answer<'g>(
    graph: &'g Graph,
    options: &Options,
    entity: EntityIx,
    rollup: bool,
    found: &[Investment],
    hidden: usize,
) -> Answer<'g> {
    Answer {
        entity: EntityBrief::new(graph, entity),
        rollup,
        filter: options.filter.describe(),
        investments: found
            .iter()
            .map(|i| InvestmentOut::new(graph, options, i))
            .collect(),
        hidden_by_filter: hidden,
    }
}

/// The `invests_in` relations of an entity, one way, that the filter hides.
fn hidden(graph: &Graph, options: &Options, ix: EntityIx, direction: Direction) -> usize {
    graph
        .relations_of(ix, direction)
        .filter(|r| {
            r.relation.kind == RelationType::InvestsIn
                && !algo::in_scope(&options.filter, r.relation, &[RelationType::InvestsIn])
        })
        .count()
}

/// Writes stakes under the name `label` picks (the investor or the company): a direct stake
/// as the name, status and facts; a stake through owned entities as the chain of relations.
fn write_list(
    out: &mut dyn Write,
    graph: &Graph,
    options: &Options,
    found: &[Investment],
    label: impl Fn(&Investment) -> EntityIx,
) -> io::Result<()> {
    let paint = &options.paint;
    let width = found
        .iter()
        .map(|i| graph.entity(label(i)).name.chars().count())
        .max()
        .unwrap_or(0);
    for i in found {
        let name = &graph.entity(label(i)).name;
        if i.owners.len() > 1 {
            let through: Vec<&str> = i.owners[1..]
                .iter()
                .map(|&e| graph.entity(e).name.as_str())
                .collect();
            writeln!(
                out,
                "  {}  through {}",
                paint.name(name),
                through.join(" → ")
            )?;
            trail::write_hops(out, graph, options, &i.path(), "    ")?;
            continue;
        }
        for (n, &r) in i.relations.iter().enumerate() {
            let shown = if n == 0 { name.as_str() } else { "" };
            trail::write_row(
                out,
                graph,
                options,
                shown,
                width,
                &trail::relation_ref(graph, r),
            )?;
        }
    }
    Ok(())
}

/// Tells that `--rollup` would add the investments of the entities an investor owns, if any.
pub fn rollup_hint(
    out: &mut dyn Write,
    graph: &Graph,
    options: &Options,
    investor: EntityIx,
) -> io::Result<()> {
    let owned = algo::investments::owned(graph, investor, &options.filter).len() - 1;
    if owned > 0 {
        writeln!(
            out,
            "{} owns {}; --rollup includes their investments",
            graph.entity(investor).name,
            render::count(owned, "entity", "entities")
        )?;
    }
    Ok(())
}

fn footer(out: &mut dyn Write, options: &Options, hidden: usize) -> io::Result<()> {
    let described = options.filter.describe();
    trail::hidden_note(out, hidden, ("investment", "investments"), &described)
}
