//! A YAML document as a tree of nodes that remember where they start, so that every problem of
//! a mapping can be located `file:line:column` (yaml-rust2's event parser gives the places).

use std::collections::HashMap;
use std::sync::Arc;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use crate::diagnostic::{Diagnostic, Location};

/// A node and where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Where the node starts.
    pub at: Location,
    /// What it holds.
    pub value: Value,
}

/// What a node holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Nothing: `~`, `null` or an empty value.
    Null,
    /// A scalar, as its text (numbers and booleans too).
    Scalar(String),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, its keys in the file's order.
    Map(Vec<(Node, Node)>),
}

impl Node {
    /// The node's text, when it is a scalar.
    pub fn text(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar(text) => Some(text),
            _ => None,
        }
    }

    /// What the node is, for messages.
    pub fn what(&self) -> &'static str {
        match self.value {
            Value::Null => "nothing",
            Value::Scalar(_) => "a single value",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping of keys",
        }
    }
}

/// A container being read, with where it starts and its anchor.
enum Open {
    Seq(Location, usize, Vec<Node>),
    Map(Location, usize, Vec<(Node, Node)>, Option<Node>),
}

/// How many values the aliases of one file may repeat in all: aliases of aliases double at each
/// step, and a few lines could otherwise stand for billions of values.
const ALIAS_BUDGET: usize = 10_000;

/// Builds nodes from the parser's events.
struct Builder {
    file: Arc<str>,
    open: Vec<Open>,
    docs: Vec<Node>,
    anchors: HashMap<usize, (Node, usize)>,
    /// The values the aliases read so far repeated.
    repeated: usize,
    problems: Vec<Diagnostic>,
}

/// How many values a node holds, itself included.
fn size(node: &Node) -> usize {
    1 + match &node.value {
        Value::Null | Value::Scalar(_) => 0,
        Value::Seq(items) => items.iter().map(size).sum(),
        Value::Map(pairs) => pairs.iter().map(|(k, v)| size(k) + size(v)).sum(),
    }
}

impl Builder {
    fn location(&self, mark: Marker) -> Location {
        Location {
            file: self.file.clone(),
            line: mark.line(),
            column: mark.col() + 1,
        }
    }

    fn close(&mut self, node: Node, anchor: usize) {
        if anchor > 0 {
            let n = size(&node);
            self.anchors.insert(anchor, (node.clone(), n));
        }
        match self.open.last_mut() {
            None => self.docs.push(node),
            Some(Open::Seq(_, _, items)) => items.push(node),
            Some(Open::Map(_, _, pairs, key)) => match key.take() {
                None => *key = Some(node),
                Some(k) => {
                    if let Some(name) = k.text()
                        && pairs.iter().any(|(other, _)| other.text() == Some(name))
                    {
                        self.problems.push(Diagnostic::at(
                            k.at.clone(),
                            format!("\"{name}\" is given twice in this mapping; give it once"),
                        ));
                    }
                    pairs.push((k, node));
                }
            },
        }
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        let at = self.location(mark);
        match event {
            Event::Scalar(text, style, anchor, _) => {
                let null = style == TScalarStyle::Plain
                    && matches!(text.as_str(), "" | "~" | "null" | "Null" | "NULL");
                let value = if null {
                    Value::Null
                } else {
                    Value::Scalar(text)
                };
                self.close(Node { at, value }, anchor);
            }
            Event::Alias(anchor) => {
                let value = match self.anchors.get(&anchor) {
                    Some((node, n)) if self.repeated + n <= ALIAS_BUDGET => {
                        self.repeated += n;
                        node.value.clone()
                    }
                    Some(_) => {
                        if self.repeated <= ALIAS_BUDGET {
                            self.problems.push(Diagnostic::at(
                                at.clone(),
                                format!(
                                    "the aliases of this mapping repeat more than {ALIAS_BUDGET} \
                                     values; write them out"
                                ),
                            ));
                        }
                        self.repeated = ALIAS_BUDGET + 1;
                        Value::Null
                    }
                    None => Value::Null,
                };
                self.close(Node { at, value }, 0);
            }
            Event::SequenceStart(anchor, _) => self.open.push(Open::Seq(at, anchor, Vec::new())),
            Event::MappingStart(anchor, _) => {
                self.open.push(Open::Map(at, anchor, Vec::new(), None));
            }
            Event::SequenceEnd | Event::MappingEnd => match self.open.pop() {
                Some(Open::Seq(at, anchor, items)) => self.close(
                    Node {
                        at,
                        value: Value::Seq(items),
                    },
                    anchor,
                ),
                Some(Open::Map(at, anchor, pairs, _)) => self.close(
                    Node {
                        at,
                        value: Value::Map(pairs),
                    },
                    anchor,
                ),
                None => {}
            },
            _ => {}
        }
    }
}

/// The documents of a YAML text, or its problems.
pub fn parse(file: &str, text: &str) -> Result<Vec<Node>, Vec<Diagnostic>> {
    let mut builder = Builder {
        file: file.into(),
        open: Vec::new(),
        docs: Vec::new(),
        anchors: HashMap::new(),
        repeated: 0,
        problems: Vec::new(),
    };
    let mut parser = Parser::new_from_str(text);
    if let Err(err) = parser.load(&mut builder, true) {
        let at = builder.location(*err.marker());
        return Err(vec![Diagnostic::at(
            at,
            format!("this is not YAML: {}; fix the mapping", err.info()),
        )]);
    }
    if builder.problems.is_empty() {
        Ok(builder.docs)
    } else {
        Err(builder.problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nodes_know_where_they_start() {
        let docs = parse("m.yml", "a:\n  b: [1, x]\n  c: ~\n").unwrap();
        let Value::Map(pairs) = &docs[0].value else {
            panic!("a map")
        };
        let Value::Map(inner) = &pairs[0].1.value else {
            panic!("a map")
        };
        assert_eq!(inner[0].0.text(), Some("b"));
        assert_eq!((inner[0].0.at.line, inner[0].0.at.column), (2, 3));
        assert_eq!(inner[1].1.value, Value::Null);
    }

    #[test]
    fn aliases_repeat_their_anchor_up_to_a_budget() {
        let docs = parse("m.yml", "a: &x [1, 2]\nb: *x\n").unwrap();
        let Value::Map(pairs) = &docs[0].value else {
            panic!("a map")
        };
        assert_eq!(pairs[0].1.value, pairs[1].1.value);
        let mut laughs = String::from("l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..9 {
            let p = i - 1;
            laughs.push_str(&format!(
                "l{i}: &l{i} [*l{p}, *l{p}, *l{p}, *l{p}, *l{p}, *l{p}, *l{p}, *l{p}, *l{p}, *l{p}]\n"
            ));
        }
        let problems = parse("m.yml", &laughs).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].message.contains("repeat more than"),
            "{problems:?}"
        );
    }

    #[test]
    fn a_repeated_key_and_bad_yaml_are_located() {
        let problems = parse("m.yml", "a: 1\na: 2\n").unwrap_err();
        assert_eq!(problems[0].location.as_ref().unwrap().line, 2);
        let problems = parse("m.yml", "a: [1\n").unwrap_err();
        assert!(problems[0].message.contains("not YAML"));
    }
}
