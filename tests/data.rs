//! The bundled dataset and the JSON Schema: every bundled file validates against the schema,
//! the schema and the Rust vocabulary agree, the schema rejects what the loader rejects for
//! shape, and every quote appears word for word in the article it cites.

mod common;

use dealgraph::load::{self, Input};
use dealgraph::model::{EntityKind, Qualifier, RelationType, Status};
use serde_json::Value;

fn schema() -> Value {
    let text =
        std::fs::read_to_string(common::root().join("graph-data/dealgraph.schema.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn bundled() -> Value {
    serde_json::from_str(load::BUNDLED[0].1).unwrap()
}

fn schema_enum(path: &[&str]) -> Vec<String> {
    let mut node = schema();
    for key in path {
        node = node[*key].clone();
    }
    node["enum"]
        .as_array()
        .unwrap_or_else(|| panic!("no enum at {path:?}"))
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn every_bundled_file_validates_against_the_schema() {
    let validator = jsonschema::validator_for(&schema()).expect("the schema is valid");
    for (name, text) in load::BUNDLED {
        let doc: Value = serde_json::from_str(text).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&doc)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:#?}");
    }
}

#[test]
fn the_schema_lists_exactly_the_kinds_types_statuses_and_qualifiers_of_the_code() {
    let defs = ["$defs"];
    let names = |all: Vec<&str>| all.into_iter().map(String::from).collect::<Vec<_>>();
    assert_eq!(
        schema_enum(&[defs[0], "entity", "properties", "kind"]),
        names(EntityKind::names())
    );
    assert_eq!(
        schema_enum(&[defs[0], "relation", "properties", "type"]),
        names(RelationType::names())
    );
    assert_eq!(
        schema_enum(&[defs[0], "relation", "properties", "status"]),
        names(Status::names())
    );
    assert_eq!(
        schema_enum(&[defs[0], "amount", "properties", "qualifier"]),
        names(Qualifier::names())
    );
}

#[test]
fn the_schema_lists_exactly_the_fields_the_loader_reads() {
    use dealgraph::load::native::Record;
    let schema = schema();
    let fields = |node: &Value| -> Vec<String> {
        let mut keys: Vec<String> = node["properties"]
            .as_object()
            .unwrap_or_else(|| panic!("no properties in {node}"))
            .keys()
            .cloned()
            .collect();
        keys.sort();
        keys
    };
    for record in Record::ALL {
        let node = match record.schema_name() {
            Some(name) => &schema["$defs"][name],
            None => &schema,
        };
        let mut read: Vec<String> = record.fields().iter().map(|s| s.to_string()).collect();
        read.sort();
        assert_eq!(fields(node), read, "{record:?}");
    }
}

/// Breaks the bundled dataset in one way; both the loader and the schema must reject it.
fn assert_both_reject(what: &str, break_it: impl FnOnce(&mut Value)) {
    let mut doc = bundled();
    break_it(&mut doc);
    let validator = jsonschema::validator_for(&schema()).unwrap();
    assert!(
        !validator.is_valid(&doc),
        "the schema accepts a dataset with {what}"
    );
    let text = serde_json::to_string_pretty(&doc).unwrap();
    let (_dir, path) = common::temp_file("broken.json", &text);
    let result = load::load(&[Input::Path(path)]);
    assert!(result.is_err(), "the loader accepts a dataset with {what}");
}

#[test]
fn the_schema_and_the_loader_reject_the_same_shape_mistakes() {
    assert_both_reject("an unknown kind", |d| {
        d["entities"][0]["kind"] = "compny".into()
    });
    assert_both_reject("an unknown field", |d| {
        d["entities"][0]["nmae"] = "x".into()
    });
    assert_both_reject("an unknown relation type", |d| {
        d["relations"][0]["type"] = "funds".into()
    });
    assert_both_reject("a relation without sources", |d| {
        d["relations"][0].as_object_mut().unwrap().remove("sources");
    });
    assert_both_reject("an empty source list", |d| {
        d["relations"][0]["sources"] = serde_json::json!([])
    });
    assert_both_reject("a malformed date", |d| {
        d["relations"][0]["date"] = "May 2018".into()
    });
    assert_both_reject("a negative amount", |d| {
        d["relations"][1]["amount"] = serde_json::json!({"value": -1, "currency": "USD"})
    });
    assert_both_reject("a string amount", |d| {
        d["relations"][1]["amount"] = serde_json::json!({"value": "1 billion", "currency": "USD"})
    });
    assert_both_reject("a lower-case currency", |d| {
        d["relations"][1]["amount"] = serde_json::json!({"value": 1, "currency": "usd"})
    });
    assert_both_reject("a stake over 100", |d| {
        d["relations"][0]["stake_pct"] = 101.into()
    });
    assert_both_reject("an entity without a name", |d| {
        d["entities"][0].as_object_mut().unwrap().remove("name");
    });
    assert_both_reject("an id with a space", |d| {
        d["entities"][0]["id"] = "sense time".into()
    });
}

#[test]
fn every_quote_appears_word_for_word_in_the_article() {
    let shared = require_shared!();
    let article = std::fs::read_to_string(shared.join("sources/seed-article.txt")).unwrap();
    let doc = bundled();
    let mut quotes = Vec::new();
    let mut collect = |node: &Value| {
        for s in node["sources"].as_array().into_iter().flatten() {
            quotes.push(s["quote"].as_str().map(String::from));
        }
    };
    for e in doc["entities"].as_array().unwrap() {
        collect(e);
        for f in e["facts"].as_array().into_iter().flatten() {
            collect(f);
        }
    }
    for r in doc["relations"].as_array().unwrap() {
        assert!(!r["sources"].as_array().unwrap().is_empty());
        collect(r);
    }
    assert!(quotes.len() > 60);
    for quote in quotes {
        let quote = quote.expect("every bundled source reference has a quote");
        assert!(quote.len() <= 160, "too long for a short quote: {quote}");
        assert!(article.contains(&quote), "not in the article: {quote}");
    }
}

#[test]
fn the_bundled_world_has_the_facts_the_article_states() {
    let (graph, _) = load::load(&[Input::Bundled]).unwrap();
    let investors_of = |company: &str| -> Vec<(String, Status)> {
        let ix = graph.lookup(company).unwrap();
        let mut list: Vec<(String, Status)> = graph
            .relations_of(ix, petgraph::Direction::Incoming)
            .filter(|r| r.relation.kind == RelationType::InvestsIn)
            .map(|r| (graph.entity(r.from).id.clone(), r.relation.status))
            .collect();
        list.sort();
        list
    };
    use Status::*;
    assert_eq!(
        investors_of("SenseTime"),
        [
            ("alibaba", Confirmed),
            ("bank-of-china", Confirmed),
            ("fidelity-international", Confirmed),
            ("qualcomm", Confirmed),
            ("silver-lake", Confirmed),
            ("softbank-vision-fund", Reported),
            ("tiger-global-management", Confirmed),
        ]
        .map(|(id, s)| (id.to_string(), s))
    );
    assert_eq!(
        investors_of("Megvii"),
        [
            ("alibaba", Expected),
            ("ant-financial", Confirmed),
            ("boyu-capital", Expected),
            ("foxconn", Confirmed),
            ("russian-direct-investment-fund", Confirmed),
            ("sk-group", Confirmed),
        ]
        .map(|(id, s)| (id.to_string(), s))
    );
    let google = graph.lookup("Google").unwrap();
    let pentagon = graph
        .relations_of(google, petgraph::Direction::Outgoing)
        .next()
        .unwrap();
    assert_eq!(
        (pentagon.relation.kind, pentagon.relation.status),
        (RelationType::ContractsWith, Ended)
    );
    let sensetime = graph.entity(graph.lookup("SenseTime").unwrap());
    assert_eq!(
        sensetime.details().founded.map(|d| d.to_string()),
        Some("2014".into())
    );
}
