//! `validate [PATH...]` and `load PATH...`: check data files against the loaded graph, and add
//! them to it. Both run the same checks; `validate` changes nothing.

use std::io::Write;

use serde::Serialize;

use super::emit;
use crate::cli::{LoadArgs, ValidateArgs};
use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::graph::Graph;
use crate::load::{self, Input, LoadOptions, LoadReport};
use crate::render;
use crate::session::Options;

#[derive(Serialize)]
struct Validation<'r> {
    ok: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    loaded: Option<&'r LoadReport>,
    problems: &'r [Diagnostic],
}

fn inputs(paths: &[std::path::PathBuf]) -> Vec<Input> {
    paths.iter().cloned().map(Input::Path).collect()
}

/// Checks the paths on top of the graph (or, with none, reports the graph as loaded).
pub fn validate(
    graph: &Graph,
    startup: &LoadReport,
    options: &Options,
    reading: &LoadOptions,
    args: &ValidateArgs,
    out: &mut dyn Write,
) -> Result<(), Error> {
    let checked = if args.paths.is_empty() {
        Ok(startup.clone())
    } else {
        load::check_with(graph, &inputs(&args.paths), reading).map(|staged| staged.report())
    };
    match checked {
        Ok(report) => {
            let result = Validation {
                ok: true,
                loaded: Some(&report),
                problems: &[],
            };
            emit(out, options, &result, |out| {
                write!(out, "{report}")?;
                writeln!(out, "ok: no problems")
            })
        }
        Err(Error::Data(problems)) => {
            if options.json {
                let result = Validation {
                    ok: false,
                    loaded: None,
                    problems: &problems,
                };
                super::write_json(out, &result)?;
            }
            Err(Error::Data(problems))
        }
        Err(other) => Err(other),
    }
}

/// Adds the paths to the graph, all or nothing.
pub fn load(
    graph: &mut Graph,
    options: &Options,
    reading: &LoadOptions,
    args: &LoadArgs,
    out: &mut dyn Write,
) -> Result<(), Error> {
    let report = load::extend_with(graph, &inputs(&args.paths), reading)?;
    emit(out, options, &report, |out| {
        write!(out, "{report}")?;
        writeln!(
            out,
            "graph: {}, {}",
            render::count(graph.entity_count(), "entity", "entities"),
            render::count(graph.relation_count(), "relation", "relations")
        )
    })
}
