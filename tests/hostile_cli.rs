//! What a person sees when the input is broken: rustc-style diagnostics on stderr, the same
//! diagnostics in the JSON, and the graph of everything else.

use std::process::Command;

#[test]
fn broken_input_prints_rustc_style_diagnostics() {
    let crate_dir = format!("{}/tests/fixtures/hostile_cli", env!("CARGO_MANIFEST_DIR"));
    let out = Command::new(env!("CARGO_BIN_EXE_cratemap"))
        .args(["analyze", &crate_dir, "--max-depth", "64"])
        .output()
        .expect("runs");
    // Broken input is not a failed run: the graph keeps the rest.
    assert!(out.status.success());
    let stderr = String::from_utf8(out.stderr).expect("UTF-8");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 3, "{stderr}");
    assert_eq!(
        lines[0],
        "src/lib.rs:8:16: error: expected an expression; the function is kept without its body"
    );
    assert!(lines[1].starts_with("src/lib.rs:12:35: error: unexpected end of input"));
    assert!(lines[1].ends_with("; only its name is kept"));
    assert_eq!(
        lines[2],
        "cratemap: 2 error(s); the graph keeps everything else"
    );

    let graph: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(graph["files"][0]["status"], "partial");
    let diagnostics = graph["diagnostics"].as_array().expect("a list");
    assert_eq!(diagnostics.len(), 2);
    assert_eq!(diagnostics[0]["line"], 8);
    assert_eq!(diagnostics[0]["column"], 15);
    assert_eq!(diagnostics[0]["severity"], "error");
    let nodes = graph["nodes"].as_array().expect("a list");
    let named = |name: &str| nodes.iter().find(|n| n["name"] == name).cloned();
    assert!(named("done").is_some());
    assert!(named("Nightly").is_some());
    // A struct whose fields do not parse is kept as a stub of its name.
    let stub = named("Unfinished").expect("a stub");
    assert_eq!(
        (stub["kind"].as_str(), &stub["partial"]),
        (Some("struct"), &true.into())
    );
    let half = named("half_written").expect("kept");
    assert_eq!(half["partial"], true);
    assert_eq!(half["signature"], "fn half_written(x: u8) -> u8");
}
