//! Likely duplicates: entities that no merge joined but that are probably the same, because
//! their names agree once folded and stripped of bracketed parts and legal forms
//! ([`core_name`]), or because they share an identifier.
//!
//! One pass hashes each entity's keys and one sort brings equal keys together, so the cost
//! grows as n log n with the number of entities, never with its square.

use std::hash::BuildHasher;

use crate::model::{Entity, EntityKind};
use crate::names::core_name;

/// A key shared by more entities than this is a common name ("John Smith"), not a sign of a
/// duplicate: such groups are not listed.
pub const MOST_IN_GROUP: usize = 10;

/// Which kinds a name may join: people with people, products with products, the kinds of
/// organisation with one another.
fn kind_class(kind: EntityKind) -> u8 {
    match kind {
        EntityKind::Person => 0,
        EntityKind::Product => 1,
        _ => 2,
    }
}

/// Groups of likely duplicates among `entities`, each a sorted list of their positions in the
/// iteration (two or more, at most [`MOST_IN_GROUP`]); the groups are sorted and each listed
/// once.
///
/// # Complexity
/// O(n log n) for n entities (one hash of each key, then a sort of the hashes); 16 bytes of
/// memory a key.
///
/// # Example
/// ```
/// use dealgraph::graph::duplicates::groups;
/// use dealgraph::model::{Entity, EntityKind};
/// let a = Entity::new("bmw", "Bayerische Motorenwerke AG", EntityKind::Company);
/// let b = Entity::new("bmw-2", "Bayerische Motorenwerke (BMW) AG", EntityKind::Company);
/// let c = Entity::new("audi", "Audi AG", EntityKind::Company);
/// assert_eq!(groups([&a, &b, &c].into_iter()), vec![vec![0, 1]]);
/// ```
pub fn groups<'e>(entities: impl Iterator<Item = &'e Entity>) -> Vec<Vec<usize>> {
    // Each key as a 64-bit hash beside the entity's place, sorted so that equal keys are
    // neighbours: 16 bytes a key, and no map of strings on a registry of millions.
    let state = foldhash::fast::FixedState::with_seed(0x6475_7065);
    let mut keys: Vec<(u64, u32)> = Vec::new();
    for (i, entity) in entities.enumerate() {
        // Places beyond u32 are beyond what the graph's indices hold anyway.
        let place = i as u32;
        if let Some(core) = core_name(&entity.name) {
            keys.push((state.hash_one((kind_class(entity.kind), core)), place));
        }
        for (scheme, value) in &entity.details().identifiers {
            let value = value.trim();
            if !value.is_empty() {
                keys.push((state.hash_one((3u8, scheme.to_lowercase(), value)), place));
            }
        }
    }
    keys.sort_unstable();
    let mut groups: Vec<Vec<usize>> = keys
        .chunk_by(|a, b| a.0 == b.0)
        .filter(|run| (2..=MOST_IN_GROUP).contains(&run.len()))
        .map(|run| {
            let mut group: Vec<usize> = run.iter().map(|&(_, i)| i as usize).collect();
            group.dedup();
            group
        })
        .filter(|group| group.len() >= 2)
        .collect();
    groups.sort_unstable();
    groups.dedup();
    groups
}
