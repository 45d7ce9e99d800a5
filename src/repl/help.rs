//! Help at the prompt: the commands in brief with the flags that make sense there, and a
//! command's own flags with an example, from the same grammar as the command line but without
//! what only the command line does (choosing the data, running a script).

use clap::CommandFactory;

use crate::cli::Cli;
use crate::error::Error;

/// The flags of the command line that have no meaning at the prompt, by id.
const COMMAND_LINE_ONLY: &[&str] = &[
    "data",
    "no_default_data",
    "data_format",
    "no_merge",
    "script",
    "keep_going",
    "verbose",
    "quiet",
];

/// The commands the prompt does not offer (they print files for the shell).
const SHELL_ONLY: &[&str] = &["completions", "man"];

/// One example of each command, as typed at the prompt.
const EXAMPLES: &[(&str, &str)] = &[
    ("show", "show SenseTime"),
    ("find", "find vision"),
    (
        "path",
        "path \"SoftBank Vision Fund\" \"Chongqing police\" --status confirmed,reported",
    ),
    ("neighbours", "neighbours Megvii --depth 2 --rel invests_in"),
    ("investors", "investors Megvii"),
    ("portfolio", "portfolio SoftBank --rollup"),
    ("overlap", "overlap SenseTime Megvii"),
    ("coinvestors", "coinvestors Alibaba --top 5"),
    ("exposure", "exposure SoftBank --rollup"),
    ("owners", "owners \"SoftBank Vision Fund\""),
    ("subsidiaries", "subsidiaries SoftBank"),
    ("ubo", "ubo \"SoftBank Vision Fund\""),
    ("flows", "flows GRÜNE --top 5"),
    (
        "export",
        "export svg --focus SenseTime --depth 2 -o sensetime.svg",
    ),
    ("stats", "stats --top 5"),
    ("validate", "validate my-data.json"),
    ("load", "load my-data.json"),
    ("import", "import registry.ijson -o registry.json"),
    ("index", "index registry.json -o world.dgx"),
    ("set", "set status confirmed"),
    ("clear", "clear"),
    ("quit", "quit"),
];

/// The prompt's `help`: each command in a line, the flags every command takes here, and how to
/// learn more.
pub fn overview() -> String {
    let command = Cli::command();
    let mut rows: Vec<(String, String)> = Vec::new();
    for sub in command.get_subcommands() {
        let name = sub.get_name();
        if SHELL_ONLY.contains(&name) {
            continue;
        }
        let mut usage = name.to_string();
        for arg in sub.get_positionals() {
            let names = arg
                .get_value_names()
                .map(|n| n.join(" "))
                .unwrap_or_default();
            let many = arg.get_num_args().is_some_and(|n| n.max_values() > 1);
            usage.push(' ');
            usage.push_str(&names);
            if many {
                usage.push_str("...");
            }
        }
        let about = sub.get_about().map(|a| a.to_string()).unwrap_or_default();
        rows.push((usage, about));
    }
    rows.push((
        "help [COMMAND]".into(),
        "This help, or a command's flags and an example".into(),
    ));
    let width = rows
        .iter()
        .map(|(u, _)| u.chars().count())
        .max()
        .unwrap_or(0);
    let mut text = String::from("Commands:\n");
    for (usage, about) in rows {
        text.push_str(&format!("  {}  {about}\n", crate::text::pad(&usage, width)));
    }
    text.push_str(
        "\nEvery command takes --json, --status LIST, --as-of DATE and --color WHEN; `set` keeps\n\
         a status, a date, JSON, colour, the pager, a length of lists or a width for the\n\
         commands after it (`set` alone lists them). An entity is named by id, name, alias or\n\
         identifier, in any case. Tab completes, `help COMMAND` shows a command's flags, a `\\`\n\
         at the end of a line continues it, Ctrl-C stops a command, Ctrl-D quits.\n",
    );
    text
}

/// The prompt's `help COMMAND` (or `COMMAND --help`): the command's usage and flags without
/// those of the command line alone, then an example, wrapped to `width` columns when set (`set
/// width`); `None` for a word that is no command.
pub fn command(words: &[&str], width: Option<usize>) -> Option<String> {
    let mut root = Cli::command();
    root.build();
    let (&first, rest) = words.split_first()?;
    let mut sub = root.find_subcommand(first)?.clone();
    let mut path = vec![sub.get_name().to_string()];
    for word in rest {
        let Some(next) = sub.find_subcommand(word) else {
            break;
        };
        path.push(next.get_name().to_string());
        sub = next.clone();
    }
    if SHELL_ONLY.contains(&path[0].as_str()) {
        return None;
    }
    let ids: Vec<String> = sub
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for id in ids {
        if COMMAND_LINE_ONLY.contains(&id.as_str()) {
            sub = sub.mut_arg(id, |a| a.hide(true));
        }
    }
    if let Some(width) = width {
        sub = sub.term_width(width).max_term_width(width);
    }
    // At the prompt a command is typed without the program's name.
    let mut text = sub
        .render_help()
        .to_string()
        .replace("Usage: dealgraph ", "Usage: ");
    if path.len() == 1
        && let Some((_, example)) = EXAMPLES.iter().find(|(name, _)| *name == path[0])
    {
        text.push_str(&format!("\nExample:\n  {example}\n"));
    }
    Some(text)
}

/// The help a line asks for at the prompt (`help`, `help COMMAND`, `COMMAND --help`), or an
/// error naming what is no command; `None` for a line that asks for no help (`--version`).
/// A command's help is wrapped to `width` columns when set.
pub fn asked(line: &str, width: Option<usize>) -> Option<Result<String, Error>> {
    let words = shlex::split(line)?;
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    let asks = |w: &&str| matches!(*w, "--help" | "-h");
    let named: Vec<&str> = match words.as_slice() {
        ["help"] | ["--help"] | ["-h"] => return Some(Ok(overview())),
        ["help", rest @ ..] => rest.to_vec(),
        _ if words.iter().any(asks) => words
            .iter()
            .take_while(|w| !w.starts_with('-'))
            .copied()
            .collect(),
        _ => return None,
    };
    Some(
        command(&named, width).ok_or_else(|| unknown_command(named.first().copied().unwrap_or(""))),
    )
}

/// An error of the grammar said in the prompt's terms: an unknown command or setting named
/// with a did-you-mean, and usage without the program's name.
pub fn in_prompt_terms(line: &str, err: Error) -> Error {
    let Error::Usage(message) = &err else {
        return err;
    };
    let words = shlex::split(line).unwrap_or_default();
    let root = Cli::command();
    if let Some(first) = words.first().filter(|w| !w.starts_with('-')) {
        match root.find_subcommand(first) {
            None => return unknown_command(first),
            Some(set) if set.get_name() == "set" => {
                if let Some(setting) = words.get(1).filter(|w| !w.starts_with('-'))
                    && set.find_subcommand(setting).is_none()
                {
                    let settings: Vec<&str> = set.get_subcommands().map(|s| s.get_name()).collect();
                    return Error::Usage(format!(
                        "unknown setting \"{setting}\"{}; the settings are {}",
                        did_you_mean(setting, &settings),
                        crate::text::and_list(&settings)
                    ));
                }
            }
            Some(_) => {}
        }
    }
    let message = message.replace("Usage: dealgraph ", "Usage: ").replace(
        "For more information, try '--help'.",
        "`help COMMAND` shows a command's flags.",
    );
    Error::Usage(message)
}

/// "unknown command "X" — did you mean "Y"?; `help` lists the commands".
fn unknown_command(word: &str) -> Error {
    let root = Cli::command();
    let names: Vec<&str> = root
        .get_subcommands()
        .map(|s| s.get_name())
        .filter(|n| !SHELL_ONLY.contains(n))
        .collect();
    Error::Usage(format!(
        "unknown command \"{word}\"{}; `help` lists the commands",
        did_you_mean(word, &names)
    ))
}

/// " — did you mean "Y"?" when a name is close to `word`, else "".
fn did_you_mean(word: &str, names: &[&str]) -> String {
    let best = names
        .iter()
        .map(|n| (strsim::jaro_winkler(&word.to_lowercase(), n), n))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    match best {
        Some((_, name)) => format!(" — did you mean \"{name}\"?"),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_overview_is_short_and_names_no_command_line_flag() {
        let text = overview();
        assert!(text.lines().count() <= 30, "{text}");
        assert!(text.contains("  path FROM TO "), "{text}");
        for flag in ["--script", "--data", "--no-default-data", "-V"] {
            assert!(!text.contains(flag), "{flag} in {text}");
        }
    }

    #[test]
    fn a_commands_help_has_its_flags_and_an_example_but_not_the_command_lines() {
        let text = command(&["path"], None).unwrap();
        assert!(text.contains("Usage: path [OPTIONS] <FROM> <TO>"), "{text}");
        assert!(text.contains("--avoid <ENTITIES>"));
        assert!(text.contains("--status <LIST>"));
        assert!(!text.contains("--data"), "{text}");
        assert!(!text.contains("--script"), "{text}");
        assert!(text.contains("Example:\n  path \"SoftBank Vision Fund\""));
        assert!(command(&["nosuch"], None).is_none());
        assert!(
            command(&["set", "as-of"], None)
                .unwrap()
                .contains("Usage: set as-of")
        );
    }

    #[test]
    fn set_width_wraps_a_commands_help() {
        let wide = command(&["path"], None).unwrap();
        assert!(wide.lines().any(|l| l.chars().count() > 60), "{wide}");
        let narrow = command(&["path"], Some(60)).unwrap();
        let longest = narrow.lines().map(|l| l.chars().count()).max().unwrap();
        // The example is one command, not wrapped.
        let example = narrow.lines().last().unwrap().chars().count();
        assert!(
            narrow
                .lines()
                .filter(|l| l.chars().count() != example)
                .all(|l| l.chars().count() <= 60),
            "{narrow}"
        );
        assert!(longest < wide.lines().map(|l| l.chars().count()).max().unwrap());
    }

    #[test]
    fn an_unknown_command_or_setting_is_said_in_the_prompts_terms() {
        let unknown = |line: &str| {
            let err = crate::cli::parse_line(line).unwrap_err();
            in_prompt_terms(line, err).to_string()
        };
        assert_eq!(
            unknown("clera"),
            "unknown command \"clera\" — did you mean \"clear\"?; `help` lists the commands"
        );
        assert_eq!(
            unknown("shwo SenseTime"),
            "unknown command \"shwo\" — did you mean \"show\"?; `help` lists the commands"
        );
        assert_eq!(
            unknown("set colr never"),
            "unknown setting \"colr\" — did you mean \"colour\"?; the settings are status, as-of, \
             json, colour, pager, limit and width"
        );
        // A bad value of a setting says what the setting takes.
        let limit = unknown("set limit x");
        assert!(
            limit.contains("expected a whole number from 1 up, or `default`"),
            "{limit}"
        );
        let pager = unknown("set pager maybe");
        assert!(pager.contains("[possible values: on, off]"), "{pager}");
        assert!(!unknown("path SenseTime").contains("dealgraph"));
    }

    #[test]
    fn every_command_of_the_prompt_has_an_example() {
        for sub in Cli::command().get_subcommands() {
            let name = sub.get_name();
            if !SHELL_ONLY.contains(&name) {
                assert!(EXAMPLES.iter().any(|(n, _)| *n == name), "{name}");
            }
        }
    }
}
