//! The rule model: categories, phrase rules and role profiles, validated.
//!
//! Rules are data (TOML under `rules/`, embedded in the binary). [`RuleSet::load`]
//! reads packs, validates them and returns the model or every problem found.

mod load;
mod pack;
pub mod phrase;
mod raw;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use load::LoadOptions;

/// Where something was defined.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Origin {
    /// The file (`rules/…` for built-ins, else as the user named it).
    pub path: String,
    /// 1-based line of the definition.
    pub line: usize,
    /// Whether it is one of the built-in rules.
    pub builtin: bool,
}

/// A rule category (`[[category]]`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Category {
    /// Short id, e.g. `hype`.
    pub id: String,
    /// Human label, e.g. `Hype and innovation`.
    pub label: String,
    /// One sentence on what the category covers.
    pub description: String,
    /// Where it was defined.
    pub origin: Origin,
}

/// A phrase rule (`[[rule]]`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Rule {
    /// Unique id, kebab-case.
    pub id: String,
    /// Category id.
    pub category: String,
    /// 1 (mild filler) to 5 (pure fog).
    pub weight: u8,
    /// Phrases as written (see [`phrase`] for the syntax).
    pub phrases: Vec<String>,
    /// Regex patterns, matched against the normalised text.
    pub regex: Vec<String>,
    /// Phrases that suppress a match of this rule where they overlap it.
    pub exceptions: Vec<String>,
    /// Earnest meaning or advice.
    pub plain: String,
    /// The dry translation: one declarative sentence.
    pub otiose: String,
    /// A drop-in replacement for `jdx rewrite`, if one fits.
    pub replace: Option<String>,
    /// Whether the phrase is a warning sign that raises the flight risk.
    pub red_flag: bool,
    /// Role signals: role id → weight.
    pub roles: BTreeMap<String, u8>,
    /// Texts that must match this rule.
    pub examples: Vec<String>,
    /// Texts that must not match this rule.
    pub counterexamples: Vec<String>,
    /// Where it was defined.
    pub origin: Origin,
    /// Every literal variant of every phrase (inflections, hyphen forms), normalised.
    pub variants: Vec<String>,
    /// Every literal variant of every exception, normalised.
    #[serde(skip)]
    pub exception_variants: Vec<String>,
    /// The compiled `regex` patterns.
    #[serde(skip)]
    pub compiled_regex: Vec<regex::Regex>,
}

/// How close together the members of a [`Combo`] must stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Scope {
    /// All in one sentence (`within = "sentence"`).
    Sentence,
    /// All within this many words, first member to last (`window = N`).
    Window(u32),
    /// Anywhere in the posting (`within = "posting"`).
    Posting,
}

impl Scope {
    /// `sentence`, `window` or `posting`.
    pub fn name(self) -> &'static str {
        match self {
            Scope::Sentence => "sentence",
            Scope::Window(_) => "window",
            Scope::Posting => "posting",
        }
    }
}

impl std::fmt::Display for Scope {
    /// `sentence`, `window of 30 words` or `posting`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Scope::Window(n) => write!(f, "window of {n} words"),
            other => f.write_str(other.name()),
        }
    }
}

/// A combination rule (`[[combo]]`): it fires when a match of every member
/// stands within its scope; phrase matches say what a phrase means, a combo
/// what several mean together.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Combo {
    /// Unique id, kebab-case; never a rule id too.
    pub id: String,
    /// Category id.
    pub category: String,
    /// 1 to 5, counted in the BS index once per firing.
    pub weight: u8,
    /// The members: each a list of rule ids, any of which fills it.
    pub all: Vec<Vec<String>>,
    /// How close the members must stand.
    pub scope: Scope,
    /// Earnest meaning or advice.
    pub plain: String,
    /// The dry translation: one declarative sentence.
    pub otiose: String,
    /// Whether it raises the flight risk.
    pub red_flag: bool,
    /// Texts in which it must fire.
    pub examples: Vec<String>,
    /// Texts in which it must not fire.
    pub counterexamples: Vec<String>,
    /// Where it was defined.
    pub origin: Origin,
}

/// How the role sits in the org chart (\[01\]).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrgChart {
    /// Who the role reports to.
    pub reports_to: String,
    /// How pressure flows onto and out of the role.
    pub pressure: String,
}

/// A vanity metric (\[05\]).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Metric {
    /// The metric.
    pub name: String,
    /// One sentence on it.
    pub explanation: String,
}

/// A tool or practice (\[06\]).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Weapon {
    /// The tool.
    pub name: String,
    /// A deadpan description.
    pub description: String,
}

/// A slot of the day-in-the-life log (\[09\]).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DaySlot {
    /// `HH:MM - HH:MM`.
    pub time: String,
    /// What happens.
    pub activity: String,
    /// A sentence or two about it.
    pub description: String,
}

/// A complaint from the burn ward (\[10\]).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Complaint {
    /// The complaint.
    pub text: String,
    /// A generic attribution, never a person.
    pub source: String,
}

/// The salary section's figures (\[03\]).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Salary {
    /// Market average, yearly, in `currency`.
    pub market_average: u64,
    /// ISO currency code.
    pub currency: String,
    /// A dry caveat.
    pub caveat: String,
    /// A one-line quip.
    pub quip: String,
}

/// The flight-risk base (\[04\]).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FlightRisk {
    /// Base percentage before the posting's red flags.
    pub base: u8,
    /// Why people leave.
    pub diagnosis: String,
}

/// Signals that vote for a role.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Signals {
    /// Title patterns (phrase syntax).
    pub titles: Vec<String>,
    /// Body keywords (phrase syntax) → weight 1..=5.
    pub keywords: BTreeMap<String, u8>,
    /// Every variant of the titles, aliases and title, normalised.
    #[serde(skip)]
    pub title_variants: Vec<String>,
    /// Every variant of every keyword with its weight.
    #[serde(skip)]
    pub keyword_variants: Vec<(String, u8)>,
}

/// A satirical role profile: one file under `rules/roles/`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Role {
    /// Kebab-case id, e.g. `machine-learning-engineer`.
    pub id: String,
    /// Display title.
    pub title: String,
    /// Alternate titles; they also count as title signals.
    pub aliases: Vec<String>,
    /// One line for RELATED SPECIMENS.
    pub description: String,
    /// Matching signals.
    pub signals: Signals,
    /// \[01\]
    pub org_chart: OrgChart,
    /// \[02\]
    pub habitat: Vec<String>,
    /// \[03\]
    pub salary: Salary,
    /// \[04\]
    pub flight_risk: FlightRisk,
    /// \[05\]
    pub metrics: Vec<Metric>,
    /// \[06\]
    pub weapons: Vec<Weapon>,
    /// \[07\]
    pub survival: Vec<String>,
    /// \[09\]
    pub day: Vec<DaySlot>,
    /// \[10\]
    pub complaints: Vec<Complaint>,
    /// Where it was defined.
    pub origin: Origin,
}

/// The built-ins as `build.rs` stores them: categories, rules, combos, roles.
pub(crate) type Precompiled = (Vec<Category>, Vec<Rule>, Vec<Combo>, Vec<Role>);

/// A validated set of categories, rules and roles, in a stable order.
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    /// Categories, in load order.
    pub categories: Vec<Category>,
    /// Rules, in load order.
    pub rules: Vec<Rule>,
    /// Combination rules, in load order.
    pub combos: Vec<Combo>,
    /// Roles, sorted by id.
    pub roles: Vec<Role>,
    /// Warnings found while loading (errors fail the load instead).
    pub warnings: Vec<crate::Diagnostic>,
}

impl RuleSet {
    /// The built-in rules and roles.
    pub fn builtin() -> Result<RuleSet, crate::Diagnostics> {
        Self::load(&LoadOptions::default())
    }

    /// Loads the built-ins (unless disabled) and every pack in `options.packs`.
    /// The built-ins come precompiled (validated by `build.rs`).
    pub fn load(options: &LoadOptions) -> Result<RuleSet, crate::Diagnostics> {
        load::load(options, load::Builtin::Precompiled)
    }

    /// Like [`RuleSet::load`], but parses and validates the built-ins' TOML
    /// sources too, so their warnings are reported (for `jdx rules check`).
    pub fn check(options: &LoadOptions) -> Result<RuleSet, crate::Diagnostics> {
        load::load(options, load::Builtin::Sources)
    }

    /// The rule with this id.
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// The combination rule with this id.
    pub fn combo(&self, id: &str) -> Option<&Combo> {
        self.combos.iter().find(|c| c.id == id)
    }

    /// The category with this id.
    pub fn category(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }

    /// The role with this id.
    pub fn role(&self, id: &str) -> Option<&Role> {
        self.roles.iter().find(|r| r.id == id)
    }
}
