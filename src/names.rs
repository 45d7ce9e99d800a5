//! Matching what people type against names: folding (case, accents, punctuation), ranking
//! fuzzy matches, and "did you mean" suggestions.

use deunicode::deunicode;

/// Folds a name for comparison: transliterated to ASCII, lower case, every run of other
/// characters than letters, digits, `+` and `&` made one space. `"Société Générale"` and
/// `"societe-generale"` fold alike.
pub fn fold(text: &str) -> String {
    let ascii = if text.is_ascii() {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(deunicode(text))
    };
    let mut folded = String::with_capacity(ascii.len());
    let mut pending_space = false;
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() || c == '+' || c == '&' {
            if pending_space && !folded.is_empty() {
                folded.push(' ');
            }
            pending_space = false;
            folded.push(c.to_ascii_lowercase());
        } else {
            pending_space = true;
        }
    }
    folded
}

/// How well a folded query matches a folded name, from 0 (not at all) to 1 (the same).
///
/// Exact, prefix, word-prefix and substring matches rank above spelling-tolerant ones
/// (Jaro-Winkler against the whole name and against runs of its words).
pub fn score(query: &str, name: &str) -> f64 {
    if query.is_empty() || name.is_empty() {
        return 0.0;
    }
    if query == name {
        return 1.0;
    }
    // Shorter names rank first among names of the same class.
    let brevity = 0.05 * (query.len() as f64 / name.len() as f64).min(1.0);
    if name.starts_with(query) {
        return 0.9 + brevity;
    }
    if let Some(at) = name.find(query) {
        let at_word = name.as_bytes()[at - 1] == b' ';
        return if at_word { 0.8 } else { 0.7 } + brevity;
    }
    let whole = strsim::jaro_winkler(query, name);
    let words: Vec<&str> = name.split(' ').collect();
    let width = query.split(' ').count().min(words.len());
    let runs = words
        .windows(width)
        .map(|run| strsim::jaro_winkler(query, &run.join(" ")))
        .fold(0.0, f64::max);
    let best = whole.max(runs);
    // Only a close spelling counts; the scale keeps every fuzzy match below a substring.
    if best >= 0.84 { 0.65 * best } else { 0.0 }
}

/// The closest of `candidates` to `word` by spelling, if any is close enough to suggest.
pub fn closest<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let wanted = fold(word);
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&wanted, &fold(c)), c))
        .filter(|(s, _)| *s >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ignores_case_accents_and_punctuation() {
        assert_eq!(fold("Société  Générale"), "societe generale");
        assert_eq!(fold("tiger-global-management"), "tiger global management");
        assert_eq!(fold("Face++"), "face++");
        assert_eq!(fold("  S & P "), "s & p");
        assert_eq!(fold("SoftBank’s"), "softbank s");
    }

    #[test]
    fn matches_rank_exact_then_prefix_then_word_then_inside_then_spelling() {
        let q = "vision";
        let exact = score(q, "vision");
        let prefix = score(q, "vision fund");
        let word = score(q, "softbank vision fund");
        let inside = score(q, "television");
        let typo = score("sensetme", "sensetime");
        assert!(exact > prefix && prefix > word && word > inside && inside > typo && typo > 0.0);
        assert_eq!(score("zzz", "sensetime"), 0.0);
    }

    #[test]
    fn suggests_the_closest_spelling() {
        assert_eq!(closest("nmae", ["name", "kind", "aliases"]), Some("name"));
        assert_eq!(closest("xyz", ["name", "kind"]), None);
    }
}
