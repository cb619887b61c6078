//! The built-in rules: their TOML sources and the validated set that `build.rs`
//! compiled from them, both embedded at build time.

use regex::Regex;

use crate::rules::{Category, Combo, Precompiled, Role, Rule};

include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));

/// `(path, content)` of every built-in rule file.
pub(crate) fn files() -> &'static [(&'static str, &'static str)] {
    FILES
}

/// The rules, and each one's exception variants.
type Rules = (Vec<Rule>, Vec<Vec<String>>);

/// A role's title and keyword variants.
type Signals = (Vec<String>, Vec<(String, u8)>);

/// The categories, combination rules, roles and their signal variants, and
/// the regex patterns of the rules that have them (by rule index).
type Rest = (
    Vec<Category>,
    Vec<Combo>,
    Vec<Role>,
    Vec<Signals>,
    Vec<(usize, Vec<String>)>,
);

/// The compiled regexes of the rules that have them (by rule index).
type Compiled = Vec<(usize, Vec<Regex>)>;

/// The built-ins as `build.rs` validated them, or `None` if they cannot be read
/// back (then the sources are parsed instead).
///
/// The rules are read on this thread while a second one reads the rest and
/// compiles the rules' regexes: one after the other, they were 40% of the
/// instructions of a one-posting run; side by side, the run is about 0.2 ms
/// (3%) shorter, what remains after starting the thread.
pub(crate) fn precompiled() -> Option<Precompiled> {
    let (rules, rest) = std::thread::scope(|scope| {
        match std::thread::Builder::new().spawn_scoped(scope, read_rest) {
            Ok(rest) => (read_rules(), rest.join().ok().flatten()),
            Err(_) => (read_rules(), read_rest()),
        }
    });
    let ((mut rules, exceptions), ((categories, combos, mut roles, signals, _), compiled)) =
        (rules?, rest?);
    if exceptions.len() != rules.len() || signals.len() != roles.len() {
        return None;
    }
    for (rule, variants) in rules.iter_mut().zip(exceptions) {
        rule.exception_variants = variants;
    }
    for (i, regexes) in compiled {
        rules.get_mut(i)?.compiled_regex = regexes;
    }
    for (role, (titles, keywords)) in roles.iter_mut().zip(signals) {
        role.signals.title_variants = titles;
        role.signals.keyword_variants = keywords;
    }
    Some((categories, rules, combos, roles))
}

fn read_rules() -> Option<Rules> {
    postcard::from_bytes(PRECOMPILED_RULES).ok()
}

/// The rest, and the rules' regexes compiled (validated by build.rs, so
/// none fails; compiled regexes cannot be stored).
fn read_rest() -> Option<(Rest, Compiled)> {
    let rest: Rest = postcard::from_bytes(PRECOMPILED_REST).ok()?;
    let compiled = rest
        .4
        .iter()
        .map(|(i, patterns)| {
            (
                *i,
                patterns.iter().filter_map(|p| Regex::new(p).ok()).collect(),
            )
        })
        .collect();
    Some((rest, compiled))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_precompiled_set_reads_back() {
        let (categories, rules, combos, roles) = super::precompiled().expect("postcard decodes");
        assert!(!categories.is_empty() && !rules.is_empty() && !roles.is_empty());
        assert!(!combos.is_empty());
        assert!(rules.iter().any(|r| !r.regex.is_empty()));
        for rule in &rules {
            assert_eq!(rule.compiled_regex.len(), rule.regex.len(), "{}", rule.id);
        }
    }
}
