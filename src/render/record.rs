//! The file record as a format-neutral outline: header, readout and numbered
//! sections of blocks. The text and Markdown renderers only lay it out.

use crate::autopsy::{AutopsyPair, Dropped};
use crate::report::Report;
use crate::salary::Period;

/// Longest quotation, in characters; a posting without full stops can make
/// one "sentence" of the whole text.
const MAX_QUOTE_CHARS: usize = 600;

/// Keeps pieces up to `max` characters, cutting the last one at a word and
/// marking the cut with an ellipsis.
fn truncate(pieces: impl Iterator<Item = Piece>, max: usize) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut left = max;
    for mut piece in pieces {
        let n = piece.text.chars().count();
        if n <= left {
            left -= n;
            out.push(piece);
            continue;
        }
        let cut: String = piece.text.chars().take(left).collect();
        piece.text = match cut.rfind(' ') {
            Some(at) if !piece.highlight => cut[..at].to_owned(),
            _ if piece.highlight => String::new(),
            _ => cut,
        };
        if !piece.text.is_empty() {
            out.push(piece);
        }
        out.push(Piece {
            text: " …".to_owned(),
            highlight: false,
        });
        break;
    }
    out
}

/// Most dropped matches listed under one quoted sentence.
const MAX_DROPPED_SHOWN: usize = 12;

/// A piece of quoted posting text; `highlight` marks a buzzword.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// The text (whitespace collapsed, control characters neutralised).
    pub text: String,
    /// Whether it is a match.
    pub highlight: bool,
}

/// One block of a section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// `LABEL: value`.
    Field(&'static str, String),
    /// A paragraph.
    Para(String),
    /// A bulleted list: `(title, body)`; the title may be empty.
    Items(Vec<(String, String)>),
    /// A quotation from the posting, with its buzzwords marked.
    Quote(&'static str, Vec<Piece>),
    /// `phrase → meaning` lines.
    Mapping(Vec<(String, String)>),
    /// A quip or complaint with its attribution.
    Attributed(String, String),
}

/// A numbered section.
#[derive(Debug, Clone)]
pub struct Section {
    /// `[01]`…`[11]`.
    pub number: u8,
    /// Heading, upper case.
    pub title: &'static str,
    /// Content.
    pub blocks: Vec<Block>,
}

/// The whole record.
#[derive(Debug, Clone)]
pub struct Record {
    /// `MACHINE-LEARNING-ENGINEER`.
    pub slug: String,
    /// `Machine Learning Engineer`.
    pub title: String,
    /// `SYSTEM MATCH: 86%` (or `forced with --role`).
    pub match_line: String,
    /// BS index, for the bar.
    pub bs_index: u8,
    /// `BUZZWORD DENSITY 14.2%` (before the bar).
    pub density: String,
    /// `BS INDEX 78/100 — BUZZWORD SOUP` (after the bar).
    pub index: String,
    /// Second readout line.
    pub readout_detail: String,
    /// \[01\]–\[11\].
    pub sections: Vec<Section>,
}

/// Collapses whitespace and neutralises control characters of posting text.
fn clean(text: &str) -> String {
    super::sanitize(&text.split_whitespace().collect::<Vec<_>>().join(" ")).into_owned()
}

/// Like [`clean`], but keeps one leading and one trailing space, for pieces of a line.
fn squash(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = true;
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    if space {
        out.push(' ');
    }
    super::sanitize(&out).into_owned()
}

fn money(amount: f64, currency: &str) -> String {
    let whole = amount.round() as i64;
    let digits = whole.abs().to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if whole < 0 { "-" } else { "" };
    match currency {
        "USD" => format!("{sign}${grouped}"),
        "GBP" => format!("{sign}£{grouped}"),
        "EUR" => format!("{sign}€{grouped}"),
        other => format!("{sign}{grouped} {other}"),
    }
}

impl Record {
    /// Lays out `report` as a record.
    pub fn new(report: &Report<'_>) -> Self {
        let role = report.role.role;
        let s = &report.scores;
        let top: Vec<String> = s
            .categories
            .iter()
            .take(3)
            .map(|c| format!("{} {}", c.category, c.count))
            .collect();
        let top = if top.is_empty() {
            "none".to_owned()
        } else {
            top.join(", ")
        };
        Record {
            slug: role.id.to_uppercase(),
            title: role.title.clone(),
            match_line: if report.role_forced {
                format!(
                    "SYSTEM MATCH: {}% (forced with --role)",
                    report.role.percent
                )
            } else {
                format!("SYSTEM MATCH: {}%", report.role.percent)
            },
            bs_index: s.bs_index,
            density: format!("BUZZWORD DENSITY {:.1}%", s.density * 100.0),
            index: format!("BS INDEX {}/100 — {}", s.bs_index, s.verdict),
            readout_detail: format!(
                "{} words · {} matches{} · top: {top} · denser than {}% of the corpus",
                s.words,
                s.matches,
                match s.combos {
                    0 => String::new(),
                    1 => " · 1 combination".to_owned(),
                    n => format!(" · {n} combinations"),
                },
                s.percentile
            ),
            sections: sections(report),
        }
    }
}

fn sections(report: &Report<'_>) -> Vec<Section> {
    let role = report.role.role;
    let section = |number, title, blocks| Section {
        number,
        title,
        blocks,
    };
    vec![
        section(
            1,
            "THE ORG-CHART ARCHITECTURE",
            vec![
                Block::Field("REPORTS TO", role.org_chart.reports_to.clone()),
                Block::Field("PRESSURE FLOW", role.org_chart.pressure.clone()),
                Block::Field("KNOWN ALIASES / DISGUISES", role.aliases.join(" · ")),
            ],
        ),
        section(
            2,
            "THE HABITAT (NATURAL RANGE)",
            vec![Block::Items(
                role.habitat
                    .iter()
                    .map(|h| (String::new(), h.clone()))
                    .collect(),
            )],
        ),
        section(3, "SALARY DELUSION", salary(report)),
        section(4, "THE FLIGHT RISK", flight_risk(report)),
        section(
            5,
            "THE BULLSHIT METRICS",
            vec![Block::Items(
                role.metrics
                    .iter()
                    .map(|m| (m.name.clone(), m.explanation.clone()))
                    .collect(),
            )],
        ),
        section(
            6,
            "SIGNATURE WEAPONRY",
            vec![Block::Items(
                role.weapons
                    .iter()
                    .map(|w| (w.name.clone(), w.description.clone()))
                    .collect(),
            )],
        ),
        section(
            7,
            "SURVIVAL / ENCOUNTER GUIDE",
            vec![
                Block::Para("IF ENGAGED:".to_owned()),
                Block::Items(
                    role.survival
                        .iter()
                        .map(|a| (String::new(), a.clone()))
                        .collect(),
                ),
            ],
        ),
        section(
            8,
            "THE JD AUTOPSY: WHAT DO THEY ACTUALLY DO?",
            autopsy(report),
        ),
        section(
            9,
            "DAY-IN-THE-LIFE LOG",
            vec![Block::Items(
                role.day
                    .iter()
                    .map(|d| {
                        (
                            format!("[{}] {}", d.time, d.activity),
                            d.description.clone(),
                        )
                    })
                    .collect(),
            )],
        ),
        section(
            10,
            "THE BURN WARD (UNFILTERED COMPLAINTS)",
            role.complaints
                .iter()
                .map(|c| Block::Attributed(format!("\u{201C}{}\u{201D}", c.text), c.source.clone()))
                .collect(),
        ),
        section(
            11,
            "RELATED SPECIMENS",
            vec![Block::Items(
                report
                    .related
                    .iter()
                    .map(|r| {
                        (
                            format!("{} — SYSTEM MATCH: {}%", r.role.title, r.percent),
                            r.role.description.clone(),
                        )
                    })
                    .collect(),
            )],
        ),
    ]
}

fn salary(report: &Report<'_>) -> Vec<Block> {
    let market = &report.role.role.salary;
    let mut blocks = vec![Block::Field(
        "MARKET AVERAGE",
        format!(
            "{} a year",
            money(market.market_average as f64, &market.currency)
        ),
    )];
    match &report.salary {
        None => blocks.push(Block::Field("THIS POSTING", "states no salary.".to_owned())),
        Some(check) => {
            let period = match check.stated.period {
                Period::Year => "",
                Period::Month => " (monthly, ×12)",
                Period::Day => " (daily, ×260)",
                Period::Hour => " (hourly, ×2,080)",
            };
            let verdict = match check.difference_percent {
                Some(d) if d < 0 => format!("{}% below the market average", -d),
                Some(0) => "exactly the market average".to_owned(),
                Some(d) => format!("{d}% above the market average"),
                None => format!(
                    "stated in {}, not compared with a {} figure",
                    check.stated.currency, check.market_currency
                ),
            };
            blocks.push(Block::Field(
                "THIS POSTING",
                format!(
                    "\u{201C}{}\u{201D} → midpoint {} a year{period}, {verdict}.",
                    clean(&check.text),
                    money(check.yearly_midpoint, &check.stated.currency)
                ),
            ));
        }
    }
    blocks.push(Block::Field("CAVEAT", market.caveat.clone()));
    blocks.push(Block::Para(market.quip.clone()));
    blocks
}

fn flight_risk(report: &Report<'_>) -> Vec<Block> {
    let risk = &report.flight_risk;
    let added = risk.percent.saturating_sub(risk.base);
    let mut blocks = vec![
        Block::Field(
            "RISK",
            format!(
                "{}% ({}) — base {}% + {added} from this posting",
                risk.percent, risk.level, risk.base
            ),
        ),
        Block::Field("DIAGNOSIS", report.role.role.flight_risk.diagnosis.clone()),
    ];
    if !risk.factors.is_empty() {
        let factors: Vec<String> = risk
            .factors
            .iter()
            .map(|f| match f.rule {
                Some(_) => format!("\u{201C}{}\u{201D} +{}", clean(&f.text), f.points),
                None => format!("{} +{}", f.text, f.points),
            })
            .collect();
        blocks.push(Block::Field("RAISED BY", factors.join(" · ")));
    }
    blocks
}

fn autopsy(report: &Report<'_>) -> Vec<Block> {
    if report.autopsy.is_empty() && report.overall.is_none() {
        return vec![Block::Para(
            "Nothing to dissect: no sentence of this posting carries a buzzword.".to_owned(),
        )];
    }
    let mut blocks: Vec<Block> = report
        .autopsy
        .iter()
        .flat_map(|pair| autopsy_pair(report, pair))
        .collect();
    if let Some(overall) = &report.overall {
        // The members of the posting-wide combos, quoted far apart as they stand.
        let mut pieces = Vec::new();
        for &(c, _) in &overall.combos {
            for &i in &report.combos[c].members {
                if !pieces.is_empty() {
                    pieces.push(Piece {
                        text: " … ".to_owned(),
                        highlight: false,
                    });
                }
                pieces.push(Piece {
                    text: clean(report.hits[i].text),
                    highlight: true,
                });
            }
        }
        blocks.push(Block::Quote(
            "ACROSS THE WHOLE POSTING",
            truncate(pieces.into_iter(), MAX_QUOTE_CHARS),
        ));
        blocks.push(Block::Mapping(combo_lines(report, &overall.combos)));
        blocks.push(Block::Field(
            "OTIOSE TRANSLATION",
            overall.translation.clone(),
        ));
    }
    blocks
}

/// `member + member → otiose` (or why it is left out) for combination rules.
fn combo_lines(report: &Report<'_>, combos: &[(usize, Option<Dropped>)]) -> Vec<(String, String)> {
    combos
        .iter()
        .map(|&(c, dropped)| {
            let fired = &report.combos[c];
            let meaning = match dropped {
                None => fired.combo.otiose.clone(),
                Some(why) => format!("({})", why.reason()),
            };
            (
                super::sanitize(&fired.text(&report.hits)).into_owned(),
                meaning,
            )
        })
        .collect()
}

fn autopsy_pair(report: &Report<'_>, pair: &AutopsyPair) -> Vec<Block> {
    let text = report.doc.text();
    let mut pieces = Vec::new();
    let mut at = pair.span.start;
    for &i in &pair.hits {
        let span = &report.hits[i].span;
        if span.start < at {
            continue;
        }
        pieces.push(Piece {
            text: text.get(at..span.start).unwrap_or_default().to_owned(),
            highlight: false,
        });
        pieces.push(Piece {
            text: text
                .get(span.start..span.end.min(pair.span.end))
                .unwrap_or_default()
                .to_owned(),
            highlight: true,
        });
        at = span.end.min(pair.span.end);
    }
    pieces.push(Piece {
        text: text.get(at..pair.span.end).unwrap_or_default().to_owned(),
        highlight: false,
    });
    let pieces = pieces
        .into_iter()
        .map(|p| Piece {
            text: squash(&p.text),
            ..p
        })
        .filter(|p| !p.text.is_empty());
    let pieces = truncate(pieces, MAX_QUOTE_CHARS);
    let mut mapping: Vec<(usize, String)> = pair
        .kept
        .iter()
        .map(|&i| (i, report.hits[i].rule.otiose.clone()))
        .collect();
    // A sentence can hold thousands of matches (a posting with no full stops):
    // list the first few dropped ones and count the rest.
    let shown = pair.dropped.iter().take(MAX_DROPPED_SHOWN);
    mapping.extend(shown.map(|&(i, why)| (i, format!("({})", why.reason()))));
    mapping.sort_by_key(|(i, _)| *i);
    let mut lines: Vec<(String, String)> = mapping
        .into_iter()
        .map(|(i, meaning)| (clean(report.hits[i].text), meaning))
        .collect();
    let hidden = pair.dropped.len().saturating_sub(MAX_DROPPED_SHOWN);
    if hidden > 0 {
        lines.push((
            format!("+{hidden} more"),
            "(left out of the translation too)".to_owned(),
        ));
    }
    lines.extend(combo_lines(report, &pair.combos));
    vec![
        Block::Quote("LINKEDIN ILLUSION", pieces),
        Block::Mapping(lines),
        Block::Field("OTIOSE TRANSLATION", pair.translation.clone()),
    ]
}

#[cfg(test)]
mod tests {
    use super::money;

    #[test]
    fn long_quotes_are_cut_at_a_word() {
        let piece = |t: &str, highlight| super::Piece {
            text: t.to_owned(),
            highlight,
        };
        let cut = super::truncate(
            [piece("one two three ", false), piece("synergy", true)].into_iter(),
            9,
        );
        assert_eq!(cut, [piece("one two", false), piece(" …", false)]);
        let whole = super::truncate([piece("short", false)].into_iter(), 9);
        assert_eq!(whole, [piece("short", false)]);
    }

    #[test]
    fn money_groups_thousands() {
        assert_eq!(money(175000.0, "USD"), "$175,000");
        assert_eq!(money(60000.4, "GBP"), "£60,000");
        assert_eq!(money(950.0, "CAD"), "950 CAD");
        assert_eq!(money(-1234.0, "EUR"), "-€1,234");
    }
}
