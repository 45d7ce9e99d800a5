//! The formats dealgraph reads, and telling them apart from a file's content: the keys of its
//! first record (a JSON lines file) or of its top-level value (a JSON document).

use std::fmt;

use serde::Serialize;
use serde_json::value::RawValue;

use super::json::entries;

/// A data format; `--format` forces one, otherwise it is detected from the content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// dealgraph's own dataset: `sources`, `entities`, `relations`
    Native,
    /// FollowTheMoney entities, one JSON object a line (OpenSanctions, Aleph, nomenklatura)
    Ftm,
    /// Beneficial Ownership Data Standard 0.4 statements
    Bods,
    /// Open Contracting Data Standard 1.1 release or record packages
    Ocds,
    /// GLEIF API records: Level 1 `lei-records`, Level 2 `relationship-records`
    Gleif,
    /// A FollowTheMoney mapping (YAML) of CSV tables; told by the extension `.yml` or `.yaml`
    Mapping,
    /// A snapshot written by `dealgraph index` (told by its first bytes; never forced)
    Snapshot,
}

impl Format {
    /// Every format, in the order the grammar lists them.
    pub const ALL: [Format; 6] = [
        Format::Native,
        Format::Ftm,
        Format::Bods,
        Format::Ocds,
        Format::Gleif,
        Format::Mapping,
    ];

    /// The format's word in the grammar (`--format ftm`).
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Native => "native",
            Format::Ftm => "ftm",
            Format::Bods => "bods",
            Format::Ocds => "ocds",
            Format::Gleif => "gleif",
            Format::Mapping => "mapping",
            Format::Snapshot => "snapshot",
        }
    }

    /// What the format is, for help.
    pub fn help(self) -> &'static str {
        match self {
            Format::Native => "dealgraph's own dataset: `sources`, `entities`, `relations`",
            Format::Ftm => {
                "FollowTheMoney entities, one JSON object a line (OpenSanctions, Aleph, nomenklatura)"
            }
            Format::Bods => "Beneficial Ownership Data Standard 0.4 statements",
            Format::Ocds => "Open Contracting Data Standard 1.1 release or record packages",
            Format::Gleif => {
                "GLEIF API records: Level 1 `lei-records`, Level 2 `relationship-records`"
            }
            Format::Mapping => {
                "a FollowTheMoney mapping (YAML) of CSV tables; told by the extension .yml or .yaml"
            }
            Format::Snapshot => "a snapshot written by `dealgraph index`",
        }
    }

    /// The name people know the format by.
    pub fn title(self) -> &'static str {
        match self {
            Format::Native => "dealgraph dataset",
            Format::Ftm => "FollowTheMoney",
            Format::Bods => "BODS 0.4",
            Format::Ocds => "OCDS 1.1",
            Format::Gleif => "GLEIF",
            Format::Mapping => "FollowTheMoney mapping",
            Format::Snapshot => "snapshot",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.title())
    }
}

/// The format a file's name tells: a FollowTheMoney mapping by `.yml` or `.yaml`, a CSV table
/// (read through `--mapping`) by `.csv`; `None` for the others, told from their content.
pub fn by_extension(path: &std::path::Path) -> Option<Extension> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "yml" | "yaml" => Some(Extension::Mapping),
        "csv" => Some(Extension::Csv),
        _ => None,
    }
}

/// What a file's extension says it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extension {
    /// A FollowTheMoney mapping.
    Mapping,
    /// A CSV table.
    Csv,
}

/// The format of a JSON value: an object is judged by its keys, an array by its first item.
/// Only the top-level keys are read, so telling a large file's format costs little.
pub fn detect(value: &RawValue) -> Option<Format> {
    let text = value.get();
    if text.starts_with('[') {
        let items: Vec<&RawValue> = serde_json::from_str(text).ok()?;
        return detect(items.first()?);
    }
    let object = entries(value)?;
    let get = |key: &str| object.iter().find(|(k, _)| k == key).map(|(_, v)| *v);
    let has = |key: &str| get(key).is_some();
    if has("statementId") || (has("recordType") && has("recordDetails")) || has("statementID") {
        return Some(Format::Bods);
    }
    if has("schema") && (has("properties") || has("id")) {
        return Some(Format::Ftm);
    }
    if has("releases") || has("records") || (has("ocid") && !has("data")) {
        return Some(Format::Ocds);
    }
    if let Some(data) = get("data") {
        let first = if data.get().starts_with('[') {
            serde_json::from_str::<Vec<&RawValue>>(data.get())
                .ok()?
                .first()
                .copied()
        } else {
            Some(data)
        };
        let kind = first
            .and_then(entries)
            .and_then(|e| e.into_iter().find(|(k, _)| k == "type"))
            .and_then(|(_, t)| serde_json::from_str::<String>(t.get()).ok());
        if kind.is_some_and(|k| k.ends_with("-records") || k == "reporting-exceptions") {
            return Some(Format::Gleif);
        }
    }
    if has("entities") || has("relations") || has("sources") || has("$schema") {
        return Some(Format::Native);
    }
    None
}

/// Whether a text is a native dataset by its first key (`sources`, `entities`, `relations`,
/// `description` or `$schema`, which no other format starts an object with): a large dataset is
/// then told without reading it through.
pub fn starts_native(text: &str) -> bool {
    let rest = text.trim_start_matches('\u{feff}').trim_start();
    let Some(rest) = rest.strip_prefix('{') else {
        return false;
    };
    let rest = rest.trim_start();
    ["$schema", "description", "sources", "entities", "relations"]
        .iter()
        .any(|key| {
            rest.strip_prefix('"')
                .and_then(|r| r.strip_prefix(key))
                .and_then(|r| r.strip_prefix('"'))
                .is_some_and(|r| r.trim_start().starts_with(':'))
        })
}

/// A guess from the first bytes of a file that is not valid JSON (truncated or malformed), so
/// that its problems are reported by the reader of its format.
pub fn guess(head: &str) -> Option<Format> {
    let has = |key: &str| head.contains(key);
    if has("\"statementId\"") || has("\"recordDetails\"") {
        Some(Format::Bods)
    } else if has("\"schema\"") && has("\"properties\"") {
        Some(Format::Ftm)
    } else if (has("\"releases\"") || has("\"records\"")) && has("\"ocid\"") {
        Some(Format::Ocds)
    } else if has("\"relationship-records\"") || has("\"lei-records\"") {
        Some(Format::Gleif)
    } else if has("\"entities\"") || has("\"relations\"") || has("\"sources\"") {
        Some(Format::Native)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(text: &str) -> Option<Format> {
        detect(serde_json::from_str(text).unwrap())
    }

    #[test]
    fn each_format_is_told_by_its_keys() {
        assert_eq!(
            of(r#"{"id": "x", "schema": "Person", "properties": {}}"#),
            Some(Format::Ftm)
        );
        assert_eq!(
            of(r#"[{"statementId": "s", "recordType": "entity"}]"#),
            Some(Format::Bods)
        );
        assert_eq!(
            of(r#"{"uri": "u", "records": [{"ocid": "o"}]}"#),
            Some(Format::Ocds)
        );
        assert_eq!(
            of(r#"{"data": [{"type": "relationship-records"}]}"#),
            Some(Format::Gleif)
        );
        assert_eq!(
            of(r#"{"data": {"type": "lei-records", "attributes": {"ocid": "x"}}}"#),
            Some(Format::Gleif)
        );
        assert_eq!(
            of(r#"{"sources": [], "entities": []}"#),
            Some(Format::Native)
        );
        assert_eq!(of(r#"{"hello": 1}"#), None);
        assert_eq!(of("[]"), None);
    }

    #[test]
    fn a_native_dataset_is_told_by_its_first_key() {
        assert!(starts_native("\u{feff} {\n  \"sources\" : []}"));
        assert!(starts_native(r#"{"$schema": "x", "entities": []}"#));
        assert!(!starts_native(r#"{"data": {"sources": []}}"#));
        assert!(!starts_native(r#"[{"statementId": "x"}]"#));
        assert!(!starts_native(r#"{"sourcesX": []}"#));
    }

    #[test]
    fn a_truncated_file_is_guessed_from_its_first_bytes() {
        assert_eq!(
            guess("{\"data\": [{\"type\": \"relationship-records\", \"id"),
            Some(Format::Gleif)
        );
        assert_eq!(guess("[{\"statementId\": \"x\", "), Some(Format::Bods));
        assert_eq!(guess("nothing"), None);
    }
}
