//! The fast reading of a dataset's entities and relations: one serde pass over each element,
//! strings borrowed where they can be, and the same rules as the located reader. An element
//! this reader does not take whole (any problem at all, or a source id first seen) goes to the
//! located reader, which says where each problem is; so the two always agree on what loads.

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::value::RawValue;

use super::{
    Ends, RelationRecord, country_problem, currency_problem, ends_before_it_starts, is_percentage,
    is_slug,
};
use crate::date::PartialDate;
use crate::diagnostic::{Location, SourceText};
use crate::model::{
    Amount, Entity, Relation, RelationDetails, RelationType, SourceRef, Sources, Status,
};

/// A relation element: its ends, then the fields of [`Relation`] (which has no ends: they are
/// the edge's). The test below holds the two to the same fields.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RelationIn<'a> {
    #[serde(borrow)]
    from: Cow<'a, str>,
    #[serde(borrow)]
    to: Cow<'a, str>,
    #[serde(rename = "type")]
    kind: RelationType,
    status: Status,
    #[serde(default)]
    amount: Option<Amount>,
    #[serde(default)]
    date: Option<PartialDate>,
    #[serde(default)]
    start: Option<PartialDate>,
    #[serde(default)]
    end: Option<PartialDate>,
    #[serde(default)]
    round: Option<String>,
    #[serde(default)]
    round_size: Option<Amount>,
    #[serde(default)]
    stake_pct: Option<f64>,
    #[serde(default)]
    stake_range: Option<(f64, f64)>,
    #[serde(default)]
    role: Option<String>,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    ftm_schema: Option<String>,
    #[serde(borrow)]
    sources: Vec<SourceRefIn<'a>>,
}

/// A relation's source reference as written, its texts borrowed from the file where they can
/// be: a relation's list is most often the same as the relation's before, so it is compared
/// with that one rather than made again.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SourceRefIn<'a> {
    #[serde(borrow)]
    source: Cow<'a, str>,
    #[serde(default, borrow)]
    quote: Option<Cow<'a, str>>,
}

impl SourceRefIn<'_> {
    /// Whether it says what `reference` says.
    fn is(&self, reference: &SourceRef) -> bool {
        *self.source == *reference.source && self.quote.as_deref() == reference.quote.as_deref()
    }
}

/// Source ids this file has cited so far: an element citing one for the first time goes to
/// the located reader, which records where, for the check that every cited source exists.
pub type Cited = foldhash::HashSet<String>;

/// The source lists relations share: a file's relations often all cite the same sources, so
/// the list of the relation before is reused when it is the same.
#[derive(Debug, Default)]
pub struct Shared {
    last: Sources,
}

impl Shared {
    /// The list, shared with the relation before when it is the same.
    fn sources(&mut self, list: &[SourceRefIn<'_>]) -> Sources {
        let same = list.len() == self.last.len()
            && list
                .iter()
                .zip(self.last.iter())
                .all(|(r, last)| r.is(last));
        if !same {
            let owned: Vec<SourceRef> = list
                .iter()
                .map(|r| SourceRef {
                    source: r.source.to_string(),
                    quote: r.quote.as_deref().map(str::to_string),
                })
                .collect();
            self.last = owned.into();
        }
        self.last.clone()
    }
}

/// The place of each entity id among a file's entities (the first, if one is repeated), to
/// find the ends of its relations. An id of up to [`SHORT_ID`] bytes (most are) is copied into
/// the table, so that a look-up compares it there, in the same cache line, rather than in the
/// file's text: a million entities' text is scattered, and let go once read.
#[derive(Default)]
pub struct Places<'a> {
    map: hashbrown::HashMap<IdKey<'a>, u32, foldhash::fast::RandomState>,
}

impl<'a> Places<'a> {
    /// Notes where `id` is, unless it was seen before.
    pub fn note_first(&mut self, id: &'a str, place: u32) {
        self.map.entry(IdKey::of(id)).or_insert(place);
    }

    /// Where `id` is among the file's entities.
    pub fn get(&self, id: &str) -> Option<u32> {
        self.map.get(&IdBytes(id.as_bytes())).copied()
    }
}

/// The longest id a [`Places`] table holds in itself.
const SHORT_ID: usize = 22;

/// An id as a key of [`Places`]: its bytes when short, else the text it is in.
#[derive(Clone, Copy)]
enum IdKey<'a> {
    Short(u8, [u8; SHORT_ID]),
    Long(&'a str),
}

impl<'a> IdKey<'a> {
    fn of(id: &'a str) -> IdKey<'a> {
        match id.len() {
            n @ 0..=SHORT_ID => {
                let mut bytes = [0; SHORT_ID];
                bytes[..n].copy_from_slice(id.as_bytes());
                IdKey::Short(n as u8, bytes)
            }
            _ => IdKey::Long(id),
        }
    }

    fn bytes(&self) -> &[u8] {
        match self {
            IdKey::Short(n, bytes) => &bytes[..*n as usize],
            IdKey::Long(id) => id.as_bytes(),
        }
    }
}

impl PartialEq for IdKey<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.bytes() == other.bytes()
    }
}

impl Eq for IdKey<'_> {}

impl std::hash::Hash for IdKey<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.bytes().hash(state);
    }
}

/// An id looked up in [`Places`]: hashed as an [`IdKey`] of the same bytes is.
#[derive(Hash)]
struct IdBytes<'q>(&'q [u8]);

impl hashbrown::Equivalent<IdKey<'_>> for IdBytes<'_> {
    fn equivalent(&self, key: &IdKey<'_>) -> bool {
        self.0 == key.bytes()
    }
}

/// Whether an optional text, when present, is not blank.
fn filled(text: &Option<String>) -> bool {
    text.as_ref().is_none_or(|t| !t.trim().is_empty())
}

/// Whether an amount, when present, follows the rules.
fn valid_amount(amount: &Option<Amount>) -> bool {
    amount
        .as_ref()
        .is_none_or(|a| a.value >= 0.0 && currency_problem(&a.currency).is_none())
}

/// Whether every source reference is well formed.
fn well_formed(refs: &[SourceRef]) -> bool {
    refs.iter().all(|r| is_slug(&r.source) && filled(&r.quote))
}

/// Whether every reference cites a source this file has cited before.
fn all_cited(refs: &[SourceRef], cited: &Cited) -> bool {
    refs.iter().all(|r| cited.contains(&r.source))
}

/// Whether an entity read by [`entity`] cites only sources cited before it: else the located
/// reader reads it, to record where a source is first cited.
pub fn entity_cites_known(entity: &Entity, cited: &Cited) -> bool {
    let details = entity.details();
    all_cited(&details.sources, cited)
        && details.facts.iter().all(|f| all_cited(&f.sources, cited))
        && details
            .designations
            .iter()
            .all(|d| all_cited(&d.sources, cited))
}

/// Whether a relation read by [`relation`] cites only sources cited before it: else the
/// located reader reads it, to record where a source is first cited.
pub fn relation_cites_known(record: &RelationRecord, cited: &Cited) -> bool {
    all_cited(&record.relation.sources, cited)
}

/// An entity read whole, with the place of its id; `None` sends it to the located reader, and
/// so does [`entity_cites_known`] when it is false.
pub fn entity(src: &SourceText<'_>, raw: &RawValue) -> Option<(Entity, Location)> {
    let entity: Entity = serde_json::from_str(raw.get()).ok()?;
    let details = entity.details();
    let texts_filled = !entity.name.trim().is_empty()
        && filled(&details.description)
        && details.aliases.iter().all(|a| !a.trim().is_empty());
    let facts_valid = details.facts.iter().all(|f| {
        !f.label.trim().is_empty()
            && filled(&f.note)
            && valid_amount(&f.amount)
            && well_formed(&f.sources)
    });
    let designations_valid = details.designations.iter().all(|d| {
        filled(&d.authority)
            && filled(&d.program)
            && filled(&d.list)
            && filled(&d.reason)
            && filled(&d.source_url)
            && (d.authority.is_some() || d.program.is_some() || d.list.is_some())
            && !ends_before_it_starts(d.start.as_ref(), d.end.as_ref())
            && well_formed(&d.sources)
    });
    if !is_slug(&entity.id)
        || !texts_filled
        || !facts_valid
        || !designations_valid
        || !well_formed(&details.sources)
        || details
            .country
            .as_deref()
            .is_some_and(|c| country_problem(c).is_some())
    {
        return None;
    }
    Some((entity, value_location(src, raw, "id")))
}

/// How many relations are read before their ends are looked up: the look-ups of a batch,
/// each waiting on memory (a million entities' ids do not fit in a cache), overlap.
const BATCH: usize = 256;

/// A run of relation elements read whole, each with the places of its ends, into `slots`;
/// `None` sends an element to the located reader, and so does [`relation_cites_known`] when
/// it is false. The ends of a batch of relations are looked up together, after the batch is
/// read.
pub fn relations<'a>(
    src: &SourceText<'_>,
    run: &[&'a RawValue],
    slots: &mut [Option<RelationRecord>],
    local: &Places<'_>,
) {
    let mut shared = Shared::default();
    let mut batch: Vec<Option<Unresolved<'a>>> = Vec::with_capacity(BATCH);
    let mut places: Vec<(Option<u32>, Option<u32>)> = Vec::with_capacity(BATCH);
    for (raws, slots) in run.chunks(BATCH).zip(slots.chunks_mut(BATCH)) {
        batch.clear();
        batch.extend(raws.iter().map(|raw| relation(raw, &mut shared)));
        places.clear();
        places.extend(batch.iter().map(|read| match read {
            Some(read) => (local.get(&read.from), local.get(&read.to)),
            None => (None, None),
        }));
        for ((raw, slot), (read, places)) in
            raws.iter().zip(slots).zip(batch.drain(..).zip(&places))
        {
            *slot = read.map(|read| read.resolved(src, raw, *places));
        }
    }
}

/// A relation read whole, with the ids of its ends as written.
struct Unresolved<'a> {
    relation: Relation,
    from: Cow<'a, str>,
    to: Cow<'a, str>,
}

impl Unresolved<'_> {
    /// The relation with its ends: places among the file's entities when both are there
    /// (`places`), else the ids with where each is written.
    fn resolved(
        self,
        src: &SourceText<'_>,
        raw: &RawValue,
        places: (Option<u32>, Option<u32>),
    ) -> RelationRecord {
        match places {
            (Some(from), Some(to)) => RelationRecord {
                ends: Ends::Local(from, to),
                relation: self.relation,
            },
            _ => RelationRecord::named(
                (self.from.into_owned(), value_location(src, raw, "from")),
                (self.to.into_owned(), value_location(src, raw, "to")),
                self.relation,
            ),
        }
    }
}

/// A relation element read whole, its ends not yet looked up; `None` when it breaks a rule.
fn relation<'a>(raw: &'a RawValue, shared: &mut Shared) -> Option<Unresolved<'a>> {
    let r: RelationIn<'a> = serde_json::from_str(raw.get()).ok()?;
    let texts_filled =
        filled(&r.round) && filled(&r.role) && filled(&r.note) && filled(&r.ftm_schema);
    if !is_slug(&r.from)
        || !is_slug(&r.to)
        || r.from == r.to
        || !texts_filled
        || r.sources.is_empty()
        || r.stake_pct.is_some_and(|pct| !is_percentage(pct))
        || r.stake_range
            .is_some_and(|(low, high)| !is_percentage(low) || !is_percentage(high) || low > high)
        || ends_before_it_starts(r.start.as_ref(), r.end.as_ref())
    {
        return None;
    }
    let sources_well_formed = r
        .sources
        .iter()
        .all(|s| is_slug(&s.source) && s.quote.as_deref().is_none_or(|q| !q.trim().is_empty()));
    if !valid_amount(&r.amount) || !valid_amount(&r.round_size) || !sources_well_formed {
        return None;
    }
    // Every field named, so that a field added to `Relation` is read here too.
    let mut relation = Relation::new(r.kind, r.status);
    relation.date = r.date;
    relation.start = r.start;
    relation.end = r.end;
    relation.sources = shared.sources(&r.sources);
    relation.set_details(RelationDetails {
        amount: r.amount,
        round: r.round,
        round_size: r.round_size,
        stake_pct: r.stake_pct,
        stake_range: r.stake_range,
        role: r.role,
        note: r.note,
        ftm_schema: r.ftm_schema,
    });
    Some(Unresolved {
        relation,
        from: r.from,
        to: r.to,
    })
}

/// An element's `id`, when it is a plain string borrowed from the text (without escapes).
pub fn id_in(raw: &RawValue) -> Option<&str> {
    #[derive(Deserialize)]
    struct Id<'a> {
        #[serde(borrow)]
        id: &'a str,
    }
    serde_json::from_str::<Id<'_>>(raw.get()).ok().map(|e| e.id)
}

/// Where the value of one of an object's own keys starts (the object's start when the key is
/// written with escapes, or absent).
fn value_location(src: &SourceText<'_>, raw: &RawValue, key: &str) -> Location {
    let element = raw.get();
    let offset = value_offset(element, key).unwrap_or(0);
    src.location(src.offset_of(element) + offset)
}

/// The byte offset, in the text of a JSON object, of the value of its key `key` (not of a key
/// of a nested value). Strings are skipped whole, so a key's name inside a string never counts.
pub fn value_offset(object: &str, key: &str) -> Option<usize> {
    let bytes = object.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                let end = i.min(bytes.len());
                i += 1;
                if depth == 1 {
                    let mut j = i;
                    while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                        j += 1;
                    }
                    if j < bytes.len() && bytes[j] == b':' && &object[start..end] == key {
                        j += 1;
                        while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                            j += 1;
                        }
                        return Some(j);
                    }
                }
                continue;
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_find_short_and_long_ids_and_keep_the_first_place_of_a_repeated_one() {
        let long = "x".repeat(SHORT_ID + 1);
        let longer = "x".repeat(SHORT_ID + 2);
        let exact = "y".repeat(SHORT_ID);
        let mut places = Places::default();
        for (place, id) in ["a", "company/1", &long, &exact, "a", &long]
            .into_iter()
            .enumerate()
        {
            places.note_first(id, place as u32);
        }
        assert_eq!(places.get("a"), Some(0));
        assert_eq!(places.get("company/1"), Some(1));
        assert_eq!(places.get(&long), Some(2));
        assert_eq!(places.get(&exact), Some(3));
        for absent in [
            "",
            "b",
            "company/",
            "company/10",
            &longer,
            &long[1..],
            &exact[1..],
        ] {
            assert_eq!(places.get(absent), None, "{absent}");
        }
    }

    #[test]
    fn finds_an_objects_own_keys_and_not_those_in_strings_or_nested_values() {
        let text = r#"{"note": "\"to\": no", "amount": {"to": 1}, "to" :  "megvii"}"#;
        let at = value_offset(text, "to").unwrap();
        assert!(text[at..].starts_with("\"megvii\""));
        assert_eq!(value_offset(text, "from"), None);
        assert!(text[value_offset(text, "note").unwrap()..].starts_with("\"\\\"to"));
    }
}

#[cfg(test)]
mod agreement {
    use super::super::{read_entity, read_relation};
    use super::*;
    use crate::load::json::Doc;

    /// Elements the fast reader may take: it must read them as the located reader does.
    const ELEMENTS: &[&str] = &[
        r#"{"id": "a", "name": "A", "kind": "company", "country": "CN", "aliases": ["Ä"], "founded": "2014-05",
            "facts": [{"label": "valuation", "amount": {"value": 4.5e9, "currency": "USD", "qualifier": "about"},
                       "sources": [{"source": "s", "quote": "q"}]}],
            "identifiers": {"lei": "X"}, "attributes": {"address": ["here"]}, "state_owned": true,
            "sources": [{"source": "s"}]}"#,
        r#"{"id": "b", "name": "B", "kind": "Company", "description": null}"#,
        r#"{"id": "c", "name": " ", "kind": "fund"}"#,
        r#"{"id": "d d", "name": "D", "kind": "fund"}"#,
        r#"{"id": "e", "name": "E", "kind": "fund", "country": "uk"}"#,
        r#"{"id": "f", "name": "F", "kind": "fund", "sources": [{"source": "unseen"}]}"#,
    ];
    const RELATIONS: &[&str] = &[
        r#"{"from": "a", "to": "b", "type": "invests_in", "status": "reported", "amount": {"value": 1, "currency": "EUR"},
            "date": "2018", "start": "2017", "end": "2019-02-28", "round": "A", "round_size": {"value": 2, "currency": "USD"},
            "stake_pct": 12.5, "role": "lead", "note": "n", "ftm_schema": "Ownership", "sources": [{"source": "s", "quote": "q"}]}"#,
        r#"{"from": "a", "to": "a", "type": "owns", "status": "confirmed", "sources": [{"source": "s"}]}"#,
        r#"{"from": "a", "to": "b", "type": "owns", "status": "confirmed", "sources": []}"#,
        r#"{"from": "a", "to": "b", "type": "owns", "status": "confirmed", "stake_pct": 101, "sources": [{"source": "s"}]}"#,
        r#"{"from": "a", "to": "b", "type": "owns", "status": "confirmed", "stake_range": [25, 50], "sources": [{"source": "s"}]}"#,
        r#"{"from": "a", "to": "b", "type": "owns", "status": "confirmed", "stake_range": [50, 25], "sources": [{"source": "s"}]}"#,
        r#"{"from": "a", "to": "b", "type": "owns", "status": "confirmed", "stake_range": [25, 101], "sources": [{"source": "s"}]}"#,
        r#"{"from": "a", "to": "b", "type": "owns", "status": "confirmed", "start": "2019", "end": "2018", "sources": [{"source": "s"}]}"#,
        r#"{"from": "a", "to": "b", "type": "owns", "status": "confirmed", "amount": {"value": -1, "currency": "USD"}, "sources": [{"source": "s"}]}"#,
        r#"{"from": "a", "to": "b", "type": "owns", "status": "confirmed", "amount": {"value": 1, "currency": "usd"}, "sources": [{"source": "s"}]}"#,
        r#"{"from": "a", "to": "b", "type": "owns", "status": "confirmed", "note": "", "sources": [{"source": "s"}]}"#,
        r#"{"from": "a", "to": "b", "type": "Owns", "status": "confirmed", "sources": [{"source": "s"}]}"#,
        r#"{"from": "a", "to": "b", "type": "owns", "status": "confirmed", "sources": [{"source": "s", "quote": " "}]}"#,
        r#"{"from": "a", "to": "b", "type": "owns", "status": "confirmed", "sources": [{"source": "s"}], "sources": [{"source": "s"}]}"#,
    ];

    #[test]
    fn a_relation_element_has_the_fields_of_a_relation_and_its_ends() {
        use crate::load::native::Record;
        let mut relation = Relation::new(RelationType::Owns, Status::Confirmed);
        let amount = Amount {
            value: 1.0,
            currency: "USD".into(),
            qualifier: crate::model::Qualifier::About,
        };
        let date = "2020".parse::<PartialDate>().ok();
        relation.details_mut().amount = Some(amount.clone());
        relation.details_mut().round_size = Some(amount);
        (relation.date, relation.start, relation.end) = (date, date, date);
        relation.details_mut().round = Some("A".into());
        relation.details_mut().stake_pct = Some(1.0);
        relation.details_mut().stake_range = Some((1.0, 2.0));
        relation.details_mut().role = Some("r".into());
        relation.details_mut().note = Some("n".into());
        relation.details_mut().ftm_schema = Some("Ownership".into());
        let written = serde_json::to_value(&relation).unwrap();
        let mut fields: Vec<&str> = written
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        fields.extend(["from", "to"]);
        fields.sort();
        let mut read = Record::Relation.fields().to_vec();
        read.sort();
        assert_eq!(
            fields, read,
            "every field of a relation is written and read"
        );
    }

    fn cited() -> Cited {
        ["s".to_string()].into_iter().collect()
    }

    #[test]
    fn the_fast_reader_takes_only_what_the_located_reader_takes_and_reads_it_alike() {
        let mut taken = 0;
        for text in ELEMENTS {
            let doc = Doc::new("t.json", text);
            let raw = doc.root().unwrap();
            let slow = read_entity(&doc, raw, 0, &mut Vec::new());
            let fast = entity(&doc.src, raw).filter(|(e, _)| entity_cites_known(e, &cited()));
            if let Some((entity, at)) = fast {
                taken += 1;
                assert_eq!(slow, Some((entity, at)), "{text}");
            }
        }
        for text in RELATIONS {
            let doc = Doc::new("t.json", text);
            let raw = doc.root().unwrap();
            let slow = read_relation(&doc, raw, 0, &mut Vec::new(), &mut Vec::new());
            let mut read = [None];
            relations(&doc.src, &[raw], &mut read, &Places::default());
            let [fast] = read;
            let fast = fast.filter(|r| relation_cites_known(r, &cited()));
            if let Some(fast) = fast {
                taken += 1;
                let slow = slow.unwrap_or_else(|| panic!("only the fast reader takes {text}"));
                assert_eq!(fast, slow, "{text}");
            }
        }
        assert_eq!(
            taken, 3,
            "the fast reader takes the three elements without a problem"
        );
    }
}
