//! The input: a set of virtual files (path + bytes), whatever they came from:
//! a directory, a single file, an archive unpacked in the browser, or memory.

use crate::model::Severity;

/// One input file. `path` is relative to the analyzed root and uses `/`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

impl SourceFile {
    pub fn new(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> SourceFile {
        SourceFile {
            path: normalize_path(&path.into()),
            bytes: bytes.into(),
        }
    }
}

/// Why a file's bytes cannot be read as Rust source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError {
    pub line: u32,
    pub column: u32,
    pub message: String,
}

impl DecodeError {
    pub fn severity(&self) -> Severity {
        Severity::Error
    }
}

/// Turns bytes into source text the way rustc reads a file: a UTF-8 BOM is
/// dropped, a shebang line is blanked (keeping positions), and invalid UTF-8
/// or NUL bytes reject the file with the position of the first bad byte.
pub fn decode(mut bytes: Vec<u8>) -> Result<String, DecodeError> {
    // The bytes become the text in place: a std-sized input is 50 MB, which a copy would
    // hold twice for a moment and move once more.
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    let mut text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => {
            let at = err.utf8_error().valid_up_to();
            let bytes = err.as_bytes();
            let (line, column) = position_of(bytes, at);
            return Err(DecodeError {
                line,
                column,
                message: format!(
                    "file is not valid UTF-8 (invalid byte 0x{:02x})",
                    bytes.get(at).copied().unwrap_or_default()
                ),
            });
        }
    };
    if let Some(nul) = text.find('\0') {
        let (line, column) = position_of(text.as_bytes(), nul);
        return Err(DecodeError {
            line,
            column,
            message: "file contains a NUL byte; it looks binary, not Rust source".into(),
        });
    }
    if let Some(len) = shebang_len(&text) {
        text.replace_range(..len, &" ".repeat(len));
    }
    Ok(text)
}

fn shebang_len(text: &str) -> Option<usize> {
    let rest = text.strip_prefix("#!")?;
    if rest.trim_start().starts_with('[') {
        return None;
    }
    Some(text.find('\n').unwrap_or(text.len()))
}

/// Line (1-based) and column (0-based, in chars) of a byte offset in
/// possibly invalid UTF-8; invalid sequences count one column per byte.
fn position_of(bytes: &[u8], offset: usize) -> (u32, u32) {
    let before = &bytes[..offset];
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count();
    (saturate(line), saturate(column))
}

pub(crate) fn saturate(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Makes a path relative and `/`-separated, with `.` and `..` folded
/// lexically; a `..` that would climb above the root is dropped, so no input
/// path can name something outside the analyzed root.
pub fn normalize_path(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            part => parts.push(part),
        }
    }
    parts.join("/")
}

/// Reads a directory tree (or one file) into virtual files: `.rs` files and
/// `Cargo.toml` manifests, skipping build output, VCS data and hidden folders.
#[cfg(feature = "cli")]
pub fn read_path(root: &std::path::Path) -> std::io::Result<Vec<SourceFile>> {
    use std::io::Error;
    let meta = std::fs::metadata(root)?;
    if meta.is_file() {
        let name = root
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "main.rs".into());
        return Ok(vec![SourceFile::new(name, std::fs::read(root)?)]);
    }
    let mut files = Vec::new();
    let walker = walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| entry.depth() == 0 || !is_skipped_dir(entry));
    for entry in walker {
        let entry = entry.map_err(|err| Error::other(err.to_string()))?;
        if !entry.file_type().is_file() || !is_source_name(&entry.file_name().to_string_lossy()) {
            continue;
        }
        let relative = entry.path().strip_prefix(root).unwrap_or(entry.path());
        let bytes = std::fs::read(entry.path())
            .map_err(|err| Error::new(err.kind(), format!("{}: {err}", entry.path().display())))?;
        files.push(SourceFile::new(relative.to_string_lossy(), bytes));
    }
    Ok(files)
}

#[cfg(feature = "cli")]
fn is_skipped_dir(entry: &walkdir::DirEntry) -> bool {
    let name = entry.file_name().to_string_lossy();
    entry.file_type().is_dir()
        && (name.starts_with('.') || name == "target" || name == "node_modules")
}

/// The files the analyzer reads; everything else in a tree is ignored.
pub fn is_source_name(name: &str) -> bool {
    name.ends_with(".rs") || name == "Cargo.toml"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_strips_bom_and_blanks_shebang() {
        let text = decode(b"\xEF\xBB\xBF#!/usr/bin/env run\nfn main() {}".to_vec()).unwrap();
        assert_eq!(
            text,
            format!("{}\nfn main() {{}}", " ".repeat("#!/usr/bin/env run".len()))
        );
        assert_eq!(decode(b"#![allow(x)]".to_vec()).unwrap(), "#![allow(x)]");
    }

    #[test]
    fn decode_reports_invalid_utf8_position() {
        let err = decode(b"fn a() {}\nfn \xff() {}".to_vec()).unwrap_err();
        assert_eq!((err.line, err.column), (2, 3));
        assert!(err.message.contains("0xff"), "{}", err.message);
        let err = decode(b"a\0".to_vec()).unwrap_err();
        assert_eq!((err.line, err.column), (1, 1));
    }

    #[test]
    fn normalize_path_cannot_escape_root() {
        assert_eq!(normalize_path("./src\\a/../b.rs"), "src/b.rs");
        assert_eq!(normalize_path("../../etc/passwd"), "etc/passwd");
        assert_eq!(normalize_path("/abs/x.rs"), "abs/x.rs");
    }
}
