//! The shortest path (or the k shortest) between two entities over the filtered graph, and,
//! when there is none, which part of the constraints blocks it.

use std::collections::BTreeSet;

use serde::Serialize;

use super::{EntityBrief, PathOut};
use crate::algo::{self, Avoid, Path};
use crate::error::Error;
use crate::filter::{Direction, Filter};
use crate::graph::{EntityIx, Graph};
use crate::text;

/// A path question: its ends by id, name or alias, and the search's own constraints besides
/// the filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathQuery {
    /// Where the path starts.
    pub from: String,
    /// Where it ends.
    pub to: String,
    /// Follow relations only along their direction (the same as the filter's `Direction::Out`).
    pub directed: bool,
    /// Entities the path may not pass through.
    pub avoid: Vec<String>,
    /// How many paths to find, shortest first.
    pub k: usize,
    /// The longest path wanted, in hops.
    pub max_len: Option<usize>,
    /// List every relation of a hop rather than add up several of one type.
    pub all_relations: bool,
}

impl PathQuery {
    /// The shortest path from one entity to another, with no constraint of its own.
    pub fn new(from: impl Into<String>, to: impl Into<String>) -> Self {
        PathQuery {
            from: from.into(),
            to: to.into(),
            directed: false,
            avoid: Vec::new(),
            k: 1,
            max_len: None,
            all_relations: false,
        }
    }

    /// Whether any constraint besides the ends is set.
    pub fn is_constrained(&self) -> bool {
        self.directed || !self.avoid.is_empty() || self.k != 1 || self.max_len.is_some()
    }
}

/// The answer to a path question.
#[derive(Debug, Serialize)]
pub struct PathAnswer<'g> {
    /// Where the paths start.
    pub from: EntityBrief<'g>,
    /// Where they end.
    pub to: EntityBrief<'g>,
    /// The constraints in words, "" when there are none.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub filter: String,
    /// The paths found, shortest first.
    pub paths: Vec<PathOut<'g>>,
    /// Why there is none, when there is none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub no_path: Option<NoPath>,
    /// How many paths were asked for.
    #[serde(skip)]
    pub asked: usize,
    /// Whether every relation of a hop is to be listed, not added up.
    #[serde(skip)]
    pub all_relations: bool,
    /// The graph the answer is about.
    #[serde(skip)]
    pub graph: &'g Graph,
}

/// Why there is no path, and what would give one.
#[derive(Debug, Clone, Serialize)]
pub struct NoPath {
    /// The reason in one sentence.
    pub message: String,
    /// Each part of the filter that alone blocks every path, with the path its removal allows.
    pub blocked_by: Vec<Blocker>,
    /// The length of the shortest path with no filter at all, if there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub length_without_filter: Option<usize>,
}

/// A part of the constraints that alone blocks every path.
#[derive(Debug, Clone, Serialize)]
pub struct Blocker {
    /// The part of the filter: status, as_of, rel, kind, dir, avoid or max_len.
    pub filter: &'static str,
    /// The length of the shortest path without it.
    pub length: usize,
    /// What the path without it needs, in words.
    pub allows: String,
}

/// What a path search is constrained by, besides its ends.
#[derive(Debug, Clone)]
struct Constraints {
    filter: Filter,
    avoid: Avoid,
    max_len: Option<usize>,
}

/// A path question resolved against a graph: its ends and constraints as entities of the
/// graph. `path` and `export --path` both search through it.
#[derive(Debug, Clone)]
pub struct Search {
    /// Where the paths start.
    pub from: EntityIx,
    /// Where they end.
    pub to: EntityIx,
    /// How many paths to find.
    pub k: usize,
    asked: Constraints,
}

impl Search {
    /// The search that `query` asks for under `filter`: `directed` follows relations one way,
    /// and `avoid` names entities between the ends.
    pub fn new(graph: &Graph, filter: &Filter, query: &PathQuery) -> Result<Self, Error> {
        let from = graph.lookup(&query.from)?;
        let to = graph.lookup(&query.to)?;
        let mut filter = filter.clone();
        if query.directed {
            filter.direction = Direction::Out;
        }
        let mut avoid = Avoid::new();
        for text in &query.avoid {
            let ix = graph.lookup(text)?;
            if ix == from || ix == to {
                return Err(Error::Usage(format!(
                    "--avoid names {}, an end of the path; avoid the entities between the ends",
                    graph.entity(ix).name
                )));
            }
            avoid.insert(ix);
        }
        Ok(Search {
            from,
            to,
            k: query.k.max(1),
            asked: Constraints {
                filter,
                avoid,
                max_len: query.max_len,
            },
        })
    }

    /// The filter the paths are searched with (`directed` included).
    pub fn filter(&self) -> &Filter {
        &self.asked.filter
    }

    /// The k shortest paths, shortest first; none when the constraints block every path.
    pub fn paths(&self, graph: &Graph) -> Vec<Path> {
        let c = &self.asked;
        algo::k_shortest_paths(
            graph, self.from, self.to, &c.filter, &c.avoid, self.k, c.max_len,
        )
    }

    /// The constraints in words: the filter, the entities avoided, the length bound; "" when
    /// there are none.
    pub fn describe(&self, graph: &Graph) -> String {
        describe(graph, &self.asked)
    }

    /// Why there is no path, and which part of the constraints blocks it when one does.
    pub fn why_none(&self, graph: &Graph) -> NoPath {
        diagnose(graph, self.from, self.to, &self.asked)
    }
}

/// The shortest paths `query` asks for under `filter`, or why there is none.
///
/// # Example
/// ```
/// use dealgraph::{filter::Filter, load::{self, Input}, query::path::{path, PathQuery}};
///
/// let (graph, _) = load::load(&[Input::Bundled]).unwrap();
/// let query = PathQuery::new("SoftBank Vision Fund", "Chongqing police");
/// let answer = path(&graph, &Filter::all(), &query).unwrap();
/// assert_eq!(answer.paths[0].length, 2);
/// ```
pub fn path<'g>(
    graph: &'g Graph,
    filter: &Filter,
    query: &PathQuery,
) -> Result<PathAnswer<'g>, Error> {
    let search = Search::new(graph, filter, query)?;
    let paths = search.paths(graph);
    let no_path = paths.is_empty().then(|| search.why_none(graph));
    Ok(PathAnswer {
        from: EntityBrief::new(graph, search.from),
        to: EntityBrief::new(graph, search.to),
        filter: search.describe(graph),
        paths: paths
            .iter()
            .map(|p| PathOut::new(graph, search.filter(), p))
            .collect(),
        no_path,
        asked: search.k,
        all_relations: query.all_relations,
        graph,
    })
}

/// The constraints in words: the filter, the entities avoided, the length bound.
fn describe(graph: &Graph, c: &Constraints) -> String {
    let mut parts = Vec::new();
    let filter = c.filter.describe();
    if !filter.is_empty() {
        parts.push(filter);
    }
    if !c.avoid.is_empty() {
        let mut names: Vec<&str> = c
            .avoid
            .iter()
            .map(|&e| graph.entity(e).name.as_str())
            .collect();
        names.sort();
        parts.push(format!("avoiding {}", text::and_list(&names)));
    }
    if let Some(m) = c.max_len {
        parts.push(format!("at most {}", text::count(m, "hop", "hops")));
    }
    parts.join("; ")
}

/// Finds which part of the constraints blocks every path, by lifting each in turn.
fn diagnose(graph: &Graph, from: EntityIx, to: EntityIx, asked: &Constraints) -> NoPath {
    let find = |c: &Constraints| {
        algo::k_shortest_paths(graph, from, to, &c.filter, &c.avoid, 1, c.max_len)
            .into_iter()
            .next()
    };
    let lifted = |change: &dyn Fn(&mut Constraints)| {
        let mut c = asked.clone();
        change(&mut c);
        c
    };
    let relation = |r| graph.relation_weight(r);
    let f = &asked.filter;
    let mut blocked_by = Vec::new();
    let mut try_without = |name: &'static str,
                           active: bool,
                           change: &dyn Fn(&mut Constraints),
                           allows: &dyn Fn(&Path) -> String| {
        if active && let Some(path) = find(&lifted(change)) {
            blocked_by.push(Blocker {
                filter: name,
                length: path.len(),
                allows: allows(&path),
            });
        }
    };
    try_without(
        "status",
        !f.statuses.is_empty(),
        &|c| c.filter.statuses.clear(),
        &|path| {
            let needed: BTreeSet<&str> = path
                .hops
                .iter()
                .filter(|hop| {
                    !hop.iter()
                        .any(|&r| f.statuses.contains(&relation(r).status))
                })
                .map(|hop| relation(hop[0]).status.as_str())
                .collect();
            format!(
                "when {} relations are allowed",
                text::and_list(&needed.into_iter().collect::<Vec<_>>())
            )
        },
    );
    try_without(
        "as_of",
        f.as_of.is_some(),
        &|c| c.filter.as_of = None,
        &|_| {
            let day = f.as_of.map(|d| d.to_string()).unwrap_or_default();
            format!("when relations not in force on {day} are allowed")
        },
    );
    try_without(
        "rel",
        !f.types.is_empty(),
        &|c| c.filter.types.clear(),
        &|path| {
            let needed: BTreeSet<&str> = path
                .hops
                .iter()
                .filter(|hop| !hop.iter().any(|&r| f.types.contains(&relation(r).kind)))
                .map(|hop| relation(hop[0]).kind.as_str())
                .collect();
            format!(
                "when {} relations are allowed",
                text::and_list(&needed.into_iter().collect::<Vec<_>>())
            )
        },
    );
    try_without(
        "kind",
        !f.kinds.is_empty(),
        &|c| c.filter.kinds.clear(),
        &|path| {
            let inner = &path.entities[1..path.entities.len() - 1];
            let needed: BTreeSet<&str> = inner
                .iter()
                .map(|&e| graph.entity(e).kind)
                .filter(|k| !f.kinds.contains(k))
                .map(|k| k.as_str())
                .collect();
            let kinds = text::and_list(&needed.into_iter().collect::<Vec<_>>());
            format!("when it may pass through entities of kind {kinds}")
        },
    );
    try_without(
        "dir",
        f.direction != Direction::Both,
        &|c| c.filter.direction = Direction::Both,
        &|_| "when relations may be followed either way".to_string(),
    );
    try_without(
        "avoid",
        !asked.avoid.is_empty(),
        &|c| c.avoid.clear(),
        &|path| {
            let mut names: Vec<&str> = path
                .entities
                .iter()
                .filter(|e| asked.avoid.contains(e))
                .map(|&e| graph.entity(e).name.as_str())
                .collect();
            names.sort();
            format!("when it may pass through {}", text::and_list(&names))
        },
    );
    try_without(
        "max_len",
        asked.max_len.is_some(),
        &|c| c.max_len = None,
        &|path| {
            format!(
                "when it may have {}",
                text::count(path.len(), "hop", "hops")
            )
        },
    );
    let nothing = Constraints {
        filter: Filter::all(),
        avoid: Avoid::new(),
        max_len: None,
    };
    let length_without_filter = find(&nothing).map(|p| p.len());
    let (a, b) = (&graph.entity(from).name, &graph.entity(to).name);
    let mut message = format!("no path from {a} to {b}");
    if let Some(m) = asked.max_len {
        message.push_str(&format!(" of at most {}", text::count(m, "hop", "hops")));
    }
    let with = asked.filter.with_words();
    message.push_str(&with);
    if !asked.avoid.is_empty() {
        let only_avoid = Constraints {
            filter: Filter::all(),
            avoid: asked.avoid.clone(),
            max_len: None,
        };
        let sep = if with.is_empty() { " " } else { ", " };
        message.push_str(&format!("{sep}{}", describe(graph, &only_avoid)));
    }
    let constraints = describe(graph, asked);
    if !blocked_by.is_empty() {
        let ways: Vec<String> = blocked_by
            .iter()
            .map(|w| format!("one of length {} {}", w.length, w.allows))
            .collect();
        message.push_str(&format!("; there is {}", ways.join(", and ")));
    } else {
        match (length_without_filter, constraints.is_empty()) {
            (Some(n), false) => message.push_str(&format!(
                "; no one part of the filter blocks it, but with no filter at all there is one of length {n}"
            )),
            _ => message.push_str(": they are not connected in the data"),
        }
    }
    NoPath {
        message,
        blocked_by,
        length_without_filter,
    }
}
