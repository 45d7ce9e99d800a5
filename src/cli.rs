//! The grammar: one set of clap definitions for the command line and the `dealgraph>` prompt,
//! so that words, flags, help and errors are the same in both.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::date::PartialDate;
use crate::filter::{Direction, Filter};
use crate::load::{Format, LoadOptions};
use crate::model::{EntityKind, RelationType, Status};

/// dealgraph: a knowledge graph of companies, investors and government contracts.
///
/// With no command it opens the `dealgraph>` prompt on a terminal, or runs the lines of
/// standard input as a script. Entities are named by id, name or alias, in any case.
#[derive(Debug, Clone, Parser)]
#[command(name = "dealgraph", version, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Flags that every command takes.
#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = "Global options")]
pub struct Global {
    /// Load a data file or folder (repeatable; the format is detected)
    #[arg(long, global = true, value_name = "PATH")]
    pub data: Vec<PathBuf>,

    /// Do not load the bundled dataset
    #[arg(long, global = true)]
    pub no_default_data: bool,

    /// Read data files in this format instead of detecting it from their content
    // Its own id: `export FORMAT` has an argument named `format` too.
    #[arg(
        long = "format",
        id = "data_format",
        global = true,
        value_enum,
        value_name = "FORMAT"
    )]
    pub format: Option<Format>,

    /// Do not merge imported entities with known ones by identifier or name
    #[arg(long, global = true)]
    pub no_merge: bool,

    /// Print exactly one JSON document on standard output
    #[arg(long, global = true)]
    pub json: bool,

    /// Only use relations with these statuses (comma-separated)
    #[arg(long, global = true, value_delimiter = ',', value_name = "LIST")]
    pub status: Vec<Status>,

    /// Only use relations in force on this date (YYYY, YYYY-MM or YYYY-MM-DD)
    #[arg(long, global = true, value_name = "DATE")]
    pub as_of: Option<PartialDate>,

    /// When to colour the output
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,

    /// Run the commands in FILE, one a line, instead of opening the prompt
    #[arg(long, value_name = "FILE", help_heading = None)]
    pub script: Option<PathBuf>,

    /// Run a script past failing lines, reporting each (the exit status is still 1)
    #[arg(long, help_heading = None)]
    pub keep_going: bool,
}

/// When to colour the output.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    /// On a terminal, unless NO_COLOR is set
    #[default]
    Auto,
    Always,
    Never,
}

/// What to do.
#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// An entity's card: kind, aliases, country, facts, every relation with its sources
    Show(ShowArgs),
    /// Entities whose names or aliases match, best first
    Find(FindArgs),
    /// The shortest path between two entities, each hop with its status and source
    ///
    /// Every hop is printed as its relation in its true direction, with status, amount, date and
    /// source quote. When there is no path, the answer says which part of the filter blocks it.
    Path(PathArgs),
    /// The entities within N hops of an entity, and how each is reached
    #[command(visible_alias = "neighbors")]
    Neighbours(NeighboursArgs),
    /// Who invested in a company, with rounds, amounts, dates, statuses and sources
    #[command(mut_arg("entity", |a| a.value_name("COMPANY").help("A company's id, name or alias")))]
    Investors(InvestmentArgs),
    /// What an investor invested in, with rounds, amounts, dates, statuses and sources
    #[command(mut_arg("entity", |a| a.value_name("INVESTOR").help("An investor's id, name or alias")))]
    Portfolio(InvestmentArgs),
    /// The investors that companies share; with --all, every pair of companies ranked
    Overlap(OverlapArgs),
    /// Who invests alongside an investor, most shared companies first
    Coinvestors(CoinvestorsArgs),
    /// The government bodies an investor reaches through its portfolio's contracts
    ///
    /// The government bodies and state-owned companies an investor reaches through its
    /// portfolio companies' contracts, each with the chain of relations and its weakest status.
    #[command(mut_arg("entity", |a| a.value_name("INVESTOR").help("An investor's id, name or alias")))]
    Exposure(InvestmentArgs),
    /// Write the graph or a selection as dot, svg, png, json, graphml, ftm or cypher
    Export(ExportArgs),
    /// Counts by kind, type and status; the most connected entities; components
    Stats(StatsArgs),
    /// Check data files and report every problem with file:line:column
    Validate(ValidateArgs),
    /// Add data files or folders to this session's graph
    Load(LoadArgs),
    /// Convert open data (FollowTheMoney, BODS, OCDS, GLEIF) to a dealgraph dataset file
    Import(ImportArgs),
    /// Show the session's settings, or change one for the commands after it
    ///
    /// At the prompt or in a script, a setting applies to every later command, under the
    /// command's own flags.
    Set(SetArgs),
    /// End the session
    #[command(visible_alias = "exit")]
    Quit,
}

/// The filter flags of the queries, added to the global `--status` and `--as-of`.
#[derive(Debug, Clone, Default, Args)]
pub struct FilterArgs {
    /// Only follow relations of these types (comma-separated)
    #[arg(long = "rel", value_delimiter = ',', value_name = "TYPES")]
    pub rel: Vec<RelationType>,

    /// Which way to follow relations
    #[arg(long = "dir", value_enum, value_name = "DIR")]
    pub dir: Option<Direction>,

    /// Only reach entities of these kinds (comma-separated)
    #[arg(long = "kind", value_delimiter = ',', value_name = "KINDS")]
    pub kind: Vec<EntityKind>,
}

impl FilterArgs {
    /// The session's filter with these flags on top.
    pub fn apply(&self, base: &Filter) -> Filter {
        let mut filter = base.clone();
        if !self.rel.is_empty() {
            filter.types = self.rel.iter().copied().collect();
        }
        if let Some(dir) = self.dir {
            filter.direction = dir;
        }
        if !self.kind.is_empty() {
            filter.kinds = self.kind.iter().copied().collect();
        }
        filter
    }
}

#[derive(Debug, Clone, Args)]
pub struct ShowArgs {
    /// An entity id, name or alias
    #[arg(value_name = "ENTITY")]
    pub entity: String,
}

#[derive(Debug, Clone, Args)]
pub struct FindArgs {
    /// Part of a name or alias; several words are searched as one phrase
    #[arg(value_name = "TEXT", required = true, num_args = 1..)]
    pub text: Vec<String>,

    /// Show at most this many matches
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub limit: usize,
}

#[derive(Debug, Clone, Args)]
pub struct StatsArgs {
    /// How many of the most connected entities to list
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub top: usize,
}

#[derive(Debug, Clone, Args)]
pub struct ValidateArgs {
    /// Files or folders to check on top of the loaded data (default: the loaded data itself)
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

impl Global {
    /// How `--format` and `--no-merge` ask for data to be read.
    pub fn load_options(&self) -> LoadOptions {
        LoadOptions {
            format: self.format,
            merge: !self.no_merge,
        }
    }
}

#[derive(Debug, Clone, Args)]
pub struct ImportArgs {
    /// Files or folders of open data; entities that match the loaded graph join it
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,

    /// Write the dataset here (written atomically); standard output when absent or `-`
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Args)]
pub struct LoadArgs {
    /// Files or folders to add
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
}

#[derive(Debug, Clone, Args)]
pub struct SetArgs {
    #[command(subcommand)]
    pub setting: Option<Setting>,
}

/// A setting of the session; each applies to every later command, under its own flags.
#[derive(Debug, Clone, Subcommand)]
pub enum Setting {
    /// Only use relations with these statuses (comma-separated), or `all`
    Status {
        #[arg(
            value_name = "LIST",
            value_delimiter = ',',
            required = true,
            value_parser = status_or_all()
        )]
        statuses: Vec<Option<Status>>,
    },
    /// Only use relations in force on this date (YYYY, YYYY-MM or YYYY-MM-DD), or `none`
    AsOf {
        #[arg(value_name = "DATE", value_parser = date_or_none)]
        date: DateOrNone,
    },
    /// Answer every command with one JSON document (on) or with text (off)
    Json {
        #[arg(value_enum, value_name = "SWITCH")]
        switch: Switch,
    },
}

/// On or off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Switch {
    On,
    Off,
}

/// The statuses, and `all` (read as `None`), with their names offered as possible values.
fn status_or_all() -> impl clap::builder::TypedValueParser<Value = Option<Status>> {
    use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
    let names = Status::ALL
        .iter()
        .map(|s| PossibleValue::new(s.as_str()))
        .chain([PossibleValue::new("all").help("every status")]);
    // The parser only lets the names above through, so every word but `all` is a status.
    PossibleValuesParser::new(names).map(|word| word.parse::<Status>().ok())
}

/// A date, or no date (`none`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateOrNone(pub Option<PartialDate>);

fn date_or_none(text: &str) -> Result<DateOrNone, String> {
    if text.eq_ignore_ascii_case("none") {
        return Ok(DateOrNone(None));
    }
    text.parse()
        .map(|date| DateOrNone(Some(date)))
        .map_err(|e| format!("{e}; or `none` to use relations of any date"))
}

#[derive(Debug, Clone, Args)]
#[command(group(clap::ArgGroup::new("selection").args(["focus", "path", "overlap", "exposure"])))]
pub struct ExportArgs {
    /// What to write: a Graphviz drawing (dot, svg, png) or a graph format
    #[arg(value_enum, value_name = "FORMAT")]
    pub format: crate::export::Format,

    /// Write to this file (atomically) instead of standard output (`-`)
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Export only this entity and what lies within --depth hops of it
    #[arg(long, value_name = "ENTITY")]
    pub focus: Option<String>,

    /// How many hops from the --focus entity to go
    #[arg(long, value_name = "N", default_value_t = 1, requires = "focus")]
    pub depth: usize,

    /// Export the shortest path between two entities (with --k, the k shortest), as `path`
    /// finds it
    #[arg(long, num_args = 2, value_names = ["FROM", "TO"])]
    pub path: Option<Vec<String>>,

    #[command(flatten)]
    pub path_search: PathSearchArgs,

    /// Export two or more companies, the investors they all share and the stakes that join
    /// them, as `overlap` finds them
    #[arg(long, num_args = 2.., value_name = "COMPANY")]
    pub overlap: Option<Vec<String>>,

    /// Export the chains from an investor to the government bodies and state-owned companies
    /// it reaches, as `exposure` finds them
    #[arg(long, value_name = "INVESTOR")]
    pub exposure: Option<String>,

    /// With --overlap or --exposure, count a fund under its owner (`owns`), as their --rollup
    #[arg(long)]
    pub rollup: bool,

    #[command(flatten)]
    pub filter: FilterArgs,

    /// Mark the shortest path between two entities of the selection (dot, svg, png, graphml)
    #[arg(long, num_args = 2, value_names = ["FROM", "TO"])]
    pub highlight: Option<Vec<String>>,

    /// Draw a box around the entities of each country (dot, svg, png)
    #[arg(long, value_enum, value_name = "BY")]
    pub cluster: Option<crate::export::dot::Cluster>,

    /// The drawing's title, instead of one naming the selection and the filters (dot, svg, png)
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
}

#[derive(Debug, Clone, Args)]
pub struct PathArgs {
    /// Where the path starts: an entity id, name or alias
    #[arg(value_name = "FROM")]
    pub from: String,

    /// Where the path ends
    #[arg(value_name = "TO")]
    pub to: String,

    #[command(flatten)]
    pub filter: FilterArgs,

    #[command(flatten)]
    pub search: PathSearchArgs,
}

/// The flags of a path search besides the filter, which `path` and `export --path` share.
#[derive(Debug, Clone, Args)]
pub struct PathSearchArgs {
    /// Follow relations only from `from` to `to` (the same as --dir out)
    #[arg(long, conflicts_with = "dir")]
    pub directed: bool,

    /// Never pass through these entities (comma-separated, or repeat the flag)
    #[arg(long, value_delimiter = ',', value_name = "ENTITIES")]
    pub avoid: Vec<String>,

    /// List the N shortest paths that never pass an entity twice
    #[arg(long, default_value_t = 1, value_name = "N",
          value_parser = clap::value_parser!(u32).range(1..=100))]
    pub k: u32,

    /// Only paths of at most N hops
    #[arg(long, value_name = "N")]
    pub max_len: Option<usize>,
}

#[derive(Debug, Clone, Args)]
pub struct NeighboursArgs {
    /// An entity id, name or alias
    #[arg(value_name = "ENTITY")]
    pub entity: String,

    /// How many hops away to look
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub depth: usize,

    #[command(flatten)]
    pub filter: FilterArgs,

    /// Show at most this many entities, nearest first
    #[arg(long, default_value_t = 50, value_name = "N")]
    pub limit: usize,
}

#[derive(Debug, Clone, Args)]
pub struct InvestmentArgs {
    /// An entity id, name or alias
    #[arg(value_name = "ENTITY")]
    pub entity: String,

    /// Fold funds into their owners (`owns`): an owner's investments include its funds'
    #[arg(long)]
    pub rollup: bool,
}

#[derive(Debug, Clone, Args)]
pub struct OverlapArgs {
    /// Two or more companies
    #[arg(
        value_name = "COMPANY",
        required_unless_present = "all",
        conflicts_with = "all"
    )]
    pub companies: Vec<String>,

    /// Rank every pair of companies by the investors they share
    #[arg(long)]
    pub all: bool,

    /// With --all, how many pairs to list, at most 10000 [default: 10]
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,

    /// Count a fund and its owner (`owns`) as one investor
    #[arg(long)]
    pub rollup: bool,
}

#[derive(Debug, Clone, Args)]
pub struct CoinvestorsArgs {
    /// An investor's id, name or alias
    #[arg(value_name = "INVESTOR")]
    pub investor: String,

    /// How many co-investors to list
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub top: usize,

    /// Include the investments of the funds it owns, and count other funds under their owners
    #[arg(long)]
    pub rollup: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_grammar_is_consistent() {
        Cli::command().debug_assert();
    }
}
