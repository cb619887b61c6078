//! Embeds the built-in rules: their TOML sources (for `jdx rules check`) and the
//! validated rule set, compiled here with the crate's own loader and stored
//! with postcard, so the binary starts without parsing TOML. Errors in the
//! built-in rules fail the build with their `path:line:col`.

#![allow(dead_code, unused_imports, missing_docs, clippy::print_stderr)]

#[path = "src/diagnostic.rs"]
mod diagnostic;
#[path = "src/rules/mod.rs"]
mod rules;
#[path = "src/text.rs"]
mod text;

pub use diagnostic::{Diagnostic, Diagnostics, Severity};

/// The loader's view of the built-ins while building: the sources, nothing precompiled.
mod builtin {
    use std::sync::OnceLock;

    pub(crate) static SOURCES: OnceLock<Vec<(&'static str, &'static str)>> = OnceLock::new();

    pub(crate) fn files() -> &'static [(&'static str, &'static str)] {
        SOURCES.get().map_or(&[], Vec::as_slice)
    }

    pub(crate) fn precompiled() -> Option<crate::rules::Precompiled> {
        None
    }
}

use std::path::{Path, PathBuf};
use std::{env, fs, io};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
    Ok(())
}

/// The `jdx` binary is linked at a fixed address on Linux: a position-independent
/// one has about 20,000 pointers in its static data (vtables, string tables of
/// its dependencies) to relocate at every start, copying some 90 pages first,
/// which took about 1 ms of the 7 to 10 ms of a one-posting run. Only the
/// binary: proc-macro libraries cannot be linked so.
fn link_at_a_fixed_address() {
    let var = |name: &str| env::var(name).unwrap_or_default();
    if var("CARGO_CFG_TARGET_OS") == "linux" && var("CARGO_CFG_TARGET_ARCH") == "x86_64" {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}

fn main() -> io::Result<()> {
    let root = PathBuf::from(env::var("CARGO_MANIFEST_DIR").map_err(io::Error::other)?);
    let out = PathBuf::from(env::var("OUT_DIR").map_err(io::Error::other)?);
    println!("cargo:rerun-if-changed=rules");
    link_at_a_fixed_address();
    for module in ["src/diagnostic.rs", "src/text.rs", "src/rules"] {
        println!("cargo:rerun-if-changed={module}");
    }
    let mut files = Vec::new();
    collect(&root.join("rules"), &mut files)?;
    files.sort();

    let mut code = String::from(
        "/// `(path, content)` of every built-in rule file.\nstatic FILES: &[(&str, &str)] = &[\n",
    );
    let mut sources = Vec::new();
    for file in &files {
        let rel = file.strip_prefix(&root).map_err(io::Error::other)?;
        let rel = rel.to_string_lossy().replace('\\', "/");
        code.push_str(&format!(
            "    ({rel:?}, include_str!({:?})),\n",
            file.display().to_string()
        ));
        let src = fs::read_to_string(file)?;
        sources.push((
            &*Box::leak(rel.into_boxed_str()),
            &*Box::leak(src.into_boxed_str()),
        ));
    }
    code.push_str("];\n\n/// The validated built-in rules, postcard-encoded by build.rs.\n");
    code.push_str("static PRECOMPILED_RULES: &[u8] = include_bytes!(concat!(env!(\"OUT_DIR\"), \"/builtin_rules.postcard\"));\n");
    code.push_str("/// The other validated built-ins, and the rules' regex patterns.\n");
    code.push_str("static PRECOMPILED_REST: &[u8] = include_bytes!(concat!(env!(\"OUT_DIR\"), \"/builtin_rest.postcard\"));\n");
    fs::write(out.join("builtin_rules.rs"), code)?;

    let _ = builtin::SOURCES.set(sources);
    let set = match rules::RuleSet::check(&rules::LoadOptions::default()) {
        Ok(set) => set,
        Err(diags) => {
            eprintln!("{diags}");
            return Err(io::Error::other(format!(
                "{} error(s) in the built-in rules",
                diags.error_count()
            )));
        }
    };
    // The expansions the model does not serialise go alongside, so start-up
    // does not redo them. Two parts, read back on two threads: the rules, and
    // the rest with the rules' regex patterns (compiled on the second thread).
    let exceptions: Vec<&Vec<String>> = set.rules.iter().map(|r| &r.exception_variants).collect();
    let signals: Vec<_> = set
        .roles
        .iter()
        .map(|r| (&r.signals.title_variants, &r.signals.keyword_variants))
        .collect();
    let regexes: Vec<(usize, &Vec<String>)> = set
        .rules
        .iter()
        .enumerate()
        .filter(|(_, r)| !r.regex.is_empty())
        .map(|(i, r)| (i, &r.regex))
        .collect();
    let rules = (&set.rules, exceptions);
    let rest = (&set.categories, &set.combos, &set.roles, signals, regexes);
    let rules = postcard::to_stdvec(&rules).map_err(io::Error::other)?;
    let rest = postcard::to_stdvec(&rest).map_err(io::Error::other)?;
    fs::write(out.join("builtin_rules.postcard"), rules)?;
    fs::write(out.join("builtin_rest.postcard"), rest)
}
