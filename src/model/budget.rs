//! Budgets per department or service code, per month or fiscal year, with the
//! alert thresholds they are watched against; and the alerts themselves.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model::month::{FiscalYear, Month};
use crate::money::Currency;

/// What a budget, forecast or readiness check covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ScopeKind {
    /// A department: every service code it owns.
    Department,
    /// One service code.
    ServiceCode,
}

impl ScopeKind {
    /// The stored identifier.
    pub fn id(self) -> &'static str {
        match self {
            ScopeKind::Department => "department",
            ScopeKind::ServiceCode => "service_code",
        }
    }

    /// Reads a stored identifier.
    pub fn parse(text: &str) -> Option<ScopeKind> {
        match text {
            "department" => Some(ScopeKind::Department),
            "service_code" => Some(ScopeKind::ServiceCode),
            _ => None,
        }
    }

    /// How it is named in text.
    pub fn label(self) -> &'static str {
        match self {
            ScopeKind::Department => "department",
            ScopeKind::ServiceCode => "service code",
        }
    }

    /// How it is named at the start of a sentence.
    pub fn title(self) -> &'static str {
        match self {
            ScopeKind::Department => "Department",
            ScopeKind::ServiceCode => "Service code",
        }
    }
}

/// A department or service code.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
pub struct Scope {
    /// Department or service code.
    pub kind: ScopeKind,
    /// The department's name or the code.
    pub key: String,
}

impl std::fmt::Display for Scope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.kind.label(), self.key)
    }
}

/// A month or a fiscal year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum BudgetPeriod {
    /// A calendar month.
    Month(Month),
    /// A fiscal year.
    Year(FiscalYear),
}

impl BudgetPeriod {
    /// Reads `2026-11`, `Nov-26`, `FY27 P08` (a month) or `FY2027`, `FY27`.
    pub fn parse(text: &str, fiscal_start: u32) -> Option<BudgetPeriod> {
        if let Some(fy) = FiscalYear::parse(text, fiscal_start) {
            return Some(BudgetPeriod::Year(fy));
        }
        crate::import::period::parse_month(text, fiscal_start).map(BudgetPeriod::Month)
    }
}

impl std::fmt::Display for BudgetPeriod {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BudgetPeriod::Month(m) => m.fmt(f),
            BudgetPeriod::Year(y) => y.fmt(f),
        }
    }
}

/// The thresholds a budget starts with: 80% and 100%.
pub const DEFAULT_THRESHOLDS: [u32; 2] = [80, 100];

/// A budget.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Budget {
    /// Department or service code.
    pub scope_kind: ScopeKind,
    /// The department's name or the code.
    pub scope: String,
    /// `2026-11` or `FY2027`.
    pub period: String,
    /// The amount.
    #[ts(type = "string")]
    pub amount: Decimal,
    /// Its currency (the base currency when it was set).
    pub currency: Currency,
    /// Alert thresholds, percent of the amount, ascending.
    pub thresholds: Vec<u32>,
    /// When it last changed.
    pub updated_at: String,
    /// Who changed it.
    pub updated_by: String,
}

/// One change to a budget, kept for its history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct BudgetChange {
    /// Department or service code.
    pub scope_kind: ScopeKind,
    /// The department's name or the code.
    pub scope: String,
    /// `2026-11` or `FY2027`.
    pub period: String,
    /// Currency.
    pub currency: Currency,
    /// The amount before (none when the budget was new).
    #[ts(type = "string | null")]
    pub old_amount: Option<Decimal>,
    /// The amount after (none when it was removed).
    #[ts(type = "string | null")]
    pub new_amount: Option<Decimal>,
    /// Thresholds before.
    pub old_thresholds: Option<Vec<u32>>,
    /// Thresholds after.
    pub new_thresholds: Option<Vec<u32>>,
    /// `entered`, or the file it was imported from.
    pub origin: String,
    /// When.
    pub changed_at: String,
    /// Who.
    pub changed_by: String,
}

/// Reads thresholds such as `80, 100` or `50% 80% 100%`: whole percentages from
/// 1 to 1000, sorted, without repeats. Blank gives the defaults.
pub fn parse_thresholds(text: &str) -> Result<Vec<u32>, String> {
    let mut out = Vec::new();
    for part in text
        .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .map(|p| p.trim().trim_end_matches('%').trim())
        .filter(|p| !p.is_empty())
    {
        match part.parse::<u32>() {
            Ok(v) if (1..=1000).contains(&v) => out.push(v),
            _ => {
                return Err(format!(
                    "threshold '{part}' is not a whole percentage from 1 to 1000"
                ));
            }
        }
    }
    if out.is_empty() {
        return Ok(DEFAULT_THRESHOLDS.to_vec());
    }
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

/// What an alert was measured on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AlertBasis {
    /// Spend so far.
    Actual,
    /// The forecast for the period.
    Forecast,
}

impl AlertBasis {
    /// How the basis reads.
    pub fn label(self) -> &'static str {
        match self {
            AlertBasis::Actual => "actual",
            AlertBasis::Forecast => "forecast",
        }
    }
}

/// A threshold crossed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Alert {
    /// Department or service code.
    pub scope_kind: ScopeKind,
    /// Its name or code.
    pub scope: String,
    /// `2026-11` or `FY2027`.
    pub period: String,
    /// Actual or forecast.
    pub basis: AlertBasis,
    /// The highest threshold crossed, percent.
    pub threshold: u32,
    /// The amount measured.
    #[ts(type = "string")]
    pub amount: Decimal,
    /// The budget.
    #[ts(type = "string")]
    pub budget: Decimal,
    /// Amount ÷ budget, percent, one decimal place.
    #[ts(type = "string")]
    pub percent_of_budget: Decimal,
    /// Whether the budget itself (100% or more) is passed.
    pub over_budget: bool,
    /// What to tell the owner.
    pub message: String,
}

/// The alerts a budget raises on its actual and its forecast: for each, the
/// highest threshold reached (at or above it).
pub fn alerts_for(
    scope_kind: ScopeKind,
    scope: &str,
    period: &str,
    budget: Decimal,
    thresholds: &[u32],
    actual: Decimal,
    forecast: Option<Decimal>,
) -> Vec<Alert> {
    if budget <= Decimal::ZERO {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (basis, amount) in [
        (AlertBasis::Actual, Some(actual)),
        (AlertBasis::Forecast, forecast),
    ] {
        let Some(amount) = amount else { continue };
        let percent = amount * Decimal::ONE_HUNDRED / budget;
        let Some(&threshold) = thresholds
            .iter()
            .filter(|&&t| percent >= Decimal::from(t))
            .max()
        else {
            continue;
        };
        let shown =
            percent.round_dp_with_strategy(1, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
        let message = match basis {
            AlertBasis::Actual => format!(
                "{} {scope}: spend in {period} has reached {shown}% of its budget (threshold {threshold}%)",
                scope_kind.title()
            ),
            AlertBasis::Forecast => format!(
                "{} {scope}: the forecast for {period} is {shown}% of its budget (threshold {threshold}%)",
                scope_kind.title()
            ),
        };
        out.push(Alert {
            scope_kind,
            scope: scope.to_string(),
            period: period.to_string(),
            basis,
            threshold,
            amount,
            budget,
            percent_of_budget: shown,
            over_budget: percent >= Decimal::ONE_HUNDRED,
            message,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::dec;

    #[test]
    fn thresholds_read_and_default() {
        assert_eq!(parse_thresholds(""), Ok(vec![80, 100]));
        assert_eq!(parse_thresholds("100%, 50% 80"), Ok(vec![50, 80, 100]));
        assert!(parse_thresholds("80, x").unwrap_err().contains("'x'"));
        assert!(parse_thresholds("0").is_err());
    }

    #[test]
    fn periods_read_as_months_or_fiscal_years() {
        assert_eq!(
            BudgetPeriod::parse("Nov-26", 4).unwrap().to_string(),
            "2026-11"
        );
        assert_eq!(
            BudgetPeriod::parse("FY27", 4).unwrap().to_string(),
            "FY2027"
        );
        assert!(BudgetPeriod::parse("next year", 4).is_none());
    }

    #[test]
    fn alerts_report_the_highest_threshold_on_each_basis() {
        let a = alerts_for(
            ScopeKind::Department,
            "Claims",
            "2026-11",
            dec!(1000),
            &[50, 80, 100],
            dec!(820),
            Some(dec!(1150)),
        );
        assert_eq!(a.len(), 2);
        assert_eq!((a[0].basis, a[0].threshold), (AlertBasis::Actual, 80));
        assert!(!a[0].over_budget);
        assert_eq!((a[1].basis, a[1].threshold), (AlertBasis::Forecast, 100));
        assert_eq!(a[1].percent_of_budget, dec!(115.0));
        assert!(a[1].message.starts_with("Department Claims: the forecast"));
        let none = alerts_for(
            ScopeKind::ServiceCode,
            "x",
            "2026-11",
            dec!(1000),
            &[80],
            dec!(100),
            None,
        );
        assert!(none.is_empty());
    }
}
