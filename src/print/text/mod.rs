//! Answers as text for people, one module per kind of answer, in the one style every answer
//! uses (see [`super::trail`] for relations and paths).

mod coinvestors;
mod exposure;
mod find;
mod flows;
mod investments;
mod neighbours;
mod overlap;
mod owners;
mod path;
mod show;
mod stats;
mod ubo;

use std::io::{self, Write};

use super::Paint;
use crate::session::Answer;
use crate::text::count;

/// Writes an answer as text.
pub fn write(out: &mut dyn Write, paint: &Paint, answer: &Answer<'_>) -> io::Result<()> {
    match answer {
        Answer::Card(a) => show::write(out, paint, a),
        Answer::Found(a) => find::write(out, paint, a),
        Answer::Path(a) => path::write(out, paint, a),
        Answer::Neighbours(a) => neighbours::write(out, paint, a),
        Answer::Investors(a) => investments::investors(out, paint, a),
        Answer::Portfolio(a) => investments::portfolio(out, paint, a),
        Answer::Overlap(a) => overlap::shared(out, paint, a),
        Answer::Ranking(a) => overlap::ranking(out, paint, a),
        Answer::Coinvestors(a) => coinvestors::write(out, paint, a),
        Answer::Exposure(a) => exposure::write(out, paint, a),
        Answer::ExposureRanking(a) => exposure::ranking(out, paint, a),
        Answer::Stats(a) => stats::write(out, paint, a),
        Answer::Owners(a) => owners::write(out, paint, a),
        Answer::Subsidiaries(a) => owners::subsidiaries(out, paint, a),
        Answer::Ubo(a) => ubo::write(out, paint, a),
        Answer::Flows(a) => flows::write(out, paint, a),
        Answer::Exported(e) => {
            writeln!(
                out,
                "wrote {} ({}, {}) to {}",
                e.format.as_str(),
                count(e.entities, "entity", "entities"),
                count(e.relations, "relation", "relations"),
                e.file.as_deref().unwrap_or("standard output")
            )?;
            if !e.warnings.is_empty() {
                writeln!(out, "Graphviz warned: {}", e.warnings)?;
            }
            Ok(())
        }
        Answer::Imported(i) => {
            write!(out, "{}", i.read)?;
            writeln!(
                out,
                "wrote {} ({}, {}, {}) to {}",
                i.format.as_str(),
                count(i.entities, "entity", "entities"),
                count(i.relations, "relation", "relations"),
                count(i.sources, "source", "sources"),
                i.file.as_deref().unwrap_or("standard output"),
            )
        }
        Answer::Indexed(i) => {
            write!(out, "{}", i.read)?;
            writeln!(
                out,
                "wrote a snapshot ({}, {}, {}; {}) to {}",
                count(i.summary.entities, "entity", "entities"),
                count(i.summary.relations, "relation", "relations"),
                count(i.summary.sources, "source", "sources"),
                in_units(i.summary.bytes),
                i.file,
            )?;
            writeln!(
                out,
                "read it with --data {0} or `load {0}`; after its data changes, make it again \
                 with `{1}`",
                i.file, i.again
            )
        }
        Answer::Validated(v) => {
            if let Some(report) = &v.loaded {
                write!(out, "{report}")?;
            }
            writeln!(out, "ok: no problems")
        }
        Answer::Loaded(l) => {
            write!(out, "{}", l.report)?;
            writeln!(
                out,
                "graph: {}, {}",
                count(l.entities, "entity", "entities"),
                count(l.relations, "relation", "relations")
            )
        }
        Answer::Settings(s) => {
            let status: Vec<&str> = s.status.iter().map(|s| s.as_str()).collect();
            let status = if status.is_empty() {
                "all".to_string()
            } else {
                status.join(",")
            };
            let as_of = s
                .as_of
                .map_or_else(|| "none".to_string(), |d| d.to_string());
            let on = |on: bool| if on { "on" } else { "off" }.to_string();
            let rows = [
                ("status", status),
                ("as-of", as_of),
                ("json", on(s.json)),
                ("colour", s.colour.as_str().to_string()),
                ("pager", on(s.pager)),
                (
                    "limit",
                    s.limit.map_or_else(|| "default".into(), |n| n.to_string()),
                ),
                (
                    "width",
                    s.width.map_or_else(|| "auto".into(), |n| n.to_string()),
                ),
            ];
            // A change shows the setting changed; `set` alone shows them all.
            for (name, value) in rows {
                if s.changed.is_none_or(|changed| changed == name) {
                    writeln!(out, "{}  {value}", crate::text::pad(name, 6))?;
                }
            }
            Ok(())
        }
        Answer::Quit(_) => Ok(()),
    }
}

/// A size in bytes for people: KiB below a mebibyte, MiB to one decimal above.
fn in_units(bytes: usize) -> String {
    if bytes < 1 << 20 {
        format!("{} KiB", bytes.div_ceil(1 << 10))
    } else {
        format!("{:.1} MiB", bytes as f64 / f64::from(1 << 20))
    }
}
