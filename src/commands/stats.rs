//! `stats`: counts by kind, relation type and status, the most connected entities, and the
//! connected components.

use std::collections::BTreeMap;
use std::io::Write;

use petgraph::unionfind::UnionFind;
use serde::Serialize;

use super::{EntityBrief, emit};
use crate::cli::StatsArgs;
use crate::error::Error;
use crate::graph::Graph;
use crate::model::{EntityKind, RelationType, Status};
use crate::render;
use crate::session::Options;

#[derive(Serialize)]
struct Stats<'g> {
    entities: usize,
    relations: usize,
    sources: usize,
    kinds: BTreeMap<EntityKind, usize>,
    types: BTreeMap<RelationType, usize>,
    statuses: BTreeMap<Status, usize>,
    most_connected: Vec<Connected<'g>>,
    components: Components,
}

#[derive(Serialize)]
struct Connected<'g> {
    #[serde(flatten)]
    entity: EntityBrief<'g>,
    relations: usize,
}

#[derive(Serialize)]
struct Components {
    count: usize,
    largest: Vec<usize>,
    isolated: usize,
}

pub fn run(
    graph: &Graph,
    options: &Options,
    args: &StatsArgs,
    out: &mut dyn Write,
) -> Result<(), Error> {
    let filter = &options.filter;
    let inner = graph.inner();
    let mut kinds = BTreeMap::new();
    for (_, e) in graph.entities() {
        *kinds.entry(e.kind).or_insert(0) += 1;
    }
    let mut types = BTreeMap::new();
    let mut statuses = BTreeMap::new();
    let mut degree = vec![0usize; graph.entity_count()];
    let mut sets = UnionFind::<usize>::new(graph.entity_count());
    let mut relations = 0;
    for r in graph
        .relations()
        .filter(|r| filter.allows_relation(r.relation))
    {
        relations += 1;
        *types.entry(r.relation.kind).or_insert(0) += 1;
        *statuses.entry(r.relation.status).or_insert(0) += 1;
        degree[r.from.index()] += 1;
        degree[r.to.index()] += 1;
        sets.union(r.from.index(), r.to.index());
    }
    let mut sizes: BTreeMap<usize, usize> = BTreeMap::new();
    for ix in inner.node_indices() {
        *sizes.entry(sets.find_mut(ix.index())).or_insert(0) += 1;
    }
    let mut largest: Vec<usize> = sizes.values().copied().collect();
    largest.sort_unstable_by(|a, b| b.cmp(a));
    let components = Components {
        count: largest.len(),
        isolated: largest.iter().filter(|&&s| s == 1).count(),
        largest: largest.into_iter().take(5).collect(),
    };
    let mut ranked: Vec<(usize, &str, petgraph::graph::NodeIndex)> = inner
        .node_indices()
        .filter(|ix| degree[ix.index()] > 0)
        .map(|ix| (degree[ix.index()], graph.entity(ix).name.as_str(), ix))
        .collect();
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    let most_connected = ranked
        .iter()
        .take(args.top)
        .map(|&(relations, _, ix)| Connected {
            entity: EntityBrief::new(graph, ix),
            relations,
        })
        .collect();
    let stats = Stats {
        entities: graph.entity_count(),
        relations,
        sources: graph.sources().len(),
        kinds,
        types,
        statuses,
        most_connected,
        components,
    };
    let paint = &options.paint;
    emit(out, options, &stats, |out| {
        writeln!(
            out,
            "{}, {}, {}",
            render::count(stats.entities, "entity", "entities"),
            render::count(stats.relations, "relation", "relations"),
            render::count(stats.sources, "source", "sources")
        )?;
        let described = filter.describe();
        if !described.is_empty() {
            writeln!(out, "relations counted: {described}")?;
        }
        let table =
            |out: &mut dyn Write, title: &str, rows: Vec<(&str, usize)>| -> std::io::Result<()> {
                writeln!(out)?;
                writeln!(out, "{}", paint.heading(title))?;
                let width = rows.iter().map(|r| r.0.chars().count()).max().unwrap_or(0);
                for (label, count) in rows {
                    writeln!(out, "  {}  {count:>6}", render::pad(label, width))?;
                }
                Ok(())
            };
        table(
            out,
            "entities by kind",
            stats.kinds.iter().map(|(k, n)| (k.as_str(), *n)).collect(),
        )?;
        table(
            out,
            "relations by type",
            stats.types.iter().map(|(t, n)| (t.as_str(), *n)).collect(),
        )?;
        table(
            out,
            "relations by status",
            stats
                .statuses
                .iter()
                .map(|(s, n)| (s.as_str(), *n))
                .collect(),
        )?;
        table(
            out,
            "most connected",
            stats
                .most_connected
                .iter()
                .map(|c| (c.entity.name, c.relations))
                .collect(),
        )?;
        writeln!(out)?;
        let c = &stats.components;
        let sizes: Vec<String> = c.largest.iter().map(|s| s.to_string()).collect();
        writeln!(
            out,
            "{}; largest: {}; {} with no relation",
            render::count(c.count, "connected component", "connected components"),
            sizes.join(", "),
            render::count(c.isolated, "entity", "entities"),
        )
    })
}
