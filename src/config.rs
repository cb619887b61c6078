//! Project configuration: `jdx.toml`, parsed and validated with precise
//! errors (`path:line:col`, the line, what was expected). Finding the file and
//! applying command-line flags is the binary's job.
//!
//! ```toml
//! fail-over = 60                 # scan/score exit 1 above this BS index
//!
//! [rules]
//! packs = ["house-rules"]        # rule-pack folders, relative to this file
//! disable = ["rockstar", "ai-buzz"]   # rule or category ids
//! min-weight = 2                 # report only rules of this weight or more
//!
//! [[override]]                   # for postings under careers/engineering/
//! paths = ["careers/engineering/**"]
//! fail-over = 40
//! rules = { disable = ["ninja"], min-weight = 1 }
//! ```

use std::ops::Range;
use std::path::{Component, Path, PathBuf};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::{Diagnostic, Diagnostics, Severity};
use crate::rules::RuleSet;
use crate::suppress::Policy;
use crate::text::LineIndex;

/// The names a configuration file may have, looked for in this order.
pub const FILE_NAMES: &[&str] = &["jdx.toml", ".jdx.toml"];

/// Largest configuration file read.
const MAX_FILE_BYTES: u64 = 1 << 20;

/// A value and the line of the configuration file that set it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting<T> {
    /// The value.
    pub value: T,
    /// 1-based line in the configuration file.
    pub line: usize,
    /// Byte range of the value in the file.
    span: Range<usize>,
}

/// A `[[override]]` table: settings for postings whose path matches a glob.
#[derive(Debug, Clone)]
pub struct Override {
    /// The globs as written.
    pub paths: Vec<Setting<String>>,
    /// Its `fail-over`.
    pub fail_over: Option<Setting<u8>>,
    /// Its `rules.disable` (added to the top level's).
    pub disable: Vec<Setting<String>>,
    /// Its `rules.min-weight`.
    pub min_weight: Option<Setting<u8>>,
    /// 1-based line of `[[override]]`.
    pub line: usize,
    globs: GlobSet,
}

/// A parsed `jdx.toml` (or none: [`Config::default`]).
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The file as named; `None` without a configuration file.
    pub path: Option<PathBuf>,
    /// `rules.packs`, as written (see [`Config::pack_dirs`]).
    pub packs: Vec<Setting<String>>,
    /// `rules.disable`: rule and category ids.
    pub disable: Vec<Setting<String>>,
    /// `rules.min-weight`.
    pub min_weight: Option<Setting<u8>>,
    /// `fail-over`.
    pub fail_over: Option<Setting<u8>>,
    /// `[[override]]` tables, in file order.
    pub overrides: Vec<Override>,
    /// The folder override globs are relative to (absolute).
    dir: PathBuf,
    /// The file's text, for diagnostics found after parsing.
    source: String,
}

/// The settings for one posting, each with where it came from.
#[derive(Debug, Clone)]
pub struct Resolved<'c> {
    /// Disabled ids: the top level's, then those of matching overrides.
    pub disable: Vec<&'c Setting<String>>,
    /// The last `min-weight` set (top level, then matching overrides in order).
    pub min_weight: Option<&'c Setting<u8>>,
    /// The last `fail-over` set.
    pub fail_over: Option<&'c Setting<u8>>,
    /// Indices of the overrides that matched.
    pub overrides: Vec<usize>,
}

impl Resolved<'_> {
    /// The policy these settings make.
    pub fn policy(&self) -> Policy {
        let default = Policy::default();
        Policy {
            disabled: self.disable.iter().map(|s| s.value.clone()).collect(),
            min_weight: self.min_weight.map_or(default.min_weight, |s| s.value),
            fail_over: self.fail_over.map(|s| s.value),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", expecting = "a table")]
struct RawConfig {
    #[serde(default)]
    fail_over: Option<Spanned<i64>>,
    #[serde(default)]
    rules: Option<RawRules>,
    #[serde(default, rename = "override")]
    overrides: Vec<Spanned<RawOverride>>,
}

#[derive(Deserialize)]
#[serde(
    deny_unknown_fields,
    rename_all = "kebab-case",
    expecting = "a table such as [rules] or rules = { disable = [...] }"
)]
struct RawRules {
    #[serde(default)]
    packs: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    disable: Vec<Spanned<String>>,
    #[serde(default)]
    min_weight: Option<Spanned<i64>>,
}

#[derive(Deserialize)]
#[serde(
    deny_unknown_fields,
    rename_all = "kebab-case",
    expecting = "an [[override]] table"
)]
struct RawOverride {
    paths: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    fail_over: Option<Spanned<i64>>,
    #[serde(default)]
    rules: Option<RawRules>,
}

/// Parsing one file: its text, name and line index, and the problems found.
struct Parser<'s> {
    path: String,
    src: &'s str,
    lines: LineIndex,
    diags: Vec<Diagnostic>,
}

impl Parser<'_> {
    fn error(&mut self, span: Range<usize>, message: impl Into<String>) {
        let d = Diagnostic::at(Severity::Error, &self.path, self.src, span, message);
        self.diags.push(d);
    }

    fn setting<T>(&self, value: T, span: Range<usize>) -> Setting<T> {
        Setting {
            value,
            line: self.lines.line_col(self.src, span.start).0,
            span,
        }
    }

    fn number(
        &mut self,
        raw: Option<Spanned<i64>>,
        min: i64,
        max: i64,
        key: &str,
    ) -> Option<Setting<u8>> {
        let raw = raw?;
        let (span, n) = (raw.span(), *raw.get_ref());
        if !(min..=max).contains(&n) {
            self.error(
                span,
                format!("`{key}` is {n}: expected an integer from {min} to {max}"),
            );
            return None;
        }
        Some(self.setting(n as u8, span))
    }

    fn strings(&self, raw: Vec<Spanned<String>>) -> Vec<Setting<String>> {
        raw.into_iter()
            .map(|s| {
                let span = s.span();
                self.setting(s.into_inner(), span)
            })
            .collect()
    }

    fn override_table(&mut self, raw: Spanned<RawOverride>) -> Option<Override> {
        let line = self.lines.line_col(self.src, raw.span().start).0;
        let raw = raw.into_inner();
        let paths_span = raw.paths.span();
        let paths = self.strings(raw.paths.into_inner());
        if paths.is_empty() {
            self.error(
                paths_span.clone(),
                "`paths` is empty: expected at least one glob, such as \"careers/**\"",
            );
        }
        let mut builder = GlobSetBuilder::new();
        for p in &paths {
            let pattern = glob_pattern(&p.value);
            match GlobBuilder::new(&pattern).literal_separator(true).build() {
                Ok(g) => {
                    builder.add(g);
                }
                Err(e) => self.error(p.span.clone(), format!("invalid glob: {}", e.kind())),
            }
        }
        let rules = raw.rules.unwrap_or(RawRules {
            packs: None,
            disable: Vec::new(),
            min_weight: None,
        });
        if let Some(packs) = &rules.packs {
            self.error(
                packs.span(),
                "`packs` in an override: rule packs can only be added at the top level, in [rules]",
            );
        }
        let fail_over = self.number(raw.fail_over, 0, 100, "fail-over");
        let min_weight = self.number(rules.min_weight, 1, 5, "min-weight");
        let globs = match builder.build() {
            Ok(g) => g,
            Err(e) => {
                self.error(paths_span, format!("invalid glob: {}", e.kind()));
                return None;
            }
        };
        Some(Override {
            disable: self.strings(rules.disable),
            paths,
            fail_over,
            min_weight,
            line,
            globs,
        })
    }
}

/// A glob as matched: one without `/` matches a file name at any depth.
fn glob_pattern(glob: &str) -> String {
    let glob = glob.strip_prefix("./").unwrap_or(glob);
    match glob.contains('/') {
        true => glob.strip_prefix('/').unwrap_or(glob).to_owned(),
        false => format!("**/{glob}"),
    }
}

impl Config {
    /// Reads and parses the configuration file at `path` (as named: relative
    /// to the current folder or absolute).
    pub fn load(path: &Path) -> Result<Config, Diagnostics> {
        let shown = path.display().to_string();
        let fail = |message: String| Diagnostics(vec![Diagnostic::file(&shown, message)]);
        let len = std::fs::metadata(path)
            .map_err(|e| fail(describe(&e)))?
            .len();
        if len > MAX_FILE_BYTES {
            return Err(fail(format!(
                "configuration file is {len} bytes; the limit is {MAX_FILE_BYTES}"
            )));
        }
        let bytes = std::fs::read(path).map_err(|e| fail(describe(&e)))?;
        let src = String::from_utf8(bytes).map_err(|_| fail("not valid UTF-8".to_owned()))?;
        Self::parse(path, src)
    }

    /// Parses `src`, the text of the configuration file at `path`.
    pub fn parse(path: &Path, src: String) -> Result<Config, Diagnostics> {
        let mut p = Parser {
            path: path.display().to_string(),
            src: &src,
            lines: LineIndex::new(&src),
            diags: Vec::new(),
        };
        let raw: RawConfig = match toml::from_str(&src) {
            Ok(raw) => raw,
            Err(e) => {
                let message = in_toml_words(e.message());
                p.error(e.span().unwrap_or(0..0), message);
                return Err(Diagnostics(p.diags));
            }
        };
        let rules = raw.rules.unwrap_or(RawRules {
            packs: None,
            disable: Vec::new(),
            min_weight: None,
        });
        let fail_over = p.number(raw.fail_over, 0, 100, "fail-over");
        let min_weight = p.number(rules.min_weight, 1, 5, "min-weight");
        let packs = p.strings(rules.packs.map(Spanned::into_inner).unwrap_or_default());
        let disable = p.strings(rules.disable);
        let overrides: Vec<Override> = raw
            .overrides
            .into_iter()
            .filter_map(|o| p.override_table(o))
            .collect();
        if !p.diags.is_empty() {
            return Err(Diagnostics(p.diags));
        }
        let dir = normalize(&std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()))
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        Ok(Config {
            path: Some(path.to_path_buf()),
            packs,
            disable,
            min_weight,
            fail_over,
            overrides,
            dir,
            source: src,
        })
    }

    /// The rule-pack folders, relative to the configuration file's folder.
    pub fn pack_dirs(&self) -> Vec<PathBuf> {
        let base = self
            .path
            .as_deref()
            .and_then(Path::parent)
            .unwrap_or(Path::new(""));
        self.packs.iter().map(|p| base.join(&p.value)).collect()
    }

    /// Errors for disabled ids that name no rule or category of `rules`
    /// (a typo would otherwise disable nothing, silently).
    pub fn check(&self, rules: &RuleSet) -> Result<(), Diagnostics> {
        let path = self.shown();
        let unknown = self
            .disable
            .iter()
            .chain(self.overrides.iter().flat_map(|o| &o.disable))
            .filter(|s| {
                rules.rule(&s.value).is_none()
                    && rules.combo(&s.value).is_none()
                    && rules.category(&s.value).is_none()
            });
        let diags: Vec<Diagnostic> = unknown
            .map(|s| {
                Diagnostic::at(
                    Severity::Error,
                    &path,
                    &self.source,
                    s.span.clone(),
                    format!(
                        "`{}` names no rule or category: expected an id from `jdx rules list` or a category",
                        s.value.escape_debug()
                    ),
                )
            })
            .collect();
        match diags.is_empty() {
            true => Ok(()),
            false => Err(Diagnostics(diags)),
        }
    }

    /// Whether the file sets a `fail-over` anywhere (top level or an override).
    pub fn has_fail_over(&self) -> bool {
        self.fail_over.is_some() || self.overrides.iter().any(|o| o.fail_over.is_some())
    }

    /// The file's name as shown in messages (`path:line`).
    pub fn shown(&self) -> String {
        self.path
            .as_deref()
            .map_or_else(String::new, |p| p.display().to_string())
    }

    /// The settings for the posting at `posting` (relative to the current
    /// folder or absolute); `None` (standard input, a batch row) gets the top
    /// level only. An override applies when one of its globs matches the
    /// posting's path relative to the configuration file's folder.
    pub fn resolve(&self, posting: Option<&Path>) -> Resolved<'_> {
        let mut resolved = Resolved {
            disable: self.disable.iter().collect(),
            min_weight: self.min_weight.as_ref(),
            fail_over: self.fail_over.as_ref(),
            overrides: Vec::new(),
        };
        let Some(relative) = posting.and_then(|p| self.relative(p)) else {
            return resolved;
        };
        for (i, o) in self.overrides.iter().enumerate() {
            if !o.globs.is_match(&relative) {
                continue;
            }
            resolved.overrides.push(i);
            resolved.disable.extend(&o.disable);
            resolved.min_weight = o.min_weight.as_ref().or(resolved.min_weight);
            resolved.fail_over = o.fail_over.as_ref().or(resolved.fail_over);
        }
        resolved
    }

    /// The policy for the posting at `posting` (see [`Config::resolve`]).
    pub fn policy(&self, posting: Option<&Path>) -> Policy {
        self.resolve(posting).policy()
    }

    /// The posting's path relative to the configuration's folder, with `/`.
    fn relative(&self, posting: &Path) -> Option<String> {
        if self.overrides.is_empty() || posting.as_os_str() == "-" {
            return None;
        }
        let absolute = normalize(&std::path::absolute(posting).ok()?);
        let rest = absolute.strip_prefix(&self.dir).ok()?;
        let parts: Vec<String> = rest
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        Some(parts.join("/"))
    }
}

/// serde's words for TOML's: keys, arrays and tables.
fn in_toml_words(message: &str) -> String {
    message
        .replace("unknown field", "unknown key")
        .replace("missing field", "missing key")
        .replace("a sequence", "an array")
        .replace("a map", "a table")
        .replace("expected i64", "expected an integer")
}

/// `a/./b/../c` → `a/c`, without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

fn describe(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(src: &str) -> Result<Config, Diagnostics> {
        Config::parse(Path::new("/site/jdx.toml"), src.to_owned())
    }

    fn error(src: &str) -> Diagnostic {
        let diags = parse(src).expect_err("an error");
        assert_eq!(diags.0.len(), 1, "one error: {diags}");
        diags.0[0].clone()
    }

    const FULL: &str = "fail-over = 60\n\n[rules]\npacks = [\"house\"]\ndisable = [\"rockstar\", \"hype\"]\nmin-weight = 2\n\n[[override]]\npaths = [\"careers/engineering/**\"]\nfail-over = 40\nrules = { disable = [\"ninja\"], min-weight = 1 }\n\n[[override]]\npaths = [\"*.html\"]\nfail-over = 30\n";

    #[test]
    fn reads_every_key_with_its_line() {
        let c = parse(FULL).expect("valid");
        assert_eq!(
            c.fail_over.as_ref().map(|s| (s.value, s.line)),
            Some((60, 1))
        );
        assert_eq!(c.packs[0].value, "house");
        assert_eq!(c.pack_dirs(), [PathBuf::from("/site/house")]);
        let disabled: Vec<(&str, usize)> = c
            .disable
            .iter()
            .map(|s| (s.value.as_str(), s.line))
            .collect();
        assert_eq!(disabled, [("rockstar", 5), ("hype", 5)]);
        assert_eq!(c.min_weight.as_ref().map(|s| s.value), Some(2));
        assert_eq!(c.overrides.len(), 2);
        assert_eq!(c.overrides[0].line, 8);
    }

    #[test]
    fn overrides_apply_by_path_relative_to_the_file() {
        let c = parse(FULL).expect("valid");
        let top = c.policy(Some(Path::new("/site/careers/sales/a.md")));
        assert_eq!((top.min_weight, top.fail_over), (2, Some(60)));
        assert_eq!(top.disabled, ["hype", "rockstar"].map(String::from).into());
        let eng = c.resolve(Some(Path::new("/site/careers/engineering/team/./sre.md")));
        assert_eq!(eng.overrides, [0]);
        let p = eng.policy();
        assert_eq!((p.min_weight, p.fail_over), (1, Some(40)));
        assert!(p.disabled.contains("ninja") && p.disabled.contains("rockstar"));
        // A glob without `/` matches the file name at any depth; later overrides win.
        let both = c.resolve(Some(Path::new("/site/careers/engineering/x.html")));
        assert_eq!(both.overrides, [0, 1]);
        assert_eq!(both.policy().fail_over, Some(30));
        // Outside the folder, and standard input: the top level only.
        assert!(c
            .resolve(Some(Path::new("/elsewhere/careers/engineering/a.md")))
            .overrides
            .is_empty());
        assert!(c.resolve(None).overrides.is_empty());
    }

    #[test]
    fn unknown_keys_are_located() {
        let d = error("fail-over = 60\ncolour = \"red\"\n");
        assert_eq!(
            (d.path.as_str(), d.line, d.column),
            ("/site/jdx.toml", 2, 1)
        );
        assert!(d.message.contains("unknown key `colour`"), "{}", d.message);
        assert_eq!(d.source_line, "colour = \"red\"");
        let d = error("[rules]\ndisabled = [\"x\"]\n");
        assert_eq!((d.line, d.column), (2, 1));
        assert!(
            d.message.contains("`disable`"),
            "says what was expected: {}",
            d.message
        );
    }

    #[test]
    fn wrong_types_and_ranges_are_located() {
        let d = error("fail-over = \"high\"\n");
        assert_eq!((d.line, d.column), (1, 13));
        let d = error("[rules]\nmin-weight = 9\n");
        assert_eq!((d.line, d.column), (2, 14));
        assert_eq!(
            d.message,
            "`min-weight` is 9: expected an integer from 1 to 5"
        );
        let d = error("[[override]]\npaths = []\n");
        assert_eq!(d.line, 2);
        let d = error("[[override]]\npaths = [\"a\"]\nrules = { packs = [\"x\"] }\n");
        assert!(d.message.contains("top level"), "{}", d.message);
        let d = error("[[override]]\npaths = [\"a/[b\"]\n");
        assert_eq!((d.line, d.column), (2, 10));
    }

    #[test]
    fn type_errors_speak_toml() {
        let d = error("[rules]\ndisable = \"synergy\"\n");
        assert_eq!(
            d.message,
            "invalid type: string \"synergy\", expected an array"
        );
        let d = error("rules = 3\n");
        assert!(
            d.message
                .ends_with("expected a table such as [rules] or rules = { disable = [...] }"),
            "{}",
            d.message
        );
        let d = error("[rules]\nmin-weight = 2.5\n");
        assert_eq!(
            d.message,
            "invalid type: floating point `2.5`, expected an integer"
        );
        let d = error("[[override]]\nfail-over = 3\n");
        assert_eq!((d.line, d.message.as_str()), (1, "missing key `paths`"));
    }

    #[test]
    fn unknown_ids_are_errors_against_the_rules() {
        let rules = RuleSet::builtin().expect("built-ins");
        let c = parse("[rules]\ndisable = [\"synergy\", \"hype\", \"synergee\"]\n").expect("valid");
        let diags = c.check(&rules).expect_err("synergee");
        assert_eq!(diags.0.len(), 1);
        assert_eq!((diags.0[0].line, diags.0[0].column), (2, 31));
        assert!(parse(FULL).expect("valid").check(&rules).is_ok());
    }
}
