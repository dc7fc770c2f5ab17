//! Reviews across the register, the value portfolio, and optimisation hints.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;
use serde::Serialize;
use ts_rs::TS;

use super::Engine;
use super::ledger::Ledger;
use crate::error::Result;
use crate::model::budget::ScopeKind;
use crate::model::month::Month;
use crate::model::price::PriceBook;
use crate::model::provider::Provider;
use crate::model::review::{
    CodeFacts, Hint, IdleExperiment, ModelClass, PortfolioFacts, PortfolioPoint, Promotion,
    ReviewDue, UsageFacts, due, hints, idle, portfolio, promotions,
};
use crate::model::service_code::CodeStatus;
use crate::model::value::HypothesisStatus;
use crate::money::Currency;
use crate::store;

/// Closed months the portfolio and the hints look at.
const RECENT_MONTHS: i32 = 3;

/// What needs the owner's attention.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Reviews {
    /// Today, as the engine's clock has it.
    #[ts(type = "string")]
    pub as_of: NaiveDate,
    /// Reviews due within 30 days or overdue.
    pub due: Vec<ReviewDue>,
    /// Experiments with no spend for 60 days: candidates to retire.
    pub idle: Vec<IdleExperiment>,
    /// Each active code's stage-promotion checklist.
    pub promotions: Vec<Promotion>,
    /// Hints drawn from the last three closed months' usage.
    pub hints: Vec<Hint>,
}

/// The value portfolio.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Portfolio {
    /// The months the aggregate cost covers, e.g. `2026-08 to 2026-10`.
    pub period: String,
    /// The base currency.
    pub currency: Currency,
    /// One point per active code, largest aggregate cost first.
    pub points: Vec<PortfolioPoint>,
    /// The portfolio chart (SVG).
    pub chart_svg: String,
}

impl Engine {
    /// Reviews due, idle experiments, promotion checklists and hints, as of today.
    pub async fn reviews(&self) -> Result<Reviews> {
        let today = self.clock.today();
        let mut conn = self.store.reader().await?;
        let settings = super::settings::load(&mut conn).await?;
        let codes: Vec<_> = store::org::list_service_codes(&mut conn)
            .await?
            .into_iter()
            .filter(|c| c.status == CodeStatus::Active)
            .collect();
        let budgets = store::budgets::list(&mut conn).await?;
        let hypotheses: Vec<_> = store::value::list(&mut conn)
            .await?
            .into_iter()
            .filter(|h| h.status != HypothesisStatus::Retired)
            .collect();
        let mut outcome_months = BTreeMap::new();
        for h in &hypotheses {
            outcome_months.insert(h.id, store::value::outcomes(&mut conn, h.id).await?.len());
        }
        let month = Month::of(today);
        let recent_from = month.plus(-RECENT_MONTHS);
        let mut ledger = Ledger::load(
            &mut conn,
            today - Days::new(365),
            today + Days::new(1),
            settings.base_currency,
        )
        .await?;
        let book = PriceBook::new(store::prices::list(&mut conn).await?);
        let mut last_spend: BTreeMap<String, NaiveDate> = BTreeMap::new();
        let mut usage: BTreeMap<String, UsageFacts> = BTreeMap::new();
        for i in 0..ledger.lines.len() {
            let line = &ledger.lines[i];
            let (Some(code), Ok(day)) = (
                line.service_code.clone(),
                line.period_start.parse::<NaiveDate>(),
            ) else {
                continue;
            };
            let last = last_spend.entry(code.clone()).or_insert(day);
            *last = (*last).max(day);
            let m = Month::of(day);
            if line.source_kind != "provider" || m < recent_from || m >= month {
                continue;
            }
            let premium = match (
                line.provider.as_deref().and_then(Provider::parse),
                &line.model,
            ) {
                (Some(p), Some(model)) => book
                    .entry_for(p, model, "standard", day)
                    .is_ok_and(|e| ModelClass::of_output_price(e.output) == ModelClass::Premium),
                _ => false,
            };
            let (cached, input, requests) = (
                line.cached_input_tokens.unwrap_or(0),
                line.input_tokens.unwrap_or(0),
                line.requests.unwrap_or(0),
            );
            let Some(amount) = ledger.amount(i) else {
                continue;
            };
            let u = usage.entry(code.clone()).or_insert_with(|| UsageFacts {
                service_code: code.clone(),
                ..UsageFacts::default()
            });
            u.cost += amount;
            if premium {
                u.premium_cost += amount;
            }
            u.cached_tokens += cached;
            u.input_tokens += input;
            let e = u.by_month.entry(m.to_string()).or_default();
            e.0 += amount;
            e.1 += requests;
        }
        let facts: Vec<CodeFacts> = codes
            .iter()
            .map(|c| CodeFacts {
                service_code: c.code.clone(),
                stage: c.stage,
                review_date: c.review_date,
                has_cap: c.budget_cap.is_some(),
                thresholds: budgets
                    .iter()
                    .find(|b| b.scope_kind == ScopeKind::ServiceCode && b.scope == c.code)
                    .map(|b| b.thresholds.clone()),
                hypotheses: hypotheses
                    .iter()
                    .filter(|h| h.service_code == c.code)
                    .map(|h| (h.id, outcome_months.get(&h.id).copied().unwrap_or(0)))
                    .collect(),
                last_spend: last_spend.get(&c.code).copied(),
            })
            .collect();
        let mut all_hints = Vec::new();
        for c in &codes {
            if let Some(u) = usage.get_mut(&c.code) {
                u.model_tier = c.model_tier.as_str().to_string();
                all_hints.extend(hints(u));
            }
        }
        let hypothesis_reviews: Vec<(i64, String, NaiveDate)> = hypotheses
            .iter()
            .map(|h| (h.id, h.service_code.clone(), h.review_date))
            .collect();
        Ok(Reviews {
            as_of: today,
            due: due(&facts, &hypothesis_reviews, today),
            idle: idle(&facts, today),
            promotions: promotions(&facts),
            hints: all_hints,
        })
    }

    /// Every active code's aggregate AI cost over the last three closed months
    /// against its latest cost per outcome, placed in a quadrant.
    pub async fn value_portfolio(&self) -> Result<Portfolio> {
        let today = self.clock.today();
        let month = Month::of(today);
        let (first, last) = (month.plus(-RECENT_MONTHS), month.plus(-1));
        let mut conn = self.store.reader().await?;
        let settings = super::settings::load(&mut conn).await?;
        let codes: Vec<String> = store::org::list_service_codes(&mut conn)
            .await?
            .into_iter()
            .filter(|c| c.status == CodeStatus::Active)
            .map(|c| c.code)
            .collect();
        let hypotheses: Vec<_> = store::value::list(&mut conn)
            .await?
            .into_iter()
            .filter(|h| h.status != HypothesisStatus::Retired)
            .collect();
        let mut ledger = Ledger::load_daily(
            &mut conn,
            first.first_day(),
            last.end(),
            settings.base_currency,
        )
        .await?;
        drop(conn);
        let mut cost: BTreeMap<String, Decimal> = BTreeMap::new();
        for i in 0..ledger.lines.len() {
            if ledger.lines[i].source_kind != "provider" {
                continue;
            }
            let Some(code) = ledger.lines[i].service_code.clone() else {
                continue;
            };
            if let Some(a) = ledger.amount(i) {
                *cost.entry(code).or_default() += a;
            }
        }
        let mut facts = Vec::new();
        for code in codes {
            let mut measured = None;
            for h in hypotheses.iter().filter(|h| h.service_code == code) {
                let report = self.value_report(h.id, "provider", "").await?;
                if let Some(per) = report
                    .months
                    .iter()
                    .rev()
                    .filter(|m| m.counts)
                    .find_map(|m| m.total_per_outcome)
                {
                    measured = Some((per, h.baseline_cost));
                    break;
                }
            }
            facts.push(PortfolioFacts {
                aggregate_cost: cost.get(&code).copied().unwrap_or_default(),
                service_code: code,
                measured,
            });
        }
        let points = portfolio(&facts);
        let chart_svg = crate::chart::portfolio_chart(&points, settings.base_currency)?;
        Ok(Portfolio {
            period: format!("{first} to {last}"),
            currency: settings.base_currency,
            points,
            chart_svg,
        })
    }
}
