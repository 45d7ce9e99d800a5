//! Snapshots (`index -o FILE`, then `--data FILE` or `load FILE`): the graph read back from a
//! snapshot is the graph that was written, field for field and index for index, for the bundled
//! data, the real open-data samples and a test-only file with every optional field (and so is
//! the graph of a fresh load, packed in memory in a snapshot's layout); a snapshot
//! older than its data, from another version, damaged or cut short is refused with a message
//! that says how to make it again; a file named `.dgx` that is not a snapshot is read by its
//! content; and the snapshot is written atomically.

mod common;

use std::path::{Path, PathBuf};

use common::{dealgraph, failure_of, stdout_of, temp_file};
use dealgraph::Graph;
use dealgraph::load::snapshot::{self, Origin};
use dealgraph::load::{self, Input};

/// A test-only dataset with every optional field of an entity and a relation set.
const EVERY_FIELD: &str = r#"{
  "sources": [{"id": "s1", "title": "Test source", "publisher": "Nobody", "url": "https://example.org/t", "date": "2020-02", "note": "made up for a test"}],
  "entities": [
    {"id": "acme", "name": "Acme Holding", "kind": "company", "aliases": ["Acme", "ACME Corp"],
     "country": "DE", "description": "a test company", "founded": "1999-05-01", "state_owned": true,
     "identifiers": {"lei": "529900T8BM49AURSDO55", "ftm": "x-1"},
     "attributes": {"address": ["1 Test Street"], "sector": ["testing", "more testing"]},
     "facts": [{"label": "valuation", "amount": {"value": 1.5e9, "currency": "USD", "qualifier": "about"}, "date": "2019", "note": "n", "sources": [{"source": "s1", "quote": "worth about $1.5 billion"}]}],
     "sources": [{"source": "s1"}]},
    {"id": "fund", "name": "Test Fund", "kind": "fund"},
    {"id": "gov", "name": "Ministry of Tests", "kind": "government", "aliases": ["MoT"]}
  ],
  "relations": [
    {"from": "fund", "to": "acme", "type": "invests_in", "status": "reported",
     "amount": {"value": 12345.678, "currency": "EUR", "qualifier": "over"}, "date": "2018-05",
     "round": "Series C", "round_size": {"value": 100000000, "currency": "EUR"}, "stake_pct": 12.5,
     "role": "lead", "note": "a note", "ftm_schema": "Ownership",
     "sources": [{"source": "s1", "quote": "was seeking a stake"}]},
    {"from": "acme", "to": "gov", "type": "contracts_with", "status": "ended", "start": "2017", "end": "2019-12-31",
     "sources": [{"source": "s1"}]},
    {"from": "acme", "to": "gov", "type": "supplies", "status": "expected", "sources": [{"source": "s1"}, {"source": "s1", "quote": "again"}]}
  ]
}"#;

fn arg(path: &Path) -> &str {
    path.to_str().expect("paths are UTF-8")
}

/// Writes the snapshot of `graph` (loaded from `origin`) to `path`, as `index` does.
fn write(graph: &Graph, origin: &Origin, path: &Path) {
    let (bytes, summary) = snapshot::encode(graph, origin).expect("the graph encodes");
    assert_eq!(summary.bytes, bytes.len());
    std::fs::write(path, bytes).expect("the snapshot is written");
}

/// Asserts that two graphs hold the same entities, relations and sources in the same order,
/// find the same entities by id, name, alias and identifier, and have the same adjacency.
fn assert_same(a: &Graph, b: &Graph, what: &str) {
    assert_eq!(a.entity_count(), b.entity_count(), "{what}: entities");
    assert_eq!(a.relation_count(), b.relation_count(), "{what}: relations");
    assert_eq!(a.sources(), b.sources(), "{what}: sources");
    for ((ia, ea), (ib, eb)) in a.entities().zip(b.entities()) {
        assert_eq!(ia, ib);
        assert_eq!(ea, eb, "{what}: entity {}", ea.id);
        // Every way of naming it finds the same entity (or the same ambiguity) in both.
        let mut names = vec![ea.id.clone(), ea.name.clone()];
        names.extend(ea.details().aliases.iter().cloned());
        names.extend(ea.details().identifiers.values().cloned());
        for name in names {
            assert_eq!(
                a.lookup(&name).ok(),
                b.lookup(&name).ok(),
                "{what}: look-up of {name:?}"
            );
            assert_eq!(a.by_id(&name), b.by_id(&name), "{what}: id {name:?}");
        }
    }
    for (ra, rb) in a.relations().zip(b.relations()) {
        assert_eq!(
            (ra.index, ra.from, ra.to, ra.relation),
            (rb.index, rb.from, rb.to, rb.relation),
            "{what}: relation"
        );
    }
    let (adj_a, adj_b) = (a.adjacency(), b.adjacency());
    assert_eq!(adj_a.parts(), adj_b.parts(), "{what}: adjacency");
    for query in ["sensetme", "acme", "microsoft", "partei", "gasgrid", "x"] {
        let found = |g: &Graph| {
            g.find(query, 10)
                .into_iter()
                .map(|m| (m.entity, m.via_alias, m.via_identifier))
                .collect::<Vec<_>>()
        };
        assert_eq!(found(a), found(b), "{what}: find {query:?}");
    }
}

/// Asserts that `b`, just read from a snapshot, answers for each entity, relation and row of
/// relations what `a` does, asked one at a time as queries ask (so that `b` reads them from
/// the snapshot one at a time, never building its whole graph first).
fn assert_same_one_at_a_time(a: &Graph, b: &Graph, what: &str) {
    use petgraph::Direction::{Incoming, Outgoing};
    assert_eq!(a.entity_count(), b.entity_count(), "{what}: entities");
    assert_eq!(a.relation_count(), b.relation_count(), "{what}: relations");
    let rows = |g: &Graph, e, direction| {
        g.relations_of(e, direction)
            .map(|r| (r.index, r.from, r.to, r.relation.clone()))
            .collect::<Vec<_>>()
    };
    for i in (0..a.entity_count()).rev() {
        let e = dealgraph::graph::EntityIx::new(i);
        assert_eq!(a.entity(e), b.entity(e), "{what}: entity {i}");
        assert_eq!(
            b.by_id(&a.entity(e).id),
            Some(e),
            "{what}: id of entity {i}"
        );
        for direction in [Outgoing, Incoming] {
            assert_eq!(
                rows(a, e, direction),
                rows(b, e, direction),
                "{what}: row {i}"
            );
        }
    }
    for i in (0..a.relation_count()).rev() {
        let r = dealgraph::graph::RelationIx::new(i);
        let one = |g: &Graph| g.relation(r).map(|r| (r.from, r.to, r.relation.clone()));
        assert_eq!(one(a), one(b), "{what}: relation {i}");
    }
    let past = dealgraph::graph::RelationIx::new(a.relation_count());
    assert!(
        b.relation(past).is_none(),
        "{what}: a relation past the end"
    );
    assert_eq!(a.name_places(), b.name_places(), "{what}: name order");
    assert!(b.damage().is_none(), "{what}: read as damaged");
}

/// Asserts that the graph of a fresh load, which is packed in memory as a snapshot is,
/// answers as the graph built record by record (added to an empty graph) does, and that its
/// snapshot, written from the packed records, is the same bytes.
fn assert_packed_as_built(inputs: &[Input], origin: &Origin, what: &str) {
    let (packed, _) = load::load(inputs).expect("the data loads");
    let mut built = Graph::new();
    load::extend(&mut built, inputs).expect("the data loads");
    assert!(packed.packed_records().is_some(), "{what}: packed");
    assert!(built.packed_records().is_none(), "{what}: built");
    assert_same_one_at_a_time(&built, &packed, what);
    assert!(packed.packed_records().is_some(), "{what}: still packed");
    let encoded = |g: &Graph| snapshot::encode(g, origin).expect("the graph encodes").0;
    assert_eq!(encoded(&packed), encoded(&built), "{what}: snapshot");
    assert_same(&built, &packed, what);
}

/// Loads `inputs` from their files, writes a snapshot, reads it back, and compares.
fn round_trip(inputs: &[Input], what: &str) {
    let (graph, _) = load::load(inputs).expect("the data loads");
    let origin = Origin {
        bundled: inputs.contains(&Input::Bundled),
        paths: inputs
            .iter()
            .filter_map(|i| match i {
                Input::Path(p) => Some(p.clone()),
                Input::Bundled => None,
            })
            .collect(),
        mapping: None,
    };
    assert_packed_as_built(inputs, &origin, what);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("world.dgx");
    write(&graph, &origin, &path);
    let (restored, read_origin) = snapshot::restore(&path).expect("the snapshot reads back");
    assert_eq!(read_origin, origin);
    assert_same_one_at_a_time(&graph, &restored, what);
    let (restored, _) = snapshot::restore(&path).expect("the snapshot reads back");
    assert_same(&graph, &restored, what);
    // Loading it as data does the same, and a second snapshot of it is the same bytes.
    let (loaded, _) = load::load(&[Input::Path(path.clone())]).expect("it loads as data");
    assert_same(&graph, &loaded, what);
    let again = snapshot::encode(&loaded, &origin).expect("it encodes").0;
    assert_eq!(
        again,
        std::fs::read(&path).unwrap(),
        "{what}: written twice"
    );
}

#[test]
fn the_bundled_data_reads_back_from_a_snapshot_as_it_was() {
    round_trip(&[Input::Bundled], "bundled");
}

#[test]
fn every_optional_field_reads_back_from_a_snapshot() {
    let (_dir, path) = temp_file("every-field.json", EVERY_FIELD);
    round_trip(&[Input::Bundled, Input::Path(path.clone())], "every field");
    round_trip(&[Input::Path(path)], "every field alone");
}

#[test]
fn the_real_samples_read_back_from_a_snapshot_as_they_were() {
    let shared = require_shared!();
    let real = shared.join("data/real");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&real)
        .expect("the samples folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension()
                .is_some_and(|x| x == "json" || x == "ijson" || x == "jsonl")
        })
        .collect();
    files.sort();
    assert!(files.len() >= 5, "the real samples: {files:?}");
    for file in &files {
        round_trip(&[Input::Path(file.clone())], &file.display().to_string());
    }
    // All of them together, merged on top of the bundled data.
    let mut inputs = vec![Input::Bundled];
    inputs.extend(files.iter().cloned().map(Input::Path));
    round_trip(&inputs, "every sample");
}

/// Runs `index` in `dir` on the data file `data.json` there, without the bundled data.
fn index_in(dir: &Path, extra: &[&str]) -> String {
    let mut args = vec!["--no-default-data", "index", "data.json"];
    args.extend(extra);
    args.extend(["-o", "world.dgx"]);
    let out = dealgraph()
        .current_dir(dir)
        .args(&args)
        .output()
        .expect("the binary runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn failure_in(dir: &Path, args: &[&str]) -> String {
    let out = dealgraph()
        .current_dir(dir)
        .args(args)
        .output()
        .expect("the binary runs");
    assert_eq!(out.status.code(), Some(1), "{args:?} should fail");
    assert!(out.stdout.is_empty(), "{args:?} printed an answer");
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn index_then_data_answers_as_the_json_does() {
    let (dir, _) = temp_file("data.json", EVERY_FIELD);
    let said = index_in(dir.path(), &[]);
    assert!(
        said.contains("wrote a snapshot (3 entities, 3 relations, 1 source;"),
        "{said}"
    );
    for args in [
        vec!["show", "acme"],
        vec!["path", "Test Fund", "MoT"],
        vec!["stats"],
        vec!["export", "json"],
        vec!["neighbours", "acme"],
    ] {
        let run = |data: &str| {
            let mut all = vec!["--no-default-data", "--data", data];
            all.extend(&args);
            let out = dealgraph()
                .current_dir(dir.path())
                .args(&all)
                .output()
                .unwrap();
            assert!(out.status.success(), "{all:?}");
            out.stdout
        };
        assert_eq!(run("world.dgx"), run("data.json"), "{args:?}");
    }
    // The snapshot stands in for the bundled data: it holds what it was made with.
    let with_default = dealgraph()
        .current_dir(dir.path())
        .args(["--data", "world.dgx", "stats", "--json"])
        .output()
        .unwrap();
    let stats: serde_json::Value = serde_json::from_slice(&with_default.stdout).unwrap();
    assert_eq!(stats["entities"], 3, "{stats}");
}

#[test]
fn load_at_the_prompt_reads_a_snapshot_alone_or_on_top_of_other_data() {
    let (dir, _) = temp_file("data.json", EVERY_FIELD);
    index_in(dir.path(), &[]);
    let script = |defaults: bool| {
        let mut cmd = dealgraph();
        cmd.current_dir(dir.path());
        if !defaults {
            cmd.arg("--no-default-data");
        }
        let out = cmd
            .write_stdin("load world.dgx\nshow MoT\nstats --json\n")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let alone = script(false);
    assert!(alone.contains("graph: 3 entities, 3 relations"), "{alone}");
    let on_top = script(true);
    assert!(on_top.contains("Ministry of Tests"), "{on_top}");
    let bundled = common::bundled();
    assert!(
        on_top.contains(&format!(
            "graph: {} entities, {} relations",
            bundled.entity_count() + 3,
            bundled.relation_count() + 3
        )),
        "{on_top}"
    );
}

#[test]
fn a_snapshot_older_than_its_data_is_refused_with_the_command_that_makes_it_again() {
    let (dir, data) = temp_file("data.json", EVERY_FIELD);
    index_in(dir.path(), &[]);
    // The data file changed after the snapshot was made.
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(&data, EVERY_FIELD.replace("a test company", "a test firm")).unwrap();
    let err = failure_in(dir.path(), &["--data", "world.dgx", "stats"]);
    assert!(
        err.contains("world.dgx: the snapshot is out of date"),
        "{err}"
    );
    assert!(err.contains("data.json changed after it was made"), "{err}");
    assert!(
        err.contains("dealgraph --no-default-data index ")
            && err.contains("data.json -o world.dgx"),
        "{err}"
    );
    // Made again, it reads; then with its data gone, it is refused again.
    index_in(dir.path(), &[]);
    stdout_of(&["--data", arg(&dir.path().join("world.dgx")), "stats"]);
    std::fs::remove_file(&data).unwrap();
    let err = failure_in(dir.path(), &["--data", "world.dgx", "stats"]);
    assert!(err.contains("data.json is gone"), "{err}");
}

#[test]
fn a_snapshot_of_a_folder_is_refused_once_a_data_file_is_added_to_it() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("data");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("a.json"), EVERY_FIELD).unwrap();
    let out = dealgraph()
        .current_dir(dir.path())
        .args(["--no-default-data", "index", "data", "-o", "world.dgx"])
        .output()
        .unwrap();
    assert!(out.status.success());
    stdout_of(&["--data", arg(&dir.path().join("world.dgx")), "stats"]);
    std::fs::write(
        folder.join("b.json"),
        r#"{"entities": [{"id": "b", "name": "B", "kind": "person"}]}"#,
    )
    .unwrap();
    let err = failure_in(dir.path(), &["--data", "world.dgx", "stats"]);
    assert!(err.contains("out of date: the data files in"), "{err}");
}

/// Writes the bundled data's snapshot in a fresh folder.
fn bundled_snapshot() -> (tempfile::TempDir, PathBuf, Vec<u8>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("world.dgx");
    let out = dealgraph()
        .args(["index", "-o", arg(&path)])
        .output()
        .unwrap();
    assert!(out.status.success());
    let bytes = std::fs::read(&path).unwrap();
    (dir, path, bytes)
}

#[test]
fn every_question_on_the_bundled_snapshot_answers_as_the_bundled_data_does() {
    // A snapshot's entities and relations are read from its bytes as each query reaches them:
    // every command that walks the graph answers as it does on the graph loaded whole.
    let (_dir, path, _) = bundled_snapshot();
    let vision_fund = "SoftBank Vision Fund";
    let police = "Chongqing police";
    let questions: [&[&str]; 24] = [
        &["show", "SenseTime"],
        &["show", "SenseTime", "--json"],
        &["find", "sense"],
        &["path", vision_fund, police],
        &["path", vision_fund, police, "--k", "3"],
        &["path", vision_fund, police, "--json"],
        &["neighbours", "SenseTime", "--depth", "2"],
        &["neighbours", "Megvii", "--depth", "3", "--json"],
        &["investors", "SenseTime"],
        &["investors", "SenseTime", "--rollup"],
        &["portfolio", vision_fund],
        &["portfolio", "SoftBank", "--rollup"],
        &["overlap", "SenseTime", "Megvii"],
        &["overlap", "--all", "--top", "5"],
        &["coinvestors", "Alibaba"],
        &["exposure", vision_fund],
        &["exposure", "--all"],
        &["flows", "SenseTime"],
        &["owners", "SenseTime"],
        &["subsidiaries", "Alibaba"],
        &["ubo", "SenseTime"],
        &["stats"],
        &["export", "dot", "--focus", "SenseTime"],
        &["export", "json"],
    ];
    for question in questions {
        let ask = |data: &[&str]| {
            let out = dealgraph()
                .args(data)
                .args(question)
                .output()
                .expect("the binary runs");
            assert!(
                out.status.success(),
                "{data:?} {question:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            out.stdout
        };
        let whole = ask(&[]);
        assert!(!whole.is_empty(), "{question:?} answered nothing");
        assert_eq!(
            String::from_utf8_lossy(&ask(&["--data", arg(&path)])),
            String::from_utf8_lossy(&whole),
            "{question:?}"
        );
    }
}

#[test]
fn a_snapshot_of_another_version_is_refused() {
    let (_dir, path, mut bytes) = bundled_snapshot();
    // The format version follows the eight bytes of the magic.
    bytes[8..12].copy_from_slice(&999u32.to_le_bytes());
    std::fs::write(&path, &bytes).unwrap();
    let err = failure_of(&["--data", arg(&path), "stats"]);
    assert!(err.contains("(snapshot format 999)"), "{err}");
    assert!(err.contains("make it again"), "{err}");
}

#[test]
fn a_damaged_snapshot_is_refused_wherever_a_byte_changed() {
    let (_dir, path, bytes) = bundled_snapshot();
    // Every byte after the version, one at a time would be slow: a spread of them.
    let version_end = 12 + 8 + env!("CARGO_PKG_VERSION").len();
    let step = (bytes.len() / 97).max(1);
    for at in (version_end..bytes.len())
        .step_by(step)
        .chain([bytes.len() - 1])
    {
        let mut changed = bytes.clone();
        changed[at] ^= 0x20;
        std::fs::write(&path, &changed).unwrap();
        let err = failure_of(&["--data", arg(&path), "stats"]);
        assert!(
            err.contains("the snapshot is damaged") && err.contains("dealgraph index"),
            "byte {at}: {err}"
        );
    }
}

/// The snapshot `bytes` with its header's counts of entities and relations replaced, and its
/// checksum made again to match: what a faulty or hostile writer could make.
fn with_header_counts(bytes: &[u8], entities: u64, relations: u64) -> Vec<u8> {
    let u64_at = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap()) as usize;
    // The magic (8 bytes), the format (4), the version (its length, 8, then its bytes), then
    // the header: its length (8) and its JSON.
    let header_at = 12 + 8 + u64_at(12);
    let body_at = header_at + 8 + u64_at(header_at);
    let mut header: serde_json::Value =
        serde_json::from_slice(&bytes[header_at + 8..body_at]).unwrap();
    header["entities"] = entities.into();
    header["relations"] = relations.into();
    let header = serde_json::to_vec(&header).unwrap();
    let mut out = bytes[..header_at].to_vec();
    out.extend_from_slice(&(header.len() as u64).to_le_bytes());
    out.extend_from_slice(&header);
    out.extend_from_slice(&bytes[body_at..bytes.len() - 4]);
    let sum = crc32fast::hash(&out);
    out.extend_from_slice(&sum.to_le_bytes());
    out
}

#[test]
fn a_snapshot_whose_header_claims_four_billion_entities_and_relations_is_refused() {
    let (_dir, path, bytes) = bundled_snapshot();
    // The header rewritten with the counts it already has reads back: the rewriting is sound.
    let graph = dealgraph::load::load(&[Input::Bundled]).unwrap().0;
    let (n, m) = (graph.entity_count() as u64, graph.relation_count() as u64);
    std::fs::write(&path, with_header_counts(&bytes, n, m)).unwrap();
    stdout_of(&["--data", arg(&path), "stats"]);
    // Before, a header that claimed four billion of each was not checked against the body.
    let four_billion = 4_000_000_000;
    for (entities, relations) in [(four_billion, four_billion), (n, four_billion), (n + 1, m)] {
        std::fs::write(&path, with_header_counts(&bytes, entities, relations)).unwrap();
        for args in [
            vec!["--data", arg(&path), "stats"],
            vec!["--data", arg(&path), "--data", arg(&path), "stats"],
        ] {
            let err = failure_of(&args);
            assert!(
                err.contains("the snapshot does not hold what it says")
                    && err.contains("dealgraph index"),
                "{entities} entities, {relations} relations: {err}"
            );
        }
    }
}

#[test]
fn a_forged_snapshot_whose_checksum_holds_fails_the_command_that_reads_a_bad_record() {
    // Records are read one at a time, when a query asks for them; one that the checksum
    // vouches for but that `index` could not have written (here an entity's details that are
    // not JSON) makes the command that meets it fail, never answer with part of it.
    let (_dir, path, mut bytes) = bundled_snapshot();
    let field = b"\"description\":";
    let at = bytes
        .windows(field.len())
        .position(|w| w == field)
        .expect("an entity with a description");
    bytes[at] = b'!';
    let body = bytes.len() - 4;
    let sum = crc32fast::hash(&bytes[..body]);
    bytes[body..].copy_from_slice(&sum.to_le_bytes());
    std::fs::write(&path, &bytes).unwrap();
    // Which entity it is does not matter: `stats` reads them all.
    let err = failure_of(&["--data", arg(&path), "stats"]);
    assert!(
        err.contains("does not hold what it says") && err.contains("dealgraph index"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn a_snapshot_claiming_billions_of_records_is_refused_without_reading_them() {
    // The counts of the parts are checked against the bytes there are before anything is
    // made of that size.
    let (_dir, path, bytes) = bundled_snapshot();
    let body = bytes.len() - 4;
    let mut forged = 0;
    for at in 20..body.saturating_sub(8) {
        let count = u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap());
        if count == 0 || count > 1_000_000 {
            continue;
        }
        let mut changed = bytes.clone();
        changed[at..at + 8].copy_from_slice(&(u32::MAX as u64).to_le_bytes());
        let sum = crc32fast::hash(&changed[..body]);
        changed[body..].copy_from_slice(&sum.to_le_bytes());
        std::fs::write(&path, &changed).unwrap();
        let out = dealgraph()
            .args(["--data", arg(&path), "show", "SenseTime"])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.code().is_some(),
            "{at}: ended by a signal: {err}"
        );
        assert!(
            !err.contains("panicked") && !err.contains("memory"),
            "{at}: {err}"
        );
        forged += 1;
        if forged == 40 {
            break;
        }
    }
    assert_eq!(forged, 40);
}

#[test]
fn a_snapshot_cut_short_is_refused() {
    let (_dir, path, bytes) = bundled_snapshot();
    for keep in [bytes.len() - 1, bytes.len() / 2, 30, 12, 9] {
        std::fs::write(&path, &bytes[..keep]).unwrap();
        let err = failure_of(&["--data", arg(&path), "stats"]);
        assert!(
            err.contains("the snapshot is damaged") || err.contains("made by dealgraph"),
            "{keep} bytes: {err}"
        );
    }
}

#[test]
fn a_file_named_dgx_that_is_no_snapshot_is_read_by_its_content() {
    let (dir, path) = temp_file("data.dgx", EVERY_FIELD);
    let out = stdout_of(&["--no-default-data", "--data", arg(&path), "show", "acme"]);
    assert!(out.contains("Acme Holding"), "{out}");
    std::fs::write(&path, "not a snapshot\n").unwrap();
    let err = failure_of(&["--data", arg(&path), "stats"]);
    assert!(err.contains("data.dgx:1:"), "{err}");
    drop(dir);
}

#[test]
fn index_writes_atomically_and_leaves_the_old_snapshot_when_it_fails() {
    let (dir, _) = temp_file("data.json", EVERY_FIELD);
    index_in(dir.path(), &[]);
    let before = std::fs::read(dir.path().join("world.dgx")).unwrap();
    // Bad data added: nothing is written, the old snapshot stays whole.
    std::fs::write(dir.path().join("bad.json"), "{\"entities\": [{\"id\": 1}]}").unwrap();
    let err = failure_in(
        dir.path(),
        &[
            "--no-default-data",
            "index",
            "data.json",
            "bad.json",
            "-o",
            "world.dgx",
        ],
    );
    assert!(err.contains("bad.json:1:"), "{err}");
    assert_eq!(std::fs::read(dir.path().join("world.dgx")).unwrap(), before);
    // A folder that does not exist is said so.
    let err = failure_in(
        dir.path(),
        &[
            "--no-default-data",
            "index",
            "data.json",
            "-o",
            "nowhere/world.dgx",
        ],
    );
    assert!(err.contains("does not exist"), "{err}");
    // No temporary file is left behind.
    let left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn index_answers_with_one_json_document() {
    let (dir, _) = temp_file("data.json", EVERY_FIELD);
    let out = dealgraph()
        .current_dir(dir.path())
        .args([
            "--no-default-data",
            "--json",
            "index",
            "data.json",
            "-o",
            "world.dgx",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one document");
    assert_eq!(doc["entities"], 3);
    assert_eq!(doc["relations"], 3);
    assert_eq!(doc["file"], "world.dgx");
    assert_eq!(
        doc["bytes"].as_u64(),
        Some(
            std::fs::metadata(dir.path().join("world.dgx"))
                .unwrap()
                .len()
        )
    );
}

/// A test-only FollowTheMoney mapping of a table of companies, `companies.csv` beside it.
const MAPPING: &str = "companies:
  queries:
    - csv_url: companies.csv
      entities:
        company:
          schema: Company
          keys: [name]
          properties:
            name:
              column: name
";

#[test]
fn a_snapshot_of_a_mapping_is_refused_once_the_csv_table_it_reads_changed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("mapping.yml"), MAPPING).unwrap();
    let table = dir.path().join("companies.csv");
    std::fs::write(&table, "name\nTest Co One\n").unwrap();
    let out = dealgraph()
        .current_dir(dir.path())
        .args([
            "--no-default-data",
            "index",
            "mapping.yml",
            "-o",
            "world.dgx",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let world = dir.path().join("world.dgx");
    let stats = stdout_of(&["--data", arg(&world), "stats"]);
    assert!(stats.starts_with("1 entity"), "{stats}");
    // The next edition of the table: one more row, the mapping untouched.
    std::fs::write(&table, "name\nTest Co One\nTest Co Two\n").unwrap();
    let err = failure_in(dir.path(), &["--data", "world.dgx", "stats"]);
    assert!(err.contains("the snapshot is out of date"), "{err}");
    assert!(
        err.contains("companies.csv changed after it was made"),
        "{err}"
    );
    assert!(
        err.contains("dealgraph --no-default-data index mapping.yml -o world.dgx"),
        "{err}"
    );
}

#[test]
fn a_snapshot_of_a_table_read_through_mapping_records_the_mapping_and_the_table() {
    let dir = tempfile::tempdir().unwrap();
    let mapping = dir.path().join("mapping.yml");
    std::fs::write(&mapping, MAPPING).unwrap();
    let table = dir.path().join("edition-2.csv");
    std::fs::write(&table, "name\nTest Co One\nTest Co Two\n").unwrap();
    let index = || {
        dealgraph()
            .current_dir(dir.path())
            .args(["--no-default-data", "--mapping", "mapping.yml"])
            .args(["--data", "edition-2.csv", "index", "-o", "world.dgx"])
            .output()
            .unwrap()
    };
    let out = index();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let world = dir.path().join("world.dgx");
    let stats = stdout_of(&["--data", arg(&world), "stats"]);
    assert!(stats.starts_with("2 entities"), "{stats}");
    // The mapping changed: the snapshot says so, and how to make it again with the mapping.
    std::fs::write(&mapping, MAPPING.replace("companies:", "companies_2:")).unwrap();
    let err = failure_in(dir.path(), &["--data", "world.dgx", "stats"]);
    assert!(
        err.contains("mapping.yml changed after it was made"),
        "{err}"
    );
    assert!(
        err.contains(
            "dealgraph --no-default-data --mapping mapping.yml --data edition-2.csv index -o world.dgx"
        ),
        "{err}"
    );
    // Made again, it reads; a changed table makes it stale too.
    assert!(index().status.success());
    stdout_of(&["--data", arg(&world), "stats"]);
    std::fs::write(&table, "name\nTest Co One\n").unwrap();
    let err = failure_in(dir.path(), &["--data", "world.dgx", "stats"]);
    assert!(
        err.contains("edition-2.csv changed after it was made"),
        "{err}"
    );
}

#[test]
fn stats_counts_a_packed_graph_as_the_built_one_without_building_it() {
    use dealgraph::filter::{Filter, Listed};
    use dealgraph::model::Status;
    let (_dir, path) = temp_file("every-field.json", EVERY_FIELD);
    let inputs = [Input::Bundled, Input::Path(path)];
    let (packed, _) = load::load(&inputs).expect("the data loads");
    let mut built = Graph::new();
    load::extend(&mut built, &inputs).expect("the data loads");
    let filters = [
        Filter::default(),
        Filter {
            statuses: [Status::Confirmed].into(),
            ..Filter::default()
        },
        Filter {
            as_of: Some("2018-06".parse().unwrap()),
            ..Filter::default()
        },
        Filter {
            listed: Some(Listed::Any),
            ..Filter::default()
        },
        Filter {
            listed: Some(Listed::By("commerce".into())),
            as_of: Some("2020".parse().unwrap()),
            ..Filter::default()
        },
    ];
    for filter in &filters {
        let counted = |g: &Graph| {
            serde_json::to_value(dealgraph::query::stats::stats(g, filter, 10)).unwrap()
        };
        assert_eq!(counted(&packed), counted(&built), "{filter:?}");
    }
    assert!(
        packed.packed_records().is_some(),
        "stats built the packed graph"
    );
}
