//! The query commands on the bundled data, through the real binary: the article's questions,
//! the human output of each command (snapshots), and the JSON documents programs read.

mod common;

use common::{dealgraph, fails_with, json_of, stdout_of};

#[test]
fn overlap_of_sensetime_and_megvii_is_alibaba() {
    let out = stdout_of(&["overlap", "SenseTime", "Megvii"]);
    insta::assert_snapshot!("overlap_sensetime_megvii", out);
    assert!(out.starts_with("SenseTime and Megvii share 1 investor"));
    let doc = json_of(&["overlap", "SenseTime", "Megvii"]);
    let shared = doc["shared"].as_array().unwrap();
    assert_eq!(shared.len(), 1);
    assert_eq!(shared[0]["investor"]["id"], "alibaba");
    // The rounds on both sides: confirmed in SenseTime, expected in Megvii's new round.
    let stakes = shared[0]["stakes"].as_array().unwrap();
    assert_eq!(stakes[0]["relations"][0]["status"], "confirmed");
    assert_eq!(stakes[1]["relations"][0]["status"], "expected");
    assert_eq!(stakes[1]["relations"][0]["round"], "new round");
    assert_eq!(doc["pairs"][0]["jaccard"], 0.083);
}

#[test]
fn overlap_is_the_same_whichever_company_comes_first() {
    let ab = json_of(&["overlap", "SenseTime", "Megvii"]);
    let ba = json_of(&["overlap", "Megvii", "SenseTime"]);
    assert_eq!(ab["shared"][0]["investor"], ba["shared"][0]["investor"]);
    assert_eq!(ab["pairs"][0]["jaccard"], ba["pairs"][0]["jaccard"]);
}

#[test]
fn path_from_the_vision_fund_to_the_chongqing_police_runs_through_sensetime() {
    let out = stdout_of(&["path", "SoftBank Vision Fund", "Chongqing police"]);
    insta::assert_snapshot!("path_vision_fund_chongqing_police", out);
    assert!(out.starts_with(
        "SoftBank Vision Fund → SenseTime → Police Department in Chongqing  (2 hops, weakest status reported)"
    ));
    // The stake in its true direction, as reported, with the article's words.
    assert!(out.contains("SoftBank Vision Fund  invests in  SenseTime  reported  USD 1 billion"));
    assert!(out.contains(
        "“SoftBank’s $100 billion Vision Fund was seeking a $1 billion stake in SenseTime”"
    ));

    // Walked the other way, every hop still reads in its true direction.
    let back = stdout_of(&["path", "Chongqing police", "SoftBank Vision Fund"]);
    assert!(back.contains("SoftBank Vision Fund  invests in  SenseTime"));
    assert!(back.contains("SenseTime  has contracts with  Police Department in Chongqing"));
}

#[test]
fn path_with_only_confirmed_relations_is_not_found_and_says_why() {
    let output = dealgraph()
        .args([
            "path",
            "SoftBank Vision Fund",
            "Chongqing police",
            "--status",
            "confirmed",
        ])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "no path is an answer, not an error"
    );
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "no path from SoftBank Vision Fund to Police Department in Chongqing with status \
         confirmed; there is one of length 2 when reported relations are allowed\n"
    );

    let doc = json_of(&[
        "path",
        "SoftBank Vision Fund",
        "Chongqing police",
        "--status",
        "confirmed",
    ]);
    assert_eq!(doc["paths"].as_array().unwrap().len(), 0);
    assert_eq!(doc["no_path"]["blocked_by"][0]["filter"], "status");
    assert_eq!(doc["no_path"]["blocked_by"][0]["length"], 2);
}

#[test]
fn no_path_names_each_blocking_filter_or_says_they_are_not_connected() {
    let out = stdout_of(&[
        "path",
        "SoftBank",
        "Chongqing police",
        "--avoid",
        "SenseTime",
    ]);
    assert_eq!(
        out,
        "no path from SoftBank to Police Department in Chongqing avoiding SenseTime; there is \
         one of length 3 when it may pass through SenseTime\n"
    );
    let out = stdout_of(&["path", "SoftBank", "Chongqing police", "--kind", "company"]);
    assert!(
        out.ends_with("there is one of length 3 when it may pass through entities of kind fund\n"),
        "{out}"
    );
    let out = stdout_of(&["path", "SoftBank", "Chongqing police", "--max-len", "2"]);
    assert!(
        out.ends_with("there is one of length 3 when it may have 3 hops\n"),
        "{out}"
    );
    let out = stdout_of(&["path", "SoftBank", "Chongqing police", "--directed"]);
    assert!(
        out.contains("SoftBank  owns  SoftBank Vision Fund"),
        "{out}"
    );
    let out = stdout_of(&["path", "Chongqing police", "SoftBank", "--directed"]);
    assert!(
        out.ends_with("there is one of length 3 when relations may be followed either way\n"),
        "{out}"
    );
    assert_eq!(
        stdout_of(&["path", "SenseTime", "Pentagon"]),
        "no path from SenseTime to Pentagon: they are not connected in the data\n"
    );
}

#[test]
fn k_shortest_paths_are_listed_shortest_first_with_every_hop_sourced() {
    let out = stdout_of(&["path", "Alibaba", "Face++", "--k", "3"]);
    insta::assert_snapshot!("path_alibaba_face_k3", out);
    let doc = json_of(&["path", "Qualcomm", "Chongqing police", "--k", "5"]);
    let paths = doc["paths"].as_array().unwrap();
    assert!(!paths.is_empty());
    for path in paths {
        for hop in path["hops"].as_array().unwrap() {
            for r in hop["relations"].as_array().unwrap() {
                assert!(
                    !r["sources"][0]["quote"].as_str().unwrap().is_empty(),
                    "a hop without its quote: {r}"
                );
            }
        }
    }
}

#[test]
fn as_of_marks_undated_relations_that_count_as_in_force() {
    let out = stdout_of(&[
        "path",
        "SoftBank Vision Fund",
        "Chongqing police",
        "--as-of",
        "2018",
    ]);
    assert!(out.contains("reported  USD 1 billion  undated"), "{out}");
    assert!(out.ends_with("filter: as of 2018\n"), "{out}");
    let doc = json_of(&["investors", "SenseTime", "--as-of", "2018"]);
    assert_eq!(doc["investments"][0]["relations"][0]["undated"], true);
    let doc = json_of(&["investors", "SenseTime"]);
    assert!(doc["investments"][0]["relations"][0]["undated"].is_null());
}

#[test]
fn neighbours_lists_entities_by_distance_with_what_reaches_them() {
    let out = stdout_of(&["neighbours", "Vision Fund", "--depth", "2", "--limit", "5"]);
    insta::assert_snapshot!("neighbours_vision_fund_depth_2", out);
    // Said as coinvestors says what --top cut, with the limit that lists them all.
    assert!(
        out.ends_with("6 more entities; --limit 11 lists them all\n"),
        "{out}"
    );
    assert_eq!(
        stdout_of(&["neighbors", "Vision Fund", "--depth", "2", "--limit", "5"]),
        out,
        "the American spelling is the same command"
    );
    let doc = json_of(&[
        "neighbours",
        "SenseTime",
        "--rel",
        "invests_in",
        "--dir",
        "in",
    ]);
    let reached = doc["reached"].as_array().unwrap();
    assert_eq!(reached.len(), 7);
    assert!(reached.iter().all(|r| r["distance"] == 1));
    assert!(
        reached
            .iter()
            .all(|r| r["via"][0]["type"] == "invests_in" && r["via"][0]["to"] == "sensetime")
    );
    assert_eq!(doc["cut"], 0);
}

#[test]
fn investors_list_rounds_statuses_and_sources() {
    let out = stdout_of(&["investors", "Megvii"]);
    insta::assert_snapshot!("investors_megvii", out);
    assert!(out.starts_with("Megvii: 6 investors"));
    let out = stdout_of(&["investors", "SenseTime", "--rollup"]);
    insta::assert_snapshot!("investors_sensetime_rollup", out);
    assert!(
        out.contains("  SoftBank  through SoftBank Vision Fund\n"),
        "{out}"
    );
    let out = stdout_of(&["investors", "SenseTime", "--status", "confirmed"]);
    assert!(out.starts_with("SenseTime: 6 investors"), "{out}");
    assert!(out.ends_with("1 more investment hidden by the filter (status confirmed)\n"));
}

#[test]
fn portfolio_with_rollup_includes_the_vision_funds_stake() {
    let plain = stdout_of(&["portfolio", "SoftBank"]);
    assert_eq!(
        plain,
        "SoftBank: 0 companies\nSoftBank owns 1 entity; --rollup includes their investments\n"
    );
    let out = stdout_of(&["portfolio", "SoftBank", "--rollup"]);
    insta::assert_snapshot!("portfolio_softbank_rollup", out);
    let doc = json_of(&["portfolio", "SoftBank", "--rollup"]);
    let stake = &doc["investments"][0];
    assert_eq!(stake["holder"]["id"], "softbank");
    assert_eq!(stake["investor"]["id"], "softbank-vision-fund");
    assert_eq!(stake["company"]["id"], "sensetime");
    assert_eq!(stake["ownership"][0]["type"], "owns");
    insta::assert_snapshot!("portfolio_alibaba", stdout_of(&["portfolio", "Alibaba"]));
}

#[test]
fn overlap_of_three_companies_lists_each_pair() {
    let out = stdout_of(&["overlap", "SenseTime", "Megvii", "Didi"]);
    insta::assert_snapshot!("overlap_three_companies", out);
    let doc = json_of(&["overlap", "SenseTime", "Megvii", "Didi"]);
    assert_eq!(doc["shared"].as_array().unwrap().len(), 0);
    assert_eq!(doc["pairs"].as_array().unwrap().len(), 3);
}

#[test]
fn overlap_all_ranks_every_pair_of_companies() {
    let out = stdout_of(&["overlap", "--all"]);
    insta::assert_snapshot!("overlap_all", out);
    let doc = json_of(&["overlap", "--all", "--top", "1", "--rollup"]);
    assert_eq!(doc["pairs_sharing"], 1);
    // The pairs are listed under the key `overlap A B` lists its pairs under.
    let top = &doc["pairs"][0];
    assert_eq!(
        (&top["a"]["id"], &top["b"]["id"]),
        (&"megvii".into(), &"sensetime".into())
    );
    assert_eq!(top["count"], 1);
    assert_eq!(top["jaccard"], 0.083);
}

#[test]
fn overlap_needs_two_companies_or_all() {
    fails_with(
        &["overlap", "SenseTime"],
        "name two or more different companies",
    );
}

#[test]
fn overlap_lists_the_pairs_that_share_the_most_and_says_how_many_more() {
    let three = ["overlap", "SenseTime", "Megvii", "Didi", "--top", "1"];
    let out = stdout_of(&three);
    assert!(
        out.contains("SenseTime & Megvii") && !out.contains("& Didi"),
        "{out}"
    );
    // One pair listed of three: the title speaks of all three companies, not of that pair.
    assert!(!out.contains("in all; Jaccard"), "{out}");
    assert!(
        out.ends_with("2 more pairs (1 of the 3 shares an investor); --top 3 lists them all\n"),
        "{out}"
    );
    let doc = json_of(&three);
    assert_eq!(doc["pairs"].as_array().unwrap().len(), 1);
    assert_eq!(
        (&doc["pairs_total"], &doc["pairs_sharing"]),
        (&3.into(), &1.into())
    );
    // Without --top, ten pairs at most: all three here.
    let default = json_of(&["overlap", "SenseTime", "Megvii", "Didi"]);
    assert_eq!(default["pairs"].as_array().unwrap().len(), 3);
}

#[test]
fn coinvestors_rank_who_invests_alongside() {
    let out = stdout_of(&["coinvestors", "Alibaba", "--top", "3"]);
    insta::assert_snapshot!("coinvestors_alibaba_top_3", out);
    assert!(
        out.ends_with("8 more co-investors; --top 11 lists them all\n"),
        "{out}"
    );
    let doc = json_of(&["coinvestors", "Vision Fund"]);
    let names: Vec<&str> = doc["coinvestors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 6);
    assert!(names.contains(&"alibaba") && !names.contains(&"softbank-vision-fund"));
}

#[test]
fn exposure_of_the_vision_fund_reaches_the_chongqing_police() {
    let out = stdout_of(&["exposure", "SoftBank Vision Fund"]);
    insta::assert_snapshot!("exposure_vision_fund", out);
    let doc = json_of(&["exposure", "SoftBank Vision Fund"]);
    let reached = doc["reached"].as_array().unwrap();
    assert_eq!(reached.len(), 1);
    assert_eq!(reached[0]["id"], "chongqing-police");
    assert_eq!(reached[0]["best_status"], "reported");
    let chain = &reached[0]["chains"][0];
    let ids: Vec<&str> = chain["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        ["softbank-vision-fund", "sensetime", "chongqing-police"]
    );
    assert_eq!(chain["weakest_status"], "reported");
}

#[test]
fn exposure_of_softbank_goes_through_its_fund_with_rollup() {
    let plain = stdout_of(&["exposure", "SoftBank"]);
    assert!(
        plain.contains("--rollup includes their investments"),
        "{plain}"
    );
    let out = stdout_of(&["exposure", "SoftBank", "--rollup"]);
    insta::assert_snapshot!("exposure_softbank_rollup", out);
    assert!(
        out.contains(
            "SoftBank → SoftBank Vision Fund → SenseTime → Police Department in Chongqing"
        )
    );
    let confirmed = stdout_of(&["exposure", "SoftBank", "--rollup", "--status", "confirmed"]);
    assert!(confirmed.starts_with("SoftBank reaches no government body"));
}

#[test]
fn the_prompt_answers_queries_as_the_command_line_does() {
    let script = "path 'SoftBank Vision Fund' 'Chongqing police'\noverlap SenseTime Megvii\n";
    let expected = stdout_of(&["path", "SoftBank Vision Fund", "Chongqing police"])
        + &stdout_of(&["overlap", "SenseTime", "Megvii"]);
    dealgraph()
        .write_stdin(script)
        .assert()
        .success()
        .stdout(expected);
}

#[test]
fn owners_lists_who_owns_an_entity_nearest_first() {
    let out = stdout_of(&["owners", "Vision Fund"]);
    assert!(
        out.starts_with("SoftBank Vision Fund: 1 owner, 1 directly"),
        "{out}"
    );
    assert!(out.contains("SoftBank  owns  SoftBank Vision Fund  confirmed"));
    let json = json_of(&["owners", "SenseTime"]);
    assert_eq!(json["entity"]["name"], "SenseTime");
    assert_eq!(json["owners"].as_array().unwrap().len(), 0);
}

#[test]
fn subsidiaries_lists_what_an_entity_owns_nearest_first() {
    let out = stdout_of(&["subsidiaries", "SoftBank"]);
    assert!(
        out.starts_with("SoftBank: 1 subsidiary, 1 directly"),
        "{out}"
    );
    assert!(out.contains("SoftBank  owns  SoftBank Vision Fund  confirmed"));
    let json = json_of(&["subsidiaries", "SenseTime"]);
    assert_eq!(json["entity"]["name"], "SenseTime");
    assert_eq!(json["subsidiaries"].as_array().unwrap().len(), 0);
}

#[test]
fn ubo_multiplies_a_range_along_a_chain_and_says_where_a_cycle_closes() {
    // Test data: trust holds 25–50% of holding, which holds 60% of the company; the company
    // holds 10% of the trust, a cycle. The trust's effective share is 15–30%.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("owners.json");
    std::fs::write(
        &file,
        r#"{"sources":[{"id":"r","title":"Register"}],
"entities":[{"id":"co","name":"Company","kind":"company"},
{"id":"holding","name":"Holding","kind":"company"},
{"id":"trust","name":"Trust","kind":"organization"}],
"relations":[
{"from":"holding","to":"co","type":"owns","status":"confirmed","stake_pct":60,"sources":[{"source":"r"}]},
{"from":"trust","to":"holding","type":"owns","status":"confirmed","stake_range":[25,50],"sources":[{"source":"r"}]},
{"from":"co","to":"trust","type":"owns","status":"confirmed","stake_pct":10,"sources":[{"source":"r"}]}]}"#,
    )
    .unwrap();
    let file = file.to_str().unwrap();
    let json = json_of(&["--no-default-data", "--data", file, "ubo", "Company"]);
    let trust = json["owners"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == "Trust")
        .unwrap();
    assert_eq!(
        trust["share"],
        serde_json::json!({"low_pct": 15.0, "high_pct": 30.0})
    );
    assert_eq!(json["cycles"][0]["from"], "co");
    assert_eq!(json["cycles"][0]["to"], "trust");
    let text = stdout_of(&["--no-default-data", "--data", file, "ubo", "Company"]);
    assert!(text.contains("Trust    15–30%"), "{text}");
    assert!(text.contains("cycles of ownership met"), "{text}");
    assert!(
        text.contains("Company  owns  Trust  confirmed  10% stake"),
        "{text}"
    );
    // A range that is not one is a located error, not a guess.
    std::fs::write(
        dir.path().join("bad.json"),
        r#"{"sources":[{"id":"r","title":"R"}],
"entities":[{"id":"a","name":"A","kind":"company"},{"id":"b","name":"B","kind":"company"}],
"relations":[{"from":"a","to":"b","type":"owns","status":"confirmed","stake_range":[50,25],"sources":[{"source":"r"}]}]}"#,
    )
    .unwrap();
    let bad = dir.path().join("bad.json");
    let out = dealgraph()
        .args(["--no-default-data", "validate"])
        .arg(&bad)
        .output()
        .unwrap();
    let said =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("bad.json:3:"), "{said}");
    assert!(said.contains("\"stake_range\" is [50, 25]"), "{said}");
}

#[test]
fn flows_never_add_two_currencies_and_name_the_weakest_status() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("money.json");
    std::fs::write(
        &file,
        r#"{"sources":[{"id":"m","title":"Filings"}],
"entities":[{"id":"p","name":"Party","kind":"organization","sources":[{"source":"m"}]},
{"id":"d","name":"Donor","kind":"company","sources":[{"source":"m"}]}],
"relations":[
{"from":"d","to":"p","type":"pays","status":"confirmed","amount":{"value":100,"currency":"EUR"},"date":"2020","sources":[{"source":"m"}]},
{"from":"d","to":"p","type":"pays","status":"reported","amount":{"value":50,"currency":"USD","qualifier":"about"},"date":"2021","sources":[{"source":"m"}]},
{"from":"d","to":"p","type":"pays","status":"confirmed","amount":{"value":25,"currency":"EUR"},"date":"2021","sources":[{"source":"m"}]}]}"#,
    )
    .unwrap();
    let file = file.to_str().unwrap();
    let flows = json_of(&["--no-default-data", "--data", file, "flows", "Party"]);
    let donor = &flows["incoming"]["top"][0];
    assert_eq!(donor["count"], 3);
    assert_eq!(donor["weakest_status"], "reported");
    assert_eq!(donor["years"], serde_json::json!([2020, 2021]));
    assert_eq!(
        donor["totals"],
        serde_json::json!([
            {"currency": "EUR", "value": 125.0, "amounts": 2},
            {"currency": "USD", "value": 50.0, "amounts": 1, "approximate": true}
        ])
    );
    let text = stdout_of(&["--no-default-data", "--data", file, "flows", "Party"]);
    assert!(
        text.starts_with("Party: EUR 125 + about USD 50 in, no amounts out"),
        "{text}"
    );
}

#[test]
fn exposure_counts_an_entitys_own_contracts_with_the_state() {
    let sensetime = json_of(&["exposure", "SenseTime"]);
    let reached = &sensetime["reached"][0];
    assert_eq!(reached["name"], "Police Department in Chongqing");
    assert_eq!(
        reached["chains"][0]["length"], 1,
        "its own contract: no portfolio between"
    );
    let microsoft = json_of(&["exposure", "Microsoft"]);
    assert_eq!(
        microsoft["reached"][0]["name"],
        "Immigration and Customs Enforcement"
    );
}

#[test]
fn overlap_with_an_investor_says_it_has_no_investors_and_suggests_portfolio() {
    let text = stdout_of(&["overlap", "SenseTime", "SoftBank"]);
    assert_eq!(
        text,
        "SenseTime and SoftBank share 0 investors (7 and 0 in all; Jaccard 0.000)\n\
         SoftBank has no investors; it owns 1 entity: `portfolio SoftBank --rollup` lists what \
         they invest in\n"
    );
    let text = stdout_of(&["overlap", "SenseTime", "SoftBank Vision Fund"]);
    assert!(
        text.contains(
            "SoftBank Vision Fund has no investors and invests in 1 company: \
             `portfolio \"SoftBank Vision Fund\"` lists it\n"
        ),
        "{text}"
    );
    let json = json_of(&["overlap", "SenseTime", "SoftBank"]);
    assert_eq!(json["hints"].as_array().unwrap().len(), 1);
    // An overlap that finds investors gives no hint.
    let json = json_of(&["overlap", "SenseTime", "Megvii"]);
    assert!(json.get("hints").is_none(), "{json}");
}

#[test]
fn coinvestors_and_portfolio_of_a_company_point_to_investors() {
    for command in ["coinvestors", "portfolio"] {
        let text = stdout_of(&[command, "SenseTime"]);
        assert!(
            text.ends_with(
                "SenseTime is funded by 7 investors: `investors SenseTime` lists them\n"
            ),
            "{command}: {text}"
        );
    }
}

#[test]
fn owners_subsidiaries_and_ubo_of_an_entity_in_another_role_say_which_command_fits() {
    for (args, hint) in [
        (
            ["owners", "SoftBank"],
            "SoftBank owns 1 entity: `subsidiaries SoftBank` lists it\n",
        ),
        (
            ["subsidiaries", "SenseTime"],
            "SenseTime is funded by 7 investors: `investors SenseTime` lists them\n",
        ),
        (
            ["ubo", "SenseTime"],
            "SenseTime is funded by 7 investors: `investors SenseTime` lists them\n",
        ),
    ] {
        let text = stdout_of(&args);
        assert!(text.ends_with(hint), "{args:?}: {text}");
        assert!(json_of(&args)["hint"].is_string(), "{args:?}");
    }
    // An answer that finds owners gives no hint.
    assert!(
        json_of(&["owners", "SoftBank Vision Fund"])
            .get("hint")
            .is_none()
    );
}

/// A portfolio company whose subsidiary holds a contract, and a company that owns one: made-up
/// test data, not facts.
const SUBSIDIARY_CONTRACT: &str = r#"{
  "sources": [{"id": "test", "title": "made-up test data"}],
  "entities": [
    {"id": "fund", "name": "Test Fund", "kind": "fund"},
    {"id": "parent", "name": "Parent Co", "kind": "company"},
    {"id": "sub", "name": "Sub Co", "kind": "company"},
    {"id": "agency", "name": "Test Agency", "kind": "government"}
  ],
  "relations": [
    {"from": "fund", "to": "parent", "type": "invests_in", "status": "confirmed",
     "sources": [{"source": "test"}]},
    {"from": "parent", "to": "sub", "type": "owns", "status": "confirmed",
     "sources": [{"source": "test"}]},
    {"from": "sub", "to": "agency", "type": "contracts_with", "status": "reported",
     "sources": [{"source": "test"}]}
  ]
}"#;

#[test]
fn exposure_reaches_the_state_through_the_contracts_of_subsidiaries() {
    let (_dir, file) = common::temp_file("subsidiary.json", SUBSIDIARY_CONTRACT);
    let data = file.to_str().unwrap();
    let names = |json: &serde_json::Value| -> Vec<String> {
        json["reached"][0]["chains"][0]["entities"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["name"].as_str().unwrap().to_string())
            .collect()
    };
    // An investor: through its portfolio company's subsidiary.
    let fund = json_of(&["--no-default-data", "--data", data, "exposure", "Test Fund"]);
    assert_eq!(fund["reached"][0]["name"], "Test Agency");
    assert_eq!(
        names(&fund),
        ["Test Fund", "Parent Co", "Sub Co", "Test Agency"]
    );
    // A company: its own subsidiary's contract, without --rollup.
    let parent = json_of(&["--no-default-data", "--data", data, "exposure", "Parent Co"]);
    assert_eq!(names(&parent), ["Parent Co", "Sub Co", "Test Agency"]);
    // The ranking counts it too.
    let all = json_of(&["--no-default-data", "--data", data, "exposure", "--all"]);
    assert_eq!(all["investors"][0]["name"], "Test Fund");
    assert_eq!(all["investors"][0]["government_bodies"], 1);
}

#[test]
fn an_overlap_says_when_a_shared_investor_is_not_confirmed_on_every_side() {
    let json = json_of(&["overlap", "SenseTime", "Megvii"]);
    assert_eq!(
        json["shared"][0]["statuses"],
        serde_json::json!(["confirmed", "expected"])
    );
    let text = stdout_of(&["overlap", "SenseTime", "Megvii"]);
    assert!(
        text.contains("; it is not confirmed on every side"),
        "{text}"
    );
    assert!(
        text.contains("  Alibaba  (SenseTime confirmed; Megvii expected)"),
        "{text}"
    );
}

#[test]
fn coinvestors_name_the_weaker_status_of_a_shared_company() {
    let json = json_of(&["coinvestors", "Alibaba", "--top", "20"]);
    let by_name = |name: &str| {
        json["coinvestors"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == name)
            .cloned()
            .unwrap()
    };
    assert_eq!(
        by_name("Boyu Capital")["statuses"],
        serde_json::json!(["expected"])
    );
    assert_eq!(
        by_name("Bank of China")["statuses"],
        serde_json::json!(["confirmed"])
    );
    assert_eq!(
        by_name("SoftBank Vision Fund")["statuses"],
        serde_json::json!(["reported"])
    );
}

#[test]
fn a_command_asked_of_an_entity_in_another_role_says_which_command_fits() {
    let portfolio = stdout_of(&["portfolio", "SenseTime"]);
    assert!(
        portfolio.contains("SenseTime is funded by 7 investors: `investors SenseTime` lists them"),
        "{portfolio}"
    );
    let investors = json_of(&["investors", "SoftBank Vision Fund"]);
    assert_eq!(
        investors["hint"],
        "SoftBank Vision Fund invests in 1 company: `portfolio \"SoftBank Vision Fund\"` lists it"
    );
    let coinvestors = stdout_of(&["coinvestors", "SenseTime"]);
    assert!(
        coinvestors.contains("`investors SenseTime`"),
        "{coinvestors}"
    );
    // An investor with stakes has no hint.
    assert!(json_of(&["portfolio", "Alibaba"]).get("hint").is_none());
}
