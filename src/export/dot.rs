//! Graphviz DOT: a drawing of a selection that Graphviz renders well without hand-editing.
//!
//! Entities are drawn by kind and relations by type and status, all chosen in one style table
//! ([`kind_style`], [`relation_color`], [`status_line`]); edges carry their amount, dates and
//! status; a legend shows only the kinds, types and statuses drawn; a title names the
//! selection, the filters and the sources. Node ids are entity ids, every label and attribute
//! passes [`quote`], and everything is sorted, so the same graph gives the same bytes.

use std::collections::{BTreeMap, BTreeSet};

use crate::graph::{EntityIx, Graph, RelationIx};
use crate::model::{Entity, EntityKind, Relation, RelationType, Status};
use crate::render;
use crate::subgraph::Subgraph;

/// How to group entities into boxes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cluster {
    /// One box per country; entities without a country stay outside
    Country,
}

impl Cluster {
    /// Every way to group, in the order the grammar lists them.
    pub const ALL: [Cluster; 1] = [Cluster::Country];

    /// The grouping's word in the grammar (`--cluster country`).
    pub fn as_str(self) -> &'static str {
        match self {
            Cluster::Country => "country",
        }
    }

    /// What the grouping does, for help.
    pub fn help(self) -> &'static str {
        match self {
            Cluster::Country => "One box per country; entities without a country stay outside",
        }
    }
}

/// What to draw besides the selection itself.
#[derive(Debug, Clone, Default)]
pub struct Drawing<'a> {
    /// The title's lines: what the selection is, the filters, the sources.
    pub title: Vec<String>,
    /// How to group entities into boxes, if at all.
    pub cluster: Option<Cluster>,
    /// A path to mark; everything else is drawn faded.
    pub highlight: Option<&'a Subgraph>,
    /// Leave the legend out.
    pub no_legend: bool,
}

/// Names longer than this are wrapped at spaces, so that nodes stay compact.
const WRAP: usize = 22;

/// Names longer than this are cut in labels (the tooltip keeps the whole name).
const LABEL_MAX: usize = 100;

/// Appended to a colour to fade what is not on a highlighted path.
const FADED: &str = "55";

/// The font of every text, with fallbacks.
const FONT: &str = "Helvetica,Arial,sans-serif";

// ---------------------------------------------------------------------------------------------
// The style table: every colour, shape and line style of a drawing is chosen here.

/// The look of an entity kind: shape, fill, outline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KindStyle {
    /// The node's shape (`box`, `ellipse`, ...).
    pub shape: &'static str,
    /// The node's style (`filled`, `rounded,filled`, ...).
    pub style: &'static str,
    /// The fill colour.
    pub fill: &'static str,
    /// The outline colour.
    pub line: &'static str,
}

/// How each kind of entity is drawn.
pub fn kind_style(kind: EntityKind) -> KindStyle {
    let (shape, style, fill, line) = match kind {
        EntityKind::Company => ("box", "rounded,filled", "#DCEAF7", "#1F5F99"),
        EntityKind::Fund => ("box3d", "filled", "#E8DDF4", "#5E3C99"),
        EntityKind::Government => ("house", "filled", "#FBDDD3", "#B2401F"),
        EntityKind::Organization => ("octagon", "filled", "#DDF0DA", "#2E7D32"),
        EntityKind::Person => ("ellipse", "filled", "#FFF0C2", "#946200"),
        EntityKind::Product => ("note", "filled", "#EEEEEE", "#555555"),
    };
    KindStyle {
        shape,
        style,
        fill,
        line,
    }
}

/// The colour of each relation type.
pub fn relation_color(kind: RelationType) -> &'static str {
    use RelationType::*;
    match kind {
        InvestsIn => "#1B7837",
        Owns => "#08306B",
        Controls => "#4A6FA5",
        ContractsWith => "#C51B1B",
        Supplies => "#E66101",
        Develops => "#555555",
        Uses => "#2A9D8F",
        Lobbies => "#7B3294",
        Opposes => "#8C510A",
        Regulates => "#B35806",
        Leads => "#2166AC",
        AffiliatedWith | LinkedTo => "#8C8C8C",
        Pays => "#4D9221",
        Owes => "#A6611A",
        Directs | Employs | Represents | Occupies => "#2166AC",
        MemberOf | ParticipatesIn | PartyTo => "#5E3C99",
        FamilyOf | AssociateOf => "#C2185B",
        SucceededBy => "#555555",
    }
}

/// Whether a relation type reads both ways, and is drawn without an arrowhead.
fn symmetric(kind: RelationType) -> bool {
    use RelationType::*;
    matches!(kind, AffiliatedWith | FamilyOf | AssociateOf | LinkedTo)
}

/// How a status changes a relation's line: its style, and a colour that replaces the type's.
pub fn status_line(status: Status) -> (&'static str, Option<&'static str>) {
    match status {
        Status::Confirmed => ("solid", None),
        Status::Reported => ("dashed", None),
        Status::Expected => ("dotted", None),
        Status::Ended => ("solid", Some("#A0A0A0")),
    }
}

// ---------------------------------------------------------------------------------------------

/// `text` as a DOT quoted string: the one escaping function for every id, label and attribute.
/// Quotes and backslashes are escaped, `&` is written `&amp;` (Graphviz reads entities in
/// labels), line breaks become `\n`, control characters other than tabs and the two
/// noncharacters U+FFFE and U+FFFF (which no XML file, so no SVG, may hold) become U+FFFD, and
/// everything else, braces, angle brackets, any script and direction, passes as UTF-8.
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '&' => out.push_str("&amp;"),
            '\n' => out.push_str("\\n"),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\r' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() || matches!(c, '\u{FFFE}' | '\u{FFFF}') => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Breaks `text` into lines of at most `width` characters at spaces; a longer word is cut.
pub fn wrap(text: &str, width: usize) -> String {
    let mut lines: Vec<String> = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        let mut len = 0;
        for word in paragraph.split(' ') {
            let chars: Vec<char> = word.chars().collect();
            for piece in chars.chunks(width.max(1)) {
                if len > 0 && len + 1 + piece.len() > width {
                    lines.push(std::mem::take(&mut line));
                    len = 0;
                }
                if len > 0 {
                    line.push(' ');
                    len += 1;
                }
                line.extend(piece);
                len += piece.len();
            }
        }
        lines.push(line);
    }
    lines.join("\n")
}

/// `text` cut to at most `max` characters, the last being "…" when it was cut.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// `key=value` pairs, each value quoted, for an attribute list. In a tooltip a backslash is
/// written as U+2216 (∖): Graphviz reads a tooltip's escapes twice, so it expands `\N`, `\G`,
/// `\L`, `\T`, `\H` and `\E` (into the node's name, the graph's, the label, ...) even when the
/// backslash is escaped, and a lookalike survives where an escape would depend on that.
fn attributes(pairs: &[(&str, String)]) -> String {
    let list: Vec<String> = pairs
        .iter()
        .map(|(key, value)| {
            if key.ends_with("tooltip") {
                format!("{key}={}", quote(&value.replace('\\', "\u{2216}")))
            } else {
                format!("{key}={}", quote(value))
            }
        })
        .collect();
    format!("[{}]", list.join(", "))
}

/// A colour, faded when `faded`.
fn tint(color: &str, faded: bool) -> String {
    if faded {
        format!("{color}{FADED}")
    } else {
        color.to_string()
    }
}

/// The sources cited by the selection's relations and entities, as a title line.
pub fn sources_line(graph: &Graph, selection: &Subgraph) -> Option<String> {
    let cited: BTreeSet<&str> = selection
        .entities
        .iter()
        .flat_map(|&ix| graph.entity(ix).sources.iter())
        .chain(
            selection
                .relations
                .iter()
                .flat_map(|&ix| graph.inner()[ix].sources.iter()),
        )
        .map(|s| s.source.as_str())
        .collect();
    let titles: Vec<String> = cited
        .iter()
        .map(|id| match graph.sources().get(*id) {
            Some(source) => match &source.publisher {
                Some(publisher) => format!("“{}”, {publisher}", source.title),
                None => format!("“{}”", source.title),
            },
            None => (*id).to_string(),
        })
        .collect();
    match titles.as_slice() {
        [] => None,
        [one] => Some(format!("Source: {one}")),
        few if few.len() <= 3 => Some(format!("Sources: {}", few.join("; "))),
        many => Some(format!("{} sources", many.len())),
    }
}

/// An edge's label: its amount, stake, dates and round, then its status unless confirmed.
fn edge_label(r: &Relation) -> String {
    let mut lines: Vec<String> = render::relation_details(r)
        .into_iter()
        .filter(|d| !d.starts_with("role: "))
        .collect();
    if r.status != Status::Confirmed {
        lines.push(r.status.to_string());
    }
    lines.join("\n")
}

/// How many relations an edge that folds several holds in its label: their count, their
/// amounts added up by currency, their years, and how many are not confirmed.
fn folded_label(relations: &[&Relation]) -> String {
    let mut lines = vec![format!("{} relations", relations.len())];
    let totals = render::totals(relations.iter().copied());
    if !totals.is_empty() {
        lines.push(render::totals_in_words(&totals));
    }
    lines.extend(render::years(relations.iter().copied()).map(render::span));
    let mut statuses: BTreeMap<Status, usize> = BTreeMap::new();
    for r in relations {
        *statuses.entry(r.status).or_insert(0) += 1;
    }
    for (status, n) in statuses {
        if status != Status::Confirmed {
            lines.push(format!("{n} {status}"));
        }
    }
    lines.join("\n")
}

/// The tooltip of an edge that folds several relations: one line each (at most 20).
fn folded_tooltip(from: &Entity, to: &Entity, relations: &[&Relation]) -> String {
    const SHOWN: usize = 20;
    let mut lines = vec![format!(
        "{} {} {}: {} relations",
        from.name,
        relations[0].kind.phrase(true),
        to.name,
        relations.len()
    )];
    for r in relations.iter().take(SHOWN) {
        let mut details = render::relation_details(r);
        details.insert(0, r.status.to_string());
        lines.push(details.join(", "));
    }
    if relations.len() > SHOWN {
        lines.push(format!("… {} more", relations.len() - SHOWN));
    }
    lines.join("\n")
}

/// A node's line: its id and attributes. `on_path` is whether it lies on the highlighted path,
/// when there is one.
fn node_line(e: &Entity, on_path: Option<bool>) -> String {
    let k = kind_style(e.kind);
    let faded = on_path == Some(false);
    let mut tooltip = format!("{} ({}", e.name, e.kind);
    if let Some(country) = &e.country {
        tooltip.push_str(&format!(", {country}"));
    }
    tooltip.push(')');
    let mut pairs = vec![
        ("label", wrap(&shorten(&e.name, LABEL_MAX), WRAP)),
        ("tooltip", tooltip),
        ("shape", k.shape.to_string()),
        ("style", k.style.to_string()),
        ("fillcolor", tint(k.fill, faded)),
        ("color", tint(k.line, faded)),
        ("fontcolor", tint("#111111", faded)),
    ];
    if on_path == Some(true) {
        pairs.push(("penwidth", "3".into()));
    }
    format!("{} {}", quote(&e.id), attributes(&pairs))
}

/// Writes the drawing of a selection as DOT.
pub fn write(
    graph: &Graph,
    selection: &Subgraph,
    drawing: &Drawing<'_>,
    out: &mut dyn std::io::Write,
) -> Result<(), crate::error::Error> {
    out.write_all(to_string(graph, selection, drawing).as_bytes())?;
    Ok(())
}

/// The drawing of a selection as DOT text.
pub fn to_string(graph: &Graph, selection: &Subgraph, drawing: &Drawing<'_>) -> String {
    let on_path = |ix: EntityIx| drawing.highlight.map(|h| h.entities.contains(&ix));
    let edge_on_path = |ix: RelationIx| drawing.highlight.map(|h| h.relations.contains(&ix));

    let entities = selection.entities_by_id(graph);

    let relations = selection.relations_in_order(graph);

    let mut text = String::new();
    let mut line = |indent: usize, s: &str| {
        text.push_str(&"    ".repeat(indent));
        text.push_str(s);
        text.push('\n');
    };
    line(0, "digraph dealgraph {");
    line(
        1,
        &format!(
            "graph {}",
            attributes(&[
                ("label", drawing.title.join("\n")),
                ("labelloc", "t".into()),
                ("fontname", FONT.into()),
                ("fontsize", "16".into()),
                ("rankdir", "LR".into()),
                ("nodesep", "0.25".into()),
                ("ranksep", "0.7".into()),
                ("pad", "0.3".into()),
                ("bgcolor", "white".into()),
            ])
        ),
    );
    line(
        1,
        &format!(
            "node {}",
            attributes(&[
                ("fontname", FONT.into()),
                ("fontsize", "11".into()),
                ("margin", "0.12,0.06".into()),
                ("penwidth", "1.2".into()),
            ])
        ),
    );
    line(
        1,
        &format!(
            "edge {}",
            attributes(&[
                ("fontname", FONT.into()),
                ("fontsize", "9".into()),
                ("arrowsize", "0.7".into()),
                ("penwidth", "1.3".into()),
            ])
        ),
    );

    if !drawing.no_legend {
        legend(&mut line, &entities, &relations);
    }

    // Nodes, grouped by country when asked.
    let mut groups: BTreeMap<Option<&str>, Vec<(EntityIx, &Entity)>> = BTreeMap::new();
    for &(ix, e) in &entities {
        let key = match drawing.cluster {
            Some(Cluster::Country) => e.country.as_deref(),
            None => None,
        };
        groups.entry(key).or_default().push((ix, e));
    }
    for (country, members) in &groups {
        let indent = match country {
            Some(code) => {
                let name = code
                    .parse::<iso_country::Country>()
                    .map(|c| c.name().to_string())
                    .unwrap_or_else(|_| code.to_string());
                line(
                    1,
                    &format!("subgraph {} {{", quote(&format!("cluster country {code}"))),
                );
                line(
                    2,
                    &format!(
                        "graph {}",
                        attributes(&[
                            ("label", name),
                            ("fontsize", "12".into()),
                            ("fontcolor", "#666666".into()),
                            ("style", "rounded,filled".into()),
                            ("fillcolor", "#F6F6F6".into()),
                            ("color", "#D0D0D0".into()),
                        ])
                    ),
                );
                2
            }
            None => 1,
        };
        for (ix, e) in members {
            line(indent, &node_line(e, on_path(*ix)));
        }
        if country.is_some() {
            line(1, "}");
        }
    }

    // Relations of one type between the same two entities are drawn as one edge, with how
    // many there are and their total: a party's dozens of donations from one donor are one
    // line, not dozens.
    let mut start = 0;
    while start < relations.len() {
        let (_, from, to, first) = relations[start];
        let end = start
            + relations[start..]
                .iter()
                .take_while(|(_, f, t, r)| f.id == from.id && t.id == to.id && r.kind == first.kind)
                .count();
        let group = &relations[start..end];
        start = end;
        let on = |ix: RelationIx| edge_on_path(ix);
        let faded = group.iter().all(|(ix, ..)| on(*ix) == Some(false));
        let highlighted = group.iter().any(|(ix, ..)| on(*ix) == Some(true));
        let weakest = group
            .iter()
            .map(|(.., r)| r.status)
            .max_by_key(|s| s.weakness())
            .unwrap_or(first.status);
        let (style, status_color) = status_line(weakest);
        let color = status_color.unwrap_or(relation_color(first.kind));
        let mut pairs = vec![
            ("color", tint(color, faded)),
            ("fontcolor", tint(color, faded)),
            ("style", style.to_string()),
        ];
        if let [(_, _, _, r)] = group {
            let mut tooltip = format!(
                "{} {} {} ({})",
                from.name,
                r.kind.phrase(true),
                to.name,
                r.status
            );
            for s in &r.sources {
                if let Some(q) = &s.quote {
                    tooltip.push_str(&format!("\n“{q}”"));
                }
            }
            pairs.push(("tooltip", tooltip));
            let label = edge_label(r);
            if !label.is_empty() {
                pairs.push(("label", label));
            }
        } else {
            let folded: Vec<&Relation> = group.iter().map(|(.., r)| *r).collect();
            pairs.push(("tooltip", folded_tooltip(from, to, &folded)));
            pairs.push(("label", folded_label(&folded)));
            let width = 1.3 + (folded.len() as f64).log2().min(5.0) * 0.5;
            pairs.push(("penwidth", format!("{width:.1}")));
        }
        if symmetric(first.kind) {
            pairs.push(("dir", "none".into()));
        }
        if first.kind == RelationType::Opposes {
            pairs.push(("arrowhead", "tee".into()));
        }
        if highlighted {
            pairs.push(("penwidth", "3.5".into()));
        }
        line(
            1,
            &format!(
                "{} -> {} {}",
                quote(&from.id),
                quote(&to.id),
                attributes(&pairs)
            ),
        );
    }

    line(0, "}");
    text
}

/// A line in the legend: its id, name, colour and further attributes.
type Sample<'a> = (String, String, &'a str, Vec<(&'a str, String)>);

/// The legend: one sample of each kind, relation type and status drawn, in vocabulary order,
/// each line drawn as a short edge into its name. Written first, Graphviz puts it lowest.
fn legend(
    line: &mut impl FnMut(usize, &str),
    entities: &[(EntityIx, &Entity)],
    relations: &[(RelationIx, &Entity, &Entity, &Relation)],
) {
    let kinds: BTreeSet<EntityKind> = entities.iter().map(|(_, e)| e.kind).collect();
    let types: BTreeSet<RelationType> = relations.iter().map(|r| r.3.kind).collect();
    let statuses: BTreeSet<Status> = relations
        .iter()
        .map(|r| r.3.status)
        .filter(|s| *s != Status::Confirmed)
        .collect();
    line(1, &format!("subgraph {} {{", quote("cluster legend")));
    line(
        2,
        &format!(
            "graph {}",
            attributes(&[
                ("label", "Legend".into()),
                ("fontsize", "12".into()),
                ("style", "rounded".into()),
                ("color", "#BBBBBB".into()),
            ])
        ),
    );
    for kind in EntityKind::ALL.iter().filter(|k| kinds.contains(k)) {
        let k = kind_style(*kind);
        line(
            2,
            &format!(
                "{} {}",
                quote(&format!("legend kind {kind}")),
                attributes(&[
                    ("label", kind.to_string()),
                    ("shape", k.shape.into()),
                    ("style", k.style.into()),
                    ("fillcolor", k.fill.into()),
                    ("color", k.line.into()),
                    ("fontsize", "10".into()),
                ])
            ),
        );
    }
    // An empty node beside the kinds, from which invisible edges put the lines in the next
    // columns, so that kinds and lines stand side by side.
    let anchor = "legend anchor";
    line(
        2,
        &format!(
            "{} {}",
            quote(anchor),
            attributes(&[
                ("label", String::new()),
                ("shape", "plaintext".into()),
                ("width", "0.01".into()),
                ("height", "0.01".into()),
            ])
        ),
    );
    // Line samples: a short edge from an empty node to the line's name, in its colour.
    let mut samples: Vec<Sample<'_>> = Vec::new();
    for kind in RelationType::ALL.iter().filter(|t| types.contains(t)) {
        let mut pairs = Vec::new();
        if symmetric(*kind) {
            pairs.push(("dir", "none".into()));
        }
        let name = kind.phrase(true).to_string();
        samples.push((format!("type {kind}"), name, relation_color(*kind), pairs));
    }
    for status in Status::ALL.iter().filter(|s| statuses.contains(s)) {
        let (style, color) = status_line(*status);
        let pairs = vec![("style", style.into())];
        samples.push((
            format!("status {status}"),
            status.to_string(),
            color.unwrap_or("#333333"),
            pairs,
        ));
    }
    let mut froms = Vec::new();
    for (id, name, color, mut pairs) in samples {
        let (a, b) = (format!("legend {id} from"), format!("legend {id} to"));
        line(
            2,
            &format!(
                "{} {}",
                quote(&a),
                attributes(&[
                    ("label", String::new()),
                    ("shape", "plaintext".into()),
                    ("width", "0.3".into()),
                    ("height", "0.2".into()),
                ])
            ),
        );
        line(
            2,
            &format!(
                "{} {}",
                quote(&b),
                attributes(&[
                    ("label", name),
                    ("shape", "plaintext".into()),
                    ("fontsize", "10".into()),
                    ("fontcolor", color.into()),
                    ("margin", "0.08,0".into()),
                    ("height", "0.2".into()),
                ])
            ),
        );
        pairs.push(("color", color.into()));
        line(
            2,
            &format!("{} -> {} {}", quote(&a), quote(&b), attributes(&pairs)),
        );
        let invisible = attributes(&[("style", "invis".into())]);
        line(
            2,
            &format!("{} -> {} {invisible}", quote(anchor), quote(&a)),
        );
        froms.push(quote(&a));
    }
    // Invisible edges within one rank fix the samples' order: top-down in vocabulary order.
    if froms.len() > 1 {
        let invisible = attributes(&[("style", "invis".into())]);
        line(2, "{");
        line(3, "rank=\"same\"");
        for pair in froms.windows(2) {
            line(3, &format!("{} -> {} {invisible}", pair[1], pair[0]));
        }
        line(2, "}");
    }
    line(1, "}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_escapes_what_dot_reads_specially_and_keeps_the_rest() {
        assert_eq!(quote("plain"), "\"plain\"");
        assert_eq!(quote("say \"hi\""), "\"say \\\"hi\\\"\"");
        assert_eq!(quote("a\\b"), "\"a\\\\b\"");
        assert_eq!(quote("x\"];\ny"), "\"x\\\"];\\ny\"");
        assert_eq!(quote("AT&T <b>{x}</b>"), "\"AT&amp;T <b>{x}</b>\"");
        assert_eq!(
            quote("line\r\nbreak\ttab\u{7}"),
            "\"line\\nbreak\ttab\u{FFFD}\""
        );
        assert_eq!(quote("商汤科技 שלום"), "\"商汤科技 שלום\"");
        assert_eq!(quote("a\u{FFFE}b\u{FFFF}"), "\"a\u{FFFD}b\u{FFFD}\"");
    }

    #[test]
    fn wrap_breaks_at_spaces_and_cuts_long_words() {
        assert_eq!(wrap("SenseTime", 22), "SenseTime");
        assert_eq!(
            wrap("Immigration and Customs Enforcement", 22),
            "Immigration and\nCustoms Enforcement"
        );
        assert_eq!(wrap("abcdefgh", 3), "abc\ndef\ngh");
        assert_eq!(wrap("", 3), "");
        assert_eq!(shorten("abcdef", 4), "abc…");
        assert_eq!(shorten("abcd", 4), "abcd");
    }
}
