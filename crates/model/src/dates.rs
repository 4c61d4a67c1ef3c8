//! Dates and ISO 8601 durations as they appear in micro-credential documents.

use chrono::{DateTime, NaiveDate, Utc};
use microcred_text::{fill, msg, Arg, MsgRef};

use crate::lang::Lang;

/// A date as written in a document: either a calendar date or an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocDate {
    Date(NaiveDate),
    Instant(DateTime<Utc>),
}

impl DocDate {
    /// Parses `YYYY-MM-DD` or an RFC 3339 date-time with offset. Rejects impossible
    /// dates such as `2026-02-30`.
    pub fn parse(s: &str) -> Option<DocDate> {
        if s.len() == 10 {
            return NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .ok()
                .map(DocDate::Date);
        }
        DateTime::parse_from_rfc3339(s)
            .ok()
            .map(|d| DocDate::Instant(d.with_timezone(&Utc)))
    }

    /// The earliest instant this date can denote anywhere on Earth: a calendar date
    /// begins first at UTC+14. Used for "not in the future" so that a provider east of
    /// UTC is never told that today is tomorrow.
    pub fn earliest_instant(self) -> DateTime<Utc> {
        match self {
            DocDate::Instant(t) => t,
            DocDate::Date(d) => {
                d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc() - chrono::Duration::hours(14)
            }
        }
    }

    /// The latest instant the date can denote (end of the day at UTC−12).
    pub fn latest_instant(self) -> DateTime<Utc> {
        match self {
            DocDate::Instant(t) => t,
            DocDate::Date(d) => {
                d.and_hms_opt(23, 59, 59).unwrap_or_default().and_utc()
                    + chrono::Duration::hours(12)
            }
        }
    }

    /// As an instant for credentials: a calendar date becomes midnight UTC.
    pub fn to_instant(self) -> DateTime<Utc> {
        match self {
            DocDate::Instant(t) => t,
            DocDate::Date(d) => d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc(),
        }
    }

    pub fn date(self) -> NaiveDate {
        match self {
            DocDate::Date(d) => d,
            DocDate::Instant(t) => t.date_naive(),
        }
    }
}

/// Formats a date the way readers of `lang` write it: 31.5.2026 in Finnish and Swedish
/// (Finland), 31 May 2026 in English.
pub fn format_date(d: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Fi | Lang::Sv => d.format("%-d.%-m.%Y").to_string(),
        Lang::En => d.format("%-d %B %Y").to_string(),
    }
}

/// An ISO 8601 duration limited to whole numbers (`P6M`, `P1Y6M`, `PT60H`, `P3W`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct IsoDuration {
    pub years: u32,
    pub months: u32,
    pub weeks: u32,
    pub days: u32,
    pub hours: u32,
    pub minutes: u32,
}

impl IsoDuration {
    /// Designators must come in ISO order (`Y M W D T H M`), each at most once.
    pub fn parse(s: &str) -> Option<IsoDuration> {
        let rest = s.strip_prefix('P')?;
        if rest.is_empty() || rest.len() > 40 {
            return None;
        }
        let mut d = IsoDuration::default();
        // Position in the designator order reached so far; each must come later.
        let mut next_slot = 0usize;
        let mut in_time = false;
        let mut number = String::new();
        let mut any = false;
        for c in rest.chars() {
            match c {
                '0'..='9' => number.push(c),
                'T' if !in_time && number.is_empty() => {
                    in_time = true;
                    next_slot = 4;
                }
                _ => {
                    let n: u32 = number.parse().ok()?;
                    number.clear();
                    let slot = match (in_time, c) {
                        (false, 'Y') => 0,
                        (false, 'M') => 1,
                        (false, 'W') => 2,
                        (false, 'D') => 3,
                        (true, 'H') => 4,
                        (true, 'M') => 5,
                        _ => return None,
                    };
                    if slot < next_slot {
                        return None;
                    }
                    next_slot = slot + 1;
                    any = true;
                    *[
                        &mut d.years,
                        &mut d.months,
                        &mut d.weeks,
                        &mut d.days,
                        &mut d.hours,
                        &mut d.minutes,
                    ][slot] = n;
                }
            }
        }
        // "P1YT" (a T with nothing after it) is not a duration.
        let time_ok = !in_time || next_slot > 4;
        (number.is_empty() && any && time_ok).then_some(d)
    }

    /// Whether the duration has only whole calendar parts (years, months, weeks, days):
    /// what a validity period may have, since it ends on a date.
    pub fn is_date_only(&self) -> bool {
        self.hours == 0 && self.minutes == 0
    }

    /// `start` plus this duration's calendar parts (years and months first, as the
    /// calendar counts them: 2024-02-29 plus P1Y is 2025-02-28). `None` on overflow.
    pub fn add_to(&self, start: NaiveDate) -> Option<NaiveDate> {
        let months = self.years.checked_mul(12)?.checked_add(self.months)?;
        let days = u64::from(self.weeks) * 7 + u64::from(self.days);
        start
            .checked_add_months(chrono::Months::new(months))?
            .checked_add_days(chrono::Days::new(days))
    }

    /// "6 kuukautta", "6 månader", "6 months".
    pub fn describe(&self, lang: Lang) -> String {
        let parts: [(u32, MsgRef); 6] = [
            (self.years, msg!("duration_years")),
            (self.months, msg!("duration_months")),
            (self.weeks, msg!("duration_weeks")),
            (self.days, msg!("duration_days")),
            (self.hours, msg!("duration_hours")),
            (self.minutes, msg!("duration_minutes")),
        ];
        parts
            .iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, m)| fill(m.text(lang), &[("count", n as &dyn Arg)]))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert!(DocDate::parse("2026-05-31").is_some());
        assert!(DocDate::parse("2026-02-30").is_none());
        assert!(DocDate::parse("2026-13-01").is_none());
        assert!(DocDate::parse("31.5.2026").is_none());
        assert!(DocDate::parse("2026-05-31T10:00:00+03:00").is_some());
        assert!(DocDate::parse("2026-05-31T10:00:00").is_none());
        let d = NaiveDate::from_ymd_opt(2026, 5, 31).unwrap();
        assert_eq!(format_date(d, Lang::Fi), "31.5.2026");
        assert_eq!(format_date(d, Lang::En), "31 May 2026");
    }

    #[test]
    fn durations() {
        let d = IsoDuration::parse("P6M").unwrap();
        assert_eq!(d.months, 6);
        assert_eq!(d.describe(Lang::Fi), "6 kuukautta");
        assert_eq!(IsoDuration::parse("PT60H").unwrap().hours, 60);
        assert_eq!(
            IsoDuration::parse("P1Y1M").unwrap().describe(Lang::En),
            "1 year 1 month"
        );
        assert_eq!(
            IsoDuration::parse("P1Y2M1W").unwrap().describe(Lang::Fi),
            "1 vuosi 2 kuukautta 1 viikko"
        );
        assert_eq!(
            IsoDuration::parse("P2D").unwrap().describe(Lang::Sv),
            "2 dagar"
        );
        let start = NaiveDate::from_ymd_opt(2024, 2, 29).unwrap();
        let five = IsoDuration::parse("P5Y").unwrap();
        assert!(five.is_date_only());
        assert_eq!(five.add_to(start), NaiveDate::from_ymd_opt(2029, 2, 28));
        assert_eq!(
            IsoDuration::parse("P1M2W").unwrap().add_to(start),
            NaiveDate::from_ymd_opt(2024, 4, 12)
        );
        assert!(!IsoDuration::parse("PT1H").unwrap().is_date_only());
        assert_eq!(
            IsoDuration::parse("P4000000000Y").and_then(|d| d.add_to(start)),
            None
        );
        for bad in [
            "", "P", "6M", "P6", "PT", "P6X", "P-1M", "PT6Y", "P1M2", "P1M1Y", "P1M1M", "P1YT",
        ] {
            assert!(IsoDuration::parse(bad).is_none(), "{bad}");
        }
    }
}
