//! Synthetic crates: deterministic, valid Rust of any size, for the
//! determinism tests, the property tests and the benchmarks. Every node and
//! edge kind appears, and modules cross files, so a generated crate
//! exercises the whole pipeline.

use crate::vfs::SourceFile;

/// A tiny deterministic generator (xorshift), so that a seed names a crate.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }
}

/// A crate of `files` module files (plus `Cargo.toml` and `src/lib.rs`),
/// each with `items` item groups.
pub fn generate(seed: u64, files: usize, items: usize) -> Vec<SourceFile> {
    let mut rng = Rng::new(seed);
    let mut out = vec![SourceFile::new(
        "Cargo.toml",
        "[package]\nname = \"synth\"\nversion = \"0.1.0\"\n",
    )];
    let mut lib = String::from("//! A generated crate.\n\npub mod shared;\n");
    let groups = files.div_ceil(10).max(1);
    for group in 0..groups {
        lib.push_str(&format!("pub mod group{group};\n"));
        let mut mod_rs = String::new();
        for index in (group * 10)..((group + 1) * 10).min(files) {
            mod_rs.push_str(&format!("pub mod m{index};\n"));
            out.push(SourceFile::new(
                format!("src/group{group}/m{index}.rs"),
                module(&mut rng, index, items),
            ));
        }
        out.push(SourceFile::new(format!("src/group{group}/mod.rs"), mod_rs));
    }
    lib.push_str("pub use shared::Shared;\n\nmacro_rules! square { ($x:expr) => { $x * $x }; }\n\npub fn root() -> u32 { square!(3) }\n");
    out.push(SourceFile::new("src/lib.rs", lib));
    out.push(SourceFile::new(
        "src/shared.rs",
        "/// Shared by every module.\npub trait Shared: Clone {\n    fn id(&self) -> u32;\n    fn twice(&self) -> u32 { self.id() * 2 }\n}\n\npub const LIMIT: usize = 64;\npub static NAME: &str = \"synth\";\npub type Pair<T> = (T, T);\n\npub union Bits { pub int: u32, pub float: f32 }\n",
    ));
    out
}

fn module(rng: &mut Rng, index: usize, items: usize) -> String {
    let mut s = format!("//! Module {index}.\nuse crate::shared::{{Shared, Pair, LIMIT}};\nuse std::collections::HashMap;\n\n");
    for i in 0..items {
        let fields = 1 + rng.below(4);
        s.push_str(&format!("/// Item {i} of module {index}.\n#[derive(Clone, Debug, Default)]\npub struct S{i} {{\n"));
        for f in 0..fields {
            let ty = match rng.below(5) {
                0 => "u32".to_string(),
                1 => "Vec<String>".to_string(),
                2 => format!("Option<Box<S{i}>>"),
                3 => "HashMap<String, Vec<(u8, i64)>>".to_string(),
                _ => "Pair<u16>".to_string(),
            };
            s.push_str(&format!("    pub f{f}: {ty},\n"));
        }
        s.push_str("}\n\n");
        s.push_str(&format!(
            "pub enum E{i} {{\n    A,\n    B(u32, String),\n    C {{ x: i32, y: &'static str }},\n}}\n\n"
        ));
        s.push_str(&format!(
            "impl S{i} {{\n    pub fn new() -> Self {{\n        Self::default()\n    }}\n\n    pub fn size(&self, limit: usize) -> usize {{\n        let v: Vec<u8> = Vec::with_capacity(limit.min(LIMIT));\n        v.len() + helper{i}(limit as u32) as usize\n    }}\n}}\n\n"
        ));
        s.push_str(&format!(
            "impl Shared for S{i} {{\n    fn id(&self) -> u32 {{\n        {}\n    }}\n}}\n\n",
            rng.below(1000)
        ));
        s.push_str(&format!(
            "fn helper{i}(x: u32) -> u32 {{\n    let s = S{i}::new();\n    let n = s.size(x as usize);\n    match x {{\n        0 => 1,\n        _ => x.wrapping_mul({}) + n as u32,\n    }}\n}}\n\n",
            1 + rng.below(97)
        ));
        s.push_str(&format!(
            "pub const C{i}: [u8; 4] = [1, 2, 3, {}];\npub static T{i}: Pair<u8> = (1, 2);\npub type A{i} = Result<S{i}, String>;\n\n",
            rng.below(255)
        ));
        if rng.below(3) == 0 {
            s.push_str(&format!("pub fn callback{i}(f: fn(&str) -> bool, d: &dyn Fn(u8) -> u8, p: *const u8) -> impl Iterator<Item = u8> {{\n    let _ = (f, d, p);\n    std::iter::empty()\n}}\n\n"));
        }
    }
    s
}
