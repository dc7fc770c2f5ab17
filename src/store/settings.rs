//! The `setting` table: small key–value settings.

use sqlx::sqlite::SqliteConnection;

use crate::error::Result;

/// The stored value of `key`, if set.
pub async fn get(conn: &mut SqliteConnection, key: &str) -> Result<Option<String>> {
    let row: Option<(String,)> = sqlx::query_as("SELECT value FROM setting WHERE key = ?")
        .bind(key)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(row.map(|(v,)| v))
}

/// Every stored setting, by key.
pub async fn all(conn: &mut SqliteConnection) -> Result<Vec<(String, String)>> {
    Ok(
        sqlx::query_as("SELECT key, value FROM setting ORDER BY key")
            .fetch_all(&mut *conn)
            .await?,
    )
}

/// Sets `key` to `value`.
pub async fn set(conn: &mut SqliteConnection, key: &str, value: &str) -> Result<()> {
    sqlx::query("INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value")
        .bind(key)
        .bind(value)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
