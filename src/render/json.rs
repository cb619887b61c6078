//! The JSON wire types: separate from the engine's types so the schema only
//! changes on purpose. Documented in README.md.

use serde::Serialize;

use crate::engine::Hit;

/// The schema tag every JSON document carries.
pub const SCHEMA: &str = "jdx/1";

/// One match, as `scan` emits it and `translate` embeds it.
#[derive(Debug, Serialize)]
pub struct MatchJson<'a> {
    /// The input's name (`-` for standard input).
    pub file: &'a str,
    /// Rule id.
    pub rule: &'a str,
    /// Category id.
    pub category: &'a str,
    /// Rule weight, 1..=5.
    pub weight: u8,
    /// Whether the rule is a red flag.
    pub red_flag: bool,
    /// Start byte offset into the input as read.
    pub start: usize,
    /// End byte offset (exclusive).
    pub end: usize,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// The matched text as written: `input[start..end]`.
    pub text: &'a str,
    /// Plain-language suggestion.
    pub plain: &'a str,
    /// The dry translation.
    pub otiose: &'a str,
}

impl<'a> MatchJson<'a> {
    /// The wire form of `hit` found in `file`.
    pub fn new(file: &'a str, hit: &'a Hit<'a>) -> Self {
        MatchJson {
            file,
            rule: &hit.rule.id,
            category: &hit.rule.category,
            weight: hit.rule.weight,
            red_flag: hit.rule.red_flag,
            start: hit.input.start,
            end: hit.input.end,
            line: hit.line,
            column: hit.column,
            text: hit.text,
            plain: &hit.rule.plain,
            otiose: &hit.rule.otiose,
        }
    }
}
