//! The fields of each record of the native format, declared once: by the serde type that reads
//! the record (the model's types, and the fast reader's relation), whose field names the located
//! reader accepts and the schema test compares with the JSON Schema.

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};

use crate::model::{Amount, Designation, Entity, EntityFact, Source, SourceRef};

/// A kind of record of the native format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Record {
    /// The whole file.
    Dataset,
    /// A source of the dataset ([`Source`]).
    Source,
    /// An entity ([`Entity`]).
    Entity,
    /// A fact of an entity ([`EntityFact`]).
    Fact,
    /// A listing of an entity ([`Designation`]).
    Designation,
    /// A sum of money ([`Amount`]).
    Amount,
    /// A fact's reference to a source ([`SourceRef`]).
    SourceRef,
    /// A relation between two entities.
    Relation,
}

/// Top-level fields of a dataset file (the file is read field by field, not by one type).
const DATASET_FIELDS: &[&str] = &["$schema", "description", "sources", "entities", "relations"];

impl Record {
    /// Every kind of record.
    pub const ALL: &'static [Record] = &[
        Record::Dataset,
        Record::Source,
        Record::Entity,
        Record::Fact,
        Record::Designation,
        Record::Amount,
        Record::SourceRef,
        Record::Relation,
    ];

    /// The fields a record may hold, as they are written in files.
    pub fn fields(self) -> &'static [&'static str] {
        match self {
            Record::Dataset => DATASET_FIELDS,
            Record::Source => fields_of::<Source>(),
            Record::Entity => fields_of::<Entity>(),
            Record::Fact => fields_of::<EntityFact>(),
            Record::Designation => fields_of::<Designation>(),
            Record::Amount => fields_of::<Amount>(),
            Record::SourceRef => fields_of::<SourceRef>(),
            Record::Relation => fields_of::<super::fast::RelationIn<'_>>(),
        }
    }

    /// The name of the record's definition under `$defs` in the JSON Schema (`None` for the
    /// whole file, which is the schema's root).
    pub fn schema_name(self) -> Option<&'static str> {
        match self {
            Record::Dataset => None,
            Record::Source => Some("source"),
            Record::Entity => Some("entity"),
            Record::Fact => Some("fact"),
            Record::Designation => Some("designation"),
            Record::Amount => Some("amount"),
            Record::SourceRef => Some("sourceRef"),
            Record::Relation => Some("relation"),
        }
    }
}

/// The field names a struct's derived `Deserialize` declares (as renamed), asked of it by a
/// deserializer that records them and reads nothing.
fn fields_of<'de, T: Deserialize<'de>>() -> &'static [&'static str] {
    let mut fields: &'static [&'static str] = &[];
    // The recorder always answers with an error once it has the names; the value is not wanted.
    let _ = T::deserialize(FieldNames(&mut fields));
    fields
}

/// A deserializer that records the field names of the struct asked of it.
struct FieldNames<'f>(&'f mut &'static [&'static str]);

/// What [`FieldNames`] answers: there is never a value.
#[derive(Debug)]
struct NoValue;

impl std::fmt::Display for NoValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("only the field names are read")
    }
}

impl std::error::Error for NoValue {}

impl de::Error for NoValue {
    fn custom<M: std::fmt::Display>(_: M) -> Self {
        NoValue
    }
}

impl<'de> Deserializer<'de> for FieldNames<'_> {
    type Error = NoValue;

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, NoValue> {
        *self.0 = fields;
        Err(NoValue)
    }

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, NoValue> {
        Err(NoValue)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fields_are_those_of_the_types_as_written_in_files() {
        assert_eq!(Record::Amount.fields(), ["value", "currency", "qualifier"]);
        assert_eq!(Record::SourceRef.fields(), ["source", "quote"]);
        let relation = Record::Relation.fields();
        assert!(relation.contains(&"type") && !relation.contains(&"kind"));
        assert!(Record::ALL.iter().all(|record| !record.fields().is_empty()));
    }
}
