//! `neighbours ENTITY`: the entities within some hops, nearest first, each with the relations
//! that reach it and their sources.

use std::io::Write;

use serde::Serialize;

use super::trail::{self, RelationOut};
use super::{EntityBrief, emit};
use crate::algo;
use crate::cli::NeighboursArgs;
use crate::error::Error;
use crate::graph::Graph;
use crate::render;
use crate::session::Options;

#[derive(Serialize)]
struct Answer<'g> {
    centre: EntityBrief<'g>,
    depth: usize,
    #[serde(skip_serializing_if = "String::is_empty")]
    filter: String,
    reached: Vec<ReachedOut<'g>>,
    /// Entities within reach that the limit left out.
    cut: usize,
}

#[derive(Serialize)]
struct ReachedOut<'g> {
    #[serde(flatten)]
    entity: EntityBrief<'g>,
    distance: usize,
    via: Vec<RelationOut<'g>>,
}

pub fn run(
    graph: &Graph,
    options: &Options,
    args: &NeighboursArgs,
    out: &mut dyn Write,
) -> Result<(), Error> {
    let centre = graph.lookup(&args.entity)?;
    let filter = args.filter.apply(&options.filter);
    let near = algo::neighbourhood(graph, centre, &filter, args.depth, args.limit);
    let options = Options {
        filter,
        ..options.clone()
    };
    let answer = Answer {
        centre: EntityBrief::new(graph, centre),
        depth: args.depth,
        filter: options.filter.describe(),
        reached: near
            .reached
            .iter()
            .map(|r| ReachedOut {
                entity: EntityBrief::new(graph, r.entity),
                distance: r.distance,
                via: RelationOut::all(graph, &options.filter, &r.via),
            })
            .collect(),
        cut: near.cut,
    };
    let paint = &options.paint;
    emit(out, &options, &answer, |out| {
        let total = near.reached.len() + near.cut;
        writeln!(
            out,
            "{}: {} within {}",
            paint.name(&graph.entity(centre).name),
            render::count(total, "entity", "entities"),
            render::count(args.depth, "hop", "hops"),
        )?;
        let mut distance = 0;
        for r in &near.reached {
            if r.distance != distance {
                distance = r.distance;
                writeln!(out)?;
                writeln!(
                    out,
                    "{}",
                    paint.heading(&render::count(distance, "hop", "hops"))
                )?;
            }
            let e = graph.entity(r.entity);
            writeln!(
                out,
                "  {}  {}",
                paint.name(&e.name),
                paint.dim(&render::entity_tags(e))
            )?;
            for &via in &r.via {
                trail::write_relation(out, graph, &options, via, "    ")?;
            }
        }
        if near.cut > 0 {
            writeln!(out)?;
            trail::cut_note(out, near.cut, ("entity", "entities"), "--limit", total)?;
        }
        trail::filter_note(out, &answer.filter)
    })
}
