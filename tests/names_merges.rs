//! Names, merges and checks a reporter can trust: records merged by name that disagree say so,
//! likely duplicates that no merge joined are listed, `validate` reports every problem of a
//! file in one run, and an exported selection loads beside the data it came from.

mod common;

use common::{dealgraph, shared_or_skip, stdout_of, temp_file};
use serde_json::Value;

/// What `validate --json` answers for these arguments.
fn validated(args: &[&str]) -> Value {
    let output = dealgraph()
        .args(["--json", "validate"])
        .args(args)
        .output()
        .unwrap();
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn a_record_merged_by_name_whose_country_disagrees_is_reported_and_shown_on_the_card() {
    let (_dir, path) = temp_file(
        "hk.ijson",
        r#"{"id": "st-hk", "schema": "Company", "properties": {"name": ["SenseTime"], "country": ["hk"]}}
"#,
    );
    let path = path.to_str().unwrap();
    let doc = validated(&[path]);
    assert_eq!(doc["ok"], true, "{doc}");
    let file = &doc["loaded"]["files"][0];
    assert_eq!(file["merged"]["name"], 1, "{file}");
    assert_eq!(
        file["conflicts"],
        serde_json::json!(["SenseTime: country CN (placing-bets-article) against HK (hk)"]),
        "{file}"
    );
    let card = stdout_of(&["--data", path, "show", "SenseTime"]);
    assert!(
        card.contains("  conflict    country CN (placing-bets-article) against HK (hk)\n"),
        "{card}"
    );
    assert!(
        card.contains("SenseTime  company · CN · id sensetime"),
        "{card}"
    );
    let output = dealgraph()
        .args(["--data", path, "stats"])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(said.contains("1 conflict between merged records"), "{said}");
}

#[test]
fn records_that_agree_merge_without_a_conflict() {
    let (_dir, path) = temp_file(
        "cn.ijson",
        r#"{"id": "st-cn", "schema": "Company", "properties": {"name": ["SenseTime"], "country": ["cn"]}}
"#,
    );
    let doc = validated(&[path.to_str().unwrap()]);
    let file = &doc["loaded"]["files"][0];
    assert_eq!(file["merged"]["name"], 1, "{file}");
    assert!(file.get("conflicts").is_none(), "{file}");
}

#[test]
fn the_two_bmw_records_of_the_donations_sample_are_listed_as_likely_duplicates() {
    let Some(shared) = shared_or_skip("likely duplicates on the donations sample") else {
        return;
    };
    let donations = shared.join("data/real/ftm_de_party_donations.ijson");
    let donations = donations.to_str().unwrap();
    let doc = validated(&["--no-default-data", donations]);
    assert_eq!(
        doc["loaded"]["likely_duplicates"],
        serde_json::json!([[
            "Bayerische Motorenwerke AG (bayerische-motorenwerke-ag)",
            "Bayerische Motorenwerke (BMW) AG (bayerische-motorenwerke-bmw-ag)"
        ]]),
        "{doc}"
    );
    let found = stdout_of(&[
        "--no-default-data",
        "--data",
        donations,
        "find",
        "Bayerische",
    ]);
    assert!(
        found.contains(
            "    likely the same as Bayerische Motorenwerke (BMW) AG (bayerische-motorenwerke-bmw-ag)\n"
        ),
        "{found}"
    );
    let output = dealgraph()
        .args(["--no-default-data", "--data", donations, "-v", "stats"])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(
        said.contains("likely duplicates: Bayerische Motorenwerke AG (bayerische-motorenwerke-ag), Bayerische Motorenwerke (BMW) AG (bayerische-motorenwerke-bmw-ag)\n"),
        "{said}"
    );
}

#[test]
fn entities_with_different_core_names_are_not_likely_duplicates() {
    let (_dir, path) = temp_file(
        "cars.json",
        r#"{"entities": [
  {"id": "audi", "name": "Audi AG", "kind": "company"},
  {"id": "audi-person", "name": "Audi", "kind": "person"},
  {"id": "vw", "name": "Volkswagen AG", "kind": "company"}
]}"#,
    );
    let doc = validated(&["--no-default-data", path.to_str().unwrap()]);
    assert_eq!(doc["ok"], true, "{doc}");
    assert!(doc["loaded"].get("likely_duplicates").is_none(), "{doc}");
}

#[test]
fn nine_mistakes_of_four_kinds_are_reported_located_in_one_run() {
    let text = std::fs::read_to_string(common::root().join("examples/mistakes.json")).unwrap();
    let (_dir, path) = temp_file("mistakes.json", &text);
    let doc = validated(&[path.to_str().unwrap()]);
    assert_eq!(doc["ok"], false, "{doc}");
    let problems = doc["problems"].as_array().unwrap();
    let at: Vec<(u64, u64)> = problems
        .iter()
        .map(|p| (p["line"].as_u64().unwrap(), p["column"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        at,
        [
            (4, 45),
            (5, 54),
            (6, 38),
            (9, 29),
            (12, 15),
            (14, 20),
            (16, 28),
            (18, 31),
            (19, 5)
        ],
        "{doc:#}"
    );
    let messages: Vec<&str> = problems
        .iter()
        .map(|p| p["message"].as_str().unwrap())
        .collect();
    for (i, kind) in [
        (1, "a trailing comma"),
        (2, "a comma is missing"),
        (0, "unknown entity kind"),
        (8, "has no \"sources\""),
        (4, "month 13"),
        (5, "\"stake_pct\" is 120"),
        (6, "must have a number"),
        (3, "names no entity: \"sensetme\""),
        (7, "unknown source \"note\""),
    ] {
        assert!(messages[i].contains(kind), "{i}: {}", messages[i]);
    }
}

#[test]
fn a_json_lines_file_goes_on_after_a_line_that_is_not_json() {
    let (_dir, path) = temp_file(
        "broken.ijson",
        r#"{"id": "a", "schema": "Company", "properties": {"name": ["A"]}}
{"id": "b", "schema": "Company",
{"id": "c", "properties": {"name": ["C"]}}
{"id": "d", "schema": "Company", "properties": {"name": ["D"]}},
{"schema": "Company", "properties": {"name": ["E"]}}
"#,
    );
    let doc = validated(&["--no-default-data", path.to_str().unwrap()]);
    let lines: Vec<u64> = doc["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [2, 3, 4, 5], "{doc:#}");
}

#[test]
fn a_syntax_mistake_that_cannot_be_mended_is_still_reported_where_it_is() {
    let (_dir, path) = temp_file(
        "bad.json",
        "{\"entities\": [\n  {\"id\": \"a\", \"name\": A, \"kind\": \"company\"}\n]}\n",
    );
    let doc = validated(&["--no-default-data", path.to_str().unwrap()]);
    let problems = doc["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1, "{doc:#}");
    assert_eq!(problems[0]["line"], 2, "{doc:#}");
    assert!(
        problems[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("JSON syntax"),
        "{doc:#}"
    );
}

#[test]
fn comments_single_quotes_a_missing_colon_and_an_extra_bracket_are_mended_and_the_fields_still_checked()
 {
    let (_dir, path) = temp_file(
        "hand-edited.json",
        r#"{
  "sources": [{"id": "s", 'title': 't'}],
  "entities": [ // the firms
    {"id": "a", "name": "A", "kind": "compny", "founded": "2019-14"},
    {"id": "b", "name" "B", "kind": "company"},
    {"id": "c", "name": "C", "kind": "company", "country": "XX"}}
  ],
  "relations": [
    {"from": "a", "to": "zz", "type": "invests", "status": "confirmed", "date": "2019-13",
     "sources": [{"source": "s"}]}
  ]
}
"#,
    );
    let doc = validated(&["--no-default-data", path.to_str().unwrap()]);
    assert_eq!(doc["ok"], false, "{doc}");
    let said: Vec<String> = doc["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            format!(
                "{}:{} {}",
                p["line"],
                p["column"],
                p["message"].as_str().unwrap()
            )
        })
        .collect();
    let expected = [
        "2:27 JSON syntax: single quotes",
        "2:36 JSON syntax: single quotes",
        "3:17 JSON syntax: a comment",
        "4:38 \"kind\" in entities[0]: unknown entity kind \"compny\"",
        "4:59 \"founded\" in entities[0]: \"2019-14\"",
        "5:24 JSON syntax: a colon is missing",
        "6:60 unknown country code \"XX\"",
        "6:65 JSON syntax: \"}\" inside an array",
        "9:25 \"to\" names no entity: \"zz\"",
        "9:39 \"type\" in relations[0]: unknown relation type \"invests\"",
        "9:81 \"date\" in relations[0]: \"2019-13\"",
    ];
    assert_eq!(said.len(), expected.len(), "{said:#?}");
    for (said, expected) in said.iter().zip(expected) {
        assert!(said.starts_with(expected), "{said} is not {expected}");
    }
    // Entity "a" is there with a bad kind: the relation naming it is not blamed for it.
    assert!(!said.iter().any(|s| s.contains("\"a\"")), "{said:#?}");
}

#[test]
fn an_exported_selection_loads_beside_the_data_it_came_from() {
    let dir = tempfile::tempdir().unwrap();
    let shared = dir.path().join("shared.json");
    let shared = shared.to_str().unwrap();
    dealgraph()
        .args([
            "export",
            "json",
            "--overlap",
            "SenseTime",
            "Megvii",
            "-o",
            shared,
        ])
        .assert()
        .success();
    let alone = stdout_of(&["stats"]);
    let beside = dealgraph()
        .args(["--data", shared, "stats"])
        .output()
        .unwrap();
    assert!(
        beside.status.success(),
        "{}",
        String::from_utf8_lossy(&beside.stderr)
    );
    assert_eq!(String::from_utf8(beside.stdout).unwrap(), alone);
    assert_eq!(
        String::from_utf8_lossy(&beside.stderr),
        "loaded 1 file: 0 entities, 0 relations\n"
    );
    // Twice in one load, and at the prompt on top of what is loaded: still nothing new.
    assert_eq!(
        stdout_of(&["--data", shared, "--data", shared, "stats"]),
        alone
    );
    let script = format!("load {shared}\nstats\n");
    let output = dealgraph().write_stdin(script).output().unwrap();
    let said = String::from_utf8(output.stdout).unwrap();
    assert!(said.contains(&alone), "{said}");
}

#[test]
fn an_exported_record_that_was_changed_is_reported_with_both_values() {
    let dir = tempfile::tempdir().unwrap();
    let shared = dir.path().join("shared.json");
    dealgraph()
        .args(["export", "json", "--overlap", "SenseTime", "Megvii", "-o"])
        .arg(&shared)
        .assert()
        .success();
    let text = std::fs::read_to_string(&shared).unwrap();
    let changed = text.replacen(
        "\"name\": \"SenseTime\"",
        "\"name\": \"SenseTime Group\"",
        1,
    );
    assert_ne!(changed, text);
    std::fs::write(&shared, changed).unwrap();
    let output = dealgraph()
        .args(["--data", shared.to_str().unwrap(), "stats"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let said = String::from_utf8(output.stderr).unwrap();
    assert!(
        said.contains(
            "duplicate entity id \"sensetime\" (first defined at graph-data/facial-recognition.json:13:13) with other values (\"name\": \"SenseTime\" loaded, \"SenseTime Group\" here)"
        ),
        "{said}"
    );
    assert!(said.contains("1 problem in the data"), "{said}");
}
