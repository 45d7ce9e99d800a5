//! Investors that companies share: for named companies, by intersecting their sorted investor
//! lists; for every pair of companies at once, by walking each investor's portfolio.

use super::investments::{Investment, Up, unordered_investors};
use super::{at, by_name, eix, relation, rix, union};
use crate::error::Error;
use crate::filter::Filter;
use crate::graph::adjacency::Mask;
use crate::graph::{EntityIx, Graph};
use crate::model::RelationType;
use crate::subgraph::Subgraph;
use std::cmp::Ordering;

/// The investors that named companies share.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overlap {
    /// The companies, in the order named.
    pub companies: Vec<EntityIx>,
    /// The investors in every one of them, by name.
    pub shared: Vec<SharedInvestor>,
    /// Every pair of the companies, in the order named; or, from [`overlap_best`], the pairs
    /// that share the most, best first.
    pub pairs: Vec<PairOverlap>,
    /// How many investors each company has, in the order named.
    pub investors: Vec<usize>,
    /// How many pairs of the companies share at least one investor.
    pub pairs_sharing: usize,
}

/// An investor shared by all the companies of an [`Overlap`], with its stakes in each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedInvestor {
    /// The investor, or with rollup the owner its funds count under.
    pub investor: EntityIx,
    /// For each company, in the order named, the stakes that make it an investor there.
    pub stakes: Vec<Vec<Investment>>,
}

/// The investors two companies share.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairOverlap {
    /// One company.
    pub a: EntityIx,
    /// The other.
    pub b: EntityIx,
    /// The shared investors (owners, with rollup), by name.
    pub shared: Vec<EntityIx>,
    /// How many investors `a` has.
    pub investors_a: usize,
    /// How many investors `b` has.
    pub investors_b: usize,
}

impl PairOverlap {
    /// Shared investors over all the investors of either: 0 when they share none, 1 when they
    /// have the same investors.
    pub fn jaccard(&self) -> f64 {
        jaccard(self.shared.len(), self.investors_a, self.investors_b)
    }
}

fn jaccard(shared: usize, a: usize, b: usize) -> f64 {
    let union = a + b - shared;
    if union == 0 {
        0.0
    } else {
        shared as f64 / union as f64
    }
}

/// A pair of companies with the number of investors they share, while ranking.
#[derive(Debug, Clone, Copy)]
struct Counted {
    a: EntityIx,
    b: EntityIx,
    shared: usize,
    investors_a: usize,
    investors_b: usize,
}

impl Counted {
    fn jaccard(&self) -> f64 {
        jaccard(self.shared, self.investors_a, self.investors_b)
    }
}

/// The pairs of companies that share the most investors.
#[derive(Debug, Clone, PartialEq)]
pub struct PairRanking {
    /// The best pairs: most shared investors, then highest Jaccard index, then by name.
    pub top: Vec<PairOverlap>,
    /// How many pairs of companies share at least one investor.
    pub sharing: usize,
}

/// The investors shared by all of `companies` and by each pair of them, from their
/// `invests_in` relations that pass the filter's statuses and date. With `rollup`, a fund and
/// its owner count as one investor (see [`investors`](super::investors)).
///
/// # Complexity
/// O(Σ dᵢ log dᵢ + H log H + c² + Σₕ pₕ²) for c companies of dᵢ investors each, H investors
/// in all and pₕ of the companies held by investor h: each list of investors is read from the
/// graph's [`Adjacency`](crate::graph::Adjacency) and sorted once, the investors are put in
/// name order once, and each investor is added to the pairs of the companies it holds, so
/// pairs that share nothing cost nothing but their place. The investors shared by all are
/// found by merging the sorted lists, O(c · d) for d the longest, and only their stakes are
/// written out with their chains.
///
/// # Example
/// ```
/// use dealgraph::{algo, filter::Filter, load::{self, Input}};
///
/// let (graph, _) = load::load(&[Input::Bundled]).unwrap();
/// let pair = [graph.lookup("SenseTime").unwrap(), graph.lookup("Megvii").unwrap()];
/// let overlap = algo::overlap(&graph, &pair, &Filter::all(), false);
/// assert_eq!(graph.entity(overlap.shared[0].investor).name, "Alibaba");
/// assert_eq!(overlap.pairs[0].shared.len(), 1);
/// ```
pub fn overlap(graph: &Graph, companies: &[EntityIx], filter: &Filter, rollup: bool) -> Overlap {
    overlap_of(graph, companies, filter, rollup, None)
}

/// [`overlap`] with only the `top` pairs that share the most investors, best first (ranked
/// as [`overlap_all`] ranks them): a thousand companies make half a million pairs, which are
/// counted, and only the best are listed.
///
/// # Complexity
/// As [`overlap`], but the pairs cost O(c² + Σₕ pₕ²) to count and rank, and their shared
/// investors are found for the `top` pairs only, by merging two sorted lists each.
pub fn overlap_best(
    graph: &Graph,
    companies: &[EntityIx],
    filter: &Filter,
    rollup: bool,
    top: usize,
) -> Overlap {
    overlap_of(graph, companies, filter, rollup, Some(top))
}

/// [`overlap`], with every pair in the order named (`best` none) or the `best` few.
fn overlap_of(
    graph: &Graph,
    companies: &[EntityIx],
    filter: &Filter,
    rollup: bool,
    best: Option<usize>,
) -> Overlap {
    let adjacency = graph.adjacency();
    let mask = mask(filter);
    let mut tops = adjacency.marks();
    let mut up = Up::default();
    let mut holder = |investor: u32| {
        if !rollup {
            investor
        } else if let Some(top) = tops.get(investor) {
            top
        } else {
            let top = at(up.top(graph, eix(investor), filter));
            tops.set(investor, top);
            top
        }
    };
    let lists: Vec<Vec<EntityIx>> = companies
        .iter()
        .map(|&c| {
            let mut list = Vec::new();
            holders_of(graph, &mask, filter, at(c), &mut holder, &mut list);
            list.into_iter().map(eix).collect()
        })
        .collect();
    drop(tops);
    let mut all = lists.first().cloned().unwrap_or_default();
    for list in &lists[1.min(lists.len())..] {
        all = intersect(&all, list);
    }
    let places = graph.name_places();
    let place = |e: EntityIx| places[e.index()];
    all.sort_unstable_by_key(|&e| place(e));
    // The stakes, with their chains, only for the investors that all share: each company's
    // as `investors` orders them, names compared by their places.
    let stakes: Vec<Vec<Investment>> = if all.is_empty() {
        Vec::new()
    } else {
        companies
            .iter()
            .map(|&c| {
                let mut found = unordered_investors(graph, c, filter, rollup);
                found.sort_by_key(|i| (place(i.holder()), i.depth(), place(i.investor())));
                found
            })
            .collect()
    };
    let shared = all
        .into_iter()
        .map(|investor| SharedInvestor {
            investor,
            stakes: stakes
                .iter()
                .map(|list| {
                    // Each list is in the order of its holders' places: the investor's stakes
                    // are one run of it, found by halving (reading the whole list for each
                    // investor made 43,000 shared payers cost 1.8 billion comparisons).
                    let first = list.partition_point(|i| place(i.holder()) < place(investor));
                    list[first..]
                        .iter()
                        .take_while(|i| i.holder() == investor)
                        .cloned()
                        .collect()
                })
                .collect(),
        })
        .collect();
    let (pairs, pairs_sharing) = pairs(graph, companies, &lists, best);
    Overlap {
        companies: companies.to_vec(),
        shared,
        pairs,
        investors: lists.iter().map(Vec::len).collect(),
        pairs_sharing,
    }
}

/// Every pair of companies that shares an investor, ranked by the number of shared investors,
/// then by Jaccard index, then by name; the best `top` of them. Investors and companies are as
/// in [`overlap`]; a company is any entity with an investor.
///
/// # Complexity
/// O(V + E log d + Σₕ pₕ²) time for the E investments (d at most per company) and investors
/// h of pₕ companies each: each company's investors are read from the graph's
/// [`Adjacency`](crate::graph::Adjacency) and sorted, then every pair of companies that
/// shares an investor is counted once per investor they share, walking each company's
/// investors' portfolios with one reusable counter (never all pairs of companies). O(V + E)
/// memory, plus O(top) for the ranking.
///
/// # Errors
/// [`Error::Usage`] before any counting when Σₕ pₕ(pₕ − 1)/2, the pairs the investors' portfolios
/// make, is more than [`PAIRS_PER_RELATION`] per relation loaded (and more than
/// [`LEAST_PAIRS`]): one investor holding 65,000 companies makes 2.1 billion pairs, all tied,
/// which took 35 s.
///
/// # Example
/// ```
/// use dealgraph::{algo, filter::Filter, load::{self, Input}};
///
/// let (graph, _) = load::load(&[Input::Bundled]).unwrap();
/// let ranking = algo::overlap_all(&graph, &Filter::all(), false, 10).unwrap();
/// let best = &ranking.top[0];
/// let names = [&graph.entity(best.a).name, &graph.entity(best.b).name];
/// assert_eq!(names, ["Megvii", "SenseTime"]);
/// assert_eq!(ranking.sharing, 1);
/// ```
pub fn overlap_all(
    graph: &Graph,
    filter: &Filter,
    rollup: bool,
    top: usize,
) -> Result<PairRanking, Error> {
    let most = LEAST_PAIRS.max(PAIRS_PER_RELATION.saturating_mul(graph.relation_count() as u64));
    ranking_within(graph, filter, rollup, top, most)
}

/// How many pairs of companies in one portfolio `overlap --all` counts at most per relation
/// loaded: the whole graph of the benchmark kit (5 million relations) makes about 1.8 billion,
/// 365 a relation.
pub const PAIRS_PER_RELATION: u64 = 2_000;

/// How many pairs of companies in one portfolio `overlap --all` counts at least before it
/// stops, however little data is loaded (a second or so).
pub const LEAST_PAIRS: u64 = 100_000_000;

/// [`overlap_all`], refusing data whose portfolios make more than `most_pairs` pairs.
fn ranking_within(
    graph: &Graph,
    filter: &Filter,
    rollup: bool,
    top: usize,
    most_pairs: u64,
) -> Result<PairRanking, Error> {
    // Each company's holders, from its `invests_in` relations in scope, rolled up when asked.
    let mask = mask(filter);
    let n = graph.entity_count();
    let mut holder_of: Vec<u32> = if rollup { vec![NONE; n] } else { Vec::new() };
    let mut up = Up::default();
    let mut holder = |investor: u32| {
        if !rollup {
            return investor;
        }
        let cached = &mut holder_of[investor as usize];
        if *cached == NONE {
            *cached = at(up.top(graph, eix(investor), filter));
        }
        *cached
    };
    let mut starts = Vec::with_capacity(n + 1);
    let mut targets: Vec<u32> = Vec::new();
    starts.push(0u32);
    for company in 0..n as u32 {
        holders_of(graph, &mask, filter, company, &mut holder, &mut targets);
        starts.push(targets.len() as u32);
    }
    let by_company = Lists { starts, targets };
    let by_holder = by_company.transposed();
    too_many_pairs(graph, &by_holder, most_pairs)?;

    // Names compared by their places in name order: a million pairs that tie on their
    // numbers are ranked without reading a name.
    let places = graph.name_places();
    let better = |x: &Counted, y: &Counted| rank(places, x, y);
    let mut kept: Vec<Counted> = Vec::new();
    let mut worst: Option<Counted> = None;
    let mut sharing = 0;
    let mut counter = vec![0u32; graph.entity_count()];
    let mut touched: Vec<u32> = Vec::new();
    for a in 0..graph.entity_count() as u32 {
        if a % 4096 == 0 && crate::cancel::requested() {
            break;
        }
        let holders = by_company.of(a);
        if holders.is_empty() {
            continue;
        }
        for &h in holders {
            let companies = by_holder.of(h);
            let after = companies.partition_point(|&c| c <= a);
            for &b in &companies[after..] {
                if counter[b as usize] == 0 {
                    touched.push(b);
                }
                counter[b as usize] += 1;
            }
        }
        sharing += touched.len();
        for b in touched.drain(..) {
            let shared = std::mem::take(&mut counter[b as usize]) as usize;
            if top == 0 {
                continue;
            }
            // Most pairs rank below the worst pair kept on their numbers alone: decide those
            // without reading names, and most on the count alone.
            if worst.is_some_and(|w| shared < w.shared) {
                continue;
            }
            let investors_b = by_company.of(b).len();
            if let Some(w) = &worst {
                let j = jaccard(shared, holders.len(), investors_b);
                if (shared, j) < (w.shared, w.jaccard()) {
                    continue;
                }
            }
            let (ia, ib) = (eix(a), eix(b));
            let (first, second, investors_a, investors_b) =
                match places[a as usize].cmp(&places[b as usize]) {
                    Ordering::Greater => (ib, ia, investors_b, holders.len()),
                    _ => (ia, ib, holders.len(), investors_b),
                };
            let candidate = Counted {
                a: first,
                b: second,
                shared,
                investors_a,
                investors_b,
            };
            if worst.is_some_and(|w| better(&candidate, &w).is_ge()) {
                continue;
            }
            kept.push(candidate);
            // `top` is what the user typed, so it may be as big as a usize gets.
            if kept.len() >= top.saturating_mul(2) {
                kept.sort_by(better);
                kept.truncate(top);
                worst = kept.last().copied();
            }
        }
    }
    kept.sort_by(better);
    kept.truncate(top);
    let investors_of = |e: EntityIx| -> Vec<EntityIx> {
        by_company
            .of(e.index() as u32)
            .iter()
            .map(|&h| eix(h))
            .collect()
    };
    let top = kept
        .into_iter()
        .map(|c| {
            let mut shared = intersect(&investors_of(c.a), &investors_of(c.b));
            shared.sort_by(|&x, &y| by_name(graph, x, y));
            PairOverlap {
                a: c.a,
                b: c.b,
                shared,
                investors_a: c.investors_a,
                investors_b: c.investors_b,
            }
        })
        .collect();
    Ok(PairRanking { top, sharing })
}

/// An error when the portfolios of `by_holder` make more than `most` pairs of companies,
/// naming the largest portfolio.
fn too_many_pairs(graph: &Graph, by_holder: &Lists, most: u64) -> Result<(), Error> {
    let holders = by_holder.starts.len() - 1;
    let size = |h: usize| by_holder.of(h as u32).len() as u64;
    let pairs: u64 = (0..holders)
        .map(|h| size(h) * size(h).saturating_sub(1) / 2)
        .sum();
    if pairs <= most {
        return Ok(());
    }
    let largest = (0..holders).max_by_key(|&h| size(h)).unwrap_or(0);
    Err(Error::Usage(format!(
        "overlap --all would count {pairs} pairs of companies that share an investor ({} \
         alone holds {} companies), more than the {most} it counts for data of {} relations \
         ({PAIRS_PER_RELATION} a relation, {LEAST_PAIRS} at least); ask about the companies \
         you mean with `overlap A B ...`, or leave out investments with --status or --as-of",
        graph.entity(eix(largest as u32)).name,
        size(largest),
        graph.relation_count(),
    )))
}

/// Orders pairs best first: more shared investors, higher Jaccard index, then by names (by
/// their `places` in name order).
fn rank(places: &[u32], x: &Counted, y: &Counted) -> Ordering {
    let place = |e: EntityIx| places[e.index()];
    y.shared
        .cmp(&x.shared)
        .then(y.jaccard().total_cmp(&x.jaccard()))
        .then_with(|| place(x.a).cmp(&place(y.a)))
        .then_with(|| place(x.b).cmp(&place(y.b)))
}

/// The relations that make an investor: `invests_in`, or the filter's types when it names some
/// (`--rel pays`: shared payers).
fn mask(filter: &Filter) -> Mask {
    match super::investments::stake_types(filter) {
        Some(types) => Mask::of_types(filter, &types),
        None => Mask::of_types(filter, &[RelationType::InvestsIn]),
    }
}

/// Appends to `out` the holders of `company`'s stakes, sorted, each once: the entities with
/// `invests_in` relations into it that pass the mask and the filter's date (not from itself),
/// each mapped by `holder` (to its top owner, when rolled up).
fn holders_of(
    graph: &Graph,
    mask: &Mask,
    filter: &Filter,
    company: u32,
    holder: &mut dyn FnMut(u32) -> u32,
    out: &mut Vec<u32>,
) {
    let row = graph.adjacency().incoming(company);
    let begin = out.len();
    for (slot, &code) in row.slots.iter().zip(row.codes) {
        if slot.entity == company
            || !mask.allows(code)
            || (mask.dated() && !filter.in_force(relation(graph, rix(slot.relation))))
        {
            continue;
        }
        out.push(holder(slot.entity));
    }
    out[begin..].sort_unstable();
    let mut kept = begin;
    for i in begin..out.len() {
        if i == begin || out[i] != out[kept - 1] {
            out[kept] = out[i];
            kept += 1;
        }
    }
    out.truncate(kept);
}

/// No entity: an empty cell of a cache of entities.
const NONE: u32 = u32::MAX;

/// Sorted lists of entities in one array (compressed sparse rows), one list per entity.
struct Lists {
    starts: Vec<u32>,
    targets: Vec<u32>,
}

impl Lists {
    fn of(&self, node: u32) -> &[u32] {
        let (s, e) = (self.starts[node as usize], self.starts[node as usize + 1]);
        &self.targets[s as usize..e as usize]
    }

    /// The lists the other way round: for each entity, the entities whose lists hold it, in
    /// order.
    fn transposed(&self) -> Lists {
        let nodes = self.starts.len() - 1;
        let mut starts = vec![0u32; nodes + 1];
        for &t in &self.targets {
            starts[t as usize + 1] += 1;
        }
        for i in 0..nodes {
            starts[i + 1] += starts[i];
        }
        let mut next = starts[..nodes].to_vec();
        let mut targets = vec![0u32; self.targets.len()];
        for from in 0..nodes as u32 {
            for &t in self.of(from) {
                targets[next[t as usize] as usize] = from;
                next[t as usize] += 1;
            }
        }
        Lists { starts, targets }
    }
}

/// Every pair of the companies whose investors (sorted, deduplicated) are `lists`, in the
/// order named, with the investors they share by name: counted investor-first, each investor
/// added to the pairs of the companies it holds, investors taken in name order.
fn pairs(
    graph: &Graph,
    companies: &[EntityIx],
    lists: &[Vec<EntityIx>],
    best: Option<usize>,
) -> (Vec<PairOverlap>, usize) {
    let c = lists.len();
    // Each investor with the companies (their places in `lists`) it holds, investors by name.
    let mut investors: Vec<EntityIx> = lists.iter().flatten().copied().collect();
    investors.sort_unstable();
    investors.dedup();
    let places = graph.name_places();
    investors.sort_unstable_by_key(|e| places[e.index()]);
    let mut place = graph.adjacency().marks();
    for (i, &h) in investors.iter().enumerate() {
        place.set(at(h), i as u32);
    }
    let mut held: Vec<(u32, u32)> = Vec::new();
    for (i, list) in lists.iter().enumerate() {
        for &h in list {
            // Every holder of a list was given a place above.
            held.push((place.get(at(h)).unwrap_or(NONE), i as u32));
        }
    }
    drop(place);
    held.sort_unstable();
    // Each (pair, investor) that a pair shares: the pair (i, j), i < j, is at
    // i·c − i(i+1)/2 + j − i − 1.
    fn each_pair(
        held: &[(u32, u32)],
        investors: &[EntityIx],
        c: usize,
        mut f: impl FnMut(usize, EntityIx),
    ) {
        for run in held.chunk_by(|x, y| x.0 == y.0) {
            let investor = investors[run[0].0 as usize];
            for (k, &(_, i)) in run.iter().enumerate() {
                let (i, row) = (i as usize, i as usize * c);
                for &(_, j) in &run[k + 1..] {
                    f(row - i * (i + 1) / 2 + j as usize - i - 1, investor);
                }
            }
        }
    }
    // Counted first, so that each pair's list is made once at its size.
    let mut counts = vec![0u32; c * c.saturating_sub(1) / 2];
    each_pair(&held, &investors, c, |p, _| counts[p] += 1);
    let sharing = counts.iter().filter(|&&n| n > 0).count();
    if let Some(top) = best {
        return (best_pairs(graph, companies, lists, &counts, top), sharing);
    }
    let mut shared: Vec<Vec<EntityIx>> = counts
        .iter()
        .map(|&n| Vec::with_capacity(n as usize))
        .collect();
    each_pair(&held, &investors, c, |p, investor| shared[p].push(investor));
    let mut shared = shared.into_iter();
    let mut pairs = Vec::with_capacity(shared.len());
    for i in 0..c {
        for j in i + 1..c {
            pairs.push(PairOverlap {
                a: companies[i],
                b: companies[j],
                // One list was made for each pair.
                shared: shared.next().unwrap_or_default(),
                investors_a: lists[i].len(),
                investors_b: lists[j].len(),
            });
        }
    }
    (pairs, sharing)
}

/// The `top` pairs of `companies` that share the most investors, best first, from the
/// `counts` of shared investors of each pair (i, j), i < j, in the order [`pairs`] counts
/// them; each one's shared investors found by merging the two sorted `lists`.
fn best_pairs(
    graph: &Graph,
    companies: &[EntityIx],
    lists: &[Vec<EntityIx>],
    counts: &[u32],
    top: usize,
) -> Vec<PairOverlap> {
    let c = lists.len();
    let counted = |p: usize, (i, j): (u32, u32)| Counted {
        a: companies[i as usize],
        b: companies[j as usize],
        shared: counts[p] as usize,
        investors_a: lists[i as usize].len(),
        investors_b: lists[j as usize].len(),
    };
    let mut ranked: Vec<(Counted, (u32, u32))> = (0..c as u32)
        .flat_map(|i| (i + 1..c as u32).map(move |j| (i, j)))
        .enumerate()
        .map(|(p, pair)| (counted(p, pair), pair))
        .collect();
    let places = graph.name_places();
    let better = |x: &(Counted, (u32, u32)), y: &(Counted, (u32, u32))| rank(places, &x.0, &y.0);
    if top < ranked.len() {
        ranked.select_nth_unstable_by(top, better);
        ranked.truncate(top);
    }
    ranked.sort_by(better);
    ranked
        .into_iter()
        .map(|(pair, (i, j))| {
            let mut shared = intersect(&lists[i as usize], &lists[j as usize]);
            shared.sort_unstable_by_key(|e| places[e.index()]);
            PairOverlap {
                a: pair.a,
                b: pair.b,
                shared,
                investors_a: pair.investors_a,
                investors_b: pair.investors_b,
            }
        })
        .collect()
}

/// The common elements of two sorted lists, by merging.
fn intersect(a: &[EntityIx], b: &[EntityIx]) -> Vec<EntityIx> {
    let (mut i, mut j, mut both) = (0, 0, Vec::new());
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            Ordering::Less => i += 1,
            Ordering::Greater => j += 1,
            Ordering::Equal => {
                both.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    both
}

impl From<&Overlap> for Subgraph {
    /// The companies, the investors they all share, and the stakes (with the ownership above
    /// them, when rolled up) that make them shared.
    fn from(o: &Overlap) -> Self {
        let mut sub = Subgraph::default();
        sub.entities.extend(o.companies.iter().copied());
        for s in &o.shared {
            for stake in s.stakes.iter().flatten() {
                union(&mut sub, Subgraph::from(&stake.path()));
            }
        }
        sub
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::algo::tests::graph;
    use crate::model::{RelationType::*, Status::*};

    fn world() -> (Graph, impl Fn(&str) -> EntityIx) {
        graph(
            &["x", "y", "z", "i1", "i2", "i3", "owner"],
            &[
                ("i1", InvestsIn, "x", Confirmed),
                ("i1", InvestsIn, "y", Confirmed),
                ("i1", InvestsIn, "z", Confirmed),
                ("i2", InvestsIn, "x", Confirmed),
                ("i2", InvestsIn, "y", Reported),
                ("i3", InvestsIn, "z", Confirmed),
                ("owner", Owns, "i3", Confirmed),
                ("owner", InvestsIn, "x", Confirmed),
            ],
        )
    }

    #[test]
    fn shared_by_all_and_by_each_pair() {
        let (g, id) = world();
        let o = overlap(&g, &[id("x"), id("y"), id("z")], &Filter::all(), false);
        let shared: Vec<EntityIx> = o.shared.iter().map(|s| s.investor).collect();
        assert_eq!(shared, vec![id("i1")]);
        assert_eq!(o.pairs.len(), 3);
        assert_eq!(o.pairs[0].shared, vec![id("i1"), id("i2")]);
        assert_eq!(o.pairs[0].jaccard(), 2.0 / 3.0);

        let rolled = overlap(&g, &[id("x"), id("z")], &Filter::all(), true);
        let shared: Vec<EntityIx> = rolled.shared.iter().map(|s| s.investor).collect();
        assert_eq!(shared, vec![id("i1"), id("owner")]);
        assert_eq!(Subgraph::from(&rolled).relations.len(), 5);
    }

    #[test]
    fn every_pair_ranked_agrees_with_the_named_overlap() {
        let (g, id) = world();
        for rollup in [false, true] {
            let ranking = overlap_all(&g, &Filter::all(), rollup, 10).unwrap();
            assert_eq!(ranking.sharing, 3);
            for pair in &ranking.top {
                let named = overlap(&g, &[pair.a, pair.b], &Filter::all(), rollup);
                assert_eq!(named.pairs[0], *pair);
            }
        }
        let best = &overlap_all(&g, &Filter::all(), false, 1).unwrap().top;
        assert_eq!(best.len(), 1);
        assert_eq!((best[0].a, best[0].b), (id("x"), id("y")));
        assert!(
            overlap_all(&g, &Filter::all(), false, 0)
                .unwrap()
                .top
                .is_empty()
        );
    }

    #[test]
    fn the_largest_top_lists_every_pair_instead_of_overflowing() {
        let (g, _) = world();
        let ranking = overlap_all(&g, &Filter::all(), false, usize::MAX).unwrap();
        assert_eq!(ranking.top.len(), 3);
    }

    #[test]
    fn the_ranking_stops_before_counting_when_portfolios_make_too_many_pairs() {
        let (g, _) = world();
        let pairs = |most| ranking_within(&g, &Filter::all(), false, 10, most);
        let counted = pairs(u64::MAX).unwrap();
        // i1 holds three companies, three pairs; i2 two, one pair.
        assert_eq!(pairs(4).unwrap(), counted);
        let Err(Error::Usage(message)) = pairs(3) else {
            panic!("no error past the pairs");
        };
        assert!(
            message.contains("would count 4 pairs") && message.contains("`overlap A B ...`"),
            "{message}"
        );
    }
}
