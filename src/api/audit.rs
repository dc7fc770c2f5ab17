//! The audit log: read recent events and verify the chain.

use super::Engine;
use crate::audit::{AuditEvent, ChainReport, LineChange};
use crate::error::{Error, Result};
use crate::store;

impl Engine {
    /// Checks the audit chain from the first event to the last.
    pub async fn verify_audit(&self) -> Result<ChainReport> {
        let mut conn = self.store.reader().await?;
        store::audit::verify(&mut conn).await
    }

    /// Every change to one imported line's standing, oldest first. What the
    /// file said about the line never changes.
    pub async fn line_history(&self, line_id: i64) -> Result<Vec<LineChange>> {
        let mut conn = self.store.reader().await?;
        if !store::imports::line_exists(&mut conn, line_id).await? {
            return Err(Error::not_found(format!(
                "There is no imported line {line_id}"
            )));
        }
        store::audit::line_changes(&mut conn, line_id).await
    }

    /// The most recent events (newest first), optionally about one subject
    /// such as `service_code:fin-ap-query-prod`.
    pub async fn audit_events(&self, subject: Option<&str>, limit: u32) -> Result<Vec<AuditEvent>> {
        let mut conn = self.store.reader().await?;
        store::audit::recent(&mut conn, subject, i64::from(limit.clamp(1, 10_000))).await
    }
}
