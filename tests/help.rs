//! Help reads well: the commands in the order of the work, one line each, and a command's own
//! flags before the flags every command takes; `help` at the prompt prints the same text.

mod common;

use common::{dealgraph, stdout_of};

/// The lines of the `Commands:` section of a help text.
fn command_lines(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|l| *l != "Commands:")
        .skip(1)
        .take_while(|l| !l.is_empty())
        .map(String::from)
        .collect()
}

#[test]
fn the_commands_are_listed_in_the_order_of_the_work_one_line_each() {
    let help = stdout_of(&["--help"]);
    let lines = command_lines(&help);
    let names: Vec<&str> = lines
        .iter()
        .map(|l| l.split_whitespace().next().unwrap_or(""))
        .collect();
    assert_eq!(
        names,
        [
            "show",
            "find",
            "path",
            "neighbours",
            "investors",
            "portfolio",
            "overlap",
            "coinvestors",
            "exposure",
            "flows",
            "owners",
            "subsidiaries",
            "ubo",
            "export",
            "stats",
            "validate",
            "load",
            "import",
            "index",
            "set",
            "clear",
            "quit",
            "completions",
            "man",
            "help"
        ],
        "{help}"
    );
    // A line that starts with spaces only would be a description running on.
    for line in &lines {
        assert!(
            line.starts_with("  ") && !line.starts_with("   "),
            "{line:?}"
        );
        assert!(line.len() <= 100, "{line:?}");
    }
}

#[test]
fn the_short_help_is_a_summary_of_the_grammar() {
    insta::assert_snapshot!("short_help", stdout_of(&["-h"]));
}

#[test]
fn a_commands_own_flags_come_before_the_global_ones() {
    let help = stdout_of(&["help", "path"]);
    let at = |text: &str| {
        help.find(text)
            .unwrap_or_else(|| panic!("{text} missing from {help}"))
    };
    assert!(help.starts_with(
        "The shortest path between two entities, each hop with its status and source\n"
    ));
    assert!(at("Usage: dealgraph path [OPTIONS] <FROM> <TO>") < at("--avoid <ENTITIES>"));
    assert!(at("--max-len <N>") < at("Global options:"));
    assert!(at("Global options:") < at("--status <LIST>"));
    let help = stdout_of(&["help", "investors"]);
    assert!(help.contains("Usage: dealgraph investors [OPTIONS] <COMPANY>"));
    let help = stdout_of(&["help", "exposure"]);
    assert!(help.contains("Usage: dealgraph exposure [OPTIONS] [INVESTOR]"));
    assert!(help.contains("--all"));
}

#[test]
fn help_at_the_prompt_is_its_own_short_and_without_the_command_lines_flags() {
    let at_prompt = |line: &str| {
        let output = dealgraph()
            .write_stdin(format!("{line}\n"))
            .output()
            .unwrap();
        assert!(output.status.success(), "{line}");
        String::from_utf8(output.stdout).unwrap()
    };
    let overview = at_prompt("help");
    assert!(
        overview.starts_with("Commands:\n  show ENTITY"),
        "{overview}"
    );
    assert!(overview.lines().count() <= 30, "{overview}");
    for flag in ["--script", "--data", "--no-default-data", "-V, --version"] {
        assert!(!overview.contains(flag), "{flag}");
    }
    for line in ["help path", "path --help", "path -h"] {
        let text = at_prompt(line);
        assert!(
            text.contains("Usage: path [OPTIONS] <FROM> <TO>"),
            "{line}: {text}"
        );
        assert!(text.contains("--avoid <ENTITIES>"), "{line}");
        assert!(!text.contains("--data"), "{line}");
        assert!(text.contains("Example:\n  path "), "{line}");
    }
    assert!(at_prompt("help set as-of").contains("Usage: set as-of"));
    // An unknown command is said in the prompt's terms.
    let output = dealgraph().write_stdin("help clera\n").output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(
            "unknown command \"clera\" — did you mean \"clear\"?; `help` lists the commands"
        ),
        "{stderr}"
    );
}

#[test]
fn shell_completions_and_the_manual_page_come_from_the_grammar() {
    let bash = stdout_of(&["completions", "bash"]);
    assert!(bash.contains("_dealgraph()"), "{bash}");
    // bash reads the script without a syntax error.
    let checked = std::process::Command::new("bash")
        .args(["-n", "-c", &bash])
        .status()
        .expect("bash runs");
    assert!(checked.success());
    for shell in ["zsh", "fish", "elvish", "powershell"] {
        assert!(
            stdout_of(&["completions", shell]).contains("dealgraph"),
            "{shell}"
        );
    }
    let man = stdout_of(&["man"]);
    assert!(man.contains(".TH dealgraph 1"), "{man}");
    assert!(man.contains("overlap"), "the manual lists the commands");
    // At the prompt they are refused with what to do.
    let output = dealgraph()
        .write_stdin("completions bash\n")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&output.stderr).contains("run them from the command line"));
}
