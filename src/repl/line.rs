//! A line as typed, split into words the way [`shlex`] splits it for the parser, but leniently:
//! an open quote or a trailing backslash is reported instead of failing, and each word keeps
//! where it stands in the line, for completion and highlighting.

/// A word of a line: its place in the line (byte offsets), its text with quotes and escapes
/// removed, and the quote still open at its end, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// The byte offset where the word starts.
    pub start: usize,
    /// The byte offset just past the word's end.
    pub end: usize,
    /// The word's text, with quotes and escapes removed.
    pub text: String,
    /// The quote still open at the word's end, if any.
    pub open_quote: Option<char>,
}

/// A line split into words.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lexed {
    /// The words, in order.
    pub words: Vec<Word>,
    /// The line ends inside a `#` comment.
    pub in_comment: bool,
    /// The line ends with a backslash that escapes what comes next: the command goes on on the
    /// next line.
    pub continues: bool,
    /// Where a backslash joins two lines (or ends the text): the byte offsets of those
    /// backslashes.
    joins: Vec<usize>,
}

impl Lexed {
    /// The word the cursor is in when the line ends at the cursor: the last word if the line
    /// does not end in a separator, else a new empty word at the end.
    pub fn current(&self, end: usize) -> Word {
        match self.words.last() {
            Some(last) if last.end == end => last.clone(),
            _ => new_word(end),
        }
    }

    /// The words before the current one.
    pub fn before_current(&self, end: usize) -> &[Word] {
        match self.words.last() {
            Some(last) if last.end == end => &self.words[..self.words.len() - 1],
            _ => &self.words,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Between,
    Bare,
    Single,
    Double,
    Comment,
}

/// Whether a character separates words (as it does for `shlex`).
fn is_separator(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n')
}

/// Splits a line into words, as `shlex::split` would: spaces, tabs and newlines separate words, `'...'` is
/// literal, `"..."` keeps `\` only before `$`, `` ` ``, `"`, `\` and a newline, a backslash
/// elsewhere escapes the next character, a backslash before a newline joins the lines, and `#`
/// at the start of a word begins a comment.
pub fn lex(line: &str) -> Lexed {
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut lexed = Lexed::default();
    let mut state = State::Between;
    let mut word = new_word(0);
    let mut i = 0;
    while let Some(&(at, c)) = chars.get(i) {
        i += 1;
        let next = chars.get(i).map(|&(_, c)| c);
        match (state, c) {
            (State::Comment, '\n') => state = State::Between,
            (State::Comment, _) => {}
            (State::Between, '\\') if next == Some('\n') => {
                lexed.joins.push(at);
                i += 1;
            }
            (State::Between, c) if is_separator(c) => {}
            (State::Between, '#') => state = State::Comment,
            (State::Between, _) => {
                word = new_word(at);
                state = State::Bare;
                i -= 1; // read the character again as part of the word
            }
            (State::Bare, c) if is_separator(c) => {
                word.end = at;
                lexed.words.push(std::mem::replace(&mut word, new_word(0)));
                state = State::Between;
            }
            (State::Bare, '\'') => state = State::Single,
            (State::Bare, '"') => state = State::Double,
            (State::Bare, '\\') => {
                match next {
                    Some('\n') => lexed.joins.push(at),
                    Some(next) => word.text.push(next),
                    None => {
                        lexed.joins.push(at);
                        lexed.continues = true;
                    }
                }
                i += 1;
            }
            (State::Single, '\'') | (State::Double, '"') => state = State::Bare,
            (State::Double, '\\') => {
                match next {
                    Some(next @ ('$' | '`' | '"' | '\\')) => word.text.push(next),
                    Some('\n') => lexed.joins.push(at),
                    Some(next) => {
                        word.text.push('\\');
                        word.text.push(next);
                    }
                    None => {
                        lexed.joins.push(at);
                        lexed.continues = true;
                    }
                }
                i += 1;
            }
            (State::Bare | State::Single | State::Double, c) => word.text.push(c),
        }
    }
    match state {
        State::Between => {}
        State::Comment => lexed.in_comment = true,
        State::Bare | State::Single | State::Double => {
            word.end = line.len();
            word.open_quote = match state {
                State::Single => Some('\''),
                State::Double => Some('"'),
                _ => None,
            };
            lexed.words.push(word);
        }
    }
    lexed
}

fn new_word(start: usize) -> Word {
    Word {
        start,
        end: start,
        text: String::new(),
        open_quote: None,
    }
}

/// Whether a line ends with a backslash that continues the command on the next line.
pub fn continues(line: &str) -> bool {
    lex(line).continues
}

/// The lines of a command made one, as a shell reads them: each backslash-newline outside
/// single quotes and comments is removed (so `show \` + newline + `  SenseTime` is `show
/// SenseTime`), and so is a backslash at the very end.
pub fn join_lines(text: &str) -> String {
    let joins = lex(text).joins;
    let mut joined = String::with_capacity(text.len());
    let mut done = 0;
    for at in joins {
        joined.push_str(&text[done..at]);
        // Skip the backslash and the newline after it, if any (both one byte).
        done = (at + 2).min(text.len());
    }
    joined.push_str(&text[done..]);
    joined
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(line: &str) -> Vec<String> {
        lex(line).words.into_iter().map(|w| w.text).collect()
    }

    #[test]
    fn words_split_like_the_parser_splits_them() {
        for line in [
            "show SenseTime",
            r#"show "SoftBank Vision Fund""#,
            "show 'SoftBank Vision Fund' --json",
            r#"find Soft\ Bank"#,
            r#"show "say \"hi\" \$ \x""#,
            "path a \\\nb",
            "  find   police  ",
            "show SenseTime # the card",
            "show Face++",
            "",
            "   ",
        ] {
            let expected = shlex::split(line).expect("balanced");
            assert_eq!(texts(line), expected, "{line:?}");
        }
    }

    #[test]
    fn words_keep_their_place_in_the_line() {
        let lexed = lex(r#"show "SoftBank Vision Fund" --json"#);
        let spans: Vec<(usize, usize)> = lexed.words.iter().map(|w| (w.start, w.end)).collect();
        assert_eq!(spans, [(0, 4), (5, 27), (28, 34)]);
    }

    #[test]
    fn an_open_quote_is_reported_not_refused() {
        let lexed = lex(r#"show "SoftBank Vis"#);
        let last = lexed.words.last().unwrap();
        assert_eq!(last.text, "SoftBank Vis");
        assert_eq!(last.open_quote, Some('"'));
        assert_eq!(lex("show 'Soft").words[1].open_quote, Some('\''));
        assert_eq!(lex(r#"show "Soft""#).words[1].open_quote, None);
    }

    #[test]
    fn the_current_word_is_new_after_a_space() {
        let line = "show ";
        let lexed = lex(line);
        let current = lexed.current(line.len());
        assert_eq!((current.start, current.text.as_str()), (5, ""));
        assert_eq!(lexed.before_current(line.len()).len(), 1);

        let line = "show Sen";
        let lexed = lex(line);
        assert_eq!(lexed.current(line.len()).text, "Sen");
        assert_eq!(lexed.before_current(line.len()).len(), 1);
    }

    #[test]
    fn a_trailing_backslash_continues_the_line() {
        assert!(continues("path SenseTime \\"));
        assert!(continues("path \"SenseTime \\"));
        assert!(!continues("path SenseTime \\\\"));
        assert!(!continues("path SenseTime"));
        assert!(!continues("# a comment \\"));
        assert!(!continues("show 'a \\"));
    }

    #[test]
    fn continued_lines_join_as_a_shell_joins_them() {
        assert_eq!(join_lines("path a \\\n   b"), "path a    b");
        assert_eq!(texts(&join_lines("path a \\\n   b")), ["path", "a", "b"]);
        assert_eq!(join_lines("show \"Soft\\\nBank\""), "show \"SoftBank\"");
        assert_eq!(join_lines("show 'a\\\nb'"), "show 'a\\\nb'");
        assert_eq!(join_lines("stats \\"), "stats ");
        assert_eq!(join_lines("find a\\ b"), "find a\\ b");
        assert_eq!(join_lines("stats # a \\\nfind x"), "stats # a \\\nfind x");
    }

    #[test]
    fn a_comment_ends_the_words() {
        let lexed = lex("stats # counts");
        assert_eq!(texts("stats # counts"), ["stats"]);
        assert!(lexed.in_comment);
        assert!(!lex("find a#b").in_comment);
        assert_eq!(texts("find a#b"), ["find", "a#b"]);
    }
}
