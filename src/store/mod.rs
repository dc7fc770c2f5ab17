//! The local SQLite ledger.
//!
//! One file holds everything. The settings follow what a finance ledger on a
//! laptop needs to survive crashes and power loss:
//! - WAL journal with `synchronous=FULL` (a committed import survives power loss;
//!   `fullfsync` on macOS, where plain fsync does not reach the disk);
//! - foreign keys on, a 10 s busy timeout;
//! - one writer connection, and every write transaction starts with
//!   `BEGIN IMMEDIATE`, so it takes the write lock up front instead of failing
//!   half-way when another process (the CLI beside the app) is writing;
//! - a separate pool of reader connections marked `query_only`;
//! - migrations embedded in the binary, run once when the store opens.
//!
//! Each submodule holds the queries for one group of tables. They take a
//! `&mut SqliteConnection`, which is either a reader or an open write
//! transaction, so callers decide the transaction boundary.

pub mod audit;
pub mod backup;
pub mod budgets;
pub mod direct;
pub mod imports;
pub mod mappings;
pub mod org;
pub mod packs;
pub mod prices;
pub mod rules;
pub mod settings;
pub mod value;

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use sqlx::sqlite::{
    SqliteConnectOptions, SqliteConnection, SqliteJournalMode, SqlitePool, SqlitePoolOptions,
    SqliteSynchronous,
};
use sqlx::{Sqlite, Transaction};

use crate::error::{Code, Error, Result};

/// An open write transaction (`BEGIN IMMEDIATE`). Dropped without commit, it rolls back.
pub type WriteTx = Transaction<'static, Sqlite>;

/// The writer's page cache during an import, in KiB (64 MiB).
pub const BULK_CACHE_KIB: u32 = 65_536;

/// The Runrate database.
///
/// The connection pools sit behind a lock so that a restore (or starting
/// afresh after the demo) can swap the whole file while the app keeps its
/// engine: [`Store::replace_file`] closes the pools, moves the file and opens
/// new ones.
#[derive(Debug, Clone)]
pub struct Store {
    pools: Arc<RwLock<Pools>>,
    path: PathBuf,
}

#[derive(Debug, Clone)]
struct Pools {
    write: SqlitePool,
    read: SqlitePool,
}

pub(crate) static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("src/store/migrations");

/// Where the database lives when neither `--db` nor `RUNRATE_DB` says otherwise:
/// the OS application-data directory (`~/.local/share/runrate/runrate.db` on
/// Linux, `~/Library/Application Support/org.runrate.Runrate/runrate.db` on
/// macOS, `%APPDATA%\runrate\Runrate\data\runrate.db` on Windows). The CLI and
/// the desktop app share it.
pub fn default_path() -> Result<PathBuf> {
    if let Some(path) = std::env::var_os("RUNRATE_DB").filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(path));
    }
    directories::ProjectDirs::from("org", "runrate", "Runrate")
        .map(|dirs| dirs.data_dir().join("runrate.db"))
        .ok_or_else(|| {
            Error::new(
                Code::Io,
                "Runrate could not find your application-data folder; pass --db PATH or set RUNRATE_DB",
            )
        })
}

fn connect_options(path: &Path) -> SqliteConnectOptions {
    let options = SqliteConnectOptions::from_str("sqlite:")
        .unwrap_or_default()
        .filename(path)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10));
    if cfg!(target_os = "macos") {
        options
            .pragma("fullfsync", "ON")
            .pragma("checkpoint_fullfsync", "ON")
    } else {
        options
    }
}

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its schema up
    /// to date. `stamp` names the safety copy taken before an upgrade
    /// (`20261205-113000`; see [`backup::before_upgrade`]).
    pub async fn open(path: &Path, stamp: &str) -> Result<Store> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| {
                Error::from(e).context(format!("Creating the data folder {}", dir.display()))
            })?;
        }
        let pools = connect(path, Some(stamp)).await?;
        Ok(Store {
            pools: Arc::new(RwLock::new(pools)),
            path: path.to_path_buf(),
        })
    }

    fn pools(&self) -> Pools {
        // A poisoned lock only means a panic elsewhere while swapping; the
        // pools inside are still the last ones set.
        self.pools
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// Replaces the database file with `source` (a checked backup), or with a
    /// new empty database when `source` is `None`, and reopens it. The caller
    /// keeps a backup of the file being replaced.
    pub async fn replace_file(&self, source: Option<&Path>) -> Result<()> {
        let old = self.pools();
        old.read.close().await;
        old.write.close().await;
        backup::swap_in(&self.path, source)?;
        let fresh = connect(&self.path, None).await?;
        *self
            .pools
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = fresh;
        Ok(())
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Starts a write transaction that holds the write lock from its first statement.
    pub async fn begin(&self) -> Result<WriteTx> {
        Ok(self.pools().write.begin_with("BEGIN IMMEDIATE").await?)
    }

    /// Gives the writer a page cache of [`BULK_CACHE_KIB`] for a large write
    /// inside `tx` (an import): a million lines' indexes otherwise spill
    /// half-written pages to the log over and over. [`Store::release_cache`]
    /// gives the memory back.
    pub async fn widen_cache(tx: &mut WriteTx) -> Result<()> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "PRAGMA cache_size = -{BULK_CACHE_KIB}"
        )))
        .execute(&mut **tx)
        .await?;
        Ok(())
    }

    /// Returns the writer's page cache to SQLite's default size and frees
    /// what it held beyond that.
    pub async fn release_cache(&self) -> Result<()> {
        let mut conn = self.pools().write.acquire().await?;
        sqlx::query("PRAGMA cache_size = -2000")
            .execute(&mut *conn)
            .await?;
        sqlx::query("PRAGMA shrink_memory")
            .execute(&mut *conn)
            .await?;
        Ok(())
    }

    /// A reader connection.
    pub async fn reader(&self) -> Result<sqlx::pool::PoolConnection<Sqlite>> {
        Ok(self.pools().read.acquire().await?)
    }

    /// Closes every connection, checkpointing the WAL.
    pub async fn close(&self) {
        let pools = self.pools();
        pools.read.close().await;
        pools.write.close().await;
    }

    /// The single writer connection, outside any transaction (for `VACUUM
    /// INTO` and `ATTACH`, which cannot run inside one).
    pub async fn writer(&self) -> Result<sqlx::pool::PoolConnection<Sqlite>> {
        Ok(self.pools().write.acquire().await?)
    }

    /// The names of the migrations applied, oldest first.
    pub async fn applied_migrations(&self) -> Result<Vec<String>> {
        let mut conn = self.reader().await?;
        let rows: Vec<(String,)> = sqlx::query_as(
            "SELECT description FROM _sqlx_migrations WHERE success = 1 ORDER BY version",
        )
        .fetch_all(&mut *conn)
        .await?;
        Ok(rows.into_iter().map(|(d,)| d).collect())
    }

    /// `PRAGMA integrity_check` and `foreign_key_check`; `Ok(())` when both are clean.
    pub async fn check_integrity(&self) -> Result<()> {
        let mut conn = self.reader().await?;
        check_integrity(&mut conn).await
    }
}

/// Opens both pools on `path`, running the embedded migrations. With
/// `upgrade_stamp`, a database that has data and is about to be migrated is
/// first copied to the backups folder.
async fn connect(path: &Path, upgrade_stamp: Option<&str>) -> Result<Pools> {
    let write_options = connect_options(path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full);
    let write = SqlitePoolOptions::new()
        .max_connections(1)
        .min_connections(1)
        .idle_timeout(None)
        .max_lifetime(None)
        .acquire_timeout(Duration::from_secs(30))
        .connect_with(write_options)
        .await
        .map_err(|e| open_error(path, e))?;
    if let Some(stamp) = upgrade_stamp {
        let mut conn = write.acquire().await?;
        backup::before_upgrade(&mut conn, path, &MIGRATOR, stamp).await?;
    }
    MIGRATOR.run(&write).await?;

    let read_options = connect_options(path)
        .synchronous(SqliteSynchronous::Full)
        .pragma("query_only", "ON");
    let read = SqlitePoolOptions::new()
        .max_connections(4)
        .acquire_timeout(Duration::from_secs(30))
        .connect_with(read_options)
        .await
        .map_err(|e| open_error(path, e))?;
    Ok(Pools { write, read })
}

/// Runs SQLite's integrity and foreign-key checks on one connection.
pub async fn check_integrity(conn: &mut SqliteConnection) -> Result<()> {
    let (result,): (String,) = sqlx::query_as("PRAGMA integrity_check")
        .fetch_one(&mut *conn)
        .await?;
    if result != "ok" {
        return Err(Error::new(
            Code::Storage,
            "The Runrate database failed its integrity check",
        )
        .with_detail(result));
    }
    let broken: Vec<(String,)> = sqlx::query_as("SELECT \"table\" FROM pragma_foreign_key_check")
        .fetch_all(&mut *conn)
        .await?;
    if let Some((table,)) = broken.first() {
        return Err(Error::new(
            Code::Storage,
            format!("The Runrate database has broken references in '{table}'"),
        ));
    }
    Ok(())
}

fn open_error(path: &Path, e: sqlx::Error) -> Error {
    Error::new(
        Code::Storage,
        format!(
            "The Runrate database at {} could not be opened",
            path.display()
        ),
    )
    .with_detail(e.to_string())
}

/// The error for a stored value that cannot be read back: `what` names it
/// ("price's date", "budget amount").
pub(crate) fn corrupt(what: &str) -> Error {
    Error::internal(format!("A stored {what} cannot be read"))
}

/// Reads an amount stored as exact decimal text.
pub(crate) fn stored_decimal(text: &str, what: &str) -> Result<rust_decimal::Decimal> {
    text.parse().map_err(|_| corrupt(what))
}
