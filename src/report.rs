//! The report: plain data holding everything a renderer needs for a file record.

use serde::Serialize;

use crate::autopsy::{autopsy, AutopsyPair};
use crate::engine::{Engine, Hit};
use crate::profile::{rank, RoleScore};
use crate::salary::{self, Period, SalaryMention};
use crate::score::{self, Scores, SentenceScore};
use crate::text::Normalized;
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
    /// Rule matches, in text order.
    pub hits: Vec<Hit<'a>>,
    /// Whole-posting scores.
    pub scores: Scores,
    /// Every sentence with its density.
    pub sentences: Vec<SentenceScore>,
    /// The chosen role.
    pub role: RoleScore<'a>,
    /// Runner-up roles, best first.
    pub related: Vec<RoleScore<'a>>,
    /// Whether the role was forced with `--role`.
    pub role_forced: bool,
    /// The stated salary against the market, if the posting states one.
    pub salary: Option<SalaryCheck>,
    /// The flight risk.
    pub flight_risk: FlightRisk,
    /// The autopsy pairs, in text order.
    pub autopsy: Vec<AutopsyPair>,
}

/// A posting's scores and best role, without the record: what batch scoring needs.
#[derive(Debug, Clone)]
pub struct Summary<'a> {
    /// Whole-posting scores.
    pub scores: Scores,
    /// The best role, or `None` when no role profiles are loaded.
    pub role: Option<RoleScore<'a>>,
}

impl Engine {
    /// Scores `doc` and picks its best role, skipping everything only the file
    /// record needs (sentences, autopsy, salary, flight risk).
    pub fn summarize<'a>(&'a self, doc: &'a Document) -> Result<Summary<'a>, Error> {
        let norm = Normalized::new(doc.text());
        let hits = self.scan_normalized(doc, &norm).hits;
        let scores = score::score(doc.text(), &hits);
        let role = match self.rules().roles.is_empty() {
            true => None,
            false => rank(self.rules(), doc, &self.signals(&norm)?, &hits)
                .into_iter()
                .next(),
        };
        Ok(Summary { scores, role })
    }

    /// Analyses `doc` into a [`Report`].
    pub fn analyze<'a>(
        &'a self,
        doc: &'a Document,
        options: &AnalyzeOptions,
    ) -> Result<Report<'a>, Error> {
        let text = doc.text();
        let norm = Normalized::new(text);
        let hits = self.scan_normalized(doc, &norm).hits;
        let signals = self.signals(&norm)?;
        let scores = score::score(text, &hits);
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
        let flight_risk = flight_risk(&role, &hits, salary.is_some());
        let autopsy = autopsy(&sentences, &hits, options.autopsy);
        Ok(Report {
            doc,
            hits,
            scores,
            sentences,
            role,
            related: ranked,
            role_forced: forced.is_some(),
            salary,
            flight_risk,
            autopsy,
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

fn flight_risk(role: &RoleScore<'_>, hits: &[Hit<'_>], salary_stated: bool) -> FlightRisk {
    let mut factors: Vec<RiskFactor> = Vec::new();
    let mut budget = RED_FLAG_CAP;
    for hit in hits.iter().filter(|h| h.rule.red_flag) {
        if budget == 0 {
            break;
        }
        if factors
            .iter()
            .any(|f| f.rule.as_deref() == Some(&hit.rule.id))
        {
            continue;
        }
        let points = RED_FLAG_POINTS.min(budget);
        budget -= points;
        factors.push(RiskFactor {
            rule: Some(hit.rule.id.clone()),
            text: hit.text.split_whitespace().collect::<Vec<_>>().join(" "),
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
