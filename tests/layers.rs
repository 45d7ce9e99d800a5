//! The library's modules stand in layers, and a module uses only those below it: no module
//! reaches up, so no two modules depend on each other. Read from the source: every path
//! `crate::MODULE` outside comments and unit tests.

use std::path::Path;

mod common;

/// The top-level modules from the ground up; each may use only those before it.
const LAYERS: &[&str] = &[
    // The ground: words, dates, names, located problems, errors.
    "text",
    "cancel",
    "files",
    "date",
    "names",
    "diagnostic",
    "error",
    // The model and the one filter over it.
    "model",
    "filter",
    // The graph, parts of it, and its values in words.
    "graph",
    "subgraph",
    "render",
    // Algorithms, and the queries that answer in typed values.
    "algo",
    "query",
    // Reading and writing data.
    "load",
    "export",
    // A graph with settings, carrying out requests.
    "session",
    // The faces: printers, the grammar, the prompt and scripts, the binary's driver.
    "print",
    "cli",
    "repl",
    "app",
];

/// The code of a file without its comments and its unit tests (`#[cfg(test)]` to the end).
fn code(text: &str) -> String {
    let text = match text.find("#[cfg(test)]") {
        Some(at) => &text[..at],
        None => text,
    };
    text.lines()
        .map(|line| match line.find("//") {
            Some(at) => &line[..at],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every `crate::NAME` path in the code, with what comes before a `{` group too.
fn used_modules(code: &str) -> Vec<String> {
    let mut used = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if !name.is_empty() {
            used.push(name);
        }
    }
    used
}

fn rust_files(folder: &Path, found: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(folder).expect("src is readable") {
        let path = entry.expect("a folder entry").path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

#[test]
fn no_module_uses_one_above_it() {
    let src = common::root().join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let rank = |name: &str| LAYERS.iter().position(|m| *m == name);
    let mut upward = Vec::new();
    for file in &files {
        let relative = file.strip_prefix(&src).unwrap();
        let top = relative
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_string();
        if top == "lib" || top == "main" {
            continue;
        }
        let own = rank(&top).unwrap_or_else(|| {
            panic!(
                "src/{} is in no layer: add `{top}` to LAYERS",
                relative.display()
            )
        });
        let text = std::fs::read_to_string(file).unwrap();
        for used in used_modules(&code(&text)) {
            match rank(&used) {
                Some(r) if r > own => {
                    upward.push(format!("src/{} uses crate::{used}", relative.display()))
                }
                _ => {}
            }
        }
    }
    upward.sort();
    upward.dedup();
    assert!(
        upward.is_empty(),
        "modules that reach up a layer:\n{}",
        upward.join("\n")
    );
}

#[test]
fn the_reading_of_imports_finds_them() {
    let text = "use crate::graph::Graph; // crate::app\nfn f() { crate::load::load(); }\n#[cfg(test)]\nuse crate::repl;";
    assert_eq!(used_modules(&code(text)), ["graph", "load"]);
}
