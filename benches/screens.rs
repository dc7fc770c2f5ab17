//! How long each screen's data takes on a year of spend:
//! `cargo bench --bench screens [-- KEYS]`.
//!
//! Loads the demo (its departments, codes, budgets and value hypotheses), then
//! imports a generated OpenAI usage export covering the year to the clock's
//! date: KEYS API keys (default 50) × 4 models × 365 days, the keys mapped to
//! the demo's service codes by rules. Each screen's engine calls are then
//! timed, the median of seven runs reported, as the window makes them when
//! the screen opens. Results are in BENCHMARKS.md.

use std::io::Write;
use std::sync::Arc;
use std::time::{Duration, Instant};

mod common;
use common::peak_rss_mb;

use runrate::api::Engine;
use runrate::api::forecasts::ForecastQuery;
use runrate::api::imports::ImportOptions;
use runrate::api::reconcile::{LinesQuery, ReconcileQuery};
use runrate::api::reports::SpendQuery;
use runrate::api::rules::RuleInput;
use runrate::clock::FixedClock;

const NOW: &str = "2026-11-22T09:30:00Z";
const CODES: [&str; 5] = [
    "cs-case-summary-prod",
    "fin-ap-query-prod",
    "mkt-copy-variants-pilot",
    "ops-ai-lab-2026",
    "fin-close-notes-explore",
];

/// A year of daily usage: `keys` keys × 4 models a day, to the day before `NOW`.
fn usage_csv(path: &std::path::Path, keys: usize) -> usize {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(out, "start_time,end_time,start_time_iso,end_time_iso,project_id,num_model_requests,user_id,api_key_id,model,batch,service_tier,input_tokens,output_tokens,input_cached_tokens,input_uncached_tokens").unwrap();
    let models = ["gpt-5.4-mini", "gpt-5.5", "gpt-5.4-nano", "gpt-5.4"];
    // 2025-11-22 00:00 UTC, 365 days before the clock's day.
    let first = 1_763_769_600i64;
    let mut rows = 0;
    for day in 0..365i64 {
        let start = first + day * 86_400;
        for key in 0..keys {
            for (m, model) in models.iter().enumerate() {
                let i = (day as usize) * keys * 4 + key * 4 + m;
                writeln!(
                    out,
                    "{start},{},,,proj_bench_{},{},,key_bench_{key},{model},,,{},{},{},{}",
                    start + 86_400,
                    key % 7,
                    20 + i % 90,
                    20_000 + i % 9_000,
                    2_000 + i % 1_500,
                    i % 4_000,
                    16_000 + i % 5_000,
                )
                .unwrap();
                rows += 1;
            }
        }
    }
    rows
}

async fn median<T, F, Fut>(mut call: F) -> Duration
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = runrate::error::Result<T>>,
{
    let mut times = Vec::new();
    for _ in 0..7 {
        let started = Instant::now();
        call().await.expect("the screen's call");
        times.push(started.elapsed());
    }
    times.sort();
    times[times.len() / 2]
}

#[tokio::main]
async fn main() {
    let keys: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(50);
    let dir = tempfile::tempdir().unwrap();
    let engine = Engine::open(
        &dir.path().join("runrate.db"),
        Arc::new(FixedClock::at(NOW).unwrap()),
    )
    .await
    .unwrap();
    engine.load_demo().await.unwrap();
    for key in 0..keys {
        engine
            .add_rule(RuleInput {
                kind: "api_key_id".into(),
                pattern: format!("key_bench_{key}"),
                service_code: CODES[key % CODES.len()].into(),
                provider: "openai".into(),
            })
            .await
            .unwrap();
    }
    let file = dir.path().join("usage-year.csv");
    let rows = usage_csv(&file, keys);
    let started = Instant::now();
    let imported = engine
        .import_file(&file, &ImportOptions::default())
        .await
        .unwrap();
    assert!(imported.committed);
    println!(
        "a year of usage: {rows} rows imported in {:.2} s ({} lines in the workspace with the demo)",
        started.elapsed().as_secs_f64(),
        imported.lines_imported + 2_700
    );

    let month = "2026-11";
    let last = "2026-10";
    let mut table: Vec<(&str, Duration)> = Vec::new();
    table.push((
        "Overview: tiles",
        median(|| engine.overview_tiles("")).await,
    ));
    table.push((
        "Overview: spend report",
        median(|| {
            engine.spend_report(SpendQuery {
                month: month.into(),
                by: "department".into(),
                ..SpendQuery::default()
            })
        })
        .await,
    ));
    table.push((
        "Overview: lines behind a total",
        median(|| {
            engine.spend_lines(LinesQuery {
                month: month.into(),
                by: "department".into(),
                key: "Customer Service".into(),
                source: String::new(),
            })
        })
        .await,
    ));
    table.push((
        "Budgets & forecast: one department",
        median(|| {
            engine.forecast_view(ForecastQuery {
                department: "Customer Service".into(),
                ..ForecastQuery::default()
            })
        })
        .await,
    ));
    table.push(("Budgets: list", median(|| engine.list_budgets()).await));
    table.push((
        "Reconciliation: last month",
        median(|| {
            engine.reconcile(ReconcileQuery {
                month: last.into(),
                ..ReconcileQuery::default()
            })
        })
        .await,
    ));
    table.push((
        "Attribution: unattributed, every month",
        median(|| engine.unattributed_spend("")).await,
    ));
    table.push(("Imports: history", median(|| engine.list_imports()).await));
    table.push((
        "Value: one hypothesis",
        median(|| engine.value_view(1, "", "")).await,
    ));
    table.push((
        "Value: portfolio",
        median(|| engine.value_portfolio()).await,
    ));
    table.push((
        "Disputes: a department's month",
        median(|| engine.month_lines("Customer Service", last)).await,
    ));
    println!("\n| Screen | Median of 7 |\n|---|---|");
    for (screen, time) in &table {
        println!("| {screen} | {:.0} ms |", time.as_secs_f64() * 1000.0);
    }
    println!("\npeak RSS {:.0} MB", peak_rss_mb());
}
