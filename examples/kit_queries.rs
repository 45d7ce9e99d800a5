//! Times the query kernels on a dataset with a file of queries, the way the registry-scale
//! comparison asks them: the shortest path (and the 3 shortest) of each pair, the 2-hop
//! neighbourhood of each entity, the overlap of the listed companies, the ranking of every
//! pair of companies, and the ranking of every investor by what it reaches (`exposure --all`).
//!
//! ```text
//! cargo run --release --example kit_queries -- large.dealgraph.json large.queries.json [ONLY]
//! ```
//!
//! ONLY is a comma-separated list of the queries to time, by name: `path`, `path-k3`, `khop`,
//! `overlap`, `overlap-all`, `exposure-all` and `khop-command`, the 2-hop neighbourhoods asked
//! as whole commands (`neighbours ID --depth 2` as a script line: parsed, run and its answer
//! written as text). Without it, all are timed, in that order.
//!
//! Each query is asked once and timed alone, in the order of the file, as the kit's libraries
//! time theirs; the first search before them builds the searches' index. A line of the output
//! gives a query's median and mean, in milliseconds.
//!
//! The queries file is JSON: `{"pairs": [[a, b], ...], "khop": [id, ...],
//! "top_companies": [id, ...]}`.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use dealgraph::algo::{self, Avoid};
use dealgraph::filter::Filter;
use dealgraph::graph::{EntityIx, Graph};
use dealgraph::load::{self, Input};

/// The binary's allocator, so that the queries allocate as they do there.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The names ONLY may list.
const QUERIES: [&str; 7] = [
    "path",
    "path-k3",
    "khop",
    "overlap",
    "overlap-all",
    "exposure-all",
    "khop-command",
];

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (data, queries, only) = match &args[..] {
        [data, queries] => (data, queries, QUERIES.to_vec()),
        [data, queries, only] => (data, queries, only.split(',').collect()),
        _ => {
            eprintln!("usage: kit_queries DATASET QUERIES [ONLY]");
            return ExitCode::from(2);
        }
    };
    if let Some(unknown) = only.iter().find(|q| !QUERIES.contains(q)) {
        eprintln!(
            "error: no query is named {unknown:?}; the names: {}",
            QUERIES.join(", ")
        );
        return ExitCode::from(2);
    }
    match run(data, queries, &only) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

fn run(data: &str, queries: &str, only: &[&str]) -> Result<(), Box<dyn std::error::Error>> {
    let started = Instant::now();
    let (graph, _) = load::load(&[Input::Path(data.into())])?;
    println!(
        "load: {} entities, {} relations, {:.1} s",
        graph.entity_count(),
        graph.relation_count(),
        started.elapsed().as_secs_f64()
    );
    let queries: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(queries)?)?;
    let ids = |key: &str| -> Vec<EntityIx> {
        queries[key]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str().and_then(|id| graph.by_id(id)))
            .collect()
    };
    let pairs: Vec<(EntityIx, EntityIx)> = queries["pairs"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| {
            let end = |i: usize| p[i].as_str().and_then(|id| graph.by_id(id));
            Some((end(0)?, end(1)?))
        })
        .collect();
    let (all, none) = (Filter::all(), Avoid::new());

    // The first search builds the searches' index, if the graph keeps one.
    let first = Instant::now();
    if let Some(&(a, b)) = pairs.first() {
        algo::shortest_path(&graph, a, b, &all, &none);
    }
    println!("first path (with the index build): {}", ms(first.elapsed()));
    let places = Instant::now();
    graph.name_places();
    println!("places in name order: {}", ms(places.elapsed()));

    let wanted = |what: &str| only.contains(&what);
    if wanted("path") {
        let mut hops = 0;
        report("path", &pairs, |&(a, b)| {
            hops += algo::shortest_path(&graph, a, b, &all, &none).map_or(0, |p| p.len());
        });
        println!("  hops in all: {hops}");
    }
    if wanted("path-k3") {
        report("path-k3", &pairs, |&(a, b)| {
            algo::k_shortest_paths(&graph, a, b, &all, &none, 3, None);
        });
    }
    if wanted("khop") {
        // The limit of the command's list; every entity within reach is counted.
        let mut reached = 0;
        report("khop", &ids("khop"), |&e| {
            let n = algo::neighbourhood(&graph, e, &all, 2, 50);
            reached += n.reached.len() + n.cut;
        });
        println!("  entities reached in all: {reached}");
    }
    let companies = ids("top_companies");
    let named = format!("overlap of {} companies", companies.len());
    once(wanted("overlap"), 5, &graph, &named, |g| {
        let o = algo::overlap(g, &companies, &all, false);
        o.pairs.iter().map(|p| p.shared.len()).sum()
    });
    once(
        wanted("overlap-all"),
        1,
        &graph,
        "overlap --all --top 10",
        |g| {
            // The kit's graph makes about 1.8 billion pairs of companies, within the 10
            // billion counted for its 5 million relations; 0 says the ranking refused.
            algo::overlap_all(g, &all, false, 10).map_or(0, |r| r.sharing)
        },
    );
    once(
        wanted("exposure-all"),
        3,
        &graph,
        "exposure --all --top 10",
        |g| {
            // Without rollup the ranking walks no `owns` and stops only when interrupted.
            algo::exposure::exposure_all(g, &all, false, 10)
                .unwrap_or_default()
                .iter()
                .map(|r| r.listed + r.bodies)
                .sum()
        },
    );
    if wanted("khop-command") {
        let lines: Vec<String> = queries["khop"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|id| id.as_str())
            .map(|id| format!("neighbours {id} --depth 2"))
            .collect();
        let mut session = dealgraph::Session::new(graph);
        let mut written = Vec::new();
        report("khop-command", &lines, |line| {
            written.clear();
            let (_, done) = dealgraph::repl::run_line(&mut session, line, false, &mut written);
            if let Err(err) = done {
                eprintln!("error: {line}: {err}");
            }
        });
        println!("  (the last answer: {} bytes of text)", written.len());
    }
    Ok(())
}

/// Runs `query` on each item and prints the median and mean times.
fn report<T>(what: &str, items: &[T], mut query: impl FnMut(&T)) {
    let mut times: Vec<Duration> = items
        .iter()
        .map(|item| {
            let t = Instant::now();
            query(item);
            t.elapsed()
        })
        .collect();
    times.sort();
    if let Some(median) = times.get(times.len() / 2) {
        let total: Duration = times.iter().sum();
        println!(
            "{what}: median {}, mean {} over {}",
            ms(*median),
            ms(total / times.len() as u32),
            times.len(),
        );
    }
}

/// Runs `query` `runs` times and prints the median time and the result, when `wanted`.
fn once(wanted: bool, runs: usize, graph: &Graph, what: &str, query: impl Fn(&Graph) -> usize) {
    if !wanted {
        return;
    }
    let mut n = 0;
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            n = query(graph);
            t.elapsed()
        })
        .collect();
    times.sort();
    println!("{what}: median {} of {runs} ({n})", ms(times[runs / 2]));
}

fn ms(d: Duration) -> String {
    format!("{:.4} ms", d.as_secs_f64() * 1000.0)
}
