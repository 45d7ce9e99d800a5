//! Mappings and tables built to make loading hurt: a template that multiplies a long column, a
//! header of hundreds of thousands of columns, a field split into a hundred thousand values.
//! Each test is named after what broke; the time and memory each took before its fix are in
//! the commit that fixed it.

use std::path::Path;

use dealgraph::Graph;
use dealgraph::error::Error;
use dealgraph::load::{self, Input};

/// A folder holding the files, each written as given.
fn folder(files: &[(&str, String)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).expect("the file is written");
    }
    dir
}

/// Loads a mapping alone.
fn load_mapping(path: &Path) -> Result<(Graph, load::LoadReport), Error> {
    load::load(&[Input::Path(path.to_path_buf())])
}

/// A mapping of `table.csv` to companies keyed by its `id` column, named as `name` says.
fn mapping(name: &str) -> String {
    format!(
        "test:\n  queries:\n    - csv_url: table.csv\n      entities:\n        company:\n          \
         schema: Company\n          key: id\n          properties:\n            name:\n{name}"
    )
}

#[test]
fn a_template_that_repeats_a_long_column_thousands_of_times_stops_with_an_error_at_the_template() {
    // 100 rows of a 1,000-character name, each filled 5,000 times: 500 MB of names.
    let rows: String = (0..100)
        .map(|i| format!("{i},{}\n", "N".repeat(1000)))
        .collect();
    let template = "{{name}}".repeat(5000);
    let dir = folder(&[
        ("table.csv", format!("id,name\n{rows}")),
        (
            "m.yml",
            mapping(&format!("              template: \"{template}\"\n")),
        ),
    ]);
    let Err(Error::Data(problems)) = load_mapping(&dir.path().join("m.yml")) else {
        panic!("loaded");
    };
    assert_eq!(problems.len(), 1, "{problems:#?}");
    let at = problems[0].location.as_ref().unwrap();
    assert!(at.file.ends_with("m.yml"), "{}", problems[0]);
    assert_eq!(at.line, 10, "{}", problems[0]);
    assert!(
        problems[0]
            .message
            .contains("the template of property name makes more text")
            && problems[0].message.contains("by line 2 of it"),
        "{}",
        problems[0]
    );
    // A template that fills its places a few times loads.
    let dir = folder(&[
        ("table.csv", format!("id,name\n{rows}")),
        (
            "m.yml",
            mapping("              template: \"{{name}} ({{id}}) {{name}}\"\n"),
        ),
    ]);
    let (graph, _) = load_mapping(&dir.path().join("m.yml")).unwrap();
    assert_eq!(graph.entity_count(), 100);
}

#[test]
fn a_header_of_two_hundred_thousand_columns_with_one_named_twice_is_reported_once() {
    let mut header: Vec<String> = (0..200_000).map(|i| format!("c{i}")).collect();
    header[0] = "id".into();
    header[1] = "name".into();
    header.push("c5".into());
    let row = vec!["x"; header.len()].join(",");
    let dir = folder(&[
        ("table.csv", format!("{}\n{row}\n", header.join(","))),
        ("m.yml", mapping("              column: name\n")),
    ]);
    let Err(Error::Data(problems)) = load_mapping(&dir.path().join("m.yml")) else {
        panic!("loaded");
    };
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!(problems[0].location.as_ref().unwrap().line, 1);
    assert!(
        problems[0]
            .message
            .contains("the column \"c5\" is named twice in the header"),
        "{}",
        problems[0]
    );
}

#[test]
fn a_field_split_into_a_hundred_thousand_names_keeps_each_once() {
    let mut parts: Vec<String> = (0..100_000).map(|i| format!("Acme {i}")).collect();
    parts.extend((0..1000).map(|i| format!("Acme {i}")));
    let dir = folder(&[
        ("table.csv", format!("id,name\n1,{}\n", parts.join(";"))),
        (
            "m.yml",
            mapping("              column: name\n              split: \";\"\n"),
        ),
    ]);
    let (graph, _) = load_mapping(&dir.path().join("m.yml")).unwrap();
    assert_eq!(graph.entity_count(), 1);
    let (_, entity) = graph.entities().next().unwrap();
    assert_eq!(
        1 + entity.details().aliases.len(),
        100_000,
        "{}",
        entity.name
    );
}
