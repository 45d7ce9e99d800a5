//! Reading JSON while keeping every value's place in the file, so that each problem in a data
//! file is reported at its own line and column and all of them are reported in one pass.
//!
//! serde_json validates the syntax and borrows each value as a [`RawValue`] slice of the text;
//! a slice's offset in the text is its location. Objects are read field by field, so one bad
//! field never hides the next.

use std::cell::RefCell;
use std::fmt;
use std::str::FromStr;

use serde::de::{DeserializeOwned, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

use crate::diagnostic::{Diagnostic, Location, SourceText};
use crate::names::closest;

/// The most syntax mistakes [`repair`] mends in one document.
const MOST_REPAIRS: usize = 100;

/// Mends the syntax mistakes hand-edited JSON most often has, so that the rest of the
/// document can still be checked: a trailing comma (`[1, 2,]`, `{"a": 1,}`) becomes a space,
/// a missing comma between two values or a missing colon after a key is written into the
/// space before the value, a comment (`//`, `/* */`) becomes spaces, a string in single
/// quotes takes double ones, and a closing bracket of the wrong kind (an extra `}` in an
/// array, an extra `]` in an object) becomes a space. Each
/// mistake is reported where it is, with what to do; the mended text has every byte where it
/// was, so the locations of later problems hold. Returns the mended text (`None` when nothing
/// was mended) and the problems; a mistake of another kind stops the mending, and reading the
/// text then reports it.
pub fn repair(name: &str, text: &str) -> (Option<String>, Vec<Diagnostic>) {
    let mut mended: Option<Vec<u8>> = None;
    let mut problems = Vec::new();
    for _ in 0..MOST_REPAIRS {
        let current = match &mended {
            // Only ASCII bytes were replaced by ASCII bytes, so the text is still UTF-8.
            Some(bytes) => std::str::from_utf8(bytes).unwrap_or(text),
            None => text,
        };
        let err = match serde_json::from_str::<&RawValue>(current) {
            Ok(_) => break,
            Err(err) => err,
        };
        if err.classify() != serde_json::error::Category::Syntax || err.line() == 0 {
            break;
        }
        let src = SourceText::new(name, current);
        let at = src.offset_of_line_column(0, err.line(), err.column());
        let Some((edits, report_at, message)) = mend(current.as_bytes(), at, &err) else {
            break;
        };
        let mut next = current.as_bytes().to_vec();
        for (place, byte) in edits {
            next[place] = byte;
        }
        // A mend that only leaves the document ending too early guessed wrong (an extra
        // bracket that was a missing one): the mistake is left for the reader to report.
        let ends_early = std::str::from_utf8(&next)
            .map(|t| {
                serde_json::from_str::<&RawValue>(t)
                    .is_err_and(|e| e.classify() == serde_json::error::Category::Eof)
            })
            .unwrap_or(true);
        if ends_early {
            break;
        }
        problems.push(Diagnostic::at(src.location(report_at), message));
        mended = Some(next);
    }
    let mended = mended.and_then(|bytes| String::from_utf8(bytes).ok());
    (mended, problems)
}

/// A mend: the bytes to write where, the byte to report it at, and what to say.
type Mend = (Vec<(usize, u8)>, usize, String);

/// The bytes to write where, where to report it and what to say, for the syntax error that
/// serde_json found at byte `at`, if it is one of those [`repair`] mends. Every edit puts an
/// ASCII byte in the place of an ASCII byte.
fn mend(bytes: &[u8], at: usize, err: &serde_json::Error) -> Option<Mend> {
    let space = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r');
    let candidates = [at, at.saturating_sub(1)];
    let said = err.to_string();
    for c in candidates.into_iter().filter(|&c| c < bytes.len()) {
        // A comment, which JSON does not have: spaces in its place, line breaks kept.
        if bytes[c] == b'/' && matches!(bytes.get(c + 1), Some(b'/' | b'*')) {
            let end = if bytes[c + 1] == b'/' {
                (c..bytes.len())
                    .find(|&i| bytes[i] == b'\n')
                    .unwrap_or(bytes.len())
            } else {
                (c + 2..bytes.len().saturating_sub(1))
                    .find(|&i| bytes[i] == b'*' && bytes[i + 1] == b'/')
                    .map_or(bytes.len(), |i| i + 2)
            };
            // Only ASCII bytes are replaced, so that the text stays UTF-8: a comment with
            // other characters keeps them, and reading it then reports them.
            let edits: Vec<(usize, u8)> = (c..end)
                .filter(|&i| bytes[i].is_ascii() && !matches!(bytes[i], b'\n' | b'\r'))
                .map(|i| (i, b' '))
                .collect();
            if (c..end).all(|i| bytes[i].is_ascii()) {
                return Some((
                    edits,
                    c,
                    "JSON syntax: a comment; JSON has no comments, remove it (a \"note\" field \
                     can hold the text)"
                        .to_string(),
                ));
            }
        }
        // A string in single quotes, on one line.
        if bytes[c] == b'\'' {
            let close = (c + 1..bytes.len())
                .take_while(|&i| bytes[i] != b'\n')
                .find(|&i| bytes[i] == b'\'');
            if let Some(close) = close
                && !bytes[c + 1..close].contains(&b'"')
            {
                return Some((
                    vec![(c, b'"'), (close, b'"')],
                    c,
                    "JSON syntax: single quotes; JSON strings and keys take double quotes \
                     (\"like this\")"
                        .to_string(),
                ));
            }
        }
        // A closing bracket of the wrong kind: one too many.
        let wrong = match bytes[c] {
            b'}' => said.starts_with("expected `,` or `]`"),
            b']' => said.starts_with("expected `,` or `}`"),
            _ => false,
        };
        if wrong {
            let (open, kind, other) = if bytes[c] == b'}' {
                ("an array", "array", ']')
            } else {
                ("an object", "object", '}')
            };
            return Some((
                vec![(c, b' ')],
                c,
                format!(
                    "JSON syntax: \"{}\" inside {open}, which needs \",\" or \"{other}\" here; \
                     remove it if it is one too many, or close the {kind} before it",
                    bytes[c] as char
                ),
            ));
        }
    }
    if said.starts_with("expected `:`") {
        // A key and its value with only spaces between them: the colon goes in a space.
        for c in candidates.into_iter().filter(|&c| c < bytes.len()) {
            if space(bytes[c]) {
                continue;
            }
            let mut w = c;
            while w > 0 && space(bytes[w - 1]) {
                w -= 1;
            }
            if w > 0
                && bytes[w - 1] == b'"'
                && let Some(place) = (w..c).find(|&i| matches!(bytes[i], b' ' | b'\t'))
            {
                return Some((
                    vec![(place, b':')],
                    c,
                    "JSON syntax: a colon is missing between the key and this value; write \
                     \"key\": value"
                        .to_string(),
                ));
            }
        }
        return None;
    }
    for c in candidates.into_iter().filter(|&c| c < bytes.len()) {
        if matches!(bytes[c], b'}' | b']') {
            let mut w = c;
            while w > 0 && space(bytes[w - 1]) {
                w -= 1;
            }
            if w > 0 && bytes[w - 1] == b',' {
                let close = bytes[c] as char;
                return Some((
                    vec![(w - 1, b' ')],
                    w - 1,
                    format!(
                        "JSON syntax: a trailing comma before \"{close}\"; JSON allows no comma after the last value, remove it"
                    ),
                ));
            }
        }
    }
    if !said.starts_with("expected `,` or") {
        return None;
    }
    for c in candidates.into_iter().filter(|&c| c < bytes.len()) {
        if !matches!(
            bytes[c],
            b'"' | b'{' | b'[' | b'-' | b'0'..=b'9' | b't' | b'f' | b'n'
        ) {
            continue;
        }
        let mut w = c;
        while w > 0 && space(bytes[w - 1]) {
            w -= 1;
        }
        // A space or tab of the run becomes the comma; a line break stays, so that the
        // lines keep their numbers.
        if let Some(place) = (w..c).find(|&i| matches!(bytes[i], b' ' | b'\t' | b'\r')) {
            return Some((
                vec![(place, b',')],
                c,
                "JSON syntax: a comma is missing before this value; add one between the two values"
                    .to_string(),
            ));
        }
    }
    None
}

/// A JSON document being read, with the problems found so far.
pub struct Doc<'a> {
    /// The document's text, which locations point into.
    pub src: SourceText<'a>,
    problems: RefCell<Vec<Diagnostic>>,
    /// Whether the text is one line of a JSON lines file.
    one_line: bool,
}

/// One `"key": value` of an object.
struct Field<'a> {
    key: String,
    key_offset: usize,
    value: &'a RawValue,
}

/// An object of the document, read field by field.
pub struct Object<'a, 'd> {
    doc: &'d Doc<'a>,
    what: String,
    offset: usize,
    fields: Vec<Field<'a>>,
}

impl<'a> Doc<'a> {
    /// The document `text`, named `name` in messages.
    pub fn new(name: &str, text: &'a str) -> Self {
        Doc {
            src: SourceText::new(name, text),
            problems: RefCell::new(Vec::new()),
            one_line: false,
        }
    }

    /// One line of a JSON lines file, which is line `line` there.
    pub fn line(name: &str, text: &'a str, line: usize) -> Self {
        Doc {
            src: SourceText::line(name, text, line),
            problems: RefCell::new(Vec::new()),
            one_line: true,
        }
    }

    /// The whole document, or `None` (with a located syntax error) when it is not JSON.
    pub fn root(&self) -> Option<&'a RawValue> {
        match serde_json::from_str::<&RawValue>(self.src.text) {
            Ok(raw) => Some(raw),
            Err(err) => {
                self.serde_error(0, &err, "");
                None
            }
        }
    }

    /// Records a problem at a byte offset.
    pub fn error_at(&self, offset: usize, message: impl Into<String>) {
        let location = self.src.location(offset);
        self.problems
            .borrow_mut()
            .push(Diagnostic::at(location, message));
    }

    /// Records a problem at a value.
    pub fn error(&self, raw: &RawValue, message: impl Into<String>) {
        self.error_at(self.offset(raw), message);
    }

    /// How many problems have been recorded.
    pub fn problem_count(&self) -> usize {
        self.problems.borrow().len()
    }

    /// The problems, in the order of the file.
    pub fn into_problems(self) -> Vec<Diagnostic> {
        let mut problems = self.problems.into_inner();
        problems.sort();
        problems.dedup();
        problems
    }

    /// Where a value starts in the text.
    pub fn offset(&self, raw: &RawValue) -> usize {
        self.src.offset_of(raw.get())
    }

    /// The location of a value.
    pub fn location(&self, raw: &RawValue) -> Location {
        self.src.location(self.offset(raw))
    }

    fn serde_error(&self, base: usize, err: &serde_json::Error, context: &str) {
        let offset = if err.line() == 0 {
            base
        } else {
            self.src
                .offset_of_line_column(base, err.line(), err.column())
        };
        let text = err.to_string();
        let message = match text.rfind(" at line ") {
            Some(cut) if err.line() != 0 => &text[..cut],
            _ => &text,
        };
        let message = match err.classify() {
            serde_json::error::Category::Eof if self.one_line => format!(
                "JSON syntax: {message} — the line ends before its record does; a JSON lines record is one whole line"
            ),
            serde_json::error::Category::Eof => {
                format!("JSON syntax: {message} — the file ends too early; is it complete?")
            }
            serde_json::error::Category::Syntax
                if self.one_line && message == "trailing characters" =>
            {
                "JSON syntax: trailing characters — a JSON lines record is one value a line, with nothing after it".to_string()
            }
            serde_json::error::Category::Syntax if message == "recursion limit exceeded" => {
                "values are nested more than 128 deep here, deeper than any data format dealgraph reads; is this the right file?".to_string()
            }
            serde_json::error::Category::Syntax => format!("JSON syntax: {message}"),
            _ if context.is_empty() => message.to_string(),
            _ => format!("{context}: {message}"),
        };
        self.error_at(offset, message);
    }

    /// Deserializes a value, recording a located problem on failure.
    pub fn value<T: DeserializeOwned>(&self, raw: &'a RawValue, context: &str) -> Option<T> {
        self.value_in(raw, || context.to_string())
    }

    /// Deserializes a value; `context` names it in the message of a problem, and is only
    /// called when there is one.
    pub fn value_in<T: serde::Deserialize<'a>>(
        &self,
        raw: &'a RawValue,
        context: impl FnOnce() -> String,
    ) -> Option<T> {
        match serde_json::from_str::<T>(raw.get()) {
            Ok(value) => Some(value),
            Err(err) => {
                let context = context();
                let offset = self.offset(raw);
                if raw.get().starts_with(['{', '[']) {
                    self.serde_error(offset, &err, &context);
                } else {
                    // A scalar is reported where it starts, not where serde stopped reading it.
                    let message = err.to_string();
                    let message = message
                        .rfind(" at line ")
                        .map_or(&message[..], |cut| &message[..cut]);
                    self.error_at(offset, format!("{context}: {message}"));
                }
                None
            }
        }
    }

    /// Reads a value as an object whose fields must be among `known`.
    pub fn object<'d>(
        &'d self,
        raw: &'a RawValue,
        what: &str,
        known: &[&str],
    ) -> Option<Object<'a, 'd>> {
        let offset = self.offset(raw);
        let entries = match serde_json::from_str::<Entries<'a>>(raw.get()) {
            Ok(Entries(entries)) => entries,
            Err(_) => {
                self.error_at(offset, format!("{what} must be a JSON object {{ ... }}"));
                return None;
            }
        };
        Some(self.fields(offset, entries, what, known))
    }

    /// The whole document as an object whose fields must be among `known`, read in one pass
    /// (a document that is not an object gets the error `object` gives).
    pub fn root_object<'d>(&'d self, what: &str, known: &[&str]) -> Option<Object<'a, 'd>> {
        match serde_json::from_str::<Entries<'a>>(self.src.text) {
            Ok(Entries(entries)) => {
                let offset = self.src.text.find('{').unwrap_or(0);
                Some(self.fields(offset, entries, what, known))
            }
            Err(_) => {
                let root = self.root()?;
                self.object(root, what, known)
            }
        }
    }

    /// The whole document as an object whose fields must be among `known`, read in one pass
    /// in which each array named in `streamed` is given to `each` as the pass reaches it, a
    /// run of at most `run` elements at a time (`each(key, Some(run))`, then `each(key, None)`
    /// when it ends), and left out of the object.
    ///
    /// `None` when the document does not have that simple shape: not an object of JSON
    /// syntax, a key written twice, a streamed key after one named later in `streamed`, or
    /// a streamed value not an array. Nothing is recorded then: the caller drops what `each`
    /// was given and reads the document again.
    pub fn root_object_streamed<'d>(
        &'d self,
        what: &str,
        known: &[&str],
        streamed: &[&str],
        run: usize,
        each: &mut dyn FnMut(&str, Option<&[&'a RawValue]>),
    ) -> Option<Object<'a, 'd>> {
        let mut de = serde_json::Deserializer::from_str(self.src.text);
        let visitor = StreamedRoot {
            streamed,
            run: run.max(1),
            each,
        };
        let entries = de
            .deserialize_map(visitor)
            .and_then(|e| de.end().map(|()| e));
        let entries = entries.ok()?;
        let offset = self.src.text.find('{').unwrap_or(0);
        Some(self.fields(offset, entries, what, known))
    }

    /// Forgets the problems recorded after the first `count`.
    pub fn forget_problems_from(&self, count: usize) {
        self.problems.borrow_mut().truncate(count);
    }

    fn fields<'d>(
        &'d self,
        offset: usize,
        entries: Vec<(String, &'a RawValue)>,
        what: &str,
        known: &[&str],
    ) -> Object<'a, 'd> {
        let mut fields: Vec<Field<'a>> = Vec::with_capacity(entries.len());
        for (key, value) in entries {
            let key_offset = key_offset(self.src.text, self.offset(value));
            if !known.contains(&key.as_str()) {
                let hint = match closest(&key, known.iter().copied()) {
                    Some(near) => format!(" — did you mean \"{near}\"?"),
                    None => format!("; expected one of: {}", known.join(", ")),
                };
                self.error_at(
                    key_offset,
                    format!("unknown field \"{key}\" in {what}{hint}"),
                );
                continue;
            }
            if fields.iter().any(|f| f.key == key) {
                self.error_at(
                    key_offset,
                    format!("field \"{key}\" appears twice in {what}"),
                );
                continue;
            }
            fields.push(Field {
                key,
                key_offset,
                value,
            });
        }
        Object {
            doc: self,
            what: what.to_string(),
            offset,
            fields,
        }
    }

    /// Reads a value as an array.
    pub fn array(&self, raw: &'a RawValue, what: &str) -> Option<Vec<&'a RawValue>> {
        match serde_json::from_str::<Vec<&'a RawValue>>(raw.get()) {
            Ok(items) => Some(items),
            Err(_) => {
                self.error(raw, format!("{what} must be a JSON array [ ... ]"));
                None
            }
        }
    }
}

impl<'a, 'd> Object<'a, 'd> {
    /// The document this object belongs to.
    pub fn doc(&self) -> &'d Doc<'a> {
        self.doc
    }

    /// What this object is, as messages name it.
    pub fn what(&self) -> &str {
        &self.what
    }

    /// The raw value of a field; `null` counts as absent.
    pub fn raw(&self, key: &str) -> Option<&'a RawValue> {
        self.fields
            .iter()
            .find(|f| f.key == key)
            .map(|f| f.value)
            .filter(|v| v.get() != "null")
    }

    /// Where a field's value is, or where the object starts when the field is absent.
    pub fn location(&self, key: &str) -> Location {
        match self.raw(key) {
            Some(raw) => self.doc.location(raw),
            None => self.doc.src.location(self.offset),
        }
    }

    /// Where a field's key is, or where the object starts when the field is absent.
    pub fn key_location(&self, key: &str) -> Location {
        let offset = self
            .fields
            .iter()
            .find(|f| f.key == key)
            .map_or(self.offset, |f| f.key_offset);
        self.doc.src.location(offset)
    }

    /// The location of the object itself.
    pub fn start(&self) -> Location {
        self.doc.src.location(self.offset)
    }

    /// Records a problem at a field's value (or at the object when the field is absent).
    pub fn error(&self, key: &str, message: impl Into<String>) {
        match self.raw(key) {
            Some(raw) => self.doc.error(raw, message),
            None => self.doc.error_at(self.offset, message),
        }
    }

    fn missing(&self, key: &str) {
        self.doc.error_at(
            self.offset,
            format!("{} has no \"{key}\"; add it", self.what),
        );
    }

    /// An optional field of any deserializable type.
    pub fn optional<T: DeserializeOwned>(&self, key: &str) -> Option<T> {
        let raw = self.raw(key)?;
        self.doc
            .value_in(raw, || format!("\"{key}\" in {}", self.what))
    }

    /// A field that must be present.
    pub fn required<T: DeserializeOwned>(&self, key: &str) -> Option<T> {
        if self.raw(key).is_none() {
            self.missing(key);
            return None;
        }
        self.optional(key)
    }

    /// An optional string field parsed with `FromStr`, whose error says what was expected.
    pub fn parsed<T>(&self, key: &str) -> Option<T>
    where
        T: FromStr,
        T::Err: fmt::Display,
    {
        let raw = self.raw(key)?;
        let text: String = self.optional(key)?;
        match text.parse::<T>() {
            Ok(value) => Some(value),
            Err(err) => {
                self.doc
                    .error(raw, format!("\"{key}\" in {}: {err}", self.what));
                None
            }
        }
    }

    /// A required string field parsed with `FromStr`.
    pub fn required_parsed<T>(&self, key: &str) -> Option<T>
    where
        T: FromStr,
        T::Err: fmt::Display,
    {
        if self.raw(key).is_none() {
            self.missing(key);
            return None;
        }
        self.parsed(key)
    }

    /// A required string that is not blank.
    pub fn text(&self, key: &str) -> Option<String> {
        let value: String = self.required(key)?;
        if value.trim().is_empty() {
            self.error(key, format!("\"{key}\" in {} is empty", self.what));
            return None;
        }
        Some(value)
    }

    /// An optional string that, when present, is not blank.
    pub fn optional_text(&self, key: &str) -> Option<String> {
        self.raw(key)?;
        self.text(key)
    }

    /// A field holding an object, read with its own list of known fields.
    pub fn object(&self, key: &str, what: &str, known: &[&str]) -> Option<Object<'a, 'd>> {
        let raw = self.raw(key)?;
        self.doc.object(raw, what, known)
    }

    /// A field holding an array, given to `each` a run of at most `run` elements at a time,
    /// in order; absent means empty. An array of millions of elements is so read without
    /// holding all of them at once.
    pub fn array_runs(&self, key: &str, run: usize, each: impl FnMut(&[&'a RawValue])) {
        let Some(raw) = self.raw(key) else {
            return;
        };
        let mut de = serde_json::Deserializer::from_str(raw.get());
        let read = de
            .deserialize_seq(Runs {
                run: run.max(1),
                each,
                text: std::marker::PhantomData,
            })
            .and_then(|()| de.end());
        if read.is_err() {
            let what = format!("\"{key}\" in {}", self.what);
            self.doc
                .error(raw, format!("{what} must be a JSON array [ ... ]"));
        }
    }

    /// A field holding an array; absent means empty.
    pub fn array(&self, key: &str) -> Vec<&'a RawValue> {
        match self.raw(key) {
            Some(raw) => match serde_json::from_str::<Vec<&'a RawValue>>(raw.get()) {
                Ok(items) => items,
                Err(_) => {
                    let what = format!("\"{key}\" in {}", self.what);
                    self.doc
                        .error(raw, format!("{what} must be a JSON array [ ... ]"));
                    Vec::new()
                }
            },
            None => Vec::new(),
        }
    }
}

/// Reads an array's elements in runs ([`Object::array_runs`]).
struct Runs<'a, F> {
    run: usize,
    each: F,
    text: std::marker::PhantomData<&'a str>,
}

impl<'a, F: FnMut(&[&'a RawValue])> Visitor<'a> for Runs<'a, F> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON array")
    }

    fn visit_seq<A: SeqAccess<'a>>(mut self, mut seq: A) -> Result<(), A::Error> {
        let mut run = Vec::with_capacity(self.run.min(1 << 16));
        while let Some(element) = seq.next_element::<&'a RawValue>()? {
            run.push(element);
            if run.len() == self.run {
                (self.each)(&run);
                run.clear();
            }
        }
        if !run.is_empty() {
            (self.each)(&run);
        }
        Ok(())
    }
}

/// Reads a document's object in one pass, giving its streamed arrays to `each` a run at a
/// time ([`Doc::root_object_streamed`]) and keeping the other entries.
struct StreamedRoot<'s, 'e, 'a> {
    streamed: &'s [&'s str],
    run: usize,
    each: &'e mut dyn FnMut(&str, Option<&[&'a RawValue]>),
}

impl<'a> Visitor<'a> for StreamedRoot<'_, '_, 'a> {
    type Value = Vec<(String, &'a RawValue)>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<M: MapAccess<'a>>(self, mut map: M) -> Result<Self::Value, M::Error> {
        use serde::de::Error;
        let mut entries: Vec<(String, &'a RawValue)> = Vec::new();
        // The place in `streamed` of the last streamed key read.
        let mut last: Option<usize> = None;
        let mut seen: Vec<usize> = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            let streamed = self.streamed.iter().position(|s| *s == key);
            let repeated = match streamed {
                Some(at) => seen.contains(&at),
                None => entries.iter().any(|(k, _)| *k == key),
            };
            if repeated || matches!((streamed, last), (Some(at), Some(before)) if at < before) {
                return Err(M::Error::custom("not of the simple shape"));
            }
            let Some(at) = streamed else {
                entries.push((key, map.next_value()?));
                continue;
            };
            last = Some(at);
            seen.push(at);
            let each = &mut *self.each;
            map.next_value_seed(RunsOf {
                run: self.run,
                each: &mut |run: &[&'a RawValue]| each(&key, Some(run)),
            })?;
            each(&key, None);
        }
        Ok(entries)
    }
}

/// An array read in runs, as a value of an object being read ([`StreamedRoot`]).
struct RunsOf<'e, 'a> {
    run: usize,
    each: &'e mut dyn FnMut(&[&'a RawValue]),
}

impl<'a> serde::de::DeserializeSeed<'a> for RunsOf<'_, 'a> {
    type Value = ();

    fn deserialize<D: Deserializer<'a>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(Runs {
            run: self.run,
            each: self.each,
            text: std::marker::PhantomData,
        })
    }
}

/// The byte offset of the key whose value starts at `value_offset`, found by walking back
/// over `"key" :`; the value's own offset when the text does not have that shape.
fn key_offset(text: &str, value_offset: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = value_offset;
    let skip_space = |mut i: usize| {
        while i > 0 && bytes[i - 1].is_ascii_whitespace() {
            i -= 1;
        }
        i
    };
    i = skip_space(i);
    if i == 0 || bytes[i - 1] != b':' {
        return value_offset;
    }
    i = skip_space(i - 1);
    if i == 0 || bytes[i - 1] != b'"' {
        return value_offset;
    }
    let mut j = i - 1;
    while j > 0 {
        j -= 1;
        if bytes[j] == b'"' {
            let backslashes = bytes[..j].iter().rev().take_while(|&&b| b == b'\\').count();
            if backslashes % 2 == 0 {
                return j;
            }
        }
    }
    value_offset
}

/// The entries of a JSON object in order, values borrowed from the text (nothing below the top
/// level is parsed); `None` when the value is not an object.
pub fn entries(raw: &RawValue) -> Option<Vec<(String, &RawValue)>> {
    serde_json::from_str::<Entries<'_>>(raw.get())
        .ok()
        .map(|Entries(entries)| entries)
}

/// An object's entries in order, duplicates kept, values borrowed from the text.
struct Entries<'a>(Vec<(String, &'a RawValue)>);

impl<'de: 'a, 'a> serde::Deserialize<'de> for Entries<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EntriesVisitor<'a>(std::marker::PhantomData<&'a ()>);

        impl<'de: 'a, 'a> Visitor<'de> for EntriesVisitor<'a> {
            type Value = Entries<'a>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }

            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Entries<'a>, M::Error> {
                let mut entries = Vec::new();
                while let Some((key, value)) = map.next_entry::<String, &'de RawValue>()? {
                    entries.push((key, value));
                }
                Ok(Entries(entries))
            }
        }

        deserializer.deserialize_map(EntriesVisitor(std::marker::PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_trailing_and_a_missing_comma_are_reported_and_mended_in_place() {
        let text = "{\"a\": [1, 2,],\n  \"b\": 3 \"c\": 4}";
        let (mended, problems) = repair("t.json", text);
        let mended = mended.expect("mended");
        assert_eq!(mended.len(), text.len());
        assert!(
            serde_json::from_str::<serde_json::Value>(&mended).is_ok(),
            "{mended}"
        );
        let said: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(said.len(), 2, "{said:?}");
        assert!(
            said[0].starts_with("t.json:1:12: JSON syntax: a trailing comma"),
            "{said:?}"
        );
        assert!(
            said[1].starts_with("t.json:2:10: JSON syntax: a comma is missing"),
            "{said:?}"
        );
    }

    #[test]
    fn comments_single_quotes_a_missing_colon_and_an_extra_bracket_are_mended_in_place() {
        let text = "{\"a\": [1, 2], // one\n  'b': /* two */ 3,\n  \"c\" 4, \"d\": [5}]}";
        let (mended, problems) = repair("t.json", text);
        let mended = mended.expect("mended");
        assert_eq!(mended.len(), text.len());
        assert!(
            serde_json::from_str::<serde_json::Value>(&mended).is_ok(),
            "{mended}"
        );
        let said: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        let expected = [
            "t.json:1:15: JSON syntax: a comment",
            "t.json:2:3: JSON syntax: single quotes",
            "t.json:2:8: JSON syntax: a comment",
            "t.json:3:7: JSON syntax: a colon is missing",
            "t.json:3:17: JSON syntax: \"}\" inside an array",
        ];
        // A closing bracket that stands for a missing one is not mended into a document
        // that ends too early.
        let (mended, problems) = repair("t.json", "{\"d\": [5}\n");
        assert!(mended.is_none() && problems.is_empty(), "{problems:?}");
        assert_eq!(said.len(), expected.len(), "{said:?}");
        for (said, expected) in said.iter().zip(expected) {
            assert!(said.starts_with(expected), "{said} is not {expected}");
        }
    }

    #[test]
    fn other_syntax_mistakes_are_left_for_the_reader_to_report() {
        let (mended, problems) = repair("t.json", "{\"a\": tru}");
        assert!(mended.is_none());
        assert!(problems.is_empty());
        let (mended, problems) = repair("t.json", "{\"a\": 1}");
        assert!(mended.is_none() && problems.is_empty());
    }

    #[test]
    fn every_bad_field_of_an_object_is_reported_at_its_own_place() {
        let text = "{\n  \"name\": 5,\n  \"nmae\": \"x\",\n  \"size\": \"big\"\n}";
        let doc = Doc::new("t.json", text);
        let root = doc.root().unwrap();
        let obj = doc.object(root, "thing", &["name", "size"]).unwrap();
        assert_eq!(obj.optional::<String>("name"), None);
        assert_eq!(obj.optional::<u32>("size"), None);
        let problems: Vec<String> = doc.into_problems().iter().map(|d| d.to_string()).collect();
        assert_eq!(problems.len(), 3, "{problems:#?}");
        assert!(problems[0].starts_with("t.json:2:11: \"name\" in thing: invalid type"));
        assert_eq!(
            problems[1],
            "t.json:3:3: unknown field \"nmae\" in thing — did you mean \"name\"?"
        );
        assert!(problems[2].starts_with("t.json:4:11:"));
    }

    #[test]
    fn syntax_errors_are_located() {
        let doc = Doc::new("t.json", "{\n  \"a\": [1, 2,,]\n}");
        assert!(doc.root().is_none());
        let problems = doc.into_problems();
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].to_string().starts_with("t.json:2:"),
            "{}",
            problems[0]
        );
    }

    #[test]
    fn key_offsets_skip_escaped_quotes() {
        let text = r#"{"a\"b" : 1}"#;
        let value = text.find('1').unwrap();
        assert_eq!(key_offset(text, value), 1);
    }
}
