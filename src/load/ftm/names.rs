//! The display name of a FollowTheMoney record that has no `caption`: the name FollowTheMoney
//! itself would show (`EntityProxy.caption`, which picks among several `name` values with
//! `rigour.names.pick_name`): the most representative of the names, Latin script where there is
//! a choice.
//!
//! The rules follow `pick_name` of rigour: each name counts with its lower-case form and that
//! form's ASCII transliteration, weighted by how much of it is Latin script; a single name that
//! is almost all Latin wins outright; otherwise the form nearest to all the others (summed
//! Levenshtein similarity, weighted) wins, and among the names of that form the one nearest to
//! the others.

use std::collections::HashMap;

/// Past this many names a record's display name is picked from the first of them in sorted
/// order: the comparison is of every pair, and a hostile record may hold thousands.
const MOST_NAMES: usize = 64;

/// How much of a name is Latin script, from 0 to 1: Latin letters count 1, letters of the
/// alphabets that transliterate letter for letter (Greek, Cyrillic, Armenian, Georgian) 0.3,
/// other letters 0; what is not a letter (spaces, digits, punctuation) is not counted.
fn latin_share(text: &str) -> f64 {
    let mut latin = 0.0;
    let mut letters = 0usize;
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        let cp = c as u32;
        if matches!(cp,
            0x41..=0x5A | 0x61..=0x7A | 0xC0..=0x24F | 0x1E00..=0x1EFF | 0x2C60..=0x2C7F
            | 0xA720..=0xA7FF | 0xAB30..=0xAB6F | 0xFF21..=0xFF3A | 0xFF41..=0xFF5A)
        {
            latin += 1.0;
        } else if matches!(cp, 0x370..=0x3FF | 0x400..=0x52F | 0x530..=0x58F | 0x10A0..=0x10FF) {
            latin += 0.3;
        }
    }
    if letters == 0 {
        0.0
    } else {
        latin / letters as f64
    }
}

/// The name with each word's first letter upper case and its others lower case (Python's
/// `str.title`).
fn title(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_word = false;
    for c in text.chars() {
        if c.is_alphabetic() {
            if in_word {
                out.extend(c.to_lowercase());
            } else {
                out.extend(c.to_uppercase());
            }
            in_word = true;
        } else {
            out.push(c);
            in_word = false;
        }
    }
    out
}

/// Texts in insertion order with a weight each.
#[derive(Default)]
struct Weighed {
    order: Vec<(String, f64)>,
    at: HashMap<String, usize>,
}

impl Weighed {
    fn add(&mut self, text: &str, weight: f64) {
        match self.at.get(text) {
            Some(&i) => self.order[i].1 += weight,
            None => {
                self.at.insert(text.to_string(), self.order.len());
                self.order.push((text.to_string(), weight));
            }
        }
    }

    fn weight(&self, text: &str) -> f64 {
        self.at.get(text).map_or(1.0, |&i| self.order[i].1)
    }
}

/// How many steps of edit distance picking a name may take for each character of the texts
/// compared. A text of up to 64 characters takes a step a character of the other ([`Short`]),
/// so that 64 such names are always all compared; a longer one takes a step a pair of
/// characters, and 64 names of 1,000 characters would take two billion steps from 64 KB.
const STEPS_PER_CHARACTER: usize = 100;

/// The steps the comparisons of names may always take (a few milliseconds): enough for two
/// names of a thousand characters.
const STEPS_AT_LEAST: usize = 1_000_000;

/// The texts ordered by their weighted similarity to all the others, most similar first; ties
/// keep the order of the texts. Only the first texts whose pairs fit in
/// [`STEPS_PER_CHARACTER`] times the characters of them all are compared; the others come
/// after them, in their order.
fn levenshtein_pick(texts: &[String], weights: Option<&Weighed>) -> Vec<String> {
    let mut unique = Weighed::default();
    for text in texts {
        unique.add(text, 0.0);
    }
    let texts: Vec<&String> = unique.order.iter().map(|(t, _)| t).collect();
    if texts.len() < 2 {
        return texts.into_iter().cloned().collect();
    }
    let chars: Vec<Vec<char>> = texts.iter().map(|t| t.chars().collect()).collect();
    let lengths: Vec<usize> = chars.iter().map(Vec::len).collect();
    let weight: Vec<f64> = texts
        .iter()
        .map(|t| weights.map_or(1.0, |w| w.weight(t)))
        .collect();
    let compared = how_many_compared(&lengths);
    let mut edits = vec![0.0; texts.len()];
    for i in 0..compared {
        let short = Short::new(&chars[i]);
        for j in i + 1..compared {
            let distance = match &short {
                Some(short) => short.distance(&chars[j]),
                None => strsim::generic_levenshtein(&chars[i], &chars[j]),
            } as f64;
            let base = lengths[i].max(lengths[j]).max(1) as f64;
            let similar = 1.0 - distance / base;
            edits[i] += similar * weight[i];
            edits[j] += similar * weight[j];
        }
    }
    let mut order: Vec<usize> = (0..texts.len()).collect();
    order.sort_by(|&a, &b| edits[b].total_cmp(&edits[a]));
    order.into_iter().map(|i| texts[i].clone()).collect()
}

/// How many of the first texts, of these lengths in characters, are compared with each other:
/// as many as fit in [`STEPS_PER_CHARACTER`] times the characters of them all, or in
/// [`STEPS_AT_LEAST`] when that is more. Two long texts
/// that do not fit are not compared at all (their order is kept), so that two names of a
/// million characters cost nothing instead of a trillion steps.
fn how_many_compared(lengths: &[usize]) -> usize {
    let budget = STEPS_PER_CHARACTER
        .saturating_mul(lengths.iter().sum::<usize>())
        .max(STEPS_AT_LEAST);
    let mut steps = 0usize;
    let mut compared = 0;
    while compared < lengths.len() {
        // A text of up to 64 characters takes a step a character of the other ([`Short`]).
        let more: usize = lengths[..compared]
            .iter()
            .map(|&l| if l <= 64 { 1 } else { l }.saturating_mul(lengths[compared]))
            .fold(0, usize::saturating_add);
        if steps.saturating_add(more) > budget {
            break;
        }
        steps += more;
        compared += 1;
    }
    compared
}

/// A text of at most 64 characters, ready for the bit-parallel edit distance of Myers (as
/// Hyyrö writes it): one step a character of the other text, where the plain one takes one a
/// pair of characters.
struct Short {
    /// For each ASCII character, the places where the text has it, as bits.
    ascii: [u64; 128],
    /// The same for the other characters.
    places: HashMap<char, u64>,
    len: usize,
}

impl Short {
    /// The text made ready, or `None` when it is longer than 64 characters.
    fn new(text: &[char]) -> Option<Short> {
        if text.len() > 64 {
            return None;
        }
        let mut ascii = [0u64; 128];
        let mut places: HashMap<char, u64> = HashMap::new();
        for (i, &c) in text.iter().enumerate() {
            match ascii.get_mut(c as usize) {
                Some(bits) => *bits |= 1 << i,
                None => *places.entry(c).or_default() |= 1 << i,
            }
        }
        Some(Short {
            ascii,
            places,
            len: text.len(),
        })
    }

    /// The Levenshtein distance from the text to `other`, as [`strsim::levenshtein`] gives it.
    fn distance(&self, other: &[char]) -> usize {
        let m = self.len;
        if m == 0 {
            return other.len();
        }
        let last = 1u64 << (m - 1);
        let mut pv: u64 = if m == 64 { !0 } else { (1u64 << m) - 1 };
        let mut mv: u64 = 0;
        let mut score = m;
        for c in other {
            let eq = match self.ascii.get(*c as usize) {
                Some(&bits) => bits,
                None => self.places.get(c).copied().unwrap_or(0),
            };
            let xv = eq | mv;
            let xh = ((eq & pv).wrapping_add(pv) ^ pv) | eq;
            let mut ph = mv | !(xh | pv);
            let mut mh = pv & xh;
            if ph & last != 0 {
                score += 1;
            } else if mh & last != 0 {
                score -= 1;
            }
            ph = (ph << 1) | 1;
            mh <<= 1;
            pv = mh | !(xv | ph);
            mv = ph & xv;
        }
        score
    }
}

/// The name to show of these names, or `None` when none has a letter or digit.
///
/// # Complexity
/// O(k² · l²) for k names (at most 64 are compared) of l characters.
pub fn pick_name(names: &[String]) -> Option<String> {
    let mut sorted: Vec<&String> = names.iter().collect();
    sorted.sort();
    sorted.dedup();
    sorted.truncate(MOST_NAMES);
    let mut weights = Weighed::default();
    let mut forms: HashMap<String, Vec<String>> = HashMap::new();
    let mut latin_names: Vec<&String> = Vec::new();
    for name in &sorted {
        let form = name.trim().to_lowercase();
        if form.is_empty() {
            continue;
        }
        let share = latin_share(name);
        if share > 0.85 {
            latin_names.push(name);
        }
        let weight = 1.0 + share;
        weights.add(&form, weight);
        let surfaces = forms.entry(form.clone()).or_default();
        surfaces.push((*name).clone());
        surfaces.push(title(name));
        let norm = deunicode::deunicode(&form);
        if norm.chars().count() > 2 {
            weights.add(&norm, weight);
            forms.entry(norm).or_default().push((*name).clone());
        }
    }
    if let [only] = latin_names.as_slice() {
        return Some((*only).clone());
    }
    let keys: Vec<String> = weights.order.iter().map(|(k, _)| k.clone()).collect();
    for form in levenshtein_pick(&keys, Some(&weights)) {
        let surfaces = forms.get(&form).map(Vec::as_slice).unwrap_or_default();
        for surface in levenshtein_pick(surfaces, None) {
            if sorted.iter().any(|n| **n == surface) {
                return Some(surface);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_one_latin_name_wins_over_names_in_other_scripts() {
        let picked = pick_name(&names(&["Владимир Путин", "Vladimir Putin", "普京"]));
        assert_eq!(picked.as_deref(), Some("Vladimir Putin"));
    }

    #[test]
    fn among_latin_names_the_one_nearest_the_others_wins() {
        let picked = pick_name(&names(&[
            "Bayerische Motorenwerke AG",
            "Bayerische Motoren Werke AG",
            "BMW",
        ]));
        assert_eq!(picked.as_deref(), Some("Bayerische Motorenwerke AG"));
    }

    #[test]
    fn two_names_too_long_to_compare_are_not_compared() {
        // Two names of 10,000 characters took 100 million steps, a quarter of a second each
        // time; two of a million would have taken hours.
        assert!(how_many_compared(&[10_000, 10_000]) < 2);
        assert!(how_many_compared(&[1_000_000, 1_000_000, 3]) < 2);
        assert_eq!(how_many_compared(&[1_000, 1_000]), 2);
        assert_eq!(how_many_compared(&[20; 40]), 40);
    }

    #[test]
    fn a_single_name_is_picked_whatever_its_script() {
        assert_eq!(pick_name(&names(&["普京"])).as_deref(), Some("普京"));
        assert_eq!(pick_name(&names(&[" "])), None);
        assert_eq!(pick_name(&[]), None);
    }

    #[test]
    fn sixty_four_names_of_a_thousand_characters_compare_only_what_the_steps_allow() {
        // All 64 compared would take 64·63/2 pairs of a million steps each; the steps allow
        // 100 for each of the 64,192 characters: the first four names (six pairs).
        let list: Vec<String> = (0..64)
            .map(|i| format!("{i:02} {}", "abcdefghij".repeat(100)))
            .collect();
        let order = levenshtein_pick(&list, None);
        assert_eq!(order.len(), 64);
        // The four compared come first, the 60 others after them in their order.
        let mut first: Vec<&String> = order[..4].iter().collect();
        first.sort();
        assert_eq!(first, list[..4].iter().collect::<Vec<_>>());
        assert_eq!(order[4..], list[4..]);
        assert!(list.contains(&pick_name(&list).unwrap()));
    }

    #[test]
    fn the_bit_parallel_distance_is_the_levenshtein_distance() {
        // Texts of 0 to 70 characters from a small alphabet (so that they share many), and
        // some of other scripts; every pair compared both ways.
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let alphabet: Vec<char> = "abcab Aé中ж".chars().collect();
        let texts: Vec<Vec<char>> = (0..120)
            .map(|i| {
                let len = (next() % 71) as usize;
                let len = if i < 4 { [0, 1, 63, 64][i] } else { len };
                (0..len)
                    .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                    .collect()
            })
            .collect();
        for a in &texts {
            let Some(short) = Short::new(a) else {
                assert!(a.len() > 64);
                continue;
            };
            for b in &texts {
                assert_eq!(
                    short.distance(b),
                    strsim::generic_levenshtein(a, b),
                    "{a:?} {b:?}"
                );
            }
        }
    }

    #[test]
    fn latin_share_counts_letters_only() {
        assert_eq!(latin_share("ACME 1 Ltd."), 1.0);
        assert_eq!(latin_share("中国"), 0.0);
        assert!((latin_share("Путин") - 0.3).abs() < 1e-9);
    }
}
