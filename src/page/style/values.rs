//! CSS values: lengths, font sizes and colours.

/// A length in CSS pixels (`em`/`rem` at 16 px, unitless 0); `None` for
/// percentages, keywords and functions.
pub(super) fn length_px(value: &str) -> Option<f32> {
    let v = value.trim();
    if v.trim_start_matches(['-', '+'])
        .chars()
        .all(|c| c == '0' || c == '.')
        && !v.is_empty()
    {
        return Some(0.0);
    }
    let (n, factor) = length_parts(v, 16.0)?;
    (!v.ends_with('%')).then_some(n * factor)
}

/// Whether a `clip: rect(top, right, bottom, left)` leaves no area.
pub(super) fn clip_is_empty(value: &str) -> bool {
    let Some(args) = value
        .strip_prefix("rect(")
        .and_then(|rest| rest.strip_suffix(')'))
    else {
        return false;
    };
    let edges: Vec<f32> = args
        .split([',', ' '])
        .filter(|p| !p.is_empty())
        .filter_map(length_px)
        .collect();
    match edges[..] {
        [top, right, bottom, left] => bottom - top <= 1.0 || right - left <= 1.0,
        _ => false,
    }
}

pub(super) fn resolve_font_size(value: &str, parent: f32) -> Option<f32> {
    let v = value.trim().to_ascii_lowercase();
    Some(match v.as_str() {
        "inherit" | "unset" => parent,
        "initial" | "medium" => 16.0,
        "xx-small" => 9.0,
        "x-small" => 10.0,
        "small" => 13.0,
        "large" => 18.0,
        "x-large" => 24.0,
        "xx-large" => 32.0,
        "xxx-large" => 48.0,
        "smaller" => parent / 1.2,
        "larger" => parent * 1.2,
        _ => {
            let (number, factor) = length_parts(&v, parent)?;
            number * factor
        }
    })
}

/// Splits a length into its number and the factor that turns it into pixels
/// (`em` and `%` relative to `em_px`).
#[must_use]
pub fn length_parts(value: &str, em_px: f32) -> Option<(f32, f32)> {
    let v = value.trim().to_ascii_lowercase();
    for (unit, factor) in [
        ("px", 1.0),
        ("pt", 4.0 / 3.0),
        ("rem", 16.0),
        ("em", em_px),
        ("%", em_px / 100.0),
    ] {
        if let Some(n) = v.strip_suffix(unit) {
            return n.trim().parse::<f32>().ok().map(|n| (n, factor));
        }
    }
    None
}

/// An sRGB colour with alpha in 0..=1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rgba {
    /// Red 0–255.
    pub r: u8,
    /// Green 0–255.
    pub g: u8,
    /// Blue 0–255.
    pub b: u8,
    /// Alpha 0–1.
    pub a: f32,
}

/// Parses a CSS colour: `#rgb[a]`, `#rrggbb[aa]`, `rgb()`/`rgba()` with numbers
/// or percentages, named colours, `transparent`. `None` for anything else
/// (`currentcolor`, `hsl()`, variables…): the caller must not guess.
#[must_use]
pub fn parse_color(value: &str) -> Option<Rgba> {
    let v = value.trim().to_ascii_lowercase();
    if v == "transparent" {
        return Some(Rgba {
            r: 0,
            g: 0,
            b: 0,
            a: 0.0,
        });
    }
    if let Some(hex) = v.strip_prefix('#') {
        let (r, g, b, a) = cssparser::color::parse_hash_color(hex.as_bytes()).ok()?;
        return Some(Rgba { r, g, b, a });
    }
    if let Some(args) = v
        .strip_prefix("rgba(")
        .or_else(|| v.strip_prefix("rgb("))
        .and_then(|rest| rest.strip_suffix(')'))
    {
        let parts: Vec<&str> = args
            .split([',', ' ', '/'])
            .filter(|p| !p.is_empty())
            .collect();
        if parts.len() < 3 || parts.len() > 4 {
            return None;
        }
        let channel = |p: &str| -> Option<u8> {
            let n = if let Some(pct) = p.strip_suffix('%') {
                pct.parse::<f32>().ok()? * 2.55
            } else {
                p.parse::<f32>().ok()?
            };
            #[allow(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                reason = "clamped to 0..=255"
            )]
            Some(n.round().clamp(0.0, 255.0) as u8)
        };
        let a = match parts.get(3) {
            Some(p) => match p.strip_suffix('%') {
                Some(pct) => pct.parse::<f32>().ok()? / 100.0,
                None => p.parse::<f32>().ok()?,
            },
            None => 1.0,
        };
        return Some(Rgba {
            r: channel(parts[0])?,
            g: channel(parts[1])?,
            b: channel(parts[2])?,
            a: a.clamp(0.0, 1.0),
        });
    }
    let (r, g, b) = cssparser::color::parse_named_color(&v).ok()?;
    Some(Rgba { r, g, b, a: 1.0 })
}
