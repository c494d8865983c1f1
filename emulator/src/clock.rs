//! The emulator clock: real UTC time plus an offset that tests can move (with
//! `--clock-control`), so time rules (expiry, trials, floating timeouts, borrowing, consumption
//! periods) can be exercised without sleeping. The `Date` header check uses the real clock.

use std::sync::atomic::{AtomicI64, Ordering};

use time::{Duration, OffsetDateTime};

#[derive(Debug, Default)]
pub struct Clock {
    /// Microseconds added to the real time.
    offset_us: AtomicI64,
}

impl Clock {
    pub fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc() + Duration::microseconds(self.offset_us.load(Ordering::SeqCst))
    }

    /// Move the clock by `seconds` (negative moves it back).
    pub fn advance(&self, seconds: i64) -> Result<OffsetDateTime, String> {
        let us = seconds
            .checked_mul(1_000_000)
            .ok_or_else(|| "advance_seconds is too large".to_string())?;
        let prev = self.offset_us.load(Ordering::SeqCst);
        let next = prev
            .checked_add(us)
            .ok_or_else(|| "advance_seconds is too large".to_string())?;
        self.check_range(next)?;
        self.offset_us.store(next, Ordering::SeqCst);
        Ok(self.now())
    }

    /// Set the clock to `t` (it keeps running from there).
    pub fn set(&self, t: OffsetDateTime) -> Result<OffsetDateTime, String> {
        // Rounded up, so that the clock never reads earlier than `t`.
        let diff = (t - OffsetDateTime::now_utc()).whole_nanoseconds();
        let us = i64::try_from(diff.div_euclid(1000) + i128::from(diff.rem_euclid(1000) != 0))
            .map_err(|_| "time is out of range".to_string())?;
        self.check_range(us)?;
        self.offset_us.store(us, Ordering::SeqCst);
        Ok(self.now())
    }

    /// Back to real time.
    pub fn reset(&self) -> OffsetDateTime {
        self.offset_us.store(0, Ordering::SeqCst);
        self.now()
    }

    /// Keep the emulated time between the years 1970 and 9999, which every date format handles.
    fn check_range(&self, offset_us: i64) -> Result<(), String> {
        let t = OffsetDateTime::now_utc().checked_add(Duration::microseconds(offset_us));
        match t {
            Some(t) if t.year() >= 1970 && t.year() <= 9999 => Ok(()),
            _ => Err("the emulated time must stay between 1970 and 9999".into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advance_and_set() {
        let c = Clock::default();
        let before = c.now();
        let later = c.advance(3600).unwrap();
        assert!(later - before >= Duration::seconds(3599));
        let t = crate::dates::parse("2030-01-01T00:00:00Z").unwrap();
        let now = c.set(t).unwrap();
        assert!(now >= t && now - t < Duration::seconds(5));
        assert!(c.advance(i64::MAX).is_err());
        assert!(c.set(crate::dates::parse("1960-01-01").unwrap()).is_err());
        let real = c.reset();
        assert!((real - OffsetDateTime::now_utc()).abs() < Duration::seconds(5));
    }
}
