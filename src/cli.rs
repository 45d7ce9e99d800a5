//! The grammar: one set of clap definitions for the command line and the `dealgraph>` prompt,
//! so that words, flags, help and errors are the same in both; and the one place where parsed
//! words become library values ([`Cli::request`], [`Cli::startup`]). Nothing below this
//! module names a clap type.

use std::path::PathBuf;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use crate::date::PartialDate;
use crate::error::Error;
use crate::export::dot::Cluster;
use crate::export::request::ExportRequest;
use crate::filter::{Direction, FilterChange, Listed};
use crate::load::{Format, Input, LoadOptions};
use crate::model::{EntityKind, RelationType, Status};
use crate::query::path::PathQuery;
use crate::session::{Action, Colour, Request, Setting};

/// dealgraph: a knowledge graph of companies, investors and government contracts.
///
/// With no command it opens the `dealgraph>` prompt on a terminal, or runs the lines of
/// standard input as a script. Entities are named by id, name or alias, in any case.
#[derive(Debug, Clone, Parser)]
#[command(name = "dealgraph", version, max_term_width = 100)]
pub struct Cli {
    /// The flags that every command takes.
    #[command(flatten)]
    pub global: Global,

    /// The command, or `None` to open the prompt or run a script.
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Whether the command's `--limit` or `--top` was typed, as [`parse_line`] reads it (when
    /// it was not, the session's `set limit`, if any, applies).
    #[arg(skip)]
    pub limit_given: bool,
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
        value_name = "FORMAT",
        value_parser = words(&Format::ALL, Format::as_str, Some(Format::help))
    )]
    pub format: Option<Format>,

    /// Read CSV tables through this FollowTheMoney mapping (YAML)
    #[arg(long, global = true, value_name = "FILE")]
    pub mapping: Option<PathBuf>,

    /// Do not merge imported entities with known ones by identifier or name
    #[arg(long, global = true)]
    pub no_merge: bool,

    /// Print exactly one JSON document on standard output
    #[arg(long, global = true)]
    pub json: bool,

    /// Only use relations with these statuses (comma-separated)
    #[arg(long, global = true, value_delimiter = ',', value_name = "LIST",
          value_parser = words(Status::ALL, Status::as_str, None))]
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

    /// Report what --data loaded file by file (by default, one line)
    #[arg(short, long, global = true, conflicts_with = "quiet")]
    pub verbose: bool,

    /// Say nothing of what --data loaded
    #[arg(short, long, global = true)]
    pub quiet: bool,
}

/// When to colour the output.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    /// On a terminal, unless NO_COLOR is set
    #[default]
    Auto,
    // clap would show a doc comment as help; `help = None` lists these two without one.
    /// Colour, even when the output is not a terminal or NO_COLOR is set.
    #[value(help = None::<&str>)]
    Always,
    /// Never colour.
    #[value(help = None::<&str>)]
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
    Portfolio(PortfolioArgs),
    /// The investors that companies share; with --all, every pair of companies ranked
    Overlap(OverlapArgs),
    /// Who invests alongside an investor, most shared companies first
    Coinvestors(CoinvestorsArgs),
    /// The government bodies and listed companies an investor reaches through its portfolio
    ///
    /// The government bodies and state-owned companies an investor reaches by its own and its
    /// subsidiaries' contracts and through its portfolio companies' (and their subsidiaries')
    /// contracts, and the listed companies (sanctions, export controls)
    /// among its portfolio companies and their owners and subsidiaries, each with the chain of
    /// relations and its weakest status. With --all, every investor ranked by how many listed
    /// companies and government bodies it reaches.
    Exposure(ExposureArgs),
    /// The money in and out of an entity, summed by counterparty, currency and year
    Flows(FlowsArgs),
    /// Who owns an entity, directly or through others, with each stake
    #[command(mut_arg("entity", |a| a.help("An entity's id, name or alias")))]
    Owners(ShowArgs),
    /// What an entity owns, directly or through others, with each stake
    #[command(mut_arg("entity", |a| a.help("An entity's id, name or alias")))]
    Subsidiaries(ShowArgs),
    /// The ultimate owners of an entity, each share multiplied along every chain and summed
    ///
    /// Effective ownership: every entity above, with its share of the entity multiplied along
    /// each chain of `owns` and summed over parallel chains; a range stays a range, a stake not
    /// stated stays unknown, a holding a register states as indirect is listed beside, and a
    /// cycle of ownership is cut where it closes, and said.
    #[command(mut_arg("entity", |a| a.help("An entity's id, name or alias")))]
    Ubo(ShowArgs),
    /// Write the graph or a selection as dot, svg, png, json, graphml, ftm or cypher
    #[command(
        mut_arg("directed", |a| a.requires("path")),
        mut_arg("avoid", |a| a.requires("path")),
        mut_arg("k", |a| a.requires("path")),
        mut_arg("max_len", |a| a.requires("path"))
    )]
    Export(ExportArgs),
    /// Counts by kind, type and status; the most connected entities; components
    Stats(StatsArgs),
    /// Check data files and report every problem with file:line:column
    Validate(ValidateArgs),
    /// Add data files or folders to this session's graph
    Load(LoadArgs),
    /// Convert open data (FollowTheMoney, BODS, OCDS, GLEIF) to a dealgraph dataset file
    Import(ImportArgs),
    /// Write the graph as a snapshot file that loads in one pass, to read with load
    ///
    /// The snapshot holds the graph as loaded (the bundled dataset unless --no-default-data,
    /// --data, then the PATHs given here), read back in one pass without parsing or checking
    /// again. It records its data files: once one changes, reading the snapshot fails and says
    /// how to make it again. A snapshot loaded with --data stands in for the bundled dataset.
    Index(IndexArgs),
    /// Show the session's settings, or change one for the commands after it
    ///
    /// At the prompt or in a script, a setting applies to every later command, under the
    /// command's own flags.
    Set(SetArgs),
    /// Clear the screen of the prompt
    Clear,
    /// End the session
    #[command(visible_alias = "exit")]
    Quit,
    /// Print a completion script for bash, zsh, fish, elvish or powershell
    ///
    /// For bash: `dealgraph completions bash > ~/.local/share/bash-completion/completions/dealgraph`.
    Completions {
        /// The shell
        #[arg(value_enum, value_name = "SHELL")]
        shell: clap_complete::Shell,
    },
    /// Print the manual page, in roff
    ///
    /// `dealgraph man > dealgraph.1; man ./dealgraph.1`, or install it in a man folder.
    Man,
}

/// The filter flags of the queries, added to the global `--status` and `--as-of`.
#[derive(Debug, Clone, Default, Args)]
pub struct FilterArgs {
    /// Only follow relations of these types (comma-separated)
    #[arg(long = "rel", value_delimiter = ',', value_name = "TYPES",
          value_parser = words(RelationType::ALL, RelationType::as_str, None))]
    pub rel: Vec<RelationType>,

    /// Which way to follow relations
    #[arg(long = "dir", value_name = "DIR",
          value_parser = words(&Direction::ALL, Direction::as_str, Some(Direction::help)))]
    pub dir: Option<Direction>,

    /// Only reach entities of these kinds (comma-separated)
    #[arg(long = "kind", value_delimiter = ',', value_name = "KINDS",
          value_parser = words(EntityKind::ALL, EntityKind::as_str, None))]
    pub kind: Vec<EntityKind>,
}

/// The arguments of `show`.
#[derive(Debug, Clone, Args)]
pub struct ShowArgs {
    /// An entity id, name or alias
    #[arg(value_name = "ENTITY")]
    pub entity: String,
}

/// The arguments of `flows`.
#[derive(Debug, Clone, Args)]
pub struct FlowsArgs {
    /// An entity id, name, alias or identifier
    #[arg(value_name = "ENTITY")]
    pub entity: String,

    /// How many counterparties to list each way
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub top: usize,
}

/// The flags that keep only the entities on a list (a sanctions, export-control or other
/// designation list), in force on `--as-of` when it is given.
#[derive(Debug, Clone, Default, Args)]
pub struct ListedArgs {
    /// Only entities on a list (sanctions, export controls, ...), in force on --as-of
    #[arg(long)]
    pub listed: bool,

    /// Only entities listed by this authority, program or list (any part of its name, any case)
    #[arg(long, value_name = "AUTHORITY")]
    pub listed_by: Option<String>,
}

impl ListedArgs {
    /// The listing the flags ask for, if any.
    fn listed(&self) -> Option<Listed> {
        match &self.listed_by {
            Some(who) => Some(Listed::By(who.clone())),
            None => self.listed.then_some(Listed::Any),
        }
    }
}

/// The arguments of `find`.
#[derive(Debug, Clone, Args)]
pub struct FindArgs {
    /// Part of a name or alias; several words are searched as one phrase (optional with
    /// --listed or --listed-by: without it, every listed entity by name)
    #[arg(
        value_name = "TEXT",
        required_unless_present_any = ["listed", "listed_by"],
        num_args = 1..
    )]
    pub text: Vec<String>,

    /// Show at most this many matches
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub limit: usize,

    /// The listing flags.
    #[command(flatten)]
    pub listed: ListedArgs,
}

/// The arguments of `stats`.
#[derive(Debug, Clone, Args)]
pub struct StatsArgs {
    /// How many of the most connected entities to list
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub top: usize,

    /// The listing flags.
    #[command(flatten)]
    pub listed: ListedArgs,
}

/// The arguments of `validate`.
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
            mapping: self.mapping.clone(),
            merge: !self.no_merge,
        }
    }
}

/// The arguments of `import`.
#[derive(Debug, Clone, Args)]
pub struct ImportArgs {
    /// Files or folders of open data; entities that match the loaded graph join it
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,

    /// Write the dataset here (written atomically); standard output when absent or `-`
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// The arguments of `index`.
#[derive(Debug, Clone, Args)]
pub struct IndexArgs {
    /// Files or folders to add to the graph before writing it
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Write the snapshot here (written atomically), e.g. world.dgx
    #[arg(short, long, value_name = "FILE", required = true)]
    pub output: PathBuf,
}

/// The arguments of `load`.
#[derive(Debug, Clone, Args)]
pub struct LoadArgs {
    /// Files or folders to add
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
}

/// The arguments of `set`.
#[derive(Debug, Clone, Args)]
pub struct SetArgs {
    /// The setting to change, or `None` to show them all.
    #[command(subcommand)]
    pub setting: Option<SetCommand>,
}

/// A setting of the session; each applies to every later command, under its own flags.
#[derive(Debug, Clone, Subcommand)]
pub enum SetCommand {
    // clap would show a field's doc comment as help; `help = None` shows the arguments without.
    /// Only use relations with these statuses (comma-separated), or `all`
    Status {
        /// The statuses, `None` standing for `all` (every status).
        #[arg(
            value_name = "LIST",
            value_delimiter = ',',
            required = true,
            value_parser = status_or_all(),
            help = None::<&str>
        )]
        statuses: Vec<Option<Status>>,
    },
    /// Only use relations in force on this date (YYYY, YYYY-MM or YYYY-MM-DD), or `none`
    AsOf {
        /// The date, or none.
        #[arg(value_name = "DATE", value_parser = date_or_none, help = None::<&str>)]
        date: DateOrNone,
    },
    /// Answer every command with one JSON document (on) or with text (off)
    Json {
        /// Whether to answer in JSON.
        #[arg(value_enum, value_name = "SWITCH", help = None::<&str>)]
        switch: Switch,
    },
    /// Colour the text: auto (on a terminal, unless NO_COLOR is set), always or never
    #[command(alias = "color")]
    Colour {
        /// When to colour.
        #[arg(value_enum, value_name = "WHEN", help = None::<&str>)]
        when: ColorWhen,
    },
    /// Show an answer longer than the screen through a pager ($PAGER, or less) at the prompt
    Pager {
        /// Whether to page.
        #[arg(value_enum, value_name = "SWITCH", help = None::<&str>)]
        switch: Switch,
    },
    /// List at most N items where a command gives no --limit or --top, or `default`
    Limit {
        /// The number, or `default` for each command's own.
        #[arg(value_name = "N", value_parser = limit_or_default, help = None::<&str>)]
        limit: NumberOr,
    },
    /// Fit the output to N columns, or `auto` for the terminal's width
    Width {
        /// The number of columns, or `auto`.
        #[arg(value_name = "N", value_parser = width_or_auto, help = None::<&str>)]
        width: NumberOr,
    },
}

/// A number, or the word that stands for none (`default`, `auto`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumberOr(pub Option<usize>);

/// The narrowest output width `set width` takes.
pub const MIN_WIDTH: usize = 20;

fn limit_or_default(text: &str) -> Result<NumberOr, String> {
    number_or(text, "default", 1, "each command's own limit")
}

fn width_or_auto(text: &str) -> Result<NumberOr, String> {
    number_or(text, "auto", MIN_WIDTH, "the terminal's width")
}

/// `word`, or a whole number of at least `min`.
fn number_or(text: &str, word: &str, min: usize, meaning: &str) -> Result<NumberOr, String> {
    if text.eq_ignore_ascii_case(word) {
        return Ok(NumberOr(None));
    }
    match text.parse::<usize>() {
        Ok(n) if n >= min => Ok(NumberOr(Some(n))),
        _ => Err(format!(
            "expected a whole number from {min} up, or `{word}` for {meaning}"
        )),
    }
}

impl From<ColorWhen> for Colour {
    fn from(when: ColorWhen) -> Self {
        match when {
            ColorWhen::Auto => Colour::Auto,
            ColorWhen::Always => Colour::Always,
            ColorWhen::Never => Colour::Never,
        }
    }
}

/// On or off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Switch {
    // clap would show a doc comment as help; `help = None` lists the values without one.
    /// On.
    #[value(help = None::<&str>)]
    On,
    /// Off.
    #[value(help = None::<&str>)]
    Off,
}

/// The statuses, and `all` (read as `None`), with their names offered as possible values.
fn status_or_all() -> impl TypedValueParser<Value = Option<Status>> {
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

/// The arguments of `export`.
#[derive(Debug, Clone, Args)]
#[command(group(clap::ArgGroup::new("selection").args(["focus", "path", "overlap", "exposure"])))]
#[command(group(clap::ArgGroup::new("rolled").args(["overlap", "exposure"])))]
pub struct ExportArgs {
    /// What to write: a Graphviz drawing (dot, svg, png) or a graph format
    #[arg(value_name = "FORMAT",
          value_parser = words(&crate::export::Format::ALL, crate::export::Format::as_str,
                               Some(crate::export::Format::help)))]
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

    /// How `--path` searches, besides the filter.
    #[command(flatten)]
    pub path_search: PathSearchArgs,

    /// Export two or more companies, the investors they all share and the stakes that join
    /// them, as `overlap` finds them
    #[arg(long, num_args = 2.., value_name = "COMPANY", conflicts_with_all = ["rel", "dir", "kind"])]
    pub overlap: Option<Vec<String>>,

    /// Export the chains from an investor to the government bodies and state-owned companies
    /// it reaches, as `exposure` finds them
    #[arg(long, value_name = "INVESTOR", conflicts_with_all = ["rel", "dir", "kind"])]
    pub exposure: Option<String>,

    /// With --overlap or --exposure, count a fund under its owner (`owns`), as their --rollup
    #[arg(long, requires = "rolled")]
    pub rollup: bool,

    /// The filter flags.
    #[command(flatten)]
    pub filter: FilterArgs,

    /// Mark the shortest path between two entities of the selection (dot, svg, png, graphml)
    #[arg(long, num_args = 2, value_names = ["FROM", "TO"])]
    pub highlight: Option<Vec<String>>,

    /// Draw a box around the entities of each country (dot, svg, png)
    #[arg(long, value_name = "BY",
          value_parser = words(&Cluster::ALL, Cluster::as_str, Some(Cluster::help)))]
    pub cluster: Option<Cluster>,

    /// The drawing's title, instead of one naming the selection and the filters (dot, svg, png)
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,

    /// Leave the legend out of the drawing (dot, svg, png)
    #[arg(long)]
    pub no_legend: bool,

    /// The picture's resolution in dots per inch, 36 to 600 (png; Graphviz's default is 96)
    #[arg(long, value_name = "N",
          value_parser = clap::value_parser!(u32).range(36..=600))]
    pub dpi: Option<u32>,

    /// The largest size of the picture in pixels, as 1200x800; a larger drawing is scaled
    /// down to fit (dot, svg, png)
    #[arg(long, value_name = "WxH")]
    pub size: Option<crate::export::dot::Size>,

    /// The most entities to draw (default 40; 0 for all): a larger selection keeps those
    /// nearest its focus and best connected, and says how many it left out (dot, svg, png)
    #[arg(long, value_name = "N")]
    pub max_entities: Option<usize>,
}

/// The arguments of `path`.
#[derive(Debug, Clone, Args)]
pub struct PathArgs {
    /// Where the path starts: an entity id, name or alias
    #[arg(value_name = "FROM")]
    pub from: String,

    /// Where the path ends
    #[arg(value_name = "TO")]
    pub to: String,

    /// The filter flags.
    #[command(flatten)]
    pub filter: FilterArgs,

    /// How to search, besides the filter.
    #[command(flatten)]
    pub search: PathSearchArgs,

    /// List every relation of a hop with its sources, rather than add up several of one type
    #[arg(long)]
    pub all_relations: bool,
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

/// The arguments of `neighbours`.
#[derive(Debug, Clone, Args)]
pub struct NeighboursArgs {
    /// An entity id, name or alias
    #[arg(value_name = "ENTITY")]
    pub entity: String,

    /// How many hops away to look
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub depth: usize,

    /// The filter flags.
    #[command(flatten)]
    pub filter: FilterArgs,

    /// Show at most this many entities, nearest first
    #[arg(long, default_value_t = 50, value_name = "N")]
    pub limit: usize,

    /// The listing flags.
    #[command(flatten)]
    pub listed: ListedArgs,

    /// List every relation with its sources, rather than add up several of one type
    #[arg(long)]
    pub all_relations: bool,
}

/// The arguments of `investors`, `portfolio` and `exposure`.
#[derive(Debug, Clone, Args)]
pub struct InvestmentArgs {
    /// An entity id, name or alias
    #[arg(value_name = "ENTITY")]
    pub entity: String,

    /// Fold funds into their owners (`owns`): an owner's investments include its funds'
    #[arg(long)]
    pub rollup: bool,
}

/// The arguments of `portfolio`.
#[derive(Debug, Clone, Args)]
pub struct PortfolioArgs {
    /// The investor and rollup.
    #[command(flatten)]
    pub investment: InvestmentArgs,

    /// The listing flags.
    #[command(flatten)]
    pub listed: ListedArgs,
}

/// The arguments of `exposure`.
#[derive(Debug, Clone, Args)]
pub struct ExposureArgs {
    /// An investor's id, name or alias
    #[arg(
        value_name = "INVESTOR",
        required_unless_present = "all",
        conflicts_with = "all"
    )]
    pub entity: Option<String>,

    /// Fold funds into their owners (`owns`): an owner's investments include its funds'
    #[arg(long)]
    pub rollup: bool,

    /// Rank every investor by how many listed companies and government bodies it reaches
    #[arg(long)]
    pub all: bool,

    /// With --all, how many investors to list [default: 10]
    #[arg(long, value_name = "N", requires = "all")]
    pub top: Option<usize>,
}

/// The arguments of `overlap`.
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

    /// How many pairs to list, those that share the most first (with --all at most 10000)
    /// [default: 10]
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,

    /// Count a fund and its owner (`owns`) as one investor
    #[arg(long)]
    pub rollup: bool,

    /// Share these relation types into the companies instead of investments (comma-separated):
    /// `--rel pays` gives the payers (donors) they share
    #[arg(long = "rel", value_delimiter = ',', value_name = "TYPES",
          value_parser = words(RelationType::ALL, RelationType::as_str, None))]
    pub rel: Vec<RelationType>,
}

/// The arguments of `coinvestors`.
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

    /// Follow these relation types instead of investments (comma-separated): `--rel pays`
    /// gives who pays the same payees
    #[arg(long = "rel", value_delimiter = ',', value_name = "TYPES",
          value_parser = words(RelationType::ALL, RelationType::as_str, None))]
    pub rel: Vec<RelationType>,
}

/// The words of a closed vocabulary (`all`, named by `word`, explained by `help`) as clap's
/// possible values, parsed into the library's own type.
fn words<T: Copy + Send + Sync + 'static>(
    all: &'static [T],
    word: fn(T) -> &'static str,
    help: Option<fn(T) -> &'static str>,
) -> impl TypedValueParser<Value = T> {
    let values = all.iter().map(move |&v| {
        let value = PossibleValue::new(word(v));
        match help {
            Some(help) => value.help(help(v)),
            None => value,
        }
    });
    PossibleValuesParser::new(values).map(move |text| {
        // The parser lets only the words above through.
        *all.iter()
            .find(|&&v| word(v) == text)
            .expect("one of the possible values")
    })
}

/// What the command line asks of the program as a whole: the data to load, how to print,
/// and what to run.
#[derive(Debug, Clone)]
pub struct Startup {
    /// The data to load: the bundled dataset unless `--no-default-data`, then every `--data`.
    pub inputs: Vec<Input>,
    /// How to read data files.
    pub reading: LoadOptions,
    /// Print JSON documents.
    pub json: bool,
    /// Whether to colour: `None` to decide by the terminal.
    pub color: Option<bool>,
    /// The statuses and date that every command of a prompt or script starts with.
    pub filter: FilterChange,
    /// A script to run instead of the prompt (`-` for standard input).
    pub script: Option<PathBuf>,
    /// Run a script past failing lines.
    pub keep_going: bool,
}

impl Global {
    /// The filter flags every command takes: `--status` and `--as-of`.
    fn filter(&self) -> FilterChange {
        FilterChange {
            statuses: (!self.status.is_empty()).then(|| self.status.iter().copied().collect()),
            as_of: self.as_of,
            ..FilterChange::default()
        }
    }

    /// Whether to colour: `None` to decide by the terminal.
    pub fn color(&self) -> Option<bool> {
        match self.color {
            ColorWhen::Auto => None,
            ColorWhen::Always => Some(true),
            ColorWhen::Never => Some(false),
        }
    }
}

impl FilterArgs {
    /// The flags as a change of the filter, on top of `global`'s.
    fn change(&self, mut global: FilterChange) -> FilterChange {
        if !self.rel.is_empty() {
            global.types = Some(self.rel.iter().copied().collect());
        }
        global.direction = self.dir;
        if !self.kind.is_empty() {
            global.kinds = Some(self.kind.iter().copied().collect());
        }
        global
    }
}

/// The global filter with the relation types of a query's `--rel`, if any.
fn with_types(mut global: FilterChange, rel: &[RelationType]) -> FilterChange {
    if !rel.is_empty() {
        global.types = Some(rel.iter().copied().collect());
    }
    global
}

impl PathSearchArgs {
    fn query(&self, from: &str, to: &str) -> PathQuery {
        PathQuery {
            from: from.to_string(),
            to: to.to_string(),
            directed: self.directed,
            avoid: self.avoid.clone(),
            k: self.k as usize,
            max_len: self.max_len,
            all_relations: false,
        }
    }
}

impl Cli {
    /// What the command line asks of the program as a whole.
    pub fn startup(&self) -> Result<Startup, Error> {
        let g = &self.global;
        if self.command.is_some() && g.script.is_some() {
            return Err(Error::Usage(
                "--script runs the commands of a file: give either a command or --script, not both"
                    .into(),
            ));
        }
        let mut inputs = Vec::new();
        if !g.no_default_data {
            inputs.push(Input::Bundled);
        }
        inputs.extend(g.data.iter().cloned().map(Input::Path));
        Ok(Startup {
            inputs,
            reading: g.load_options(),
            json: g.json,
            color: g.color(),
            filter: g.filter(),
            script: g.script.clone(),
            keep_going: g.keep_going,
        })
    }

    /// The command as a request to a session, or `None` when there is no command.
    pub fn request(&self) -> Result<Option<Request>, Error> {
        let Some(command) = &self.command else {
            return Ok(None);
        };
        let global = self.global.filter();
        let mut filter = global.clone();
        let action = match command {
            Command::Show(a) => Action::Show {
                entity: a.entity.clone(),
            },
            Command::Find(a) => {
                filter.listed = a.listed.listed();
                Action::Find {
                    text: a.text.join(" "),
                    limit: a.limit,
                }
            }
            Command::Path(a) => {
                filter = a.filter.change(global);
                let mut query = a.search.query(&a.from, &a.to);
                query.all_relations = a.all_relations;
                Action::Path(query)
            }
            Command::Neighbours(a) => {
                filter = a.filter.change(global);
                filter.listed = a.listed.listed();
                Action::Neighbours {
                    entity: a.entity.clone(),
                    depth: a.depth,
                    limit: a.limit,
                    all_relations: a.all_relations,
                }
            }
            Command::Investors(a) => Action::Investors {
                entity: a.entity.clone(),
                rollup: a.rollup,
            },
            Command::Portfolio(a) => {
                filter.listed = a.listed.listed();
                Action::Portfolio {
                    entity: a.investment.entity.clone(),
                    rollup: a.investment.rollup,
                }
            }
            Command::Exposure(a) => match &a.entity {
                Some(entity) if !a.all => Action::Exposure {
                    entity: entity.clone(),
                    rollup: a.rollup,
                },
                _ => Action::ExposureAll {
                    top: a.top.unwrap_or(10),
                    rollup: a.rollup,
                },
            },
            Command::Overlap(a) if a.all => {
                filter = with_types(global, &a.rel);
                Action::OverlapAll {
                    top: a.top.unwrap_or(10),
                    rollup: a.rollup,
                }
            }
            Command::Overlap(a) => {
                filter = with_types(global, &a.rel);
                Action::Overlap {
                    companies: a.companies.clone(),
                    top: a.top.unwrap_or(10),
                    rollup: a.rollup,
                }
            }
            Command::Coinvestors(a) => {
                filter = with_types(global, &a.rel);
                Action::Coinvestors {
                    investor: a.investor.clone(),
                    top: a.top,
                    rollup: a.rollup,
                }
            }
            Command::Export(a) => {
                filter = a.filter.change(global);
                Action::Export(Box::new(a.request()))
            }
            Command::Flows(a) => Action::Flows {
                entity: a.entity.clone(),
                top: a.top,
            },
            Command::Owners(a) => Action::Owners {
                entity: a.entity.clone(),
            },
            Command::Subsidiaries(a) => Action::Subsidiaries {
                entity: a.entity.clone(),
            },
            Command::Ubo(a) => Action::Ubo {
                entity: a.entity.clone(),
            },
            Command::Stats(a) => {
                filter.listed = a.listed.listed();
                Action::Stats { top: a.top }
            }
            Command::Validate(a) => Action::Validate {
                paths: a.paths.clone(),
            },
            Command::Load(a) => Action::Load {
                paths: a.paths.clone(),
            },
            Command::Index(a) => Action::Index {
                paths: a.paths.clone(),
                output: a.output.clone(),
            },
            Command::Import(a) => Action::Import {
                paths: a.paths.clone(),
                output: a.output.clone(),
            },
            Command::Set(a) => Action::Set(a.setting.as_ref().map(Setting::from)),
            Command::Quit => Action::Quit,
            Command::Clear => {
                return Err(Error::Usage(
                    "clear clears the screen of the prompt: type it at the `dealgraph>` prompt"
                        .into(),
                ));
            }
            Command::Completions { .. } | Command::Man => {
                return Err(Error::Usage(
                    "completions and man print files for the shell: run them from the command line"
                        .into(),
                ));
            }
        };
        Ok(Some(Request {
            action,
            filter,
            reading: self.global.load_options(),
            limit_given: self.limit_given,
        }))
    }
}

impl ExportArgs {
    fn request(&self) -> ExportRequest {
        let path = match self.path.as_deref() {
            Some([from, to]) => Some(self.path_search.query(from, to)),
            _ => None,
        };
        ExportRequest {
            format: self.format,
            output: self.output.clone(),
            focus: self.focus.clone(),
            depth: self.depth,
            path,
            overlap: self.overlap.clone(),
            exposure: self.exposure.clone(),
            rollup: self.rollup,
            highlight: match self.highlight.as_deref() {
                Some([from, to]) => Some((from.clone(), to.clone())),
                _ => None,
            },
            cluster: self.cluster,
            title: self.title.clone(),
            no_legend: self.no_legend,
            dpi: self.dpi,
            size: self.size,
            max_entities: self.max_entities,
        }
    }
}

impl From<&SetCommand> for Setting {
    fn from(setting: &SetCommand) -> Self {
        match setting {
            // `all` anywhere in the list means every status.
            SetCommand::Status { statuses } => {
                Setting::Status(if statuses.iter().any(Option::is_none) {
                    Vec::new()
                } else {
                    statuses.iter().flatten().copied().collect()
                })
            }
            SetCommand::AsOf { date } => Setting::AsOf(date.0),
            SetCommand::Json { switch } => Setting::Json(*switch == Switch::On),
            SetCommand::Colour { when } => Setting::Colour((*when).into()),
            SetCommand::Pager { switch } => Setting::Pager(*switch == Switch::On),
            SetCommand::Limit { limit } => Setting::Limit(limit.0),
            SetCommand::Width { width } => Setting::Width(width.0),
        }
    }
}

impl Cli {
    /// What the command line prints without any data when it asks for a completion script or
    /// the manual page; `None` for every other command.
    pub fn generated(&self) -> Option<Vec<u8>> {
        let mut command = Cli::command();
        let mut out = Vec::new();
        match &self.command {
            Some(Command::Completions { shell }) => {
                clap_complete::generate(*shell, &mut command, "dealgraph", &mut out);
            }
            Some(Command::Man) => {
                // Writing into memory cannot fail.
                clap_mangen::Man::new(command).render(&mut out).ok()?;
            }
            _ => return None,
        }
        Some(out)
    }
}

/// A line of the prompt or of a script, parsed.
#[derive(Debug)]
pub enum Line {
    /// A blank line or a comment.
    Nothing,
    /// Help or version text to print.
    Help(String),
    /// A command with its flags.
    Command(Box<Cli>),
}

/// Whether the words of a line that did not parse have the `--json` flag (so that its help,
/// or its error, answer in JSON too).
pub fn asks_for_json(line: &str) -> bool {
    shlex::split(line).is_some_and(|words| {
        words
            .iter()
            .take_while(|w| *w != "--")
            .any(|w| w == "--json")
    })
}

/// Whether the command's `--limit` or `--top` was typed (not left at its default).
fn limit_typed(matches: &clap::ArgMatches) -> bool {
    let Some((_, sub)) = matches.subcommand() else {
        return false;
    };
    sub.ids()
        .filter(|id| matches!(id.as_str(), "limit" | "top"))
        .any(|id| sub.value_source(id.as_str()) == Some(clap::parser::ValueSource::CommandLine))
}

/// Splits a line shell-style and parses it with the command line's grammar.
pub fn parse_line(line: &str) -> Result<Line, Error> {
    let trimmed = line.trim();
    if trimmed.is_empty() || trimmed.starts_with('#') {
        return Ok(Line::Nothing);
    }
    let words = shlex::split(trimmed).ok_or_else(|| {
        Error::Usage("unbalanced quotes: close the quote, or escape it with a backslash".into())
    })?;
    if words.is_empty() {
        return Ok(Line::Nothing);
    }
    let args = std::iter::once("dealgraph".to_string()).chain(words);
    GRAMMAR.with_borrow_mut(|command| {
        let parsed = command.try_get_matches_from_mut(args).and_then(|matches| {
            let mut cli = Cli::from_arg_matches(&matches)?;
            cli.limit_given = limit_typed(&matches);
            Ok(cli)
        });
        match parsed.map_err(|err| err.format(command)) {
            Ok(cli) => Ok(Line::Command(Box::new(cli))),
            Err(err) => {
                let text = err.render().to_string();
                match err.kind() {
                    clap::error::ErrorKind::DisplayHelp
                    | clap::error::ErrorKind::DisplayVersion
                    | clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
                        Ok(Line::Help(text))
                    }
                    _ => {
                        let text = text.trim_end();
                        Err(Error::Usage(
                            text.strip_prefix("error: ").unwrap_or(text).to_string(),
                        ))
                    }
                }
            }
        }
    })
}

thread_local! {
    /// The grammar of a line, made once: making it costs more than parsing most lines.
    static GRAMMAR: std::cell::RefCell<clap::Command> = std::cell::RefCell::new(Cli::command());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_grammar_is_consistent() {
        Cli::command().debug_assert();
    }
}
