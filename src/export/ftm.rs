//! FollowTheMoney (FtM) JSON lines, which Aleph, `ftm` and the OpenSanctions tools read: one
//! `{"id", "schema", "properties"}` object a line, every property a list of strings.
//!
//! # The mapping
//!
//! Entities, by kind:
//!
//! | dealgraph kind | FtM schema | notes |
//! |---|---|---|
//! | company | `Company` | `topics: gov.soe` when state-owned |
//! | fund | `Company` | FtM models funds as companies; `topics: fin.fund` |
//! | government | `PublicBody` | |
//! | organization | `Organization` | |
//! | person | `Person` | |
//! | product | `Asset` | FtM has no product; an asset is the nearest thing that can be named and owned |
//!
//! Names, aliases (`alias`), country (lower case), description, founding date
//! (`incorporationDate`), LEI (`leiCode`) and Wikidata id (`wikidataId`) are carried over;
//! an entity keeps the id it had in FtM (its `ftm` identifier) when it has one, else its
//! dealgraph id. Entity facts (funding raised, valuations) have no FtM property and are left out.
//! Each designation of an entity is a `Sanction` record whose `entity` is the entity, with its
//! `authority`, `program`, `startDate`, `endDate`, `reason` and `sourceUrl`, and its list as the
//! record's `datasets`.
//!
//! Relations become the FtM schema a relation names in `ftm_schema` when this module writes
//! that schema, else the one of its type:
//!
//! | dealgraph type | FtM schema (from → to) |
//! |---|---|
//! | invests_in, owns | `Ownership` (owner → asset); amount as `sharesValue`/`sharesCurrency`, stake as `percentage`; an investment has role "investor" |
//! | contracts_with | `ContractAward` (supplier) for a `Contract` whose `authority` is the buyer |
//! | pays | `Payment` (payer → beneficiary) |
//! | owes | `Debt` (debtor → creditor) |
//! | directs, leads | `Directorship` (director → organization) |
//! | member_of | `Membership` (member → organization) |
//! | employs | `Employment` (employer → employee) |
//! | represents | `Representation` (agent → client) |
//! | family_of | `Family` (person → relative) |
//! | associate_of | `Associate` (person → associate) |
//! | succeeded_by | `Succession` (predecessor → successor) |
//! | linked_to, and every type FtM has no schema for (controls, affiliated_with, supplies, develops, uses, opposes, lobbies, regulates, occupies, participates_in, party_to) | `UnknownLink` (subject → object), with the relation read forward as its `role` |
//!
//! When the two ends do not fit a schema's ranges (an Ownership of a public body, a Family of
//! companies), the relation is written as an `UnknownLink` instead. Every relation keeps its
//! status (`status`, where the schema has it), its dates (`date`, `startDate`, `endDate`), a
//! `summary` of its amount, stake, dates and round as dealgraph writes them, its note and source
//! quotes as `description`, and its sources' `sourceUrl` and `publisher`.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Write;

use serde::Serialize;

use super::number;
use crate::error::Error;
use crate::graph::Graph;
use crate::model::{Entity, EntityKind, Relation, RelationType, SourceRef};
use crate::render;
use crate::subgraph::Subgraph;

/// One FtM entity.
#[derive(Debug, Serialize)]
struct Record {
    id: String,
    schema: &'static str,
    properties: BTreeMap<&'static str, Vec<String>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    datasets: Vec<String>,
}

impl Record {
    fn new(id: String, schema: &'static str) -> Self {
        Record {
            id,
            schema,
            properties: BTreeMap::new(),
            datasets: Vec::new(),
        }
    }

    fn add(&mut self, property: &'static str, value: impl Into<String>) {
        let value = value.into();
        if value.is_empty() {
            return;
        }
        let values = self.properties.entry(property).or_default();
        if !values.contains(&value) {
            values.push(value);
        }
    }
}

/// The FtM schema of an entity kind.
pub fn entity_schema(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Company | EntityKind::Fund => "Company",
        EntityKind::Government => "PublicBody",
        EntityKind::Organization => "Organization",
        EntityKind::Person => "Person",
        EntityKind::Product => "Asset",
    }
}

/// Whether an entity written with `schema` may fill a property whose range is `range`: the
/// schema is the range or extends it (for the schemata this module writes).
fn fits(schema: &str, range: &str) -> bool {
    let ancestors: &[&str] = match schema {
        "Company" => &["Company", "Organization", "LegalEntity", "Asset", "Thing"],
        "PublicBody" => &["PublicBody", "Organization", "LegalEntity", "Thing"],
        "Organization" => &["Organization", "LegalEntity", "Thing"],
        "Person" => &["Person", "LegalEntity", "Thing"],
        "Asset" => &["Asset", "Thing"],
        _ => &["Thing"],
    };
    ancestors.contains(&range)
}

/// An FtM schema that joins two entities: its two properties with their ranges, and what it
/// can hold besides.
#[derive(Debug, Clone, Copy)]
struct Link {
    schema: &'static str,
    from: (&'static str, &'static str),
    to: (&'static str, &'static str),
    /// Extends Interest: has `role` and `status`.
    interest: bool,
    /// Extends Value: has `amount` and `currency`.
    value: bool,
    /// The property that holds a role when the schema is not an Interest.
    relationship: Option<&'static str>,
}

const fn link(
    schema: &'static str,
    from: (&'static str, &'static str),
    to: (&'static str, &'static str),
    interest: bool,
    value: bool,
) -> Link {
    Link {
        schema,
        from,
        to,
        interest,
        value,
        relationship: None,
    }
}

/// Every relation schema this module writes; ranges as in FtM 3.8.
const LINKS: &[Link] = &[
    link(
        "Ownership",
        ("owner", "LegalEntity"),
        ("asset", "Asset"),
        true,
        false,
    ),
    link(
        "ContractAward",
        ("supplier", "LegalEntity"),
        ("contract", "LegalEntity"),
        true,
        true,
    ),
    link(
        "Payment",
        ("payer", "LegalEntity"),
        ("beneficiary", "LegalEntity"),
        false,
        true,
    ),
    link(
        "Debt",
        ("debtor", "LegalEntity"),
        ("creditor", "LegalEntity"),
        false,
        true,
    ),
    link(
        "Directorship",
        ("director", "LegalEntity"),
        ("organization", "Organization"),
        true,
        false,
    ),
    link(
        "Membership",
        ("member", "LegalEntity"),
        ("organization", "Organization"),
        true,
        false,
    ),
    link(
        "Employment",
        ("employer", "Organization"),
        ("employee", "Person"),
        true,
        false,
    ),
    link(
        "Representation",
        ("agent", "LegalEntity"),
        ("client", "LegalEntity"),
        true,
        false,
    ),
    Link {
        relationship: Some("relationship"),
        ..link(
            "Family",
            ("person", "Person"),
            ("relative", "Person"),
            false,
            false,
        )
    },
    Link {
        relationship: Some("relationship"),
        ..link(
            "Associate",
            ("person", "Person"),
            ("associate", "Person"),
            false,
            false,
        )
    },
    link(
        "Succession",
        ("predecessor", "LegalEntity"),
        ("successor", "LegalEntity"),
        true,
        false,
    ),
    link(
        "UnknownLink",
        ("subject", "Thing"),
        ("object", "Thing"),
        true,
        false,
    ),
];

/// The schema a relation type becomes.
fn type_schema(kind: RelationType) -> &'static str {
    use RelationType::*;
    match kind {
        InvestsIn | Owns => "Ownership",
        ContractsWith => "ContractAward",
        Pays => "Payment",
        Owes => "Debt",
        Directs | Leads => "Directorship",
        MemberOf => "Membership",
        Employs => "Employment",
        Represents => "Representation",
        FamilyOf => "Family",
        AssociateOf => "Associate",
        SucceededBy => "Succession",
        _ => "UnknownLink",
    }
}

/// The link a relation is written as: its `ftm_schema`, else its type's schema, else
/// `UnknownLink`, whichever first fits the schemata of its two ends. A contract award's `to`
/// end is the contract's authority, which must be a legal entity.
fn choose(r: &Relation, from_schema: &str, to_schema: &str) -> Link {
    let wanted = r
        .details()
        .ftm_schema
        .as_deref()
        .into_iter()
        .chain([type_schema(r.kind)]);
    for name in wanted {
        if let Some(link) = LINKS.iter().find(|l| l.schema == name)
            && fits(from_schema, link.from.1)
            && fits(to_schema, link.to.1)
        {
            return *link;
        }
    }
    LINKS[LINKS.len() - 1]
}

/// Adds what the cited sources tell: their URLs and publishers, and the quotes.
fn add_sources(graph: &Graph, record: &mut Record, sources: &[SourceRef]) {
    for s in sources {
        if let Some(source) = graph.sources().get(&s.source) {
            if let Some(url) = &source.url {
                record.add("sourceUrl", url.clone());
            }
            if let Some(publisher) = &source.publisher {
                record.add("publisher", publisher.clone());
            }
        }
    }
}

fn quotes(graph: &Graph, sources: &[SourceRef]) -> Vec<String> {
    sources
        .iter()
        .filter(|s| s.quote.is_some())
        .map(|s| render::source_ref(graph, s))
        .collect()
}

fn entity_record(graph: &Graph, e: &Entity, id: String) -> Record {
    let details = e.details();
    let schema = entity_schema(e.kind);
    let mut record = Record::new(id, schema);
    record.add("name", e.name.clone());
    for alias in &details.aliases {
        record.add("alias", alias.clone());
    }
    if let Some(country) = &details.country {
        record.add("country", country.to_lowercase());
    }
    if let Some(d) = &details.description {
        record.add("description", d.clone());
    }
    if fits(schema, "LegalEntity") && schema != "Person" {
        if let Some(f) = &details.founded {
            record.add("incorporationDate", f.to_string());
        }
        if let Some(lei) = details.identifiers.get("lei") {
            record.add("leiCode", lei.clone());
        }
    }
    if let Some(qid) = details.identifiers.get("wikidata") {
        record.add("wikidataId", qid.clone());
    }
    if details.state_owned {
        record.add("topics", "gov.soe");
    }
    if e.kind == EntityKind::Fund {
        record.add("topics", "fin.fund");
    }
    for q in quotes(graph, &details.sources) {
        record.add("notes", q);
    }
    add_sources(graph, &mut record, &details.sources);
    record
}

/// The `Sanction` records of an entity's designations, with ids not in `used`.
fn sanction_records(
    graph: &Graph,
    e: &Entity,
    entity_id: &str,
    used: &mut BTreeSet<String>,
) -> Vec<Record> {
    let mut records = Vec::new();
    for listing in &e.details().designations {
        let base = format!("{entity_id}.sanction");
        let mut id = base.clone();
        let mut n = 1;
        while used.contains(&id) {
            n += 1;
            id = format!("{base}.{n}");
        }
        used.insert(id.clone());
        let mut record = Record::new(id, "Sanction");
        record.add("entity", entity_id);
        for (property, value) in [
            ("authority", &listing.authority),
            ("program", &listing.program),
            ("reason", &listing.reason),
            ("sourceUrl", &listing.source_url),
        ] {
            if let Some(value) = value {
                record.add(property, value.clone());
            }
        }
        for (property, date) in [("startDate", &listing.start), ("endDate", &listing.end)] {
            if let Some(date) = date {
                record.add(property, date.to_string());
            }
        }
        record.datasets.extend(listing.list.clone());
        add_sources(graph, &mut record, &listing.sources);
        records.push(record);
    }
    records
}

/// The FtM records of one relation: the link, and for a contract award its contract first.
fn relation_records(
    graph: &Graph,
    r: &Relation,
    (from, from_id): (&Entity, &str),
    (to, to_id): (&Entity, &str),
    id: String,
) -> Vec<Record> {
    let link = choose(r, entity_schema(from.kind), entity_schema(to.kind));
    let mut records = Vec::new();
    let mut record = Record::new(id.clone(), link.schema);
    record.add(link.from.0, from_id);
    if link.schema == "ContractAward" {
        let contract_id = format!("{id}.contract");
        let mut contract = Record::new(contract_id.clone(), "Contract");
        let title = format!("Contract between {} and {}", from.name, to.name);
        contract.add("title", title.clone());
        contract.add("name", title);
        contract.add("authority", to_id);
        if let Some(d) = &r.date {
            contract.add("contractDate", d.to_string());
        }
        add_sources(graph, &mut contract, &r.sources);
        records.push(contract);
        record.add("contract", contract_id);
    } else {
        record.add(link.to.0, to_id);
    }
    if let Some(d) = &r.date {
        record.add("date", d.to_string());
    }
    if let Some(d) = &r.start {
        record.add("startDate", d.to_string());
    }
    if let Some(d) = &r.end {
        record.add("endDate", d.to_string());
    }
    let role = match (&r.details().role, link.schema, r.kind) {
        (Some(role), _, _) => role.clone(),
        (None, "Ownership", RelationType::InvestsIn) => "investor".into(),
        (None, "UnknownLink", kind) => kind.phrase(true).into(),
        (None, _, _) => String::new(),
    };
    if link.interest {
        record.add("role", role);
        record.add("status", r.status.as_str());
    } else if let Some(property) = link.relationship {
        record.add(property, role);
    }
    if let Some(a) = &r.details().amount {
        if link.value {
            record.add("amount", number(a.value));
            record.add("currency", a.currency.clone());
        } else if link.schema == "Ownership" {
            record.add("sharesValue", number(a.value));
            record.add("sharesCurrency", a.currency.clone());
        }
    }
    if let Some(pct) = r.details().stake_pct
        && link.schema == "Ownership"
    {
        record.add("percentage", number(pct));
    }
    let details = render::relation_details(r);
    if !details.is_empty() {
        record.add("summary", details.join("; "));
    }
    if let Some(note) = &r.details().note {
        record.add("description", note.clone());
    }
    for q in quotes(graph, &r.sources) {
        record.add("description", q);
    }
    add_sources(graph, &mut record, &r.sources);
    records.push(record);
    records
}

/// Writes the selection as FtM JSON lines: the entities sorted by id, then the relations (and
/// the contracts of contract awards) in the order of their ends and type.
pub fn write(graph: &Graph, selection: &Subgraph, out: &mut dyn Write) -> Result<(), Error> {
    let entities = selection.entities_by_id(graph);

    // An entity keeps its FtM id when it has one that no other entity here takes.
    let mut used: BTreeSet<String> = entities.iter().map(|(_, e)| e.id.clone()).collect();
    let mut ids: HashMap<&str, String> = HashMap::new();
    for (_, e) in &entities {
        let id = match e.details().identifiers.get("ftm") {
            Some(ftm) if ftm != &e.id && !used.contains(ftm) => {
                used.insert(ftm.clone());
                ftm.clone()
            }
            _ => e.id.clone(),
        };
        ids.insert(e.id.as_str(), id);
    }

    let mut line = |record: &Record| -> Result<(), Error> {
        serde_json::to_writer(&mut *out, record)
            .map_err(|e| Error::from(std::io::Error::from(e)))?;
        writeln!(out)?;
        Ok(())
    };
    for (_, e) in &entities {
        let id = &ids[e.id.as_str()];
        line(&entity_record(graph, e, id.clone()))?;
        for record in sanction_records(graph, e, id, &mut used) {
            line(&record)?;
        }
    }

    for (_, from, to, r) in selection.relations_in_order(graph) {
        let (from_id, to_id) = (&ids[from.id.as_str()], &ids[to.id.as_str()]);
        let base = format!("{from_id}.{}.{to_id}", r.kind);
        let mut id = base.clone();
        let mut n = 1;
        while used.contains(&id) || used.contains(&format!("{id}.contract")) {
            n += 1;
            id = format!("{base}.{n}");
        }
        used.insert(id.clone());
        used.insert(format!("{id}.contract"));
        for record in relation_records(graph, r, (from, from_id), (to, to_id), id) {
            line(&record)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Status;

    #[test]
    fn relations_take_the_closest_schema_whose_ranges_fit() {
        let invest = Relation::new(RelationType::InvestsIn, Status::Confirmed);
        assert_eq!(choose(&invest, "Company", "Company").schema, "Ownership");
        assert_eq!(
            choose(&invest, "Company", "PublicBody").schema,
            "UnknownLink"
        );
        let family = Relation::new(RelationType::FamilyOf, Status::Confirmed);
        assert_eq!(choose(&family, "Person", "Person").schema, "Family");
        assert_eq!(choose(&family, "Company", "Person").schema, "UnknownLink");
        let mut payment = Relation::new(RelationType::LinkedTo, Status::Confirmed);
        payment.details_mut().ftm_schema = Some("Payment".into());
        assert_eq!(choose(&payment, "Person", "Organization").schema, "Payment");
        payment.details_mut().ftm_schema = Some("Sanction".into());
        assert_eq!(
            choose(&payment, "Person", "Organization").schema,
            "UnknownLink"
        );
        let contract = Relation::new(RelationType::ContractsWith, Status::Ended);
        assert_eq!(
            choose(&contract, "Company", "PublicBody").schema,
            "ContractAward"
        );
        assert_eq!(
            choose(&contract, "Asset", "PublicBody").schema,
            "UnknownLink"
        );
    }
}
