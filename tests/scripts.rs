//! Batch mode: the example scripts, `--script FILE`, standard input, errors named by their line,
//! and `--keep-going`, through the real binary.

mod common;

use common::{dealgraph, root, scratch, temp_file};
use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;

/// Runs an example script from a scratch folder (see [`common::scratch`]), as a user would run
/// it from a folder beside the shared fixtures.
fn run_example(work: &std::path::Path, name: &str) -> std::process::Output {
    dealgraph()
        .current_dir(work)
        .args(["--script", &format!("examples/{name}.dg")])
        .output()
        .unwrap()
}

#[test]
fn every_example_script_runs_and_prints_what_its_snapshot_shows() {
    let mut scripts: Vec<_> = std::fs::read_dir(root().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "dg"))
        .collect();
    scripts.sort();
    assert!(scripts.len() >= 3, "the examples are missing: {scripts:?}");
    for script in scripts {
        let name = script.file_stem().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(&script).unwrap();
        if text.contains("../shared") && common::shared_or_skip(&format!("{name}.dg")).is_none() {
            continue;
        }
        let (_dir, work) = scratch();
        let output = run_example(&work, &name);
        assert!(
            output.status.success(),
            "{name}.dg failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert_eq!(String::from_utf8_lossy(&output.stderr), "", "{name}.dg");
        let stdout = String::from_utf8(output.stdout).unwrap();
        insta::assert_snapshot!(format!("example_{name}"), stdout);
    }
}

#[test]
fn the_tour_tells_the_articles_story_and_writes_its_drawing() {
    let (_dir, work) = scratch();
    let output = run_example(&work, "tour");
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    for answer in [
        "SenseTime: 7 investors",
        "Megvii: 6 investors",
        "SenseTime and Megvii share 1 investor",
        "SoftBank Vision Fund → SenseTime → Police Department in Chongqing  (2 hops",
        "SoftBank → SoftBank Vision Fund → SenseTime → Police Department in Chongqing",
        "no path from SoftBank Vision Fund to Police Department in Chongqing with status \
         confirmed; there is one of length 2 when reported relations are allowed",
        "wrote dot (12 entities, 11 relations) to vision-fund.dot",
    ] {
        assert!(
            stdout.contains(answer),
            "{answer:?} missing from:\n{stdout}"
        );
    }
    let drawing = std::fs::read_to_string(work.join("vision-fund.dot")).unwrap();
    assert!(drawing.starts_with("digraph dealgraph {"));
    assert!(drawing.contains("Marked: the shortest path from SoftBank Vision Fund"));
}

#[test]
fn the_open_data_example_loads_every_kind_of_open_data() {
    require_shared!();
    let (_dir, work) = scratch();
    let output = run_example(&work, "open-data");
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    for answer in [
        "(GLEIF): 0 entities, 12 relations",
        "(BODS 0.4): 4 entities, 5 relations",
        "(OCDS 1.1): 6 entities, 3 relations",
        "(FollowTheMoney): 95 entities, 290 relations",
        "GITHUB INC → MICROSOFT CORPORATION → MICROSOFT IRELAND OPERATIONS LIMITED",
        "Suomen tasavalta  owns  Gasgrid Finland Oy  confirmed  100% stake",
        "155 entities, 340 relations, 7 sources",
    ] {
        assert!(
            stdout.contains(answer),
            "{answer:?} missing from:\n{stdout}"
        );
    }
}

#[test]
fn the_prompts_story_runs_as_a_script() {
    // The line the prompt test completes and runs, in a script: the same answer.
    let script = "path \"SoftBank Vision Fund\" \"Chongqing police\"\n";
    let from_script = dealgraph().write_stdin(script).output().unwrap();
    assert!(from_script.status.success());
    assert_eq!(
        String::from_utf8(from_script.stdout).unwrap(),
        common::stdout_of(&["path", "SoftBank Vision Fund", "Chongqing police"])
    );
}

#[test]
fn a_script_on_standard_input_runs_like_a_script_file() {
    let script = std::fs::read_to_string(root().join("examples/tour.dg")).unwrap();
    let (_stdin_dir, work) = scratch();
    let from_stdin = dealgraph()
        .current_dir(&work)
        .write_stdin(script)
        .output()
        .unwrap();
    let (_file_dir, work) = scratch();
    let from_file = run_example(&work, "tour");
    assert!(from_stdin.status.success());
    assert_eq!(from_stdin.stdout, from_file.stdout);
}

#[test]
fn the_first_error_stops_the_script_and_names_its_file_and_line() {
    let (_dir, path) = temp_file(
        "mistake.dg",
        "# a comment\nfind vision\n\nshow Sensetme\nfind police\n",
    );
    dealgraph()
        .arg("--script")
        .arg(&path)
        .assert()
        .code(1)
        .stdout(contains("SoftBank Vision Fund").and(contains("Chongqing").not()))
        .stderr(format!(
            "error: {}:4: unknown entity \"Sensetme\" — did you mean one of \"SenseTime\", \
             \"SenseTime facial recognition software\"?\n",
            path.display()
        ));
}

#[test]
fn keep_going_reports_every_error_runs_the_rest_and_still_fails() {
    let (_dir, path) = temp_file(
        "mistakes.dg",
        "show Sensetme\nfind police\nstats --top x\nset as-of 2018-13\nfind vision\n",
    );
    let output = dealgraph()
        .arg("--script")
        .arg(&path)
        .arg("--keep-going")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("Police Department in Chongqing"));
    assert!(stdout.contains("SoftBank Vision Fund"));
    let stderr = String::from_utf8(output.stderr).unwrap();
    let name = path.display().to_string();
    for line in [1, 3, 4] {
        assert!(
            stderr.contains(&format!("error: {name}:{line}: ")),
            "line {line} is not reported: {stderr}"
        );
    }
    assert!(!stderr.contains(&format!("{name}:2:")));
    assert!(stderr.ends_with(&format!("error: 3 commands of {name} failed\n")));
}

#[test]
fn keep_going_works_on_standard_input_too() {
    dealgraph()
        .arg("--keep-going")
        .write_stdin("show nobody\nfind police\n")
        .assert()
        .code(1)
        .stdout(contains("Police Department in Chongqing"))
        .stderr(contains("error: stdin:1: unknown entity \"nobody\""))
        .stderr(contains("error: 1 command of stdin failed"));
}

#[test]
fn a_command_continued_with_a_backslash_counts_from_its_first_line() {
    let (_dir, path) = temp_file(
        "continued.dg",
        "show \\\n    Megvii \\\n    --status expected\nshow \\\n  nobody\n",
    );
    dealgraph()
        .arg("--script")
        .arg(&path)
        .assert()
        .code(1)
        .stdout(contains("Megvii  company").and(contains("expected")))
        .stderr(contains(format!(
            "{}:4: unknown entity \"nobody\"",
            path.display()
        )));
}

#[test]
fn settings_last_until_changed_and_quit_ends_the_script() {
    dealgraph()
        .write_stdin("set json on\nfind vision --limit 1\nquit\nfind police\n")
        .assert()
        .success()
        .stdout(contains("\"id\": \"softbank-vision-fund\"").and(contains("Chongqing").not()));
}

#[test]
fn load_adds_a_file_to_the_session_for_the_commands_after_it() {
    let (_dir, path) = temp_file(
        "notes.json",
        r#"{
  "sources": [{ "id": "my-notes", "title": "Interview notes" }],
  "entities": [{ "id": "acme-ventures", "name": "Acme Ventures", "kind": "fund" }],
  "relations": [{ "from": "acme-ventures", "to": "megvii", "type": "invests_in",
                  "status": "reported",
                  "sources": [{ "source": "my-notes", "quote": "Acme put money into Megvii" }] }]
}"#,
    );
    let script = format!("load \"{}\"\nshow \"Acme Ventures\"\n", path.display());
    dealgraph()
        .write_stdin(script)
        .assert()
        .success()
        .stdout(contains("graph: 38 entities, 31 relations"))
        .stdout(contains("Acme Ventures  fund"));
}

#[test]
fn a_line_that_is_not_utf8_is_an_error_of_that_line() {
    dealgraph()
        .arg("--keep-going")
        .write_stdin(&b"find police\nshow \xff\nfind vision\n"[..])
        .assert()
        .code(1)
        .stdout(contains("Chongqing").and(contains("SoftBank Vision Fund")))
        .stderr(contains("error: stdin:2: the line is not UTF-8 text"));
}

#[test]
fn a_missing_script_is_named_in_the_error() {
    dealgraph()
        .args(["--script", "no-such-script.dg"])
        .assert()
        .code(1)
        .stderr(contains(
            "error: cannot read the script no-such-script.dg: No such file",
        ));
}

#[test]
fn a_script_and_a_command_together_are_refused() {
    dealgraph()
        .args(["--script", "x.dg", "stats"])
        .assert()
        .code(1)
        .stderr(contains("give either a command or --script, not both"));
}

#[test]
fn the_start_up_flags_are_refused_inside_a_script() {
    dealgraph()
        .write_stdin("--script other.dg\n")
        .assert()
        .code(1)
        .stderr(contains(
            "stdin:1: --script and --keep-going run a script from the command line",
        ));
}

#[test]
fn set_shows_and_changes_the_settings() {
    dealgraph()
        .write_stdin("set\nset status confirmed,reported\nset as-of 2018-06\nset status all\n")
        .assert()
        .success()
        .stdout(
            "status  all\nas-of   none\njson    off\ncolour  auto\npager   on\nlimit   default\n\
             width   auto\n\
             status  confirmed,reported\n\
             as-of   2018-06\n\
             status  all\n",
        );
}

#[test]
fn set_limit_caps_the_lists_whose_command_gives_no_limit() {
    let stdout = |script: &str| {
        let out = dealgraph().write_stdin(script).assert().success();
        String::from_utf8(out.get_output().stdout.clone()).unwrap()
    };
    // The lines of found entities (not the answer to `set`).
    let found = |text: &str| {
        text.lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with("limit "))
            .count()
    };
    let all = stdout("find a\n");
    assert!(found(&all) > 2, "{all}");
    // The setting caps `find`, and `--limit` typed on the command wins over it.
    let capped = stdout("set limit 2\nfind a\n");
    assert_eq!(found(&capped), 2, "{capped}");
    let typed = stdout("set limit 2\nfind a --limit 3\n");
    assert_eq!(found(&typed), 3, "{typed}");
    let back = stdout("set limit 2\nset limit default\nfind a\n");
    assert_eq!(found(&back), found(&all), "{back}");
}

#[test]
fn a_bad_setting_value_says_what_the_setting_takes() {
    dealgraph()
        .write_stdin("set width 3\n")
        .assert()
        .code(1)
        .stderr(contains(
            "expected a whole number from 20 up, or `auto` for the terminal's width",
        ));
    dealgraph()
        .write_stdin("set colur never\n")
        .assert()
        .code(1)
        .stderr(contains(
            "unknown setting \"colur\" — did you mean \"colour\"?; the settings are status, \
             as-of, json, colour, pager, limit and width",
        ));
}

#[test]
fn clear_in_a_script_does_nothing_and_the_script_goes_on() {
    dealgraph()
        .write_stdin("clear\nset json on\n")
        .assert()
        .success()
        .stdout(contains("\"json\": true"));
}

#[test]
fn a_wrong_setting_says_what_it_takes() {
    dealgraph()
        .write_stdin("set status sure\n")
        .assert()
        .code(1)
        .stderr(contains("invalid value 'sure' for '<LIST>...'"))
        .stderr(contains(
            "[possible values: confirmed, reported, expected, ended, all]",
        ));
    dealgraph()
        .write_stdin("set as-of soon\n")
        .assert()
        .code(1)
        .stderr(contains("or `none` to use relations of any date"));
}

#[test]
fn the_command_lines_filter_and_format_are_the_scripts_first_settings() {
    dealgraph()
        .args(["--status", "confirmed", "--as-of", "2018", "--json"])
        .write_stdin("set\n")
        .assert()
        .success()
        .stdout(
            "{\n  \"status\": [\n    \"confirmed\"\n  ],\n  \"as_of\": \"2018\",\n  \"json\": true,\n  \
             \"colour\": \"auto\",\n  \"pager\": true,\n  \"limit\": null,\n  \"width\": null\n}\n",
        );
}

#[test]
fn the_command_lines_colour_is_the_scripts_first_and_set_colour_changes_it() {
    // Colour on a pipe only because it is asked for, and off again after `set colour never`.
    let out = dealgraph()
        .args(["--color", "always"])
        .write_stdin("set\nshow Megvii\nset colour never\nshow Megvii\n")
        .assert()
        .success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(stdout.contains("colour  always"), "{stdout}");
    let (before, after) = stdout
        .split_once("colour  never")
        .expect("the change is answered");
    assert!(before.contains('\u{1b}'), "{before}");
    assert!(!after.contains('\u{1b}'), "{after}");
}
