//! A session: the graph, the settings that last for the session, and the execution of
//! requests into typed answers. The command line runs one request in a session; the prompt and
//! scripts run many. Printing the answers is the faces' job ([`crate::print`]).

use std::path::PathBuf;

use serde::Serialize;

use crate::date::PartialDate;
use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::export::request::{self as export, ExportRequest};
use crate::filter::{Filter, FilterChange};
use crate::graph::Graph;
use crate::load::{self, Input, LoadOptions, LoadReport};
use crate::model::Status;
use crate::query::{self, path::PathQuery};
use crate::subgraph::Subgraph;

/// What a request asks the session to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// An entity's card.
    Show {
        /// The entity's id, name or alias.
        entity: String,
    },
    /// Entities whose names or aliases match.
    Find {
        /// Part of a name or alias.
        text: String,
        /// At most this many.
        limit: usize,
    },
    /// The shortest paths between two entities.
    Path(PathQuery),
    /// The entities within some hops of one.
    Neighbours {
        /// The entity at the centre.
        entity: String,
        /// How many hops away to look.
        depth: usize,
        /// At most this many entities, nearest first.
        limit: usize,
        /// List every relation rather than add up parallel ones of one type.
        all_relations: bool,
    },
    /// Who invested in a company.
    Investors {
        /// The company.
        entity: String,
        /// Fold funds into their owners.
        rollup: bool,
    },
    /// What an investor invested in.
    Portfolio {
        /// The investor.
        entity: String,
        /// Include the investments of the entities it owns.
        rollup: bool,
    },
    /// The investors that two or more companies share.
    Overlap {
        /// The companies.
        companies: Vec<String>,
        /// How many pairs to list.
        top: usize,
        /// Count a fund and its owner as one investor.
        rollup: bool,
    },
    /// Every pair of companies ranked by the investors they share.
    OverlapAll {
        /// How many pairs to list.
        top: usize,
        /// Count a fund and its owner as one investor.
        rollup: bool,
    },
    /// Who invests alongside an investor.
    Coinvestors {
        /// The investor.
        investor: String,
        /// How many co-investors to list.
        top: usize,
        /// Include the investments of the funds it owns, and count other funds under their
        /// owners.
        rollup: bool,
    },
    /// The money that flows in and out of an entity, by counterparty and by year.
    Flows {
        /// The entity.
        entity: String,
        /// How many counterparties to list each way.
        top: usize,
    },
    /// The entities that own an entity, directly or through others.
    Owners {
        /// The entity owned.
        entity: String,
    },
    /// The entities an entity owns, directly or through others.
    Subsidiaries {
        /// The owner.
        entity: String,
    },
    /// The effective owners of an entity, with their shares through every chain.
    Ubo {
        /// The entity owned.
        entity: String,
    },
    /// The government bodies and listed entities an investor reaches through its portfolio.
    Exposure {
        /// The investor.
        entity: String,
        /// Include the investments of the entities it owns.
        rollup: bool,
    },
    /// Every investor ranked by how many listed companies and government bodies it reaches.
    ExposureAll {
        /// How many investors to list.
        top: usize,
        /// Include the investments of the entities each investor owns.
        rollup: bool,
    },
    /// Write the graph or a selection in a format.
    Export(Box<ExportRequest>),
    /// Counts, the most connected entities and the components.
    Stats {
        /// How many of the most connected entities to list.
        top: usize,
    },
    /// Check data files against the graph (or report the graph as loaded).
    Validate {
        /// The files or folders; none for the data loaded at start-up.
        paths: Vec<PathBuf>,
    },
    /// Add data files or folders to the graph.
    Load {
        /// The files or folders.
        paths: Vec<PathBuf>,
    },
    /// Write the graph, with data files added first, as a snapshot that loads in one pass.
    Index {
        /// Files or folders to add before writing.
        paths: Vec<PathBuf>,
        /// Where to write the snapshot (atomically).
        output: PathBuf,
    },
    /// Convert data files to a dealgraph dataset.
    Import {
        /// The files or folders.
        paths: Vec<PathBuf>,
        /// Where to write the dataset (atomically); standard output when `None`.
        output: Option<PathBuf>,
    },
    /// Show the settings, or change one.
    Set(Option<Setting>),
    /// End the session.
    Quit,
}

/// A change to a setting of the session.
#[derive(Debug, Clone, PartialEq)]
pub enum Setting {
    /// Only use relations with these statuses; every status when empty.
    Status(Vec<Status>),
    /// Only use relations in force on this date, or on any date.
    AsOf(Option<PartialDate>),
    /// Answer with JSON, or with text.
    Json(bool),
    /// When to colour the text.
    Colour(Colour),
    /// Whether the prompt shows an answer longer than the screen through a pager.
    Pager(bool),
    /// How many items a list prints when its command gives no `--limit` or `--top`; the
    /// command's own default when `None`.
    Limit(Option<usize>),
    /// How wide the output is, in columns; the terminal's width when `None`.
    Width(Option<usize>),
}

/// When to colour the text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Colour {
    /// On a terminal, unless `NO_COLOR` is set.
    #[default]
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

impl Colour {
    /// The setting's word.
    pub fn as_str(self) -> &'static str {
        match self {
            Colour::Auto => "auto",
            Colour::Always => "always",
            Colour::Never => "never",
        }
    }

    /// Whether to colour, given whether `auto` would.
    pub fn resolve(self, auto: bool) -> bool {
        match self {
            Colour::Auto => auto,
            Colour::Always => true,
            Colour::Never => false,
        }
    }
}

/// A request: what to do, what it changes of the session's filter, and how to read data
/// files.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    /// What to do.
    pub action: Action,
    /// The filter flags given with it, on top of the session's settings.
    pub filter: FilterChange,
    /// How to read data files (load, validate, import).
    pub reading: LoadOptions,
    /// Whether the action's `limit` or `top` was given; when it was not, the session's
    /// [`Settings::limit`] replaces it.
    pub limit_given: bool,
}

impl From<Action> for Request {
    fn from(action: Action) -> Self {
        Request {
            action,
            filter: FilterChange::default(),
            reading: LoadOptions::default(),
            limit_given: true,
        }
    }
}

/// The answer to a request. Every variant serialises as the JSON document `--json` prints.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum Answer<'g> {
    /// An entity's card.
    Card(query::show::Card<'g>),
    /// The entities that match a text.
    Found(query::find::Found<'g>),
    /// Paths, or why there is none.
    Path(query::path::PathAnswer<'g>),
    /// A neighbourhood.
    Neighbours(query::neighbours::Neighbours<'g>),
    /// A company's investors.
    Investors(query::investments::Investments<'g>),
    /// An investor's portfolio.
    Portfolio(query::investments::Investments<'g>),
    /// The investors companies share.
    Overlap(query::overlap::Shared<'g>),
    /// Pairs of companies ranked by shared investors.
    Ranking(query::overlap::Ranking<'g>),
    /// Co-investors.
    Coinvestors(query::coinvestors::Coinvestors<'g>),
    /// What an investor reaches.
    Exposure(query::exposure::Exposure<'g>),
    /// Investors ranked by what they reach.
    ExposureRanking(query::exposure::ExposureRanking<'g>),
    /// The graph in numbers.
    Stats(query::stats::Stats<'g>),
    /// The owners of an entity.
    Owners(query::owners::Owners<'g>),
    /// What an entity owns.
    Subsidiaries(query::owners::Subsidiaries<'g>),
    /// The effective owners of an entity.
    Ubo(query::ubo::Ubo<'g>),
    /// The money in and out of an entity.
    Flows(query::flows::Flows<'g>),
    /// An export, written to a file or held for standard output.
    Exported(Exported),
    /// Data files converted to a dataset.
    Imported(Imported),
    /// A snapshot written.
    Indexed(Indexed),
    /// Data files checked.
    Validated(Validated),
    /// Data files added.
    Loaded(Loaded),
    /// The settings as they now stand.
    Settings(SettingsShown),
    /// The session ends.
    Quit(Quit),
}

/// An export made: written to a file, or its bytes for standard output.
#[derive(Debug, Serialize)]
pub struct Exported {
    /// The format written.
    pub format: crate::export::Format,
    /// The file written; absent when the bytes go to standard output.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// How many entities it holds.
    pub entities: usize,
    /// How many relations it holds.
    pub relations: usize,
    /// What Graphviz warned of, if anything.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub warnings: String,
    /// What a drawing of a large selection left out (`--max-entities`), if anything.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub left_out: Option<crate::export::cap::LeftOut>,
    /// The bytes, when there is no file.
    #[serde(skip)]
    pub bytes: Vec<u8>,
}

/// Data files converted to a dataset: written to a file, or the dataset for standard output.
#[derive(Debug, Serialize)]
pub struct Imported {
    /// The format written (always the native one).
    pub format: crate::export::Format,
    /// The file written; absent when the dataset goes to standard output.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// How many entities the dataset holds.
    pub entities: usize,
    /// How many relations it holds.
    pub relations: usize,
    /// How many sources it holds.
    pub sources: usize,
    /// What reading the files found.
    pub read: LoadReport,
    /// The dataset, when there is no file.
    #[serde(skip)]
    pub bytes: Vec<u8>,
}

/// A snapshot written (`index`).
#[derive(Debug, Serialize)]
pub struct Indexed {
    /// The file written.
    pub file: String,
    /// What it holds and its size.
    #[serde(flatten)]
    pub summary: load::snapshot::Summary,
    /// What reading the files given to `index` added, before writing.
    pub read: LoadReport,
    /// The command that makes it again when its data changes.
    pub again: String,
}

/// Data files checked: what they would add, or every problem found.
#[derive(Debug, Serialize)]
pub struct Validated {
    /// Whether they have no problem.
    pub ok: bool,
    /// What they would add, when they have no problem.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub loaded: Option<LoadReport>,
    /// Every problem found.
    pub problems: Vec<Diagnostic>,
}

/// Data files added to the graph.
#[derive(Debug, Serialize)]
#[serde(transparent)]
pub struct Loaded {
    /// What each file added.
    pub report: LoadReport,
    /// The graph's entities after the load.
    #[serde(skip)]
    pub entities: usize,
    /// The graph's relations after the load.
    #[serde(skip)]
    pub relations: usize,
}

/// The settings as they stand.
#[derive(Debug, Serialize)]
pub struct SettingsShown {
    /// The statuses relations may have; empty for every status.
    pub status: Vec<Status>,
    /// The day relations must be in force on.
    pub as_of: Option<PartialDate>,
    /// Whether answers are JSON.
    pub json: bool,
    /// When to colour the text.
    pub colour: Colour,
    /// Whether the prompt pages long answers.
    pub pager: bool,
    /// The cap of printed lists, when set.
    pub limit: Option<usize>,
    /// The output width, when set.
    pub width: Option<usize>,
    /// The setting just changed, by its name (`colour`), for the text to show it alone;
    /// `None` when all were asked for.
    #[serde(skip)]
    pub changed: Option<&'static str>,
}

/// The end of a session.
#[derive(Debug, Serialize)]
pub struct Quit {
    /// Always true.
    pub quit: bool,
}

/// A graph and what a user has set for the session.
#[derive(Debug, Clone, Default)]
pub struct Session {
    graph: Graph,
    startup: LoadReport,
    settings: Settings,
    /// How many `load` requests have run (each may have changed the graph).
    loads: usize,
    /// What the graph was loaded from, for the snapshots `index` writes.
    origin: load::snapshot::Origin,
}

/// Settings that last for the session (the prompt's `set`).
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Answer with JSON rather than text.
    pub json: bool,
    /// The statuses and date every query is limited to.
    pub filter: Filter,
    /// When to colour the text.
    pub colour: Colour,
    /// Whether the prompt shows an answer longer than the screen through a pager (never in a
    /// script or on a pipe).
    pub pager: bool,
    /// How many items a list prints when its command gives no `--limit` or `--top`.
    pub limit: Option<usize>,
    /// How wide the output is, in columns, when not the terminal's width.
    pub width: Option<usize>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            json: false,
            filter: Filter::default(),
            colour: Colour::Auto,
            pager: true,
            limit: None,
            width: None,
        }
    }
}

impl Session {
    /// A session on a graph.
    pub fn new(graph: Graph) -> Self {
        Session {
            graph,
            ..Session::default()
        }
    }

    /// A session on the data `inputs` name, read as `reading` says.
    pub fn start(inputs: &[Input], reading: &LoadOptions) -> Result<Self, Error> {
        let (graph, startup, origin) = load::load_from(inputs, reading)?;
        Ok(Session {
            graph,
            startup,
            origin,
            ..Session::default()
        })
    }

    /// The session's graph.
    pub fn graph(&self) -> &Graph {
        &self.graph
    }

    /// What loading the data at start-up added, file by file.
    pub fn startup_report(&self) -> &LoadReport {
        &self.startup
    }

    /// How many `load` requests have run in this session: the names the prompt completes are
    /// read again when it changes.
    pub fn loads(&self) -> usize {
        self.loads
    }

    /// The session's settings.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The session's settings, to change.
    pub fn settings_mut(&mut self) -> &mut Settings {
        &mut self.settings
    }

    /// Carries out a request and answers it.
    ///
    /// # Example
    /// ```
    /// use dealgraph::session::{Action, Answer, Session};
    /// use dealgraph::load::{self, Input};
    ///
    /// let (graph, _) = load::load(&[Input::Bundled]).unwrap();
    /// let mut session = Session::new(graph);
    /// let find = Action::Find { text: "vision".into(), limit: 10 };
    /// let Answer::Found(found) = session.run(&find.into()).unwrap() else { panic!() };
    /// assert_eq!(found.matches[0].name, "SoftBank Vision Fund");
    /// ```
    ///
    /// A command stopped by [`crate::cancel::request`] answers [`Error::Interrupted`] and
    /// changes nothing.
    pub fn run(&mut self, request: &Request) -> Result<Answer<'_>, Error> {
        if let Some(err) = self.graph.damage() {
            return Err(err);
        }
        let filter = self.settings.filter.with(&request.filter);
        let interrupted = || {
            if crate::cancel::requested() {
                Err(Error::Interrupted)
            } else {
                Ok(())
            }
        };
        match &request.action {
            Action::Load { paths } => {
                self.loads += 1;
                let report = self.load(paths, &request.reading)?;
                interrupted()?;
                return Ok(Answer::Loaded(Loaded {
                    report,
                    entities: self.graph.entity_count(),
                    relations: self.graph.relation_count(),
                }));
            }
            Action::Set(setting) => return Ok(Answer::Settings(self.set(setting.as_ref()))),
            Action::Index { paths, output } => {
                let read = if paths.is_empty() {
                    LoadReport::default()
                } else {
                    self.loads += 1;
                    self.load(paths, &request.reading)?
                };
                interrupted()?;
                let (bytes, summary) = load::snapshot::encode(&self.graph, &self.origin)?;
                write_file(output, &bytes)?;
                return Ok(Answer::Indexed(Indexed {
                    file: output.display().to_string(),
                    summary,
                    read,
                    again: self.origin.command(output),
                }));
            }
            _ => {}
        }
        let graph = &self.graph;
        // The session's cap of lists, where the command gives none.
        let set_limit = self.settings.limit.filter(|_| !request.limit_given);
        let cap = |given: &usize| set_limit.unwrap_or(*given);
        let answer = match &request.action {
            Action::Show { entity } => Answer::Card(query::show::show(graph, &filter, entity)?),
            Action::Find { text, limit } => {
                Answer::Found(query::find::find(graph, &filter, text, cap(limit)))
            }
            Action::Path(q) => Answer::Path(query::path::path(graph, &filter, q)?),
            Action::Neighbours {
                entity,
                depth,
                limit,
                all_relations,
            } => Answer::Neighbours(query::neighbours::neighbours(
                graph,
                &filter,
                entity,
                *depth,
                cap(limit),
                *all_relations,
            )?),
            Action::Investors { entity, rollup } => Answer::Investors(
                query::investments::investors(graph, &filter, entity, *rollup)?,
            ),
            Action::Portfolio { entity, rollup } => Answer::Portfolio(
                query::investments::portfolio(graph, &filter, entity, *rollup)?,
            ),
            Action::Overlap {
                companies,
                top,
                rollup,
            } => Answer::Overlap(query::overlap::shared(
                graph,
                &filter,
                companies,
                *rollup,
                cap(top),
            )?),
            Action::OverlapAll { top, rollup } => {
                Answer::Ranking(query::overlap::ranking(graph, &filter, cap(top), *rollup)?)
            }
            Action::Coinvestors {
                investor,
                top,
                rollup,
            } => Answer::Coinvestors(query::coinvestors::coinvestors(
                graph,
                &filter,
                investor,
                cap(top),
                *rollup,
            )?),
            Action::Exposure { entity, rollup } => {
                Answer::Exposure(query::exposure::exposure(graph, &filter, entity, *rollup)?)
            }
            Action::ExposureAll { top, rollup } => {
                Answer::ExposureRanking(query::exposure::ranking(graph, &filter, *top, *rollup)?)
            }
            Action::Flows { entity, top } => {
                Answer::Flows(query::flows::flows(graph, &filter, entity, cap(top))?)
            }
            Action::Owners { entity } => {
                Answer::Owners(query::owners::owners(graph, &filter, entity)?)
            }
            Action::Ubo { entity } => Answer::Ubo(query::ubo::ubo(graph, &filter, entity)?),
            Action::Subsidiaries { entity } => {
                Answer::Subsidiaries(query::owners::subsidiaries(graph, &filter, entity)?)
            }
            Action::Stats { top } => Answer::Stats(query::stats::stats(graph, &filter, cap(top))),
            Action::Export(export) => Answer::Exported(self.export(request, export)?),
            Action::Import { paths, output } => {
                Answer::Imported(self.import(paths, output.as_ref(), &request.reading)?)
            }
            Action::Validate { paths } => {
                Answer::Validated(self.validate(paths, &request.reading)?)
            }
            Action::Quit => Answer::Quit(Quit { quit: true }),
            Action::Load { .. } | Action::Set(_) | Action::Index { .. } => {
                unreachable!("answered above")
            }
        };
        interrupted()?;
        // A record of a snapshot that could not be read makes the answer incomplete.
        match self.graph.damage() {
            Some(err) => Err(err),
            None => Ok(answer),
        }
    }

    /// Adds data files to the graph, all or nothing; into an empty graph a snapshot is read
    /// whole, as at start-up.
    fn load(&mut self, paths: &[PathBuf], reading: &LoadOptions) -> Result<LoadReport, Error> {
        if self.graph.entity_count() == 0 && self.graph.sources().is_empty() {
            let (graph, report, origin) = load::load_from(&inputs(paths), reading)?;
            self.graph = graph;
            self.origin.paths.extend(origin.paths);
            self.origin.bundled |= origin.bundled;
            if origin.mapping.is_some() {
                self.origin.mapping = origin.mapping;
            }
            return Ok(report);
        }
        let staged = load::check_with(&self.graph, &inputs(paths), reading)?;
        if crate::cancel::requested() {
            return Err(Error::Interrupted);
        }
        let report = staged.apply(&mut self.graph);
        self.origin.paths.extend(paths.iter().cloned());
        if reading.mapping.is_some() {
            self.origin.mapping.clone_from(&reading.mapping);
        }
        Ok(report)
    }

    /// Applies a change of setting, if any, and shows the settings.
    fn set(&mut self, setting: Option<&Setting>) -> SettingsShown {
        let settings = &mut self.settings;
        let changed = setting.map(|s| match s {
            Setting::Status(_) => "status",
            Setting::AsOf(_) => "as-of",
            Setting::Json(_) => "json",
            Setting::Colour(_) => "colour",
            Setting::Pager(_) => "pager",
            Setting::Limit(_) => "limit",
            Setting::Width(_) => "width",
        });
        match setting {
            None => {}
            Some(Setting::Status(statuses)) => {
                settings.filter.statuses = statuses.iter().copied().collect();
            }
            Some(Setting::AsOf(date)) => settings.filter.as_of = *date,
            Some(Setting::Json(on)) => settings.json = *on,
            Some(Setting::Colour(colour)) => settings.colour = *colour,
            Some(Setting::Pager(on)) => settings.pager = *on,
            Some(Setting::Limit(limit)) => settings.limit = *limit,
            Some(Setting::Width(width)) => settings.width = *width,
        }
        SettingsShown {
            status: settings.filter.statuses.iter().copied().collect(),
            as_of: settings.filter.as_of,
            json: settings.json,
            colour: settings.colour,
            pager: settings.pager,
            limit: settings.limit,
            width: settings.width,
            changed,
        }
    }

    fn export(&self, request: &Request, export: &ExportRequest) -> Result<Exported, Error> {
        let made = export::make(&self.graph, &self.settings.filter, &request.filter, export)?;
        if crate::cancel::requested() {
            // A selection cut short would be written as if it were whole.
            return Err(Error::Interrupted);
        }
        let file = crate::export::destination(&export.output);
        if let Some(path) = file {
            write_file(path, &made.bytes)?;
        }
        Ok(Exported {
            format: export.format,
            file: file.map(|p| p.display().to_string()),
            entities: made.entities,
            relations: made.relations,
            warnings: made.warnings,
            left_out: made.left_out,
            bytes: if file.is_some() {
                Vec::new()
            } else {
                made.bytes
            },
        })
    }

    /// Reads the paths against the graph and makes what they add a native dataset: the file
    /// holds the entities the graph does not have yet and every new relation, which may name
    /// the graph's own entities by id, so it loads on top of the same data.
    fn import(
        &self,
        paths: &[PathBuf],
        output: Option<&PathBuf>,
        reading: &LoadOptions,
    ) -> Result<Imported, Error> {
        let graph = &self.graph;
        let staged = load::check_with(graph, &inputs(paths), reading)?;
        let mut combined = graph.clone();
        let (entities_before, relations_before) = (graph.entity_count(), graph.relation_count());
        if crate::cancel::requested() {
            return Err(Error::Interrupted);
        }
        let report = staged.apply(&mut combined);
        // New nodes and edges are appended, so what the files add is what lies past the old
        // ends.
        let added = Subgraph {
            entities: combined
                .entities()
                .map(|(ix, _)| ix)
                .filter(|ix| ix.index() >= entities_before)
                .collect(),
            relations: combined
                .relations()
                .map(|r| r.index)
                .filter(|ix| ix.index() >= relations_before)
                .collect(),
        };
        let dataset = crate::export::json::dataset(&combined, &added);
        let mut bytes = Vec::new();
        crate::export::json::write_pretty(&mut bytes, &dataset)?;
        let output = output.cloned();
        let file = crate::export::destination(&output);
        if let Some(path) = file {
            write_file(path, &bytes)?;
        }
        Ok(Imported {
            format: crate::export::Format::Json,
            file: file.map(|p| p.display().to_string()),
            entities: dataset.entities.len(),
            relations: dataset.relations.len(),
            sources: dataset.sources.len(),
            read: report,
            bytes: if file.is_some() { Vec::new() } else { bytes },
        })
    }

    /// Checks the paths on top of the graph (or, with none, reports the graph as loaded). Data
    /// problems are an answer (`ok` false), not an error.
    fn validate(&self, paths: &[PathBuf], reading: &LoadOptions) -> Result<Validated, Error> {
        let checked = if paths.is_empty() {
            Ok(self.startup.clone())
        } else {
            load::check_with(&self.graph, &inputs(paths), reading)
                .map(|staged| staged.report_on(&self.graph))
        };
        match checked {
            Ok(report) => Ok(Validated {
                ok: true,
                loaded: Some(report),
                problems: Vec::new(),
            }),
            Err(Error::Data(problems)) => Ok(Validated {
                ok: false,
                loaded: None,
                problems,
            }),
            Err(other) => Err(other),
        }
    }
}

/// Writes bytes to a file atomically (see [`crate::export::write_atomically`]).
fn write_file(path: &std::path::Path, bytes: &[u8]) -> Result<(), Error> {
    crate::export::write_atomically(path, |w| {
        w.write_all(bytes)
            .map_err(|e| Error::io(format!("cannot write {}", path.display()), e))
    })
}

fn inputs(paths: &[PathBuf]) -> Vec<Input> {
    paths.iter().cloned().map(Input::Path).collect()
}
