//! The `attribution_rule` table.

use sqlx::sqlite::SqliteConnection;

use crate::error::{Error, Result};
use crate::model::attribution::{AttributionRule, RuleKind};
use crate::model::provider::Provider;

type Row = (i64, String, String, String, String, String);

fn from_row(
    (id, kind, provider, pattern, service_code, created_at): Row,
) -> Result<AttributionRule> {
    Ok(AttributionRule {
        id,
        kind: RuleKind::parse(&kind).ok_or_else(|| {
            Error::internal(format!(
                "Attribution rule {id} has an unknown kind '{kind}'"
            ))
        })?,
        provider: if provider.is_empty() {
            None
        } else {
            Provider::parse(&provider)
        },
        pattern,
        service_code,
        created_at,
    })
}

/// Every rule, most specific kind first.
pub async fn list(conn: &mut SqliteConnection) -> Result<Vec<AttributionRule>> {
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, kind, provider, pattern, service_code, created_at FROM attribution_rule
         ORDER BY CASE kind WHEN 'api_key_id' THEN 0 WHEN 'api_key_name' THEN 1 WHEN 'openai_project' THEN 2
                  WHEN 'anthropic_workspace' THEN 3 WHEN 'tag' THEN 4 ELSE 5 END, pattern COLLATE NOCASE, id",
    )
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter().map(from_row).collect()
}

/// The rule with `id`.
pub async fn get(conn: &mut SqliteConnection, id: i64) -> Result<Option<AttributionRule>> {
    let row: Option<Row> = sqlx::query_as(
        "SELECT id, kind, provider, pattern, service_code, created_at FROM attribution_rule WHERE id = ?",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(from_row).transpose()
}

/// The rule for exactly this kind, provider and pattern, if any.
pub async fn find(
    conn: &mut SqliteConnection,
    kind: RuleKind,
    provider: Option<Provider>,
    pattern: &str,
) -> Result<Option<AttributionRule>> {
    let row: Option<Row> = sqlx::query_as(
        "SELECT id, kind, provider, pattern, service_code, created_at FROM attribution_rule
         WHERE kind = ? AND provider = ? AND pattern = ?",
    )
    .bind(kind.as_str())
    .bind(provider.map(|p| p.id()).unwrap_or(""))
    .bind(pattern)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(from_row).transpose()
}

/// Inserts a rule and returns it.
pub async fn insert(
    conn: &mut SqliteConnection,
    kind: RuleKind,
    provider: Option<Provider>,
    pattern: &str,
    service_code: &str,
    at: &str,
) -> Result<AttributionRule> {
    let row: Row = sqlx::query_as(
        "INSERT INTO attribution_rule (kind, provider, pattern, service_code, created_at) VALUES (?, ?, ?, ?, ?)
         RETURNING id, kind, provider, pattern, service_code, created_at",
    )
    .bind(kind.as_str())
    .bind(provider.map(|p| p.id()).unwrap_or(""))
    .bind(pattern)
    .bind(service_code)
    .bind(at)
    .fetch_one(&mut *conn)
    .await?;
    from_row(row)
}

/// Deletes a rule.
pub async fn delete(conn: &mut SqliteConnection, id: i64) -> Result<()> {
    sqlx::query("DELETE FROM attribution_rule WHERE id = ?")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
