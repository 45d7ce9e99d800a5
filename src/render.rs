//! The graph's values in words, as every answer and export writes them: amounts, dates,
//! relation details, source references and an entity's tags.

use crate::graph::Graph;
use crate::model::{Amount, Entity, Qualifier, Relation, SourceRef};

/// "over USD 1.6 billion", "USD 460 million", "EUR 12,500".
pub fn amount(a: &Amount) -> String {
    let value = a.value;
    let (scaled, unit) = if value >= 1e15 {
        // Past a thousand trillion, a number of words says nothing: 1e19, 1.8e308.
        (value, "e")
    } else if value >= 1e12 {
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
    } else if unit == "e" {
        let text = format!("{scaled:.3e}");
        let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
        let mantissa = mantissa.trim_end_matches('0').trim_end_matches('.');
        return format!(
            "{}{} {mantissa}e{exponent}",
            qualifier(a.qualifier),
            a.currency
        );
    } else {
        let text = format!("{scaled:.3}");
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    };
    format!("{}{} {number}{unit}", qualifier(a.qualifier), a.currency)
}

/// The word before an amount that is not exact.
fn qualifier(q: Qualifier) -> &'static str {
    match q {
        Qualifier::Exact => "",
        Qualifier::About => "about ",
        Qualifier::Over => "over ",
        Qualifier::UpTo => "up to ",
        Qualifier::Under => "under ",
    }
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
    if let Some(a) = &r.details().amount {
        parts.push(amount(a));
    }
    if let Some(pct) = r.details().stake_pct {
        parts.push(format!("{pct}% stake"));
    } else if let Some((low, high)) = r.details().stake_range {
        parts.push(format!("{low}–{high}% stake"));
    }
    if let Some(d) = dates(r) {
        parts.push(d);
    }
    parts.extend(round(r));
    if let Some(role) = &r.details().role {
        parts.push(format!("role: {role}"));
    }
    parts
}

/// The funding round of a relation: "previous round of USD 460 million", "series B", "round
/// of EUR 2 million".
pub fn round(r: &Relation) -> Option<String> {
    match (&r.details().round, &r.details().round_size) {
        (Some(round), Some(size)) => Some(format!("{round} of {}", amount(size))),
        (Some(round), None) => Some(round.clone()),
        (None, Some(size)) => Some(format!("round of {}", amount(size))),
        (None, None) => None,
    }
}

/// A country's common short name from its ISO 3166-1 alpha-2 code ("South Korea", not "Korea
/// (Republic of)"); the code itself when it names no country.
pub fn country(code: &str) -> String {
    let short = match code {
        "BO" => "Bolivia",
        "BN" => "Brunei",
        "CD" => "DR Congo",
        "CG" => "Republic of the Congo",
        "CZ" => "Czechia",
        "FM" => "Micronesia",
        "GB" => "United Kingdom",
        "IR" => "Iran",
        "KP" => "North Korea",
        "KR" => "South Korea",
        "LA" => "Laos",
        "MD" => "Moldova",
        "MK" => "North Macedonia",
        "MO" => "Macau",
        "PS" => "Palestine",
        "RU" => "Russia",
        "SY" => "Syria",
        "SZ" => "Eswatini",
        "TR" => "Türkiye",
        "TW" => "Taiwan",
        "TZ" => "Tanzania",
        "US" => "United States",
        "VA" => "Vatican City",
        "VE" => "Venezuela",
        "VG" => "British Virgin Islands",
        "VI" => "US Virgin Islands",
        "VN" => "Vietnam",
        _ => {
            return code
                .parse::<iso_country::Country>()
                .map(|c| c.name().to_string())
                .unwrap_or_else(|_| code.to_string());
        }
    };
    short.to_string()
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

/// What an entity is, in brief: its kind, country and whether it is state-owned, as
/// `government · CN` or `company · FI · state-owned`.
pub fn entity_tags(e: &Entity) -> String {
    let mut tags = vec![e.kind.as_str()];
    tags.extend(e.details().country.as_deref());
    if e.details().state_owned {
        tags.push("state-owned");
    }
    tags.join(" · ")
}

/// Amounts added up in one currency.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Total {
    /// The ISO 4217 code.
    pub currency: String,
    /// The sum.
    pub value: f64,
    /// How many amounts it adds.
    pub amounts: usize,
    /// Whether some amount is not exact (about, over, up to, under), so the sum is not either.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub approximate: bool,
}

/// The amounts of relations added up by currency (two currencies are never added), largest
/// first, then by currency.
pub fn totals<'r>(relations: impl IntoIterator<Item = &'r Relation>) -> Vec<Total> {
    let mut by: std::collections::BTreeMap<&str, Total> = Default::default();
    for r in relations {
        if let Some(a) = &r.details().amount {
            let total = by.entry(a.currency.as_str()).or_insert_with(|| Total {
                currency: a.currency.clone(),
                value: 0.0,
                amounts: 0,
                approximate: false,
            });
            total.value += a.value;
            total.amounts += 1;
            total.approximate |= a.qualifier != Qualifier::Exact;
        }
    }
    let mut list: Vec<Total> = by.into_values().collect();
    list.sort_by(|a, b| {
        b.value
            .total_cmp(&a.value)
            .then(a.currency.cmp(&b.currency))
    });
    list
}

/// Totals in words: "EUR 1.2 million + about USD 300,000", or "no amounts".
pub fn totals_in_words(list: &[Total]) -> String {
    if list.is_empty() {
        return "no amounts".to_string();
    }
    let words: Vec<String> = list
        .iter()
        .map(|t| {
            amount(&Amount {
                value: t.value,
                currency: t.currency.clone(),
                qualifier: if t.approximate {
                    Qualifier::About
                } else {
                    Qualifier::Exact
                },
            })
        })
        .collect();
    words.join(" + ")
}

/// The first and last year relations are dated in (by when they began, else ended).
pub fn years<'r>(relations: impl IntoIterator<Item = &'r Relation>) -> Option<(i32, i32)> {
    relations
        .into_iter()
        .filter_map(|r| r.began().or(r.end.as_ref()).map(|d| d.year_part()))
        .fold(None, |span, year| match span {
            None => Some((year, year)),
            Some((first, last)) => Some((first.min(year), last.max(year))),
        })
}

/// "2020", or "2018 – 2021".
pub fn span((first, last): (i32, i32)) -> String {
    if first == last {
        first.to_string()
    } else {
        format!("{first} – {last}")
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

    #[test]
    fn extreme_amounts_print_in_a_readable_form() {
        assert_eq!(amount(&usd(1e19, Qualifier::Exact)), "USD 1e19");
        assert_eq!(
            amount(&usd(f64::MAX, Qualifier::Over)),
            "over USD 1.798e308"
        );
        assert_eq!(amount(&usd(999e12, Qualifier::Exact)), "USD 999 trillion");
    }

    #[test]
    fn countries_have_their_common_short_names() {
        assert_eq!(country("KR"), "South Korea");
        assert_eq!(country("TW"), "Taiwan");
        assert_eq!(country("US"), "United States");
        assert_eq!(country("GB"), "United Kingdom");
        assert_eq!(country("CN"), "China");
        assert_eq!(country("FI"), "Finland");
        assert_eq!(country("XX"), "XX");
    }
}
