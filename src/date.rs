//! Partial ISO dates (`2018`, `2018-05`, `2018-05-31`) as the data states them, and the
//! interval of days each one covers, which is what "in force as of" comparisons need.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A date known to the year, the month or the day.
///
/// Ordering compares the earliest day covered, then precision, so `2018 < 2018-01 < 2018-01-01`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PartialDate {
    year: i32,
    month: Option<u8>,
    day: Option<u8>,
}

/// Why a text is not a partial date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct DateError(String);

impl PartialDate {
    /// A date known to the year only.
    pub fn year(year: i32) -> Self {
        PartialDate {
            year,
            month: None,
            day: None,
        }
    }

    fn parse_parts(year: i32, month: Option<u8>, day: Option<u8>) -> Result<Self, DateError> {
        if let Some(m) = month
            && !(1..=12).contains(&m)
        {
            return Err(DateError(format!("month {m} is not between 1 and 12")));
        }
        if let (Some(m), Some(d)) = (month, day) {
            let last = days_in_month(year, m);
            if d == 0 || d > last {
                return Err(DateError(format!(
                    "day {d} does not exist in {year:04}-{m:02} (it has {last} days)"
                )));
            }
        }
        Ok(PartialDate { year, month, day })
    }

    /// The first day this date covers, as (year, month, day).
    pub fn first_day(&self) -> (i32, u8, u8) {
        (self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }

    /// The last day this date covers, as (year, month, day).
    pub fn last_day(&self) -> (i32, u8, u8) {
        let month = self.month.unwrap_or(12);
        let day = self.day.unwrap_or_else(|| days_in_month(self.year, month));
        (self.year, month, day)
    }

    /// The year part.
    pub fn year_part(&self) -> i32 {
        self.year
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl FromStr for PartialDate {
    type Err = DateError;

    fn from_str(text: &str) -> Result<Self, DateError> {
        let bad = || {
            DateError(format!(
                "\"{text}\" is not a date; write YYYY, YYYY-MM or YYYY-MM-DD (for example 2018-05)"
            ))
        };
        let mut parts = text.split('-');
        let year_text = parts.next().ok_or_else(bad)?;
        let month_text = parts.next();
        let day_text = parts.next();
        if parts.next().is_some() || year_text.len() != 4 {
            return Err(bad());
        }
        let number = |s: &str, width: usize| -> Result<u32, DateError> {
            if s.len() != width || !s.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            s.parse::<u32>().map_err(|_| bad())
        };
        // Four ASCII digits always fit an i32 and a two-digit number a u8.
        let year = number(year_text, 4)? as i32;
        let month = month_text
            .map(|m| number(m, 2))
            .transpose()?
            .map(|m| m as u8);
        let day = day_text.map(|d| number(d, 2)).transpose()?.map(|d| d as u8);
        Self::parse_parts(year, month, day).map_err(|err| DateError(format!("\"{text}\": {err}")))
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// Whether a relation dated by `start`/`end` (either may be missing) is in force on `day`,
/// reading every partial date as the interval of days it covers: a relation counts as in force
/// when its interval and the day's interval overlap.
pub fn in_force(start: Option<&PartialDate>, end: Option<&PartialDate>, day: &PartialDate) -> bool {
    let started = start.is_none_or(|s| s.first_day() <= day.last_day());
    let not_ended = end.is_none_or(|e| e.last_day() >= day.first_day());
    started && not_ended
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_three_precisions_and_prints_them_back() {
        for text in ["2018", "2018-05", "2018-05-31", "2020-02-29"] {
            assert_eq!(text.parse::<PartialDate>().unwrap().to_string(), text);
        }
    }

    #[test]
    fn rejects_what_is_not_a_calendar_date() {
        for text in [
            "",
            "18",
            "2018-5",
            "2018-13",
            "2018-00",
            "2019-02-29",
            "2018-04-31",
            "2018-05-01-01",
            "May 2018",
            "２０１８",
            "2018-05-",
            "+018",
        ] {
            assert!(
                text.parse::<PartialDate>().is_err(),
                "{text:?} was accepted"
            );
        }
    }

    #[test]
    fn partial_dates_cover_intervals_for_in_force() {
        let d = |s: &str| s.parse::<PartialDate>().unwrap();
        assert!(in_force(Some(&d("2018")), None, &d("2018-01-01")));
        assert!(in_force(Some(&d("2018-05")), None, &d("2018")));
        assert!(!in_force(Some(&d("2018-05")), None, &d("2018-04")));
        assert!(in_force(None, Some(&d("2018")), &d("2018-12-31")));
        assert!(!in_force(None, Some(&d("2018")), &d("2019")));
        assert!(in_force(None, None, &d("1900")));
    }

    #[test]
    fn ordering_puts_the_coarser_date_first() {
        let d = |s: &str| s.parse::<PartialDate>().unwrap();
        assert!(d("2018") < d("2018-01"));
        assert!(d("2018-01") < d("2018-01-01"));
        assert!(d("2017-12-31") < d("2018"));
    }
}
