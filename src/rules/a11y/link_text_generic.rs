//! `link-text-generic`: a link's text says nothing about where it goes ("xem thêm", "chi tiết", "click here").
//!
//! **What it checks.** Every link in the accessibility tree whose accessible
//! name, lower-cased and stripped of punctuation, is one of the generic
//! phrases Vietnamese and English portals use — "xem thêm", "chi tiết",
//! "xem chi tiết", "tại đây", "click vào đây", "bấm vào đây", "nhấn vào đây",
//! "đọc tiếp", "xem tiếp", "click here", "read more", "more"… — fails when
//! nothing else names the target, and needs review (cant_tell) when a
//! `title`, `aria-describedby` or the sentence, list item or table cell
//! around it may give the context. The other links need a person to judge
//! whether their text is descriptive: they are reported once per page, not
//! one row per link, and the report's review checklist folds those page
//! items into one per site; generic phrases in context fold by `phrase`.
//!
//! **Why.** Screen-reader users jump from link to link; a list of twenty
//! "Xem thêm" says nothing. Thông tư 32/2017 Điều 18 khoản 1 điểm d requires
//! meaningful link text (or a `title` that explains it). WCAG 2.0 SC 2.4.4
//! (Link Purpose (In Context), level A); ACT rules aizyf1 and 5effbb.
//!
//! **Fails:** `<a href="/tin-tuc/123">Xem thêm</a>` alone in its block
//!
//! **Passes:** `<a href="/tin-tuc/123">Hội nghị tổng kết công tác năm 2025</a>` (after review)

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use crate::page::{El, Page};
use crate::rules::{Check, Family, Findings, Rule};

/// Generic link texts, normalised (NFC, lower case, no punctuation).
const GENERIC: &[&str] = &[
    "xem thêm",
    "chi tiết",
    "xem chi tiết",
    "tại đây",
    "ở đây",
    "click vào đây",
    "bấm vào đây",
    "nhấn vào đây",
    "kích vào đây",
    "đọc tiếp",
    "xem tiếp",
    "đọc thêm",
    "thêm",
    "xem",
    "tiếp",
    "tiếp theo",
    "liên kết",
    "link",
    "đây",
    "click",
    "click here",
    "here",
    "read more",
    "more",
    "learn more",
    "more info",
    "details",
    "continue",
    "this link",
    "go",
    "link here",
];

/// The name lower-cased with punctuation and arrows removed.
#[must_use]
pub fn normalise(name: &str) -> String {
    normalised(name).collect()
}

/// Whether `a` and `b` normalise to the same text, stopping at the first
/// character that differs: a link's address and the headings it may lead to
/// are rarely its name, and most differ from the first character.
fn same_normalised(a: &str, b: &str) -> bool {
    normalised(a).eq(normalised(b))
}

/// The characters of the normalised `name`, lazily. Every link's name and
/// address pass here (several times per link): one pass, punctuation and white
/// space collapsed to single spaces on the way (every kept character is
/// alphanumeric or a space); the recomposition is skipped when the text is
/// already NFC (ASCII always is), the common case.
fn normalised(name: &str) -> impl Iterator<Item = char> + '_ {
    let lowered: Box<dyn Iterator<Item = char> + '_> = if name.is_ascii() {
        Box::new(name.chars().map(|c| c.to_ascii_lowercase()))
    } else if is_nfc_quick(name.chars()) == IsNormalized::Yes {
        Box::new(name.chars().flat_map(char::to_lowercase))
    } else {
        Box::new(name.nfc().flat_map(char::to_lowercase))
    };
    Collapsed {
        chars: lowered,
        started: false,
        space: false,
        pending: None,
    }
}

/// Alphanumeric runs of `chars` joined by single spaces.
struct Collapsed<I> {
    chars: I,
    started: bool,
    space: bool,
    pending: Option<char>,
}

impl<I: Iterator<Item = char>> Iterator for Collapsed<I> {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        if let Some(c) = self.pending.take() {
            return Some(c);
        }
        loop {
            let c = self.chars.next()?;
            if !c.is_alphanumeric() {
                self.space = true;
                continue;
            }
            let gap = self.space && self.started;
            self.space = false;
            self.started = true;
            if gap {
                self.pending = Some(c);
                return Some(' ');
            }
            return Some(c);
        }
    }
}

/// Whether the link text is one of the generic phrases.
#[must_use]
pub fn is_generic(name: &str) -> bool {
    // The longest phrase is far shorter than this: skip the normalisation.
    if name.len() > 48 {
        return false;
    }
    // Normalised, a name longer than every phrase is none of them: most
    // names a link carries are, and stop being normalised there.
    let mut n = String::with_capacity(LONGEST_GENERIC + 4);
    for c in normalised(name) {
        n.push(c);
        if n.len() > LONGEST_GENERIC {
            return false;
        }
    }
    !n.is_empty() && GENERIC.contains(&n.as_str())
}

/// The longest generic phrase, in bytes.
const LONGEST_GENERIC: usize = {
    let mut longest = 0;
    let mut i = 0;
    while i < GENERIC.len() {
        if GENERIC[i].len() > longest {
            longest = GENERIC[i].len();
        }
        i += 1;
    }
    longest
};

/// Whether something around the link may tell what it is for.
fn has_context(page: &Page, link: El<'_>, name: &str) -> bool {
    if link
        .attr("title")
        .is_some_and(|t| !t.trim().is_empty() && !same_normalised(t, name))
        || link
            .attr("aria-describedby")
            .is_some_and(|ids| ids.split_ascii_whitespace().any(|id| page.id_count(id) > 0))
    {
        return true;
    }
    // The nearest sentence-like block, looked for only up to the nearest
    // section-like container (a layout cell holding the whole page is no context).
    let block = link
        .ancestors()
        .take_while(|a| {
            !matches!(
                a.name(),
                "article"
                    | "section"
                    | "main"
                    | "nav"
                    | "aside"
                    | "header"
                    | "footer"
                    | "body"
                    | "div"
            )
        })
        .find(|a| {
            matches!(
                a.name(),
                "p" | "li" | "td" | "th" | "dd" | "figcaption" | "blockquote"
            )
        });
    block.is_some_and(|b| {
        let own = alphanumerics(&link.text(), usize::MAX);
        alphanumerics_in(b, own + 4) > own + 3
    })
}

fn alphanumerics(text: &str, cap: usize) -> usize {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .take(cap)
        .count()
}

/// Alphanumeric characters in the element's text, counting stops at `cap`.
fn alphanumerics_in(el: El<'_>, cap: usize) -> usize {
    let mut count = 0;
    for text in el.element_ref().text() {
        count += alphanumerics(text, cap - count);
        if count >= cap {
            break;
        }
    }
    count
}

/// Whether the link's purpose is stated by construction, so no person needs to
/// read it: its text is its own destination (`<a href="/gioi-thieu">/gioi-thieu</a>`),
/// or it leads within the page to a section whose heading or name it repeats
/// (a table of contents), or to the page's main landmark (a skip link).
fn self_describing(page: &Page, link: El<'_>, name: &str) -> bool {
    let Some(href) = link.attr("href").map(str::trim) else {
        return false;
    };
    // Only a name with some letter or digit can repeat anything.
    if normalised(name).next().is_none() {
        return false;
    }
    if same_normalised(href, name) {
        return true;
    }
    let Some(id) = href.strip_prefix('#').filter(|id| !id.is_empty()) else {
        return false;
    };
    let Some(target) = page.by_id(id).next() else {
        return false;
    };
    if target.name() == "main"
        || target
            .attr("role")
            .is_some_and(|r| r.trim().eq_ignore_ascii_case("main"))
    {
        return true;
    }
    let own = normalise(name);
    let titled = |el: El<'_>| {
        normalised(page.accessible_name(el)).eq(own.chars())
            || normalised(&el.text()).eq(own.chars())
    };
    std::iter::once(target)
        .chain(target.descendants())
        .filter(|el| matches!(el.name(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6"))
        .take(1)
        .any(titled)
        || target.attr("aria-labelledby").is_some_and(|ids| {
            ids.split_ascii_whitespace()
                .filter_map(|i| page.by_id(i).next())
                .any(titled)
        })
}

/// The rule as the registry lists it (`super::RULES`).
pub const RULE: Rule = Rule {
    id: "link-text-generic",
    family: Family::A11y,
    check: Check::Page(check),
};

/// Runs the rule on one page.
pub fn check(page: &Page, out: &mut Findings) {
    if !super::html(page) {
        return;
    }
    let links = page.with_roles(super::LINK_ROLES, &["a", "area"]);
    let mut to_review: Vec<El<'_>> = Vec::new();
    for link in links {
        if page.is_hidden(link) {
            continue;
        }
        let name = page.accessible_name(link);
        if name.is_empty() {
            continue;
        }
        if is_generic(name) {
            let finding = if has_context(page, link, name) {
                out.cant_tell(link)
            } else {
                out.fail(link)
            };
            // `phrase` names the review pattern: the same phrase in context is
            // judged once per site (`review_by` in rulesets/a11y.toml).
            finding.arg("text", name).arg("phrase", normalise(name));
        } else if self_describing(page, link, name) {
            out.pass();
        } else {
            to_review.push(link);
        }
    }
    // One review item per page, on the first link, with its own message
    // (the generic-phrase message would accuse good links): `text` is the
    // first link's text (the review checklist's distinct texts read it),
    // `texts` every distinct text of the page, one per line, `count` the
    // links to read.
    if let Some(first) = to_review.first() {
        let mut texts: Vec<&str> = Vec::new();
        for link in &to_review {
            let name = page.accessible_name(*link);
            if !texts.contains(&name) {
                texts.push(name);
            }
        }
        out.cant_tell(*first)
            .variant("page")
            .arg("text", page.accessible_name(*first))
            .arg("texts", texts.join("\n"))
            .arg("count", to_review.len().to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::is_generic;

    #[test]
    fn generic_texts() {
        for g in [
            "Xem thêm »",
            "CHI TIẾT",
            "Click vào đây",
            "read more…",
            "More",
        ] {
            assert!(is_generic(g), "{g}");
        }
        for d in ["Lịch tiếp công dân", "Xem thêm tin về hội nghị", ""] {
            assert!(!is_generic(d), "{d}");
        }
        // Decomposed Vietnamese (e + U+0302 + U+0301) is recomposed first.
        assert!(is_generic("Xem the\u{302}m"));
        assert_eq!(super::normalise("/Gioi-Thieu?x=1"), "gioi thieu x 1");
        assert!(super::same_normalised(
            "/Gioi-Thieu?x=1",
            "gioi thieu  x-1 "
        ));
        assert!(!super::same_normalised("/Gioi-Thieu?x=1", "gioi thieu x"));
        assert!(!super::same_normalised("/Gioi-Thieu", "gioi thieu x 1"));
        assert!(super::same_normalised(" -- ", "»"));
        assert_eq!(super::normalise("  Xem   thêm » "), "xem thêm");
    }
}
