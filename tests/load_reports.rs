//! Nothing of an open-data file is dropped silently: whatever the importer does not turn into
//! an entity, a relation or one of their fields is counted in the load report, by reason
//! (unknown schemata and record types, unknown properties, references to entities in no
//! loaded file, ids stated twice, values that are not what their field holds).

mod common;

use common::{dealgraph, temp_file};
use serde_json::{Value, json};

/// The load report of one file, as `validate --json` gives it.
fn report(name: &str, text: &str) -> Value {
    let (_dir, path) = temp_file(name, text);
    let output = dealgraph()
        .args(["--no-default-data", "--json", "validate"])
        .arg(&path)
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(doc["ok"], true, "{doc}");
    doc["loaded"]["files"][0].clone()
}

/// JSON lines of the records.
fn lines(records: &[Value]) -> String {
    records.iter().map(|r| format!("{r}\n")).collect()
}

/// Asserts that the report counts `n` under `reason` in its `section` (skipped or notes).
#[track_caller]
fn counts(report: &Value, section: &str, reason: &str, n: u64) {
    assert_eq!(
        report[section][reason], n,
        "expected {n} under {section} \"{reason}\" in {report:#}"
    );
}

#[test]
fn ftm_counts_unknown_schemata_fields_and_properties_missing_entities_and_repeated_ids() {
    let text = lines(&[
        json!({"id": "a", "schema": "Company", "properties": {"name": ["Acme"], "fooBar": ["kept"]}, "target": true}),
        json!({"id": "a", "schema": "Person", "properties": {"name": ["Acme Ltd"]}}),
        json!({"id": "x", "schema": "Starship", "properties": {"name": ["Enterprise"]}}),
        json!({"id": "p", "schema": "Payment", "properties": {"payer": ["a"], "beneficiary": ["nobody"], "fooBar": ["x"]}}),
        json!({"id": "q", "schema": "Payment", "properties": {"payer": ["a"], "beneficiary": ["a"]}}),
    ]);
    let report = report("mixed.ijson", &text);
    counts(
        &report,
        "skipped",
        "records of a schema FollowTheMoney 3.8.4 does not have (Starship)",
        1,
    );
    counts(
        &report,
        "skipped",
        "Payment records naming an entity in no loaded file",
        1,
    );
    counts(
        &report,
        "skipped",
        "Payment records from an entity to itself",
        1,
    );
    counts(&report, "notes", "Payment.fooBar values not imported", 1);
    counts(
        &report,
        "notes",
        "FtM record fields not imported: target (1)",
        1,
    );
    counts(
        &report,
        "notes",
        "records of an id stated before, merged into the first",
        1,
    );
    counts(
        &report,
        "notes",
        "records of an id stated before as another schema (Person read as Company)",
        1,
    );
}

#[test]
fn ftm_an_unknown_property_of_an_entity_is_kept_as_an_attribute() {
    let (_dir, path) = temp_file(
        "acme.ijson",
        &lines(&[
            json!({"id": "a", "schema": "Company", "properties": {"name": ["Acme"], "fooBar": ["kept"]}}),
        ]),
    );
    let text = common::stdout_of(&[
        "--no-default-data",
        "--data",
        path.to_str().unwrap(),
        "export",
        "json",
    ]);
    let dataset: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        dataset["entities"][0]["attributes"]["fooBar"],
        json!(["kept"])
    );
}

#[test]
fn ftm_values_that_are_not_what_their_field_holds_are_counted() {
    let text = lines(&[
        json!({"id": "c", "schema": "Company", "properties": {"name": ["Acme"], "jurisdiction": ["Atlantis"], "incorporationDate": ["long ago"], "address": [{"street": "no id"}]}}),
        json!({"id": "p", "schema": "Person", "properties": {"name": ["Ann"]}}),
        json!({"id": "o", "schema": "Ownership", "properties": {"owner": ["p"], "asset": ["c"], "percentage": ["a lot"], "sharesValue": ["many"], "sharesCurrency": ["EUR"]}}),
    ]);
    let report = report("values.ijson", &text);
    for reason in [
        "countries that are neither ISO codes nor English names, left out",
        "founding dates that are not ISO dates, left out",
        "property values that are objects but not entities with an id, left out",
        "percentages that are not numbers from 0 to 100, left out",
        "amounts that are not numbers of a known currency, or are negative, left out",
    ] {
        counts(&report, "notes", reason, 1);
    }
}

/// A BODS entity statement.
fn bods_entity(record: &str, name: &str) -> Value {
    json!({"statementId": format!("s-{record}-{name}"), "statementDate": "2020-01-01",
           "recordId": record, "recordType": "entity",
           "recordDetails": {"entityType": {"type": "registeredEntity"}, "name": name,
                             "jurisdiction": {"code": "ZZ"},
                             "identifiers": [{"id": "123"}]}})
}

#[test]
fn bods_counts_unknown_record_types_missing_parties_repeated_records_and_bad_values() {
    let statements = json!([
        bods_entity("e1", "Old Name"),
        bods_entity("e1", "New Name"),
        bods_entity("e2", "Other"),
        {"statementId": "r1", "recordId": "r1", "recordType": "relationship",
         "recordDetails": {"subject": "e1", "interestedParty": "ghost", "interests": []}},
        {"statementId": "r2", "recordId": "r2", "recordType": "relationship",
         "recordDetails": {"subject": "e1", "interestedParty": "e2",
                           "interests": [{"type": "shareholding", "share": {"exact": 150}}]}},
        {"statementId": "t1", "recordId": "t1", "recordType": "annotation", "recordDetails": {}},
    ]);
    let report = report("bods.json", &statements.to_string());
    counts(
        &report,
        "skipped",
        "statements of record type \"annotation\"",
        1,
    );
    counts(
        &report,
        "skipped",
        "relationships naming a record that is not in the file (or is closed)",
        1,
    );
    counts(
        &report,
        "notes",
        "statements superseded by a later one of the same record",
        1,
    );
    counts(
        &report,
        "notes",
        "shares that are not percentages from 0 to 100, left out",
        1,
    );
    counts(
        &report,
        "notes",
        "identifiers without a scheme or an id, left out",
        2,
    );
    counts(
        &report,
        "notes",
        "jurisdictions that are neither ISO codes nor English names, left out",
        2,
    );
}

#[test]
fn ocds_counts_repeated_parties_awards_it_cannot_place_and_unknown_currencies() {
    let party = |id: &str, name: &str, role: &str| json!({"id": id, "name": name, "roles": [role]});
    let package = json!({"uri": "u", "releases": [
        {"ocid": "o-1", "date": "2020-01-01",
         "parties": [party("B", "Ministry", "buyer"), party("S", "Acme", "supplier")],
         "buyer": {"id": "B", "name": "Ministry"},
         "awards": [{"id": "a1", "suppliers": [{"id": "S"}], "value": {"amount": 5, "currency": "XYZ"}},
                    {"id": "a2", "suppliers": []},
                    {"suppliers": [{"id": "S"}]},
                    {"id": "a3", "suppliers": [{"id": "T", "name": "Named Only Here"}]}]},
        {"ocid": "o-2", "date": "2020-01-02",
         "parties": [party("B", "Ministry of Works", "buyer")],
         "awards": [{"id": "a1", "suppliers": [{"id": "S"}]}]}
    ]});
    let report = report("ocds.json", &package.to_string());
    counts(
        &report,
        "notes",
        "parties stated again under an id read before, the first statement kept",
        1,
    );
    counts(&report, "skipped", "awards with no supplier", 1);
    counts(&report, "skipped", "awards without an id", 1);
    counts(&report, "skipped", "awards with no buyer", 1);
    counts(
        &report,
        "notes",
        "award values without a known currency, left out",
        1,
    );
    // A supplier named only in its award is an entity, not a loss.
    assert_eq!(report["entities"], 3, "{report:#}");
}

#[test]
fn gleif_counts_repeated_records_unknown_types_and_entities_known_only_by_lei() {
    let lei = |lei: &str, name: &str| {
        json!({"type": "lei-records", "id": lei, "attributes": {"lei": lei,
               "entity": {"legalName": {"name": name}}}})
    };
    let relationship = |kind: &str| {
        json!({"type": "relationship-records", "attributes": {"relationship": {
            "startNode": {"id": "CHILD0000000000000001", "type": "LEI"},
            "endNode": {"id": "PARENT000000000000001", "type": "LEI"},
            "type": kind, "status": "ACTIVE"}}})
    };
    let document = json!({"data": [
        lei("CHILD0000000000000001", "Child Ltd"),
        lei("CHILD0000000000000001", "Child Ltd"),
        {"type": "isin-records", "id": "x"},
        relationship("IS_DIRECTLY_CONSOLIDATED_BY"),
        relationship("IS_BEST_FRIENDS_WITH"),
    ]});
    let report = report("gleif.json", &document.to_string());
    counts(
        &report,
        "notes",
        "lei-records stated twice in the file, read once",
        1,
    );
    counts(&report, "skipped", "records of type isin-records", 1);
    counts(
        &report,
        "skipped",
        "relationships of type IS_BEST_FRIENDS_WITH",
        1,
    );
    counts(
        &report,
        "notes",
        "entities known only by their lei (load their records to name them)",
        1,
    );
}
