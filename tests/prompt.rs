//! The `dealgraph>` prompt as a person uses it: the real binary in a pseudo-terminal, keys typed
//! one by one, the screen read back, and the history file checked afterwards. (The screen is
//! read byte by byte as Latin-1, so the texts looked for are ASCII.)

#![cfg(unix)]

use std::path::Path;
use std::process::Command;

use rexpect::process::WaitStatus;
use rexpect::session::PtySession;

/// How long to wait for the prompt to answer before calling the test a failure (so that a
/// prompt that hangs fails the test instead of hanging it).
const PATIENCE_MS: u64 = 30_000;

const ENTER: &str = "\r";
const TAB: &str = "\t";
const UP: &str = "\u{1b}[A";

fn prompt(history: &Path, args: &[&str]) -> PtySession {
    prompt_with(history, args, &[])
}

/// The prompt with more variables in its environment. The pseudo-terminal reports no size, so
/// the screen is unknown and nothing is paged unless `LINES` and `COLUMNS` say.
fn prompt_with(history: &Path, args: &[&str], env: &[(&str, &str)]) -> PtySession {
    let mut command = Command::new(env!("CARGO_BIN_EXE_dealgraph"));
    command
        .args(args)
        .env("DEALGRAPH_HISTORY", history)
        .env("TERM", "xterm")
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("LINES")
        .env_remove("COLUMNS")
        .env_remove("PAGER")
        .envs(env.iter().copied())
        .current_dir(std::env::temp_dir());
    rexpect::session::spawn_command(command, Some(PATIENCE_MS)).expect("the prompt starts")
}

/// Types a line and Enter.
fn enter(p: &mut PtySession, line: &str) {
    p.send(line).unwrap();
    p.send(ENTER).unwrap();
    p.flush().unwrap();
}

/// Waits for the end and checks that the program ended well.
fn ends_well(mut p: PtySession) -> String {
    let rest = p.exp_eof().expect("the prompt ends");
    match p.process().wait() {
        Ok(WaitStatus::Exited(_, 0)) => rest,
        other => panic!("the prompt ended with {other:?}"),
    }
}

fn history_lines(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .expect("the history file is written")
        .lines()
        .map(String::from)
        .collect()
}

/// The path of the article's story, as Tab completes it.
const PATH_LINE: &str = "path \"SoftBank Vision Fund\" \"Chongqing police\"";

/// Waits for the answer to the path query, then for the prompt.
fn the_path_is_shown(p: &mut PtySession) {
    p.exp_string("(2 hops, weakest status reported)").unwrap();
    p.exp_string("SoftBank Vision Fund  invests in  SenseTime  reported  USD 1 billion")
        .unwrap();
    p.exp_string("SenseTime  has contracts with  Police Department in Chongqing  confirmed")
        .unwrap();
    p.exp_string("dealgraph> ").unwrap();
}

#[test]
fn a_new_user_completes_both_ends_finds_the_path_and_the_next_session_recalls_it() {
    let dir = tempfile::tempdir().unwrap();
    // A folder that does not exist yet: the prompt makes it.
    let history = dir.path().join("state").join("history");

    let mut p = prompt(&history, &[]);
    p.exp_string("dealgraph> ").unwrap();
    // `vision` completes to the fund's whole name, in quotes.
    p.send("path vision").unwrap();
    p.send(TAB).unwrap();
    p.flush().unwrap();
    p.exp_string("path \"SoftBank Vision Fund\"").unwrap();
    // The other end is an alias, typed without quotes over two words.
    // Completion left a space after the first end.
    p.send("chongqing p").unwrap();
    p.send(TAB).unwrap();
    p.flush().unwrap();
    p.exp_string(PATH_LINE).unwrap();
    p.send(ENTER).unwrap();
    p.flush().unwrap();
    the_path_is_shown(&mut p);

    // Ctrl-C drops the half-typed line, so that Ctrl-D, which only quits on an empty line,
    // ends the session.
    p.send("find megv").unwrap();
    p.send_control('c').unwrap();
    p.exp_string("dealgraph> ").unwrap();
    p.send_control('d').unwrap();
    ends_well(p);

    assert_eq!(history_lines(&history), ["#V2", PATH_LINE]);

    // The next session starts with that history: Up brings the query back, and it runs again.
    let mut p = prompt(&history, &[]);
    p.exp_string("dealgraph> ").unwrap();
    p.send(UP).unwrap();
    p.flush().unwrap();
    p.exp_string(PATH_LINE).unwrap();
    p.send(ENTER).unwrap();
    p.flush().unwrap();
    the_path_is_shown(&mut p);
    p.send_control('d').unwrap();
    ends_well(p);
    // The same line twice is kept once.
    assert_eq!(history_lines(&history), ["#V2", PATH_LINE]);
}

#[test]
fn a_name_completes_a_card_shows_and_stats_answer() {
    let dir = tempfile::tempdir().unwrap();
    let history = dir.path().join("history");
    let mut p = prompt(&history, &[]);
    p.exp_string("dealgraph> ").unwrap();
    p.send("show vision").unwrap();
    p.send(TAB).unwrap();
    p.flush().unwrap();
    p.exp_string("show \"SoftBank Vision Fund\"").unwrap();
    p.send(ENTER).unwrap();
    p.flush().unwrap();
    p.exp_string("id softbank-vision-fund").unwrap();
    p.exp_string("owned by (1)").unwrap();
    p.exp_string("dealgraph> ").unwrap();
    p.send("stats --top 1").unwrap();
    p.send(ENTER).unwrap();
    p.flush().unwrap();
    p.exp_string("37 entities, 30 relations, 1 source").unwrap();
    p.exp_string("dealgraph> ").unwrap();
    p.send_control('d').unwrap();
    ends_well(p);
    assert_eq!(
        history_lines(&history),
        ["#V2", "show \"SoftBank Vision Fund\"", "stats --top 1"]
    );
}

#[test]
fn an_error_is_printed_and_the_session_carries_on() {
    let dir = tempfile::tempdir().unwrap();
    let history = dir.path().join("history");
    let mut p = prompt(&history, &[]);
    p.exp_string("dealgraph> ").unwrap();
    p.send("show Sensetme").unwrap();
    p.send(ENTER).unwrap();
    p.flush().unwrap();
    p.exp_string("error: unknown entity \"Sensetme\"").unwrap();
    p.exp_string("dealgraph> ").unwrap();
    // A command on two lines: the backslash asks for the rest.
    p.send("show \\").unwrap();
    p.send(ENTER).unwrap();
    p.flush().unwrap();
    // ... under a continuation prompt as wide as the prompt.
    p.exp_string("      ...> ").unwrap();
    p.send("Megvii").unwrap();
    p.send(ENTER).unwrap();
    p.flush().unwrap();
    p.exp_string("id megvii").unwrap();
    p.exp_string("dealgraph> ").unwrap();
    p.send("set status confirmed").unwrap();
    p.send(ENTER).unwrap();
    p.flush().unwrap();
    // The prompt shows the filter that now applies to every answer.
    p.exp_string("dealgraph (status confirmed)> ").unwrap();
    p.send("help set").unwrap();
    p.send(ENTER).unwrap();
    p.flush().unwrap();
    p.exp_string("Usage: set [OPTIONS] [COMMAND]").unwrap();
    p.exp_string("Example:").unwrap();
    p.exp_string("dealgraph (status confirmed)> ").unwrap();
    p.send_control('d').unwrap();
    ends_well(p);
    assert_eq!(
        history_lines(&history),
        [
            "#V2",
            "show Sensetme",
            "show \\\\\\nMegvii",
            "set status confirmed",
            "help set"
        ]
    );
}

#[test]
fn a_history_file_that_cannot_be_used_costs_one_warning() {
    let dir = tempfile::tempdir().unwrap();
    // A folder where the file should be: it can be neither read nor written.
    let history = dir.path().to_path_buf();
    let mut p = prompt(&history, &[]);
    let mut screen = p.exp_string("dealgraph> ").unwrap();
    for command in ["find police", "stats --top 1"] {
        p.send(command).unwrap();
        p.send(ENTER).unwrap();
        p.flush().unwrap();
        screen += &p.exp_string("dealgraph> ").unwrap();
    }
    p.send_control('d').unwrap();
    screen += &ends_well(p);
    assert_eq!(
        screen
            .matches("warning: cannot read the history file")
            .count(),
        1,
        "{screen}"
    );
    assert_eq!(screen.matches("warning").count(), 1, "{screen}");
    assert!(screen.contains("Police Department in Chongqing"));
    assert!(screen.contains("most connected"));
}

#[test]
fn with_colour_the_command_and_the_entity_are_highlighted_as_typed() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = prompt(&dir.path().join("history"), &["--color", "always"]);
    p.exp_string("dealgraph> ").unwrap();
    p.send("show SenseTime").unwrap();
    p.flush().unwrap();
    p.exp_string("\u{1b}[1mshow\u{1b}[0m \u{1b}[36mSenseTime\u{1b}[0m")
        .unwrap();
    p.send(ENTER).unwrap();
    p.flush().unwrap();
    p.exp_string("funded by").unwrap();
    // Ctrl-D typed while the answer is still printed can be lost when the line editor takes
    // the terminal back: it is typed at the prompt, as a person would.
    p.exp_string("dealgraph> ").unwrap();
    p.send_control('d').unwrap();
    ends_well(p);
}

#[test]
fn ctrl_c_during_a_long_command_stops_it_and_the_session_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    // 400,000 FollowTheMoney records: loading them takes far longer than the wait below.
    let big = dir.path().join("big.ijson");
    let mut text = String::with_capacity(32 << 20);
    for i in 0..400_000 {
        text.push_str(&format!(
            "{{\"id\":\"c{i}\",\"schema\":\"Company\",\"properties\":{{\"name\":[\"Company {i}\"]}}}}\n"
        ));
    }
    std::fs::write(&big, text).unwrap();
    let history = dir.path().join("history");
    let mut p = prompt(&history, &[]);
    p.exp_string("dealgraph> ").unwrap();
    p.send_line(&format!("load {}", big.display())).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(500));
    p.send("\u{3}").unwrap();
    p.flush().unwrap();
    p.exp_string("interrupted").unwrap();
    p.exp_string("dealgraph> ").unwrap();
    // The session is alive, with its graph as it was before the load.
    p.send_line("stats").unwrap();
    p.exp_string("37 entities, 30 relations").unwrap();
    p.exp_string("dealgraph> ").unwrap();
    p.send_line("quit").unwrap();
    ends_well(p);
}

#[test]
fn help_speaks_of_the_prompt_and_an_unknown_command_gets_a_did_you_mean() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = prompt(&dir.path().join("history"), &[]);
    p.exp_string("dealgraph> ").unwrap();
    enter(&mut p, "help");
    let help = p.exp_string("help [COMMAND]").unwrap();
    assert!(help.contains("Commands:"), "{help}");
    assert!(help.contains("  path FROM TO "), "{help}");
    let rest = p.exp_string("dealgraph> ").unwrap();
    for flag in ["--script", "--data", "--no-default-data"] {
        assert!(
            !help.contains(flag) && !rest.contains(flag),
            "{flag}: {help}{rest}"
        );
    }
    enter(&mut p, "shwo SenseTime");
    // (The dash between is not ASCII.)
    p.exp_string("error: unknown command \"shwo\"").unwrap();
    p.exp_string("did you mean \"show\"?; `help` lists the commands")
        .unwrap();
    p.exp_string("dealgraph> ").unwrap();
    enter(&mut p, "set colr never");
    p.exp_string("unknown setting \"colr\"").unwrap();
    p.exp_string(
        "did you mean \"colour\"?; the settings are status, as-of, json, colour, pager, limit \
         and width",
    )
    .unwrap();
    p.exp_string("dealgraph> ").unwrap();
    enter(&mut p, "quit");
    ends_well(p);
}

#[test]
fn completion_adds_a_space_and_offers_the_entities_the_argument_asks_for() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = prompt(&dir.path().join("history"), &[]);
    p.exp_string("dealgraph> ").unwrap();
    // A flag completed whole is followed by a space: its value can be typed at once.
    p.send("find vision --lim").unwrap();
    p.send(TAB).unwrap();
    p.flush().unwrap();
    p.exp_string("find vision --limit ").unwrap();
    enter(&mut p, "1");
    p.exp_string("SoftBank Vision Fund").unwrap();
    p.exp_string("dealgraph> ").unwrap();
    // `overlap` asks for companies: SenseTime, not its product.
    p.send("overlap Sense").unwrap();
    p.send(TAB).unwrap();
    p.flush().unwrap();
    p.exp_string("overlap SenseTime ").unwrap();
    p.send("Megv").unwrap();
    p.send(TAB).unwrap();
    p.flush().unwrap();
    p.exp_string("overlap SenseTime Megvii ").unwrap();
    enter(&mut p, "");
    p.exp_string("SenseTime and Megvii share").unwrap();
    p.exp_string("dealgraph> ").unwrap();
    // A status after --status.
    p.send("show Megvii --status rep").unwrap();
    p.send(TAB).unwrap();
    p.flush().unwrap();
    p.exp_string("--status reported ").unwrap();
    p.send_control('c').unwrap();
    p.exp_string("dealgraph> ").unwrap();
    p.send_control('d').unwrap();
    ends_well(p);
}

/// A pager for the tests: it says that it ran, then shows what it was given.
const TEST_PAGER: &str = "sh -c 'echo paged-by-the-test-pager; cat'";

#[test]
fn a_long_answer_goes_through_the_pager_on_a_terminal_until_set_pager_off() {
    let dir = tempfile::tempdir().unwrap();
    let env = [("PAGER", TEST_PAGER), ("LINES", "10"), ("COLUMNS", "80")];
    let mut p = prompt_with(&dir.path().join("history"), &[], &env);
    p.exp_string("dealgraph> ").unwrap();
    // Longer than 10 rows: paged.
    enter(&mut p, "stats");
    p.exp_string("paged-by-the-test-pager").unwrap();
    p.exp_string("37 entities, 30 relations").unwrap();
    p.exp_string("connected components").unwrap();
    p.exp_string("dealgraph> ").unwrap();
    // Short: not paged.
    // (The line typed is redrawn with the prompt at each key, so the answer is waited for by
    // its words.)
    enter(&mut p, "find megvii");
    let short = p.exp_string("company").unwrap();
    assert!(!short.contains("paged-by-the-test-pager"), "{short}");
    // Off: not paged however long.
    enter(&mut p, "set pager off");
    p.exp_string("pager   off").unwrap();
    p.exp_string("dealgraph> ").unwrap();
    enter(&mut p, "stats");
    let long = p.exp_string("connected components").unwrap();
    assert!(long.contains("37 entities, 30 relations"), "{long}");
    assert!(!long.contains("paged-by-the-test-pager"), "{long}");
    enter(&mut p, "quit");
    ends_well(p);
}

#[test]
fn ctrl_c_in_the_pager_returns_to_the_prompt() {
    let dir = tempfile::tempdir().unwrap();
    // A pager that reads nothing and waits, as one does for a key.
    let env = [("PAGER", "sleep 120"), ("LINES", "10"), ("COLUMNS", "80")];
    let mut p = prompt_with(&dir.path().join("history"), &[], &env);
    p.exp_string("dealgraph> ").unwrap();
    enter(&mut p, "stats");
    std::thread::sleep(std::time::Duration::from_millis(500));
    p.send("\u{3}").unwrap();
    p.flush().unwrap();
    p.exp_string("dealgraph> ").unwrap();
    // The session goes on.
    enter(&mut p, "find megvii");
    p.exp_string("Megvii").unwrap();
    p.exp_string("dealgraph> ").unwrap();
    enter(&mut p, "quit");
    ends_well(p);
}

#[test]
fn the_pager_does_not_engage_when_the_output_is_a_pipe() {
    let dir = tempfile::tempdir().unwrap();
    // The prompt reads the terminal and writes to a pipe, which cat copies to the terminal.
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg(format!("'{}' | cat", env!("CARGO_BIN_EXE_dealgraph")))
        .env("DEALGRAPH_HISTORY", dir.path().join("history"))
        .env("TERM", "xterm")
        .env("NO_COLOR", "1")
        .env("PAGER", TEST_PAGER)
        .env("LINES", "10")
        .env("COLUMNS", "80")
        .current_dir(std::env::temp_dir());
    let mut p = rexpect::session::spawn_command(command, Some(PATIENCE_MS)).unwrap();
    p.exp_string("dealgraph> ").unwrap();
    enter(&mut p, "stats");
    let screen = p.exp_string("connected components").unwrap();
    assert!(screen.contains("37 entities, 30 relations"), "{screen}");
    assert!(!screen.contains("paged-by-the-test-pager"), "{screen}");
    p.exp_string("dealgraph> ").unwrap();
    enter(&mut p, "quit");
    ends_well(p);
}

#[test]
fn a_command_being_typed_is_not_red_until_its_word_is_whole() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = prompt(&dir.path().join("history"), &["--color", "always"]);
    p.exp_string("dealgraph> ").unwrap();
    // `c`, `cl`, `cle`, `clea` are on their way to `clear`: each is drawn as it is, not red.
    // (A key at a time: keys that arrive together are drawn once.)
    for typed in ["c", "cl", "cle", "clea"] {
        p.send(&typed[typed.len() - 1..]).unwrap();
        p.flush().unwrap();
        p.exp_string(&format!("dealgraph> {typed}")).unwrap();
    }
    p.send("r").unwrap();
    p.flush().unwrap();
    p.exp_string("\u{1b}[1mclear\u{1b}[0m").unwrap();
    p.send_control('u').unwrap();
    // A word that is no command is red once a space follows it.
    p.send("clera ").unwrap();
    p.flush().unwrap();
    p.exp_string("\u{1b}[31mclera\u{1b}[0m ").unwrap();
    p.send_control('c').unwrap();
    p.exp_string("dealgraph> ").unwrap();
    p.send_control('d').unwrap();
    ends_well(p);
}
