//! A Cypher script that loads a selection into Neo4j or Memgraph: one `MERGE` per entity
//! (label `Entity` plus one for its kind, keyed by `id`) and one per relation (type in upper
//! case, keyed by `key`), so running the script twice changes nothing. Every string is written
//! by [`string`].

use std::collections::BTreeMap;
use std::io::Write;

use super::number;
use crate::error::Error;
use crate::graph::Graph;
use crate::model::{Amount, Entity, EntityKind, Relation};
use crate::render;
use crate::subgraph::Subgraph;

/// `text` as a Cypher string literal: in single quotes, with backslashes, quotes and control
/// characters escaped; every other character, in any script, as it is.
pub fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('\'');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// A list of strings as a Cypher list literal.
fn list(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|s| string(s)).collect();
    format!("[{}]", items.join(", "))
}

/// The node label of an entity kind.
fn label(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Company => "Company",
        EntityKind::Fund => "Fund",
        EntityKind::Government => "Government",
        EntityKind::Organization => "Organization",
        EntityKind::Person => "Person",
        EntityKind::Product => "Product",
    }
}

fn amount_fields(prefix: &str, a: &Amount, sets: &mut Vec<(String, String)>) {
    sets.push((prefix.to_string(), number(a.value)));
    sets.push((format!("{prefix}_currency"), string(&a.currency)));
    sets.push((format!("{prefix}_qualifier"), string(a.qualifier.as_str())));
}

fn entity_sets(graph: &Graph, e: &Entity) -> Vec<(String, String)> {
    let details = e.details();
    let mut sets = vec![
        ("name".to_string(), string(&e.name)),
        ("kind".to_string(), string(e.kind.as_str())),
    ];
    let mut text = |key: &str, value: &Option<String>| {
        if let Some(v) = value {
            sets.push((key.to_string(), string(v)));
        }
    };
    text("country", &details.country);
    text("description", &details.description);
    text("founded", &details.founded.as_ref().map(|d| d.to_string()));
    if !details.aliases.is_empty() {
        sets.push(("aliases".into(), list(&details.aliases)));
    }
    if details.state_owned {
        sets.push(("state_owned".into(), "true".into()));
    }
    if !details.identifiers.is_empty() {
        let ids: Vec<String> = details
            .identifiers
            .iter()
            .map(|(scheme, id)| format!("{scheme}:{id}"))
            .collect();
        sets.push(("identifiers".into(), list(&ids)));
    }
    if !details.designations.is_empty() {
        let listings: Vec<String> = details.designations.iter().map(|d| d.summary()).collect();
        sets.push(("designations".into(), list(&listings)));
    }
    let sources = render::source_refs(graph, &details.sources);
    if !sources.is_empty() {
        sets.push(("sources".into(), list(&sources)));
    }
    sets
}

fn relation_sets(graph: &Graph, r: &Relation) -> Vec<(String, String)> {
    let mut sets = vec![("status".to_string(), string(r.status.as_str()))];
    if let Some(a) = &r.details().amount {
        amount_fields("amount", a, &mut sets);
    }
    let mut text = |key: &str, value: Option<String>| {
        if let Some(v) = value {
            sets.push((key.to_string(), string(&v)));
        }
    };
    text("date", r.date.as_ref().map(|d| d.to_string()));
    text("start", r.start.as_ref().map(|d| d.to_string()));
    text("end", r.end.as_ref().map(|d| d.to_string()));
    text("round", r.details().round.clone());
    text("role", r.details().role.clone());
    text("note", r.details().note.clone());
    text("ftm_schema", r.details().ftm_schema.clone());
    if let Some(a) = &r.details().round_size {
        amount_fields("round_size", a, &mut sets);
    }
    if let Some(p) = r.details().stake_pct {
        sets.push(("stake_pct".into(), number(p)));
    }
    if let Some((low, high)) = r.details().stake_range {
        sets.push(("stake_pct_low".into(), number(low)));
        sets.push(("stake_pct_high".into(), number(high)));
    }
    let sources = render::source_refs(graph, &r.sources);
    if !sources.is_empty() {
        sets.push(("sources".into(), list(&sources)));
    }
    sets
}

fn assignments(var: &str, sets: &[(String, String)]) -> String {
    let parts: Vec<String> = sets
        .iter()
        .map(|(key, value)| format!("{var}.{key} = {value}"))
        .collect();
    parts.join(", ")
}

/// Writes the selection as a Cypher script, entities by id, then relations by their ends and
/// type.
pub fn write(graph: &Graph, selection: &Subgraph, out: &mut dyn Write) -> Result<(), Error> {
    let entities: Vec<&Entity> = selection
        .entities_by_id(graph)
        .into_iter()
        .map(|(_, e)| e)
        .collect();
    let relations = selection.relations_in_order(graph);

    writeln!(
        out,
        "// dealgraph: {} and {}.",
        crate::text::count(entities.len(), "entity", "entities"),
        crate::text::count(relations.len(), "relation", "relations")
    )?;
    writeln!(
        out,
        "// Load with `cypher-shell -f FILE` (Neo4j) or `mgconsole < FILE` (Memgraph)."
    )?;
    writeln!(out, "// For large graphs create an index first:")?;
    writeln!(
        out,
        "//   Neo4j:    CREATE INDEX entity_id IF NOT EXISTS FOR (e:Entity) ON (e.id);"
    )?;
    writeln!(out, "//   Memgraph: CREATE INDEX ON :Entity(id);")?;
    for e in &entities {
        writeln!(
            out,
            "MERGE (e:Entity {{id: {}}}) SET e:{}, {};",
            string(&e.id),
            label(e.kind),
            assignments("e", &entity_sets(graph, e))
        )?;
    }
    let mut seen: BTreeMap<(&str, &str, &str), usize> = BTreeMap::new();
    for (_, from, to, r) in &relations {
        let n = seen.entry((&from.id, r.kind.as_str(), &to.id)).or_insert(0);
        *n += 1;
        let key = format!("{} {} {} {n}", from.id, r.kind, to.id);
        writeln!(
            out,
            "MATCH (a:Entity {{id: {}}}), (b:Entity {{id: {}}}) MERGE (a)-[r:{} {{key: {}}}]->(b) SET {};",
            string(&from.id),
            string(&to.id),
            r.kind.as_str().to_uppercase(),
            string(&key),
            assignments("r", &relation_sets(graph, r))
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_quoted_and_escaped() {
        assert_eq!(string("SenseTime"), "'SenseTime'");
        assert_eq!(string("O'Brien \\ \"x\""), "'O\\'Brien \\\\ \"x\"'");
        assert_eq!(string("a\nb\u{1}"), "'a\\nb\\u0001'");
        assert_eq!(string("商汤 'שלום'"), "'商汤 \\'שלום\\''");
    }
}
