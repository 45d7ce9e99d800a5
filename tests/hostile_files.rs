//! Data files built to hurt the loader, each named after what it once broke: folders that loop,
//! values nested too deep, minified files whose problems sit far along one line, and files
//! whose size made a step of loading take time in proportion to its square. These check the
//! answers; the time each took before its fix is in the commit that fixed it.

mod common;

use common::{dealgraph, temp_file};
use serde_json::{Value, json};

/// The error output of a failed load of `path`.
fn load_errors(path: &std::path::Path) -> String {
    common::failure_of(&[
        "--no-default-data",
        "--data",
        path.to_str().unwrap(),
        "stats",
    ])
}

/// The graph of a successful load of `path`, exported as a native dataset.
fn loaded(path: &std::path::Path) -> Value {
    serde_json::from_str(&common::export_of(path, "json")).unwrap()
}

#[cfg(unix)]
#[test]
fn a_link_to_a_parent_folder_loops_no_more_and_each_file_loads_once() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("data/sub");
    std::fs::create_dir_all(&sub).unwrap();
    std::fs::write(
        sub.join("a.json"),
        r#"{"sources": [{"id": "s", "title": "S"}], "entities": [{"id": "a", "name": "A", "kind": "company"}]}"#,
    )
    .unwrap();
    std::os::unix::fs::symlink("..", sub.join("up")).unwrap();
    std::os::unix::fs::symlink("a.json", sub.join("same.json")).unwrap();
    let output = dealgraph()
        .args(["--no-default-data", "--data"])
        .arg(dir.path().join("data"))
        .args(["stats", "--json"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let stats: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(stats["entities"], 1, "{stats}");
}

#[test]
fn values_nested_too_deep_are_reported_at_their_place_with_what_to_check() {
    let deep = format!(
        "{{\"id\": \"a\", \"schema\": \"Company\", \"properties\": {{\"name\": {}\"x\"{}}}}}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let (_dir, path) = temp_file("deep.ijson", &deep);
    let errors = load_errors(&path);
    let file = path.display().to_string();
    assert!(
        errors.contains(&format!("{file}:1:")) && errors.contains("nested more than 128 deep"),
        "{errors}"
    );
}

#[test]
fn a_minified_file_reports_each_problem_at_its_column_far_along_its_one_line() {
    let entities: Vec<Value> = (0..400)
        .map(|i| json!({"id": format!("é{i}"), "name": format!("Entité {i}"), "kind": "company"}))
        .chain([json!({"id": "last", "name": "Last", "kind": "spaceship"})])
        .collect();
    let text = serde_json::to_string(&json!({
        "sources": [{"id": "s", "title": "S"}],
        "entities": entities,
    }))
    .unwrap();
    assert!(!text.contains('\n') && text.len() > 3 * 4096);
    let (_dir, path) = temp_file("minified.json", &text);
    let errors = load_errors(&path);
    let at = text.find("\"spaceship\"").unwrap();
    let column = text[..at].chars().count() + 1;
    let file = path.display().to_string();
    assert!(
        errors.contains(&format!("{file}:1:{column}: \"kind\" in entities[400]")),
        "expected column {column}: {errors}"
    );
}

#[test]
fn thousands_of_relations_naming_missing_entities_are_each_reported_with_a_hint() {
    let relations: Vec<Value> = (0..2000)
        .map(|i| {
            json!({"from": format!("ghost-{}", i % 500), "to": "a", "type": "owns",
                   "status": "confirmed", "sources": [{"source": "s"}]})
        })
        .chain([
            json!({"from": "A", "to": "a", "type": "owns", "status": "confirmed",
                       "sources": [{"source": "s"}]}),
        ])
        .collect();
    let text = serde_json::to_string_pretty(&json!({
        "sources": [{"id": "s", "title": "S"}],
        "entities": [{"id": "a", "name": "A", "kind": "company"},
                     {"id": "ghost", "name": "Ghost", "kind": "company"}],
        "relations": relations,
    }))
    .unwrap();
    let (_dir, path) = temp_file("ghosts.json", &text);
    let errors = load_errors(&path);
    assert!(errors.ends_with("2001 problems in the data; nothing was loaded\n"));
    let named = |id: &str| {
        errors
            .lines()
            .filter(|l| l.contains(&format!("\"from\" names no entity: \"{id}\"")))
            .count()
    };
    assert_eq!(named("ghost-7"), 4, "every use of a missing id is reported");
    assert!(
        errors.contains("\"from\" names no entity: \"ghost-0\" — did you mean \"ghost\"?"),
        "{errors}"
    );
    assert!(
        errors.contains(
            "\"from\" names no entity: \"A\" — relations name entities by id; did you mean \"a\"?"
        ),
        "a name is recognised whatever came before: {errors}"
    );
}

#[test]
fn hundreds_of_people_of_one_name_load_as_as_many_entities_with_numbered_ids() {
    let lines: Vec<String> = (0..300)
        .map(|i| {
            json!({"id": format!("p{i}"), "schema": "Person", "properties": {"name": ["John Smith"]}})
                .to_string()
        })
        .collect();
    let (_dir, path) = temp_file("smiths.ijson", &(lines.join("\n") + "\n"));
    let graph = loaded(&path);
    let ids: Vec<&str> = graph["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 300);
    for id in ["john-smith", "john-smith-2", "john-smith-300"] {
        assert!(ids.contains(&id), "{id} missing");
    }
}

#[test]
fn thousands_of_records_of_one_lei_merge_into_one_entity_keeping_every_name_and_address() {
    let lines: Vec<String> = (0..3000)
        .map(|i| {
            json!({"id": format!("c{i}"), "schema": "Company", "properties": {
                "name": [format!("Company {i}")], "leiCode": ["529900T8BM49AURSDO55"],
                "address": [format!("Street {i}")]}})
            .to_string()
        })
        .collect();
    let (_dir, path) = temp_file("one-lei.ijson", &(lines.join("\n") + "\n"));
    let graph = loaded(&path);
    let entities = graph["entities"].as_array().unwrap();
    assert_eq!(entities.len(), 1);
    assert_eq!(entities[0]["aliases"].as_array().unwrap().len(), 2999);
    assert_eq!(
        entities[0]["attributes"]["address"]
            .as_array()
            .unwrap()
            .len(),
        3000
    );
}

#[test]
fn each_of_many_ocds_awards_keeps_the_dates_of_its_own_contract() {
    let awards: Vec<Value> = (0..300)
        .map(|i| json!({"id": format!("a{i}"), "suppliers": [{"id": format!("s{i}"), "name": format!("Supplier {i}")}]}))
        .collect();
    let contracts: Vec<Value> = (0..300)
        .rev()
        .map(|i| json!({"id": format!("c{i}"), "awardID": format!("a{i}"), "dateSigned": format!("{}-01-01", 1700 + i)}))
        .collect();
    let text = json!({"uri": "u", "releases": [{"ocid": "o-1", "date": "2020",
        "buyer": {"id": "B", "name": "Ministry"}, "awards": awards, "contracts": contracts}]})
    .to_string();
    let (_dir, path) = temp_file("awards.json", &text);
    let graph = loaded(&path);
    let relations = graph["relations"].as_array().unwrap();
    assert_eq!(relations.len(), 300);
    for relation in relations {
        let note = relation["note"].as_str().unwrap();
        let after = note.split("award a").nth(1).unwrap();
        let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
        let award: u32 = digits.parse().unwrap();
        assert_eq!(
            relation["date"],
            format!("{}-01-01", 1700 + award),
            "{relation}"
        );
    }
}

#[cfg(unix)]
#[test]
fn a_device_given_as_data_is_refused_instead_of_read_forever() {
    let errors = load_errors(std::path::Path::new("/dev/zero"));
    assert!(
        errors.contains("/dev/zero is a device, not a file: it may never end; give a file"),
        "{errors}"
    );
}

/// A native file large enough to be mapped (64 MiB and more), whose second line is a
/// description of `count` euro signs (three bytes each), so that the parts its text is checked
/// and read in (16 MiB each) end inside characters.
fn euro_file(count: usize) -> Vec<u8> {
    let mut text = String::from(
        r#"{"sources": [{"id": "s", "title": "S"}], "entities": [{"id": "a", "name": "A €", "kind": "company"}],"#,
    );
    text.push_str("\n\"description\": \"");
    text.push_str(&"€".repeat(count));
    text.push_str("\"}\n");
    text.into_bytes()
}

#[test]
fn a_mapped_file_checked_in_parts_that_end_inside_characters_loads_whole() {
    let bytes = euro_file(23_000_000);
    let euros = bytes.iter().position(|&b| b == b'\n').unwrap() + 1 + "\"description\": \"".len();
    assert!(bytes.len() > 64 << 20 && !((16 << 20) - euros).is_multiple_of(3));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("large.json");
    std::fs::write(&path, &bytes).unwrap();
    let names = common::stdout_of(&[
        "--no-default-data",
        "--data",
        path.to_str().unwrap(),
        "find",
        "A",
    ]);
    assert!(names.contains("A €"), "{names}");
}

#[test]
fn a_mapped_file_with_a_broken_character_past_its_first_parts_is_refused_at_its_place() {
    let mut bytes = euro_file(23_000_000);
    let line_two = bytes.iter().position(|&b| b == b'\n').unwrap() + 1;
    let prefix = "\"description\": \"".len();
    // A byte at the end of the second and of the fourth part, inside a euro sign.
    for part in [2, 4] {
        let mut at = part * (16 << 20);
        while (at - line_two - prefix).is_multiple_of(3) {
            at += 1;
        }
        let broken_char = (at - line_two - prefix) / 3;
        let mut broken = bytes.clone();
        broken[at] = 0xFF;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("large.json");
        std::fs::write(&path, &broken).unwrap();
        let errors = load_errors(&path);
        let column = prefix + broken_char + 1;
        assert!(
            errors.contains(&format!("large.json:2:{column}: ")) && errors.contains("not UTF-8"),
            "expected line 2, column {column}: {errors}"
        );
    }
    bytes.clear();
}

/// A native dataset of `n` entities and `2n` relations, one element a line, its three arrays
/// in the order `keys` gives. The entity and the relation near the end of their arrays cite
/// a source no element cited before; `broken` names an entity no relation can reach.
fn many_elements(n: usize, keys: [&str; 3], broken: bool) -> String {
    let sources = r#"[{"id": "s1", "title": "One"}, {"id": "s2", "title": "Two"}]"#.to_string();
    let entities: Vec<String> = (0..n)
        .map(|i| {
            let cites = if i == n - 10 {
                r#", "sources": [{"source": "s2"}]"#
            } else {
                ""
            };
            format!(r#"{{"id": "e{i}", "name": "Entity {i}", "kind": "company"{cites}}}"#)
        })
        .collect();
    let relations: Vec<String> = (0..2 * n)
        .map(|i| {
            let to = if broken && i == n + n / 2 {
                "nobody".to_string()
            } else {
                format!("e{}", (i * 7 + 1) % n)
            };
            let source = if i == 2 * n - 5 { r#"s2", "quote": "late"# } else { "s1" };
            format!(
                r#"{{"from": "e{}", "to": "{to}", "type": "invests_in", "status": "confirmed", "sources": [{{"source": "{source}"}}]}}"#,
                i % n
            )
        })
        .collect();
    let array = |items: Vec<String>| format!("[\n{}\n]", items.join(",\n"));
    let mut parts = vec![
        ("sources", sources),
        ("entities", array(entities)),
        ("relations", array(relations)),
    ];
    parts.sort_by_key(|(key, _)| keys.iter().position(|k| k == key));
    let fields: Vec<String> = parts
        .into_iter()
        .map(|(key, value)| format!("\"{key}\": {value}"))
        .collect();
    format!("{{{}}}", fields.join(",\n"))
}

#[test]
fn a_dataset_read_in_one_pass_loads_as_the_same_dataset_read_whole() {
    // More elements than one run of the reader takes (65,536), so that runs are read on other
    // threads while the next is found. The usual order is read in one pass; relations before
    // entities are read whole, after a first pass gives up.
    let n = 70_000;
    let usual = ["sources", "entities", "relations"];
    let load = |keys: [&str; 3]| {
        let (_dir, file) = temp_file("many.json", &many_elements(n, keys, false));
        dealgraph::load::load(&[dealgraph::load::Input::Path(file)])
            .unwrap_or_else(|err| panic!("{keys:?}: {err}"))
            .0
    };
    let one_pass = load(usual);
    assert_eq!(
        (one_pass.entity_count(), one_pass.relation_count()),
        (n, 2 * n)
    );
    for keys in [
        ["relations", "entities", "sources"],
        ["entities", "relations", "sources"],
    ] {
        let other = load(keys);
        assert_eq!(other.sources(), one_pass.sources(), "{keys:?}");
        assert!(
            other.entities().eq(one_pass.entities()),
            "{keys:?}: the entities"
        );
        assert!(
            other
                .relations()
                .map(|r| (r.from, r.to, r.relation.clone()))
                .eq(one_pass
                    .relations()
                    .map(|r| (r.from, r.to, r.relation.clone()))),
            "{keys:?}: the relations"
        );
    }
}

#[test]
fn a_relation_naming_no_entity_far_into_a_dataset_is_reported_at_its_line_in_either_order() {
    let n = 70_000;
    for keys in [
        ["sources", "entities", "relations"],
        ["relations", "entities", "sources"],
    ] {
        let text = many_elements(n, keys, true);
        let line = text.lines().position(|l| l.contains("\"nobody\"")).unwrap() + 1;
        let (_dir, file) = temp_file("broken.json", &text);
        let errors = load_errors(&file);
        assert!(
            errors.contains(&format!(":{line}:"))
                && errors.contains("\"to\" names no entity: \"nobody\""),
            "{keys:?}, line {line}: {errors}"
        );
    }
}

#[test]
fn a_dataset_broken_at_its_end_reports_only_where_it_is_broken() {
    // The one pass reads every element before it reaches the end; what it found is not
    // reported, as a file whose syntax is broken is read no further than that.
    let mut text = many_elements(70_000, ["sources", "entities", "relations"], true);
    text.pop();
    let (_dir, file) = temp_file("cut.json", &text);
    let errors = load_errors(&file);
    assert!(
        errors.contains("the file ends too early") && !errors.contains("nobody"),
        "{errors}"
    );
}
