//! Joining imported entities to the ones already known: an entity whose identifier (LEI, FtM
//! id, OCDS party id, a register's number) or exact normalised name matches an entity of the
//! graph or one read earlier in the same load becomes that entity; the others get ids of their
//! own, made from their names.
//!
//! Identifiers always join entities of the same load (the same LEI is the same company);
//! matching the graph and matching by name happen only when merging is on (`--no-merge`
//! turns it off).

use std::collections::BTreeMap;

use foldhash::{HashMap, HashMapExt, HashSet};

use super::Loaded;
use super::import::Placeholder;
use super::native::Ends;
use crate::graph::{EntityIx, Graph};
use crate::model::{Entity, EntityKind, SourceRef};
use crate::names::fold;

/// What an entity holds (folded names, attribute values, sources), remembered while many records
/// merge into it, so that each record costs what it adds, not what the entity has.
#[derive(Debug, Default)]
pub(crate) struct Absorbed {
    primed: bool,
    names: HashSet<String>,
    attributes: HashSet<(String, String)>,
    sources: HashSet<SourceRef>,
}

impl Absorbed {
    fn prime(&mut self, entity: &Entity) {
        if self.primed {
            return;
        }
        self.primed = true;
        let details = entity.details();
        self.names.extend(
            std::iter::once(&entity.name)
                .chain(&details.aliases)
                .map(|n| fold(n)),
        );
        for (name, values) in &details.attributes {
            self.attributes
                .extend(values.iter().map(|v| (name.clone(), v.clone())));
        }
        self.sources.extend(details.sources.iter().cloned());
    }

    /// Adds to `entity` what another record of the same entity knows: identifiers and sources,
    /// and unless `other` is known only by an identifier, its names as aliases, its attributes
    /// and the fields `entity` lacks. `self` is what `entity` holds, kept across the records
    /// that merge into it.
    pub(crate) fn absorb(
        &mut self,
        entity: &mut Entity,
        other: &Entity,
        other_is_placeholder: bool,
    ) {
        self.prime(entity);
        // Before the other's sources join the entity's, so that each side names its own.
        let found = if other_is_placeholder {
            Vec::new()
        } else {
            conflicts(entity, other)
        };
        // The entity's details are written only where the other adds something, so that a
        // bare entity stays bare.
        let theirs = other.details();
        for source in &theirs.sources {
            if self.sources.insert(source.clone()) {
                entity.details_mut().sources.push(source.clone());
            }
        }
        for (scheme, value) in &theirs.identifiers {
            if !entity.details().identifiers.contains_key(scheme) {
                entity
                    .details_mut()
                    .identifiers
                    .insert(scheme.clone(), value.clone());
            }
        }
        let new: Vec<_> = theirs
            .designations
            .iter()
            .filter(|d| !entity.details().designations.contains(d))
            .cloned()
            .collect();
        if !new.is_empty() {
            let ours = entity.details_mut();
            let mut all = std::mem::take(&mut ours.designations).into_vec();
            all.extend(new);
            ours.designations = all.into();
        }
        if other_is_placeholder {
            return;
        }
        for (name, values) in &theirs.attributes {
            for value in values {
                if self.attributes.insert((name.clone(), value.clone())) {
                    entity
                        .details_mut()
                        .attributes
                        .entry(name.clone())
                        .or_default()
                        .push(value.clone());
                }
            }
        }
        for name in std::iter::once(&other.name).chain(&theirs.aliases) {
            let folded = fold(name);
            if !folded.is_empty() && self.names.insert(folded) {
                entity.details_mut().aliases.push(name.clone());
            }
        }
        for conflict in found {
            let list = entity
                .details_mut()
                .attributes
                .entry(CONFLICT.to_string())
                .or_default();
            if !list.contains(&conflict) {
                list.push(conflict);
            }
        }
        let ours = entity.details();
        let gains = (ours.country.is_none() && theirs.country.is_some())
            || (ours.description.is_none() && theirs.description.is_some())
            || (ours.founded.is_none() && theirs.founded.is_some())
            || (!ours.state_owned && theirs.state_owned);
        if gains {
            let ours = entity.details_mut();
            ours.country = ours.country.take().or_else(|| theirs.country.clone());
            ours.description = ours
                .description
                .take()
                .or_else(|| theirs.description.clone());
            ours.founded = ours.founded.or(theirs.founded);
            ours.state_owned |= theirs.state_owned;
        }
    }
}

/// The attribute under which an entity keeps what merged records state differently.
pub(crate) const CONFLICT: &str = "conflict";

/// Who states an entity's fields: the ids of its sources, or "no source".
fn said_by(entity: &Entity) -> String {
    let mut ids: Vec<&str> = entity
        .details()
        .sources
        .iter()
        .map(|s| s.source.as_str())
        .collect();
    ids.dedup();
    match ids.len() {
        0 => "no source".to_string(),
        1..=2 => ids.join(", "),
        n => format!("{}, {} and {} more", ids[0], ids[1], n - 2),
    }
}

/// The fields (country, founding date) that `entity` and `other`, a record merged into it, both
/// state with different values, each with what each says and which sources say it
/// (`country CN (notes) against HK (t.json)`): merging keeps the entity's, and the card and the
/// load report say what the other said.
pub(crate) fn conflicts(entity: &Entity, other: &Entity) -> Vec<String> {
    let mut found = Vec::new();
    let mut differ = |field: &str, ours: Option<String>, theirs: Option<String>| {
        if let (Some(ours), Some(theirs)) = (ours, theirs)
            && ours != theirs
        {
            found.push(format!(
                "{field} {ours} ({}) against {theirs} ({})",
                said_by(entity),
                said_by(other)
            ));
        }
    };
    let (ours, theirs) = (entity.details(), other.details());
    differ("country", ours.country.clone(), theirs.country.clone());
    differ(
        "founded",
        ours.founded.map(|d| d.to_string()),
        theirs.founded.map(|d| d.to_string()),
    );
    found
}

/// Where a matched entity is: in the graph, or the `i`th entity of the `d`th dataset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Target {
    Graph(EntityIx),
    Staged(usize, usize),
}

/// What a local key of an imported file became.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Resolved {
    To(Target),
    Dropped,
}

/// The keys entities are matched by.
#[derive(Default)]
struct Index {
    keys: HashMap<(String, String), Target>,
    names: HashMap<String, Vec<Target>>,
}

impl Index {
    fn add_keys(&mut self, entity: &Entity, target: Target) {
        for key in keys(entity) {
            self.keys.entry(key).or_insert(target);
        }
    }

    fn add_names(&mut self, entity: &Entity, target: Target) {
        for name in entity.folded_names() {
            // A name joins entities only when one entity has it: two are as many as a
            // thousand, and keeping no more keeps a common name cheap.
            // Room for one: most names are one entity's.
            let list = self
                .names
                .entry(name)
                .or_insert_with(|| Vec::with_capacity(1));
            if list.len() < 2 && !list.contains(&target) {
                list.push(target);
            }
        }
    }
}

/// The identifiers an entity is matched by: each `(scheme, value)`, with FtM referents (the
/// ids of records merged into an OpenSanctions entity) counted as FtM ids.
fn keys(entity: &Entity) -> Vec<(String, String)> {
    let details = entity.details();
    let mut keys: Vec<(String, String)> = details
        .identifiers
        .iter()
        .map(|(scheme, value)| (scheme.to_lowercase(), value.trim().to_string()))
        .filter(|(_, value)| !value.is_empty())
        .collect();
    if let Some(referents) = details.attributes.get("referents") {
        keys.extend(referents.iter().map(|r| ("ftm".to_string(), r.clone())));
    }
    keys
}

/// Whether a name match may join two entities of these kinds: people only with people,
/// products only with products, the kinds of organisations with one another.
fn compatible(a: EntityKind, b: EntityKind) -> bool {
    use EntityKind::*;
    match (a, b) {
        (Person, Person) | (Product, Product) => true,
        (Person | Product, _) | (_, Person | Product) => false,
        _ => true,
    }
}

/// The identifiers that two entities both have with different values.
fn conflicting(a: &Entity, b: &Entity) -> bool {
    let theirs = &b.details().identifiers;
    a.details()
        .identifiers
        .iter()
        .any(|(scheme, value)| theirs.get(scheme).is_some_and(|v| v != value))
}

/// What an entity of the graph gains: the node, the record that matched it, and whether that
/// record knew it only by an identifier.
pub type Enrichment = (EntityIx, Entity, bool);

/// Resolves the imported datasets among `loaded` against the graph and one another: gives
/// every new entity its id, points every relation at the entities it names, and removes the
/// entities that merged. Returns what the graph's own entities gain.
pub fn resolve(graph: &Graph, loaded: &mut [Loaded], merge: bool) -> Vec<Enrichment> {
    let mut index = Index::default();
    let mut taken = Ids {
        taken: graph.entities().map(|(_, e)| e.id.clone()).collect(),
        next: HashMap::new(),
    };
    if merge {
        for (ix, entity) in graph.entities() {
            index.add_keys(entity, Target::Graph(ix));
            index.add_names(entity, Target::Graph(ix));
        }
    }
    for (d, file) in loaded.iter().enumerate() {
        if file.import.is_some() {
            continue;
        }
        for (i, (entity, _)) in file.dataset.entities.iter().enumerate() {
            taken.taken.insert(entity.id.clone());
            index.add_keys(entity, Target::Staged(d, i));
            if merge {
                index.add_names(entity, Target::Staged(d, i));
            }
        }
    }
    let mut enrich: Vec<Enrichment> = Vec::new();
    // What each staged entity holds, while records merge into it.
    let mut absorbed: HashMap<(usize, usize), Absorbed> = HashMap::new();
    let mut resolved: Vec<HashMap<String, Resolved>> = vec![HashMap::new(); loaded.len()];
    // Entities with names first, so that an entity named only by an identifier finds them
    // wherever they are in the load.
    for placeholders_pass in [false, true] {
        for d in 0..loaded.len() {
            let Some(import) = &loaded[d].import else {
                continue;
            };
            let placeholders = import.placeholders.clone();
            for i in 0..loaded[d].dataset.entities.len() {
                let slot = &mut loaded[d].dataset.entities[i].0;
                let placeholder = placeholders.get(&slot.id);
                if placeholder.is_some() != placeholders_pass {
                    continue;
                }
                // Taken out while it is matched (an empty entity, which allocates nothing,
                // holds its place): it moves into what it merges with, or back if it stays.
                let blank = Entity::new(String::new(), String::new(), slot.kind);
                let mut entity = std::mem::replace(slot, blank);
                let local = entity.id.clone();
                let found = find(
                    graph,
                    loaded,
                    &index,
                    &entity,
                    merge && placeholder.is_none(),
                );
                let outcome = match (found, placeholder) {
                    (Some((target, how)), _) => {
                        if placeholder.is_none() {
                            let known = match target {
                                Target::Graph(ix) => graph.entity(ix),
                                Target::Staged(td, ti) => &loaded[td].dataset.entities[ti].0,
                            };
                            let found = conflicts(known, &entity);
                            if !found.is_empty()
                                && let Some(import) = loaded[d].import.as_mut()
                            {
                                let name = known.name.clone();
                                import
                                    .conflicts
                                    .extend(found.into_iter().map(|c| format!("{name}: {c}")));
                            }
                        }
                        match target {
                            Target::Graph(ix) => enrich.push((ix, entity, placeholder.is_some())),
                            Target::Staged(td, ti) => absorbed.entry((td, ti)).or_default().absorb(
                                &mut loaded[td].dataset.entities[ti].0,
                                &entity,
                                placeholder.is_some(),
                            ),
                        }
                        if let Some(import) = loaded[d].import.as_mut() {
                            *import.merged.entry(how).or_insert(0) += 1;
                        }
                        Resolved::To(target)
                    }
                    (None, Some(Placeholder::Drop(_))) => Resolved::Dropped,
                    (None, _) => {
                        entity.id = taken.fresh(&entity);
                        let target = Target::Staged(d, i);
                        index.add_keys(&entity, target);
                        if merge && placeholder.is_none() {
                            index.add_names(&entity, target);
                        }
                        if placeholder.is_some()
                            && let Some(import) = loaded[d].import.as_mut()
                            && let Some(scheme) = entity.details().identifiers.keys().next()
                        {
                            import.tally.note(format!(
                                "entities known only by their {scheme} (load their records to name them)"
                            ));
                        }
                        loaded[d].dataset.entities[i].0 = entity;
                        Resolved::To(target)
                    }
                };
                resolved[d].insert(local, outcome);
            }
        }
    }
    rewrite(graph, loaded, &resolved);
    enrich
}

/// The entity that `entity` is, if one is known: by identifier, else (when `by_name`) by its
/// exact normalised name when exactly one entity of a compatible kind has it and no
/// identifier contradicts.
fn find(
    graph: &Graph,
    loaded: &[Loaded],
    index: &Index,
    entity: &Entity,
    by_name: bool,
) -> Option<(Target, String)> {
    for (scheme, value) in keys(entity) {
        if let Some(&target) = index.keys.get(&(scheme.clone(), value)) {
            return Some((target, scheme));
        }
    }
    if !by_name {
        return None;
    }
    let candidates = index.names.get(&fold(&entity.name))?;
    let [target] = candidates.as_slice() else {
        return None;
    };
    let other = match *target {
        Target::Graph(ix) => graph.entity(ix),
        Target::Staged(d, i) => &loaded[d].dataset.entities[i].0,
    };
    (compatible(entity.kind, other.kind) && !conflicting(entity, other))
        .then(|| (*target, "name".to_string()))
}

/// The entity ids in use, and for each slug of a name the number its next id tries.
struct Ids {
    taken: HashSet<String>,
    next: HashMap<String, usize>,
}

impl Ids {
    /// An id made from the entity's name that no loaded entity has: the name's slug, else the
    /// slug and the first free number from 2 (counted on from the last, so that many
    /// entities of one name take time in proportion to their number).
    fn fresh(&mut self, entity: &Entity) -> String {
        let base = super::import::slug(&entity.name, "entity");
        let tried = self.next.get(&base).copied();
        let mut id = base.clone();
        let mut n = tried.unwrap_or(2);
        if tried.is_some() || self.taken.contains(&id) {
            loop {
                id = format!("{base}-{n}");
                n += 1;
                if !self.taken.contains(&id) {
                    break;
                }
            }
        }
        self.next.insert(base, n);
        self.taken.insert(id.clone());
        id
    }
}

/// Points the relations of the imported datasets at their entities' final ids, leaves out
/// those that name a dropped entity or join an entity to itself, and removes the entities
/// that merged or were dropped.
fn rewrite(graph: &Graph, loaded: &mut [Loaded], resolved: &[HashMap<String, Resolved>]) {
    let final_id = |loaded: &[Loaded], target: Target| -> String {
        match target {
            Target::Graph(ix) => graph.entity(ix).id.clone(),
            Target::Staged(d, i) => loaded[d].dataset.entities[i].0.id.clone(),
        }
    };
    // The entities that stayed are those something resolved to.
    let mut stays: Vec<Vec<bool>> = loaded
        .iter()
        .map(|file| vec![false; file.dataset.entities.len()])
        .collect();
    for r in resolved.iter().flat_map(|map| map.values()) {
        if let Resolved::To(Target::Staged(d, i)) = *r {
            stays[d][i] = true;
        }
    }
    // Every file's relations first: an end may be an entity of another file, found by its
    // place among that file's entities before they are removed.
    for d in 0..loaded.len() {
        if loaded[d].import.is_none() {
            continue;
        }
        let relations = std::mem::take(&mut loaded[d].dataset.relations);
        let mut kept = Vec::with_capacity(relations.len());
        let mut skipped: BTreeMap<String, usize> = BTreeMap::new();
        for mut record in relations {
            // An imported file names its ends by its own keys.
            let Ends::Named(named) = &mut record.ends else {
                kept.push(record);
                continue;
            };
            let target = |key: &str| match resolved[d].get(key) {
                Some(Resolved::To(target)) => Some(*target),
                _ => None,
            };
            match (target(&named.from), target(&named.to)) {
                (Some(from), Some(to)) if from == to => {
                    *skipped
                        .entry("relations that join an entity to itself once merged".into())
                        .or_insert(0) += 1;
                }
                (Some(from), Some(to)) => {
                    named.from = final_id(loaded, from);
                    named.to = final_id(loaded, to);
                    kept.push(record);
                }
                _ => {
                    let placeholders = loaded[d].import.as_ref().map(|i| &i.placeholders);
                    let reason = [&named.from, &named.to]
                        .iter()
                        .find_map(|key| match placeholders?.get(key.as_str()) {
                            Some(Placeholder::Drop(reason)) => Some(reason.clone()),
                            _ => None,
                        })
                        .unwrap_or_else(|| "relations naming an unknown entity".to_string());
                    *skipped.entry(reason).or_insert(0) += 1;
                }
            }
        }
        let file = &mut loaded[d];
        file.dataset.relations = kept;
        if let Some(import) = file.import.as_mut() {
            for (reason, n) in skipped {
                *import.tally.skipped.entry(reason).or_insert(0) += n;
            }
        }
    }
    for (file, stays) in loaded.iter_mut().zip(stays) {
        if file.import.is_none() {
            continue;
        }
        let entities = std::mem::take(&mut file.dataset.entities);
        file.dataset.entities = entities
            .into_iter()
            .zip(stays)
            .filter_map(|(e, stays)| stays.then_some(e))
            .collect();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_join_organisations_but_never_people_with_companies() {
        assert!(compatible(EntityKind::Company, EntityKind::Organization));
        assert!(compatible(EntityKind::Government, EntityKind::Fund));
        assert!(!compatible(EntityKind::Person, EntityKind::Company));
        assert!(compatible(EntityKind::Person, EntityKind::Person));
    }

    #[test]
    fn absorbing_keeps_the_target_and_adds_what_it_lacked() {
        let mut target = Entity::new("acme", "Acme", EntityKind::Company);
        let mut other = Entity::new("x", "ACME Corp.", EntityKind::Company);
        other
            .details_mut()
            .identifiers
            .insert("lei".into(), "123".into());
        other.details_mut().country = Some("DE".into());
        let mut seen = Absorbed::default();
        seen.absorb(&mut target, &other, false);
        let mut lei_only = Entity::new("lei-123", "123", EntityKind::Company);
        lei_only
            .details_mut()
            .identifiers
            .insert("lei".into(), "123".into());
        seen.absorb(&mut target, &lei_only, true);
        assert_eq!(
            target.details().aliases.len(),
            1,
            "an identifier is not a name"
        );
        assert_eq!(target.id, "acme");
        assert_eq!(target.name, "Acme");
        assert_eq!(target.details().aliases, vec!["ACME Corp.".to_string()]);
        assert_eq!(target.details().identifiers["lei"], "123");
        assert_eq!(target.details().country.as_deref(), Some("DE"));
    }

    #[test]
    fn entities_of_one_name_are_numbered_on_from_the_last_id_given() {
        let mut ids = Ids {
            taken: ["same-name-3".to_string()].into_iter().collect(),
            next: HashMap::new(),
        };
        let same = Entity::new("x", "Same Name", EntityKind::Person);
        let given: Vec<String> = (0..4).map(|_| ids.fresh(&same)).collect();
        assert_eq!(
            given,
            ["same-name", "same-name-2", "same-name-4", "same-name-5"]
        );
        let other = Entity::new("y", "Other", EntityKind::Person);
        assert_eq!(ids.fresh(&other), "other");
    }
}
