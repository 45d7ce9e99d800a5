//! What every fuzz target does with an input: read it through the public loader on top of the
//! bundled graph, ask the graph questions, make every export that is not a rendered picture,
//! check that each export parses, and load the JSON export back with the native reader. The
//! prompt-line target runs lines at the prompt of a session on the bundled graph.
//!
//! The bundled graph is built once per process (whole, so that a clone carries its petgraph
//! graph) and cloned for each input, and the prompt's session is made once, so that an input
//! costs what reading it and answering it cost.

use std::cell::RefCell;
use std::path::PathBuf;
use std::sync::OnceLock;

use dealgraph::export::Format as ExportFormat;
use dealgraph::export::request::{ExportRequest, make};
use dealgraph::filter::{Filter, FilterChange};
use dealgraph::load::{self, Format, GraphBuilder, Input, LoadOptions};
use dealgraph::query::path::PathQuery;
use dealgraph::session::{Action, Session, Settings};
use dealgraph::{Error, Graph};

/// The exports checked: every format but the pictures Graphviz renders.
const EXPORTS: [ExportFormat; 5] = [
    ExportFormat::Dot,
    ExportFormat::Json,
    ExportFormat::Graphml,
    ExportFormat::Ftm,
    ExportFormat::Cypher,
];

/// How many lines of one input the prompt-line target runs.
const PROMPT_LINES: usize = 4;

/// The bundled graph, loaded once.
pub fn bundled() -> &'static Graph {
    static GRAPH: OnceLock<Graph> = OnceLock::new();
    GRAPH.get_or_init(|| match load::load(&[Input::Bundled]) {
        Ok((graph, _)) => {
            graph.inner();
            graph
        }
        Err(err) => panic!("the bundled data does not load: {err}"),
    })
}

/// The file an input is written to, one per process, so that it is read as `--data FILE` is:
/// in memory (`/dev/shm`) where there is such a folder, since a file on disk rewritten
/// thousands of times a second waits for the disk.
fn input_file() -> &'static PathBuf {
    static FILE: OnceLock<PathBuf> = OnceLock::new();
    FILE.get_or_init(|| {
        let shm = PathBuf::from("/dev/shm");
        let parent = if shm.is_dir() {
            shm
        } else {
            std::env::temp_dir()
        };
        let dir = parent.join(format!("dealgraph-fuzz-{}", std::process::id()));
        if let Err(err) = std::fs::create_dir_all(&dir) {
            panic!("cannot make {}: {err}", dir.display());
        }
        dir.join("input.json")
    })
}

/// Reads `data` as a data file (in `format`, or in the format its content shows) on top of the
/// bundled graph; when it loads, queries the graph and checks every export.
pub fn exercise(data: &[u8], format: Option<Format>) {
    let file = input_file();
    if let Err(err) = std::fs::write(file, data) {
        panic!("cannot write {}: {err}", file.display());
    }
    exercise_file(file, format);
}

/// The line that parts an input of the mapping target: the mapping before it, its table after.
pub const MAPPING_TABLE_SEPARATOR: &[u8] = b"\n%%\n";

/// Reads `data` as a FollowTheMoney mapping and the CSV table it reads (`csv_url: table.csv`),
/// parted by [`MAPPING_TABLE_SEPARATOR`] (no table when it is missing), as `--data MAPPING.yml`
/// does; when it loads, queries the graph and checks every export.
pub fn mapping(data: &[u8]) {
    let (mapping, table) = match data
        .windows(MAPPING_TABLE_SEPARATOR.len())
        .position(|w| w == MAPPING_TABLE_SEPARATOR)
    {
        Some(at) => (&data[..at], &data[at + MAPPING_TABLE_SEPARATOR.len()..]),
        None => (data, &[][..]),
    };
    let folder = input_file()
        .parent()
        .map(std::path::Path::to_path_buf)
        .unwrap_or_default();
    let file = folder.join("mapping.yml");
    for (path, bytes) in [(&file, mapping), (&folder.join("table.csv"), table)] {
        if let Err(err) = std::fs::write(path, bytes) {
            panic!("cannot write {}: {err}", path.display());
        }
    }
    exercise_file(&file, None);
}

/// Reads a file (in `format`, or in the format its name or content shows) on top of the
/// bundled graph; when it loads, queries the graph and checks every export.
fn exercise_file(file: &std::path::Path, format: Option<Format>) {
    let base = bundled();
    let options = LoadOptions {
        format,
        merge: true,
        ..LoadOptions::default()
    };
    let mut builder = GraphBuilder::with_options(base, options);
    builder.add_path(file);
    let staged = match builder.finish() {
        Ok(staged) => staged,
        Err(err) => return expect_located(&err),
    };
    let mut graph = base.clone();
    staged.apply(&mut graph);
    let added: Vec<String> = graph
        .entities()
        .filter(|(ix, _)| ix.index() >= base.entity_count())
        .map(|(_, entity)| entity.id.clone())
        .collect();
    query(&graph, &added);
    for format in EXPORTS {
        export(&graph, format);
    }
}

/// A failed load is a data error that says where each problem is.
pub fn expect_located(err: &Error) {
    match err {
        Error::Data(problems) => {
            assert!(!problems.is_empty(), "a data error without a problem");
            for problem in problems {
                assert!(
                    problem.location.is_some(),
                    "a problem without a place: {}",
                    problem.message
                );
            }
        }
        other => panic!("loading failed with something other than a data error: {other}"),
    }
}

/// Asks the questions a user would of the entities just loaded. Any answer, or an error, will
/// do: none may panic.
fn query(graph: &Graph, added: &[String]) {
    let mut session = Session::new(graph.clone());
    let first = added.first().cloned().unwrap_or_else(|| "sensetime".into());
    let last = added
        .last()
        .cloned()
        .unwrap_or_else(|| "chongqing-police".into());
    let name = graph
        .by_id(&first)
        .map(|ix| graph.entity(ix).name.clone())
        .unwrap_or_default();
    let actions = [
        Action::Stats { top: 5 },
        Action::Find {
            text: name,
            limit: 5,
        },
        Action::Show {
            entity: first.clone(),
        },
        Action::Neighbours {
            entity: first.clone(),
            depth: 2,
            limit: 20,
            all_relations: false,
        },
        Action::Path(PathQuery::new(first.clone(), last.clone())),
        Action::Portfolio {
            entity: first.clone(),
            rollup: true,
        },
        Action::Investors {
            entity: last.clone(),
            rollup: true,
        },
        Action::Exposure {
            entity: first.clone(),
            rollup: true,
        },
        Action::Owners {
            entity: last.clone(),
        },
        Action::Subsidiaries {
            entity: first.clone(),
        },
        Action::Ubo {
            entity: last.clone(),
        },
        Action::Flows {
            entity: first.clone(),
            top: 5,
        },
        Action::ExposureAll {
            top: 5,
            rollup: true,
        },
        Action::Overlap {
            companies: vec![first, last],
            top: 5,
            rollup: true,
        },
    ];
    for action in actions {
        let _ = session.run(&action.into());
    }
}

/// Makes the whole graph in `format` and checks that the result parses.
fn export(graph: &Graph, format: ExportFormat) {
    let request = ExportRequest::new(format);
    let made = match make(
        graph,
        &Filter::default(),
        &FilterChange::default(),
        &request,
    ) {
        Ok(made) => made,
        Err(err) => panic!("{} export failed: {err}", format.as_str()),
    };
    let Ok(text) = std::str::from_utf8(&made.bytes) else {
        panic!("the {} export is not UTF-8", format.as_str());
    };
    match format {
        ExportFormat::Dot => check_dot(text),
        ExportFormat::Json => check_json(text, graph),
        ExportFormat::Graphml => {
            if let Err(err) = roxmltree::Document::parse(text) {
                panic!("the GraphML export is not XML: {err}");
            }
        }
        ExportFormat::Ftm => check_ftm(text),
        ExportFormat::Cypher => check_cypher(text),
        ExportFormat::Svg | ExportFormat::Png => {}
    }
}

/// The JSON export is one JSON document that loads back, alone, into the same graph, packed
/// as a fresh load is, every record of which reads back.
fn check_json(text: &str, graph: &Graph) {
    if let Err(err) = serde_json::from_str::<serde_json::Value>(text) {
        panic!("the JSON export is not JSON: {err}");
    }
    let empty = Graph::new();
    let mut builder = GraphBuilder::new(&empty);
    builder.add_text_as("export.json", text, Some(Format::Native));
    let staged = match builder.finish() {
        Ok(staged) => staged,
        Err(err) => panic!("the JSON export does not load back: {err}"),
    };
    let (again, _) = staged
        .into_graph()
        .unwrap_or_else(|err| panic!("the JSON export does not pack: {err}"));
    assert!(
        again.packed_records().is_some(),
        "a fresh load of the JSON export is not packed"
    );
    for i in 0..again.entity_count() {
        again.entity(dealgraph::graph::EntityIx::new(i));
    }
    for i in 0..again.relation_count() {
        again.relation(dealgraph::graph::RelationIx::new(i));
    }
    if let Some(err) = again.damage() {
        panic!("a record of the JSON export does not read back from its packed form: {err}");
    }
    assert_eq!(
        (again.entity_count(), again.relation_count()),
        (graph.entity_count(), graph.relation_count()),
        "the JSON export loads back with other counts of entities and relations"
    );
}

/// The FtM export is JSON lines, each an entity with an id, a schema and properties.
fn check_ftm(text: &str) {
    for (n, line) in text.lines().enumerate() {
        let value: serde_json::Value = match serde_json::from_str(line) {
            Ok(value) => value,
            Err(err) => panic!("line {} of the FtM export is not JSON: {err}", n + 1),
        };
        for key in ["id", "schema", "properties"] {
            assert!(
                value.get(key).is_some(),
                "line {} of the FtM export has no {key}",
                n + 1
            );
        }
    }
}

/// DOT, checked cheaply: strings end, braces and brackets balance outside them, and no
/// string holds a control character or a noncharacter.
pub fn check_dot(text: &str) {
    let mut depth: Vec<char> = Vec::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => loop {
                match chars.next() {
                    None => panic!("a DOT string does not end"),
                    Some('"') => break,
                    Some('\\') => {
                        if chars.next().is_none() {
                            panic!("a DOT string ends in a backslash");
                        }
                    }
                    // A tab stays a tab, which Graphviz reads as any space.
                    Some(c)
                        if (c.is_control() && c != '\t') || c == '\u{FFFE}' || c == '\u{FFFF}' =>
                    {
                        panic!("a DOT string holds {:?}", c)
                    }
                    Some(_) => {}
                }
            },
            '{' | '[' => depth.push(c),
            '}' => assert_eq!(depth.pop(), Some('{'), "a DOT brace does not balance"),
            ']' => assert_eq!(depth.pop(), Some('['), "a DOT bracket does not balance"),
            _ => {}
        }
    }
    assert!(depth.is_empty(), "DOT braces or brackets left open");
}

/// Cypher, checked cheaply: every line is a comment or one statement that ends with `;`
/// outside its strings, with its brackets balanced and no control character in a string.
pub fn check_cypher(text: &str) {
    for (n, line) in text.lines().enumerate() {
        if line.is_empty() || line.starts_with("//") {
            continue;
        }
        let mut depth: Vec<char> = Vec::new();
        let mut chars = line.chars();
        let mut last = ' ';
        while let Some(c) = chars.next() {
            last = c;
            match c {
                '\'' => loop {
                    match chars.next() {
                        None => panic!("a Cypher string does not end on line {}", n + 1),
                        Some('\'') => break,
                        Some('\\') => {
                            if chars.next().is_none() {
                                panic!("a Cypher string ends in a backslash on line {}", n + 1);
                            }
                        }
                        Some(c) if c.is_control() => {
                            panic!("a Cypher string holds {:?} on line {}", c, n + 1)
                        }
                        Some(_) => {}
                    }
                },
                '(' | '[' | '{' => depth.push(c),
                ')' => assert_eq!(depth.pop(), Some('('), "line {}: ( does not balance", n + 1),
                ']' => assert_eq!(depth.pop(), Some('['), "line {}: [ does not balance", n + 1),
                '}' => assert_eq!(
                    depth.pop(),
                    Some('{'),
                    "line {}: {{ does not balance",
                    n + 1
                ),
                _ => {}
            }
        }
        assert!(depth.is_empty(), "line {}: brackets left open", n + 1);
        assert_eq!(
            last,
            ';',
            "line {} of the Cypher export does not end with ;",
            n + 1
        );
    }
}

/// Runs the lines of `data` at the prompt of a session on the bundled graph. Lines that would
/// read or write files, or run Graphviz, are left out: the target checks the prompt, not the
/// file system. With no `load`, the lines change only the session's settings, so one session
/// serves every input, its settings put back after each.
pub fn prompt(data: &[u8]) {
    thread_local! {
        static SESSION: RefCell<Session> = RefCell::new(Session::new(bundled().clone()));
    }
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    SESSION.with_borrow_mut(|session| {
        for line in text.lines().take(PROMPT_LINES) {
            if touches_files(line) {
                continue;
            }
            let _ = dealgraph::repl::run_line(session, line, false, &mut Vec::new());
        }
        *session.settings_mut() = Settings::default();
    });
}

/// Whether a line would read or write a file, or render a picture: a word that is such a
/// command (`load`, `import`, `validate`) or the `-o`/`--output` flag (the only short flag that
/// takes a value), or a word naming a picture format. Told from the words alone, since parsing
/// costs more than the line's answer; a line that fails to split runs (and fails) as it is.
/// The line is trimmed first, as the prompt trims it (a carriage return before `load` once let
/// `load //` through, which reads the whole file system for data files).
fn touches_files(line: &str) -> bool {
    let Some(words) = shlex::split(line.trim()) else {
        return false;
    };
    words.iter().any(|word| {
        let lower = word.to_lowercase();
        matches!(word.as_str(), "load" | "import" | "validate")
            || word == "--output"
            || word.starts_with("--output=")
            || (word.starts_with('-') && !word.starts_with("--") && word.contains('o'))
            || lower.contains("svg")
            || lower.contains("png")
    })
}
