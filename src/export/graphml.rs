//! GraphML: nodes and edges with their attributes as typed GraphML keys (`string`, `double`,
//! `boolean`), which Gephi, Cytoscape and yEd read as columns. Node ids are entity ids; the
//! node `label` is the name and the edge `label` the relation read forward ("invests in").

use std::io::Write;

use super::number;
use crate::error::Error;
use crate::graph::Graph;
use crate::model::{Entity, Relation};
use crate::render;
use crate::subgraph::Subgraph;

/// A GraphML attribute: its id, what it belongs to, its name and type.
struct Key {
    id: &'static str,
    domain: &'static str,
    name: &'static str,
    kind: &'static str,
}

const fn key(
    id: &'static str,
    domain: &'static str,
    name: &'static str,
    kind: &'static str,
) -> Key {
    Key {
        id,
        domain,
        name,
        kind,
    }
}

/// Every attribute written, nodes first; `highlighted` only when a path is marked.
const KEYS: &[Key] = &[
    key("n_label", "node", "label", "string"),
    key("n_kind", "node", "kind", "string"),
    key("n_country", "node", "country", "string"),
    key("n_aliases", "node", "aliases", "string"),
    key("n_description", "node", "description", "string"),
    key("n_founded", "node", "founded", "string"),
    key("n_state_owned", "node", "state_owned", "boolean"),
    key("n_identifiers", "node", "identifiers", "string"),
    key("n_designations", "node", "designations", "string"),
    key("n_sources", "node", "sources", "string"),
    key("n_highlighted", "node", "highlighted", "boolean"),
    key("e_label", "edge", "label", "string"),
    key("e_type", "edge", "relation_type", "string"),
    key("e_status", "edge", "status", "string"),
    key("e_amount", "edge", "amount", "double"),
    key("e_currency", "edge", "currency", "string"),
    key("e_qualifier", "edge", "amount_qualifier", "string"),
    key("e_date", "edge", "date", "string"),
    key("e_start", "edge", "start", "string"),
    key("e_end", "edge", "end", "string"),
    key("e_round", "edge", "round", "string"),
    key("e_round_size", "edge", "round_size", "double"),
    key("e_round_currency", "edge", "round_currency", "string"),
    key("e_stake_pct", "edge", "stake_pct", "double"),
    key("e_stake_pct_low", "edge", "stake_pct_low", "double"),
    key("e_stake_pct_high", "edge", "stake_pct_high", "double"),
    key("e_role", "edge", "role", "string"),
    key("e_note", "edge", "note", "string"),
    key("e_ftm_schema", "edge", "ftm_schema", "string"),
    key("e_sources", "edge", "sources", "string"),
    key("e_highlighted", "edge", "highlighted", "boolean"),
];

/// `text` escaped for XML text and attribute values: the five special characters, line
/// breaks and tabs as character references (so attribute values keep them), and the characters
/// XML 1.0 cannot carry at all replaced by U+FFFD.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            '\u{0}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// The data of one element: (key id, value) pairs, empty values left out.
type Data = Vec<(&'static str, String)>;

fn entity_data(graph: &Graph, e: &Entity) -> Data {
    let details = e.details();
    let mut data: Data = vec![("n_label", e.name.clone()), ("n_kind", e.kind.to_string())];
    data.extend(details.country.clone().map(|c| ("n_country", c)));
    if !details.aliases.is_empty() {
        data.push(("n_aliases", details.aliases.join("; ")));
    }
    data.extend(details.description.clone().map(|d| ("n_description", d)));
    data.extend(
        details
            .founded
            .as_ref()
            .map(|f| ("n_founded", f.to_string())),
    );
    data.push(("n_state_owned", details.state_owned.to_string()));
    if !details.identifiers.is_empty() {
        let ids: Vec<String> = details
            .identifiers
            .iter()
            .map(|(k, v)| format!("{k}: {v}"))
            .collect();
        data.push(("n_identifiers", ids.join("; ")));
    }
    if !details.designations.is_empty() {
        let listings: Vec<String> = details.designations.iter().map(|d| d.summary()).collect();
        data.push(("n_designations", listings.join("\n")));
    }
    let sources = render::source_refs(graph, &details.sources);
    if !sources.is_empty() {
        data.push(("n_sources", sources.join("\n")));
    }
    data
}

fn relation_data(graph: &Graph, r: &Relation) -> Data {
    let mut data: Data = vec![
        ("e_label", r.kind.phrase(true).to_string()),
        ("e_type", r.kind.to_string()),
        ("e_status", r.status.to_string()),
    ];
    if let Some(a) = &r.details().amount {
        data.push(("e_amount", number(a.value)));
        data.push(("e_currency", a.currency.clone()));
        data.push(("e_qualifier", a.qualifier.to_string()));
    }
    data.extend(r.date.as_ref().map(|d| ("e_date", d.to_string())));
    data.extend(r.start.as_ref().map(|d| ("e_start", d.to_string())));
    data.extend(r.end.as_ref().map(|d| ("e_end", d.to_string())));
    data.extend(r.details().round.clone().map(|v| ("e_round", v)));
    if let Some(a) = &r.details().round_size {
        data.push(("e_round_size", number(a.value)));
        data.push(("e_round_currency", a.currency.clone()));
    }
    data.extend(r.details().stake_pct.map(|p| ("e_stake_pct", number(p))));
    if let Some((low, high)) = r.details().stake_range {
        data.push(("e_stake_pct_low", number(low)));
        data.push(("e_stake_pct_high", number(high)));
    }
    data.extend(r.details().role.clone().map(|v| ("e_role", v)));
    data.extend(r.details().note.clone().map(|v| ("e_note", v)));
    data.extend(r.details().ftm_schema.clone().map(|v| ("e_ftm_schema", v)));
    let sources = render::source_refs(graph, &r.sources);
    if !sources.is_empty() {
        data.push(("e_sources", sources.join("\n")));
    }
    data
}

fn write_data(out: &mut dyn Write, data: &Data) -> std::io::Result<()> {
    for (key, value) in data {
        writeln!(out, "      <data key=\"{key}\">{}</data>", escape(value))?;
    }
    Ok(())
}

/// Writes the selection as GraphML, entities by id and relations by their ends and type; with
/// `highlight`, every node and edge says whether it lies on the marked path.
pub fn write(
    graph: &Graph,
    selection: &Subgraph,
    highlight: Option<&Subgraph>,
    out: &mut dyn Write,
) -> Result<(), Error> {
    writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
    writeln!(
        out,
        "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns \
         http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">"
    )?;
    for k in KEYS {
        if k.name == "highlighted" && highlight.is_none() {
            continue;
        }
        writeln!(
            out,
            "  <key id=\"{}\" for=\"{}\" attr.name=\"{}\" attr.type=\"{}\"/>",
            k.id, k.domain, k.name, k.kind
        )?;
    }
    writeln!(out, "  <graph id=\"dealgraph\" edgedefault=\"directed\">")?;

    let entities = selection.entities_by_id(graph);
    for (ix, e) in entities {
        writeln!(out, "    <node id=\"{}\">", escape(&e.id))?;
        let mut data = entity_data(graph, e);
        if let Some(path) = highlight {
            data.push(("n_highlighted", path.entities.contains(&ix).to_string()));
        }
        write_data(out, &data)?;
        writeln!(out, "    </node>")?;
    }

    let relations = selection.relations_in_order(graph);
    for (n, (ix, from, to, r)) in relations.into_iter().enumerate() {
        writeln!(
            out,
            "    <edge id=\"e{}\" source=\"{}\" target=\"{}\">",
            n + 1,
            escape(&from.id),
            escape(&to.id)
        )?;
        let mut data = relation_data(graph, r);
        if let Some(path) = highlight {
            data.push(("e_highlighted", path.relations.contains(&ix).to_string()));
        }
        write_data(out, &data)?;
        writeln!(out, "    </edge>")?;
    }
    writeln!(out, "  </graph>")?;
    writeln!(out, "</graphml>")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_keeps_text_and_makes_it_safe_xml() {
        assert_eq!(escape("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&apos;");
        assert_eq!(escape("one\ntwo"), "one&#10;two");
        assert_eq!(escape("bell\u{7}"), "bell\u{FFFD}");
        assert_eq!(escape("مرحبا 商汤"), "مرحبا 商汤");
    }

    #[test]
    fn the_bundled_graph_parses_with_its_ids_kinds_and_types() {
        let (graph, _) = crate::load::load(&[crate::load::Input::Bundled]).unwrap();
        let mut text = Vec::new();
        write(&graph, &Subgraph::whole(&graph), None, &mut text).unwrap();
        let text = String::from_utf8(text).unwrap();
        let doc = roxmltree::Document::parse(&text).unwrap();
        let nodes = doc.descendants().filter(|n| n.has_tag_name("node")).count();
        let edges = doc.descendants().filter(|n| n.has_tag_name("edge")).count();
        assert_eq!(
            (nodes, edges),
            (graph.entity_count(), graph.relation_count())
        );
    }
}
