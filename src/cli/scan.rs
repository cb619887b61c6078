//! `jdx scan`

use std::io::Write;

use jdx::render::{self, scan::FileScan, Palette};

use super::args::{ScanArgs, ScanFormat};
use super::{input, Context, Exit, Failure};

pub fn run(cx: &mut Context, args: &ScanArgs) -> Result<Exit, Failure> {
    let (inputs, failed) = input::read_all(&args.input, &mut cx.err)?;
    let engine = cx.engine(inputs.iter().map(|i| i.bytes).sum())?;
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
            let palette = Palette::default();
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
    }
    out.flush()?;
    Ok(if failed { Exit::Failure } else { Exit::Success })
}
