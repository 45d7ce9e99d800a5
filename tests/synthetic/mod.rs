//! Generated graphs: small ones described edge by edge for the property tests, and a large
//! world of a given size, from a fixed seed, for the benchmarks.

#![allow(dead_code)]

use dealgraph::Graph;
use dealgraph::date::PartialDate;
use dealgraph::model::{Entity, EntityKind, Relation, RelationType, Status};

/// A relation between entities numbered in the order they are added.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    pub from: usize,
    pub to: usize,
    pub kind: RelationType,
    pub status: Status,
    /// Year it began, and year it ended (inclusive), when dated.
    pub start: Option<i32>,
    pub end: Option<i32>,
}

/// A graph of entities `e0`, `e1`, ... of the given kinds, and the edges in order (so the
/// i-th edge is relation index i).
pub fn build(kinds: &[EntityKind], edges: &[Edge]) -> Graph {
    let mut graph = Graph::new();
    for (i, &kind) in kinds.iter().enumerate() {
        graph.add_entity(Entity::new(format!("e{i}"), format!("Entity {i}"), kind));
    }
    let ix: Vec<_> = graph.entities().map(|(ix, _)| ix).collect();
    for e in edges {
        let mut r = Relation::new(e.kind, e.status);
        r.start = e.start.map(PartialDate::year);
        r.end = e.end.map(PartialDate::year);
        graph.add_relation(ix[e.from], ix[e.to], r);
    }
    graph
}

/// The shape of a generated world.
pub struct World {
    pub graph: Graph,
    pub funds: std::ops::Range<usize>,
    pub governments: std::ops::Range<usize>,
    pub companies: std::ops::Range<usize>,
}

const SYLLABLES: &[&str] = &[
    "sen", "ta", "meg", "vi", "ko", "ra", "lin", "do", "mar", "qu", "zen", "fa", "lu", "tor",
    "bel", "ni", "xan", "pe", "shi", "wa", "gro", "ve", "cal", "mi", "dra", "so", "hu", "jin",
];
const SUFFIXES: &[&str] = &[
    "",
    "",
    " Capital",
    " Ventures",
    " Systems",
    " Holdings",
    " Technology",
    " Group",
    " Labs",
    " Partners",
    " Vision",
    " AI",
    " Security",
    " Networks",
];

/// A world of `entities` entities and about `relations` relations, the same for the same
/// seed: funds and companies investing (a few investors in many companies, as in life),
/// companies selling to government bodies and to each other, people leading companies, funds
/// owned by companies. Statuses and dates are spread as in the bundled data and beyond.
pub fn world(entities: usize, relations: usize, seed: u64) -> World {
    let mut rng = fastrand::Rng::with_seed(seed);
    let n = entities.max(100);
    let funds = 0..n / 20;
    let governments = funds.end..funds.end + n / 50;
    let people = governments.end..governments.end + n / 10;
    let products = people.end..people.end + n / 30;
    let companies = products.end..n;

    let mut graph = Graph::new();
    for i in 0..n {
        let kind = if funds.contains(&i) {
            EntityKind::Fund
        } else if governments.contains(&i) {
            EntityKind::Government
        } else if people.contains(&i) {
            EntityKind::Person
        } else if products.contains(&i) {
            EntityKind::Product
        } else {
            EntityKind::Company
        };
        let mut name = String::new();
        for s in 0..rng.usize(2..4) {
            let syllable = SYLLABLES[rng.usize(..SYLLABLES.len())];
            if s == 0 {
                let mut chars = syllable.chars();
                if let Some(first) = chars.next() {
                    name.extend(first.to_uppercase());
                    name.push_str(chars.as_str());
                }
            } else {
                name.push_str(syllable);
            }
        }
        name.push_str(match kind {
            EntityKind::Government => " Police Bureau",
            EntityKind::Person => " Li",
            _ => SUFFIXES[rng.usize(..SUFFIXES.len())],
        });
        let mut entity = Entity::new(format!("e{i}"), name, kind);
        if kind == EntityKind::Company && rng.u8(..100) < 2 {
            entity.details_mut().state_owned = true;
        }
        graph.add_entity(entity);
    }
    let ix: Vec<_> = graph.entities().map(|(ix, _)| ix).collect();
    // Skewed choice in a range: low indices far more often, as with the busiest investors.
    let skewed = |rng: &mut fastrand::Rng, range: &std::ops::Range<usize>, power: f64| {
        let u = rng.f64().powf(power);
        range.start + ((range.end - range.start) as f64 * u) as usize
    };
    let uniform =
        |rng: &mut fastrand::Rng, range: &std::ops::Range<usize>| rng.usize(range.clone());
    let investments = relations / 2;
    let owns = relations / 50;
    let contracts = relations / 10;
    let supplies = relations / 10;
    let leads = relations / 10;
    let rest = relations.saturating_sub(investments + owns + contracts + supplies + leads);
    let mut add = |rng: &mut fastrand::Rng, from: usize, to: usize, kind: RelationType| {
        if from == to {
            return;
        }
        let status = match rng.u8(..100) {
            0..70 => Status::Confirmed,
            70..90 => Status::Reported,
            90..97 => Status::Expected,
            _ => Status::Ended,
        };
        let mut r = Relation::new(kind, status);
        if rng.bool() {
            let start = rng.i32(2000..2024);
            r.start = Some(PartialDate::year(start));
            if rng.u8(..4) == 0 {
                r.end = Some(PartialDate::year(start + rng.i32(0..6)));
            }
        }
        graph.add_relation(ix[from], ix[to], r);
    };
    for _ in 0..investments {
        let investor = if rng.u8(..5) == 0 {
            skewed(&mut rng, &companies, 3.0)
        } else {
            skewed(&mut rng, &funds, 1.85)
        };
        let company = uniform(&mut rng, &companies);
        add(&mut rng, investor, company, RelationType::InvestsIn);
    }
    for _ in 0..owns {
        let owner = skewed(&mut rng, &companies, 3.0);
        let fund = uniform(&mut rng, &funds);
        add(&mut rng, owner, fund, RelationType::Owns);
    }
    for _ in 0..contracts {
        let company = uniform(&mut rng, &companies);
        let body = skewed(&mut rng, &governments, 1.5);
        add(&mut rng, company, body, RelationType::ContractsWith);
    }
    for _ in 0..supplies {
        let vendor = uniform(&mut rng, &companies);
        let customer = uniform(&mut rng, &companies);
        add(&mut rng, vendor, customer, RelationType::Supplies);
    }
    for _ in 0..leads {
        let person = uniform(&mut rng, &people);
        let company = uniform(&mut rng, &companies);
        add(&mut rng, person, company, RelationType::Leads);
    }
    for i in 0..rest {
        if i % 2 == 0 {
            let company = uniform(&mut rng, &companies);
            let product = uniform(&mut rng, &products);
            add(&mut rng, company, product, RelationType::Develops);
        } else {
            let a = uniform(&mut rng, &companies);
            let b = uniform(&mut rng, &companies);
            add(&mut rng, a, b, RelationType::AffiliatedWith);
        }
    }
    World {
        graph,
        funds,
        governments,
        companies,
    }
}
