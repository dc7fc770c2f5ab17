//! The `audit_event` table: append and read the hash-chained log.

use sqlx::sqlite::SqliteConnection;

use crate::audit::{
    AuditEvent, ChainReport, ChainVerifier, GENESIS_HASH, LineChange, LineStanding, event_hash,
};
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
    let mut report = verifier.finish();
    let (changes, problem) = check_line_history(conn, report.events).await?;
    report.line_changes = changes;
    if report.valid
        && let Some(problem) = problem
    {
        report.valid = false;
        report.problem = Some(problem);
    }
    // The daily totals the screens read must be the lines' own sums.
    if report.valid
        && let Some(problem) = super::imports::roll_up_mismatches(conn)
            .await?
            .into_iter()
            .next()
    {
        report.valid = false;
        report.problem = Some(problem);
    }
    Ok(report)
}

/// A line's standing as the history records it (see the ledger migration).
const STANDING: &str = "json_object('service_code', l.service_code, 'rule_id', l.rule_id,
    'active', l.active, 'replaced_by', l.replaced_by, 'amount_nanos', l.amount_nanos,
    'currency', l.currency, 'cost_basis', l.cost_basis, 'price_id', l.price_id)";

/// Checks the recorded history of the lines' standing: every change was made
/// by an audited call, each starts where the line's previous change ended,
/// and the last one is where the line stands now. Returns the number of
/// changes and the first problem.
async fn check_line_history(
    conn: &mut SqliteConnection,
    events: i64,
) -> Result<(i64, Option<String>)> {
    let changes: i64 = sqlx::query_scalar("SELECT count(*) FROM line_change")
        .fetch_one(&mut *conn)
        .await?;
    let unaudited: Option<(i64, i64)> = sqlx::query_as(
        "SELECT seq, line_id FROM line_change
         WHERE audit_seq IS NULL OR audit_seq < 1 OR audit_seq > ? ORDER BY seq LIMIT 1",
    )
    .bind(events)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some((seq, line)) = unaudited {
        return Ok((
            changes,
            Some(format!(
                "line {line} changed (change {seq}) without an audit event recording it"
            )),
        ));
    }
    let gap: Option<i64> = sqlx::query_scalar(
        "SELECT line_id FROM (
            SELECT line_id, before_json,
                lag(after_json) OVER (PARTITION BY line_id ORDER BY seq) AS previous
            FROM line_change)
         WHERE previous IS NOT NULL AND previous <> before_json LIMIT 1",
    )
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(line) = gap {
        return Ok((
            changes,
            Some(format!(
                "line {line}'s history has a gap: a change does not start where the one before it ended"
            )),
        ));
    }
    let sql = format!(
        "SELECT l.id FROM spend_line l
         JOIN (SELECT line_id, max(seq) AS last FROM line_change GROUP BY line_id) m ON m.line_id = l.id
         JOIN line_change c ON c.seq = m.last
         WHERE c.after_json <> {STANDING} LIMIT 1"
    );
    let moved: Option<i64> = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .fetch_optional(&mut *conn)
        .await?;
    Ok((
        changes,
        moved.map(|line| {
            format!("line {line} stands differently from the last change recorded for it")
        }),
    ))
}

/// Every change to one line's standing, oldest first.
pub async fn line_changes(conn: &mut SqliteConnection, line_id: i64) -> Result<Vec<LineChange>> {
    /// seq, audit_seq, action, at, actor, before, after.
    type ChangeRow = (
        i64,
        Option<i64>,
        Option<String>,
        Option<String>,
        Option<String>,
        String,
        String,
    );
    let rows: Vec<ChangeRow> = sqlx::query_as(
        "SELECT c.seq, c.audit_seq, e.action, e.at, e.actor, c.before_json, c.after_json
             FROM line_change c LEFT JOIN audit_event e ON e.seq = c.audit_seq
             WHERE c.line_id = ? ORDER BY c.seq",
    )
    .bind(line_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(
            |(seq, audit_seq, action, at, actor, before_json, after_json)| {
                Ok(LineChange {
                    seq,
                    audit_seq,
                    action,
                    at,
                    actor,
                    before: standing(&before_json)?,
                    after: standing(&after_json)?,
                })
            },
        )
        .collect()
}

/// Reads a standing as the history trigger wrote it.
fn standing(json: &str) -> Result<LineStanding> {
    #[derive(serde::Deserialize)]
    struct Stored {
        service_code: Option<String>,
        rule_id: Option<i64>,
        active: i64,
        replaced_by: Option<i64>,
        amount_nanos: Option<i64>,
        currency: Option<String>,
        cost_basis: String,
        price_id: Option<i64>,
    }
    let s: Stored = serde_json::from_str(json)?;
    Ok(LineStanding {
        service_code: s.service_code,
        rule_id: s.rule_id,
        live: s.active == 1,
        replaced_by: s.replaced_by,
        amount: s.amount_nanos.map(crate::money::from_nanos),
        currency: s.currency,
        cost_basis: s.cost_basis,
        price_id: s.price_id,
    })
}

/// Gives changes made after this call's audit event was written that event's
/// number (changes made before it are stamped when it is appended).
pub async fn stamp_line_changes(conn: &mut SqliteConnection) -> Result<()> {
    sqlx::query(
        "UPDATE line_change SET audit_seq = (SELECT max(seq) FROM audit_event)
         WHERE audit_seq IS NULL",
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}
