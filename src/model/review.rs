//! What needs the owner's attention across the register: reviews falling due,
//! experiments that went quiet, what each code lacks for its next stage, where
//! each use case sits in the portfolio, and hints drawn from its usage.
//!
//! Everything here is a pure function of facts the API gathers.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;
use ts_rs::TS;

use crate::model::service_code::Stage;

/// Days ahead a review counts as due soon.
pub const DUE_WITHIN_DAYS: i64 = 30;
/// Days without spend after which an experiment is flagged to retire.
pub const IDLE_DAYS: i64 = 60;

/// A review falling due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ReviewDue {
    /// `service_code` or `hypothesis`.
    pub kind: String,
    /// The code, or the hypothesis number and its code.
    pub subject: String,
    /// The review date.
    #[ts(type = "string")]
    pub review_date: NaiveDate,
    /// Days past the date (negative: days to go).
    pub days_overdue: i64,
}

/// An experiment with no recent spend.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct IdleExperiment {
    /// The code.
    pub service_code: String,
    /// The last day with spend, if any was ever recorded.
    #[ts(type = "string | null")]
    pub last_spend: Option<NaiveDate>,
    /// Days since (none: never).
    pub idle_days: Option<i64>,
}

/// One item of a promotion checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PromotionItem {
    /// What is needed.
    pub item: String,
    /// Whether it is there.
    pub passed: bool,
    /// What was found.
    pub detail: String,
}

/// What a code needs for its next stage (or, in production, to stay there).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Promotion {
    /// The code.
    pub service_code: String,
    /// Its stage.
    pub stage: Stage,
    /// The stage the checklist is for.
    pub for_stage: Stage,
    /// Every item passes.
    pub ready: bool,
    /// The items.
    pub items: Vec<PromotionItem>,
}

/// Facts about one active code for the reviews.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeFacts {
    /// The code.
    pub service_code: String,
    /// Its stage.
    pub stage: Stage,
    /// Its review date.
    pub review_date: Option<NaiveDate>,
    /// Its monthly budget cap.
    pub has_cap: bool,
    /// Alert thresholds from a budget of its own, if any.
    pub thresholds: Option<Vec<u32>>,
    /// Its live hypotheses: (number, months of outcomes recorded).
    pub hypotheses: Vec<(i64, usize)>,
    /// The last day with spend.
    pub last_spend: Option<NaiveDate>,
}

/// Reviews falling due within [`DUE_WITHIN_DAYS`] (or overdue), most overdue first.
pub fn due(
    codes: &[CodeFacts],
    hypotheses: &[(i64, String, NaiveDate)],
    today: NaiveDate,
) -> Vec<ReviewDue> {
    let mut out: Vec<ReviewDue> = codes
        .iter()
        .filter_map(|c| Some((c, c.review_date?)))
        .map(|(c, d)| ReviewDue {
            kind: "service_code".into(),
            subject: c.service_code.clone(),
            review_date: d,
            days_overdue: (today - d).num_days(),
        })
        .chain(hypotheses.iter().map(|(id, code, d)| ReviewDue {
            kind: "hypothesis".into(),
            subject: format!("hypothesis {id} ({code})"),
            review_date: *d,
            days_overdue: (today - *d).num_days(),
        }))
        .filter(|r| r.days_overdue >= -DUE_WITHIN_DAYS)
        .collect();
    out.sort_by(|a, b| {
        b.days_overdue
            .cmp(&a.days_overdue)
            .then_with(|| a.subject.cmp(&b.subject))
    });
    out
}

/// Experiments (exploration codes) with no spend for [`IDLE_DAYS`] days.
pub fn idle(codes: &[CodeFacts], today: NaiveDate) -> Vec<IdleExperiment> {
    codes
        .iter()
        .filter(|c| c.stage == Stage::Exploration)
        .filter_map(|c| {
            let days = c.last_spend.map(|d| (today - d).num_days());
            (days.is_none_or(|d| d >= IDLE_DAYS)).then(|| IdleExperiment {
                service_code: c.service_code.clone(),
                last_spend: c.last_spend,
                idle_days: days,
            })
        })
        .collect()
}

/// The stage-promotion checklist of each code: exploration → pilot needs a
/// value hypothesis; pilot → production (and staying in production) needs a
/// budget cap, alert thresholds and a hypothesis with outcomes recorded.
pub fn promotions(codes: &[CodeFacts]) -> Vec<Promotion> {
    codes
        .iter()
        .map(|c| {
            let hypothesis = PromotionItem {
                item: "hypothesis".into(),
                passed: !c.hypotheses.is_empty(),
                detail: if c.hypotheses.is_empty() {
                    "no value hypothesis written down".into()
                } else {
                    format!("{} value hypothesis(es)", c.hypotheses.len())
                },
            };
            let (for_stage, items) = match c.stage {
                Stage::Exploration => (Stage::Pilot, vec![hypothesis]),
                Stage::Pilot | Stage::Production => {
                    let with_data = c.hypotheses.iter().filter(|(_, m)| *m > 0).count();
                    let thresholds = match (&c.thresholds, c.has_cap) {
                        (Some(t), _) => (
                            true,
                            format!(
                                "alert thresholds {}",
                                t.iter()
                                    .map(|v| format!("{v}%"))
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                        ),
                        (None, true) => (
                            true,
                            "the default 80% and 100% on its budget cap".to_string(),
                        ),
                        (None, false) => (false, "no budget or cap to alert on".to_string()),
                    };
                    (
                        Stage::Production,
                        vec![
                            PromotionItem {
                                item: "budget cap".into(),
                                passed: c.has_cap,
                                detail: if c.has_cap {
                                    "a monthly budget cap is set".into()
                                } else {
                                    "no monthly budget cap".into()
                                },
                            },
                            PromotionItem {
                                item: "alerts".into(),
                                passed: thresholds.0,
                                detail: thresholds.1,
                            },
                            PromotionItem {
                                item: "hypothesis with data".into(),
                                passed: with_data > 0,
                                detail: if with_data > 0 {
                                    format!("{with_data} hypothesis(es) with outcomes recorded")
                                } else if c.hypotheses.is_empty() {
                                    "no value hypothesis written down".into()
                                } else {
                                    "no outcomes recorded against its hypothesis".into()
                                },
                            },
                        ],
                    )
                }
            };
            Promotion {
                service_code: c.service_code.clone(),
                stage: c.stage,
                for_stage,
                ready: items.iter().all(|i| i.passed),
                items,
            }
        })
        .collect()
}

/// Where a use case sits: aggregate cost against cost per outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Quadrant {
    /// Small bill, little saving per outcome: re-architect or retire.
    ReArchitectOrRetire,
    /// Large bill, large saving per outcome: value the bill hides.
    UnrecognisedValue,
    /// Large bill, little saving per outcome: optimise first.
    Optimise,
    /// Small bill, large saving per outcome.
    Efficient,
    /// No hypothesis or no outcomes: cost without a measure.
    Unmeasured,
}

impl Quadrant {
    /// How the quadrant reads.
    pub fn label(self) -> &'static str {
        match self {
            Quadrant::ReArchitectOrRetire => "re-architect or retire",
            Quadrant::UnrecognisedValue => "unrecognised value",
            Quadrant::Optimise => "optimise",
            Quadrant::Efficient => "efficient",
            Quadrant::Unmeasured => "unmeasured",
        }
    }
}

/// One use case in the portfolio.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PortfolioPoint {
    /// The code.
    pub service_code: String,
    /// Its AI cost over the period (base currency).
    #[ts(type = "string")]
    pub aggregate_cost: Decimal,
    /// Its latest total cost per outcome, when measured.
    #[ts(type = "string | null")]
    pub cost_per_outcome: Option<Decimal>,
    /// Its baseline cost per outcome, when a hypothesis gives one.
    #[ts(type = "string | null")]
    pub baseline: Option<Decimal>,
    /// Cost per outcome ÷ baseline, two places (1.00 = no saving).
    #[ts(type = "string | null")]
    pub ratio_to_baseline: Option<Decimal>,
    /// Where it sits.
    pub quadrant: Quadrant,
    /// Why, in words.
    pub note: String,
}

/// A code's figures for the portfolio.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortfolioFacts {
    /// The code.
    pub service_code: String,
    /// AI cost over the period.
    pub aggregate_cost: Decimal,
    /// Latest total cost per outcome and the baseline, when measured.
    pub measured: Option<(Decimal, Decimal)>,
}

/// Cost per outcome at or above this share of the baseline counts as "high".
pub const HIGH_RATIO: Decimal = Decimal::from_parts(80, 0, 0, false, 2);

/// Places each code: aggregate cost is "high" above the median of the
/// aggregate costs of the codes that spent anything; cost per outcome is "high" at [`HIGH_RATIO`] of its
/// baseline or more (use cases count outcomes in different units, so each is
/// compared with its own baseline).
pub fn portfolio(facts: &[PortfolioFacts]) -> Vec<PortfolioPoint> {
    // The median is over the codes that spent anything: idle codes would
    // otherwise drag it to zero.
    let mut costs: Vec<Decimal> = facts
        .iter()
        .map(|f| f.aggregate_cost)
        .filter(|c| !c.is_zero())
        .collect();
    costs.sort();
    let median = match costs.len() {
        0 => Decimal::ZERO,
        n if n % 2 == 1 => costs[n / 2],
        n => (costs[n / 2 - 1] + costs[n / 2]) / Decimal::TWO,
    };
    let mut out: Vec<PortfolioPoint> = facts
        .iter()
        .map(|f| {
            let high_cost = f.aggregate_cost > median;
            let (quadrant, ratio, note) = match f.measured {
                None => (
                    Quadrant::Unmeasured,
                    None,
                    "no value hypothesis with outcomes: cost without a measure".to_string(),
                ),
                Some((per, baseline)) => {
                    let ratio = if baseline.is_zero() {
                        Decimal::ZERO
                    } else {
                        (per / baseline)
                            .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
                    };
                    let high_per = ratio >= HIGH_RATIO;
                    let q = match (high_cost, high_per) {
                        (false, true) => Quadrant::ReArchitectOrRetire,
                        (true, false) => Quadrant::UnrecognisedValue,
                        (true, true) => Quadrant::Optimise,
                        (false, false) => Quadrant::Efficient,
                    };
                    let note = format!(
                        "aggregate cost {} the median; cost per outcome {}% of its baseline",
                        if high_cost { "above" } else { "at or below" },
                        (ratio * Decimal::ONE_HUNDRED).normalize()
                    );
                    (q, Some(ratio), note)
                }
            };
            PortfolioPoint {
                service_code: f.service_code.clone(),
                aggregate_cost: f.aggregate_cost.normalize(),
                cost_per_outcome: f.measured.map(|m| m.0),
                baseline: f.measured.map(|m| m.1),
                ratio_to_baseline: ratio,
                quadrant,
                note,
            }
        })
        .collect();
    out.sort_by_key(|p| std::cmp::Reverse(p.aggregate_cost));
    out
}

/// A hint drawn from a code's usage, with the numbers behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Hint {
    /// The code.
    pub service_code: String,
    /// `premium_models`, `cache_reads` or `cost_per_request`.
    pub kind: String,
    /// The hint, with its numbers.
    pub message: String,
}

/// How a model is classed for hints: by its standard output price per
/// million tokens in the price book.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModelClass {
    /// Output at 20 or more per million tokens.
    Premium,
    /// Between.
    Standard,
    /// Output at 2 or less per million tokens.
    Economy,
}

impl ModelClass {
    /// Classes a model by its output price per million tokens.
    pub fn of_output_price(price: Decimal) -> ModelClass {
        if price >= Decimal::from(20) {
            ModelClass::Premium
        } else if price <= Decimal::TWO {
            ModelClass::Economy
        } else {
            ModelClass::Standard
        }
    }
}

/// A code's usage for hints over recent months.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UsageFacts {
    /// The code.
    pub service_code: String,
    /// The tier the register gives it: `premium`, `standard`, `economy`.
    pub model_tier: String,
    /// Cost by model class (premium, other).
    pub premium_cost: Decimal,
    /// All cost.
    pub cost: Decimal,
    /// Cached input tokens.
    pub cached_tokens: i64,
    /// Uncached input tokens.
    pub input_tokens: i64,
    /// Cost and requests by month, oldest first.
    pub by_month: BTreeMap<String, (Decimal, i64)>,
}

/// Amounts in hints: two places, half away from zero.
fn two(v: Decimal) -> Decimal {
    v.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// Costs per request in hints: four places, half away from zero.
fn four(v: Decimal) -> Decimal {
    v.round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero)
}

fn pct(part: Decimal, whole: Decimal) -> Decimal {
    if whole.is_zero() {
        Decimal::ZERO
    } else {
        let mut p = (part * Decimal::ONE_HUNDRED / whole)
            .round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero);
        p.rescale(1);
        p
    }
}

/// Hints for one code: premium models under a standard or economy tier (over
/// 20% of cost), a low cache-read share (under 20% of input tokens with at
/// least a million read), and a cost per request that rose two months running.
pub fn hints(u: &UsageFacts) -> Vec<Hint> {
    let mut out = Vec::new();
    let hint = |kind: &str, message: String| Hint {
        service_code: u.service_code.clone(),
        kind: kind.into(),
        message,
    };
    let premium_share = pct(u.premium_cost, u.cost);
    if u.model_tier != "premium" && premium_share > Decimal::from(20) {
        out.push(hint(
            "premium_models",
            format!(
                "{premium_share}% of its cost ({} of {}) is on premium models (output at 20 or more per million tokens) though its model tier is {}",
                two(u.premium_cost),
                two(u.cost),
                u.model_tier
            ),
        ));
    }
    let input = u.cached_tokens + u.input_tokens;
    if input >= 1_000_000 {
        let share = pct(Decimal::from(u.cached_tokens), Decimal::from(input));
        if share < Decimal::from(20) {
            out.push(hint(
                "cache_reads",
                format!(
                    "only {share}% of its {input} input tokens were cache reads; a stable prompt prefix could be cached at a tenth of the price"
                ),
            ));
        }
    }
    let per_request: Vec<(String, Decimal)> = u
        .by_month
        .iter()
        .filter(|(_, (_, r))| *r > 0)
        .map(|(m, (c, r))| {
            (
                m.clone(),
                (c / Decimal::from(*r))
                    .round_dp_with_strategy(6, RoundingStrategy::MidpointAwayFromZero),
            )
        })
        .collect();
    if per_request.len() >= 3 {
        let w = &per_request[per_request.len() - 3..];
        if w[2].1 > w[1].1 && w[1].1 > w[0].1 {
            out.push(hint(
                "cost_per_request",
                format!(
                    "cost per request rose two months running: {} {}, {} {}, {} {}",
                    w[0].0,
                    four(w[0].1),
                    w[1].0,
                    four(w[1].1),
                    w[2].0,
                    four(w[2].1)
                ),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::dec;

    fn d(t: &str) -> NaiveDate {
        t.parse().unwrap()
    }

    fn code(name: &str, stage: Stage) -> CodeFacts {
        CodeFacts {
            service_code: name.into(),
            stage,
            review_date: None,
            has_cap: false,
            thresholds: None,
            hypotheses: Vec::new(),
            last_spend: None,
        }
    }

    #[test]
    fn reviews_due_and_idle_experiments() {
        let today = d("2026-11-22");
        let mut a = code("a-prod", Stage::Production);
        a.review_date = Some(d("2026-11-01"));
        let mut b = code("b-pilot", Stage::Pilot);
        b.review_date = Some(d("2027-06-01"));
        let mut c = code("c-explore", Stage::Exploration);
        c.last_spend = Some(d("2026-09-01"));
        let mut e = code("e-explore", Stage::Exploration);
        e.last_spend = Some(d("2026-11-20"));
        let codes = [a, b, c, e];
        let due = due(&codes, &[(3, "b-pilot".into(), d("2026-12-10"))], today);
        assert_eq!(due.len(), 2);
        assert_eq!(
            (due[0].subject.as_str(), due[0].days_overdue),
            ("a-prod", 21)
        );
        assert_eq!(due[1].days_overdue, -18);
        let idle = idle(&codes, today);
        assert_eq!(idle.len(), 1);
        assert_eq!(
            (idle[0].service_code.as_str(), idle[0].idle_days),
            ("c-explore", Some(82))
        );
    }

    #[test]
    fn promotion_checklists_name_what_is_missing() {
        let mut pilot = code("p", Stage::Pilot);
        pilot.has_cap = true;
        pilot.hypotheses = vec![(1, 0)];
        let explore = code("x", Stage::Exploration);
        let p = promotions(&[pilot, explore]);
        assert_eq!(p[0].for_stage, Stage::Production);
        assert!(!p[0].ready);
        let failed: Vec<&str> = p[0]
            .items
            .iter()
            .filter(|i| !i.passed)
            .map(|i| i.item.as_str())
            .collect();
        assert_eq!(failed, vec!["hypothesis with data"]);
        assert_eq!(p[1].for_stage, Stage::Pilot);
        assert_eq!(p[1].items[0].detail, "no value hypothesis written down");
    }

    #[test]
    fn the_portfolio_shows_costly_outcomes_and_hidden_value() {
        let f = |c: &str, cost: Decimal, m: Option<(Decimal, Decimal)>| PortfolioFacts {
            service_code: c.into(),
            aggregate_cost: cost,
            measured: m,
        };
        let p = portfolio(&[
            f("small-costly", dec!(100), Some((dec!(9), dec!(10)))),
            f("big-cheap", dec!(9000), Some((dec!(2), dec!(10)))),
            f("big-costly", dec!(8000), Some((dec!(9.5), dec!(10)))),
            f("unmeasured", dec!(500), None),
        ]);
        let q = |c: &str| p.iter().find(|x| x.service_code == c).unwrap().quadrant;
        assert_eq!(q("small-costly"), Quadrant::ReArchitectOrRetire);
        assert_eq!(q("big-cheap"), Quadrant::UnrecognisedValue);
        assert_eq!(q("big-costly"), Quadrant::Optimise);
        assert_eq!(q("unmeasured"), Quadrant::Unmeasured);
        assert_eq!(p[0].service_code, "big-cheap");
    }

    #[test]
    fn hints_carry_their_numbers() {
        let mut by_month = BTreeMap::new();
        by_month.insert("2026-08".to_string(), (dec!(100), 1000));
        by_month.insert("2026-09".to_string(), (dec!(130), 1000));
        by_month.insert("2026-10".to_string(), (dec!(160), 1000));
        let h = hints(&UsageFacts {
            service_code: "cs".into(),
            model_tier: "standard".into(),
            premium_cost: dec!(150),
            cost: dec!(390),
            cached_tokens: 100_000,
            input_tokens: 4_900_000,
            by_month,
        });
        let kinds: Vec<&str> = h.iter().map(|x| x.kind.as_str()).collect();
        assert_eq!(
            kinds,
            vec!["premium_models", "cache_reads", "cost_per_request"]
        );
        assert!(
            h[0].message.starts_with("38.5% of its cost"),
            "{}",
            h[0].message
        );
        assert!(h[1].message.contains("only 2.0%"), "{}", h[1].message);
        assert!(h[2].message.contains("2026-10 0.16"), "{}", h[2].message);
        assert_eq!(ModelClass::of_output_price(dec!(25)), ModelClass::Premium);
        assert_eq!(ModelClass::of_output_price(dec!(0.5)), ModelClass::Economy);
    }
}
