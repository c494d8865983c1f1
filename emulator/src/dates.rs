//! Date parsing (seed) and formatting (responses).

use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Date, OffsetDateTime, UtcOffset};

/// Parse an RFC 3339 timestamp (`2099-12-31T23:59:59Z`, fractions and offsets allowed) or a
/// plain date (`2099-01-01`, meaning midnight UTC).
pub fn parse(s: &str) -> Option<OffsetDateTime> {
    if let Ok(t) = OffsetDateTime::parse(s, &Rfc3339) {
        return Some(t.to_offset(UtcOffset::UTC));
    }
    Date::parse(s, format_description!("[year]-[month]-[day]"))
        .ok()
        .map(|d| d.midnight().assume_utc())
}

/// Format as `YYYY-MM-DDTHH:MM:SS.sssZ` in UTC, the form the vendor uses (and signs in v1).
pub fn format(t: OffsetDateTime) -> String {
    let t = t.to_offset(UtcOffset::UTC);
    t.format(format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z"
    ))
    .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let t = parse("2099-12-31T23:59:59Z").unwrap();
        assert_eq!(format(t), "2099-12-31T23:59:59.000Z");
        let d = parse("2099-01-01").unwrap();
        assert_eq!(format(d), "2099-01-01T00:00:00.000Z");
        assert!(parse("tomorrow").is_none());
    }
}
