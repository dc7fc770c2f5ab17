//! Statements stepped directly on a connection sqlx has locked for us.
//!
//! sqlx runs every statement on a worker thread and hands each row back over
//! a channel; for the two bulk paths (saving an import's lines, reading a
//! month's lines) that hand-over cost more than SQLite itself. Here the
//! connection is locked away from the worker and used through rusqlite for
//! the length of one call, inside whatever transaction is open on it.
//! docs and BENCHMARKS.md give the figures.

use sqlx::sqlite::SqliteConnection;

use crate::error::{Code, Error, Result};

/// Runs `work` with a rusqlite view of `conn`.
pub async fn with_connection<T>(
    conn: &mut SqliteConnection,
    work: impl FnOnce(&rusqlite::Connection) -> Result<T>,
) -> Result<T> {
    let mut handle = conn.lock_handle().await?;
    let db = borrowed(&mut handle)?;
    work(&db)
}

/// A rusqlite connection on the handle sqlx has locked. It borrows the
/// handle: dropping it finalises its statements and leaves the connection
/// (and its open transaction) to sqlx.
#[allow(unsafe_code)]
fn borrowed(handle: &mut sqlx::sqlite::LockedSqliteHandle<'_>) -> Result<rusqlite::Connection> {
    // SAFETY: the handle is a live connection that sqlx's worker does not
    // touch while `handle` is borrowed, and the connection made here is
    // dropped inside `with_connection`, before the lock is released.
    // `from_handle` does not take ownership, so dropping it does not close the
    // connection. rusqlite and sqlx use one libsqlite3-sys (both link
    // "sqlite3", so cargo refuses to build two).
    unsafe { rusqlite::Connection::from_handle(handle.as_raw_handle().as_ptr()) }
        .map_err(storage_error)
}

/// A rusqlite error as people read it, the SQLite text kept as detail.
pub fn storage_error(e: rusqlite::Error) -> Error {
    let detail = e.to_string();
    let busy = matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    );
    let message = if busy {
        "The Runrate database is busy in another window or command; try again in a moment"
    } else {
        "Runrate could not read or write its database"
    };
    Error::new(Code::Storage, message).with_detail(detail)
}
