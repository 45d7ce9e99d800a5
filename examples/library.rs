//! The library without the command line: load the bundled data, look an entity up, walk its
//! relations, then ask a path and an overlap through a session and read the typed answers
//! (and print one as the command line would, as text and as JSON).
//!
//! Run it with `cargo run --example library`.

use dealgraph::load::{self, Input};
use dealgraph::print::Printer;
use dealgraph::query::path::PathQuery;
use dealgraph::session::{Action, Answer, Setting};
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

    // A session answers requests in typed values.
    let mut session = Session::new(graph);
    let path = Action::Path(PathQuery::new("SoftBank Vision Fund", "Chongqing police"));
    if let Answer::Path(answer) = session.run(&path.into())? {
        for found in &answer.paths {
            let names: Vec<&str> = found.entities.iter().map(|e| e.name).collect();
            println!(
                "path of {} hops, weakest status {:?}: {}",
                found.length,
                found.weakest_status,
                names.join(" → ")
            );
        }
    }

    // Settings last for the session: from now on only confirmed relations count.
    session.run(
        &Action::Set(Some(Setting::Status(vec![
            dealgraph::model::Status::Confirmed,
        ])))
        .into(),
    )?;
    session.run(&Action::Set(Some(Setting::Status(Vec::new()))).into())?;

    let overlap = Action::Overlap {
        companies: vec!["SenseTime".into(), "Megvii".into()],
        top: 10,
        rollup: false,
    };
    let answer = session.run(&overlap.into())?;
    if let Answer::Overlap(shared) = &answer {
        let investors: Vec<&str> = shared.shared.iter().map(|s| s.investor.name).collect();
        println!("SenseTime and Megvii share {}", investors.join(", "));
    }

    // The faces print answers through a printer: text for people, or one JSON document.
    let mut out = std::io::stdout();
    Printer::text(false).answer(&answer, &mut out, &mut std::io::stderr())?;
    Printer::json().answer(&answer, &mut out, &mut std::io::stderr())?;
    Ok(())
}
