//! The signed pack: one zip a budget owner sends finance to approve a month or
//! dispute charges, which finance can check with `sha256sum`, `ssh-keygen` and
//! `openssl` alone.
//!
//! Layout (every name at the top of the zip except the charts):
//! - `ledger.csv`: the authoritative figures, one line per ledger line, amounts
//!   as exact decimal strings, with the line's provenance;
//! - `pack.json`: the manifest (format, kind, id, sequence, what it supersedes,
//!   period, totals, sources, signer, creation time);
//! - `pack.xlsx`: the same for reading in Excel, with native charts;
//! - `charts/*.svg` and `charts/*.png`: the app's charts;
//! - `signer.pub`, `signer.pem`, `allowed_signers`, `VERIFY.txt`;
//! - `SHA256SUMS` (GNU format, sorted, covering all of the above),
//!   `SHA256SUMS.sig` (SSH signature) and `SHA256SUMS.ed25519` (raw signature).
//!
//! Rendering is a pure function of the content, the manifest and the key, and
//! zip entries carry the pack's creation time, so the same data, clock and key
//! give a byte-identical zip.

pub mod ledger;
pub mod verify;
mod workbook;
mod write;

pub use ledger::{LedgerRow, PackTotals};
pub use write::{PackFile, render, sums as write_sums, zip_files, zip_into};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::api::forecasts::ScopeForecast;
use crate::api::reconcile::Reconciliation;
use crate::api::splits::SplitResult;
use crate::model::attribution::AttributionRule;
use crate::model::value::ValueReport;

/// The format this version writes and reads.
pub const FORMAT: &str = "runrate-pack/1";
/// The first line of `SHA256SUMS`: a comment `sha256sum -c` skips, which
/// ties the signed bytes to this format.
pub const SUMS_HEADER: &str = "# runrate-pack/1 SHA256SUMS";
/// The checksum list.
pub const SUMS: &str = "SHA256SUMS";
/// Its SSH signature.
pub const SIG_SSH: &str = "SHA256SUMS.sig";
/// Its raw Ed25519 signature.
pub const SIG_RAW: &str = "SHA256SUMS.ed25519";
/// The manifest.
pub const MANIFEST: &str = "pack.json";
/// The ledger.
pub const LEDGER: &str = "ledger.csv";

/// Approval or dispute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PackKind {
    /// "I dispute these lines; here is the evidence."
    Dispute,
    /// "I approve this month's chargeback."
    Approval,
}

impl PackKind {
    /// As stored and typed.
    pub fn as_str(self) -> &'static str {
        match self {
            PackKind::Dispute => "dispute",
            PackKind::Approval => "approval",
        }
    }

    /// From its name.
    pub fn parse(text: &str) -> Option<PackKind> {
        match text.trim().to_lowercase().as_str() {
            "dispute" | "disputes" => Some(PackKind::Dispute),
            "approval" | "approve" => Some(PackKind::Approval),
            _ => None,
        }
    }
}

/// Who signed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Signer {
    /// Name.
    pub name: String,
    /// Role.
    pub role: String,
    /// The identity in `allowed_signers` (`-I` for `ssh-keygen -Y verify`).
    pub principal: String,
    /// SSH fingerprint of the key (`SHA256:…`).
    pub fingerprint: String,
    /// The public key, OpenSSH form.
    pub public_key: String,
}

/// A source file the pack's lines came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SourceFile {
    /// Import batch.
    pub import_batch: i64,
    /// File name.
    pub file_name: String,
    /// SHA-256 of the file as imported.
    pub sha256: String,
    /// Detected format.
    pub format: String,
    /// When imported.
    pub imported_at: String,
    /// Lines of this pack from it.
    pub lines: u64,
}

/// A disputed item as the manifest states it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DisputeEntry {
    /// Runrate's dispute id.
    pub id: i64,
    /// Reason (`wrong_service_code`, …).
    pub reason: String,
    /// How the reason reads.
    pub reason_label: String,
    /// The owner's explanation.
    pub explanation: String,
    /// The service code concerned, if one.
    pub service_code: Option<String>,
    /// The finance lines disputed.
    pub line_ids: Vec<i64>,
    /// Their total in the base currency.
    #[ts(type = "string")]
    pub disputed_amount: rust_decimal::Decimal,
    /// The adjustment asked for (negative = a credit).
    #[ts(type = "string")]
    pub requested_adjustment: rust_decimal::Decimal,
}

/// The sign-off of an approval pack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ApprovalEntry {
    /// The statement signed.
    pub statement: String,
    /// Finance's charge approved (base currency, exact).
    #[ts(type = "string")]
    pub approved_amount: rust_decimal::Decimal,
    /// Disputes still open for the month.
    pub open_disputes: Vec<i64>,
}

/// One service code's two sides, for the summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CodeSummary {
    /// Service code, or `(unattributed)`.
    pub service_code: String,
    /// What finance charged.
    #[ts(type = "string")]
    pub finance: rust_decimal::Decimal,
    /// What the provider exports show.
    #[ts(type = "string")]
    pub provider: rust_decimal::Decimal,
    /// Finance minus provider.
    #[ts(type = "string")]
    pub variance: rust_decimal::Decimal,
    /// Whether the variance is within tolerance.
    pub within_tolerance: bool,
}

/// The month against budget, for the summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ForecastSummary {
    /// The as-of date.
    pub as_of: String,
    /// Spent to date.
    #[ts(type = "string")]
    pub actual: rust_decimal::Decimal,
    /// Month-end forecast.
    #[ts(type = "string")]
    pub forecast: rust_decimal::Decimal,
    /// The budget, if one.
    #[ts(type = "string | null")]
    pub budget: Option<rust_decimal::Decimal>,
    /// Status against budget.
    pub status: String,
}

/// A value hypothesis's verdict, for the summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ValueSummary {
    /// Hypothesis id.
    pub id: i64,
    /// Its service code.
    pub service_code: String,
    /// The hypothesis.
    pub statement: String,
    /// The verdict.
    pub verdict: String,
}

/// The figure a pack is about, exact and rounded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Headline {
    /// What it is ("Finance charge approved", "Charges disputed").
    pub label: String,
    /// The `ledger.csv` role it sums (`finance`, `disputed`).
    pub role: String,
    /// The exact sum of that role's base amounts.
    #[ts(type = "string")]
    pub amount: rust_decimal::Decimal,
    /// Rounded to the minor unit by the rounding rule.
    #[ts(type = "string")]
    pub rounded: rust_decimal::Decimal,
}

impl Headline {
    /// The headline of a kind of pack over its totals.
    pub fn of(
        kind: PackKind,
        totals: &PackTotals,
        rule: crate::money::RoundingRule,
        currency: crate::money::Currency,
    ) -> Headline {
        let (label, role) = match kind {
            PackKind::Approval => ("Finance charge approved", "finance"),
            PackKind::Dispute => ("Charges disputed", "disputed"),
        };
        let amount = totals
            .by_role
            .iter()
            .find(|r| r.role == role)
            .map(|r| r.amount_base)
            .unwrap_or_default();
        Headline {
            label: label.into(),
            role: role.into(),
            amount,
            rounded: rule.round(amount, currency),
        }
    }
}

/// `pack.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PackManifest {
    /// [`FORMAT`].
    pub format: String,
    /// Approval or dispute.
    pub kind: PackKind,
    /// The pack's id.
    pub pack_id: String,
    /// Per signing key, 1, 2, 3…: finance keeps the highest it has seen.
    pub sequence: i64,
    /// The pack this one replaces.
    pub supersedes: Option<String>,
    /// `YYYY-MM`.
    pub period: String,
    /// The department.
    pub department: String,
    /// The base currency.
    pub currency: String,
    /// How presented amounts are rounded (`half_away_from_zero`, `half_even`);
    /// `ledger.csv` and these totals are exact.
    pub rounding_rule: String,
    /// Decimal places of the currency's minor unit.
    pub minor_unit_places: u32,
    /// Counts and exact sums of `ledger.csv`.
    pub totals: PackTotals,
    /// The figure the pack is about: the finance charge approved, or the
    /// charges disputed.
    pub headline: Headline,
    /// Finance's side by service code against the provider side.
    pub by_service_code: Vec<CodeSummary>,
    /// The month against budget.
    pub forecast: Option<ForecastSummary>,
    /// Value hypotheses of the department's codes.
    pub value: Vec<ValueSummary>,
    /// What is disputed (dispute packs).
    pub disputes: Vec<DisputeEntry>,
    /// What is approved (approval packs).
    pub approval: Option<ApprovalEntry>,
    /// Where the lines came from.
    pub sources: Vec<SourceFile>,
    /// `Runrate`.
    pub app_name: String,
    /// Runrate's version.
    pub app_version: String,
    /// The last database migration applied.
    pub schema_version: String,
    /// Who signed.
    pub signer: Signer,
    /// When it was made (from the engine's clock, UTC).
    pub created_at: String,
    /// Notes for the reader (amounts without a rate, unpriced lines).
    pub warnings: Vec<String>,
}

/// A dispute with the evidence gathered for it, for the workbook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisputeEvidence {
    /// The manifest entry.
    pub entry: DisputeEntry,
    /// The attribution rules that placed the evidence lines, with how many each placed.
    pub rules: Vec<(AttributionRule, u64)>,
    /// The split offered, if one.
    pub split: Option<SplitResult>,
}

/// Everything a pack holds, ready to render.
#[derive(Debug, Clone)]
pub struct PackContent {
    /// The manifest.
    pub manifest: PackManifest,
    /// The ledger lines.
    pub rows: Vec<LedgerRow>,
    /// The department's reconciliation for the month.
    pub reconciliation: Reconciliation,
    /// The month's forecast against budget.
    pub forecast: Option<ScopeForecast>,
    /// Value reports.
    pub value: Vec<ValueReport>,
    /// Disputes with their evidence.
    pub disputes: Vec<DisputeEvidence>,
    /// The workspace's rounding rule.
    pub rounding: crate::money::RoundingRule,
}

/// The pack file name for a manifest: `runrate-approval-marketing-2026-10-7.zip`.
pub fn file_name(manifest: &PackManifest) -> String {
    format!(
        "runrate-{}-{}-{}-{}.zip",
        manifest.kind.as_str(),
        slug(&manifest.department),
        manifest.period,
        manifest.sequence
    )
}

/// A name as it appears in file names: `Customer Service` → `customer-service`.
pub fn slug(name: &str) -> String {
    let slug = name
        .to_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if slug.is_empty() {
        "department".to_string()
    } else {
        slug
    }
}
