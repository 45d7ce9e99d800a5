//! Whatever a user types at the prompt, the session answers with output or an error and never
//! panics; completion and highlighting take any line and any cursor position.
//!
//! Two kinds of lines: random words and characters, and commands of the grammar with their flags
//! given hostile values (the largest numbers, empty and odd names, files in missing folders).
//! Every line runs in one temporary folder, and a line that would read or write outside it (an
//! absolute path, `..`) is not run, so the tests touch nothing else.

mod common;

use dealgraph::Session;
use dealgraph::cli::{Line, parse_line};
use dealgraph::repl::complete::complete;
use dealgraph::repl::grammar::Grammar;
use dealgraph::repl::helper::PromptHelper;
use dealgraph::repl::names::EntityNames;
use dealgraph::repl::{Flow, run_line};
use proptest::prelude::*;
use proptest::sample::Index;
use std::path::{Component, Path};
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
    "path",
    "neighbours",
    "neighbors",
    "investors",
    "portfolio",
    "overlap",
    "coinvestors",
    "exposure",
    "export",
    "import",
    "load",
    "validate",
    "exit",
    "--depth",
    "--k",
    "--max-len",
    "--avoid",
    "--directed",
    "--rollup",
    "--all",
    "--focus",
    "--highlight",
    "--cluster",
    "--title",
    "--dpi",
    "--size",
    "--format",
    "--no-merge",
    "--no-default-data",
    "-o",
    "--output",
    "dot",
    "graphml",
    "cypher",
    "ftm",
    "country",
    "missing.json",
    "missing/folder/out.dot",
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

/// A small dataset of the user's own, for `load` and `import` to read.
const NOTES: &str = r#"{
  "sources": [{ "id": "my-notes", "title": "Interview notes" }],
  "entities": [{ "id": "acme-ventures", "name": "Acme Ventures", "kind": "fund" }],
  "relations": [{ "from": "acme-ventures", "to": "megvii", "type": "invests_in",
                  "status": "reported",
                  "sources": [{ "source": "my-notes", "quote": "Acme put money into Megvii" }] }]
}"#;

/// Every line runs in one temporary folder, which holds `notes.json` and whatever the lines
/// export, so that no random word names real data and every write lands there.
fn in_the_scratch_folder() {
    static FOLDER: OnceLock<tempfile::TempDir> = OnceLock::new();
    FOLDER.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary folder");
        std::fs::write(dir.path().join("notes.json"), NOTES).expect("the notes are written");
        std::env::set_current_dir(dir.path()).expect("the folder can be entered");
        dir
    });
}

/// Values of one sort: the ones the grammar takes (among them the largest numbers), and hostile
/// ones. Three values in four are drawn from the first list, so that most commands parse and
/// run.
struct Values {
    good: &'static [&'static str],
    bad: &'static [&'static str],
}

/// The largest number a flag takes comes up often: it is the one most likely to overflow.
const NUMBERS: Values = Values {
    good: &[
        "0",
        "1",
        "2",
        "101",
        "10001",
        "4294967296",
        "18446744073709551615",
        "18446744073709551615",
    ],
    bad: &[
        "18446744073709551616",
        "99999999999999999999999999999999",
        "-1",
        "1e309",
        "NaN",
        "0x10",
        "\"\"",
    ],
};
const ENTITIES: Values = Values {
    good: &[
        "SenseTime",
        "Megvii",
        "Alibaba",
        "SoftBank",
        "\"SoftBank Vision Fund\"",
        "'Chongqing police'",
        "chongqing-police",
        "Face++",
        "\"Bank of China\"",
    ],
    bad: &[
        "Sensetme",
        "\"\"",
        "''",
        "\" \"",
        "\"\t\"",
        "'#'",
        "\"a,b\"",
        "\"SenseTime,SenseTime\"",
        "\"\\\\\"",
        "é",
        "中文",
        "\"\u{0}\"",
        "\"\u{1b}[A\"",
        "\"--json\"",
    ],
};
/// Files to read: missing ones, a folder, odd names; all inside the folder the tests run in.
const INPUTS: Values = Values {
    good: &["notes.json", ".", "out.json"],
    bad: &[
        "missing.json",
        "missing/folder/data.json",
        "\"\"",
        "\"odd name?.json\"",
        "-",
    ],
};
/// Files to write: missing folders, a folder, odd names; all inside the folder the tests run in.
const OUTPUTS: Values = Values {
    good: &[
        "out.json",
        "out.dot",
        "\"odd name?.svg\"",
        "'qu\"ote*.png'",
        "\"new\nline.graphml\"",
        "ü.cypher",
        "-",
    ],
    bad: &["missing/folder/out.dot", ".", "\"\"", "\" \""],
};
const EXPORTS: Values = Values {
    good: &["dot", "svg", "png", "json", "graphml", "ftm", "cypher"],
    bad: &["pdf", "\"\""],
};
const DATA: Values = Values {
    good: &["native", "ftm", "bods", "ocds", "gleif"],
    bad: &["xml"],
};
const TYPES: Values = Values {
    good: &["invests_in", "owns,contracts_with", "pays"],
    bad: &["bogus", "\"\"", ","],
};
const KINDS: Values = Values {
    good: &["company", "government,fund", "person"],
    bad: &["bogus", "\"\""],
};
const DIRS: Values = Values {
    good: &["out", "in", "both"],
    bad: &["up"],
};
const STATUSES: Values = Values {
    good: &["confirmed", "reported,ended", "expected"],
    bad: &["all", "bogus", ",", "\"\""],
};
const DATES: Values = Values {
    good: &["2018", "2018-06", "0000", "9999-12-31"],
    bad: &["2018-02-30", "2018-13", "-1", "99999999999", "\"\""],
};
const TEXTS: Values = Values {
    good: &["police", "a", "中文", "\"SoftBank Vision\"", "'%s%n'"],
    bad: &["\"\""],
};
const DPIS: Values = Values {
    good: &["36", "96", "600"],
    bad: &["0", "601", "-5", "x", "18446744073709551616"],
};
const SIZES: Values = Values {
    good: &["1200x800", "1X1", "20000×20000"],
    bad: &["0x10", "800", "x", "20001x5", "axb", "4294967296x1"],
};
const CLUSTERS: Values = Values {
    good: &["country"],
    bad: &["kind"],
};
const SWITCHES: Values = Values {
    good: &["on", "off"],
    bad: &["yes"],
};
const COLORS: Values = Values {
    good: &["auto", "always", "never"],
    bad: &["on"],
};
const SET_STATUSES: Values = Values {
    good: &["all", "confirmed,reported", "ended"],
    bad: &["none"],
};
const SET_DATES: Values = Values {
    good: &["none", "2018-06"],
    bad: &["all", "2018-13"],
};

/// One value of a sort, a good one if `good`, else a hostile one.
fn value(values: &Values, good: bool, pick: &Index) -> String {
    let list = if good || values.bad.is_empty() {
        values.good
    } else {
        values.bad
    };
    pick.get(list).to_string()
}

/// What a command or a flag takes.
#[derive(Clone, Copy)]
enum Takes {
    One(&'static Values),
    /// Two values of a sort (`--highlight FROM TO`).
    Two(&'static Values),
    Nothing,
}

use Takes::{Nothing, One, Two};

/// A command: its words, its positional values, and the flags of its own.
struct Shape {
    words: &'static str,
    positionals: &'static [&'static Values],
    flags: &'static [(&'static str, Takes)],
}

const FILTER: [(&str, Takes); 3] = [
    ("--rel", One(&TYPES)),
    ("--dir", One(&DIRS)),
    ("--kind", One(&KINDS)),
];

/// Every command of the grammar, with the flags of its own.
const SHAPES: &[Shape] = &[
    Shape {
        words: "show",
        positionals: &[&ENTITIES],
        flags: &[],
    },
    Shape {
        words: "find",
        positionals: &[&TEXTS],
        flags: &[("--limit", One(&NUMBERS))],
    },
    Shape {
        words: "path",
        positionals: &[&ENTITIES, &ENTITIES],
        flags: &[
            ("--avoid", One(&ENTITIES)),
            ("--k", One(&NUMBERS)),
            ("--max-len", One(&NUMBERS)),
            ("--directed", Nothing),
            FILTER[0],
            FILTER[1],
            FILTER[2],
        ],
    },
    Shape {
        words: "neighbours",
        positionals: &[&ENTITIES],
        flags: &[
            ("--depth", One(&NUMBERS)),
            ("--limit", One(&NUMBERS)),
            FILTER[0],
            FILTER[1],
            FILTER[2],
        ],
    },
    Shape {
        words: "neighbors",
        positionals: &[&ENTITIES],
        flags: &[("--depth", One(&NUMBERS))],
    },
    Shape {
        words: "investors",
        positionals: &[&ENTITIES],
        flags: &[("--rollup", Nothing)],
    },
    Shape {
        words: "portfolio",
        positionals: &[&ENTITIES],
        flags: &[("--rollup", Nothing)],
    },
    Shape {
        words: "exposure",
        positionals: &[&ENTITIES],
        flags: &[("--rollup", Nothing)],
    },
    Shape {
        words: "overlap",
        positionals: &[&ENTITIES, &ENTITIES, &ENTITIES],
        flags: &[("--rollup", Nothing), ("--top", One(&NUMBERS))],
    },
    Shape {
        words: "overlap --all",
        positionals: &[],
        flags: &[("--top", One(&NUMBERS)), ("--rollup", Nothing)],
    },
    Shape {
        words: "coinvestors",
        positionals: &[&ENTITIES],
        flags: &[("--top", One(&NUMBERS)), ("--rollup", Nothing)],
    },
    Shape {
        words: "export",
        positionals: &[&EXPORTS],
        flags: &[
            ("--focus", One(&ENTITIES)),
            ("--depth", One(&NUMBERS)),
            ("--highlight", Two(&ENTITIES)),
            ("-o", One(&OUTPUTS)),
            ("--cluster", One(&CLUSTERS)),
            ("--title", One(&TEXTS)),
            ("--dpi", One(&DPIS)),
            ("--size", One(&SIZES)),
            FILTER[0],
            FILTER[1],
            FILTER[2],
        ],
    },
    Shape {
        words: "export dot -o",
        positionals: &[&OUTPUTS],
        flags: &[
            ("--focus", One(&ENTITIES)),
            ("--depth", One(&NUMBERS)),
            ("--highlight", Two(&ENTITIES)),
            ("--cluster", One(&CLUSTERS)),
        ],
    },
    Shape {
        words: "export json --output",
        positionals: &[&OUTPUTS],
        flags: &[("--focus", One(&ENTITIES)), ("--depth", One(&NUMBERS))],
    },
    Shape {
        words: "import",
        positionals: &[&INPUTS],
        flags: &[("--output", One(&OUTPUTS))],
    },
    Shape {
        words: "import notes.json -o",
        positionals: &[&OUTPUTS],
        flags: &[],
    },
    Shape {
        words: "load",
        positionals: &[&INPUTS],
        flags: &[],
    },
    Shape {
        words: "validate",
        positionals: &[&INPUTS],
        flags: &[],
    },
    Shape {
        words: "stats",
        positionals: &[],
        flags: &[("--top", One(&NUMBERS))],
    },
    Shape {
        words: "set status",
        positionals: &[&SET_STATUSES],
        flags: &[],
    },
    Shape {
        words: "set as-of",
        positionals: &[&SET_DATES],
        flags: &[],
    },
    Shape {
        words: "set as-of",
        positionals: &[&DATES],
        flags: &[],
    },
    Shape {
        words: "set json",
        positionals: &[&SWITCHES],
        flags: &[],
    },
    Shape {
        words: "set",
        positionals: &[],
        flags: &[],
    },
    Shape {
        words: "help",
        positionals: &[&TEXTS],
        flags: &[],
    },
    Shape {
        words: "quit",
        positionals: &[],
        flags: &[],
    },
];

/// The flags every command takes, and the start-up ones, which the prompt must refuse.
const GLOBAL: &[(&str, Takes)] = &[
    ("--json", Nothing),
    ("--status", One(&STATUSES)),
    ("--as-of", One(&DATES)),
    ("--format", One(&DATA)),
    ("--no-merge", Nothing),
    ("--color", One(&COLORS)),
];

/// The flags that choose the data and the mode at start-up, which the prompt refuses.
const START_UP: &[(&str, Takes)] = &[
    ("--data", One(&INPUTS)),
    ("--no-default-data", Nothing),
    ("--script", One(&INPUTS)),
    ("--keep-going", Nothing),
];

/// A command of the grammar with hostile values: its positional values (one in eight left
/// out), then up to three flags: most of its own, some global, a few of the start-up ones;
/// none twice.
fn command() -> impl Strategy<Value = String> {
    let part = || {
        (
            proptest::bool::weighted(0.75),
            any::<Index>(),
            any::<Index>(),
        )
    };
    (
        any::<Index>(),
        proptest::collection::vec((proptest::bool::weighted(0.875), part()), 3),
        proptest::collection::vec((0..20u8, part()), 0..4),
    )
        .prop_map(|(shape, positionals, flags)| {
            let shape = shape.get(SHAPES);
            let mut words = vec![shape.words.to_string()];
            for (values, (keep, (good, pick, _))) in shape.positionals.iter().zip(&positionals) {
                if *keep {
                    words.push(value(values, *good, pick));
                }
            }
            let mut used = Vec::new();
            for (which, (good, flag, pick)) in &flags {
                let list = match which {
                    0 => START_UP,
                    1..=4 => GLOBAL,
                    _ if shape.flags.is_empty() => GLOBAL,
                    _ => shape.flags,
                };
                let (name, takes) = *flag.get(list);
                if used.contains(&name) {
                    continue;
                }
                used.push(name);
                words.push(name.to_string());
                match takes {
                    One(values) => words.push(value(values, *good, pick)),
                    Two(values) => {
                        words.push(value(values, *good, pick));
                        words.push(value(values, true, pick));
                    }
                    Nothing => {}
                }
            }
            words.join(" ")
        })
}

/// Whether every file a line names for reading or writing lies inside the current folder.
fn stays_inside(line: &str) -> bool {
    use dealgraph::cli::Command;
    let Ok(Line::Command(cli)) = parse_line(line) else {
        return true;
    };
    let inside = |path: &Path| {
        path.components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
    };
    let mut paths: Vec<&Path> = cli.global.data.iter().map(|p| p.as_path()).collect();
    match &cli.command {
        Some(Command::Export(args)) => paths.extend(args.output.as_deref()),
        Some(Command::Import(args)) => {
            paths.extend(args.paths.iter().map(|p| p.as_path()));
            paths.extend(args.output.as_deref());
        }
        Some(Command::Load(args)) => paths.extend(args.paths.iter().map(|p| p.as_path())),
        Some(Command::Validate(args)) => paths.extend(args.paths.iter().map(|p| p.as_path())),
        _ => {}
    }
    paths.into_iter().all(inside)
}

/// Runs a line in a session on the bundled data, in the temporary folder, and checks that it
/// is answered: with output (unless it is blank or a comment), by quitting, or with an error
/// that says something.
fn answers(line: &str) -> Result<(), TestCaseError> {
    in_the_scratch_folder();
    let mut session = Session::new(common::bundled().clone());
    let mut out = Vec::new();
    match run_line(&mut session, line, false, &mut out).1 {
        Ok(Flow::Continue) => {
            let quiet = matches!(parse_line(line), Ok(Line::Nothing));
            prop_assert!(quiet || !out.is_empty(), "no answer to {line:?}");
        }
        Ok(Flow::Quit | Flow::Clear) => {}
        Err(err) => prop_assert!(!err.to_string().is_empty(), "an empty error for {line:?}"),
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn every_command_with_hostile_values_is_answered(line in command()) {
        prop_assume!(stays_inside(&line));
        answers(&line)?;
    }

    #[test]
    fn every_line_is_answered_with_output_or_an_error(line in line()) {
        prop_assume!(stays_inside(&line));
        answers(&line)?;
    }

    #[test]
    fn completion_takes_any_line_and_any_cursor(line in line(), at in any::<prop::sample::Index>()) {
        let names = EntityNames::of(common::bundled());
        let pos = at.index(line.len() + 1);
        let (start, candidates) = complete(&Grammar::new(), &names, &line, pos);
        prop_assert!(start <= pos);
        for candidate in candidates {
            prop_assert!(!candidate.replacement.is_empty());
        }
    }

    #[test]
    fn highlighting_only_adds_styles(line in line()) {
        let helper = PromptHelper::new(common::bundled(), true);
        for submitted in [false, true] {
            let highlighted = helper.highlighted(&line, submitted);
            prop_assert_eq!(strip_styles(&highlighted), line.as_str());
        }
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

/// Runs one line in a fresh session on the bundled data: its output, or its error.
fn run(line: &str) -> Result<String, String> {
    let mut session = Session::new(common::bundled().clone());
    let mut out = Vec::new();
    run_line(&mut session, line, false, &mut out)
        .1
        .map(|_| String::from_utf8_lossy(&out).into_owned())
        .map_err(|e| e.to_string())
}

#[test]
fn the_largest_numbers_are_answered_at_once_or_refused_with_the_cap() {
    const MAX: &str = "18446744073709551615";
    for line in [
        format!("neighbours SenseTime --depth {MAX} --limit {MAX}"),
        format!("path SenseTime Google --max-len {MAX} --k 100"),
        format!("coinvestors Alibaba --top {MAX}"),
        format!("stats --top {MAX}"),
        format!("find a --limit {MAX}"),
        format!("export dot --focus SenseTime --depth {MAX}"),
        "overlap --all --top 10000".to_string(),
    ] {
        let out = run(&line).unwrap_or_else(|e| panic!("{line}: {e}"));
        assert!(!out.is_empty(), "{line}");
    }
    assert_eq!(
        run(&format!("overlap --all --top {MAX}")).unwrap_err(),
        format!(
            "--top {MAX} is more than overlap --all lists: at most 10000 pairs; the answer's \
             first line counts every pair that shares an investor"
        )
    );
    assert!(
        run("path SenseTime Google --k 101")
            .unwrap_err()
            .contains("101 is not in 1..=100")
    );
}

#[test]
fn empty_and_odd_names_are_unknown_entities_not_failures() {
    for name in ["\"\"", "\" \"", "'#'", "\"\\\\\"", "\"a,b\""] {
        for command in [
            "show",
            "neighbours",
            "investors",
            "exposure",
            "path SenseTime",
        ] {
            let err = run(&format!("{command} {name}")).unwrap_err();
            assert!(err.starts_with("unknown entity"), "{command} {name}: {err}");
        }
    }
    let err = run("path SenseTime Megvii --avoid ,").unwrap_err();
    assert!(err.starts_with("unknown entity \"\""), "{err}");
}

#[test]
fn an_export_to_a_folder_or_into_a_missing_one_says_so_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().display().to_string();
    assert_eq!(
        run(&format!("export json -o \"{folder}\"")).unwrap_err(),
        format!("{folder} is a folder; name a file to write instead")
    );
    for line in [
        format!("export dot -o \"{folder}/missing/world.dot\""),
        format!("import \"{folder}/missing.json\" -o \"{folder}/missing/notes.json\""),
    ] {
        let err = run(&line).unwrap_err();
        assert!(
            err.contains("does not exist; create it") || err.contains("no such file"),
            "{line}: {err}"
        );
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn an_export_to_an_odd_name_writes_exactly_that_file() {
    let dir = tempfile::tempdir().unwrap();
    let name = "odd \"name\" ?*\n.json";
    let path = dir.path().join(name);
    let line = format!(
        "export json -o {}",
        dealgraph::repl::complete::quote(&path.display().to_string(), None)
    );
    let out = run(&line).unwrap();
    assert!(
        out.starts_with("wrote json (37 entities, 30 relations)"),
        "{out}"
    );
    let files: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(files, [name]);
    let written = std::fs::read_to_string(&path).unwrap();
    assert!(written.contains("\"id\": \"sensetime\""));
}

#[test]
fn missing_files_are_named_in_the_error() {
    for command in ["load", "import", "validate"] {
        let err = run(&format!("{command} no/such/folder/data.json")).unwrap_err();
        assert!(
            err.starts_with("no/such/folder/data.json: no such file or folder"),
            "{command}: {err}"
        );
    }
}

#[test]
fn only_lines_that_stay_in_the_folder_are_run() {
    for line in [
        "export dot -o out.dot",
        "export dot -o 'odd name?.dot'",
        "import notes.json -o missing/folder/out.json",
        "load .",
        "load notes.json ./notes.json",
        "validate",
        "show SenseTime",
        "not a command -o /etc/passwd",
    ] {
        assert!(stays_inside(line), "{line}");
    }
    for line in [
        "export dot -o /tmp/out.dot",
        "export dot --output=../out.dot",
        "import notes.json -o a/../../out.json",
        "load /",
        "load ..",
        "validate notes.json /etc",
        "show SenseTime --data /",
    ] {
        assert!(!stays_inside(line), "{line}");
    }
}
