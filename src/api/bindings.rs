//! TypeScript declarations for every type that crosses into the UI.
//!
//! `ui/src/bindings.ts` is generated from this list. The test
//! `bindings_are_current` fails when the file is stale; regenerate it with
//! `UPDATE_BINDINGS=1 cargo test --test engine bindings`.

use ts_rs::{Config, TS};

macro_rules! declarations {
    ($cfg:expr, $($ty:ty),+ $(,)?) => {{
        let mut out = Vec::new();
        $(
            let mut decl = String::new();
            if let Some(docs) = <$ty as TS>::docs() {
                decl.push_str(&docs);
            }
            decl.push_str("export ");
            decl.push_str(&<$ty as TS>::decl($cfg));
            out.push(decl);
        )+
        out
    }};
}

/// The generated TypeScript module, exactly as it should be on disk.
pub fn typescript() -> String {
    let cfg = Config::new().with_large_int("number");
    let decls = declarations!(
        &cfg,
        crate::error::Code,
        crate::error::Severity,
        crate::error::FieldIssue,
        crate::error::Error,
        crate::money::RoundingRule,
        crate::model::provider::Provider,
        crate::model::service_code::Stage,
        crate::model::service_code::Environment,
        crate::model::service_code::ModelTier,
        crate::model::service_code::DataClass,
        crate::model::service_code::CodeStatus,
        crate::model::service_code::ServiceCode,
        crate::model::service_code::ServiceCodeInput,
        crate::model::service_code::ServiceCodePatch,
        crate::model::department::Department,
        crate::model::department::CostCentre,
        crate::model::attribution::RuleKind,
        crate::model::attribution::AttributionRule,
        crate::register::RowIssue,
        crate::audit::AuditEvent,
        crate::audit::ChainReport,
        super::AppInfo,
        super::ChosenFile,
        super::Exported,
        super::settings::Settings,
        super::settings::SettingsPatch,
        super::codes::CodeFilter,
        super::codes::RegisterImport,
        super::rules::RuleInput,
        super::demo::DemoLoaded,
        super::rules::RuleSaved,
        crate::import::SourceKind,
        crate::import::IssueSeverity,
        crate::import::ImportIssue,
        crate::import::Field,
        crate::import::Mapping,
        super::imports::ImportOptions,
        super::imports::CurrencyTotal,
        super::imports::ImportSummary,
        super::imports::ImportRecord,
        super::imports::ImportStage,
        super::imports::ImportProgress,
        super::mappings::PreviewRow,
        super::mappings::SheetPreview,
        super::mappings::LayoutPreview,
        crate::model::price::PriceEntry,
        super::prices::PriceInput,
        super::prices::PricesSaved,
        crate::model::fx::FxRate,
        crate::model::fx::RateUsed,
        super::prices::FxInput,
        crate::model::spend::GroupBy,
        crate::model::spend::SourceFilter,
        crate::model::spend::SpendGroup,
        crate::model::spend::UnattributedShare,
        crate::model::spend::Unconverted,
        crate::model::spend::SpendReport,
        crate::model::spend::UnattributedGroup,
        super::reports::SpendQuery,
        crate::model::budget::ScopeKind,
        crate::model::budget::Scope,
        crate::model::budget::Budget,
        crate::model::budget::BudgetChange,
        crate::model::budget::AlertBasis,
        crate::model::budget::Alert,
        super::budgets::BudgetInput,
        super::budgets::BudgetsImported,
        crate::model::forecast::methods::Method,
        crate::model::forecast::backtest::MethodScore,
        crate::model::forecast::MethodUsed,
        crate::model::forecast::Status,
        crate::model::forecast::ForecastInputs,
        crate::model::forecast::PeriodForecast,
        super::forecasts::ForecastQuery,
        super::forecasts::PathPoint,
        super::forecasts::UnattributedPart,
        super::forecasts::ScopeForecast,
        super::forecasts::ForecastView,
        super::forecasts::ForecastCheck,
        crate::model::reconcile::ReconcileBy,
        crate::model::reconcile::Side,
        crate::model::reconcile::ReconcileRow,
        super::reconcile::ReconcileQuery,
        super::reconcile::Reconciliation,
        super::reconcile::DrillQuery,
        super::reconcile::DrillLine,
        super::reconcile::SideTotal,
        super::reconcile::DrillDown,
        crate::model::split::SplitBasis,
        crate::model::split::SplitPart,
        super::splits::SplitQuery,
        super::splits::SplitResult,
        crate::model::anomaly::AnomalyScope,
        crate::model::anomaly::Anomaly,
        super::anomalies::AnomalyQuery,
        super::anomalies::AnomalyReport,
        crate::model::readiness::ReadinessCheck,
        crate::model::readiness::Readiness,
        crate::model::value::HypothesisStatus,
        crate::model::value::Decision,
        crate::model::value::BenefitMeasure,
        crate::model::value::Hypothesis,
        crate::model::value::MonthMeasure,
        crate::model::value::VerdictKind,
        crate::model::value::Verdict,
        crate::model::value::ValueReport,
        crate::store::value::OutcomeRecord,
        super::value::HypothesisInput,
        super::value::OutcomesImported,
        super::value::ValueView,
        crate::model::review::ReviewDue,
        crate::model::review::IdleExperiment,
        crate::model::review::PromotionItem,
        crate::model::review::Promotion,
        crate::model::review::Quadrant,
        crate::model::review::PortfolioPoint,
        crate::model::review::Hint,
        super::reviews::Reviews,
        super::reviews::Portfolio,
    );
    let mut text = String::from(
        "// Generated from the Rust engine by `runrate::api::bindings`. Do not edit by hand:\n\
         // run `UPDATE_BINDINGS=1 cargo test --test engine bindings` after changing a type.\n\n",
    );
    text.push_str(&decls.join("\n\n"));
    text.push('\n');
    text
}
