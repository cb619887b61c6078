//! Rule packs written by strangers: every limit gives one clear error (or, for
//! a link leading out of the pack, a warning) instead of exhausting the machine.

mod common;

use std::path::Path;
use std::process::Output;

use common::jdx;

const CATEGORY: &str = "[[category]]\nid = \"t\"\nlabel = \"T\"\ndescription = \"Test.\"\n\n";

fn rule(id: &str, phrases: &str) -> String {
    format!(
        "[[rule]]\nid = \"{id}\"\ncategory = \"t\"\nweight = 1\nphrases = [{phrases}]\nplain = \"P.\"\notiose = \"O.\"\nexamples = [\"x\"]\n\n"
    )
}

/// `jdx rules check DIR` on the pack alone.
fn check(dir: &Path, extra: &[&str]) -> Output {
    jdx()
        .args(["--no-default-rules", "rules", "check"])
        .args(extra)
        .arg(dir)
        .output()
        .unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// What `rules check` reports (on standard output) and any error line.
fn report(out: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), stderr(out))
}

/// The pack is refused: exit 2 and `message` in the report.
fn refused(out: &Output, message: &str) {
    let err = report(out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains(message), "expected `{message}` in:\n{err}");
}

fn pack() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

#[test]
fn an_over_large_file_is_refused_unread() {
    let dir = pack();
    let big = format!("{CATEGORY}# {}\n", "x".repeat(4 << 20));
    std::fs::write(dir.path().join("big.toml"), big).unwrap();
    let out = check(dir.path(), &[]);
    refused(&out, "big.toml: error: rule file is ");
    refused(&out, " bytes; the limit is 4194304");
}

#[test]
fn too_many_files_in_one_pack() {
    let dir = pack();
    for i in 0..=1_000 {
        std::fs::write(dir.path().join(format!("{i:04}.toml")), "").unwrap();
    }
    refused(
        &check(dir.path(), &[]),
        "more than 1000 rule files; the limit is 1000",
    );
}

#[test]
fn too_many_bytes_in_one_pack() {
    let dir = pack();
    let part = format!("# {}\n", "x".repeat(4_000_000));
    for i in 0..9 {
        std::fs::write(dir.path().join(format!("{i}.toml")), &part).unwrap();
    }
    refused(
        &check(dir.path(), &[]),
        "rule files add up to more than 33554432 bytes",
    );
}

#[test]
fn folders_nested_too_deep() {
    let dir = pack();
    let mut deep = dir.path().to_path_buf();
    for i in 0..20 {
        deep.push(format!("d{i}"));
    }
    std::fs::create_dir_all(&deep).unwrap();
    std::fs::write(deep.join("r.toml"), CATEGORY).unwrap();
    refused(&check(dir.path(), &[]), "folders nested more than 16 deep");
}

#[test]
fn a_phrase_too_long() {
    let dir = pack();
    let long = "word ".repeat(220);
    let toml = format!("{CATEGORY}{}", rule("long", &format!("\"{long}\"")));
    std::fs::write(dir.path().join("r.toml"), toml).unwrap();
    let out = check(dir.path(), &[]);
    refused(
        &out,
        "r.toml:10:12: error: phrase is 1100 characters long; the limit is 1000",
    );
    assert!(
        report(&out).contains("10 | phrases = [\"word word"),
        "{}",
        report(&out)
    );
}

#[test]
fn too_many_phrases_in_one_rule() {
    let dir = pack();
    let phrases: Vec<String> = (0..101).map(|i| format!("\"p{i}\"")).collect();
    let toml = format!("{CATEGORY}{}", rule("many", &phrases.join(", ")));
    std::fs::write(dir.path().join("r.toml"), toml).unwrap();
    refused(
        &check(dir.path(), &[]),
        "more than 100 phrases in one rule; the limit is 100",
    );
}

#[test]
fn too_many_variant_bytes() {
    let dir = pack();
    // Each phrase expands to 8 × 8 × 8 = 512 variants (the per-phrase limit)
    // of about 110 bytes: 56 KB a rule, 16 MiB after some 300 rules.
    let group = "{a|b|c|d|e|f|g|h}";
    let word = "w".repeat(100);
    let mut toml = CATEGORY.to_owned();
    for i in 0..400 {
        toml.push_str(&rule(
            &format!("r{i}"),
            &format!("\"{word}{i} {group}{group}{group}\""),
        ));
    }
    std::fs::write(dir.path().join("r.toml"), toml).unwrap();
    let out = check(dir.path(), &[]);
    refused(&out, "bytes of phrase variants here; the limit is 16777216");
    assert_eq!(
        report(&out).matches("error:").count(),
        1,
        "{}",
        report(&out)
    );
}

#[test]
fn a_regex_over_the_size_limit() {
    let dir = pack();
    let toml = format!(
        "{CATEGORY}{}\nregex = [\"\\\\w{{1000}}\\\\w{{1000}}\"]\n",
        rule("huge", "\"x\"").trim_end()
    );
    std::fs::write(dir.path().join("r.toml"), toml).unwrap();
    refused(&check(dir.path(), &[]), "r.toml:14:");
}

#[test]
fn too_many_regexes() {
    // Each compiles quickly; thousands would still be compiled at every
    // start and run over every posting.
    let dir = pack();
    let mut toml = CATEGORY.to_owned();
    for i in 0..70 {
        toml.push_str(&format!(
            "{}\nregex = [\"x{i} [0-9]+\"]\n\n",
            rule(&format!("r{i}"), "\"p\"").trim_end()
        ));
    }
    std::fs::write(dir.path().join("r.toml"), toml).unwrap();
    let out = check(dir.path(), &[]);
    refused(
        &out,
        "error: more than 64 regex patterns; the limit is 64 (write phrases instead)",
    );
    assert_eq!(
        report(&out).matches("error:").count(),
        1,
        "{}",
        report(&out)
    );
    // Split over two files (parsed on two threads), the total still counts.
    let dir = pack();
    for half in 0..2 {
        let mut toml = CATEGORY.replace("id = \"t\"", &format!("id = \"t{half}\""));
        for i in 0..40 {
            let r = rule(&format!("r{half}-{i}"), "\"p\"")
                .replace("category = \"t\"", &format!("category = \"t{half}\""));
            toml.push_str(&format!("{}\nregex = [\"x{i} [0-9]+\"]\n\n", r.trim_end()));
        }
        std::fs::write(dir.path().join(format!("{half}.toml")), toml).unwrap();
    }
    refused(
        &check(dir.path(), &[]),
        "rules: error: the rules hold 80 regex patterns; the limit is 64",
    );
}

#[test]
fn deep_toml_nesting_is_a_located_error() {
    let dir = pack();
    let deep = format!("x = {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    std::fs::write(dir.path().join("r.toml"), deep).unwrap();
    let out = check(dir.path(), &[]);
    refused(&out, "r.toml:1:");
    // The offending line is quoted around the column, not whole.
    assert!(
        report(&out).len() < 2_000,
        "{} bytes of report",
        report(&out).len()
    );
}

#[test]
fn many_errors_in_one_file_are_capped() {
    let dir = pack();
    let mut toml = CATEGORY.to_owned();
    for i in 0..5_000 {
        toml.push_str(&format!("[[rule]]\nid = \"r{i}\"\nbogus = 1\n"));
    }
    std::fs::write(dir.path().join("r.toml"), toml).unwrap();
    let out = check(dir.path(), &[]);
    refused(&out, "more problems in this file not shown");
    let located = report(&out)
        .lines()
        .filter(|l| {
            l.split("r.toml:")
                .nth(1)
                .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
        })
        .count();
    assert_eq!(located, 100, "{}", report(&out));
}

#[cfg(unix)]
mod links {
    use super::*;
    use std::os::unix::fs::symlink;

    /// A pack whose `linked.toml` links to a rule file outside it.
    fn pack_with_outside_link() -> (tempfile::TempDir, tempfile::TempDir) {
        let outside = pack();
        std::fs::write(
            outside.path().join("secret.toml"),
            format!("{CATEGORY}{}", rule("outside", "\"zzyzx\"")),
        )
        .unwrap();
        let dir = pack();
        std::fs::write(
            dir.path().join("own.toml"),
            format!("{CATEGORY}{}", rule("own", "\"qwv\""))
                .replace("id = \"t\"", "id = \"u\"")
                .replace("category = \"t\"", "category = \"u\""),
        )
        .unwrap();
        symlink(
            outside.path().join("secret.toml"),
            dir.path().join("linked.toml"),
        )
        .unwrap();
        (dir, outside)
    }

    fn rule_ids(dir: &Path, extra: &[&str]) -> (Output, Vec<String>) {
        let out = jdx()
            .args(["--no-default-rules", "--rules"])
            .arg(dir)
            .args(extra)
            .args(["rules", "list", "--format", "json"])
            .output()
            .unwrap();
        let list: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap_or_default();
        let ids = list
            .iter()
            .filter_map(|r| r["id"].as_str().map(str::to_owned))
            .collect();
        (out, ids)
    }

    #[test]
    fn a_link_out_of_the_pack_is_not_followed() {
        let (dir, _outside) = pack_with_outside_link();
        let (out, ids) = rule_ids(dir.path(), &[]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert_eq!(ids, ["own"]);
        // Commands that use the pack say what was skipped.
        let out = jdx()
            .args(["--no-default-rules", "--rules"])
            .arg(dir.path())
            .args(["scan", "-"])
            .write_stdin("zzyzx qwv")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let err = stderr(&out);
        assert!(
            err.contains("linked.toml: warning: symbolic link leads out of the pack folder"),
            "{err}"
        );
        assert!(err.contains("--follow-links"), "{err}");
    }

    #[test]
    fn follow_links_follows_it() {
        let (dir, _outside) = pack_with_outside_link();
        let (out, ids) = rule_ids(dir.path(), &["--follow-links"]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert_eq!(ids, ["outside", "own"]);
        assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));
    }

    #[test]
    fn links_inside_the_pack_are_followed_and_loops_end() {
        let dir = pack();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(
            dir.path().join("sub/r.toml"),
            format!("{CATEGORY}{}", rule("inside", "\"qwv\"")),
        )
        .unwrap();
        // A loop back to the pack root, and a second name for the subfolder.
        symlink(dir.path(), dir.path().join("sub/loop")).unwrap();
        symlink(dir.path().join("sub"), dir.path().join("again")).unwrap();
        let out = check(dir.path(), &[]);
        assert_eq!(out.status.code(), Some(0), "{}", report(&out));
        let (out, ids) = rule_ids(dir.path(), &[]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert_eq!(ids, ["inside"]);
    }
}
