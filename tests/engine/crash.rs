//! Crash consistency: the `runrate` CLI killed with SIGKILL at points spread
//! across a whole import (the backup taken before it, reading, saving and
//! committing). After each kill the database passes `integrity_check`, the
//! file's import is entirely present or entirely absent, and importing the
//! file again leaves exactly its lines.
//!
//! The default run kills a 20,000-row import 20 times (about a minute in a
//! debug build). `RUNRATE_CRASH_ROWS` and `RUNRATE_CRASH_KILLS` make it
//! larger; TRUST.md records a 1,000,000-row run on a release build.

#![cfg(unix)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Instant;

use runrate::api::Engine;
use runrate::clock::FixedClock;

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// An OpenAI usage export of `rows` rows: 50 keys × 4 models a day.
fn usage_csv(path: &Path, rows: usize) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(out, "start_time,end_time,start_time_iso,end_time_iso,project_id,num_model_requests,user_id,api_key_id,model,batch,service_tier,input_tokens,output_tokens,input_cached_tokens,input_uncached_tokens").unwrap();
    let models = ["gpt-5.4-mini", "gpt-5.4", "gpt-5.4-nano", "gpt-5.5"];
    for i in 0..rows {
        let start = 1_767_225_600 + (i / 200) as i64 * 86_400;
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
    out.flush().unwrap();
}

fn cli(db: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_runrate"));
    command
        .arg("--db")
        .arg(db)
        .env("RUNRATE_CLOCK", "2026-11-22T09:30:00Z")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

fn import(db: &Path, file: &Path) {
    let status = cli(db).arg("import").arg(file).status().unwrap();
    assert!(status.success(), "importing {} failed", file.display());
}

/// Lines in the database that came from `file_name`, after the integrity checks.
async fn lines_from(db: &Path, file_name: &str) -> i64 {
    let engine = Engine::open(
        db,
        Arc::new(FixedClock::at("2026-11-22T09:30:00Z").unwrap()),
    )
    .await
    .unwrap_or_else(|e| panic!("the database does not open after the kill: {e:?}"));
    engine.store().check_integrity().await.unwrap();
    let mut conn = engine.store().reader().await.unwrap();
    let (n,): (i64,) = sqlx::query_as(
        "SELECT count(*) FROM spend_line l JOIN import_batch b ON b.id = l.batch_id
         WHERE b.file_name = ? AND b.undone_at IS NULL",
    )
    .bind(file_name)
    .fetch_one(&mut *conn)
    .await
    .unwrap();
    drop(conn);
    engine.close().await;
    n
}

#[tokio::test(flavor = "multi_thread")]
async fn an_import_killed_anywhere_is_all_or_nothing() {
    let rows = env_number("RUNRATE_CRASH_ROWS", 20_000);
    let kills = env_number("RUNRATE_CRASH_KILLS", 20);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("usage-crash.csv");
    usage_csv(&file, rows);
    // Every workspace already holds a small import, so each run also takes
    // the backup before the import, and a kill can land in it.
    let first = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/reconcile/openai-costs-oct26.csv");

    // A full run, to know how long an import takes here.
    let full_db = dir.path().join("full.db");
    import(&full_db, &first);
    let started = Instant::now();
    import(&full_db, &file);
    let full = started.elapsed();
    let expected = lines_from(&full_db, "usage-crash.csv").await;
    assert!(expected > 0);

    let mut interrupted = 0;
    let mut completed = 0;
    for k in 0..kills {
        let db: PathBuf = dir.path().join(format!("kill-{k}.db"));
        import(&db, &first);
        // Spread from the first moments to the very end of the run.
        let at = full.mul_f64((k as f64 + 0.5) / kills as f64);
        let mut child = cli(&db).arg("import").arg(&file).spawn().unwrap();
        tokio::time::sleep(at).await;
        let _ = child.kill(); // SIGKILL; an error means it had already finished
        child.wait().unwrap();

        let present = lines_from(&db, "usage-crash.csv").await;
        assert!(
            present == 0 || present == expected,
            "kill {k} at {at:?}: {present} of {expected} lines are present"
        );
        if present == 0 {
            interrupted += 1;
        } else {
            completed += 1;
        }

        // Importing again gives exactly the file's lines, never twice.
        import(&db, &file);
        assert_eq!(
            lines_from(&db, "usage-crash.csv").await,
            expected,
            "kill {k}: after importing again"
        );
        let leftovers: Vec<_> = std::fs::read_dir(dir.path().join("backups"))
            .map(|d| {
                d.filter_map(|e| e.ok())
                    .map(|e| e.file_name().to_string_lossy().to_string())
                    .filter(|n| n.ends_with(".partial"))
                    .collect()
            })
            .unwrap_or_default();
        assert!(
            leftovers.is_empty(),
            "half-written backups left: {leftovers:?}"
        );
    }
    eprintln!(
        "{kills} kills of a {rows}-row import (full run {:.2} s): {interrupted} left it absent, \
         {completed} after it was complete; every database passed integrity_check",
        full.as_secs_f64()
    );
    // The kills have to land inside the import for the test to mean anything.
    assert!(
        interrupted * 2 >= kills,
        "only {interrupted} of {kills} kills interrupted the import"
    );
}
