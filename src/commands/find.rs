//! `find TEXT`: entities whose names or aliases match, best first.

use std::io::Write;

use serde::Serialize;

use super::emit;
use crate::cli::FindArgs;
use crate::error::Error;
use crate::graph::Graph;
use crate::model::EntityKind;
use crate::render;
use crate::session::Options;

#[derive(Serialize)]
struct Found<'g> {
    id: &'g str,
    name: &'g str,
    kind: EntityKind,
    score: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    alias: Option<String>,
}

pub fn run(
    graph: &Graph,
    options: &Options,
    args: &FindArgs,
    out: &mut dyn Write,
) -> Result<(), Error> {
    let text = args.text.join(" ");
    let found: Vec<Found<'_>> = graph
        .find(&text, args.limit)
        .into_iter()
        .map(|m| {
            let e = graph.entity(m.entity);
            Found {
                id: &e.id,
                name: &e.name,
                kind: e.kind,
                score: (m.score * 1000.0).round() / 1000.0,
                alias: m.via_alias,
            }
        })
        .collect();
    emit(out, options, &found, |out| {
        if found.is_empty() {
            return writeln!(out, "nothing matches \"{text}\"");
        }
        let width = found
            .iter()
            .map(|f| f.name.chars().count())
            .max()
            .unwrap_or(0);
        for f in &found {
            let mut line = format!(
                "{}  {}  {}",
                options.paint.name(&render::pad(f.name, width)),
                render::pad(f.kind.as_str(), 12),
                options.paint.dim(f.id)
            );
            if let Some(alias) = &f.alias {
                line.push_str(&format!("  (alias \"{alias}\")"));
            }
            writeln!(out, "{line}")?;
        }
        Ok(())
    })
}
