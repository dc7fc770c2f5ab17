//! The `audit_event` table: append and read the hash-chained log.

use sqlx::sqlite::SqliteConnection;

use crate::audit::{AuditEvent, ChainReport, ChainVerifier, GENESIS_HASH, event_hash};
use crate::error::Result;

/// What an engine call records about itself.
#[derive(Debug, Clone)]
pub struct NewEvent<'a> {
    /// When (RFC 3339).
    pub at: &'a str,
    /// Who.
    pub actor: &'a str,
    /// What, e.g. `service_code.add`.
    pub action: &'a str,
    /// What it was done to.
    pub subject: &'a str,
    /// The record before, as JSON.
    pub before: Option<String>,
    /// The record after, as JSON.
    pub after: Option<String>,
}

/// Appends one event, chained to the last. Call inside the write transaction
/// that makes the change, so the change and its event commit together.
pub async fn append(conn: &mut SqliteConnection, event: NewEvent<'_>) -> Result<AuditEvent> {
    let last: Option<(i64, String)> =
        sqlx::query_as("SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1")
            .fetch_optional(&mut *conn)
            .await?;
    let (seq, prev_hash) = match last {
        Some((seq, hash)) => (seq + 1, hash),
        None => (1, GENESIS_HASH.to_string()),
    };
    let hash = event_hash(
        seq,
        event.at,
        event.actor,
        event.action,
        event.subject,
        event.before.as_deref(),
        event.after.as_deref(),
        &prev_hash,
    );
    sqlx::query(
        "INSERT INTO audit_event (seq, at, actor, action, subject, before_json, after_json, prev_hash, hash)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(seq)
    .bind(event.at)
    .bind(event.actor)
    .bind(event.action)
    .bind(event.subject)
    .bind(&event.before)
    .bind(&event.after)
    .bind(&prev_hash)
    .bind(&hash)
    .execute(&mut *conn)
    .await?;
    Ok(AuditEvent {
        seq,
        at: event.at.to_string(),
        actor: event.actor.to_string(),
        action: event.action.to_string(),
        subject: event.subject.to_string(),
        before_json: event.before,
        after_json: event.after,
        prev_hash,
        hash,
    })
}

const COLUMNS: &str = "seq, at, actor, action, subject, before_json, after_json, prev_hash, hash";

type Row = (
    i64,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    String,
    String,
);

fn from_row(r: Row) -> AuditEvent {
    AuditEvent {
        seq: r.0,
        at: r.1,
        actor: r.2,
        action: r.3,
        subject: r.4,
        before_json: r.5,
        after_json: r.6,
        prev_hash: r.7,
        hash: r.8,
    }
}

/// The most recent events, newest first, optionally only those about `subject`.
pub async fn recent(
    conn: &mut SqliteConnection,
    subject: Option<&str>,
    limit: i64,
) -> Result<Vec<AuditEvent>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM audit_event WHERE (?1 IS NULL OR subject = ?1) ORDER BY seq DESC LIMIT ?2"
    );
    let rows: Vec<Row> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(subject)
        .bind(limit)
        .fetch_all(&mut *conn)
        .await?;
    Ok(rows.into_iter().map(from_row).collect())
}

/// Checks the whole chain from the first event, a page at a time.
pub async fn verify(conn: &mut SqliteConnection) -> Result<ChainReport> {
    const PAGE: i64 = 5_000;
    let mut verifier = ChainVerifier::default();
    let mut after = i64::MIN;
    loop {
        let sql = format!("SELECT {COLUMNS} FROM audit_event WHERE seq > ? ORDER BY seq LIMIT ?");
        let rows: Vec<Row> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(after)
            .bind(PAGE)
            .fetch_all(&mut *conn)
            .await?;
        let Some(last) = rows.last() else { break };
        after = last.0;
        let done = (rows.len() as i64) < PAGE;
        for row in rows {
            verifier.push(&from_row(row));
        }
        if done {
            break;
        }
    }
    Ok(verifier.finish())
}
