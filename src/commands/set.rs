//! `set [SETTING VALUE]`: the settings that last for a session (statuses, as-of date, JSON
//! output). Each change is answered with every setting as it now stands.

use std::io::Write;

use serde::Serialize;

use super::emit;
use crate::cli::{SetArgs, Setting, Switch};
use crate::date::PartialDate;
use crate::error::Error;
use crate::model::Status;
use crate::session::{Options, Settings};

#[derive(Debug, Serialize)]
struct Shown {
    /// Empty: every status.
    status: Vec<Status>,
    as_of: Option<PartialDate>,
    json: bool,
}

/// Applies the change, if any, and writes the settings.
pub fn run(
    settings: &mut Settings,
    options: &Options,
    args: &SetArgs,
    out: &mut dyn Write,
) -> Result<(), Error> {
    let mut options = options.clone();
    match &args.setting {
        None => {}
        Some(Setting::Status { statuses }) => {
            // `all` anywhere in the list means every status.
            settings.filter.statuses = if statuses.iter().any(Option::is_none) {
                Default::default()
            } else {
                statuses.iter().flatten().copied().collect()
            };
        }
        Some(Setting::AsOf { date }) => settings.filter.as_of = date.0,
        Some(Setting::Json { switch }) => {
            settings.json = *switch == Switch::On;
            // The answer to `set json` is already in the new form.
            options.json = settings.json;
            options.paint.color &= !settings.json;
        }
    }
    let shown = Shown {
        status: settings.filter.statuses.iter().copied().collect(),
        as_of: settings.filter.as_of,
        json: settings.json,
    };
    emit(out, &options, &shown, |out| {
        let status: Vec<&str> = shown.status.iter().map(|s| s.as_str()).collect();
        let status = if status.is_empty() {
            "all".to_string()
        } else {
            status.join(",")
        };
        let as_of = shown
            .as_of
            .map_or_else(|| "none".to_string(), |d| d.to_string());
        let json = if shown.json { "on" } else { "off" };
        writeln!(out, "status  {status}")?;
        writeln!(out, "as-of   {as_of}")?;
        writeln!(out, "json    {json}")
    })
}
