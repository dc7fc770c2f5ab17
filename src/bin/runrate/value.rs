//! `runrate value …`: value hypotheses, outcomes and cost per outcome.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use runrate::Engine;
use runrate::api::value::HypothesisInput;
use runrate::error::Result;
use runrate::model::value::{Hypothesis, ValueReport};
use runrate::money::RoundingRule;

use crate::output::{Output, money, table, write_chart};

/// The fields of a hypothesis; on `edit`, the ones given change.
#[derive(Debug, Args)]
pub struct HypothesisFields {
    /// The claim, e.g. "AI summaries cut cost per resolved case from £6.10 to below £4.50".
    #[arg(long)]
    statement: Option<String>,
    /// One outcome, e.g. "resolved case".
    #[arg(long)]
    unit: Option<String>,
    /// Cost per outcome without AI.
    #[arg(long)]
    baseline: Option<String>,
    /// Target cost per outcome with AI (AI plus other costs).
    #[arg(long)]
    target: Option<String>,
    /// Other costs per outcome that remain with AI (review time, licences).
    #[arg(long)]
    other_cost: Option<String>,
    /// Outcomes expected per month.
    #[arg(long)]
    volume: Option<String>,
    /// cost-avoided (default) or hours-saved.
    #[arg(long)]
    benefit: Option<String>,
    /// With hours-saved: hours saved per outcome.
    #[arg(long)]
    hours_per_outcome: Option<String>,
    /// Who owns the claim.
    #[arg(long)]
    owner: Option<String>,
    /// First month measured (2026-07).
    #[arg(long)]
    start: Option<String>,
    /// Review date (YYYY-MM-DD).
    #[arg(long)]
    review: Option<String>,
    /// proposed, measuring, validated, at-risk, refuted or retired.
    #[arg(long)]
    status: Option<String>,
    /// The decision at review: continue, scale, optimise or stop.
    #[arg(long)]
    decision: Option<String>,
    /// Why.
    #[arg(long)]
    reason: Option<String>,
}

impl HypothesisFields {
    fn input(self, service_code: String) -> HypothesisInput {
        let t = |v: Option<String>| v.unwrap_or_default();
        HypothesisInput {
            service_code,
            statement: t(self.statement),
            outcome_unit: t(self.unit),
            baseline_cost: t(self.baseline),
            target_cost: t(self.target),
            other_cost: t(self.other_cost),
            expected_volume: t(self.volume),
            benefit_measure: t(self.benefit),
            hours_per_outcome: t(self.hours_per_outcome),
            owner: t(self.owner),
            start_month: t(self.start),
            review_date: t(self.review),
            status: t(self.status),
            decision: t(self.decision),
            decision_reason: t(self.reason),
        }
    }
}

/// `runrate value …`
#[derive(Debug, Subcommand)]
pub enum ValueCommand {
    /// Write down a value hypothesis for a service code.
    Add {
        /// The service code.
        code: String,
        #[command(flatten)]
        fields: HypothesisFields,
    },
    /// Change a hypothesis, or record the decision at its review.
    Edit {
        /// The hypothesis number.
        id: i64,
        #[command(flatten)]
        fields: HypothesisFields,
    },
    /// Record a month's outcomes.
    Record {
        /// The hypothesis number.
        id: i64,
        /// The month (2026-09).
        #[arg(long)]
        month: String,
        /// Outcomes in the month.
        #[arg(long)]
        outcomes: String,
    },
    /// Import outcomes from CSV or a workbook: hypothesis (or service code),
    /// month, outcomes. All rows or none.
    Import {
        /// The file.
        file: PathBuf,
        /// Read it through this saved column mapping (Service code, Month,
        /// Quantity).
        #[arg(long)]
        mapping: Option<String>,
    },
    /// List hypotheses.
    List,
    /// A hypothesis measured month by month, with its verdict.
    Show {
        /// The hypothesis number.
        id: i64,
        /// Cost side: provider (the providers' evidence, default) or showback
        /// (what finance charged).
        #[arg(long)]
        cost_side: Option<String>,
        /// Measure up to the month before this date (default today).
        #[arg(long)]
        as_of: Option<String>,
        /// Also write the cost-per-outcome chart (SVG) to this file.
        #[arg(long)]
        chart: Option<PathBuf>,
    },
    /// Every code's aggregate cost against its cost per outcome.
    Portfolio {
        /// Also write the portfolio chart (SVG) to this file.
        #[arg(long)]
        chart: Option<PathBuf>,
    },
}

pub async fn value(engine: &Engine, cmd: ValueCommand, out: &Output) -> Result<u8> {
    let rule = engine.settings().await?.rounding_rule;
    match cmd {
        ValueCommand::Add { code, fields } => {
            let h = engine.add_hypothesis(fields.input(code)).await?;
            out.print(&h, || {
                format!("Added value hypothesis {} for {}", h.id, h.service_code)
            });
        }
        ValueCommand::Edit { id, fields } => {
            let h = engine
                .edit_hypothesis(id, fields.input(String::new()))
                .await?;
            out.print(&h, || format!("Changed value hypothesis {id}"));
        }
        ValueCommand::Record {
            id,
            month,
            outcomes,
        } => {
            let r = engine.record_outcomes(id, &month, &outcomes).await?;
            out.print(&r, || {
                format!(
                    "Recorded {} outcomes for {} on hypothesis {id}",
                    r.outcomes, r.month
                )
            });
        }
        ValueCommand::Import { file, mapping } => {
            let done = engine.import_outcomes(&file, mapping.as_deref()).await?;
            out.print(&done, || {
                format!(
                    "{}: {} month(s) recorded, {} unchanged",
                    done.file, done.recorded, done.unchanged
                )
            });
        }
        ValueCommand::List => {
            let all = engine.list_hypotheses().await?;
            out.print(&all, || list_table(&all, rule));
        }
        ValueCommand::Show {
            id,
            cost_side,
            as_of,
            chart,
        } => {
            let view = engine
                .value_view(
                    id,
                    &cost_side.unwrap_or_default(),
                    &as_of.unwrap_or_default(),
                )
                .await?;
            write_chart(&chart, &view.chart_svg)?;
            let report = view.report;
            out.print(&report, || report_text(&report, rule));
        }
        ValueCommand::Portfolio { chart } => {
            let p = engine.value_portfolio().await?;
            write_chart(&chart, &p.chart_svg)?;
            out.print(&p, || portfolio_text(&p, rule));
        }
    }
    Ok(0)
}

fn list_table(all: &[Hypothesis], rule: RoundingRule) -> String {
    if all.is_empty() {
        return "No value hypotheses yet.".into();
    }
    table(
        &[
            "ID", "CODE", "OUTCOME", "BASELINE", "TARGET", "OWNER", "REVIEW", "STATUS",
        ],
        all.iter()
            .map(|h| {
                vec![
                    h.id.to_string(),
                    h.service_code.clone(),
                    h.outcome_unit.clone(),
                    money(Some(h.baseline_cost), h.currency, rule),
                    money(Some(h.target_cost), h.currency, rule),
                    h.owner.clone(),
                    h.review_date.to_string(),
                    h.status.id().replace('_', " "),
                ]
            })
            .collect(),
        &[0, 3, 4],
    )
}

fn report_text(r: &ValueReport, rule: RoundingRule) -> String {
    let h = &r.hypothesis;
    let c = h.currency;
    let mut lines = vec![
        format!("Hypothesis {} ({}): {}", h.id, h.service_code, h.statement),
        format!(
            "Per {}: baseline {}, target {}, other costs {}; cost side: {}",
            h.outcome_unit,
            money(Some(h.baseline_cost), c, rule),
            money(Some(h.target_cost), c, rule),
            money(Some(h.other_cost), c, rule),
            r.cost_side
        ),
        String::new(),
        table(
            &[
                "MONTH",
                "OUTCOMES",
                "AI COST",
                "SHARED",
                "AI/OUTCOME",
                "LOADED/OUTCOME",
                "TOTAL/OUTCOME",
                "NET BENEFIT",
            ],
            r.months
                .iter()
                .map(|m| {
                    vec![
                        format!("{}{}", m.month, if m.counts { "" } else { " *" }),
                        m.outcomes.to_string(),
                        money(Some(m.ai_cost), c, rule),
                        money(Some(m.shared_cost), c, rule),
                        money(m.ai_cost_per_outcome, c, rule),
                        money(m.fully_loaded_per_outcome, c, rule),
                        money(m.total_per_outcome, c, rule),
                        money(m.net_benefit, c, rule),
                    ]
                })
                .collect(),
            &[1, 2, 3, 4, 5, 6, 7],
        ),
        format!(
            "* fewer than {} outcomes: not counted as evidence",
            runrate::model::value::MIN_OUTCOMES_PER_MONTH
        ),
        format!(
            "Net benefit over the months that count: {}",
            money(Some(r.total_net_benefit), c, rule)
        ),
        format!("Verdict: {} — {}", r.verdict.kind.label(), r.verdict.reason),
    ];
    if let Some(d) = h.decision {
        lines.push(format!(
            "Decision: {} ({})",
            d.id(),
            h.decision_reason.as_deref().unwrap_or("")
        ));
    }
    lines.join("\n")
}

fn portfolio_text(p: &runrate::api::reviews::Portfolio, rule: RoundingRule) -> String {
    let mut text = vec![format!("Portfolio, AI cost {} ({})", p.period, p.currency)];
    text.push(table(
        &[
            "CODE",
            "AI COST",
            "PER OUTCOME",
            "BASELINE",
            "RATIO",
            "WHERE IT SITS",
        ],
        p.points
            .iter()
            .map(|x| {
                vec![
                    x.service_code.clone(),
                    money(Some(x.aggregate_cost), p.currency, rule),
                    money(x.cost_per_outcome, p.currency, rule),
                    money(x.baseline, p.currency, rule),
                    x.ratio_to_baseline.map_or("—".into(), |r| r.to_string()),
                    x.quadrant.label().to_string(),
                ]
            })
            .collect(),
        &[1, 2, 3, 4],
    ));
    text.join("\n")
}

pub async fn reviews(engine: &Engine, out: &Output) -> Result<u8> {
    let r = engine.reviews().await?;
    out.print(&r, || {
        let mut text = vec![format!("Reviews as of {}", r.as_of)];
        if r.due.is_empty() {
            text.push("No review is due in the next 30 days.".into());
        }
        for d in &r.due {
            text.push(if d.days_overdue > 0 {
                format!(
                    "! {} review was due {} ({} days ago)",
                    d.subject, d.review_date, d.days_overdue
                )
            } else {
                format!(
                    "  {} review due {} (in {} days)",
                    d.subject, d.review_date, -d.days_overdue
                )
            });
        }
        for i in &r.idle {
            text.push(match (i.last_spend, i.idle_days) {
                (Some(d), Some(n)) => format!(
                    "! {}: an experiment with no spend since {d} ({n} days): retire it?",
                    i.service_code
                ),
                _ => format!(
                    "! {}: an experiment with no spend on record: retire it?",
                    i.service_code
                ),
            });
        }
        text.push(String::new());
        for p in &r.promotions {
            text.push(format!(
                "{} ({}): {} for {}",
                p.service_code,
                p.stage,
                if p.ready { "ready" } else { "not ready" },
                p.for_stage
            ));
            for i in &p.items {
                text.push(format!(
                    "  {} {}",
                    if i.passed { "✓" } else { "✗" },
                    i.detail
                ));
            }
        }
        if !r.hints.is_empty() {
            text.push(String::new());
            for h in &r.hints {
                text.push(format!("hint {}: {}", h.service_code, h.message));
            }
        }
        text.join("\n")
    });
    Ok(0)
}
