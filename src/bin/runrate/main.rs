//! `runrate`: the command-line shell over the engine.
//!
//! Each subcommand parses its arguments, calls one engine method and prints the
//! result, as a table for people or, with `--json`, as JSON for programs (amounts
//! as decimal strings). Exit codes: 0 success, 1 rejected input or a failed
//! verification, 2 a usage or internal error.

mod args;
mod output;
mod packs;
mod planning;
mod value;

use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;
use runrate::Engine;
use runrate::api::cancel::Cancel;
use runrate::api::codes::CodeFilter;
use runrate::api::imports::{ImportProgress, ImportStage, ProgressSink};
use runrate::api::rules::RuleInput;
use runrate::api::settings::SettingsPatch;
use runrate::error::{Code, Error, Result};

use args::{
    AuditCommand, Cli, CodesCommand, Command, CostCentreCommand, DepartmentCommand, FxCommand,
    ImportsCommand, MapCommand, MappingsCommand, PricesCommand, ReportCommand, SettingsCommand,
};
use output::Output;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let out = Output {
        json: cli.json,
        verbose: cli.verbose,
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            out.error(
                &Error::internal("Runrate could not start its runtime").with_detail(e.to_string()),
            );
            return ExitCode::from(2);
        }
    };
    match runtime.block_on(run(cli, &out)) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            out.error(&e);
            ExitCode::from(e.code.exit_code() as u8)
        }
    }
}

async fn open(cli_db: Option<std::path::PathBuf>) -> Result<Engine> {
    let path = match cli_db {
        Some(p) => p,
        None => runrate::store::default_path()?,
    };
    Engine::open(&path, Arc::from(runrate::clock::clock_from_env())).await
}

async fn run(cli: Cli, out: &Output) -> Result<u8> {
    // Verifying a pack reads the pack and what the reader trusts, never a database.
    let command = match cli.command {
        Command::Verify(args) => return packs::verify(args, out),
        other => other,
    };
    let cli = Cli { command, ..cli };
    let engine = open(cli.db).await?;
    let result = dispatch(&engine, cli.command, out).await;
    engine.close().await;
    result
}

async fn dispatch(engine: &Engine, command: Command, out: &Output) -> Result<u8> {
    match command {
        Command::Codes(cmd) => codes(engine, cmd, out).await,
        Command::Map(cmd) => map(engine, cmd, out).await,
        Command::Departments(cmd) => departments(engine, cmd, out).await,
        Command::CostCentres(cmd) => cost_centres(engine, cmd, out).await,
        Command::Settings(cmd) => settings(engine, cmd, out).await,
        Command::Audit(cmd) => audit(engine, cmd, out).await,
        Command::Budget(cmd) => planning::budget(engine, cmd, out).await,
        Command::Forecast(args) => planning::forecast(engine, args, out).await,
        Command::Alerts { as_of } => planning::alerts(engine, as_of, out).await,
        Command::Anomalies(args) => planning::anomalies(engine, args, out).await,
        Command::Reconcile(args) => planning::reconcile(engine, args, out).await,
        Command::Split(args) => planning::split(engine, args, out).await,
        Command::Readiness => planning::readiness(engine, out).await,
        Command::Value(cmd) => value::value(engine, cmd, out).await,
        Command::Reviews => value::reviews(engine, out).await,
        Command::Dispute(cmd) => packs::dispute(engine, cmd, out).await,
        Command::Approve(args) => packs::approve(engine, args, out).await,
        Command::Pack(args) => packs::pack(engine, args, out).await,
        Command::Packs => packs::packs(engine, out).await,
        Command::Verify(args) => packs::verify(args, out),
        Command::Key(cmd) => packs::key(engine, cmd, out).await,
        Command::Info => {
            let info = engine.app_info().await?;
            out.print(&info, || output::info(&info));
            Ok(0)
        }
        Command::Import {
            files,
            format,
            mapping,
            dry_run,
            keep_valid_rows,
            replace_conflicts,
        } => {
            let options = runrate::api::imports::ImportOptions {
                format,
                dry_run,
                keep_valid_rows,
                mapping,
                replace_conflicts,
            };
            let mut summaries = Vec::new();
            let mut worst = 0;
            let cancel = cancel_on_interrupt();
            let show_progress = !out.json && std::io::IsTerminal::is_terminal(&std::io::stderr());
            for file in &files {
                let progress: ProgressSink = Arc::new(move |p: ImportProgress| {
                    if show_progress {
                        let verb = match p.stage {
                            ImportStage::Reading => "rows read",
                            ImportStage::Saving => "lines saved",
                        };
                        eprint!("\r{:>12} {verb:<12}", p.done);
                    }
                });
                let summary = engine
                    .import_file_with_progress(file, &options, progress, &cancel)
                    .await;
                if show_progress {
                    eprint!("\r{:<26}\r", "");
                }
                let summary = summary?;
                if summary.rows_rejected > 0 {
                    worst = 1;
                }
                summaries.push(summary);
            }
            let value = serde_json::json!({ "imports": summaries });
            out.print(&value, || {
                summaries
                    .iter()
                    .map(|s| output::import_summary(s, dry_run))
                    .collect::<Vec<_>>()
                    .join("\n")
            });
            Ok(worst)
        }
        Command::Imports(cmd) => match cmd {
            ImportsCommand::List => {
                let list = engine.list_imports().await?;
                out.print(&list, || output::imports_table(&list));
                Ok(0)
            }
            ImportsCommand::Show { id } => {
                let record = engine.import_record(id).await?;
                out.print(&record, || output::import_record(&record));
                Ok(0)
            }
            ImportsCommand::Undo { id } => {
                let record = engine.undo_import(id).await?;
                out.print(&record, || {
                    format!(
                        "Undid import #{id} ({}); its lines no longer count",
                        record.file
                    )
                });
                Ok(0)
            }
        },
        Command::Mappings(cmd) => mappings(engine, cmd, out).await,
        Command::Prices(cmd) => prices(engine, cmd, out).await,
        Command::Fx(cmd) => fx(engine, cmd, out).await,
        Command::Report(ReportCommand::Spend {
            month,
            by,
            source,
            currency,
            key,
        }) => {
            if let Some(key) = key {
                let drill = engine
                    .spend_lines(runrate::api::reconcile::LinesQuery {
                        month,
                        by,
                        key,
                        source,
                    })
                    .await?;
                let settings = engine.settings().await?;
                out.print(&drill, || {
                    planning::drill_table(&drill, settings.base_currency, settings.rounding_rule)
                });
                return Ok(0);
            }
            let report = engine
                .spend_report(runrate::api::reports::SpendQuery {
                    month,
                    by,
                    source,
                    currency: currency.unwrap_or_default(),
                })
                .await?;
            let rule = engine.settings().await?.rounding_rule;
            out.print(&report, || output::spend_report(&report, rule));
            Ok(0)
        }
        Command::Unattributed { month } => {
            let groups = engine
                .unattributed_spend(month.as_deref().unwrap_or_default())
                .await?;
            out.print(&groups, || output::unattributed(&groups));
            Ok(0)
        }
        Command::Demo { clear: true } => {
            let cleared = engine.clear_demo().await?;
            out.print(&cleared, || {
                format!(
                    "Cleared the demo. The workspace as it was is saved at {}",
                    cleared.backup.path
                )
            });
            Ok(0)
        }
        Command::Demo { clear: false } => {
            let loaded = engine.load_demo().await?;
            out.print(&loaded, || {
                format!(
                    "Loaded the demo: {} departments, {} service codes, {} attribution rules, {} spend lines, {} budgets, {} value hypotheses",
                    loaded.departments,
                    loaded.service_codes,
                    loaded.rules,
                    loaded.spend_lines,
                    loaded.budgets,
                    loaded.hypotheses
                )
            });
            Ok(0)
        }
        Command::Backup { to } => {
            let saved = match to {
                Some(path) => engine.backup(&path).await?,
                None => engine.take_backup().await?,
            };
            out.print(&saved, || output::backup_saved(&saved));
            Ok(0)
        }
        Command::Backups => {
            let list = engine.list_backups().await?;
            out.print(&list, || output::backups_table(&list));
            Ok(0)
        }
        Command::Restore { file } => {
            let restored = engine.restore(&file).await?;
            out.print(&restored, || {
                format!(
                    "Restored {} ({} spend lines). The workspace as it was is saved at {}",
                    restored.restored_from, restored.spend_lines, restored.previous.path
                )
            });
            Ok(0)
        }
    }
}

async fn codes(engine: &Engine, cmd: CodesCommand, out: &Output) -> Result<u8> {
    match cmd {
        CodesCommand::List {
            search,
            department,
            status,
        } => {
            let status = status.map(|s| s.parse_status()).transpose()?;
            let codes = engine
                .list_service_codes(CodeFilter {
                    search,
                    department,
                    status,
                })
                .await?;
            let rule = engine.settings().await?.rounding_rule;
            out.print(&codes, || output::codes_table(&codes, rule));
        }
        CodesCommand::Show { code } => {
            let code = engine.service_code(&code).await?;
            let rule = engine.settings().await?.rounding_rule;
            out.print(&code, || output::code_detail(&code, rule));
        }
        CodesCommand::Add { code, fields } => {
            let created = engine.add_service_code(fields.into_input(code)).await?;
            out.print(&created, || format!("Added service code {}", created.code));
        }
        CodesCommand::Edit { code, fields } => {
            let edited = engine
                .patch_service_code(&code, fields.into_patch())
                .await?;
            out.print(&edited, || format!("Saved service code {}", edited.code));
        }
        CodesCommand::Retire { code } => {
            let retired = engine.retire_service_code(&code).await?;
            out.print(&retired, || {
                format!("Retired service code {}", retired.code)
            });
        }
        CodesCommand::Reactivate { code } => {
            let active = engine.reactivate_service_code(&code).await?;
            out.print(&active, || {
                format!("Reactivated service code {}", active.code)
            });
        }
        CodesCommand::Import { file, dry_run } => {
            let summary = engine.import_register(&file, dry_run).await?;
            out.print(&summary, || output::register_import(&summary, dry_run));
            if !summary.rejected.is_empty() {
                return Ok(1);
            }
        }
        CodesCommand::Export { file } => {
            let count = engine.export_register(&file).await?.records;
            let result = serde_json::json!({ "path": file.display().to_string(), "codes": count });
            out.print(&result, || {
                format!("Wrote {count} service codes to {}", file.display())
            });
        }
    }
    Ok(0)
}

async fn map(engine: &Engine, cmd: MapCommand, out: &Output) -> Result<u8> {
    match cmd {
        MapCommand::Add {
            kind,
            pattern,
            code,
            provider,
        } => {
            let saved = engine
                .add_rule(RuleInput {
                    kind,
                    pattern,
                    service_code: code,
                    provider: provider.unwrap_or_default(),
                })
                .await?;
            out.print(&saved, || {
                format!(
                    "Rule {}: {} '{}' → {} ({} imported line(s) re-attributed)",
                    saved.rule.id,
                    saved.rule.kind.label(),
                    saved.rule.pattern,
                    saved.rule.service_code,
                    saved.lines_reattributed
                )
            });
        }
        MapCommand::List => {
            let rules = engine.list_rules().await?;
            out.print(&rules, || output::rules_table(&rules));
        }
        MapCommand::Remove { id } => {
            let saved = engine.remove_rule(id).await?;
            out.print(&saved, || {
                format!(
                    "Removed rule {} ({} imported line(s) re-attributed)",
                    saved.rule.id, saved.lines_reattributed
                )
            });
        }
    }
    Ok(0)
}

async fn departments(engine: &Engine, cmd: DepartmentCommand, out: &Output) -> Result<u8> {
    match cmd {
        DepartmentCommand::List => {
            let list = engine.list_departments().await?;
            out.print(&list, || output::departments_table(&list));
        }
        DepartmentCommand::Add { name, alias } => {
            let d = engine.add_department(&name, &alias).await?;
            out.print(&d, || format!("Added department {}", d.name));
        }
        DepartmentCommand::Rename {
            department,
            new_name,
        } => {
            let d = engine.rename_department(&department, &new_name).await?;
            out.print(&d, || {
                format!("Renamed to {} (the old name is kept as an alias)", d.name)
            });
        }
        DepartmentCommand::Alias { department, alias } => {
            let d = engine.add_department_alias(&department, &alias).await?;
            out.print(&d, || format!("'{alias}' now resolves to {}", d.name));
        }
        DepartmentCommand::Unalias { alias } => {
            let d = engine.remove_department_alias(&alias).await?;
            out.print(&d, || format!("Removed alias '{alias}' from {}", d.name));
        }
    }
    Ok(0)
}

async fn cost_centres(engine: &Engine, cmd: CostCentreCommand, out: &Output) -> Result<u8> {
    match cmd {
        CostCentreCommand::List => {
            let list = engine.list_cost_centres().await?;
            out.print(&list, || output::cost_centres_table(&list));
        }
        CostCentreCommand::Add {
            code,
            name,
            department,
        } => {
            let c = engine
                .add_cost_centre(&code, &name.unwrap_or_default(), department.as_deref())
                .await?;
            out.print(&c, || format!("Added cost centre {}", c.code));
        }
    }
    Ok(0)
}

async fn settings(engine: &Engine, cmd: SettingsCommand, out: &Output) -> Result<u8> {
    let settings = match cmd {
        SettingsCommand::Show => engine.settings().await?,
        SettingsCommand::Set { key, value } => {
            engine
                .update_settings(SettingsPatch::one(&key, value)?)
                .await?
        }
    };
    out.print(&settings, || output::settings(&settings));
    Ok(0)
}

async fn audit(engine: &Engine, cmd: AuditCommand, out: &Output) -> Result<u8> {
    match cmd {
        AuditCommand::Verify => {
            let report = engine.verify_audit().await?;
            out.print(&report, || output::chain_report(&report));
            Ok(if report.valid { 0 } else { 1 })
        }
        AuditCommand::Log { subject, limit } => {
            let events = engine.audit_events(subject.as_deref(), limit).await?;
            out.print(&events, || output::audit_table(&events));
            Ok(0)
        }
        AuditCommand::Line { id } => {
            let changes = engine.line_history(id).await?;
            out.print(&changes, || output::line_history(id, &changes));
            Ok(0)
        }
    }
}

async fn mappings(engine: &Engine, cmd: MappingsCommand, out: &Output) -> Result<u8> {
    match cmd {
        MappingsCommand::List => {
            let list = engine.list_mappings().await?;
            out.print(&list, || output::mappings_table(&list));
        }
        MappingsCommand::Show { name } => {
            let mapping = engine.mapping(&name).await?;
            // A mapping is shown as the JSON it is exported as.
            out.print(&mapping, || {
                serde_json::to_string_pretty(&mapping).unwrap_or_default()
            });
        }
        MappingsCommand::Import { file } => {
            let saved = engine.import_mappings(&file).await?;
            out.print(&saved, || {
                let names: Vec<&str> = saved.iter().map(|m| m.name.as_str()).collect();
                format!("Saved {} mapping(s): {}", saved.len(), names.join(", "))
            });
        }
        MappingsCommand::Export { name, file } => {
            let done = engine.export_mapping(&name, &file).await?;
            out.print(&done, || {
                format!("Wrote mapping '{name}' to {}", file.display())
            });
        }
        MappingsCommand::Delete { name } => {
            let gone = engine.delete_mapping(&name).await?;
            out.print(&gone, || format!("Deleted mapping '{}'", gone.name));
        }
    }
    Ok(0)
}

async fn prices(engine: &Engine, cmd: PricesCommand, out: &Output) -> Result<u8> {
    let saved = match cmd {
        PricesCommand::List => {
            let list = engine.list_prices().await?;
            out.print(&list, || output::prices_table(&list));
            return Ok(0);
        }
        PricesCommand::Set(args) => {
            let args::PriceArgs {
                provider,
                model,
                input,
                output,
                cached_input,
                cache_write,
                cache_write_1h,
                tier,
                currency,
                from,
                source,
            } = *args;
            engine
                .set_price(runrate::api::prices::PriceInput {
                    provider,
                    model,
                    tier,
                    currency,
                    input,
                    cached_input: cached_input.unwrap_or_default(),
                    cache_write: cache_write.unwrap_or_default(),
                    cache_write_1h: cache_write_1h.unwrap_or_default(),
                    output,
                    effective_from: from,
                    source,
                    captured_on: String::new(),
                })
                .await?
        }
        PricesCommand::Import { file } => engine.import_prices(&file).await?,
    };
    out.print(&saved, || {
        format!(
            "Saved {} price(s); {} usage line(s) waiting for a price now have an amount",
            saved.entries.len(),
            saved.lines_priced
        )
    });
    Ok(0)
}

async fn fx(engine: &Engine, cmd: FxCommand, out: &Output) -> Result<u8> {
    match cmd {
        FxCommand::List => {
            let list = engine.list_fx().await?;
            out.print(&list, || output::fx_table(&list));
        }
        FxCommand::Set {
            month,
            from,
            to,
            rate,
            source,
        } => {
            let saved = engine
                .set_fx(runrate::api::prices::FxInput {
                    month,
                    from,
                    to,
                    rate,
                    source,
                })
                .await?;
            out.print(&saved, || {
                format!(
                    "{}: 1 {} = {} {}",
                    saved.month,
                    saved.from.code(),
                    saved.rate,
                    saved.to.code()
                )
            });
        }
        FxCommand::Import { file } => {
            let saved = engine.import_fx(&file).await?;
            out.print(&saved, || format!("Saved {} FX rate(s)", saved.len()));
        }
    }
    Ok(0)
}

/// A flag Ctrl-C sets, so the running import or pack export stops at its next
/// step and rolls back instead of the process dying half-way. A second Ctrl-C
/// ends the process at once (SQLite still rolls the open transaction back).
fn cancel_on_interrupt() -> Cancel {
    let cancel = Cancel::new();
    let flag = cancel.clone();
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            eprintln!("\nStopping: what was being saved is rolled back (Ctrl-C again to quit now)");
            flag.cancel();
            if tokio::signal::ctrl_c().await.is_ok() {
                std::process::exit(Code::Cancelled.exit_code());
            }
        }
    });
    cancel
}
