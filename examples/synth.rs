//! Writes a generated crate (`cratemap::synth`) to a folder, for tests that
//! need a big input without depending on sources outside the repository
//! (the browser engine tests use ~5 MB of it).
//!
//!   cargo run --example synth -- <dir> [seed] [files] [items per file]

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let number = |index: usize, default: usize| -> Result<usize, String> {
        args.get(index).map_or(Ok(default), |arg| {
            arg.parse().map_err(|_| format!("not a number: {arg}"))
        })
    };
    let run = || -> Result<(), String> {
        let dir = args
            .first()
            .ok_or("usage: synth <dir> [seed] [files] [items per file]")?;
        let (seed, files, items) = (number(1, 1)?, number(2, 100)?, number(3, 10)?);
        for file in cratemap::synth::generate(seed as u64, files, items) {
            let path = Path::new(dir).join(&file.path);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)
                    .map_err(|err| format!("{}: {err}", parent.display()))?;
            }
            std::fs::write(&path, &file.bytes)
                .map_err(|err| format!("{}: {err}", path.display()))?;
        }
        Ok(())
    };
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("synth: {message}");
            ExitCode::FAILURE
        }
    }
}
