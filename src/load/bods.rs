//! Beneficial Ownership Data Standard 0.4 statements: entity and person statements become
//! entities (a `state` or `stateBody` a government), relationship statements become `owns`
//! from the interested party to the subject, with the share as the stake and the interest
//! types as the role. Of the statements about one record only the latest counts; a record
//! whose latest statement closes it is left out, and so are statements another replaces.
//! Addresses, identifiers, political exposure and the statement's date and source become
//! attributes, interest details and dates notes; the publication's licence goes to the file's
//! source. Every other field with a value is counted in the load report by its path.

use std::collections::{HashMap, HashSet};

use serde::Deserialize;
use serde_json::Value;
use serde_json::value::RawValue;

use super::import::{self, Imported, Reader, Scope, Tally, Unread, nullable};
use super::json::Doc;
use crate::diagnostic::Location;
use crate::model::{Entity, EntityKind, RelationType, Status};

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Statement<'a> {
    statement_id: Option<String>,
    statement_date: Option<String>,
    record_id: Option<String>,
    record_status: Option<String>,
    record_type: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    replaces_statements: Vec<String>,
    publication_details: Option<PublicationDetails>,
    source: Option<StatementSource>,
    #[serde(rename = "statementType")]
    old_statement_type: Option<Value>,
    /// Read on its own, as the record type says.
    #[serde(borrow)]
    record_details: Option<&'a RawValue>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PublicationDetails {
    publication_date: Option<String>,
    bods_version: Option<String>,
    license: Option<String>,
    publisher: Option<Publisher>,
}

#[derive(Debug, Deserialize)]
struct Publisher {
    name: Option<String>,
    url: Option<String>,
}

/// Where a statement's information comes from.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct StatementSource {
    #[serde(rename = "type", default, deserialize_with = "nullable")]
    kinds: Vec<String>,
    description: Option<String>,
    url: Option<String>,
    retrieved_at: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    asserted_by: Vec<Agent>,
}

#[derive(Debug, Deserialize)]
struct Agent {
    name: Option<String>,
    uri: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct EntityDetails {
    is_component: Option<bool>,
    entity_type: Option<EntityType>,
    name: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    alternate_names: Vec<String>,
    jurisdiction: Option<Jurisdiction>,
    #[serde(default, deserialize_with = "nullable")]
    identifiers: Vec<Identifier>,
    founding_date: Option<String>,
    dissolution_date: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    addresses: Vec<Address>,
    uri: Option<String>,
    formed_by_statute: Option<Statute>,
    unspecified_entity_details: Option<Unspecified>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct EntityType {
    #[serde(rename = "type")]
    kind: Option<String>,
    subtype: Option<String>,
    details: Option<String>,
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
    uri: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Address {
    #[serde(rename = "type")]
    kind: Option<String>,
    address: Option<String>,
    post_code: Option<String>,
    country: Option<Jurisdiction>,
}

#[derive(Debug, Deserialize)]
struct Statute {
    name: Option<String>,
    date: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Unspecified {
    reason: Option<String>,
    description: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PersonDetails {
    is_component: Option<bool>,
    person_type: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    names: Vec<PersonName>,
    #[serde(default, deserialize_with = "nullable")]
    nationalities: Vec<Jurisdiction>,
    #[serde(default, deserialize_with = "nullable")]
    identifiers: Vec<Identifier>,
    birth_date: Option<String>,
    death_date: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    addresses: Vec<Address>,
    place_of_birth: Option<Address>,
    #[serde(default, deserialize_with = "nullable")]
    tax_residencies: Vec<Jurisdiction>,
    political_exposure: Option<PoliticalExposure>,
    unspecified_person_details: Option<Unspecified>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PersonName {
    #[serde(rename = "type")]
    kind: Option<String>,
    full_name: Option<String>,
    given_name: Option<String>,
    family_name: Option<String>,
    patronymic_name: Option<String>,
}

#[derive(Debug, Deserialize)]
struct PoliticalExposure {
    status: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    details: Vec<ExposureDetails>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ExposureDetails {
    reason: Option<String>,
    jurisdiction: Option<Jurisdiction>,
    start_date: Option<String>,
    end_date: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RelationshipDetails {
    is_component: Option<bool>,
    subject: Option<Value>,
    interested_party: Option<Value>,
    #[serde(default, deserialize_with = "nullable")]
    interests: Vec<Interest>,
    #[serde(default, deserialize_with = "nullable")]
    component_records: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Interest {
    #[serde(rename = "type")]
    kind: Option<String>,
    direct_or_indirect: Option<String>,
    beneficial_ownership_or_control: Option<bool>,
    details: Option<String>,
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

/// A statement's fields, and its record's details read on their own.
const STATEMENT: Scope = Scope::of("statement");
const DETAILS: Scope = Scope::under("statement", "recordDetails");

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
    /// Where the statement's information comes from, in words.
    source: Option<String>,
    details: Details,
    at: Location,
}

/// Reads BODS 0.4 statements.
pub struct BodsReader {
    imported: Imported,
    statements: Vec<Kept>,
    replaced: HashSet<String>,
    unread: Unread,
}

impl BodsReader {
    /// A reader for the file named `file`, which its source is named after.
    pub fn new(file: &str) -> Self {
        BodsReader {
            imported: Imported::new(import::file_source(
                file,
                "Beneficial Ownership Data Standard statements",
            )),
            statements: Vec::new(),
            replaced: HashSet::new(),
            unread: Unread::new("BODS"),
        }
    }

    fn key(record_id: &str) -> String {
        format!("bods:{record_id}")
    }

    /// The file's source takes the first statement's publication details.
    fn publication(&mut self, publication: PublicationDetails) {
        let source = &mut self.imported.source;
        source.publisher = publication.publisher.as_ref().and_then(|p| p.name.clone());
        source.date = publication
            .publication_date
            .as_deref()
            .and_then(import::date);
        let mut notes = Vec::new();
        notes.extend(publication.license.map(|l| format!("licence: {l}")));
        notes.extend(
            publication
                .publisher
                .and_then(|p| p.url)
                .map(|u| format!("publisher's site: {u}")),
        );
        notes.extend(publication.bods_version.map(|v| format!("BODS {v}")));
        source.note = (!notes.is_empty()).then(|| notes.join("; "));
    }
}

/// Where a statement's information comes from, in words: its kinds, description, address,
/// when it was retrieved and who asserted it.
fn source_text(source: &StatementSource) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    if !source.kinds.is_empty() {
        parts.push(source.kinds.join(", "));
    }
    parts.extend(
        source
            .description
            .iter()
            .filter_map(|d| import::clean_name(d)),
    );
    parts.extend(source.url.clone());
    parts.extend(
        source
            .retrieved_at
            .as_deref()
            .map(|d| format!("retrieved {d}")),
    );
    let asserted: Vec<String> = source
        .asserted_by
        .iter()
        .filter_map(|a| match (&a.name, &a.uri) {
            (Some(name), Some(uri)) => Some(format!("{name} ({uri})")),
            (name, uri) => name.clone().or_else(|| uri.clone()),
        })
        .collect();
    if !asserted.is_empty() {
        parts.push(format!("asserted by {}", asserted.join(", ")));
    }
    (!parts.is_empty()).then(|| parts.join(", "))
}

impl Reader for BodsReader {
    fn record(&mut self, doc: &Doc<'_>, raw: &RawValue) {
        let Some(statement) = self
            .unread
            .value::<Statement>(doc, raw, "BODS statement", STATEMENT)
        else {
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
        let Some(details_raw) = statement.record_details else {
            doc.error(
                raw,
                format!("BODS statement of record \"{record_id}\" has no \"recordDetails\""),
            );
            return;
        };
        let what = format!("\"recordDetails\" of record \"{record_id}\"");
        let unread = &mut self.unread;
        let details = match record_type.as_str() {
            "entity" => unread
                .value(doc, details_raw, &what, DETAILS)
                .map(Details::Entity),
            "person" => unread
                .value(doc, details_raw, &what, DETAILS)
                .map(Details::Person),
            "relationship" => unread
                .value(doc, details_raw, &what, DETAILS)
                .map(Details::Relationship),
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
            self.publication(publication);
        }
        self.replaced.extend(statement.replaces_statements);
        self.statements.push(Kept {
            statement_id: statement.statement_id,
            date: statement.statement_date.unwrap_or_default(),
            record_id,
            closed: statement.record_status.as_deref() == Some("closed"),
            source: statement.source.as_ref().and_then(source_text),
            details,
            at: doc.location(raw),
        });
    }

    fn finish(self: Box<Self>) -> Imported {
        let BodsReader {
            mut imported,
            statements,
            replaced,
            unread,
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
        let mut names: HashMap<String, String> = HashMap::new();
        for &i in &live {
            let s = &statements[i];
            if s.closed {
                imported
                    .tally
                    .skip("records closed by their latest statement");
                continue;
            }
            let tally = &mut imported.tally;
            let (mut entity, component) = match &s.details {
                Details::Entity(details) => {
                    (entity(&s.record_id, details, tally), details.is_component)
                }
                Details::Person(details) => {
                    (person(&s.record_id, details, tally), details.is_component)
                }
                Details::Relationship(_) => continue,
            };
            if component == Some(true) {
                add(
                    &mut entity,
                    "component",
                    "a step of an indirect relationship".into(),
                );
            }
            if !s.date.is_empty() {
                entity
                    .details_mut()
                    .attributes
                    .insert("statement_date".into(), vec![s.date.clone()]);
            }
            if let Some(source) = &s.source {
                entity
                    .details_mut()
                    .attributes
                    .insert("statement_source".into(), vec![source.clone()]);
            }
            kinds.insert(s.record_id.clone(), entity.kind);
            names.insert(s.record_id.clone(), entity.name.clone());
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
            let mut relation = relation(&details.interests, &mut imported.tally);
            let mut notes: Vec<String> = relation.details_mut().note.take().into_iter().collect();
            if details.is_component == Some(true) {
                notes.push("a step of an indirect relationship".into());
            }
            let through: Vec<&str> = details
                .component_records
                .iter()
                .filter(|r| **r != party && **r != subject)
                .filter_map(|r| names.get(r).map(String::as_str))
                .collect();
            if !through.is_empty() {
                notes.push(format!("through {}", through.join(", ")));
            }
            let mut stated = Vec::new();
            if !s.date.is_empty() {
                stated.push(s.date.clone());
            }
            stated.extend(s.source.clone());
            if !stated.is_empty() {
                notes.push(format!("stated {}", stated.join(", ")));
            }
            relation.details_mut().note = (!notes.is_empty()).then(|| notes.join("; "));
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
                entity.details_mut().state_owned = true;
            }
        }
        unread.report(&mut imported.tally);
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
                    .details_mut()
                    .identifiers
                    .or_insert(scheme.clone(), id.trim().to_string());
            }
            _ => tally.note("identifiers without a scheme or an id, left out"),
        }
        if let Some(uri) = &identifier.uri {
            add(entity, "identifier_uri", uri.clone());
        }
    }
}

/// Adds a value to an attribute, once.
fn add(entity: &mut Entity, name: &str, value: String) {
    let list = entity
        .details_mut()
        .attributes
        .entry(name.to_string())
        .or_default();
    if !value.trim().is_empty() && !list.contains(&value) {
        list.push(value);
    }
}

/// A jurisdiction in words: its name, else its code.
fn place(jurisdiction: &Jurisdiction) -> Option<String> {
    jurisdiction
        .name
        .clone()
        .or_else(|| jurisdiction.code.clone())
}

/// An address in one line: `registered: 1 Main St, 00100, Finland`.
fn address(address: &Address) -> Option<String> {
    let parts: Vec<String> = [
        address.address.clone(),
        address.post_code.clone(),
        address.country.as_ref().and_then(place),
    ]
    .into_iter()
    .flatten()
    .filter_map(|p| import::clean_name(&p))
    .collect();
    if parts.is_empty() {
        return None;
    }
    Some(match &address.kind {
        Some(kind) => format!("{kind}: {}", parts.join(", ")),
        None => parts.join(", "),
    })
}

/// Why a record's details are not known, in words.
fn unspecified(details: &Unspecified) -> Option<String> {
    let parts: Vec<&str> = [&details.reason, &details.description]
        .into_iter()
        .filter_map(|p| p.as_deref())
        .collect();
    (!parts.is_empty()).then(|| parts.join(": "))
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
    for alias in &details.alternate_names {
        import::add_alias(&mut entity, alias);
    }
    let ours = entity.details_mut();
    ours.country = details
        .jurisdiction
        .as_ref()
        .and_then(|j| country(j, tally));
    ours.founded = details.founding_date.as_deref().and_then(import::date);
    if details.founding_date.is_some() && ours.founded.is_none() {
        tally.note("founding dates that are not ISO dates, left out");
    }
    identifiers(&mut entity, &details.identifiers, tally);
    if let Some(entity_type) = &details.entity_type {
        if let Some(subtype) = &entity_type.subtype {
            add(&mut entity, "entity_subtype", subtype.clone());
        }
        if let Some(text) = &entity_type.details {
            add(&mut entity, "entity_type_details", text.clone());
        }
    }
    if let Some(date) = &details.dissolution_date {
        add(&mut entity, "dissolution_date", date.clone());
    }
    for text in details.addresses.iter().filter_map(address) {
        add(&mut entity, "address", text);
    }
    if let Some(uri) = &details.uri {
        add(&mut entity, "uri", uri.clone());
    }
    if let Some(statute) = &details.formed_by_statute {
        let text = match (&statute.name, &statute.date) {
            (Some(name), Some(date)) => format!("{name} ({date})"),
            (Some(text), None) | (None, Some(text)) => text.clone(),
            (None, None) => String::new(),
        };
        add(&mut entity, "formed_by_statute", text);
    }
    if let Some(text) = details
        .unspecified_entity_details
        .as_ref()
        .and_then(unspecified)
    {
        add(&mut entity, "unspecified", text);
    }
    entity
        .details_mut()
        .attributes
        .retain(|_, values| !values.is_empty());
    entity
}

fn person(record_id: &str, details: &PersonDetails, tally: &mut Tally) -> Entity {
    let mut names: Vec<String> = Vec::new();
    // Individual and legal names first, then the others.
    let mut ordered: Vec<&PersonName> = details.names.iter().collect();
    ordered.sort_by_key(|n| !matches!(n.kind.as_deref(), Some("individual" | "legal")));
    for n in ordered {
        // A full name holds the patronymic; the parts are joined only without one.
        let full = n.full_name.clone().or_else(|| {
            let parts: Vec<&str> = [&n.given_name, &n.patronymic_name, &n.family_name]
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
    let ours = entity.details_mut();
    ours.aliases = names.into_iter().skip(1).collect();
    ours.country = details.nationalities.iter().find_map(|n| country(n, tally));
    if details.nationalities.len() > 1 {
        for nationality in details.nationalities.iter().filter_map(place) {
            add(&mut entity, "nationality", nationality);
        }
    }
    identifiers(&mut entity, &details.identifiers, tally);
    if let Some(date) = &details.birth_date {
        add(&mut entity, "birth_date", date.clone());
    }
    if let Some(date) = &details.death_date {
        add(&mut entity, "death_date", date.clone());
    }
    for text in details.addresses.iter().filter_map(address) {
        add(&mut entity, "address", text);
    }
    if let Some(text) = details.place_of_birth.as_ref().and_then(address) {
        add(&mut entity, "place_of_birth", text);
    }
    for residency in details.tax_residencies.iter().filter_map(place) {
        add(&mut entity, "tax_residency", residency);
    }
    if let Some(exposure) = &details.political_exposure {
        for text in political_exposure(exposure) {
            add(&mut entity, "political_exposure", text);
        }
    }
    if let Some(text) = details
        .unspecified_person_details
        .as_ref()
        .and_then(unspecified)
    {
        add(&mut entity, "unspecified", text);
    }
    entity
        .details_mut()
        .attributes
        .retain(|_, values| !values.is_empty());
    entity
}

/// A person's political exposure, one line for each reason (or its status alone).
fn political_exposure(exposure: &PoliticalExposure) -> Vec<String> {
    let status = exposure.status.clone().unwrap_or_else(|| "exposure".into());
    if exposure.details.is_empty() {
        return vec![status];
    }
    exposure
        .details
        .iter()
        .map(|d| {
            let mut parts: Vec<String> = Vec::new();
            parts.extend(d.jurisdiction.as_ref().and_then(place));
            parts.extend(d.start_date.as_ref().map(|s| format!("from {s}")));
            parts.extend(d.end_date.as_ref().map(|e| format!("until {e}")));
            let reason = d.reason.clone().unwrap_or_default();
            match parts.is_empty() {
                true => format!("{status}: {reason}"),
                false => format!("{status}: {reason} ({})", parts.join(", ")),
            }
        })
        .collect()
}

/// The interests of BODS that are a share of what is owned: the rest (votes, board
/// appointments, control by a legal framework, ...) is control, not ownership.
const OWNERSHIP_INTERESTS: &[&str] = &[
    "shareholding",
    "rightsToSurplusAssetsOnDissolution",
    "rightsToProfitOrIncome",
];

/// The relation a relationship statement's interests make: `owns` when one of them is a share
/// (or none says what it is), else `controls`.
fn relation(interests: &[Interest], tally: &mut Tally) -> crate::model::Relation {
    let owning = interests.is_empty()
        || interests.iter().any(|i| {
            i.kind
                .as_deref()
                .is_none_or(|kind| OWNERSHIP_INTERESTS.contains(&kind) || kind == "unknownInterest")
        });
    let kind = if owning {
        RelationType::Owns
    } else {
        RelationType::Controls
    };
    let mut relation = import::relation(kind);
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
                Some(exact) if relation.details().stake_pct.is_none() => {
                    relation.details_mut().stake_pct = Some(exact);
                }
                Some(exact) => notes.push(format!("{kind} {exact}%")),
                None => {
                    let low = share.minimum.or(share.exclusive_minimum);
                    let high = share.maximum.or(share.exclusive_maximum);
                    let range = low.unwrap_or(0.0)..=high.unwrap_or(100.0);
                    let usable = (low.is_some() || high.is_some())
                        && range.start() <= range.end()
                        && (0.0..=100.0).contains(range.start())
                        && (0.0..=100.0).contains(range.end());
                    if usable
                        && relation.details().stake_pct.is_none()
                        && relation.details().stake_range.is_none()
                    {
                        relation.details_mut().stake_range = Some((*range.start(), *range.end()));
                    }
                    match (low, high) {
                        (Some(low), Some(high)) => {
                            notes.push(format!("{kind} between {low}% and {high}%"))
                        }
                        (Some(low), None) => notes.push(format!("{kind} over {low}%")),
                        (None, Some(high)) => notes.push(format!("{kind} up to {high}%")),
                        (None, None) => {}
                    }
                }
            }
        }
        if let Some(details) = interest.details.as_deref().and_then(import::clean_name) {
            notes.push(format!("{kind}: {details}"));
        }
        if interest.beneficial_ownership_or_control == Some(true) {
            let note = "beneficial ownership or control".to_string();
            if !notes.contains(&note) {
                notes.push(note);
            }
        }
        for date in [&interest.start_date, &interest.end_date]
            .into_iter()
            .flatten()
        {
            if import::date(date).is_none() {
                tally.note("interest dates that are not ISO dates, left out");
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
    // The relation spans its interests; each interest's own dates, where they differ.
    if interests.len() > 1 {
        for interest in interests {
            let start = interest.start_date.as_deref().and_then(import::date);
            let end = interest.end_date.as_deref().and_then(import::date);
            if (start.is_some() || end.is_some())
                && (start != relation.start || end != relation.end)
            {
                let kind = interest.kind.as_deref().unwrap_or("unknownInterest");
                let dates = match (start, end) {
                    (Some(s), Some(e)) => format!("{s} – {e}"),
                    (Some(s), None) => format!("from {s}"),
                    (None, Some(e)) => format!("until {e}"),
                    (None, None) => String::new(),
                };
                notes.push(format!("{kind} {dates}"));
            }
        }
    }
    relation.details_mut().role = (!roles.is_empty()).then(|| roles.join(", "));
    relation.details_mut().note = (!notes.is_empty()).then(|| notes.join("; "));
    relation
}
