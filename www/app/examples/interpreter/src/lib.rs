//! A tiny expression interpreter: lexer, parser and evaluator in three modules.

pub mod lexer;
pub mod parser;
pub mod eval;

pub use eval::evaluate;

/// Parses and evaluates `source` in one go.
pub fn run(source: &str) -> Result<i64, String> {
    let tokens = lexer::tokenize(source)?;
    let expr = parser::Parser::new(tokens).parse_expr()?;
    evaluate(&expr)
}
