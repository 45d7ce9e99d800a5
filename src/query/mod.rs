//! The queries of the grammar as library functions: each takes the graph, a filter and its own
//! question, and returns a public, serialisable answer. Printing is the faces' job
//! ([`crate::print`]); the answers here hold what both the text and the JSON show.
//!
//! The shared parts of answers live here: an entity in brief ([`EntityBrief`]), a relation as
//! evidence ([`RelationOut`]) and a path of them ([`PathOut`]).

pub mod coinvestors;
pub mod exposure;
pub mod find;
pub mod flows;
pub mod investments;
pub mod neighbours;
pub mod overlap;
pub mod owners;
pub mod path;
pub mod show;
pub mod stats;
pub mod ubo;

use serde::Serialize;

use crate::algo::Path;
use crate::error::Error;
use crate::filter::Filter;
use crate::graph::{EntityIx, Graph, RelationIx, RelationRef};
use crate::model::{EntityKind, Relation, Status};

/// An entity in brief: its id, name and kind.
#[derive(Debug, Clone, Serialize)]
pub struct EntityBrief<'g> {
    /// The entity's id.
    pub id: &'g str,
    /// The entity's name.
    pub name: &'g str,
    /// What the entity is.
    pub kind: EntityKind,
}

impl<'g> EntityBrief<'g> {
    /// The entity of the graph at `ix`, in brief.
    pub fn new(graph: &'g Graph, ix: EntityIx) -> Self {
        let e = graph.entity(ix);
        EntityBrief {
            id: &e.id,
            name: &e.name,
            kind: e.kind,
        }
    }
}

/// Entities of a graph, each read as an [`EntityBrief`] when listed or written: the pairs of
/// a thousand companies name millions of shared investors, which stay indexes until printed.
#[derive(Debug, Clone)]
pub struct Briefs<'g> {
    graph: &'g Graph,
    entities: Vec<EntityIx>,
}

impl<'g> Briefs<'g> {
    /// The `entities` of `graph`.
    pub fn new(graph: &'g Graph, entities: Vec<EntityIx>) -> Self {
        Briefs { graph, entities }
    }

    /// How many.
    pub fn len(&self) -> usize {
        self.entities.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.entities.is_empty()
    }

    /// Each, in brief, in order.
    pub fn iter(&self) -> impl Iterator<Item = EntityBrief<'g>> + '_ {
        self.entities
            .iter()
            .map(|&ix| EntityBrief::new(self.graph, ix))
    }
}

impl Serialize for Briefs<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

/// A relation of the graph with its ends.
pub(crate) fn relation_ref(graph: &Graph, ix: RelationIx) -> RelationRef<'_> {
    // Every index the queries answer with comes from an algorithm run on this very graph, and
    // relations are never removed, so the edge exists.
    graph.relation(ix).expect("a relation of this graph")
}

/// Whether a relation counts as in force only because it has no date (with `--as-of`).
pub fn undated(filter: &Filter, r: &RelationRef<'_>) -> bool {
    filter.as_of.is_some() && !r.relation.is_dated()
}

/// A relation as every answer holds it: its ends by id and name, its own fields (`type`,
/// `status`, `sources`, ...), and `undated` when `--as-of` counts it as in force for want of a
/// date.
#[derive(Debug, Clone, Serialize)]
pub struct RelationOut<'g> {
    /// The id of the entity the relation goes from.
    pub from: &'g str,
    /// Its name.
    pub from_name: &'g str,
    /// The id of the entity the relation goes to.
    pub to: &'g str,
    /// Its name.
    pub to_name: &'g str,
    /// The relation itself.
    #[serde(flatten)]
    pub relation: &'g Relation,
    /// In force under `--as-of` only because it has no date.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub undated: bool,
    /// Where the relation is in the graph.
    #[serde(skip)]
    pub index: RelationIx,
}

impl<'g> RelationOut<'g> {
    /// The relation at `ix`, as seen under `filter`.
    pub fn new(graph: &'g Graph, filter: &Filter, ix: RelationIx) -> Self {
        let r = relation_ref(graph, ix);
        let (from, to) = (graph.entity(r.from), graph.entity(r.to));
        RelationOut {
            from: &from.id,
            from_name: &from.name,
            to: &to.id,
            to_name: &to.name,
            relation: r.relation,
            undated: undated(filter, &r),
            index: ix,
        }
    }

    /// Each relation of a list.
    pub fn all(graph: &'g Graph, filter: &Filter, list: &[RelationIx]) -> Vec<Self> {
        list.iter()
            .map(|&r| RelationOut::new(graph, filter, r))
            .collect()
    }
}

/// A path as an answer holds it: its entities, length, weakest status and hops.
#[derive(Debug, Clone, Serialize)]
pub struct PathOut<'g> {
    /// How many hops.
    pub length: usize,
    /// The weakest status of the relations on it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weakest_status: Option<Status>,
    /// The entities in the order walked.
    pub entities: Vec<EntityBrief<'g>>,
    /// The hops, each with every relation that joins its two entities.
    pub hops: Vec<HopOut<'g>>,
    /// The middle of a long chain of owners, left out of `entities` and `hops`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub elided: Option<ElidedOut<'g>>,
}

/// Entities left out of the middle of a long chain of owners.
#[derive(Debug, Clone, Serialize)]
pub struct ElidedOut<'g> {
    /// The id of the entity after which they are left out.
    pub after: &'g str,
    /// The id of the entity before which they are left out.
    pub before: &'g str,
    /// How many entities are left out.
    pub count: usize,
}

/// One hop of a path: the two entities in the order walked, and the relations between them.
#[derive(Debug, Clone, Serialize)]
pub struct HopOut<'g> {
    /// The id of the entity the hop leaves.
    pub from: &'g str,
    /// The id of the entity it reaches.
    pub to: &'g str,
    /// The relations between them that the filter allows.
    pub relations: Vec<RelationOut<'g>>,
}

impl<'g> PathOut<'g> {
    /// A path found by an algorithm on `graph`, as seen under `filter`.
    pub fn new(graph: &'g Graph, filter: &Filter, path: &Path) -> Self {
        PathOut {
            length: path.len(),
            weakest_status: path.weakest(graph),
            entities: path
                .entities
                .iter()
                .map(|&e| EntityBrief::new(graph, e))
                .collect(),
            hops: path
                .entities
                .windows(2)
                .zip(&path.hops)
                .filter(|(_, hop)| !hop.is_empty())
                .map(|(pair, hop)| HopOut {
                    from: &graph.entity(pair[0]).id,
                    to: &graph.entity(pair[1]).id,
                    relations: RelationOut::all(graph, filter, hop),
                })
                .collect(),
            elided: path.elided.map(|e| ElidedOut {
                after: &graph.entity(path.entities[e.after]).id,
                before: &graph.entity(path.entities[e.after + 1]).id,
                count: e.count,
            }),
        }
    }

    /// Every relation of every hop, in the order walked.
    pub fn relations(&self) -> impl Iterator<Item = &RelationOut<'g>> {
        self.hops.iter().flat_map(|h| &h.relations)
    }
}

/// The entities named, each once, in the order named: two or more, or an error that ends with
/// `how` to ask. `overlap` and `export --overlap` both read them so.
pub fn two_or_more(graph: &Graph, names: &[String], how: &str) -> Result<Vec<EntityIx>, Error> {
    let mut found: Vec<EntityIx> = Vec::new();
    for text in names {
        let ix = graph.lookup(text)?;
        if !found.contains(&ix) {
            found.push(ix);
        }
    }
    if found.len() < 2 {
        return Err(Error::Usage(format!(
            "name two or more different companies {how}"
        )));
    }
    Ok(found)
}

/// A role an entity plays by its relations, and the command that answers about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Funded by investors (`investors`).
    Funded,
    /// Invests in companies (`portfolio`).
    Invests,
    /// Owned by others (`owners`, `ubo`).
    Owned,
    /// Owns others (`subsidiaries`).
    Owns,
    /// Paid by others, or pays them (`flows`).
    Paid,
}

/// What an entity is in the roles other than those asked about, each with the command that
/// fits, in one line: `SoftBank owns 1 entity: \`subsidiaries SoftBank\` lists it`; `None`
/// when it plays none of them.
pub fn other_roles(graph: &Graph, ix: EntityIx, asked: &[Role]) -> Option<String> {
    use crate::model::RelationType::{InvestsIn, Owns, Pays};
    use petgraph::Direction::{Incoming, Outgoing};
    let name = &graph.entity(ix).name;
    let quoted = if name.contains(' ') {
        format!("\"{name}\"")
    } else {
        name.clone()
    };
    // How many entities are at the other end of its relations of a type, one way.
    let ends = |kind, direction| {
        graph
            .relations_of(ix, direction)
            .filter(|r| r.relation.kind == kind)
            .map(|r| if direction == Incoming { r.from } else { r.to })
            .collect::<std::collections::BTreeSet<_>>()
            .len()
    };
    let them = |n: usize| if n == 1 { "it" } else { "them" };
    let mut said = Vec::new();
    let mut say = |role: Role, n: usize, what: String| {
        if n > 0 && !asked.contains(&role) {
            said.push(what);
        }
    };
    // Each role by relations of one type one way: what it is, what the others are, and the
    // command that lists them.
    let roles = [
        (
            Role::Funded,
            InvestsIn,
            Incoming,
            "is funded by",
            ["investor", "investors"],
            "investors",
        ),
        (
            Role::Invests,
            InvestsIn,
            Outgoing,
            "invests in",
            ["company", "companies"],
            "portfolio",
        ),
        (
            Role::Owned,
            Owns,
            Incoming,
            "is owned by",
            ["entity", "entities"],
            "owners",
        ),
        (
            Role::Owns,
            Owns,
            Outgoing,
            "owns",
            ["entity", "entities"],
            "subsidiaries",
        ),
    ];
    for (role, kind, direction, verb, [one, many], command) in roles {
        let n = ends(kind, direction);
        say(
            role,
            n,
            format!(
                "{verb} {}: `{command} {quoted}` lists {}",
                crate::text::count(n, one, many),
                them(n)
            ),
        );
    }
    let (paid, pays) = (ends(Pays, Incoming), ends(Pays, Outgoing));
    let money = match (paid, pays) {
        (0, 0) => String::new(),
        (n, 0) => format!("is paid by {}", crate::text::count(n, "entity", "entities")),
        (0, n) => format!("pays {}", crate::text::count(n, "entity", "entities")),
        (a, b) => format!(
            "is paid by {} and pays {}",
            crate::text::count(a, "entity", "entities"),
            crate::text::count(b, "entity", "entities")
        ),
    };
    say(
        Role::Paid,
        paid + pays,
        format!("{money}: `flows {quoted}` adds the money up"),
    );
    (!said.is_empty()).then(|| format!("{name} {}", said.join("; ")))
}
