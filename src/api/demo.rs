//! The demo dataset offered on first run, so a new user sees a populated app
//! before importing their own files.

use std::collections::BTreeMap;
use std::io::Write;

use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;

use serde::Serialize;
use ts_rs::TS;

use super::Engine;
use super::budgets::BudgetInput;
use super::codes::CodeFilter;
use super::imports::ImportOptions;
use super::prices::FxInput;
use super::rules::RuleInput;
use crate::error::{Error, Result};
use crate::model::forecast::synthetic::generate;
use crate::model::month::{FiscalYear, Month};

/// The demo service-code register (`assets/demo/service-codes.csv`).
const DEMO_REGISTER: &str = include_str!("../../assets/demo/service-codes.csv");

/// Departments with the other spellings finance and providers use for them.
const DEMO_DEPARTMENTS: &[(&str, &[&str])] = &[
    ("Customer Service", &["CS", "Cust Svc", "Customer Services"]),
    ("Finance", &["FIN", "Finance & Accounting"]),
    ("Marketing", &["mktg", "MKT"]),
    ("Operations", &["Ops"]),
    ("People", &["HR", "Human Resources"]),
];

/// Provider identifiers mapped to demo codes: (kind, pattern, code, provider).
const DEMO_RULES: &[(&str, &str, &str, &str)] = &[
    (
        "api_key_name",
        "cs-summary-prod",
        "cs-case-summary-prod",
        "openai",
    ),
    (
        "anthropic_workspace",
        "wrkspc_cs_reply",
        "cs-reply-draft-pilot",
        "anthropic",
    ),
    (
        "openai_project",
        "proj_fin_ap_7Qx",
        "fin-ap-query-prod",
        "openai",
    ),
    ("tag", "workload=fin-close", "fin-close-notes-explore", ""),
    ("workload_code", "MKT-COPY", "mkt-copy-variants-pilot", ""),
    ("api_key_id", "key_ops_lab_01", "ops-ai-lab-2026", ""),
    (
        "api_key_id",
        "key_cs_summary_01",
        "cs-case-summary-prod",
        "openai",
    ),
    (
        "api_key_id",
        "key_mkt_copy_01",
        "mkt-copy-variants-pilot",
        "openai",
    ),
];

/// What loading the demo added.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DemoLoaded {
    /// Departments added.
    pub departments: usize,
    /// Service codes added.
    pub service_codes: usize,
    /// Attribution rules added.
    pub rules: usize,
    /// Spend lines imported (generated provider usage and finance showback).
    pub spend_lines: u64,
    /// Budgets set.
    pub budgets: usize,
}

impl Engine {
    /// Whether the database is empty enough to offer the demo (no service codes yet).
    pub async fn is_empty(&self) -> Result<bool> {
        Ok(self
            .list_service_codes(CodeFilter::default())
            .await?
            .is_empty())
    }

    /// Loads the demo departments, service codes and rules into an empty database.
    pub async fn load_demo(&self) -> Result<DemoLoaded> {
        if !self.is_empty().await? || !self.list_departments().await?.is_empty() {
            return Err(Error::conflict(
                "The demo can only be loaded into an empty database; this one already has data",
            ));
        }
        for (name, aliases) in DEMO_DEPARTMENTS {
            let aliases: Vec<String> = aliases.iter().map(|a| a.to_string()).collect();
            self.add_department(name, &aliases).await?;
        }
        let mut file = tempfile::Builder::new()
            .prefix("runrate-demo-")
            .suffix(".csv")
            .tempfile()?;
        file.write_all(DEMO_REGISTER.as_bytes())?;
        file.flush()?;
        let imported = self.import_register(file.path(), false).await?;
        if !imported.committed {
            return Err(Error::internal("the demo register did not import")
                .with_detail(format!("{:?}", imported.rejected)));
        }
        for (kind, pattern, code, provider) in DEMO_RULES {
            self.add_rule(RuleInput {
                kind: kind.to_string(),
                pattern: pattern.to_string(),
                service_code: code.to_string(),
                provider: provider.to_string(),
            })
            .await?;
        }
        let (spend_lines, budgets) = self.load_demo_spend().await?;
        Ok(DemoLoaded {
            departments: DEMO_DEPARTMENTS.len(),
            service_codes: imported.created.len(),
            rules: DEMO_RULES.len(),
            spend_lines,
            budgets,
        })
    }
}

/// The demo's OpenAI API keys: key id, project id, service code (none for a
/// key nobody has claimed yet), generator seed, and the GBP it spends in the
/// last closed month (the generated series is scaled to it).
const DEMO_KEYS: &[(&str, &str, Option<&str>, u64, i64)] = &[
    (
        "key_cs_summary_01",
        "proj_cs_9Lm",
        Some("cs-case-summary-prod"),
        11,
        1500,
    ),
    (
        "key_fin_ap_02",
        "proj_fin_ap_7Qx",
        Some("fin-ap-query-prod"),
        21,
        880,
    ),
    (
        "key_ops_lab_01",
        "proj_ops_lab",
        Some("ops-ai-lab-2026"),
        33,
        160,
    ),
    (
        "key_mkt_copy_01",
        "proj_mkt_2Bd",
        Some("mkt-copy-variants-pilot"),
        44,
        410,
    ),
    ("key_unknown_77", "proj_misc", None, 55, 90),
];

/// Department and cost centre of each demo code with spend.
const DEMO_OWNERS: &[(&str, &str, &str)] = &[
    ("cs-case-summary-prod", "Customer Service", "CC-2100"),
    ("fin-ap-query-prod", "Finance", "CC-4410"),
    ("ops-ai-lab-2026", "Operations", "CC-5000"),
    ("mkt-copy-variants-pilot", "Marketing", "CC-3300"),
];

/// Monthly budgets as a share of the last closed month's spend, per department.
const DEMO_BUDGET_SHARES: &[(&str, i64)] = &[
    ("Customer Service", 115),
    ("Finance", 90),
    ("Operations", 160),
    ("Marketing", 125),
];

/// The demo's USD→GBP rate for a month: near 0.79, moving a little.
fn demo_rate(month: Month) -> Decimal {
    let wobble = i64::from(month.month % 5) - 2;
    Decimal::new(790 + wobble * 4, 3)
}

struct DemoSpend {
    usage_csv: String,
    showback_csv: String,
    fx: Vec<(Month, Decimal)>,
    /// GBP spend of the last closed month per department.
    last_month: Vec<(String, Decimal)>,
}

/// Generates daily OpenAI cost lines from `start` through `through` and the
/// showback finance would have sent for each closed month.
fn demo_spend(start: NaiveDate, through: NaiveDate) -> DemoSpend {
    let days = (through - start).num_days().max(0) as usize + 1;
    let mut usage = String::from(
        "start_time,end_time,start_time_iso,end_time_iso,amount_value,amount_currency,quantity,quantity_unit,line_item,user_id,api_key_id,project_id,organization_id,project_name,organization_name,user_email\n",
    );
    // Per code and month: USD spent.
    let mut monthly: BTreeMap<(String, Month), Decimal> = BTreeMap::new();
    let last_closed = Month::of(through + Days::new(1)).plus(-1);
    for (key, project, code, seed, target) in DEMO_KEYS {
        let (_, series) = generate(*seed, start, days);
        let last_usd: Decimal = series
            .usage
            .iter()
            .enumerate()
            .filter(|(i, _)| Month::of(start + Days::new(*i as u64)) == last_closed)
            .map(|(_, v)| *v)
            .sum();
        let scale = if last_usd.is_zero() {
            Decimal::ONE
        } else {
            Decimal::from(*target) / demo_rate(last_closed) / last_usd
        };
        for (i, value) in series.usage.iter().enumerate() {
            let day = start + Days::new(i as u64);
            let amount = (value * scale).round_dp(2);
            if amount.is_zero() {
                continue;
            }
            let input = (amount * Decimal::new(35, 2)).round_dp(2);
            let output = amount - input;
            let from = day.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc();
            let to = from + chrono::Duration::days(1);
            for (part, item) in [(input, "gpt-5.5, input"), (output, "gpt-5.5, output")] {
                usage.push_str(&format!(
                    "{},{},{},{},{part},usd,,,\"{item}\",,{key},{project},org-Demo01,,Demo Ltd,\n",
                    from.timestamp(),
                    to.timestamp(),
                    from.format("%Y-%m-%dT%H:%M:%S+00:00"),
                    to.format("%Y-%m-%dT%H:%M:%S+00:00"),
                ));
            }
            if let Some(code) = code {
                *monthly
                    .entry((code.to_string(), Month::of(day)))
                    .or_default() += amount;
            }
        }
    }
    let first = Month::of(start);
    let current = Month::of(through + Days::new(1));
    let mut fx = Vec::new();
    let mut m = first;
    while m <= current {
        fx.push((m, demo_rate(m)));
        m = m.plus(1);
    }
    let mut showback = String::from(
        "DEMO LTD — AI SERVICES SHOWBACK,,,,,,,,\n(figures in GBP),,,,,,,,\n,,,,,,,,\n\
         Month,Department,Cost Centre,Workload Code,Provider,Model,Environment,Amount,Allocation Method\n",
    );
    let mut last_month = Vec::new();
    let closed: Vec<Month> = fx
        .iter()
        .map(|(m, _)| *m)
        .filter(|m| *m < current)
        .collect();
    for (n, month) in closed.iter().enumerate() {
        let label = month.first_day().format("%b-%y").to_string();
        let rate = demo_rate(*month);
        let mut department_totals: BTreeMap<&str, Decimal> = BTreeMap::new();
        for (code, department, cc) in DEMO_OWNERS {
            let Some(usd) = monthly.get(&(code.to_string(), *month)) else {
                continue;
            };
            let mut gbp = (usd * rate).round_dp(2);
            *department_totals.entry(department).or_default() += gbp;
            // Finance over-charges Marketing by 6% in the penultimate month: a
            // variance for the reconciliation to find.
            if *code == "mkt-copy-variants-pilot" && n + 2 == closed.len() {
                gbp = (gbp * Decimal::new(106, 2)).round_dp(2);
            }
            showback.push_str(&format!(
                "{label},{department},{cc},{code},OpenAI,GPT-5.5,Prod,\"£{gbp}\",Direct (API key)\n"
            ));
        }
        // A shared gateway charge, split by finance in proportion to tokens.
        showback.push_str(&format!(
            "{label},Customer Service,CC-2100,,Shared,AI gateway,Prod,\"£{}\",Proportional (tokens 37%)\n",
            Decimal::new(18500 + (month.month as i64) * 100, 2)
        ));
        if n + 1 == closed.len() {
            last_month = department_totals
                .into_iter()
                .map(|(d, v)| (d.to_string(), v))
                .collect();
        }
    }
    DemoSpend {
        usage_csv: usage,
        showback_csv: showback,
        fx,
        last_month,
    }
}

impl Engine {
    /// Imports the demo's generated spend (nine months of daily OpenAI usage
    /// up to yesterday, and finance's showback for the closed months), its FX
    /// rates and department budgets; returns the lines imported and budgets set.
    async fn load_demo_spend(&self) -> Result<(u64, usize)> {
        let today = self.clock.today();
        let through = today - Days::new(1);
        let start = Month::of(today).plus(-8).first_day();
        let spend = demo_spend(start, through);
        for (month, rate) in &spend.fx {
            self.set_fx(FxInput {
                month: month.to_string(),
                from: "USD".into(),
                to: "GBP".into(),
                rate: rate.to_string(),
                source: "Demo month-end rate".into(),
            })
            .await?;
        }
        let folder = tempfile::tempdir()?;
        let mut lines = 0;
        for (name, text) in [
            ("demo-openai-costs.csv", &spend.usage_csv),
            ("demo-finance-showback.csv", &spend.showback_csv),
        ] {
            let path = folder.path().join(name);
            std::fs::write(&path, text)?;
            let summary = self.import_file(&path, &ImportOptions::default()).await?;
            lines += summary.lines_imported;
        }
        let mut budgets = 0;
        let fy = FiscalYear::of(
            Month::of(today),
            self.settings().await?.fiscal_year_start_month,
        );
        for (department, share) in DEMO_BUDGET_SHARES {
            let Some((_, last)) = spend.last_month.iter().find(|(d, _)| d == department) else {
                continue;
            };
            // Rounded to the nearest hundred, as a budget would be.
            let monthly = (last * Decimal::new(*share, 2) / Decimal::ONE_HUNDRED).round()
                * Decimal::ONE_HUNDRED;
            for (period, amount) in [
                (Month::of(today).to_string(), monthly),
                (fy.to_string(), monthly * Decimal::from(12)),
            ] {
                self.set_budget(BudgetInput {
                    department: department.to_string(),
                    period,
                    amount: amount.to_string(),
                    ..BudgetInput::default()
                })
                .await?;
                budgets += 1;
            }
        }
        Ok((lines, budgets))
    }
}
