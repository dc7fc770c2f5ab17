//! Disputes of finance's charges and approvals of a month.
//!
//! A dispute names finance showback lines, or a reconciliation variance of one
//! service code, with a reason, an explanation and the adjustment asked for.
//! Its evidence is gathered when it is shown or packed: the provider lines of
//! the codes concerned that month, the attribution rules that placed them, the
//! reconciliation rows, and a split when one was offered.
//!
//! An approval records who signs a department's month and what they state. It
//! is signed when its pack is exported; from then on the lines it covers are
//! frozen until it is reopened, and the next approval pack supersedes it.

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Engine;
use super::reconcile::{DrillLine, ReconcileQuery};
use super::splits::{SplitQuery, SplitResult};
use crate::error::{Error, FieldIssue, Result};
use crate::model::attribution::AttributionRule;
use crate::model::dispute::{Approval, ApprovalStatus, Dispute, DisputeReason, DisputeStatus};
use crate::model::month::Month;
use crate::model::reconcile::{ReconcileRow, Side};
use crate::money::parse_amount;
use crate::store;

/// A dispute as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct DisputeInput {
    /// The department (name or alias).
    pub department: String,
    /// The month (`2026-10`).
    pub month: String,
    /// Finance showback lines disputed (their ids); empty when disputing a
    /// service code's reconciliation variance.
    pub line_ids: Vec<i64>,
    /// The service code whose variance is disputed (when no lines are named).
    pub service_code: String,
    /// `wrong_service_code`, `not_our_usage`, `duplicate`, `price_or_fx_error`,
    /// `shared_cost_share` or `other`.
    pub reason: String,
    /// What is wrong, in the owner's words.
    pub explanation: String,
    /// The adjustment asked for in the base currency (negative = a credit);
    /// blank = a credit of the whole disputed amount.
    pub requested_adjustment: String,
    /// A split of a shared cost offered as evidence.
    pub split: Option<SplitQuery>,
}

/// An attribution rule and how many evidence lines it placed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RuleUse {
    /// The rule.
    pub rule: AttributionRule,
    /// Evidence lines it placed.
    pub lines: u64,
}

/// A dispute with its lines and evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DisputeDetail {
    /// The dispute.
    pub dispute: Dispute,
    /// How the reason reads.
    pub reason_label: String,
    /// The finance lines disputed (for a variance dispute: the code's finance lines).
    pub lines: Vec<DrillLine>,
    /// Their total in the base currency.
    #[ts(type = "string")]
    pub disputed_total: Decimal,
    /// The provider lines of the codes concerned that month.
    pub provider_lines: Vec<DrillLine>,
    /// Their total in the base currency.
    #[ts(type = "string")]
    pub provider_total: Decimal,
    /// The rules that placed them.
    pub rules: Vec<RuleUse>,
    /// The reconciliation rows of the codes concerned.
    pub reconciliation: Vec<ReconcileRow>,
    /// The split offered, if one.
    pub split: Option<SplitResult>,
}

/// An approval as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct ApprovalInput {
    /// The department.
    pub department: String,
    /// The month.
    pub month: String,
    /// Who signs; blank = the owner's name from Settings.
    pub signer_name: String,
    /// Their role; blank = the owner's role from Settings.
    pub signer_role: String,
    /// The sign-off statement; blank = the standard statement.
    pub statement: String,
}

/// A reason choice, for the app's form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ReasonChoice {
    /// As typed.
    pub value: String,
    /// As shown.
    pub label: String,
}

/// The dispute reasons.
pub fn dispute_reasons() -> Vec<ReasonChoice> {
    DisputeReason::ALL
        .iter()
        .map(|r| ReasonChoice {
            value: r.as_str().to_string(),
            label: r.label().to_string(),
        })
        .collect()
}

impl Engine {
    pub(crate) async fn resolve_month(&self, text: &str) -> Result<Month> {
        let settings = self.settings().await?;
        crate::import::period::parse_month(text, settings.fiscal_year_start_month).ok_or_else(
            || {
                Error::invalid(format!(
                    "'{}' is not a month; write it as 2026-10 or Oct-26",
                    text.trim()
                ))
            },
        )
    }

    pub(crate) async fn resolve_department_id(&self, text: &str) -> Result<(i64, String)> {
        store::org::resolve_department(&mut *self.store.reader().await?, text)
            .await?
            .ok_or_else(|| {
                Error::not_found(format!("Department '{}' is not registered", text.trim()))
            })
    }

    /// The finance lines of a department's month, by id.
    async fn finance_lines(
        &self,
        department: &str,
        month: Month,
    ) -> Result<BTreeMap<i64, DrillLine>> {
        let lines = self
            .department_lines(department, month)
            .await?
            .into_iter()
            .filter(|l| l.side == Side::Showback)
            .map(|l| (l.id, l))
            .collect();
        Ok(lines)
    }

    /// Every line of a department's month: finance's, and the provider lines
    /// of its service codes.
    pub(crate) async fn department_lines(
        &self,
        department: &str,
        month: Month,
    ) -> Result<Vec<DrillLine>> {
        self.drill_lines(
            &month.to_string(),
            crate::model::reconcile::ReconcileBy::ServiceCode,
            None,
            Some(department),
        )
        .await
    }

    /// Every line of a department's month, for choosing what to dispute.
    pub async fn month_lines(&self, department: &str, month: &str) -> Result<Vec<DrillLine>> {
        let month = self.resolve_month(month).await?;
        let (_, department) = self.resolve_department_id(department).await?;
        self.department_lines(&department, month).await
    }

    /// Records a dispute.
    pub async fn add_dispute(&self, input: DisputeInput) -> Result<DisputeDetail> {
        let mut issues = Vec::new();
        let reason = DisputeReason::parse(&input.reason);
        if reason.is_none() {
            issues.push(FieldIssue::error(
                "reason",
                format!(
                    "'{}' is not a dispute reason; use {}",
                    input.reason.trim(),
                    DisputeReason::ALL.map(|r| r.as_str()).join(", ")
                ),
            ));
        }
        let explanation = input.explanation.trim();
        if explanation.is_empty() {
            issues.push(FieldIssue::error(
                "explanation",
                "Say what is wrong with the charge",
            ));
        } else if explanation.chars().count() > 2000 {
            issues.push(FieldIssue::error(
                "explanation",
                "Keep the explanation under 2,000 characters",
            ));
        }
        let code = input.service_code.trim();
        if input.line_ids.is_empty() && code.is_empty() {
            issues.push(FieldIssue::error(
                "line_ids",
                "Choose the finance lines you dispute, or a service code whose variance you dispute",
            ));
        }
        let adjustment = match input.requested_adjustment.trim() {
            "" => None,
            t => match parse_amount(t) {
                Ok(v) => Some(v.value),
                Err(_) => {
                    issues.push(FieldIssue::error(
                        "requested_adjustment",
                        format!("'{t}' is not an amount"),
                    ));
                    None
                }
            },
        };
        let month = self.resolve_month(&input.month).await?;
        let (department_id, department) = self.resolve_department_id(&input.department).await?;
        let settings = self.settings().await?;
        let finance = self.finance_lines(&department, month).await?;
        let mut disputed = Decimal::ZERO;
        let mut lines: BTreeSet<i64> = BTreeSet::new();
        for id in &input.line_ids {
            match finance.get(id) {
                None => issues.push(FieldIssue::error(
                    "line_ids",
                    format!("Line {id} is not a finance line of {department} in {month}"),
                )),
                Some(l) => {
                    disputed += l.converted.unwrap_or_default();
                    lines.insert(*id);
                }
            }
        }
        let mut variance_json = None;
        let mut service_code = None;
        if input.line_ids.is_empty() && !code.is_empty() {
            let rec = self
                .reconcile(ReconcileQuery {
                    month: month.to_string(),
                    by: "service-code".into(),
                    department: department.clone(),
                })
                .await?;
            match rec.rows.iter().find(|r| r.key.eq_ignore_ascii_case(code)) {
                None => issues.push(FieldIssue::error(
                    "service_code",
                    format!("{department} has no charges or usage for '{code}' in {month}"),
                )),
                Some(row) => {
                    disputed = row.variance;
                    service_code = Some(row.key.clone());
                    variance_json = Some(serde_json::to_string(row)?);
                }
            }
        }
        let split = match &input.split {
            Some(q) => Some(self.split_shared_cost(q.clone()).await?),
            None => None,
        };
        let Some(reason) = reason.filter(|_| issues.is_empty()) else {
            return Err(Error::from_field_issues("The dispute", issues));
        };
        let requested = adjustment.unwrap_or(-disputed).normalize();
        let mut tx = self.store.begin().await?;
        for id in &lines {
            if let Some(other) = store::packs::pending_disputes_of_line(&mut tx, *id)
                .await?
                .first()
            {
                return Err(Error::conflict(format!(
                    "Line {id} is already disputed in dispute {other}; withdraw that one first or add to it"
                )));
            }
        }
        let now = self.now();
        let actor = self.actor(&mut tx).await?;
        let line_ids: Vec<i64> = lines.into_iter().collect();
        let id = store::packs::insert_dispute(
            &mut tx,
            &store::packs::NewDispute {
                department_id,
                month: &month.to_string(),
                service_code: service_code.as_deref(),
                reason,
                explanation,
                requested_adjustment: &requested.to_string(),
                currency: settings.base_currency.code(),
                variance_json,
                split_json: split.as_ref().map(serde_json::to_string).transpose()?,
                at: &now,
                by: &actor,
                line_ids: &line_ids,
            },
        )
        .await?;
        let record = store::packs::dispute(&mut tx, id)
            .await?
            .ok_or_else(|| Error::internal("The new dispute vanished"))?;
        self.record(
            &mut tx,
            "dispute.add",
            &format!("dispute:{id}"),
            None::<&()>,
            Some(&record.dispute),
        )
        .await?;
        tx.commit().await?;
        self.dispute_detail(id).await
    }

    /// Disputes, optionally of one department and/or month.
    pub async fn list_disputes(&self, department: &str, month: &str) -> Result<Vec<Dispute>> {
        let department_id = match department.trim() {
            "" => None,
            d => Some(self.resolve_department_id(d).await?.0),
        };
        let month = match month.trim() {
            "" => None,
            m => Some(self.resolve_month(m).await?.to_string()),
        };
        let mut conn = self.store.reader().await?;
        Ok(
            store::packs::disputes(&mut conn, department_id, month.as_deref())
                .await?
                .into_iter()
                .map(|r| r.dispute)
                .collect(),
        )
    }

    async fn dispute_record(&self, id: i64) -> Result<store::packs::DisputeRecord> {
        store::packs::dispute(&mut *self.store.reader().await?, id)
            .await?
            .ok_or_else(|| Error::not_found(format!("There is no dispute {id}")))
    }

    /// A dispute with its lines and the evidence for it.
    pub async fn dispute_detail(&self, id: i64) -> Result<DisputeDetail> {
        let record = self.dispute_record(id).await?;
        let d = &record.dispute;
        let month = Month::parse_iso(&d.month).ok_or_else(|| store::corrupt("dispute's month"))?;
        let all = self.department_lines(&d.department, month).await?;
        let lines: Vec<DrillLine> = all
            .iter()
            .filter(|l| {
                l.side == Side::Showback
                    && if d.line_ids.is_empty() {
                        d.service_code.is_some() && l.service_code == d.service_code
                    } else {
                        d.line_ids.contains(&l.id)
                    }
            })
            .cloned()
            .collect();
        let codes: BTreeSet<String> = lines
            .iter()
            .filter_map(|l| l.service_code.clone())
            .chain(d.service_code.clone())
            .collect();
        let provider_lines: Vec<DrillLine> = all
            .iter()
            .filter(|l| {
                l.side == Side::Provider
                    && l.service_code.as_ref().is_some_and(|c| codes.contains(c))
            })
            .cloned()
            .collect();
        let mut placed: BTreeMap<i64, u64> = BTreeMap::new();
        for l in &provider_lines {
            if let Some(rule) = l.rule_id {
                *placed.entry(rule).or_default() += 1;
            }
        }
        let rules = self
            .list_rules()
            .await?
            .into_iter()
            .filter_map(|rule| placed.get(&rule.id).map(|&lines| RuleUse { rule, lines }))
            .collect();
        let reconciliation = self
            .reconcile(ReconcileQuery {
                month: d.month.clone(),
                by: "service-code".into(),
                department: d.department.clone(),
            })
            .await?
            .rows
            .into_iter()
            .filter(|r| codes.contains(&r.key))
            .collect();
        let split = record
            .split_json
            .as_deref()
            .map(serde_json::from_str::<SplitResult>)
            .transpose()?;
        let total = |ls: &[DrillLine]| {
            ls.iter()
                .filter_map(|l| l.converted)
                .sum::<Decimal>()
                .normalize()
        };
        Ok(DisputeDetail {
            reason_label: d.reason.label().to_string(),
            disputed_total: if d.line_ids.is_empty() {
                record
                    .variance_json
                    .as_deref()
                    .and_then(|v| serde_json::from_str::<ReconcileRow>(v).ok())
                    .map(|r| r.variance)
                    .unwrap_or_else(|| total(&lines))
            } else {
                total(&lines)
            },
            provider_total: total(&provider_lines),
            lines,
            provider_lines,
            rules,
            reconciliation,
            split,
            dispute: record.dispute,
        })
    }

    /// Moves a dispute to a new status: `withdrawn` by the owner, `accepted`
    /// or `rejected` when finance answers a sent dispute.
    pub async fn set_dispute_status(&self, id: i64, status: &str) -> Result<Dispute> {
        let to = DisputeStatus::parse(status).ok_or_else(|| {
            Error::invalid(format!(
                "'{}' is not a dispute status; use withdrawn, accepted or rejected",
                status.trim()
            ))
        })?;
        let mut tx = self.store.begin().await?;
        let before = store::packs::dispute(&mut tx, id)
            .await?
            .ok_or_else(|| Error::not_found(format!("There is no dispute {id}")))?
            .dispute;
        if to == DisputeStatus::Sent {
            return Err(Error::invalid(
                "A dispute is sent by exporting its signed pack",
            ));
        }
        if !before.status.may_become(to) {
            return Err(Error::conflict(format!(
                "Dispute {id} is {}; it cannot become {}",
                before.status.as_str(),
                to.as_str()
            )));
        }
        store::packs::set_dispute_status(&mut tx, id, to, &self.now()).await?;
        let after = store::packs::dispute(&mut tx, id)
            .await?
            .ok_or_else(|| Error::internal("The dispute vanished"))?
            .dispute;
        self.record(
            &mut tx,
            &format!("dispute.{}", to.as_str()),
            &format!("dispute:{id}"),
            Some(&before),
            Some(&after),
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Withdraws a dispute.
    pub async fn withdraw_dispute(&self, id: i64) -> Result<Dispute> {
        self.set_dispute_status(id, "withdrawn").await
    }

    /// Records (or, while unsigned, replaces) the approval of a department's
    /// month. It is signed when its pack is exported.
    pub async fn approve(&self, input: ApprovalInput) -> Result<Approval> {
        let month = self.resolve_month(&input.month).await?;
        let (department_id, department) = self.resolve_department_id(&input.department).await?;
        let settings = self.settings().await?;
        if month.first_day() > self.clock.today() {
            return Err(Error::invalid(format!(
                "{month} has not begun; approve it once it has"
            )));
        }
        let pick = |typed: &str, fallback: &str| {
            let t = typed.trim();
            if t.is_empty() {
                fallback.trim().to_string()
            } else {
                t.to_string()
            }
        };
        let signer_name = pick(&input.signer_name, &settings.owner_name);
        let signer_role = pick(&input.signer_role, &settings.owner_role);
        let mut issues = Vec::new();
        if signer_name.is_empty() {
            issues.push(FieldIssue::error(
                "signer_name",
                "Give the name of the person signing (or set it in Settings)",
            ));
        }
        if signer_role.is_empty() {
            issues.push(FieldIssue::error(
                "signer_role",
                "Give the signer's role (or set it in Settings)",
            ));
        }
        if !issues.is_empty() {
            return Err(Error::from_field_issues("The approval", issues));
        }
        let statement = pick(
            &input.statement,
            &format!(
                "I approve the AI chargeback of {department} for {month} as listed in this pack, subject to the disputes it names."
            ),
        );
        let mut tx = self.store.begin().await?;
        let now = self.now();
        let new = store::packs::NewApproval {
            department_id,
            month: &month.to_string(),
            signer_name: &signer_name,
            signer_role: &signer_role,
            statement: &statement,
            at: &now,
        };
        let latest =
            store::packs::latest_approval(&mut tx, department_id, &month.to_string()).await?;
        let id = match &latest {
            Some(a) if a.status == ApprovalStatus::Signed => {
                return Err(Error::conflict(format!(
                    "{department}'s {month} is already approved and signed (pack {}); reopen the approval to change it",
                    a.pack_id.as_deref().unwrap_or("?")
                )));
            }
            Some(a) if a.status == ApprovalStatus::Recorded => {
                store::packs::update_recorded_approval(&mut tx, a.id, &new).await?;
                a.id
            }
            _ => store::packs::insert_approval(&mut tx, &new).await?,
        };
        let after = store::packs::latest_approval(&mut tx, department_id, &month.to_string())
            .await?
            .ok_or_else(|| Error::internal("The approval vanished"))?;
        self.record(
            &mut tx,
            "approval.record",
            &format!("approval:{id}"),
            latest.as_ref(),
            Some(&after),
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Reopens a signed approval: its lines thaw, and the next approval pack
    /// for the month supersedes the signed one.
    pub async fn reopen_approval(
        &self,
        department: &str,
        month: &str,
        reason: &str,
    ) -> Result<Approval> {
        let month = self.resolve_month(month).await?;
        let (department_id, department) = self.resolve_department_id(department).await?;
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(Error::invalid("Say why the signed approval is reopened"));
        }
        let mut tx = self.store.begin().await?;
        let before = store::packs::latest_approval(&mut tx, department_id, &month.to_string())
            .await?
            .filter(|a| a.status == ApprovalStatus::Signed)
            .ok_or_else(|| {
                Error::conflict(format!(
                    "{department}'s {month} has no signed approval to reopen"
                ))
            })?;
        let thawed = store::packs::reopen_approval(&mut tx, before.id, &self.now(), reason).await?;
        // Thawed lines follow the rules in force again.
        let reattributed = super::rules::reattribute(&mut tx).await?;
        let after = store::packs::latest_approval(&mut tx, department_id, &month.to_string())
            .await?
            .ok_or_else(|| Error::internal("The approval vanished"))?;
        self.record(
            &mut tx,
            "approval.reopen",
            &format!("approval:{}", before.id),
            Some(&before),
            Some(&serde_json::json!({
                "approval": &after, "lines_thawed": thawed, "lines_reattributed": reattributed,
            })),
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Every approval, newest month first.
    pub async fn list_approvals(&self) -> Result<Vec<Approval>> {
        store::packs::approvals(&mut *self.store.reader().await?).await
    }
}
