//! Reconciling what finance charged (the showback) with what the providers'
//! exports say was used, for one month, per service code or per department.
//!
//! Both sides are in the base currency at the month's FX rate. Variance is
//! showback minus provider: positive means finance charged more than the
//! evidence shows. A variance is within tolerance when its size is at most the
//! larger of the percentage tolerance (of the provider side) and the amount
//! tolerance; beyond it the row is a dispute candidate. Variance percentages
//! are rounded half away from zero to two places, for reading.

use std::collections::BTreeMap;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// How to group the two sides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ReconcileBy {
    /// Per service code.
    ServiceCode,
    /// Per department.
    Department,
}

/// Which side a line is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// Finance's showback.
    Showback,
    /// Provider evidence.
    Provider,
}

impl Side {
    /// How the side reads.
    pub fn label(self) -> &'static str {
        match self {
            Side::Showback => "finance",
            Side::Provider => "provider",
        }
    }
}

/// A line as reconciliation needs it, already in the base currency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReconcileItem {
    /// Showback or provider.
    pub side: Side,
    /// The group key: service code or department; `None` when unattributed.
    pub key: Option<String>,
    /// Amount in the base currency.
    pub amount: Decimal,
}

/// Tolerances.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tolerance {
    /// Percent of the provider side.
    pub percent: Decimal,
    /// Amount in the base currency.
    pub amount: Decimal,
}

/// One row of the reconciliation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReconcileRow {
    /// Service code or department; `(unattributed)` when lines carry neither.
    pub key: String,
    /// Finance's charge.
    #[ts(type = "string")]
    pub showback: Decimal,
    /// Provider evidence.
    #[ts(type = "string")]
    pub provider: Decimal,
    /// Showback minus provider.
    #[ts(type = "string")]
    pub variance: Decimal,
    /// Variance as a percentage of the provider side (none when it is zero).
    #[ts(type = "string | null")]
    pub variance_percent: Option<Decimal>,
    /// The tolerance that applied, as an amount.
    #[ts(type = "string")]
    pub tolerance: Decimal,
    /// Whether the variance is within it.
    pub within_tolerance: bool,
    /// Beyond tolerance: a candidate for a chargeback dispute.
    pub dispute_candidate: bool,
    /// Showback lines counted.
    pub showback_lines: u64,
    /// Provider lines counted.
    pub provider_lines: u64,
}

/// Unattributed key.
pub const UNATTRIBUTED: &str = "(unattributed)";

/// Reconciles the items, one row per key, largest absolute variance first.
pub fn reconcile(items: &[ReconcileItem], tolerance: Tolerance) -> Vec<ReconcileRow> {
    let mut groups: BTreeMap<String, (Decimal, Decimal, u64, u64)> = BTreeMap::new();
    for item in items {
        let g = groups
            .entry(item.key.clone().unwrap_or_else(|| UNATTRIBUTED.to_string()))
            .or_default();
        match item.side {
            Side::Showback => {
                g.0 += item.amount;
                g.2 += 1;
            }
            Side::Provider => {
                g.1 += item.amount;
                g.3 += 1;
            }
        }
    }
    let mut rows: Vec<ReconcileRow> = groups
        .into_iter()
        .map(|(key, (showback, provider, sl, pl))| row(key, showback, provider, sl, pl, tolerance))
        .collect();
    rows.sort_by(|a, b| {
        b.variance
            .abs()
            .cmp(&a.variance.abs())
            .then_with(|| a.key.cmp(&b.key))
    });
    rows
}

/// A row for the totals of both sides.
pub fn total_row(rows: &[ReconcileRow], tolerance: Tolerance) -> ReconcileRow {
    let showback = rows.iter().map(|r| r.showback).sum();
    let provider = rows.iter().map(|r| r.provider).sum();
    row(
        "Total".into(),
        showback,
        provider,
        rows.iter().map(|r| r.showback_lines).sum(),
        rows.iter().map(|r| r.provider_lines).sum(),
        tolerance,
    )
}

fn row(
    key: String,
    showback: Decimal,
    provider: Decimal,
    showback_lines: u64,
    provider_lines: u64,
    tolerance: Tolerance,
) -> ReconcileRow {
    let variance = showback - provider;
    let allowed = (provider.abs() * tolerance.percent / Decimal::ONE_HUNDRED).max(tolerance.amount);
    let within = variance.abs() <= allowed;
    ReconcileRow {
        key,
        showback: showback.normalize(),
        provider: provider.normalize(),
        variance: variance.normalize(),
        variance_percent: (!provider.is_zero()).then(|| {
            let mut p = (variance * Decimal::ONE_HUNDRED / provider)
                .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
            p.rescale(2);
            p
        }),
        tolerance: allowed.normalize(),
        within_tolerance: within,
        dispute_candidate: !within,
        showback_lines,
        provider_lines,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::dec;

    fn item(side: Side, key: &str, amount: Decimal) -> ReconcileItem {
        ReconcileItem {
            side,
            key: (!key.is_empty()).then(|| key.to_string()),
            amount,
        }
    }

    #[test]
    fn variance_tolerance_and_dispute_candidates() {
        let t = Tolerance {
            percent: dec!(2),
            amount: dec!(1),
        };
        let rows = reconcile(
            &[
                item(Side::Showback, "claims", dec!(1050)),
                item(Side::Provider, "claims", dec!(600)),
                item(Side::Provider, "claims", dec!(400)),
                item(Side::Showback, "chat", dec!(101.50)),
                item(Side::Provider, "chat", dec!(100)),
                item(Side::Showback, "", dec!(20)),
            ],
            t,
        );
        assert_eq!(rows[0].key, "claims");
        assert_eq!(rows[0].variance, dec!(50));
        assert_eq!(rows[0].variance_percent, Some(dec!(5.00)));
        assert_eq!(rows[0].tolerance, dec!(20));
        assert!(rows[0].dispute_candidate);
        assert_eq!((rows[0].showback_lines, rows[0].provider_lines), (1, 2));
        assert_eq!(rows[1].key, UNATTRIBUTED);
        assert_eq!(rows[1].variance_percent, None);
        assert!(rows[1].dispute_candidate);
        // 1.50 is over 2% of 100 (2.00)? No: within.
        assert_eq!(rows[2].key, "chat");
        assert!(rows[2].within_tolerance);
        let total = total_row(&rows, t);
        assert_eq!(total.variance, dec!(71.50));
    }
}
