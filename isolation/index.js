// Runrate's isolation hook. Tauri runs this file in a sandboxed frame and passes
// every message from the UI through it before it reaches Rust. It lets through
// only Runrate's own commands, with exactly the argument names each one takes,
// plus the few core plugin calls the window uses. The Rust side still checks
// every argument; this is a second wall against a compromised UI dependency.
"use strict";

const COMMANDS = {
  app_info: [],
  is_empty: [],
  load_demo: [],
  clear_demo: [],
  list_backups: [],
  save_backup: [],
  choose_backup_file: [],
  restore_backup: ["token", "automatic"],
  cancel_task: ["task"],
  remove_rule: ["id"],
  spend_lines: ["query"],
  line_history: ["lineId"],
  window_ready: [],
  list_service_codes: ["filter"],
  get_service_code: ["code"],
  validate_service_code: ["input", "editing"],
  add_service_code: ["input"],
  edit_service_code: ["code", "input"],
  retire_service_code: ["code"],
  reactivate_service_code: ["code"],
  export_register: [],
  choose_register_file: [],
  import_register: ["token", "dryRun"],
  list_departments: [],
  add_department: ["name", "aliases"],
  add_department_alias: ["department", "alias"],
  list_cost_centres: [],
  list_rules: [],
  get_settings: [],
  update_settings: ["patch"],
  verify_audit: [],
  audit_events: ["subject", "limit"],
  choose_import_files: [],
  preview_import: ["token", "options"],
  commit_import: ["token", "options"],
  list_imports: [],
  undo_import: ["id"],
  inspect_layout: ["token"],
  list_mappings: [],
  save_mapping: ["mapping"],
  delete_mapping: ["name"],
  unattributed_spend: ["month"],
  add_rule: ["input"],
  spend_report: ["query"],
  list_prices: [],
  set_price: ["input"],
  list_fx: [],
  set_fx: ["input"],
  import_mappings_file: [],
  export_mapping_file: ["name"],
  import_prices_file: [],
  import_fx_file: [],
  forecast_view: ["query"],
  overview_tiles: ["asOf"],
  forecast_history: ["department", "serviceCode"],
  list_budgets: [],
  set_budget: ["input"],
  remove_budget: ["department", "serviceCode", "period"],
  budget_history: [],
  import_budgets_file: [],
  anomalies: ["query"],
  reconcile: ["query"],
  reconcile_lines: ["query"],
  split_shared_cost: ["query"],
  readiness: [],
  list_hypotheses: [],
  add_hypothesis: ["input"],
  edit_hypothesis: ["id", "input"],
  record_outcomes: ["id", "month", "outcomes"],
  import_outcomes_file: [],
  value_view: ["id", "costSide", "asOf"],
  value_portfolio: [],
  reviews: [],
  dispute_reasons: [],
  month_lines: ["department", "month"],
  add_dispute: ["input"],
  list_disputes: ["department", "month"],
  dispute_detail: ["id"],
  set_dispute_status: ["id", "status"],
  approve_month: ["input"],
  reopen_approval: ["department", "month", "reason"],
  list_approvals: [],
  signing_key_info: [],
  create_signing_key: ["passphrase"],
  rotate_signing_key: ["passphrase"],
  export_public_key: [],
  export_pack: ["request"],
  list_packs: [],
  choose_pack_file: [],
  choose_allowed_signers: [],
  verify_pack: ["token", "allowedSigners"],
};

const CORE = /^plugin:(event|window)\|[a-z_]+$/;

function isPlainObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

window.__TAURI_ISOLATION_HOOK__ = (message) => {
  if (!isPlainObject(message) || typeof message.cmd !== "string") {
    throw new Error("Runrate: malformed IPC message");
  }
  if (CORE.test(message.cmd)) {
    return message;
  }
  if (!Object.prototype.hasOwnProperty.call(COMMANDS, message.cmd)) {
    throw new Error(`Runrate: command '${message.cmd}' is not allowed`);
  }
  const allowed = COMMANDS[message.cmd];
  const args = message.payload === undefined ? {} : message.payload;
  if (!isPlainObject(args)) {
    throw new Error(`Runrate: arguments of '${message.cmd}' must be an object`);
  }
  for (const key of Object.keys(args)) {
    if (!allowed.includes(key)) {
      throw new Error(`Runrate: '${message.cmd}' takes no argument '${key}'`);
    }
  }
  return message;
};
