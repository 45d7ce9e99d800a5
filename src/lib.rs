#![warn(missing_docs)]
//! dealgraph: a knowledge graph of companies, investors and government contracts.
//!
//! The library is the product: [`load`] reads and checks data into a [`Graph`]; the queries
//! ([`query`]) answer questions of it in typed, serialisable answers; a [`Session`] carries out
//! [`Request`]s against its graph and settings and returns an [`Answer`]. The faces print the
//! answers ([`print`](mod@print)): the command line ([`cli`], [`app`]) and the prompt and scripts
//! ([`repl`]), which share one grammar.
//!
//! The modules stand in layers, each using only those below it: the ground ([`text`],
//! [`date`], [`names`], [`diagnostic`], [`error`]); the model ([`model`], [`filter`]); the
//! graph ([`graph`], [`subgraph`], [`render`]); the algorithms and queries ([`algo`],
//! [`query`]); loading and exporting ([`load`], [`export`]); the [`session`]; the printers
//! ([`print`](mod@print)); and the faces ([`cli`], [`repl`], [`app`]).
//!
//! ```
//! use dealgraph::load::{self, Input};
//! use dealgraph::session::{Action, Answer, Session};
//! use dealgraph::query::path::PathQuery;
//!
//! let (graph, _) = load::load(&[Input::Bundled]).unwrap();
//! let sensetime = graph.lookup("sensetime").unwrap();
//! assert_eq!(graph.entity(sensetime).name, "SenseTime");
//!
//! let mut session = Session::new(graph);
//! let ask = Action::Path(PathQuery::new("SoftBank Vision Fund", "Chongqing police"));
//! let Answer::Path(answer) = session.run(&ask.into()).unwrap() else { unreachable!() };
//! assert_eq!(answer.paths[0].length, 2);
//! ```

pub mod algo;
pub mod app;
pub mod cancel;
pub mod cli;
pub mod date;
pub mod diagnostic;
pub mod error;
pub mod export;
pub mod files;
pub mod filter;
pub mod graph;
pub mod load;
pub mod model;
pub mod names;
pub mod print;
pub mod query;
pub mod render;
pub mod repl;
pub mod session;
pub mod subgraph;
pub mod text;

pub use error::Error;
pub use graph::Graph;
pub use session::{Action, Answer, Request, Session};
