//! Forecasts of a department's or service code's spend against budget, the
//! alerts budgets raise, and how past forecasts compared with the actual.
//!
//! A forecast is always as of a date (today by default) and reads only lines
//! dated on or before it. Every forecast made is recorded, so that when the
//! month closes it can be compared with what was spent.

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, Days, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Engine;
use super::ledger::Ledger;
use super::settings::Settings;
use crate::error::{Error, Result};
use crate::model::budget::{Alert, Scope, ScopeKind, alerts_for};
use crate::model::forecast::series::{AmountKind, DailySeries, DatedAmount};
use crate::model::forecast::{self, MonthTotal, PeriodForecast, Presentation};
use crate::model::month::{FiscalYear, Month};
use crate::money::Currency;
use crate::store;

/// Months of history a forecast reads before the as-of month.
const HISTORY_MONTHS: i32 = 24;

/// What to forecast, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct ForecastQuery {
    /// A department (name or alias)…
    pub department: String,
    /// …or a service code.
    pub service_code: String,
    /// `YYYY-MM-DD`; blank = today.
    pub as_of: String,
}

/// One day of the month chart: cumulative spend, actual or forecast, with the
/// 80% range on forecast days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PathPoint {
    /// The day.
    #[ts(type = "string")]
    pub date: NaiveDate,
    /// Cumulative spend in the month.
    #[ts(type = "string")]
    pub cumulative: Decimal,
    /// Whether the day is actual (else forecast).
    pub actual: bool,
    /// Range low (forecast days with a range).
    #[ts(type = "string | null")]
    pub low: Option<Decimal>,
    /// Range high.
    #[ts(type = "string | null")]
    pub high: Option<Decimal>,
}

/// A scope's month-end and year-end forecasts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ScopeForecast {
    /// The department or code.
    pub scope: Scope,
    /// The as-of date.
    #[ts(type = "string")]
    pub as_of: NaiveDate,
    /// The base currency all amounts are in.
    pub currency: Currency,
    /// The month holding the as-of date.
    pub month: PeriodForecast,
    /// The fiscal year holding it.
    pub year: PeriodForecast,
    /// The month's path, for the chart.
    pub path: Vec<PathPoint>,
    /// Alerts the budgets raise.
    pub alerts: Vec<Alert>,
    /// For a department: the share of its spend not tied to a service code.
    pub unattributed: Option<UnattributedPart>,
    /// Things the reader should know (amounts left out for want of an FX rate).
    pub warnings: Vec<String>,
}

/// How much of a department's spend carries no service code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct UnattributedPart {
    /// Finance's latest showback month measured.
    pub month: String,
    /// Unattributed amount.
    #[ts(type = "string")]
    pub amount: Decimal,
    /// Share of the department's spend, 0–1, four places (half away from zero).
    #[ts(type = "string")]
    pub share: Decimal,
}

/// The unattributed part of a department's spend in finance's latest
/// showback month up to the as-of date (looking back up to three months).
/// Provider lines reach a department only through a service code, so only
/// finance's lines can show a department's spend without one.
fn unattributed_part(
    ledger: &mut Ledger,
    department_lines: &[usize],
    as_of: NaiveDate,
) -> Option<UnattributedPart> {
    let month = Month::of(as_of);
    for m in (0..=3).map(|back| month.plus(-back)) {
        let (mut amount, mut total) = (Decimal::ZERO, Decimal::ZERO);
        for &i in department_lines {
            let line = &ledger.lines[i];
            let in_month = ledger
                .period(i)
                .is_some_and(|(d, _)| Month::of(d) == m && d <= as_of);
            if line.source_kind != "showback" || !in_month {
                continue;
            }
            let unattributed = line.service_code.is_none();
            if let Some(a) = ledger.amount(i) {
                total += a;
                if unattributed {
                    amount += a;
                }
            }
        }
        if !total.is_zero() {
            return Some(UnattributedPart {
                month: m.to_string(),
                amount: amount.normalize(),
                share: (amount / total)
                    .round_dp_with_strategy(4, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
                    .normalize(),
            });
        }
    }
    None
}

/// A past forecast beside the actual.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ForecastCheck {
    /// `2026-10`.
    pub period: String,
    /// The as-of date of the forecast.
    pub as_of: String,
    /// The method it used.
    pub method: String,
    /// The forecast.
    #[ts(type = "string")]
    pub forecast: Decimal,
    /// Its range.
    #[ts(type = "string | null")]
    pub low: Option<Decimal>,
    /// Its range.
    #[ts(type = "string | null")]
    pub high: Option<Decimal>,
    /// What was spent (none while the month is open).
    #[ts(type = "string | null")]
    pub actual: Option<Decimal>,
    /// Actual minus forecast.
    #[ts(type = "string | null")]
    pub variance: Option<Decimal>,
    /// Whether the actual fell inside the range.
    pub within_range: Option<bool>,
}

/// Reads an as-of date: blank is today; years outside 1900–9999 are refused.
pub(crate) fn as_of_arg(text: &str, today: NaiveDate) -> Result<NaiveDate> {
    let date = match text.trim() {
        "" => today,
        t => t.parse::<NaiveDate>().map_err(|_| {
            Error::invalid(format!("The as-of date '{t}' is not a date (YYYY-MM-DD)"))
        })?,
    };
    if !(1900..=9999).contains(&date.year()) {
        return Err(Error::invalid(format!(
            "The as-of date {date} is outside the years 1900 to 9999"
        )));
    }
    Ok(date)
}

/// A budget amount with its alert thresholds.
type BudgetLine = (Decimal, Vec<u32>);

/// The month's and the fiscal year's budgets of a scope.
#[derive(Debug, Clone, Default)]
struct ScopeBudgets {
    month: Option<BudgetLine>,
    year: Option<BudgetLine>,
}

/// The month and year budgets of a scope, in the base currency.
fn budgets_for(
    codes: &HashMap<String, crate::model::service_code::ServiceCode>,
    every_budget: &[crate::model::budget::Budget],
    scope: &Scope,
    month: Month,
    fy: FiscalYear,
    ledger: &Ledger,
) -> Result<ScopeBudgets> {
    let all: Vec<_> = every_budget
        .iter()
        .filter(|b| b.scope_kind == scope.kind && b.scope.eq_ignore_ascii_case(&scope.key))
        .collect();
    // A budget set before the base currency changed is converted at the
    // month's rate (and left out, with the forecast saying so, without one).
    let in_base =
        |b: &crate::model::budget::Budget, m: Month| ledger.convert(b.amount, m, b.currency);
    let month_budget = match all.iter().find(|b| b.period == month.to_string()) {
        Some(b) => in_base(b, month).map(|a| (a, b.thresholds.clone())),
        // A service code's monthly cap stands in for a month budget.
        None if scope.kind == ScopeKind::ServiceCode => codes.get(&scope.key).and_then(|c| {
            c.budget_cap
                .and_then(|cap| ledger.convert(cap, month, c.currency))
                .map(|cap| (cap, crate::model::budget::DEFAULT_THRESHOLDS.to_vec()))
        }),
        None => None,
    };
    let year_budget = match all.iter().find(|b| b.period == fy.to_string()) {
        Some(b) => in_base(b, fy.first_month()).map(|a| (a, b.thresholds.clone())),
        None => {
            let months: Vec<_> = fy
                .months()
                .filter_map(|m| {
                    let b = all.iter().find(|b| b.period == m.to_string())?;
                    Some((in_base(b, m)?, b.thresholds.clone()))
                })
                .collect();
            (months.len() == 12).then(|| (months.iter().map(|b| b.0).sum(), months[0].1.clone()))
        }
    };
    Ok(ScopeBudgets {
        month: month_budget,
        year: year_budget,
    })
}

/// The last day each provider's usage is known for, as of a date: the latest
/// end of a usage line that had ended by then. A scope's data runs through the
/// latest of its providers' days, so a quiet day is a zero, while days no
/// export covers yet are not mistaken for zeros.
fn provider_days(ledger: &Ledger, as_of: NaiveDate) -> BTreeMap<String, NaiveDate> {
    let mut out: BTreeMap<String, NaiveDate> = BTreeMap::new();
    for (i, line) in ledger.lines.iter().enumerate() {
        if line.source_kind != "provider" || line.charge_category != "usage" {
            continue;
        }
        let Some(last) = ledger.period(i).and_then(|(_, end)| end.pred_opt()) else {
            continue;
        };
        if last > as_of {
            continue;
        }
        let provider = line.provider.clone().unwrap_or_default();
        let entry = out.entry(provider).or_insert(last);
        *entry = (*entry).max(last);
    }
    out
}

/// Builds a scope's forecast from the ledger.
fn scope_forecast(
    ledger: &mut Ledger,
    lines: &[usize],
    scope: &Scope,
    as_of: NaiveDate,
    provider_days: &BTreeMap<String, NaiveDate>,
    settings: &Settings,
    budgets: ScopeBudgets,
) -> ScopeForecast {
    // Warnings are the scope's own.
    ledger.unconverted.clear();
    let month = Month::of(as_of);
    let show = Presentation {
        currency: settings.base_currency,
        rule: settings.rounding_rule,
    };
    let mut daily = Vec::new();
    let mut showback_months: BTreeMap<Month, Decimal> = BTreeMap::new();
    let mut through: Option<NaiveDate> = None;
    for &i in lines {
        let line = &ledger.lines[i];
        let Some((start, end)) = ledger.period(i) else {
            continue;
        };
        if start > as_of {
            continue;
        }
        let provider = line.source_kind == "provider";
        let kind = match line.charge_category.as_str() {
            "usage" => AmountKind::Usage,
            "commitment" => AmountKind::Recurring,
            _ => AmountKind::OneOff,
        };
        if provider && let Some(day) = provider_days.get(line.provider.as_deref().unwrap_or("")) {
            through = Some(through.map_or(*day, |t| t.max(*day)));
        }
        let Some(amount) = ledger.amount(i) else {
            continue;
        };
        let m = Month::of(start);
        if provider {
            daily.push(DatedAmount {
                start,
                end: end.max(start + Days::new(1)),
                amount,
                kind,
            });
        } else if m < month {
            *showback_months.entry(m).or_default() += amount;
        }
    }
    let through = through.map_or(as_of, |d| d.min(as_of));
    let series = DailySeries::from_amounts(&daily, through);
    let outlook = forecast::month_end(
        series.as_ref(),
        as_of,
        budgets.month.as_ref().map(|b| b.0),
        show,
    );
    // Closed months: the provider evidence laid out by day where there is
    // any, else finance's showback.
    let mut provider_months: BTreeMap<Month, Decimal> = BTreeMap::new();
    if let Some(s) = &series {
        for i in 0..s.len() {
            let m = Month::of(s.date(i));
            if m < month {
                *provider_months.entry(m).or_default() += s.total(i);
            }
        }
    }
    let mut months: BTreeMap<Month, MonthTotal> = showback_months
        .into_iter()
        .map(|(m, amount)| {
            (
                m,
                MonthTotal {
                    month: m,
                    amount,
                    from_showback: true,
                },
            )
        })
        .collect();
    for (m, amount) in provider_months {
        months.insert(
            m,
            MonthTotal {
                month: m,
                amount,
                from_showback: false,
            },
        );
    }
    let months: Vec<MonthTotal> = months.into_values().collect();
    let year = forecast::year_end(
        &months,
        &outlook,
        settings.fiscal_year_start_month,
        budgets.year.as_ref().map(|b| b.0),
        show,
    );
    let month_forecast = outlook.forecast.clone();
    let mut alerts = Vec::new();
    for (period, budget) in [(&month_forecast, &budgets.month), (&year, &budgets.year)] {
        if let Some((amount, thresholds)) = budget {
            alerts.extend(alerts_for(
                scope.kind,
                &scope.key,
                &period.period,
                *amount,
                thresholds,
                period.actual_to_date,
                Some(period.forecast),
            ));
        }
    }
    let band: BTreeMap<NaiveDate, (Decimal, Decimal)> = outlook
        .band
        .iter()
        .map(|(d, lo, hi)| {
            (
                *d,
                (
                    show.rule.round(*lo, show.currency),
                    show.rule.round(*hi, show.currency),
                ),
            )
        })
        .collect();
    let path = outlook
        .path
        .iter()
        .enumerate()
        .map(|(i, (date, cumulative))| PathPoint {
            date: *date,
            cumulative: if i < outlook.actual_days {
                cumulative.normalize()
            } else {
                show.rule.round(*cumulative, show.currency)
            },
            actual: i < outlook.actual_days,
            low: band.get(date).map(|b| b.0),
            high: band.get(date).map(|b| b.1),
        })
        .collect();
    let unattributed = match scope.kind {
        ScopeKind::Department => unattributed_part(ledger, lines, as_of),
        ScopeKind::ServiceCode => None,
    };
    ScopeForecast {
        scope: scope.clone(),
        as_of,
        currency: settings.base_currency,
        month: month_forecast,
        year,
        path,
        alerts,
        unattributed,
        warnings: ledger.unconverted_warnings(),
    }
}

impl Engine {
    /// Forecasts a department or service code as of a date, and records the
    /// forecast.
    pub async fn forecast(&self, query: ForecastQuery) -> Result<ScopeForecast> {
        let mut tx = self.store.begin().await?;
        let scope = super::budgets::resolve_scope(&mut tx, &query.department, &query.service_code)
            .await
            .map_err(|m| Error::invalid(format!("Forecast: {m}")))?;
        let as_of = as_of_arg(&query.as_of, self.clock.today())?;
        let forecasts = self.forecast_scopes(&mut tx, &[scope], as_of).await?;
        tx.commit().await?;
        forecasts
            .into_iter()
            .next()
            .ok_or_else(|| Error::internal("The forecast was not made"))
    }

    /// Forecasts several scopes from one read of the ledger, recording each.
    async fn forecast_scopes(
        &self,
        tx: &mut store::WriteTx,
        scopes: &[Scope],
        as_of: NaiveDate,
    ) -> Result<Vec<ScopeForecast>> {
        let settings = super::settings::load(tx).await?;
        let month = Month::of(as_of);
        let from = month.plus(-HISTORY_MONTHS).first_day();
        let to = as_of + Days::new(1);
        let mut ledger = Ledger::load_daily(tx, from, to, settings.base_currency).await?;
        let provider_days = provider_days(&ledger, as_of);
        let every_budget = store::budgets::list(tx).await?;
        let fy = FiscalYear::of(month, settings.fiscal_year_start_month);
        let made_at = self.now();
        let codes: HashMap<String, crate::model::service_code::ServiceCode> =
            store::org::list_service_codes(tx)
                .await?
                .into_iter()
                .map(|c| (c.code.clone(), c))
                .collect();
        // Each scope's lines, found in one pass rather than one pass a scope.
        let index = ledger.scope_index();
        let mut out = Vec::new();
        for scope in scopes {
            let budgets = budgets_for(&codes, &every_budget, scope, month, fy, &ledger)?;
            let f = scope_forecast(
                &mut ledger,
                index.lines(scope),
                scope,
                as_of,
                &provider_days,
                &settings,
                budgets,
            );
            for period in [&f.month, &f.year] {
                let text = |d: Option<Decimal>| d.map(|v| v.to_string());
                store::budgets::record_forecast(
                    tx,
                    &store::budgets::ForecastRecord {
                        scope_kind: scope.kind.id().into(),
                        scope: scope.key.clone(),
                        period: period.period.clone(),
                        as_of: as_of.to_string(),
                        made_at: made_at.clone(),
                        currency: settings.base_currency.code().into(),
                        actual_to_date: period.actual_to_date.to_string(),
                        forecast: period.forecast.to_string(),
                        low: text(period.low),
                        high: text(period.high),
                        budget: text(period.budget),
                        method: serde_json::to_value(period.method)?
                            .as_str()
                            .unwrap_or_default()
                            .to_string(),
                        status: serde_json::to_value(period.status)?
                            .as_str()
                            .unwrap_or_default()
                            .to_string(),
                    },
                    &serde_json::to_string(period)?,
                )
                .await?;
            }
            out.push(f);
        }
        Ok(out)
    }

    /// Forecasts every department and every active service code with spend or
    /// a budget, as of a date: the Overview's tiles.
    pub async fn forecast_all(&self, as_of: &str) -> Result<Vec<ScopeForecast>> {
        let as_of = as_of_arg(as_of, self.clock.today())?;
        let mut tx = self.store.begin().await?;
        let scopes = super::budgets::every_scope(&mut tx).await?;
        let all = self.forecast_scopes(&mut tx, &scopes, as_of).await?;
        tx.commit().await?;
        Ok(all
            .into_iter()
            .filter(|f| {
                f.scope.kind == ScopeKind::Department
                    || !f.month.actual_to_date.is_zero()
                    || f.month.budget.is_some()
                    || !f.year.actual_to_date.is_zero()
            })
            .collect())
    }

    /// Every alert the budgets raise as of a date (today by default), on
    /// actual and on forecast.
    pub async fn alerts(&self, as_of: &str) -> Result<Vec<Alert>> {
        let as_of = as_of_arg(as_of, self.clock.today())?;
        let mut tx = self.store.begin().await?;
        let settings = super::settings::load(&mut tx).await?;
        let month = Month::of(as_of);
        let fy = FiscalYear::of(month, settings.fiscal_year_start_month);
        let mut scopes: Vec<Scope> = store::budgets::list(&mut tx)
            .await?
            .into_iter()
            .filter(|b| b.period == month.to_string() || b.period == fy.to_string())
            .map(|b| Scope {
                kind: b.scope_kind,
                key: b.scope,
            })
            .collect();
        scopes.extend(
            store::org::list_service_codes(&mut tx)
                .await?
                .into_iter()
                .filter(|c| {
                    c.budget_cap.is_some()
                        && c.status == crate::model::service_code::CodeStatus::Active
                })
                .map(|c| Scope {
                    kind: ScopeKind::ServiceCode,
                    key: c.code,
                }),
        );
        scopes.sort();
        scopes.dedup();
        let forecasts = self.forecast_scopes(&mut tx, &scopes, as_of).await?;
        tx.commit().await?;
        let mut alerts: Vec<Alert> = forecasts.into_iter().flat_map(|f| f.alerts).collect();
        alerts.sort_by(|a, b| {
            b.percent_of_budget
                .cmp(&a.percent_of_budget)
                .then_with(|| a.scope.cmp(&b.scope))
        });
        Ok(alerts)
    }

    /// The month forecasts recorded for a scope beside what was then spent:
    /// forecast-to-actual variance for each closed month.
    pub async fn forecast_history(
        &self,
        department: &str,
        service_code: &str,
    ) -> Result<Vec<ForecastCheck>> {
        let mut conn = self.store.reader().await?;
        let settings = super::settings::load(&mut conn).await?;
        let scope = super::budgets::resolve_scope(&mut conn, department, service_code)
            .await
            .map_err(|m| Error::invalid(format!("Forecast history: {m}")))?;
        let records = store::budgets::forecasts(&mut conn, scope.kind, &scope.key).await?;
        let today = self.clock.today();
        let current = Month::of(today);
        let months: Vec<Month> = records
            .iter()
            .filter_map(|r| Month::parse_iso(&r.period))
            .collect();
        let (Some(first), Some(last)) = (months.iter().min(), months.iter().max()) else {
            return Ok(Vec::new());
        };
        let mut ledger = Ledger::load_daily(
            &mut conn,
            first.first_day(),
            last.end(),
            settings.base_currency,
        )
        .await?;
        // Provider evidence where a month has it, else finance's showback.
        let mut provider: BTreeMap<Month, Decimal> = BTreeMap::new();
        let mut showback: BTreeMap<Month, Decimal> = BTreeMap::new();
        for i in 0..ledger.lines.len() {
            if !ledger.in_scope(&ledger.lines[i], &scope) {
                continue;
            }
            let is_provider = ledger.lines[i].source_kind == "provider";
            let Some(m) = ledger.lines[i]
                .period_start
                .parse::<NaiveDate>()
                .ok()
                .map(Month::of)
            else {
                continue;
            };
            if let Some(amount) = ledger.amount(i) {
                let map = if is_provider {
                    &mut provider
                } else {
                    &mut showback
                };
                *map.entry(m).or_default() += amount;
            }
        }
        let decimal = |t: &Option<String>| t.as_deref().and_then(|v| v.parse::<Decimal>().ok());
        Ok(records
            .iter()
            .filter_map(|r| {
                let month = Month::parse_iso(&r.period)?;
                let forecast: Decimal = r.forecast.parse().ok()?;
                let actual = (month < current)
                    .then(|| provider.get(&month).or(showback.get(&month)).copied())
                    .flatten();
                let (low, high) = (decimal(&r.low), decimal(&r.high));
                Some(ForecastCheck {
                    period: r.period.clone(),
                    as_of: r.as_of.clone(),
                    method: r.method.clone(),
                    forecast,
                    low,
                    high,
                    actual: actual.map(|a| a.normalize()),
                    variance: actual.map(|a| (a - forecast).normalize()),
                    within_range: match (actual, low, high) {
                        (Some(a), Some(l), Some(h)) => Some(a >= l && a <= h),
                        _ => None,
                    },
                })
            })
            .collect())
    }
}

/// A forecast with its pictures, for the app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ForecastView {
    /// The forecast.
    pub forecast: ScopeForecast,
    /// The month chart (SVG).
    pub chart_svg: String,
    /// The bullet chart of the month against budget (SVG).
    pub bullet_svg: String,
}

impl Engine {
    async fn view(&self, forecast: ScopeForecast, with_chart: bool) -> Result<ForecastView> {
        let rule = self.settings().await?.rounding_rule;
        Ok(ForecastView {
            chart_svg: if with_chart {
                crate::chart::forecast_chart(&forecast, rule)?
            } else {
                String::new()
            },
            bullet_svg: crate::chart::bullet_chart(&forecast.month)?,
            forecast,
        })
    }

    /// A forecast with its month chart and bullet chart.
    pub async fn forecast_view(&self, query: ForecastQuery) -> Result<ForecastView> {
        let forecast = self.forecast(query).await?;
        self.view(forecast, true).await
    }

    /// The Overview's tiles: every department and active code, each with its
    /// bullet chart.
    pub async fn overview_tiles(&self, as_of: &str) -> Result<Vec<ForecastView>> {
        let mut out = Vec::new();
        for f in self.forecast_all(as_of).await? {
            out.push(self.view(f, false).await?);
        }
        Ok(out)
    }
}
