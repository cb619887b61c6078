//! The report: plain data holding everything a renderer needs for a file record.

use serde::Serialize;

use crate::autopsy::{autopsy, overall, AutopsyPair, OverallPair};
use crate::combo::ComboHit;
use crate::engine::{Engine, Hit, Matched, Scan, SignalHit};
use crate::profile::{rank, RoleScore};
use crate::salary::{self, Period, SalaryMention};
use crate::score::{self, Scores, SentenceScore};
use crate::suppress::{Notice, Policy};
use crate::{sentence, Document, Error};

/// Points one distinct red-flag rule adds to the flight risk.
const RED_FLAG_POINTS: u8 = 4;
/// Most points red-flag rules add together.
const RED_FLAG_CAP: u8 = 24;
/// Points for a posting that states no salary.
const NO_SALARY_POINTS: u8 = 6;
/// How many runner-up roles RELATED SPECIMENS lists.
const RELATED: usize = 3;

/// What `analyze` should do besides the defaults.
#[derive(Debug, Clone)]
pub struct AnalyzeOptions {
    /// Force this role profile instead of the best match.
    pub role: Option<String>,
    /// How many sentences the autopsy quotes (`None`: all that have matches).
    pub autopsy: Option<usize>,
}

impl Default for AnalyzeOptions {
    fn default() -> Self {
        AnalyzeOptions {
            role: None,
            autopsy: Some(3),
        }
    }
}

/// A posting's salary next to the profile's market figure.
#[derive(Debug, Clone, Serialize)]
pub struct SalaryCheck {
    /// The statement as written.
    pub text: String,
    /// What was read from it.
    pub stated: SalaryMention,
    /// The stated midpoint per year.
    pub yearly_midpoint: f64,
    /// The profile's market average.
    pub market_average: u64,
    /// The profile's currency.
    pub market_currency: String,
    /// `(midpoint − market) / market` in percent; `None` when the currencies differ.
    pub difference_percent: Option<i64>,
}

/// One thing that raised the flight risk.
#[derive(Debug, Clone, Serialize)]
pub struct RiskFactor {
    /// The red-flag rule, or `None` for "no salary stated".
    pub rule: Option<String>,
    /// The phrase as written (or a description).
    pub text: String,
    /// Points added.
    pub points: u8,
}

/// The flight risk after the posting's red flags.
#[derive(Debug, Clone, Serialize)]
pub struct FlightRisk {
    /// The profile's base percentage.
    pub base: u8,
    /// Base plus factors, at most 99.
    pub percent: u8,
    /// LOW (< 40), MEDIUM (< 70) or HIGH.
    pub level: &'static str,
    /// What raised it.
    pub factors: Vec<RiskFactor>,
}

/// Everything known about one posting.
#[derive(Debug, Clone)]
pub struct Report<'a> {
    /// The posting.
    pub doc: &'a Document,
    /// Rule matches that count, in text order (what every score is made of).
    pub hits: Vec<Hit<'a>>,
    /// Combination rules that fire on `hits`, in text order.
    pub combos: Vec<ComboHit<'a>>,
    /// Matches the posting's `jdx-disable` directives suppress: reported, never counted.
    pub suppressed: Vec<Hit<'a>>,
    /// Directive problems and unused suppressions (warnings).
    pub notices: Vec<Notice>,
    /// Whole-posting scores.
    pub scores: Scores,
    /// Every sentence with its density.
    pub sentences: Vec<SentenceScore>,
    /// The chosen role.
    pub role: RoleScore<'a>,
    /// Runner-up roles, best first.
    pub related: Vec<RoleScore<'a>>,
    /// The role signals found (titles and keywords), for explaining the role match.
    pub signals: Vec<SignalHit>,
    /// Whether the role was forced with `--role`.
    pub role_forced: bool,
    /// The stated salary against the market, if the posting states one.
    pub salary: Option<SalaryCheck>,
    /// The flight risk.
    pub flight_risk: FlightRisk,
    /// The autopsy pairs, in text order.
    pub autopsy: Vec<AutopsyPair>,
    /// What the posting-wide combination rules add up to, after the pairs.
    pub overall: Option<OverallPair>,
}

/// A posting's scores and best role, without the record: what batch scoring needs.
#[derive(Debug, Clone)]
pub struct Summary<'a> {
    /// Rule matches that count, in text order.
    pub hits: Vec<Hit<'a>>,
    /// Combination rules that fire on `hits`, in text order.
    pub combos: Vec<ComboHit<'a>>,
    /// Directive problems and unused suppressions (warnings).
    pub notices: Vec<Notice>,
    /// Whole-posting scores.
    pub scores: Scores,
    /// The best role, or `None` when no role profiles are loaded.
    pub role: Option<RoleScore<'a>>,
}

impl Engine {
    /// Scores `doc` and picks its best role, skipping everything only the file
    /// record needs (sentences, autopsy, salary, flight risk).
    pub fn summarize<'a>(&'a self, doc: &'a Document) -> Result<Summary<'a>, Error> {
        self.summarize_with(doc, &Policy::default())
    }

    /// [`Engine::summarize`] under `policy`.
    pub fn summarize_with<'a>(
        &'a self,
        doc: &'a Document,
        policy: &Policy,
    ) -> Result<Summary<'a>, Error> {
        let with_roles = !self.rules().roles.is_empty();
        let matched = self.match_text(doc, with_roles)?;
        Ok(self.summary(doc, policy, matched, with_roles))
    }

    /// [`Engine::summarize_with`] for each `(document, policy)`, in order.
    ///
    /// The automaton runs over every document first, then the rest of the
    /// work follows: the automaton's tables (megabytes) stay in the cache
    /// from one posting to the next instead of being pushed out by the rest.
    pub fn summarize_all<'a>(
        &'a self,
        docs: &[(&'a Document, &Policy)],
    ) -> Vec<Result<Summary<'a>, Error>> {
        let with_roles = !self.rules().roles.is_empty();
        let matched: Vec<_> = docs
            .iter()
            .map(|(doc, _)| self.match_text(doc, with_roles))
            .collect();
        docs.iter()
            .zip(matched)
            .map(|(&(doc, policy), matched)| Ok(self.summary(doc, policy, matched?, with_roles)))
            .collect()
    }

    /// The summary of `doc` from the automaton's pass over it.
    fn summary<'a>(
        &'a self,
        doc: &'a Document,
        policy: &Policy,
        matched: Matched,
        with_roles: bool,
    ) -> Summary<'a> {
        let (
            Scan {
                hits,
                notices,
                combos,
                ..
            },
            signals,
        ) = self.finish_scan(doc, matched, policy);
        let scores = score::score(doc.text(), &hits, &combos);
        let role = match with_roles {
            true => rank(self.rules(), doc, &signals, &hits).into_iter().next(),
            false => None,
        };
        Summary {
            hits,
            combos,
            notices,
            scores,
            role,
        }
    }

    /// Analyses `doc` into a [`Report`].
    pub fn analyze<'a>(
        &'a self,
        doc: &'a Document,
        options: &AnalyzeOptions,
    ) -> Result<Report<'a>, Error> {
        self.analyze_with(doc, options, &Policy::default())
    }

    /// [`Engine::analyze`] under `policy`.
    pub fn analyze_with<'a>(
        &'a self,
        doc: &'a Document,
        options: &AnalyzeOptions,
        policy: &Policy,
    ) -> Result<Report<'a>, Error> {
        let text = doc.text();
        let (
            Scan {
                hits,
                suppressed,
                notices,
                combos,
            },
            signals,
        ) = self.scan_and_signals(doc, policy, true)?;
        let scores = score::score(text, &hits, &combos);
        let sentences = score::sentences(text, &sentence::sentences(text), &hits);
        let mut ranked = rank(self.rules(), doc, &signals, &hits);
        let forced = match &options.role {
            Some(id) => Some(
                ranked
                    .iter()
                    .position(|r| r.role.id == *id)
                    .ok_or_else(|| Error::UnknownRole(id.clone()))?,
            ),
            None => None,
        };
        if ranked.is_empty() {
            return Err(Error::NoRoles);
        }
        let role = ranked.remove(forced.unwrap_or(0));
        ranked.truncate(RELATED);
        let salary = salary_check(text, &role);
        let flight_risk = flight_risk(&role, &hits, &combos, salary.is_some());
        let autopsy = autopsy(&sentences, &hits, &combos, options.autopsy);
        let overall = match options.autopsy {
            Some(0) => None,
            _ => overall(&autopsy, &hits, &combos),
        };
        Ok(Report {
            doc,
            hits,
            combos,
            suppressed,
            notices,
            scores,
            sentences,
            role,
            related: ranked,
            signals,
            role_forced: forced.is_some(),
            salary,
            flight_risk,
            autopsy,
            overall,
        })
    }
}

fn salary_check(text: &str, role: &RoleScore<'_>) -> Option<SalaryCheck> {
    let mentions = salary::find(text);
    let stated = mentions
        .iter()
        .find(|m| m.period == Period::Year)
        .or(mentions.first())?
        .clone();
    let market = &role.role.salary;
    let midpoint = stated.yearly_midpoint();
    let difference_percent = (stated.currency == market.currency && market.market_average > 0)
        .then(|| {
            let m = market.market_average as f64;
            ((midpoint - m) / m * 100.0).round() as i64
        });
    Some(SalaryCheck {
        text: text.get(stated.span.clone()).unwrap_or_default().to_owned(),
        yearly_midpoint: midpoint,
        market_average: market.market_average,
        market_currency: market.currency.clone(),
        difference_percent,
        stated,
    })
}

/// Red flags raise the risk once per distinct rule: combination rules first
/// (they say the most), then phrase rules, in text order.
fn flight_risk(
    role: &RoleScore<'_>,
    hits: &[Hit<'_>],
    combos: &[ComboHit<'_>],
    salary_stated: bool,
) -> FlightRisk {
    let mut factors: Vec<RiskFactor> = Vec::new();
    let mut budget = RED_FLAG_CAP;
    let flags = combos
        .iter()
        .filter(|c| c.combo.red_flag)
        .map(|c| (&c.combo.id, c.text(hits)))
        .chain(hits.iter().filter(|h| h.rule.red_flag).map(|h| {
            (
                &h.rule.id,
                h.text.split_whitespace().collect::<Vec<_>>().join(" "),
            )
        }));
    for (id, text) in flags {
        if budget == 0 {
            break;
        }
        if factors.iter().any(|f| f.rule.as_deref() == Some(id)) {
            continue;
        }
        let points = RED_FLAG_POINTS.min(budget);
        budget -= points;
        factors.push(RiskFactor {
            rule: Some(id.clone()),
            text,
            points,
        });
    }
    if !salary_stated {
        factors.push(RiskFactor {
            rule: None,
            text: "no salary stated".to_owned(),
            points: NO_SALARY_POINTS,
        });
    }
    let base = role.role.flight_risk.base;
    let added: u32 = factors.iter().map(|f| u32::from(f.points)).sum();
    let percent = (u32::from(base) + added).min(99) as u8;
    FlightRisk {
        base,
        percent,
        level: match percent {
            0..40 => "LOW",
            40..70 => "MEDIUM",
            _ => "HIGH",
        },
        factors,
    }
}
