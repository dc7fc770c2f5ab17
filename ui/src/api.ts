// The engine's commands, typed. Every call goes through Tauri's IPC to one
// `runrate::api::Engine` method; failures arrive as the engine's `Error`
// (a stable code plus a plain-language message).
import { invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import type {
  Approval,
  ApprovalInput,
  Dispute,
  DisputeDetail,
  DisputeInput,
  DrillLine,
  PackExported,
  PackProgress,
  PackRecord,
  PackRequest,
  PackVerification,
  ReasonChoice,
  SigningKeyInfo,
  Hypothesis,
  HypothesisInput,
  OutcomeRecord,
  OutcomesImported,
  Portfolio,
  Reviews,
  ValueView,
  AnomalyQuery,
  AnomalyReport,
  Budget,
  BudgetChange,
  BudgetInput,
  BudgetsImported,
  DrillDown,
  DrillQuery,
  LinesQuery,
  ForecastCheck,
  ForecastQuery,
  ForecastView,
  Readiness,
  ReconcileQuery,
  Reconciliation,
  SplitQuery,
  SplitResult,
  AppInfo,
  AttributionRule,
  AuditEvent,
  ChainReport,
  LineChange,
  ChosenFile,
  CodeFilter,
  CostCentre,
  BackupInfo,
  DemoCleared,
  DemoLoaded,
  Restored,
  Department,
  Error as EngineError,
  Exported,
  FieldIssue,
  FxInput,
  FxRate,
  ImportOptions,
  ImportProgress,
  ImportRecord,
  ImportSummary,
  LayoutPreview,
  Mapping,
  PriceEntry,
  PriceInput,
  PricesSaved,
  RegisterImport,
  RuleInput,
  RuleSaved,
  ServiceCode,
  ServiceCodeInput,
  Settings,
  SettingsPatch,
  SpendQuery,
  SpendReport,
  UnattributedGroup,
} from "./bindings";

/** An engine error as the UI handles it. */
export class AppError extends Error {
  readonly code: EngineError["code"];
  readonly fields: FieldIssue[];

  constructor(error: EngineError) {
    super(error.message);
    this.name = "AppError";
    this.code = error.code;
    this.fields = error.fields ?? [];
  }
}

function isEngineError(value: unknown): value is EngineError {
  return (
    typeof value === "object" &&
    value !== null &&
    "code" in value &&
    "message" in value &&
    typeof (value as { message: unknown }).message === "string"
  );
}

/** Turns whatever a failed call threw into an `AppError`. */
export function toAppError(thrown: unknown): AppError {
  if (thrown instanceof AppError) return thrown;
  if (isEngineError(thrown)) return new AppError(thrown);
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  return new AppError({ code: "internal", message, fields: [] });
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (thrown) {
    throw toAppError(thrown);
  }
}

/** What the engine sends while an import is being saved. */
export interface ImportProgressEvent {
  /** The chosen file the progress is for. */
  token: string;
  progress: ImportProgress;
}

/**
 * Calls `handler` for every `import-progress` event until the returned
 * function is called.
 */
export async function onImportProgress(handler: (event: ImportProgressEvent) => void): Promise<() => void> {
  try {
    return await listen<ImportProgressEvent>("import-progress", (event) => handler(event.payload));
  } catch (thrown) {
    throw toAppError(thrown);
  }
}

/**
 * Calls `handler` for every `pack-progress` event (a pack being exported)
 * until the returned function is called.
 */
export async function onPackProgress(handler: (progress: PackProgress) => void): Promise<() => void> {
  try {
    return await listen<PackProgress>("pack-progress", (event) => handler(event.payload));
  } catch (thrown) {
    throw toAppError(thrown);
  }
}

/** The filter for every active service code. */
export const ACTIVE_CODES: CodeFilter = { search: null, department: null, status: "active" };

export const api = {
  appInfo: () => call<AppInfo>("app_info"),
  /** Tells the shell the window has painted (for the start-up figures). */
  windowReady: () => call<null>("window_ready"),
  isEmpty: () => call<boolean>("is_empty"),
  loadDemo: () => call<DemoLoaded>("load_demo"),
  clearDemo: () => call<DemoCleared>("clear_demo"),
  listBackups: () => call<BackupInfo[]>("list_backups"),
  saveBackup: () => call<BackupInfo | null>("save_backup"),
  chooseBackupFile: () => call<ChosenFile | null>("choose_backup_file"),
  restoreBackup: (choice: { token: string } | { automatic: string }) =>
    call<Restored>("restore_backup", {
      token: "token" in choice ? choice.token : null,
      automatic: "automatic" in choice ? choice.automatic : null,
    }),
  /** Asks a running import (by its file token) or the pack export (`pack-export`) to stop. */
  cancelTask: (task: string) => call<boolean>("cancel_task", { task }),
  removeRule: (id: number) => call<RuleSaved>("remove_rule", { id }),
  /** The lines behind a total on Overview or Budgets (at most 2,000 listed; totals count all). */
  spendLines: (query: LinesQuery) => call<DrillDown>("spend_lines", { query }),
  /** Every change to one imported line's standing, oldest first. */
  lineHistory: (lineId: number) => call<LineChange[]>("line_history", { lineId }),
  listServiceCodes: (filter: CodeFilter) => call<ServiceCode[]>("list_service_codes", { filter }),
  getServiceCode: (code: string) => call<ServiceCode>("get_service_code", { code }),
  validateServiceCode: (input: ServiceCodeInput, editing: string | null) =>
    call<FieldIssue[]>("validate_service_code", { input, editing }),
  addServiceCode: (input: ServiceCodeInput) => call<ServiceCode>("add_service_code", { input }),
  editServiceCode: (code: string, input: ServiceCodeInput) =>
    call<ServiceCode>("edit_service_code", { code, input }),
  retireServiceCode: (code: string) => call<ServiceCode>("retire_service_code", { code }),
  reactivateServiceCode: (code: string) => call<ServiceCode>("reactivate_service_code", { code }),
  exportRegister: () => call<Exported | null>("export_register"),
  chooseRegisterFile: () => call<ChosenFile | null>("choose_register_file"),
  importRegister: (token: string, dryRun: boolean) =>
    call<RegisterImport>("import_register", { token, dryRun }),
  listDepartments: () => call<Department[]>("list_departments"),
  addDepartment: (name: string, aliases: string[]) =>
    call<Department>("add_department", { name, aliases }),
  listCostCentres: () => call<CostCentre[]>("list_cost_centres"),
  getSettings: () => call<Settings>("get_settings"),
  updateSettings: (patch: SettingsPatch) => call<Settings>("update_settings", { patch }),
  verifyAudit: () => call<ChainReport>("verify_audit"),
  auditEvents: (subject: string | null, limit: number) =>
    call<AuditEvent[]>("audit_events", { subject, limit }),
  chooseImportFiles: () => call<ChosenFile[]>("choose_import_files"),
  previewImport: (token: string, options: ImportOptions) =>
    call<ImportSummary>("preview_import", { token, options }),
  commitImport: (token: string, options: ImportOptions) =>
    call<ImportSummary>("commit_import", { token, options }),
  onImportProgress,
  listImports: () => call<ImportRecord[]>("list_imports"),
  undoImport: (id: number) => call<ImportRecord>("undo_import", { id }),
  inspectLayout: (token: string) => call<LayoutPreview>("inspect_layout", { token }),
  listMappings: () => call<Mapping[]>("list_mappings"),
  saveMapping: (mapping: Mapping) => call<Mapping>("save_mapping", { mapping }),
  deleteMapping: (name: string) => call<Mapping>("delete_mapping", { name }),
  importMappingsFile: () => call<Mapping[] | null>("import_mappings_file"),
  exportMappingFile: (name: string) => call<Exported | null>("export_mapping_file", { name }),
  importPricesFile: () => call<PricesSaved | null>("import_prices_file"),
  importFxFile: () => call<FxRate[] | null>("import_fx_file"),
  unattributedSpend: (month: string) => call<UnattributedGroup[]>("unattributed_spend", { month }),
  addRule: (input: RuleInput) => call<RuleSaved>("add_rule", { input }),
  listRules: () => call<AttributionRule[]>("list_rules"),
  spendReport: (query: SpendQuery) => call<SpendReport>("spend_report", { query }),
  listPrices: () => call<PriceEntry[]>("list_prices"),
  setPrice: (input: PriceInput) => call<PricesSaved>("set_price", { input }),
  listFx: () => call<FxRate[]>("list_fx"),
  setFx: (input: FxInput) => call<FxRate>("set_fx", { input }),
  forecastView: (query: ForecastQuery) => call<ForecastView>("forecast_view", { query }),
  overviewTiles: (asOf: string) => call<ForecastView[]>("overview_tiles", { asOf }),
  forecastHistory: (department: string, serviceCode: string) =>
    call<ForecastCheck[]>("forecast_history", { department, serviceCode }),
  listBudgets: () => call<Budget[]>("list_budgets"),
  setBudget: (input: BudgetInput) => call<Budget>("set_budget", { input }),
  removeBudget: (department: string, serviceCode: string, period: string) =>
    call<Budget>("remove_budget", { department, serviceCode, period }),
  budgetHistory: () => call<BudgetChange[]>("budget_history"),
  importBudgetsFile: () => call<BudgetsImported | null>("import_budgets_file"),
  anomalies: (query: AnomalyQuery) => call<AnomalyReport>("anomalies", { query }),
  reconcile: (query: ReconcileQuery) => call<Reconciliation>("reconcile", { query }),
  reconcileLines: (query: DrillQuery) => call<DrillDown>("reconcile_lines", { query }),
  splitSharedCost: (query: SplitQuery) => call<SplitResult>("split_shared_cost", { query }),
  readiness: () => call<Readiness[]>("readiness"),
  listHypotheses: () => call<Hypothesis[]>("list_hypotheses"),
  addHypothesis: (input: HypothesisInput) => call<Hypothesis>("add_hypothesis", { input }),
  editHypothesis: (id: number, input: HypothesisInput) => call<Hypothesis>("edit_hypothesis", { id, input }),
  recordOutcomes: (id: number, month: string, outcomes: string) =>
    call<OutcomeRecord>("record_outcomes", { id, month, outcomes }),
  importOutcomesFile: () => call<OutcomesImported | null>("import_outcomes_file"),
  valueView: (id: number, costSide: string, asOf: string) => call<ValueView>("value_view", { id, costSide, asOf }),
  valuePortfolio: () => call<Portfolio>("value_portfolio"),
  reviews: () => call<Reviews>("reviews"),
  disputeReasons: () => call<ReasonChoice[]>("dispute_reasons"),
  monthLines: (department: string, month: string) => call<DrillLine[]>("month_lines", { department, month }),
  addDispute: (input: DisputeInput) => call<DisputeDetail>("add_dispute", { input }),
  listDisputes: (department: string, month: string) => call<Dispute[]>("list_disputes", { department, month }),
  disputeDetail: (id: number) => call<DisputeDetail>("dispute_detail", { id }),
  setDisputeStatus: (id: number, status: "withdrawn" | "accepted" | "rejected") =>
    call<Dispute>("set_dispute_status", { id, status }),
  approveMonth: (input: ApprovalInput) => call<Approval>("approve_month", { input }),
  reopenApproval: (department: string, month: string, reason: string) =>
    call<Approval>("reopen_approval", { department, month, reason }),
  listApprovals: () => call<Approval[]>("list_approvals"),
  signingKeyInfo: () => call<SigningKeyInfo | null>("signing_key_info"),
  createSigningKey: (passphrase: string) => call<SigningKeyInfo>("create_signing_key", { passphrase }),
  rotateSigningKey: (passphrase: string) => call<SigningKeyInfo>("rotate_signing_key", { passphrase }),
  exportPublicKey: () => call<SigningKeyInfo | null>("export_public_key"),
  exportPack: (request: PackRequest) => call<PackExported | null>("export_pack", { request }),
  onPackProgress,
  listPacks: () => call<PackRecord[]>("list_packs"),
  choosePackFile: () => call<ChosenFile | null>("choose_pack_file"),
  chooseAllowedSigners: () => call<ChosenFile | null>("choose_allowed_signers"),
  verifyPack: (token: string, allowedSigners: string | null) =>
    call<PackVerification>("verify_pack", { token, allowedSigners }),
};

export type Api = typeof api;
