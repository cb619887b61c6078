//! The rule loader over arbitrary TOML: the input is written as the one file
//! of a pack folder and loaded with `RuleSet::load`, as `--rules DIR` does.
//! The first byte says whether the built-in rules load too. A pack that loads
//! is compiled and run on its own examples and a short posting.
#![no_main]

use std::path::PathBuf;

use jdx::{Document, Engine, LoadOptions, RuleSet};
use libfuzzer_sys::fuzz_target;

thread_local! {
    static PACK: PathBuf = {
        let dir = std::env::temp_dir().join(format!("jdx-fuzz-rules-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    };
}

fuzz_target!(|data: &[u8]| {
    let Some((&flags, toml)) = data.split_first() else {
        return;
    };
    PACK.with(|dir| {
        std::fs::write(dir.join("pack.toml"), toml).unwrap();
        let options = LoadOptions {
            builtin: flags & 1 != 0,
            packs: vec![dir.clone()],
            ..LoadOptions::default()
        };
        let Ok(rules) = RuleSet::load(&options) else {
            return;
        };
        let Ok(engine) = Engine::new(rules) else {
            return;
        };
        let _ = jdx::examples::run(&engine);
        let doc = Document::new("We leverage synergy as rockstar ninjas in a fast-paced team.\n");
        let scan = engine.scan(&doc);
        let _ = jdx::score::score(doc.text(), &scan.hits, &scan.combos);
        if !engine.rules().roles.is_empty() {
            let _ = engine.analyze(&doc, &jdx::AnalyzeOptions::default());
        }
    });
});
