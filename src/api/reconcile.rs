//! Reconciliation of a month's showback against provider evidence, with
//! drill-down to the lines on both sides.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Engine;
use super::ledger::Ledger;
use super::reports::{group_by_arg, source_arg};
use crate::error::{Error, Result};
use crate::model::fx::RateUsed;
use crate::model::month::Month;
use crate::model::reconcile::{
    ReconcileBy, ReconcileItem, ReconcileRow, Side, Tolerance, UNATTRIBUTED, reconcile, total_row,
};
use crate::model::spend::GroupBy;
use crate::money::Currency;
use crate::store;
use crate::store::imports::LineColumn;

/// What to reconcile, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct ReconcileQuery {
    /// The month (`2026-10`, `Oct-26`).
    pub month: String,
    /// `service-code` (default) or `department`.
    pub by: String,
    /// Only this department (name or alias); blank = all.
    pub department: String,
}

/// A month's reconciliation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Reconciliation {
    /// `YYYY-MM`.
    pub month: String,
    /// The base currency.
    pub currency: Currency,
    /// How rows are grouped.
    pub by: ReconcileBy,
    /// The department filter, if any.
    pub department: Option<String>,
    /// Tolerance, percent of the provider side.
    #[ts(type = "string")]
    pub tolerance_percent: Decimal,
    /// Tolerance, amount.
    #[ts(type = "string")]
    pub tolerance_amount: Decimal,
    /// One row per code or department, largest variance first.
    pub rows: Vec<ReconcileRow>,
    /// Both sides in total.
    pub total: ReconcileRow,
    /// Rows beyond tolerance.
    pub dispute_candidates: u32,
    /// FX rates used.
    pub rates_used: Vec<RateUsed>,
    /// Things the reader should know.
    pub warnings: Vec<String>,
    /// The chart of the largest variances (SVG, the same as in packs);
    /// empty when there are no rows.
    pub chart_svg: String,
}

/// Which lines to show behind a total on Overview or Budgets: a month's
/// lines in one group of a spend report.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct LinesQuery {
    /// The month.
    pub month: String,
    /// `department`, `service-code`, `provider`, `model` or `api-key`.
    pub by: String,
    /// The group's key, as the report shows it (`(unattributed)` and
    /// `(none)` included).
    pub key: String,
    /// `all` (default), `showback` or `provider`.
    pub source: String,
}

/// Which lines to show behind a row.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct DrillQuery {
    /// The month.
    pub month: String,
    /// `service-code` or `department`.
    pub by: String,
    /// The row's key (a code, a department, or `(unattributed)`).
    pub key: String,
    /// The department filter the reconciliation used; blank = all.
    pub department: String,
}

/// A line behind a reconciliation row, with where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DrillLine {
    /// Line id.
    pub id: i64,
    /// Showback or provider.
    pub side: Side,
    /// Import batch.
    pub batch_id: i64,
    /// The file.
    pub file_name: String,
    /// Its SHA-256.
    pub sha256: String,
    /// Sheet (or file name for CSV).
    pub sheet: String,
    /// Row or line number.
    pub row: i64,
    /// First day covered.
    pub period_start: String,
    /// Provider.
    pub provider: Option<String>,
    /// Model.
    pub model: Option<String>,
    /// Line item.
    pub line_item: Option<String>,
    /// API key.
    pub api_key: Option<String>,
    /// Service code.
    pub service_code: Option<String>,
    /// The attribution rule that placed it.
    pub rule_id: Option<i64>,
    /// Amount as recorded.
    #[ts(type = "string | null")]
    pub amount: Option<Decimal>,
    /// Its currency.
    pub currency: Option<String>,
    /// In the base currency (none when unpriced or no rate).
    #[ts(type = "string | null")]
    pub converted: Option<Decimal>,
}

/// One side's lines behind a row, counted and summed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SideTotal {
    /// Finance or provider.
    pub side: Side,
    /// Lines.
    pub lines: u32,
    /// Exact sum in the base currency (lines without an amount in it left out).
    #[ts(type = "string")]
    pub amount: Decimal,
}

/// The lines behind a row, with each side's count and total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DrillDown {
    /// The lines, finance's first (at most [`LINES_LISTED`]).
    pub lines: Vec<DrillLine>,
    /// Finance's side, then the provider side, over every line.
    pub totals: Vec<SideTotal>,
    /// Lines counted in the totals but not listed.
    pub more: u32,
}

/// The most lines a drill-down lists; its totals still count them all.
pub const LINES_LISTED: usize = 2_000;

impl DrillDown {
    /// The lines with their per-side totals; only the first
    /// [`LINES_LISTED`] are kept in the list.
    pub fn of(mut lines: Vec<DrillLine>) -> DrillDown {
        let totals = [Side::Showback, Side::Provider]
            .into_iter()
            .map(|side| {
                let mine = lines.iter().filter(|l| l.side == side);
                SideTotal {
                    side,
                    lines: mine.clone().count() as u32,
                    amount: mine
                        .filter_map(|l| l.converted)
                        .sum::<Decimal>()
                        .normalize(),
                }
            })
            .collect();
        let more = lines.len().saturating_sub(LINES_LISTED) as u32;
        lines.truncate(LINES_LISTED);
        DrillDown {
            lines,
            totals,
            more,
        }
    }
}

fn by_arg(text: &str) -> Result<ReconcileBy> {
    match text.trim().to_lowercase().replace('_', "-").as_str() {
        "" | "service-code" | "code" => Ok(ReconcileBy::ServiceCode),
        "department" | "dept" => Ok(ReconcileBy::Department),
        other => Err(Error::invalid(format!(
            "'{other}' is not a grouping for reconciliation; use service-code or department"
        ))),
    }
}

impl Ledger {
    /// Whether line `i` belongs to the department filter (any, when none).
    fn in_department(&self, i: usize, department: Option<&str>) -> bool {
        department.is_none_or(|d| {
            self.department_of(&self.lines[i])
                .is_some_and(|x| x.eq_ignore_ascii_case(d))
        })
    }

    fn key(&self, i: usize, by: ReconcileBy) -> Option<String> {
        let line = &self.lines[i];
        match by {
            ReconcileBy::ServiceCode => line.service_code.clone(),
            ReconcileBy::Department => self.department_of(line).map(str::to_string),
        }
    }
}

impl Engine {
    /// The canonical name of a department filter (`None` when blank).
    async fn department_filter(&self, text: &str) -> Result<Option<String>> {
        match text.trim() {
            "" => Ok(None),
            d => Ok(Some(
                store::org::resolve_department(&mut *self.store.reader().await?, d)
                    .await?
                    .ok_or_else(|| Error::not_found(format!("Department '{d}' is not registered")))?
                    .1,
            )),
        }
    }

    pub(crate) async fn month_ledger(
        &self,
        month: &str,
    ) -> Result<(Month, Ledger, super::settings::Settings)> {
        self.month_ledger_where(month, None).await
    }

    /// [`Engine::month_ledger`], with only the lines whose column has the
    /// value `narrow` names, when it names one.
    async fn month_ledger_where(
        &self,
        month: &str,
        narrow: Option<(LineColumn, Option<&str>)>,
    ) -> Result<(Month, Ledger, super::settings::Settings)> {
        let mut conn = self.store.reader().await?;
        let settings = super::settings::load(&mut conn).await?;
        let month = crate::import::period::parse_month(month, settings.fiscal_year_start_month)
            .ok_or_else(|| {
                Error::invalid(format!(
                    "'{}' is not a month; write it as 2026-10 or Oct-26",
                    month.trim()
                ))
            })?;
        let (from, to, base) = (month.first_day(), month.end(), settings.base_currency);
        let ledger = match narrow {
            None => Ledger::load(&mut conn, from, to, base).await?,
            Some((column, value)) => {
                Ledger::load_where(&mut conn, from, to, base, column, value).await?
            }
        };
        Ok((month, ledger, settings))
    }

    /// Reconciles a month's showback against provider evidence.
    pub async fn reconcile(&self, query: ReconcileQuery) -> Result<Reconciliation> {
        let by = by_arg(&query.by)?;
        let (month, mut ledger, settings) = self.month_ledger(&query.month).await?;
        let department = self.department_filter(&query.department).await?;
        let mut items = Vec::new();
        let mut unpriced = 0u64;
        for i in 0..ledger.lines.len() {
            if !ledger.in_department(i, department.as_deref()) {
                continue;
            }
            let side = if ledger.lines[i].source_kind == "showback" {
                Side::Showback
            } else {
                Side::Provider
            };
            let key = ledger.key(i, by);
            match ledger.amount(i) {
                Some(amount) => items.push(ReconcileItem { side, key, amount }),
                None if side == Side::Provider && ledger.lines[i].amount_nanos.is_none() => {
                    unpriced += 1
                }
                None => {}
            }
        }
        let tolerance = Tolerance {
            percent: settings.reconciliation_tolerance_percent,
            amount: settings.reconciliation_tolerance_amount,
        };
        let rows = reconcile(&items, tolerance);
        let total = total_row(&rows, tolerance);
        let mut warnings = ledger.unconverted_warnings();
        if unpriced > 0 {
            warnings.push(format!(
                "{unpriced} provider line(s) have no price yet and are not counted; set their model's price"
            ));
        }
        if !items.iter().any(|i| i.side == Side::Showback) {
            warnings.push(format!("No finance showback is imported for {month}"));
        }
        if !items.iter().any(|i| i.side == Side::Provider) {
            warnings.push(format!("No provider export is imported for {month}"));
        }
        let mut recon = Reconciliation {
            month: month.to_string(),
            currency: settings.base_currency,
            by,
            department,
            tolerance_percent: tolerance.percent,
            tolerance_amount: tolerance.amount,
            dispute_candidates: rows.iter().filter(|r| r.dispute_candidate).count() as u32,
            rows,
            total,
            rates_used: ledger.rates_for(month),
            warnings,
            chart_svg: String::new(),
        };
        if !recon.rows.is_empty() {
            recon.chart_svg = crate::chart::reconciliation_chart(&recon)?;
        }
        Ok(recon)
    }

    /// The lines on both sides behind one reconciliation row, with each
    /// side's count and total.
    pub async fn reconcile_drill_down(&self, query: DrillQuery) -> Result<DrillDown> {
        Ok(DrillDown::of(self.reconcile_lines(query).await?))
    }

    /// The lines on both sides behind one reconciliation row.
    pub async fn reconcile_lines(&self, query: DrillQuery) -> Result<Vec<DrillLine>> {
        let by = by_arg(&query.by)?;
        let department = self.department_filter(&query.department).await?;
        self.drill_lines(
            &query.month,
            by,
            Some(query.key.trim()),
            department.as_deref(),
        )
        .await
    }

    /// The lines behind a total on Overview or Budgets, with each side's
    /// count and total.
    pub async fn spend_lines(&self, query: LinesQuery) -> Result<DrillDown> {
        let by = group_by_arg(&query.by)?;
        let source = source_arg(&query.source)?;
        let wanted = query.key.trim();
        // Read only the group's lines where a column names the group; a
        // department's lines are found through their codes and labels.
        let none = if matches!(by, GroupBy::Department | GroupBy::ServiceCode) {
            UNATTRIBUTED
        } else {
            "(none)"
        };
        let value = (wanted != none).then_some(wanted);
        let narrow = match by {
            GroupBy::Department => None,
            GroupBy::ServiceCode => Some((LineColumn::ServiceCode, value)),
            GroupBy::Provider => Some((LineColumn::Provider, value)),
            GroupBy::Model => Some((LineColumn::Model, value)),
            GroupBy::ApiKey => Some((LineColumn::ApiKey, value)),
        };
        let lines = self
            .lines_where_narrowed(&query.month, narrow, |ledger, i| {
                let line = &ledger.lines[i];
                if !source.admits(&line.source_kind) {
                    return false;
                }
                let key = match by {
                    GroupBy::Department => ledger.department_of(line).map(str::to_string),
                    GroupBy::ServiceCode => line.service_code.clone(),
                    GroupBy::Provider => line.provider.clone(),
                    GroupBy::Model => line.model.clone(),
                    GroupBy::ApiKey => line
                        .api_key_name
                        .clone()
                        .or_else(|| line.api_key_id.clone()),
                };
                match key {
                    Some(k) => k.eq_ignore_ascii_case(wanted),
                    None if matches!(by, GroupBy::Department | GroupBy::ServiceCode) => {
                        wanted == UNATTRIBUTED
                    }
                    None => wanted == "(none)",
                }
            })
            .await?;
        Ok(DrillDown::of(lines))
    }

    /// A month's lines on both sides, optionally only one department's and
    /// only those of one row's key; finance's first, then by day.
    pub(crate) async fn drill_lines(
        &self,
        month: &str,
        by: ReconcileBy,
        wanted: Option<&str>,
        department: Option<&str>,
    ) -> Result<Vec<DrillLine>> {
        self.lines_where(month, |ledger, i| {
            if !ledger.in_department(i, department) {
                return false;
            }
            match wanted {
                Some(wanted) => match &ledger.key(i, by) {
                    Some(k) => k.eq_ignore_ascii_case(wanted),
                    None => wanted == UNATTRIBUTED,
                },
                None => true,
            }
        })
        .await
    }

    /// A month's lines that `keep` admits, with their provenance and their
    /// amount in the base currency; finance's first, then by day.
    async fn lines_where(
        &self,
        month: &str,
        keep: impl Fn(&Ledger, usize) -> bool,
    ) -> Result<Vec<DrillLine>> {
        self.lines_where_narrowed(month, None, keep).await
    }

    /// [`Engine::lines_where`], reading only the lines whose column has the
    /// value `narrow` names (`keep` still decides).
    async fn lines_where_narrowed(
        &self,
        month: &str,
        narrow: Option<(LineColumn, Option<&str>)>,
        keep: impl Fn(&Ledger, usize) -> bool,
    ) -> Result<Vec<DrillLine>> {
        let (_, mut ledger, _) = self.month_ledger_where(month, narrow).await?;
        let mut out = Vec::new();
        for i in 0..ledger.lines.len() {
            if !keep(&ledger, i) {
                continue;
            }
            let converted = ledger.amount(i);
            let l = &ledger.lines[i];
            out.push(DrillLine {
                id: l.id,
                side: if l.source_kind == "showback" {
                    Side::Showback
                } else {
                    Side::Provider
                },
                batch_id: l.batch_id,
                file_name: l.file_name.clone(),
                sha256: l.sha256.clone(),
                sheet: l.sheet.clone(),
                row: l.row_number,
                period_start: l.period_start.clone(),
                provider: l.provider.clone(),
                model: l.model.clone(),
                line_item: l.line_item.clone(),
                api_key: l.api_key_name.clone().or_else(|| l.api_key_id.clone()),
                service_code: l.service_code.clone(),
                rule_id: l.rule_id,
                amount: l.amount_nanos.map(crate::money::from_nanos),
                currency: l.currency.clone(),
                converted: converted.map(|c| c.normalize()),
            });
        }
        out.sort_by(|a, b| {
            (a.side as u8)
                .cmp(&(b.side as u8))
                .then_with(|| a.period_start.cmp(&b.period_start))
                .then(a.id.cmp(&b.id))
        });
        Ok(out)
    }
}
