//! Running every rule's inline `examples` (must match the rule) and
//! `counterexamples` (must not), and every combination rule's (must fire /
//! must not), through the whole engine. Used by the test suite and `jdx rules
//! test`.

use std::fmt;

use crate::rules::Origin;
use crate::{Document, Engine};

/// What an example belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    /// A phrase rule (`[[rule]]`).
    Rule,
    /// A combination rule (`[[combo]]`).
    Combo,
}

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
    /// Whether the text belongs to a rule or a combination rule.
    pub subject: Subject,
    /// The id of that rule.
    pub id: &'a str,
    /// Where it is defined.
    pub origin: &'a Origin,
    /// The example text.
    pub text: &'a str,
    /// What it was meant to do.
    pub expect: Expect,
    /// Every match in the text: `(rule id, text as written)`; for a combo,
    /// every firing: `(combo id, member texts joined with " + ")`.
    pub found: Vec<(String, String)>,
}

impl ExampleCase<'_> {
    /// Whether the case holds.
    pub fn passed(&self) -> bool {
        let hit = self.found.iter().any(|(id, _)| id == self.id);
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
        let (subject, verdict) = match self.subject {
            Subject::Rule => ("rule", ["did not match", "matched"]),
            Subject::Combo => ("combo", ["did not fire", "fired"]),
        };
        let verdict = match (self.passed(), self.expect) {
            (true, _) => "ok",
            (false, Expect::Match) => verdict[0],
            (false, Expect::NoMatch) => verdict[1],
        };
        write!(
            f,
            "{subject} `{}` {what} {:?}: {verdict}",
            self.id, self.text
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
            write!(f, " [{}:{}]", self.origin.path, self.origin.line)?;
        }
        Ok(())
    }
}

/// Runs every example and counterexample of every rule and combination rule
/// in the engine.
pub fn run(engine: &Engine) -> Vec<ExampleCase<'_>> {
    let rules = engine.rules();
    let phrase = rules.rules.iter().map(|r| {
        let texts = cases_of(&r.examples, &r.counterexamples);
        (Subject::Rule, r.id.as_str(), &r.origin, texts)
    });
    let combos = rules.combos.iter().map(|c| {
        let texts = cases_of(&c.examples, &c.counterexamples);
        (Subject::Combo, c.id.as_str(), &c.origin, texts)
    });
    let mut cases = Vec::new();
    for (subject, id, origin, texts) in phrase.chain(combos) {
        for (text, expect) in texts {
            let doc = Document::new(text);
            let scan = engine.scan(&doc);
            let found = match subject {
                Subject::Rule => scan
                    .hits
                    .iter()
                    .map(|h| (h.rule.id.clone(), h.text.to_owned()))
                    .collect(),
                Subject::Combo => scan
                    .combos
                    .iter()
                    .map(|c| (c.combo.id.clone(), c.text(&scan.hits)))
                    .collect(),
            };
            cases.push(ExampleCase {
                subject,
                id,
                origin,
                text,
                expect,
                found,
            });
        }
    }
    cases
}

fn cases_of<'a>(
    examples: &'a [String],
    counterexamples: &'a [String],
) -> impl Iterator<Item = (&'a str, Expect)> {
    examples.iter().map(|t| (t.as_str(), Expect::Match)).chain(
        counterexamples
            .iter()
            .map(|t| (t.as_str(), Expect::NoMatch)),
    )
}
