//! The name indexes of a graph: every entity's folded id, name, aliases and identifiers for
//! exact look-up ([`NameIndex`], kept as entities are added), and its folded names and aliases
//! by trigram for the spelling-tolerant search of `find` ([`SearchIndex`], made when a search
//! first needs it, so that loading a registry does not pay for it).

use foldhash::{HashMap, HashMapExt};

use super::EntityIx;
use crate::model::Entity;
use crate::names::{TRIGRAMS, fold, score, trigrams, trigrams_containing};

/// One name or alias of an entity, folded for matching.
#[derive(Debug, Clone)]
struct NameEntry {
    entity: EntityIx,
    folded: String,
    /// How many distinct trigrams the folded name has.
    trigrams: u16,
}

/// A name of an entity that matched a search, with how well.
#[derive(Debug, Clone, PartialEq)]
pub struct NameHit<'i> {
    /// The entity the name belongs to.
    pub entity: EntityIx,
    /// How well it matched, from 0 (not at all) to 1 (the same); see [`crate::names::score`].
    pub score: f64,
    /// The folded name or alias that scored best for this entity.
    pub folded: &'i str,
}

/// The entities one key names: most keys name one, which needs no list of its own.
#[derive(Debug, Clone)]
enum Named {
    One(EntityIx),
    Many(Vec<EntityIx>),
}

impl Named {
    fn as_slice(&self) -> &[EntityIx] {
        match self {
            Named::One(ix) => std::slice::from_ref(ix),
            Named::Many(list) => list,
        }
    }

    /// Adds `ix` unless it is there. A `fresh` entity (one being indexed for the first time)
    /// can only be there as the last one added, so that a name shared by 100,000 entities
    /// costs one comparison an entity, not a scan of all those before it.
    fn add(&mut self, ix: EntityIx, fresh: bool) {
        match self {
            Named::One(one) if *one == ix => {}
            Named::One(one) => *self = Named::Many(vec![*one, ix]),
            Named::Many(list) => {
                let there = if fresh {
                    list.last() == Some(&ix)
                } else {
                    list.contains(&ix)
                };
                if !there {
                    list.push(ix);
                }
            }
        }
    }
}

/// Adds `ix` to what `key` names (`fresh` as [`Named::add`] takes it).
fn add_to(map: &mut HashMap<String, Named>, key: String, ix: EntityIx, fresh: bool) {
    // One look-up: most keys are new, and each look-up of a large map waits on memory.
    match map.entry(key) {
        std::collections::hash_map::Entry::Occupied(named) => named.into_mut().add(ix, fresh),
        std::collections::hash_map::Entry::Vacant(place) => {
            place.insert(Named::One(ix));
        }
    }
}

/// The folded ids, names, aliases and identifiers of a graph's entities, for exact look-up.
///
/// Kept in hash maps while entities are added; a graph read back from a snapshot has it as two
/// sorted [`KeyTable`]s instead, which cost nothing to build, and turns them into maps only if
/// entities are added to it.
#[derive(Debug, Clone, Default)]
pub struct NameIndex {
    /// Folded id, name and aliases → entities.
    exact: HashMap<String, Named>,
    /// Folded identifier values (a LEI, an FtM id, a register number) → entities.
    identifiers: HashMap<String, Named>,
    /// The same as sorted tables, in place of the maps (which are then empty).
    frozen: Option<std::sync::Arc<(KeyTable, KeyTable)>>,
}

/// Keys in sorted order, each with the entities it names: `text[key_ends[i - 1]..key_ends[i]]`
/// names `entities[entity_ends[i - 1]..entity_ends[i]]`. Found by bisection.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyTable {
    text: String,
    key_ends: Vec<u32>,
    entities: Vec<EntityIx>,
    entity_ends: Vec<u32>,
}

impl KeyTable {
    /// The table of a map, sorted by key. `None` when it would pass 4 GiB of keys.
    fn of(map: &HashMap<String, Named>) -> Option<KeyTable> {
        let mut keys: Vec<(&String, &Named)> = map.iter().collect();
        keys.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let mut table = KeyTable::default();
        for (key, named) in keys {
            table.text.push_str(key);
            table.key_ends.push(u32::try_from(table.text.len()).ok()?);
            table.entities.extend_from_slice(named.as_slice());
            table
                .entity_ends
                .push(u32::try_from(table.entities.len()).ok()?);
        }
        Some(table)
    }

    /// A table from its parts, as [`KeyTable::parts`] gave them; `None` unless the ends rise
    /// within the text and the entities, every key is whole text, keys are in order and every
    /// entity is below `entity_count`.
    pub fn from_parts(
        text: String,
        key_ends: Vec<u32>,
        entities: Vec<u32>,
        entity_ends: Vec<u32>,
        entity_count: usize,
    ) -> Option<KeyTable> {
        if key_ends.len() != entity_ends.len()
            || entities.iter().any(|&e| e as usize >= entity_count)
        {
            return None;
        }
        let mut start = 0;
        let mut previous: Option<&str> = None;
        for &end in &key_ends {
            let key = text.get(start..end as usize)?;
            if previous.is_some_and(|p| p >= key) {
                return None;
            }
            previous = Some(key);
            start = end as usize;
        }
        let mut start = 0;
        for &end in &entity_ends {
            if end < start || end as usize > entities.len() {
                return None;
            }
            start = end;
        }
        Some(KeyTable {
            text,
            key_ends,
            entities: entities
                .into_iter()
                .map(|e| EntityIx::new(e as usize))
                .collect(),
            entity_ends,
        })
    }

    /// Its parts: the keys' text, where each key ends, the entities, where each key's end.
    pub fn parts(&self) -> (&str, &[u32], Vec<u32>, &[u32]) {
        (
            &self.text,
            &self.key_ends,
            self.entities.iter().map(|e| e.index() as u32).collect(),
            &self.entity_ends,
        )
    }

    fn key(&self, i: usize) -> &str {
        let start = if i == 0 {
            0
        } else {
            self.key_ends[i - 1] as usize
        };
        &self.text[start..self.key_ends[i] as usize]
    }

    fn named(&self, i: usize) -> &[EntityIx] {
        let start = if i == 0 {
            0
        } else {
            self.entity_ends[i - 1] as usize
        };
        &self.entities[start..self.entity_ends[i] as usize]
    }

    /// The entities `key` names.
    fn get(&self, key: &str) -> &[EntityIx] {
        let (mut low, mut high) = (0, self.key_ends.len());
        while low < high {
            let mid = low + (high - low) / 2;
            match self.key(mid).cmp(key) {
                std::cmp::Ordering::Less => low = mid + 1,
                std::cmp::Ordering::Greater => high = mid,
                std::cmp::Ordering::Equal => return self.named(mid),
            }
        }
        &[]
    }

    /// Every key and what it names, into a map.
    fn thaw(&self) -> HashMap<String, Named> {
        let mut map = HashMap::with_capacity(self.key_ends.len());
        for i in 0..self.key_ends.len() {
            let named = match self.named(i) {
                [one] => Named::One(*one),
                many => Named::Many(many.to_vec()),
            };
            map.insert(self.key(i).to_string(), named);
        }
        map
    }
}

/// The folded names and aliases of a graph's entities, by trigram, for fuzzy search.
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    /// Folded names and aliases.
    names: Vec<NameEntry>,
    /// For each trigram code, the positions in `names` of the names that have it, in order:
    /// a search scores only the names that share enough of the query's trigrams.
    grams: Vec<Vec<u32>>,
    /// The positions in `names` of the names too short to have a trigram.
    short: Vec<u32>,
}

impl NameIndex {
    /// An empty index.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty index with room for the names of `count` entities (at least one each; more
    /// make room as they come, so that room is never made for keys that do not come).
    pub fn with_room_for(count: usize) -> Self {
        NameIndex {
            exact: HashMap::with_capacity(count),
            ..Self::default()
        }
    }

    /// The index as sorted tables of its names and of its identifiers (for a snapshot);
    /// `None` when they would pass 4 GiB of keys.
    pub fn tables(&self) -> Option<(KeyTable, KeyTable)> {
        match &self.frozen {
            Some(tables) => Some((tables.0.clone(), tables.1.clone())),
            None => Some((KeyTable::of(&self.exact)?, KeyTable::of(&self.identifiers)?)),
        }
    }

    /// An index of these tables of names and identifiers, as [`NameIndex::tables`] gave them.
    pub fn from_tables(names: KeyTable, identifiers: KeyTable) -> Self {
        NameIndex {
            frozen: Some(std::sync::Arc::new((names, identifiers))),
            ..NameIndex::default()
        }
    }

    /// Turns the tables read from a snapshot into maps, to add to them.
    fn thaw(&mut self) {
        if let Some(tables) = self.frozen.take() {
            self.exact = tables.0.thaw();
            self.identifiers = tables.1.thaw();
        }
    }

    /// Indexes a new entity: its folded id, name, aliases and identifiers.
    pub fn add_entity(&mut self, ix: EntityIx, entity: &Entity) {
        self.thaw();
        let names = entity.folded_names();
        let id_key = fold(&entity.id);
        let id_key =
            (!id_key.is_empty() && names.binary_search(&id_key).is_err()).then_some(id_key);
        for key in names.into_iter().chain(id_key) {
            add_to(&mut self.exact, key, ix, true);
        }
        self.index_identifiers(ix, entity, true);
    }

    /// Indexes the identifier values of an entity (those already indexed for it are skipped).
    pub fn add_identifiers(&mut self, ix: EntityIx, entity: &Entity) {
        self.index_identifiers(ix, entity, false);
    }

    /// [`NameIndex::add_identifiers`], for an entity indexed for the first time when `fresh`.
    fn index_identifiers(&mut self, ix: EntityIx, entity: &Entity, fresh: bool) {
        self.thaw();
        for value in entity.details().identifiers.values() {
            let key = fold(value);
            if key.is_empty() {
                continue;
            }
            add_to(&mut self.identifiers, key, ix, fresh);
        }
    }

    /// The entities with an identifier whose folded value is `folded`.
    pub fn by_identifier(&self, folded: &str) -> &[EntityIx] {
        if let Some(tables) = &self.frozen {
            return tables.1.get(folded);
        }
        self.identifiers.get(folded).map_or(&[], Named::as_slice)
    }

    /// Indexes a new alias of a known entity, given folded.
    pub fn add_alias(&mut self, ix: EntityIx, folded: String) {
        self.thaw();
        if !folded.is_empty() {
            add_to(&mut self.exact, folded, ix, false);
        }
    }

    /// The entities whose folded id, name or an alias is `folded` (see [`fold`]), in the order
    /// they were indexed.
    pub fn get(&self, folded: &str) -> &[EntityIx] {
        if let Some(tables) = &self.frozen {
            return tables.0.get(folded);
        }
        self.exact.get(folded).map_or(&[], Named::as_slice)
    }
}

impl SearchIndex {
    /// The search index of entities: each one's folded name and aliases, in order.
    pub fn of<'e>(entities: impl Iterator<Item = (EntityIx, &'e Entity)>) -> Self {
        let mut index = SearchIndex::default();
        for (ix, entity) in entities {
            for folded in entity.folded_names() {
                index.add_for_search(ix, folded);
            }
        }
        index
    }

    /// Adds a folded name or alias of an entity to the fuzzy-search index.
    fn add_for_search(&mut self, ix: EntityIx, folded: String) {
        if self.grams.is_empty() {
            self.grams = vec![Vec::new(); TRIGRAMS];
        }
        let at = self.names.len() as u32;
        let grams = trigrams(&folded);
        for &gram in &grams {
            self.grams[gram as usize].push(at);
        }
        if grams.is_empty() {
            self.short.push(at);
        }
        self.names.push(NameEntry {
            entity: ix,
            folded,
            trigrams: grams.len().min(u16::MAX as usize) as u16,
        });
    }

    /// Every indexed name and alias, folded, with its entity, in the order they were indexed.
    pub fn iter(&self) -> impl Iterator<Item = (EntityIx, &str)> + '_ {
        self.names.iter().map(|e| (e.entity, e.folded.as_str()))
    }

    /// The entities with a name or alias that matches the folded `query` (score above 0, see
    /// [`score`]), each once with its best-scoring name, in no particular order.
    ///
    /// Only the names that share with the query at least a third of the trigrams of the
    /// shorter of the two are scored (a name that contains the query shares them all); a query
    /// too short to have a trigram matches the names that contain it.
    pub fn search(&self, query: &str) -> Vec<NameHit<'_>> {
        let mut best: HashMap<EntityIx, (f64, usize)> = HashMap::new();
        for i in self.candidates(query) {
            let entry = &self.names[i];
            let s = score(query, &entry.folded);
            if s > 0.0 {
                let slot = best.entry(entry.entity).or_insert((s, i));
                if s > slot.0 {
                    *slot = (s, i);
                }
            }
        }
        best.into_iter()
            .map(|(entity, (score, i))| NameHit {
                entity,
                score,
                folded: &self.names[i].folded,
            })
            .collect()
    }

    /// The positions in `names`, in order, of the names worth scoring (see [`Self::search`]).
    fn candidates(&self, query: &str) -> Vec<usize> {
        if self.grams.is_empty() || query.is_empty() {
            return Vec::new();
        }
        let grams = trigrams(query);
        let short = grams.is_empty();
        let grams = if short {
            trigrams_containing(query)
        } else {
            grams
        };
        let mut shared = vec![0u16; self.names.len()];
        let mut touched = Vec::new();
        for &gram in &grams {
            for &at in &self.grams[gram as usize] {
                let count = &mut shared[at as usize];
                if *count == 0 {
                    touched.push(at as usize);
                }
                *count = count.saturating_add(1);
            }
        }
        let mut found: Vec<usize> = if short {
            touched.extend(self.short.iter().map(|&at| at as usize));
            touched
                .into_iter()
                .filter(|&at| self.names[at].folded.contains(query))
                .collect()
        } else {
            touched
                .into_iter()
                .filter(|&at| {
                    let fewer = grams.len().min(self.names[at].trigrams as usize);
                    shared[at] as usize * 3 >= fewer
                })
                .collect()
        };
        found.sort_unstable();
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::EntityKind;

    #[test]
    fn a_name_shared_by_a_hundred_thousand_entities_lists_each_once_in_order() {
        let mut index = NameIndex::new();
        for i in 0..100_000 {
            let mut entity = Entity::new(format!("e{i}"), "Acme Holdings", EntityKind::Company);
            entity.details_mut().aliases.push("ACME  holdings".into());
            index.add_entity(EntityIx::new(i), &entity);
        }
        // An alias given again to an entity indexed before is not listed twice.
        index.add_alias(EntityIx::new(7), fold("Acme Holdings"));
        let named = index.get(&fold("Acme Holdings"));
        assert_eq!(named.len(), 100_000);
        assert!(
            named
                .iter()
                .enumerate()
                .all(|(i, &ix)| ix == EntityIx::new(i))
        );
    }

    #[test]
    fn a_name_an_alias_and_an_id_each_find_their_entities() {
        let mut index = NameIndex::new();
        let mut acme = Entity::new("acme-gmbh", "ACME", EntityKind::Company);
        acme.details_mut().aliases.push("Acme Holding".into());
        index.add_entity(EntityIx::new(0), &acme);
        index.add_entity(
            EntityIx::new(1),
            &Entity::new("acme", "Acme", EntityKind::Fund),
        );
        index.add_alias(EntityIx::new(1), fold("Acme Fund I"));
        assert_eq!(index.get("acme"), [EntityIx::new(0), EntityIx::new(1)]);
        assert_eq!(index.get("acme gmbh"), [EntityIx::new(0)]);
        assert_eq!(index.get("acme fund i"), [EntityIx::new(1)]);
        assert_eq!(index.get("nothing"), []);
        let acme_fund = {
            let mut e = Entity::new("acme", "Acme", EntityKind::Fund);
            e.details_mut().aliases.push("Acme Fund I".into());
            e
        };
        let entities = [(EntityIx::new(0), &acme), (EntityIx::new(1), &acme_fund)];
        let search = SearchIndex::of(entities.into_iter());
        let hits = search.search("acme holdnig");
        let best = hits
            .iter()
            .max_by(|a, b| a.score.total_cmp(&b.score))
            .unwrap();
        assert_eq!(
            (best.entity, best.folded),
            (EntityIx::new(0), "acme holding")
        );
    }
}
