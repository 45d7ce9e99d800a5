//! The `--json` promise: every command prints exactly one JSON document on standard output,
//! whether it answers or fails (an unknown entity, a usage error, bad data, a word clap
//! refuses), and exits 0 when it answers, 1 when it fails, 2 when the command line is wrong.

mod common;

use common::{dealgraph, temp_file};
use serde_json::Value;

/// The JSON documents of a text, or why it is not a sequence of them.
fn documents(text: &str) -> Result<Vec<Value>, String> {
    serde_json::Deserializer::from_str(text)
        .into_iter::<Value>()
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("{e} in {text:?}"))
}

/// Runs dealgraph with `args` and returns the exit code and the one document on stdout.
fn one_document(args: &[&str]) -> (i32, Value) {
    let output = dealgraph().args(args).output().unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let docs = documents(&stdout).unwrap_or_else(|e| panic!("dealgraph {args:?}: {e}"));
    assert_eq!(docs.len(), 1, "dealgraph {args:?} printed {stdout}");
    let code = output.status.code().unwrap();
    (code, docs.into_iter().next().unwrap())
}

#[test]
fn every_command_answers_with_one_document_and_exit_code_0() {
    let dir = tempfile::tempdir().unwrap();
    let out = |name: &str| dir.path().join(name).display().to_string();
    let (dot, json) = (out("g.dot"), out("g.json"));
    let (_d, good) = temp_file(
        "good.json",
        r#"{"sources": [{"id": "mine", "title": "Mine"}], "entities": [{"id": "acme", "name": "Acme", "kind": "company"}]}"#,
    );
    let good = good.display().to_string();
    let commands: Vec<Vec<&str>> = vec![
        vec!["show", "SenseTime"],
        vec!["find", "vision"],
        vec!["stats"],
        vec!["validate"],
        vec!["validate", &good],
        vec!["load", &good],
        vec!["path", "SoftBank Vision Fund", "Chongqing police"],
        vec!["path", "SenseTime", "Apple"],
        vec!["neighbours", "SenseTime", "--depth", "2"],
        vec!["investors", "SenseTime"],
        vec!["portfolio", "Alibaba"],
        vec!["overlap", "SenseTime", "Megvii"],
        vec!["overlap", "--all"],
        vec!["coinvestors", "Alibaba"],
        vec!["exposure", "SoftBank Vision Fund"],
        vec!["import", &good],
        vec!["import", &good, "-o", &json],
        vec!["set"],
        vec!["export", "json"],
        vec!["export", "dot", "-o", &dot],
        vec!["help"],
        vec!["help", "path"],
        vec!["quit"],
    ];
    for command in commands {
        let args: Vec<&str> = std::iter::once("--json").chain(command).collect();
        let (code, _) = one_document(&args);
        assert_eq!(code, 0, "dealgraph {args:?}");
    }
}

#[test]
fn every_kind_of_failure_answers_with_one_error_document_and_exit_code_1() {
    let (_d, bad) = temp_file("bad.json", r#"{"entities": [{"id": "x"}]}"#);
    let bad = bad.display().to_string();
    let failures: Vec<(Vec<&str>, &str)> = vec![
        (vec!["show", "Sensetme"], "unknown_entity"),
        (vec!["path", "SenseTime", "Nowhere Inc"], "unknown_entity"),
        (vec!["investors", "nobody"], "unknown_entity"),
        (vec!["overlap", "SenseTime"], "usage"),
        (vec!["export", "dot"], "usage"),
        (
            vec!["export", "json", "-o", "/nonexistent/folder/g.json"],
            "io",
        ),
        (vec!["import", &bad], "data"),
        (vec!["load", &bad], "data"),
        (vec!["--data", &bad, "stats"], "data"),
        (vec!["--data", &bad, "validate"], "data"),
        (vec!["--script", "/nonexistent/script.dg"], "io"),
    ];
    for (command, kind) in failures {
        let args: Vec<&str> = std::iter::once("--json").chain(command).collect();
        let (code, doc) = one_document(&args);
        assert_eq!(code, 1, "dealgraph {args:?}");
        assert_eq!(doc["error"]["kind"], kind, "dealgraph {args:?}: {doc}");
        assert!(
            !doc["error"]["message"].as_str().unwrap().is_empty(),
            "{doc}"
        );
    }
}

#[test]
fn validate_with_json_lists_each_problem_with_its_place() {
    let (_d, bad) = temp_file("bad.json", r#"{"entities": [{"id": "x"}]}"#);
    let (code, doc) = one_document(&["--json", "validate", bad.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_eq!(doc["ok"], false);
    assert_eq!(doc["problems"][0]["line"], 1);
    // The same problems, found while loading --data, are listed in the error.
    let (code, doc) = one_document(&["--json", "--data", bad.to_str().unwrap(), "validate"]);
    assert_eq!(code, 1);
    let problems = doc["error"]["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 2, "{doc}");
    assert_eq!(problems[0]["file"], bad.display().to_string());
    assert_eq!(problems[0]["column"], 15);
}

#[test]
fn command_line_errors_exit_2_with_one_error_document_when_json_is_asked() {
    for args in [
        vec!["--json", "nosuchcommand"],
        vec!["--json", "show"],
        vec!["--json", "path", "SenseTime", "Megvii", "--k", "zero"],
        vec!["--json", "--as-of", "2018-99", "stats"],
        vec!["stats", "--json", "--no-such-flag"],
    ] {
        let (code, doc) = one_document(&args);
        assert_eq!(code, 2, "dealgraph {args:?}");
        assert_eq!(doc["error"]["kind"], "usage", "{doc}");
    }
    // Without --json, standard output stays empty and clap's message goes to standard error.
    let output = dealgraph().arg("nosuchcommand").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    assert!(String::from_utf8_lossy(&output.stderr).contains("nosuchcommand"));
}

#[test]
fn help_with_json_is_one_document_holding_the_help_text() {
    for args in [vec!["--json", "--help"], vec!["--json", "help", "path"]] {
        let (code, doc) = one_document(&args);
        assert_eq!(code, 0);
        assert!(doc["help"].as_str().unwrap().contains("Usage:"), "{doc}");
    }
}

#[test]
fn a_script_with_json_answers_each_command_with_one_document_failures_included() {
    let script = "show SenseTime\nshow Nowhere\nstats\n";
    for (keep_going, answers) in [(true, 3), (false, 2)] {
        let mut cmd = dealgraph();
        cmd.arg("--json");
        if keep_going {
            cmd.arg("--keep-going");
        }
        let output = cmd.write_stdin(script).output().unwrap();
        assert_eq!(output.status.code(), Some(1));
        let docs = documents(&String::from_utf8(output.stdout).unwrap()).unwrap();
        assert_eq!(docs.len(), answers, "{docs:#?}");
        assert_eq!(docs[1]["error"]["kind"], "script");
        assert!(
            docs[1]["error"]["message"]
                .as_str()
                .unwrap()
                .starts_with("stdin:2: unknown entity")
        );
    }
    // A line's own --json, on a line clap refuses, answers in JSON too.
    let output = dealgraph()
        .write_stdin("stats --json --bogus\n")
        .output()
        .unwrap();
    let docs = documents(&String::from_utf8(output.stdout).unwrap()).unwrap();
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0]["error"]["kind"], "script");
}
