//! Signing keys, disputes, approvals, frozen lines and exported packs.

use sqlx::sqlite::SqliteConnection;

use crate::error::{Error, Result};
use crate::model::dispute::{Approval, ApprovalStatus, Dispute, DisputeReason, DisputeStatus};
use crate::money::Currency;

fn corrupt(what: &str) -> Error {
    super::corrupt(what)
}

// ---- signing keys ----------------------------------------------------------

/// A signing key on record (public half only).
#[allow(missing_docs)]
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, sqlx::FromRow)]
pub struct KeyRow {
    pub fingerprint: String,
    pub public_openssh: String,
    pub store: String,
    pub created_at: String,
    pub retired_at: Option<String>,
}

/// The key that signs new packs.
pub async fn current_key(conn: &mut SqliteConnection) -> Result<Option<KeyRow>> {
    Ok(sqlx::query_as(
        "SELECT fingerprint, public_openssh, store, created_at, retired_at FROM signing_key
         WHERE retired_at IS NULL ORDER BY created_at DESC, rowid DESC LIMIT 1",
    )
    .fetch_optional(&mut *conn)
    .await?)
}

/// Every key, newest first.
pub async fn keys(conn: &mut SqliteConnection) -> Result<Vec<KeyRow>> {
    Ok(sqlx::query_as(
        "SELECT fingerprint, public_openssh, store, created_at, retired_at FROM signing_key
         ORDER BY created_at DESC, rowid DESC",
    )
    .fetch_all(&mut *conn)
    .await?)
}

/// Records a new key.
pub async fn insert_key(conn: &mut SqliteConnection, key: &KeyRow) -> Result<()> {
    sqlx::query(
        "INSERT INTO signing_key (fingerprint, public_openssh, store, created_at) VALUES (?, ?, ?, ?)",
    )
    .bind(&key.fingerprint)
    .bind(&key.public_openssh)
    .bind(&key.store)
    .bind(&key.created_at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Retires a key: it signs nothing new.
pub async fn retire_key(conn: &mut SqliteConnection, fingerprint: &str, at: &str) -> Result<()> {
    sqlx::query(
        "UPDATE signing_key SET retired_at = ? WHERE fingerprint = ? AND retired_at IS NULL",
    )
    .bind(at)
    .bind(fingerprint)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

// ---- disputes --------------------------------------------------------------

/// A dispute to insert.
#[allow(missing_docs)]
pub struct NewDispute<'a> {
    pub department_id: i64,
    pub month: &'a str,
    pub service_code: Option<&'a str>,
    pub reason: DisputeReason,
    pub explanation: &'a str,
    pub requested_adjustment: &'a str,
    pub currency: &'a str,
    pub variance_json: Option<String>,
    pub split_json: Option<String>,
    pub at: &'a str,
    pub by: &'a str,
    pub line_ids: &'a [i64],
}

/// Inserts a dispute and its lines; returns its id.
pub async fn insert_dispute(conn: &mut SqliteConnection, d: &NewDispute<'_>) -> Result<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO dispute (department_id, month, service_code, reason, explanation,
            requested_adjustment, currency, status, variance_json, split_json, created_at,
            created_by, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(d.department_id)
    .bind(d.month)
    .bind(d.service_code)
    .bind(d.reason.as_str())
    .bind(d.explanation)
    .bind(d.requested_adjustment)
    .bind(d.currency)
    .bind(&d.variance_json)
    .bind(&d.split_json)
    .bind(d.at)
    .bind(d.by)
    .bind(d.at)
    .fetch_one(&mut *conn)
    .await?;
    for line in d.line_ids {
        sqlx::query("INSERT INTO dispute_line (dispute_id, line_id) VALUES (?, ?)")
            .bind(id)
            .bind(line)
            .execute(&mut *conn)
            .await?;
    }
    Ok(id)
}

#[derive(sqlx::FromRow)]
struct DisputeRow {
    id: i64,
    department: String,
    month: String,
    service_code: Option<String>,
    reason: String,
    explanation: String,
    requested_adjustment: String,
    currency: String,
    status: String,
    variance_json: Option<String>,
    split_json: Option<String>,
    created_at: String,
    created_by: String,
    updated_at: String,
}

/// A dispute with the evidence recorded with it.
#[derive(Debug, Clone)]
pub struct DisputeRecord {
    /// The dispute.
    pub dispute: Dispute,
    /// The reconciliation row it disputes, as JSON.
    pub variance_json: Option<String>,
    /// The split offered as evidence, as JSON.
    pub split_json: Option<String>,
}

const DISPUTE_SELECT: &str =
    "SELECT d.id, dep.name AS department, d.month, d.service_code, d.reason,
    d.explanation, d.requested_adjustment, d.currency, d.status, d.variance_json, d.split_json,
    d.created_at, d.created_by, d.updated_at
    FROM dispute d JOIN department dep ON dep.id = d.department_id";

async fn finish_dispute(conn: &mut SqliteConnection, r: DisputeRow) -> Result<DisputeRecord> {
    let line_ids: Vec<i64> = sqlx::query_scalar(
        "SELECT line_id FROM dispute_line WHERE dispute_id = ? ORDER BY line_id",
    )
    .bind(r.id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(DisputeRecord {
        dispute: Dispute {
            id: r.id,
            department: r.department,
            month: r.month,
            service_code: r.service_code,
            reason: DisputeReason::parse(&r.reason).ok_or_else(|| corrupt("dispute's reason"))?,
            explanation: r.explanation,
            requested_adjustment: super::stored_decimal(
                &r.requested_adjustment,
                "dispute's adjustment",
            )?,
            currency: Currency::parse(&r.currency).map_err(|_| corrupt("dispute's currency"))?,
            status: DisputeStatus::parse(&r.status).ok_or_else(|| corrupt("dispute's status"))?,
            line_ids,
            created_at: r.created_at,
            created_by: r.created_by,
            updated_at: r.updated_at,
        },
        variance_json: r.variance_json,
        split_json: r.split_json,
    })
}

/// One dispute.
pub async fn dispute(conn: &mut SqliteConnection, id: i64) -> Result<Option<DisputeRecord>> {
    let row: Option<DisputeRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{DISPUTE_SELECT} WHERE d.id = ?"
    )))
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    match row {
        Some(r) => Ok(Some(finish_dispute(conn, r).await?)),
        None => Ok(None),
    }
}

/// Disputes, optionally of one department and month, oldest first.
pub async fn disputes(
    conn: &mut SqliteConnection,
    department_id: Option<i64>,
    month: Option<&str>,
) -> Result<Vec<DisputeRecord>> {
    let rows: Vec<DisputeRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{DISPUTE_SELECT} WHERE (?1 IS NULL OR d.department_id = ?1) AND (?2 IS NULL OR d.month = ?2)
         ORDER BY d.month, d.id"
    )))
    .bind(department_id)
    .bind(month)
    .fetch_all(&mut *conn)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        out.push(finish_dispute(conn, r).await?);
    }
    Ok(out)
}

/// Changes a dispute's status.
pub async fn set_dispute_status(
    conn: &mut SqliteConnection,
    id: i64,
    status: DisputeStatus,
    at: &str,
) -> Result<()> {
    sqlx::query("UPDATE dispute SET status = ?, updated_at = ? WHERE id = ?")
        .bind(status.as_str())
        .bind(at)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Pending disputes that name a line, other than `except`.
pub async fn pending_disputes_of_line(
    conn: &mut SqliteConnection,
    line_id: i64,
) -> Result<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT d.id FROM dispute d JOIN dispute_line l ON l.dispute_id = d.id
         WHERE l.line_id = ? AND d.status IN ('open', 'sent') ORDER BY d.id",
    )
    .bind(line_id)
    .fetch_all(&mut *conn)
    .await?)
}

// ---- approvals -------------------------------------------------------------

#[derive(sqlx::FromRow)]
struct ApprovalRow {
    id: i64,
    department: String,
    month: String,
    signer_name: String,
    signer_role: String,
    statement: String,
    status: String,
    pack_id: Option<String>,
    created_at: String,
    signed_at: Option<String>,
    reopened_at: Option<String>,
    reopen_reason: Option<String>,
}

impl TryFrom<ApprovalRow> for Approval {
    type Error = Error;

    fn try_from(r: ApprovalRow) -> Result<Approval> {
        Ok(Approval {
            id: r.id,
            department: r.department,
            month: r.month,
            signer_name: r.signer_name,
            signer_role: r.signer_role,
            statement: r.statement,
            status: ApprovalStatus::parse(&r.status).ok_or_else(|| corrupt("approval's status"))?,
            pack_id: r.pack_id,
            created_at: r.created_at,
            signed_at: r.signed_at,
            reopened_at: r.reopened_at,
            reopen_reason: r.reopen_reason,
        })
    }
}

const APPROVAL_SELECT: &str = "SELECT a.id, dep.name AS department, a.month, a.signer_name,
    a.signer_role, a.statement, a.status, a.pack_id, a.created_at, a.signed_at, a.reopened_at,
    a.reopen_reason FROM approval a JOIN department dep ON dep.id = a.department_id";

/// The latest approval of a department's month.
pub async fn latest_approval(
    conn: &mut SqliteConnection,
    department_id: i64,
    month: &str,
) -> Result<Option<Approval>> {
    let row: Option<ApprovalRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{APPROVAL_SELECT} WHERE a.department_id = ? AND a.month = ? ORDER BY a.id DESC LIMIT 1"
    )))
    .bind(department_id)
    .bind(month)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(Approval::try_from).transpose()
}

/// Every approval, newest month first.
pub async fn approvals(conn: &mut SqliteConnection) -> Result<Vec<Approval>> {
    let rows: Vec<ApprovalRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{APPROVAL_SELECT} ORDER BY a.month DESC, a.id DESC"
    )))
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter().map(Approval::try_from).collect()
}

/// An approval to record.
#[allow(missing_docs)]
pub struct NewApproval<'a> {
    pub department_id: i64,
    pub month: &'a str,
    pub signer_name: &'a str,
    pub signer_role: &'a str,
    pub statement: &'a str,
    pub at: &'a str,
}

/// Records an approval (status `recorded`); returns its id.
pub async fn insert_approval(conn: &mut SqliteConnection, a: &NewApproval<'_>) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO approval (department_id, month, signer_name, signer_role, statement, status, created_at)
         VALUES (?, ?, ?, ?, ?, 'recorded', ?) RETURNING id",
    )
    .bind(a.department_id)
    .bind(a.month)
    .bind(a.signer_name)
    .bind(a.signer_role)
    .bind(a.statement)
    .bind(a.at)
    .fetch_one(&mut *conn)
    .await?)
}

/// Replaces a recorded (unsigned) approval's signer and statement.
pub async fn update_recorded_approval(
    conn: &mut SqliteConnection,
    id: i64,
    a: &NewApproval<'_>,
) -> Result<()> {
    sqlx::query(
        "UPDATE approval SET signer_name = ?, signer_role = ?, statement = ?, created_at = ?
         WHERE id = ? AND status = 'recorded'",
    )
    .bind(a.signer_name)
    .bind(a.signer_role)
    .bind(a.statement)
    .bind(a.at)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Marks an approval signed by a pack and freezes its lines.
pub async fn sign_approval(
    conn: &mut SqliteConnection,
    id: i64,
    pack_id: &str,
    at: &str,
    line_ids: &[i64],
) -> Result<()> {
    sqlx::query("UPDATE approval SET status = 'signed', pack_id = ?, signed_at = ? WHERE id = ?")
        .bind(pack_id)
        .bind(at)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    // 400 lines (800 bound values) per statement: far below SQLite's limit of
    // 32,766 bound values, and one round trip per 400 lines instead of per line.
    for chunk in line_ids.chunks(400) {
        let mut insert: sqlx::QueryBuilder<sqlx::Sqlite> =
            sqlx::QueryBuilder::new("INSERT OR REPLACE INTO frozen_line (line_id, approval_id) ");
        insert.push_values(chunk, |mut row, line| {
            row.push_bind(*line).push_bind(id);
        });
        insert.build().execute(&mut *conn).await?;
    }
    Ok(())
}

/// Reopens a signed approval and thaws its lines; returns how many.
pub async fn reopen_approval(
    conn: &mut SqliteConnection,
    id: i64,
    at: &str,
    reason: &str,
) -> Result<u64> {
    sqlx::query(
        "UPDATE approval SET status = 'reopened', reopened_at = ?, reopen_reason = ? WHERE id = ?",
    )
    .bind(at)
    .bind(reason)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(sqlx::query("DELETE FROM frozen_line WHERE approval_id = ?")
        .bind(id)
        .execute(&mut *conn)
        .await?
        .rows_affected())
}

/// How many of an import's live lines a signed approval covers, and the first
/// such approval's department and month.
pub async fn frozen_in_batch(
    conn: &mut SqliteConnection,
    batch_id: i64,
) -> Result<Option<(i64, String, String)>> {
    Ok(sqlx::query_as(
        "SELECT COUNT(*), dep.name, a.month FROM frozen_line f
         JOIN spend_line l ON l.id = f.line_id
         JOIN approval a ON a.id = f.approval_id
         JOIN department dep ON dep.id = a.department_id
         WHERE l.batch_id = ? AND l.active = 1
         GROUP BY a.id ORDER BY a.id LIMIT 1",
    )
    .bind(batch_id)
    .fetch_optional(&mut *conn)
    .await?)
}

// ---- packs -----------------------------------------------------------------

/// An exported pack.
#[allow(missing_docs)]
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PackRow {
    pub pack_id: String,
    pub kind: String,
    pub department: String,
    pub month: String,
    pub key_fingerprint: String,
    pub sequence: i64,
    pub supersedes: Option<String>,
    pub content_digest: String,
    pub created_at: String,
    pub signer_name: String,
    pub signer_role: String,
    pub file_name: String,
    pub sha256: String,
    pub line_count: i64,
    pub totals_json: String,
    pub files_json: String,
}

const PACK_SELECT: &str = "SELECT p.pack_id, p.kind, dep.name AS department, p.month,
    p.key_fingerprint, p.sequence, p.supersedes, p.content_digest, p.created_at, p.signer_name,
    p.signer_role, p.file_name, p.sha256, p.line_count, p.totals_json, p.files_json
    FROM pack p JOIN department dep ON dep.id = p.department_id";

/// The newest pack of a kind for a department's month.
pub async fn latest_pack(
    conn: &mut SqliteConnection,
    kind: &str,
    department_id: i64,
    month: &str,
) -> Result<Option<PackRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{PACK_SELECT} WHERE p.kind = ? AND p.department_id = ? AND p.month = ?
         ORDER BY p.created_at DESC, p.rowid DESC LIMIT 1"
    )))
    .bind(kind)
    .bind(department_id)
    .bind(month)
    .fetch_optional(&mut *conn)
    .await?)
}

/// Every pack, newest first.
pub async fn packs(conn: &mut SqliteConnection) -> Result<Vec<PackRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{PACK_SELECT} ORDER BY p.created_at DESC, p.rowid DESC"
    )))
    .fetch_all(&mut *conn)
    .await?)
}

/// The next sequence number for a key.
pub async fn next_sequence(conn: &mut SqliteConnection, fingerprint: &str) -> Result<i64> {
    let max: Option<i64> =
        sqlx::query_scalar("SELECT MAX(sequence) FROM pack WHERE key_fingerprint = ?")
            .bind(fingerprint)
            .fetch_one(&mut *conn)
            .await?;
    Ok(max.unwrap_or(0) + 1)
}

/// Records an exported pack.
pub async fn insert_pack(
    conn: &mut SqliteConnection,
    department_id: i64,
    p: &PackRow,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO pack (pack_id, kind, department_id, month, key_fingerprint, sequence,
            supersedes, content_digest, created_at, signer_name, signer_role, file_name, sha256,
            line_count, totals_json, files_json)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&p.pack_id)
    .bind(&p.kind)
    .bind(department_id)
    .bind(&p.month)
    .bind(&p.key_fingerprint)
    .bind(p.sequence)
    .bind(&p.supersedes)
    .bind(&p.content_digest)
    .bind(&p.created_at)
    .bind(&p.signer_name)
    .bind(&p.signer_role)
    .bind(&p.file_name)
    .bind(&p.sha256)
    .bind(p.line_count)
    .bind(&p.totals_json)
    .bind(&p.files_json)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
