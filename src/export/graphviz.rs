//! Rendering DOT to SVG or PNG with Graphviz's `dot` program, found on PATH. The picture is
//! made in memory, so a failed render writes nothing.

use std::io::{self, Write};
use std::process::{Command, Stdio};

use crate::error::Error;

/// What to tell a user who has no Graphviz.
pub const INSTALL_HINT: &str = "Graphviz's `dot` program is not installed (or not on PATH); \
install Graphviz (Debian/Ubuntu: `apt-get install graphviz`, macOS: `brew install graphviz`, \
Windows: `winget install graphviz`), or export `dot` and render it elsewhere";

/// A picture Graphviz drew, with what it warned about (empty when nothing).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// The bytes of the picture.
    pub picture: Vec<u8>,
    /// What Graphviz wrote on its standard error.
    pub warnings: String,
}

/// Renders DOT text with `dot -T<format>` (`svg` or `png`). A failure of `dot` is an error
/// with what it said; its warnings come back with the picture.
pub fn render(dot: &str, format: &str) -> Result<Rendered, Error> {
    let mut child = Command::new("dot")
        .arg(format!("-T{format}"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| match e.kind() {
            io::ErrorKind::NotFound => Error::Usage(INSTALL_HINT.to_string()),
            _ => Error::io("cannot run Graphviz's `dot`", e),
        })?;
    // Feed standard input on its own thread while this one reads both outputs, so that
    // neither side can fill a pipe and wait for the other.
    let stdin = child.stdin.take();
    let input = dot.as_bytes().to_vec();
    let feeder = std::thread::spawn(move || -> io::Result<()> {
        match stdin {
            Some(mut stdin) => stdin.write_all(&input),
            None => Ok(()),
        }
    });
    let output = child
        .wait_with_output()
        .map_err(|e| Error::io("cannot run Graphviz's `dot`", e))?;
    let fed = feeder
        .join()
        .unwrap_or_else(|_| Err(io::Error::other("the thread feeding `dot` failed")));
    let (status, picture, stderr) = (output.status, output.stdout, output.stderr);
    let said = String::from_utf8_lossy(&stderr).trim().to_string();
    if !status.success() {
        return Err(Error::Usage(format!(
            "Graphviz's `dot` could not draw the graph{}{said}",
            if said.is_empty() { "" } else { ": " },
        )));
    }
    fed.map_err(|e| Error::io("cannot send the graph to Graphviz's `dot`", e))?;
    Ok(Rendered {
        picture,
        warnings: said,
    })
}
