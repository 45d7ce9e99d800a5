//! What an export writes: the whole graph or the part a user names, each kind of selection
//! turned into one [`Subgraph`] by [`Selection::select`], and a path marked inside it by
//! [`highlight`].

use std::collections::BTreeMap;

use petgraph::Direction as Way;

use crate::error::Error;
use crate::filter::{Direction, Filter};
use crate::graph::{EntityIx, Graph, RelationIx, RelationRef};
use crate::subgraph::Subgraph;

/// Where the entities and relations of an export come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    /// Every entity and relation that passes the filter.
    Whole,
    /// One entity and everything within `depth` steps of it along relations that pass the
    /// filter (its types, statuses, date, direction and the kinds of the entities reached).
    Focus { entity: String, depth: usize },
}

/// A selection made: what to write, and what it is in words for a drawing's title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selected {
    pub subgraph: Subgraph,
    /// E.g. "The whole graph", "SenseTime and everything within 2 steps".
    pub description: String,
}

impl Selection {
    /// The entities and relations of the selection. With a filter, the whole graph keeps only
    /// the relations that pass it and the entities they join; a focus keeps every relation
    /// that passes the filter between the entities it reached.
    pub fn select(&self, graph: &Graph, filter: &Filter) -> Result<Selected, Error> {
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
                Ok(Selected {
                    subgraph,
                    description: "The whole graph".into(),
                })
            }
            Selection::Focus { entity, depth } => {
                let start = graph.lookup(entity)?;
                let reached = reach(graph, start, *depth, |r, forward| {
                    let way_ok = match filter.direction {
                        Direction::Both => true,
                        Direction::Out => forward,
                        Direction::In => !forward,
                    };
                    let next = if forward { r.to } else { r.from };
                    way_ok
                        && filter.allows_relation(r.relation)
                        && filter.allows_entity(graph.entity(next))
                });
                let mut subgraph = Subgraph {
                    entities: reached.keys().copied().collect(),
                    ..Subgraph::default()
                };
                for r in graph.relations() {
                    if subgraph.entities.contains(&r.from)
                        && subgraph.entities.contains(&r.to)
                        && filter.allows_relation(r.relation)
                    {
                        subgraph.relations.insert(r.index);
                    }
                }
                let steps = if *depth == 1 { "step" } else { "steps" };
                Ok(Selected {
                    subgraph,
                    description: format!(
                        "{} and everything within {depth} {steps}",
                        graph.entity(start).name
                    ),
                })
            }
        }
    }
}

/// The shortest path between two entities of a selection, along its relations in either
/// direction: the entities and relations to mark in a drawing.
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
    let reached = reach(graph, start, usize::MAX, |r, _| {
        selection.relations.contains(&r.index)
    });
    let mut path = Subgraph::default();
    path.entities.insert(goal);
    let mut at = goal;
    loop {
        let Some(step) = reached.get(&at) else {
            return Err(Error::Usage(format!(
                "no path joins {} and {} inside the selection; widen it or mark another pair",
                graph.entity(start).name,
                graph.entity(goal).name
            )));
        };
        match step.via {
            None => break,
            Some(via) => {
                path.add_relation(graph, via);
                at = step.from;
            }
        }
    }
    Ok(path)
}

/// How breadth-first search first reached an entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    /// Steps from the start.
    pub depth: usize,
    /// The relation it was reached by (none for the start).
    pub via: Option<RelationIx>,
    /// The entity it was reached from (the start itself for the start).
    pub from: EntityIx,
}

/// Breadth-first search from `start`, at most `max_depth` steps, along the relations that
/// `follow(relation, forward)` accepts, where `forward` tells whether the step goes from the
/// relation's `from` to its `to`. Ties are broken by entity id, so the same graph gives the same
/// search. Every reached entity maps to how it was first reached.
///
/// # Complexity
/// O(|V| + |E| log |E|): each relation is looked at from both ends once, and each entity's
/// relations are sorted.
pub fn reach(
    graph: &Graph,
    start: EntityIx,
    max_depth: usize,
    follow: impl Fn(&RelationRef<'_>, bool) -> bool,
) -> BTreeMap<EntityIx, Step> {
    let mut reached = BTreeMap::new();
    reached.insert(
        start,
        Step {
            depth: 0,
            via: None,
            from: start,
        },
    );
    let mut frontier = vec![start];
    let mut depth = 0;
    while !frontier.is_empty() && depth < max_depth {
        depth += 1;
        let mut next = Vec::new();
        for &at in &frontier {
            let mut steps: Vec<(RelationRef<'_>, bool)> = graph
                .relations_of(at, Way::Outgoing)
                .map(|r| (r, true))
                .chain(graph.relations_of(at, Way::Incoming).map(|r| (r, false)))
                .filter(|(r, forward)| follow(r, *forward))
                .collect();
            let other =
                |(r, forward): &(RelationRef<'_>, bool)| if *forward { r.to } else { r.from };
            steps.sort_by(|a, b| {
                graph
                    .entity(other(a))
                    .id
                    .cmp(&graph.entity(other(b)).id)
                    .then(a.0.index.cmp(&b.0.index))
            });
            for step in &steps {
                let to = other(step);
                if let std::collections::btree_map::Entry::Vacant(slot) = reached.entry(to) {
                    slot.insert(Step {
                        depth,
                        via: Some(step.0.index),
                        from: at,
                    });
                    next.push(to);
                }
            }
        }
        frontier = next;
    }
    reached
}

#[cfg(test)]
mod tests {
    use super::*;
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
            entity: "Megvii".into(),
            depth: 1,
        };
        let selected = focus.select(&graph, &Filter::all()).unwrap();
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
        assert_eq!(selected.description, "Megvii and everything within 1 step");
    }

    #[test]
    fn a_focus_follows_only_relations_that_pass_the_filter() {
        let graph = bundled();
        let focus = Selection::Focus {
            entity: "Megvii".into(),
            depth: 2,
        };
        let expected_only = Filter {
            statuses: [Status::Expected].into(),
            ..Filter::all()
        };
        let selected = focus.select(&graph, &expected_only).unwrap();
        assert_eq!(
            names(&graph, &selected.subgraph),
            ["Alibaba", "Boyu Capital", "Megvii"]
        );
        let outgoing = Filter {
            direction: Direction::Out,
            ..Filter::all()
        };
        let selected = focus.select(&graph, &outgoing).unwrap();
        assert_eq!(names(&graph, &selected.subgraph), ["Face++", "Megvii"]);
    }

    #[test]
    fn the_whole_graph_with_a_filter_keeps_the_relations_that_pass_and_their_ends() {
        let graph = bundled();
        let owns = Filter {
            types: [RelationType::Owns].into(),
            ..Filter::all()
        };
        let selected = Selection::Whole.select(&graph, &owns).unwrap();
        assert_eq!(
            names(&graph, &selected.subgraph),
            ["SoftBank", "SoftBank Vision Fund"]
        );
        let all = Selection::Whole.select(&graph, &Filter::all()).unwrap();
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
            entity: "Megvii".into(),
            depth: 1,
        }
        .select(&graph, &Filter::all())
        .unwrap();
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
    fn depth_zero_is_the_entity_alone() {
        let graph = bundled();
        let selected = Selection::Focus {
            entity: "sensetime".into(),
            depth: 0,
        }
        .select(&graph, &Filter::all())
        .unwrap();
        assert_eq!(names(&graph, &selected.subgraph), ["SenseTime"]);
        assert!(selected.subgraph.relations.is_empty());
    }
}
