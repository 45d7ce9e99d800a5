//! The library without the command line: load the bundled data, look an entity up, walk its
//! relations, and run commands of the prompt's grammar into a buffer.
//!
//! Run it with `cargo run --example library`.

use dealgraph::load::{self, Input};
use dealgraph::{Error, Session};
use petgraph::Direction;

fn main() -> Result<(), Error> {
    // The bundled dataset (the world of one newspaper article), checked as it loads.
    let (graph, report) = load::load(&[Input::Bundled])?;
    print!("{report}");

    // An entity by name, alias or id, in any case; a near miss is an error with suggestions.
    let fund = graph.lookup("vision fund")?;
    println!(
        "found {} ({})",
        graph.entity(fund).name,
        graph.entity(fund).id
    );
    for relation in graph.relations_of(fund, Direction::Outgoing) {
        let to = graph.entity(relation.to);
        println!(
            "  {} {} ({})",
            relation.relation.kind, to.name, relation.relation.status
        );
    }
    if let Err(err) = graph.lookup("Sensetme") {
        println!("a typo: {err}");
    }

    // A session runs the prompt's commands, with its settings, into any writer.
    let mut session = Session::new(graph);
    let mut out = Vec::new();
    session.run_line("set status confirmed", &mut out)?;
    session.run_line("find police --json", &mut out)?;
    println!("{}", String::from_utf8_lossy(&out));
    Ok(())
}
