//! Numbers and dates as each language writes them: under `vi` a decimal
//! comma and day/month/year (`99,1`, `01/12/2026`), under `en` a decimal point
//! and ISO dates (`99.1`, `2026-12-01`). Every renderer that shows a score, a
//! share or a date goes through here, so the formats say them alike. The
//! decimal notation itself is [`crate::lang::decimal`], shared with the rules'
//! messages and the tool's own texts.

use chrono::NaiveDate;

use crate::lang::Lang;
pub use crate::lang::decimal;

/// A score with one decimal, or `—` when there is none.
#[must_use]
pub fn score(percent: Option<f64>, lang: Lang) -> String {
    percent.map_or_else(|| "—".to_string(), |p| decimal(p, 1, lang))
}

/// A date: `01/12/2026` (vi), `2026-12-01` (en).
#[must_use]
pub fn date(day: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Vi => day.format("%d/%m/%Y").to_string(),
        Lang::En => day.format("%Y-%m-%d").to_string(),
    }
}

/// The day of an RFC 3339 time (`2026-12-01T08:15:00Z`) as [`date`] writes
/// it; the text's first ten characters when it does not parse.
#[must_use]
pub fn day_of(time: &str, lang: Lang) -> String {
    chrono::DateTime::parse_from_rfc3339(time).map_or_else(
        |_| time.chars().take(10).collect(),
        |t| date(t.date_naive(), lang),
    )
}

/// An RFC 3339 time with its date as [`date`] writes it and the time of day
/// (UTC): `01/12/2026 08:15 UTC`.
#[must_use]
pub fn time(time: &str, lang: Lang) -> String {
    chrono::DateTime::parse_from_rfc3339(time).map_or_else(
        |_| time.to_string(),
        |t| {
            let t = t.with_timezone(&chrono::Utc);
            format!("{} {} UTC", date(t.date_naive(), lang), t.format("%H:%M"))
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_comma_and_day_first() {
        assert_eq!(decimal(99.14, 1, Lang::Vi), "99,1");
        assert_eq!(decimal(99.14, 1, Lang::En), "99.1");
        assert_eq!(score(None, Lang::Vi), "—");
        let day = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default();
        assert_eq!(date(day, Lang::Vi), "01/12/2026");
        assert_eq!(date(day, Lang::En), "2026-12-01");
        assert_eq!(day_of("2026-12-01T08:15:00Z", Lang::Vi), "01/12/2026");
        assert_eq!(
            time("2026-12-01T08:15:00Z", Lang::Vi),
            "01/12/2026 08:15 UTC"
        );
    }
}
