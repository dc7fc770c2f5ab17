//! Value hypotheses and unit economics: what a service code is expected to
//! achieve per outcome, and whether the months so far bear it out.
//!
//! A hypothesis says "AI summaries cut cost per resolved case from £6.10 to
//! below £4.50": an outcome unit, a baseline cost per outcome without AI, a
//! target with it, the other costs per outcome that remain with AI (review
//! time, licences), an expected monthly volume and a review date. Each month,
//! AI cost per outcome = attributed AI cost ÷ outcomes; fully loaded adds the
//! code's share of shared costs; net benefit = (baseline − fully loaded AI cost
//! per outcome − other costs per outcome) × outcomes.
//!
//! Rounding: per-outcome figures are kept exact to 9 places (the storage
//! quantum, half away from zero); they are rounded to the currency's minor
//! unit only where shown.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model::month::Month;
use crate::money::{Currency, quantize_for_storage};

/// Outcomes a month needs before its cost per outcome counts as evidence.
pub const MIN_OUTCOMES_PER_MONTH: u64 = 30;
/// Months of evidence a verdict other than "insufficient data" needs.
pub const MIN_MONTHS: usize = 2;
/// Consecutive months at or below target that validate a hypothesis.
pub const VALIDATING_MONTHS: usize = 3;

/// Where a hypothesis stands, as its owner records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum HypothesisStatus {
    /// Written down, not yet measured.
    Proposed,
    /// Outcomes are being recorded.
    Measuring,
    /// The data bears it out.
    Validated,
    /// Moving away from its target.
    AtRisk,
    /// The data contradicts it.
    Refuted,
    /// No longer tracked.
    Retired,
}

impl HypothesisStatus {
    /// Reads `proposed`, `measuring`, `validated`, `at-risk`, `refuted`, `retired`.
    pub fn parse(text: &str) -> Option<HypothesisStatus> {
        match text.trim().to_lowercase().replace(['-', ' '], "_").as_str() {
            "proposed" => Some(HypothesisStatus::Proposed),
            "measuring" => Some(HypothesisStatus::Measuring),
            "validated" => Some(HypothesisStatus::Validated),
            "at_risk" => Some(HypothesisStatus::AtRisk),
            "refuted" => Some(HypothesisStatus::Refuted),
            "retired" => Some(HypothesisStatus::Retired),
            _ => None,
        }
    }

    /// The stored identifier.
    pub fn id(self) -> &'static str {
        match self {
            HypothesisStatus::Proposed => "proposed",
            HypothesisStatus::Measuring => "measuring",
            HypothesisStatus::Validated => "validated",
            HypothesisStatus::AtRisk => "at_risk",
            HypothesisStatus::Refuted => "refuted",
            HypothesisStatus::Retired => "retired",
        }
    }
}

/// What the owner decided at review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// Keep going as is.
    Continue,
    /// Roll out further.
    Scale,
    /// Keep, but bring the cost down.
    Optimise,
    /// Stop the workload.
    Stop,
}

impl Decision {
    /// Reads `continue`, `scale`, `optimise` (or `optimize`), `stop`.
    pub fn parse(text: &str) -> Option<Decision> {
        match text.trim().to_lowercase().as_str() {
            "continue" => Some(Decision::Continue),
            "scale" => Some(Decision::Scale),
            "optimise" | "optimize" => Some(Decision::Optimise),
            "stop" => Some(Decision::Stop),
            _ => None,
        }
    }

    /// The stored identifier.
    pub fn id(self) -> &'static str {
        match self {
            Decision::Continue => "continue",
            Decision::Scale => "scale",
            Decision::Optimise => "optimise",
            Decision::Stop => "stop",
        }
    }
}

/// How the benefit is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum BenefitMeasure {
    /// Money not spent: the net benefit in the currency.
    CostAvoided,
    /// Staff hours freed: hours per outcome × outcomes, beside the net benefit.
    HoursSaved,
}

impl BenefitMeasure {
    /// Reads `cost-avoided` or `hours-saved`.
    pub fn parse(text: &str) -> Option<BenefitMeasure> {
        match text.trim().to_lowercase().replace(['-', ' '], "_").as_str() {
            "" | "cost_avoided" | "cost" => Some(BenefitMeasure::CostAvoided),
            "hours_saved" | "hours" => Some(BenefitMeasure::HoursSaved),
            _ => None,
        }
    }

    /// The stored identifier.
    pub fn id(self) -> &'static str {
        match self {
            BenefitMeasure::CostAvoided => "cost_avoided",
            BenefitMeasure::HoursSaved => "hours_saved",
        }
    }
}

/// A value hypothesis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Hypothesis {
    /// Stable id.
    pub id: i64,
    /// The service code it is about.
    pub service_code: String,
    /// The claim, in the owner's words.
    pub statement: String,
    /// What one outcome is: `resolved case`, `processed invoice`.
    pub outcome_unit: String,
    /// The currency of the per-outcome figures.
    pub currency: Currency,
    /// Cost per outcome without AI.
    #[ts(type = "string")]
    pub baseline_cost: Decimal,
    /// Target cost per outcome with AI (AI cost plus other costs).
    #[ts(type = "string")]
    pub target_cost: Decimal,
    /// Costs per outcome that remain with AI besides the AI bill.
    #[ts(type = "string")]
    pub other_cost: Decimal,
    /// Outcomes expected per month.
    pub expected_volume: u64,
    /// How the benefit is counted.
    pub benefit_measure: BenefitMeasure,
    /// With hours saved: hours saved per outcome.
    #[ts(type = "string | null")]
    pub hours_per_outcome: Option<Decimal>,
    /// Who owns the claim.
    pub owner: String,
    /// First month measured (`YYYY-MM`).
    pub start_month: String,
    /// When it is reviewed.
    #[ts(type = "string")]
    pub review_date: NaiveDate,
    /// Where it stands.
    pub status: HypothesisStatus,
    /// The decision at its latest review.
    pub decision: Option<Decision>,
    /// Why.
    pub decision_reason: Option<String>,
    /// When it was written down.
    pub created_at: String,
    /// When it last changed.
    pub updated_at: String,
}

/// One month's cost side for a hypothesis, in its currency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthCost {
    /// The month.
    pub month: Month,
    /// The AI cost attributed to the service code (on the chosen side).
    pub ai_cost: Decimal,
    /// The code's share of shared costs (gateways, commitments).
    pub shared_cost: Decimal,
    /// Whether any cost line for the code is on record that month (a month
    /// without one is missing data, not free).
    pub recorded: bool,
}

/// One month's measures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct MonthMeasure {
    /// `YYYY-MM`.
    pub month: String,
    /// Outcomes recorded.
    pub outcomes: u64,
    /// AI cost attributed to the code.
    #[ts(type = "string")]
    pub ai_cost: Decimal,
    /// Its share of shared costs.
    #[ts(type = "string")]
    pub shared_cost: Decimal,
    /// AI cost ÷ outcomes (none without outcomes).
    #[ts(type = "string | null")]
    pub ai_cost_per_outcome: Option<Decimal>,
    /// (AI cost + shared cost) ÷ outcomes.
    #[ts(type = "string | null")]
    pub fully_loaded_per_outcome: Option<Decimal>,
    /// Fully loaded AI cost per outcome + other costs per outcome: what the
    /// target is compared with.
    #[ts(type = "string | null")]
    pub total_per_outcome: Option<Decimal>,
    /// (Baseline − total per outcome) × outcomes.
    #[ts(type = "string | null")]
    pub net_benefit: Option<Decimal>,
    /// With hours saved: hours per outcome × outcomes.
    #[ts(type = "string | null")]
    pub hours_saved: Option<Decimal>,
    /// Whether the code's cost is on record for the month.
    pub cost_recorded: bool,
    /// Whether the month counts as evidence: enough outcomes and its cost on
    /// record.
    pub counts: bool,
}

/// The verdict on a hypothesis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum VerdictKind {
    /// Too few outcomes or months to say.
    InsufficientData,
    /// Heading for the target.
    OnTrack,
    /// Moving away from the target for two months.
    AtRisk,
    /// At or below target for three months.
    Validated,
    /// At or above the baseline for three months, or past review without reaching target.
    Refuted,
}

impl VerdictKind {
    /// How the verdict reads.
    pub fn label(self) -> &'static str {
        match self {
            VerdictKind::InsufficientData => "insufficient data",
            VerdictKind::OnTrack => "on track",
            VerdictKind::AtRisk => "at risk",
            VerdictKind::Validated => "validated",
            VerdictKind::Refuted => "refuted",
        }
    }
}

/// A verdict and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Verdict {
    /// The verdict.
    pub kind: VerdictKind,
    /// The reason, with the numbers.
    pub reason: String,
}

/// A hypothesis measured month by month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ValueReport {
    /// The hypothesis.
    pub hypothesis: Hypothesis,
    /// Which cost side was used: `showback` or `provider`.
    pub cost_side: String,
    /// Month by month from the start month.
    pub months: Vec<MonthMeasure>,
    /// Net benefit over the months that count.
    #[ts(type = "string")]
    pub total_net_benefit: Decimal,
    /// The verdict.
    pub verdict: Verdict,
}

fn per(amount: Decimal, outcomes: u64) -> Option<Decimal> {
    (outcomes > 0).then(|| quantize_for_storage(amount / Decimal::from(outcomes)).normalize())
}

/// Measures a hypothesis: one row per month from its start month through
/// `through`, with the outcomes and costs recorded for them.
pub fn measure(
    hypothesis: &Hypothesis,
    cost_side: &str,
    outcomes: &[(Month, u64)],
    costs: &[MonthCost],
    through: Month,
    today: NaiveDate,
) -> ValueReport {
    let start = Month::parse_iso(&hypothesis.start_month).unwrap_or(through);
    let mut months = Vec::new();
    let mut m = start;
    while m <= through {
        let count = outcomes
            .iter()
            .filter(|(om, _)| *om == m)
            .map(|(_, n)| *n)
            .sum::<u64>();
        let cost = costs.iter().find(|c| c.month == m);
        let recorded = cost.is_some_and(|c| c.recorded);
        let ai_cost = cost.map_or(Decimal::ZERO, |c| c.ai_cost);
        let shared_cost = cost.map_or(Decimal::ZERO, |c| c.shared_cost);
        let fully = per(ai_cost + shared_cost, count);
        let total = fully.map(|f| f + hypothesis.other_cost);
        months.push(MonthMeasure {
            month: m.to_string(),
            outcomes: count,
            ai_cost: ai_cost.normalize(),
            shared_cost: shared_cost.normalize(),
            ai_cost_per_outcome: per(ai_cost, count),
            fully_loaded_per_outcome: fully,
            total_per_outcome: total.map(|t| t.normalize()),
            net_benefit: total.map(|t| {
                quantize_for_storage((hypothesis.baseline_cost - t) * Decimal::from(count))
                    .normalize()
            }),
            hours_saved: match (hypothesis.benefit_measure, hypothesis.hours_per_outcome) {
                (BenefitMeasure::HoursSaved, Some(h)) if count > 0 => {
                    Some((h * Decimal::from(count)).normalize())
                }
                _ => None,
            },
            cost_recorded: recorded,
            counts: count >= MIN_OUTCOMES_PER_MONTH && recorded,
        });
        m = m.plus(1);
    }
    let total_net_benefit = months
        .iter()
        .filter(|x| x.counts)
        .filter_map(|x| x.net_benefit)
        .sum::<Decimal>()
        .normalize();
    let verdict = judge(hypothesis, &months, today);
    ValueReport {
        hypothesis: hypothesis.clone(),
        cost_side: cost_side.to_string(),
        months,
        total_net_benefit,
        verdict,
    }
}

/// The verdict, from the months that count (enough outcomes), newest last.
pub fn judge(hypothesis: &Hypothesis, months: &[MonthMeasure], today: NaiveDate) -> Verdict {
    let c = hypothesis.currency.code();
    let evidence: Vec<(&str, Decimal)> = months
        .iter()
        .filter(|m| m.counts)
        .filter_map(|m| m.total_per_outcome.map(|t| (m.month.as_str(), t)))
        .collect();
    if evidence.len() < MIN_MONTHS {
        return Verdict {
            kind: VerdictKind::InsufficientData,
            reason: format!(
                "{} month(s) with at least {MIN_OUTCOMES_PER_MONTH} {}s and their cost on record; {MIN_MONTHS} are needed",
                evidence.len(),
                hypothesis.outcome_unit
            ),
        };
    }
    // Reasons show amounts to the currency's minor unit, half away from zero.
    let show = |v: Decimal| {
        format!(
            "{c} {}",
            crate::money::RoundingRule::HalfAwayFromZero.round(v, hypothesis.currency)
        )
    };
    let target = hypothesis.target_cost;
    let baseline = hypothesis.baseline_cost;
    let last = |n: usize| &evidence[evidence.len().saturating_sub(n)..];
    if evidence.len() >= VALIDATING_MONTHS
        && last(VALIDATING_MONTHS).iter().all(|(_, v)| *v <= target)
    {
        let (month, v) = evidence[evidence.len() - 1];
        return Verdict {
            kind: VerdictKind::Validated,
            reason: format!(
                "cost per {} at or below the target of {} for {VALIDATING_MONTHS} months (latest {month}: {})",
                hypothesis.outcome_unit,
                show(target),
                show(v)
            ),
        };
    }
    if evidence.len() >= VALIDATING_MONTHS
        && last(VALIDATING_MONTHS).iter().all(|(_, v)| *v >= baseline)
    {
        return Verdict {
            kind: VerdictKind::Refuted,
            reason: format!(
                "cost per {} at or above the baseline of {} for {VALIDATING_MONTHS} months: AI does not make it cheaper",
                hypothesis.outcome_unit,
                show(baseline)
            ),
        };
    }
    let (latest_month, latest) = evidence[evidence.len() - 1];
    if today > hypothesis.review_date && latest > target {
        return Verdict {
            kind: VerdictKind::Refuted,
            reason: format!(
                "past its review date ({}) and still above target: {} in {latest_month} against {}",
                hypothesis.review_date,
                show(latest),
                show(target)
            ),
        };
    }
    // Moving away from target: above it and rising for two months running.
    if evidence.len() >= 3 {
        let w = last(3);
        if w[2].1 > target && w[2].1 > w[1].1 && w[1].1 > w[0].1 {
            return Verdict {
                kind: VerdictKind::AtRisk,
                reason: format!(
                    "cost per {} rose for two months ({} → {} → {}), away from the target of {}",
                    hypothesis.outcome_unit,
                    show(w[0].1),
                    show(w[1].1),
                    show(w[2].1),
                    show(target)
                ),
            };
        }
    }
    Verdict {
        kind: VerdictKind::OnTrack,
        reason: format!(
            "latest cost per {} {} ({latest_month}) against a target of {} and a baseline of {}",
            hypothesis.outcome_unit,
            show(latest),
            show(target),
            show(baseline)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::dec;

    pub(crate) fn hypothesis() -> Hypothesis {
        Hypothesis {
            id: 1,
            service_code: "cs-case-summary-prod".into(),
            statement: "AI summaries cut cost per resolved case from £6.10 to below £4.50".into(),
            outcome_unit: "resolved case".into(),
            currency: Currency::GBP,
            baseline_cost: dec!(6.10),
            target_cost: dec!(4.50),
            other_cost: dec!(3.00),
            expected_volume: 1000,
            benefit_measure: BenefitMeasure::CostAvoided,
            hours_per_outcome: None,
            owner: "Priya Nair".into(),
            start_month: "2026-07".into(),
            review_date: "2027-03-31".parse().unwrap(),
            status: HypothesisStatus::Measuring,
            decision: None,
            decision_reason: None,
            created_at: String::new(),
            updated_at: String::new(),
        }
    }

    fn m(text: &str) -> Month {
        Month::parse_iso(text).unwrap()
    }

    fn cost(month: &str, ai: Decimal) -> MonthCost {
        MonthCost {
            month: m(month),
            ai_cost: ai,
            shared_cost: Decimal::ZERO,
            recorded: true,
        }
    }

    #[test]
    fn cost_per_outcome_and_net_benefit() {
        let h = hypothesis();
        let costs = [MonthCost {
            month: m("2026-07"),
            ai_cost: dec!(1200),
            shared_cost: dec!(300),
            recorded: true,
        }];
        let r = measure(
            &h,
            "provider",
            &[(m("2026-07"), 1000)],
            &costs,
            m("2026-07"),
            "2026-08-01".parse().unwrap(),
        );
        let july = &r.months[0];
        assert_eq!(july.ai_cost_per_outcome, Some(dec!(1.2)));
        assert_eq!(july.fully_loaded_per_outcome, Some(dec!(1.5)));
        assert_eq!(july.total_per_outcome, Some(dec!(4.5)));
        // (6.10 − 4.50) × 1,000.
        assert_eq!(july.net_benefit, Some(dec!(1600)));
        assert_eq!(r.verdict.kind, VerdictKind::InsufficientData);
    }

    #[test]
    fn hours_saved_are_counted_beside_the_net_benefit() {
        let h = Hypothesis {
            benefit_measure: BenefitMeasure::HoursSaved,
            hours_per_outcome: Some(dec!(0.25)),
            ..hypothesis()
        };
        let r = measure(
            &h,
            "provider",
            &[(m("2026-07"), 1000)],
            &[cost("2026-07", dec!(1000))],
            m("2026-07"),
            "2026-08-01".parse().unwrap(),
        );
        assert_eq!(r.months[0].hours_saved, Some(dec!(250)));
        // (6.10 − (1.00 + 3.00 other)) × 1,000.
        assert_eq!(r.months[0].net_benefit, Some(dec!(2100)));
    }

    #[test]
    fn verdicts_follow_the_months() {
        let h = hypothesis();
        let today: NaiveDate = "2026-11-22".parse().unwrap();
        let run = |ai: [i64; 4]| {
            let months = ["2026-07", "2026-08", "2026-09", "2026-10"];
            let costs: Vec<MonthCost> = months
                .iter()
                .zip(ai)
                .map(|(mm, a)| cost(mm, Decimal::from(a)))
                .collect();
            let outcomes: Vec<(Month, u64)> = months.iter().map(|mm| (m(mm), 1000)).collect();
            measure(&h, "provider", &outcomes, &costs, m("2026-10"), today).verdict
        };
        // Total per outcome = AI/1000 + 3.00; target 4.50, baseline 6.10.
        assert_eq!(run([2000, 1500, 1400, 1300]).kind, VerdictKind::Validated);
        assert_eq!(run([1400, 1600, 1900, 2200]).kind, VerdictKind::AtRisk);
        assert_eq!(run([3500, 3200, 3100, 3300]).kind, VerdictKind::Refuted);
        assert_eq!(run([2500, 1900, 1700, 1600]).kind, VerdictKind::OnTrack);
        let past_review = measure(
            &Hypothesis {
                review_date: "2026-10-31".parse().unwrap(),
                ..h.clone()
            },
            "provider",
            &[(m("2026-09"), 1000), (m("2026-10"), 1000)],
            &[cost("2026-09", dec!(2000)), cost("2026-10", dec!(1800))],
            m("2026-10"),
            today,
        );
        assert_eq!(past_review.verdict.kind, VerdictKind::Refuted);
        assert!(past_review.verdict.reason.contains("past its review date"));
    }

    #[test]
    fn months_with_too_few_outcomes_are_not_evidence() {
        let h = hypothesis();
        let r = measure(
            &h,
            "provider",
            &[(m("2026-07"), 12), (m("2026-08"), 900)],
            &[cost("2026-07", dec!(10)), cost("2026-08", dec!(900))],
            m("2026-09"),
            "2026-10-01".parse().unwrap(),
        );
        assert_eq!(r.months.len(), 3);
        assert!(!r.months[0].counts && r.months[1].counts);
        assert_eq!(r.months[2].ai_cost_per_outcome, None);
        assert_eq!(r.verdict.kind, VerdictKind::InsufficientData);
        assert!(
            r.verdict.reason.starts_with("1 month(s)"),
            "{}",
            r.verdict.reason
        );
        // Only the month that counts adds to the benefit: (6.10 − 4.00) × 900.
        assert_eq!(r.total_net_benefit, dec!(1890));
    }
}
