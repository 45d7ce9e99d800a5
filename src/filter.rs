//! The one filter every query takes: relation types, direction, entity kinds, statuses and an
//! as-of date, as a single value.

use std::collections::BTreeSet;

use crate::date::{PartialDate, in_force};
use crate::model::{Entity, EntityKind, Relation, RelationType, Status};

/// Which way relations may be followed from an entity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Along each relation's direction only (investor to company)
    Out,
    /// Against each relation's direction only (company to investor)
    In,
    /// Either way
    #[default]
    Both,
}

/// What part of the graph a query may use. Empty sets allow everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    pub types: BTreeSet<RelationType>,
    pub statuses: BTreeSet<Status>,
    pub kinds: BTreeSet<EntityKind>,
    pub direction: Direction,
    pub as_of: Option<PartialDate>,
}

impl Filter {
    /// A filter that allows everything.
    pub fn all() -> Self {
        Self::default()
    }

    /// Whether a relation's type, status and dates pass.
    pub fn allows_relation(&self, r: &Relation) -> bool {
        (self.types.is_empty() || self.types.contains(&r.kind))
            && (self.statuses.is_empty() || self.statuses.contains(&r.status))
            && self.in_force(r)
    }

    /// Whether a relation is in force on the as-of date (always, without one). Undated
    /// relations count as in force.
    pub fn in_force(&self, r: &Relation) -> bool {
        match &self.as_of {
            None => true,
            Some(day) => in_force(r.began(), r.end.as_ref(), day),
        }
    }

    /// Whether an entity's kind passes.
    pub fn allows_entity(&self, e: &Entity) -> bool {
        self.kinds.is_empty() || self.kinds.contains(&e.kind)
    }

    /// Whether anything is filtered at all.
    pub fn is_everything(&self) -> bool {
        *self == Self::default()
    }

    /// The filter in words, e.g. "status confirmed; as of 2018-06", or "" when it filters nothing.
    pub fn describe(&self) -> String {
        let list = |names: Vec<&str>| names.join(",");
        let mut parts = Vec::new();
        if !self.types.is_empty() {
            parts.push(format!(
                "rel {}",
                list(self.types.iter().map(|t| t.as_str()).collect())
            ));
        }
        if !self.statuses.is_empty() {
            parts.push(format!(
                "status {}",
                list(self.statuses.iter().map(|s| s.as_str()).collect())
            ));
        }
        if !self.kinds.is_empty() {
            parts.push(format!(
                "kind {}",
                list(self.kinds.iter().map(|k| k.as_str()).collect())
            ));
        }
        if self.direction != Direction::Both {
            parts.push(format!("dir {:?}", self.direction).to_lowercase());
        }
        if let Some(d) = &self.as_of {
            parts.push(format!("as of {d}"));
        }
        parts.join("; ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_types_and_dates_each_filter() {
        let mut r = Relation::new(RelationType::InvestsIn, Status::Reported);
        r.date = Some("2018-05".parse().unwrap());
        assert!(Filter::all().allows_relation(&r));
        let confirmed = Filter {
            statuses: [Status::Confirmed].into(),
            ..Filter::all()
        };
        assert!(!confirmed.allows_relation(&r));
        let owns = Filter {
            types: [RelationType::Owns].into(),
            ..Filter::all()
        };
        assert!(!owns.allows_relation(&r));
        let before = Filter {
            as_of: Some("2018-04".parse().unwrap()),
            ..Filter::all()
        };
        assert!(!before.allows_relation(&r));
        let after = Filter {
            as_of: Some("2019".parse().unwrap()),
            ..Filter::all()
        };
        assert!(after.allows_relation(&r));
        assert_eq!(confirmed.describe(), "status confirmed");
    }
}
