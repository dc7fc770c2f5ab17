//! Time is passed in, never read inside domain code.
//!
//! The engine holds one [`Clock`]; audit events, imports, forecasts and packs ask it
//! for "now". Tests and reproducible packs use [`FixedClock`]; the app and the CLI
//! use [`SystemClock`], unless `RUNRATE_CLOCK` pins the time (see [`clock_from_env`]).

use chrono::{DateTime, NaiveDate, Utc};

/// A source of the current time.
pub trait Clock: Send + Sync {
    /// The current instant, in UTC.
    fn now(&self) -> DateTime<Utc>;

    /// Today's date, in UTC.
    fn today(&self) -> NaiveDate {
        self.now().date_naive()
    }
}

/// The operating system's clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock stopped at one instant.
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub DateTime<Utc>);

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
}

impl FixedClock {
    /// A clock stopped at an RFC 3339 instant such as `2026-11-22T09:00:00Z`.
    pub fn at(rfc3339: &str) -> Option<FixedClock> {
        DateTime::parse_from_rfc3339(rfc3339)
            .ok()
            .map(|t| FixedClock(t.with_timezone(&Utc)))
    }
}

/// The system clock, or a fixed one when `RUNRATE_CLOCK` holds an RFC 3339 instant.
///
/// Pinning the clock makes CLI runs reproducible: two packs exported from the same
/// data with the same `RUNRATE_CLOCK` and key are byte-identical.
pub fn clock_from_env() -> Box<dyn Clock> {
    match std::env::var("RUNRATE_CLOCK")
        .ok()
        .and_then(|v| FixedClock::at(&v))
    {
        Some(fixed) => Box::new(fixed),
        None => Box::new(SystemClock),
    }
}

/// Formats an instant the way Runrate stores it: RFC 3339, UTC, whole seconds.
pub fn format_instant(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}
