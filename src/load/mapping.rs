//! FollowTheMoney mappings: a YAML file that says which columns of a CSV table make which
//! entities, read into a typed [`Mapping`] and checked against the FtM schema table and the
//! tables' headers (every problem located `file:line:column` in the YAML, all at once); then
//! run row by row into FtM records that the FtM reader turns into entities and relations, the
//! same way as FtM JSON lines.
//!
//! Keys make ids as FtM does: the SHA-1 of the `key_literal` and the sorted non-empty key
//! values, so the same row mapped twice is one entity.

pub mod yaml;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::Path;

use foldhash::{HashMap, HashMapExt};

use sha1::{Digest, Sha1};

use super::ftm::{FtmReader, Name, properties, schema};
use super::import::{self, Imported, Reader};
use crate::diagnostic::{Diagnostic, Location, SourceText};
use yaml::{Node, Value};

/// A mapping: its queries, each reading one or more tables.
#[derive(Debug, Clone, Default)]
pub struct Mapping {
    /// The queries, in the file's order.
    pub queries: Vec<Query>,
}

/// A text of the mapping and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    /// The text.
    pub text: String,
    /// Where it is in the mapping.
    pub at: Location,
}

/// One query: the tables it reads, the rows it keeps and the entities each row makes.
#[derive(Debug, Clone)]
pub struct Query {
    /// Where the query starts.
    pub at: Location,
    /// The CSV files it reads (`csv_url`, `csv_urls`), relative to the mapping.
    pub tables: Vec<Text>,
    /// Columns a row must have one of these values in (`filters`).
    pub filters: Vec<Filter>,
    /// Columns a row must not have one of these values in (`filters_not`).
    pub filters_not: Vec<Filter>,
    /// The entities each row makes, in the file's order.
    pub entities: Vec<EntityMapping>,
}

/// A filter on a column.
#[derive(Debug, Clone)]
pub struct Filter {
    /// The column.
    pub column: Text,
    /// The values it is compared with.
    pub values: Vec<String>,
}

/// An entity each row makes.
#[derive(Debug, Clone)]
pub struct EntityMapping {
    /// Its name in the query, which `entity` properties refer to.
    pub name: Text,
    /// Its FtM schema.
    pub schema: Text,
    /// The columns whose values make its id.
    pub keys: Vec<Text>,
    /// A text hashed with the keys, so that two entities of the same keys differ.
    pub key_literal: Option<String>,
    /// A column that holds the id itself.
    pub id_column: Option<Text>,
    /// Its properties.
    pub properties: Vec<PropertyMapping>,
}

/// How a property's values are made from a row.
#[derive(Debug, Clone)]
pub struct PropertyMapping {
    /// The FtM property.
    pub name: Text,
    /// Columns whose values it takes (`column`, `columns`).
    pub columns: Vec<Text>,
    /// Values it takes as they are (`literal`, `literals`).
    pub literals: Vec<String>,
    /// Another entity of the query, whose id it takes.
    pub entity: Option<Text>,
    /// Joins the values into one with this text.
    pub join: Option<String>,
    /// Splits each value at this text.
    pub split: Option<String>,
    /// A text with `{{column}}` places filled from the row.
    pub template: Option<Template>,
    /// Date formats (`%d.%m.%Y`) its values are read in.
    pub formats: Vec<String>,
    /// A row without a value for it makes no entity.
    pub required: bool,
}

/// A `template`: its text, and the columns it names.
#[derive(Debug, Clone)]
pub struct Template {
    /// The text, with `{{column}}` places.
    pub text: String,
    /// The columns, where the template is.
    pub columns: Vec<Text>,
}

/// What the mapping's dataset may say beside its queries: kept for other tools, not read.
const DATASET_METADATA: &[&str] = &[
    "category",
    "countries",
    "data_url",
    "description",
    "foreign_id",
    "frequency",
    "info_url",
    "label",
    "languages",
    "publisher",
    "publisher_url",
    "summary",
    "title",
];

/// The keys of a query that read SQL databases, which dealgraph does not.
const SQL_KEYS: &[&str] = &["database", "tables", "table", "joins", "sql"];

/// Collects the problems of a mapping while it is read.
struct Check {
    problems: Vec<Diagnostic>,
}

impl Check {
    fn error(&mut self, at: &Location, message: impl Into<String>) {
        self.problems.push(Diagnostic::at(at.clone(), message));
    }

    /// The node's pairs, or a problem when it is not a mapping of keys.
    fn map<'n>(&mut self, node: &'n Node, what: &str) -> &'n [(Node, Node)] {
        match &node.value {
            Value::Map(pairs) => pairs,
            _ => {
                self.error(
                    &node.at,
                    format!("{what} is a mapping of keys, not {}", node.what()),
                );
                &[]
            }
        }
    }

    /// A scalar's text, or a problem.
    fn text(&mut self, node: &Node, what: &str) -> Option<Text> {
        match node.text() {
            Some(text) => Some(Text {
                text: text.trim().to_string(),
                at: node.at.clone(),
            }),
            None => {
                self.error(
                    &node.at,
                    format!("{what} is a single value, not {}", node.what()),
                );
                None
            }
        }
    }

    /// One value or a list of them, as texts.
    fn texts(&mut self, node: &Node, what: &str) -> Vec<Text> {
        match &node.value {
            Value::Null => Vec::new(),
            Value::Seq(items) => items.iter().filter_map(|i| self.text(i, what)).collect(),
            _ => self.text(node, what).into_iter().collect(),
        }
    }

    /// A key that the place does not read: unsupported SQL features get their own message.
    fn unknown_key(&mut self, key: &Node, place: &str, known: &[&str]) {
        let name = key.text().unwrap_or_default();
        if SQL_KEYS.contains(&name) {
            self.error(
                &key.at,
                format!(
                    "\"{name}\" reads a SQL database, which dealgraph does not: export the \
                     table to a CSV file and name it with csv_url"
                ),
            );
            return;
        }
        let hint = crate::names::closest(name, known.iter().copied())
            .map(|c| format!("did you mean \"{c}\"? "))
            .unwrap_or_default();
        self.error(
            &key.at,
            format!(
                "{place} has no key \"{name}\"; {hint}it may have {}",
                crate::text::and_list(known)
            ),
        );
    }
}

/// Reads a mapping's text; the problems found, if any, are returned with what could be read.
pub fn parse(file: &str, text: &str) -> (Mapping, Vec<Diagnostic>) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let docs = match yaml::parse(file, text) {
        Ok(docs) => docs,
        Err(problems) => return (Mapping::default(), problems),
    };
    let mut check = Check {
        problems: Vec::new(),
    };
    let mut mapping = Mapping::default();
    let whole = Location {
        file: file.into(),
        line: 1,
        column: 1,
    };
    match docs.as_slice() {
        [] => check.error(
            &whole,
            "the mapping is empty: it names a dataset with its queries, as the FollowTheMoney \
             mapping documentation shows",
        ),
        [root, rest @ ..] => {
            if let Some(extra) = rest.first() {
                check.error(
                    &extra.at,
                    "a mapping file holds one YAML document; remove this one or give it a \
                     file of its own",
                );
            }
            read_root(&mut check, root, &mut mapping);
        }
    }
    if mapping.queries.is_empty() && check.problems.is_empty() {
        check.error(
            &whole,
            "the mapping has no queries; add `queries:` to its dataset",
        );
    }
    (mapping, check.problems)
}

/// The root: a query, a dataset, or datasets by name.
fn read_root(check: &mut Check, root: &Node, mapping: &mut Mapping) {
    let pairs = check.map(root, "a mapping");
    let has = |key: &str| pairs.iter().any(|(k, _)| k.text() == Some(key));
    if has("entities") || has("csv_url") || has("csv_urls") {
        read_query(check, root, mapping);
    } else if has("queries") || has("query") {
        read_dataset(check, root, mapping);
    } else {
        for (name, dataset) in pairs {
            if let Value::Map(_) = dataset.value {
                read_dataset(check, dataset, mapping);
            } else {
                check.error(
                    &name.at,
                    format!(
                        "\"{}\" should name a dataset with its queries (`queries:`), not {}",
                        name.text().unwrap_or_default(),
                        dataset.what()
                    ),
                );
            }
        }
    }
}

fn read_dataset(check: &mut Check, node: &Node, mapping: &mut Mapping) {
    let mut any = false;
    for (key, value) in check.map(node, "a dataset") {
        match key.text().unwrap_or_default() {
            "queries" => match &value.value {
                Value::Seq(items) => {
                    for item in items {
                        read_query(check, item, mapping);
                        any = true;
                    }
                }
                _ => check.error(
                    &value.at,
                    format!("`queries` is a list of queries, not {}", value.what()),
                ),
            },
            "query" => {
                read_query(check, value, mapping);
                any = true;
            }
            name if DATASET_METADATA.contains(&name) => {}
            _ => {
                let mut known = vec!["queries", "query"];
                known.extend(DATASET_METADATA);
                check.unknown_key(key, "a dataset", &known);
            }
        }
    }
    if !any {
        check.error(&node.at, "the dataset has no queries; add `queries:`");
    }
}

fn read_query(check: &mut Check, node: &Node, mapping: &mut Mapping) {
    let mut query = Query {
        at: node.at.clone(),
        tables: Vec::new(),
        filters: Vec::new(),
        filters_not: Vec::new(),
        entities: Vec::new(),
    };
    let mut entities = None;
    let pairs = check.map(node, "a query");
    // A block mapping's start is reported after its first key; its first key is where it is.
    if let Some((first, _)) = pairs.first() {
        query.at = first.at.clone();
    }
    for (key, value) in pairs {
        match key.text().unwrap_or_default() {
            "csv_url" | "csv_urls" => query.tables.extend(check.texts(value, "a CSV file")),
            "filters" => query.filters = read_filters(check, value),
            "filters_not" => query.filters_not = read_filters(check, value),
            "entities" => entities = Some(value),
            _ => check.unknown_key(
                key,
                "a query",
                &["csv_url", "csv_urls", "entities", "filters", "filters_not"],
            ),
        }
    }
    match entities {
        Some(entities) => {
            for (name, body) in check.map(entities, "`entities`") {
                if let Some(name) = check.text(name, "an entity's name")
                    && let Some(entity) = read_entity(check, name, body)
                {
                    query.entities.push(entity);
                }
            }
        }
        None => check.error(
            &node.at,
            "the query makes no entities; add `entities:` with a schema and keys for each",
        ),
    }
    check_references(check, &query);
    mapping.queries.push(query);
}

fn read_filters(check: &mut Check, node: &Node) -> Vec<Filter> {
    let mut filters = Vec::new();
    for (column, values) in check.map(node, "a filter") {
        if let Some(column) = check.text(column, "a column") {
            let values = check
                .texts(values, "a filter's value")
                .into_iter()
                .map(|t| t.text)
                .collect();
            filters.push(Filter { column, values });
        }
    }
    filters
}

fn read_entity(check: &mut Check, name: Text, node: &Node) -> Option<EntityMapping> {
    let mut schema = None;
    let mut keys = Vec::new();
    let mut key_literal = None;
    let mut id_column = None;
    let mut property_nodes = None;
    for (key, value) in check.map(node, "an entity") {
        match key.text().unwrap_or_default() {
            "schema" => schema = check.text(value, "a schema"),
            "key" | "keys" => keys.extend(check.texts(value, "a key column")),
            "key_literal" => key_literal = check.text(value, "a key literal").map(|t| t.text),
            "id_column" => id_column = check.text(value, "a column"),
            "properties" => property_nodes = Some(value),
            _ => check.unknown_key(
                key,
                "an entity",
                &[
                    "schema",
                    "keys",
                    "key",
                    "key_literal",
                    "id_column",
                    "properties",
                ],
            ),
        }
    }
    let Some(schema) = schema else {
        check.error(
            &name.at,
            format!(
                "entity \"{}\" has no schema; add one such as `schema: Company`",
                name.text
            ),
        );
        return None;
    };
    let known = schema::get(&schema.text).is_some();
    if !known {
        let hint = crate::names::closest(&schema.text, schema::SCHEMATA.iter().map(|s| s.name))
            .map(|c| format!(" — did you mean \"{c}\"?"))
            .unwrap_or_else(|| "; name one such as Company, Person or Ownership".into());
        check.error(
            &schema.at,
            format!("\"{}\" is no FollowTheMoney schema{hint}", schema.text),
        );
    }
    match (keys.is_empty(), &id_column) {
        (true, None) => check.error(
            &name.at,
            format!(
                "entity \"{}\" has no keys: add `keys:` with the columns that tell its rows \
                 apart, or `id_column:`",
                name.text
            ),
        ),
        (false, Some(id)) => check.error(&id.at, "give either keys or id_column, not both"),
        _ => {}
    }
    let mut properties = Vec::new();
    // The properties of a schema that is not known cannot be checked; its columns still are.
    if let Some(nodes) = property_nodes.filter(|_| known) {
        for (property, body) in check.map(nodes, "`properties`") {
            if let Some(property) = check.text(property, "a property")
                && let Some(read) = read_property(check, &schema.text, property, body)
            {
                properties.push(read);
            }
        }
    }
    Some(EntityMapping {
        name,
        schema,
        keys,
        key_literal,
        id_column,
        properties,
    })
}

/// The strptime directives a date format may use.
const DATE_DIRECTIVES: &str = "YymdbBHMS%";

fn read_property(
    check: &mut Check,
    schema_name: &str,
    name: Text,
    node: &Node,
) -> Option<PropertyMapping> {
    let Some((_, kind, _)) = properties::property(schema_name, &name.text) else {
        let names = properties::names(schema_name);
        let hint = crate::names::closest(&name.text, names.iter().copied())
            .map(|c| format!(" — did you mean \"{c}\"?"))
            .unwrap_or_default();
        check.error(
            &name.at,
            format!("a {schema_name} has no property \"{}\"{hint}", name.text),
        );
        return None;
    };
    let mut property = PropertyMapping {
        name,
        columns: Vec::new(),
        literals: Vec::new(),
        entity: None,
        join: None,
        split: None,
        template: None,
        formats: Vec::new(),
        required: false,
    };
    let texts = |check: &mut Check, value: &Node, what: &str| -> Vec<String> {
        check
            .texts(value, what)
            .into_iter()
            .map(|t| t.text)
            .collect()
    };
    for (key, value) in check.map(node, "a property") {
        match key.text().unwrap_or_default() {
            "column" | "columns" => property.columns.extend(check.texts(value, "a column")),
            "literal" | "literals" => property.literals.extend(texts(check, value, "a literal")),
            "entity" => property.entity = check.text(value, "an entity's name"),
            // Separators keep their spaces: `join: ", "`.
            "join" => property.join = separator(check, value),
            "split" => property.split = separator(check, value),
            "template" => {
                property.template = check.text(value, "a template").map(|t| Template {
                    columns: template_columns(&t),
                    text: value.text().unwrap_or_default().to_string(),
                });
            }
            "format" | "formats" => {
                for format in check.texts(value, "a date format") {
                    if let Some(bad) = bad_directive(&format.text) {
                        check.error(
                            &format.at,
                            format!(
                                "a date format may use %Y, %y, %m, %d, %b, %B, %H, %M, %S; \
                                 not %{bad}"
                            ),
                        );
                    }
                    property.formats.push(format.text);
                }
                if kind != "date" {
                    check.error(
                        &key.at,
                        format!(
                            "`format` reads dates, and {} is a {kind} property",
                            property.name.text
                        ),
                    );
                }
            }
            "required" => match value.text().map(str::to_lowercase).as_deref() {
                Some("true" | "yes") => property.required = true,
                Some("false" | "no") => property.required = false,
                _ => check.error(&value.at, "`required` is true or false"),
            },
            _ => check.unknown_key(
                key,
                "a property",
                &[
                    "column", "columns", "literal", "literals", "entity", "join", "split",
                    "template", "format", "required",
                ],
            ),
        }
    }
    if property.split.as_deref() == Some("") {
        check.error(&node.at, "`split` needs a separator");
    }
    if property.entity.is_some() && kind != "entity" {
        check.error(
            &property.name.at,
            format!(
                "{} is a {kind} property, and `entity` gives the id of an entity; use column \
                 or literal",
                property.name.text
            ),
        );
    }
    let gives = !property.columns.is_empty()
        || !property.literals.is_empty()
        || property.entity.is_some()
        || property.template.is_some();
    if !gives {
        check.error(
            &property.name.at,
            format!(
                "property {} takes no value; give it a column, a literal, an entity or a \
                 template",
                property.name.text
            ),
        );
    }
    Some(property)
}

/// A template with each `{{column}}` place filled with the row's value, taking its length
/// from `room`; `None` when it would be longer than what is left there.
fn fill<'c>(template: &str, cell: &dyn Fn(&str) -> &'c str, room: &mut usize) -> Option<String> {
    let mut text = String::new();
    let mut rest = template;
    let push = |text: &mut String, part: &str| {
        (text.len() + part.len() <= *room).then(|| text.push_str(part))
    };
    while let Some(start) = rest.find("{{") {
        let Some(len) = rest[start + 2..].find("}}") else {
            break;
        };
        push(&mut text, &rest[..start])?;
        push(&mut text, cell(rest[start + 2..start + 2 + len].trim()))?;
        rest = &rest[start + 2 + len + 2..];
    }
    push(&mut text, rest)?;
    *room -= text.len();
    Some(text)
}

/// How much text the templates of a query may make from one table in all: this many times
/// the table's own text, and [`TEMPLATE_ROOM_EXTRA`] more. A template that repeats a long
/// column thousands of times would otherwise make gigabytes from a small file.
const TEMPLATE_ROOM_TIMES: usize = 4;

/// See [`TEMPLATE_ROOM_TIMES`].
const TEMPLATE_ROOM_EXTRA: usize = 1 << 20;

/// A `join` or `split` separator, spaces kept (`join: ", "`).
fn separator(check: &mut Check, value: &Node) -> Option<String> {
    check.text(value, "a separator")?;
    value.text().map(str::to_string)
}

/// The columns a template names, `{{column}}`, each located at the template.
fn template_columns(template: &Text) -> Vec<Text> {
    let mut columns = Vec::new();
    let mut rest = template.text.as_str();
    while let Some(start) = rest.find("{{") {
        let Some(len) = rest[start + 2..].find("}}") else {
            break;
        };
        columns.push(Text {
            text: rest[start + 2..start + 2 + len].trim().to_string(),
            at: template.at.clone(),
        });
        rest = &rest[start + 2 + len + 2..];
    }
    columns
}

/// The first directive of a date format that is not read, if any.
fn bad_directive(format: &str) -> Option<char> {
    let mut chars = format.chars();
    while let Some(c) = chars.next() {
        if c == '%' {
            match chars.next() {
                Some(d) if DATE_DIRECTIVES.contains(d) => {}
                Some(d) => return Some(d),
                None => return Some(' '),
            }
        }
    }
    None
}

/// Each `entity` property names an entity of its query, of the schema the property points at.
fn check_references(check: &mut Check, query: &Query) {
    for entity in &query.entities {
        for property in &entity.properties {
            let Some(target) = &property.entity else {
                continue;
            };
            let Some(found) = query.entities.iter().find(|e| e.name.text == target.text) else {
                let names: Vec<&str> = query
                    .entities
                    .iter()
                    .map(|e| e.name.text.as_str())
                    .collect();
                check.error(
                    &target.at,
                    format!(
                        "no entity \"{}\" in this query; its entities are {}",
                        target.text,
                        crate::text::and_list(&names)
                    ),
                );
                continue;
            };
            if let Some((_, _, range)) =
                properties::property(&entity.schema.text, &property.name.text)
                && !range.is_empty()
                && !schema::is_a(&found.schema.text, range)
            {
                check.error(
                    &target.at,
                    format!(
                        "{}.{} is a {range}, and \"{}\" is a {}",
                        entity.schema.text, property.name.text, target.text, found.schema.text
                    ),
                );
            }
        }
    }
    if let Err(stuck) = order(query) {
        let names: Vec<&str> = stuck
            .iter()
            .map(|&i| query.entities[i].name.text.as_str())
            .collect();
        check.error(
            &query.entities[stuck[0]].name.at,
            format!(
                "the entities {} refer to each other in a circle; make one of them refer to \
                 none of the others",
                crate::text::and_list(&names)
            ),
        );
    }
}

/// The query's entities in an order where each comes after those it refers to; or those that
/// refer to each other in a circle.
fn order(query: &Query) -> Result<Vec<usize>, Vec<usize>> {
    let mut done: Vec<usize> = Vec::new();
    while done.len() < query.entities.len() {
        let before = done.len();
        for (i, entity) in query.entities.iter().enumerate() {
            if done.contains(&i) {
                continue;
            }
            let ready = entity.properties.iter().all(|p| {
                p.entity.as_ref().is_none_or(|target| {
                    match query
                        .entities
                        .iter()
                        .position(|e| e.name.text == target.text)
                    {
                        Some(j) => j == i || done.contains(&j),
                        None => true,
                    }
                })
            });
            if ready {
                done.push(i);
            }
        }
        if done.len() == before {
            return Err((0..query.entities.len())
                .filter(|i| !done.contains(i))
                .collect());
        }
    }
    Ok(done)
}

/// A CSV table read: its header and rows, each row with the line it starts on. The cells are
/// kept one after another in one text, so that a table of a million cells is not a million
/// strings.
#[derive(Debug, Default)]
pub struct Table {
    /// The file, as messages name it.
    pub name: String,
    /// The column names, trimmed.
    pub header: Vec<String>,
    /// Every cell's text, row after row.
    cells: String,
    /// Where each cell ends in `cells`, row after row (a row has a cell for every column).
    ends: Vec<usize>,
    /// The line each row starts on.
    lines: Vec<usize>,
}

impl Table {
    /// How many rows the table has.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    /// Whether the table has no rows.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// The line a row starts on, and its cells.
    pub fn row<'t>(&'t self, row: usize) -> (usize, impl Fn(usize) -> &'t str + 't) {
        let width = self.header.len();
        let cell = move |column: usize| {
            if column >= width {
                return "";
            }
            let i = row * width + column;
            let start = if i == 0 { 0 } else { self.ends[i - 1] };
            &self.cells[start..self.ends[i]]
        };
        (self.lines[row], cell)
    }

    /// Adds a row of as many cells as the header has columns.
    fn push<'f>(&mut self, line: usize, cells: impl Iterator<Item = &'f str>) {
        for cell in cells {
            unquote(cell, &mut self.cells);
            self.ends.push(self.cells.len());
        }
        self.lines.push(line);
    }
}

/// How many problems of one table are reported before reading it stops.
const TABLE_PROBLEMS: usize = 100;

/// Reads a CSV table: a header row, quoted fields, CRLF line ends, a byte-order mark; the
/// text must be UTF-8, and each row as many fields as the header.
pub fn read_table(name: &str, bytes: &[u8]) -> Result<Table, Vec<Diagnostic>> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => {
            let valid = String::from_utf8_lossy(&bytes[..err.valid_up_to()]).into_owned();
            let at = SourceText::new(name, &valid).location(err.valid_up_to());
            return Err(vec![Diagnostic::at(
                at,
                "the table is not UTF-8 text; save it as UTF-8 (CSV UTF-8 in a spreadsheet)",
            )]);
        }
    };
    if let Some(open) = unclosed_quote(text) {
        let at = SourceText::new(name, text).location(open);
        return Err(vec![Diagnostic::at(
            at,
            "this quote is never closed, so the rest of the table would be one field; close it \
             with a \" (a quote inside a quoted field is written twice: \"\")",
        )]);
    }
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let at = |line: u64| Location {
        file: name.into(),
        line: line as usize,
        column: 1,
    };
    let mut problems = Vec::new();
    let header: Vec<String> = match reader.headers() {
        Ok(header) => header.iter().map(str::to_string).collect(),
        Err(err) => {
            return Err(vec![Diagnostic::at(
                at(1),
                format!("cannot read the header row: {err}"),
            )]);
        }
    };
    if header.iter().all(String::is_empty) {
        return Err(vec![Diagnostic::at(
            at(1),
            "the table has no header row; its first row names the columns",
        )]);
    }
    // A set of the names seen, so that a header of a million columns takes a million looks.
    let mut named = std::collections::HashSet::new();
    for column in &header {
        if !column.is_empty() && !named.insert(column.as_str()) {
            problems.push(Diagnostic::at(
                at(1),
                format!("the column \"{column}\" is named twice in the header; rename one"),
            ));
        }
    }
    let mut table = Table {
        name: name.to_string(),
        header: Vec::new(),
        cells: String::new(),
        ends: Vec::new(),
        lines: Vec::new(),
    };
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = record.position().map_or(0, |p| p.line());
                if record.len() == 1 && record.get(0) == Some("") {
                    continue;
                }
                if record.len() != header.len() {
                    problems.push(Diagnostic::at(
                        at(line),
                        format!(
                            "the row has {} fields and the header {}; quote a field that \
                             holds a comma",
                            record.len(),
                            header.len()
                        ),
                    ));
                } else {
                    table.push(line as usize, record.iter());
                }
            }
            Err(err) => {
                let line = err.position().map_or(0, |p| p.line());
                problems.push(Diagnostic::at(
                    at(line),
                    format!("cannot read the row: {err}"),
                ));
                break;
            }
        }
        if problems.len() >= TABLE_PROBLEMS {
            break;
        }
    }
    if problems.is_empty() {
        table.header = header;
        Ok(table)
    } else {
        Err(problems)
    }
}

/// Where a quoted field opens that is never closed, read as the CSV reader reads: a quote opens
/// a field only as its first character, and `""` inside is a quote. The reader itself takes such
/// a field to the end of the file.
fn unclosed_quote(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut field_start = true;
    let mut open = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if open.is_some() {
            if b == b'"' {
                if bytes.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    open = None;
                }
            }
        } else if field_start && b == b'"' {
            open = Some(i);
            field_start = false;
        } else {
            field_start = matches!(b, b',' | b'\n' | b'\r');
        }
        i += 1;
    }
    open
}

/// A field as Python's `skipinitialspace` reads it: quoted after a space (`1, "a; b"`), which
/// the CSV reader keeps with its quotes, it loses them.
/// The field is added to `out`.
fn unquote(field: &str, out: &mut String) {
    match field.strip_prefix('"').and_then(|f| f.strip_suffix('"')) {
        Some(inner) => out.push_str(&inner.replace("\"\"", "\"")),
        None => out.push_str(field),
    }
}

/// Every column the query reads is in the table's header.
fn check_columns(query: &Query, table: &Table, problems: &mut Vec<Diagnostic>) {
    let mut columns: Vec<&Text> = Vec::new();
    for filter in query.filters.iter().chain(&query.filters_not) {
        columns.push(&filter.column);
    }
    for entity in &query.entities {
        columns.extend(&entity.keys);
        columns.extend(&entity.id_column);
        for property in &entity.properties {
            columns.extend(&property.columns);
            if let Some(template) = &property.template {
                columns.extend(&template.columns);
            }
        }
    }
    for column in columns {
        if !table.header.contains(&column.text) {
            let hint = crate::names::closest(&column.text, table.header.iter().map(String::as_str))
                .map(|c| format!("did you mean \"{c}\"? "))
                .unwrap_or_default();
            let all: Vec<&str> = table.header.iter().map(String::as_str).collect();
            problems.push(Diagnostic::at(
                column.at.clone(),
                format!(
                    "no column \"{}\" in the header of {}; {hint}its columns are {}",
                    column.text,
                    table.name,
                    crate::text::and_list(&all)
                ),
            ));
        }
    }
}

/// Opens a `csv_url`: the name messages use and the bytes, or why not.
pub type Opener<'a> = dyn FnMut(&str) -> Result<(String, Vec<u8>), String> + 'a;

/// Where a query's tables come from: the CSV named on the command line, or a `csv_url` of
/// the mapping opened by `open` (which gives the name messages use and the bytes, or why not).
pub struct Tables<'a> {
    /// The table every query reads instead of its own (`--mapping`): its name and bytes.
    pub given: Option<(String, Vec<u8>)>,
    /// Opens a `csv_url` of the mapping.
    pub open: &'a mut Opener<'a>,
}

/// What the mapping counted while it ran, for the load report.
#[derive(Debug, Default)]
struct Counts {
    skipped: BTreeMap<String, usize>,
    notes: BTreeMap<String, usize>,
}

/// Runs a mapping over its tables into what the FtM reader makes of the records; every
/// problem of the mapping and the tables is returned at once, and then nothing is made.
pub fn run(
    file: &str,
    text: &str,
    source: crate::model::Source,
    tables: &mut Tables<'_>,
) -> Result<Imported, Vec<Diagnostic>> {
    let (mapping, mut problems) = parse(file, text);
    if problems.iter().any(|p| p.message.contains("not YAML")) {
        return Err(problems);
    }
    let mut read: Vec<Vec<Table>> = Vec::new();
    for query in &mapping.queries {
        let mut query_tables = Vec::new();
        if let Some((name, bytes)) = &tables.given {
            match read_table(name, bytes) {
                Ok(table) => query_tables.push(table),
                Err(found) => problems.extend(found),
            }
        } else if query.tables.is_empty() {
            problems.push(Diagnostic::at(
                query.at.clone(),
                "the query names no table: add `csv_url:` with a CSV file's path (relative to \
                 the mapping), or give the CSV with --data FILE.csv --mapping MAPPING.yml",
            ));
        }
        if tables.given.is_none() {
            for url in &query.tables {
                match (tables.open)(&url.text) {
                    Ok((name, bytes)) => match read_table(&name, &bytes) {
                        Ok(table) => query_tables.push(table),
                        Err(found) => problems.extend(found),
                    },
                    Err(why) => problems.push(Diagnostic::at(url.at.clone(), why)),
                }
            }
        }
        for table in &query_tables {
            check_columns(query, table, &mut problems);
        }
        read.push(query_tables);
    }
    // The same table read by several queries is reported once.
    problems.sort();
    problems.dedup();
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut reader = FtmReader::with_source(source);
    let mut counts = Counts::default();
    for (query, query_tables) in mapping.queries.iter().zip(&read) {
        let order = order(query).unwrap_or_default();
        for table in query_tables {
            if let Err(problem) = map_table(query, &order, table, &mut reader, &mut counts) {
                return Err(vec![problem]);
            }
        }
    }
    // The tables are read: their memory is the entities'.
    drop(read);
    let mut imported = Box::new(reader).finish();
    for (reason, n) in counts.skipped {
        imported.tally.skip_n(reason, n);
    }
    for (what, n) in counts.notes {
        imported.tally.note_n(what, n);
    }
    Ok(imported)
}

/// The rows of one table through one query.
fn map_table(
    query: &Query,
    order: &[usize],
    table: &Table,
    reader: &mut FtmReader,
    counts: &mut Counts,
) -> Result<(), Diagnostic> {
    let size = table.cells.len() + table.ends.len();
    let mut room = TEMPLATE_ROOM_TIMES * size + TEMPLATE_ROOM_EXTRA;
    let index: HashMap<&str, usize> = table
        .header
        .iter()
        .enumerate()
        .map(|(i, c)| (c.as_str(), i))
        .collect();
    // The schema table's own texts for each entity's schema and properties, looked up once.
    let names: Vec<(Name, Vec<Name>)> = query
        .entities
        .iter()
        .map(|entity| {
            let schema = super::ftm::schema::get(&entity.schema.text).map_or_else(
                || Cow::Owned(entity.schema.text.clone()),
                |s| Cow::Borrowed(s.name),
            );
            let properties = entity
                .properties
                .iter()
                .map(
                    |p| match properties::property(&entity.schema.text, &p.name.text) {
                        Some((name, _, _)) => Cow::Borrowed(name),
                        None => Cow::Owned(p.name.text.clone()),
                    },
                )
                .collect();
            (schema, properties)
        })
        .collect();
    let mut ids: HashMap<&str, String> = HashMap::with_capacity(query.entities.len());
    // Every record of the table names it by this one shared text.
    let file: std::sync::Arc<str> = table.name.as_str().into();
    for row in 0..table.len() {
        let (line, row) = table.row(row);
        let line = &line;
        let cell = |column: &str| -> &str { index.get(column).map_or("", |&i| row(i)) };
        let keep = query
            .filters
            .iter()
            .all(|f| f.values.iter().any(|v| v == cell(&f.column.text)))
            && !query
                .filters_not
                .iter()
                .any(|f| f.values.iter().any(|v| v == cell(&f.column.text)));
        if !keep {
            continue;
        }
        let at = Location {
            file: file.clone(),
            line: *line,
            column: 1,
        };
        ids.clear();
        for &i in order {
            let entity = &query.entities[i];
            let (schema, names) = &names[i];
            let mut properties: Vec<(Name, Vec<String>)> =
                Vec::with_capacity(entity.properties.len());
            let mut missing = None;
            for (property, name) in entity.properties.iter().zip(names) {
                let Some(values) = values(property, &cell, &ids, counts, &mut room) else {
                    // The template's place is the place of the columns it names.
                    let at = property
                        .template
                        .as_ref()
                        .and_then(|t| t.columns.first())
                        .map_or(&property.name.at, |c| &c.at);
                    return Err(Diagnostic::at(
                        at.clone(),
                        format!(
                            "the template of property {} makes more text than {} times the \
                             table {} holds, by line {} of it; fill fewer places, or put the \
                             text in a column",
                            property.name.text, TEMPLATE_ROOM_TIMES, table.name, line
                        ),
                    ));
                };
                if values.is_empty() {
                    if property.required {
                        missing = Some(&property.name.text);
                    }
                    continue;
                }
                properties.push((name.clone(), values));
            }
            if let Some(property) = missing {
                *counts
                    .skipped
                    .entry(format!(
                        "{} rows without the required {property} of mapped entity \"{}\"",
                        entity.schema.text, entity.name.text
                    ))
                    .or_insert(0) += 1;
                continue;
            }
            let Some(id) = key(entity, &cell) else {
                *counts
                    .skipped
                    .entry(format!(
                        "{} rows whose keys are all empty for mapped entity \"{}\"",
                        entity.schema.text, entity.name.text
                    ))
                    .or_insert(0) += 1;
                continue;
            };
            ids.insert(&entity.name.text, id.clone());
            reader.add_record(id, schema.clone(), properties, at.clone());
        }
    }
    Ok(())
}

/// The values a property takes from a row, as FtM makes them: a template's text, else the
/// literals and the columns' values; dates read in the formats; joined, then split; each once.
/// `None` when a template would make more text than `room` has left.
fn values<'c>(
    property: &PropertyMapping,
    cell: &dyn Fn(&str) -> &'c str,
    ids: &HashMap<&str, String>,
    counts: &mut Counts,
    room: &mut usize,
) -> Option<Vec<String>> {
    if let Some(target) = &property.entity {
        return Some(ids.get(target.text.as_str()).cloned().into_iter().collect());
    }
    let mut values: Vec<String> = match &property.template {
        Some(template) => {
            let text = fill(&template.text, cell, room)?;
            vec![text.trim().to_string()]
        }
        None => property
            .literals
            .iter()
            .map(|l| l.trim().to_string())
            .chain(property.columns.iter().map(|c| cell(&c.text).to_string()))
            .collect(),
    };
    values.retain(|v| !v.is_empty());
    if !property.formats.is_empty() {
        let before = values.len();
        values = values
            .iter()
            .filter_map(|v| property.formats.iter().find_map(|f| strptime(v, f)))
            .collect();
        let left_out = before - values.len();
        if left_out > 0 {
            *counts
                .notes
                .entry(format!(
                    "{} values not in the date format {}, left out",
                    property.name.text,
                    property.formats.join(" or ")
                ))
                .or_insert(0) += left_out;
        }
    }
    if let Some(join) = &property.join
        && !values.is_empty()
    {
        values = vec![values.join(join)];
    }
    if let Some(split) = property.split.as_deref().filter(|s| !s.is_empty()) {
        values = values
            .iter()
            .flat_map(|v| v.split(split).map(|p| p.trim().to_string()))
            .filter(|p| !p.is_empty())
            .collect();
    }
    // Each once, in their order (a set when there are many: one field split may give a
    // hundred thousand).
    super::ftm::dedup(&mut values);
    Some(values)
}

/// The entity's id from a row, as FtM makes it: the `id_column`'s value, or the SHA-1 (in hex)
/// of the key literal followed by the non-empty key values in sorted order; `None` when every
/// key is empty.
pub fn key<'c>(entity: &EntityMapping, cell: &dyn Fn(&str) -> &'c str) -> Option<String> {
    if let Some(column) = &entity.id_column {
        let id = cell(&column.text);
        return (!id.is_empty()).then(|| id.to_string());
    }
    let mut values: Vec<&str> = entity.keys.iter().map(|k| cell(&k.text)).collect();
    values.retain(|v| !v.is_empty());
    if values.is_empty() {
        return None;
    }
    // Python sorts the values' UTF-8 bytes, which is how Rust orders strings.
    values.sort_unstable();
    Some(sha1_hex(
        entity.key_literal.as_deref().unwrap_or(""),
        &values,
    ))
}

/// The SHA-1, in lowercase hex, of a seed followed by the values.
pub fn sha1_hex(seed: &str, values: &[&str]) -> String {
    let mut digest = Sha1::new();
    digest.update(seed.as_bytes());
    for value in values {
        digest.update(value.as_bytes());
    }
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut hex = String::with_capacity(40);
    for b in digest.finalize() {
        hex.push(HEX[usize::from(b >> 4)] as char);
        hex.push(HEX[usize::from(b & 0xf)] as char);
    }
    hex
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// An ISO date (`2019-12-02`, or `2019-12`, `2019` when the format has no day or month) from a
/// text in a strptime format (`%d.%m.%Y`); `None` when the text does not fit it.
pub fn strptime(text: &str, format: &str) -> Option<String> {
    let text = text.trim();
    let (mut year, mut month, mut day) = (None, None, None);
    let mut rest = text;
    let mut chars = format.chars();
    let digits = |rest: &mut &str, max: usize| -> Option<u32> {
        let n = rest
            .char_indices()
            .take(max)
            .take_while(|(_, c)| c.is_ascii_digit())
            .count();
        if n == 0 {
            return None;
        }
        let value = rest[..n].parse().ok();
        *rest = &rest[n..];
        value
    };
    while let Some(c) = chars.next() {
        if c != '%' {
            rest = rest.strip_prefix(c)?;
            continue;
        }
        match chars.next()? {
            'Y' => {
                let start = rest;
                let y = digits(&mut rest, 4)?;
                if start.len() - rest.len() != 4 {
                    return None;
                }
                year = Some(y);
            }
            'y' => {
                let y = digits(&mut rest, 2)?;
                // As Python reads two-digit years: 69–99 are 1969–1999, 00–68 are 2000–2068.
                year = Some(if y >= 69 { 1900 + y } else { 2000 + y });
            }
            'm' => month = Some(digits(&mut rest, 2)?),
            'd' => day = Some(digits(&mut rest, 2)?),
            'H' | 'M' | 'S' => {
                digits(&mut rest, 2)?;
            }
            'b' | 'B' => {
                let lower = rest.to_lowercase();
                let (n, len) = MONTHS.iter().enumerate().find_map(|(i, m)| {
                    if lower.starts_with(m) {
                        Some((i, m.len()))
                    } else if lower.starts_with(&m[..3]) {
                        Some((i, 3))
                    } else {
                        None
                    }
                })?;
                month = Some(n as u32 + 1);
                rest = rest.get(len..)?;
            }
            '%' => rest = rest.strip_prefix('%')?,
            _ => return None,
        }
    }
    if !rest.trim().is_empty() {
        return None;
    }
    let date = match (year?, month, day) {
        (y, Some(m), Some(d)) => format!("{y:04}-{m:02}-{d:02}"),
        (y, Some(m), None) => format!("{y:04}-{m:02}"),
        (y, _, _) => format!("{y:04}"),
    };
    // The date must exist: no 31 February.
    date.parse::<crate::date::PartialDate>().ok()?;
    Some(date)
}

/// The source of a mapping's records: the mapping, and the table given with it, if any.
pub fn source(mapping: &str, table: Option<&str>) -> crate::model::Source {
    let name = Path::new(mapping)
        .file_name()
        .map_or_else(|| mapping.to_string(), |n| n.to_string_lossy().to_string());
    match table {
        Some(table) => import::file_source(table, &format!("FollowTheMoney mapping {name}")),
        None => import::file_source(mapping, "FollowTheMoney mapping"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_quote_never_closed_is_found_where_it_opens() {
        assert_eq!(super::unclosed_quote("id,name\n1,\"Ann"), Some(10));
        assert_eq!(super::unclosed_quote("id,name\n1,\"Ann\"\n2,Bo"), None);
        // A quote written twice inside a quoted field, and a quote inside a bare field.
        assert_eq!(super::unclosed_quote("a,b\n\"x \"\"y\"\" z\",o\"k\n"), None);
        assert_eq!(super::unclosed_quote("a,b\r\n1,\"x\"\"\r\n"), Some(7));
        assert!(super::read_table("t.csv", b"id,name\n1,\"Ann\n2,Bo\n").is_err());
    }

    use super::*;

    #[test]
    fn dates_are_read_in_their_format() {
        assert_eq!(
            strptime("02.12.2019", "%d.%m.%Y").as_deref(),
            Some("2019-12-02")
        );
        assert_eq!(
            strptime("13.07.23", "%d.%m.%y").as_deref(),
            Some("2023-07-13")
        );
        assert_eq!(strptime("13.07.23", "%d.%m.%Y"), None);
        assert_eq!(
            strptime("3 Mar 2021", "%d %b %Y").as_deref(),
            Some("2021-03-03")
        );
        assert_eq!(strptime("31.02.2021", "%d.%m.%Y"), None);
        assert_eq!(strptime("2021", "%Y").as_deref(), Some("2021"));
    }

    #[test]
    fn keys_hash_as_followthemoney_does() {
        // The seed (key_literal) is hashed first, then the values, as one stream.
        assert_eq!(sha1_hex("person", &["1"]), sha1_hex("person1", &[]));
        assert_eq!(
            sha1_hex("", &["abc"]),
            "a9993e364706816aba3e25717850c26c9cd0d89d"
        );
    }
}
