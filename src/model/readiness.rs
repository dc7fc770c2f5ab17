//! Chargeback readiness: whether a department or service code is ready to be
//! charged back rather than only shown back, as a checklist.
//!
//! The checks: at least 90% of its spend attributed to service codes; at least
//! six months of finance's showback history; its service codes past
//! exploration (pilot or production); a budget for the current month or fiscal
//! year; and alert thresholds on that budget.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;
use ts_rs::TS;

use crate::model::budget::Scope;
use crate::model::service_code::Stage;

/// Attribution coverage needed, percent.
pub const MIN_COVERAGE_PERCENT: Decimal = Decimal::from_parts(90, 0, 0, false, 0);
/// Months of showback history needed.
pub const MIN_SHOWBACK_MONTHS: u32 = 6;

/// What the checklist is judged on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadinessFacts {
    /// The department or code.
    pub scope: Scope,
    /// Spend attributed to a service code (base currency, recent months).
    pub attributed: Decimal,
    /// All spend known to belong to the scope, attributed or not.
    pub total: Decimal,
    /// The months the coverage was measured over, e.g. `2026-09 to 2026-11`.
    pub coverage_period: String,
    /// Months with showback lines for the scope.
    pub showback_months: u32,
    /// `(code, stage)` for the scope's active codes.
    pub stages: Vec<(String, Stage)>,
    /// The budget found for the current month or year, if any: its period.
    pub budget_period: Option<String>,
    /// Its alert thresholds.
    pub thresholds: Vec<u32>,
}

/// One item of the checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ReadinessCheck {
    /// `attribution`, `history`, `stage`, `budget`, `alerts`.
    pub item: String,
    /// Whether it passes.
    pub passed: bool,
    /// What was found, in words.
    pub detail: String,
}

/// A scope's checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Readiness {
    /// The department or code.
    pub scope: Scope,
    /// Every check passes.
    pub ready: bool,
    /// The checks.
    pub checks: Vec<ReadinessCheck>,
}

/// Judges the checklist.
pub fn assess(facts: &ReadinessFacts) -> Readiness {
    let mut checks = Vec::new();
    let coverage = (!facts.total.is_zero()).then(|| {
        (facts.attributed * Decimal::ONE_HUNDRED / facts.total)
            .round_dp_with_strategy(1, RoundingStrategy::ToZero)
    });
    checks.push(ReadinessCheck {
        item: "attribution".into(),
        passed: coverage.is_some_and(|c| c >= MIN_COVERAGE_PERCENT),
        detail: match coverage {
            Some(c) => format!(
                "{c}% of spend attributed to service codes ({}; {}% needed)",
                facts.coverage_period, MIN_COVERAGE_PERCENT
            ),
            None => format!("no spend on record ({})", facts.coverage_period),
        },
    });
    checks.push(ReadinessCheck {
        item: "history".into(),
        passed: facts.showback_months >= MIN_SHOWBACK_MONTHS,
        detail: format!(
            "{} month(s) of showback history ({MIN_SHOWBACK_MONTHS} needed)",
            facts.showback_months
        ),
    });
    let exploring: Vec<&str> = facts
        .stages
        .iter()
        .filter(|(_, s)| *s == Stage::Exploration)
        .map(|(c, _)| c.as_str())
        .collect();
    checks.push(ReadinessCheck {
        item: "stage".into(),
        passed: !facts.stages.is_empty() && exploring.is_empty(),
        detail: if facts.stages.is_empty() {
            "no active service code".into()
        } else if exploring.is_empty() {
            format!(
                "{} active code(s), all in pilot or production",
                facts.stages.len()
            )
        } else {
            format!("still in exploration: {}", exploring.join(", "))
        },
    });
    checks.push(ReadinessCheck {
        item: "budget".into(),
        passed: facts.budget_period.is_some(),
        detail: match &facts.budget_period {
            Some(p) => format!("budget set for {p}"),
            None => "no budget for the current month or fiscal year".into(),
        },
    });
    let has_thresholds = facts.budget_period.is_some() && !facts.thresholds.is_empty();
    checks.push(ReadinessCheck {
        item: "alerts".into(),
        passed: has_thresholds,
        detail: if has_thresholds {
            let t: Vec<String> = facts.thresholds.iter().map(|t| format!("{t}%")).collect();
            format!("alert thresholds {}", t.join(", "))
        } else {
            "no alert thresholds (they come with a budget)".into()
        },
    });
    Readiness {
        scope: facts.scope.clone(),
        ready: checks.iter().all(|c| c.passed),
        checks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::budget::ScopeKind;
    use rust_decimal::dec;

    fn facts() -> ReadinessFacts {
        ReadinessFacts {
            scope: Scope {
                kind: ScopeKind::Department,
                key: "Claims".into(),
            },
            attributed: dec!(905),
            total: dec!(1000),
            coverage_period: "2026-09 to 2026-11".into(),
            showback_months: 6,
            stages: vec![("claims-triage".into(), Stage::Production)],
            budget_period: Some("2026-11".into()),
            thresholds: vec![80, 100],
        }
    }

    #[test]
    fn every_check_passing_is_ready() {
        let r = assess(&facts());
        assert!(r.ready, "{r:#?}");
        assert_eq!(r.checks[0].detail.split('%').next(), Some("90.5"));
    }

    #[test]
    fn each_gap_is_named() {
        let mut f = facts();
        f.attributed = dec!(899.99);
        f.showback_months = 5;
        f.stages.push(("claims-poc".into(), Stage::Exploration));
        f.budget_period = None;
        let r = assess(&f);
        assert!(!r.ready);
        let failed: Vec<&str> = r
            .checks
            .iter()
            .filter(|c| !c.passed)
            .map(|c| c.item.as_str())
            .collect();
        assert_eq!(
            failed,
            vec!["attribution", "history", "stage", "budget", "alerts"]
        );
        assert!(r.checks[2].detail.contains("claims-poc"));
    }
}
