//! Import speed on generated files: `cargo bench --bench import [-- ROWS]`.
//!
//! Writes an OpenAI usage export (priced from the price book while importing)
//! and a finance showback CSV of the given size into a temporary folder,
//! imports each into a fresh database, and prints rows per second and the
//! process's peak resident memory. Targets and results are in
//! BENCHMARKS.md.

use std::io::Write;
use std::sync::Arc;
use std::time::Instant;

mod common;
use common::peak_rss_mb;

use runrate::api::Engine;
use runrate::api::imports::ImportOptions;
use runrate::clock::FixedClock;

fn usage_csv(path: &std::path::Path, rows: usize) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(out, "start_time,end_time,start_time_iso,end_time_iso,project_id,num_model_requests,user_id,api_key_id,model,batch,service_tier,input_tokens,output_tokens,input_cached_tokens,input_uncached_tokens").unwrap();
    let models = ["gpt-5.4-mini", "gpt-5.5", "gpt-5.4-nano", "gpt-6-sol"];
    for i in 0..rows {
        // 50 keys × 4 models per day, as many days as it takes.
        let day = i / 200;
        let start = 1_767_225_600 + (day as i64) * 86_400;
        writeln!(
            out,
            "{start},{},,,proj_{},{},,key_{},{},,,{},{},{},{}",
            start + 86_400,
            i % 7,
            i % 97 + 1,
            i % 50,
            models[i % 4],
            10_000 + i % 5_000,
            1_000 + i % 700,
            i % 3_000,
            7_000 + i % 2_000,
        )
        .unwrap();
    }
}

fn showback_csv(path: &std::path::Path, rows: usize) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(
        out,
        "AI services showback\nPeriod: Sep-26 (figures in GBP)\n"
    )
    .unwrap();
    writeln!(out, "Month,Department,Cost Centre,Workload Code,Provider,Model,Environment,Amount,Allocation Method").unwrap();
    for i in 0..rows {
        writeln!(
            out,
            "Sep-26,Dept {},CC-{},WL-{},OpenAI,gpt-5.4-mini,Prod,\"£{},{:03}.{:02}\",Direct",
            i % 40,
            4000 + i % 90,
            i,
            1 + i % 9,
            i % 1000,
            i % 100
        )
        .unwrap();
    }
}

async fn run(name: &str, path: &std::path::Path, rows: usize) {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(FixedClock::at("2026-12-01T09:00:00Z").unwrap());
    let engine = Engine::open(&dir.path().join("bench.db"), clock)
        .await
        .unwrap();
    let started = Instant::now();
    let summary = engine
        .import_file(path, &ImportOptions::default())
        .await
        .unwrap();
    let seconds = started.elapsed().as_secs_f64();
    assert!(summary.committed, "{name}: {:?}", summary.issues.first());
    assert_eq!(summary.lines_imported as usize, rows, "{name}");
    println!(
        "{name:<22} {rows:>9} rows  {seconds:>7.2} s  {:>9.0} rows/s  peak RSS {:>6.0} MB",
        rows as f64 / seconds,
        peak_rss_mb()
    );
    engine.close().await;
}

fn main() {
    let rows: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().unwrap();
    let usage = dir.path().join("completions_usage.csv");
    let showback = dir.path().join("showback.csv");
    usage_csv(&usage, rows);
    showback_csv(&showback, rows);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        run("openai usage (priced)", &usage, rows).await;
        run("showback csv", &showback, rows).await;
    });
}
