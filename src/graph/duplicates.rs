//! Likely duplicates: entities that no merge joined but that are probably the same, because
//! their names agree once folded and stripped of bracketed parts and legal forms
//! ([`core_name`]), or because they share an identifier.
//!
//! One pass hashes each entity's keys, so the cost grows with the number of entities, never
//! with its square.

use foldhash::{HashMap, HashMapExt};

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
/// O(n) hashing for n entities, plus sorting the groups found.
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
    let mut by_key: HashMap<(u8, String), Vec<usize>> = HashMap::new();
    for (i, entity) in entities.enumerate() {
        if let Some(core) = core_name(&entity.name) {
            by_key
                .entry((kind_class(entity.kind), core))
                .or_default()
                .push(i);
        }
        for (scheme, value) in &entity.identifiers {
            let value = value.trim();
            if !value.is_empty() {
                by_key
                    .entry((3, format!("{}\u{0}{value}", scheme.to_lowercase())))
                    .or_default()
                    .push(i);
            }
        }
    }
    let mut groups: Vec<Vec<usize>> = by_key
        .into_values()
        .filter(|g| (2..=MOST_IN_GROUP).contains(&g.len()))
        .map(|mut g| {
            g.sort_unstable();
            g.dedup();
            g
        })
        .filter(|g| g.len() >= 2)
        .collect();
    groups.sort_unstable();
    groups.dedup();
    groups
}
