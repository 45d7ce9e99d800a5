//! FollowTheMoney entities (JSON lines from OpenSanctions, Aleph, nomenklatura), mapped by
//! their schema's place in the FtM hierarchy ([`schema`]): legal entities become entities of the
//! matching kind, edge schemata become relations of their own type, `Sanction` records become
//! designations of the entities they list, and the other schemata (addresses, passports, ...)
//! become attributes of the entities they are linked to, or are counted as skipped.
//!
//! Both shapes are read: plain (`id`, `schema`, `properties`) and OpenSanctions'
//! (`caption`, `datasets`, `referents`, `first_seen`, `last_seen`, ...).

mod names;
pub mod properties;
pub mod schema;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use serde::Deserialize;
use serde_json::Value;
use serde_json::value::RawValue;

use super::import::unread::Held;
use super::import::{self, Imported, Placeholder, Reader, Unread};
use super::json::Doc;
use crate::diagnostic::Location;
use crate::model::{Designation, Entity, EntityDetails, EntityKind, Relation};
use schema::{EntityField, RelationField};

/// One FtM entity as a line states it.
#[derive(Debug, Deserialize)]
struct Record {
    id: Option<Value>,
    schema: Option<String>,
    #[serde(default)]
    properties: Option<BTreeMap<String, Value>>,
    caption: Option<String>,
    #[serde(default)]
    datasets: Option<Vec<String>>,
    #[serde(default)]
    referents: Option<Vec<String>>,
    first_seen: Option<String>,
    last_seen: Option<String>,
    /// Fields FollowTheMoney records may have that are not read (OpenSanctions' `target`,
    /// `last_change`, ...): counted in the report when they hold a value.
    #[serde(flatten)]
    other: BTreeMap<String, Held>,
}

/// A property's name: the schema table's own text when it is one FollowTheMoney declares (as
/// every name a mapping gives is), so that a million records do not each hold a copy.
pub(crate) type Name = Cow<'static, str>;

/// A record's properties in the file's order: for the few properties an entity has, a list
/// takes a fraction of the memory of a map.
#[derive(Debug, Default)]
struct Properties(Vec<(Name, Vec<String>)>);

impl Properties {
    fn get(&self, name: &str) -> Option<&Vec<String>> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }

    fn iter(&self) -> impl Iterator<Item = (&str, &Vec<String>)> {
        self.0.iter().map(|(n, v)| (n.as_ref(), v))
    }

    fn values(&self) -> impl Iterator<Item = &Vec<String>> {
        self.0.iter().map(|(_, v)| v)
    }

    /// Adds values to a property: to a short list each value it lacks, so that an entity
    /// stated on many rows keeps one copy of its name; to a long one every value, which
    /// [`Properties::dedup`] then keeps once.
    fn add(&mut self, name: Name, values: Vec<String>) {
        match self.0.iter_mut().find(|(n, _)| *n == name) {
            Some((_, list)) if list.len() + values.len() <= SHORT => {
                for value in values {
                    if !list.contains(&value) {
                        list.push(value);
                    }
                }
            }
            Some((_, list)) => list.extend(values),
            None => self.0.push((name, values)),
        }
    }

    /// Keeps the first of equal values of each property: once, after every fragment of an
    /// entity is read, so that many fragments cost no more than one long record.
    fn dedup(&mut self) {
        for (_, list) in &mut self.0 {
            dedup(list);
        }
    }
}

/// How many values are few enough to find one among them by looking through them all.
const SHORT: usize = 16;

/// Keeps the first of equal values: by looking through the few kept so far, or with a set
/// when there are many.
pub(crate) fn dedup(list: &mut Vec<String>) {
    if list.len() < 2 {
        return;
    }
    if list.len() <= SHORT {
        let mut kept: Vec<String> = Vec::with_capacity(list.len());
        for value in list.drain(..) {
            if !kept.contains(&value) {
                kept.push(value);
            }
        }
        *list = kept;
        return;
    }
    let mut seen = HashSet::with_capacity(list.len());
    list.retain(|value| seen.insert(value.clone()));
}

/// What the hierarchy says of a schema or a property, asked once per schema.
#[derive(Debug, Default)]
struct Lookups {
    roles: HashMap<String, Role>,
    relation_fields: HashMap<String, HashMap<String, Option<RelationField>>>,
    entity_fields: HashMap<String, HashMap<String, Option<EntityField>>>,
    edges: HashMap<String, Option<(schema::Edge, Option<schema::RelationMap>)>>,
}

impl Lookups {
    fn role(&mut self, schema: &str) -> Role {
        if let Some(role) = self.roles.get(schema) {
            return *role;
        }
        let found = role(schema);
        self.roles.insert(schema.to_string(), found);
        found
    }

    /// A schema's edge and the relation it maps to.
    fn edge(&mut self, schema: &str) -> Option<(schema::Edge, Option<schema::RelationMap>)> {
        *self.edges.entry(schema.to_string()).or_insert_with(|| {
            schema::edge(schema).map(|(_, edge)| (edge, schema::relation_map(schema).copied()))
        })
    }

    fn relation_field(&mut self, schema: &str, property: &str) -> Option<RelationField> {
        if let Some(&found) = self
            .relation_fields
            .get(schema)
            .and_then(|p| p.get(property))
        {
            return found;
        }
        let found = schema::relation_field(schema, property);
        self.relation_fields
            .entry(schema.to_string())
            .or_default()
            .insert(property.to_string(), found);
        found
    }

    fn entity_field(&mut self, schema: &str, property: &str) -> Option<EntityField> {
        if let Some(&found) = self.entity_fields.get(schema).and_then(|p| p.get(property)) {
            return found;
        }
        let found = schema::entity_field(schema, property);
        self.entity_fields
            .entry(schema.to_string())
            .or_default()
            .insert(property.to_string(), found);
        found
    }
}

/// A record kept until the whole file is read.
#[derive(Debug)]
struct Stored {
    /// Its id, one text shared with the look-up by id.
    id: Arc<str>,
    schema: Name,
    properties: Properties,
    /// What OpenSanctions' records say beside the properties; `None` for a plain record (every
    /// record of a mapping), which so takes less than half the memory.
    extra: Option<Box<Extra>>,
    at: Location,
    /// Whether later fragments added values, which may repeat earlier ones.
    fragments: bool,
}

/// OpenSanctions' fields of a record.
#[derive(Debug, Default)]
struct Extra {
    caption: Option<String>,
    datasets: Vec<String>,
    referents: Vec<String>,
    first_seen: Option<String>,
    last_seen: Option<String>,
}

impl Extra {
    /// The fields, or `None` when none holds anything.
    fn boxed(extra: Extra) -> Option<Box<Extra>> {
        let empty = extra.caption.is_none()
            && extra.datasets.is_empty()
            && extra.referents.is_empty()
            && extra.first_seen.is_none()
            && extra.last_seen.is_none();
        (!empty).then(|| Box::new(extra))
    }
}

impl Stored {
    fn caption(&self) -> Option<&String> {
        self.extra.as_ref().and_then(|e| e.caption.as_ref())
    }

    fn datasets(&self) -> &[String] {
        self.extra.as_ref().map_or(&[], |e| &e.datasets)
    }

    fn referents(&self) -> &[String] {
        self.extra.as_ref().map_or(&[], |e| &e.referents)
    }

    fn first_seen(&self) -> Option<&String> {
        self.extra.as_ref().and_then(|e| e.first_seen.as_ref())
    }

    fn last_seen(&self) -> Option<&String> {
        self.extra.as_ref().and_then(|e| e.last_seen.as_ref())
    }
}

/// What a record is, by its schema's place in the hierarchy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// A legal entity: an entity of this kind.
    Entity(EntityKind),
    /// An edge: a relation.
    Edge,
    /// Another schema: attributes of the entities it is linked to.
    Thing,
    /// A schema FollowTheMoney 3.8.4 does not have.
    Unknown,
}

fn role(schema: &str) -> Role {
    if schema::get(schema).is_none() {
        Role::Unknown
    } else if schema::is_a(schema, "LegalEntity") {
        Role::Entity(kind(schema))
    } else if schema::edge(schema).is_some() {
        Role::Edge
    } else {
        Role::Thing
    }
}

/// The entity kind of a legal entity's schema.
fn kind(schema: &str) -> EntityKind {
    if schema::is_a(schema, "Person") {
        EntityKind::Person
    } else if schema::is_a(schema, "PublicBody") {
        EntityKind::Government
    } else if schema::is_a(schema, "Company") {
        EntityKind::Company
    } else if schema::is_a(schema, "Organization") {
        EntityKind::Organization
    } else {
        // A LegalEntity: FtM's word for "a person or a company, the source does not say".
        EntityKind::Company
    }
}

/// Reads FtM entities; everything is resolved once the whole file is read.
pub struct FtmReader {
    imported: Imported,
    records: Vec<Stored>,
    by_id: HashMap<Arc<str>, usize>,
    unread: Unread,
}

impl FtmReader {
    /// A reader for the file named `file`, which its source is named after.
    pub fn new(file: &str) -> Self {
        FtmReader {
            imported: Imported::new(import::file_source(file, "FollowTheMoney entities")),
            records: Vec::new(),
            by_id: HashMap::new(),
            unread: Unread::new("FtM"),
        }
    }

    /// A reader whose records cite `source` (a mapping's records cite the mapping).
    pub(crate) fn with_source(source: crate::model::Source) -> Self {
        FtmReader {
            imported: Imported::new(source),
            ..FtmReader::new("")
        }
    }

    /// Adds a record made elsewhere (a row of a table through a mapping), as if read from a
    /// line: a record of an id stated before adds its values to the first.
    pub(crate) fn add_record(
        &mut self,
        id: String,
        schema: Name,
        properties: Vec<(Name, Vec<String>)>,
        at: Location,
    ) {
        let mut stated = Properties(Vec::with_capacity(properties.len()));
        for (name, values) in properties {
            stated.add(name, values);
        }
        self.store(Stored {
            id: id.into(),
            schema,
            properties: stated,
            extra: None,
            at,
            fragments: true,
        });
    }

    /// Stores a record; a record whose id was seen before adds its values to the first (FtM
    /// files may state one entity in several fragments).
    fn store(&mut self, record: Stored) {
        if let Some(&i) = self.by_id.get(&record.id) {
            let tally = &mut self.imported.tally;
            tally.note("records of an id stated before, merged into the first");
            let first = &mut self.records[i];
            if record.schema != first.schema {
                if schema::is_a(&record.schema, &first.schema) {
                    first.schema = record.schema;
                } else if !schema::is_a(&first.schema, &record.schema) {
                    tally.note(format!(
                        "records of an id stated before as another schema ({} read as {})",
                        record.schema, first.schema
                    ));
                }
            }
            for (name, values) in record.properties.0 {
                first.properties.add(name, values);
            }
            first.fragments = true;
            if let Some(extra) = record.extra {
                let extra = *extra;
                for referent in &extra.referents {
                    self.by_id.entry(referent.as_str().into()).or_insert(i);
                }
                let into = first.extra.get_or_insert_with(Box::default);
                into.caption = into.caption.take().or(extra.caption);
                into.referents.extend(extra.referents);
                into.datasets.extend(extra.datasets);
            }
            return;
        }
        let i = self.records.len();
        self.by_id.insert(record.id.clone(), i);
        for referent in record.referents() {
            self.by_id.entry(referent.as_str().into()).or_insert(i);
        }
        self.records.push(record);
    }

    /// Reads a record's fields; nested entities (objects as property values) are stored as
    /// records of their own and named by id.
    fn read(&mut self, doc: &Doc<'_>, raw: &RawValue, record: Record, at: Location) {
        let id = match record.id {
            Some(Value::String(id)) if !id.trim().is_empty() => id,
            Some(Value::Number(n)) => n.to_string(),
            _ => {
                doc.error(
                    raw,
                    "an FtM entity has an \"id\" (a non-empty string); add it",
                );
                return;
            }
        };
        let Some(schema) = record.schema.filter(|s| !s.trim().is_empty()) else {
            doc.error(
                raw,
                format!("FtM entity \"{id}\" has no \"schema\"; add one such as \"Company\""),
            );
            return;
        };
        for (field, held) in &record.other {
            if held.0 {
                self.unread.count("record", field);
            }
        }
        let mut properties = Properties::default();
        for (name, value) in record.properties.unwrap_or_default() {
            let mut values = Vec::new();
            self.values(doc, raw, value, &at, &mut values);
            if !values.is_empty() {
                // The names are a map's keys, so each is new.
                properties.0.push((Cow::Owned(name), values));
            }
        }
        self.store(Stored {
            id: id.into(),
            schema: Cow::Owned(schema),
            properties,
            extra: Extra::boxed(Extra {
                caption: record.caption.and_then(|c| import::clean_name(&c)),
                datasets: record.datasets.unwrap_or_default(),
                referents: record.referents.unwrap_or_default(),
                first_seen: record.first_seen,
                last_seen: record.last_seen,
            }),
            at,
            fragments: false,
        });
    }

    fn values(
        &mut self,
        doc: &Doc<'_>,
        raw: &RawValue,
        value: Value,
        at: &Location,
        out: &mut Vec<String>,
    ) {
        match value {
            Value::Null => {}
            Value::String(text) => {
                if !text.trim().is_empty() {
                    out.push(text.trim().to_string());
                }
            }
            Value::Number(n) => out.push(n.to_string()),
            Value::Bool(b) => out.push(b.to_string()),
            Value::Array(items) => {
                for item in items {
                    self.values(doc, raw, item, at, out);
                }
            }
            Value::Object(map) => {
                let nested = serde_json::from_value::<Record>(Value::Object(map)).ok();
                let id = match nested.as_ref().map(|n| &n.id) {
                    Some(Some(Value::String(id))) => Some(id.clone()),
                    _ => None,
                };
                match (nested, id) {
                    (Some(nested), Some(id)) => {
                        out.push(id);
                        self.read(doc, raw, nested, at.clone());
                    }
                    _ => self.imported.tally.note(
                        "property values that are objects but not entities with an id, left out",
                    ),
                }
            }
        }
    }
}

impl Reader for FtmReader {
    fn record(&mut self, doc: &Doc<'_>, raw: &RawValue) {
        let Some(record) = doc.value::<Record>(raw, "FtM entity") else {
            return;
        };
        let at = doc.location(raw);
        self.read(doc, raw, record, at);
    }

    fn finish(mut self: Box<Self>) -> Imported {
        for record in self.records.iter_mut().filter(|r| r.fragments) {
            record.properties.dedup();
        }
        let unread = std::mem::take(&mut self.unread);
        let mut imported = Mapper::new(*self).run();
        unread.report(&mut imported.tally);
        imported
    }
}

/// An edge record that makes more relations than this is noted in the report: FollowTheMoney
/// links every source of an edge to every target, so a record with many of each makes as many
/// relations as their product (50 payers and 50 beneficiaries: 2 500).
const MANY_ENDS: usize = 100;

/// The most pairs of ends one edge record is made into: past them, the record's other pairs
/// are left out and counted in the report with where the record is, so that one record of
/// 10 000 payers and 10 000 beneficiaries does not make 100 million relations.
const MAX_PAIRS: usize = 10_000;

/// The edge records of one schema that had more than [`MAX_PAIRS`] pairs of ends.
#[derive(Debug)]
struct Capped {
    /// What its two ends are called.
    ends: (String, String),
    /// Where the first such record is.
    first: Location,
    /// The pairs left out, over all such records.
    left_out: usize,
}

/// The edge records of one schema that made more than [`MANY_ENDS`] relations each.
#[derive(Debug, Default)]
struct Expanded {
    /// What its two ends are called.
    ends: (String, String),
    records: usize,
    relations: usize,
    largest: usize,
}

/// Turns the stored records into entities and relations.
struct Mapper {
    imported: Imported,
    records: Vec<Stored>,
    by_id: HashMap<Arc<str>, usize>,
    roles: Vec<Role>,
    /// Records that became entities, by index.
    entities: HashSet<usize>,
    /// Entities' attributes gathered from other records, by record index.
    attributes: HashMap<usize, BTreeMap<String, Vec<String>>>,
    /// Thing records kept as attributes or designations.
    used: HashSet<usize>,
    /// Entities' designations from `Sanction` records, by record index.
    designations: HashMap<usize, Vec<Designation>>,
    lookups: Lookups,
    /// Edge records with many ends, by schema.
    expanded: BTreeMap<String, Expanded>,
    /// Edge records with more than [`MAX_PAIRS`] pairs of ends, by schema.
    capped: BTreeMap<String, Capped>,
}

impl Mapper {
    fn new(reader: FtmReader) -> Self {
        let mut lookups = Lookups::default();
        let roles = reader
            .records
            .iter()
            .map(|r| lookups.role(&r.schema))
            .collect();
        Mapper {
            imported: reader.imported,
            records: reader.records,
            by_id: reader.by_id,
            roles,
            entities: HashSet::new(),
            attributes: HashMap::new(),
            used: HashSet::new(),
            designations: HashMap::new(),
            lookups,
            expanded: BTreeMap::new(),
            capped: BTreeMap::new(),
        }
    }

    fn key(id: &str) -> String {
        format!("ftm:{id}")
    }

    fn run(mut self) -> Imported {
        for i in 0..self.records.len() {
            if !matches!(self.roles[i], Role::Entity(_)) {
                continue;
            }
            if self.name_of(i).is_some() {
                self.entities.insert(i);
            } else {
                let schema = self.records[i].schema.clone();
                self.imported
                    .tally
                    .skip(format!("{schema} records without a name"));
            }
        }
        self.link_things();
        for i in 0..self.records.len() {
            if self.roles[i] == Role::Edge {
                self.edge(i);
                // An edge is needed no more once it is a relation; its memory is.
                self.records[i].properties = Properties::default();
            }
        }
        for (schema, e) in std::mem::take(&mut self.expanded) {
            self.imported.tally.note_n(
                format!(
                    "{schema} records with many ends, each made into a relation for every pair of its {} and {} (over {MANY_ENDS} relations a record: {} in all, {} from the largest)",
                    e.ends.0, e.ends.1, e.relations, e.largest
                ),
                e.records,
            );
        }
        for (schema, c) in std::mem::take(&mut self.capped) {
            self.imported.tally.skip_n(
                format!(
                    "{schema} relations past the first {MAX_PAIRS} pairs of a record's {} and {} (the first such record at {}; split it into records of fewer ends to load them all)",
                    c.ends.0, c.ends.1, c.first
                ),
                c.left_out,
            );
        }
        for i in 0..self.records.len() {
            match self.roles[i] {
                Role::Unknown => {
                    let schema = self.records[i].schema.clone();
                    self.imported.tally.skip(format!(
                        "records of a schema FollowTheMoney 3.8.4 does not have ({schema})"
                    ));
                }
                Role::Thing if !self.used.contains(&i) && !self.entities.contains(&i) => {
                    let schema = self.records[i].schema.clone();
                    self.imported
                        .tally
                        .skip(format!("{schema} records linked to no imported entity"));
                }
                _ => {}
            }
        }
        let mut order: Vec<usize> = self.entities.iter().copied().collect();
        order.sort_unstable();
        self.imported.entities.reserve_exact(order.len());
        for i in order {
            self.entity(i);
        }
        self.imported
    }

    /// The name a record is shown by: its caption (the name OpenSanctions shows), else the
    /// one of its names FollowTheMoney would pick ([`names::pick_name`]).
    fn name_of(&self, i: usize) -> Option<String> {
        let record = &self.records[i];
        record.caption().cloned().or_else(|| {
            let names: Vec<String> = record
                .properties
                .get("name")?
                .iter()
                .filter_map(|n| import::clean_name(n))
                .collect();
            names::pick_name(&names)
        })
    }

    /// A short text for a record kept as an attribute: its caption, else its most telling
    /// property, else its schema.
    fn caption_of(&self, i: usize) -> String {
        let record = &self.records[i];
        if let Some(caption) = record.caption() {
            return caption.clone();
        }
        const TELLING: &[&str] = &[
            "full",
            "name",
            "program",
            "title",
            "number",
            "passportNumber",
            "accountNumber",
            "summary",
            "authority",
        ];
        TELLING
            .iter()
            .find_map(|p| record.properties.get(p).and_then(|v| v.first()))
            .cloned()
            .unwrap_or_else(|| record.schema.to_string())
    }

    /// The designation a `Sanction` record states: its authority, program, list (the record's
    /// dataset), dates, reason and address.
    fn designation(&self, t: usize) -> Designation {
        let record = &self.records[t];
        let first = |names: &[&str]| {
            names.iter().find_map(|name| {
                record
                    .properties
                    .get(name)
                    .and_then(|values| values.first())
                    .cloned()
            })
        };
        let date = |names: &[&str]| {
            names.iter().find_map(|name| {
                record
                    .properties
                    .get(name)
                    .and_then(|values| values.iter().find_map(|v| import::date(v)))
            })
        };
        Designation {
            authority: first(&["authority", "publisher"]),
            program: first(&["program", "programId"]),
            list: record.datasets().first().cloned(),
            start: date(&["startDate", "listingDate", "date"]),
            end: date(&["endDate"]),
            reason: first(&["reason", "summary"]),
            source_url: first(&["sourceUrl", "programUrl"]),
            sources: self.imported.cite(),
        }
    }

    /// Makes each `Sanction` record a designation of the entities its `entity` property
    /// names.
    fn designate(&mut self) {
        for t in 0..self.records.len() {
            if self.roles[t] != Role::Thing || !schema::is_a(&self.records[t].schema, "Sanction") {
                continue;
            }
            let listed: Vec<usize> = self.records[t]
                .properties
                .get("entity")
                .into_iter()
                .flatten()
                .filter_map(|id| self.by_id.get(id.as_str()).copied())
                .filter(|e| self.entities.contains(e))
                .collect();
            if listed.is_empty() {
                continue;
            }
            let designation = self.designation(t);
            let unnamed = designation.authority.is_none()
                && designation.program.is_none()
                && designation.list.is_none();
            let backwards = matches!((&designation.start, &designation.end),
                (Some(start), Some(end)) if end.last_day() < start.first_day());
            if unnamed || backwards {
                // Not a listing a reader can trust: kept as an attribute of what it names.
                self.imported.tally.note(
                    "Sanction records that name no authority, program or list, or end before \
                     they start, kept as attributes instead of designations",
                );
                continue;
            }
            for e in listed {
                let list = self.designations.entry(e).or_default();
                if !list.contains(&designation) {
                    list.push(designation.clone());
                }
            }
            self.used.insert(t);
            self.imported
                .tally
                .note("Sanction records kept as designations of the entities they list");
        }
    }

    /// Keeps each non-entity, non-edge record as an attribute of the entities that name it
    /// (an address under the property that names it) or that it names (a passport under
    /// its schema's name); `Sanction` records are designations ([`Mapper::designate`]).
    fn link_things(&mut self) {
        self.designate();
        let mut links: Vec<(usize, String, usize)> = Vec::new();
        for &e in &self.entities {
            for (property, values) in self.records[e].properties.iter() {
                for value in values {
                    if let Some(&t) = self.by_id.get(value.as_str())
                        && self.roles[t] == Role::Thing
                        && !self.used.contains(&t)
                    {
                        let name = property.strip_suffix("Entity").unwrap_or(property);
                        links.push((e, name.to_string(), t));
                    }
                }
            }
        }
        for t in 0..self.records.len() {
            if self.roles[t] != Role::Thing || self.used.contains(&t) {
                continue;
            }
            let name = self.records[t].schema.to_lowercase();
            for values in self.records[t].properties.values() {
                for value in values {
                    if let Some(&e) = self.by_id.get(value.as_str())
                        && self.entities.contains(&e)
                    {
                        links.push((e, name.clone(), t));
                    }
                }
            }
        }
        links.sort();
        links.dedup();
        let mut kept: HashSet<(usize, String, String)> = HashSet::new();
        for (e, name, t) in links {
            let caption = self.caption_of(t);
            if kept.insert((e, name.clone(), caption.clone())) {
                self.attributes
                    .entry(e)
                    .or_default()
                    .entry(name)
                    .or_default()
                    .push(caption);
            }
            if self.used.insert(t) {
                let schema = self.records[t].schema.clone();
                self.imported
                    .tally
                    .note(format!("{schema} records kept as attributes of entities"));
            }
        }
    }

    /// Makes the entity of a record.
    fn entity(&mut self, i: usize) {
        let record = &self.records[i];
        let kind = match self.roles[i] {
            Role::Entity(kind) => kind,
            // An edge's end that is not a legal entity: a post, a project, a court case.
            _ => EntityKind::Organization,
        };
        let name = self
            .name_of(i)
            .unwrap_or_else(|| self.caption_of(i).to_string());
        let mut entity = Entity::new(Self::key(&record.id), name.clone(), kind);
        let mut details = EntityDetails::default();
        details
            .identifiers
            .insert("ftm".into(), record.id.to_string());
        let mut attributes = self.attributes.remove(&i).unwrap_or_default();
        let mut aliases: Vec<String> = Vec::new();
        let mut registration = Vec::new();
        for (property, values) in record.properties.iter() {
            let field = if matches!(self.roles[i], Role::Entity(_)) {
                self.lookups.entity_field(&record.schema, property)
            } else {
                None
            };
            let linked = values.iter().any(|v| {
                self.by_id
                    .get(v.as_str())
                    .is_some_and(|&t| self.roles[t] != Role::Unknown)
            });
            match field {
                Some(EntityField::Name) => aliases.extend(values.iter().cloned()),
                Some(EntityField::Alias) => aliases.extend(values.iter().cloned()),
                Some(EntityField::Country) => {
                    if details.country.is_none() {
                        details.country = values.iter().find_map(|v| import::country(v));
                        if details.country.is_none() {
                            self.imported.tally.note(
                                "countries that are neither ISO codes nor English names, left out",
                            );
                        }
                    }
                }
                Some(EntityField::Founded) => {
                    details.founded = values.iter().find_map(|v| import::date(v));
                    if details.founded.is_none() {
                        self.imported
                            .tally
                            .note("founding dates that are not ISO dates, left out");
                    }
                }
                Some(EntityField::Description) => {
                    if details.description.is_none() {
                        details.description = values.first().cloned();
                    }
                }
                Some(EntityField::Identifier("registration")) => {
                    registration.extend(values.iter().cloned());
                }
                Some(EntityField::Identifier(scheme)) => {
                    if let Some(value) = values.first()
                        && !details.identifiers.contains_key(scheme)
                    {
                        details
                            .identifiers
                            .insert(scheme.to_string(), value.clone());
                    }
                }
                None if linked => {
                    // A link to a record kept as an attribute, or to another entity: the
                    // attribute holds the other's caption rather than its id.
                    let names: Vec<String> = values
                        .iter()
                        .filter_map(|v| self.by_id.get(v.as_str()))
                        .filter(|&&t| self.roles[t] != Role::Thing)
                        .map(|&t| self.name_of(t).unwrap_or_else(|| self.caption_of(t)))
                        .collect();
                    if !names.is_empty() {
                        let name = property.strip_suffix("Entity").unwrap_or(property);
                        attributes
                            .entry(name.to_string())
                            .or_default()
                            .extend(names);
                    }
                }
                None => {
                    attributes
                        .entry(property.to_string())
                        .or_default()
                        .extend(values.iter().cloned());
                }
            }
        }
        // A register's number is only unique in its country.
        if let Some(number) = registration.first() {
            let scheme = match &details.country {
                Some(country) => format!("registration-{}", country.to_lowercase()),
                None => "registration".to_string(),
            };
            details.identifiers.insert(scheme, number.clone());
        }
        let folded = crate::names::fold(&name);
        let mut seen: HashSet<String> = HashSet::new();
        seen.insert(folded);
        for alias in aliases {
            if let Some(alias) = import::clean_name(&alias)
                && seen.insert(crate::names::fold(&alias))
            {
                details.aliases.push(alias);
            }
        }
        for (name, list) in [
            ("datasets", record.datasets()),
            ("referents", record.referents()),
        ] {
            if !list.is_empty() {
                attributes.insert(name.into(), list.to_vec());
            }
        }
        for (name, value) in [
            ("first_seen", record.first_seen()),
            ("last_seen", record.last_seen()),
        ] {
            if let Some(value) = value {
                attributes.insert(name.into(), vec![value.clone()]);
            }
        }
        if !matches!(self.roles[i], Role::Entity(_)) {
            attributes.insert("ftm_schema".into(), vec![record.schema.to_string()]);
        }
        details.attributes = attributes;
        details.designations = self.designations.remove(&i).unwrap_or_default().into();
        entity.set_details(details);
        let at = record.at.clone();
        self.imported.entity(entity, at);
    }

    /// Makes the relations of an edge record: one for each source and target it names.
    fn edge(&mut self, i: usize) {
        let record = &self.records[i];
        let schema_name = record.schema.clone();
        let Some((edge, map)) = self.lookups.edge(&schema_name) else {
            return;
        };
        let kind = map.map_or(crate::model::RelationType::LinkedTo, |m| m.kind);
        let reversed = map.is_some_and(|m| m.reversed);
        let things_are_entities = map.is_some_and(|m| m.things_are_entities);
        let sources = record
            .properties
            .get(edge.source)
            .cloned()
            .unwrap_or_default();
        let targets = record
            .properties
            .get(edge.target)
            .cloned()
            .unwrap_or_default();
        // A contract award runs from the contract to its supplier; the relation runs from the
        // supplier to the contract's authority, the buyer.
        let (ends_from, ends_to, from_property, to_property) =
            if kind == crate::model::RelationType::ContractsWith {
                let authorities: Vec<String> = sources
                    .iter()
                    .filter_map(|c| self.by_id.get(c.as_str()))
                    .flat_map(|&c| {
                        self.records[c]
                            .properties
                            .get("authority")
                            .cloned()
                            .unwrap_or_default()
                    })
                    .collect();
                (
                    targets,
                    authorities,
                    edge.target,
                    "a contract with an authority",
                )
            } else {
                (sources, targets, edge.source, edge.target)
            };
        if ends_from.is_empty() || ends_to.is_empty() {
            self.imported.tally.skip(format!(
                "{schema_name} records without {from_property} or {to_property}"
            ));
            return;
        }
        let relation = self.relation_fields(i, kind, &[edge.source, edge.target]);
        let at = self.records[i].at.clone();
        let before = self.imported.relations.len();
        let pairs = ends_from.len().saturating_mul(ends_to.len());
        let every_pair = ends_from
            .iter()
            .flat_map(|from| ends_to.iter().map(move |to| (from, to)));
        for (from, to) in every_pair.take(MAX_PAIRS) {
            let ends = [
                self.end(i, from, things_are_entities, &at),
                self.end(i, to, things_are_entities, &at),
            ];
            let [Ok(a), Ok(b)] = ends else {
                let reason = ends.into_iter().find_map(Result::err).unwrap_or_default();
                self.imported.tally.skip(reason);
                continue;
            };
            let (a, b) = if reversed { (b, a) } else { (a, b) };
            if a == b {
                self.imported
                    .tally
                    .skip(format!("{schema_name} records from an entity to itself"));
                continue;
            }
            self.imported.relation(&a, &b, relation.clone(), at.clone());
        }
        let made = self.imported.relations.len() - before;
        let to_end = if kind == crate::model::RelationType::ContractsWith {
            "authority"
        } else {
            to_property
        };
        if pairs > MAX_PAIRS {
            let capped = self
                .capped
                .entry(schema_name.to_string())
                .or_insert(Capped {
                    ends: (from_property.to_string(), to_end.to_string()),
                    first: at.clone(),
                    left_out: 0,
                });
            capped.left_out += pairs - MAX_PAIRS;
        }
        if made > MANY_ENDS {
            let expanded = self.expanded.entry(schema_name.to_string()).or_default();
            expanded.ends = (from_property.to_string(), to_end.to_string());
            expanded.records += 1;
            expanded.relations += made;
            expanded.largest = expanded.largest.max(made);
        }
    }

    /// The local key of an edge's end, or why it cannot be one.
    fn end(
        &mut self,
        edge: usize,
        id: &str,
        things_are_entities: bool,
        at: &Location,
    ) -> Result<String, String> {
        let schema_name = &self.records[edge].schema;
        let Some(&t) = self.by_id.get(id) else {
            let key = Self::key(id);
            self.imported.placeholder(
                &key,
                "ftm",
                id,
                EntityKind::Company,
                Placeholder::Drop(format!(
                    "{schema_name} records naming an entity in no loaded file"
                )),
                at.clone(),
            );
            return Ok(key);
        };
        let key = Self::key(&self.records[t].id);
        match self.roles[t] {
            Role::Entity(_) if self.entities.contains(&t) => Ok(key),
            Role::Entity(_) => Err(format!(
                "{schema_name} records naming an entity without a name"
            )),
            Role::Thing if things_are_entities => {
                self.entities.insert(t);
                Ok(key)
            }
            Role::Edge | Role::Thing | Role::Unknown => {
                let other = &self.records[t].schema;
                let article = if other.starts_with(['A', 'E', 'I', 'O', 'U']) {
                    "an"
                } else {
                    "a"
                };
                Err(format!(
                    "{schema_name} records naming {article} {other} (not an entity here)"
                ))
            }
        }
    }

    /// The relation's fields from the edge's properties; properties that give none are
    /// counted in the report.
    fn relation_fields(
        &mut self,
        i: usize,
        kind: crate::model::RelationType,
        ends: &[&str],
    ) -> Relation {
        let record = &self.records[i];
        let mut relation = import::relation(kind);
        relation.details_mut().ftm_schema = Some(record.schema.to_string());
        let mut roles: Vec<String> = Vec::new();
        let mut notes: Vec<String> = Vec::new();
        let mut amount = None;
        let mut currency = None;
        let mut eur = None;
        let mut usd = None;
        let mut unread: Vec<String> = Vec::new();
        let mut bad_dates = 0;
        let mut bad_percentages = 0;
        let mut unreadable_amounts = 0;
        for (property, values) in record.properties.iter() {
            if ends.contains(&property) || property == "contract" || property == "authority" {
                continue;
            }
            let first = values.first().cloned().unwrap_or_default();
            let mut number = || {
                let number = first.trim().parse::<f64>().ok();
                if number.is_none() {
                    unreadable_amounts += 1;
                }
                number
            };
            let mut date = || {
                let date = import::date(&first);
                if date.is_none() {
                    bad_dates += 1;
                }
                date
            };
            match self.lookups.relation_field(&record.schema, property) {
                Some(RelationField::Date) => relation.date = date(),
                Some(RelationField::Start) => relation.start = date(),
                Some(RelationField::End) => relation.end = date(),
                Some(RelationField::Amount) => amount = number(),
                Some(RelationField::Currency) => currency = Some(first.clone()),
                Some(RelationField::AmountEur) => eur = number(),
                Some(RelationField::AmountUsd) => usd = number(),
                Some(RelationField::Percentage) => {
                    relation.details_mut().stake_pct =
                        values.iter().find_map(|v| import::percentage(v));
                    if relation.details().stake_pct.is_none() {
                        bad_percentages += 1;
                    }
                }
                Some(RelationField::Role) => roles.extend(values.iter().cloned()),
                Some(RelationField::Status) => match first.parse::<crate::model::Status>() {
                    Ok(status) => relation.status = status,
                    Err(_) => notes.extend(values.iter().cloned()),
                },
                Some(RelationField::Note) => notes.extend(values.iter().cloned()),
                None => unread.push(format!("{}.{property}", record.schema)),
            }
        }
        let stated = [amount, eur, usd].iter().any(Option::is_some);
        relation.details_mut().amount = amount
            .zip(currency)
            .and_then(|(v, c)| import::amount(v, &c))
            .or_else(|| eur.and_then(|v| import::amount(v, "EUR")))
            .or_else(|| usd.and_then(|v| import::amount(v, "USD")));
        if relation.details().amount.is_none() && (stated || unreadable_amounts > 0) {
            self.imported.tally.note(
                "amounts that are not numbers of a known currency, or are negative, left out",
            );
        }
        if bad_percentages > 0 {
            self.imported.tally.note_n(
                "percentages that are not numbers from 0 to 100, left out",
                bad_percentages,
            );
        }
        roles.dedup();
        notes.dedup();
        relation.details_mut().role = (!roles.is_empty()).then(|| roles.join("; "));
        relation.details_mut().note = (!notes.is_empty()).then(|| notes.join("; "));
        for property in unread {
            self.imported
                .tally
                .note(format!("{property} values not imported"));
        }
        if bad_dates > 0 {
            self.imported
                .tally
                .note_n("dates that are not ISO dates, left out", bad_dates);
        }
        import::check_period(&mut relation, &mut self.imported.tally);
        relation
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(lines: &[&str]) -> Imported {
        let mut reader = Box::new(FtmReader::new("t.ijson"));
        for (n, line) in lines.iter().enumerate() {
            let doc = Doc::line("t.ijson", line, n + 1);
            let raw = doc.root().unwrap();
            reader.record(&doc, raw);
            assert!(doc.into_problems().is_empty());
        }
        reader.finish()
    }

    #[test]
    fn an_ownership_becomes_owns_with_its_stake_and_an_address_an_attribute() {
        let imported = read(&[
            r#"{"id": "a", "schema": "Company", "properties": {"name": ["Acme"], "addressEntity": ["ad"], "jurisdiction": ["de"]}}"#,
            r#"{"id": "ad", "schema": "Address", "properties": {"full": ["1 Main St"]}}"#,
            r#"{"id": "p", "schema": "Person", "properties": {"name": ["Ann"]}}"#,
            r#"{"id": "o", "schema": "Ownership", "properties": {"owner": ["p"], "asset": ["a"], "percentage": ["51"], "startDate": ["2019-02-03"]}}"#,
        ]);
        assert_eq!(imported.entities.len(), 2);
        let acme = &imported.entities[0].0;
        assert_eq!(acme.kind, EntityKind::Company);
        assert_eq!(acme.details().country.as_deref(), Some("DE"));
        assert_eq!(
            acme.details().attributes["address"],
            vec!["1 Main St".to_string()]
        );
        let owns = &imported.relations[0];
        assert_eq!(owns.ids().unwrap(), ("ftm:p", "ftm:a"));
        assert_eq!(owns.relation.details().stake_pct, Some(51.0));
        assert_eq!(owns.relation.start.unwrap().to_string(), "2019-02-03");
        assert_eq!(
            owns.relation.details().ftm_schema.as_deref(),
            Some("Ownership")
        );
    }

    #[test]
    fn opensanctions_records_are_named_by_caption_and_found_by_referents() {
        let imported = read(&[
            r#"{"id": "NK-1", "caption": "Ivan Example", "schema": "Person", "properties": {"nationality": ["ru"], "topics": ["sanction"]}, "datasets": ["us_ofac_sdn"], "referents": ["ofac-1", "eu-7"], "first_seen": "2022-03-01T00:00:00", "last_seen": "2024-01-01T00:00:00", "target": true}"#,
            r#"{"id": "NK-2", "caption": "Example LLC", "schema": "Company", "properties": {"name": ["Example LLC"]}, "datasets": ["us_ofac_sdn"], "referents": []}"#,
            r#"{"id": "own-1", "schema": "Ownership", "properties": {"owner": ["ofac-1"], "asset": ["NK-2"]}}"#,
            r#"{"id": "san-1", "caption": "OFAC SDN", "schema": "Sanction", "properties": {"entity": ["NK-1"], "program": ["RUSSIA-EO14024"]}}"#,
        ]);
        let ivan = &imported.entities[0].0;
        assert_eq!(ivan.name, "Ivan Example");
        assert_eq!(ivan.kind, EntityKind::Person);
        assert_eq!(ivan.details().country.as_deref(), Some("RU"));
        assert_eq!(ivan.details().attributes["referents"], ["ofac-1", "eu-7"]);
        assert_eq!(ivan.details().attributes["datasets"], ["us_ofac_sdn"]);
        assert_eq!(
            ivan.details().attributes["first_seen"],
            ["2022-03-01T00:00:00"]
        );
        assert!(!ivan.details().attributes.contains_key("sanction"));
        assert_eq!(ivan.details().designations.len(), 1);
        assert_eq!(
            ivan.details().designations[0].program.as_deref(),
            Some("RUSSIA-EO14024")
        );
        assert_eq!(ivan.details().attributes["topics"], ["sanction"]);
        let owns = &imported.relations[0];
        assert_eq!(owns.ids().unwrap(), ("ftm:NK-1", "ftm:NK-2"));
        assert!(
            imported.placeholders.is_empty(),
            "the referent is the same person"
        );
    }

    #[test]
    fn a_sanction_record_is_a_designation_of_the_entity_it_lists() {
        let imported = read(&[
            r#"{"id": "co", "schema": "Company", "properties": {"name": ["Test Listed Co"]}}"#,
            r#"{"id": "san", "schema": "Sanction", "properties": {"entity": ["co"], "authority": ["Test Authority"], "program": ["Test Program"], "listingDate": ["2019-10-09"], "endDate": ["2021"], "reason": ["test reason"], "sourceUrl": ["https://example.invalid/list"]}, "datasets": ["test_list"]}"#,
            r#"{"id": "loose", "schema": "Sanction", "properties": {"entity": ["nobody"], "program": ["X"]}}"#,
        ]);
        let company = &imported.entities[0].0;
        let listing = &company.details().designations[0];
        assert_eq!(company.details().designations.len(), 1);
        assert_eq!(listing.authority.as_deref(), Some("Test Authority"));
        assert_eq!(listing.program.as_deref(), Some("Test Program"));
        assert_eq!(listing.list.as_deref(), Some("test_list"));
        assert_eq!(listing.start.unwrap().to_string(), "2019-10-09");
        assert_eq!(listing.end.unwrap().to_string(), "2021");
        assert_eq!(listing.reason.as_deref(), Some("test reason"));
        assert_eq!(
            listing.source_url.as_deref(),
            Some("https://example.invalid/list")
        );
        assert_eq!(listing.sources, imported.cite());
        assert!(
            company.details().attributes.is_empty(),
            "{:?}",
            company.details().attributes
        );
        assert_eq!(
            imported.tally.skipped.values().sum::<usize>(),
            1,
            "the sanction of no loaded entity is counted: {:?}",
            imported.tally.skipped
        );
    }

    #[test]
    fn the_caption_is_the_name_shown_and_every_other_name_an_alias() {
        let imported = read(&[
            r#"{"id": "NK-s", "caption": "Sberbank", "schema": "Company", "properties": {"name": ["ПАО Сбербанк", "Sberbank of Russia", "Sberbank"], "alias": ["SBER"]}}"#,
        ]);
        let bank = &imported.entities[0].0;
        assert_eq!(bank.name, "Sberbank");
        assert_eq!(
            bank.details().aliases,
            ["SBER", "ПАО Сбербанк", "Sberbank of Russia"]
        );
    }

    #[test]
    fn without_a_caption_the_latin_name_is_shown_not_the_first() {
        let imported = read(&[
            r#"{"id": "g", "schema": "Company", "properties": {"name": ["ПАО Газпром", "Gazprom", "Публичное акционерное общество Газпром"]}}"#,
        ]);
        let gazprom = &imported.entities[0].0;
        assert_eq!(gazprom.name, "Gazprom");
        assert_eq!(
            gazprom.details().aliases,
            ["ПАО Газпром", "Публичное акционерное общество Газпром"]
        );
    }

    #[test]
    fn employment_runs_from_employer_to_employee() {
        let imported = read(&[
            r#"{"id": "c", "schema": "Organization", "properties": {"name": ["Org"]}}"#,
            r#"{"id": "p", "schema": "Person", "properties": {"name": ["Ann"]}}"#,
            r#"{"id": "e", "schema": "Employment", "properties": {"employer": ["c"], "employee": ["p"], "role": ["clerk"]}}"#,
        ]);
        let r = &imported.relations[0];
        assert_eq!(r.ids().unwrap(), ("ftm:c", "ftm:p"));
        assert_eq!(r.relation.details().role.as_deref(), Some("clerk"));
    }

    #[test]
    fn unknown_schemata_and_unlinked_records_are_counted_not_dropped() {
        let imported = read(&[
            r#"{"id": "x", "schema": "Starship", "properties": {"name": ["Enterprise"]}}"#,
            r#"{"id": "s", "schema": "Sanction", "properties": {"program": ["X"]}}"#,
            r#"{"id": "pay", "schema": "Payment", "properties": {"payer": ["nobody"], "beneficiary": ["nobody-else"]}}"#,
        ]);
        assert_eq!(imported.tally.skipped.values().sum::<usize>(), 2);
        assert_eq!(
            imported.relations.len(),
            1,
            "kept until the load knows more"
        );
        assert_eq!(imported.placeholders.len(), 2);
    }
}
