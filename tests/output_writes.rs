//! Files the program writes (`export -o`, `import -o`) are written whole or not at all: a
//! destination that cannot be written gives an error that names it and says what to do,
//! leaves the destination as it was, and leaves no temporary file behind. A device or a named
//! pipe given as the destination is written to, never replaced.

mod common;

use std::path::{Path, PathBuf};

use common::{dealgraph, failure_of, temp_file};

/// The ways to write a file, each given the destination.
fn writers(destination: &str, import: &Path) -> Vec<Vec<String>> {
    let import = import.display().to_string();
    [
        vec!["export", "json", "-o", destination],
        vec!["export", "dot", "--focus", "SenseTime", "-o", destination],
        vec!["export", "ftm", "-o", destination],
        vec!["import", &import, "-o", destination],
    ]
    .into_iter()
    .map(|words| words.into_iter().map(String::from).collect())
    .collect()
}

/// A small file to import.
fn importable() -> (tempfile::TempDir, PathBuf) {
    temp_file(
        "acme.ijson",
        r#"{"id": "acme", "schema": "Company", "properties": {"name": ["Acme Widgets"]}}"#,
    )
}

/// What a folder holds, by name.
fn listing(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_missing_folder_is_named_with_what_to_do_and_nothing_is_created() {
    let (_i, import) = importable();
    let dir = tempfile::tempdir().unwrap();
    let destination = dir.path().join("no/such/folder/graph.out");
    for args in writers(destination.to_str().unwrap(), &import) {
        let error = failure_of(&args);
        assert!(
            error.contains(&format!(
                "cannot write {}: the folder {} does not exist; create it, or write somewhere else",
                destination.display(),
                destination.parent().unwrap().display()
            )),
            "{error}"
        );
        assert!(listing(dir.path()).is_empty(), "dealgraph {args:?}");
    }
}

#[test]
fn a_folder_at_the_destination_is_refused_and_left_alone() {
    let (_i, import) = importable();
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("graph.json");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("keep.txt"), "mine").unwrap();
    let with_slash = format!("{}/", dir.path().display());
    for destination in [folder.display().to_string(), with_slash] {
        for args in writers(&destination, &import) {
            let error = failure_of(&args);
            assert!(
                error.contains(&format!(
                    "{destination} is a folder; name a file to write instead"
                )),
                "{error}"
            );
            assert_eq!(listing(dir.path()), ["graph.json"], "dealgraph {args:?}");
            assert_eq!(listing(&folder), ["keep.txt"]);
        }
    }
}

#[test]
fn an_unwritable_folder_is_named_and_the_old_file_survives() {
    let (_i, import) = importable();
    let dir = tempfile::tempdir().unwrap();
    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    let destination = locked.join("graph.out");
    std::fs::write(&destination, "the old export").unwrap();
    set_read_only(&locked, true);
    if std::fs::write(locked.join("probe"), "").is_ok() {
        // The superuser writes anywhere: the folder cannot be locked against it.
        set_read_only(&locked, false);
        // Linux's /sys is read-only even to the superuser.
        let sys = Path::new("/sys");
        if !sys.is_dir() {
            eprintln!("skipped: this user writes in read-only folders and there is no /sys");
            return;
        }
        for args in writers("/sys/graph.out", &import) {
            let error = failure_of(&args);
            assert!(
                error.contains("cannot write /sys/graph.out: the folder /sys is not writable"),
                "{error}"
            );
        }
        return;
    }
    for args in writers(destination.to_str().unwrap(), &import) {
        let error = failure_of(&args);
        assert!(
            error.contains(&format!(
                "cannot write {}: the folder {} is not writable; write somewhere else",
                destination.display(),
                locked.display()
            )),
            "{error}"
        );
        assert_eq!(listing(&locked), ["graph.out"], "no temporary file is left");
        assert_eq!(
            std::fs::read_to_string(&destination).unwrap(),
            "the old export"
        );
    }
    set_read_only(&locked, false);
}

fn set_read_only(folder: &Path, read_only: bool) {
    let mut permissions = std::fs::metadata(folder).unwrap().permissions();
    permissions.set_readonly(read_only);
    std::fs::set_permissions(folder, permissions).unwrap();
}

#[test]
fn a_failed_import_writes_nothing_and_an_earlier_file_survives() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.ijson");
    std::fs::write(
        &bad,
        "{\"id\": \"x\", \"schema\": \"Company\", \"properties\": {\n",
    )
    .unwrap();
    let destination = dir.path().join("out.json");
    std::fs::write(&destination, "the old import").unwrap();
    let args: Vec<String> = ["import", bad.to_str().unwrap(), "-o"]
        .iter()
        .map(|s| s.to_string())
        .chain([destination.display().to_string()])
        .collect();
    let error = failure_of(&args);
    assert!(error.contains("nothing was loaded"), "{error}");
    assert_eq!(listing(dir.path()), ["bad.ijson", "out.json"]);
    assert_eq!(
        std::fs::read_to_string(&destination).unwrap(),
        "the old import"
    );
}

#[test]
fn a_successful_write_replaces_the_file_and_leaves_no_temporary_file() {
    let (_i, import) = importable();
    let dir = tempfile::tempdir().unwrap();
    let destination = dir.path().join("graph.out");
    for args in writers(destination.to_str().unwrap(), &import) {
        std::fs::write(&destination, "old").unwrap();
        let output = dealgraph().args(&args).output().unwrap();
        assert!(output.status.success(), "dealgraph {args:?}");
        assert_ne!(std::fs::read_to_string(&destination).unwrap(), "old");
        assert_eq!(listing(dir.path()), ["graph.out"], "dealgraph {args:?}");
    }
}

#[cfg(unix)]
#[test]
fn a_named_pipe_as_the_destination_is_written_to_not_replaced() {
    use std::io::Read;
    use std::os::unix::fs::FileTypeExt;

    let dir = tempfile::tempdir().unwrap();
    let pipe = dir.path().join("pipe");
    let made = std::process::Command::new("mkfifo").arg(&pipe).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipped: mkfifo is not available");
        return;
    }
    let reader = {
        let pipe = pipe.clone();
        std::thread::spawn(move || {
            let mut text = String::new();
            std::fs::File::open(pipe)
                .unwrap()
                .read_to_string(&mut text)
                .unwrap();
            text
        })
    };
    let output = dealgraph()
        .args(["export", "json", "-o"])
        .arg(&pipe)
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = reader.join().unwrap();
    let dataset: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert!(!dataset["entities"].as_array().unwrap().is_empty());
    let kind = std::fs::symlink_metadata(&pipe).unwrap().file_type();
    assert!(kind.is_fifo(), "the pipe was replaced by a file");
}
