//! Import batches and spend lines.

use sqlx::sqlite::SqliteConnection;

use crate::error::Result;
use crate::import::{LineDraft, SourceKind};
use crate::money::to_nanos;

/// A batch row ready to insert; fields mirror `import_batch`'s columns.
#[allow(missing_docs)]
pub struct NewBatch<'a> {
    pub file_name: &'a str,
    pub file_size: i64,
    pub sha256: &'a str,
    pub format: &'a str,
    pub source_kind: SourceKind,
    pub encoding: Option<&'a str>,
    pub sheets_json: &'a str,
    pub rows_read: i64,
    pub lines_imported: i64,
    pub skipped_json: &'a str,
    pub rows_rejected: i64,
    pub duplicates: i64,
    pub totals_json: &'a str,
    pub issues_json: &'a str,
    pub imported_at: &'a str,
    pub imported_by: &'a str,
}

/// Inserts a batch and returns its id.
pub async fn insert_batch(conn: &mut SqliteConnection, b: &NewBatch<'_>) -> Result<i64> {
    let id: (i64,) = sqlx::query_as(
        "INSERT INTO import_batch (file_name, file_size, sha256, format, source_kind, encoding,
            sheets_json, rows_read, lines_imported, skipped_json, rows_rejected, duplicates,
            totals_json, issues_json, imported_at, imported_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(b.file_name)
    .bind(b.file_size)
    .bind(b.sha256)
    .bind(b.format)
    .bind(b.source_kind.id())
    .bind(b.encoding)
    .bind(b.sheets_json)
    .bind(b.rows_read)
    .bind(b.lines_imported)
    .bind(b.skipped_json)
    .bind(b.rows_rejected)
    .bind(b.duplicates)
    .bind(b.totals_json)
    .bind(b.issues_json)
    .bind(b.imported_at)
    .bind(b.imported_by)
    .fetch_one(&mut *conn)
    .await?;
    Ok(id.0)
}

/// The live batch holding a file with this hash, if any.
pub async fn live_batch_for_file(conn: &mut SqliteConnection, sha256: &str) -> Result<Option<i64>> {
    let row: Option<(i64,)> =
        sqlx::query_as("SELECT id FROM import_batch WHERE sha256 = ? AND undone_at IS NULL")
            .bind(sha256)
            .fetch_optional(&mut *conn)
            .await?;
    Ok(row.map(|r| r.0))
}

/// The live line with this natural key: (batch id, amount in nanos).
pub async fn live_line(
    conn: &mut SqliteConnection,
    natural_key: &str,
) -> Result<Option<(i64, Option<i64>)>> {
    Ok(sqlx::query_as(
        "SELECT batch_id, amount_nanos FROM spend_line WHERE natural_key = ? AND active = 1",
    )
    .bind(natural_key)
    .fetch_optional(&mut *conn)
    .await?)
}

/// An attributed line to store.
#[allow(missing_docs)]
pub struct NewLine<'a> {
    pub draft: &'a LineDraft,
    pub source_kind: SourceKind,
    pub natural_key: String,
    pub service_code: Option<&'a str>,
    pub rule_id: Option<i64>,
}

/// Inserts one line of a batch.
pub async fn insert_line(
    conn: &mut SqliteConnection,
    batch_id: i64,
    line: &NewLine<'_>,
) -> Result<()> {
    let d = line.draft;
    let amount = d.amount.map(to_nanos).transpose()?;
    let tags = if d.tags.is_empty() {
        None
    } else {
        Some(serde_json::to_string(&d.tags)?)
    };
    sqlx::query(
        "INSERT INTO spend_line (batch_id, source_kind, sheet, row_number, period_start, period_end,
            provider, model, line_item, api_key_id, api_key_name, project_id, project_name,
            workspace_id, workspace_name, tags_json, workload_code, department_label, cost_centre,
            environment, service_code, rule_id, input_tokens, cached_input_tokens,
            cache_write_tokens, output_tokens, requests, amount_nanos, currency, cost_basis,
            charge_category, natural_key, raw_json)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(batch_id)
    .bind(line.source_kind.id())
    .bind(&d.sheet)
    .bind(i64::from(d.row))
    .bind(d.period_start.map(|p| p.to_string()).unwrap_or_default())
    .bind(d.period_end.map(|p| p.to_string()).unwrap_or_default())
    .bind(d.provider.map(|p| p.id()))
    .bind(&d.model)
    .bind(&d.line_item)
    .bind(&d.api_key_id)
    .bind(&d.api_key_name)
    .bind(&d.project_id)
    .bind(&d.project_name)
    .bind(&d.workspace_id)
    .bind(&d.workspace_name)
    .bind(tags)
    .bind(&d.workload_code)
    .bind(&d.department_label)
    .bind(&d.cost_centre)
    .bind(&d.environment)
    .bind(line.service_code)
    .bind(line.rule_id)
    .bind(d.input_tokens)
    .bind(d.cached_input_tokens)
    .bind(d.cache_write_tokens)
    .bind(d.output_tokens)
    .bind(d.requests)
    .bind(amount)
    .bind(d.currency.map(|c| c.code().to_string()))
    .bind(d.cost_basis.map(|b| b.id()).unwrap_or("unpriced"))
    .bind(d.charge_category.map(|c| c.id()).unwrap_or("usage"))
    .bind(&line.natural_key)
    .bind(serde_json::to_string(&d.raw)?)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A stored batch; fields mirror `import_batch`'s columns.
#[allow(missing_docs)]
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct BatchRow {
    pub id: i64,
    pub file_name: String,
    pub file_size: i64,
    pub sha256: String,
    pub format: String,
    pub source_kind: String,
    pub rows_read: i64,
    pub lines_imported: i64,
    pub skipped_json: String,
    pub rows_rejected: i64,
    pub duplicates: i64,
    pub totals_json: String,
    pub issues_json: String,
    pub imported_at: String,
    pub imported_by: String,
    pub undone_at: Option<String>,
}

const BATCH_COLUMNS: &str = "id, file_name, file_size, sha256, format, source_kind, rows_read, lines_imported,
    skipped_json, rows_rejected, duplicates, totals_json, issues_json, imported_at, imported_by, undone_at";

/// Every batch, newest first.
pub async fn list_batches(conn: &mut SqliteConnection) -> Result<Vec<BatchRow>> {
    let sql = format!("SELECT {BATCH_COLUMNS} FROM import_batch ORDER BY id DESC");
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .fetch_all(&mut *conn)
        .await?)
}

/// One batch.
pub async fn batch(conn: &mut SqliteConnection, id: i64) -> Result<Option<BatchRow>> {
    let sql = format!("SELECT {BATCH_COLUMNS} FROM import_batch WHERE id = ?");
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?)
}

/// Marks a batch undone and its lines inactive; returns the lines withdrawn.
pub async fn undo_batch(conn: &mut SqliteConnection, id: i64, at: &str, by: &str) -> Result<u64> {
    sqlx::query(
        "UPDATE import_batch SET undone_at = ?, undone_by = ? WHERE id = ? AND undone_at IS NULL",
    )
    .bind(at)
    .bind(by)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    let done = sqlx::query("UPDATE spend_line SET active = 0 WHERE batch_id = ? AND active = 1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected())
}
