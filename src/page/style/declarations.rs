//! Declarations as written in a `style` attribute or a rule's block: the
//! kept properties, `!important`, the `background` shorthand.

use cssparser::{Parser, ParserInput, Token};

use super::Declaration;
use super::values::parse_color;

/// The properties the cascade keeps; everything else is dropped at parse time.
const KEPT: &[&str] = &[
    "display",
    "visibility",
    "content-visibility",
    "color",
    "background-color",
    "background-image",
    "background",
    "font-size",
    "font-weight",
    "font-family",
    "letter-spacing",
    "word-spacing",
    "line-height",
    "transform",
    "rotate",
    "outline",
    "outline-style",
    "outline-width",
    "box-shadow",
    "border",
    "border-color",
    "border-bottom",
    "position",
    "opacity",
    "clip",
    "clip-path",
    "overflow",
    "overflow-x",
    "text-shadow",
    "white-space",
    "text-indent",
    "animation",
    "animation-name",
    "animation-iteration-count",
    "text-decoration",
    "content",
    "width",
    "min-width",
    "max-width",
    "height",
    "left",
    "top",
    "right",
    "margin-left",
    "margin-top",
];

/// Parses a `style` attribute's declarations.
#[must_use]
pub fn parse_inline(style: &str) -> Vec<Declaration> {
    let mut input = ParserInput::new(style);
    let mut parser = Parser::new(&mut input);
    parse_declarations(&mut parser)
}

pub(super) fn parse_declarations(p: &mut Parser<'_, '_>) -> Vec<Declaration> {
    let mut out = Vec::new();
    loop {
        let name = match p.next() {
            Ok(Token::Ident(name)) => name.to_ascii_lowercase(),
            Ok(Token::Semicolon) => continue,
            Ok(_) => {
                skip_to_semicolon(p);
                continue;
            }
            Err(_) => break,
        };
        if !matches!(p.next(), Ok(Token::Colon)) {
            skip_to_semicolon(p);
            continue;
        }
        let start = p.position();
        let mut end = start;
        loop {
            let block = match p.next() {
                Ok(Token::Semicolon) | Err(_) => break,
                Ok(
                    Token::Function(_)
                    | Token::ParenthesisBlock
                    | Token::SquareBracketBlock
                    | Token::CurlyBracketBlock,
                ) => true,
                Ok(_) => false,
            };
            if block {
                // Consume the block now, so the value's slice includes it.
                let _ = p.parse_nested_block(|inner| {
                    while inner.next().is_ok() {}
                    Ok::<(), cssparser::ParseError<'_, ()>>(())
                });
            }
            end = p.position();
        }
        if !KEPT.contains(&name.as_str()) {
            continue;
        }
        let raw = p.slice(start..end).trim();
        let (value, important) = split_important(raw);
        if !value.is_empty() {
            expand(&name, value, important, &mut out);
        }
    }
    out
}

/// Expands the shorthands we need (`background`) into longhands.
fn expand(name: &str, value: &str, important: bool, out: &mut Vec<Declaration>) {
    let push = |out: &mut Vec<Declaration>, property: &str, value: &str| {
        out.push(Declaration {
            property: property.to_string(),
            value: value.to_string(),
            important,
        });
    };
    if name == "background" {
        let lower = value.to_ascii_lowercase();
        if lower.contains("url(") || lower.contains("gradient(") {
            push(out, "background-image", value);
        } else {
            push(out, "background-image", "none");
        }
        // The colour is the one token that parses as a colour.
        let colour = value
            .split_whitespace()
            .find(|t| parse_color(t).is_some())
            .or_else(|| {
                lower
                    .find("rgb")
                    .or_else(|| lower.find("hsl"))
                    .map(|i| &value[i..])
            });
        match colour {
            Some(c) => push(out, "background-color", c),
            None => push(out, "background-color", "transparent"),
        }
    } else {
        push(out, name, value);
    }
}

fn skip_to_semicolon(p: &mut Parser<'_, '_>) {
    while let Ok(t) = p.next() {
        if matches!(t, Token::Semicolon) {
            break;
        }
    }
}

fn split_important(raw: &str) -> (&str, bool) {
    if let Some(bang) = raw.rfind('!') {
        let tail = raw[bang + 1..].trim();
        if tail.eq_ignore_ascii_case("important") {
            return (raw[..bang].trim(), true);
        }
    }
    (raw, false)
}
