//! Colour contrast from the static cascade, shared by the minimum (AA) and
//! enhanced (AAA) contrast rules. A verdict is given only when both colours
//! are known and opaque and nothing can paint between them; otherwise the
//! text is reported for review. Never a `passed` on a guess.

use crate::page::style::{Rgba, parse_color};
use crate::page::{El, Page, SharedSlot};
use crate::rules::Findings;

/// What the cascade says about one element's text colours.
#[derive(Clone, Copy)]
enum Colours {
    Known {
        fg: Rgba,
        bg: Rgba,
    },
    /// A link in the browser's default colours (blue, or purple once visited).
    Link {
        bg: Rgba,
    },
    Unknown(&'static str),
}

/// Relative luminance (WCAG 2.0).
fn luminance(c: Rgba) -> f64 {
    let channel = |v: u8| {
        let s = f64::from(v) / 255.0;
        if s <= 0.039_28 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)
}

/// The contrast ratio of two opaque colours.
#[must_use]
pub fn ratio(a: Rgba, b: Rgba) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

fn declared<'a>(page: &'a Page, el: El<'_>, property: &str) -> Option<&'a str> {
    page.declared(el).get(property).map(|d| d.value.as_str())
}

/// What an element inherits from its ancestors for the colours of its text,
/// worked out once per element from its parent's (see [`texts`]).
#[derive(Debug, Clone, Copy)]
struct Context {
    /// Why something may paint over, blend or move the text (the closest
    /// element's reason: opacity, position, transform).
    paint: Option<&'static str>,
    /// Inside a form control or `<mark>` (user-agent colours vary).
    in_control: bool,
    /// Inside a link (user-agent link colours).
    in_link: bool,
    /// The opaque background behind it, or why it is unknown.
    background: Result<Rgba, &'static str>,
}

impl Context {
    /// Above the root: nothing inherited, a white canvas.
    const ROOT: Context = Context {
        paint: None,
        in_control: false,
        in_link: false,
        background: Ok(Rgba {
            r: 255,
            g: 255,
            b: 255,
            a: 1.0,
        }),
    };

    /// The context of `el`, from its parent's.
    fn of(page: &Page, el: El<'_>, parent: &Context) -> Context {
        Context {
            paint: paint_reason(page, el).or(parent.paint),
            in_control: parent.in_control
                || matches!(
                    el.name(),
                    "button" | "select" | "input" | "textarea" | "mark"
                ),
            in_link: parent.in_link || el.name() == "a" && el.has_attr("href"),
            background: own_background(page, el).unwrap_or(parent.background),
        }
    }
}

/// Anything on `el` itself that may paint over, blend or move the text.
fn paint_reason(page: &Page, el: El<'_>) -> Option<&'static str> {
    if declared(page, el, "opacity")
        .is_some_and(|o| o.trim().parse::<f32>().map_or(true, |v| v < 1.0))
    {
        return Some("opacity");
    }
    if declared(page, el, "position").is_some_and(|p| {
        let p = p.trim().to_ascii_lowercase();
        p == "absolute" || p == "fixed" || p == "sticky"
    }) {
        return Some("position");
    }
    if declared(page, el, "transform").is_some_and(|t| !t.trim().eq_ignore_ascii_case("none")) {
        return Some("transform");
    }
    None
}

fn colours(page: &Page, el: El<'_>, context: &Context) -> Colours {
    if let Some(reason) = context.paint {
        return Colours::Unknown(reason);
    }
    if page
        .computed(el, "text-shadow")
        .is_some_and(|t| !t.trim().eq_ignore_ascii_case("none"))
    {
        return Colours::Unknown("text-shadow");
    }
    let fg = match page.computed(el, "color") {
        Some(value) => match parse_color(&value) {
            Some(c) if c.a >= 1.0 => c,
            Some(_) => return Colours::Unknown("transparency"),
            None => return Colours::Unknown("unknown colour"),
        },
        None => {
            // UA colours of form controls vary by browser.
            if context.in_control {
                return Colours::Unknown("default colour");
            }
            // Links get the UA link colours, blue or (visited) purple.
            if context.in_link {
                return match context.background {
                    Ok(bg) => Colours::Link { bg },
                    Err(reason) => Colours::Unknown(reason),
                };
            }
            Rgba {
                r: 0,
                g: 0,
                b: 0,
                a: 1.0,
            }
        }
    };
    match context.background {
        Ok(bg) => Colours::Known { fg, bg },
        Err(reason) => Colours::Unknown(reason),
    }
}

/// Whether `a` itself clips its content out of sight by the common "visually hidden"
/// pattern (`clip: rect(0 0 0 0)` or `clip-path: inset(50%)` on a positioned
/// element, as `.sr-only` classes do): its text is for screen readers only,
/// so it has no contrast to judge (ACT: text that is not visible).
fn visually_clipped_here(page: &Page, a: El<'_>) -> bool {
    let positioned = declared(page, a, "position")
        .is_some_and(|p| matches!(p.trim().to_ascii_lowercase().as_str(), "absolute" | "fixed"));
    positioned && {
        declared(page, a, "clip").is_some_and(|c| {
            let digits: String = c
                .chars()
                .filter(|ch| !ch.is_whitespace() && *ch != ',')
                .collect();
            digits.eq_ignore_ascii_case("rect(0000)")
                || digits.eq_ignore_ascii_case("rect(0px0px0px0px)")
        }) || declared(page, a, "clip-path")
            .is_some_and(|c| c.trim().eq_ignore_ascii_case("inset(50%)"))
    }
}

/// What `el` itself decides of the background behind its text: an opaque
/// colour, or why it is unknown; `None` when it lets its parent's show.
fn own_background(page: &Page, el: El<'_>) -> Option<Result<Rgba, &'static str>> {
    if let Some(image) = declared(page, el, "background-image")
        && !image.trim().eq_ignore_ascii_case("none")
    {
        return Some(Err("background image"));
    }
    if matches!(
        el.name(),
        "button" | "input" | "select" | "textarea" | "mark"
    ) {
        return Some(Err("default background"));
    }
    match parse_color(declared(page, el, "background-color")?) {
        Some(c) if c.a >= 1.0 => Some(Ok(c)),
        Some(c) if c.a <= 0.0 => None,
        Some(_) => Some(Err("transparency")),
        None => Some(Err("unknown colour")),
    }
}

/// Whether the text counts as large (18 pt, or 14 pt bold); `None` when the
/// font size is unknown.
fn is_large(page: &Page, el: El<'_>) -> Option<bool> {
    let size = page.font_size_px(el)?;
    let weight = page.computed(el, "font-weight");
    let bold = match weight.as_deref().map(str::trim) {
        Some(w) => {
            w.eq_ignore_ascii_case("bold")
                || w.eq_ignore_ascii_case("bolder")
                || w.parse::<u32>().is_ok_and(|n| n >= 700)
        }
        None => std::iter::once(el).chain(el.ancestors()).any(|a| {
            matches!(
                a.name(),
                "b" | "strong" | "th" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
            )
        }),
    };
    Some(size >= 24.0 || bold && size >= 18.66)
}

/// The first stylesheet link (or `<style>` with `@import`) whose rules did
/// not reach the cascade, if any.
fn missing_stylesheet(page: &Page) -> Option<El<'_>> {
    // The page's one stylesheet discovery, the one its sheets were loaded by.
    let linked: Vec<El<'_>> = crate::page::links::stylesheets(page);
    if page.stylesheets.len() < linked.len() {
        return linked.get(page.stylesheets.len()).copied();
    }
    page.by_tag("style").find(|s| s.text().contains("@import"))
}

/// Runs a contrast rule with the normal and large-text thresholds.
/// What both contrast rules read: the page's visible text holders with their
/// colours, or the stylesheet whose absence leaves every colour unknown.
enum Texts {
    /// A linked stylesheet was not supplied, and this element (the `<link>`)
    /// is reported when the page has visible text.
    MissingStylesheet { sheet: u32, has_text: bool },
    /// Each text holder (element index) with its colours and, when the
    /// colours are known, whether its text is large.
    Holders(Vec<(u32, Colours, Option<bool>)>),
}

/// Runs a contrast rule with its thresholds (normal and large text). The
/// colours are computed once per page for both rules (`Page::shared`).
pub fn check(page: &Page, out: &mut Findings, normal: f64, large: f64) {
    if !super::html(page) {
        return;
    }
    let holders = match page.shared(SharedSlot::TextColours, || texts(page)) {
        Some(Texts::MissingStylesheet { sheet, has_text }) => {
            if *has_text {
                out.cant_tell(page.el(*sheet))
                    .arg("ratio", "?")
                    .arg("reason", "stylesheet");
            }
            return;
        }
        Some(Texts::Holders(holders)) => holders,
        None => return,
    };
    // Review items are grouped: one per page and reason, on its first text.
    let mut reviewed: Vec<&'static str> = Vec::new();
    for &(idx, colours, large_text) in holders {
        let el = page.el(idx);
        let found = match colours {
            Colours::Link { bg } => {
                let blue = Rgba {
                    r: 0,
                    g: 0,
                    b: 0xee,
                    a: 1.0,
                };
                let purple = Rgba {
                    r: 0x55,
                    g: 0x1a,
                    b: 0x8b,
                    a: 1.0,
                };
                let (worst, best) = if ratio(blue, bg) < ratio(purple, bg) {
                    (blue, purple)
                } else {
                    (purple, blue)
                };
                if ratio(worst, bg) >= normal || ratio(best, bg) < normal {
                    Colours::Known { fg: worst, bg }
                } else {
                    Colours::Unknown("visited link colour")
                }
            }
            other => other,
        };
        match found {
            Colours::Unknown(reason) => {
                if !reviewed.contains(&reason) {
                    reviewed.push(reason);
                    out.cant_tell(el).arg("ratio", "?").arg("reason", reason);
                }
            }
            Colours::Link { .. } => {}
            Colours::Known { fg, bg } if fg == bg => {
                // Text in its background's colour is not visible text.
            }
            Colours::Known { fg, bg } => {
                let r = ratio(fg, bg);
                // Formatted only for a finding: most text passes.
                let shown = || format!("{:.2}", (r * 100.0).floor() / 100.0);
                match large_text {
                    _ if r >= normal => out.pass(),
                    Some(true) if r >= large => out.pass(),
                    Some(_) => {
                        out.fail(el).arg("ratio", shown()).arg("reason", "");
                    }
                    None if r < large => {
                        out.fail(el).arg("ratio", shown()).arg("reason", "");
                    }
                    None => {
                        out.cant_tell(el)
                            .arg("ratio", shown())
                            .arg("reason", "font size");
                    }
                }
            }
        }
    }
}

/// The text holders of the page and their colours (`None` without a body).
fn texts(page: &Page) -> Option<Texts> {
    let body = page.by_tag("body").next()?;
    let has_text = |el: El<'_>| {
        el.element_ref().children().any(|n| {
            n.value()
                .as_text()
                .is_some_and(|t| t.chars().any(char::is_alphanumeric))
        })
    };
    if let Some(sheet) = missing_stylesheet(page) {
        // Without the author's colours nothing can be decided on this page.
        let has_text = std::iter::once(body)
            .chain(body.descendants())
            .any(|el| has_text(el) && page.is_visible(el));
        return Some(Texts::MissingStylesheet {
            sheet: sheet.idx(),
            has_text,
        });
    }
    // Labels of disabled widgets are exempt (inactive user interface).
    let disabled_labels: Vec<&str> = page
        .with_aria_attrs()
        .filter(|w| {
            page.is_disabled(*w)
                || w.attr("aria-disabled")
                    .is_some_and(|d| d.trim().eq_ignore_ascii_case("true"))
        })
        .filter_map(|w| w.attr("aria-labelledby"))
        .flat_map(str::split_ascii_whitespace)
        .collect();
    // What excludes an element's text from the check, on the element itself:
    // clipped out of view, a disabled widget, or the label of one. An
    // ancestor's exclusion is inherited, so it is worked out once per element,
    // top-down (parents come before children in document order), instead of
    // walking every text holder's ancestors.
    let excludes = |a: El<'_>| {
        visually_clipped_here(page, a)
            || page.is_disabled(a)
            || a.attr("aria-disabled")
                .is_some_and(|d| d.trim().eq_ignore_ascii_case("true"))
            || a.attr("id").is_some_and(|id| disabled_labels.contains(&id))
            || a.name() == "label"
                && (a.descendants().any(|c| page.is_disabled(c))
                    || a.attr("for")
                        .is_some_and(|f| page.by_id(f).next().is_some_and(|c| page.is_disabled(c))))
    };
    // The same top-down pass carries what colours inherit (see `Context`).
    let mut inherited: Vec<(bool, Context)> = vec![(false, Context::ROOT); page.element_count()];
    let mut visit = |el: El<'_>| {
        let (parent_excluded, parent) = el
            .parent()
            .map_or((false, Context::ROOT), |p| inherited[p.index() as usize]);
        let here = (
            parent_excluded || excludes(el),
            Context::of(page, el, &parent),
        );
        inherited[el.index() as usize] = here;
        here
    };
    let above_body: Vec<El<'_>> = body.ancestors().collect();
    for el in above_body.into_iter().rev() {
        visit(el);
    }
    let mut holders = Vec::new();
    for el in std::iter::once(body).chain(body.descendants()) {
        let (excluded, context) = visit(el);
        if excluded || !has_text(el) || !page.is_visible(el) || page.is_svg(el) {
            continue;
        }
        let colours = colours(page, el, &context);
        let large = match colours {
            Colours::Known { .. } => is_large(page, el),
            _ => None,
        };
        holders.push((el.idx(), colours, large));
    }
    Some(Texts::Holders(holders))
}
