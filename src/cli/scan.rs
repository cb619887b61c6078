//! `jdx scan`

use std::io::Write;

use jdx::render::{self, explain_score::FileExplanation, scan::FileScan};

use super::args::{ScanArgs, ScanFormat};
use super::{Context, Exit, Failure};

pub fn run(cx: &mut Context, args: &ScanArgs) -> Result<Exit, Failure> {
    if args.explain_score && !matches!(args.format, ScanFormat::Text | ScanFormat::Json) {
        writeln!(
            cx.err,
            "jdx: --explain-score works with --format text or json"
        )?;
        return Ok(Exit::Failure);
    }
    let (inputs, failed) = cx.read_inputs(&args.input)?;
    let bytes = inputs.iter().map(|i| i.bytes).sum();
    // The explanation needs the roles too: the whole engine.
    let engine = match args.explain_score {
        true => cx.engine(bytes)?,
        false => cx.scanner(bytes)?,
    };
    let policies: Vec<_> = inputs.iter().map(|i| cx.policy(&i.name)).collect();
    let scans: Vec<_> = inputs
        .iter()
        .zip(&policies)
        .map(|(i, policy)| engine.scan_with(&i.doc, policy))
        .collect();
    for (i, scan) in inputs.iter().zip(&scans) {
        cx.notices(&i.name, &i.doc, &scan.notices)?;
    }
    let files: Vec<FileScan<'_>> = inputs
        .iter()
        .zip(&scans)
        .map(|(i, scan)| FileScan {
            name: &i.name,
            doc: &i.doc,
            scan,
        })
        .collect();
    let explanations = match args.explain_score {
        true => inputs
            .iter()
            .zip(&policies)
            .map(|(i, policy)| engine.explain_scores(&i.doc, policy))
            .collect::<Result<Vec<_>, _>>()?,
        false => Vec::new(),
    };
    let out = &mut cx.out;
    match args.format {
        ScanFormat::Text => {
            let palette = cx.palette;
            for (n, file) in files.iter().enumerate() {
                render::scan::text(out, file, &palette)?;
                if let Some(explanation) = explanations.get(n) {
                    render::explain_score::text(out, explanation, "", &palette)?;
                    writeln!(out)?;
                }
            }
            if !files.is_empty() {
                render::scan::summary(out, &files)?;
            }
        }
        ScanFormat::Ndjson => {
            for file in &files {
                render::scan::ndjson(out, file)?;
            }
        }
        ScanFormat::Json => {
            let explained: Vec<FileExplanation<'_>> = files
                .iter()
                .zip(&explanations)
                .map(|(f, explanation)| FileExplanation {
                    file: f.name,
                    explanation,
                })
                .collect();
            let explained = args.explain_score.then_some(&explained[..]);
            render::scan::json_explained(out, &files, explained)?
        }
        ScanFormat::Github => {
            for file in &files {
                github(out, file)?;
            }
        }
        ScanFormat::Html => render::html::scan_page(out, &files, &engine.rules().categories)?,
    }
    // --fail-over (or `fail-over` in jdx.toml): the BS index of each posting from its hits.
    let mut over = 0;
    let source = match args.fail_over {
        Some(_) => "--fail-over".to_owned(),
        None => format!("fail-over in {}", cx.config.shown()),
    };
    for (file, policy) in files.iter().zip(&policies) {
        if let Some(n) = args.fail_over.or(policy.fail_over) {
            let bs =
                jdx::score::score(file.doc.text(), &file.scan.hits, &file.scan.combos).bs_index;
            if bs > n {
                over += 1;
                let message = format!("BS index {bs} is above {n} ({source})");
                if args.format == ScanFormat::Github {
                    writeln!(
                        out,
                        "::error file={},title=jdx BS index::{}",
                        github_property(file.name),
                        github_data(&message)
                    )?;
                } else {
                    writeln!(cx.err, "jdx: {}: {message}", render::sanitize(file.name))?;
                }
            }
        }
    }
    out.flush()?;
    Ok(if failed {
        Exit::Failure
    } else if over > 0 {
        Exit::Threshold
    } else {
        Exit::Success
    })
}

/// One GitHub Actions `::warning` workflow command per match.
fn github(w: &mut dyn Write, file: &FileScan<'_>) -> std::io::Result<()> {
    for hit in &file.scan.hits {
        let text = hit.text.split_whitespace().collect::<Vec<_>>().join(" ");
        writeln!(
            w,
            "::warning file={},line={},col={},title={}::{}",
            github_property(file.name),
            hit.line,
            hit.column,
            github_property(&format!("jdx {}/{}", hit.rule.category, hit.rule.id)),
            github_data(&format!(
                "\"{}\" → {}",
                render::sanitize(&text),
                hit.rule.plain
            )),
        )?;
    }
    // A combination rule: at its first member, its members in the message.
    for fired in &file.scan.combos {
        writeln!(
            w,
            "::warning file={},line={},col={},title={}::{}",
            github_property(file.name),
            fired.line,
            fired.column,
            github_property(&format!(
                "jdx combo {}/{}",
                fired.combo.category, fired.combo.id
            )),
            github_data(&format!(
                "{} → {}",
                render::sanitize(&fired.text(&file.scan.hits)),
                fired.combo.plain
            )),
        )?;
    }
    Ok(())
}

/// A workflow command's message, escaped as GitHub's toolkit does.
fn github_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value (`file=`, `title=`), escaped as GitHub's toolkit does.
fn github_property(text: &str) -> String {
    github_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_escapes_follow_the_toolkit() {
        assert_eq!(github_data("50% a:b,c\r\nd"), "50%25 a:b,c%0D%0Ad");
        assert_eq!(github_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }
}
