//! GLEIF API records (JSON:API): Level 1 `lei-records` become companies (or funds, public
//! bodies) with their LEI; Level 2 `relationship-records` (accounting consolidation, funds,
//! branches) become `owns` relations from parent to child. A relationship names companies
//! only by LEI; when their Level 1 records are loaded too (in the same load, or before) the
//! relation joins those, otherwise the company is named by its LEI.
//!
//! A company keeps its addresses, legal form, registration (status, dates, corroboration),
//! its other identifiers (BIC, MIC, OpenCorporates, QCC, S&P Global) and its successor; a
//! relation notes its accounting period and how it was corroborated. A page of a larger API
//! result is noted. Every other field with a value is counted in the load report by its path.

use serde::Deserialize;
use serde_json::Value;
use serde_json::value::RawValue;

use super::import::{self, Imported, Placeholder, Reader, Scope, Unread, nullable};
use super::json::Doc;
use crate::model::{Entity, EntityKind, RelationType, Status};

/// An API document: its records are read one by one.
#[derive(Debug, Deserialize)]
struct Document<'a> {
    meta: Option<Meta>,
    #[serde(borrow)]
    data: Option<&'a RawValue>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Meta {
    golden_copy: Option<GoldenCopy>,
    pagination: Option<Pagination>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct GoldenCopy {
    publish_date: Option<String>,
}

/// Where a page stands in the whole result.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Pagination {
    current_page: Option<u64>,
    per_page: Option<u64>,
    from: Option<u64>,
    to: Option<u64>,
    total: Option<u64>,
    last_page: Option<u64>,
}

#[derive(Debug, Deserialize)]
struct Record<'a> {
    #[serde(rename = "type")]
    kind: String,
    /// The LEI of a lei-record; a relationship-record's ends and type.
    #[allow(dead_code)]
    id: Option<Value>,
    /// Read on its own, as the type says.
    #[serde(borrow)]
    attributes: Option<&'a RawValue>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct LeiAttributes {
    lei: String,
    entity: LeiEntity,
    registration: Option<LeiRegistration>,
    bic: Option<Value>,
    mic: Option<Value>,
    ocid: Option<Value>,
    qcc: Option<Value>,
    spglobal: Option<Value>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct LeiEntity {
    legal_name: Option<Name>,
    #[serde(default, deserialize_with = "nullable")]
    other_names: Vec<Name>,
    #[serde(default, deserialize_with = "nullable")]
    transliterated_other_names: Vec<Name>,
    legal_address: Option<Address>,
    headquarters_address: Option<Address>,
    #[serde(default, deserialize_with = "nullable")]
    other_addresses: Vec<Address>,
    jurisdiction: Option<String>,
    category: Option<String>,
    sub_category: Option<String>,
    legal_form: Option<Coded>,
    associated_entity: Option<Named>,
    status: Option<String>,
    expiration: Option<Expiration>,
    successor_entity: Option<Named>,
    #[serde(default, deserialize_with = "nullable")]
    successor_entities: Vec<Named>,
    creation_date: Option<String>,
    registered_at: Option<Coded>,
    registered_as: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Name {
    name: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Address {
    #[serde(rename = "type")]
    kind: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    address_lines: Vec<String>,
    address_number: Option<String>,
    address_number_within_building: Option<String>,
    mail_routing: Option<String>,
    city: Option<String>,
    region: Option<String>,
    postal_code: Option<String>,
    country: Option<String>,
}

/// A code from one of GLEIF's lists, or `other` words where the list has none.
#[derive(Debug, Deserialize)]
struct Coded {
    id: Option<String>,
    other: Option<String>,
}

/// Another legal entity, by name and LEI.
#[derive(Debug, Deserialize)]
struct Named {
    lei: Option<String>,
    name: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Expiration {
    date: Option<String>,
    reason: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct LeiRegistration {
    initial_registration_date: Option<String>,
    last_update_date: Option<String>,
    status: Option<String>,
    corroboration_level: Option<String>,
    validated_at: Option<Coded>,
    validated_as: Option<String>,
}

#[derive(Debug, Deserialize)]
struct RelationshipAttributes {
    relationship: Relationship,
    registration: Option<RelationshipRegistration>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Relationship {
    start_node: Node,
    end_node: Node,
    #[serde(rename = "type", alias = "relationshipType")]
    kind: String,
    status: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    periods: Vec<Period>,
}

#[derive(Debug, Deserialize)]
struct Node {
    id: String,
    #[serde(rename = "type")]
    kind: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Period {
    start_date: Option<String>,
    end_date: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RelationshipRegistration {
    status: Option<String>,
    corroboration_level: Option<String>,
    corroboration_documents: Option<String>,
    corroboration_reference: Option<String>,
}

const DOCUMENT: Scope = Scope::of("document");

/// The scope of a record's own fields, by its type; `None` for the types left out whole.
fn record_scope(record: &Record<'_>) -> Option<Scope> {
    match record.kind.as_str() {
        "lei-records" => Some(Scope::of("lei-record")),
        "relationship-records" => Some(Scope::of("relationship-record")),
        _ => None,
    }
}

/// A code of GLEIF's (`FULLY_CORROBORATED`) in words (`fully corroborated`).
fn spoken(code: &str) -> String {
    code.to_lowercase().replace('_', " ")
}

/// The texts of a value that is a text or a list of texts.
fn texts(value: &Option<Value>) -> Vec<String> {
    let one = |v: &Value| match v {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    };
    match value {
        Some(Value::Array(items)) => items.iter().filter_map(one).collect(),
        Some(v) => one(v).into_iter().collect(),
        None => Vec::new(),
    }
}

/// An address in one line: its lines, number, routing, postal code, city, region, country.
fn address(address: &Address) -> Option<String> {
    let parts: Vec<&str> = address
        .address_lines
        .iter()
        .chain(&address.address_number)
        .chain(&address.address_number_within_building)
        .chain(&address.mail_routing)
        .chain(&address.postal_code)
        .chain(&address.city)
        .chain(&address.region)
        .chain(&address.country)
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// Another legal entity in words: `NAME (LEI)`.
fn named(other: &Named) -> Option<String> {
    match (&other.name, &other.lei) {
        (Some(name), Some(lei)) => Some(format!("{name} ({lei})")),
        (Some(text), None) | (None, Some(text)) => Some(text.clone()),
        (None, None) => None,
    }
}

/// Reads GLEIF API documents.
pub struct GleifReader {
    imported: Imported,
    unread: Unread,
}

impl GleifReader {
    /// A reader for the file named `file`, which its source is named after.
    pub fn new(file: &str) -> Self {
        let mut source = import::file_source(file, "GLEIF LEI records");
        source.publisher = Some("GLEIF".into());
        GleifReader {
            imported: Imported::new(source),
            unread: Unread::new("GLEIF"),
        }
    }

    fn key(lei: &str) -> String {
        format!("lei:{}", lei.trim().to_uppercase())
    }

    /// A document's own fields: the golden copy's date, and whether the page holds the
    /// whole result.
    fn meta(&mut self, meta: Meta) {
        if let Some(date) = meta
            .golden_copy
            .and_then(|g| g.publish_date)
            .as_deref()
            .and_then(import::date)
        {
            self.imported.source.date = Some(date);
        }
        if let Some(page) = meta.pagination {
            let held = match (page.from, page.to) {
                (Some(from), Some(to)) if to >= from => to - from + 1,
                _ => 0,
            };
            let partial = page.last_page.unwrap_or(1) > 1
                || page.total.is_some_and(|total| held > 0 && total > held);
            if partial {
                let of = |n: Option<u64>| n.map_or_else(|| "?".to_string(), |n| n.to_string());
                self.imported.tally.note(format!(
                    "page {} of {} of a GLEIF API result ({} records, {} a page): load the other pages too",
                    of(page.current_page),
                    of(page.last_page),
                    of(page.total),
                    of(page.per_page),
                ));
            }
        }
    }

    fn lei_record(&mut self, doc: &Doc<'_>, raw: &RawValue, attributes: Option<&RawValue>) {
        let Some(attributes) = attributes else {
            doc.error(raw, "a GLEIF lei-record has \"attributes\"; add them");
            return;
        };
        let Some(record) = self.unread.value::<LeiAttributes>(
            doc,
            attributes,
            "GLEIF lei-record",
            Scope::under("lei-record", "attributes"),
        ) else {
            return;
        };
        let lei = record.lei.trim().to_uppercase();
        if lei.is_empty() {
            // Nothing names the legal entity, nor would tell it from another.
            self.imported.tally.skip("LEI records with no LEI");
            return;
        }
        let e = record.entity;
        let name = e
            .legal_name
            .and_then(|n| n.name)
            .and_then(|n| import::clean_name(&n))
            .unwrap_or_else(|| lei.clone());
        let kind = match e.category.as_deref() {
            Some("FUND") => EntityKind::Fund,
            Some("RESIDENT_GOVERNMENT_ENTITY") => EntityKind::Government,
            Some("INTERNATIONAL_ORGANIZATION") => EntityKind::Organization,
            _ => EntityKind::Company,
        };
        let mut entity = Entity::new(Self::key(&lei), name.clone(), kind);
        entity
            .details_mut()
            .identifiers
            .insert("lei".into(), lei.clone());
        let registered_at = e.registered_at.unwrap_or(Coded {
            id: None,
            other: None,
        });
        // The register's number, and the number in the register the LEI was validated against
        // (most often the same one). RA999999 is GLEIF's "no registration authority".
        let validated_other = record
            .registration
            .as_ref()
            .and_then(|r| r.validated_at.as_ref())
            .and_then(|v| v.other.clone())
            .filter(|other| Some(other) != registered_at.other.as_ref());
        let validated = record.registration.as_ref().map(|r| {
            (
                r.validated_at.as_ref().and_then(|v| v.id.clone()),
                r.validated_as.clone(),
            )
        });
        for (authority, number) in [(registered_at.id, e.registered_as)]
            .into_iter()
            .chain(validated)
        {
            if let (Some(authority), Some(number)) = (authority, number)
                && authority != "RA999999"
                && !number.trim().is_empty()
            {
                entity
                    .details_mut()
                    .identifiers
                    .or_insert(authority, number);
            }
        }
        // Identifiers in other systems; a second value of one scheme is kept as an attribute.
        for (scheme, values) in [
            ("swift", texts(&record.bic)),
            ("mic", texts(&record.mic)),
            ("opencorporates", texts(&record.ocid)),
            ("qcc", texts(&record.qcc)),
            ("spglobal", texts(&record.spglobal)),
        ] {
            let details = entity.details_mut();
            if let Some(first) = values.first() {
                details.identifiers.insert(scheme.into(), first.clone());
            }
            if values.len() > 1 {
                details.attributes.insert(scheme.into(), values);
            }
        }
        for other in e
            .other_names
            .into_iter()
            .chain(e.transliterated_other_names)
        {
            if let Some(alias) = other.name {
                import::add_alias(&mut entity, &alias);
            }
        }
        let details = entity.details_mut();
        details.country = e
            .jurisdiction
            .as_deref()
            .and_then(import::country)
            .or_else(|| {
                e.legal_address
                    .as_ref()
                    .and_then(|a| a.country.as_deref())
                    .and_then(import::country)
            });
        details.founded = e.creation_date.as_deref().and_then(import::date);
        let mut attribute = |name: &str, value: Option<String>| {
            if let Some(value) = value.filter(|v| !v.trim().is_empty()) {
                details
                    .attributes
                    .entry(name.to_string())
                    .or_default()
                    .push(value);
            }
        };
        attribute("legal_address", e.legal_address.as_ref().and_then(address));
        attribute(
            "headquarters_address",
            e.headquarters_address.as_ref().and_then(address),
        );
        for other in &e.other_addresses {
            let text = address(other).map(|a| match &other.kind {
                Some(kind) => format!("{}: {a}", spoken(kind)),
                None => a,
            });
            attribute("other_address", text);
        }
        attribute("jurisdiction", e.jurisdiction.clone());
        // A category that the entity's kind does not tell (a branch, a sole proprietor).
        attribute(
            "category",
            e.category.filter(|c| {
                !matches!(
                    c.as_str(),
                    "GENERAL"
                        | "FUND"
                        | "RESIDENT_GOVERNMENT_ENTITY"
                        | "INTERNATIONAL_ORGANIZATION"
                )
            }),
        );
        attribute("sub_category", e.sub_category);
        if let Some(form) = e.legal_form {
            attribute(
                "legal_form",
                match (form.other, form.id) {
                    (Some(other), Some(id)) => Some(format!("{other} ({id})")),
                    (other, id) => other.or(id),
                },
            );
        }
        attribute("registration_authority", registered_at.other);
        attribute("validation_authority", validated_other);
        attribute(
            "associated_entity",
            e.associated_entity.as_ref().and_then(named),
        );
        attribute("status", e.status.filter(|s| s != "ACTIVE"));
        if let Some(expiration) = e.expiration {
            attribute(
                "expiration",
                match (expiration.reason, expiration.date) {
                    (Some(reason), Some(date)) => Some(format!("{} {date}", spoken(&reason))),
                    (reason, date) => reason.map(|r| spoken(&r)).or(date),
                },
            );
        }
        for successor in e.successor_entity.iter().chain(&e.successor_entities) {
            attribute("successor", named(successor));
        }
        if let Some(registration) = record.registration {
            attribute("lei_status", registration.status);
            attribute("lei_registered", registration.initial_registration_date);
            attribute("lei_updated", registration.last_update_date);
            attribute(
                "lei_corroboration",
                registration.corroboration_level.map(|c| spoken(&c)),
            );
        }
        for values in details.attributes.values_mut() {
            values.dedup();
        }
        if !self.imported.entity(entity, doc.location(raw)) {
            self.imported
                .tally
                .note("lei-records stated twice in the file, read once");
        }
    }

    fn relationship_record(
        &mut self,
        doc: &Doc<'_>,
        raw: &RawValue,
        attributes: Option<&RawValue>,
    ) {
        let Some(attributes) = attributes else {
            doc.error(
                raw,
                "a GLEIF relationship-record has \"attributes\"; add them",
            );
            return;
        };
        let Some(record) = self.unread.value::<RelationshipAttributes>(
            doc,
            attributes,
            "GLEIF relationship-record",
            Scope::under("relationship-record", "attributes"),
        ) else {
            return;
        };
        let r = record.relationship;
        let at = doc.location(raw);
        // An end of another kind, or with a blank id, names no legal entity to keep.
        if [&r.start_node, &r.end_node]
            .iter()
            .any(|n| n.kind.as_deref().is_some_and(|k| k != "LEI") || n.id.trim().is_empty())
        {
            self.imported
                .tally
                .skip("relationships with an end that has no LEI");
            return;
        }
        // (role, whether the start node is the child)
        let (role, child_is_start) = match r.kind.as_str() {
            "IS_DIRECTLY_CONSOLIDATED_BY" => ("direct parent (accounting consolidation)", true),
            "IS_ULTIMATELY_CONSOLIDATED_BY" => ("ultimate parent (accounting consolidation)", true),
            "IS_INTERNATIONAL_BRANCH_OF" => ("head office of an international branch", true),
            "IS_FUND-MANAGED_BY" => ("fund manager", true),
            "IS_SUBFUND_OF" => ("umbrella fund of a sub-fund", true),
            "IS_FEEDER_TO" => ("feeder fund investing in a master fund", false),
            other => {
                self.imported
                    .tally
                    .skip(format!("relationships of type {other}"));
                return;
            }
        };
        let (parent, child) = if child_is_start {
            (&r.end_node.id, &r.start_node.id)
        } else {
            (&r.start_node.id, &r.end_node.id)
        };
        for lei in [parent, child] {
            self.imported.placeholder(
                &Self::key(lei),
                "lei",
                &lei.trim().to_uppercase(),
                EntityKind::Company,
                Placeholder::Keep,
                at.clone(),
            );
        }
        let status = match r.status.as_deref() {
            Some("INACTIVE") => Status::Ended,
            _ => Status::Confirmed,
        };
        let mut relation = crate::model::Relation::new(RelationType::Owns, status);
        relation.details_mut().role = Some(role.to_string());
        let mut notes: Vec<String> = Vec::new();
        for period in &r.periods {
            let [start, end] =
                [&period.start_date, &period.end_date].map(|d| d.as_deref().and_then(import::date));
            match period.kind.as_deref() {
                Some("RELATIONSHIP_PERIOD")
                    if relation.start.is_none() && relation.end.is_none() =>
                {
                    relation.start = start;
                    relation.end = end;
                }
                kind => {
                    let what = kind.map_or_else(|| "period".to_string(), spoken);
                    notes.extend(match (start, end) {
                        (Some(s), Some(e)) => Some(format!("{what} {s} – {e}")),
                        (Some(s), None) => Some(format!("{what} from {s}")),
                        (None, Some(e)) => Some(format!("{what} until {e}")),
                        (None, None) => None,
                    });
                }
            }
        }
        if let Some(registration) = record.registration {
            if let Some(level) = registration.corroboration_level {
                let how: Vec<String> = registration
                    .corroboration_documents
                    .map(|d| spoken(&d))
                    .into_iter()
                    .chain(registration.corroboration_reference)
                    .collect();
                notes.push(if how.is_empty() {
                    format!("corroboration: {}", spoken(&level))
                } else {
                    format!("corroboration: {} ({})", spoken(&level), how.join(", "))
                });
            }
            if let Some(status) = registration.status.filter(|s| s != "PUBLISHED") {
                notes.push(format!("registration {}", spoken(&status)));
            }
        }
        relation.details_mut().note = (!notes.is_empty()).then(|| notes.join("; "));
        import::check_period(&mut relation, &mut self.imported.tally);
        self.imported
            .relation(&Self::key(parent), &Self::key(child), relation, at);
    }
}

impl Reader for GleifReader {
    fn record(&mut self, doc: &Doc<'_>, raw: &RawValue) {
        const EXPECTED: &str = "a GLEIF API document has \"data\"; is this a GLEIF file?";
        if !raw.get().starts_with('{') {
            doc.error(raw, EXPECTED);
            return;
        }
        let Some(document) = self
            .unread
            .value_with::<Document>(doc, raw, "GLEIF document", |d| {
                d.data.is_some().then_some(DOCUMENT)
            })
        else {
            return;
        };
        let records = match document.data {
            Some(data) => {
                if let Some(meta) = document.meta {
                    self.meta(meta);
                }
                import::items(data)
            }
            None if import::field(raw, "type").is_some() => vec![raw],
            None => {
                doc.error(raw, EXPECTED);
                return;
            }
        };
        for record in records {
            let Some(head) =
                self.unread
                    .value_with::<Record>(doc, record, "GLEIF record", record_scope)
            else {
                continue;
            };
            match head.kind.as_str() {
                "lei-records" => self.lei_record(doc, record, head.attributes),
                "relationship-records" => {
                    self.relationship_record(doc, record, head.attributes);
                }
                "reporting-exceptions" => self
                    .imported
                    .tally
                    .skip("reporting exceptions (a company that reports no parent)"),
                other => self.imported.tally.skip(format!("records of type {other}")),
            }
        }
    }

    fn finish(self: Box<Self>) -> Imported {
        let mut reader = *self;
        reader.unread.report(&mut reader.imported.tally);
        reader.imported
    }
}
