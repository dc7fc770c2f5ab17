//! Generated daily spend for the forecast benchmark, the tests and the demo:
//! weekday patterns, growth, level shifts when a workflow launches or winds
//! down, spikes, and fixed charges at the start of the month. Seeded, so the
//! same seed always gives the same series; no downloads.
//!
//! [`evaluate`] scores the month-end forecast on such series against two
//! baselines: the naive run rate (month-to-date ÷ days elapsed × days in month,
//! on everything spent, as most tools do) and the seasonal naive (the last
//! seven days repeated to month-end).

use chrono::{Datelike, Days, NaiveDate};
use rust_decimal::Decimal;
use serde::Serialize;

use super::series::{DailySeries, is_weekend};
use super::{MethodUsed, Presentation, month_end};
use crate::model::month::Month;

/// SplitMix64: small, fast and good enough for test data.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1), to six places.
    pub fn unit(&mut self) -> Decimal {
        Decimal::new((self.next_u64() % 1_000_000) as i64, 6)
    }

    /// Uniform in [low, high).
    pub fn between(&mut self, low: Decimal, high: Decimal) -> Decimal {
        low + (high - low) * self.unit()
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: Decimal) -> bool {
        self.unit() < p
    }

    /// Roughly standard normal (the sum of four uniforms, rescaled), within ±3.5.
    pub fn normal(&mut self) -> Decimal {
        let sum: Decimal = (0..4).map(|_| self.unit()).sum();
        // Four uniforms: mean 2, variance 1/3.
        (sum - Decimal::TWO) * Decimal::new(1732, 3)
    }
}

/// How one generated series behaves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Profile {
    /// Usage per weekday at the start.
    pub base: Decimal,
    /// Weekend usage as a share of weekday usage.
    pub weekend_share: Decimal,
    /// Growth per month (0.03 = 3%).
    pub monthly_growth: Decimal,
    /// Day-to-day noise, as a share of the level.
    pub noise: Decimal,
    /// A commitment charged on the 1st of each month, if any.
    pub monthly_commitment: Option<Decimal>,
}

/// Generates `days` days of spend from `start`.
pub fn generate(seed: u64, start: NaiveDate, days: usize) -> (Profile, DailySeries) {
    let mut rng = Rng::new(seed);
    let d = |x: i64, s: u32| Decimal::new(x, s);
    let base = rng.between(d(40, 0), d(400, 0)).round_dp(2);
    // A third of workloads are batch jobs that run every day alike.
    let weekend_share = if rng.chance(d(33, 2)) {
        Decimal::ONE
    } else {
        rng.between(d(15, 2), d(60, 2)).round_dp(2)
    };
    let monthly_growth = rng.between(d(-3, 2), d(6, 2)).round_dp(3);
    let noise = rng.between(d(5, 2), d(20, 2)).round_dp(2);
    let monthly_commitment = rng
        .chance(d(6, 1))
        .then(|| (base * rng.between(d(3, 0), d(12, 0))).round_dp(0));
    let profile = Profile {
        base,
        weekend_share,
        monthly_growth,
        noise,
        monthly_commitment,
    };
    let daily_growth = Decimal::ONE + monthly_growth / Decimal::from(30);
    let mut level = base;
    let mut series = DailySeries {
        start,
        usage: Vec::with_capacity(days),
        fixed: Vec::with_capacity(days),
        recurring: Vec::with_capacity(days),
    };
    for i in 0..days {
        let day = start + Days::new(i as u64);
        level = (level * daily_growth).round_dp(9);
        // A workflow launches (or winds down) about every four months.
        if rng.chance(d(8, 3)) {
            let factor = if rng.chance(d(4, 1)) {
                rng.between(d(5, 1), d(8, 1))
            } else {
                rng.between(d(13, 1), d(20, 1))
            };
            level = (level * factor).round_dp(9);
        }
        let mut value = level;
        if is_weekend(day) {
            value *= weekend_share;
        }
        value *= (Decimal::ONE + noise * rng.normal()).max(Decimal::ZERO);
        if rng.chance(d(15, 3)) {
            value *= rng.between(d(25, 1), d(6, 0));
        }
        series.usage.push(value.round_dp(2));
        let fixed = match monthly_commitment {
            Some(c) if day.day() == 1 => c,
            _ => Decimal::ZERO,
        };
        series.fixed.push(fixed);
        series.recurring.push(fixed);
    }
    (profile, series)
}

/// One as-of day's scores.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AsOfScore {
    /// Day of the month the forecasts were made on.
    pub as_of_day: u32,
    /// Forecasts scored.
    pub forecasts: u32,
    /// The chosen method's mean absolute error.
    pub mae: Decimal,
    /// The naive run rate's.
    pub naive_mae: Decimal,
    /// The seasonal naive's.
    pub seasonal_naive_mae: Decimal,
    /// `mae / naive_mae`.
    pub ratio_to_naive: Decimal,
    /// `mae / seasonal_naive_mae`.
    pub ratio_to_seasonal_naive: Decimal,
    /// The chosen method's mean absolute percentage error (each error as a
    /// share of that month's actual), divided by the naive run rate's: the
    /// same comparison with every series weighted alike, whatever its size.
    pub percentage_ratio_to_naive: Decimal,
    /// The same against the seasonal naive.
    pub percentage_ratio_to_seasonal_naive: Decimal,
    /// Share of outcomes inside the 80% range (forecasts with a range).
    pub coverage: Decimal,
    /// How often each method was chosen.
    pub methods: Vec<(MethodUsed, u32)>,
}

/// Scores month-end forecasts made on `as_of_days` of every month from
/// `first_month` on, over the generated series with `seeds`, each `days` days
/// from `start`.
pub fn evaluate(
    seeds: std::ops::Range<u64>,
    start: NaiveDate,
    days: usize,
    first_month: Month,
    as_of_days: &[u32],
) -> Vec<AsOfScore> {
    let show = Presentation {
        currency: crate::money::Currency::GBP,
        rule: crate::money::RoundingRule::HalfAwayFromZero,
    };
    let generated: Vec<DailySeries> = seeds.map(|seed| generate(seed, start, days).1).collect();
    let mut scores = Vec::new();
    for &day in as_of_days {
        let (mut abs, mut naive, mut seasonal) = (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
        let (mut n, mut covered, mut ranged) = (0u32, 0u32, 0u32);
        let mut pct = [Decimal::ZERO; 3];
        let mut methods: Vec<(MethodUsed, u32)> = Vec::new();
        for series in &generated {
            let mut month = first_month;
            while let Some(month_last) = series.index(month.end() - Days::new(1)) {
                let Some(as_of) = NaiveDate::from_ymd_opt(month.year, month.month, day) else {
                    month = month.plus(1);
                    continue;
                };
                let (Some(cut), Some(as_of_index)) = (series.cut(as_of), series.index(as_of))
                else {
                    break;
                };
                let first = series.index(month.first_day()).unwrap_or(0);
                let actual: Decimal = (first..=month_last).map(|i| series.total(i)).sum();
                let outlook = month_end(Some(&cut), as_of, None, show);
                let f = &outlook.forecast;
                let mtd: Decimal = (first..=as_of_index).map(|i| series.total(i)).sum();
                let elapsed = Decimal::from(day);
                let naive_forecast = mtd / elapsed * Decimal::from(month.days());
                let remaining = month_last - as_of_index;
                let last_week: Vec<Decimal> = (as_of_index.saturating_sub(6)..=as_of_index)
                    .map(|i| series.total(i))
                    .collect();
                let repeated: Decimal =
                    (0..remaining).map(|k| last_week[k % last_week.len()]).sum();
                let errors = [
                    (actual - f.forecast).abs(),
                    (actual - naive_forecast).abs(),
                    (actual - (mtd + repeated)).abs(),
                ];
                abs += errors[0];
                naive += errors[1];
                seasonal += errors[2];
                if actual > Decimal::ZERO {
                    for (p, e) in pct.iter_mut().zip(errors) {
                        *p += e / actual;
                    }
                }
                if let (Some(lo), Some(hi)) = (f.low, f.high) {
                    ranged += 1;
                    if actual >= lo && actual <= hi {
                        covered += 1;
                    }
                }
                match methods.iter_mut().find(|(m, _)| *m == f.method) {
                    Some((_, c)) => *c += 1,
                    None => methods.push((f.method, 1)),
                }
                n += 1;
                month = month.plus(1);
            }
        }
        let count = Decimal::from(n.max(1));
        let ratio = |a: Decimal, b: Decimal| {
            if b.is_zero() {
                Decimal::ZERO
            } else {
                (a / b).round_dp(3)
            }
        };
        methods.sort();
        scores.push(AsOfScore {
            as_of_day: day,
            forecasts: n,
            mae: (abs / count).round_dp(2),
            naive_mae: (naive / count).round_dp(2),
            seasonal_naive_mae: (seasonal / count).round_dp(2),
            ratio_to_naive: ratio(abs, naive),
            ratio_to_seasonal_naive: ratio(abs, seasonal),
            percentage_ratio_to_naive: ratio(pct[0], pct[1]),
            percentage_ratio_to_seasonal_naive: ratio(pct[0], pct[2]),
            coverage: ratio(Decimal::from(covered), Decimal::from(ranged.max(1))),
            methods,
        });
    }
    scores
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_series() {
        let start: NaiveDate = "2025-01-01".parse().unwrap();
        let (p1, a) = generate(7, start, 120);
        let (p2, b) = generate(7, start, 120);
        assert_eq!((p1, a.clone()), (p2, b));
        let (_, c) = generate(8, start, 120);
        assert_ne!(a, c);
        assert!(a.usage.iter().all(|v| *v >= Decimal::ZERO));
    }
}
