//! The engine's one API: every capability the CLI and the desktop app offer.
//!
//! Both shells hold an [`Engine`] and call its methods; neither holds logic of its
//! own beyond parsing its input and showing the result. A CLI subcommand or a
//! Tauri command that needs more than "parse, call, map the error" is a sign the
//! logic belongs here.
//!
//! Conventions:
//! - every mutating method runs in one write transaction and appends exactly one
//!   audit event per changed record, in the same transaction;
//! - every method takes its time from the engine's [`Clock`];
//! - inputs are plain data (text as typed, for forms) and outputs are serialisable
//!   types that are also exported to TypeScript (see [`bindings`]).

pub mod anomalies;
pub mod audit;
pub mod backups;
pub mod bindings;
pub mod budgets;
pub mod cancel;
pub mod codes;
pub mod demo;
pub mod departments;
pub mod disputes;
pub mod forecasts;
pub mod imports;
mod ledger;
pub mod mappings;
pub mod packs;
pub mod prices;
pub mod readiness;
pub mod reconcile;
pub mod reports;
pub mod reviews;
pub mod rules;
pub mod settings;
pub mod splits;
pub mod value;

use std::path::Path;
use std::sync::Arc;

use serde::Serialize;
use sqlx::sqlite::SqliteConnection;
use ts_rs::TS;

use crate::clock::{Clock, format_instant};
use crate::error::Result;
use crate::store::{self, Store, WriteTx};

/// The engine: a store, a clock and the name of the person at the keyboard.
pub struct Engine {
    store: Store,
    clock: Arc<dyn Clock>,
    os_user: String,
    key_store: crate::keystore::KeyStorePolicy,
}

/// What the app shows in About and Settings.
#[derive(Debug, Clone, Serialize, TS)]
pub struct AppInfo {
    /// Runrate's version.
    pub version: String,
    /// The database file.
    pub database_path: String,
    /// Migrations applied to it.
    pub migrations: Vec<String>,
    /// The folder of automatic backups.
    pub backups_folder: String,
    /// Whether the workspace holds the demo dataset (it can be cleared).
    pub demo_loaded: bool,
}

impl Engine {
    /// Opens the database at `path` (created and migrated if needed).
    pub async fn open(path: &Path, clock: Arc<dyn Clock>) -> Result<Engine> {
        let store = Store::open(path, &backups::stamp(clock.now())).await?;
        let os_user = std::env::var("USER")
            .or_else(|_| std::env::var("USERNAME"))
            .unwrap_or_else(|_| "unknown".to_string());
        let engine = Engine {
            store,
            clock,
            os_user,
            key_store: crate::keystore::KeyStorePolicy::from_env(),
        };
        engine.seed_prices().await?;
        Ok(engine)
    }

    /// Where a new signing key may be kept (default: `RUNRATE_KEY_STORE`,
    /// else the keychain with the file as fallback).
    pub fn set_key_store_policy(&mut self, policy: crate::keystore::KeyStorePolicy) {
        self.key_store = policy;
    }

    /// The underlying store (for tests and tools).
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The engine's clock.
    pub fn clock(&self) -> &dyn Clock {
        self.clock.as_ref()
    }

    /// Closes the database cleanly.
    pub async fn close(&self) {
        self.store.close().await;
    }

    /// Version and data location.
    pub async fn app_info(&self) -> Result<AppInfo> {
        Ok(AppInfo {
            version: env!("CARGO_PKG_VERSION").to_string(),
            database_path: self.store.path().display().to_string(),
            migrations: self.store.applied_migrations().await?,
            backups_folder: store::backup::backups_dir(self.store.path())
                .display()
                .to_string(),
            demo_loaded: self.demo_loaded().await?,
        })
    }

    /// The current instant as stored.
    pub(crate) fn now(&self) -> String {
        format_instant(self.clock.now())
    }

    /// Who is acting: the owner's name from Settings, or the OS user.
    pub(crate) async fn actor(&self, conn: &mut SqliteConnection) -> Result<String> {
        Ok(store::settings::get(conn, settings::OWNER_NAME)
            .await?
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| self.os_user.clone()))
    }

    /// Appends the audit event for one change, inside the change's transaction.
    pub(crate) async fn record<B: Serialize, A: Serialize>(
        &self,
        tx: &mut WriteTx,
        action: &str,
        subject: &str,
        before: Option<&B>,
        after: Option<&A>,
    ) -> Result<()> {
        let at = self.now();
        let actor = self.actor(tx).await?;
        let before = before.map(serde_json::to_string).transpose()?;
        let after = after.map(serde_json::to_string).transpose()?;
        store::audit::append(
            tx,
            store::audit::NewEvent {
                at: &at,
                actor: &actor,
                action,
                subject,
                before,
                after,
            },
        )
        .await?;
        Ok(())
    }
}

/// A file the person picked in a native dialog. The web UI only ever sees the
/// token and the file's name, never the path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ChosenFile {
    /// Opaque handle the desktop shell maps back to the path.
    pub token: String,
    /// The file's name, for display.
    pub name: String,
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Exported {
    /// The file's name.
    pub name: String,
    /// How many records it holds.
    pub records: usize,
}
