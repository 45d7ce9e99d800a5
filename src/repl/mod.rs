//! The two faces that run many commands in one session: the `dealgraph>` prompt on a terminal
//! (completion, hints, highlighting, history), and scripts with one command a line.
//!
//! - [`line`](mod@line) splits a line into words as the parser will, leniently, for the others;
//! - [`grammar`] finds each word's place in clap's command tree;
//! - [`complete`] and [`names`] offer commands, flags, values and entity names;
//! - [`helper`] is what rustyline calls while a line is typed;
//! - [`history`] keeps the lines in a file between sessions;
//! - [`pager`] shows an answer longer than the screen through a pager;
//! - [`script`](mod@script) runs files and standard input.

pub mod complete;
pub mod grammar;
pub mod help;
pub mod helper;
pub mod history;
pub mod line;
pub mod names;
pub mod pager;
pub mod script;

use std::io::{self, Write};
use std::path::PathBuf;

use rustyline::Editor;
use rustyline::config::{ColorMode, CompletionType, Config};
use rustyline::error::ReadlineError;
use rustyline::history::FileHistory;

pub use script::script;

use crate::cli::{Command, Line, asks_for_json, parse_line};
use crate::error::Error;
use crate::print::{self, Paint, Printer};
use crate::session::{Answer, Session, Settings};
use helper::PromptHelper;
use history::HistoryFile;

/// The prompt's text when no setting is on.
pub const PROMPT: &str = "dealgraph> ";

/// How many lines the history keeps.
pub const HISTORY_SIZE: usize = 1000;

/// How the prompt looks and where it keeps its history.
#[derive(Debug, Clone, Default)]
pub struct PromptOptions {
    /// Whether colour is on under `set colour auto` (a terminal, no `NO_COLOR`); with colour
    /// on, command words and entity names are highlighted and the hints dimmed.
    pub color: bool,
    /// The history file, if any (see [`history::default_path`]).
    pub history: Option<PathBuf>,
}

/// What the caller should do after a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// Read the next line.
    Continue,
    /// End the session.
    Quit,
    /// Clear the screen (`clear`), which only the prompt does.
    Clear,
}

/// Why a prompt or script ended before its end.
#[derive(Debug)]
pub enum Ended {
    /// An error not printed yet.
    Error(Error),
    /// A line failed, and its error is printed.
    Failed,
}

/// The printer for a line: JSON when the session's setting or the line's `--json` asks for it;
/// colour as `set colour` says, `auto` meaning `color`.
fn printer(session: &Session, color: bool, json: bool) -> Printer {
    let json = json || session.settings().json;
    let color = session.settings().colour.resolve(color);
    Printer {
        json,
        paint: Paint {
            color: color && !json,
        },
        terminal: false,
    }
}

/// Parses one line of the prompt or of a script with the command line's grammar, runs it and
/// prints its answer (help too) to `out`. A blank line or a comment does nothing; `color` is
/// whether `set colour auto` colours. Returns the printer the line chose, for its error, if
/// any.
pub fn run_line(
    session: &mut Session,
    line: &str,
    color: bool,
    out: &mut dyn Write,
) -> (Printer, Result<Flow, Error>) {
    let parsed = match help::asked(line, session.settings().width) {
        Some(Ok(text)) => Ok(Line::Help(text)),
        Some(Err(err)) => return (printer(session, color, asks_for_json(line)), Err(err)),
        None => parse_line(line),
    };
    let parsed = match parsed {
        Ok(parsed) => parsed,
        Err(err) => {
            let err = help::in_prompt_terms(line, err);
            return (printer(session, color, asks_for_json(line)), Err(err));
        }
    };
    let cli = match parsed {
        Line::Nothing => return (printer(session, color, false), Ok(Flow::Continue)),
        Line::Help(text) => {
            let printer = printer(session, color, asks_for_json(line));
            let done = if printer.json {
                print::write_json(out, &serde_json::json!({ "help": text }))
            } else {
                print::write_text(out, &text).map_err(Error::from)
            };
            return (printer, done.map(|()| Flow::Continue));
        }
        Line::Command(cli) => cli,
    };
    let mut printer = printer(session, color, cli.global.json);
    if let Some(Command::Clear) = cli.command {
        return (printer, Ok(Flow::Clear));
    }
    let result = (|| {
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
        if let Some(color) = cli.global.color() {
            printer.paint.color = color && !printer.json;
        }
        let request = cli
            .request()?
            .ok_or_else(|| Error::Usage("type a command, or `help` to list them".into()))?;
        let answer = session.run(&request)?;
        if let Answer::Settings(settings) = &answer {
            // The answer to `set json` or `set colour` is already in the new form.
            printer.json = settings.json || cli.global.json;
            printer.paint.color = cli
                .global
                .color()
                .unwrap_or_else(|| settings.colour.resolve(color))
                && !printer.json;
        }
        printer.answer(&answer, out, &mut io::stderr())?;
        let _ = out.flush();
        if let Some(err) = print::failure(&answer) {
            return Err(err);
        }
        Ok(match answer {
            Answer::Quit(_) => Flow::Quit,
            _ => Flow::Continue,
        })
    })();
    (printer, result)
}

/// Runs the interactive prompt until `quit` or Ctrl-D. An error is printed and the session
/// carries on; Ctrl-C clears the line.
pub fn prompt(session: &mut Session, options: &PromptOptions) -> Result<(), Error> {
    let cannot_open = |e: ReadlineError| Error::io("cannot open the prompt", io::Error::other(e));
    let config = Config::builder()
        .completion_type(CompletionType::List)
        .max_history_size(HISTORY_SIZE)
        .map_err(cannot_open)?
        .history_ignore_dups(true)
        .map_err(cannot_open)?
        .history_ignore_space(true)
        .auto_add_history(false)
        // Whether to colour is the helper's to decide, by `set colour`.
        .color_mode(ColorMode::Forced)
        .build();
    let mut editor: Editor<PromptHelper, FileHistory> =
        Editor::with_config(config).map_err(cannot_open)?;
    let colored = |session: &Session| session.settings().colour.resolve(options.color);
    editor.set_helper(Some(PromptHelper::new(session.graph(), colored(session))));
    let mut history = HistoryFile::new(options.history.clone());
    history.load(&mut editor, &mut io::stderr());

    let stdout = io::stdout();
    {
        let mut out = stdout.lock();
        let graph = session.graph();
        writeln!(
            out,
            "dealgraph: {}, {}. Tab completes, `help` lists the commands, Ctrl-D quits.",
            crate::text::count(graph.entity_count(), "entity", "entities"),
            crate::text::count(graph.relation_count(), "relation", "relations")
        )?;
    }
    // Ctrl-C while a command runs stops the command, not the session (while a line is read,
    // the editor takes Ctrl-C itself). Without the handler, Ctrl-C still ends the program.
    let _ = ctrlc::set_handler(crate::cancel::request);
    let mut loads_seen = session.loads();
    // The lines of a command that a trailing `\` continues, read so far.
    let mut continued = String::new();
    loop {
        let prompt = prompt_text(session.settings());
        let prompt = if continued.is_empty() {
            prompt
        } else {
            continuation_text(&prompt)
        };
        match editor.readline(&prompt) {
            Ok(text) => {
                if !continued.is_empty() {
                    continued.push('\n');
                }
                continued.push_str(&text);
                if line::lex(&continued).continues {
                    continue;
                }
                let text = std::mem::take(&mut continued);
                if !text.trim().is_empty() {
                    let _ = editor.add_history_entry(text.trim_end());
                    history.save(&mut editor, &mut io::stderr());
                }
                crate::cancel::clear();
                let settings = session.settings();
                let paged = pager::Output::new(settings.pager, settings.width);
                let (printer, flow) = if paged.pages() {
                    let mut paged = paged;
                    let ran = run_line(
                        session,
                        &line::join_lines(&text),
                        options.color,
                        &mut paged.buffer,
                    );
                    if let Err(err) = paged.show() {
                        // The terminal is gone.
                        return Err(Error::io("cannot write the output", err));
                    }
                    ran
                } else {
                    let mut out = stdout.lock();
                    let ran = run_line(session, &line::join_lines(&text), options.color, &mut out);
                    let _ = out.flush();
                    ran
                };
                let mut out = stdout.lock();
                if let Err(err) = &flow
                    && !err.is_broken_pipe()
                {
                    printer.error(err, &mut out, &mut io::stderr());
                }
                drop(out);
                if let Some(helper) = editor.helper_mut() {
                    helper.set_color(colored(session));
                    if session.loads() != loads_seen {
                        helper.refresh(session.graph());
                        loads_seen = session.loads();
                    }
                }
                match flow {
                    Ok(Flow::Quit) => break,
                    Ok(Flow::Clear) => {
                        let _ = editor.clear_screen();
                    }
                    Ok(Flow::Continue) => {}
                    Err(err) if err.is_broken_pipe() => return Err(err),
                    Err(_) => {}
                }
            }
            // Ctrl-C drops the line, and the lines it continues.
            Err(ReadlineError::Interrupted) => continued.clear(),
            // Ctrl-D in the middle of a command drops it; on an empty prompt it ends the session.
            Err(ReadlineError::Eof) if !continued.is_empty() => continued.clear(),
            Err(ReadlineError::Eof) => break,
            Err(err) => return Err(Error::io("cannot read the prompt", io::Error::other(err))),
        }
    }
    Ok(())
}

/// The prompt, with the settings that filter every answer when there are any:
/// `dealgraph (status confirmed; as of 2018-06)> `.
pub fn prompt_text(settings: &Settings) -> String {
    let mut parts = Vec::new();
    let filter = settings.filter.describe();
    if !filter.is_empty() {
        parts.push(filter);
    }
    if settings.json {
        parts.push("json".to_string());
    }
    if parts.is_empty() {
        PROMPT.to_string()
    } else {
        format!("dealgraph ({})> ", parts.join("; "))
    }
}

/// The prompt for the next line of a command that a trailing `\` continues: `...> `, as wide
/// as `prompt` so that the lines stay aligned (psql shows `-#`, Python `...`).
pub fn continuation_text(prompt: &str) -> String {
    let width = prompt.chars().count();
    format!("{:>width$}", CONTINUATION)
}

/// The end of the continuation prompt.
pub const CONTINUATION: &str = "...> ";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_prompt_shows_the_settings_in_force() {
        let mut settings = Settings::default();
        assert_eq!(prompt_text(&settings), "dealgraph> ");
        settings.filter.statuses = [crate::model::Status::Confirmed].into();
        settings.filter.as_of = Some("2018-06".parse().unwrap());
        settings.json = true;
        assert_eq!(
            prompt_text(&settings),
            "dealgraph (status confirmed; as of 2018-06; json)> "
        );
    }

    #[test]
    fn the_continuation_prompt_is_as_wide_as_the_prompt() {
        assert_eq!(continuation_text("dealgraph> "), "      ...> ");
        assert_eq!(continuation_text("> "), "...> ");
    }
}
