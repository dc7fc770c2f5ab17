//! The signing key and signed packs: export, list, verify.
//!
//! Exporting gathers a department's month (its lines, reconciliation,
//! forecast, value verdicts, and the disputes or the approval), renders the
//! pack, signs it with the owner's key and writes the zip. Unchanged content
//! re-exported with the same key is the same pack, byte for byte; changed
//! content gets the key's next sequence number and supersedes the previous
//! pack of its kind for that month.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use super::Engine;
use super::cancel::Cancel;
use super::forecasts::ForecastQuery;
use super::reconcile::ReconcileQuery;
use crate::error::{Error, Result};
use crate::keystore::{self, KeyStoreKind};
use crate::model::dispute::{ApprovalStatus, DisputeStatus};
use crate::model::month::Month;
use crate::pack::verify::{PackVerification, Trust};
use crate::pack::{
    ApprovalEntry, CodeSummary, DisputeEntry, DisputeEvidence, ForecastSummary, LedgerRow,
    PackContent, PackKind, PackManifest, PackTotals, Signer, SourceFile, ValueSummary,
};
use crate::signing::{PublicKey, SigningKey};
use crate::store;

/// The signing key, as Settings shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SigningKeyInfo {
    /// `SHA256:…`, to register with finance.
    pub fingerprint: String,
    /// OpenSSH public key line.
    pub public_key: String,
    /// PEM SubjectPublicKeyInfo.
    pub public_pem: String,
    /// The `allowed_signers` line for the owner.
    pub allowed_signers: String,
    /// The identity packs name (`-I` for `ssh-keygen -Y verify`).
    pub principal: String,
    /// Where the private key is kept.
    pub store: KeyStoreKind,
    /// The key file, when the key is kept in a passphrase-protected file.
    pub file: Option<String>,
    /// When it was made.
    pub created_at: String,
    /// Keys retired by rotation (fingerprint and when).
    pub retired: Vec<RetiredKey>,
}

/// A key no longer used for signing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RetiredKey {
    /// Its fingerprint.
    pub fingerprint: String,
    /// Its public key.
    pub public_key: String,
    /// When it was retired.
    pub retired_at: String,
}

/// A pack to export, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct PackRequest {
    /// `dispute` or `approval`.
    pub kind: String,
    /// The department.
    pub department: String,
    /// The month.
    pub month: String,
    /// The key file's passphrase, when the key is kept in a file (never stored).
    #[serde(skip_serializing)]
    pub passphrase: String,
}

impl PackRequest {
    /// The file name offered when saving: `runrate-dispute-marketing-2026-09.zip`.
    pub fn suggested_file_name(&self) -> String {
        format!(
            "runrate-{}-{}-{}.zip",
            crate::pack::slug(self.kind.trim()),
            crate::pack::slug(&self.department),
            self.month.trim()
        )
    }
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PackExported {
    /// The pack's id.
    pub pack_id: String,
    /// Where it was written.
    pub path: String,
    /// Its file name.
    pub file_name: String,
    /// SHA-256 of the zip.
    pub sha256: String,
    /// The files inside.
    pub files: Vec<String>,
    /// The signing key's fingerprint.
    pub signer_fingerprint: String,
    /// Sequence number for the key.
    pub sequence: i64,
    /// The pack it supersedes.
    pub supersedes: Option<String>,
    /// Whether unchanged content made this the same pack as before.
    pub unchanged: bool,
    /// Lines in the ledger.
    pub lines: u64,
    /// What the total is.
    pub headline: String,
    /// The pack's headline figure, rounded.
    #[ts(type = "string")]
    pub total: Decimal,
    /// The currency.
    pub currency: String,
}

/// An exported pack, as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PackRecord {
    /// The pack's id.
    pub pack_id: String,
    /// `dispute` or `approval`.
    pub kind: String,
    /// The department.
    pub department: String,
    /// The month.
    pub month: String,
    /// Sequence number for its key.
    pub sequence: i64,
    /// Its key.
    pub key_fingerprint: String,
    /// What it superseded.
    pub supersedes: Option<String>,
    /// Whether a later pack supersedes it.
    pub superseded: bool,
    /// When it was made.
    pub created_at: String,
    /// Who signed.
    pub signer: String,
    /// File name written.
    pub file_name: String,
    /// SHA-256 of the zip.
    pub sha256: String,
    /// Lines.
    pub lines: i64,
    /// Totals as in pack.json.
    pub totals: PackTotals,
}

/// How far an export has got.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct PackProgress {
    /// 0–1.
    pub fraction: f32,
    /// What it is doing.
    pub stage: String,
}

/// The identity a signer's name gives in `allowed_signers`: lower case, dots
/// for spaces, only letters, digits and `._@-`.
pub fn principal_of(name: &str) -> String {
    let p: String = name
        .trim()
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(".")
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || "._@-".contains(*c))
        .collect();
    if p.is_empty() {
        "budget-owner".into()
    } else {
        p
    }
}

fn passphrase(text: &str) -> Option<&str> {
    Some(text).filter(|t| !t.is_empty())
}

impl Engine {
    fn keys_dir(&self) -> std::path::PathBuf {
        keystore::keys_dir(self.store.path())
    }

    /// The signing key, if one has been made.
    pub async fn signing_key_info(&self) -> Result<Option<SigningKeyInfo>> {
        let mut conn = self.store.reader().await?;
        let keys = store::packs::keys(&mut conn).await?;
        let settings = super::settings::load(&mut conn).await?;
        let Some(current) = keys.iter().find(|k| k.retired_at.is_none()) else {
            return Ok(None);
        };
        let public = PublicKey::parse(&current.public_openssh)?;
        let principal = principal_of(&settings.owner_name);
        let store =
            KeyStoreKind::parse(&current.store).ok_or_else(|| store::corrupt("key store"))?;
        Ok(Some(SigningKeyInfo {
            file: (store == KeyStoreKind::File).then(|| {
                keystore::key_file(&self.keys_dir(), &current.fingerprint)
                    .display()
                    .to_string()
            }),
            fingerprint: current.fingerprint.clone(),
            public_key: public.openssh(&principal),
            public_pem: public.pem(),
            allowed_signers: public.allowed_signers_line(&principal),
            principal,
            store,
            created_at: current.created_at.clone(),
            retired: keys
                .iter()
                .filter_map(|k| {
                    Some(RetiredKey {
                        fingerprint: k.fingerprint.clone(),
                        public_key: k.public_openssh.clone(),
                        retired_at: k.retired_at.clone()?,
                    })
                })
                .collect(),
        }))
    }

    /// Makes a new key, saves it, and records it; the caller commits.
    async fn new_key(
        &self,
        tx: &mut store::WriteTx,
        passphrase_text: &str,
    ) -> Result<(SigningKey, store::packs::KeyRow)> {
        let key = SigningKey::generate()?;
        let kind = keystore::save(
            self.key_store,
            &self.keys_dir(),
            &key,
            passphrase(passphrase_text),
        )?;
        let row = store::packs::KeyRow {
            fingerprint: key.public().fingerprint(),
            public_openssh: key.public().openssh(""),
            store: kind.as_str().to_string(),
            created_at: self.now(),
            retired_at: None,
        };
        store::packs::insert_key(tx, &row).await?;
        self.record(
            tx,
            "key.create",
            &format!("key:{}", row.fingerprint),
            None::<&()>,
            Some(&row),
        )
        .await?;
        Ok((key, row))
    }

    /// The current key, made on first use.
    async fn signing_key(
        &self,
        passphrase_text: &str,
    ) -> Result<(SigningKey, store::packs::KeyRow)> {
        let current = store::packs::current_key(&mut *self.store.reader().await?).await?;
        match current {
            Some(row) => {
                let kind =
                    KeyStoreKind::parse(&row.store).ok_or_else(|| store::corrupt("key store"))?;
                let key = keystore::load(
                    kind,
                    &self.keys_dir(),
                    &row.fingerprint,
                    passphrase(passphrase_text),
                )?;
                Ok((key, row))
            }
            None => {
                let mut tx = self.store.begin().await?;
                let made = self.new_key(&mut tx, passphrase_text).await?;
                tx.commit().await?;
                Ok(made)
            }
        }
    }

    /// Makes the signing key now (rather than at first signing).
    pub async fn create_signing_key(&self, passphrase_text: &str) -> Result<SigningKeyInfo> {
        self.signing_key(passphrase_text).await?;
        self.signing_key_info()
            .await?
            .ok_or_else(|| Error::internal("The new key vanished"))
    }

    /// Replaces the signing key with a new one. The old public key stays on
    /// record, packs it signed stay verifiable, and its private half is deleted.
    pub async fn rotate_signing_key(&self, passphrase_text: &str) -> Result<SigningKeyInfo> {
        let mut tx = self.store.begin().await?;
        let old = store::packs::current_key(&mut tx).await?;
        if let Some(old) = &old {
            store::packs::retire_key(&mut tx, &old.fingerprint, &self.now()).await?;
        }
        let (_, new) = self.new_key(&mut tx, passphrase_text).await?;
        self.record(
            &mut tx,
            "key.rotate",
            &format!("key:{}", new.fingerprint),
            old.as_ref(),
            Some(&new),
        )
        .await?;
        tx.commit().await?;
        if let Some(old) = old
            && let Some(kind) = KeyStoreKind::parse(&old.store)
        {
            // The new key is safely recorded; losing the old private half is the point.
            let _ = keystore::remove(kind, &self.keys_dir(), &old.fingerprint);
        }
        self.signing_key_info()
            .await?
            .ok_or_else(|| Error::internal("The new key vanished"))
    }

    /// Writes the public key (OpenSSH form, or PEM when the path ends `.pem`).
    pub async fn export_public_key(&self, path: &Path) -> Result<SigningKeyInfo> {
        let info = self.signing_key_info().await?.ok_or_else(|| {
            Error::not_found("There is no signing key yet; one is made when you first sign a pack (or with runrate key create)")
        })?;
        let text = if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("pem"))
        {
            info.public_pem.clone()
        } else {
            format!("{}\n", info.public_key)
        };
        std::fs::write(path, text)
            .map_err(|e| Error::from(e).context(format!("Writing {}", path.display())))?;
        Ok(info)
    }

    /// Every exported pack, newest first.
    pub async fn list_packs(&self) -> Result<Vec<PackRecord>> {
        let rows = store::packs::packs(&mut *self.store.reader().await?).await?;
        let superseded: BTreeSet<String> =
            rows.iter().filter_map(|r| r.supersedes.clone()).collect();
        rows.into_iter()
            .map(|r| {
                Ok(PackRecord {
                    superseded: superseded.contains(&r.pack_id),
                    totals: serde_json::from_str(&r.totals_json)?,
                    pack_id: r.pack_id,
                    kind: r.kind,
                    department: r.department,
                    month: r.month,
                    sequence: r.sequence,
                    key_fingerprint: r.key_fingerprint,
                    supersedes: r.supersedes,
                    created_at: r.created_at,
                    signer: format!("{} ({})", r.signer_name, r.signer_role),
                    file_name: r.file_name,
                    sha256: r.sha256,
                    lines: r.line_count,
                })
            })
            .collect()
    }

    /// Gathers what a pack of `kind` holds for a department's month, without
    /// its identity (id, sequence, supersedes, time), which export fills in.
    async fn pack_content(
        &self,
        kind: PackKind,
        department: &str,
        month: Month,
        signer: Signer,
    ) -> Result<(PackContent, i64, Vec<i64>, Option<i64>)> {
        let (department_id, department) = self.resolve_department_id(department).await?;
        let settings = self.settings().await?;
        let today = self.clock.today();
        if month.first_day() > today {
            return Err(Error::invalid(format!("{month} has not begun")));
        }
        let mut conn = self.store.reader().await?;
        let records =
            store::packs::disputes(&mut conn, Some(department_id), Some(&month.to_string()))
                .await?;
        let pending: Vec<_> = records
            .iter()
            .filter(|r| r.dispute.status.is_pending())
            .collect();
        let approval =
            store::packs::latest_approval(&mut conn, department_id, &month.to_string()).await?;
        drop(conn);
        let mut approval_id = None;
        match kind {
            PackKind::Dispute if pending.is_empty() => {
                return Err(Error::invalid(format!(
                    "{department} has no open disputes for {month}; record one first"
                )));
            }
            PackKind::Approval => match &approval {
                Some(a) if a.status != ApprovalStatus::Reopened => approval_id = Some(a.id),
                Some(_) => {
                    return Err(Error::invalid(format!(
                        "{department}'s {month} approval was reopened; record the approval again before signing a superseding pack"
                    )));
                }
                None => {
                    return Err(Error::invalid(format!(
                        "{department}'s {month} has no approval recorded; record it first (runrate approve)"
                    )));
                }
            },
            PackKind::Dispute => {}
        }

        // Reconciliation, forecast and value first: each reads the month on
        // its own, and done before the pack's lines are gathered, their
        // ledgers are gone before the pack's is loaded (peak memory).
        let reconciliation = self
            .reconcile(ReconcileQuery {
                month: month.to_string(),
                by: "service-code".into(),
                department: department.clone(),
            })
            .await?;
        let last_day = month.end().pred_opt().unwrap_or(month.end());
        let as_of = last_day.min(today);
        let forecast = self
            .forecast(ForecastQuery {
                department: department.clone(),
                service_code: String::new(),
                as_of: as_of.to_string(),
            })
            .await
            .ok();
        let dept_codes: BTreeSet<String> = self
            .list_service_codes(Default::default())
            .await?
            .into_iter()
            .filter(|c| c.department.eq_ignore_ascii_case(&department))
            .map(|c| c.code)
            .collect();
        let value_as_of = month.end().min(today);
        let mut value = Vec::new();
        for h in self.list_hypotheses().await? {
            if dept_codes.contains(&h.service_code) {
                value.push(
                    self.value_report(h.id, "provider", &value_as_of.to_string())
                        .await?,
                );
            }
        }

        // Which lines, in which role.
        let (_, mut ledger, _) = self.month_ledger(&month.to_string()).await?;
        let mut disputes_of: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
        let mut variance_codes: BTreeMap<String, Vec<i64>> = BTreeMap::new();
        for r in &pending {
            for l in &r.dispute.line_ids {
                disputes_of.entry(*l).or_default().push(r.dispute.id);
            }
            if r.dispute.line_ids.is_empty()
                && let Some(code) = &r.dispute.service_code
            {
                variance_codes
                    .entry(code.clone())
                    .or_default()
                    .push(r.dispute.id);
            }
        }
        let mut role_of: Vec<Option<&str>> = vec![None; ledger.lines.len()];
        let mut codes: BTreeSet<String> = variance_codes.keys().cloned().collect();
        for (i, role) in role_of.iter_mut().enumerate() {
            let line = &ledger.lines[i];
            if !ledger
                .department_of(line)
                .is_some_and(|d| d.eq_ignore_ascii_case(&department))
            {
                continue;
            }
            let finance = line.source_kind == "showback";
            *role = match kind {
                PackKind::Approval => Some(if finance { "finance" } else { "provider" }),
                PackKind::Dispute if finance => {
                    let named = disputes_of.contains_key(&line.id)
                        || line
                            .service_code
                            .as_ref()
                            .is_some_and(|c| variance_codes.contains_key(c));
                    if named && let Some(c) = &line.service_code {
                        codes.insert(c.clone());
                    }
                    named.then_some("disputed")
                }
                PackKind::Dispute => None,
            };
        }
        if kind == PackKind::Dispute {
            for (i, role) in role_of.iter_mut().enumerate() {
                let line = &ledger.lines[i];
                if role.is_none()
                    && line.source_kind != "showback"
                    && line
                        .service_code
                        .as_ref()
                        .is_some_and(|c| codes.contains(c))
                    && ledger
                        .department_of(line)
                        .is_some_and(|d| d.eq_ignore_ascii_case(&department))
                {
                    *role = Some("evidence");
                }
            }
        }
        let chosen = role_of.iter().flatten().count();
        let mut rows = Vec::with_capacity(chosen);
        let mut line_ids = Vec::with_capacity(chosen);
        for (i, role) in role_of.iter().enumerate() {
            let Some(role) = role else { continue };
            let amount_base = ledger.amount(i);
            let fx_rate = ledger.rate(i);
            let department = ledger.department_of(&ledger.lines[i]).map(str::to_string);
            // The line is read for the last time: its text moves into the row.
            let l = std::mem::take(&mut ledger.lines[i]);
            let mut disputes = disputes_of.get(&l.id).cloned().unwrap_or_default();
            if l.source_kind == "showback"
                && let Some(ids) = l.service_code.as_ref().and_then(|c| variance_codes.get(c))
            {
                disputes.extend(ids);
            }
            disputes.sort_unstable();
            disputes.dedup();
            line_ids.push(l.id);
            rows.push(LedgerRow {
                line_id: l.id,
                role: role.to_string(),
                disputes,
                source_kind: l.source_kind,
                period_start: l.period_start,
                period_end: l.period_end,
                provider: l.provider,
                model: l.model,
                line_item: l.line_item,
                api_key: l.api_key_name.or(l.api_key_id),
                service_code: l.service_code,
                department,
                requests: l.requests,
                input_tokens: l.input_tokens,
                output_tokens: l.output_tokens,
                amount: l
                    .amount_nanos
                    .map(crate::money::from_nanos)
                    .map(|d| d.normalize()),
                currency: l.currency,
                fx_rate: fx_rate.map(|r| r.normalize()),
                amount_base: amount_base.map(|a| a.normalize()),
                cost_basis: l.cost_basis,
                charge_category: l.charge_category,
                import_batch: l.batch_id,
                source_file: l.file_name,
                source_sha256: l.sha256,
                sheet: l.sheet,
                row: l.row_number,
                attribution_rule: l.rule_id,
            });
        }
        let mut warnings = ledger.unconverted_warnings();
        drop(ledger);
        let unpriced = rows.iter().filter(|r| r.amount.is_none()).count();
        if unpriced > 0 {
            warnings.push(format!(
                "{unpriced} line(s) have no price yet and carry no amount"
            ));
        }

        // Sources.
        let mut per_batch: BTreeMap<i64, u64> = BTreeMap::new();
        for r in &rows {
            *per_batch.entry(r.import_batch).or_default() += 1;
        }
        let mut sources = Vec::new();
        {
            let mut conn = self.store.reader().await?;
            for (batch, lines) in per_batch {
                if let Some(b) = store::imports::batch(&mut conn, batch).await? {
                    sources.push(SourceFile {
                        import_batch: b.id,
                        file_name: b.file_name,
                        sha256: b.sha256,
                        format: b.format,
                        imported_at: b.imported_at,
                        lines,
                    });
                }
            }
        }

        // Disputes and their evidence, or the approval.
        let mut evidence = Vec::new();
        let base_of = |ids: &dyn Fn(&LedgerRow) -> bool| -> Decimal {
            rows.iter()
                .filter(|r| ids(r))
                .filter_map(|r| r.amount_base)
                .sum::<Decimal>()
                .normalize()
        };
        if kind == PackKind::Dispute {
            for r in &pending {
                let d = &r.dispute;
                let detail = self.dispute_detail(d.id).await?;
                let disputed = base_of(&|row: &LedgerRow| {
                    row.role == "disputed" && row.disputes.contains(&d.id)
                });
                evidence.push(DisputeEvidence {
                    entry: DisputeEntry {
                        id: d.id,
                        reason: d.reason.as_str().to_string(),
                        reason_label: d.reason.label().to_string(),
                        explanation: d.explanation.clone(),
                        service_code: d.service_code.clone(),
                        line_ids: if d.line_ids.is_empty() {
                            detail.lines.iter().map(|l| l.id).collect()
                        } else {
                            d.line_ids.clone()
                        },
                        disputed_amount: disputed,
                        requested_adjustment: d.requested_adjustment,
                    },
                    rules: detail
                        .rules
                        .into_iter()
                        .map(|u| (u.rule, u.lines))
                        .collect(),
                    split: detail.split,
                });
            }
        }
        let approval_entry = match (kind, &approval) {
            (PackKind::Approval, Some(a)) => Some(ApprovalEntry {
                statement: a.statement.clone(),
                approved_amount: base_of(&|row: &LedgerRow| row.role == "finance"),
                open_disputes: pending.iter().map(|r| r.dispute.id).collect(),
            }),
            _ => None,
        };

        let totals = PackTotals::of(&rows);
        let currency = settings.base_currency;
        let manifest = PackManifest {
            format: crate::pack::FORMAT.to_string(),
            kind,
            pack_id: String::new(),
            sequence: 0,
            supersedes: None,
            period: month.to_string(),
            department: department.clone(),
            currency: currency.code().to_string(),
            rounding_rule: settings.rounding_rule.as_str().to_string(),
            minor_unit_places: currency.minor_units(),
            headline: crate::pack::Headline::of(kind, &totals, settings.rounding_rule, currency),
            totals,
            by_service_code: reconciliation
                .rows
                .iter()
                .map(|r| CodeSummary {
                    service_code: r.key.clone(),
                    finance: r.showback,
                    provider: r.provider,
                    variance: r.variance,
                    within_tolerance: r.within_tolerance,
                })
                .collect(),
            forecast: forecast.as_ref().map(|f| ForecastSummary {
                as_of: f.as_of.to_string(),
                actual: f.month.actual_to_date,
                forecast: f.month.forecast,
                budget: f.month.budget,
                status: f.month.status.label().to_string(),
            }),
            value: value
                .iter()
                .map(|v| ValueSummary {
                    id: v.hypothesis.id,
                    service_code: v.hypothesis.service_code.clone(),
                    statement: v.hypothesis.statement.clone(),
                    verdict: format!("{}: {}", v.verdict.kind.label(), v.verdict.reason),
                })
                .collect(),
            disputes: evidence.iter().map(|e| e.entry.clone()).collect(),
            approval: approval_entry,
            sources,
            app_name: "Runrate".into(),
            app_version: env!("CARGO_PKG_VERSION").into(),
            schema_version: self
                .store
                .applied_migrations()
                .await?
                .last()
                .cloned()
                .unwrap_or_default(),
            signer,
            created_at: String::new(),
            warnings,
        };
        let content = PackContent {
            manifest,
            rows,
            reconciliation,
            forecast,
            value,
            disputes: evidence,
            rounding: settings.rounding_rule,
        };
        Ok((content, department_id, line_ids, approval_id))
    }

    /// Exports a signed pack to `out`. `progress` hears how far it has got;
    /// when `cancel` is set before the zip is written, the export stops and
    /// nothing is written or recorded.
    pub async fn export_pack(
        &self,
        request: &PackRequest,
        out: &Path,
        progress: &(dyn Fn(PackProgress) + Send + Sync),
        cancel: &Cancel,
    ) -> Result<PackExported> {
        let task = "The pack export";
        let report = |fraction: f32, stage: &str| {
            progress(PackProgress {
                fraction,
                stage: stage.to_string(),
            })
        };
        let kind = PackKind::parse(&request.kind).ok_or_else(|| {
            Error::invalid(format!(
                "'{}' is not a kind of pack; use dispute or approval",
                request.kind.trim()
            ))
        })?;
        let month = self.resolve_month(&request.month).await?;
        let (department_id, department) = self.resolve_department_id(&request.department).await?;
        let settings = self.settings().await?;
        let (name, role) = match kind {
            PackKind::Approval => {
                let mut conn = self.store.reader().await?;
                match store::packs::latest_approval(&mut conn, department_id, &month.to_string())
                    .await?
                {
                    Some(a) => (a.signer_name, a.signer_role),
                    None => (String::new(), String::new()),
                }
            }
            PackKind::Dispute => (
                settings.owner_name.trim().to_string(),
                settings.owner_role.trim().to_string(),
            ),
        };
        if kind == PackKind::Dispute && (name.is_empty() || role.is_empty()) {
            return Err(Error::invalid(
                "Set your name and role in Settings before signing a pack; finance sees them on it",
            ));
        }
        report(0.02, "Opening the signing key");
        let (key, key_row) = self.signing_key(&request.passphrase).await?;
        let public = key.public();
        let signer = Signer {
            principal: principal_of(&name),
            name,
            role,
            fingerprint: public.fingerprint(),
            public_key: public.openssh(""),
        };
        cancel.check(task)?;
        report(0.05, "Gathering the month's lines");
        let (mut content, _, line_ids, approval_id) =
            self.pack_content(kind, &department, month, signer).await?;

        // Identity: the same content with the same key is the same pack.
        let mut digest = Sha256::new();
        digest.update(serde_json::to_vec(&content.manifest)?);
        report(0.1, "Writing the ledger");
        let ledger_csv = crate::pack::ledger::write_csv(&content.rows)?;
        digest.update(&ledger_csv);
        let content_digest = hex::encode(digest.finalize());
        let latest = store::packs::latest_pack(
            &mut *self.store.reader().await?,
            kind.as_str(),
            department_id,
            &month.to_string(),
        )
        .await?;
        let same = latest.as_ref().filter(|p| {
            p.content_digest == content_digest && p.key_fingerprint == key_row.fingerprint
        });
        let (pack_id, sequence, supersedes, created_at) = match same {
            Some(p) => (
                p.pack_id.clone(),
                p.sequence,
                p.supersedes.clone(),
                p.created_at.clone(),
            ),
            None => {
                let sequence = store::packs::next_sequence(
                    &mut *self.store.reader().await?,
                    &key_row.fingerprint,
                )
                .await?;
                let tag = hex::encode(
                    &Sha256::digest(format!(
                        "{}|{sequence}|{content_digest}",
                        key_row.fingerprint
                    ))[..6],
                );
                (
                    format!("RR-{month}-{sequence:04}-{tag}"),
                    sequence,
                    latest.as_ref().map(|p| p.pack_id.clone()),
                    self.now(),
                )
            }
        };
        let unchanged = same.is_some();
        cancel.check(task)?;
        content.manifest.pack_id = pack_id.clone();
        content.manifest.sequence = sequence;
        content.manifest.supersedes = supersedes.clone();
        content.manifest.created_at = created_at.clone();
        let created = chrono::DateTime::parse_from_rfc3339(&created_at)
            .map(|t| t.with_timezone(&chrono::Utc))
            .map_err(|_| store::corrupt("pack's creation time"))?;

        let files = crate::pack::render(&content, ledger_csv, &key, &|f, stage| {
            report(0.1 + f * 0.8, stage)
        })?;
        // Everything the lines say is in the files now.
        content.rows = Vec::new();
        cancel.check(task)?;
        report(0.92, "Writing the zip");
        let sha256 = write_zip(out, &files, created, cancel, task)?;
        let file_name = out
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_else(|| crate::pack::file_name(&content.manifest));

        report(0.96, "Recording the pack");
        let mut tx = self.store.begin().await?;
        if !unchanged {
            store::packs::insert_pack(
                &mut tx,
                department_id,
                &store::packs::PackRow {
                    pack_id: pack_id.clone(),
                    kind: kind.as_str().into(),
                    department: department.clone(),
                    month: month.to_string(),
                    key_fingerprint: key_row.fingerprint.clone(),
                    sequence,
                    supersedes: supersedes.clone(),
                    content_digest,
                    created_at: created_at.clone(),
                    signer_name: content.manifest.signer.name.clone(),
                    signer_role: content.manifest.signer.role.clone(),
                    file_name: file_name.clone(),
                    sha256: sha256.clone(),
                    line_count: content.manifest.totals.lines as i64,
                    totals_json: serde_json::to_string(&content.manifest.totals)?,
                    files_json: serde_json::to_string(
                        &files.iter().map(|f| &f.name).collect::<Vec<_>>(),
                    )?,
                },
            )
            .await?;
        }
        let now = self.now();
        for d in &content.manifest.disputes {
            let before = store::packs::dispute(&mut tx, d.id).await?;
            if let Some(before) = before.filter(|b| b.dispute.status == DisputeStatus::Open) {
                store::packs::set_dispute_status(&mut tx, d.id, DisputeStatus::Sent, &now).await?;
                self.record(
                    &mut tx,
                    "dispute.sent",
                    &format!("dispute:{}", d.id),
                    Some(&before.dispute),
                    Some(&serde_json::json!({ "status": "sent", "pack_id": &pack_id })),
                )
                .await?;
            }
        }
        if let Some(id) = approval_id {
            store::packs::sign_approval(&mut tx, id, &pack_id, &now, &line_ids).await?;
        }
        let exported = PackExported {
            pack_id: pack_id.clone(),
            path: out.display().to_string(),
            file_name,
            sha256,
            files: files.iter().map(|f| f.name.clone()).collect(),
            signer_fingerprint: key_row.fingerprint.clone(),
            sequence,
            supersedes,
            unchanged,
            lines: content.manifest.totals.lines,
            headline: content.manifest.headline.label.clone(),
            total: content.manifest.headline.rounded,
            currency: content.manifest.currency.clone(),
        };
        self.record(
            &mut tx,
            "pack.export",
            &format!("pack:{pack_id}"),
            None::<&()>,
            Some(&exported),
        )
        .await?;
        tx.commit().await?;
        report(1.0, "Done");
        Ok(exported)
    }

    /// Verifies a pack file. Trust comes from an `allowed_signers` file, a
    /// public key file, or this workspace's own keys.
    pub async fn verify_pack(
        &self,
        path: &Path,
        allowed_signers: Option<&Path>,
        trusted_key: Option<&Path>,
    ) -> Result<PackVerification> {
        let known = store::packs::keys(&mut *self.store.reader().await?)
            .await?
            .into_iter()
            .map(|k| k.fingerprint)
            .collect();
        verify_file(path, allowed_signers, trusted_key, known)
    }
}

/// Verifies a pack file with what the reader trusts (no database needed).
pub fn verify_file(
    path: &Path,
    allowed_signers: Option<&Path>,
    trusted_key: Option<&Path>,
    known_fingerprints: Vec<String>,
) -> Result<PackVerification> {
    let read_text = |p: &Path| {
        std::fs::read_to_string(p)
            .map_err(|e| Error::from(e).context(format!("Reading {}", p.display())))
    };
    let size = std::fs::metadata(path)
        .map_err(|e| Error::from(e).context(format!("Reading {}", path.display())))?
        .len();
    if size > crate::pack::verify::MAX_PACK_BYTES {
        return Err(Error::invalid(format!(
            "{} is {size} bytes; a pack is at most {} bytes",
            path.display(),
            crate::pack::verify::MAX_PACK_BYTES
        )));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| Error::from(e).context(format!("Reading {}", path.display())))?;
    let trust = Trust {
        allowed_signers: allowed_signers.map(read_text).transpose()?,
        trusted_key: trusted_key.map(read_text).transpose()?,
        known_fingerprints,
    };
    Ok(crate::pack::verify::verify_bytes(&bytes, &trust))
}

/// Zips the pack's files straight into a temporary file beside `path`,
/// syncs it and renames it into place, and returns the zip's SHA-256. When
/// `cancel` is set before the rename, the temporary file is removed and
/// nothing is written.
fn write_zip(
    path: &Path,
    files: &[crate::pack::PackFile],
    created: chrono::DateTime<chrono::Utc>,
    cancel: &Cancel,
    task: &str,
) -> Result<String> {
    use std::io::Seek;
    let writing = |e: std::io::Error| Error::from(e).context(format!("Writing {}", path.display()));
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let temp = tempfile::NamedTempFile::new_in(dir).map_err(writing)?;
    let buffered = std::io::BufWriter::new(temp);
    let mut temp = crate::pack::zip_into(files, created, buffered)?
        .into_inner()
        .map_err(|e| writing(e.into_error()))?;
    temp.as_file().sync_all().map_err(writing)?;
    temp.rewind().map_err(writing)?;
    let mut digest = Sha256::new();
    std::io::copy(&mut temp, &mut digest).map_err(writing)?;
    // The last moment to stop: after this the file exists.
    cancel.check(task)?;
    temp.persist(path).map_err(|e| writing(e.error))?;
    Ok(hex::encode(digest.finalize()))
}
