//! dealgraph: a knowledge graph of companies, investors and government contracts.
//!
//! The library is the product: [`load`] reads and checks data into a [`Graph`]; a [`Session`]
//! runs the commands of the one grammar ([`cli`]) against it and writes the answers to any
//! writer. The binary and the prompt ([`repl`]) are thin faces over a session.
//!
//! ```
//! use dealgraph::{Session, load::{self, Input}};
//!
//! let (graph, _) = load::load(&[Input::Bundled]).unwrap();
//! let sensetime = graph.lookup("sensetime").unwrap();
//! assert_eq!(graph.entity(sensetime).name, "SenseTime");
//!
//! let mut session = Session::new(graph);
//! let mut out = Vec::new();
//! session.run_line("find vision", &mut out).unwrap();
//! assert!(String::from_utf8(out).unwrap().contains("SoftBank Vision Fund"));
//! ```

pub mod algo;
pub mod app;
pub mod cli;
pub mod commands;
pub mod date;
pub mod diagnostic;
pub mod error;
pub mod export;
pub mod filter;
pub mod graph;
pub mod load;
pub mod model;
pub mod names;
pub mod render;
pub mod repl;
pub mod session;
pub mod subgraph;

pub use error::Error;
pub use graph::Graph;
pub use session::Session;
