//! The sources JSON that the app and the embeds read to show snippets:
//! `{"files": [{"path": "src/lib.rs", "text": "..."}]}`. `cratemap serve`
//! answers `api/sources.json` with it; `export --format html --sources`
//! inlines it. Invalid UTF-8 is replaced, as the analysis decodes it.

use crate::vfs::SourceFile;

pub fn to_string(files: &[SourceFile]) -> String {
    let files: Vec<serde_json::Value> = files
        .iter()
        .map(|f| serde_json::json!({ "path": f.path, "text": String::from_utf8_lossy(&f.bytes) }))
        .collect();
    serde_json::json!({ "files": files }).to_string()
}
