//! Chargeback readiness per department and service code.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::Engine;
use super::ledger::Ledger;
use crate::error::Result;
use crate::model::budget::ScopeKind;
use crate::model::month::{FiscalYear, Month};
use crate::model::readiness::{Readiness, ReadinessFacts, assess};
use crate::model::service_code::CodeStatus;
use crate::store;

/// Months of spend the attribution coverage is measured over.
const COVERAGE_MONTHS: i32 = 3;
/// Months of showback looked back over.
const HISTORY_MONTHS: i32 = 24;

impl Engine {
    /// The chargeback-readiness checklist of every department and active
    /// service code, as of today.
    pub async fn readiness(&self) -> Result<Vec<Readiness>> {
        let mut conn = self.store.reader().await?;
        let settings = super::settings::load(&mut conn).await?;
        let today = self.clock.today();
        let month = Month::of(today);
        let fy = FiscalYear::of(month, settings.fiscal_year_start_month);
        let mut ledger = Ledger::load(
            &mut conn,
            month.plus(-HISTORY_MONTHS).first_day(),
            month.end(),
            settings.base_currency,
        )
        .await?;
        let codes = store::org::list_service_codes(&mut conn).await?;
        let budgets = store::budgets::list(&mut conn).await?;
        let scopes = super::budgets::every_scope(&mut conn).await?;
        let coverage_from = month.plus(1 - COVERAGE_MONTHS);
        let amounts: Vec<Option<Decimal>> =
            (0..ledger.lines.len()).map(|i| ledger.amount(i)).collect();
        let mut out = Vec::new();
        for scope in scopes {
            // The department whose coverage counts: the scope, or the code's.
            let department = match scope.kind {
                ScopeKind::Department => scope.key.clone(),
                ScopeKind::ServiceCode => codes
                    .iter()
                    .find(|c| c.code == scope.key)
                    .map(|c| c.department.clone())
                    .unwrap_or_default(),
            };
            // Coverage per side: [showback, provider] × (attributed, total).
            let mut sides = [(Decimal::ZERO, Decimal::ZERO); 2];
            let mut showback_months = BTreeSet::new();
            for (i, line) in ledger.lines.iter().enumerate() {
                let Some(m) = line.period_start.parse::<NaiveDate>().ok().map(Month::of) else {
                    continue;
                };
                if line.source_kind == "showback" && ledger.in_scope(line, &scope) {
                    showback_months.insert(m);
                }
                let in_department = ledger
                    .department_of(line)
                    .is_some_and(|d| d.eq_ignore_ascii_case(&department));
                if m >= coverage_from
                    && in_department
                    && let Some(a) = amounts[i]
                {
                    let side = &mut sides[usize::from(line.source_kind != "showback")];
                    side.1 += a;
                    if line.service_code.is_some() {
                        side.0 += a;
                    }
                }
            }
            // Finance's charges are what chargeback bills, so coverage is
            // measured on the showback; on the provider evidence when there
            // is no showback in the period. (Adding the two would count the
            // same spend twice.)
            let (side_name, (attributed, total)) = if sides[0].1.is_zero() {
                ("provider evidence", sides[1])
            } else {
                ("finance's showback", sides[0])
            };
            let stages = codes
                .iter()
                .filter(|c| c.status == CodeStatus::Active)
                .filter(|c| match scope.kind {
                    ScopeKind::Department => c.department.eq_ignore_ascii_case(&scope.key),
                    ScopeKind::ServiceCode => c.code == scope.key,
                })
                .map(|c| (c.code.clone(), c.stage))
                .collect();
            let budget = budgets.iter().find(|b| {
                b.scope_kind == scope.kind
                    && b.scope.eq_ignore_ascii_case(&scope.key)
                    && (b.period == month.to_string() || b.period == fy.to_string())
            });
            let cap = (scope.kind == ScopeKind::ServiceCode)
                .then(|| codes.iter().find(|c| c.code == scope.key))
                .flatten()
                .and_then(|c| {
                    c.budget_cap
                        .map(|_| "each month (the code's budget cap)".to_string())
                });
            out.push(assess(&ReadinessFacts {
                scope,
                attributed,
                total,
                coverage_period: format!(
                    "{side_name}, {coverage_from} to {month}, department {department}"
                ),
                showback_months: showback_months.len() as u32,
                stages,
                budget_period: budget.map(|b| b.period.clone()).or(cap.clone()),
                thresholds: budget
                    .map(|b| b.thresholds.clone())
                    .or(cap.map(|_| crate::model::budget::DEFAULT_THRESHOLDS.to_vec()))
                    .unwrap_or_default(),
            }));
        }
        Ok(out)
    }
}
