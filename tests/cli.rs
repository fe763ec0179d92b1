//! The command line as a user runs it.

use std::process::Command;

fn cratemap(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_cratemap"))
        .args(args)
        .output()
        .expect("runs")
}

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn analyze_writes_json_and_dot() {
    let out = cratemap(&["analyze", &fixture("kinds")]);
    assert!(out.status.success());
    let graph: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(graph["schema"], "cratemap/graph@1");
    assert!(
        graph["stats"].get("phases_ms").is_none(),
        "reproducible by default"
    );

    let out = cratemap(&["analyze", &fixture("kinds"), "--format", "dot"]);
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .starts_with("digraph cratemap {"));
}

#[test]
fn thread_counts_give_identical_output() {
    let outputs: Vec<Vec<u8>> = ["1", "2", "4", "8"]
        .iter()
        .map(|t| cratemap(&["analyze", &fixture("modules"), "--threads", t]).stdout)
        .collect();
    assert!(outputs.windows(2).all(|w| w[0] == w[1]));
}

#[test]
fn stats_prints_a_table_and_timings() {
    let dir = std::env::temp_dir().join(format!("cratemap-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out_file = dir.join("g.json");
    let out = cratemap(&[
        "analyze",
        &fixture("kinds"),
        "--stats",
        "-o",
        out_file.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("phases (ms):") && stderr.contains("parse"),
        "{stderr}"
    );
    let graph: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&out_file).unwrap()).unwrap();
    assert!(graph["stats"]["phases_ms"]["parse"].is_number());
    assert!(graph["stats"]["threads"].is_number());
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn diagnostics_print_like_rustc() {
    let out = cratemap(&["analyze", &fixture("modules")]);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("src/extra/forgotten.rs:1:1: warning: file is not reachable"),
        "{stderr}"
    );
}

#[test]
fn clear_errors_for_bad_paths() {
    let out = cratemap(&["analyze", "/no/such/path"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("error: `/no/such/path` does not exist"));

    let empty = std::env::temp_dir().join(format!("cratemap-empty-{}", std::process::id()));
    std::fs::create_dir_all(&empty).unwrap();
    let out = cratemap(&["analyze", empty.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("no Rust files"));
    std::fs::remove_dir_all(empty).ok();
}

#[test]
fn clear_error_for_an_unwritable_output() {
    let out = cratemap(&[
        "analyze",
        &fixture("kinds"),
        "-o",
        "/no/such/dir/graph.json",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("error: cannot write `/no/such/dir/graph.json`"),
        "{stderr}"
    );
}
