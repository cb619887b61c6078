//! Salary statements in a posting, so a report can compare them with a role's
//! market average.
//!
//! [`find`] runs over the text as written (not the normalised copy) and
//! returns every statement it recognises, in order, with its byte range.
//!
//! # What is recognised
//!
//! A statement is an *amount*, optionally a second amount making a *range*,
//! optionally followed by a *pay period*.
//!
//! * **Currency is required**, before or after the figure: `$`, `US$`, `USD`,
//!   `C$`, `CA$`, `CAD`, `A$`, `AU$`, `AUD`, `€`, `EUR`, `£`, `GBP`, `¥`,
//!   `JPY`, `₹`, `Rs`, `INR`, `CHF` (`$120,000`, `USD 120,000`,
//!   `120.000 EUR`). A bare `$` is USD, unless an explicit dollar code follows
//!   (`$95,000 CAD` is CAD). Figures without a currency are never reported,
//!   which keeps out `10+ years`, `401(k)`, `3 days a week`, `20% bonus`,
//!   version and phone numbers.
//! * **Numbers**: plain (`120000`, `45.50`), comma thousands (`120,000`,
//!   `120,000.00`), apostrophe thousands (`120'000`), and two forms that are
//!   accepted only where they are unambiguous: dot thousands (`55.000`,
//!   `120.000,00`) for EUR and CHF, and Indian grouping (`12,00,000`) for
//!   INR. A figure glued to other digits, letters or `%` is not a figure.
//! * **Multipliers**: `k`/`K`/`thousand` (×1,000), `lakh`/`L`/`LPA`
//!   (×100,000; `LPA` also means per year) and `crore`/`cr` (×10,000,000).
//!   Millions and billions (`M`, `mm`, `mn`, `million`, `B`, `bn`, `billion`)
//!   are never salaries: `$5M Series A`, `raised $30 million`, `a $2B market`
//!   are ignored.
//! * **Ranges**: two amounts joined by a dash (`-`, `–`, `—`, `−`, …), `~`,
//!   `to`, or `and` after `between`: `$120,000 - $150,000`, `$120k–150k`,
//!   `$120K to $150K`, `USD 120,000-150,000`, `120.000 - 150.000 EUR`,
//!   `$45-$55 an hour`. A multiplier on one end applies to the other end when
//!   that is below 1,000 (`$120–150k` is 120,000–150,000). A range whose low
//!   end is above its high end is not a range.
//! * **Periods** after the figure: year (`/yr`, `/year`, `per year`,
//!   `a year`, `annually`, `yearly`, `annual`, `per annum`, `p.a.`, `pa`),
//!   month (`/month`, `/mo`, `per month`, `a month`, `monthly`, `pcm`), day
//!   (`/day`, `per day`, `a day`, `daily`) and hour (`/hour`, `/hr`, `/h`,
//!   `per hour`, `an hour`, `hourly`, `ph`, `p.h.`). When none is stated the
//!   period is [`Period::Year`] for figures of 1,000 or more (after
//!   multipliers) and [`Period::Hour`] below that. Weekly and fortnightly
//!   pay have no [`Period`], so such statements are skipped rather than
//!   misread.
//! * **Plausibility**: yearly figures must lie in 1,000..=2,000,000, monthly
//!   in 500..=200,000, daily in 50..=10,000 and hourly in 5..=1,000 (both ends
//!   of a range). For JPY these bounds (and the 1,000 year/hour threshold)
//!   are scaled ×100 and for INR ×50, since their units are that much smaller.
//!   So `$0 deductible` is not a salary.
//! * **Context**: a figure named as something other than pay is skipped: the
//!   two words before it (ignoring `of`, `up to`, …) or the three words
//!   after it (each side only up to punctuation, `and`, `plus`, `with`)
//!   include e.g. `bonus`, `stipend`, `allowance`, `budget`, `deductible`,
//!   `credit`, `match`, `referral`, `relocation`, `equity`, `funding`,
//!   `raised`, `revenue` or `valuation` (`$500 signing bonus`,
//!   `$1,000 learning budget`, `relocation assistance of $10,000`,
//!   `4% match up to $5,000`).
//!
//! Words like `up to` and `from` before a figure are not part of the
//! statement: `up to $140k` is a single figure, 140,000 a year.
//!
//! ```
//! use jdx::salary::{self, Period};
//!
//! let found = salary::find("Pay: $45-$55 an hour, plus benefits.");
//! assert_eq!(found.len(), 1);
//! assert_eq!((found[0].low, found[0].high), (45.0, 55.0));
//! assert_eq!(found[0].period, Period::Hour);
//! assert_eq!(found[0].yearly_midpoint(), 50.0 * 2080.0);
//! ```

use std::ops::Range;
use std::sync::LazyLock;

use regex::{Captures, Regex};

/// One salary statement found in a text.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SalaryMention {
    /// Byte range of the statement in the text, e.g. "$120,000 - $150,000".
    /// A pay-period phrase right after the figures ("per hour") is included.
    pub span: Range<usize>,
    /// ISO code: "USD", "GBP", "EUR", "CAD", "AUD", "INR", "JPY" or "CHF".
    pub currency: String,
    /// Lower bound, as stated (per `period`).
    pub low: f64,
    /// Upper bound (equal to `low` for a single figure).
    pub high: f64,
    /// Pay period as stated (or inferred from the size of the figure).
    pub period: Period,
}

/// How often a salary figure is paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    /// Per year.
    Year,
    /// Per month.
    Month,
    /// Per working day.
    Day,
    /// Per hour.
    Hour,
}

impl Period {
    /// How many of this period make a working year.
    fn per_year(self) -> f64 {
        match self {
            Period::Year => 1.0,
            Period::Month => 12.0,
            Period::Day => 260.0,
            Period::Hour => 2080.0,
        }
    }

    /// The plausible range of a figure for this period, in units of about a
    /// US dollar.
    fn plausible(self) -> (f64, f64) {
        match self {
            Period::Year => (1_000.0, 2_000_000.0),
            Period::Month => (500.0, 200_000.0),
            Period::Day => (50.0, 10_000.0),
            Period::Hour => (5.0, 1_000.0),
        }
    }
}

impl SalaryMention {
    /// Midpoint converted to a yearly figure (2,080 working hours, 260 days,
    /// 12 months a year).
    pub fn yearly_midpoint(&self) -> f64 {
        (self.low + self.high) / 2.0 * self.period.per_year()
    }
}

/// Every salary statement in `text`, in order.
pub fn find(text: &str) -> Vec<SalaryMention> {
    // Every statement needs a currency sign or code: without one there is
    // nothing to find, and the regexes need not even be compiled.
    let currency = text.contains(['$', '€', '£', '¥', '￥', '₹', '円'])
        || ["USD", "CAD", "AUD", "GBP", "EUR", "INR", "JPY", "CHF", "Rs"]
            .iter()
            .any(|code| text.contains(code));
    if !currency {
        return Vec::new();
    }
    let (Some(amount_re), Some(period_re)) = (AMOUNT.as_ref(), PERIOD.as_ref()) else {
        return Vec::new();
    };
    let amounts: Vec<Amount<'_>> = amount_re
        .captures_iter(text)
        .filter_map(|caps| Amount::from_captures(&caps, text))
        .collect();

    let mut found = Vec::new();
    let mut i = 0;
    while let Some(a) = amounts.get(i) {
        let p1 = period_after(period_re, text, a.end);
        let a_end = p1.map_or(a.end, |(_, end)| end);

        if let Some(b) = amounts.get(i + 1) {
            let p2 = period_after(period_re, text, b.end);
            let same_period = match (p1, p2) {
                (Some((x, _)), Some((y, _))) => x == y,
                _ => true,
            };
            if b.start >= a_end
                && same_period
                && merge(a.cur, b.cur).is_some()
                && is_range_separator(text, a.start, &text[a_end..b.start])
            {
                let end = p2.map_or(b.end, |(_, end)| end);
                let period = p2.or(p1).map(|(p, _)| p);
                if let Some(m) = build(text, a, Some(b), period, a.start..end) {
                    found.push(m);
                    i += 2;
                    continue;
                }
                // The second end looks like money too: the range is one
                // statement that does not hold up, so neither end is kept.
                if b.cur.is_some() || b.scale != Scale::One || p2.is_some() {
                    i += 2;
                    continue;
                }
            }
        }

        if let Some(m) = build(text, a, None, p1.map(|(p, _)| p), a.start..a_end) {
            found.push(m);
        }
        i += 1;
    }
    found
}

/// Horizontal space allowed inside a statement.
const SP: &str = r"[\t\x20\u{A0}\u{202F}]";

/// One amount: optional currency, a number, an optional multiplier, an
/// optional currency after it.
static AMOUNT: LazyLock<Option<Regex>> = LazyLock::new(|| {
    let pattern = format!(
        r"(?P<pre>(?:(?-u:\b)(?:US|CA|AU|C|A)\$|(?-u:\b)(?:USD|CAD|AUD|GBP|EUR|INR|JPY|CHF)(?-u:\b)\$?|(?-u:\b)Rs(?-u:\b)\.?|[$€£¥￥₹]){SP}{{0,2}})?(?:(?P<us>[0-9]{{1,3}}(?:,[0-9]{{3}})+(?:\.[0-9]{{1,2}})?)|(?P<ind>[0-9]{{1,2}}(?:,[0-9]{{2}})+,[0-9]{{3}})|(?P<eu>[0-9]{{1,3}}(?:\.[0-9]{{3}})+(?:,[0-9]{{1,2}})?)|(?P<ch>[0-9]{{1,3}}(?:['’][0-9]{{3}})+(?:\.[0-9]{{1,2}})?)|(?P<plain>[0-9]{{1,15}}(?:\.[0-9]{{1,6}})?))(?P<suf>{SP}?(?:(?i:thousand|million|billion|trillion|mn|bn|mm|mil|lakhs?|lacs?|lpa|crores?|cr)|[kKmMbBL])(?-u:\b))?(?P<post>{SP}?(?:(?-u:\b)(?:USD|CAD|AUD|GBP|EUR|INR|JPY|CHF)(?-u:\b)|[€£¥￥₹]|円))?"
    );
    // ASCII `\b` and digits: the Unicode tables would cost milliseconds to
    // compile on every run, and figures are ASCII anyway.
    Regex::new(&pattern).ok()
});

/// A pay period right after an amount (the text is sliced at the amount's
/// end, so `^` anchors there).
static PERIOD: LazyLock<Option<Regex>> = LazyLock::new(|| {
    let pattern = format!(
        r"(?i)^{SP}{{0,3}}(?:(?:/|(?-u:\b)per(?-u:\b)|(?-u:\b)an?(?-u:\b)|(?-u:\b)each(?-u:\b)){SP}{{0,3}}(?P<u1>years?|yrs?|annum|y|hours?|hrs?|h|months?|mths?|mo|days?|d|weeks?|wks?|w|fortnight)(?-u:\b)|(?P<u2>(?:annually|yearly|annual|hourly|monthly|daily|weekly|bi-?weekly|fortnightly|pcm|p[ahw])(?-u:\b)|p\.{SP}?[ahw](?:\.|(?-u:\b))|p/[ahw](?-u:\b)))"
    );
    Regex::new(&pattern).ok()
});

/// How a number is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    /// `120,000.50`
    Comma,
    /// `12,00,000`
    Indian,
    /// `120.000,50`
    Dot,
    /// `120'000.50`
    Apostrophe,
    /// `120000.50`
    Plain,
}

/// A multiplier after a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scale {
    One,
    Thousand,
    Lakh,
    Crore,
    /// Millions and more: never a salary.
    Huge,
}

impl Scale {
    fn factor(self) -> Option<f64> {
        match self {
            Scale::One => Some(1.0),
            Scale::Thousand => Some(1e3),
            Scale::Lakh => Some(1e5),
            Scale::Crore => Some(1e7),
            Scale::Huge => None,
        }
    }
}

/// A currency and whether it came from a bare `$`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Currency {
    code: &'static str,
    bare_dollar: bool,
}

/// A period word: one of ours, or one (weekly) that has no [`Period`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PeriodWord {
    Known(Period),
    Unsupported,
}

/// One amount as matched, not yet interpreted.
#[derive(Debug)]
struct Amount<'t> {
    start: usize,
    end: usize,
    cur: Option<Currency>,
    digits: &'t str,
    style: Style,
    scale: Scale,
    /// Written with `LPA` (lakhs per annum).
    per_annum: bool,
}

impl<'t> Amount<'t> {
    fn from_captures(caps: &Captures<'t>, text: &str) -> Option<Self> {
        let whole = caps.get(0)?;
        let (digits, style) = [
            ("us", Style::Comma),
            ("ind", Style::Indian),
            ("eu", Style::Dot),
            ("ch", Style::Apostrophe),
            ("plain", Style::Plain),
        ]
        .into_iter()
        .find_map(|(name, style)| caps.name(name).map(|m| (m.as_str(), style)))?;

        let pre = caps.name("pre");
        let cur = merge(
            pre.and_then(|m| currency(m.as_str())),
            caps.name("post").and_then(|m| currency(m.as_str())),
        )?;
        let suffix = caps
            .name("suf")
            .map(|m| m.as_str().trim().to_lowercase())
            .unwrap_or_default();
        let (scale, per_annum) = match suffix.as_str() {
            "" => (Scale::One, false),
            "k" | "thousand" => (Scale::Thousand, false),
            "l" | "lakh" | "lakhs" | "lac" | "lacs" => (Scale::Lakh, false),
            "lpa" => (Scale::Lakh, true),
            "cr" | "crore" | "crores" => (Scale::Crore, false),
            _ => (Scale::Huge, false),
        };

        // A figure must stand on its own: not glued to a word or to more
        // digits before it (when it starts with a digit) or after it.
        if pre.is_none() {
            if let Some(c) = text[..whole.start()].chars().next_back() {
                if c.is_alphanumeric() || matches!(c, '.' | ',' | '_' | '\'' | '’') {
                    return None;
                }
            }
        }
        let mut after = text[whole.end()..].chars();
        match after.next() {
            Some(c) if c.is_alphanumeric() || matches!(c, '%' | '_') => return None,
            Some('.' | ',' | '\'' | '’') if after.next().is_some_and(|d| d.is_ascii_digit()) => {
                return None
            }
            _ => {}
        }

        Some(Amount {
            start: whole.start(),
            end: whole.end(),
            cur,
            digits,
            style,
            scale,
            per_annum,
        })
    }

    /// The number as written, before any multiplier; `None` when the way it
    /// is written is ambiguous for `code`.
    fn raw_value(&self, code: &str) -> Option<f64> {
        let cleaned: String = match self.style {
            Style::Comma => self.digits.replace(',', ""),
            Style::Indian if code == "INR" => self.digits.replace(',', ""),
            Style::Dot if matches!(code, "EUR" | "CHF") => {
                self.digits.replace('.', "").replace(',', ".")
            }
            Style::Apostrophe => self
                .digits
                .chars()
                .filter(|c| c.is_ascii_digit() || *c == '.')
                .collect(),
            Style::Plain => self.digits.to_owned(),
            Style::Indian | Style::Dot => return None,
        };
        cleaned.parse().ok()
    }
}

/// The currency named by a symbol or code (surrounding space allowed).
fn currency(raw: &str) -> Option<Currency> {
    let (code, bare_dollar) = match raw.trim() {
        "$" => ("USD", true),
        "US$" | "USD" | "USD$" => ("USD", false),
        "C$" | "CA$" | "CAD" | "CAD$" => ("CAD", false),
        "A$" | "AU$" | "AUD" | "AUD$" => ("AUD", false),
        "€" | "EUR" => ("EUR", false),
        "£" | "GBP" => ("GBP", false),
        "¥" | "￥" | "円" | "JPY" => ("JPY", false),
        "₹" | "Rs" | "Rs." | "INR" => ("INR", false),
        "CHF" => ("CHF", false),
        _ => return None,
    };
    Some(Currency { code, bare_dollar })
}

/// Combines two currency indications; the outer `None` means they disagree.
/// A bare `$` gives way to an explicit dollar code.
fn merge(a: Option<Currency>, b: Option<Currency>) -> Option<Option<Currency>> {
    let is_dollar = |c: Currency| matches!(c.code, "USD" | "CAD" | "AUD");
    match (a, b) {
        (None, c) | (c, None) => Some(c),
        (Some(x), Some(y)) if x.code == y.code => Some(Some(Currency {
            code: x.code,
            bare_dollar: x.bare_dollar && y.bare_dollar,
        })),
        (Some(x), Some(y)) if x.bare_dollar && is_dollar(y) => Some(Some(y)),
        (Some(x), Some(y)) if y.bare_dollar && is_dollar(x) => Some(Some(x)),
        _ => None,
    }
}

/// How much smaller a currency's unit is than roughly a US dollar, for the
/// plausibility bounds.
fn unit_factor(code: &str) -> f64 {
    match code {
        "JPY" => 100.0,
        "INR" => 50.0,
        _ => 1.0,
    }
}

/// The pay period written right at `pos`, with the end of its phrase.
fn period_after(re: &Regex, text: &str, pos: usize) -> Option<(PeriodWord, usize)> {
    let rest = text.get(pos..)?;
    let caps = re.captures(rest)?;
    let word = caps.name("u1").or_else(|| caps.name("u2"))?;
    let key: String = word
        .as_str()
        .chars()
        .filter(char::is_ascii_alphabetic)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let period = match key.as_str() {
        "year" | "years" | "yr" | "yrs" | "y" | "annum" | "annually" | "yearly" | "annual"
        | "pa" => PeriodWord::Known(Period::Year),
        "month" | "months" | "mth" | "mths" | "mo" | "monthly" | "pcm" => {
            PeriodWord::Known(Period::Month)
        }
        "day" | "days" | "d" | "daily" => PeriodWord::Known(Period::Day),
        "hour" | "hours" | "hr" | "hrs" | "h" | "hourly" | "ph" => PeriodWord::Known(Period::Hour),
        _ => PeriodWord::Unsupported,
    };
    Some((period, pos + caps.get(0)?.end()))
}

/// Whether `gap` (the text between two amounts) joins them into a range.
fn is_range_separator(text: &str, start: usize, gap: &str) -> bool {
    let gap = gap.trim();
    if gap.eq_ignore_ascii_case("and") {
        return words_before(text, start, 1).first().map(String::as_str) == Some("between");
    }
    gap.eq_ignore_ascii_case("to")
        || matches!(
            gap,
            "-" | "~" | "\u{2010}" | "\u{2011}" | "\u{2012}" | "–" | "—" | "\u{2212}"
        )
}

/// Words that name a sum as something other than pay.
const NOT_PAY: &[&str] = &[
    "allowance",
    "allowances",
    "arr",
    "assistance",
    "bonus",
    "bonuses",
    "budget",
    "budgets",
    "co-pay",
    "copay",
    "copays",
    "credit",
    "credits",
    "deductible",
    "deductibles",
    "donation",
    "equity",
    "fee",
    "fees",
    "fund",
    "funding",
    "gift",
    "gifts",
    "grant",
    "grants",
    "investment",
    "match",
    "matched",
    "matching",
    "prize",
    "raise",
    "raised",
    "raising",
    "referral",
    "reimbursement",
    "relocation",
    "revenue",
    "revenues",
    "round",
    "seed",
    "series",
    "sign-on",
    "signing",
    "stipend",
    "stipends",
    "valuation",
    "worth",
];

/// Words skipped when looking for the word that names a sum before it.
const FILLER: &[&str] = &[
    "a",
    "about",
    "an",
    "approximately",
    "around",
    "at",
    "from",
    "is",
    "least",
    "less",
    "more",
    "most",
    "of",
    "over",
    "than",
    "the",
    "to",
    "under",
    "up",
];

/// Words that end the phrase after a sum.
const CLAUSE_END: &[&str] = &["and", "but", "including", "or", "plus", "with"];

/// Whether the words around `span` say the sum is not pay.
fn named_as_not_pay(text: &str, span: &Range<usize>) -> bool {
    let named_before = words_before(text, span.start, 6)
        .iter()
        .take_while(|w| !CLAUSE_END.contains(&w.as_str()))
        .filter(|w| !FILLER.contains(&w.as_str()))
        .take(2)
        .any(|w| NOT_PAY.contains(&w.as_str()));
    if named_before {
        return true;
    }
    words_after(text, span.end, 3)
        .iter()
        .take_while(|w| !CLAUSE_END.contains(&w.as_str()))
        .any(|w| NOT_PAY.contains(&w.as_str()))
}

/// Whether `c` can be part of a word for the context checks.
fn is_word_char(c: char) -> bool {
    c.is_alphabetic() || c == '-' || c == '\''
}

/// Up to `n` lower-case words before `pos`, nearest first; stops at
/// punctuation other than `:`.
fn words_before(text: &str, pos: usize, n: usize) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = Vec::new();
    let mut chars = text.get(..pos).unwrap_or_default().chars().rev();
    for _ in 0..96 {
        match chars.next() {
            Some(c) if is_word_char(c) => word.push(c),
            next => {
                if !word.is_empty() {
                    words.push(word.iter().rev().collect::<String>().to_lowercase());
                    word.clear();
                    if words.len() >= n {
                        break;
                    }
                }
                match next {
                    Some(c) if c.is_whitespace() || c == ':' => {}
                    _ => break,
                }
            }
        }
    }
    words
}

/// Up to `n` lower-case words after `pos`; stops at punctuation.
fn words_after(text: &str, pos: usize, n: usize) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut chars = text.get(pos..).unwrap_or_default().chars();
    for _ in 0..96 {
        match chars.next() {
            Some(c) if is_word_char(c) => word.push(c),
            next => {
                if !word.is_empty() {
                    words.push(word.to_lowercase());
                    word.clear();
                    if words.len() >= n {
                        break;
                    }
                }
                match next {
                    Some(c) if c.is_whitespace() => {}
                    _ => break,
                }
            }
        }
    }
    words
}

/// Interprets one amount, or a range of two, as a salary statement.
fn build(
    text: &str,
    a: &Amount<'_>,
    b: Option<&Amount<'_>>,
    period: Option<PeriodWord>,
    span: Range<usize>,
) -> Option<SalaryMention> {
    let cur = match b {
        Some(b) => merge(a.cur, b.cur)?,
        None => a.cur,
    }?;
    let a_factor = a.scale.factor()?;
    let raw_low = a.raw_value(cur.code)?;
    let (low, high) = match b {
        None => (raw_low * a_factor, raw_low * a_factor),
        Some(b) => {
            let b_factor = b.scale.factor()?;
            let raw_high = b.raw_value(cur.code)?;
            // "$120–150k": a multiplier on one end only covers a small other end.
            let low = if a.scale == Scale::One && raw_low < 1_000.0 {
                raw_low * b_factor
            } else {
                raw_low * a_factor
            };
            let high = if b.scale == Scale::One && raw_high < 1_000.0 {
                raw_high * a_factor
            } else {
                raw_high * b_factor
            };
            (low, high)
        }
    };
    if !low.is_finite() || !high.is_finite() || low > high {
        return None;
    }

    let factor = unit_factor(cur.code);
    let per_annum = a.per_annum || b.is_some_and(|b| b.per_annum);
    let period = match period {
        Some(PeriodWord::Known(p)) => p,
        Some(PeriodWord::Unsupported) => return None,
        None if per_annum || low >= 1_000.0 * factor => Period::Year,
        None => Period::Hour,
    };
    let (min, max) = period.plausible();
    let plausible = (min * factor)..=(max * factor);
    if !plausible.contains(&low) || !plausible.contains(&high) {
        return None;
    }
    if named_as_not_pay(text, &span) {
        return None;
    }

    Some(SalaryMention {
        span,
        currency: cur.code.to_owned(),
        low,
        high,
        period,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The one statement in `text`, checked to cover `expected`.
    fn one(text: &str) -> SalaryMention {
        let found = find(text);
        assert_eq!(found.len(), 1, "{text:?}: {found:?}");
        found.into_iter().next().unwrap_or_else(|| unreachable!())
    }

    fn check(text: &str, currency: &str, low: f64, high: f64, period: Period) {
        let m = one(text);
        assert_eq!(
            (m.currency.as_str(), m.low, m.high, m.period),
            (currency, low, high, period),
            "{text:?}"
        );
    }

    #[test]
    fn patterns_compile() {
        assert!(AMOUNT.is_some());
        assert!(PERIOD.is_some());
    }

    #[test]
    fn dollar_range_with_hyphen() {
        let text = "Salary: $120,000 - $150,000 plus equity.";
        let m = one(text);
        assert_eq!(&text[m.span.clone()], "$120,000 - $150,000");
        assert_eq!((m.low, m.high), (120_000.0, 150_000.0));
        assert_eq!((m.currency.as_str(), m.period), ("USD", Period::Year));
    }

    #[test]
    fn dollar_range_with_en_dash() {
        let text = "$120,000–$150,000";
        let m = one(text);
        assert_eq!(m.span, 0..text.len());
        check(text, "USD", 120_000.0, 150_000.0, Period::Year);
    }

    #[test]
    fn k_range() {
        check("$120k–150k", "USD", 120_000.0, 150_000.0, Period::Year);
    }

    #[test]
    fn k_on_second_end_only() {
        check("$120–150k", "USD", 120_000.0, 150_000.0, Period::Year);
        check(
            "$120 - $150K a year",
            "USD",
            120_000.0,
            150_000.0,
            Period::Year,
        );
    }

    #[test]
    fn k_range_with_to() {
        check("$120K to $150K", "USD", 120_000.0, 150_000.0, Period::Year);
    }

    #[test]
    fn between_and() {
        check(
            "between $90,000 and $110,000",
            "USD",
            90_000.0,
            110_000.0,
            Period::Year,
        );
    }

    #[test]
    fn iso_code_before_range() {
        let text = "USD 120,000-150,000";
        assert_eq!(one(text).span, 0..text.len());
        check(text, "USD", 120_000.0, 150_000.0, Period::Year);
    }

    #[test]
    fn european_dot_thousands() {
        let text = "Gehalt 120.000 - 150.000 EUR brutto";
        let m = one(text);
        assert_eq!(&text[m.span.clone()], "120.000 - 150.000 EUR");
        check(text, "EUR", 120_000.0, 150_000.0, Period::Year);
        check("€55.000", "EUR", 55_000.0, 55_000.0, Period::Year);
        check("€55.000,00 p.a.", "EUR", 55_000.0, 55_000.0, Period::Year);
    }

    #[test]
    fn dot_thousands_only_where_unambiguous() {
        assert!(find("$55.000").is_empty());
        assert!(find("£1.500").is_empty());
        check("€12.50/hour", "EUR", 12.5, 12.5, Period::Hour);
    }

    #[test]
    fn pounds() {
        check("£60,000", "GBP", 60_000.0, 60_000.0, Period::Year);
        let text = "£60k per annum";
        assert_eq!(one(text).span, 0..text.len());
        check(text, "GBP", 60_000.0, 60_000.0, Period::Year);
        check("£60k p.a.", "GBP", 60_000.0, 60_000.0, Period::Year);
        check("£450 per day", "GBP", 450.0, 450.0, Period::Day);
    }

    #[test]
    fn hourly_forms() {
        for text in [
            "$45/hour",
            "$45 per hour",
            "$45/hr",
            "$45 an hour",
            "$45 hourly",
        ] {
            let m = one(text);
            assert_eq!(m.span, 0..text.len(), "{text:?}");
            check(text, "USD", 45.0, 45.0, Period::Hour);
        }
        check("$45", "USD", 45.0, 45.0, Period::Hour);
    }

    #[test]
    fn hourly_range() {
        let text = "$45-$55 an hour";
        assert_eq!(one(text).span, 0..text.len());
        check(text, "USD", 45.0, 55.0, Period::Hour);
        check("$45/hr - $55/hr", "USD", 45.0, 55.0, Period::Hour);
    }

    #[test]
    fn monthly() {
        check("$8,000 per month", "USD", 8_000.0, 8_000.0, Period::Month);
        check("$8,000/month", "USD", 8_000.0, 8_000.0, Period::Month);
        check("€4.500 monthly", "EUR", 4_500.0, 4_500.0, Period::Month);
    }

    #[test]
    fn period_words() {
        let cases = [
            ("/yr", Period::Year),
            (" per year", Period::Year),
            (" a year", Period::Year),
            (" annually", Period::Year),
            (" per annum", Period::Year),
            (" p.a.", Period::Year),
            ("/hour", Period::Hour),
            ("/hr", Period::Hour),
            (" per hour", Period::Hour),
            (" an hour", Period::Hour),
            (" hourly", Period::Hour),
            ("/month", Period::Month),
            (" per month", Period::Month),
            (" monthly", Period::Month),
            (" per day", Period::Day),
            ("/day", Period::Day),
            (" a day", Period::Day),
        ];
        for (suffix, period) in cases {
            let text = format!("$1,000{suffix}");
            let m = one(&text);
            assert_eq!(
                (m.period, m.span.clone()),
                (period, 0..text.len()),
                "{text:?}"
            );
        }
    }

    #[test]
    fn canadian_dollars() {
        check("CAD 95,000", "CAD", 95_000.0, 95_000.0, Period::Year);
        check("C$95,000", "CAD", 95_000.0, 95_000.0, Period::Year);
        check("CA$95,000", "CAD", 95_000.0, 95_000.0, Period::Year);
        check("$95,000 CAD", "CAD", 95_000.0, 95_000.0, Period::Year);
        check("A$95,000", "AUD", 95_000.0, 95_000.0, Period::Year);
    }

    #[test]
    fn other_currencies() {
        check("¥6,000,000", "JPY", 6e6, 6e6, Period::Year);
        check("₹12,00,000", "INR", 1.2e6, 1.2e6, Period::Year);
        check("₹12-15 LPA", "INR", 1.2e6, 1.5e6, Period::Year);
        check("CHF 120'000", "CHF", 120_000.0, 120_000.0, Period::Year);
        assert!(find("$12,00,000").is_empty());
    }

    #[test]
    fn up_to_and_from() {
        let text = "up to $140k";
        assert_eq!(&text[one(text).span], "$140k");
        check(text, "USD", 140_000.0, 140_000.0, Period::Year);
        check("from $100,000", "USD", 100_000.0, 100_000.0, Period::Year);
    }

    #[test]
    fn several_in_order() {
        let found = find("Junior: $60k-$70k. Senior: $120k. Contract: $90/hr.");
        let lows: Vec<f64> = found.iter().map(|m| m.low).collect();
        assert_eq!(lows, [60_000.0, 120_000.0, 90.0]);
    }

    #[test]
    fn not_salaries() {
        for text in [
            "$5M Series A",
            "We raised $30 million last year",
            "a $2B market",
            "$1.2M",
            "401(k) matching",
            "10+ years of experience",
            "3 days a week in the office",
            "$0 deductible",
            "version 1.2.3 and v2.10.4",
            "call +1 (555) 123-4567",
            "20% bonus",
            "$500 signing bonus",
            "$1,000 annual learning budget",
            "a bonus of up to $20,000",
            "Relocation assistance of $10,000",
            "401(k) with 4% match up to $5,000",
            "$1,000-$1,200 per week",
            "$2",
            "$3,000,000",
            "$45,00",
            "$1.2.3",
        ] {
            assert_eq!(find(text), [], "{text:?}");
        }
    }

    #[test]
    fn bonus_after_clause_end_is_fine() {
        check(
            "$120,000 base salary plus bonus",
            "USD",
            120_000.0,
            120_000.0,
            Period::Year,
        );
    }

    #[test]
    fn bare_second_number_falls_back_to_single() {
        check(
            "$100k to 10 people",
            "USD",
            100_000.0,
            100_000.0,
            Period::Year,
        );
    }

    #[test]
    fn yearly_midpoint() {
        let m = one("$45-$55 an hour");
        assert_eq!(m.yearly_midpoint(), 50.0 * 2080.0);
        assert_eq!(one("$8,000 per month").yearly_midpoint(), 96_000.0);
        assert_eq!(one("£400 per day").yearly_midpoint(), 104_000.0);
        assert_eq!(one("$120k–150k").yearly_midpoint(), 135_000.0);
    }

    #[test]
    fn serializes_period_lowercase() {
        let m = one("$45/hr");
        let json = serde_json::to_value(&m).unwrap_or_default();
        assert_eq!(json["period"], "hour");
        assert_eq!(json["currency"], "USD");
        assert_eq!(json["span"]["start"], 0);
    }

    fn assert_well_formed(text: &str) {
        let found = find(text);
        let mut last_end = 0;
        for m in &found {
            assert!(m.span.start <= m.span.end && m.span.end <= text.len());
            assert!(text.is_char_boundary(m.span.start));
            assert!(text.is_char_boundary(m.span.end));
            assert!(m.span.start >= last_end, "overlap or out of order");
            last_end = m.span.end;
            assert!(m.low <= m.high);
            assert!(m.yearly_midpoint().is_finite());
        }
    }

    proptest::proptest! {
        #[test]
        fn never_panics_on_any_text(text in "\\PC*") {
            assert_well_formed(&text);
        }

        #[test]
        fn never_panics_on_money_like_text(
            text in "([$€£¥₹]|USD |EUR|CAD|C\\$|k|K|M|[0-9]{1,7}|[.,'’]|[-–~]| to | and | between |/hr| per month| a year| p\\.a\\.| bonus|\u{A0}| ){0,16}"
        ) {
            assert_well_formed(&text);
        }
    }
}
