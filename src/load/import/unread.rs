//! The fields of open-data records that a reader does not map, counted by path so that the
//! load report names them. [`Unread::value`] deserializes a record as [`Doc::value`] does and
//! counts each field that its type does not read and that holds something (not `null`, `""`,
//! `[]` or `{}`); [`Unread::report`] turns the counts into one note per kind of record.
//!
//! A record is read once: the type's own `Deserialize` reads it through a deserializer that
//! keeps the path of the value being read and, where the type skips a field it does not know,
//! reads that field's value to tell whether it holds something. A part of a record that the
//! reader reads on its own is a `&RawValue` field of the type.

use std::cell::RefCell;
use std::collections::BTreeMap;

use foldhash::HashMap;
use std::fmt;
use std::ops::Range;

use serde::de::{self, DeserializeSeed, EnumAccess, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;

use super::Tally;
use crate::load::json::Doc;

/// Where the paths of a record count: the kind of record the report names, and a path put
/// before each of its own (for a part of a record read on its own).
#[derive(Debug, Clone, Copy)]
pub struct Scope {
    /// The kind of record the report names.
    pub kind: &'static str,
    /// The path put before each of the record's own paths; empty for a whole record.
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
    counts: BTreeMap<&'static str, HashMap<String, usize>>,
    /// What the last record read gathered, kept to reuse its memory.
    pass: Pass,
}

impl Unread {
    /// Counts for a file of this format (named so in the report: `OCDS`, `BODS`, ...).
    pub fn new(format: &'static str) -> Self {
        Unread {
            format,
            ..Unread::default()
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
        self.pass.clear();
        let pass = RefCell::new(std::mem::take(&mut self.pass));
        let mut de = serde_json::Deserializer::from_str(raw.get());
        let read = T::deserialize(Tracked {
            de: &mut de,
            pass: &pass,
        })
        .and_then(|value| de.end().map(|()| value));
        self.pass = pass.into_inner();
        let Ok(value) = read else {
            // Read again for the problem's place and words. Should the value read now (a
            // field not read holds a number too large for a float, or values nested deeper
            // than the pass that tells what a field holds can follow), its fields not read
            // cannot be named.
            let value = doc.value_in(raw, || context.to_string())?;
            if let Some(scope) = scope(&value) {
                self.count(
                    scope.kind,
                    "(fields of a record holding a number too large or values nested too deep to read)",
                );
            }
            return Some(value);
        };
        if let Some(scope) = scope(&value) {
            let counts = self.counts.entry(scope.kind).or_default();
            let mut full = String::new();
            for range in &self.pass.unread {
                let mut path = &self.pass.paths[range.clone()];
                if !scope.prefix.is_empty() {
                    full.clear();
                    full.push_str(scope.prefix);
                    full.push('.');
                    full.push_str(path);
                    path = &full;
                }
                match counts.get_mut(path) {
                    Some(n) => *n += 1,
                    None => {
                        counts.insert(path.to_string(), 1);
                    }
                }
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
            let paths: BTreeMap<String, usize> = paths.into_iter().collect();
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

/// What one pass over a record gathers.
#[derive(Debug, Default)]
struct Pass {
    /// The path of the value being read: its fields joined by dots (positions in arrays are
    /// left out).
    path: String,
    /// The name of the field whose value is read next.
    key: String,
    /// The paths of the fields not read that hold something, one after the other.
    paths: String,
    /// Where each of those paths is in `paths`.
    unread: Vec<Range<usize>>,
}

impl Pass {
    fn clear(&mut self) {
        self.path.clear();
        self.key.clear();
        self.paths.clear();
        self.unread.clear();
    }
}

/// A deserializer that reads as `de` does, keeping the path of the value in `pass` and noting
/// there each field the type skips that holds something.
struct Tracked<'p, D> {
    de: D,
    pass: &'p RefCell<Pass>,
}

/// Forwards deserializer methods to the inner deserializer, the visitor wrapped.
macro_rules! forward_deserialize {
    ($wrap:ident: $($method:ident($($arg:ident: $ty:ty),*)),* $(,)?) => {$(
        fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, D::Error> {
            self.de.$method($($arg,)* $wrap { visitor, pass: self.pass })
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Tracked<'_, D> {
    type Error = D::Error;

    forward_deserialize! { Tracking:
        deserialize_any(), deserialize_bool(), deserialize_i8(), deserialize_i16(),
        deserialize_i32(), deserialize_i64(), deserialize_i128(), deserialize_u8(),
        deserialize_u16(), deserialize_u32(), deserialize_u64(), deserialize_u128(),
        deserialize_f32(), deserialize_f64(), deserialize_char(), deserialize_str(),
        deserialize_string(), deserialize_bytes(), deserialize_byte_buf(),
        deserialize_option(), deserialize_unit(), deserialize_unit_struct(name: &'static str),
        deserialize_newtype_struct(name: &'static str), deserialize_seq(),
        deserialize_tuple(len: usize), deserialize_tuple_struct(name: &'static str, len: usize),
        deserialize_map(), deserialize_struct(name: &'static str, fields: &'static [&'static str]),
        deserialize_enum(name: &'static str, variants: &'static [&'static str]),
        deserialize_identifier(),
    }

    /// A field the type skips: its value is read to tell whether it holds something.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        let Held(held) = Held::deserialize(self.de)?;
        if held {
            let pass = &mut *self.pass.borrow_mut();
            let start = pass.paths.len();
            pass.paths.push_str(&pass.path);
            pass.unread.push(start..pass.paths.len());
        }
        visitor.visit_unit()
    }

    fn is_human_readable(&self) -> bool {
        self.de.is_human_readable()
    }
}

/// A visitor that visits as `visitor` does, the maps, sequences and values inside tracked.
struct Tracking<'p, V> {
    visitor: V,
    pass: &'p RefCell<Pass>,
}

/// Forwards visitor methods that take a value to the inner visitor.
macro_rules! forward_visit {
    ($($method:ident($ty:ty)),* $(,)?) => {$(
        fn $method<E: de::Error>(self, v: $ty) -> Result<Self::Value, E> {
            self.visitor.$method(v)
        }
    )*};
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Tracking<'_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.visitor.expecting(f)
    }

    forward_visit! {
        visit_bool(bool), visit_i8(i8), visit_i16(i16), visit_i32(i32), visit_i64(i64),
        visit_i128(i128), visit_u8(u8), visit_u16(u16), visit_u32(u32), visit_u64(u64),
        visit_u128(u128), visit_f32(f32), visit_f64(f64), visit_char(char), visit_str(&str),
        visit_borrowed_str(&'de str), visit_string(String), visit_bytes(&[u8]),
        visit_borrowed_bytes(&'de [u8]), visit_byte_buf(Vec<u8>),
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        self.visitor.visit_none()
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        self.visitor.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, de: D) -> Result<Self::Value, D::Error> {
        self.visitor.visit_some(Tracked {
            de,
            pass: self.pass,
        })
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, de: D) -> Result<Self::Value, D::Error> {
        self.visitor.visit_newtype_struct(Tracked {
            de,
            pass: self.pass,
        })
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        self.visitor.visit_seq(TrackedSeq {
            seq,
            pass: self.pass,
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        self.visitor.visit_map(TrackedMap {
            map,
            pass: self.pass,
        })
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Self::Value, A::Error> {
        // No type read here has enums; their contents are read untracked.
        self.visitor.visit_enum(data)
    }
}

/// A value deserialized tracked.
struct TrackedSeed<'p, S> {
    seed: S,
    pass: &'p RefCell<Pass>,
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for TrackedSeed<'_, S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<S::Value, D::Error> {
        self.seed.deserialize(Tracked {
            de,
            pass: self.pass,
        })
    }
}

/// The items of an array, each read tracked at the array's own path.
struct TrackedSeq<'p, A> {
    seq: A,
    pass: &'p RefCell<Pass>,
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for TrackedSeq<'_, A> {
    type Error = A::Error;

    fn next_element_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, A::Error> {
        self.seq.next_element_seed(TrackedSeed {
            seed,
            pass: self.pass,
        })
    }

    fn size_hint(&self) -> Option<usize> {
        self.seq.size_hint()
    }
}

/// The fields of an object: each name is kept, and each value read tracked under it.
struct TrackedMap<'p, A> {
    map: A,
    pass: &'p RefCell<Pass>,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for TrackedMap<'_, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        self.map.next_key_seed(KeySeed {
            seed,
            pass: self.pass,
        })
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, A::Error> {
        let len = {
            let pass = &mut *self.pass.borrow_mut();
            let len = pass.path.len();
            if len > 0 {
                pass.path.push('.');
            }
            pass.path.push_str(&pass.key);
            len
        };
        let value = self.map.next_value_seed(TrackedSeed {
            seed,
            pass: self.pass,
        });
        self.pass.borrow_mut().path.truncate(len);
        value
    }

    fn size_hint(&self) -> Option<usize> {
        self.map.size_hint()
    }
}

/// A field's name, read as `seed` reads it and kept as the name of the value that follows.
struct KeySeed<'p, K> {
    seed: K,
    pass: &'p RefCell<Pass>,
}

impl<'de, K: DeserializeSeed<'de>> DeserializeSeed<'de> for KeySeed<'_, K> {
    type Value = K::Value;

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<K::Value, D::Error> {
        self.seed.deserialize(KeyDeserializer {
            de,
            pass: self.pass,
        })
    }
}

struct KeyDeserializer<'p, D> {
    de: D,
    pass: &'p RefCell<Pass>,
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for KeyDeserializer<'_, D> {
    type Error = D::Error;

    forward_deserialize! { KeyVisitor:
        deserialize_any(), deserialize_bool(), deserialize_i8(), deserialize_i16(),
        deserialize_i32(), deserialize_i64(), deserialize_i128(), deserialize_u8(),
        deserialize_u16(), deserialize_u32(), deserialize_u64(), deserialize_u128(),
        deserialize_f32(), deserialize_f64(), deserialize_char(), deserialize_str(),
        deserialize_string(), deserialize_bytes(), deserialize_byte_buf(),
        deserialize_option(), deserialize_unit(), deserialize_unit_struct(name: &'static str),
        deserialize_newtype_struct(name: &'static str), deserialize_seq(),
        deserialize_tuple(len: usize), deserialize_tuple_struct(name: &'static str, len: usize),
        deserialize_map(), deserialize_struct(name: &'static str, fields: &'static [&'static str]),
        deserialize_enum(name: &'static str, variants: &'static [&'static str]),
        deserialize_identifier(), deserialize_ignored_any(),
    }

    fn is_human_readable(&self) -> bool {
        self.de.is_human_readable()
    }
}

/// A visitor of a field's name that keeps the name, then visits as `visitor` does.
struct KeyVisitor<'p, V> {
    visitor: V,
    pass: &'p RefCell<Pass>,
}

impl<V> KeyVisitor<'_, V> {
    fn keep(&self, key: &str) {
        let pass = &mut *self.pass.borrow_mut();
        pass.key.clear();
        pass.key.push_str(key);
    }
}

impl<'de, V: Visitor<'de>> Visitor<'de> for KeyVisitor<'_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.visitor.expecting(f)
    }

    forward_visit! {
        visit_bool(bool), visit_i8(i8), visit_i16(i16), visit_i32(i32), visit_i64(i64),
        visit_i128(i128), visit_u8(u8), visit_u16(u16), visit_u32(u32), visit_u64(u64),
        visit_u128(u128), visit_f32(f32), visit_f64(f64), visit_char(char),
        visit_bytes(&[u8]), visit_borrowed_bytes(&'de [u8]), visit_byte_buf(Vec<u8>),
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Self::Value, E> {
        self.keep(key);
        self.visitor.visit_str(key)
    }

    fn visit_borrowed_str<E: de::Error>(self, key: &'de str) -> Result<Self::Value, E> {
        self.keep(key);
        self.visitor.visit_borrowed_str(key)
    }

    fn visit_string<E: de::Error>(self, key: String) -> Result<Self::Value, E> {
        self.keep(&key);
        self.visitor.visit_string(key)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        self.visitor.visit_none()
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        self.visitor.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, de: D) -> Result<Self::Value, D::Error> {
        self.visitor.visit_some(de)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, de: D) -> Result<Self::Value, D::Error> {
        self.visitor.visit_newtype_struct(de)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        self.visitor.visit_seq(seq)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        self.visitor.visit_map(map)
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Self::Value, A::Error> {
        self.visitor.visit_enum(data)
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

    /// Once an item holds something, the rest are skipped unread.
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Held, A::Error> {
        while let Some(Held(held)) = seq.next_element()? {
            if held {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                return Ok(Held(true));
            }
        }
        Ok(Held(false))
    }

    /// Once a field holds something, the rest are skipped unread.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Held, A::Error> {
        while let Some((IgnoredAny, Held(held))) = map.next_entry()? {
            if held {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                return Ok(Held(true));
            }
        }
        Ok(Held(false))
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
        for _ in 0..2 {
            let package = unread.value::<Package>(
                &doc,
                doc.root().unwrap(),
                "package",
                Scope::under("package", "package"),
            );
            assert_eq!(package.unwrap().records.unwrap().get(), r#"[{"x": 1}]"#);
        }
        let mut tally = Tally::default();
        unread.report(&mut tally);
        assert_eq!(
            tally.notes,
            BTreeMap::from([(
                "OCDS package fields not imported: package.escaped\"key (2), package.version (2)"
                    .to_string(),
                4
            )])
        );
    }

    #[test]
    fn fields_inside_options_arrays_and_borrowed_values_are_read_as_without_tracking() {
        #[derive(Debug, Deserialize)]
        struct Outer<'a> {
            name: Option<String>,
            #[serde(borrow)]
            raw: &'a RawValue,
            #[serde(default)]
            list: Vec<Option<Inner>>,
            number: Option<f64>,
        }
        #[derive(Debug, Deserialize, PartialEq)]
        struct Inner {
            x: u8,
        }
        let text = r#"{"name": "caf\u00e9", "raw": {"a": [1, {"b": null}]}, "odd": {"deep": [0]},
            "list": [null, {"x": 1, "y": "z"}, {"x": 2, "y": ""}], "number": -1.5e3, "last": true}"#;
        let doc = Doc::new("t.json", text);
        let mut unread = Unread::new("X");
        let outer = unread
            .value::<Outer>(&doc, doc.root().unwrap(), "x", Scope::of("outer"))
            .unwrap();
        assert_eq!(outer.name.as_deref(), Some("café"));
        assert_eq!(outer.raw.get(), r#"{"a": [1, {"b": null}]}"#);
        assert_eq!(
            outer.list,
            vec![None, Some(Inner { x: 1 }), Some(Inner { x: 2 })]
        );
        assert_eq!(outer.number, Some(-1500.0));
        let counts: BTreeMap<String, usize> = unread.counts["outer"].clone().into_iter().collect();
        assert_eq!(
            counts,
            BTreeMap::from([
                ("last".to_string(), 1),
                ("list.y".to_string(), 1),
                ("odd".to_string(), 1)
            ])
        );
    }

    #[test]
    fn a_field_not_read_that_holds_a_number_too_large_is_still_counted() {
        let notes = notes(r#"{"ocid": "o", "big": 1e400}"#, Scope::of("release"));
        assert_eq!(
            notes,
            BTreeMap::from([(
                "OCDS release fields not imported: (fields of a record holding a number too large or values nested too deep to read) (1)"
                    .to_string(),
                1
            )])
        );
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
