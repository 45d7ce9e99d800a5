//! The money that flows in and out of an entity: its relations that carry money (investments,
//! payments, debts, contracts, and any relation with an amount), summed per counterparty and
//! per year, by currency (two currencies are never added).

use std::collections::BTreeMap;

use petgraph::Direction;
use serde::Serialize;

use super::EntityBrief;
use crate::error::Error;
use crate::filter::Filter;
use crate::graph::Graph;
use crate::model::{Relation, RelationType, Status};

/// The flows of an entity.
#[derive(Debug, Serialize)]
pub struct Flows<'g> {
    /// The entity.
    pub entity: EntityBrief<'g>,
    /// The filter in words, "" when it filters nothing.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub filter: String,
    /// What came in, from each counterparty, largest first.
    pub incoming: Side<'g>,
    /// What went out, to each counterparty, largest first.
    pub outgoing: Side<'g>,
    /// In and out by year, for the relations that are dated.
    pub by_year: Vec<Year>,
}

/// One direction of the flows.
#[derive(Debug, Default, Serialize)]
pub struct Side<'g> {
    /// How many relations.
    pub count: usize,
    /// Their amounts added up, by currency.
    pub totals: Vec<Total>,
    /// How many counterparties.
    pub counterparties: usize,
    /// The counterparties, largest total first, at most `top`.
    pub top: Vec<Counterparty<'g>>,
}

/// The money between the entity and one counterparty, one way.
#[derive(Debug, Serialize)]
pub struct Counterparty<'g> {
    /// The counterparty.
    #[serde(flatten)]
    pub entity: EntityBrief<'g>,
    /// How many relations.
    pub count: usize,
    /// Their amounts added up, by currency.
    pub totals: Vec<Total>,
    /// The types of the relations.
    pub types: Vec<RelationType>,
    /// The first and last year they are dated in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub years: Option<(i32, i32)>,
    /// The weakest status among them (a reported or expected payment is not a confirmed one).
    pub weakest_status: Status,
}

pub use crate::render::Total;

/// In and out in one year.
#[derive(Debug, Serialize)]
pub struct Year {
    /// The year.
    pub year: i32,
    /// What came in, by currency.
    pub incoming: Vec<Total>,
    /// What went out, by currency.
    pub outgoing: Vec<Total>,
}

/// Whether a relation carries money: it has an amount, or its type is a payment, a debt or an
/// investment.
pub fn carries_money(r: &Relation) -> bool {
    r.details().amount.is_some()
        || matches!(
            r.kind,
            RelationType::Pays | RelationType::Owes | RelationType::InvestsIn
        )
}

/// What is counted of one counterparty while reading.
#[derive(Debug, Default)]
struct Tally<'g> {
    count: usize,
    sums: Sums<'g>,
    types: Vec<RelationType>,
    years: Option<(i32, i32)>,
    weakest: Option<Status>,
}

/// The relations of one counterparty, one way, or of a year, to add up.
#[derive(Debug, Default)]
struct Sums<'g>(Vec<&'g Relation>);

impl<'g> Sums<'g> {
    fn add(&mut self, r: &'g Relation) {
        self.0.push(r);
    }

    /// The totals, largest first, then by currency.
    fn totals(self) -> Vec<Total> {
        crate::render::totals(self.0)
    }
}

/// The flows of the entity `name` names, with at most `top` counterparties each way.
///
/// # Example
/// ```
/// use dealgraph::{filter::Filter, load::{self, Input}, query::flows::flows};
///
/// let (graph, _) = load::load(&[Input::Bundled]).unwrap();
/// let found = flows(&graph, &Filter::all(), "SenseTime", 10).unwrap();
/// assert!(found.incoming.count >= 7, "its investors");
/// ```
pub fn flows<'g>(
    graph: &'g Graph,
    filter: &Filter,
    name: &str,
    top: usize,
) -> Result<Flows<'g>, Error> {
    let ix = graph.lookup(name)?;
    let mut years: BTreeMap<i32, (Sums<'g>, Sums<'g>)> = BTreeMap::new();
    let mut side = |direction: Direction| {
        let mut all = Sums::default();
        let mut count = 0;
        let mut by: BTreeMap<petgraph::graph::NodeIndex, Tally<'g>> = BTreeMap::new();
        for r in graph.relations_of(ix, direction) {
            if !filter.allows_relation(r.relation) || !carries_money(r.relation) {
                continue;
            }
            let other = if direction == Direction::Incoming {
                r.from
            } else {
                r.to
            };
            count += 1;
            all.add(r.relation);
            let slot = by.entry(other).or_default();
            slot.count += 1;
            slot.sums.add(r.relation);
            if !slot.types.contains(&r.relation.kind) {
                slot.types.push(r.relation.kind);
            }
            let status = r.relation.status;
            slot.weakest = Some(slot.weakest.map_or(status, |w| {
                std::cmp::max_by_key(w, status, |s| s.weakness())
            }));
            if let Some(year) = r
                .relation
                .began()
                .or(r.relation.end.as_ref())
                .map(|d| d.year_part())
            {
                slot.years = Some(match slot.years {
                    Some((first, last)) => (first.min(year), last.max(year)),
                    None => (year, year),
                });
                let (incoming, outgoing) = years.entry(year).or_default();
                if direction == Direction::Incoming {
                    incoming.add(r.relation);
                } else {
                    outgoing.add(r.relation);
                }
            }
        }
        let mut parties: Vec<Counterparty<'g>> = by
            .into_iter()
            .map(|(other, mut tally)| {
                tally.types.sort();
                Counterparty {
                    entity: EntityBrief::new(graph, other),
                    count: tally.count,
                    totals: tally.sums.totals(),
                    types: tally.types,
                    years: tally.years,
                    weakest_status: tally.weakest.unwrap_or(Status::Confirmed),
                }
            })
            .collect();
        let first_value = |c: &Counterparty<'_>| c.totals.first().map_or(0.0, |t| t.value);
        parties.sort_by(|a, b| {
            first_value(b)
                .total_cmp(&first_value(a))
                .then(b.count.cmp(&a.count))
                .then(a.entity.name.cmp(b.entity.name))
                .then(a.entity.id.cmp(b.entity.id))
        });
        let counterparties = parties.len();
        parties.truncate(top);
        Side {
            count,
            totals: all.totals(),
            counterparties,
            top: parties,
        }
    };
    let incoming = side(Direction::Incoming);
    let outgoing = side(Direction::Outgoing);
    Ok(Flows {
        entity: EntityBrief::new(graph, ix),
        filter: filter.describe(),
        incoming,
        outgoing,
        by_year: years
            .into_iter()
            .map(|(year, (incoming, outgoing))| Year {
                year,
                incoming: incoming.totals(),
                outgoing: outgoing.totals(),
            })
            .collect(),
    })
}
