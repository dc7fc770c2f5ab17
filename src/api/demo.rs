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
use crate::store;

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

/// The setting that marks a workspace holding the demo (its value: when it
/// was loaded).
const DEMO_LOADED_AT: &str = "demo_loaded_at";

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
    /// Value hypotheses written down (with months of outcomes).
    pub hypotheses: usize,
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
        let hypotheses = self.load_demo_value().await?;
        let mut tx = self.store.begin().await?;
        store::settings::set(&mut tx, DEMO_LOADED_AT, &self.now()).await?;
        self.record(
            &mut tx,
            "demo.load",
            "workspace",
            None::<&()>,
            Some(&serde_json::json!({ "spend_lines": spend_lines })),
        )
        .await?;
        tx.commit().await?;
        Ok(DemoLoaded {
            hypotheses,
            departments: DEMO_DEPARTMENTS.len(),
            service_codes: imported.created.len(),
            rules: DEMO_RULES.len(),
            spend_lines,
            budgets,
        })
    }
}

/// What clearing the demo did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DemoCleared {
    /// The backup of the workspace as it was, demo and all.
    pub backup: super::backups::BackupInfo,
}

impl Engine {
    /// Whether the demo dataset was loaded into this workspace.
    pub async fn demo_loaded(&self) -> Result<bool> {
        let mut conn = self.store.reader().await?;
        Ok(store::settings::get(&mut conn, DEMO_LOADED_AT)
            .await?
            .is_some())
    }

    /// Clears the demo: keeps a backup of the workspace, then starts an empty
    /// one. The owner's settings and signing-key records are carried over;
    /// everything else in the workspace goes (anything added beside the demo
    /// too, which is why the backup is kept and its place reported).
    pub async fn clear_demo(&self) -> Result<DemoCleared> {
        if !self.demo_loaded().await? {
            return Err(Error::conflict(
                "This workspace does not hold the demo, so there is nothing to clear",
            ));
        }
        let backup = self.automatic_backup("before-clearing-demo").await?;
        self.store.replace_file(None).await?;
        self.seed_prices().await?;
        {
            // ATTACH cannot run inside a transaction: attach, copy in one
            // transaction, detach.
            let mut conn = self.store.writer().await?;
            sqlx::query("ATTACH DATABASE ? AS previous")
                .bind(&backup.path)
                .execute(&mut *conn)
                .await?;
            let copied = async {
                let mut tx = sqlx::Connection::begin(&mut *conn).await?;
                sqlx::query("INSERT INTO signing_key SELECT * FROM previous.signing_key")
                    .execute(&mut *tx)
                    .await?;
                sqlx::query(
                    "INSERT OR REPLACE INTO setting (key, value) \
                     SELECT key, value FROM previous.setting WHERE key <> ?",
                )
                .bind(DEMO_LOADED_AT)
                .execute(&mut *tx)
                .await?;
                tx.commit().await
            }
            .await;
            sqlx::query("DETACH DATABASE previous")
                .execute(&mut *conn)
                .await?;
            copied?;
        }
        let mut tx = self.store.begin().await?;
        self.record(
            &mut tx,
            "demo.clear",
            "workspace",
            None::<&()>,
            Some(&serde_json::json!({ "previous_saved_as": backup.path })),
        )
        .await?;
        tx.commit().await?;
        Ok(DemoCleared { backup })
    }
}

/// The demo's OpenAI API keys: key id, project id, service code (none for a
/// key nobody has claimed yet), model, generator seed, and the GBP it spends
/// in the last closed month (the generated series is scaled to it).
/// One generated API key of the demo.
struct DemoKey {
    key: &'static str,
    project: &'static str,
    code: Option<&'static str>,
    model: &'static str,
    seed: u64,
    last_month_gbp: i64,
}

const DEMO_KEYS: &[DemoKey] = &[
    DemoKey {
        key: "key_cs_summary_01",
        project: "proj_cs_9Lm",
        code: Some("cs-case-summary-prod"),
        model: "gpt-5.4",
        seed: 11,
        last_month_gbp: 1500,
    },
    DemoKey {
        key: "key_fin_ap_02",
        project: "proj_fin_ap_7Qx",
        code: Some("fin-ap-query-prod"),
        model: "gpt-5.4-mini",
        seed: 21,
        last_month_gbp: 880,
    },
    DemoKey {
        key: "key_ops_lab_01",
        project: "proj_ops_lab",
        code: Some("ops-ai-lab-2026"),
        model: "gpt-6-luna",
        seed: 33,
        last_month_gbp: 160,
    },
    DemoKey {
        key: "key_mkt_copy_01",
        project: "proj_mkt_2Bd",
        code: Some("mkt-copy-variants-pilot"),
        model: "gpt-5.5",
        seed: 44,
        last_month_gbp: 410,
    },
    DemoKey {
        key: "key_unknown_77",
        project: "proj_misc",
        code: None,
        model: "gpt-5.4",
        seed: 55,
        last_month_gbp: 90,
    },
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

/// A generated amount in whole cents, half away from zero (as finance and the
/// providers write them).
fn cents(amount: Decimal) -> Decimal {
    amount.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
}

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
    for DemoKey {
        key,
        project,
        code,
        model,
        seed,
        last_month_gbp: target,
    } in DEMO_KEYS
    {
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
            let amount = cents(value * scale);
            if amount.is_zero() {
                continue;
            }
            let input = cents(amount * Decimal::new(35, 2));
            let output = amount - input;
            let from = day.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc();
            let to = from + chrono::Duration::days(1);
            for (part, item) in [
                (input, format!("{model}, input")),
                (output, format!("{model}, output")),
            ] {
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
            let mut gbp = cents(usd * rate);
            *department_totals.entry(department).or_default() += gbp;
            // Finance over-charges Marketing by 6% in the penultimate month: a
            // variance for the reconciliation to find.
            if *code == "mkt-copy-variants-pilot" && n + 2 == closed.len() {
                gbp = cents(gbp * Decimal::new(106, 2));
            }
            showback.push_str(&format!(
                "{label},{department},{cc},{code},OpenAI,{},Prod,\"£{gbp}\",Direct (API key)\n",
                DEMO_KEYS
                    .iter()
                    .find(|k| k.code == Some(*code))
                    .map_or("GPT", |k| k.model)
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
            let monthly = (last * Decimal::new(*share, 2) / Decimal::ONE_HUNDRED)
                .round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
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

/// One value hypothesis of the demo.
struct DemoHypothesis {
    code: &'static str,
    statement: &'static str,
    unit: &'static str,
    baseline: &'static str,
    target: &'static str,
    other: &'static str,
    volume: u64,
    owner: &'static str,
}

const DEMO_HYPOTHESES: &[DemoHypothesis] = &[
    DemoHypothesis {
        code: "cs-case-summary-prod",
        statement: "AI case summaries cut the cost per resolved case from £6.10 to below £4.50",
        unit: "resolved case",
        baseline: "6.10",
        target: "4.50",
        other: "2.80",
        volume: 1000,
        owner: "Priya Nair",
    },
    DemoHypothesis {
        code: "fin-ap-query-prod",
        statement: "The supplier-query assistant answers an invoice query for under £1.50, against £3.20 by hand",
        unit: "answered query",
        baseline: "3.20",
        target: "1.50",
        other: "0.40",
        volume: 1400,
        owner: "Ana Silva",
    },
    DemoHypothesis {
        code: "mkt-copy-variants-pilot",
        statement: "Generated copy variants bring a qualified opportunity in for under £8, against £12 by agency",
        unit: "qualified opportunity",
        baseline: "12.00",
        target: "8.00",
        other: "5.00",
        volume: 60,
        owner: "Leo Marsh",
    },
];

impl Engine {
    /// Writes down the demo's value hypotheses and records generated outcomes
    /// for the closed months from June.
    async fn load_demo_value(&self) -> Result<usize> {
        let today = self.clock.today();
        let start = Month::of(today).plus(-5);
        let review = (Month::of(today).plus(4).first_day()).to_string();
        let mut rng = crate::model::forecast::synthetic::Rng::new(7);
        for d in DEMO_HYPOTHESES {
            let h = self
                .add_hypothesis(super::value::HypothesisInput {
                    service_code: d.code.to_string(),
                    statement: d.statement.to_string(),
                    outcome_unit: d.unit.to_string(),
                    baseline_cost: d.baseline.to_string(),
                    target_cost: d.target.to_string(),
                    other_cost: d.other.to_string(),
                    expected_volume: d.volume.to_string(),
                    owner: d.owner.to_string(),
                    start_month: start.to_string(),
                    review_date: review.clone(),
                    status: "measuring".into(),
                    ..super::value::HypothesisInput::default()
                })
                .await?;
            let mut m = start;
            while m < Month::of(today) {
                // Volume within ±15% of the expected.
                let factor = rng.between(Decimal::new(85, 2), Decimal::new(115, 2));
                let n = (Decimal::from(d.volume) * factor).round_dp_with_strategy(
                    0,
                    rust_decimal::RoundingStrategy::MidpointAwayFromZero,
                );
                self.record_outcomes(h.id, &m.to_string(), &n.to_string())
                    .await?;
                m = m.plus(1);
            }
        }
        Ok(DEMO_HYPOTHESES.len())
    }
}
