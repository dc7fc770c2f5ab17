//! Service codes: the business identifier of one AI workload.
//!
//! A service code such as `cs-case-summary-prod` links spend to a department, its
//! owners, a cost centre, a budget and a risk profile. Everything Runrate reports
//! hangs off it. This module holds the record and its rules, as pure functions:
//! [`validate`] turns what a person typed ([`ServiceCodeInput`]) into a checked
//! [`ServiceCodeDraft`] or a list of [`FieldIssue`]s that say what is missing.
//!
//! The rules:
//! - the code is lowercase `function-process-environment` style: letters, digits
//!   and hyphens, at least two segments, 3–40 characters, starting with a letter;
//!   a vendor or model name in it is flagged (codes should outlive model changes);
//! - pilot and production codes need a named business owner and an expected
//!   monthly run rate; production codes also need a cost centre and a monthly
//!   budget cap.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::FieldIssue;
use crate::model::provider::{Provider, VENDOR_AND_MODEL_WORDS};
use crate::money::{Currency, parse_amount};

macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal $(| $alias:literal)*),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stored identifier.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Reads the identifier or a common synonym, ignoring case.
            pub fn parse(text: &str) -> Option<$name> {
                let key = text.trim().to_lowercase().replace([' ', '_'], "-");
                match key.as_str() {
                    $($text $(| $alias)* => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

text_enum! {
    /// How far a workload has come.
    Stage {
        /// Trying things out; shown back, not charged back.
        Exploration = "exploration" | "explore" | "experiment" | "lab",
        /// A named workload with an owner and an expected run rate.
        Pilot = "pilot",
        /// A workload the business relies on, with a budget and a cost centre.
        Production = "production" | "prod" | "live",
    }
}

text_enum! {
    /// Where the workload runs.
    Environment {
        /// Serving real users.
        Production = "production" | "prod" | "live",
        /// Pre-production, UAT, test.
        Staging = "staging" | "stage" | "uat" | "test" | "preprod" | "pre-prod" | "non-prod" | "nonprod",
        /// Development.
        Development = "development" | "dev",
        /// A sandbox or lab.
        Sandbox = "sandbox" | "lab" | "poc",
    }
}

text_enum! {
    /// The class of model the workload is meant to use.
    ModelTier {
        /// Frontier models (the most expensive).
        Premium = "premium" | "frontier",
        /// Mainstream models.
        Standard = "standard",
        /// Small, cheap models.
        Economy = "economy" | "small" | "mini",
    }
}

text_enum! {
    /// How sensitive the data the workload sends to models is.
    DataClass {
        /// Public information.
        Public = "public",
        /// Internal information.
        Internal = "internal",
        /// Confidential (customer, personal or commercial) information.
        Confidential = "confidential" | "customer-confidential",
        /// Restricted information that needs explicit approval.
        Restricted = "restricted",
    }
}

text_enum! {
    /// Whether a code still takes spend.
    CodeStatus {
        /// In use.
        Active = "active",
        /// No longer in use; kept for history.
        Retired = "retired",
    }
}

/// A service code as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ServiceCode {
    /// The code itself, e.g. `cs-case-summary-prod`.
    pub code: String,
    /// What the workload does.
    pub description: String,
    /// The owning department's name.
    pub department: String,
    /// The named business owner.
    pub business_owner: Option<String>,
    /// The named technical owner.
    pub technical_owner: Option<String>,
    /// The cost centre charged.
    pub cost_centre: Option<String>,
    /// Where it runs.
    pub environment: Environment,
    /// How far it has come.
    pub stage: Stage,
    /// The class of model it should use.
    pub model_tier: ModelTier,
    /// Providers it may use.
    pub allowed_providers: Vec<Provider>,
    /// How sensitive its data is.
    pub data_classification: DataClass,
    /// Currency of the money fields below.
    pub currency: Currency,
    /// Monthly budget cap.
    #[serde(with = "rust_decimal::serde::str_option")]
    #[ts(type = "string | null")]
    pub budget_cap: Option<Decimal>,
    /// Expected monthly run rate.
    #[serde(with = "rust_decimal::serde::str_option")]
    #[ts(type = "string | null")]
    pub expected_run_rate: Option<Decimal>,
    /// Expected monthly benefit.
    #[serde(with = "rust_decimal::serde::str_option")]
    #[ts(type = "string | null")]
    pub forecast_benefit: Option<Decimal>,
    /// How long prompts, outputs and traces are kept.
    pub retention_rule: Option<String>,
    /// Legal, security or data-protection approval reference.
    pub approval_reference: Option<String>,
    /// When the code is next reviewed (YYYY-MM-DD).
    #[ts(type = "string | null")]
    pub review_date: Option<NaiveDate>,
    /// Active or retired.
    pub status: CodeStatus,
    /// When it was created (RFC 3339).
    pub created_at: String,
    /// When it last changed (RFC 3339).
    pub updated_at: String,
    /// When it was retired (RFC 3339).
    pub retired_at: Option<String>,
}

/// A service code as a person typed it: free text where a form has free text.
///
/// Amounts and dates are text so that the engine, not the form, decides what is
/// valid and says so in words (`budget cap '12,0.5' is not a number`). Empty text
/// means "not given".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct ServiceCodeInput {
    /// The code, e.g. `cs-case-summary-prod`.
    pub code: String,
    /// What the workload does.
    pub description: String,
    /// Department name or alias.
    pub department: String,
    /// Business owner's name.
    pub business_owner: String,
    /// Technical owner's name.
    pub technical_owner: String,
    /// Cost centre code.
    pub cost_centre: String,
    /// `production`, `staging`, `development` or `sandbox`.
    pub environment: String,
    /// `exploration`, `pilot` or `production`.
    pub stage: String,
    /// `premium`, `standard` or `economy`.
    pub model_tier: String,
    /// Provider ids or names.
    pub allowed_providers: Vec<String>,
    /// `public`, `internal`, `confidential` or `restricted`.
    pub data_classification: String,
    /// ISO-4217 code of the money fields; empty for the base currency.
    pub currency: String,
    /// Monthly budget cap.
    pub budget_cap: String,
    /// Expected monthly run rate.
    pub expected_run_rate: String,
    /// Expected monthly benefit.
    pub forecast_benefit: String,
    /// Retention rule.
    pub retention_rule: String,
    /// Approval reference.
    pub approval_reference: String,
    /// Review date, YYYY-MM-DD.
    pub review_date: String,
}

/// A checked service code, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceCodeDraft {
    /// The code.
    pub code: String,
    /// What the workload does.
    pub description: String,
    /// Department as typed (the store resolves names and aliases).
    pub department: String,
    /// Business owner.
    pub business_owner: Option<String>,
    /// Technical owner.
    pub technical_owner: Option<String>,
    /// Cost centre code.
    pub cost_centre: Option<String>,
    /// Environment.
    pub environment: Environment,
    /// Stage.
    pub stage: Stage,
    /// Model tier.
    pub model_tier: ModelTier,
    /// Allowed providers, sorted, without repeats.
    pub allowed_providers: Vec<Provider>,
    /// Data classification.
    pub data_classification: DataClass,
    /// Currency of the money fields.
    pub currency: Currency,
    /// Monthly budget cap.
    pub budget_cap: Option<Decimal>,
    /// Expected monthly run rate.
    pub expected_run_rate: Option<Decimal>,
    /// Expected monthly benefit.
    pub forecast_benefit: Option<Decimal>,
    /// Retention rule.
    pub retention_rule: Option<String>,
    /// Approval reference.
    pub approval_reference: Option<String>,
    /// Review date.
    pub review_date: Option<NaiveDate>,
}

/// Changes to apply to a stored code; `None` leaves a field as it is and an empty
/// string clears an optional field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct ServiceCodePatch {
    /// New description.
    pub description: Option<String>,
    /// New department (name or alias).
    pub department: Option<String>,
    /// New business owner.
    pub business_owner: Option<String>,
    /// New technical owner.
    pub technical_owner: Option<String>,
    /// New cost centre.
    pub cost_centre: Option<String>,
    /// New environment.
    pub environment: Option<String>,
    /// New stage.
    pub stage: Option<String>,
    /// New model tier.
    pub model_tier: Option<String>,
    /// New allowed providers (replaces the list).
    pub allowed_providers: Option<Vec<String>>,
    /// New data classification.
    pub data_classification: Option<String>,
    /// New currency.
    pub currency: Option<String>,
    /// New budget cap.
    pub budget_cap: Option<String>,
    /// New expected run rate.
    pub expected_run_rate: Option<String>,
    /// New forecast benefit.
    pub forecast_benefit: Option<String>,
    /// New retention rule.
    pub retention_rule: Option<String>,
    /// New approval reference.
    pub approval_reference: Option<String>,
    /// New review date.
    pub review_date: Option<String>,
}

impl ServiceCode {
    /// The stored code as form input, for editing.
    pub fn to_input(&self) -> ServiceCodeInput {
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        let amount = |v: &Option<Decimal>| v.map(|d| d.normalize().to_string()).unwrap_or_default();
        ServiceCodeInput {
            code: self.code.clone(),
            description: self.description.clone(),
            department: self.department.clone(),
            business_owner: text(&self.business_owner),
            technical_owner: text(&self.technical_owner),
            cost_centre: text(&self.cost_centre),
            environment: self.environment.as_str().to_string(),
            stage: self.stage.as_str().to_string(),
            model_tier: self.model_tier.as_str().to_string(),
            allowed_providers: self
                .allowed_providers
                .iter()
                .map(|p| p.id().to_string())
                .collect(),
            data_classification: self.data_classification.as_str().to_string(),
            currency: self.currency.code().to_string(),
            budget_cap: amount(&self.budget_cap),
            expected_run_rate: amount(&self.expected_run_rate),
            forecast_benefit: amount(&self.forecast_benefit),
            retention_rule: text(&self.retention_rule),
            approval_reference: text(&self.approval_reference),
            review_date: self.review_date.map(|d| d.to_string()).unwrap_or_default(),
        }
    }
}

impl ServiceCodeDraft {
    /// Whether storing this draft would leave `code` exactly as it is, given the
    /// name of the department the draft's department resolved to.
    pub fn same_as(&self, code: &ServiceCode, department_name: &str) -> bool {
        self.code == code.code
            && self.description == code.description
            && department_name == code.department
            && self.business_owner == code.business_owner
            && self.technical_owner == code.technical_owner
            && self.cost_centre.as_deref().map(str::to_lowercase)
                == code.cost_centre.as_deref().map(str::to_lowercase)
            && self.environment == code.environment
            && self.stage == code.stage
            && self.model_tier == code.model_tier
            && self.allowed_providers == code.allowed_providers
            && self.data_classification == code.data_classification
            && self.currency == code.currency
            && self.budget_cap.map(|d| d.normalize()) == code.budget_cap.map(|d| d.normalize())
            && self.expected_run_rate.map(|d| d.normalize())
                == code.expected_run_rate.map(|d| d.normalize())
            && self.forecast_benefit.map(|d| d.normalize())
                == code.forecast_benefit.map(|d| d.normalize())
            && self.retention_rule == code.retention_rule
            && self.approval_reference == code.approval_reference
            && self.review_date == code.review_date
    }
}

impl ServiceCodePatch {
    /// Applies the patch to `input`.
    pub fn apply(self, input: &mut ServiceCodeInput) {
        let set = |field: &mut String, value: Option<String>| {
            if let Some(v) = value {
                *field = v;
            }
        };
        set(&mut input.description, self.description);
        set(&mut input.department, self.department);
        set(&mut input.business_owner, self.business_owner);
        set(&mut input.technical_owner, self.technical_owner);
        set(&mut input.cost_centre, self.cost_centre);
        set(&mut input.environment, self.environment);
        set(&mut input.stage, self.stage);
        set(&mut input.model_tier, self.model_tier);
        set(&mut input.data_classification, self.data_classification);
        set(&mut input.currency, self.currency);
        set(&mut input.budget_cap, self.budget_cap);
        set(&mut input.expected_run_rate, self.expected_run_rate);
        set(&mut input.forecast_benefit, self.forecast_benefit);
        set(&mut input.retention_rule, self.retention_rule);
        set(&mut input.approval_reference, self.approval_reference);
        set(&mut input.review_date, self.review_date);
        if let Some(providers) = self.allowed_providers {
            input.allowed_providers = providers;
        }
    }
}

/// The code rule, in words, for messages and help text.
pub const CODE_RULE: &str = "lowercase letters, digits and hyphens in function-process-environment \
style, 3–40 characters, starting with a letter (for example fin-ap-query-prod)";

/// Checks the code's format (not its uniqueness, which needs the store).
pub fn check_code(code: &str) -> Vec<FieldIssue> {
    let mut issues = Vec::new();
    let len = code.chars().count();
    let well_formed = (3..=40).contains(&len)
        && code.starts_with(|c: char| c.is_ascii_lowercase())
        && code
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && code.contains('-')
        && !code.ends_with('-')
        && !code.contains("--");
    if code.is_empty() {
        issues.push(FieldIssue::error("code", "A service code is required"));
    } else if !well_formed {
        let hint = if code.chars().any(|c| c.is_ascii_uppercase()) {
            format!(" — try '{}'", code.to_lowercase())
        } else {
            String::new()
        };
        issues.push(FieldIssue::error(
            "code",
            format!("'{code}' breaks the code rule: {CODE_RULE}{hint}"),
        ));
    } else if let Some(word) = code
        .split('-')
        .find(|segment| VENDOR_AND_MODEL_WORDS.contains(segment))
    {
        issues.push(FieldIssue::warning(
            "code",
            format!(
                "'{word}' names a vendor or model; codes outlive model changes, so record providers \
                 under allowed providers instead"
            ),
        ));
    }
    issues
}

fn optional_text(
    value: &str,
    field: &str,
    max: usize,
    issues: &mut Vec<FieldIssue>,
) -> Option<String> {
    let trimmed = value.trim();
    if trimmed.chars().count() > max {
        issues.push(FieldIssue::error(
            field,
            format!("{} is longer than {max} characters", label(field)),
        ));
    }
    (!trimmed.is_empty()).then(|| trimmed.to_string())
}

fn label(field: &str) -> &'static str {
    match field {
        "code" => "Code",
        "description" => "Description",
        "department" => "Department",
        "business_owner" => "Business owner",
        "technical_owner" => "Technical owner",
        "cost_centre" => "Cost centre",
        "environment" => "Environment",
        "stage" => "Stage",
        "model_tier" => "Model tier",
        "allowed_providers" => "Allowed providers",
        "data_classification" => "Data classification",
        "currency" => "Currency",
        "budget_cap" => "Monthly budget cap",
        "expected_run_rate" => "Expected monthly run rate",
        "forecast_benefit" => "Forecast monthly benefit",
        "retention_rule" => "Retention rule",
        "approval_reference" => "Approval reference",
        "review_date" => "Review date",
        _ => "Field",
    }
}

fn required_enum<T>(
    value: &str,
    field: &str,
    parse: fn(&str) -> Option<T>,
    allowed: &str,
    issues: &mut Vec<FieldIssue>,
) -> Option<T> {
    if value.trim().is_empty() {
        issues.push(FieldIssue::error(
            field,
            format!("{} is required ({allowed})", label(field)),
        ));
        return None;
    }
    let parsed = parse(value);
    if parsed.is_none() {
        issues.push(FieldIssue::error(
            field,
            format!(
                "{} '{}' is not one of {allowed}",
                label(field),
                value.trim()
            ),
        ));
    }
    parsed
}

fn optional_amount(
    value: &str,
    field: &str,
    currency: Option<Currency>,
    issues: &mut Vec<FieldIssue>,
) -> Option<Decimal> {
    if value.trim().is_empty() {
        return None;
    }
    match parse_amount(value) {
        Ok(parsed) => {
            if let (Some(named), Some(expected)) = (parsed.currency, currency)
                && named != expected
            {
                issues.push(FieldIssue::error(
                    field,
                    format!(
                        "{} is in {named} but the code's currency is {expected}",
                        label(field)
                    ),
                ));
            }
            if parsed.value.is_sign_negative() && !parsed.value.is_zero() {
                issues.push(FieldIssue::error(
                    field,
                    format!("{} cannot be negative", label(field)),
                ));
            }
            if crate::money::to_nanos(parsed.value).is_err() {
                issues.push(FieldIssue::error(
                    field,
                    format!(
                        "{} '{}' is too large or too precise",
                        label(field),
                        value.trim()
                    ),
                ));
            }
            Some(parsed.value)
        }
        Err(_) => {
            issues.push(FieldIssue::error(
                field,
                format!("{} '{}' is not a number", label(field), value.trim()),
            ));
            None
        }
    }
}

/// Checks a service code as typed. `base_currency` stands in for an empty
/// currency; `today` is used to warn about review dates in the past.
///
/// Returns the checked draft when there is no blocking issue, and every issue
/// found (blocking or not) either way.
pub fn validate(
    input: &ServiceCodeInput,
    base_currency: Currency,
    today: NaiveDate,
) -> (Option<ServiceCodeDraft>, Vec<FieldIssue>) {
    let mut issues = Vec::new();
    let code = input.code.trim().to_string();
    issues.extend(check_code(&code));

    let description = input.description.trim().to_string();
    if description.is_empty() {
        issues.push(FieldIssue::error(
            "description",
            "Describe what the workload does",
        ));
    } else if description.chars().count() > 300 {
        issues.push(FieldIssue::error(
            "description",
            "Description is longer than 300 characters",
        ));
    }
    let department = input.department.trim().to_string();
    if department.is_empty() {
        issues.push(FieldIssue::error(
            "department",
            "Choose the owning department",
        ));
    }
    let business_owner = optional_text(&input.business_owner, "business_owner", 120, &mut issues);
    let technical_owner =
        optional_text(&input.technical_owner, "technical_owner", 120, &mut issues);
    let cost_centre = optional_text(&input.cost_centre, "cost_centre", 40, &mut issues);
    let retention_rule = optional_text(&input.retention_rule, "retention_rule", 300, &mut issues);
    let approval_reference = optional_text(
        &input.approval_reference,
        "approval_reference",
        120,
        &mut issues,
    );

    let environment = required_enum(
        &input.environment,
        "environment",
        Environment::parse,
        "production, staging, development or sandbox",
        &mut issues,
    );
    let stage = required_enum(
        &input.stage,
        "stage",
        Stage::parse,
        "exploration, pilot or production",
        &mut issues,
    );
    let model_tier = required_enum(
        &input.model_tier,
        "model_tier",
        ModelTier::parse,
        "premium, standard or economy",
        &mut issues,
    );
    let data_classification = required_enum(
        &input.data_classification,
        "data_classification",
        DataClass::parse,
        "public, internal, confidential or restricted",
        &mut issues,
    );

    let mut allowed_providers = Vec::new();
    for text in input
        .allowed_providers
        .iter()
        .filter(|t| !t.trim().is_empty())
    {
        match Provider::parse(text) {
            Some(p) => allowed_providers.push(p),
            None => issues.push(FieldIssue::error(
                "allowed_providers",
                format!(
                    "'{}' is not a provider Runrate knows (use {})",
                    text.trim(),
                    Provider::ALL
                        .iter()
                        .map(|p| p.id())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )),
        }
    }
    allowed_providers.sort();
    allowed_providers.dedup();

    let currency = if input.currency.trim().is_empty() {
        Some(base_currency)
    } else {
        match Currency::parse(&input.currency) {
            Ok(c) => Some(c),
            Err(e) => {
                issues.push(FieldIssue::error("currency", e.to_string()));
                None
            }
        }
    };
    let budget_cap = optional_amount(&input.budget_cap, "budget_cap", currency, &mut issues);
    let expected_run_rate = optional_amount(
        &input.expected_run_rate,
        "expected_run_rate",
        currency,
        &mut issues,
    );
    let forecast_benefit = optional_amount(
        &input.forecast_benefit,
        "forecast_benefit",
        currency,
        &mut issues,
    );

    let review_date = if input.review_date.trim().is_empty() {
        None
    } else {
        match NaiveDate::parse_from_str(input.review_date.trim(), "%Y-%m-%d") {
            Ok(d) => {
                if d < today {
                    issues.push(FieldIssue::warning(
                        "review_date",
                        format!("The review date {d} has passed; the code is due for review"),
                    ));
                }
                Some(d)
            }
            Err(_) => {
                issues.push(FieldIssue::error(
                    "review_date",
                    format!(
                        "Review date '{}' is not a date (use YYYY-MM-DD)",
                        input.review_date.trim()
                    ),
                ));
                None
            }
        }
    };

    // Stage rules.
    if let Some(stage) = stage {
        let name = stage.as_str();
        if matches!(stage, Stage::Pilot | Stage::Production) {
            if business_owner.is_none() {
                issues.push(FieldIssue::error(
                    "business_owner",
                    format!("A {name} service code needs a named business owner"),
                ));
            }
            if expected_run_rate.is_none() {
                issues.push(FieldIssue::error(
                    "expected_run_rate",
                    format!("A {name} service code needs an expected monthly run rate"),
                ));
            }
        }
        if stage == Stage::Production {
            if cost_centre.is_none() {
                issues.push(FieldIssue::error(
                    "cost_centre",
                    "A production service code needs a cost centre",
                ));
            }
            if budget_cap.is_none() {
                issues.push(FieldIssue::error(
                    "budget_cap",
                    "A production service code needs a monthly budget cap",
                ));
            }
            if review_date.is_none() {
                issues.push(FieldIssue::warning(
                    "review_date",
                    "Production codes are usually reviewed monthly; set a review date",
                ));
            }
            if matches!(
                data_classification,
                Some(DataClass::Confidential | DataClass::Restricted)
            ) && approval_reference.is_none()
            {
                issues.push(FieldIssue::warning(
                    "approval_reference",
                    "Confidential or restricted data in production usually needs an approval reference",
                ));
            }
        }
    }
    if let (Some(cap), Some(rate)) = (budget_cap, expected_run_rate)
        && rate > cap
    {
        issues.push(FieldIssue::warning(
            "expected_run_rate",
            "The expected run rate is above the budget cap",
        ));
    }

    let blocked = issues
        .iter()
        .any(|i| i.severity == crate::error::Severity::Error);
    let draft = match (
        blocked,
        environment,
        stage,
        model_tier,
        data_classification,
        currency,
    ) {
        (
            false,
            Some(environment),
            Some(stage),
            Some(model_tier),
            Some(data_classification),
            Some(currency),
        ) => Some(ServiceCodeDraft {
            code,
            description,
            department,
            business_owner,
            technical_owner,
            cost_centre,
            environment,
            stage,
            model_tier,
            allowed_providers,
            data_classification,
            currency,
            budget_cap,
            expected_run_rate,
            forecast_benefit,
            retention_rule,
            approval_reference,
            review_date,
        }),
        _ => None,
    };
    (draft, issues)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Severity;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
    }

    fn exploration() -> ServiceCodeInput {
        ServiceCodeInput {
            code: "ops-ai-lab-2026".into(),
            description: "Operations experiments".into(),
            department: "Operations".into(),
            environment: "sandbox".into(),
            stage: "exploration".into(),
            model_tier: "standard".into(),
            data_classification: "internal".into(),
            ..Default::default()
        }
    }

    fn errors(issues: &[FieldIssue]) -> Vec<(&str, &str)> {
        issues
            .iter()
            .filter(|i| i.severity == Severity::Error)
            .map(|i| (i.field.as_str(), i.message.as_str()))
            .collect()
    }

    #[test]
    fn well_formed_codes_pass_and_others_name_the_rule() {
        for ok in [
            "fin-ap-query-prod",
            "cs-case-summary-prod",
            "ops-ai-lab-2026",
            "mkt-x",
        ] {
            assert!(check_code(ok).is_empty(), "{ok} should pass");
        }
        for bad in [
            "Fin-AP", "fin", "fin_ap", "-fin-ap", "fin-ap-", "fin--ap", "1fin-ap", "ab", "",
        ] {
            let issues = check_code(bad);
            assert_eq!(issues.len(), 1, "{bad} should be refused");
            assert_eq!(issues[0].severity, Severity::Error);
        }
        let issues = check_code("Fin-AP");
        assert!(
            issues[0].message.contains("breaks the code rule"),
            "{}",
            issues[0].message
        );
        assert!(
            issues[0].message.contains("try 'fin-ap'"),
            "{}",
            issues[0].message
        );
        let long = format!("a-{}", "b".repeat(39));
        assert_eq!(
            check_code(&long)[0].severity,
            Severity::Error,
            "41 characters is too long"
        );
    }

    #[test]
    fn vendor_names_in_codes_are_flagged_not_refused() {
        let issues = check_code("cs-gpt-summary-prod");
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].severity, Severity::Warning);
        assert!(issues[0].message.contains("'gpt'"));
    }

    #[test]
    fn an_exploration_code_needs_only_the_basics() {
        let (draft, issues) = validate(&exploration(), Currency::GBP, today());
        assert!(errors(&issues).is_empty(), "{issues:?}");
        let draft = draft.expect("valid");
        assert_eq!(
            draft.currency,
            Currency::GBP,
            "empty currency means the base currency"
        );
        assert_eq!(draft.stage, Stage::Exploration);
    }

    #[test]
    fn pilot_needs_owner_and_run_rate() {
        let mut input = exploration();
        input.stage = "pilot".into();
        let (draft, issues) = validate(&input, Currency::GBP, today());
        assert!(draft.is_none());
        assert_eq!(
            errors(&issues),
            vec![
                (
                    "business_owner",
                    "A pilot service code needs a named business owner"
                ),
                (
                    "expected_run_rate",
                    "A pilot service code needs an expected monthly run rate"
                ),
            ]
        );
        input.business_owner = "Priya Shah".into();
        input.expected_run_rate = "£450".into();
        let (draft, issues) = validate(&input, Currency::GBP, today());
        assert!(errors(&issues).is_empty(), "{issues:?}");
        assert_eq!(draft.unwrap().expected_run_rate, Some(Decimal::from(450)));
    }

    #[test]
    fn production_also_needs_cost_centre_and_budget_cap() {
        let mut input = exploration();
        input.code = "cs-case-summary-prod".into();
        input.stage = "production".into();
        input.environment = "prod".into();
        input.business_owner = "Dana Lee".into();
        input.expected_run_rate = "1200".into();
        let (_, issues) = validate(&input, Currency::GBP, today());
        assert_eq!(
            errors(&issues),
            vec![
                (
                    "cost_centre",
                    "A production service code needs a cost centre"
                ),
                (
                    "budget_cap",
                    "A production service code needs a monthly budget cap"
                ),
            ]
        );
        input.cost_centre = "CC-4102".into();
        input.budget_cap = "1,500.00".into();
        input.review_date = "2026-12-31".into();
        let (draft, issues) = validate(&input, Currency::GBP, today());
        assert!(issues.is_empty(), "{issues:?}");
        let draft = draft.unwrap();
        assert_eq!(
            draft.environment,
            Environment::Production,
            "'prod' is a synonym"
        );
        assert_eq!(draft.budget_cap, Some(Decimal::from(1500)));
    }

    #[test]
    fn bad_amounts_dates_and_currencies_are_named() {
        let mut input = exploration();
        input.budget_cap = "12,0.5".into();
        input.review_date = "31/12/2026".into();
        input.currency = "XYZ".into();
        input.forecast_benefit = "-5".into();
        let (draft, issues) = validate(&input, Currency::GBP, today());
        assert!(draft.is_none());
        let errs = errors(&issues);
        assert!(
            errs.contains(&("budget_cap", "Monthly budget cap '12,0.5' is not a number")),
            "{errs:?}"
        );
        assert!(errs.contains(&(
            "review_date",
            "Review date '31/12/2026' is not a date (use YYYY-MM-DD)"
        )));
        assert!(errs.contains(&("currency", "'XYZ' is not a known ISO-4217 currency code")));
        assert!(errs.contains(&(
            "forecast_benefit",
            "Forecast monthly benefit cannot be negative"
        )));
    }

    #[test]
    fn an_amount_in_another_currency_is_refused() {
        let mut input = exploration();
        input.currency = "GBP".into();
        input.budget_cap = "$100".into();
        let (_, issues) = validate(&input, Currency::GBP, today());
        assert_eq!(
            errors(&issues),
            vec![(
                "budget_cap",
                "Monthly budget cap is in USD but the code's currency is GBP"
            )]
        );
    }

    #[test]
    fn patch_changes_only_what_it_names() {
        let mut input = exploration();
        ServiceCodePatch {
            business_owner: Some("Sam".into()),
            allowed_providers: Some(vec!["openai".into()]),
            ..Default::default()
        }
        .apply(&mut input);
        assert_eq!(input.business_owner, "Sam");
        assert_eq!(input.allowed_providers, vec!["openai".to_string()]);
        assert_eq!(input.description, "Operations experiments");
    }
}
