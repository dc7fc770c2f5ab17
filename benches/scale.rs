//! Runrate at scale, against its targets and against the practical limit:
//! `cargo bench --bench scale -- [--rounds N] [--only a,b] [--rows N] [--fresh]`.
//!
//! Generates (seeded, nothing downloaded) a 1M-row OpenAI usage export and
//! cost export, a 200k-row showback workbook, a workspace of 1M lines, one of
//! 500 service codes with a year of daily history, and a 100k-line month for
//! a signed pack, into `target/bench-scale/`. Every measurement runs in a
//! child process of its own, so each has its own peak memory (VmHWM); the
//! scenarios run round-robin, `--rounds` times (default 3), and the medians,
//! ranges and same-round ratios are printed as a Markdown table. BENCHMARKS.md
//! holds the figures and how to read them.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

mod common;
use common::peak_rss_mb;

use runrate::api::Engine;
use runrate::api::disputes::ApprovalInput;
use runrate::api::forecasts::ForecastQuery;
use runrate::api::imports::ImportOptions;
use runrate::api::packs::PackRequest;
use runrate::api::reconcile::LinesQuery;
use runrate::api::reports::SpendQuery;
use runrate::api::rules::RuleInput;
use runrate::api::settings::SettingsPatch;
use runrate::clock::FixedClock;
use runrate::keystore::KeyStorePolicy;
use runrate::model::service_code::ServiceCodeInput;

/// The day every workspace is opened on: the generated data runs up to it.
const NOW: &str = "2026-11-22T09:30:00Z";
/// 2026-11-22 00:00 UTC, the clock's day: the usage and cost exports end here.
const LAST_HOUR_END: i64 = 1_795_305_600;

/// The exports' first hour: as many hours back as `rows` key-model-hours fill.
fn first_hour(rows: usize) -> i64 {
    let hours = rows.div_ceil(EXPORT_KEYS * MODELS.len()) as i64;
    LAST_HOUR_END - hours * 3_600
}
const PASSPHRASE: &str = "a bench passphrase";
const MODELS: [&str; 4] = ["gpt-5.4-mini", "gpt-5.5", "gpt-5.4-nano", "gpt-5.4"];
const DEPARTMENTS: [&str; 10] = [
    "Customer Service",
    "Finance",
    "Marketing",
    "Operations",
    "Legal",
    "Sales",
    "Engineering",
    "People",
    "Procurement",
    "Research",
];

/// Sizes of the generated data; `--rows` scales the million-row cases.
#[derive(Clone, Copy)]
struct Sizes {
    csv_rows: usize,
    xlsx_rows: usize,
    codes: usize,
    pack_lines: usize,
}

impl Sizes {
    fn of(csv_rows: usize) -> Sizes {
        Sizes {
            csv_rows,
            xlsx_rows: csv_rows / 5,
            codes: 500,
            pack_lines: csv_rows / 10,
        }
    }
}

/// A small deterministic generator (SplitMix64), so the data is the same on
/// every machine and every run.
struct Seeded(u64);

impl Seeded {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

// ---------------------------------------------------------------- the data

/// Keys in the million-row exports: 100 keys × 4 models, one row per hour.
const EXPORT_KEYS: usize = 100;

fn usage_csv(path: &Path, rows: usize) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(out, "start_time,end_time,start_time_iso,end_time_iso,project_id,num_model_requests,user_id,api_key_id,model,batch,service_tier,input_tokens,output_tokens,input_cached_tokens,input_uncached_tokens").unwrap();
    let mut random = Seeded(1);
    for i in 0..rows {
        let hour = (i / (EXPORT_KEYS * MODELS.len())) as i64;
        let key = (i / MODELS.len()) % EXPORT_KEYS;
        let model = MODELS[i % MODELS.len()];
        let start = first_hour(rows) + hour * 3_600;
        let input = 2_000 + random.below(60_000);
        let cached = random.below(input / 2);
        writeln!(
            out,
            "{start},{},,,proj_{},{},,key_bench_{key},{model},false,default,{input},{},{cached},{}",
            start + 3_600,
            key % 7,
            1 + random.below(40),
            300 + random.below(8_000),
            input - cached,
        )
        .unwrap();
    }
}

fn cost_csv(path: &Path, rows: usize) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(out, "start_time,end_time,start_time_iso,end_time_iso,amount_value,amount_currency,quantity,quantity_unit,line_item,user_id,api_key_id,project_id,organization_id,project_name,organization_name,user_email").unwrap();
    let mut random = Seeded(2);
    let kinds = ["input", "output", "cached input", "batch input"];
    for i in 0..rows {
        let hour = (i / (EXPORT_KEYS * MODELS.len())) as i64;
        let key = (i / MODELS.len()) % EXPORT_KEYS;
        let start = first_hour(rows) + hour * 3_600;
        let model = MODELS[random.below(4) as usize];
        let kind = kinds[i % kinds.len()];
        writeln!(
            out,
            "{start},{},,,{}.{:06},usd,{},tokens,\"{model}, {kind}\",,key_bench_{key},proj_{},org-Bench,Project {},Bench Corp,",
            start + 3_600,
            random.below(40),
            random.below(1_000_000),
            100 + random.below(90_000),
            key % 7,
            key % 7,
        )
        .unwrap();
    }
}

fn showback_xlsx(path: &Path, rows: usize) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet_with_constant_memory().unwrap();
    sheet.set_name("Showback").unwrap();
    let header = [
        "Month",
        "Department",
        "Cost Centre",
        "Workload Code",
        "Provider",
        "Model",
        "Environment",
        "Amount",
        "Allocation Method",
    ];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    let mut random = Seeded(3);
    for i in 0..rows {
        let r = (i + 1) as u32;
        let department = DEPARTMENTS[i % DEPARTMENTS.len()];
        sheet.write_string(r, 0, "Oct-26").unwrap();
        sheet.write_string(r, 1, department).unwrap();
        sheet
            .write_string(r, 2, format!("CC-{}", 4000 + i % 90))
            .unwrap();
        sheet.write_string(r, 3, format!("WL-{i}")).unwrap();
        sheet.write_string(r, 4, "OpenAI").unwrap();
        sheet
            .write_string(r, 5, MODELS[random.below(4) as usize])
            .unwrap();
        sheet.write_string(r, 6, "Prod").unwrap();
        let pence = 100 + random.below(500_000);
        sheet.write_number(r, 7, pence as f64 / 100.0).unwrap();
        sheet.write_string(r, 8, "Direct").unwrap();
    }
    book.save(path).unwrap();
}

/// One department's October for the pack: LINES lines over 31 days.
fn pack_csv(path: &Path, lines: usize) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(out, "Date,Department,Cost Centre,Workload Code,Provider,Model,Environment,Amount,Allocation Method").unwrap();
    let mut random = Seeded(4);
    for i in 0..lines {
        writeln!(
            out,
            "2026-10-{:02},Marketing,CC-4100,WL-{},OpenAI,{},Prod,\"£{}.{:02}\",Direct",
            1 + i % 31,
            i % 60,
            MODELS[random.below(4) as usize],
            1 + random.below(90),
            random.below(100)
        )
        .unwrap();
    }
}

/// A year of daily usage for `codes` keys (one per service code), 2 models.
fn year_csv(path: &Path, codes: usize) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(out, "start_time,end_time,start_time_iso,end_time_iso,project_id,num_model_requests,user_id,api_key_id,model,batch,service_tier,input_tokens,output_tokens,input_cached_tokens,input_uncached_tokens").unwrap();
    let mut random = Seeded(5);
    // 2025-11-22 00:00 UTC, 365 days before the clock's day.
    let first = 1_763_769_600i64;
    for day in 0..365i64 {
        let start = first + day * 86_400;
        for key in 0..codes {
            let model = MODELS[key % 2];
            let input = 20_000 + random.below(200_000);
            writeln!(
                out,
                "{start},{},,,proj_{},{},,key_code_{key},{model},false,default,{input},{},0,{input}",
                start + 86_400,
                key % 7,
                10 + random.below(300),
                2_000 + random.below(20_000),
            )
            .unwrap();
        }
    }
}

fn code_name(i: usize) -> String {
    format!("wl-{:03}-prod", i)
}

// ------------------------------------------------------ the workspaces

async fn engine(db: &Path) -> Engine {
    let clock = Arc::new(FixedClock::at(NOW).unwrap());
    Engine::open(db, clock).await.unwrap()
}

/// Departments, `codes` service codes spread over them, and a rule mapping
/// each code's key (`key_code_N`) and each export key (`key_bench_N`) to it.
async fn organisation(engine: &Engine, codes: usize) {
    for (d, name) in DEPARTMENTS.iter().enumerate() {
        engine.add_department(name, &[]).await.unwrap();
        engine
            .add_cost_centre(&format!("CC-{}", 4000 + d), name, Some(name))
            .await
            .unwrap();
    }
    for i in 0..codes {
        engine
            .add_service_code(ServiceCodeInput {
                code: code_name(i),
                description: format!("Generated workload {i}"),
                department: DEPARTMENTS[i % DEPARTMENTS.len()].into(),
                business_owner: "Bench Owner".into(),
                technical_owner: "Bench Engineer".into(),
                cost_centre: format!("CC-{}", 4000 + i % DEPARTMENTS.len()),
                environment: "production".into(),
                stage: "production".into(),
                model_tier: "standard".into(),
                data_classification: "internal".into(),
                allowed_providers: vec!["openai".into()],
                budget_cap: format!("{}", 1_000 + i * 10),
                expected_run_rate: format!("{}", 800 + i * 10),
                review_date: "2027-06-30".into(),
                ..ServiceCodeInput::default()
            })
            .await
            .unwrap();
        engine
            .add_rule(RuleInput {
                kind: "api_key_id".into(),
                pattern: format!("key_code_{i}"),
                service_code: code_name(i),
                provider: "openai".into(),
            })
            .await
            .unwrap();
        if i < EXPORT_KEYS {
            engine
                .add_rule(RuleInput {
                    kind: "api_key_id".into(),
                    pattern: format!("key_bench_{i}"),
                    service_code: code_name(i),
                    provider: "openai".into(),
                })
                .await
                .unwrap();
        }
    }
}

fn import_options() -> ImportOptions {
    ImportOptions::default()
}

async fn import(engine: &Engine, file: &Path) -> u64 {
    let summary = engine.import_file(file, &import_options()).await.unwrap();
    assert!(
        summary.committed,
        "{}: {:?}",
        file.display(),
        summary.issues.first()
    );
    summary.lines_imported
}

/// Writes whatever is missing from `dir` (files are reused between runs of
/// the same sizes; `--fresh` starts again).
fn prepare(dir: &Path, sizes: Sizes, runtime: &tokio::runtime::Runtime) {
    std::fs::create_dir_all(dir).unwrap();
    let stamp = dir.join("sizes");
    let wanted = format!(
        "{} {} {} {}",
        sizes.csv_rows, sizes.xlsx_rows, sizes.codes, sizes.pack_lines
    );
    if std::fs::read_to_string(&stamp).ok().as_deref() != Some(wanted.as_str()) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                std::fs::remove_file(path).unwrap();
            }
        }
        std::fs::write(&stamp, &wanted).unwrap();
    }
    let make = |name: &str, write: &dyn Fn(&Path)| {
        let path = dir.join(name);
        if !path.exists() {
            let started = Instant::now();
            let partial = dir.join(format!("{name}.partial"));
            write(&partial);
            std::fs::rename(&partial, &path).unwrap();
            eprintln!(
                "generated {name} ({:.1} MB) in {:.1} s",
                std::fs::metadata(&path).unwrap().len() as f64 / 1e6,
                started.elapsed().as_secs_f64()
            );
        }
    };
    make("usage.csv", &|p| usage_csv(p, sizes.csv_rows));
    make("cost.csv", &|p| cost_csv(p, sizes.csv_rows));
    make("showback.xlsx", &|p| showback_xlsx(p, sizes.xlsx_rows));
    make("pack.csv", &|p| pack_csv(p, sizes.pack_lines));
    make("year.csv", &|p| year_csv(p, sizes.codes));
    // The two workspaces the read-side measurements open.
    let workspace = |name: &str, files: &[&str]| {
        let db = dir.join(name);
        if db.exists() {
            return;
        }
        let started = Instant::now();
        let building = dir.join(format!("building-{name}"));
        let _ = std::fs::remove_file(&building);
        runtime.block_on(async {
            let engine = engine(&building).await;
            organisation(&engine, sizes.codes).await;
            let mut lines = 0;
            for file in files {
                lines += import(&engine, &dir.join(file)).await;
            }
            engine.close().await;
            eprintln!(
                "built {name}: {lines} lines in {:.1} s",
                started.elapsed().as_secs_f64()
            );
        });
        std::fs::rename(&building, &db).unwrap();
    };
    workspace("million.db", &["usage.csv"]);
    workspace("codes.db", &["year.csv"]);
    // The pack's month, approved and ready to sign, so the export is measured
    // in a process that has only opened the workspace, as the app would.
    let db = dir.join("pack.db");
    if !db.exists() {
        let building = dir.join("building-pack.db");
        remove_database(&building);
        runtime.block_on(async {
            let mut engine = engine(&building).await;
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
            let lines = import(&engine, &dir.join("pack.csv")).await;
            engine
                .approve(ApprovalInput {
                    department: "Marketing".into(),
                    month: "2026-10".into(),
                    signer_name: String::new(),
                    signer_role: String::new(),
                    statement: String::new(),
                })
                .await
                .unwrap();
            engine.close().await;
            eprintln!("built pack.db: {lines} lines");
        });
        std::fs::rename(&building, &db).unwrap();
    }
}

// ------------------------------------------------------ the measurements

/// What one child process reports: named figures (seconds or milliseconds,
/// as the name says) and its peak memory.
type Figures = BTreeMap<String, f64>;

/// Resets the process's peak-memory mark, so VmHWM covers only what follows.
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

async fn median_ms<T, F, Fut>(runs: usize, mut call: F) -> f64
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = runrate::error::Result<T>>,
{
    let mut times: Vec<Duration> = Vec::new();
    for _ in 0..runs {
        let started = Instant::now();
        call().await.expect("the measured call");
        times.push(started.elapsed());
    }
    times.sort();
    times[times.len() / 2].as_secs_f64() * 1000.0
}

/// The practical limit: the same rows of the usage export parsed with the csv
/// crate (borrowed fields) and written by a plain prepared-statement loop
/// into the same table, indexes and all, in one transaction, with each row's
/// provenance (sheet, row, natural key, raw cells as JSON) as Runrate keeps it.
fn practical_limit(dir: &Path, runtime: &tokio::runtime::Runtime) -> Figures {
    let db_path = dir.join("run-limit.db");
    remove_database(&db_path);
    runtime.block_on(async { engine(&db_path).await.close().await });
    reset_peak();
    let started = Instant::now();
    let db = rusqlite::Connection::open(&db_path).unwrap();
    db.pragma_update(None, "journal_mode", "WAL").unwrap();
    db.pragma_update(None, "synchronous", "FULL").unwrap();
    db.pragma_update(None, "foreign_keys", "ON").unwrap();
    db.pragma_update(None, "cache_size", -65536).unwrap();
    let tx = db.unchecked_transaction().unwrap();
    tx.execute(
        "INSERT INTO import_batch (file_name, file_size, sha256, format, source_kind, sheets_json,
            rows_read, lines_imported, skipped_json, rows_rejected, duplicates, totals_json,
            issues_json, imported_at, imported_by)
         VALUES ('usage.csv', 0, ?1, 'openai-usage-csv', 'provider', '[]', 0, 0, '{}', 0, 0, '[]',
            '[]', ?2, 'bench')",
        rusqlite::params!["0".repeat(64), NOW],
    )
    .unwrap();
    let batch = tx.last_insert_rowid();
    let mut rows = 0i64;
    {
        let mut insert = tx
            .prepare(
                "INSERT INTO spend_line (batch_id, source_kind, sheet, row_number, period_start,
                    period_end, provider, model, api_key_id, project_id, input_tokens,
                    cached_input_tokens, output_tokens, requests, cost_basis, charge_category,
                    natural_key, raw_json)
                 VALUES (?1, 'provider', 'usage.csv', ?2, ?3, ?4, 'openai', ?5, ?6, ?7, ?8, ?9,
                    ?10, ?11, 'unpriced', 'usage', ?12, ?13)",
            )
            .unwrap();
        let mut reader = csv::Reader::from_path(dir.join("usage.csv")).unwrap();
        let headers = reader.byte_headers().unwrap().clone();
        let mut record = csv::ByteRecord::new();
        let mut raw = String::new();
        let mut key = String::new();
        while reader.read_byte_record(&mut record).unwrap() {
            rows += 1;
            let text = |i: usize| std::str::from_utf8(&record[i]).unwrap();
            let number = |i: usize| text(i).parse::<i64>().ok();
            let day = |i: usize| {
                chrono::DateTime::from_timestamp(text(i).parse().unwrap(), 0)
                    .unwrap()
                    .date_naive()
                    .to_string()
            };
            raw.clear();
            raw.push('{');
            for (i, name) in headers.iter().enumerate() {
                if i > 0 {
                    raw.push(',');
                }
                raw.push_str(&serde_json::to_string(std::str::from_utf8(name).unwrap()).unwrap());
                raw.push(':');
                raw.push_str(&serde_json::to_string(text(i)).unwrap());
            }
            raw.push('}');
            key.clear();
            key.push_str("openai|");
            for i in [0, 1, 4, 7, 8, 9, 10] {
                key.push_str(text(i));
                key.push('|');
            }
            insert
                .execute(rusqlite::params![
                    batch,
                    rows + 1,
                    day(0),
                    day(1),
                    text(8),
                    text(7),
                    text(4),
                    number(11),
                    number(13),
                    number(12),
                    number(5),
                    key,
                    raw,
                ])
                .unwrap();
        }
    }
    tx.commit().unwrap();
    let seconds = started.elapsed().as_secs_f64();
    drop(db);
    remove_database(&db_path);
    figures(&[("rows", rows as f64), ("total_s", seconds)])
}

fn remove_database(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    let _ = std::fs::remove_dir_all(path.with_file_name("backups"));
}

fn figures(pairs: &[(&str, f64)]) -> Figures {
    let mut out: Figures = pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect();
    out.insert("peak_mb".into(), peak_rss_mb());
    out
}

/// Imports one generated file into a fresh workspace holding the
/// organisation (so every line is attributed by a rule).
fn import_fresh(
    dir: &Path,
    file: &str,
    codes: usize,
    runtime: &tokio::runtime::Runtime,
) -> Figures {
    let db_path = dir.join(format!("run-{file}.db"));
    remove_database(&db_path);
    runtime.block_on(async {
        let engine = engine(&db_path).await;
        organisation(&engine, codes.min(EXPORT_KEYS)).await;
        reset_peak();
        let started = Instant::now();
        let lines = import(&engine, &dir.join(file)).await;
        let seconds = started.elapsed().as_secs_f64();
        let out = figures(&[("rows", lines as f64), ("total_s", seconds)]);
        engine.close().await;
        remove_database(&db_path);
        out
    })
}

fn dashboard(dir: &Path, runtime: &tokio::runtime::Runtime) -> Figures {
    runtime.block_on(async {
        let engine = engine(&dir.join("million.db")).await;
        reset_peak();
        let month = "2026-11";
        let tiles = median_ms(5, || engine.overview_tiles("")).await;
        let report = median_ms(5, || {
            engine.spend_report(SpendQuery {
                month: month.into(),
                by: "department".into(),
                ..SpendQuery::default()
            })
        })
        .await;
        let drill = median_ms(5, || {
            engine.spend_lines(LinesQuery {
                month: month.into(),
                by: "service-code".into(),
                key: code_name(7),
                source: String::new(),
            })
        })
        .await;
        let department = median_ms(5, || {
            engine.forecast_view(ForecastQuery {
                department: "Finance".into(),
                ..ForecastQuery::default()
            })
        })
        .await;
        let out = figures(&[
            ("tiles_ms", tiles),
            ("spend_report_ms", report),
            ("drill_down_ms", drill),
            ("department_forecast_ms", department),
        ]);
        engine.close().await;
        out
    })
}

fn forecasts(dir: &Path, runtime: &tokio::runtime::Runtime) -> Figures {
    // A copy: forecasting records what it forecast.
    let db = dir.join("run-codes.db");
    remove_database(&db);
    std::fs::copy(dir.join("codes.db"), &db).unwrap();
    runtime.block_on(async {
        let engine = engine(&db).await;
        reset_peak();
        let scopes = engine.forecast_all("").await.unwrap().len();
        let all = median_ms(3, || engine.forecast_all("")).await;
        let out = figures(&[("scopes", scopes as f64), ("forecast_all_ms", all)]);
        engine.close().await;
        remove_database(&db);
        out
    })
}

fn pack(dir: &Path, runtime: &tokio::runtime::Runtime) -> Figures {
    // A copy: exporting records the pack.
    let db = dir.join("run-pack.db");
    remove_database(&db);
    std::fs::copy(dir.join("pack.db"), &db).unwrap();
    let out_file = dir.join("run-pack.zip");
    let _ = std::fs::remove_file(&out_file);
    runtime.block_on(async {
        let mut engine = engine(&db).await;
        engine.set_key_store_policy(KeyStorePolicy::File);
        let lines = std::fs::read_to_string(dir.join("pack.csv"))
            .unwrap()
            .lines()
            .count() as u64
            - 1;
        reset_peak();
        let started = Instant::now();
        let exported = engine
            .export_pack(
                &PackRequest {
                    kind: "approval".into(),
                    department: "Marketing".into(),
                    month: "2026-10".into(),
                    passphrase: PASSPHRASE.into(),
                },
                &out_file,
                &|_| {},
                &runrate::api::cancel::Cancel::new(),
            )
            .await
            .unwrap();
        let seconds = started.elapsed().as_secs_f64();
        let peak = peak_rss_mb();
        assert_eq!(exported.lines, lines);
        let started = Instant::now();
        let checked = runrate::api::packs::verify_file(
            &out_file,
            None,
            None,
            vec![exported.signer_fingerprint.clone()],
        )
        .unwrap();
        assert!(checked.valid && checked.trusted, "{}", checked.verdict);
        let verify = started.elapsed().as_secs_f64();
        let size = std::fs::metadata(&out_file).unwrap().len() as f64 / 1e6;
        engine.close().await;
        remove_database(&db);
        let _ = std::fs::remove_file(&out_file);
        let mut out = figures(&[
            ("lines", lines as f64),
            ("export_s", seconds),
            ("verify_s", verify),
            ("zip_mb", size),
        ]);
        out.insert("peak_mb".into(), peak);
        out
    })
}

// ------------------------------------------------------ the driver

const SCENARIOS: [&str; 7] = [
    "limit",
    "usage",
    "cost",
    "xlsx",
    "dashboard",
    "forecast",
    "pack",
];

fn run_child(dir: &Path, scenario: &str, sizes: Sizes) -> Figures {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    match scenario {
        "limit" => practical_limit(dir, &runtime),
        "usage" => import_fresh(dir, "usage.csv", sizes.codes, &runtime),
        "cost" => import_fresh(dir, "cost.csv", sizes.codes, &runtime),
        "xlsx" => import_fresh(dir, "showback.xlsx", sizes.codes, &runtime),
        "dashboard" => dashboard(dir, &runtime),
        "forecast" => forecasts(dir, &runtime),
        "pack" => pack(dir, &runtime),
        other => panic!("unknown scenario {other}"),
    }
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

struct Args {
    rounds: usize,
    only: Vec<String>,
    rows: usize,
    fresh: bool,
    child: Option<String>,
    dir: PathBuf,
}

fn args() -> Args {
    let mut out = Args {
        rounds: 3,
        only: SCENARIOS.iter().map(|s| s.to_string()).collect(),
        rows: 1_000_000,
        fresh: false,
        child: None,
        dir: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-scale"),
    };
    let mut given = std::env::args().skip(1);
    while let Some(arg) = given.next() {
        match arg.as_str() {
            "--rounds" => out.rounds = given.next().and_then(|v| v.parse().ok()).unwrap(),
            "--rows" => out.rows = given.next().and_then(|v| v.parse().ok()).unwrap(),
            "--only" => {
                out.only = given
                    .next()
                    .unwrap()
                    .split(',')
                    .map(str::to_string)
                    .collect()
            }
            "--fresh" => out.fresh = true,
            "--child" => out.child = given.next(),
            "--dir" => out.dir = PathBuf::from(given.next().unwrap()),
            _ => {} // cargo bench passes --bench
        }
    }
    out
}

fn main() {
    let args = args();
    let sizes = Sizes::of(args.rows);
    if let Some(scenario) = &args.child {
        let figures = run_child(&args.dir, scenario, sizes);
        println!("FIGURES {}", serde_json::to_string(&figures).unwrap());
        return;
    }
    if args.fresh {
        let _ = std::fs::remove_dir_all(&args.dir);
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    prepare(&args.dir, sizes, &runtime);
    drop(runtime);

    let me = std::env::current_exe().unwrap();
    let chosen: Vec<&str> = SCENARIOS
        .iter()
        .copied()
        .filter(|s| args.only.iter().any(|o| o == s))
        .collect();
    let mut results: BTreeMap<&str, Vec<Figures>> = BTreeMap::new();
    for round in 0..args.rounds {
        // Round-robin, the order rotated each round, so a slow spell on the
        // shared machine does not land on one scenario every time.
        for k in 0..chosen.len() {
            let scenario = chosen[(k + round) % chosen.len()];
            let output = Command::new(&me)
                .args([
                    "--child",
                    scenario,
                    "--rows",
                    &args.rows.to_string(),
                    "--dir",
                ])
                .arg(&args.dir)
                .output()
                .unwrap();
            let text = String::from_utf8_lossy(&output.stdout);
            let Some(line) = text.lines().find_map(|l| l.strip_prefix("FIGURES ")) else {
                panic!(
                    "{scenario} failed: {}\n{}",
                    text,
                    String::from_utf8_lossy(&output.stderr)
                );
            };
            let figures: Figures = serde_json::from_str(line).unwrap();
            eprintln!("round {} {scenario}: {line}", round + 1);
            results.entry(scenario).or_default().push(figures);
        }
    }
    report(&results, sizes);
}

/// The target each figure is held to: (figure, at most, unit).
fn targets(scenario: &str) -> &'static [(&'static str, f64, &'static str)] {
    match scenario {
        "usage" | "cost" => &[("total_s", 8.0, "s"), ("peak_mb", 150.0, "MB")],
        "xlsx" => &[("total_s", 3.0, "s"), ("peak_mb", 150.0, "MB")],
        "dashboard" => &[
            ("tiles_ms", 50.0, "ms"),
            ("spend_report_ms", 50.0, "ms"),
            ("drill_down_ms", 150.0, "ms"),
            ("department_forecast_ms", 150.0, "ms"),
        ],
        "forecast" => &[("forecast_all_ms", 1000.0, "ms")],
        "pack" => &[("export_s", 3.0, "s"), ("peak_mb", 150.0, "MB")],
        _ => &[],
    }
}

fn report(results: &BTreeMap<&str, Vec<Figures>>, sizes: Sizes) {
    println!(
        "\n{} usage/cost rows, {} workbook rows, {} codes, {} pack lines; {} round(s)\n",
        sizes.csv_rows,
        sizes.xlsx_rows,
        sizes.codes,
        sizes.pack_lines,
        results.values().map(Vec::len).max().unwrap_or(0)
    );
    println!("| Scenario | Figure | Median | Min–max | Target | Met |");
    println!("|---|---|---|---|---|---|");
    for (scenario, runs) in results {
        let names: Vec<&String> = runs[0].keys().collect();
        for name in names {
            let mut values: Vec<f64> = runs.iter().filter_map(|r| r.get(name)).copied().collect();
            let low = values.iter().copied().fold(f64::INFINITY, f64::min);
            let high = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let mid = median(&mut values);
            let target = targets(scenario)
                .iter()
                .find(|(n, _, _)| *n == name.as_str());
            let (target_text, met) = match target {
                Some((_, limit, unit)) => (
                    format!("≤ {limit} {unit}"),
                    if mid <= *limit { "yes" } else { "**no**" },
                ),
                None => (String::new(), ""),
            };
            println!(
                "| {scenario} | {name} | {mid:.3} | {low:.3}–{high:.3} | {target_text} | {met} |"
            );
        }
    }
    // Ratios within the same round: Runrate's import against the plain loop.
    if let Some(limit) = results.get("limit") {
        for scenario in ["usage", "cost"] {
            let Some(runs) = results.get(scenario) else {
                continue;
            };
            let mut ratios: Vec<f64> = runs
                .iter()
                .zip(limit)
                .map(|(r, l)| r["total_s"] / l["total_s"])
                .collect();
            let low = ratios.iter().copied().fold(f64::INFINITY, f64::min);
            let high = ratios.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let mid = median(&mut ratios);
            println!(
                "| {scenario} ÷ limit | same-round ratio | {mid:.2} | {low:.2}–{high:.2} | ≤ 1.5 | {} |",
                if mid <= 1.5 { "yes" } else { "**no**" }
            );
        }
    }
}
