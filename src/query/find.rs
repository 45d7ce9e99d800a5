//! Entities whose names or aliases match a text, best first.

use serde::Serialize;

use crate::filter::Filter;
use crate::graph::Graph;
use crate::model::EntityKind;

/// The entities that match a text, best first.
#[derive(Debug, Serialize)]
#[serde(transparent)]
pub struct Found<'g> {
    /// The matches, best first.
    pub matches: Vec<Match<'g>>,
    /// The text searched for.
    #[serde(skip)]
    pub text: String,
    /// The filter in words, "" when it filters nothing.
    #[serde(skip)]
    pub filter: String,
}

/// An entity that matches, and how well.
#[derive(Debug, Serialize)]
pub struct Match<'g> {
    /// The entity's id.
    pub id: &'g str,
    /// Its name.
    pub name: &'g str,
    /// What it is.
    pub kind: EntityKind,
    /// How well it matches, from 0 to 1.
    pub score: f64,
    /// The alias that matched, when it was not the name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alias: Option<String>,
    /// The identifier that matched (`lei 6354003LMZZAKOPXLX69`), when one did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identifier: Option<String>,
    /// Entities that are likely the same but were not merged with it (the same name without
    /// legal forms and bracketed parts, or the same identifier), as `{id, name}`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub likely_same_as: Vec<Named<'g>>,
}

/// An entity by id and name.
#[derive(Debug, Serialize)]
pub struct Named<'g> {
    /// The entity's id.
    pub id: &'g str,
    /// Its name.
    pub name: &'g str,
}

/// At most `limit` entities whose names or aliases match `text`, best first, among those the
/// filter's listing part keeps. Without a text, with `--listed` or `--listed-by`, every listed
/// entity the filter keeps, by name.
pub fn find<'g>(graph: &'g Graph, filter: &Filter, text: &str, limit: usize) -> Found<'g> {
    let found = if text.trim().is_empty() && filter.listed.is_some() {
        let mut listed: Vec<_> = graph
            .entities()
            .filter(|(_, e)| filter.allows_listing(e))
            .map(|(ix, e)| (e, ix))
            .collect();
        listed.sort_by(|(a, _), (b, _)| a.name.cmp(&b.name).then_with(|| a.id.cmp(&b.id)));
        listed
            .into_iter()
            .take(limit)
            .map(|(_, entity)| crate::graph::Match {
                entity,
                score: 1.0,
                via_alias: None,
                via_identifier: None,
            })
            .collect()
    } else {
        graph.find_where(text, limit, |e| filter.allows_listing(e))
    };
    let matches = found
        .into_iter()
        .map(|m| {
            let e = graph.entity(m.entity);
            Match {
                id: &e.id,
                name: &e.name,
                kind: e.kind,
                score: (m.score * 1000.0).round() / 1000.0,
                alias: m.via_alias,
                identifier: m.via_identifier,
                likely_same_as: graph
                    .likely_duplicates(m.entity)
                    .iter()
                    .map(|&ix| {
                        let other = graph.entity(ix);
                        Named {
                            id: &other.id,
                            name: &other.name,
                        }
                    })
                    .collect(),
            }
        })
        .collect();
    Found {
        matches,
        text: text.to_string(),
        filter: filter
            .listed
            .as_ref()
            .map_or(String::new(), |_| filter.describe()),
    }
}
