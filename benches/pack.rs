//! Signed-pack speed on generated data: `cargo bench --bench pack [-- LINES]`.
//!
//! Writes a finance showback CSV of LINES lines for one department and month,
//! imports it, records the month's approval, then exports the signed approval
//! pack (ledger.csv, pack.xlsx, charts, pack.json, SHA256SUMS and both
//! signatures, zipped) with the key in a passphrase-protected file, and checks
//! the pack as finance would. Prints each step's time, the zip's size and the
//! process's peak resident memory. Results are in BENCHMARKS.md.

use std::io::Write;
use std::sync::Arc;
use std::time::Instant;

mod common;
use common::peak_rss_mb;

use runrate::api::Engine;
use runrate::api::disputes::ApprovalInput;
use runrate::api::imports::ImportOptions;
use runrate::api::packs::PackRequest;
use runrate::api::settings::SettingsPatch;
use runrate::clock::FixedClock;
use runrate::keystore::KeyStorePolicy;

const PASSPHRASE: &str = "a bench passphrase";

/// One department's September: LINES lines over 30 days and 60 workloads.
fn showback_csv(path: &std::path::Path, lines: usize) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(out, "Date,Department,Cost Centre,Workload Code,Provider,Model,Environment,Amount,Allocation Method").unwrap();
    for i in 0..lines {
        writeln!(
            out,
            "2026-09-{:02},Marketing,CC-4100,WL-{},OpenAI,gpt-5.4-mini,Prod,\"£{}.{:02}\",Direct",
            1 + i % 30,
            i % 60,
            1 + i % 90,
            i % 100
        )
        .unwrap();
    }
}

fn step(name: &str, started: Instant) {
    println!(
        "{name:<28} {:>7.2} s  peak RSS {:>6.0} MB",
        started.elapsed().as_secs_f64(),
        peak_rss_mb()
    );
}

fn main() {
    let lines: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().unwrap();
    let showback = dir.path().join("showback.csv");
    showback_csv(&showback, lines);
    let out = dir.path().join("pack.zip");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let clock = Arc::new(FixedClock::at("2026-11-22T09:30:00Z").unwrap());
        let mut engine = Engine::open(&dir.path().join("bench.db"), clock)
            .await
            .unwrap();
        engine.set_key_store_policy(KeyStorePolicy::File);
        engine
            .update_settings(SettingsPatch {
                owner_name: Some("Bench Owner".into()),
                owner_role: Some("Budget owner".into()),
                ..SettingsPatch::default()
            })
            .await
            .unwrap();
        engine.create_signing_key(PASSPHRASE).await.unwrap();
        engine.add_department("Marketing", &[]).await.unwrap();

        let started = Instant::now();
        let summary = engine
            .import_file(&showback, &ImportOptions::default())
            .await
            .unwrap();
        assert!(summary.committed, "{:?}", summary.issues.first());
        assert_eq!(summary.lines_imported as usize, lines);
        step(&format!("import {lines} lines"), started);

        engine
            .approve(ApprovalInput {
                department: "Marketing".into(),
                month: "2026-09".into(),
                signer_name: String::new(),
                signer_role: String::new(),
                statement: String::new(),
            })
            .await
            .unwrap();
        let request = PackRequest {
            kind: "approval".into(),
            department: "Marketing".into(),
            month: "2026-09".into(),
            passphrase: PASSPHRASE.into(),
        };
        let started = Instant::now();
        let stages = std::sync::Mutex::new(Vec::<(String, Instant)>::new());
        let exported = engine
            .export_pack(
                &request,
                &out,
                &|p| {
                    stages.lock().unwrap().push((p.stage, Instant::now()));
                },
                &runrate::api::cancel::Cancel::new(),
            )
            .await
            .unwrap();
        assert_eq!(exported.lines as usize, lines);
        let ended = Instant::now();
        let stages = stages.into_inner().unwrap();
        for (i, (stage, at)) in stages.iter().enumerate() {
            let until = stages.get(i + 1).map_or(ended, |(_, next)| *next);
            println!("  {stage:<40} {:>7.2} s", (until - *at).as_secs_f64());
        }
        step("export signed pack", started);
        let size = std::fs::metadata(&out).unwrap().len();
        println!("pack size {:.1} MB", size as f64 / 1_048_576.0);

        let started = Instant::now();
        let checked = runrate::api::packs::verify_file(
            &out,
            None,
            None,
            vec![exported.signer_fingerprint.clone()],
        )
        .unwrap();
        assert!(checked.valid && checked.trusted, "{}", checked.verdict);
        step("verify pack", started);
        engine.close().await;
    });
}
