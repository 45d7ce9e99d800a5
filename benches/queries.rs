//! The queries on a generated world of a million entities and three million relations (fixed
//! seed): paths, neighbourhoods, investors and portfolios, overlap, exposure, `find`, and the
//! construction of the graph and of its adjacency index. The index is built before the
//! queries are timed, as a session builds it once.
//!
//!     cargo bench --bench queries
//!
//! Each query is run over a fixed rotation of entities, so a time is an average over them.

#[path = "../tests/synthetic/mod.rs"]
mod synthetic;

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use dealgraph::algo::{self, Avoid};
use dealgraph::filter::Filter;
use dealgraph::graph::{Adjacency, EntityIx};
use dealgraph::model::Status;

const ENTITIES: usize = 1_000_000;
const RELATIONS: usize = 3_000_000;
const SEED: u64 = 20180723;

/// A fixed rotation of picks from a range.
fn picks(range: &std::ops::Range<usize>, count: usize, seed: u64) -> Vec<EntityIx> {
    let mut rng = fastrand::Rng::with_seed(seed);
    (0..count)
        .map(|_| EntityIx::new(rng.usize(range.clone())))
        .collect()
}

/// Runs `query` on the next item of `items` at each iteration.
fn rotate<T, R>(items: &[T], mut query: impl FnMut(&T) -> R) -> impl FnMut() -> R {
    let mut i = 0;
    move || {
        i = (i + 1) % items.len();
        query(&items[i])
    }
}

fn queries(c: &mut Criterion) {
    let started = Instant::now();
    let world = synthetic::world(ENTITIES, RELATIONS, SEED);
    let graph = &world.graph;
    eprintln!(
        "world: {} entities, {} relations, built in {:.2?}",
        graph.entity_count(),
        graph.relation_count(),
        started.elapsed()
    );
    let all = Filter::all();
    let confirmed = Filter {
        statuses: [Status::Confirmed].into(),
        ..Filter::all()
    };
    let none = Avoid::new();
    let companies = picks(&world.companies, 64, 1);
    let pairs: Vec<(EntityIx, EntityIx)> = companies
        .iter()
        .zip(picks(&world.companies, 64, 2))
        .map(|(&a, b)| (a, b))
        .collect();
    let funds = picks(&world.funds, 64, 3);
    let busiest_fund = EntityIx::new(world.funds.start);
    eprintln!(
        "busiest fund: {} companies",
        algo::portfolio(graph, busiest_fund, &all, false).len()
    );

    let started = Instant::now();
    graph.name_places();
    eprintln!(
        "adjacency index and places in name order: {:.2?}",
        started.elapsed()
    );

    let mut group = c.benchmark_group("queries");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));

    group.bench_function("path: shortest between two companies", |b| {
        b.iter(rotate(&pairs, |&(x, y)| {
            black_box(algo::shortest_path(graph, x, y, &all, &none))
        }))
    });
    group.bench_function("path: shortest, confirmed only", |b| {
        b.iter(rotate(&pairs, |&(x, y)| {
            black_box(algo::shortest_path(graph, x, y, &confirmed, &none))
        }))
    });
    group.bench_function("path: 3 shortest (Yen)", |b| {
        b.iter(rotate(&pairs, |&(x, y)| {
            black_box(algo::k_shortest_paths(graph, x, y, &all, &none, 3, None))
        }))
    });
    group.bench_function("neighbours: depth 2, limit 50", |b| {
        b.iter(rotate(&companies, |&x| {
            black_box(algo::neighbourhood(graph, x, &all, 2, 50))
        }))
    });
    group.bench_function("investors of a company, rollup", |b| {
        b.iter(rotate(&companies, |&x| {
            black_box(algo::investors(graph, x, &all, true))
        }))
    });
    group.bench_function("portfolio of a fund, rollup", |b| {
        b.iter(rotate(&funds, |&x| {
            black_box(algo::portfolio(graph, x, &all, true))
        }))
    });
    group.bench_function("portfolio of the busiest fund", |b| {
        b.iter(|| black_box(algo::portfolio(graph, busiest_fund, &all, false)))
    });
    group.bench_function("overlap of two companies", |b| {
        b.iter(rotate(&pairs, |&(x, y)| {
            black_box(algo::overlap(graph, &[x, y], &all, false))
        }))
    });
    let thousand = picks(&world.companies, 1_000, 4);
    group.bench_function("overlap of 1,000 companies", |b| {
        b.iter(|| black_box(algo::overlap(graph, &thousand, &all, false)))
    });
    group.bench_function("exposure of a fund, rollup", |b| {
        b.iter(rotate(&funds, |&x| {
            black_box(algo::exposure(graph, x, &all, true))
        }))
    });
    group.bench_function("exposure of the busiest fund", |b| {
        b.iter(|| black_box(algo::exposure(graph, busiest_fund, &all, false)))
    });
    group.bench_function("coinvestors of a fund", |b| {
        b.iter(rotate(&funds, |&x| {
            black_box(algo::coinvestors(graph, x, &all, false))
        }))
    });
    let name = graph.entity(companies[0]).name.clone();
    let typo: String = name.chars().filter(|&c| c != 'a' && c != 'e').collect();
    eprintln!("find: {name:?}, {typo:?}");
    for (what, text) in [
        ("find: a whole name", name.as_str()),
        ("find: a name with a typo", typo.as_str()),
        ("find: a word in 20,000 names", "police"),
        ("find: two letters", "qu"),
    ] {
        group.bench_function(what, |b| b.iter(|| black_box(graph.find(text, 10))));
    }
    group.bench_function("overlap --all --top 10", |b| {
        b.iter(|| black_box(algo::overlap_all(graph, &all, false, 10).ok()))
    });
    group.bench_function("overlap --all --top 10 --rollup", |b| {
        b.iter(|| black_box(algo::overlap_all(graph, &all, true, 10).ok()))
    });
    group.finish();
    drop(world);

    let mut build = c.benchmark_group("construction");
    build
        .sample_size(10)
        .warm_up_time(Duration::from_millis(1))
        .measurement_time(Duration::from_secs(10));
    let world = synthetic::world(ENTITIES, RELATIONS, SEED);
    build.bench_function("adjacency index of 1M entities, 3M relations", |b| {
        b.iter(|| black_box(Adjacency::new(world.graph.inner()).entity_count()))
    });
    drop(world);
    build.bench_function("graph of 1M entities, 3M relations", |b| {
        b.iter(|| {
            black_box(
                synthetic::world(ENTITIES, RELATIONS, SEED)
                    .graph
                    .entity_count(),
            )
        })
    });
    build.finish();
}

criterion_group!(benches, queries);
criterion_main!(benches);
