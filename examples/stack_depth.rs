//! Finds how deep each kind of nesting can go before the analyzer overflows a thread's stack,
//! with the depth guard turned off. The guard's default (`cratemap::pipeline::MAX_DEPTH`) must
//! stay well below the smallest of these on every stack the analyzer runs on.
//!
//! ```sh
//! cargo run --release --example stack_depth               # 2 MiB, 8 MiB and 64 MiB stacks
//! cargo run --release --example stack_depth -- 1048576    # other stack sizes, in bytes
//! ```
//!
//! Each attempt runs in a child process (a stack overflow aborts the process); the depth is a
//! binary search over the number of nesting levels, reported also in the guard's units
//! (`cratemap::syntax::scan::nesting`).
//!
//! `--case KIND LEVELS` prints one case as JSON instead, for the same measurement in the wasm
//! builds (`bench/stack_depth.mjs`): `{"source", "units", "graph"}`, where `graph` is the
//! native graph's JSON with the guard off, made on a stack far larger than any case needs.

use cratemap::syntax::scan::{nesting, Nesting};
use cratemap::{Limits, Options, SourceFile};
use std::process::{Command, Stdio};

/// Makes the source of a file nested `n` levels deep.
type Make = fn(usize) -> String;

/// Nesting constructs, by name.
const KINDS: &[(&str, Make)] = &[
    ("parens", |n| {
        format!("fn f() {{ {}1{}; }}", "(".repeat(n), ")".repeat(n))
    }),
    ("blocks", |n| {
        format!("fn f() {{ {}{} }}", "{ ".repeat(n), "} ".repeat(n))
    }),
    ("arrays", |n| {
        format!("fn f() {{ {}1{}; }}", "[".repeat(n), "]".repeat(n))
    }),
    ("unary", |n| format!("fn f() {{ {}1; }}", "- ".repeat(n))),
    ("binary", |n| format!("fn f() {{ 1{}; }}", " + 1".repeat(n))),
    ("methods", |n| {
        format!("fn f() {{ x{}; }}", ".f()".repeat(n))
    }),
    ("else_if", |n| {
        format!("fn f() {{ if a {{}}{} }}", " else if a {}".repeat(n))
    }),
    ("closures", |n| {
        format!("fn f() {{ {}1; }}", "|x| ".repeat(n))
    }),
    ("returns", |n| {
        format!("fn f() {{ {}1; }}", "return ".repeat(n))
    }),
    ("ref_types", |n| {
        format!("fn f(x: {}u8) {{}}", "& ".repeat(n))
    }),
    ("generic_types", |n| {
        format!("fn f(x: {}u8{}) {{}}", "Vec<".repeat(n), ">".repeat(n))
    }),
    ("tuple_types", |n| {
        format!("fn f(x: {}u8{}) {{}}", "(".repeat(n), ",)".repeat(n))
    }),
    ("patterns", |n| {
        format!("fn f() {{ let {}x{} = 1; }}", "(".repeat(n), ")".repeat(n))
    }),
    ("modules", |n| {
        format!("{}{}", "mod a { ".repeat(n), "} ".repeat(n))
    }),
    ("impl_in_fn", |n| {
        format!("{}{}", "fn f() { impl X { ".repeat(n), "} } ".repeat(n))
    }),
];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("--child") => {
            let levels = args[2].parse().expect("depth");
            analyze(make(&args[1])(levels), args[3].parse().expect("stack"));
            return;
        }
        Some("--case") => {
            case(&args[1], args[2].parse().expect("levels"));
            return;
        }
        _ => {}
    }
    let stacks: Vec<usize> = if args.is_empty() {
        vec![2 << 20, 8 << 20, 64 << 20]
    } else {
        args.iter()
            .map(|a| a.parse().expect("a stack size in bytes"))
            .collect()
    };
    print!("{:<14}", "kind");
    for stack in &stacks {
        print!(" {:>22}", format!("{} MiB: levels (units)", stack >> 20));
    }
    println!();
    let mut smallest = vec![usize::MAX; stacks.len()];
    for (name, make) in KINDS {
        print!("{name:<14}");
        for (i, &stack) in stacks.iter().enumerate() {
            let levels = deepest(name, stack);
            let units = units(&make(levels));
            smallest[i] = smallest[i].min(units);
            print!(" {:>22}", format!("{levels} ({units})"));
        }
        println!();
    }
    print!("{:<14}", "smallest units");
    for units in smallest {
        print!(" {units:>22}");
    }
    println!();
}

/// The nesting of `text` in the guard's units.
fn units(text: &str) -> usize {
    // The smallest limit within which `text` needs no pruning.
    let (mut low, mut high) = (0usize, text.len() + 1);
    while low < high {
        let mid = (low + high) / 2;
        if nesting(text, mid) == Nesting::Within {
            high = mid;
        } else {
            low = mid + 1;
        }
    }
    low
}

/// The most levels of `kind` that a thread with `stack` bytes survives (a binary search over
/// child processes), capped at 200,000.
fn deepest(kind: &str, stack: usize) -> usize {
    let exe = std::env::current_exe().expect("own path");
    let survives = |levels: usize| {
        Command::new(&exe)
            .args(["--child", kind, &levels.to_string(), &stack.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    let (mut low, mut high) = (0usize, 200_000usize);
    if survives(high) {
        return high;
    }
    while high - low > 1.max(low / 100) {
        let mid = (low + high) / 2;
        if survives(mid) {
            low = mid;
        } else {
            high = mid;
        }
    }
    low
}

/// The generator of `kind`'s sources.
fn make(kind: &str) -> Make {
    KINDS
        .iter()
        .find(|(name, _)| *name == kind)
        .unwrap_or_else(|| panic!("unknown kind {kind}"))
        .1
}

/// Prints `kind` nested `levels` deep as a case for the wasm measurement.
fn case(kind: &str, levels: usize) {
    let source = make(kind)(levels);
    let units = units(&source);
    // Far more than the deepest case the wasm builds can take needs natively.
    let graph = analyze(source.clone(), 1 << 30);
    let case = serde_json::json!({ "source": source, "units": units, "graph": graph });
    println!("{case}");
}

/// Analyzes `source` as `src/lib.rs`, guard off, on one thread with `stack` bytes; returns the
/// graph's JSON (exporting walks the graph too).
fn analyze(source: String, stack: usize) -> String {
    let file = SourceFile::new("src/lib.rs", source);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .stack_size(stack)
        .build()
        .expect("a thread");
    let options = Options {
        threads: None,
        limits: Limits {
            max_depth: usize::MAX,
            ..Limits::default()
        },
        timings: false,
    };
    let graph = pool.install(|| cratemap::analyze(vec![file], &options));
    cratemap::export::json::to_string(&graph)
}
