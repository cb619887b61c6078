//! Warnings `jdx rules check` adds to the loader's: phrases that never match
//! the rule they are written in, because another rule takes the same text
//! first (the same phrase in two rules, or a longer phrase starting earlier),
//! and rules none of whose phrases can ever match.
//!
//! The test is direct: every variant of every phrase is scanned on its own by
//! the compiled [`Engine`]. If the rule does not come out, it cannot come out
//! in a longer text either (text around a phrase only adds candidates that
//! start earlier or run longer), so the variant is reported with the rule that
//! took it.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use crate::rules::{phrase, Rule};
use crate::{Diagnostic, Document, Engine, Severity};

/// How many variants a warning lists before "and N more".
const LISTED: usize = 3;

/// The texts of rule files, read from disk on demand so that warnings can
/// point at the phrase they are about.
///
/// A built-in rule's file is looked up relative to the current directory
/// (`rules/…`, as in a checkout of the project); where it cannot be read, or no
/// longer matches the rule, the warning names `path:line` of the rule's id.
#[derive(Debug, Default)]
pub struct Sources {
    files: BTreeMap<String, Option<String>>,
}

impl Sources {
    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    fn text(&mut self, path: &str) -> Option<&str> {
        self.files
            .entry(path.to_owned())
            .or_insert_with(|| std::fs::read_to_string(path).ok())
            .as_deref()
    }

    /// A warning about `rule`, pointing at the quoted `needle` inside the
    /// rule's table (a phrase), or at the rule's id when `needle` is `None` or
    /// cannot be found.
    pub fn warning(&mut self, rule: &Rule, needle: Option<&str>, message: String) -> Diagnostic {
        let origin = &rule.origin;
        if let Some(src) = self.text(&origin.path) {
            if let Some(span) = locate(src, origin.line, &rule.id, needle) {
                return Diagnostic::at(Severity::Warning, &origin.path, src, span, message);
            }
        }
        Diagnostic {
            severity: Severity::Warning,
            path: format!("{}:{}", origin.path, origin.line),
            line: 0,
            column: 0,
            source_line: String::new(),
            shown_column: 0,
            width: 0,
            message,
        }
    }
}

/// The byte span of the quoted `needle` in the table whose id stands on
/// 1-based `line`, else of the quoted id; `None` if the id is not on that line.
fn locate(src: &str, line: usize, id: &str, needle: Option<&str>) -> Option<Range<usize>> {
    let start = if line <= 1 {
        0
    } else {
        src.match_indices('\n').nth(line - 2)?.0 + 1
    };
    let line_end = src[start..].find('\n').map_or(src.len(), |i| start + i);
    let id_span = find_quoted(src, start..line_end, id)?;
    let Some(needle) = needle else {
        return Some(id_span);
    };
    let table_end = src[id_span.end..]
        .find("\n[")
        .map_or(src.len(), |i| id_span.end + i);
    // The table may start above the id: search from the table header.
    let table_start = src[..start].rfind("\n[").map_or(0, |i| i + 1);
    Some(find_quoted(src, table_start..table_end, needle).unwrap_or(id_span))
}

fn find_quoted(src: &str, within: Range<usize>, text: &str) -> Option<Range<usize>> {
    let hay = src.get(within.clone())?;
    ['"', '\''].iter().find_map(|q| {
        let quoted = format!("{q}{text}{q}");
        hay.find(&quoted)
            .map(|i| within.start + i..within.start + i + quoted.len())
    })
}

/// What happened to one variant scanned on its own.
#[derive(Default)]
struct PhraseFindings {
    /// Rule index that took the variant (`None`: nothing matched) → variants.
    lost: BTreeMap<Option<usize>, Vec<String>>,
    /// Out-of-scope rule index with the same variant, which this rule beats → variants.
    shared: BTreeMap<usize, Vec<String>>,
}

/// Overlap warnings for every rule of `engine` that `in_scope` selects (for
/// `jdx rules check DIR`: the rules defined in DIR), sorted by place.
///
/// A phrase is reported where one of its variants goes to another rule, or
/// where it duplicates a phrase of an out-of-scope rule (which then never
/// gets it). A rule none of whose variants survive, and which has no regex,
/// gets one warning at its id instead.
pub fn overlaps(
    engine: &Engine,
    sources: &mut Sources,
    in_scope: impl Fn(&Rule) -> bool,
) -> Vec<Diagnostic> {
    let rules = &engine.rules().rules;
    let index: BTreeMap<&str, usize> = rules
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    let mut owners: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, rule) in rules.iter().enumerate() {
        for v in &rule.variants {
            owners.entry(v.as_str()).or_default().push(i);
        }
    }
    let mut out = Vec::new();
    for (i, rule) in rules.iter().enumerate() {
        if !in_scope(rule) || rule.phrases.is_empty() {
            continue;
        }
        let mut findings: Vec<(&str, PhraseFindings)> = Vec::new();
        let mut survived = false;
        for p in &rule.phrases {
            let Ok(variants) = phrase::expand(p) else {
                continue;
            };
            let mut f = PhraseFindings::default();
            for v in variants {
                let doc = Document::new(v.as_str());
                let scan = engine.scan(&doc);
                if scan.hits.iter().any(|h| h.rule.id == rule.id) {
                    survived = true;
                    let others = owners.get(v.as_str()).into_iter().flatten();
                    for &o in others.filter(|&&o| o != i && !in_scope(&rules[o])) {
                        f.shared.entry(o).or_default().push(v.clone());
                    }
                    continue;
                }
                let takers: BTreeSet<usize> = scan
                    .hits
                    .iter()
                    .filter_map(|h| index.get(h.rule.id.as_str()).copied())
                    .collect();
                if takers.is_empty() {
                    f.lost.entry(None).or_default().push(v.clone());
                }
                for t in takers {
                    f.lost.entry(Some(t)).or_default().push(v.clone());
                }
            }
            findings.push((p, f));
        }
        if !survived && rule.regex.is_empty() && !findings.is_empty() {
            let takers: BTreeSet<Option<usize>> = findings
                .iter()
                .flat_map(|(_, f)| f.lost.keys().copied())
                .collect();
            let named: Vec<String> = takers.iter().flatten().map(|&t| name(&rules[t])).collect();
            let mut message = format!("rule `{}` can never match: ", rule.id);
            if named.is_empty() {
                message.push_str("none of its phrases matches on its own (check the exceptions)");
            } else {
                message.push_str(&format!(
                    "every variant of its phrases goes to another rule first: {}",
                    named.join(", ")
                ));
                if takers.contains(&None) {
                    message.push_str(" (and some are suppressed by an exception)");
                }
            }
            out.push(sources.warning(rule, None, message));
            continue;
        }
        for (p, f) in &findings {
            for (taker, variants) in &f.lost {
                let message = match taker {
                    None => format!(
                        "phrase `{p}` does not match this rule on its own ({}): an exception suppresses it",
                        list(variants)
                    ),
                    Some(t) if rules[*t].variants.iter().any(|v| variants.contains(v)) => format!(
                        "phrase `{p}` is duplicated: {} has the same phrase ({}) and takes it, so it never matches here; give each phrase to one rule",
                        name(&rules[*t]),
                        list(variants)
                    ),
                    Some(t) => format!(
                        "phrase `{p}` never matches this rule: {} takes {} first (leftmost-longest)",
                        name(&rules[*t]),
                        list(variants)
                    ),
                };
                out.push(sources.warning(rule, Some(p), message));
            }
            for (other, variants) in &f.shared {
                let message = format!(
                    "phrase `{p}` is duplicated: {} has the same phrase ({}) and never gets it, because this rule is loaded later; give each phrase to one rule",
                    name(&rules[*other]),
                    list(variants)
                );
                out.push(sources.warning(rule, Some(p), message));
            }
        }
    }
    out.sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
    out
}

/// "rule `id` (path:line)"
fn name(rule: &Rule) -> String {
    format!(
        "rule `{}` ({}:{})",
        rule.id, rule.origin.path, rule.origin.line
    )
}

/// "`a`, `b`, `c` and 2 more"
fn list(variants: &[String]) -> String {
    let shown: Vec<String> = variants
        .iter()
        .take(LISTED)
        .map(|v| format!("`{v}`"))
        .collect();
    match variants.len().saturating_sub(LISTED) {
        0 => shown.join(", "),
        more => format!("{} and {more} more", shown.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{LoadOptions, RuleSet};

    fn pack(toml: &str) -> (tempfile::TempDir, Engine) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("r.toml"), toml).unwrap();
        let rules = RuleSet::load(&LoadOptions {
            builtin: false,
            packs: vec![dir.path().to_path_buf()],
            ..LoadOptions::default()
        })
        .unwrap_or_else(|d| panic!("{d}"));
        let engine = Engine::new(rules).unwrap();
        (dir, engine)
    }

    const HEAD: &str = "[[category]]\nid = \"c\"\nlabel = \"C\"\ndescription = \"D.\"\n";

    fn rule(id: &str, phrases: &str) -> String {
        format!(
            "\n[[rule]]\nid = \"{id}\"\ncategory = \"c\"\nweight = 1\nphrases = [{phrases}]\nplain = \"p\"\notiose = \"O.\"\nexamples = [\"x\"]\n"
        )
    }

    #[test]
    fn a_rule_whose_only_phrase_is_taken_can_never_match() {
        let src = format!(
            "{HEAD}{}{}",
            rule("first", "\"team player\""),
            rule("second", "\"team player\"")
        );
        let (_dir, engine) = pack(&src);
        let warnings = overlaps(&engine, &mut Sources::new(), |_| true);
        let text: Vec<String> = warnings.iter().map(|d| d.message.clone()).collect();
        // The one loaded last wins, so `first` never matches.
        assert_eq!(text.len(), 1, "{text:?}");
        assert!(
            text[0].starts_with("rule `first` can never match: every variant of its phrases goes to another rule first: rule `second`"),
            "{text:?}"
        );
        assert_eq!(warnings[0].line, 7, "points at the id of `first`");
    }

    #[test]
    fn a_duplicated_phrase_is_located_at_the_phrase() {
        let src = format!(
            "{HEAD}{}{}",
            rule("first", "\"synergy\", \"team player\""),
            rule("second", "\"team player\"")
        );
        let (_dir, engine) = pack(&src);
        let warnings = overlaps(&engine, &mut Sources::new(), |_| true);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        let w = &warnings[0];
        assert_eq!((w.line, w.column), (10, 23), "{w}");
        assert_eq!(w.width, "\"team player\"".len());
        assert!(w.message.contains("is duplicated: rule `second`"), "{w}");
    }

    #[test]
    fn one_shared_variant_of_a_phrase_is_reported_with_the_phrase() {
        let src = format!(
            "{HEAD}{}{}",
            rule("short", "\"fast\", \"pace{|d}\""),
            rule("long", "\"paced\"")
        );
        let (_dir, engine) = pack(&src);
        let warnings = overlaps(&engine, &mut Sources::new(), |r| r.id == "short");
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0]
                .message
                .contains("phrase `pace{|d}` is duplicated: rule `long`")
                && warnings[0].message.contains("(`paced`)"),
            "{}",
            warnings[0]
        );
    }

    #[test]
    fn out_of_scope_rules_are_named_but_not_warned_about() {
        let src = format!(
            "{HEAD}{}{}",
            rule("builtin-like", "\"rockstar\""),
            rule("mine", "\"rockstar\", \"ninja\"")
        );
        let (_dir, engine) = pack(&src);
        let warnings = overlaps(&engine, &mut Sources::new(), |r| r.id == "mine");
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0].message.contains("rule `builtin-like` (")
                && warnings[0].message.contains("never gets it"),
            "{}",
            warnings[0]
        );
    }

    #[test]
    fn distinct_phrases_give_no_warning() {
        let src = format!(
            "{HEAD}{}{}",
            rule("a", "\"fast-paced\""),
            rule("b", "\"fast-paced environment\"")
        );
        let (_dir, engine) = pack(&src);
        assert!(overlaps(&engine, &mut Sources::new(), |_| true).is_empty());
    }

    #[test]
    fn without_the_file_the_warning_names_path_and_line() {
        let src = format!("{HEAD}{}{}", rule("a", "\"x y\""), rule("b", "\"x y\""));
        let (dir, engine) = pack(&src);
        drop(dir);
        let warnings = overlaps(&engine, &mut Sources::new(), |_| true);
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].path.ends_with("r.toml:7"), "{}", warnings[0]);
        assert!(warnings[0]
            .to_string()
            .contains("r.toml:7: warning: rule `a` can never match"));
    }
}
