//! Data built to make a query or an export hurt: shapes whose size once made a step take time
//! or memory in proportion to its square, and values that once made an exported file unreadable
//! by the tool it is meant for. Each test is named after what broke; the time each took before
//! its fix is in the commit that fixed it.

mod common;

use common::{stdout_of, temp_file};
use serde_json::{Value, json};

/// A native dataset of these entities (`(id, kind)`, named after their id) and relations
/// (`(from, type, to)`, confirmed).
fn dataset(entities: &[(String, &str)], relations: &[(String, &str, String)]) -> String {
    let entities: Vec<Value> = entities
        .iter()
        .map(|(id, kind)| json!({"id": id, "name": id, "kind": kind}))
        .collect();
    let relations: Vec<Value> = relations
        .iter()
        .map(|(from, kind, to)| {
            json!({"from": from, "to": to, "type": kind, "status": "confirmed",
                   "sources": [{"source": "s"}]})
        })
        .collect();
    json!({"sources": [{"id": "s", "title": "S"}], "entities": entities, "relations": relations})
        .to_string()
}

/// The JSON answer of `args` over the data file `path` alone.
fn answer(path: &std::path::Path, args: &[&str]) -> Value {
    let mut all = vec!["--no-default-data", "--data", path.to_str().unwrap()];
    all.extend(args);
    all.push("--json");
    serde_json::from_str(&stdout_of(&all)).unwrap()
}

/// A chain of 20,000 funds, each owning the next: the last invests in a startup that contracts
/// with a ministry; with `every_fund_invests`, each fund also invests in a company of its own.
fn nested_funds(every_fund_invests: bool) -> (tempfile::TempDir, std::path::PathBuf) {
    const FUNDS: usize = 20_000;
    let mut entities: Vec<(String, &str)> = (0..FUNDS).map(|i| (format!("f{i}"), "fund")).collect();
    entities.push(("startup".into(), "company"));
    entities.push(("ministry".into(), "government"));
    let mut relations: Vec<(String, &str, String)> = (1..FUNDS)
        .map(|i| (format!("f{}", i - 1), "owns", format!("f{i}")))
        .collect();
    relations.push((format!("f{}", FUNDS - 1), "invests_in", "startup".into()));
    relations.push(("startup".into(), "contracts_with", "ministry".into()));
    if every_fund_invests {
        entities.extend((0..FUNDS).map(|i| (format!("c{i}"), "company")));
        relations.extend((0..FUNDS).map(|i| (format!("f{i}"), "invests_in", format!("c{i}"))));
    }
    temp_file("nested.json", &dataset(&entities, &relations))
}

#[test]
fn portfolio_rollup_of_twenty_thousand_nested_funds_writes_out_only_the_chain_that_holds_a_stake() {
    let (_dir, path) = nested_funds(false);
    let portfolio = answer(&path, &["portfolio", "f0", "--rollup"]);
    let investments = portfolio["investments"].as_array().unwrap();
    assert_eq!(investments.len(), 1, "{portfolio:.2000}");
    assert_eq!(investments[0]["holder"]["id"], "f0");
    assert_eq!(investments[0]["investor"]["id"], "f19999");
    assert_eq!(investments[0]["company"]["id"], "startup");
    // The top, the fund below it, the investor's owner and the investor: three hops written
    // out, the 19,996 funds between left out and counted.
    assert_eq!(investments[0]["ownership"].as_array().unwrap().len(), 2);
    assert_eq!(investments[0]["elided"]["count"], 19_996);
    assert_eq!(investments[0]["elided"]["after"], "f1");
    assert_eq!(investments[0]["elided"]["before"], "f19998");
}

/// A chain of 10,000 funds, each owning the next and each holding a stake in a company of its
/// own that contracts with a ministry.
fn nested_funds_each_with_a_stake() -> (tempfile::TempDir, std::path::PathBuf) {
    const FUNDS: usize = 10_000;
    let mut entities: Vec<(String, &str)> = (0..FUNDS).map(|i| (format!("f{i}"), "fund")).collect();
    entities.extend((0..FUNDS).map(|i| (format!("c{i}"), "company")));
    entities.push(("ministry".into(), "government"));
    let mut relations: Vec<(String, &str, String)> = (1..FUNDS)
        .map(|i| (format!("f{}", i - 1), "owns", format!("f{i}")))
        .collect();
    for i in 0..FUNDS {
        relations.push((format!("f{i}"), "invests_in", format!("c{i}")));
        relations.push((format!("c{i}"), "contracts_with", "ministry".into()));
    }
    temp_file("nested-stakes.json", &dataset(&entities, &relations))
}

#[test]
fn rollup_is_quadratic_portfolio_and_exposure_of_ten_thousand_nested_funds_each_with_a_stake_elide_long_chains()
 {
    let (_dir, path) = nested_funds_each_with_a_stake();
    let file = path.to_str().unwrap();
    // Before, every stake carried its whole chain of owners: 50 million hops in all.
    let portfolio = answer(&path, &["portfolio", "f0", "--rollup"]);
    let investments = portfolio["investments"].as_array().unwrap();
    assert_eq!(investments.len(), 10_000);
    let hops: usize = investments
        .iter()
        .map(|i| i["ownership"].as_array().map_or(0, Vec::len))
        .sum();
    assert!(hops <= 3 * 10_000, "{hops} ownership hops written out");
    let deepest = investments
        .iter()
        .find(|i| i["investor"]["id"] == "f9999")
        .unwrap();
    assert_eq!(deepest["elided"]["count"], 9_996);
    let text = stdout_of(&[
        "--no-default-data",
        "--data",
        file,
        "portfolio",
        "f0",
        "--rollup",
    ]);
    assert!(text.len() < 20_000_000, "{} bytes of text", text.len());
    assert!(
        text.contains("c9999  through f1 → … 9996 more … → f9998 → f9999"),
        "{:.2000}",
        &text[text.len().saturating_sub(2000)..]
    );

    let exposure = answer(&path, &["exposure", "f0", "--rollup"]);
    let chains = exposure["reached"][0]["chains"].as_array().unwrap();
    assert_eq!(chains.len(), 10_000);
    let entities: usize = chains
        .iter()
        .map(|c| c["entities"].as_array().unwrap().len())
        .sum();
    assert!(entities <= 7 * 10_000, "{entities} entities written out");
    let longest = chains.iter().map(|c| c["length"].as_u64().unwrap()).max();
    assert_eq!(
        longest,
        Some(10_001),
        "a chain's length counts what it leaves out"
    );
    let text = stdout_of(&[
        "--no-default-data",
        "--data",
        file,
        "exposure",
        "f0",
        "--rollup",
    ]);
    assert!(text.len() < 20_000_000, "{} bytes of text", text.len());
    assert!(text.contains("… through 9996 more owners, left out"));
    assert!(
        text.contains("f0 → f1 → … 9996 more … → f9998 → f9999 → c9999 → ministry  (10001 hops")
    );
}

#[test]
fn exposure_rollup_of_twenty_thousand_nested_funds_writes_out_only_the_chain_that_reaches_the_state()
 {
    let (_dir, path) = nested_funds(true);
    let exposure = answer(&path, &["exposure", "f0", "--rollup"]);
    let reached = exposure["reached"].as_array().unwrap();
    assert_eq!(reached.len(), 1, "{exposure:.2000}");
    assert_eq!(reached[0]["id"], "ministry");
    let chains = reached[0]["chains"].as_array().unwrap();
    assert_eq!(chains.len(), 1);
    // Every fund, then the startup and the ministry.
    assert_eq!(chains[0]["length"], 20_001);
}

#[test]
fn export_focus_of_a_fund_with_fifty_thousand_companies_reads_the_fund_once_per_step() {
    const COMPANIES: usize = 50_000;
    let mut entities: Vec<(String, &str)> = vec![("hub".into(), "fund")];
    entities.extend((0..COMPANIES).map(|i| (format!("c{i}"), "company")));
    let relations: Vec<(String, &str, String)> = (0..COMPANIES)
        .map(|i| ("hub".into(), "invests_in", format!("c{i}")))
        .collect();
    let (_dir, path) = temp_file("hub.json", &dataset(&entities, &relations));
    let exported = stdout_of(&[
        "--no-default-data",
        "--data",
        path.to_str().unwrap(),
        "export",
        "json",
        "--focus",
        "hub",
    ]);
    let exported: Value = serde_json::from_str(&exported).unwrap();
    assert_eq!(
        exported["entities"].as_array().unwrap().len(),
        COMPANIES + 1
    );
    assert_eq!(exported["relations"].as_array().unwrap().len(), COMPANIES);
}

#[test]
fn an_ftm_payment_of_ten_thousand_payers_and_beneficiaries_makes_ten_thousand_relations_and_says_where()
 {
    const ENDS: usize = 10_000;
    let mut text = String::new();
    for i in 0..ENDS {
        let payer = json!({"id": format!("p{i}"), "schema": "Person", "properties": {"name": [format!("Payer {i}")]}});
        let party = json!({"id": format!("o{i}"), "schema": "Organization", "properties": {"name": [format!("Party {i}")]}});
        text.push_str(&format!("{payer}\n{party}\n"));
    }
    let payers: Vec<String> = (0..ENDS).map(|i| format!("p{i}")).collect();
    let parties: Vec<String> = (0..ENDS).map(|i| format!("o{i}")).collect();
    let payment = json!({"id": "pay", "schema": "Payment", "properties": {"payer": payers, "beneficiary": parties}});
    text.push_str(&format!("{payment}\n"));
    let (_dir, path) = temp_file("payment.ijson", &text);
    let output = common::dealgraph()
        .args(["--no-default-data", "--json", "validate"])
        .arg(&path)
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&output.stdout).unwrap();
    let report = &doc["loaded"]["files"][0];
    assert_eq!(report["relations"], 10_000, "{report:#}");
    let at = format!("{}:{}:1", path.display(), 2 * ENDS + 1);
    let reason = format!(
        "Payment relations past the first 10000 pairs of a record's payer and beneficiary \
         (the first such record at {at}; split it into records of fewer ends to load them all)"
    );
    assert_eq!(
        report["skipped"][&reason],
        ENDS * ENDS - 10_000,
        "{report:#}"
    );
}

/// Two investments of extreme amounts: 10¹⁹ (past a 64-bit integer) and the largest float.
fn extreme_amounts() -> (tempfile::TempDir, std::path::PathBuf) {
    let relation = |to: &str, value: f64| {
        json!({"from": "fund", "to": to, "type": "invests_in", "status": "confirmed",
               "amount": {"value": value, "currency": "USD"}, "stake_pct": 12.5,
               "sources": [{"source": "s"}]})
    };
    let text = json!({
        "sources": [{"id": "s", "title": "S"}],
        "entities": [{"id": "fund", "name": "Fund", "kind": "fund"},
                     {"id": "a", "name": "A", "kind": "company"},
                     {"id": "b", "name": "B", "kind": "company"}],
        "relations": [relation("a", 1e19), relation("b", f64::MAX)],
    });
    temp_file("extreme.json", &text.to_string())
}

/// Checks that a number written by an export reads back as `want`, in a few characters.
#[track_caller]
fn reads_back(text: &str, want: f64) {
    assert!(
        text.len() < 30,
        "a number of {} characters: {text:.80}",
        text.len()
    );
    assert_eq!(text.parse::<f64>().ok(), Some(want), "{text}");
}

#[test]
fn cypher_writes_amounts_past_a_64_bit_integer_as_floats_neo4j_accepts() {
    let (_dir, path) = extreme_amounts();
    let script = common::export_of(&path, "cypher");
    let amounts: Vec<&str> = script
        .split("r.amount = ")
        .skip(1)
        .map(|rest| rest.split([',', ';']).next().unwrap())
        .collect();
    assert_eq!(amounts.len(), 2, "{script}");
    for (text, want) in amounts.iter().zip([1e19, f64::MAX]) {
        reads_back(text, want);
        // Neo4j reads a literal of digits only as a 64-bit integer.
        let is_float = text.contains(['.', 'e', 'E']);
        assert!(is_float || text.parse::<i64>().is_ok(), "{text}");
    }
    assert!(script.contains("r.stake_pct = 12.5"), "{script}");
}

#[test]
fn graphml_and_ftm_write_extreme_amounts_as_numbers_their_readers_parse() {
    let (_dir, path) = extreme_amounts();
    let graphml = common::export_of(&path, "graphml");
    let doc = roxmltree::Document::parse(&graphml).unwrap();
    let amounts: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("data") && n.attribute("key") == Some("e_amount"))
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(amounts.len(), 2, "{graphml}");
    for (text, want) in amounts.iter().zip([1e19, f64::MAX]) {
        reads_back(text, want);
    }
    let ftm = common::export_of(&path, "ftm");
    let mut found = Vec::new();
    for line in ftm.lines() {
        let record: Value = serde_json::from_str(line).unwrap();
        if let Some(values) = record["properties"]["sharesValue"].as_array() {
            found.push(values[0].as_str().unwrap().to_string());
        }
    }
    found.sort();
    assert_eq!(found.len(), 2, "{ftm}");
    for (text, want) in found.iter().zip([f64::MAX, 1e19]) {
        reads_back(text, want);
    }
}

/// Names that Graphviz or XML once garbled: its escapes (`\N` is the node's name, `\G` the
/// graph's, `\L` the label, ...) and the two characters no XML file may hold.
const HOSTILE_NAMES: [&str; 3] = [
    r"Esc \N \G \L \T \H \E x\y",
    "Non\u{FFFE}char\u{FFFF}acters",
    r"Trailing \",
];

#[test]
fn svg_of_names_holding_graphviz_escapes_and_noncharacters_is_xml_with_every_name_intact() {
    let entities: Vec<Value> = HOSTILE_NAMES
        .iter()
        .enumerate()
        .map(|(i, name)| json!({"id": format!("e{i}"), "name": name, "kind": "company"}))
        .collect();
    let relations: Vec<Value> = (1..HOSTILE_NAMES.len())
        .map(|i| {
            json!({"from": "e0", "to": format!("e{i}"), "type": "invests_in",
                   "status": "confirmed", "sources": [{"source": "s"}]})
        })
        .collect();
    let text = json!({"sources": [{"id": "s", "title": r"Source \N \G"}],
                      "entities": entities, "relations": relations});
    let (_dir, path) = temp_file("escapes.json", &text.to_string());
    let svg = common::export_of(&path, "svg");
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    let doc =
        roxmltree::Document::parse_with_options(&svg, options).expect("the SVG is well-formed XML");
    // A long label is wrapped into lines, each a text element.
    let texts: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .collect();
    let texts = texts.join(" ");
    let tooltips: Vec<String> = doc
        .descendants()
        .filter_map(|n| n.attribute(("http://www.w3.org/1999/xlink", "title")))
        .map(str::to_string)
        .collect();
    let shown = |name: &str| name.replace(['\u{FFFE}', '\u{FFFF}'], "\u{FFFD}");
    for name in HOSTILE_NAMES {
        let label = shown(name);
        assert!(texts.contains(&label), "no label reads {label:?}: {texts}");
        let tooltip = format!("{} (company)", label.replace('\\', "\u{2216}"));
        assert!(
            tooltips.iter().any(|t| t.contains(&tooltip)),
            "no tooltip reads {tooltip:?}: {tooltips:?}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// What an export does to the file it replaces and to the folder it writes in.

/// `dealgraph export json -o PATH` of the bundled graph, run from `folder`.
#[cfg(unix)]
fn export_to(folder: &std::path::Path, path: &std::path::Path) -> std::process::Output {
    common::dealgraph()
        .current_dir(folder)
        .args(["export", "json", "-o"])
        .arg(path)
        .output()
        .unwrap()
}

/// The names of the files in a folder, sorted.
#[cfg(unix)]
fn files_in(folder: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

#[cfg(unix)]
#[test]
fn an_export_over_a_private_file_keeps_it_private() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, path) = temp_file("private.json", "old");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    assert!(export_to(dir.path(), &path).status.success());
    let meta = std::fs::metadata(&path).unwrap();
    assert_eq!(meta.permissions().mode() & 0o777, 0o600);
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .contains("\"entities\"")
    );
}

#[cfg(unix)]
#[test]
fn an_export_to_a_symbolic_link_writes_the_file_it_leads_to_and_keeps_the_link() {
    let (dir, real) = temp_file("real.json", "old");
    std::fs::create_dir(dir.path().join("links")).unwrap();
    let link = dir.path().join("links/export.json");
    std::os::unix::fs::symlink("../real.json", &link).unwrap();
    let output = export_to(dir.path(), &link);
    assert!(output.status.success(), "{output:?}");
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        std::fs::read_to_string(&real)
            .unwrap()
            .contains("\"entities\"")
    );
    assert_eq!(files_in(&dir.path().join("links")), ["export.json"]);
    // A link to a file not there yet makes the file.
    let dangling = dir.path().join("links/new.json");
    std::os::unix::fs::symlink("../new.json", &dangling).unwrap();
    assert!(export_to(dir.path(), &dangling).status.success());
    assert!(
        std::fs::symlink_metadata(&dangling)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(dir.path().join("new.json").is_file());
}

#[cfg(unix)]
#[test]
fn an_export_to_a_hard_link_replaces_the_name_written_and_leaves_the_other_name_as_it_was() {
    let (dir, path) = temp_file("one.json", "old");
    let other = dir.path().join("other.json");
    std::fs::hard_link(&path, &other).unwrap();
    assert!(export_to(dir.path(), &path).status.success());
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .contains("\"entities\"")
    );
    assert_eq!(std::fs::read_to_string(&other).unwrap(), "old");
}

#[cfg(unix)]
#[test]
fn temporary_files_left_by_killed_exports_are_removed_by_the_next_export_to_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    let an_hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    let old_file = |name: &str| {
        let path = dir.path().join(name);
        let file = std::fs::File::create(&path).unwrap();
        file.set_modified(an_hour_ago).unwrap();
        file
    };
    drop(old_file(".dealgraph-Ab12Cd.tmp"));
    drop(old_file(".dealgraph-notes.tmp.keep"));
    // One that a running export holds: it is left alone.
    let held = old_file(".dealgraph-Zz99yy.tmp");
    held.lock().unwrap();
    let output = export_to(dir.path(), &dir.path().join("out.json"));
    assert!(output.status.success(), "{output:?}");
    assert_eq!(
        files_in(dir.path()),
        [
            ".dealgraph-Zz99yy.tmp",
            ".dealgraph-notes.tmp.keep",
            "out.json"
        ]
    );
}

#[cfg(unix)]
#[test]
fn an_export_that_fills_the_disk_names_the_target_and_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out.json");
    let binary = assert_cmd::cargo::cargo_bin("dealgraph");
    // A file size limit of one block stands for a full disk: writing past it fails (EFBIG)
    // once the signal that would end the process is ignored.
    let script = r#"trap "" XFSZ; ulimit -f 1; exec "$0" export json -o "$1""#;
    let output = std::process::Command::new("sh")
        .args(["-c", script])
        .arg(&binary)
        .arg(&target)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!("cannot write {}", target.display())),
        "{stderr}"
    );
    assert!(!stderr.contains(".dealgraph-"), "{stderr}");
    assert!(
        files_in(dir.path()).is_empty(),
        "{:?}",
        files_in(dir.path())
    );
}

#[test]
fn rollup_is_quadratic_investors_of_a_company_held_by_ten_thousand_nested_funds_find_each_owner_once()
 {
    const FUNDS: usize = 10_000;
    let mut entities: Vec<(String, &str)> = (0..FUNDS).map(|i| (format!("f{i}"), "fund")).collect();
    entities.push(("co".into(), "company"));
    let mut relations: Vec<(String, &str, String)> = (1..FUNDS)
        .map(|i| (format!("f{}", i - 1), "owns", format!("f{i}")))
        .collect();
    relations.extend((0..FUNDS).map(|i| (format!("f{i}"), "invests_in", "co".into())));
    let (_dir, path) = temp_file("nested-one.json", &dataset(&entities, &relations));
    // Before, each of the 10,000 stakes climbed and wrote out its whole chain of owners.
    let investors = answer(&path, &["investors", "co", "--rollup"]);
    let stakes = investors["investments"].as_array().unwrap();
    assert_eq!(stakes.len(), FUNDS);
    assert!(stakes.iter().all(|s| s["holder"]["id"] == "f0"));
    let hops: usize = stakes
        .iter()
        .map(|s| s["ownership"].as_array().map_or(0, Vec::len))
        .sum();
    assert!(hops <= 3 * FUNDS, "{hops} ownership hops written out");
    let deepest = stakes
        .iter()
        .find(|s| s["investor"]["id"] == "f9999")
        .unwrap();
    assert_eq!(deepest["elided"]["count"], 9_996);
    assert_eq!(deepest["elided"]["after"], "f1");
    let shallow = stakes.iter().find(|s| s["investor"]["id"] == "f3").unwrap();
    assert_eq!(shallow["ownership"].as_array().unwrap().len(), 3);
    assert!(shallow.get("elided").is_none());
}

#[test]
fn exposure_all_of_six_thousand_companies_owning_one_subsidiary_with_six_thousand_contracts_copies_no_buyers()
 {
    const N: usize = 6_000;
    let mut entities: Vec<(String, &str)> = vec![("hub".into(), "company")];
    entities.extend((0..N).map(|i| (format!("c{i}"), "company")));
    entities.extend((0..N).map(|i| (format!("i{i}"), "fund")));
    entities.extend((0..N).map(|i| (format!("g{i}"), "government")));
    let mut relations: Vec<(String, &str, String)> = Vec::new();
    for i in 0..N {
        relations.push((format!("c{i}"), "owns", "hub".into()));
        relations.push((format!("i{i}"), "invests_in", format!("c{i}")));
        relations.push(("hub".into(), "contracts_with", format!("g{i}")));
    }
    let (_dir, path) = temp_file("shared-subsidiary.json", &dataset(&entities, &relations));
    // Before, each company kept its own copy of the subsidiary's buyers: 36 million of them
    // (a 9 MB file of 22,000 each took 3.7 GB and 7.7 s).
    for rollup in [&[][..], &["--rollup"]] {
        let mut args = vec!["exposure", "--all", "--top", "10000"];
        args.extend(rollup);
        let ranking = answer(&path, &args);
        let investors = ranking["investors"].as_array().unwrap();
        assert_eq!(investors.len(), N, "{rollup:?}");
        assert!(
            investors
                .iter()
                .all(|i| i["government_bodies"] == N && i["listed"] == 0),
            "{rollup:?}: {:.500}",
            ranking
        );
    }
}

#[test]
fn overlap_of_two_parties_sharing_twenty_thousand_donors_finds_each_donors_payments_once() {
    const DONORS: usize = 20_000;
    let mut entities: Vec<(String, &str)> =
        vec![("a".into(), "organization"), ("b".into(), "organization")];
    entities.extend((0..DONORS).map(|i| (format!("p{i}"), "person")));
    let mut relations: Vec<(String, &str, String)> = Vec::new();
    for i in 0..DONORS {
        relations.push((format!("p{i}"), "pays", "a".into()));
        relations.push((format!("p{i}"), "pays", "b".into()));
    }
    let (_dir, path) = temp_file("donors.json", &dataset(&entities, &relations));
    // Before, each shared donor read every stake of each side: 400 million comparisons.
    let overlap = answer(&path, &["overlap", "a", "b", "--rel", "pays"]);
    let shared = overlap["shared"].as_array().unwrap();
    assert_eq!(shared.len(), DONORS);
    for donor in shared {
        let stakes = donor["stakes"].as_array().unwrap();
        let companies: Vec<&Value> = stakes.iter().map(|s| &s["company"]["id"]).collect();
        assert_eq!(companies, [&json!("a"), &json!("b")], "{donor}");
        assert!(
            stakes
                .iter()
                .all(|s| s["holder"]["id"] == donor["investor"]["id"]),
            "{donor}"
        );
    }
}

#[test]
fn find_of_a_sixty_thousand_letter_text_is_not_read_again_for_every_name() {
    const NAMES: usize = 20_000;
    let entities: Vec<Value> = (0..NAMES)
        .map(|i| json!({"id": format!("h{i}"), "name": format!("Aaaa Holding {i}"), "kind": "company"}))
        .collect();
    let text =
        json!({"sources": [{"id": "s", "title": "S"}], "entities": entities, "relations": []});
    let (_dir, path) = temp_file("names.json", &text.to_string());
    // Before, each of the 80,000 words of the names read the whole text (and each name
    // prepared a search for it): 20 s for 90,000 names.
    let long = "a".repeat(60_000);
    let found = answer(&path, &["find", &long]);
    assert_eq!(found, json!([]));
    let err = common::failure_of(&[
        "--no-default-data",
        "--data",
        path.to_str().unwrap(),
        "show",
        &long,
    ]);
    assert!(err.contains("unknown entity"), "{:.300}", err);
    // Texts of the names' length are still found, and close spellings too.
    let found = answer(&path, &["find", "aaaa holding 7", "--limit", "2"]);
    assert_eq!(found[0]["id"], "h7", "{found}");
    let found = answer(&path, &["find", "aaaa holdinx 12345", "--limit", "1"]);
    assert_eq!(found[0]["id"], "h12345", "{found}");
}

/// One fund holding `companies` companies and nothing else.
fn one_fund_holding(companies: usize) -> (tempfile::TempDir, std::path::PathBuf) {
    let mut entities: Vec<(String, &str)> = vec![("fund".into(), "fund")];
    entities.extend((0..companies).map(|i| (format!("c{i}"), "company")));
    let relations: Vec<(String, &str, String)> = (0..companies)
        .map(|i| ("fund".into(), "invests_in", format!("c{i}")))
        .collect();
    temp_file("one-fund.json", &dataset(&entities, &relations))
}

#[test]
fn overlap_all_of_one_fund_holding_fifteen_thousand_companies_says_it_would_count_too_many_pairs() {
    // Every one of the 112 million pairs shares the fund, and all tie: before, each was
    // counted and ranked (65,000 companies took 35 s).
    let (_dir, path) = one_fund_holding(15_000);
    let err = common::failure_of(&[
        "--no-default-data",
        "--data",
        path.to_str().unwrap(),
        "overlap",
        "--all",
    ]);
    assert!(
        err.contains("overlap --all would count 112492500 pairs of companies that share an investor (fund alone holds 15000 companies)")
            && err.contains("`overlap A B ...`"),
        "{err}"
    );
    // A fund of a thousand companies is ranked.
    let (_dir, path) = one_fund_holding(1_000);
    let ranking = answer(&path, &["overlap", "--all", "--top", "2"]);
    assert_eq!(ranking["pairs_sharing"], 499_500, "{ranking}");
    let pairs = ranking["pairs"].as_array().unwrap();
    assert_eq!(
        (&pairs[0]["a"]["id"], &pairs[0]["b"]["id"]),
        (&json!("c0"), &json!("c1")),
        "{ranking}"
    );
}
