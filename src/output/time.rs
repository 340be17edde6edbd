//! Timestamps in docker output: RFC 3339 with nanoseconds (`2026-11-24T23:36:17.035989261Z`,
//! `…+00:00`), Go's `time.String()` (`2026-11-24 23:36:17.41 +0000 UTC`), and the zero time
//! `0001-01-01T00:00:00Z`. The first timestamp found in the text is read; fractions are truncated
//! to microseconds.
//!
//! chrono checks the calendar (which dates and times of day exist). Its own parsers
//! (`DateTime::parse_from_rfc3339`, `parse_and_remainder`) are not used to read the text, because
//! docker's timestamps are found inside other text (event lines, log prefixes), come in two
//! layouts (RFC 3339 and Go's `time.String()` with a zone name after the offset) and may carry
//! more than nine fraction digits; the regular expression below finds the first candidate, so an
//! impossible date there is reported as such instead of the search moving on to a later one.
//!
//! ```
//! use dockertest::output::time::DockerTime;
//!
//! let t = DockerTime::parse("started 2015-03-02T17:04:20.569Z ok").unwrap();
//! assert_eq!((t.year, t.microsecond, t.offset_seconds), (2015, 569_000, 0));
//! ```

use std::sync::LazyLock;

use chrono::{NaiveDate, NaiveTime};
use regex::Regex;

use crate::{Error, Result};

static ISO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(\d{4})-(\d{2})-(\d{2})",
        r"(?:[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))",
        r"| (\d{2}):(\d{2}):(\d{2})(?:\.(\d+))? ([+-])(\d{2})(\d{2})(?: [A-Za-z]+)?)"
    ))
    .expect("valid regex")
});

/// A parsed timestamp; `offset_seconds` is the UTC offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DockerTime {
    /// Year (1 to 9999).
    pub year: i32,
    /// Month (1 to 12).
    pub month: u8,
    /// Day of the month.
    pub day: u8,
    /// Hour (0 to 23).
    pub hour: u8,
    /// Minute (0 to 59).
    pub minute: u8,
    /// Second (0 to 59).
    pub second: u8,
    /// Microseconds, truncated from the printed fraction.
    pub microsecond: u32,
    /// Offset from UTC in seconds (east positive).
    pub offset_seconds: i32,
}

impl DockerTime {
    /// Reads the first timestamp in `text`.
    pub fn parse(text: &str) -> Result<Self> {
        let bad = |why: &str| Error::Value(format!("cannot read a docker timestamp from {text:?}: {why}"));
        let caps = ISO.captures(text).ok_or_else(|| bad("no ISO 8601 timestamp found"))?;
        let num = |i: usize| caps.get(i).map_or(0, |m| m.as_str().parse::<i32>().unwrap_or(0));
        // Groups 4-11 are the `T` form, 12-18 the Go `time.String()` form.
        let go = caps.get(12).is_some();
        let (h, frac, sign, oh, om) = if go { (12, 15, 16, 17, 18) } else { (4, 7, 9, 10, 11) };
        let fraction = caps.get(frac).map_or("", |m| m.as_str());
        let micro: String = fraction.chars().chain(std::iter::repeat('0')).take(6).collect();
        let mut offset = num(oh) * 3600 + num(om) * 60;
        if caps.get(sign).is_some_and(|m| m.as_str() == "-") {
            offset = -offset;
        }
        let t = DockerTime {
            year: num(1),
            month: u8::try_from(num(2)).unwrap_or(0),
            day: u8::try_from(num(3)).unwrap_or(0),
            hour: u8::try_from(num(h)).unwrap_or(99),
            minute: u8::try_from(num(h + 1)).unwrap_or(99),
            second: u8::try_from(num(h + 2)).unwrap_or(99),
            microsecond: micro.parse().unwrap_or(0),
            offset_seconds: offset,
        };
        // chrono knows which dates exist (month lengths, leap years) and which times of day do.
        if t.year < 1 || NaiveDate::from_ymd_opt(t.year, t.month.into(), t.day.into()).is_none() {
            return Err(bad("the date does not exist"));
        }
        let time = NaiveTime::from_hms_micro_opt(t.hour.into(), t.minute.into(), t.second.into(), t.microsecond);
        if time.is_none() || num(om) > 59 || num(oh) > 23 {
            return Err(bad("the time of day or the UTC offset is out of range"));
        }
        Ok(t)
    }

    /// True for docker's zero time, `0001-01-01T00:00:00Z`.
    pub fn is_undefined(&self) -> bool {
        (
            self.year,
            self.month,
            self.day,
            self.hour,
            self.minute,
            self.second,
            self.microsecond,
        ) == (1, 1, 1, 0, 0, 0, 0)
    }
}

/// Parses a UTC offset written `+HH:MM`, `-HHMM` or `Z` into seconds.
pub fn parse_utc_offset(text: &str) -> Result<i32> {
    let t = text.trim();
    if t.eq_ignore_ascii_case("z") {
        return Ok(0);
    }
    let bad = || Error::Value(format!("{text:?} is not a UTC offset of the form +HH:MM"));
    let (sign, rest) = match t.chars().next() {
        Some('+') => (1, &t[1..]),
        Some('-') => (-1, &t[1..]),
        _ => return Err(bad()),
    };
    let digits: String = rest.chars().filter(|c| *c != ':').collect();
    if digits.len() != 4 || !digits.chars().all(|c| c.is_ascii_digit()) || rest.len() > 5 {
        return Err(bad());
    }
    let (h, m) = (
        digits[..2].parse::<i32>().map_err(|_| bad())?,
        digits[2..].parse::<i32>().map_err(|_| bad())?,
    );
    if h > 23 || m > 59 {
        return Err(bad());
    }
    Ok(sign * (h * 3600 + m * 60))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn p(s: &str) -> DockerTime {
        DockerTime::parse(s).unwrap()
    }

    #[test]
    fn fractions_are_truncated_to_microseconds() {
        assert_eq!(p("2015-03-02T17:04:20.569Z").microsecond, 569_000);
        assert_eq!(p("2015-03-02T17:04:20.12345678901234567890Z").microsecond, 123_456);
        assert_eq!(p("2015-03-02T17:04:20z").microsecond, 0);
    }

    #[test]
    fn offsets_and_go_time_string() {
        assert_eq!(p("2015-03-02T17:04:20+12:34").offset_seconds, 12 * 3600 + 34 * 60);
        assert_eq!(p("2015-03-02T17:04:20-01:30").offset_seconds, -5400);
        let go = p("2026-11-24 23:41:38.918465728 +0000 UTC container create");
        assert_eq!(
            (go.hour, go.minute, go.second, go.microsecond, go.offset_seconds),
            (23, 41, 38, 918_465, 0)
        );
        assert!(p("0001-01-01T00:00:00Z").is_undefined());
        assert!(!p("2026-05-07T21:09:36.000000000+00:00").is_undefined());
    }

    #[test]
    fn unparsable_or_impossible_times_are_errors() {
        for bad in [
            "2015-03-02 17:04:20z",
            "",
            "2015-02-30T00:00:00Z",
            "2015-03-02T24:00:00Z",
            "2015-03-02T17:04:20",
        ] {
            assert!(matches!(DockerTime::parse(bad), Err(Error::Value(_))), "{bad}");
        }
        assert!(p("2016-02-29T00:00:00Z").day == 29);
        assert_eq!(parse_utc_offset("+12:34").unwrap(), 45_240);
        assert!(parse_utc_offset("12:34").is_err());
    }

    proptest! {
        #[test]
        fn time_parser_never_panics(text in "\\PC*") {
            let _ = DockerTime::parse(&text);
        }

        #[test]
        fn time_parser_never_panics_on_timelike_text(text in "[0-9]{1,5}-[0-9]{1,3}-[0-9]{1,3}[T ][0-9]{1,3}:[0-9]{2}:[0-9]{2}(\\.[0-9]{0,30})?( ?[+-][0-9:]{0,6}| ?[Zz])?( UTC)?") {
            let _ = DockerTime::parse(&text);
        }

        #[test]
        fn offset_parser_never_panics(text in "\\PC{0,8}") {
            let _ = parse_utc_offset(&text);
        }
    }
}
