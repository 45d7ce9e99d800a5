//! Tab completion: command words, flags, possible values (relation types, kinds, statuses...),
//! entity names and aliases, and file names, each where the grammar expects it.
//!
//! A name typed without quotes is several words (`path "SoftBank Vision Fund" chongqing p`):
//! when the word at the cursor completes to nothing where it stands, it is read together with
//! the bare words before it, back to the entity argument they start, and completed as one name.

use rustyline::completion::{FilenameCompleter, Pair};

use super::grammar::{self, Expected, Grammar, Role};
use super::line::{Word, lex};
use super::names::EntityNames;

/// The completions of the word that ends at `pos`: where it starts, and the candidates that
/// replace it (each a whole, properly quoted word).
pub fn complete(
    grammar: &Grammar,
    names: &EntityNames,
    line: &str,
    pos: usize,
) -> (usize, Vec<Pair>) {
    let Some(before) = line.get(..pos) else {
        return (pos, Vec::new());
    };
    let lexed = lex(before);
    if lexed.in_comment {
        return (pos, Vec::new());
    }
    let current = lexed.current(before.len());
    let mut walk = grammar.walk();
    let previous = lexed.before_current(before.len());
    let roles: Vec<Role> = previous.iter().map(|word| walk.step(&word.text)).collect();
    let text = current.text.as_str();
    let expected = walk.expected();
    if let Expected::Nothing = expected {
        return (pos, Vec::new());
    }
    let flag_like = !walk.only_positional() && text.starts_with('-');
    let candidates = match expected {
        Expected::Value(arg) if !flag_like || arg.is_allow_hyphen_values_set() => {
            if grammar::names_paths(arg) {
                return complete_path(before, pos);
            }
            values(arg, names, "", text, &current)
        }
        _ if flag_like => match text.split_once('=') {
            Some((name, value)) => match grammar::flag(walk.command(), name) {
                Some(arg) => values(arg, names, &format!("{name}="), value, &current),
                None => Vec::new(),
            },
            None => prefixed(grammar::flags(walk.command()), text, &current),
        },
        Expected::Command(command) => {
            let words = grammar::commands(command).into_iter().map(String::from);
            prefixed(words.collect(), text, &current)
        }
        Expected::Flags(command) if text.is_empty() => {
            prefixed(grammar::flags(command), text, &current)
        }
        Expected::Value(_) | Expected::Flags(_) | Expected::Nothing => Vec::new(),
    };
    // In a list of entities (`overlap`), a word after a name that is not whole yet goes on
    // with that name rather than starting the next one.
    let goes_on = match (expected, previous.last(), roles.last()) {
        (Expected::Value(arg), Some(last), Some(Role::Value(before))) => {
            grammar::names_entities(arg)
                && before.get_id() == arg.get_id()
                && !names.resolves(&last.text)
        }
        _ => false,
    };
    if (candidates.is_empty() || goes_on)
        && !flag_like
        && let Some(found) = complete_spaced_name(before, names, previous, &roles, &current)
    {
        return found;
    }
    (current.start, candidates)
}

/// At most this many bare words before the cursor are read as the start of one name.
const MAX_WORDS_JOINED: usize = 4;

/// The completions of a name typed without quotes over several words: the current word with
/// the bare words before it, back to the first word of an entity argument (`chongqing p` →
/// "Chongqing police"). The fewest words that complete to something win.
fn complete_spaced_name(
    line: &str,
    names: &EntityNames,
    previous: &[Word],
    roles: &[Role],
    current: &Word,
) -> Option<(usize, Vec<Pair>)> {
    let bare = |word: &Word| {
        word.open_quote.is_none() && line.get(word.start..word.end) == Some(&word.text)
    };
    if current.text.is_empty() || !bare(current) {
        return None;
    }
    for joined in 1..=MAX_WORDS_JOINED.min(previous.len()) {
        let first = previous.len() - joined;
        let Role::Value(arg) = roles[first] else {
            continue;
        };
        let all_bare = previous[first..].iter().all(&bare);
        let one_value = roles[first + 1..].iter().all(|role| {
            matches!(role, Role::Extra)
                || matches!(role, Role::Value(a) if a.get_id() == arg.get_id())
        });
        if !all_bare || !one_value {
            // Words further back cannot be part of the same name either.
            return None;
        }
        if !grammar::names_entities(arg) {
            continue;
        }
        let text: Vec<&str> = previous[first..]
            .iter()
            .map(|w| w.text.as_str())
            .chain([current.text.as_str()])
            .collect();
        let start = previous[first].start;
        let spanned = Word {
            start,
            end: current.end,
            text: text.join(" "),
            open_quote: None,
        };
        let candidates = values(arg, names, "", &spanned.text, &spanned);
        if !candidates.is_empty() {
            return Some((start, candidates));
        }
    }
    None
}

/// The words that start with `text` (ignoring case), as candidates.
fn prefixed(words: Vec<String>, text: &str, current: &Word) -> Vec<Pair> {
    let lower = text.to_lowercase();
    words
        .into_iter()
        .filter(|w| w.to_lowercase().starts_with(&lower))
        .map(|w| Pair {
            replacement: quote(&w, current.open_quote),
            display: w,
        })
        .collect()
}

/// The values of an argument that match `text`: its possible values, else entity names (see
/// [`grammar`] for the rule). A comma-separated list completes its last item. `kept` is typed before the value (`--rel=`).
fn values(
    arg: &clap::Arg,
    names: &EntityNames,
    kept: &str,
    text: &str,
    current: &Word,
) -> Vec<Pair> {
    let (kept, text) = match arg.get_value_delimiter() {
        Some(delimiter) => match text.rfind(delimiter) {
            Some(at) => (
                format!("{kept}{}", &text[..at + delimiter.len_utf8()]),
                &text[at + delimiter.len_utf8()..],
            ),
            None => (kept.to_string(), text),
        },
        None => (kept.to_string(), text),
    };
    let possible = arg.get_possible_values();
    let found: Vec<(String, String)> = if !possible.is_empty() {
        let lower = text.to_lowercase();
        possible
            .into_iter()
            .filter(|v| !v.is_hide_set())
            .map(|v| v.get_name().to_string())
            .filter(|v| v.to_lowercase().starts_with(&lower))
            .map(|v| (v.clone(), v))
            .collect()
    } else if let Some(takes) = grammar::takes(arg) {
        names
            .complete_taking(text, takes)
            .into_iter()
            .map(|c| (c.display, c.value))
            .collect()
    } else {
        Vec::new()
    };
    found
        .into_iter()
        .map(|(display, value)| Pair {
            // A name from a data file may hold characters a terminal obeys.
            display: crate::print::terminal::clean(&display).into_owned(),
            replacement: quote(&format!("{kept}{value}"), current.open_quote),
        })
        .collect()
}

fn complete_path(line: &str, pos: usize) -> (usize, Vec<Pair>) {
    FilenameCompleter::new()
        .complete_path(line, pos)
        .unwrap_or((pos, Vec::new()))
}

/// A word as it must be typed to be read back as `text`: bare when it can be, else in the
/// quotes the user opened (single quotes when the text has none), else in double quotes.
pub fn quote(text: &str, opened: Option<char>) -> String {
    let plain = !text.is_empty()
        && !text.starts_with('#')
        && !text
            .chars()
            .any(|c| c.is_whitespace() || matches!(c, '\'' | '"' | '\\'));
    if plain && opened.is_none() {
        return text.to_string();
    }
    if opened == Some('\'') && !text.contains('\'') {
        return format!("'{text}'");
    }
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for c in text.chars() {
        if matches!(c, '"' | '\\' | '$' | '`') {
            quoted.push('\\');
        }
        quoted.push(c);
    }
    quoted.push('"');
    quoted
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{self, Input};

    fn completions(line: &str) -> (usize, Vec<String>) {
        let (graph, _) = load::load(&[Input::Bundled]).unwrap();
        let names = EntityNames::of(&graph);
        let (start, pairs) = complete(&Grammar::new(), &names, line, line.len());
        (start, pairs.into_iter().map(|p| p.replacement).collect())
    }

    fn replacements(line: &str) -> Vec<String> {
        completions(line).1
    }

    #[test]
    fn vision_completes_to_the_quoted_name_of_the_fund() {
        assert_eq!(
            completions("show vision"),
            (5, vec!["\"SoftBank Vision Fund\"".to_string()])
        );
    }

    #[test]
    fn a_quote_already_open_is_replaced_by_the_whole_quoted_name() {
        assert_eq!(
            completions("show \"softbank v"),
            (5, vec!["\"SoftBank Vision Fund\"".to_string()])
        );
        assert_eq!(replacements("show 'vision"), ["'SoftBank Vision Fund'"]);
        assert_eq!(
            replacements("show \"sensetime f"),
            ["\"SenseTime facial recognition software\""]
        );
    }

    #[test]
    fn names_without_spaces_are_not_quoted() {
        assert_eq!(replacements("show megv"), ["Megvii"]);
        assert_eq!(replacements("show Face+"), ["Face++"]);
    }

    #[test]
    fn command_words_complete_at_the_start() {
        assert_eq!(replacements("sh"), ["show"]);
        assert_eq!(replacements("s"), ["set", "show", "stats", "subsidiaries"]);
        assert_eq!(replacements("SH"), ["show"]);
        let all = replacements("");
        for word in [
            "find", "help", "load", "quit", "exit", "set", "show", "stats", "validate",
        ] {
            assert!(
                all.contains(&word.to_string()),
                "{word} missing from {all:?}"
            );
        }
    }

    #[test]
    fn help_completes_command_words() {
        assert_eq!(replacements("help st"), ["stats"]);
        assert_eq!(replacements("help set a"), ["as-of"]);
    }

    #[test]
    fn flags_complete_with_the_global_ones_but_not_the_start_up_ones() {
        assert_eq!(
            replacements("find x --l"),
            ["--limit", "--listed", "--listed-by"]
        );
        assert_eq!(replacements("find x --listed-"), ["--listed-by"]);
        assert_eq!(replacements("show x --st"), ["--status"]);
        assert!(replacements("show x --").contains(&"--as-of".to_string()));
        assert!(replacements("show x --d").is_empty());
        assert!(replacements("stats ").contains(&"--top".to_string()));
    }

    #[test]
    fn possible_values_complete_after_their_flag() {
        assert_eq!(replacements("show x --status rep"), ["reported"]);
        assert_eq!(replacements("show x --color n"), ["never"]);
        assert_eq!(replacements("set json "), ["on", "off"]);
        assert_eq!(replacements("set status e"), ["expected", "ended"]);
        assert_eq!(replacements("set status al"), ["all"]);
    }

    #[test]
    fn a_comma_separated_list_completes_its_last_item() {
        assert_eq!(
            replacements("show x --status confirmed,rep"),
            ["confirmed,reported"]
        );
        assert_eq!(
            replacements("show x --status=confirmed,e"),
            ["--status=confirmed,expected", "--status=confirmed,ended"]
        );
    }

    #[test]
    fn entity_names_complete_after_flags_and_inside_words() {
        assert_eq!(
            replacements("show --json vision"),
            ["\"SoftBank Vision Fund\""]
        );
        assert_eq!(replacements("show \"CHONGQING P"), ["\"Chongqing police\""]);
        assert_eq!(replacements("show -- vision"), ["\"SoftBank Vision Fund\""]);
    }

    #[test]
    fn after_the_last_value_the_flags_are_offered() {
        let offered = replacements("show sensetime ");
        assert!(offered.contains(&"--json".to_string()), "{offered:?}");
    }

    #[test]
    fn nothing_is_offered_where_nothing_fits() {
        assert!(replacements("show sensetime x").is_empty());
        assert!(replacements("find ").is_empty());
        assert!(replacements("show zzzz").is_empty());
        assert!(replacements("stats # a comment").is_empty());
        assert!(replacements("bogus ").is_empty());
    }

    #[test]
    fn completion_in_the_middle_of_a_line_sees_only_what_is_before_the_cursor() {
        let (graph, _) = load::load(&[Input::Bundled]).unwrap();
        let names = EntityNames::of(&graph);
        let line = "show megv --json";
        let (start, pairs) = complete(&Grammar::new(), &names, line, 9);
        assert_eq!(start, 5);
        assert_eq!(pairs[0].replacement, "Megvii");
        // A position inside a character is answered with nothing rather than a panic.
        let (_, pairs) = complete(&Grammar::new(), &names, "show é", 6);
        assert!(pairs.is_empty());
    }

    #[test]
    fn path_completes_both_ends_and_the_entities_to_avoid() {
        // The other end may be any entity: all 37 of the bundled dataset are offered.
        let ends = replacements("path sensetime ");
        assert_eq!(ends.len(), 37, "{ends:?}");
        assert!(ends.contains(&"\"SenseTime facial recognition software\"".to_string()));
        assert!(ends.contains(&"\"Police Department in Chongqing\"".to_string()));
        assert_eq!(replacements("path vision"), ["\"SoftBank Vision Fund\""]);
        assert_eq!(
            replacements("path \"SoftBank Vision Fund\" \"chongqing p"),
            ["\"Chongqing police\""]
        );
        assert_eq!(
            replacements("path sensetime \"police d"),
            ["\"Police Department in Chongqing\""]
        );
        assert_eq!(
            replacements("path a b --avoid sensetime,ali"),
            ["sensetime,Alibaba"]
        );
        assert_eq!(replacements("path a b --avoid=megv"), ["--avoid=Megvii"]);
        assert_eq!(replacements("path a b --avoid x --avoid megv"), ["Megvii"]);
        assert_eq!(replacements("path a b --rel inv"), ["invests_in"]);
        assert_eq!(replacements("path a b --kind gov"), ["government"]);
        let flags = replacements("path a b --");
        for flag in [
            "--avoid",
            "--directed",
            "--k",
            "--max-len",
            "--rel",
            "--status",
        ] {
            assert!(
                flags.contains(&flag.to_string()),
                "{flag} missing: {flags:?}"
            );
        }
        assert!(replacements("path a b --k ").is_empty());
        assert!(replacements("path a b --max-len 1").is_empty());
    }

    #[test]
    fn a_name_typed_without_quotes_completes_over_its_words() {
        // The story of the prompt: `path "SoftBank Vision Fund" chongqing p<TAB>`.
        let line = "path \"SoftBank Vision Fund\" chongqing p";
        assert_eq!(
            completions(line),
            (28, vec!["\"Chongqing police\"".to_string()])
        );
        assert_eq!(
            completions("show softbank vis"),
            (5, vec!["\"SoftBank Vision Fund\"".to_string()])
        );
        assert_eq!(
            replacements("show police department in ch"),
            ["\"Police Department in Chongqing\""]
        );
        assert_eq!(
            replacements("path a b --avoid sensetime,bank of"),
            ["\"sensetime,Bank of China\""]
        );
        assert_eq!(
            replacements("export dot --highlight vision chongqing p"),
            ["\"Chongqing police\""]
        );
        // The words must all belong to the name: a flag, a quoted word or free text stops it.
        assert!(replacements("show sensetime --json p").is_empty());
        assert!(replacements("find soft bank").is_empty());
        assert!(replacements("show \"softbank\" vis").is_empty());
        assert!(replacements("path a b --k 3 police").is_empty());
    }

    #[test]
    fn in_a_list_of_entities_a_word_goes_on_with_a_name_that_is_not_whole() {
        assert_eq!(
            completions("overlap sensetime bank of"),
            (18, vec!["\"Bank of China\"".to_string()])
        );
        // A name that is whole is one entity; the next word starts another.
        assert_eq!(replacements("overlap sensetime megv"), ["Megvii"]);
        assert_eq!(
            replacements("overlap softbank vision"),
            ["\"SoftBank Vision Fund\""]
        );
        assert_eq!(completions("overlap softbank vision").0, 17);
        // Between two arguments, the word is the second one's.
        assert_eq!(completions("path softbank vision").0, 14);
    }

    #[test]
    fn every_query_completes_the_entity_it_asks_about() {
        for (line, expected) in [
            ("neighbours vision", "\"SoftBank Vision Fund\""),
            ("neighbors vision", "\"SoftBank Vision Fund\""),
            ("neighbours --depth 2 vision", "\"SoftBank Vision Fund\""),
            ("investors megv", "Megvii"),
            ("portfolio tiger", "\"Tiger Global Management\""),
            ("exposure vision", "\"SoftBank Vision Fund\""),
            ("coinvestors tiger", "\"Tiger Global Management\""),
            ("coinvestors --rollup tiger", "\"Tiger Global Management\""),
            ("overlap megv", "Megvii"),
            ("overlap sensetime megv", "Megvii"),
            ("overlap --rollup sensetime alibaba megv", "Megvii"),
            ("show megv", "Megvii"),
            // A company is asked for: the company, not its product.
            ("overlap Sense", "SenseTime"),
            ("overlap megvii Sense", "SenseTime"),
            ("investors sense", "SenseTime"),
            ("subsidiaries softbank v", "\"SoftBank Vision Fund\""),
            ("ubo vision", "\"SoftBank Vision Fund\""),
            ("owners vision", "\"SoftBank Vision Fund\""),
            ("flows vision", "\"SoftBank Vision Fund\""),
        ] {
            assert_eq!(replacements(line), [expected], "{line}");
        }
        assert_eq!(replacements("investors --r"), ["--rollup"]);
        assert_eq!(replacements("overlap --a"), ["--all", "--as-of"]);
        assert!(replacements("overlap --all --top ").is_empty());
        assert!(replacements("neighbours x --limit ").is_empty());
        assert_eq!(replacements("neighbours x --all-"), ["--all-relations"]);
        assert_eq!(replacements("path x y --all-"), ["--all-relations"]);
    }

    #[test]
    fn export_completes_its_formats_selection_and_file() {
        assert_eq!(replacements("export g"), ["graphml"]);
        assert_eq!(
            replacements("export "),
            ["dot", "svg", "png", "json", "graphml", "ftm", "cypher"]
        );
        assert_eq!(
            replacements("export dot --focus vision"),
            ["\"SoftBank Vision Fund\""]
        );
        assert_eq!(
            replacements("export --focus vision"),
            ["\"SoftBank Vision Fund\""]
        );
        assert_eq!(
            replacements("export dot --highlight vision"),
            ["\"SoftBank Vision Fund\""]
        );
        assert_eq!(
            replacements("export dot --highlight \"SoftBank Vision Fund\" \"chongqing p"),
            ["\"Chongqing police\""]
        );
        assert_eq!(replacements("export dot --cluster c"), ["country"]);
        assert_eq!(replacements("export dot --rel own"), ["owns"]);
        assert!(replacements("export dot --focus x --depth ").is_empty());
        assert!(replacements("export dot --title ").is_empty());
        let flags = replacements("export dot --");
        for flag in ["--cluster", "--focus", "--highlight", "--output", "--title"] {
            assert!(
                flags.contains(&flag.to_string()),
                "{flag} missing: {flags:?}"
            );
        }
    }

    #[test]
    fn data_formats_complete_after_format() {
        assert_eq!(
            replacements("load --format "),
            ["native", "ftm", "bods", "ocds", "gleif", "mapping"]
        );
        assert_eq!(replacements("import x --format g"), ["gleif"]);
        assert_eq!(replacements("show x --format=b"), ["--format=bods"]);
    }

    /// The file names offered for the word at the end of `line` (typed after `dir`).
    fn file_names(dir: &std::path::Path, line: &str) -> Vec<String> {
        let line = line.replace("DIR", &dir.display().to_string());
        let (start, pairs) = complete(&Grammar::new(), &EntityNames::default(), &line, line.len());
        pairs
            .into_iter()
            .map(|p| {
                let completed = format!("{}{}", &line[..start], p.replacement);
                shlex::split(&completed).unwrap().pop().unwrap()
            })
            .collect()
    }

    #[test]
    fn every_file_argument_completes_to_file_names() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("open data.json"), "{}").unwrap();
        let want = format!("{}/open data.json", dir.path().display());
        for line in [
            "load DIR/op",
            "load a.json DIR/op",
            "import DIR/op",
            "import x.json -o DIR/op",
            "import x.json --output DIR/op",
            "validate DIR/op",
            "export dot -o DIR/op",
            "export json --output DIR/op",
        ] {
            assert_eq!(file_names(dir.path(), line), [want.as_str()], "{line}");
        }
    }

    /// A command of the kind still to come, written the way the grammar's commands are.
    #[derive(Debug, clap::Parser)]
    struct Later {
        #[command(subcommand)]
        command: LaterCommand,
    }

    #[derive(Debug, clap::Subcommand)]
    enum LaterCommand {
        Path {
            #[arg(value_name = "FROM")]
            from: String,
            #[arg(value_name = "TO")]
            to: String,
            #[command(flatten)]
            filter: crate::cli::FilterArgs,
            #[arg(long, value_delimiter = ',', value_name = "ENTITIES")]
            avoid: Vec<String>,
        },
    }

    #[test]
    fn a_new_command_completes_without_changes_to_the_completer() {
        use clap::CommandFactory;
        let (graph, _) = load::load(&[Input::Bundled]).unwrap();
        let names = EntityNames::of(&graph);
        let grammar = Grammar::of(Later::command());
        let replacements = |line: &str| -> Vec<String> {
            let (_, pairs) = complete(&grammar, &names, line, line.len());
            pairs.into_iter().map(|p| p.replacement).collect()
        };
        assert_eq!(replacements("pa"), ["path"]);
        assert_eq!(replacements("path vision"), ["\"SoftBank Vision Fund\""]);
        assert_eq!(
            replacements("path sensetime chongqing"),
            ["\"Police Department in Chongqing\""]
        );
        assert_eq!(replacements("path a b --rel inv"), ["invests_in"]);
        assert_eq!(
            replacements("path a b --rel owns,contra"),
            ["owns,contracts_with"]
        );
        assert_eq!(replacements("path a b --kind gov"), ["government"]);
        assert_eq!(replacements("path a b --dir "), ["out", "in", "both"]);
        assert_eq!(
            replacements("path a b --avoid alibaba,megv"),
            ["alibaba,Megvii"]
        );
        assert_eq!(
            replacements("path a b --avoid megvii,vision"),
            ["\"megvii,SoftBank Vision Fund\""]
        );
        assert!(replacements("path a b --").contains(&"--avoid".to_string()));
    }

    #[test]
    fn paths_complete_to_file_names() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("my notes.json"), "{}").unwrap();
        let line = format!("load {}/my", dir.path().display());
        let (start, pairs) = complete(&Grammar::new(), &EntityNames::default(), &line, line.len());
        assert_eq!(pairs.len(), 1);
        let completed = format!("{}{}", &line[..start], pairs[0].replacement);
        let words = shlex::split(&completed).unwrap();
        assert_eq!(words[1], format!("{}/my notes.json", dir.path().display()));
    }

    #[test]
    fn quoting_reads_back_as_the_same_word() {
        for text in [
            "SenseTime",
            "SoftBank Vision Fund",
            "say \"hi\"",
            "it's",
            "a\\b",
            "#1",
            "$x",
            "",
        ] {
            for opened in [None, Some('"'), Some('\'')] {
                let quoted = quote(text, opened);
                assert_eq!(shlex::split(&quoted).unwrap(), [text], "{quoted}");
            }
        }
    }
}
