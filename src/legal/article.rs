//! Article references as the rulesets write them (`Điều 10 khoản 1 điểm a`,
//! `Danh mục mục 3.14`, `SC 1.4.3`): parsed into parts, compared (an
//! article within another) and cited in Vietnamese and English order.

use crate::lang::Lang;

/// One part of an article reference (`khoản 1`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Part {
    kind: PartKind,
    value: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PartKind {
    Chapter,
    Article,
    Clause,
    Point,
    Annex,
    List,
    Item,
    Criterion,
    Checkpoint,
}

impl PartKind {
    /// The keywords that open a part, as written in reference order.
    const KEYWORDS: [(&'static str, PartKind); 9] = [
        ("Chương", PartKind::Chapter),
        ("Điều", PartKind::Article),
        ("khoản", PartKind::Clause),
        ("điểm", PartKind::Point),
        ("Phụ lục", PartKind::Annex),
        ("Danh mục", PartKind::List),
        ("mục", PartKind::Item),
        ("SC", PartKind::Criterion),
        ("checkpoint", PartKind::Checkpoint),
    ];

    fn vi(self) -> &'static str {
        match self {
            PartKind::Chapter => "Chương",
            PartKind::Article => "Điều",
            PartKind::Clause => "khoản",
            PartKind::Point => "điểm",
            PartKind::Annex => "Phụ lục",
            PartKind::List => "Danh mục",
            PartKind::Item => "mục",
            PartKind::Criterion => "tiêu chí",
            PartKind::Checkpoint => "điểm kiểm tra",
        }
    }

    fn en(self) -> &'static str {
        match self {
            PartKind::Chapter => "Chapter",
            PartKind::Article => "Article",
            PartKind::Clause => "clause",
            PartKind::Point => "point",
            PartKind::Annex => "Annex",
            PartKind::List => "List",
            PartKind::Item => "item",
            PartKind::Criterion => "success criterion",
            PartKind::Checkpoint => "checkpoint",
        }
    }
}

/// An article reference as written in the rulesets, largest part first
/// (`Điều 10 khoản 1 điểm a`, `Danh mục mục 3.14`, `SC 1.4.3`), with an
/// optional note in parentheses at the end (`(thiết bị di động)`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Article {
    pub(super) parts: Vec<Part>,
    /// Text that is no part (a free description), kept as written.
    rest: String,
    note: Option<String>,
}

impl Article {
    /// Parses a reference; text it does not recognise is kept as written.
    #[must_use]
    pub fn parse(text: &str) -> Self {
        let text = text.trim();
        let (body, note) = match (text.ends_with(')'), text.find(" (")) {
            (true, Some(open)) => (
                &text[..open],
                Some(text[open + 2..text.len() - 1].to_string()),
            ),
            _ if text.starts_with('(') && text.ends_with(')') => {
                ("", Some(text[1..text.len() - 1].to_string()))
            }
            _ => (text, None),
        };
        let mut parts: Vec<Part> = Vec::new();
        let mut rest = body;
        while !rest.is_empty() {
            let keyword = PartKind::KEYWORDS.iter().find(|(k, _)| {
                rest.strip_prefix(k)
                    .is_some_and(|after| after.is_empty() || after.starts_with(' '))
            });
            let Some((word, kind)) = keyword else { break };
            let after = rest[word.len()..].trim_start();
            // The value runs to the next keyword (none: `Danh mục mục 3.14`).
            let end = if starts_with_keyword(after) {
                0
            } else {
                next_keyword(after).unwrap_or(after.len())
            };
            let value = after[..end].trim().trim_end_matches(',').to_string();
            parts.push(Part { kind: *kind, value });
            rest = after[end..].trim_start();
        }
        Self {
            parts,
            rest: rest.to_string(),
            note,
        }
    }

    /// Whether this reference lies within `other` (`Điều 18 khoản 1` within `Điều 18`).
    pub(super) fn starts_with(&self, other: &Article) -> bool {
        !other.parts.is_empty()
            && other.rest.is_empty()
            && self.parts.len() >= other.parts.len()
            && self.parts.iter().zip(&other.parts).all(|(a, b)| a == b)
    }

    /// The citation: the parts in Vietnamese order (smallest first), then the
    /// document; English: "Article 10(1)(a) of …".
    pub(super) fn cite(&self, document: &str, lang: Lang) -> String {
        let mut out = match lang {
            Lang::Vi => self.vi_parts(document),
            Lang::En => self.en_parts(document),
        };
        if let Some(note) = &self.note {
            out.push_str(&format!(" ({note})"));
        }
        out
    }

    fn vi_parts(&self, document: &str) -> String {
        let mut words: Vec<String> = self
            .parts
            .iter()
            .rev()
            .map(|p| {
                if p.value.is_empty() {
                    p.kind.vi().to_string()
                } else {
                    format!("{} {}", p.kind.vi(), p.value)
                }
            })
            .collect();
        if !self.rest.is_empty() {
            words.push(self.rest.clone());
        }
        let annex = self
            .parts
            .iter()
            .any(|p| matches!(p.kind, PartKind::Annex | PartKind::List));
        if words.is_empty() {
            document.to_string()
        } else if annex {
            format!("{} ban hành kèm theo {document}", words.join(" "))
        } else {
            format!("{} {document}", words.join(" "))
        }
    }

    fn en_parts(&self, document: &str) -> String {
        let mut words: Vec<String> = Vec::new();
        let mut i = 0;
        while i < self.parts.len() {
            let part = &self.parts[i];
            if part.kind == PartKind::Article {
                // Article 10(1)(a)
                let mut text = format!("Article {}", part.value);
                while let Some(next) = self.parts.get(i + 1)
                    && matches!(next.kind, PartKind::Clause | PartKind::Point)
                {
                    text.push_str(&format!("({})", next.value));
                    i += 1;
                }
                words.push(text);
            } else if part.value.is_empty() {
                words.push(part.kind.en().to_string());
            } else {
                words.push(format!("{} {}", part.kind.en(), part.value));
            }
            i += 1;
        }
        if !self.rest.is_empty() {
            words.push(self.rest.clone());
        }
        if words.is_empty() {
            document.to_string()
        } else {
            format!("{} of {document}", words.join(", "))
        }
    }
}

/// Whether `text` opens with a part keyword.
fn starts_with_keyword(text: &str) -> bool {
    PartKind::KEYWORDS.iter().any(|(k, _)| {
        text.strip_prefix(k)
            .is_some_and(|after| after.is_empty() || after.starts_with(' '))
    })
}

/// The byte offset of the next part keyword in `text` (after a space).
fn next_keyword(text: &str) -> Option<usize> {
    let mut offset = 0;
    for word in text.split(' ') {
        if offset > 0 && starts_with_keyword(&text[offset..]) {
            return Some(offset);
        }
        offset += word.len() + 1;
        if offset >= text.len() {
            break;
        }
    }
    None
}
