//! The fields of open-data records that a reader does not map, counted by path so that the
//! load report names them. [`Unread::value`] deserializes a record as [`Doc::value`] does and
//! counts each field that its type does not read and that holds something (not `null`, `""`,
//! `[]` or `{}`); [`Unread::report`] turns the counts into one note per kind of record.
//!
//! The fields a type does not read are found by `serde_ignored` while the record is read;
//! whether they hold something is read in a second pass over the record, made only when some
//! field was not read, that goes down to those fields alone and stops after the last of them.
//! A part of a record that the reader reads on its own is a `&RawValue` field of the type.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;

use super::Tally;
use crate::load::json::Doc;

/// Where the paths of a record count: the kind of record the report names, and a path put
/// before each of its own (for a part of a record read on its own).
#[derive(Debug, Clone, Copy)]
pub struct Scope {
    pub kind: &'static str,
    pub prefix: &'static str,
}

impl Scope {
    /// A record of this kind, its paths from its root.
    pub const fn of(kind: &'static str) -> Self {
        Scope { kind, prefix: "" }
    }

    /// The part of a record of this kind under `prefix`.
    pub const fn under(kind: &'static str, prefix: &'static str) -> Self {
        Scope { kind, prefix }
    }
}

/// The fields not imported from the records of one file, by kind of record and by path.
#[derive(Debug, Default)]
pub struct Unread {
    format: &'static str,
    /// By kind of record, by field path (positions in arrays left out), how many held a value.
    counts: BTreeMap<&'static str, BTreeMap<String, usize>>,
}

/// One step of a path: a field of an object or a position in an array.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Key(String),
    Index(usize),
}

impl Unread {
    /// Counts for a file of this format (named so in the report: `OCDS`, `BODS`, ...).
    pub fn new(format: &'static str) -> Self {
        Unread {
            format,
            counts: BTreeMap::new(),
        }
    }

    /// Deserializes a value as [`Doc::value`] does (a located problem on failure) and counts
    /// the fields with a value that `T` does not read.
    pub fn value<'a, T: Deserialize<'a>>(
        &mut self,
        doc: &Doc<'a>,
        raw: &'a RawValue,
        context: &str,
        scope: Scope,
    ) -> Option<T> {
        self.value_with(doc, raw, context, |_| Some(scope))
    }

    /// As [`Unread::value`], where the value read tells in which scope its fields count, or
    /// that they do not (a record the reader skips whole, and counts as skipped).
    pub fn value_with<'a, T: Deserialize<'a>>(
        &mut self,
        doc: &Doc<'a>,
        raw: &'a RawValue,
        context: &str,
        scope: impl FnOnce(&T) -> Option<Scope>,
    ) -> Option<T> {
        let mut paths: Vec<Vec<Step>> = Vec::new();
        let mut de = serde_json::Deserializer::from_str(raw.get());
        let read = serde_ignored::deserialize(&mut de, |path| {
            let mut steps = Vec::new();
            collect(&path, &mut steps);
            paths.push(steps);
        });
        let Ok(value) = read else {
            // Read again for the problem's place and words; the value read ignores nothing.
            return doc.value_in(raw, || context.to_string());
        };
        let Some(scope) = scope(&value) else {
            return Some(value);
        };
        if !paths.is_empty() {
            let filled = filled(raw, &paths);
            let counts = self.counts.entry(scope.kind).or_default();
            for (steps, _) in paths.iter().zip(filled).filter(|(_, f)| *f) {
                *counts.entry(field_path(scope.prefix, steps)).or_insert(0) += 1;
            }
        }
        Some(value)
    }

    /// Counts one field of a record, read by hand, that holds a value and is not imported.
    pub fn count(&mut self, kind: &'static str, path: &str) {
        *self
            .counts
            .entry(kind)
            .or_default()
            .entry(path.to_string())
            .or_insert(0) += 1;
    }

    /// Notes the counts in the tally: one line for each kind of record, its fields by path.
    pub fn report(self, tally: &mut Tally) {
        for (kind, paths) in self.counts {
            let total = paths.values().sum();
            let list: Vec<String> = paths
                .iter()
                .map(|(path, n)| format!("{path} ({n})"))
                .collect();
            tally.note_n(
                format!(
                    "{} {kind} fields not imported: {}",
                    self.format,
                    list.join(", ")
                ),
                total,
            );
        }
    }
}

/// The steps of a path from the root, options and newtypes left out.
fn collect(path: &serde_ignored::Path<'_>, steps: &mut Vec<Step>) {
    use serde_ignored::Path;
    match path {
        Path::Root => {}
        Path::Seq { parent, index } => {
            collect(parent, steps);
            steps.push(Step::Index(*index));
        }
        Path::Map { parent, key } => {
            collect(parent, steps);
            steps.push(Step::Key(key.clone()));
        }
        Path::Some { parent }
        | Path::NewtypeStruct { parent }
        | Path::NewtypeVariant { parent } => collect(parent, steps),
    }
}

/// A path as the report names it: its fields joined by dots, positions in arrays left out.
fn field_path(prefix: &str, steps: &[Step]) -> String {
    let mut path = prefix.to_string();
    for step in steps {
        if let Step::Key(key) = step {
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(key);
        }
    }
    path
}

/// Whether the value at each path holds something, read in one pass over the record that
/// goes down only to those paths and stops after the last. Should the record not read again
/// as it did (it does), every value counts as held.
fn filled(raw: &RawValue, paths: &[Vec<Step>]) -> Vec<bool> {
    let mut tree = Node::default();
    for (i, steps) in paths.iter().enumerate() {
        let mut node = &mut tree;
        for step in steps {
            let at = match node.children.iter().position(|(s, _)| s == step) {
                Some(at) => at,
                None => {
                    node.children.push((step.clone(), Node::default()));
                    node.children.len() - 1
                }
            };
            node = &mut node.children[at].1;
        }
        node.path = Some(i);
    }
    let mut held = vec![false; paths.len()];
    let mut left = paths.len();
    let mut de = serde_json::Deserializer::from_str(raw.get());
    let seek = Seek {
        node: &tree,
        held: &mut held,
        left: &mut left,
    };
    // Once every path is read the pass stops with an error, which is then no error.
    if seek.deserialize(&mut de).is_err() && left > 0 {
        return vec![true; paths.len()];
    }
    held
}

/// The message with which a pass stops once every path is read.
const DONE: &str = "every path read";

/// The paths to look at, as a tree.
#[derive(Debug, Default)]
struct Node {
    /// The path that ends here.
    path: Option<usize>,
    children: Vec<(Step, Node)>,
}

/// Goes down a value to the ends of the paths under `node`, noting whether each holds
/// something, and counting down the paths `left`; everything else is skipped.
struct Seek<'n, 'h> {
    node: &'n Node,
    held: &'h mut [bool],
    left: &'h mut usize,
}

impl<'de> DeserializeSeed<'de> for Seek<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        match self.node.path {
            Some(i) => {
                self.held[i] = Held::deserialize(deserializer)?.0;
                *self.left -= 1;
                if *self.left == 0 {
                    return Err(de::Error::custom(DONE));
                }
                Ok(())
            }
            None => deserializer.deserialize_any(self),
        }
    }
}

impl<'de> Visitor<'de> for Seek<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object or an array")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(child) = map.next_key_seed(Child(self.node))? {
            match child {
                Some(node) => map.next_value_seed(Seek {
                    node,
                    held: &mut *self.held,
                    left: &mut *self.left,
                })?,
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0;
        loop {
            let child = self
                .node
                .children
                .iter()
                .find(|(s, _)| *s == Step::Index(index));
            let more = match child {
                Some((_, node)) => seq
                    .next_element_seed(Seek {
                        node,
                        held: &mut *self.held,
                        left: &mut *self.left,
                    })?
                    .is_some(),
                None => seq.next_element::<IgnoredAny>()?.is_some(),
            };
            if !more {
                return Ok(());
            }
            index += 1;
        }
    }
}

/// The child of a node that a field's name leads to, matched without copying the name.
struct Child<'n>(&'n Node);

impl<'de, 'n> DeserializeSeed<'de> for Child<'n> {
    type Value = Option<&'n Node>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de, 'n> Visitor<'de> for Child<'n> {
    type Value = Option<&'n Node>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Self::Value, E> {
        Ok(self
            .0
            .children
            .iter()
            .find(|(s, _)| matches!(s, Step::Key(k) if k == key))
            .map(|(_, node)| node))
    }
}

/// Whether a value holds something: `null`, a blank string, and arrays and objects that
/// hold nothing do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Held(pub bool);

impl<'de> Deserialize<'de> for Held {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(HeldVisitor)
    }
}

struct HeldVisitor;

impl<'de> Visitor<'de> for HeldVisitor {
    type Value = Held;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Held, E> {
        Ok(Held(true))
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Held, E> {
        Ok(Held(true))
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Held, E> {
        Ok(Held(true))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Held, E> {
        Ok(Held(true))
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Held, E> {
        Ok(Held(!text.trim().is_empty()))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Held, E> {
        Ok(Held(false))
    }

    fn visit_none<E: de::Error>(self) -> Result<Held, E> {
        Ok(Held(false))
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Held, D::Error> {
        Held::deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Held, A::Error> {
        let mut any = false;
        while let Some(Held(held)) = seq.next_element()? {
            any |= held;
        }
        Ok(Held(any))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Held, A::Error> {
        let mut any = false;
        while let Some((IgnoredAny, Held(held))) = map.next_entry()? {
            any |= held;
        }
        Ok(Held(any))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Release {
        ocid: String,
        tender: Option<Tender>,
        #[serde(default)]
        awards: Vec<Award>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Tender {
        title: Option<String>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Award {
        id: String,
    }

    fn notes(text: &str, scope: Scope) -> BTreeMap<String, usize> {
        let doc = Doc::new("t.json", text);
        let mut unread = Unread::new("OCDS");
        let release = unread.value::<Release>(&doc, doc.root().unwrap(), "release", scope);
        assert!(release.is_some());
        let mut tally = Tally::default();
        unread.report(&mut tally);
        tally.notes
    }

    #[test]
    fn fields_not_read_are_counted_by_path_without_positions() {
        let notes = notes(
            r#"{"ocid": "o", "planning": {"budget": 1},
                "tender": {"title": "t", "items": [{"id": 1}], "documents": []},
                "awards": [{"id": "a", "items": [1]}, {"id": "b", "items": [2]}, {"id": "c"}]}"#,
            Scope::of("release"),
        );
        assert_eq!(
            notes,
            BTreeMap::from([(
                "OCDS release fields not imported: awards.items (2), planning (1), tender.items (1)"
                    .to_string(),
                4
            )])
        );
    }

    #[test]
    fn fields_that_hold_nothing_are_not_counted() {
        let notes = notes(
            r#"{"ocid": "o", "language": null, "tag": [null], "period": {"end": null},
                "note": " ", "tender": {"items": [], "lots": [{}]}}"#,
            Scope::of("release"),
        );
        assert!(notes.is_empty(), "{notes:?}");
    }

    #[test]
    fn a_part_read_on_its_own_is_not_counted_and_a_prefix_goes_before_the_rest() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Package<'a> {
            #[serde(borrow)]
            records: Option<&'a RawValue>,
        }
        let doc = Doc::new(
            "t.json",
            r#"{"records": [{"x": 1}], "version": "1.1", "escaped\"key": 0}"#,
        );
        let mut unread = Unread::new("OCDS");
        let package = unread.value::<Package>(
            &doc,
            doc.root().unwrap(),
            "package",
            Scope::under("package", "package"),
        );
        assert_eq!(package.unwrap().records.unwrap().get(), r#"[{"x": 1}]"#);
        let mut tally = Tally::default();
        unread.report(&mut tally);
        assert_eq!(
            tally.notes,
            BTreeMap::from([(
                "OCDS package fields not imported: package.escaped\"key (1), package.version (1)"
                    .to_string(),
                2
            )])
        );
    }

    #[test]
    fn the_pass_over_values_stops_after_the_last_field_it_needs_and_reads_them_all() {
        let text =
            r#"{"ocid": "o", "a": null, "b": {"c": [null, {"d": ""}]}, "e": [1], "ocid2": 5}"#;
        let paths = vec![
            vec![Step::Key("a".into())],
            vec![Step::Key("b".into())],
            vec![Step::Key("e".into())],
        ];
        let raw: &RawValue = serde_json::from_str(text).unwrap();
        assert_eq!(filled(raw, &paths), vec![false, false, true]);
        // A path that is not there leaves the pass to the end, and is not held.
        let paths = vec![vec![Step::Key("e".into())], vec![Step::Key("zz".into())]];
        assert_eq!(filled(raw, &paths), vec![true, false]);
    }

    #[test]
    fn a_value_of_the_wrong_type_is_a_located_problem() {
        let doc = Doc::new("t.json", r#"{"ocid": 5}"#);
        let mut unread = Unread::new("OCDS");
        let release =
            unread.value::<Release>(&doc, doc.root().unwrap(), "OCDS release", Scope::of("x"));
        assert!(release.is_none());
        let problems = doc.into_problems();
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0]
                .to_string()
                .contains("OCDS release: invalid type"),
            "{}",
            problems[0]
        );
    }
}
