//! `jdx diff OLD NEW`: scores, role and buzzwords before and after.

mod common;

use std::path::Path;

use common::jdx;
use serde_json::Value;

fn diff_json(old: &Path, new: &Path) -> Value {
    let out = jdx()
        .args(["diff", "--format", "json"])
        .arg(old)
        .arg(new)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    serde_json::from_slice(&out.stdout).expect("JSON")
}

fn items(doc: &Value, key: &str) -> Vec<Value> {
    doc[key].as_array().expect("an array").clone()
}

fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, text).expect("writes");
    path
}

#[test]
fn a_posting_against_itself_is_no_change_and_exits_0() {
    for posting in [
        "corpus/mlops-engineer-hype.txt",
        "corpus/data-analyst-html.html",
        "corpus/backend-engineer-crlf.txt",
    ] {
        let out = jdx()
            .args(["diff", posting, posting])
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        assert!(out.stderr.is_empty(), "{out:?}");
        let text = String::from_utf8(out.stdout).expect("UTF-8");
        assert!(
            text.contains("No change in scores, role or buzzwords"),
            "{text}"
        );
        assert!(
            !text.contains("REMOVED") && !text.contains("ADDED"),
            "{text}"
        );

        let doc = diff_json(Path::new(posting), Path::new(posting));
        assert_eq!(doc["changed"], false);
        assert_eq!(doc["old"], doc["new"]);
        assert!(items(&doc, "removed").is_empty() && items(&doc, "added").is_empty());
        assert_eq!(
            doc["change"],
            serde_json::json!({"bs_index": 0, "matches": 0, "words": 0})
        );
    }
}

#[test]
fn a_posting_against_itself_tells_its_directive_warnings_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = "<!-- jdx-disable no-such-rule -->\nWe leverage synergy.\n";
    let (posting, other) = (write(&dir, "p.md", text), write(&dir, "q.md", text));
    // How many times `jdx diff OLD NEW` warns about the unknown id.
    let warnings = |old: &Path, new: &Path| {
        let out = jdx().arg("diff").arg(old).arg(new).output().expect("runs");
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        let stderr = String::from_utf8(out.stderr).expect("UTF-8");
        stderr
            .matches("`no-such-rule` names no rule or category")
            .count()
    };
    assert_eq!(warnings(&posting, &posting), 1);
    // Two files are two inputs: each tells its own.
    assert_eq!(warnings(&posting, &other), 2);
}

#[test]
fn a_rewrite_lowers_the_bs_index_and_lists_what_it_removed_where_it_was() {
    let old = Path::new("corpus/mlops-engineer-hype.txt");
    let rewritten = jdx().arg("rewrite").arg(old).output().expect("runs");
    assert!(rewritten.status.success());
    let dir = tempfile::tempdir().expect("temp dir");
    let new = write(
        &dir,
        "rewritten.txt",
        &String::from_utf8(rewritten.stdout).expect("UTF-8"),
    );
    let doc = diff_json(old, &new);
    let (before, after) = (&doc["old"]["bs_index"], &doc["new"]["bs_index"]);
    assert!(after.as_i64() < before.as_i64(), "{before} → {after}");
    assert_eq!(
        doc["change"]["bs_index"].as_i64(),
        Some(after.as_i64().unwrap_or(0) - before.as_i64().unwrap_or(0))
    );
    assert_eq!(doc["changed"], true);

    // Every removed match is quoted from OLD at its offsets and line.
    let source = std::fs::read_to_string(old).expect("reads");
    let removed = items(&doc, "removed");
    assert!(!removed.is_empty());
    for m in &removed {
        assert_eq!(m["file"], old.to_string_lossy().as_ref());
        let (start, end) = (m["start"].as_u64(), m["end"].as_u64());
        let (start, end) = (start.unwrap_or(0) as usize, end.unwrap_or(0) as usize);
        assert_eq!(m["text"], source[start..end], "{m}");
        let line = source[..start].matches('\n').count() + 1;
        assert_eq!(m["line"].as_u64(), Some(line as u64), "{m}");
    }
    // What the removed matches were is the drop in matches (the rewrite adds none).
    let matches = |side: &str| doc[side]["matches"].as_i64().unwrap_or(0);
    let added = items(&doc, "added");
    assert_eq!(
        matches("old") - matches("new"),
        removed.len() as i64 - added.len() as i64
    );

    // The text form: one `- OLD:line:col  category/rule  "text"` line each,
    // then one per combination firing that went with them.
    let out = jdx().arg("diff").arg(old).arg(&new).output().expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    let removed_combos = items(&doc, "removed_combos");
    // "fast-paced" goes, and with it the understaffed-team combination.
    assert!(!removed_combos.is_empty(), "{doc}");
    assert!(
        text.contains(&format!(
            "REMOVED ({})",
            removed.len() + removed_combos.len()
        )),
        "{text}"
    );
    for c in &removed_combos {
        let line = format!(
            "  - {}:{}:{}  {}/{} (combo)  ",
            old.display(),
            c["line"],
            c["column"],
            c["category"].as_str().unwrap_or_default(),
            c["rule"].as_str().unwrap_or_default(),
        );
        assert!(text.contains(&line), "{line} not in\n{text}");
    }
    for m in &removed {
        let line = format!(
            "  - {}:{}:{}  {}/{}  \"{}\"",
            old.display(),
            m["line"],
            m["column"],
            m["category"].as_str().unwrap_or_default(),
            m["rule"].as_str().unwrap_or_default(),
            m["text"].as_str().unwrap_or_default()
        );
        assert!(text.contains(&line), "{line} not in\n{text}");
    }
    let bs_row = text
        .lines()
        .find(|l| l.starts_with("BS index"))
        .expect("a BS index row");
    assert!(
        bs_row.ends_with(&format!(
            "-{}",
            before.as_i64().unwrap_or(0) - after.as_i64().unwrap_or(0)
        )),
        "{bs_row}"
    );
}

#[test]
fn added_phrases_are_located_in_new_and_moved_ones_are_not_changes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let old = write(
        &dir,
        "old.txt",
        "Data Engineer\n\nWe leverage synergy daily.\nJoin our rockstars.\n",
    );
    // The two body lines swapped, one line added.
    let new = write(
        &dir,
        "new.txt",
        "Data Engineer\n\nJoin our rockstars.\nWe leverage synergy daily.\nA cutting-edge team awaits.\n",
    );
    let doc = diff_json(&old, &new);
    assert!(items(&doc, "removed").is_empty(), "{doc}");
    let added = items(&doc, "added");
    assert_eq!(added.len(), 1, "{doc}");
    assert_eq!(added[0]["file"], new.to_string_lossy().as_ref());
    assert_eq!(added[0]["line"], 5);
    assert_eq!(added[0]["column"], 3);
    assert_eq!(added[0]["text"], "cutting-edge");

    let out = jdx()
        .arg("diff")
        .arg(&old)
        .arg(&new)
        .output()
        .expect("runs");
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    assert!(text.contains("ADDED (1)"), "{text}");
    assert!(
        text.contains(&format!(
            "  + {}:5:3  hype/cutting-edge  \"cutting-edge\"",
            new.display()
        )),
        "{text}"
    );
    assert!(!text.contains("REMOVED"), "{text}");
}

#[test]
fn one_side_can_come_from_standard_input_but_not_both() {
    let posting = "corpus/sdet-startup.txt";
    let out = jdx()
        .args(["diff", "--format", "json", posting, "-"])
        .write_stdin(std::fs::read(posting).expect("reads"))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(doc["changed"], false);
    assert_eq!(doc["new"]["file"], "-");

    let out = jdx()
        .args(["diff", "-", "-"])
        .write_stdin("x")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).expect("UTF-8");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("jdx: standard input"), "{err}");
}

#[test]
fn a_missing_file_is_one_line_on_stderr_and_exit_2() {
    for (old, new) in [
        ("corpus/no-such-posting.txt", "corpus/sdet-plain.txt"),
        ("corpus/sdet-plain.txt", "corpus/no-such-posting.txt"),
    ] {
        let out = jdx().args(["diff", old, new]).output().expect("runs");
        assert_eq!(out.status.code(), Some(2), "{out:?}");
        assert!(out.stdout.is_empty(), "{out:?}");
        let err = String::from_utf8(out.stderr).expect("UTF-8");
        assert_eq!(
            err, "jdx: corpus/no-such-posting.txt: no such file\n",
            "{old} {new}"
        );
    }
}

#[test]
fn fail_over_applies_to_new_only() {
    let foggy = "corpus/mlops-engineer-hype.txt";
    let plain = "corpus/sdet-plain.txt";
    // NEW above the bar fails, whatever OLD was…
    let out = jdx()
        .args(["diff", "--fail-over", "20", foggy, foggy])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let err = String::from_utf8(out.stderr).expect("UTF-8");
    assert!(
        err.starts_with(&format!("jdx: {foggy}: BS index ")) && err.ends_with("(--fail-over)\n"),
        "{err}"
    );
    assert!(!out.stdout.is_empty(), "the diff is still printed");
    // …and a foggy OLD does not fail a plain NEW.
    let out = jdx()
        .args(["diff", "--fail-over", "20", foggy, plain])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
}

#[test]
fn colors_only_when_asked_or_on_a_terminal() {
    let args = [
        "diff",
        "corpus/mlops-engineer-hype.txt",
        "corpus/sdet-plain.txt",
    ];
    let plain = jdx().args(args).output().expect("runs");
    assert!(!plain.stdout.contains(&0x1b), "no escapes through a pipe");
    let colored = jdx()
        .args(args)
        .arg("--color=always")
        .output()
        .expect("runs");
    assert!(colored.stdout.contains(&0x1b));
    let stripped = anstream::adapter::strip_bytes(&colored.stdout).into_vec();
    assert_eq!(stripped, plain.stdout, "the same text under the colors");
}
