//! The built-in rules: their TOML sources and the validated set that `build.rs`
//! compiled from them, both embedded at build time.

use crate::rules::{Category, Combo, Precompiled, Role, Rule};

include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));

/// `(path, content)` of every built-in rule file.
pub(crate) fn files() -> &'static [(&'static str, &'static str)] {
    FILES
}

/// The built-ins as `build.rs` validated them, or `None` if they cannot be read
/// back (then the sources are parsed instead).
pub(crate) fn precompiled() -> Option<Precompiled> {
    type Signals = (Vec<String>, Vec<(String, u8)>);
    type Payload = (
        Vec<Category>,
        Vec<Rule>,
        Vec<Combo>,
        Vec<Role>,
        (Vec<Vec<String>>, Vec<Signals>),
    );
    let (categories, mut rules, combos, mut roles, (exceptions, signals)): Payload =
        postcard::from_bytes(PRECOMPILED).ok()?;
    if exceptions.len() != rules.len() || signals.len() != roles.len() {
        return None;
    }
    for (rule, variants) in rules.iter_mut().zip(exceptions) {
        rule.exception_variants = variants;
    }
    for (role, (titles, keywords)) in roles.iter_mut().zip(signals) {
        role.signals.title_variants = titles;
        role.signals.keyword_variants = keywords;
    }
    Some((categories, rules, combos, roles))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_precompiled_set_reads_back() {
        let (categories, rules, combos, roles) = super::precompiled().expect("postcard decodes");
        assert!(!categories.is_empty() && !rules.is_empty() && !roles.is_empty());
        assert!(!combos.is_empty());
    }
}
