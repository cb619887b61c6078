//! `--explain-score`: how a posting's BS index, flight risk and role match
//! were computed, as a value the renderers lay out.
//!
//! The BS index is a nonlinear function of the load (see [`crate::score`]), so
//! a rule's "points" are not what the index would lose without it. They are
//! its share of the load: `points = index × weight / Σweights`, rounded by the
//! largest-remainder method so that they sum to the index exactly (see
//! [`apportion`]). Every weight unit counts the same, wherever it sits on the
//! curve.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::combo::ComboHit;
use crate::engine::Hit;
use crate::profile::{self, RoleScore, Vote};
use crate::report::{FlightRisk, RiskFactor};
use crate::score::Scores;
use crate::suppress::Policy;
use crate::{AnalyzeOptions, Document, Engine, Error, Report};

/// How a posting's scores came about.
#[derive(Debug, Clone, Serialize)]
pub struct ScoreExplanation {
    /// The BS index, rule by rule.
    pub bs_index: IndexExplanation,
    /// The flight risk, factor by factor (`None` when no role profile is loaded).
    pub flight_risk: Option<RiskExplanation>,
    /// The role match, signal by signal (`None` when no role profile is loaded).
    pub role: Option<RoleExplanation>,
}

/// The BS index: the load and each rule's part of it.
#[derive(Debug, Clone, Serialize)]
pub struct IndexExplanation {
    /// Unicode words in the posting.
    pub words: usize,
    /// Σ weights of every match.
    pub weight: u32,
    /// `100 × weight / words`.
    pub load: f64,
    /// `round(100 × (1 − e^(−load/16)))`.
    pub bs_index: u8,
    /// One entry per rule that matched and per combination rule that fired,
    /// most points first (ties: more weight, then id).
    pub rules: Vec<RuleContribution>,
}

/// What one rule added to the BS index.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleContribution {
    /// Rule id.
    pub rule: String,
    /// Its category.
    pub category: String,
    /// Whether it is a combination rule (its matches are firings).
    pub combo: bool,
    /// How many times it matched.
    pub matches: usize,
    /// Its weight × its matches.
    pub weight: u32,
    /// Its part of the load: `100 × weight / words`.
    pub load: f64,
    /// `weight / Σ weights`, 0..=1.
    pub share: f64,
    /// Its points of the index; all rules' points sum to the index.
    pub points: u32,
}

/// The flight risk: base + factors, capped.
#[derive(Debug, Clone, Serialize)]
pub struct RiskExplanation {
    /// The role whose profile gave the base.
    pub role: String,
    /// The profile's base percentage.
    pub base: u8,
    /// What added points, in the order they were counted.
    pub factors: Vec<RiskFactor>,
    /// Red-flag rules found after the red-flag points reached their cap: no points.
    pub over_cap: Vec<String>,
    /// Points cut by the ceiling of 99: `base + Σ factors − capped = percent`.
    pub capped: u8,
    /// The flight risk.
    pub percent: u8,
    /// LOW, MEDIUM or HIGH.
    pub level: &'static str,
}

/// The role match: who voted for the chosen role and for the runner-up.
#[derive(Debug, Clone, Serialize)]
pub struct RoleExplanation {
    /// The chosen role.
    pub best: RoleVotes,
    /// The next role in the ranking, if there is one.
    pub runner_up: Option<RoleVotes>,
    /// Whether `--role` chose the role (then the margin may be negative).
    pub forced: bool,
    /// `best.points − runner_up.points` (0 without a runner-up).
    pub margin_points: i64,
    /// `best.percent − runner_up.percent` (0 without a runner-up).
    pub margin_percent: i32,
}

/// One role's points and the signals that gave them.
#[derive(Debug, Clone, Serialize)]
pub struct RoleVotes {
    /// Role id.
    pub role: String,
    /// Raw points: the sum of the votes' points.
    pub points: u32,
    /// `SYSTEM MATCH`, percent.
    pub percent: u8,
    /// Every signal that gave points, most first.
    pub votes: Vec<Vote>,
}

/// Splits `total` over `weights` in proportion, by the largest-remainder
/// method: each part is the floor of its exact share, and the points left over
/// go one each to the largest remainders (ties: the larger weight, then the
/// earlier). The parts sum to `total` exactly, unless every weight is zero
/// (then every part is zero).
pub fn apportion(total: u32, weights: &[u32]) -> Vec<u32> {
    let sum: u64 = weights.iter().map(|&w| u64::from(w)).sum();
    if sum == 0 {
        return vec![0; weights.len()];
    }
    // Integer arithmetic: the remainders share the denominator `sum`, so they
    // compare exactly.
    let exact: Vec<(u64, u64)> = weights
        .iter()
        .map(|&w| {
            let scaled = u64::from(total) * u64::from(w);
            (scaled / sum, scaled % sum)
        })
        .collect();
    let mut parts: Vec<u32> = exact.iter().map(|&(q, _)| q as u32).collect();
    let left = total - parts.iter().sum::<u32>();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|&a, &b| {
        exact[b]
            .1
            .cmp(&exact[a].1)
            .then_with(|| weights[b].cmp(&weights[a]))
            .then_with(|| a.cmp(&b))
    });
    for &i in order.iter().take(left as usize) {
        parts[i] += 1;
    }
    parts
}

/// The BS index of `scores`, rule by rule, from the `hits` and `combos` it
/// was computed from.
pub fn index(scores: &Scores, hits: &[Hit<'_>], combos: &[ComboHit<'_>]) -> IndexExplanation {
    // id → (category, is a combo, matches, weight); rule and combo ids never clash.
    let mut by_id: BTreeMap<&str, (&str, bool, usize, u32)> = BTreeMap::new();
    let weighted = hits
        .iter()
        .map(|h| (&h.rule.id, &h.rule.category, false, h.rule.weight))
        .chain(
            combos
                .iter()
                .map(|c| (&c.combo.id, &c.combo.category, true, c.combo.weight)),
        );
    for (id, category, combo, w) in weighted {
        let e = by_id.entry(id).or_insert((category, combo, 0, 0));
        e.2 += 1;
        e.3 += u32::from(w);
    }
    let weights: Vec<u32> = by_id.values().map(|e| e.3).collect();
    let weight: u32 = weights.iter().sum();
    let points = apportion(u32::from(scores.bs_index), &weights);
    let per_words = |w: u32| match scores.words {
        0 => 0.0,
        n => 100.0 * f64::from(w) / n as f64,
    };
    let mut rules: Vec<RuleContribution> = by_id
        .into_iter()
        .zip(points)
        .map(
            |((rule, (category, combo, matches, w)), points)| RuleContribution {
                rule: rule.to_owned(),
                category: category.to_owned(),
                combo,
                matches,
                weight: w,
                load: per_words(w),
                share: f64::from(w) / f64::from(weight.max(1)),
                points,
            },
        )
        .collect();
    // The map was ordered by id; a stable sort keeps that for ties.
    rules.sort_by(|a, b| b.points.cmp(&a.points).then(b.weight.cmp(&a.weight)));
    IndexExplanation {
        words: scores.words,
        weight,
        load: per_words(weight),
        bs_index: scores.bs_index,
        rules,
    }
}

/// The flight risk of `risk`, computed for `role` from `hits` and `combos`.
fn risk(
    risk: &FlightRisk,
    role: &RoleScore<'_>,
    hits: &[Hit<'_>],
    combos: &[ComboHit<'_>],
) -> RiskExplanation {
    let counted = |id: &str| risk.factors.iter().any(|f| f.rule.as_deref() == Some(id));
    // The red flags in the order the flight risk counts them: combos, then rules.
    let flags = combos
        .iter()
        .filter(|c| c.combo.red_flag)
        .map(|c| &c.combo.id)
        .chain(hits.iter().filter(|h| h.rule.red_flag).map(|h| &h.rule.id));
    let mut over_cap: Vec<String> = Vec::new();
    for id in flags {
        if !counted(id) && !over_cap.contains(id) {
            over_cap.push(id.clone());
        }
    }
    let added: u32 = risk.factors.iter().map(|f| u32::from(f.points)).sum();
    let capped = (u32::from(risk.base) + added).saturating_sub(u32::from(risk.percent));
    RiskExplanation {
        role: role.role.id.clone(),
        base: risk.base,
        factors: risk.factors.clone(),
        over_cap,
        capped: u8::try_from(capped).unwrap_or(u8::MAX),
        percent: risk.percent,
        level: risk.level,
    }
}

impl Engine {
    /// Explains the scores of a report [`Engine::analyze`] made.
    pub fn explain_report(&self, report: &Report<'_>) -> ScoreExplanation {
        let votes = |r: &RoleScore<'_>| RoleVotes {
            role: r.role.id.clone(),
            points: r.points,
            percent: r.percent,
            votes: profile::votes(
                self.rules(),
                report.doc,
                &report.signals,
                &report.hits,
                &r.role.id,
            ),
        };
        let best = votes(&report.role);
        let runner_up = report.related.first().map(votes);
        let (margin_points, margin_percent) = runner_up.as_ref().map_or((0, 0), |r| {
            (
                i64::from(best.points) - i64::from(r.points),
                i32::from(best.percent) - i32::from(r.percent),
            )
        });
        ScoreExplanation {
            bs_index: index(&report.scores, &report.hits, &report.combos),
            flight_risk: Some(risk(
                &report.flight_risk,
                &report.role,
                &report.hits,
                &report.combos,
            )),
            role: Some(RoleExplanation {
                best,
                runner_up,
                forced: report.role_forced,
                margin_points,
                margin_percent,
            }),
        }
    }

    /// Analyses `doc` under `policy` with its best role and explains its
    /// scores; without role profiles, only the BS index is explained.
    pub fn explain_scores(
        &self,
        doc: &Document,
        policy: &Policy,
    ) -> Result<ScoreExplanation, Error> {
        let options = AnalyzeOptions {
            role: None,
            autopsy: Some(0),
        };
        match self.analyze_with(doc, &options, policy) {
            Ok(report) => Ok(self.explain_report(&report)),
            Err(Error::NoRoles) => {
                let scan = self.scan_with(doc, policy);
                let scores = crate::score::score(doc.text(), &scan.hits, &scan.combos);
                Ok(ScoreExplanation {
                    bs_index: index(&scores, &scan.hits, &scan.combos),
                    flight_risk: None,
                    role: None,
                })
            }
            Err(e) => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::RuleSet;

    #[test]
    fn apportioning_sums_to_the_total_exactly() {
        assert_eq!(apportion(0, &[]), Vec::<u32>::new(), "no matches");
        assert_eq!(apportion(0, &[3, 1]), [0, 0]);
        assert_eq!(apportion(17, &[4]), [17], "one rule takes everything");
        assert_eq!(
            apportion(10, &[3, 1]),
            [8, 2],
            "7.5 and 2.5: the heavier rounds up"
        );
        assert_eq!(apportion(93, &[5, 3, 3, 1]), [39, 23, 23, 8]);
        for (total, weights) in [
            (100u32, vec![1u32; 7]),
            (61, vec![2, 2, 2]),
            (1, vec![5, 5, 5, 5]),
            (99, vec![1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]),
        ] {
            let parts = apportion(total, &weights);
            assert_eq!(parts.iter().sum::<u32>(), total, "{weights:?}");
            for (p, w) in parts.iter().zip(&weights) {
                let exact =
                    f64::from(total) * f64::from(*w) / f64::from(weights.iter().sum::<u32>());
                assert!(
                    (f64::from(*p) - exact).abs() < 1.0,
                    "{p} is within 1 of {exact}"
                );
            }
        }
    }

    #[test]
    fn equal_weights_tie_break_by_position() {
        // 100 over seven equal rules: 14 each and two left over, for the first two.
        assert_eq!(apportion(100, &[1; 7]), [15, 15, 14, 14, 14, 14, 14]);
        // A single point over equal weights goes to the first.
        assert_eq!(apportion(1, &[5, 5, 5, 5]), [1, 0, 0, 0]);
    }

    #[test]
    fn all_zero_weights_give_no_points() {
        assert_eq!(apportion(5, &[0, 0]), [0, 0]);
    }

    #[test]
    fn a_report_explanation_adds_up() {
        let engine =
            Engine::new(RuleSet::builtin().unwrap_or_else(|d| panic!("{d}"))).expect("compiles");
        let doc = Document::new(
            "Senior Data Scientist\n\nJoin our fast-paced rockstar team. We leverage synergies \
             and A/B testing in a fast-paced, work hard play hard culture. Leverage it.",
        );
        let report = engine
            .analyze(&doc, &AnalyzeOptions::default())
            .expect("report");
        let e = engine.explain_report(&report);
        let bs = &e.bs_index;
        assert_eq!(bs.bs_index, report.scores.bs_index);
        assert_eq!(
            bs.rules.iter().map(|r| r.points).sum::<u32>(),
            u32::from(bs.bs_index)
        );
        assert_eq!(
            bs.rules.iter().map(|r| r.matches).sum::<usize>(),
            report.hits.len() + report.combos.len()
        );
        let leverage = bs
            .rules
            .iter()
            .find(|r| r.rule == "leverage")
            .expect("leverage");
        assert_eq!(
            leverage.matches, 2,
            "both mentions are counted under one rule"
        );
        let risk = e.flight_risk.as_ref().expect("risk");
        let added: u32 = risk.factors.iter().map(|f| u32::from(f.points)).sum();
        assert_eq!(
            u32::from(risk.base) + added - u32::from(risk.capped),
            u32::from(risk.percent)
        );
        let role = e.role.as_ref().expect("role");
        assert_eq!(role.best.role, report.role.role.id);
        assert_eq!(
            role.best.votes.iter().map(|v| v.points).sum::<u32>(),
            report.role.points
        );
        let runner = role.runner_up.as_ref().expect("runner-up");
        assert_eq!(runner.role, report.related[0].role.id);
        assert_eq!(
            runner.votes.iter().map(|v| v.points).sum::<u32>(),
            runner.points
        );
        assert_eq!(
            role.margin_points,
            i64::from(role.best.points) - i64::from(runner.points)
        );
    }
}
