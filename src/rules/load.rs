//! Reading packs and validating them into a [`RuleSet`], collecting every problem.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::PathBuf;

use serde::Deserialize;
use toml::de::{DeTable, DeValue, ValueDeserializer};
use toml::Spanned;

use super::pack;
use super::raw::{RawCategory, RawCombo, RawRole, RawRule};
use super::{
    phrase, Category, Combo, FlightRisk, Origin, Role, Rule, RuleSet, Salary, Scope, Signals,
};
use crate::diagnostic::{Diagnostic, Diagnostics, Severity};
use crate::text::LineIndex;

/// Longest phrase or exception, in characters.
const MAX_PHRASE_CHARS: usize = 1_000;
/// Most phrases (and, apart, most exceptions) in one rule.
const MAX_PHRASES: usize = 100;
/// Most bytes of phrase variants the files parsed on one thread may expand
/// to: bounds memory while parsing, and the automaton built after.
const MAX_VARIANT_BYTES: usize = 16 << 20;
/// Most regex patterns the files parsed on one thread may hold.
const MAX_REGEXES: usize = 64;
/// Diagnostics shown per file; the rest are counted in one line.
const MAX_DIAGNOSTICS: usize = 100;
/// Compiled size limit of one regex (the `regex` crate's `size_limit`).
const MAX_REGEX_BYTES: usize = 1 << 20;
/// Most members a combination rule may have (the finder keeps them in a bit set).
pub(crate) const MAX_COMBO_MEMBERS: usize = 8;
/// Widest `window` of a combination rule, in words.
const MAX_COMBO_WINDOW: i64 = 200;

/// Which packs to load.
#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// Load the built-in rules first (`--no-default-rules` turns this off).
    pub builtin: bool,
    /// Pack folders, in order; later ones replace earlier rules and roles with the same id.
    pub packs: Vec<PathBuf>,
    /// Follow symbolic links that lead out of a pack folder (skipped with a warning otherwise).
    pub follow_links: bool,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            builtin: true,
            packs: Vec::new(),
            follow_links: false,
        }
    }
}

/// One rule file's text and where it came from.
struct SourceFile<'a> {
    pack: usize,
    path: String,
    src: Cow<'a, str>,
    builtin: bool,
}

/// A definition with the pack it came from and the location of its id.
struct Defined<T> {
    pack: usize,
    item: T,
    /// False when the definition itself had errors (its references are still checked).
    valid: bool,
    /// Where its id stands, for duplicate-id messages.
    at: Located,
}

#[derive(Default)]
struct Collected {
    categories: Vec<Defined<Category>>,
    rules: Vec<Defined<(Rule, RuleRefs)>>,
    combos: Vec<Defined<(Combo, ComboRefs)>>,
    roles: Vec<Defined<Role>>,
}

/// A precompiled built-in: pack 0, already valid.
fn defined<T>(item: T) -> Defined<T> {
    Defined {
        pack: 0,
        item,
        valid: true,
        at: Located::PRECOMPILED,
    }
}

impl Collected {
    /// Puts the precompiled built-ins first (pack 0), their regexes compiled.
    fn prepend_precompiled(
        &mut self,
        categories: Vec<Category>,
        rules: Vec<Rule>,
        combos: Vec<Combo>,
        roles: Vec<Role>,
    ) {
        let combos = combos.into_iter().map(|combo| {
            let refs = ComboRefs {
                category: (combo.category.clone(), Located::PRECOMPILED),
                members: combo
                    .all
                    .iter()
                    .flatten()
                    .map(|id| (id.clone(), Located::PRECOMPILED))
                    .collect(),
            };
            defined((combo, refs))
        });
        self.combos.splice(0..0, combos);
        let rules = rules.into_iter().map(|rule| {
            let refs = RuleRefs {
                category: (rule.category.clone(), Located::PRECOMPILED),
                roles: rule
                    .roles
                    .keys()
                    .map(|r| (r.clone(), Located::PRECOMPILED))
                    .collect(),
            };
            defined((rule, refs))
        });
        self.rules.splice(0..0, rules);
        self.categories
            .splice(0..0, categories.into_iter().map(defined));
        self.roles.splice(0..0, roles.into_iter().map(defined));
    }
}

/// Fills in the signal variants of a role (titles, aliases, title, keywords).
fn hydrate_role(role: &mut Role) {
    let shown: Vec<String> = role.aliases.iter().chain([&role.title]).cloned().collect();
    let mut titles = expand_all(&role.signals.titles);
    titles.extend(
        shown
            .iter()
            .filter_map(|t| phrase::expand(t).ok())
            .flatten(),
    );
    titles.sort();
    titles.dedup();
    role.signals.title_variants = titles;
    role.signals.keyword_variants = role
        .signals
        .keywords
        .iter()
        .flat_map(|(k, &w)| {
            phrase::expand(k)
                .unwrap_or_default()
                .into_iter()
                .map(move |v| (v, w))
        })
        .collect();
}

/// Every variant of `phrases` (already validated), sorted and deduplicated.
fn expand_all(phrases: &[String]) -> Vec<String> {
    let mut all: Vec<String> = phrases
        .iter()
        .filter_map(|p| phrase::expand(p).ok())
        .flatten()
        .collect();
    all.sort();
    all.dedup();
    all
}

/// References a rule makes, checked once every pack is in: `(id, where it stands)`.
struct RuleRefs {
    category: (String, Located),
    roles: Vec<(String, Located)>,
}

/// References a combination rule makes: its category and its member rule ids.
struct ComboRefs {
    category: (String, Located),
    members: Vec<(String, Located)>,
}

/// A place in a rule file, turned into a [`Diagnostic`] only if something is wrong there.
#[derive(Clone)]
struct Located {
    /// Index into the files; `None` for a precompiled built-in.
    file: Option<usize>,
    span: Range<usize>,
}

impl Located {
    const PRECOMPILED: Located = Located {
        file: None,
        span: 0..0,
    };

    fn error(&self, files: &[SourceFile<'_>], message: String) -> Diagnostic {
        match self.file.and_then(|i| files.get(i)) {
            Some(f) => Diagnostic::at(Severity::Error, &f.path, &f.src, self.span.clone(), message),
            None => Diagnostic::file("rules (built-in)", message),
        }
    }
}

/// How the built-ins are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Builtin {
    /// The set `build.rs` validated and embedded (fast start-up).
    Precompiled,
    /// Their TOML sources, validated again (to report warnings).
    Sources,
}

pub(super) fn load(options: &LoadOptions, builtin: Builtin) -> Result<RuleSet, Diagnostics> {
    let mut diags = Vec::new();
    let mut files = Vec::new();
    let mut precompiled = None;
    if options.builtin {
        precompiled = match builtin {
            Builtin::Precompiled => crate::builtin::precompiled(),
            Builtin::Sources => None,
        };
        if precompiled.is_none() {
            files.extend(
                crate::builtin::files()
                    .iter()
                    .map(|(path, src)| SourceFile {
                        pack: 0,
                        path: (*path).to_owned(),
                        src: Cow::Borrowed(*src),
                        builtin: true,
                    }),
            );
        }
    }
    for (i, dir) in options.packs.iter().enumerate() {
        files.extend(
            pack::read(dir, options.follow_links, &mut diags)
                .into_iter()
                .map(|f| SourceFile {
                    pack: i + 1,
                    path: f.path,
                    src: Cow::Owned(f.src),
                    builtin: false,
                }),
        );
    }

    let (mut collected, parse_diags) = parse_all(&files);
    diags.extend(parse_diags);
    if let Some((categories, rules, combos, roles)) = precompiled {
        collected.prepend_precompiled(categories, rules, combos, roles);
    }
    let set = merge(collected, &files, &mut diags);
    let regexes: usize = set.rules.iter().map(|r| r.regex.len()).sum();
    // Over the limit on one thread was reported there, at the pattern.
    if regexes > MAX_REGEXES && !diags.iter().any(Diagnostic::is_error) {
        diags.push(Diagnostic::file(
            "rules",
            format!("the rules hold {regexes} regex patterns; the limit is {MAX_REGEXES} (write phrases instead)"),
        ));
    }
    diags.sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
    let diags = Diagnostics(diags);
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(RuleSet {
        warnings: diags.0,
        ..set
    })
}

/// Parses `files[range]` in order.
fn parse_range(files: &[SourceFile<'_>], range: Range<usize>) -> (Collected, Vec<Diagnostic>) {
    let mut collected = Collected::default();
    let mut diags = Vec::new();
    let mut budget = Budget {
        variant_bytes: MAX_VARIANT_BYTES,
        regexes: MAX_REGEXES + 1,
    };
    for index in range {
        let file = &files[index];
        let first = diags.len();
        FileCx {
            index,
            file,
            lines: LineIndex::new(&file.src),
            first,
            diags: &mut diags,
            budget: &mut budget,
        }
        .parse(&mut collected);
        if diags.len() - first > MAX_DIAGNOSTICS {
            let more = diags.len() - first - MAX_DIAGNOSTICS;
            diags.truncate(first + MAX_DIAGNOSTICS);
            diags.push(Diagnostic::file(
                &file.path,
                format!("{more} more problems in this file not shown"),
            ));
        }
    }
    (collected, diags)
}

/// Parses every file, the two halves (by size) on two threads; the result is in
/// file order, as if parsed one by one.
fn parse_all(files: &[SourceFile<'_>]) -> (Collected, Vec<Diagnostic>) {
    if files.len() < 2 {
        return parse_range(files, 0..files.len());
    }
    let total: usize = files.iter().map(|f| f.src.len()).sum();
    let mut acc = 0;
    let split = files
        .iter()
        .position(|f| {
            acc += f.src.len();
            acc * 2 >= total
        })
        .map_or(files.len(), |i| i + 1);
    let ((mut first, mut diags), second) = std::thread::scope(|s| {
        let later = s.spawn(|| parse_range(files, split..files.len()));
        (parse_range(files, 0..split), later.join())
    });
    match second {
        Ok((rest, rest_diags)) => {
            first.categories.extend(rest.categories);
            first.rules.extend(rest.rules);
            first.combos.extend(rest.combos);
            first.roles.extend(rest.roles);
            diags.extend(rest_diags);
        }
        Err(_) => diags.push(Diagnostic::file("rules", "parsing stopped unexpectedly")),
    }
    (first, diags)
}

/// Limits shared by the files parsed on one thread.
struct Budget {
    /// Bytes of phrase variants left to expand (see [`MAX_VARIANT_BYTES`]).
    variant_bytes: usize,
    /// Regex patterns left to compile, plus one (see [`MAX_REGEXES`]).
    regexes: usize,
}

/// Parsing and validating one file.
struct FileCx<'a, 'd> {
    index: usize,
    file: &'a SourceFile<'a>,
    lines: LineIndex,
    /// Where this file's diagnostics start in `diags`.
    first: usize,
    diags: &'d mut Vec<Diagnostic>,
    /// What the files parsed on this thread may still use.
    budget: &'d mut Budget,
}

impl FileCx<'_, '_> {
    fn diag(&self, severity: Severity, span: Range<usize>, msg: impl Into<String>) -> Diagnostic {
        if self.diags.len() - self.first >= MAX_DIAGNOSTICS {
            // Past the cap only the count is shown: skip locating it.
            let mut d = Diagnostic::file(&self.file.path, msg);
            d.severity = severity;
            return d;
        }
        Diagnostic::at(severity, &self.file.path, &self.file.src, span, msg)
    }

    fn error(&mut self, span: Range<usize>, msg: impl Into<String>) {
        let d = self.diag(Severity::Error, span, msg);
        self.diags.push(d);
    }

    fn warn(&mut self, span: Range<usize>, msg: impl Into<String>) {
        let d = self.diag(Severity::Warning, span, msg);
        self.diags.push(d);
    }

    fn origin(&self, span: &Range<usize>) -> Origin {
        Origin {
            path: self.file.path.clone(),
            line: self.lines.line_col(&self.file.src, span.start).0,
            builtin: self.file.builtin,
        }
    }

    fn locate(&self, span: Range<usize>) -> Located {
        Located {
            file: Some(self.index),
            span,
        }
    }

    fn de_error(&mut self, e: &toml::de::Error, fallback: Range<usize>) {
        self.error(e.span().unwrap_or(fallback), e.message().to_owned());
    }

    fn parse(mut self, out: &mut Collected) {
        let src: &str = &self.file.src;
        let (table, errors) = DeTable::parse_recoverable(src);
        if !errors.is_empty() {
            for e in &errors {
                self.de_error(e, 0..0);
            }
            return;
        }
        let span = table.span();
        let table = table.into_inner();
        if table.keys().any(|k| k.get_ref() == "role") {
            let value = Spanned::new(span.clone(), DeValue::Table(table));
            match RawRole::deserialize(ValueDeserializer::from(value)) {
                Ok(raw) => {
                    if let Some(role) = self.role(raw) {
                        out.roles.push(role);
                    }
                }
                Err(e) => self.de_error(&e, span),
            }
            return;
        }
        for (key, value) in table {
            let key_span = key.span();
            match key.get_ref().as_ref() {
                "rule" => {
                    for item in self.tables(value, "rule") {
                        let item_span = item.span();
                        match RawRule::deserialize(ValueDeserializer::from(item)) {
                            Ok(raw) => {
                                if let Some(rule) = self.rule(raw) {
                                    out.rules.push(rule);
                                }
                            }
                            Err(e) => self.de_error(&e, item_span),
                        }
                    }
                }
                "combo" => {
                    for item in self.tables(value, "combo") {
                        let item_span = item.span();
                        match RawCombo::deserialize(ValueDeserializer::from(item)) {
                            Ok(raw) => out.combos.push(self.combo(raw)),
                            Err(e) => self.de_error(&e, item_span),
                        }
                    }
                }
                "category" => {
                    for item in self.tables(value, "category") {
                        let item_span = item.span();
                        match RawCategory::deserialize(ValueDeserializer::from(item)) {
                            Ok(raw) => out.categories.push(self.category(raw)),
                            Err(e) => self.de_error(&e, item_span),
                        }
                    }
                }
                other => self.error(
                    key_span,
                    format!(
                        "unknown key `{other}`: a rule file holds [[rule]], [[combo]] and [[category]] tables, a role file a [role] table"
                    ),
                ),
            }
        }
    }

    /// The items of an array of tables, or an error if `value` is not one.
    fn tables<'i>(&mut self, value: Spanned<DeValue<'i>>, name: &str) -> Vec<Spanned<DeValue<'i>>> {
        let span = value.span();
        match value.into_inner() {
            DeValue::Array(items) => items.to_vec(),
            _ => {
                self.error(
                    span,
                    format!("`{name}` must be an array of tables: write [[{name}]]"),
                );
                Vec::new()
            }
        }
    }

    fn id(&mut self, id: &Spanned<String>) -> bool {
        let ok = is_kebab(id.get_ref());
        if !ok {
            self.error(
                id.span(),
                format!(
                    "invalid id `{}`: expected kebab-case (lower-case letters, digits, single hyphens)",
                    id.get_ref()
                ),
            );
        }
        ok
    }

    fn text(&mut self, value: &Spanned<String>, what: &str) -> String {
        let text = value.get_ref().trim();
        if text.is_empty() {
            self.error(value.span(), format!("empty {what}: expected some text"));
        }
        text.to_owned()
    }

    fn weight(
        &mut self,
        value: &Spanned<i64>,
        range: std::ops::RangeInclusive<i64>,
        what: &str,
    ) -> u8 {
        let w = *value.get_ref();
        if !range.contains(&w) {
            self.error(
                value.span(),
                format!(
                    "{what} {w} is out of range: expected {} to {}",
                    range.start(),
                    range.end()
                ),
            );
        }
        w.clamp(0, 255) as u8
    }

    /// The phrases as written and all their variants, sorted and deduplicated.
    fn phrases(&mut self, phrases: &[Spanned<String>], what: &str) -> (Vec<String>, Vec<String>) {
        let mut variants = Vec::new();
        if let Some(extra) = phrases.get(MAX_PHRASES) {
            self.error(
                extra.span(),
                format!("more than {MAX_PHRASES} {what}s in one rule; the limit is {MAX_PHRASES} (split the rule)"),
            );
            return (Vec::new(), Vec::new());
        }
        for p in phrases {
            let chars = p.get_ref().chars().count();
            if chars > MAX_PHRASE_CHARS {
                self.error(
                    p.span(),
                    format!("{what} is {chars} characters long; the limit is {MAX_PHRASE_CHARS}"),
                );
                continue;
            }
            if self.budget.variant_bytes == 0 {
                // Over the limit, already reported: nothing more is expanded.
                break;
            }
            match phrase::expand(p.get_ref()) {
                Ok(v) => {
                    let bytes: usize = v.iter().map(String::len).sum();
                    match self.budget.variant_bytes.checked_sub(bytes) {
                        Some(left) => self.budget.variant_bytes = left,
                        None => {
                            self.budget.variant_bytes = 0;
                            self.error(
                                p.span(),
                                format!("the rules expand to more than {MAX_VARIANT_BYTES} bytes of phrase variants here; the limit is {MAX_VARIANT_BYTES}"),
                            );
                        }
                    }
                    variants.extend(v);
                }
                Err(e) => self.error(p.span(), format!("{what} `{}`: {e}", p.get_ref())),
            }
        }
        variants.sort();
        variants.dedup();
        (
            phrases.iter().map(|p| p.get_ref().clone()).collect(),
            variants,
        )
    }

    fn category(&mut self, raw: RawCategory) -> Defined<Category> {
        self.id(&raw.id);
        let category = Category {
            id: raw.id.get_ref().clone(),
            label: self.text(&raw.label, "label"),
            description: self.text(&raw.description, "description"),
            origin: self.origin(&raw.id.span()),
        };
        Defined {
            pack: self.file.pack,
            item: category,
            valid: true,
            at: self.locate(raw.id.span()),
        }
    }

    fn rule(&mut self, raw: RawRule) -> Option<Defined<(Rule, RuleRefs)>> {
        let errors_before = self.diags.len();
        self.id(&raw.id);
        let id_span = raw.id.span();
        if raw.phrases.is_empty() && raw.regex.is_empty() {
            self.error(
                id_span.clone(),
                "rule has no `phrases` and no `regex`: expected at least one",
            );
        }
        let (phrases, variants) = self.phrases(&raw.phrases, "phrase");
        let (exceptions, exception_variants) = self.phrases(&raw.exceptions, "exception");
        let compiled_regex = raw.regex.iter().filter_map(|p| self.regex(p)).collect();
        if raw.examples.is_empty() {
            self.error(
                id_span.clone(),
                "rule has no `examples`: expected at least one text it must match",
            );
        }
        if let Some(replace) = &raw.replace {
            self.text(replace, "replace");
        }
        let rule = Rule {
            id: raw.id.get_ref().clone(),
            category: raw.category.get_ref().clone(),
            weight: self.weight(&raw.weight, 1..=5, "weight"),
            phrases,
            regex: raw.regex.iter().map(|r| r.get_ref().clone()).collect(),
            exceptions,
            plain: self.text(&raw.plain, "plain"),
            otiose: self.text(&raw.otiose, "otiose"),
            replace: raw.replace.as_ref().map(|r| r.get_ref().trim().to_owned()),
            red_flag: raw.red_flag,
            roles: raw
                .roles
                .iter()
                .map(|(k, w)| (k.get_ref().clone(), self.weight(w, 1..=5, "role weight")))
                .collect(),
            examples: owned(&raw.examples),
            counterexamples: owned(&raw.counterexamples),
            origin: self.origin(&id_span),
            variants,
            exception_variants,
            compiled_regex,
        };
        let refs = RuleRefs {
            category: (
                raw.category.get_ref().clone(),
                self.locate(raw.category.span()),
            ),
            roles: raw
                .roles
                .keys()
                .map(|k| (k.get_ref().clone(), self.locate(k.span())))
                .collect(),
        };
        Some(Defined {
            pack: self.file.pack,
            item: (rule, refs),
            valid: !self.diags[errors_before..].iter().any(Diagnostic::is_error),
            at: self.locate(id_span.clone()),
        })
    }

    /// Compiles a `regex` pattern. It runs on the normalised (lower-case) text,
    /// so it needs no case-insensitive flag.
    fn regex(&mut self, pattern: &Spanned<String>) -> Option<regex::Regex> {
        // Each regex is compiled here and run over every posting: a few are
        // for what phrases cannot say, thousands are an attack.
        if self.budget.regexes == 0 {
            return None; // over the limit, already reported
        }
        self.budget.regexes -= 1;
        if self.budget.regexes == 0 {
            self.error(
                pattern.span(),
                format!("more than {MAX_REGEXES} regex patterns; the limit is {MAX_REGEXES} (write phrases instead)"),
            );
            return None;
        }
        match regex::RegexBuilder::new(pattern.get_ref())
            .size_limit(MAX_REGEX_BYTES)
            .build()
        {
            Err(e) => {
                let msg = e.to_string();
                let last = msg.lines().last().unwrap_or_default();
                let msg = last.strip_prefix("error: ").unwrap_or(last).to_owned();
                self.error(pattern.span(), format!("invalid regex: {msg}"));
                None
            }
            Ok(re) => {
                if re.is_match("") {
                    self.warn(
                        pattern.span(),
                        "regex matches the empty string; empty matches are ignored",
                    );
                }
                Some(re)
            }
        }
    }

    fn combo(&mut self, raw: RawCombo) -> Defined<(Combo, ComboRefs)> {
        let errors_before = self.diags.len();
        self.id(&raw.id);
        let id_span = raw.id.span();
        let (all, members) = self.members(&raw.all);
        let scope = self.scope(&raw, &id_span);
        if raw.examples.is_empty() {
            self.error(
                id_span.clone(),
                "combo has no `examples`: expected at least one text it must fire in",
            );
        }
        let combo = Combo {
            id: raw.id.get_ref().clone(),
            category: raw.category.get_ref().clone(),
            weight: self.weight(&raw.weight, 1..=5, "weight"),
            all,
            scope,
            plain: self.text(&raw.plain, "plain"),
            otiose: self.text(&raw.otiose, "otiose"),
            red_flag: raw.red_flag,
            examples: owned(&raw.examples),
            counterexamples: owned(&raw.counterexamples),
            origin: self.origin(&id_span),
        };
        let refs = ComboRefs {
            category: (
                raw.category.get_ref().clone(),
                self.locate(raw.category.span()),
            ),
            members,
        };
        Defined {
            pack: self.file.pack,
            item: (combo, refs),
            valid: !self.diags[errors_before..].iter().any(Diagnostic::is_error),
            at: self.locate(id_span),
        }
    }

    /// A combo's `all`: each member is rule ids joined by `|`. Returns the
    /// members and every id with where it stands, for the check against the
    /// loaded rules.
    fn members(
        &mut self,
        all: &Spanned<Vec<Spanned<String>>>,
    ) -> (Vec<Vec<String>>, Vec<(String, Located)>) {
        let n = all.get_ref().len();
        if !(2..=MAX_COMBO_MEMBERS).contains(&n) {
            self.error(
                all.span(),
                format!("combo has {n} members in `all`: expected 2 to {MAX_COMBO_MEMBERS}"),
            );
        }
        let mut members = Vec::new();
        let mut refs: Vec<(String, Located)> = Vec::new();
        for member in all.get_ref() {
            let span = member.span();
            // Point into the string when it is written plainly (kebab ids need no escapes).
            let body = match self.file.src.as_bytes().get(span.start) {
                Some(b'"' | b'\'') => span.start + 1,
                _ => span.start,
            };
            let mut ids = Vec::new();
            let mut offset = 0;
            for id in member.get_ref().split('|') {
                let at = body + offset..body + offset + id.len();
                offset += id.len() + 1;
                let id_span = match at.end <= span.end {
                    true => at,
                    false => span.clone(),
                };
                if !is_kebab(id) {
                    self.error(
                        id_span,
                        format!(
                            "invalid member `{}`: expected rule ids separated by `|`, e.g. \"fast-paced|fast-paced-environment\"",
                            member.get_ref()
                        ),
                    );
                    continue;
                }
                if refs.iter().any(|(seen, _)| seen == id) {
                    self.error(
                        id_span,
                        format!("rule `{id}` fills two members of this combo: give each rule to one member"),
                    );
                    continue;
                }
                refs.push((id.to_owned(), self.locate(id_span)));
                ids.push(id.to_owned());
            }
            members.push(ids);
        }
        (members, refs)
    }

    /// A combo's scope: exactly one of `within` and `window`.
    fn scope(&mut self, raw: &RawCombo, id_span: &Range<usize>) -> Scope {
        const EXPECTED: &str =
            "expected `within = \"sentence\"`, `within = \"posting\"` or `window = N` (words)";
        match (&raw.within, &raw.window) {
            (Some(_), Some(window)) => {
                self.error(
                    window.span(),
                    format!("combo has both `within` and `window`: {EXPECTED}, only one"),
                );
                Scope::Sentence
            }
            (None, None) => {
                self.error(id_span.clone(), format!("combo has no scope: {EXPECTED}"));
                Scope::Sentence
            }
            (Some(within), None) => match within.get_ref().as_str() {
                "sentence" => Scope::Sentence,
                "posting" => Scope::Posting,
                other => {
                    self.error(
                        within.span(),
                        format!("unknown scope `{other}`: {EXPECTED}"),
                    );
                    Scope::Sentence
                }
            },
            (None, Some(window)) => {
                let n = *window.get_ref();
                if !(2..=MAX_COMBO_WINDOW).contains(&n) {
                    self.error(
                        window.span(),
                        format!(
                            "window {n} is out of range: expected 2 to {MAX_COMBO_WINDOW} words"
                        ),
                    );
                }
                Scope::Window(n.clamp(2, MAX_COMBO_WINDOW) as u32)
            }
        }
    }

    fn role(&mut self, raw: RawRole) -> Option<Defined<Role>> {
        let errors_before = self.diags.len();
        let head = &raw.role;
        let id_span = head.id.span();
        self.id(&head.id);
        let need = |cx: &mut Self, n: usize, min: usize, what: &str| {
            if n < min {
                cx.error(
                    id_span.clone(),
                    format!("role has {n} {what}: expected at least {min}"),
                );
            }
        };
        need(self, head.aliases.len(), 1, "aliases");
        need(self, raw.signals.titles.len(), 1, "title signals");
        need(self, raw.habitat.ranges.len(), 1, "habitat ranges");
        need(self, raw.metric.len(), 3, "[[metric]] tables");
        need(self, raw.weapon.len(), 3, "[[weapon]] tables");
        need(self, raw.survival.if_engaged.len(), 1, "survival lines");
        need(self, raw.day.len(), 3, "[[day]] slots");
        need(self, raw.complaint.len(), 2, "[[complaint]] tables");
        let (titles, _) = self.phrases(&raw.signals.titles, "title pattern");
        let mut keywords = BTreeMap::new();
        for (k, w) in &raw.signals.keywords {
            self.phrases(std::slice::from_ref(k), "keyword");
            keywords.insert(k.get_ref().clone(), self.weight(w, 1..=5, "keyword weight"));
        }
        let market = *raw.salary.market_average.get_ref();
        if market <= 0 {
            self.error(
                raw.salary.market_average.span(),
                "market_average must be a positive yearly figure",
            );
        }
        let currency = raw.salary.currency.get_ref().trim().to_owned();
        if currency.len() != 3 || !currency.chars().all(|c| c.is_ascii_uppercase()) {
            self.error(
                raw.salary.currency.span(),
                "currency must be an ISO code such as USD, EUR or GBP",
            );
        }
        let mut role = Role {
            id: head.id.get_ref().clone(),
            title: self.text(&head.title, "title"),
            aliases: head.aliases.clone(),
            description: self.text(&head.description, "description"),
            signals: Signals {
                titles,
                keywords,
                title_variants: Vec::new(),
                keyword_variants: Vec::new(),
            },
            org_chart: raw.org_chart,
            habitat: raw.habitat.ranges,
            salary: Salary {
                market_average: market.max(0) as u64,
                currency,
                caveat: raw.salary.caveat,
                quip: raw.salary.quip,
            },
            flight_risk: FlightRisk {
                base: self.weight(&raw.flight_risk.base, 1..=99, "flight-risk base"),
                diagnosis: raw.flight_risk.diagnosis,
            },
            metrics: raw.metric,
            weapons: raw.weapon,
            survival: raw.survival.if_engaged,
            day: raw.day,
            complaints: raw.complaint,
            origin: self.origin(&id_span),
        };
        hydrate_role(&mut role);
        Some(Defined {
            pack: self.file.pack,
            item: role,
            valid: !self.diags[errors_before..].iter().any(Diagnostic::is_error),
            at: self.locate(id_span.clone()),
        })
    }
}

/// The strings of a list, without their spans.
fn owned(list: &[Spanned<String>]) -> Vec<String> {
    list.iter().map(|e| e.get_ref().clone()).collect()
}

fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// Applies overrides (a later pack replaces an earlier definition with the same id,
/// in place) and reports duplicates within one pack, naming both places.
fn dedup<T>(
    items: Vec<Defined<T>>,
    id: impl Fn(&T) -> &str,
    what: &str,
    files: &[SourceFile<'_>],
    diags: &mut Vec<Diagnostic>,
) -> Vec<T> {
    let mut index: BTreeMap<String, usize> = BTreeMap::new();
    // Rules are large: grown from empty, they were copied about 2 MB at every start.
    let mut out: Vec<Defined<T>> = Vec::with_capacity(items.len());
    for item in items {
        let key = id(&item.item).to_owned();
        match index.get(&key) {
            Some(&i) if out[i].pack == item.pack => {
                let first = out[i].at.error(files, String::new());
                diags.push(item.at.error(
                    files,
                    format!(
                        "duplicate {what} id `{key}`: first defined at {}:{}:{}",
                        first.path, first.line, first.column
                    ),
                ));
            }
            Some(&i) => out[i] = item,
            None => {
                index.insert(key, out.len());
                out.push(item);
            }
        }
    }
    out.into_iter()
        .filter(|d| d.valid)
        .map(|d| d.item)
        .collect()
}

fn merge(c: Collected, files: &[SourceFile<'_>], diags: &mut Vec<Diagnostic>) -> RuleSet {
    let categories = dedup(c.categories, |x| &x.id, "category", files, diags);
    let mut roles = dedup(c.roles, |x| &x.id, "role", files, diags);
    roles.sort_by(|a, b| a.id.cmp(&b.id));
    let mut rules_in = c.rules;
    for defined in &mut rules_in {
        let refs = &defined.item.1;
        let (category, at) = &refs.category;
        if !categories.iter().any(|c| c.id == *category) {
            diags.push(at.error(files, format!("unknown category `{category}`")));
            defined.valid = false;
        }
        for (role, at) in &refs.roles {
            if !roles.iter().any(|r| r.id == *role) {
                diags.push(at.error(files, format!("unknown role `{role}`")));
                defined.valid = false;
            }
        }
    }
    let rules: Vec<Rule> = dedup(rules_in, |x| &x.0.id, "rule", files, diags)
        .into_iter()
        .map(|(rule, _)| rule)
        .collect();
    let combos = merge_combos(c.combos, &categories, &rules, files, diags);
    RuleSet {
        categories,
        rules,
        combos,
        roles,
        warnings: Vec::new(),
    }
}

/// Checks what combination rules refer to against the merged categories and
/// rules (a pack's combo may name built-in rules), then applies overrides.
fn merge_combos(
    mut combos: Vec<Defined<(Combo, ComboRefs)>>,
    categories: &[Category],
    rules: &[Rule],
    files: &[SourceFile<'_>],
    diags: &mut Vec<Diagnostic>,
) -> Vec<Combo> {
    for defined in &mut combos {
        let (combo, refs) = &defined.item;
        let (category, at) = &refs.category;
        if !categories.iter().any(|c| c.id == *category) {
            diags.push(at.error(files, format!("unknown category `{category}`")));
            defined.valid = false;
        }
        for (id, at) in &refs.members {
            if !rules.iter().any(|r| r.id == *id) {
                diags.push(at.error(
                    files,
                    format!("unknown rule `{id}` in `all`: expected the id of a loaded rule (see `jdx rules list`)"),
                ));
                defined.valid = false;
            }
        }
        if let Some(rule) = rules.iter().find(|r| r.id == combo.id) {
            diags.push(defined.at.error(
                files,
                format!(
                    "combo id `{}` is also a rule id (rule defined at {}:{}): expected an id of its own",
                    combo.id, rule.origin.path, rule.origin.line
                ),
            ));
            defined.valid = false;
        }
    }
    dedup(combos, |x| &x.0.id, "combo", files, diags)
        .into_iter()
        .map(|(combo, _)| combo)
        .collect()
}
