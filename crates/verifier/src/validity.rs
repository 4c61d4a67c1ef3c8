//! The validity period: `validFrom`/`validUntil` (VC 2.0), `issuanceDate`/
//! `expirationDate` (VC 1.1) and the JWT `nbf`/`exp`, whichever are present, all holding.

use chrono::{DateTime, Duration, NaiveDateTime, SecondsFormat, TimeZone, Utc};
use serde_json::{Map, Value};

use crate::report::{Check, CheckKind, Reason};

/// An `xsd:dateTime`: RFC 3339, or without a zone (read as UTC).
pub fn parse_datetime(s: &str) -> Option<DateTime<Utc>> {
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d.with_timezone(&Utc));
    }
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f")
        .ok()
        .map(|n| Utc.from_utc_datetime(&n))
}

fn numeric_date(v: &Value) -> Option<DateTime<Utc>> {
    let secs = v.as_f64()?;
    if !secs.is_finite() {
        return None;
    }
    DateTime::from_timestamp(secs as i64, 0)
}

fn show(d: DateTime<Utc>) -> String {
    d.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Judges the validity period of `claims` (and of the JWT claims `jwt`, if any) at
/// `now`, allowing `skew` for clocks that disagree.
pub fn check(
    claims: &Value,
    jwt: Option<&Map<String, Value>>,
    now: DateTime<Utc>,
    skew: Duration,
) -> Check {
    let mut from: Option<DateTime<Utc>> = None;
    let mut until: Option<DateTime<Utc>> = None;
    for (key, is_start) in [
        ("validFrom", true),
        ("issuanceDate", true),
        ("validUntil", false),
        ("expirationDate", false),
    ] {
        let Some(v) = claims.get(key) else { continue };
        let Some(d) = v.as_str().and_then(parse_datetime) else {
            return Check::failed(
                CheckKind::Validity,
                Reason::BadDate {
                    detail: format!("{key} {v}"),
                },
            );
        };
        merge(&mut from, &mut until, d, is_start);
    }
    if let Some(jwt) = jwt {
        for (key, is_start) in [("nbf", true), ("exp", false)] {
            let Some(v) = jwt.get(key) else { continue };
            let Some(d) = numeric_date(v) else {
                return Check::failed(
                    CheckKind::Validity,
                    Reason::BadDate {
                        detail: format!("{key} {v}"),
                    },
                );
            };
            merge(&mut from, &mut until, d, is_start);
        }
    }
    if let Some(f) = from {
        if now + skew < f {
            return Check::failed(CheckKind::Validity, Reason::NotYetValid { from: show(f) });
        }
    }
    if let Some(u) = until {
        if now - skew > u {
            return Check::failed(CheckKind::Validity, Reason::Expired { until: show(u) });
        }
    }
    Check::passed(
        CheckKind::Validity,
        Reason::Current {
            from: from.map(show),
            until: until.map(show),
        },
    )
}

/// Keeps the latest start and the earliest end.
fn merge(
    from: &mut Option<DateTime<Utc>>,
    until: &mut Option<DateTime<Utc>>,
    d: DateTime<Utc>,
    is_start: bool,
) {
    if is_start {
        *from = Some(from.map_or(d, |f| f.max(d)));
    } else {
        *until = Some(until.map_or(d, |u| u.min(d)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Outcome;
    use serde_json::json;

    fn at(s: &str) -> DateTime<Utc> {
        parse_datetime(s).unwrap()
    }

    #[test]
    fn judges_periods_with_skew() {
        let skew = Duration::minutes(5);
        let vc = json!({"validFrom": "2026-01-01T00:00:00Z", "validUntil": "2027-01-01T00:00:00Z"});
        assert_eq!(
            check(&vc, None, at("2026-06-01T00:00:00Z"), skew).outcome,
            Outcome::Passed
        );
        assert_eq!(
            check(&vc, None, at("2025-12-31T23:57:00Z"), skew).outcome,
            Outcome::Passed,
            "within the skew"
        );
        assert!(matches!(
            check(&vc, None, at("2025-12-31T23:50:00Z"), skew).reason,
            Reason::NotYetValid { .. }
        ));
        assert!(matches!(
            check(&vc, None, at("2027-01-01T00:06:00Z"), skew).reason,
            Reason::Expired { .. }
        ));
        let jwt = json!({"exp": at("2026-03-01T00:00:00Z").timestamp()});
        assert!(matches!(
            check(&vc, jwt.as_object(), at("2026-06-01T00:00:00Z"), skew).reason,
            Reason::Expired { .. }
        ));
        let bad = json!({"validFrom": "yesterday"});
        assert!(matches!(
            check(&bad, None, Utc::now(), skew).reason,
            Reason::BadDate { .. }
        ));
        let naive = json!({"issuanceDate": "2026-01-01T00:00:00"});
        assert_eq!(
            check(&naive, None, Utc::now(), skew).outcome,
            Outcome::Passed
        );
        let nan = json!({"exp": "soon"});
        assert!(matches!(
            check(&json!({}), nan.as_object(), Utc::now(), skew).reason,
            Reason::BadDate { .. }
        ));
    }
}
