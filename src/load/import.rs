//! What the readers of open data share: the [`Imported`] result of one file (entities under
//! keys local to the file, relations between those keys, the file as their source, and a
//! tally of what was skipped), and the clean-up of foreign values (names, countries, dates,
//! amounts) into what the native format accepts.

pub mod unread;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::OnceLock;

use serde_json::value::RawValue;

use super::json::Doc;
use super::native::{Dataset, RelationRecord};
use crate::date::PartialDate;
use crate::diagnostic::Location;
use crate::model::{
    Amount, Entity, EntityKind, Relation, RelationType, Source, SourceRef, Sources, Status,
};
use crate::names::fold;
pub use unread::{Scope, Unread};

/// A reader of one open-data format: it is handed the file's records one by one (the lines of
/// a JSON lines file, the items of a top-level array, or the one top-level object), records
/// every problem in the record's document, and finally says what the file adds.
pub trait Reader {
    /// Reads one record.
    fn record(&mut self, doc: &Doc<'_>, raw: &RawValue);
    /// What the file adds, once every record is read.
    fn finish(self: Box<Self>) -> Imported;
}

/// What to do with an entity that a file names only by an identifier (a Level 2 GLEIF record
/// names companies by LEI; an FtM edge may name an entity of another file) when no loaded
/// entity has that identifier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placeholder {
    /// Keep it, named by the identifier.
    Keep,
    /// Drop it and the relations that name it, counted under this reason.
    Drop(String),
}

/// One file of open data, read: entities under keys local to the file (the loader gives them
/// their ids once it knows what else is loaded), relations between those keys.
#[derive(Debug)]
pub struct Imported {
    /// The file as a source, which everything imported from it cites.
    pub source: Source,
    /// The entities under their local keys, each with where it was read.
    pub entities: Vec<(Entity, Location)>,
    /// The relations, between local keys.
    pub relations: Vec<RelationRecord>,
    /// Entities known only by an identifier, by local key.
    pub placeholders: HashMap<String, Placeholder>,
    /// What the file held that did not become entities or relations.
    pub tally: Tally,
    /// Where each local key is in `entities`.
    keys: HashMap<String, usize>,
    /// The file as its relations cite it: one list that every relation shares.
    cited: Sources,
}

impl Imported {
    /// An empty result citing `source`.
    pub fn new(source: Source) -> Self {
        let cited = Sources::from(vec![SourceRef {
            source: source.id.clone(),
            quote: None,
        }]);
        Imported {
            cited,
            source,
            entities: Vec::new(),
            relations: Vec::new(),
            placeholders: HashMap::new(),
            tally: Tally::default(),
            keys: HashMap::new(),
        }
    }

    /// A reference to this file as a source, for entities and relations to cite.
    pub fn cite(&self) -> Vec<SourceRef> {
        vec![SourceRef {
            source: self.source.id.clone(),
            quote: None,
        }]
    }

    /// Adds an entity under its local key (its `id` for now), citing the file. It replaces a
    /// placeholder of the same key; `false` when a real entity already has the key.
    pub fn entity(&mut self, mut entity: Entity, at: Location) -> bool {
        entity.details_mut().sources = self.cite();
        match self.keys.get(&entity.id) {
            Some(&i) if self.placeholders.remove(&entity.id).is_some() => {
                let placeholder = self.entities[i].0.details_mut();
                let identifiers = std::mem::take(&mut placeholder.identifiers);
                let ours = &mut entity.details_mut().identifiers;
                for (scheme, value) in identifiers {
                    ours.or_insert(scheme, value);
                }
                self.entities[i] = (entity, at);
                true
            }
            Some(_) => false,
            None => {
                self.keys.insert(entity.id.clone(), self.entities.len());
                self.entities.push((entity, at));
                true
            }
        }
    }

    /// Whether an entity (or placeholder) has this local key.
    pub fn has(&self, key: &str) -> bool {
        self.keys.contains_key(key)
    }

    /// Adds an entity known only by one identifier, unless the key is already used.
    pub fn placeholder(
        &mut self,
        key: &str,
        scheme: &str,
        value: &str,
        kind: EntityKind,
        what: Placeholder,
        at: Location,
    ) {
        if self.has(key) {
            return;
        }
        let mut entity = Entity::new(key, value, kind);
        entity
            .details_mut()
            .identifiers
            .insert(scheme.to_string(), value.to_string());
        self.entity(entity, at);
        self.placeholders.insert(key.to_string(), what);
    }

    /// Adds a relation between two local keys, citing the file.
    pub fn relation(&mut self, from: &str, to: &str, mut relation: Relation, at: Location) {
        relation.sources = self.cited.clone();
        self.relations.push(RelationRecord::named(
            (from.to_string(), at.clone()),
            (to.to_string(), at),
            relation,
        ));
    }

    /// Splits into the native dataset the cross-file checks read, and the rest.
    pub fn into_parts(self, file: &str) -> (Dataset, HashMap<String, Placeholder>, Tally) {
        let at = Location {
            file: file.into(),
            line: 1,
            column: 1,
        };
        let dataset = Dataset {
            sources: vec![(self.source, at)],
            entities: self.entities,
            relations: self.relations,
            source_uses: Vec::new(),
            refused_ids: Default::default(),
            refused_ends: Vec::new(),
        };
        (dataset, self.placeholders, self.tally)
    }
}

/// Counts of what a file held that did not become entities or relations, by reason.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    /// Records or relations left out, by reason.
    pub skipped: BTreeMap<String, usize>,
    /// What was kept in another shape, or only partly, by what it was.
    pub notes: BTreeMap<String, usize>,
}

impl Tally {
    /// Counts one record or relation left out for `reason`.
    pub fn skip(&mut self, reason: impl Into<String>) {
        self.skip_n(reason, 1);
    }

    /// Counts `n` records or relations left out for `reason`.
    pub fn skip_n(&mut self, reason: impl Into<String>, n: usize) {
        if n > 0 {
            *self.skipped.entry(reason.into()).or_insert(0) += n;
        }
    }

    /// Counts one thing kept in another shape or only partly, described by `what`.
    pub fn note(&mut self, what: impl Into<String>) {
        self.note_n(what, 1);
    }

    /// Counts `n` things kept in another shape or only partly, described by `what`.
    pub fn note_n(&mut self, what: impl Into<String>, n: usize) {
        if n > 0 {
            *self.notes.entry(what.into()).or_insert(0) += n;
        }
    }
}

/// Reads `null` as the type's default (open data often writes `null` for an empty list).
pub fn nullable<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de> + Default,
{
    use serde::Deserialize as _;
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// The items of an array, or the value itself when it is not one; each a slice of the
/// document's text, so that problems in it are located.
pub fn items(raw: &RawValue) -> Vec<&RawValue> {
    if raw.get().starts_with('[') {
        serde_json::from_str(raw.get()).unwrap_or_default()
    } else {
        vec![raw]
    }
}

/// A field of an object as a slice of the document's text, if the value is an object that
/// has it (and it is not `null`).
pub fn field<'a>(raw: &'a RawValue, key: &str) -> Option<&'a RawValue> {
    let map: HashMap<String, &'a RawValue> = serde_json::from_str(raw.get()).ok()?;
    map.get(key).copied().filter(|v| v.get() != "null")
}

/// The source that stands for an imported file: its id from the file name, its title saying
/// what it is.
pub fn file_source(file: &str, title: &str) -> Source {
    let path = Path::new(file);
    let stem = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| file.to_string());
    let stem = [".ndjson", ".jsonl", ".ijson", ".json"]
        .iter()
        .find_map(|ext| {
            stem.to_lowercase()
                .ends_with(ext)
                .then(|| stem[..stem.len() - ext.len()].to_string())
        })
        .unwrap_or_else(|| stem.clone());
    let name = path
        .file_name()
        .map_or_else(|| file.to_string(), |n| n.to_string_lossy().to_string());
    Source {
        id: slug(&stem, "import"),
        title: format!("{title}: {name}"),
        publisher: None,
        url: None,
        date: None,
        note: None,
    }
}

/// A slug of a name: folded, words joined by `-`, at most about 60 characters; `fallback`
/// when nothing is left.
pub fn slug(name: &str, fallback: &str) -> String {
    let mut slug = String::new();
    for word in fold(name).split(' ').filter(|w| !w.is_empty()) {
        if !slug.is_empty() && slug.len() + word.len() > 60 {
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(word);
    }
    if slug.is_empty() {
        fallback.to_string()
    } else {
        slug
    }
}

/// A name cleaned of surrounding and repeated white space; `None` when blank.
pub fn clean_name(text: &str) -> Option<String> {
    let cleaned = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!cleaned.is_empty()).then_some(cleaned)
}

/// Adds a name to an entity's aliases, cleaned, unless it is empty or folds like the name or an
/// alias the entity already has.
pub fn add_alias(entity: &mut crate::model::Entity, text: &str) {
    let Some(alias) = clean_name(text) else {
        return;
    };
    let folded = crate::names::fold(&alias);
    let known = std::iter::once(&entity.name)
        .chain(&entity.details().aliases)
        .any(|n| crate::names::fold(n) == folded);
    if !known {
        entity.details_mut().aliases.push(alias);
    }
}

/// An ISO 3166-1 alpha-2 code from a code in any case (`de`), a subdivision (`US-WA`) or an
/// English country name (`MÉXICO`); `None` when it is none of these.
pub fn country(text: &str) -> Option<String> {
    let text = text.trim();
    let code = match text.len() {
        2 => text.to_uppercase(),
        5.. if text.as_bytes()[2] == b'-' && text.is_char_boundary(2) => text[..2].to_uppercase(),
        _ => return country_by_name(text),
    };
    let known = code.chars().all(|c| c.is_ascii_uppercase())
        && code.parse::<iso_country::Country>().is_ok();
    if known {
        Some(code)
    } else {
        country_by_name(text)
    }
}

fn country_by_name(text: &str) -> Option<String> {
    static NAMES: OnceLock<HashMap<String, String>> = OnceLock::new();
    let names = NAMES.get_or_init(|| {
        let mut names = HashMap::new();
        for a in b'A'..=b'Z' {
            for b in b'A'..=b'Z' {
                let code = String::from_utf8_lossy(&[a, b]).to_string();
                if let Ok(country) = code.parse::<iso_country::Country>() {
                    names.insert(fold(country.name()), code);
                }
            }
        }
        names
    });
    names.get(&fold(text)).cloned()
}

/// A partial date from the start of an ISO date or timestamp (`2016-12-31T11:12:00Z`).
pub fn date(text: &str) -> Option<PartialDate> {
    let text = text.trim();
    [10, 7, 4]
        .iter()
        .filter(|&&n| text.len() >= n && text.is_char_boundary(n))
        .find_map(|&n| text[..n].parse().ok())
}

/// An amount the native format accepts: a finite value ≥ 0 and a known ISO 4217 currency.
pub fn amount(value: f64, currency: &str) -> Option<Amount> {
    let currency = currency.trim().to_uppercase();
    (value.is_finite() && value >= 0.0 && iso_currency::Currency::from_code(&currency).is_some())
        .then_some(Amount {
            value,
            currency,
            qualifier: crate::model::Qualifier::Exact,
        })
}

/// A percentage from 0 to 100 from text such as `50`, `50.5%` or `50,5`.
pub fn percentage(text: &str) -> Option<f64> {
    let cleaned = text.trim().trim_end_matches('%').trim().replace(',', ".");
    cleaned
        .parse::<f64>()
        .ok()
        .filter(|p| (0.0..=100.0).contains(p))
}

/// A relation of a type, confirmed unless the caller says otherwise.
pub fn relation(kind: RelationType) -> Relation {
    Relation::new(kind, Status::Confirmed)
}

/// Drops an `end` that falls before the `start`, which the native format refuses.
pub fn check_period(relation: &mut Relation, tally: &mut Tally) {
    if let (Some(start), Some(end)) = (&relation.start, &relation.end)
        && end.last_day() < start.first_day()
    {
        relation.end = None;
        tally.note("end dates before their start dropped");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countries_are_read_from_codes_subdivisions_and_names() {
        assert_eq!(country("de").as_deref(), Some("DE"));
        assert_eq!(country("US-WA").as_deref(), Some("US"));
        assert_eq!(country("MÉXICO").as_deref(), Some("MX"));
        assert_eq!(country("Finland").as_deref(), Some("FI"));
        assert_eq!(country(""), None);
        assert_eq!(country("zz"), None);
        assert_eq!(country("Atlantis"), None);
    }

    #[test]
    fn dates_keep_what_the_native_format_reads() {
        assert_eq!(
            date("2016-12-31T11:12:00Z").unwrap().to_string(),
            "2016-12-31"
        );
        assert_eq!(date("2011").unwrap().to_string(), "2011");
        assert_eq!(date("2019-05").unwrap().to_string(), "2019-05");
        assert_eq!(date("yesterday"), None);
    }

    #[test]
    fn file_sources_are_named_after_the_file() {
        let source = file_source("../data/ftm_de_party_donations.ijson", "FollowTheMoney");
        assert_eq!(source.id, "ftm-de-party-donations");
        assert_eq!(source.title, "FollowTheMoney: ftm_de_party_donations.ijson");
    }

    #[test]
    fn slugs_are_folded_words() {
        assert_eq!(slug("Secretaría de Marina", "x"), "secretaria-de-marina");
        assert_eq!(slug("!!!", "entity"), "entity");
    }

    #[test]
    fn amounts_and_percentages_outside_the_format_are_refused() {
        assert!(amount(10.0, "mxn").is_some());
        assert!(amount(-1.0, "EUR").is_none());
        assert!(amount(1.0, "XYZ").is_none());
        assert_eq!(percentage("76,5 %"), Some(76.5));
        assert_eq!(percentage("120"), None);
    }
}
