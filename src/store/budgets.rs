//! Budgets, their change history, and recorded forecasts.

use rust_decimal::Decimal;
use sqlx::sqlite::SqliteConnection;

use crate::error::Result;
use crate::model::budget::{Budget, BudgetChange, ScopeKind};
use crate::money::Currency;

use super::corrupt;

fn decimal(text: &str) -> Result<Decimal> {
    super::stored_decimal(text, "budget amount")
}

fn thresholds(text: &str) -> Result<Vec<u32>> {
    serde_json::from_str(text).map_err(|_| corrupt("budget threshold list"))
}

type BudgetRow = (
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
);

fn budget_from(row: BudgetRow) -> Result<Budget> {
    let (kind, scope, period, amount, currency, th, at, by) = row;
    Ok(Budget {
        scope_kind: ScopeKind::parse(&kind).ok_or_else(|| corrupt("budget scope"))?,
        scope,
        period,
        amount: decimal(&amount)?,
        currency: Currency::parse(&currency).map_err(|_| corrupt("budget currency"))?,
        thresholds: thresholds(&th)?,
        updated_at: at,
        updated_by: by,
    })
}

const COLUMNS: &str =
    "scope_kind, scope, period, amount, currency, thresholds, updated_at, updated_by";

/// Every budget, by scope and period.
pub async fn list(conn: &mut SqliteConnection) -> Result<Vec<Budget>> {
    let rows: Vec<BudgetRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM budget ORDER BY scope_kind, scope, period"
    )))
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter().map(budget_from).collect()
}

/// One budget.
pub async fn get(
    conn: &mut SqliteConnection,
    kind: ScopeKind,
    scope: &str,
    period: &str,
) -> Result<Option<Budget>> {
    let row: Option<BudgetRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM budget WHERE scope_kind = ? AND scope = ? AND period = ?"
    )))
    .bind(kind.id())
    .bind(scope)
    .bind(period)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(budget_from).transpose()
}

/// Inserts or replaces a budget.
pub async fn put(conn: &mut SqliteConnection, b: &Budget) -> Result<()> {
    sqlx::query(
        "INSERT INTO budget (scope_kind, scope, period, amount, currency, thresholds, updated_at, updated_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (scope_kind, scope, period) DO UPDATE SET
            amount = excluded.amount, currency = excluded.currency, thresholds = excluded.thresholds,
            updated_at = excluded.updated_at, updated_by = excluded.updated_by",
    )
    .bind(b.scope_kind.id())
    .bind(&b.scope)
    .bind(&b.period)
    .bind(b.amount.normalize().to_string())
    .bind(b.currency.code())
    .bind(serde_json::to_string(&b.thresholds)?)
    .bind(&b.updated_at)
    .bind(&b.updated_by)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Removes a budget.
pub async fn delete(
    conn: &mut SqliteConnection,
    kind: ScopeKind,
    scope: &str,
    period: &str,
) -> Result<bool> {
    let done = sqlx::query("DELETE FROM budget WHERE scope_kind = ? AND scope = ? AND period = ?")
        .bind(kind.id())
        .bind(scope)
        .bind(period)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// Appends a change to the history.
pub async fn insert_change(conn: &mut SqliteConnection, c: &BudgetChange) -> Result<()> {
    sqlx::query(
        "INSERT INTO budget_change (scope_kind, scope, period, currency, old_amount, new_amount,
            old_thresholds, new_thresholds, origin, changed_at, changed_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(c.scope_kind.id())
    .bind(&c.scope)
    .bind(&c.period)
    .bind(c.currency.code())
    .bind(c.old_amount.map(|a| a.normalize().to_string()))
    .bind(c.new_amount.map(|a| a.normalize().to_string()))
    .bind(
        c.old_thresholds
            .as_ref()
            .map(serde_json::to_string)
            .transpose()?,
    )
    .bind(
        c.new_thresholds
            .as_ref()
            .map(serde_json::to_string)
            .transpose()?,
    )
    .bind(&c.origin)
    .bind(&c.changed_at)
    .bind(&c.changed_by)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

type ChangeRow = (
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
    String,
    String,
);

/// The history of every budget, oldest first.
pub async fn changes(conn: &mut SqliteConnection) -> Result<Vec<BudgetChange>> {
    let rows: Vec<ChangeRow> = sqlx::query_as(
        "SELECT scope_kind, scope, period, currency, old_amount, new_amount, old_thresholds,
            new_thresholds, origin, changed_at, changed_by
         FROM budget_change ORDER BY id",
    )
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(
            |(kind, scope, period, currency, old, new, old_t, new_t, origin, at, by)| {
                Ok(BudgetChange {
                    scope_kind: ScopeKind::parse(&kind).ok_or_else(|| corrupt("budget scope"))?,
                    scope,
                    period,
                    currency: Currency::parse(&currency).map_err(|_| corrupt("budget currency"))?,
                    old_amount: old.as_deref().map(decimal).transpose()?,
                    new_amount: new.as_deref().map(decimal).transpose()?,
                    old_thresholds: old_t.as_deref().map(thresholds).transpose()?,
                    new_thresholds: new_t.as_deref().map(thresholds).transpose()?,
                    origin,
                    changed_at: at,
                    changed_by: by,
                })
            },
        )
        .collect()
}

/// A forecast as recorded.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ForecastRecord {
    /// `department` or `service_code`.
    pub scope_kind: String,
    /// The department or code.
    pub scope: String,
    /// `2026-11` or `FY2027`.
    pub period: String,
    /// The as-of date.
    pub as_of: String,
    /// When it was made.
    pub made_at: String,
    /// Currency.
    pub currency: String,
    /// Actual to date.
    pub actual_to_date: String,
    /// The forecast.
    pub forecast: String,
    /// Range low.
    pub low: Option<String>,
    /// Range high.
    pub high: Option<String>,
    /// Budget.
    pub budget: Option<String>,
    /// Method.
    pub method: String,
    /// Status.
    pub status: String,
}

/// Records a forecast (replacing one for the same scope, period and as-of date).
pub async fn record_forecast(
    conn: &mut SqliteConnection,
    r: &ForecastRecord,
    json: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO forecast_record (scope_kind, scope, period, as_of, made_at, currency,
            actual_to_date, forecast, low, high, budget, method, status, forecast_json)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (scope_kind, scope, period, as_of) DO UPDATE SET
            made_at = excluded.made_at, currency = excluded.currency,
            actual_to_date = excluded.actual_to_date, forecast = excluded.forecast,
            low = excluded.low, high = excluded.high, budget = excluded.budget,
            method = excluded.method, status = excluded.status,
            forecast_json = excluded.forecast_json",
    )
    .bind(&r.scope_kind)
    .bind(&r.scope)
    .bind(&r.period)
    .bind(&r.as_of)
    .bind(&r.made_at)
    .bind(&r.currency)
    .bind(&r.actual_to_date)
    .bind(&r.forecast)
    .bind(&r.low)
    .bind(&r.high)
    .bind(&r.budget)
    .bind(&r.method)
    .bind(&r.status)
    .bind(json)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The recorded forecasts of a scope, by period and as-of date.
pub async fn forecasts(
    conn: &mut SqliteConnection,
    kind: ScopeKind,
    scope: &str,
) -> Result<Vec<ForecastRecord>> {
    Ok(sqlx::query_as(
        "SELECT scope_kind, scope, period, as_of, made_at, currency, actual_to_date, forecast,
            low, high, budget, method, status
         FROM forecast_record WHERE scope_kind = ? AND scope = ? ORDER BY period, as_of",
    )
    .bind(kind.id())
    .bind(scope)
    .fetch_all(&mut *conn)
    .await?)
}
