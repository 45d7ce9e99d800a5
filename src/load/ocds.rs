//! Open Contracting Data Standard 1.1 release and record packages (or bare releases, one a
//! line): buyers and procuring entities become government entities, suppliers companies, and
//! each award a `contracts_with` relation from each supplier to the buyer, with its value,
//! currency and dates. A record is read from its compiled release; of several releases of one
//! award, the latest counts.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;
use serde_json::Value;
use serde_json::value::RawValue;

use super::import::{self, Imported, Reader, nullable};
use super::json::Doc;
use crate::diagnostic::Location;
use crate::model::{Entity, EntityKind, RelationType, Status};

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Package {
    published_date: Option<String>,
    publisher: Option<Publisher>,
    uri: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Publisher {
    name: Option<String>,
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

#[derive(Debug, Clone, Deserialize)]
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
}

#[derive(Debug, Clone, Deserialize)]
struct Identifier {
    scheme: Option<String>,
    id: Option<Value>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Address {
    country_name: Option<String>,
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
    #[serde(rename = "awardID")]
    award_id: Option<Value>,
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

#[derive(Debug, Clone, Deserialize)]
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

/// Reads OCDS packages and releases; awards are resolved once every release is read.
pub struct OcdsReader {
    imported: Imported,
    /// The latest release that states each award, by (ocid, award id); of two releases of
    /// the same date, the one read later.
    awards: BTreeMap<(String, String), (Release, Location)>,
}

impl OcdsReader {
    pub fn new(file: &str) -> Self {
        OcdsReader {
            imported: Imported::new(import::file_source(
                file,
                "Open Contracting Data Standard releases",
            )),
            awards: BTreeMap::new(),
        }
    }

    fn key(party_id: &str) -> String {
        format!("ocds:{party_id}")
    }

    fn release(&mut self, doc: &Doc<'_>, raw: &RawValue) {
        let Some(release) = doc.value::<Release>(raw, "OCDS release") else {
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
        // Each award's contracts, found in one pass rather than one pass per award.
        let mut contracts: HashMap<String, Vec<Contract>> = HashMap::new();
        for contract in &release.contracts {
            if let Some(award_id) = text(&contract.award_id) {
                contracts
                    .entry(award_id)
                    .or_default()
                    .push(contract.clone());
            }
        }
        for award in &release.awards {
            let Some(id) = text(&award.id) else {
                self.imported.tally.skip("awards without an id");
                continue;
            };
            let key = (ocid.clone(), id);
            let newer = match self.awards.get(&key) {
                Some((earlier, _)) => earlier.date <= release.date,
                None => true,
            };
            if newer {
                // Only what the award needs is kept: its buyer, its contracts.
                let slim = Release {
                    ocid: release.ocid.clone(),
                    date: release.date.clone(),
                    parties: Vec::new(),
                    buyer: release.buyer.clone(),
                    tender: release.tender.clone(),
                    awards: vec![award.clone()],
                    contracts: contracts.get(&key.1).cloned().unwrap_or_default(),
                };
                self.awards.insert(key, (slim, at.clone()));
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
        let name = party
            .name
            .as_deref()
            .and_then(import::clean_name)
            .unwrap_or_else(|| format!("OCDS party {id}"));
        let mut entity = Entity::new(key, name, kind);
        entity.identifiers.insert("ocds".into(), id.clone());
        for identifier in party.identifier.iter().chain(&party.additional_identifiers) {
            if let (Some(scheme), Some(value)) = (&identifier.scheme, text(&identifier.id)) {
                entity.identifiers.entry(scheme.clone()).or_insert(value);
            }
        }
        entity.country = party
            .address
            .as_ref()
            .and_then(|a| a.country_name.as_deref())
            .and_then(import::country);
        if !roles.is_empty() {
            entity.attributes.insert(
                "ocds_roles".into(),
                roles.iter().map(|r| r.to_string()).collect(),
            );
        }
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
                    identifier: None,
                    additional_identifiers: Vec::new(),
                    address: None,
                },
                at,
            );
        }
        Some(key)
    }
}

impl Reader for OcdsReader {
    fn record(&mut self, doc: &Doc<'_>, raw: &RawValue) {
        let records = import::field(raw, "records");
        let releases = import::field(raw, "releases");
        let is_package =
            records.is_some() || (releases.is_some() && import::field(raw, "ocid").is_none());
        if is_package {
            if let Some(package) = doc.value::<Package>(raw, "OCDS package")
                && self.imported.source.publisher.is_none()
            {
                self.imported.source.publisher = package.publisher.and_then(|p| p.name);
                self.imported.source.date =
                    package.published_date.as_deref().and_then(import::date);
                self.imported.source.url = package.uri;
            }
            for release in releases.map(import::items).unwrap_or_default() {
                self.release(doc, release);
            }
            for record in records.map(import::items).unwrap_or_default() {
                self.record_of_package(doc, record);
            }
        } else if releases.is_some() || import::field(raw, "compiledRelease").is_some() {
            self.record_of_package(doc, raw);
        } else if import::field(raw, "ocid").is_some() {
            self.release(doc, raw);
        } else {
            doc.error(
                raw,
                "expected an OCDS release or record package (with \"releases\" or \"records\") or a release (with \"ocid\")",
            );
        }
    }

    fn finish(self: Box<Self>) -> Imported {
        let mut reader = *self;
        let awards = std::mem::take(&mut reader.awards);
        for ((ocid, award_id), (release, at)) in awards {
            let Some(award) = release
                .awards
                .iter()
                .find(|a| text(&a.id).as_deref() == Some(award_id.as_str()))
            else {
                continue;
            };
            reader.award(&ocid, &award_id, award, &release, &at);
        }
        reader.imported
    }
}

impl OcdsReader {
    /// A record: its compiled release when it has one, else its embedded releases.
    fn record_of_package(&mut self, doc: &Doc<'_>, raw: &RawValue) {
        if let Some(compiled) = import::field(raw, "compiledRelease") {
            self.release(doc, compiled);
            return;
        }
        for release in import::field(raw, "releases")
            .map(import::items)
            .unwrap_or_default()
        {
            if import::field(release, "ocid").is_some() {
                self.release(doc, release);
            } else {
                self.imported
                    .tally
                    .skip("linked releases (a URL, not the release itself)");
            }
        }
    }

    fn award(
        &mut self,
        ocid: &str,
        award_id: &str,
        award: &Award,
        release: &Release,
        at: &Location,
    ) {
        let status = match award.status.as_deref() {
            Some("cancelled" | "unsuccessful") => {
                self.imported.tally.skip("awards cancelled or unsuccessful");
                return;
            }
            Some("pending") => Status::Expected,
            _ => Status::Confirmed,
        };
        let buyer = release.buyer.as_ref().or(release
            .tender
            .as_ref()
            .and_then(|t| t.procuring_entity.as_ref()));
        let Some(buyer) = buyer.and_then(|b| self.party_ref(b, EntityKind::Government, at)) else {
            self.imported.tally.skip("awards with no buyer");
            return;
        };
        let contracts: Vec<&Contract> = release
            .contracts
            .iter()
            .filter(|c| text(&c.award_id).as_deref() == Some(award_id))
            .collect();
        let mut relation = import::relation(RelationType::ContractsWith);
        relation.status = status;
        if !contracts.is_empty()
            && contracts
                .iter()
                .all(|c| c.status.as_deref() == Some("terminated"))
        {
            relation.status = Status::Ended;
        }
        let value = award.value.clone().or_else(|| match contracts.as_slice() {
            [one] => one.value.clone(),
            _ => None,
        });
        if let Some(money) = value
            && let Some(amount) = money.amount
        {
            match money
                .currency
                .as_deref()
                .and_then(|c| import::amount(amount, c))
            {
                Some(amount) => relation.amount = Some(amount),
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
        let title = award
            .title
            .as_deref()
            .or(award.description.as_deref())
            .and_then(import::clean_name);
        relation.note = Some(match title {
            Some(title) => format!("{title} ({ocid}, award {award_id})"),
            None => format!("{ocid}, award {award_id}"),
        });
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
        assert_eq!((r.from.as_str(), r.to.as_str()), ("ocds:S", "ocds:B"));
        assert_eq!(r.relation.amount.as_ref().unwrap().currency, "EUR");
        assert_eq!(r.relation.date.unwrap().to_string(), "2020-02-03");
    }
}
