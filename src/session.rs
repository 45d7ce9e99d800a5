//! A session: the graph, the settings that last for the session, and the execution of parsed
//! commands into any writer. The command line runs one command in a session; the prompt and
//! scripts run many.

use std::io::Write;

use clap::Parser;

use crate::cli::{Cli, ColorWhen, Command, Global};
use crate::commands;
use crate::error::Error;
use crate::filter::Filter;
use crate::graph::Graph;
use crate::load::{self, Input, LoadReport};
use crate::render::Paint;

/// What the caller should do after a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Continue,
    Quit,
}

/// How one command should answer: the session's settings with the command's flags on top.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub json: bool,
    pub filter: Filter,
    pub paint: Paint,
}

/// A graph and what a user has set for the session.
#[derive(Debug, Clone, Default)]
pub struct Session {
    graph: Graph,
    startup: LoadReport,
    /// Whether output may be coloured (the writer is a terminal and colour is wanted).
    color: bool,
    settings: Settings,
    /// How many `load` commands have run (each may have changed the graph).
    loads: usize,
}

/// Settings that last for the session (the prompt's `set`).
#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub json: bool,
    pub filter: Filter,
}

impl Session {
    /// A session on a graph.
    pub fn new(graph: Graph) -> Self {
        Session {
            graph,
            ..Session::default()
        }
    }

    /// A session on the data the global flags name: the bundled dataset unless
    /// `--no-default-data`, then every `--data` path.
    pub fn start(global: &Global) -> Result<Self, Error> {
        let mut inputs = Vec::new();
        if !global.no_default_data {
            inputs.push(Input::Bundled);
        }
        inputs.extend(global.data.iter().cloned().map(Input::Path));
        let (graph, startup) = load::load_with(&inputs, &global.load_options())?;
        Ok(Session {
            graph,
            startup,
            ..Session::default()
        })
    }

    /// The session's graph.
    pub fn graph(&self) -> &Graph {
        &self.graph
    }

    /// What loading the data at start-up added, file by file.
    pub fn startup_report(&self) -> &LoadReport {
        &self.startup
    }

    /// How many `load` commands have run in this session: the names the prompt completes are
    /// read again when it changes.
    pub fn loads(&self) -> usize {
        self.loads
    }

    /// The session's settings.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The session's settings, to change.
    pub fn settings_mut(&mut self) -> &mut Settings {
        &mut self.settings
    }

    /// Allows or forbids colour in the output.
    pub fn set_color(&mut self, color: bool) {
        self.color = color;
    }

    /// The options for one command: session settings, then the command's own flags.
    pub fn options(&self, global: &Global) -> Options {
        let mut filter = self.settings.filter.clone();
        if !global.status.is_empty() {
            filter.statuses = global.status.iter().copied().collect();
        }
        if global.as_of.is_some() {
            filter.as_of = global.as_of;
        }
        let color = match global.color {
            ColorWhen::Auto => self.color,
            ColorWhen::Always => true,
            ColorWhen::Never => false,
        };
        Options {
            json: global.json || self.settings.json,
            filter,
            paint: Paint {
                color: color && !(global.json || self.settings.json),
            },
        }
    }

    /// Parses one line of the prompt or of a script with the command line's grammar and runs it.
    /// Help is written to `out`; a blank line or a comment does nothing.
    pub fn run_line(&mut self, line: &str, out: &mut dyn Write) -> Result<Flow, Error> {
        let cli = match parse_line(line)? {
            Line::Command(cli) => cli,
            Line::Nothing => return Ok(Flow::Continue),
            Line::Help(text) => {
                if self.settings.json || asks_for_json(line) {
                    commands::write_json(out, &serde_json::json!({ "help": text }))?;
                } else {
                    write!(out, "{text}")?;
                }
                return Ok(Flow::Continue);
            }
        };
        if !cli.global.data.is_empty() || cli.global.no_default_data {
            return Err(Error::Usage(
                "--data and --no-default-data choose the data at start-up; here, use `load PATH`"
                    .into(),
            ));
        }
        if cli.global.script.is_some() || cli.global.keep_going {
            return Err(Error::Usage(
                "--script and --keep-going run a script from the command line: `dealgraph --script FILE`"
                    .into(),
            ));
        }
        match &cli.command {
            Some(command) => self.run(command, &cli.global, out),
            None => Err(Error::Usage(
                "type a command, or `help` to list them".into(),
            )),
        }
    }

    /// Runs a parsed command.
    pub fn run(
        &mut self,
        command: &Command,
        global: &Global,
        out: &mut dyn Write,
    ) -> Result<Flow, Error> {
        let options = self.options(global);
        let graph = &self.graph;
        match command {
            Command::Show(args) => commands::show::run(graph, &options, args, out)?,
            Command::Find(args) => commands::find::run(graph, &options, args, out)?,
            Command::Stats(args) => commands::stats::run(graph, &options, args, out)?,
            Command::Validate(args) => commands::validate::validate(
                graph,
                &self.startup,
                &options,
                &global.load_options(),
                args,
                out,
            )?,
            Command::Load(args) => {
                let reading = global.load_options();
                self.loads += 1;
                commands::validate::load(&mut self.graph, &options, &reading, args, out)?
            }
            Command::Path(args) => commands::path::run(graph, &options, args, out)?,
            Command::Neighbours(args) => commands::neighbours::run(graph, &options, args, out)?,
            Command::Investors(args) => {
                commands::investments::investors(graph, &options, args, out)?
            }
            Command::Portfolio(args) => {
                commands::investments::portfolio(graph, &options, args, out)?
            }
            Command::Overlap(args) => commands::overlap::run(graph, &options, args, out)?,
            Command::Coinvestors(args) => commands::coinvestors::run(graph, &options, args, out)?,
            Command::Exposure(args) => commands::exposure::run(graph, &options, args, out)?,
            Command::Import(args) => {
                commands::import::run(graph, &options, &global.load_options(), args, out)?
            }
            Command::Set(args) => commands::set::run(&mut self.settings, &options, args, out)?,
            Command::Export(args) => commands::export::run(graph, &options, args, out)?,
            Command::Quit => {
                commands::emit(out, &options, &serde_json::json!({ "quit": true }), |_| {
                    Ok(())
                })?;
                return Ok(Flow::Quit);
            }
        }
        Ok(Flow::Continue)
    }
}

/// A line of the prompt or of a script, parsed.
#[derive(Debug)]
pub enum Line {
    /// A blank line or a comment.
    Nothing,
    /// Help or version text to print.
    Help(String),
    /// A command with its flags.
    Command(Box<Cli>),
}

/// Whether a line of the prompt or of a script has the `--json` flag (so that help, and an
/// error before the line is parsed, answer in JSON too).
pub fn asks_for_json(line: &str) -> bool {
    shlex::split(line).is_some_and(|words| {
        words
            .iter()
            .take_while(|w| *w != "--")
            .any(|w| w == "--json")
    })
}

/// Splits a line shell-style and parses it with the command line's grammar.
pub fn parse_line(line: &str) -> Result<Line, Error> {
    let trimmed = line.trim();
    if trimmed.is_empty() || trimmed.starts_with('#') {
        return Ok(Line::Nothing);
    }
    let words = shlex::split(trimmed).ok_or_else(|| {
        Error::Usage("unbalanced quotes: close the quote, or escape it with a backslash".into())
    })?;
    if words.is_empty() {
        return Ok(Line::Nothing);
    }
    let args = std::iter::once("dealgraph".to_string()).chain(words);
    match Cli::try_parse_from(args) {
        Ok(cli) => Ok(Line::Command(Box::new(cli))),
        Err(err) => {
            let text = err.render().to_string();
            match err.kind() {
                clap::error::ErrorKind::DisplayHelp
                | clap::error::ErrorKind::DisplayVersion
                | clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
                    Ok(Line::Help(text))
                }
                _ => {
                    let text = text.trim_end();
                    Err(Error::Usage(
                        text.strip_prefix("error: ").unwrap_or(text).to_string(),
                    ))
                }
            }
        }
    }
}
