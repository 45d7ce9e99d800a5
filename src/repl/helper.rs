//! What the prompt does while a line is typed: completion, hints from history, and
//! highlighting of command words and entity names (only with colour on). (A line ending in `\`
//! is continued by the prompt itself, under its continuation prompt: see [`super::prompt`].)

use std::borrow::Cow;
use std::cell::Cell;

use anstyle::{AnsiColor, Style};
use rustyline::completion::{Completer, Pair};
use rustyline::highlight::{CmdKind, Highlighter};
use rustyline::hint::{Hinter, HistoryHinter};
use rustyline::validate::Validator;
use rustyline::{Context, Helper};

use super::complete::complete;
use super::grammar::{self, Grammar, Role};
use super::line::lex;
use super::names::EntityNames;
use crate::graph::Graph;

/// The prompt's helper: the grammar, the session's entity names, and whether to colour.
pub struct PromptHelper {
    grammar: Grammar,
    names: EntityNames,
    hinter: HistoryHinter,
    color: bool,
    /// Whether the line is being submitted (rustyline's last refresh of it), so that a word at
    /// its end is whole.
    submitted: Cell<bool>,
}

impl PromptHelper {
    /// A helper for a graph; `color` turns highlighting on.
    pub fn new(graph: &Graph, color: bool) -> Self {
        PromptHelper {
            grammar: Grammar::new(),
            names: EntityNames::of(graph),
            hinter: HistoryHinter::new(),
            color,
            submitted: Cell::new(false),
        }
    }

    /// Turns highlighting on or off (`set colour`).
    pub fn set_color(&mut self, color: bool) {
        self.color = color;
    }

    /// Reads the graph's names again, after `load` changed them: new entities, and names that
    /// merged records brought to known ones.
    pub fn refresh(&mut self, graph: &Graph) {
        self.names = EntityNames::of(graph);
    }

    /// The line with its command words and entity names styled. An unknown command or flag is
    /// red once it is whole: followed by more of the line, or `submitted`; not while the last
    /// word may still be on its way to a command (`sh` of `show`).
    pub fn highlighted(&self, line: &str, submitted: bool) -> String {
        let command = Style::new().bold();
        let entity = Style::new().fg_color(Some(AnsiColor::Cyan.into()));
        let wrong = Style::new().fg_color(Some(AnsiColor::Red.into()));
        let mut out = String::with_capacity(line.len() * 2);
        let mut done = 0;
        let mut walk = self.grammar.walk();
        for word in lex(line).words {
            let style = match walk.step(&word.text) {
                Role::Command => Some(command),
                Role::UnknownCommand | Role::UnknownFlag if submitted || word.end < line.len() => {
                    Some(wrong)
                }
                Role::UnknownCommand | Role::UnknownFlag => None,
                Role::Value(arg)
                    if grammar::names_entities(arg) && self.names.resolves(&word.text) =>
                {
                    Some(entity)
                }
                Role::Flag | Role::Value(_) | Role::Extra => None,
            };
            if let Some(style) = style {
                out.push_str(&line[done..word.start]);
                out.push_str(&format!("{style}{}{style:#}", &line[word.start..word.end]));
                done = word.end;
            }
        }
        out.push_str(&line[done..]);
        out
    }
}

impl Completer for PromptHelper {
    type Candidate = Pair;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        let (start, mut candidates) = complete(&self.grammar, &self.names, line, pos);
        // A word completed whole is followed by a space, as a shell does, so that the next
        // word can be typed at once; a folder, a list still open or a word followed by text
        // is left as it is.
        let at_end = line[pos..].chars().next().is_none_or(|c| c != ' ');
        if at_end && line[pos..].is_empty() {
            for candidate in &mut candidates {
                if !candidate.replacement.ends_with(['/', ',', '=']) {
                    candidate.replacement.push(' ');
                }
            }
        }
        Ok((start, candidates))
    }
}

impl Hinter for PromptHelper {
    type Hint = String;

    fn hint(&self, line: &str, pos: usize, ctx: &Context<'_>) -> Option<String> {
        self.hinter.hint(line, pos, ctx)
    }
}

impl Highlighter for PromptHelper {
    fn highlight<'l>(&self, line: &'l str, _pos: usize) -> Cow<'l, str> {
        if self.color {
            Cow::Owned(self.highlighted(line, self.submitted.get()))
        } else {
            Cow::Borrowed(line)
        }
    }

    fn highlight_hint<'h>(&self, hint: &'h str) -> Cow<'h, str> {
        if self.color {
            let dim = Style::new().dimmed();
            Cow::Owned(format!("{dim}{hint}{dim:#}"))
        } else {
            Cow::Borrowed(hint)
        }
    }

    fn highlight_char(&self, _line: &str, _pos: usize, kind: CmdKind) -> bool {
        // rustyline refreshes a line it accepts with `ForcedRefresh` before it hands it over.
        self.submitted.set(kind == CmdKind::ForcedRefresh);
        // The styles depend on the words, not on the cursor.
        self.color && kind != CmdKind::MoveCursor
    }
}

// Every line is complete as typed: a trailing `\` is read on by the prompt's loop.
impl Validator for PromptHelper {}

impl Helper for PromptHelper {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{self, Input};

    fn helper(color: bool) -> PromptHelper {
        let (graph, _) = load::load(&[Input::Bundled]).unwrap();
        PromptHelper::new(&graph, color)
    }

    #[test]
    fn command_words_and_entity_names_are_highlighted() {
        let line = r#"show "SoftBank Vision Fund" --json"#;
        assert_eq!(
            helper(true).highlighted(line, false),
            "\u{1b}[1mshow\u{1b}[0m \u{1b}[36m\"SoftBank Vision Fund\"\u{1b}[0m --json"
        );
    }

    #[test]
    fn unknown_names_and_commands_are_not_shown_as_known() {
        let h = helper(true);
        assert_eq!(
            h.highlighted("show Sensetme", true),
            "\u{1b}[1mshow\u{1b}[0m Sensetme"
        );
        assert_eq!(h.highlighted("shwo x", false), "\u{1b}[31mshwo\u{1b}[0m x");
    }

    #[test]
    fn an_unknown_command_is_red_only_once_its_word_is_whole() {
        let h = helper(true);
        let red = "\u{1b}[31mclea\u{1b}[0m";
        // While it is typed, it may yet become a command.
        assert_eq!(h.highlighted("clea", false), "clea");
        assert_eq!(
            h.highlighted("show x --st", false),
            "\u{1b}[1mshow\u{1b}[0m x --st"
        );
        // A space after it, or Enter, makes it whole.
        assert_eq!(h.highlighted("clea ", false), format!("{red} "));
        assert_eq!(h.highlighted("clea", true), red);
        // rustyline's last refresh of an accepted line is a forced one.
        assert!(h.highlight_char("clea", 4, CmdKind::ForcedRefresh));
        assert_eq!(h.highlight("clea", 4), red);
        assert!(h.highlight_char("clea", 4, CmdKind::Other));
        assert_eq!(h.highlight("clea", 4), "clea");
    }

    #[test]
    fn without_colour_the_line_is_left_alone() {
        let h = helper(false);
        assert_eq!(h.highlight("show SenseTime", 0), "show SenseTime");
        assert!(!h.highlight_char("show SenseTime", 0, CmdKind::Other));
    }

    #[test]
    fn a_loaded_file_brings_its_names_to_completion() {
        let (mut graph, _) = load::load(&[Input::Bundled]).unwrap();
        let mut h = PromptHelper::new(&graph, false);
        assert!(h.names.complete("acme").is_empty());
        graph.add_entity(crate::model::Entity::new(
            "acme",
            "Acme Ventures",
            crate::model::EntityKind::Fund,
        ));
        h.refresh(&graph);
        assert_eq!(h.names.complete("acme")[0].value, "Acme Ventures");
    }

    #[test]
    fn an_alias_merged_into_a_known_entity_completes_after_load() {
        // A record of SenseTime in open data merges into the bundled entity: the graph keeps
        // its count of entities and gains a name.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sensetime.ijson");
        std::fs::write(
            &path,
            r#"{"id": "st", "schema": "Company", "properties": {"name": ["SenseTime"], "alias": ["Shangtang Keji"]}}"#,
        )
        .unwrap();
        let (mut graph, _) = load::load(&[Input::Bundled]).unwrap();
        let before = graph.entity_count();
        let mut h = PromptHelper::new(&graph, false);
        load::extend_with(&mut graph, &[Input::Path(path)], &Default::default()).unwrap();
        assert_eq!(graph.entity_count(), before);
        assert_eq!(
            graph.lookup_exact("Shangtang Keji"),
            graph.lookup_exact("SenseTime")
        );
        h.refresh(&graph);
        assert_eq!(h.names.complete("shangtang")[0].value, "Shangtang Keji");
    }
}
