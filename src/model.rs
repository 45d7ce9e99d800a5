//! The vocabulary of the graph: entities and their kinds, typed relations with status, amounts,
//! dates and sources. These are the node and edge weights of [`crate::Graph`].
//!
//! The records of the native dataset format are these types as serde writes and reads them:
//! the fields declared here are the fields a dataset file may hold.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::date::PartialDate;
use crate::names::fold;

/// Declares a closed vocabulary: a serde enum in `snake_case` with the list of its names, so
/// that error messages, completion and the JSON Schema test all read one list.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident ($label:literal) { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $text)] $variant),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The name used in data files and on the command line.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            /// What the vocabulary is called in messages, e.g. "entity kind".
            pub const LABEL: &'static str = $label;

            /// Every name, in declaration order.
            pub fn names() -> Vec<&'static str> {
                Self::ALL.iter().map(|v| v.as_str()).collect()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = String;

            fn from_str(text: &str) -> Result<Self, String> {
                let wanted = text.trim().to_lowercase().replace('-', "_");
                Self::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str() == wanted)
                    .ok_or_else(|| {
                        format!(
                            "unknown {} \"{}\"; expected one of: {}",
                            $label,
                            text,
                            Self::names().join(", ")
                        )
                    })
            }
        }
    };
}

vocabulary! {
    /// What an entity is. "Investor" is a role, not a kind: whoever has outgoing `invests_in`.
    EntityKind ("entity kind") {
        /// A business.
        Company = "company",
        /// An investment fund.
        Fund = "fund",
        /// Any public body: a police department, an agency, a ministry, a legislature, a state.
        Government = "government",
        /// An NGO, an association, a party, a group of people acting together.
        Organization = "organization",
        /// A natural person.
        Person = "person",
        /// A product, service or technology, such as a piece of software.
        Product = "product",
    }
}

vocabulary! {
    /// How one entity relates to another; every type has a direction (`from` → `to`).
    RelationType ("relation type") {
        /// investor → company
        InvestsIn = "invests_in",
        /// parent → subsidiary or fund; owner → asset
        Owns = "owns",
        /// controller → controlled, by influence or control that is not a shareholding (votes,
        /// board appointments, a legal framework: BODS interests other than shares)
        Controls = "controls",
        /// one entity → another, linked without a closer type; reads the same both ways
        AffiliatedWith = "affiliated_with",
        /// supplier → government buyer (or any buyer under contract)
        ContractsWith = "contracts_with",
        /// vendor → customer
        Supplies = "supplies",
        /// company → product
        Develops = "develops",
        /// organization → product
        Uses = "uses",
        /// opponent → what it opposes
        Opposes = "opposes",
        /// lobbyist → whom it lobbies
        Lobbies = "lobbies",
        /// regulator → whom it regulates
        Regulates = "regulates",
        /// person → organization
        Leads = "leads",
        /// payer → beneficiary (FtM Payment)
        Pays = "pays",
        /// debtor → creditor (FtM Debt)
        Owes = "owes",
        /// director → organization (FtM Directorship)
        Directs = "directs",
        /// member → organization (FtM Membership)
        MemberOf = "member_of",
        /// employer → employee (FtM Employment)
        Employs = "employs",
        /// agent → client (FtM Representation)
        Represents = "represents",
        /// person → relative (FtM Family)
        FamilyOf = "family_of",
        /// person → associate (FtM Associate)
        AssociateOf = "associate_of",
        /// predecessor → successor (FtM Succession)
        SucceededBy = "succeeded_by",
        /// holder → post (FtM Occupancy)
        Occupies = "occupies",
        /// participant → project (FtM ProjectParticipant)
        ParticipatesIn = "participates_in",
        /// party → court case (FtM CourtCaseParty)
        PartyTo = "party_to",
        /// a link of unknown nature (FtM UnknownLink)
        LinkedTo = "linked_to",
    }
}

vocabulary! {
    /// How sure the sources are of a relation.
    Status ("status") {
        /// Stated as fact.
        Confirmed = "confirmed",
        /// A press report, e.g. "was seeking a stake".
        Reported = "reported",
        /// Announced or anticipated, e.g. "would close within weeks".
        Expected = "expected",
        /// It was so and is no longer, e.g. a contract not renewed.
        Ended = "ended",
    }
}

vocabulary! {
    /// How exact an amount is, as the source words it.
    Qualifier ("amount qualifier") {
        /// The amount as stated, without qualification.
        Exact = "exact",
        /// "about $4.5 billion"
        About = "about",
        /// "over $1.6 billion"
        Over = "over",
        /// "as much as $1.6 billion"
        UpTo = "up_to",
        /// "under $1 million"
        Under = "under",
    }
}

impl Status {
    /// Rank from strongest to weakest evidence, for "the weakest status on a chain".
    pub fn weakness(self) -> u8 {
        match self {
            Status::Confirmed => 0,
            Status::Ended => 1,
            Status::Reported => 2,
            Status::Expected => 3,
        }
    }
}

impl RelationType {
    /// How the relation reads from one end: `forward` from `from`, else from `to`.
    pub fn phrase(self, forward: bool) -> &'static str {
        use RelationType::*;
        let (out, back) = match self {
            InvestsIn => ("invests in", "funded by"),
            Owns => ("owns", "owned by"),
            Controls => ("controls", "controlled by"),
            AffiliatedWith => ("affiliated with", "affiliated with"),
            ContractsWith => ("has contracts with", "contracts from"),
            Supplies => ("supplies", "supplied by"),
            Develops => ("develops", "developed by"),
            Uses => ("uses", "used by"),
            Opposes => ("opposes", "opposed by"),
            Lobbies => ("lobbies", "lobbied by"),
            Regulates => ("regulates", "regulated by"),
            Leads => ("leads", "led by"),
            Pays => ("pays", "paid by"),
            Owes => ("owes", "owed by"),
            Directs => ("directs", "directed by"),
            MemberOf => ("member of", "has member"),
            Employs => ("employs", "employed by"),
            Represents => ("represents", "represented by"),
            FamilyOf => ("family of", "family of"),
            AssociateOf => ("associate of", "associate of"),
            SucceededBy => ("succeeded by", "succeeds"),
            Occupies => ("occupies", "occupied by"),
            ParticipatesIn => ("participates in", "has participant"),
            PartyTo => ("party to", "has party"),
            LinkedTo => ("linked to", "linked to"),
        };
        if forward { out } else { back }
    }
}

/// A sum of money as the source gives it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Amount {
    /// Non-negative value in whole units of the currency.
    #[serde(serialize_with = "whole_if_possible")]
    pub value: f64,
    /// ISO 4217 code, upper case.
    pub currency: String,
    /// How exact the source is; omitted when exact.
    #[serde(default = "exact", skip_serializing_if = "is_exact")]
    pub qualifier: Qualifier,
}

/// Writes 1600000000 rather than 1600000000.0 when the value is a whole number.
fn whole_if_possible<S: serde::Serializer>(value: &f64, serializer: S) -> Result<S::Ok, S::Error> {
    const EXACT_LIMIT: f64 = 9_007_199_254_740_992.0; // 2^53: every whole f64 below is exact
    if value.fract() == 0.0 && value.abs() < EXACT_LIMIT {
        serializer.serialize_i64(*value as i64)
    } else {
        serializer.serialize_f64(*value)
    }
}

fn exact() -> Qualifier {
    Qualifier::Exact
}

fn is_exact(q: &Qualifier) -> bool {
    *q == Qualifier::Exact
}

/// A fact's reference to a source of the dataset, with a short quote that states the fact.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceRef {
    /// The id of a [`Source`].
    pub source: String,
    /// The words of the source that state the fact, verbatim.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
}

/// A document that facts cite: an article, a register, an open-data file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The source's id, which [`SourceRef::source`] cites.
    pub id: String,
    /// The document's title.
    pub title: String,
    /// Who published it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// Where it can be read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// When it was published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<PartialDate>,
    /// A remark on the source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A sourced statement about one entity that is not a relation, such as money raised or a
/// valuation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntityFact {
    /// What the fact is, e.g. "funding raised", "valuation".
    pub label: String,
    /// The sum of money the fact is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Amount>,
    /// The date the fact refers to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<PartialDate>,
    /// A remark on the fact, such as how the source words it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The sources that state it.
    #[serde(default)]
    pub sources: Vec<SourceRef>,
}

/// A listing of an entity by an authority: a sanction, an export-control entry, a list of
/// companies to avoid (FollowTheMoney's `Sanction`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Designation {
    /// Who lists it, e.g. "US Department of Commerce".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authority: Option<String>,
    /// The programme or legal basis, e.g. "Entity List".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub program: Option<String>,
    /// The list (dataset) it was read from, e.g. "us_trade_csl".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub list: Option<String>,
    /// When the listing took effect.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<PartialDate>,
    /// When it was lifted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<PartialDate>,
    /// Why it is listed, as the list says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Where the listing is published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_url: Option<String>,
    /// The sources that state it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<SourceRef>,
}

impl Designation {
    /// Whether the listing is in force on `day` (always, without one); an undated listing
    /// counts as in force.
    pub fn in_force(&self, day: Option<&PartialDate>) -> bool {
        day.is_none_or(|day| crate::date::in_force(self.start.as_ref(), self.end.as_ref(), day))
    }

    /// Whether its authority, program or list names `who` (case and accents folded, any part
    /// of the name: "commerce" finds "US Department of Commerce", "entity list" its Entity
    /// List).
    pub fn is_by(&self, who: &str) -> bool {
        let who = fold(who);
        !who.is_empty()
            && [&self.authority, &self.program, &self.list]
                .into_iter()
                .flatten()
                .any(|name| fold(name).contains(&who))
    }

    /// The listing in a few words: "US Department of Commerce, Entity List, since 2019-10-09".
    pub fn summary(&self) -> String {
        let mut parts: Vec<String> = [&self.authority, &self.program]
            .into_iter()
            .flatten()
            .cloned()
            .collect();
        if parts.is_empty()
            && let Some(list) = &self.list
        {
            parts.push(list.clone());
        }
        if parts.is_empty() {
            parts.push("listed".into());
        }
        match (&self.start, &self.end) {
            (Some(start), Some(end)) => parts.push(format!("from {start} to {end}")),
            (Some(start), None) => parts.push(format!("since {start}")),
            (None, Some(end)) => parts.push(format!("until {end}")),
            (None, None) => {}
        }
        parts.join(", ")
    }
}

/// An entity's identifiers in other systems, each under its scheme (`lei`, `ftm`, a register's
/// name), sorted by scheme, one value a scheme. Most entities have one or two, and a registry
/// loads millions: a list of exactly their number takes a fraction of a map's memory (a map
/// allocates room for eleven). It reads and writes as a JSON object, as a map does.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Identifiers(Box<[(String, String)]>);

impl Identifiers {
    /// The place of `scheme` in the sorted list, or where it would go.
    fn find(&self, scheme: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(s, _)| s.as_str().cmp(scheme))
    }

    /// The value under `scheme`.
    pub fn get(&self, scheme: &str) -> Option<&String> {
        self.find(scheme).ok().map(|i| &self.0[i].1)
    }

    /// Whether it has a value under `scheme`.
    pub fn contains_key(&self, scheme: &str) -> bool {
        self.find(scheme).is_ok()
    }

    /// Sets the value under `scheme`, returning the one it replaces.
    pub fn insert(&mut self, scheme: String, value: String) -> Option<String> {
        match self.find(&scheme) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, value)),
            Err(i) => {
                let mut list = std::mem::take(&mut self.0).into_vec();
                list.insert(i, (scheme, value));
                self.0 = list.into_boxed_slice();
                None
            }
        }
    }

    /// The value under `scheme`, set to `value` first if it has none.
    pub fn or_insert(&mut self, scheme: String, value: String) -> &String {
        let i = match self.find(&scheme) {
            Ok(i) => i,
            Err(i) => {
                self.insert(scheme, value);
                i
            }
        };
        &self.0[i].1
    }

    /// Each scheme and its value, by scheme.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &String)> {
        self.0.iter().map(|(scheme, value)| (scheme, value))
    }

    /// The schemes, sorted.
    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(scheme, _)| scheme)
    }

    /// The values, by scheme.
    pub fn values(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(_, value)| value)
    }

    /// How many identifiers it has.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether it has none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl std::ops::Index<&str> for Identifiers {
    type Output = String;

    /// The value under `scheme`; panics when there is none, as a map's index does.
    fn index(&self, scheme: &str) -> &String {
        match self.get(scheme) {
            Some(value) => value,
            None => panic!("no identifier of scheme {scheme:?}"),
        }
    }
}

impl FromIterator<(String, String)> for Identifiers {
    /// The identifiers of the pairs; of two values under one scheme the last is kept, as a
    /// map keeps it.
    fn from_iter<I: IntoIterator<Item = (String, String)>>(pairs: I) -> Self {
        let map: BTreeMap<String, String> = pairs.into_iter().collect();
        Identifiers(map.into_iter().collect())
    }
}

impl IntoIterator for Identifiers {
    type Item = (String, String);
    type IntoIter = std::vec::IntoIter<(String, String)>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_vec().into_iter()
    }
}

impl<'a> IntoIterator for &'a Identifiers {
    type Item = (&'a String, &'a String);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (String, String)>,
        fn(&'a (String, String)) -> (&'a String, &'a String),
    >;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(scheme, value)| (scheme, value))
    }
}

impl Serialize for Identifiers {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

impl<'de> Deserialize<'de> for Identifiers {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        BTreeMap::<String, String>::deserialize(deserializer).map(|map| map.into_iter().collect())
    }
}

/// A company, fund, public body, organization, person or product; the graph's node weight.
///
/// What every entity has is held inline (id, name, kind); what only some entities have is held
/// apart ([`EntityDetails`], read with [`Entity::details`]), so that a registry's millions of
/// bare entities stay small. It serialises with every field at the same level, as the data
/// format writes it.
#[derive(Debug, Clone, Deserialize)]
#[serde(from = "read::Entity")]
pub struct Entity {
    /// Stable slug, unique across every loaded file.
    pub id: String,
    /// The name it is best known by.
    pub name: String,
    /// What it is.
    pub kind: EntityKind,
    /// What only some entities have.
    details: Rare<EntityDetails>,
}

/// What only some records have, held apart so that a registry's millions of records without
/// it stay small: nothing, or a box of it, never a box of nothing.
#[derive(Debug, Clone, Default, PartialEq)]
struct Rare<T>(Option<Box<T>>);

impl<T: Default + PartialEq> Rare<T> {
    /// What is held, or `none` (an empty one) when nothing is.
    fn get<'a>(&'a self, none: &'a T) -> &'a T {
        self.0.as_deref().unwrap_or(none)
    }

    /// What is held, to change: an empty one is boxed when nothing was held.
    fn get_mut(&mut self) -> &mut T {
        self.0.get_or_insert_with(Default::default)
    }

    /// Holds `value`, or nothing when it is empty.
    fn of(value: T) -> Self {
        Rare((value != T::default()).then(|| Box::new(value)))
    }
}

/// What an entity may have besides its id, name and kind: other names, a country, a
/// description, identifiers, facts, listings and sources. Most entities of a registry have
/// none of it, and then hold none ([`Entity::details`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EntityDetails {
    /// Other names it goes by.
    pub aliases: Vec<String>,
    /// ISO 3166-1 alpha-2, upper case.
    pub country: Option<String>,
    /// What it is or does, in a few words.
    pub description: Option<String>,
    /// When it was founded.
    pub founded: Option<PartialDate>,
    /// Owned or controlled by a state, where the data says so.
    pub state_owned: bool,
    /// Identifiers in other systems, by scheme: `lei`, `ftm`, `ocds`, a register's name, ...
    pub identifiers: Identifiers,
    /// Further attributes from open data (addresses, sanctions, ...), by name.
    pub attributes: BTreeMap<String, Vec<String>>,
    /// Sourced statements about it that are not relations.
    pub facts: Vec<EntityFact>,
    /// The lists it is on (sanctions, export controls, ...); a boxed slice, as most entities
    /// are on none and a million of them are loaded at once.
    pub designations: Box<[Designation]>,
    /// The sources that describe it.
    pub sources: Vec<SourceRef>,
}

impl EntityDetails {
    /// Whether it holds nothing: no alias, country, description, ... (as its default).
    pub fn is_empty(&self) -> bool {
        let EntityDetails {
            aliases,
            country,
            description,
            founded,
            state_owned,
            identifiers,
            attributes,
            facts,
            designations,
            sources,
        } = self;
        aliases.is_empty()
            && country.is_none()
            && description.is_none()
            && founded.is_none()
            && !state_owned
            && identifiers.is_empty()
            && attributes.is_empty()
            && facts.is_empty()
            && designations.is_empty()
            && sources.is_empty()
    }
}

/// No details, for entities that have none (made once: an empty boxed slice cannot be made in
/// a constant).
static NO_ENTITY_DETAILS: std::sync::LazyLock<EntityDetails> =
    std::sync::LazyLock::new(EntityDetails::default);

/// The form an entity is read in.
mod read {
    use std::collections::BTreeMap;

    use serde::Deserialize;

    use super::{Designation, EntityFact, EntityKind, Identifiers, PartialDate, SourceRef};

    /// An entity as a data file writes it, every field at one level: what [`super::Entity`]
    /// reads. It is named `Entity`, as serde's messages about a bad entity name the type.
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub(super) struct Entity {
        pub(super) id: String,
        pub(super) name: String,
        pub(super) kind: EntityKind,
        #[serde(default)]
        pub(super) aliases: Vec<String>,
        #[serde(default)]
        pub(super) country: Option<String>,
        #[serde(default)]
        pub(super) description: Option<String>,
        #[serde(default)]
        pub(super) founded: Option<PartialDate>,
        #[serde(default)]
        pub(super) state_owned: bool,
        #[serde(default)]
        pub(super) identifiers: Identifiers,
        #[serde(default)]
        pub(super) attributes: BTreeMap<String, Vec<String>>,
        #[serde(default)]
        pub(super) facts: Vec<EntityFact>,
        #[serde(default)]
        pub(super) designations: Box<[Designation]>,
        #[serde(default)]
        pub(super) sources: Vec<SourceRef>,
    }
}

impl From<read::Entity> for Entity {
    fn from(fields: read::Entity) -> Self {
        let read::Entity {
            id,
            name,
            kind,
            aliases,
            country,
            description,
            founded,
            state_owned,
            identifiers,
            attributes,
            facts,
            designations,
            sources,
        } = fields;
        let mut entity = Entity::new(id, name, kind);
        entity.set_details(EntityDetails {
            aliases,
            country,
            description,
            founded,
            state_owned,
            identifiers,
            attributes,
            facts,
            designations,
            sources,
        });
        entity
    }
}

impl Serialize for Entity {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let d = self.details();
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("id", &self.id)?;
        map.serialize_entry("name", &self.name)?;
        map.serialize_entry("kind", &self.kind)?;
        if !d.aliases.is_empty() {
            map.serialize_entry("aliases", &d.aliases)?;
        }
        for (key, text) in [("country", &d.country), ("description", &d.description)] {
            if let Some(text) = text {
                map.serialize_entry(key, text)?;
            }
        }
        if let Some(founded) = &d.founded {
            map.serialize_entry("founded", founded)?;
        }
        if d.state_owned {
            map.serialize_entry("state_owned", &d.state_owned)?;
        }
        if !d.identifiers.is_empty() {
            map.serialize_entry("identifiers", &d.identifiers)?;
        }
        if !d.attributes.is_empty() {
            map.serialize_entry("attributes", &d.attributes)?;
        }
        if !d.facts.is_empty() {
            map.serialize_entry("facts", &d.facts)?;
        }
        if !d.designations.is_empty() {
            map.serialize_entry("designations", &d.designations)?;
        }
        if !d.sources.is_empty() {
            map.serialize_entry("sources", &d.sources)?;
        }
        map.end()
    }
}

impl PartialEq for Entity {
    /// Equal when their id, name, kind and details are: an entity holding empty details equals
    /// one holding none.
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
            && self.name == other.name
            && self.kind == other.kind
            && self.details() == other.details()
    }
}

impl Entity {
    /// A bare entity with only the required fields.
    pub fn new(id: impl Into<String>, name: impl Into<String>, kind: EntityKind) -> Self {
        Entity {
            id: id.into(),
            name: name.into(),
            kind,
            details: Rare(None),
        }
    }

    /// What only some entities have (all empty when it has none of it).
    pub fn details(&self) -> &EntityDetails {
        self.details.get(&NO_ENTITY_DETAILS)
    }

    /// What only some entities have, to change.
    pub fn details_mut(&mut self) -> &mut EntityDetails {
        self.details.get_mut()
    }

    /// Sets what only some entities have, keeping none when it is all empty.
    pub fn set_details(&mut self, details: EntityDetails) {
        self.details = Rare::of(details);
    }

    /// Its name and aliases folded for matching ([`fold`]), each once, none empty.
    pub fn folded_names(&self) -> Vec<String> {
        let mut names: Vec<String> = std::iter::once(&self.name)
            .chain(&self.details().aliases)
            .map(|n| fold(n))
            .filter(|n| !n.is_empty())
            .collect();
        names.sort();
        names.dedup();
        names
    }

    /// Whether it has nothing but its id, name and kind (as [`Entity::new`] makes it).
    pub fn is_bare(&self) -> bool {
        self.details
            .0
            .as_deref()
            .is_none_or(EntityDetails::is_empty)
    }

    /// Every source reference of the entity: its own, then its facts', then its designations'.
    pub fn citations(&self) -> impl Iterator<Item = &SourceRef> {
        let details = self.details();
        details
            .sources
            .iter()
            .chain(details.facts.iter().flat_map(|f| &f.sources))
            .chain(details.designations.iter().flat_map(|d| &d.sources))
    }

    /// Whether it is on a list in force on `day` (any day, without one), by `who` when given
    /// (see [`Designation::is_by`]).
    pub fn is_listed(&self, day: Option<&PartialDate>, who: Option<&str>) -> bool {
        self.listings(day, who).next().is_some()
    }

    /// Its designations in force on `day`, by `who` when given.
    pub fn listings<'a>(
        &'a self,
        day: Option<&'a PartialDate>,
        who: Option<&'a str>,
    ) -> impl Iterator<Item = &'a Designation> + 'a {
        self.details()
            .designations
            .iter()
            .filter(move |d| d.in_force(day) && who.is_none_or(|w| d.is_by(w)))
    }
}

/// A typed, directed relation; the graph's edge weight (its endpoints are the edge's ends).
///
/// What every relation has is held inline (type, status, dates, sources); the facts only some
/// relations have are held apart ([`RelationDetails`], read with [`Relation::details`]), so that
/// a registry's millions of bare relations stay small. It serialises with every field at the
/// same level, as the data format writes it.
#[derive(Debug, Clone, PartialEq)]
pub struct Relation {
    /// What the relation is.
    pub kind: RelationType,
    /// How sure the sources are of it.
    pub status: Status,
    /// When it happened, for one-off events such as an investment.
    pub date: Option<PartialDate>,
    /// When it began, for lasting relations such as a contract.
    pub start: Option<PartialDate>,
    /// When it ended.
    pub end: Option<PartialDate>,
    /// The sources that state it.
    pub sources: Sources,
    /// The facts only some relations have.
    details: Rare<RelationDetails>,
}

/// The facts of a relation that only some relations have. Its serde form (each field by name,
/// empty ones left out) is how a snapshot carries them (`crate::load::snapshot`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RelationDetails {
    /// The amount this relation carries (an investor's own stake, a contract's value).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<Amount>,
    /// The funding round, e.g. "Series C".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub round: Option<String>,
    /// The round's total, when the source gives it rather than this investor's share.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub round_size: Option<Amount>,
    /// The share of `to` that `from` holds, as a percentage from 0 to 100.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stake_pct: Option<f64>,
    /// The share of `to` that `from` holds when the source gives only bounds: the lowest and
    /// highest percentage, from 0 to 100 (e.g. a register's "between 25% and 50%").
    pub stake_range: Option<(f64, f64)>,
    /// A role or capacity (a director's title, a representation's kind, ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// A remark on the relation, such as how the source words it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The FollowTheMoney schema the relation was imported from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ftm_schema: Option<String>,
}

/// No details, for relations that have none.
static NO_DETAILS: RelationDetails = RelationDetails {
    amount: None,
    round: None,
    round_size: None,
    stake_pct: None,
    stake_range: None,
    role: None,
    note: None,
    ftm_schema: None,
};

impl Serialize for Relation {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let d = self.details();
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("type", &self.kind)?;
        map.serialize_entry("status", &self.status)?;
        if let Some(amount) = &d.amount {
            map.serialize_entry("amount", amount)?;
        }
        for (key, date) in [
            ("date", &self.date),
            ("start", &self.start),
            ("end", &self.end),
        ] {
            if let Some(date) = date {
                map.serialize_entry(key, date)?;
            }
        }
        if let Some(round) = &d.round {
            map.serialize_entry("round", round)?;
        }
        if let Some(size) = &d.round_size {
            map.serialize_entry("round_size", size)?;
        }
        if let Some(pct) = &d.stake_pct {
            map.serialize_entry("stake_pct", pct)?;
        }
        if let Some((low, high)) = &d.stake_range {
            map.serialize_entry("stake_range", &[low, high])?;
        }
        for (key, text) in [
            ("role", &d.role),
            ("note", &d.note),
            ("ftm_schema", &d.ftm_schema),
        ] {
            if let Some(text) = text {
                map.serialize_entry(key, text)?;
            }
        }
        map.serialize_entry("sources", &self.sources)?;
        map.end()
    }
}

/// A relation's source references. Relations of one file often cite the very same sources
/// (a registry cites itself on every line), so a list is shared between them rather than
/// copied: cloning it costs nothing.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Sources(std::sync::Arc<[SourceRef]>);

impl Sources {
    /// Adds a reference (the list is copied if other relations share it).
    pub fn push(&mut self, reference: SourceRef) {
        let mut list = self.0.to_vec();
        list.push(reference);
        self.0 = list.into();
    }
}

impl std::ops::Deref for Sources {
    type Target = [SourceRef];

    fn deref(&self) -> &[SourceRef] {
        &self.0
    }
}

impl From<Vec<SourceRef>> for Sources {
    fn from(list: Vec<SourceRef>) -> Self {
        Sources(list.into())
    }
}

impl<'a> IntoIterator for &'a Sources {
    type Item = &'a SourceRef;
    type IntoIter = std::slice::Iter<'a, SourceRef>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl Serialize for Sources {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl Relation {
    /// A bare relation with only a type and a status.
    pub fn new(kind: RelationType, status: Status) -> Self {
        Relation {
            kind,
            status,
            date: None,
            start: None,
            end: None,
            sources: Sources::default(),
            details: Rare(None),
        }
    }

    /// The facts only some relations have (all `None` when it has none).
    pub fn details(&self) -> &RelationDetails {
        self.details.get(&NO_DETAILS)
    }

    /// The facts only some relations have, to change.
    pub fn details_mut(&mut self) -> &mut RelationDetails {
        self.details.get_mut()
    }

    /// Sets the facts only some relations have, keeping none when they are all empty.
    pub fn set_details(&mut self, details: RelationDetails) {
        self.details = Rare::of(details);
    }

    /// When the relation began: `start`, else `date`.
    pub fn began(&self) -> Option<&PartialDate> {
        self.start.as_ref().or(self.date.as_ref())
    }

    /// Whether any date places it in time.
    pub fn is_dated(&self) -> bool {
        self.date.is_some() || self.start.is_some() || self.end.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_keep_one_value_a_scheme_sorted_and_read_as_a_json_object() {
        let mut ids = Identifiers::default();
        assert_eq!(ids.insert("lei".into(), "1".into()), None);
        assert_eq!(ids.insert("ftm".into(), "x".into()), None);
        assert_eq!(ids.insert("lei".into(), "2".into()), Some("1".into()));
        assert_eq!(ids.or_insert("lei".into(), "3".into()), "2");
        assert_eq!(ids.or_insert("ocds".into(), "o".into()), "o");
        assert_eq!(ids.keys().collect::<Vec<_>>(), ["ftm", "lei", "ocds"]);
        assert_eq!(ids["lei"], "2");
        assert!(!ids.contains_key("wikidata"));
        let json = serde_json::to_string(&ids).unwrap();
        assert_eq!(json, r#"{"ftm":"x","lei":"2","ocds":"o"}"#);
        let back: Identifiers =
            serde_json::from_str(r#"{"lei":"2","ocds":"o","ftm":"x"}"#).unwrap();
        assert_eq!(back, ids);
    }

    #[test]
    fn a_designation_is_by_its_authority_program_or_list_and_in_force_between_its_dates() {
        let listing = Designation {
            authority: Some("Test Département of Lists".into()),
            program: Some("Test Entity List".into()),
            list: Some("test_list".into()),
            start: Some("2019-10".parse().unwrap()),
            end: Some("2021".parse().unwrap()),
            ..Designation::default()
        };
        for who in ["departement", "ENTITY LIST", "test_list"] {
            assert!(listing.is_by(who), "{who}");
        }
        assert!(!listing.is_by("commerce") && !listing.is_by(" "));
        let day = |d: &str| d.parse::<PartialDate>().unwrap();
        assert!(listing.in_force(None));
        assert!(!listing.in_force(Some(&day("2019-09-30"))));
        assert!(listing.in_force(Some(&day("2019-10-01"))));
        assert!(listing.in_force(Some(&day("2021-12-31"))));
        assert!(!listing.in_force(Some(&day("2022"))));
        assert_eq!(
            listing.summary(),
            "Test Département of Lists, Test Entity List, from 2019-10 to 2021"
        );
    }

    /// A registry holds millions of entities, most of them bare: each stays within a cache
    /// line, what only some have held apart.
    #[test]
    fn an_entity_fits_in_a_cache_line() {
        assert!(
            std::mem::size_of::<Entity>() <= 64,
            "{}",
            std::mem::size_of::<Entity>()
        );
    }

    /// An entity reads and writes every field at one level, in the order of the data format,
    /// empty ones left out; an entity with nothing but its id, name and kind holds no details.
    #[test]
    fn an_entity_reads_and_writes_its_fields_at_one_level() {
        let full = concat!(
            r#"{"id":"acme","name":"Acme","kind":"company","aliases":["ACME"],"country":"DE","#,
            r#""description":"Makes things","founded":"2001-02","state_owned":true,"#,
            r#""identifiers":{"ftm":"f","lei":"1"},"attributes":{"a":["2"],"z":["1"]},"#,
            r#""facts":[{"label":"funding raised","sources":[]}],"#,
            r#""designations":[{"authority":"Test Authority"}],"sources":[{"source":"s"}]}"#
        );
        let entity: Entity = serde_json::from_str(full).unwrap();
        assert!(!entity.is_bare());
        assert_eq!(entity.details().aliases, ["ACME"]);
        assert_eq!(entity.details().identifiers["lei"], "1");
        assert_eq!(serde_json::to_string(&entity).unwrap(), full);

        let bare = r#"{"id":"acme","name":"Acme","kind":"company"}"#;
        let empty = concat!(
            r#"{"id":"acme","name":"Acme","kind":"company","aliases":[],"#,
            r#""state_owned":false,"identifiers":{},"designations":[]}"#
        );
        for text in [bare, empty] {
            let entity: Entity = serde_json::from_str(text).unwrap();
            assert!(entity.details.0.is_none() && entity.is_bare(), "{text}");
            assert_eq!(entity, Entity::new("acme", "Acme", EntityKind::Company));
            assert_eq!(serde_json::to_string(&entity).unwrap(), bare);
        }

        let unknown = r#"{"id":"a","name":"A","kind":"company","alias":["B"]}"#;
        let error = serde_json::from_str::<Entity>(unknown).unwrap_err();
        assert!(
            error.to_string().starts_with(
                "unknown field `alias`, expected one of `id`, `name`, `kind`, `aliases`"
            ),
            "{error}"
        );
        let error = serde_json::from_str::<Entity>("1").unwrap_err();
        assert_eq!(
            error.to_string(),
            "invalid type: integer `1`, expected struct Entity at line 1 column 1"
        );
    }

    /// Details asked for and left empty leave an entity bare: it still equals the entity
    /// without them, and setting empty details keeps none.
    #[test]
    fn empty_details_leave_an_entity_bare() {
        let bare = Entity::new("acme", "Acme", EntityKind::Company);
        let mut entity = bare.clone();
        assert!(entity.details().is_empty());
        entity.details_mut().aliases.clear();
        assert!(entity.is_bare());
        assert_eq!(entity, bare);
        entity.set_details(EntityDetails::default());
        assert!(entity.details.0.is_none());
        entity.details_mut().country = Some("DE".into());
        assert!(!entity.is_bare());
        assert_ne!(entity, bare);
        assert_eq!(entity.details().country.as_deref(), Some("DE"));
    }

    /// A registry holds millions of relations: each stays within a cache line, its rare facts
    /// apart and its sources shared.
    #[test]
    fn a_relation_fits_in_a_cache_line() {
        assert!(
            std::mem::size_of::<Relation>() <= 64,
            "{}",
            std::mem::size_of::<Relation>()
        );
    }
}
