//! Reading packs and validating them into a [`RuleSet`], collecting every problem.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::de::{DeTable, DeValue, ValueDeserializer};
use toml::Spanned;

use super::raw::{RawCategory, RawRole, RawRule};
use super::{phrase, Category, FlightRisk, Origin, Role, Rule, RuleSet, Salary, Signals};
use crate::diagnostic::{Diagnostic, Diagnostics, Severity};
use crate::text::LineIndex;

/// Largest rule file read; a hostile pack gets an error, not an allocation.
const MAX_FILE_BYTES: u64 = 4 << 20;
/// Compiled size limit of one regex (the `regex` crate's `size_limit`).
const MAX_REGEX_BYTES: usize = 1 << 20;

/// Which packs to load.
#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// Load the built-in rules first (`--no-default-rules` turns this off).
    pub builtin: bool,
    /// Pack folders, in order; later ones replace earlier rules and roles with the same id.
    pub packs: Vec<PathBuf>,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            builtin: true,
            packs: Vec::new(),
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
    /// Puts the precompiled built-ins first (pack 0), restoring what is not stored.
    fn prepend_precompiled(
        &mut self,
        categories: Vec<Category>,
        rules: Vec<Rule>,
        roles: Vec<Role>,
    ) {
        let rules = rules.into_iter().map(|mut rule| {
            compile_regexes(&mut rule);
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

/// Compiles the `regex` patterns of a precompiled rule (validated by build.rs;
/// compiled regexes cannot be stored).
fn compile_regexes(rule: &mut Rule) {
    rule.compiled_regex = rule
        .regex
        .iter()
        .filter_map(|r| regex::Regex::new(r).ok())
        .collect();
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
        read_pack(dir, i + 1, &mut files, &mut diags);
    }

    let (mut collected, parse_diags) = parse_all(&files);
    diags.extend(parse_diags);
    if let Some((categories, rules, roles)) = precompiled {
        collected.prepend_precompiled(categories, rules, roles);
    }
    let set = merge(collected, &files, &mut diags);
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
    for index in range {
        let file = &files[index];
        FileCx {
            index,
            file,
            lines: LineIndex::new(&file.src),
            diags: &mut diags,
        }
        .parse(&mut collected);
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
            first.roles.extend(rest.roles);
            diags.extend(rest_diags);
        }
        Err(_) => diags.push(Diagnostic::file("rules", "parsing stopped unexpectedly")),
    }
    (first, diags)
}

fn read_pack(
    dir: &Path,
    pack: usize,
    files: &mut Vec<SourceFile<'_>>,
    diags: &mut Vec<Diagnostic>,
) {
    let mut paths = Vec::new();
    if let Err(e) = collect_toml(dir, &mut paths) {
        diags.push(Diagnostic::file(&dir.display().to_string(), e.to_string()));
        return;
    }
    if paths.is_empty() {
        diags.push(Diagnostic::file(
            &dir.display().to_string(),
            "no rule files (*.toml) in this folder",
        ));
    }
    paths.sort();
    for path in paths {
        let shown = path.display().to_string();
        match read_limited(&path) {
            Ok(src) => files.push(SourceFile {
                pack,
                path: shown,
                src: Cow::Owned(src),
                builtin: false,
            }),
            Err(e) => diags.push(Diagnostic::file(&shown, e)),
        }
    }
}

fn collect_toml(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let kind = entry.file_type()?;
        if kind.is_dir() {
            collect_toml(&path, out)?;
        } else if kind.is_file() && path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
    Ok(())
}

fn read_limited(path: &Path) -> Result<String, String> {
    let len = std::fs::metadata(path).map_err(|e| e.to_string())?.len();
    if len > MAX_FILE_BYTES {
        return Err(format!(
            "rule file is {len} bytes; the limit is {MAX_FILE_BYTES}"
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|_| "rule file is not valid UTF-8".to_owned())
}

/// Parsing and validating one file.
struct FileCx<'a, 'd> {
    index: usize,
    file: &'a SourceFile<'a>,
    lines: LineIndex,
    diags: &'d mut Vec<Diagnostic>,
}

impl FileCx<'_, '_> {
    fn diag(&self, severity: Severity, span: Range<usize>, msg: impl Into<String>) -> Diagnostic {
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
                        "unknown key `{other}`: a rule file holds [[rule]] and [[category]] tables, a role file a [role] table"
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
        for p in phrases {
            match phrase::expand(p.get_ref()) {
                Ok(v) => variants.extend(v),
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
            examples: raw.examples.iter().map(|e| e.get_ref().clone()).collect(),
            counterexamples: raw
                .counterexamples
                .iter()
                .map(|e| e.get_ref().clone())
                .collect(),
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
    let mut out: Vec<Defined<T>> = Vec::new();
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
    let rules = dedup(rules_in, |x| &x.0.id, "rule", files, diags)
        .into_iter()
        .map(|(rule, _)| rule)
        .collect();
    RuleSet {
        categories,
        rules,
        roles,
        warnings: Vec::new(),
    }
}
