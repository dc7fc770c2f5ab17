//! `runrate dispute|approve|pack|packs|verify|key`: disputes, approvals,
//! signed packs and the signing key.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use runrate::Engine;
use runrate::api::disputes::{ApprovalInput, DisputeDetail, DisputeInput};
use runrate::api::packs::{PackRequest, SigningKeyInfo};
use runrate::api::splits::SplitQuery;
use runrate::error::{Error, Result};
use runrate::model::dispute::{Approval, Dispute};
use runrate::money::RoundingRule;
use runrate::pack::verify::PackVerification;

use crate::output::{Output, money, table};

/// `runrate dispute …`
#[derive(Debug, Subcommand)]
pub enum DisputeCommand {
    /// Dispute finance lines (by id, see `runrate reconcile --lines`) or a
    /// service code's reconciliation variance.
    Add(Box<DisputeArgs>),
    /// List disputes.
    List {
        /// Only this department.
        #[arg(long)]
        department: Option<String>,
        /// Only this month.
        #[arg(long)]
        month: Option<String>,
    },
    /// A dispute with its lines and evidence.
    Show {
        /// The dispute number.
        id: i64,
    },
    /// Withdraw a dispute.
    Withdraw {
        /// The dispute number.
        id: i64,
    },
    /// Record finance's answer to a sent dispute: accepted or rejected.
    Answer {
        /// The dispute number.
        id: i64,
        /// accepted or rejected.
        answer: String,
    },
}

/// What `dispute add` takes.
#[derive(Debug, Args)]
pub struct DisputeArgs {
    /// The department.
    #[arg(long)]
    department: String,
    /// The month (2026-10).
    #[arg(long)]
    month: String,
    /// A finance line disputed (repeat for several).
    #[arg(long = "line")]
    lines: Vec<i64>,
    /// Dispute this service code's variance instead of naming lines.
    #[arg(long)]
    service_code: Option<String>,
    /// wrong-service-code, not-our-usage, duplicate, price-or-fx-error,
    /// shared-cost-share or other.
    #[arg(long)]
    reason: String,
    /// What is wrong.
    #[arg(long)]
    explanation: String,
    /// The adjustment asked for (negative = a credit); default: a credit of
    /// the whole disputed amount.
    #[arg(long, allow_hyphen_values = true)]
    adjustment: Option<String>,
    /// Offer a split of a shared cost as evidence: its basis (tokens,
    /// requests, cost, fixed, even, direct).
    #[arg(long)]
    split_basis: Option<String>,
    /// …the finance line that is the shared pool.
    #[arg(long)]
    split_line: Option<String>,
    /// …the codes to split between (comma-separated).
    #[arg(long)]
    split_codes: Option<String>,
    /// …for fixed: code=percent pairs.
    #[arg(long)]
    split_percentages: Option<String>,
}

/// What `approve` takes.
#[derive(Debug, Args)]
pub struct ApproveArgs {
    /// The department.
    #[arg(long)]
    department: String,
    /// The month.
    #[arg(long)]
    month: String,
    /// Who signs (default: your name from Settings).
    #[arg(long)]
    name: Option<String>,
    /// Their role (default: your role from Settings).
    #[arg(long)]
    role: Option<String>,
    /// The statement signed (default: the standard approval statement).
    #[arg(long)]
    statement: Option<String>,
    /// Reopen the signed approval instead (its lines thaw; sign a superseding
    /// pack afterwards).
    #[arg(long)]
    reopen: bool,
    /// With --reopen: why.
    #[arg(long)]
    reason: Option<String>,
}

/// What `pack` takes.
#[derive(Debug, Args)]
pub struct PackArgs {
    /// dispute or approval.
    #[arg(long)]
    kind: String,
    /// The department.
    #[arg(long)]
    department: String,
    /// The month.
    #[arg(long)]
    month: String,
    /// The zip to write.
    #[arg(long)]
    out: PathBuf,
    /// A file holding the signing key's passphrase (when the key is kept in a
    /// file); else RUNRATE_KEY_PASSPHRASE.
    #[arg(long)]
    passphrase_file: Option<PathBuf>,
}

/// What `verify` takes.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The pack.
    pack: PathBuf,
    /// An allowed_signers file naming the keys you trust.
    #[arg(long)]
    allowed_signers: Option<PathBuf>,
    /// A public key you trust (OpenSSH or PEM).
    #[arg(long)]
    trusted_key: Option<PathBuf>,
}

/// `runrate key …`
#[derive(Debug, Subcommand)]
pub enum KeyCommand {
    /// The signing key's fingerprint and public key, to register with finance.
    Show,
    /// Make the signing key now (it is otherwise made at first signing).
    Create {
        /// A file holding the passphrase, when no keychain is available.
        #[arg(long)]
        passphrase_file: Option<PathBuf>,
    },
    /// Write the public key (OpenSSH; PEM when the file ends .pem).
    ExportPublic {
        /// The file to write.
        file: PathBuf,
    },
    /// Replace the key with a new one (register the new fingerprint with finance).
    Rotate {
        /// A file holding the new key's passphrase, when no keychain is available.
        #[arg(long)]
        passphrase_file: Option<PathBuf>,
    },
}

fn passphrase(file: &Option<PathBuf>) -> Result<String> {
    match file {
        Some(p) => Ok(std::fs::read_to_string(p)
            .map_err(|e| Error::from(e).context(format!("Reading {}", p.display())))?
            .trim_end_matches(['\n', '\r'])
            .to_string()),
        None => Ok(std::env::var("RUNRATE_KEY_PASSPHRASE").unwrap_or_default()),
    }
}

fn dispute_row(d: &Dispute, rule: RoundingRule) -> Vec<String> {
    vec![
        d.id.to_string(),
        d.department.clone(),
        d.month.clone(),
        d.reason.label().to_string(),
        d.service_code
            .clone()
            .unwrap_or_else(|| format!("{} line(s)", d.line_ids.len())),
        money(Some(d.requested_adjustment), d.currency, rule),
        d.status.as_str().to_string(),
    ]
}

fn disputes_table(list: &[Dispute], rule: RoundingRule) -> String {
    if list.is_empty() {
        return "No disputes.".into();
    }
    table(
        &[
            "#",
            "Department",
            "Month",
            "Reason",
            "About",
            "Adjustment asked",
            "Status",
        ],
        list.iter().map(|d| dispute_row(d, rule)).collect(),
        &[0, 5],
    )
}

fn dispute_detail(d: &DisputeDetail, rule: RoundingRule) -> String {
    let c = d.dispute.currency;
    let mut out = vec![
        format!(
            "Dispute {} — {} {} — {} ({})",
            d.dispute.id,
            d.dispute.department,
            d.dispute.month,
            d.reason_label,
            d.dispute.status.as_str()
        ),
        format!("  {}", d.dispute.explanation),
        format!(
            "  Disputed {}; adjustment asked {}",
            money(Some(d.disputed_total), c, rule),
            money(Some(d.dispute.requested_adjustment), c, rule)
        ),
        String::new(),
        format!("Finance lines ({}):", d.lines.len()),
    ];
    let line_rows = |lines: &[runrate::api::reconcile::DrillLine]| {
        lines
            .iter()
            .map(|l| {
                vec![
                    l.id.to_string(),
                    l.period_start.clone(),
                    l.service_code.clone().unwrap_or_else(|| "—".into()),
                    l.line_item
                        .clone()
                        .or_else(|| l.model.clone())
                        .unwrap_or_default(),
                    money(l.converted, c, rule),
                    format!("{} {}:{}", l.file_name, l.sheet, l.row),
                ]
            })
            .collect::<Vec<_>>()
    };
    let headers = ["Line", "Day", "Code", "Item", "Amount", "Source"];
    out.push(table(&headers, line_rows(&d.lines), &[0, 4]));
    out.push(String::new());
    out.push(format!(
        "Provider evidence ({} lines, {}):",
        d.provider_lines.len(),
        money(Some(d.provider_total), c, rule)
    ));
    if d.provider_lines.len() <= 40 {
        out.push(table(&headers, line_rows(&d.provider_lines), &[0, 4]));
    }
    if !d.rules.is_empty() {
        out.push(String::new());
        out.push("Attribution rules that placed them:".into());
        for u in &d.rules {
            out.push(format!(
                "  rule {}: {} '{}' → {} ({} lines)",
                u.rule.id,
                u.rule.kind.label(),
                u.rule.pattern,
                u.rule.service_code,
                u.lines
            ));
        }
    }
    for r in &d.reconciliation {
        out.push(format!(
            "Reconciliation {}: finance {}, provider {}, variance {}{}",
            r.key,
            money(Some(r.showback), c, rule),
            money(Some(r.provider), c, rule),
            money(Some(r.variance), c, rule),
            if r.within_tolerance {
                " (within tolerance)"
            } else {
                " (beyond tolerance)"
            }
        ));
    }
    if let Some(s) = &d.split {
        out.push(format!("Split offered ({}):", s.basis_label));
        for p in &s.parts {
            out.push(format!(
                "  {}: {}%, {}",
                p.key,
                p.share_percent,
                money(Some(p.amount), s.currency, rule)
            ));
        }
    }
    out.join("\n")
}

fn approval_text(a: &Approval) -> String {
    format!(
        "Approval {} — {} {} — {} ({}), {}\n  \"{}\"{}",
        a.id,
        a.department,
        a.month,
        a.signer_name,
        a.signer_role,
        a.status.as_str(),
        a.statement,
        match a.status {
            runrate::model::dispute::ApprovalStatus::Recorded =>
                "\n  Sign it with: runrate pack --kind approval …".to_string(),
            _ => a
                .pack_id
                .as_deref()
                .map(|p| format!("\n  Pack {p}"))
                .unwrap_or_default(),
        }
    )
}

fn key_text(k: &SigningKeyInfo) -> String {
    let mut out = vec![
        format!("Fingerprint  {}", k.fingerprint),
        format!(
            "Kept in      {}",
            match (&k.store, &k.file) {
                (runrate::keystore::KeyStoreKind::File, Some(file)) => {
                    format!("a passphrase-protected key file, {file}")
                }
                (runrate::keystore::KeyStoreKind::File, None) => {
                    "a passphrase-protected key file".to_string()
                }
                (runrate::keystore::KeyStoreKind::Keychain, _) => "the system keychain".to_string(),
            }
        ),
        format!("Created      {}", k.created_at),
        format!("Principal    {}", k.principal),
        String::new(),
        "Give finance this allowed_signers line:".into(),
        format!("  {}", k.allowed_signers.trim_end()),
    ];
    for r in &k.retired {
        out.push(format!("Retired key {} at {}", r.fingerprint, r.retired_at));
    }
    out.join("\n")
}

/// Prints a verification; the exit code says valid-and-trusted (0) or not (1).
pub fn verification(v: &PackVerification, out: &Output) -> u8 {
    out.print(v, || {
        let mut lines = vec![v.verdict.clone()];
        if let Some(m) = &v.manifest {
            lines.push(format!(
                "  {} pack {} (sequence {}{}) — {} {}, {} lines, {} {} {}",
                m.kind.as_str(),
                m.pack_id,
                m.sequence,
                m.supersedes
                    .as_deref()
                    .map(|s| format!(", supersedes {s}"))
                    .unwrap_or_default(),
                m.department,
                m.period,
                m.totals.lines,
                m.headline.label.to_lowercase(),
                m.headline.rounded,
                m.currency
            ));
            lines.push(format!(
                "  signed by {} ({}) at {}",
                m.signer.name, m.signer.role, m.created_at
            ));
        }
        for p in v.problems.iter().skip(usize::from(!v.valid)) {
            lines.push(format!("  ✗ {p}"));
        }
        lines.join("\n")
    });
    u8::from(!(v.valid && v.trusted))
}

/// `runrate dispute …`
pub async fn dispute(engine: &Engine, cmd: DisputeCommand, out: &Output) -> Result<u8> {
    let rule = engine.settings().await?.rounding_rule;
    match cmd {
        DisputeCommand::Add(a) => {
            let a = *a;
            let split = a.split_basis.map(|basis| SplitQuery {
                month: a.month.clone(),
                basis,
                line_id: a.split_line.unwrap_or_default(),
                codes: a.split_codes.unwrap_or_default(),
                percentages: a.split_percentages.unwrap_or_default(),
                ..Default::default()
            });
            let d = engine
                .add_dispute(DisputeInput {
                    department: a.department,
                    month: a.month,
                    line_ids: a.lines,
                    service_code: a.service_code.unwrap_or_default(),
                    reason: a.reason,
                    explanation: a.explanation,
                    requested_adjustment: a.adjustment.unwrap_or_default(),
                    split,
                })
                .await?;
            out.print(&d, || dispute_detail(&d, rule));
        }
        DisputeCommand::List { department, month } => {
            let list = engine
                .list_disputes(&department.unwrap_or_default(), &month.unwrap_or_default())
                .await?;
            out.print(&list, || disputes_table(&list, rule));
        }
        DisputeCommand::Show { id } => {
            let d = engine.dispute_detail(id).await?;
            out.print(&d, || dispute_detail(&d, rule));
        }
        DisputeCommand::Withdraw { id } => {
            let d = engine.withdraw_dispute(id).await?;
            out.print(&d, || format!("Dispute {} withdrawn.", d.id));
        }
        DisputeCommand::Answer { id, answer } => {
            let d = engine.set_dispute_status(id, &answer).await?;
            out.print(&d, || {
                format!("Dispute {} is now {}.", d.id, d.status.as_str())
            });
        }
    }
    Ok(0)
}

/// `runrate approve …`
pub async fn approve(engine: &Engine, a: ApproveArgs, out: &Output) -> Result<u8> {
    let approval = if a.reopen {
        engine
            .reopen_approval(&a.department, &a.month, &a.reason.unwrap_or_default())
            .await?
    } else {
        engine
            .approve(ApprovalInput {
                department: a.department,
                month: a.month,
                signer_name: a.name.unwrap_or_default(),
                signer_role: a.role.unwrap_or_default(),
                statement: a.statement.unwrap_or_default(),
            })
            .await?
    };
    out.print(&approval, || approval_text(&approval));
    Ok(0)
}

/// `runrate pack …`
pub async fn pack(engine: &Engine, a: PackArgs, out: &Output) -> Result<u8> {
    let request = PackRequest {
        kind: a.kind,
        department: a.department,
        month: a.month,
        passphrase: passphrase(&a.passphrase_file)?,
    };
    let show_progress = !out.json && std::io::IsTerminal::is_terminal(&std::io::stderr());
    let exported = engine
        .export_pack(
            &request,
            &a.out,
            &|p| {
                if show_progress {
                    eprint!("\r{:>3}% {:<40}", (p.fraction * 100.0).round(), p.stage);
                }
            },
            &crate::cancel_on_interrupt(),
        )
        .await?;
    if show_progress {
        eprintln!();
    }
    let json = serde_json::json!({
        "pack_id": exported.pack_id,
        "path": exported.path,
        "sha256": exported.sha256,
        "files": exported.files,
        "signer_fingerprint": exported.signer_fingerprint,
        "sequence": exported.sequence,
        "supersedes": exported.supersedes,
        "unchanged": exported.unchanged,
    });
    out.print(&json, || {
        format!(
            "{} {} — {} lines, {} {} {}\n  sequence {}{}{}\n  signed with {}\n  sha256 {}",
            if exported.unchanged {
                "Unchanged pack"
            } else {
                "Signed pack"
            },
            exported.path,
            exported.lines,
            exported.headline.to_lowercase(),
            exported.total,
            exported.currency,
            exported.sequence,
            exported
                .supersedes
                .as_deref()
                .map(|s| format!(", supersedes {s}"))
                .unwrap_or_default(),
            format_args!(", id {}", exported.pack_id),
            exported.signer_fingerprint,
            exported.sha256
        )
    });
    Ok(0)
}

/// `runrate packs`
pub async fn packs(engine: &Engine, out: &Output) -> Result<u8> {
    let list = engine.list_packs().await?;
    let base = engine.settings().await?.base_currency;
    out.print(&list, || {
        if list.is_empty() {
            return "No packs exported yet.".into();
        }
        table(
            &[
                "Pack",
                "Kind",
                "Department",
                "Month",
                "Seq",
                "Lines",
                "Total",
                "Signed by",
                "Created",
                "State",
            ],
            list.iter()
                .map(|p| {
                    vec![
                        p.pack_id.clone(),
                        p.kind.clone(),
                        p.department.clone(),
                        p.month.clone(),
                        p.sequence.to_string(),
                        p.lines.to_string(),
                        format!("{} {}", p.totals.amount_base.round_dp(2), base),
                        p.signer.clone(),
                        p.created_at.clone(),
                        if p.superseded {
                            "superseded"
                        } else {
                            "current"
                        }
                        .into(),
                    ]
                })
                .collect(),
            &[4, 5, 6],
        )
    });
    Ok(0)
}

/// `runrate verify …` (needs no database).
pub fn verify(a: VerifyArgs, out: &Output) -> Result<u8> {
    let v = runrate::api::packs::verify_file(
        &a.pack,
        a.allowed_signers.as_deref(),
        a.trusted_key.as_deref(),
        Vec::new(),
    )?;
    Ok(verification(&v, out))
}

/// `runrate key …`
pub async fn key(engine: &Engine, cmd: KeyCommand, out: &Output) -> Result<u8> {
    let info = match cmd {
        KeyCommand::Show => engine.signing_key_info().await?.ok_or_else(|| {
            Error::not_found(
                "There is no signing key yet; one is made when you first sign a pack (or with runrate key create)",
            )
        })?,
        KeyCommand::Create { passphrase_file } => {
            engine.create_signing_key(&passphrase(&passphrase_file)?).await?
        }
        KeyCommand::ExportPublic { file } => {
            let info = engine.export_public_key(&file).await?;
            if !out.json {
                eprintln!("Wrote {}", file.display());
            }
            info
        }
        KeyCommand::Rotate { passphrase_file } => {
            engine.rotate_signing_key(&passphrase(&passphrase_file)?).await?
        }
    };
    out.print(&info, || key_text(&info));
    Ok(0)
}
