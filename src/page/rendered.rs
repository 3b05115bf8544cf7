//! What a browser painted and measured for a page (browser mode,
//! `--render chromium`): facts the rules read beside the DOM, the way they
//! read the static cascade. Nothing here judges; `src/render/` produces these
//! facts and `rules::a11y::contrast` and `rules::performance` judge them.
//!
//! The browser names elements by their rank in its own document order; the
//! page is the browser's serialised DOM parsed again, where the parser may add
//! or drop an element (a `<tbody>` a script left out, `<noscript>` content).
//! [`align`] maps one order onto the other by tag names, so a fact lands on
//! the element it was measured on or on none.

use serde::{Deserialize, Serialize};

use super::style::Rgba;

/// What the browser reported for one page.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct BrowserFacts {
    /// The local name of every element, in the browser's document order.
    pub tags: Vec<String>,
    /// The painted colours of each visible text holder.
    pub texts: Vec<PaintedText>,
    /// The page-load metrics, when the page was measured.
    pub metrics: Option<LoadMetrics>,
}

/// The colours a text was painted with: the element's own text nodes, at the
/// centre of the first line box, with everything behind and over it
/// composited (background colours of the boxes below, translucent boxes
/// above, opacity).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PaintedText {
    /// The element's rank in the browser's document order.
    pub element: u32,
    /// The text colour as painted (sRGB), when known.
    pub fg: Option<[u8; 3]>,
    /// The background as painted (sRGB), when known.
    pub bg: Option<[u8; 3]>,
    /// Why the browser cannot tell the colours, if it cannot.
    pub reason: Option<PaintReason>,
    /// The computed font size in CSS pixels.
    pub font_px: f32,
    /// The computed font weight (400 normal, 700 bold).
    pub weight: u16,
}

/// Why a painted colour stays unknown in the browser too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PaintReason {
    /// A background image or gradient behind the text.
    BackgroundImage,
    /// An image, video, canvas, frame or SVG behind the text.
    ImageBehind,
    /// An image or background image painted over the text.
    ImageOver,
    /// A text shadow around the glyphs.
    TextShadow,
    /// A filter or blend mode on the text or a box behind it.
    Filter,
    /// A colour the browser reports in a syntax other than `rgb()`.
    UnknownColour,
    /// Below the part of the page that was laid out for probing.
    OutsideProbe,
}

impl PaintReason {
    /// The reason as the contrast rules word it (the `reason` argument of
    /// their findings).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            PaintReason::BackgroundImage => "background image",
            PaintReason::ImageBehind => "image behind text",
            PaintReason::ImageOver => "image over text",
            PaintReason::TextShadow => "text-shadow",
            PaintReason::Filter => "filter",
            PaintReason::UnknownColour => "unknown colour",
            PaintReason::OutsideProbe => "outside probed area",
        }
    }
}

impl PaintedText {
    /// The painted colours, or why they are unknown.
    ///
    /// # Errors
    /// The reason the browser gave (an unknown colour when it gave none).
    pub fn colours(&self) -> Result<(Rgba, Rgba), &'static str> {
        if let Some(reason) = self.reason {
            return Err(reason.as_str());
        }
        let rgb = |[r, g, b]: [u8; 3]| Rgba { r, g, b, a: 1.0 };
        match (self.fg, self.bg) {
            (Some(fg), Some(bg)) => Ok((rgb(fg), rgb(bg))),
            _ => Err(PaintReason::UnknownColour.as_str()),
        }
    }
}

/// Page-load metrics of one load, in milliseconds from navigation start.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LoadRun {
    /// First Contentful Paint.
    pub fcp_ms: Option<f64>,
    /// Largest Contentful Paint (the last candidate before the page was read).
    pub lcp_ms: Option<f64>,
    /// When the last visible change was seen: the latest of FCP, LCP and the
    /// last layout shift. Speed Index is never later than this.
    pub visual_complete_ms: Option<f64>,
    /// The load event.
    pub load_ms: Option<f64>,
    /// The longest main-thread task (0 when none reached 50 ms).
    pub longest_task_ms: f64,
    /// Total Blocking Time: the part over 50 ms of each long task after FCP.
    pub tbt_ms: f64,
    /// How many tasks took 50 ms or more.
    pub long_tasks: u32,
    /// Cumulative Layout Shift (largest session window).
    pub cls: f64,
    /// Requests made (redirect hops counted); counted by the loader, not the
    /// page's script.
    #[serde(default)]
    pub requests: u32,
    /// Bytes transferred (encoded, headers included); counted by the loader.
    #[serde(default)]
    pub transfer_bytes: u64,
    /// How many of the machine's cores stayed idle, on average, while the
    /// load ran (the measured page's own throttled thread counted as busy);
    /// unknown where the kernel's counters are not readable
    /// (`render::machine`). Under [`BUSY_FREE_CORES`] the timings are
    /// the machine's as much as the page's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub free_cores: Option<f64>,
}

/// A measured load ran on a busy machine when fewer cores than this stayed
/// idle during it: the throttled page did not have a core of its own (on an
/// otherwise idle machine its spinning main thread leaves about one of two
/// cores idle), so what it timed is slower than the page is.
pub const BUSY_FREE_CORES: f64 = 0.5;

// Metrics are equal when every number is: they come from JSON numbers and
// rounding, never NaN, so equality is an equivalence (reports compare by it).
impl Eq for LoadRun {}
impl Eq for LoadMetrics {}

/// The metrics of a page measured `runs.len()` times under one profile; the
/// `median` of each value is what rules judge.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LoadMetrics {
    /// The measurement profile's id (see `render::profile`).
    pub profile: String,
    /// The median of each value over the runs.
    pub median: LoadRun,
    /// Each run as measured.
    pub runs: Vec<LoadRun>,
    /// The browser that measured: its product and version as it says them,
    /// and the program started (`HeadlessChrome/156.0.8078.114
    /// (chromium-headless-shell)`): timings compare only between the same.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub browser: Option<String>,
}

/// The median of some values (the mean of the middle two for an even
/// count); `None` for none.
#[must_use]
pub fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    Some(if values.len() % 2 == 1 {
        values[mid]
    } else {
        f64::midpoint(values[mid - 1], values[mid])
    })
}

impl LoadMetrics {
    /// The metrics of several runs: each value's median.
    #[must_use]
    pub fn of_runs(profile: &str, runs: Vec<LoadRun>) -> LoadMetrics {
        let med = |f: &dyn Fn(&LoadRun) -> Option<f64>| {
            let mut v: Vec<f64> = runs.iter().filter_map(f).collect();
            median(&mut v)
        };
        let round = |v: Option<f64>| v.map(f64::round);
        let median = LoadRun {
            fcp_ms: round(med(&|r| r.fcp_ms)),
            lcp_ms: round(med(&|r| r.lcp_ms)),
            visual_complete_ms: round(med(&|r| r.visual_complete_ms)),
            load_ms: round(med(&|r| r.load_ms)),
            longest_task_ms: med(&|r| Some(r.longest_task_ms)).unwrap_or(0.0).round(),
            tbt_ms: med(&|r| Some(r.tbt_ms)).unwrap_or(0.0).round(),
            #[allow(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                reason = "a median of small counts"
            )]
            long_tasks: med(&|r| Some(f64::from(r.long_tasks)))
                .unwrap_or(0.0)
                .round() as u32,
            cls: (med(&|r| Some(r.cls)).unwrap_or(0.0) * 1000.0).round() / 1000.0,
            #[allow(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                reason = "a median of counts"
            )]
            requests: med(&|r| Some(f64::from(r.requests))).unwrap_or(0.0).round() as u32,
            #[allow(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                clippy::cast_precision_loss,
                reason = "a median of byte counts, far below 2^52"
            )]
            transfer_bytes: med(&|r| Some(r.transfer_bytes as f64))
                .unwrap_or(0.0)
                .round() as u64,
            free_cores: med(&|r| r.free_cores).map(|v| (v * 100.0).round() / 100.0),
        };
        LoadMetrics {
            profile: profile.to_string(),
            median,
            runs,
            browser: None,
        }
    }
}

/// How far ahead [`align`] looks for the counterpart of an element that one
/// side has and the other has not.
const WINDOW: usize = 8;

/// Maps the browser's element ranks (`browser`) onto the page's (`page`):
/// `result[i]` is the page's index of the browser's element `i`, or `None`
/// when the reparse has no such element. Both sequences are tag names in
/// document order; an element one side lacks is skipped by looking a few
/// elements ahead on each side.
#[must_use]
pub fn align<S: AsRef<str>, T: AsRef<str>>(browser: &[S], page: &[T]) -> Vec<Option<u32>> {
    let mut map = vec![None; browser.len()];
    let (mut i, mut j) = (0, 0);
    while i < browser.len() && j < page.len() {
        if browser[i].as_ref() == page[j].as_ref() {
            map[i] = u32::try_from(j).ok();
            i += 1;
            j += 1;
            continue;
        }
        // The nearest resynchronisation: skip `a` browser elements and `b`
        // page elements, fewest skipped first.
        let found = (1..=2 * WINDOW).find_map(|total| {
            (0..=total).find_map(|a| {
                let b = total - a;
                let (bi, pj) = (i + a, j + b);
                (bi < browser.len()
                    && pj < page.len()
                    && browser[bi].as_ref() == page[pj].as_ref()
                    && browser
                        .get(bi + 1)
                        .zip(page.get(pj + 1))
                        .is_none_or(|(x, y)| x.as_ref() == y.as_ref()))
                .then_some((a, b))
            })
        });
        match found {
            Some((a, b)) => {
                i += a;
                j += b;
            }
            None => {
                i += 1;
                j += 1;
            }
        }
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn align_skips_what_one_side_lacks() {
        let browser = ["html", "head", "body", "table", "tr", "td", "p", "span"];
        let page = [
            "html", "head", "body", "table", "tbody", "tr", "td", "p", "span",
        ];
        assert_eq!(
            align(&browser, &page),
            vec![
                Some(0),
                Some(1),
                Some(2),
                Some(3),
                Some(5),
                Some(6),
                Some(7),
                Some(8)
            ]
        );
        let browser = ["html", "head", "body", "noscript", "p", "div"];
        let page = ["html", "head", "body", "noscript", "img", "a", "p", "div"];
        assert_eq!(
            align(&browser, &page),
            vec![Some(0), Some(1), Some(2), Some(3), Some(6), Some(7)]
        );
        let browser = ["html", "head", "body", "x-widget", "p"];
        let page = ["html", "head", "body", "p"];
        assert_eq!(
            align(&browser, &page),
            vec![Some(0), Some(1), Some(2), None, Some(3)]
        );
    }

    #[test]
    fn medians_of_runs() {
        let run = |fcp: f64, tasks: u32| LoadRun {
            fcp_ms: Some(fcp),
            long_tasks: tasks,
            ..LoadRun::default()
        };
        let m = LoadMetrics::of_runs("p", vec![run(900.0, 1), run(1500.0, 3), run(1000.0, 2)]);
        assert_eq!(m.median.fcp_ms, Some(1000.0));
        assert_eq!(m.median.long_tasks, 2);
        assert_eq!(m.median.lcp_ms, None);
        assert_eq!(median(&mut [1.0, 4.0]), Some(2.5));
    }
}
