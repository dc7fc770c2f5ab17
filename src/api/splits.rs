//! Shared-cost splits: how a shared pool divides between service codes on a
//! chosen basis, with the inputs shown.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Engine;
use crate::error::{Error, Result};
use crate::model::split::{SplitBasis, SplitPart, check_percentages, split};
use crate::money::{Currency, from_nanos, parse_amount};

/// A split as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct SplitQuery {
    /// The month whose usage sets the proportions (`2026-10`).
    pub month: String,
    /// `direct`, `tokens`, `requests`, `cost`, `fixed` or `even`.
    pub basis: String,
    /// The amount to split; blank when a line is named.
    pub amount: String,
    /// Its currency; blank = the base currency.
    pub currency: String,
    /// A showback line (its id) whose amount is the pool: finance's shared line.
    pub line_id: String,
    /// Service codes to split between, comma-separated; blank = every code
    /// with usage that month.
    pub codes: String,
    /// For `fixed`: `code=percent` pairs, comma-separated (`a=37,b=63`).
    pub percentages: String,
}

/// A split and what it was made from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SplitResult {
    /// `YYYY-MM`.
    pub month: String,
    /// The pool.
    #[ts(type = "string")]
    pub amount: Decimal,
    /// Its currency.
    pub currency: Currency,
    /// The basis.
    pub basis: SplitBasis,
    /// How the basis reads.
    pub basis_label: String,
    /// Where the pool's amount came from.
    pub pool: String,
    /// The parts; their amounts add up exactly to the pool.
    pub parts: Vec<SplitPart>,
    /// The parts' sum.
    #[ts(type = "string")]
    pub total: Decimal,
    /// How the parts were rounded.
    pub rounding: String,
    /// Things the reader should know.
    pub warnings: Vec<String>,
}

impl Engine {
    /// Models the split of a shared pool between service codes.
    pub async fn split_shared_cost(&self, query: SplitQuery) -> Result<SplitResult> {
        let basis = SplitBasis::parse(&query.basis).ok_or_else(|| {
            Error::invalid(format!(
                "'{}' is not a split basis; use direct, tokens, requests, cost, fixed or even",
                query.basis.trim()
            ))
        })?;
        let (month, mut ledger, settings) = self.month_ledger(&query.month).await?;
        let mut warnings = Vec::new();
        // The pool: a named showback line, or an amount as typed.
        let (mut amount, mut currency, pool) = match query.line_id.trim() {
            "" => {
                let text = query.amount.trim();
                if text.is_empty() && basis != SplitBasis::Direct {
                    return Err(Error::invalid(
                        "Split: give the amount to split, or the id of finance's shared line",
                    ));
                }
                let parsed = if text.is_empty() {
                    None
                } else {
                    Some(parse_amount(text).map_err(|_| {
                        Error::invalid(format!("Split: amount '{text}' is not a number"))
                    })?)
                };
                let currency = match query.currency.trim() {
                    "" => parsed
                        .and_then(|p| p.currency)
                        .unwrap_or(settings.base_currency),
                    t => Currency::parse(t).map_err(|_| {
                        Error::invalid(format!("Split: currency '{t}' is not an ISO 4217 code"))
                    })?,
                };
                (
                    parsed.map(|p| p.value),
                    currency,
                    "the amount entered".to_string(),
                )
            }
            id => {
                let id: i64 = id.parse().map_err(|_| {
                    Error::invalid(format!("Split: line '{id}' is not a line number"))
                })?;
                let line = ledger.lines.iter().find(|l| l.id == id).ok_or_else(|| {
                    Error::not_found(format!("Split: line {id} is not in {month}"))
                })?;
                let (Some(nanos), Some(c)) = (line.amount_nanos, line.currency.as_deref()) else {
                    return Err(Error::invalid(format!("Split: line {id} has no amount")));
                };
                (
                    Some(from_nanos(nanos)),
                    Currency::parse(c).unwrap_or(settings.base_currency),
                    format!(
                        "line {id}: {} ({} sheet '{}' row {})",
                        line.line_item.as_deref().unwrap_or("shared charge"),
                        line.file_name,
                        line.sheet,
                        line.row_number
                    ),
                )
            }
        };
        let wanted: Vec<String> = query
            .codes
            .split(',')
            .map(|c| c.trim().to_lowercase())
            .filter(|c| !c.is_empty())
            .collect();
        let typed: Vec<String> = if basis == SplitBasis::FixedPercent {
            query
                .percentages
                .split(',')
                .filter_map(|p| p.split_once('=').map(|(c, _)| c.trim().to_lowercase()))
                .collect()
        } else {
            wanted.clone()
        };
        {
            let mut conn = self.store.reader().await?;
            for code in &typed {
                if crate::store::org::service_code(&mut conn, code)
                    .await?
                    .is_none()
                {
                    return Err(Error::invalid(format!(
                        "Split: service code '{code}' is not registered"
                    )));
                }
            }
        }
        // Usage per code in the month, from provider evidence.
        let mut usage: BTreeMap<String, (Decimal, Decimal, Decimal)> = BTreeMap::new();
        for i in 0..ledger.lines.len() {
            let l = &ledger.lines[i];
            if l.source_kind != "provider" {
                continue;
            }
            let Some(code) = l.service_code.clone() else {
                continue;
            };
            let tokens: i64 = [
                l.input_tokens,
                l.cached_input_tokens,
                l.cache_write_tokens,
                l.cache_write_1h_tokens,
                l.output_tokens,
            ]
            .iter()
            .flatten()
            .sum();
            let requests = l.requests.unwrap_or(0);
            let cost = ledger.amount(i).unwrap_or_default();
            let e = usage.entry(code).or_default();
            e.0 += Decimal::from(tokens);
            e.1 += Decimal::from(requests);
            e.2 += cost;
        }
        let codes: Vec<String> = if wanted.is_empty() {
            usage.keys().cloned().collect()
        } else {
            wanted
        };
        let weights: Vec<(String, Decimal)> = match basis {
            SplitBasis::FixedPercent => {
                let mut pairs = Vec::new();
                for pair in query
                    .percentages
                    .split(',')
                    .filter(|p| !p.trim().is_empty())
                {
                    let (code, pct) = pair.split_once('=').ok_or_else(|| {
                        Error::invalid(format!("Split: '{}' is not code=percent", pair.trim()))
                    })?;
                    let pct = parse_amount(pct.trim().trim_end_matches('%'))
                        .map_err(|_| {
                            Error::invalid(format!(
                                "Split: percentage '{}' is not a number",
                                pct.trim()
                            ))
                        })?
                        .value;
                    pairs.push((code.trim().to_lowercase(), pct));
                }
                check_percentages(&pairs).map_err(|e| Error::invalid(format!("Split: {e}")))?;
                pairs
            }
            SplitBasis::Even => codes.iter().map(|c| (c.clone(), Decimal::ONE)).collect(),
            SplitBasis::Tokens | SplitBasis::Requests | SplitBasis::Cost | SplitBasis::Direct => {
                codes
                    .iter()
                    .map(|c| {
                        let u = usage.get(c).copied().unwrap_or_default();
                        let w = match basis {
                            SplitBasis::Tokens => u.0,
                            SplitBasis::Requests => u.1,
                            _ => u.2,
                        };
                        (c.clone(), w)
                    })
                    .collect()
            }
        };
        if basis == SplitBasis::Direct {
            // Direct cost is in the base currency: the pool is compared there.
            let base = settings.base_currency;
            let traced: Decimal = weights.iter().map(|(_, w)| *w).sum();
            match amount.map(|a| (a, ledger.convert(a, month, currency))) {
                Some((_, Some(pool))) if pool != traced => warnings.push(format!(
                    "Only {} {} of the pool's {} {} is traced directly to these codes; the rest, {} {}, has no owner under a direct split",
                    base.code(),
                    settings.rounding_rule.round(traced, base),
                    base.code(),
                    settings.rounding_rule.round(pool, base),
                    base.code(),
                    settings.rounding_rule.round(pool - traced, base)
                )),
                Some((a, None)) => warnings.push(format!(
                    "The pool of {} {a} cannot be compared with the direct cost: there is no {}→{} rate for {month}",
                    currency.code(),
                    currency.code(),
                    base.code()
                )),
                _ => {}
            }
            amount = Some(traced);
            currency = base;
        }
        let amount = amount.unwrap_or_default();
        let parts = if basis == SplitBasis::Direct {
            let total: Decimal = weights.iter().map(|(_, w)| *w).sum();
            weights
                .iter()
                .map(|(k, w)| SplitPart {
                    key: k.clone(),
                    weight: w.normalize(),
                    share_percent: if total.is_zero() {
                        Decimal::ZERO
                    } else {
                        (w * Decimal::ONE_HUNDRED / total).round_dp_with_strategy(
                            2,
                            rust_decimal::RoundingStrategy::MidpointAwayFromZero,
                        )
                    },
                    amount: w.normalize(),
                })
                .collect()
        } else {
            split(amount, currency.minor_units(), &weights)
                .map_err(|e| Error::invalid(format!("Split: {e}")))?
        };
        let total = parts.iter().map(|p| p.amount).sum::<Decimal>();
        Ok(SplitResult {
            total,
            month: month.to_string(),
            amount,
            currency,
            basis,
            basis_label: basis.label().to_string(),
            pool,
            parts,
            rounding: format!(
                "largest remainder in whole {} minor units: every part gets the floor of its exact share and the units left over go to the largest remainders, so the parts add up exactly to the pool",
                currency.code()
            ),
            warnings,
        })
    }
}
