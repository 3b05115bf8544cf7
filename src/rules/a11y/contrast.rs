//! Colour contrast from the static cascade, shared by the minimum (AA) and
//! enhanced (AAA) contrast rules. A verdict is given only when both colours
//! are known and opaque and nothing can paint between them; otherwise the
//! text is reported for review. Never a `passed` on a guess.
//!
//! On a page's rendered view (browser mode) the colours the browser painted
//! replace the cascade's for every text it reports (see [`painted`]): the
//! browser collected them, this rule judges them with the same thresholds.

use crate::page::rendered::{PaintReason, PaintedText};
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
    /// With a linked stylesheet missing: both colours from the element's own
    /// `style` attribute, which only an `!important` rule could override.
    Inline {
        fg: Rgba,
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
    /// The form control or `<mark>` the text is in (user-agent colours vary,
    /// and a control does not inherit the page's text colour).
    control: Option<u32>,
    /// Inside a link (user-agent link colours).
    in_link: bool,
    /// The opaque background behind it, or why it is unknown.
    background: Result<Rgba, &'static str>,
    /// Whether its computed `text-shadow` paints around the glyphs.
    shadow: bool,
    /// The element whose declaration gives its computed `color` (the
    /// property inherits); `None` when the browser's default applies.
    colour: Option<u32>,
}

impl Context {
    /// Above the root: nothing inherited, a white canvas.
    const ROOT: Context = Context {
        paint: None,
        control: None,
        in_link: false,
        background: Ok(Rgba {
            r: 255,
            g: 255,
            b: 255,
            a: 1.0,
        }),
        shadow: false,
        colour: None,
    };

    /// The context of `el`, from its parent's.
    fn of(page: &Page, el: El<'_>, parent: &Context) -> Context {
        // An inherited property's own value, unless it defers to the parent
        // (as `Page::computed` reads it).
        let own = |property: &str| {
            declared(page, el, property).filter(|v| {
                let v = v.trim();
                !v.eq_ignore_ascii_case("inherit") && !v.eq_ignore_ascii_case("unset")
            })
        };
        Context {
            shadow: own("text-shadow").map_or(parent.shadow, shadow_paints),
            colour: own("color").map_or(parent.colour, |_| Some(el.idx())),
            paint: paint_reason(page, el).or(parent.paint),
            control: if is_control(el) {
                Some(el.idx())
            } else {
                parent.control
            },
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

/// Form controls and `<mark>`: the user agent gives them their own colours
/// (`buttontext`, `fieldtext`, `mark`), which the page's text colour does
/// not reach unless the author sets them.
fn is_control(el: El<'_>) -> bool {
    matches!(
        el.name(),
        "button" | "select" | "input" | "textarea" | "mark"
    )
}

/// The text colour the author gives text inside a control: declared on the
/// text's element or on an element up to the control (`inherit` defers to
/// the parent); `None` when the user agent's colour applies.
fn control_colour(page: &Page, el: El<'_>, control: El<'_>) -> Option<String> {
    let mut current = Some(el);
    while let Some(e) = current {
        if let Some(d) = page.declared(e).get("color") {
            let v = d.value.trim().to_ascii_lowercase();
            if v != "inherit" && v != "unset" {
                return Some(d.value.clone());
            }
            if e == control {
                return e.parent().and_then(|p| page.computed(p, "color"));
            }
        } else if e == control {
            return None;
        }
        current = e.parent();
    }
    None
}

fn colours(page: &Page, el: El<'_>, context: &Context) -> Colours {
    if let Some(reason) = context.paint {
        return Colours::Unknown(reason);
    }
    if context.shadow {
        return Colours::Unknown("text-shadow");
    }
    let colour = match context.control {
        Some(control) => control_colour(page, el, page.el(control)),
        None => context
            .colour
            .and_then(|from| declared(page, page.el(from), "color"))
            .map(str::to_string),
    };
    let fg = match colour {
        Some(value) => match parse_color(&value) {
            Some(c) if c.a >= 1.0 => c,
            Some(_) => return Colours::Unknown("transparency"),
            None => return Colours::Unknown("unknown colour"),
        },
        None => {
            // UA colours of form controls vary by browser.
            if context.control.is_some() {
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

/// Whether a `text-shadow` value paints anything around the glyphs: a shadow
/// with an offset or a blur radius (CSS Text Decoration 3 §4) in a colour
/// that is not transparent. A shadow with no offset and no blur lies under
/// the glyph and changes nothing; any other (an outline, a glow, a drop
/// shadow) changes the background the text is read against.
fn shadow_paints(value: &str) -> bool {
    let v = value.trim().to_ascii_lowercase();
    if v == "none" || v == "initial" || v == "unset" {
        return false;
    }
    split_top_level(&v).into_iter().any(|shadow| {
        let mut lengths = Vec::new();
        let mut transparent = false;
        let mut unknown = false;
        for token in tokens(shadow) {
            if let Some(px) = shadow_length(token) {
                lengths.push(px);
            } else if let Some(c) = parse_color(token) {
                transparent |= c.a <= 0.0;
            } else {
                unknown = true;
            }
        }
        unknown || !transparent && lengths.iter().any(|l| l.abs() > f32::EPSILON)
    })
}

/// A shadow length in pixels (`0` may be written without a unit).
fn shadow_length(token: &str) -> Option<f32> {
    if token
        .trim_start_matches(['-', '+'])
        .chars()
        .all(|c| c == '0' || c == '.')
    {
        return Some(0.0);
    }
    let (n, factor) = crate::page::style::length_parts(token, 16.0)?;
    Some(n * factor)
}

/// Splits a comma-separated list at the top level (not inside `rgb(…)`).
fn split_top_level(value: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0i32, 0);
    for (i, c) in value.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&value[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&value[start..]);
    parts
}

/// The space-separated tokens of one shadow, keeping `rgb(…)` whole.
fn tokens(shadow: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0i32, None);
    for (i, c) in shadow.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            c if c.is_whitespace() && depth == 0 => {
                if let Some(s) = start.take() {
                    out.push(&shadow[s..i]);
                }
                continue;
            }
            _ => {}
        }
        if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        out.push(&shadow[s..]);
    }
    out
}

/// Whether the element's own text says something in human language: a
/// letter or digit, and more than one character unless it is a digit. A
/// lone letter or symbol ("X" or "×" on a close button) conveys nothing to
/// read (ACT afw4f7); its visibility is a non-text contrast matter.
fn has_text(el: El<'_>) -> bool {
    let mut alphanumeric = 0;
    let mut other = 0;
    let mut digit = false;
    for node in el.element_ref().children() {
        let Some(text) = node.value().as_text() else {
            continue;
        };
        for c in text.chars().filter(|c| !c.is_whitespace()) {
            if c.is_alphanumeric() {
                alphanumeric += 1;
                digit |= c.is_numeric();
            } else {
                other += 1;
            }
            if alphanumeric + other > 1 && alphanumeric > 0 {
                return true;
            }
        }
    }
    alphanumeric == 1 && digit
}

/// What `el` itself decides of the background behind its text: an opaque
/// colour, or why it is unknown; `None` when it lets its parent's show.
fn own_background(page: &Page, el: El<'_>) -> Option<Result<Rgba, &'static str>> {
    if let Some(image) = declared(page, el, "background-image")
        && !image.trim().eq_ignore_ascii_case("none")
    {
        return Some(Err("background image"));
    }
    if is_control(el) && declared(page, el, "background-color").is_none() {
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

/// The colours the browser painted a text with (browser mode), in place of
/// the static cascade's: both colours composited from every layer behind and
/// over the text, and whether the text is large from its computed font size
/// and weight. Where the browser cannot tell either (text over an image or a
/// gradient, a shadow, a filter), the text stays for review with the
/// browser's reason. A link the author gave no colour keeps the static
/// treatment of the user agent's two link colours (a fresh browser context
/// paints every link unvisited) over the painted background. `None` (the
/// static cascade decides) for text below the part of the page the browser
/// laid out for probing.
fn painted(text: &PaintedText, static_colours: Colours) -> Option<(Colours, Option<bool>)> {
    if text.reason == Some(PaintReason::OutsideProbe) {
        return None;
    }
    let large = text.font_px >= 24.0 || text.weight >= 700 && text.font_px >= 18.66;
    Some(match text.colours() {
        Err(reason) => (Colours::Unknown(reason), None),
        Ok((_, bg)) if matches!(static_colours, Colours::Link { .. }) => {
            (Colours::Link { bg }, Some(large))
        }
        Ok((fg, bg)) => (Colours::Known { fg, bg }, Some(large)),
    })
}

/// What both contrast rules read: the page's visible text holders with their
/// colours, and the linked stylesheet whose absence leaves the other texts'
/// colours unknown.
struct Texts {
    /// A linked stylesheet that was not supplied, reported when visible text
    /// other than the holders below depends on it.
    missing_sheet: Option<u32>,
    /// Each text holder (element index) with its colours and, when the
    /// colours are known, whether its text is large. Without a linked
    /// stylesheet, only the holders whose own `style` attribute gives both
    /// colours (`Colours::Inline`).
    holders: Vec<(u32, Colours, Option<bool>)>,
}

/// Runs a contrast rule with its thresholds (normal and large text). The
/// colours are computed once per page for both rules (`Page::shared`).
/// Every text keeps its own finding; the report's review checklist groups
/// the cant_tell ones by reason (`review_by`).
pub fn check(page: &Page, out: &mut Findings, normal: f64, large: f64) {
    if !super::html(page) {
        return;
    }
    let Some(texts) = page.shared(SharedSlot::TextColours, || texts(page)) else {
        return;
    };
    if let Some(sheet) = texts.missing_sheet {
        out.cant_tell(page.el(sheet))
            .arg("ratio", "?")
            .arg("reason", "stylesheet")
            .arg("source", "")
            .variant("stylesheet");
    }
    for &(idx, colours, large_text) in &texts.holders {
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
                // The message says why (one variant per reason), never "?:1".
                out.cant_tell(el)
                    .decimal_arg("ratio", "?")
                    .arg("reason", reason)
                    .arg("source", "")
                    .variant(&reason.replace(' ', "-"));
            }
            Colours::Link { .. } => {}
            Colours::Known { fg, bg } | Colours::Inline { fg, bg } if fg == bg => {
                // Text in its background's colour is not visible text.
            }
            Colours::Known { fg, bg } | Colours::Inline { fg, bg } => {
                let r = ratio(fg, bg);
                // With a linked stylesheet missing, the colours of the
                // element's own style attribute decide: only an !important
                // rule in that sheet could override them. The message says
                // so (`source`).
                let inline = matches!(found, Colours::Inline { .. });
                let (reason, source) = if inline {
                    ("style attribute", " (style)")
                } else {
                    ("", "")
                };
                // Formatted only for a finding: most text passes.
                let shown = || format!("{:.2}", (r * 100.0).floor() / 100.0);
                let finding = match large_text {
                    _ if r >= normal => {
                        out.pass();
                        continue;
                    }
                    Some(true) if r >= large => {
                        out.pass();
                        continue;
                    }
                    Some(_) => out.fail(el).arg("reason", reason),
                    None if r < large => out.fail(el).arg("reason", reason),
                    None => out
                        .cant_tell(el)
                        .arg("reason", "font size")
                        .variant(if inline {
                            "font-size-style"
                        } else {
                            "font-size"
                        }),
                };
                if inline && finding.variant.is_none() {
                    finding.variant("style");
                }
                finding.decimal_arg("ratio", shown()).arg("source", source);
            }
        }
    }
}

/// The text holders of the page and their colours (`None` without a body).
fn texts(page: &Page) -> Option<Texts> {
    let body = page.by_tag("body").next()?;
    let missing = missing_stylesheet(page);
    // What excludes an element's text from the check, on the element itself:
    // moved out of view, or (the text of) an inactive user interface
    // component (WCAG 1.4.3). Both are found once per page; an ancestor's
    // exclusion is inherited, so it is carried down in the top-down pass
    // below (parents come before children in document order) instead of
    // walking every text holder's ancestors.
    let excludes = |a: El<'_>| page.moves_out_of_view(a) || page.is_inactive(a);
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
    let mut depends_on_sheet = false;
    for el in std::iter::once(body).chain(body.descendants()) {
        let (excluded, context) = visit(el);
        if excluded || !has_text(el) || !page.is_visible(el) || page.is_svg(el) {
            continue;
        }
        let colours = colours(page, el, &context);
        // The rendered view: the browser's painted colours decide wherever
        // it reports the text (see `painted`).
        if let Some(found) = page.painted(el).and_then(|p| painted(p, colours)) {
            holders.push((el.idx(), found.0, found.1));
            continue;
        }
        if missing.is_some() {
            // Without the linked sheet, only colours the element's own style
            // attribute gives decide; everything else waits for the sheet.
            let declared = page.declared(el);
            match colours {
                Colours::Known { fg, bg }
                    if declared.inline("color").is_some()
                        && declared.inline("background-color").is_some() =>
                {
                    holders.push((el.idx(), Colours::Inline { fg, bg }, None));
                }
                _ => depends_on_sheet = true,
            }
            continue;
        }
        let large = match colours {
            Colours::Known { .. } => is_large(page, el),
            _ => None,
        };
        holders.push((el.idx(), colours, large));
    }
    Some(Texts {
        missing_sheet: missing.filter(|_| depends_on_sheet).map(|s| s.idx()),
        holders,
    })
}
