//! GLEIF API records (JSON:API): Level 1 `lei-records` become companies (or funds, public
//! bodies) with their LEI; Level 2 `relationship-records` (accounting consolidation, funds,
//! branches) become `owns` relations from parent to child. A relationship names companies
//! only by LEI; when their Level 1 records are loaded too (in the same load, or before) the
//! relation joins those, otherwise the company is named by its LEI.

use serde::Deserialize;
use serde_json::value::RawValue;

use super::import::{self, Imported, Placeholder, Reader, nullable};
use super::json::Doc;
use crate::model::{Entity, EntityKind, RelationType, Status};

#[derive(Debug, Deserialize)]
struct Meta {
    #[serde(rename = "goldenCopy")]
    golden_copy: Option<GoldenCopy>,
}

#[derive(Debug, Deserialize)]
struct GoldenCopy {
    #[serde(rename = "publishDate")]
    publish_date: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Record {
    #[serde(rename = "type")]
    kind: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct LeiAttributes {
    lei: String,
    entity: LeiEntity,
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
    jurisdiction: Option<String>,
    category: Option<String>,
    status: Option<String>,
    creation_date: Option<String>,
    registered_at: Option<RegisteredAt>,
    registered_as: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Name {
    name: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Address {
    #[serde(default, deserialize_with = "nullable")]
    address_lines: Vec<String>,
    city: Option<String>,
    postal_code: Option<String>,
    country: Option<String>,
}

#[derive(Debug, Deserialize)]
struct RegisteredAt {
    id: Option<String>,
}

#[derive(Debug, Deserialize)]
struct RelationshipAttributes {
    relationship: Relationship,
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

/// Reads GLEIF API documents.
pub struct GleifReader {
    imported: Imported,
}

impl GleifReader {
    pub fn new(file: &str) -> Self {
        let mut source = import::file_source(file, "GLEIF LEI records");
        source.publisher = Some("GLEIF".into());
        GleifReader {
            imported: Imported::new(source),
        }
    }

    fn key(lei: &str) -> String {
        format!("lei:{}", lei.trim().to_uppercase())
    }

    fn lei_record(&mut self, doc: &Doc<'_>, raw: &RawValue) {
        let Some(attributes) = import::field(raw, "attributes") else {
            doc.error(raw, "a GLEIF lei-record has \"attributes\"; add them");
            return;
        };
        let Some(record) = doc.value::<LeiAttributes>(attributes, "GLEIF lei-record") else {
            return;
        };
        let e = record.entity;
        let name = e
            .legal_name
            .and_then(|n| n.name)
            .and_then(|n| import::clean_name(&n))
            .unwrap_or_else(|| record.lei.clone());
        let kind = match e.category.as_deref() {
            Some("FUND") => EntityKind::Fund,
            Some("RESIDENT_GOVERNMENT_ENTITY") => EntityKind::Government,
            Some("INTERNATIONAL_ORGANIZATION") => EntityKind::Organization,
            _ => EntityKind::Company,
        };
        let mut entity = Entity::new(Self::key(&record.lei), name.clone(), kind);
        entity
            .identifiers
            .insert("lei".into(), record.lei.trim().to_uppercase());
        if let (Some(authority), Some(number)) = (
            e.registered_at.and_then(|r| r.id),
            e.registered_as.filter(|n| !n.trim().is_empty()),
        ) && authority != "RA999999"
        {
            // RA999999 is GLEIF's "no registration authority".
            entity.identifiers.insert(authority, number);
        }
        let mut seen = vec![crate::names::fold(&name)];
        for other in e
            .other_names
            .into_iter()
            .chain(e.transliterated_other_names)
        {
            if let Some(alias) = other.name.and_then(|n| import::clean_name(&n)) {
                let folded = crate::names::fold(&alias);
                if !seen.contains(&folded) {
                    seen.push(folded);
                    entity.aliases.push(alias);
                }
            }
        }
        entity.country = e
            .jurisdiction
            .as_deref()
            .and_then(import::country)
            .or_else(|| {
                e.legal_address
                    .as_ref()
                    .and_then(|a| a.country.as_deref())
                    .and_then(import::country)
            });
        entity.founded = e.creation_date.as_deref().and_then(import::date);
        if let Some(address) = e.legal_address {
            let parts: Vec<String> = address
                .address_lines
                .into_iter()
                .chain(address.postal_code)
                .chain(address.city)
                .chain(address.country)
                .filter(|p| !p.trim().is_empty())
                .collect();
            if !parts.is_empty() {
                entity
                    .attributes
                    .insert("legal_address".into(), vec![parts.join(", ")]);
            }
        }
        if let Some(status) = e.status.filter(|s| s != "ACTIVE") {
            entity.attributes.insert("status".into(), vec![status]);
        }
        if !self.imported.entity(entity, doc.location(raw)) {
            self.imported
                .tally
                .note("lei-records stated twice in the file, read once");
        }
    }

    fn relationship_record(&mut self, doc: &Doc<'_>, raw: &RawValue) {
        let Some(attributes) = import::field(raw, "attributes") else {
            doc.error(
                raw,
                "a GLEIF relationship-record has \"attributes\"; add them",
            );
            return;
        };
        let Some(record) =
            doc.value::<RelationshipAttributes>(attributes, "GLEIF relationship-record")
        else {
            return;
        };
        let r = record.relationship;
        let at = doc.location(raw);
        if [&r.start_node, &r.end_node]
            .iter()
            .any(|n| n.kind.as_deref().is_some_and(|k| k != "LEI"))
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
        relation.role = Some(role.to_string());
        if let Some(period) = r
            .periods
            .iter()
            .find(|p| p.kind.as_deref() == Some("RELATIONSHIP_PERIOD"))
        {
            relation.start = period.start_date.as_deref().and_then(import::date);
            relation.end = period.end_date.as_deref().and_then(import::date);
        }
        import::check_period(&mut relation, &mut self.imported.tally);
        self.imported
            .relation(&Self::key(parent), &Self::key(child), relation, at);
    }
}

impl Reader for GleifReader {
    fn record(&mut self, doc: &Doc<'_>, raw: &RawValue) {
        if let Some(meta) = import::field(raw, "meta")
            && let Some(meta) = doc.value::<Meta>(meta, "\"meta\" of a GLEIF document")
            && let Some(date) = meta
                .golden_copy
                .and_then(|g| g.publish_date)
                .as_deref()
                .and_then(import::date)
        {
            self.imported.source.date = Some(date);
        }
        let records = match import::field(raw, "data") {
            Some(data) => import::items(data),
            None if import::field(raw, "type").is_some() => vec![raw],
            None => {
                doc.error(
                    raw,
                    "a GLEIF API document has \"data\"; is this a GLEIF file?",
                );
                return;
            }
        };
        for record in records {
            let Some(head) = doc.value::<Record>(record, "GLEIF record") else {
                continue;
            };
            match head.kind.as_str() {
                "lei-records" => self.lei_record(doc, record),
                "relationship-records" => self.relationship_record(doc, record),
                "reporting-exceptions" => self
                    .imported
                    .tally
                    .skip("reporting exceptions (a company that reports no parent)"),
                other => self.imported.tally.skip(format!("records of type {other}")),
            }
        }
    }

    fn finish(self: Box<Self>) -> Imported {
        self.imported
    }
}
