//! Beneficial Ownership Data Standard 0.4 statements: entity and person statements become
//! entities (a `state` or `stateBody` a government), relationship statements become `owns`
//! from the interested party to the subject, with the share as the stake and the interest
//! types as the role. Of the statements about one record only the latest counts; a record
//! whose latest statement closes it is left out, and so are statements another replaces.

use std::collections::{HashMap, HashSet};

use serde::Deserialize;
use serde_json::Value;
use serde_json::value::RawValue;

use super::import::{self, Imported, Reader, Tally, nullable};
use super::json::Doc;
use crate::diagnostic::Location;
use crate::model::{Entity, EntityKind, RelationType, Status};

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Statement {
    statement_id: Option<String>,
    statement_date: Option<String>,
    record_id: Option<String>,
    record_status: Option<String>,
    record_type: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    replaces_statements: Vec<String>,
    publication_details: Option<PublicationDetails>,
    #[serde(rename = "statementType")]
    old_statement_type: Option<Value>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PublicationDetails {
    publication_date: Option<String>,
    publisher: Option<Publisher>,
}

#[derive(Debug, Deserialize)]
struct Publisher {
    name: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct EntityDetails {
    entity_type: Option<EntityType>,
    name: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    alternate_names: Vec<String>,
    jurisdiction: Option<Jurisdiction>,
    #[serde(default, deserialize_with = "nullable")]
    identifiers: Vec<Identifier>,
    founding_date: Option<String>,
    dissolution_date: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct EntityType {
    #[serde(rename = "type")]
    kind: Option<String>,
    subtype: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Jurisdiction {
    code: Option<String>,
    name: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Identifier {
    id: Option<String>,
    scheme: Option<String>,
    scheme_name: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PersonDetails {
    person_type: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    names: Vec<PersonName>,
    #[serde(default, deserialize_with = "nullable")]
    nationalities: Vec<Jurisdiction>,
    #[serde(default, deserialize_with = "nullable")]
    identifiers: Vec<Identifier>,
    birth_date: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PersonName {
    #[serde(rename = "type")]
    kind: Option<String>,
    full_name: Option<String>,
    given_name: Option<String>,
    family_name: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RelationshipDetails {
    subject: Option<Value>,
    interested_party: Option<Value>,
    #[serde(default, deserialize_with = "nullable")]
    interests: Vec<Interest>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Interest {
    #[serde(rename = "type")]
    kind: Option<String>,
    direct_or_indirect: Option<String>,
    beneficial_ownership_or_control: Option<bool>,
    share: Option<Share>,
    start_date: Option<String>,
    end_date: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Share {
    exact: Option<f64>,
    minimum: Option<f64>,
    maximum: Option<f64>,
    exclusive_minimum: Option<f64>,
    exclusive_maximum: Option<f64>,
}

/// What a statement says about its record.
#[derive(Debug)]
enum Details {
    Entity(EntityDetails),
    Person(PersonDetails),
    Relationship(RelationshipDetails),
}

/// A statement kept until every statement is read.
#[derive(Debug)]
struct Kept {
    statement_id: Option<String>,
    date: String,
    record_id: String,
    closed: bool,
    details: Details,
    at: Location,
}

/// Reads BODS 0.4 statements.
pub struct BodsReader {
    imported: Imported,
    statements: Vec<Kept>,
    replaced: HashSet<String>,
}

impl BodsReader {
    pub fn new(file: &str) -> Self {
        BodsReader {
            imported: Imported::new(import::file_source(
                file,
                "Beneficial Ownership Data Standard statements",
            )),
            statements: Vec::new(),
            replaced: HashSet::new(),
        }
    }

    fn key(record_id: &str) -> String {
        format!("bods:{record_id}")
    }
}

impl Reader for BodsReader {
    fn record(&mut self, doc: &Doc<'_>, raw: &RawValue) {
        let Some(statement) = doc.value::<Statement>(raw, "BODS statement") else {
            return;
        };
        if statement.record_type.is_none() && statement.old_statement_type.is_some() {
            doc.error(
                raw,
                "this is a BODS 0.2 or 0.3 statement (\"statementType\"); dealgraph reads BODS 0.4 (\"recordType\", \"recordDetails\")",
            );
            return;
        }
        let (Some(record_id), Some(record_type)) = (statement.record_id, statement.record_type)
        else {
            doc.error(
                raw,
                "a BODS 0.4 statement has \"recordId\" and \"recordType\"; add them",
            );
            return;
        };
        let Some(details_raw) = import::field(raw, "recordDetails") else {
            doc.error(
                raw,
                format!("BODS statement of record \"{record_id}\" has no \"recordDetails\""),
            );
            return;
        };
        let what = format!("\"recordDetails\" of record \"{record_id}\"");
        let details = match record_type.as_str() {
            "entity" => doc.value(details_raw, &what).map(Details::Entity),
            "person" => doc.value(details_raw, &what).map(Details::Person),
            "relationship" => doc.value(details_raw, &what).map(Details::Relationship),
            other => {
                self.imported
                    .tally
                    .skip(format!("statements of record type \"{other}\""));
                return;
            }
        };
        let Some(details) = details else {
            return;
        };
        if self.imported.source.publisher.is_none()
            && let Some(publication) = statement.publication_details
        {
            self.imported.source.publisher = publication.publisher.and_then(|p| p.name);
            self.imported.source.date = publication
                .publication_date
                .as_deref()
                .and_then(import::date);
        }
        self.replaced.extend(statement.replaces_statements);
        self.statements.push(Kept {
            statement_id: statement.statement_id,
            date: statement.statement_date.unwrap_or_default(),
            record_id,
            closed: statement.record_status.as_deref() == Some("closed"),
            details,
            at: doc.location(raw),
        });
    }

    fn finish(self: Box<Self>) -> Imported {
        let BodsReader {
            mut imported,
            statements,
            replaced,
        } = *self;
        // The latest statement of each record, by statement date, then by place in the file.
        let mut latest: HashMap<String, usize> = HashMap::new();
        let mut superseded = 0;
        for (i, s) in statements.iter().enumerate() {
            if s.statement_id
                .as_ref()
                .is_some_and(|id| replaced.contains(id))
            {
                superseded += 1;
                continue;
            }
            match latest.get(&s.record_id) {
                Some(&j) if statements[j].date > s.date => superseded += 1,
                Some(_) => {
                    superseded += 1;
                    latest.insert(s.record_id.clone(), i);
                }
                None => {
                    latest.insert(s.record_id.clone(), i);
                }
            }
        }
        imported.tally.note_n(
            "statements superseded by a later one of the same record",
            superseded,
        );
        let mut live: Vec<usize> = latest.into_values().collect();
        live.sort_unstable();
        let mut kinds: HashMap<String, EntityKind> = HashMap::new();
        for &i in &live {
            let s = &statements[i];
            if s.closed {
                imported
                    .tally
                    .skip("records closed by their latest statement");
                continue;
            }
            let tally = &mut imported.tally;
            let entity = match &s.details {
                Details::Entity(details) => entity(&s.record_id, details, tally),
                Details::Person(details) => person(&s.record_id, details, tally),
                Details::Relationship(_) => continue,
            };
            kinds.insert(s.record_id.clone(), entity.kind);
            imported.entity(entity, s.at.clone());
        }
        let mut state_owned: HashSet<String> = HashSet::new();
        for &i in &live {
            let s = &statements[i];
            let Details::Relationship(details) = &s.details else {
                continue;
            };
            if s.closed {
                continue;
            }
            let ends = [&details.interested_party, &details.subject].map(|end| match end {
                Some(Value::String(id)) => Some(id.clone()),
                _ => None,
            });
            let [Some(party), Some(subject)] = ends else {
                imported
                    .tally
                    .skip("relationships with an unspecified subject or interested party");
                continue;
            };
            if !kinds.contains_key(&party) || !kinds.contains_key(&subject) {
                imported
                    .tally
                    .skip("relationships naming a record that is not in the file (or is closed)");
                continue;
            }
            let relation = relation(&details.interests, &mut imported.tally);
            let owned_by_state = kinds[&party] == EntityKind::Government
                && kinds[&subject] != EntityKind::Government
                && details
                    .interests
                    .iter()
                    .any(|i| matches!(i.kind.as_deref(), Some("shareholding" | "votingRights")));
            if owned_by_state {
                state_owned.insert(subject.clone());
            }
            imported.relation(
                &Self::key(&party),
                &Self::key(&subject),
                relation,
                s.at.clone(),
            );
        }
        for (entity, _) in &mut imported.entities {
            if let Some(record_id) = entity.id.strip_prefix("bods:")
                && state_owned.contains(record_id)
            {
                entity.state_owned = true;
            }
        }
        imported
    }
}

fn identifiers(entity: &mut Entity, list: &[Identifier], tally: &mut Tally) {
    for identifier in list {
        let scheme = identifier
            .scheme
            .as_ref()
            .or(identifier.scheme_name.as_ref());
        match (scheme, &identifier.id) {
            (Some(scheme), Some(id)) if !id.trim().is_empty() => {
                entity
                    .identifiers
                    .entry(scheme.clone())
                    .or_insert_with(|| id.trim().to_string());
            }
            _ => tally.note("identifiers without a scheme or an id, left out"),
        }
    }
}

/// A country from a jurisdiction's code or name, or a note that there is none to read.
fn country(jurisdiction: &Jurisdiction, tally: &mut Tally) -> Option<String> {
    let found = jurisdiction
        .code
        .as_deref()
        .and_then(import::country)
        .or_else(|| jurisdiction.name.as_deref().and_then(import::country));
    if found.is_none() {
        tally.note("jurisdictions that are neither ISO codes nor English names, left out");
    }
    found
}

fn entity(record_id: &str, details: &EntityDetails, tally: &mut Tally) -> Entity {
    let kind_name = details
        .entity_type
        .as_ref()
        .and_then(|t| t.kind.as_deref())
        .unwrap_or("unknownEntity");
    let kind = match kind_name {
        "state" | "stateBody" => EntityKind::Government,
        "arrangement" => EntityKind::Organization,
        _ => EntityKind::Company,
    };
    let name = details
        .name
        .as_deref()
        .and_then(import::clean_name)
        .unwrap_or_else(|| format!("unnamed {kind_name} (BODS record {record_id})"));
    let mut entity = Entity::new(BodsReader::key(record_id), name.clone(), kind);
    let mut seen = vec![crate::names::fold(&name)];
    for alias in details
        .alternate_names
        .iter()
        .filter_map(|a| import::clean_name(a))
    {
        let folded = crate::names::fold(&alias);
        if !seen.contains(&folded) {
            seen.push(folded);
            entity.aliases.push(alias);
        }
    }
    entity.country = details
        .jurisdiction
        .as_ref()
        .and_then(|j| country(j, tally));
    entity.founded = details.founding_date.as_deref().and_then(import::date);
    if details.founding_date.is_some() && entity.founded.is_none() {
        tally.note("founding dates that are not ISO dates, left out");
    }
    identifiers(&mut entity, &details.identifiers, tally);
    if let Some(subtype) = details.entity_type.as_ref().and_then(|t| t.subtype.clone()) {
        entity
            .attributes
            .insert("entity_subtype".into(), vec![subtype]);
    }
    if let Some(date) = &details.dissolution_date {
        entity
            .attributes
            .insert("dissolution_date".into(), vec![date.clone()]);
    }
    entity
}

fn person(record_id: &str, details: &PersonDetails, tally: &mut Tally) -> Entity {
    let mut names: Vec<String> = Vec::new();
    // Individual and legal names first, then the others.
    let mut ordered: Vec<&PersonName> = details.names.iter().collect();
    ordered.sort_by_key(|n| !matches!(n.kind.as_deref(), Some("individual" | "legal")));
    for n in ordered {
        let full = n.full_name.clone().or_else(|| {
            let parts: Vec<&str> = [&n.given_name, &n.family_name]
                .iter()
                .filter_map(|p| p.as_deref())
                .collect();
            (!parts.is_empty()).then(|| parts.join(" "))
        });
        if let Some(full) = full.as_deref().and_then(import::clean_name)
            && !names
                .iter()
                .any(|k| crate::names::fold(k) == crate::names::fold(&full))
        {
            names.push(full);
        }
    }
    let person_type = details.person_type.as_deref().unwrap_or("unknownPerson");
    let name = names
        .first()
        .cloned()
        .unwrap_or_else(|| format!("{person_type} (BODS record {record_id})"));
    let mut entity = Entity::new(BodsReader::key(record_id), name, EntityKind::Person);
    entity.aliases = names.into_iter().skip(1).collect();
    entity.country = details.nationalities.iter().find_map(|n| country(n, tally));
    identifiers(&mut entity, &details.identifiers, tally);
    if let Some(date) = &details.birth_date {
        entity
            .attributes
            .insert("birth_date".into(), vec![date.clone()]);
    }
    entity
}

/// An `owns` relation from the interests of a relationship statement.
fn relation(interests: &[Interest], tally: &mut Tally) -> crate::model::Relation {
    let mut relation = import::relation(RelationType::Owns);
    let mut roles: Vec<String> = Vec::new();
    let mut notes: Vec<String> = Vec::new();
    for interest in interests {
        let kind = interest.kind.as_deref().unwrap_or("unknownInterest");
        let role = match interest.direct_or_indirect.as_deref() {
            Some(way @ ("direct" | "indirect")) => format!("{kind} ({way})"),
            _ => kind.to_string(),
        };
        if !roles.contains(&role) {
            roles.push(role);
        }
        if let Some(share) = &interest.share {
            match share.exact {
                Some(exact) if !(0.0..=100.0).contains(&exact) => {
                    tally.note("shares that are not percentages from 0 to 100, left out");
                }
                Some(exact) if relation.stake_pct.is_none() => {
                    relation.stake_pct = Some(exact);
                }
                Some(exact) => notes.push(format!("{kind} {exact}%")),
                None => {
                    let low = share.minimum.or(share.exclusive_minimum);
                    let high = share.maximum.or(share.exclusive_maximum);
                    if let (Some(low), Some(high)) = (low, high) {
                        notes.push(format!("{kind} between {low}% and {high}%"));
                    }
                }
            }
        }
        if interest.beneficial_ownership_or_control == Some(true) {
            let note = "beneficial ownership or control".to_string();
            if !notes.contains(&note) {
                notes.push(note);
            }
        }
    }
    relation.start = interests
        .iter()
        .filter_map(|i| i.start_date.as_deref().and_then(import::date))
        .min();
    let ends: Vec<_> = interests
        .iter()
        .map(|i| i.end_date.as_deref().and_then(import::date))
        .collect();
    if !ends.is_empty() && ends.iter().all(Option::is_some) {
        relation.end = ends.into_iter().flatten().max();
        relation.status = Status::Ended;
    }
    relation.role = (!roles.is_empty()).then(|| roles.join(", "));
    relation.note = (!notes.is_empty()).then(|| notes.join("; "));
    relation
}
