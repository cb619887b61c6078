//! Which matches count: a posting's own `jdx-disable` directives and the
//! per-document [`Policy`] (rules and categories turned off, a minimum weight,
//! from `jdx.toml`), applied in one step right after the scan, so `scan`,
//! `score`, `translate` and `rewrite` always agree.
//!
//! Directives are read from the posting as written ([`Document::source`]), so
//! an HTML posting's comments count although its text has none:
//!
//! - `<!-- jdx-disable -->` … `<!-- jdx-enable -->`: a region where no rule counts;
//! - `<!-- jdx-disable ID, ID -->`: a region for those rules or categories only
//!   (closed by `jdx-enable`, or `jdx-enable ID` for some of them);
//! - `<!-- jdx-disable-next-line [ID, …] -->`: the line after the comment;
//! - in a text or Markdown posting also `# jdx-…` on a line of its own.
//!
//! Text after `--` in a directive is a reason, ignored.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap};
use std::ops::Range;

use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::{Hit, Scan};
use crate::rules::{Combo, Rule, RuleSet};
use crate::Document;

/// What applies to one posting besides its own directives (see `jdx.toml`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    /// Rule and category ids whose matches are dropped.
    pub disabled: BTreeSet<String>,
    /// Matches of rules with a lower weight are dropped.
    pub min_weight: u8,
    /// The BS index above which `scan` and `score` exit with 1; `--fail-over` wins.
    pub fail_over: Option<u8>,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            disabled: BTreeSet::new(),
            min_weight: 1,
            fail_over: None,
        }
    }
}

impl Policy {
    /// Whether matches of `rule` are reported at all.
    pub fn allows(&self, rule: &Rule) -> bool {
        self.allows_ids(rule.weight, &rule.id, &rule.category)
    }

    /// Whether a combination rule may fire at all.
    pub fn allows_combo(&self, combo: &Combo) -> bool {
        self.allows_ids(combo.weight, &combo.id, &combo.category)
    }

    fn allows_ids(&self, weight: u8, id: &str, category: &str) -> bool {
        weight >= self.min_weight
            && !self.disabled.contains(id)
            && !self.disabled.contains(category)
    }
}

/// A problem with a directive, or a directive that suppresses nothing: a
/// warning, never an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// Byte range into [`Document::source`].
    pub span: Range<usize>,
    /// What is wrong.
    pub message: String,
}

impl Notice {
    /// The warning as a [`Diagnostic`] for the input named `name`.
    pub fn diagnostic(&self, name: &str, doc: &Document) -> Diagnostic {
        Diagnostic::at(
            Severity::Warning,
            name,
            doc.source(),
            self.span.clone(),
            self.message.clone(),
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Disable,
    Enable,
    NextLine,
}

impl Kind {
    fn keyword(self) -> &'static str {
        match self {
            Kind::Disable => "jdx-disable",
            Kind::Enable => "jdx-enable",
            Kind::NextLine => "jdx-disable-next-line",
        }
    }
}

/// One directive as written.
#[derive(Debug)]
struct Directive {
    kind: Kind,
    /// The whole comment (or `#` line) in the source.
    span: Range<usize>,
    /// The rule or category ids named, with their spans; none means every rule.
    names: Vec<(String, Range<usize>)>,
}

/// Where a directive suppresses: a source range and the ids (`None`: all).
#[derive(Debug)]
struct Scope {
    directive: usize,
    range: Range<usize>,
    names: Option<BTreeSet<String>>,
}

/// The scopes that cover each position, for positions visited in increasing
/// order: each scope is opened, used and closed once, so checking every match
/// of a posting costs O((matches + scopes) · log scopes), however many
/// directives a posting holds.
struct Sweep<'s> {
    scopes: &'s [Scope],
    /// Scope indices by start; `next` is the first not yet opened.
    by_start: Vec<usize>,
    next: usize,
    /// Open scopes by end, to close them.
    open: BinaryHeap<Reverse<(usize, usize)>>,
    /// How many open scopes cover every rule, and each id.
    open_all: usize,
    open_named: BTreeMap<&'s str, usize>,
    /// Scopes opened but not yet seen covering a match (closed ones are
    /// dropped when met): every rule, and by id.
    unused_all: Vec<usize>,
    unused_named: BTreeMap<&'s str, Vec<usize>>,
}

impl<'s> Sweep<'s> {
    fn new(scopes: &'s [Scope]) -> Self {
        let mut by_start: Vec<usize> = (0..scopes.len()).collect();
        by_start.sort_by_key(|&i| scopes[i].range.start);
        Sweep {
            scopes,
            by_start,
            next: 0,
            open: BinaryHeap::new(),
            open_all: 0,
            open_named: BTreeMap::new(),
            unused_all: Vec::new(),
            unused_named: BTreeMap::new(),
        }
    }

    /// Whether a scope covers a match of `rule` at `at` (never less than the
    /// last `at`); every such scope's directive is marked used in `unused`.
    fn covers(&mut self, at: usize, rule: &Rule, unused: &mut [bool]) -> bool {
        let scopes = self.scopes;
        while let Some(&i) = self.by_start.get(self.next) {
            if scopes[i].range.start > at {
                break;
            }
            self.next += 1;
            self.open.push(Reverse((scopes[i].range.end, i)));
            match &scopes[i].names {
                None => {
                    self.open_all += 1;
                    self.unused_all.push(i);
                }
                Some(names) => {
                    for name in names {
                        *self.open_named.entry(name).or_default() += 1;
                        self.unused_named.entry(name).or_default().push(i);
                    }
                }
            }
        }
        while let Some(&Reverse((end, i))) = self.open.peek() {
            if end > at {
                break;
            }
            self.open.pop();
            match &scopes[i].names {
                None => self.open_all -= 1,
                Some(names) => {
                    for name in names {
                        if let Some(n) = self.open_named.get_mut(name.as_str()) {
                            *n -= 1;
                        }
                    }
                }
            }
        }
        let keys = [rule.id.as_str(), rule.category.as_str()];
        let named = keys
            .iter()
            .any(|k| self.open_named.get(k).is_some_and(|&n| n > 0));
        if self.open_all == 0 && !named {
            return false;
        }
        let mut mark = |list: &mut Vec<usize>| {
            for i in list.drain(..) {
                if scopes[i].range.contains(&at) {
                    unused[scopes[i].directive] = false;
                }
            }
        };
        if self.open_all > 0 {
            mark(&mut self.unused_all);
        }
        for key in keys {
            if let Some(list) = self.unused_named.get_mut(key) {
                mark(list);
            }
        }
        true
    }
}

/// Splits `hits` of `doc` into those that count and those its directives
/// suppress, dropping what `policy` turns off and anything inside a directive
/// itself (its words are not posting text).
pub(crate) fn apply<'a>(
    rules: &RuleSet,
    doc: &Document,
    mut hits: Vec<Hit<'a>>,
    policy: &Policy,
) -> Scan<'a> {
    let mut notices = Vec::new();
    let directives = directives(doc, &mut notices);
    let (scopes, mut checked) = scopes(&directives, doc.source(), rules, &mut notices);
    let mut suppressed_hits = Vec::new();
    let mut sweep = Sweep::new(&scopes);
    // In place: on a huge input the hits are most of the memory.
    hits.retain(|hit| {
        let at = match directives.is_empty() {
            true => 0,
            false => doc.source_range(hit.span.clone()).start,
        };
        // Directives are in source order and do not overlap.
        let after = directives.partition_point(|d| d.span.end <= at);
        if directives.get(after).is_some_and(|d| d.span.contains(&at)) {
            return false;
        }
        let suppressed = sweep.covers(at, hit.rule, &mut checked);
        if !policy.allows(hit.rule) {
            return false;
        }
        if suppressed {
            suppressed_hits.push(hit.clone());
        }
        !suppressed
    });
    let mut scan = Scan {
        hits,
        suppressed: suppressed_hits,
        notices: Vec::new(),
        combos: Vec::new(),
    };
    for (d, unused) in directives.iter().zip(checked) {
        if unused {
            notices.push(Notice {
                span: d.span.clone(),
                message: format!("unused suppression: `{}` suppresses no match", written(d)),
            });
        }
    }
    notices.sort_by_key(|n| n.span.start);
    scan.notices = notices;
    scan
}

/// The directive as it would be written, without its reason.
fn written(d: &Directive) -> String {
    let names: Vec<&str> = d.names.iter().map(|(n, _)| n.as_str()).collect();
    match names.is_empty() {
        true => d.kind.keyword().to_owned(),
        false => format!("{} {}", d.kind.keyword(), names.join(", ")),
    }
}

/// Every directive of `doc`, in source order.
fn directives(doc: &Document, notices: &mut Vec<Notice>) -> Vec<Directive> {
    let src = doc.source();
    if memchr::memmem::find(src.as_bytes(), b"jdx-").is_none() {
        return Vec::new();
    }
    let mut found = Vec::new();
    let mut comments = Vec::new();
    let mut from = 0;
    while let Some(i) = src[from..].find("<!--") {
        let body = from + i + 4;
        let Some(j) = src[body..].find("-->") else {
            break;
        };
        let span = from + i..body + j + 3;
        if let Some(d) = parse(src, body..body + j, span.clone(), notices) {
            found.push(d);
        }
        comments.push(span.clone());
        from = span.end;
    }
    // `# jdx-…` lines: text and Markdown only (in HTML they are visible text).
    if !doc.is_html() {
        let mut start = 0;
        for line in src.split_inclusive('\n') {
            let span = start..start + line.trim_end().len();
            start += line.len();
            let content = line.trim();
            let Some(body) = content.strip_prefix('#') else {
                continue;
            };
            if !body.trim_start().starts_with("jdx-")
                || comments.iter().any(|c| c.contains(&span.start))
            {
                continue;
            }
            let body_start = span.end - body.len();
            if let Some(d) = parse(src, body_start..span.end, span, notices) {
                found.push(d);
            }
        }
        found.sort_by_key(|d| d.span.start);
    }
    found
}

/// The directive in `src[body]` (a comment's content), if it is one.
fn parse(
    src: &str,
    body: Range<usize>,
    span: Range<usize>,
    notices: &mut Vec<Notice>,
) -> Option<Directive> {
    let text = &src[body.clone()];
    let lead = text.len() - text.trim_start().len();
    let text = text.trim_start();
    if !text.starts_with("jdx-") {
        return None;
    }
    let keyword_len = text.find(char::is_whitespace).unwrap_or(text.len());
    let keyword = &text[..keyword_len];
    let kind = match keyword {
        "jdx-disable" => Kind::Disable,
        "jdx-enable" => Kind::Enable,
        "jdx-disable-next-line" => Kind::NextLine,
        other => {
            let at = body.start + lead;
            notices.push(Notice {
                span: at..at + other.len(),
                message: format!(
                    "unknown directive `{other}`: expected `jdx-disable`, `jdx-enable` or `jdx-disable-next-line`"
                ),
            });
            return None;
        }
    };
    // The names run up to a `--` that starts the reason.
    let rest_start = body.start + lead + keyword_len;
    let rest = &src[rest_start..body.end];
    let rest = rest.find("--").map_or(rest, |i| &rest[..i]);
    let mut names = Vec::new();
    let mut offset = rest_start;
    for piece in rest.split_inclusive(|c: char| c == ',' || c.is_whitespace()) {
        let name = piece.trim_end_matches(|c: char| c == ',' || c.is_whitespace());
        if !name.is_empty() {
            names.push((name.to_owned(), offset..offset + name.len()));
        }
        offset += piece.len();
    }
    Some(Directive { kind, span, names })
}

/// The regions the directives suppress, and which directives must suppress
/// something (one that names only unknown ids is reported once, as unknown).
fn scopes(
    directives: &[Directive],
    src: &str,
    rules: &RuleSet,
    notices: &mut Vec<Notice>,
) -> (Vec<Scope>, Vec<bool>) {
    let mut scopes = Vec::new();
    let mut checked = vec![false; directives.len()];
    let mut open: Vec<Scope> = Vec::new();
    for (i, d) in directives.iter().enumerate() {
        let names = known_names(d, rules, notices);
        match d.kind {
            Kind::Disable | Kind::NextLine => {
                // Naming only unknown ids was reported already; it covers nothing.
                checked[i] = names.as_ref().is_none_or(|n| !n.is_empty());
                let range = match d.kind {
                    Kind::NextLine => next_line(src, d.span.end),
                    _ => d.span.end..src.len(),
                };
                let scope = Scope {
                    directive: i,
                    range,
                    names,
                };
                match d.kind {
                    Kind::NextLine => scopes.push(scope),
                    _ => open.push(scope),
                }
            }
            Kind::Enable => enable(d, names, &mut open, &mut scopes, notices),
        }
    }
    scopes.extend(open);
    (scopes, checked)
}

/// The ids a directive names that rules know (`None`: it names none, so all
/// rules); unknown ones are reported.
fn known_names(
    d: &Directive,
    rules: &RuleSet,
    notices: &mut Vec<Notice>,
) -> Option<BTreeSet<String>> {
    if d.names.is_empty() {
        return None;
    }
    let mut known = BTreeSet::new();
    for (name, span) in &d.names {
        if rules.rule(name).is_some() || rules.category(name).is_some() {
            known.insert(name.clone());
        } else {
            let message = match rules.combo(name) {
                // Combinations fire on the matches that count: they are turned
                // off in jdx.toml, or by suppressing a member.
                Some(_) => format!(
                    "`{name}` is a combination rule: a directive names rules or categories; \
                     turn it off with `[rules] disable` in jdx.toml, or suppress one of its members"
                ),
                None => format!(
                    "`{}` names no rule or category: see `jdx rules list`",
                    name.escape_debug()
                ),
            };
            notices.push(Notice {
                span: span.clone(),
                message,
            });
        }
    }
    Some(known)
}

/// Closes open regions at a `jdx-enable`: all of them, or the names it gives.
fn enable(
    d: &Directive,
    names: Option<BTreeSet<String>>,
    open: &mut Vec<Scope>,
    scopes: &mut Vec<Scope>,
    notices: &mut Vec<Notice>,
) {
    let mut notice = |message: String| {
        notices.push(Notice {
            span: d.span.clone(),
            message,
        })
    };
    let close = |mut scope: Scope| {
        scope.range.end = d.span.start;
        scope
    };
    match names {
        None if open.is_empty() => {
            notice("`jdx-enable` without a `jdx-disable` before it".to_owned())
        }
        None => scopes.extend(open.drain(..).map(close)),
        Some(names) => {
            for name in &names {
                let at = open
                    .iter()
                    .position(|s| s.names.as_ref().is_some_and(|n| n.contains(name)));
                let Some(at) = at else {
                    let why = match open.iter().any(|s| s.names.is_none()) {
                        true => "every rule is disabled here; end that with a bare `jdx-enable`",
                        false => "it is not disabled here",
                    };
                    notice(format!("`jdx-enable {name}`: {why}"));
                    continue;
                };
                let scope = open.remove(at);
                let rest: BTreeSet<String> = scope
                    .names
                    .iter()
                    .flatten()
                    .filter(|n| *n != name)
                    .cloned()
                    .collect();
                let directive = scope.directive;
                scopes.push(close(scope));
                if !rest.is_empty() {
                    open.push(Scope {
                        directive,
                        range: d.span.end..usize::MAX,
                        names: Some(rest),
                    });
                }
            }
        }
    }
}

/// The byte range of the line after the one holding `offset` (empty at the end).
fn next_line(src: &str, offset: usize) -> Range<usize> {
    let Some(nl) = src[offset..].find('\n') else {
        return src.len()..src.len();
    };
    let start = offset + nl + 1;
    let end = src[start..].find('\n').map_or(src.len(), |i| start + i);
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Engine;

    proptest::proptest! {
        #[test]
        fn the_sweep_agrees_with_checking_every_scope(
            raw in proptest::collection::vec((0usize..200, 1usize..80, 0usize..4), 0..30),
            mut hits in proptest::collection::vec((0usize..300, 0usize..3), 0..60),
        ) {
            let rules = RuleSet::builtin().expect("built-ins");
            let pick = [&rules.rules[0], &rules.rules[1], &rules.rules[2]];
            let name = |s: &str| Some(BTreeSet::from([s.to_owned()]));
            let scopes: Vec<Scope> = raw
                .iter()
                .enumerate()
                .map(|(directive, &(start, len, names))| Scope {
                    directive,
                    range: start..start + len,
                    names: match names {
                        0 => None,
                        1 => name(&pick[0].id),
                        2 => name(&pick[1].category),
                        _ => Some(BTreeSet::from([pick[1].id.clone(), pick[2].id.clone()])),
                    },
                })
                .collect();
            hits.sort();
            let mut sweep = Sweep::new(&scopes);
            let (mut unused, mut expected_unused) = (vec![true; scopes.len()], vec![true; scopes.len()]);
            for &(at, r) in &hits {
                let rule = pick[r];
                let covering: Vec<&Scope> = scopes
                    .iter()
                    .filter(|s| {
                        s.range.contains(&at)
                            && s.names.as_ref().is_none_or(|n| n.contains(&rule.id) || n.contains(&rule.category))
                    })
                    .collect();
                for s in &covering {
                    expected_unused[s.directive] = false;
                }
                proptest::prop_assert_eq!(sweep.covers(at, rule, &mut unused), !covering.is_empty());
            }
            proptest::prop_assert_eq!(unused, expected_unused);
        }
    }

    fn engine() -> Engine {
        Engine::new(RuleSet::builtin().expect("built-ins")).expect("compiles")
    }

    /// `(counting, suppressed, notices)` as texts and messages.
    fn split(
        engine: &Engine,
        doc: &Document,
        policy: &Policy,
    ) -> (Vec<String>, Vec<String>, Vec<String>) {
        let scan = engine.scan_with(doc, policy);
        let texts = |hits: &[Hit<'_>]| hits.iter().map(|h| h.text.to_owned()).collect();
        (
            texts(&scan.hits),
            texts(&scan.suppressed),
            scan.notices.iter().map(|n| n.message.clone()).collect(),
        )
    }

    fn run(text: &str) -> (Vec<String>, Vec<String>, Vec<String>) {
        split(&engine(), &Document::new(text), &Policy::default())
    }

    #[test]
    fn a_region_suppresses_until_enable() {
        let (counting, suppressed, notices) = run(
            "Synergy first.\n<!-- jdx-disable -->\nWe leverage synergy.\n<!-- jdx-enable -->\nRockstars wanted.\n",
        );
        assert_eq!(counting, ["Synergy", "Rockstars"]);
        assert_eq!(suppressed, ["leverage", "synergy"]);
        assert!(notices.is_empty(), "{notices:?}");
    }

    #[test]
    fn a_region_without_enable_runs_to_the_end() {
        let (counting, suppressed, _) = run("Synergy.\n<!-- jdx-disable -->\nRockstars.\nNinjas.");
        assert_eq!(counting, ["Synergy"]);
        assert_eq!(suppressed, ["Rockstars", "Ninjas"]);
    }

    #[test]
    fn a_named_region_suppresses_only_those_rules() {
        let engine = engine();
        let doc = Document::new("<!-- jdx-disable leverage -->\nWe leverage synergy.\n");
        let scan = engine.scan(&doc);
        assert_eq!(scan.suppressed.len(), 1);
        assert_eq!(scan.suppressed[0].rule.id, "leverage");
        assert_eq!(scan.hits.len(), 1);
        assert_eq!(scan.hits[0].text, "synergy");
        // A category name covers every rule of the category.
        let category = scan.hits[0].rule.category.clone();
        let doc = Document::new(format!(
            "<!-- jdx-disable {category} -->\nWe leverage synergy.\n"
        ));
        let scan = engine.scan(&doc);
        assert!(scan.suppressed.iter().any(|h| h.text == "synergy"));
    }

    #[test]
    fn enable_with_names_ends_only_those() {
        let (counting, suppressed, notices) = run(
            "<!-- jdx-disable leverage, synergy -->\nleverage synergy\n<!-- jdx-enable synergy -->\nleverage synergy\n",
        );
        assert_eq!(suppressed, ["leverage", "synergy", "leverage"]);
        assert_eq!(counting, ["synergy"]);
        assert!(notices.is_empty(), "{notices:?}");
    }

    #[test]
    fn next_line_covers_only_the_next_line() {
        let (counting, suppressed, _) =
            run("<!-- jdx-disable-next-line -->\nWe leverage synergy.\nWe leverage synergy.\n");
        assert_eq!(suppressed, ["leverage", "synergy"]);
        assert_eq!(counting, ["leverage", "synergy"]);
        let (counting, suppressed, _) =
            run("<!-- jdx-disable-next-line synergy -- our product is called that -->\nWe leverage synergy.\n");
        assert_eq!(suppressed, ["synergy"]);
        assert_eq!(counting, ["leverage"]);
    }

    #[test]
    fn hash_comments_work_in_text_but_not_in_html() {
        let (counting, suppressed, _) = run(
            "  # jdx-disable-next-line\nWe leverage synergy.\n# jdx-disable synergy\nsynergy\n",
        );
        assert_eq!(suppressed, ["leverage", "synergy", "synergy"]);
        assert!(counting.is_empty());
        let doc = Document::from_html("<p># jdx-disable-next-line</p>\n<p>synergy</p>".to_owned());
        let (counting, suppressed, _) = split(&engine(), &doc, &Policy::default());
        assert_eq!((counting, suppressed), (vec!["synergy".to_owned()], vec![]));
    }

    #[test]
    fn html_comments_are_read_from_the_source() {
        let html = "<p>Synergy.</p>\n<!-- jdx-disable-next-line -->\n<p>We leverage synergy.</p>\n";
        let doc = Document::from_html(html.to_owned());
        assert!(
            !doc.text().contains("jdx-"),
            "the comment is not in the text"
        );
        let (counting, suppressed, notices) = split(&engine(), &doc, &Policy::default());
        assert_eq!(counting, ["Synergy"]);
        assert_eq!(suppressed, ["leverage", "synergy"]);
        assert!(notices.is_empty());
    }

    #[test]
    fn words_of_a_directive_are_not_matches() {
        let (counting, suppressed, notices) = run("# jdx-disable-next-line synergy\nsynergy");
        assert!(counting.is_empty());
        assert_eq!(suppressed, ["synergy"]);
        assert!(notices.is_empty());
    }

    #[test]
    fn problems_are_warnings_with_places() {
        let engine = engine();
        let src = "<!-- jdx-disable-next-line -->\nplain words\n<!-- jdx-disable no-such-rule -->\n<!-- jdx-enable -->\n<!-- jdx-enable -->\n<!-- jdx-frobnicate -->\n";
        let doc = Document::new(src);
        let scan = engine.scan(&doc);
        let found: Vec<(usize, usize, &str)> = scan
            .notices
            .iter()
            .map(|n| {
                let d = n.diagnostic("p.md", &doc);
                (d.line, d.column, n.message.as_str())
            })
            .collect();
        assert_eq!(
            found,
            [
                (1, 1, "unused suppression: `jdx-disable-next-line` suppresses no match"),
                (3, 18, "`no-such-rule` names no rule or category: see `jdx rules list`"),
                (5, 1, "`jdx-enable` without a `jdx-disable` before it"),
                (6, 6, "unknown directive `jdx-frobnicate`: expected `jdx-disable`, `jdx-enable` or `jdx-disable-next-line`"),
            ]
        );
    }

    #[test]
    fn a_combination_named_inline_is_pointed_to_the_configuration() {
        let engine = engine();
        let doc = Document::new("<!-- jdx-disable snacks-instead-of-salary -->\nfree snacks\n");
        let scan = engine.scan(&doc);
        let messages: Vec<&str> = scan.notices.iter().map(|n| n.message.as_str()).collect();
        assert_eq!(
            messages,
            ["`snacks-instead-of-salary` is a combination rule: a directive names rules or categories; \
              turn it off with `[rules] disable` in jdx.toml, or suppress one of its members"]
        );
    }

    #[test]
    fn the_policy_drops_rules_categories_and_light_weights() {
        let engine = engine();
        let doc = Document::new("We leverage synergy. Rockstars wanted.");
        let all = engine.scan(&doc);
        let lightest = all.hits.iter().map(|h| h.rule.weight).min().expect("hits");
        let policy = Policy {
            disabled: [
                all.hits[0].rule.id.clone(),
                all.hits[1].rule.category.clone(),
            ]
            .into(),
            ..Policy::default()
        };
        let kept = engine.scan_with(&doc, &policy);
        assert!(kept
            .hits
            .iter()
            .all(|h| h.rule.id != all.hits[0].rule.id
                && h.rule.category != all.hits[1].rule.category));
        assert!(kept.hits.len() < all.hits.len());
        let heavy = Policy {
            min_weight: lightest + 1,
            ..Policy::default()
        };
        assert!(engine
            .scan_with(&doc, &heavy)
            .hits
            .iter()
            .all(|h| h.rule.weight > lightest));
    }

    #[test]
    fn a_disabled_rule_is_not_reported_as_suppressed() {
        let engine = engine();
        let doc = Document::new("<!-- jdx-disable-next-line -->\nsynergy\n");
        let policy = Policy {
            disabled: ["synergy".to_owned()].into(),
            ..Policy::default()
        };
        let scan = engine.scan_with(&doc, &policy);
        assert!(scan.hits.is_empty() && scan.suppressed.is_empty());
        assert!(scan.notices.is_empty(), "the directive did cover a match");
    }
}
