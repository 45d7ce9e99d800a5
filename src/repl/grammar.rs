//! Where each word of a line stands in the grammar, found by walking clap's command tree (the
//! very definitions the parser uses), so that completion and highlighting know every command,
//! flag and value, including those of commands added later, without a list of their own.
//!
//! What a value completes to is decided by its argument's definition, in this order:
//! 1. an argument with possible values (a `ValueEnum` such as a status, a relation type, a kind
//!    or a direction) completes to them;
//! 2. an argument whose value name is one of [`ENTITY_VALUE_NAMES`] (the `ENTITY` of
//!    `show ENTITY`, the `FROM` and `TO` of a path) completes to entity names and aliases,
//!    those of the entities the name asks for first (see [`takes`]: a `COMPANY` is a company,
//!    an `INVESTOR` an entity that invests);
//! 3. an argument whose value name is one of [`PATH_VALUE_NAMES`] completes to file names;
//! 4. anything else (free text, numbers, dates) completes to nothing.
//!
//! A comma-delimited argument completes its last item. A new command gets entity completion by
//! naming its argument so, and needs no change here; a test checks that every argument of the
//! grammar falls under one of the rules, so a value name that fits none is caught.

use clap::{Arg, Command, CommandFactory};

use super::names::Takes;
use crate::cli::Cli;
use crate::model::EntityKind;

/// Value names of the arguments that name entities (by id, name or alias).
pub const ENTITY_VALUE_NAMES: &[&str] = &[
    "ENTITY",
    "ENTITIES",
    "FROM",
    "TO",
    "COMPANY",
    "COMPANIES",
    "INVESTOR",
    "INVESTORS",
];

/// Value names of the arguments that name files or folders (not `DIR`, which is `--dir`'s
/// direction).
pub const PATH_VALUE_NAMES: &[&str] = &["PATH", "FILE", "FOLDER"];

/// Flags that choose the data and the mode at start-up, which the prompt refuses (see
/// `Session::run_line`), so it does not offer them either.
pub const STARTUP_ONLY_FLAGS: &[&str] = &["data", "no-default-data", "script", "keep-going"];

/// The grammar's command tree, built once.
#[derive(Debug, Clone)]
pub struct Grammar {
    root: Command,
}

impl Default for Grammar {
    fn default() -> Self {
        Self::new()
    }
}

impl Grammar {
    /// The tree of [`Cli`], with clap's `help` command and the global flags in place.
    pub fn new() -> Self {
        Self::of(Cli::command())
    }

    /// The tree of any clap command.
    pub fn of(mut root: Command) -> Self {
        root.build();
        Grammar { root }
    }

    /// A walk from the top of the tree.
    pub fn walk(&self) -> Walk<'_> {
        Walk {
            command: &self.root,
            pending: None,
            positionals: 0,
            only_positional: false,
            lost: false,
        }
    }
}

/// What a word is, in its place.
#[derive(Debug, Clone, Copy)]
pub enum Role<'c> {
    /// A command word that exists (`show`, `set status`, `help`).
    Command,
    /// A word where a command was wanted that names none.
    UnknownCommand,
    /// A flag that exists (or `--`).
    Flag,
    /// A flag that does not exist.
    UnknownFlag,
    /// A value of this argument.
    Value(&'c Arg),
    /// A word that no argument takes.
    Extra,
}

/// What the word at the cursor may be.
#[derive(Debug, Clone, Copy)]
pub enum Expected<'c> {
    /// A value of this argument.
    Value(&'c Arg),
    /// A command under this one.
    Command(&'c Command),
    /// Nothing in particular, but a flag of this command could come.
    Flags(&'c Command),
    /// Nothing: the line has gone wrong before.
    Nothing,
}

/// A walk through the words of a line, one at a time.
#[derive(Debug, Clone)]
pub struct Walk<'c> {
    command: &'c Command,
    /// A flag that takes values, and how many more it takes.
    pending: Option<(&'c Arg, usize)>,
    /// How many positional values the current command has had.
    positionals: usize,
    /// After `--`, every word is a positional value.
    only_positional: bool,
    /// A command word was wanted and the line has none that exists.
    lost: bool,
}

impl<'c> Walk<'c> {
    /// The command reached so far.
    pub fn command(&self) -> &'c Command {
        self.command
    }

    /// Whether the walk is past `--`.
    pub fn only_positional(&self) -> bool {
        self.only_positional
    }

    /// Takes the next word and tells what it is.
    pub fn step(&mut self, word: &str) -> Role<'c> {
        if self.lost {
            return Role::Extra;
        }
        let looks_like_flag = !self.only_positional && word.len() > 1 && word.starts_with('-');
        if let Some((arg, left)) = self.pending.take()
            && (!looks_like_flag || arg.is_allow_hyphen_values_set())
        {
            self.pending = (left > 1).then_some((arg, left - 1));
            return Role::Value(arg);
        }
        if looks_like_flag {
            if word == "--" {
                self.only_positional = true;
                return Role::Flag;
            }
            let (name, inline_value) = match word.split_once('=') {
                Some((name, value)) => (name, Some(value)),
                None => (word, None),
            };
            return match flag(self.command, name) {
                Some(arg) => {
                    if arg.get_action().takes_values() && inline_value.is_none() {
                        self.pending = Some((arg, max_values(arg)));
                    }
                    Role::Flag
                }
                None => Role::UnknownFlag,
            };
        }
        if self.command.has_subcommands() && self.positionals == 0 {
            if let Some(sub) = self.command.find_subcommand(word) {
                self.command = sub;
                return Role::Command;
            }
            if self.command.get_positionals().next().is_none() {
                self.lost = true;
                return Role::UnknownCommand;
            }
        }
        match positional(self.command, self.positionals) {
            Some(arg) => {
                self.positionals += 1;
                Role::Value(arg)
            }
            None => Role::Extra,
        }
    }

    /// What the next word may be.
    pub fn expected(&self) -> Expected<'c> {
        if self.lost {
            return Expected::Nothing;
        }
        if let Some((arg, _)) = self.pending {
            return Expected::Value(arg);
        }
        if self.command.has_subcommands() && self.positionals == 0 {
            return Expected::Command(self.command);
        }
        match positional(self.command, self.positionals) {
            Some(arg) => Expected::Value(arg),
            None => Expected::Flags(self.command),
        }
    }
}

/// The flag of a command named `--long` (or a visible alias) or `-s`.
pub fn flag<'c>(command: &'c Command, word: &str) -> Option<&'c Arg> {
    let args = || command.get_arguments().filter(|a| !a.is_positional());
    if let Some(long) = word.strip_prefix("--") {
        args().find(|a| {
            a.get_long_and_visible_aliases()
                .is_some_and(|names| names.contains(&long))
        })
    } else {
        let short = word.strip_prefix('-')?.chars().next()?;
        args().find(|a| a.get_short() == Some(short))
    }
}

/// The flags a user may type here, as `--long`, sorted.
pub fn flags(command: &Command) -> Vec<String> {
    let mut names: Vec<String> = command
        .get_arguments()
        .filter(|a| !a.is_positional() && !a.is_hide_set())
        .filter_map(|a| a.get_long())
        .filter(|long| !STARTUP_ONLY_FLAGS.contains(long))
        .map(|long| format!("--{long}"))
        .collect();
    names.sort();
    names.dedup();
    names
}

/// The commands under a command, with their visible aliases, sorted.
pub fn commands(command: &Command) -> Vec<&str> {
    let mut names: Vec<&str> = command
        .get_subcommands()
        .filter(|c| !c.is_hide_set())
        .flat_map(|c| c.get_name_and_visible_aliases())
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

/// Whether an argument's values name entities.
pub fn names_entities(arg: &Arg) -> bool {
    has_value_name(arg, ENTITY_VALUE_NAMES)
}

/// Which entities an argument asks for, read from its value name: companies for `COMPANY`,
/// entities that invest for `INVESTOR`, any entity for the other names of
/// [`ENTITY_VALUE_NAMES`]; `None` for an argument that names no entity.
pub fn takes(arg: &Arg) -> Option<Takes> {
    if has_value_name(arg, &["COMPANY", "COMPANIES"]) {
        Some(Takes::Kinds(&[EntityKind::Company]))
    } else if has_value_name(arg, &["INVESTOR", "INVESTORS"]) {
        Some(Takes::Investors)
    } else {
        names_entities(arg).then_some(Takes::Any)
    }
}

/// Whether an argument's values name files or folders (an argument with a closed list of
/// values names none).
pub fn names_paths(arg: &Arg) -> bool {
    has_value_name(arg, PATH_VALUE_NAMES) && arg.get_possible_values().is_empty()
}

fn has_value_name(arg: &Arg, wanted: &[&str]) -> bool {
    arg.get_value_names()
        .is_some_and(|names| names.iter().any(|n| wanted.contains(&n.as_str())))
}

/// How many values a flag takes at once.
fn max_values(arg: &Arg) -> usize {
    arg.get_num_args().map_or(1, |range| range.max_values())
}

/// The positional argument that takes the value at `index` (counting from 0), if any.
fn positional(command: &Command, mut index: usize) -> Option<&Arg> {
    let mut args: Vec<&Arg> = command.get_positionals().collect();
    args.sort_by_key(|a| a.get_index());
    for arg in args {
        let takes = max_values(arg);
        if index < takes {
            return Some(arg);
        }
        index -= takes;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roles(line: &str) -> Vec<String> {
        let grammar = Grammar::new();
        let mut walk = grammar.walk();
        line.split_whitespace()
            .map(|w| match walk.step(w) {
                Role::Command => "command".to_string(),
                Role::UnknownCommand => "unknown command".to_string(),
                Role::Flag => "flag".to_string(),
                Role::UnknownFlag => "unknown flag".to_string(),
                Role::Value(arg) => arg.get_id().to_string(),
                Role::Extra => "extra".to_string(),
            })
            .collect()
    }

    #[test]
    fn each_word_has_its_place_in_the_grammar() {
        assert_eq!(
            roles("show sensetime --json"),
            ["command", "entity", "flag"]
        );
        assert_eq!(
            roles("find soft bank --limit 3"),
            ["command", "text", "text", "flag", "limit"]
        );
        assert_eq!(
            roles("set status confirmed"),
            ["command", "command", "statuses"]
        );
        assert_eq!(roles("help show"), ["command", "command"]);
        assert_eq!(roles("shw x"), ["unknown command", "extra"]);
        assert_eq!(
            roles("stats --bogus 3"),
            ["command", "unknown flag", "extra"]
        );
        assert_eq!(
            roles("show --status=reported a"),
            ["command", "flag", "entity"]
        );
        assert_eq!(roles("show a b"), ["command", "entity", "extra"]);
    }

    #[test]
    fn the_entity_arguments_are_named_by_their_value_names() {
        let grammar = Grammar::new();
        let mut walk = grammar.walk();
        walk.step("show");
        let Expected::Value(arg) = walk.expected() else {
            panic!("show takes a value");
        };
        assert!(names_entities(arg));
    }

    /// Value names of arguments that rightly complete to nothing: free text, numbers, dates, sizes.
    const FREE_VALUE_NAMES: &[&str] = &["TEXT", "N", "DATE", "WxH"];

    /// Every command of a tree with its path of words, depth first.
    fn all_commands(command: &Command, path: String, found: &mut Vec<(String, Command)>) {
        for sub in command.get_subcommands() {
            let words = format!("{path} {}", sub.get_name()).trim().to_string();
            found.push((words.clone(), sub.clone()));
            all_commands(sub, words, found);
        }
    }

    #[test]
    fn every_value_of_the_grammar_completes_by_one_of_the_rules() {
        let grammar = Grammar::new();
        let mut commands = vec![(String::new(), grammar.root.clone())];
        all_commands(&grammar.root, String::new(), &mut commands);
        let mut unclassified = Vec::new();
        for (words, command) in &commands {
            for arg in command.get_arguments() {
                if !arg.get_action().takes_values() {
                    continue;
                }
                let free = arg.get_value_names().is_some_and(|names| {
                    names.iter().all(|n| FREE_VALUE_NAMES.contains(&n.as_str()))
                });
                let rule = !arg.get_possible_values().is_empty()
                    || names_entities(arg)
                    || names_paths(arg)
                    || free;
                if !rule {
                    unclassified.push(format!("`{words}` {}", arg.get_id()));
                }
            }
        }
        assert!(
            unclassified.is_empty(),
            "these arguments complete by none of the rules: give them possible values, or a \
             value name of ENTITY_VALUE_NAMES (entities), PATH_VALUE_NAMES (files) or \
             FREE_VALUE_NAMES (nothing): {unclassified:?}"
        );
    }

    /// The argument `id` of the command reached by `words`.
    fn arg(grammar: &Grammar, words: &str, id: &str) -> Arg {
        let mut command = &grammar.root;
        for word in words.split_whitespace() {
            command = command.find_subcommand(word).expect("the command exists");
        }
        command
            .get_arguments()
            .find(|a| a.get_id() == id)
            .unwrap_or_else(|| panic!("`{words}` has no {id}"))
            .clone()
    }

    #[test]
    fn the_arguments_that_name_entities_and_files_complete_so() {
        let grammar = Grammar::new();
        for (words, id) in [
            ("show", "entity"),
            ("path", "from"),
            ("path", "to"),
            ("path", "avoid"),
            ("neighbours", "entity"),
            ("investors", "entity"),
            ("portfolio", "entity"),
            ("exposure", "entity"),
            ("overlap", "companies"),
            ("coinvestors", "investor"),
            ("export", "focus"),
            ("export", "highlight"),
        ] {
            assert!(names_entities(&arg(&grammar, words, id)), "{words} {id}");
        }
        for (words, id) in [
            ("load", "paths"),
            ("import", "paths"),
            ("import", "output"),
            ("validate", "paths"),
            ("export", "output"),
        ] {
            assert!(names_paths(&arg(&grammar, words, id)), "{words} {id}");
        }
        for (words, id) in [("export", "format"), ("load", "data_format")] {
            let arg = arg(&grammar, words, id);
            assert!(!arg.get_possible_values().is_empty(), "{words} {id}");
            assert!(!names_paths(&arg), "{words} {id}");
        }
    }

    #[test]
    fn the_arguments_say_which_entities_they_ask_for() {
        let grammar = Grammar::new();
        let company = Some(Takes::Kinds(&[EntityKind::Company]));
        for (words, id, wanted) in [
            ("overlap", "companies", company),
            ("investors", "entity", company),
            ("portfolio", "entity", Some(Takes::Investors)),
            ("exposure", "entity", Some(Takes::Investors)),
            ("coinvestors", "investor", Some(Takes::Investors)),
            ("export", "overlap", company),
            ("path", "from", Some(Takes::Any)),
            ("show", "entity", Some(Takes::Any)),
            ("find", "text", None),
        ] {
            assert_eq!(takes(&arg(&grammar, words, id)), wanted, "{words} {id}");
        }
    }

    #[test]
    fn the_prompt_does_not_offer_the_start_up_flags() {
        let grammar = Grammar::new();
        let offered = flags(grammar.walk().command());
        assert!(offered.contains(&"--json".to_string()));
        assert!(offered.contains(&"--as-of".to_string()));
        assert!(!offered.contains(&"--data".to_string()));
        assert!(!offered.contains(&"--script".to_string()));
    }
}
