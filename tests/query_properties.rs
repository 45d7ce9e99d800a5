//! Invariants of the query algorithms on generated graphs, checked against plain reference
//! implementations written from the relations themselves: every hop of a path is a relation
//! the filter allows, a shortest path is as long as a breadth-first search says, the k paths
//! are distinct, loopless and in order, overlap is symmetric, and `--as-of` never lets a
//! relation outside its dates through.

mod synthetic;

use std::collections::{BTreeSet, HashSet, VecDeque};

use dealgraph::algo::{self, Avoid, Path};
use dealgraph::date::PartialDate;
use dealgraph::filter::{Direction, Filter};
use dealgraph::graph::{EntityIx, RelationIx};
use dealgraph::model::{EntityKind, RelationType, Status};
use dealgraph::subgraph::Subgraph;
use proptest::prelude::*;
use synthetic::{Edge, build};

const TYPES: &[RelationType] = &[
    RelationType::InvestsIn,
    RelationType::Owns,
    RelationType::ContractsWith,
    RelationType::Supplies,
];
const KINDS: &[EntityKind] = &[
    EntityKind::Company,
    EntityKind::Fund,
    EntityKind::Government,
];

/// A small graph as its entity kinds and edges.
#[derive(Debug, Clone)]
struct Spec {
    kinds: Vec<EntityKind>,
    edges: Vec<Edge>,
}

fn spec() -> impl Strategy<Value = Spec> {
    (2usize..10).prop_flat_map(|n| {
        let kinds = prop::collection::vec(prop::sample::select(KINDS), n);
        let edge = (
            0..n,
            0..n,
            prop::sample::select(TYPES),
            prop::sample::select(Status::ALL),
            prop::option::of(2010i32..2020),
            prop::option::of(0i32..5),
        )
            .prop_map(|(from, to, kind, status, start, length)| Edge {
                from,
                to,
                kind,
                status,
                start,
                end: start.zip(length).map(|(s, l)| s + l),
            });
        let edges = prop::collection::vec(edge, 0..3 * n);
        (kinds, edges).prop_map(|(kinds, edges)| Spec { kinds, edges })
    })
}

/// A filter drawn from every dimension: types, statuses, kinds, direction, as-of year.
fn filter() -> impl Strategy<Value = Filter> {
    (
        prop::sample::subsequence(TYPES, 0..=TYPES.len()),
        prop::sample::subsequence(Status::ALL, 0..=Status::ALL.len()),
        prop::sample::subsequence(KINDS, 0..=KINDS.len()),
        prop::sample::select(&[Direction::Both, Direction::Out, Direction::In][..]),
        prop::option::of(2008i32..2024),
    )
        .prop_map(|(types, statuses, kinds, direction, year)| Filter {
            types: types.into_iter().collect(),
            statuses: statuses.into_iter().collect(),
            kinds: kinds.into_iter().collect(),
            direction,
            as_of: year.map(PartialDate::year),
            listed: None,
        })
}

/// Whether an edge passes the filter, decided from the edge alone (years are whole years, so
/// "in force" is plain arithmetic here).
fn passes(f: &Filter, e: &Edge) -> bool {
    let year = f.as_of.map(|d| d.year_part());
    (f.types.is_empty() || f.types.contains(&e.kind))
        && (f.statuses.is_empty() || f.statuses.contains(&e.status))
        && year.is_none_or(|y| e.start.is_none_or(|s| s <= y) && e.end.is_none_or(|end| end >= y))
}

/// Whether an edge can be walked from `a` to `b` under the filter's direction.
fn walks(f: &Filter, e: &Edge, a: usize, b: usize) -> bool {
    let forward = e.from == a && e.to == b;
    let backward = e.from == b && e.to == a;
    a != b
        && match f.direction {
            Direction::Out => forward,
            Direction::In => backward,
            Direction::Both => forward || backward,
        }
}

/// Whether the path may pass through entity `i` (the ends always may).
fn passable(s: &Spec, f: &Filter, avoid: &Avoid, i: usize, ends: (usize, usize)) -> bool {
    i == ends.0
        || i == ends.1
        || (!avoid.contains(&EntityIx::new(i))
            && (f.kinds.is_empty() || f.kinds.contains(&s.kinds[i])))
}

/// The shortest distance by a plain breadth-first search over the edges.
fn bfs_distance(s: &Spec, f: &Filter, avoid: &Avoid, from: usize, to: usize) -> Option<usize> {
    let mut dist = vec![usize::MAX; s.kinds.len()];
    dist[from] = 0;
    let mut queue = VecDeque::from([from]);
    while let Some(a) = queue.pop_front() {
        if a == to {
            return Some(dist[a]);
        }
        for e in s.edges.iter().filter(|e| passes(f, e)) {
            for b in [e.from, e.to] {
                if walks(f, e, a, b)
                    && dist[b] == usize::MAX
                    && passable(s, f, avoid, b, (from, to))
                {
                    dist[b] = dist[a] + 1;
                    queue.push_back(b);
                }
            }
        }
    }
    None
}

/// Every loopless path's length from `from` to `to`, by depth-first enumeration (small graphs
/// only), sorted.
fn all_path_lengths(s: &Spec, f: &Filter, avoid: &Avoid, from: usize, to: usize) -> Vec<usize> {
    struct Walk<'a> {
        s: &'a Spec,
        f: &'a Filter,
        avoid: &'a Avoid,
        ends: (usize, usize),
        seen: Vec<bool>,
        found: Vec<usize>,
    }
    impl Walk<'_> {
        fn from(&mut self, at: usize, depth: usize) {
            if at == self.ends.1 {
                self.found.push(depth);
                return;
            }
            let (s, f) = (self.s, self.f);
            let next: BTreeSet<usize> = s
                .edges
                .iter()
                .filter(|e| passes(f, e))
                .flat_map(|e| {
                    [e.from, e.to]
                        .into_iter()
                        .filter(move |&b| walks(f, e, at, b))
                })
                .collect();
            for b in next {
                if !self.seen[b] && passable(s, f, self.avoid, b, self.ends) {
                    self.seen[b] = true;
                    self.from(b, depth + 1);
                    self.seen[b] = false;
                }
            }
        }
    }
    let mut walk = Walk {
        s,
        f,
        avoid,
        ends: (from, to),
        seen: vec![false; s.kinds.len()],
        found: Vec::new(),
    };
    walk.seen[from] = true;
    walk.from(from, 0);
    walk.found.sort_unstable();
    walk.found
}

/// Checks that a path runs from `from` to `to` and every relation of every hop is an edge the
/// filter allows, walked in a direction it allows, through entities it allows.
fn check_path(s: &Spec, f: &Filter, avoid: &Avoid, p: &Path, from: usize, to: usize) {
    assert_eq!(p.start().index(), from);
    assert_eq!(p.end().index(), to);
    assert_eq!(p.hops.len() + 1, p.entities.len());
    for (pair, hop) in p.entities.windows(2).zip(&p.hops) {
        let (a, b) = (pair[0].index(), pair[1].index());
        assert!(!hop.is_empty(), "a hop with no relation");
        for r in hop {
            let e = &s.edges[r.index()];
            assert!(passes(f, e), "{e:?} does not pass {f:?}");
            assert!(
                walks(f, e, a, b),
                "{e:?} cannot be walked from e{a} to e{b} under {f:?}"
            );
        }
    }
    for e in &p.entities {
        assert!(
            passable(s, f, avoid, e.index(), (from, to)),
            "passes through e{}",
            e.index()
        );
    }
}

fn edge_of(s: &Spec, r: RelationIx) -> &Edge {
    &s.edges[r.index()]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn a_shortest_path_uses_allowed_hops_and_is_as_short_as_bfs_says(
        s in spec(), f in filter(), from in 0usize..10, to in 0usize..10, avoid_one in prop::option::of(0usize..10)
    ) {
        let n = s.kinds.len();
        let (from, to) = (from % n, to % n);
        let g = build(&s.kinds, &s.edges);
        let avoid: Avoid = avoid_one
            .map(|a| a % n)
            .filter(|&a| a != from && a != to)
            .map(EntityIx::new)
            .into_iter()
            .collect();
        let found = algo::shortest_path(&g, EntityIx::new(from), EntityIx::new(to), &f, &avoid);
        let expected = bfs_distance(&s, &f, &avoid, from, to);
        prop_assert_eq!(found.as_ref().map(Path::len), expected);
        if let Some(p) = found {
            check_path(&s, &f, &avoid, &p, from, to);
        }
    }

    #[test]
    fn the_k_shortest_paths_are_distinct_loopless_in_order_and_the_shortest_there_are(
        s in spec(), f in filter(), from in 0usize..10, to in 0usize..10, k in 1usize..6,
        max_len in prop::option::of(1usize..5)
    ) {
        let n = s.kinds.len();
        let (from, to) = (from % n, to % n);
        let g = build(&s.kinds, &s.edges);
        let none = Avoid::new();
        let paths = algo::k_shortest_paths(&g, EntityIx::new(from), EntityIx::new(to), &f, &none, k, max_len);
        let mut seen = HashSet::new();
        for p in &paths {
            check_path(&s, &f, &none, p, from, to);
            let distinct: HashSet<_> = p.entities.iter().collect();
            prop_assert_eq!(distinct.len(), p.entities.len(), "a loop in {:?}", p.entities);
            prop_assert!(seen.insert(p.entities.clone()), "{:?} twice", p.entities);
            prop_assert!(max_len.is_none_or(|m| p.len() <= m));
        }
        let lengths: Vec<usize> = paths.iter().map(Path::len).collect();
        prop_assert!(lengths.windows(2).all(|w| w[0] <= w[1]), "{:?}", lengths);
        // Yen's algorithm finds the k shortest: their lengths are the k smallest of all.
        let mut all = all_path_lengths(&s, &f, &none, from, to);
        all.retain(|&l| max_len.is_none_or(|m| l <= m));
        all.truncate(k);
        prop_assert_eq!(lengths, all);
    }

    #[test]
    fn overlap_is_symmetric_and_every_pair_ranking_agrees(
        s in spec(), a in 0usize..10, b in 0usize..10, rollup: bool, f in filter()
    ) {
        let n = s.kinds.len();
        let (a, b) = (EntityIx::new(a % n), EntityIx::new(b % n));
        prop_assume!(a != b);
        let g = build(&s.kinds, &s.edges);
        let ab = algo::overlap(&g, &[a, b], &f, rollup);
        let ba = algo::overlap(&g, &[b, a], &f, rollup);
        let investors = |o: &algo::Overlap| -> Vec<EntityIx> { o.shared.iter().map(|s| s.investor).collect() };
        prop_assert_eq!(investors(&ab), investors(&ba));
        prop_assert_eq!(&ab.pairs[0].shared, &ba.pairs[0].shared);
        prop_assert_eq!(ab.pairs[0].jaccard(), ba.pairs[0].jaccard());
        prop_assert_eq!((ab.pairs[0].investors_a, ab.pairs[0].investors_b), (ba.pairs[0].investors_b, ba.pairs[0].investors_a));

        let ranking = algo::overlap_all(&g, &f, rollup, 100).unwrap();
        prop_assert_eq!(ranking.top.len(), ranking.sharing);
        for pair in &ranking.top {
            let named = algo::overlap(&g, &[pair.a, pair.b], &f, rollup);
            prop_assert_eq!(&named.pairs[0], pair);
        }
        let listed = ranking.top.iter().any(|p| (p.a, p.b) == (a, b) || (p.a, p.b) == (b, a));
        prop_assert_eq!(listed, !ab.pairs[0].shared.is_empty());
    }

    #[test]
    fn as_of_never_returns_a_relation_outside_its_dates(
        s in spec(), year in 2008i32..2024, centre in 0usize..10, other in 0usize..10, rollup: bool
    ) {
        let n = s.kinds.len();
        let (centre, other) = (EntityIx::new(centre % n), EntityIx::new(other % n));
        let g = build(&s.kinds, &s.edges);
        let f = Filter { as_of: Some(PartialDate::year(year)), ..Filter::all() };
        let in_force = |r: &RelationIx| {
            let e = edge_of(&s, *r);
            e.start.is_none_or(|st| st <= year) && e.end.is_none_or(|end| end >= year)
        };
        let mut used = Subgraph::default();
        let mut add = |sub: Subgraph| used.relations.extend(sub.relations);
        add(algo::k_shortest_paths(&g, centre, other, &f, &Avoid::new(), 3, None).iter().collect());
        add(Subgraph::from(&algo::neighbourhood(&g, centre, &f, 3, 100)));
        add(Subgraph::from(&algo::overlap(&g, &[centre, other], &f, rollup)));
        add(Subgraph::from(&algo::exposure(&g, centre, &f, rollup)));
        for i in algo::investors(&g, centre, &f, rollup).iter().chain(&algo::portfolio(&g, centre, &f, rollup)) {
            add(Subgraph::from(&i.path()));
        }
        for r in &used.relations {
            prop_assert!(in_force(r), "{:?} is not in force in {}", edge_of(&s, *r), year);
        }
    }

    #[test]
    fn a_neighbourhood_holds_each_entity_at_its_bfs_distance(
        s in spec(), f in filter(), centre in 0usize..10, depth in 0usize..4
    ) {
        let n = s.kinds.len();
        let centre = centre % n;
        let g = build(&s.kinds, &s.edges);
        let near = algo::neighbourhood(&g, EntityIx::new(centre), &f, depth, 100);
        let got: BTreeSet<(usize, usize)> =
            near.reached.iter().map(|r| (r.entity.index(), r.distance)).collect();
        prop_assert_eq!(got, bfs_within(&s, &f, centre, depth));
        for r in &near.reached {
            prop_assert!(!r.via.is_empty());
            for v in &r.via {
                let e = edge_of(&s, *v);
                prop_assert!(passes(&f, e));
                prop_assert!(e.from == r.entity.index() || e.to == r.entity.index());
            }
        }
        prop_assert_eq!(near.cut, 0);
        // Without a limit the relations that reach each entity are noted during the search,
        // with one they are read after: both ways find the same.
        let all = algo::neighbourhood(&g, EntityIx::new(centre), &f, depth, usize::MAX);
        prop_assert_eq!(&near.reached, &all.reached);
        let few = algo::neighbourhood(&g, EntityIx::new(centre), &f, depth, 2);
        prop_assert_eq!(&few.reached[..], &all.reached[..all.reached.len().min(2)]);
        prop_assert_eq!(few.cut, all.reached.len().saturating_sub(2));
    }
}

/// Every entity within `depth` hops of `centre` and its distance, by a plain breadth-first
/// search in which every entity reached must be of the filter's kinds.
fn bfs_within(s: &Spec, f: &Filter, centre: usize, depth: usize) -> BTreeSet<(usize, usize)> {
    let mut dist = vec![usize::MAX; s.kinds.len()];
    dist[centre] = 0;
    let mut queue = VecDeque::from([centre]);
    let mut found = BTreeSet::new();
    while let Some(a) = queue.pop_front() {
        if dist[a] == depth {
            continue;
        }
        for e in s.edges.iter().filter(|e| passes(f, e)) {
            for b in [e.from, e.to] {
                let kind_ok = f.kinds.is_empty() || f.kinds.contains(&s.kinds[b]);
                if walks(f, e, a, b) && dist[b] == usize::MAX && kind_ok {
                    dist[b] = dist[a] + 1;
                    found.insert((b, dist[b]));
                    queue.push_back(b);
                }
            }
        }
    }
    found
}
