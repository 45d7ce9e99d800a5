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
