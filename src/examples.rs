//! Running every rule's inline `examples` (must match the rule) and
//! `counterexamples` (must not). Used by the test suite and `jdx rules test`.

use std::fmt;

use crate::rules::Rule;
use crate::{Document, Engine};

/// Whether a text was meant to match its rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// An `examples` entry.
    Match,
    /// A `counterexamples` entry.
    NoMatch,
}

/// The outcome of one example or counterexample.
#[derive(Debug, Clone)]
pub struct ExampleCase<'a> {
    /// The rule the text belongs to.
    pub rule: &'a Rule,
    /// The example text.
    pub text: &'a str,
    /// What it was meant to do.
    pub expect: Expect,
    /// Every match in the text: `(rule id, text as written)`.
    pub found: Vec<(String, String)>,
}

impl ExampleCase<'_> {
    /// Whether the case holds.
    pub fn passed(&self) -> bool {
        let hit = self.found.iter().any(|(id, _)| *id == self.rule.id);
        hit == (self.expect == Expect::Match)
    }
}

impl fmt::Display for ExampleCase<'_> {
    /// One line naming the rule, the text and what matched instead.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.expect {
            Expect::Match => "example",
            Expect::NoMatch => "counterexample",
        };
        let verdict = match (self.passed(), self.expect) {
            (true, _) => "ok",
            (false, Expect::Match) => "did not match",
            (false, Expect::NoMatch) => "matched",
        };
        write!(
            f,
            "rule `{}` {what} {:?}: {verdict}",
            self.rule.id, self.text
        )?;
        if !self.passed() {
            let found: Vec<String> = self
                .found
                .iter()
                .map(|(id, t)| format!("{id} {t:?}"))
                .collect();
            match found.is_empty() {
                true => write!(f, " (found nothing)")?,
                false => write!(f, " (found: {})", found.join(", "))?,
            }
            write!(f, " [{}:{}]", self.rule.origin.path, self.rule.origin.line)?;
        }
        Ok(())
    }
}

/// Runs every example and counterexample of every rule in the engine.
pub fn run(engine: &Engine) -> Vec<ExampleCase<'_>> {
    let mut cases = Vec::new();
    for rule in &engine.rules().rules {
        let texts = rule
            .examples
            .iter()
            .map(|t| (t, Expect::Match))
            .chain(rule.counterexamples.iter().map(|t| (t, Expect::NoMatch)));
        for (text, expect) in texts {
            let doc = Document::new(text.as_str());
            let found = engine
                .scan(&doc)
                .hits
                .iter()
                .map(|h| (h.rule.id.clone(), h.text.to_owned()))
                .collect();
            cases.push(ExampleCase {
                rule,
                text,
                expect,
                found,
            });
        }
    }
    cases
}
