//! Open data in: every real file of `../shared/data/real/` loads with the counts its source
//! states (SOURCES.txt, checked with python3 on the same bytes), joins the graph, converts to
//! the native format and back, and fails with a located error, loading nothing, when it is
//! malformed or cut short. The FtM schema table is checked against FollowTheMoney's YAML.

mod common;

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use common::{dealgraph, stdout_of, temp_file};
use dealgraph::Graph;
use dealgraph::load::{self, Input};
use dealgraph::model::{EntityKind, RelationType};
use serde_json::Value;

const FTM: &str = "ftm_de_party_donations.ijson";
const BODS: &str = "bods_0.4_fi_soe_gasgrid.json";
const OCDS: &str = "ocds_1.1_mx_record_package.json";
const GLEIF_L2: &str = "gleif_api_l2_microsoft_direct_child_relationships.json";
const GLEIF_L1_CHILDREN: &str = "gleif_api_l1_microsoft_direct_children.json";
const GLEIF_L1_PARENT: &str = "gleif_api_l1_microsoft_parent.json";

fn real(shared: &Path, name: &str) -> PathBuf {
    shared.join("data/real").join(name)
}

fn arg(path: &Path) -> &str {
    path.to_str().expect("paths are UTF-8")
}

/// `stats --json` of the data files alone.
fn stats(paths: &[&Path]) -> Value {
    let mut args = vec!["--no-default-data"];
    for path in paths {
        args.extend(["--data", arg(path)]);
    }
    args.push("stats");
    common::json_of(&args)
}

fn counts(value: &Value) -> BTreeMap<String, u64> {
    value
        .as_object()
        .expect("an object of counts")
        .iter()
        .map(|(k, v)| (k.clone(), v.as_u64().unwrap()))
        .collect()
}

fn map(pairs: &[(&str, u64)]) -> BTreeMap<String, u64> {
    pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
}

fn graph_of(paths: &[PathBuf]) -> Graph {
    let inputs: Vec<Input> = paths.iter().cloned().map(Input::Path).collect();
    load::load(&inputs).expect("the files load").0
}

#[test]
fn the_party_donations_load_as_parties_and_donors_paying_them() {
    let shared = require_shared!();
    let file = real(&shared, FTM);
    // The issue's own command: with the bundled data, the parties and donors are entities
    // and the payments relations.
    let output = dealgraph()
        .args(["-v", "--data", arg(&file), "stats"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.starts_with("132 entities, 320 relations, 2 sources"),
        "{text}"
    );
    assert!(text.contains("  pays               290"), "{text}");
    assert!(text.contains("  person            22"), "{text}");
    assert!(
        text.contains("  CDU      "),
        "the party most paid is listed: {text}"
    );
    // SOURCES.txt: Payment 290, Company 56, Person 22, Organization 17 (11 of them the
    // parties paid); the 89 addresses become attributes of the entities that name them.
    let alone = stats(&[&file]);
    assert_eq!(alone["entities"], 95);
    assert_eq!(
        counts(&alone["kinds"]),
        map(&[("company", 56), ("organization", 17), ("person", 22)])
    );
    assert_eq!(counts(&alone["types"]), map(&[("pays", 290)]));
    let report = String::from_utf8(output.stderr).unwrap();
    assert!(
        report.contains("(FollowTheMoney): 95 entities, 290 relations, 1 source"),
        "{report}"
    );
    assert!(
        report.contains("89 Address records kept as attributes of entities"),
        "{report}"
    );
}

#[test]
fn each_real_file_loads_with_the_counts_its_source_states() {
    let shared = require_shared!();
    // (file, entities by kind, relations by type), from SOURCES.txt and python3 on the files.
    type Counts = &'static [(&'static str, u64)];
    let expected: &[(&str, Counts, Counts)] = &[
        // 4 entity statements: 2 registeredEntity, 1 stateBody, 1 state; 5 relationships, 4
        // of shareholding and one of otherInfluenceOrControl (the state over its ministry).
        (
            BODS,
            &[("company", 2), ("government", 2)],
            &[("owns", 4), ("controls", 1)],
        ),
        // 6 parties: buyer 2, procuringEntity 2, tenderer+supplier 2; 3 awards.
        (
            OCDS,
            &[("company", 2), ("government", 4)],
            &[("contracts_with", 3)],
        ),
        // 12 relationships between 13 LEIs (12 children, Microsoft Corporation).
        (GLEIF_L2, &[("company", 13)], &[("owns", 12)]),
        (GLEIF_L1_CHILDREN, &[("company", 12)], &[]),
        (GLEIF_L1_PARENT, &[("company", 1)], &[]),
    ];
    for (name, kinds, types) in expected {
        let value = stats(&[&real(&shared, name)]);
        assert_eq!(counts(&value["kinds"]), map(kinds), "{name}");
        assert_eq!(counts(&value["types"]), map(types), "{name}");
    }
}

#[test]
fn gleif_relationships_take_their_names_from_level_1_records_in_the_same_load() {
    let shared = require_shared!();
    let l2 = real(&shared, GLEIF_L2);
    let children = real(&shared, GLEIF_L1_CHILDREN);
    let parent = real(&shared, GLEIF_L1_PARENT);
    // Alone, a relationship names its companies by LEI.
    let alone = graph_of(std::slice::from_ref(&l2));
    assert!(alone.lookup("INR2EJN1ERAN0W5ZP974").is_ok());
    // With the Level 1 records, before or after, the same 13 companies carry their names.
    for order in [
        vec![l2.clone(), children.clone(), parent.clone()],
        vec![parent.clone(), children.clone(), l2.clone()],
    ] {
        let graph = graph_of(&order);
        assert_eq!(graph.entity_count(), 13);
        let microsoft = graph.lookup("MICROSOFT CORPORATION").unwrap();
        let children: Vec<&str> = graph
            .relations_of(microsoft, petgraph::Direction::Outgoing)
            .filter(|r| r.relation.kind == RelationType::Owns)
            .map(|r| graph.entity(r.to).name.as_str())
            .collect();
        assert_eq!(children.len(), 12);
        assert!(children.contains(&"GITHUB INC"), "{children:?}");
        assert!(children.contains(&"微软(中国)有限公司"), "{children:?}");
        assert_eq!(
            graph.entity(microsoft).details().identifiers["lei"],
            "INR2EJN1ERAN0W5ZP974"
        );
    }
    // A folder is one load too.
    let value = stats(&[&shared.join("data/real")]);
    assert_eq!(counts(&value["types"])["owns"], 12 + 4);
    assert_eq!(counts(&value["types"])["controls"], 1);
}

#[test]
fn two_donors_are_connected_through_the_party_they_funded() {
    let shared = require_shared!();
    let doc = common::json_of(&[
        "--no-default-data",
        "--data",
        arg(&real(&shared, FTM)),
        "path",
        "Herr Stefan Quandt",
        "Deutsche Bank AG",
    ]);
    let path = &doc["paths"][0];
    let entities = path["entities"]
        .as_array()
        .expect("the donors are connected");
    let names: Vec<&str> = entities
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Herr Stefan Quandt", "CDU", "Deutsche Bank AG"]);
    assert_eq!(entities[1]["kind"], "organization");
    for hop in path["hops"].as_array().unwrap() {
        let paid = hop["relations"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["type"] == "pays" && r["to"] == entities[1]["id"]);
        assert!(paid, "each hop is a payment to the party");
    }
}

#[test]
fn two_donors_share_the_parties_they_both_paid() {
    let shared = require_shared!();
    let graph = graph_of(&[real(&shared, FTM)]);
    let paid = |name: &str| -> HashSet<String> {
        let ix = graph.lookup(name).unwrap();
        graph
            .relations_of(ix, petgraph::Direction::Outgoing)
            .filter(|r| r.relation.kind == RelationType::Pays)
            .map(|r| graph.entity(r.to).name.clone())
            .collect()
    };
    let allianz = paid("Allianz SE");
    let bank = paid("Deutsche Bank AG");
    let mut shared_parties: Vec<&String> = allianz.intersection(&bank).collect();
    shared_parties.sort();
    assert_eq!(shared_parties, ["CDU", "FDP", "SPD"]);
}

#[test]
fn bods_ownership_carries_stakes_interests_and_state_ownership() {
    let shared = require_shared!();
    let graph = graph_of(&[real(&shared, BODS)]);
    let gasgrid = graph.lookup("Gasgrid Finland Oy").unwrap();
    assert!(
        graph.entity(gasgrid).details().state_owned,
        "its owners are the state's"
    );
    let ministry = graph.lookup("Finansministeriet").unwrap();
    assert_eq!(graph.entity(ministry).kind, EntityKind::Government);
    assert!(!graph.entity(ministry).details().state_owned);
    let mut stakes: Vec<(String, Option<f64>, Option<String>)> = graph
        .relations_of(gasgrid, petgraph::Direction::Incoming)
        .map(|r| {
            (
                graph.entity(r.from).name.clone(),
                r.relation.details().stake_pct,
                r.relation.details().role.clone(),
            )
        })
        .collect();
    stakes.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        stakes,
        [
            (
                "Suomen Kaasuverkko Oy".to_string(),
                Some(76.5),
                Some("shareholding (direct)".to_string())
            ),
            (
                "Suomen tasavalta".to_string(),
                Some(100.0),
                Some("shareholding (indirect)".to_string())
            ),
            (
                "Valtiovarainministerio".to_string(),
                Some(23.5),
                Some("shareholding (direct)".to_string())
            ),
        ]
    );
}

#[test]
fn bods_closed_and_replaced_records_are_left_out() {
    let statement = |id: &str, record: &str, status: &str, date: &str, name: &str| {
        format!(
            r#"{{"statementId": "{id}", "statementDate": "{date}", "recordId": "{record}", "recordStatus": "{status}", "recordType": "entity", "recordDetails": {{"entityType": {{"type": "registeredEntity"}}, "name": "{name}"}}}}"#
        )
    };
    let text = format!(
        "[{},\n{},\n{},\n{}]",
        statement("s1", "r1", "new", "2020-01-01", "Old Name Oy"),
        statement("s2", "r1", "updated", "2021-01-01", "New Name Oy"),
        statement("s3", "r2", "new", "2020-01-01", "Gone Oy"),
        statement("s4", "r2", "closed", "2022-01-01", "Gone Oy"),
    );
    let (_dir, path) = temp_file("statements.json", &text);
    let output = dealgraph()
        .args([
            "-v",
            "--no-default-data",
            "--data",
            arg(&path),
            "find",
            "oy",
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8(output.stdout).unwrap().trim_end(),
        "New Name Oy  company       new-name-oy"
    );
    let report = String::from_utf8(output.stderr).unwrap();
    assert!(
        report.contains("skipped 1: records closed by their latest statement"),
        "{report}"
    );
}

#[test]
fn ocds_awards_run_from_supplier_to_buyer_with_value_and_dates() {
    let shared = require_shared!();
    let out = stdout_of(&[
        "--no-default-data",
        "--data",
        arg(&real(&shared, OCDS)),
        "--json",
        "show",
        "Instituto Nacional de Antropología e Historia",
    ]);
    let card: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(card["entity"]["kind"], "government");
    let mut awards: Vec<(String, f64, String, String)> = card["relations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            assert_eq!(r["type"], "contracts_with");
            assert_eq!(
                r["to_name"],
                "Instituto Nacional de Antropología e Historia"
            );
            (
                r["from_name"].as_str().unwrap().to_string(),
                r["amount"]["value"].as_f64().unwrap(),
                r["amount"]["currency"].as_str().unwrap().to_string(),
                r["start"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    awards.sort_by(|a, b| a.3.cmp(&b.3));
    let supplier = "GLOBAL ASSURANCE BROKERS, AGENTE DE SEGUROS Y DE FIANZAS SA DE C";
    assert_eq!(
        awards,
        [
            (supplier.into(), 189654.0, "MXN".into(), "2016-02-01".into()),
            (supplier.into(), 37930.71, "MXN".into(), "2017-01-01".into()),
        ]
    );
}

#[test]
fn import_writes_a_dataset_that_validates_and_loads_to_the_same_graph() {
    let shared = require_shared!();
    let dir = tempfile::tempdir().unwrap();
    let schema_text =
        std::fs::read_to_string(common::root().join("graph-data/dealgraph.schema.json")).unwrap();
    let schema = jsonschema::validator_for(&serde_json::from_str(&schema_text).unwrap()).unwrap();
    for name in [FTM, BODS, OCDS, GLEIF_L2, GLEIF_L1_CHILDREN] {
        let file = real(&shared, name);
        let output = dir.path().join(format!("{name}.native.json"));
        let written = stdout_of(&["import", arg(&file), "-o", arg(&output)]);
        // Said as export says what it wrote.
        assert!(
            written.contains(&format!(") to {}\n", output.display())),
            "{written}"
        );
        let checked = stdout_of(&["validate", arg(&output)]);
        assert!(checked.ends_with("ok: no problems\n"), "{name}: {checked}");
        let written: Value =
            serde_json::from_str(&std::fs::read_to_string(&output).unwrap()).unwrap();
        let errors: Vec<String> = schema
            .iter_errors(&written)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(
            errors.is_empty(),
            "{name} against the JSON Schema: {errors:#?}"
        );
        let direct = stats(&[&file]);
        let again = stats(&[&output]);
        for key in [
            "entities",
            "relations",
            "kinds",
            "types",
            "statuses",
            "components",
        ] {
            assert_eq!(direct[key], again[key], "{name}: {key}");
        }
        // `export json` of the file alone loads back to the same graph too.
        let exported = dir.path().join(format!("{name}.export.json"));
        stdout_of(&[
            "--no-default-data",
            "--data",
            arg(&file),
            "export",
            "json",
            "-o",
            arg(&exported),
        ]);
        let from_export = stats(&[&exported]);
        for key in [
            "entities",
            "relations",
            "kinds",
            "types",
            "statuses",
            "components",
        ] {
            assert_eq!(
                direct[key], from_export[key],
                "{name} through export json: {key}"
            );
        }
        // And once more through the native writer: the same file comes out.
        let (_dir, copy) = temp_file("copy.json", &std::fs::read_to_string(&output).unwrap());
        let rewritten = dir.path().join("rewritten.json");
        stdout_of(&[
            "--no-default-data",
            "import",
            arg(&copy),
            "-o",
            arg(&rewritten),
        ]);
        let first: Value =
            serde_json::from_str(&std::fs::read_to_string(&output).unwrap()).unwrap();
        let second: Value =
            serde_json::from_str(&std::fs::read_to_string(&rewritten).unwrap()).unwrap();
        assert_eq!(first["entities"], second["entities"], "{name}");
        assert_eq!(first["relations"], second["relations"], "{name}");
    }
}

#[test]
fn the_bundled_world_exported_as_ftm_loads_back_as_ftm() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("world.ftm.json");
    stdout_of(&["export", "ftm", "-o", arg(&file)]);
    let output = dealgraph()
        .args([
            "-v",
            "--no-default-data",
            "--json",
            "--data",
            arg(&file),
            "stats",
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    let value: Value = serde_json::from_slice(&output.stdout).unwrap();
    // Products have no FtM schema of their own (the export writes them as assets), so they
    // and their links are reported as skipped; every status comes back.
    assert_eq!(value["entities"], 37 - 6);
    assert_eq!(
        counts(&value["statuses"]),
        map(&[
            ("confirmed", 18),
            ("ended", 1),
            ("expected", 2),
            ("reported", 1)
        ])
    );
    let report = String::from_utf8(output.stderr).unwrap();
    assert!(
        report.contains("skipped 6: Asset records linked to no imported entity"),
        "{report}"
    );
}

#[test]
fn import_without_an_output_writes_the_dataset_to_standard_output() {
    let shared = require_shared!();
    let output = dealgraph()
        .args(["import", arg(&real(&shared, BODS))])
        .output()
        .unwrap();
    assert!(output.status.success());
    let dataset: Value = serde_json::from_slice(&output.stdout).expect("one JSON document");
    assert_eq!(dataset["entities"].as_array().unwrap().len(), 4);
    assert_eq!(dataset["relations"].as_array().unwrap().len(), 5);
    assert!(
        String::from_utf8(output.stderr)
            .unwrap()
            .contains("(BODS 0.4)")
    );
}

/// The first half of a file, cut inside a record.
fn truncated(text: &str) -> String {
    let mut cut = text.len() / 2;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    text[..cut].to_string()
}

#[test]
fn truncated_and_malformed_files_of_each_format_give_a_located_error_and_load_nothing() {
    let shared = require_shared!();
    for name in [FTM, BODS, OCDS, GLEIF_L2, GLEIF_L1_PARENT] {
        let text = std::fs::read_to_string(real(&shared, name)).unwrap();
        // Cut short; and with a comma before a value, two thirds of the way in.
        let mut from = text.len() * 2 / 3;
        while !text.is_char_boundary(from) {
            from -= 1;
        }
        let at = text[from..].find(':').unwrap() + from + 1;
        let malformed = format!("{},{}", &text[..at], &text[at..]);
        for (what, bad) in [("truncated", truncated(&text)), ("malformed", malformed)] {
            let (_dir, path) = temp_file(name, &bad);
            let output = dealgraph()
                .args(["-v", "--data", arg(&path), "stats"])
                .output()
                .unwrap();
            assert!(!output.status.success(), "{what} {name} loads");
            assert!(output.stdout.is_empty(), "{what} {name}");
            let error = String::from_utf8(output.stderr).unwrap();
            let located = regex_like_location(&error, &path.display().to_string());
            assert!(located, "{what} {name}: no file:line:column in {error}");
            assert!(
                error.contains("nothing was loaded"),
                "{what} {name}: {error}"
            );
            // Beside a good file, nothing of either joins the graph.
            let mut graph = Graph::new();
            let good = real(&shared, BODS);
            let result = load::extend(&mut graph, &[Input::Path(good), Input::Path(path.clone())]);
            assert!(result.is_err(), "{what} {name}");
            assert_eq!(graph.entity_count(), 0, "{what} {name}: half loaded");
        }
    }
}

/// Whether `error` names `file:LINE:COLUMN:`.
fn regex_like_location(error: &str, file: &str) -> bool {
    error.lines().any(|line| {
        let line = line.strip_prefix("error: ").unwrap_or(line);
        let Some(rest) = line.strip_prefix(file).and_then(|r| r.strip_prefix(':')) else {
            return false;
        };
        let mut parts = rest.splitn(3, ':');
        let numbers = [parts.next(), parts.next()];
        numbers
            .iter()
            .all(|n| n.is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())))
    })
}

#[test]
fn a_bad_line_of_json_lines_is_reported_at_its_line() {
    let lines = [
        r#"{"id": "a", "schema": "Company", "properties": {"name": ["Acme"]}}"#,
        r#"{"id": "b", "schema": "Company", "properties": {"name": ["Beta"]}}"#,
        r#"{"id": "c", "properties": {"name": ["No Schema"]}}"#,
        r#"{"id": "d", "schema": "Company", "properties": {"name": ["Delta"]"#,
    ];
    let (_dir, path) = temp_file("entities.ijson", &lines.join("\n"));
    let output = dealgraph()
        .args(["-v", "--data", arg(&path), "stats"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let error = String::from_utf8(output.stderr).unwrap();
    let file = path.display().to_string();
    assert!(
        error.contains(&format!(
            "{file}:3:1: FtM entity \"c\" has no \"schema\"; add one such as \"Company\""
        )),
        "{error}"
    );
    assert!(
        error.contains(&format!("{file}:4:"))
            && error.contains("the line ends before its record does"),
        "{error}"
    );
}

/// A small FtM file of our own: a company named like a bundled one, a person who owns it,
/// and a payment to an entity that is in no file.
fn own_ftm() -> (tempfile::TempDir, PathBuf) {
    let lines = [
        r#"{"id": "c1", "schema": "Company", "properties": {"name": ["SenseTime"], "country": ["cn"]}}"#,
        r#"{"id": "p1", "schema": "Person", "properties": {"name": ["Ann Example"]}}"#,
        r#"{"id": "o1", "schema": "Ownership", "properties": {"owner": ["p1"], "asset": ["c1"], "percentage": ["5"]}}"#,
        r#"{"id": "x1", "schema": "Payment", "properties": {"payer": ["p1"], "beneficiary": ["elsewhere"], "amount": ["10"], "currency": ["EUR"]}}"#,
        r#"{"id": "y1", "schema": "Spaceship", "properties": {"name": ["Enterprise"]}}"#,
    ];
    temp_file("own.ijson", &lines.join("\n"))
}

#[test]
fn an_imported_entity_named_like_a_known_one_joins_it() {
    let (_dir, path) = own_ftm();
    let output = dealgraph()
        .args(["-v", "--data", arg(&path), "show", "sensetime"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let card = String::from_utf8(output.stdout).unwrap();
    assert!(
        card.starts_with("SenseTime  company · CN · id sensetime"),
        "{card}"
    );
    assert!(
        card.contains("Ann Example"),
        "the owner joins the bundled SenseTime: {card}"
    );
    let report = String::from_utf8(output.stderr).unwrap();
    assert!(
        report
            .contains("1 entity, 1 relation, 1 source; 1 merged with loaded entities (by name: 1)"),
        "{report}"
    );
    assert!(
        report.contains("skipped 1: Payment records naming an entity in no loaded file"),
        "{report}"
    );
    assert!(
        report.contains(
            "skipped 1: records of a schema FollowTheMoney 3.8.4 does not have (Spaceship)"
        ),
        "{report}"
    );
}

#[test]
fn no_merge_keeps_imported_entities_apart() {
    let (_dir, path) = own_ftm();
    let found = stdout_of(&["--no-merge", "--data", arg(&path), "find", "sensetime"]);
    let ids: Vec<&str> = found
        .lines()
        .filter(|l| l.starts_with("SenseTime  "))
        .filter_map(|l| l.split_whitespace().last())
        .collect();
    assert_eq!(ids, ["sensetime", "sensetime-2"], "{found}");
    let card = stdout_of(&["--no-merge", "--data", arg(&path), "show", "sensetime"]);
    assert!(!card.contains("Ann Example"), "{card}");
}

#[test]
fn the_format_can_be_forced_and_unknown_content_is_refused() {
    let (_dir, path) = own_ftm();
    let output = dealgraph()
        .args(["-v", "--format", "bods", "--data", arg(&path), "stats"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let error = String::from_utf8(output.stderr).unwrap();
    assert!(
        error.contains("own.ijson:1:1: a BODS 0.4 statement has"),
        "{error}"
    );
    let (_dir, other) = temp_file("other.json", "{\"hello\": [1, 2]}");
    let output = dealgraph()
        .args(["-v", "--data", arg(&other), "stats"])
        .output()
        .unwrap();
    let error = String::from_utf8(output.stderr).unwrap();
    assert!(
        error.contains("other.json:1:1: cannot tell the format"),
        "{error}"
    );
    assert!(error.contains("--format"), "{error}");
}

#[test]
fn with_json_the_report_stays_off_standard_output() {
    let (_dir, path) = own_ftm();
    let output = dealgraph()
        .args(["-v", "--json", "--data", arg(&path), "stats"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let value: Value = serde_json::from_slice(&output.stdout).expect("exactly one JSON document");
    assert_eq!(value["entities"], 37 + 1);
    assert!(
        String::from_utf8(output.stderr)
            .unwrap()
            .contains("(FollowTheMoney)")
    );
}

#[test]
fn the_prompt_loads_open_data_with_its_report() {
    let (_dir, path) = own_ftm();
    let script = format!("load {}\nshow \"Ann Example\"\n", arg(&path));
    let output = dealgraph().write_stdin(script).output().unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.contains("(FollowTheMoney): 1 entity, 1 relation, 1 source"),
        "{text}"
    );
    assert!(text.contains("graph: 38 entities, 31 relations"), "{text}");
    assert!(text.contains("owns (1)\n  SenseTime"), "{text}");
}

#[test]
fn the_same_file_twice_is_refused() {
    let shared = require_shared!();
    let file = real(&shared, BODS);
    let output = dealgraph()
        .args(["-v", "--data", arg(&file), "--data", arg(&file), "stats"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let error = String::from_utf8(output.stderr).unwrap();
    assert!(
        error.contains("a file named like this one is already loaded"),
        "{error}"
    );
}

/// The schemata of FollowTheMoney's YAML files: name → (parents, edge (source, target,
/// directed) and the ranges of the edge's two properties).
type YamlEdge = (String, String, bool, String, String);

/// A schema of the YAML: its parents, its edge, the properties it declares.
type YamlSchema = (Vec<String>, Option<YamlEdge>, Vec<String>);

fn yaml_schemata(dir: &Path) -> BTreeMap<String, YamlSchema> {
    use yaml_rust2::{Yaml, YamlLoader};
    let mut docs: BTreeMap<String, Yaml> = BTreeMap::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if ext != "yaml" && ext != "yml" {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for doc in YamlLoader::load_from_str(&text).unwrap() {
            for (name, body) in doc.as_hash().unwrap() {
                docs.insert(name.as_str().unwrap().to_string(), body.clone());
            }
        }
    }
    let strings = |y: &Yaml| -> Vec<String> {
        y.as_vec()
            .map(|v| v.iter().map(|s| s.as_str().unwrap().to_string()).collect())
            .unwrap_or_default()
    };
    // A property's range, looked up through the parents.
    fn range(docs: &BTreeMap<String, Yaml>, schema: &str, property: &str) -> Option<String> {
        let body = &docs[schema];
        let declared = &body["properties"][property];
        if !declared.is_badvalue() {
            return declared["range"].as_str().map(String::from);
        }
        body["extends"]
            .as_vec()?
            .iter()
            .find_map(|parent| range(docs, parent.as_str()?, property))
    }
    docs.iter()
        .map(|(name, body)| {
            let edge = &body["edge"];
            let edge = (!edge.is_badvalue()).then(|| {
                let source = edge["source"].as_str().unwrap().to_string();
                let target = edge["target"].as_str().unwrap().to_string();
                (
                    range(&docs, name, &source).unwrap(),
                    range(&docs, name, &target).unwrap(),
                    edge["directed"].as_bool().unwrap_or(true),
                    source,
                    target,
                )
            });
            let properties = body["properties"]
                .as_hash()
                .map(|h| h.keys().map(|k| k.as_str().unwrap().to_string()).collect())
                .unwrap_or_default();
            (name.clone(), (strings(&body["extends"]), edge, properties))
        })
        .collect()
}

#[test]
fn the_ftm_schema_table_agrees_with_the_ftm_yaml_files() {
    use dealgraph::load::ftm::schema;
    let shared = require_shared!();
    let yaml = yaml_schemata(&shared.join("data/ftm-schema-3.8.4"));
    let table: Vec<&str> = schema::SCHEMATA.iter().map(|s| s.name).collect();
    let files: Vec<&str> = yaml.keys().map(String::as_str).collect();
    assert_eq!(
        table, files,
        "every schema of the YAML is in the table, and no other"
    );
    for s in schema::SCHEMATA {
        let (parents, edge, _) = &yaml[s.name];
        assert_eq!(s.extends, parents.as_slice(), "parents of {}", s.name);
        let ours = s.edge.map(|e| {
            (
                e.source_range.to_string(),
                e.target_range.to_string(),
                e.directed,
                e.source.to_string(),
                e.target.to_string(),
            )
        });
        assert_eq!(&ours, edge, "edge of {}", s.name);
    }
    // Each property the importer reads is declared by the schema the table says.
    let declared =
        |schema_name: &str, property: &str| yaml[schema_name].2.iter().any(|p| p == property);
    for (schema_name, property, _) in schema::RELATION_PROPERTIES {
        assert!(declared(schema_name, property), "{schema_name}.{property}");
    }
    for (schema_name, property, _) in schema::ENTITY_PROPERTIES {
        assert!(declared(schema_name, property), "{schema_name}.{property}");
    }
    // The properties a mapping may name are those each schema of the YAML declares.
    for (schema_name, declared) in dealgraph::load::ftm::properties::DECLARED {
        let ours: Vec<&str> = declared.iter().map(|(name, _, _)| *name).collect();
        assert_eq!(ours, yaml[*schema_name].2, "properties of {schema_name}");
    }
    assert_eq!(
        dealgraph::load::ftm::properties::DECLARED.len(),
        yaml.len(),
        "every schema's properties"
    );
    // Every relation mapping names an edge schema.
    for mapping in schema::RELATION_TYPES {
        assert!(
            yaml[mapping.schema].1.is_some(),
            "{} is no edge",
            mapping.schema
        );
    }
}

/// `show --json` of an entity, with these data files alone.
fn card(paths: &[&Path], entity: &str) -> Value {
    let mut args = vec!["--no-default-data", "--json"];
    for path in paths {
        args.extend(["--data", arg(path)]);
    }
    args.extend(["show", entity]);
    serde_json::from_str(&stdout_of(&args)).expect("show --json is JSON")
}

/// The note of the relation with `other` on a card, whichever way it runs.
fn note_between<'c>(card: &'c Value, other: &str) -> &'c str {
    card["relations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["from_name"] == other || r["to_name"] == other)
        .and_then(|r| r["note"].as_str())
        .unwrap_or_else(|| panic!("no note with {other} in {card:#}"))
}

#[test]
fn ocds_awards_note_their_contract_and_tender_and_parties_keep_address_and_contact() {
    let shared = require_shared!();
    let ocds = real(&shared, OCDS);
    let marina = card(&[&ocds], "Secretaría de Marina");
    assert_eq!(
        note_between(&marina, "ALTA INDUSTRIAL Y MARINO SA DE CV"),
        "PED 13-2497/17 REQ.4476/17 ACON0353OR ARTICULOS METALICOS PARA LA CO (ocds-07smqs-1542970, award 1632718); contract 1632718: terminated; tender: status complete, direct procurement (Art. 42 párrafo primero)"
    );
    let inah = card(&[&ocds], "Instituto Nacional de Antropología e Historia");
    assert!(
        note_between(
            &inah,
            "GLOBAL ASSURANCE BROKERS, AGENTE DE SEGUROS Y DE FIANZAS SA DE C"
        )
        .contains("tender: SERVICIO DE ASESORÍA EXTERNA DE SEGUROS PARA EL INAH, status complete"),
        "the tender's own title, which the award's does not repeat"
    );
    let supplier = card(&[&ocds], "ALTA INDUSTRIAL Y MARINO SA DE CV");
    assert_eq!(
        supplier["entity"]["attributes"]["address"],
        serde_json::json!(["Zafiro 206 Fraccionamiento Diamante, Tampico, MX-TMS, 89366, MÉXICO"])
    );
    assert_eq!(
        supplier["entity"]["attributes"]["contact_point"],
        serde_json::json!(["ABRAHAM CHRISTIAN ALTAMIRA LOPEZ, altimarsa@hotmail.com, 833-3623089"])
    );
    let unit = card(
        &[&ocds],
        "SEMAR-Dirección General Adjunta de Adquisiciones #013000999",
    );
    assert_eq!(
        unit["entity"]["attributes"]["legal_name"],
        serde_json::json!(["Secretaría de Marina"])
    );
    // The package's licence is the source's note.
    let source = &marina["sources"][0];
    assert_eq!(
        source["note"],
        "licence and publication policy: https://datos.gob.mx/libreusomx; publisher's site: http://www.gob.mx/contratacionesabiertas/"
    );
}

#[test]
fn gleif_companies_keep_addresses_registration_and_other_identifiers() {
    let shared = require_shared!();
    let parent = real(&shared, GLEIF_L1_PARENT);
    let l2 = real(&shared, GLEIF_L2);
    let microsoft = card(&[&parent, &l2], "MICROSOFT CORPORATION");
    let entity = &microsoft["entity"];
    for (name, value) in [
        (
            "headquarters_address",
            "ONE MICROSOFT WAY, 98052-8300, REDMOND, US-WA, US",
        ),
        ("jurisdiction", "US-WA"),
        ("lei_status", "ISSUED"),
        ("lei_registered", "2012-06-06T15:55:00Z"),
        ("lei_corroboration", "fully corroborated"),
        ("legal_form", "NHYA"),
    ] {
        assert_eq!(
            entity["attributes"][name],
            serde_json::json!([value]),
            "{name}"
        );
    }
    for (scheme, value) in [
        ("opencorporates", "us_wa/600413485"),
        ("swift", "MSFTUS66XXX"),
        ("RA000641", "600 413 485"),
    ] {
        assert_eq!(entity["identifiers"][scheme], value, "{scheme}");
    }
    // A relationship notes its accounting period, how it was corroborated, and a lapsed
    // registration (the parent no longer renews it).
    let note = note_between(&microsoft, "213800JCN6PSGDRLT915");
    assert!(note.starts_with("accounting period 2019-09-01 – 2020-08-31; corroboration: fully corroborated (accounts filing, https://find-and-update.company-information.service.gov.uk/"), "{note}");
    assert!(note.ends_with("; registration lapsed"), "{note}");
}

#[test]
fn bods_an_indirect_ownership_names_its_chain_and_statements_give_their_date_and_source() {
    let shared = require_shared!();
    let bods = real(&shared, BODS);
    let gasgrid = card(&[&bods], "Gasgrid Finland Oy");
    assert_eq!(
        note_between(&gasgrid, "Suomen tasavalta"),
        "through Suomen Kaasuverkko Oy, Valtiovarainministerio; stated 2022-02-14, primaryResearch"
    );
    assert_eq!(
        note_between(&gasgrid, "Suomen Kaasuverkko Oy"),
        "a step of an indirect relationship; stated 2022-02-14, primaryResearch"
    );
    assert_eq!(
        gasgrid["entity"]["attributes"]["statement_date"],
        serde_json::json!(["2022-02-14"])
    );
    let ministry = card(&[&bods], "Valtiovarainministerio");
    assert_eq!(
        ministry["entity"]["attributes"]["entity_type_details"],
        serde_json::json!(["ministerio"])
    );
    assert_eq!(
        gasgrid["sources"][0]["note"],
        "licence: https://creativecommons.org/licenses/by/2.0/legalcode; publisher's site: http://www.register.example; BODS 0.4"
    );
}

#[test]
fn owners_of_a_bods_company_are_its_shareholders_with_their_stakes() {
    let shared = require_shared!();
    let bods = real(&shared, "bods_0.4_fi_soe_gasgrid.json");
    let json = common::json_of(&["--data", arg(&bods), "owners", "Gasgrid Finland Oy"]);
    let owners: Vec<(&str, f64)> = json["owners"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["name"].as_str().unwrap(),
                o["owns"][0]["stake_pct"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        owners,
        [
            ("Suomen Kaasuverkko Oy", 76.5),
            ("Suomen tasavalta", 100.0),
            ("Valtiovarainministerio", 23.5)
        ]
    );
}

#[test]
fn subsidiaries_of_a_ministry_and_of_a_gleif_parent_are_what_they_own_by_distance() {
    let shared = require_shared!();
    let bods = real(&shared, "bods_0.4_fi_soe_gasgrid.json");
    let json = common::json_of(&[
        "--data",
        arg(&bods),
        "subsidiaries",
        "Valtiovarainministerio",
    ]);
    let owned: Vec<(&str, u64, f64)> = json["subsidiaries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["name"].as_str().unwrap(),
                o["distance"].as_u64().unwrap(),
                o["owns"][0]["stake_pct"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        owned,
        [
            ("Gasgrid Finland Oy", 1, 23.5),
            ("Suomen Kaasuverkko Oy", 1, 100.0)
        ]
    );
    let gleif: Vec<PathBuf> = [
        "gleif_api_l1_microsoft_parent.json",
        "gleif_api_l1_microsoft_direct_children.json",
        "gleif_api_l2_microsoft_direct_child_relationships.json",
    ]
    .iter()
    .map(|name| real(&shared, name))
    .collect();
    let mut args: Vec<&str> = Vec::new();
    for path in &gleif {
        args.extend(["--data", arg(path)]);
    }
    args.extend(["subsidiaries", "INR2EJN1ERAN0W5ZP974"]);
    let json = common::json_of(&args);
    let children = json["subsidiaries"].as_array().unwrap();
    assert_eq!(children.len(), 12, "{json:#}");
    assert!(children.iter().any(|c| c["name"] == "GITHUB INC"));
}

#[test]
fn ubo_of_a_bods_company_sums_the_ministrys_two_chains_and_keeps_the_stated_indirect_holding_apart()
{
    let shared = require_shared!();
    let bods = real(&shared, "bods_0.4_fi_soe_gasgrid.json");
    let json = common::json_of(&["--data", arg(&bods), "ubo", "Gasgrid Finland Oy"]);
    // 76.5% through Suomen Kaasuverkko Oy (which it owns whole) and 23.5% directly.
    let owners: Vec<(&str, f64, bool, u64)> = json["owners"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["name"].as_str().unwrap(),
                o["share"]["pct"].as_f64().unwrap(),
                o["ultimate"].as_bool().unwrap(),
                o["chains"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        owners,
        [
            ("Valtiovarainministerio", 100.0, true, 2),
            ("Suomen Kaasuverkko Oy", 76.5, false, 1)
        ]
    );
    // The state controls the ministry (BODS otherInfluenceOrControl), which is not a share.
    assert_eq!(
        json["owners"][0]["controlled_by"][0]["from_name"],
        "Suomen tasavalta"
    );
    // The state's 100% is BODS's summary of those chains: listed, not added a second time.
    let stated = &json["stated_indirect"][0];
    assert_eq!(stated["relation"]["from_name"], "Suomen tasavalta");
    assert_eq!(stated["share"]["pct"], 100.0);
    let text = common::stdout_of(&["--data", arg(&bods), "ubo", "Gasgrid Finland Oy"]);
    assert!(
        text.starts_with(
            "Gasgrid Finland Oy: 2 owners, 1 ultimate\n  Valtiovarainministerio  100%"
        ),
        "{text}"
    );
}

#[test]
fn ubo_of_a_gleif_child_is_its_parent_with_a_share_the_register_does_not_state() {
    let shared = require_shared!();
    let mut args: Vec<String> = Vec::new();
    for name in [
        "gleif_api_l1_microsoft_parent.json",
        "gleif_api_l1_microsoft_direct_children.json",
        "gleif_api_l2_microsoft_direct_child_relationships.json",
    ] {
        args.push("--data".into());
        args.push(real(&shared, name).to_str().unwrap().to_string());
    }
    args.extend(["ubo".to_string(), "6354003LMZZAKOPXLX69".to_string()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let json = common::json_of(&args);
    let owner = &json["owners"][0];
    assert_eq!(owner["name"], "MICROSOFT CORPORATION");
    assert_eq!(owner["ultimate"], true);
    assert_eq!(owner["share"], serde_json::json!({"unknown": true}));
}

#[test]
fn investors_and_portfolio_count_the_shareholdings_a_bods_file_states() {
    let shared = require_shared!();
    let bods = real(&shared, "bods_0.4_fi_soe_gasgrid.json");
    let json = common::json_of(&["--data", arg(&bods), "investors", "Gasgrid Finland Oy"]);
    let stakes: Vec<(&str, &str, f64)> = json["investments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["investor"]["name"].as_str().unwrap(),
                i["relations"][0]["type"].as_str().unwrap(),
                i["relations"][0]["stake_pct"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        stakes,
        [
            ("Suomen Kaasuverkko Oy", "owns", 76.5),
            ("Suomen tasavalta", "owns", 100.0),
            ("Valtiovarainministerio", "owns", 23.5)
        ]
    );
    let json = common::json_of(&[
        "--data",
        arg(&bods),
        "portfolio",
        "Suomen tasavalta",
        "--rollup",
    ]);
    let companies: Vec<&str> = json["investments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["company"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(companies, ["Gasgrid Finland Oy"]);
    let json = common::json_of(&[
        "--data",
        arg(&bods),
        "portfolio",
        "Valtiovarainministerio",
        "--rollup",
    ]);
    let held: Vec<(&str, &str)> = json["investments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["company"]["name"].as_str().unwrap(),
                i["investor"]["name"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        held,
        [
            ("Gasgrid Finland Oy", "Valtiovarainministerio"),
            ("Gasgrid Finland Oy", "Suomen Kaasuverkko Oy"),
            ("Suomen Kaasuverkko Oy", "Valtiovarainministerio")
        ]
    );
}

#[test]
fn overlap_and_coinvestors_with_rel_pays_give_the_donors_two_parties_share() {
    let shared = require_shared!();
    let donations = real(&shared, "ftm_de_party_donations.ijson");
    let args = [
        "--data",
        arg(&donations),
        "overlap",
        "CDU",
        "SPD",
        "--rel",
        "pays",
    ];
    let json = common::json_of(&args);
    assert_eq!(json["relation_types"], serde_json::json!(["pays"]));
    let donors = json["shared"].as_array().unwrap();
    assert_eq!(donors.len(), 11);
    assert_eq!(donors[0]["investor"]["name"], "Allianz Deutschland AG");
    assert_eq!(
        donors[0]["statuses"],
        serde_json::json!(["confirmed", "confirmed"])
    );
    let text = stdout_of(&args);
    assert!(
        text.starts_with("CDU and SPD share 11 payers (50 and 15 in all; Jaccard 0.204)\n"),
        "{text}"
    );
    // Each side's payments in one line, with their count and total.
    assert!(
        text.contains(
            "    Allianz Deutschland AG  pays  CDU  5 relations  EUR 300,004  2003 – 2007  weakest confirmed\n"
        ),
        "{text}"
    );
    // Without --rel, parties have no investors to share.
    let json = common::json_of(&["--data", arg(&donations), "overlap", "CDU", "SPD"]);
    assert_eq!(json["shared"].as_array().unwrap().len(), 0);
    let along = common::json_of(&[
        "--data",
        arg(&donations),
        "coinvestors",
        "Allianz SE",
        "--rel",
        "pays",
        "--top",
        "1",
    ]);
    assert_eq!(along["coinvestors"][0]["name"], "Allianz Deutschland AG");
    assert_eq!(
        along["coinvestors"][0]["companies"]
            .as_array()
            .unwrap()
            .len(),
        5
    );
}

#[test]
fn overlap_of_two_parties_without_rel_says_they_are_paid_and_suggests_rel_pays() {
    let shared = require_shared!();
    let donations = real(&shared, "ftm_de_party_donations.ijson");
    let args = ["--data", arg(&donations), "overlap", "CDU", "SPD"];
    let text = stdout_of(&args);
    assert_eq!(
        text,
        "CDU and SPD share 0 investors (0 and 0 in all; Jaccard 0.000)\n\
         CDU has no investors; it is paid by 50 entities\n\
         SPD has no investors; it is paid by 15 entities\n\
         `overlap CDU SPD --rel pays` gives those they share\n"
    );
    let json = common::json_of(&args);
    assert_eq!(json["hints"].as_array().unwrap().len(), 3);
}

#[test]
fn investment_commands_asked_of_a_party_or_a_donor_point_to_flows() {
    let shared = require_shared!();
    let donations = real(&shared, "ftm_de_party_donations.ijson");
    let data = ["--data", arg(&donations)];
    for (command, entity, hint) in [
        (
            "investors",
            "CDU",
            "CDU is paid by 50 entities: `flows CDU` adds the money up\n",
        ),
        (
            "portfolio",
            "Daimler AG",
            "Daimler AG pays 2 entities: `flows \"Daimler AG\"` adds the money up\n",
        ),
        (
            "coinvestors",
            "Daimler AG",
            "Daimler AG pays 2 entities: `flows \"Daimler AG\"` adds the money up\n",
        ),
    ] {
        let text = stdout_of(&[data[0], data[1], command, entity]);
        assert!(text.ends_with(hint), "{command} {entity}: {text}");
    }
}

#[test]
fn neighbours_add_up_the_payments_of_one_donor_and_list_them_when_asked() {
    let shared = require_shared!();
    let donations = real(&shared, "ftm_de_party_donations.ijson");
    let neighbours = |extra: &[&str]| {
        let mut args = vec!["--data", arg(&donations), "neighbours", "GRÜNE"];
        args.extend(extra);
        common::stdout_of(&args)
    };
    let folded = neighbours(&[]);
    assert!(
        folded.contains(
            "    Allianz SE  pays  GRÜNE  4 relations  EUR 230,004  2007 – 2011  weakest confirmed\n"
        ),
        "{folded}"
    );
    assert!(
        folded.contains(
            "    Ostwind-Verwaltungsgesellschaft mbH  pays  GRÜNE  confirmed  EUR 70,000"
        ),
        "one payment stays one line with its source: {folded}"
    );
    assert!(
        folded.ends_with(
            "parallel relations of one type are added up; --all-relations lists each with its sources\n"
        ),
        "{folded}"
    );
    let all = neighbours(&["--all-relations"]);
    assert_eq!(
        all.matches("Allianz SE  pays  GRÜNE  confirmed").count(),
        4,
        "{all}"
    );
    assert!(!all.contains("added up"), "{all}");
    // JSON lists every relation either way.
    let json = common::json_of(&["--data", arg(&donations), "neighbours", "GRÜNE"]);
    let allianz = json["reached"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "Allianz SE")
        .unwrap();
    assert_eq!(allianz["via"].as_array().unwrap().len(), 4);
}

#[test]
fn path_from_deutsche_bank_to_gruene_folds_each_hop_into_one_line() {
    let shared = require_shared!();
    let donations = real(&shared, "ftm_de_party_donations.ijson");
    let path = |extra: &[&str]| {
        let mut args = vec![
            "--data",
            arg(&donations),
            "path",
            "Deutsche Bank AG",
            "GRÜNE",
        ];
        args.extend(extra);
        common::stdout_of(&args)
    };
    let folded = path(&[]);
    assert!(
        folded.contains(
            "  Deutsche Bank AG  pays  CDU  8 relations  EUR 1.551 million  2003 – 2009  weakest confirmed\n"
        ),
        "{folded}"
    );
    assert_eq!(
        folded.matches("Deutsche Bank AG  pays  CDU").count(),
        1,
        "{folded}"
    );
    let all = path(&["--all-relations"]);
    assert_eq!(
        all.matches("Deutsche Bank AG  pays  CDU  confirmed")
            .count(),
        8,
        "{all}"
    );
}

#[test]
fn show_adds_up_a_partys_donations_in_all_by_donor_and_by_year() {
    let shared = require_shared!();
    let donations = real(&shared, "ftm_de_party_donations.ijson");
    let card = common::json_of(&["--data", arg(&donations), "show", "GRÜNE"]);
    let paid = &card["totals"][0];
    assert_eq!(paid["type"], "pays");
    assert_eq!(paid["direction"], "in");
    assert_eq!(paid["amounts"], 11);
    assert_eq!(paid["totals"][0]["currency"], "EUR");
    assert_eq!(paid["totals"][0]["value"], 660_008.0);
    let donor = &paid["by_counterparty"][0];
    assert_eq!(donor["name"], "Allianz Deutschland AG");
    assert_eq!(
        (
            donor["amounts"].as_u64(),
            donor["totals"][0]["value"].as_f64()
        ),
        (Some(4), Some(240_003.0))
    );
    let years: Vec<i64> = paid["by_year"]
        .as_array()
        .unwrap()
        .iter()
        .map(|y| y["year"].as_i64().unwrap())
        .collect();
    assert_eq!(years, (2002..=2011).collect::<Vec<_>>());
    let text = stdout_of(&["--data", arg(&donations), "show", "GRÜNE"]);
    assert!(
        text.contains("\n  in all  EUR 660,008 (11 amounts)\n"),
        "{text}"
    );
    assert!(text.contains("\n    2011    2  EUR 110,001\n"), "{text}");
}

#[test]
fn an_entity_is_named_by_any_of_its_identifiers_and_find_matches_them() {
    let shared = require_shared!();
    let children = real(&shared, "gleif_api_l1_microsoft_direct_children.json");
    let card = common::json_of(&["--data", arg(&children), "show", "6354003LMZZAKOPXLX69"]);
    assert_eq!(card["entity"]["name"], "GITHUB INC");
    let found = common::json_of(&["--data", arg(&children), "find", "6354003LMZZAKOPXLX69"]);
    assert_eq!(found[0]["name"], "GITHUB INC");
    assert_eq!(found[0]["identifier"], "lei 6354003LMZZAKOPXLX69");
    // A register number, in another case, names the same entity.
    let card = common::json_of(&["--data", arg(&children), "show", "qusqu01hrn"]);
    assert_eq!(card["entity"]["name"], "GITHUB INC");
}

#[test]
fn a_lei_an_ftm_id_and_an_ocds_party_id_name_entities_in_every_command() {
    let shared = require_shared!();
    let gleif = [
        real(&shared, "gleif_api_l1_microsoft_direct_children.json"),
        real(&shared, "gleif_api_l1_microsoft_parent.json"),
        real(
            &shared,
            "gleif_api_l2_microsoft_direct_child_relationships.json",
        ),
    ];
    let with = |data: &[&Path], rest: &[&str]| -> Value {
        let mut args = vec!["--no-default-data"];
        for path in data {
            args.extend(["--data", arg(path)]);
        }
        args.extend(rest);
        common::json_of(&args)
    };
    let gleif: Vec<&Path> = gleif.iter().map(PathBuf::as_path).collect();
    // GitHub and Microsoft by their LEIs.
    let (github, microsoft) = ("6354003LMZZAKOPXLX69", "INR2EJN1ERAN0W5ZP974");
    let path = with(&gleif, &["path", github, microsoft]);
    assert_eq!(path["paths"][0]["entities"][0]["name"], "GITHUB INC");
    assert_eq!(
        path["paths"][0]["entities"][1]["name"],
        "MICROSOFT CORPORATION"
    );
    let near = with(&gleif, &["neighbours", microsoft]);
    assert_eq!(near["centre"]["name"], "MICROSOFT CORPORATION");
    assert_eq!(near["reached"].as_array().unwrap().len(), 12);
    let overlap = with(&gleif, &["overlap", github, microsoft, "--rel", "owns"]);
    assert_eq!(overlap["companies"][0]["name"], "GITHUB INC");
    let owners = with(&gleif, &["owners", github]);
    assert_eq!(owners["owners"][0]["name"], "MICROSOFT CORPORATION");
    let dot = common::stdout_of(&[
        "--no-default-data",
        "--data",
        arg(gleif[0]),
        "--data",
        arg(gleif[1]),
        "--data",
        arg(gleif[2]),
        "export",
        "dot",
        "--focus",
        github,
        "--depth",
        "1",
    ]);
    assert!(
        dot.contains("GITHUB INC and everything within 1 hop"),
        "{dot}"
    );
    // Daimler AG by its FtM id.
    let donations = real(&shared, "ftm_de_party_donations.ijson");
    let path = with(
        &[&donations],
        &["path", "66ce9f62af8c7d329506da41cb7c36ba058b3d28", "CDU"],
    );
    assert_eq!(path["paths"][0]["entities"][0]["name"], "Daimler AG");
    let flows = with(
        &[&donations],
        &["flows", "66ce9f62af8c7d329506da41cb7c36ba058b3d28"],
    );
    assert_eq!(flows["entity"]["name"], "Daimler AG");
    // A supplier by its OCDS party id, and a buyer by another.
    let ocds = real(&shared, "ocds_1.1_mx_record_package.json");
    let exposure = with(&[&ocds], &["exposure", "GAB0709244G5"]);
    assert_eq!(
        exposure["reached"][0]["name"],
        "Instituto Nacional de Antropología e Historia"
    );
    let near = with(&[&ocds], &["neighbours", "INAH-195"]);
    assert_eq!(
        near["centre"]["name"],
        "Instituto Nacional de Antropología e Historia"
    );
}

#[test]
fn flows_add_up_a_partys_donations_by_donor_currency_and_year() {
    let shared = require_shared!();
    let donations = real(&shared, "ftm_de_party_donations.ijson");
    let flows = common::json_of(&["--data", arg(&donations), "flows", "GRÜNE"]);
    let incoming = &flows["incoming"];
    assert_eq!(incoming["count"], 11);
    assert_eq!(incoming["counterparties"], 5);
    assert_eq!(incoming["totals"][0]["currency"], "EUR");
    // The donors' totals add up to the party's.
    let by_donor: f64 = incoming["top"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["totals"][0]["value"].as_f64().unwrap())
        .sum();
    assert_eq!(by_donor, incoming["totals"][0]["value"].as_f64().unwrap());
    let by_year: f64 = flows["by_year"]
        .as_array()
        .unwrap()
        .iter()
        .map(|y| y["incoming"][0]["value"].as_f64().unwrap())
        .sum();
    assert_eq!(by_year, by_donor);
    assert_eq!(flows["outgoing"]["count"], 0);
}

#[test]
fn a_path_adds_up_the_payments_of_one_hop_and_lists_them_when_asked() {
    let shared = require_shared!();
    let donations = real(&shared, "ftm_de_party_donations.ijson");
    let path = |extra: &[&str]| {
        let mut args = vec!["--data", arg(&donations), "path", "Allianz SE", "GRÜNE"];
        args.extend(extra);
        common::stdout_of(&args)
    };
    let folded = path(&[]);
    assert!(
        folded.contains("Allianz SE  pays  GRÜNE  4 relations  EUR 230,004  2007 – 2011"),
        "{folded}"
    );
    let all = path(&["--all-relations"]);
    assert_eq!(
        all.matches("Allianz SE  pays  GRÜNE  confirmed").count(),
        4,
        "{all}"
    );
    // JSON lists every relation either way.
    let json = common::json_of(&["--data", arg(&donations), "path", "Allianz SE", "GRÜNE"]);
    assert_eq!(
        json["paths"][0]["hops"][0]["relations"]
            .as_array()
            .unwrap()
            .len(),
        4
    );
}
