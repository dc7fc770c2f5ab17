//! Day-level spikes per service code and per API key, found against a robust
//! trailing baseline and kept apart from the forecast.
//!
//! For each day, the baseline is the median of the scope's previous 28 days
//! and its spread the median absolute deviation (MAD, scaled by 1.4826 to match
//! a standard deviation). A day is a spike when it is above the baseline by
//! more than [`SPIKE_SPREADS`] spreads (the spread floored at a tenth of the
//! baseline and at the minimum amount ÷ [`SPIKE_SPREADS`], so a steady series
//! does not flag pennies and a mostly idle one can still spike), by at least
//! half the baseline, and by at least the minimum amount. Each spike names its
//! likely driver: the API key and model (for a code) or the model (for a key)
//! whose spend grew the most over its own baseline.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Days the baseline looks back.
pub const BASELINE_DAYS: usize = 28;
/// Fewest days of baseline before a day can be judged.
pub const MIN_BASELINE_DAYS: usize = 14;
/// How many spreads above the baseline a spike is.
pub const SPIKE_SPREADS: Decimal = Decimal::from_parts(5, 0, 0, false, 0);

/// What an anomaly is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AnomalyScope {
    /// A service code.
    ServiceCode,
    /// An API key.
    ApiKey,
}

/// One day's usage of one key and model, in the base currency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageCell {
    /// The day.
    pub date: NaiveDate,
    /// Service code, when attributed.
    pub service_code: Option<String>,
    /// API key (name, else id).
    pub api_key: Option<String>,
    /// Model.
    pub model: Option<String>,
    /// Amount.
    pub amount: Decimal,
}

/// A spike.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Anomaly {
    /// Code or key.
    pub scope: AnomalyScope,
    /// The code or key.
    pub key: String,
    /// The day.
    #[ts(type = "string")]
    pub date: NaiveDate,
    /// Spent that day.
    #[ts(type = "string")]
    pub amount: Decimal,
    /// The baseline (median of the previous 28 days).
    #[ts(type = "string")]
    pub baseline: Decimal,
    /// Amount minus baseline.
    #[ts(type = "string")]
    pub excess: Decimal,
    /// Excess in spreads, one place.
    #[ts(type = "string")]
    pub score: Decimal,
    /// What grew the most.
    pub driver: Option<String>,
    /// The driver's excess over its own baseline.
    #[ts(type = "string | null")]
    pub driver_excess: Option<Decimal>,
}

/// Finds spikes on the days in `[from, through]`, largest excess first.
/// `min_excess` is the smallest excess worth reporting (base currency).
pub fn detect(
    cells: &[UsageCell],
    from: NaiveDate,
    through: NaiveDate,
    min_excess: Decimal,
) -> Vec<Anomaly> {
    let mut out = Vec::new();
    for scope in [AnomalyScope::ServiceCode, AnomalyScope::ApiKey] {
        // scope key → driver key → date → amount
        let mut by_scope: BTreeMap<String, BTreeMap<String, BTreeMap<NaiveDate, Decimal>>> =
            BTreeMap::new();
        for c in cells {
            let (key, driver) = match scope {
                AnomalyScope::ServiceCode => (
                    c.service_code.clone(),
                    format!(
                        "key {} on {}",
                        c.api_key.as_deref().unwrap_or("(none)"),
                        c.model.as_deref().unwrap_or("(no model)")
                    ),
                ),
                AnomalyScope::ApiKey => (
                    c.api_key.clone(),
                    format!("model {}", c.model.as_deref().unwrap_or("(none)")),
                ),
            };
            let Some(key) = key else { continue };
            *by_scope
                .entry(key)
                .or_default()
                .entry(driver)
                .or_default()
                .entry(c.date)
                .or_default() += c.amount;
        }
        for (key, drivers) in by_scope {
            let mut totals: BTreeMap<NaiveDate, Decimal> = BTreeMap::new();
            for days in drivers.values() {
                for (d, v) in days {
                    *totals.entry(*d).or_default() += v;
                }
            }
            let Some(&first_day) = totals.keys().next() else {
                continue;
            };
            let mut day = from.max(first_day);
            while day <= through {
                if let Some(found) = judge(&totals, first_day, day, min_excess) {
                    let (driver, driver_excess) = drivers
                        .iter()
                        .filter_map(|(name, days)| {
                            let base = baseline(days, first_day, day)?.0;
                            let v = days.get(&day).copied().unwrap_or_default();
                            Some((name.clone(), v - base))
                        })
                        .max_by(|a, b| a.1.cmp(&b.1))
                        .filter(|(_, e)| *e > Decimal::ZERO)
                        .map_or((None, None), |(n, e)| (Some(n), Some(e.normalize())));
                    out.push(Anomaly {
                        scope,
                        key: key.clone(),
                        date: day,
                        amount: found.0.normalize(),
                        baseline: found.1.normalize(),
                        excess: (found.0 - found.1).normalize(),
                        score: found.2,
                        driver,
                        driver_excess,
                    });
                }
                day = day + Days::new(1);
            }
        }
    }
    out.sort_by(|a, b| b.excess.cmp(&a.excess).then(a.date.cmp(&b.date)));
    out
}

/// The median and scaled MAD of the days before `day` (missing days are zero,
/// from the series' first day on); `None` with too short a history.
fn baseline(
    days: &BTreeMap<NaiveDate, Decimal>,
    first_day: NaiveDate,
    day: NaiveDate,
) -> Option<(Decimal, Decimal)> {
    let mut window = Vec::with_capacity(BASELINE_DAYS);
    for back in 1..=BASELINE_DAYS as u64 {
        let d = day - Days::new(back);
        if d < first_day {
            break;
        }
        window.push(days.get(&d).copied().unwrap_or_default());
    }
    if window.len() < MIN_BASELINE_DAYS {
        return None;
    }
    let median = median_of(&mut window.clone());
    let mut deviations: Vec<Decimal> = window.iter().map(|v| (v - median).abs()).collect();
    let mad = median_of(&mut deviations) * Decimal::new(14826, 4);
    Some((median, mad))
}

fn judge(
    totals: &BTreeMap<NaiveDate, Decimal>,
    first_day: NaiveDate,
    day: NaiveDate,
    min_excess: Decimal,
) -> Option<(Decimal, Decimal, Decimal)> {
    let (median, mad) = baseline(totals, first_day, day)?;
    let value = totals.get(&day).copied().unwrap_or_default();
    // The spread is floored at a tenth of the baseline and at the smallest
    // excess worth reporting (spread over the spike threshold), so a steady
    // or mostly idle series is judged by the minimum amount, not by pennies.
    let spread = mad
        .max(median / Decimal::TEN)
        .max(min_excess / SPIKE_SPREADS);
    let excess = value - median;
    if spread.is_zero() || excess < min_excess || excess < median / Decimal::TWO {
        return None;
    }
    let score = excess / spread;
    (score > SPIKE_SPREADS).then(|| (value, median, score.round_dp(1)))
}

fn median_of(values: &mut [Decimal]) -> Decimal {
    if values.is_empty() {
        return Decimal::ZERO;
    }
    values.sort();
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / Decimal::TWO
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::dec;

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn a_spike_is_found_with_its_driver_and_steady_days_are_not() {
        let mut cells = Vec::new();
        let start = d("2026-10-01");
        for i in 0..40u64 {
            let date = start + Days::new(i);
            let wobble = Decimal::from(i % 3);
            cells.push(UsageCell {
                date,
                service_code: Some("claims-triage".into()),
                api_key: Some("prod-key".into()),
                model: Some("gpt-4.1".into()),
                amount: dec!(100) + wobble,
            });
            cells.push(UsageCell {
                date,
                service_code: Some("claims-triage".into()),
                api_key: Some("batch-key".into()),
                model: Some("gpt-4.1-mini".into()),
                amount: if i == 35 { dec!(400) } else { dec!(20) },
            });
        }
        let found = detect(&cells, d("2026-10-20"), d("2026-11-09"), dec!(10));
        assert_eq!(found.len(), 2, "{found:#?}");
        let code = found
            .iter()
            .find(|a| a.scope == AnomalyScope::ServiceCode)
            .unwrap();
        assert_eq!(code.date, d("2026-11-05"));
        assert_eq!(code.key, "claims-triage");
        assert_eq!(
            code.driver.as_deref(),
            Some("key batch-key on gpt-4.1-mini")
        );
        assert_eq!(code.driver_excess, Some(dec!(380)));
        let key = found
            .iter()
            .find(|a| a.scope == AnomalyScope::ApiKey)
            .unwrap();
        assert_eq!(key.key, "batch-key");
        assert_eq!(key.baseline, dec!(20));
        assert_eq!(key.excess, dec!(380));
    }

    #[test]
    fn small_excesses_and_short_histories_are_not_flagged() {
        let start = d("2026-10-01");
        let cells: Vec<UsageCell> = (0..10u64)
            .map(|i| UsageCell {
                date: start + Days::new(i),
                service_code: Some("x".into()),
                api_key: None,
                model: None,
                amount: if i == 9 { dec!(1000) } else { dec!(1) },
            })
            .collect();
        assert!(detect(&cells, start, d("2026-10-10"), dec!(0)).is_empty());
    }

    #[test]
    fn a_mostly_idle_scope_can_still_spike() {
        // Spend on a few days only (the median is zero), then a large day.
        let start = d("2026-10-01");
        let cells: Vec<UsageCell> = (0..30u64)
            .filter(|i| i % 5 == 0 || *i == 29)
            .map(|i| UsageCell {
                date: start + Days::new(i),
                service_code: Some("batch-reports".into()),
                api_key: None,
                model: None,
                amount: if i == 29 { dec!(10000) } else { dec!(3) },
            })
            .collect();
        let found = detect(&cells, d("2026-10-30"), d("2026-10-30"), dec!(10));
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].baseline, dec!(0));
        // A small day on the same idle scope is not a spike.
        let quiet = detect(&cells, d("2026-10-26"), d("2026-10-26"), dec!(10));
        assert!(quiet.is_empty());
    }
}
