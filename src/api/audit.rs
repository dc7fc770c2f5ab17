//! The audit log: read recent events and verify the chain.

use super::Engine;
use crate::audit::{AuditEvent, ChainReport};
use crate::error::Result;
use crate::store;

impl Engine {
    /// Checks the audit chain from the first event to the last.
    pub async fn verify_audit(&self) -> Result<ChainReport> {
        let mut conn = self.store.reader().await?;
        store::audit::verify(&mut conn).await
    }

    /// The most recent events (newest first), optionally about one subject
    /// such as `service_code:fin-ap-query-prod`.
    pub async fn audit_events(&self, subject: Option<&str>, limit: u32) -> Result<Vec<AuditEvent>> {
        let mut conn = self.store.reader().await?;
        store::audit::recent(&mut conn, subject, i64::from(limit.clamp(1, 10_000))).await
    }
}
