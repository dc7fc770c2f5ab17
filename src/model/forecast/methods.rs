//! The forecasting methods. Each one reads a usage history that ends on its
//! origin day and predicts the next `h` days, one amount per day.
//!
//! Arithmetic is exact decimal: the methods only add, multiply and divide.

use chrono::{Datelike, Days, NaiveDate};
use rust_decimal::Decimal;
use rust_decimal::prelude::Zero;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::series::is_weekend;

/// Days the trailing-window rate averages.
pub const TRAILING_DAYS: usize = 14;
/// Days the weekday and weekend profiles are measured over.
pub const PROFILE_DAYS: usize = 56;
/// Days the profile method's current level is measured over.
pub const LEVEL_DAYS: usize = 7;
/// Days the damped-trend method is fitted over.
pub const TREND_DAYS: usize = 56;

/// A forecasting method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Month-to-date ÷ days elapsed, for every remaining day.
    RunRate,
    /// The mean of the last 14 days.
    TrailingWindow,
    /// The recent level, shaped by separate weekday and weekend profiles.
    WeekdayProfile,
    /// Holt's linear trend, damped so it flattens out, on the weekday-adjusted
    /// series.
    DampedTrend,
    /// The average of the trailing, weekday-aware and damped-trend forecasts.
    Blend,
}

impl Method {
    /// Every method, simplest first (ties go to the simpler one).
    pub const ALL: [Method; 5] = [
        Method::RunRate,
        Method::TrailingWindow,
        Method::WeekdayProfile,
        Method::DampedTrend,
        Method::Blend,
    ];

    /// How the method is named in text.
    pub fn label(self) -> &'static str {
        match self {
            Method::RunRate => "month-to-date run rate",
            Method::TrailingWindow => "14-day trailing rate",
            Method::WeekdayProfile => "weekday-aware rate",
            Method::DampedTrend => "damped trend",
            Method::Blend => "blend of the trailing, weekday-aware and damped-trend rates",
        }
    }

    /// Predicts the `h` days after `origin`, the date of `history`'s last day.
    pub fn predict(self, history: &[Decimal], origin: NaiveDate, h: usize) -> Vec<Decimal> {
        if history.is_empty() || h == 0 {
            return vec![Decimal::ZERO; h];
        }
        match self {
            Method::RunRate => {
                let elapsed = (origin.day() as usize).min(history.len());
                vec![mean(&history[history.len() - elapsed..]); h]
            }
            Method::TrailingWindow => vec![mean(&clip_spikes(tail(history, TRAILING_DAYS))); h],
            Method::WeekdayProfile => {
                let profile = Profile::measure(history, origin);
                let level = profile.level(history, origin, LEVEL_DAYS);
                future_days(origin, h)
                    .map(|day| level * profile.factor(day))
                    .collect()
            }
            Method::DampedTrend => damped_trend(history, origin, h),
            Method::Blend => {
                let parts = [
                    Method::TrailingWindow,
                    Method::WeekdayProfile,
                    Method::DampedTrend,
                ]
                .map(|m| m.predict(history, origin, h));
                (0..h)
                    .map(|i| parts.iter().map(|p| p[i]).sum::<Decimal>() / Decimal::from(3))
                    .collect()
            }
        }
    }
}

/// Weekday and weekend factors: how each kind of day compares with the mean.
#[derive(Debug, Clone, Copy)]
struct Profile {
    weekday: Decimal,
    weekend: Decimal,
}

impl Profile {
    fn measure(history: &[Decimal], origin: NaiveDate) -> Profile {
        let window = tail(history, PROFILE_DAYS);
        let first = origin - Days::new(window.len() as u64 - 1);
        let (mut wd, mut wd_n, mut we, mut we_n) = (Decimal::ZERO, 0u32, Decimal::ZERO, 0u32);
        for (i, v) in window.iter().enumerate() {
            if is_weekend(first + Days::new(i as u64)) {
                we += v;
                we_n += 1;
            } else {
                wd += v;
                wd_n += 1;
            }
        }
        let overall = mean(window);
        // Without a full week of each kind there is no profile to speak of.
        if overall.is_zero() || wd_n < 5 || we_n < 2 {
            return Profile {
                weekday: Decimal::ONE,
                weekend: Decimal::ONE,
            };
        }
        Profile {
            weekday: wd / Decimal::from(wd_n) / overall,
            weekend: we / Decimal::from(we_n) / overall,
        }
    }

    fn factor(self, day: NaiveDate) -> Decimal {
        if is_weekend(day) {
            self.weekend
        } else {
            self.weekday
        }
    }

    /// The mean of the last `days` days with the profile taken out.
    fn level(self, history: &[Decimal], origin: NaiveDate, days: usize) -> Decimal {
        mean(&clip_spikes(&self.adjust(tail(history, days), origin)))
    }

    /// Divides each day of a window ending on `origin` by its factor.
    fn adjust(self, window: &[Decimal], origin: NaiveDate) -> Vec<Decimal> {
        let first = origin - Days::new(window.len().saturating_sub(1) as u64);
        window
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let f = self.factor(first + Days::new(i as u64));
                if f.is_zero() { *v } else { v / f }
            })
            .collect()
    }
}

/// Smoothing of the level, of the trend, and the damping per day.
const ALPHA: Decimal = Decimal::from_parts(3, 0, 0, false, 1);
const BETA: Decimal = Decimal::from_parts(1, 0, 0, false, 1);
const PHI: Decimal = Decimal::from_parts(95, 0, 0, false, 2);

fn damped_trend(history: &[Decimal], origin: NaiveDate, h: usize) -> Vec<Decimal> {
    let profile = Profile::measure(history, origin);
    let adjusted = clip_spikes(&profile.adjust(tail(history, TREND_DAYS), origin));
    // Start from the first two weeks: their means give a level and a slope.
    let (mut level, mut trend, start) = if adjusted.len() >= 14 {
        let first = mean(&adjusted[..7]);
        let second = mean(&adjusted[7..14]);
        let slope = (second - first) / Decimal::from(7);
        (second + slope * Decimal::new(35, 1), slope, 14)
    } else {
        (mean(&adjusted[..adjusted.len().min(7)]), Decimal::ZERO, 0)
    };
    for y in &adjusted[start..] {
        let previous = level;
        level = ALPHA * y + (Decimal::ONE - ALPHA) * (level + PHI * trend);
        trend = BETA * (level - previous) + (Decimal::ONE - BETA) * PHI * trend;
        // Keep the precision bounded: 12 places is far below a penny.
        level = level.round_dp(12);
        trend = trend.round_dp(12);
    }
    let mut damping = Decimal::ZERO;
    let mut power = Decimal::ONE;
    future_days(origin, h)
        .map(|day| {
            power *= PHI;
            damping += power;
            let value = (level + damping * trend) * profile.factor(day);
            value.max(Decimal::ZERO)
        })
        .collect()
}

/// How far above the window's median a day may be before it counts as a spike.
const SPIKE_MULTIPLE: Decimal = Decimal::from_parts(25, 0, 0, false, 1);

/// The window with spikes cut down to [`SPIKE_MULTIPLE`] × its median, so one
/// unusual day does not set the level for a month. (Spikes are reported as
/// anomalies instead.)
pub fn clip_spikes(window: &[Decimal]) -> Vec<Decimal> {
    let mut sorted = window.to_vec();
    sorted.sort();
    let Some(&median) = sorted.get(sorted.len() / 2) else {
        return Vec::new();
    };
    let cap = median * SPIKE_MULTIPLE;
    if cap <= Decimal::ZERO {
        return window.to_vec();
    }
    window.iter().map(|v| (*v).min(cap)).collect()
}

/// The days after `origin`.
pub fn future_days(origin: NaiveDate, h: usize) -> impl Iterator<Item = NaiveDate> {
    (1..=h as u64).map(move |i| origin + Days::new(i))
}

/// The last `n` values (or all of them).
pub fn tail(values: &[Decimal], n: usize) -> &[Decimal] {
    &values[values.len().saturating_sub(n)..]
}

/// The arithmetic mean (zero for no values).
pub fn mean(values: &[Decimal]) -> Decimal {
    if values.is_empty() {
        Decimal::zero()
    } else {
        values.iter().sum::<Decimal>() / Decimal::from(values.len() as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::dec;

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    /// 2026-11-02 is a Monday.
    fn weekly(weeks: usize, weekday: Decimal, weekend: Decimal) -> Vec<Decimal> {
        (0..weeks * 7)
            .map(|i| if i % 7 >= 5 { weekend } else { weekday })
            .collect()
    }

    #[test]
    fn run_rate_uses_only_this_month() {
        // Origin 3 November: the last three days are November's.
        let history = [dec!(100), dec!(100), dec!(6), dec!(9), dec!(12)];
        let p = Method::RunRate.predict(&history, d("2026-11-03"), 2);
        assert_eq!(p, vec![dec!(9), dec!(9)]);
    }

    #[test]
    fn trailing_rate_is_the_mean_of_fourteen_days() {
        let mut history = vec![dec!(1000); 10];
        history.extend(vec![dec!(20); 14]);
        let p = Method::TrailingWindow.predict(&history, d("2026-11-24"), 3);
        assert_eq!(p, vec![dec!(20); 3]);
    }

    #[test]
    fn weekday_profile_reproduces_a_weekly_pattern() {
        // Eight weeks from Monday 2026-09-07 to Sunday 2026-11-01.
        let history = weekly(8, dec!(100), dec!(30));
        let p = Method::WeekdayProfile.predict(&history, d("2026-11-01"), 7);
        let expected = [100, 100, 100, 100, 100, 30, 30].map(Decimal::from);
        for (got, want) in p.iter().zip(expected) {
            assert!((got - want).abs() < dec!(0.000001), "{got} vs {want}");
        }
    }

    #[test]
    fn damped_trend_follows_growth_but_flattens() {
        // A steady rise of 2 a day, no weekly pattern.
        let history: Vec<Decimal> = (0..56).map(|i| Decimal::from(100 + 2 * i)).collect();
        let p = Method::DampedTrend.predict(&history, d("2026-11-01"), 30);
        // It keeps rising from about where the series is (the level lags a
        // steady trend a little, by design)...
        assert!(p[0] > dec!(200), "first day {}", p[0]);
        assert!(p[29] > p[0] + dec!(10), "{} then {}", p[0], p[29]);
        // Damped: the rise per day shrinks.
        let early = p[1] - p[0];
        let late = p[29] - p[28];
        assert!(late < early && late >= Decimal::ZERO);
        // An undamped line would reach 212 + 60 = 272 after 30 days.
        assert!(p[29] < dec!(272));
    }

    #[test]
    fn flat_series_are_predicted_flat_by_every_method() {
        let history = vec![dec!(42); 60];
        for m in Method::ALL {
            let p = m.predict(&history, d("2026-11-15"), 5);
            for v in p {
                assert!((v - dec!(42)).abs() < dec!(0.0001), "{m:?} gave {v}");
            }
        }
    }
}
