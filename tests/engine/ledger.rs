//! The immutable ledger: what a file said cannot be changed or deleted, even
//! through SQL; a line's standing changes only by audited calls, each change
//! recorded and replayable; tampering with that history is caught.

use runrate::api::imports::ImportOptions;
use runrate::api::rules::RuleInput;
use sqlx::{Connection, SqliteConnection};

use crate::common::{Fixture, exploration_code, fixture};
use crate::imports::{fixture_file, import, import_replacing};

async fn raw(fx: &Fixture) -> SqliteConnection {
    let url = format!("sqlite://{}", fx.db_path().display());
    SqliteConnection::connect(&url).await.unwrap()
}

/// Runs `sql` directly on the database and returns the refusal's text.
async fn refused(conn: &mut SqliteConnection, sql: &str) -> String {
    match sqlx::query(sqlx::AssertSqlSafe(sql.to_string()))
        .execute(&mut *conn)
        .await
    {
        Ok(done) => panic!("`{sql}` was allowed ({} rows)", done.rows_affected()),
        Err(e) => e.to_string(),
    }
}

/// A workspace with Finance's trial code and the Anthropic cost export.
async fn attributed_workspace() -> (Fixture, i64) {
    let fx = fixture().await;
    fx.engine.add_department("Finance", &[]).await.unwrap();
    fx.engine
        .add_service_code(exploration_code("fin-recon-trial-sandbox", "Finance"))
        .await
        .unwrap();
    let s = import(&fx, "anthropic-cost.csv", ImportOptions::default()).await;
    (fx, s.import_id.unwrap())
}

/// A rule giving the reconciler key's lines to Finance's trial code.
async fn claim_reconciler_key(fx: &Fixture) {
    fx.engine
        .add_rule(RuleInput {
            kind: "api_key_name".into(),
            pattern: "fin-reconciler".into(),
            service_code: "fin-recon-trial-sandbox".into(),
            provider: "anthropic".into(),
        })
        .await
        .unwrap();
}

#[tokio::test]
async fn imported_lines_and_imports_refuse_every_edit_and_deletion() {
    let (fx, id) = attributed_workspace().await;
    let mut conn = raw(&fx).await;
    for sql in [
        "UPDATE spend_line SET model = 'cheaper-model' WHERE id = 1",
        "UPDATE spend_line SET raw_json = '{}' WHERE id = 1",
        "UPDATE spend_line SET period_start = '2020-01-01' WHERE id = 1",
        "UPDATE spend_line SET api_key_name = 'someone-else' WHERE id = 1",
        "UPDATE spend_line SET amount_nanos = 1 WHERE id = 1",
        "UPDATE spend_line SET cost_basis = 'list' WHERE id = 1",
        "DELETE FROM spend_line WHERE id = 1",
        "DELETE FROM spend_line",
        "UPDATE import_batch SET sha256 = replace(sha256, 'a', 'b')",
        "UPDATE import_batch SET imported_at = '2020-01-01T00:00:00Z'",
        "UPDATE import_batch SET lines_imported = 3",
        "DELETE FROM import_batch",
    ] {
        let message = refused(&mut conn, sql).await;
        assert!(
            message.contains("cannot be changed")
                || message.contains("never deleted")
                || message.contains("fixed once known"),
            "{sql}: {message}"
        );
    }
    // An undo is written once and stays.
    fx.engine.undo_import(id).await.unwrap();
    let message = refused(&mut conn, "UPDATE import_batch SET undone_at = NULL").await;
    assert!(message.contains("stays undone"), "{message}");
    // The history of standing is append-only too.
    let message = refused(&mut conn, "DELETE FROM line_change").await;
    assert!(message.contains("append-only"), "{message}");
    let message = refused(&mut conn, "UPDATE line_change SET after_json = '{}'").await;
    assert!(message.contains("append-only"), "{message}");
    conn.close().await.unwrap();
    let report = fx.engine.verify_audit().await.unwrap();
    assert!(report.valid, "{report:?}");
}

#[tokio::test]
async fn every_change_of_standing_is_a_record_of_an_audited_call() {
    let (fx, id) = attributed_workspace().await;
    // The key had no rule at import: its lines came in unattributed.
    assert!(fx.engine.line_history(1).await.unwrap().is_empty());
    assert!(fx.engine.line_history(999).await.is_err());

    // A rule claims them; undoing the import withdraws them; a re-import is new lines.
    claim_reconciler_key(&fx).await;
    fx.engine.undo_import(id).await.unwrap();
    let history = fx.engine.line_history(1).await.unwrap();
    let steps: Vec<(Option<&str>, Option<&str>, bool)> = history
        .iter()
        .map(|c| {
            (
                c.action.as_deref(),
                c.after.service_code.as_deref(),
                c.after.live,
            )
        })
        .collect();
    assert_eq!(
        steps,
        [
            (Some("rule.add"), Some("fin-recon-trial-sandbox"), true),
            (Some("import.undo"), Some("fin-recon-trial-sandbox"), false),
        ]
    );
    assert_eq!(history[0].before.service_code, None);
    assert_eq!(
        history[1].before, history[0].after,
        "each starts where the last ended"
    );
    assert_eq!(history[0].at.as_deref(), Some(crate::common::NOW));
    // The amount the file gave never moved.
    assert!(
        history
            .iter()
            .all(|c| c.before.amount == c.after.amount && c.after.cost_basis == "billed")
    );

    let report = fx.engine.verify_audit().await.unwrap();
    assert!(report.valid, "{report:?}");
    // Three lines claimed by the rule, four withdrawn by the undo.
    assert_eq!(report.line_changes, 7, "{report:?}");
}

#[tokio::test]
async fn lines_attributed_by_a_new_code_carry_that_codes_event() {
    // The code is written (and audited) before lines move to it.
    let fx = fixture().await;
    fx.engine.add_department("Finance", &[]).await.unwrap();
    let showback = import(&fx, "showback-sep26.csv", ImportOptions::default()).await;
    assert!(showback.committed);
    let events_before = fx.engine.verify_audit().await.unwrap().events;
    fx.engine
        .add_service_code(exploration_code("wl-recon", "Finance"))
        .await
        .unwrap();
    let report = fx.engine.verify_audit().await.unwrap();
    assert!(report.valid, "{report:?}");
    assert!(
        report.line_changes > 0,
        "the finance lines naming WL-RECON moved to it"
    );
    let mut conn = raw(&fx).await;
    let stamps: Vec<i64> = sqlx::query_scalar("SELECT DISTINCT audit_seq FROM line_change")
        .fetch_all(&mut conn)
        .await
        .unwrap();
    assert_eq!(stamps, [events_before + 1], "the code's own event");
}

/// Runs `statements` on the database behind the engine's back, then returns
/// the verification, which must have failed.
async fn tampered(fx: &Fixture, statements: &[&str]) -> runrate::audit::ChainReport {
    let mut conn = raw(fx).await;
    for sql in statements {
        sqlx::query(sqlx::AssertSqlSafe(sql.to_string()))
            .execute(&mut conn)
            .await
            .unwrap();
    }
    let report = fx.engine.verify_audit().await.unwrap();
    assert!(!report.valid, "{report:?}");
    report
}

#[tokio::test]
async fn a_standing_changed_behind_the_engines_back_is_caught() {
    let (fx, _) = attributed_workspace().await;
    claim_reconciler_key(&fx).await;
    assert!(fx.engine.verify_audit().await.unwrap().valid);

    // Someone edits with the sqlite3 shell: the history records the move, but
    // no audited call made it.
    let report = tampered(
        &fx,
        &["UPDATE spend_line SET service_code = NULL, rule_id = NULL WHERE id = 1"],
    )
    .await;
    assert!(
        report
            .problem
            .as_deref()
            .unwrap()
            .contains("line 1 changed (change 4) without an audit event"),
        "{report:?}"
    );
    assert_eq!(report.first_bad_seq, None, "the log itself is intact");

    // Someone who also removes the recording trigger is caught by the replay.
    let fx2 = attributed_workspace().await.0;
    claim_reconciler_key(&fx2).await;
    let report = tampered(
        &fx2,
        &[
            "DROP TRIGGER spend_line_standing",
            "UPDATE spend_line SET active = 0 WHERE id = 2",
        ],
    )
    .await;
    assert!(
        report
            .problem
            .as_deref()
            .unwrap()
            .contains("line 2 stands differently from the last change recorded for it"),
        "{report:?}"
    );
}

/// The OpenAI cost export with one amount restated (0.063 → 0.070).
fn restated_cost_export(fx: &Fixture) -> std::path::PathBuf {
    let original = std::fs::read_to_string(fixture_file("openai-cost.csv")).unwrap();
    let restated = fx.dir.path().join("restated.csv");
    std::fs::write(
        &restated,
        original.replace("0.063000000000000000000000000000", "0.070"),
    )
    .unwrap();
    restated
}

#[tokio::test]
async fn a_replaced_figure_stays_beside_the_one_that_replaced_it() {
    let fx = fixture().await;
    import(&fx, "openai-cost.csv", ImportOptions::default()).await;
    let restated = restated_cost_export(&fx);
    let replacing = import_replacing(&fx, &restated).await;
    let by = replacing.import_id.unwrap();
    let mut conn = raw(&fx).await;
    let replaced: i64 =
        sqlx::query_scalar("SELECT id FROM spend_line WHERE amount_nanos = 63000000")
            .fetch_one(&mut conn)
            .await
            .unwrap();
    let history = fx.engine.line_history(replaced).await.unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].action.as_deref(), Some("import.commit"));
    assert!(!history[0].after.live);
    assert_eq!(history[0].after.replaced_by, Some(by));
    assert_eq!(
        history[0].after.amount.map(|a| a.to_string()).as_deref(),
        Some("0.063"),
        "the earlier figure is kept as it was"
    );
    assert!(fx.engine.verify_audit().await.unwrap().valid);
}

/// The daily totals (`spend_day`) the screens read, against the lines.
async fn assert_roll_up_matches(fx: &Fixture, after: &str) {
    let mut conn = raw(fx).await;
    let off = runrate::store::imports::roll_up_mismatches(&mut conn)
        .await
        .unwrap();
    assert!(off.is_empty(), "after {after}: {off:?}");
    let (days, lines): (i64, i64) =
        sqlx::query_as("SELECT (SELECT coalesce(sum(lines), 0) FROM spend_day), (SELECT count(*) FROM spend_line WHERE active = 1)")
            .fetch_one(&mut conn)
            .await
            .unwrap();
    assert_eq!(days, lines, "after {after}");
}

#[tokio::test]
async fn the_daily_totals_follow_every_change_of_standing() {
    let fx = fixture().await;
    fx.engine.add_department("Finance", &[]).await.unwrap();
    fx.engine
        .add_service_code(exploration_code("fin-recon-trial-sandbox", "Finance"))
        .await
        .unwrap();
    // Import: finance's lines, a provider's billed lines, usage with an unpriced model.
    let anthropic = import(&fx, "anthropic-cost.csv", ImportOptions::default()).await;
    import(&fx, "showback-sep26.csv", ImportOptions::default()).await;
    let usage = import(&fx, "openai-usage-page.json", ImportOptions::default()).await;
    assert_eq!(usage.unpriced, 1);
    assert_roll_up_matches(&fx, "three imports").await;

    // Re-attribution by a new rule, and by a new code finance's lines name.
    claim_reconciler_key(&fx).await;
    assert_roll_up_matches(&fx, "a rule").await;
    fx.engine
        .add_service_code(exploration_code("wl-recon", "Finance"))
        .await
        .unwrap();
    assert_roll_up_matches(&fx, "a code").await;

    // Pricing the unpriced line.
    let saved = fx
        .engine
        .set_price(runrate::api::prices::PriceInput {
            provider: "openai".into(),
            model: "o9-experimental".into(),
            input: "1.00".into(),
            output: "4".into(),
            effective_from: "2026-08-01".into(),
            source: "vendor quote Q-77".into(),
            ..runrate::api::prices::PriceInput::default()
        })
        .await
        .unwrap();
    assert_eq!(saved.lines_priced, 1);
    assert_roll_up_matches(&fx, "pricing").await;

    // A restated figure replacing a live one, then undoing that restatement.
    import(&fx, "openai-cost.csv", ImportOptions::default()).await;
    let restated = restated_cost_export(&fx);
    let replacing = import_replacing(&fx, &restated).await;
    assert_eq!(replacing.replaced, 1);
    assert_roll_up_matches(&fx, "a replacement").await;
    fx.engine
        .undo_import(replacing.import_id.unwrap())
        .await
        .unwrap();
    assert_roll_up_matches(&fx, "undoing the replacement").await;
    fx.engine
        .undo_import(anthropic.import_id.unwrap())
        .await
        .unwrap();
    assert_roll_up_matches(&fx, "undoing an import").await;
    assert!(fx.engine.verify_audit().await.unwrap().valid);

    // Daily totals edited behind the engine's back are caught.
    let report = tampered(
        &fx,
        &["UPDATE spend_day SET amount_nanos = amount_nanos + 1 WHERE period_start = (SELECT min(period_start) FROM spend_day)"],
    )
    .await;
    assert!(
        report
            .problem
            .as_deref()
            .unwrap()
            .contains("the daily totals for"),
        "{report:?}"
    );
}

/// The value checks of a line accept exactly their lists (rewritten from IN
/// lists to comparisons by migration 20261207090000, for speed).
#[tokio::test]
async fn a_line_is_refused_a_cost_basis_or_charge_category_outside_the_lists() {
    let (fx, _) = attributed_workspace().await;
    let mut conn = raw(&fx).await;
    let insert = |basis: &str, category: &str| {
        format!(
            "INSERT INTO spend_line (batch_id, source_kind, sheet, row_number, period_start,
                period_end, cost_basis, charge_category, natural_key, raw_json)
             VALUES (1, 'provider', 'check', 1, '2026-11-01', '2026-11-01', '{basis}',
                '{category}', 'check|{basis}|{category}', '{{}}')"
        )
    };
    let mut tx = conn.begin().await.unwrap();
    for basis in ["billed", "list", "computed", "unpriced"] {
        for category in ["usage", "commitment", "credit", "tax", "adjustment"] {
            sqlx::query(sqlx::AssertSqlSafe(insert(basis, category)))
                .execute(&mut *tx)
                .await
                .unwrap_or_else(|e| panic!("{basis}/{category} was refused: {e}"));
        }
    }
    tx.rollback().await.unwrap();
    for (basis, category) in [
        ("estimated", "usage"),
        ("Billed", "usage"),
        ("", "usage"),
        ("billed", "refund"),
        ("billed", "Usage"),
        ("billed", ""),
    ] {
        let message = refused(&mut conn, &insert(basis, category)).await;
        assert!(message.contains("CHECK constraint failed"), "{message}");
    }
    let schema: String = sqlx::query_scalar(
        "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'spend_line'",
    )
    .fetch_one(&mut conn)
    .await
    .unwrap();
    assert!(
        !schema.contains("cost_basis IN") && !schema.contains("charge_category IN"),
        "{schema}"
    );
    conn.close().await.unwrap();
}
