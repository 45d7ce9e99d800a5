//! Inputs that never end or never come: a device, a named pipe with no writer, standard input
//! of zero bytes, a script of zero bytes. Each is refused at once with a message that says what
//! to give instead, and nothing hangs or takes all the memory.

use std::process::Stdio;
use std::time::Duration;

mod common;

use common::dealgraph;

/// Long enough for any answer here on a slow machine; a hang would exceed it.
const HANG: Duration = Duration::from_secs(60);

fn stderr_of(cmd: &mut assert_cmd::Command) -> (Option<i32>, String) {
    let output = cmd.timeout(HANG).output().expect("the binary runs");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[cfg(unix)]
#[test]
fn a_named_pipe_without_a_writer_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.json");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let fifo = fifo.to_str().unwrap();
    let (code, error) = stderr_of(dealgraph().args(["--data", fifo, "stats"]));
    assert_eq!(code, Some(1));
    assert!(error.contains("is a named pipe"), "{error}");
    // At the prompt's grammar too, through a script: `load FIFO` answers, and the session goes on.
    let script = format!("load {fifo}\nfind vision\n");
    let output = dealgraph()
        .arg("--keep-going")
        .write_stdin(script)
        .timeout(HANG)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("is a named pipe"), "{stderr}");
    assert!(String::from_utf8_lossy(&output.stdout).contains("SoftBank Vision Fund"));
}

#[test]
fn standard_input_of_zero_bytes_as_data_is_refused_at_once() {
    let zeros = vec![0u8; 8 << 20];
    let output = dealgraph()
        .args(["--data", "/dev/stdin", "stats"])
        .write_stdin(zeros)
        .timeout(HANG)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let error = String::from_utf8_lossy(&output.stderr);
    assert!(error.contains("starts with a zero byte"), "{error}");
}

#[test]
fn standard_input_as_data_is_read_when_it_is_data() {
    let data = std::fs::read(common::root().join("graph-data/facial-recognition.json")).unwrap();
    let output = dealgraph()
        .args(["--no-default-data", "--data", "/dev/stdin", "stats"])
        .write_stdin(data)
        .timeout(HANG)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    assert!(String::from_utf8_lossy(&output.stdout).starts_with("37 entities"));
}

#[test]
fn a_script_that_is_a_device_is_refused() {
    let (code, error) = stderr_of(dealgraph().args(["--script", "/dev/zero"]));
    assert_eq!(code, Some(1));
    assert!(error.contains("/dev/zero is a device"), "{error}");
}

#[test]
fn standard_input_of_zero_bytes_as_a_script_ends_at_the_first_line_too_long() {
    let zeros = std::fs::File::open("/dev/zero").expect("/dev/zero opens");
    let output = std::process::Command::new(assert_cmd::cargo::cargo_bin("dealgraph"))
        .stdin(Stdio::from(zeros))
        .output()
        .expect("the binary runs");
    assert_eq!(output.status.code(), Some(1));
    let error = String::from_utf8_lossy(&output.stderr);
    assert!(
        error.contains("stdin:1: the line is longer than 1 MiB"),
        "{error}"
    );
}

/// A dataset whose entity name and source title hold sequences a terminal obeys: set the
/// window title (OSC ... BEL), clear the screen (CSI 2J).
const EVIL: &str = r#"{"sources":[{"id":"s","title":"Title\u001b]0;owned\u0007"}],
"entities":[{"id":"evil","name":"Evil\u001b[2JCorp","kind":"company","sources":[{"source":"s"}]}],
"relations":[]}"#;

/// Whether text holds a control character a terminal obeys (newline and tab aside).
fn has_control(text: &str) -> bool {
    text.chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
}

#[test]
fn names_with_terminal_escapes_are_printed_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("evil\u{1b}[2J.json");
    std::fs::write(&file, EVIL).unwrap();
    let file = file.to_str().unwrap();
    for args in [
        vec!["find", "evil"],
        vec!["show", "evil"],
        vec!["show", "evilcorpx"],
        vec!["stats", "-v"],
    ] {
        let mut all = vec!["--no-default-data", "--data", file];
        all.extend(args.iter().copied());
        let output = dealgraph().args(&all).timeout(HANG).output().unwrap();
        let (out, err) = (
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr),
        );
        assert!(!has_control(&out), "{args:?} printed {out:?}");
        assert!(!has_control(&err), "{args:?} printed {err:?}");
        assert!(
            out.contains("\\u{1b}") || err.contains("\\u{1b}"),
            "{args:?}: {out} {err}"
        );
    }
    // JSON keeps the name as it is, escaped by JSON itself.
    let json = common::json_of(&["--no-default-data", "--data", file, "show", "evil"]);
    assert_eq!(json["entity"]["name"], "Evil\u{1b}[2JCorp");
}

#[test]
fn a_megabyte_name_makes_a_short_message() {
    // Half a megabyte on a script line (the command line takes less).
    let line = format!("show {}\n", "A".repeat(1 << 19));
    let (code, error) = stderr_of(dealgraph().write_stdin(line));
    assert_eq!(code, Some(1));
    assert!(error.len() < 2000, "a message of {} bytes", error.len());
    assert!(error.contains("more characters)"), "{error}");
}
