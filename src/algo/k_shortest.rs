//! The k shortest loopless paths between two entities: Yen's algorithm, with the bidirectional
//! search of [`super::shortest_path()`] for each detour.

use std::collections::{BTreeSet, HashSet};

use super::shortest_path::{Limits, search};
use super::{Avoid, Path};
use crate::filter::Filter;
use crate::graph::{EntityIx, Graph};

/// Up to `k` shortest loopless paths from `from` to `to`, shortest first, each of at most
/// `max_len` hops when given, under the same rules as [`super::shortest_path()`]. Paths are
/// sequences of entities: two relations joining the same two entities make one hop, not two
/// paths. Among paths of one length, the order is fixed by the graph.
///
/// # Complexity
/// Yen's algorithm: for each of the k paths, one search per entity of the previous path, so
/// O(k · L · (V + E)) time for paths of up to L hops, and O(k · L) paths kept as candidates.
/// Once enough candidates are kept, each search stops at the length of the last one that
/// could still be taken, which is what makes most detours cheap.
///
/// # Example
/// ```
/// use dealgraph::{algo, filter::Filter, load::{self, Input}};
///
/// let (graph, _) = load::load(&[Input::Bundled]).unwrap();
/// let alibaba = graph.lookup("Alibaba").unwrap();
/// let police = graph.lookup("Chongqing police").unwrap();
/// let paths = algo::k_shortest_paths(&graph, alibaba, police, &Filter::all(), &Default::default(), 3, None);
/// // Alibaba → SenseTime → the police is the only route that never comes back on itself.
/// assert_eq!(paths.len(), 1);
/// assert_eq!(paths[0].len(), 2);
/// ```
pub fn k_shortest_paths(
    graph: &Graph,
    from: EntityIx,
    to: EntityIx,
    filter: &Filter,
    avoid: &Avoid,
    k: usize,
    max_len: Option<usize>,
) -> Vec<Path> {
    // Yen's algorithm over sequences of entities; each becomes a path with its relations last.
    let no_bans = HashSet::new();
    let first = Limits {
        avoid,
        banned: &no_bans,
        max_len,
        within: None,
    };
    let Some(shortest) = (k > 0)
        .then(|| search(graph, from, to, filter, &first))
        .flatten()
    else {
        return Vec::new();
    };
    let mut found: Vec<Vec<EntityIx>> = vec![shortest];
    // Candidates ordered by length, then by their entities, so that the order is fixed.
    let mut candidates: BTreeSet<(usize, Vec<EntityIx>)> = BTreeSet::new();
    let mut seen: HashSet<Vec<EntityIx>> = found.iter().cloned().collect();
    while found.len() < k && !crate::cancel::requested() {
        let previous = &found[found.len() - 1];
        for i in 0..previous.len().saturating_sub(1) {
            let root = &previous[..=i];
            let spur = previous[i];
            // Leave the root the way no found path with this root already leaves it...
            let banned: HashSet<(EntityIx, EntityIx)> = found
                .iter()
                .filter(|p| p.len() > i + 1 && p[..=i] == *root)
                .map(|p| (p[i], p[i + 1]))
                .collect();
            // ...and never come back to it: the paths stay loopless.
            let mut blocked = avoid.clone();
            blocked.extend(root[..i].iter().copied());
            // A path longer than the candidate that would be taken last can never be taken,
            // so the detour need not be longer than that candidate less the root.
            let needed = k - found.len();
            let longest = candidates
                .iter()
                .nth(needed - 1)
                .map(|(entities, _)| entities - 1)
                .into_iter()
                .chain(max_len)
                .min();
            let limits = Limits {
                avoid: &blocked,
                banned: &banned,
                max_len: longest.map(|m| m.saturating_sub(i)),
                within: None,
            };
            if let Some(detour) = search(graph, spur, to, filter, &limits) {
                let mut path = root[..i].to_vec();
                path.extend(detour);
                if seen.insert(path.clone()) {
                    candidates.insert((path.len(), path));
                }
            }
        }
        match candidates.pop_first() {
            Some((_, path)) => found.push(path),
            None => break,
        }
    }
    found
        .into_iter()
        .filter_map(|entities| Path::along(graph, entities, filter))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::algo::tests::graph;
    use crate::model::{RelationType::*, Status::*};

    #[test]
    fn lists_distinct_loopless_paths_shortest_first_within_the_bound() {
        // a - b - d, a - c - d, a - e - f - d, and a second relation a - b.
        let (g, id) = graph(
            &["a", "b", "c", "d", "e", "f"],
            &[
                ("a", InvestsIn, "b", Confirmed),
                ("a", Owns, "b", Reported),
                ("b", InvestsIn, "d", Confirmed),
                ("a", InvestsIn, "c", Confirmed),
                ("c", InvestsIn, "d", Confirmed),
                ("a", InvestsIn, "e", Confirmed),
                ("e", InvestsIn, "f", Confirmed),
                ("f", InvestsIn, "d", Confirmed),
            ],
        );
        let none = Avoid::new();
        let all = Filter::all();
        let paths = k_shortest_paths(&g, id("a"), id("d"), &all, &none, 10, None);
        let lengths: Vec<usize> = paths.iter().map(Path::len).collect();
        assert_eq!(lengths, vec![2, 2, 3]);
        let two_relations = paths.iter().find(|p| p.entities[1] == id("b")).unwrap();
        assert_eq!(two_relations.hops[0].len(), 2);
        let bounded = k_shortest_paths(&g, id("a"), id("d"), &all, &none, 10, Some(2));
        assert_eq!(bounded.len(), 2);
        assert!(k_shortest_paths(&g, id("a"), id("d"), &all, &none, 0, None).is_empty());
    }
}
