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
    assert!(card.contains("SenseTime  company · CN · id sensetime"), "{card}");
    let output = dealgraph()
        .args(["--data", path, "stats"])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(
        said.contains("1 conflict between merged records"),
        "{said}"
    );
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
    let found = stdout_of(&["--no-default-data", "--data", donations, "find", "Bayerische"]);
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
