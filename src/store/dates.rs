//! The dates the store reads and writes: ISO 8601 from the server, milliseconds since the Unix
//! epoch (UTC) everywhere inside.

/// Days from 1970-01-01 to the given civil date (proleptic Gregorian).
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
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn digits(s: &[u8]) -> Option<i64> {
    if s.is_empty() || !s.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(s).ok()?.parse().ok()
}

/// Parses `YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM[:SS[.fff]]` followed by `Z`, `±HH:MM`, `±HHMM` or
/// nothing (read as UTC), as milliseconds since the epoch.
pub fn parse_iso(text: &str) -> Option<i64> {
    let s = text.trim().as_bytes();
    if s.len() < 10 || s[4] != b'-' || s[7] != b'-' {
        return None;
    }
    let (y, mo, d) = (digits(&s[0..4])?, digits(&s[5..7])?, digits(&s[8..10])?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) {
        return None;
    }
    let days = days_from_civil(y, mo, d);
    if civil_from_days(days) != (y, mo, d) {
        return None; // e.g. 2023-02-30
    }
    let mut ms = days * 86_400_000;
    let rest = &s[10..];
    if rest.is_empty() {
        return Some(ms);
    }
    if !matches!(rest[0], b'T' | b't' | b' ') || rest.len() < 6 || rest[3] != b':' {
        return None;
    }
    let (h, mi) = (digits(&rest[1..3])?, digits(&rest[4..6])?);
    let mut i = 6;
    let mut sec = 0;
    let mut frac_ms = 0;
    if rest.get(i) == Some(&b':') {
        sec = digits(rest.get(i + 1..i + 3)?)?;
        i += 3;
        if rest.get(i) == Some(&b'.') {
            i += 1;
            let start = i;
            while rest.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            let frac = &rest[start..i];
            if frac.is_empty() {
                return None;
            }
            let mut three = [b'0'; 3];
            for (k, b) in frac.iter().take(3).enumerate() {
                three[k] = *b;
            }
            frac_ms = digits(&three)?;
        }
    }
    if h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    ms += ((h * 60 + mi) * 60 + sec) * 1000 + frac_ms;
    let zone = &rest[i..];
    let offset_min = match zone {
        [] | [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), hh @ ..] => {
            let (zh, zm) = match hh {
                [a, b, b':', c, d] | [a, b, c, d] => (digits(&[*a, *b])?, digits(&[*c, *d])?),
                [a, b] => (digits(&[*a, *b])?, 0),
                _ => return None,
            };
            let m = zh * 60 + zm;
            if *sign == b'+' {
                m
            } else {
                -m
            }
        }
        _ => return None,
    };
    Some(ms - offset_min * 60_000)
}

/// `YYYY-MM-DDTHH:MM:SS.sssZ`, the form the vendor signs validity periods in.
pub fn format_iso(ms: i64) -> String {
    let days = ms.div_euclid(86_400_000);
    let in_day = ms.rem_euclid(86_400_000);
    let (y, m, d) = civil_from_days(days);
    let (h, rest) = (in_day / 3_600_000, in_day % 3_600_000);
    let (mi, rest) = (rest / 60_000, rest % 60_000);
    format!(
        "{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{:02}.{:03}Z",
        rest / 1000,
        rest % 1000
    )
}

/// An RFC 7231 IMF-fixdate (`Thu, 17 Nov 2022 20:51:35 GMT`), as the offline files carry.
pub fn http_date(ms: i64) -> String {
    let secs = u64::try_from(ms.div_euclid(1000)).unwrap_or(0);
    httpdate::fmt_http_date(std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_forms_servers_send() {
        assert_eq!(parse_iso("1970-01-01"), Some(0));
        assert_eq!(parse_iso("1970-01-01T00:00:01Z"), Some(1000));
        let t = parse_iso("2099-12-31T23:59:59.000Z").unwrap();
        assert_eq!(format_iso(t), "2099-12-31T23:59:59.000Z");
        assert_eq!(parse_iso("2099-12-31T23:59:59Z"), Some(t));
        assert_eq!(parse_iso("2099-12-31T23:59:59"), Some(t));
        assert_eq!(parse_iso("2099-12-31T23:59:59.0001234+00:00"), Some(t));
        assert_eq!(parse_iso("2100-01-01T01:59:59+02:00"), Some(t));
        assert_eq!(parse_iso("2099-12-31T20:59:59-0300"), Some(t));
        assert_eq!(parse_iso("2099-12-31 23:59:59.5Z"), Some(t + 500));
        assert_eq!(
            format_iso(parse_iso("2024-02-29T12:00:00Z").unwrap()),
            "2024-02-29T12:00:00.000Z"
        );
        for bad in [
            "",
            "2023-02-30",
            "2023-13-01",
            "tomorrow",
            "2023-01-01T25:00Z",
            "2023-01-01T",
            "2023-01-01T10:00:00.Z",
            "2023-01-01T10:00:00+1",
        ] {
            assert_eq!(parse_iso(bad), None, "{bad}");
        }
        assert_eq!(http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
    }
}
