//! Publication dates in the formats news sources actually use.

use jiff::civil::Date;

use crate::error::{Error, ErrorKind};

/// Parses a publication date, keeping the calendar date as written.
///
/// Accepted:
/// - `YYYY-MM-DD`;
/// - ISO 8601 / RFC 3339 datetimes, with or without offset (`Z`, `+03:00`,
///   `+0300`) or a `[zone]` annotation, `T` or space separated;
/// - RFC 2822, e.g. `Sun, 18 Feb 2018 21:35:43 +0400` (the ANT corpus
///   `time` field). A weekday that disagrees with the date is ignored.
///
/// The date is never shifted to UTC: `2018-02-18T23:30:00-05:00` is
/// 2018-02-18, because that is the day the outlet printed. Years outside
/// 1..=9999, impossible dates and anything else give
/// [`ErrorKind::BadPublished`].
///
/// ```
/// use jiff::civil::date;
/// use marsad_article::parse_published;
///
/// assert_eq!(parse_published("2018-02-18").unwrap(), date(2018, 2, 18));
/// assert_eq!(parse_published("Sun, 18 Feb 2018 21:35:43 +0400").unwrap(), date(2018, 2, 18));
/// assert!(parse_published("2018-02-31").is_err());
/// ```
pub fn parse_published(s: &str) -> Result<Date, Error> {
    let trimmed = s.trim();
    parse_any(trimmed)
        .filter(|d| (1..=9999).contains(&d.year()))
        .ok_or_else(|| ErrorKind::BadPublished { value: s.to_owned() }.into())
}

fn parse_any(s: &str) -> Option<Date> {
    // Dates start with a digit in ISO forms, a letter or digit in RFC 2822.
    if s.as_bytes().first()?.is_ascii_digit() {
        if let Some(d) = parse_iso(s) {
            return Some(d);
        }
    }
    parse_rfc2822(s)
}

fn parse_iso(s: &str) -> Option<Date> {
    if let Ok(d) = s.parse::<Date>() {
        return Some(d);
    }
    // jiff refuses `Z` for civil types (local time unknown), but with `Z`
    // the date as written is the UTC date.
    let ts = s.parse::<jiff::Timestamp>().ok()?;
    Some(ts.to_zoned(jiff::tz::TimeZone::UTC).date())
}

fn parse_rfc2822(s: &str) -> Option<Date> {
    // A fixed-offset zone keeps the wall-clock date as written.
    if let Ok(z) = jiff::fmt::rfc2822::parse(s) {
        return Some(z.date());
    }
    // Scrapers often carry wrong weekdays; the day-month-year is what counts.
    let (_, rest) = s.split_once(',')?;
    let rest = rest.trim_start();
    if !rest.as_bytes().first()?.is_ascii_digit() {
        return None;
    }
    jiff::fmt::rfc2822::parse(rest).ok().map(|z| z.date())
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn plain_dates() {
        assert_eq!(parse_published("2018-02-18").unwrap(), date(2018, 2, 18));
        assert_eq!(parse_published(" 2024-02-29\n").unwrap(), date(2024, 2, 29));
        assert_eq!(parse_published("0001-01-01").unwrap(), date(1, 1, 1));
        assert_eq!(parse_published("9999-12-31").unwrap(), date(9999, 12, 31));
    }

    #[test]
    fn iso_datetimes_keep_the_written_date() {
        let d = date(2024, 3, 5);
        for s in [
            "2024-03-05T09:15:00Z",
            "2024-03-05t23:59:59z",
            "2024-03-05T09:15:00+03:00",
            "2024-03-05T23:15:00-05:00",
            "2024-03-05T00:30:00.123+0300",
            "2024-03-05 09:15:00",
            "2024-03-05T09:15",
            "2024-03-05T09:15:00+03:00[Asia/Riyadh]",
        ] {
            assert_eq!(parse_published(s).unwrap(), d, "{s}");
        }
    }

    #[test]
    fn rfc2822_keeps_the_local_date() {
        assert_eq!(parse_published("Sun, 18 Feb 2018 21:35:43 +0400").unwrap(), date(2018, 2, 18));
        assert_eq!(parse_published("Sun, 18 Feb 2018 23:35:43 -0400").unwrap(), date(2018, 2, 18));
        assert_eq!(parse_published("18 Feb 2018 01:00:00 GMT").unwrap(), date(2018, 2, 18));
        // Wrong weekday: tolerated.
        assert_eq!(parse_published("Mon, 18 Feb 2018 21:35:43 +0400").unwrap(), date(2018, 2, 18));
    }

    #[test]
    fn invalid_dates_are_rejected() {
        for s in [
            "",
            "   ",
            "2018-13-01",
            "2018-02-31",
            "2018-02-30T10:00:00Z",
            "2023-02-29",
            "0000-01-01",
            "0000-06-15T10:00:00+00:00",
            "10000-01-01",
            "+010000-01-01",
            "-0001-01-01",
            "2018-00-10",
            "2018-01-00",
            "2024-03-05T25:00:00",
            "2024-03-05Tgarbage",
            "yesterday",
            "Sun, 31 Feb 2018 21:35:43 +0400",
            "Sun, 18 Foo 2018 21:35:43 +0400",
            "Sun,",
            "١٨ فبراير ٢٠١٨",
        ] {
            let err = parse_published(s).unwrap_err();
            match err.kind() {
                ErrorKind::BadPublished { value } => assert_eq!(value, s),
                other => panic!("{s:?}: unexpected {other:?}"),
            }
        }
        assert_eq!(parse_published("2018-13-01").unwrap_err().to_string(), "invalid published date \"2018-13-01\"");
    }
}
