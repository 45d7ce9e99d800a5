//! Text for people: amounts, dates, relation details, source quotes, counts and lists in the
//! one style every command uses, with colour only when the session has it on.

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};

use crate::graph::Graph;
use crate::model::{Amount, Entity, Qualifier, Relation, SourceRef, Status};

/// Applies styles when colour is on, and nothing otherwise.
#[derive(Debug, Clone, Copy, Default)]
pub struct Paint {
    pub color: bool,
}

impl Paint {
    fn apply(&self, style: Style, text: &str) -> String {
        if self.color {
            format!("{style}{text}{style:#}")
        } else {
            text.to_string()
        }
    }

    /// An entity's name.
    pub fn name(&self, text: &str) -> String {
        self.apply(Style::new().bold(), text)
    }

    /// A section heading.
    pub fn heading(&self, text: &str) -> String {
        self.apply(Style::new().bold().underline(), text)
    }

    /// Secondary detail: ids, sources.
    pub fn dim(&self, text: &str) -> String {
        self.apply(Style::new().dimmed(), text)
    }

    /// A relation's status, coloured by how sure it is.
    pub fn status(&self, status: Status) -> String {
        let color = match status {
            Status::Confirmed => AnsiColor::Green,
            Status::Reported => AnsiColor::Yellow,
            Status::Expected => AnsiColor::Cyan,
            Status::Ended => AnsiColor::BrightBlack,
        };
        self.apply(Style::new().fg_color(Some(color.into())), status.as_str())
    }
}

/// "over USD 1.6 billion", "USD 460 million", "EUR 12,500".
pub fn amount(a: &Amount) -> String {
    let value = a.value;
    let (scaled, unit) = if value >= 1e12 {
        (value / 1e12, " trillion")
    } else if value >= 1e9 {
        (value / 1e9, " billion")
    } else if value >= 1e6 {
        (value / 1e6, " million")
    } else {
        (value, "")
    };
    let number = if unit.is_empty() {
        thousands(value)
    } else {
        let text = format!("{scaled:.3}");
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    };
    let qualifier = match a.qualifier {
        Qualifier::Exact => "",
        Qualifier::About => "about ",
        Qualifier::Over => "over ",
        Qualifier::UpTo => "up to ",
        Qualifier::Under => "under ",
    };
    format!("{qualifier}{} {number}{unit}", a.currency)
}

fn thousands(value: f64) -> String {
    let whole = value.trunc();
    let cents = ((value - whole) * 100.0).round();
    let digits = format!("{whole:.0}");
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    if cents > 0.0 {
        grouped.push_str(&format!(".{cents:02.0}"));
    }
    grouped
}

/// The dates of a relation: "2018-05", "2016 – 2019", "from 2016", "until 2019".
pub fn dates(r: &Relation) -> Option<String> {
    match (&r.date, &r.start, &r.end) {
        (_, Some(s), Some(e)) => Some(format!("{s} – {e}")),
        (_, Some(s), None) => Some(format!("from {s}")),
        (Some(d), None, Some(e)) => Some(format!("{d}, until {e}")),
        (None, None, Some(e)) => Some(format!("until {e}")),
        (Some(d), None, None) => Some(d.to_string()),
        (None, None, None) => None,
    }
}

/// The short facts of a relation after its status: amount, dates, round, stake, role.
pub fn relation_details(r: &Relation) -> Vec<String> {
    let mut parts = Vec::new();
    if let Some(a) = &r.amount {
        parts.push(amount(a));
    }
    if let Some(pct) = r.stake_pct {
        parts.push(format!("{pct}% stake"));
    }
    if let Some(d) = dates(r) {
        parts.push(d);
    }
    match (&r.round, &r.round_size) {
        (Some(round), Some(size)) => parts.push(format!("{round} of {}", amount(size))),
        (Some(round), None) => parts.push(round.clone()),
        (None, Some(size)) => parts.push(format!("round of {}", amount(size))),
        (None, None) => {}
    }
    if let Some(role) = &r.role {
        parts.push(format!("role: {role}"));
    }
    parts
}

/// A source reference: `“quote” [source-id]`, or the source's title when there is no quote.
pub fn source_ref(graph: &Graph, s: &SourceRef) -> String {
    match &s.quote {
        Some(q) => format!("“{q}” [{}]", s.source),
        None => match graph.sources().get(&s.source) {
            Some(source) => format!("{} [{}]", source.title, s.source),
            None => format!("[{}]", s.source),
        },
    }
}

/// Each of a list of source references as [`source_ref`] writes it.
pub fn source_refs(graph: &Graph, refs: &[SourceRef]) -> Vec<String> {
    refs.iter().map(|s| source_ref(graph, s)).collect()
}

/// Writes the indented lines under a relation: its note, then one line per source.
pub fn evidence(
    out: &mut dyn Write,
    graph: &Graph,
    paint: &Paint,
    r: &Relation,
    indent: &str,
) -> io::Result<()> {
    if let Some(note) = &r.note {
        writeln!(out, "{indent}{note}")?;
    }
    for s in &r.sources {
        writeln!(out, "{indent}{}", paint.dim(&source_ref(graph, s)))?;
    }
    Ok(())
}

/// What an entity is, in brief: its kind, country and whether it is state-owned, as
/// `government · CN` or `company · FI · state-owned`.
pub fn entity_tags(e: &Entity) -> String {
    let mut tags = vec![e.kind.as_str()];
    tags.extend(e.country.as_deref());
    if e.state_owned {
        tags.push("state-owned");
    }
    tags.join(" · ")
}

/// "1 entity", "2 entities".
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "1 more entity", "6 more entities".
pub fn more(n: usize, one: &str, many: &str) -> String {
    format!("{n} more {}", if n == 1 { one } else { many })
}

/// "SenseTime", "SenseTime and Megvii", "SenseTime, Megvii and Face++".
pub fn and_list(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Pads `text` to `width` characters (by char count).
pub fn pad(text: &str, width: usize) -> String {
    let len = text.chars().count();
    if len >= width {
        text.to_string()
    } else {
        format!("{text}{}", " ".repeat(width - len))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usd(value: f64, qualifier: Qualifier) -> Amount {
        Amount {
            value,
            currency: "USD".into(),
            qualifier,
        }
    }

    #[test]
    fn amounts_read_as_the_article_writes_them() {
        assert_eq!(amount(&usd(1.6e9, Qualifier::Over)), "over USD 1.6 billion");
        assert_eq!(
            amount(&usd(4.5e9, Qualifier::About)),
            "about USD 4.5 billion"
        );
        assert_eq!(amount(&usd(460e6, Qualifier::Exact)), "USD 460 million");
        assert_eq!(amount(&usd(100e9, Qualifier::Exact)), "USD 100 billion");
        assert_eq!(amount(&usd(12500.0, Qualifier::Exact)), "USD 12,500");
        assert_eq!(amount(&usd(999.5, Qualifier::UpTo)), "up to USD 999.50");
    }
}
