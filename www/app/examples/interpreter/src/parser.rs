//! A recursive-descent parser.

use crate::lexer::Token;

/// The syntax tree.
#[derive(Debug, Clone)]
pub enum Expr {
    Num(i64),
    Neg(Box<Expr>),
    Binary(Box<Expr>, Op, Box<Expr>),
}

/// Binary operators.
#[derive(Debug, Clone, Copy)]
pub enum Op {
    Add,
    Sub,
    Mul,
    Div,
}

/// Holds the tokens and a cursor.
pub struct Parser {
    tokens: Vec<Token>,
    pos: usize,
}

impl Parser {
    /// Starts at the first token.
    pub fn new(tokens: Vec<Token>) -> Self {
        Parser { tokens, pos: 0 }
    }

    /// expr := term (('+' | '-') term)*
    pub fn parse_expr(&mut self) -> Result<Expr, String> {
        let mut lhs = self.parse_term()?;
        while let Some(op) = self.peek_op(&[Token::Plus, Token::Minus]) {
            let rhs = self.parse_term()?;
            lhs = Expr::Binary(Box::new(lhs), op, Box::new(rhs));
        }
        Ok(lhs)
    }

    fn parse_term(&mut self) -> Result<Expr, String> {
        let mut lhs = self.parse_atom()?;
        while let Some(op) = self.peek_op(&[Token::Star, Token::Slash]) {
            let rhs = self.parse_atom()?;
            lhs = Expr::Binary(Box::new(lhs), op, Box::new(rhs));
        }
        Ok(lhs)
    }

    fn parse_atom(&mut self) -> Result<Expr, String> {
        match self.next() {
            Some(Token::Num(n)) => Ok(Expr::Num(n)),
            Some(Token::Minus) => Ok(Expr::Neg(Box::new(self.parse_atom()?))),
            Some(Token::LParen) => {
                let inner = self.parse_expr()?;
                match self.next() {
                    Some(Token::RParen) => Ok(inner),
                    _ => Err("expected `)`".into()),
                }
            }
            other => Err(format!("unexpected {other:?}")),
        }
    }

    fn peek_op(&mut self, wanted: &[Token]) -> Option<Op> {
        let tok = self.tokens.get(self.pos)?;
        if !wanted.contains(tok) {
            return None;
        }
        self.pos += 1;
        Some(match tok {
            Token::Plus => Op::Add,
            Token::Minus => Op::Sub,
            Token::Star => Op::Mul,
            _ => Op::Div,
        })
    }

    fn next(&mut self) -> Option<Token> {
        let tok = self.tokens.get(self.pos).cloned();
        self.pos += 1;
        tok
    }
}
