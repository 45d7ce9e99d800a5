//! Writes a generated world as a dealgraph dataset, to try the program at scale:
//!
//! ```text
//! cargo run --release --example synthetic -- 1000000 3000000 world.json
//! dealgraph --no-default-data --data world.json
//! ```
//!
//! The world is the one the benchmarks use (`tests/synthetic/mod.rs`): the same for the same
//! sizes, with ids `e0`, `e1`, ... and every relation citing one source, "synthetic".

#[path = "../tests/synthetic/mod.rs"]
mod synthetic;

use std::io::{BufWriter, Write};
use std::process::ExitCode;

use dealgraph::export::json::RelationRecord;
use dealgraph::model::SourceRef;

const SEED: u64 = 7;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(entities), Some(relations), Some(path)) = (
        args.first().and_then(|n| n.parse::<usize>().ok()),
        args.get(1).and_then(|n| n.parse::<usize>().ok()),
        args.get(2),
    ) else {
        eprintln!("usage: synthetic ENTITIES RELATIONS FILE");
        return ExitCode::from(2);
    };
    match write(entities, relations, path) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {path}: {err}");
            ExitCode::FAILURE
        }
    }
}

fn write(entities: usize, relations: usize, path: &str) -> std::io::Result<()> {
    let world = synthetic::world(entities, relations, SEED);
    let graph = &world.graph;
    let mut out = BufWriter::new(std::fs::File::create(path)?);
    writeln!(
        out,
        r#"{{"sources": [{{"id": "synthetic", "title": "A generated world"}}],"#
    )?;
    writeln!(out, r#""entities": ["#)?;
    for (n, (_, entity)) in graph.entities().enumerate() {
        let comma = if n + 1 < graph.entity_count() {
            ","
        } else {
            ""
        };
        writeln!(out, "{}{comma}", serde_json::to_string(entity)?)?;
    }
    writeln!(out, r#"],"relations": ["#)?;
    for (n, r) in graph.relations().enumerate() {
        let mut relation = r.relation.clone();
        relation.sources.push(SourceRef {
            source: "synthetic".into(),
            quote: None,
        });
        let record = RelationRecord {
            from: &graph.entity(r.from).id,
            to: &graph.entity(r.to).id,
            relation: &relation,
        };
        let comma = if n + 1 < graph.relation_count() {
            ","
        } else {
            ""
        };
        writeln!(out, "{}{comma}", serde_json::to_string(&record)?)?;
    }
    writeln!(out, "]}}")?;
    out.flush()
}
