//! Disputes of finance's charges and approvals of a month, and the rules for
//! how their status may change.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::money::Currency;

/// Why a charge is disputed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DisputeReason {
    /// The line is booked to the wrong service code.
    WrongServiceCode,
    /// The usage is not this department's.
    NotOurUsage,
    /// The same charge appears twice.
    Duplicate,
    /// The price or the FX rate applied is wrong.
    PriceOrFxError,
    /// The department's share of a shared cost is wrong.
    SharedCostShare,
    /// Something else; the explanation says what.
    Other,
}

impl DisputeReason {
    /// Every reason, in the order the app lists them.
    pub const ALL: [DisputeReason; 6] = [
        DisputeReason::WrongServiceCode,
        DisputeReason::NotOurUsage,
        DisputeReason::Duplicate,
        DisputeReason::PriceOrFxError,
        DisputeReason::SharedCostShare,
        DisputeReason::Other,
    ];

    /// As stored and typed.
    pub fn as_str(self) -> &'static str {
        match self {
            DisputeReason::WrongServiceCode => "wrong_service_code",
            DisputeReason::NotOurUsage => "not_our_usage",
            DisputeReason::Duplicate => "duplicate",
            DisputeReason::PriceOrFxError => "price_or_fx_error",
            DisputeReason::SharedCostShare => "shared_cost_share",
            DisputeReason::Other => "other",
        }
    }

    /// How the reason reads.
    pub fn label(self) -> &'static str {
        match self {
            DisputeReason::WrongServiceCode => "Wrong service code",
            DisputeReason::NotOurUsage => "Not our usage",
            DisputeReason::Duplicate => "Duplicate charge",
            DisputeReason::PriceOrFxError => "Price or FX error",
            DisputeReason::SharedCostShare => "Shared-cost share wrong",
            DisputeReason::Other => "Other",
        }
    }

    /// From its stored name, its label, or the same with dashes or spaces.
    pub fn parse(text: &str) -> Option<DisputeReason> {
        let t = text.trim().to_lowercase().replace(['-', ' '], "_");
        DisputeReason::ALL
            .into_iter()
            .find(|r| r.as_str() == t || r.label().to_lowercase().replace([' ', '-'], "_") == t)
    }
}

/// Where a dispute stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DisputeStatus {
    /// Recorded, not yet sent to finance.
    Open,
    /// In a signed dispute pack sent to finance.
    Sent,
    /// Finance accepted it.
    Accepted,
    /// Finance rejected it.
    Rejected,
    /// The owner withdrew it.
    Withdrawn,
}

impl DisputeStatus {
    /// As stored.
    pub fn as_str(self) -> &'static str {
        match self {
            DisputeStatus::Open => "open",
            DisputeStatus::Sent => "sent",
            DisputeStatus::Accepted => "accepted",
            DisputeStatus::Rejected => "rejected",
            DisputeStatus::Withdrawn => "withdrawn",
        }
    }

    /// From its stored name.
    pub fn parse(text: &str) -> Option<DisputeStatus> {
        [
            DisputeStatus::Open,
            DisputeStatus::Sent,
            DisputeStatus::Accepted,
            DisputeStatus::Rejected,
            DisputeStatus::Withdrawn,
        ]
        .into_iter()
        .find(|s| s.as_str() == text.trim().to_lowercase())
    }

    /// Whether the dispute still awaits an answer (it goes into packs and
    /// counts as open on an approval).
    pub fn is_pending(self) -> bool {
        matches!(self, DisputeStatus::Open | DisputeStatus::Sent)
    }

    /// Whether a dispute may move from this status to `to`: open → sent (by
    /// signing a pack), open or sent → withdrawn, sent → accepted or rejected.
    pub fn may_become(self, to: DisputeStatus) -> bool {
        matches!(
            (self, to),
            (DisputeStatus::Open, DisputeStatus::Sent)
                | (
                    DisputeStatus::Open | DisputeStatus::Sent,
                    DisputeStatus::Withdrawn
                )
                | (
                    DisputeStatus::Sent,
                    DisputeStatus::Accepted | DisputeStatus::Rejected
                )
        )
    }
}

/// A dispute as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Dispute {
    /// Stable id.
    pub id: i64,
    /// The department disputing.
    pub department: String,
    /// `YYYY-MM`.
    pub month: String,
    /// The service code, when the dispute is about a code's variance.
    pub service_code: Option<String>,
    /// Why.
    pub reason: DisputeReason,
    /// The owner's explanation.
    pub explanation: String,
    /// The adjustment asked for, in `currency` (negative = a credit to the department).
    #[ts(type = "string")]
    pub requested_adjustment: Decimal,
    /// The base currency at the time.
    pub currency: Currency,
    /// Where it stands.
    pub status: DisputeStatus,
    /// The finance lines disputed.
    pub line_ids: Vec<i64>,
    /// When recorded.
    pub created_at: String,
    /// By whom.
    pub created_by: String,
    /// Last change.
    pub updated_at: String,
}

/// Where an approval stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ApprovalStatus {
    /// Recorded; signed when its pack is exported.
    Recorded,
    /// Signed in a pack: its lines are frozen.
    Signed,
    /// Reopened after signing: a superseding pack is due.
    Reopened,
}

impl ApprovalStatus {
    /// As stored.
    pub fn as_str(self) -> &'static str {
        match self {
            ApprovalStatus::Recorded => "recorded",
            ApprovalStatus::Signed => "signed",
            ApprovalStatus::Reopened => "reopened",
        }
    }

    /// From its stored name.
    pub fn parse(text: &str) -> Option<ApprovalStatus> {
        match text {
            "recorded" => Some(ApprovalStatus::Recorded),
            "signed" => Some(ApprovalStatus::Signed),
            "reopened" => Some(ApprovalStatus::Reopened),
            _ => None,
        }
    }
}

/// A month's approval for a department.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Approval {
    /// Stable id.
    pub id: i64,
    /// The department.
    pub department: String,
    /// `YYYY-MM`.
    pub month: String,
    /// Who signs.
    pub signer_name: String,
    /// Their role.
    pub signer_role: String,
    /// The sign-off statement.
    pub statement: String,
    /// Where it stands.
    pub status: ApprovalStatus,
    /// The pack that signed it.
    pub pack_id: Option<String>,
    /// When recorded.
    pub created_at: String,
    /// When signed.
    pub signed_at: Option<String>,
    /// When reopened, and why.
    pub reopened_at: Option<String>,
    /// Why it was reopened.
    pub reopen_reason: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_read_from_names_and_labels() {
        for r in DisputeReason::ALL {
            assert_eq!(DisputeReason::parse(r.as_str()), Some(r));
            assert_eq!(DisputeReason::parse(r.label()), Some(r));
        }
        assert_eq!(
            DisputeReason::parse("price-or-fx-error"),
            Some(DisputeReason::PriceOrFxError)
        );
        assert_eq!(DisputeReason::parse("because"), None);
    }

    #[test]
    fn status_changes_follow_the_life_of_a_dispute() {
        use DisputeStatus::*;
        assert!(Open.may_become(Sent));
        assert!(Open.may_become(Withdrawn));
        assert!(Sent.may_become(Accepted));
        assert!(Sent.may_become(Rejected));
        assert!(Sent.may_become(Withdrawn));
        assert!(!Open.may_become(Accepted));
        assert!(!Accepted.may_become(Withdrawn));
        assert!(!Withdrawn.may_become(Open));
        assert!(!Rejected.may_become(Sent));
    }
}
