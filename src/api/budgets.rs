//! Budgets: set, import, list, remove, and their history.

use std::path::Path;

use serde::{Deserialize, Serialize};
use sqlx::sqlite::SqliteConnection;
use ts_rs::TS;

use super::Engine;
use crate::error::{Error, Result};
use crate::import::Columns;
use crate::model::budget::{
    Budget, BudgetChange, BudgetPeriod, Scope, ScopeKind, parse_thresholds,
};
use crate::money::{Currency, parse_amount};
use crate::sheet::Row;
use crate::store;

/// A budget as typed in a form or a file row; every field is text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct BudgetInput {
    /// The department (name or alias), when the budget is a department's.
    pub department: String,
    /// The service code, when the budget is a code's.
    pub service_code: String,
    /// `2026-11`, `Nov-26`, `FY27 P08` for a month; `FY2027` for a fiscal year.
    pub period: String,
    /// The amount (`12,500.00`, `£12,500`).
    pub amount: String,
    /// Currency; blank = the base currency.
    pub currency: String,
    /// Alert thresholds in percent (`80, 100`); blank keeps the budget's
    /// thresholds, or for a new budget takes those in Settings (80% and 100%
    /// unless changed).
    pub thresholds: String,
}

/// What a budget import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct BudgetsImported {
    /// Budgets created or changed.
    pub saved: Vec<Budget>,
    /// Rows that matched the budget already held.
    pub unchanged: u32,
}

/// Which department or code a form names, checked against the register.
pub(crate) async fn resolve_scope(
    conn: &mut SqliteConnection,
    department: &str,
    service_code: &str,
) -> std::result::Result<Scope, String> {
    match (department.trim(), service_code.trim()) {
        ("", "") => Err("name a department or a service code".into()),
        (d, c) if !d.is_empty() && !c.is_empty() => Err(format!(
            "name a department or a service code, not both ('{d}' and '{c}')"
        )),
        (d, "") => match store::org::resolve_department(conn, d).await {
            Ok(Some((_, name))) => Ok(Scope {
                kind: ScopeKind::Department,
                key: name,
            }),
            Ok(None) => Err(format!("department '{d}' is not registered")),
            Err(e) => Err(e.message),
        },
        (_, c) => {
            let code = c.to_lowercase();
            match store::org::service_code(conn, &code).await {
                Ok(Some(_)) => Ok(Scope {
                    kind: ScopeKind::ServiceCode,
                    key: code,
                }),
                Ok(None) => Err(format!("service code '{c}' is not registered")),
                Err(e) => Err(e.message),
            }
        }
    }
}

/// Every department and every active service code, departments first.
pub(crate) async fn every_scope(conn: &mut SqliteConnection) -> crate::error::Result<Vec<Scope>> {
    let mut scopes: Vec<Scope> = store::org::list_departments(conn)
        .await?
        .into_iter()
        .map(|d| Scope {
            kind: ScopeKind::Department,
            key: d.name,
        })
        .collect();
    scopes.extend(
        store::org::list_service_codes(conn)
            .await?
            .into_iter()
            .filter(|c| c.status == crate::model::service_code::CodeStatus::Active)
            .map(|c| Scope {
                kind: ScopeKind::ServiceCode,
                key: c.code,
            }),
    );
    Ok(scopes)
}

impl Engine {
    /// Checks a budget as typed; the message names the field.
    async fn budget_from_input(
        &self,
        conn: &mut SqliteConnection,
        input: &BudgetInput,
    ) -> std::result::Result<(Budget, bool), String> {
        let settings = super::settings::load(conn).await.map_err(|e| e.message)?;
        let scope = resolve_scope(conn, &input.department, &input.service_code).await?;
        let period = BudgetPeriod::parse(&input.period, settings.fiscal_year_start_month)
            .ok_or_else(|| {
                format!(
                    "period '{}' is not a month (2026-11) or a fiscal year (FY2027)",
                    input.period.trim()
                )
            })?;
        let amount_text = input.amount.trim();
        if amount_text.is_empty() {
            return Err("amount is required".into());
        }
        let parsed = parse_amount(amount_text)
            .map_err(|_| format!("amount '{amount_text}' is not a number"))?;
        if parsed.value.is_sign_negative() {
            return Err(format!("amount '{amount_text}' is negative"));
        }
        let currency = match input.currency.trim() {
            "" => parsed.currency.unwrap_or(settings.base_currency),
            t => {
                Currency::parse(t).map_err(|_| format!("currency '{t}' is not an ISO 4217 code"))?
            }
        };
        if currency != settings.base_currency {
            return Err(format!(
                "budgets are kept in the base currency, {}; the amount is in {}",
                settings.base_currency.code(),
                currency.code()
            ));
        }
        let existing = store::budgets::get(conn, scope.kind, &scope.key, &period.to_string())
            .await
            .map_err(|e| e.message)?;
        let thresholds = match (input.thresholds.trim(), &existing) {
            ("", Some(b)) => b.thresholds.clone(),
            ("", None) => settings.alert_thresholds.clone(),
            (text, _) => parse_thresholds(text)?,
        };
        let unchanged = existing
            .as_ref()
            .is_some_and(|b| b.amount == parsed.value && b.thresholds == thresholds);
        Ok((
            Budget {
                scope_kind: scope.kind,
                scope: scope.key,
                period: period.to_string(),
                amount: parsed.value.normalize(),
                currency,
                thresholds,
                updated_at: self.now(),
                updated_by: String::new(),
            },
            unchanged,
        ))
    }

    async fn save_budget(
        &self,
        tx: &mut store::WriteTx,
        mut budget: Budget,
        origin: &str,
    ) -> Result<Budget> {
        let actor = self.actor(tx).await?;
        budget.updated_by = actor.clone();
        let before =
            store::budgets::get(tx, budget.scope_kind, &budget.scope, &budget.period).await?;
        store::budgets::put(tx, &budget).await?;
        store::budgets::insert_change(
            tx,
            &BudgetChange {
                scope_kind: budget.scope_kind,
                scope: budget.scope.clone(),
                period: budget.period.clone(),
                currency: budget.currency,
                old_amount: before.as_ref().map(|b| b.amount),
                new_amount: Some(budget.amount),
                old_thresholds: before.as_ref().map(|b| b.thresholds.clone()),
                new_thresholds: Some(budget.thresholds.clone()),
                origin: origin.to_string(),
                changed_at: budget.updated_at.clone(),
                changed_by: actor,
            },
        )
        .await?;
        self.record(
            tx,
            "budget.set",
            &format!(
                "budget:{}:{}:{}",
                budget.scope_kind.id(),
                budget.scope,
                budget.period
            ),
            before.as_ref(),
            Some(&serde_json::json!({ "budget": &budget, "origin": origin })),
        )
        .await?;
        Ok(budget)
    }

    /// Sets one budget (creating or changing it); the change is kept in its
    /// history.
    pub async fn set_budget(&self, input: BudgetInput) -> Result<Budget> {
        let mut tx = self.store.begin().await?;
        let (budget, unchanged) = self
            .budget_from_input(&mut tx, &input)
            .await
            .map_err(|m| Error::invalid(format!("Budget: {m}")))?;
        if unchanged {
            return Ok(store::budgets::get(
                &mut tx,
                budget.scope_kind,
                &budget.scope,
                &budget.period,
            )
            .await?
            .unwrap_or(budget));
        }
        let saved = self.save_budget(&mut tx, budget, "entered").await?;
        tx.commit().await?;
        Ok(saved)
    }

    /// Imports budgets from a CSV or workbook with the columns `department` or
    /// `service code`, `period`, `amount`, and optionally `currency` and
    /// `thresholds`. All rows or none; each problem names its row.
    pub async fn import_budgets(&self, path: &Path) -> Result<BudgetsImported> {
        let (sheet, columns, rows) = super::prices::read_table(path)?;
        let file = crate::sheet::file_name(path);
        for (required, alternative) in [("period", "month"), ("amount", "budget")] {
            if !columns.has(required) && !columns.has(alternative) {
                return Err(Error::invalid(format!(
                    "File '{file}' sheet '{sheet}': there is no '{required}' column \
                     (the columns are department or service code, period, amount, currency, thresholds)"
                )));
            }
        }
        let mut tx = self.store.begin().await?;
        let mut budgets = Vec::new();
        let mut problems = Vec::new();
        let mut unchanged = 0;
        for row in &rows {
            let input = budget_row(&columns, row);
            match self.budget_from_input(&mut tx, &input).await {
                Ok((_, true)) => unchanged += 1,
                Ok((b, false)) => budgets.push(b),
                Err(m) => problems.push(format!("Sheet '{sheet}' row {}: {m}", row.number)),
            }
        }
        if !problems.is_empty() {
            return Err(Error::invalid(format!(
                "No budgets were imported from '{file}': {}",
                problems.join("; ")
            )));
        }
        let origin = format!("imported from {file}");
        let mut saved = Vec::new();
        for b in budgets {
            saved.push(self.save_budget(&mut tx, b, &origin).await?);
        }
        tx.commit().await?;
        Ok(BudgetsImported { saved, unchanged })
    }

    /// Every budget.
    pub async fn list_budgets(&self) -> Result<Vec<Budget>> {
        let mut conn = self.store.reader().await?;
        store::budgets::list(&mut conn).await
    }

    /// Every change to every budget, oldest first.
    pub async fn budget_history(&self) -> Result<Vec<BudgetChange>> {
        let mut conn = self.store.reader().await?;
        store::budgets::changes(&mut conn).await
    }

    /// Removes a budget; the removal is kept in its history.
    pub async fn remove_budget(
        &self,
        department: &str,
        service_code: &str,
        period: &str,
    ) -> Result<Budget> {
        let mut tx = self.store.begin().await?;
        let settings = super::settings::load(&mut tx).await?;
        let scope = resolve_scope(&mut tx, department, service_code)
            .await
            .map_err(|m| Error::invalid(format!("Budget: {m}")))?;
        let period = BudgetPeriod::parse(period, settings.fiscal_year_start_month)
            .ok_or_else(|| {
                Error::invalid(format!(
                    "Budget: period '{}' is not a month or a fiscal year",
                    period.trim()
                ))
            })?
            .to_string();
        let before = store::budgets::get(&mut tx, scope.kind, &scope.key, &period)
            .await?
            .ok_or_else(|| {
                Error::not_found(format!("There is no budget for {scope} in {period}"))
            })?;
        store::budgets::delete(&mut tx, scope.kind, &scope.key, &period).await?;
        let actor = self.actor(&mut tx).await?;
        store::budgets::insert_change(
            &mut tx,
            &BudgetChange {
                scope_kind: scope.kind,
                scope: scope.key.clone(),
                period: period.clone(),
                currency: before.currency,
                old_amount: Some(before.amount),
                new_amount: None,
                old_thresholds: Some(before.thresholds.clone()),
                new_thresholds: None,
                origin: "removed".into(),
                changed_at: self.now(),
                changed_by: actor,
            },
        )
        .await?;
        self.record(
            &mut tx,
            "budget.remove",
            &format!("budget:{}:{}:{}", scope.kind.id(), scope.key, period),
            Some(&before),
            None::<&()>,
        )
        .await?;
        tx.commit().await?;
        Ok(before)
    }
}

fn budget_row(columns: &Columns, row: &Row) -> BudgetInput {
    let get = |names: &[&str]| {
        names
            .iter()
            .find_map(|n| columns.text(row, n))
            .unwrap_or_default()
    };
    BudgetInput {
        department: get(&["department", "dept"]),
        service_code: get(&["service code", "service_code", "code"]),
        period: get(&["period", "month"]),
        amount: get(&["amount", "budget"]),
        currency: get(&["currency"]),
        thresholds: get(&["thresholds", "alert thresholds"]),
    }
}
