//! Graphviz DOT: a drawing of a selection that Graphviz renders well without hand-editing.
//!
//! Entities are drawn by kind and relations by type and status, all chosen in one style table
//! ([`kind_style`], [`relation_color`], [`status_line`]); edges carry their amount, dates and
//! status, relations of one type between two entities are folded into one edge, and a round
//! that several investors joined is labelled once, where their edges meet; a legend beside the
//! drawing shows only the kinds, types and statuses drawn; a title names the selection, the
//! filters and the sources. Node ids are entity ids, every label and attribute passes
//! [`quote`] (the legend's HTML-like label, built of fixed words, its own escaping), and
//! everything is sorted, so the same graph gives the same bytes.

use std::collections::{BTreeMap, BTreeSet};

use crate::graph::{EntityIx, Graph, RelationIx};
use crate::model::{Entity, EntityKind, Relation, RelationType, Status};
use crate::render;
use crate::subgraph::Subgraph;
use crate::text;

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
    /// The resolution of a PNG, in dots per inch (Graphviz's default is 96).
    pub dpi: Option<u32>,
    /// The largest size of the picture, in pixels: a larger drawing is scaled down to fit.
    pub size: Option<Size>,
}

/// The largest size of a picture, in pixels, as `--size WIDTHxHEIGHT` gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size {
    /// The width in pixels.
    pub width: u32,
    /// The height in pixels.
    pub height: u32,
}

impl Size {
    /// The largest width or height `--size` takes, in pixels.
    pub const MAX: u32 = 20_000;

    /// Graphviz's `size` attribute for this size at `dpi` (96 when not given): inches, as
    /// `12.5,8.33`.
    pub fn inches(self, dpi: Option<u32>) -> String {
        let dpi = f64::from(dpi.unwrap_or(96));
        let inches = |px: u32| {
            let text = format!("{:.2}", f64::from(px) / dpi);
            text.trim_end_matches('0').trim_end_matches('.').to_string()
        };
        format!("{},{}", inches(self.width), inches(self.height))
    }
}

impl std::str::FromStr for Size {
    type Err = String;

    fn from_str(text: &str) -> Result<Size, String> {
        let hint = "give the largest width and height in pixels, as 1200x800";
        let (w, h) = text
            .split_once(['x', 'X', '×'])
            .ok_or_else(|| format!("\"{text}\" is not a size; {hint}"))?;
        let number = |part: &str| match part.trim().parse::<u32>() {
            Ok(n) if (1..=Size::MAX).contains(&n) => Ok(n),
            Ok(_) => Err(format!(
                "\"{text}\": a width or height is from 1 to {} pixels; {hint}",
                Size::MAX
            )),
            Err(_) => Err(format!("\"{text}\" is not a size; {hint}")),
        };
        Ok(Size {
            width: number(w)?,
            height: number(h)?,
        })
    }
}

/// Names longer than this are wrapped at spaces, so that nodes stay compact.
const WRAP: usize = 22;

/// Names longer than this are cut in labels (the tooltip keeps the whole name).
const LABEL_MAX: usize = 100;

/// Appended to a colour to fade what is not on a highlighted path.
const FADED: &str = "55";

/// The font of every text, with fallbacks: Noto Sans CJK (Debian's `fonts-noto-cjk`) draws the
/// Chinese, Japanese and Korean names the first ones lack.
const FONT: &str = "Helvetica,Arial,Noto Sans CJK SC,sans-serif";

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

/// What several relations of a type are called in a folded edge's label: "8 payments".
fn plural(kind: RelationType) -> &'static str {
    use RelationType::*;
    match kind {
        InvestsIn => "investments",
        Owns => "holdings",
        ContractsWith => "contracts",
        Supplies => "supply deals",
        Pays => "payments",
        Owes => "debts",
        Directs => "directorships",
        Employs => "employments",
        MemberOf => "memberships",
        Represents => "mandates",
        Occupies => "posts",
        _ => "relations",
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
        .flat_map(|&ix| graph.entity(ix).details().sources.iter())
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
    let mut lines = vec![format!("{} {}", relations.len(), plural(relations[0].kind))];
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
        "{} {} {}: {} {}",
        from.name,
        relations[0].kind.phrase(true),
        to.name,
        relations.len(),
        plural(relations[0].kind)
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
    if let Some(country) = &e.details().country {
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
    let edges = edges(&relations);
    let rounds = rounds(&edges);

    let mut text = String::new();
    let mut line = |indent: usize, s: &str| {
        text.push_str(&"    ".repeat(indent));
        text.push_str(s);
        text.push('\n');
    };
    line(0, "digraph dealgraph {");
    let mut graph_attributes = vec![
        ("label", drawing.title.join("\n")),
        ("labelloc", "t".into()),
        ("fontname", FONT.into()),
        ("fontsize", "16".into()),
        ("rankdir", "LR".into()),
        ("nodesep", "0.25".into()),
        ("ranksep", "0.7".into()),
        ("pad", "0.3".into()),
        ("bgcolor", "white".into()),
    ];
    if let Some(dpi) = drawing.dpi {
        graph_attributes.push(("dpi", dpi.to_string()));
    }
    if let Some(size) = drawing.size {
        graph_attributes.push(("size", size.inches(drawing.dpi)));
    }
    line(1, &format!("graph {}", attributes(&graph_attributes)));
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
        line(1, &legend(&entities, &edges));
    }

    // Nodes, grouped by country when asked.
    let country_of = |e: &Entity| match drawing.cluster {
        Some(Cluster::Country) => e.details().country.clone(),
        None => None,
    };
    let mut groups: BTreeMap<Option<String>, Vec<String>> = BTreeMap::new();
    for &(ix, e) in &entities {
        groups
            .entry(country_of(e))
            .or_default()
            .push(node_line(e, on_path(ix)));
    }
    for round in &rounds {
        let members: Vec<&Edge<'_>> = round.edges.iter().map(|&i| &edges[i]).collect();
        let faded = members.iter().all(|e| {
            e.members
                .iter()
                .all(|(ix, _)| edge_on_path(*ix) == Some(false))
        });
        let color = relation_color(RelationType::InvestsIn);
        let pairs = [
            ("shape", "point".to_string()),
            ("width", "0.09".into()),
            ("color", tint(color, faded)),
            ("tooltip", round_tooltip(&members, round)),
        ];
        // Inside the company's box only when every investor is too: the investors' edges
        // then stay out of boxes they do not belong to.
        let country = country_of(round.to);
        let inside = members.iter().all(|e| country_of(e.from) == country);
        groups
            .entry(if inside { country } else { None })
            .or_default()
            .push(format!("{} {}", quote(&round.id), attributes(&pairs)));
    }
    for (country, members) in &groups {
        let indent = match country {
            Some(code) => {
                line(
                    1,
                    &format!("subgraph {} {{", quote(&format!("cluster country {code}"))),
                );
                line(
                    2,
                    &format!(
                        "graph {}",
                        attributes(&[
                            ("label", render::country(code)),
                            // On the right, away from the edges that come in from the left.
                            ("labeljust", "r".into()),
                            ("fontsize", "12".into()),
                            ("fontcolor", "#666666".into()),
                            ("style", "rounded,filled".into()),
                            ("fillcolor", "#F6F6F6".into()),
                            ("color", "#D0D0D0".into()),
                            ("margin", "12".into()),
                        ])
                    ),
                );
                2
            }
            None => 1,
        };
        for member in members {
            line(indent, member);
        }
        if country.is_some() {
            line(1, "}");
        }
    }

    // The edges: one per pair and type (several relations folded into it), each member of a
    // round drawn into the round's meeting point, and the round into its company once.
    let in_round: BTreeMap<usize, &Round<'_>> = rounds
        .iter()
        .flat_map(|round| round.edges.iter().map(move |&i| (i, round)))
        .collect();
    for (i, edge) in edges.iter().enumerate() {
        let faded = edge
            .members
            .iter()
            .all(|(ix, _)| edge_on_path(*ix) == Some(false));
        let highlighted = edge
            .members
            .iter()
            .any(|(ix, _)| edge_on_path(*ix) == Some(true));
        let weakest = weakest(edge.members.iter().map(|(_, r)| r.status));
        let (style, status_color) = status_line(weakest);
        let color = status_color.unwrap_or(relation_color(edge.kind));
        let mut pairs = vec![
            ("color", tint(color, faded)),
            ("fontcolor", tint(color, faded)),
            ("style", style.to_string()),
        ];
        let round = in_round.get(&i);
        if let [(_, r)] = edge.members.as_slice() {
            pairs.push(("tooltip", relation_tooltip(edge.from, edge.to, r)));
            let label = match round {
                Some(round) => branch_label(r, round),
                None => edge_label(r),
            };
            if !label.is_empty() {
                pairs.push(("label", label));
            }
        } else {
            let folded: Vec<&Relation> = edge.members.iter().map(|(_, r)| *r).collect();
            pairs.push(("tooltip", folded_tooltip(edge.from, edge.to, &folded)));
            pairs.push(("label", folded_label(&folded)));
            let width = 1.3 + (folded.len() as f64).log2().min(5.0) * 0.5;
            pairs.push(("penwidth", format!("{width:.1}")));
        }
        if symmetric(edge.kind) {
            pairs.push(("dir", "none".into()));
        }
        if edge.kind == RelationType::Opposes {
            pairs.push(("arrowhead", "tee".into()));
        }
        if round.is_some() {
            pairs.push(("arrowhead", "none".into()));
        }
        if highlighted {
            pairs.push(("penwidth", "3.5".into()));
        }
        let to = match round {
            Some(round) => &round.id,
            None => &edge.to.id,
        };
        line(
            1,
            &format!(
                "{} -> {} {}",
                quote(&edge.from.id),
                quote(to),
                attributes(&pairs)
            ),
        );
    }
    for round in &rounds {
        let members: Vec<&Edge<'_>> = round.edges.iter().map(|&i| &edges[i]).collect();
        let all = || members.iter().flat_map(|e| e.members.iter());
        let faded = all().all(|(ix, _)| edge_on_path(*ix) == Some(false));
        let highlighted = all().any(|(ix, _)| edge_on_path(*ix) == Some(true));
        let (style, status_color) = status_line(round.status);
        let color = status_color.unwrap_or(relation_color(RelationType::InvestsIn));
        let mut label = vec![round.text.clone()];
        if round.shared_status && round.status != Status::Confirmed {
            label.push(round.status.to_string());
        }
        let mut pairs = vec![
            ("color", tint(color, faded)),
            ("fontcolor", tint(color, faded)),
            ("style", style.to_string()),
            ("label", label.join("\n")),
            ("tooltip", round_tooltip(&members, round)),
        ];
        if highlighted {
            pairs.push(("penwidth", "3.5".into()));
        }
        line(
            1,
            &format!(
                "{} -> {} {}",
                quote(&round.id),
                quote(&round.to.id),
                attributes(&pairs)
            ),
        );
    }

    // The legend follows the entities that no drawn edge leaves, by invisible edges: in a
    // column of its own beside the drawing, not under it, and clear of every edge (in the last
    // column, with `rank=max`, edges into a hub went round it; across boxes Graphviz ignores
    // `rank=max`).
    if !drawing.no_legend {
        let leaving: BTreeSet<&str> = edges.iter().map(|e| e.from.id.as_str()).collect();
        let invisible = attributes(&[("style", "invis".into()), ("weight", "0".into())]);
        for (_, e) in entities
            .iter()
            .filter(|(_, e)| !leaving.contains(e.id.as_str()))
        {
            line(
                1,
                &format!("{} -> {} {invisible}", quote(&e.id), quote(LEGEND)),
            );
        }
    }

    line(0, "}");
    text
}

/// The weakest of some statuses (confirmed when there are none).
fn weakest(statuses: impl Iterator<Item = Status>) -> Status {
    statuses
        .max_by_key(|s| s.weakness())
        .unwrap_or(Status::Confirmed)
}

/// One drawn edge: the relations of one type from one entity to another, folded together.
struct Edge<'a> {
    from: &'a Entity,
    to: &'a Entity,
    kind: RelationType,
    members: Vec<(RelationIx, &'a Relation)>,
}

/// Relations of one type between the same two entities, drawn as one edge, with how many
/// there are and their total: a party's dozens of donations from one donor are one line, not
/// dozens. `relations` come sorted by their ends and type, so each edge's are together.
fn edges<'a>(relations: &[(RelationIx, &'a Entity, &'a Entity, &'a Relation)]) -> Vec<Edge<'a>> {
    let mut edges: Vec<Edge<'a>> = Vec::new();
    for &(ix, from, to, r) in relations {
        match edges.last_mut() {
            Some(last) if last.from.id == from.id && last.to.id == to.id && last.kind == r.kind => {
                last.members.push((ix, r));
            }
            _ => edges.push(Edge {
                from,
                to,
                kind: r.kind,
                members: vec![(ix, r)],
            }),
        }
    }
    edges
}

/// A funding round that two or more investors joined: their edges meet at a point, and one
/// edge from there into the company carries the round's label once.
struct Round<'a> {
    /// The meeting point's node id.
    id: String,
    /// The company funded.
    to: &'a Entity,
    /// The round in words: "previous round of USD 460 million".
    text: String,
    /// The indexes of its investors' edges.
    edges: Vec<usize>,
    /// The weakest status of its investments.
    status: Status,
    /// Whether every investment has that status.
    shared_status: bool,
}

/// The rounds joined by two or more of the drawn investments (each a single relation), by
/// company and round, in the edges' order.
fn rounds<'a>(edges: &[Edge<'a>]) -> Vec<Round<'a>> {
    let mut by_round: BTreeMap<(&str, String), Vec<usize>> = BTreeMap::new();
    for (i, edge) in edges.iter().enumerate() {
        if let [(_, r)] = edge.members.as_slice()
            && edge.kind == RelationType::InvestsIn
            && let Some(round) = render::round(r)
        {
            by_round
                .entry((edge.to.id.as_str(), round))
                .or_default()
                .push(i);
        }
    }
    by_round
        .into_iter()
        .filter(|(_, members)| members.len() >= 2)
        .enumerate()
        .map(|(n, ((company, text), members))| {
            let statuses: BTreeSet<Status> = members
                .iter()
                .flat_map(|&i| edges[i].members.iter().map(|(_, r)| r.status))
                .collect();
            Round {
                id: format!("round {company} {n}"),
                to: edges[members[0]].to,
                text,
                status: weakest(statuses.iter().copied()),
                shared_status: statuses.len() == 1,
                edges: members,
            }
        })
        .collect()
}

/// An investor's edge into a round: what is its own (amount, stake, dates), and its status
/// when the round's investors do not all share one.
fn branch_label(r: &Relation, round: &Round<'_>) -> String {
    let mut lines: Vec<String> = render::relation_details(r)
        .into_iter()
        .filter(|d| !d.starts_with("role: ") && *d != round.text)
        .collect();
    if r.status != Status::Confirmed && !round.shared_status {
        lines.push(r.status.to_string());
    }
    lines.join("\n")
}

/// A round's tooltip: the company, the round, its investors and the sources' quotes.
fn round_tooltip(members: &[&Edge<'_>], round: &Round<'_>) -> String {
    let investors: Vec<&str> = members.iter().map(|e| e.from.name.as_str()).collect();
    let mut lines = vec![format!(
        "{}: {} ({})",
        round.to.name,
        round.text,
        text::and_list(&investors)
    )];
    // Each quote once, in the investors' order.
    let mut quotes: Vec<&str> = Vec::new();
    for quote in members
        .iter()
        .flat_map(|e| e.members.iter())
        .flat_map(|(_, r)| r.sources.iter())
        .filter_map(|s| s.quote.as_deref())
    {
        if !quotes.contains(&quote) {
            quotes.push(quote);
        }
    }
    lines.extend(quotes.iter().map(|q| format!("“{q}”")));
    lines.join("\n")
}

/// A relation's tooltip: what it says, its status and its sources' quotes.
fn relation_tooltip(from: &Entity, to: &Entity, r: &Relation) -> String {
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
    tooltip
}

/// The legend's node id: with a space, which no entity id has.
const LEGEND: &str = "dealgraph legend";

/// The height of a legend row, in points: a line of 9-point text with its padding, borders
/// and spacing, and room to spare.
const LEGEND_ROW_HEIGHT: usize = 28;

/// The width of a legend row of cells holding `words` in 9-point text, in points: at least what
/// the widest of the fonts asked for (or DejaVu Sans, where none is installed) needs, 5.5
/// points a letter, 10 for a cell's padding and borders and 4 between cells. Graphviz cannot
/// be asked to size a nested table to its content and leave the rest of its cell empty, and
/// warns of a fixed size too small for the content, so this errs on the wide side.
fn legend_row_width(words: &[&str]) -> usize {
    let letters: usize = words.iter().map(|w| w.chars().count()).sum();
    (letters * 11).div_ceil(2) + words.len() * 10 + (words.len() + 1) * 4
}

/// `text` escaped for an HTML-like label.
fn html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The legend: a small table with a row of the kinds drawn (each in its colours), a row of
/// the relation types drawn (each over a line in its colour) and, when some relation drawn is
/// not confirmed, a row of the statuses (each over a line in its style), in vocabulary order.
/// Each row is a table of its own, so that its cells need not line up with another row's
/// columns, and of a fixed width ([`legend_row_width`]): Graphviz would otherwise widen a
/// shorter row's cells to the longest row's width.
fn legend(entities: &[(EntityIx, &Entity)], edges: &[Edge<'_>]) -> String {
    let kinds: BTreeSet<EntityKind> = entities.iter().map(|(_, e)| e.kind).collect();
    let types: BTreeSet<RelationType> = edges.iter().map(|e| e.kind).collect();
    let statuses: BTreeSet<Status> = edges
        .iter()
        .flat_map(|e| e.members.iter().map(|(_, r)| r.status))
        .collect();
    let small = |text: &str, color: &str| {
        format!(
            "<FONT POINT-SIZE=\"9\" COLOR=\"{color}\">{}</FONT>",
            html(text)
        )
    };
    let sample = |name: &str, color: &str, style: &str| {
        let style = match style {
            "solid" => String::new(),
            other => format!(" STYLE=\"{other}\""),
        };
        format!(
            "<TD BORDER=\"2\" SIDES=\"B\"{style} COLOR=\"{color}\">{}</TD>",
            small(name, color)
        )
    };
    let mut rows: Vec<(&str, String, usize)> = Vec::new();
    let drawn_kinds: Vec<&str> = EntityKind::ALL
        .iter()
        .filter(|k| kinds.contains(k))
        .map(|k| k.as_str())
        .collect();
    let kind_cells: String = EntityKind::ALL
        .iter()
        .filter(|k| kinds.contains(k))
        .map(|kind| {
            let k = kind_style(*kind);
            let rounded = if k.style.contains("rounded") {
                " STYLE=\"rounded\""
            } else {
                ""
            };
            format!(
                "<TD BORDER=\"1\"{rounded} BGCOLOR=\"{}\" COLOR=\"{}\">{}</TD>",
                k.fill,
                k.line,
                small(kind.as_str(), "#111111")
            )
        })
        .collect();
    rows.push(("Entities", kind_cells, legend_row_width(&drawn_kinds)));
    let drawn_types: Vec<&str> = RelationType::ALL
        .iter()
        .filter(|t| types.contains(t))
        .map(|t| t.phrase(true))
        .collect();
    let type_cells: String = RelationType::ALL
        .iter()
        .filter(|t| types.contains(t))
        .map(|kind| sample(kind.phrase(true), relation_color(*kind), "solid"))
        .collect();
    rows.push(("Relations", type_cells, legend_row_width(&drawn_types)));
    if statuses.iter().any(|s| *s != Status::Confirmed) {
        // Confirmed too, so that a reader knows what a solid line says.
        let shown: Vec<Status> = Status::ALL
            .iter()
            .copied()
            .filter(|s| statuses.contains(s) || *s == Status::Confirmed)
            .collect();
        let status_cells: String = shown
            .iter()
            .map(|status| {
                let (style, color) = status_line(*status);
                sample(status.as_str(), color.unwrap_or("#333333"), style)
            })
            .collect();
        let words: Vec<&str> = shown.iter().map(|s| s.as_str()).collect();
        rows.push(("Status", status_cells, legend_row_width(&words)));
    }
    let rows: String = rows
        .iter()
        .map(|(heading, cells, width)| {
            format!(
                "<TR><TD ALIGN=\"LEFT\">{}</TD><TD ALIGN=\"LEFT\"><TABLE ALIGN=\"LEFT\" \
                 FIXEDSIZE=\"TRUE\" WIDTH=\"{width}\" HEIGHT=\"{LEGEND_ROW_HEIGHT}\" BORDER=\"0\" \
                 CELLBORDER=\"0\" CELLSPACING=\"4\" CELLPADDING=\"2\"><TR>{cells}</TR></TABLE></TD></TR>",
                small(heading, "#666666")
            )
        })
        .collect();
    format!(
        "{} [shape=\"plaintext\", margin=\"0\", tooltip=\"Legend\", label=<<TABLE BORDER=\"0\" \
         CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"0\">{rows}</TABLE>>]",
        quote(LEGEND)
    )
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
