//! Choosing a method for a series by a rolling-origin backtest on the series'
//! own history, and measuring the errors the 80% range is built from.
//!
//! Each origin is a past day; every method forecasts the `h` days after it from
//! the days up to it, and the forecast sum is compared with what was spent.
//! The method with the smallest mean absolute error is chosen (ties go to the
//! simpler method). Its relative errors, actual ÷ forecast − 1, give the range.

use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::Serialize;
use ts_rs::TS;

use super::methods::Method;

/// Days of history a method needs before the first backtest origin.
pub const WARM_UP_DAYS: usize = 28;
/// Fewest origins a choice may rest on.
pub const MIN_ORIGINS: usize = 10;
/// Most origins used (the most recent ones).
pub const MAX_ORIGINS: usize = 56;

/// One method's backtest score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct MethodScore {
    /// The method.
    pub method: Method,
    /// Mean absolute error of the `h`-day sum over the origins.
    #[ts(type = "string")]
    pub mean_absolute_error: Decimal,
}

/// The result of a backtest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backtest {
    /// The chosen method.
    pub chosen: Method,
    /// Every method's score, in [`Method::ALL`] order.
    pub scores: Vec<MethodScore>,
    /// Origins tested.
    pub origins: usize,
    /// The chosen method's relative errors (actual ÷ forecast − 1), sorted,
    /// from the origins whose forecast was above zero.
    pub relative_errors: Vec<Decimal>,
}

/// Backtests every method for an `h`-day horizon on `usage` (whose day 0 is
/// `start`). `None` when the history allows fewer than [`MIN_ORIGINS`] origins.
pub fn backtest(usage: &[Decimal], start: NaiveDate, h: usize) -> Option<Backtest> {
    let h = h.max(1);
    // Origin o needs WARM_UP_DAYS days up to it and h days after it.
    let last = usage.len().checked_sub(h + 1)?;
    let first = WARM_UP_DAYS.saturating_sub(1);
    if last < first || last - first + 1 < MIN_ORIGINS {
        return None;
    }
    let first = first.max(last + 1 - MAX_ORIGINS.min(last + 1));
    let origins: Vec<usize> = (first..=last).collect();
    let mut abs_sums = [Decimal::ZERO; Method::ALL.len()];
    let mut predictions = vec![[Decimal::ZERO; Method::ALL.len()]; origins.len()];
    let mut actuals = Vec::with_capacity(origins.len());
    for (k, &o) in origins.iter().enumerate() {
        let history = &usage[..=o];
        let date = start + Days::new(o as u64);
        let actual: Decimal = usage[o + 1..=o + h].iter().sum();
        actuals.push(actual);
        for (m, method) in Method::ALL.iter().enumerate() {
            let predicted: Decimal = method.predict(history, date, h).iter().sum();
            predictions[k][m] = predicted;
            abs_sums[m] += (actual - predicted).abs();
        }
    }
    let n = Decimal::from(origins.len() as u64);
    let scores: Vec<MethodScore> = Method::ALL
        .iter()
        .zip(abs_sums)
        .map(|(&method, sum)| MethodScore {
            method,
            mean_absolute_error: (sum / n).round_dp(9),
        })
        .collect();
    let best = scores
        .iter()
        .enumerate()
        .min_by(|a, b| {
            a.1.mean_absolute_error
                .cmp(&b.1.mean_absolute_error)
                .then(a.0.cmp(&b.0))
        })
        .map(|(i, _)| i)
        .unwrap_or(0);
    let mut relative_errors: Vec<Decimal> = predictions
        .iter()
        .zip(&actuals)
        .filter(|(p, _)| p[best] > Decimal::ZERO)
        .map(|(p, actual)| actual / p[best] - Decimal::ONE)
        .collect();
    relative_errors.sort();
    Some(Backtest {
        chosen: Method::ALL[best],
        scores,
        origins: origins.len(),
        relative_errors,
    })
}

/// The `q` quantile (0–1) of sorted values, interpolating linearly.
pub fn quantile(sorted: &[Decimal], q: Decimal) -> Option<Decimal> {
    let last = sorted.len().checked_sub(1)?;
    let position = q.clamp(Decimal::ZERO, Decimal::ONE) * Decimal::from(last as u64);
    let below = position.floor();
    let i = below.to_usize()?;
    let fraction = position - below;
    let low = sorted[i.min(last)];
    let high = sorted[(i + 1).min(last)];
    Some(low + (high - low) * fraction)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::dec;

    #[test]
    fn quantiles_interpolate() {
        let v: Vec<Decimal> = (0..=10).map(Decimal::from).collect();
        assert_eq!(quantile(&v, dec!(0.1)), Some(dec!(1)));
        assert_eq!(quantile(&v, dec!(0.85)), Some(dec!(8.5)));
        assert_eq!(quantile(&v, dec!(1)), Some(dec!(10)));
        assert_eq!(quantile(&[], dec!(0.5)), None);
    }

    #[test]
    fn a_weekly_pattern_chooses_a_weekday_aware_method() {
        // Twelve weeks, Monday 2026-08-03 onwards: 100 on weekdays, 20 at weekends.
        let usage: Vec<Decimal> = (0..84)
            .map(|i| if i % 7 >= 5 { dec!(20) } else { dec!(100) })
            .collect();
        let start: NaiveDate = "2026-08-03".parse().unwrap();
        let bt = backtest(&usage, start, 10).unwrap();
        assert!(
            matches!(bt.chosen, Method::WeekdayProfile | Method::DampedTrend),
            "chose {:?}",
            bt.chosen
        );
        let chosen = bt.scores.iter().find(|s| s.method == bt.chosen).unwrap();
        assert!(chosen.mean_absolute_error < dec!(0.01));
        assert_eq!(bt.origins, MAX_ORIGINS.min(84 - 10 - 27));
    }

    #[test]
    fn too_short_a_history_gives_no_backtest() {
        let usage = vec![dec!(5); WARM_UP_DAYS + 10 + MIN_ORIGINS - 2];
        let start: NaiveDate = "2026-08-03".parse().unwrap();
        assert!(backtest(&usage, start, 10).is_none());
        let usage = vec![dec!(5); WARM_UP_DAYS + 10 + MIN_ORIGINS - 1];
        assert_eq!(backtest(&usage, start, 10).unwrap().origins, MIN_ORIGINS);
    }
}
