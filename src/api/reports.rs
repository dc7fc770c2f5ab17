//! Spend reports: a month's spend by department, code, provider, model or
//! key; and the unattributed spend waiting for a rule.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Engine;
use crate::error::{Error, Result};
use crate::import::period::{Month, parse_month};
use crate::model::fx::FxTable;
use crate::model::spend::{
    GroupBy, Identifiers, SourceFilter, SpendItem, SpendReport, UnattributedGroup,
    group_unattributed, summarise,
};
use crate::money::{Currency, from_nanos};
use crate::store;

/// What to report, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct SpendQuery {
    /// The month (`2026-09`, `Sep-26`).
    pub month: String,
    /// `department` (default), `service-code`, `provider`, `model`, `api-key`.
    pub by: String,
    /// `all` (default), `showback`, `provider`.
    pub source: String,
    /// Report currency; default the base currency.
    pub currency: String,
}

fn first_tag(tags_json: Option<&str>) -> Option<String> {
    let tags: Vec<(String, String)> = serde_json::from_str(tags_json?).ok()?;
    tags.into_iter().next().map(|(k, v)| format!("{k}={v}"))
}

/// A spend grouping as typed; blank is by department.
pub(crate) fn group_by_arg(text: &str) -> Result<GroupBy> {
    match text.trim() {
        "" => Ok(GroupBy::Department),
        t => GroupBy::parse(t).ok_or_else(|| {
            Error::invalid(format!(
                "'{t}' is not a grouping; use department, service-code, provider, model or api-key"
            ))
        }),
    }
}

/// Which figures as typed; blank is all of them.
pub(crate) fn source_arg(text: &str) -> Result<SourceFilter> {
    match text.trim() {
        "" => Ok(SourceFilter::All),
        t => SourceFilter::parse(t).ok_or_else(|| {
            Error::invalid(format!(
                "'{t}' is not a source; use showback, provider or all"
            ))
        }),
    }
}

fn month_arg(text: &str, fiscal_start: u32) -> Result<Month> {
    parse_month(text, fiscal_start).ok_or_else(|| {
        Error::invalid(format!(
            "'{}' is not a month; write it as 2026-09 or Sep-26",
            text.trim()
        ))
    })
}

impl Engine {
    /// A month's spend in one currency, grouped.
    pub async fn spend_report(&self, query: SpendQuery) -> Result<SpendReport> {
        let mut conn = self.store.reader().await?;
        let settings = super::settings::load(&mut conn).await?;
        let month = month_arg(&query.month, settings.fiscal_year_start_month)?;
        let by = group_by_arg(&query.by)?;
        let source = source_arg(&query.source)?;
        let currency = match query.currency.trim() {
            "" => settings.base_currency,
            t => Currency::parse(t)
                .map_err(|_| Error::invalid(format!("'{t}' is not an ISO 4217 currency code")))?,
        };
        let groups = store::imports::report_groups(
            &mut conn,
            &month.first_day().to_string(),
            &month.end().to_string(),
        )
        .await?;
        let mut items: Vec<SpendItem> = Vec::with_capacity(groups.len());
        for g in groups {
            let item = SpendItem {
                lines: 0,
                source_kind: g.source_kind,
                provider: g.provider,
                model: g.model,
                api_key: g.api_key_name.or(g.api_key_id),
                service_code: g.service_code,
                department: g.department.or(g.department_label),
                amount: None,
                currency: g.currency.as_deref().and_then(|c| Currency::parse(c).ok()),
            };
            // A group's unpriced lines count apart from its priced ones.
            let unpriced = u64::try_from(g.lines - g.priced_lines).unwrap_or(0);
            if unpriced > 0 {
                items.push(SpendItem {
                    lines: unpriced,
                    ..item.clone()
                });
            }
            if g.priced_lines > 0 {
                items.push(SpendItem {
                    lines: u64::try_from(g.priced_lines).unwrap_or(0),
                    amount: Some(from_nanos(g.amount_nanos)),
                    ..item
                });
            }
        }
        let fx = FxTable::new(store::prices::fx_rates(&mut conn).await?);
        Ok(summarise(&items, month, by, source, currency, &fx))
    }

    /// Unattributed spend, grouped by the identifier that would attribute it;
    /// for one month, or (with an empty month) every month.
    pub async fn unattributed_spend(&self, month: &str) -> Result<Vec<UnattributedGroup>> {
        let mut conn = self.store.reader().await?;
        let settings = super::settings::load(&mut conn).await?;
        let (from, to) = if month.trim().is_empty() {
            ("0000-01-01".to_string(), "9999-12-31".to_string())
        } else {
            let m = month_arg(month, settings.fiscal_year_start_month)?;
            (m.first_day().to_string(), m.end().to_string())
        };
        let lines = store::imports::unattributed_lines(&mut conn, &from, &to).await?;
        let items: Vec<_> = lines
            .into_iter()
            .map(|l| {
                let ids = Identifiers {
                    provider: l.provider,
                    api_key_id: l.api_key_id,
                    api_key_name: l.api_key_name,
                    project: l.project_id.or(l.project_name),
                    workspace: l.workspace_id.or(l.workspace_name),
                    tag: first_tag(l.tags_json.as_deref()),
                    workload_code: l.workload_code,
                };
                let currency = l.currency.as_deref().and_then(|c| Currency::parse(c).ok());
                (ids, l.amount_nanos.map(from_nanos), currency)
            })
            .collect();
        Ok(group_unattributed(&items))
    }
}
