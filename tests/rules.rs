//! Every built-in rule's examples match it and its counterexamples do not.

use jdx::{Engine, RuleSet};

#[test]
fn builtin_rules_load_without_warnings() {
    let rules = RuleSet::builtin().unwrap_or_else(|d| panic!("{d}"));
    let warnings: Vec<String> = rules.warnings.iter().map(ToString::to_string).collect();
    assert!(warnings.is_empty(), "{}", warnings.join("\n"));
    assert!(rules.rules.len() >= 150, "{} rules", rules.rules.len());
    assert!(rules.category("hype").is_some());
}

#[test]
fn every_builtin_example_and_counterexample_holds() {
    let engine = Engine::new(RuleSet::builtin().unwrap_or_else(|d| panic!("{d}"))).unwrap();
    let cases = jdx::examples::run(&engine);
    let failures: Vec<String> = cases
        .iter()
        .filter(|c| !c.passed())
        .map(ToString::to_string)
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn every_builtin_rule_is_complete() {
    let rules = RuleSet::builtin().unwrap_or_else(|d| panic!("{d}"));
    for rule in &rules.rules {
        assert!(!rule.examples.is_empty(), "{} has no example", rule.id);
        assert!(
            rule.otiose.ends_with('.') && rule.otiose.starts_with(char::is_uppercase),
            "{}: otiose must be one capitalised sentence ending with a full stop: {:?}",
            rule.id,
            rule.otiose
        );
    }
}

#[test]
fn the_precompiled_builtins_equal_a_fresh_validation_of_the_sources() {
    let fast = RuleSet::builtin().unwrap_or_else(|d| panic!("{d}"));
    let checked = RuleSet::check(&jdx::LoadOptions::default()).unwrap_or_else(|d| panic!("{d}"));
    let key = |r: &jdx::rules::Rule| {
        (
            r.id.clone(),
            r.category.clone(),
            r.weight,
            r.variants.clone(),
            r.exception_variants.clone(),
            r.regex.clone(),
            r.origin.clone(),
        )
    };
    assert_eq!(
        fast.rules.iter().map(key).collect::<Vec<_>>(),
        checked.rules.iter().map(key).collect::<Vec<_>>()
    );
    let role_key = |r: &jdx::rules::Role| {
        (
            r.id.clone(),
            r.signals.title_variants.clone(),
            r.signals.keyword_variants.clone(),
        )
    };
    assert_eq!(
        fast.roles.iter().map(role_key).collect::<Vec<_>>(),
        checked.roles.iter().map(role_key).collect::<Vec<_>>()
    );
    assert_eq!(fast.categories.len(), checked.categories.len());
    let combo_key =
        |c: &jdx::rules::Combo| (c.id.clone(), c.all.clone(), c.scope, c.origin.clone());
    assert_eq!(
        fast.combos.iter().map(combo_key).collect::<Vec<_>>(),
        checked.combos.iter().map(combo_key).collect::<Vec<_>>()
    );
}

#[test]
fn at_least_thirty_builtin_combos_each_complete() {
    let rules = RuleSet::builtin().unwrap_or_else(|d| panic!("{d}"));
    assert!(rules.combos.len() >= 30, "{} combos", rules.combos.len());
    for combo in &rules.combos {
        assert!(
            combo.all.len() >= 2,
            "{} has fewer than two members",
            combo.id
        );
        assert!(
            !combo.examples.is_empty() && !combo.counterexamples.is_empty(),
            "{} needs an example and a counterexample",
            combo.id
        );
        let words = combo.otiose.split_whitespace().count();
        assert!(
            combo.otiose.ends_with('.')
                && combo.otiose.starts_with(char::is_uppercase)
                && (6..=16).contains(&words),
            "{}: otiose must be one capitalised sentence of 6 to 16 words: {:?}",
            combo.id,
            combo.otiose
        );
        assert!(
            rules.rule(&combo.id).is_none(),
            "{} is also a rule id",
            combo.id
        );
    }
}
