//! Whatever a user types at the prompt, the session answers with output or an error and never
//! panics; completion and highlighting take any line and any cursor position.

use dealgraph::Session;
use dealgraph::load::{self, Input};
use dealgraph::repl::complete::complete;
use dealgraph::repl::grammar::Grammar;
use dealgraph::repl::helper::PromptHelper;
use dealgraph::repl::names::EntityNames;
use dealgraph::session::{Flow, Line, parse_line};
use proptest::prelude::*;
use std::sync::OnceLock;

/// Words that take the parser down its many paths: commands, flags, values of every sort,
/// quotes and escapes left open, and numbers too big for any type.
const WORDS: &[&str] = &[
    "show",
    "find",
    "stats",
    "set",
    "help",
    "status",
    "as-of",
    "json",
    "on",
    "off",
    "all",
    "none",
    "--json",
    "--status",
    "--as-of",
    "--limit",
    "--top",
    "--color",
    "--rel",
    "--dir",
    "--kind",
    "--help",
    "--version",
    "--data",
    "--script",
    "--keep-going",
    "--bogus",
    "-x",
    "-",
    "--",
    "SenseTime",
    "\"SoftBank Vision Fund\"",
    "'Vision Fund'",
    "vision",
    "Sensetme",
    "confirmed",
    "reported,ended",
    "invests_in",
    "out",
    "company",
    "2018-06",
    "2018-13",
    "0000",
    "-1",
    "0",
    "99999999999999999999999999999999",
    "18446744073709551615",
    "1e309",
    "NaN",
    "\"open",
    "'open",
    "\\",
    "#",
    "# comment",
    "\u{0}",
    "\u{7}",
    "\u{1b}[A",
    "\r",
    "\t",
    "é",
    "中文",
    "\u{feff}",
    "quit",
];

fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::sample::select(WORDS).prop_map(String::from),
        1 => any::<String>(),
        1 => "[ -~]{0,30}",
    ]
}

/// Lines of known words, random text, random characters of any kind, and very long lines.
fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => proptest::collection::vec(word(), 0..8).prop_map(|words| words.join(" ")),
        2 => any::<String>(),
        1 => proptest::collection::vec(any::<char>(), 0..400).prop_map(String::from_iter),
        1 => (word(), 1000usize..20_000).prop_map(|(w, n)| format!("find {}", w.repeat(n / w.len().max(1)))),
    ]
}

fn bundled() -> &'static dealgraph::Graph {
    static GRAPH: OnceLock<dealgraph::Graph> = OnceLock::new();
    GRAPH.get_or_init(|| {
        load::load(&[Input::Bundled])
            .expect("the bundled data loads")
            .0
    })
}

/// Commands that read files run in an empty folder, so that no random word names real data.
fn in_an_empty_folder() {
    static FOLDER: OnceLock<tempfile::TempDir> = OnceLock::new();
    FOLDER.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary folder");
        std::env::set_current_dir(dir.path()).expect("the folder can be entered");
        dir
    });
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn every_line_is_answered_with_output_or_an_error(line in line()) {
        in_an_empty_folder();
        let mut session = Session::new(bundled().clone());
        let mut out = Vec::new();
        match session.run_line(&line, &mut out) {
            Ok(Flow::Continue) => {
                let quiet = matches!(parse_line(&line), Ok(Line::Nothing));
                prop_assert!(quiet || !out.is_empty(), "no answer to {line:?}");
            }
            Ok(Flow::Quit) => {}
            Err(err) => prop_assert!(!err.to_string().is_empty(), "an empty error for {line:?}"),
        }
    }

    #[test]
    fn completion_takes_any_line_and_any_cursor(line in line(), at in any::<prop::sample::Index>()) {
        let names = EntityNames::of(bundled());
        let pos = at.index(line.len() + 1);
        let (start, candidates) = complete(&Grammar::new(), &names, &line, pos);
        prop_assert!(start <= pos);
        for candidate in candidates {
            prop_assert!(!candidate.replacement.is_empty());
        }
    }

    #[test]
    fn highlighting_only_adds_styles(line in line()) {
        let helper = PromptHelper::new(bundled(), true);
        let highlighted = helper.highlighted(&line);
        prop_assert_eq!(strip_styles(&highlighted), line);
    }
}

/// The text without the styles the highlighter adds (`ESC [ digits m`).
fn strip_styles(text: &str) -> String {
    let mut plain = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("\u{1b}[") {
        let after = &rest[at + 2..];
        let digits = after.find(|c: char| !c.is_ascii_digit() && c != ';');
        match digits {
            Some(end) if after[end..].starts_with('m') => {
                plain.push_str(&rest[..at]);
                rest = &after[end + 1..];
            }
            _ => {
                plain.push_str(&rest[..at + 2]);
                rest = after;
            }
        }
    }
    plain.push_str(rest);
    plain
}
