//! Helpers shared by the integration tests: the binary under test, and what some tests need from
//! the machine (the `../shared` folder of real-world fixtures, Graphviz's `dot`). A test whose
//! need is missing fails with the reason when `CI` is set, and elsewhere skips with it printed.

#![allow(dead_code)]

use std::ffi::OsStr;
use std::fmt::Debug;
use std::path::{Path, PathBuf};

/// The `dealgraph` binary, without colour, run from a temporary folder so that nothing depends
/// on the working directory.
pub fn dealgraph() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("dealgraph").expect("the binary is built");
    cmd.env("NO_COLOR", "1").env_remove("CLICOLOR_FORCE");
    cmd.current_dir(std::env::temp_dir());
    cmd
}

/// Standard output of a successful run.
pub fn stdout_of(args: &[&str]) -> String {
    let output = dealgraph().args(args).output().expect("the binary runs");
    assert!(
        output.status.success(),
        "dealgraph {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("output is UTF-8")
}

/// The one JSON document of a successful run with `--json`.
pub fn json_of(args: &[&str]) -> serde_json::Value {
    let mut all = args.to_vec();
    all.push("--json");
    serde_json::from_str(&stdout_of(&all)).expect("one JSON document")
}

/// What `export FORMAT` writes of a data file loaded alone (without the bundled data).
pub fn export_of(path: &Path, format: &str) -> String {
    let path = path.to_str().expect("paths are UTF-8");
    stdout_of(&["--no-default-data", "--data", path, "export", format])
}

/// Standard error of a run that fails: exit status 1 and nothing on standard output.
pub fn failure_of<S: AsRef<OsStr> + Debug>(args: &[S]) -> String {
    let output = dealgraph().args(args).output().expect("the binary runs");
    assert_eq!(
        output.status.code(),
        Some(1),
        "dealgraph {args:?} should fail"
    );
    assert!(
        output.stdout.is_empty(),
        "dealgraph {args:?} printed an answer"
    );
    String::from_utf8(output.stderr).expect("errors are UTF-8")
}

/// `dealgraph ARGS` is refused by the grammar (exit status 2, nothing on standard output) with
/// `message` on standard error.
#[track_caller]
pub fn refused_with(args: &[&str], message: &str) {
    let output = dealgraph().args(args).output().expect("the binary runs");
    assert_eq!(
        output.status.code(),
        Some(2),
        "dealgraph {args:?} should be refused"
    );
    assert!(
        output.stdout.is_empty(),
        "dealgraph {args:?} printed an answer"
    );
    let error = String::from_utf8_lossy(&output.stderr);
    assert!(error.contains(message), "dealgraph {args:?} said: {error}");
}

/// `dealgraph ARGS` fails (see [`failure_of`]) with `message` on standard error.
#[track_caller]
pub fn fails_with(args: &[&str], message: &str) {
    let error = failure_of(args);
    assert!(error.contains(message), "dealgraph {args:?} said: {error}");
}

/// The bundled world, loaded once for all the tests of a file that read it in the process.
pub fn bundled() -> &'static dealgraph::Graph {
    static GRAPH: std::sync::OnceLock<dealgraph::Graph> = std::sync::OnceLock::new();
    GRAPH.get_or_init(|| {
        dealgraph::load::load(&[dealgraph::load::Input::Bundled])
            .expect("the bundled data loads")
            .0
    })
}

/// The project's root folder.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The shared fixtures folder (`DEALGRAPH_SHARED`, else `../shared`), if present.
pub fn shared_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("DEALGRAPH_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("../shared"));
    dir.is_dir().then_some(dir)
}

/// Whether a test must run here rather than skip: `CI` is set (to anything but an empty string).
pub fn must_run() -> bool {
    std::env::var_os("CI").is_some_and(|value| !value.is_empty())
}

/// A test cannot run here for `reason`: under CI it fails with the reason; elsewhere the reason
/// is printed and the caller skips (what it skips is its own to say in `what`).
#[track_caller]
pub fn cannot_run(what: &str, reason: &str) {
    if must_run() {
        panic!("{what} cannot run: {reason} (CI is set, so it must run)");
    }
    eprintln!("skipped {what}: {reason}");
}

/// The name of the running test (the test harness names its thread after it).
pub fn this_test() -> String {
    std::thread::current()
        .name()
        .filter(|name| *name != "main")
        .unwrap_or("this test")
        .to_string()
}

/// Why the shared fixtures are missing.
pub const NO_SHARED: &str =
    "../shared (the shared fixtures; or set DEALGRAPH_SHARED) is not present on this machine";

/// The shared fixtures folder, or `None` after saying that `what` is skipped (failing under CI).
#[track_caller]
pub fn shared_or_skip(what: &str) -> Option<PathBuf> {
    let dir = shared_dir();
    if dir.is_none() {
        cannot_run(what, NO_SHARED);
    }
    dir
}

/// Whether Graphviz's `dot` can be run here; if not, says that `what` is skipped (failing
/// under CI).
#[track_caller]
pub fn dot_or_skip(what: &str) -> bool {
    let found = std::process::Command::new("dot")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        cannot_run(
            what,
            "Graphviz's `dot` is not installed here (apt-get install graphviz)",
        );
    }
    found
}

/// The shared fixtures folder, or returns from the test (which fails instead under CI).
#[macro_export]
macro_rules! require_shared {
    () => {
        match common::shared_or_skip(&common::this_test()) {
            Some(dir) => dir,
            None => return,
        }
    };
}

/// Returns from the test when Graphviz's `dot` is missing (the test fails instead under CI).
#[macro_export]
macro_rules! require_dot {
    () => {
        if !common::dot_or_skip(&common::this_test()) {
            return;
        }
    };
}

/// Writes a file in a fresh temporary folder, which lives as long as the returned guard.
pub fn temp_file(name: &str, text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join(name);
    std::fs::write(&path, text).expect("the file is written");
    (dir, path)
}

/// A scratch folder `work/` beside a `shared/` link (when the fixtures are present), with links
/// to the project's `examples/` and `graph-data/`: run from `work/`, examples and scripts find
/// their files and `../shared`, and whatever they write stays in the scratch folder, which lives
/// as long as the returned guard.
#[cfg(unix)]
pub fn scratch() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let work = dir.path().join("work");
    std::fs::create_dir(&work).expect("the work folder is made");
    for name in ["examples", "graph-data"] {
        std::os::unix::fs::symlink(root().join(name), work.join(name)).expect("a link");
    }
    if let Some(shared) = shared_dir() {
        std::os::unix::fs::symlink(shared, dir.path().join("shared")).expect("a link");
    }
    (dir, work)
}
