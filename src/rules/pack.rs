//! Reading a rule pack folder from disk, with limits for packs from strangers.
//!
//! A pack may come from anywhere, so reading one is bounded: file size, file
//! count, total size and folder depth. Symbolic links are followed while they
//! stay inside the pack folder; one that leads out of it is skipped with a
//! warning unless the caller asks for links to be followed.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Severity};

/// Largest rule file read; a hostile pack gets an error, not an allocation.
pub(super) const MAX_FILE_BYTES: u64 = 4 << 20;
/// Most bytes of rule files in one pack.
pub(super) const MAX_PACK_BYTES: u64 = 32 << 20;
/// Most rule files in one pack.
pub(super) const MAX_PACK_FILES: usize = 1_000;
/// Deepest folder nesting inside a pack.
pub(super) const MAX_DEPTH: usize = 16;

/// One rule file of a pack, read.
pub(super) struct PackFile {
    /// The path as the user would write it (the pack folder joined with the file).
    pub path: String,
    pub src: String,
}

/// Reads every `*.toml` file under `dir`, sorted by path. Problems (an
/// unreadable folder, a limit passed, a link leading out) go to `diags`; a
/// pack that passes a limit yields no files at all.
pub(super) fn read(dir: &Path, follow_links: bool, diags: &mut Vec<Diagnostic>) -> Vec<PackFile> {
    let shown = dir.display().to_string();
    let root = match std::fs::canonicalize(dir) {
        Ok(root) => root,
        Err(e) => {
            diags.push(Diagnostic::file(&shown, e.to_string()));
            return Vec::new();
        }
    };
    let mut walk = Walk {
        root: &root,
        follow_links,
        visited: BTreeSet::from([root.clone()]),
        paths: Vec::new(),
        bytes: 0,
        diags,
    };
    if let Err(e) = walk.folder(dir, 0) {
        walk.diags.push(Diagnostic::file(&shown, e));
        return Vec::new();
    }
    let mut paths = walk.paths;
    if paths.is_empty() {
        diags.push(Diagnostic::file(
            &shown,
            "no rule files (*.toml) in this folder",
        ));
    }
    paths.sort();
    paths
        .into_iter()
        .filter_map(|path| {
            let shown = path.display().to_string();
            match read_file(&path) {
                Ok(src) => Some(PackFile { path: shown, src }),
                Err(e) => {
                    diags.push(Diagnostic::file(&shown, e));
                    None
                }
            }
        })
        .collect()
}

struct Walk<'a> {
    root: &'a Path,
    follow_links: bool,
    /// Canonical folders already walked: a link loop is walked once.
    visited: BTreeSet<PathBuf>,
    paths: Vec<PathBuf>,
    bytes: u64,
    diags: &'a mut Vec<Diagnostic>,
}

impl Walk<'_> {
    /// Walks `dir`; an `Err` is a limit passed or an I/O error, fatal for the pack.
    fn folder(&mut self, dir: &Path, depth: usize) -> Result<(), String> {
        if depth > MAX_DEPTH {
            return Err(format!(
                "folders nested more than {MAX_DEPTH} deep (at {}); the limit is {MAX_DEPTH}",
                dir.display()
            ));
        }
        // A folder reached twice (through a link, or a link loop) is walked once.
        let canonical =
            std::fs::canonicalize(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        if depth > 0 && !self.visited.insert(canonical) {
            return Ok(());
        }
        let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for entry in entries {
            let entry = entry.map_err(|e| e.to_string())?;
            let path = entry.path();
            let kind = entry.file_type().map_err(|e| e.to_string())?;
            if kind.is_symlink() {
                self.link(&path, depth)?;
            } else if kind.is_dir() {
                self.folder(&path, depth + 1)?;
            } else if kind.is_file() {
                self.file(path)?;
            }
        }
        Ok(())
    }

    fn link(&mut self, path: &Path, depth: usize) -> Result<(), String> {
        let shown = path.display().to_string();
        let Ok(target) = std::fs::canonicalize(path) else {
            self.warn(&shown, "broken symbolic link, skipped");
            return Ok(());
        };
        if !target.starts_with(self.root) && !self.follow_links {
            self.warn(
                &shown,
                &format!(
                    "symbolic link leads out of the pack folder (to {}); not followed (--follow-links follows it)",
                    target.display()
                ),
            );
            return Ok(());
        }
        if target.is_dir() {
            self.folder(path, depth + 1)
        } else {
            self.file(path.to_owned())
        }
    }

    fn file(&mut self, path: PathBuf) -> Result<(), String> {
        if path.extension().is_none_or(|e| e != "toml") {
            return Ok(());
        }
        if self.paths.len() == MAX_PACK_FILES {
            return Err(format!(
                "more than {MAX_PACK_FILES} rule files; the limit is {MAX_PACK_FILES}"
            ));
        }
        // Sizes are added up before anything is read.
        let len = std::fs::metadata(&path).map_or(0, |m| m.len());
        self.bytes = self.bytes.saturating_add(len.min(MAX_FILE_BYTES + 1));
        if self.bytes > MAX_PACK_BYTES {
            return Err(format!(
                "rule files add up to more than {MAX_PACK_BYTES} bytes; the limit is {MAX_PACK_BYTES}"
            ));
        }
        self.paths.push(path);
        Ok(())
    }

    fn warn(&mut self, path: &str, message: &str) {
        let mut d = Diagnostic::file(path, message);
        d.severity = Severity::Warning;
        self.diags.push(d);
    }
}

fn read_file(path: &Path) -> Result<String, String> {
    let len = std::fs::metadata(path).map_err(|e| e.to_string())?.len();
    if len > MAX_FILE_BYTES {
        return Err(format!(
            "rule file is {len} bytes; the limit is {MAX_FILE_BYTES}"
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|_| "rule file is not valid UTF-8".to_owned())
}
