//! Saved column mappings.

use sqlx::sqlite::SqliteConnection;

use crate::error::Result;

/// Every saved mapping's JSON definition, by name.
pub async fn list(conn: &mut SqliteConnection) -> Result<Vec<(String, String)>> {
    Ok(sqlx::query_as(
        "SELECT name, definition_json FROM mapping_template ORDER BY name COLLATE NOCASE",
    )
    .fetch_all(&mut *conn)
    .await?)
}

/// One mapping's JSON definition.
pub async fn get(conn: &mut SqliteConnection, name: &str) -> Result<Option<String>> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT definition_json FROM mapping_template WHERE name = ?")
            .bind(name)
            .fetch_optional(&mut *conn)
            .await?;
    Ok(row.map(|r| r.0))
}

/// Saves a mapping, replacing one of the same name.
pub async fn put(conn: &mut SqliteConnection, name: &str, json: &str, at: &str) -> Result<()> {
    sqlx::query(
        "INSERT INTO mapping_template (name, definition_json, created_at, updated_at)
         VALUES (?, ?, ?, ?)
         ON CONFLICT(name) DO UPDATE SET definition_json = excluded.definition_json,
             updated_at = excluded.updated_at",
    )
    .bind(name)
    .bind(json)
    .bind(at)
    .bind(at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Deletes a mapping.
pub async fn delete(conn: &mut SqliteConnection, name: &str) -> Result<bool> {
    let done = sqlx::query("DELETE FROM mapping_template WHERE name = ?")
        .bind(name)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() > 0)
}
