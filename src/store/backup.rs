//! Copies of the database file: taking them (`VACUUM INTO`), checking them,
//! keeping the automatic ones in rotation, and swapping one in.
//!
//! Automatic copies live in a `backups` folder beside the database, named
//! `runrate-YYYYMMDD-HHMMSS-<reason>.sqlite`.
//! Each is checked with `integrity_check` right after it is written; a copy
//! that fails the check is deleted and the step that wanted it does not run.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use sqlx::Connection;
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};

use crate::error::{Code, Error, Result};

/// How many automatic copies are kept; older ones are deleted.
pub const KEEP_AUTOMATIC: usize = 10;

/// The folder of automatic copies for the database at `db`.
pub fn backups_dir(db: &Path) -> PathBuf {
    db.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join("backups")
}

/// What a check of a database copy found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopyCheck {
    /// Versions of the schema migrations the copy has applied.
    pub migrations: Vec<i64>,
    /// Spend lines in the copy.
    pub spend_lines: i64,
}

/// Writes a consistent copy of the database behind `conn` to `dest` (which
/// must not exist), through a `.partial` file renamed into place, and checks it.
pub async fn vacuum_into(conn: &mut SqliteConnection, dest: &Path) -> Result<CopyCheck> {
    if dest.exists() {
        return Err(Error::invalid(format!(
            "{} already exists; choose another name for the backup",
            dest.display()
        )));
    }
    if let Some(dir) = dest.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| {
            Error::from(e).context(format!("Creating the folder {}", dir.display()))
        })?;
    }
    let partial = with_suffix(dest, ".partial");
    let _ = std::fs::remove_file(&partial);
    let target = partial.to_str().ok_or_else(|| {
        Error::invalid(format!(
            "The backup path {} is not valid text",
            partial.display()
        ))
    })?;
    sqlx::query("VACUUM INTO ?")
        .bind(target)
        .execute(&mut *conn)
        .await
        .map_err(|e| {
            let _ = std::fs::remove_file(&partial);
            Error::new(
                Code::Io,
                format!("The backup to {} could not be written", dest.display()),
            )
            .with_detail(e.to_string())
        })?;
    let checked = match check_copy(&partial).await {
        Ok(c) => c,
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            return Err(e);
        }
    };
    std::fs::rename(&partial, dest)
        .map_err(|e| Error::from(e).context(format!("Saving the backup {}", dest.display())))?;
    sync_dir(dest);
    Ok(checked)
}

/// Opens a copy of a Runrate database and checks it: SQLite's integrity and
/// foreign-key checks, and a schema this version of Runrate knows.
pub async fn check_copy(path: &Path) -> Result<CopyCheck> {
    let shown = path.display().to_string();
    let not_runrate = || {
        Error::invalid(format!(
            "{shown} is not a Runrate database (it has no Runrate schema)"
        ))
    };
    let options = SqliteConnectOptions::from_str("sqlite:")
        .unwrap_or_default()
        .filename(path)
        .read_only(true);
    let mut conn = SqliteConnection::connect_with(&options)
        .await
        .map_err(|e| {
            Error::new(
                Code::Invalid,
                format!("{shown} could not be opened as a database"),
            )
            .with_detail(e.to_string())
        })?;
    let checked = async {
        super::check_integrity(&mut conn)
            .await
            .map_err(|e| Error::new(Code::Invalid, format!("{shown}: {}", e.message)))?;
        let migrations: Vec<(i64,)> = sqlx::query_as(
            "SELECT version FROM _sqlx_migrations WHERE success = 1 ORDER BY version",
        )
        .fetch_all(&mut conn)
        .await
        .map_err(|_| not_runrate())?;
        let known: Vec<i64> = super::MIGRATOR.iter().map(|m| m.version).collect();
        if let Some((newer,)) = migrations.iter().find(|(v,)| !known.contains(v)) {
            return Err(Error::invalid(format!(
                "{shown} was written by a newer version of Runrate (schema {newer}); \
                 update Runrate before restoring it"
            )));
        }
        if migrations.is_empty() {
            return Err(not_runrate());
        }
        // The oldest schemas had no spend lines yet.
        let (has_lines,): (i64,) = sqlx::query_as(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'spend_line'",
        )
        .fetch_one(&mut conn)
        .await?;
        let spend_lines = if has_lines == 0 {
            0
        } else {
            sqlx::query_as::<_, (i64,)>("SELECT count(*) FROM spend_line")
                .fetch_one(&mut conn)
                .await?
                .0
        };
        Ok(CopyCheck {
            migrations: migrations.into_iter().map(|(v,)| v).collect(),
            spend_lines,
        })
    }
    .await;
    let _ = conn.close().await;
    checked
}

/// The path for a new automatic copy: `runrate-<stamp>-<reason>.sqlite` in
/// the backups folder, with `-2`, `-3`… when that name is taken.
pub fn automatic_path(db: &Path, stamp: &str, reason: &str) -> PathBuf {
    let dir = backups_dir(db);
    let base = format!("runrate-{stamp}-{reason}");
    let mut path = dir.join(format!("{base}.sqlite"));
    let mut n = 2;
    while path.exists() {
        path = dir.join(format!("{base}-{n}.sqlite"));
        n += 1;
    }
    path
}

/// The automatic copies, newest first.
pub fn automatic_copies(db: &Path) -> Result<Vec<PathBuf>> {
    let dir = backups_dir(db);
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => {
            return Err(Error::from(e).context(format!("Reading the folder {}", dir.display())));
        }
    };
    let mut copies: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("runrate-") && n.ends_with(".sqlite"))
        })
        .collect();
    // Newest first: by the time the file was written, then by name (the
    // stamp in the name is to the second; a second can hold several copies).
    let written = |p: &PathBuf| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    copies.sort_by(|a, b| written(b).cmp(&written(a)).then_with(|| b.cmp(a)));
    Ok(copies)
}

/// Deletes automatic copies beyond the newest `keep`, and any half-written
/// copy a crash left behind (`*.sqlite.partial`).
pub fn rotate(db: &Path, keep: usize) -> Result<()> {
    let dir = backups_dir(db);
    if let Ok(entries) = std::fs::read_dir(&dir) {
        for partial in entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with("runrate-") && n.ends_with(".sqlite.partial"))
            })
        {
            let _ = std::fs::remove_file(partial);
        }
    }
    for old in automatic_copies(db)?.into_iter().skip(keep) {
        std::fs::remove_file(&old)
            .map_err(|e| Error::from(e).context(format!("Removing {}", old.display())))?;
    }
    Ok(())
}

/// Puts `staged` (a checked copy in the database's folder) in place of the
/// database at `db`, or removes the database when `staged` is `None`. The
/// pools must be closed. A leftover WAL or shared-memory file is removed
/// first, so none of the old file's pages can be replayed into the new one.
pub fn swap_in(db: &Path, staged: Option<&Path>) -> Result<()> {
    for side in [with_suffix(db, "-wal"), with_suffix(db, "-shm")] {
        match std::fs::remove_file(&side) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::from(e).context(format!("Removing {}", side.display()))),
        }
    }
    match staged {
        Some(staged) => std::fs::rename(staged, db)
            .map_err(|e| Error::from(e).context(format!("Replacing {}", db.display())))?,
        None => match std::fs::remove_file(db) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::from(e).context(format!("Removing {}", db.display()))),
        },
    }
    sync_dir(db);
    Ok(())
}

/// Before migrations run on a database that has some applied and some
/// pending, copies it to the backups folder (`before-upgrade`).
pub async fn before_upgrade(
    conn: &mut SqliteConnection,
    db: &Path,
    migrator: &sqlx::migrate::Migrator,
    stamp: &str,
) -> Result<Option<PathBuf>> {
    let (has_table,): (i64,) = sqlx::query_as(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
    )
    .fetch_one(&mut *conn)
    .await?;
    if has_table == 0 {
        return Ok(None);
    }
    let applied: Vec<(i64,)> =
        sqlx::query_as("SELECT version FROM _sqlx_migrations WHERE success = 1")
            .fetch_all(&mut *conn)
            .await?;
    let pending = migrator
        .iter()
        .any(|m| !applied.iter().any(|(v,)| *v == m.version));
    if applied.is_empty() || !pending {
        return Ok(None);
    }
    let dest = automatic_path(db, stamp, "before-upgrade");
    vacuum_into(conn, &dest).await?;
    rotate(db, KEEP_AUTOMATIC)?;
    Ok(Some(dest))
}

/// `path` with `suffix` appended to its file name.
pub fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

/// Makes a rename or removal in `path`'s folder durable (best effort: not
/// every platform can open a folder).
fn sync_dir(path: &Path) {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && let Ok(handle) = std::fs::File::open(dir)
    {
        let _ = handle.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn an_older_schema_is_copied_before_it_is_upgraded() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("runrate.db");
        {
            // A database made by an older Runrate: only the first migration.
            let options = SqliteConnectOptions::from_str("sqlite:")
                .unwrap()
                .filename(&db)
                .create_if_missing(true);
            let mut conn = SqliteConnection::connect_with(&options).await.unwrap();
            let first = sqlx::migrate::Migrator {
                migrations: std::borrow::Cow::Owned(vec![
                    super::super::MIGRATOR.iter().next().unwrap().clone(),
                ]),
                ..sqlx::migrate::Migrator::DEFAULT
            };
            first.run(&mut conn).await.unwrap();
            sqlx::query("INSERT INTO setting (key, value) VALUES ('owner_name', 'Priya')")
                .execute(&mut conn)
                .await
                .unwrap();
            conn.close().await.unwrap();
        }
        let store = super::super::Store::open(&db, "20261205-090000")
            .await
            .unwrap();
        let copies = automatic_copies(&db).unwrap();
        assert_eq!(copies.len(), 1, "{copies:?}");
        assert!(copies[0].ends_with("backups/runrate-20261205-090000-before-upgrade.sqlite"));
        let check = check_copy(&copies[0]).await.unwrap();
        assert_eq!(check.migrations.len(), 1);
        // Opening the upgraded database again takes no further copy.
        store.close().await;
        let again = super::super::Store::open(&db, "20261205-090100")
            .await
            .unwrap();
        again.close().await;
        assert_eq!(automatic_copies(&db).unwrap().len(), 1);
    }

    #[test]
    fn rotation_keeps_the_newest_copies() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("runrate.db");
        std::fs::create_dir_all(backups_dir(&db)).unwrap();
        for day in 1..=13 {
            let path = automatic_path(&db, &format!("202612{day:02}-120000"), "before-import");
            std::fs::write(path, b"x").unwrap();
        }
        std::fs::write(backups_dir(&db).join("notes.txt"), b"mine").unwrap();
        let crashed = backups_dir(&db).join("runrate-20261214-120000-before-import.sqlite.partial");
        std::fs::write(&crashed, b"half").unwrap();
        rotate(&db, KEEP_AUTOMATIC).unwrap();
        assert!(!crashed.exists(), "a half-written copy is cleared");
        let kept = automatic_copies(&db).unwrap();
        assert_eq!(kept.len(), KEEP_AUTOMATIC);
        assert!(kept[0].ends_with("runrate-20261213-120000-before-import.sqlite"));
        assert!(kept[9].ends_with("runrate-20261204-120000-before-import.sqlite"));
        assert!(
            backups_dir(&db).join("notes.txt").exists(),
            "other files are left alone"
        );
    }

    #[test]
    fn a_taken_name_gets_a_number() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("runrate.db");
        std::fs::create_dir_all(backups_dir(&db)).unwrap();
        let first = automatic_path(&db, "20261205-120000", "before-undo");
        std::fs::write(&first, b"x").unwrap();
        let second = automatic_path(&db, "20261205-120000", "before-undo");
        assert!(second.ends_with("runrate-20261205-120000-before-undo-2.sqlite"));
    }
}
