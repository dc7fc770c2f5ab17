//! Forecasts of month-end and fiscal-year-end spend against budget, always as
//! of a date and from data dated on or before it.
//!
//! - The month-end forecast works on daily spend. Usage is extrapolated by the
//!   method a rolling-origin backtest on the series' own history chose
//!   ([`backtest`]); fixed charges (commitments, fees) are counted where they
//!   land and never extrapolated, and a fixed charge that landed on a later day
//!   last month is expected again on that day.
//! - The 80% range comes from the chosen method's backtest errors, widened by
//!   [`range_calibration`], which the forecast benchmark checks
//!   (`cargo bench --bench forecast`).
//! - With too little history there is no backtest: the forecast is the plain
//!   run rate, labelled as such, with no range.
//! - The year-end forecast adds the closed months, the month-end forecast, and
//!   the remaining months at a monthly level chosen the same way on monthly
//!   totals.
//!
//! Rounding: actuals are exact; the estimated figures (forecast, range,
//! variance) are rounded once, to the currency's minor unit with the
//! workspace's rule, when the forecast is assembled.

pub mod backtest;
pub mod methods;
pub mod series;
pub mod synthetic;

use chrono::{Datelike, Days, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use self::backtest::{MethodScore, backtest, quantile};
use self::methods::{Method, mean, tail};
use self::series::DailySeries;
use crate::model::month::{FiscalYear, Month};
use crate::money::{Currency, RoundingRule};

/// How much the backtest's error quantiles are widened to make the 80% range
/// cover 80% of outcomes, for a horizon of `h` days: 1 + 0.07 × h, with `h`
/// capped at 28 (the longest horizon the benchmark measures).
///
/// Backtest errors understate future errors, more so the further ahead: the
/// chosen method is the one that happened to fit best, and a level shift (a
/// workflow launching) is rarer in one scope's recent history than in its
/// future. The factor was fitted on generated series with seeds 0–119 and is
/// checked on other seeds by the forecast benchmark (`cargo bench --bench
/// forecast`), which reports the coverage it gives.
pub fn range_calibration(h: usize) -> Decimal {
    Decimal::ONE + RANGE_WIDENING_PER_DAY * Decimal::from(h.min(28) as u64)
}

/// See [`range_calibration`].
pub const RANGE_WIDENING_PER_DAY: Decimal = Decimal::from_parts(7, 0, 0, false, 2);

/// The share of budget at which a forecast with no range counts as at risk.
const AT_RISK_SHARE: Decimal = Decimal::from_parts(9, 0, 0, false, 1);

/// Complete months the year-end method choice needs.
pub const MIN_MONTHS_FOR_CHOICE: usize = 6;

/// The method used, as the forecast JSON states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum MethodUsed {
    /// Month-to-date run rate, chosen by backtest.
    RunRate,
    /// 14-day trailing rate, chosen by backtest.
    TrailingWindow,
    /// Weekday-aware rate, chosen by backtest.
    WeekdayProfile,
    /// Damped trend, chosen by backtest.
    DampedTrend,
    /// Blend of three, chosen by backtest.
    Blend,
    /// Not enough history to choose: the plain run rate, labelled as such.
    InsufficientHistoryRunRate,
    /// No spend on record for the scope.
    NoData,
}

impl From<Method> for MethodUsed {
    fn from(m: Method) -> Self {
        match m {
            Method::RunRate => MethodUsed::RunRate,
            Method::TrailingWindow => MethodUsed::TrailingWindow,
            Method::WeekdayProfile => MethodUsed::WeekdayProfile,
            Method::DampedTrend => MethodUsed::DampedTrend,
            Method::Blend => MethodUsed::Blend,
        }
    }
}

/// Where the forecast stands against budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The forecast and its range stay within budget.
    OnTrack,
    /// The forecast is within budget but its range is not (or, with no range,
    /// it is above 90% of budget).
    AtRisk,
    /// Spend or the forecast is above budget.
    Over,
    /// There is no budget to compare with.
    NoBudget,
}

impl Status {
    /// How the status reads.
    pub fn label(self) -> &'static str {
        match self {
            Status::OnTrack => "on track",
            Status::AtRisk => "at risk",
            Status::Over => "over budget",
            Status::NoBudget => "no budget",
        }
    }
}

/// What a forecast was made from.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, TS)]
pub struct ForecastInputs {
    /// The last day with data that the forecast uses.
    pub data_through: Option<NaiveDate>,
    /// Days of daily history used (month-end) or complete months (year-end).
    pub history: u32,
    /// Days (month-end) or months (year-end) still to forecast.
    pub remaining: u32,
    /// Fixed charges already in the actual.
    #[ts(type = "string")]
    pub fixed_charges_to_date: Decimal,
    /// Fixed charges expected later in the period (recurring from last month).
    #[ts(type = "string")]
    pub expected_fixed_charges: Decimal,
    /// Backtest origins the choice rests on.
    pub backtest_origins: u32,
    /// Every method's backtest error.
    pub scores: Vec<MethodScore>,
    /// Months whose total came from finance's showback because no provider
    /// data covers them (year-end only).
    pub showback_months: Vec<String>,
}

/// A forecast for one period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PeriodForecast {
    /// `2026-11` or `FY2027`.
    pub period: String,
    /// Spent so far in the period.
    #[ts(type = "string")]
    pub actual_to_date: Decimal,
    /// The period's forecast total.
    #[ts(type = "string")]
    pub forecast: Decimal,
    /// Low end of the 80% range (none without enough history).
    #[ts(type = "string | null")]
    pub low: Option<Decimal>,
    /// High end of the 80% range.
    #[ts(type = "string | null")]
    pub high: Option<Decimal>,
    /// The period's budget.
    #[ts(type = "string | null")]
    pub budget: Option<Decimal>,
    /// Forecast minus budget: positive means over budget.
    #[ts(type = "string | null")]
    pub variance: Option<Decimal>,
    /// The day spend passes the budget, on the forecast path (a past day when
    /// it already has).
    #[ts(type = "string | null")]
    pub exhaustion_date: Option<NaiveDate>,
    /// The method used.
    pub method: MethodUsed,
    /// Against budget.
    pub status: Status,
    /// The method and why, in a sentence or two.
    pub explanation: String,
    /// What it was made from.
    pub inputs: ForecastInputs,
}

/// How estimates are rounded.
#[derive(Debug, Clone, Copy)]
pub struct Presentation {
    /// The currency.
    pub currency: Currency,
    /// The rounding rule.
    pub rule: RoundingRule,
}

impl Presentation {
    fn round(self, amount: Decimal) -> Decimal {
        self.rule.round(amount, self.currency)
    }

    fn show(self, amount: Decimal) -> String {
        format!("{} {}", self.currency.code(), self.round(amount))
    }
}

/// A month-end forecast and the daily path it follows.
#[derive(Debug, Clone)]
pub struct MonthOutlook {
    /// The forecast.
    pub forecast: PeriodForecast,
    /// Cumulative spend by day through month-end: actual, then forecast.
    pub path: Vec<(NaiveDate, Decimal)>,
    /// Days of `path` that are actual.
    pub actual_days: usize,
    /// The 80% range's ends for each forecast day (cumulative).
    pub band: Vec<(NaiveDate, Decimal, Decimal)>,
    /// Forecast spend on the days between the end of the data and the start
    /// of the month (when the data stops in an earlier month): part of the
    /// year, not of this month.
    pub before_month: Decimal,
}

/// Forecasts the month holding `as_of` from the days of `series` up to and
/// including `as_of`; anything later is ignored.
pub fn month_end(
    series: Option<&DailySeries>,
    as_of: NaiveDate,
    budget: Option<Decimal>,
    show: Presentation,
) -> MonthOutlook {
    let month = Month::of(as_of);
    let first = month.first_day();
    let last = month.end() - Days::new(1);
    let cut = series.and_then(|s| {
        if s.last_day() <= as_of {
            Some(s.clone())
        } else {
            s.cut(as_of)
        }
    });
    let Some(series) = cut.as_ref().filter(|s| !s.is_empty()) else {
        let forecast = PeriodForecast {
            period: month.to_string(),
            actual_to_date: Decimal::ZERO,
            forecast: Decimal::ZERO,
            low: None,
            high: None,
            budget,
            variance: budget.map(|b| -b),
            exhaustion_date: None,
            method: MethodUsed::NoData,
            status: status(Decimal::ZERO, Decimal::ZERO, None, budget),
            explanation: "No spend is on record for this scope up to the as-of date.".into(),
            inputs: ForecastInputs::default(),
        };
        return MonthOutlook {
            forecast,
            path: Vec::new(),
            actual_days: 0,
            band: Vec::new(),
            before_month: Decimal::ZERO,
        };
    };
    let origin = series.last_day();
    // Days to predict: from the day after the data ends to month-end; only the
    // ones inside the month count.
    let h = (last - origin).num_days().max(0) as usize;
    let future: Vec<NaiveDate> = methods::future_days(origin, h).collect();
    let in_month = |d: &NaiveDate| *d >= first && *d <= last;

    let mut path = Vec::new();
    let mut cumulative = Decimal::ZERO;
    let mut fixed_to_date = Decimal::ZERO;
    for i in 0..series.len() {
        let day = series.date(i);
        if in_month(&day) {
            cumulative += series.total(i);
            fixed_to_date += series.fixed[i];
            path.push((day, cumulative));
        }
    }
    let actual_to_date = cumulative;
    let actual_days = path.len();
    let expected_fixed: Vec<Decimal> = future
        .iter()
        .map(|d| {
            d.checked_sub_months(chrono::Months::new(1))
                .filter(|prev| prev.day() == d.day())
                .and_then(|prev| series.index(prev))
                .map_or(Decimal::ZERO, |i| series.recurring[i])
        })
        .collect();
    let expected_fixed_total: Decimal = future
        .iter()
        .zip(&expected_fixed)
        .filter(|(d, _)| in_month(d))
        .map(|(_, f)| *f)
        .sum();

    let trial = backtest(&series.usage, series.start, h);
    let (method, daily) = match &trial {
        Some(bt) => (
            MethodUsed::from(bt.chosen),
            bt.chosen.predict(&series.usage, origin, h),
        ),
        None => {
            // The plain run rate: this month's usage per day so far, or the
            // mean of what there is when the month has no data yet.
            let mtd: Vec<Decimal> = (0..series.len())
                .filter(|&i| in_month(&series.date(i)))
                .map(|i| series.usage[i])
                .collect();
            let rate = if mtd.is_empty() {
                mean(tail(&series.usage, 14))
            } else {
                mean(&mtd)
            };
            (MethodUsed::InsufficientHistoryRunRate, vec![rate; h])
        }
    };
    let usage_ahead: Decimal = future
        .iter()
        .zip(&daily)
        .filter(|(d, _)| in_month(d))
        .map(|(_, v)| *v)
        .sum();
    let point = actual_to_date + usage_ahead + expected_fixed_total;
    let before_month: Decimal = future
        .iter()
        .zip(daily.iter().zip(&expected_fixed))
        .filter(|(d, _)| **d < first)
        .map(|(_, (v, f))| v + f)
        .sum();

    // The range: relative error quantiles of the chosen method, widened.
    let calib = range_calibration(h);
    let range = trial.as_ref().and_then(|bt| {
        let lo = quantile(&bt.relative_errors, Decimal::new(1, 1))?;
        let hi = quantile(&bt.relative_errors, Decimal::new(9, 1))?;
        Some((
            (Decimal::ONE + calib * lo).max(Decimal::ZERO),
            (Decimal::ONE + calib * hi).max(Decimal::ZERO),
        ))
    });
    let (low, high) = match range {
        Some((lo, hi)) => (
            Some(actual_to_date + expected_fixed_total + usage_ahead * lo),
            Some(actual_to_date + expected_fixed_total + usage_ahead * hi),
        ),
        None if trial.is_some() || h == 0 => (Some(point), Some(point)),
        None => (None, None),
    };

    let mut band = Vec::new();
    let mut cum = actual_to_date;
    let mut cum_lo = actual_to_date;
    let mut cum_hi = actual_to_date;
    for ((day, v), f) in future.iter().zip(&daily).zip(&expected_fixed) {
        if !in_month(day) {
            continue;
        }
        cum += v + f;
        path.push((*day, cum));
        if let Some((lo, hi)) = range {
            cum_lo += v * lo + f;
            cum_hi += v * hi + f;
            band.push((*day, cum_lo, cum_hi));
        }
    }
    let exhaustion_date = budget.and_then(|b| exhaustion(&path, b));

    let explanation = explain_month(&trial, method, h, fixed_to_date, expected_fixed_total, show);
    let inputs = ForecastInputs {
        data_through: Some(origin),
        history: series.len() as u32,
        remaining: future.iter().filter(|d| in_month(d)).count() as u32,
        fixed_charges_to_date: fixed_to_date,
        expected_fixed_charges: expected_fixed_total,
        backtest_origins: trial.as_ref().map_or(0, |b| b.origins as u32),
        scores: trial.map(|b| b.scores).unwrap_or_default(),
        showback_months: Vec::new(),
    };
    let forecast = assemble(
        month.to_string(),
        actual_to_date,
        point,
        low,
        high,
        budget,
        exhaustion_date,
        method,
        explanation,
        inputs,
        show,
    );
    MonthOutlook {
        forecast,
        path,
        actual_days,
        band,
        before_month,
    }
}

/// One month's total, from provider data or from finance's showback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthTotal {
    /// The month.
    pub month: Month,
    /// The total.
    pub amount: Decimal,
    /// Whether it came from finance's showback (no provider data that month).
    pub from_showback: bool,
}

/// Forecasts the fiscal year holding the outlook's month. `months` are totals
/// of complete months before it (any fiscal year, oldest first).
pub fn year_end(
    months: &[MonthTotal],
    outlook: &MonthOutlook,
    fiscal_start: u32,
    budget: Option<Decimal>,
    show: Presentation,
) -> PeriodForecast {
    let current = &outlook.forecast;
    let this_month = Month::parse_iso(&current.period).unwrap_or(Month {
        year: 1970,
        month: 1,
    });
    let fy = FiscalYear::of(this_month, fiscal_start);
    let closed: Vec<&MonthTotal> = months
        .iter()
        .filter(|m| fy.contains(m.month) && m.month < this_month)
        .collect();
    let closed_total: Decimal = closed.iter().map(|m| m.amount).sum();
    let remaining: Vec<Month> = fy.months().filter(|m| *m > this_month).collect();
    let r = Decimal::from(remaining.len() as u64);
    let actual_to_date = closed_total + current.actual_to_date;
    let history: Vec<Decimal> = months
        .iter()
        .filter(|m| m.month < this_month)
        .map(|m| m.amount)
        .collect();

    // The monthly level for the months still to come.
    let choice = choose_monthly_level(&history, current.forecast);
    let (method, level, range) = match &choice {
        Some(c) => (c.method, c.level, c.range),
        None => (
            MethodUsed::InsufficientHistoryRunRate,
            current.forecast,
            None,
        ),
    };
    // Days between the last data and this month are forecast too.
    let gap = outlook.before_month;
    let point = closed_total + gap + current.forecast + level * r;
    let (low, high) = match (current.low, current.high, range) {
        (Some(lo), Some(hi), Some((rlo, rhi))) => (
            Some(closed_total + gap + lo + level * r * rlo),
            Some(closed_total + gap + hi + level * r * rhi),
        ),
        (Some(lo), Some(hi), None) if remaining.is_empty() => {
            (Some(closed_total + gap + lo), Some(closed_total + gap + hi))
        }
        _ => (None, None),
    };

    // Exhaustion: closed months, then this month's path, then the later months
    // spread evenly over their days.
    let exhaustion_date = budget.and_then(|b| {
        let mut cum = Decimal::ZERO;
        for m in &closed {
            if cum + m.amount > b {
                return Some(day_within(m.month, b - cum, m.amount));
            }
            cum += m.amount;
        }
        cum += gap;
        if let Some(day) = exhaustion(
            &outlook
                .path
                .iter()
                .map(|(d, v)| (*d, cum + v))
                .collect::<Vec<_>>(),
            b,
        ) {
            return Some(day);
        }
        cum += current.forecast;
        for m in &remaining {
            if cum + level > b {
                return Some(day_within(*m, b - cum, level));
            }
            cum += level;
        }
        None
    });

    let explanation = match &choice {
        Some(c) => format!(
            "Closed months are actual; this month is its month-end forecast; the {} later \
             month(s) are at {} a month, the {} ({}).",
            remaining.len(),
            show.show(level),
            c.label,
            c.why
        ),
        None => format!(
            "Insufficient history to choose a method ({} complete month(s); {} needed): the {} \
             later month(s) are carried at this month's forecast of {} — a run rate, not a \
             tested forecast.",
            history.len(),
            MIN_MONTHS_FOR_CHOICE,
            remaining.len(),
            show.show(current.forecast)
        ),
    };
    let inputs = ForecastInputs {
        data_through: current.inputs.data_through,
        history: history.len() as u32,
        remaining: remaining.len() as u32,
        fixed_charges_to_date: current.inputs.fixed_charges_to_date,
        expected_fixed_charges: current.inputs.expected_fixed_charges,
        backtest_origins: choice.as_ref().map_or(0, |c| c.origins),
        scores: Vec::new(),
        showback_months: months
            .iter()
            .filter(|m| m.from_showback && fy.contains(m.month))
            .map(|m| m.month.to_string())
            .collect(),
    };
    assemble(
        fy.to_string(),
        actual_to_date,
        point,
        low,
        high,
        budget,
        exhaustion_date,
        method,
        explanation,
        inputs,
        show,
    )
}

struct MonthlyChoice {
    method: MethodUsed,
    label: &'static str,
    why: String,
    level: Decimal,
    origins: u32,
    range: Option<(Decimal, Decimal)>,
}

/// Chooses the monthly level by one-month-ahead backtest over the complete
/// months: last month carried forward, the mean of the last three, or a damped
/// trend. The range applies the chosen level's relative error quantiles to all
/// the remaining months together (errors in a level persist, so they are not
/// assumed to cancel).
fn choose_monthly_level(history: &[Decimal], current_forecast: Decimal) -> Option<MonthlyChoice> {
    if history.len() < MIN_MONTHS_FOR_CHOICE {
        return None;
    }
    type Level = fn(&[Decimal]) -> Decimal;
    let candidates: [(MethodUsed, &'static str, Level); 3] = [
        (MethodUsed::RunRate, "latest month carried forward", |h| {
            h.last().copied().unwrap_or_default()
        }),
        (
            MethodUsed::TrailingWindow,
            "mean of the last three months",
            |h| mean(tail(h, 3)),
        ),
        (
            MethodUsed::DampedTrend,
            "damped trend on monthly totals",
            |h| monthly_damped(h),
        ),
    ];
    let origins: Vec<usize> = (3..history.len()).collect();
    let mut best: Option<(usize, Decimal)> = None;
    let mut errors: Vec<Vec<Decimal>> = vec![Vec::new(); candidates.len()];
    for (c, (_, _, level)) in candidates.iter().enumerate() {
        let mut abs = Decimal::ZERO;
        for &o in &origins {
            let predicted = level(&history[..o]);
            abs += (history[o] - predicted).abs();
            if predicted > Decimal::ZERO {
                errors[c].push(history[o] / predicted - Decimal::ONE);
            }
        }
        let mae = abs / Decimal::from(origins.len() as u64);
        if best.is_none_or(|(_, b)| mae < b) {
            best = Some((c, mae));
        }
    }
    let (c, mae) = best?;
    let (method, label, level) = candidates[c];
    let mut errs = errors[c].clone();
    errs.sort();
    let range = match (
        quantile(&errs, Decimal::new(1, 1)),
        quantile(&errs, Decimal::new(9, 1)),
    ) {
        (Some(lo), Some(hi)) if errs.len() >= 3 => {
            Some(((Decimal::ONE + lo).max(Decimal::ZERO), Decimal::ONE + hi))
        }
        _ => None,
    };
    // The level is measured on complete months and, for the carried-forward
    // method, on this month's forecast, which is the freshest evidence.
    let value = if method == MethodUsed::RunRate {
        current_forecast
    } else {
        level(history)
    };
    Some(MonthlyChoice {
        method,
        label,
        why: format!(
            "smallest one-month-ahead error over {} months, mean absolute error {}",
            origins.len(),
            mae.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
        ),
        level: value,
        origins: origins.len() as u32,
        range,
    })
}

fn monthly_damped(history: &[Decimal]) -> Decimal {
    let alpha = Decimal::new(5, 1);
    let beta = Decimal::new(2, 1);
    let phi = Decimal::new(8, 1);
    let Some(&first) = history.first() else {
        return Decimal::ZERO;
    };
    let (mut level, mut trend) = (first, Decimal::ZERO);
    for y in &history[1..] {
        let previous = level;
        level = alpha * y + (Decimal::ONE - alpha) * (level + phi * trend);
        trend = beta * (level - previous) + (Decimal::ONE - beta) * phi * trend;
    }
    crate::money::quantize_for_storage((level + phi * trend).max(Decimal::ZERO))
}

/// The first day on `path` whose cumulative spend is above `budget`.
fn exhaustion(path: &[(NaiveDate, Decimal)], budget: Decimal) -> Option<NaiveDate> {
    path.iter().find(|(_, v)| *v > budget).map(|(d, _)| *d)
}

/// The day in `month` on which `needed` of an evenly spread `total` is passed.
fn day_within(month: Month, needed: Decimal, total: Decimal) -> NaiveDate {
    let days = Decimal::from(month.days());
    let day = if total <= Decimal::ZERO {
        Decimal::ONE
    } else {
        (needed / total * days).floor() + Decimal::ONE
    };
    let offset = day.clamp(Decimal::ONE, days).mantissa() as u64;
    month.first_day() + Days::new(offset.saturating_sub(1))
}

fn status(
    actual: Decimal,
    point: Decimal,
    high: Option<Decimal>,
    budget: Option<Decimal>,
) -> Status {
    let Some(b) = budget else {
        return Status::NoBudget;
    };
    if actual > b || point > b {
        Status::Over
    } else if high.map_or(point >= b * AT_RISK_SHARE, |h| h > b) {
        Status::AtRisk
    } else {
        Status::OnTrack
    }
}

#[allow(clippy::too_many_arguments)]
fn assemble(
    period: String,
    actual_to_date: Decimal,
    point: Decimal,
    low: Option<Decimal>,
    high: Option<Decimal>,
    budget: Option<Decimal>,
    exhaustion_date: Option<NaiveDate>,
    method: MethodUsed,
    explanation: String,
    inputs: ForecastInputs,
    show: Presentation,
) -> PeriodForecast {
    let point = show.round(point);
    let low = low.map(|v| show.round(v));
    let high = high.map(|v| show.round(v));
    PeriodForecast {
        period,
        actual_to_date: actual_to_date.normalize(),
        forecast: point,
        low,
        high,
        budget,
        variance: budget.map(|b| point - b),
        exhaustion_date,
        method,
        status: status(actual_to_date, point, high, budget),
        explanation,
        inputs,
    }
}

fn explain_month(
    trial: &Option<backtest::Backtest>,
    method: MethodUsed,
    h: usize,
    fixed_to_date: Decimal,
    expected_fixed: Decimal,
    show: Presentation,
) -> String {
    let mut text = match trial {
        Some(bt) => {
            let chosen = bt
                .scores
                .iter()
                .find(|s| s.method == bt.chosen)
                .map_or(Decimal::ZERO, |s| s.mean_absolute_error);
            let others: Vec<String> = bt
                .scores
                .iter()
                .filter(|s| s.method != bt.chosen)
                .map(|s| format!("{} {}", s.method.label(), show.show(s.mean_absolute_error)))
                .collect();
            format!(
                "{}: it had the smallest error forecasting the next {h} day(s) from {} past \
                 days of this scope's own history (mean absolute error {}; {}).",
                capitalise(bt.chosen.label()),
                bt.origins,
                show.show(chosen),
                others.join(", ")
            )
        }
        None if method == MethodUsed::InsufficientHistoryRunRate => format!(
            "Insufficient history to test methods (at least {} days before the last {h} are \
             needed): this is the month-to-date run rate, not a tested forecast, and has no range.",
            backtest::WARM_UP_DAYS + backtest::MIN_ORIGINS - 1
        ),
        None => String::new(),
    };
    if !fixed_to_date.is_zero() || !expected_fixed.is_zero() {
        text.push_str(&format!(
            " Fixed charges are counted where they land, not extrapolated: {} so far, {} \
             expected later this month as last month.",
            show.show(fixed_to_date),
            show.show(expected_fixed)
        ));
    }
    text
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::forecast::series::{AmountKind, DatedAmount};
    use rust_decimal::dec;

    const GBP: Presentation = Presentation {
        currency: Currency::GBP,
        rule: RoundingRule::HalfAwayFromZero,
    };

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    /// `per_day` every day from `from` through `through`, plus `commitment` on
    /// each 1st.
    fn flat(from: &str, through: &str, per_day: Decimal, commitment: Decimal) -> DailySeries {
        let mut amounts = Vec::new();
        let mut day = d(from);
        while day <= d(through) {
            amounts.push(DatedAmount {
                start: day,
                end: day + Days::new(1),
                amount: per_day,
                kind: AmountKind::Usage,
            });
            if day.day() == 1 && !commitment.is_zero() {
                amounts.push(DatedAmount {
                    start: day,
                    end: day + Days::new(1),
                    amount: commitment,
                    kind: AmountKind::Recurring,
                });
            }
            day = day + Days::new(1);
        }
        DailySeries::from_amounts(&amounts, d(through)).unwrap()
    }

    #[test]
    fn a_monthly_commitment_is_counted_once_not_extrapolated() {
        let s = flat("2026-08-01", "2026-11-03", dec!(10), dec!(1000));
        let f = month_end(Some(&s), d("2026-11-03"), None, GBP).forecast;
        assert_eq!(f.actual_to_date, dec!(1030));
        // 1000 + 30 days × 10; the naive run rate would say 1030 ÷ 3 × 30 = 10,300.
        assert_eq!(f.forecast, dec!(1300.00));
        assert_eq!((f.low, f.high), (Some(dec!(1300.00)), Some(dec!(1300.00))));
        assert_eq!(f.inputs.fixed_charges_to_date, dec!(1000));
        assert!(f.explanation.contains("Fixed charges"), "{}", f.explanation);
    }

    #[test]
    fn a_fixed_charge_later_in_the_month_is_expected_again() {
        // A fee on the 15th of October; as of 3 November it is still to come.
        let mut s = flat("2026-08-01", "2026-11-03", dec!(10), Decimal::ZERO);
        let i = s.index(d("2026-10-15")).unwrap();
        s.fixed[i] = dec!(200);
        s.recurring[i] = dec!(200);
        let f = month_end(Some(&s), d("2026-11-03"), None, GBP).forecast;
        assert_eq!(f.inputs.expected_fixed_charges, dec!(200));
        assert_eq!(f.forecast, dec!(500.00));
    }

    #[test]
    fn a_credit_counts_where_it_lands_and_is_not_expected_again() {
        // A one-off credit of 300 on 20 October: October's total only.
        let mut s = flat("2026-08-01", "2026-11-03", dec!(10), Decimal::ZERO);
        let i = s.index(d("2026-10-20")).unwrap();
        s.fixed[i] = dec!(-300);
        let f = month_end(Some(&s), d("2026-11-03"), None, GBP).forecast;
        assert_eq!(f.inputs.expected_fixed_charges, Decimal::ZERO);
        assert_eq!(f.forecast, dec!(300.00));
    }

    #[test]
    fn nothing_after_the_as_of_date_is_used() {
        let mut s = flat("2026-08-01", "2026-11-20", dec!(10), Decimal::ZERO);
        let before = month_end(Some(&s), d("2026-11-10"), None, GBP).forecast;
        for i in s.index(d("2026-11-11")).unwrap()..s.len() {
            s.usage[i] = dec!(100000);
        }
        let after = month_end(Some(&s), d("2026-11-10"), None, GBP).forecast;
        assert_eq!(before, after);
        assert_eq!(after.inputs.data_through, Some(d("2026-11-10")));
        assert_eq!(after.forecast, dec!(300.00));
    }

    #[test]
    fn too_little_history_gives_a_labelled_run_rate_without_a_range() {
        let s = flat("2026-10-20", "2026-11-05", dec!(12), Decimal::ZERO);
        let f = month_end(Some(&s), d("2026-11-05"), Some(dec!(1000)), GBP).forecast;
        assert_eq!(f.method, MethodUsed::InsufficientHistoryRunRate);
        assert_eq!((f.low, f.high), (None, None));
        assert_eq!(f.forecast, dec!(360.00));
        assert!(f.explanation.starts_with("Insufficient history"));
        let json = serde_json::to_value(&f).unwrap();
        assert_eq!(json["method"], "insufficient_history_run_rate");
        assert_eq!(json["forecast"], "360.00");
    }

    #[test]
    fn budget_status_variance_and_exhaustion_date() {
        let s = flat("2026-08-01", "2026-11-10", dec!(10), Decimal::ZERO);
        let over = month_end(Some(&s), d("2026-11-10"), Some(dec!(250)), GBP).forecast;
        assert_eq!(over.status, Status::Over);
        assert_eq!(over.variance, Some(dec!(50.00)));
        // 26 days × 10 = 260 is the first total above 250.
        assert_eq!(over.exhaustion_date, Some(d("2026-11-26")));
        let fine = month_end(Some(&s), d("2026-11-10"), Some(dec!(400)), GBP).forecast;
        assert_eq!(fine.status, Status::OnTrack);
        assert_eq!(fine.exhaustion_date, None);
        let spent = month_end(Some(&s), d("2026-11-10"), Some(dec!(50)), GBP).forecast;
        assert_eq!(spent.exhaustion_date, Some(d("2026-11-06")));
        let none = month_end(Some(&s), d("2026-11-10"), None, GBP).forecast;
        assert_eq!(none.status, Status::NoBudget);
    }

    #[test]
    fn no_data_says_so() {
        let f = month_end(None, d("2026-11-10"), Some(dec!(100)), GBP).forecast;
        assert_eq!(f.method, MethodUsed::NoData);
        assert_eq!(f.status, Status::OnTrack);
    }

    #[test]
    fn the_year_adds_closed_months_this_month_and_the_rest() {
        // April fiscal year: FY2027 runs April 2026 – March 2027.
        let s = flat("2026-08-01", "2026-11-10", dec!(10), Decimal::ZERO);
        let outlook = month_end(Some(&s), d("2026-11-10"), None, GBP);
        let months: Vec<MonthTotal> = (4..=10)
            .map(|m| MonthTotal {
                month: Month::new(2026, m).unwrap(),
                amount: dec!(300),
                from_showback: m < 8,
            })
            .collect();
        let y = year_end(&months, &outlook, 4, Some(dec!(3000)), GBP);
        assert_eq!(y.period, "FY2027");
        // Seven closed months of 300, November's 300, and four more of 300.
        assert_eq!(y.actual_to_date, dec!(2200));
        assert_eq!(y.forecast, dec!(3600.00));
        assert_eq!(y.status, Status::Over);
        assert_eq!(y.inputs.showback_months.len(), 4);
        // Exactly 3,000 by the end of January; February's first day passes it.
        assert_eq!(y.exhaustion_date, Some(d("2027-02-01")));
        let later = year_end(&months, &outlook, 4, Some(dec!(3150)), GBP);
        assert_eq!(later.exhaustion_date, Some(d("2027-02-15")));
    }

    #[test]
    fn the_year_without_enough_months_is_a_labelled_run_rate() {
        let s = flat("2026-08-01", "2026-11-10", dec!(10), Decimal::ZERO);
        let outlook = month_end(Some(&s), d("2026-11-10"), None, GBP);
        let months = [MonthTotal {
            month: Month::new(2026, 10).unwrap(),
            amount: dec!(310),
            from_showback: false,
        }];
        let y = year_end(&months, &outlook, 1, None, GBP);
        assert_eq!(y.period, "FY2026");
        assert_eq!(y.method, MethodUsed::InsufficientHistoryRunRate);
        assert_eq!(y.forecast, dec!(310) + dec!(300) + dec!(300));
        assert_eq!((y.low, y.high), (None, None));
    }
}
