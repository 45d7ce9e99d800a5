//! What an export writes: the whole graph or the part a user names, each kind of selection
//! turned into one [`Subgraph`] by [`Selection::select`] with its name for a drawing's title,
//! and a path marked inside it by [`highlight`]. The searches are the queries' own
//! ([`crate::algo`]): a focus is a neighbourhood, a highlight a shortest path.

use petgraph::Direction as Way;

use crate::algo::{self, Exposure, Overlap, Path};
use crate::error::Error;
use crate::filter::Filter;
use crate::graph::{EntityIx, Graph};
use crate::subgraph::Subgraph;
use crate::text::{and_list, count};

/// Where the entities and relations of an export come from: the whole graph, a neighbourhood,
/// or the answer of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    /// Every entity and relation that passes the filter.
    Whole,
    /// One entity and everything within `depth` hops of it along relations that pass the
    /// filter (its types, statuses, date, direction and the kinds of the entities reached).
    Focus {
        /// The entity at the centre.
        centre: EntityIx,
        /// How many hops from it.
        depth: usize,
    },
    /// The paths a path query found from one entity to another, `asked` for (`--k`).
    Paths {
        /// Where the paths start.
        from: EntityIx,
        /// Where they end.
        to: EntityIx,
        /// The paths found.
        paths: Vec<Path>,
        /// How many were asked for.
        asked: usize,
    },
    /// Companies, the investors they all share, and the stakes that join them.
    Overlap {
        /// What the overlap query found.
        overlap: Overlap,
        /// Whether funds count under their owners.
        rollup: bool,
    },
    /// An investor and its chains to the government bodies and state-owned companies it
    /// reaches.
    Exposure {
        /// What the exposure query found.
        exposure: Exposure,
        /// Whether the investments of the entities the investor owns count.
        rollup: bool,
    },
}

/// A selection made: what to write, and what it is in words for a drawing's title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selected {
    /// The entities and relations to write.
    pub subgraph: Subgraph,
    /// E.g. "Investments, ownership and contracts among 37 entities", "SenseTime and
    /// everything within 2 hops".
    pub description: String,
}

impl Selection {
    /// The entities the selection is about, which a capped drawing keeps first and measures
    /// distances from: a focus's centre, a path's ends, an overlap's companies, an exposure's
    /// investor; none for the whole graph.
    pub fn focus(&self) -> Vec<EntityIx> {
        match self {
            Selection::Whole => Vec::new(),
            Selection::Focus { centre, .. } => vec![*centre],
            Selection::Paths { from, to, .. } => vec![*from, *to],
            Selection::Overlap { overlap, .. } => overlap.companies.clone(),
            Selection::Exposure { exposure, .. } => vec![exposure.investor],
        }
    }

    /// The entities and relations of the selection. With a filter, the whole graph keeps only
    /// the relations that pass it and the entities they join; a focus keeps every relation
    /// that passes the filter between the entities it reached. A query's answer is taken as
    /// found (the query had the filter).
    pub fn select(&self, graph: &Graph, filter: &Filter) -> Selected {
        let name = |ix: EntityIx| graph.entity(ix).name.as_str();
        match self {
            Selection::Whole => {
                let subgraph = if filter.is_everything() {
                    Subgraph::whole(graph)
                } else {
                    let mut subgraph = Subgraph::default();
                    for r in graph.relations() {
                        if filter.allows_relation(r.relation)
                            && filter.allows_entity(graph.entity(r.from))
                            && filter.allows_entity(graph.entity(r.to))
                        {
                            subgraph.add_relation(graph, r.index);
                        }
                    }
                    subgraph
                };
                let description = what_is_shown(graph, &subgraph);
                Selected {
                    subgraph,
                    description,
                }
            }
            &Selection::Focus { centre, depth } => {
                let near = algo::neighbourhood(graph, centre, filter, depth, usize::MAX);
                let mut subgraph = Subgraph::default();
                subgraph.entities.insert(centre);
                subgraph
                    .entities
                    .extend(near.reached.iter().map(|r| r.entity));
                // Every relation between two entities reached, whichever way it points.
                for &ix in &subgraph.entities {
                    for r in graph.relations_of(ix, Way::Outgoing) {
                        if subgraph.entities.contains(&r.to) && filter.allows_relation(r.relation) {
                            subgraph.relations.insert(r.index);
                        }
                    }
                }
                Selected {
                    subgraph,
                    description: format!(
                        "{} and everything within {}",
                        name(centre),
                        count(depth, "hop", "hops")
                    ),
                }
            }
            Selection::Paths {
                from,
                to,
                paths,
                asked,
            } => {
                let ends = format!("from {} to {}", name(*from), name(*to));
                let description = match (paths.len(), *asked) {
                    (_, 1) => format!("Path {ends}"),
                    (found, asked) if found == asked => {
                        format!("The {found} shortest paths {ends}")
                    }
                    (found, asked) => format!(
                        "{} {ends} (asked for {asked}; there are no more)",
                        count(found, "path", "paths")
                    ),
                };
                Selected {
                    subgraph: paths.iter().collect(),
                    description,
                }
            }
            Selection::Overlap { overlap, rollup } => {
                let names: Vec<&str> = overlap.companies.iter().map(|&c| name(c)).collect();
                let mut description = format!("Investors shared by {}", and_list(&names));
                if *rollup {
                    description.push_str(", funds counted under their owners");
                }
                Selected {
                    subgraph: Subgraph::from(overlap),
                    description,
                }
            }
            Selection::Exposure { exposure, rollup } => {
                let mut description = format!(
                    "Exposure of {}: the government bodies and state-owned companies it reaches \
                     through its portfolio",
                    name(exposure.investor)
                );
                if *rollup {
                    description.push_str(" and those of the entities it owns");
                }
                Selected {
                    subgraph: Subgraph::from(exposure),
                    description,
                }
            }
        }
    }
}

/// The shortest path between two entities of a selection, along its relations in either
/// direction ([`algo::shortest_path_within`]): the entities and relations to mark in a drawing.
pub fn highlight(
    graph: &Graph,
    selection: &Subgraph,
    from: &str,
    to: &str,
) -> Result<Subgraph, Error> {
    let ends = [(from, graph.lookup(from)?), (to, graph.lookup(to)?)];
    for (text, ix) in ends {
        if !selection.entities.contains(&ix) {
            return Err(Error::Usage(format!(
                "\"{text}\" ({}) is not in the selection, so no path to it can be marked; \
                 widen the selection (a larger --depth) or mark another pair",
                graph.entity(ix).name
            )));
        }
    }
    let (start, goal) = (ends[0].1, ends[1].1);
    match algo::shortest_path_within(graph, start, goal, selection) {
        Some(path) => Ok(Subgraph::from(&path)),
        None => Err(Error::Usage(format!(
            "no path joins {} and {} inside the selection; widen it or mark another pair",
            graph.entity(start).name,
            graph.entity(goal).name
        ))),
    }
}

/// What a drawing of a whole graph shows, in words: the kinds of relation in it, most common
/// first (at most four named), and how many entities they join: "Investments, contracts and
/// supplies among 37 entities".
fn what_is_shown(graph: &Graph, subgraph: &Subgraph) -> String {
    use crate::model::RelationType::*;
    let mut by_type: std::collections::BTreeMap<crate::model::RelationType, usize> =
        Default::default();
    for &r in &subgraph.relations {
        *by_type.entry(graph.inner()[r].kind).or_insert(0) += 1;
    }
    let mut types: Vec<(crate::model::RelationType, usize)> = by_type.into_iter().collect();
    types.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut words: Vec<&str> = types
        .iter()
        .take(4)
        .map(|(kind, _)| match kind {
            InvestsIn => "investments",
            Owns => "ownership",
            Controls => "control",
            ContractsWith => "contracts",
            Supplies => "supplies",
            Develops => "products",
            Uses => "uses of products",
            Pays => "payments",
            Owes => "debts",
            Directs | Leads | Employs | Occupies => "roles",
            MemberOf => "memberships",
            Lobbies => "lobbying",
            Opposes => "opposition",
            Regulates => "regulation",
            Represents => "representation",
            FamilyOf | AssociateOf => "family and associates",
            SucceededBy => "successions",
            ParticipatesIn => "projects",
            PartyTo => "court cases",
            AffiliatedWith | LinkedTo => "links",
        })
        .collect();
    words.dedup();
    if types.len() > 4 {
        words.push("more");
    }
    let entities = count(subgraph.entities.len(), "entity", "entities");
    match words.split_first() {
        None => format!("{} with no relation", capitalised(&entities)),
        Some((first, rest)) => {
            let mut all = vec![capitalised(first)];
            all.extend(rest.iter().map(|w| w.to_string()));
            let all: Vec<&str> = all.iter().map(String::as_str).collect();
            format!("{} among {entities}", and_list(&all))
        }
    }
}

/// The text with its first letter in upper case.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::Direction;
    use crate::load::{self, Input};
    use crate::model::{RelationType, Status};

    fn bundled() -> Graph {
        load::load(&[Input::Bundled]).unwrap().0
    }

    fn names(graph: &Graph, subgraph: &Subgraph) -> Vec<String> {
        let mut names: Vec<String> = subgraph
            .entities
            .iter()
            .map(|&ix| graph.entity(ix).name.clone())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_focus_of_depth_one_is_the_entity_and_its_neighbours() {
        let graph = bundled();
        let focus = Selection::Focus {
            centre: graph.lookup("Megvii").unwrap(),
            depth: 1,
        };
        let selected = focus.select(&graph, &Filter::all());
        assert_eq!(
            names(&graph, &selected.subgraph),
            [
                "Alibaba",
                "Ant Financial",
                "Boyu Capital",
                "Face++",
                "Foxconn",
                "Megvii",
                "Russian Direct Investment Fund",
                "SK Group"
            ]
        );
        assert_eq!(selected.subgraph.relations.len(), 7);
        assert_eq!(selected.description, "Megvii and everything within 1 hop");
    }

    #[test]
    fn a_focus_follows_only_relations_that_pass_the_filter() {
        let graph = bundled();
        let focus = Selection::Focus {
            centre: graph.lookup("Megvii").unwrap(),
            depth: 2,
        };
        let expected_only = Filter {
            statuses: [Status::Expected].into(),
            ..Filter::all()
        };
        let selected = focus.select(&graph, &expected_only);
        assert_eq!(
            names(&graph, &selected.subgraph),
            ["Alibaba", "Boyu Capital", "Megvii"]
        );
        let outgoing = Filter {
            direction: Direction::Out,
            ..Filter::all()
        };
        let selected = focus.select(&graph, &outgoing);
        assert_eq!(names(&graph, &selected.subgraph), ["Face++", "Megvii"]);
    }

    #[test]
    fn the_whole_graph_with_a_filter_keeps_the_relations_that_pass_and_their_ends() {
        let graph = bundled();
        let owns = Filter {
            types: [RelationType::Owns].into(),
            ..Filter::all()
        };
        let selected = Selection::Whole.select(&graph, &owns);
        assert_eq!(
            names(&graph, &selected.subgraph),
            ["SoftBank", "SoftBank Vision Fund"]
        );
        let all = Selection::Whole.select(&graph, &Filter::all());
        assert_eq!(all.subgraph, Subgraph::whole(&graph));
    }

    #[test]
    fn a_highlight_is_the_shortest_path_inside_the_selection() {
        let graph = bundled();
        let whole = Subgraph::whole(&graph);
        let path = highlight(&graph, &whole, "SoftBank", "Chongqing police").unwrap();
        assert_eq!(
            names(&graph, &path),
            [
                "Police Department in Chongqing",
                "SenseTime",
                "SoftBank",
                "SoftBank Vision Fund"
            ]
        );
        assert_eq!(path.relations.len(), 3);

        let megvii = Selection::Focus {
            centre: graph.lookup("Megvii").unwrap(),
            depth: 1,
        }
        .select(&graph, &Filter::all());
        let err = highlight(&graph, &megvii.subgraph, "Megvii", "SenseTime").unwrap_err();
        assert!(err.to_string().contains("is not in the selection"), "{err}");
        let err = highlight(&graph, &whole, "Megvii", "Pentagon").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("no path joins Megvii and Pentagon"),
            "{err}"
        );
    }

    #[test]
    fn a_highlight_walks_only_the_relations_of_the_selection() {
        let graph = bundled();
        let (alibaba, sensetime, police) = (
            graph.lookup("Alibaba").unwrap(),
            graph.lookup("SenseTime").unwrap(),
            graph.lookup("Chongqing police").unwrap(),
        );
        let mut selection = Subgraph::default();
        selection.entities.extend([alibaba, sensetime, police]);
        let contract = graph
            .relations()
            .find(|r| r.from == sensetime && r.to == police)
            .unwrap();
        selection.relations.insert(contract.index);
        let err = highlight(&graph, &selection, "Alibaba", "Chongqing police").unwrap_err();
        assert!(err.to_string().contains("inside the selection"), "{err}");
        let path = highlight(&graph, &selection, "Chongqing police", "SenseTime").unwrap();
        assert_eq!(path.relations, [contract.index].into());
    }

    #[test]
    fn a_query_selection_is_its_answer_named_for_the_title() {
        let graph = bundled();
        let all = Filter::all();
        let (fund, police) = (
            graph.lookup("SoftBank Vision Fund").unwrap(),
            graph.lookup("Chongqing police").unwrap(),
        );
        let paths =
            algo::k_shortest_paths(&graph, fund, police, &all, &Default::default(), 3, None);
        let path = Selection::Paths {
            from: fund,
            to: police,
            paths: paths[..1].to_vec(),
            asked: 1,
        }
        .select(&graph, &all);
        assert_eq!(
            path.description,
            "Path from SoftBank Vision Fund to Police Department in Chongqing"
        );
        assert_eq!(
            names(&graph, &path.subgraph),
            [
                "Police Department in Chongqing",
                "SenseTime",
                "SoftBank Vision Fund"
            ]
        );
        assert_eq!(path.subgraph.relations.len(), 2);
        let fewer = Selection::Paths {
            from: fund,
            to: police,
            paths: paths.clone(),
            asked: 3,
        }
        .select(&graph, &all);
        assert!(
            fewer
                .description
                .ends_with("(asked for 3; there are no more)"),
            "{}",
            fewer.description
        );

        let pair = [
            graph.lookup("SenseTime").unwrap(),
            graph.lookup("Megvii").unwrap(),
        ];
        let overlap = Selection::Overlap {
            overlap: algo::overlap(&graph, &pair, &all, false),
            rollup: false,
        }
        .select(&graph, &all);
        assert_eq!(
            overlap.description,
            "Investors shared by SenseTime and Megvii"
        );
        assert_eq!(
            names(&graph, &overlap.subgraph),
            ["Alibaba", "Megvii", "SenseTime"]
        );

        let softbank = graph.lookup("SoftBank").unwrap();
        let exposure = Selection::Exposure {
            exposure: algo::exposure(&graph, softbank, &all, true),
            rollup: true,
        }
        .select(&graph, &all);
        assert!(exposure.description.starts_with("Exposure of SoftBank: "));
        assert_eq!(exposure.subgraph.entities.len(), 4);
        assert_eq!(exposure.subgraph.relations.len(), 3);
    }

    #[test]
    fn depth_zero_is_the_entity_alone() {
        let graph = bundled();
        let selected = Selection::Focus {
            centre: graph.lookup("sensetime").unwrap(),
            depth: 0,
        }
        .select(&graph, &Filter::all());
        assert_eq!(names(&graph, &selected.subgraph), ["SenseTime"]);
        assert!(selected.subgraph.relations.is_empty());
    }
}
