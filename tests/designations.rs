//! Designation lists as facts of their entities: a list loaded beside the bundled world marks
//! the article's companies; `exposure` reaches them with the chain and the listing; the
//! `--listed` and `--listed-by` filters; the card, JSON and the exports that carry them back.
//!
//! The list here is made up for these tests (its authority, program and dates are invented);
//! it lists SenseTime by name so that it joins the bundled company as a real list would.

mod common;

use std::path::{Path, PathBuf};

use common::{dealgraph, json_of, stdout_of};
use serde_json::Value;

/// A made-up list in FollowTheMoney JSON lines: SenseTime, listed from 2019-10-09 by an
/// invented authority, and an invented company listed with it, owned by SenseTime.
const TEST_LIST: &str = r#"{"id": "test-co-1", "schema": "Company", "properties": {"name": ["SenseTime"], "country": ["cn"]}, "datasets": ["test_list"]}
{"id": "test-san-1", "schema": "Sanction", "properties": {"entity": ["test-co-1"], "authority": ["Test Ministry of Lists"], "program": ["Test Entity List"], "startDate": ["2019-10-09"], "reason": ["made up for a test"], "sourceUrl": ["https://example.invalid/test-list"]}, "datasets": ["test_list"]}
{"id": "test-co-2", "schema": "Company", "properties": {"name": ["Test Subsidiary Ltd"], "country": ["cn"]}, "datasets": ["test_list"]}
{"id": "test-own-1", "schema": "Ownership", "properties": {"owner": ["test-co-1"], "asset": ["test-co-2"]}}
{"id": "test-san-2", "schema": "Sanction", "properties": {"entity": ["test-co-2"], "authority": ["Other Test Office"], "program": ["Other Test Programme"], "startDate": ["2021-03"], "endDate": ["2023"]}, "datasets": ["other_test_list"]}
"#;

/// The made-up list written in a folder of its own (kept for the test's life).
fn test_list() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("test-list.ftm.json");
    std::fs::write(&path, TEST_LIST).unwrap();
    (dir, path)
}

/// The arguments that load the list beside the bundled world, then `args`.
fn with_list<'a>(list: &'a Path, args: &[&'a str]) -> Vec<&'a str> {
    let mut all = vec!["-q", "--data", list.to_str().unwrap()];
    all.extend_from_slice(args);
    all
}

fn ids(list: &Value, key: &str) -> Vec<String> {
    list.as_array()
        .unwrap_or_else(|| panic!("{key} is a list: {list}"))
        .iter()
        .map(|v| v[key].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn exposure_of_the_vision_fund_and_qualcomm_reaches_the_listed_sensetime_with_the_chain() {
    let (_dir, list) = test_list();
    for (investor, id, status) in [
        ("SoftBank Vision Fund", "softbank-vision-fund", "reported"),
        ("Qualcomm", "qualcomm", "confirmed"),
    ] {
        let doc = json_of(&with_list(&list, &["exposure", investor]));
        let listed = &doc["listed"];
        assert_eq!(ids(listed, "id")[0], "sensetime", "{investor}: {listed}");
        let sensetime = &listed[0];
        assert_eq!(sensetime["best_status"], status);
        let chain = &sensetime["chains"][0];
        let walked: Vec<&str> = chain["entities"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["id"].as_str().unwrap())
            .collect();
        assert_eq!(walked, [id, "sensetime"], "{investor}: {chain}");
        let listing = &sensetime["designations"][0];
        assert_eq!(listing["authority"], "Test Ministry of Lists");
        assert_eq!(listing["program"], "Test Entity List");
        assert_eq!(listing["start"], "2019-10-09");
        // SenseTime's listed subsidiary is reached one hop further, by `owns`.
        let subsidiary = listed
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["name"] == "Test Subsidiary Ltd")
            .unwrap_or_else(|| panic!("{investor} reaches the subsidiary: {listed}"));
        assert_eq!(
            subsidiary["chains"][0]["entities"][2]["name"],
            "Test Subsidiary Ltd"
        );
        // The government bodies are still there.
        assert_eq!(doc["reached"][0]["id"], "chongqing-police");
    }
    let out = stdout_of(&with_list(&list, &["exposure", "SoftBank Vision Fund"]));
    insta::assert_snapshot!("exposure_vision_fund_with_a_test_list", out);
    assert!(out.contains(
        "SoftBank Vision Fund reaches 2 listed entities among its portfolio companies and their owners and subsidiaries"
    ));
    assert!(out.contains("listed: Test Ministry of Lists, Test Entity List, since 2019-10-09"));
}

#[test]
fn exposure_as_of_a_day_before_the_listing_reaches_no_listed_entity() {
    let (_dir, list) = test_list();
    let before = json_of(&with_list(
        &list,
        &["exposure", "Qualcomm", "--as-of", "2019-10-08"],
    ));
    assert_eq!(before["listed"], serde_json::json!([]), "{before}");
    let text = stdout_of(&with_list(
        &list,
        &["exposure", "Qualcomm", "--as-of", "2019-10-08"],
    ));
    assert!(text.contains("Qualcomm reaches no listed entity"), "{text}");
    let on = json_of(&with_list(
        &list,
        &["exposure", "Qualcomm", "--as-of", "2019-10-09"],
    ));
    assert_eq!(ids(&on["listed"], "id"), ["sensetime"]);
    // The subsidiary's listing began in 2021 and ended in 2023.
    let during = json_of(&with_list(
        &list,
        &["exposure", "Qualcomm", "--as-of", "2022"],
    ));
    assert_eq!(
        ids(&during["listed"], "name"),
        ["SenseTime", "Test Subsidiary Ltd"]
    );
    let after = json_of(&with_list(
        &list,
        &["exposure", "Qualcomm", "--as-of", "2024"],
    ));
    assert_eq!(ids(&after["listed"], "name"), ["SenseTime"]);
}

#[test]
fn without_a_list_exposure_says_nothing_of_listings() {
    let out = stdout_of(&["exposure", "Qualcomm"]);
    assert!(!out.contains("listed"), "{out}");
    assert_eq!(
        json_of(&["exposure", "Qualcomm"])["listed"],
        serde_json::json!([])
    );
}

#[test]
fn find_keeps_only_listed_entities_with_listed_and_listed_by() {
    let (_dir, list) = test_list();
    let all = json_of(&with_list(&list, &["find", "sense"]));
    assert!(all.as_array().unwrap().len() > 1, "{all}");
    let listed = json_of(&with_list(&list, &["find", "sense", "--listed"]));
    assert_eq!(ids(&listed, "id"), ["sensetime"]);
    let by = json_of(&with_list(
        &list,
        &["find", "test", "--listed-by", "other test"],
    ));
    assert_eq!(ids(&by, "name"), ["Test Subsidiary Ltd"]);
    let none = json_of(&with_list(
        &list,
        &["find", "sense", "--listed-by", "commerce"],
    ));
    assert_eq!(none, serde_json::json!([]));
    let before = stdout_of(&with_list(
        &list,
        &["find", "sense", "--listed", "--as-of", "2018"],
    ));
    assert_eq!(
        before,
        "nothing matches \"sense\" with listed, as of 2018\n"
    );
}

#[test]
fn neighbours_keeps_only_listed_entities_with_listed_and_listed_by() {
    let (_dir, list) = test_list();
    let args = ["neighbours", "Qualcomm", "--depth", "2"];
    let all = json_of(&with_list(&list, &args));
    assert!(all["reached"].as_array().unwrap().len() > 2, "{all}");
    let mut listed_args = args.to_vec();
    listed_args.push("--listed");
    let listed = json_of(&with_list(&list, &listed_args));
    assert_eq!(
        ids(&listed["reached"], "name"),
        ["SenseTime", "Test Subsidiary Ltd"]
    );
    assert_eq!(listed["filter"], "listed");
    let by = json_of(&with_list(
        &list,
        &[
            "neighbours",
            "Qualcomm",
            "--depth",
            "2",
            "--listed-by",
            "ministry of lists",
        ],
    ));
    assert_eq!(ids(&by["reached"], "name"), ["SenseTime"]);
}

#[test]
fn portfolio_keeps_only_listed_companies_with_listed_and_listed_by() {
    let (_dir, list) = test_list();
    let all = json_of(&with_list(&list, &["portfolio", "Alibaba"]));
    assert!(all["investments"].as_array().unwrap().len() > 1, "{all}");
    let listed = json_of(&with_list(&list, &["portfolio", "Alibaba", "--listed"]));
    let companies: Vec<&str> = listed["investments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["company"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(companies, ["SenseTime"]);
    let other = json_of(&with_list(
        &list,
        &["portfolio", "Alibaba", "--listed-by", "other_test_list"],
    ));
    assert_eq!(other["investments"], serde_json::json!([]));
}

#[test]
fn stats_counts_only_listed_entities_with_listed_and_listed_by() {
    let (_dir, list) = test_list();
    let all = json_of(&with_list(&list, &["stats"]));
    assert_eq!(all["listed_by"]["Test Ministry of Lists"], 1);
    assert_eq!(all["listed_by"]["Other Test Office"], 1);
    let listed = json_of(&with_list(&list, &["stats", "--listed"]));
    assert_eq!(listed["entities"], 2);
    assert_eq!(listed["kinds"]["company"], 2);
    let by = json_of(&with_list(
        &list,
        &["stats", "--listed-by", "other test office"],
    ));
    assert_eq!(by["entities"], 1);
    assert_eq!(by["most_connected"][0]["name"], "Test Subsidiary Ltd");
    let before = json_of(&with_list(&list, &["stats", "--listed", "--as-of", "2019"]));
    assert_eq!(before["entities"], 1, "the subsidiary is listed from 2021");
    let text = stdout_of(&with_list(&list, &["stats", "--listed"]));
    assert!(text.contains("counted: the listed entities and their relations (listed)"));
    assert!(text.contains("listed entities by authority"));
}

#[test]
fn the_card_shows_the_designations_in_text_and_json() {
    let (_dir, list) = test_list();
    let out = stdout_of(&with_list(&list, &["show", "Test Subsidiary Ltd"]));
    insta::assert_snapshot!("card_of_a_listed_test_company", out);
    let card = stdout_of(&with_list(&list, &["show", "SenseTime"]));
    assert!(card.contains(
        "designations (1)\n  Test Ministry of Lists, Test Entity List, since 2019-10-09\n      list test_list\n      made up for a test\n      https://example.invalid/test-list\n"
    ));
    let doc = json_of(&with_list(&list, &["show", "SenseTime"]));
    let listing = &doc["entity"]["designations"][0];
    assert_eq!(
        listing,
        &serde_json::json!({
            "authority": "Test Ministry of Lists",
            "program": "Test Entity List",
            "list": "test_list",
            "start": "2019-10-09",
            "reason": "made up for a test",
            "source_url": "https://example.invalid/test-list",
            "sources": [{"source": "test-list-ftm"}]
        })
    );
}

/// SenseTime's and the subsidiary's designations, as `show --json` gives them.
fn designations_of(args: &[&str]) -> Vec<Value> {
    ["SenseTime", "Test Subsidiary Ltd"]
        .iter()
        .map(|name| {
            let mut all = args.to_vec();
            all.extend(["show", name]);
            let mut doc = json_of(&all)["entity"]["designations"].clone();
            // The sources name the file the listing was read from, which differs.
            for d in doc.as_array_mut().unwrap() {
                d.as_object_mut().unwrap().remove("sources");
            }
            doc
        })
        .collect()
}

#[test]
fn ftm_in_ftm_out_ftm_in_keeps_the_designations() {
    let (dir, list) = test_list();
    let first = designations_of(&["-q", "--no-default-data", "--data", list.to_str().unwrap()]);
    assert_eq!(first[0][0]["authority"], "Test Ministry of Lists");
    assert_eq!(first[1][0]["end"], "2023");
    let out = dir.path().join("again.ftm.json");
    let out_arg = out.to_str().unwrap();
    dealgraph()
        .args(["-q", "--no-default-data", "--data", list.to_str().unwrap()])
        .args(["export", "ftm", "-o", out_arg])
        .assert()
        .success();
    let written = std::fs::read_to_string(&out).unwrap();
    let sanctions: Vec<Value> = written
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|r| r["schema"] == "Sanction")
        .collect();
    assert_eq!(sanctions.len(), 2, "{written}");
    assert_eq!(sanctions[0]["properties"]["program"][0], "Test Entity List");
    assert_eq!(sanctions[0]["datasets"][0], "test_list");
    let again = designations_of(&["-q", "--no-default-data", "--data", out_arg]);
    assert_eq!(again, first);
}

#[test]
fn the_native_json_export_keeps_the_designations_and_loads_back() {
    let (dir, list) = test_list();
    let first = designations_of(&with_list(&list, &[]));
    let out = dir.path().join("world.json");
    let out_arg = out.to_str().unwrap();
    dealgraph()
        .args(with_list(&list, &["export", "json", "-o", out_arg]))
        .assert()
        .success();
    let again = designations_of(&["-q", "--no-default-data", "--data", out_arg]);
    assert_eq!(again, first);
    for format in ["graphml", "cypher"] {
        let text = stdout_of(&with_list(&list, &["export", format]));
        assert!(
            text.contains("Test Ministry of Lists, Test Entity List, since 2019-10-09"),
            "{format} carries the listing"
        );
    }
}

#[test]
fn a_designation_that_names_no_authority_or_ends_before_it_starts_is_a_located_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.json");
    std::fs::write(
        &path,
        r#"{
  "sources": [{"id": "test-src", "title": "A made-up test source"}],
  "entities": [
    {"id": "test-a", "name": "Test A", "kind": "company",
     "designations": [{"reason": "no one lists it"}]},
    {"id": "test-b", "name": "Test B", "kind": "company",
     "designations": [{"authority": "Test", "start": "2020", "end": "2019"}]}
  ]
}
"#,
    )
    .unwrap();
    let error = common::failure_of(&[
        "--no-default-data",
        "--data",
        path.to_str().unwrap(),
        "stats",
    ]);
    assert!(error.contains("bad.json:5:"), "{error}");
    assert!(
        error.contains("names no \"authority\", \"program\" or \"list\""),
        "{error}"
    );
    assert!(error.contains("bad.json:7:"), "{error}");
    assert!(
        error.contains("\"end\" 2019 is before \"start\" 2020"),
        "{error}"
    );
}

#[test]
fn exposure_all_ranks_investors_by_listed_entities_and_government_bodies_reached() {
    let (_dir, list) = test_list();
    let doc = json_of(&with_list(&list, &["exposure", "--all", "--as-of", "2022"]));
    let investors = doc["investors"].as_array().unwrap();
    let qualcomm = investors.iter().find(|r| r["id"] == "qualcomm").unwrap();
    assert_eq!(qualcomm["listed"], 2);
    assert_eq!(qualcomm["government_bodies"], 1);
    let totals: Vec<u64> = investors
        .iter()
        .map(|r| r["listed"].as_u64().unwrap() + r["government_bodies"].as_u64().unwrap())
        .collect();
    assert!(totals.windows(2).all(|w| w[0] >= w[1]), "{totals:?}");
    // Each investor's count is the one its own exposure gives.
    let own = json_of(&with_list(
        &list,
        &["exposure", "Qualcomm", "--as-of", "2022"],
    ));
    assert_eq!(own["listed"].as_array().unwrap().len(), 2);
    assert_eq!(own["reached"].as_array().unwrap().len(), 1);
    let out = stdout_of(&with_list(&list, &["exposure", "--all", "--top", "3"]));
    insta::assert_snapshot!("exposure_all_with_a_test_list", out);
    let before = json_of(&with_list(&list, &["exposure", "--all", "--as-of", "2018"]));
    assert!(
        before["investors"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["listed"] == 0),
        "{before}"
    );
}

#[test]
fn under_as_of_the_card_marks_the_designations_not_in_force_that_day() {
    let (_dir, list) = test_list();
    // Listed from 2021-03 to 2023: in force in 2022, not in 2024 nor in 2020.
    let in_force = stdout_of(&with_list(
        &list,
        &["show", "Test Subsidiary Ltd", "--as-of", "2022"],
    ));
    assert!(
        in_force.contains("  Other Test Office, Other Test Programme, from 2021-03 to 2023\n"),
        "{in_force}"
    );
    for day in ["2024", "2020"] {
        let card = stdout_of(&with_list(
            &list,
            &["show", "Test Subsidiary Ltd", "--as-of", day],
        ));
        assert!(
            card.contains(&format!(
                "  Other Test Office, Other Test Programme, from 2021-03 to 2023  (not in force as of {day})\n"
            )),
            "{card}"
        );
        let doc = json_of(&with_list(
            &list,
            &["show", "Test Subsidiary Ltd", "--as-of", day],
        ));
        assert_eq!(doc["designations_not_in_force"], serde_json::json!([0]));
    }
    let without = json_of(&with_list(&list, &["show", "Test Subsidiary Ltd"]));
    assert!(
        without.get("designations_not_in_force").is_none(),
        "{without}"
    );
}

/// A made-up edition of a list in the layout of `cn_sanctions.csv` (read through
/// `examples/cn_sanctions.yml`): SenseTime by its name in capitals, and a company by a Wikidata
/// id that a test-only dataset gives another name. The authority, lists, dates and the id are
/// invented for the test.
const TEST_CN_LAYOUT: &str = "Type,QID,Name,Alias,Chinese name,Country,Topics,Summary,Chinese summary,Body,List,Date,End date,Source URL,Address
Company,,SENSETIME,,,CN,sanction,,,Test Ministry of Lists,Test Entity List,09.10.2019,,https://example.invalid/test-list,
Company,Q99999999,Test Listed Holdings,,,CN,export.control,,,Test Ministry of Lists,Test Export List,01.03.2021,,,
";

/// A test-only dataset with a company known by the Wikidata id the list gives.
const TEST_IDS: &str = r#"{"sources": [{"id": "test-only", "title": "A test-only file"}],
 "entities": [{"id": "test-holdings", "name": "Test Holdings Group", "kind": "company",
   "identifiers": {"wikidata": "Q99999999"}, "sources": [{"source": "test-only"}]}]}"#;

#[test]
fn a_list_read_through_the_cn_sanctions_mapping_joins_known_entities_by_folded_name_and_identifier()
{
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("list.csv"), TEST_CN_LAYOUT).unwrap();
    std::fs::write(dir.path().join("ids.json"), TEST_IDS).unwrap();
    let mapping = common::root().join("examples/cn_sanctions.yml");
    let run = |args: &[&str]| {
        let out = dealgraph()
            .current_dir(dir.path())
            .args(["--data", "ids.json", "--data", "list.csv", "--mapping"])
            .arg(&mapping)
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        (
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    let (card, report) = run(&["show", "SenseTime"]);
    // Both rows joined an entity already loaded: no new company.
    assert!(
        report.contains("1 entity, 0 relations, 2 merged with known entities"),
        "{report}"
    );
    assert!(
        card.starts_with("SenseTime  company · CN · id sensetime\n"),
        "{card}"
    );
    assert!(
        card.contains(
            "designations (1)\n  Test Ministry of Lists, Test Entity List, since 2019-10-09\n"
        ),
        "{card}"
    );
    let (card, _) = run(&["-q", "show", "Test Holdings Group"]);
    assert!(
        card.contains("  aliases     Test Listed Holdings\n"),
        "{card}"
    );
    assert!(
        card.contains("  Test Ministry of Lists, Test Export List, since 2021-03-01\n"),
        "{card}"
    );
    // The article's question: the Vision Fund reaches the listed SenseTime, from the day it
    // was listed.
    let (exposure, _) = run(&["-q", "--json", "exposure", "SoftBank Vision Fund"]);
    let doc: Value = serde_json::from_str(&exposure).unwrap();
    assert_eq!(ids(&doc["listed"], "id"), ["sensetime"], "{doc}");
    let (before, _) = run(&[
        "-q",
        "--json",
        "exposure",
        "SoftBank Vision Fund",
        "--as-of",
        "2019-10-08",
    ]);
    let doc: Value = serde_json::from_str(&before).unwrap();
    assert_eq!(doc["listed"], serde_json::json!([]), "{doc}");
    let (listed, _) = run(&["-q", "find", "Test", "--listed-by", "test export list"]);
    assert_eq!(
        listed
            .lines()
            .map(|l| l.split("  ").next().unwrap())
            .collect::<Vec<_>>(),
        ["Test Holdings Group"]
    );
}

#[test]
fn find_without_a_text_lists_every_listed_entity_by_name() {
    let (_dir, list) = test_list();
    let listed = json_of(&with_list(&list, &["find", "--listed"]));
    assert_eq!(ids(&listed, "name"), ["SenseTime", "Test Subsidiary Ltd"]);
    let by = json_of(&with_list(&list, &["find", "--listed-by", "test ministry"]));
    assert_eq!(ids(&by, "id"), ["sensetime"]);
    let capped = json_of(&with_list(&list, &["find", "--listed", "--limit", "1"]));
    assert_eq!(ids(&capped, "name"), ["SenseTime"]);
    let none = stdout_of(&with_list(&list, &["find", "--listed", "--as-of", "2018"]));
    assert_eq!(none, "no entity passes the filter (listed; as of 2018)\n");
    // Without a listing flag, a text is still required.
    common::refused_with(&["find"], "<TEXT>");
}
