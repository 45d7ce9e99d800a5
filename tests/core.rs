//! The core commands on the bundled data and on broken data files, through the real binary.

mod common;

use common::{dealgraph, fails_with, stdout_of, temp_file};

#[test]
fn show_sensetime_lists_its_investors_and_contracts_with_sources() {
    insta::assert_snapshot!(stdout_of(&["show", "SenseTime"]));
}

#[test]
fn show_accepts_ids_names_and_aliases_in_any_case() {
    let by_name = stdout_of(&["show", "softbank vision fund"]);
    assert_eq!(stdout_of(&["show", "VISION FUND"]), by_name);
    assert_eq!(stdout_of(&["show", "softbank-vision-fund"]), by_name);
    assert!(by_name.starts_with("SoftBank Vision Fund  fund"));
}

#[test]
fn show_with_a_status_filter_hides_and_counts_the_rest() {
    let out = stdout_of(&["show", "SenseTime", "--status", "reported"]);
    assert!(out.contains("SoftBank Vision Fund"));
    assert!(!out.contains("Alibaba"));
    assert!(out.contains("9 more relations hidden by the filter (status reported)"));
}

#[test]
fn an_unknown_name_is_answered_with_suggestions_and_a_failure() {
    fails_with(
        &["show", "Sensetme"],
        "error: unknown entity \"Sensetme\" — did you mean one of \"SenseTime\"",
    );
}

#[test]
fn json_output_is_one_document_with_ids_names_kinds_and_relation_fields() {
    let out = stdout_of(&["show", "SenseTime", "--json"]);
    let doc: serde_json::Value = serde_json::from_str(&out).expect("one JSON document");
    assert_eq!(doc["entity"]["id"], "sensetime");
    assert_eq!(doc["entity"]["kind"], "company");
    let relations = doc["relations"].as_array().unwrap();
    assert_eq!(relations.len(), 10);
    for r in relations {
        for key in ["from", "to", "type", "status", "sources"] {
            assert!(!r[key].is_null(), "relation without {key}: {r}");
        }
    }
    let vision = relations
        .iter()
        .find(|r| r["from"] == "softbank-vision-fund")
        .unwrap();
    assert_eq!(vision["status"], "reported");
    assert_eq!(vision["amount"]["value"], 1_000_000_000);
}

#[test]
fn json_errors_are_one_document_too() {
    let output = dealgraph()
        .args(["show", "nobody-at-all", "--json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&output.stdout).expect("one JSON document");
    assert_eq!(doc["error"]["kind"], "unknown_entity");
}

#[test]
fn find_ranks_matches_and_folds_case_and_accents() {
    insta::assert_snapshot!(stdout_of(&["find", "vision"]), @r#"SoftBank Vision Fund  fund          softbank-vision-fund  (alias "Vision Fund")"#);
    let out = stdout_of(&["find", "SÉNSE", "TIME"]);
    assert!(out.starts_with("SenseTime "), "{out}");
    assert!(stdout_of(&["find", "chongqing"]).contains("Police Department in Chongqing"));
    assert_eq!(
        stdout_of(&["find", "qqqqqq"]),
        "nothing matches \"qqqqqq\"\n"
    );
}

#[test]
fn stats_counts_the_bundled_world() {
    insta::assert_snapshot!(stdout_of(&["stats"]));
}

#[test]
fn validate_passes_on_the_bundled_data() {
    let out = stdout_of(&["validate"]);
    assert!(
        out.contains("graph-data/facial-recognition.json: 37 entities, 30 relations, 1 source"),
        "{out}"
    );
    assert!(out.ends_with("ok: no problems\n"));
}

/// A dataset with nine mistakes of four kinds (syntax, fields, amounts and dates, references),
/// also shown in the README.
fn nine_mistakes() -> String {
    std::fs::read_to_string(common::root().join("examples/mistakes.json")).unwrap()
}

#[test]
fn a_file_with_nine_mistakes_of_four_kinds_gets_nine_located_errors_in_one_run_and_loads_nothing() {
    let (_dir, path) = temp_file("mistakes.json", &nine_mistakes());
    let output = dealgraph()
        .args(["--data", path.to_str().unwrap(), "show", "beta"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(output.stdout, b"");
    let stderr = String::from_utf8(output.stderr).unwrap();
    let file = path.display().to_string();
    let text = stderr.replace(&file, "mistakes.json");
    insta::assert_snapshot!(text, @r#"
    error: mistakes.json:4:45: "kind" in entities[0]: unknown entity kind "compny"; expected one of: company, fund, government, organization, person, product
    mistakes.json:5:54: JSON syntax: a trailing comma before "}"; JSON allows no comma after the last value, remove it
    mistakes.json:6:38: JSON syntax: a comma is missing before this value; add one between the two values
    mistakes.json:9:29: "to" names no entity: "sensetme" — did you mean "sensetime"?
    mistakes.json:12:15: "date" in relations[1]: "2018-13": month 13 is not between 1 and 12
    mistakes.json:14:20: "stake_pct" is 120; a stake is a percentage from 0 to 100
    mistakes.json:16:28: "amount" in relations[3] must have a number as "value" (for example 1600000000), not "a lot"
    mistakes.json:18:31: unknown source "note" — did you mean "notes"?
    mistakes.json:19:5: relations[5] has no "sources"; every relation cites at least one source: "sources": [{"source": "SOURCE-ID", "quote": "..."}]
    9 problems in the data; nothing was loaded
    "#);
}

#[test]
fn validate_reports_every_problem_and_fails() {
    let (_dir, path) = temp_file("mistakes.json", &nine_mistakes());
    let output = dealgraph()
        .args(["validate", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("9 problems in the data; nothing was loaded"),
        "{stderr}"
    );

    let output = dealgraph()
        .args(["validate", "--json", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&output.stdout).expect("one JSON document");
    assert_eq!(doc["ok"], false);
    assert_eq!(doc["problems"].as_array().unwrap().len(), 9);
    assert_eq!(doc["problems"][0]["line"], 4);
}

#[test]
fn a_good_file_joins_the_bundled_world() {
    let (_dir, path) = temp_file(
        "extra.json",
        r#"{"sources": [{"id": "mine", "title": "My notes"}],
            "entities": [{"id": "acme-ventures", "name": "Acme Ventures", "kind": "fund"}],
            "relations": [{"from": "acme-ventures", "to": "megvii", "type": "invests_in",
                           "status": "reported", "sources": [{"source": "mine", "quote": "Acme invested"}]}]}"#,
    );
    let out = stdout_of(&["--data", path.to_str().unwrap(), "show", "megvii"]);
    assert!(out.contains("Acme Ventures"), "{out}");
    let out = stdout_of(&["validate", path.to_str().unwrap()]);
    assert!(
        out.contains("1 entities, 1 relations, 1 sources") || out.contains("1 entit"),
        "{out}"
    );
}

#[test]
fn a_folder_loads_every_data_file_in_it_but_the_schema() {
    let root = common::root().join("graph-data");
    let out = stdout_of(&[
        "--no-default-data",
        "--data",
        root.to_str().unwrap(),
        "stats",
        "--json",
    ]);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["entities"], 37);
}

#[test]
fn missing_and_non_json_files_are_reported_by_name() {
    fails_with(
        &["--data", "/nonexistent/file.json", "stats"],
        "/nonexistent/file.json: no such file or folder",
    );
    let (_dir, path) = temp_file("broken.json", "{\n  \"entities\": [\n    {\"id\": \"x\",\n");
    fails_with(
        &["--data", path.to_str().unwrap(), "stats"],
        "broken.json:4:1: JSON syntax",
    );
}

#[test]
fn scripts_on_standard_input_run_the_same_commands() {
    dealgraph()
        .write_stdin("# a comment\nfind vision\n\nshow ICE\n")
        .assert()
        .success()
        .stdout(
            predicates::str::contains("SoftBank Vision Fund").and(predicates::str::contains(
                "Immigration and Customs Enforcement  government · US",
            )),
        );
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("dealgraph"))
        .args(["show", "SenseTime"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let status = child.wait().unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert!(status.success(), "{stderr}");
    assert!(!stderr.contains("panicked"));
}

use predicates::prelude::*;

#[test]
fn an_exact_name_wins_over_the_same_words_as_an_alias() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("group.json");
    std::fs::write(
        &file,
        r#"{"sources":[{"id":"g","title":"A filing"}],
"entities":[{"id":"alibaba-group","name":"Alibaba Group Holding Ltd","aliases":["Alibaba"],"kind":"company","sources":[{"source":"g"}]}],
"relations":[]}"#,
    )
    .unwrap();
    let file = file.to_str().unwrap();
    let card = common::json_of(&["--data", file, "show", "Alibaba"]);
    assert_eq!(
        card["entity"]["id"], "alibaba",
        "the bundled Alibaba, named so"
    );
    let card = common::json_of(&["--data", file, "show", "Alibaba Group Holding Ltd"]);
    assert_eq!(card["entity"]["id"], "alibaba-group");
}
