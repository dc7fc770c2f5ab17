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
    pub mapping_name: Option<&'a str>,
    pub format_version: Option<&'a str>,
}

/// Inserts a batch and returns its id.
pub async fn insert_batch(conn: &mut SqliteConnection, b: &NewBatch<'_>) -> Result<i64> {
    let id: (i64,) = sqlx::query_as(
        "INSERT INTO import_batch (file_name, file_size, sha256, format, source_kind, encoding,
            sheets_json, rows_read, lines_imported, skipped_json, rows_rejected, duplicates,
            totals_json, issues_json, imported_at, imported_by, mapping_name, format_version)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
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
    .bind(b.mapping_name)
    .bind(b.format_version)
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

/// An attributed line to store.
#[allow(missing_docs)]
pub struct NewLine<'a> {
    pub draft: &'a LineDraft,
    pub source_kind: SourceKind,
    pub natural_key: String,
    pub service_code: Option<&'a str>,
    pub rule_id: Option<i64>,
}

/// Lines per INSERT statement: 36 values each stays far below SQLite's limit
/// of 32,766 bound values, and larger batches gain nothing measurable.
const LINES_PER_INSERT: usize = 200;

/// Inserts a batch's lines, many rows per statement.
pub async fn insert_lines(
    conn: &mut SqliteConnection,
    batch_id: i64,
    lines: &[NewLine<'_>],
) -> Result<()> {
    for chunk in lines.chunks(LINES_PER_INSERT) {
        let mut rows = Vec::with_capacity(chunk.len());
        for line in chunk {
            let d = line.draft;
            let tags = if d.tags.is_empty() {
                None
            } else {
                Some(serde_json::to_string(&d.tags)?)
            };
            rows.push((
                line,
                d.amount.map(to_nanos).transpose()?,
                tags,
                serde_json::to_string(&d.raw)?,
            ));
        }
        let mut query = sqlx::QueryBuilder::<sqlx::Sqlite>::new(
            "INSERT INTO spend_line (batch_id, source_kind, sheet, row_number, period_start,
                period_end, provider, model, line_item, api_key_id, api_key_name, project_id,
                project_name, workspace_id, workspace_name, tags_json, workload_code,
                department_label, cost_centre, environment, service_code, rule_id, input_tokens,
                cached_input_tokens, cache_write_tokens, output_tokens, requests, amount_nanos,
                currency, cost_basis, charge_category, natural_key, raw_json,
                cache_write_1h_tokens, price_id) ",
        );
        query.push_values(rows, |mut b, (line, amount, tags, raw)| {
            let d = line.draft;
            b.push_bind(batch_id)
                .push_bind(line.source_kind.id())
                .push_bind(d.sheet.clone())
                .push_bind(i64::from(d.row))
                .push_bind(d.period_start.map(|p| p.to_string()).unwrap_or_default())
                .push_bind(d.period_end.map(|p| p.to_string()).unwrap_or_default())
                .push_bind(d.provider.map(|p| p.id()))
                .push_bind(d.model.clone())
                .push_bind(d.line_item.clone())
                .push_bind(d.api_key_id.clone())
                .push_bind(d.api_key_name.clone())
                .push_bind(d.project_id.clone())
                .push_bind(d.project_name.clone())
                .push_bind(d.workspace_id.clone())
                .push_bind(d.workspace_name.clone())
                .push_bind(tags)
                .push_bind(d.workload_code.clone())
                .push_bind(d.department_label.clone())
                .push_bind(d.cost_centre.clone())
                .push_bind(d.environment.clone())
                .push_bind(line.service_code.map(str::to_string))
                .push_bind(line.rule_id)
                .push_bind(d.input_tokens)
                .push_bind(d.cached_input_tokens)
                .push_bind(d.cache_write_tokens)
                .push_bind(d.output_tokens)
                .push_bind(d.requests)
                .push_bind(amount)
                .push_bind(d.currency.map(|c| c.code().to_string()))
                .push_bind(d.cost_basis.map(|b| b.id()).unwrap_or("unpriced"))
                .push_bind(d.charge_category.map(|c| c.id()).unwrap_or("usage"))
                .push_bind(line.natural_key.clone())
                .push_bind(raw)
                .push_bind(d.cache_write_1h_tokens)
                .push_bind(d.price_id);
        });
        query.build().execute(&mut *conn).await?;
    }
    Ok(())
}

/// Keys looked up per query (each is one bound value).
const KEYS_PER_LOOKUP: usize = 500;

/// The live lines with these natural keys: key → (batch id, amount in nanos).
/// Uses the unique index on live keys, so the cost follows the keys asked
/// about, not the size of the table.
pub async fn live_keys(
    conn: &mut SqliteConnection,
    keys: &[&str],
) -> Result<std::collections::HashMap<String, (i64, Option<i64>)>> {
    let mut found = std::collections::HashMap::new();
    for chunk in keys.chunks(KEYS_PER_LOOKUP) {
        let mut query = sqlx::QueryBuilder::<sqlx::Sqlite>::new(
            "SELECT natural_key, batch_id, amount_nanos FROM spend_line WHERE active = 1 AND natural_key IN (",
        );
        let mut list = query.separated(", ");
        for key in chunk {
            list.push_bind(key.to_string());
        }
        query.push(")");
        let rows: Vec<(String, i64, Option<i64>)> =
            query.build_query_as().fetch_all(&mut *conn).await?;
        found.extend(
            rows.into_iter()
                .map(|(key, batch, amount)| (key, (batch, amount))),
        );
    }
    Ok(found)
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
    pub mapping_name: Option<String>,
    pub encoding: Option<String>,
    pub sheets_json: String,
    pub format_version: Option<String>,
}

const BATCH_COLUMNS: &str = "id, file_name, file_size, sha256, format, source_kind, rows_read, lines_imported,
    skipped_json, rows_rejected, duplicates, totals_json, issues_json, imported_at, imported_by, undone_at,
    mapping_name, encoding, sheets_json, format_version";

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

/// Whether a line with this id was ever imported.
pub async fn line_exists(conn: &mut SqliteConnection, id: i64) -> Result<bool> {
    Ok(
        sqlx::query_scalar::<_, i64>("SELECT 1 FROM spend_line WHERE id = ?")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?
            .is_some(),
    )
}

/// Withdraws the live line with this key because import `by` replaces it.
pub async fn replace_live_line(
    conn: &mut SqliteConnection,
    natural_key: &str,
    by: i64,
) -> Result<()> {
    sqlx::query(
        "UPDATE spend_line SET active = 0, replaced_by = ? WHERE natural_key = ? AND active = 1",
    )
    .bind(by)
    .bind(natural_key)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Marks a batch undone and its lines inactive, and brings back the lines it
/// had replaced (unless their own import was undone); returns the lines
/// withdrawn and restored.
pub async fn undo_batch(
    conn: &mut SqliteConnection,
    id: i64,
    at: &str,
    by: &str,
) -> Result<(u64, u64)> {
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
    let restored = sqlx::query(
        "UPDATE spend_line SET active = 1, replaced_by = NULL
         WHERE replaced_by = ?
           AND batch_id IN (SELECT id FROM import_batch WHERE undone_at IS NULL)",
    )
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok((done.rows_affected(), restored.rows_affected()))
}

/// A live usage line without an amount, with what pricing needs.
#[allow(missing_docs)]
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UnpricedLine {
    pub id: i64,
    pub provider: Option<String>,
    pub model: Option<String>,
    pub line_item: Option<String>,
    pub period_start: String,
    pub input_tokens: Option<i64>,
    pub cached_input_tokens: Option<i64>,
    pub cache_write_tokens: Option<i64>,
    pub cache_write_1h_tokens: Option<i64>,
    pub output_tokens: Option<i64>,
}

/// Every live line still waiting for a price.
pub async fn unpriced_lines(conn: &mut SqliteConnection) -> Result<Vec<UnpricedLine>> {
    Ok(sqlx::query_as(
        "SELECT id, provider, model, line_item, period_start, input_tokens, cached_input_tokens,
            cache_write_tokens, cache_write_1h_tokens, output_tokens
         FROM spend_line WHERE active = 1 AND amount_nanos IS NULL
           AND id NOT IN (SELECT line_id FROM frozen_line) ORDER BY id",
    )
    .fetch_all(&mut *conn)
    .await?)
}

/// Gives an unpriced line the amount the price book computed.
pub async fn set_computed_amount(
    conn: &mut SqliteConnection,
    id: i64,
    amount_nanos: i64,
    currency: &str,
    price_id: i64,
) -> Result<()> {
    sqlx::query(
        "UPDATE spend_line SET amount_nanos = ?, currency = ?, cost_basis = 'computed', price_id = ?
         WHERE id = ? AND amount_nanos IS NULL",
    )
    .bind(amount_nanos)
    .bind(currency)
    .bind(price_id)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// What attribution needs to know about a live line.
#[allow(missing_docs)]
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LineIdentityRow {
    pub id: i64,
    pub provider: Option<String>,
    pub api_key_id: Option<String>,
    pub api_key_name: Option<String>,
    pub project_id: Option<String>,
    pub project_name: Option<String>,
    pub workspace_id: Option<String>,
    pub workspace_name: Option<String>,
    pub tags_json: Option<String>,
    pub workload_code: Option<String>,
    pub service_code: Option<String>,
    pub rule_id: Option<i64>,
}

/// Every live line's identifiers and current attribution.
pub async fn line_identities(conn: &mut SqliteConnection) -> Result<Vec<LineIdentityRow>> {
    Ok(sqlx::query_as(
        "SELECT id, provider, api_key_id, api_key_name, project_id, project_name, workspace_id,
            workspace_name, tags_json, workload_code, service_code, rule_id
         FROM spend_line WHERE active = 1 AND id NOT IN (SELECT line_id FROM frozen_line)
         ORDER BY id",
    )
    .fetch_all(&mut *conn)
    .await?)
}

/// Sets a line's attribution.
pub async fn set_attribution(
    conn: &mut SqliteConnection,
    id: i64,
    service_code: Option<&str>,
    rule_id: Option<i64>,
) -> Result<()> {
    sqlx::query("UPDATE spend_line SET service_code = ?, rule_id = ? WHERE id = ?")
        .bind(service_code)
        .bind(rule_id)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// A live line as reports read it.
#[allow(missing_docs)]
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ReportLine {
    pub source_kind: String,
    pub period_start: String,
    pub provider: Option<String>,
    pub model: Option<String>,
    pub api_key_id: Option<String>,
    pub api_key_name: Option<String>,
    pub project_id: Option<String>,
    pub project_name: Option<String>,
    pub workspace_id: Option<String>,
    pub workspace_name: Option<String>,
    pub tags_json: Option<String>,
    pub workload_code: Option<String>,
    pub department_label: Option<String>,
    pub service_code: Option<String>,
    pub department: Option<String>,
    pub amount_nanos: Option<i64>,
    pub currency: Option<String>,
}

/// Live lines whose period starts in `[from, to)`; with `unattributed_only`,
/// only those no rule claimed.
pub async fn report_lines(
    conn: &mut SqliteConnection,
    from: &str,
    to: &str,
    unattributed_only: bool,
) -> Result<Vec<ReportLine>> {
    let filter = if unattributed_only {
        " AND l.service_code IS NULL"
    } else {
        ""
    };
    let sql = format!(
        "SELECT l.source_kind, l.period_start, l.provider, l.model, l.api_key_id, l.api_key_name,
            l.project_id, l.project_name, l.workspace_id, l.workspace_name, l.tags_json,
            l.workload_code, l.department_label, l.service_code, d.name AS department,
            l.amount_nanos, l.currency
         FROM spend_line l
         LEFT JOIN service_code c ON c.code = l.service_code
         LEFT JOIN department d ON d.id = c.department_id
         WHERE l.active = 1 AND l.period_start >= ? AND l.period_start < ?{filter}
         ORDER BY l.id"
    );
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(from)
        .bind(to)
        .fetch_all(&mut *conn)
        .await?)
}

/// Fills in a batch inserted as a placeholder at the start of an import.
pub async fn complete_batch(conn: &mut SqliteConnection, id: i64, b: &NewBatch<'_>) -> Result<()> {
    sqlx::query(
        "UPDATE import_batch SET format = ?, source_kind = ?, encoding = ?, sheets_json = ?,
            rows_read = ?, lines_imported = ?, skipped_json = ?, rows_rejected = ?,
            duplicates = ?, totals_json = ?, issues_json = ?, mapping_name = ?, format_version = ?
         WHERE id = ?",
    )
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
    .bind(b.mapping_name)
    .bind(b.format_version)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A live line with what forecasts, reconciliation and drill-downs need.
#[allow(missing_docs)]
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LedgerLine {
    pub id: i64,
    pub batch_id: i64,
    pub file_name: String,
    pub sha256: String,
    pub sheet: String,
    pub row_number: i64,
    pub source_kind: String,
    pub period_start: String,
    pub period_end: String,
    pub provider: Option<String>,
    pub model: Option<String>,
    pub line_item: Option<String>,
    pub api_key_id: Option<String>,
    pub api_key_name: Option<String>,
    pub department_label: Option<String>,
    pub service_code: Option<String>,
    pub department: Option<String>,
    pub input_tokens: Option<i64>,
    pub cached_input_tokens: Option<i64>,
    pub cache_write_tokens: Option<i64>,
    pub cache_write_1h_tokens: Option<i64>,
    pub output_tokens: Option<i64>,
    pub requests: Option<i64>,
    pub amount_nanos: Option<i64>,
    pub currency: Option<String>,
    pub cost_basis: String,
    pub charge_category: String,
    pub rule_id: Option<i64>,
}

/// Live lines whose period starts in `[from, to)` summed per day: one row
/// per period, source, provider, charge category, code, department and
/// currency, its amount the exact sum of the lines' (integers of 10⁻⁹). A
/// year of a department's usage is tens of thousands of lines but a few
/// thousand of these rows, and forecasts and value need no more. Unpriced
/// lines sum to nothing, as they count for nothing.
pub async fn ledger_daily(
    conn: &mut SqliteConnection,
    from: &str,
    to: &str,
) -> Result<Vec<LedgerLine>> {
    Ok(sqlx::query_as(
        "SELECT 0 AS id, 0 AS batch_id, '' AS file_name, '' AS sha256, '' AS sheet, 0 AS row_number,
            l.source_kind, l.period_start, l.period_end, l.provider, NULL AS model,
            NULL AS line_item, NULL AS api_key_id, NULL AS api_key_name, l.department_label,
            l.service_code, d.name AS department, NULL AS input_tokens,
            NULL AS cached_input_tokens, NULL AS cache_write_tokens, NULL AS cache_write_1h_tokens,
            NULL AS output_tokens, NULL AS requests, SUM(l.amount_nanos) AS amount_nanos,
            l.currency, '' AS cost_basis, l.charge_category, NULL AS rule_id
         FROM spend_line l
         LEFT JOIN service_code c ON c.code = l.service_code
         LEFT JOIN department d ON d.id = c.department_id
         WHERE l.active = 1 AND l.period_start >= ? AND l.period_start < ?
         GROUP BY l.period_start, l.period_end, l.source_kind, l.provider, l.charge_category,
            l.service_code, d.name, l.department_label, l.currency
         ORDER BY l.period_start",
    )
    .bind(from)
    .bind(to)
    .fetch_all(&mut *conn)
    .await?)
}

/// Live lines whose period starts in `[from, to)`, oldest first.
pub async fn ledger_lines(
    conn: &mut SqliteConnection,
    from: &str,
    to: &str,
) -> Result<Vec<LedgerLine>> {
    Ok(sqlx::query_as(
        "SELECT l.id, l.batch_id, b.file_name, b.sha256, l.sheet, l.row_number, l.source_kind,
            l.period_start, l.period_end, l.provider, l.model, l.line_item, l.api_key_id,
            l.api_key_name, l.department_label, l.service_code, d.name AS department,
            l.input_tokens, l.cached_input_tokens, l.cache_write_tokens, l.cache_write_1h_tokens,
            l.output_tokens, l.requests, l.amount_nanos, l.currency, l.cost_basis, l.charge_category,
            l.rule_id
         FROM spend_line l
         JOIN import_batch b ON b.id = l.batch_id
         LEFT JOIN service_code c ON c.code = l.service_code
         LEFT JOIN department d ON d.id = c.department_id
         WHERE l.active = 1 AND l.period_start >= ? AND l.period_start < ?
         ORDER BY l.period_start, l.id",
    )
    .bind(from)
    .bind(to)
    .fetch_all(&mut *conn)
    .await?)
}
