//! Finding `jdx.toml`, and `jdx config`: the effective configuration and
//! where each value came from.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use jdx::config::{Config, Setting, FILE_NAMES};
use jdx::render::{json::SCHEMA, sanitize};
use jdx::Diagnostics;
use serde::Serialize;
use serde_json::{json, Value};

use super::args::Global;
use super::{Context, Exit, Failure};

/// `jdx config`
#[derive(Debug, Args)]
pub struct ConfigArgs {
    /// A posting: show the settings that apply to it (its [[override]] tables included)
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = ConfigFormat::Text)]
    pub format: ConfigFormat,
}

/// `--format` of `jdx config`
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ConfigFormat {
    /// One setting per line: key, value, source
    Text,
    /// `{"schema", "config", "posting", "settings": [{key, value, source}]}`
    Json,
}

/// The configuration to use: `--config FILE`; none with `--no-config`; else
/// the first `jdx.toml` or `.jdx.toml` in the current folder or its parents.
pub fn load(global: &Global) -> Result<Config, Diagnostics> {
    if global.no_config {
        return Ok(Config::default());
    }
    match global.config.clone().or_else(discover) {
        Some(path) => Config::load(&path),
        None => Ok(Config::default()),
    }
}

/// The nearest configuration file, named relative to the current folder
/// (`jdx.toml`, `../jdx.toml`, …) so messages stay short.
fn discover() -> Option<PathBuf> {
    let cwd = std::env::current_dir().ok()?;
    let mut up = PathBuf::new();
    for dir in cwd.ancestors() {
        for name in FILE_NAMES {
            if dir.join(name).is_file() {
                return Some(up.join(name));
            }
        }
        up.push("..");
    }
    None
}

/// One line of `jdx config`.
#[derive(Debug, Serialize)]
struct Entry {
    key: String,
    value: Value,
    /// `path:line`, `--flag` or `default`.
    source: String,
}

#[derive(Debug, Serialize)]
struct ConfigJson<'a> {
    schema: &'static str,
    config: Option<String>,
    posting: Option<&'a Path>,
    settings: &'a [Entry],
}

pub fn run(cx: &mut Context, args: &ConfigArgs) -> Result<Exit, Failure> {
    // Loading the rules checks the ids the configuration names.
    cx.rules()?;
    let entries = entries(&cx.config, &cx.global, args.file.as_deref());
    let config = cx.config.path.as_ref().map(|p| p.display().to_string());
    let out = &mut cx.out;
    match args.format {
        ConfigFormat::Json => {
            let doc = ConfigJson {
                schema: SCHEMA,
                config,
                posting: args.file.as_deref(),
                settings: &entries,
            };
            serde_json::to_writer_pretty(&mut *out, &doc).map_err(std::io::Error::from)?;
            writeln!(out)?;
        }
        ConfigFormat::Text => {
            let s = cx.palette.strong;
            let file = config.unwrap_or_else(|| "none (defaults)".to_owned());
            writeln!(out, "{s}configuration:{s:#} {}", sanitize(&file))?;
            if let Some(posting) = &args.file {
                writeln!(
                    out,
                    "{s}posting:{s:#} {}",
                    sanitize(&posting.display().to_string())
                )?;
            }
            let shown: Vec<String> = entries.iter().map(|e| shown(&e.value)).collect();
            let kw = entries.iter().map(|e| e.key.len()).max().unwrap_or(0);
            let vw = shown.iter().map(|v| v.chars().count()).max().unwrap_or(0);
            for (e, v) in entries.iter().zip(&shown) {
                let d = cx.palette.dim;
                writeln!(
                    out,
                    "{:<kw$}  {:<vw$}  {d}{}{d:#}",
                    e.key,
                    v,
                    sanitize(&e.source)
                )?;
            }
        }
    }
    out.flush()?;
    Ok(Exit::Success)
}

/// A value as the text format shows it.
fn shown(value: &Value) -> String {
    match value {
        Value::String(s) => sanitize(s).into_owned(),
        Value::Null => "none".to_owned(),
        other => other.to_string(),
    }
}

/// Every setting in effect, with its source; with `posting`, as resolved for
/// it, else the top level followed by every override.
fn entries(config: &Config, global: &Global, posting: Option<&Path>) -> Vec<Entry> {
    let at = |line: usize| format!("{}:{line}", config.shown());
    let entry = |key: &str, value: Value, source: String| Entry {
        key: key.to_owned(),
        value,
        source,
    };
    let number = |key: &str, s: Option<&Setting<u8>>, default: Value| match s {
        Some(s) => entry(key, json!(s.value), at(s.line)),
        None => entry(key, default, "default".to_owned()),
    };
    let mut out = vec![match global.no_default_rules {
        true => entry(
            "rules.builtin",
            json!(false),
            "--no-default-rules".to_owned(),
        ),
        false => entry("rules.builtin", json!(true), "default".to_owned()),
    }];
    for p in &config.packs {
        out.push(entry("rules.packs", json!(p.value), at(p.line)));
    }
    for p in &global.rules {
        out.push(entry(
            "rules.packs",
            json!(p.display().to_string()),
            "--rules".to_owned(),
        ));
    }
    let resolved = config.resolve(posting);
    for d in &resolved.disable {
        out.push(entry("rules.disable", json!(d.value), at(d.line)));
    }
    out.push(number("rules.min-weight", resolved.min_weight, json!(1)));
    out.push(number("fail-over", resolved.fail_over, Value::Null));
    if posting.is_some() {
        for &i in &resolved.overrides {
            let o = &config.overrides[i];
            let paths: Vec<&str> = o.paths.iter().map(|p| p.value.as_str()).collect();
            out.push(entry("override", json!(paths), at(o.line)));
        }
        return out;
    }
    for (n, o) in config.overrides.iter().enumerate() {
        let key = |k: &str| format!("override[{}].{k}", n + 1);
        for p in &o.paths {
            out.push(entry(&key("paths"), json!(p.value), at(p.line)));
        }
        for d in &o.disable {
            out.push(entry(&key("rules.disable"), json!(d.value), at(d.line)));
        }
        if let Some(s) = &o.min_weight {
            out.push(entry(&key("rules.min-weight"), json!(s.value), at(s.line)));
        }
        if let Some(s) = &o.fail_over {
            out.push(entry(&key("fail-over"), json!(s.value), at(s.line)));
        }
    }
    out
}
