//! Command-line arguments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use runrate::error::{Error, Result};
use runrate::model::service_code::{CodeStatus, ServiceCodeInput, ServiceCodePatch};

/// Account for your department's AI spend.
#[derive(Debug, Parser)]
#[command(name = "runrate", version, about, long_about = None)]
pub struct Cli {
    /// The database file (default: the app-data folder shared with the desktop app).
    #[arg(long, global = true, env = "RUNRATE_DB")]
    pub db: Option<PathBuf>,
    /// Print JSON instead of tables; amounts are decimal strings.
    #[arg(long, global = true)]
    pub json: bool,
    /// Print technical detail with errors.
    #[arg(long, short, global = true)]
    pub verbose: bool,
    #[command(subcommand)]
    pub command: Command,
}

/// The top-level commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// The service-code register: list, add, edit, retire, import, export.
    #[command(subcommand)]
    Codes(CodesCommand),
    /// Attribution rules: which API keys, projects, workspaces or tags belong to which code.
    #[command(subcommand)]
    Map(MapCommand),
    /// Departments and their aliases.
    #[command(subcommand)]
    Departments(DepartmentCommand),
    /// Cost centres.
    #[command(subcommand, name = "cost-centres")]
    CostCentres(CostCentreCommand),
    /// Base currency, fiscal year, your name and role, rounding.
    #[command(subcommand)]
    Settings(SettingsCommand),
    /// The audit log.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Import finance showback workbooks and provider exports (OpenAI, Anthropic,
    /// FOCUS, LiteLLM, CSV or JSON): preview with --dry-run.
    Import {
        /// The files to import, each as its own batch.
        #[arg(required = true)]
        files: Vec<std::path::PathBuf>,
        /// Force a format: showback, openai-cost-csv, openai-usage-csv,
        /// openai-cost-json, openai-usage-json, anthropic-cost-csv,
        /// anthropic-usage-csv, anthropic-cost-json, anthropic-usage-json, focus,
        /// litellm-spend-logs or litellm-spend-report.
        #[arg(long)]
        format: Option<String>,
        /// Read the files through this saved column mapping.
        #[arg(long)]
        mapping: Option<String>,
        /// Show what would be imported; save nothing.
        #[arg(long)]
        dry_run: bool,
        /// Import the valid rows even when some rows are rejected.
        #[arg(long)]
        keep_valid_rows: bool,
        /// Where a line restates a charge an earlier import holds with another amount,
        /// take this file's figure (undoing this import brings the earlier one back).
        #[arg(long)]
        replace_conflicts: bool,
    },
    /// Earlier imports: list, show, undo.
    #[command(subcommand)]
    Imports(ImportsCommand),
    /// Saved column mappings for layouts Runrate does not recognise by itself.
    #[command(subcommand)]
    Mappings(MappingsCommand),
    /// The price book used to price usage exports that carry no money.
    #[command(subcommand)]
    Prices(PricesCommand),
    /// Monthly FX rates used to convert between currencies.
    #[command(subcommand)]
    Fx(FxCommand),
    /// Reports on imported spend.
    #[command(subcommand)]
    Report(ReportCommand),
    /// Unattributed spend, by the API key, project or workspace that would attribute it.
    Unattributed {
        /// Only this month (2026-09); default every month.
        #[arg(long)]
        month: Option<String>,
    },
    /// Budgets per department or service code, per month or fiscal year.
    #[command(subcommand)]
    Budget(crate::planning::BudgetCommand),
    /// Month-end and year-end forecast against budget, with an 80% range.
    Forecast(crate::planning::ForecastArgs),
    /// Budget thresholds crossed, on actual and on forecast.
    Alerts {
        /// As of this date (default today).
        #[arg(long)]
        as_of: Option<String>,
    },
    /// Day-level spend spikes per service code and per API key.
    Anomalies(crate::planning::AnomalyArgs),
    /// Finance's showback against provider evidence for a month.
    Reconcile(crate::planning::ReconcileArgs),
    /// Model how a shared cost splits between service codes.
    Split(crate::planning::SplitArgs),
    /// Chargeback-readiness checklist per department and service code.
    Readiness,
    /// Value hypotheses: cost per outcome against baseline and target.
    #[command(subcommand)]
    Value(crate::value::ValueCommand),
    /// Reviews due, idle experiments, stage-promotion checklists and hints.
    Reviews,
    /// Disputes of finance's charges: add, list, show, withdraw, answer.
    #[command(subcommand)]
    Dispute(crate::packs::DisputeCommand),
    /// Approve a department's month (signed when its pack is exported), or
    /// reopen a signed approval.
    Approve(crate::packs::ApproveArgs),
    /// Export a signed dispute or approval pack (a zip finance can verify
    /// with sha256sum, ssh-keygen or openssl).
    Pack(crate::packs::PackArgs),
    /// Packs exported so far.
    Packs,
    /// Verify a pack: files, hashes, signatures, totals and the signer's key.
    /// Exit 0 valid and trusted, 1 invalid or untrusted, 2 error.
    Verify(crate::packs::VerifyArgs),
    /// The pack-signing key: show, create, export-public, rotate.
    #[command(subcommand)]
    Key(crate::packs::KeyCommand),
    /// Version and where the data lives.
    Info,
    /// Load the demo dataset into an empty database, or clear it with --clear.
    Demo {
        /// Clear the demo: keep a backup of the workspace, then start an empty
        /// one (your settings and signing-key records are kept).
        #[arg(long)]
        clear: bool,
    },
    /// Save a checked backup of the workspace (VACUUM INTO, then
    /// integrity_check); without --to, into the automatic backups folder.
    Backup {
        /// The new file to write (it must not exist).
        #[arg(long)]
        to: Option<PathBuf>,
    },
    /// List the automatic backups, newest first.
    Backups,
    /// Replace the workspace with a backup, after checking it; the workspace
    /// as it was is kept as an automatic backup first.
    Restore {
        /// The backup file.
        file: PathBuf,
    },
}

/// `runrate codes …`
#[derive(Debug, Subcommand)]
pub enum CodesCommand {
    /// List service codes.
    List {
        /// Only codes whose code, description, department, owners or cost centre contain these words.
        #[arg(long)]
        search: Option<String>,
        /// Only this department (name or alias).
        #[arg(long)]
        department: Option<String>,
        /// Only `active` or `retired` codes.
        #[arg(long)]
        status: Option<StatusArg>,
    },
    /// Show one code in full.
    Show {
        /// The code.
        code: String,
    },
    /// Add a code (lowercase function-process-environment, e.g. fin-ap-query-prod).
    Add {
        /// The code.
        code: String,
        #[command(flatten)]
        fields: Box<CodeFields>,
    },
    /// Change some fields of a code; an empty value clears an optional field.
    Edit {
        /// The code.
        code: String,
        #[command(flatten)]
        fields: Box<CodeFields>,
    },
    /// Retire a code (kept for history).
    Retire {
        /// The code.
        code: String,
    },
    /// Make a retired code active again.
    Reactivate {
        /// The code.
        code: String,
    },
    /// Import a register from CSV or xlsx (all rows or none).
    Import {
        /// The file.
        file: PathBuf,
        /// Show what would change without saving.
        #[arg(long)]
        dry_run: bool,
    },
    /// Export the register to CSV or, for a .xlsx name, a workbook.
    Export {
        /// The file to write.
        file: PathBuf,
    },
}

/// `active` or `retired`.
#[derive(Debug, Clone)]
pub struct StatusArg(String);

impl std::str::FromStr for StatusArg {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        Ok(StatusArg(s.to_string()))
    }
}

impl StatusArg {
    /// The status, or an input error naming the choices.
    pub fn parse_status(&self) -> Result<CodeStatus> {
        CodeStatus::parse(&self.0)
            .ok_or_else(|| Error::invalid(format!("Status '{}' is not active or retired", self.0)))
    }
}

/// The fields of a service code, as flags.
#[derive(Debug, Args)]
pub struct CodeFields {
    /// What the workload does.
    #[arg(long)]
    pub description: Option<String>,
    /// Owning department (name or alias).
    #[arg(long)]
    pub department: Option<String>,
    /// Named business owner (required for pilot and production).
    #[arg(long)]
    pub business_owner: Option<String>,
    /// Named technical owner.
    #[arg(long)]
    pub technical_owner: Option<String>,
    /// Cost centre (required for production).
    #[arg(long)]
    pub cost_centre: Option<String>,
    /// production, staging, development or sandbox.
    #[arg(long)]
    pub environment: Option<String>,
    /// exploration, pilot or production.
    #[arg(long)]
    pub stage: Option<String>,
    /// premium, standard or economy.
    #[arg(long)]
    pub model_tier: Option<String>,
    /// Allowed providers, comma-separated (openai, anthropic, azure-openai, …).
    #[arg(long, value_delimiter = ',')]
    pub providers: Option<Vec<String>>,
    /// public, internal, confidential or restricted.
    #[arg(long)]
    pub data_class: Option<String>,
    /// Currency of the amounts (default: the base currency).
    #[arg(long)]
    pub currency: Option<String>,
    /// Monthly budget cap (required for production).
    #[arg(long)]
    pub budget_cap: Option<String>,
    /// Expected monthly run rate (required for pilot and production).
    #[arg(long)]
    pub run_rate: Option<String>,
    /// Forecast monthly benefit.
    #[arg(long)]
    pub benefit: Option<String>,
    /// Retention rule for prompts, outputs and traces.
    #[arg(long)]
    pub retention: Option<String>,
    /// Approval reference (legal, security, data protection).
    #[arg(long)]
    pub approval: Option<String>,
    /// Next review date, YYYY-MM-DD.
    #[arg(long)]
    pub review_date: Option<String>,
}

impl CodeFields {
    /// The fields as a new code's input.
    pub fn into_input(self, code: String) -> ServiceCodeInput {
        let mut input = ServiceCodeInput {
            code,
            ..Default::default()
        };
        self.into_patch().apply(&mut input);
        input
    }

    /// The fields as changes to an existing code.
    pub fn into_patch(self) -> ServiceCodePatch {
        ServiceCodePatch {
            description: self.description,
            department: self.department,
            business_owner: self.business_owner,
            technical_owner: self.technical_owner,
            cost_centre: self.cost_centre,
            environment: self.environment,
            stage: self.stage,
            model_tier: self.model_tier,
            allowed_providers: self.providers,
            data_classification: self.data_class,
            currency: self.currency,
            budget_cap: self.budget_cap,
            expected_run_rate: self.run_rate,
            forecast_benefit: self.benefit,
            retention_rule: self.retention,
            approval_reference: self.approval,
            review_date: self.review_date,
        }
    }
}

/// `runrate map …`
#[derive(Debug, Subcommand)]
pub enum MapCommand {
    /// Map an identifier to a service code: KIND is api-key-id, api-key-name,
    /// openai-project, anthropic-workspace, tag (key=value) or workload-code.
    Add {
        /// The kind of identifier.
        kind: String,
        /// The identifier (for a tag, key=value).
        pattern: String,
        /// The service code.
        code: String,
        /// Only lines from this provider.
        #[arg(long)]
        provider: Option<String>,
    },
    /// List the rules, most specific first.
    List,
    /// Remove a rule by its number.
    Remove {
        /// The rule number (from `map list`).
        id: i64,
    },
}

/// `runrate departments …`
#[derive(Debug, Subcommand)]
pub enum DepartmentCommand {
    /// List departments with their aliases and cost centres.
    List,
    /// Register a department.
    Add {
        /// Its name.
        name: String,
        /// Other spellings (repeatable).
        #[arg(long)]
        alias: Vec<String>,
    },
    /// Rename a department (the old name stays as an alias).
    Rename {
        /// The department (name or alias).
        department: String,
        /// The new name.
        new_name: String,
    },
    /// Add an alias.
    Alias {
        /// The department (name or alias).
        department: String,
        /// The new alias.
        alias: String,
    },
    /// Remove an alias.
    Unalias {
        /// The alias.
        alias: String,
    },
}

/// `runrate cost-centres …`
#[derive(Debug, Subcommand)]
pub enum CostCentreCommand {
    /// List cost centres.
    List,
    /// Register a cost centre.
    Add {
        /// Its code.
        code: String,
        /// Its name.
        #[arg(long)]
        name: Option<String>,
        /// The department it belongs to.
        #[arg(long)]
        department: Option<String>,
    },
}

/// `runrate settings …`
#[derive(Debug, Subcommand)]
pub enum SettingsCommand {
    /// Show the settings.
    Show,
    /// Change one setting: base-currency, fiscal-year-start-month, owner-name,
    /// owner-role, rounding-rule, tolerance-percent or tolerance-amount
    /// (reconciliation).
    Set {
        /// The setting.
        key: String,
        /// Its new value.
        value: String,
    },
}

/// `runrate audit …`
#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check the audit log's hash chain from the first event (exit 1 if broken).
    Verify,
    /// Show recent events.
    Log {
        /// Only events about this subject, e.g. service_code:fin-ap-query-prod.
        #[arg(long)]
        subject: Option<String>,
        /// How many events.
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
    /// Every change to one imported line's standing (attribution, liveness,
    /// a computed price), with the audited call that made it.
    Line {
        /// The line's number, as `report spend --lines` and the app show it.
        id: i64,
    },
}

/// `runrate imports …`
#[derive(Debug, Subcommand)]
pub enum ImportsCommand {
    /// Every import, newest first.
    List,
    /// One import with its issues.
    Show {
        /// The import's number.
        id: i64,
    },
    /// Withdraw an import's lines (kept for the audit trail).
    Undo {
        /// The import's number.
        id: i64,
    },
}

/// `runrate mappings …`
#[derive(Debug, Subcommand)]
pub enum MappingsCommand {
    /// Every saved mapping.
    List,
    /// One mapping, as JSON.
    Show {
        /// The mapping's name.
        name: String,
    },
    /// Save the mappings in a JSON file (one mapping or a list).
    Import {
        /// The JSON file.
        file: PathBuf,
    },
    /// Write a saved mapping to a JSON file.
    Export {
        /// The mapping's name.
        name: String,
        /// The file to write.
        file: PathBuf,
    },
    /// Delete a saved mapping.
    Delete {
        /// The mapping's name.
        name: String,
    },
}

/// `runrate prices …`
#[derive(Debug, Subcommand)]
pub enum PricesCommand {
    /// Every price entry.
    List,
    /// Set a price per million tokens (replaces the entry for the same model, tier and date).
    Set(Box<PriceArgs>),
    /// Import prices from CSV or xlsx (columns provider, model, tier, currency, input,
    /// cached_input, cache_write, cache_write_1h, output, effective_from, source, captured_on).
    Import {
        /// The file.
        file: PathBuf,
    },
}

/// `runrate fx …`
#[derive(Debug, Subcommand)]
pub enum FxCommand {
    /// Every rate.
    List,
    /// Set a month's rate: one FROM is RATE TO.
    Set {
        /// The month (2026-09).
        month: String,
        /// From currency.
        from: String,
        /// To currency.
        to: String,
        /// Units of TO per unit of FROM.
        rate: String,
        /// Where the rate comes from.
        #[arg(long, default_value = "entered by hand")]
        source: String,
    },
    /// Import rates from CSV or xlsx (columns month, from, to, rate, source).
    Import {
        /// The file.
        file: PathBuf,
    },
}

/// `runrate report …`
#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// A month's spend, grouped, with the unattributed share.
    Spend {
        /// The month (2026-09).
        #[arg(long)]
        month: String,
        /// department (default), service-code, provider, model or api-key.
        #[arg(long, default_value = "department")]
        by: String,
        /// all (default), showback or provider.
        #[arg(long, default_value = "all")]
        source: String,
        /// Report currency (default: the base currency).
        #[arg(long)]
        currency: Option<String>,
        /// List the lines behind one group instead (its key as the report
        /// shows it, e.g. openai or "(unattributed)"), with file, sheet and row.
        #[arg(long)]
        key: Option<String>,
    },
}

/// `runrate prices set …`
#[derive(Debug, Args)]
pub struct PriceArgs {
    /// Provider (openai, anthropic, …).
    pub provider: String,
    /// Model id, undated (gpt-5.4-mini).
    pub model: String,
    /// Input price per million tokens.
    #[arg(long)]
    pub input: String,
    /// Output price per million tokens.
    #[arg(long)]
    pub output: String,
    /// Cached-input price per million tokens (default: the input price).
    #[arg(long)]
    pub cached_input: Option<String>,
    /// Cache-write price per million tokens (default: the input price).
    #[arg(long)]
    pub cache_write: Option<String>,
    /// One-hour cache-write price (default: the cache-write price).
    #[arg(long)]
    pub cache_write_1h: Option<String>,
    /// standard (default), batch, priority or flex.
    #[arg(long, default_value = "standard")]
    pub tier: String,
    /// Currency (default USD).
    #[arg(long, default_value = "USD")]
    pub currency: String,
    /// First day the price applies (YYYY-MM-DD).
    #[arg(long)]
    pub from: String,
    /// Where the price comes from.
    #[arg(long)]
    pub source: String,
}
