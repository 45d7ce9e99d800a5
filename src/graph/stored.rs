//! Entities and relations kept outside the graph (in a snapshot's bytes) and read one at a time
//! when a query asks for them, so that a one-shot command on a large snapshot reads only what
//! it needs. The graph is built from the store whole the first time something needs all of it.

use std::fmt::Debug;
use std::sync::OnceLock;

use petgraph::graph::DiGraph;

use crate::model::{Entity, Relation};

/// Where a graph's entities and relations are read from one at a time.
///
/// The store has checked what it can cheaply when it was opened (every end, kind, type, status
/// and text); what it decodes on demand and finds unreadable (a record its writer could not
/// have written) it replaces with what it could read, and reports through
/// [`Store::damage`], so that the command that met it fails instead of answering.
pub trait Store: Send + Sync + Debug {
    /// How many entities it holds.
    fn entity_count(&self) -> usize;
    /// How many relations it holds.
    fn relation_count(&self) -> usize;
    /// The id of an entity (below [`Store::entity_count`]).
    fn id(&self, entity: usize) -> &str;
    /// Its entities and relations in a snapshot's layout, when it holds them so in memory.
    fn packed_records(&self) -> Option<&[u8]>;
    /// The name of an entity (below [`Store::entity_count`]).
    fn name(&self, entity: usize) -> &str;
    /// An entity, decoded.
    fn entity(&self, entity: usize) -> Entity;
    /// Whether an entity has nothing but its id, name and kind ([`Entity::is_bare`]), told
    /// without decoding it.
    fn is_bare(&self, entity: usize) -> bool;
    /// The type and status of a relation, as their places in [`crate::model::RelationType::ALL`]
    /// and [`crate::model::Status::ALL`], read without decoding it.
    fn type_and_status(&self, relation: usize) -> (u8, u8);
    /// The ends of a relation (below [`Store::relation_count`]).
    fn ends(&self, relation: usize) -> (u32, u32);
    /// A relation, decoded.
    fn relation(&self, relation: usize) -> Relation;
    /// The whole graph, in the order of the entities and relations.
    fn build(&self) -> DiGraph<Entity, Relation>;
    /// Why the store cannot be trusted, once a record read could not be decoded.
    fn damage(&self) -> Option<crate::error::Error>;
}

/// Values read on demand, each decoded once and kept; slots are allocated a block at a time
/// when first touched, so an unread store costs a pointer per block.
#[derive(Debug, Clone)]
pub(crate) struct Cache<T> {
    blocks: Box<[OnceLock<Block<T>>]>,
}

/// [`BLOCK`] slots of a [`Cache`], each boxed so that an empty slot costs a pointer.
type Block<T> = Box<[OnceLock<Box<T>>]>;

/// Slots per block of a [`Cache`]: few, because an answer reads entities and relations from
/// all over a large graph, each in a block of its own, and a block is allocated and cleared
/// whole when first touched (1,024 slots made a 2-hop neighbourhood's first answer cost more
/// than its search).
const BLOCK: usize = 64;

impl<T> Cache<T> {
    /// A cache of `n` values, none read.
    pub(crate) fn new(n: usize) -> Self {
        Cache {
            blocks: (0..n.div_ceil(BLOCK)).map(|_| OnceLock::new()).collect(),
        }
    }

    /// The value at `i` (below the cache's size), read with `read` the first time.
    pub(crate) fn get_or_read(&self, i: usize, read: impl FnOnce() -> T) -> &T {
        let block =
            self.blocks[i / BLOCK].get_or_init(|| (0..BLOCK).map(|_| OnceLock::new()).collect());
        block[i % BLOCK].get_or_init(|| Box::new(read()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cache_reads_each_value_once() {
        let cache: Cache<String> = Cache::new(3000);
        let mut reads = 0;
        for _ in 0..2 {
            for i in [0, 1023, 1024, 2999] {
                let v = cache.get_or_read(i, || {
                    reads += 1;
                    i.to_string()
                });
                assert_eq!(v, &i.to_string());
            }
        }
        assert_eq!(reads, 4);
    }
}
