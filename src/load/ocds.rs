//! Open Contracting Data Standard 1.1 release and record packages (or bare releases, one a
//! line): buyers and procuring entities become government entities, suppliers companies, and
//! each award a `contracts_with` relation from each supplier to the buyer, with its value,
//! currency and dates, and a note with the award's, its contracts' and its tender's titles,
//! statuses and procurement method. A record is read from its compiled release; of several
//! releases of one award, the latest counts. Parties keep their address, contact point and
//! legal names; the package's licence goes to the file's source. Every other field with a
//! value is counted in the load report by its path.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;
use serde_json::Value;
use serde_json::value::RawValue;

use super::import::{self, Imported, Reader, Scope, Unread, nullable};
use super::json::Doc;
use crate::diagnostic::Location;
use crate::model::{Entity, EntityDetails, EntityKind, RelationType, Status};

/// The top level of an OCDS object: a package's own fields, and the parts that tell a
/// package, a record and a release apart, each read on its own.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Top<'a> {
    published_date: Option<String>,
    publisher: Option<Publisher>,
    uri: Option<String>,
    license: Option<String>,
    publication_policy: Option<String>,
    #[serde(borrow)]
    records: Option<&'a RawValue>,
    #[serde(borrow)]
    releases: Option<&'a RawValue>,
    #[serde(borrow)]
    compiled_release: Option<&'a RawValue>,
    #[serde(borrow)]
    ocid: Option<&'a RawValue>,
}

impl Top<'_> {
    fn is_package(&self) -> bool {
        self.records.is_some() || (self.releases.is_some() && self.ocid.is_none())
    }
}

#[derive(Debug, Deserialize)]
struct Publisher {
    name: Option<String>,
    uri: Option<String>,
}

/// A record of a record package: its compiled release, else its releases.
#[derive(Debug, Deserialize)]
#[serde(
    rename_all = "camelCase",
    expecting = "an OCDS record (an object with \"ocid\" and \"releases\")"
)]
struct OcdsRecord<'a> {
    /// The releases carry the record's ocid.
    #[serde(borrow)]
    #[allow(dead_code)]
    ocid: Option<&'a RawValue>,
    #[serde(borrow)]
    releases: Option<Vec<&'a RawValue>>,
    #[serde(borrow)]
    compiled_release: Option<&'a RawValue>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Release {
    ocid: Option<String>,
    date: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    parties: Vec<Party>,
    buyer: Option<PartyRef>,
    tender: Option<Tender>,
    #[serde(default, deserialize_with = "nullable")]
    awards: Vec<Award>,
    #[serde(default, deserialize_with = "nullable")]
    contracts: Vec<Contract>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Party {
    id: Option<Value>,
    name: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    roles: Vec<String>,
    identifier: Option<Identifier>,
    #[serde(default, deserialize_with = "nullable")]
    additional_identifiers: Vec<Identifier>,
    address: Option<Address>,
    contact_point: Option<ContactPoint>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Identifier {
    scheme: Option<String>,
    id: Option<Value>,
    legal_name: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Address {
    street_address: Option<String>,
    locality: Option<String>,
    region: Option<String>,
    postal_code: Option<String>,
    country_name: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ContactPoint {
    name: Option<String>,
    email: Option<String>,
    telephone: Option<String>,
    fax_number: Option<String>,
    url: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
struct PartyRef {
    id: Option<Value>,
    name: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Tender {
    procuring_entity: Option<PartyRef>,
    title: Option<String>,
    description: Option<String>,
    status: Option<String>,
    procurement_method: Option<String>,
    procurement_method_details: Option<String>,
    procurement_method_rationale: Option<String>,
    number_of_tenderers: Option<Value>,
    value: Option<Money>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Award {
    id: Option<Value>,
    title: Option<String>,
    description: Option<String>,
    status: Option<String>,
    date: Option<String>,
    value: Option<Money>,
    #[serde(default, deserialize_with = "nullable")]
    suppliers: Vec<PartyRef>,
    contract_period: Option<Period>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Contract {
    id: Option<Value>,
    #[serde(rename = "awardID")]
    award_id: Option<Value>,
    title: Option<String>,
    description: Option<String>,
    status: Option<String>,
    date_signed: Option<String>,
    value: Option<Money>,
    period: Option<Period>,
}

#[derive(Debug, Clone, Deserialize)]
struct Money {
    amount: Option<f64>,
    currency: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Period {
    start_date: Option<String>,
    end_date: Option<String>,
}

/// An id that OCDS data writes as a string or a number.
fn text(id: &Option<Value>) -> Option<String> {
    match id {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    }
}

/// A text field's words, cleaned of surrounding and repeated white space.
fn words(text: &Option<String>) -> Option<String> {
    text.as_deref().and_then(import::clean_name)
}

/// The texts that are not blank, joined with commas.
fn joined<const N: usize>(parts: [&Option<String>; N]) -> Option<String> {
    let parts: Vec<String> = parts.into_iter().filter_map(words).collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// An amount as the report writes it, when it has a known currency.
fn money(money: &Money) -> Option<crate::model::Amount> {
    import::amount(money.amount?, money.currency.as_deref()?)
}

/// The kinds of object an OCDS file holds, as the report names them.
const PACKAGE: Scope = Scope::of("package");
const RECORD: Scope = Scope::of("record");
const RELEASE: Scope = Scope::of("release");

/// What an award needs of the release that states it.
#[derive(Debug)]
struct Stated {
    date: Option<String>,
    award: Award,
    buyer: Option<PartyRef>,
    tender: Option<Tender>,
    at: Location,
}

/// Reads OCDS packages and releases; awards are resolved once every release is read.
pub struct OcdsReader {
    imported: Imported,
    /// The latest release that states each award, by (ocid, award id); of two releases of
    /// the same date, the one read later.
    awards: BTreeMap<(String, String), Stated>,
    /// The contracts of each award, by (ocid, award id), from the latest release that states
    /// contracts of it (a release package may state an award and its contracts apart).
    contracts: HashMap<(String, String), (Option<String>, Vec<Contract>)>,
    unread: Unread,
}

impl OcdsReader {
    /// A reader for the file named `file`, which its source is named after.
    pub fn new(file: &str) -> Self {
        OcdsReader {
            imported: Imported::new(import::file_source(
                file,
                "Open Contracting Data Standard releases",
            )),
            awards: BTreeMap::new(),
            contracts: HashMap::new(),
            unread: Unread::new("OCDS"),
        }
    }

    fn key(party_id: &str) -> String {
        format!("ocds:{party_id}")
    }

    /// The file's source takes the first package's publisher, date, address and licence.
    fn package(&mut self, package: &Top<'_>) {
        let source = &mut self.imported.source;
        if source.publisher.is_some() {
            return;
        }
        let (name, site) = match &package.publisher {
            Some(p) => (p.name.clone(), p.uri.clone()),
            None => (None, None),
        };
        // A blank name or address is no name or address (a dataset cannot hold an empty one).
        source.publisher = name.as_deref().and_then(import::clean_name);
        source.date = package.published_date.as_deref().and_then(import::date);
        source.url = package.uri.as_deref().and_then(import::clean_name);
        let mut notes = Vec::new();
        match (&package.license, &package.publication_policy) {
            (Some(licence), Some(policy)) if licence == policy => {
                notes.push(format!("licence and publication policy: {licence}"));
            }
            (licence, policy) => {
                notes.extend(licence.as_ref().map(|l| format!("licence: {l}")));
                notes.extend(policy.as_ref().map(|p| format!("publication policy: {p}")));
            }
        }
        notes.extend(site.map(|s| format!("publisher's site: {s}")));
        source.note = (!notes.is_empty()).then(|| notes.join("; "));
    }

    fn release(&mut self, doc: &Doc<'_>, raw: &RawValue) {
        let Some(release) = self
            .unread
            .value::<Release>(doc, raw, "OCDS release", RELEASE)
        else {
            return;
        };
        let at = doc.location(raw);
        let Some(ocid) = release.ocid.clone() else {
            doc.error(raw, "an OCDS release has an \"ocid\"; add it");
            return;
        };
        for party in &release.parties {
            self.party(party, &at);
        }
        if let Some(value) = release.tender.as_ref().and_then(|t| t.value.as_ref())
            && value.amount.is_some()
            && money(value).is_none()
        {
            self.imported
                .tally
                .note("tender values without a known currency, left out");
        }
        // Each award's contracts, found in one pass rather than one pass per award.
        let mut contracts: HashMap<String, Vec<Contract>> = HashMap::new();
        for contract in release.contracts {
            match text(&contract.award_id) {
                Some(award_id) => contracts.entry(award_id).or_default().push(contract),
                None => self.imported.tally.skip("contracts without an awardID"),
            }
        }
        for (award_id, list) in contracts {
            let key = (ocid.clone(), award_id);
            let newer = match self.contracts.get(&key) {
                Some((earlier, _)) => *earlier <= release.date,
                None => true,
            };
            if newer {
                self.contracts.insert(key, (release.date.clone(), list));
            }
        }
        for award in release.awards {
            let Some(id) = text(&award.id) else {
                self.imported.tally.skip("awards without an id");
                continue;
            };
            let key = (ocid.clone(), id);
            let newer = match self.awards.get(&key) {
                Some(earlier) => earlier.date <= release.date,
                None => true,
            };
            if newer {
                self.awards.insert(
                    key,
                    Stated {
                        date: release.date.clone(),
                        award,
                        buyer: release.buyer.clone(),
                        tender: release.tender.clone(),
                        at: at.clone(),
                    },
                );
            }
        }
    }

    fn party(&mut self, party: &Party, at: &Location) {
        let Some(id) = text(&party.id) else {
            self.imported.tally.skip("parties without an id");
            return;
        };
        let key = Self::key(&id);
        if self.imported.has(&key) {
            self.imported
                .tally
                .note("parties stated again under an id read before, the first statement kept");
            return;
        }
        let roles: Vec<&str> = party.roles.iter().map(String::as_str).collect();
        let kind = if roles
            .iter()
            .any(|r| matches!(*r, "buyer" | "procuringEntity"))
        {
            EntityKind::Government
        } else if roles
            .iter()
            .any(|r| matches!(*r, "supplier" | "tenderer" | "payee"))
        {
            EntityKind::Company
        } else {
            EntityKind::Organization
        };
        let name = words(&party.name).unwrap_or_else(|| format!("OCDS party {id}"));
        let mut entity = Entity::new(key, name.clone(), kind);
        let mut details = EntityDetails::default();
        details.identifiers.insert("ocds".into(), id.clone());
        let mut legal_names: Vec<String> = Vec::new();
        let mut folded = vec![crate::names::fold(&name)];
        for identifier in party.identifier.iter().chain(&party.additional_identifiers) {
            match (&identifier.scheme, text(&identifier.id)) {
                (Some(scheme), Some(value)) => {
                    let kept = details.identifiers.or_insert(scheme.clone(), value.clone());
                    if *kept != value {
                        self.imported.tally.note(
                            "party identifiers of a scheme stated before with another value, left out",
                        );
                    }
                }
                (None, Some(_)) => self
                    .imported
                    .tally
                    .note("party identifiers without a scheme, left out"),
                _ => {}
            }
            if let Some(legal) = words(&identifier.legal_name)
                && !folded.contains(&crate::names::fold(&legal))
            {
                folded.push(crate::names::fold(&legal));
                legal_names.push(legal);
            }
        }
        if !legal_names.is_empty() {
            details.attributes.insert("legal_name".into(), legal_names);
        }
        if let Some(address) = &party.address {
            details.country = address.country_name.as_deref().and_then(import::country);
            if let Some(text) = joined([
                &address.street_address,
                &address.locality,
                &address.region,
                &address.postal_code,
                &address.country_name,
            ]) {
                details.attributes.insert("address".into(), vec![text]);
            }
        }
        if let Some(contact) = &party.contact_point
            && let Some(text) = joined([
                &contact.name,
                &contact.email,
                &contact.telephone,
                &contact.fax_number.as_ref().map(|f| format!("fax {f}")),
                &contact.url,
            ])
        {
            details
                .attributes
                .insert("contact_point".into(), vec![text]);
        }
        if !roles.is_empty() {
            details.attributes.insert(
                "ocds_roles".into(),
                roles.iter().map(|r| r.to_string()).collect(),
            );
        }
        entity.set_details(details);
        self.imported.entity(entity, at.clone());
    }

    /// The local key of a party a release names by reference, adding it when the release
    /// does not list it among its parties.
    fn party_ref(&mut self, party: &PartyRef, kind: EntityKind, at: &Location) -> Option<String> {
        let id = text(&party.id)?;
        let key = Self::key(&id);
        if !self.imported.has(&key) {
            let role = match kind {
                EntityKind::Government => "buyer",
                _ => "supplier",
            };
            self.party(
                &Party {
                    id: party.id.clone(),
                    name: party.name.clone(),
                    roles: vec![role.into()],
                    ..Party::default()
                },
                at,
            );
        }
        Some(key)
    }
}

impl Reader for OcdsReader {
    fn record(&mut self, doc: &Doc<'_>, raw: &RawValue) {
        const EXPECTED: &str = "expected an OCDS release or record package (with \"releases\" or \"records\") or a release (with \"ocid\")";
        if !raw.get().starts_with('{') {
            doc.error(raw, EXPECTED);
            return;
        }
        let Some(top) = self
            .unread
            .value_with::<Top>(doc, raw, "OCDS package", |top| {
                top.is_package().then_some(PACKAGE)
            })
        else {
            return;
        };
        if top.is_package() {
            self.package(&top);
            for release in top.releases.map(import::items).unwrap_or_default() {
                self.release(doc, release);
            }
            for record in top.records.map(import::items).unwrap_or_default() {
                self.record_of_package(doc, record);
            }
        } else if top.releases.is_some() || top.compiled_release.is_some() {
            self.record_of_package(doc, raw);
        } else if top.ocid.is_some() {
            self.release(doc, raw);
        } else {
            doc.error(raw, EXPECTED);
        }
    }

    fn finish(self: Box<Self>) -> Imported {
        let mut reader = *self;
        let awards = std::mem::take(&mut reader.awards);
        for ((ocid, award_id), stated) in awards {
            let contracts = reader
                .contracts
                .remove(&(ocid.clone(), award_id.clone()))
                .map(|(_, list)| list)
                .unwrap_or_default();
            reader.award(&ocid, &award_id, &stated, &contracts);
        }
        let orphans: usize = reader.contracts.values().map(|(_, list)| list.len()).sum();
        reader
            .imported
            .tally
            .skip_n("contracts naming an award that is in no release", orphans);
        reader.unread.report(&mut reader.imported.tally);
        reader.imported
    }
}

impl OcdsReader {
    /// A record: its compiled release when it has one, else its embedded releases.
    fn record_of_package(&mut self, doc: &Doc<'_>, raw: &RawValue) {
        let Some(record) = self
            .unread
            .value::<OcdsRecord>(doc, raw, "OCDS record", RECORD)
        else {
            return;
        };
        let releases = record.releases.unwrap_or_default();
        if let Some(compiled) = record.compiled_release {
            self.imported.tally.note_n(
                "releases of records read through their record's compiled release",
                releases.len(),
            );
            self.release(doc, compiled);
            return;
        }
        for release in releases {
            if import::field(release, "ocid").is_some() {
                self.release(doc, release);
            } else {
                self.imported
                    .tally
                    .skip("linked releases (a URL, not the release itself)");
            }
        }
    }

    fn award(&mut self, ocid: &str, award_id: &str, stated: &Stated, contracts: &[Contract]) {
        let (award, at) = (&stated.award, &stated.at);
        let status = match award.status.as_deref() {
            Some("cancelled" | "unsuccessful") => {
                self.imported.tally.skip("awards cancelled or unsuccessful");
                return;
            }
            Some("pending") => Status::Expected,
            _ => Status::Confirmed,
        };
        let buyer = stated.buyer.as_ref().or(stated
            .tender
            .as_ref()
            .and_then(|t| t.procuring_entity.as_ref()));
        let Some(buyer) = buyer.and_then(|b| self.party_ref(b, EntityKind::Government, at)) else {
            self.imported.tally.skip("awards with no buyer");
            return;
        };
        let mut relation = import::relation(RelationType::ContractsWith);
        relation.status = status;
        if !contracts.is_empty()
            && contracts
                .iter()
                .all(|c| c.status.as_deref() == Some("terminated"))
        {
            relation.status = Status::Ended;
        }
        let value = award.value.as_ref().or(match contracts {
            [one] => one.value.as_ref(),
            _ => None,
        });
        if let Some(value) = value
            && value.amount.is_some()
        {
            match money(value) {
                Some(amount) => relation.details_mut().amount = Some(amount),
                None => self
                    .imported
                    .tally
                    .note("award values without a known currency, left out"),
            }
        }
        relation.date = award
            .date
            .as_deref()
            .or_else(|| contracts.iter().find_map(|c| c.date_signed.as_deref()))
            .and_then(import::date);
        let period = award
            .contract_period
            .as_ref()
            .or_else(|| contracts.iter().find_map(|c| c.period.as_ref()));
        if let Some(period) = period {
            relation.start = period.start_date.as_deref().and_then(import::date);
            relation.end = period.end_date.as_deref().and_then(import::date);
        }
        relation.details_mut().note =
            Some(note(ocid, award_id, stated, contracts, &relation, period));
        import::check_period(&mut relation, &mut self.imported.tally);
        if award.suppliers.is_empty() {
            self.imported.tally.skip("awards with no supplier");
        }
        for supplier in &award.suppliers {
            let Some(supplier) = self.party_ref(supplier, EntityKind::Company, at) else {
                self.imported.tally.skip("suppliers without an id");
                continue;
            };
            if supplier == buyer {
                self.imported
                    .tally
                    .skip("awards whose supplier is the buyer");
                continue;
            }
            self.imported
                .relation(&supplier, &buyer, relation.clone(), at.clone());
        }
    }
}

/// An award's note: its title, then what its description, status, contracts and tender add,
/// each text once.
fn note(
    ocid: &str,
    award_id: &str,
    stated: &Stated,
    contracts: &[Contract],
    relation: &crate::model::Relation,
    period: Option<&Period>,
) -> String {
    let award = &stated.award;
    let title = words(&award.title).or_else(|| words(&award.description));
    let mut said: Vec<String> = title.iter().map(|t| crate::names::fold(t)).collect();
    // A text not said before in the note.
    let mut new = |text: &Option<String>| {
        let text = words(text)?;
        let folded = crate::names::fold(&text);
        (!said.contains(&folded)).then(|| {
            said.push(folded);
            text
        })
    };
    let mut parts = vec![match &title {
        Some(title) => format!("{title} ({ocid}, award {award_id})"),
        None => format!("{ocid}, award {award_id}"),
    }];
    parts.extend(new(&award.description));
    parts.extend(award.status.as_ref().map(|s| format!("award {s}")));
    let amount = relation.details().amount.as_ref();
    for contract in contracts {
        let mut bits: Vec<String> = Vec::new();
        bits.extend(new(&contract.title));
        bits.extend(new(&contract.description));
        bits.extend(contract.status.clone());
        let signed = contract.date_signed.as_deref().and_then(import::date);
        if signed.is_some() && signed != relation.date {
            bits.extend(signed.map(|d| format!("signed {d}")));
        }
        if let Some(value) = contract.value.as_ref().and_then(money)
            && Some(&value) != amount
        {
            bits.push(crate::render::amount(&value));
        }
        if let Some(own) = &contract.period
            && Some(own) != period
        {
            let dates = [&own.start_date, &own.end_date]
                .map(|d| d.as_deref().and_then(import::date).map(|d| d.to_string()));
            bits.extend(match dates {
                [Some(s), Some(e)] => Some(format!("{s} – {e}")),
                [Some(s), None] => Some(format!("from {s}")),
                [None, Some(e)] => Some(format!("until {e}")),
                [None, None] => None,
            });
        }
        let id = text(&contract.id).map_or_else(String::new, |id| format!(" {id}"));
        parts.push(if bits.is_empty() {
            format!("contract{id}")
        } else {
            format!("contract{id}: {}", bits.join(", "))
        });
    }
    if let Some(tender) = &stated.tender {
        let mut bits: Vec<String> = Vec::new();
        bits.extend(new(&tender.title));
        bits.extend(new(&tender.description));
        bits.extend(words(&tender.status).map(|s| format!("status {s}")));
        if let Some(method) = words(&tender.procurement_method) {
            let why: Vec<String> = [
                &tender.procurement_method_details,
                &tender.procurement_method_rationale,
            ]
            .into_iter()
            .filter_map(words)
            .collect();
            bits.push(if why.is_empty() {
                format!("{method} procurement")
            } else {
                format!("{method} procurement ({})", why.join("; "))
            });
        }
        bits.extend(text(&tender.number_of_tenderers).map(|n| format!("{n} tenderers")));
        if let Some(value) = tender.value.as_ref().and_then(money) {
            bits.push(format!("estimated {}", crate::render::amount(&value)));
        }
        if !bits.is_empty() {
            parts.push(format!("tender: {}", bits.join(", ")));
        }
    }
    parts.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Counts by kind.
    fn roles(imported: &Imported) -> std::collections::HashMap<EntityKind, usize> {
        let mut counts = std::collections::HashMap::new();
        for (e, _) in &imported.entities {
            *counts.entry(e.kind).or_insert(0) += 1;
        }
        counts
    }

    #[test]
    fn an_award_runs_from_its_supplier_to_the_buyer_with_its_value() {
        let text = r#"{"uri": "u", "releases": [{"ocid": "o-1", "date": "2020-01-01",
            "parties": [{"id": "B", "name": "Ministry", "roles": ["buyer"]},
                        {"id": "S", "name": "Acme", "roles": ["supplier"]}],
            "buyer": {"id": "B", "name": "Ministry"},
            "awards": [{"id": "a1", "title": "Chairs", "date": "2020-02-03",
                        "value": {"amount": 10, "currency": "EUR"},
                        "suppliers": [{"id": "S", "name": "Acme"}]}]}]}"#;
        let doc = Doc::new("t.json", text);
        let mut reader = Box::new(OcdsReader::new("t.json"));
        reader.record(&doc, doc.root().unwrap());
        assert!(doc.into_problems().is_empty());
        let imported = reader.finish();
        assert_eq!(roles(&imported)[&EntityKind::Government], 1);
        let r = &imported.relations[0];
        assert_eq!(r.ids().unwrap(), ("ocds:S", "ocds:B"));
        assert_eq!(
            r.relation.details().amount.as_ref().unwrap().currency,
            "EUR"
        );
        assert_eq!(r.relation.date.unwrap().to_string(), "2020-02-03");
    }
}
