//! The one filter every query takes: relation types, direction, entity kinds, statuses and an
//! as-of date, as a single value.

use std::collections::BTreeSet;

use crate::date::{PartialDate, in_force};
use crate::model::{Entity, EntityKind, Relation, RelationType, Status};

/// Which way relations may be followed from an entity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
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

impl Direction {
    /// Every direction, in the order the grammar lists them.
    pub const ALL: [Direction; 3] = [Direction::Out, Direction::In, Direction::Both];

    /// The direction's word in the grammar.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Out => "out",
            Direction::In => "in",
            Direction::Both => "both",
        }
    }

    /// What the direction means, for help.
    pub fn help(self) -> &'static str {
        match self {
            Direction::Out => "Along each relation's direction only (investor to company)",
            Direction::In => "Against each relation's direction only (company to investor)",
            Direction::Both => "Either way",
        }
    }
}

/// Which entities a listing filter keeps: those on any list, or on a list of one authority.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Listed {
    /// On any list (`--listed`).
    Any,
    /// On a list whose authority, program or name contains this text (`--listed-by`).
    By(String),
}

/// What part of the graph a query may use. Empty sets allow everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    /// The relation types that may be followed.
    pub types: BTreeSet<RelationType>,
    /// The statuses a relation may have.
    pub statuses: BTreeSet<Status>,
    /// The kinds of entity that may be reached.
    pub kinds: BTreeSet<EntityKind>,
    /// Which way relations may be followed.
    pub direction: Direction,
    /// The day relations must be in force on.
    pub as_of: Option<PartialDate>,
    /// Keep only entities on a list in force on the as-of day (`find`, `neighbours`,
    /// `portfolio` and `stats` take it).
    pub listed: Option<Listed>,
}

/// What one request changes of the session's filter: each part given replaces the session's.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FilterChange {
    /// Only follow relations of these types.
    pub types: Option<BTreeSet<RelationType>>,
    /// Only use relations with these statuses.
    pub statuses: Option<BTreeSet<Status>>,
    /// Only reach entities of these kinds.
    pub kinds: Option<BTreeSet<EntityKind>>,
    /// Follow relations this way.
    pub direction: Option<Direction>,
    /// Only use relations in force on this day.
    pub as_of: Option<PartialDate>,
    /// Only keep entities on a list.
    pub listed: Option<Listed>,
}

impl FilterChange {
    /// Whether it changes the relation types, the direction or the kinds (the parts that only
    /// some queries take).
    pub fn changes_shape(&self) -> bool {
        self.types.is_some() || self.direction.is_some() || self.kinds.is_some()
    }
}

impl Filter {
    /// A filter that allows everything.
    pub fn all() -> Self {
        Self::default()
    }

    /// This filter with `change` on top: each part the change gives replaces this one's.
    pub fn with(&self, change: &FilterChange) -> Filter {
        let mut filter = self.clone();
        if let Some(types) = &change.types {
            filter.types = types.clone();
        }
        if let Some(statuses) = &change.statuses {
            filter.statuses = statuses.clone();
        }
        if let Some(kinds) = &change.kinds {
            filter.kinds = kinds.clone();
        }
        if let Some(direction) = change.direction {
            filter.direction = direction;
        }
        if change.as_of.is_some() {
            filter.as_of = change.as_of;
        }
        if change.listed.is_some() {
            filter.listed.clone_from(&change.listed);
        }
        filter
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

    /// Whether an entity passes the listing filter: on a list in force on the as-of day (any
    /// day, without one), by the authority asked for. Every entity passes without one.
    pub fn allows_listing(&self, e: &Entity) -> bool {
        match &self.listed {
            None => true,
            Some(Listed::Any) => e.is_listed(self.as_of.as_ref(), None),
            Some(Listed::By(who)) => e.is_listed(self.as_of.as_ref(), Some(who)),
        }
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
            parts.push(format!("dir {}", self.direction.as_str()));
        }
        match &self.listed {
            None => {}
            Some(Listed::Any) => parts.push("listed".into()),
            Some(Listed::By(who)) => parts.push(format!("listed by {who}")),
        }
        if let Some(d) = &self.as_of {
            parts.push(format!("as of {d}"));
        }
        parts.join("; ")
    }

    /// " with FILTER" for a sentence (`no path ... with status confirmed, as of 2018`), or ""
    /// when it filters nothing.
    pub fn with_words(&self) -> String {
        let described = self.describe();
        if described.is_empty() {
            String::new()
        } else {
            format!(" with {}", described.replace("; ", ", "))
        }
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
