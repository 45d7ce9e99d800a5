//! The entity names the prompt completes and highlights: a copy of the graph's names and
//! aliases, read again after each `load` (which adds entities, and names to known ones).

use std::collections::HashSet;

use petgraph::Direction;

use crate::graph::{Graph, NameIndex};
use crate::model::{EntityKind, RelationType};
use crate::names::fold;

/// At most this many entity names are offered for one completion.
pub const MAX_CANDIDATES: usize = 500;

#[derive(Debug, Clone)]
struct Entry {
    /// The name, then the aliases, each with its folded form.
    names: Vec<(String, String)>,
    id: String,
    kind: EntityKind,
    /// Whether the entity invests (has an outgoing `invests_in`).
    invests: bool,
}

/// Which entities an argument asks for, to offer those first (see [`super::grammar::takes`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Takes {
    /// Any entity.
    Any,
    /// Entities of these kinds (`investors COMPANY`, `overlap COMPANY...`).
    Kinds(&'static [EntityKind]),
    /// Entities that invest: a role, not a kind (`portfolio INVESTOR`, `exposure INVESTOR`).
    Investors,
}

impl Takes {
    fn fits(self, entry: &Entry) -> bool {
        match self {
            Takes::Any => true,
            Takes::Kinds(kinds) => kinds.contains(&entry.kind),
            Takes::Investors => entry.invests,
        }
    }
}

/// An entity name offered for completion: what the list shows and what is typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameCandidate {
    /// What the list shows: the name or alias, followed by the id when that name is shared.
    pub display: String,
    /// The text that names the entity: the name or alias, or the id when that name is shared.
    pub value: String,
}

/// The names and aliases of a graph's entities, for completion and highlighting.
#[derive(Debug, Clone, Default)]
pub struct EntityNames {
    entries: Vec<Entry>,
    /// The graph's folded ids, names and aliases, to tell which entities a name names.
    index: NameIndex,
    ids: HashSet<String>,
}

impl EntityNames {
    /// The names of a graph's entities.
    pub fn of(graph: &Graph) -> Self {
        let mut names = EntityNames {
            index: graph.names().clone(),
            ..EntityNames::default()
        };
        for (ix, entity) in graph.entities() {
            let mut entry = Entry {
                names: Vec::new(),
                id: entity.id.clone(),
                kind: entity.kind,
                invests: graph
                    .relations_of(ix, Direction::Outgoing)
                    .any(|r| r.relation.kind == RelationType::InvestsIn),
            };
            let mut seen = HashSet::new();
            for name in std::iter::once(&entity.name).chain(&entity.details().aliases) {
                let folded = fold(name);
                if !folded.is_empty() && seen.insert(folded.clone()) {
                    entry.names.push((name.clone(), folded));
                }
            }
            names.ids.insert(entity.id.clone());
            names.entries.push(entry);
        }
        names
    }

    /// Whether `text` names exactly one entity, as `Graph::lookup` would find it.
    pub fn resolves(&self, text: &str) -> bool {
        self.ids.contains(text) || self.names_one(&fold(text))
    }

    /// Whether a folded name names exactly one entity, by the rules of `Graph::lookup_exact`:
    /// one entity has it; or, of several, one has it as its own name; or, with none, one has
    /// it as an identifier.
    fn names_one(&self, folded: &str) -> bool {
        match self.index.get(folded) {
            [_] => true,
            [] => self.index.by_identifier(folded).len() == 1,
            many => {
                let own = |ix: &crate::graph::EntityIx| {
                    self.entries
                        .get(ix.index())
                        .and_then(|e| e.names.first())
                        .is_some_and(|(_, name)| name == folded)
                };
                many.iter().filter(|ix| own(ix)).count() == 1
            }
        }
    }

    /// The entities whose name or an alias contains `typed` (case, accents and punctuation
    /// folded), one candidate each: the name if it matches, else the first alias that does.
    /// Names that start with the text come first, then those with a word that does, then the
    /// rest, each group in alphabetical order.
    pub fn complete(&self, typed: &str) -> Vec<NameCandidate> {
        self.complete_taking(typed, Takes::Any)
    }

    /// Like [`complete`](Self::complete), for an argument that asks for some entities: when
    /// any of those match, only they are offered (`overlap Sense` offers the company SenseTime,
    /// not its product); when none do, every entity that matches is, since the query takes any
    /// entity and says what it found.
    pub fn complete_taking(&self, typed: &str, takes: Takes) -> Vec<NameCandidate> {
        let query = fold(typed);
        let matches = |entry: &&Entry| entry.names.iter().any(|(_, f)| rank(&query, f).is_some());
        let fitting = takes != Takes::Any
            && self
                .entries
                .iter()
                .filter(matches)
                .any(|entry| takes.fits(entry));
        let mut found: Vec<(u8, String, NameCandidate)> = Vec::new();
        for entry in &self.entries {
            if fitting && !takes.fits(entry) {
                continue;
            }
            let Some((name, folded, rank)) = entry
                .names
                .iter()
                .find_map(|(name, folded)| rank(&query, folded).map(|rank| (name, folded, rank)))
            else {
                continue;
            };
            let candidate = if self.names_one(folded) {
                NameCandidate {
                    display: name.clone(),
                    value: name.clone(),
                }
            } else {
                // A name that several entities share would be ambiguous: type the id.
                NameCandidate {
                    display: format!("{name} ({})", entry.id),
                    value: entry.id.clone(),
                }
            };
            found.push((rank, folded.clone(), candidate));
        }
        found.sort_by(|a, b| (a.0, &a.1, &a.2.value).cmp(&(b.0, &b.1, &b.2.value)));
        found.truncate(MAX_CANDIDATES);
        found.into_iter().map(|(_, _, c)| c).collect()
    }
}

/// How well a folded name matches a folded query: 0 at the start, 1 at a word, 2 inside.
fn rank(query: &str, folded: &str) -> Option<u8> {
    if folded.starts_with(query) {
        return Some(0);
    }
    let mut best = None;
    for (at, _) in folded.match_indices(query) {
        if folded[..at].ends_with(' ') {
            return Some(1);
        }
        best = Some(2);
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{self, Input};

    fn bundled() -> EntityNames {
        let (graph, _) = load::load(&[Input::Bundled]).unwrap();
        EntityNames::of(&graph)
    }

    fn values(names: &EntityNames, typed: &str) -> Vec<String> {
        names.complete(typed).into_iter().map(|c| c.value).collect()
    }

    #[test]
    fn vision_completes_to_the_vision_fund() {
        assert_eq!(values(&bundled(), "vision"), ["SoftBank Vision Fund"]);
        assert_eq!(values(&bundled(), "VISION f"), ["SoftBank Vision Fund"]);
    }

    #[test]
    fn names_that_start_with_the_text_come_first_then_words_then_inside() {
        assert_eq!(
            values(&bundled(), "go"),
            ["Google", "Chinese government", "Pentagon"]
        );
    }

    #[test]
    fn an_alias_is_offered_when_only_the_alias_matches() {
        assert_eq!(values(&bundled(), "chongqing p"), ["Chongqing police"]);
        assert_eq!(values(&bundled(), "aclu"), ["ACLU"]);
    }

    #[test]
    fn a_shared_name_is_completed_to_the_ids() {
        let mut graph = Graph::new();
        for id in ["acme-uk", "acme-us"] {
            let acme = crate::model::Entity::new(id, "Acme", crate::model::EntityKind::Company);
            graph.add_entity(acme);
        }
        let names = EntityNames::of(&graph);
        assert_eq!(values(&names, "acm"), ["acme-uk", "acme-us"]);
        assert!(!names.resolves("Acme"));
        assert!(names.resolves("acme-uk"));
    }

    #[test]
    fn a_name_that_is_another_entitys_id_in_another_case_names_the_entity_it_is_the_name_of() {
        let mut graph = Graph::new();
        let company = crate::model::EntityKind::Company;
        graph.add_entity(crate::model::Entity::new("foo", "Bar", company));
        let baz = graph.add_entity(crate::model::Entity::new("baz", "Foo", company));
        assert_eq!(graph.lookup("FOO").unwrap(), baz);
        let names = EntityNames::of(&graph);
        assert!(names.resolves("FOO"));
        assert_eq!(values(&names, "fo"), ["Foo"]);
    }

    #[test]
    fn a_name_that_is_also_another_entitys_alias_completes_to_the_name() {
        let mut graph = Graph::new();
        let company = crate::model::EntityKind::Company;
        let mut group = crate::model::Entity::new("group", "Alibaba Group", company);
        group.details_mut().aliases.push("Alibaba".into());
        graph.add_entity(group);
        let alibaba = graph.add_entity(crate::model::Entity::new("alibaba", "Alibaba", company));
        assert_eq!(graph.lookup("alibaba").unwrap(), alibaba);
        let names = EntityNames::of(&graph);
        assert!(names.resolves("ALIBABA"));
        assert_eq!(values(&names, "alibaba"), ["Alibaba", "Alibaba Group"]);
    }

    #[test]
    fn an_argument_that_asks_for_companies_is_offered_companies_when_any_match() {
        let names = bundled();
        assert_eq!(
            values(&names, "sense"),
            ["SenseTime", "SenseTime facial recognition software"]
        );
        let companies = Takes::Kinds(&[EntityKind::Company]);
        let offered = |typed: &str, takes: Takes| -> Vec<String> {
            names
                .complete_taking(typed, takes)
                .into_iter()
                .map(|c| c.value)
                .collect()
        };
        assert_eq!(offered("sense", companies), ["SenseTime"]);
        // No company matches: every entity that does is offered.
        assert_eq!(
            offered("sensetime f", companies),
            ["SenseTime facial recognition software"]
        );
        // Investors are a role: the fund invests, the police do not.
        assert_eq!(
            offered("vision", Takes::Investors),
            ["SoftBank Vision Fund"]
        );
        // No investor matches: the police are offered all the same.
        assert_eq!(
            offered("chongqing p", Takes::Investors),
            ["Chongqing police"]
        );
    }

    #[test]
    fn resolves_like_lookup() {
        let names = bundled();
        assert!(names.resolves("softbank vision fund"));
        assert!(names.resolves("Vision Fund"));
        assert!(names.resolves("sensetime"));
        assert!(!names.resolves("vision"));
    }
}
