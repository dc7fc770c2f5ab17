//! Printing results: JSON for programs, plain tables for people.
//!
//! Amounts in tables are rounded with the workspace's rounding rule (presentation
//! is where rounding happens); JSON carries every digit as a decimal string.

use runrate::api::AppInfo;
use runrate::api::codes::RegisterImport;
use runrate::api::settings::Settings;
use runrate::audit::{AuditEvent, ChainReport, LineChange, LineStanding};
use runrate::error::{Error, Severity};
use runrate::model::attribution::AttributionRule;
use runrate::model::department::{CostCentre, Department};
use runrate::model::service_code::ServiceCode;
use runrate::money::{Currency, RoundingRule};
use rust_decimal::Decimal;
use serde::Serialize;

/// How to print.
pub struct Output {
    /// JSON instead of tables.
    pub json: bool,
    /// Technical detail with errors.
    pub verbose: bool,
}

impl Output {
    /// Prints `value` as JSON, or the text `human` makes.
    pub fn print<T: Serialize>(&self, value: &T, human: impl FnOnce() -> String) {
        if self.json {
            match serde_json::to_string_pretty(value) {
                Ok(text) => println!("{text}"),
                Err(e) => eprintln!("error: the result could not be encoded as JSON ({e})"),
            }
        } else {
            let text = human();
            if !text.is_empty() {
                println!("{text}");
            }
        }
    }

    /// Prints an error: as `{"error": …}` on stdout with `--json`, else on stderr.
    pub fn error(&self, e: &Error) {
        if self.json {
            let value = serde_json::json!({ "error": e });
            println!(
                "{}",
                serde_json::to_string_pretty(&value).unwrap_or_default()
            );
            return;
        }
        eprintln!("error: {}", e.message);
        for field in &e.fields {
            let mark = match field.severity {
                Severity::Error => "  ✗",
                Severity::Warning => "  !",
            };
            eprintln!("{mark} {}: {}", field.field, field.message);
        }
        if let (true, Some(detail)) = (self.verbose, &e.detail) {
            eprintln!("  detail: {detail}");
        }
    }
}

pub(crate) fn table(headers: &[&str], rows: Vec<Vec<String>>, right: &[usize]) -> String {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in &rows {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(cell.chars().count());
        }
    }
    let line = |cells: Vec<String>| {
        cells
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let pad = widths[i] - c.chars().count();
                if right.contains(&i) {
                    format!("{}{c}", " ".repeat(pad))
                } else {
                    format!("{c}{}", " ".repeat(pad))
                }
            })
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_string()
    };
    let mut out = vec![line(headers.iter().map(|h| h.to_string()).collect())];
    out.extend(rows.into_iter().map(line));
    out.join("\n")
}

/// Writes a chart (SVG) to the file given with `--chart`, if any.
pub(crate) fn write_chart(
    path: &Option<std::path::PathBuf>,
    svg: &str,
) -> runrate::error::Result<()> {
    if let Some(path) = path {
        std::fs::write(path, svg).map_err(|e| {
            Error::invalid(format!(
                "The chart could not be written to '{}': {e}",
                path.display()
            ))
        })?;
    }
    Ok(())
}

pub(crate) fn money(amount: Option<Decimal>, currency: Currency, rule: RoundingRule) -> String {
    match amount {
        Some(a) => format!("{} {}", rule.round(a, currency), currency),
        None => "—".to_string(),
    }
}

fn opt(text: &Option<String>) -> String {
    text.clone().unwrap_or_else(|| "—".to_string())
}

pub fn codes_table(codes: &[ServiceCode], rule: RoundingRule) -> String {
    if codes.is_empty() {
        return "No service codes. Add one with `runrate codes add CODE --description … --department …`.".into();
    }
    let rows = codes
        .iter()
        .map(|c| {
            vec![
                c.code.clone(),
                c.department.clone(),
                c.stage.to_string(),
                c.environment.to_string(),
                opt(&c.business_owner),
                money(c.budget_cap, c.currency, rule),
                c.status.to_string(),
            ]
        })
        .collect();
    table(
        &[
            "CODE",
            "DEPARTMENT",
            "STAGE",
            "ENVIRONMENT",
            "OWNER",
            "MONTHLY CAP",
            "STATUS",
        ],
        rows,
        &[5],
    )
}

pub fn code_detail(c: &ServiceCode, rule: RoundingRule) -> String {
    let providers = if c.allowed_providers.is_empty() {
        "—".to_string()
    } else {
        c.allowed_providers
            .iter()
            .map(|p| p.label())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let rows = [
        ("Code", c.code.clone()),
        ("Description", c.description.clone()),
        ("Department", c.department.clone()),
        ("Business owner", opt(&c.business_owner)),
        ("Technical owner", opt(&c.technical_owner)),
        ("Cost centre", opt(&c.cost_centre)),
        ("Environment", c.environment.to_string()),
        ("Stage", c.stage.to_string()),
        ("Model tier", c.model_tier.to_string()),
        ("Allowed providers", providers),
        ("Data classification", c.data_classification.to_string()),
        ("Monthly budget cap", money(c.budget_cap, c.currency, rule)),
        (
            "Expected run rate",
            money(c.expected_run_rate, c.currency, rule),
        ),
        (
            "Forecast benefit",
            money(c.forecast_benefit, c.currency, rule),
        ),
        ("Retention rule", opt(&c.retention_rule)),
        ("Approval reference", opt(&c.approval_reference)),
        (
            "Review date",
            c.review_date
                .map(|d| d.to_string())
                .unwrap_or_else(|| "—".into()),
        ),
        ("Status", c.status.to_string()),
        ("Updated", c.updated_at.clone()),
    ];
    rows.iter()
        .map(|(k, v)| format!("{k:<20} {v}"))
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn register_import(s: &RegisterImport, dry_run: bool) -> String {
    let mut out = Vec::new();
    let verb = if dry_run {
        "Would import"
    } else if s.committed {
        "Imported"
    } else {
        "Did not import"
    };
    out.push(format!(
        "{verb} {} (sheet '{}'): {} rows read",
        s.file, s.sheet, s.rows_read
    ));
    let list = |label: &str, items: &[String]| {
        (!items.is_empty()).then(|| format!("  {label}: {}", items.join(", ")))
    };
    out.extend(list("created", &s.created));
    out.extend(list("updated", &s.updated));
    out.extend(list("unchanged", &s.unchanged));
    out.extend(list("status changed", &s.status_changed));
    out.extend(list("new departments", &s.departments_created));
    out.extend(list("new cost centres", &s.cost_centres_created));
    for w in &s.warnings {
        out.push(format!("  ! {}", w.message));
    }
    if !s.rejected.is_empty() {
        out.push(format!(
            "  {} rows rejected; nothing was saved:",
            s.rejected.len()
        ));
        for r in &s.rejected {
            out.push(format!("  ✗ {}", r.message));
        }
    }
    out.join("\n")
}

pub fn rules_table(rules: &[AttributionRule]) -> String {
    if rules.is_empty() {
        return "No attribution rules. Add one with `runrate map add api-key-id KEY CODE`.".into();
    }
    let rows = rules
        .iter()
        .map(|r| {
            vec![
                r.id.to_string(),
                r.kind.label().to_string(),
                r.pattern.clone(),
                r.provider
                    .map(|p| p.label().to_string())
                    .unwrap_or_else(|| "any".into()),
                r.service_code.clone(),
            ]
        })
        .collect();
    table(
        &["RULE", "KIND", "IDENTIFIER", "PROVIDER", "SERVICE CODE"],
        rows,
        &[0],
    )
}

pub fn departments_table(list: &[Department]) -> String {
    if list.is_empty() {
        return "No departments. Add one with `runrate departments add NAME`.".into();
    }
    let rows = list
        .iter()
        .map(|d| {
            vec![
                d.name.clone(),
                d.aliases.join(", "),
                d.cost_centres
                    .iter()
                    .map(|c| c.code.clone())
                    .collect::<Vec<_>>()
                    .join(", "),
                d.active_codes.to_string(),
            ]
        })
        .collect();
    table(
        &["DEPARTMENT", "ALIASES", "COST CENTRES", "ACTIVE CODES"],
        rows,
        &[3],
    )
}

pub fn cost_centres_table(list: &[CostCentre]) -> String {
    if list.is_empty() {
        return "No cost centres.".into();
    }
    let rows = list
        .iter()
        .map(|c| vec![c.code.clone(), c.name.clone(), opt(&c.department)])
        .collect();
    table(&["COST CENTRE", "NAME", "DEPARTMENT"], rows, &[])
}

pub fn settings(s: &Settings) -> String {
    [
        format!("base-currency            {}", s.base_currency),
        format!("fiscal-year-start-month  {}", s.fiscal_year_start_month),
        format!(
            "owner-name               {}",
            if s.owner_name.is_empty() {
                "—"
            } else {
                &s.owner_name
            }
        ),
        format!(
            "owner-role               {}",
            if s.owner_role.is_empty() {
                "—"
            } else {
                &s.owner_role
            }
        ),
        format!(
            "rounding-rule            {} ({})",
            s.rounding_rule.as_str(),
            s.rounding_rule.describe()
        ),
        format!(
            "tolerance-percent        {}% (reconciliation)",
            s.reconciliation_tolerance_percent
        ),
        format!(
            "tolerance-amount         {} {} (reconciliation; the larger of the two applies)",
            s.reconciliation_tolerance_amount, s.base_currency
        ),
    ]
    .join("\n")
}

pub fn chain_report(r: &ChainReport) -> String {
    match (r.valid, r.first_bad_seq) {
        (true, _) => format!(
            "Audit log intact: {} events verified; head {}\n\
             Line history consistent: {} changes to imported lines, each made by an audited call",
            r.events,
            r.head.as_deref().unwrap_or("(empty)"),
            r.line_changes
        ),
        (false, Some(seq)) => format!(
            "Audit log BROKEN at event {seq}: {} ({} events verified before it)",
            r.problem.as_deref().unwrap_or("unknown problem"),
            r.events
        ),
        (false, None) => format!(
            "Audit log intact ({} events), but the line history is NOT: {}",
            r.events,
            r.problem.as_deref().unwrap_or("unknown problem")
        ),
    }
}

pub fn line_history(id: i64, changes: &[LineChange]) -> String {
    if changes.is_empty() {
        return format!("Line {id} stands as it was imported: nothing about it has changed.");
    }
    let describe = |s: &LineStanding| {
        let code = s.service_code.as_deref().unwrap_or("unattributed");
        let amount = match (&s.amount, &s.currency) {
            (Some(a), Some(c)) => format!("{a} {c}"),
            _ => "no amount".into(),
        };
        let live = match (s.live, s.replaced_by) {
            (true, _) => "live".to_string(),
            (false, Some(by)) => format!("replaced by import #{by}"),
            (false, None) => "withdrawn".to_string(),
        };
        format!("{code}, {amount} ({}), {live}", s.cost_basis)
    };
    let rows = changes
        .iter()
        .map(|c| {
            vec![
                c.at.clone().unwrap_or_default(),
                c.action.clone().unwrap_or_else(|| "(not audited)".into()),
                c.actor.clone().unwrap_or_default(),
                describe(&c.before),
                describe(&c.after),
            ]
        })
        .collect::<Vec<_>>();
    table(&["at", "by call", "actor", "before", "after"], rows, &[])
}

pub fn audit_table(events: &[AuditEvent]) -> String {
    if events.is_empty() {
        return "No audit events.".into();
    }
    let rows = events
        .iter()
        .map(|e| {
            vec![
                e.seq.to_string(),
                e.at.clone(),
                e.actor.clone(),
                e.action.clone(),
                e.subject.clone(),
            ]
        })
        .collect();
    table(&["SEQ", "WHEN", "WHO", "ACTION", "SUBJECT"], rows, &[0])
}

pub fn info(i: &AppInfo) -> String {
    format!(
        "Runrate {}\nDatabase: {}\nSchema: {} migrations applied",
        i.version,
        i.database_path,
        i.migrations.len()
    )
}

fn skipped_text(skipped: &std::collections::BTreeMap<String, u64>) -> String {
    if skipped.is_empty() {
        return "none".to_string();
    }
    skipped
        .iter()
        .map(|(reason, n)| format!("{n} {reason}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn totals_text(totals: &[runrate::api::imports::CurrencyTotal]) -> String {
    if totals.is_empty() {
        return "—".to_string();
    }
    totals
        .iter()
        .map(|t| format!("{} {}", t.amount, t.currency))
        .collect::<Vec<_>>()
        .join(", ")
}

fn issue_lines(issues: &[runrate::import::ImportIssue]) -> String {
    let mut text = String::new();
    for issue in issues.iter().take(50) {
        let mark = match issue.severity {
            runrate::import::IssueSeverity::Error => "✗",
            runrate::import::IssueSeverity::Warning => "!",
            runrate::import::IssueSeverity::Info => "·",
        };
        text.push_str(&format!("\n  {mark} {}", issue.message));
    }
    if issues.len() > 50 {
        text.push_str(&format!(
            "\n  … and {} more (use --json for all)",
            issues.len() - 50
        ));
    }
    text
}

/// What an import did, for people.
pub fn import_summary(s: &runrate::api::imports::ImportSummary, dry_run: bool) -> String {
    let verb = match (s.committed, dry_run, s.import_id) {
        (true, _, Some(id)) => format!("Imported {} as import #{id}", s.file),
        (false, true, _) => format!("Would import {}", s.file),
        (false, false, Some(id)) => format!("{} is already import #{id}", s.file),
        _ if s.rows_rejected > 0 => format!(
            "Nothing imported from {}: rows were rejected (fix them, or use --keep-valid-rows)",
            s.file
        ),
        _ => format!("Nothing new in {}", s.file),
    };
    format!(
        "{verb}\n  format: {}\n  rows read: {} = {} lines + {} skipped ({}) + {} rejected\n  duplicates of earlier imports: {}, conflicts with earlier imports: {} ({} replaced)\n  unpriced: {}, unattributed: {}\n  totals: {}{}",
        if s.format.is_empty() {
            "—"
        } else {
            &s.format
        },
        s.rows_read,
        s.lines_imported,
        s.rows_skipped.values().sum::<u64>(),
        skipped_text(&s.rows_skipped),
        s.rows_rejected,
        s.duplicates,
        s.conflicts,
        s.replaced,
        s.unpriced,
        s.unattributed,
        totals_text(&s.totals),
        issue_lines(&s.issues),
    )
}

/// Earlier imports as a table.
pub fn imports_table(list: &[runrate::api::imports::ImportRecord]) -> String {
    if list.is_empty() {
        return "No imports yet".to_string();
    }
    let rows = list
        .iter()
        .map(|r| {
            vec![
                r.import_id.to_string(),
                r.imported_at.clone(),
                r.file.clone(),
                r.format.clone(),
                r.lines_imported.to_string(),
                totals_text(&r.totals),
                if r.undone_at.is_some() {
                    "undone".to_string()
                } else {
                    "live".to_string()
                },
            ]
        })
        .collect();
    table(
        &["ID", "WHEN", "FILE", "FORMAT", "LINES", "TOTALS", "STATE"],
        rows,
        &[0, 4],
    )
}

/// A backup just saved, for people.
pub fn backup_saved(b: &runrate::api::backups::BackupInfo) -> String {
    format!(
        "Saved a checked backup ({} spend lines, {} bytes) at {}",
        b.spend_lines.unwrap_or(0),
        b.bytes,
        b.path
    )
}

/// The automatic backups, for people.
pub fn backups_table(list: &[runrate::api::backups::BackupInfo]) -> String {
    if list.is_empty() {
        return "No automatic backups yet".to_string();
    }
    let rows = list
        .iter()
        .map(|b| {
            vec![
                b.created_at.clone().unwrap_or_default(),
                b.reason.clone(),
                b.bytes.to_string(),
                b.path.clone(),
            ]
        })
        .collect();
    table(&["WHEN", "WHY", "BYTES", "FILE"], rows, &[2])
}

/// One earlier import, for people.
pub fn import_record(r: &runrate::api::imports::ImportRecord) -> String {
    format!(
        "Import #{} — {}\n  file: {} ({} bytes)\n  sha256: {}\n  format: {} ({})\n  imported: {} by {}\n  rows read: {} = {} lines + {} skipped ({}) + {} rejected\n  duplicates: {}\n  totals: {}{}{}",
        r.import_id,
        if r.undone_at.is_some() {
            "undone"
        } else {
            "live"
        },
        r.file,
        r.size,
        r.sha256,
        r.format,
        r.source_kind,
        r.imported_at,
        r.imported_by,
        r.rows_read,
        r.lines_imported,
        r.rows_skipped.values().sum::<u64>(),
        skipped_text(&r.rows_skipped),
        r.rows_rejected,
        r.duplicates,
        totals_text(&r.totals),
        r.undone_at
            .as_ref()
            .map(|u| format!("\n  undone: {u}"))
            .unwrap_or_default(),
        issue_lines(&r.issues),
    )
}

/// Saved mappings as a table.
pub fn mappings_table(list: &[runrate::import::Mapping]) -> String {
    if list.is_empty() {
        return "No saved mappings".to_string();
    }
    let rows = list
        .iter()
        .map(|m| {
            vec![
                m.name.clone(),
                m.source.id().to_string(),
                m.columns
                    .iter()
                    .map(|(f, h)| format!("{}←{h}", f.id()))
                    .collect::<Vec<_>>()
                    .join(", "),
            ]
        })
        .collect();
    table(&["NAME", "SOURCE", "COLUMNS"], rows, &[])
}

/// The price book as a table.
pub fn prices_table(list: &[runrate::model::price::PriceEntry]) -> String {
    if list.is_empty() {
        return "The price book is empty".to_string();
    }
    let opt = |d: &Option<Decimal>| d.map(|d| d.to_string()).unwrap_or_else(|| "—".into());
    let rows = list
        .iter()
        .map(|p| {
            vec![
                p.id.to_string(),
                p.provider.id().to_string(),
                p.model.clone(),
                p.tier.clone(),
                p.effective_from.to_string(),
                format!("{} {}", p.input, p.currency.code()),
                opt(&p.cached_input),
                opt(&p.cache_write),
                p.output.to_string(),
            ]
        })
        .collect();
    table(
        &[
            "ID", "PROVIDER", "MODEL", "TIER", "FROM", "INPUT/M", "CACHED/M", "WRITE/M", "OUTPUT/M",
        ],
        rows,
        &[0, 5, 6, 7, 8],
    )
}

/// FX rates as a table.
pub fn fx_table(list: &[runrate::model::fx::FxRate]) -> String {
    if list.is_empty() {
        return "No FX rates yet".to_string();
    }
    let rows = list
        .iter()
        .map(|r| {
            vec![
                r.month.clone(),
                format!("{}→{}", r.from.code(), r.to.code()),
                r.rate.to_string(),
                r.source.clone(),
            ]
        })
        .collect();
    table(&["MONTH", "PAIR", "RATE", "SOURCE"], rows, &[2])
}

/// A spend report for people: amounts rounded by the workspace's rule.
pub fn spend_report(r: &runrate::model::spend::SpendReport, rule: RoundingRule) -> String {
    let mut rows: Vec<Vec<String>> = r
        .groups
        .iter()
        .map(|g| {
            vec![
                g.key.clone(),
                g.lines.to_string(),
                money(Some(g.amount), r.currency, rule),
            ]
        })
        .collect();
    rows.push(vec![
        "Total".into(),
        r.groups.iter().map(|g| g.lines).sum::<u64>().to_string(),
        money(Some(r.total), r.currency, rule),
    ]);
    let mut text = format!(
        "Spend for {} in {}\n{}\nUnattributed: {} ({}% of the total)",
        r.month,
        r.currency.code(),
        table(&["GROUP", "LINES", "AMOUNT"], rows, &[1, 2]),
        money(Some(r.unattributed.amount), r.currency, rule),
        (r.unattributed.share * Decimal::from(100)).round_dp(2)
    );
    if r.unpriced_lines > 0 {
        text.push_str(&format!(
            "\nUnpriced usage lines (not counted): {}",
            r.unpriced_lines
        ));
    }
    for used in &r.rates_used {
        text.push_str(&format!(
            "\nConverted {}→{} at {} ({}{})",
            used.from.code(),
            used.to.code(),
            used.rate.round_dp(6),
            used.source,
            if used.inverted { ", inverse" } else { "" }
        ));
    }
    for w in &r.warnings {
        text.push_str(&format!("\n! {w}"));
    }
    text
}

/// Unattributed spend by identifier.
pub fn unattributed(groups: &[runrate::model::spend::UnattributedGroup]) -> String {
    if groups.is_empty() {
        return "Every imported line is attributed to a service code".to_string();
    }
    let rows = groups
        .iter()
        .map(|g| {
            vec![
                g.kind
                    .map(|k| k.label().to_string())
                    .unwrap_or_else(|| "—".into()),
                if g.identifier.is_empty() {
                    "(no identifier)".into()
                } else {
                    g.identifier.clone()
                },
                g.provider.clone().unwrap_or_default(),
                g.lines.to_string(),
                g.totals
                    .iter()
                    .map(|t| format!("{} {}", t.amount, t.currency.code()))
                    .collect::<Vec<_>>()
                    .join(", "),
            ]
        })
        .collect();
    format!(
        "{}\nMap one with: runrate map add KIND IDENTIFIER SERVICE-CODE",
        table(
            &["KIND", "IDENTIFIER", "PROVIDER", "LINES", "AMOUNT"],
            rows,
            &[3]
        )
    )
}
