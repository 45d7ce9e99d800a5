//! Words for numbers and lists, in the one style every message and answer uses: counts with
//! their noun, lists joined with "and", columns padded by characters.

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

/// `text` cut to at most `max` characters, with an ellipsis and how many were left out:
/// `Aaaa… (999,990 more characters)`.
pub fn clip(text: &str, max: usize) -> String {
    let total = text.chars().count();
    if total <= max {
        return text.to_string();
    }
    let kept: String = text.chars().take(max).collect();
    format!("{kept}… ({} more characters)", total - max)
}

/// A number for a message, as a person reads it: `120`, `12.5`, and past a thousand trillion
/// with an exponent (`1e308`), never a 300-digit integer.
pub fn decimal(value: f64) -> String {
    if value.abs() < 1e15 {
        format!("{value}")
    } else {
        format!("{value:e}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_extreme_number_is_written_with_an_exponent() {
        assert_eq!(decimal(120.0), "120");
        assert_eq!(decimal(12.5), "12.5");
        assert_eq!(decimal(1e308), "1e308");
        assert_eq!(decimal(-1.5e300), "-1.5e300");
    }

    #[test]
    fn a_long_value_is_clipped_with_what_was_left_out() {
        assert_eq!(clip("abcdef", 3), "abc… (3 more characters)");
        assert_eq!(clip("abc", 3), "abc");
    }
}
