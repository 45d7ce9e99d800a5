//! The native dataset format (`graph-data/*.json`, described by `graph-data/dealgraph.schema.json`):
//! an object with `sources`, `entities` and `relations`, read with every problem located.
//!
//! The fields of each record are declared once ([`Record`]); most elements are read whole by
//! the fast reader, and the rest by the located reader here, which says where each problem is.

mod fast;
mod fields;

pub use fields::Record;

use std::sync::OnceLock;

use serde_json::value::RawValue;

use super::json::{Doc, Object};
use crate::date::PartialDate;
use crate::diagnostic::Location;
use crate::model::{
    Amount, Designation, Entity, EntityDetails, EntityFact, EntityKind, Qualifier, Relation,
    Source, SourceRef,
};

/// A relation as a file states it, with its ends.
#[derive(Debug, Clone, PartialEq)]
pub struct RelationRecord {
    /// The entities it joins.
    pub ends: Ends,
    /// The relation, without its ends.
    pub relation: Relation,
}

/// The ends of a relation as a file states them.
#[derive(Debug, Clone, PartialEq)]
pub enum Ends {
    /// Both ends are entities of the same file, by their place among its entities (the
    /// common case of a large file, which costs neither the ids nor their places).
    Local(u32, u32),
    /// Ends named by id, not yet resolved, with where each is written.
    Named(Box<NamedEnds>),
}

/// Ends named by id, with where each is written.
#[derive(Debug, Clone, PartialEq)]
pub struct NamedEnds {
    /// The id of the entity it starts from.
    pub from: String,
    /// The id of the entity it points to.
    pub to: String,
    /// Where `from` is written.
    pub from_at: Location,
    /// Where `to` is written.
    pub to_at: Location,
}

impl RelationRecord {
    /// A relation whose ends are named by id.
    pub fn named(
        (from, from_at): (String, Location),
        (to, to_at): (String, Location),
        relation: Relation,
    ) -> Self {
        RelationRecord {
            ends: Ends::Named(Box::new(NamedEnds {
                from,
                to,
                from_at,
                to_at,
            })),
            relation,
        }
    }

    /// The ids of its ends, when it names them.
    pub fn ids(&self) -> Option<(&str, &str)> {
        match &self.ends {
            Ends::Named(named) => Some((&named.from, &named.to)),
            Ends::Local(..) => None,
        }
    }
}

/// A use of a source id, to be checked against the sources once every file is read.
#[derive(Debug, Clone)]
pub struct SourceUse {
    /// The source id cited.
    pub id: String,
    /// Where it is cited.
    pub at: Location,
}

/// What one file holds, before it joins the graph.
#[derive(Debug, Default)]
pub struct Dataset {
    /// The sources, each with where it is stated.
    pub sources: Vec<(Source, Location)>,
    /// The entities, each with where it is stated.
    pub entities: Vec<(Entity, Location)>,
    /// The relations.
    pub relations: Vec<RelationRecord>,
    /// Citations of sources with their places, for the check that each cited source exists.
    pub source_uses: Vec<SourceUse>,
    /// The ids of entities refused for a problem of their own: a relation that names one is
    /// not reported again as naming no entity.
    pub refused_ids: std::collections::HashSet<String>,
    /// The ends of relations refused for a problem of their own (`"from"` or `"to"`, the id
    /// and where it is), still checked against the entities so that every problem is
    /// reported in one run.
    pub refused_ends: Vec<(&'static str, String, Location)>,
}

/// Whether a parsed JSON document looks like a native dataset.
pub fn looks_native(text: &str) -> bool {
    let head: String = text.chars().take(4096).collect();
    let trimmed = head.trim_start_matches('\u{feff}').trim_start();
    trimmed.starts_with('{')
        && [
            "\"entities\"",
            "\"relations\"",
            "\"sources\"",
            "\"$schema\"",
        ]
        .iter()
        .any(|key| head.contains(key))
        && !head.contains("\"statementId\"")
}

/// Reads a native dataset; problems are recorded in `doc`.
///
/// A dataset of the usual shape is read in one pass over its text, each run of entities and
/// relations read as the pass reaches it and let go once read. Any other (a key repeated,
/// relations before entities, a broken file) is read again whole, which finds every problem.
pub fn parse(doc: &Doc<'_>) -> Dataset {
    let before = doc.problem_count();
    let mut small = None;
    let streamed = read_elements(doc, |each| {
        small = doc.root_object_streamed(
            "the dataset",
            Record::Dataset.fields(),
            &["entities", "relations"],
            RUN,
            each,
        );
    });
    if let Some(top) = small {
        return with_sources(doc, &top, streamed);
    }
    drop(streamed);
    doc.forget_problems_from(before);
    let Some(top) = doc.root_object("the dataset", Record::Dataset.fields()) else {
        return Dataset::default();
    };
    // Reading the whole text (its lines, then its syntax) is done: let it go until each part
    // is read.
    crate::files::release(doc.src.text.as_bytes());
    let dataset = read_elements(doc, |each| {
        for key in ["entities", "relations"] {
            top.array_runs(key, RUN, |run| each(key, Some(run)));
            each(key, None);
        }
    });
    with_sources(doc, &top, dataset)
}

/// The dataset with the sources and the other small fields of its object read.
fn with_sources(doc: &Doc<'_>, top: &Object<'_, '_>, mut dataset: Dataset) -> Dataset {
    let _: Option<String> = top.optional("description");
    for raw in top.array("sources") {
        if let Some(source) = read_source(doc, raw) {
            dataset.sources.push(source);
        }
    }
    dataset
}

/// Reads the entities and relations that `elements` gives, a run at a time (`Some(run)` of
/// `"entities"` or `"relations"`, then `None` when that array ends), entities first.
///
/// Most elements are read whole by the fast reader, on every core, while the next run is
/// found; an element it sends back, or one citing a source not cited before it, is read in
/// order by the located reader (which records where a source is first cited), so that the
/// answer is the same as reading every element in order. The text of a run read is let go
/// (for a large file, mapped: `files::release`).
fn read_elements<'a>(
    doc: &Doc<'a>,
    elements: impl FnOnce(&mut dyn FnMut(&str, Option<&[&'a RawValue]>)),
) -> Dataset {
    let src = &doc.src;
    // The place of each entity id among the file's entities (the first, if one is repeated),
    // set once the entities are read, for the relations' ends.
    let local: OnceLock<fast::Places<'a>> = OnceLock::new();
    let read_entities = |run: &[&'a RawValue], slots: &mut [EntityRead<'a>]| {
        for (raw, slot) in run.iter().zip(slots) {
            *slot = (fast::entity(src, raw), fast::id_in(raw));
        }
    };
    let read_relations = |run: &[&'a RawValue], slots: &mut [Option<RelationRecord>]| {
        fast::relations(src, run, slots, local.get_or_init(fast::Places::default));
    };
    let mut taken = Taken {
        doc,
        dataset: Dataset::default(),
        cited: fast::Cited::default(),
        places: fast::Places::default(),
        place: 0,
        entities: 0,
        relations: 0,
    };
    std::thread::scope(|scope| {
        let mut entities = Runs::new(scope, &read_entities);
        let mut relations = Runs::new(scope, &read_relations);
        elements(&mut |key, run| match (key, run) {
            ("entities", Some(run)) => {
                if taken.entities == 0 {
                    let _ = taken.dataset.entities.try_reserve(at_most(doc, run));
                }
                entities.push(run, |run, read| taken.entities(run, read));
            }
            ("entities", None) => {
                entities.finish(|run, read| taken.entities(run, read));
                let _ = local.set(std::mem::take(&mut taken.places));
            }
            ("relations", Some(run)) => {
                if taken.relations == 0 {
                    let _ = taken.dataset.relations.try_reserve(at_most(doc, run));
                }
                relations.push(run, |run, read| taken.relations(run, read));
            }
            _ => relations.finish(|run, read| taken.relations(run, read)),
        });
    });
    taken.dataset
}

/// What the fast reader makes of an entity element: the entity and where it is, and its id.
type EntityRead<'a> = (Option<(Entity, Location)>, Option<&'a str>);

/// What the elements read so far make, taken in order.
struct Taken<'a, 'd> {
    doc: &'d Doc<'a>,
    dataset: Dataset,
    /// The source ids cited so far.
    cited: fast::Cited,
    /// The place of each entity id read so far.
    places: fast::Places<'a>,
    /// How many entities are kept so far.
    place: u32,
    /// How many entity elements, and relation elements, are taken so far.
    entities: usize,
    relations: usize,
}

impl<'a> Taken<'a, '_> {
    /// Takes a run of entity elements and what the fast reader made of them.
    fn entities(&mut self, run: &[&'a RawValue], read: &mut Vec<EntityRead<'a>>) {
        for (raw, (entity, id)) in run.iter().zip(read.iter_mut()) {
            if !entity
                .as_ref()
                .is_some_and(|(e, _)| fast::entity_cites_known(e, &self.cited))
            {
                let before = self.dataset.source_uses.len();
                *entity = read_entity(self.doc, raw, self.entities, &mut self.dataset.source_uses);
                self.note_cited(before);
            }
            match (entity.is_some(), *id) {
                (true, Some(id)) => self.places.note_first(id, self.place),
                (false, Some(id)) => {
                    self.dataset.refused_ids.insert(id.to_string());
                }
                _ => {}
            }
            self.place += u32::from(entity.is_some());
            self.entities += 1;
        }
        self.dataset
            .entities
            .extend(read.drain(..).filter_map(|(entity, _)| entity));
        let_go(self.doc, run);
    }

    /// Takes a run of relation elements and what the fast reader made of them.
    fn relations(&mut self, run: &[&'a RawValue], read: &mut Vec<Option<RelationRecord>>) {
        for (raw, relation) in run.iter().zip(read.iter_mut()) {
            let at = self.relations;
            self.relations += 1;
            if relation
                .as_ref()
                .is_some_and(|r| fast::relation_cites_known(r, &self.cited))
            {
                continue;
            }
            let before = self.dataset.source_uses.len();
            let mut ends = Vec::new();
            *relation = read_relation(self.doc, raw, at, &mut self.dataset.source_uses, &mut ends);
            if relation.is_none() {
                self.dataset.refused_ends.extend(ends);
            }
            self.note_cited(before);
        }
        self.dataset.relations.extend(read.drain(..).flatten());
        let_go(self.doc, run);
    }

    /// Notes the sources first cited by the uses recorded from `before` on.
    fn note_cited(&mut self, before: usize) {
        for used in &self.dataset.source_uses[before..] {
            if !self.cited.contains(&used.id) {
                self.cited.insert(used.id.clone());
            }
        }
    }
}

/// Elements read at a time: enough for both cores, few enough that their text is little.
const RUN: usize = 1 << 16;

/// How many elements an array can hold at most, from its first element on, by the length of
/// the text left (an element takes more than 32 bytes), to make room for them once: room
/// never written takes no memory.
fn at_most(doc: &Doc<'_>, run: &[&RawValue]) -> usize {
    run.first()
        .map_or(0, |first| (doc.src.text.len() - doc.offset(first)) / 32)
}

/// Lets go of the text of a run of elements read ([`crate::files::release`]).
fn let_go(doc: &Doc<'_>, run: &[&RawValue]) {
    if let (Some(first), Some(last)) = (run.first(), run.last()) {
        let (start, end) = (doc.offset(first), doc.offset(last) + last.get().len());
        crate::files::release(&doc.src.text.as_bytes()[start..end]);
    }
}

/// Elements fewer than this are read on one thread: starting threads would cost more.
const PARALLEL_FROM: usize = 1 << 14;

/// A run of elements and a slot for each.
type Run<'a, T> = (Vec<&'a RawValue>, Vec<T>);

/// The runs of one array, each read by `read` on every core while the next run is found, then
/// taken in order; the memory of a run taken is used again for a later one.
struct Runs<'scope, 'env, 'a, T, R> {
    scope: &'scope std::thread::Scope<'scope, 'env>,
    read: &'env R,
    /// The run being read, on other threads.
    reading: Option<std::thread::ScopedJoinHandle<'scope, Run<'a, T>>>,
    spare: Vec<Run<'a, T>>,
}

impl<'scope, 'env: 'scope, 'a: 'env, T, R> Runs<'scope, 'env, 'a, T, R>
where
    T: Default + Send + 'env,
    R: Fn(&[&'a RawValue], &mut [T]) + Sync,
{
    fn new(scope: &'scope std::thread::Scope<'scope, 'env>, read: &'env R) -> Self {
        Runs {
            scope,
            read,
            reading: None,
            spare: Vec::new(),
        }
    }

    /// Starts reading `run`, and has `take` take the run read before it.
    fn push(&mut self, run: &[&'a RawValue], take: impl FnOnce(&[&'a RawValue], &mut Vec<T>)) {
        let (mut elements, slots) = self.spare.pop().unwrap_or_default();
        elements.clear();
        elements.extend_from_slice(run);
        let read = self.read;
        if self.reading.is_none() && run.len() < PARALLEL_FROM {
            // A short array (its last run is the only one): read here, without other threads.
            let done = fill(read, (elements, slots));
            return self.take(done, take);
        }
        let next = self.scope.spawn(move || fill(read, (elements, slots)));
        if let Some(before) = self.reading.replace(next) {
            self.take(joined(before), take);
        }
    }

    /// Has `take` take the last run, once read.
    fn finish(&mut self, take: impl FnOnce(&[&'a RawValue], &mut Vec<T>)) {
        if let Some(last) = self.reading.take() {
            self.take(joined(last), take);
        }
    }

    fn take(
        &mut self,
        (elements, mut slots): Run<'a, T>,
        take: impl FnOnce(&[&'a RawValue], &mut Vec<T>),
    ) {
        take(&elements, &mut slots);
        slots.clear();
        self.spare.push((elements, slots));
    }
}

/// The run with a slot for each element, filled by `read` on every core.
fn fill<'a, T: Default + Send>(
    read: &(impl Fn(&[&'a RawValue], &mut [T]) + Sync),
    (elements, mut slots): Run<'a, T>,
) -> Run<'a, T> {
    // The slots are empty: new, or taken and cleared.
    slots.resize_with(elements.len(), T::default);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if threads < 2 || elements.len() < PARALLEL_FROM {
        read(&elements, &mut slots);
    } else {
        let run = elements.len().div_ceil(threads);
        std::thread::scope(|scope| {
            for (elements, slots) in elements.chunks(run).zip(slots.chunks_mut(run)) {
                scope.spawn(move || read(elements, slots));
            }
        });
    }
    (elements, slots)
}

/// What a thread made, or its panic carried on.
fn joined<T>(handle: std::thread::ScopedJoinHandle<'_, T>) -> T {
    handle
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// Runs `read` and keeps its value only if it recorded no problem.
fn clean<T>(doc: &Doc<'_>, read: impl FnOnce() -> Option<T>) -> Option<T> {
    let before = doc.problem_count();
    let value = read();
    if doc.problem_count() == before {
        value
    } else {
        None
    }
}

fn read_source(doc: &Doc<'_>, raw: &RawValue) -> Option<(Source, Location)> {
    clean(doc, || {
        let obj = doc.object(raw, "source", Record::Source.fields())?;
        let id = read_id(&obj, "id");
        let title = obj.text("title");
        let source = Source {
            id: id?,
            title: title?,
            publisher: obj.optional_text("publisher"),
            url: obj.optional_text("url"),
            date: obj.parsed("date"),
            note: obj.optional_text("note"),
        };
        Some((source, obj.location("id")))
    })
}

// The rules a dataset's values follow, each in one place: the located reader reports a broken
// rule with its place, and the fast reader hands an element that breaks one to the located reader.

/// Whether an id is a slug: not blank, no spaces or control characters.
fn is_slug(id: &str) -> bool {
    // Most ids are printable ASCII, which is a slug whole, byte by byte.
    (!id.is_empty() && id.bytes().all(|b| b.is_ascii_graphic()))
        || (!id.trim().is_empty() && !id.chars().any(|c| c.is_whitespace() || c.is_control()))
}

/// Why a country code is not one, if it is not.
fn country_problem(code: &str) -> Option<String> {
    if code.parse::<iso_country::Country>().is_ok() {
        return None;
    }
    let hint = if code.to_uppercase().parse::<iso_country::Country>().is_ok() {
        format!("write it in capitals: \"{}\"", code.to_uppercase())
    } else if code.eq_ignore_ascii_case("uk") {
        "the code for the United Kingdom is \"GB\"".to_string()
    } else {
        "use an ISO 3166-1 alpha-2 code such as \"CN\" or \"US\"".to_string()
    };
    Some(format!("unknown country code \"{code}\"; {hint}"))
}

/// Why a currency code is not one, if it is not.
fn currency_problem(code: &str) -> Option<String> {
    if iso_currency::Currency::from_code(code).is_some() {
        return None;
    }
    let hint = match iso_currency::Currency::from_code(&code.to_uppercase()) {
        Some(_) => format!("write it in capitals: \"{}\"", code.to_uppercase()),
        None => "use an ISO 4217 code such as \"USD\", \"EUR\" or \"CNY\"".to_string(),
    };
    Some(format!("unknown currency code \"{code}\"; {hint}"))
}

/// Whether a stake is a percentage.
fn is_percentage(pct: f64) -> bool {
    (0.0..=100.0).contains(&pct)
}

/// Whether a relation's end comes before its start.
fn ends_before_it_starts(start: Option<&PartialDate>, end: Option<&PartialDate>) -> bool {
    matches!((start, end), (Some(s), Some(e)) if e.last_day() < s.first_day())
}

fn read_id(obj: &Object<'_, '_>, key: &str) -> Option<String> {
    let id = obj.text(key)?;
    if !is_slug(&id) {
        obj.error(
            key,
            format!("\"{key}\" \"{id}\" contains spaces or control characters; ids are slugs such as \"softbank-vision-fund\""),
        );
        return None;
    }
    Some(id)
}

fn read_entity(
    doc: &Doc<'_>,
    raw: &RawValue,
    index: usize,
    uses: &mut Vec<SourceUse>,
) -> Option<(Entity, Location)> {
    clean(doc, || {
        let what = format!("entities[{index}]");
        let obj = doc.object(raw, &what, Record::Entity.fields())?;
        let id = read_id(&obj, "id");
        let name = obj.text("name");
        let kind: Option<EntityKind> = obj.required_parsed("kind");
        let country = obj
            .optional_text("country")
            .and_then(|c| check_country(&obj, c));
        // A missing or bad id, name or kind is reported, and the other fields are still
        // checked: the placeholders never leave, as `clean` drops an entity with a problem.
        let whole = id.is_some() && name.is_some() && kind.is_some();
        let mut entity = Entity::new(
            id.unwrap_or_default(),
            name.unwrap_or_default(),
            kind.unwrap_or(EntityKind::Organization),
        );
        entity.set_details(EntityDetails {
            aliases: strings(&obj, "aliases"),
            country,
            description: obj.optional_text("description"),
            founded: obj.parsed("founded"),
            state_owned: obj.optional("state_owned").unwrap_or(false),
            identifiers: obj.optional("identifiers").unwrap_or_default(),
            attributes: obj.optional("attributes").unwrap_or_default(),
            facts: obj
                .array("facts")
                .into_iter()
                .enumerate()
                .filter_map(|(i, raw)| read_fact(doc, raw, &format!("{what}.facts[{i}]"), uses))
                .collect(),
            designations: obj
                .array("designations")
                .into_iter()
                .enumerate()
                .filter_map(|(i, raw)| {
                    read_designation(doc, raw, &format!("{what}.designations[{i}]"), uses)
                })
                .collect(),
            sources: read_source_refs(&obj, uses),
        });
        whole.then(|| (entity, obj.location("id")))
    })
}

fn strings(obj: &Object<'_, '_>, key: &str) -> Vec<String> {
    let list: Vec<String> = obj.optional(key).unwrap_or_default();
    if list.iter().any(|s| s.trim().is_empty()) {
        obj.error(
            key,
            format!("\"{key}\" in {} holds an empty name", obj.what()),
        );
    }
    list
}

fn check_country(obj: &Object<'_, '_>, code: String) -> Option<String> {
    match country_problem(&code) {
        None => Some(code),
        Some(problem) => {
            obj.error("country", problem);
            None
        }
    }
}

fn read_fact(
    doc: &Doc<'_>,
    raw: &RawValue,
    what: &str,
    uses: &mut Vec<SourceUse>,
) -> Option<EntityFact> {
    let obj = doc.object(raw, what, Record::Fact.fields())?;
    let label = obj.text("label");
    let fact = EntityFact {
        label: label?,
        amount: read_amount(&obj, "amount"),
        date: obj.parsed("date"),
        note: obj.optional_text("note"),
        sources: read_source_refs(&obj, uses),
    };
    Some(fact)
}

fn read_designation(
    doc: &Doc<'_>,
    raw: &RawValue,
    what: &str,
    uses: &mut Vec<SourceUse>,
) -> Option<Designation> {
    let obj = doc.object(raw, what, Record::Designation.fields())?;
    let designation = Designation {
        authority: obj.optional_text("authority"),
        program: obj.optional_text("program"),
        list: obj.optional_text("list"),
        start: obj.parsed("start"),
        end: obj.parsed("end"),
        reason: obj.optional_text("reason"),
        source_url: obj.optional_text("source_url"),
        sources: read_source_refs(&obj, uses),
    };
    if designation.authority.is_none()
        && designation.program.is_none()
        && designation.list.is_none()
    {
        obj.error(
            "authority",
            format!("{what} names no \"authority\", \"program\" or \"list\"; say who lists the entity, e.g. \"authority\": \"US Department of Commerce\""),
        );
    }
    if ends_before_it_starts(designation.start.as_ref(), designation.end.as_ref())
        && let (Some(start), Some(end)) = (&designation.start, &designation.end)
    {
        obj.error("end", format!("\"end\" {end} is before \"start\" {start}"));
    }
    Some(designation)
}

/// Reads an amount field: `{ "value": 1.6e9, "currency": "USD", "qualifier": "over" }`.
pub fn read_amount(parent: &Object<'_, '_>, key: &str) -> Option<Amount> {
    let what = format!("\"{key}\" in {}", parent.what());
    let obj = parent.object(key, &what, Record::Amount.fields())?;
    let value = match obj.raw("value") {
        None => {
            obj.error("value", format!("{what} has no \"value\"; add it"));
            None
        }
        Some(raw) => {
            match serde_json::from_str::<f64>(raw.get()) {
                Ok(v) if v < 0.0 => {
                    obj.error(
                        "value",
                        format!(
                            "{what} is negative ({}); amounts are sizes, not debits",
                            crate::text::decimal(v)
                        ),
                    );
                    None
                }
                Ok(v) => Some(v),
                Err(_) => {
                    obj.error(
                    "value",
                    format!("{what} must have a number as \"value\" (for example 1600000000), not {}", raw.get()),
                );
                    None
                }
            }
        }
    };
    let currency = obj
        .text("currency")
        .and_then(|code| match currency_problem(&code) {
            None => Some(code),
            Some(problem) => {
                obj.error("currency", problem);
                None
            }
        });
    let qualifier = obj
        .parsed::<Qualifier>("qualifier")
        .unwrap_or(Qualifier::Exact);
    Some(Amount {
        value: value?,
        currency: currency?,
        qualifier,
    })
}

fn read_source_refs(obj: &Object<'_, '_>, uses: &mut Vec<SourceUse>) -> Vec<SourceRef> {
    let doc = obj.doc();
    let mut refs = Vec::new();
    for (i, raw) in obj.array("sources").into_iter().enumerate() {
        let what = format!("{}.sources[{i}]", obj.what());
        let Some(item) = doc.object(raw, &what, Record::SourceRef.fields()) else {
            continue;
        };
        let Some(source) = read_id(&item, "source") else {
            continue;
        };
        uses.push(SourceUse {
            id: source.clone(),
            at: item.location("source"),
        });
        refs.push(SourceRef {
            source,
            quote: item.optional_text("quote"),
        });
    }
    refs
}

fn read_relation(
    doc: &Doc<'_>,
    raw: &RawValue,
    index: usize,
    uses: &mut Vec<SourceUse>,
    ends: &mut Vec<(&'static str, String, Location)>,
) -> Option<RelationRecord> {
    clean(doc, || {
        let what = format!("relations[{index}]");
        let obj = doc.object(raw, &what, Record::Relation.fields())?;
        let from = read_id(&obj, "from");
        let to = read_id(&obj, "to");
        for (which, id) in [("from", &from), ("to", &to)] {
            if let Some(id) = id {
                ends.push((which, id.clone(), obj.location(which)));
            }
        }
        let kind = obj.required_parsed("type");
        let status = obj.required_parsed("status");
        // A bad type or status is reported, and the other fields are still checked: the
        // placeholders never leave, as `clean` drops a relation with a problem.
        let mut relation = Relation::new(
            kind.unwrap_or(crate::model::RelationType::LinkedTo),
            status.unwrap_or(crate::model::Status::Confirmed),
        );
        relation.details_mut().amount = read_amount(&obj, "amount");
        relation.date = obj.parsed("date");
        relation.start = obj.parsed("start");
        relation.end = obj.parsed("end");
        relation.details_mut().round = obj.optional_text("round");
        relation.details_mut().round_size = read_amount(&obj, "round_size");
        relation.details_mut().stake_pct = obj.optional::<f64>("stake_pct").and_then(|pct| {
            if is_percentage(pct) {
                Some(pct)
            } else {
                obj.error(
                    "stake_pct",
                    format!(
                        "\"stake_pct\" is {}; a stake is a percentage from 0 to 100",
                        crate::text::decimal(pct)
                    ),
                );
                None
            }
        });
        relation.details_mut().stake_range =
            obj.optional::<(f64, f64)>("stake_range")
                .and_then(|(low, high)| {
                    if is_percentage(low) && is_percentage(high) && low <= high {
                        Some((low, high))
                    } else {
                        obj.error(
                        "stake_range",
                        format!(
                            "\"stake_range\" is [{}, {}]; a range of stakes is [lowest, highest], \
                             percentages from 0 to 100",
                            crate::text::decimal(low),
                            crate::text::decimal(high)
                        ),
                    );
                        None
                    }
                });
        relation.details_mut().role = obj.optional_text("role");
        relation.details_mut().note = obj.optional_text("note");
        relation.details_mut().ftm_schema = obj.optional_text("ftm_schema");
        relation.sources = read_source_refs(&obj, uses).into();
        if obj.raw("sources").is_none() {
            obj.error(
                "sources",
                format!("{what} has no \"sources\"; every relation cites at least one source: \"sources\": [{{\"source\": \"SOURCE-ID\", \"quote\": \"...\"}}]"),
            );
        } else if obj.array("sources").is_empty() {
            obj.error(
                "sources",
                format!("{what} has an empty \"sources\" list; cite at least one source"),
            );
        }
        if let (Some(start), Some(end)) = (&relation.start, &relation.end)
            && ends_before_it_starts(Some(start), Some(end))
        {
            obj.error("end", format!("\"end\" {end} is before \"start\" {start}"));
        }
        let (from, to, _, _) = (from?, to?, kind?, status?);
        if from == to {
            obj.error("to", format!("{what} goes from \"{from}\" to itself"));
        }
        Some(RelationRecord::named(
            (from, obj.location("from")),
            (to, obj.location("to")),
            relation,
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slug_is_text_without_spaces_or_control_characters_in_ascii_or_not() {
        for id in ["a", "company/1", "x-1_2.3", "société", "北京", "~!"] {
            assert!(is_slug(id), "{id:?}");
        }
        for id in [
            "",
            " ",
            "a b",
            "a\tb",
            "a\u{7f}",
            "\u{a0}",
            "é\u{2003}é",
            "a\u{85}",
        ] {
            assert!(!is_slug(id), "{id:?}");
        }
    }

    /// Entities and relations enough to be read on every core in several runs, one element a
    /// line: relation `k` is on line `ENTITIES + 4 + k` and its note is `k`. The source
    /// `late` is cited first by relation `LATE`, near the end of the first run, and again by
    /// `LATE + 1000`, in the second; relation `BAD` has a status that does not exist.
    const ENTITIES: usize = RUN + 100;
    const RELATIONS: usize = 2 * RUN + 17;
    const LATE: usize = RUN - 500;
    const BAD: usize = 25_000;

    fn large_file() -> String {
        let mut text = String::from(
            "{\"sources\": [{\"id\": \"s\", \"title\": \"S\"}, {\"id\": \"late\", \"title\": \"L\"}],\n\
             \"entities\": [\n",
        );
        for e in 0..ENTITIES {
            let comma = if e + 1 < ENTITIES { "," } else { "" };
            text += &format!(
                "{{\"id\": \"e{e}\", \"name\": \"E {e}\", \"kind\": \"company\"}}{comma}\n"
            );
        }
        text += "], \"relations\": [\n";
        for k in 0..RELATIONS {
            let source = if k == LATE || k == LATE + 1000 {
                "late"
            } else {
                "s"
            };
            let status = if k == BAD { "rumoured" } else { "confirmed" };
            let comma = if k + 1 < RELATIONS { "," } else { "" };
            text += &format!(
                "{{\"from\": \"e{}\", \"to\": \"e{}\", \"type\": \"invests_in\", \"status\": \
                 \"{status}\", \"note\": \"{k}\", \"sources\": [{{\"source\": \"{source}\"}}]}}{comma}\n",
                k % ENTITIES,
                (k + 1) % ENTITIES
            );
        }
        text + "]}\n"
    }

    #[test]
    fn a_file_read_on_every_core_reads_as_one_read_in_order() {
        let text = large_file();
        read_as_one_read_in_order(&text);
        // Mapped, as a large file is, with each run's text let go once read.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("large.json");
        std::fs::write(&path, &text).unwrap();
        let mapped = crate::files::Mapped::open(&std::fs::File::open(&path).unwrap()).unwrap();
        read_as_one_read_in_order(std::str::from_utf8(mapped.bytes()).unwrap());
    }

    fn read_as_one_read_in_order(text: &str) {
        let doc = Doc::new("large.json", text);
        let dataset = parse(&doc);
        let problems = doc.into_problems();
        assert_eq!(problems.len(), 1, "{problems:?}");
        let line_of = |k: usize| ENTITIES + 4 + k;
        assert_eq!(
            problems[0].location.as_ref().map(|at| at.line),
            Some(line_of(BAD))
        );
        assert_eq!(dataset.entities.len(), ENTITIES);
        let notes: Vec<String> = dataset
            .relations
            .iter()
            .map(|r| r.relation.details().note.clone().unwrap_or_default())
            .collect();
        let expected: Vec<String> = (0..RELATIONS)
            .filter(|&k| k != BAD)
            .map(|k| k.to_string())
            .collect();
        assert_eq!(notes, expected, "every relation kept, in its order");
        let first_citations: Vec<(&str, usize)> = dataset
            .source_uses
            .iter()
            .map(|used| (used.id.as_str(), used.at.line))
            .collect();
        assert!(
            first_citations.contains(&("s", line_of(0)))
                && first_citations.contains(&("late", line_of(LATE)))
                && !first_citations
                    .iter()
                    .any(|&(_, line)| line == line_of(LATE + 1000)),
            "where each source is first cited, and only that: {first_citations:?}"
        );
        let local = dataset
            .relations
            .iter()
            .filter(|r| matches!(r.ends, Ends::Local(..)))
            .count();
        // The two relations citing a source first were read by the located reader, which
        // names their ends; the fast reader found every other's among the file's entities.
        assert_eq!(local, RELATIONS - 3);
    }
}
