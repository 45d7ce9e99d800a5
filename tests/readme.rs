//! The README tells the truth: every `$ dealgraph ...` example prints what the README shows,
//! and the example dataset of the data format section loads.
//!
//! An example is an indented line `$ COMMAND` (run by bash, with `dealgraph` on the PATH, in a
//! scratch folder that sees the project's `examples/` and `graph-data/` and a `../shared`); the
//! indented lines after it, up to the next `$` line or unindented text, are the expected output
//! (standard output, then standard error). A line `...` stands for any number of lines. A block
//! that shows the `dealgraph>` prompt is an interactive session, which the prompt tests cover.

mod common;

struct Example {
    line: usize,
    /// Examples in one indented block share a number: a later one may use what an earlier
    /// one wrote.
    block: usize,
    command: String,
    expected: Vec<String>,
}

fn examples(readme: &str) -> Vec<Example> {
    let mut examples: Vec<Example> = Vec::new();
    let mut current: Option<Example> = None;
    let mut block = 0;
    for (number, line) in readme.lines().enumerate() {
        if !line.is_empty() && !line.starts_with("    ") {
            block += 1;
        }
        if let Some(command) = line.strip_prefix("    $ ") {
            examples.extend(current.take());
            current = Some(Example {
                line: number + 1,
                block,
                command: command.to_string(),
                expected: Vec::new(),
            });
        } else if let Some(example) = current.as_mut() {
            if let Some(output) = line.strip_prefix("    ") {
                example.expected.push(output.to_string());
            } else if line.is_empty() {
                example.expected.push(String::new());
            } else {
                examples.extend(current.take());
            }
        }
    }
    examples.extend(current);
    for example in &mut examples {
        while example.expected.last().is_some_and(|l| l.is_empty()) {
            example.expected.pop();
        }
    }
    examples.retain(|e| {
        !e.expected
            .iter()
            .any(|l| l.starts_with("dealgraph>") || l.starts_with("dealgraph ("))
    });
    examples
}

/// Whether `actual` matches `expected`, where a `...` line matches any run of lines.
fn matches(expected: &[String], actual: &[&str]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((first, rest)) if first == "..." => {
            (0..=actual.len()).any(|skip| matches(rest, &actual[skip..]))
        }
        Some((first, rest)) => {
            actual
                .first()
                .is_some_and(|a| a.trim_end() == first.trim_end())
                && matches(rest, &actual[1..])
        }
    }
}

#[test]
fn every_example_in_the_readme_prints_what_it_shows() {
    let readme = std::fs::read_to_string(common::root().join("README.md")).unwrap();
    let examples = examples(&readme);
    assert!(examples.len() >= 4, "the README shows examples");
    let (_dir, work) = common::scratch();
    let binary = assert_cmd::cargo::cargo_bin("dealgraph");
    let path = format!(
        "{}:{}",
        binary.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut failures = Vec::new();
    let mut checked = 0;
    let mut skipped_blocks = std::collections::HashSet::new();
    for example in examples {
        let needs_shared =
            example.command.contains("../shared") || skipped_blocks.contains(&example.block);
        if needs_shared && common::shared_dir().is_none() {
            skipped_blocks.insert(example.block);
            common::cannot_run(&format!("README line {}", example.line), common::NO_SHARED);
            continue;
        }
        checked += 1;
        let output = std::process::Command::new("bash")
            .args(["-c", &example.command])
            .current_dir(&work)
            .env("PATH", &path)
            .env("NO_COLOR", "1")
            .env("DEALGRAPH_HISTORY", "")
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        let actual: Vec<&str> = text.lines().collect();
        if !matches(&example.expected, &actual) {
            failures.push(format!(
                "README line {}: {}\n--- the README shows:\n{}\n--- the program prints:\n{}",
                example.line,
                example.command,
                example.expected.join("\n"),
                text
            ));
        }
    }
    assert!(checked >= 6, "only {checked} README examples were checked");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn the_data_format_example_loads() {
    let readme = std::fs::read_to_string(common::root().join("README.md")).unwrap();
    let start = readme
        .find("```json\n")
        .expect("the README has a JSON example")
        + "```json\n".len();
    let end = start + readme[start..].find("```").unwrap();
    let (_dir, path) = common::temp_file("example.json", &readme[start..end]);
    let out = common::stdout_of(&["validate", path.to_str().unwrap()]);
    assert!(out.ends_with("ok: no problems\n"), "{out}");
}

#[test]
fn the_wildcard_matches_any_run_of_lines() {
    let expected: Vec<String> = ["a", "...", "d"].map(String::from).to_vec();
    assert!(matches(&expected, &["a", "b", "c", "d"]));
    assert!(matches(&expected, &["a", "d"]));
    assert!(!matches(&expected, &["a", "b"]));
}
