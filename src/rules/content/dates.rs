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
#[must_use]
pub fn find_all(text: &str) -> Vec<NaiveDate> {
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
    fn weeks_start_on_monday() {
        assert_eq!(week_start(d(2019, 8, 20)), d(2019, 8, 19));
        assert_eq!(week_start(d(2019, 8, 19)), d(2019, 8, 19));
        assert_eq!(week_start(d(2019, 8, 25)), d(2019, 8, 19));
    }
}
