//! The audit log's hash chain.
//!
//! Every mutating engine call appends one [`AuditEvent`]: when, who, what, and the
//! record before and after, as JSON text. Each event's `hash` is the SHA-256 of
//! its fields and of the previous event's hash, so editing, deleting, inserting
//! or reordering any event breaks every hash after it. The database also refuses
//! UPDATE and DELETE on the table (triggers); the chain is what lets anyone check
//! that from the data alone.
//!
//! The hashed bytes are a versioned, length-prefixed encoding of the fields, so
//! no two different events can encode to the same bytes.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

/// The `prev_hash` of the first event.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One stored audit event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AuditEvent {
    /// Position in the chain, from 1.
    pub seq: i64,
    /// When (RFC 3339, UTC).
    pub at: String,
    /// Who.
    pub actor: String,
    /// What, e.g. `service_code.add`.
    pub action: String,
    /// What it was done to, e.g. `service_code:fin-ap-query-prod`.
    pub subject: String,
    /// The record before, as JSON text.
    pub before_json: Option<String>,
    /// The record after, as JSON text.
    pub after_json: Option<String>,
    /// The previous event's hash.
    pub prev_hash: String,
    /// This event's hash.
    pub hash: String,
}

/// The hash of an event's fields chained to `prev_hash`.
#[allow(clippy::too_many_arguments)]
pub fn event_hash(
    seq: i64,
    at: &str,
    actor: &str,
    action: &str,
    subject: &str,
    before_json: Option<&str>,
    after_json: Option<&str>,
    prev_hash: &str,
) -> String {
    let mut hasher = Sha256::new();
    hasher.update(b"runrate-audit-v1\n");
    let mut field = |value: Option<&str>| match value {
        None => hasher.update(b"-\n"),
        Some(text) => {
            hasher.update(format!("{}:", text.len()).as_bytes());
            hasher.update(text.as_bytes());
            hasher.update(b"\n");
        }
    };
    field(Some(&seq.to_string()));
    field(Some(at));
    field(Some(actor));
    field(Some(action));
    field(Some(subject));
    field(before_json);
    field(after_json);
    field(Some(prev_hash));
    hex::encode(hasher.finalize())
}

impl AuditEvent {
    /// The hash this event should have.
    pub fn expected_hash(&self) -> String {
        event_hash(
            self.seq,
            &self.at,
            &self.actor,
            &self.action,
            &self.subject,
            self.before_json.as_deref(),
            self.after_json.as_deref(),
            &self.prev_hash,
        )
    }
}

/// The result of checking the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ChainReport {
    /// Whether every event checked out.
    pub valid: bool,
    /// How many events were checked.
    pub events: i64,
    /// The hash of the last event (the chain's head), if any.
    pub head: Option<String>,
    /// The first problem found, in words.
    pub problem: Option<String>,
    /// The sequence number of the first bad event.
    pub first_bad_seq: Option<i64>,
    /// Changes to imported lines' standing (attribution, liveness, a computed
    /// price) checked against the lines and the log.
    pub line_changes: i64,
}

/// Where an imported line stands in the ledger at one moment. What the file
/// said never changes; this is what may (see `line_change` in the store).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LineStanding {
    /// The service code the line is attributed to.
    pub service_code: Option<String>,
    /// The attribution rule that put it there.
    pub rule_id: Option<i64>,
    /// Whether the line counts (an undone import or a replaced figure does not).
    pub live: bool,
    /// The import whose figure replaced this one.
    pub replaced_by: Option<i64>,
    /// The amount, once known.
    #[ts(type = "string | null")]
    pub amount: Option<rust_decimal::Decimal>,
    /// Its currency.
    pub currency: Option<String>,
    /// Where the amount came from: billed, list, computed or unpriced.
    pub cost_basis: String,
    /// The price-book entry a computed amount used.
    pub price_id: Option<i64>,
}

/// One change to a line's standing, with the audited call that made it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LineChange {
    /// Order of the change among all changes.
    pub seq: i64,
    /// The audit event of the call that made it.
    pub audit_seq: Option<i64>,
    /// That event's action, e.g. `rule.add` or `import.undo`.
    pub action: Option<String>,
    /// When.
    pub at: Option<String>,
    /// By whom.
    pub actor: Option<String>,
    /// The standing before the change.
    pub before: LineStanding,
    /// The standing after it.
    pub after: LineStanding,
}

/// Checks events one at a time, in order, so long logs need not fit in memory.
#[derive(Debug, Clone)]
pub struct ChainVerifier {
    expected_seq: i64,
    prev_hash: String,
    problem: Option<(i64, String)>,
}

impl Default for ChainVerifier {
    fn default() -> Self {
        ChainVerifier {
            expected_seq: 1,
            prev_hash: GENESIS_HASH.to_string(),
            problem: None,
        }
    }
}

impl ChainVerifier {
    /// Checks the next event. After the first problem, further events are ignored.
    pub fn push(&mut self, event: &AuditEvent) {
        if self.problem.is_some() {
            return;
        }
        let problem = if event.seq != self.expected_seq {
            Some(format!(
                "event {} is missing: the log jumps from {} to {}",
                self.expected_seq,
                self.expected_seq - 1,
                event.seq
            ))
        } else if event.prev_hash != self.prev_hash {
            Some(format!(
                "event {} does not follow from event {}",
                event.seq,
                event.seq - 1
            ))
        } else if event.hash != event.expected_hash() {
            Some(format!(
                "event {} ({}) was altered after it was written",
                event.seq, event.action
            ))
        } else {
            None
        };
        match problem {
            Some(text) => self.problem = Some((event.seq, text)),
            None => {
                self.expected_seq += 1;
                self.prev_hash = event.hash.clone();
            }
        }
    }

    /// The report over every event pushed.
    pub fn finish(self) -> ChainReport {
        let events = self.expected_seq - 1;
        let head = (events > 0).then(|| self.prev_hash.clone());
        match self.problem {
            None => ChainReport {
                valid: true,
                events,
                head,
                problem: None,
                first_bad_seq: None,
                line_changes: 0,
            },
            Some((seq, text)) => ChainReport {
                valid: false,
                events,
                head,
                problem: Some(text),
                first_bad_seq: Some(seq),
                line_changes: 0,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: i64) -> Vec<AuditEvent> {
        let mut prev = GENESIS_HASH.to_string();
        (1..=n)
            .map(|seq| {
                let mut e = AuditEvent {
                    seq,
                    at: format!("2026-11-22T09:00:{seq:02}Z"),
                    actor: "dana".into(),
                    action: "service_code.edit".into(),
                    subject: "service_code:fin-ap-query-prod".into(),
                    before_json: Some(format!("{{\"n\":{}}}", seq - 1)),
                    after_json: Some(format!("{{\"n\":{seq}}}")),
                    prev_hash: prev.clone(),
                    hash: String::new(),
                };
                e.hash = e.expected_hash();
                prev = e.hash.clone();
                e
            })
            .collect()
    }

    fn verify(events: &[AuditEvent]) -> ChainReport {
        let mut v = ChainVerifier::default();
        events.iter().for_each(|e| v.push(e));
        v.finish()
    }

    #[test]
    fn an_intact_chain_verifies() {
        let events = chain(5);
        let report = verify(&events);
        assert!(report.valid, "{report:?}");
        assert_eq!(report.events, 5);
        assert_eq!(report.head.as_deref(), Some(events[4].hash.as_str()));
        assert_eq!(verify(&[]).head, None);
    }

    #[test]
    fn any_change_is_found_at_the_changed_event() {
        let mut edited = chain(5);
        edited[2].after_json = Some("{\"n\":99}".into());
        assert_eq!(verify(&edited).first_bad_seq, Some(3));

        let mut removed = chain(5);
        removed.remove(1);
        let report = verify(&removed);
        assert_eq!(report.first_bad_seq, Some(3));
        assert!(report.problem.unwrap().contains("event 2 is missing"));

        let mut swapped = chain(5);
        swapped.swap(1, 2);
        assert!(!verify(&swapped).valid);

        // Rewriting one event and its own hash still breaks the next link.
        let mut rehashed = chain(5);
        rehashed[1].actor = "mallory".into();
        rehashed[1].hash = rehashed[1].expected_hash();
        assert_eq!(verify(&rehashed).first_bad_seq, Some(3));
    }

    #[test]
    fn field_boundaries_cannot_be_shifted() {
        let a = event_hash(1, "t", "ab", "c", "s", None, None, GENESIS_HASH);
        let b = event_hash(1, "t", "a", "bc", "s", None, None, GENESIS_HASH);
        assert_ne!(a, b);
        let none = event_hash(1, "t", "a", "b", "s", None, None, GENESIS_HASH);
        let empty = event_hash(1, "t", "a", "b", "s", Some(""), None, GENESIS_HASH);
        assert_ne!(none, empty, "absent and empty differ");
    }
}
