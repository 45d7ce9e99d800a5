//! The fast reading of a dataset's entities and relations: one serde pass over each element,
//! strings borrowed where they can be, and the same rules as the located reader. An element
//! this reader does not take whole (any problem at all, or a source id first seen) goes to the
//! located reader, which says where each problem is; so the two always agree on what loads.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::value::RawValue;

use super::{
    RelationRecord, country_problem, currency_problem, ends_before_it_starts, is_percentage,
    is_slug,
};
use crate::date::PartialDate;
use crate::diagnostic::{Location, SourceText};
use crate::model::{
    Amount, Entity, EntityFact, EntityKind, Qualifier, Relation, RelationType, SourceRef, Status,
};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AmountIn {
    value: f64,
    currency: String,
    #[serde(default)]
    qualifier: Option<Qualifier>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SourceRefIn {
    source: String,
    #[serde(default)]
    quote: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FactIn {
    label: String,
    #[serde(default)]
    amount: Option<AmountIn>,
    #[serde(default)]
    date: Option<PartialDate>,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    sources: Option<Vec<SourceRefIn>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EntityIn {
    id: String,
    name: String,
    kind: EntityKind,
    #[serde(default)]
    aliases: Option<Vec<String>>,
    #[serde(default)]
    country: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    founded: Option<PartialDate>,
    #[serde(default)]
    state_owned: Option<bool>,
    #[serde(default)]
    identifiers: Option<BTreeMap<String, String>>,
    #[serde(default)]
    attributes: Option<BTreeMap<String, Vec<String>>>,
    #[serde(default)]
    facts: Option<Vec<FactIn>>,
    #[serde(default)]
    sources: Option<Vec<SourceRefIn>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RelationIn<'a> {
    #[serde(borrow)]
    from: Cow<'a, str>,
    #[serde(borrow)]
    to: Cow<'a, str>,
    #[serde(rename = "type")]
    kind: RelationType,
    status: Status,
    #[serde(default)]
    amount: Option<AmountIn>,
    #[serde(default)]
    date: Option<PartialDate>,
    #[serde(default)]
    start: Option<PartialDate>,
    #[serde(default)]
    end: Option<PartialDate>,
    #[serde(default)]
    round: Option<String>,
    #[serde(default)]
    round_size: Option<AmountIn>,
    #[serde(default)]
    stake_pct: Option<f64>,
    #[serde(default)]
    role: Option<String>,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    ftm_schema: Option<String>,
    sources: Vec<SourceRefIn>,
}

/// Source ids this file has cited so far: an element citing one for the first time goes to
/// the located reader, which records where, for the check that every cited source exists.
pub type Cited = foldhash::HashSet<String>;

/// Whether an optional text, when present, is not blank.
fn filled(text: &Option<String>) -> bool {
    text.as_ref().is_none_or(|t| !t.trim().is_empty())
}

fn amount(a: Option<AmountIn>) -> Option<Option<Amount>> {
    match a {
        None => Some(None),
        Some(a) if a.value >= 0.0 && currency_problem(&a.currency).is_none() => {
            Some(Some(Amount {
                value: a.value,
                currency: a.currency,
                qualifier: a.qualifier.unwrap_or(Qualifier::Exact),
            }))
        }
        Some(_) => None,
    }
}

fn sources(refs: Vec<SourceRefIn>, cited: &Cited) -> Option<Vec<SourceRef>> {
    refs.into_iter()
        .map(|r| {
            (is_slug(&r.source) && filled(&r.quote) && cited.contains(&r.source)).then_some(
                SourceRef {
                    source: r.source,
                    quote: r.quote,
                },
            )
        })
        .collect()
}

/// An entity read whole, with the place of its id; `None` sends it to the located reader.
pub fn entity(src: &SourceText<'_>, raw: &RawValue, cited: &Cited) -> Option<(Entity, Location)> {
    let e: EntityIn = serde_json::from_str(raw.get()).ok()?;
    let aliases = e.aliases.unwrap_or_default();
    let texts_filled = !e.name.trim().is_empty()
        && filled(&e.description)
        && aliases.iter().all(|a| !a.trim().is_empty());
    if !is_slug(&e.id)
        || !texts_filled
        || e.country
            .as_deref()
            .is_some_and(|c| country_problem(c).is_some())
    {
        return None;
    }
    let facts = e
        .facts
        .unwrap_or_default()
        .into_iter()
        .map(|f| {
            if f.label.trim().is_empty() || !filled(&f.note) {
                return None;
            }
            Some(EntityFact {
                label: f.label,
                amount: amount(f.amount)?,
                date: f.date,
                note: f.note,
                sources: sources(f.sources.unwrap_or_default(), cited)?,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    let at = value_location(src, raw, "id");
    let mut entity = Entity::new(e.id, e.name, e.kind);
    entity.aliases = aliases;
    entity.country = e.country;
    entity.description = e.description;
    entity.founded = e.founded;
    entity.state_owned = e.state_owned.unwrap_or(false);
    entity.identifiers = e.identifiers.unwrap_or_default();
    entity.attributes = e.attributes.unwrap_or_default();
    entity.facts = facts;
    entity.sources = sources(e.sources.unwrap_or_default(), cited)?;
    Some((entity, at))
}

/// A relation read whole, with the places of its ends; `None` sends it to the located reader.
pub fn relation(src: &SourceText<'_>, raw: &RawValue, cited: &Cited) -> Option<RelationRecord> {
    let r: RelationIn<'_> = serde_json::from_str(raw.get()).ok()?;
    let texts_filled =
        filled(&r.round) && filled(&r.role) && filled(&r.note) && filled(&r.ftm_schema);
    if !is_slug(&r.from)
        || !is_slug(&r.to)
        || r.from == r.to
        || !texts_filled
        || r.sources.is_empty()
        || r.stake_pct.is_some_and(|pct| !is_percentage(pct))
        || ends_before_it_starts(r.start.as_ref(), r.end.as_ref())
    {
        return None;
    }
    let mut relation = Relation::new(r.kind, r.status);
    relation.amount = amount(r.amount)?;
    relation.round_size = amount(r.round_size)?;
    relation.sources = sources(r.sources, cited)?;
    relation.date = r.date;
    relation.start = r.start;
    relation.end = r.end;
    relation.round = r.round;
    relation.stake_pct = r.stake_pct;
    relation.role = r.role;
    relation.note = r.note;
    relation.ftm_schema = r.ftm_schema;
    Some(RelationRecord {
        from_at: value_location(src, raw, "from"),
        to_at: value_location(src, raw, "to"),
        from: r.from.into_owned(),
        to: r.to.into_owned(),
        relation,
    })
}

/// Where the value of one of an object's own keys starts (the object's start when the key is
/// written with escapes, or absent).
fn value_location(src: &SourceText<'_>, raw: &RawValue, key: &str) -> Location {
    let element = raw.get();
    let offset = value_offset(element, key).unwrap_or(0);
    src.location(src.offset_of(element) + offset)
}

/// The byte offset, in the text of a JSON object, of the value of its key `key` (not of a key
/// of a nested value). Strings are skipped whole, so a key's name inside a string never counts.
pub fn value_offset(object: &str, key: &str) -> Option<usize> {
    let bytes = object.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                let end = i.min(bytes.len());
                i += 1;
                if depth == 1 {
                    let mut j = i;
                    while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                        j += 1;
                    }
                    if j < bytes.len() && bytes[j] == b':' && &object[start..end] == key {
                        j += 1;
                        while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                            j += 1;
                        }
                        return Some(j);
                    }
                }
                continue;
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_an_objects_own_keys_and_not_those_in_strings_or_nested_values() {
        let text = r#"{"note": "\"to\": no", "amount": {"to": 1}, "to" :  "megvii"}"#;
        let at = value_offset(text, "to").unwrap();
        assert!(text[at..].starts_with("\"megvii\""));
        assert_eq!(value_offset(text, "from"), None);
        assert!(text[value_offset(text, "note").unwrap()..].starts_with("\"\\\"to"));
    }
}

#[cfg(test)]
mod agreement {
    use super::super::{read_entity, read_relation};
    use super::*;
    use crate::load::json::Doc;

    /// Elements the fast reader may take: it must read them as the located reader does.
    const ELEMENTS: &[&str] = &[
        r#"{"id": "a", "name": "A", "kind": "company", "country": "CN", "aliases": ["Ä"], "founded": "2014-05",
            "facts": [{"label": "valuation", "amount": {"value": 4.5e9, "currency": "USD", "qualifier": "about"},
                       "sources": [{"source": "s", "quote": "q"}]}],
            "identifiers": {"lei": "X"}, "attributes": {"address": ["here"]}, "state_owned": true,
            "sources": [{"source": "s"}]}"#,
        r#"{"id": "b", "name": "B", "kind": "Company", "description": null}"#,
        r#"{"id": "c", "name": " ", "kind": "fund"}"#,
        r#"{"id": "d d", "name": "D", "kind": "fund"}"#,
        r#"{"id": "e", "name": "E", "kind": "fund", "country": "uk"}"#,
        r#"{"id": "f", "name": "F", "kind": "fund", "sources": [{"source": "unseen"}]}"#,
    ];
    const RELATIONS: &[&str] = &[
        r#"{"from": "a", "to": "b", "type": "invests_in", "status": "reported", "amount": {"value": 1, "currency": "EUR"},
            "date": "2018", "start": "2017", "end": "2019-02-28", "round": "A", "round_size": {"value": 2, "currency": "USD"},
            "stake_pct": 12.5, "role": "lead", "note": "n", "ftm_schema": "Ownership", "sources": [{"source": "s", "quote": "q"}]}"#,
        r#"{"from": "a", "to": "a", "type": "owns", "status": "confirmed", "sources": [{"source": "s"}]}"#,
        r#"{"from": "a", "to": "b", "type": "owns", "status": "confirmed", "sources": []}"#,
        r#"{"from": "a", "to": "b", "type": "owns", "status": "confirmed", "stake_pct": 101, "sources": [{"source": "s"}]}"#,
        r#"{"from": "a", "to": "b", "type": "owns", "status": "confirmed", "start": "2019", "end": "2018", "sources": [{"source": "s"}]}"#,
        r#"{"from": "a", "to": "b", "type": "owns", "status": "confirmed", "amount": {"value": -1, "currency": "USD"}, "sources": [{"source": "s"}]}"#,
        r#"{"from": "a", "to": "b", "type": "owns", "status": "confirmed", "amount": {"value": 1, "currency": "usd"}, "sources": [{"source": "s"}]}"#,
        r#"{"from": "a", "to": "b", "type": "owns", "status": "confirmed", "note": "", "sources": [{"source": "s"}]}"#,
        r#"{"from": "a", "to": "b", "type": "Owns", "status": "confirmed", "sources": [{"source": "s"}]}"#,
        r#"{"from": "a", "to": "b", "type": "owns", "status": "confirmed", "sources": [{"source": "s", "quote": " "}]}"#,
        r#"{"from": "a", "to": "b", "type": "owns", "status": "confirmed", "sources": [{"source": "s"}], "sources": [{"source": "s"}]}"#,
    ];

    fn cited() -> Cited {
        ["s".to_string()].into_iter().collect()
    }

    #[test]
    fn the_fast_reader_takes_only_what_the_located_reader_takes_and_reads_it_alike() {
        let mut taken = 0;
        for text in ELEMENTS {
            let doc = Doc::new("t.json", text);
            let raw = doc.root().unwrap();
            let slow = read_entity(&doc, raw, 0, &mut Vec::new());
            if let Some((entity, at)) = entity(&doc.src, raw, &cited()) {
                taken += 1;
                assert_eq!(slow, Some((entity, at)), "{text}");
            }
        }
        for text in RELATIONS {
            let doc = Doc::new("t.json", text);
            let raw = doc.root().unwrap();
            let slow = read_relation(&doc, raw, 0, &mut Vec::new());
            if let Some(fast) = relation(&doc.src, raw, &cited()) {
                taken += 1;
                let slow = slow.unwrap_or_else(|| panic!("only the fast reader takes {text}"));
                assert_eq!(
                    (fast.from, fast.to, fast.relation, fast.from_at, fast.to_at),
                    (slow.from, slow.to, slow.relation, slow.from_at, slow.to_at),
                    "{text}"
                );
            }
        }
        assert_eq!(
            taken, 2,
            "the fast reader takes the two elements without a problem"
        );
    }
}
