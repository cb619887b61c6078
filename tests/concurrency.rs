//! Concurrency (issue 7, item 5): two `jdx rules test --update` runs at once
//! on the same pack leave every snapshot whole.
//!
//! (`score` giving the same bytes on 1 and 8 threads is tested in
//! tests/pipelines.rs: `output_is_byte_identical_on_one_and_eight_threads`.)

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// How many copies of each example posting the pack gets, so that the two
/// runs write many snapshots at about the same time.
const COPIES: usize = 12;

/// How many times the race is run, each from a fresh pack.
const ROUNDS: usize = 3;

fn jdx() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_jdx"));
    cmd.env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE");
    cmd
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A copy of examples/rule-pack in `dir` whose snapshots all need updating:
/// each example posting is copied `COPIES` times; every other case's
/// snapshot keeps its header (the command it records) with a stale body,
/// and the rest have no snapshot at all.
fn stale_pack(dir: &Path) -> PathBuf {
    let pack = dir.join("rule-pack");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/rule-pack"),
        &pack,
    );
    let tests = pack.join("tests");
    let mut postings: Vec<PathBuf> = std::fs::read_dir(&tests)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e != "snap"))
        .collect();
    postings.sort();
    assert!(postings.len() >= 3, "the example pack has snapshot cases");
    for posting in &postings {
        let stem = posting.file_stem().unwrap().to_string_lossy().into_owned();
        let ext = posting.extension().unwrap().to_string_lossy().into_owned();
        let snap = std::fs::read_to_string(tests.join(format!("{stem}.snap"))).unwrap();
        let header = snap.lines().next().unwrap();
        assert!(header.starts_with("# jdx "), "{stem}.snap: {header}");
        for n in 0..=COPIES {
            let name = if n == 0 {
                stem.clone()
            } else {
                format!("{stem}-{n}")
            };
            if n > 0 {
                std::fs::copy(posting, tests.join(format!("{name}.{ext}"))).unwrap();
            }
            let snap = tests.join(format!("{name}.snap"));
            if n % 2 == 0 {
                std::fs::write(&snap, format!("{header}\nstale output\n")).unwrap();
            } else if snap.exists() {
                std::fs::remove_file(&snap).unwrap();
            }
        }
    }
    pack
}

/// Every file under `dir`, by path relative to it, with its contents.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    out
}

fn update(pack: &Path) -> Command {
    let mut cmd = jdx();
    cmd.args(["rules", "test", "--color", "never", "--update"])
        .arg(pack)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

fn ok(out: &Output, what: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{what}: {stderr}");
    assert_eq!(stderr, "", "{what}: standard error");
    assert!(
        String::from_utf8_lossy(&out.stdout).contains(" passed, 0 failed"),
        "{what}: {}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn concurrent_rules_test_update_runs_do_not_corrupt_snapshots() {
    // The reference: one run alone.
    let reference_dir = tempfile::tempdir().unwrap();
    let reference = stale_pack(reference_dir.path());
    ok(&update(&reference).output().unwrap(), "the lone run");
    let expected = files(&reference);
    let snaps = expected.keys().filter(|k| k.ends_with(".snap")).count();
    assert_eq!(snaps, 3 * (COPIES + 1), "one snapshot per case");
    for (name, contents) in &expected {
        if name.ends_with(".snap") {
            let text = std::str::from_utf8(contents).unwrap();
            assert!(text.starts_with("# jdx "), "{name}: a header");
            assert!(!text.contains("stale output"), "{name}: updated");
        }
    }
    // Nothing left to update: a plain run passes.
    ok(
        &jdx()
            .args(["rules", "test", "--color", "never"])
            .arg(&reference)
            .output()
            .unwrap(),
        "a run after the update",
    );

    for round in 0..ROUNDS {
        let dir = tempfile::tempdir().unwrap();
        let pack = stale_pack(dir.path());
        let first = update(&pack).spawn().unwrap();
        let second = update(&pack).spawn().unwrap();
        let (first, second) = (
            first.wait_with_output().unwrap(),
            second.wait_with_output().unwrap(),
        );
        ok(&first, &format!("round {round}: first run"));
        ok(&second, &format!("round {round}: second run"));
        let got = files(&pack);
        let leftovers: Vec<_> = got
            .keys()
            .filter(|k| k.ends_with(".tmp") || k.ends_with(".new"))
            .collect();
        assert!(
            leftovers.is_empty(),
            "round {round}: left behind {leftovers:?}"
        );
        assert_eq!(
            got.keys().collect::<Vec<_>>(),
            expected.keys().collect::<Vec<_>>(),
            "round {round}: the same files"
        );
        for (name, contents) in &expected {
            assert!(
                got[name] == *contents,
                "round {round}: {name} differs from the lone run's:\n{}",
                String::from_utf8_lossy(&got[name])
            );
        }
    }
}
