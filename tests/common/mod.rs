//! Helpers shared by the integration tests: the binary, NDJSON output, the corpus.

#![allow(dead_code)] // each test target uses its own subset

use std::path::Path;

use assert_cmd::Command;
use jdx::{Document, Engine, RuleSet};
use serde_json::Value;

/// The `jdx` binary, with the color environment cleared.
pub fn jdx() -> Command {
    let mut cmd = Command::cargo_bin("jdx").expect("binary");
    cmd.env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE");
    cmd
}

/// Every line of NDJSON output, parsed.
pub fn ndjson(stdout: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

/// `corpus/manifest.toml`.
#[derive(serde::Deserialize)]
pub struct Manifest {
    /// Every posting.
    pub posting: Vec<Posting>,
}

/// One posting of the corpus and what it was written as.
#[derive(serde::Deserialize)]
pub struct Posting {
    /// File name in corpus/.
    pub file: String,
    /// The role it was written for.
    pub role: String,
    /// plain, stuffed or normal.
    pub kind: String,
    /// Its shape (markdown, html, crlf…).
    pub shape: String,
}

/// The corpus postings, in manifest order.
pub fn manifest() -> Vec<Posting> {
    let src = std::fs::read_to_string("corpus/manifest.toml").expect("corpus/manifest.toml");
    toml::from_str::<Manifest>(&src)
        .expect("valid manifest")
        .posting
}

/// A corpus posting, read as the CLI reads it.
pub fn read(file: &str) -> Document {
    Document::from_file(
        file,
        std::fs::read(Path::new("corpus").join(file)).expect("posting"),
    )
}

/// The engine over the built-in rules.
pub fn engine() -> Engine {
    Engine::new(RuleSet::builtin().unwrap_or_else(|d| panic!("{d}"))).expect("compiles")
}
