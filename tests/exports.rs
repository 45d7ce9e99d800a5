//! `export` through the real binary: every format on the bundled data, each judged by the tool
//! that reads it where one is at hand (Graphviz for DOT, an XML parser for GraphML and SVG, the
//! FollowTheMoney schema files for FtM, dealgraph itself for JSON); hostile names in every
//! format; a snapshot of one drawing; the selections of the queries (--path, --overlap,
//! --exposure); and writes that fail without leaving a file.

mod common;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::process::{Command, Stdio};

use common::{dealgraph, fails_with, refused_with, stdout_of, temp_file};
use yaml_rust2::{Yaml, YamlLoader};

/// Renders DOT with the real `dot -Tsvg`, which must succeed without a word on stderr, and
/// returns the SVG.
fn dot_to_svg(dot: &str) -> String {
    use std::io::Write;
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("dot runs");
    let mut stdin = child.stdin.take().unwrap();
    let input = dot.to_string();
    let feeder = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().unwrap();
    feeder.join().unwrap().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "dot failed: {stderr}");
    assert!(stderr.trim().is_empty(), "dot warned: {stderr}");
    String::from_utf8(output.stdout).expect("SVG is UTF-8")
}

/// Every `xlink:title` (a tooltip) in an SVG, as an XML parser reads it.
fn svg_tooltips(svg: &str) -> Vec<String> {
    // Graphviz's SVG starts with a DOCTYPE.
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    let doc = roxmltree::Document::parse_with_options(svg, options).expect("the SVG is XML");
    doc.descendants()
        .filter_map(|n| n.attribute(("http://www.w3.org/1999/xlink", "title")))
        .map(String::from)
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Every format on the bundled data.

#[test]
fn every_text_format_writes_the_bundled_world_to_standard_output() {
    for (format, start) in [
        ("dot", "digraph dealgraph {"),
        ("json", "{"),
        ("graphml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"),
        ("ftm", "{\"id\":"),
        ("cypher", "// dealgraph: 37 entities and 30 relations."),
    ] {
        let out = stdout_of(&["export", format]);
        assert!(
            out.starts_with(start),
            "{format}: {}",
            &out[..80.min(out.len())]
        );
    }
}

#[test]
fn the_dot_of_the_bundled_world_renders_without_warnings() {
    require_dot!();
    for args in [
        vec!["export", "dot"],
        vec!["export", "dot", "--cluster", "country"],
        vec!["export", "dot", "--focus", "SenseTime", "--depth", "2"],
        vec![
            "export",
            "dot",
            "--highlight",
            "SoftBank",
            "Chongqing police",
        ],
        vec![
            "export",
            "dot",
            "--status",
            "confirmed",
            "--rel",
            "invests_in",
        ],
    ] {
        let svg = dot_to_svg(&stdout_of(&args));
        let tooltips = svg_tooltips(&svg);
        assert!(
            tooltips.iter().any(|t| t.starts_with("SenseTime (company")),
            "{args:?}: {tooltips:?}"
        );
    }
}

#[test]
fn the_drawing_has_a_title_a_legend_of_what_it_shows_and_edge_labels() {
    let dot = stdout_of(&["export", "dot", "--focus", "Megvii"]);
    assert!(dot.contains("label=\"Megvii and everything within 1 hop\\nSource: “Big Investors"));
    assert!(dot.contains("rankdir=\"LR\""));
    let legend = dot
        .lines()
        .find(|l| l.starts_with("    \"dealgraph legend\" ["))
        .expect("a legend");
    assert!(legend.contains(">company</FONT>"), "{legend}");
    assert!(legend.contains(">fund</FONT>"), "{legend}");
    assert!(!legend.contains(">government<"), "no government is drawn");
    assert!(legend.contains(">invests in</FONT>"), "{legend}");
    assert!(
        !legend.contains(">has contracts with<"),
        "no contract is drawn"
    );
    assert!(
        legend.contains(
            "STYLE=\"dotted\" COLOR=\"#333333\"><FONT POINT-SIZE=\"9\" \
         COLOR=\"#333333\">expected</FONT>"
        ),
        "{legend}"
    );
    assert!(!legend.contains(">reported<"), "nothing reported is drawn");
    assert!(dot.contains("label=\"new round of USD 600 million\\nexpected\""));
    assert!(
        dot.contains("style=\"dotted\""),
        "an expected relation is dotted"
    );

    let filtered = stdout_of(&["export", "dot", "--status", "ended"]);
    assert!(
        filtered.contains("\\nFilters: status ended\\n"),
        "{filtered}"
    );
    assert!(filtered.contains("\"google\" -> \"pentagon\" [color=\"#A0A0A0\""));
}

/// `dot -Tplain` of some DOT: the graph's width and height, and each node's centre and size,
/// in inches.
fn plain_layout(dot: &str) -> ((f64, f64), HashMap<String, [f64; 4]>) {
    let output = Command::new("dot")
        .arg("-Tplain")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(dot.as_bytes())?;
            child.wait_with_output()
        })
        .unwrap();
    let plain = String::from_utf8(output.stdout).unwrap();
    let mut size = (0.0, 0.0);
    let mut nodes = HashMap::new();
    for line in plain.lines() {
        if let Some(rest) = line.strip_prefix("graph ") {
            let fields: Vec<f64> = rest
                .split_whitespace()
                .map(|f| f.parse().unwrap())
                .collect();
            size = (fields[1], fields[2]);
        } else if let Some(rest) = line.strip_prefix("node ") {
            // `node NAME X Y WIDTH HEIGHT ...`, NAME quoted when it has spaces.
            let (name, rest) = match rest.strip_prefix('"') {
                Some(quoted) => quoted.split_once('"').unwrap(),
                None => rest.split_once(' ').unwrap(),
            };
            let fields: Vec<f64> = rest
                .split_whitespace()
                .take(4)
                .map(|f| f.parse().unwrap())
                .collect();
            nodes.insert(
                name.to_string(),
                [fields[0], fields[1], fields[2], fields[3]],
            );
        }
    }
    (size, nodes)
}

#[test]
fn the_legend_is_a_small_table_beside_the_drawing() {
    require_dot!();
    for args in [
        vec!["export", "dot"],
        vec!["export", "dot", "--focus", "SenseTime", "--depth", "2"],
    ] {
        let dot = stdout_of(&args);
        let ((width, height), nodes) = plain_layout(&dot);
        let [x, _, legend_width, legend_height] = nodes["dealgraph legend"];
        // Was a third of the picture and more, under the drawing.
        let share = legend_width * legend_height / (width * height);
        assert!(
            share < 0.08,
            "{args:?}: the legend takes {:.0} % of the picture",
            share * 100.0
        );
        let rightmost = nodes.values().map(|n| n[0]).fold(f64::MIN, f64::max);
        assert!(
            x >= rightmost - 0.01,
            "{args:?}: the legend is not in the last column"
        );
    }
    // Kinds in one row, relation types in another, statuses in a third, in vocabulary order.
    let dot = stdout_of(&["export", "dot"]);
    let legend = dot
        .lines()
        .find(|l| l.contains("\"dealgraph legend\" ["))
        .unwrap();
    let rows: Vec<&str> = legend.split("<TR><TD ALIGN=\"LEFT\">").skip(1).collect();
    assert_eq!(rows.len(), 3, "{legend}");
    let names = |row: &str| -> Vec<String> {
        row.split("</FONT>")
            .filter(|cell| cell.contains("<FONT"))
            .filter_map(|cell| cell.rsplit('>').next())
            .map(String::from)
            .collect()
    };
    assert_eq!(
        names(rows[0]),
        [
            "Entities",
            "company",
            "fund",
            "government",
            "organization",
            "product"
        ]
    );
    assert_eq!(
        names(rows[1]),
        [
            "Relations",
            "invests in",
            "owns",
            "has contracts with",
            "supplies",
            "develops",
            "uses",
            "lobbies",
        ]
    );
    assert_eq!(
        names(rows[2]),
        ["Status", "confirmed", "reported", "expected", "ended"]
    );
    // Only confirmed relations: no row of statuses.
    let confirmed = stdout_of(&["export", "dot", "--status", "confirmed"]);
    let legend = confirmed
        .lines()
        .find(|l| l.contains("\"dealgraph legend\" ["))
        .unwrap();
    assert!(!legend.contains(">Status<"), "{legend}");
    assert!(!legend.contains(">confirmed<"), "{legend}");
}

#[test]
fn a_round_is_labelled_once_where_its_investors_meet() {
    let dot = stdout_of(&["export", "dot", "--focus", "Megvii"]);
    let previous = "label=\"previous round of USD 460 million\"";
    assert_eq!(dot.matches(previous).count(), 1, "{dot}");
    let into_round: Vec<&str> = dot
        .lines()
        .filter(|l| l.contains("-> \"round megvii "))
        .collect();
    // Four investors in the previous round, Alibaba and Boyu Capital in the new one.
    assert_eq!(into_round.len(), 6, "{into_round:#?}");
    assert!(
        into_round
            .iter()
            .all(|l| l.contains("arrowhead=\"none\"") && !l.contains("round of")),
        "{into_round:#?}"
    );
    let trunk = dot
        .lines()
        .find(|l| l.contains(previous))
        .expect("the round's edge");
    assert!(trunk.contains("-> \"megvii\""), "{trunk}");
    if common::dot_or_skip("the round's tooltip in an SVG") {
        let tooltips = svg_tooltips(&dot_to_svg(&dot));
        assert!(
            tooltips.iter().any(|t| t.starts_with(
                "Megvii: previous round of USD 460 million (Ant Financial, Foxconn, Russian \
                 Direct Investment Fund and SK Group)\n“Megvii’s previous funding round raised"
            )),
            "{tooltips:#?}"
        );
        // Each investor's own edge keeps its quote.
        assert!(
            tooltips
                .iter()
                .any(|t| t.starts_with("Foxconn invests in Megvii (confirmed)\n“")),
            "{tooltips:#?}"
        );
    }
}

#[test]
fn clusters_group_entities_by_country() {
    let dot = stdout_of(&["export", "dot", "--cluster", "country"]);
    assert!(dot.contains("subgraph \"cluster country CN\" {"));
    assert!(dot.contains("label=\"China\""));
    assert!(dot.contains("label=\"United States\""));
    // Common short names, not the standard's.
    assert!(dot.contains("label=\"South Korea\""), "SK Group is Korean");
    assert!(!dot.contains("Korea (Republic of)"));
    assert!(!dot.contains("of America"));
    // Megvii's rounds meet outside China's box, since investors from elsewhere joined them:
    // their edges stay out of a box they do not belong to.
    let china = dot
        .split("subgraph \"cluster country CN\" {")
        .nth(1)
        .and_then(|rest| rest.split("\n    }").next())
        .unwrap();
    assert!(china.contains("\"megvii\" ["), "{china}");
    assert!(!china.contains("\"round megvii"), "{china}");
    assert!(dot.contains("    \"round megvii 0\" ["));
}

#[test]
fn a_highlighted_path_is_bold_and_the_rest_faded() {
    let dot = stdout_of(&[
        "export",
        "dot",
        "--highlight",
        "softbank",
        "chongqing-police",
    ]);
    assert!(
        dot.contains("Marked: the shortest path from SoftBank to Police Department in Chongqing")
    );
    let bold: Vec<&str> = dot
        .lines()
        .filter(|l| l.contains("penwidth=\"3.5\""))
        .collect();
    assert_eq!(bold.len(), 3, "{bold:#?}");
    assert!(dot.contains("\"megvii\" [label=\"Megvii\""));
    assert!(
        dot.lines()
            .any(|l| l.starts_with("    \"megvii\" [") && l.contains("#DCEAF755"))
    );
}

#[test]
fn the_same_graph_gives_the_same_bytes() {
    for format in ["dot", "graphml", "ftm", "cypher", "json"] {
        let args = ["export", format, "--focus", "SenseTime", "--depth", "2"];
        assert_eq!(stdout_of(&args), stdout_of(&args), "{format}");
    }
}

#[test]
fn the_dot_of_sensetime_at_depth_one() {
    insta::assert_snapshot!(stdout_of(&[
        "export",
        "dot",
        "--focus",
        "SenseTime",
        "--depth",
        "1"
    ]));
}

#[test]
fn svg_and_png_are_rendered_by_graphviz_into_files_and_pipes() {
    require_dot!();
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("sensetime.svg");
    let out = stdout_of(&[
        "export",
        "svg",
        "--focus",
        "SenseTime",
        "--depth",
        "2",
        "-o",
        svg.to_str().unwrap(),
    ]);
    assert_eq!(
        out,
        format!(
            "wrote svg (13 entities, 12 relations) to {}\n",
            svg.display()
        )
    );
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(
        svg_tooltips(&text).contains(&"Police Department in Chongqing (government, CN)".into())
    );

    let png = dir.path().join("world.png");
    dealgraph()
        .args(["export", "png", "-o", png.to_str().unwrap()])
        .assert()
        .success();
    let bytes = std::fs::read(&png).unwrap();
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");

    // Standard output that is not a terminal takes the picture as it is.
    let piped = dealgraph().args(["export", "svg"]).output().unwrap();
    assert!(piped.status.success());
    assert!(String::from_utf8(piped.stdout).unwrap().contains("<svg"));
}

#[test]
fn without_graphviz_svg_says_how_to_install_it_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("world.svg");
    dealgraph()
        .env("PATH", "")
        .args(["export", "svg", "-o", target.to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("apt-get install graphviz"))
        .stderr(predicates::str::contains("brew install graphviz"));
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "a file was left"
    );
}

#[cfg(unix)]
#[test]
fn an_exported_file_gets_the_permissions_of_any_new_file_not_private_ones() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("world.dot");
    stdout_of(&["export", "dot", "-o", target.to_str().unwrap()]);
    let reference = dir.path().join("reference");
    std::fs::File::create(&reference).unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&target), mode(&reference));
}

#[test]
fn a_failed_write_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("missing-folder").join("world.dot");
    fails_with(
        &["export", "dot", "-o", target.to_str().unwrap()],
        "missing-folder does not exist",
    );
    assert!(!target.exists());
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "a file was left"
    );

    // A selection that fails leaves an existing file as it was.
    let existing = dir.path().join("keep.dot");
    std::fs::write(&existing, "old").unwrap();
    fails_with(
        &[
            "export",
            "dot",
            "--focus",
            "Sensetme",
            "-o",
            existing.to_str().unwrap(),
        ],
        "did you mean",
    );
    assert_eq!(std::fs::read_to_string(&existing).unwrap(), "old");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn flags_that_do_not_apply_to_a_format_are_refused_plainly() {
    fails_with(
        &["export", "json", "--cluster", "country"],
        "--cluster applies to dot, svg and png, not to json",
    );
    fails_with(
        &["export", "ftm", "--highlight", "SoftBank", "SenseTime"],
        "--highlight applies to dot, svg, png and graphml",
    );
    fails_with(
        &[
            "export",
            "dot",
            "--focus",
            "Megvii",
            "--highlight",
            "Megvii",
            "SenseTime",
        ],
        "is not in the selection",
    );
    dealgraph()
        .args(["export", "dot", "--json"])
        .assert()
        .code(1)
        .stdout(predicates::str::contains("\"kind\": \"usage\""));
}

#[test]
fn with_json_a_written_file_is_reported_as_one_document() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("megvii.graphml");
    let out = stdout_of(&[
        "export",
        "graphml",
        "--focus",
        "Megvii",
        "-o",
        target.to_str().unwrap(),
        "--json",
    ]);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["format"], "graphml");
    assert_eq!(doc["entities"], 8);
    assert_eq!(doc["relations"], 7);
    assert_eq!(doc["file"], target.display().to_string());
}

#[test]
fn export_runs_at_the_prompt_and_in_scripts() {
    dealgraph()
        .write_stdin("export dot --focus megvii --rel invests_in\n")
        .assert()
        .success()
        .stdout(predicates::str::starts_with("digraph dealgraph {"))
        .stdout(predicates::str::contains("\"foxconn\" -> \"round megvii"))
        .stdout(predicates::str::contains("face-plus-plus").not());
}

// ---------------------------------------------------------------------------------------------
// JSON and GraphML round trips.

#[test]
fn the_json_export_loads_back_into_the_same_graph() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("world.json");
    stdout_of(&["export", "json", "-o", file.to_str().unwrap()]);
    let again = |args: &[&str]| {
        let mut all = vec!["--no-default-data", "--data", file.to_str().unwrap()];
        all.extend_from_slice(args);
        stdout_of(&all)
    };
    assert_eq!(again(&["stats", "--json"]), stdout_of(&["stats", "--json"]));
    for name in ["SenseTime", "SoftBank Vision Fund", "Megvii", "Pentagon"] {
        assert_eq!(
            again(&["show", name, "--json"]),
            stdout_of(&["show", name, "--json"])
        );
    }
}

/// The nodes (id → kind) and edges (source, target, relation type) of a GraphML document.
type GraphmlContent = (BTreeMap<String, String>, Vec<(String, String, String)>);

fn graphml_content(text: &str) -> GraphmlContent {
    let doc = roxmltree::Document::parse(text).expect("GraphML is XML");
    let ns = "http://graphml.graphdrawing.org/xmlns";
    let keys: HashMap<&str, (&str, &str)> = doc
        .descendants()
        .filter(|n| n.has_tag_name((ns, "key")))
        .map(|k| {
            (
                k.attribute("id").unwrap(),
                (
                    k.attribute("attr.name").unwrap(),
                    k.attribute("attr.type").unwrap(),
                ),
            )
        })
        .collect();
    let data = |element: roxmltree::Node<'_, '_>, name: &str| -> Option<String> {
        element
            .children()
            .filter(|d| d.has_tag_name((ns, "data")))
            .find(|d| keys[d.attribute("key").unwrap()].0 == name)
            .map(|d| d.text().unwrap_or("").to_string())
    };
    for (name, kind) in keys.values() {
        assert!(
            ["string", "double", "boolean"].contains(kind),
            "{name} has type {kind}"
        );
    }
    let nodes = doc
        .descendants()
        .filter(|n| n.has_tag_name((ns, "node")))
        .map(|n| {
            (
                n.attribute("id").unwrap().to_string(),
                data(n, "kind").unwrap(),
            )
        })
        .collect();
    let mut edges: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name((ns, "edge")))
        .map(|e| {
            (
                e.attribute("source").unwrap().to_string(),
                e.attribute("target").unwrap().to_string(),
                data(e, "relation_type").unwrap(),
            )
        })
        .collect();
    edges.sort();
    (nodes, edges)
}

#[test]
fn graphml_parses_and_carries_every_id_kind_and_relation_type() {
    let (nodes, edges) = graphml_content(&stdout_of(&["export", "graphml"]));
    let graph = common::bundled();
    let expected_nodes: BTreeMap<String, String> = graph
        .entities()
        .map(|(_, e)| (e.id.clone(), e.kind.to_string()))
        .collect();
    let mut expected_edges: Vec<_> = graph
        .relations()
        .map(|r| {
            (
                graph.entity(r.from).id.clone(),
                graph.entity(r.to).id.clone(),
                r.relation.kind.to_string(),
            )
        })
        .collect();
    expected_edges.sort();
    assert_eq!(nodes, expected_nodes);
    assert_eq!(edges, expected_edges);
}

#[test]
fn graphml_marks_a_highlighted_path() {
    let text = stdout_of(&[
        "export",
        "graphml",
        "--highlight",
        "SoftBank",
        "China Mobile",
    ]);
    assert!(text.contains("attr.name=\"highlighted\" attr.type=\"boolean\""));
    let marked = text.matches("highlighted\">true<").count();
    assert_eq!(marked, 4 + 3, "four entities and three relations");
}

// ---------------------------------------------------------------------------------------------
// Selections from the queries: --path, --overlap, --exposure.

/// The entity ids and relations (from, type, to) of a dataset in the native format.
type Content = (BTreeSet<String>, BTreeSet<(String, String, String)>);

fn json_content(text: &str) -> Content {
    let doc: serde_json::Value = serde_json::from_str(text).expect("the export is JSON");
    let entities = doc["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_string())
        .collect();
    let relations = doc["relations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let field = |name: &str| r[name].as_str().unwrap().to_string();
            (field("from"), field("type"), field("to"))
        })
        .collect();
    (entities, relations)
}

/// The entity ids and relations of every path that `path ARGS --json` prints.
fn path_content(args: &[&str]) -> Content {
    let doc = common::json_of(&[&["path"], args].concat());
    let (mut entities, mut relations) = Content::default();
    for path in doc["paths"].as_array().unwrap() {
        for e in path["entities"].as_array().unwrap() {
            entities.insert(e["id"].as_str().unwrap().to_string());
        }
        for hop in path["hops"].as_array().unwrap() {
            for r in hop["relations"].as_array().unwrap() {
                let field = |name: &str| r[name].as_str().unwrap().to_string();
                relations.insert((field("from"), field("type"), field("to")));
            }
        }
    }
    (entities, relations)
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn relation(from: &str, kind: &str, to: &str) -> (String, String, String) {
    (from.into(), kind.into(), to.into())
}

#[test]
fn query_selections_render_without_warnings() {
    require_dot!();
    for (args, shown) in [
        (
            vec!["--path", "SoftBank", "Chongqing police"],
            "SoftBank Vision Fund (fund)",
        ),
        (
            vec!["--path", "Alibaba", "Face++", "--k", "3"],
            "Megvii (company, CN)",
        ),
        (
            vec!["--overlap", "SenseTime", "Megvii", "--rollup"],
            "Alibaba (company)",
        ),
        (
            vec!["--exposure", "SoftBank", "--rollup"],
            "Police Department in Chongqing (government, CN)",
        ),
    ] {
        let mut all = vec!["export", "dot"];
        all.extend_from_slice(&args);
        let tooltips = svg_tooltips(&dot_to_svg(&stdout_of(&all)));
        assert!(
            tooltips.iter().any(|t| t == shown),
            "{args:?}: {tooltips:?}"
        );
    }
}

#[test]
fn a_path_export_holds_exactly_the_entities_and_relations_of_the_path() {
    let (entities, relations) = json_content(&stdout_of(&[
        "export",
        "json",
        "--path",
        "SoftBank",
        "Chongqing police",
    ]));
    assert_eq!(
        entities,
        set(&[
            "chongqing-police",
            "sensetime",
            "softbank",
            "softbank-vision-fund"
        ])
    );
    assert_eq!(
        relations,
        [
            relation("sensetime", "contracts_with", "chongqing-police"),
            relation("softbank", "owns", "softbank-vision-fund"),
            relation("softbank-vision-fund", "invests_in", "sensetime"),
        ]
        .into()
    );

    // Whatever the flags, the export holds what `path` prints with the same flags.
    for flags in [
        vec!["SoftBank", "Chongqing police"],
        vec!["Alibaba", "Face++", "--k", "3"],
        vec!["SoftBank", "China Mobile", "--directed"],
        vec![
            "Alibaba",
            "Chongqing police",
            "--rel",
            "invests_in,contracts_with",
        ],
        vec![
            "Megvii",
            "Chongqing police",
            "--k",
            "3",
            "--avoid",
            "Face++",
            "--max-len",
            "3",
        ],
        vec!["Alibaba", "Chongqing police", "--status", "confirmed"],
    ] {
        let mut args = vec!["export", "json", "--path"];
        args.extend_from_slice(&flags);
        assert_eq!(
            json_content(&stdout_of(&args)),
            path_content(&flags),
            "{flags:?}"
        );
    }
}

#[test]
fn the_drawing_of_a_path_names_it_and_its_filters_and_dashes_the_reported_stake() {
    let dot = stdout_of(&["export", "dot", "--path", "SoftBank", "Chongqing police"]);
    assert!(
        dot.contains(
            "label=\"Path from SoftBank to Police Department in Chongqing\\nSource: “Big Investors"
        ),
        "{dot}"
    );
    let stake = dot
        .lines()
        .find(|l| l.contains("\"softbank-vision-fund\" -> \"sensetime\""))
        .unwrap();
    assert!(stake.contains("style=\"dashed\""), "{stake}");
    assert!(
        stake.contains("label=\"USD 1 billion\\nreported\""),
        "{stake}"
    );

    let dot = stdout_of(&[
        "export",
        "dot",
        "--path",
        "Alibaba",
        "Face++",
        "--k",
        "3",
        "--status",
        "confirmed,expected",
        "--avoid",
        "SenseTime",
    ]);
    assert!(
        dot.contains(
            "label=\"1 path from Alibaba to Face++ (asked for 3; there are no more)\\n\
             Filters: status confirmed,expected; avoiding SenseTime\\n"
        ),
        "{dot}"
    );
}

#[test]
fn a_path_that_does_not_exist_fails_saying_why_and_writes_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("path.svg");
    let args = [
        "export",
        "svg",
        "--path",
        "SoftBank Vision Fund",
        "Chongqing police",
        "--status",
        "confirmed",
        "-o",
        target.to_str().unwrap(),
    ];
    // The reason is the one `path` gives.
    let why = stdout_of(&[
        "path",
        "SoftBank Vision Fund",
        "Chongqing police",
        "--status",
        "confirmed",
    ]);
    assert!(why.contains("when reported relations are allowed"), "{why}");
    fails_with(&args, &format!("error: nothing to export: {why}"));
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "a file was left"
    );

    fails_with(
        &[
            "export",
            "dot",
            "--path",
            "SoftBank",
            "Chongqing police",
            "--max-len",
            "2",
        ],
        "nothing to export: no path from SoftBank to Police Department in Chongqing of at most \
         2 hops; there is one of length 3 when it may have 3 hops",
    );
    fails_with(
        &["export", "dot", "--path", "Megvii", "Pentagon"],
        "nothing to export: no path from Megvii to Pentagon: they are not connected in the data",
    );
    fails_with(
        &[
            "export",
            "dot",
            "--path",
            "SoftBank",
            "Chongqing police",
            "--avoid",
            "SoftBank",
        ],
        "--avoid names SoftBank, an end of the path",
    );
}

#[test]
fn an_overlap_export_holds_the_companies_and_the_investor_they_share() {
    let (entities, relations) = json_content(&stdout_of(&[
        "export",
        "json",
        "--overlap",
        "SenseTime",
        "Megvii",
    ]));
    assert_eq!(entities, set(&["alibaba", "megvii", "sensetime"]));
    assert_eq!(
        relations,
        [
            relation("alibaba", "invests_in", "megvii"),
            relation("alibaba", "invests_in", "sensetime"),
        ]
        .into()
    );
    let dot = stdout_of(&[
        "export",
        "dot",
        "--overlap",
        "SenseTime",
        "Megvii",
        "--rollup",
    ]);
    assert!(
        dot.contains(
            "label=\"Investors shared by SenseTime and Megvii, funds counted under their owners\\n"
        ),
        "{dot}"
    );
    fails_with(
        &["export", "dot", "--overlap", "SenseTime", "Megvii", "Didi"],
        "nothing to export: SenseTime, Megvii and Didi share no investor",
    );
    fails_with(
        &["export", "dot", "--overlap", "SenseTime", "sensetime"],
        "name two or more different companies (export dot --overlap SenseTime Megvii)",
    );
}

#[test]
fn an_exposure_export_holds_the_chain_to_the_chongqing_police() {
    let (entities, relations) = json_content(&stdout_of(&[
        "export",
        "json",
        "--exposure",
        "SoftBank Vision Fund",
    ]));
    assert_eq!(
        entities,
        set(&["chongqing-police", "sensetime", "softbank-vision-fund"])
    );
    assert_eq!(
        relations,
        [
            relation("sensetime", "contracts_with", "chongqing-police"),
            relation("softbank-vision-fund", "invests_in", "sensetime"),
        ]
        .into()
    );
    let dot = stdout_of(&["export", "dot", "--exposure", "SoftBank", "--rollup"]);
    assert!(dot.contains("label=\"Exposure of SoftBank: "), "{dot}");
    assert!(dot.contains("\"softbank\" -> \"softbank-vision-fund\""));
    assert!(dot.contains("\"sensetime\" -> \"chongqing-police\""));

    fails_with(
        &["export", "dot", "--exposure", "SoftBank"],
        "nothing to export: SoftBank reaches no government body or state-owned company by its \
         own contracts or through its portfolio; with --rollup it does, through the entities it owns",
    );
    fails_with(
        &[
            "export",
            "dot",
            "--exposure",
            "Vision Fund",
            "--status",
            "confirmed",
        ],
        "through its portfolio with status confirmed",
    );
}

#[test]
fn query_selection_flags_are_refused_where_they_do_not_apply() {
    for flag in [
        &["--k", "2"][..],
        &["--directed"],
        &["--avoid", "Alibaba"],
        &["--max-len", "2"],
    ] {
        let mut args = vec!["export", "dot"];
        args.extend(flag);
        refused_with(
            &args,
            "required arguments were not provided:\n  --path <FROM> <TO>",
        );
    }
    refused_with(
        &["export", "dot", "--focus", "SenseTime", "--rollup"],
        "<--overlap <COMPANY> <COMPANY>...|--exposure <INVESTOR>>",
    );
    refused_with(
        &[
            "export",
            "dot",
            "--overlap",
            "SenseTime",
            "Megvii",
            "--rel",
            "owns",
        ],
        "'--overlap <COMPANY> <COMPANY>...' cannot be used with '--rel <TYPES>'",
    );
    dealgraph()
        .args([
            "export",
            "dot",
            "--focus",
            "SenseTime",
            "--exposure",
            "SoftBank",
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("cannot be used with"));
}

#[test]
fn a_path_export_round_trips_through_json_and_graphml() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("path.json");
    let path = ["SoftBank", "Chongqing police"];
    stdout_of(&[
        "export",
        "json",
        "--path",
        path[0],
        path[1],
        "-o",
        file.to_str().unwrap(),
    ]);
    let text = std::fs::read_to_string(&file).unwrap();
    // The path found in the file alone is the one found in the whole graph, hop for hop.
    let again = stdout_of(&[
        "--no-default-data",
        "--data",
        file.to_str().unwrap(),
        "path",
        path[0],
        path[1],
        "--json",
    ]);
    assert_eq!(again, stdout_of(&["path", path[0], path[1], "--json"]));

    let (nodes, edges) = graphml_content(&stdout_of(&[
        "export", "graphml", "--path", path[0], path[1],
    ]));
    let (entities, relations) = json_content(&text);
    assert_eq!(nodes.keys().cloned().collect::<BTreeSet<_>>(), entities);
    let graph = common::bundled();
    for (id, kind) in &nodes {
        let ix = graph.by_id(id).unwrap();
        assert_eq!(*kind, graph.entity(ix).kind.to_string(), "{id}");
    }
    let edges: BTreeSet<_> = edges
        .into_iter()
        .map(|(from, to, kind)| (from, kind, to))
        .collect();
    assert_eq!(edges, relations);
}

#[test]
fn a_highlight_inside_a_query_selection_is_the_shared_shortest_path() {
    let dot = stdout_of(&[
        "export",
        "dot",
        "--overlap",
        "SenseTime",
        "Megvii",
        "--highlight",
        "SenseTime",
        "Megvii",
    ]);
    assert!(dot.contains("Marked: the shortest path from SenseTime to Megvii"));
    let bold = dot
        .lines()
        .filter(|l| l.contains("penwidth=\"3.5\""))
        .count();
    assert_eq!(bold, 2, "{dot}");
    fails_with(
        &[
            "export",
            "dot",
            "--exposure",
            "Vision Fund",
            "--highlight",
            "SoftBank",
            "Chongqing police",
        ],
        "\"SoftBank\" (SoftBank) is not in the selection",
    );
}

#[test]
fn query_selections_export_at_the_prompt() {
    dealgraph()
        .write_stdin("export dot --path softbank \"chongqing police\"\nexport dot --overlap sensetime megvii\n")
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "label=\"Path from SoftBank to Police Department in Chongqing",
        ))
        .stdout(predicates::str::contains(
            "label=\"Investors shared by SenseTime and Megvii",
        ));
}

// ---------------------------------------------------------------------------------------------
// FollowTheMoney, against the schema files.

/// The FtM schemata, by name, from the shared YAML files.
struct Schemata(HashMap<String, Yaml>);

impl Schemata {
    fn load(dir: &Path) -> Self {
        let mut map = HashMap::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().and_then(|e| e.to_str()) != Some("yaml") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let docs = YamlLoader::load_from_str(&text).unwrap();
            for (name, body) in docs[0].as_hash().unwrap() {
                map.insert(name.as_str().unwrap().to_string(), body.clone());
            }
        }
        assert!(map.contains_key("Ownership") && map.contains_key("Thing"));
        Schemata(map)
    }

    /// The schema and every schema it extends, nearest first.
    fn lineage(&self, name: &str) -> Vec<String> {
        let mut seen = vec![name.to_string()];
        let mut i = 0;
        while i < seen.len() {
            if let Some(parents) = self.0[&seen[i]]["extends"].as_vec() {
                for p in parents {
                    let p = p.as_str().unwrap().to_string();
                    if !seen.contains(&p) {
                        seen.push(p);
                    }
                }
            }
            i += 1;
        }
        seen
    }

    fn property(&self, schema: &str, name: &str) -> Option<&Yaml> {
        self.lineage(schema)
            .iter()
            .map(|s| &self.0[s]["properties"][name])
            .find(|p| !p.is_badvalue())
    }

    fn required(&self, schema: &str) -> BTreeSet<String> {
        self.lineage(schema)
            .iter()
            .filter_map(|s| self.0[s]["required"].as_vec())
            .flatten()
            .map(|r| r.as_str().unwrap().to_string())
            .collect()
    }
}

/// Every way an FtM JSON lines text breaks the schemata: unknown or abstract schemata, unknown
/// properties, missing required ones, references to entities not in the text or out of range.
fn ftm_problems(text: &str, schemata: &Schemata) -> Vec<String> {
    let mut problems = Vec::new();
    let records: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is one JSON object"))
        .collect();
    let schema_of: HashMap<&str, &str> = records
        .iter()
        .map(|r| (r["id"].as_str().unwrap(), r["schema"].as_str().unwrap()))
        .collect();
    assert_eq!(schema_of.len(), records.len(), "ids are unique");
    for r in &records {
        let (id, schema) = (r["id"].as_str().unwrap(), r["schema"].as_str().unwrap());
        let Some(body) = schemata.0.get(schema) else {
            problems.push(format!("{id}: no schema {schema}"));
            continue;
        };
        if body["abstract"].as_bool() == Some(true) {
            problems.push(format!("{id}: {schema} is abstract"));
        }
        let properties = r["properties"].as_object().unwrap();
        for required in schemata.required(schema) {
            if !properties.contains_key(&required) {
                problems.push(format!("{id}: {schema} without its required {required}"));
            }
        }
        for (name, values) in properties {
            let Some(property) = schemata.property(schema, name) else {
                problems.push(format!("{id}: {schema} has no property {name}"));
                continue;
            };
            let values = values.as_array().expect("property values are a list");
            assert!(
                values.iter().all(|v| v.is_string()),
                "{id}.{name}: {values:?}"
            );
            if property["type"].as_str() == Some("entity") {
                let range = property["range"].as_str().unwrap();
                for v in values {
                    match schema_of.get(v.as_str().unwrap()) {
                        None => problems.push(format!("{id}.{name}: {v} is not in the output")),
                        Some(target) if !schemata.lineage(target).iter().any(|s| s == range) => {
                            problems.push(format!("{id}.{name}: {v} is a {target}, not a {range}"))
                        }
                        Some(_) => {}
                    }
                }
            }
        }
    }
    problems
}

#[test]
fn ftm_of_the_bundled_world_follows_the_schema_files() {
    let shared = require_shared!();
    let schemata = Schemata::load(&shared.join("data/ftm-schema-3.8.4"));
    let text = stdout_of(&["export", "ftm"]);
    assert_eq!(ftm_problems(&text, &schemata), Vec::<String>::new());
    let schemas: BTreeSet<&str> = text
        .lines()
        .map(|l| {
            let start = l.find("\"schema\":\"").unwrap() + 10;
            &l[start..start + l[start..].find('"').unwrap()]
        })
        .collect();
    assert_eq!(
        schemas,
        [
            "Asset",
            "Company",
            "Contract",
            "ContractAward",
            "Organization",
            "Ownership",
            "PublicBody",
            "UnknownLink"
        ]
        .into()
    );
    let vision = text
        .lines()
        .find(|l| l.starts_with("{\"id\":\"softbank-vision-fund.invests_in.sensetime\""))
        .expect("the Vision Fund's stake is an Ownership");
    let vision: serde_json::Value = serde_json::from_str(vision).unwrap();
    assert_eq!(vision["schema"], "Ownership");
    assert_eq!(vision["properties"]["sharesValue"][0], "1000000000");
    assert_eq!(vision["properties"]["sharesCurrency"][0], "USD");
    assert_eq!(vision["properties"]["status"][0], "reported");
}

/// People and organizations joined by every open-data relation type.
const OPEN_DATA: &str = r#"{
  "sources": [{ "id": "register", "title": "A register", "url": "https://example.org/register" }],
  "entities": [
    { "id": "ann", "name": "Ann", "kind": "person" },
    { "id": "bob", "name": "Bob", "kind": "person" },
    { "id": "acme", "name": "Acme", "kind": "company", "state_owned": true,
      "identifiers": { "lei": "5493001KJTIIGC8Y1R12", "ftm": "ftm-acme-1" } },
    { "id": "party", "name": "A Party", "kind": "organization" },
    { "id": "ministry", "name": "A Ministry", "kind": "government", "country": "DE" }
  ],
  "relations": [
    { "from": "acme", "to": "party", "type": "pays", "status": "confirmed", "date": "2019-03-01",
      "amount": { "value": 5000, "currency": "EUR" }, "ftm_schema": "Payment",
      "sources": [{ "source": "register" }] },
    { "from": "acme", "to": "ministry", "type": "owes", "status": "confirmed",
      "amount": { "value": 10, "currency": "EUR" }, "sources": [{ "source": "register" }] },
    { "from": "ann", "to": "acme", "type": "directs", "status": "confirmed", "role": "CEO",
      "start": "2015", "sources": [{ "source": "register" }] },
    { "from": "bob", "to": "party", "type": "member_of", "status": "ended", "end": "2018",
      "sources": [{ "source": "register" }] },
    { "from": "acme", "to": "bob", "type": "employs", "status": "confirmed", "sources": [{ "source": "register" }] },
    { "from": "ann", "to": "acme", "type": "represents", "status": "confirmed", "sources": [{ "source": "register" }] },
    { "from": "ann", "to": "bob", "type": "family_of", "status": "confirmed", "role": "sibling",
      "sources": [{ "source": "register" }] },
    { "from": "bob", "to": "ann", "type": "associate_of", "status": "reported", "sources": [{ "source": "register" }] },
    { "from": "party", "to": "ministry", "type": "succeeded_by", "status": "confirmed", "sources": [{ "source": "register" }] },
    { "from": "ann", "to": "party", "type": "linked_to", "status": "confirmed", "sources": [{ "source": "register" }] },
    { "from": "ann", "to": "party", "type": "leads", "status": "confirmed", "sources": [{ "source": "register" }] },
    { "from": "ministry", "to": "acme", "type": "owns", "status": "confirmed", "stake_pct": 51,
      "sources": [{ "source": "register" }] },
    { "from": "bob", "to": "ministry", "type": "occupies", "status": "confirmed", "sources": [{ "source": "register" }] },
    { "from": "acme", "to": "ministry", "type": "contracts_with", "status": "confirmed",
      "amount": { "value": 99, "currency": "EUR" }, "sources": [{ "source": "register" }] }
  ]
}"#;

#[test]
fn ftm_maps_every_open_data_relation_type_to_its_schema() {
    let shared = require_shared!();
    let schemata = Schemata::load(&shared.join("data/ftm-schema-3.8.4"));
    let (_dir, path) = temp_file("open.json", OPEN_DATA);
    let text = common::export_of(&path, "ftm");
    assert_eq!(ftm_problems(&text, &schemata), Vec::<String>::new());
    let records: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let schema = |id: &str| {
        records
            .iter()
            .find(|r| r["id"] == id)
            .unwrap_or_else(|| panic!("no {id} in {text}"))["schema"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(schema("ftm-acme-1.pays.party"), "Payment");
    assert_eq!(schema("ftm-acme-1.owes.ministry"), "Debt");
    assert_eq!(schema("ann.directs.ftm-acme-1"), "Directorship");
    assert_eq!(schema("bob.member_of.party"), "Membership");
    assert_eq!(schema("ftm-acme-1.employs.bob"), "Employment");
    assert_eq!(schema("ann.represents.ftm-acme-1"), "Representation");
    assert_eq!(schema("ann.family_of.bob"), "Family");
    assert_eq!(schema("bob.associate_of.ann"), "Associate");
    assert_eq!(schema("party.succeeded_by.ministry"), "Succession");
    assert_eq!(schema("ann.linked_to.party"), "UnknownLink");
    assert_eq!(schema("ann.leads.party"), "Directorship");
    assert_eq!(schema("ministry.owns.ftm-acme-1"), "Ownership");
    assert_eq!(schema("bob.occupies.ministry"), "UnknownLink");
    assert_eq!(
        schema("ftm-acme-1.contracts_with.ministry"),
        "ContractAward"
    );
    assert_eq!(
        schema("ftm-acme-1.contracts_with.ministry.contract"),
        "Contract"
    );
    let acme = records.iter().find(|r| r["id"] == "ftm-acme-1").unwrap();
    assert_eq!(acme["properties"]["leiCode"][0], "5493001KJTIIGC8Y1R12");
    assert_eq!(acme["properties"]["topics"][0], "gov.soe");
}

// ---------------------------------------------------------------------------------------------
// Hostile names in every format.

const EVIL: &str =
    "Evil \"Corp\"]; <script>alert(1)</script> & Co \\ back\\slash {braces} &lt;b&gt; |pipe|";
const EVIL_ID: &str = "evil\"];{x}<y>&amp;";
const TWO_LINES: &str = "First line\nSecond line";
const RTL: &str = "شركة الاختبار والتجارب المحدودة עברית";
const CJK: &str = "商汤科技 株式会社 😀";

/// 10,000 characters.
fn long_name() -> String {
    format!("{}Long name!", "Long name ".repeat(999))
}

/// A data file of entities with hostile names and ids, joined by relations with hostile notes.
fn hostile_data() -> (tempfile::TempDir, std::path::PathBuf) {
    let entity = |id: &str, name: &str, kind: &str| {
        serde_json::json!({ "id": id, "name": name, "kind": kind,
                            "aliases": [format!("{name} 'alias'")] })
    };
    let relation = |from: &str, to: &str, kind: &str| {
        serde_json::json!({ "from": from, "to": to, "type": kind, "status": "reported",
                            "note": "note \"]; <i>\n", "role": "CEO \"boss\" <b>",
                            "amount": { "value": 1234.5, "currency": "EUR", "qualifier": "about" },
                            "sources": [{ "source": "s\"1", "quote": "a \"quote\"\nover two lines" }] })
    };
    let data = serde_json::json!({
        "sources": [{ "id": "s\"1", "title": "Notes \"quoted\" <b>", "publisher": "Pub & Co",
                      "url": "https://example.org/?a=1&b=<2>" }],
        "entities": [
            entity(EVIL_ID, EVIL, "company"),
            entity("two-lines", TWO_LINES, "person"),
            entity("rtl", RTL, "government"),
            entity("long", &long_name(), "fund"),
            entity("cjk", CJK, "organization"),
        ],
        "relations": [
            relation(EVIL_ID, "two-lines", "employs"),
            relation("long", EVIL_ID, "invests_in"),
            relation("rtl", "cjk", "pays"),
            relation(EVIL_ID, "rtl", "contracts_with"),
            relation("cjk", "long", "linked_to"),
        ]
    });
    temp_file(
        "hostile.json",
        &serde_json::to_string_pretty(&data).unwrap(),
    )
}

fn hostile_names() -> Vec<String> {
    vec![
        EVIL.to_string(),
        TWO_LINES.to_string(),
        RTL.to_string(),
        long_name(),
        CJK.to_string(),
    ]
}

fn export_hostile(format: &str) -> String {
    let (_dir, path) = hostile_data();
    common::export_of(&path, format)
}

#[test]
fn hostile_names_render_in_dot_and_show_as_given() {
    require_dot!();
    let dot = export_hostile("dot");
    let tooltips = svg_tooltips(&dot_to_svg(&dot));
    for (name, kind) in hostile_names()
        .iter()
        .zip(["company", "person", "government", "fund"])
    {
        // A tooltip shows a backslash as ∖ (U+2216), which Graphviz cannot take for an escape.
        let wanted = format!("{} ({kind})", name.replace('\\', "\u{2216}"));
        let shown: String = wanted.chars().take(60).collect();
        assert!(tooltips.contains(&wanted), "no tooltip {shown:?}");
    }
    assert!(tooltips.iter().any(|t| t.starts_with(CJK)));
    assert!(dot.contains(&format!("\"{}\" [label=", "evil\\\"];{x}<y>&amp;amp;")));
    assert!(
        dot.contains("label=\"Long name Long name\\nLong name"),
        "long names wrap"
    );
    let long = dot
        .lines()
        .find(|l| l.starts_with("    \"long\" ["))
        .unwrap();
    assert!(
        long.contains("Long name…\", tooltip="),
        "a label is cut at 100 characters"
    );
    assert!(long.contains(&format!("tooltip=\"{} (fund)\"", long_name())));
}

#[test]
fn hostile_names_survive_json() {
    let doc: serde_json::Value = serde_json::from_str(&export_hostile("json")).unwrap();
    let names: BTreeSet<String> = doc["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(names, hostile_names().into_iter().collect());
    assert!(
        doc["entities"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["id"] == EVIL_ID)
    );
}

#[test]
fn hostile_names_survive_graphml() {
    let text = export_hostile("graphml");
    let doc = roxmltree::Document::parse(&text).expect("GraphML is XML");
    let labels: BTreeSet<String> = doc
        .descendants()
        .filter(|n| n.attribute("key") == Some("n_label"))
        .map(|n| n.text().unwrap().to_string())
        .collect();
    assert_eq!(labels, hostile_names().into_iter().collect());
    let ids: BTreeSet<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("node"))
        .map(|n| n.attribute("id").unwrap())
        .collect();
    assert!(ids.contains(EVIL_ID));
    assert!(
        doc.descendants()
            .any(|n| n.attribute("key") == Some("e_note") && n.text() == Some("note \"]; <i>\n"))
    );
    let (nodes, edges) = graphml_content(&text);
    assert_eq!((nodes.len(), edges.len()), (5, 5));
}

#[test]
fn hostile_names_survive_ftm() {
    let text = export_hostile("ftm");
    let names: BTreeSet<String> = text
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("one JSON object a line"))
        .filter(|r| r["schema"] != "Contract")
        .filter_map(|r| r["properties"]["name"][0].as_str().map(String::from))
        .collect();
    assert_eq!(names, hostile_names().into_iter().collect());
    if let Some(shared) = common::shared_or_skip(&format!(
        "{} (its check against the FtM schema files)",
        common::this_test()
    )) {
        let schemata = Schemata::load(&shared.join("data/ftm-schema-3.8.4"));
        assert_eq!(ftm_problems(&text, &schemata), Vec::<String>::new());
    }
}

/// The string literals of one Cypher statement, unescaped, after checking that the statement
/// ends with `;` outside any literal.
fn cypher_literals(statement: &str) -> Vec<String> {
    let mut literals = Vec::new();
    let mut chars = statement.chars();
    let mut last_outside = ' ';
    while let Some(c) = chars.next() {
        if c != '\'' {
            if !c.is_whitespace() {
                last_outside = c;
            }
            continue;
        }
        let mut literal = String::new();
        loop {
            match chars.next().expect("the literal is closed on its line") {
                '\'' => break,
                '\\' => match chars.next().unwrap() {
                    'n' => literal.push('\n'),
                    'r' => literal.push('\r'),
                    't' => literal.push('\t'),
                    'u' => {
                        let hex: String = chars.by_ref().take(4).collect();
                        literal
                            .push(char::from_u32(u32::from_str_radix(&hex, 16).unwrap()).unwrap());
                    }
                    other => literal.push(other),
                },
                c => literal.push(c),
            }
        }
        literals.push(literal);
        last_outside = '\'';
    }
    assert_eq!(last_outside, ';', "a statement ends with ;: {statement}");
    literals
}

#[test]
fn hostile_names_survive_cypher() {
    let text = export_hostile("cypher");
    let mut literals = BTreeSet::new();
    for statement in text.lines().filter(|l| !l.starts_with("//")) {
        assert!(
            statement.starts_with("MERGE (e:Entity {id: ")
                || statement.starts_with("MATCH (a:Entity {id: "),
            "{statement}"
        );
        literals.extend(cypher_literals(statement));
    }
    for name in hostile_names() {
        assert!(literals.contains(&name), "{name:?} is not a literal");
    }
    assert!(literals.contains(EVIL_ID));
    assert!(literals.contains("note \"]; <i>\n"));
}

#[test]
fn the_bundled_world_as_cypher_is_one_statement_a_line() {
    let text = stdout_of(&["export", "cypher"]);
    let statements: Vec<&str> = text.lines().filter(|l| !l.starts_with("//")).collect();
    assert_eq!(statements.len(), 37 + 30);
    for s in &statements {
        cypher_literals(s);
    }
    assert!(text.contains(
        "MERGE (a)-[r:INVESTS_IN {key: 'softbank-vision-fund invests_in sensetime 1'}]->(b) \
         SET r.status = 'reported', r.amount = 1000000000, r.amount_currency = 'USD'"
    ));
}

use predicates::prelude::*;

#[test]
fn a_dash_as_output_means_standard_output_not_a_file_named_dash() {
    let dir = tempfile::tempdir().unwrap();
    let output = common::dealgraph()
        .current_dir(dir.path())
        .args(["export", "json", "--focus", "Megvii", "-o", "-"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let doc: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("the dataset on stdout");
    assert!(
        doc["entities"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["id"] == "megvii")
    );
    assert!(!dir.path().join("-").exists());
}

#[test]
fn each_status_has_a_line_style_of_its_own() {
    use dealgraph::export::dot::status_line;
    use dealgraph::model::Status;
    let styles: std::collections::HashSet<_> =
        Status::ALL.iter().map(|&s| status_line(s)).collect();
    assert_eq!(styles.len(), Status::ALL.len());
    let dot = stdout_of(&["export", "dot"]);
    assert!(dot.contains("style=\"dashed\""), "reported");
    assert!(dot.contains("style=\"dotted\""), "expected");
}

#[test]
fn parallel_relations_of_one_type_fold_into_one_edge_with_their_count_and_total() {
    let (_dir, path) = temp_file(
        "payments.json",
        r#"{"sources":[{"id":"m","title":"Filings"}],
"entities":[{"id":"p","name":"Party","kind":"organization","sources":[{"source":"m"}]},
{"id":"d","name":"Donor","kind":"company","sources":[{"source":"m"}]}],
"relations":[
{"from":"d","to":"p","type":"pays","status":"confirmed","amount":{"value":100,"currency":"EUR"},"date":"2020","sources":[{"source":"m"}]},
{"from":"d","to":"p","type":"pays","status":"reported","amount":{"value":50,"currency":"EUR"},"date":"2022","sources":[{"source":"m"}]},
{"from":"d","to":"p","type":"owns","status":"confirmed","sources":[{"source":"m"}]}]}"#,
    );
    let dot = common::export_of(&path, "dot");
    let edges: Vec<&str> = dot
        .lines()
        .filter(|l| l.contains("\"d\" -> \"p\""))
        .collect();
    assert_eq!(edges.len(), 2, "one edge a type: {edges:?}");
    let pays = edges
        .iter()
        .find(|l| l.contains("4D9221") || l.contains("2 payments"))
        .unwrap();
    assert!(
        pays.contains("label=\"2 payments\\nEUR 150\\n2020 – 2022\\n1 reported\""),
        "{pays}"
    );
    assert!(
        pays.contains("style=\"dashed\""),
        "drawn as its weakest status: {pays}"
    );
    // Graphviz reads it.
    dot_to_svg(&dot);
}

#[test]
fn a_drawing_can_leave_its_legend_out() {
    let dot = stdout_of(&["export", "dot", "--no-legend"]);
    assert!(!dot.contains("legend"), "{dot}");
    common::fails_with(
        &["export", "json", "--no-legend"],
        "--no-legend applies to dot, svg and png, not to json",
    );
}

#[test]
fn a_drawing_of_the_whole_graph_is_titled_by_what_it_shows() {
    let dot = stdout_of(&["export", "dot"]);
    assert!(
        dot.contains(
            "label=\"Investments, products, lobbying, contracts and more among 37 entities\\n"
        ),
        "{}",
        dot.lines().nth(1).unwrap_or("")
    );
    let owned = stdout_of(&["export", "dot", "--rel", "owns"]);
    assert!(
        owned.contains("label=\"Ownership among 2 entities\\n"),
        "{owned}"
    );
}

#[test]
fn dpi_and_size_pass_through_to_graphviz() {
    let dot = stdout_of(&[
        "export",
        "dot",
        "--dpi",
        "150",
        "--size",
        "1200x800",
        "--no-legend",
    ]);
    let graph = dot.lines().nth(1).unwrap();
    assert!(graph.contains("dpi=\"150\""), "{graph}");
    // 1200 × 800 pixels at 150 dots per inch.
    assert!(graph.contains("size=\"8,5.33\""), "{graph}");
    let plain = stdout_of(&["export", "dot", "--size", "960x480"]);
    assert!(plain.lines().nth(1).unwrap().contains("size=\"10,5\""));
    fails_with(
        &["export", "svg", "--dpi", "150"],
        "--dpi applies to png (and dot, which carries it), not to svg",
    );
    fails_with(
        &["export", "json", "--size", "800x600"],
        "--size applies to dot, svg and png, not to json",
    );
    refused_with(
        &["export", "png", "--size", "800"],
        "\"800\" is not a size; give the largest width and height in pixels, as 1200x800",
    );
    refused_with(
        &["export", "png", "--dpi", "5000"],
        "5000 is not in 36..=600",
    );
}

/// The width and height of a PNG, from its header.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    let number = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    (number(16), number(20))
}

#[test]
fn a_png_is_drawn_at_the_dpi_and_within_the_size_asked() {
    require_dot!();
    let png = |extra: &[&str]| {
        let mut args = vec!["export", "png", "--path", "SoftBank", "Chongqing police"];
        args.extend(extra);
        let out = dealgraph().args(&args).output().unwrap();
        assert!(out.status.success(), "{args:?}");
        png_size(&out.stdout)
    };
    let (width, height) = png(&[]);
    let (wide, high) = png(&["--dpi", "192"]);
    assert!(
        wide.abs_diff(2 * width) <= 4 && high.abs_diff(2 * height) <= 4,
        "96 dpi: {width}×{height}, 192 dpi: {wide}×{high}"
    );
    let (w, h) = png(&["--size", "500x400"]);
    assert!(w <= 500 && h <= 400 && w >= 480, "{w}×{h} in 500×400");
    // An SVG's size is in points, 3 for 4 pixels: 800 pixels are 600 points.
    let svg = stdout_of(&["export", "svg", "--size", "800x600"]);
    assert!(svg.contains("<svg width=\"600pt\""), "{}", &svg[..400]);
}

#[test]
fn the_drawing_names_a_font_with_chinese_japanese_and_korean() {
    let dot = stdout_of(&["export", "dot"]);
    assert!(
        dot.contains("fontname=\"Helvetica,Arial,Noto Sans CJK SC,sans-serif\""),
        "{}",
        dot.lines().nth(1).unwrap()
    );
}

#[test]
fn an_entity_with_the_id_legend_is_not_drawn_into_the_legend() {
    let (_dir, path) = temp_file(
        "legend.json",
        r#"{"sources":[{"id":"t","title":"Test-only data"}],
"entities":[{"id":"legend","name":"Legend Capital (test-only)","kind":"fund","sources":[{"source":"t"}]},
{"id":"acme","name":"Acme (test-only)","kind":"company","sources":[{"source":"t"}]}],
"relations":[{"from":"legend","to":"acme","type":"invests_in","status":"confirmed","sources":[{"source":"t"}]}]}"#,
    );
    let dot = common::export_of(&path, "dot");
    assert!(dot.contains("    \"legend\" [label=\"Legend Capital\\n(test-only)\""));
    assert!(dot.contains("    \"dealgraph legend\" [shape=\"plaintext\""));
    assert!(dot.contains("    \"acme\" -> \"dealgraph legend\" [style=\"invis\""));
    if common::dot_or_skip("the layout of a graph with an entity called legend") {
        let ((_, _), nodes) = plain_layout(&dot);
        assert_ne!(nodes["legend"], nodes["dealgraph legend"]);
    }
}

#[test]
fn a_range_of_stakes_is_kept_by_every_export_that_has_a_field_for_it() {
    let (_dir, path) = temp_file(
        "range.json",
        r#"{"sources":[{"id":"r","title":"Register"}],
"entities":[{"id":"a","name":"A","kind":"company"},{"id":"b","name":"B","kind":"company"}],
"relations":[{"from":"a","to":"b","type":"owns","status":"confirmed","stake_range":[25,50],"sources":[{"source":"r"}]}]}"#,
    );
    let json: serde_json::Value = serde_json::from_str(&common::export_of(&path, "json")).unwrap();
    assert_eq!(
        json["relations"][0]["stake_range"],
        serde_json::json!([25.0, 50.0])
    );
    let graphml = common::export_of(&path, "graphml");
    let doc = roxmltree::Document::parse(&graphml).unwrap();
    let value = |key: &str| {
        doc.descendants()
            .find(|n| n.has_tag_name("data") && n.attribute("key") == Some(key))
            .and_then(|n| n.text())
            .map(str::to_string)
    };
    assert_eq!(value("e_stake_pct_low").as_deref(), Some("25"));
    assert_eq!(value("e_stake_pct_high").as_deref(), Some("50"));
    let cypher = common::export_of(&path, "cypher");
    assert!(cypher.contains("r.stake_pct_low = 25"), "{cypher}");
    assert!(cypher.contains("r.stake_pct_high = 50"), "{cypher}");
    let text = stdout_of(&[
        "--no-default-data",
        "--data",
        path.to_str().unwrap(),
        "show",
        "A",
    ]);
    assert!(text.contains("25–50% stake"), "{text}");
}

/// The entities a DOT drawing draws: its node lines, not the legend's nor a round's point.
fn drawn_entities(dot: &str) -> BTreeSet<String> {
    dot.lines()
        .map(str::trim)
        .filter(|l| !l.contains(" -> ") && l.contains("\" [label="))
        .filter_map(|l| l.split('"').nth(1).map(str::to_string))
        .collect()
}

#[test]
fn a_large_selection_is_drawn_capped_with_a_note_of_what_was_left_out() {
    let Some(shared) = common::shared_or_skip(&common::this_test()) else {
        return;
    };
    let donations = shared.join("data/real/ftm_de_party_donations.ijson");
    let data = donations.to_str().unwrap();
    let base = ["-q", "--no-default-data", "--data", data];
    let run = |more: &[&str]| {
        let output = dealgraph()
            .args(base)
            .args(["export", "dot"])
            .args(more)
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        (
            String::from_utf8(output.stdout).unwrap(),
            String::from_utf8(output.stderr).unwrap(),
        )
    };

    let (dot, note) = run(&[]);
    assert_eq!(drawn_entities(&dot).len(), 40, "the default cap");
    assert!(
        dot.contains("Drawn: 40 of 95 entities, the best connected; 55 left out"),
        "{}",
        dot.lines().nth(1).unwrap_or("")
    );
    assert!(
        note.starts_with("note: the drawing holds 40 of the selection's 95 entities")
            && note.contains("--focus ENTITY"),
        "{note}"
    );
    // The parties, to which most donors give, are all kept.
    for party in ["SPD", "CDU", "FDP"] {
        assert!(dot.contains(&format!("label=\"{party}\"")), "{party}");
    }
    dot_to_svg(&dot);

    let (all, note) = run(&["--max-entities", "0"]);
    assert_eq!(drawn_entities(&all).len(), 95);
    assert!(!all.contains("Drawn:"));
    assert_eq!(note, "");

    let (few, _) = run(&["--max-entities", "12", "--focus", "SPD", "--depth", "2"]);
    let kept = drawn_entities(&few);
    assert_eq!(kept.len(), 12);
    assert!(
        few.contains("the nearest the focus and best connected"),
        "{few}"
    );
    // Each entity kept is joined to another: the cut leaves none alone.
    for id in &kept {
        assert!(
            few.lines().any(|l| l.contains(" -> ")
                && !l.contains("legend")
                && l.contains(&format!("\"{id}\""))),
            "{id} is drawn alone"
        );
    }

    let json = common::json_of(&[
        "-q",
        "--no-default-data",
        "--data",
        data,
        "export",
        "dot",
        "-o",
        "/dev/null",
    ]);
    assert_eq!(json["entities"], 40);
    assert_eq!(json["left_out"]["entities"], 55);
    assert_eq!(json["left_out"]["of_entities"], 95);
    assert_eq!(json["left_out"]["max_entities"], 40);
}

#[test]
fn a_selection_within_the_cap_is_drawn_whole_and_only_drawings_are_capped() {
    let output = dealgraph().args(["export", "dot"]).output().unwrap();
    let dot = String::from_utf8(output.stdout).unwrap();
    assert_eq!(drawn_entities(&dot).len(), 37);
    assert!(!dot.contains("Drawn:"));
    assert_eq!(String::from_utf8(output.stderr).unwrap(), "");
    let capped = stdout_of(&["export", "dot", "--max-entities", "5"]);
    assert_eq!(drawn_entities(&capped).len(), 5);
    fails_with(
        &["export", "json", "--max-entities", "5"],
        "--max-entities applies to dot, svg and png (the other formats write the whole \
         selection), not to json",
    );
}

#[test]
fn each_legend_row_is_as_wide_as_its_own_cells_and_graphviz_fits_them_without_a_warning() {
    let dot = stdout_of(&["export", "dot"]);
    let legend = dot
        .lines()
        .find(|l| l.trim_start().starts_with("\"dealgraph legend\" [shape"))
        .unwrap();
    let widths: Vec<usize> = legend
        .split("WIDTH=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap().parse().unwrap())
        .collect();
    assert_eq!(widths.len(), 3, "entities, relations, statuses: {legend}");
    // Seven relation types drawn are wider than five kinds or four statuses.
    assert!(widths[1] > widths[0] && widths[1] > widths[2], "{widths:?}");
    // The widths are wide enough for the fonts asked for and for a wider fallback:
    // `dot_to_svg` fails on any warning, "table size too small for content" among them.
    dot_to_svg(&dot);
    dot_to_svg(&dot.replace(
        "Helvetica,Arial,Noto Sans CJK SC,sans-serif",
        "DejaVu Sans:bold",
    ));
}
