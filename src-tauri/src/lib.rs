//! The Runrate desktop shell: a window over the engine.
//!
//! Every command parses its arguments, calls one `runrate::api::Engine` method
//! and returns the engine's result; the engine's `Error` (a stable code plus a
//! plain-language message) is what the UI receives on failure. File dialogs
//! open here, in Rust: the web side never sees or sends a path.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;

use runrate::api::anomalies::{AnomalyQuery, AnomalyReport};
use runrate::api::backups::{BackupInfo, Restored};
use runrate::api::budgets::{BudgetInput, BudgetsImported};
use runrate::api::cancel::Cancel;
use runrate::api::codes::{CodeFilter, RegisterImport};
use runrate::api::demo::{DemoCleared, DemoLoaded};
use runrate::api::disputes::{ApprovalInput, DisputeDetail, DisputeInput, ReasonChoice};
use runrate::api::forecasts::{ForecastCheck, ForecastQuery, ForecastView};
use runrate::api::imports::{
    ImportOptions, ImportProgress, ImportRecord, ImportSummary, ProgressSink,
};
use runrate::api::mappings::LayoutPreview;
use runrate::api::packs::{PackExported, PackProgress, PackRecord, PackRequest, SigningKeyInfo};
use runrate::api::prices::{FxInput, PriceInput, PricesSaved};
use runrate::api::reconcile::{
    DrillDown, DrillLine, DrillQuery, LinesQuery, ReconcileQuery, Reconciliation,
};
use runrate::api::reports::SpendQuery;
use runrate::api::reviews::{Portfolio, Reviews};
use runrate::api::rules::{RuleInput, RuleSaved};
use runrate::api::settings::{Settings, SettingsPatch};
use runrate::api::splits::{SplitQuery, SplitResult};
use runrate::api::value::{HypothesisInput, OutcomesImported, ValueView};
use runrate::api::{AppInfo, ChosenFile, Engine, Exported};
use runrate::audit::{AuditEvent, ChainReport, LineChange};
use runrate::error::{Error, FieldIssue, Result};
use runrate::import::Mapping;
use runrate::model::attribution::AttributionRule;
use runrate::model::budget::{Budget, BudgetChange};
use runrate::model::department::{CostCentre, Department};
use runrate::model::dispute::{Approval, Dispute};
use runrate::model::fx::FxRate;
use runrate::model::price::PriceEntry;
use runrate::model::readiness::Readiness;
use runrate::model::service_code::{ServiceCode, ServiceCodeInput};
use runrate::model::spend::{SpendReport, UnattributedGroup};
use runrate::model::value::Hypothesis;
use runrate::pack::verify::PackVerification;
use runrate::store::value::OutcomeRecord;
use tauri::{Emitter, Manager, State};
use tauri_plugin_dialog::DialogExt;

/// What the window's commands share.
struct AppState {
    engine: Engine,
    /// Files picked in dialogs, by token.
    chosen: Mutex<HashMap<String, PathBuf>>,
    /// Long tasks the window can cancel, by task id (an import's file token,
    /// or `pack-export`).
    running: Mutex<HashMap<String, Cancel>>,
}

impl AppState {
    fn remember(&self, path: PathBuf) -> ChosenFile {
        let name = runrate::sheet::file_name(&path);
        let mut chosen = self.chosen.lock().unwrap_or_else(|e| e.into_inner());
        let token = format!("file-{}", chosen.len() + 1);
        chosen.insert(token.clone(), path);
        ChosenFile { token, name }
    }

    /// A cancel flag for the task `id`, forgotten when the returned guard drops.
    fn start_task(&self, id: &str) -> TaskGuard<'_> {
        let cancel = Cancel::new();
        self.running
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(id.to_string(), cancel.clone());
        TaskGuard {
            state: self,
            id: id.to_string(),
            cancel,
        }
    }

    fn chosen_path(&self, token: &str) -> Result<PathBuf> {
        self.chosen
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(token)
            .cloned()
            .ok_or_else(|| Error::not_found("That file is no longer selected; choose it again"))
    }
}

/// A running task's cancel flag; the task is forgotten when this drops.
struct TaskGuard<'a> {
    state: &'a AppState,
    id: String,
    cancel: Cancel,
}

impl Drop for TaskGuard<'_> {
    fn drop(&mut self) {
        self.state
            .running
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&self.id);
    }
}

/// Asks a running import (by its file token) or the pack export
/// (`pack-export`) to stop; it rolls back. `false` when nothing by that id runs.
#[tauri::command]
fn cancel_task(state: State<'_, AppState>, task: String) -> bool {
    match state
        .running
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get(&task)
    {
        Some(cancel) => {
            cancel.cancel();
            true
        }
        None => false,
    }
}

#[tauri::command]
async fn clear_demo(state: State<'_, AppState>) -> Result<DemoCleared> {
    state.engine.clear_demo().await
}

#[tauri::command]
async fn list_backups(state: State<'_, AppState>) -> Result<Vec<BackupInfo>> {
    state.engine.list_backups().await
}

/// Saves a backup where the person chooses; `None` when they cancel.
#[tauri::command]
async fn save_backup(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
) -> Result<Option<BackupInfo>> {
    let Some(path) = save_path(
        &app,
        "Save a backup of your Runrate data",
        &state.engine.suggested_backup_name(),
        ("SQLite database", &["sqlite", "db"]),
    )
    .await?
    else {
        return Ok(None);
    };
    state.engine.backup(&path).await.map(Some)
}

/// Asks for a backup file to restore from.
#[tauri::command]
async fn choose_backup_file(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
) -> Result<Option<ChosenFile>> {
    if let Some(path) = std::env::var_os("RUNRATE_PICK_BACKUP").filter(|p| !p.is_empty()) {
        return Ok(Some(state.remember(PathBuf::from(path))));
    }
    let picked = pick_one(
        &app,
        "Restore Runrate data from a backup",
        "SQLite database",
        &["sqlite", "db"],
    )
    .await?;
    Ok(picked.map(|path| state.remember(path)))
}

/// Restores a chosen backup file (`token`) or an automatic backup by name.
#[tauri::command]
async fn restore_backup(
    state: State<'_, AppState>,
    token: Option<String>,
    automatic: Option<String>,
) -> Result<Restored> {
    match (token, automatic) {
        (Some(token), _) => {
            let path = state.chosen_path(&token)?;
            state.engine.restore(&path).await
        }
        (None, Some(name)) => state.engine.restore_automatic(&name).await,
        (None, None) => Err(Error::invalid("Choose a backup to restore")),
    }
}

/// Every change to one imported line's standing.
#[tauri::command]
async fn line_history(state: State<'_, AppState>, line_id: i64) -> Result<Vec<LineChange>> {
    state.engine.line_history(line_id).await
}

/// The lines behind a total on Overview or Budgets.
#[tauri::command]
async fn spend_lines(state: State<'_, AppState>, query: LinesQuery) -> Result<DrillDown> {
    state.engine.spend_lines(query).await
}

#[tauri::command]
async fn remove_rule(state: State<'_, AppState>, id: i64) -> Result<RuleSaved> {
    state.engine.remove_rule(id).await
}

#[tauri::command]
async fn app_info(state: State<'_, AppState>) -> Result<AppInfo> {
    state.engine.app_info().await
}

#[tauri::command]
async fn is_empty(state: State<'_, AppState>) -> Result<bool> {
    state.engine.is_empty().await
}

#[tauri::command]
async fn load_demo(state: State<'_, AppState>) -> Result<DemoLoaded> {
    state.engine.load_demo().await
}

#[tauri::command]
async fn list_service_codes(
    state: State<'_, AppState>,
    filter: CodeFilter,
) -> Result<Vec<ServiceCode>> {
    state.engine.list_service_codes(filter).await
}

#[tauri::command]
async fn get_service_code(state: State<'_, AppState>, code: String) -> Result<ServiceCode> {
    state.engine.service_code(&code).await
}

#[tauri::command]
async fn validate_service_code(
    state: State<'_, AppState>,
    input: ServiceCodeInput,
    editing: Option<String>,
) -> Result<Vec<FieldIssue>> {
    state.engine.validate_service_code(input, editing).await
}

#[tauri::command]
async fn add_service_code(
    state: State<'_, AppState>,
    input: ServiceCodeInput,
) -> Result<ServiceCode> {
    state.engine.add_service_code(input).await
}

#[tauri::command]
async fn edit_service_code(
    state: State<'_, AppState>,
    code: String,
    input: ServiceCodeInput,
) -> Result<ServiceCode> {
    state.engine.edit_service_code(&code, input).await
}

#[tauri::command]
async fn retire_service_code(state: State<'_, AppState>, code: String) -> Result<ServiceCode> {
    state.engine.retire_service_code(&code).await
}

#[tauri::command]
async fn reactivate_service_code(state: State<'_, AppState>, code: String) -> Result<ServiceCode> {
    state.engine.reactivate_service_code(&code).await
}

/// Asks where to save the register, then writes it. `None` when cancelled.
#[tauri::command]
async fn export_register(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
) -> Result<Option<Exported>> {
    let dialog = app
        .dialog()
        .file()
        .set_title("Export the service-code register")
        .set_file_name("service-codes.xlsx")
        .add_filter("Excel workbook", &["xlsx"])
        .add_filter("CSV", &["csv"]);
    let Some(path) = pick(move || dialog.blocking_save_file()).await? else {
        return Ok(None);
    };
    state.engine.export_register(&path).await.map(Some)
}

/// Asks which register file to import; the UI previews it by token.
#[tauri::command]
async fn choose_register_file(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
) -> Result<Option<ChosenFile>> {
    let dialog = app
        .dialog()
        .file()
        .set_title("Import a service-code register")
        .add_filter("Register (xlsx or CSV)", &["xlsx", "csv"]);
    let picked = pick(move || dialog.blocking_pick_file()).await?;
    Ok(picked.map(|path| state.remember(path)))
}

#[tauri::command]
async fn import_register(
    state: State<'_, AppState>,
    token: String,
    dry_run: bool,
) -> Result<RegisterImport> {
    let path = state.chosen_path(&token)?;
    state.engine.import_register(&path, dry_run).await
}

#[tauri::command]
async fn list_departments(state: State<'_, AppState>) -> Result<Vec<Department>> {
    state.engine.list_departments().await
}

#[tauri::command]
async fn add_department(
    state: State<'_, AppState>,
    name: String,
    aliases: Vec<String>,
) -> Result<Department> {
    state.engine.add_department(&name, &aliases).await
}

#[tauri::command]
async fn add_department_alias(
    state: State<'_, AppState>,
    department: String,
    alias: String,
) -> Result<Department> {
    state.engine.add_department_alias(&department, &alias).await
}

#[tauri::command]
async fn list_cost_centres(state: State<'_, AppState>) -> Result<Vec<CostCentre>> {
    state.engine.list_cost_centres().await
}

#[tauri::command]
async fn list_rules(state: State<'_, AppState>) -> Result<Vec<AttributionRule>> {
    state.engine.list_rules().await
}

#[tauri::command]
async fn get_settings(state: State<'_, AppState>) -> Result<Settings> {
    state.engine.settings().await
}

#[tauri::command]
async fn update_settings(state: State<'_, AppState>, patch: SettingsPatch) -> Result<Settings> {
    state.engine.update_settings(patch).await
}

#[tauri::command]
async fn verify_audit(state: State<'_, AppState>) -> Result<ChainReport> {
    state.engine.verify_audit().await
}

#[tauri::command]
async fn audit_events(
    state: State<'_, AppState>,
    subject: Option<String>,
    limit: u32,
) -> Result<Vec<AuditEvent>> {
    state.engine.audit_events(subject.as_deref(), limit).await
}

/// Asks which files to import (several may be picked); the UI previews each by token.
///
/// With `RUNRATE_PICK_FILES` set (paths separated as in `PATH`), no dialog is
/// shown and those files are taken as picked: WebDriver cannot drive a native
/// dialog, so the end-to-end test uses this to import through the window.
#[tauri::command]
async fn choose_import_files(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
) -> Result<Vec<ChosenFile>> {
    if let Some(paths) = std::env::var_os("RUNRATE_PICK_FILES").filter(|p| !p.is_empty()) {
        return Ok(std::env::split_paths(&paths)
            .map(|path| state.remember(path))
            .collect());
    }
    let dialog = app
        .dialog()
        .file()
        .set_title("Import showback workbooks or provider exports")
        .add_filter(
            "Spreadsheets, CSV and JSON",
            &["xlsx", "xls", "ods", "csv", "tsv", "txt", "json"],
        );
    let picked = tauri::async_runtime::spawn_blocking(move || dialog.blocking_pick_files())
        .await
        .map_err(|e| Error::internal("The file dialog failed").with_detail(e.to_string()))?;
    let mut chosen = Vec::new();
    for file in picked.unwrap_or_default() {
        let path = file.into_path().map_err(|e| {
            Error::invalid("That location is not a local file").with_detail(e.to_string())
        })?;
        chosen.push(state.remember(path));
    }
    Ok(chosen)
}

/// What the file would import; saves nothing.
#[tauri::command]
async fn preview_import(
    state: State<'_, AppState>,
    token: String,
    options: ImportOptions,
) -> Result<ImportSummary> {
    let path = state.chosen_path(&token)?;
    let options = ImportOptions {
        dry_run: true,
        ..options
    };
    state.engine.import_file(&path, &options).await
}

/// Imports the file, sending `import-progress` events as it goes.
#[tauri::command]
async fn commit_import(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    token: String,
    options: ImportOptions,
) -> Result<ImportSummary> {
    let path = state.chosen_path(&token)?;
    let options = ImportOptions {
        dry_run: false,
        ..options
    };
    let task = state.start_task(&token);
    let progress_token = token.clone();
    let sink: ProgressSink = std::sync::Arc::new(move |progress: ImportProgress| {
        let _ = app.emit(
            "import-progress",
            serde_json::json!({ "token": progress_token, "progress": progress }),
        );
    });
    state
        .engine
        .import_file_with_progress(&path, &options, sink, &task.cancel)
        .await
}

#[tauri::command]
async fn list_imports(state: State<'_, AppState>) -> Result<Vec<ImportRecord>> {
    state.engine.list_imports().await
}

#[tauri::command]
async fn undo_import(state: State<'_, AppState>, id: i64) -> Result<ImportRecord> {
    state.engine.undo_import(id).await
}

#[tauri::command]
async fn inspect_layout(state: State<'_, AppState>, token: String) -> Result<LayoutPreview> {
    let path = state.chosen_path(&token)?;
    state.engine.inspect_layout(&path).await
}

#[tauri::command]
async fn list_mappings(state: State<'_, AppState>) -> Result<Vec<Mapping>> {
    state.engine.list_mappings().await
}

#[tauri::command]
async fn save_mapping(state: State<'_, AppState>, mapping: Mapping) -> Result<Mapping> {
    state.engine.save_mapping(mapping).await
}

#[tauri::command]
async fn delete_mapping(state: State<'_, AppState>, name: String) -> Result<Mapping> {
    state.engine.delete_mapping(&name).await
}

#[tauri::command]
async fn unattributed_spend(
    state: State<'_, AppState>,
    month: String,
) -> Result<Vec<UnattributedGroup>> {
    state.engine.unattributed_spend(&month).await
}

#[tauri::command]
async fn add_rule(state: State<'_, AppState>, input: RuleInput) -> Result<RuleSaved> {
    state.engine.add_rule(input).await
}

#[tauri::command]
async fn spend_report(state: State<'_, AppState>, query: SpendQuery) -> Result<SpendReport> {
    state.engine.spend_report(query).await
}

#[tauri::command]
async fn list_prices(state: State<'_, AppState>) -> Result<Vec<PriceEntry>> {
    state.engine.list_prices().await
}

#[tauri::command]
async fn set_price(state: State<'_, AppState>, input: PriceInput) -> Result<PricesSaved> {
    state.engine.set_price(input).await
}

#[tauri::command]
async fn list_fx(state: State<'_, AppState>) -> Result<Vec<FxRate>> {
    state.engine.list_fx().await
}

#[tauri::command]
async fn set_fx(state: State<'_, AppState>, input: FxInput) -> Result<FxRate> {
    state.engine.set_fx(input).await
}

/// Asks for a saved-layout file (JSON) and saves the layouts in it; `None` when cancelled.
#[tauri::command]
async fn import_mappings_file(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
) -> Result<Option<Vec<Mapping>>> {
    let Some(path) = pick_one(&app, "Load saved layouts", "Layout file (JSON)", &["json"]).await?
    else {
        return Ok(None);
    };
    state.engine.import_mappings(&path).await.map(Some)
}

/// Asks where to save a layout, then writes it as JSON; `None` when cancelled.
#[tauri::command]
async fn export_mapping_file(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    name: String,
) -> Result<Option<Exported>> {
    let dialog = app
        .dialog()
        .file()
        .set_title("Save the layout to a file")
        .set_file_name(format!("{}.json", name.replace(['/', '\\'], "-")))
        .add_filter("Layout file (JSON)", &["json"]);
    let Some(path) = pick(move || dialog.blocking_save_file()).await? else {
        return Ok(None);
    };
    state.engine.export_mapping(&name, &path).await.map(Some)
}

/// Asks for a price list (CSV or workbook) and imports it; `None` when cancelled.
#[tauri::command]
async fn import_prices_file(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
) -> Result<Option<PricesSaved>> {
    let Some(path) = pick_one(
        &app,
        "Import prices",
        "Price list (CSV or xlsx)",
        &["csv", "xlsx"],
    )
    .await?
    else {
        return Ok(None);
    };
    state.engine.import_prices(&path).await.map(Some)
}

/// Asks for an FX rate list (CSV or workbook) and imports it; `None` when cancelled.
#[tauri::command]
async fn import_fx_file(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
) -> Result<Option<Vec<FxRate>>> {
    let Some(path) = pick_one(
        &app,
        "Import exchange rates",
        "Rates (CSV or xlsx)",
        &["csv", "xlsx"],
    )
    .await?
    else {
        return Ok(None);
    };
    state.engine.import_fx(&path).await.map(Some)
}

#[tauri::command]
async fn forecast_view(state: State<'_, AppState>, query: ForecastQuery) -> Result<ForecastView> {
    state.engine.forecast_view(query).await
}

#[tauri::command]
async fn overview_tiles(state: State<'_, AppState>, as_of: String) -> Result<Vec<ForecastView>> {
    state.engine.overview_tiles(&as_of).await
}

#[tauri::command]
async fn forecast_history(
    state: State<'_, AppState>,
    department: String,
    service_code: String,
) -> Result<Vec<ForecastCheck>> {
    state
        .engine
        .forecast_history(&department, &service_code)
        .await
}

#[tauri::command]
async fn list_budgets(state: State<'_, AppState>) -> Result<Vec<Budget>> {
    state.engine.list_budgets().await
}

#[tauri::command]
async fn set_budget(state: State<'_, AppState>, input: BudgetInput) -> Result<Budget> {
    state.engine.set_budget(input).await
}

#[tauri::command]
async fn remove_budget(
    state: State<'_, AppState>,
    department: String,
    service_code: String,
    period: String,
) -> Result<Budget> {
    state
        .engine
        .remove_budget(&department, &service_code, &period)
        .await
}

#[tauri::command]
async fn budget_history(state: State<'_, AppState>) -> Result<Vec<BudgetChange>> {
    state.engine.budget_history().await
}

/// Asks for a budget file (CSV or workbook) and imports it; `None` when cancelled.
#[tauri::command]
async fn import_budgets_file(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
) -> Result<Option<BudgetsImported>> {
    let Some(path) = pick_one(&app, "Import budgets", "Budgets (CSV or xlsx)", TABLE_FILES).await?
    else {
        return Ok(None);
    };
    state.engine.import_budgets(&path).await.map(Some)
}

#[tauri::command]
async fn anomalies(state: State<'_, AppState>, query: AnomalyQuery) -> Result<AnomalyReport> {
    state.engine.anomalies(query).await
}

#[tauri::command]
async fn reconcile(state: State<'_, AppState>, query: ReconcileQuery) -> Result<Reconciliation> {
    state.engine.reconcile(query).await
}

#[tauri::command]
async fn reconcile_lines(state: State<'_, AppState>, query: DrillQuery) -> Result<DrillDown> {
    state.engine.reconcile_drill_down(query).await
}

#[tauri::command]
async fn split_shared_cost(state: State<'_, AppState>, query: SplitQuery) -> Result<SplitResult> {
    state.engine.split_shared_cost(query).await
}

#[tauri::command]
async fn readiness(state: State<'_, AppState>) -> Result<Vec<Readiness>> {
    state.engine.readiness().await
}

#[tauri::command]
async fn list_hypotheses(state: State<'_, AppState>) -> Result<Vec<Hypothesis>> {
    state.engine.list_hypotheses().await
}

#[tauri::command]
async fn add_hypothesis(state: State<'_, AppState>, input: HypothesisInput) -> Result<Hypothesis> {
    state.engine.add_hypothesis(input).await
}

#[tauri::command]
async fn edit_hypothesis(
    state: State<'_, AppState>,
    id: i64,
    input: HypothesisInput,
) -> Result<Hypothesis> {
    state.engine.edit_hypothesis(id, input).await
}

#[tauri::command]
async fn record_outcomes(
    state: State<'_, AppState>,
    id: i64,
    month: String,
    outcomes: String,
) -> Result<OutcomeRecord> {
    state.engine.record_outcomes(id, &month, &outcomes).await
}

/// Asks for an outcomes file (CSV or workbook) and imports it; `None` when cancelled.
#[tauri::command]
async fn import_outcomes_file(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
) -> Result<Option<OutcomesImported>> {
    let Some(path) = pick_one(
        &app,
        "Import outcomes",
        "Outcomes (CSV or xlsx)",
        TABLE_FILES,
    )
    .await?
    else {
        return Ok(None);
    };
    state.engine.import_outcomes(&path, None).await.map(Some)
}

#[tauri::command]
async fn value_view(
    state: State<'_, AppState>,
    id: i64,
    cost_side: String,
    as_of: String,
) -> Result<ValueView> {
    state.engine.value_view(id, &cost_side, &as_of).await
}

#[tauri::command]
async fn value_portfolio(state: State<'_, AppState>) -> Result<Portfolio> {
    state.engine.value_portfolio().await
}

#[tauri::command]
async fn reviews(state: State<'_, AppState>) -> Result<Reviews> {
    state.engine.reviews().await
}

#[tauri::command]
fn dispute_reasons() -> Vec<ReasonChoice> {
    runrate::api::disputes::dispute_reasons()
}

#[tauri::command]
async fn month_lines(
    state: State<'_, AppState>,
    department: String,
    month: String,
) -> Result<Vec<DrillLine>> {
    state.engine.month_lines(&department, &month).await
}

#[tauri::command]
async fn add_dispute(state: State<'_, AppState>, input: DisputeInput) -> Result<DisputeDetail> {
    state.engine.add_dispute(input).await
}

#[tauri::command]
async fn list_disputes(
    state: State<'_, AppState>,
    department: String,
    month: String,
) -> Result<Vec<Dispute>> {
    state.engine.list_disputes(&department, &month).await
}

#[tauri::command]
async fn dispute_detail(state: State<'_, AppState>, id: i64) -> Result<DisputeDetail> {
    state.engine.dispute_detail(id).await
}

#[tauri::command]
async fn set_dispute_status(
    state: State<'_, AppState>,
    id: i64,
    status: String,
) -> Result<Dispute> {
    state.engine.set_dispute_status(id, &status).await
}

#[tauri::command]
async fn approve_month(state: State<'_, AppState>, input: ApprovalInput) -> Result<Approval> {
    state.engine.approve(input).await
}

#[tauri::command]
async fn reopen_approval(
    state: State<'_, AppState>,
    department: String,
    month: String,
    reason: String,
) -> Result<Approval> {
    state
        .engine
        .reopen_approval(&department, &month, &reason)
        .await
}

#[tauri::command]
async fn list_approvals(state: State<'_, AppState>) -> Result<Vec<Approval>> {
    state.engine.list_approvals().await
}

#[tauri::command]
async fn signing_key_info(state: State<'_, AppState>) -> Result<Option<SigningKeyInfo>> {
    state.engine.signing_key_info().await
}

#[tauri::command]
async fn create_signing_key(
    state: State<'_, AppState>,
    passphrase: String,
) -> Result<SigningKeyInfo> {
    state.engine.create_signing_key(&passphrase).await
}

#[tauri::command]
async fn rotate_signing_key(
    state: State<'_, AppState>,
    passphrase: String,
) -> Result<SigningKeyInfo> {
    state.engine.rotate_signing_key(&passphrase).await
}

/// Asks where to save the public key, then writes it. `None` when cancelled.
#[tauri::command]
async fn export_public_key(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
) -> Result<Option<SigningKeyInfo>> {
    let dialog = app
        .dialog()
        .file()
        .set_title("Save the public key for finance")
        .set_file_name("runrate-signing-key.pub")
        .add_filter("OpenSSH public key", &["pub"])
        .add_filter("PEM public key", &["pem"]);
    let Some(path) = pick(move || dialog.blocking_save_file()).await? else {
        return Ok(None);
    };
    state.engine.export_public_key(&path).await.map(Some)
}

/// Asks where to save the pack (or, with `RUNRATE_SAVE_DIR` set, as the
/// end-to-end test does, saves it there), then exports it with
/// `pack-progress` events. `None` when cancelled.
#[tauri::command]
async fn export_pack(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    request: PackRequest,
) -> Result<Option<PackExported>> {
    let Some(path) = save_path(
        &app,
        "Save the signed pack",
        &request.suggested_file_name(),
        ("Zip archive", &["zip"]),
    )
    .await?
    else {
        return Ok(None);
    };
    let events = app.clone();
    let task = state.start_task("pack-export");
    state
        .engine
        .export_pack(
            &request,
            &path,
            &move |progress: PackProgress| {
                let _ = events.emit("pack-progress", &progress);
            },
            &task.cancel,
        )
        .await
        .map(Some)
}

#[tauri::command]
async fn list_packs(state: State<'_, AppState>) -> Result<Vec<PackRecord>> {
    state.engine.list_packs().await
}

/// Asks which pack to open (or, with `RUNRATE_PICK_PACK` set, as the
/// end-to-end test does, takes that path).
#[tauri::command]
async fn choose_pack_file(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
) -> Result<Option<ChosenFile>> {
    if let Some(paths) = std::env::var_os("RUNRATE_PICK_PACK").filter(|p| !p.is_empty()) {
        return Ok(Some(state.remember(PathBuf::from(paths))));
    }
    let picked = pick_one(&app, "Open a signed pack", "Runrate pack", &["zip"]).await?;
    Ok(picked.map(|path| state.remember(path)))
}

/// Asks for the allowed_signers file that says whose keys to trust.
#[tauri::command]
async fn choose_allowed_signers(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
) -> Result<Option<ChosenFile>> {
    let dialog = app
        .dialog()
        .file()
        .set_title("Choose the allowed_signers file of keys you trust");
    let picked = pick(move || dialog.blocking_pick_file()).await?;
    Ok(picked.map(|path| state.remember(path)))
}

/// Verifies a chosen pack, trusting the chosen allowed_signers file (if any)
/// and this workspace's own keys.
#[tauri::command]
async fn verify_pack(
    state: State<'_, AppState>,
    token: String,
    allowed_signers: Option<String>,
) -> Result<PackVerification> {
    let path = state.chosen_path(&token)?;
    let signers = allowed_signers.map(|t| state.chosen_path(&t)).transpose()?;
    state
        .engine
        .verify_pack(&path, signers.as_deref(), None)
        .await
}

/// The extensions of a small table file (CSV or workbook).
const TABLE_FILES: &[&str] = &["csv", "xlsx", "xls", "ods"];

/// Asks for one file of the given kinds; `None` when cancelled.
async fn pick_one(
    app: &tauri::AppHandle,
    title: &str,
    filter: &str,
    extensions: &[&str],
) -> Result<Option<PathBuf>> {
    let dialog = app
        .dialog()
        .file()
        .set_title(title)
        .add_filter(filter, extensions);
    pick(move || dialog.blocking_pick_file()).await
}

/// Where to save a new file: the native save dialog, or `RUNRATE_SAVE_DIR`
/// (for the end-to-end tests) joined with the suggested name.
async fn save_path(
    app: &tauri::AppHandle,
    title: &str,
    suggested: &str,
    (filter, extensions): (&str, &[&str]),
) -> Result<Option<PathBuf>> {
    if let Some(dir) = std::env::var_os("RUNRATE_SAVE_DIR").filter(|p| !p.is_empty()) {
        return Ok(Some(PathBuf::from(dir).join(suggested)));
    }
    let dialog = app
        .dialog()
        .file()
        .set_title(title)
        .set_file_name(suggested)
        .add_filter(filter, extensions);
    pick(move || dialog.blocking_save_file()).await
}

/// Runs a blocking native dialog off the async runtime; `None` when cancelled.
async fn pick<F>(show: F) -> Result<Option<PathBuf>>
where
    F: FnOnce() -> Option<tauri_plugin_dialog::FilePath> + Send + 'static,
{
    let picked = tauri::async_runtime::spawn_blocking(show)
        .await
        .map_err(|e| Error::internal("The file dialog failed").with_detail(e.to_string()))?;
    picked
        .map(|p| {
            p.into_path().map_err(|e| {
                Error::invalid("That location is not a local file").with_detail(e.to_string())
            })
        })
        .transpose()
}

/// Opens the database before the window can call anything.
fn open_engine() -> std::result::Result<Engine, Error> {
    let path = runrate::store::default_path()?;
    let clock: std::sync::Arc<dyn runrate::clock::Clock> = runrate::clock::clock_from_env().into();
    tauri::async_runtime::block_on(Engine::open(&path, clock))
}

/// When `run` began, for the start-up figures.
static STARTED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

/// Called by the window after its first paint. When `RUNRATE_STARTUP_REPORT`
/// names a file, the start-up figures are written there (the start-up
/// benchmark reads them), and with `RUNRATE_STARTUP_EXIT=1` the app then quits.
#[tauri::command]
fn window_ready(app: tauri::AppHandle) {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let Some(path) = std::env::var_os("RUNRATE_STARTUP_REPORT").filter(|p| !p.is_empty())
        else {
            return;
        };
        let since_run = STARTED.get().map(|t| t.elapsed().as_secs_f64() * 1000.0);
        let unix_ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis())
            .unwrap_or_default();
        let report = serde_json::json!({ "painted_unix_ms": unix_ms, "since_run_ms": since_run });
        if let Err(e) = std::fs::write(&path, report.to_string()) {
            eprintln!("Runrate could not write the start-up report: {e}");
        }
        if std::env::var_os("RUNRATE_STARTUP_EXIT").is_some_and(|v| v == "1") {
            app.exit(0);
        }
    });
}

/// Starts the app.
pub fn run() {
    STARTED.get_or_init(std::time::Instant::now);
    let engine = match open_engine() {
        Ok(engine) => engine,
        Err(e) => {
            // Nothing can work without the database; say why on the terminal.
            eprintln!("Runrate could not open its database: {}", e.message);
            if let Some(detail) = &e.detail {
                eprintln!("  detail: {detail}");
            }
            std::process::exit(2);
        }
    };
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            // A second launch focuses the running window instead of racing it
            // for the same database.
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.set_focus();
            }
        }))
        .plugin(tauri_plugin_dialog::init())
        .manage(AppState {
            engine,
            chosen: Mutex::new(HashMap::new()),
            running: Mutex::new(HashMap::new()),
        })
        .invoke_handler(tauri::generate_handler![
            app_info,
            is_empty,
            load_demo,
            clear_demo,
            list_backups,
            save_backup,
            choose_backup_file,
            restore_backup,
            cancel_task,
            remove_rule,
            spend_lines,
            line_history,
            window_ready,
            list_service_codes,
            get_service_code,
            validate_service_code,
            add_service_code,
            edit_service_code,
            retire_service_code,
            reactivate_service_code,
            export_register,
            choose_register_file,
            import_register,
            list_departments,
            add_department,
            add_department_alias,
            list_cost_centres,
            list_rules,
            get_settings,
            update_settings,
            verify_audit,
            audit_events,
            choose_import_files,
            preview_import,
            commit_import,
            list_imports,
            undo_import,
            inspect_layout,
            list_mappings,
            save_mapping,
            delete_mapping,
            unattributed_spend,
            add_rule,
            spend_report,
            list_prices,
            set_price,
            list_fx,
            set_fx,
            import_mappings_file,
            export_mapping_file,
            import_prices_file,
            import_fx_file,
            forecast_view,
            overview_tiles,
            forecast_history,
            list_budgets,
            set_budget,
            remove_budget,
            budget_history,
            import_budgets_file,
            anomalies,
            reconcile,
            reconcile_lines,
            split_shared_cost,
            readiness,
            list_hypotheses,
            add_hypothesis,
            edit_hypothesis,
            record_outcomes,
            import_outcomes_file,
            value_view,
            value_portfolio,
            reviews,
            dispute_reasons,
            month_lines,
            add_dispute,
            list_disputes,
            dispute_detail,
            set_dispute_status,
            approve_month,
            reopen_approval,
            list_approvals,
            signing_key_info,
            create_signing_key,
            rotate_signing_key,
            export_public_key,
            export_pack,
            list_packs,
            choose_pack_file,
            choose_allowed_signers,
            verify_pack,
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("Runrate stopped: {e}");
        std::process::exit(2);
    }
}

#[cfg(test)]
mod tests {
    //! The window may call exactly the commands the handler registers, and no
    //! permission reaches files, the shell or the network.

    const LIB: &str = include_str!("lib.rs");
    const COMMANDS: &str = include_str!("../commands.txt");
    const CAPABILITY: &str = include_str!("../capabilities/main.json");
    const CONFIG: &str = include_str!("../tauri.conf.json");

    fn declared() -> Vec<String> {
        COMMANDS
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_string)
            .collect()
    }

    fn handled() -> Vec<String> {
        let start = LIB.find("generate_handler![").expect("handler") + "generate_handler![".len();
        let end = start + LIB[start..].find(']').expect("end of handler");
        LIB[start..end]
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn every_handled_command_is_declared_and_granted_to_main_only() {
        let mut handled = handled();
        let mut declared = declared();
        handled.sort();
        declared.sort();
        assert_eq!(
            handled, declared,
            "commands.txt and generate_handler! differ"
        );

        let capability: serde_json::Value = serde_json::from_str(CAPABILITY).unwrap();
        assert_eq!(capability["windows"], serde_json::json!(["main"]));
        let granted: Vec<&str> = capability["permissions"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|p| p.as_str())
            .collect();
        for command in &declared {
            let permission = format!("allow-{}", command.replace('_', "-"));
            assert!(
                granted.contains(&permission.as_str()),
                "{permission} is not granted"
            );
        }
        for permission in &granted {
            for forbidden in ["fs:", "shell:", "opener:", "http:", "dialog:"] {
                assert!(
                    !permission.starts_with(forbidden),
                    "{permission} must not be granted"
                );
            }
        }
    }

    #[test]
    fn the_isolation_hook_knows_every_command() {
        let hook = include_str!("../../isolation/index.js");
        for command in declared() {
            assert!(
                hook.contains(&format!("  {command}: [")),
                "{command} missing from isolation/index.js"
            );
        }
    }

    #[test]
    fn the_webview_is_locked_down() {
        let config: serde_json::Value = serde_json::from_str(CONFIG).unwrap();
        let security = &config["app"]["security"];
        let csp = security["csp"].as_str().expect("a CSP is set");
        let script_src = csp
            .split(';')
            .map(str::trim)
            .find(|d| d.starts_with("script-src"))
            .expect("script-src");
        assert_eq!(script_src, "script-src 'self'");
        assert!(!csp.contains("unsafe-eval"));
        assert!(
            !csp.replace("http://ipc.localhost", "").contains("http"),
            "no remote content: {csp}"
        );
        assert_eq!(security["freezePrototype"], true);
        assert_eq!(security["pattern"]["use"], "isolation");
        // Tauri adds the isolation frame's per-run origin to default-src only,
        // so a frame-src directive would block the frame and with it all IPC.
        assert!(
            !csp.contains("frame-src"),
            "frame-src would block the isolation frame"
        );
        assert_eq!(config["app"]["withGlobalTauri"], false);
        assert!(
            config["build"]["devUrl"].is_null(),
            "the binary embeds ui/dist"
        );
    }
}
