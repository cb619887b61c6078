//! Rule files as written: serde types that keep the span of every value that
//! validation may need to point at. [`super::load`] turns them into the model.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use super::{Complaint, DaySlot, Metric, OrgChart, Weapon};

/// One `[[category]]` table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCategory {
    pub id: Spanned<String>,
    pub label: Spanned<String>,
    pub description: Spanned<String>,
}

/// One `[[rule]]` table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRule {
    pub id: Spanned<String>,
    pub category: Spanned<String>,
    pub weight: Spanned<i64>,
    #[serde(default)]
    pub phrases: Vec<Spanned<String>>,
    #[serde(default)]
    pub regex: Vec<Spanned<String>>,
    #[serde(default)]
    pub exceptions: Vec<Spanned<String>>,
    pub plain: Spanned<String>,
    pub otiose: Spanned<String>,
    #[serde(default)]
    pub replace: Option<Spanned<String>>,
    #[serde(default)]
    pub red_flag: bool,
    #[serde(default)]
    pub roles: BTreeMap<Spanned<String>, Spanned<i64>>,
    #[serde(default)]
    pub examples: Vec<Spanned<String>>,
    #[serde(default)]
    pub counterexamples: Vec<Spanned<String>>,
}

/// A role file: `rules/roles/<id>.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRole {
    pub role: RawRoleHead,
    pub signals: RawSignals,
    pub org_chart: OrgChart,
    pub habitat: RawHabitat,
    pub salary: RawSalary,
    pub flight_risk: RawFlightRisk,
    #[serde(default)]
    pub metric: Vec<Metric>,
    #[serde(default)]
    pub weapon: Vec<Weapon>,
    pub survival: RawSurvival,
    #[serde(default)]
    pub day: Vec<DaySlot>,
    #[serde(default)]
    pub complaint: Vec<Complaint>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRoleHead {
    pub id: Spanned<String>,
    pub title: Spanned<String>,
    pub aliases: Vec<String>,
    pub description: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSignals {
    pub titles: Vec<Spanned<String>>,
    #[serde(default)]
    pub keywords: BTreeMap<Spanned<String>, Spanned<i64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawHabitat {
    pub ranges: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSalary {
    pub market_average: Spanned<i64>,
    pub currency: Spanned<String>,
    pub caveat: String,
    pub quip: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFlightRisk {
    pub base: Spanned<i64>,
    pub diagnosis: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSurvival {
    pub if_engaged: Vec<String>,
}

/// One `[[combo]]` table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCombo {
    pub id: Spanned<String>,
    pub category: Spanned<String>,
    pub weight: Spanned<i64>,
    pub all: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    pub within: Option<Spanned<String>>,
    #[serde(default)]
    pub window: Option<Spanned<i64>>,
    pub plain: Spanned<String>,
    pub otiose: Spanned<String>,
    #[serde(default)]
    pub red_flag: bool,
    #[serde(default)]
    pub examples: Vec<Spanned<String>>,
    #[serde(default)]
    pub counterexamples: Vec<Spanned<String>>,
}
