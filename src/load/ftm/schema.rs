//! The FollowTheMoney 3.8.4 schema hierarchy, as much of it as importing needs: every schema
//! with its parents, and for the schemata that are edges the properties (and their ranges)
//! that hold the two ends; then the properties whose values become an entity's fields or a
//! relation's dates, amount, stake, role and note. The binary cannot read the YAML files of
//! FollowTheMoney at run time, so the facts live here; a test checks them against the YAML.

use crate::model::RelationType;

/// A schema: its name, the schemata it extends, and its edge when it is one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Schema {
    /// The schema's name, e.g. "Ownership".
    pub name: &'static str,
    /// The schemata it extends directly.
    pub extends: &'static [&'static str],
    /// Its edge, when it is an edge schema.
    pub edge: Option<Edge>,
}

/// The two ends of an edge schema: the property that holds each and the schema it must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Edge {
    /// The property that holds the edge's source.
    pub source: &'static str,
    /// The schema the source must be.
    pub source_range: &'static str,
    /// The property that holds the edge's target.
    pub target: &'static str,
    /// The schema the target must be.
    pub target_range: &'static str,
    /// Whether the edge runs from source to target, rather than reading both ways.
    pub directed: bool,
}

const fn schema(name: &'static str, extends: &'static [&'static str]) -> Schema {
    Schema {
        name,
        extends,
        edge: None,
    }
}

impl Schema {
    const fn edge(
        self,
        (source, source_range): (&'static str, &'static str),
        (target, target_range): (&'static str, &'static str),
        directed: bool,
    ) -> Schema {
        Schema {
            edge: Some(Edge {
                source,
                source_range,
                target,
                target_range,
                directed,
            }),
            ..self
        }
    }
}

/// Every schema of FollowTheMoney 3.8.4, sorted by name.
pub const SCHEMATA: &[Schema] = &[
    schema("Address", &["Thing"]),
    schema("Airplane", &["Vehicle"]),
    schema("Analyzable", &[]),
    schema("Article", &["Document"]),
    schema("Assessment", &["Thing"]),
    schema("Asset", &["Thing", "Value"]),
    schema("Associate", &["Interval"]).edge(("person", "Person"), ("associate", "Person"), false),
    schema("Audio", &["Document"]),
    schema("BankAccount", &["Asset"]),
    schema("Call", &["Interval"]),
    schema("CallForTenders", &["Thing", "Interval"]),
    schema("Company", &["Organization", "Asset"]),
    schema("Contract", &["Asset"]),
    schema("ContractAward", &["Value", "Interest"]).edge(
        ("contract", "Contract"),
        ("supplier", "LegalEntity"),
        true,
    ),
    schema("CourtCase", &["Thing"]),
    schema("CourtCaseParty", &["Interest"]).edge(("party", "Thing"), ("case", "CourtCase"), true),
    schema("CryptoWallet", &["Thing", "Value"]),
    schema("Debt", &["Interval", "Value"]).edge(
        ("debtor", "LegalEntity"),
        ("creditor", "LegalEntity"),
        true,
    ),
    schema("Directorship", &["Interest"]).edge(
        ("director", "LegalEntity"),
        ("organization", "Organization"),
        true,
    ),
    schema("Document", &["Thing", "Analyzable"]),
    schema("Documentation", &["Interest"]).edge(
        ("document", "Document"),
        ("entity", "Thing"),
        false,
    ),
    schema("EconomicActivity", &["Interval"]),
    schema("Email", &["Folder", "PlainText", "HyperText"]),
    schema("Employment", &["Interest"]).edge(
        ("employee", "Person"),
        ("employer", "Organization"),
        true,
    ),
    schema("Event", &["Interval", "Analyzable", "Thing"]),
    schema("Family", &["Interval"]).edge(("person", "Person"), ("relative", "Person"), false),
    schema("Folder", &["Document"]),
    schema("HyperText", &["Document"]),
    schema("Identification", &["Interval"]),
    schema("Image", &["Document"]),
    schema("Interest", &["Interval"]),
    schema("Interval", &[]),
    schema("LegalEntity", &["Thing"]),
    schema("License", &["Contract"]),
    schema("Membership", &["Interest"]).edge(
        ("member", "LegalEntity"),
        ("organization", "Organization"),
        true,
    ),
    schema("Mention", &[]),
    schema("Message", &["Interval", "Folder", "PlainText", "HyperText"]),
    schema("Note", &["Thing", "Analyzable"]),
    schema("Occupancy", &["Interval"]).edge(("holder", "Person"), ("post", "Position"), true),
    schema("Organization", &["LegalEntity"]),
    schema("Ownership", &["Interest"]).edge(("owner", "LegalEntity"), ("asset", "Asset"), true),
    schema("Package", &["Folder"]),
    schema("Page", &[]),
    schema("Pages", &["Document"]),
    schema("Passport", &["Identification"]),
    schema("Payment", &["Interval", "Value"]).edge(
        ("payer", "LegalEntity"),
        ("beneficiary", "LegalEntity"),
        true,
    ),
    schema("Person", &["LegalEntity"]),
    schema("PlainText", &["Document"]),
    schema("Position", &["Thing"]),
    schema("Post", &["Interest"]),
    schema("Project", &["Interval", "Thing", "Value"]),
    schema("ProjectParticipant", &["Interest"]).edge(
        ("participant", "LegalEntity"),
        ("project", "Project"),
        true,
    ),
    schema("PublicBody", &["Organization"]),
    schema("RealEstate", &["Asset"]),
    schema("Representation", &["Interest"]).edge(
        ("agent", "LegalEntity"),
        ("client", "LegalEntity"),
        true,
    ),
    schema("Sanction", &["Interval"]),
    schema("Security", &["Asset"]),
    schema("Similar", &[]),
    schema("Succession", &["Interest"]).edge(
        ("predecessor", "LegalEntity"),
        ("successor", "LegalEntity"),
        true,
    ),
    schema("Table", &["Document"]),
    schema("TaxRoll", &["Interval"]),
    schema("Thing", &[]),
    schema("Trip", &["Event"]),
    schema("UnknownLink", &["Interest"]).edge(("subject", "Thing"), ("object", "Thing"), false),
    schema("UserAccount", &["Thing"]),
    schema("Value", &[]),
    schema("Vehicle", &["Asset"]),
    schema("Vessel", &["Vehicle"]),
    schema("Video", &["Document"]),
    schema("Workbook", &["Folder"]),
];

/// A schema by name.
pub fn get(name: &str) -> Option<&'static Schema> {
    SCHEMATA
        .binary_search_by(|s| s.name.cmp(name))
        .ok()
        .map(|i| &SCHEMATA[i])
}

/// Whether `name` is `ancestor` or descends from it.
pub fn is_a(name: &str, ancestor: &str) -> bool {
    if name == ancestor {
        return true;
    }
    get(name).is_some_and(|s| s.extends.iter().any(|parent| is_a(parent, ancestor)))
}

/// The schema itself and its ancestors, nearest first (each once).
pub fn lineage(name: &str) -> Vec<&'static Schema> {
    let mut seen: Vec<&'static Schema> = Vec::new();
    let mut queue: Vec<&str> = vec![name];
    while let Some(next) = queue.first().copied() {
        queue.remove(0);
        if let Some(schema) = get(next)
            && !seen.iter().any(|s| s.name == schema.name)
        {
            seen.push(schema);
            queue.extend(schema.extends.iter().copied());
        }
    }
    seen
}

/// The edge of a schema, its own or its nearest ancestor's.
pub fn edge(name: &str) -> Option<(&'static str, Edge)> {
    lineage(name)
        .into_iter()
        .find_map(|s| s.edge.map(|edge| (s.name, edge)))
}

/// How an edge schema becomes a relation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RelationMap {
    /// The edge schema.
    pub schema: &'static str,
    /// The relation type it becomes.
    pub kind: RelationType,
    /// The relation runs from the edge's target to its source (FtM's Employment runs from
    /// employee to employer; `employs` from employer to employee).
    pub reversed: bool,
    /// The edge's ends become entities even when they are not legal entities (the posts of
    /// `occupies`, the projects of `participates_in`, the cases of `party_to`).
    pub things_are_entities: bool,
}

const fn map(schema: &'static str, kind: RelationType) -> RelationMap {
    RelationMap {
        schema,
        kind,
        reversed: false,
        things_are_entities: false,
    }
}

/// The relation type of each edge schema; a descendant takes its nearest ancestor's, and an
/// edge schema with none becomes `linked_to`.
pub const RELATION_TYPES: &[RelationMap] = &[
    map("Associate", RelationType::AssociateOf),
    map("ContractAward", RelationType::ContractsWith),
    RelationMap {
        things_are_entities: true,
        ..map("CourtCaseParty", RelationType::PartyTo)
    },
    map("Debt", RelationType::Owes),
    map("Directorship", RelationType::Directs),
    RelationMap {
        reversed: true,
        ..map("Employment", RelationType::Employs)
    },
    map("Family", RelationType::FamilyOf),
    map("Membership", RelationType::MemberOf),
    RelationMap {
        things_are_entities: true,
        ..map("Occupancy", RelationType::Occupies)
    },
    map("Ownership", RelationType::Owns),
    map("Payment", RelationType::Pays),
    RelationMap {
        things_are_entities: true,
        ..map("ProjectParticipant", RelationType::ParticipatesIn)
    },
    map("Representation", RelationType::Represents),
    map("Succession", RelationType::SucceededBy),
    map("UnknownLink", RelationType::LinkedTo),
];

/// The relation an edge schema becomes, by its own or its nearest ancestor's mapping.
pub fn relation_map(name: &str) -> Option<&'static RelationMap> {
    lineage(name)
        .into_iter()
        .find_map(|s| RELATION_TYPES.iter().find(|m| m.schema == s.name))
}

/// What a property of an edge gives its relation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RelationField {
    /// The relation's date.
    Date,
    /// When the relation began.
    Start,
    /// When the relation ended.
    End,
    /// The amount, in the currency that `Currency` names.
    Amount,
    /// The currency of `Amount`.
    Currency,
    /// The amount in euros, used when `Amount` and `Currency` give none.
    AmountEur,
    /// The amount in US dollars, used when neither of the above gives one.
    AmountUsd,
    /// The stake, as a percentage.
    Percentage,
    /// The relation's role; several become one, separated by "; ".
    Role,
    /// The status, when it is one of dealgraph's (as dealgraph's own FtM export writes it);
    /// else a note.
    Status,
    /// A note; several become one, separated by "; ".
    Note,
}

/// The properties that give a relation its fields: (schema that declares it, property, field).
pub const RELATION_PROPERTIES: &[(&str, &str, RelationField)] = &[
    ("Associate", "relationship", RelationField::Role),
    ("ContractAward", "decisionReason", RelationField::Note),
    ("Family", "relationship", RelationField::Role),
    ("Interest", "role", RelationField::Role),
    ("Interest", "status", RelationField::Status),
    ("Interval", "date", RelationField::Date),
    ("Interval", "description", RelationField::Note),
    ("Interval", "endDate", RelationField::End),
    ("Interval", "startDate", RelationField::Start),
    ("Interval", "summary", RelationField::Note),
    ("Ownership", "ownershipType", RelationField::Role),
    ("Ownership", "percentage", RelationField::Percentage),
    ("Ownership", "sharesCurrency", RelationField::Currency),
    ("Ownership", "sharesValue", RelationField::Amount),
    ("Payment", "programme", RelationField::Note),
    ("Payment", "purpose", RelationField::Note),
    ("Value", "amount", RelationField::Amount),
    ("Value", "amountEur", RelationField::AmountEur),
    ("Value", "amountUsd", RelationField::AmountUsd),
    ("Value", "currency", RelationField::Currency),
];

/// What a property of a legal entity gives the entity; other properties are kept as
/// attributes under their own names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntityField {
    /// A name: the first names the entity, the others become its aliases.
    Name,
    /// An alias.
    Alias,
    /// The country.
    Country,
    /// The founding date.
    Founded,
    /// The description.
    Description,
    /// An identifier under this scheme.
    Identifier(&'static str),
}

/// The properties that give an entity its fields: (schema that declares it, property, field).
pub const ENTITY_PROPERTIES: &[(&str, &str, EntityField)] = &[
    ("LegalEntity", "bvdId", EntityField::Identifier("bvd")),
    ("LegalEntity", "dunsCode", EntityField::Identifier("duns")),
    ("LegalEntity", "incorporationDate", EntityField::Founded),
    ("LegalEntity", "innCode", EntityField::Identifier("inn")),
    ("LegalEntity", "jurisdiction", EntityField::Country),
    ("LegalEntity", "leiCode", EntityField::Identifier("lei")),
    ("LegalEntity", "mainCountry", EntityField::Country),
    ("LegalEntity", "ogrnCode", EntityField::Identifier("ogrn")),
    ("LegalEntity", "okpoCode", EntityField::Identifier("okpo")),
    (
        "LegalEntity",
        "registrationNumber",
        EntityField::Identifier("registration"),
    ),
    ("LegalEntity", "swiftBic", EntityField::Identifier("swift")),
    ("LegalEntity", "taxNumber", EntityField::Identifier("tax")),
    (
        "LegalEntity",
        "uniqueEntityId",
        EntityField::Identifier("uei"),
    ),
    ("LegalEntity", "vatCode", EntityField::Identifier("vat")),
    ("Person", "citizenship", EntityField::Country),
    ("Person", "nationality", EntityField::Country),
    ("Thing", "alias", EntityField::Alias),
    ("Thing", "country", EntityField::Country),
    ("Thing", "description", EntityField::Description),
    ("Thing", "name", EntityField::Name),
    ("Thing", "previousName", EntityField::Alias),
    ("Thing", "summary", EntityField::Description),
    ("Thing", "wikidataId", EntityField::Identifier("wikidata")),
];

/// The field a property gives an edge of `schema`, if any.
pub fn relation_field(schema: &str, property: &str) -> Option<RelationField> {
    RELATION_PROPERTIES
        .iter()
        .find(|(declared, name, _)| *name == property && is_a(schema, declared))
        .map(|(_, _, field)| *field)
}

/// The field a property gives an entity of `schema`, if any.
pub fn entity_field(schema: &str, property: &str) -> Option<EntityField> {
    ENTITY_PROPERTIES
        .iter()
        .find(|(declared, name, _)| *name == property && is_a(schema, declared))
        .map(|(_, _, field)| *field)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_sorted_for_binary_search() {
        assert!(SCHEMATA.windows(2).all(|w| w[0].name < w[1].name));
    }

    #[test]
    fn places_in_the_hierarchy_are_found_through_every_parent() {
        assert!(is_a("Company", "LegalEntity"));
        assert!(is_a("Company", "Asset"));
        assert!(is_a("PublicBody", "Organization"));
        assert!(!is_a("Address", "LegalEntity"));
        assert!(!is_a("NoSuchSchema", "Thing"));
        assert_eq!(edge("Payment").unwrap().1.source, "payer");
        assert_eq!(
            relation_map("Employment").unwrap().kind,
            RelationType::Employs
        );
        assert_eq!(
            relation_field("Payment", "amountEur"),
            Some(RelationField::AmountEur)
        );
        assert_eq!(
            relation_field("Ownership", "role"),
            Some(RelationField::Role)
        );
        assert_eq!(
            entity_field("Company", "leiCode"),
            Some(EntityField::Identifier("lei"))
        );
        assert_eq!(entity_field("Address", "leiCode"), None);
    }
}
