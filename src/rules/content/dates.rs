//! Vietnamese dates as portals write them: `13/8/2019`, `13-08-2019`,
//! `13.08.2019`, `ngày 13 tháng 8 năm 2019` (with or without diacritics),
//! ISO `2019-08-13` (in `datetime` attributes), each possibly with a time
//! (`08:30 13/08/2019`, `13/08/2019 14:05`). Impossible dates are skipped.

use std::sync::LazyLock;

use chrono::{Datelike, Duration, NaiveDate};
use regex::Regex;

static NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:^|[^0-9])([0-9]{1,2})\s*[/.\-]\s*([0-9]{1,2})\s*[/.\-]\s*([0-9]{4})(?:[^0-9]|$)",
    )
    .expect("valid regex")
});
static WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)ng[aà]y\s+([0-9]{1,2})\s+th[aá]ng\s+([0-9]{1,2})\s+n[aă]m\s+([0-9]{4})")
        .expect("valid regex")
});
static ISO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^0-9])([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[^0-9]|$)").expect("valid regex")
});

/// The plausible years of a portal date.
const YEARS: std::ops::RangeInclusive<i32> = 1990..=2100;

fn date(year: &str, month: &str, day: &str) -> Option<NaiveDate> {
    let year: i32 = year.parse().ok()?;
    if !YEARS.contains(&year) {
        return None;
    }
    NaiveDate::from_ymd_opt(year, month.parse().ok()?, day.parse().ok()?)
}

/// Every date in a text, in order of appearance.
///
/// Every form has a year of four or more digits, so the patterns run only
/// around such digit runs (a page's text is long and its dates are few),
/// from [`BEFORE`] bytes ahead of the year to [`AFTER`] bytes past it.
#[must_use]
pub fn find_all(text: &str) -> Vec<NaiveDate> {
    year_windows(text)
        .into_iter()
        .flat_map(|(start, end)| find_in(&text[start..end]))
        .collect()
}

/// How far before its year a date may start: `ngày 13 tháng 8 năm ` with
/// generous spacing.
const BEFORE: usize = 160;
/// How far past its year a date may end: ISO's `-08-13` and a boundary.
const AFTER: usize = 12;

/// The disjoint, ordered byte ranges of `text` around its runs of four or
/// more digits. A range never starts or ends inside a number (so the
/// patterns' `^` and `$` only stand for a real boundary) nor inside a
/// character.
fn year_windows(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let digit_at = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_digit);
    let mut windows: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !digit_at(i) {
            i += 1;
            continue;
        }
        let run = i;
        while digit_at(i) {
            i += 1;
        }
        if i - run < 4 {
            continue;
        }
        let mut start = run.saturating_sub(BEFORE);
        while start > 0 && (digit_at(start - 1) || !text.is_char_boundary(start)) {
            start -= 1;
        }
        let mut end = (i + AFTER).min(bytes.len());
        while end < bytes.len() && (digit_at(end) || !text.is_char_boundary(end)) {
            end += 1;
        }
        match windows.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => windows.push((start, end)),
        }
    }
    windows
}

/// Every date in a (short) text, in order of appearance.
fn find_in(text: &str) -> Vec<NaiveDate> {
    let mut found: Vec<(usize, NaiveDate)> = Vec::new();
    // The numeric pattern consumes one boundary character on each side, so
    // adjacent dates ("12/8/2019-18/8/2019") are found by rescanning.
    let mut start = 0;
    while let Some(caps) = NUMERIC.captures_at(text, start) {
        let whole = caps.get(0).expect("group 0");
        if let Some(d) = date(&caps[3], &caps[2], &caps[1]) {
            found.push((whole.start(), d));
        }
        start = caps.get(3).expect("group 3").end();
    }
    for caps in WORDS.captures_iter(text) {
        if let Some(d) = date(&caps[3], &caps[2], &caps[1]) {
            found.push((caps.get(0).expect("group 0").start(), d));
        }
    }
    let mut start = 0;
    while let Some(caps) = ISO.captures_at(text, start) {
        if let Some(d) = date(&caps[1], &caps[2], &caps[3]) {
            found.push((caps.get(0).expect("group 0").start(), d));
        }
        start = caps.get(3).expect("group 3").end();
    }
    found.sort_by_key(|(at, _)| *at);
    found.into_iter().map(|(_, d)| d).collect()
}

/// The first date in a text.
#[must_use]
pub fn first(text: &str) -> Option<NaiveDate> {
    find_all(text).into_iter().next()
}

/// The Monday of the week of `date`.
#[must_use]
pub fn week_start(date: NaiveDate) -> NaiveDate {
    date - Duration::days(i64::from(date.weekday().num_days_from_monday()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn vietnamese_formats_are_read() {
        assert_eq!(find_all("Cập nhật: 13/8/2019"), vec![d(2019, 8, 13)]);
        assert_eq!(find_all("13-08-2019 08:30"), vec![d(2019, 8, 13)]);
        assert_eq!(find_all("08:30 | 13.08.2019"), vec![d(2019, 8, 13)]);
        assert_eq!(
            find_all("Trà Vinh, ngày 13 tháng 8 năm 2019"),
            vec![d(2019, 8, 13)]
        );
        assert_eq!(find_all("ngay 5 thang 12 nam 2024"), vec![d(2024, 12, 5)]);
        assert_eq!(find_all("datetime 2026-07-01T08:00"), vec![d(2026, 7, 1)]);
        assert_eq!(
            find_all("Tuần 33 (12/8/2019-18/8/2019)"),
            vec![d(2019, 8, 12), d(2019, 8, 18)]
        );
    }

    #[test]
    fn impossible_or_partial_dates_are_skipped() {
        assert!(find_all("31/02/2019 và 1/13/2019 và 12/8/219 và 123/8/2019").is_empty());
        assert!(find_all("Điện thoại: 0294.3855.123").is_empty());
        assert!(find_all("© 2019").is_empty());
    }

    #[test]
    fn looking_around_years_finds_what_the_whole_text_holds() {
        let filler = "Tin tức sự kiện 123 456 7 – Sở Thông tin và Truyền thông. ".repeat(40);
        let pieces = [
            "Cập nhật: 13/8/2019",
            "08:30 | 13.08.2019",
            "Trà Vinh, ngày 13 tháng 8 năm 2019",
            "Tuần 33 (12/8/2019-18/8/2019)",
            "datetime 2026-07-01T08:00",
            "ĐT: 0294.3855.123, số 20190813",
            "123/8/2019 và 5/6/20245",
            "ngày   1   tháng   12   năm   2025",
        ];
        let mut text = String::new();
        for piece in pieces {
            text.push_str(&filler);
            text.push_str(piece);
            text.push('\n');
        }
        // Dates right at the ends, and years next to each other.
        let text = format!("1/1/2020 {text} 2021-02-03 31/12/2022");
        let found = find_all(&text);
        assert_eq!(found, find_in(&text));
        assert_eq!(found.len(), 10);
        assert_eq!(find_all(&filler), Vec::<NaiveDate>::new());
    }

    #[test]
    fn weeks_start_on_monday() {
        assert_eq!(week_start(d(2019, 8, 20)), d(2019, 8, 19));
        assert_eq!(week_start(d(2019, 8, 19)), d(2019, 8, 19));
        assert_eq!(week_start(d(2019, 8, 25)), d(2019, 8, 19));
    }
}
