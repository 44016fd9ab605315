//! Times on the command line (`1h`, `7d`, `2026-11-23`, `2026-11-23T14:00:00Z`)
//! and in listings, without a date library: UTC only, nanoseconds since the epoch.

use std::time::{SystemTime, UNIX_EPOCH};

const NS: i64 = 1_000_000_000;
const DAY_S: i64 = 86_400;

/// Now, in nanoseconds since the Unix epoch.
pub fn now_ns() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// Parses a point in time: an age (`30s`, `15m`, `1h`, `7d`, `2w`, counted back
/// from `now_ns`) or a UTC date / date-time (`2026-11-23`, `2026-11-23T14:05`,
/// `2026-11-23 14:05:09Z`). `None` when it is neither.
pub fn parse_time(s: &str, now_ns: i64) -> Option<i64> {
    let s = s.trim();
    parse_age(s)
        .and_then(|age| now_ns.checked_sub(age))
        .or_else(|| parse_date_time(s))
}

fn parse_age(s: &str) -> Option<i64> {
    let unit = s.chars().last()?;
    let num = s.get(..s.len() - unit.len_utf8())?;
    if num.is_empty() || !num.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: i64 = num.parse().ok()?;
    let secs = match unit {
        's' => 1,
        'm' => 60,
        'h' => 3_600,
        'd' => DAY_S,
        'w' => 7 * DAY_S,
        _ => return None,
    };
    n.checked_mul(secs)?.checked_mul(NS)
}

fn parse_date_time(s: &str) -> Option<i64> {
    let s = s.strip_suffix('Z').unwrap_or(s);
    let (date, time) = match s.split_once(['T', ' ']) {
        Some((d, t)) => (d, Some(t)),
        None => (s, None),
    };
    let mut parts = date.split('-');
    let y: i64 = digits(parts.next()?, 4)?;
    let m: i64 = digits(parts.next()?, 2)?;
    let d: i64 = digits(parts.next()?, 2)?;
    if parts.next().is_some() || !(1970..=2261).contains(&y) || !(1..=12).contains(&m) {
        return None;
    }
    if d < 1 || d > days_in_month(y, m) {
        return None;
    }
    let mut secs = days_from_civil(y, m, d) * DAY_S;
    if let Some(t) = time {
        let mut hms = t.split(':');
        let h: i64 = digits(hms.next()?, 2)?;
        let mi: i64 = digits(hms.next()?, 2)?;
        let sec: i64 = match hms.next() {
            Some(x) => digits(x, 2)?,
            None => 0,
        };
        if hms.next().is_some() || h > 23 || mi > 59 || sec > 59 {
            return None;
        }
        secs += h * 3_600 + mi * 60 + sec;
    }
    secs.checked_mul(NS)
}

fn digits(s: &str, len: usize) -> Option<i64> {
    (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// Howard Hinnant's civil calendar algorithms.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// Formats nanoseconds since the epoch as `2026-11-23T14:05:09.123Z`.
pub fn format_time(ns: i64) -> String {
    let secs = ns.div_euclid(NS);
    let millis = ns.rem_euclid(NS) / 1_000_000;
    let (y, m, d) = civil_from_days(secs.div_euclid(DAY_S));
    let s = secs.rem_euclid(DAY_S);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{millis:03}Z",
        s / 3_600,
        s % 3_600 / 60,
        s % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rstest::rstest;

    const NOW: i64 = 1_795_000_000 * NS;

    #[rstest]
    #[case("30s", Some(NOW - 30 * NS))]
    #[case("15m", Some(NOW - 900 * NS))]
    #[case("1h", Some(NOW - 3_600 * NS))]
    #[case("7d", Some(NOW - 7 * DAY_S * NS))]
    #[case("2w", Some(NOW - 14 * DAY_S * NS))]
    #[case("1970-01-01", Some(0))]
    #[case("2026-11-23", Some(1_795_392_000 * NS))]
    #[case("2026-11-23T14:05", Some((1_795_392_000 + 14 * 3_600 + 300) * NS))]
    #[case("2026-11-23 14:05:09Z", Some((1_795_392_000 + 14 * 3_600 + 309) * NS))]
    #[case("2024-02-29", Some(1_709_164_800 * NS))]
    #[case("2023-02-29", None)]
    #[case("2026-13-01", None)]
    #[case("2026-11-23T24:00", None)]
    #[case("26-11-23", None)]
    #[case("h", None)]
    #[case("-1h", None)]
    #[case("1y", None)]
    #[case("99999999999999999999d", None)]
    #[case("", None)]
    #[case("yesterday", None)]
    fn parses(#[case] input: &str, #[case] want: Option<i64>) {
        assert_eq!(parse_time(input, NOW), want);
    }

    #[test]
    fn formats() {
        assert_eq!(format_time(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(
            format_time((1_795_392_000 + 309) * NS + 5_000_000),
            "2026-11-23T00:05:09.005Z"
        );
    }

    proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,30}") {
            let _ = parse_time(&s, NOW);
        }

        #[test]
        fn format_round_trips(secs in 0i64..9_000_000_000) {
            let text = format_time(secs * NS);
            let back = parse_time(text.get(..19).unwrap_or_default(), NOW);
            prop_assert_eq!(back, Some(secs * NS));
        }
    }
}
