//! `path FROM TO`: the shortest path (or the k shortest) over the filtered graph, every hop
//! printed as its relation in its true direction with status, facts and sources. When there is
//! none, it says so and which part of the filter blocked it.

use std::collections::BTreeSet;
use std::io::Write;

use serde::Serialize;

use super::trail::{self, PathOut};
use super::{EntityBrief, emit};
use crate::algo::{self, Avoid, Path};
use crate::cli::{FilterArgs, PathArgs, PathSearchArgs};
use crate::error::Error;
use crate::filter::{Direction, Filter};
use crate::graph::{EntityIx, Graph};
use crate::render;
use crate::session::Options;

#[derive(Serialize)]
struct Answer<'g> {
    from: EntityBrief<'g>,
    to: EntityBrief<'g>,
    #[serde(skip_serializing_if = "String::is_empty")]
    filter: String,
    paths: Vec<PathOut<'g>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    no_path: Option<NoPath>,
}

/// Why there is no path, and what would give one.
#[derive(Debug, Serialize)]
struct NoPath {
    message: String,
    /// Each part of the filter that alone blocks every path, with the path its removal allows.
    blocked_by: Vec<Blocker>,
    /// The length of the shortest path with no filter at all, if there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    length_without_filter: Option<usize>,
}

#[derive(Debug, Serialize)]
struct Blocker {
    /// The part of the filter: status, as_of, rel, kind, dir, avoid or max_len.
    filter: &'static str,
    /// The length of the shortest path without it.
    length: usize,
    /// What the path without it needs, in words.
    allows: String,
}

/// What a path search is constrained by, besides its ends.
#[derive(Clone)]
struct Constraints {
    filter: Filter,
    avoid: Avoid,
    max_len: Option<usize>,
}

/// A path query read from its flags: its ends, its constraints and how many paths to find.
/// `path` and `export --path` both ask through it.
pub(crate) struct Query {
    pub from: EntityIx,
    pub to: EntityIx,
    pub k: usize,
    asked: Constraints,
}

impl Query {
    /// The query that `FROM TO` and the path flags ask for over the session's filter:
    /// `--directed` follows relations one way (`--dir out`), and `--avoid` names entities
    /// between the ends.
    pub(crate) fn new(
        graph: &Graph,
        base: &Filter,
        (from, to): (&str, &str),
        filter: &FilterArgs,
        search: &PathSearchArgs,
    ) -> Result<Self, Error> {
        let from = graph.lookup(from)?;
        let to = graph.lookup(to)?;
        let mut filter = filter.apply(base);
        if search.directed {
            filter.direction = Direction::Out;
        }
        let mut avoid = Avoid::new();
        for text in &search.avoid {
            let ix = graph.lookup(text)?;
            if ix == from || ix == to {
                return Err(Error::Usage(format!(
                    "--avoid names {}, an end of the path; avoid the entities between the ends",
                    graph.entity(ix).name
                )));
            }
            avoid.insert(ix);
        }
        Ok(Query {
            from,
            to,
            k: search.k as usize,
            asked: Constraints {
                filter,
                avoid,
                max_len: search.max_len,
            },
        })
    }

    /// The filter the paths are searched with (`--directed` included).
    pub(crate) fn filter(&self) -> &Filter {
        &self.asked.filter
    }

    /// The k shortest paths, shortest first; none when the constraints block every path.
    pub(crate) fn paths(&self, graph: &Graph) -> Vec<Path> {
        let c = &self.asked;
        algo::k_shortest_paths(
            graph, self.from, self.to, &c.filter, &c.avoid, self.k, c.max_len,
        )
    }

    /// The constraints in words: the filter, the entities avoided, the length bound; "" when
    /// there are none.
    pub(crate) fn describe(&self, graph: &Graph) -> String {
        describe(graph, &self.asked)
    }

    /// Why there is no path, in one sentence that names the part of the constraints that
    /// blocks it when one does.
    pub(crate) fn why_none(&self, graph: &Graph) -> String {
        diagnose(graph, self.from, self.to, &self.asked).message
    }
}

pub fn run(
    graph: &Graph,
    options: &Options,
    args: &PathArgs,
    out: &mut dyn Write,
) -> Result<(), Error> {
    let query = Query::new(
        graph,
        &options.filter,
        (&args.from, &args.to),
        &args.filter,
        &args.search,
    )?;
    let (from, to, k) = (query.from, query.to, query.k);
    let paths = query.paths(graph);
    let asked = &query.asked;
    let no_path = paths.is_empty().then(|| diagnose(graph, from, to, asked));
    let options = Options {
        filter: asked.filter.clone(),
        ..options.clone()
    };
    let answer = Answer {
        from: EntityBrief::new(graph, from),
        to: EntityBrief::new(graph, to),
        filter: query.describe(graph),
        paths: paths
            .iter()
            .map(|p| PathOut::new(graph, &asked.filter, p))
            .collect(),
        no_path,
    };
    emit(out, &options, &answer, |out| {
        if let Some(none) = &answer.no_path {
            return writeln!(out, "{}", none.message);
        }
        let (a, b) = (&graph.entity(from).name, &graph.entity(to).name);
        if k > 1 {
            let found = render::count(paths.len(), "path", "paths");
            let more = if paths.len() < k {
                format!(" (asked for {k}; there are no more)")
            } else {
                String::new()
            };
            writeln!(out, "{found} from {a} to {b}, shortest first{more}")?;
        }
        for (i, path) in paths.iter().enumerate() {
            if k > 1 {
                writeln!(out)?;
                write!(out, "{}. ", i + 1)?;
            }
            writeln!(out, "{}", trail::headline(graph, &options, path))?;
            trail::write_hops(out, graph, &options, path, "  ")?;
        }
        trail::filter_note(out, &answer.filter)
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
        parts.push(format!("avoiding {}", render::and_list(&names)));
    }
    if let Some(m) = c.max_len {
        parts.push(format!("at most {}", render::count(m, "hop", "hops")));
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
    let relation = |r| &graph.inner()[r];
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
                render::and_list(&needed.into_iter().collect::<Vec<_>>())
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
                render::and_list(&needed.into_iter().collect::<Vec<_>>())
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
            let kinds = render::and_list(&needed.into_iter().collect::<Vec<_>>());
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
            format!("when it may pass through {}", render::and_list(&names))
        },
    );
    try_without(
        "max_len",
        asked.max_len.is_some(),
        &|c| c.max_len = None,
        &|path| {
            format!(
                "when it may have {}",
                render::count(path.len(), "hop", "hops")
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
        message.push_str(&format!(" of at most {}", render::count(m, "hop", "hops")));
    }
    let with = trail::with_filter(&asked.filter);
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
