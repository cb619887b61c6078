//! Reading postings: files, `-` and standard input; binary and UTF-8 checks.

use std::io::{self, Read, Write};
use std::path::Path;

use jdx::render::sanitize;
use jdx::Document;

use super::args::{InputArgs, InputKind};

/// One posting as read.
pub struct Input {
    /// The name reported in output (`-` for standard input).
    pub name: String,
    /// Its text.
    pub doc: Document,
    /// Its size in bytes as read.
    pub bytes: usize,
}

/// Reads every input named in `args`, reporting each problem as one line on
/// `err`. Returns what could be read and whether anything failed.
pub fn read_all(args: &InputArgs, err: &mut dyn Write) -> io::Result<(Vec<Input>, bool)> {
    let stdin_only = [Path::new("-").to_path_buf()];
    let files = if args.files.is_empty() {
        &stdin_only[..]
    } else {
        &args.files[..]
    };
    let mut inputs = Vec::new();
    let mut failed = false;
    for path in files {
        let name = path.display().to_string();
        let bytes = if name == "-" {
            read_stdin()
        } else {
            super::batch::read_file(path, None)
        };
        let bytes = match bytes {
            Ok(b) => b,
            Err(e) => {
                writeln!(err, "jdx: {}: {e}", sanitize(&name))?;
                failed = true;
                continue;
            }
        };
        if !args.read.binary && memchr::memchr(0, &bytes).is_some() {
            writeln!(err, "jdx: {}: looks like a binary file (it contains NUL bytes); pass --binary to read it anyway", sanitize(&name))?;
            failed = true;
            continue;
        }
        let size = bytes.len();
        let doc = document(path, bytes, args.read.input_kind);
        if doc.is_lossy() {
            writeln!(err, "jdx: warning: {}: not valid UTF-8; invalid bytes read as U+FFFD (offsets still count the bytes as read)", sanitize(&name))?;
        }
        inputs.push(Input {
            name,
            doc,
            bytes: size,
        });
    }
    Ok((inputs, failed))
}

/// A document of `bytes` read from `path` (`-` for standard input): HTML or
/// text as `kind` says. With `auto`, `.html`, `.htm` and `.xhtml` files are
/// HTML, `.txt`, `.md` and `.markdown` files text, and anything else HTML
/// when it looks like HTML ([`jdx::html::looks_like_html`]).
pub fn document(path: &Path, bytes: Vec<u8>, kind: InputKind) -> Document {
    match kind {
        InputKind::Text => Document::from_bytes(bytes),
        InputKind::Html => Document::from_html_bytes(bytes),
        InputKind::Auto => Document::from_file(&path.to_string_lossy(), bytes),
    }
}

fn read_stdin() -> Result<Vec<u8>, String> {
    let mut buf = Vec::new();
    io::stdin()
        .lock()
        .read_to_end(&mut buf)
        .map_err(|e| e.to_string())?;
    Ok(buf)
}
