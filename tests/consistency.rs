//! The same thing is said the same way by every command: counts in the singular when there is
//! one, a relation shown alike wherever it appears, the filter named wherever it applied, the
//! same words for the same things; and a refusal says what to do next.

mod common;

use common::{dealgraph, temp_file};

/// A dataset of one entity and no relation.
const ONE_ENTITY: &str = r#"{
  "sources": [{ "id": "notes", "title": "Notes" }],
  "entities": [{ "id": "acme", "name": "Acme", "kind": "company" }],
  "relations": []
}"#;

#[test]
fn load_counts_one_entity_in_the_singular() {
    let (_dir, path) = temp_file("one.json", ONE_ENTITY);
    let output = dealgraph()
        .arg("--no-default-data")
        .write_stdin(format!("load '{}'\n", path.display()))
        .output()
        .unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.ends_with("graph: 1 entity, 0 relations\n"),
        "{stdout}"
    );
}

/// The row of a relation in `output` that starts with `name` after its indent.
fn row<'a>(output: &'a str, name: &str) -> &'a str {
    output
        .lines()
        .find(|line| line.trim_start().starts_with(name))
        .unwrap_or_else(|| panic!("no row of {name} in {output}"))
}

#[test]
fn show_marks_undated_relations_under_as_of_as_investors_does() {
    let args = ["Megvii", "--as-of", "2019"];
    let show = common::stdout_of(&[&["show"], &args[..]].concat());
    let investors = common::stdout_of(&[&["investors"], &args[..]].concat());
    let alibaba = row(&investors, "Alibaba");
    assert!(alibaba.ends_with("  undated"), "{alibaba}");
    assert_eq!(row(&show, "Alibaba"), alibaba);

    let card = common::json_of(&[&["show"], &args[..]].concat());
    assert!(
        card["relations"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["undated"] == true),
        "{card:#}"
    );
}

/// The line after the first line of `output` that starts with `first`.
fn line_after<'a>(output: &'a str, first: &str) -> &'a str {
    let mut lines = output.lines().skip_while(|line| !line.starts_with(first));
    lines.next();
    lines
        .next()
        .unwrap_or_else(|| panic!("nothing after {first:?} in {output}"))
}

#[test]
fn stakes_under_an_investor_are_indented_alike_in_investors_and_overlap() {
    let investors = common::stdout_of(&["investors", "SenseTime", "--rollup"]);
    let overlap = common::stdout_of(&["overlap", "SenseTime", "Megvii", "--rollup"]);
    assert_eq!(
        line_after(&investors, "  SoftBank  through SoftBank Vision Fund"),
        "    SoftBank  owns  SoftBank Vision Fund  confirmed"
    );
    assert_eq!(
        line_after(&overlap, "  Alibaba"),
        "    Alibaba  invests in  SenseTime  confirmed"
    );
}

#[test]
fn every_filtered_answer_says_its_filter_even_when_it_hid_nothing() {
    for command in [
        &["investors", "SenseTime"][..],
        &["portfolio", "Alibaba"],
        &["show", "Pentagon"],
        &["exposure", "Vision Fund"],
        &["neighbours", "Megvii"],
        &["path", "Alibaba", "Megvii"],
    ] {
        let out = common::stdout_of(&[command, &["--as-of", "2018"]].concat());
        assert!(
            out.lines().any(|line| line == "filter: as of 2018"),
            "{command:?}: {out}"
        );
    }
}

#[test]
fn an_export_of_nothing_says_what_to_do() {
    common::fails_with(
        &["--no-default-data", "export", "dot"],
        "nothing to export: the graph is empty; give data with --data",
    );
    common::fails_with(
        &["export", "dot", "--status", "ended", "--rel", "owns"],
        "no relation passes the filter (rel owns; status ended); loosen it",
    );
}

#[test]
fn import_and_export_say_alike_what_they_wrote() {
    let dir = tempfile::tempdir().unwrap();
    let (_data, data) = temp_file("one.json", ONE_ENTITY);
    let data = data.to_str().unwrap();
    let import = vec!["import", data, "-o"];
    let export = vec!["--no-default-data", "--data", data, "export", "json", "-o"];
    for (name, writer, counts) in [
        ("i.json", import, "1 entity, 0 relations, 0 sources"),
        ("e.json", export, "1 entity, 0 relations"),
    ] {
        let file = dir.path().join(name);
        let args = [&writer[..], &[file.to_str().unwrap()]].concat();
        let said = common::stdout_of(&args);
        let line = format!("wrote json ({counts}) to {}\n", file.display());
        assert!(said.ends_with(&line), "{said}");
        let doc = common::json_of(&args);
        assert_eq!(doc["format"], "json");
        assert_eq!(doc["file"], file.display().to_string());
    }
}
