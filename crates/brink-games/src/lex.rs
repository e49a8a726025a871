//! The tokenizer shared by the `.efg` and `.nfg` readers: quoted strings with `\"` escapes,
//! braces, optional commas and bare words (keywords and numbers), each with its byte offset so
//! errors can name line and column.

use crate::model::NumberKind;
use crate::num::{parse_number, Q};
use brink_core::Diagnostic;

#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    Str(String),
    Word(String),
    Open,
    Close,
    Comma,
}

impl Tok {
    /// How the token reads in an error message.
    pub fn describe(&self) -> String {
        match self {
            Tok::Str(s) => format!("string \"{}\"", shorten(s)),
            Tok::Word(w) => format!("`{}`", shorten(w)),
            Tok::Open => "`{`".into(),
            Tok::Close => "`}`".into(),
            Tok::Comma => "`,`".into(),
        }
    }
}

fn shorten(s: &str) -> String {
    if s.chars().count() > 40 {
        format!("{}…", s.chars().take(40).collect::<String>())
    } else {
        s.to_string()
    }
}

/// A cursor over a file's tokens with located errors.
pub struct Lexer<'a> {
    pub file: &'a str,
    pub text: &'a str,
    toks: Vec<(Tok, usize)>,
    pos: usize,
}

impl Lexer<'_> {
    /// The header both Gambit formats share: `MAGIC VERSION R|D "title" { "player" … }`.
    /// Returns the number kind, the title and the players (at least one).
    pub fn header(
        &mut self,
        magic: &str,
        version: &str,
        what: &str,
    ) -> Result<(NumberKind, String, Vec<String>), Diagnostic> {
        self.expect_word(magic, &format!("`{magic}` at the start of {what}"))?;
        self.expect_word(version, &format!("version `{version}` after `{magic}`"))?;
        let numbers = match self.peek() {
            Some(Tok::Word(w)) if w == "R" => NumberKind::Rational,
            Some(Tok::Word(w)) if w == "D" => NumberKind::Decimal,
            _ => return Err(self.unexpected("`R` or `D` (the number kind)")),
        };
        self.next();
        let title = self.expect_str("the game's title (a quoted string)")?;
        self.expect_open("opening the list of players")?;
        let mut players = vec![];
        while !self.eat_close() {
            players.push(self.expect_str("a player's name (a quoted string) or `}`")?);
        }
        if players.is_empty() {
            return Err(self.error_here(
                "the game has no players: expected at least one name between `{` and `}`",
            ));
        }
        Ok((numbers, title, players))
    }
}

impl<'a> Lexer<'a> {
    pub fn new(file: &'a str, text: &'a str) -> Result<Self, Diagnostic> {
        let bytes = text.as_bytes();
        let mut toks = vec![];
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            match b {
                b if b.is_ascii_whitespace() => i += 1,
                b'{' => {
                    toks.push((Tok::Open, i));
                    i += 1;
                }
                b'}' => {
                    toks.push((Tok::Close, i));
                    i += 1;
                }
                b',' => {
                    toks.push((Tok::Comma, i));
                    i += 1;
                }
                b'"' => {
                    let start = i;
                    i += 1;
                    let mut s = Vec::new();
                    loop {
                        match bytes.get(i) {
                            None => {
                                return Err(crate::error::located(
                                    file,
                                    text,
                                    start,
                                    "unterminated string: expected a closing `\"`",
                                ))
                            }
                            Some(b'\\') if i + 1 < bytes.len() => {
                                s.push(bytes[i + 1]);
                                i += 2;
                            }
                            Some(b'"') => {
                                i += 1;
                                break;
                            }
                            Some(&c) => {
                                s.push(c);
                                i += 1;
                            }
                        }
                    }
                    toks.push((Tok::Str(String::from_utf8_lossy(&s).into_owned()), start));
                }
                _ => {
                    let start = i;
                    while i < bytes.len()
                        && !bytes[i].is_ascii_whitespace()
                        && !matches!(bytes[i], b'{' | b'}' | b',' | b'"')
                    {
                        i += 1;
                    }
                    toks.push((
                        Tok::Word(String::from_utf8_lossy(&bytes[start..i]).into_owned()),
                        start,
                    ));
                }
            }
        }
        Ok(Lexer {
            file,
            text,
            toks,
            pos: 0,
        })
    }

    pub fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|(t, _)| t)
    }
    /// Byte offset of the next token (or of the end of the text).
    pub fn offset(&self) -> usize {
        self.toks.get(self.pos).map_or(self.text.len(), |(_, o)| *o)
    }
    pub fn at_end(&self) -> bool {
        self.pos >= self.toks.len()
    }
    pub fn remaining(&self) -> usize {
        self.toks.len() - self.pos
    }
    pub fn next(&mut self) -> Option<Tok> {
        let t = self.toks.get(self.pos).map(|(t, _)| t.clone());
        if t.is_some() {
            self.pos += 1;
        }
        t
    }
    pub fn error_here(&self, message: impl Into<String>) -> Diagnostic {
        crate::error::located(self.file, self.text, self.offset(), message)
    }
    pub fn error_at(&self, offset: usize, message: impl Into<String>) -> Diagnostic {
        crate::error::located(self.file, self.text, offset, message)
    }
    fn found(&self) -> String {
        match self.peek() {
            Some(t) => t.describe(),
            None => "the end of the file".into(),
        }
    }
    pub fn unexpected(&self, expected: &str) -> Diagnostic {
        self.error_here(format!("expected {expected}, found {}", self.found()))
    }

    pub fn expect_word(&mut self, word: &str, what: &str) -> Result<(), Diagnostic> {
        match self.peek() {
            Some(Tok::Word(w)) if w == word => {
                self.pos += 1;
                Ok(())
            }
            _ => Err(self.unexpected(what)),
        }
    }
    pub fn expect_open(&mut self, what: &str) -> Result<(), Diagnostic> {
        match self.peek() {
            Some(Tok::Open) => {
                self.pos += 1;
                Ok(())
            }
            _ => Err(self.unexpected(&format!("`{{` {what}"))),
        }
    }
    pub fn eat_close(&mut self) -> bool {
        if self.peek() == Some(&Tok::Close) {
            self.pos += 1;
            true
        } else {
            false
        }
    }
    pub fn eat_comma(&mut self) {
        if self.peek() == Some(&Tok::Comma) {
            self.pos += 1;
        }
    }
    pub fn expect_str(&mut self, what: &str) -> Result<String, Diagnostic> {
        match self.peek() {
            Some(Tok::Str(s)) => {
                let s = s.clone();
                self.pos += 1;
                Ok(s)
            }
            _ => Err(self.unexpected(what)),
        }
    }
    pub fn eat_str(&mut self) -> Option<String> {
        match self.peek() {
            Some(Tok::Str(s)) => {
                let s = s.clone();
                self.pos += 1;
                Some(s)
            }
            _ => None,
        }
    }
    /// A non-negative integer that fits in `usize` (ids, counts, player numbers).
    pub fn expect_uint(&mut self, what: &str) -> Result<usize, Diagnostic> {
        match self.peek() {
            Some(Tok::Word(w)) => match w.parse::<usize>() {
                Ok(v) => {
                    self.pos += 1;
                    Ok(v)
                }
                Err(_) => Err(self.unexpected(what)),
            },
            _ => Err(self.unexpected(what)),
        }
    }
    pub fn expect_number(&mut self, what: &str) -> Result<Q, Diagnostic> {
        match self.peek() {
            Some(Tok::Word(w)) => match parse_number(w) {
                Some(v) => {
                    self.pos += 1;
                    Ok(v)
                }
                None => Err(self.unexpected(what)),
            },
            _ => Err(self.unexpected(what)),
        }
    }
}

/// A string as written in a Gambit file.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}
