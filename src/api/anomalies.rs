//! Day-level spend spikes per service code and per API key.

use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Engine;
use super::ledger::Ledger;
use crate::error::{Error, Result};
use crate::model::anomaly::{Anomaly, BASELINE_DAYS, UsageCell, detect};

/// Where to look, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct AnomalyQuery {
    /// The last day to judge (`YYYY-MM-DD`); blank = today.
    pub as_of: String,
    /// Days to judge, ending on `as_of`; blank = 30.
    pub days: String,
    /// The smallest excess worth reporting, in the base currency; blank = 10.
    pub min_excess: String,
}

/// The spikes found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AnomalyReport {
    /// First day judged.
    #[ts(type = "string")]
    pub from: NaiveDate,
    /// Last day judged.
    #[ts(type = "string")]
    pub through: NaiveDate,
    /// The base currency.
    pub currency: crate::money::Currency,
    /// Spikes, largest excess first.
    pub anomalies: Vec<Anomaly>,
    /// Things the reader should know.
    pub warnings: Vec<String>,
}

impl Engine {
    /// Finds day-level spikes per service code and per API key.
    pub async fn anomalies(&self, query: AnomalyQuery) -> Result<AnomalyReport> {
        let through = super::forecasts::as_of_arg(&query.as_of, self.clock.today())?;
        let days: u64 = match query.days.trim() {
            "" => 30,
            t => t
                .parse()
                .ok()
                .filter(|d| (1..=366).contains(d))
                .ok_or_else(|| {
                    Error::invalid(format!("Days '{t}' is not a number from 1 to 366"))
                })?,
        };
        let min_excess = match query.min_excess.trim() {
            "" => Decimal::TEN,
            t => {
                crate::money::parse_amount(t)
                    .map_err(|_| Error::invalid(format!("Minimum excess '{t}' is not a number")))?
                    .value
            }
        };
        let from = through - Days::new(days - 1);
        let mut conn = self.store.reader().await?;
        let settings = super::settings::load(&mut conn).await?;
        let mut ledger = Ledger::load(
            &mut conn,
            from - Days::new(BASELINE_DAYS as u64),
            through + Days::new(1),
            settings.base_currency,
        )
        .await?;
        let mut cells = Vec::new();
        for i in 0..ledger.lines.len() {
            let l = &ledger.lines[i];
            if l.source_kind != "provider" || l.charge_category != "usage" {
                continue;
            }
            let (Ok(start), Ok(end)) = (
                l.period_start.parse::<NaiveDate>(),
                l.period_end.parse::<NaiveDate>(),
            ) else {
                continue;
            };
            // Only day-level lines say which day spend fell on.
            if (end - start).num_days() > 1 {
                continue;
            }
            let (code, key, model) = (
                l.service_code.clone(),
                l.api_key_name.clone().or_else(|| l.api_key_id.clone()),
                l.model.clone(),
            );
            if let Some(amount) = ledger.amount(i) {
                cells.push(UsageCell {
                    date: start,
                    service_code: code,
                    api_key: key,
                    model,
                    amount,
                });
            }
        }
        Ok(AnomalyReport {
            from,
            through,
            currency: settings.base_currency,
            anomalies: detect(&cells, from, through, min_excess),
            warnings: ledger.unconverted_warnings(),
        })
    }
}
