//! The graph's adjacency as compressed sparse rows, built once from the petgraph graph for the
//! searches: per entity, its outgoing and its incoming relations as packed arrays of
//! (neighbour, relation) with each relation's type and status in one byte, so that a filter
//! becomes two bit tests and a walk reads memory in order.
//!
//! Each entity's slots are in the order petgraph lists its edges (the newest relation first),
//! so a search on the index meets relations in the same order as one on the graph.

use std::sync::{Mutex, OnceLock};

use petgraph::Direction::{Incoming, Outgoing};
use petgraph::graph::DiGraph;

use crate::filter::{Direction, Filter};
use crate::model::{Entity, EntityKind, Relation, RelationType, Status};

// A relation's type and an entity's kind are bits of a `u64` mask.
const _: () = assert!(RelationType::ALL.len() <= 64 && EntityKind::ALL.len() <= 64);

/// One relation of an entity's row: the entity at its other end and the relation's index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    /// The entity at the other end.
    pub entity: u32,
    /// The relation's index in the graph.
    pub relation: u32,
}

/// The relations of every entity one way, as compressed sparse rows.
#[derive(Debug, Clone, Default)]
struct Rows {
    /// `offsets[e]..offsets[e + 1]` are entity `e`'s slots.
    offsets: Vec<u32>,
    slots: Vec<Slot>,
    /// For each slot, its relation's [`code`].
    codes: Vec<u8>,
}

impl Rows {
    fn row(&self, e: u32) -> Row<'_> {
        let (s, t) = (
            self.offsets[e as usize] as usize,
            self.offsets[e as usize + 1] as usize,
        );
        Row {
            slots: &self.slots[s..t],
            codes: &self.codes[s..t],
        }
    }

    fn degree(&self, e: u32) -> usize {
        (self.offsets[e as usize + 1] - self.offsets[e as usize]) as usize
    }
}

/// The arrays of the relations of every entity one way: each entity's first slot (and the
/// end), the slots, and each slot's code.
pub type RowParts<'a> = (&'a [u32], &'a [Slot], &'a [u8]);

/// The relations of one entity one way, each slot with its relation's code.
#[derive(Debug, Clone, Copy)]
pub struct Row<'a> {
    /// The neighbours and relations, newest relation first.
    pub slots: &'a [Slot],
    /// `codes[i]` packs the type and status of `slots[i]`'s relation.
    pub codes: &'a [u8],
}

/// A relation's type and status in one byte: the type's place in [`RelationType::ALL`] in the
/// low six bits, the status's [`Status::weakness`] in the high two.
pub fn code(relation: &Relation) -> u8 {
    relation.kind as u8 | (relation.status.weakness() << 6)
}

/// The [`Status::weakness`] packed in a [`code`].
pub fn weakness(code: u8) -> u8 {
    code >> 6
}

/// Every entity's outgoing and incoming relations, and the entities' kinds, packed for
/// searching. Built by [`crate::Graph::adjacency`] on first use.
#[derive(Debug, Default)]
pub struct Adjacency {
    out: Rows,
    inc: Rows,
    /// Each entity's kind, as its place in [`EntityKind::ALL`].
    kinds: Vec<u8>,
    /// Each entity's place in name order, built on first use.
    name_places: OnceLock<Vec<u32>>,
    /// Scratch arrays lent to searches, so that a search does not allocate per entity.
    marks: Mutex<Vec<Marks>>,
}

impl Clone for Adjacency {
    fn clone(&self) -> Self {
        Adjacency {
            out: self.out.clone(),
            inc: self.inc.clone(),
            kinds: self.kinds.clone(),
            name_places: self.name_places.clone(),
            marks: Mutex::default(),
        }
    }
}

impl Adjacency {
    /// The index of a graph ([`Adjacency::of`]).
    pub fn new(graph: &DiGraph<Entity, Relation>) -> Self {
        let edges = graph.raw_edges();
        Self::of(
            graph.node_weights().map(|e| e.kind as u8).collect(),
            edges.len(),
            |ix| {
                let e = &edges[ix];
                (e.source().index() as u32, e.target().index() as u32)
            },
            |ix| code(&edges[ix].weight),
        )
    }

    /// The index of a graph given by its entities' kinds (as places in [`EntityKind::ALL`])
    /// and its `m` relations' ends and [`code`]s, by relation index.
    ///
    /// # Complexity
    /// O(V + E) time and about 18 bytes per relation and 9 per entity.
    pub fn of(
        kinds: Vec<u8>,
        m: usize,
        ends: impl Fn(usize) -> (u32, u32),
        code: impl Fn(usize) -> u8,
    ) -> Self {
        let n = kinds.len();
        let rows = |direction| {
            let at = |ix: usize| {
                let (from, to) = ends(ix);
                match direction {
                    Outgoing => (from, to),
                    Incoming => (to, from),
                }
            };
            let mut offsets = vec![0u32; n + 1];
            for ix in 0..m {
                offsets[at(ix).0 as usize + 1] += 1;
            }
            for i in 0..n {
                offsets[i + 1] += offsets[i];
            }
            let mut next: Vec<u32> = offsets[..n].to_vec();
            let empty = Slot {
                entity: 0,
                relation: 0,
            };
            let mut slots = vec![empty; m];
            let mut codes = vec![0u8; m];
            // Newest first, as petgraph lists an entity's edges.
            for ix in (0..m).rev() {
                let (at, other) = at(ix);
                let i = next[at as usize] as usize;
                next[at as usize] += 1;
                slots[i] = Slot {
                    entity: other,
                    relation: ix as u32,
                };
                codes[i] = code(ix);
            }
            Rows {
                offsets,
                slots,
                codes,
            }
        };
        Adjacency {
            out: rows(Outgoing),
            inc: rows(Incoming),
            kinds,
            name_places: OnceLock::new(),
            marks: Mutex::default(),
        }
    }

    /// Its arrays, to write in a snapshot: for outgoing then incoming relations, each
    /// entity's first slot (and the end), each slot as (entity, relation), each slot's code;
    /// then each entity's kind.
    pub fn parts(&self) -> ([RowParts<'_>; 2], &[u8]) {
        fn rows(r: &Rows) -> RowParts<'_> {
            (&r.offsets, &r.slots, &r.codes)
        }
        ([rows(&self.out), rows(&self.inc)], &self.kinds)
    }

    /// The index of these arrays, as [`Adjacency::parts`] gave them, with the entities' places
    /// in name order ([`Adjacency::name_places`]), for a graph of `relations` relations;
    /// `None` unless they are consistent: offsets rising from 0 to the number of slots, one
    /// code per slot, every entity and relation in range, each place given once.
    pub fn from_parts(
        rows: [(Vec<u32>, Vec<Slot>, Vec<u8>); 2],
        kinds: Vec<u8>,
        name_places: Vec<u32>,
        relations: usize,
    ) -> Option<Adjacency> {
        let n = kinds.len();
        let mut placed = vec![false; n];
        if name_places.len() != n
            || !name_places.iter().all(|&p| {
                placed
                    .get_mut(p as usize)
                    .is_some_and(|seen| !std::mem::replace(seen, true))
            })
        {
            return None;
        }
        let mut made = Vec::with_capacity(2);
        for (offsets, slots, codes) in rows {
            let ok = offsets.len() == n + 1
                && offsets.first() == Some(&0)
                && offsets.last().is_some_and(|&l| l as usize == slots.len())
                && offsets.windows(2).all(|w| w[0] <= w[1])
                && codes.len() == slots.len()
                && slots.len() == relations
                && slots
                    .iter()
                    .all(|s| (s.entity as usize) < n && (s.relation as usize) < relations);
            if !ok {
                return None;
            }
            made.push(Rows {
                offsets,
                slots,
                codes,
            });
        }
        let inc = made.pop()?;
        let out = made.pop()?;
        Some(Adjacency {
            out,
            inc,
            kinds,
            name_places: name_places.into(),
            marks: Mutex::default(),
        })
    }

    /// How many entities it indexes.
    pub fn entity_count(&self) -> usize {
        self.kinds.len()
    }

    /// How many relations it indexes.
    pub fn relation_count(&self) -> usize {
        self.out.slots.len()
    }

    /// The relations leaving `e`, newest first.
    pub fn outgoing(&self, e: u32) -> Row<'_> {
        self.out.row(e)
    }

    /// The relations reaching `e`, newest first.
    pub fn incoming(&self, e: u32) -> Row<'_> {
        self.inc.row(e)
    }

    /// How many relations a step from `e` may read: those of the rows `ways` names.
    pub fn degree(&self, e: u32, ways: Ways) -> usize {
        let mut d = 0;
        if ways.out {
            d += self.out.degree(e);
        }
        if ways.inc {
            d += self.inc.degree(e);
        }
        d
    }

    /// Calls `f(slot, code)` for each relation of `e` in the rows `ways` names: outgoing
    /// first, then incoming, each newest first.
    #[inline]
    pub fn each(&self, e: u32, ways: Ways, mut f: impl FnMut(Slot, u8)) {
        if ways.out {
            let row = self.out.row(e);
            for (&s, &c) in row.slots.iter().zip(row.codes) {
                f(s, c);
            }
        }
        if ways.inc {
            let row = self.inc.row(e);
            for (&s, &c) in row.slots.iter().zip(row.codes) {
                f(s, c);
            }
        }
    }

    /// Every entity's place among all the entities ordered by name, then id (the order of
    /// every list printed for people), so that two entities compare by name as two integers.
    /// `name_and_id` gives an entity's name and id, when the places are not made yet.
    ///
    /// # Complexity
    /// O(V log V) the first time, most comparisons decided by the names' first sixteen bytes;
    /// then O(1).
    pub fn name_places<'g>(&self, name_and_id: impl Fn(u32) -> (&'g str, &'g str)) -> &[u32] {
        self.name_places.get_or_init(|| {
            // The first sixteen bytes of a name, zero-padded: two names whose prefixes differ
            // compare as their prefixes do.
            let prefix = |name: &str| {
                let mut bytes = [0u8; 16];
                let n = name.len().min(16);
                bytes[..n].copy_from_slice(&name.as_bytes()[..n]);
                u128::from_be_bytes(bytes)
            };
            let mut order: Vec<(u128, u32)> = (0..self.entity_count() as u32)
                .map(|e| (prefix(name_and_id(e).0), e))
                .collect();
            order.sort_unstable_by(|a, b| {
                a.0.cmp(&b.0)
                    .then_with(|| name_and_id(a.1).cmp(&name_and_id(b.1)))
            });
            let mut places = vec![0u32; order.len()];
            for (place, &(_, e)) in order.iter().enumerate() {
                places[e as usize] = place as u32;
            }
            places
        })
    }

    /// Entity `e`'s kind as its place in [`EntityKind::ALL`].
    pub fn kind(&self, e: u32) -> u8 {
        self.kinds[e as usize]
    }

    /// A scratch array of one mark per entity, all unset, returned to the index when dropped.
    ///
    /// # Complexity
    /// O(1), but O(V) the first time and once every 4 billion uses.
    pub fn marks(&self) -> Lent<'_> {
        // A search that panicked left the pool as it was: its arrays are still whole.
        let pooled = self
            .marks
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .pop();
        let mut marks = pooled.unwrap_or_default();
        marks.clear(self.entity_count());
        Lent {
            marks: Some(marks),
            pool: &self.marks,
        }
    }
}

/// Which rows a step reads: the outgoing relations, the incoming, or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ways {
    /// Read the relations leaving the entity.
    pub out: bool,
    /// Read the relations reaching it.
    pub inc: bool,
}

impl Ways {
    /// The rows a step from an entity reads under `direction`; with `reverse`, the rows of a
    /// step *into* the entity (for a search that walks back from a target).
    pub fn of(direction: Direction, reverse: bool) -> Ways {
        match (direction, reverse) {
            (Direction::Both, _) => Ways {
                out: true,
                inc: true,
            },
            (Direction::Out, false) | (Direction::In, true) => Ways {
                out: true,
                inc: false,
            },
            (Direction::In, false) | (Direction::Out, true) => Ways {
                out: false,
                inc: true,
            },
        }
    }
}

/// A filter reduced to bit tests on a relation's [`code`] and an entity's kind; the as-of
/// date, when there is one, is still checked on the relation itself ([`Mask::dated`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mask {
    types: u64,
    weaknesses: u8,
    kinds: u64,
    dated: bool,
}

impl Mask {
    /// The filter's relation types, statuses and entity kinds as bits.
    pub fn new(filter: &Filter) -> Mask {
        let types = if filter.types.is_empty() {
            u64::MAX
        } else {
            filter.types.iter().fold(0, |m, &t| m | 1 << (t as u8))
        };
        Mask::with_types(filter, types)
    }

    /// The filter's statuses and date with these relation types (for queries that choose
    /// their own), and no limit on entity kinds.
    pub fn of_types(filter: &Filter, types: &[RelationType]) -> Mask {
        let mask = types.iter().fold(0, |m, &t| m | 1 << (t as u8));
        Mask {
            kinds: u64::MAX,
            ..Mask::with_types(filter, mask)
        }
    }

    fn with_types(filter: &Filter, types: u64) -> Mask {
        let weaknesses = if filter.statuses.is_empty() {
            u8::MAX
        } else {
            filter
                .statuses
                .iter()
                .fold(0, |m, s: &Status| m | 1 << s.weakness())
        };
        let kinds = if filter.kinds.is_empty() {
            u64::MAX
        } else {
            filter.kinds.iter().fold(0, |m, &k| m | 1 << (k as u8))
        };
        Mask {
            types,
            weaknesses,
            kinds,
            dated: filter.as_of.is_some(),
        }
    }

    /// Whether a relation of this [`code`] passes the types and statuses.
    #[inline]
    pub fn allows(&self, code: u8) -> bool {
        (self.types >> (code & 63)) & 1 != 0 && (self.weaknesses >> (code >> 6)) & 1 != 0
    }

    /// Whether an entity of this kind (as [`Adjacency::kind`] gives it) passes.
    #[inline]
    pub fn allows_kind(&self, kind: u8) -> bool {
        (self.kinds >> (kind & 63)) & 1 != 0
    }

    /// Whether every kind passes, so that entities need not be looked at.
    pub fn all_kinds(&self) -> bool {
        self.kinds == u64::MAX
    }

    /// Whether the filter has an as-of date, which each relation must also pass
    /// ([`Filter::in_force`]).
    pub fn dated(&self) -> bool {
        self.dated
    }
}

/// One mark per entity, cleared in O(1) by moving to a new generation: a mark is set only if
/// its stamp is the current generation.
#[derive(Debug, Default)]
pub struct Marks {
    /// For each entity, the generation it was marked in and its value.
    cells: Vec<[u32; 2]>,
    generation: u32,
}

impl Marks {
    fn clear(&mut self, entities: usize) {
        if self.cells.len() != entities || self.generation == u32::MAX {
            self.cells = vec![[0, 0]; entities];
            self.generation = 0;
        }
        self.generation += 1;
    }

    /// The value marked on `e`, if any.
    #[inline]
    pub fn get(&self, e: u32) -> Option<u32> {
        let [stamp, value] = self.cells[e as usize];
        (stamp == self.generation).then_some(value)
    }

    /// Whether `e` is marked.
    #[inline]
    pub fn has(&self, e: u32) -> bool {
        self.cells[e as usize][0] == self.generation
    }

    /// Reads the marks of `entities` ahead of their use, so that a search's next reads of them
    /// find them in the cache: the reads here depend on nothing, so the processor makes many
    /// at once, where the search's own reads each decide a branch and wait one by one.
    #[inline]
    pub fn warm(&self, entities: impl Iterator<Item = u32>) {
        let mut seen = 0;
        for e in entities {
            seen ^= self.cells[e as usize][0];
        }
        std::hint::black_box(seen);
    }

    /// Marks `e` with `value`.
    #[inline]
    pub fn set(&mut self, e: u32, value: u32) {
        self.cells[e as usize] = [self.generation, value];
    }
}

/// [`Marks`] lent by an [`Adjacency`], given back when dropped.
#[derive(Debug)]
pub struct Lent<'a> {
    marks: Option<Marks>,
    pool: &'a Mutex<Vec<Marks>>,
}

impl std::ops::Deref for Lent<'_> {
    type Target = Marks;

    fn deref(&self) -> &Marks {
        // Set at creation and taken only in `drop`.
        self.marks.as_ref().unwrap_or_else(|| unreachable!())
    }
}

impl std::ops::DerefMut for Lent<'_> {
    fn deref_mut(&mut self) -> &mut Marks {
        self.marks.as_mut().unwrap_or_else(|| unreachable!())
    }
}

impl Drop for Lent<'_> {
    fn drop(&mut self) {
        if let Some(marks) = self.marks.take() {
            self.pool
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .push(marks);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::algo::tests::graph;
    use crate::model::{RelationType::*, Status::*};

    #[test]
    fn rows_list_what_petgraph_lists_in_the_same_order() {
        let (g, id) = graph(
            &["a", "b", "c:fund"],
            &[
                ("a", InvestsIn, "b", Confirmed),
                ("c", Owns, "a", Reported),
                ("a", Owns, "b", Ended),
                ("b", Supplies, "b", Expected),
            ],
        );
        let adj = g.adjacency();
        for (ix, _) in g.entities() {
            for (direction, ways) in [
                (
                    petgraph::Direction::Outgoing,
                    Ways::of(Direction::Out, false),
                ),
                (
                    petgraph::Direction::Incoming,
                    Ways::of(Direction::In, false),
                ),
            ] {
                let want: Vec<(u32, u32, u8)> = g
                    .relations_of(ix, direction)
                    .map(|r| {
                        let other = if direction == petgraph::Direction::Outgoing {
                            r.to
                        } else {
                            r.from
                        };
                        (
                            other.index() as u32,
                            r.index.index() as u32,
                            code(r.relation),
                        )
                    })
                    .collect();
                let mut got = Vec::new();
                adj.each(ix.index() as u32, ways, |s, c| {
                    got.push((s.entity, s.relation, c))
                });
                assert_eq!(got, want);
                assert_eq!(adj.degree(ix.index() as u32, ways), want.len());
            }
        }
        assert_eq!(adj.kind(id("c").index() as u32), EntityKind::Fund as u8);
    }

    #[test]
    fn a_mask_passes_what_the_filter_passes() {
        let filter = Filter {
            types: [Owns, Supplies].into(),
            statuses: [Confirmed, Ended].into(),
            kinds: [EntityKind::Fund].into(),
            ..Filter::all()
        };
        let mask = Mask::new(&filter);
        for &kind in RelationType::ALL {
            for &status in Status::ALL {
                let r = Relation::new(kind, status);
                assert_eq!(mask.allows(code(&r)), filter.allows_relation(&r));
                assert_eq!(weakness(code(&r)), status.weakness());
                assert!(Mask::new(&Filter::all()).allows(code(&r)));
            }
        }
        for &kind in EntityKind::ALL {
            let e = Entity::new("x", "X", kind);
            assert_eq!(mask.allows_kind(kind as u8), filter.allows_entity(&e));
        }
    }

    #[test]
    fn name_places_order_entities_by_name_then_id() {
        let (mut g, _) = graph(
            &[
                "b2",
                "a",
                "a-longer-name-1",
                "a-longer-name-0",
                "b1",
                "a\u{0}",
            ],
            &[],
        );
        for (id, name) in [("z", "Same"), ("y", "Same"), ("x", "Sam"), ("w", "Samé")] {
            g.add_entity(Entity::new(id, name, EntityKind::Company));
        }
        let places = g.name_places();
        let mut by_places: Vec<_> = g.entities().map(|(ix, _)| ix).collect();
        by_places.sort_by_key(|ix| places[ix.index()]);
        let mut by_names = by_places.clone();
        by_names.sort_by(|&a, &b| crate::algo::by_name(&g, a, b));
        assert_eq!(by_places, by_names);
    }

    #[test]
    fn marks_are_unset_each_time_they_are_lent() {
        let (g, _) = graph(&["a", "b"], &[]);
        let adj = g.adjacency();
        {
            let mut m = adj.marks();
            m.set(1, 7);
            m.warm([0, 1].into_iter());
            assert_eq!(m.get(1), Some(7));
            assert!(!m.has(0), "reading marks ahead marks nothing");
        }
        let m = adj.marks();
        assert_eq!(m.get(1), None);
    }
}
