//! Evaluates a syntax tree.

use crate::parser::{Expr, Op};

/// Computes the value of `expr`; division by zero is an error.
pub fn evaluate(expr: &Expr) -> Result<i64, String> {
    Ok(match expr {
        Expr::Num(n) => *n,
        Expr::Neg(inner) => -evaluate(inner)?,
        Expr::Binary(lhs, op, rhs) => apply(*op, evaluate(lhs)?, evaluate(rhs)?)?,
    })
}

fn apply(op: Op, a: i64, b: i64) -> Result<i64, String> {
    match op {
        Op::Add => Ok(a + b),
        Op::Sub => Ok(a - b),
        Op::Mul => Ok(a * b),
        Op::Div if b == 0 => Err("division by zero".to_string()),
        Op::Div => Ok(a / b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adds() {
        assert_eq!(crate::run("1 + 2 * 3"), Ok(7));
    }
}
