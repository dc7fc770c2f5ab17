//! Backups of the workspace and restoring one.
//!
//! A backup is a consistent copy of the database file taken with SQLite's
//! `VACUUM INTO` and checked with `integrity_check` before it counts. The
//! person can save one anywhere; Runrate also keeps automatic ones (before
//! each import into a workspace that has lines, undoing an import, restoring,
//! clearing the demo and upgrading the schema)
//! in a `backups` folder beside the database, the newest
//! [`KEEP_AUTOMATIC`](crate::store::backup::KEEP_AUTOMATIC) of them.

use std::path::Path;

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::Serialize;
use ts_rs::TS;

use super::Engine;
use crate::error::{Error, Result};
use crate::store::backup::{self, CopyCheck};

/// One backup file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct BackupInfo {
    /// The file's name.
    pub file_name: String,
    /// Where it is.
    pub path: String,
    /// Its size in bytes.
    #[ts(type = "number")]
    pub bytes: u64,
    /// Why it was taken: `manual`, `before-import`, `before-undo`, `before-restore`,
    /// `before-clearing-demo`, `before-upgrade`.
    pub reason: String,
    /// When it was taken (RFC 3339), when the name says.
    pub created_at: Option<String>,
    /// Spend lines it holds, when it was checked.
    #[ts(type = "number | null")]
    pub spend_lines: Option<i64>,
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Restored {
    /// The file restored from.
    pub restored_from: String,
    /// Spend lines now in the workspace.
    #[ts(type = "number")]
    pub spend_lines: i64,
    /// The copy of the workspace as it was just before the restore.
    pub previous: BackupInfo,
}

/// The time stamp in automatic backups' names: `20261205-113000` (UTC).
pub fn stamp(at: DateTime<Utc>) -> String {
    at.format("%Y%m%d-%H%M%S").to_string()
}

/// Reads `runrate-20261205-113000-before-undo[-2].sqlite` back into its time
/// and reason.
fn parse_name(name: &str) -> (Option<String>, String) {
    let Some(rest) = name
        .strip_prefix("runrate-")
        .and_then(|r| r.strip_suffix(".sqlite"))
    else {
        return (None, "manual".into());
    };
    // A name someone else gave a file there may hold any characters.
    let Some((when, reason)) = rest.split_at_checked(rest.len().min(15)) else {
        return (None, "manual".into());
    };
    let created = NaiveDateTime::parse_from_str(when, "%Y%m%d-%H%M%S")
        .ok()
        .map(|t| crate::clock::format_instant(t.and_utc()));
    let reason = reason.trim_start_matches('-');
    // A trailing "-2" only tells two copies of the same second apart.
    let reason = match reason.rsplit_once('-') {
        Some((head, n)) if n.chars().all(|c| c.is_ascii_digit()) => head,
        _ => reason,
    };
    (created, reason.to_string())
}

fn info(path: &Path, check: Option<&CopyCheck>, reason: Option<&str>) -> BackupInfo {
    let file_name = crate::sheet::file_name(path);
    let (created_at, parsed_reason) = parse_name(&file_name);
    BackupInfo {
        bytes: std::fs::metadata(path).map(|m| m.len()).unwrap_or(0),
        path: path.display().to_string(),
        reason: reason.map(str::to_string).unwrap_or(parsed_reason),
        created_at,
        spend_lines: check.map(|c| c.spend_lines),
        file_name,
    }
}

impl Engine {
    /// Saves a checked backup of the workspace to `dest` (which must not exist yet).
    pub async fn backup(&self, dest: &Path) -> Result<BackupInfo> {
        let mut conn = self.store.writer().await?;
        let check = backup::vacuum_into(&mut conn, dest).await?;
        let mut info = info(dest, Some(&check), Some("manual"));
        info.created_at = Some(self.now());
        Ok(info)
    }

    /// Takes a backup into the backups folder now (it rotates with the
    /// automatic ones).
    pub async fn take_backup(&self) -> Result<BackupInfo> {
        self.automatic_backup("manual").await
    }

    /// Takes an automatic backup into the backups folder and rotates old ones.
    pub(crate) async fn automatic_backup(&self, reason: &str) -> Result<BackupInfo> {
        let dest = backup::automatic_path(self.store.path(), &stamp(self.clock.now()), reason);
        let check = {
            let mut conn = self.store.writer().await?;
            backup::vacuum_into(&mut conn, &dest)
                .await
                .map_err(|e| e.context("Runrate keeps a backup before this step, and it failed"))?
        };
        backup::rotate(self.store.path(), backup::KEEP_AUTOMATIC)?;
        Ok(info(&dest, Some(&check), None))
    }

    /// A name for a backup the person saves: `runrate-backup-2026-12-05.sqlite`.
    pub fn suggested_backup_name(&self) -> String {
        format!(
            "runrate-backup-{}.sqlite",
            self.clock.now().format("%Y-%m-%d")
        )
    }

    /// Restores one of the automatic backups, named as [`Engine::list_backups`]
    /// lists it (a name only, never a path).
    pub async fn restore_automatic(&self, file_name: &str) -> Result<Restored> {
        let found = backup::automatic_copies(self.store.path())?
            .into_iter()
            .find(|p| crate::sheet::file_name(p) == file_name)
            .ok_or_else(|| {
                Error::not_found(format!("There is no automatic backup named '{file_name}'"))
            })?;
        self.restore(&found).await
    }

    /// The automatic backups, newest first.
    pub async fn list_backups(&self) -> Result<Vec<BackupInfo>> {
        Ok(backup::automatic_copies(self.store.path())?
            .iter()
            .map(|p| info(p, None, None))
            .collect())
    }

    /// Replaces the workspace with the backup at `from`, after checking it and
    /// keeping an automatic backup of the workspace as it is now. The restore
    /// is recorded in the restored workspace's audit log.
    pub async fn restore(&self, from: &Path) -> Result<Restored> {
        let shown = from.display().to_string();
        if !from.is_file() {
            return Err(Error::not_found(format!(
                "There is no backup file at {shown}"
            )));
        }
        // Check a private copy beside the database, so the file checked is
        // the file swapped in, and the rename is within one folder.
        let staged = backup::with_suffix(self.store.path(), ".restoring");
        let _ = std::fs::remove_file(&staged);
        std::fs::copy(from, &staged)
            .map_err(|e| Error::from(e).context(format!("Copying the backup {shown}")))?;
        let check = match backup::check_copy(&staged).await {
            Ok(c) => c,
            Err(e) => {
                let _ = std::fs::remove_file(&staged);
                return Err(e);
            }
        };
        let previous = match self.automatic_backup("before-restore").await {
            Ok(p) => p,
            Err(e) => {
                let _ = std::fs::remove_file(&staged);
                return Err(e);
            }
        };
        self.store.replace_file(Some(&staged)).await?;
        let mut tx = self.store.begin().await?;
        self.record(
            &mut tx,
            "workspace.restore",
            "workspace",
            None::<&()>,
            Some(&serde_json::json!({
                "from": shown,
                "spend_lines": check.spend_lines,
                "previous_saved_as": previous.path,
            })),
        )
        .await?;
        tx.commit().await?;
        Ok(Restored {
            restored_from: shown,
            spend_lines: check.spend_lines,
            previous,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::parse_name;

    #[test]
    fn names_give_back_time_and_reason() {
        assert_eq!(
            parse_name("runrate-20261205-113000-before-undo.sqlite"),
            (
                Some("2026-12-05T11:30:00Z".to_string()),
                "before-undo".to_string()
            )
        );
        assert_eq!(
            parse_name("runrate-20261205-113000-before-clearing-demo-2.sqlite").1,
            "before-clearing-demo"
        );
        assert_eq!(parse_name("my copy.sqlite"), (None, "manual".to_string()));
        // Cutting at 15 bytes would split "é": the name is simply not one of ours.
        assert_eq!(
            parse_name("runrate-20261205-11300é.sqlite"),
            (None, "manual".to_string())
        );
    }
}
