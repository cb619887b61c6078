//! The phrase syntax rule authors write, expanded into literal variants.
//!
//! - `{a|b|c}` is an alternation (an empty alternative is allowed): `rockstar{|s}`.
//!   Several groups multiply: `{drive|drives} {results|impact}`.
//! - `-` between two letters matches a hyphen, a space or nothing (posting text
//!   has such hyphens removed, so the phrase expands to the spaced and the
//!   closed form); between other word characters ("24-7") it also matches itself.
//! - Everything else is literal and normalised like the input (case, quotes,
//!   dashes, whitespace), so a phrase is written once in plain lower case.

use crate::text::{is_word_char, Normalized};

/// Most variants one phrase may expand to; guards against `{a|b}{c|d}…` blow-ups.
pub const MAX_VARIANTS: usize = 512;

/// Why a phrase could not be expanded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhraseError {
    /// Nothing left after trimming.
    #[error("empty phrase")]
    Empty,
    /// One of the expanded variants is empty (e.g. `{|}`).
    #[error("an alternative of this phrase expands to nothing")]
    EmptyVariant,
    /// A `{` without `}`, a `}` without `{`, or `{` inside a group.
    #[error("unbalanced or nested braces: write alternatives as {{a|b}}, one level deep")]
    Braces,
    /// More variants than [`MAX_VARIANTS`].
    #[error("expands to more than {MAX_VARIANTS} variants")]
    TooManyVariants,
}

/// Expands `phrase` into its normalised literal variants, sorted and deduplicated.
pub fn expand(phrase: &str) -> Result<Vec<String>, PhraseError> {
    if phrase.trim().is_empty() {
        return Err(PhraseError::Empty);
    }
    if !phrase.contains(['{', '}']) {
        let mut forms = hyphen_forms(&normalize(phrase));
        forms.sort();
        return Ok(forms);
    }
    let mut variants = vec![String::new()];
    let mut rest = phrase;
    while !rest.is_empty() {
        match rest.find(['{', '}']) {
            None => {
                append(&mut variants, rest);
                rest = "";
            }
            Some(i) if rest.as_bytes()[i] == b'}' => return Err(PhraseError::Braces),
            Some(i) => {
                append(&mut variants, &rest[..i]);
                let group = &rest[i + 1..];
                let close = group.find('}').ok_or(PhraseError::Braces)?;
                let body = &group[..close];
                if body.contains('{') {
                    return Err(PhraseError::Braces);
                }
                let alternatives: Vec<&str> = body.split('|').collect();
                if variants.len() * alternatives.len() > MAX_VARIANTS {
                    return Err(PhraseError::TooManyVariants);
                }
                variants = variants
                    .iter()
                    .flat_map(|v| alternatives.iter().map(move |a| format!("{v}{a}")))
                    .collect();
                rest = &group[close + 1..];
            }
        }
    }
    let mut out = Vec::new();
    for v in &variants {
        let norm = normalize(v);
        let norm = norm.as_str();
        if norm.is_empty() {
            return Err(PhraseError::EmptyVariant);
        }
        out.extend(hyphen_forms(norm));
        if out.len() > MAX_VARIANTS {
            return Err(PhraseError::TooManyVariants);
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// A phrase normalised like posting text (hyphens kept) and trimmed. Plain
/// lower-case ASCII with single spaces, the common case, is already normal.
fn normalize(phrase: &str) -> String {
    let simple = phrase
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b" -'/+.&".contains(&b))
        && !phrase.contains("  ")
        && !phrase.starts_with(' ')
        && !phrase.ends_with(' ');
    if simple {
        phrase.to_owned()
    } else {
        Normalized::phrase(phrase).as_str().trim().to_owned()
    }
}

fn append(variants: &mut [String], suffix: &str) {
    for v in variants.iter_mut() {
        v.push_str(suffix);
    }
}

/// Every way of writing the word-joining hyphens of `s`: between letters, a
/// space or nothing (the text has none left there); between other word
/// characters, also the hyphen itself.
///
/// Stops multiplying past [`MAX_VARIANTS`]; the caller then reports the phrase.
fn hyphen_forms(s: &str) -> Vec<String> {
    if !s.contains('-') {
        return vec![s.to_owned()];
    }
    let mut forms = vec![String::new()];
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let (prev, next) = (
            i.checked_sub(1).map(|p| chars[p]),
            chars.get(i + 1).copied(),
        );
        let joins: &[&str] = match (c, prev, next) {
            ('-', Some(p), Some(n)) if p.is_alphabetic() && n.is_alphabetic() => &[" ", ""],
            ('-', Some(p), Some(n)) if is_word_char(p) && is_word_char(n) => &["-", " ", ""],
            _ => &[],
        };
        if !joins.is_empty() && forms.len() <= MAX_VARIANTS {
            forms = forms
                .iter()
                .flat_map(|f| joins.iter().map(move |j| format!("{f}{j}")))
                .collect();
        } else {
            forms.iter_mut().for_each(|f| f.push(c));
        }
    }
    forms
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expands_alternations_and_hyphens() {
        assert_eq!(
            expand("Cutting-Edge").unwrap(),
            ["cutting edge", "cuttingedge"]
        );
        assert_eq!(expand("24-7").unwrap(), ["24 7", "24-7", "247"]);
        assert_eq!(
            expand("leverag{e|es|ed|ing}").unwrap(),
            ["leverage", "leveraged", "leverages", "leveraging"]
        );
        assert_eq!(expand("rockstar{|s}").unwrap(), ["rockstar", "rockstars"]);
        assert_eq!(expand("{drive|drives} {results|impact}").unwrap().len(), 4);
    }

    #[test]
    fn keeps_punctuation_literal() {
        assert_eq!(expand("c++").unwrap(), ["c++"]);
        assert_eq!(expand("ci/cd").unwrap(), ["ci/cd"]);
        assert_eq!(expand("we\u{2019}re a family").unwrap(), ["we're a family"]);
        assert_eq!(
            expand("- bullet").unwrap(),
            ["- bullet"],
            "a leading dash joins nothing"
        );
    }

    #[test]
    fn rejects_bad_phrases() {
        assert_eq!(expand("  "), Err(PhraseError::Empty));
        assert_eq!(expand("{|}"), Err(PhraseError::EmptyVariant));
        assert_eq!(expand("a{b"), Err(PhraseError::Braces));
        assert_eq!(expand("a}b"), Err(PhraseError::Braces));
        assert_eq!(expand("a{b{c}}"), Err(PhraseError::Braces));
        let huge = "{a|b|c|d|e|f|g|h}".repeat(4);
        assert_eq!(expand(&huge), Err(PhraseError::TooManyVariants));
    }
}
