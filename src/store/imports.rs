//! Import batches and spend lines.

use std::collections::HashMap;

use sqlx::sqlite::SqliteConnection;

use super::direct::storage_error;
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

/// The statement that stores one line; prepared once per chunk of lines.
const INSERT_LINE: &str =
    "INSERT INTO spend_line (batch_id, source_kind, sheet, row_number, period_start,
    period_end, provider, model, line_item, api_key_id, api_key_name, project_id, project_name,
    workspace_id, workspace_name, tags_json, workload_code, department_label, cost_centre,
    environment, service_code, rule_id, input_tokens, cached_input_tokens, cache_write_tokens,
    output_tokens, requests, amount_nanos, currency, cost_basis, charge_category, natural_key,
    raw_json, cache_write_1h_tokens, price_id)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19,
            ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34, ?35)";

/// Inserts a batch's lines through one prepared statement, inside the
/// caller's transaction, and adds them to the daily roll-up (`spend_day`).
/// The statement is stepped directly on the connection (see
/// [`super::direct`]): through sqlx, the inserts were most of a million-row
/// import's time.
pub async fn insert_lines(
    conn: &mut SqliteConnection,
    batch_id: i64,
    lines: &[NewLine<'_>],
) -> Result<()> {
    if lines.is_empty() {
        return Ok(());
    }
    super::direct::with_connection(conn, |db| save_lines(db, batch_id, lines)).await
}

fn save_lines(db: &rusqlite::Connection, batch_id: i64, lines: &[NewLine<'_>]) -> Result<()> {
    let mut statement = db.prepare(INSERT_LINE).map_err(storage_error)?;
    let mut days: HashMap<DayKey<'_>, DaySum> = HashMap::new();
    for line in lines {
        let d = line.draft;
        let sum = days
            .entry(DayKey {
                period_start: d.period_start,
                period_end: d.period_end,
                source_kind: line.source_kind.id(),
                charge_category: d.charge_category.map(|c| c.id()).unwrap_or("usage"),
                provider: d.provider.map(|p| p.id()).unwrap_or(""),
                model: d.model.as_deref().unwrap_or(""),
                api_key_id: d.api_key_id.as_deref().unwrap_or(""),
                api_key_name: d.api_key_name.as_deref().unwrap_or(""),
                service_code: line.service_code.unwrap_or(""),
                department_label: d.department_label.as_deref().unwrap_or(""),
                currency: d.currency.as_ref().map(|c| c.code()).unwrap_or(""),
            })
            .or_default();
        sum.lines += 1;
        let tags = if d.tags.is_empty() {
            None
        } else {
            Some(serde_json::to_string(&d.tags)?)
        };
        let raw = if d.raw.is_empty() {
            "{}"
        } else {
            d.raw.as_str()
        };
        let amount = d.amount.map(to_nanos).transpose()?;
        if let Some(nanos) = amount {
            sum.priced_lines += 1;
            sum.amount_nanos = sum.amount_nanos.checked_add(nanos).ok_or_else(|| {
                crate::error::Error::invalid("A day's amounts add up to more than Runrate can hold")
            })?;
        }
        let period_start = d.period_start.map(|p| p.to_string()).unwrap_or_default();
        let period_end = d.period_end.map(|p| p.to_string()).unwrap_or_default();
        statement
            .execute(rusqlite::params![
                batch_id,
                line.source_kind.id(),
                d.sheet,
                i64::from(d.row),
                period_start,
                period_end,
                d.provider.map(|p| p.id()),
                d.model,
                d.line_item,
                d.api_key_id,
                d.api_key_name,
                d.project_id,
                d.project_name,
                d.workspace_id,
                d.workspace_name,
                tags,
                d.workload_code,
                d.department_label,
                d.cost_centre,
                d.environment,
                line.service_code,
                line.rule_id,
                d.input_tokens,
                d.cached_input_tokens,
                d.cache_write_tokens,
                d.output_tokens,
                d.requests,
                amount,
                d.currency.as_ref().map(|c| c.code()),
                d.cost_basis.map(|b| b.id()).unwrap_or("unpriced"),
                d.charge_category.map(|c| c.id()).unwrap_or("usage"),
                line.natural_key,
                raw,
                d.cache_write_1h_tokens,
                d.price_id,
            ])
            .map_err(storage_error)?;
    }
    drop(statement);
    let mut add_day = db.prepare(ADD_TO_DAY).map_err(storage_error)?;
    for (key, sum) in &days {
        let day = |d: Option<chrono::NaiveDate>| d.map(|p| p.to_string()).unwrap_or_default();
        add_day
            .execute(rusqlite::params![
                day(key.period_start),
                day(key.period_end),
                key.source_kind,
                key.charge_category,
                key.provider,
                key.model,
                key.api_key_id,
                key.api_key_name,
                key.service_code,
                key.department_label,
                key.currency,
                sum.lines,
                sum.priced_lines,
                sum.amount_nanos,
            ])
            .map_err(storage_error)?;
    }
    Ok(())
}

/// A row of the daily roll-up (`spend_day`), borrowed from the lines being saved.
#[derive(PartialEq, Eq, Hash)]
struct DayKey<'a> {
    period_start: Option<chrono::NaiveDate>,
    period_end: Option<chrono::NaiveDate>,
    source_kind: &'static str,
    charge_category: &'static str,
    provider: &'static str,
    model: &'a str,
    api_key_id: &'a str,
    api_key_name: &'a str,
    service_code: &'a str,
    department_label: &'a str,
    currency: &'a str,
}

/// What the lines of one roll-up row add to it.
#[derive(Default)]
struct DaySum {
    lines: i64,
    priced_lines: i64,
    amount_nanos: i64,
}

/// Adds lines to their roll-up row (see the `spend_day` migration).
const ADD_TO_DAY: &str = "INSERT INTO spend_day (period_start, period_end, source_kind,
    charge_category, provider, model, api_key_id, api_key_name, service_code, department_label,
    currency, lines, priced_lines, amount_nanos)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
    ON CONFLICT DO UPDATE SET lines = lines + excluded.lines,
        priced_lines = priced_lines + excluded.priced_lines,
        amount_nanos = amount_nanos + excluded.amount_nanos";

/// The live lines with these natural keys: key → (batch id, amount in nanos).
/// Each key is one seek in the unique index on live keys, so the cost follows
/// the keys asked about, not the size of the table; the seeks are stepped
/// directly (see [`super::direct`]), as they run for every imported line.
pub async fn live_keys(
    conn: &mut SqliteConnection,
    keys: &[&str],
) -> Result<HashMap<String, (i64, Option<i64>)>> {
    super::direct::with_connection(conn, |db| {
        let mut statement = db
            .prepare(
                "SELECT batch_id, amount_nanos FROM spend_line
                 WHERE active = 1 AND natural_key = ?1",
            )
            .map_err(storage_error)?;
        let mut found = HashMap::new();
        for key in keys {
            let mut rows = statement.query([key]).map_err(storage_error)?;
            if let Some(row) = rows.next().map_err(storage_error)? {
                let batch: i64 = row.get(0).map_err(storage_error)?;
                let amount: Option<i64> = row.get(1).map_err(storage_error)?;
                found.insert((*key).to_string(), (batch, amount));
            }
        }
        Ok(found)
    })
    .await
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

/// Live lines no rule claimed whose period starts in `[from, to)`.
pub async fn unattributed_lines(
    conn: &mut SqliteConnection,
    from: &str,
    to: &str,
) -> Result<Vec<ReportLine>> {
    Ok(sqlx::query_as(
        "SELECT l.source_kind, l.period_start, l.provider, l.model, l.api_key_id, l.api_key_name,
            l.project_id, l.project_name, l.workspace_id, l.workspace_name, l.tags_json,
            l.workload_code, l.department_label, l.service_code, d.name AS department,
            l.amount_nanos, l.currency
         FROM spend_line l
         LEFT JOIN service_code c ON c.code = l.service_code
         LEFT JOIN department d ON d.id = c.department_id
         WHERE l.active = 1 AND l.service_code IS NULL
           AND l.period_start >= ? AND l.period_start < ?
         ORDER BY l.id",
    )
    .bind(from)
    .bind(to)
    .fetch_all(&mut *conn)
    .await?)
}

/// Live lines of one grouping: what a spend report sums.
#[allow(missing_docs)]
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ReportGroup {
    pub source_kind: String,
    pub provider: Option<String>,
    pub model: Option<String>,
    pub api_key_id: Option<String>,
    pub api_key_name: Option<String>,
    pub service_code: Option<String>,
    pub department: Option<String>,
    pub department_label: Option<String>,
    pub currency: Option<String>,
    pub lines: i64,
    pub priced_lines: i64,
    pub amount_nanos: i64,
}

/// Live lines whose period starts in `[from, to)`, summed from the daily
/// roll-up by everything a spend report can group on: a few hundred rows for
/// a month of a million lines.
pub async fn report_groups(
    conn: &mut SqliteConnection,
    from: &str,
    to: &str,
) -> Result<Vec<ReportGroup>> {
    Ok(sqlx::query_as(
        "SELECT s.source_kind, NULLIF(s.provider, '') AS provider, NULLIF(s.model, '') AS model,
            NULLIF(s.api_key_id, '') AS api_key_id, NULLIF(s.api_key_name, '') AS api_key_name,
            NULLIF(s.service_code, '') AS service_code, d.name AS department,
            NULLIF(s.department_label, '') AS department_label,
            NULLIF(s.currency, '') AS currency, SUM(s.lines) AS lines,
            SUM(s.priced_lines) AS priced_lines, SUM(s.amount_nanos) AS amount_nanos
         FROM spend_day s
         LEFT JOIN service_code c ON c.code = s.service_code
         LEFT JOIN department d ON d.id = c.department_id
         WHERE s.period_start >= ? AND s.period_start < ?
         GROUP BY s.source_kind, s.provider, s.model, s.api_key_id, s.api_key_name,
            s.service_code, d.name, s.department_label, s.currency",
    )
    .bind(from)
    .bind(to)
    .fetch_all(&mut *conn)
    .await?)
}

/// Where the daily roll-up and the live lines disagree: one text per
/// roll-up row that is missing, extra or off (empty when they agree). Reads
/// every live line; for checks, not for screens.
pub async fn roll_up_mismatches(conn: &mut SqliteConnection) -> Result<Vec<String>> {
    let rows: Vec<(String, i64, i64, i64, i64, i64, i64)> = sqlx::query_as(
        "WITH lines AS (
            SELECT period_start, period_end, source_kind, charge_category,
                coalesce(provider, '') AS provider, coalesce(model, '') AS model,
                coalesce(api_key_id, '') AS api_key_id, coalesce(api_key_name, '') AS api_key_name,
                coalesce(service_code, '') AS service_code,
                coalesce(department_label, '') AS department_label,
                coalesce(currency, '') AS currency,
                count(*) AS lines, count(amount_nanos) AS priced_lines,
                coalesce(sum(amount_nanos), 0) AS amount_nanos
            FROM spend_line WHERE active = 1
            GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11),
         joined AS (
            SELECT l.period_start || ' ' || l.service_code || ' ' || l.model || ' ' || l.api_key_id
                    AS what,
                l.lines AS want_lines, l.priced_lines AS want_priced, l.amount_nanos AS want_amount,
                coalesce(s.lines, 0) AS got_lines, coalesce(s.priced_lines, 0) AS got_priced,
                coalesce(s.amount_nanos, 0) AS got_amount
            FROM lines l LEFT JOIN spend_day s USING (period_start, period_end, source_kind,
                charge_category, provider, model, api_key_id, api_key_name, service_code,
                department_label, currency)
            UNION ALL
            SELECT s.period_start || ' ' || s.service_code || ' ' || s.model || ' ' || s.api_key_id,
                0, 0, 0, s.lines, s.priced_lines, s.amount_nanos
            FROM spend_day s WHERE NOT EXISTS (
                SELECT 1 FROM lines l WHERE l.period_start = s.period_start
                  AND l.period_end = s.period_end AND l.source_kind = s.source_kind
                  AND l.charge_category = s.charge_category AND l.provider = s.provider
                  AND l.model = s.model AND l.api_key_id = s.api_key_id
                  AND l.api_key_name = s.api_key_name AND l.service_code = s.service_code
                  AND l.department_label = s.department_label AND l.currency = s.currency))
         SELECT what, want_lines, want_priced, want_amount, got_lines, got_priced, got_amount
         FROM joined
         WHERE want_lines != got_lines OR want_priced != got_priced OR want_amount != got_amount
         LIMIT 20",
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(what, wl, wp, wa, gl, gp, ga)| {
            format!(
                "the daily totals for {what} hold {gl} line(s), {gp} priced, {ga} nanos; \
                 the lines say {wl}, {wp} priced, {wa} nanos"
            )
        })
        .collect())
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

/// A [`LedgerLine`] from a row of the ledger queries' 28 columns, in order.
fn ledger_line(r: &rusqlite::Row<'_>) -> rusqlite::Result<LedgerLine> {
    Ok(LedgerLine {
        id: r.get(0)?,
        batch_id: r.get(1)?,
        file_name: r.get(2)?,
        sha256: r.get(3)?,
        sheet: r.get(4)?,
        row_number: r.get(5)?,
        source_kind: r.get(6)?,
        period_start: r.get(7)?,
        period_end: r.get(8)?,
        provider: r.get(9)?,
        model: r.get(10)?,
        line_item: r.get(11)?,
        api_key_id: r.get(12)?,
        api_key_name: r.get(13)?,
        department_label: r.get(14)?,
        service_code: r.get(15)?,
        department: r.get(16)?,
        input_tokens: r.get(17)?,
        cached_input_tokens: r.get(18)?,
        cache_write_tokens: r.get(19)?,
        cache_write_1h_tokens: r.get(20)?,
        output_tokens: r.get(21)?,
        requests: r.get(22)?,
        amount_nanos: r.get(23)?,
        currency: r.get(24)?,
        cost_basis: r.get(25)?,
        charge_category: r.get(26)?,
        rule_id: r.get(27)?,
    })
}

/// Runs one of the ledger queries (28 columns, bound to `from` and `to`).
async fn ledger_query(
    conn: &mut SqliteConnection,
    sql: &str,
    from: &str,
    to: &str,
) -> Result<Vec<LedgerLine>> {
    ledger_query_with(conn, sql, &[from, to]).await
}

async fn ledger_query_with(
    conn: &mut SqliteConnection,
    sql: &str,
    values: &[&str],
) -> Result<Vec<LedgerLine>> {
    // Read directly (see `super::direct`): a month of a large department is
    // hundreds of thousands of lines, which sqlx hands over one at a time.
    super::direct::with_connection(conn, |db| {
        let mut statement = db.prepare(sql).map_err(storage_error)?;
        let rows = statement
            .query_map(rusqlite::params_from_iter(values.iter()), ledger_line)
            .map_err(storage_error)?;
        rows.collect::<std::result::Result<Vec<_>, _>>()
            .map_err(storage_error)
    })
    .await
}

/// A live line with what forecasts, reconciliation and drill-downs need.
#[allow(missing_docs)]
#[derive(Debug, Clone, Default)]
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

/// Live lines whose period starts in `[from, to)` summed per day, read from
/// the daily roll-up (`spend_day`, kept in step with the lines): one row
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
    ledger_query(
        conn,
        "SELECT 0 AS id, 0 AS batch_id, '' AS file_name, '' AS sha256, '' AS sheet, 0 AS row_number,
            s.source_kind, s.period_start, s.period_end, NULLIF(s.provider, '') AS provider,
            NULL AS model, NULL AS line_item, NULL AS api_key_id, NULL AS api_key_name,
            NULLIF(s.department_label, '') AS department_label,
            NULLIF(s.service_code, '') AS service_code, d.name AS department,
            NULL AS input_tokens, NULL AS cached_input_tokens, NULL AS cache_write_tokens,
            NULL AS cache_write_1h_tokens, NULL AS output_tokens, NULL AS requests,
            CASE WHEN SUM(s.priced_lines) > 0 THEN SUM(s.amount_nanos) END AS amount_nanos,
            NULLIF(s.currency, '') AS currency, '' AS cost_basis, s.charge_category, NULL AS rule_id
         FROM spend_day s
         LEFT JOIN service_code c ON c.code = s.service_code
         LEFT JOIN department d ON d.id = c.department_id
         WHERE s.period_start >= ?1 AND s.period_start < ?2
         GROUP BY s.period_start, s.period_end, s.source_kind, s.charge_category, s.provider,
            s.service_code, s.department_label, s.currency
         ORDER BY s.period_start",
        from,
        to,
    )
    .await
}

/// The columns and joins every read of whole lines shares.
const LEDGER_LINES: &str =
    "SELECT l.id, l.batch_id, b.file_name, b.sha256, l.sheet, l.row_number, l.source_kind,
            l.period_start, l.period_end, l.provider, l.model, l.line_item, l.api_key_id,
            l.api_key_name, l.department_label, l.service_code, d.name AS department,
            l.input_tokens, l.cached_input_tokens, l.cache_write_tokens, l.cache_write_1h_tokens,
            l.output_tokens, l.requests, l.amount_nanos, l.currency, l.cost_basis,
            l.charge_category, l.rule_id
         FROM spend_line l
         JOIN import_batch b ON b.id = l.batch_id
         LEFT JOIN service_code c ON c.code = l.service_code
         LEFT JOIN department d ON d.id = c.department_id";

/// Live lines whose period starts in `[from, to)`, oldest first.
pub async fn ledger_lines(
    conn: &mut SqliteConnection,
    from: &str,
    to: &str,
) -> Result<Vec<LedgerLine>> {
    let sql = format!(
        "{LEDGER_LINES}
         WHERE l.active = 1 AND l.period_start >= ?1 AND l.period_start < ?2
         ORDER BY l.period_start, l.id"
    );
    ledger_query(conn, &sql, from, to).await
}

/// A narrowing of a read of lines to one group's, by a column's value.
#[derive(Debug, Clone, Copy)]
pub enum LineColumn {
    /// `service_code`.
    ServiceCode,
    /// `provider`.
    Provider,
    /// `model`.
    Model,
    /// The key's name where known, else its id.
    ApiKey,
}

impl LineColumn {
    fn expression(self) -> &'static str {
        match self {
            LineColumn::ServiceCode => "l.service_code",
            LineColumn::Provider => "l.provider",
            LineColumn::Model => "l.model",
            LineColumn::ApiKey => "coalesce(l.api_key_name, l.api_key_id)",
        }
    }
}

/// [`ledger_lines`] narrowed to the lines whose `column` is `value` (in
/// any case), or has no value with `None`: a drill-down reads one group's
/// lines rather than the whole month's.
pub async fn ledger_lines_where(
    conn: &mut SqliteConnection,
    from: &str,
    to: &str,
    column: LineColumn,
    value: Option<&str>,
) -> Result<Vec<LedgerLine>> {
    let expression = column.expression();
    let test = match value {
        Some(_) => format!("lower({expression}) = lower(?3)"),
        None => format!("{expression} IS NULL"),
    };
    let sql = format!(
        "{LEDGER_LINES}
         WHERE l.active = 1 AND l.period_start >= ?1 AND l.period_start < ?2 AND {test}
         ORDER BY l.period_start, l.id"
    );
    match value {
        Some(v) => ledger_query_with(conn, &sql, &[from, to, v]).await,
        None => ledger_query_with(conn, &sql, &[from, to]).await,
    }
}
