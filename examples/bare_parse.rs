//! The floor of loading a native dataset: its file read and parsed by serde_json into typed
//! records, strings borrowed from the text, every record kept, and nothing checked or built.
//! `benches/kit.sh` compares dealgraph's load with it.
//!
//! ```text
//! cargo run --release --example bare_parse -- FILE.json [RUNS]
//! ```
//!
//! Prints the median of RUNS (default 3) runs, in seconds, and the records read.

use std::time::Instant;

use serde::Deserialize;

/// A dataset with the fields every element of the kit's graph has (others are skipped).
#[derive(Deserialize)]
struct Dataset<'a> {
    #[serde(borrow)]
    sources: Vec<Source<'a>>,
    #[serde(borrow)]
    entities: Vec<Entity<'a>>,
    #[serde(borrow)]
    relations: Vec<Relation<'a>>,
}

#[derive(Deserialize)]
struct Source<'a> {
    #[serde(borrow)]
    id: &'a str,
}

#[derive(Deserialize)]
struct Entity<'a> {
    #[serde(borrow)]
    id: &'a str,
    #[serde(borrow)]
    name: &'a str,
    #[serde(borrow)]
    kind: &'a str,
}

#[derive(Deserialize)]
struct Relation<'a> {
    #[serde(borrow)]
    from: &'a str,
    #[serde(borrow)]
    to: &'a str,
    #[serde(borrow, rename = "type")]
    kind: &'a str,
    #[serde(borrow)]
    status: &'a str,
    #[serde(borrow)]
    sources: Vec<SourceRef<'a>>,
}

#[derive(Deserialize)]
struct SourceRef<'a> {
    #[serde(borrow)]
    source: &'a str,
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: bare_parse FILE.json [RUNS]");
        std::process::exit(2);
    };
    let runs: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(3).max(1);
    let mut times = Vec::new();
    let mut counts = (0, 0, 0, 0);
    for _ in 0..runs {
        let start = Instant::now();
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(err) => {
                eprintln!("error: cannot read {path}: {err}");
                std::process::exit(1);
            }
        };
        let dataset: Dataset = match serde_json::from_slice(&bytes) {
            Ok(dataset) => dataset,
            Err(err) => {
                eprintln!("error: {path}: {err}");
                std::process::exit(1);
            }
        };
        times.push(start.elapsed().as_secs_f64());
        // Every string read, so that none of the parse is left out as unused.
        let bytes_read: usize = dataset.sources.iter().map(|s| s.id.len()).sum::<usize>()
            + dataset
                .entities
                .iter()
                .map(|e| e.id.len() + e.name.len() + e.kind.len())
                .sum::<usize>()
            + dataset
                .relations
                .iter()
                .map(|r| {
                    r.from.len()
                        + r.to.len()
                        + r.kind.len()
                        + r.status.len()
                        + r.sources.iter().map(|s| s.source.len()).sum::<usize>()
                })
                .sum::<usize>();
        counts = (
            dataset.sources.len(),
            dataset.entities.len(),
            dataset.relations.len(),
            bytes_read,
        );
    }
    times.sort_by(f64::total_cmp);
    let (sources, entities, relations, text) = counts;
    println!(
        "{:.3} s median of {runs} (read and parse; {sources} sources, {entities} entities, \
         {relations} relations, {text} bytes of strings)",
        times[runs / 2]
    );
}
