//! Budgets, forecasts, alerts, anomalies, reconciliation, shared-cost splits
//! and chargeback readiness: arguments, calls and tables.

use std::path::PathBuf;

use clap::Subcommand;
use runrate::Engine;
use runrate::api::anomalies::{AnomalyQuery, AnomalyReport};
use runrate::api::budgets::BudgetInput;
use runrate::api::forecasts::{ForecastCheck, ForecastQuery, ScopeForecast};
use runrate::api::reconcile::{DrillDown, DrillQuery, ReconcileQuery, Reconciliation};
use runrate::api::splits::{SplitQuery, SplitResult};
use runrate::error::Result;
use runrate::model::budget::{Alert, Budget, BudgetChange};
use runrate::model::forecast::PeriodForecast;
use runrate::model::readiness::Readiness;
use runrate::money::{Currency, RoundingRule};

use crate::output::{Output, money, table, write_chart};

/// `runrate budget …`
#[derive(Debug, Subcommand)]
pub enum BudgetCommand {
    /// Set a department's or service code's budget for a month or fiscal year.
    Set {
        /// The department (name or alias).
        #[arg(
            long,
            conflicts_with = "service_code",
            required_unless_present = "service_code"
        )]
        department: Option<String>,
        /// The service code.
        #[arg(long)]
        service_code: Option<String>,
        /// A month (2026-11) or a fiscal year (FY2027).
        #[arg(long)]
        period: String,
        /// The amount, in the base currency.
        #[arg(long)]
        amount: String,
        /// Alert thresholds in percent, e.g. "80,100" (default 80 and 100).
        #[arg(long)]
        thresholds: Option<String>,
    },
    /// Import budgets from CSV or a workbook: department or service code,
    /// period, amount, and optionally currency and thresholds. All rows or none.
    Import {
        /// The file.
        file: PathBuf,
    },
    /// List budgets.
    List,
    /// Every change to every budget.
    History,
    /// Remove a budget (kept in its history).
    Remove {
        /// The department.
        #[arg(
            long,
            conflicts_with = "service_code",
            required_unless_present = "service_code"
        )]
        department: Option<String>,
        /// The service code.
        #[arg(long)]
        service_code: Option<String>,
        /// The month or fiscal year.
        #[arg(long)]
        period: String,
    },
}

/// `runrate forecast …` arguments.
#[derive(Debug, clap::Args)]
pub struct ForecastArgs {
    /// The department (name or alias).
    #[arg(
        long,
        conflicts_with = "service_code",
        required_unless_present = "service_code"
    )]
    pub department: Option<String>,
    /// The service code.
    #[arg(long)]
    pub service_code: Option<String>,
    /// Forecast as of this date (YYYY-MM-DD), using only data up to it; default today.
    #[arg(long)]
    pub as_of: Option<String>,
    /// Show the forecasts recorded earlier beside what was spent.
    #[arg(long)]
    pub history: bool,
    /// Also write the month chart (SVG) to this file.
    #[arg(long)]
    pub chart: Option<PathBuf>,
}

/// `runrate reconcile …` arguments.
#[derive(Debug, clap::Args)]
pub struct ReconcileArgs {
    /// The month (2026-10).
    #[arg(long)]
    pub month: String,
    /// Only this department.
    #[arg(long)]
    pub department: Option<String>,
    /// Rows per `service-code` (default) or `department`.
    #[arg(long)]
    pub by: Option<String>,
    /// Show the lines on both sides behind this row (a code, a department or
    /// "(unattributed)").
    #[arg(long)]
    pub lines: Option<String>,
}

/// `runrate split …` arguments.
#[derive(Debug, clap::Args)]
pub struct SplitArgs {
    /// The month whose usage sets the proportions.
    #[arg(long)]
    pub month: String,
    /// direct, tokens, requests, cost, fixed or even.
    #[arg(long)]
    pub basis: String,
    /// The amount to split (or use --line).
    #[arg(long, conflicts_with = "line")]
    pub amount: Option<String>,
    /// The amount's currency (default the base currency).
    #[arg(long)]
    pub currency: Option<String>,
    /// The id of finance's shared showback line to split (see `reconcile --lines`).
    #[arg(long)]
    pub line: Option<String>,
    /// The service codes, comma-separated (default every code with usage).
    #[arg(long)]
    pub codes: Option<String>,
    /// For --basis fixed: code=percent pairs, e.g. "a=37,b=63".
    #[arg(long)]
    pub percentages: Option<String>,
}

/// `runrate anomalies …` arguments.
#[derive(Debug, clap::Args)]
pub struct AnomalyArgs {
    /// The last day to judge (default today).
    #[arg(long)]
    pub as_of: Option<String>,
    /// Days to judge (default 30).
    #[arg(long)]
    pub days: Option<String>,
    /// Smallest excess over the baseline worth listing, base currency (default 10).
    #[arg(long)]
    pub min_excess: Option<String>,
}

fn text(value: Option<String>) -> String {
    value.unwrap_or_default()
}

pub async fn budget(engine: &Engine, cmd: BudgetCommand, out: &Output) -> Result<u8> {
    let rule = engine.settings().await?.rounding_rule;
    match cmd {
        BudgetCommand::Set {
            department,
            service_code,
            period,
            amount,
            thresholds,
        } => {
            let b = engine
                .set_budget(BudgetInput {
                    department: text(department),
                    service_code: text(service_code),
                    period,
                    amount,
                    currency: String::new(),
                    thresholds: text(thresholds),
                })
                .await?;
            out.print(&b, || budgets_table(std::slice::from_ref(&b), rule));
        }
        BudgetCommand::Import { file } => {
            let done = engine.import_budgets(&file).await?;
            out.print(&done, || {
                format!(
                    "{}\n{} budget(s) saved, {} unchanged",
                    budgets_table(&done.saved, rule),
                    done.saved.len(),
                    done.unchanged
                )
            });
        }
        BudgetCommand::List => {
            let all = engine.list_budgets().await?;
            out.print(&all, || budgets_table(&all, rule));
        }
        BudgetCommand::History => {
            let all = engine.budget_history().await?;
            out.print(&all, || history_table(&all, rule));
        }
        BudgetCommand::Remove {
            department,
            service_code,
            period,
        } => {
            let b = engine
                .remove_budget(&text(department), &text(service_code), &period)
                .await?;
            out.print(&b, || {
                format!(
                    "Removed the budget of {} {} for {}",
                    b.scope_kind.label(),
                    b.scope,
                    b.period
                )
            });
        }
    }
    Ok(0)
}

fn budgets_table(all: &[Budget], rule: RoundingRule) -> String {
    if all.is_empty() {
        return "No budgets.".into();
    }
    table(
        &["SCOPE", "PERIOD", "AMOUNT", "THRESHOLDS", "CHANGED", "BY"],
        all.iter()
            .map(|b| {
                vec![
                    format!("{} {}", b.scope_kind.label(), b.scope),
                    b.period.clone(),
                    money(Some(b.amount), b.currency, rule),
                    thresholds(&b.thresholds),
                    b.updated_at.clone(),
                    b.updated_by.clone(),
                ]
            })
            .collect(),
        &[2],
    )
}

fn thresholds(t: &[u32]) -> String {
    t.iter()
        .map(|v| format!("{v}%"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn history_table(all: &[BudgetChange], rule: RoundingRule) -> String {
    if all.is_empty() {
        return "No budget changes.".into();
    }
    table(
        &["WHEN", "BY", "SCOPE", "PERIOD", "FROM", "TO", "ORIGIN"],
        all.iter()
            .map(|c| {
                vec![
                    c.changed_at.clone(),
                    c.changed_by.clone(),
                    format!("{} {}", c.scope_kind.label(), c.scope),
                    c.period.clone(),
                    money(c.old_amount, c.currency, rule),
                    money(c.new_amount, c.currency, rule),
                    c.origin.clone(),
                ]
            })
            .collect(),
        &[4, 5],
    )
}

pub async fn forecast(engine: &Engine, args: ForecastArgs, out: &Output) -> Result<u8> {
    let rule = engine.settings().await?.rounding_rule;
    if args.history {
        let checks = engine
            .forecast_history(&text(args.department), &text(args.service_code))
            .await?;
        let currency = engine.settings().await?.base_currency;
        out.print(&checks, || checks_table(&checks, currency, rule));
        return Ok(0);
    }
    let view = engine
        .forecast_view(ForecastQuery {
            department: text(args.department),
            service_code: text(args.service_code),
            as_of: text(args.as_of),
        })
        .await?;
    write_chart(&args.chart, &view.chart_svg)?;
    let f = view.forecast;
    out.print(&f, || forecast_text(&f, rule));
    Ok(0)
}

fn forecast_text(f: &ScopeForecast, rule: RoundingRule) -> String {
    let mut lines = vec![format!(
        "{} {}, as of {} ({})",
        f.scope.kind.title(),
        f.scope.key,
        f.as_of,
        f.currency
    )];
    for p in [&f.month, &f.year] {
        lines.push(String::new());
        lines.extend(period_text(p, f.currency, rule));
    }
    for a in &f.alerts {
        lines.push(format!("! {}", a.message));
    }
    for w in &f.warnings {
        lines.push(format!("! {w}"));
    }
    lines.join("\n")
}

fn period_text(p: &PeriodForecast, c: Currency, rule: RoundingRule) -> Vec<String> {
    let status = p.status.label();
    let range = match (p.low, p.high) {
        (Some(l), Some(h)) => format!(
            "{} – {} (80% range)",
            money(Some(l), c, rule),
            money(Some(h), c, rule)
        ),
        _ => "no range (insufficient history)".into(),
    };
    vec![
        format!("{}: {status}", p.period),
        format!(
            "  actual to date   {}",
            money(Some(p.actual_to_date), c, rule)
        ),
        format!("  forecast         {}", money(Some(p.forecast), c, rule)),
        format!("  range            {range}"),
        format!("  budget           {}", money(p.budget, c, rule)),
        format!(
            "  variance         {} (forecast − budget)",
            money(p.variance, c, rule)
        ),
        format!(
            "  budget runs out  {}",
            p.exhaustion_date.map_or("—".to_string(), |d| d.to_string())
        ),
        format!("  method           {}", p.explanation),
    ]
}

fn checks_table(all: &[ForecastCheck], c: Currency, rule: RoundingRule) -> String {
    if all.is_empty() {
        return "No forecasts recorded for this scope yet.".into();
    }
    table(
        &[
            "PERIOD", "AS OF", "METHOD", "FORECAST", "ACTUAL", "VARIANCE", "IN RANGE",
        ],
        all.iter()
            .map(|k| {
                vec![
                    k.period.clone(),
                    k.as_of.clone(),
                    k.method.clone(),
                    money(Some(k.forecast), c, rule),
                    money(k.actual, c, rule),
                    money(k.variance, c, rule),
                    match k.within_range {
                        Some(true) => "yes".into(),
                        Some(false) => "no".into(),
                        None => "—".into(),
                    },
                ]
            })
            .collect(),
        &[3, 4, 5],
    )
}

pub async fn alerts(engine: &Engine, as_of: Option<String>, out: &Output) -> Result<u8> {
    let all = engine.alerts(&text(as_of)).await?;
    let rule = engine.settings().await?.rounding_rule;
    let currency = engine.settings().await?.base_currency;
    out.print(&all, || alerts_table(&all, currency, rule));
    Ok(0)
}

fn alerts_table(all: &[Alert], c: Currency, rule: RoundingRule) -> String {
    if all.is_empty() {
        return "No budget thresholds are crossed.".into();
    }
    table(
        &[
            "SCOPE",
            "PERIOD",
            "ON",
            "AMOUNT",
            "BUDGET",
            "% OF BUDGET",
            "THRESHOLD",
        ],
        all.iter()
            .map(|a| {
                vec![
                    format!("{} {}", a.scope_kind.label(), a.scope),
                    a.period.clone(),
                    a.basis.label().to_string(),
                    money(Some(a.amount), c, rule),
                    money(Some(a.budget), c, rule),
                    format!("{}%", a.percent_of_budget),
                    format!("{}%", a.threshold),
                ]
            })
            .collect(),
        &[3, 4, 5, 6],
    )
}

pub async fn anomalies(engine: &Engine, args: AnomalyArgs, out: &Output) -> Result<u8> {
    let report = engine
        .anomalies(AnomalyQuery {
            as_of: text(args.as_of),
            days: text(args.days),
            min_excess: text(args.min_excess),
        })
        .await?;
    let rule = engine.settings().await?.rounding_rule;
    out.print(&report, || anomalies_table(&report, rule));
    Ok(0)
}

fn anomalies_table(r: &AnomalyReport, rule: RoundingRule) -> String {
    let c = r.currency;
    let mut text = if r.anomalies.is_empty() {
        format!("No spikes from {} to {}.", r.from, r.through)
    } else {
        table(
            &[
                "DAY",
                "SCOPE",
                "SPENT",
                "BASELINE",
                "EXCESS",
                "SPREADS",
                "LIKELY DRIVER",
            ],
            r.anomalies
                .iter()
                .map(|a| {
                    vec![
                        a.date.to_string(),
                        format!(
                            "{} {}",
                            match a.scope {
                                runrate::model::anomaly::AnomalyScope::ServiceCode => "code",
                                runrate::model::anomaly::AnomalyScope::ApiKey => "key",
                            },
                            a.key
                        ),
                        money(Some(a.amount), c, rule),
                        money(Some(a.baseline), c, rule),
                        money(Some(a.excess), c, rule),
                        a.score.to_string(),
                        match (&a.driver, a.driver_excess) {
                            (Some(d), Some(e)) => format!("{d} (+{})", money(Some(e), c, rule)),
                            _ => "—".into(),
                        },
                    ]
                })
                .collect(),
            &[2, 3, 4, 5],
        )
    };
    for w in &r.warnings {
        text.push_str(&format!("\n! {w}"));
    }
    text
}

pub async fn reconcile(engine: &Engine, args: ReconcileArgs, out: &Output) -> Result<u8> {
    let rule = engine.settings().await?.rounding_rule;
    if let Some(key) = args.lines {
        let lines = engine
            .reconcile_lines(DrillQuery {
                month: args.month,
                by: text(args.by),
                key,
                department: text(args.department),
            })
            .await?;
        let currency = engine.settings().await?.base_currency;
        out.print(&lines, || {
            drill_table(&DrillDown::of(lines.clone()), currency, rule)
        });
        return Ok(0);
    }
    let r = engine
        .reconcile(ReconcileQuery {
            month: args.month,
            by: text(args.by),
            department: text(args.department),
        })
        .await?;
    out.print(&r, || reconcile_table(&r, rule));
    Ok(0)
}

fn reconcile_table(r: &Reconciliation, rule: RoundingRule) -> String {
    let c = r.currency;
    let row = |x: &runrate::model::reconcile::ReconcileRow| {
        vec![
            x.key.clone(),
            money(Some(x.showback), c, rule),
            money(Some(x.provider), c, rule),
            money(Some(x.variance), c, rule),
            x.variance_percent.map_or("—".into(), |p| format!("{p}%")),
            if x.dispute_candidate {
                "DISPUTE?".into()
            } else {
                "ok".into()
            },
        ]
    };
    let mut rows: Vec<Vec<String>> = r.rows.iter().map(row).collect();
    rows.push(row(&r.total));
    let mut text = vec![
        format!(
            "Reconciliation {} in {} — tolerance {}% or {} {}, whichever is larger",
            r.month, c, r.tolerance_percent, r.tolerance_amount, c
        ),
        table(
            &[
                "KEY",
                "SHOWBACK",
                "PROVIDER",
                "VARIANCE",
                "VARIANCE %",
                "STATUS",
            ],
            rows,
            &[1, 2, 3, 4],
        ),
        format!(
            "{} dispute candidate(s). Drill down with --lines KEY.",
            r.dispute_candidates
        ),
    ];
    for rate in &r.rates_used {
        text.push(format!(
            "FX {} {}→{} {} ({})",
            rate.month, rate.from, rate.to, rate.rate, rate.source
        ));
    }
    for w in &r.warnings {
        text.push(format!("! {w}"));
    }
    text.join("\n")
}

/// The lines behind a total, with each side's count and sum.
pub fn drill_table(drill: &DrillDown, c: Currency, rule: RoundingRule) -> String {
    let lines = &drill.lines;
    if lines.is_empty() {
        return "No lines.".into();
    }
    let mut totals: Vec<String> = drill
        .totals
        .iter()
        .map(|t| {
            format!(
                "{}: {} line(s), {}",
                t.side.label(),
                t.lines,
                money(Some(t.amount), c, rule)
            )
        })
        .collect();
    let table = table(
        &[
            "ID", "SIDE", "DAY", "FILE", "SHEET", "ROW", "ITEM", "AMOUNT", "IN BASE",
        ],
        lines
            .iter()
            .map(|l| {
                vec![
                    l.id.to_string(),
                    l.side.label().to_string(),
                    l.period_start.clone(),
                    l.file_name.clone(),
                    l.sheet.clone(),
                    l.row.to_string(),
                    l.line_item
                        .clone()
                        .or_else(|| l.model.clone())
                        .unwrap_or_default(),
                    match (
                        l.amount,
                        l.currency.as_deref().and_then(|x| Currency::parse(x).ok()),
                    ) {
                        (Some(a), Some(cur)) => money(Some(a), cur, rule),
                        _ => "unpriced".into(),
                    },
                    money(l.converted, c, rule),
                ]
            })
            .collect(),
        &[0, 5, 7, 8],
    );
    if drill.more > 0 {
        totals.push(format!(
            "{} more line(s) counted but not listed",
            drill.more
        ));
    }
    format!("{table}\n{}", totals.join(" · "))
}

pub async fn split(engine: &Engine, args: SplitArgs, out: &Output) -> Result<u8> {
    let r = engine
        .split_shared_cost(SplitQuery {
            month: args.month,
            basis: args.basis,
            amount: text(args.amount),
            currency: text(args.currency),
            line_id: text(args.line),
            codes: text(args.codes),
            percentages: text(args.percentages),
        })
        .await?;
    out.print(&r, || split_text(&r));
    Ok(0)
}

fn split_text(r: &SplitResult) -> String {
    let mut rows: Vec<Vec<String>> = r
        .parts
        .iter()
        .map(|p| {
            vec![
                p.key.clone(),
                p.weight.to_string(),
                format!("{}%", p.share_percent),
                format!("{} {}", p.amount, r.currency),
            ]
        })
        .collect();
    let total = r.total;
    rows.push(vec![
        "Total".into(),
        String::new(),
        String::new(),
        format!("{total} {}", r.currency),
    ]);
    let mut text = vec![
        format!(
            "Split of {} {} ({}) for {}, {}",
            r.amount, r.currency, r.pool, r.month, r.basis_label
        ),
        table(
            &["SERVICE CODE", "WEIGHT", "SHARE", "AMOUNT"],
            rows,
            &[1, 2, 3],
        ),
        format!("Rounding: {}.", r.rounding),
    ];
    for w in &r.warnings {
        text.push(format!("! {w}"));
    }
    text.join("\n")
}

pub async fn readiness(engine: &Engine, out: &Output) -> Result<u8> {
    let all: Vec<Readiness> = engine.readiness().await?;
    out.print(&all, || {
        all.iter()
            .map(|r| {
                let mut lines = vec![format!(
                    "{} {}: {}",
                    r.scope.kind.title(),
                    r.scope.key,
                    if r.ready {
                        "ready for chargeback"
                    } else {
                        "not ready yet"
                    }
                )];
                for c in &r.checks {
                    lines.push(format!(
                        "  {} {:<12} {}",
                        if c.passed { "✓" } else { "✗" },
                        c.item,
                        c.detail
                    ));
                }
                lines.join("\n")
            })
            .collect::<Vec<_>>()
            .join("\n\n")
    });
    Ok(0)
}
