//! What one invocation may cost, nested expansions included: a hostile macro (endless
//! recursion, exponential growth, a huge expansion) runs into one of these limits and ends
//! with a diagnostic, never a hang, a stack overflow or an out-of-memory abort.

/// Limits and what is left of them, shared by an invocation and every expansion it leads to.
#[derive(Clone, Debug)]
pub struct Budget {
    /// Nested expansions left (a macro whose output invokes a macro is one level deeper).
    depth: usize,
    /// Matcher and transcriber steps left: a token compared, a token handed to a fragment
    /// parser, a repetition tried.
    steps: u64,
    /// Output tokens left, summed over all expansions.
    tokens: u64,
}

/// Which limit an expansion ran into.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exceeded {
    Depth,
    Steps,
    Tokens,
}

/// Nested expansions one invocation may lead to; rustc's default `recursion_limit`.
pub const MAX_DEPTH: usize = 128;
/// Matcher steps one invocation may take; real tt-munchers over long inputs stay far below.
pub const MAX_STEPS: u64 = 4_000_000;
/// Output tokens one invocation may produce (about 2-4 MB of text).
pub const MAX_TOKENS: u64 = 512 * 1024;

/// What entering one expansion costs, in steps (about what matching a short input costs).
pub const EXPANSION_STEPS: usize = 256;

impl Default for Budget {
    fn default() -> Budget {
        Budget::new(MAX_DEPTH, MAX_STEPS, MAX_TOKENS)
    }
}

impl Budget {
    pub fn new(depth: usize, steps: u64, tokens: u64) -> Budget {
        Budget {
            depth,
            steps,
            tokens,
        }
    }

    /// Spends `n` steps.
    pub fn step(&mut self, n: usize) -> Result<(), Exceeded> {
        self.steps = self.steps.checked_sub(n as u64).ok_or(Exceeded::Steps)?;
        Ok(())
    }

    /// Spends `n` output tokens.
    pub fn emit(&mut self, n: usize) -> Result<(), Exceeded> {
        self.tokens = self.tokens.checked_sub(n as u64).ok_or(Exceeded::Tokens)?;
        Ok(())
    }

    /// Enters one nested expansion; [`Budget::leave`] when it is done. Each expansion
    /// costs [`EXPANSION_STEPS`] too, so that a macro that invokes itself twice per level
    /// runs out of steps after thousands of expansions, not after millions of tiny ones.
    pub fn enter(&mut self) -> Result<(), Exceeded> {
        self.depth = self.depth.checked_sub(1).ok_or(Exceeded::Depth)?;
        self.step(EXPANSION_STEPS)
    }

    pub fn leave(&mut self) {
        self.depth = self.depth.saturating_add(1);
    }
}

impl Exceeded {
    /// The diagnostic's wording.
    pub fn message(self, name: &str) -> String {
        let limit = match self {
            Exceeded::Depth => format!("{MAX_DEPTH} nested expansions"),
            Exceeded::Steps => format!("{MAX_STEPS} matcher steps"),
            Exceeded::Tokens => format!("{MAX_TOKENS} output tokens"),
        };
        format!("expansion of `{name}!` stopped: it passed the limit of {limit}")
    }
}
