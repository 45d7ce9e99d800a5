//! The same thing is said the same way by every command: counts in the singular when there is
//! one, a relation shown alike wherever it appears, the same words for the same things.

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
    assert!(stdout.ends_with("graph: 1 entity, 0 relations\n"), "{stdout}");
}
