//! The commands of the grammar, one module each: each reads its arguments, asks the library,
//! and writes either text for people or one JSON document. [`trail`] shows relations and
//! paths the same way for all of them.

pub mod coinvestors;
pub mod export;
pub mod exposure;
pub mod find;
pub mod import;
pub mod investments;
pub mod neighbours;
pub mod overlap;
pub mod path;
pub mod set;
pub mod show;
pub mod stats;
pub mod trail;
pub mod validate;

use std::io::{self, Write};

use serde::Serialize;

use crate::error::Error;
use crate::graph::{EntityIx, Graph};
use crate::model::EntityKind;
use crate::session::Options;

/// An entity in brief, as JSON.
#[derive(Debug, Serialize)]
pub struct EntityBrief<'g> {
    pub id: &'g str,
    pub name: &'g str,
    pub kind: EntityKind,
}

impl<'g> EntityBrief<'g> {
    pub fn new(graph: &'g Graph, ix: EntityIx) -> Self {
        let e = graph.entity(ix);
        EntityBrief {
            id: &e.id,
            name: &e.name,
            kind: e.kind,
        }
    }
}

/// Writes `value` as one JSON document when the options ask for JSON, else runs `human`.
pub fn emit<T: Serialize>(
    out: &mut dyn Write,
    options: &Options,
    value: &T,
    human: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), Error> {
    if options.json {
        write_json(out, value)
    } else {
        human(out).map_err(Error::from)
    }
}

/// Writes one pretty JSON document and a newline.
pub fn write_json<T: Serialize + ?Sized>(out: &mut dyn Write, value: &T) -> Result<(), Error> {
    serde_json::to_writer_pretty(&mut *out, value).map_err(|e| Error::from(io::Error::from(e)))?;
    writeln!(out)?;
    Ok(())
}
