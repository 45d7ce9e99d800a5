//! The regression corpus in `tests/corpus/`: inputs the fuzz targets (`fuzz/`) found, and for
//! each reader a file per kind of mistake (a syntax error, a wrong type, an unknown reference, a
//! huge number, deep nesting, bytes that are not UTF-8, an empty file). A file is read as the
//! fuzz target of its folder reads it, on top of the bundled graph (the `native` folder's format
//! detected, every other folder's forced), and either loads, and then exports and loads back, or
//! fails with problems that each name a place inside the file. A file that cannot be JSON (a
//! syntax error, bytes that are not UTF-8, nothing at all) fails. The lines of the `prompt`
//! folder run at the prompt of a session on the bundled data, one after another. A file of the
//! `mapping` folder is what the mapping fuzz target reads: a FollowTheMoney mapping and the CSV
//! table it reads (`csv_url: table.csv`), parted by a line `%%`; one named `loads-...` loads,
//! every other fails with problems located in the mapping or the table, and loads nothing.

mod common;

use std::path::{Path, PathBuf};

use dealgraph::Graph;
use dealgraph::error::Error;
use dealgraph::export::Format as ExportFormat;
use dealgraph::export::request::{ExportRequest, make};
use dealgraph::filter::{Filter, FilterChange};
use dealgraph::load::{self, Format, Input, LoadOptions};
use dealgraph::session::Session;

/// The files of one folder of the corpus, sorted.
fn corpus(folder: &str) -> Vec<PathBuf> {
    let dir = common::root().join("tests/corpus").join(folder);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|err| panic!("{}: {err}", dir.display()))
        .map(|entry| entry.expect("a folder entry").path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{} holds no files", dir.display());
    files
}

/// Whether a file of the corpus holds no JSON at all, by its name.
fn cannot_be_json(path: &Path) -> bool {
    let name = path.file_name().unwrap().to_string_lossy();
    ["syntax-error", "invalid-utf8", "empty", "blank"]
        .iter()
        .any(|kind| name.starts_with(kind))
}

/// Reads every file of `folder` in `format` (detected when `None`) and checks each outcome.
fn check_folder(folder: &str, format: Option<Format>) {
    for path in corpus(folder) {
        let what = format!("{} read as {format:?}", path.display());
        let options = LoadOptions {
            format,
            merge: true,
            ..LoadOptions::default()
        };
        let mut graph = common::bundled().clone();
        match load::extend_with(&mut graph, &[Input::Path(path.clone())], &options) {
            Ok(_) => {
                assert!(!cannot_be_json(&path), "{what}: loaded");
                exports_load_back(&graph, &what);
            }
            Err(Error::Data(problems)) => {
                let bytes = std::fs::read(&path).unwrap();
                assert_located(&problems, &[(path.display().to_string(), &bytes)], &what);
            }
            Err(other) => panic!("{what}: not a data error: {other}"),
        }
    }
}

/// Every export but the pictures is made; the JSON export loads back into as many entities and
/// relations, packed as a fresh load is, every record of which reads back; and the GraphML
/// export is XML.
fn exports_load_back(graph: &Graph, what: &str) {
    for format in [
        ExportFormat::Dot,
        ExportFormat::Json,
        ExportFormat::Graphml,
        ExportFormat::Ftm,
        ExportFormat::Cypher,
    ] {
        let request = ExportRequest::new(format);
        let made = make(
            graph,
            &Filter::default(),
            &FilterChange::default(),
            &request,
        )
        .unwrap_or_else(|err| panic!("{what}: the {} export failed: {err}", format.as_str()));
        let text = String::from_utf8(made.bytes).expect("an export is UTF-8");
        match format {
            ExportFormat::Json => {
                let empty = Graph::new();
                let mut builder = load::GraphBuilder::new(&empty);
                builder.add_text_as("export.json", &text, Some(Format::Native));
                let staged = builder
                    .finish()
                    .unwrap_or_else(|err| panic!("{what}: the JSON export does not load: {err}"));
                let (again, _) = staged
                    .into_graph()
                    .unwrap_or_else(|err| panic!("the JSON export does not pack: {err}"));
                assert!(again.packed_records().is_some(), "{what}: not packed");
                for i in 0..again.entity_count() {
                    again.entity(dealgraph::graph::EntityIx::new(i));
                }
                for i in 0..again.relation_count() {
                    again.relation(dealgraph::graph::RelationIx::new(i));
                }
                assert!(
                    again.damage().is_none(),
                    "{what}: a packed record does not read back"
                );
                assert_eq!(
                    (again.entity_count(), again.relation_count()),
                    (graph.entity_count(), graph.relation_count()),
                    "{what}: the JSON export loads back with other counts"
                );
            }
            ExportFormat::Graphml => {
                roxmltree::Document::parse(&text)
                    .unwrap_or_else(|err| panic!("{what}: the GraphML export is not XML: {err}"));
            }
            _ => {}
        }
    }
}

#[test]
fn native_corpus_loads_or_fails_with_located_problems() {
    check_folder("native", None);
}

#[test]
fn ftm_corpus_loads_or_fails_with_located_problems() {
    check_folder("ftm", Some(Format::Ftm));
}

#[test]
fn bods_corpus_loads_or_fails_with_located_problems() {
    check_folder("bods", Some(Format::Bods));
}

#[test]
fn ocds_corpus_loads_or_fails_with_located_problems() {
    check_folder("ocds", Some(Format::Ocds));
}

#[test]
fn gleif_corpus_loads_or_fails_with_located_problems() {
    check_folder("gleif", Some(Format::Gleif));
}

#[test]
fn prompt_corpus_lines_answer_or_fail_with_a_message() {
    for path in corpus("prompt") {
        let text = std::fs::read_to_string(&path).unwrap();
        let mut session = Session::new(common::bundled().clone());
        for line in text.lines() {
            let mut out = Vec::new();
            let (_, result) = dealgraph::repl::run_line(&mut session, line, false, &mut out);
            if let Err(err) = result {
                assert!(
                    !err.to_string().trim().is_empty(),
                    "{}: {line:?} failed with no message",
                    path.display()
                );
            }
        }
    }
}

/// The problems of loading one file of the corpus, on top of the bundled graph.
fn problems_of(folder: &str, name: &str, format: Option<Format>) -> Vec<String> {
    let path = common::root().join("tests/corpus").join(folder).join(name);
    let options = LoadOptions {
        format,
        merge: true,
        ..LoadOptions::default()
    };
    let mut graph = common::bundled().clone();
    match load::extend_with(&mut graph, &[Input::Path(path)], &options) {
        Err(Error::Data(problems)) => problems.iter().map(|p| p.message.clone()).collect(),
        other => panic!("{folder}/{name} should fail with problems: {other:?}"),
    }
}

#[test]
fn a_huge_stake_or_negative_amount_is_named_with_an_exponent() {
    let problems = problems_of("native", "huge-number.json", None);
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("\"stake_pct\" is 1e308;")),
        "{problems:#?}"
    );
    let problems = problems_of("native", "negative-huge-amount.json", None);
    assert!(
        problems.iter().any(|p| p.contains("is negative (-1e308)")),
        "{problems:#?}"
    );
}

#[test]
fn a_field_nested_too_deep_to_read_is_reported_as_such() {
    for folder in ["bods", "ocds", "gleif"] {
        let path = common::root()
            .join("tests/corpus")
            .join(folder)
            .join("deep-nesting.json");
        let options = LoadOptions {
            format: Format::ALL.into_iter().find(|f| f.as_str() == folder),
            merge: true,
            ..LoadOptions::default()
        };
        let (_, report) = load::load_with(&[Input::Path(path)], &options).unwrap();
        let report = report.to_string();
        assert!(
            report.contains(
                "(fields of a record holding a number too large or values nested too deep to read)"
            ),
            "{report}"
        );
    }
}

/// Loads a file of `tests/corpus/gleif/` as GLEIF and checks that it makes no entity (none
/// without a name) and that the load report says what was skipped.
fn assert_gleif_skips(file: &str, skipped: &str) {
    let path = common::root().join("tests/corpus/gleif").join(file);
    let options = LoadOptions {
        format: Some(Format::Gleif),
        merge: true,
        ..LoadOptions::default()
    };
    let (graph, report) = load::load_with(&[Input::Path(path)], &options).unwrap();
    assert_eq!(graph.entity_count(), 0, "no entity without a name is made");
    assert!(report.to_string().contains(skipped), "{report}");
}

#[test]
fn a_gleif_relationship_with_a_blank_lei_is_skipped_and_the_report_says_so() {
    assert_gleif_skips(
        "relationship-with-a-blank-lei.json",
        "skipped 1: relationships with an end that has no LEI",
    );
}

#[test]
fn a_gleif_lei_record_with_a_blank_lei_is_skipped_and_the_report_says_so() {
    // Found by the gleif target: a record whose LEI is blank and whose legal name is
    // misspelt became a company with an empty name, which its JSON export could not load.
    assert_gleif_skips(
        "found-lei-record-with-a-blank-lei.json",
        "skipped 1: LEI records with no LEI",
    );
}

/// The line that parts a file of the `mapping` folder: the mapping before it, its table after
/// (as the mapping fuzz target reads its input).
const MAPPING_TABLE_SEPARATOR: &[u8] = b"\n%%\n";

/// Checks that every problem names a place inside one of `files` (the name shown, and its
/// bytes).
fn assert_located(
    problems: &[dealgraph::diagnostic::Diagnostic],
    files: &[(String, &[u8])],
    what: &str,
) {
    assert!(!problems.is_empty(), "{what}: an error without problems");
    for problem in problems {
        let at = problem
            .location
            .as_ref()
            .unwrap_or_else(|| panic!("{what}: a problem with no place: {problem}"));
        let (_, bytes) = files
            .iter()
            .find(|(name, _)| *name == *at.file)
            .unwrap_or_else(|| panic!("{what}: a problem in another file: {problem}"));
        let text = String::from_utf8_lossy(bytes);
        let lines: Vec<&str> = text.split('\n').collect();
        assert!(
            (1..=lines.len()).contains(&at.line),
            "{what}: line {} of {}: {problem}",
            at.line,
            lines.len()
        );
        let width = lines[at.line - 1].chars().count() + 1;
        assert!(
            (1..=width).contains(&at.column),
            "{what}: column {} of {width}: {problem}",
            at.column
        );
        assert!(!problem.message.trim().is_empty(), "{what}: no message");
    }
}

#[test]
fn mapping_corpus_loads_or_fails_with_located_problems_and_loads_nothing() {
    let files = corpus("mapping");
    assert!(files.len() >= 15, "{} cases", files.len());
    for path in files {
        let what = path.display().to_string();
        let data = std::fs::read(&path).unwrap();
        let (mapping, table) = match data
            .windows(MAPPING_TABLE_SEPARATOR.len())
            .position(|w| w == MAPPING_TABLE_SEPARATOR)
        {
            Some(at) => (&data[..at], &data[at + MAPPING_TABLE_SEPARATOR.len()..]),
            None => (&data[..], &[][..]),
        };
        let dir = tempfile::tempdir().unwrap();
        let mapping_file = dir.path().join("mapping.yml");
        let table_file = dir.path().join("table.csv");
        std::fs::write(&mapping_file, mapping).unwrap();
        std::fs::write(&table_file, table).unwrap();
        let options = LoadOptions {
            merge: true,
            ..LoadOptions::default()
        };
        let before = common::bundled();
        let mut graph = before.clone();
        let should_load = path
            .file_name()
            .is_some_and(|name| name.to_string_lossy().starts_with("loads-"));
        match load::extend_with(&mut graph, &[Input::Path(mapping_file.clone())], &options) {
            Ok(_) => {
                assert!(should_load, "{what}: loaded");
                assert!(graph.entity_count() > before.entity_count(), "{what}");
                exports_load_back(&graph, &what);
            }
            Err(Error::Data(problems)) => {
                assert!(!should_load, "{what}: failed: {problems:#?}");
                let shown = [
                    (mapping_file.display().to_string(), mapping),
                    (table_file.display().to_string(), table),
                ];
                assert_located(&problems, &shown, &what);
                assert_eq!(
                    (graph.entity_count(), graph.relation_count()),
                    (before.entity_count(), before.relation_count()),
                    "{what}: a failed load changed the graph"
                );
            }
            Err(other) => panic!("{what}: not a data error: {other}"),
        }
    }
}
