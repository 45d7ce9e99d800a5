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
    let dataset: Value = serde_json::from_str(&common::export_of(&path, "json")).unwrap();
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

/// The load report of a file on disk, as `validate --json` gives it.
fn report_of(path: &std::path::Path) -> Value {
    let output = dealgraph()
        .args(["--no-default-data", "--json", "validate"])
        .arg(path)
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(doc["ok"], true, "{doc}");
    doc["loaded"]["files"][0].clone()
}

#[test]
fn each_real_file_says_which_of_its_fields_were_not_imported() {
    let shared = require_shared!();
    let real = shared.join("data/real");
    let expected: &[(&str, &[(&str, u64)])] = &[
        (
            "bods_0.4_fi_soe_gasgrid.json",
            &[(
                "BODS statement fields not imported: declarationSubject (9)",
                9,
            )],
        ),
        (
            "ocds_1.1_mx_record_package.json",
            &[
                (
                    "OCDS package fields not imported: extensions (1), version (1)",
                    2,
                ),
                (
                    "OCDS release fields not imported: id (2), initiationType (2), language (2), tag (2), tender.enquiryPeriod (2), tender.hasEnquiries (2), tender.id (2), tender.tenderPeriod (2)",
                    16,
                ),
                (
                    "releases of records read through their record's compiled release",
                    2,
                ),
                ("tender values without a known currency, left out", 2),
            ],
        ),
        (
            "gleif_api_l1_microsoft_parent.json",
            &[(
                "GLEIF lei-record fields not imported: attributes.conformityFlag (1), attributes.entity.headquartersAddress.language (1), attributes.entity.legalAddress.language (1), attributes.entity.legalName.language (1), attributes.registration.managingLou (1), attributes.registration.nextRenewalDate (1), links (1), relationships (1)",
                8,
            )],
        ),
        (
            "gleif_api_l1_microsoft_direct_children.json",
            &[
                ("GLEIF document fields not imported: links (1)", 1),
                (
                    "GLEIF lei-record fields not imported: attributes.conformityFlag (12), attributes.entity.eventGroups (4), attributes.entity.headquartersAddress.language (12), attributes.entity.legalAddress.language (12), attributes.entity.legalName.language (12), attributes.entity.otherAddresses.fieldType (2), attributes.entity.otherAddresses.language (2), attributes.entity.otherNames.language (1), attributes.entity.otherNames.type (1), attributes.registration.managingLou (12), attributes.registration.nextRenewalDate (12), links (12), relationships (12)",
                    106,
                ),
            ],
        ),
        (
            "gleif_api_l2_microsoft_direct_child_relationships.json",
            &[
                ("GLEIF document fields not imported: links (1)", 1),
                (
                    "GLEIF relationship-record fields not imported: attributes.registration.initialRegistrationDate (12), attributes.registration.lastUpdateDate (12), attributes.registration.managingLou (12), attributes.registration.nextRenewalDate (12), attributes.validFrom (12), relationships (12)",
                    72,
                ),
                (
                    "entities known only by their lei (load their records to name them)",
                    13,
                ),
            ],
        ),
        (
            "ftm_de_party_donations.ijson",
            &[
                ("Address records kept as attributes of entities", 89),
                ("Payment.namesMentioned values not imported", 290),
            ],
        ),
    ];
    for (name, notes) in expected {
        let report = report_of(&real.join(name));
        let notes: serde_json::Map<String, Value> = notes
            .iter()
            .map(|(k, n)| (k.to_string(), json!(n)))
            .collect();
        assert_eq!(report["notes"], Value::Object(notes), "{name}");
        assert_eq!(report.get("skipped"), None, "{name}: {report:#}");
    }
}

#[test]
fn ocds_fields_not_read_are_counted_by_path_and_fields_that_hold_nothing_are_not() {
    let package = json!({"uri": "u", "version": "1.1", "releases": [
        {"ocid": "o-1", "date": "2020-01-01", "language": null, "tag": [], "planning": {"budget": {"amount": 5}},
         "parties": [{"id": "B", "name": "Ministry", "roles": ["buyer"], "details": {"scale": "large"}},
                     {"id": "S", "name": "Acme", "roles": ["supplier"], "details": {}}],
         "buyer": {"id": "B"},
         "tender": {"title": "Chairs", "description": "Many chairs", "items": [{"id": "1"}],
                    "awardPeriod": {}, "submissionMethod": [null]},
         "awards": [{"id": "a1", "suppliers": [{"id": "S"}], "items": [{"id": "1"}], "documents": []},
                    {"id": "a2", "suppliers": [{"id": "S"}], "items": [{"id": "2"}]}],
         "contracts": [{"awardID": "a1", "title": "Chairs contract", "implementation": {"transactions": [{"id": "t"}]}},
                       {"awardID": "a9", "title": "Tables"},
                       {"title": "No award"}]}
    ]});
    let report = report("ocds.json", &package.to_string());
    counts(
        &report,
        "notes",
        "OCDS release fields not imported: awards.items (2), contracts.implementation (1), parties.details (1), planning (1), tender.items (1)",
        6,
    );
    counts(
        &report,
        "notes",
        "OCDS package fields not imported: version (1)",
        1,
    );
    counts(&report, "skipped", "contracts without an awardID", 1);
    counts(
        &report,
        "skipped",
        "contracts naming an award that is in no release",
        1,
    );
}

#[test]
fn bods_fields_not_read_are_counted_and_what_is_mapped_is_not() {
    let statements = json!([
        {"statementId": "s1", "statementDate": "2021-05-01", "recordId": "e1", "recordType": "entity",
         "annotations": [{"motivation": "commenting", "description": "checked"}],
         "source": {"type": ["officialRegister"], "description": "Companies House"},
         "recordDetails": {"entityType": {"type": "registeredEntity"}, "name": "Acme Ltd",
                           "addresses": [{"type": "registered", "address": "1 Main St", "country": {"code": "GB"}}],
                           "publicListing": {"hasPublicListing": true}}},
        {"statementId": "s2", "statementDate": "2021-05-01", "recordId": "p1", "recordType": "person",
         "recordDetails": {"personType": "knownPerson",
                           "names": [{"type": "individual", "givenName": "Ivan", "patronymicName": "Petrovich", "familyName": "Sidorov"}],
                           "nationalities": [{"code": "RU"}, {"code": "CY"}],
                           "politicalExposure": {"status": "isPep", "details": [{"reason": "deputy minister", "jurisdiction": {"code": "RU"}}]},
                           "taxResidencies": [{"code": "CY"}], "hobby": "sailing"}},
        {"statementId": "s3", "statementDate": "2021-05-01", "recordId": "r1", "recordType": "relationship",
         "recordDetails": {"subject": "e1", "interestedParty": "p1",
                           "interests": [{"type": "shareholding", "share": {"minimum": 25, "exclusiveMaximum": 50}, "details": "through a trust", "startDate": "2019"}]}}
    ]);
    let report = report("bods.json", &statements.to_string());
    counts(
        &report,
        "notes",
        "BODS statement fields not imported: annotations (1), recordDetails.hobby (1), recordDetails.publicListing (1)",
        3,
    );
    let (_dir, path) = temp_file("bods.json", &statements.to_string());
    let dataset: Value = serde_json::from_str(&common::stdout_of(&[
        "--no-default-data",
        "--data",
        path.to_str().unwrap(),
        "export",
        "json",
    ]))
    .unwrap();
    let ivan = &dataset["entities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == "Ivan Petrovich Sidorov")
        .expect("the person, named from the parts of the name");
    assert_eq!(
        ivan["attributes"]["political_exposure"],
        json!(["isPep: deputy minister (RU)"])
    );
    assert_eq!(ivan["attributes"]["nationality"], json!(["RU", "CY"]));
    assert_eq!(ivan["attributes"]["tax_residency"], json!(["CY"]));
    let acme = &dataset["entities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == "Acme Ltd")
        .unwrap();
    assert_eq!(
        acme["attributes"]["address"],
        json!(["registered: 1 Main St, GB"])
    );
    assert_eq!(
        acme["attributes"]["statement_source"],
        json!(["officialRegister, Companies House"])
    );
    assert_eq!(
        dataset["relations"][0]["note"],
        "shareholding between 25% and 50%; shareholding: through a trust; stated 2021-05-01"
    );
}

#[test]
fn gleif_a_page_of_a_larger_result_is_noted_and_unknown_fields_are_counted() {
    let document = json!({
        "meta": {"goldenCopy": {"publishDate": "2025-05-15T00:00:00Z"},
                 "pagination": {"currentPage": 1, "perPage": 200, "from": 1, "to": 200, "total": 450, "lastPage": 3}},
        "data": [{"type": "lei-records", "id": "CHILD0000000000000001", "attributes": {
            "lei": "CHILD0000000000000001",
            "entity": {"legalName": {"name": "Child Ltd"}, "newField": "new", "status": "ACTIVE",
                       "successorEntity": {"lei": null, "name": null}},
            "registration": {"status": "LAPSED", "managingLou": "LOU"}}}]
    });
    let report = report("gleif.json", &document.to_string());
    counts(
        &report,
        "notes",
        "page 1 of 3 of a GLEIF API result (450 records, 200 a page): load the other pages too",
        1,
    );
    counts(
        &report,
        "notes",
        "GLEIF lei-record fields not imported: attributes.entity.newField (1), attributes.registration.managingLou (1)",
        2,
    );
}

#[test]
fn ftm_an_edge_with_many_ends_makes_every_pair_and_says_so() {
    let mut records: Vec<Value> = Vec::new();
    for i in 0..11 {
        records.push(json!({"id": format!("p{i}"), "schema": "Person", "properties": {"name": [format!("Payer {i}")]}}));
    }
    for i in 0..10 {
        records.push(json!({"id": format!("o{i}"), "schema": "Organization", "properties": {"name": [format!("Party {i}")]}}));
    }
    let payers: Vec<String> = (0..11).map(|i| format!("p{i}")).collect();
    let parties: Vec<String> = (0..10).map(|i| format!("o{i}")).collect();
    // 11 × 10 = 110 relations: more than 100; 10 × 10 = 100 is not.
    records.push(json!({"id": "many", "schema": "Payment", "properties": {"payer": payers, "beneficiary": parties}}));
    records.push(json!({"id": "some", "schema": "Payment", "properties": {"payer": &payers[..10], "beneficiary": parties}, "last_change": null}));
    let report = report("many.ijson", &lines(&records));
    assert_eq!(report["relations"], 210, "{report:#}");
    assert_eq!(
        report["notes"],
        json!({"Payment records with many ends, each made into a relation for every pair of its payer and beneficiary (over 100 relations a record: 110 in all, 110 from the largest)": 1}),
        "a field that holds nothing is not counted either"
    );
}

#[test]
fn a_one_shot_command_says_what_data_loaded_in_one_line_all_with_v_nothing_with_q() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("one.json");
    std::fs::write(
        &file,
        r#"{"sources":[{"id":"s","title":"T"}],"entities":[{"id":"a","name":"A","kind":"company","sources":[{"source":"s"}]}],"relations":[]}"#,
    )
    .unwrap();
    let file = file.to_str().unwrap();
    let stderr = |flags: &[&str]| {
        let mut args = vec!["--data", file, "stats"];
        args.extend(flags);
        let output = common::dealgraph().args(&args).output().unwrap();
        assert!(output.status.success());
        String::from_utf8(output.stderr).unwrap()
    };
    assert_eq!(stderr(&[]), "loaded 1 file: 1 entity, 0 relations\n");
    assert!(stderr(&["-v"]).starts_with(&format!("{file}: 1 entity, 0 relations, 1 source")));
    assert_eq!(stderr(&["-q"]), "");
}
