//! Backups, the restore drill, clearing the demo and cancelling long tasks.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use runrate::api::Engine;
use runrate::api::cancel::Cancel;
use runrate::api::imports::{ImportOptions, ImportProgress, ImportStage};
use runrate::api::settings::SettingsPatch;
use runrate::error::Code;

use crate::planning::{engine_at, import, register};

const NOW: &str = "2026-11-22T09:30:00Z";

fn reconcile_file(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/reconcile")
        .join(name)
}

async fn spend_lines(engine: &Engine) -> i64 {
    let mut conn = engine.store().reader().await.unwrap();
    let (n,): (i64,) = sqlx::query_as("SELECT count(*) FROM spend_line")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    n
}

async fn batches(engine: &Engine) -> i64 {
    let mut conn = engine.store().reader().await.unwrap();
    let (n,): (i64,) = sqlx::query_as("SELECT count(*) FROM import_batch")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    n
}

#[tokio::test]
async fn a_backup_restores_the_workspace_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let engine = engine_at(dir.path(), NOW).await;
    register(&engine).await;
    import(&engine, "openai-costs-oct26.csv").await;
    let at_backup = spend_lines(&engine).await;
    assert!(at_backup > 0);

    let saved = dir.path().join("saved/before-showback.sqlite");
    let backup = engine.backup(&saved).await.unwrap();
    assert_eq!(backup.spend_lines, Some(at_backup));
    assert!(saved.is_file() && backup.bytes > 0);
    let again = engine.backup(&saved).await.unwrap_err();
    assert_eq!(
        again.code,
        Code::Invalid,
        "an existing file is never overwritten"
    );

    import(&engine, "showback-oct26.csv").await;
    let after_showback = spend_lines(&engine).await;
    assert!(after_showback > at_backup);

    let restored = engine.restore(&saved).await.unwrap();
    assert_eq!(restored.spend_lines, at_backup);
    assert_eq!(
        spend_lines(&engine).await,
        at_backup,
        "the engine reads the restored file"
    );
    assert_eq!(restored.previous.reason, "before-restore");
    assert_eq!(restored.previous.spend_lines, Some(after_showback));
    engine.store().check_integrity().await.unwrap();
    let chain = engine.verify_audit().await.unwrap();
    assert!(chain.valid, "{chain:?}");
    let events = engine.audit_events(Some("workspace"), 5).await.unwrap();
    assert_eq!(events[0].action, "workspace.restore");

    // The workspace keeps working: the showback imports again from scratch.
    import(&engine, "showback-oct26.csv").await;
    assert_eq!(spend_lines(&engine).await, after_showback);

    // And the safety copy brings the later state back.
    let back = engine
        .restore(Path::new(&restored.previous.path))
        .await
        .unwrap();
    assert_eq!(back.spend_lines, after_showback);
    let listed = engine.list_backups().await.unwrap();
    let reasons: Vec<&str> = listed.iter().map(|b| b.reason.as_str()).collect();
    // Newest first; each import into a workspace with lines was preceded by one.
    assert_eq!(
        reasons,
        [
            "before-restore",
            "before-import",
            "before-restore",
            "before-import"
        ],
        "{listed:?}"
    );
    assert!(listed[0].created_at.is_some());
    let before_showback = runrate::store::backup::check_copy(Path::new(&listed[3].path))
        .await
        .unwrap();
    assert_eq!(before_showback.spend_lines, at_backup);
}

#[tokio::test]
async fn a_file_that_is_not_a_sound_backup_is_refused_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let engine = engine_at(dir.path(), NOW).await;
    register(&engine).await;
    import(&engine, "openai-costs-oct26.csv").await;
    let before = spend_lines(&engine).await;

    let not_a_db = reconcile_file("showback-oct26.csv");
    let refused = engine.restore(&not_a_db).await.unwrap_err();
    assert_eq!(refused.code, Code::Invalid, "{refused:?}");

    let good = dir.path().join("good.sqlite");
    engine.backup(&good).await.unwrap();
    let bytes = std::fs::read(&good).unwrap();
    let truncated = dir.path().join("truncated.sqlite");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    let refused = engine.restore(&truncated).await.unwrap_err();
    assert_eq!(refused.code, Code::Invalid, "{refused:?}");

    let other = dir.path().join("other.sqlite");
    {
        use sqlx::Connection;
        let options = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(&other)
            .create_if_missing(true);
        let mut conn = sqlx::SqliteConnection::connect_with(&options)
            .await
            .unwrap();
        sqlx::query("CREATE TABLE notes (text TEXT)")
            .execute(&mut conn)
            .await
            .unwrap();
        conn.close().await.unwrap();
    }
    let refused = engine.restore(&other).await.unwrap_err();
    assert!(
        refused.message.contains("not a Runrate database"),
        "{}",
        refused.message
    );

    let missing = engine
        .restore(&dir.path().join("nowhere.sqlite"))
        .await
        .unwrap_err();
    assert_eq!(missing.code, Code::NotFound);

    assert_eq!(spend_lines(&engine).await, before);
    assert!(
        engine
            .list_backups()
            .await
            .unwrap()
            .iter()
            .all(|b| b.reason != "before-restore"),
        "no safety copy is taken for a refused restore"
    );
    assert!(!dir.path().join("runrate.db.restoring").exists());
}

#[tokio::test]
async fn clearing_the_demo_starts_afresh_and_keeps_a_backup() {
    let dir = tempfile::tempdir().unwrap();
    let engine = engine_at(dir.path(), NOW).await;
    let refused = engine.clear_demo().await.unwrap_err();
    assert_eq!(
        refused.code,
        Code::Conflict,
        "nothing to clear before the demo"
    );

    let loaded = engine.load_demo().await.unwrap();
    assert!(engine.demo_loaded().await.unwrap());
    assert!(engine.app_info().await.unwrap().demo_loaded);
    engine
        .update_settings(SettingsPatch {
            owner_name: Some("Priya Shah".into()),
            base_currency: Some("EUR".into()),
            ..SettingsPatch::default()
        })
        .await
        .unwrap();

    let cleared = engine.clear_demo().await.unwrap();
    assert_eq!(cleared.backup.reason, "before-clearing-demo");
    assert_eq!(
        cleared.backup.spend_lines,
        Some(i64::try_from(loaded.spend_lines).unwrap())
    );
    assert!(engine.is_empty().await.unwrap());
    assert!(!engine.demo_loaded().await.unwrap());
    assert_eq!(spend_lines(&engine).await, 0);
    assert!(engine.list_departments().await.unwrap().is_empty());
    let settings = engine.settings().await.unwrap();
    assert_eq!(settings.owner_name, "Priya Shah");
    assert_eq!(settings.base_currency.to_string(), "EUR");
    assert!(
        !engine.list_prices().await.unwrap().is_empty(),
        "the list prices are back"
    );
    let chain = engine.verify_audit().await.unwrap();
    assert!(chain.valid && chain.events == 1, "{chain:?}");

    // The demo can be loaded again, and the backup still holds the old one.
    engine.load_demo().await.unwrap();
    let restored = engine
        .restore(Path::new(&cleared.backup.path))
        .await
        .unwrap();
    assert_eq!(restored.spend_lines, cleared.backup.spend_lines.unwrap());
}

#[tokio::test]
async fn undoing_an_import_keeps_a_backup_first() {
    let dir = tempfile::tempdir().unwrap();
    let engine = engine_at(dir.path(), NOW).await;
    register(&engine).await;
    import(&engine, "openai-costs-oct26.csv").await;
    let lines = spend_lines(&engine).await;
    let id = engine.list_imports().await.unwrap()[0].import_id;
    engine.undo_import(id).await.unwrap();
    let backups = engine.list_backups().await.unwrap();
    assert_eq!(backups.len(), 1);
    assert_eq!(backups[0].reason, "before-undo");
    let check = runrate::store::backup::check_copy(Path::new(&backups[0].path))
        .await
        .unwrap();
    assert_eq!(check.spend_lines, lines);
}

#[tokio::test]
async fn a_cancelled_import_saves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let engine = engine_at(dir.path(), NOW).await;
    register(&engine).await;
    let file = reconcile_file("openai-costs-oct26.csv");

    let cancel = Cancel::new();
    cancel.cancel();
    let stopped = engine
        .import_file_with_progress(&file, &ImportOptions::default(), Arc::new(|_| {}), &cancel)
        .await
        .unwrap_err();
    assert_eq!(stopped.code, Code::Cancelled);
    assert_eq!(stopped.code.exit_code(), 130);
    assert!(
        stopped.message.contains("openai-costs-oct26.csv"),
        "{}",
        stopped.message
    );

    // Cancelled while saving: the transaction rolls back.
    let cancel = Cancel::new();
    let pressed = cancel.clone();
    let progress = Arc::new(move |p: ImportProgress| {
        if p.stage == ImportStage::Saving {
            pressed.cancel();
        }
    });
    let stopped = engine
        .import_file_with_progress(&file, &ImportOptions::default(), progress, &cancel)
        .await
        .unwrap_err();
    assert_eq!(stopped.code, Code::Cancelled);
    assert_eq!(spend_lines(&engine).await, 0);
    assert_eq!(batches(&engine).await, 0);

    // Nothing is left half-done: the same file imports in full afterwards.
    import(&engine, "openai-costs-oct26.csv").await;
    assert!(spend_lines(&engine).await > 0);
}
