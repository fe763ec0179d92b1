//! Turns text into tokens.

/// One lexical token.
#[derive(Debug, Clone, PartialEq)]
pub enum Token {
    Num(i64),
    Plus,
    Minus,
    Star,
    Slash,
    LParen,
    RParen,
}

/// Splits `src` into tokens, or says where it went wrong.
pub fn tokenize(src: &str) -> Result<Vec<Token>, String> {
    let mut out = Vec::new();
    let chars: Vec<char> = src.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            ' ' | '\t' | '\n' => {}
            '+' => out.push(Token::Plus),
            '-' => out.push(Token::Minus),
            '*' => out.push(Token::Star),
            '/' => out.push(Token::Slash),
            '(' => out.push(Token::LParen),
            ')' => out.push(Token::RParen),
            d if d.is_ascii_digit() => {
                let (value, len) = number(&chars[i..]);
                out.push(Token::Num(value));
                i += len;
                continue;
            }
            other => return Err(format!("unexpected character {other:?} at {i}")),
        }
        i += 1;
    }
    Ok(out)
}

fn number(chars: &[char]) -> (i64, usize) {
    let digits: String = chars.iter().take_while(|c| c.is_ascii_digit()).collect();
    (digits.parse().unwrap_or(0), digits.len())
}
