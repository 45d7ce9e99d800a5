//! The loader against hostile files: the bundled dataset and each real open-data file, cut,
//! flipped, shuffled, retyped and stretched. Whatever the bytes, loading them (in the
//! detected format and in each format `--format` can force) either succeeds or fails with
//! problems that each name a place inside the file and say something, and a failed load
//! leaves the graph it was adding to as it was. Nothing panics.

mod common;

use std::path::PathBuf;
use std::sync::OnceLock;

use dealgraph::Graph;
use dealgraph::error::Error;
use dealgraph::export;
use dealgraph::load::{self, Format, Input, LoadOptions};
use dealgraph::subgraph::Subgraph;
use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::Value;

/// A file to mutate: its name and bytes.
#[derive(Debug)]
struct Fixture {
    name: String,
    bytes: Vec<u8>,
}

/// The bundled dataset and every real open-data file in `../shared/data/real` (skipped with a
/// printed reason when that folder is absent).
fn fixtures() -> &'static [Fixture] {
    static FIXTURES: OnceLock<Vec<Fixture>> = OnceLock::new();
    FIXTURES.get_or_init(|| {
        let bundled = common::root().join("graph-data/facial-recognition.json");
        let mut fixtures = vec![Fixture {
            name: "facial-recognition.json".into(),
            bytes: std::fs::read(bundled).expect("the bundled dataset is readable"),
        }];
        if let Some(shared) = common::shared_or_skip("the real fixtures") {
            let mut paths: Vec<PathBuf> = std::fs::read_dir(shared.join("data/real"))
                .expect("the real fixtures are readable")
                .map(|entry| entry.expect("a folder entry").path())
                .filter(|p| {
                    p.extension().is_some_and(|e| {
                        ["json", "jsonl", "ijson", "ndjson"].contains(&&*e.to_string_lossy())
                    })
                })
                .collect();
            paths.sort();
            for path in paths {
                fixtures.push(Fixture {
                    name: path.file_name().unwrap().to_string_lossy().into_owned(),
                    bytes: std::fs::read(&path).expect("a real fixture is readable"),
                });
            }
        }
        fixtures
    })
}

/// Everything a graph holds, as text, to tell whether a failed load changed it.
fn fingerprint(graph: &Graph) -> String {
    let dataset = export::json::dataset(graph, &Subgraph::whole(graph));
    let sources: Vec<&String> = graph.sources().keys().collect();
    format!(
        "{}\n{sources:?}",
        serde_json::to_string(&dataset).expect("a dataset serializes")
    )
}

/// The ways `--format` can read a file: detected, then each format forced.
fn every_reading() -> Vec<LoadOptions> {
    let forced = [
        Format::Native,
        Format::Ftm,
        Format::Bods,
        Format::Ocds,
        Format::Gleif,
    ];
    std::iter::once(None)
        .chain(forced.map(Some))
        .map(|format| LoadOptions {
            format,
            merge: true,
            ..LoadOptions::default()
        })
        .collect()
}

/// Loads `bytes` as a file named `name` in each reading and checks the promise: Ok, or
/// problems located inside the file with a message; and, when `all_or_nothing` (in the
/// first reading), that a failed load adds nothing to the graph it was adding to.
fn check_file(
    name: &str,
    bytes: &[u8],
    readings: &[LoadOptions],
    all_or_nothing: bool,
) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).expect("the file is written");
    let text = String::from_utf8_lossy(bytes);
    let lines: Vec<&str> = text.split('\n').collect();
    for (n, options) in readings.iter().enumerate() {
        let what = format!("{name} read as {:?}", options.format);
        match load::load_with(&[Input::Path(path.clone())], options) {
            Ok(_) => {}
            Err(Error::Data(problems)) => {
                prop_assert!(!problems.is_empty(), "{what}: an error without problems");
                for problem in &problems {
                    let at = problem.location.as_ref();
                    prop_assert!(at.is_some(), "{what}: unlocated: {problem}");
                    let at = at.unwrap();
                    prop_assert_eq!(&*at.file, path.display().to_string(), "{}", what);
                    prop_assert!(
                        at.line >= 1 && at.line <= lines.len(),
                        "{what}: line {} of {}: {problem}",
                        at.line,
                        lines.len()
                    );
                    let width = lines[at.line - 1].chars().count() + 1;
                    prop_assert!(
                        at.column >= 1 && at.column <= width,
                        "{what}: column {} of {width}: {problem}",
                        at.column
                    );
                    prop_assert!(
                        !problem.message.trim().is_empty(),
                        "{what}: empty message at {at}"
                    );
                }
            }
            Err(other) => prop_assert!(false, "{what}: not a data error: {other}"),
        }
        if n > 0 || !all_or_nothing {
            continue;
        }
        // The bundled world, which failed loads are added to.
        let mut graph = common::bundled().clone();
        let before = fingerprint(&graph);
        if load::extend_with(&mut graph, &[Input::Path(path.clone())], options).is_err() {
            prop_assert_eq!(
                fingerprint(&graph),
                before,
                "{}: a failed load changed the graph",
                what
            );
        }
    }
    Ok(())
}

/// A value no field expects, or one at the edge of what a field takes.
const HOSTILE: &[&str] = &[
    "null",
    "true",
    "0",
    "-1",
    "1.5e308",
    "-1.5e308",
    "1e400",
    "18446744073709551616",
    "\"NaN\"",
    "\"Infinity\"",
    "\"-0\"",
    "\"\"",
    "\" \"",
    "\"\\u0000\\u001b[31m\\u202e\"",
    "\"2018-13-45\"",
    "\"../../etc/passwd\"",
    "[]",
    "{}",
    "[null]",
    "[[], {}]",
    "{\"id\": 1, \"schema\": {}}",
];

/// One change to a file.
#[derive(Debug, Clone)]
enum Mutation {
    /// Cut the file at a byte.
    Truncate(Index),
    /// Change one byte.
    Flip(Index, u8),
    /// Insert bytes that are not UTF-8.
    InvalidUtf8(Index),
    DeleteLine(Index),
    DuplicateLine(Index),
    SwapLines(Index, Index),
    /// Exchange two values of the JSON.
    SwapValues(Index, Index),
    /// Put a hostile value in place of one value of the JSON.
    Replace(Index, Index),
    /// Put an array around one value (a list where an object is expected).
    WrapInArray(Index),
    /// Nest one value `n` arrays or objects deep.
    Nest(Index, usize, bool),
    /// Put a very long string in place of one value.
    LongString(Index, usize),
    /// A byte order mark before the text.
    Bom,
    /// Windows line ends.
    Crlf,
    /// The whole file as one line.
    OneLine,
    /// The whole file in an array.
    WholeInArray,
    /// Nothing at all, or only blanks.
    Empty(&'static str),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let index = any::<Index>;
    prop_oneof![
        index().prop_map(Mutation::Truncate),
        (index(), 1u8..=255).prop_map(|(i, b)| Mutation::Flip(i, b)),
        index().prop_map(Mutation::InvalidUtf8),
        index().prop_map(Mutation::DeleteLine),
        index().prop_map(Mutation::DuplicateLine),
        (index(), index()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        (index(), index()).prop_map(|(a, b)| Mutation::SwapValues(a, b)),
        (index(), index()).prop_map(|(a, b)| Mutation::Replace(a, b)),
        index().prop_map(Mutation::WrapInArray),
        (index(), 100usize..3000, any::<bool>()).prop_map(|(i, n, o)| Mutation::Nest(i, n, o)),
        (index(), 1usize..200_000).prop_map(|(i, n)| Mutation::LongString(i, n)),
        Just(Mutation::Bom),
        Just(Mutation::Crlf),
        Just(Mutation::OneLine),
        Just(Mutation::WholeInArray),
        prop::sample::select(&["", " ", "\n\n", "\u{feff}", "{}", "[]", "null"][..])
            .prop_map(Mutation::Empty),
    ]
}

/// The JSON documents of a file: the whole file, or each line of a JSON lines file. `None`
/// when the bytes are not JSON.
fn documents(bytes: &[u8]) -> Option<Vec<Value>> {
    let text = std::str::from_utf8(bytes).ok()?;
    if let Ok(value) = serde_json::from_str(text) {
        return Some(vec![value]);
    }
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).ok())
        .collect()
}

/// Every value of a document, by JSON pointer, the document itself first.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    out.push(at.clone());
    match value {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                pointers(item, format!("{at}/{i}"), out);
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                let key = key.replace('~', "~0").replace('/', "~1");
                pointers(item, format!("{at}/{key}"), out);
            }
        }
        _ => {}
    }
}

/// Writes documents back as a file: pretty when there is one, one a line when there are many.
/// `raw` replaces the marker string `"\u0001"` with text that need not be JSON.
fn write_documents(docs: &[Value], raw: &str) -> Vec<u8> {
    let text = if docs.len() == 1 {
        serde_json::to_string_pretty(&docs[0]).unwrap()
    } else {
        let lines: Vec<String> = docs
            .iter()
            .map(|d| serde_json::to_string(d).unwrap())
            .collect();
        lines.join("\n") + "\n"
    };
    text.replacen("\"\\u0001\"", raw, 1).into_bytes()
}

/// Changes the value at one pointer of one document (both chosen by `which`) with `change`,
/// which gets the old value; the file unchanged when it is not JSON.
fn change_value(
    bytes: &[u8],
    which: &Index,
    raw: &str,
    change: impl FnOnce(Value) -> Value,
) -> Vec<u8> {
    let Some(mut docs) = documents(bytes) else {
        return bytes.to_vec();
    };
    let all: Vec<(usize, String)> = docs
        .iter()
        .enumerate()
        .flat_map(|(d, doc)| {
            let mut list = Vec::new();
            pointers(doc, String::new(), &mut list);
            list.into_iter().map(move |p| (d, p))
        })
        .collect();
    if all.is_empty() {
        return bytes.to_vec();
    }
    let (d, pointer) = which.get(&all).clone();
    if let Some(slot) = docs[d].pointer_mut(&pointer) {
        *slot = change(slot.take());
    }
    write_documents(&docs, raw)
}

/// The lines of a file, each with its line end.
fn lines_of(bytes: &[u8]) -> Vec<Vec<u8>> {
    bytes
        .split_inclusive(|&b| b == b'\n')
        .map(<[u8]>::to_vec)
        .collect()
}

fn apply(bytes: &[u8], mutation: &Mutation) -> Vec<u8> {
    let at = |i: &Index| i.index(bytes.len() + 1);
    let mut lines = lines_of(bytes);
    let line = |i: &Index, lines: &[Vec<u8>]| i.index(lines.len().max(1));
    match mutation {
        Mutation::Truncate(i) => bytes[..at(i)].to_vec(),
        Mutation::Flip(i, mask) => {
            let mut out = bytes.to_vec();
            if !out.is_empty() {
                let i = i.index(out.len());
                out[i] ^= mask;
            }
            out
        }
        Mutation::InvalidUtf8(i) => {
            let mut out = bytes.to_vec();
            out.splice(at(i)..at(i), [0xe2, 0x82, 0xff, 0xc0]);
            out
        }
        Mutation::DeleteLine(i) => {
            if !lines.is_empty() {
                let n = line(i, &lines);
                lines.remove(n);
            }
            lines.concat()
        }
        Mutation::DuplicateLine(i) => {
            if !lines.is_empty() {
                let n = line(i, &lines);
                let copy = lines[n].clone();
                lines.insert(n, copy);
            }
            lines.concat()
        }
        Mutation::SwapLines(a, b) => {
            if !lines.is_empty() {
                let (a, b) = (line(a, &lines), line(b, &lines));
                lines.swap(a, b);
            }
            lines.concat()
        }
        Mutation::SwapValues(a, b) => {
            let Some(mut docs) = documents(bytes) else {
                return bytes.to_vec();
            };
            let mut all = Vec::new();
            for (d, doc) in docs.iter().enumerate() {
                let mut list = Vec::new();
                pointers(doc, String::new(), &mut list);
                // Leaves only, so neither value holds the other.
                all.extend(
                    list.into_iter()
                        .filter(|p| {
                            !matches!(doc.pointer(p), Some(Value::Array(_) | Value::Object(_)))
                        })
                        .map(|p| (d, p)),
                );
            }
            if all.is_empty() {
                return bytes.to_vec();
            }
            let (da, pa) = a.get(&all).clone();
            let (db, pb) = b.get(&all).clone();
            let va = docs[da].pointer(&pa).cloned().unwrap_or(Value::Null);
            let vb = docs[db].pointer(&pb).cloned().unwrap_or(Value::Null);
            if let Some(slot) = docs[da].pointer_mut(&pa) {
                *slot = vb;
            }
            if let Some(slot) = docs[db].pointer_mut(&pb) {
                *slot = va;
            }
            write_documents(&docs, "")
        }
        Mutation::Replace(which, hostile) => {
            let raw = hostile.get(HOSTILE);
            change_value(bytes, which, raw, |_| Value::String("\u{1}".into()))
        }
        Mutation::WrapInArray(which) => {
            change_value(bytes, which, "", |old| Value::Array(vec![old]))
        }
        Mutation::Nest(which, depth, objects) => {
            let raw = if *objects {
                "{\"a\": ".repeat(*depth) + "1" + &"}".repeat(*depth)
            } else {
                "[".repeat(*depth) + &"]".repeat(*depth)
            };
            change_value(bytes, which, &raw, |_| Value::String("\u{1}".into()))
        }
        Mutation::LongString(which, n) => {
            let long = "é\"\\ ".repeat(n / 4 + 1);
            change_value(bytes, which, "", |_| Value::String(long))
        }
        Mutation::Bom => [b"\xef\xbb\xbf".as_slice(), bytes].concat(),
        Mutation::Crlf => String::from_utf8_lossy(bytes)
            .replace('\n', "\r\n")
            .into_bytes(),
        Mutation::OneLine => match documents(bytes) {
            Some(docs) if docs.len() == 1 => serde_json::to_vec(&docs[0]).unwrap(),
            _ => bytes.to_vec(),
        },
        Mutation::WholeInArray => [b"[".as_slice(), bytes, b"]"].concat(),
        Mutation::Empty(text) => text.as_bytes().to_vec(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 32,
        ..ProptestConfig::default()
    })]

    #[test]
    fn any_mutation_of_a_data_file_loads_or_fails_with_located_problems(
        which in any::<Index>(),
        mutation in mutation(),
    ) {
        let fixture = which.get(fixtures());
        let bytes = apply(&fixture.bytes, &mutation);
        check_file(&fixture.name, &bytes, &every_reading(), true)?;
    }

    #[test]
    fn two_mutations_of_a_data_file_load_or_fail_with_located_problems(
        which in any::<Index>(),
        first in mutation(),
        second in mutation(),
    ) {
        let fixture = which.get(fixtures());
        let bytes = apply(&apply(&fixture.bytes, &first), &second);
        check_file(&fixture.name, &bytes, &every_reading()[..1], true)?;
    }
}

/// A value of each JSON type, for fields that expect another.
const WRONG_TYPES: &[&str] = &["null", "[]", "true", "{}", "-1", "\"x\""];

/// Every field of every file (the first place each appears, array positions aside) given a
/// value of another type, in the detected format; the types take turns from field to field.
#[test]
fn every_field_given_a_wrong_type_loads_or_fails_with_located_problems() {
    let detected = &every_reading()[..1];
    let mut turn = 0;
    for fixture in fixtures() {
        let docs = documents(&fixture.bytes).expect("the fixtures are JSON");
        let mut seen = std::collections::HashSet::new();
        for (d, doc) in docs.iter().enumerate() {
            let mut list = Vec::new();
            pointers(doc, String::new(), &mut list);
            for pointer in list {
                let shape: Vec<&str> = pointer
                    .split('/')
                    .map(|part| {
                        if part.parse::<usize>().is_ok() {
                            "#"
                        } else {
                            part
                        }
                    })
                    .collect();
                // Fields only: array items and the document itself are left to the
                // mutations above.
                let is_field = shape
                    .last()
                    .is_some_and(|last| !last.is_empty() && *last != "#");
                if !is_field || !seen.insert(shape.join("/")) {
                    continue;
                }
                let raw = WRONG_TYPES[turn % WRONG_TYPES.len()];
                turn += 1;
                let mut changed = docs.clone();
                if let Some(slot) = changed[d].pointer_mut(&pointer) {
                    *slot = Value::String("\u{1}".into());
                }
                let bytes = write_documents(&changed, raw);
                if let Err(err) = check_file(&fixture.name, &bytes, detected, false) {
                    panic!(
                        "{} with {pointer:?} of document {d} set to {raw}: {err}",
                        fixture.name
                    );
                }
            }
        }
    }
}
