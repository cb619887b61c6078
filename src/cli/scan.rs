//! `jdx scan`

use std::io::Write;

use jdx::render::{self, scan::FileScan};

use super::args::{ScanArgs, ScanFormat};
use super::{Context, Exit, Failure};

pub fn run(cx: &mut Context, args: &ScanArgs) -> Result<Exit, Failure> {
    let (inputs, failed) = cx.read_inputs(&args.input)?;
    let engine = cx.scanner(inputs.iter().map(|i| i.bytes).sum())?;
    let scans: Vec<_> = inputs.iter().map(|i| engine.scan(&i.doc)).collect();
    let files: Vec<FileScan<'_>> = inputs
        .iter()
        .zip(&scans)
        .map(|(i, scan)| FileScan {
            name: &i.name,
            doc: &i.doc,
            scan,
        })
        .collect();
    let out = &mut cx.out;
    match args.format {
        ScanFormat::Text => {
            let palette = cx.palette;
            for file in &files {
                render::scan::text(out, file, &palette)?;
            }
            if !files.is_empty() {
                let total: usize = scans.iter().map(|s| s.hits.len()).sum();
                writeln!(out, "{total} matches in {} inputs", files.len())?;
            }
        }
        ScanFormat::Ndjson => {
            for file in &files {
                render::scan::ndjson(out, file)?;
            }
        }
        ScanFormat::Json => render::scan::json(out, &files)?,
        ScanFormat::Github => {
            for file in &files {
                github(out, file)?;
            }
        }
        ScanFormat::Html => render::html::scan_page(out, &files, &engine.rules().categories)?,
    }
    // --fail-over: the BS index of each posting from its hits.
    let mut over = 0;
    if let Some(n) = args.fail_over {
        for file in &files {
            let bs = jdx::score::score(file.doc.text(), &file.scan.hits).bs_index;
            if bs > n {
                over += 1;
                let message = format!("BS index {bs} is above {n} (--fail-over)");
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
