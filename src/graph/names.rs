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

    fn add(&mut self, ix: EntityIx) {
        match self {
            Named::One(one) if *one == ix => {}
            Named::One(one) => *self = Named::Many(vec![*one, ix]),
            Named::Many(list) => {
                if !list.contains(&ix) {
                    list.push(ix);
                }
            }
        }
    }
}

/// Adds `ix` to what `key` names.
fn add_to(map: &mut HashMap<String, Named>, key: String, ix: EntityIx) {
    match map.get_mut(&key) {
        Some(named) => named.add(ix),
        None => {
            map.insert(key, Named::One(ix));
        }
    }
}

/// The folded ids, names, aliases and identifiers of a graph's entities, for exact look-up.
#[derive(Debug, Clone, Default)]
pub struct NameIndex {
    /// Folded id, name and aliases → entities.
    exact: HashMap<String, Named>,
    /// Folded identifier values (a LEI, an FtM id, a register number) → entities.
    identifiers: HashMap<String, Named>,
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

    /// Indexes a new entity: its folded id, name, aliases and identifiers.
    pub fn add_entity(&mut self, ix: EntityIx, entity: &Entity) {
        let names = entity.folded_names();
        let id_key = fold(&entity.id);
        let id_key =
            (!id_key.is_empty() && names.binary_search(&id_key).is_err()).then_some(id_key);
        for key in names.into_iter().chain(id_key) {
            add_to(&mut self.exact, key, ix);
        }
        self.add_identifiers(ix, entity);
    }

    /// Indexes the identifier values of an entity (those already indexed for it are skipped).
    pub fn add_identifiers(&mut self, ix: EntityIx, entity: &Entity) {
        for value in entity.identifiers.values() {
            let key = fold(value);
            if key.is_empty() {
                continue;
            }
            add_to(&mut self.identifiers, key, ix);
        }
    }

    /// The entities with an identifier whose folded value is `folded`.
    pub fn by_identifier(&self, folded: &str) -> &[EntityIx] {
        self.identifiers.get(folded).map_or(&[], Named::as_slice)
    }

    /// Indexes a new alias of a known entity, given folded.
    pub fn add_alias(&mut self, ix: EntityIx, folded: String) {
        if !folded.is_empty() {
            add_to(&mut self.exact, folded, ix);
        }
    }

    /// The entities whose folded id, name or an alias is `folded` (see [`fold`]), in the order
    /// they were indexed.
    pub fn get(&self, folded: &str) -> &[EntityIx] {
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
    fn a_name_an_alias_and_an_id_each_find_their_entities() {
        let mut index = NameIndex::new();
        let mut acme = Entity::new("acme-gmbh", "ACME", EntityKind::Company);
        acme.aliases.push("Acme Holding".into());
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
            e.aliases.push("Acme Fund I".into());
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
