//! CSV tables through FollowTheMoney mappings: every feature of a mapping on a small table
//! written here, followthemoney's own mapping fixtures, China's sanctions list through
//! `examples/cn_sanctions.yml`, and a corpus of bad mappings and bad tables, each a located
//! error that loads nothing.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::{dealgraph, failure_of, stdout_of};
use dealgraph::Graph;
use dealgraph::error::Error;
use dealgraph::load::{self, Input, LoadOptions};
use dealgraph::model::{EntityKind, RelationType};

/// A folder holding the files, each written as given.
fn folder(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for (name, bytes) in files {
        std::fs::write(dir.path().join(name), bytes).expect("the file is written");
    }
    dir
}

/// Loads a mapping alone.
fn load_mapping(path: &Path) -> Result<(Graph, load::LoadReport), Error> {
    load::load(&[Input::Path(path.to_path_buf())])
}

/// Loads a table through a mapping, as `--data TABLE --mapping MAPPING` does.
fn load_table(table: &Path, mapping: &Path) -> Result<(Graph, load::LoadReport), Error> {
    let options = LoadOptions {
        mapping: Some(mapping.to_path_buf()),
        ..LoadOptions::default()
    };
    load::load_with(&[Input::Path(table.to_path_buf())], &options)
}

fn entity<'g>(graph: &'g Graph, name: &str) -> &'g dealgraph::model::Entity {
    let ix = graph
        .lookup_exact(name)
        .unwrap_or_else(|| panic!("no entity {name}"));
    graph.entity(ix)
}

fn real(shared: &Path, name: &str) -> PathBuf {
    shared.join("data/real").join(name)
}

fn examples(name: &str) -> PathBuf {
    common::root().join("examples").join(name)
}

const PEOPLE: &str = "\u{feff}id,name,company,company_id,country,born,street,town,colours,kind,group\r\n\
1,Ann Lee,Acme Ltd,C1,de,03.02.1970,1 Main St,Berlin,\"red; green\",director,a\r\n\
2,\"Bo, Jr.\",Acme Ltd,C1,France,,2 Side St,Paris,blue,director,b\r\n\
3,Cy Dee,Zeta Inc,C2,,31.12.1980,,,,owner,a\r\n\
,,Nameless,,,,,,,director,a\r\n";

/// Every property feature at once on the small table above (a BOM, CRLF, a quoted comma).
const PEOPLE_MAPPING: &str = r#"
people:
  queries:
    - csv_url: people.csv
      filters_not:
        kind: owner
      entities:
        person:
          schema: Person
          key: id
          key_literal: person
          properties:
            name:
              column: name
            nationality:
              column: country
            birthDate:
              column: born
              format: "%d.%m.%Y"
            address:
              columns: [street, town]
              join: ", "
            notes:
              column: colours
              split: ";"
            topics:
              literal: role.pep
            keywords:
              literals: [mapped, test]
            summary:
              template: "{{name}} of {{ town }}"
        company:
          schema: Company
          id_column: company_id
          properties:
            name:
              column: company
        directorship:
          schema: Directorship
          keys: [id, company_id]
          properties:
            director:
              entity: person
              required: true
            organization:
              entity: company
            role:
              column: kind
    - csv_url: people.csv
      filters:
        group: [a]
        kind: owner
      entities:
        owner:
          schema: Person
          key: id
          key_literal: person
          properties:
            name:
              column: name
        asset:
          schema: Company
          id_column: company_id
          properties:
            name:
              column: company
        ownership:
          schema: Ownership
          keys: [id, company_id]
          key_literal: own
          properties:
            owner:
              entity: owner
            asset:
              entity: asset
"#;

#[test]
fn every_mapping_feature_makes_what_followthemoney_would() {
    let dir = folder(&[
        ("people.csv", PEOPLE.as_bytes()),
        ("people.yml", PEOPLE_MAPPING.as_bytes()),
    ]);
    let (graph, report) = load_mapping(&dir.path().join("people.yml")).expect("the mapping loads");
    // Ann and Bo (directors), Cy (owner, second query), Acme and Zeta.
    assert_eq!(graph.entity_count(), 5, "{report}");
    let ann = entity(&graph, "Ann Lee");
    assert_eq!(ann.kind, EntityKind::Person);
    assert_eq!(ann.details().country.as_deref(), Some("DE"));
    // The id as followthemoney makes it: sha1(key_literal + the sorted key values), here
    // hashlib.sha1(b"person1").hexdigest().
    assert_eq!(
        ann.details().identifiers["ftm"],
        "64abaade7c05afb815c615d3c43509fbd6ebd2ab"
    );
    assert_eq!(ann.details().attributes["birthDate"], ["1970-02-03"]);
    assert_eq!(ann.details().attributes["address"], ["1 Main St, Berlin"]);
    assert_eq!(ann.details().attributes["notes"], ["red", "green"]);
    assert_eq!(ann.details().attributes["topics"], ["role.pep"]);
    assert_eq!(ann.details().attributes["keywords"], ["mapped", "test"]);
    assert_eq!(
        ann.details().description.as_deref(),
        Some("Ann Lee of Berlin")
    );
    let bo = entity(&graph, "Bo, Jr.");
    assert_eq!(
        bo.details().country.as_deref(),
        Some("FR"),
        "a country by its name"
    );
    // The id_column's value is the id itself.
    assert_eq!(
        entity(&graph, "Acme Ltd").details().identifiers["ftm"],
        "C1"
    );
    // The same row mapped by two queries (Cy as owner, Zeta by id) is one entity each.
    let cy = entity(&graph, "Cy Dee");
    assert_eq!(
        cy.details().attributes.get("birthDate"),
        None,
        "the first query filtered Cy out"
    );
    let kinds: Vec<RelationType> = graph.relations().map(|r| r.relation.kind).collect();
    assert_eq!(
        kinds
            .iter()
            .filter(|k| **k == RelationType::Directs)
            .count(),
        2,
        "Ann and Bo direct Acme; the nameless row makes no director"
    );
    assert_eq!(
        kinds.iter().filter(|k| **k == RelationType::Owns).count(),
        1
    );
    let owns = graph
        .relations()
        .find(|r| r.relation.kind == RelationType::Owns)
        .unwrap();
    assert_eq!(graph.entity(owns.from).name, "Cy Dee");
    assert_eq!(graph.entity(owns.to).name, "Zeta Inc");
    // The last row's keys are all empty: its person is skipped and counted.
    let file = &report.files[0];
    assert_eq!(
        file.skipped
            .get("Person rows whose keys are all empty for mapped entity \"person\""),
        Some(&1),
        "{report}"
    );
    assert_eq!(
        file.skipped.get(
            "Directorship rows without the required director of mapped entity \"directorship\""
        ),
        Some(&1),
        "{report}"
    );
}

#[test]
fn a_date_not_in_the_format_is_left_out_and_counted() {
    let csv = "id,name,born\n1,Ann,1970-02-03\n";
    let mapping = "q:\n  queries:\n    - csv_url: t.csv\n      entities:\n        p:\n          schema: Person\n          key: id\n          properties:\n            name: {column: name}\n            birthDate: {column: born, format: '%d.%m.%Y'}\n";
    let dir = folder(&[("t.csv", csv.as_bytes()), ("m.yml", mapping.as_bytes())]);
    let (graph, report) = load_mapping(&dir.path().join("m.yml")).unwrap();
    assert_eq!(
        entity(&graph, "Ann").details().attributes.get("birthDate"),
        None
    );
    assert_eq!(
        report.files[0]
            .notes
            .get("birthDate values not in the date format %d.%m.%Y, left out"),
        Some(&1),
        "{report}"
    );
}

#[test]
fn a_table_named_on_the_command_line_goes_through_the_mapping() {
    let dir = folder(&[
        ("people.csv", PEOPLE.as_bytes()),
        ("people.yml", PEOPLE_MAPPING.as_bytes()),
        (
            "next-edition.csv",
            b"id,name,company,company_id,country,born,street,town,colours,kind,group\n\
              9,Di New,Acme Ltd,C1,,,,,,director,a\n",
        ),
    ]);
    let mapping = dir.path().join("people.yml");
    let (graph, report) = load_table(&dir.path().join("next-edition.csv"), &mapping).unwrap();
    assert_eq!(graph.entity_count(), 2, "{report}");
    assert!(graph.lookup_exact("Di New").is_some());
    assert!(
        graph.lookup_exact("Ann Lee").is_none(),
        "csv_url is not read"
    );
    assert!(report.files[0].file.ends_with("next-edition.csv"));
    // The same through the binary, and at the prompt with `load`.
    let table = dir.path().join("next-edition.csv");
    let (table, mapping) = (table.to_str().unwrap(), mapping.to_str().unwrap());
    let out = stdout_of(&[
        "--no-default-data",
        "--data",
        table,
        "--mapping",
        mapping,
        "show",
        "Di New",
    ]);
    assert!(out.contains("directs"), "{out}");
    let script = format!("load {table} --mapping {mapping}\nshow \"Di New\"\n");
    let output = dealgraph()
        .args(["--no-default-data", "--script", "-"])
        .write_stdin(script)
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{out}");
    assert!(out.contains("Di New"), "{out}");
}

#[test]
fn a_table_without_a_mapping_and_a_mapping_without_a_table_say_what_to_give() {
    let dir = folder(&[("t.csv", b"a\n1\n"), ("m.yml", b"x: 1\n")]);
    let table = dir.path().join("t.csv");
    let mapping = dir.path().join("m.yml");
    let error = failure_of(&[
        "--no-default-data",
        "--data",
        table.to_str().unwrap(),
        "stats",
    ]);
    assert!(
        error.contains("give one with --mapping MAPPING.yml"),
        "{error}"
    );
    let error = failure_of(&[
        "--no-default-data",
        "--mapping",
        mapping.to_str().unwrap(),
        "stats",
    ]);
    assert!(
        error.contains("--mapping reads the CSV files given with it"),
        "{error}"
    );
}

#[test]
fn followthemoneys_experts_table_maps_as_its_tests_say() {
    let shared = require_shared!();
    let csv = real(&shared, "ftm_mapping_experts.csv");
    let csv = csv.to_str().unwrap();
    // followthemoney's test_local_csv_load: one person a name (14), filters keep the 10 men,
    // filters_not then leaves out Portugal (7).
    let counts = [
        ("", 14),
        ("      filters: {gender: male}\n", 10),
        (
            "      filters: {gender: male}\n      filters_not: {nationality: Portugal}\n",
            7,
        ),
    ];
    for (filters, expected) in counts {
        let mapping = format!(
            "experts:\n  queries:\n    - csv_url: {csv}\n{filters}      entities:\n        expert:\n          schema: Person\n          key: name\n          properties:\n            name: {{column: name}}\n            nationality: {{column: nationality}}\n            gender: {{column: gender}}\n"
        );
        let dir = folder(&[("experts.yml", mapping.as_bytes())]);
        let (graph, _) = load_mapping(&dir.path().join("experts.yml")).unwrap();
        assert_eq!(graph.entity_count(), expected, "{filters}");
    }
    // The example mapping adds the groups and the memberships.
    let (graph, report) = load_mapping(&examples("ftm_mapping_experts.yml")).unwrap();
    let kinds = |kind| graph.entities().filter(|(_, e)| e.kind == kind).count();
    assert_eq!(kinds(EntityKind::Person), 14, "{report}");
    assert_eq!(kinds(EntityKind::Government), 4);
    assert_eq!(graph.relation_count(), 14);
    assert_eq!(
        entity(&graph, "Klaus Trutzel").details().country.as_deref(),
        Some("DE")
    );
}

#[test]
fn followthemoneys_links_table_joins_and_splits() {
    let _shared = require_shared!();
    let (graph, report) = load_mapping(&examples("ftm_mapping_links.yml")).unwrap();
    assert_eq!(graph.entity_count(), 2, "{report}");
    let coyote = entity(&graph, "Wile E. Coyote");
    assert_eq!(
        coyote.details().attributes["address"],
        ["64, The Desert, 01234"]
    );
    assert_eq!(
        coyote.details().attributes["notes"],
        ["brown", "black", "blue"]
    );
    let directs: Vec<_> = graph.relations().collect();
    assert_eq!(directs.len(), 1);
    assert_eq!(directs[0].relation.kind, RelationType::Directs);
    assert_eq!(graph.entity(directs[0].to).name, "ACME Inc.");
    assert_eq!(
        directs[0].relation.details().role.as_deref(),
        Some("founder")
    );
}

#[test]
fn chinas_sanctions_list_maps_to_its_targets_by_type_with_their_chinese_names() {
    let shared = require_shared!();
    let csv = real(&shared, "cn_sanctions.csv");
    // Our own count of the file: its targets by Type, a target being one name and Wikidata id
    // (a target designated twice is one entity).
    let text = std::fs::read_to_string(&csv).unwrap();
    let mut reader = csv_rows(&text);
    let header = reader.remove(0);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let mut targets: BTreeMap<String, std::collections::BTreeSet<(String, String)>> =
        BTreeMap::new();
    for row in &reader {
        targets
            .entry(row[col("Type")].clone())
            .or_default()
            .insert((row[col("Name")].clone(), row[col("QID")].clone()));
    }
    assert_eq!(reader.len(), 610, "SOURCES.txt counts 610 rows");
    for (graph, report) in [
        load_mapping(&examples("cn_sanctions.yml")).unwrap(),
        load_table(&csv, &examples("cn_sanctions.yml")).unwrap(),
    ] {
        let count = |kind| graph.entities().filter(|(_, e)| e.kind == kind).count();
        assert_eq!(
            count(EntityKind::Company),
            targets["Company"].len(),
            "{report}"
        );
        assert_eq!(count(EntityKind::Person), targets["Person"].len());
        assert_eq!(
            count(EntityKind::Organization),
            targets["Organization"].len()
        );
        assert_eq!(graph.entity_count(), reader.len() - 145, "{report}");
        let ned = entity(&graph, "National Endowment for Democracy");
        assert!(
            ned.details()
                .aliases
                .iter()
                .any(|a| a == "美国国家民主基金会"),
            "{:?}",
            ned.details().aliases
        );
        // The Chinese name finds the target too.
        assert!(graph.lookup_exact("美国国家民主基金会").is_some());
        let rubio = entity(&graph, "Marco Rubio");
        assert_eq!(rubio.details().identifiers["wikidata"], "Q324546");
    }
}

/// The rows of a CSV text, by a reader written here (quoted fields with commas and doubled
/// quotes, no field across lines, as in the fixture), so that the count is not the loader's.
fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for line in text.trim_start_matches('\u{feff}').lines() {
        let mut fields = Vec::new();
        let mut field = String::new();
        let mut quoted = false;
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match (c, quoted) {
                ('"', true) if chars.peek() == Some(&'"') => {
                    field.push('"');
                    chars.next();
                }
                ('"', _) => quoted = !quoted,
                (',', false) => fields.push(std::mem::take(&mut field)),
                _ => field.push(c),
            }
        }
        fields.push(field);
        rows.push(fields);
    }
    rows
}

/// One bad case: the mapping, the table it reads (`t.csv`), and what the error says and where.
struct Bad {
    name: &'static str,
    mapping: &'static str,
    table: &'static [u8],
    /// `FILE:LINE:COLUMN`, FILE being `m.yml` or `t.csv`.
    at: &'static str,
    says: &'static str,
}

const TABLE: &[u8] = b"id,name,company\n1,Ann,Acme\n";

const fn bad(
    name: &'static str,
    mapping: &'static str,
    at: &'static str,
    says: &'static str,
) -> Bad {
    Bad {
        name,
        mapping,
        table: TABLE,
        at,
        says,
    }
}

/// A mapping of the table `t.csv` with `entity` as its one entity's body.
macro_rules! with_entity {
    ($body:literal) => {
        concat!(
            "d:\n  queries:\n    - csv_url: t.csv\n      entities:\n        p:\n",
            $body
        )
    };
}

const CORPUS: &[Bad] = &[
    bad("not yaml", "d: [1\n", "m.yml:2:1", "not YAML"),
    bad("empty", "", "m.yml:1:1", "the mapping is empty"),
    bad(
        "unknown schema",
        with_entity!("          schema: Persn\n          key: id\n"),
        "m.yml:6:19",
        "\"Persn\" is no FollowTheMoney schema — did you mean \"Person\"?",
    ),
    bad(
        "unknown property",
        with_entity!(
            "          schema: Person\n          key: id\n          properties:\n            nmae: {column: name}\n"
        ),
        "m.yml:9:13",
        "a Person has no property \"nmae\" — did you mean \"name\"?",
    ),
    bad(
        "column not in the header",
        with_entity!(
            "          schema: Person\n          key: id\n          properties:\n            name: {column: full_name}\n"
        ),
        "m.yml:9:28",
        "no column \"full_name\" in the header",
    ),
    bad(
        "key column not in the header",
        with_entity!("          schema: Person\n          keys: [id, passport]\n"),
        "m.yml:7:22",
        "no column \"passport\"",
    ),
    bad(
        "entity names no mapped entity",
        with_entity!(
            "          schema: Directorship\n          key: id\n          properties:\n            director: {entity: boss}\n"
        ),
        "m.yml:9:32",
        "no entity \"boss\" in this query",
    ),
    bad(
        "entity of the wrong schema",
        "d:\n  queries:\n    - csv_url: t.csv\n      entities:\n        c:\n          schema: Company\n          key: id\n        p:\n          schema: Person\n          key: id\n          key_literal: p\n        e:\n          schema: Ownership\n          key: id\n          properties:\n            owner: {entity: c}\n            asset: {entity: p}\n",
        "m.yml:17:29",
        "Ownership.asset is a Asset, and \"p\" is a Person",
    ),
    bad(
        "no keys",
        with_entity!("          schema: Person\n"),
        "m.yml:5:9",
        "entity \"p\" has no keys",
    ),
    bad(
        "no schema",
        with_entity!("          key: id\n"),
        "m.yml:5:9",
        "entity \"p\" has no schema",
    ),
    bad(
        "sql database",
        "d:\n  queries:\n    - database: postgresql://localhost/cipc\n      tables: [companies]\n      entities: {}\n",
        "m.yml:3:7",
        "reads a SQL database, which dealgraph does not",
    ),
    bad(
        "joins",
        "d:\n  queries:\n    - csv_url: t.csv\n      joins: [{left: a, right: b}]\n      entities:\n        p: {schema: Person, key: id}\n",
        "m.yml:4:7",
        "\"joins\" reads a SQL database",
    ),
    bad(
        "unknown key of a property",
        with_entity!(
            "          schema: Person\n          key: id\n          properties:\n            name: {colum: name}\n"
        ),
        "m.yml:9:20",
        "a property has no key \"colum\"; did you mean \"column\"?",
    ),
    bad(
        "format on a name",
        with_entity!(
            "          schema: Person\n          key: id\n          properties:\n            name: {column: name, format: '%Y'}\n"
        ),
        "m.yml:9:34",
        "`format` reads dates, and name is a name property",
    ),
    bad(
        "a date format directive not read",
        with_entity!(
            "          schema: Person\n          key: id\n          properties:\n            birthDate: {column: name, format: '%j/%Y'}\n"
        ),
        "m.yml:9:47",
        "not %j",
    ),
    bad(
        "a remote table",
        "d:\n  queries:\n    - csv_url: http://bit.ly/uk-mps-csv\n      entities:\n        p: {schema: Person, key: id}\n",
        "m.yml:3:16",
        "dealgraph reads local files only",
    ),
    bad(
        "a missing table",
        "d:\n  queries:\n    - csv_url: missing.csv\n      entities:\n        p: {schema: Person, key: id}\n",
        "m.yml:3:16",
        "(csv_url is read relative to the mapping's folder)",
    ),
    bad(
        "a key given twice",
        with_entity!("          schema: Person\n          schema: Company\n          key: id\n"),
        "m.yml:7:11",
        "\"schema\" is given twice",
    ),
    bad(
        "keys and id_column",
        with_entity!("          schema: Person\n          key: id\n          id_column: id\n"),
        "m.yml:8:22",
        "give either keys or id_column, not both",
    ),
    bad(
        "entities in a circle",
        "d:\n  queries:\n    - csv_url: t.csv\n      entities:\n        a:\n          schema: Company\n          key: id\n          properties:\n            parent: {entity: b}\n        b:\n          schema: Company\n          key: name\n          properties:\n            parent: {entity: a}\n",
        "m.yml:5:9",
        "the entities a and b refer to each other in a circle",
    ),
    bad(
        "required neither true nor false",
        with_entity!(
            "          schema: Person\n          key: id\n          properties:\n            name: {column: name, required: maybe}\n"
        ),
        "m.yml:9:44",
        "`required` is true or false",
    ),
    bad(
        "a separator that is a list",
        with_entity!(
            "          schema: Person\n          key: id\n          properties:\n            alias: {column: name, split: [\";\"]}\n"
        ),
        "m.yml:9:42",
        "a separator is a single value, not a list",
    ),
    Bad {
        table: b"id,name,company\n1,Ann\n",
        ..bad(
            "a row with too few fields",
            with_entity!("          schema: Person\n          key: id\n"),
            "t.csv:2:1",
            "the row has 2 fields and the header 3",
        )
    },
    Bad {
        table: b"id,name,company\n1,\"Ann\xff\",Acme\n",
        ..bad(
            "a table not in UTF-8",
            with_entity!("          schema: Person\n          key: id\n"),
            "t.csv:2:7",
            "the table is not UTF-8 text",
        )
    },
    Bad {
        table: b"id,name,id\n1,Ann,2\n",
        ..bad(
            "a column named twice",
            with_entity!("          schema: Person\n          key: id\n"),
            "t.csv:1:1",
            "the column \"id\" is named twice",
        )
    },
    Bad {
        table: b"",
        ..bad(
            "a table without a header",
            with_entity!("          schema: Person\n          key: id\n"),
            "t.csv:1:1",
            "the table has no header row",
        )
    },
];

#[test]
fn each_bad_mapping_or_table_is_a_located_error_and_loads_nothing() {
    assert!(CORPUS.len() >= 15);
    let before = common::bundled();
    let mut wrong = Vec::new();
    for case in CORPUS {
        let dir = folder(&[("m.yml", case.mapping.as_bytes()), ("t.csv", case.table)]);
        let mut graph = before.clone();
        let result = load::extend(&mut graph, &[Input::Path(dir.path().join("m.yml"))]);
        let Err(Error::Data(problems)) = result else {
            panic!("{}: loaded: {result:?}", case.name);
        };
        let shown: Vec<String> = problems
            .iter()
            .map(|p| {
                p.to_string()
                    .replace(&format!("{}/", dir.path().display()), "")
            })
            .collect();
        let expected = format!("{}: ", case.at);
        if !shown
            .iter()
            .any(|p| p.starts_with(&expected) && p.contains(case.says))
        {
            wrong.push(format!(
                "{}: expected {expected}…{}…, got {shown:#?}",
                case.name, case.says
            ));
        }
        assert_eq!(graph.entity_count(), before.entity_count(), "{}", case.name);
        assert_eq!(
            graph.relation_count(),
            before.relation_count(),
            "{}",
            case.name
        );
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn every_problem_of_a_mapping_is_reported_at_once() {
    let mapping = with_entity!(
        "          schema: Person\n          key: id\n          properties:\n            nmae: {column: name}\n            nationality: {column: land}\n            alias: {entity: nobody}\n"
    );
    let dir = folder(&[("m.yml", mapping.as_bytes()), ("t.csv", TABLE)]);
    let Err(Error::Data(problems)) = load_mapping(&dir.path().join("m.yml")) else {
        panic!("loaded");
    };
    let mut lines: Vec<usize> = problems
        .iter()
        .map(|p| p.location.as_ref().unwrap().line)
        .collect();
    lines.dedup();
    assert_eq!(lines, [9, 10, 11], "{problems:#?}");
}

#[test]
fn the_columns_of_an_entity_of_an_unknown_schema_are_checked_too() {
    let mapping = with_entity!("          schema: Persn\n          key: idd\n");
    let dir = folder(&[("m.yml", mapping.as_bytes()), ("t.csv", TABLE)]);
    let Err(Error::Data(problems)) = load_mapping(&dir.path().join("m.yml")) else {
        panic!("loaded");
    };
    let places: Vec<(usize, usize)> = problems
        .iter()
        .map(|p| {
            let at = p.location.as_ref().unwrap();
            (at.line, at.column)
        })
        .collect();
    assert_eq!(places, [(6, 19), (7, 16)], "{problems:#?}");
}

#[test]
fn validate_and_import_read_a_mapping() {
    let _shared = require_shared!();
    let links = examples("ftm_mapping_links.yml");
    let links = links.to_str().unwrap();
    let out = stdout_of(&["--no-default-data", "validate", links]);
    assert!(out.contains("ok: no problems"), "{out}");
    let dataset = stdout_of(&["--no-default-data", "import", links]);
    let dataset: serde_json::Value = serde_json::from_str(&dataset).unwrap();
    assert_eq!(dataset["entities"].as_array().unwrap().len(), 2);
    assert_eq!(dataset["relations"][0]["type"], "directs");
}

#[test]
fn a_failed_load_at_the_prompt_leaves_the_graph_as_it_was() {
    let dir = folder(&[
        (
            "m.yml",
            with_entity!("          schema: Persn\n          key: id\n").as_bytes(),
        ),
        ("t.csv", TABLE),
    ]);
    let mapping = dir.path().join("m.yml");
    let script = format!("load {}\nstats --json\n", mapping.display());
    let output = dealgraph()
        .args(["--script", "-", "--keep-going"])
        .write_stdin(script)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("m.yml:6:19"), "{stderr}");
    let stats: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("stats --json answers");
    let bundled = common::bundled();
    assert_eq!(
        stats["entities"].as_u64(),
        Some(bundled.entity_count() as u64),
        "{stats}"
    );
}

#[test]
fn every_example_mapping_loads_from_a_fresh_clone_beside_shared() {
    let _shared = require_shared!();
    let mut mappings: Vec<PathBuf> = std::fs::read_dir(common::root().join("examples"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "yml" || e == "yaml"))
        .collect();
    mappings.sort();
    assert_eq!(mappings.len(), 3, "{mappings:?}");
    for mapping in mappings {
        let (graph, report) =
            load_mapping(&mapping).unwrap_or_else(|err| panic!("{}: {err}", mapping.display()));
        assert!(graph.entity_count() > 0, "{report}");
    }
}

#[test]
fn csv_urls_reads_every_table_and_a_row_in_two_of_them_is_one_entity() {
    let mapping = "d:\n  queries:\n    - csv_urls: [a.csv, b.csv]\n      entities:\n        c:\n          schema: Company\n          keys: [name]\n          properties:\n            name: {column: name}\n";
    let dir = folder(&[
        ("m.yml", mapping.as_bytes()),
        ("a.csv", b"name\nTest Co A\n"),
        ("b.csv", b"name\r\nTest Co B\r\nTest Co A\r\n"),
    ]);
    let (graph, report) = load_mapping(&dir.path().join("m.yml")).unwrap();
    let mut names: Vec<&str> = graph.entities().map(|(_, e)| e.name.as_str()).collect();
    names.sort_unstable();
    assert_eq!(names, ["Test Co A", "Test Co B"], "{report}");
    // A table named that is not there is said at its place in the mapping.
    std::fs::remove_file(dir.path().join("b.csv")).unwrap();
    let Err(Error::Data(problems)) = load_mapping(&dir.path().join("m.yml")) else {
        panic!("loaded without b.csv");
    };
    let at = problems[0].location.as_ref().unwrap();
    assert_eq!(at.line, 3, "{problems:#?}");
    assert!(problems[0].message.contains("b.csv"), "{problems:#?}");
}
