//! Provider exports: golden files per format, idempotence, overlap, undo.

use std::path::{Path, PathBuf};

use runrate::api::imports::{ImportOptions, ImportSummary};
use runrate::api::rules::RuleInput;
use sqlx::Connection;

use crate::common::{Fixture, exploration_code, fixture};

pub fn fixture_file(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

pub async fn import(fx: &Fixture, name: &str, options: ImportOptions) -> ImportSummary {
    fx.engine
        .import_file(&fixture_file(name), &options)
        .await
        .unwrap_or_else(|e| panic!("{name}: {}", e.message))
}

/// Imports `path`, taking its figures where they differ from a live line's.
pub async fn import_replacing(fx: &Fixture, path: &Path) -> ImportSummary {
    fx.engine
        .import_file(
            path,
            &ImportOptions {
                replace_conflicts: true,
                ..ImportOptions::default()
            },
        )
        .await
        .unwrap()
}

/// The stored lines, in a stable text form for golden comparison.
pub async fn stored_lines(fx: &Fixture) -> serde_json::Value {
    let url = format!("sqlite://{}", fx.db_path().display());
    let mut conn = sqlx::SqliteConnection::connect(&url).await.unwrap();
    let rows: Vec<serde_json::Value> = sqlx::query_as::<_, (String,)>(
        "SELECT json_object('sheet', sheet, 'row', row_number,
            'period', period_start || '..' || period_end,
            'provider', provider, 'model', model, 'line_item', line_item,
            'api_key', coalesce(api_key_id, '') || '/' || coalesce(api_key_name, ''),
            'project', project_id, 'workspace', coalesce(workspace_id, '') || '/' || coalesce(workspace_name, ''),
            'tags', tags_json, 'input', input_tokens, 'cached', cached_input_tokens,
            'cache_write', cache_write_tokens, 'cache_write_1h', cache_write_1h_tokens,
            'output', output_tokens, 'requests', requests,
            'amount_nanos', amount_nanos, 'currency', currency, 'basis', cost_basis,
            'price_id', price_id, 'category', charge_category,
            'department', department_label, 'cost_centre', cost_centre,
            'workload_code', workload_code, 'environment', environment,
            'source', source_kind, 'service_code', service_code, 'active', active)
         FROM spend_line ORDER BY id",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap()
    .into_iter()
    .map(|(json,)| serde_json::from_str(&json).unwrap())
    .collect();
    conn.close().await.unwrap();
    serde_json::Value::Array(rows)
}

/// Compares with `tests/golden/import/<name>.json`; `UPDATE_GOLDEN=1` rewrites it.
pub fn golden(name: &str, actual: &serde_json::Value) {
    golden_in("import", name, actual)
}

/// Compares with `tests/golden/<folder>/<name>.json`; `UPDATE_GOLDEN=1` rewrites it.
pub fn golden_in(folder: &str, name: &str, actual: &serde_json::Value) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(folder)
        .join(format!("{name}.json"));
    let text = serde_json::to_string_pretty(actual).unwrap() + "\n";
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, &text).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "missing {}; run with UPDATE_GOLDEN=1 and review it",
            path.display()
        )
    });
    assert_eq!(text, expected, "{name} differs from its golden file");
}

pub async fn golden_import(fixture_name: &str) -> (Fixture, ImportSummary) {
    let fx = fixture().await;
    let summary = import(&fx, fixture_name, ImportOptions::default()).await;
    let mut value = serde_json::to_value(&summary).unwrap();
    value["lines"] = stored_lines(&fx).await;
    let stem = fixture_name
        .rsplit_once('.')
        .map(|(stem, _)| stem)
        .unwrap_or(fixture_name);
    golden(stem, &value);
    (fx, summary)
}

pub fn assert_accounted(s: &ImportSummary) {
    assert_eq!(
        s.rows_read,
        s.lines_imported + s.rows_skipped.values().sum::<u64>() + s.rows_rejected,
        "every row read is accounted for: {s:?}"
    );
}

#[tokio::test]
async fn openai_cost_export() {
    let (_fx, s) = golden_import("openai-cost.csv").await;
    assert_eq!(s.format, "openai-cost-csv");
    assert_eq!(s.lines_imported, 3);
    assert_eq!(s.rows_skipped.get("empty time bucket"), Some(&1));
    assert_eq!(s.totals[0].currency, "USD");
    assert_eq!(s.totals[0].amount.to_string(), "1.308");
    assert_accounted(&s);
}

#[tokio::test]
async fn openai_usage_export_keeps_token_classes_apart() {
    let (fx, s) = golden_import("openai-usage.csv").await;
    assert_eq!(s.lines_imported, 2);
    assert_eq!(s.unpriced, 0, "both models are in the seeded price book");
    let lines = stored_lines(&fx).await;
    // input_tokens 412000 includes 250000 cached and 12000 cache-write tokens.
    assert_eq!(lines[0]["input"], 150000);
    assert_eq!(lines[0]["cached"], 250000);
    assert_eq!(lines[0]["cache_write"], 12000);
    assert_eq!(
        lines[1]["input"], 9000,
        "derived when input_uncached_tokens is blank"
    );
    // gpt-5.4-mini at 0.75 / 0.075 / (cache write at input) 0.75 / 4.50 per million:
    // 150000×0.75 + 250000×0.075 + 12000×0.75 + 38100×4.50 = 311700 → $0.3117.
    assert_eq!(lines[0]["amount_nanos"], 311_700_000);
    assert_eq!(lines[0]["basis"], "computed");
    assert!(lines[0]["price_id"].as_i64().is_some());
    assert_accounted(&s);
}

#[tokio::test]
async fn anthropic_cost_and_usage_exports() {
    let (_fx, cost) = golden_import("anthropic-cost.csv").await;
    assert_eq!(cost.lines_imported, 4);
    assert_eq!(cost.totals[0].amount.to_string(), "0.91");
    let (fx, usage) = golden_import("anthropic-usage.csv").await;
    assert_eq!(usage.lines_imported, 3);
    let lines = stored_lines(&fx).await;
    assert_eq!(
        lines[0]["cache_write"], 20480,
        "five-minute cache writes; one-hour writes are kept apart"
    );
    assert_eq!(lines[2]["cache_write"], 0);
    assert_eq!(lines[2]["cache_write_1h"], 4096);
    // Sonnet 5.5 on 2026-09-15 (before the 2026-10-07 cache-read cut): 90210×2 +
    // 4096×4 (one-hour write) + 655360×0.20 + 21007×10 per million = $0.537946.
    assert_eq!(lines[2]["amount_nanos"], 537_946_000);
    // Haiku 4.5 at the batch tier: half the input and output price.
    assert_eq!(lines[1]["amount_nanos"], 4_550_000);
}

#[tokio::test]
async fn focus_file_with_bom_us_dates_and_tags() {
    let (fx, s) = golden_import("focus-1.2.csv").await;
    assert_eq!(s.format, "focus");
    assert_eq!(
        s.format_version.as_deref(),
        Some("1.2"),
        "InvoiceId is a 1.2 column"
    );
    assert_eq!(s.lines_imported, 3);
    assert_eq!(s.totals[0].amount.to_string(), "-24.22225");
    let lines = stored_lines(&fx).await;
    assert_eq!(
        lines[1]["period"], "2026-09-14..2026-09-15",
        "US short dates"
    );
    assert_eq!(lines[1]["output"], 40931);
    assert_eq!(lines[2]["category"], "credit");
    assert!(lines[0]["tags"].as_str().unwrap().contains("CC-4410"));
}

#[tokio::test]
async fn the_same_file_twice_adds_nothing() {
    let fx = fixture().await;
    let first = import(&fx, "anthropic-cost.csv", ImportOptions::default()).await;
    assert!(first.committed);
    let again = import(&fx, "anthropic-cost.csv", ImportOptions::default()).await;
    assert!(!again.committed);
    assert_eq!(again.import_id, first.import_id);
    assert!(
        again.issues[0].message.contains("already imported"),
        "{:?}",
        again.issues
    );
    assert_eq!(stored_lines(&fx).await.as_array().unwrap().len(), 4);
}

#[tokio::test]
async fn an_overlapping_export_is_not_double_counted_and_a_changed_amount_is_a_conflict() {
    let fx = fixture().await;
    import(&fx, "openai-cost.csv", ImportOptions::default()).await;
    // A later export covering the same day plus one more line, and one restated amount.
    let later = fx.dir.path().join("cost_2026-08-31_2026-09-01.csv");
    let original = std::fs::read_to_string(fixture_file("openai-cost.csv")).unwrap();
    let extra = "1788220800,1788307200,2026-09-01T00:00:00,2026-09-02T00:00:00,0.5,usd,,,\"gpt-5.5, input\",,key_Zz9yy8,proj_Fin4nce01,org-Ab12,Finance Bots,Acme Corp,\n";
    std::fs::write(&later, format!("{original}{extra}")).unwrap();
    let overlap = fx
        .engine
        .import_file(&later, &ImportOptions::default())
        .await
        .unwrap();
    assert!(overlap.committed);
    assert_eq!(overlap.duplicates, 3);
    assert_eq!(overlap.lines_imported, 1);
    assert_eq!(overlap.totals[0].amount.to_string(), "0.5");
    assert_accounted(&overlap);

    let restated = fx.dir.path().join("restated.csv");
    std::fs::write(
        &restated,
        original.replace("0.063000000000000000000000000000", "0.070"),
    )
    .unwrap();
    let conflict = fx
        .engine
        .import_file(&restated, &ImportOptions::default())
        .await
        .unwrap();
    assert!(!conflict.committed, "a conflicting amount stops the import");
    assert_eq!(conflict.rows_rejected, 1);
    assert!(
        conflict.issues[0].message.contains("import #1 as 0.063"),
        "{}",
        conflict.issues[0].message
    );
    assert_eq!(stored_lines(&fx).await.as_array().unwrap().len(), 4);

    // The person chooses the later file's figure: the earlier line is withdrawn,
    // not deleted, and undoing the later import brings it back.
    let replacing = import_replacing(&fx, &restated).await;
    assert!(replacing.committed);
    assert_eq!((replacing.conflicts, replacing.replaced), (1, 1));
    assert_eq!(replacing.lines_imported, 1);
    assert_eq!(replacing.duplicates, 2);
    assert!(
        replacing.issues.iter().any(|i| i
            .message
            .contains("replaces import #1's figure 0.063 with 0.07")),
        "{:?}",
        replacing.issues
    );
    let live = |lines: &serde_json::Value| -> Vec<i64> {
        lines
            .as_array()
            .unwrap()
            .iter()
            .filter(|l| l["active"] == 1)
            .map(|l| l["amount_nanos"].as_i64().unwrap())
            .collect()
    };
    let lines = stored_lines(&fx).await;
    assert!(live(&lines).contains(&70_000_000));
    assert!(!live(&lines).contains(&63_000_000));
    let undone = fx
        .engine
        .undo_import(replacing.import_id.unwrap())
        .await
        .unwrap();
    assert!(undone.undone_at.is_some());
    let lines = stored_lines(&fx).await;
    assert!(
        live(&lines).contains(&63_000_000),
        "the earlier figure is back"
    );
    assert!(!live(&lines).contains(&70_000_000));
}

#[tokio::test]
async fn a_bad_amount_is_rejected_by_place_and_nothing_is_half_imported() {
    let fx = fixture().await;
    let s = import(&fx, "openai-cost-bad-amount.csv", ImportOptions::default()).await;
    assert!(!s.committed);
    assert_eq!(s.rows_rejected, 1);
    let issue = &s.issues[0];
    assert_eq!(issue.row, Some(3));
    assert_eq!(issue.column.as_deref(), Some("amount_value"));
    assert_eq!(
        issue.message,
        "openai-cost-bad-amount.csv row 3, column 'amount_value': '1,2.3' is not a number"
    );
    assert!(stored_lines(&fx).await.as_array().unwrap().is_empty());
    assert!(fx.engine.list_imports().await.unwrap().is_empty());

    let kept = import(
        &fx,
        "openai-cost-bad-amount.csv",
        ImportOptions {
            keep_valid_rows: true,
            ..ImportOptions::default()
        },
    )
    .await;
    assert!(kept.committed);
    assert_eq!(kept.lines_imported, 1);
    assert_eq!(
        fx.engine
            .import_record(kept.import_id.unwrap())
            .await
            .unwrap()
            .rows_rejected,
        1
    );
}

#[tokio::test]
async fn a_preview_writes_nothing() {
    let fx = fixture().await;
    let s = import(
        &fx,
        "focus-1.2.csv",
        ImportOptions {
            dry_run: true,
            ..ImportOptions::default()
        },
    )
    .await;
    assert!(!s.committed);
    assert_eq!(s.lines_imported, 3);
    assert!(stored_lines(&fx).await.as_array().unwrap().is_empty());
    assert!(fx.engine.list_imports().await.unwrap().is_empty());
}

#[tokio::test]
async fn lines_are_attributed_and_undo_withdraws_them() {
    let fx = fixture().await;
    fx.engine.add_department("Finance", &[]).await.unwrap();
    fx.engine
        .add_service_code(exploration_code("fin-recon-trial-sandbox", "Finance"))
        .await
        .unwrap();
    fx.engine
        .add_rule(RuleInput {
            kind: "api_key_name".into(),
            pattern: "fin-reconciler".into(),
            service_code: "fin-recon-trial-sandbox".into(),
            provider: "anthropic".into(),
        })
        .await
        .unwrap();
    let s = import(&fx, "anthropic-cost.csv", ImportOptions::default()).await;
    assert_eq!(s.unattributed, 1, "the ops-bot key matches no rule");
    let lines = stored_lines(&fx).await;
    assert_eq!(lines[0]["service_code"], "fin-recon-trial-sandbox");
    assert_eq!(lines[3]["service_code"], serde_json::Value::Null);

    let id = s.import_id.unwrap();
    let undone = fx.engine.undo_import(id).await.unwrap();
    assert!(undone.undone_at.is_some());
    assert!(
        stored_lines(&fx)
            .await
            .as_array()
            .unwrap()
            .iter()
            .all(|l| l["active"] == 0)
    );
    assert!(fx.engine.undo_import(id).await.is_err());
    // After an undo the same file may come in again.
    let again = import(&fx, "anthropic-cost.csv", ImportOptions::default()).await;
    assert!(again.committed);
    assert_eq!(again.lines_imported, 4);
    let actions: Vec<String> = fx
        .engine
        .audit_events(None, 10)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(
        actions[..3],
        ["import.commit", "import.undo", "import.commit"]
    );
    assert!(fx.engine.verify_audit().await.unwrap().valid);
}

#[tokio::test]
async fn unrecognised_files_are_refused_in_words() {
    let fx = fixture().await;
    let path = fx.dir.path().join("notes.csv");
    std::fs::write(&path, "just,some\ncolumns,here\n").unwrap();
    let err = fx
        .engine
        .import_file(&path, &ImportOptions::default())
        .await
        .unwrap_err();
    assert!(
        err.message.starts_with("File 'notes.csv'"),
        "{}",
        err.message
    );
    let garbage = fx.dir.path().join("fake.xlsx");
    std::fs::write(&garbage, [0u8, 159, 146, 150, 0, 1, 2, 3]).unwrap();
    let err = fx
        .engine
        .import_file(&garbage, &ImportOptions::default())
        .await
        .unwrap_err();
    assert!(err.message.contains("fake.xlsx"), "{}", err.message);
}

/// An OpenAI cost export of `rows` lines, one cent each, one line per key and day.
fn big_cost_export(path: &Path, rows: usize, restate: Option<usize>, extra: usize) {
    let mut text = String::from(
        "start_time,end_time,start_time_iso,end_time_iso,amount_value,amount_currency,user_id,api_key_id,line_item,project_id\n",
    );
    for i in 0..rows + extra {
        let start = 1_767_225_600 + (i / 100) as i64 * 86_400;
        let amount = if restate == Some(i) { "0.02" } else { "0.01" };
        text.push_str(&format!(
            "{start},{},,,{amount},usd,,key_{},\"gpt-5.5, input\",proj_a\n",
            start + 86_400,
            i % 100
        ));
    }
    std::fs::write(path, text).unwrap();
}

#[tokio::test]
async fn a_large_file_is_saved_in_chunks_and_still_all_or_nothing() {
    let fx = fixture().await;
    let rows = 4_500; // more than two chunks of lines
    let first = fx.dir.path().join("cost-1.csv");
    big_cost_export(&first, rows, None, 0);
    let s = fx
        .engine
        .import_file(&first, &ImportOptions::default())
        .await
        .unwrap();
    assert!(s.committed);
    assert_eq!(s.lines_imported, rows as u64);
    assert_eq!(s.totals[0].amount.to_string(), "45");
    assert_accounted(&s);

    // A restated amount in the last chunk rejects the file: nothing of it stays,
    // although its earlier chunks were already written inside the transaction.
    let restated = fx.dir.path().join("cost-2.csv");
    big_cost_export(&restated, rows, Some(4_400), 7);
    let conflict = fx
        .engine
        .import_file(&restated, &ImportOptions::default())
        .await
        .unwrap();
    assert!(!conflict.committed);
    assert_eq!(conflict.rows_rejected, 1);
    assert_eq!(conflict.duplicates, rows as u64 - 1);
    assert_eq!(conflict.lines_imported, 7);
    assert_accounted(&conflict);
    assert_eq!(stored_lines(&fx).await.as_array().unwrap().len(), rows);
    assert_eq!(fx.engine.list_imports().await.unwrap().len(), 1);

    // The same export plus new days: only the new lines are added.
    let later = fx.dir.path().join("cost-3.csv");
    big_cost_export(&later, rows, None, 250);
    let s = fx
        .engine
        .import_file(&later, &ImportOptions::default())
        .await
        .unwrap();
    assert!(s.committed);
    assert_eq!(s.duplicates, rows as u64);
    assert_eq!(s.lines_imported, 250);
    assert_eq!(
        stored_lines(&fx).await.as_array().unwrap().len(),
        rows + 250
    );
}
