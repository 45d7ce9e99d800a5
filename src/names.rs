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

/// Words of legal forms, folded, as [`core_name`] leaves them out (dotted forms such as
/// "S.A." or "e.V." fold to letters that are joined first).
const LEGAL_FORMS: &[&str] = &[
    "ab",
    "ag",
    "as",
    "asa",
    "bv",
    "co",
    "corp",
    "corporation",
    "ev",
    "gmbh",
    "inc",
    "incorporated",
    "jsc",
    "kg",
    "kgaa",
    "kk",
    "limited",
    "llc",
    "llp",
    "lp",
    "ltd",
    "mbh",
    "nv",
    "ohg",
    "oao",
    "ojsc",
    "ooo",
    "oy",
    "oyj",
    "pao",
    "pjsc",
    "plc",
    "pte",
    "pty",
    "sa",
    "sarl",
    "sas",
    "se",
    "spa",
    "sro",
    "srl",
    "the",
    "zao",
];

/// A name reduced to what tells one company from another: folded ([`fold`]), without its
/// bracketed parts and without the words of legal forms, so that "Bayerische Motorenwerke
/// (BMW) AG" and "BAYERISCHE MOTORENWERKE AG" give the same core. `None` when nothing is
/// left ("AG", "(BMW)").
///
/// ```
/// use dealgraph::names::core_name;
/// assert_eq!(core_name("Bayerische Motorenwerke (BMW) AG").as_deref(), Some("bayerische motorenwerke"));
/// assert_eq!(core_name("ACME S.A.").as_deref(), Some("acme"));
/// assert_eq!(core_name("Ltd."), None);
/// ```
pub fn core_name(name: &str) -> Option<String> {
    let mut outside = String::with_capacity(name.len());
    let mut depth = 0usize;
    for c in name.chars() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            _ if depth == 0 => outside.push(c),
            _ => {}
        }
    }
    let folded = fold(&outside);
    // Runs of single letters ("s a", "e v") are one word.
    let mut words: Vec<String> = Vec::new();
    let mut single_run = false;
    for word in folded.split(' ').filter(|w| !w.is_empty()) {
        let single = word.chars().count() == 1;
        match words.last_mut() {
            Some(last) if single && single_run => last.push_str(word),
            _ => words.push(word.to_string()),
        }
        single_run = single;
    }
    let core: Vec<&str> = words
        .iter()
        .map(String::as_str)
        .filter(|w| !LEGAL_FORMS.contains(w))
        .collect();
    (!core.is_empty()).then(|| core.join(" "))
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
    // A query longer than the name is not in it, and five times as long it is not close to it
    // (see `close_spelling`) nor to any run of its words: a long query is never searched for,
    // which costs its length for every name, even where it cannot be.
    if query.len() > 5 * name.len() {
        return 0.0;
    }
    if query.len() <= name.len() {
        if name.starts_with(query) {
            return 0.9 + brevity;
        }
        if let Some(at) = name.find(query) {
            let at_word = name.as_bytes()[at - 1] == b' ';
            return if at_word { 0.8 } else { 0.7 } + brevity;
        }
    }
    // Comparing spellings costs about the product of the two lengths: a name and a query of
    // thousands of letters each (a whole text pasted, a cell that swallowed a file) are not
    // compared past a budget of steps, which names as people type them never reach.
    let mut steps = query.len() * name.len();
    if steps > SPELLING_STEPS {
        return 0.0;
    }
    let words = name.split(' ').count();
    let width = query.split(' ').count().min(words);
    let mut best = close_spelling(query, name);
    if width < words {
        // Every run of `width` consecutive words, as a slice of the name.
        let spaces: Vec<usize> = name.match_indices(' ').map(|(at, _)| at).collect();
        for first in 0..=words - width {
            let start = if first == 0 { 0 } else { spaces[first - 1] + 1 };
            let end = spaces.get(first + width - 1).copied().unwrap_or(name.len());
            steps += query.len() * (end - start);
            if steps > SPELLING_STEPS {
                break;
            }
            best = best.max(close_spelling(query, &name[start..end]));
        }
    }
    // The scale keeps every fuzzy match below a substring.
    if best >= CLOSE { 0.65 * best } else { 0.0 }
}

/// The Jaro-Winkler similarity from which two spellings count as close.
const CLOSE: f64 = 0.84;

/// The most steps (the products of the lengths compared) [`score`] spends comparing the
/// spellings of one query and one name: about a millisecond.
const SPELLING_STEPS: usize = 1 << 20;

/// The Jaro-Winkler similarity of two strings when it may reach [`CLOSE`], else 0. Most pairs
/// of names are ruled out by the letters they share, without comparing them: the Jaro
/// similarity counts at most as many matches as there are letters in common, and the Winkler
/// prefix bonus adds at most 0.4 of what is left.
fn close_spelling(a: &str, b: &str) -> f64 {
    if a.is_ascii() && b.is_ascii() {
        // At most as many letters in common as the shorter has: two spellings of very
        // different lengths are ruled out before reading them (a query of 60,000 letters once
        // read itself whole for every word of every name).
        let (shorter, longer) = (a.len().min(b.len()) as f64, a.len().max(b.len()) as f64);
        let jaro = (shorter / longer + 2.0) / 3.0;
        if jaro + 0.4 * (1.0 - jaro) < CLOSE {
            return 0.0;
        }
        let mut counts = [0u16; 128];
        for &x in a.as_bytes() {
            counts[x as usize] += 1;
        }
        let mut common = 0usize;
        for &x in b.as_bytes() {
            let slot = &mut counts[x as usize];
            if *slot > 0 {
                *slot -= 1;
                common += 1;
            }
        }
        let c = common as f64;
        let jaro = (c / a.len() as f64 + c / b.len() as f64 + 1.0) / 3.0;
        if common == 0 || jaro + 0.4 * (1.0 - jaro) < CLOSE {
            return 0.0;
        }
    }
    strsim::jaro_winkler(a, b)
}

/// How many distinct trigram codes [`trigrams`] can return.
pub const TRIGRAMS: usize = 39 * 39 * 39;

/// The distinct runs of three characters of a folded name, as numbers below [`TRIGRAMS`],
/// sorted: the keys of the search index. Folded text has only the 39 characters `a-z`, `0-9`,
/// space, `+` and `&`; anything else (never produced by [`fold`]) counts as a space.
pub fn trigrams(folded: &str) -> Vec<u32> {
    let code = |b: u8| -> u32 {
        match b {
            b'a'..=b'z' => (b - b'a') as u32,
            b'0'..=b'9' => 26 + (b - b'0') as u32,
            b'+' => 37,
            b'&' => 38,
            _ => 36,
        }
    };
    let mut grams: Vec<u32> = folded
        .as_bytes()
        .windows(3)
        .map(|w| (code(w[0]) * 39 + code(w[1])) * 39 + code(w[2]))
        .collect();
    grams.sort_unstable();
    grams.dedup();
    grams
}

/// Every trigram code (see [`trigrams`]) whose three characters contain `short`, a folded
/// text of one or two characters: where to look for the names that contain it.
pub fn trigrams_containing(short: &str) -> Vec<u32> {
    const ALPHABET: &[u8; 39] = b"abcdefghijklmnopqrstuvwxyz0123456789 +&";
    let wanted = short.as_bytes();
    let mut codes = Vec::new();
    for code in 0..TRIGRAMS as u32 {
        let gram = [
            ALPHABET[(code / (39 * 39)) as usize],
            ALPHABET[(code / 39 % 39) as usize],
            ALPHABET[(code % 39) as usize],
        ];
        if gram.windows(wanted.len()).any(|w| w == wanted) {
            codes.push(code);
        }
    }
    codes
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
    fn two_texts_of_thousands_of_letters_are_not_compared_by_spelling() {
        // Found by the mapping target: a CSV cell that swallowed the rest of its table became
        // a name of 8,700 characters, and `find` of a text as long spent 1.9 s comparing the
        // two, run of words by run of words.
        let name: String = (0..1500).map(|i| format!("w{i} ")).collect();
        let name = name.trim_end();
        let query = name.replacen("w7 ", "v7 ", 1);
        assert_eq!(score(&query, name), 0.0);
        assert!(
            score("sensetme", "sensetime") > 0.0,
            "a short typo still matches"
        );
        assert_eq!(score(name, name), 1.0, "the same text still matches");
    }

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
    fn trigrams_are_distinct_and_in_range() {
        let grams = trigrams("aaaa zz9+&");
        assert_eq!(grams.len(), 8 - 1);
        assert!(grams.iter().all(|&g| (g as usize) < TRIGRAMS));
        assert!(trigrams("ab").is_empty());
        assert_eq!(trigrams("abc"), trigrams("abcabc")[..1].to_vec());
    }

    #[test]
    fn the_letters_shared_rule_out_only_distant_spellings() {
        let pairs = [
            ("sensetme", "sensetime"),
            ("vison", "vision"),
            ("ab", "axbx"),
            ("kodo systems", "zenlu systems"),
            ("alibab", "alibaba"),
            ("qqq", "sensetime"),
            ("sense", "sensetime holdings"),
            ("sensetime", "sensetime a"),
            ("a", "aaaaaaaaaaaaaaaaaaaa"),
        ];
        for (a, b) in pairs {
            let exact = strsim::jaro_winkler(a, b);
            let quick = close_spelling(a, b);
            if exact >= CLOSE {
                assert_eq!(quick, exact, "{a} / {b}");
            } else {
                assert!(quick == 0.0 || quick == exact, "{a} / {b}");
            }
        }
    }

    #[test]
    fn short_texts_are_found_through_the_trigrams_that_contain_them() {
        let codes = trigrams_containing("qu");
        assert_eq!(codes.len(), 2 * 39);
        for name in ["quan", "aqu", "x qu"] {
            assert!(trigrams(name).iter().any(|g| codes.contains(g)), "{name}");
        }
        assert_eq!(trigrams_containing("a").len(), 39 * 39 * 39 - 38 * 38 * 38);
    }

    #[test]
    fn suggests_the_closest_spelling() {
        assert_eq!(closest("nmae", ["name", "kind", "aliases"]), Some("name"));
        assert_eq!(closest("xyz", ["name", "kind"]), None);
    }
}
