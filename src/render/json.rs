//! The JSON wire types: separate from the engine's types so the schema only
//! changes on purpose. Documented in README.md.

use serde::Serialize;

use crate::combo::ComboHit;
use crate::engine::Hit;
use crate::rules::Scope;

/// The schema tag every JSON document carries.
pub const SCHEMA: &str = "jdx/1";

/// One match, as `scan` emits it and `translate` embeds it.
#[derive(Debug, Serialize)]
pub struct MatchJson<'a> {
    /// [`SCHEMA`] on a line of `scan --format ndjson`, where each object
    /// stands alone; absent inside a document, which carries its own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schema: Option<&'static str>,
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
    /// Whether a `jdx-disable` directive of the posting suppresses it (it
    /// then counts in no score).
    pub suppressed: bool,
}

impl<'a> MatchJson<'a> {
    /// The wire form of a match as [`crate::Scan::all`] yields it.
    pub fn marked(file: &'a str, (hit, suppressed): (&'a Hit<'a>, bool)) -> Self {
        MatchJson {
            suppressed,
            ..MatchJson::new(file, hit)
        }
    }

    /// The wire form of `hit` found in `file`.
    pub fn new(file: &'a str, hit: &'a Hit<'a>) -> Self {
        MatchJson {
            schema: None,
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
            suppressed: false,
        }
    }
}

/// One firing of a combination rule, as `scan` emits it and `translate`
/// embeds it: the keys of a match (so a reader of matches can take it as one
/// spanning its members) plus `kind`, `scope`, `window` and `members`.
#[derive(Debug, Serialize)]
pub struct ComboJson<'a> {
    /// [`SCHEMA`] on a line of `scan --format ndjson`, where each object
    /// stands alone; absent inside a document, which carries its own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schema: Option<&'static str>,
    /// The input's name (`-` for standard input).
    pub file: &'a str,
    /// Always `combo`.
    pub kind: &'static str,
    /// Combination rule id.
    pub rule: &'a str,
    /// Category id.
    pub category: &'a str,
    /// Its weight, 1..=5.
    pub weight: u8,
    /// Whether it is a red flag.
    pub red_flag: bool,
    /// `sentence`, `window` or `posting`.
    pub scope: &'static str,
    /// The window in words, for `window` scope; else `null`.
    pub window: Option<u32>,
    /// Start byte offset of the first member in the input as read.
    pub start: usize,
    /// End byte offset of the last member (exclusive).
    pub end: usize,
    /// 1-based line of the first member.
    pub line: usize,
    /// 1-based column of the first member, in characters.
    pub column: usize,
    /// The members' texts, whitespace collapsed, joined with ` + `.
    pub text: String,
    /// Plain-language meaning.
    pub plain: &'a str,
    /// The dry translation.
    pub otiose: &'a str,
    /// Always `false`: only matches that count make a combo fire.
    pub suppressed: bool,
    /// The matches that make it up, in text order.
    pub members: Vec<MemberJson<'a>>,
}

/// One member match of a combination firing.
#[derive(Debug, Serialize)]
pub struct MemberJson<'a> {
    /// Rule id.
    pub rule: &'a str,
    /// The text as written: `input[start..end]`.
    pub text: &'a str,
    /// Start byte offset into the input as read.
    pub start: usize,
    /// End byte offset (exclusive).
    pub end: usize,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl<'a> ComboJson<'a> {
    /// The wire form of `fired` found in `file`, whose members index `hits`.
    pub fn new(file: &'a str, fired: &'a ComboHit<'a>, hits: &'a [Hit<'a>]) -> Self {
        let combo = fired.combo;
        ComboJson {
            schema: None,
            file,
            kind: "combo",
            rule: &combo.id,
            category: &combo.category,
            weight: combo.weight,
            red_flag: combo.red_flag,
            scope: combo.scope.name(),
            window: match combo.scope {
                Scope::Window(n) => Some(n),
                _ => None,
            },
            start: fired.input.start,
            end: fired.input.end,
            line: fired.line,
            column: fired.column,
            text: fired.text(hits),
            plain: &combo.plain,
            otiose: &combo.otiose,
            suppressed: false,
            members: fired
                .members
                .iter()
                .map(|&i| {
                    let hit = &hits[i];
                    MemberJson {
                        rule: &hit.rule.id,
                        text: hit.text,
                        start: hit.input.start,
                        end: hit.input.end,
                        line: hit.line,
                        column: hit.column,
                    }
                })
                .collect(),
        }
    }
}

/// A combination rule in the autopsy, with what became of it.
#[derive(Debug, Serialize)]
pub struct AutopsyComboJson<'a> {
    /// Combination rule id.
    pub rule: &'a str,
    /// The members' texts joined with ` + `.
    pub text: String,
    /// Its `otiose` text.
    pub otiose: &'a str,
    /// `null` when used in the translation, else why it was left out.
    pub dropped: Option<crate::autopsy::Dropped>,
}

impl<'a> AutopsyComboJson<'a> {
    fn list(
        report: &'a crate::Report<'a>,
        combos: &[(usize, Option<crate::autopsy::Dropped>)],
    ) -> Vec<Self> {
        combos
            .iter()
            .map(|&(c, dropped)| {
                let fired = &report.combos[c];
                AutopsyComboJson {
                    rule: &fired.combo.id,
                    text: fired.text(&report.hits),
                    otiose: &fired.combo.otiose,
                    dropped,
                }
            })
            .collect()
    }
}

/// The autopsy's last entry: what the posting-wide combination rules add up to.
#[derive(Debug, Serialize)]
pub struct OverallJson<'a> {
    /// The posting-wide combos.
    pub combos: Vec<AutopsyComboJson<'a>>,
    /// The composed translation.
    pub translation: &'a str,
}

/// A role and how well it matched.
#[derive(Debug, Serialize)]
pub struct RoleJson<'a> {
    /// Role id.
    pub id: &'a str,
    /// Display title.
    pub title: &'a str,
    /// `SYSTEM MATCH`, percent.
    #[serde(rename = "match")]
    pub percent: u8,
    /// Raw points.
    pub points: u32,
}

impl<'a> RoleJson<'a> {
    fn new(r: &'a crate::profile::RoleScore<'a>) -> Self {
        RoleJson {
            id: &r.role.id,
            title: &r.role.title,
            percent: r.percent,
            points: r.points,
        }
    }
}

/// A match quoted in the autopsy, with what became of it.
#[derive(Debug, Serialize)]
pub struct AutopsyMatchJson<'a> {
    /// Rule id.
    pub rule: &'a str,
    /// Text as written.
    pub text: &'a str,
    /// Its `otiose` text.
    pub otiose: &'a str,
    /// `null` when used in the translation, else why it was left out.
    pub dropped: Option<crate::autopsy::Dropped>,
}

/// One autopsy pair.
#[derive(Debug, Serialize)]
pub struct AutopsyJson<'a> {
    /// The sentence as written.
    pub sentence: &'a str,
    /// 1-based line where it starts.
    pub line: usize,
    /// Byte offsets into the input as read.
    pub start: usize,
    /// End offset.
    pub end: usize,
    /// Matched words / words.
    pub density: f64,
    /// Every match of the sentence.
    pub matches: Vec<AutopsyMatchJson<'a>>,
    /// The combination rules of the sentence.
    pub combos: Vec<AutopsyComboJson<'a>>,
    /// The composed translation.
    pub translation: &'a str,
}

/// The whole `translate` report.
#[derive(Debug, Serialize)]
pub struct ReportJson<'a> {
    /// Always [`SCHEMA`].
    pub schema: &'static str,
    /// The input's name.
    pub file: &'a str,
    /// The chosen role.
    pub role: RoleJson<'a>,
    /// Whether `--role` forced it.
    pub role_forced: bool,
    /// Runner-up roles.
    pub related: Vec<RoleJson<'a>>,
    /// Whole-posting scores.
    pub scores: &'a crate::score::Scores,
    /// Every match.
    pub matches: Vec<MatchJson<'a>>,
    /// Every combination-rule firing.
    pub combos: Vec<ComboJson<'a>>,
    /// The autopsy.
    pub autopsy: Vec<AutopsyJson<'a>>,
    /// What the posting-wide combination rules add up to, or `null`.
    pub autopsy_posting: Option<OverallJson<'a>>,
    /// The stated salary against the market, or `null`.
    pub salary: Option<&'a crate::report::SalaryCheck>,
    /// The flight risk and what raised it.
    pub flight_risk: &'a crate::report::FlightRisk,
    /// The role profile's static sections.
    pub profile: &'a crate::rules::Role,
}

impl<'a> ReportJson<'a> {
    /// The wire form of `report` for input `file`.
    pub fn new(file: &'a str, report: &'a crate::Report<'a>) -> Self {
        let autopsy = report
            .autopsy
            .iter()
            .map(|pair| {
                let input = report.doc.input_range(pair.span.clone());
                AutopsyJson {
                    sentence: report.doc.text().get(pair.span.clone()).unwrap_or_default(),
                    line: report.doc.line_of(pair.span.start),
                    start: input.start,
                    end: input.end,
                    density: pair.density,
                    matches: pair
                        .hits
                        .iter()
                        .map(|&i| {
                            let hit = &report.hits[i];
                            AutopsyMatchJson {
                                rule: &hit.rule.id,
                                text: hit.text,
                                otiose: &hit.rule.otiose,
                                // `dropped` is sorted by hit index: a binary search, not a scan.
                                dropped: pair
                                    .dropped
                                    .binary_search_by_key(&i, |d| d.0)
                                    .ok()
                                    .map(|k| pair.dropped[k].1),
                            }
                        })
                        .collect(),
                    combos: AutopsyComboJson::list(report, &pair.combos),
                    translation: &pair.translation,
                }
            })
            .collect();
        ReportJson {
            schema: SCHEMA,
            file,
            role: RoleJson::new(&report.role),
            role_forced: report.role_forced,
            related: report.related.iter().map(RoleJson::new).collect(),
            scores: &report.scores,
            matches: crate::in_order(&report.hits, &report.suppressed)
                .map(|m| MatchJson::marked(file, m))
                .collect(),
            combos: report
                .combos
                .iter()
                .map(|c| ComboJson::new(file, c, &report.hits))
                .collect(),
            autopsy,
            autopsy_posting: report.overall.as_ref().map(|o| OverallJson {
                combos: AutopsyComboJson::list(report, &o.combos),
                translation: &o.translation,
            }),
            salary: report.salary.as_ref(),
            flight_risk: &report.flight_risk,
            profile: report.role.role,
        }
    }
}
